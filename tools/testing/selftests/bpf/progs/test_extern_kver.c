// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * LINUX_KERNEL_VERSION alone, for prog_tests/externs.c: it needs no
 * kernel config file, so it resolves in a bare VM too, where the
 * CONFIG_* externs of test_externs.c cannot.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

extern __u32 LINUX_KERNEL_VERSION __kconfig;

__u32 kern_version;

SEC("tc")
int tc_kver(struct __sk_buff *skb)
{
	kern_version = LINUX_KERNEL_VERSION;
	return 0;
}
