// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Two SEC(".struct_ops.link") congestion controls of the same name for
 * prog_tests/struct_ops.c: attached through a BPF link (6.4+), and the
 * link switched from one to the other with bpf_link__update_map(). Each
 * counts the sockets it was initialized on.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

__u64 a_inits, b_inits;

SEC("struct_ops/link_ssthresh")
__u32 BPF_PROG(link_ssthresh, struct sock *sk)
{
	const struct tcp_sock *tp = (const struct tcp_sock *)sk;

	return tp->snd_cwnd > 4 ? tp->snd_cwnd >> 1 : 2;
}

SEC("struct_ops/link_cong_avoid")
void BPF_PROG(link_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	struct tcp_sock *tp = (struct tcp_sock *)sk;

	if (acked)
		tp->snd_cwnd += 1;
}

SEC("struct_ops/link_undo_cwnd")
__u32 BPF_PROG(link_undo_cwnd, struct sock *sk)
{
	return ((struct tcp_sock *)sk)->snd_cwnd;
}

SEC("struct_ops/link_init_a")
void BPF_PROG(link_init_a, struct sock *sk)
{
	__sync_fetch_and_add(&a_inits, 1);
}

SEC("struct_ops/link_init_b")
void BPF_PROG(link_init_b, struct sock *sk)
{
	__sync_fetch_and_add(&b_inits, 1);
}

SEC(".struct_ops.link")
struct tcp_congestion_ops ca_a = {
	.init		= (void *)link_init_a,
	.ssthresh	= (void *)link_ssthresh,
	.cong_avoid	= (void *)link_cong_avoid,
	.undo_cwnd	= (void *)link_undo_cwnd,
	.name		= "bpf_objtest_l",
};

SEC(".struct_ops.link")
struct tcp_congestion_ops ca_b = {
	.init		= (void *)link_init_b,
	.ssthresh	= (void *)link_ssthresh,
	.cong_avoid	= (void *)link_cong_avoid,
	.undo_cwnd	= (void *)link_undo_cwnd,
	.name		= "bpf_objtest_l",
};
