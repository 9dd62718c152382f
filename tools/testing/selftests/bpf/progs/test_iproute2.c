// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Programs for check_iproute2.sh and check_debian_tools_vm.sh: Debian's
 * own ip(8) and tc(8), running on this library, load them from this
 * object ("ip link set dev D xdp obj O sec xdp", "tc filter add dev D
 * ingress bpf da obj O sec tc"). Each drops the ICMP echo requests that
 * reach the device, so ping across a veth pair fails while one is
 * attached, and counts them in a BTF-defined map that iproute2 pins by
 * name under its own bpffs directory. Written against the UAPI headers
 * only: no CO-RE, nothing that depends on the kernel's BTF.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* <linux/icmp.h> pulls in libc headers: the one constant needed */
#define ICMP_ECHO 8			/* echo request (RFC 792) */

char _license[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} iproute2_drops SEC(".maps");

/* 1 when [data, data_end) is an Ethernet frame with an ICMP echo request */
static __always_inline int is_echo_request(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u8 *icmp_type;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return 0;
	if (ip->protocol != IPPROTO_ICMP || ip->ihl < 5)
		return 0;
	icmp_type = (void *)ip + ip->ihl * 4;
	if ((void *)(icmp_type + 1) > data_end)
		return 0;
	return *icmp_type == ICMP_ECHO;
}

static __always_inline void count_drop(void)
{
	__u32 key = 0;
	__u64 *cnt = bpf_map_lookup_elem(&iproute2_drops, &key);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
}

SEC("xdp")
int xdp_drop_echo(struct xdp_md *ctx)
{
	if (!is_echo_request((void *)(long)ctx->data, (void *)(long)ctx->data_end))
		return XDP_PASS;
	count_drop();
	return XDP_DROP;
}

SEC("tc")
int tc_drop_echo(struct __sk_buff *skb)
{
	if (!is_echo_request((void *)(long)skb->data, (void *)(long)skb->data_end))
		return TC_ACT_OK;
	count_drop();
	return TC_ACT_SHOT;
}
