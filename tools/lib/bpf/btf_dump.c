// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf_dump: BTF types written back as C.
 *
 * btf_dump__dump_type() writes the declaration of one type after the
 * declarations it depends on. A first pass ("ordering") walks the type's
 * strong dependencies (members by value, array elements, typedef targets)
 * depth first and lists the named types that must be complete before it;
 * a type reached only through a pointer needs no definition, only a name,
 * so the walk stops there. The second pass ("emission") writes each listed
 * type; just before a definition it writes whatever that definition names
 * but is not declared yet: typedefs, and forward declarations of structs
 * and unions seen through pointers. Anonymous structs, unions and enums
 * are written inline where they are used. What was written is remembered
 * per btf_dump, so consecutive calls never repeat a type.
 *
 * Type names that appear more than once (possible in BTF, not in one C
 * translation unit) get "___N" suffixes, N counting from 2 in the order
 * the names are first written; enumerator names likewise.
 *
 * btf_dump__emit_type_decl() writes one declarator ("const char *name",
 * "int (*fn)(void)") and btf_dump__dump_type_data() a value as a C
 * initializer.
 */
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "libbpf_internal.h"

/* deepest recursion through types (real BTF nests ~40 deep) */
#define DUMP_MAX_DEPTH		256
/* longest chain of modifiers, pointers and arrays in one declarator */
#define DUMP_MAX_DECL		128

enum {
	ORDER_NONE, ORDER_BUSY, ORDER_DONE,
};

enum {
	EMIT_NONE, EMIT_BUSY, EMIT_DONE,
};

struct dump_type_state {
	__u8 order;
	__u8 emit;
	bool fwd_done;		/* a forward declaration was written */
	bool referenced;	/* named by another type (inline if anonymous) */
	bool layout_known;
	bool packed;
	__u8 align;		/* natural alignment, bytes; 0 not computed */
	char *name;		/* the name as written, with any ___N suffix */
};

/* counts of names written, by name */
struct name_map {
	struct name_ent {
		char *name;
		int cnt;
	} *ents;
	size_t cap, cnt;
};

struct btf_dump {
	const struct btf *btf;
	btf_dump_printf_fn_t printf_fn;
	void *ctx;
	int ptr_sz;

	struct dump_type_state *state;
	__u32 state_cnt;	/* type ids with a state slot */
	__u32 marked_cnt;	/* type ids whose references were marked */

	__u32 *order;		/* the ordering pass's result */
	size_t order_cnt, order_cap;

	struct name_map type_names;
	struct name_map ident_names;

	char last;		/* last character printed */
	int decl_n;		/* parts of the declarator being written */
	bool strip_mods;	/* btf_dump__emit_type_decl() opts, inline too */

	/* output held back while a value is read */
	bool buffering;
	char *buf;
	size_t buf_len, buf_cap;
	int buf_err;

	/* btf_dump__dump_type_data() */
	struct {
		const char *indent_str;
		int indent_level;
		bool compact, skip_names, emit_zeroes;
		const void *start, *end;
		int depth;
		int in_array;	/* arrays around the value being shown */
		bool top_array;	/* the value shown is an array */
	} data;
};

static void dump_vprintf(struct btf_dump *d, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	d->printf_fn(d->ctx, fmt, args);
	va_end(args);
}

__attribute__((format(printf, 2, 3)))
static void dump_printf(struct btf_dump *d, const char *fmt, ...)
{
	char buf[512], *p = buf;
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf)) {
		p = malloc(n + 1);
		if (!p)
			return;
		va_start(args, fmt);
		vsnprintf(p, n + 1, fmt, args);
		va_end(args);
	}
	if (n)
		d->last = p[n - 1];
	if (d->buffering) {
		/* a value is shown only once it was read whole */
		if (libbpf_ensure_mem((void **)&d->buf, &d->buf_cap, 1, d->buf_len + n + 1))
			d->buf_err = -ENOMEM;
		else
			memcpy(d->buf + d->buf_len, p, n + 1), d->buf_len += n;
	} else {
		dump_vprintf(d, "%s", p);
	}
	if (p != buf)
		free(p);
}

static void dump_tabs(struct btf_dump *d, int lvl)
{
	static const char tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

	while (lvl > 0) {
		int n = min(lvl, (int)sizeof(tabs) - 1);

		dump_printf(d, "%.*s", n, tabs);
		lvl -= n;
	}
}

/* ---- names ---------------------------------------------------------------- */

static size_t name_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void name_map_free(struct name_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->ents[i].name);
	free(m->ents);
	memset(m, 0, sizeof(*m));
}

/* how many times name was taken before, counting this one; < 0 on error */
static int name_map_take(struct name_map *m, const char *name)
{
	size_t i, mask;

	if (m->cnt * 2 >= m->cap) {
		struct name_map n = { .cap = m->cap ? m->cap * 2 : 256 };

		n.ents = calloc(n.cap, sizeof(*n.ents));
		if (!n.ents)
			return -ENOMEM;
		for (i = 0; i < m->cap; i++) {
			size_t j;

			if (!m->ents[i].name)
				continue;
			j = name_hash(m->ents[i].name) & (n.cap - 1);
			while (n.ents[j].name)
				j = (j + 1) & (n.cap - 1);
			n.ents[j] = m->ents[i];
		}
		n.cnt = m->cnt;
		free(m->ents);
		*m = n;
	}
	mask = m->cap - 1;
	for (i = name_hash(name) & mask; m->ents[i].name; i = (i + 1) & mask)
		if (!strcmp(m->ents[i].name, name))
			return ++m->ents[i].cnt;
	m->ents[i].name = strdup(name);
	if (!m->ents[i].name)
		return -ENOMEM;
	m->ents[i].cnt = 1;
	m->cnt++;
	return 1;
}

/* name, or name___N when the name was taken N - 1 times before */
static char *name_with_suffix(struct name_map *m, const char *name)
{
	char *s;
	int n = name_map_take(m, name);

	if (n < 0)
		return NULL;
	if (n == 1)
		return strdup(name);
	if (asprintf(&s, "%s___%d", name, n) < 0)
		return NULL;
	return s;
}

static const char *raw_name(const struct btf_dump *d, const struct btf_type *t)
{
	const char *s = btf__name_by_offset(d->btf, t->name_off);

	return s ? s : "";
}

static const struct btf_type *dump_type(const struct btf_dump *d, __u32 id)
{
	return btf__type_by_id(d->btf, id);
}

/* the name of a struct, union, enum, fwd or typedef as written */
static const char *type_name(struct btf_dump *d, __u32 id)
{
	struct dump_type_state *s = &d->state[id];
	const char *name = raw_name(d, dump_type(d, id));

	if (!name[0])
		return "";
	/* typedefs share the namespace of enumerators, tags that of tags */
	if (!s->name)
		s->name = name_with_suffix(btf_is_typedef(dump_type(d, id)) ? &d->ident_names
									 : &d->type_names, name);
	return s->name ?: name;
}

/* ---- setup ---------------------------------------------------------------- */

