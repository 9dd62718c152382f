// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* struct node is only declared in this compilation unit */
#include <stdlib.h>
#include <string.h>
#include "shared.h"

struct tree *tree_new(const char *name)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	strncpy(t->name, name, sizeof(t->name) - 1);
	t->all.next = t->all.prev = &t->all;
	t->color = GREEN;
	return t;
}

unsigned long tree_checksum(const struct tree *t, enum big_flags f)
{
	unsigned long sum = f == BF_HIGH;
	int i, j;

	for (i = 0; i < 3; i++)
		for (j = 0; j < 4; j++)
			sum += t->matrix[i][j];
	return sum + t->stamp.lo + t->stamp.hi;
}
