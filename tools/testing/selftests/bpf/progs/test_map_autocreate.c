// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A program that uses one of two maps depending on a constant set before
 * load: the map it does not use may be left uncreated.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

const volatile int use_ringbuf;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, long);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("tc")
int count_or_emit(struct __sk_buff *skb)
{
	long one = 1;
	int zero = 0;

	if (use_ringbuf)
		bpf_ringbuf_output(&events, &one, sizeof(one), 0);
	else
		bpf_map_update_elem(&counts, &zero, &one, 0);
	return 0;
}
