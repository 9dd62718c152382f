// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * For prog_tests/excl_map.c: excl_map is made exclusive to excl_owner
 * with bpf_map__set_exclusive_program(); excl_other uses the same map
 * and must then be refused by the kernel (6.18+).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} excl_map SEC(".maps");

SEC("xdp")
int excl_owner(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *val = bpf_map_lookup_elem(&excl_map, &key);

	if (val)
		*val += 7;
	return XDP_PASS;
}

SEC("xdp")
int excl_other(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *val = bpf_map_lookup_elem(&excl_map, &key);

	if (val)
		*val += 1;
	return XDP_PASS;
}
