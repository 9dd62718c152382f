// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * sockfilter: a socket filter on a raw packet socket that reports every
 * IPv4 packet's protocol and addresses through a ring buffer, and passes
 * nothing on to the socket itself
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "sockfilter.h"

#define ETH_P_IP	0x0800
#define ETH_HLEN	14

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* fills e from the packet; the context argument is rewritten before 6.8 */
__noinline int parse_ipv4(void *ctx __arg_ctx, struct sockfilter_event *e)
{
	__u16 eth_proto = 0;

	if (!e || bpf_skb_load_bytes(ctx, 12, &eth_proto, sizeof(eth_proto)) ||
	    eth_proto != bpf_htons(ETH_P_IP))
		return -1;
	if (bpf_skb_load_bytes(ctx, ETH_HLEN + 9, &e->proto, sizeof(e->proto)) ||
	    bpf_skb_load_bytes(ctx, ETH_HLEN + 12, &e->saddr, sizeof(e->saddr)) ||
	    bpf_skb_load_bytes(ctx, ETH_HLEN + 16, &e->daddr, sizeof(e->daddr)))
		return -1;
	return 0;
}

SEC("socket")
int sockfilter(struct __sk_buff *skb)
{
	struct sockfilter_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	if (parse_ipv4(skb, e)) {
		bpf_ringbuf_discard(e, 0);
		return 0;
	}
	e->len = skb->len;
	bpf_ringbuf_submit(e, 0);
	return 0;
}
