/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Types every compilation unit of the pahole check sees: each CU's DWARF
 * (and so pahole's BTF before dedup) has its own copy of them.
 */
#ifndef __PAHOLE_SHARED_H
#define __PAHOLE_SHARED_H

#include <stddef.h>
#include <stdint.h>

struct node;			/* complete in node.c and walk.c only */
struct opaque;			/* never complete: stays a forward declaration */

typedef uint32_t node_id_t;
typedef int (*visit_fn)(struct node *n, void *ctx);

enum color { RED, GREEN = 5, BLUE = -1 };
enum big_flags { BF_LOW = 1, BF_HIGH = 0x100000000ULL };

struct list_head {
	struct list_head *next, *prev;
};

struct tree {
	struct node *root;	/* a pointer to a forward declaration here */
	struct tree *parent;	/* a cycle through a pointer */
	const volatile size_t count;
	struct list_head all;
	union {
		uint64_t raw;
		struct {
			uint32_t lo : 20, mid : 6, hi : 6;
			uint32_t rest;
		};
	} stamp;
	char name[16];
	int matrix[3][4];
	visit_fn visit;
	enum color color;
	struct opaque *priv;
};

struct tree *tree_new(const char *name);
int tree_add(struct tree *t, node_id_t id, enum color c);
int tree_walk(struct tree *t, visit_fn fn, void *ctx);
unsigned long tree_checksum(const struct tree *t, enum big_flags f);

#endif
