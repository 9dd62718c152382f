// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf__permute(): give a BTF's own types new ids, in place.
 *
 * id_map[i] is the new id of own type i: for base BTF i is the type id
 * itself (id_map[0] is void's and must stay 0), for split BTF it counts
 * from the first own type. The new ids must cover the own range exactly
 * once. Type records are written out in new-id order with every type id
 * they hold rewritten; references into the base stay as they are. The
 * .BTF.ext given in the options gets its func_info and CO-RE ids
 * rewritten the same way.
 *
 * Everything is checked and built aside first: a failed call leaves the
 * BTF and the .BTF.ext unchanged.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "libbpf_internal.h"

struct permute {
	const __u32 *id_map;	/* indexed by old id - first */
	__u32 first;		/* first own type id */
	__u32 end;		/* one past the last own type id */
	__u32 map_base;		/* id_map index of the first own type */
};

static int new_id(__u32 *type_id, void *ctx)
{
	const struct permute *p = ctx;

	if (*type_id < p->first)
		return 0;	/* void or a base type */
	if (*type_id >= p->end)
		return -EINVAL;
	*type_id = p->id_map[*type_id - p->first + p->map_base];
	return 0;
}

static int id_in_range(__u32 *type_id, void *ctx)
{
	const struct permute *p = ctx;

	return *type_id >= p->end ? -EINVAL : 0;
}

int btf__permute(struct btf *btf, __u32 *id_map, __u32 id_map_cnt,
		 const struct btf_permute_opts *opts)
{
	struct btf_ext *ext = OPTS_GET(opts, btf_ext, NULL);
	__u32 *old_of_new = NULL, *offs = NULL;
	struct permute p;
	size_t len = 0, sz;
	__u32 i, n, id;
	void *types = NULL;
	int err;

	if (!btf || !id_map || !OPTS_VALID(opts, btf_permute_opts))
		return libbpf_err(-EINVAL);
	p.first = btf__base_btf(btf) ? btf__type_cnt(btf__base_btf(btf)) : 1;
	p.end = btf__type_cnt(btf);
	p.map_base = btf__base_btf(btf) ? 0 : 1;
	p.id_map = id_map;
	n = p.end - p.first;
	if (id_map_cnt != n + p.map_base) {
		pr_warn("btf__permute: %u ids for %u types\n", id_map_cnt, n + p.map_base);
		return libbpf_err(-EINVAL);
	}
	if (p.map_base && id_map[0] != 0) {
		pr_warn("btf__permute: void (id 0) cannot move to %u\n", id_map[0]);
		return libbpf_err(-EINVAL);
	}
	old_of_new = calloc(n ?: 1, sizeof(*old_of_new));
	offs = calloc(n ?: 1, sizeof(*offs));
	if (!old_of_new || !offs) {
		err = -ENOMEM;
		goto out;
	}
	/* a permutation of the own range: each new id once */
	for (i = 0; i < n; i++) {
		id = id_map[i + p.map_base];
		if (id < p.first || id >= p.end || old_of_new[id - p.first]) {
			pr_warn("btf__permute: type %u: new id %u is %s\n", p.first + i, id,
				id < p.first || id >= p.end ? "out of range" : "given twice");
			err = -EINVAL;
			goto out;
		}
		old_of_new[id - p.first] = p.first + i;
	}
	if (ext) {
		err = btf_ext_visit_type_ids(ext, id_in_range, &p);
		if (err) {
			pr_warn("btf__permute: .BTF.ext refers to a type id past %u\n", p.end - 1);
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		len += btf_type_rec_size(btf__type_by_id(btf, old_of_new[i]));
	types = malloc(len ?: 1);
	if (!types) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0, len = 0; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, old_of_new[i]);

		sz = btf_type_rec_size(t);
		memcpy(types + len, t, sz);
		offs[i] = len;
		err = btf_type_visit_type_ids(types + len, new_id, &p);
		if (err) {
			pr_warn("btf__permute: type %u refers to a type id past %u\n",
				old_of_new[i], p.end - 1);
			goto out;
		}
		len += sz;
	}
	if (ext)
		btf_ext_visit_type_ids(ext, new_id, &p);	/* ids checked above: cannot fail */
	btf_set_own_types(btf, types, len, offs, n);
	types = NULL;
	offs = NULL;
	err = 0;
out:
	free(types);
	free(offs);
	free(old_of_new);
	return libbpf_err(err);
}
