// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Maps of maps. The inner map's definition comes from __array(values,
 * ...): once as a named struct type shared by the inner maps, once as an
 * anonymous struct written in place. Initial slots (.values = { [i] =
 * &map }) are relocations in .rel.maps that the loader turns into map fd
 * updates after creating the inner maps; for a hash of maps the slot
 * index is the key.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
};

struct inner_array inner_a SEC(".maps");
struct inner_array inner_b SEC(".maps");
struct inner_array inner_c SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer_arr SEC(".maps") = {
	.values = {
		[0] = &inner_a,
		[2] = &inner_b,
	},
};

struct inner_hash {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
};

struct inner_hash inner_h1 SEC(".maps");
struct inner_hash inner_h2 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_HASH);
		__uint(max_entries, 8);
		__type(key, __u32);
		__type(value, __u64);
	});
} outer_hash SEC(".maps") = {
	.values = {
		[1] = (void *)&inner_h1,
		[3] = (void *)&inner_h2,
	},
};

/* inner definition only, slots filled by user space at run time */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer_empty SEC(".maps");

SEC("xdp")
int xdp_nested_lookup(struct xdp_md *ctx)
{
	__u32 slot = ctx->rx_queue_index & 3, key = 0, *val;
	__u64 *hval;
	void *inner;

	inner = bpf_map_lookup_elem(&outer_arr, &slot);
	if (inner) {
		val = bpf_map_lookup_elem(inner, &key);
		if (val && *val)
			return XDP_DROP;
	}
	inner = bpf_map_lookup_elem(&outer_hash, &slot);
	if (inner) {
		hval = bpf_map_lookup_elem(inner, &key);
		if (hval)
			__sync_fetch_and_add(hval, 1);
	}
	inner = bpf_map_lookup_elem(&outer_empty, &key);
	if (inner && bpf_map_lookup_elem(inner, &key))
		return XDP_TX;
	val = bpf_map_lookup_elem(&inner_c, &key);
	return val && *val ? XDP_DROP : XDP_PASS;
}
