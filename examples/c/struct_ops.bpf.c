// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* struct_ops: a minimal Reno-like TCP congestion control written in BPF */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* how often the kernel called each callback */
__u64 init_calls, ssthresh_calls, cong_avoid_calls, undo_calls;

static inline struct tcp_sock *tcp_of(struct sock *sk)
{
	return (struct tcp_sock *)sk;
}

SEC("struct_ops")
void BPF_PROG(example_init, struct sock *sk)
{
	__sync_fetch_and_add(&init_calls, 1);
}

/* halve the window on loss, as Reno does */
SEC("struct_ops")
__u32 BPF_PROG(example_ssthresh, struct sock *sk)
{
	struct tcp_sock *tp = tcp_of(sk);
	__u32 half = tp->snd_cwnd >> 1;

	__sync_fetch_and_add(&ssthresh_calls, 1);
	return half > 2 ? half : 2;
}

/* slow start below ssthresh, then one segment per window of ACKs */
SEC("struct_ops")
void BPF_PROG(example_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	struct tcp_sock *tp = tcp_of(sk);

	__sync_fetch_and_add(&cong_avoid_calls, 1);
	if (tp->snd_cwnd >= tp->snd_cwnd_clamp)
		return;
	if (tp->snd_cwnd < tp->snd_ssthresh) {
		tp->snd_cwnd += acked;
		if (tp->snd_cwnd > tp->snd_cwnd_clamp)
			tp->snd_cwnd = tp->snd_cwnd_clamp;
		return;
	}
	if (++tp->snd_cwnd_cnt >= tp->snd_cwnd) {
		tp->snd_cwnd_cnt = 0;
		tp->snd_cwnd++;
	}
}

SEC("struct_ops")
__u32 BPF_PROG(example_undo_cwnd, struct sock *sk)
{
	struct tcp_sock *tp = tcp_of(sk);

	__sync_fetch_and_add(&undo_calls, 1);
	return tp->snd_cwnd > tp->prior_cwnd ? tp->snd_cwnd : tp->prior_cwnd;
}

SEC(".struct_ops")
struct tcp_congestion_ops example_cc = {
	.init		= (void *)example_init,
	.ssthresh	= (void *)example_ssthresh,
	.cong_avoid	= (void *)example_cong_avoid,
	.undo_cwnd	= (void *)example_undo_cwnd,
	.name		= "bpf_example",
};
