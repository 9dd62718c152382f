// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * For prog_tests/token.c: one BTF-defined map and one XDP program, the
 * smallest whole object a BPF token (delegating map creation, program
 * load and BTF load) lets a user namespace load. XDP needs CAP_BPF and
 * CAP_NET_ADMIN, so without the token the load fails with EPERM.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} token_counts SEC(".maps");

SEC("xdp")
int token_xdp(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *val = bpf_map_lookup_elem(&token_counts, &key);

	if (val)
		__sync_fetch_and_add(val, 1);
	return XDP_PASS;
}
