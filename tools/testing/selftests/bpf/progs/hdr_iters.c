// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Header coverage for newer-kernel features (6.4+): the open-coded
 * iterator loops bpf_for, bpf_repeat and bpf_for_each, bpf_ksym_exists()
 * on weak kfuncs, bpf_core_cast(), a map attribute given with __ulong, a
 * tristate Kconfig extern, and (syntax only, in unused declarations) the
 * remaining tags of bpf_helpers.h. __kptr is among the latter because
 * clang 14 drops type tags on pointers to structs.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char _license[] SEC("license") = "GPL";

/* a kfunc no kernel has: bpf_ksym_exists() must say 0 */
extern void bpf_hdr_no_such_kfunc(void) __ksym __weak;

extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig __weak;

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 64);
	__type(value, __u32);
	__ulong(map_extra, 3);		/* number of hash functions */
} hdr_bloom SEC(".maps");

int hdr_for_sum;
int hdr_repeat_cnt;
int hdr_for_each_sum;
int hdr_ksym_missing;
int hdr_ksym_present;
int hdr_cast_pid;
int hdr_jit;

SEC("tp_btf/task_newtask")
int BPF_PROG(hdr_iters, struct task_struct *task, __u64 clone_flags)
{
	__u32 val = 7;
	int i, *v;

	bpf_for(i, 0, 8)
		hdr_for_sum += i;
	bpf_repeat(3)
		hdr_repeat_cnt++;
	bpf_for_each(num, v, 2, 5)
		hdr_for_each_sum += *v;

	hdr_ksym_missing = bpf_ksym_exists(bpf_hdr_no_such_kfunc);
	hdr_ksym_present = bpf_ksym_exists(bpf_iter_num_new);
	hdr_cast_pid = bpf_core_cast((void *)task, struct task_struct)->pid;
	hdr_jit = CONFIG_BPF_JIT == TRI_YES;
	bpf_map_push_elem(&hdr_bloom, &val, BPF_ANY);
	return 0;
}

/*
 * Never called: only has to compile. Unused static functions and types
 * emit no code or BTF, so these do not affect loading.
 */
struct hdr_task_slot {
	struct task_struct __kptr *task;
};

struct hdr_tagged {
	struct task_struct __rcu *rcu_task;
	struct task_struct __kptr_untrusted *untrusted;
	struct hdr_task_slot __percpu_kptr *percpu;
};

struct hdr_list_node {
	struct bpf_list_node node;
	int value;
};

struct hdr_list_owner {
	struct bpf_list_head head __contains(hdr_list_node, node);
};

static int hdr_unused_cb(__u64 cookie)
{
	return 0;
}

static __noinline __hidden int hdr_unused_args(void *ctx __arg_ctx,
					       int *p __arg_nullable,
					       struct task_struct *t __arg_trusted,
					       struct task_struct *u __arg_untrusted,
					       void *a __arg_arena)
{
	barrier();
	barrier_var(p);
	if (unlikely(!p) || likely(t == u))
		return 0;
	return *p + container_of(&t->pid, struct task_struct, pid)->tgid +
	       KERNEL_VERSION(6, 4, 0) + offsetof(struct hdr_tagged, percpu);
}

static __exception_cb(hdr_unused_cb) int hdr_unused_throwing(void *ctx)
{
	if (!ctx)
		__bpf_unreachable();
	return hdr_unused_args(ctx, 0, 0, 0, 0);
}
