// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF sanitization for older kernels (btf_sanitize.c), without a kernel:
 * BTF built with the btf__add_*() API holding every kind a kernel may
 * lack is sanitized for each missing feature alone, for all at once and
 * for none; afterwards no type of a missing kind is left, every type id
 * still names a type of the expected replacement kind (with the name,
 * size and members that matter), types nothing asked to change are byte
 * for byte the same, only placeholder INTs were added, the raw BTF
 * parses back, and a second pass changes nothing. Clang-built objects
 * are sanitized too.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include "libbpf_internal.h"
#include "unit.h"

/* ---- helpers ------------------------------------------------------------ */

static const struct btf_kern_feats all_feats = {
	.btf = true, .func = true, .global_func = true, .datasec = true,
	.qmark_datasec = true, .float_kind = true, .decl_tag = true,
	.type_tag = true, .enum64 = true,
};

/* bytes of a type record */
static size_t rec_size(const struct btf_type *t)
{
	size_t base = sizeof(*t), n = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return base + 4;
	case BTF_KIND_ARRAY:
		return base + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return base + n * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return base + n * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return base + n * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return base + n * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return base + n * sizeof(struct btf_var_secinfo);
	default:
		return base;
	}
}

static bool same_bytes(const struct btf_type *a, const struct btf_type *b)
{
	return rec_size(a) == rec_size(b) && !memcmp(a, b, rec_size(a));
}

static const char *name_of(const struct btf *btf, __u32 off)
{
	return btf__name_by_offset(btf, off) ?: "(bad offset)";
}

/* independent copy of btf (on the same base) through its raw bytes */
static struct btf *clone_btf(const struct btf *btf)
{
	struct btf *base = (struct btf *)btf__base_btf(btf);
	const void *raw;
	__u32 sz;

	raw = btf__raw_data(btf, &sz);
	if (!raw)
		return NULL;
	return base ? btf__new_split(raw, sz, base) : btf__new(raw, sz);
}

static int count_kind(const struct btf *btf, int kind)
{
	__u32 id, cnt = btf__type_cnt(btf);
	int n = 0;

	for (id = 1; id < cnt; id++)
		n += btf_kind(btf__type_by_id(btf, id)) == kind;
	return n;
}

/* the raw BTF of btf parses back into the same number of types */
static bool parses_back(const struct btf *btf)
{
	struct btf *copy = clone_btf(btf);
	bool ok;

	if (!ASSERT_OK_PTR(copy, "raw BTF parses back"))
		return false;
	ok = ASSERT_EQ(btf__type_cnt(copy), btf__type_cnt(btf), "type count after parse");
	btf__free(copy);
	return ok;
}

/* kinds that must be gone for feature set f */
static bool no_missing_kinds(const struct btf *btf, const struct btf_kern_feats *f)
{
	bool ok = true;

	if (!f->decl_tag)
		ok &= ASSERT_EQ(count_kind(btf, BTF_KIND_DECL_TAG), 0, "no DECL_TAG");
	if (!f->type_tag)
		ok &= ASSERT_EQ(count_kind(btf, BTF_KIND_TYPE_TAG), 0, "no TYPE_TAG");
	if (!f->enum64)
		ok &= ASSERT_EQ(count_kind(btf, BTF_KIND_ENUM64), 0, "no ENUM64");
	if (!f->float_kind)
		ok &= ASSERT_EQ(count_kind(btf, BTF_KIND_FLOAT), 0, "no FLOAT");
	if (!f->datasec) {
		ok &= ASSERT_EQ(count_kind(btf, BTF_KIND_DATASEC), 0, "no DATASEC");
		ok &= ASSERT_EQ(count_kind(btf, BTF_KIND_VAR), 0, "no VAR");
	}
	if (!f->func) {
		ok &= ASSERT_EQ(count_kind(btf, BTF_KIND_FUNC), 0, "no FUNC");
		ok &= ASSERT_EQ(count_kind(btf, BTF_KIND_FUNC_PROTO), 0, "no FUNC_PROTO");
	}
	return ok;
}

/* sanitizing again finds nothing to do and changes no byte */
static bool idempotent(struct btf *btf, const struct btf_kern_feats *f)
{
	struct btf *before = clone_btf(btf);
	const void *a, *b;
	__u32 sa, sb;
	bool ok;

	if (!ASSERT_OK_PTR(before, "clone"))
		return false;
	ok = ASSERT_FALSE(btf_needs_sanitize(btf, f), "nothing left to sanitize");
	ok &= ASSERT_EQ(btf_sanitize(btf, f), 0, "second sanitize");
	a = btf__raw_data(before, &sa);
	b = btf__raw_data(btf, &sb);
	ok &= ASSERT_TRUE(a && b && sa == sb && !memcmp(a, b, sa), "second pass changes nothing");
	btf__free(before);
	return ok;
}

