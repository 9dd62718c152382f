// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf__dedup(): collapse the duplicate types that every compilation unit
 * brings into one BTF (pahole on a multi-CU binary, btf__add_btf() of
 * several objects) into one copy each, and drop unreferenced strings
 * (unless every string is known to be there once already, as libbpf).
 *
 * The work is done on a private copy of the BTF's own types; the BTF (and
 * the .BTF.ext given in the options) change only once every pass has
 * succeeded, so a failed dedup leaves both as they were. The passes:
 *
 *  1. strings: every string offset of the own types, then of the .BTF.ext,
 *     is rewritten into a new string section holding each distinct string
 *     once, in order of first reference ("" first); strings the base BTF
 *     has keep the base's offset. Like libbpf, a BTF whose strings are
 *     known to be unique (built from empty with btf__add_*(), or
 *     deduplicated before) keeps its string section as it is;
 *  2. primitive types (INT, FLOAT, ENUM, ENUM64, FWD) merge with an equal
 *     earlier one; an enum without values (a forward-declared enum) merges
 *     into a full enum of the same name;
 *  3. structs and unions: a candidate of the same shallow shape (name,
 *     size, member names and offsets) is checked by walking both type
 *     graphs at once, remembering which canonical type each visited type
 *     is assumed equal to (the hypothetical map); a FWD on one side
 *     matches a struct/union of the same name and kind on the other, and
 *     a successful walk resolves such FWDs to the struct;
 *  4. a FWD still alone resolves to the only canonical struct/union of
 *     its name and kind, when there is exactly one;
 *  5. reference types (PTR, TYPEDEF, CONST, VOLATILE, RESTRICT, TYPE_TAG,
 *     FUNC, ARRAY, FUNC_PROTO, DECL_TAG) merge once what they point to is
 *     final, depth first; VAR and DATASEC are kept as they are;
 *  6. the canonical types are kept in their order and every type id (of
 *     types and of .BTF.ext func_info and CO-RE relocations) is mapped to
 *     its canonical type's new id.
 *
 * Candidates are found by a hash of each type's shallow contents, in the
 * order libbpf's hash table gives them (see tab_grow()). Base BTF types are
 * canonical from the start and never change; split types that equal a
 * base type become references to it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "libbpf_internal.h"

#define DD_UNSET	UINT32_MAX		/* not processed / no mapping */
#define DD_IN_PROGRESS	(UINT32_MAX - 1)	/* reference pass: on the stack */
#define DD_MAX_ID	0x7fffffffU

/* a string section under construction, with an index of its strings */
struct dd_strs {
	char *data;
	size_t len;
	size_t cap;
	__u32 *slots;		/* string offset + 1; 0 is free */
	size_t nslots;		/* a power of two */
	size_t cnt;
};

/* canonical types by hash, chained per bucket (order: see tab_grow()) */
struct dd_entry {
	__u64 hash;
	__u32 id;
	__u32 next;		/* index + 1 of the next entry in the chain */
};

struct dd_table {
	struct dd_entry *ents;
	size_t cnt;
	size_t cap;
	__u32 *heads;		/* index + 1 of each bucket's first entry */
	size_t nbuckets;	/* a power of two, or 0 */
};

/* a pair of type ids the struct walk still has to compare */
struct dd_pair {
	__u32 cand;
	__u32 canon;
};

/* a reference type whose referenced types are being deduplicated */
struct dd_frame {
	__u32 id;
	__u32 field;		/* index of the next type id field to do */
};

struct dd_out;

struct btf_dedup {
	struct btf *btf;
	struct btf_ext *ext;
	bool force_collisions;
	__u32 start_id;		/* first own type id */
	__u32 type_cnt;		/* all type ids, base ones included */
	__u32 str_start;	/* first own string offset */

	/* private copy of the own types */
	void *types;
	size_t types_len;
	__u32 *offs;
	__u32 nr_types;

	/* type id -> the type it is a duplicate of, itself, or DD_UNSET */
	__u32 *map;
	/* canonical type id -> candidate id assumed equal to it */
	__u32 *hypot_map;
	__u32 *hypot_list;	/* canonical ids set in hypot_map */
	size_t hypot_cnt;
	size_t hypot_cap;
	/* the walk would have to resolve a base FWD: not equal after all */
	bool hypot_adjust_canon;

	struct dd_table table;
	struct dd_strs strs;
	bool strs_kept;		/* the string section stays as it is */
	/* new string offsets of the .BTF.ext, in visiting order */
	__u32 *ext_strs;
	size_t ext_strs_cnt;
	size_t ext_strs_cap;

	struct dd_pair *pairs;
	size_t pairs_cnt;
	size_t pairs_cap;
	struct dd_frame *frames;
	size_t frames_cnt;
	size_t frames_cap;

	const struct dd_out *out;	/* the result, once compacted */
};

static struct btf_type *dd_type(const struct btf_dedup *d, __u32 id)
{
	if (id >= d->start_id)
		return d->types + d->offs[id - d->start_id];
	/* void or a base type: never written */
	return btf_type_by_id(d->btf, id);
}

/* ---- hashing ------------------------------------------------------------ */

static __u64 hmix(__u64 h, __u64 v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 12) + (h >> 4);
	return h * 0xff51afd7ed558ccdULL;
}

static __u64 hash_common(const struct btf_type *t)
{
	return hmix(hmix(hmix(0, t->name_off), t->info), t->size);
}

/* INT and DECL_TAG: the common part and the one word after it */
static __u64 hash_int_tag(const struct btf_type *t)
{
	return hmix(hash_common(t), *(const __u32 *)(t + 1));
}

/* enums hash by name only, so that an enum without values (a forward
 * declaration) meets the full enum it declares */
static __u64 hash_enum(const struct btf_type *t)
{
	return hmix(1, t->name_off);
}

