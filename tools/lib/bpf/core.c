// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * CO-RE: apply the .BTF.ext core_relo records at load time.
 *
 * clang compiles a program against one kernel's types (vmlinux.h) and
 * records, for each instruction that encodes something type dependent (a
 * field offset or size, whether a field, type or enum value exists, a type
 * id, an enum value), what it encodes: a root type of the object's BTF, an
 * access string ("0:1:2": an index on the root, then member or array
 * indexes) and the kind of value. Here that description is looked up in
 * the target kernel's BTF and the instruction is rewritten to hold the
 * target's value.
 *
 * Target types are found by name: a candidate has a compatible kind and
 * the same "essential" name, the name without any "___flavor" suffix, so
 * that a program can carry several definitions of one kernel struct
 * (task_struct___old, task_struct___new). Members are matched by name,
 * looking through the target's anonymous structs and unions. When several
 * candidates match they must agree on the result.
 *
 * Every function's own instructions are patched in place once, before
 * relocation copies functions into the programs that call them. A field or
 * enum value the target lacks does not fail the load: the instruction is
 * replaced by a call to an invalid helper, which the verifier only rejects
 * if the code is reachable (programs guard such code with
 * bpf_core_field_exists() and friends).
 *
 * No syscalls here, apart from reading the target BTF.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libbpf_internal.h"

#define CORE_MAX_ACCESS	64	/* accessors in one access string */
#define CORE_MAX_DEPTH	32	/* nesting of types compared recursively */
#define CORE_POISON_IMM	0xbad2310	/* helper id no kernel has */
#define CORE_BPF_MEMSX	0x80	/* sign-extending load mode (cpu v4) */

/* ---- names --------------------------------------------------------------- */

/*
 * Length of name without a "___flavor" suffix: the last "___" that follows
 * a character other than '_' and is followed by one.
 */
static size_t core_essential_len(const char *name)
{
	size_t n = strlen(name), i;

	for (i = n; i-- > 1;) {
		if (i + 4 > n)
			continue;
		if (name[i - 1] != '_' && name[i] == '_' && name[i + 1] == '_' &&
		    name[i + 2] == '_' && name[i + 3] != '_')
			return i;
	}
	return n;
}

static bool core_names_match(const char *a, const char *b)
{
	size_t la = core_essential_len(a), lb = core_essential_len(b);

	return la == lb && strncmp(a, b, la) == 0;
}

static const char *core_kind_str(__u32 kind)
{
	static const char *const names[] = {
		[BPF_CORE_FIELD_BYTE_OFFSET] = "byte_off",
		[BPF_CORE_FIELD_BYTE_SIZE] = "byte_sz",
		[BPF_CORE_FIELD_EXISTS] = "field_exists",
		[BPF_CORE_FIELD_SIGNED] = "signed",
		[BPF_CORE_FIELD_LSHIFT_U64] = "lshift_u64",
		[BPF_CORE_FIELD_RSHIFT_U64] = "rshift_u64",
		[BPF_CORE_TYPE_ID_LOCAL] = "local_type_id",
		[BPF_CORE_TYPE_ID_TARGET] = "target_type_id",
		[BPF_CORE_TYPE_EXISTS] = "type_exists",
		[BPF_CORE_TYPE_SIZE] = "type_size",
		[BPF_CORE_ENUMVAL_EXISTS] = "enumval_exists",
		[BPF_CORE_ENUMVAL_VALUE] = "enumval_value",
		[BPF_CORE_TYPE_MATCHES] = "type_matches",
	};

	if (kind >= ARRAY_SIZE(names) || !names[kind])
		return "unknown";
	return names[kind];
}

static bool core_kind_is_field(__u32 kind)
{
	return kind <= BPF_CORE_FIELD_RSHIFT_U64;
}

static bool core_kind_is_type(__u32 kind)
{
	return kind == BPF_CORE_TYPE_ID_LOCAL || kind == BPF_CORE_TYPE_ID_TARGET ||
	       kind == BPF_CORE_TYPE_EXISTS || kind == BPF_CORE_TYPE_SIZE ||
	       kind == BPF_CORE_TYPE_MATCHES;
}

static bool core_kind_is_enumval(__u32 kind)
{
	return kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE;
}

/* ---- context of one relocation -------------------------------------------- */

struct core_cands {
	__u32 local_id;
	__u32 *ids;
	const struct btf **btfs;	/* each id's BTF (modules); NULL: the target's */
	__u32 cnt;
};

struct core_name_index;

/* candidates per local root type, filled on first need */
struct core_cand_cache {
	struct core_cands *e;
	size_t cnt, cap;
	const struct core_name_index *idx;	/* of the target; NULL: scan it */
	bool vmlinux;			/* target is the kernel's: its shared index */
	struct bpf_object *obj;		/* target is the kernel's: modules too */
};

struct core_ctx {
	const char *prog;		/* for messages */
	int relo_idx;
	const struct btf *local;
	const struct btf *targ;
	const struct bpf_core_relo *relo;
	const char *spec_str;		/* access string */
	struct core_cand_cache *cache;	/* may be NULL */
};

static const char *core_root_name(const struct core_ctx *c)
{
	const struct btf_type *t = btf__type_by_id(c->local, c->relo->type_id);

	return t ? btf_type_name(c->local, t) : "?";
}

/* "prog 'p': CO-RE relo #3 (byte_off of 'task_struct' [7], '0:1'): ..." */
#define core_warn(c, fmt, ...)                                                 \
	pr_warn("prog '%s': CO-RE relo #%d (%s of '%s' [%u], '%s'): " fmt,     \
		(c)->prog, (c)->relo_idx, core_kind_str((c)->relo->kind),      \
		core_root_name(c), (c)->relo->type_id, (c)->spec_str,          \
		##__VA_ARGS__)

/* ---- access specs ------------------------------------------------------------ */

/* one step after the root index: a named member or an array element */
struct core_acc {
	__u32 type_id;		/* containing struct, union or array (local) */
	__u32 idx;		/* member or element index */
	const char *name;	/* member name; NULL for an array element */
};

struct core_spec {
	const struct btf *btf;
	__u32 root_id;
	__u32 root_idx;			/* first number of the access string */
	struct core_acc acc[CORE_MAX_ACCESS];
	int len;			/* named member and array steps */
	/* where the walk ends */
	__u64 bit_off;
	__u32 field_id;			/* type of the field reached */
	__u32 bitfield_sz;		/* bits; 0 if not a bitfield */
};

/* parse "n:n:n" into raw[]; returns the count or -EINVAL */
static int core_parse_access(struct core_ctx *c, __u32 *raw)
{
	const char *s = c->spec_str;
	int n = 0;

	if (!*s)
		goto bad;
	while (*s) {
		__u64 v = 0;

		if (*s < '0' || *s > '9' || n == CORE_MAX_ACCESS)
			goto bad;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (__u64)(*s++ - '0');
			if (v > UINT_MAX)
				goto bad;
		}
		raw[n++] = v;
		if (*s == ':' && s[1])
			s++;
		else if (*s)
			goto bad;
	}
	return n;
bad:
	core_warn(c, "malformed access string (%s)\n", libbpf_errstr(-EINVAL));
	return -EINVAL;
}

static __u64 enum_value(const struct btf_type *t, __u32 i)
{
	__s32 v;

	if (btf_is_enum64(t))
		return btf_enum64_value(&btf_enum64(t)[i]);
	v = btf_enum(t)[i].val;
	/* the kind_flag says the enum is signed */
	return btf_kflag(t) ? (__u64)(__s64)v : (__u64)(__u32)v;
}

static const char *enum_name(const struct btf *btf, const struct btf_type *t, __u32 i)
{
	__u32 off = btf_is_enum64(t) ? btf_enum64(t)[i].name_off : btf_enum(t)[i].name_off;

	return btf__name_by_offset(btf, off) ?: "";
}

/*
 * Member idx of composite t: its bit offset and bitfield size, including
 * the old encoding of bitfields in the INT type (structs without kind_flag).
 */
