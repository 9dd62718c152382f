// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * One program per cgroup SEC() family. The section name alone decides the
 * expected attach type here (bind4 vs bind6, ingress vs egress...), which
 * is what the object parser must get right. All programs return 1 (allow),
 * the only value the verifier accepts for every one of these hooks.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

__u64 events;

static __always_inline int allow(__u32 v)
{
	if (v)
		__sync_fetch_and_add(&events, 1);
	return 1;
}

SEC("cgroup_skb/ingress")
int skb_ingress(struct __sk_buff *skb)
{
	return allow(skb->len);
}

SEC("cgroup_skb/egress")
int skb_egress(struct __sk_buff *skb)
{
	return allow(skb->len);
}

SEC("cgroup/skb")
int skb_any(struct __sk_buff *skb)
{
	return allow(skb->len);
}

SEC("cgroup/sock_create")
int sock_create(struct bpf_sock *sk)
{
	return allow(sk->family);
}

SEC("cgroup/sock")
int sock_plain(struct bpf_sock *sk)
{
	return allow(sk->type);
}

SEC("cgroup/sock_release")
int sock_release(struct bpf_sock *sk)
{
	return allow(sk->protocol);
}

SEC("cgroup/post_bind4")
int post_bind4(struct bpf_sock *sk)
{
	return allow(sk->src_port);
}

SEC("cgroup/post_bind6")
int post_bind6(struct bpf_sock *sk)
{
	return allow(sk->src_port);
}

SEC("cgroup/bind4")
int bind4(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_port);
}

SEC("cgroup/bind6")
int bind6(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_port);
}

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_ip4);
}

SEC("cgroup/connect6")
int connect6(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_ip6[3]);
}

SEC("cgroup/sendmsg4")
int sendmsg4(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_ip4);
}

SEC("cgroup/sendmsg6")
int sendmsg6(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_ip6[0]);
}

SEC("cgroup/recvmsg4")
int recvmsg4(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_port);
}

SEC("cgroup/recvmsg6")
int recvmsg6(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_port);
}

SEC("cgroup/getpeername4")
int getpeername4(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_port);
}

SEC("cgroup/getpeername6")
int getpeername6(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_port);
}

SEC("cgroup/getsockname4")
int getsockname4(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_port);
}

SEC("cgroup/getsockname6")
int getsockname6(struct bpf_sock_addr *ctx)
{
	return allow(ctx->user_port);
}

SEC("cgroup/sysctl")
int sysctl_any(struct bpf_sysctl *ctx)
{
	return allow(ctx->write);
}

SEC("cgroup/getsockopt")
int getsockopt_any(struct bpf_sockopt *ctx)
{
	return allow(ctx->level);
}

SEC("cgroup/setsockopt")
int setsockopt_any(struct bpf_sockopt *ctx)
{
	return allow(ctx->optname);
}

SEC("cgroup/dev")
int dev_any(struct bpf_cgroup_dev_ctx *ctx)
{
	return allow(ctx->major);
}
