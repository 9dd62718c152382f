// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * uprobe: uprobes and uretprobes on a function of the example itself and
 * on libc's malloc(). User space attaches them by function name; all four
 * hand their context to one global subprogram that takes it as
 * "void *ctx __arg_ctx" and reads the registers straight from it, which
 * kernels before 6.8 allow only because libbpf rewrites the argument's
 * type to the kprobe context.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "uprobe.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

__noinline int report(void *ctx __arg_ctx, int kind)
{
	struct pt_regs *regs = ctx;
	struct uprobe_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->kind = kind;
	/* plain loads from the context: only a context pointer allows them */
	e->arg1 = PT_REGS_PARM1(regs);
	e->arg2 = PT_REGS_PARM2(regs);
	e->ret = PT_REGS_RC(regs);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* no section target: user space attaches these by name */
SEC("uprobe")
int add_entry(struct pt_regs *ctx)
{
	return report(ctx, UPROBE_ADD_ENTRY);
}

SEC("uretprobe")
int add_return(struct pt_regs *ctx)
{
	return report(ctx, UPROBE_ADD_RETURN);
}

SEC("uprobe")
int malloc_entry(struct pt_regs *ctx)
{
	return report(ctx, UPROBE_MALLOC_ENTRY);
}

SEC("uretprobe")
int malloc_return(struct pt_regs *ctx)
{
	return report(ctx, UPROBE_MALLOC_RETURN);
}
