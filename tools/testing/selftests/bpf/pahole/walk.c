// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>
#include "node.h"

struct walk_state {
	visit_fn fn;
	void *ctx;
	int depth, max_depth;
	struct { int visited, skipped; } stats;	/* anonymous struct type */
};

static int walk(struct node *n, struct walk_state *st)
{
	int err;

	if (!n)
		return 0;
	if (++st->depth > st->max_depth)
		st->max_depth = st->depth;
	err = walk(n->left, st) ?: st->fn(n, st->ctx) ?: walk(n->right, st);
	n->visited = 1;
	st->stats.visited++;
	st->depth--;
	return err;
}

int tree_walk(struct tree *t, visit_fn fn, void *ctx)
{
	struct walk_state st = { .fn = fn, .ctx = ctx };

	return walk(t->root, &st);
}
