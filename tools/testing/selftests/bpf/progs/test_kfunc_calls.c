// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Kernel function calls whose effect a test run can observe, for
 * prog_tests/kfuncs.c: bpf_task_from_pid() (6.2) finds a task by pid and
 * takes a reference that bpf_task_release() drops, called from the
 * program and from a static subprogram; bpf_rcu_read_lock/unlock() pair
 * up around it. No kernel struct is read, so no CO-RE relocation is
 * needed and the object means the same on every kernel.
 */
#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

/* set by user space */
s32 target_pid;

/* results */
__u64 found, found_sub, rcu_sections;

static __noinline int lookup_pid(s32 pid)
{
	struct task_struct *t;

	t = bpf_task_from_pid(pid);
	if (!t)
		return 0;
	bpf_task_release(t);
	return 1;
}

SEC("tc")
int tc_task_from_pid(struct __sk_buff *skb)
{
	struct task_struct *t;

	t = bpf_task_from_pid(target_pid);
	if (!t) {
		found = 0;
		return 1;
	}
	found = 1;
	bpf_task_release(t);
	return 2;
}

SEC("tc")
int tc_task_from_pid_subprog(struct __sk_buff *skb)
{
	found_sub = lookup_pid(target_pid);
	return 0;
}

SEC("tc")
int tc_rcu(struct __sk_buff *skb)
{
	bpf_rcu_read_lock();
	rcu_sections++;
	bpf_rcu_read_unlock();
	return 0;
}