/* member names and offsets, not member types */
static __u64 hash_struct(const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	__u64 h = hash_common(t);
	int i;

	for (i = 0; i < btf_vlen(t); i++, m++)
		h = hmix(hmix(h, m->name_off), m->offset);
	return h;
}

static __u64 hash_array(const struct btf_type *t)
{
	const struct btf_array *a = btf_array(t);

	return hmix(hmix(hmix(hash_common(t), a->type), a->index_type), a->nelems);
}

static __u64 hash_fnproto(const struct btf_type *t)
{
	const struct btf_param *p = btf_params(t);
	__u64 h = hash_common(t);
	int i;

	for (i = 0; i < btf_vlen(t); i++, p++)
		h = hmix(hmix(h, p->name_off), p->type);
	return h;
}

/* the hash a type of any deduplicated kind is filed under */
static __u64 hash_type(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_DECL_TAG:
		return hash_int_tag(t);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return hash_enum(t);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return hash_struct(t);
	case BTF_KIND_ARRAY:
		return hash_array(t);
	case BTF_KIND_FUNC_PROTO:
		return hash_fnproto(t);
	default:
		return hash_common(t);
	}
}

/* ---- the table of canonical types --------------------------------------- */

static size_t tab_bucket_of(__u64 hash, size_t nbuckets)
{
	return (hash ^ (hash >> 29)) & (nbuckets - 1);
}

static size_t tab_bucket(const struct btf_dedup *d, __u64 hash)
{
	/* every type in one chain: candidates are found by comparison only */
	if (d->force_collisions)
		return 0;
	return tab_bucket_of(hash, d->table.nbuckets);
}

/*
 * The table grows as libbpf's hashmap does: to 4 buckets, then doubling
 * when an insertion would fill more than 3/4 of them, moving each old
 * chain's entries front to back onto the head of their new chain. That
 * reverses the order of entries of the same hash at every growth, which
 * decides which of several matching candidates comes first; doing the
 * same gives the same choices as libbpf 1.1.
 */
static int tab_grow(struct btf_dedup *d)
{
	struct dd_table *tab = &d->table;
	size_t n = tab->nbuckets ? tab->nbuckets * 2 : 4, i, b;
	__u32 *heads, pos, next;

	heads = calloc(n, sizeof(*heads));
	if (!heads)
		return -ENOMEM;
	for (i = 0; i < tab->nbuckets; i++) {
		for (pos = tab->heads[i]; pos; pos = next) {
			next = tab->ents[pos - 1].next;
			b = d->force_collisions ? 0 : tab_bucket_of(tab->ents[pos - 1].hash, n);
			tab->ents[pos - 1].next = heads[b];
			heads[b] = pos;
		}
	}
	free(tab->heads);
	tab->heads = heads;
	tab->nbuckets = n;
	return 0;
}

static int tab_add(struct btf_dedup *d, __u64 hash, __u32 id)
{
	struct dd_table *tab = &d->table;
	size_t b;
	int err;

	err = libbpf_ensure_mem((void **)&tab->ents, &tab->cap, sizeof(*tab->ents),
				tab->cnt + 1);
	if (err)
		return err;
	if (!tab->nbuckets || (tab->cnt + 1) * 4 / 3 > tab->nbuckets) {
		err = tab_grow(d);
		if (err)
			return err;
	}
	b = tab_bucket(d, hash);
	tab->ents[tab->cnt].hash = hash;
	tab->ents[tab->cnt].id = id;
	tab->ents[tab->cnt].next = tab->heads[b];
	tab->heads[b] = ++tab->cnt;
	return 0;
}

/* first candidate for hash (0 if none), then the next one after pos */
static __u32 tab_next(const struct btf_dedup *d, __u64 hash, __u32 pos)
{
	const struct dd_table *tab = &d->table;

	if (!tab->nbuckets)
		return 0;
	pos = pos ? tab->ents[pos - 1].next : tab->heads[tab_bucket(d, hash)];
	while (pos && !d->force_collisions && tab->ents[pos - 1].hash != hash)
		pos = tab->ents[pos - 1].next;
	return pos;
}

#define for_each_cand(d, hash, pos, cand_id)                                   \
	for (pos = tab_next(d, hash, 0);                                       \
	     pos && ((cand_id = (d)->table.ents[pos - 1].id), 1);              \
	     pos = tab_next(d, hash, pos))

/* ---- comparisons -------------------------------------------------------- */

static bool equal_common(const struct btf_type *a, const struct btf_type *b)
{
	return a->name_off == b->name_off && a->info == b->info &&
	       a->size == b->size;
}

static bool equal_int_tag(const struct btf_type *a, const struct btf_type *b)
{
	return equal_common(a, b) &&
	       *(const __u32 *)(a + 1) == *(const __u32 *)(b + 1);
}

static bool equal_enum(const struct btf_type *a, const struct btf_type *b)
{
	const struct btf_enum *ea = btf_enum(a), *eb = btf_enum(b);
	int i;

	if (!equal_common(a, b))
		return false;
	for (i = 0; i < btf_vlen(a); i++)
		if (ea[i].name_off != eb[i].name_off || ea[i].val != eb[i].val)
			return false;
	return true;
}

static bool equal_enum64(const struct btf_type *a, const struct btf_type *b)
{
	const struct btf_enum64 *ea = btf_enum64(a), *eb = btf_enum64(b);
	int i;

	if (!equal_common(a, b))
		return false;
	for (i = 0; i < btf_vlen(a); i++)
		if (ea[i].name_off != eb[i].name_off ||
		    ea[i].val_lo32 != eb[i].val_lo32 ||
		    ea[i].val_hi32 != eb[i].val_hi32)
			return false;
	return true;
}

