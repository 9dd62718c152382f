// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF sanitization: rewrite what an older kernel does not understand into
 * constructs it accepts, so that an object's BTF still loads there.
 *
 * This is a pure transformation of a struct btf (no syscalls); the load
 * pipeline runs it on its private copy of the object's BTF. Every rewrite
 * keeps the type's id and the byte size of its record, so the type ids
 * that maps, func_info, line_info and instructions refer to stay valid.
 * The only additions are strings and, for ENUM64, at most eight INT
 * placeholders at the end (none when a matching INT already exists).
 *
 *   kernel lacks     type                 becomes
 *   DECL_TAG         DECL_TAG             INT, 1 byte, 8 bits, no name
 *   TYPE_TAG         TYPE_TAG             CONST of the same type
 *   ENUM64           ENUM64               UNION of the same name and size
 *                                         with one member per enumerator,
 *                                         named after it, at offset 0, of
 *                                         an INT of the enum's size and
 *                                         sign (the values are lost)
 *                    bitfield member of   member retyped to that INT: the
 *                    such an enum in a    kernel takes no bitfield of
 *                    kflag struct/union   struct or union type
 *                    ENUM with kflag      ENUM without kflag (kernels
 *                    (signed enum)        before ENUM64 reject the flag)
 *   FLOAT            FLOAT                STRUCT of the same size, no
 *                                         members
 *   DATASEC          DATASEC              STRUCT of the same size whose
 *                                         members are the variables (name,
 *                                         type, bit offset = offset * 8)
 *                    VAR                  INT, 1 byte, 8 bits, same name
 *   '?' in DATASEC   DATASEC name         name with '_' for every
 *   names                                 character old kernels refuse
 *   FUNC             FUNC_PROTO           ENUM of 4 bytes, one enumerator
 *                                         per parameter (unnamed ones get
 *                                         "__argN")
 *                    FUNC                 TYPEDEF of the same name to the
 *                                         (former) proto
 *   global FUNC      FUNC global/extern   FUNC static
 *
 * Names made from others (STRUCT from DATASEC or FLOAT, its members,
 * enumerators from parameters) are made valid for old kernels: C
 * identifiers of at most 127 characters; other characters become '_'.
 * ENUM64 was chosen to become a UNION rather than an ENUM because an
 * ENUM record of the same byte size exists only for an even number of
 * enumerators; the UNION keeps name, size and enumerator names and works
 * everywhere a value of the type is used except as a bitfield, which is
 * handled by retyping the member.
 *
 * Legal BTF that no kernel accepts, fixed whatever the features:
 *   - FUNC with extern linkage: becomes global (static without global
 *     FUNC support);
 *   - VAR with extern linkage: becomes global allocated;
 *   - a FUNC whose proto has an unnamed parameter: the parameter of the
 *     object's own proto is named "__argN";
 *   - a DECL_TAG whose target a rewrite above turned into a kind that
 *     takes no tags (VAR into INT, FUNC into TYPEDEF with a component
 *     index): becomes INT like an unsupported DECL_TAG.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "libbpf_internal.h"

/* old kernels refuse names of KSYM_NAME_LEN (128) characters or more */
#define KERN_NAME_MAX		127
/* placeholder INTs: [signed][log2 of byte size] */
#define PH_SIZES		4

struct sanitize_ctx {
	struct btf *btf;
	const struct btf_kern_feats *f;
	__u32 start_id;			/* first own type */
	__u32 end_id;			/* first type added by sanitizing */
	__u32 ph[2][PH_SIZES];		/* placeholder INT ids, 0 = none */
	__u32 nr_changed;
};

static const char *const ph_names[2][PH_SIZES] = {
	{ "unsigned char", "unsigned short", "unsigned int", "unsigned long long" },
	{ "signed char", "short", "int", "long long" },
};

void btf_kern_feats_probe(struct btf_kern_feats *f)
{
	memset(f, 0, sizeof(*f));
	f->btf = kernel_supports(FEAT_BTF);
	f->func = kernel_supports(FEAT_BTF_FUNC);
	f->global_func = kernel_supports(FEAT_BTF_GLOBAL_FUNC);
	f->datasec = kernel_supports(FEAT_BTF_DATASEC);
	f->qmark_datasec = kernel_supports(FEAT_BTF_QMARK_DATASEC);
	f->float_kind = kernel_supports(FEAT_BTF_FLOAT);
	f->decl_tag = kernel_supports(FEAT_BTF_DECL_TAG);
	f->type_tag = kernel_supports(FEAT_BTF_TYPE_TAG);
	f->enum64 = kernel_supports(FEAT_BTF_ENUM64);
}

