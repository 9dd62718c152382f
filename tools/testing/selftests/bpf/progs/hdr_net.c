// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Header coverage for networking programs: bpf_endian.h conversions (run
 * time, and constant ones in case labels and initializers), global
 * subprograms taking the context as "void *ctx __arg_ctx" from tc and
 * XDP, __arg_nonnull, bpf_tail_call_static() through a program array
 * initialized by name, and LIBBPF_PIN_NONE in a map definition.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char _license[] SEC("license") = "GPL";

/* UAPI constants: vmlinux.h has types, not macros */
#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86DD
#define TC_ACT_OK	0

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_NONE);
} hdr_proto_count SEC(".maps");

int hdr_tc_target(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, int (struct __sk_buff *));
} hdr_jmp_table SEC(".maps") = {
	.values = {
		[1] = (void *)&hdr_tc_target,
	},
};

/* big-endian constants computed at compile time */
const volatile __be32 hdr_loopback = __bpf_constant_htonl(0x7f000001);
const volatile __be16 hdr_ipv4_proto = bpf_htons(ETH_P_IP);

__u32 hdr_last_saddr;
__u16 hdr_last_tot_len;
__u64 hdr_be64_roundtrip;
__u32 hdr_tail_hits;
__u32 hdr_sub_proto;
__u32 hdr_xdp_len;

static __always_inline void count_proto(__u32 idx)
{
	__u64 *cnt = bpf_map_lookup_elem(&hdr_proto_count, &idx);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
}

/* global: verified once with ctx typed by the arg:ctx tag */
__noinline int hdr_skb_proto(void *ctx __arg_ctx)
{
	__be16 proto = 0;

	if (bpf_skb_load_bytes(ctx, offsetof(struct ethhdr, h_proto),
			       &proto, sizeof(proto)))
		return -1;
	return bpf_ntohs(proto);
}

__noinline int hdr_xdp_buff_len(void *ctx __arg_ctx)
{
	return bpf_xdp_get_buff_len(ctx);
}

__noinline int hdr_add_one(int *val __arg_nonnull)
{
	if (!val)	/* kept for kernels that ignore the tag */
		return 0;
	return *val + 1;
}

static __always_inline int parse_ipv4(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > data_end)
		return -1;
	hdr_last_saddr = bpf_ntohl(ip->saddr);
	hdr_last_tot_len = bpf_ntohs(ip->tot_len);
	if (ip->daddr == hdr_loopback)
		count_proto(3);
	return 0;
}

SEC("tc")
int hdr_tc_main(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	int one = 1;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;

	switch (eth->h_proto) {
	case bpf_htons(ETH_P_IP):
		count_proto(0);
		parse_ipv4(data, data_end);
		break;
	case bpf_htons(ETH_P_IPV6):
		count_proto(1);
		break;
	default:
		count_proto(2);
		break;
	}
	hdr_be64_roundtrip = bpf_be64_to_cpu(bpf_cpu_to_be64(skb->len));
	hdr_sub_proto = hdr_skb_proto(skb) + hdr_add_one(&one);

	bpf_tail_call_static(skb, &hdr_jmp_table, 1);
	return TC_ACT_OK;
}

SEC("tc")
int hdr_tc_target(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&hdr_tail_hits, 1);
	return TC_ACT_OK;
}

SEC("xdp")
int hdr_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == hdr_ipv4_proto)
		parse_ipv4(data, data_end);
	hdr_xdp_len = hdr_xdp_buff_len(ctx);
	return XDP_PASS;
}
