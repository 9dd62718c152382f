// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * kprobe: a kprobe and a kretprobe on do_unlinkat(), the kernel function
 * behind unlink(2), unlinkat(2) and rmdir-less removals. Both hand their
 * context to one global subprogram that takes it as "void *ctx __arg_ctx"
 * and passes it on to bpf_perf_event_output(): kernels before 6.8 know
 * that argument for the context only because libbpf rewrites its type.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kprobe.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* set by user space before load: report only this process (0: everyone) */
const volatile int target_pid;

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} events SEC(".maps");

/*
 * Global, so the verifier checks it once on its own: all it knows of ctx
 * is the arg:ctx tag (or, before 6.8, the context type libbpf gives it).
 */
__noinline int report_unlink(void *ctx __arg_ctx, int is_return)
{
	struct pt_regs *regs = ctx;
	struct kprobe_event e = {};
	struct filename *name;

	e.pid = bpf_get_current_pid_tgid() >> 32;
	if (target_pid && e.pid != target_pid)
		return 0;
	e.is_return = is_return;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	if (is_return) {
		e.ret = PT_REGS_RC_CORE(regs);
	} else {
		/* do_unlinkat(int dfd, struct filename *name) */
		name = (struct filename *)PT_REGS_PARM2_CORE(regs);
		bpf_probe_read_kernel_str(e.filename, sizeof(e.filename),
					  BPF_CORE_READ(name, name));
	}
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

SEC("kprobe/do_unlinkat")
int handle_unlink_entry(struct pt_regs *ctx)
{
	return report_unlink(ctx, 0);
}

SEC("kretprobe/do_unlinkat")
int handle_unlink_return(struct pt_regs *ctx)
{
	return report_unlink(ctx, 1);
}