static void mark_ref(struct btf_dump *d, __u32 id)
{
	if (id < d->state_cnt)
		d->state[id].referenced = true;
}

/* grow the state for types added to the BTF since the last call */
static int dump_sync_types(struct btf_dump *d)
{
	__u32 cnt = btf__type_cnt(d->btf), id;
	struct dump_type_state *s;

	if (cnt > d->state_cnt) {
		s = realloc(d->state, cnt * sizeof(*s));
		if (!s)
			return -ENOMEM;
		memset(s + d->state_cnt, 0, (cnt - d->state_cnt) * sizeof(*s));
		d->state = s;
		d->state_cnt = cnt;
	}
	for (id = d->marked_cnt; id < cnt; id++) {
		const struct btf_type *t = dump_type(d, id);
		__u16 i, vlen;

		if (!t)
			continue;
		vlen = btf_vlen(t);
		switch (btf_kind(t)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			for (i = 0; i < vlen; i++)
				mark_ref(d, btf_members(t)[i].type);
			break;
		case BTF_KIND_ARRAY:
			mark_ref(d, btf_array(t)->type);
			mark_ref(d, btf_array(t)->index_type);
			break;
		case BTF_KIND_FUNC_PROTO:
			mark_ref(d, t->type);
			for (i = 0; i < vlen; i++)
				mark_ref(d, btf_params(t)[i].type);
			break;
		case BTF_KIND_PTR:
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
		case BTF_KIND_FUNC:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
			mark_ref(d, t->type);
			break;
		case BTF_KIND_DATASEC:
			for (i = 0; i < vlen; i++)
				mark_ref(d, btf_var_secinfos(t)[i].type);
			break;
		default:
			break;
		}
	}
	d->marked_cnt = cnt;
	return 0;
}

struct btf_dump *btf_dump__new(const struct btf *btf, btf_dump_printf_fn_t printf_fn,
			       void *ctx, const struct btf_dump_opts *opts)
{
	struct btf_dump *d;
	int err;

	if (!btf || !printf_fn) {
		pr_warn("btf_dump__new: %s is NULL\n", btf ? "printf_fn" : "btf");
		return libbpf_err_ptr(-EINVAL);
	}
	if (!OPTS_VALID(opts, btf_dump_opts))
		return libbpf_err_ptr(-EINVAL);
	d = calloc(1, sizeof(*d));
	if (!d)
		return libbpf_err_ptr(-ENOMEM);
	d->btf = btf;
	d->printf_fn = printf_fn;
	d->ctx = ctx;
	d->ptr_sz = btf__pointer_size(btf) ?: sizeof(void *);
	err = dump_sync_types(d);
	if (err) {
		btf_dump__free(d);
		return libbpf_err_ptr(err);
	}
	return d;
}

void btf_dump__free(struct btf_dump *d)
{
	__u32 i;

	if (!d)
		return;
	for (i = 0; i < d->state_cnt; i++)
		free(d->state[i].name);
	free(d->state);
	free(d->order);
	free(d->buf);
	name_map_free(&d->type_names);
	name_map_free(&d->ident_names);
	free(d);
}

static int check_id(struct btf_dump *d, const char *func, __u32 id)
{
	int err = dump_sync_types(d);

	if (err)
		return err;
	if (id >= d->state_cnt || !dump_type(d, id)) {
		pr_warn("%s: type id %u out of range (BTF has %u types)\n", func, id,
			d->state_cnt);
		return -EINVAL;
	}
	return 0;
}

/* ---- layout ------------------------------------------------------------- */

static int type_align(struct btf_dump *d, __u32 id, int depth);

static const struct btf_type *skip_mods_typedefs(struct btf_dump *d, __u32 id, __u32 *res)
{
	const struct btf_type *t = dump_type(d, id);
	int n = 0;

	while (t && (btf_is_mod(t) || btf_is_typedef(t)) && n++ < DUMP_MAX_DECL) {
		id = t->type;
		t = dump_type(d, id);
	}
	if (res)
		*res = id;
	return n > DUMP_MAX_DECL ? NULL : t;
}

/* compute alignment and packedness of a struct or union, once */
static void composite_layout(struct btf_dump *d, __u32 id, int depth)
{
	struct dump_type_state *s = &d->state[id];
	const struct btf_type *t = dump_type(d, id);
	__u16 i, vlen = btf_vlen(t);
	int max_align = 1;
	bool packed = false;

	if (s->layout_known)
		return;
	s->layout_known = true;	/* a by-value cycle ends here */
	s->align = 1;
	for (i = 0; i < vlen; i++) {
		const struct btf_member *m = btf_members(t) + i;
		__u32 off = btf_member_bit_offset(t, i);
		__u32 bsz = btf_member_bitfield_size(t, i);
		int align = type_align(d, m->type, depth + 1);

		max_align = max(max_align, align);
		if (!bsz) {
			if (off % (8 * align))
				packed = true;
		} else {
			const struct btf_type *mt = skip_mods_typedefs(d, m->type, NULL);
			__u32 unit = mt ? mt->size * 8 : 8;

			/* a bitfield across its storage unit's boundary */
			if (unit && off / unit != (off + bsz - 1) / unit)
				packed = true;
		}
	}
	if (t->size % max_align)
		packed = true;
	s->packed = packed;
	s->align = packed ? 1 : max_align;
}

static int type_align(struct btf_dump *d, __u32 id, int depth)
{
	const struct btf_type *t = dump_type(d, id);
	int n = 0;

	while (t && depth < DUMP_MAX_DEPTH && n++ < DUMP_MAX_DECL) {
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FLOAT:
			return max(1, min(d->ptr_sz, (int)t->size));
		case BTF_KIND_PTR:
			return d->ptr_sz;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			composite_layout(d, id, depth);
			return d->state[id].align;
		case BTF_KIND_ARRAY:
			id = btf_array(t)->type;
			break;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		default:
			return 1;
		}
		t = dump_type(d, id);
	}
	return 1;
}

static bool composite_packed(struct btf_dump *d, __u32 id)
{
	composite_layout(d, id, 0);
	return d->state[id].packed;
}

/* ---- ordering ------------------------------------------------------------- */

static int order_add(struct btf_dump *d, __u32 id)
{
	int err = libbpf_ensure_mem((void **)&d->order, &d->order_cap, sizeof(*d->order),
				    d->order_cnt + 1);

	if (err)
		return err;
	d->order[d->order_cnt++] = id;
	return 0;
}

/* "typedef struct foo foo_t": written, with a forward declaration, when needed */
static bool typedef_of_named_composite(struct btf_dump *d, const struct btf_type *t)
{
	const struct btf_type *r = dump_type(d, t->type);
	int n = 0;

	while (r && (btf_is_const(r) || btf_is_volatile(r) || btf_is_restrict(r)) &&
	       n++ < DUMP_MAX_DECL)
		r = dump_type(d, r->type);
	return r && btf_is_composite(r) && r->name_off;
}