static bool equal_any_enum(const struct btf_type *a, const struct btf_type *b)
{
	if (btf_kind(a) != btf_kind(b))
		return false;
	return btf_is_enum(a) ? equal_enum(a, b) : equal_enum64(a, b);
}

static bool is_enum_fwd(const struct btf_type *t)
{
	return btf_is_any_enum(t) && btf_vlen(t) == 0;
}

/*
 * Equal, or one is a forward declaration of the other: the same name is
 * enough; like libbpf 1.1, kind (ENUM, ENUM64), size and signedness do
 * not matter.
 */
static bool compat_enum(const struct btf_type *a, const struct btf_type *b)
{
	if (!is_enum_fwd(a) && !is_enum_fwd(b))
		return equal_any_enum(a, b);
	return a->name_off == b->name_off;
}

/* name, size, member names and offsets: all but member types */
static bool shallow_equal_struct(const struct btf_type *a, const struct btf_type *b)
{
	const struct btf_member *ma = btf_members(a), *mb = btf_members(b);
	int i;

	if (!equal_common(a, b))
		return false;
	for (i = 0; i < btf_vlen(a); i++)
		if (ma[i].name_off != mb[i].name_off || ma[i].offset != mb[i].offset)
			return false;
	return true;
}

/* the same shape and the same member type ids */
static bool identical_struct(const struct btf_type *a, const struct btf_type *b)
{
	const struct btf_member *ma = btf_members(a), *mb = btf_members(b);
	int i;

	if (!shallow_equal_struct(a, b))
		return false;
	for (i = 0; i < btf_vlen(a); i++)
		if (ma[i].type != mb[i].type)
			return false;
	return true;
}

static bool equal_array(const struct btf_type *a, const struct btf_type *b)
{
	const struct btf_array *aa = btf_array(a), *ab = btf_array(b);

	return equal_common(a, b) && aa->type == ab->type &&
	       aa->index_type == ab->index_type && aa->nelems == ab->nelems;
}

/* all but the element and index types */
static bool compat_array(const struct btf_type *a, const struct btf_type *b)
{
	return equal_common(a, b) && btf_array(a)->nelems == btf_array(b)->nelems;
}

static bool equal_fnproto(const struct btf_type *a, const struct btf_type *b)
{
	const struct btf_param *pa = btf_params(a), *pb = btf_params(b);
	int i;

	if (!equal_common(a, b))
		return false;
	for (i = 0; i < btf_vlen(a); i++)
		if (pa[i].name_off != pb[i].name_off || pa[i].type != pb[i].type)
			return false;
	return true;
}

/* all but the return and parameter types */
static bool compat_fnproto(const struct btf_type *a, const struct btf_type *b)
{
	const struct btf_param *pa = btf_params(a), *pb = btf_params(b);
	int i;

	if (a->name_off != b->name_off || a->info != b->info)
		return false;
	for (i = 0; i < btf_vlen(a); i++)
		if (pa[i].name_off != pb[i].name_off)
			return false;
	return true;
}

/* ---- the type map ------------------------------------------------------- */

static bool is_mapped(const struct btf_dedup *d, __u32 id)
{
	return d->map[id] <= DD_MAX_ID;
}

/* follow the map to the canonical type (an unprocessed type is its own) */
static __u32 resolve(const struct btf_dedup *d, __u32 id)
{
	while (is_mapped(d, id) && d->map[id] != id)
		id = d->map[id];
	return id;
}

/* a FWD that resolves to a struct/union becomes it; else unchanged */
static __u32 resolve_fwd(const struct btf_dedup *d, __u32 id)
{
	__u32 res;

	if (!btf_is_fwd(dd_type(d, id)))
		return id;
	res = resolve(d, id);
	return btf_is_fwd(dd_type(d, res)) ? id : res;
}

/* ---- pass 1: strings ---------------------------------------------------- */

