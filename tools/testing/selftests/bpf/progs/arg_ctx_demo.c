// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The demo object: programs of several types call global subprograms
 * whose context argument is "void *ctx __arg_ctx". Kernels before 6.8
 * reject these programs unless the loader rewrites the argument's BTF
 * type to the context struct of each program type.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 events;

/* tracing programs: the stack of the event, from the context */
__noinline int trace_stack(void *ctx __arg_ctx)
{
	__u64 stack[4] = {};	/* 6.1 wants the buffer initialised */
	long n = bpf_get_stack(ctx, stack, sizeof(stack), 0);

	__sync_fetch_and_add(&events, 1);
	return n < 0 ? 0 : n;
}

/* every __sk_buff program: the first byte of the packet */
__noinline int skb_first_byte(void *ctx __arg_ctx)
{
	__u8 b = 0;

	if (bpf_skb_load_bytes(ctx, 0, &b, 1))
		return -1;
	return b;
}

/* already typed as the kernel wants it: nothing to rewrite */
__noinline int skb_len(struct __sk_buff *skb __arg_ctx)
{
	return skb->len;
}

__noinline int xdp_first_byte(void *ctx __arg_ctx)
{
	__u8 b = 0;

	if (bpf_xdp_load_bytes(ctx, 0, &b, 1))
		return -1;
	return b;
}

SEC("kprobe/do_nanosleep")
int demo_kprobe(struct pt_regs *ctx)
{
	return trace_stack(ctx) < 0;
}

SEC("raw_tp/sys_enter")
int demo_raw_tp(void *ctx)
{
	return trace_stack(ctx) < 0;
}

SEC("perf_event")
int demo_perf_event(struct bpf_perf_event_data *ctx)
{
	return trace_stack(ctx) < 0;
}

SEC("tc")
int demo_tc(struct __sk_buff *skb)
{
	return skb_first_byte(skb) < 0 || skb_len(skb) < 0;
}

SEC("socket")
int demo_socket(struct __sk_buff *skb)
{
	return skb_first_byte(skb) < 0 ? 0 : skb_len(skb);
}

SEC("cgroup_skb/ingress")
int demo_cgroup_skb(struct __sk_buff *skb)
{
	return skb_first_byte(skb) >= -1;
}

SEC("xdp")
int demo_xdp(struct xdp_md *ctx)
{
	return xdp_first_byte(ctx) < 0 ? XDP_DROP : XDP_PASS;
}
