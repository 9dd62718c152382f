// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * BTF-defined maps of the generic kinds, written every way the .maps
 * section allows: key and value given by type (__type) or by size
 * (__uint(key_size/value_size)), keyless maps (queue, stack, bloom filter,
 * ring buffers), map_flags, numa_node, map_extra and max_entries left 0
 * for the loader to fill (perf event array). Programs use each map with
 * its helper so the object also carries map relocations.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

struct mt_flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u32 proto;
};

struct mt_flow_stats {
	__u64 packets;
	__u64 bytes;
};

struct mt_lpm_key {
	__u32 prefixlen;
	__u32 addr;
};

/* key and value by type */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct mt_flow_key);
	__type(value, struct mt_flow_stats);
} flows SEC(".maps");

/* key and value by size only: no BTF ids for them */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u64));
	__uint(map_flags, BPF_F_NO_PREALLOC);
} sized_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
	__uint(map_flags, BPF_F_RDONLY_PROG);
} ro_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, struct mt_flow_stats);
} pcpu_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} pcpu_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 256);
	__type(key, __u64);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
} lru_pcpu SEC(".maps");

/* an LPM trie must be created without preallocation */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 512);
	__type(key, struct mt_lpm_key);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} routes SEC(".maps");

/* numa_node only counts with BPF_F_NUMA_NODE in the flags */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NUMA_NODE);
	__uint(numa_node, 0);
} numa_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4 * 4096);
} commands SEC(".maps");

/* max_entries 0: the loader sizes it to the number of possible CPUs */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} perf_events SEC(".maps");

#define STACK_DEPTH 127

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 64);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, STACK_DEPTH * sizeof(__u64));
} stacks SEC(".maps");

/* keyless maps */
struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 32);
	__type(value, __u32);
} queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 32);
	__uint(value_size, sizeof(__u64));
} stack SEC(".maps");

/* map_extra: number of hash functions */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 100);
	__type(value, __u32);
	__uint(map_extra, 3);
} bloom SEC(".maps");

struct mt_event {
	__u32 pid;
	__s32 stack_id;
};

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(trace_unlink, int dfd)
{
	struct mt_event ev = {};
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *cnt;

	ev.pid = pid;
	ev.stack_id = bpf_get_stackid(ctx, &stacks, 0);
	bpf_ringbuf_output(&events, &ev, sizeof(ev), 0);
	bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &ev, sizeof(ev));

	cnt = bpf_map_lookup_elem(&lru, &pid);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&lru, &pid, &one, BPF_NOEXIST);
	bpf_map_update_elem(&sized_hash, &pid, &one, BPF_ANY);
	bpf_map_push_elem(&queue, &pid, BPF_EXIST);
	bpf_map_push_elem(&stack, &one, BPF_EXIST);
	bpf_map_push_elem(&bloom, &pid, 0);
	return 0;
}

SEC("xdp")
int xdp_account(struct xdp_md *ctx)
{
	struct mt_flow_key key = { .proto = ctx->ingress_ifindex };
	struct mt_flow_stats init = {}, *st;
	struct mt_lpm_key lpm = { .prefixlen = 32 };
	__u32 len = ctx->data_end - ctx->data, zero = 0, *route, val;
	__u64 *pc, *ro, key64 = len;

	st = bpf_map_lookup_elem(&flows, &key);
	if (!st) {
		bpf_map_update_elem(&flows, &key, &init, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&flows, &key);
		if (!st)
			return XDP_PASS;
	}
	__sync_fetch_and_add(&st->packets, 1);
	__sync_fetch_and_add(&st->bytes, len);

	st = bpf_map_lookup_elem(&pcpu_hash, &zero);
	if (st)
		st->packets++;
	pc = bpf_map_lookup_elem(&pcpu_array, &zero);
	if (pc)
		*pc += len;
	ro = bpf_map_lookup_elem(&ro_array, &zero);
	if (ro && *ro == 0xdead)
		return XDP_DROP;

	route = bpf_map_lookup_elem(&routes, &lpm);
	if (route && *route == 0)
		return XDP_DROP;
	if (bpf_map_peek_elem(&bloom, &len) == 0)
		return XDP_DROP;
	if (bpf_map_pop_elem(&queue, &val) == 0)
		bpf_map_update_elem(&numa_hash, &val, &val, BPF_ANY);
	if (bpf_map_lookup_elem(&lru_pcpu, &key64))
		return XDP_TX;
	return XDP_PASS;
}
