// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The demo object: programs of several types call global subprograms
 * whose context argument is "void *ctx __arg_ctx". Kernels before 6.8
 * reject these programs unless the loader rewrites the argument's BTF
 * type to the context struct of each program type.
 *
 * The global subprograms do the counting: each event a program sees is
 * counted in counts[] by the subprogram it calls, under the index the
 * program passes (a scalar: kernels before 5.12 take no other pointer
 * argument than the context), once the subprogram's helper has read the
 * context. arg_ctx_demo.c attaches the programs and prints the counts.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* counts[] index of each program; arg_ctx_demo.c has the same list */
enum {
	DEMO_KPROBE,
	DEMO_RAW_TP,
	DEMO_PERF_EVENT,
	DEMO_TC,
	DEMO_SOCKET,
	DEMO_CGROUP_SKB,
	DEMO_XDP,
	DEMO_NR,
};

__u64 counts[DEMO_NR];

/* the tracing programs count only events of this process (0: any) */
const volatile __u32 demo_pid;

static __always_inline bool wanted(void)
{
	return !demo_pid || bpf_get_current_pid_tgid() >> 32 == demo_pid;
}

static __always_inline void count(__u32 which)
{
	if (which < DEMO_NR)
		__sync_fetch_and_add(&counts[which], 1);
}

/* tracing programs: the stack of the event, from the context */
__noinline int trace_stack(void *ctx __arg_ctx, __u32 which)
{
	__u64 stack[4] = {};	/* 6.1 wants the buffer initialised */
	long n = bpf_get_stack(ctx, stack, sizeof(stack), 0);

	if (n < 0)
		return 0;
	count(which);
	return n;
}

/* every __sk_buff program: the first byte of the packet */
__noinline int skb_first_byte(void *ctx __arg_ctx, __u32 which)
{
	__u8 b = 0;

	if (bpf_skb_load_bytes(ctx, 0, &b, 1))
		return -1;
	count(which);
	return b;
}

/* already typed as the kernel wants it: nothing to rewrite */
__noinline int skb_len(struct __sk_buff *skb __arg_ctx)
{
	return skb->len;
}

__noinline int xdp_first_byte(void *ctx __arg_ctx, __u32 which)
{
	__u8 b = 0;

	if (bpf_xdp_load_bytes(ctx, 0, &b, 1))
		return -1;
	count(which);
	return b;
}

SEC("kprobe/do_nanosleep")
int demo_kprobe(struct pt_regs *ctx)
{
	if (!wanted())
		return 0;
	return trace_stack(ctx, DEMO_KPROBE) < 0;
}

SEC("raw_tp/sys_enter")
int demo_raw_tp(void *ctx)
{
	if (!wanted())
		return 0;
	return trace_stack(ctx, DEMO_RAW_TP) < 0;
}

SEC("perf_event")
int demo_perf_event(struct bpf_perf_event_data *ctx)
{
	if (!wanted())
		return 0;
	return trace_stack(ctx, DEMO_PERF_EVENT) < 0;
}

SEC("tc")
int demo_tc(struct __sk_buff *skb)
{
	return skb_first_byte(skb, DEMO_TC) < 0 || skb_len(skb) < 0;
}

/* a socket filter keeps what it returns: the whole packet */
SEC("socket")
int demo_socket(struct __sk_buff *skb)
{
	return skb_first_byte(skb, DEMO_SOCKET) < 0 ? 0 : skb_len(skb);
}

/* 1: let the packet through */
SEC("cgroup_skb/ingress")
int demo_cgroup_skb(struct __sk_buff *skb)
{
	return skb_first_byte(skb, DEMO_CGROUP_SKB) >= -1;
}

SEC("xdp")
int demo_xdp(struct xdp_md *ctx)
{
	return xdp_first_byte(ctx, DEMO_XDP) < 0 ? XDP_DROP : XDP_PASS;
}