static __u32 str_hash(const char *s)
{
	__u32 h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static size_t strs_slot(const struct dd_strs *st, const char *s)
{
	size_t mask = st->nslots - 1, i = str_hash(s) & mask;

	while (st->slots[i] && strcmp(st->data + st->slots[i] - 1, s))
		i = (i + 1) & mask;
	return i;
}

static int strs_grow_index(struct dd_strs *st)
{
	size_t n = st->nslots ? st->nslots * 2 : 4096, i, old_n = st->nslots;
	__u32 *old = st->slots;

	st->slots = calloc(n, sizeof(*st->slots));
	if (!st->slots) {
		st->slots = old;
		return -ENOMEM;
	}
	st->nslots = n;
	for (i = 0; i < old_n; i++)
		if (old[i])
			st->slots[strs_slot(st, st->data + old[i] - 1)] = old[i];
	free(old);
	return 0;
}

/* offset of s in the new section, added if it is not there yet */
static long strs_add(struct dd_strs *st, const char *s)
{
	size_t len = strlen(s) + 1, slot, off;
	int err;

	if ((st->cnt + 1) * 2 > st->nslots) {
		err = strs_grow_index(st);
		if (err)
			return err;
	}
	slot = strs_slot(st, s);
	if (st->slots[slot])
		return st->slots[slot] - 1;
	if (st->len + len > DD_MAX_ID)
		return -E2BIG;
	err = libbpf_ensure_mem((void **)&st->data, &st->cap, 1, st->len + len);
	if (err)
		return err;
	off = st->len;
	memcpy(st->data + off, s, len);
	st->len += len;
	/* the data may have moved, but the slot does not depend on it */
	st->slots[slot] = off + 1;
	st->cnt++;
	return off;
}

/* the new offset of the string at old offset off */
static int dd_new_str_off(struct btf_dedup *d, __u32 off, __u32 *new_off)
{
	struct btf *base = (struct btf *)btf__base_btf(d->btf);
	const char *s;
	long r;

	/* "" and base strings stay where they are */
	if (off == 0 || off < d->str_start) {
		*new_off = off;
		return 0;
	}
	s = btf__str_by_offset(d->btf, off);
	if (base) {
		r = btf__find_str(base, s);
		if (r >= 0) {
			*new_off = r;
			return 0;
		}
		if (r != -ENOENT)
			return r;
	}
	r = strs_add(&d->strs, s);
	if (r < 0)
		return r;
	if ((__u64)d->str_start + r > DD_MAX_ID)
		return -E2BIG;
	*new_off = d->str_start + r;
	return 0;
}

static int dd_type_str(__u32 *off, void *ctx)
{
	return dd_new_str_off(ctx, *off, off);
}

typedef int (*dd_ext_str_fn)(struct btf_dedup *d, __u32 *off);

/* every string offset of the .BTF.ext: section names, line info file
 * names and lines, CO-RE access strings */
static int ext_visit_strs(struct btf_dedup *d, dd_ext_str_fn fn)
{
	struct btf_ext *ext = d->ext;
	struct btf_ext_info_sec *sec;
	struct bpf_line_info *li;
	struct bpf_core_relo *cr;
	__u32 i;
	int err;

	for_each_btf_ext_sec(&ext->func_info, sec) {
		err = fn(d, &sec->sec_name_off);
		if (err)
			return err;
	}
	for_each_btf_ext_sec(&ext->line_info, sec) {
		err = fn(d, &sec->sec_name_off);
		if (err)
			return err;
		for_each_btf_ext_rec(&ext->line_info, sec, i, li) {
			err = fn(d, &li->file_name_off);
			err = err ?: fn(d, &li->line_off);
			if (err)
				return err;
		}
	}
	for_each_btf_ext_sec(&ext->core_relo_info, sec) {
		err = fn(d, &sec->sec_name_off);
		if (err)
			return err;
		for_each_btf_ext_rec(&ext->core_relo_info, sec, i, cr) {
			err = fn(d, &cr->access_str_off);
			if (err)
				return err;
		}
	}
	return 0;
}

/* remember the new offset; the .BTF.ext itself changes only at the end */
static int ext_str_collect(struct btf_dedup *d, __u32 *off)
{
	__u32 new_off;
	int err;

	err = dd_new_str_off(d, *off, &new_off);
	err = err ?: libbpf_ensure_mem((void **)&d->ext_strs, &d->ext_strs_cap,
				       sizeof(*d->ext_strs), d->ext_strs_cnt + 1);
	if (err)
		return err;
	d->ext_strs[d->ext_strs_cnt++] = new_off;
	return 0;
}

static int dedup_strings(struct btf_dedup *d)
{
	const char *own;
	size_t len;
	long r;
	__u32 i;
	int err;

	/* already deduplicated: keep the section as it is, as libbpf does */
	own = btf_own_strs(d->btf, &len, &d->strs_kept);
	if (d->strs_kept) {
		d->strs.data = malloc(len ?: 1);
		if (!d->strs.data)
			return -ENOMEM;
		if (len)
			memcpy(d->strs.data, own, len);
		d->strs.len = len;
		return 0;
	}
	if (!btf__base_btf(d->btf)) {
		r = strs_add(&d->strs, "");
		if (r < 0)
			return r;
	}
	for (i = 0; i < d->nr_types; i++) {
		err = btf_type_visit_str_offs(dd_type(d, d->start_id + i),
					      dd_type_str, d);
		if (err)
			return err;
	}
	return d->ext ? ext_visit_strs(d, ext_str_collect) : 0;
}

/* ---- pass 2: primitive types -------------------------------------------- */

static int dedup_prim_type(struct btf_dedup *d, __u32 id)
{
	struct btf_type *t = dd_type(d, id), *c;
	__u32 new_id = id, cand_id, pos;
	__u64 h;

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_FWD:
		h = hash_type(t);
		for_each_cand(d, h, pos, cand_id) {
			c = dd_type(d, cand_id);
			if (btf_is_int(t) ? equal_int_tag(t, c) : equal_common(t, c)) {
				new_id = cand_id;
				break;
			}
		}
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		h = hash_type(t);
		for_each_cand(d, h, pos, cand_id) {
			c = dd_type(d, cand_id);
			if (!btf_is_any_enum(c))
				continue;
			if (equal_any_enum(t, c)) {
				new_id = cand_id;
				break;
			}
			if (!compat_enum(t, c))
				continue;
			if (is_enum_fwd(t)) {
				new_id = cand_id;
				break;
			}
			/* a canonical forward declaration gets the full enum */
			d->map[cand_id] = id;
		}
		break;
	default:
		return 0;
	}
	d->map[id] = new_id;
	return new_id == id ? tab_add(d, h, id) : 0;
}

/* ---- pass 3: structs and unions ----------------------------------------- */

static void hypot_clear(struct btf_dedup *d)
{
	size_t i;

	for (i = 0; i < d->hypot_cnt; i++)
		d->hypot_map[d->hypot_list[i]] = DD_UNSET;
	d->hypot_cnt = 0;
	d->hypot_adjust_canon = false;
}

static int hypot_add(struct btf_dedup *d, __u32 canon_id, __u32 cand_id)
{
	int err;

	err = libbpf_ensure_mem((void **)&d->hypot_list, &d->hypot_cap,
				sizeof(*d->hypot_list), d->hypot_cnt + 1);
	if (err)
		return err;
	d->hypot_list[d->hypot_cnt++] = canon_id;
	d->hypot_map[canon_id] = cand_id;
	return 0;
}

static int push_pair(struct btf_dedup *d, __u32 cand, __u32 canon)
{
	int err;

	err = libbpf_ensure_mem((void **)&d->pairs, &d->pairs_cap, sizeof(*d->pairs),
				d->pairs_cnt + 1);
	if (err)
		return err;
	d->pairs[d->pairs_cnt].cand = cand;
	d->pairs[d->pairs_cnt].canon = canon;
	d->pairs_cnt++;
	return 0;
}

