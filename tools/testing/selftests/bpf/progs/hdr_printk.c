// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Header coverage: bpf_printk() with zero to five arguments (up to three
 * go through bpf_trace_printk, more through bpf_trace_vprintk, kernel
 * 5.16+), BPF_SNPRINTF() and BPF_SEQ_PRINTF() in a task iterator. Format
 * strings end up in .rodata.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

int hdr_printk_ret[6];
long hdr_snprintf_ret;
char hdr_snprintf_buf[64];
int hdr_iter_tasks;

SEC("tp/syscalls/sys_enter_getpgid")
int hdr_printk(void *ctx)
{
	int pid = bpf_get_current_pid_tgid() >> 32;
	__u64 now = bpf_ktime_get_ns();
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
	hdr_printk_ret[0] = bpf_printk("hdr_printk");
	hdr_printk_ret[1] = bpf_printk("hdr_printk %d", pid);
	hdr_printk_ret[2] = bpf_printk("hdr_printk %d %s", pid, comm);
	hdr_printk_ret[3] = bpf_printk("hdr_printk %d %s %llu", pid, comm, now);
	hdr_printk_ret[4] = bpf_printk("hdr_printk %d %s %llu %p", pid, comm,
				       now, ctx);
	hdr_printk_ret[5] = bpf_printk("hdr_printk %d %s %llu %p %x", pid,
				       comm, now, ctx, 0xbeef);
	hdr_snprintf_ret = BPF_SNPRINTF(hdr_snprintf_buf,
					sizeof(hdr_snprintf_buf),
					"%s:%d:%llx", comm, pid, now);
	BPF_SNPRINTF(hdr_snprintf_buf, sizeof(hdr_snprintf_buf), "plain");
	return 0;
}

SEC("iter/task")
int hdr_iter_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task) {
		BPF_SEQ_PRINTF(seq, "tasks: %d\n", hdr_iter_tasks);
		return 0;
	}
	if (ctx->meta->seq_num == 0)
		BPF_SEQ_PRINTF(seq, "pid comm\n");
	BPF_SEQ_PRINTF(seq, "%d %s\n", task->pid, task->comm);
	hdr_iter_tasks++;
	return 0;
}