/* ---- small helpers ------------------------------------------------------- */

static __u32 own_start_id(const struct btf *btf)
{
	const struct btf *base = btf__base_btf(btf);

	return base ? btf__type_cnt(base) : 1;
}

static void set_info(struct btf_type *t, __u32 kind, __u32 vlen)
{
	/* kind_flag is always cleared: no replacement kind here uses it */
	t->info = (kind << 24) | (vlen & 0xffff);
}

/* an INT of one byte over a record with one trailing word (DECL_TAG, VAR) */
static void make_byte_int(struct btf_type *t, __u32 name_off)
{
	t->name_off = name_off;
	set_info(t, BTF_KIND_INT, 0);
	t->size = 1;
	*(__u32 *)(t + 1) = 8;		/* no encoding, bit offset 0, 8 bits */
}

static bool is_var(const struct btf_type *t)
{
	return t && btf_is_var(t);
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* old kernels' rule for names: C identifiers, with dot_ok also '.' */
static bool name_char_ok(char c, bool first, bool dot_ok)
{
	if (c == '_' || is_alpha(c) || (dot_ok && c == '.'))
		return true;
	return !first && is_digit(c);
}

static bool kern_name_ok(const char *s, bool dot_ok)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (i >= KERN_NAME_MAX || !name_char_ok(s[i], i == 0, dot_ok))
			return false;
	return i > 0;
}

/*
 * Store in *res the offset of a name old kernels accept made from the
 * string at off: off itself when it qualifies (or is empty), otherwise a
 * copy cut to KERN_NAME_MAX characters with '_' for every character that
 * is not allowed. Returns 0 or a negative errno.
 */
static int kern_name(struct btf *btf, __u32 off, bool dot_ok, __u32 *res)
{
	const char *s = btf__str_by_offset(btf, off);
	size_t len, i;
	char *buf;
	int new_off;

	*res = off;
	if (!s) {
		pr_warn("BTF: string offset %u is out of range\n", off);
		return -EINVAL;
	}
	if (!*s || kern_name_ok(s, dot_ok))
		return 0;
	len = min(strlen(s), (size_t)KERN_NAME_MAX);
	buf = malloc(len + 1);
	if (!buf) {
		pr_warn("BTF: out of memory sanitizing name '%s'\n", s);
		return -ENOMEM;
	}
	for (i = 0; i < len; i++)
		buf[i] = name_char_ok(s[i], i == 0, dot_ok) ? s[i] : '_';
	buf[len] = '\0';
	new_off = btf__add_str(btf, buf);	/* warns on failure */
	free(buf);
	if (new_off < 0)
		return new_off;
	*res = new_off;
	return 0;
}

/* offset of the generated name of parameter idx */
static int arg_name(struct btf *btf, int idx, __u32 *res)
{
	char buf[32];
	int off;

	snprintf(buf, sizeof(buf), "__arg%d", idx);
	off = btf__add_str(btf, buf);		/* warns on failure */
	if (off < 0)
		return off;
	*res = off;
	return 0;
}

/* ---- what needs sanitizing ----------------------------------------------- */

static bool own_id(const struct btf *btf, __u32 id)
{
	return id >= own_start_id(btf) && id < btf__type_cnt(btf);
}

/* the FUNC's proto is the object's own and has an unnamed parameter */
static bool func_has_unnamed_arg(const struct btf *btf, const struct btf_type *func)
{
	const struct btf_type *proto;
	const struct btf_param *p;
	int i;

	if (!own_id(btf, func->type))
		return false;
	proto = btf__type_by_id(btf, func->type);
	if (!proto || !btf_is_func_proto(proto))
		return false;
	p = btf_params(proto);
	for (i = 0; i < btf_vlen(proto); i++)
		if (!p[i].name_off && p[i].type)
			return true;
	return false;
}

static bool func_needs_sanitize(const struct btf *btf, const struct btf_type *t,
				const struct btf_kern_feats *f)
{
	if (!f->func || btf_vlen(t) == BTF_FUNC_EXTERN)
		return true;
	if (btf_vlen(t) == BTF_FUNC_GLOBAL && !f->global_func)
		return true;
	return func_has_unnamed_arg(btf, t);
}

