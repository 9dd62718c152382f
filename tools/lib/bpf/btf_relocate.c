// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Distilled base BTF and relocation of split BTF onto another base.
 *
 * Split BTF refers to its base by type id, so it is only valid on the
 * exact base it was built on. btf__distill_base() makes it independent of
 * those ids: the base types the split BTF uses become a small "distilled"
 * base that only says what they are (name, kind, size; ints and floats in
 * full), and everything else the split BTF needs from its base (pointers,
 * typedefs, anonymous structs, ...) is copied into a new split BTF on top
 * of it. btf__relocate() later finds each distilled type in a full base
 * (by name, kind and size) and re-parents the split BTF onto that base.
 * This is what kernel modules carry in .BTF.base and what the kernel does
 * with it when it loads them.
 *
 * Both only use the public BTF API plus btf_type_visit_type_ids() and
 * btf_replace_contents() of btf.c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "libbpf_internal.h"

#define ID_UNMAPPED UINT32_MAX
/* longest typedef/modifier/array chain followed to find an embedded type */
#define EMBED_MAX_DEPTH 32


/* a growable stack of type ids */
struct id_stack {
	__u32 *ids;
	size_t len;
	size_t cap;
};

static int id_stack_push(struct id_stack *s, __u32 id)
{
	int err = libbpf_ensure_mem((void **)&s->ids, &s->cap, sizeof(*s->ids),
				    s->len + 1);

	if (err)
		return err;
	s->ids[s->len++] = id;
	return 0;
}

/* rewrite one type id field through an old id -> new id map */
struct id_remap {
	const __u32 *map;
	__u32 cnt;
	__u32 type_id;		/* the type being rewritten, for messages */
	const char *func;
};

static int remap_id(__u32 *id, void *data)
{
	struct id_remap *r = data;

	if (*id < r->cnt && r->map[*id] != ID_UNMAPPED) {
		*id = r->map[*id];
		return 0;
	}
	pr_warn("BTF: %s(): type [%u] references type id %u, which has no new id\n",
		r->func, r->type_id, *id);
	return -EINVAL;
}

/* rewrite the type ids of btf's own types from first_id on */
static int remap_own_types(struct btf *btf, __u32 first_id, struct id_remap *r)
{
	__u32 id, cnt = btf__type_cnt(btf);
	int err;

	for (id = first_id; id < cnt; id++) {
		r->type_id = id;
		err = btf_type_visit_type_ids(btf_type_by_id(btf, id), remap_id, r);
		if (err)
			return err;
	}
	return 0;
}

/* ---- btf__distill_base() ------------------------------------------------ */

enum distill_class {
	DISTILL_UNUSED,		/* not needed by the split BTF */
	DISTILL_KEEP,		/* described in the distilled base */
	DISTILL_MOVE,		/* copied in full into the new split BTF */
};

struct distill {
	const struct btf *src;
	__u32 base_cnt;		/* ids below are base ids */
	__u32 cnt;		/* btf__type_cnt(src) */
	__u8 *cls;		/* enum distill_class of each base id */
	struct id_stack todo;	/* moved base types whose references are unseen */
	__u32 cur_id;		/* the type whose references are visited */
};

/*
 * What a base type the split BTF uses becomes: named ints, floats,
 * structs, unions, enums and forward declarations are described in the
 * distilled base; anything else (anonymous types, pointers, typedefs,
 * arrays, modifiers, functions, ...) is moved into the new split BTF.
 */
static enum distill_class distill_class_of(const struct btf *btf,
					   const struct btf_type *t)
{
	bool named = btf_type_name(btf, t)[0] != '\0';

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		return named ? DISTILL_KEEP : DISTILL_MOVE;
	default:
		return DISTILL_MOVE;
	}
}

static int distill_visit_ref(__u32 *id, void *data)
{
	struct distill *d = data;
	const struct btf_type *t;

	if (*id >= d->cnt) {
		pr_warn("BTF: btf__distill_base(): type [%u] references type id %u, the last type id is %u\n",
			d->cur_id, *id, d->cnt - 1);
		return -EINVAL;
	}
	if (*id == 0 || *id >= d->base_cnt || d->cls[*id] != DISTILL_UNUSED)
		return 0;
	t = btf_type_by_id(d->src, *id);
	d->cls[*id] = distill_class_of(d->src, t);
	if (d->cls[*id] == DISTILL_MOVE)
		return id_stack_push(&d->todo, *id);
	return 0;
}