/* struct/union kind a FWD declares */
static __u16 fwd_kind(const struct btf_type *t)
{
	return btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT;
}

/*
 * Push the pairs of referenced types of cand_t and canon_t (same kind and
 * shape) in reverse, so that they pop in field order: the walk then goes
 * depth first in the order a recursive one would.
 */
static int push_children(struct btf_dedup *d, const struct btf_type *cand_t,
			 const struct btf_type *canon_t)
{
	const struct btf_member *cm, *km;
	const struct btf_param *cp, *kp;
	int i, err = 0;

	switch (btf_kind(canon_t)) {
	case BTF_KIND_ARRAY:
		err = push_pair(d, btf_array(cand_t)->type, btf_array(canon_t)->type);
		return err ?: push_pair(d, btf_array(cand_t)->index_type,
					btf_array(canon_t)->index_type);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		cm = btf_members(cand_t);
		km = btf_members(canon_t);
		for (i = btf_vlen(canon_t) - 1; i >= 0 && !err; i--)
			err = push_pair(d, cm[i].type, km[i].type);
		return err;
	case BTF_KIND_FUNC_PROTO:
		cp = btf_params(cand_t);
		kp = btf_params(canon_t);
		for (i = btf_vlen(canon_t) - 1; i >= 0 && !err; i--)
			err = push_pair(d, cp[i].type, kp[i].type);
		return err ?: push_pair(d, cand_t->type, canon_t->type);
	default:
		return push_pair(d, cand_t->type, canon_t->type);
	}
}

/*
 * One step of the equivalence walk: is cand (a type of the graph being
 * deduplicated) equal to canon (of the canonical graph)? 1: yes as far
 * as this pair goes, 2: yes if the referenced pairs (pushed) are too,
 * 0: no, < 0: error.
 */
static int equiv_step(struct btf_dedup *d, __u32 cand_id, __u32 canon_id)
{
	struct btf_type *cand_t, *canon_t, *h_t;
	__u16 cand_kind, canon_kind;
	__u32 hypot_id;
	int err;

	if (resolve(d, cand_id) == resolve(d, canon_id))
		return 1;
	canon_id = resolve_fwd(d, canon_id);

	hypot_id = d->hypot_map[canon_id];
	if (hypot_id != DD_UNSET) {
		if (hypot_id == cand_id)
			return 1;
		/*
		 * A unit may have two identical copies of an array or a
		 * struct/union (e.g. the two anonymous structs of the
		 * kernel's struct_group()) where the canonical graph has
		 * one: identical down to the referenced type ids is equal.
		 */
		h_t = dd_type(d, hypot_id);
		cand_t = dd_type(d, cand_id);
		if (btf_is_array(h_t) && btf_is_array(cand_t))
			return equal_array(h_t, cand_t);
		return btf_is_composite(h_t) && btf_is_composite(cand_t) &&
		       identical_struct(h_t, cand_t);
	}
	err = hypot_add(d, canon_id, cand_id);
	if (err)
		return err;

	cand_t = dd_type(d, cand_id);
	canon_t = dd_type(d, canon_id);
	cand_kind = btf_kind(cand_t);
	canon_kind = btf_kind(canon_t);
	if (cand_t->name_off != canon_t->name_off)
		return 0;
	if (cand_kind != canon_kind) {
		if (cand_kind == BTF_KIND_FWD)
			return fwd_kind(cand_t) == canon_kind;
		if (canon_kind != BTF_KIND_FWD || fwd_kind(canon_t) != cand_kind)
			return 0;
		/* resolving a base FWD would change the base: see merge */
		if (canon_id < d->start_id)
			d->hypot_adjust_canon = true;
		return 1;
	}

	switch (canon_kind) {
	case BTF_KIND_INT:
		return equal_int_tag(cand_t, canon_t);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return compat_enum(cand_t, canon_t);
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
		return equal_common(cand_t, canon_t);
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FUNC:
	case BTF_KIND_TYPE_TAG:
		if (cand_t->info != canon_t->info)
			return 0;
		break;
	case BTF_KIND_ARRAY:
		if (!compat_array(cand_t, canon_t))
			return 0;
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (!shallow_equal_struct(cand_t, canon_t))
			return 0;
		break;
	case BTF_KIND_FUNC_PROTO:
		if (!compat_fnproto(cand_t, canon_t))
			return 0;
		break;
	default:
		/* VAR, DATASEC, DECL_TAG are not types of struct members */
		return 0;
	}
	err = push_children(d, cand_t, canon_t);
	return err ?: 2;
}

/* whether the type graphs from cand_id and canon_id are equivalent */
static int is_equiv(struct btf_dedup *d, __u32 cand_id, __u32 canon_id)
{
	struct dd_pair p;
	int r;

	d->pairs_cnt = 0;
	r = push_pair(d, cand_id, canon_id);
	if (r)
		return r;
	while (d->pairs_cnt) {
		p = d->pairs[--d->pairs_cnt];
		r = equiv_step(d, p.cand, p.canon);
		if (r <= 0) {
			d->pairs_cnt = 0;
			return r;
		}
	}
	return 1;
}

/*
 * The walk found the graphs equivalent: record what it learned. A FWD on
 * either side resolves to the struct/union on the other; a candidate
 * struct/union not yet processed maps to its canonical counterpart
 * right away. When the walk needed a base FWD resolved, only the FWD
 * mappings are kept (and the candidate is not merged).
 */