/*
 * through_ptr: only a name is needed (a pointer leads here); ptr_seen: a
 * pointer is on the way from the last member by value, so meeting a type
 * being ordered is a loop through a pointer, not a type containing itself.
 */
static int order_type(struct btf_dump *d, __u32 id, bool through_ptr, bool ptr_seen,
		      int depth)
{
	struct dump_type_state *s;
	const struct btf_type *t;
	__u16 i, vlen;
	int err;

	if (depth > DUMP_MAX_DEPTH) {
		pr_warn("btf_dump: type [%u]: types nested more than %d deep\n", id,
			DUMP_MAX_DEPTH);
		return -ELOOP;
	}
	t = dump_type(d, id);
	if (!t) {
		pr_warn("btf_dump: reference to type id %u, out of range (BTF has %u types)\n",
			id, d->state_cnt);
		return -EINVAL;
	}
	s = &d->state[id];
	if (s->order == ORDER_DONE)
		return 0;
	vlen = btf_vlen(t);
	switch (btf_kind(t)) {
	case BTF_KIND_UNKN:
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		s->order = ORDER_DONE;
		return 0;
	case BTF_KIND_PTR:
		return order_type(d, t->type, true, true, depth + 1);
	case BTF_KIND_ARRAY:
		return order_type(d, btf_array(t)->type, through_ptr, ptr_seen, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		/* a pointer only needs the name, declared when written */
		if (through_ptr && t->name_off)
			return 0;
		if (s->order == ORDER_BUSY) {
			if (ptr_seen)
				return 0;
			pr_warn("btf_dump: type [%u] %s '%s' contains itself by value\n", id,
				btf_kind_str(t), raw_name(d, t));
			return -ELOOP;
		}
		s->order = ORDER_BUSY;
		for (i = 0; i < vlen; i++) {
			err = order_type(d, btf_members(t)[i].type, false, false, depth + 1);
			if (err) {
				s->order = ORDER_NONE;
				return err;
			}
		}
		s->order = ORDER_DONE;
		/* anonymous ones are only ever written inline */
		return t->name_off ? order_add(d, id) : 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		s->order = ORDER_DONE;
		if (t->name_off || !s->referenced)
			return order_add(d, id);
		return 0;
	case BTF_KIND_TYPEDEF:
		if (s->order == ORDER_BUSY) {
			if (ptr_seen)
				return 0;
			pr_warn("btf_dump: typedef [%u] '%s' refers to itself\n", id,
				raw_name(d, t));
			return -ELOOP;
		}
		/*
		 * Seen through a pointer, a typedef is written when first
		 * needed; its target is ordered only for what an inline
		 * definition in it needs.
		 */
		if (through_ptr) {
			if (s->order != ORDER_NONE)
				return 0;
			err = order_type(d, t->type, true, ptr_seen, depth + 1);
			if (err || typedef_of_named_composite(d, t))
				return err;
			return s->emit == EMIT_NONE ? order_add(d, id) : 0;
		}
		s->order = ORDER_BUSY;
		err = order_type(d, t->type, false, ptr_seen, depth + 1);
		s->order = err ? ORDER_NONE : ORDER_DONE;
		if (err)
			return err;
		return s->emit == EMIT_NONE ? order_add(d, id) : 0;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return order_type(d, t->type, through_ptr, ptr_seen, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		/* what a prototype takes and returns by value is ordered too */
		err = order_type(d, t->type, through_ptr, ptr_seen, depth + 1);
		for (i = 0; !err && i < vlen; i++)
			err = order_type(d, btf_params(t)[i].type, through_ptr, ptr_seen, depth + 1);
		return err;
	default:
		/* functions, variables, sections and decl tags are not written */
		return 0;
	}
}

/* ---- declarators ---------------------------------------------------------- */

static int emit_decl(struct btf_dump *d, __u32 id, const char *fname, int lvl,
		     bool strip_mods, int depth);
static int emit_composite_def(struct btf_dump *d, __u32 id, int lvl, int depth);
static int emit_enum_def(struct btf_dump *d, __u32 id, int lvl);

static bool is_decl_link(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_ARRAY:
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return true;
	default:
		return false;
	}
}

static bool is_qual(const struct btf_type *t)
{
	__u16 k = btf_kind(t);

	return k == BTF_KIND_CONST || k == BTF_KIND_VOLATILE || k == BTF_KIND_RESTRICT;
}

static const char *qual_str(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_CONST:
		return "const";
	case BTF_KIND_VOLATILE:
		return "volatile";
	default:
		return "restrict";
	}
}

static void emit_name(struct btf_dump *d, const char *name)
{
	if (!name || !name[0])
		return;
	if (d->last == '*' || d->last == '(' || d->last == 0)
		dump_printf(d, "%s", name);
	else
		dump_printf(d, " %s", name);
}

static void emit_type_tag(struct btf_dump *d, const struct btf_type *t)
{
	if (btf_kflag(t))	/* a whole attribute, btf__add_type_attr() */
		dump_printf(d, " __attribute__((%s))", raw_name(d, t));
	else
		dump_printf(d, " __attribute__((btf_type_tag(\"%s\")))", raw_name(d, t));
}

static int emit_proto_params(struct btf_dump *d, const struct btf_type *t, int lvl,
			     bool strip_mods, int depth)
{
	__u16 i, vlen = btf_vlen(t);
	int err;

	dump_printf(d, "(");
	if (!vlen)
		dump_printf(d, "void");
	for (i = 0; i < vlen; i++) {
		const struct btf_param *p = btf_params(t) + i;

		if (i)
			dump_printf(d, ", ");
		if (i == vlen - 1 && !p->type) {
			dump_printf(d, "...");
			break;
		}
		err = emit_decl(d, p->type, btf__name_by_offset(d->btf, p->name_off) ?: "", lvl,
				strip_mods, depth + 1);
		if (err)
			return err;
	}
	dump_printf(d, ")");
	return 0;
}

static bool qual_applies(struct btf_dump *d, const __u32 *chain, int i)
{
	for (i++; i < d->decl_n; i++) {
		const struct btf_type *t = dump_type(d, chain[i]);

		if (!is_qual(t) && !btf_is_type_tag(t))
			return btf_is_ptr(t);
	}
	return true;
}

/* the nearest part outside chain[i] that is not a qualifier is a pointer */
static bool outer_is_ptr(struct btf_dump *d, const __u32 *chain, int i)
{
	while (--i >= 0) {
		const struct btf_type *t = dump_type(d, chain[i]);

		if (!is_qual(t) && !btf_is_type_tag(t))
			return btf_is_ptr(t);
	}
	return false;
}

/*
 * Write the declarator parts chain[0..n-1] (outermost first: chain[0] is
 * the type of fname) after the base type was written, innermost first.
 * An array or function part needs what is outside of it written in its
 * middle: "(*p)[4]", "(*fn)(int)".
 */