static int distill_visit_type(struct distill *d, __u32 id)
{
	d->cur_id = id;
	return btf_type_visit_type_ids(btf_type_by_id(d->src, id), distill_visit_ref, d);
}

/* classify every base type the split types use, directly or through moved types */
static int distill_classify(struct distill *d)
{
	__u32 id;
	int err;

	for (id = d->base_cnt; id < d->cnt; id++) {
		err = distill_visit_type(d, id);
		if (err)
			return err;
	}
	while (d->todo.len) {
		err = distill_visit_type(d, d->todo.ids[--d->todo.len]);
		if (err)
			return err;
	}
	return 0;
}

/* the distilled description of base type t; returns its id in base */
static int distill_add_base_type(struct btf *base, const struct btf *src,
				 const struct btf_type *t)
{
	struct btf_type stub = *t;

	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		/* name and size, no members */
		stub.info = btf_type_info(btf_kind(t), 0, false);
		return btf__add_type(base, src, &stub);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		/* an enum without values (a forward declaration) of the size */
		stub.info = btf_type_info(BTF_KIND_ENUM, 0, btf_kflag(t));
		return btf__add_type(base, src, &stub);
	default:
		/* INT, FLOAT and FWD in full */
		return btf__add_type(base, src, t);
	}
}

static int distill_build(struct distill *d, __u32 *map, struct btf **new_base,
			 struct btf **new_split)
{
	const struct btf *src = d->src;
	struct id_remap remap = { .map = map, .cnt = d->cnt, .func = "btf__distill_base" };
	struct btf *base, *split = NULL;
	size_t ptr_sz = btf__pointer_size(src);
	__u32 id;
	int err, new_id;

	base = btf__new_empty();
	if (!base)
		return -errno;
	err = btf__set_endianness(base, btf__endianness(src));
	if (!err && ptr_sz)
		err = btf__set_pointer_size(base, ptr_sz);
	if (err)
		goto err_out;
	map[0] = 0;
	for (id = 1; id < d->base_cnt; id++) {
		if (d->cls[id] != DISTILL_KEEP)
			continue;
		new_id = distill_add_base_type(base, src, btf_type_by_id(src, id));
		if (new_id < 0) {
			err = new_id;
			goto err_out;
		}
		map[id] = new_id;
	}

	split = btf__new_empty_split(base);
	if (!split) {
		err = -errno;
		goto err_out;
	}
	/* the moved base types first, then the split types in their order */
	for (id = 1; id < d->cnt; id++) {
		if (id < d->base_cnt && d->cls[id] != DISTILL_MOVE)
			continue;
		new_id = btf__add_type(split, src, btf_type_by_id(src, id));
		if (new_id < 0) {
			err = new_id;
			goto err_out;
		}
		map[id] = new_id;
	}
	err = remap_own_types(split, btf__type_cnt(base), &remap);
	if (err)
		goto err_out;
	*new_base = base;
	*new_split = split;
	return 0;
err_out:
	btf__free(split);
	btf__free(base);
	return err;
}

int btf__distill_base(const struct btf *src_btf, struct btf **new_base_btf,
		      struct btf **new_split_btf)
{
	struct distill d = { .src = src_btf };
	struct btf *base = NULL, *split = NULL;
	__u32 *map = NULL, i;
	int err;

	if (!src_btf || !new_base_btf || !new_split_btf) {
		pr_warn("BTF: btf__distill_base(): source BTF and both result pointers are required\n");
		return libbpf_err(-EINVAL);
	}
	if (!btf__base_btf(src_btf)) {
		pr_warn("BTF: btf__distill_base(): source BTF is not split BTF, it has no base to distill\n");
		return libbpf_err(-EINVAL);
	}
	d.cnt = btf__type_cnt(src_btf);
	d.base_cnt = btf__type_cnt(btf__base_btf(src_btf));
	d.cls = calloc(d.base_cnt, sizeof(*d.cls));
	map = malloc(d.cnt * sizeof(*map));
	if (!d.cls || !map) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < d.cnt; i++)
		map[i] = ID_UNMAPPED;
	err = distill_classify(&d);
	if (!err)
		err = distill_build(&d, map, &base, &split);
	if (!err) {
		*new_base_btf = base;
		*new_split_btf = split;
	}