/* ---- BTF with every kind an old kernel may lack ----------------------------- */

struct ids {
	int int_id, dbl, ldbl, big, sbig, senum, color, bits, s, u, tt, ptr;
	int proto, func, tag_func, tag_arg, proto_va, func_va, fptr;
	int ext_proto, ext_func, tag_member, td;
	int var_cnt, var_ratio, var_dotted, data, tag_var, qvar, qsec;
	int last;
};

static bool build(struct btf *b, struct ids *x)
{
	int err = 0;

	x->int_id = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	x->dbl = btf__add_float(b, "double", 8);
	x->ldbl = btf__add_float(b, "long double", 16);
	x->big = btf__add_enum64(b, "big", 8, false);
	err |= btf__add_enum64_value(b, "BIG_A", 1);
	err |= btf__add_enum64_value(b, "BIG_B", 1ULL << 40);
	x->sbig = btf__add_enum64(b, "sbig", 8, true);
	err |= btf__add_enum64_value(b, "SBIG_NEG", (__u64)-5LL);
	x->senum = btf__add_enum(b, "senum", 4);	/* signed: kflag */
	err |= btf__add_enum_value(b, "NEG", -1);
	err |= btf__add_enum_value(b, "POS", 1);
	x->color = btf__add_enum(b, "color", 4);
	err |= btf__add_enum_value(b, "RED", 0);
	x->bits = btf__add_struct(b, "bits", 8);	/* kflag: enum64 bitfield */
	err |= btf__add_field(b, "e", x->big, 0, 3);
	err |= btf__add_field(b, "x", x->int_id, 32, 0);
	x->s = btf__add_struct(b, "s", 40);
	err |= btf__add_field(b, "a", x->int_id, 0, 0);
	err |= btf__add_field(b, "d", x->dbl, 64, 0);
	err |= btf__add_field(b, "e", x->big, 128, 0);
	err |= btf__add_field(b, "l", x->ldbl, 192, 0);
	x->u = btf__add_union(b, "u", 8);
	err |= btf__add_field(b, "f", x->dbl, 0, 0);
	err |= btf__add_field(b, "i", x->int_id, 0, 0);
	x->tt = btf__add_type_tag(b, "user", x->int_id);
	x->ptr = btf__add_ptr(b, x->tt);
	/* int handler(int __user *ctx, int n), global, tagged */
	x->proto = btf__add_func_proto(b, x->int_id);
	err |= btf__add_func_param(b, "ctx", x->ptr);
	err |= btf__add_func_param(b, "n", x->int_id);
	x->func = btf__add_func(b, "handler", BTF_FUNC_GLOBAL, x->proto);
	x->tag_func = btf__add_decl_tag(b, "hot", x->func, -1);
	x->tag_arg = btf__add_decl_tag(b, "arg:ctx", x->func, 0);
	/* static void logf(int __user *fmt, ...) and a pointer to its type */
	x->proto_va = btf__add_func_proto(b, 0);
	err |= btf__add_func_param(b, "fmt", x->ptr);
	err |= btf__add_func_param(b, NULL, 0);
	x->func_va = btf__add_func(b, "logf", BTF_FUNC_STATIC, x->proto_va);
	x->fptr = btf__add_ptr(b, x->proto_va);
	/* extern int kfunc_x(int, double b): unnamed parameter */
	x->ext_proto = btf__add_func_proto(b, x->int_id);
	err |= btf__add_func_param(b, NULL, x->int_id);
	err |= btf__add_func_param(b, "b", x->dbl);
	x->ext_func = btf__add_func(b, "kfunc_x", BTF_FUNC_EXTERN, x->ext_proto);
	x->tag_member = btf__add_decl_tag(b, "m", x->s, 1);
	x->td = btf__add_typedef(b, "big_t", x->big);
	/* .data with three variables, one named like a static local */
	x->var_cnt = btf__add_var(b, "counter", BTF_VAR_GLOBAL_ALLOCATED, x->int_id);
	x->var_ratio = btf__add_var(b, "ratio", BTF_VAR_STATIC, x->dbl);
	x->var_dotted = btf__add_var(b, "fn.cnt", BTF_VAR_STATIC, x->td);
	x->data = btf__add_datasec(b, ".data", 24);
	err |= btf__add_datasec_var_info(b, x->var_cnt, 0, 4);
	err |= btf__add_datasec_var_info(b, x->var_ratio, 8, 8);
	err |= btf__add_datasec_var_info(b, x->var_dotted, 16, 8);
	x->tag_var = btf__add_decl_tag(b, "vtag", x->var_cnt, -1);
	x->qvar = btf__add_var(b, "q", BTF_VAR_GLOBAL_ALLOCATED, x->int_id);
	x->qsec = btf__add_datasec(b, "?.bss", 4);
	err |= btf__add_datasec_var_info(b, x->qvar, 0, 4);
	x->last = x->qsec;
	return ASSERT_EQ(err, 0, "build values") &&
	       ASSERT_EQ(btf__type_cnt(b), x->last + 1, "build types");
}

