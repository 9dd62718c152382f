// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The __arg_ctx case for Debian's ip(8) and tc(8) in the 6.1 VM
 * (check_debian_tools_vm.sh): an XDP and a tc program that drop ICMP
 * echo requests, deciding in global subprograms whose only argument is
 * "void *ctx __arg_ctx" and which read the frame with the helpers that
 * take the context (bpf_xdp_load_bytes(), bpf_skb_load_bytes()).
 *
 * Kernels before 6.8 ignore the arg:ctx tag and refuse a global
 * subprogram whose "void *" argument is passed the context: with
 * Debian's libbpf 1.1 the load fails there; with this library, which
 * retypes the argument as the program type's context struct, it loads
 * and drops. No maps, no global data: the programs are all there is.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* <linux/icmp.h> pulls in libc headers: the one constant needed */
#define ICMP_ECHO 8			/* echo request (RFC 792) */

char _license[] SEC("license") = "Dual BSD/GPL";

#define PROTO_OFF 12			/* the ethertype */
#define IP_OFF ETH_HLEN			/* version and header length */
#define IP_PROTO_OFF (ETH_HLEN + 9)

/*
 * The ICMP type's offset if the frame is IPv4 carrying ICMP, else 0;
 * load(ctx, off, buf, len) reads bytes of the frame
 */
#define ICMP_TYPE_OFF(load, ctx)					\
({									\
	__be16 proto = 0;						\
	__u8 vhl = 0, l4 = 0;						\
	__u32 off = 0;							\
									\
	if (!load(ctx, PROTO_OFF, &proto, sizeof(proto)) &&		\
	    proto == bpf_htons(ETH_P_IP) &&				\
	    !load(ctx, IP_OFF, &vhl, 1) && (vhl >> 4) == 4 &&		\
	    (vhl & 0xf) >= 5 &&						\
	    !load(ctx, IP_PROTO_OFF, &l4, 1) && l4 == IPPROTO_ICMP)	\
		off = ETH_HLEN + (vhl & 0xf) * 4;			\
	off;								\
})

__noinline int xdp_is_echo_request(void *ctx __arg_ctx)
{
	__u32 off = ICMP_TYPE_OFF(bpf_xdp_load_bytes, ctx);
	__u8 type = 0;

	return off && !bpf_xdp_load_bytes(ctx, off, &type, 1) && type == ICMP_ECHO;
}

__noinline int skb_is_echo_request(void *ctx __arg_ctx)
{
	__u32 off = ICMP_TYPE_OFF(bpf_skb_load_bytes, ctx);
	__u8 type = 0;

	return off && !bpf_skb_load_bytes(ctx, off, &type, 1) && type == ICMP_ECHO;
}

SEC("xdp")
int xdp_drop_ctx(struct xdp_md *ctx)
{
	return xdp_is_echo_request(ctx) ? XDP_DROP : XDP_PASS;
}

SEC("tc")
int tc_drop_ctx(struct __sk_buff *skb)
{
	return skb_is_echo_request(skb) ? TC_ACT_SHOT : TC_ACT_OK;
}
