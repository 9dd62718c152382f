// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Header coverage: a program written against the UAPI headers only, no
 * vmlinux.h, to show that bpf_helpers.h, the generated helper
 * declarations and bpf_endian.h stand on their own.
 *
 * <linux/bpf.h> needs <asm/types.h>, which Debian keeps in the multiarch
 * directory (/usr/include/x86_64-linux-gnu) that clang -target bpf does
 * not search by itself. Where the build does not add it, the few UAPI
 * types and constants used below are declared here instead, which is an
 * even stricter test of the headers' independence.
 */
#if __has_include(<asm/types.h>)
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#else
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u64 __be64;
typedef __u32 __wsum;

#define BPF_MAP_TYPE_HASH	1
#define BPF_MAP_TYPE_ARRAY	2
#define BPF_ANY			0
#define ETH_P_IP		0x0800
#define ETH_P_IPV6		0x86DD
#define ETH_HLEN		14
#define TC_ACT_OK		0

struct __sk_buff;
#endif

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u16);		/* ethertype, host order */
	__type(value, __u64);
} hdr_uapi_ethertypes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hdr_uapi_total SEC(".maps");

__u32 hdr_uapi_last_proto;
__u32 hdr_uapi_ipv4;

static __always_inline void bump(void *map, const void *key)
{
	__u64 one = 1, *cnt;

	cnt = bpf_map_lookup_elem(map, key);
	if (cnt) {
		__sync_fetch_and_add(cnt, 1);
		return;
	}
	bpf_map_update_elem(map, key, &one, BPF_ANY);
}

/* the context is only handed to helpers: no field of it is needed */
SEC("tc")
int hdr_uapi_tc(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__be16 proto;
	__u16 host;

	bump(&hdr_uapi_total, &zero);
	if (bpf_skb_load_bytes(skb, ETH_HLEN - sizeof(proto), &proto,
			       sizeof(proto)))
		return TC_ACT_OK;

	host = bpf_ntohs(proto);
	hdr_uapi_last_proto = host;
	if (proto == bpf_htons(ETH_P_IP))
		hdr_uapi_ipv4++;
	bump(&hdr_uapi_ethertypes, &host);
	return TC_ACT_OK;
}

SEC("socket")
int hdr_uapi_socket(struct __sk_buff *skb)
{
	__be16 proto = 0;

	bpf_skb_load_bytes(skb, ETH_HLEN - sizeof(proto), &proto,
			   sizeof(proto));
	/* keep IPv6 frames whole, drop the rest */
	return proto == bpf_htons(ETH_P_IPV6) ? -1 : 0;
}
