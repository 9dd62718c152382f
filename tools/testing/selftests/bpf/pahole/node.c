// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>
#include "node.h"

static struct node *node_insert(struct node *at, struct node *n)
{
	if (!at)
		return n;
	if (n->id < at->id)
		at->left = node_insert(at->left, n);
	else
		at->right = node_insert(at->right, n);
	return at;
}

int tree_add(struct tree *t, node_id_t id, enum color c)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		return -1;
	n->id = id;
	n->color = c;
	n->owner = t;
	n->weight = 1.5f;
	n->score = id * 0.5;
	n->link.next = t->all.next;
	n->link.prev = &t->all;
	t->all.next->prev = &n->link;
	t->all.next = &n->link;
	t->root = node_insert(t->root, n);
	return 0;
}