/* ---- what each type id must have become ------------------------------------- */

struct expect {
	int kind;
	bool same;	/* byte for byte unchanged */
};

static struct expect expect_decl_tag(const struct ids *x, const struct btf_kern_feats *f,
				     int id)
{
	struct expect e = { BTF_KIND_DECL_TAG, true };

	/* a tag on a variable that became INT, on a FUNC's argument */
	if (!f->decl_tag || (!f->datasec && id == x->tag_var) ||
	    (!f->func && id == x->tag_arg))
		e.kind = BTF_KIND_INT;
	e.same = e.kind == BTF_KIND_DECL_TAG;
	return e;
}

static struct expect expect_for(const struct ids *x, const struct btf_kern_feats *f,
				const struct btf_type *orig, int id)
{
	struct expect e = { btf_kind(orig), true };

	switch (btf_kind(orig)) {
	case BTF_KIND_DECL_TAG:
		return expect_decl_tag(x, f, id);
	case BTF_KIND_TYPE_TAG:
		if (!f->type_tag)
			e.kind = BTF_KIND_CONST;
		break;
	case BTF_KIND_ENUM64:
		if (!f->enum64)
			e.kind = BTF_KIND_UNION;
		break;
	case BTF_KIND_ENUM:
		e.same = f->enum64 || id != x->senum;
		break;
	case BTF_KIND_FLOAT:
		if (!f->float_kind)
			e.kind = BTF_KIND_STRUCT;
		break;
	case BTF_KIND_VAR:
		if (!f->datasec)
			e.kind = BTF_KIND_INT;
		break;
	case BTF_KIND_DATASEC:
		if (!f->datasec)
			e.kind = BTF_KIND_STRUCT;
		e.same = f->qmark_datasec || id != x->qsec;
		break;
	case BTF_KIND_FUNC_PROTO:
		if (!f->func)
			e.kind = BTF_KIND_ENUM;
		e.same = id != x->ext_proto;
		break;
	case BTF_KIND_FUNC:
		if (!f->func)
			e.kind = BTF_KIND_TYPEDEF;
		e.same = id != x->ext_func && (id != x->func || f->global_func);
		break;
	case BTF_KIND_STRUCT:
		e.same = f->enum64 || id != x->bits;
		break;
	}
	if (e.kind != btf_kind(orig))
		e.same = false;
	return e;
}

/* ---- detailed checks of the replacements ------------------------------------ */

static bool check_int(const struct btf *btf, int id, const char *name, __u32 size,
		      bool is_signed)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	bool ok;

	ok = ASSERT_TRUE(btf_is_int(t), "INT");
	if (!ok)
		return false;
	if (name)
		ok &= ASSERT_STREQ(name_of(btf, t->name_off), name, "INT name");
	ok &= ASSERT_EQ(t->size, size, "INT size");
	ok &= ASSERT_EQ(btf_int_bits(t), size * 8, "INT bits");
	ok &= ASSERT_EQ(btf_int_offset(t), 0, "INT bit offset");
	ok &= ASSERT_EQ(btf_int_encoding(t), is_signed ? BTF_INT_SIGNED : 0, "INT sign");
	return ok;
}

static bool check_member(const struct btf *btf, const struct btf_type *t, int i,
			 const char *name, int type_id, __u32 bit_off)
{
	const struct btf_member *m = &btf_members(t)[i];
	bool ok;

	ok = ASSERT_STREQ(name_of(btf, m->name_off), name, "member name");
	if (type_id >= 0)
		ok &= ASSERT_EQ(m->type, type_id, "member type");
	ok &= ASSERT_EQ(m->offset, bit_off, "member offset");
	return ok;
}

static bool check_enum64_union(const struct btf *btf, const struct btf *orig, int id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_type *o = btf__type_by_id(orig, id);
	bool ok = true;
	int i;

	ok &= ASSERT_STREQ(name_of(btf, t->name_off), name_of(orig, o->name_off), "union name");
	ok &= ASSERT_EQ(t->size, o->size, "union size");
	ok &= ASSERT_EQ(btf_vlen(t), btf_vlen(o), "union vlen");
	ok &= ASSERT_FALSE(btf_kflag(t), "union kflag");
	for (i = 0; ok && i < btf_vlen(t); i++) {
		ok &= check_member(btf, t, i, name_of(orig, btf_enum64(o)[i].name_off), -1, 0);
		ok &= check_int(btf, btf_members(t)[i].type, NULL, o->size, btf_kflag(o));
	}
	return ok;
}