out:
	if (err == -ENOMEM)
		pr_warn("BTF: btf__distill_base(): out of memory for %u types\n", d.cnt);
	free(d.todo.ids);
	free(d.cls);
	free(map);
	return libbpf_err(err);
}

/* ---- btf__relocate() ---------------------------------------------------- */

/* how the split BTF uses each base type */
enum {
	USE_NONE = 0,
	USE_REF = 1,		/* referenced */
	USE_EMBED = 2,		/* contained by value: its size must match */
};

struct named_id {
	const char *name;
	__u32 id;
};

struct reloc {
	struct btf *btf;		/* the split BTF */
	const struct btf *new_base;
	__u32 old_start;		/* btf's first own id */
	__u32 cnt;			/* btf__type_cnt(btf) */
	__u8 *use;			/* USE_* of each old base id */
	struct named_id *by_name;	/* new base types a base type can match */
	__u32 by_name_cnt;
	__u32 cur_id;
};

static int reloc_visit_ref(__u32 *id, void *data)
{
	struct reloc *r = data;

	if (*id >= r->cnt) {
		pr_warn("BTF: btf__relocate(): type [%u] references type id %u, the last type id is %u\n",
			r->cur_id, *id, r->cnt - 1);
		return -EINVAL;
	}
	if (*id && *id < r->old_start)
		r->use[*id] |= USE_REF;
	return 0;
}

/*
 * A member or variable of type id holds that type by value: follow
 * typedefs, modifiers and arrays among the split types, and if that ends
 * at a base struct or union, its size must be the same in the new base.
 */
static void reloc_mark_embedded(struct reloc *r, __u32 id)
{
	const struct btf_type *t;
	int depth;

	for (depth = 0; depth < EMBED_MAX_DEPTH && id && id < r->cnt; depth++) {
		t = btf__type_by_id(r->btf, id);
		if (id < r->old_start) {
			if (btf_is_composite(t))
				r->use[id] |= USE_EMBED;
			return;
		}
		if (btf_is_mod(t) || btf_is_typedef(t))
			id = t->type;
		else if (btf_is_array(t))
			id = btf_array(t)->type;
		else
			return;
	}
}

static int reloc_mark_uses(struct reloc *r)
{
	const struct btf_type *t;
	__u32 id;
	int i, err;

	for (id = r->old_start; id < r->cnt; id++) {
		r->cur_id = id;
		err = btf_type_visit_type_ids(btf_type_by_id(r->btf, id), reloc_visit_ref, r);
		if (err)
			return err;
	}
	for (id = r->old_start; id < r->cnt; id++) {
		t = btf__type_by_id(r->btf, id);
		if (btf_is_composite(t)) {
			for (i = 0; i < btf_vlen(t); i++)
				reloc_mark_embedded(r, btf_members(t)[i].type);
		} else if (btf_is_var(t)) {
			reloc_mark_embedded(r, t->type);
		}
	}
	return 0;
}

static bool kind_is_matchable(__u32 kind)
{
	switch (kind) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		return true;
	default:
		return false;
	}
}

static int named_id_cmp(const void *a, const void *b)
{
	const struct named_id *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* the new base's named types of matchable kinds, sorted by name and id */
static int reloc_index_new_base(struct reloc *r)
{
	const struct btf *base = r->new_base;
	__u32 id, cnt = btf__type_cnt(base), n = 0;
	const struct btf_type *t;
	const char *name;

	r->by_name = malloc((size_t)cnt * sizeof(*r->by_name));
	if (!r->by_name)
		return -ENOMEM;
	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(base, id);
		name = btf_type_name(base, t);
		if (!name[0] || !kind_is_matchable(btf_kind(t)))
			continue;
		r->by_name[n].name = name;
		r->by_name[n].id = id;
		n++;
	}
	qsort(r->by_name, n, sizeof(*r->by_name), named_id_cmp);
	r->by_name_cnt = n;
	return 0;
}