static int emit_chain(struct btf_dump *d, const __u32 *chain, int n, const char *fname,
		      int lvl, bool strip_mods, int depth)
{
	int i, err;

	for (i = n - 1; i >= 0; i--) {
		const struct btf_type *t = dump_type(d, chain[i]);

		switch (btf_kind(t)) {
		case BTF_KIND_PTR:
			dump_printf(d, d->last == '*' || d->last == '(' ? "*" : " *");
			break;
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
			/* C has qualified pointers, not qualified arrays or functions */
			if (!strip_mods && qual_applies(d, chain, i))
				dump_printf(d, " %s", qual_str(t));
			break;
		case BTF_KIND_TYPE_TAG:
			if (!strip_mods)
				emit_type_tag(d, t);
			break;
		case BTF_KIND_ARRAY:
		case BTF_KIND_FUNC_PROTO:
			if (i > 0) {
				bool parens = outer_is_ptr(d, chain, i);
				bool tight = d->last == '*' || d->last == '(' ||
					     (btf_is_array(t) && !fname[0]);

				if (parens)
					dump_printf(d, tight && (btf_is_array(t) || d->last == '(') ?
						    "(" : " (");
				err = emit_chain(d, chain, i, fname, lvl, strip_mods, depth);
				if (err)
					return err;
				if (parens)
					dump_printf(d, ")");
			} else {
				emit_name(d, fname);
			}
			if (btf_is_array(t))
				dump_printf(d, "[%u]", btf_array(t)->nelems);
			else
				return emit_proto_params(d, t, lvl, strip_mods, depth);
			return 0;
		}
	}
	emit_name(d, fname);
	return 0;
}

static int emit_base(struct btf_dump *d, __u32 id, int lvl, int depth)
{
	const struct btf_type *t = dump_type(d, id);

	switch (btf_kind(t)) {
	case BTF_KIND_UNKN:
		dump_printf(d, "void");
		return 0;
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		dump_printf(d, "%s", raw_name(d, t));
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (!t->name_off)
			return emit_composite_def(d, id, lvl, depth);
		dump_printf(d, "%s %s", btf_is_struct(t) ? "struct" : "union", type_name(d, id));
		return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!t->name_off)
			return emit_enum_def(d, id, lvl);
		dump_printf(d, "enum %s", type_name(d, id));
		return 0;
	case BTF_KIND_FWD:
		dump_printf(d, "%s %s", btf_kflag(t) ? "union" : "struct", raw_name(d, t));
		return 0;
	case BTF_KIND_TYPEDEF:
		dump_printf(d, "%s", type_name(d, id));
		return 0;
	default:
		pr_warn("btf_dump: type [%u] %s cannot be used in a declaration\n", id,
			btf_kind_str(t));
		return -EINVAL;
	}
}

static int emit_decl(struct btf_dump *d, __u32 id, const char *fname, int lvl,
		     bool strip_mods, int depth)
{
	__u32 chain[DUMP_MAX_DECL];
	const struct btf_type *t;
	int n = 0, base_quals, saved_n, i, err;

	if (depth > DUMP_MAX_DEPTH) {
		pr_warn("btf_dump: type [%u]: declaration nested more than %d deep\n", id,
			DUMP_MAX_DEPTH);
		return -ELOOP;
	}
	for (;;) {
		t = dump_type(d, id);
		if (!t) {
			pr_warn("btf_dump: reference to type id %u, out of range (BTF has %u types)\n",
			id, d->state_cnt);
			return -EINVAL;
		}
		if (!is_decl_link(t))
			break;
		if (n == DUMP_MAX_DECL) {
			pr_warn("btf_dump: type [%u]: declarator longer than %d (a loop?)\n",
				chain[0], DUMP_MAX_DECL);
			return -ELOOP;
		}
		chain[n++] = id;
		if (btf_is_array(t))
			id = btf_array(t)->type;
		else
			id = t->type;
	}
	/* qualifiers right above the base type go before it: "const int" */
	for (base_quals = 0; base_quals < n; base_quals++) {
		const struct btf_type *q = dump_type(d, chain[n - 1 - base_quals]);

		if (!is_qual(q))
			break;
	}
	if (!strip_mods) {
		for (i = n - 1; i >= n - base_quals; i--)
			dump_printf(d, "%s ", qual_str(dump_type(d, chain[i])));
	}
	err = emit_base(d, id, lvl, depth);
	if (err)
		return err;
	saved_n = d->decl_n;
	d->decl_n = n - base_quals;
	err = emit_chain(d, chain, n - base_quals, fname, lvl, strip_mods, depth);
	d->decl_n = saved_n;
	return err;
}

/* ---- definitions ---------------------------------------------------------- */

static const struct {
	const char *name;
	int bits;
} pad_types[] = {
	{ "long", 64 }, { "int", 32 }, { "short", 16 }, { "char", 8 },
};

static int pad_bits(struct btf_dump *d, int i)
{
	return i == 0 ? d->ptr_sz * 8 : pad_types[i].bits;
}

/*
 * Unnamed bitfields that move the next member from bit cur to bit next,
 * where the compiler would not put it by itself.
 */
/* padding longer than this is refused: spelled out, it would be endless */
#define DUMP_MAX_PAD_BITS (8u * 1024 * 1024)

static int emit_padding(struct btf_dump *d, __u32 id, const char *where, __u32 cur,
			__u32 next, bool next_bitfield, int lvl)
{
	int i, n = ARRAY_SIZE(pad_types);

	if (next > cur && next - cur > DUMP_MAX_PAD_BITS) {
		pr_warn("btf_dump: type [%u] '%s': %u bits of padding from bit %u %s, more than %u MiB\n",
			id, raw_name(d, dump_type(d, id)), next - cur, cur, where,
			DUMP_MAX_PAD_BITS / 8 / 1024 / 1024);
		return -E2BIG;
	}
	while (cur < next) {
		__u32 gap = next - cur;

		if (next_bitfield || next % 8) {
			/* within bitfields: one unnamed bitfield of the gap */
			int pick = -1;

			for (i = 0; i < n; i++) {
				if (next % pad_bits(d, i) == 0 && gap <= (__u32)pad_bits(d, i)) {
					pick = i;
					break;
				}
			}
			for (i = n - 1; pick < 0 && i >= 0; i--)
				if (gap <= (__u32)pad_bits(d, i))
					pick = i;
			if (pick < 0) {
				/* a long gap: whole longs, aligned by the compiler */
				__u32 lb = pad_bits(d, 0);

				if (cur % lb) {
					cur = (cur + lb - 1) / lb * lb;
				} else {
					dump_printf(d, "\n");
					dump_tabs(d, lvl);
					dump_printf(d, "%s: %u;", pad_types[0].name, lb);
					cur += lb;
				}
				next_bitfield = false;
				continue;
			}
			dump_printf(d, "\n");
			dump_tabs(d, lvl);
			dump_printf(d, "%s: %u;", pad_types[pick].name, gap);
			return 0;
		}
		for (i = 0; i < n; i++) {
			__u32 bits = pad_bits(d, i);
			__u32 aligned;

			if (next % bits)
				continue;
			aligned = (cur + bits - 1) / bits * bits;
			if (aligned == next) {
				dump_printf(d, "\n");
				dump_tabs(d, lvl);
				dump_printf(d, "%s: 0;", pad_types[i].name);
			}
			for (; aligned < next; aligned += bits) {
				dump_printf(d, "\n");
				dump_tabs(d, lvl);
				dump_printf(d, "%s: %u;", pad_types[i].name, bits);
			}
			return 0;
		}
		return 0;
	}
	return 0;
}

