/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* one packet seen by sockfilter.bpf.c */
#ifndef SOCKFILTER_H
#define SOCKFILTER_H

struct sockfilter_event {
	__u32 saddr;	/* network byte order */
	__u32 daddr;
	__u32 len;
	__u8 proto;
};

#endif
