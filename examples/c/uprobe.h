/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* uprobe: the record its BPF side sends through the ring buffer */
#ifndef UPROBE_H
#define UPROBE_H

enum uprobe_kind {
	UPROBE_ADD_ENTRY,	/* uprobed_add(arg1, arg2) */
	UPROBE_ADD_RETURN,	/* uprobed_add() returned ret */
	UPROBE_MALLOC_ENTRY,	/* malloc(arg1) */
	UPROBE_MALLOC_RETURN,	/* malloc() returned ret */
};

struct uprobe_event {
	int pid;
	int kind;
	unsigned long long arg1;
	unsigned long long arg2;
	unsigned long long ret;
};

#endif