static bool check_datasec_struct(const struct btf *btf, const struct ids *x, int id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	bool ok;

	ok = ASSERT_FALSE(btf_kflag(t), "struct kflag");
	if (id == x->qsec) {
		ok &= ASSERT_STREQ(name_of(btf, t->name_off), "__bss", "struct from ?.bss");
		ok &= ASSERT_EQ(t->size, 4, "struct size");
		return ok && ASSERT_EQ(btf_vlen(t), 1, "vlen") &&
		       check_member(btf, t, 0, "q", x->int_id, 0);
	}
	ok &= ASSERT_STREQ(name_of(btf, t->name_off), "_data", "struct from .data");
	ok &= ASSERT_EQ(t->size, 24, "struct size");
	if (!ok || !ASSERT_EQ(btf_vlen(t), 3, "vlen"))
		return false;
	ok &= check_member(btf, t, 0, "counter", x->int_id, 0);
	ok &= check_member(btf, t, 1, "ratio", x->dbl, 64);
	ok &= check_member(btf, t, 2, "fn_cnt", x->td, 128);
	return ok;
}

static bool check_enum_names(const struct btf *btf, int id, const char *n0, const char *n1)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	bool ok;

	ok = ASSERT_EQ(t->size, 4, "enum from proto: size");
	ok &= ASSERT_EQ(t->name_off, 0, "enum from proto: no name");
	if (!ok || !ASSERT_EQ(btf_vlen(t), 2, "enum from proto: vlen"))
		return false;
	ok &= ASSERT_STREQ(name_of(btf, btf_enum(t)[0].name_off), n0, "enumerator 0");
	ok &= ASSERT_STREQ(name_of(btf, btf_enum(t)[1].name_off), n1, "enumerator 1");
	return ok;
}

static bool check_func(const struct btf *btf, const struct ids *x,
		       const struct btf_kern_feats *f, int id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_type *p;
	bool ok;

	ok = ASSERT_STREQ(name_of(btf, t->name_off),
			  id == x->func ? "handler" : id == x->func_va ? "logf" : "kfunc_x",
			  "func name");
	if (!f->func)
		return ok && ASSERT_EQ(btf_vlen(t), 0, "typedef vlen");
	if (id == x->func_va)
		ok &= ASSERT_EQ(btf_vlen(t), BTF_FUNC_STATIC, "static stays static");
	else
		ok &= ASSERT_EQ(btf_vlen(t), f->global_func ? BTF_FUNC_GLOBAL : BTF_FUNC_STATIC,
				"linkage");
	if (id == x->ext_func) {
		p = btf__type_by_id(btf, x->ext_proto);
		ok &= ASSERT_STREQ(name_of(btf, btf_params(p)[0].name_off), "__arg0",
				   "unnamed argument named");
		ok &= ASSERT_EQ(btf_params(p)[0].type, x->int_id, "argument type kept");
	}
	return ok;
}

static bool check_var_int(const struct btf *btf, const struct ids *x, int id)
{
	const char *name = id == x->var_cnt ? "counter" : id == x->var_ratio ? "ratio" :
			   id == x->var_dotted ? "fn.cnt" : "q";

	return check_int(btf, id, name, 1, false);
}