static void member_bits(const struct btf *btf, const struct btf_type *t, __u32 idx,
			__u64 *bit_off, __u32 *bitfield_sz)
{
	const struct btf_member *m = &btf_members(t)[idx];
	const struct btf_type *mt;

	*bit_off = btf_member_bit_offset(t, idx);
	*bitfield_sz = btf_member_bitfield_size(t, idx);
	if (*bitfield_sz || btf_kflag(t))
		return;
	mt = btf_skip_modifiers(btf, m->type, NULL);
	if (mt && btf_is_int(mt) &&
	    (btf_int_offset(mt) || btf_int_bits(mt) != mt->size * 8)) {
		*bit_off += btf_int_offset(mt);
		*bitfield_sz = btf_int_bits(mt);
	}
}

/*
 * Add idx elements of sz bytes to a bit offset; false if the byte offset
 * would pass 4 GiB (no instruction can hold it, and crafted counts could
 * otherwise wrap around).
 */
static bool add_elems(__u64 *bit_off, __u64 idx, __u64 sz)
{
	__u64 bytes = *bit_off / 8;

	if (bytes > UINT_MAX || (sz && idx > (UINT_MAX - bytes) / sz))
		return false;
	*bit_off += idx * sz * 8;
	return true;
}

static int spec_root(struct core_spec *s, const struct btf *btf, __u32 root_id,
		     __u32 root_idx)
{
	__s64 sz = 0;

	s->btf = btf;
	s->root_id = root_id;
	s->root_idx = root_idx;
	s->len = 0;
	s->field_id = root_id;
	s->bitfield_sz = 0;
	if (root_idx) {
		sz = btf__resolve_size(btf, root_id);
		if (sz < 0)
			return sz;
	}
	s->bit_off = 0;
	return add_elems(&s->bit_off, root_idx, sz) ? 0 : -E2BIG;
}

/* walk the local access string for a field relocation */
static int core_parse_field_spec(struct core_ctx *c, const __u32 *raw, int n,
				 struct core_spec *s)
{
	const struct btf *btf = c->local;
	const struct btf_type *t;
	__u32 id;
	int i = 0, err;

	err = spec_root(s, btf, c->relo->type_id, raw[0]);
	if (err)
		goto bad;
	for (i = 1; i < n; i++) {
		__u64 off;
		__s64 esz;

		t = btf_skip_modifiers(btf, s->field_id, &id);
		if (!t || s->bitfield_sz)
			goto bad;
		if (btf_is_composite(t)) {
			const struct btf_member *m;
			const char *name;

			if (raw[i] >= btf_vlen(t))
				goto bad;
			m = &btf_members(t)[raw[i]];
			member_bits(btf, t, raw[i], &off, &s->bitfield_sz);
			s->bit_off += off;
			s->field_id = m->type;
			name = btf__name_by_offset(btf, m->name_off);
			if (!name || !*name) {
				/* an anonymous member only adds its offset... */
				if (i == n - 1)
					goto anon;
				continue;
			}
			s->acc[s->len++] = (struct core_acc){ id, raw[i], name };
		} else if (btf_is_array(t)) {
			const struct btf_array *a = btf_array(t);

			if (a->nelems && raw[i] >= a->nelems)
				goto bad;
			esz = btf__resolve_size(btf, a->type);
			if (esz < 0 || !add_elems(&s->bit_off, raw[i], esz)) {
				core_warn(c, "access string does not fit local type: step %d, element %u of array [%u]: element type [%u] has no size or the offset overflows (%s)\n",
					  i, raw[i], id, a->type, libbpf_errstr(-EINVAL));
				return -EINVAL;
			}
			s->field_id = a->type;
			s->acc[s->len++] = (struct core_acc){ id, raw[i], NULL };
		} else {
			goto bad;
		}
	}
	return 0;
anon:
	/* ...and cannot be looked up by name in the target */
	core_warn(c, "access ends at an anonymous member (%s)\n", libbpf_errstr(-EOPNOTSUPP));
	return -EOPNOTSUPP;
bad:
	t = i ? btf_skip_modifiers(btf, s->field_id, &id) : NULL;
	if (!i)
		core_warn(c, "access string does not fit local type: root index %u (%s)\n",
			  raw[0], libbpf_errstr(-EINVAL));
	else if (t && btf_is_composite(t))
		core_warn(c, "access string does not fit local type: step %d, member %u of [%u] %s with %u members (%s)\n",
			  i, raw[i], id, btf_kind_str(t), btf_vlen(t), libbpf_errstr(-EINVAL));
	else if (t && btf_is_array(t))
		core_warn(c, "access string does not fit local type: step %d, element %u of array [%u] of %u (%s)\n",
			  i, raw[i], id, btf_array(t)->nelems, libbpf_errstr(-EINVAL));
	else
		core_warn(c, "access string does not fit local type: step %d indexes into [%u] %s%s (%s)\n",
			  i, t ? id : s->field_id, t ? btf_kind_str(t) : "out of range",
			  s->bitfield_sz ? ", a bitfield" : "", libbpf_errstr(-EINVAL));
	return -EINVAL;
}

/* ---- type compatibility ----------------------------------------------------- */

/*
 * The comparisons below recurse through types of two BTFs that may be
 * crafted (members embedding their own struct, prototypes taking
 * pointers to themselves): depth is bounded, and so is the total work of
 * one comparison, types visited plus members compared. Running out of
 * budget counts as "no match".
 */
#define CORE_WALK_BUDGET (1L << 20)

struct core_walk {
	const struct btf *lbtf;		/* local */
	const struct btf *tbtf;		/* target */
	long budget;
};

static bool core_step(struct core_walk *w, long n)
{
	w->budget -= n;
	return w->budget >= 0;
}

/* may a field of local type lid be read as a field of target type tid? */
static bool core_fields_compat(struct core_walk *w, __u32 lid, __u32 tid, int depth)
{
	const struct btf_type *lt, *tt;

	if (depth > CORE_MAX_DEPTH || !core_step(w, 1))
		return false;
	lt = btf_skip_modifiers(w->lbtf, lid, &lid);
	tt = btf_skip_modifiers(w->tbtf, tid, &tid);
	if (!lt || !tt)
		return false;
	if (btf_is_composite(lt) && btf_is_composite(tt))
		return true;
	if (!btf_kind_core_compat(lt, tt))
		return false;
	switch (btf_kind(lt)) {
	case BTF_KIND_PTR:
	case BTF_KIND_FLOAT:
	case BTF_KIND_FWD:
		return true;
	case BTF_KIND_INT:
		/* sizes and signedness may differ; old-style bitfield ints not */
		return !btf_int_offset(lt) && !btf_int_offset(tt);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!lt->name_off || !tt->name_off)
			return true;
		return core_names_match(btf_type_name(w->lbtf, lt), btf_type_name(w->tbtf, tt));
	case BTF_KIND_ARRAY:
		return core_fields_compat(w, btf_array(lt)->type, btf_array(tt)->type,
					  depth + 1);
	default:
		return false;
	}
}

/* is target type tid compatible with local type lid (type relocations)? */
static bool core_types_compat(struct core_walk *w, __u32 lid, __u32 tid, int depth)
{
	const struct btf_type *lt, *tt;
	const struct btf_param *lp, *tp;
	__u16 i;

	if (depth > CORE_MAX_DEPTH || !core_step(w, 1))
		return false;
	lt = btf_skip_modifiers(w->lbtf, lid, &lid);
	tt = btf_skip_modifiers(w->tbtf, tid, &tid);
	if (!lt || !tt || !btf_kind_core_compat(lt, tt))
		return false;
	switch (btf_kind(lt)) {
	case BTF_KIND_UNKN:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
		return true;
	case BTF_KIND_INT:
		return !btf_int_offset(lt) && !btf_int_offset(tt);
	case BTF_KIND_PTR:
		return core_types_compat(w, lt->type, tt->type, depth + 1);
	case BTF_KIND_ARRAY:
		return core_types_compat(w, btf_array(lt)->type, btf_array(tt)->type,
					 depth + 1);
	case BTF_KIND_FUNC_PROTO:
		if (btf_vlen(lt) != btf_vlen(tt))
			return false;
		lp = btf_params(lt);
		tp = btf_params(tt);
		for (i = 0; i < btf_vlen(lt); i++)
			if (!core_types_compat(w, lp[i].type, tp[i].type, depth + 1))
				return false;
		return core_types_compat(w, lt->type, tt->type, depth + 1);
	default:
		return false;
	}
}

