/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PROFILE_H
#define PROFILE_H

#define PROFILE_STACK_DEPTH 32
#define PROFILE_COMM_LEN 16

struct profile_sample {
	int pid;
	unsigned int cpu;
	char comm[PROFILE_COMM_LEN];
	int kstack_len;		/* bytes, or a negative error */
	int ustack_len;
	unsigned long long kstack[PROFILE_STACK_DEPTH];
	unsigned long long ustack[PROFILE_STACK_DEPTH];
};

#endif