static bool check_replacement(const struct btf *btf, const struct btf *orig,
			      const struct ids *x, const struct btf_kern_feats *f, int id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_type *o = btf__type_by_id(orig, id);

	switch (btf_kind(o)) {
	case BTF_KIND_DECL_TAG:
		return !btf_is_int(t) || check_int(btf, id, "", 1, false);
	case BTF_KIND_TYPE_TAG:
		return !btf_is_const(t) ||
		       (ASSERT_EQ(t->type, o->type, "const type") &&
			ASSERT_EQ(t->name_off, 0, "const name"));
	case BTF_KIND_ENUM64:
		return !btf_is_union(t) || check_enum64_union(btf, orig, id);
	case BTF_KIND_ENUM:
		return ASSERT_FALSE(btf_kflag(t) && !f->enum64, "enum kflag cleared") &&
		       ASSERT_EQ(btf_enum(t)[0].val, btf_enum(o)[0].val, "enum value");
	case BTF_KIND_FLOAT:
		return !btf_is_struct(t) ||
		       (ASSERT_STREQ(name_of(btf, t->name_off),
				     id == x->dbl ? "double" : "long_double", "struct name") &&
			ASSERT_EQ(t->size, o->size, "struct size") &&
			ASSERT_EQ(btf_vlen(t), 0, "struct vlen"));
	case BTF_KIND_VAR:
		return !btf_is_int(t) || check_var_int(btf, x, id);
	case BTF_KIND_DATASEC:
		if (btf_is_struct(t))
			return check_datasec_struct(btf, x, id);
		return id != x->qsec ||
		       ASSERT_STREQ(name_of(btf, t->name_off), f->qmark_datasec ? "?.bss" : "_.bss",
				    "datasec name");
	case BTF_KIND_FUNC_PROTO:
		if (!btf_is_enum(t))
			return true;
		if (id == x->proto)
			return check_enum_names(btf, id, "ctx", "n");
		if (id == x->proto_va)
			return check_enum_names(btf, id, "fmt", "__arg1");
		return check_enum_names(btf, id, "__arg0", "b");
	case BTF_KIND_FUNC:
		return ASSERT_EQ(t->type, o->type, "func/typedef type") && check_func(btf, x, f, id);
	case BTF_KIND_STRUCT:
		if (id != x->bits || f->enum64)
			return true;
		return check_member(btf, t, 0, "e", -1, btf_members(o)[0].offset) &&
		       check_int(btf, btf_members(t)[0].type, NULL, 8, false) &&
		       check_member(btf, t, 1, "x", x->int_id, btf_members(o)[1].offset);
	default:
		return true;
	}
}

/* every original type of orig as expected in btf, sanitized for f */
static bool check_types(const struct btf *btf, const struct btf *orig,
			const struct ids *x, const struct btf_kern_feats *f)
{
	const struct btf_type *t, *o;
	struct expect e;
	bool ok = true;
	int id;

	for (id = 1; ok && id <= x->last; id++) {
		t = btf__type_by_id(btf, id);
		o = btf__type_by_id(orig, id);
		e = expect_for(x, f, o, id);
		if (!ASSERT_EQ(btf_kind(t), e.kind, btf_kind_str(o))) {
			fprintf(stderr, "  type [%d] %s\n", id, name_of(orig, o->name_off));
			return false;
		}
		ok &= ASSERT_EQ(rec_size(t), rec_size(o), "record size");
		if (e.same)
			ok &= ASSERT_TRUE(same_bytes(t, o), "unaffected type unchanged");
		else
			ok &= ASSERT_FALSE(same_bytes(t, o), "affected type changed");
		ok &= check_replacement(btf, orig, x, f, id);
		if (!ok)
			fprintf(stderr, "  type [%d] %s\n", id, name_of(orig, o->name_off));
	}
	return ok;
}

/* build, sanitize for f and check everything; max_added placeholders */
static void run_config(const char *what, const struct btf_kern_feats *f, int added)
{
	struct btf *btf = btf__new_empty(), *orig = NULL;
	struct ids x;

	if (!ASSERT_OK_PTR(btf, "new BTF") || !build(btf, &x))
		goto out;
	orig = clone_btf(btf);
	if (!ASSERT_OK_PTR(orig, "clone"))
		goto out;
	if (!ASSERT_TRUE(btf_needs_sanitize(btf, f), what) ||
	    !ASSERT_EQ(btf_sanitize(btf, f), 0, what))
		goto out;
	if (!ASSERT_EQ(btf__type_cnt(btf), x.last + 1 + added, what))
		goto out;
	if (!no_missing_kinds(btf, f) || !check_types(btf, orig, &x, f) ||
	    !parses_back(btf) || !idempotent(btf, f))
		UNIT_FAIL("configuration: %s", what);
out:
	btf__free(orig);
	btf__free(btf);
}

/* ---- tests --------------------------------------------------------------------- */

UNIT_TEST(btf_sanitize_each_feature)
{
	static const struct {
		const char *name;
		size_t off;
		int added;	/* placeholder INTs expected */
	} feats[] = {
		{ "no func", offsetof(struct btf_kern_feats, func), 0 },
		{ "no global func", offsetof(struct btf_kern_feats, global_func), 0 },
		{ "no datasec", offsetof(struct btf_kern_feats, datasec), 0 },
		{ "no qmark datasec", offsetof(struct btf_kern_feats, qmark_datasec), 0 },
		{ "no float", offsetof(struct btf_kern_feats, float_kind), 0 },
		{ "no decl_tag", offsetof(struct btf_kern_feats, decl_tag), 0 },
		{ "no type_tag", offsetof(struct btf_kern_feats, type_tag), 0 },
		/* unsigned and signed 8-byte INTs for the two ENUM64s */
		{ "no enum64", offsetof(struct btf_kern_feats, enum64), 2 },
	};
	struct btf_kern_feats f;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(feats); i++) {
		f = all_feats;
		*((bool *)&f + feats[i].off) = false;
		run_config(feats[i].name, &f, feats[i].added);
	}
}

