/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef __PAHOLE_NODE_H
#define __PAHOLE_NODE_H

#include "shared.h"

struct node {
	node_id_t id;
	enum color color;
	struct node *left, *right;
	struct tree *owner;		/* a cycle back through struct tree */
	struct list_head link;
	float weight;
	double score;
	_Bool visited;
};

#endif
