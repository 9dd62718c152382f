/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* kprobe: the record its BPF side sends through the perf buffer */
#ifndef KPROBE_H
#define KPROBE_H

#define KPROBE_COMM_LEN 16
#define KPROBE_PATH_LEN 128

struct kprobe_event {
	int pid;
	int is_return;
	long ret;			/* the return value, for is_return */
	char comm[KPROBE_COMM_LEN];
	char filename[KPROBE_PATH_LEN];	/* the name unlinked, on entry */
};

#endif