UNIT_TEST(btf_sanitize_all_features_missing)
{
	struct btf_kern_feats f = { .btf = true };

	run_config("BTF only", &f, 2);
}

/* with every feature, only what no kernel accepts changes */
UNIT_TEST(btf_sanitize_all_features_present)
{
	run_config("all features", &all_feats, 0);
}

/* an ENUM64 placeholder reuses an INT of the right size and sign */
UNIT_TEST(btf_sanitize_reuses_ints)
{
	struct btf_kern_feats f = all_feats;
	struct btf *btf = btf__new_empty();
	int u64_id, e;

	if (!ASSERT_OK_PTR(btf, "new"))
		return;
	u64_id = btf__add_int(btf, "unsigned long", 8, 0);
	btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	e = btf__add_enum64(btf, "e", 8, false);
	btf__add_enum64_value(btf, "V", 1ULL << 33);
	f.enum64 = false;
	ASSERT_EQ(btf_sanitize(btf, &f), 0, "sanitize");
	ASSERT_EQ(btf__type_cnt(btf), e + 1, "nothing added");
	ASSERT_EQ(btf_members(btf__type_by_id(btf, e))[0].type, u64_id, "existing INT used");
	btf__free(btf);
}

UNIT_TEST(btf_sanitize_names)
{
	struct btf_kern_feats f = { .btf = true };
	struct btf *btf = btf__new_empty();
	const struct btf_type *t;
	char long_name[201];
	const char *s;
	int int_id, v1, v2, ds;

	if (!ASSERT_OK_PTR(btf, "new"))
		return;
	memset(long_name, 'a', 200);
	long_name[200] = '\0';
	long_name[0] = '9';		/* no identifier starts with a digit */
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	v1 = btf__add_var(btf, long_name, BTF_VAR_STATIC, int_id);
	v2 = btf__add_var(btf, "x-y", BTF_VAR_STATIC, int_id);
	ds = btf__add_datasec(btf, ".rodata.str1.1", 8);
	btf__add_datasec_var_info(btf, v1, 0, 4);
	btf__add_datasec_var_info(btf, v2, 4, 4);
	CHECK_OR_RETURN(ASSERT_EQ(btf_sanitize(btf, &f), 0, "sanitize"));
	t = btf__type_by_id(btf, ds);
	ASSERT_STREQ(name_of(btf, t->name_off), "_rodata_str1_1", "section name");
	s = name_of(btf, btf_members(t)[0].name_off);
	ASSERT_EQ(strlen(s), 127, "long name cut");
	ASSERT_TRUE(s[0] == '_' && s[1] == 'a' && s[126] == 'a', "long name chars");
	ASSERT_STREQ(name_of(btf, btf_members(t)[1].name_off), "x_y", "member name");
	/* the variables keep their names */
	ASSERT_STREQ(name_of(btf, btf__type_by_id(btf, v2)->name_off), "x-y", "var name");
	parses_back(btf);
	btf__free(btf);
}

UNIT_TEST(btf_sanitize_split)
{
	struct btf_kern_feats f = all_feats;
	struct btf *base, *split = NULL;
	const void *raw_before, *raw_after;
	void *copy = NULL;
	__u32 sz_before, sz_after;
	int base_e, base_s, own_e, s, bf, base_cnt;

	base = btf__new_empty();
	if (!ASSERT_OK_PTR(base, "base"))
		return;
	btf__add_int(base, "int", 4, BTF_INT_SIGNED);
	base_e = btf__add_enum64(base, "base_e", 8, false);
	btf__add_enum64_value(base, "BE", 1ULL << 35);
	base_s = btf__add_enum64(base, "base_s", 2, true);
	btf__add_enum64_value(base, "BS", (__u64)-2LL);
	base_cnt = btf__type_cnt(base);
	raw_before = btf__raw_data(base, &sz_before);
	copy = malloc(sz_before);
	if (!ASSERT_OK_PTR(copy, "copy"))
		goto out;
	memcpy(copy, raw_before, sz_before);

	split = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(split, "split"))
		goto out;
	own_e = btf__add_enum64(split, "own_e", 4, true);
	btf__add_enum64_value(split, "OE", (__u64)-1LL);
	s = btf__add_struct(split, "s", 8);
	btf__add_field(split, "b", base_e, 0, 0);
	bf = btf__add_struct(split, "bf", 8);	/* bitfields of the base's ENUM64s */
	btf__add_field(split, "b", base_e, 0, 5);
	btf__add_field(split, "c", base_s, 8, 4);
	f.enum64 = false;
	ASSERT_TRUE(btf_needs_sanitize(split, &f), "split needs");
	CHECK_OR_RETURN(ASSERT_EQ(btf_sanitize(split, &f), 0, "sanitize split"));
	ASSERT_TRUE(btf_is_union(btf__type_by_id(split, own_e)), "own ENUM64 rewritten");
	ASSERT_TRUE(btf_is_enum64(btf__type_by_id(split, base_e)), "base ENUM64 kept");
	ASSERT_EQ(btf_members(btf__type_by_id(split, s))[0].type, base_e, "member kept");
	/* signed 4 bytes is the base's "int"; unsigned 8, signed 2 are added */
	ASSERT_EQ(btf_members(btf__type_by_id(split, own_e))[0].type, 1, "base int used");
	ASSERT_EQ(btf__type_cnt(split), bf + 3, "two placeholders added");
	ASSERT_EQ(btf_members(btf__type_by_id(split, bf))[0].type, bf + 1, "bitfield retyped");
	ASSERT_EQ(btf_members(btf__type_by_id(split, bf))[0].offset, 5 << 24, "bitfield kept");
	ASSERT_EQ(btf_members(btf__type_by_id(split, bf))[1].type, bf + 2, "bitfield retyped");
	ASSERT_TRUE(btf_is_enum64(btf__type_by_id(split, base_s)), "base ENUM64 kept");
	parses_back(split);
	ASSERT_EQ(btf__type_cnt(base), base_cnt, "base type count");
	raw_after = btf__raw_data(base, &sz_after);
	ASSERT_TRUE(sz_after == sz_before && !memcmp(raw_after, copy, sz_before),
		    "base unchanged");
