/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* what tc.bpf.c, xdp.bpf.c and their user space share */
#ifndef TC_H
#define TC_H

enum { PROTO_ICMP, PROTO_TCP, PROTO_UDP, PROTO_OTHER, PROTO_MAX };

#endif
