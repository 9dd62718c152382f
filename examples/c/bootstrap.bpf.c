// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bootstrap: report every exec and every process exit through a ring
 * buffer, with the parent's PID read from task_struct (CO-RE) and, at exit,
 * how long the process ran since its exec.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bootstrap.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* set by user space before load: exits of shorter processes are dropped */
const volatile unsigned long long min_duration_ns;

/* PID -> bpf_ktime_get_ns() at its last exec */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, int);
	__type(value, __u64);
} exec_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

static void fill_task(struct bootstrap_event *e, int pid)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	e->pid = pid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
}

SEC("tp/sched/sched_process_exec")
int handle_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	int pid = bpf_get_current_pid_tgid() >> 32;
	__u64 now = bpf_ktime_get_ns();
	struct bootstrap_event *e;
	unsigned int off;

	bpf_map_update_elem(&exec_start, &pid, &now, BPF_ANY);
	/* with a minimum duration only the exits are of interest */
	if (min_duration_ns)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	fill_task(e, pid);
	e->exit_event = 0;
	e->exit_code = 0;
	e->duration_ns = 0;
	/* __data_loc: the low 16 bits are the string's offset in the record */
	off = ctx->__data_loc_filename & 0xffff;
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), (void *)ctx + off);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp/sched/sched_process_exit")
int handle_exit(struct trace_event_raw_sched_process_template *ctx)
{
	__u64 id = bpf_get_current_pid_tgid(), *start, duration = 0;
	int pid = id >> 32, tid = (__u32)id;
	struct task_struct *task;
	struct bootstrap_event *e;

	/* a thread leaving is not the process exiting */
	if (pid != tid)
		return 0;
	start = bpf_map_lookup_elem(&exec_start, &pid);
	if (start)
		duration = bpf_ktime_get_ns() - *start;
	else if (min_duration_ns)
		return 0;
	bpf_map_delete_elem(&exec_start, &pid);
	if (min_duration_ns && duration < min_duration_ns)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	fill_task(e, pid);
	task = (struct task_struct *)bpf_get_current_task();
	e->exit_event = 1;
	e->exit_code = (BPF_CORE_READ(task, exit_code) >> 8) & 0xff;
	e->duration_ns = duration;
	e->filename[0] = '\0';
	bpf_ringbuf_submit(e, 0);
	return 0;
}