static bool core_types_match(struct core_walk *w, __u32 lid, __u32 tid, int depth);

static __s32 find_member_by_name(struct core_walk *w, const struct btf_type *t,
				 const char *name)
{
	const struct btf_member *m = btf_members(t);
	__u16 i;

	for (i = 0; i < btf_vlen(t) && core_step(w, 1); i++)
		if (strcmp(btf__name_by_offset(w->tbtf, m[i].name_off) ?: "", name) == 0)
			return i;
	return -1;
}

/* every local member exists in the target by name, with a matching type */
static bool core_members_match(struct core_walk *w, const struct btf_type *lt,
			       const struct btf_type *tt, int depth)
{
	const struct btf_member *lm = btf_members(lt), *tm = btf_members(tt);
	__u16 i;
	__s32 j;

	for (i = 0; i < btf_vlen(lt); i++) {
		const char *name = btf__name_by_offset(w->lbtf, lm[i].name_off) ?: "";

		j = find_member_by_name(w, tt, name);
		if (j < 0)
			return false;
		if (!core_types_match(w, lm[i].type, tm[j].type, depth + 1))
			return false;
	}
	return true;
}

static bool core_enums_match(struct core_walk *w, const struct btf_type *lt,
			     const struct btf_type *tt)
{
	__u16 i, j;

	if (lt->size != tt->size)
		return false;
	for (i = 0; i < btf_vlen(lt); i++) {
		const char *name = enum_name(w->lbtf, lt, i);

		for (j = 0; j < btf_vlen(tt) && core_step(w, 1); j++)
			if (core_names_match(name, enum_name(w->tbtf, tt, j)))
				break;
		if (j == btf_vlen(tt) || w->budget < 0)
			return false;
	}
	return true;
}

/*
 * bpf_core_type_matches(): a stricter test than compatibility, an
 * approximation of the documented rules: same kinds and names; structs
 * and unions whose local members all exist in the target with matching
 * types; enums whose local values all exist; ints of equal size and
 * signedness; pointers to matching types (to structs and unions: by name
 * only); arrays of equal length; function prototypes with matching
 * parameters.
 */
static bool core_types_match(struct core_walk *w, __u32 lid, __u32 tid, int depth)
{
	const struct btf_type *lt, *tt;
	const struct btf_param *lp, *tp;
	__u16 i;

	if (depth > CORE_MAX_DEPTH || !core_step(w, 1))
		return false;
	lt = btf_skip_modifiers(w->lbtf, lid, &lid);
	tt = btf_skip_modifiers(w->tbtf, tid, &tid);
	if (!lt || !tt || !btf_kind_core_compat(lt, tt))
		return false;
	if (lt->name_off && tt->name_off && !btf_is_int(lt) && !btf_is_float(lt) &&
	    !core_names_match(btf_type_name(w->lbtf, lt), btf_type_name(w->tbtf, tt)))
		return false;
	switch (btf_kind(lt)) {
	case BTF_KIND_UNKN:
	case BTF_KIND_FWD:
		return true;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return core_members_match(w, lt, tt, depth);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return core_enums_match(w, lt, tt);
	case BTF_KIND_INT:
		return lt->size == tt->size &&
		       (btf_int_encoding(lt) & BTF_INT_SIGNED) ==
		       (btf_int_encoding(tt) & BTF_INT_SIGNED);
	case BTF_KIND_FLOAT:
		return lt->size == tt->size;
	case BTF_KIND_PTR:
		lt = btf_skip_modifiers(w->lbtf, lt->type, &lid);
		tt = btf_skip_modifiers(w->tbtf, tt->type, &tid);
		if (!lt || !tt)
			return false;
		if ((btf_is_composite(lt) || btf_is_fwd(lt)) &&
		    (btf_is_composite(tt) || btf_is_fwd(tt)))
			return core_names_match(btf_type_name(w->lbtf, lt), btf_type_name(w->tbtf, tt));
		return core_types_match(w, lid, tid, depth + 1);
	case BTF_KIND_ARRAY:
		return btf_array(lt)->nelems == btf_array(tt)->nelems &&
		       core_types_match(w, btf_array(lt)->type, btf_array(tt)->type,
					depth + 1);
	case BTF_KIND_FUNC_PROTO:
		if (btf_vlen(lt) != btf_vlen(tt))
			return false;
		lp = btf_params(lt);
		tp = btf_params(tt);
		for (i = 0; i < btf_vlen(lt); i++)
			if (!core_types_match(w, lp[i].type, tp[i].type, depth + 1))
				return false;
		return core_types_match(w, lt->type, tt->type, depth + 1);
	default:
		return false;
	}
}

/* ---- candidates ---------------------------------------------------------------- */

/* the local root type without const/volatile/restrict/type tags */
static const struct btf_type *core_local_root(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);
	int depth;

	for (depth = 0; t && btf_is_mod(t) && depth < CORE_MAX_DEPTH; depth++) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t && !btf_is_mod(t) ? t : NULL;
}

/*
 * Target types by essential name: an open-addressing hash table of type
 * ids, built once per target (once per process for the kernel's BTF), so
 * that finding candidates does not scan every type of a 5 MB BTF for
 * each local type.
 */
struct core_name_slot {
	__u32 hash;
	__u32 id;			/* 0: empty */
};

struct core_name_index {
	__u32 mask;			/* slots - 1 */
	__u32 kinds;			/* bit per BTF kind the index holds */
	struct core_name_slot *slots;
};

#define KIND_BIT(k)	(1U << (k))
/* the kinds a CO-RE candidate can have (a local root type has a name) */
#define CORE_TYPE_KINDS							\
	(KIND_BIT(BTF_KIND_INT) | KIND_BIT(BTF_KIND_STRUCT) |		\
	 KIND_BIT(BTF_KIND_UNION) | KIND_BIT(BTF_KIND_ENUM) |		\
	 KIND_BIT(BTF_KIND_FWD) | KIND_BIT(BTF_KIND_TYPEDEF) |		\
	 KIND_BIT(BTF_KIND_FLOAT) | KIND_BIT(BTF_KIND_ENUM64) |		\
	 KIND_BIT(BTF_KIND_TYPE_TAG))

/*
 * FNV-1a hash of name's essential part, whose length goes to *elen, in
 * one pass: the hash so far is kept at each "___" that could end it (the
 * last one does, as in core_essential_len()).
 */
static __u32 core_essential_hash(const char *s, size_t *elen)
{
	__u32 h = 2166136261u, ess_h = 0;
	size_t i, ess = 0;

	for (i = 0; s[i]; i++) {
		if (s[i] == '_' && i && s[i - 1] != '_' && s[i + 1] == '_' &&
		    s[i + 2] == '_' && s[i + 3] && s[i + 3] != '_') {
			ess = i;
			ess_h = h;
		}
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	}
	*elen = ess ?: i;
	return ess ? ess_h : h;
}

static void core_index_free(struct core_name_index *idx)
{
	if (!idx)
		return;
	free(idx->slots);
	free(idx);
}

/*
 * Index of btf's named types of the kinds in the kinds mask. NULL when
 * out of memory: candidates are then found by a scan.
 */
static struct core_name_index *core_index_build(const struct btf *btf, __u32 kinds)
{
	__u32 n, nslots = 16, i, j, h;
	struct core_name_index *idx;
	struct btf_named *names;
	size_t elen;

	names = btf_named_types(btf, kinds, &n);
	if (!names)
		return NULL;
	idx = calloc(1, sizeof(*idx));
	if (!idx || n > 1U << 30)
		goto fail;
	while (nslots < n * 2)
		nslots <<= 1;
	idx->slots = calloc(nslots, sizeof(*idx->slots));
	if (!idx->slots)
		goto fail;
	idx->mask = nslots - 1;
	idx->kinds = kinds;
	for (j = 0; j < n; j++) {
		h = core_essential_hash(names[j].name, &elen);
		for (i = h & idx->mask; idx->slots[i].id; i = (i + 1) & idx->mask)
			;
		idx->slots[i].hash = h;
		idx->slots[i].id = names[j].id;
	}
	free(names);
	return idx;
fail:
	free(idx);
	free(names);
	return NULL;
}

