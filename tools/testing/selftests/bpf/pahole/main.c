// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* pahole check program: a tree of nodes over four compilation units */
#include <stdio.h>
#include "shared.h"

static int print_node(struct node *n, void *ctx)
{
	int *cnt = ctx;

	(*cnt)++;
	return n ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct tree *t = tree_new(argc > 1 ? argv[1] : "t");
	int i, cnt = 0;

	if (!t)
		return 1;
	for (i = 0; i < 10; i++)
		tree_add(t, (i * 7) % 10, i % 2 ? RED : BLUE);
	tree_walk(t, print_node, &cnt);
	printf("%d nodes, checksum %lu\n", cnt, tree_checksum(t, BF_LOW));
	return 0;
}