static void hypot_merge(struct btf_dedup *d)
{
	__u32 cand_id, canon_id;
	__u16 cand_kind, canon_kind;
	size_t i;

	for (i = 0; i < d->hypot_cnt; i++) {
		canon_id = resolve(d, d->hypot_list[i]);
		cand_id = resolve(d, d->hypot_map[d->hypot_list[i]]);
		cand_kind = btf_kind(dd_type(d, cand_id));
		canon_kind = btf_kind(dd_type(d, canon_id));
		if (canon_kind == BTF_KIND_FWD && cand_kind != BTF_KIND_FWD)
			d->map[canon_id] = cand_id;
		if (d->hypot_adjust_canon)
			continue;
		if (cand_kind == BTF_KIND_FWD && canon_kind != BTF_KIND_FWD)
			d->map[cand_id] = canon_id;
		if ((cand_kind == BTF_KIND_STRUCT || cand_kind == BTF_KIND_UNION) &&
		    canon_kind != BTF_KIND_FWD && is_mapped(d, canon_id) &&
		    !is_mapped(d, cand_id))
			d->map[cand_id] = canon_id;
	}
}

static int dedup_struct_type(struct btf_dedup *d, __u32 id)
{
	struct btf_type *t = dd_type(d, id);
	__u32 new_id = id, cand_id, pos;
	__u64 h;
	int eq;

	if (!btf_is_composite(t) || is_mapped(d, id))
		return 0;
	h = hash_type(t);
	for_each_cand(d, h, pos, cand_id) {
		if (!shallow_equal_struct(t, dd_type(d, cand_id)))
			continue;
		hypot_clear(d);
		eq = is_equiv(d, id, cand_id);
		if (eq < 0)
			return eq;
		if (!eq)
			continue;
		hypot_merge(d);
		if (d->hypot_adjust_canon)
			continue;
		new_id = cand_id;
		break;
	}
	d->map[id] = new_id;
	return new_id == id ? tab_add(d, h, id) : 0;
}

/* ---- pass 4: lone forward declarations ---------------------------------- */

struct dd_name_slot {
	__u32 name_off;
	__u32 id;		/* 0: more than one struct/union has the name */
	bool used;
};

/*
 * A FWD that no struct walk resolved maps to the canonical struct/union
 * of its name if there is exactly one (of any kind) and it is of the
 * declared kind.
 */
static int dedup_resolve_fwds(struct btf_dedup *d)
{
	struct dd_name_slot *slots;
	size_t n = 16, mask, i, cnt = 0;
	struct btf_type *t;
	__u32 id;

	for (id = 1; id < d->type_cnt; id++)
		if (btf_is_composite(dd_type(d, id)) && d->map[id] == id)
			cnt++;
	while (n < cnt * 2)
		n *= 2;
	mask = n - 1;
	slots = calloc(n, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (id = 1; id < d->type_cnt; id++) {
		t = dd_type(d, id);
		if (!btf_is_composite(t) || d->map[id] != id)
			continue;
		for (i = hmix(0, t->name_off) & mask;
		     slots[i].used && slots[i].name_off != t->name_off;
		     i = (i + 1) & mask)
			;
		slots[i].id = slots[i].used ? 0 : id;
		slots[i].name_off = t->name_off;
		slots[i].used = true;
	}
	for (id = d->start_id; id < d->type_cnt; id++) {
		t = dd_type(d, id);
		if (!btf_is_fwd(t) || d->map[id] != id)
			continue;
		for (i = hmix(0, t->name_off) & mask;
		     slots[i].used && slots[i].name_off != t->name_off;
		     i = (i + 1) & mask)
			;
		if (slots[i].used && slots[i].id &&
		    btf_kind(dd_type(d, slots[i].id)) == fwd_kind(t))
			d->map[id] = slots[i].id;
	}
	free(slots);
	return 0;
}

/* ---- pass 5: reference types -------------------------------------------- */

/* the field-th type id field of a reference type, NULL after the last */
static __u32 *ref_field(struct btf_type *t, __u32 field)
{
	switch (btf_kind(t)) {
	case BTF_KIND_ARRAY:
		if (field == 0)
			return &btf_array(t)->type;
		return field == 1 ? &btf_array(t)->index_type : NULL;
	case BTF_KIND_FUNC_PROTO:
		if (field == 0)
			return &t->type;
		return field <= btf_vlen(t) ? &btf_params(t)[field - 1].type : NULL;
	default:
		return field == 0 ? &t->type : NULL;
	}
}

static bool is_ref_kind(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FUNC:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_ARRAY:
	case BTF_KIND_FUNC_PROTO:
		return true;
	default:
		return false;
	}
}

/*
 * Start on type id: 0 and *res = its canonical id if it is done, 1 when
 * it was pushed to be done, < 0 on a loop of reference types.
 */
static int ref_enter(struct btf_dedup *d, __u32 id, __u32 *res)
{
	struct btf_type *t;
	int err;

	if (d->map[id] == DD_IN_PROGRESS) {
		t = dd_type(d, id);
		pr_warn("BTF dedup: type [%u] %s: loop of reference types through it\n",
			id, btf_kind_str(t));
		return -ELOOP;
	}
	if (is_mapped(d, id)) {
		*res = resolve(d, id);
		return 0;
	}
	t = dd_type(d, id);
	if (!is_ref_kind(t)) {
		/* every other kind was done by an earlier pass */
		pr_warn("BTF dedup: type [%u] %s: unexpected kind\n", id, btf_kind_str(t));
		return -EINVAL;
	}
	err = libbpf_ensure_mem((void **)&d->frames, &d->frames_cap,
				sizeof(*d->frames), d->frames_cnt + 1);
	if (err)
		return err;
	d->frames[d->frames_cnt].id = id;
	d->frames[d->frames_cnt].field = 0;
	d->frames_cnt++;
	d->map[id] = DD_IN_PROGRESS;
	return 1;
}

