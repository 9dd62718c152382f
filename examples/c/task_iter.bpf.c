// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* task_iter: a BPF task iterator printing one line per task */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* task->__state since 5.14, task->state before */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

static unsigned int task_state(struct task_struct *t)
{
	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	return BPF_CORE_READ((struct task_struct___old *)t, state);
}

/* the one-letter state ps(1) shows */
static const char *state_letter(unsigned int state)
{
	if (state == 0)
		return "R";
	if (state & 0x400)	/* TASK_NOLOAD: an idle kernel thread */
		return "I";
	if (state & 0x1)
		return "S";
	if (state & 0x2)
		return "D";
	if (state & 0x4)
		return "T";
	if (state & 0x8)
		return "t";
	return "?";
}

/*
 * A task's process id as the reader of the iterator sees it: the number in
 * the reader's pid namespace (level), 0 for a task outside it. task->tgid
 * is the number in the initial namespace, wrong inside a container.
 */
static int tgid_in_ns(struct task_struct *task, unsigned int level)
{
	struct pid *pid = BPF_CORE_READ(task, group_leader, thread_pid);
	int nr = 0;

	if (!pid || BPF_CORE_READ(pid, level) < level)
		return 0;
	bpf_core_read(&nr, sizeof(nr), &pid->numbers[level].nr);
	return nr;
}

SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct task_struct *me = (void *)bpf_get_current_task();
	unsigned int level;
	int pid, ppid;

	if (!task)	/* the end of the iteration */
		return 0;
	/* one line per process (thread group leader), not per thread */
	if (task->pid != task->tgid)
		return 0;
	level = BPF_CORE_READ(me, thread_pid, level);
	pid = tgid_in_ns(task, level);
	ppid = tgid_in_ns(BPF_CORE_READ(task, real_parent), level);
	BPF_SEQ_PRINTF(seq, "%-7d %-7d %-16s %s\n", pid, ppid, task->comm,
		       state_letter(task_state(task)));
	return 0;
}