/* index of the first entry called name (r->by_name_cnt if none) */
static __u32 reloc_first_named(const struct reloc *r, const char *name)
{
	__u32 lo = 0, hi = r->by_name_cnt, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(r->by_name[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * How well candidate c of the new base matches old base type t: 0 not
 * at all, higher is better. *equal says that candidates of that rank
 * are interchangeable, so the first one may be taken if there are
 * several; otherwise several at the best rank are ambiguous.
 */
static int match_rank(const struct btf_type *t, bool embedded,
		      const struct btf_type *c, bool *equal)
{
	__u32 kind = btf_kind(t), ckind = btf_kind(c);

	*equal = false;
	switch (kind) {
	case BTF_KIND_INT:
		*equal = true;
		return ckind == BTF_KIND_INT && c->size == t->size &&
		       btf_int_encoding(c) == btf_int_encoding(t) &&
		       btf_int_offset(c) == btf_int_offset(t) &&
		       btf_int_bits(c) == btf_int_bits(t);
	case BTF_KIND_FLOAT:
		*equal = true;
		return ckind == BTF_KIND_FLOAT && c->size == t->size;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (ckind != kind)
			return 0;
		if (c->size == t->size)
			return 2;
		/* held by pointer only: the name is enough if it is unique */
		return embedded ? 0 : 1;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if ((ckind != BTF_KIND_ENUM && ckind != BTF_KIND_ENUM64) ||
		    c->size != t->size)
			return 0;
		/* forward declarations of an enum are all the same */
		*equal = btf_vlen(c) == 0;
		return btf_vlen(c) ? 2 : 1;
	case BTF_KIND_FWD:
		if (ckind == (btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT))
			return 2;
		*equal = true;
		return ckind == BTF_KIND_FWD && btf_kflag(c) == btf_kflag(t);
	default:
		return 0;
	}
}

static void reloc_describe(const struct btf *btf, __u32 id, const struct btf_type *t,
			   char *buf, size_t sz)
{
	const char *name = btf_type_name(btf, t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		snprintf(buf, sz, "[%u] %s '%s' size %u", id, btf_kind_str(t), name,
			 t->size);
		break;
	case BTF_KIND_FWD:
		snprintf(buf, sz, "[%u] FWD %s '%s'", id, btf_kflag(t) ? "union" : "struct",
			 name);
		break;
	default:
		snprintf(buf, sz, "[%u] %s '%s'", id, btf_kind_str(t), name);
	}
}

/* the new base id of old base type id; reports and returns -errno if none */
static int reloc_match(struct reloc *r, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(r->btf, id), *c;
	bool embedded = r->use[id] & USE_EMBED, equal, best_equal = false;
	const char *name = btf_type_name(r->btf, t);
	int rank, best = 0, nbest = 0, named = 0;
	__u32 i, best_id = 0, second_id = 0;
	char desc[256];

	reloc_describe(r->btf, id, t, desc, sizeof(desc));
	if (!name[0] || !kind_is_matchable(btf_kind(t))) {
		pr_warn("BTF: btf__relocate(): split BTF uses base type %s, which cannot be matched in another base (only named ints, floats, structs, unions, enums and forward declarations can; is the base distilled?)\n",
			desc);
		return -EINVAL;
	}
	for (i = reloc_first_named(r, name);
	     i < r->by_name_cnt && !strcmp(r->by_name[i].name, name); i++) {
		c = btf__type_by_id(r->new_base, r->by_name[i].id);
		named++;
		rank = match_rank(t, embedded, c, &equal);
		if (!rank || rank < best)
			continue;
		if (rank > best) {
			best = rank;
			nbest = 0;
			best_id = r->by_name[i].id;
			best_equal = equal;
		} else if (nbest == 1) {
			second_id = r->by_name[i].id;
		}
		nbest++;
	}
	if (!best) {
		pr_warn("BTF: btf__relocate(): no match for base type %s%s in the new base (%d types of that name there%s)\n",
			desc, embedded ? ", embedded by value" : "", named,
			named ? ", none of the same kind and size" : "");
		return -ENOENT;
	}
	if (nbest > 1 && !best_equal) {
		pr_warn("BTF: btf__relocate(): base type %s matches %d types of the new base, [%u] and [%u] among them; ambiguous\n",
			desc, nbest, best_id, second_id);
		return -EINVAL;
	}
	return best_id;
}

/* the new id of every type id btf uses: base ones matched, own ones moved up */
static int reloc_map_ids(struct reloc *r, __u32 *map)
{
	__u32 id, new_start = btf__type_cnt(r->new_base);
	int new_id, err = 0;

	for (id = 0; id < r->cnt; id++)
		map[id] = ID_UNMAPPED;
	map[0] = 0;
	for (id = 1; id < r->old_start; id++) {
		if (!r->use[id])
			continue;
		new_id = reloc_match(r, id);
		if (new_id < 0) {
			/* report every mismatch, fail with the first */
			err = err ?: new_id;
			continue;
		}
		map[id] = new_id;
	}
	for (id = r->old_start; id < r->cnt; id++)
		map[id] = new_start + (id - r->old_start);
	return err;
}

/* btf's own types, copied onto new_base with their ids rewritten by map */
static struct btf *reloc_rebuild(struct reloc *r, const __u32 *map)
{
	struct id_remap remap = { .map = map, .cnt = r->cnt, .func = "btf__relocate" };
	size_t ptr_sz = btf__pointer_size(r->btf);
	struct btf *res;
	__u32 id;
	int err;

	res = btf__new_empty_split((struct btf *)r->new_base);
	if (!res)
		return NULL;
	err = btf__set_endianness(res, btf__endianness(r->btf));
	if (!err && ptr_sz)
		err = btf__set_pointer_size(res, ptr_sz);
	for (id = r->old_start; id < r->cnt && !err; id++) {
		err = btf__add_type(res, r->btf, btf__type_by_id(r->btf, id));
		if (err > 0)
			err = 0;
	}
	/* the same types in the same order: only the base ids change */
	err = err ?: remap_own_types(res, btf__type_cnt(r->new_base), &remap);
	if (err) {
		btf__free(res);
		errno = -err;
		return NULL;
	}
	return res;
}

int btf__relocate(struct btf *btf, const struct btf *base_btf)
{
	struct reloc r = { .btf = btf, .new_base = base_btf };
	const struct btf *b;
	struct btf *res;
	__u32 *map = NULL;
	int err;

	if (!btf || !base_btf) {
		pr_warn("BTF: btf__relocate(): split BTF and new base BTF are required\n");
		return libbpf_err(-EINVAL);
	}
	if (!btf__base_btf(btf)) {
		pr_warn("BTF: btf__relocate(): BTF is not split BTF, there is no base to replace\n");
		return libbpf_err(-EINVAL);
	}
	if (base_btf == btf__base_btf(btf))
		return 0;	/* already there */
	for (b = base_btf; b; b = btf__base_btf(b)) {
		if (b == btf) {
			pr_warn("BTF: btf__relocate(): the new base is the split BTF itself or built on it\n");
			return libbpf_err(-EINVAL);
		}
		/* the base btf owns (.BTF.base) is freed when it is replaced */
		if (b == btf__base_btf(btf) && btf_owns_base(btf)) {
			pr_warn("BTF: btf__relocate(): the new base is built on the base this BTF owns\n");
			return libbpf_err(-EINVAL);
		}
	}
	r.old_start = btf__type_cnt(btf__base_btf(btf));
	r.cnt = btf__type_cnt(btf);
	r.use = calloc(r.old_start, sizeof(*r.use));
	map = malloc((size_t)r.cnt * sizeof(*map));
	if (!r.use || !map) {
		err = -ENOMEM;
		goto out;
	}
	err = reloc_mark_uses(&r);
	err = err ?: reloc_index_new_base(&r);
	err = err ?: reloc_map_ids(&r, map);
	if (err)
		goto out;
	res = reloc_rebuild(&r, map);
	if (!res) {
		err = -errno;
		goto out;
	}
	btf_replace_contents(btf, res);
out:
	if (err == -ENOMEM)
		pr_warn("BTF: btf__relocate(): out of memory for %u types\n", r.cnt);
	free(r.by_name);
	free(r.use);
	free(map);
	return libbpf_err(err);
}