out:
	free(copy);
	btf__free(split);
	btf__free(base);
}

UNIT_TEST(btf_sanitize_nothing_to_do)
{
	struct btf_kern_feats f = { .btf = true };
	struct btf *btf = btf__new_empty();
	const void *raw;
	void *before;
	__u32 sz, sz2;
	int id;

	if (!ASSERT_OK_PTR(btf, "new"))
		return;
	id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	btf__add_struct(btf, "s", 4);
	btf__add_field(btf, "a", id, 0, 0);
	btf__add_ptr(btf, id);
	ASSERT_FALSE(btf_needs_sanitize(btf, &f), "old-kernel-safe BTF");
	raw = btf__raw_data(btf, &sz);
	before = malloc(sz);
	CHECK_OR_RETURN(ASSERT_OK_PTR(before, "copy"));
	memcpy(before, raw, sz);
	ASSERT_EQ(btf_sanitize(btf, &f), 0, "sanitize");
	raw = btf__raw_data(btf, &sz2);
	ASSERT_TRUE(sz2 == sz && !memcmp(raw, before, sz), "unchanged");

	/* no BTF support at all: nothing to sanitize for, one warning */
	f.btf = false;
	ASSERT_TRUE(btf_needs_sanitize(btf, &f), "no BTF: cannot load as is");
	unit_log_reset();
	ASSERT_EQ(btf_sanitize(btf, &f), -EOPNOTSUPP, "no BTF support");
	ASSERT_TRUE(strchr(unit_log(), '\n') == unit_log() + strlen(unit_log()) - 1,
		    "one warning");
	free(before);
	btf__free(btf);
}

/* ---- clang-built objects ------------------------------------------------------- */

static const int checked_kinds[] = {
	BTF_KIND_DECL_TAG, BTF_KIND_TYPE_TAG, BTF_KIND_ENUM64, BTF_KIND_FLOAT,
};

/* kinds a rewrite never touches keep their bytes */
static bool untouched_kind(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_PTR:
	case BTF_KIND_ARRAY:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
		return true;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return !btf_kflag(t);
	case BTF_KIND_ENUM:
		return !btf_kflag(t);
	default:
		return false;
	}
}

/* sanitize the BTF of path for f; count the checked kinds seen before */
static bool sanitize_obj(const char *path, const struct btf_kern_feats *f, int *seen)
{
	struct btf *btf, *orig = NULL;
	__u32 id, cnt;
	bool ok = false;
	size_t i;

	btf = btf__parse_elf(path, NULL);
	if (!ASSERT_OK_PTR(btf, path))
		return false;
	orig = clone_btf(btf);
	if (!ASSERT_OK_PTR(orig, "clone"))
		goto out;
	cnt = btf__type_cnt(btf);
	for (i = 0; i < ARRAY_SIZE(checked_kinds); i++)
		seen[i] += count_kind(btf, checked_kinds[i]);
	if (!ASSERT_EQ(btf_sanitize(btf, f), 0, path))
		goto out;
	ok = no_missing_kinds(btf, f);
	ok &= ASSERT_TRUE(btf__type_cnt(btf) <= cnt + 8, "at most 8 placeholders");
	for (id = 1; ok && id < cnt; id++) {
		const struct btf_type *o = btf__type_by_id(orig, id);
		const struct btf_type *t = btf__type_by_id(btf, id);

		ok &= ASSERT_EQ(rec_size(t), rec_size(o), "record size");
		if (untouched_kind(o))
			ok &= ASSERT_TRUE(same_bytes(t, o), "untouched kind unchanged");
	}
	ok = ok && parses_back(btf) && idempotent(btf, f);
	if (!ok)
		fprintf(stderr, "  object %s\n", path);
out:
	btf__free(orig);
	btf__free(btf);
	return ok;
}

