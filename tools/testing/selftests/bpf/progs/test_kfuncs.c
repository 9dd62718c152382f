// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Calls to kernel functions (kfuncs) declared as extern __ksym functions:
 * the loader finds each in vmlinux BTF and turns the call into a
 * BPF_PSEUDO_KFUNC_CALL with the kernel's BTF id. Covers an acquire /
 * release pair on a trusted tp_btf argument, RCU read-side kfuncs, a
 * kfunc called from a subprogram, and a weak kfunc no kernel has: the
 * loader must let it resolve to nothing, and bpf_ksym_exists() guards
 * the call so the verifier drops it as dead code.
 */
#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#ifndef bpf_ksym_exists
#define bpf_ksym_exists(sym) (!!(sym))
#endif

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern void bpf_objtest_no_such_kfunc(struct task_struct *p) __ksym __weak;

__u64 acquired, parent_pids, missing_called;

static __noinline int take_and_drop(struct task_struct *task)
{
	struct task_struct *ref;

	ref = bpf_task_acquire(task);
	if (!ref)
		return 0;
	acquired++;
	bpf_task_release(ref);
	return 1;
}

SEC("tp_btf/task_newtask")
int BPF_PROG(new_task_acquire, struct task_struct *task, __u64 clone_flags)
{
	struct task_struct *ref;

	ref = bpf_task_acquire(task);
	if (!ref)
		return 0;
	acquired++;
	bpf_task_release(ref);
	return 0;
}

SEC("tp_btf/task_newtask")
int BPF_PROG(new_task_rcu, struct task_struct *task, __u64 clone_flags)
{
	struct task_struct *parent;

	bpf_rcu_read_lock();
	parent = task->real_parent;
	if (parent)
		parent_pids += parent->pid;
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tp_btf/task_newtask")
int BPF_PROG(new_task_subprog, struct task_struct *task, __u64 clone_flags)
{
	take_and_drop(task);
	return 0;
}

SEC("tp_btf/task_newtask")
int BPF_PROG(new_task_weak, struct task_struct *task, __u64 clone_flags)
{
	if (bpf_ksym_exists(bpf_objtest_no_such_kfunc)) {
		bpf_objtest_no_such_kfunc(task);
		missing_called++;
	}
	return 0;
}