static pthread_once_t vmlinux_types_once = PTHREAD_ONCE_INIT;
static struct core_name_index *vmlinux_types;

static void core_build_vmlinux_types(void)
{
	const struct btf *btf = libbpf_vmlinux_btf();

	if (btf)
		vmlinux_types = core_index_build(btf, CORE_TYPE_KINDS);
}

/*
 * The index of libbpf_vmlinux_btf()'s types, shared and never freed; may
 * be NULL. CO-RE looks up only types, a fifth of a kernel's names:
 * functions and variables are not in it. Building it costs about four
 * scans that skip the other kinds (btf_next_named()): a process's first
 * CORE_TYPE_SCANS look-ups scan (many objects relocate against one
 * kernel type), the index is built when more come. Over the test
 * objects, one process each, 1 is the best of 0, 1, 2 and 4.
 */
#define CORE_TYPE_SCANS	1

static unsigned int vmlinux_type_scans;

static const struct core_name_index *core_vmlinux_types(void)
{
	if (__atomic_load_n(&vmlinux_type_scans, __ATOMIC_RELAXED) < CORE_TYPE_SCANS &&
	    __atomic_fetch_add(&vmlinux_type_scans, 1, __ATOMIC_RELAXED) < CORE_TYPE_SCANS)
		return NULL;
	pthread_once(&vmlinux_types_once, core_build_vmlinux_types);
	return vmlinux_types;
}

/*
 * The kernel's functions (or variables) by name, for externs and attach
 * targets. pahole writes them sorted by name: then the list in id order
 * is searched by bisection, and checking the order costs a tenth of
 * hashing every name. Otherwise a name index of the kind.
 */
struct core_sym_list {
	pthread_once_t once;
	__u32 kind;
	__u32 cnt;
	struct btf_named *sorted;	/* NULL: not sorted, idx instead */
	struct core_name_index *idx;	/* NULL too: scan */
};

static struct core_sym_list vmlinux_funcs = { PTHREAD_ONCE_INIT, BTF_KIND_FUNC };
static struct core_sym_list vmlinux_vars = { PTHREAD_ONCE_INIT, BTF_KIND_VAR };

static void core_build_sym_list(struct core_sym_list *l)
{
	const struct btf *btf = libbpf_vmlinux_btf();
	__u32 i;

	if (!btf)
		return;
	l->sorted = btf_named_types(btf, KIND_BIT(l->kind), &l->cnt);
	for (i = 1; l->sorted && i < l->cnt; i++)
		if (strcmp(l->sorted[i - 1].name, l->sorted[i].name) > 0)
			break;
	if (l->sorted && i >= l->cnt)
		return;
	free(l->sorted);
	l->sorted = NULL;
	l->idx = core_index_build(btf, KIND_BIT(l->kind));
}

static void core_build_vmlinux_funcs(void)
{
	core_build_sym_list(&vmlinux_funcs);
}

static void core_build_vmlinux_vars(void)
{
	core_build_sym_list(&vmlinux_vars);
}

/*
 * btf__find_by_name_kind() on the kernel's BTF, through the structures
 * above (same answer: the lowest id; index slots are probed in id order).
 * Externs, struct_ops and attach targets look names up here, so that a
 * process pays for one index rather than a scan of every type per name.
 */
int libbpf_vmlinux_find(const char *name, __u32 kind)
{
	const struct btf *btf = libbpf_vmlinux_btf();
	const struct core_name_index *idx = NULL;
	const struct btf_type *t;
	struct core_sym_list *l = NULL;
	size_t elen;
	__u32 h, i;

	if (!btf)
		return -errno;
	if (kind == BTF_KIND_UNKN || !strcmp(name, "void"))
		return 0;
	if (kind == BTF_KIND_FUNC) {
		l = &vmlinux_funcs;
		pthread_once(&l->once, core_build_vmlinux_funcs);
	} else if (kind == BTF_KIND_VAR) {
		l = &vmlinux_vars;
		pthread_once(&l->once, core_build_vmlinux_vars);
	} else if (kind < 32 && (CORE_TYPE_KINDS & KIND_BIT(kind))) {
		idx = core_vmlinux_types();
	}
	if (l && l->sorted) {
		__u32 id = btf_named_find(l->sorted, l->cnt, name);

		return id ? (int)id : libbpf_err(-ENOENT);
	}
	if (l)
		idx = l->idx;
	if (!idx)
		return btf__find_by_name_kind(btf, name, kind);
	h = core_essential_hash(name, &elen);
	for (i = h & idx->mask; idx->slots[i].id; i = (i + 1) & idx->mask) {
		if (idx->slots[i].hash != h)
			continue;
		t = btf__type_by_id(btf, idx->slots[i].id);
		if (btf_kind(t) == kind && !strcmp(btf__name_by_offset(btf, t->name_off), name))
			return idx->slots[i].id;
	}
	return libbpf_err(-ENOENT);
}

static bool core_is_cand(const struct btf *tbtf, const struct btf_type *lt, const char *lname,
			 size_t elen, __u32 id)
{
	const struct btf_type *tt = btf__type_by_id(tbtf, id);
	const char *tname;

	if (!btf_kind_core_compat(lt, tt))
		return false;
	tname = btf_type_name(tbtf, tt);
	return strncmp(tname, lname, elen) == 0 && core_essential_len(tname) == elen;
}

static const struct btf *cand_btf(const struct core_ctx *c, const struct core_cands *cands,
				  __u32 i)
{
	return cands->btfs ? cands->btfs[i] : c->targ;
}

static void core_cands_free(struct core_cands *cands)
{
	free(cands->ids);
	free(cands->btfs);
	cands->ids = NULL;
	cands->btfs = NULL;
}

/* append target type id to out if it is a candidate for lt named lname */
static int core_add_cand(struct core_ctx *c, const struct btf_type *lt, const char *lname,
			 size_t elen, __u32 id, struct core_cands *out, size_t *cap)
{
	__u32 i;
	int err;

	if (!core_is_cand(c->targ, lt, lname, elen, id))
		return 0;
	err = libbpf_ensure_mem((void **)&out->ids, cap, sizeof(*out->ids), out->cnt + 1);
	if (err)
		return err;
	/* keep ids ascending, as a scan finds them */
	for (i = out->cnt; i > 0 && out->ids[i - 1] > id; i--)
		out->ids[i] = out->ids[i - 1];
	out->ids[i] = id;
	out->cnt++;
	return 0;
}

static int core_collect_cands(struct core_ctx *c, __u32 local_id, struct core_cands *out)
{
	const struct core_name_index *idx = c->cache ? c->cache->idx : NULL;
	const struct btf_type *lt = btf__type_by_id(c->local, local_id);
	const char *lname = btf_type_name(c->local, lt);
	size_t elen, cap = 0;
	__u32 id, n = btf__type_cnt(c->targ), h, i, kinds;
	int err = 0;

	/* the kernel's index comes after a few scans (core_vmlinux_types()) */
	if (!idx && c->cache && c->cache->vmlinux)
		idx = c->cache->idx = core_vmlinux_types();

	out->local_id = local_id;
	out->ids = NULL;
	out->btfs = NULL;
	out->cnt = 0;
	h = core_essential_hash(lname, &elen);
	/* an index without lt's kind has none of its candidates */
	if (idx && !(idx->kinds & KIND_BIT(btf_kind(lt))))
		idx = NULL;
	if (idx) {
		for (i = h & idx->mask; idx->slots[i].id && !err; i = (i + 1) & idx->mask)
			if (idx->slots[i].hash == h)
				err = core_add_cand(c, lt, lname, elen, idx->slots[i].id, out, &cap);
	} else {
		kinds = btf_is_any_enum(lt) ?
			KIND_BIT(BTF_KIND_ENUM) | KIND_BIT(BTF_KIND_ENUM64) :
			KIND_BIT(btf_kind(lt));
		for (id = btf_next_named(c->targ, 1, kinds, lname, elen); id && !err;
		     id = id + 1 < n ? btf_next_named(c->targ, id + 1, kinds, lname, elen) : 0)
			err = core_add_cand(c, lt, lname, elen, id, out, &cap);
	}
	if (err)
		core_cands_free(out);
	return err;
}

