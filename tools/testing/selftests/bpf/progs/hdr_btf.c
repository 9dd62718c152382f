// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Header coverage: BPF_PROG and BPF_PROG2 of bpf_tracing.h on BTF-typed
 * tracepoints (tp_btf) and raw tracepoints, where kernel pointers may be
 * dereferenced directly, and BPF_CORE_READ_BITFIELD() by direct load.
 * BPF_PROG2 is also compiled with a struct passed by value (kuid_t).
 * fentry/fexit, which not every kernel build supports, are in
 * hdr_fentry.c.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char _license[] SEC("license") = "GPL";

int hdr_sw_prev_pid;
int hdr_sw_next_pid;
int hdr_sw_preempt;
__u64 hdr_sw_reset_on_fork;
long hdr_rtp_id;
int hdr_p2_pid;
__u64 hdr_p2_flags;
__u32 hdr_p2_uid;
int hdr_p2_none_hits;

SEC("tp_btf/sched_switch")
int BPF_PROG(hdr_tp_btf_switch, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	hdr_sw_preempt = preempt;
	hdr_sw_prev_pid = prev->pid;
	hdr_sw_next_pid = next->pid;
	hdr_sw_reset_on_fork = BPF_CORE_READ_BITFIELD(prev, sched_reset_on_fork);
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(hdr_raw_tp_sys_enter, struct pt_regs *regs, long id)
{
	hdr_rtp_id = id;
	return 0;
}

SEC("tp_btf/task_newtask")
int BPF_PROG2(hdr_prog2_newtask, struct task_struct *, task, __u64, flags)
{
	hdr_p2_pid = task->pid;
	hdr_p2_flags = flags;
	return 0;
}

SEC("tp_btf/task_newtask")
int BPF_PROG2(hdr_prog2_none)
{
	hdr_p2_none_hits++;
	return 0;
}

/*
 * A struct passed by value (kuid_t, 4 bytes) between two pointers, as
 * fentry on from_kuid() would see it. Static and unreferenced: compiled
 * and type-checked, not emitted.
 */
static int BPF_PROG2(hdr_prog2_struct, struct user_namespace *, ns,
		     kuid_t, uid, void *, extra)
{
	hdr_p2_uid = uid.val + (extra != ns);
	return 0;
}
