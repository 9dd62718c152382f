// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Tail calls through a program array whose slots are set in the object
 * itself (.values = { [i] = &prog }): the loader fills them after all
 * programs are loaded. One tail call is made from a subprogram, which
 * the kernel allows when tail calls and BPF-to-BPF calls are mixed.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

__u64 entered[4];

int tail_first(struct __sk_buff *skb);
int tail_second(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} jump_table SEC(".maps") = {
	.values = {
		[0] = (void *)&tail_first,
		[2] = (void *)&tail_second,
	},
};

/* a prog array left empty, filled by user space */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} spare_table SEC(".maps");

static __noinline int jump_from_subprog(struct __sk_buff *skb, __u32 slot)
{
	bpf_tail_call(skb, &jump_table, slot);
	return 1;
}

SEC("tc")
int tail_first(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&entered[1], 1);
	bpf_tail_call(skb, &jump_table, 2);
	return 0;
}

SEC("tc")
int tail_second(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&entered[2], 1);
	return 0;
}

SEC("tc")
int tail_entry(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&entered[0], 1);
	bpf_tail_call(skb, &spare_table, skb->len & 7);
	return jump_from_subprog(skb, 0) ? 0 : 2;
}