/*
 * Candidates among the kernel modules' own types, for a type vmlinux BTF
 * does not have (libbpf's order: vmlinux first, modules only if it has
 * none). A miss everywhere refreshes the module list once per object.
 */
static int core_collect_module_cands(struct core_ctx *c, struct bpf_object *obj,
				     __u32 local_id, struct core_cands *out)
{
	const struct btf_type *lt = btf__type_by_id(c->local, local_id);
	const char *lname = btf_type_name(c->local, lt);
	size_t elen = core_essential_len(lname), cap = 0, bcap = 0, cnt, i;
	struct module_btf **mods;
	__u32 id, n;
	int err = 0, pass;

	for (pass = 0; pass < 2 && !out->cnt && !err; pass++) {
		if (pass && obj->kmods_refreshed)
			break;
		if (kernel_module_btfs(obj, pass, &mods, &cnt))
			cnt = 0;	/* warned; no module candidates */
		for (i = 0; i < cnt && !err; i++) {
			n = btf__type_cnt(mods[i]->btf);
			for (id = module_btf_first_id(mods[i]); id < n && !err; id++) {
				if (!core_is_cand(mods[i]->btf, lt, lname, elen, id))
					continue;
				err = libbpf_ensure_mem((void **)&out->ids, &cap,
							sizeof(*out->ids), out->cnt + 1) ?:
				      libbpf_ensure_mem((void **)&out->btfs, &bcap,
							sizeof(*out->btfs), out->cnt + 1);
				if (err)
					break;
				out->ids[out->cnt] = id;
				out->btfs[out->cnt++] = mods[i]->btf;
				pr_debug("CO-RE: '%s' [%u]: candidate [%u] in module '%s'\n",
					 lname, local_id, id, mods[i]->name);
			}
		}
		free(mods);
	}
	if (err) {
		core_cands_free(out);
		out->cnt = 0;
	}
	return err;
}

/* candidates of local type local_id (already free of modifiers) */
static int core_find_cands(struct core_ctx *c, __u32 local_id, struct core_cands *out,
			   bool *owned)
{
	struct core_cand_cache *cache = c->cache;
	const struct btf_type *lt = btf__type_by_id(c->local, local_id);
	size_t i;
	int err;

	if (!*btf_type_name(c->local, lt)) {
		core_warn(c, "local type [%u] %s has no name to look up in the target (%s)\n",
			  local_id, btf_kind_str(lt), libbpf_errstr(-EOPNOTSUPP));
		return -EOPNOTSUPP;
	}
	*owned = !cache;
	if (cache) {
		for (i = 0; i < cache->cnt; i++) {
			if (cache->e[i].local_id == local_id) {
				*out = cache->e[i];
				return 0;
			}
		}
	}
	err = core_collect_cands(c, local_id, out);
	if (!err && !out->cnt && cache && cache->obj)
		err = core_collect_module_cands(c, cache->obj, local_id, out);
	if (!err && cache)
		err = libbpf_ensure_mem((void **)&cache->e, &cache->cap, sizeof(*cache->e),
					cache->cnt + 1);
	if (err) {
		core_cands_free(out);
		core_warn(c, "cannot collect target candidates: %s\n", libbpf_errstr(err));
		return err;
	}
	if (cache)
		cache->e[cache->cnt++] = *out;
	pr_debug("CO-RE: %s '%s' [%u]: %u target candidate(s)\n", btf_kind_str(lt),
		 btf_type_name(c->local, lt), local_id, out->cnt);
	return 0;
}

static void core_cand_cache_free(struct core_cand_cache *cache)
{
	size_t i;

	for (i = 0; i < cache->cnt; i++)
		core_cands_free(&cache->e[i]);
	free(cache->e);
	cache->e = NULL;
	cache->cnt = cache->cap = 0;
}

/* ---- target field lookup -------------------------------------------------------- */

/*
 * Find member name in composite t of the target, looking into anonymous
 * struct and union members. On success the member's bit offset (relative
 * to t), type and bitfield size are stored; returns 1, or 0 when not found.
 */
static int core_find_member(struct core_walk *w, const struct btf_type *t,
			    const char *name, int depth, __u64 *bit_off,
			    __u32 *type_id, __u32 *bitfield_sz)
{
	const struct btf *btf = w->tbtf;
	const struct btf_member *m = btf_members(t);
	const struct btf_type *mt;
	__u16 i;

	if (depth > CORE_MAX_DEPTH)
		return 0;
	for (i = 0; i < btf_vlen(t) && core_step(w, 1); i++) {
		const char *mname = btf__name_by_offset(btf, m[i].name_off) ?: "";
		__u64 off, inner = 0;
		__u32 bsz;

		member_bits(btf, t, i, &off, &bsz);
		if (*mname) {
			if (strcmp(mname, name) != 0)
				continue;
			*bit_off = off;
			*type_id = m[i].type;
			*bitfield_sz = bsz;
			return 1;
		}
		mt = btf_skip_modifiers(btf, m[i].type, NULL);
		if (!mt || !btf_is_composite(mt))
			continue;
		if (core_find_member(w, mt, name, depth + 1, &inner, type_id, bitfield_sz)) {
			*bit_off = off + inner;
			return 1;
		}
	}
	return 0;
}

/*
 * Walk the local field spec l over target candidate cand_id. Returns 1 and
 * fills t on a match, 0 when the target has no such field.
 */
static int core_match_field(const struct core_spec *l, const struct btf *tbtf,
			    __u32 cand_id, struct core_spec *t)
{
	struct core_walk w = { l->btf, tbtf, CORE_WALK_BUDGET };
	const struct btf_type *tt, *lt;
	int i;

	if (spec_root(t, tbtf, cand_id, l->root_idx))
		return 0;
	for (i = 0; i < l->len; i++) {
		const struct core_acc *a = &l->acc[i];
		__u32 id, lfield;
		__u64 off;
		__s64 esz;

		tt = btf_skip_modifiers(tbtf, t->field_id, &id);
		lt = btf__type_by_id(l->btf, a->type_id);
		if (!tt || !lt || t->bitfield_sz)
			return 0;
		if (a->name) {
			if (!btf_is_composite(tt))
				return 0;
			if (!core_find_member(&w, tt, a->name, 0, &off, &t->field_id,
					      &t->bitfield_sz))
				return 0;
			t->bit_off += off;
			lfield = btf_members(lt)[a->idx].type;
		} else {
			if (!btf_is_array(tt))
				return 0;
			if (btf_array(tt)->nelems && a->idx >= btf_array(tt)->nelems)
				return 0;
			esz = btf__resolve_size(tbtf, btf_array(tt)->type);
			if (esz < 0 || !add_elems(&t->bit_off, a->idx, esz))
				return 0;
			t->field_id = btf_array(tt)->type;
			lfield = btf_array(lt)->type;
		}
		if (!core_fields_compat(&w, lfield, t->field_id, 0))
			return 0;
		t->acc[t->len++] = *a;
	}
	return 1;
}

/* ---- field values ---------------------------------------------------------------- */

struct core_field_val {
	__u64 val;
	__u32 byte_sz;		/* bytes a load of the field reads */
	__u32 type_id;		/* the field's type, modifiers skipped */
	bool bitfield;
};

static bool btf_type_signed(const struct btf_type *t)
{
	if (btf_is_int(t))
		return btf_int_encoding(t) & BTF_INT_SIGNED;
	if (btf_is_any_enum(t))
		return btf_kflag(t);
	return false;
}

/*
 * For a bitfield: the smallest naturally aligned load, at least as wide as
 * its declared type, that holds all its bits.
 */
