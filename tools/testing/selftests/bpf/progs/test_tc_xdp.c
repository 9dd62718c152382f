// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Counting programs for prog_tests/tc_xdp.c: tc classifiers and XDP
 * programs attached over netlink to a veth pair. Each counts the frames
 * whose ethertype is 0x88b5 (IEEE 802 local experimental, which nothing
 * else in a fresh network namespace sends) into its own .bss counter and
 * lets every frame through.
 *
 * The ethertype is read by global subprograms whose only argument is
 * "void *ctx __arg_ctx": kernels before 6.8 load them only after the
 * library rewrote the argument's type to the program type's context
 * struct, and kernels before 5.12 allow global subprograms no pointer
 * arguments but the context.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define ETH_P_TEST 0x88b5
#define ETH_HLEN_ 14
#define ETH_PROTO_OFF 12

__u64 ingress_pkts, ingress2_pkts, egress_pkts, xdp_pkts, xdp2_pkts;

/* 1 when the frame of a __sk_buff context carries ETH_P_TEST */
__noinline int skb_is_test_frame(void *ctx __arg_ctx)
{
	__be16 proto = 0;

	if (bpf_skb_load_bytes(ctx, ETH_PROTO_OFF, &proto, sizeof(proto)))
		return 0;
	return proto == bpf_htons(ETH_P_TEST);
}

/* the same for an xdp_md context, through the packet pointers */
__noinline int xdp_is_test_frame(void *ctx __arg_ctx)
{
	struct xdp_md *x = ctx;
	void *data = (void *)(long)x->data;
	void *data_end = (void *)(long)x->data_end;
	__u8 *p = data;

	if (data + ETH_HLEN_ > data_end)
		return 0;
	return ((p[ETH_PROTO_OFF] << 8) | p[ETH_PROTO_OFF + 1]) == ETH_P_TEST;
}

SEC("tc")
int tc_ingress_cnt(struct __sk_buff *skb)
{
	if (skb_is_test_frame(skb))
		__sync_fetch_and_add(&ingress_pkts, 1);
	return 0;	/* TC_ACT_OK */
}

SEC("tc")
int tc_egress_cnt(struct __sk_buff *skb)
{
	if (skb_is_test_frame(skb))
		__sync_fetch_and_add(&egress_pkts, 1);
	return 0;	/* TC_ACT_OK */
}

SEC("tc")
int tc_ingress_cnt2(struct __sk_buff *skb)
{
	if (skb_is_test_frame(skb))
		__sync_fetch_and_add(&ingress2_pkts, 1);
	return 0;	/* TC_ACT_OK */
}

SEC("xdp")
int xdp_cnt(struct xdp_md *ctx)
{
	if (xdp_is_test_frame(ctx))
		__sync_fetch_and_add(&xdp_pkts, 1);
	return XDP_PASS;
}

SEC("xdp")
int xdp_cnt2(struct xdp_md *ctx)
{
	if (xdp_is_test_frame(ctx))
		__sync_fetch_and_add(&xdp2_pkts, 1);
	return XDP_PASS;
}
