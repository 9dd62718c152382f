// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Header coverage: the kprobe family of bpf_tracing.h (BPF_KPROBE,
 * BPF_KRETPROBE, BPF_KSYSCALL, BPF_KPROBE_SYSCALL, BPF_UPROBE,
 * BPF_URETPROBE, PT_REGS_* in all their forms) and bpf_core_read.h on
 * probe-read memory: pointer chains on task_struct, string reads,
 * bitfields, field/type/enum queries and a flavored type for a field
 * that newer kernels renamed.
 *
 * Every program stores what it saw in globals, for a later test to check.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char _license[] SEC("license") = "GPL";

/* kernels before 5.14 call it "state" (a long) */
struct task_struct___hdr_old {
	long state;
} __attribute__((preserve_access_index));

extern int LINUX_KERNEL_VERSION __kconfig;

int hdr_kp_dfd;
int hdr_kp_ppid;
int hdr_kp_pid;
__u64 hdr_kp_state;
__u64 hdr_kp_exe_ino;
__u64 hdr_kp_reset_on_fork;
__u64 hdr_kp_tgid_type;
__u64 hdr_kp_has_loop;
__u64 hdr_kp_sizes;
__u64 hdr_kp_kver;
char hdr_kp_fname[64];
char hdr_kp_comm[16];
char hdr_kp_parent_comm[16];

long hdr_krp_ret;
unsigned long hdr_krp_ret_ip;

int hdr_sys_dfd;
int hdr_sys_flags;
char hdr_sys_path[64];
int hdr_sys_close_fd;
int hdr_raw_close_fd;

__u64 hdr_regs[16];

long hdr_up_arg1;
long hdr_up_arg2;
long hdr_urp_ret;

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(hdr_kprobe_unlinkat, int dfd, struct filename *name)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	const char *fname = BPF_CORE_READ(name, name);

	hdr_kp_dfd = dfd;
	bpf_probe_read_kernel_str(hdr_kp_fname, sizeof(hdr_kp_fname), fname);

	/* chains of one to five dereferences */
	hdr_kp_pid = BPF_CORE_READ(task, tgid);
	hdr_kp_ppid = BPF_CORE_READ(task, real_parent, tgid);
	hdr_kp_exe_ino = BPF_CORE_READ(task, mm, exe_file, f_inode, i_ino);
	if (!hdr_kp_exe_ino)
		hdr_kp_exe_ino = BPF_CORE_READ(task, real_parent, real_parent,
					       mm, exe_file, f_inode, i_ino);
	BPF_CORE_READ_STR_INTO(&hdr_kp_parent_comm, task, real_parent, comm);
	bpf_core_read_str(hdr_kp_comm, sizeof(hdr_kp_comm), &task->comm);

	if (bpf_core_field_exists(task->__state)) {
		unsigned int st;

		BPF_CORE_READ_INTO(&st, task, __state);
		hdr_kp_state = st;
	} else {
		struct task_struct___hdr_old *old = (void *)task;

		hdr_kp_state = BPF_CORE_READ(old, state);
	}

	hdr_kp_reset_on_fork =
		BPF_CORE_READ_BITFIELD_PROBED(task, sched_reset_on_fork);
	hdr_kp_tgid_type = bpf_core_enum_value(enum pid_type, PIDTYPE_TGID);
	hdr_kp_has_loop = bpf_core_enum_value_exists(enum bpf_func_id,
						     BPF_FUNC_loop);
	hdr_kp_sizes = bpf_core_type_exists(struct task_struct) +
		       bpf_core_type_size(struct task_struct) +
		       bpf_core_field_size(task->comm) +
		       bpf_core_field_offset(struct task_struct, tgid) +
		       bpf_core_field_exists(struct task_struct, pid);
	hdr_kp_kver = LINUX_KERNEL_VERSION;
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(hdr_kretprobe_unlinkat, long ret)
{
	unsigned long ip = 0;

	BPF_KRETPROBE_READ_RET_IP(ip, ctx);
	hdr_krp_ret = ret;
	hdr_krp_ret_ip = ip;
	return 0;
}

SEC("ksyscall/openat")
int BPF_KSYSCALL(hdr_ksyscall_openat, int dfd, const char *pathname,
		 int flags, umode_t mode)
{
	hdr_sys_dfd = dfd;
	hdr_sys_flags = flags | mode;
	bpf_probe_read_user_str(hdr_sys_path, sizeof(hdr_sys_path), pathname);
	return 0;
}

SEC("ksyscall/close")
int BPF_KPROBE_SYSCALL(hdr_ksyscall_close, int fd)
{
	hdr_sys_close_fd = fd;
	return 0;
}

/* the syscall wrapper by hand: the real arguments are one pt_regs away */
SEC("kprobe/__x64_sys_close")
int hdr_kprobe_sys_close(struct pt_regs *ctx)
{
	struct pt_regs *regs = PT_REGS_SYSCALL_REGS(ctx);

	hdr_raw_close_fd = PT_REGS_PARM1_CORE_SYSCALL(regs);
	hdr_regs[15] = PT_REGS_PARM4_CORE_SYSCALL(regs) +
		       PT_REGS_PARM6_CORE_SYSCALL(regs);
	return 0;
}

SEC("kprobe/do_nanosleep")
int hdr_kprobe_regs(struct pt_regs *ctx)
{
	unsigned long ip = 0;

	hdr_regs[0] = PT_REGS_PARM1(ctx);
	hdr_regs[1] = PT_REGS_PARM2(ctx);
	hdr_regs[2] = PT_REGS_PARM3(ctx);
	hdr_regs[3] = PT_REGS_PARM4(ctx);
	hdr_regs[4] = PT_REGS_PARM5(ctx);
	hdr_regs[5] = PT_REGS_PARM6(ctx);
	hdr_regs[6] = PT_REGS_PARM1_CORE(ctx) ^ PT_REGS_PARM2_CORE(ctx);
	hdr_regs[7] = PT_REGS_RC(ctx);
	hdr_regs[8] = PT_REGS_SP(ctx);
	hdr_regs[9] = PT_REGS_IP(ctx);
	hdr_regs[10] = PT_REGS_FP(ctx);
	hdr_regs[11] = PT_REGS_RET(ctx);
	hdr_regs[12] = PT_REGS_IP_CORE(ctx) ^ PT_REGS_SP_CORE(ctx);
	BPF_KPROBE_READ_RET_IP(ip, ctx);
	hdr_regs[13] = ip;
	return 0;
}

/* attached by a test to a function of its own */
SEC("uprobe")
int BPF_UPROBE(hdr_uprobe, long a, long b)
{
	hdr_up_arg1 = a;
	hdr_up_arg2 = b;
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(hdr_uretprobe, long ret)
{
	hdr_urp_ret = ret;
	return 0;
}
