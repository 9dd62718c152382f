// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A program the verifier rejects only at its end, after thousands of
 * instructions: its log at level 1 is far bigger than the first buffer
 * the library tries.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("socket")
int big_log_fail(struct __sk_buff *skb)
{
	volatile __u64 acc = 0;

#pragma clang loop unroll(full)
	for (int i = 0; i < 3000; i++)
		acc += i;
	/* a scalar used as a pointer: refused here, at the very end */
	return *(int *)(long)acc;
}
