/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* fentry: the record its BPF side sends through the ring buffer */
#ifndef FENTRY_H
#define FENTRY_H

#define FENTRY_COMM_LEN 16
#define FENTRY_PATH_LEN 128

struct fentry_event {
	int pid;
	int is_return;
	long ret;			/* the return value, for is_return */
	char comm[FENTRY_COMM_LEN];
	char filename[FENTRY_PATH_LEN];
};

#endif
