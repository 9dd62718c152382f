// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Local storage maps: task, socket, inode and cgroup storage (all created
 * with BPF_F_NO_PREALLOC and max_entries 0, as the kernel requires) and
 * the older per-attachment cgroup storage, plain and per-CPU.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

struct st_counters {
	__u64 calls;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct st_counters);
} task_store SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct st_counters);
} sk_store SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_INODE_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} inode_store SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGRP_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} cgrp_store SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, struct st_counters);
} cg_store SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} cg_pcpu_store SEC(".maps");

SEC("tp_btf/sched_switch")
int BPF_PROG(count_switches, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	struct st_counters *c;

	c = bpf_task_storage_get(&task_store, next, 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (c)
		c->calls++;
	return 0;
}

SEC("sockops")
int sockops_bytes(struct bpf_sock_ops *ctx)
{
	struct bpf_sock *sk = ctx->sk;
	struct st_counters *c;

	if (!sk)
		return 1;
	c = bpf_sk_storage_get(&sk_store, sk, 0,
			       BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (c)
		c->calls++;
	return 1;
}

SEC("cgroup_skb/egress")
int cg_egress_bytes(struct __sk_buff *skb)
{
	struct st_counters *c = bpf_get_local_storage(&cg_store, 0);
	__u64 *pc = bpf_get_local_storage(&cg_pcpu_store, 0);

	__sync_fetch_and_add(&c->bytes, skb->len);
	*pc += 1;
	return 1;
}

/* LSM programs need trampolines: not loaded unless asked for */
SEC("?lsm/inode_unlink")
int BPF_PROG(unlink_mark, struct inode *dir, struct dentry *victim)
{
	__u64 *v;

	v = bpf_inode_storage_get(&inode_store, victim->d_inode, 0,
				  BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (v)
		*v += 1;
	return 0;
}
