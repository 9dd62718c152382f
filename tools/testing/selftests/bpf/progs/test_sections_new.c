// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * SEC() families that libbpf learned after 1.1 (Debian 12's version):
 * netfilter, tcx, netkit, uprobe.multi, kprobe.session, the AF_UNIX
 * cgroup sock_addr hooks and sk_skb/verdict. An old libbpf opens this
 * object but cannot tell these programs' types; the library follows
 * current upstream and must. No global data here, so each program is a
 * plain instruction stream a test can also load by hand with the type set.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define NF_ACCEPT	1
#define NETKIT_NEXT	(-1)

SEC("netfilter")
int nf_accept(struct bpf_nf_ctx *ctx)
{
	return ctx->skb ? NF_ACCEPT : NF_ACCEPT;
}

SEC("tcx/ingress")
int tcx_in(struct __sk_buff *skb)
{
	return skb->len ? TCX_NEXT : TCX_PASS;
}

SEC("tcx/egress")
int tcx_out(struct __sk_buff *skb)
{
	return TCX_NEXT;
}

SEC("netkit/primary")
int netkit_primary(struct __sk_buff *skb)
{
	return NETKIT_NEXT;
}

SEC("netkit/peer")
int netkit_peer(struct __sk_buff *skb)
{
	return NETKIT_NEXT;
}

SEC("uprobe.multi")
int uprobe_multi_any(struct pt_regs *ctx)
{
	return 0;
}

SEC("uretprobe.multi")
int uretprobe_multi_any(struct pt_regs *ctx)
{
	return 0;
}

SEC("kprobe.session/bpf_fentry_test1")
int kprobe_session_test1(struct pt_regs *ctx)
{
	return 0;
}

SEC("cgroup/connect_unix")
int connect_unix(struct bpf_sock_addr *ctx)
{
	return 1;
}

SEC("cgroup/sendmsg_unix")
int sendmsg_unix(struct bpf_sock_addr *ctx)
{
	return 1;
}

SEC("cgroup/recvmsg_unix")
int recvmsg_unix(struct bpf_sock_addr *ctx)
{
	return 1;
}

SEC("cgroup/getpeername_unix")
int getpeername_unix(struct bpf_sock_addr *ctx)
{
	return 1;
}

SEC("cgroup/getsockname_unix")
int getsockname_unix(struct bpf_sock_addr *ctx)
{
	return 1;
}

SEC("sk_skb/verdict")
int sk_skb_verdict_new(struct __sk_buff *skb)
{
	return SK_PASS;
}
