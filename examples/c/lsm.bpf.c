// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * lsm: a BPF LSM program on the file_open hook that refuses, with EPERM,
 * every open of one file (identified by device and inode number, set by
 * user space before load) and reports each refusal.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "lsm.h"

#define EPERM 1

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* the file to protect: the kernel's dev_t of its filesystem, and its inode */
const volatile __u32 target_dev;
const volatile __u64 target_ino;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

SEC("lsm/file_open")
int BPF_PROG(deny_open, struct file *file, int ret)
{
	struct lsm_denial *e;
	struct inode *inode;

	/* an earlier LSM (or BPF program) said no already */
	if (ret)
		return ret;
	inode = BPF_CORE_READ(file, f_inode);
	if (BPF_CORE_READ(inode, i_ino) != target_ino ||
	    BPF_CORE_READ(inode, i_sb, s_dev) != target_dev)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->pid = bpf_get_current_pid_tgid() >> 32;
		e->flags = BPF_CORE_READ(file, f_flags);
		e->ino = target_ino;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		bpf_ringbuf_submit(e, 0);
	}
	return -EPERM;
}
