/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* usdt: the record its BPF side sends through the ring buffer */
#ifndef USDT_H
#define USDT_H

#define USDT_MSG_LEN 32

struct usdt_event {
	int pid;
	int tick;		/* the probe's three arguments */
	long long sum;
	char msg[USDT_MSG_LEN];
};

#endif
