// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A call to a kfunc no kernel has, declared without __weak: the load
 * must fail and name the kfunc (prog_tests/kfuncs.c).
 */
#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

extern void bpf_objtest_missing_kfunc(void) __ksym;

SEC("tc")
int tc_call_missing(struct __sk_buff *skb)
{
	bpf_objtest_missing_kfunc();
	return 0;
}
