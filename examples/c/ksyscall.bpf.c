// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ksyscall: kprobes on the kill(2) and tgkill(2) system calls, declared by
 * their syscall names: SEC("ksyscall/NAME") lets libbpf find the kernel's
 * entry function for the architecture (__x64_sys_kill, ...) and
 * BPF_KSYSCALL reads the syscall's own arguments, wherever this kernel
 * keeps them.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "ksyscall.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

static void report(int tgid, int target, int sig, int is_tgkill)
{
	struct ksyscall_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->tgid = tgid;
	e->target = target;
	e->sig = sig;
	e->is_tgkill = is_tgkill;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
}

SEC("ksyscall/kill")
int BPF_KSYSCALL(kill_entry, pid_t pid, int sig)
{
	report(0, pid, sig, 0);
	return 0;
}

SEC("ksyscall/tgkill")
int BPF_KSYSCALL(tgkill_entry, pid_t tgid, pid_t tid, int sig)
{
	report(tgid, tid, sig, 1);
	return 0;
}
