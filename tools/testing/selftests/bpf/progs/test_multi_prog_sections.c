// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Section layout corner cases: several programs in one ELF section (the
 * parser must split the section by FUNC symbols, not take one program per
 * section), programs of one section calling static __noinline subprograms
 * that clang puts in .text, and the '?' prefix that turns autoload off.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

__u64 seen[4];

static __noinline int pkt_len(struct xdp_md *ctx)
{
	return ctx->data_end - ctx->data;
}

static __noinline int bump(int idx, int by)
{
	if (idx < 0 || idx >= 4)
		return 0;
	__sync_fetch_and_add(&seen[idx], by);
	return by;
}

/* three programs in section "xdp" */
SEC("xdp")
int xdp_first(struct xdp_md *ctx)
{
	bump(0, pkt_len(ctx));
	return XDP_PASS;
}

SEC("xdp")
int xdp_second(struct xdp_md *ctx)
{
	bump(1, pkt_len(ctx));
	return XDP_PASS;
}

SEC("xdp")
int xdp_third(struct xdp_md *ctx)
{
	return pkt_len(ctx) > 1500 ? XDP_DROP : XDP_PASS;
}

/* two programs in section "tc", both using the shared .text helper */
SEC("tc")
int tc_first(struct __sk_buff *skb)
{
	bump(2, skb->len);
	return 0;
}

SEC("tc")
int tc_second(struct __sk_buff *skb)
{
	bump(3, skb->len);
	return 0;
}

/* not loaded unless the application turns autoload on */
SEC("?xdp")
int xdp_optional(struct xdp_md *ctx)
{
	bump(0, 1);
	return XDP_PASS;
}

SEC("?tc")
int tc_optional(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tracepoint/syscalls/sys_enter_getpid")
int tp_optional(void *ctx)
{
	bump(1, 1);
	return 0;
}