static int core_bitfield_load(const struct btf_type *mt, __u64 bit_off, __u32 bits,
			      __u32 *byte_sz, __u64 *byte_off)
{
	__u32 sz = mt->size;

	if (!btf_is_int(mt) && !btf_is_any_enum(mt))
		return -EINVAL;
	if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
		return -EINVAL;
	*byte_off = bit_off / 8 / sz * sz;
	while (bit_off + bits - *byte_off * 8 > (__u64)sz * 8) {
		if (sz >= 8)
			return -E2BIG;
		sz *= 2;
		*byte_off = bit_off / 8 / sz * sz;
	}
	*byte_sz = sz;
	return 0;
}

static int core_field_value(const struct core_spec *s, __u32 kind,
			    struct core_field_val *v)
{
	const struct btf_type *mt;
	__u64 byte_off, bit_sz, lo;
	__s64 sz;
	int err;

	mt = btf_skip_modifiers(s->btf, s->field_id, &v->type_id);
	if (!mt)
		return -EINVAL;
	v->bitfield = s->bitfield_sz != 0;
	if (v->bitfield) {
		err = core_bitfield_load(mt, s->bit_off, s->bitfield_sz, &v->byte_sz, &byte_off);
		if (err)
			return err;
		bit_sz = s->bitfield_sz;
	} else {
		sz = btf__resolve_size(s->btf, s->field_id);
		if (sz < 0)
			return sz;
		if (s->bit_off % 8)
			return -EINVAL;
		v->byte_sz = sz;
		byte_off = s->bit_off / 8;
		bit_sz = (__u64)sz * 8;
	}
	lo = s->bit_off - byte_off * 8;		/* field's first bit in the load */
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		v->val = byte_off;
		return 0;
	case BPF_CORE_FIELD_BYTE_SIZE:
		v->val = v->byte_sz;
		return 0;
	case BPF_CORE_FIELD_EXISTS:
		v->val = 1;
		return 0;
	case BPF_CORE_FIELD_SIGNED:
		v->val = btf_type_signed(mt);
		return 0;
	case BPF_CORE_FIELD_LSHIFT_U64:
		/* move the field's most significant bit to bit 63 */
		if (v->byte_sz > 8)
			return -E2BIG;
		if (btf__endianness(s->btf) == BTF_LITTLE_ENDIAN)
			v->val = 64 - (lo + bit_sz);
		else
			v->val = 64 - v->byte_sz * 8 + lo;
		return 0;
	case BPF_CORE_FIELD_RSHIFT_U64:
		if (bit_sz > 64)
			return -E2BIG;
		v->val = 64 - bit_sz;
		return 0;
	}
	return -EOPNOTSUPP;
}

/* may a load or store of the field change size from lt to tt? */
static bool core_size_change_ok(const struct btf_type *lt, const struct btf_type *tt)
{
	bool lu = (btf_is_int(lt) || btf_is_any_enum(lt)) && !btf_type_signed(lt);
	bool tu = (btf_is_int(tt) || btf_is_any_enum(tt)) && !btf_type_signed(tt);

	/* 32-bit kernel pointers and unsigned values zero-extend correctly */
	return (btf_is_ptr(lt) && btf_is_ptr(tt)) || (lu && tu);
}

static bool core_size_change_sx_ok(const struct btf_type *lt, const struct btf_type *tt)
{
	return btf_type_signed(lt) && btf_type_signed(tt);
}

/* ---- one relocation ---------------------------------------------------------------- */

/* one candidate's result; the first one sets res, later ones must agree */
static int core_merge(struct core_ctx *c, struct core_relo_res *res, bool *found,
		      __u64 val, __u32 new_sz, __u32 cand_id)
{
	if (!*found) {
		*found = true;
		res->new_val = val;
		res->new_sz = new_sz;
		res->targ_type_id = cand_id;
		return 0;
	}
	if (res->new_val == val && res->new_sz == new_sz)
		return 0;
	core_warn(c, "target types [%u] and [%u] give different results (%llu, %llu) (%s)\n",
		  res->targ_type_id, cand_id, (unsigned long long)res->new_val,
		  (unsigned long long)val, libbpf_errstr(-EINVAL));
	return -EINVAL;
}

static int core_calc_field(struct core_ctx *c, __u32 root_id, const struct core_cands *cands,
			   struct core_relo_res *res)
{
	__u32 raw[CORE_MAX_ACCESS], kind = c->relo->kind;
	struct core_spec *l, *t;
	struct core_field_val lv, tv;
	bool found = false;
	int n, err;
	__u32 i;

	n = core_parse_access(c, raw);
	if (n < 0)
		return n;
	/* every field the walks read is set by spec_root(): no zeroing of acc[] */
	l = malloc(2 * sizeof(*l));
	if (!l) {
		core_warn(c, "%s\n", libbpf_errstr(-ENOMEM));
		return -ENOMEM;
	}
	t = l + 1;
	err = core_parse_field_spec(c, raw, n, l);
	if (err)
		goto out;
	l->root_id = root_id;
	err = core_field_value(l, kind, &lv);
	if (err) {
		core_warn(c, "cannot compute local value: %s\n", libbpf_errstr(err));
		goto out;
	}
	res->orig_val = lv.val;
	res->validate = !lv.bitfield;
	if (kind == BPF_CORE_FIELD_BYTE_OFFSET && !lv.bitfield)
		res->orig_sz = lv.byte_sz;
	for (i = 0; i < cands->cnt; i++) {
		const struct btf *tbtf = cand_btf(c, cands, i);

		if (!core_match_field(l, tbtf, cands->ids[i], t))
			continue;
		err = core_field_value(t, kind, &tv);
		if (err) {
			core_warn(c, "cannot compute value for target type [%u]: %s\n",
				  cands->ids[i], libbpf_errstr(err));
			goto out;
		}
		if (res->orig_sz && tv.bitfield)
			res->sz_adjust_bad = true;
		err = core_merge(c, res, &found, tv.val, res->orig_sz ? tv.byte_sz : 0,
				 cands->ids[i]);
		if (err)
			goto out;
		if (res->orig_sz && res->orig_sz != tv.byte_sz) {
			const struct btf_type *a = btf__type_by_id(c->local, lv.type_id);
			const struct btf_type *b = btf__type_by_id(tbtf, tv.type_id);

			if (!core_size_change_ok(a, b))
				res->sz_adjust_bad = true;
			res->sz_sx_ok = core_size_change_sx_ok(a, b);
		}
	}
	if (!found) {
		res->new_val = 0;
		res->new_sz = res->orig_sz;
		res->poison = kind != BPF_CORE_FIELD_EXISTS;
	}
out:
	free(l);
	return err;
}

static int core_type_value(const struct btf *btf, __u32 id, __u32 kind, __u64 *val)
{
	__s64 sz;

	switch (kind) {
	case BPF_CORE_TYPE_ID_TARGET:
		*val = id;
		return 0;
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_MATCHES:
		*val = 1;
		return 0;
	case BPF_CORE_TYPE_SIZE:
		sz = btf__resolve_size(btf, id);
		if (sz < 0)
			return sz;
		*val = sz;
		return 0;
	}
	return -EOPNOTSUPP;
}

static int core_calc_type(struct core_ctx *c, __u32 root_id, const struct core_cands *cands,
			  struct core_relo_res *res)
{
	__u32 kind = c->relo->kind, i;
	bool found = false, ok;
	__u64 val = 0;
	int err;