/*
 * Where the next member lands by itself after bit cur: a bitfield right
 * there (a gap before one is always spelled out, even one the compiler
 * would leave for a bitfield that does not fit its unit), anything else at
 * its alignment unless packed.
 */
static __u32 natural_off(struct btf_dump *d, __u32 cur, __u32 type_id, __u32 bsz, bool packed)
{
	__u32 a = packed ? 8 : 8 * type_align(d, type_id, 0);

	if (bsz)
		return cur;
	return (cur + a - 1) / a * a;
}

static __u32 member_bits(struct btf_dump *d, const struct btf_type *t, int i)
{
	__u32 bsz = btf_member_bitfield_size(t, i);
	__s64 sz;

	if (bsz)
		return bsz;
	sz = btf__resolve_size(d->btf, btf_members(t)[i].type);
	return sz > 0 ? sz * 8 : 0;
}

static int emit_composite_def(struct btf_dump *d, __u32 id, int lvl, int depth)
{
	const struct btf_type *t = dump_type(d, id);
	__u16 i, vlen = btf_vlen(t);
	bool is_struct = btf_is_struct(t);
	bool packed = composite_packed(d, id);
	__u32 cur = 0, end = 0;
	char where[32];
	int err;

	if (depth > DUMP_MAX_DEPTH) {
		pr_warn("btf_dump: type [%u]: anonymous types nested more than %d deep\n", id,
			DUMP_MAX_DEPTH);
		return -ELOOP;
	}
	/* its layout is worked out in bits, in 32 bits as BTF member offsets are */
	if (t->size > UINT32_MAX / 8) {
		pr_warn("btf_dump: type [%u]: %u bytes, too large to lay out\n", id, t->size);
		return -E2BIG;
	}
	dump_printf(d, "%s", is_struct ? "struct" : "union");
	if (t->name_off)
		dump_printf(d, " %s", type_name(d, id));
	dump_printf(d, " {");
	for (i = 0; i < vlen; i++) {
		const struct btf_member *m = btf_members(t) + i;
		__u32 off = btf_member_bit_offset(t, i);
		__u32 bsz = btf_member_bitfield_size(t, i);

		/* the kernel rejects it too; padding up to it could be endless */
		if ((__u64)off + member_bits(d, t, i) > (__u64)t->size * 8) {
			pr_warn("btf_dump: type [%u] '%s': member %u '%s' at bit %u (%u bits) lies outside its %u bytes\n",
				id, raw_name(d, t), i,
				btf__name_by_offset(d->btf, m->name_off) ?: "", off,
				member_bits(d, t, i), t->size);
			return -EINVAL;
		}
		if (is_struct && natural_off(d, cur, m->type, bsz, packed) != off) {
			snprintf(where, sizeof(where), "to member %u", i);
			err = emit_padding(d, id, where, cur, off, bsz != 0, lvl + 1);
			if (err)
				return err;
		}
		dump_printf(d, "\n");
		dump_tabs(d, lvl + 1);
		err = emit_decl(d, m->type, btf__name_by_offset(d->btf, m->name_off) ?: "",
				lvl + 1, d->strip_mods, depth + 1);
		if (err)
			return err;
		if (bsz)
			dump_printf(d, ": %u", bsz);
		dump_printf(d, ";");
		cur = off + member_bits(d, t, i);
		end = max(end, cur);
	}
	if (is_struct) {
		int align = packed ? 1 : type_align(d, id, 0);
		__u32 a = 8 * align;

		if ((end + a - 1) / a * a != t->size * 8) {
			err = emit_padding(d, id, "to the end", end, t->size * 8, false, lvl + 1);
			if (err)
				return err;
		}
	}
	if (vlen || t->size) {
		dump_printf(d, "\n");
		dump_tabs(d, lvl);
	}
	dump_printf(d, "}");
	if (packed)
		dump_printf(d, " __attribute__((packed))");
	return 0;
}

static int emit_enum_def(struct btf_dump *d, __u32 id, int lvl)
{
	const struct btf_type *t = dump_type(d, id);
	__u16 i, vlen = btf_vlen(t);
	bool is_signed = btf_kflag(t);
	const char *sfx = "";

	if (btf_is_enum64(t))
		sfx = is_signed ? "LL" : "ULL";
	dump_printf(d, "enum");
	if (t->name_off)
		dump_printf(d, " %s", type_name(d, id));
	if (!vlen)
		return 0;	/* no values: declared like a forward declaration */
	dump_printf(d, " {");
	for (i = 0; i < vlen; i++) {
		const char *name;
		char *uniq;
		__u64 v;

		if (btf_is_enum(t)) {
			name = btf__name_by_offset(d->btf, btf_enum(t)[i].name_off);
			v = is_signed ? (__u64)(__s64)btf_enum(t)[i].val
				      : (__u64)(__u32)btf_enum(t)[i].val;
		} else {
			name = btf__name_by_offset(d->btf, btf_enum64(t)[i].name_off);
			v = btf_enum64_value(btf_enum64(t) + i);
		}
		uniq = name_with_suffix(&d->ident_names, name ?: "");
		if (!uniq)
			return -ENOMEM;
		dump_printf(d, "\n");
		dump_tabs(d, lvl + 1);
		if (is_signed)
			dump_printf(d, "%s = %lld%s,", uniq, (long long)v, sfx);
		else
			dump_printf(d, "%s = %llu%s,", uniq, (unsigned long long)v, sfx);
		free(uniq);
	}
	dump_printf(d, "\n");
	dump_tabs(d, lvl);
	dump_printf(d, "}");
	/* sizes other than int's, as far as GCC's mode attribute says them */
	if (t->size == 1)
		dump_printf(d, " __attribute__((mode(byte)))");
	else if (t->size == 8 && btf_is_enum(t))
		dump_printf(d, " __attribute__((mode(word)))");
	return 0;
}

/* ---- emission ------------------------------------------------------------- */

static int emit_top(struct btf_dump *d, __u32 id, int depth);

static void emit_fwd(struct btf_dump *d, __u32 id)
{
	const struct btf_type *t = dump_type(d, id);
	bool is_union = btf_is_fwd(t) ? btf_kflag(t) : btf_is_union(t);

	/* a FWD takes no name of its own: it names a struct or union */
	dump_printf(d, "%s %s;\n\n", is_union ? "union" : "struct",
		    btf_is_fwd(t) ? raw_name(d, t) : type_name(d, id));
	d->state[id].fwd_done = true;
}