UNIT_TEST(btf_sanitize_objects)
{
	struct btf_kern_feats no_tags = all_feats, none = { .btf = true };
	int seen[ARRAY_SIZE(checked_kinds)] = {}, n = 0;
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	size_t len;

	no_tags.decl_tag = no_tags.type_tag = no_tags.enum64 = no_tags.float_kind = false;
	dir = opendir(unit_obj_dir);
	if (!ASSERT_OK_PTR(dir, "obj dir"))
		return;
	while ((de = readdir(dir))) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 6, ".bpf.o"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", unit_obj_dir, de->d_name);
		if (!sanitize_obj(path, &no_tags, seen) || !sanitize_obj(path, &none, seen))
			break;
		n++;
	}
	closedir(dir);
	ASSERT_TRUE(n > 0, "found BPF objects");
	/* btf_types.bpf.o and the __arg_ctx objects carry these kinds */
	ASSERT_TRUE(seen[0] > 0, "objects had DECL_TAGs");
	ASSERT_TRUE(seen[1] > 0, "objects had TYPE_TAGs");
	ASSERT_TRUE(seen[3] > 0, "objects had FLOATs");
}

/* ---- bad input: an error with one warning, or a kernel-loadable guess ---------- */

static int warnings(void)
{
	const char *p;
	int n = 0;

	for (p = unit_log(); (p = strstr(p, "libbpf: ")); p++)
		n++;
	return n;
}

UNIT_TEST(btf_sanitize_bad_input)
{
	struct btf_kern_feats f = { .btf = true, .func = true, .global_func = true,
				    .datasec = true, .qmark_datasec = true };
	struct btf *btf = btf__new_empty();
	int int_id, e, v, ds, proto, fn;

	if (!ASSERT_OK_PTR(btf, "new"))
		return;
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	e = btf__add_enum64(btf, "e", 8, false);
	btf__add_enum64_value(btf, "V", 1);
	/* an ENUM64 of 3 bytes cannot get an INT of its size */
	btf_type_by_id(btf, e)->size = 3;
	unit_log_reset();
	ASSERT_EQ(btf_sanitize(btf, &f), -EINVAL, "bad ENUM64 size");
	ASSERT_EQ(warnings(), 1, "one warning");
	btf_type_by_id(btf, e)->size = 8;

	/* a variable at an offset no struct member can have */
	f.enum64 = true;
	f.datasec = false;
	v = btf__add_var(btf, "v", BTF_VAR_STATIC, int_id);
	ds = btf__add_datasec(btf, ".data", UINT32_MAX);
	btf__add_datasec_var_info(btf, v, UINT32_MAX - 8, 4);
	unit_log_reset();
	ASSERT_EQ(btf_sanitize(btf, &f), -E2BIG, "huge offset");
	ASSERT_EQ(warnings(), 1, "one warning");
	ASSERT_TRUE(btf_is_datasec(btf__type_by_id(btf, ds)), "DATASEC left alone");
	btf_var_secinfos(btf_type_by_id(btf, ds))[0].offset = 0;

	/* ids out of range from the add API: no crash, no read out of bounds */
	btf_var_secinfos(btf_type_by_id(btf, ds))[0].type = 1000;
	proto = btf__add_func_proto(btf, int_id);
	btf__add_func_param(btf, NULL, 999);
	fn = btf__add_func(btf, "f", BTF_FUNC_GLOBAL, 998);
	btf__add_decl_tag(btf, "t", 997, 3);
	btf__add_decl_tag(btf, "t", fn, 3);
	f.decl_tag = true;
	ASSERT_EQ(btf_sanitize(btf, &f), 0, "sanitize");
	ASSERT_TRUE(btf_is_struct(btf__type_by_id(btf, ds)), "DATASEC now STRUCT");
	ASSERT_TRUE(btf_is_func_proto(btf__type_by_id(btf, proto)), "proto");
	ASSERT_EQ(count_kind(btf, BTF_KIND_DECL_TAG), 0, "tags on nothing dropped");
	btf__free(btf);
}
