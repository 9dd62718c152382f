// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Helpers that take a callback: bpf_loop, bpf_for_each_map_elem,
 * bpf_timer_set_callback and bpf_user_ringbuf_drain. The callback's
 * address is an ld_imm64 with src_reg BPF_PSEUDO_FUNC relocated against
 * .text, which the loader must resolve like a call: append the callback
 * to the program and patch the instruction's offset.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define CLOCK_MONOTONIC 1

struct cb_ctx {
	__u64 sum;
	__u32 limit;
};

struct timer_elem {
	struct bpf_timer timer;
	__u64 fired;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct timer_elem);
} timers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} requests SEC(".maps");

__u64 loop_sum, map_sum, timer_runs, drained;

static long loop_step(__u32 index, void *data)
{
	struct cb_ctx *c = data;

	if (index >= c->limit)
		return 1;
	c->sum += index;
	return 0;
}

static long sum_elem(struct bpf_map *map, __u32 *key, __u64 *val, void *data)
{
	struct cb_ctx *c = data;

	c->sum += *val;
	return c->sum > 1000000 ? 1 : 0;
}

static int timer_fired(void *map, int *key, struct timer_elem *elem)
{
	elem->fired++;
	__sync_fetch_and_add(&timer_runs, 1);
	return 0;
}

static long take_request(struct bpf_dynptr *dynptr, void *data)
{
	struct cb_ctx *c = data;
	__u64 req = 0;

	if (bpf_dynptr_read(&req, sizeof(req), dynptr, 0, 0))
		return 1;
	c->sum += req;
	return 0;
}

SEC("tc")
int tc_loop(struct __sk_buff *skb)
{
	struct cb_ctx c = { .limit = skb->len & 63 };

	bpf_loop(64, loop_step, &c, 0);
	loop_sum += c.sum;
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int tp_for_each(void *ctx)
{
	struct cb_ctx c = {};
	__u32 pid = bpf_get_current_pid_tgid();
	__u64 one = 1;

	bpf_map_update_elem(&counts, &pid, &one, BPF_ANY);
	bpf_for_each_map_elem(&counts, sum_elem, &c, 0);
	map_sum = c.sum;
	return 0;
}

SEC("tc")
int tc_timer(struct __sk_buff *skb)
{
	struct timer_elem *e;
	int key = 0;

	e = bpf_map_lookup_elem(&timers, &key);
	if (!e)
		return 0;
	bpf_timer_init(&e->timer, &timers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&e->timer, timer_fired);
	bpf_timer_start(&e->timer, 1000000, 0);
	return 0;
}

SEC("syscall")
int drain_requests(void *ctx)
{
	struct cb_ctx c = {};

	bpf_user_ringbuf_drain(&requests, take_request, &c, 0);
	drained += c.sum;
	return 0;
}
