/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* lsm: the record its BPF side sends for each denial */
#ifndef LSM_H
#define LSM_H

#define LSM_COMM_LEN 16

struct lsm_denial {
	int pid;
	unsigned int flags;		/* the file's f_flags */
	unsigned long long ino;
	char comm[LSM_COMM_LEN];
};

#endif
