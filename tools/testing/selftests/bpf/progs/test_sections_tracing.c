// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * One program per tracing SEC() family that libbpf knows, so the object
 * parser's section-name table is checked family by family. Every program
 * loads on a current kernel: attach targets exist there (do_unlinkat,
 * sched_switch). Trampoline-based families (fentry, fexit, fmod_ret, lsm)
 * live in test_sections_trampoline.c: some hosts refuse trampolines.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

__u64 hits;

static __always_inline int count(void)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(kprobe_unlinkat, int dfd)
{
	return count();
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(kretprobe_unlinkat, long ret)
{
	return count();
}

/* no target in the section: attached by the application at run time */
SEC("uprobe")
int BPF_KPROBE(uprobe_any, void *arg)
{
	return count();
}

SEC("uretprobe")
int BPF_KRETPROBE(uretprobe_any, long ret)
{
	return count();
}

SEC("ksyscall/getpid")
int ksyscall_getpid(struct pt_regs *ctx)
{
	return count();
}

SEC("kprobe.multi/bpf_fentry_test*")
int kprobe_multi_fentry(struct pt_regs *ctx)
{
	return count();
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_getpid(struct trace_event_raw_sys_enter *ctx)
{
	return ctx->id == 0 ? count() : 0;
}

SEC("tp/sched/sched_process_exec")
int tp_exec(void *ctx)
{
	return count();
}

SEC("raw_tracepoint/sys_enter")
int raw_tracepoint_enter(struct bpf_raw_tracepoint_args *ctx)
{
	return ctx->args[1] == 39 ? count() : 0;
}

SEC("raw_tp/sys_exit")
int raw_tp_exit(struct bpf_raw_tracepoint_args *ctx)
{
	return count();
}

/* bpf_test_finish is the writable tracepoint BPF_PROG_TEST_RUN fires */
SEC("raw_tracepoint.w/bpf_test_finish")
int raw_tracepoint_w_finish(struct bpf_raw_tracepoint_args *ctx)
{
	return 0;
}

SEC("raw_tp.w/bpf_test_finish")
int raw_tp_w_finish(struct bpf_raw_tracepoint_args *ctx)
{
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(tp_btf_switch, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	return next->pid == 0 ? count() : 0;
}

SEC("iter/task")
int iter_task(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	return task->pid == 1 ? count() : 0;
}

SEC("perf_event")
int perf_event_sample(struct bpf_perf_event_data *ctx)
{
	return ctx->sample_period ? count() : 0;
}

SEC("syscall")
int syscall_prog(void *ctx)
{
	return count();
}
