// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Maps that hold kernel objects for the networking fast paths: devmap and
 * devmap_hash (both value layouts), cpumap, xskmap, sockmap, sockhash and
 * the reuseport socket array, each used by a program of the type that
 * redirects into it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} tx_ports SEC(".maps");

/* the extended value lets an entry carry a program */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} tx_ports_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} cpus SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} sock_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} sock_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_REUSEPORT_SOCKARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} reuse_socks SEC(".maps");

SEC("xdp")
int xdp_redirect_all(struct xdp_md *ctx)
{
	__u32 q = ctx->rx_queue_index;

	if (bpf_map_lookup_elem(&xsks, &q))
		return bpf_redirect_map(&xsks, q, XDP_PASS);
	if (q & 1)
		return bpf_redirect_map(&cpus, q & 3, XDP_PASS);
	if (q & 2)
		return bpf_redirect_map(&tx_ports_hash, ctx->ingress_ifindex, XDP_PASS);
	return bpf_redirect_map(&tx_ports, 0, XDP_PASS);
}

SEC("sk_skb/stream_verdict")
int skb_to_sockmap(struct __sk_buff *skb)
{
	return bpf_sk_redirect_map(skb, &sock_map, skb->local_port & 15, 0);
}

SEC("sk_msg")
int msg_to_sockhash(struct sk_msg_md *msg)
{
	__u32 key = msg->local_port;

	return bpf_msg_redirect_hash(msg, &sock_hash, &key, 0);
}

SEC("sk_reuseport")
int reuseport_pick(struct sk_reuseport_md *ctx)
{
	__u32 idx = ctx->hash & 3;

	if (bpf_sk_select_reuseport(ctx, &reuse_socks, &idx, 0))
		return SK_DROP;
	return SK_PASS;
}
