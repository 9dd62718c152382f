// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* unit/test_linker.c: declares linker_lib.c's shared_map with 8 entries, not 4 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

extern struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} shared_map SEC(".maps");

SEC("raw_tp/sys_enter")
int bad_map(void *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&shared_map, &k) != 0;
}