	if (strcmp(c->spec_str, "0") != 0) {
		core_warn(c, "type relocation with access other than '0' (%s)\n",
			  libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	err = core_type_value(c->local, c->relo->type_id, kind, &res->orig_val);
	if (err) {
		core_warn(c, "cannot compute local value: %s\n", libbpf_errstr(err));
		return err;
	}
	for (i = 0; i < cands->cnt; i++) {
		const struct btf *tbtf = cand_btf(c, cands, i);
		struct core_walk w = { c->local, tbtf, CORE_WALK_BUDGET };

		if (kind == BPF_CORE_TYPE_MATCHES)
			ok = core_types_match(&w, root_id, cands->ids[i], 0);
		else
			ok = core_types_compat(&w, root_id, cands->ids[i], 0);
		if (w.budget < 0)
			pr_debug("CO-RE: comparing with target type [%u] took too long, no match\n",
				 cands->ids[i]);
		if (!ok)
			continue;
		err = core_type_value(tbtf, cands->ids[i], kind, &val);
		if (err) {
			core_warn(c, "cannot compute value for target type [%u]: %s\n",
				  cands->ids[i], libbpf_errstr(err));
			return err;
		}
		err = core_merge(c, res, &found, val, 0, cands->ids[i]);
		if (err)
			return err;
	}
	/* a type the target lacks: its id, size and existence read as 0 */
	if (!found)
		res->new_val = 0;
	return 0;
}

static int core_calc_enumval(struct core_ctx *c, __u32 root_id, const struct core_cands *cands,
			     struct core_relo_res *res)
{
	const struct btf_type *lt, *tt;
	__u32 raw[CORE_MAX_ACCESS], kind = c->relo->kind, i, j;
	const char *name;
	bool found = false;
	int n, err;

	n = core_parse_access(c, raw);
	if (n < 0)
		return n;
	lt = btf_skip_modifiers(c->local, root_id, NULL);
	if (!lt || !btf_is_any_enum(lt) || n != 1 || raw[0] >= btf_vlen(lt)) {
		core_warn(c, "access string does not name a value of a local enum (%s)\n",
			  libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	name = enum_name(c->local, lt, raw[0]);
	res->orig_val = kind == BPF_CORE_ENUMVAL_EXISTS ? 1 : enum_value(lt, raw[0]);
	/* clang sign-extends 32-bit values whatever the enum's signedness */
	res->validate_lo32 = kind == BPF_CORE_ENUMVAL_VALUE && btf_is_enum(lt);
	for (i = 0; i < cands->cnt; i++) {
		const struct btf *tbtf = cand_btf(c, cands, i);

		tt = btf_skip_modifiers(tbtf, cands->ids[i], NULL);
		if (!tt || !btf_is_any_enum(tt))
			continue;
		for (j = 0; j < btf_vlen(tt); j++)
			if (core_names_match(name, enum_name(tbtf, tt, j)))
				break;
		if (j == btf_vlen(tt))
			continue;
		err = core_merge(c, res, &found,
				 kind == BPF_CORE_ENUMVAL_EXISTS ? 1 : enum_value(tt, j),
				 0, cands->ids[i]);
		if (err)
			return err;
	}
	if (!found) {
		res->new_val = 0;
		res->poison = kind == BPF_CORE_ENUMVAL_VALUE;
	}
	return 0;
}

static int core_calc(struct core_ctx *c, struct core_relo_res *res)
{
	const struct bpf_core_relo *relo = c->relo;
	struct core_cands cands;
	__u32 root_id = relo->type_id;
	bool owned = false;
	int err;

	memset(res, 0, sizeof(*res));
	res->validate = true;
	if (!c->spec_str)
		c->spec_str = "";
	if (!relo->type_id || !core_local_root(c->local, &root_id)) {
		core_warn(c, "invalid local type id (%s)\n", libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	if (relo->kind == BPF_CORE_TYPE_ID_LOCAL) {
		res->orig_val = res->new_val = relo->type_id;
		return 0;
	}
	if (!core_kind_is_field(relo->kind) && !core_kind_is_type(relo->kind) &&
	    !core_kind_is_enumval(relo->kind)) {
		core_warn(c, "unknown relocation kind %u (%s)\n", relo->kind,
			  libbpf_errstr(-EOPNOTSUPP));
		return -EOPNOTSUPP;
	}
	if (!c->targ) {
		core_warn(c, "no target BTF (%s)\n", libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	err = core_find_cands(c, root_id, &cands, &owned);
	if (err)
		return err;
	if (core_kind_is_field(relo->kind))
		err = core_calc_field(c, root_id, &cands, res);
	else if (core_kind_is_type(relo->kind))
		err = core_calc_type(c, root_id, &cands, res);
	else
		err = core_calc_enumval(c, root_id, &cands, res);
	if (owned)
		core_cands_free(&cands);
	return err;
}

int core_calc_relo(const char *prog_name, const struct btf *local_btf,
		   const struct btf *targ_btf, const struct bpf_core_relo *relo,
		   struct core_relo_res *res)
{
	struct core_ctx c = {
		.prog = prog_name ?: "?",
		.local = local_btf,
		.targ = targ_btf,
		.relo = relo,
		.spec_str = btf__name_by_offset(local_btf, relo->access_str_off),
	};

	return core_calc(&c, res);
}

/* ---- instruction patching ------------------------------------------------------------ */

static void core_poison(struct bpf_insn *insn)
{
	insn->code = BPF_JMP | BPF_CALL;
	insn->dst_reg = 0;
	insn->src_reg = 0;
	insn->off = 0;
	insn->imm = CORE_POISON_IMM;
}

static int bpf_size_bytes(__u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	case BPF_DW:
		return 8;
	}
	return -1;
}

static int bytes_bpf_size(__u32 sz)
{
	switch (sz) {
	case 1:
		return BPF_B;
	case 2:
		return BPF_H;
	case 4:
		return BPF_W;
	case 8:
		return BPF_DW;
	}
	return -1;
}

#define patch_warn(prog, idx, insn_idx, fmt, ...)                              \
	pr_warn("prog '%s': CO-RE relo #%d: insn %zu: " fmt, prog, idx,        \
		insn_idx, ##__VA_ARGS__)

static int core_patch_alu(const char *prog, int relo_idx, size_t idx,
			  struct bpf_insn *insn, const struct core_relo_res *res)
{
	__s64 v = (__s64)res->new_val;

	if (BPF_SRC(insn->code) != BPF_K) {
		patch_warn(prog, relo_idx, idx, "ALU instruction 0x%02x has no immediate (%s)\n",
			   insn->code, libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	if (res->validate && (__u32)insn->imm != (__u32)res->orig_val) {
		patch_warn(prog, relo_idx, idx, "holds %d, expected %llu from local BTF (%s)\n",
			   insn->imm, (unsigned long long)res->orig_val, libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	if (res->new_val > UINT_MAX && (v < INT_MIN || v >= 0)) {
		patch_warn(prog, relo_idx, idx, "value %llu does not fit an immediate (%s)\n",
			   (unsigned long long)res->new_val, libbpf_errstr(-ERANGE));
		return -ERANGE;
	}
	insn->imm = (__s32)res->new_val;
	return 0;
}

static int core_patch_mem(const char *prog, int relo_idx, size_t idx,
			  struct bpf_insn *insn, const struct core_relo_res *res)
{
	__u8 mode = BPF_MODE(insn->code);
	int cur, sz;

	if (res->validate && (__s64)insn->off != (__s64)res->orig_val) {
		patch_warn(prog, relo_idx, idx, "offset %d, expected %llu from local BTF (%s)\n",
			   insn->off, (unsigned long long)res->orig_val, libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	if (res->new_val > SHRT_MAX) {
		patch_warn(prog, relo_idx, idx, "offset %llu does not fit an instruction (%s)\n",
			   (unsigned long long)res->new_val, libbpf_errstr(-ERANGE));
		return -ERANGE;
	}
	if (res->orig_sz && (res->new_sz != res->orig_sz || res->sz_adjust_bad)) {
		cur = bpf_size_bytes(insn->code);
		if ((mode != BPF_MEM && mode != CORE_BPF_MEMSX) || cur != (int)res->orig_sz) {
			patch_warn(prog, relo_idx, idx, "access of %d bytes to a field of %u bytes (%s)\n",
				   cur, res->orig_sz, libbpf_errstr(-EINVAL));
			return -EINVAL;
		}
		sz = bytes_bpf_size(res->new_sz);
		if (sz < 0 || (res->sz_adjust_bad && !(mode == CORE_BPF_MEMSX && res->sz_sx_ok))) {
			/* a wrong value must not be read: fail if reachable */
			pr_warn("prog '%s': CO-RE relo #%d: insn %zu: field is %u bytes in the target, %u locally; cannot adjust the access, poisoned\n",
				prog, relo_idx, idx, res->new_sz, res->orig_sz);
			core_poison(insn);
			return 0;
		}
		insn->code = BPF_CLASS(insn->code) | mode | sz;
	}
	insn->off = (__s16)res->new_val;
	return 0;
}

static int core_patch_ld64(const char *prog, int relo_idx, size_t idx,
			   struct bpf_insn *insn, size_t left, const struct core_relo_res *res)
{
	__u64 cur;

	if (insn->code != (BPF_LD | BPF_IMM | BPF_DW) || left < 2) {
		patch_warn(prog, relo_idx, idx, "instruction 0x%02x cannot be relocated (%s)\n",
			   insn->code, libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	cur = (__u64)(__u32)insn[0].imm | (__u64)(__u32)insn[1].imm << 32;
	if (res->validate &&
	    (res->validate_lo32 ? (__u32)cur != (__u32)res->orig_val : cur != res->orig_val)) {
		patch_warn(prog, relo_idx, idx, "holds %llu, expected %llu from local BTF (%s)\n",
			   (unsigned long long)cur, (unsigned long long)res->orig_val,
			   libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	insn[0].imm = (__u32)res->new_val;
	insn[1].imm = (__u32)(res->new_val >> 32);
	return 0;
}

int core_patch_insn(const char *prog_name, struct bpf_insn *insns, size_t insn_cnt,
		    size_t insn_idx, int relo_idx, const struct core_relo_res *res)
{
	struct bpf_insn *insn;
	size_t left;

	if (insn_idx >= insn_cnt) {
		patch_warn(prog_name, relo_idx, insn_idx, "outside the function's %zu instructions (%s)\n",
			   insn_cnt, libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	insn = &insns[insn_idx];
	left = insn_cnt - insn_idx;
	if (res->poison) {
		/* both halves, or the verifier trips over the second one */
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) && left >= 2)
			core_poison(insn + 1);
		core_poison(insn);
		return 0;
	}
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return core_patch_alu(prog_name, relo_idx, insn_idx, insn, res);
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return core_patch_mem(prog_name, relo_idx, insn_idx, insn, res);
	case BPF_LD:
		return core_patch_ld64(prog_name, relo_idx, insn_idx, insn, left, res);
	}
	patch_warn(prog_name, relo_idx, insn_idx, "instruction 0x%02x cannot be relocated (%s)\n",
		   insn->code, libbpf_errstr(-EINVAL));
	return -EINVAL;
}

/* ---- the load step ------------------------------------------------------------------- */

struct core_obj_ctx {
	struct bpf_object *obj;
	struct core_cand_cache cache;
	const struct btf *targ;
	struct btf *own_targ;		/* btf_custom_path, freed at the end */
	struct core_name_index *own_idx;	/* its name index */
	int targ_err;			/* target BTF failed to load */
};

static int core_load_target(struct core_obj_ctx *oc)
{
	struct btf *btf;

	if (oc->targ || oc->targ_err)
		return oc->targ_err;
	if (oc->obj->btf_custom_path) {
		btf = btf__parse(oc->obj->btf_custom_path, NULL);
		if (!btf) {
			oc->targ_err = -errno;
			pr_warn("object '%s': cannot read target BTF '%s' for CO-RE: %s\n",
				oc->obj->name, oc->obj->btf_custom_path,
				libbpf_errstr(oc->targ_err));
			return oc->targ_err;
		}
		oc->own_targ = btf;
		oc->targ = btf;
		oc->own_idx = core_index_build(btf, CORE_TYPE_KINDS);
		oc->cache.idx = oc->own_idx;
		return 0;
	}
	oc->targ = libbpf_vmlinux_btf();
	oc->cache.vmlinux = oc->targ != NULL;
	/* the kernel's BTF: types vmlinux lacks are looked for in modules */
	oc->cache.obj = oc->obj;
	if (!oc->targ) {
		oc->targ_err = -errno ?: -ENOENT;
		pr_warn("object '%s': no kernel BTF for CO-RE relocations: %s\n",
			oc->obj->name, libbpf_errstr(oc->targ_err));
	}
	return oc->targ_err;
}

/* the first ELF section named sec_name, or -1 */
static int core_sec_idx(const struct bpf_object *obj, const char *sec_name)
{
	size_t i;

	for (i = 1; i < obj->nr_sec_names; i++)
		if (obj->sec_names[i] && strcmp(obj->sec_names[i], sec_name) == 0)
			return i;
	return -1;
}

static int core_apply_rec(struct core_obj_ctx *oc, const char *sec_name, int sec_idx,
			  const struct bpf_core_relo *relo, int relo_idx)
{
	struct bpf_object *obj = oc->obj;
	struct core_relo_res res;
	struct bpf_program *func;
	struct core_ctx c;
	size_t insn_idx;
	int err;

	if (relo->insn_off % sizeof(struct bpf_insn)) {
		pr_warn("section '%s': CO-RE relo #%d: instruction offset %u is not a multiple of %zu (%s)\n",
			sec_name, relo_idx, relo->insn_off, sizeof(struct bpf_insn),
			libbpf_errstr(-EINVAL));
		return -EINVAL;
	}
	insn_idx = relo->insn_off / sizeof(struct bpf_insn);
	func = sec_idx < 0 ? NULL : obj_find_func(obj, sec_idx, insn_idx);
	if (!func || func->custom_insns) {
		pr_debug("section '%s': CO-RE relo #%d: insn %zu is in no function or in code set by the user, skipped\n",
			 sec_name, relo_idx, insn_idx);
		return 0;
	}
	/* a program left out of this load is not relocated (nor is its BTF needed) */
	if (!func->is_subprog && !func->autoload)
		return 0;
	err = relo->kind == BPF_CORE_TYPE_ID_LOCAL ? 0 : core_load_target(oc);
	if (!err) {
		c = (struct core_ctx){
			.prog = func->name,
			.relo_idx = relo_idx,
			.local = obj->btf,
			.targ = oc->targ,
			.relo = relo,
			.spec_str = btf__name_by_offset(obj->btf, relo->access_str_off),
			.cache = &oc->cache,
		};
		err = core_calc(&c, &res);
	}
	if (!err) {
		err = core_patch_insn(func->name, func->insns, func->sec_insn_cnt,
				      insn_idx - func->sec_insn_off, relo_idx, &res);
		if (!err)
			pr_debug("prog '%s': CO-RE relo #%d (%s of '%s', '%s'): insn %zu: %llu -> %llu%s\n",
				 func->name, relo_idx, core_kind_str(relo->kind),
				 core_root_name(&c), c.spec_str, insn_idx - func->sec_insn_off,
				 (unsigned long long)res.orig_val,
				 (unsigned long long)res.new_val, res.poison ? " (poisoned)" : "");
	}
	return err;
}

int bpf_object_core_relocate(struct bpf_object *obj)
{
	const struct btf_ext_info *seg;
	const struct btf_ext_info_sec *sec;
	struct core_obj_ctx oc = { .obj = obj };
	const void *rec;
	int err = 0, n = 0;
	__u32 i;

	if (!obj->btf || !obj->btf_ext || !obj->btf_ext->core_relo_info.len)
		return 0;
	seg = &obj->btf_ext->core_relo_info;
	for_each_btf_ext_sec(seg, sec) {
		const char *sec_name = btf__name_by_offset(obj->btf, sec->sec_name_off);
		int sec_idx;

		if (!sec_name) {
			pr_warn("object '%s': CO-RE records name no section (%s)\n",
				obj->name, libbpf_errstr(-EINVAL));
			err = -EINVAL;
			goto out;
		}
		/* once per group, not per record */
		sec_idx = core_sec_idx(obj, sec_name);
		for_each_btf_ext_rec(seg, sec, i, rec) {
			struct bpf_core_relo relo;

			memcpy(&relo, rec, sizeof(relo));
			err = core_apply_rec(&oc, sec_name, sec_idx, &relo, n++);
			if (err)
				goto out;
		}
	}
	pr_debug("object '%s': applied %d CO-RE relocations\n", obj->name, n);
out:
	core_cand_cache_free(&oc.cache);
	core_index_free(oc.own_idx);
	btf__free(oc.own_targ);
	return err;
}
