// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tc: count what arrives on an interface's tc ingress hook, per IP protocol */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "tc.h"

#define ETH_P_IP	0x0800
#define ETH_HLEN	14
#define TC_ACT_OK	0

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 packets[PROTO_MAX];
__u64 bytes;

/*
 * The IPv4 protocol of the packet, -1 for anything else. A global
 * subprogram whose context argument is "void *ctx __arg_ctx": kernels
 * before 6.8 take it as the skb only after the loader's rewrite.
 */
__noinline int ip_protocol(void *ctx __arg_ctx)
{
	__u16 eth_proto = 0;
	__u8 proto = 0;

	if (bpf_skb_load_bytes(ctx, 12, &eth_proto, sizeof(eth_proto)) ||
	    eth_proto != bpf_htons(ETH_P_IP))
		return -1;
	if (bpf_skb_load_bytes(ctx, ETH_HLEN + 9, &proto, sizeof(proto)))
		return -1;
	return proto;
}

SEC("tc")
int tc_ingress(struct __sk_buff *skb)
{
	int proto = ip_protocol(skb);
	int idx = proto == 1 ? PROTO_ICMP : proto == 6 ? PROTO_TCP :
		  proto == 17 ? PROTO_UDP : PROTO_OTHER;

	__sync_fetch_and_add(&packets[idx], 1);
	__sync_fetch_and_add(&bytes, skb->len);
	return TC_ACT_OK;
}