/* every referenced type of id is canonical: find id's canonical type */
static int ref_finish(struct btf_dedup *d, __u32 id, __u32 *res)
{
	struct btf_type *t = dd_type(d, id), *c;
	__u32 new_id = id, cand_id, pos;
	__u64 h = hash_type(t);
	bool eq;

	for_each_cand(d, h, pos, cand_id) {
		c = dd_type(d, cand_id);
		switch (btf_kind(t)) {
		case BTF_KIND_DECL_TAG:
			eq = equal_int_tag(t, c);
			break;
		case BTF_KIND_ARRAY:
			eq = btf_is_array(c) && equal_array(t, c);
			break;
		case BTF_KIND_FUNC_PROTO:
			eq = btf_is_func_proto(c) && equal_fnproto(t, c);
			break;
		default:
			eq = equal_common(t, c);
			break;
		}
		if (eq) {
			new_id = cand_id;
			break;
		}
	}
	d->map[id] = new_id;
	*res = new_id;
	return new_id == id ? tab_add(d, h, id) : 0;
}

/* deduplicate reference type id after what it references, depth first */
static int dedup_ref_type(struct btf_dedup *d, __u32 id)
{
	struct dd_frame *f;
	__u32 *field, res;
	int r;

	r = ref_enter(d, id, &res);
	if (r <= 0)
		return r;
	while (d->frames_cnt) {
		f = &d->frames[d->frames_cnt - 1];
		field = ref_field(dd_type(d, f->id), f->field);
		if (field) {
			r = ref_enter(d, *field, &res);
			if (r < 0)
				return r;
			if (r == 0) {
				/* f is still valid: nothing was pushed */
				*field = res;
				f->field++;
			}
			continue;
		}
		r = ref_finish(d, f->id, &res);
		if (r)
			return r;
		d->frames_cnt--;
		if (d->frames_cnt) {
			f = &d->frames[d->frames_cnt - 1];
			*ref_field(dd_type(d, f->id), f->field) = res;
			f->field++;
		}
	}
	return 0;
}

/* ---- pass 6: compaction and remapping ----------------------------------- */

struct dd_out {
	void *types;
	size_t types_len;
	__u32 *offs;
	__u32 nr_types;
	__u32 *new_id;		/* own type id - start_id -> new id */
};

static __u32 final_id(const struct btf_dedup *d, const struct dd_out *out, __u32 id)
{
	id = resolve(d, id);
	return id < d->start_id ? id : out->new_id[id - d->start_id];
}

struct dd_remap_ctx {
	const struct btf_dedup *d;
	const struct dd_out *out;
};

static int remap_type_id(__u32 *id, void *ctx)
{
	struct dd_remap_ctx *rc = ctx;

	*id = final_id(rc->d, rc->out, *id);
	return 0;
}

static int dedup_compact(struct btf_dedup *d, struct dd_out *out)
{
	struct dd_remap_ctx rc = { .d = d, .out = out };
	size_t len = 0, sz;
	struct btf_type *t;
	__u32 i, id;

	out->new_id = malloc((d->nr_types ?: 1) * sizeof(*out->new_id));
	out->offs = malloc((d->nr_types ?: 1) * sizeof(*out->offs));
	out->types = malloc(d->types_len ?: 1);
	if (!out->new_id || !out->offs || !out->types)
		return -ENOMEM;
	for (i = 0; i < d->nr_types; i++) {
		id = d->start_id + i;
		if (d->map[id] != id) {
			out->new_id[i] = DD_UNSET;
			continue;
		}
		t = dd_type(d, id);
		sz = btf_type_rec_size(t);
		memcpy(out->types + len, t, sz);
		out->offs[out->nr_types] = len;
		out->new_id[i] = d->start_id + out->nr_types++;
		len += sz;
	}
	out->types_len = len;
	for (i = 0; i < out->nr_types; i++)
		btf_type_visit_type_ids(out->types + out->offs[i], remap_type_id, &rc);
	return 0;
}

/* ---- setup and the entry point ------------------------------------------ */

struct dd_check {
	const struct btf_dedup *d;
	__u32 bad;		/* the offending id or offset */
};

static int check_type_id(__u32 *id, void *ctx)
{
	struct dd_check *c = ctx;

	c->bad = *id;
	return *id < c->d->type_cnt ? 0 : -EINVAL;
}

static int check_str_off(__u32 *off, void *ctx)
{
	struct dd_check *c = ctx;

	c->bad = *off;
	return btf__str_by_offset(c->d->btf, *off) ? 0 : -EINVAL;
}

/* own types must only reference existing types and strings */
static int dedup_check_types(struct btf_dedup *d)
{
	struct dd_check c = { .d = d };
	struct btf_type *t;
	__u32 i, id;

	for (i = 0; i < d->nr_types; i++) {
		id = d->start_id + i;
		t = dd_type(d, id);
		if (btf_type_visit_type_ids(t, check_type_id, &c)) {
			pr_warn("BTF dedup: type [%u] %s: references type id %u, beyond the last type [%u]\n",
				id, btf_kind_str(t), c.bad, d->type_cnt - 1);
			return -EINVAL;
		}
		if (btf_type_visit_str_offs(t, check_str_off, &c)) {
			pr_warn("BTF dedup: type [%u] %s: string offset %u is out of range\n",
				id, btf_kind_str(t), c.bad);
			return -EINVAL;
		}
	}
	return 0;
}

static int ext_check_str(struct btf_dedup *d, __u32 *off)
{
	if (btf__str_by_offset(d->btf, *off))
		return 0;
	pr_warn("BTF dedup: .BTF.ext string offset %u is out of range of the BTF\n", *off);
	return -EINVAL;
}

static int ext_check_type_id(__u32 *id, void *ctx)
{
	struct btf_dedup *d = ctx;

	if (*id < d->type_cnt)
		return 0;
	pr_warn("BTF dedup: .BTF.ext type id %u is beyond the last type [%u]\n",
		*id, d->type_cnt - 1);
	return -EINVAL;
}

