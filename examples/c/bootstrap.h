/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* bootstrap: the event record its BPF side sends through the ring buffer */
#ifndef BOOTSTRAP_H
#define BOOTSTRAP_H

#define BOOTSTRAP_COMM_LEN 16
#define BOOTSTRAP_PATH_LEN 127

struct bootstrap_event {
	int pid;
	int ppid;
	unsigned int exit_code;
	unsigned long long duration_ns;	/* exit only; 0 when the exec was not seen */
	char comm[BOOTSTRAP_COMM_LEN];
	char filename[BOOTSTRAP_PATH_LEN];
	unsigned char exit_event;
};

#endif
