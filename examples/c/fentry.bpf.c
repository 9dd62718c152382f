// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fentry: fentry and fexit programs on do_unlinkat(). Unlike a kprobe they
 * see the function's arguments typed from the kernel's BTF, and fexit sees
 * the arguments and the return value together.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "fentry.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

static void report(struct filename *name, int is_return, long ret)
{
	struct fentry_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->is_return = is_return;
	e->ret = ret;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename),
				  BPF_CORE_READ(name, name));
	bpf_ringbuf_submit(e, 0);
}

SEC("fentry/do_unlinkat")
int BPF_PROG(unlink_entry, int dfd, struct filename *name)
{
	report(name, 0, 0);
	return 0;
}

SEC("fexit/do_unlinkat")
int BPF_PROG(unlink_exit, int dfd, struct filename *name, long ret)
{
	report(name, 1, ret);
	return 0;
}