static int dedup_copy_types(struct btf_dedup *d)
{
	const struct btf_type *t;
	size_t len = 0;
	__u32 i;
	int sz;

	d->offs = malloc((d->nr_types ?: 1) * sizeof(*d->offs));
	if (!d->offs)
		return -ENOMEM;
	for (i = 0; i < d->nr_types; i++) {
		t = btf__type_by_id(d->btf, d->start_id + i);
		sz = btf_type_rec_size(t);
		if (sz < 0) {
			pr_warn("BTF dedup: type [%u]: unknown kind %u\n",
				d->start_id + i, btf_kind(t));
			return -EINVAL;
		}
		d->offs[i] = len;
		len += sz;
	}
	d->types = malloc(len ?: 1);
	if (!d->types)
		return -ENOMEM;
	for (i = 0; i < d->nr_types; i++) {
		t = btf__type_by_id(d->btf, d->start_id + i);
		memcpy(d->types + d->offs[i], t, btf_type_rec_size(t));
	}
	d->types_len = len;
	return 0;
}

static int dedup_init(struct btf_dedup *d, struct btf *btf,
		      const struct btf_dedup_opts *opts)
{
	const struct btf *base = btf__base_btf(btf);
	__u32 id;
	int err;

	d->btf = btf;
	d->ext = OPTS_GET(opts, btf_ext, NULL);
	d->force_collisions = OPTS_GET(opts, force_collisions, false);
	d->start_id = base ? btf__type_cnt(base) : 1;
	d->type_cnt = btf__type_cnt(btf);
	d->nr_types = d->type_cnt - d->start_id;
	d->str_start = btf_own_str_off(btf);

	err = dedup_copy_types(d);
	if (err)
		return err;
	d->map = malloc(d->type_cnt * sizeof(*d->map));
	d->hypot_map = malloc(d->type_cnt * sizeof(*d->hypot_map));
	if (!d->map || !d->hypot_map)
		return -ENOMEM;
	for (id = 0; id < d->type_cnt; id++) {
		d->hypot_map[id] = DD_UNSET;
		/* void and the base are canonical; VAR and DATASEC stay */
		if (id < d->start_id || btf_is_var(dd_type(d, id)) ||
		    btf_is_datasec(dd_type(d, id)))
			d->map[id] = id;
		else
			d->map[id] = DD_UNSET;
	}

	err = dedup_check_types(d);
	if (!err && d->ext) {
		err = ext_visit_strs(d, ext_check_str);
		err = err ?: btf_ext_visit_type_ids(d->ext, ext_check_type_id, d);
	}
	return err;
}

/* base types are canonical: file them for the split types to find */
static int dedup_add_base(struct btf_dedup *d)
{
	struct btf_type *t;
	__u32 id;
	int err;

	for (id = 1; id < d->start_id; id++) {
		t = dd_type(d, id);
		if (btf_is_var(t) || btf_is_datasec(t))
			continue;
		err = tab_add(d, hash_type(t), id);
		if (err)
			return err;
	}
	return 0;
}

static void dedup_free(struct btf_dedup *d)
{
	free(d->types);
	free(d->offs);
	free(d->map);
	free(d->hypot_map);
	free(d->hypot_list);
	free(d->table.ents);
	free(d->table.heads);
	free(d->strs.data);
	free(d->strs.slots);
	free(d->ext_strs);
	free(d->pairs);
	free(d->frames);
}

static int ext_str_write(struct btf_dedup *d, __u32 *off)
{
	*off = d->ext_strs[d->ext_strs_cnt++];
	return 0;
}

static int ext_id_write(__u32 *id, void *ctx)
{
	struct btf_dedup *d = ctx;

	*id = final_id(d, d->out, *id);
	return 0;
}

static int dedup_run(struct btf_dedup *d, struct dd_out *out)
{
	__u32 i;
	int err;

	err = dedup_strings(d);
	if (err) {
		pr_warn("BTF dedup: cannot build the string section: %s\n",
			libbpf_errstr(err));
		return err;
	}
	err = dedup_add_base(d);
	for (i = 0; i < d->nr_types && !err; i++)
		err = dedup_prim_type(d, d->start_id + i);
	for (i = 0; i < d->nr_types && !err; i++)
		err = dedup_struct_type(d, d->start_id + i);
	err = err ?: dedup_resolve_fwds(d);
	for (i = 0; i < d->nr_types && !err; i++)
		err = dedup_ref_type(d, d->start_id + i);
	return err ?: dedup_compact(d, out);
}

int btf__dedup(struct btf *btf, const struct btf_dedup_opts *opts)
{
	struct btf_dedup d = {};
	struct dd_out out = {};
	int err;

	if (!btf) {
		pr_warn("BTF dedup: no BTF given\n");
		return libbpf_err(-EINVAL);
	}
	if (!OPTS_VALID(opts, btf_dedup_opts))
		return libbpf_err(-EINVAL);
	err = dedup_init(&d, btf, opts);
	err = err ?: dedup_run(&d, &out);
	if (err) {
		if (err == -ENOMEM)
			pr_warn("BTF dedup: out of memory\n");
		goto out;
	}

	/* nothing can fail from here on */
	if (d.ext) {
		d.ext_strs_cnt = 0;
		if (!d.strs_kept)
			ext_visit_strs(&d, ext_str_write);
		d.out = &out;
		btf_ext_visit_type_ids(d.ext, ext_id_write, &d);
	}
	btf_set_own(btf, out.types, out.types_len, out.offs, out.nr_types,
		    d.strs.data, d.strs.len);
	out.types = NULL;
	out.offs = NULL;
	d.strs.data = NULL;
out:
	free(out.types);
	free(out.offs);
	free(out.new_id);
	dedup_free(&d);
	return libbpf_err(err);
}