static bool datasec_needs_sanitize(const struct btf *btf, const struct btf_type *t,
				   const struct btf_kern_feats *f)
{
	const char *name;

	if (!f->datasec)
		return true;
	if (f->qmark_datasec)
		return false;
	name = btf__name_by_offset(btf, t->name_off);
	return name && !kern_name_ok(name, true);
}

static bool type_needs_sanitize(const struct btf *btf, const struct btf_type *t,
				const struct btf_kern_feats *f)
{
	switch (btf_kind(t)) {
	case BTF_KIND_DECL_TAG:
		return !f->decl_tag;
	case BTF_KIND_TYPE_TAG:
		return !f->type_tag;
	case BTF_KIND_ENUM64:
		return !f->enum64;
	case BTF_KIND_ENUM:
		return !f->enum64 && btf_kflag(t);
	case BTF_KIND_FLOAT:
		return !f->float_kind;
	case BTF_KIND_VAR:
		return !f->datasec || btf_var(t)->linkage == BTF_VAR_GLOBAL_EXTERN;
	case BTF_KIND_DATASEC:
		return datasec_needs_sanitize(btf, t, f);
	case BTF_KIND_FUNC_PROTO:
		return !f->func;
	case BTF_KIND_FUNC:
		return func_needs_sanitize(btf, t, f);
	default:
		return false;
	}
}

bool btf_needs_sanitize(const struct btf *btf, const struct btf_kern_feats *f)
{
	__u32 id, cnt = btf__type_cnt(btf);

	if (!f->btf)
		return true;
	for (id = own_start_id(btf); id < cnt; id++)
		if (type_needs_sanitize(btf, btf__type_by_id(btf, id), f))
			return true;
	return false;
}

/* ---- placeholders --------------------------------------------------------- */

static int ph_size_idx(__u32 size)
{
	switch (size) {
	case 1: return 0;
	case 2: return 1;
	case 4: return 2;
	case 8: return 3;
	default: return -1;
	}
}

/* an INT of size bytes with all bits used and the given sign, or 0 */
static __u32 find_plain_int(const struct btf *btf, __u32 size, bool is_signed)
{
	__u32 id, cnt = btf__type_cnt(btf);
	const struct btf_type *t;

	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(btf, id);
		if (btf_is_int(t) && t->size == size && btf_int_offset(t) == 0 &&
		    btf_int_bits(t) == size * 8 &&
		    btf_int_encoding(t) == (is_signed ? BTF_INT_SIGNED : 0))
			return id;
	}
	return 0;
}

static int need_placeholder(struct sanitize_ctx *ctx, __u32 size, bool is_signed)
{
	int idx = ph_size_idx(size), id;

	if (idx < 0) {
		pr_warn("BTF: cannot sanitize an integer type of %u bytes\n", size);
		return -EINVAL;
	}
	if (ctx->ph[is_signed][idx])
		return 0;
	id = find_plain_int(ctx->btf, size, is_signed);
	if (!id)
		id = btf__add_int(ctx->btf, ph_names[is_signed][idx], size,
				  is_signed ? BTF_INT_SIGNED : 0); /* warns */
	if (id < 0)
		return id;
	ctx->ph[is_signed][idx] = id;
	return 0;
}

/* only after need_placeholder() succeeded for the same size and sign */
static __u32 placeholder(const struct sanitize_ctx *ctx, __u32 size, bool is_signed)
{
	int idx = ph_size_idx(size);

	return idx < 0 ? 0 : ctx->ph[is_signed][idx];
}

/* the ENUM64 a bitfield member m of a kflag struct/union has as type, or NULL */
static const struct btf_type *enum64_bitfield(const struct btf *btf,
					      const struct btf_member *m)
{
	const struct btf_type *mt;

	if (!BTF_MEMBER_BITFIELD_SIZE(m->offset))
		return NULL;
	mt = btf_skip_modifiers(btf, m->type, NULL);
	return mt && btf_is_enum64(mt) ? mt : NULL;
}

/*
 * ENUM64 bitfields (of this or the base BTF) become bitfields of an INT.
 * Adding an INT may move the type records: t is looked up every time.
 */
