// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * One program per networking SEC() family: socket filters, XDP, tc, the
 * sockmap hooks, socket lookup and reuseport, flow dissector, lightweight
 * tunnels and sock_ops. Each returns the verdict that lets traffic through
 * and reads one context field, so it is a real program of its type.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define TC_ACT_OK	0

__u64 packets;

static __always_inline void count(__u32 len)
{
	if (len)
		__sync_fetch_and_add(&packets, 1);
}

SEC("socket")
int socket_filter(struct __sk_buff *skb)
{
	count(skb->len);
	return skb->len;
}

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	count(ctx->data_end - ctx->data);
	return XDP_PASS;
}

SEC("xdp.frags")
int xdp_frags_pass(struct xdp_md *ctx)
{
	count(ctx->ingress_ifindex);
	return XDP_PASS;
}

/* programs run from a devmap or cpumap entry */
SEC("xdp/devmap")
int xdp_devmap_prog(struct xdp_md *ctx)
{
	count(ctx->egress_ifindex);
	return XDP_PASS;
}

SEC("xdp/cpumap")
int xdp_cpumap_prog(struct xdp_md *ctx)
{
	count(ctx->rx_queue_index);
	return XDP_PASS;
}

SEC("tc")
int tc_ok(struct __sk_buff *skb)
{
	count(skb->len);
	return TC_ACT_OK;
}

SEC("classifier")
int classifier_ok(struct __sk_buff *skb)
{
	count(skb->len);
	return TC_ACT_OK;
}

SEC("action")
int action_ok(struct __sk_buff *skb)
{
	count(skb->len);
	return TC_ACT_OK;
}

SEC("sk_skb/stream_parser")
int sk_skb_parser(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("sk_skb/stream_verdict")
int sk_skb_verdict(struct __sk_buff *skb)
{
	count(skb->len);
	return SK_PASS;
}

SEC("sk_skb")
int sk_skb_plain(struct __sk_buff *skb)
{
	count(skb->len);
	return SK_PASS;
}

SEC("sk_msg")
int sk_msg_pass(struct sk_msg_md *msg)
{
	count(msg->size);
	return SK_PASS;
}

SEC("sk_lookup")
int sk_lookup_pass(struct bpf_sk_lookup *ctx)
{
	count(ctx->local_port);
	return SK_PASS;
}

SEC("sk_reuseport")
int reuseport_pass(struct sk_reuseport_md *ctx)
{
	count(ctx->len);
	return SK_PASS;
}

SEC("sk_reuseport/migrate")
int reuseport_migrate(struct sk_reuseport_md *ctx)
{
	count(ctx->migrating_sk ? 1 : 0);
	return SK_PASS;
}

SEC("flow_dissector")
int flow_dissect(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;

	count(keys->nhoff);
	return BPF_FLOW_DISSECTOR_CONTINUE;
}

SEC("lwt_in")
int lwt_in_ok(struct __sk_buff *skb)
{
	count(skb->len);
	return BPF_OK;
}

SEC("lwt_out")
int lwt_out_ok(struct __sk_buff *skb)
{
	count(skb->len);
	return BPF_OK;
}

SEC("lwt_xmit")
int lwt_xmit_ok(struct __sk_buff *skb)
{
	count(skb->len);
	return BPF_OK;
}

SEC("lwt_seg6local")
int lwt_seg6local_ok(struct __sk_buff *skb)
{
	count(skb->len);
	return BPF_OK;
}

SEC("sockops")
int sockops_any(struct bpf_sock_ops *ctx)
{
	count(ctx->op);
	return 1;
}
