// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Global variables in every section the loader turns into an internal
 * array map: .data (initialised), .bss (zero), .rodata (const, frozen
 * after load), const volatile configuration knobs that user space sets
 * between open and load, and custom .data.<name> / .rodata.<name>
 * sections, each of which becomes a map of its own. Static and global
 * variables are mixed: only global ones are exposed to skeletons.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

/* .data */
__u64 packets = 1;
__u32 last_len = 0xdeadbeef;
static __u64 static_counter = 7;
char greeting[16] = "hello, bpf";

/* .bss */
__u64 drops;
struct {
	__u32 min;
	__u32 max;
} len_range;
static __u32 static_bss;

/* .rodata: knobs set before load, and true constants */
const volatile __u32 max_len = 1500;
const volatile bool verbose = false;
const volatile __u8 mac_filter[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
const __u32 len_buckets[4] = { 64, 256, 1024, 4096 };

/* custom data sections, one internal map each */
__u64 data_foo_a __attribute__((section(".data.foo"))) = 42;
__u32 data_foo_b __attribute__((section(".data.foo"))) = 43;
__u64 data_stats[8] __attribute__((section(".data.stats")));
const volatile __u32 rodata_bar __attribute__((section(".rodata.bar"))) = 0x1234;
const char rodata_bar_name[8] __attribute__((section(".rodata.bar"))) = "bar";

static __always_inline __u32 bucket(__u32 len)
{
	int i;

	for (i = 0; i < 4; i++)
		if (len <= len_buckets[i])
			return i;
	return 3;
}

SEC("xdp")
int xdp_global_data(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	packets++;
	static_counter += 2;
	last_len = len;
	if (!len_range.min || len < len_range.min)
		len_range.min = len;
	if (len > len_range.max)
		len_range.max = len;
	data_stats[bucket(len) & 7]++;
	data_foo_a += data_foo_b;
	static_bss = rodata_bar;
	if (len > max_len) {
		drops++;
		return XDP_DROP;
	}
	if (verbose)
		bpf_printk("%s len %u mac %x", greeting, len, mac_filter[5]);
	return rodata_bar_name[0] == 'b' ? XDP_PASS : XDP_ABORTED;
}

SEC("tc")
int tc_global_data(struct __sk_buff *skb)
{
	packets++;
	data_stats[0] += skb->len;
	return static_counter == 0 ? 2 : 0;
}