static int need_bitfield_placeholders(struct sanitize_ctx *ctx, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(ctx->btf, id), *e;
	int i, n = btf_vlen(t), err;

	if (!btf_kflag(t))
		return 0;
	for (i = 0; i < n; i++) {
		t = btf__type_by_id(ctx->btf, id);
		e = enum64_bitfield(ctx->btf, &btf_members(t)[i]);
		if (!e)
			continue;
		err = need_placeholder(ctx, e->size, btf_kflag(e));
		if (err)
			return err;
	}
	return 0;
}

/* DATASEC entries that are not VARs become members of a one-byte INT */
static int need_datasec_placeholder(struct sanitize_ctx *ctx, const struct btf_type *t)
{
	const struct btf_var_secinfo *vsi = btf_var_secinfos(t);
	int i;

	for (i = 0; i < btf_vlen(t); i++)
		if (!is_var(btf__type_by_id(ctx->btf, vsi[i].type)))
			return need_placeholder(ctx, 1, false);
	return 0;
}

/* add every placeholder first: type pointers stay valid afterwards */
static int add_placeholders(struct sanitize_ctx *ctx)
{
	const struct btf_type *t;
	__u32 id;
	int err = 0;

	for (id = ctx->start_id; id < ctx->end_id && !err; id++) {
		t = btf__type_by_id(ctx->btf, id);
		if (btf_is_enum64(t) && !ctx->f->enum64)
			err = need_placeholder(ctx, t->size, btf_kflag(t));
		else if (btf_is_composite(t) && !ctx->f->enum64)
			err = need_bitfield_placeholders(ctx, id);
		else if (btf_is_datasec(t) && !ctx->f->datasec)
			err = need_datasec_placeholder(ctx, t);
	}
	return err;
}

/* ---- rewrites that read other types before those change -------------------- */

/*
 * DATASEC -> STRUCT: btf_var_secinfo {type, offset, size} and btf_member
 * {name_off, type, offset} are both three words. Names are made first (the
 * only step that can fail), then the record is rewritten.
 */
static int datasec_to_struct(struct sanitize_ctx *ctx, __u32 id)
{
	struct btf *btf = ctx->btf;
	struct btf_type *t = btf_type_by_id(btf, id);
	int i, n = btf_vlen(t), err = 0;
	const struct btf_type *var;
	struct btf_var_secinfo vsi;
	struct btf_member *m;
	__u32 *names, name_off;

	names = calloc(n ?: 1, sizeof(*names));
	if (!names) {
		pr_warn("BTF: out of memory sanitizing DATASEC [%u]\n", id);
		return -ENOMEM;
	}
	err = kern_name(btf, t->name_off, false, &name_off);
	for (i = 0; i < n && !err; i++) {
		vsi = btf_var_secinfos(t)[i];
		if (vsi.offset > UINT32_MAX / 8) {
			pr_warn("BTF: DATASEC [%u] entry %d: offset %u too large for a struct member\n",
				id, i, vsi.offset);
			err = -E2BIG;
			break;
		}
		var = btf__type_by_id(btf, vsi.type);
		if (is_var(var))
			err = kern_name(btf, var->name_off, false, &names[i]);
	}
	if (err)
		goto out;

	/* nothing fails from here on */
	for (i = 0; i < n; i++) {
		vsi = btf_var_secinfos(t)[i];
		var = btf__type_by_id(btf, vsi.type);
		m = &btf_members(t)[i];
		m->name_off = names[i];
		m->type = is_var(var) ? var->type : placeholder(ctx, 1, false);
		m->offset = vsi.offset * 8;
	}
	t->name_off = name_off;
	set_info(t, BTF_KIND_STRUCT, n);
	ctx->nr_changed++;
out:
	free(names);
	return err;
}

/* bitfield members of a kflag struct/union whose type is an ENUM64 */
static void retype_enum64_bitfields(struct sanitize_ctx *ctx, __u32 id)
{
	struct btf_type *t = btf_type_by_id(ctx->btf, id);
	const struct btf_type *e;
	struct btf_member *m;
	bool changed = false;
	int i;

	if (!btf_kflag(t))
		return;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++) {
		e = enum64_bitfield(ctx->btf, &m[i]);
		if (!e)
			continue;
		m[i].type = placeholder(ctx, e->size, btf_kflag(e));
		changed = true;
	}
	ctx->nr_changed += changed;
}

