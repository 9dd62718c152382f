// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minimal: a tracepoint on write(2) that bpf_printk()s for one process */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* set by user space before load: the process and file descriptor to report */
const volatile int target_pid;
const volatile long target_fd = -1;

SEC("tp/syscalls/sys_enter_write")
int handle_write(struct trace_event_raw_sys_enter *ctx)
{
	int pid = bpf_get_current_pid_tgid() >> 32;

	if (pid != target_pid || ctx->args[0] != target_fd)
		return 0;
	bpf_printk("minimal: write(fd %ld, %ld bytes) from PID %d",
		   ctx->args[0], ctx->args[2], pid);
	return 0;
}
