// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* unit/test_linker.c: a license other than linker_lib.c's "GPL" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

SEC("raw_tp/sys_enter")
int bad_license(void *ctx)
{
	return 0;
}