static int sanitize_early(struct sanitize_ctx *ctx, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(ctx->btf, id);

	if (btf_is_datasec(t) && !ctx->f->datasec)
		return datasec_to_struct(ctx, id);
	if (btf_is_composite(t) && !ctx->f->enum64)
		retype_enum64_bitfields(ctx, id);
	return 0;
}

/* ---- rewrites of one type in place ------------------------------------------ */

/* ENUM64 -> UNION: btf_enum64 and btf_member are both three words */
static void enum64_to_union(struct sanitize_ctx *ctx, struct btf_type *t)
{
	__u32 type_id = placeholder(ctx, t->size, btf_kflag(t));
	struct btf_enum64 *e = btf_enum64(t);
	struct btf_member *m;
	__u32 name_off;
	int i, n = btf_vlen(t);

	for (i = 0; i < n; i++) {
		name_off = e[i].name_off;
		m = (struct btf_member *)&e[i];
		m->name_off = name_off;
		m->type = type_id;
		m->offset = 0;
	}
	set_info(t, BTF_KIND_UNION, n);
}

/* FUNC_PROTO -> ENUM: btf_param and btf_enum are both two words */
static int proto_to_enum(struct sanitize_ctx *ctx, __u32 id)
{
	struct btf *btf = ctx->btf;
	struct btf_type *t = btf_type_by_id(btf, id);
	int i, n = btf_vlen(t), err = 0;
	struct btf_enum *e;
	__u32 *names;

	names = calloc(n ?: 1, sizeof(*names));
	if (!names) {
		pr_warn("BTF: out of memory sanitizing FUNC_PROTO [%u]\n", id);
		return -ENOMEM;
	}
	for (i = 0; i < n && !err; i++) {
		if (btf_params(t)[i].name_off)
			err = kern_name(btf, btf_params(t)[i].name_off, false, &names[i]);
		else
			err = arg_name(btf, i, &names[i]);
	}
	if (err)
		goto out;
	e = (struct btf_enum *)btf_params(t);
	for (i = 0; i < n; i++) {
		e[i].name_off = names[i];
		e[i].val = i;
	}
	t->name_off = 0;
	set_info(t, BTF_KIND_ENUM, n);
	t->size = 4;
out:
	free(names);
	return err;
}

/* name the unnamed parameters of the FUNC's own proto */
static int name_func_args(struct sanitize_ctx *ctx, const struct btf_type *func)
{
	struct btf_type *proto;
	struct btf_param *p;
	__u32 off;
	int i, err;

	if (!func_has_unnamed_arg(ctx->btf, func))
		return 0;
	proto = btf_type_by_id(ctx->btf, func->type);
	for (i = 0; i < btf_vlen(proto); i++) {
		p = &btf_params(proto)[i];
		if (p->name_off || !p->type)
			continue;
		err = arg_name(ctx->btf, i, &off);
		if (err)
			return err;
		p->name_off = off;
	}
	return 0;
}

static int sanitize_func(struct sanitize_ctx *ctx, struct btf_type *t)
{
	__u32 linkage = btf_vlen(t);

	if (!ctx->f->func) {
		set_info(t, BTF_KIND_TYPEDEF, 0);
		return 0;
	}
	if (linkage == BTF_FUNC_EXTERN)
		linkage = BTF_FUNC_GLOBAL;
	if (linkage == BTF_FUNC_GLOBAL && !ctx->f->global_func)
		linkage = BTF_FUNC_STATIC;
	set_info(t, BTF_KIND_FUNC, linkage);
	return name_func_args(ctx, t);
}

static void sanitize_var(struct sanitize_ctx *ctx, struct btf_type *t)
{
	if (!ctx->f->datasec)
		make_byte_int(t, t->name_off);
	else
		btf_var(t)->linkage = BTF_VAR_GLOBAL_ALLOCATED;
}

