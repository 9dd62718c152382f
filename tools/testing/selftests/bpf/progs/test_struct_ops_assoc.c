// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * For prog_tests/struct_ops_assoc.c: two SEC(".struct_ops.link") TCP
 * congestion controls (never attached, so never registered), a syscall
 * program to associate with one of them, and a global variable, so that
 * the object also has a map that is not a struct_ops map.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

__u64 runs;

SEC("struct_ops/assoc_ssthresh")
__u32 BPF_PROG(assoc_ssthresh, struct sock *sk)
{
	return 2;
}

SEC("struct_ops/assoc_cong_avoid")
void BPF_PROG(assoc_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC("struct_ops/assoc_undo_cwnd")
__u32 BPF_PROG(assoc_undo_cwnd, struct sock *sk)
{
	return ((struct tcp_sock *)sk)->snd_cwnd;
}

SEC("syscall")
int assoc_user(void *ctx)
{
	runs++;
	return 0;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops assoc_a = {
	.ssthresh	= (void *)assoc_ssthresh,
	.cong_avoid	= (void *)assoc_cong_avoid,
	.undo_cwnd	= (void *)assoc_undo_cwnd,
	.name		= "bpf_objtest_as",
};

SEC(".struct_ops.link")
struct tcp_congestion_ops assoc_b = {
	.ssthresh	= (void *)assoc_ssthresh,
	.cong_avoid	= (void *)assoc_cong_avoid,
	.undo_cwnd	= (void *)assoc_undo_cwnd,
	.name		= "bpf_objtest_as",
};
