// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Untyped __ksym variables, for prog_tests/ksyms.c: the loader puts the
 * /proc/kallsyms address of do_unlinkat in the instruction, and a weak
 * one the kernel lacks reads as 0. Typed ones are in
 * test_ksyms_percpu.c: an object whose typed ksym the kernel lacks does
 * not load at all, whichever programs are switched on.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

extern const void do_unlinkat __ksym;
extern const void objtest_no_such_ksym __ksym __weak;

__u64 unlink_addr, missing_addr;

SEC("tc")
int tc_untyped(struct __sk_buff *skb)
{
	unlink_addr = (__u64)&do_unlinkat;
	missing_addr = (__u64)&objtest_no_such_ksym;
	return 0;
}
