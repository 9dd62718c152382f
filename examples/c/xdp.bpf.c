// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* xdp: count the packets an interface receives, per IP protocol, in XDP */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "tc.h"

#define ETH_P_IP	0x0800

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 packets[PROTO_MAX];

/*
 * The IPv4 protocol of the frame, -1 for anything else, by direct packet
 * access from a global subprogram taking "void *ctx __arg_ctx": before 6.8
 * the kernel sees struct xdp_md there only through the loader's rewrite.
 */
__noinline int frame_protocol(void *ctx __arg_ctx)
{
	struct xdp_md *xdp = ctx;
	void *data = (void *)(long)xdp->data;
	void *end = (void *)(long)xdp->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return -1;
	return ip->protocol;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	int proto = frame_protocol(ctx);
	int idx = proto == 1 ? PROTO_ICMP : proto == 6 ? PROTO_TCP :
		  proto == 17 ? PROTO_UDP : PROTO_OTHER;

	__sync_fetch_and_add(&packets[idx], 1);
	return XDP_PASS;
}
