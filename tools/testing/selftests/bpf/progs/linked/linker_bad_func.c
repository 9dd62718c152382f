// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* unit/test_linker.c: declares linker_lib.c's lib_loop() with other types */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

extern long lib_loop(long n);

SEC("raw_tp/sys_enter")
int bad_func(void *ctx)
{
	return lib_loop(3);
}