/* declare what a definition names but nothing declared yet */
static int emit_deps(struct btf_dump *d, __u32 id, __u32 cont_id, int depth)
{
	struct dump_type_state *s;
	const struct btf_type *t;
	__u16 i, vlen;
	int err = 0;

	if (depth > DUMP_MAX_DEPTH) {
		pr_warn("btf_dump: type [%u]: types nested more than %d deep\n", id,
			DUMP_MAX_DEPTH);
		return -ELOOP;
	}
	t = dump_type(d, id);
	if (!t) {
		pr_warn("btf_dump: reference to type id %u, out of range (BTF has %u types)\n",
			id, d->state_cnt);
		return -EINVAL;
	}
	s = &d->state[id];
	vlen = btf_vlen(t);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return emit_deps(d, t->type, cont_id, depth + 1);
	case BTF_KIND_ARRAY:
		return emit_deps(d, btf_array(t)->type, cont_id, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		err = emit_deps(d, t->type, cont_id, depth + 1);
		for (i = 0; !err && i < vlen; i++)
			err = emit_deps(d, btf_params(t)[i].type, cont_id, depth + 1);
		return err;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (t->name_off) {
			if (id != cont_id && s->emit != EMIT_DONE && !s->fwd_done)
				emit_fwd(d, id);
			return 0;
		}
		if (s->emit == EMIT_BUSY)
			return 0;
		s->emit = EMIT_BUSY;
		for (i = 0; i < vlen; i++) {
			err = emit_deps(d, btf_members(t)[i].type, cont_id, depth + 1);
			if (err)
				break;
		}
		s->emit = EMIT_NONE;
		return err;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		if (t->name_off)
			return emit_top(d, id, depth + 1);
		return 0;
	case BTF_KIND_TYPEDEF:
		if (s->emit == EMIT_NONE)
			return emit_top(d, id, depth + 1);
		return 0;
	default:
		return 0;
	}
}

static int emit_top(struct btf_dump *d, __u32 id, int depth)
{
	struct dump_type_state *s = &d->state[id];
	const struct btf_type *t = dump_type(d, id);
	__u16 i, vlen = btf_vlen(t);
	int err = 0;

	if (s->emit != EMIT_NONE)
		return 0;
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (!t->name_off)
			return 0;
		s->emit = EMIT_BUSY;
		for (i = 0; i < vlen && !err; i++)
			err = emit_deps(d, btf_members(t)[i].type, id, depth + 1);
		if (!err)
			err = emit_composite_def(d, id, 0, depth);
		if (err) {
			s->emit = EMIT_NONE;
			return err;
		}
		dump_printf(d, ";\n\n");
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!t->name_off && s->referenced)
			return 0;
		err = emit_enum_def(d, id, 0);
		if (err)
			return err;
		dump_printf(d, ";\n\n");
		break;
	case BTF_KIND_FWD:
		if (!s->fwd_done)
			emit_fwd(d, id);
		break;
	case BTF_KIND_TYPEDEF:
		/* the compiler's own: redefining it is an error */
		if (!strcmp(raw_name(d, t), "__builtin_va_list"))
			break;
		s->emit = EMIT_BUSY;
		err = emit_deps(d, t->type, id, depth + 1);
		if (!err) {
			dump_printf(d, "typedef ");
			err = emit_decl(d, t->type, type_name(d, id), 0, false, depth);
		}
		if (err) {
			s->emit = EMIT_NONE;
			return err;
		}
		dump_printf(d, ";\n\n");
		break;
	default:
		return 0;
	}
	s->emit = EMIT_DONE;
	return 0;
}

int btf_dump__dump_type(struct btf_dump *d, __u32 id)
{
	size_t i;
	int err;

	if (!d)
		return libbpf_err(-EINVAL);
	err = check_id(d, "btf_dump__dump_type", id);
	if (err)
		return libbpf_err(err);
	d->order_cnt = 0;
	err = order_type(d, id, false, false, 0);
	if (err)
		return libbpf_err(err);
	for (i = 0; i < d->order_cnt; i++) {
		d->last = 0;
		err = emit_top(d, d->order[i], 0);
		if (err)
			return libbpf_err(err);
	}
	return 0;
}

int btf_dump__emit_type_decl(struct btf_dump *d, __u32 id,
			     const struct btf_dump_emit_type_decl_opts *opts)
{
	const char *fname;
	int err;

	if (!d)
		return libbpf_err(-EINVAL);
	if (!OPTS_VALID(opts, btf_dump_emit_type_decl_opts))
		return libbpf_err(-EINVAL);
	err = check_id(d, "btf_dump__emit_type_decl", id);
	if (err)
		return libbpf_err(err);
	fname = OPTS_GET(opts, field_name, "") ?: "";
	d->last = 0;
	d->strip_mods = OPTS_GET(opts, strip_mods, false);
	err = emit_decl(d, id, fname, OPTS_GET(opts, indent_level, 0), d->strip_mods, 0);
	d->strip_mods = false;
	return libbpf_err(err);
}

/* ---- values --------------------------------------------------------------- */

static int data_value(struct btf_dump *d, __u32 id, const void *data, __u32 bit_off,
		      __u32 bit_sz, bool in_composite);

static void data_indent(struct btf_dump *d, int depth)
{
	int i;

	if (d->data.compact)
		return;
	for (i = 0; i < d->data.indent_level + depth; i++)
		dump_printf(d, "%s", d->data.indent_str);
}

static void data_newline(struct btf_dump *d)
{
	if (!d->data.compact)
		dump_printf(d, "\n");
}

/* "(type)" before a value: the declaration without a name */
static int data_cast(struct btf_dump *d, __u32 id)
{
	const struct btf_type *t = dump_type(d, id);
	int err;

	if (!t) {
		pr_warn("btf_dump: reference to type id %u, out of range (BTF has %u types)\n",
			id, d->state_cnt);
		return -EINVAL;
	}
	if (d->data.skip_names)
		return 0;
	if ((btf_is_composite(t) || btf_is_any_enum(t)) && !t->name_off) {
		/* libbpf 1.1 spells an anonymous enum "(enum )" */
		dump_printf(d, "(%s)", btf_is_struct(t) ? "struct" :
				       btf_is_union(t) ? "union" : "enum ");
		return 0;
	}
	dump_printf(d, "(");
	d->last = '(';
	d->strip_mods = true;
	err = emit_decl(d, id, "", 0, true, 0);
	d->strip_mods = false;
	dump_printf(d, ")");
	return err;
}

static int data_check(struct btf_dump *d, const void *data, __s64 sz)
{
	if (sz < 0 || (const char *)data < (const char *)d->data.start ||
	    (const char *)data + sz > (const char *)d->data.end)
		return -E2BIG;
	return 0;
}

static bool bytes_zero(const void *data, size_t sz)
{
	const unsigned char *p = data;

	while (sz--)
		if (*p++)
			return false;
	return true;
}

static __u64 read_uint(const void *data, int sz)
{
	__u64 v = 0;

	memcpy(&v, data, min(sz, 8));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v >>= 64 - 8 * min(sz, 8);
#endif
	return v;
}

