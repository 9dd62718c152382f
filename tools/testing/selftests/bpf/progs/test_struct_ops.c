// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A struct_ops map: a TCP congestion control (Reno-like) whose callbacks
 * are BPF programs. The map's value is a struct tcp_congestion_ops laid
 * out in the .struct_ops section; relocations there point function
 * members at the programs, and the loader translates the whole value to
 * the kernel's struct bpf_struct_ops_tcp_congestion_ops layout found in
 * vmlinux BTF. A callback the map does not use (objtest_unused) stays
 * a program of its own, with autoload off: alone it has nothing to
 * attach to.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

/* tcp_congestion_ops callbacks see a struct sock the kernel treats as
 * struct tcp_sock
 */
static __always_inline struct tcp_sock *to_tcp(struct sock *sk)
{
	return (struct tcp_sock *)sk;
}

SEC("struct_ops/objtest_ssthresh")
__u32 BPF_PROG(objtest_ssthresh, struct sock *sk)
{
	const struct tcp_sock *tp = to_tcp(sk);
	__u32 half = tp->snd_cwnd >> 1;

	return half > 2 ? half : 2;
}

SEC("struct_ops/objtest_cong_avoid")
void BPF_PROG(objtest_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	struct tcp_sock *tp = to_tcp(sk);

	if (!acked)
		return;
	if (tp->snd_cwnd < tp->snd_ssthresh) {
		tp->snd_cwnd += 1;
		return;
	}
	tp->snd_cwnd_cnt += acked;
	if (tp->snd_cwnd_cnt >= tp->snd_cwnd) {
		tp->snd_cwnd_cnt = 0;
		tp->snd_cwnd += 1;
	}
}

SEC("struct_ops/objtest_undo_cwnd")
__u32 BPF_PROG(objtest_undo_cwnd, struct sock *sk)
{
	return to_tcp(sk)->snd_cwnd;
}

SEC("?struct_ops/objtest_unused")
void BPF_PROG(objtest_unused, struct sock *sk, __u8 new_state)
{
}

SEC(".struct_ops")
struct tcp_congestion_ops objtest_reno = {
	.ssthresh	= (void *)objtest_ssthresh,
	.cong_avoid	= (void *)objtest_cong_avoid,
	.undo_cwnd	= (void *)objtest_undo_cwnd,
	.name		= "bpf_objtest",
};
