// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A program the verifier must reject, next to one it accepts, for
 * prog_tests/verifier_log.c and prog_tests/fd_leaks.c: bad_prog reads
 * a map value without checking the lookup for NULL, which every kernel
 * reports as "invalid mem access 'map_value_or_null'" (a hash map: newer
 * kernels know an array lookup with a constant in-range key is never
 * NULL). The map is
 * created before the programs load, so a failed load has something to
 * clean up; its name is unique so tests can look for leftovers.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} vlog_vals SEC(".maps");

SEC("xdp")
int good_prog(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v;

	v = bpf_map_lookup_elem(&vlog_vals, &key);
	if (v)
		(*v)++;
	return XDP_PASS;
}

SEC("xdp")
int bad_prog(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v;

	v = bpf_map_lookup_elem(&vlog_vals, &key);
	return *v ? XDP_PASS : XDP_DROP;
}
