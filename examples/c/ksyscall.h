/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* ksyscall: the record its BPF side sends through the ring buffer */
#ifndef KSYSCALL_H
#define KSYSCALL_H

#define KSYSCALL_COMM_LEN 16

struct ksyscall_event {
	int pid;		/* the sender */
	int target;		/* kill(target, sig) or tgkill(tgid, target, sig) */
	int tgid;		/* tgkill only */
	int sig;
	int is_tgkill;
	char comm[KSYSCALL_COMM_LEN];
};

#endif