/* the bitfield at bit_off of data, bit_sz wide, in a unit of unit_sz bytes */
static __u64 read_bits(const void *data, __u32 bit_off, __u32 bit_sz, int unit_sz)
{
	const unsigned char *p = data;
	__u64 v = 0;
	__u32 i;

	for (i = 0; i < bit_sz && i < 64; i++) {
		__u32 b = bit_off + i;

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		unit_sz = (bit_off + bit_sz + 7) / 8;
		b = unit_sz * 8 - 1 - b;
		if (p[b / 8] & (0x80 >> (b % 8)))
			v |= 1ULL << (bit_sz - 1 - i);
#else
		if (p[b / 8] & (1 << (b % 8)))
			v |= 1ULL << i;
#endif
	}
	return v;
}

/* one-byte ints: shown as characters in arrays, like libbpf does */
static bool is_char_type(struct btf_dump *d, const struct btf_type *t)
{
	return btf_is_int(t) && t->size == 1 && !(btf_int_encoding(t) & BTF_INT_BOOL);
}

static int data_int(struct btf_dump *d, const struct btf_type *t, const void *data, bool quote)
{
	__u8 enc = btf_int_encoding(t);
	bool sign = enc & BTF_INT_SIGNED;
	__u64 v;
	int err = data_check(d, data, t->size);

	if (err)
		return err;
	if (t->size == 16) {
		__u64 lo = read_uint(data, 8), hi = read_uint((const char *)data + 8, 8);

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		__u64 tmp = lo;

		lo = hi;
		hi = tmp;
#endif
		if (hi)
			dump_printf(d, "0x%llx%016llx", (unsigned long long)hi,
				    (unsigned long long)lo);
		else
			dump_printf(d, "0x%llx", (unsigned long long)lo);
		return 0;
	}
	if (t->size > 8) {
		pr_warn("btf_dump: int '%s' of %u bytes cannot be shown (1 to 8, or 16)\n",
			raw_name(d, t), t->size);
		return -EINVAL;
	}
	v = read_uint(data, t->size);
	if (enc & BTF_INT_BOOL) {
		dump_printf(d, "%llu", (unsigned long long)v);	/* the byte, as libbpf */
	} else if (quote && is_char_type(d, t)) {
		if (isprint((int)v))
			dump_printf(d, "'%c'", (char)v);
		else
			dump_printf(d, "%d", sign ? (int)(__s8)v : (int)v);
	} else if (sign) {
		int shift = 64 - 8 * t->size;

		dump_printf(d, "%lld", (long long)((__s64)(v << shift) >> shift));
	} else {
		dump_printf(d, "%llu", (unsigned long long)v);
	}
	return 0;
}

static int data_float(struct btf_dump *d, const struct btf_type *t, const void *data)
{
	int err = data_check(d, data, t->size);

	if (err)
		return err;
	switch (t->size) {
	case 4: {
		float f;

		memcpy(&f, data, 4);
		dump_printf(d, "%f", f);
		return 0;
	}
	case 8: {
		double f;

		memcpy(&f, data, 8);
		dump_printf(d, "%lf", f);
		return 0;
	}
	case 16: {
		long double f;

		memcpy(&f, data, sizeof(f) < 16 ? sizeof(f) : 16);
		dump_printf(d, "%Lf", f);
		return 0;
	}
	default:
		pr_warn("btf_dump: float '%s' of %u bytes cannot be shown (4, 8 or 16)\n",
			raw_name(d, t), t->size);
		return -EINVAL;
	}
}

static void data_enum_value(struct btf_dump *d, const struct btf_type *t, __u64 v)
{
	__u16 i, vlen = btf_vlen(t);
	bool sign = btf_kflag(t);

	if (t->size < 8) {
		int shift = 64 - 8 * t->size;

		v = sign ? (__u64)((__s64)(v << shift) >> shift) : v & ((1ULL << (8 * t->size)) - 1);
	}
	for (i = 0; i < vlen; i++) {
		__u64 ev;
		__u32 noff;

		if (btf_is_enum(t)) {
			ev = sign ? (__u64)(__s64)btf_enum(t)[i].val
				  : (__u64)(__u32)btf_enum(t)[i].val;
			noff = btf_enum(t)[i].name_off;
		} else {
			ev = btf_enum64_value(btf_enum64(t) + i);
			noff = btf_enum64(t)[i].name_off;
		}
		if (t->size < 8 && !sign)
			ev &= (1ULL << (8 * t->size)) - 1;
		if (ev == v) {
			dump_printf(d, "%s", btf__name_by_offset(d->btf, noff) ?: "");
			return;
		}
	}
	if (sign)
		dump_printf(d, "%lld", (long long)v);
	else
		dump_printf(d, "%llu", (unsigned long long)v);
}

/*
 * A char array holding a string: every char printable or NUL. Returns the
 * length up to the first NUL, or -1 when the array is no string.
 */
static int data_string_len(struct btf_dump *d, __u32 id, const void *data)
{
	const struct btf_type *t = skip_mods_typedefs(d, id, NULL), *et;
	const unsigned char *p = data;
	__u32 i;

	if (!t || !btf_is_array(t))
		return -1;
	et = skip_mods_typedefs(d, btf_array(t)->type, NULL);
	if (!et || !is_char_type(d, et) || data_check(d, data, btf_array(t)->nelems))
		return -1;
	for (i = 0; i < btf_array(t)->nelems; i++)
		if (p[i] && !isprint(p[i]))
			return -1;
	for (i = 0; i < btf_array(t)->nelems && p[i]; i++)
		;
	return i;
}

static bool is_char_array(struct btf_dump *d, __u32 id)
{
	const struct btf_type *t = skip_mods_typedefs(d, id, NULL), *et;

	if (!t || !btf_is_array(t))
		return false;
	et = skip_mods_typedefs(d, btf_array(t)->type, NULL);
	return et && is_char_type(d, et);
}

/* a member or element skipped as zero */
static bool data_skip(struct btf_dump *d, __u32 id, const void *data, __u32 bit_off,
		      __u32 bit_sz, bool in_composite, bool char_elem)
{
	__s64 sz;
	int len;

	if (d->data.emit_zeroes)
		return false;
	/*
	 * Zeroes are left out below the top, but not anywhere in an array
	 * shown at the top, nor elements of a typedef'd type (as libbpf 1.1)
	 */
	if (!char_elem && (d->data.depth == 0 || d->data.top_array))
		return false;
	if (!char_elem && !in_composite && !bit_sz) {
		const struct btf_type *et = dump_type(d, id);

		if (et && (btf_is_typedef(et) || btf_is_mod(et)))
			return false;
	}
	if (bit_sz) {
		const struct btf_type *t = skip_mods_typedefs(d, id, NULL);

		return t && !read_bits(data, bit_off, bit_sz, t->size);
	}
	/*
	 * An empty string counts as zero, whatever follows its NUL; libbpf 1.1
	 * leaves out char arrays holding no string, too.
	 */
	len = data_string_len(d, id, data);
	if (len == 0 || (len == -1 && is_char_array(d, id)))
		return true;
	sz = btf__resolve_size(d->btf, id);
	if (sz < 0 || data_check(d, data, sz))
		return false;	/* let the value report the error */
	return bytes_zero(data, sz);
}