static int sanitize_type(struct sanitize_ctx *ctx, __u32 id)
{
	struct btf_type *t = btf_type_by_id(ctx->btf, id);
	const struct btf_kern_feats *f = ctx->f;
	__u32 name_off;
	int err;

	/* DATASECs without kernel support are STRUCTs by now */
	if (!type_needs_sanitize(ctx->btf, t, f))
		return 0;
	ctx->nr_changed++;
	switch (btf_kind(t)) {
	case BTF_KIND_DECL_TAG:
		make_byte_int(t, 0);
		return 0;
	case BTF_KIND_TYPE_TAG:
		t->name_off = 0;
		set_info(t, BTF_KIND_CONST, 0);
		return 0;
	case BTF_KIND_ENUM64:
		enum64_to_union(ctx, t);
		return 0;
	case BTF_KIND_ENUM:
		set_info(t, BTF_KIND_ENUM, btf_vlen(t));
		return 0;
	case BTF_KIND_FLOAT:
		err = kern_name(ctx->btf, t->name_off, false, &name_off);
		if (err)
			return err;
		t->name_off = name_off;
		set_info(t, BTF_KIND_STRUCT, 0);
		return 0;
	case BTF_KIND_VAR:
		sanitize_var(ctx, t);
		return 0;
	case BTF_KIND_DATASEC:
		/* supported, but not this name */
		err = kern_name(ctx->btf, t->name_off, true, &name_off);
		if (err)
			return err;
		t->name_off = name_off;
		return 0;
	case BTF_KIND_FUNC_PROTO:
		return proto_to_enum(ctx, id);
	case BTF_KIND_FUNC:
		return sanitize_func(ctx, t);
	default:
		return 0;
	}
}

/* ---- DECL_TAGs left pointing at what no longer takes a tag ------------------ */

/* whether the kernel accepts a DECL_TAG with component_idx on target */
static bool decl_tag_target_ok(const struct btf *btf, const struct btf_type *target,
			       int idx)
{
	const struct btf_type *proto;

	switch (btf_kind(target)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return idx == -1 || (idx >= 0 && idx < btf_vlen(target));
	case BTF_KIND_FUNC:
		if (idx == -1)
			return true;
		proto = btf__type_by_id(btf, target->type);
		return proto && btf_is_func_proto(proto) && idx >= 0 &&
		       idx < btf_vlen(proto);
	case BTF_KIND_VAR:
	case BTF_KIND_TYPEDEF:
		return idx == -1;
	default:
		return false;
	}
}

static int sanitize_decl_tag(struct sanitize_ctx *ctx, __u32 id)
{
	struct btf_type *t = btf_type_by_id(ctx->btf, id);
	const struct btf_type *target;

	if (!btf_is_decl_tag(t))
		return 0;
	target = btf__type_by_id(ctx->btf, t->type);
	if (target && decl_tag_target_ok(ctx->btf, target, btf_decl_tag(t)->component_idx))
		return 0;
	make_byte_int(t, 0);
	ctx->nr_changed++;
	return 0;
}

/* ---- the whole pass ------------------------------------------------------------- */

typedef int (*sanitize_fn)(struct sanitize_ctx *ctx, __u32 id);

static int for_each_own_type(struct sanitize_ctx *ctx, sanitize_fn fn)
{
	__u32 id;
	int err;

	for (id = ctx->start_id; id < ctx->end_id; id++) {
		err = fn(ctx, id);
		if (err)
			return err;
	}
	return 0;
}

int btf_sanitize(struct btf *btf, const struct btf_kern_feats *f)
{
	struct sanitize_ctx ctx = { .btf = btf, .f = f };
	int err;

	if (!f->btf) {
		pr_warn("BTF: the kernel does not support BTF, it cannot be sanitized for it\n");
		return -EOPNOTSUPP;
	}
	ctx.start_id = own_start_id(btf);
	ctx.end_id = btf__type_cnt(btf);

	/*
	 * Placeholders first, so type pointers stay valid; DATASECs and
	 * ENUM64 bitfields next, while the VARs and ENUM64s they read are
	 * unchanged; every other kind after; DECL_TAGs last, when their
	 * targets have their final kind.
	 */
	err = add_placeholders(&ctx);
	err = err ?: for_each_own_type(&ctx, sanitize_early);
	err = err ?: for_each_own_type(&ctx, sanitize_type);
	if (!err && f->decl_tag)
		err = for_each_own_type(&ctx, sanitize_decl_tag);
	if (err)
		return err;
	pr_debug("BTF: sanitized %u of %u types for the kernel, added %u\n",
		 ctx.nr_changed, ctx.end_id - ctx.start_id,
		 btf__type_cnt(btf) - ctx.end_id);
	return 0;
}
