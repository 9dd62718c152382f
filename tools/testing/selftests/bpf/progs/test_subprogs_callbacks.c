// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Callbacks that a test run can observe, for prog_tests/subprogs.c:
 * bpf_loop (5.17) and bpf_for_each_map_elem (5.13) from tc programs,
 * with callbacks that call further subprograms. Each callback address is
 * an ld_imm64 BPF_PSEUDO_FUNC the loader must point at the callback it
 * appended to the program. One program per helper, so a kernel with only
 * one of them can load the other alone.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} elems SEC(".maps");

/* set by user space */
__u32 stop_key = ~0u;

/* results */
__u64 loop_sum, loop_ret;
__u64 each_sum, each_visited, each_ret;

struct loop_ctx {
	__u64 sum;
	__u32 limit;
};

struct each_ctx {
	__u64 sum;
	__u64 visited;
};

static __noinline __u64 square(__u64 x)
{
	return x * x;
}

static __noinline __u64 add_square(__u64 acc, __u32 i)
{
	return acc + square(i);
}

static long loop_cb(__u32 i, void *data)
{
	struct loop_ctx *c = data;

	if (i >= c->limit)
		return 1;
	c->sum = add_square(c->sum, i);
	return 0;
}

static long each_cb(struct bpf_map *map, __u32 *key, __u64 *val, void *data)
{
	struct each_ctx *c = data;

	c->visited++;
	c->sum += *val;
	return *key == stop_key ? 1 : 0;
}

SEC("tc")
int tc_loop(struct __sk_buff *skb)
{
	struct loop_ctx c = { .limit = skb->len & 0xff };

	loop_ret = bpf_loop(100, loop_cb, &c, 0);
	loop_sum = c.sum;
	return 0;
}

SEC("tc")
int tc_for_each(struct __sk_buff *skb)
{
	struct each_ctx c = {};

	each_ret = bpf_for_each_map_elem(&elems, each_cb, &c, 0);
	each_sum = c.sum;
	each_visited = c.visited;
	return 0;
}