static int data_item(struct btf_dump *d, __u32 id, const char *name, const void *data,
		     __u32 bit_off, __u32 bit_sz, bool in_composite, bool char_elem)
{
	int err;

	if (data_skip(d, id, data, bit_off, bit_sz, in_composite, char_elem))
		return 0;
	data_newline(d);
	data_indent(d, d->data.depth);
	if (name && name[0] && !d->data.skip_names)
		dump_printf(d, ".%s = ", name);
	/* in arrays values go without a cast */
	err = d->data.in_array ? 0 : data_cast(d, id);
	if (!err)
		err = data_value(d, id, data, bit_off, bit_sz, in_composite);
	if (!err)
		dump_printf(d, ",");
	return err;
}

static int data_composite(struct btf_dump *d, const struct btf_type *t, const void *data)
{
	__u16 i, vlen = btf_vlen(t);
	int err = 0;

	dump_printf(d, "{");
	d->data.depth++;
	for (i = 0; i < vlen && !err; i++) {
		const struct btf_member *m = btf_members(t) + i;
		__u32 off = btf_member_bit_offset(t, i);
		__u32 bsz = btf_member_bitfield_size(t, i);
		const char *name = btf__name_by_offset(d->btf, m->name_off);

		if (bsz) {
			/* only the bytes holding the bits: packed structs end early */
			const char *p = (const char *)data + off / 8;

			if (data_check(d, p, (off % 8 + bsz + 7) / 8))
				err = -E2BIG;
			else
				err = data_item(d, m->type, name, p, off % 8, bsz, true, false);
		} else {
			err = data_item(d, m->type, name, (const char *)data + off / 8, 0, 0,
					true, false);
		}
	}
	d->data.depth--;
	if (err)
		return err;
	data_newline(d);
	data_indent(d, d->data.depth);
	dump_printf(d, "}");
	return 0;
}

static int data_array(struct btf_dump *d, __u32 id, const struct btf_type *t, const void *data)
{
	const struct btf_array *a = btf_array(t);
	const struct btf_type *et = skip_mods_typedefs(d, a->type, NULL);
	__s64 esz = btf__resolve_size(d->btf, a->type);
	bool chars = et && is_char_type(d, et);
	__u32 i, nelems;
	int err = 0;

	if (esz < 0)
		return (int)esz;
	if (esz == 0 && a->nelems) {
		pr_warn("btf_dump: type [%u]: array of zero-size elements\n", id);
		return -EINVAL;
	}
	dump_printf(d, "[");
	d->data.depth++;
	d->data.in_array++;
	nelems = a->nelems;
	/* a string ends at its NUL; other char arrays show each char */
	if (chars) {
		int len = data_string_len(d, id, data);

		if (len >= 0)
			nelems = len;
	}
	for (i = 0; i < nelems && !err; i++) {
		const char *p = (const char *)data + i * esz;

		err = data_item(d, a->type, NULL, p, 0, 0, false, chars);
	}
	d->data.in_array--;
	d->data.depth--;
	if (err)
		return err;
	data_newline(d);
	data_indent(d, d->data.depth);
	dump_printf(d, "]");
	return 0;
}

static int data_value(struct btf_dump *d, __u32 id, const void *data, __u32 bit_off,
		      __u32 bit_sz, bool in_composite)
{
	const struct btf_type *t;
	__u32 rid;
	__u64 v;
	int err;

	if (d->data.depth > DUMP_MAX_DEPTH) {
		pr_warn("btf_dump: type [%u]: value nested more than %d deep\n", id,
			DUMP_MAX_DEPTH);
		return -ELOOP;
	}
	t = skip_mods_typedefs(d, id, &rid);
	if (!t) {
		pr_warn("btf_dump: type [%u]: bad type reference\n", id);
		return -EINVAL;
	}
	if (bit_sz) {
		/* bitfields in hex, whatever their type */
		if (!btf_is_int(t) && !btf_is_any_enum(t)) {
			pr_warn("btf_dump: type [%u]: bitfield of %s\n", id, btf_kind_str(t));
			return -EINVAL;
		}
		dump_printf(d, "0x%llx", (unsigned long long)read_bits(data, bit_off, bit_sz,
									 t->size));
		return 0;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		/* chars are quoted in arrays only */
		return data_int(d, t, data, !in_composite && d->data.depth > 0);
	case BTF_KIND_FLOAT:
		return data_float(d, t, data);
	case BTF_KIND_PTR:
		err = data_check(d, data, d->ptr_sz);
		if (err)
			return err;
		v = read_uint(data, d->ptr_sz);
		/* as printf("%p") shows it */
		if (v)
			dump_printf(d, "0x%llx", (unsigned long long)v);
		else
			dump_printf(d, "(nil)");
		return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		err = data_check(d, data, t->size);
		if (err)
			return err;
		if (t->size > 8)
			return -EINVAL;
		data_enum_value(d, t, read_uint(data, t->size));
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return data_composite(d, t, data);
	case BTF_KIND_ARRAY:
		return data_array(d, rid, t, data);
	default:
		pr_warn("btf_dump: type [%u] %s has no value to show\n", rid, btf_kind_str(t));
		return -EINVAL;
	}
}

int btf_dump__dump_type_data(struct btf_dump *d, __u32 id, const void *data, size_t data_sz,
			     const struct btf_dump_type_data_opts *opts)
{
	const struct btf_type *t;
	__s64 sz;
	int err;

	if (!d || !data)
		return libbpf_err(-EINVAL);
	if (!OPTS_VALID(opts, btf_dump_type_data_opts))
		return libbpf_err(-EINVAL);
	err = check_id(d, "btf_dump__dump_type_data", id);
	if (err)
		return libbpf_err(err);
	sz = btf__resolve_size(d->btf, id);
	if (sz < 0) {
		pr_warn("btf_dump__dump_type_data: type [%u] has no size\n", id);
		return libbpf_err(-EINVAL);
	}
	d->data.indent_str = OPTS_GET(opts, indent_str, NULL) ?: "\t";
	d->data.indent_level = OPTS_GET(opts, indent_level, 0);
	d->data.compact = OPTS_GET(opts, compact, false);
	d->data.skip_names = OPTS_GET(opts, skip_names, false);
	d->data.emit_zeroes = OPTS_GET(opts, emit_zeroes, false);
	d->data.start = data;
	d->data.end = (const char *)data + data_sz;
	d->data.depth = 0;
	d->data.in_array = 0;
	t = skip_mods_typedefs(d, id, NULL);
	d->data.top_array = t && btf_is_array(t);
	d->last = 0;
	d->buffering = true;
	d->buf_len = 0;
	d->buf_err = 0;
	err = data_cast(d, id);
	if (!err)
		err = data_value(d, id, data, 0, 0, false);
	d->buffering = false;
	if (!err)
		err = d->buf_err;
	if (err)
		return libbpf_err(err);
	if (d->buf_len)
		dump_vprintf(d, "%s", d->buf);
	return sz;
}
