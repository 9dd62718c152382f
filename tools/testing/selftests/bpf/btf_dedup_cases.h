/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * BTF dedup test cases built with the public btf__add_*() API: each
 * writes what several compilation units would bring into one BTF. The
 * unit tests (unit/test_btf_dedup.c) check this library's dedup result of
 * each against the text expected there; btf_dedup_dump -c NAME builds
 * the same case, so that the result can be compared with the system's
 * libbpf (prog_tests/btf_dedup.c). Public API only.
 */
#ifndef __BTF_DEDUP_CASES_H
#define __BTF_DEDUP_CASES_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <linux/btf.h>
#include <bpf/btf.h>

static inline const char *dc_kind_name(const struct btf_type *t)
{
	static const char *const names[] = {
		"UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD",
		"TYPEDEF", "VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO",
		"VAR", "DATASEC", "FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
	};
	unsigned int k = btf_kind(t);

	return k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

static inline const char *dc_str(const struct btf *btf, __u32 off)
{
	const char *s = btf__str_by_offset(btf, off);

	return s ? s : "<bad string offset>";
}

/* one type (and its members) in the canonical text form, one per line */
static inline void dc_print_type(FILE *f, const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m;
	const struct btf_param *p;
	const struct btf_enum *e;
	const struct btf_enum64 *e64;
	const struct btf_var_secinfo *vi;
	const struct btf_array *a;
	__u32 v;
	int i, n = btf_vlen(t);

	fprintf(f, "[%u] %s '%s'", id, dc_kind_name(t), dc_str(btf, t->name_off));
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		v = *(const __u32 *)(t + 1);
		fprintf(f, " size=%u bits_offset=%u nr_bits=%u encoding=0x%x\n", t->size,
		       BTF_INT_OFFSET(v), BTF_INT_BITS(v), BTF_INT_ENCODING(v));
		break;
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		fprintf(f, " type_id=%u\n", t->type);
		break;
	case BTF_KIND_ARRAY:
		a = btf_array(t);
		fprintf(f, " type_id=%u index_type_id=%u nr_elems=%u\n", a->type,
		       a->index_type, a->nelems);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		fprintf(f, " size=%u vlen=%d kflag=%d\n", t->size, n, btf_kflag(t));
		m = btf_members(t);
		for (i = 0; i < n; i++, m++)
			fprintf(f, "\t'%s' type_id=%u bits_offset=%u bitfield_size=%u\n",
			       dc_str(btf, m->name_off), m->type,
			       btf_member_bit_offset(t, i),
			       btf_member_bitfield_size(t, i));
		break;
	case BTF_KIND_ENUM:
		fprintf(f, " size=%u vlen=%d kflag=%d\n", t->size, n, btf_kflag(t));
		e = btf_enum(t);
		for (i = 0; i < n; i++, e++)
			fprintf(f, "\t'%s' val=%d\n", dc_str(btf, e->name_off), e->val);
		break;
	case BTF_KIND_ENUM64:
		fprintf(f, " size=%u vlen=%d kflag=%d\n", t->size, n, btf_kflag(t));
		e64 = btf_enum64(t);
		for (i = 0; i < n; i++, e64++)
			fprintf(f, "\t'%s' val=%llu\n", dc_str(btf, e64->name_off),
			       (unsigned long long)btf_enum64_value(e64));
		break;
	case BTF_KIND_FWD:
		fprintf(f, " fwd_kind=%s\n", btf_kflag(t) ? "union" : "struct");
		break;
	case BTF_KIND_FUNC:
		fprintf(f, " type_id=%u linkage=%d\n", t->type, n);
		break;
	case BTF_KIND_FUNC_PROTO:
		fprintf(f, " ret_type_id=%u vlen=%d\n", t->type, n);
		p = btf_params(t);
		for (i = 0; i < n; i++, p++)
			fprintf(f, "\t'%s' type_id=%u\n", dc_str(btf, p->name_off), p->type);
		break;
	case BTF_KIND_VAR:
		fprintf(f, " type_id=%u linkage=%u\n", t->type, btf_var(t)->linkage);
		break;
	case BTF_KIND_DATASEC:
		fprintf(f, " size=%u vlen=%d\n", t->size, n);
		vi = btf_var_secinfos(t);
		for (i = 0; i < n; i++, vi++)
			fprintf(f, "\ttype_id=%u offset=%u size=%u\n", vi->type,
			       vi->offset, vi->size);
		break;
	case BTF_KIND_FLOAT:
		fprintf(f, " size=%u\n", t->size);
		break;
	case BTF_KIND_DECL_TAG:
		fprintf(f, " type_id=%u component_idx=%d\n", t->type,
		       *(const int *)(t + 1));
		break;
	default:
		fprintf(f, " info=0x%x\n", t->info);
		break;
	}
}

/* the id the next type added to btf will get */
static inline int dc_next(const struct btf *btf)
{
	return btf__type_cnt(btf);
}

/*
 * One compilation unit of a tree library: struct tree points to struct
 * node, which is complete only if node_full, and to itself; struct node
 * points back to struct tree. extra adds a function of its own.
 */
static inline void dc_tree_cu(struct btf *btf, bool node_full, const char *func)
{
	int int_id, char_id, u32_id, lh, p_lh, tree, p_tree, node, p_node;
	int arr, color, anon, fp, p_void;

	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	char_id = btf__add_int(btf, "char", 1, BTF_INT_CHAR);
	u32_id = btf__add_typedef(btf, "u32", int_id);

	/* struct list_head { struct list_head *next, *prev; } */
	p_lh = btf__add_ptr(btf, dc_next(btf) + 1);
	lh = btf__add_struct(btf, "list_head", 16);
	btf__add_field(btf, "next", p_lh, 0, 0);
	btf__add_field(btf, "prev", p_lh, 64, 0);

	color = btf__add_enum(btf, "color", 4);
	btf__add_enum_value(btf, "RED", 0);
	btf__add_enum_value(btf, "GREEN", 1);

	/* union { int a; u32 b; } */
	anon = btf__add_union(btf, NULL, 4);
	btf__add_field(btf, "a", int_id, 0, 0);
	btf__add_field(btf, "b", u32_id, 0, 0);

	arr = btf__add_array(btf, int_id, char_id, 16);

	if (node_full) {
		/* the node struct comes after the pointers to it */
		p_node = btf__add_ptr(btf, dc_next(btf) + 2);
		p_tree = btf__add_ptr(btf, dc_next(btf) + 2);
		node = btf__add_struct(btf, "node", 24);
		btf__add_field(btf, "id", u32_id, 0, 0);
		btf__add_field(btf, "left", p_node, 64, 0);
		btf__add_field(btf, "owner", p_tree, 128, 0);
	} else {
		node = btf__add_fwd(btf, "node", BTF_FWD_STRUCT);
		p_node = btf__add_ptr(btf, node);
		p_tree = btf__add_ptr(btf, dc_next(btf) + 1);
	}
	(void)node;
	tree = btf__add_struct(btf, "tree", 64);
	btf__add_field(btf, "root", p_node, 0, 0);
	btf__add_field(btf, "parent", p_tree, 64, 0);
	btf__add_field(btf, "all", lh, 128, 0);
	btf__add_field(btf, "name", arr, 256, 0);
	btf__add_field(btf, "color", color, 384, 0);
	btf__add_field(btf, "u", anon, 416, 0);
	btf__add_field(btf, "flags", u32_id, 448, 3);
	(void)tree;

	/* int func(struct node *n, void *ctx) */
	p_void = btf__add_ptr(btf, 0);
	fp = btf__add_func_proto(btf, int_id);
	btf__add_func_param(btf, "n", p_node);
	btf__add_func_param(btf, "ctx", p_void);
	btf__add_func(btf, func, BTF_FUNC_GLOBAL, fp);
}

/* two units, the first with struct node only declared */
static inline struct btf *dc_two_cus(struct btf *base)
{
	struct btf *btf = btf__new_empty();

	(void)base;
	dc_tree_cu(btf, false, "tree_walk");
	dc_tree_cu(btf, true, "tree_add");
	return btf;
}

/* the same, the complete struct node first, and a third unit */
static inline struct btf *dc_three_cus(struct btf *base)
{
	struct btf *btf = btf__new_empty();

	(void)base;
	dc_tree_cu(btf, true, "tree_add");
	dc_tree_cu(btf, false, "tree_walk");
	dc_tree_cu(btf, false, "tree_free");
	return btf;
}

/* enum forward declarations, enum64, and enums of the same name */
static inline struct btf *dc_enums(struct btf *base)
{
	struct btf *btf = btf__new_empty();
	int int_id, e;

	(void)base;
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	/* declared first, complete later: the declaration goes */
	btf__add_fwd(btf, "early", BTF_FWD_ENUM);
	e = btf__add_enum(btf, "early", 4);
	btf__add_enum_value(btf, "E1", 1);
	/* complete first, declared later */
	e = btf__add_enum(btf, "late", 4);
	btf__add_enum_value(btf, "L1", 1);
	btf__add_enum_value(btf, "L2", 2);
	btf__add_fwd(btf, "late", BTF_FWD_ENUM);
	/* the same values twice */
	e = btf__add_enum(btf, "late", 4);
	btf__add_enum_value(btf, "L1", 1);
	btf__add_enum_value(btf, "L2", 2);
	/* the same name, other values: a different enum */
	e = btf__add_enum(btf, "late", 4);
	btf__add_enum_value(btf, "L1", 10);
	/* enum64 of the same name and values: another kind */
	e = btf__add_enum64(btf, "late", 8, false);
	btf__add_enum64_value(btf, "L1", 1);
	btf__add_enum64_value(btf, "L2", 2);
	e = btf__add_enum64(btf, "wide", 8, true);
	btf__add_enum64_value(btf, "W1", 0xffffffff00000000ULL);
	e = btf__add_enum64(btf, "wide", 8, true);
	btf__add_enum64_value(btf, "W1", 0xffffffff00000000ULL);
	/* a signed enum and a declaration of it (unsigned): kept apart */
	e = btf__add_enum(btf, "neg", 4);
	btf__add_enum_value(btf, "N1", -5);
	btf__add_fwd(btf, "neg", BTF_FWD_ENUM);
	/* a declaration of one kind and size, a full enum of the other */
	btf__add_enum(btf, "k8", 8);
	e = btf__add_enum64(btf, "k8", 8, false);
	btf__add_enum64_value(btf, "K8", 1);
	btf__add_enum64(btf, "k9", 4, false);
	e = btf__add_enum(btf, "k9", 4);
	btf__add_enum_value(btf, "K9", 1);
	/* a 4-byte declaration of an 8-byte enum64: the name decides */
	btf__add_fwd(btf, "sz", BTF_FWD_ENUM);
	e = btf__add_enum64(btf, "sz", 8, false);
	btf__add_enum64_value(btf, "S", 1ULL << 40);
	/* anonymous enums are equal by their values */
	e = btf__add_enum(btf, NULL, 4);
	btf__add_enum_value(btf, "A", -1);
	e = btf__add_enum(btf, NULL, 4);
	btf__add_enum_value(btf, "A", -1);
	/* a struct with an enum member, once with the declaration */
	btf__add_struct(btf, "holder", 4);
	btf__add_field(btf, "e", 2, 0, 0);
	btf__add_struct(btf, "holder", 4);
	btf__add_field(btf, "e", 3, 0, 0);
	(void)e;
	(void)int_id;
	return btf;
}

/*
 * Forward declarations: of the matching kind and of the other kind, one
 * a struct walk resolves, lone ones with one or two candidates.
 */
static inline struct btf *dc_fwds(struct btf *base)
{
	struct btf *btf = btf__new_empty();
	int int_id, fwd, fp;

	(void)base;
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	/* struct u as a struct, a union FWD of the same name stays */
	btf__add_struct(btf, "u", 4);
	btf__add_field(btf, "x", int_id, 0, 0);
	fwd = btf__add_fwd(btf, "u", BTF_FWD_UNION);
	btf__add_ptr(btf, fwd);
	/* one struct bar, a lone FWD of it resolves */
	btf__add_struct(btf, "bar", 4);
	btf__add_field(btf, "y", int_id, 0, 0);
	fwd = btf__add_fwd(btf, "bar", BTF_FWD_STRUCT);
	fp = btf__add_func_proto(btf, int_id);
	btf__add_func_param(btf, "b", dc_next(btf));
	btf__add_ptr(btf, fwd);
	btf__add_func(btf, "use_bar", BTF_FUNC_GLOBAL, fp);
	/* two different struct foo: a lone FWD foo stays */
	btf__add_struct(btf, "foo", 4);
	btf__add_field(btf, "a", int_id, 0, 0);
	btf__add_struct(btf, "foo", 8);
	btf__add_field(btf, "a", int_id, 0, 0);
	btf__add_field(btf, "b", int_id, 32, 0);
	fwd = btf__add_fwd(btf, "foo", BTF_FWD_STRUCT);
	btf__add_ptr(btf, fwd);
	/* a union FWD and one union: resolves */
	btf__add_union(btf, "un", 4);
	btf__add_field(btf, "i", int_id, 0, 0);
	fwd = btf__add_fwd(btf, "un", BTF_FWD_UNION);
	btf__add_ptr(btf, fwd);
	/* a FWD nothing completes */
	fwd = btf__add_fwd(btf, "opaque", BTF_FWD_STRUCT);
	btf__add_ptr(btf, fwd);
	btf__add_fwd(btf, "opaque", BTF_FWD_STRUCT);
	return btf;
}

/*
 * Mutually recursive structs in two units with the types in different
 * orders, typedef chains, modifiers, tags, arrays of arrays, functions
 * whose prototypes differ only in parameter names, VAR and DATASEC.
 */
static inline void dc_misc_cu(struct btf *btf, bool reversed)
{
	int int_id, a, b, pa, pb, td1, td2, cst, vol, rst, tag, arr, arr2;
	int fp, v, first;

	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	first = dc_next(btf);
	/* struct a { struct b *b; }; struct b { struct a *a; int n; } */
	if (!reversed) {
		a = first;
		b = first + 1;
		pa = first + 2;
		pb = first + 3;
		btf__add_struct(btf, "a", 8);
		btf__add_field(btf, "b", pb, 0, 0);
		btf__add_struct(btf, "b", 16);
		btf__add_field(btf, "a", pa, 0, 0);
		btf__add_field(btf, "n", int_id, 64, 0);
		btf__add_ptr(btf, a);
		btf__add_ptr(btf, b);
	} else {
		pb = first;
		pa = first + 1;
		b = first + 2;
		a = first + 3;
		btf__add_ptr(btf, b);
		btf__add_ptr(btf, a);
		btf__add_struct(btf, "b", 16);
		btf__add_field(btf, "a", pa, 0, 0);
		btf__add_field(btf, "n", int_id, 64, 0);
		btf__add_struct(btf, "a", 8);
		btf__add_field(btf, "b", pb, 0, 0);
	}
	td1 = btf__add_typedef(btf, "s32", int_id);
	td2 = btf__add_typedef(btf, "int_t", td1);
	cst = btf__add_const(btf, td2);
	vol = btf__add_volatile(btf, cst);
	rst = btf__add_restrict(btf, btf__add_ptr(btf, vol));
	tag = btf__add_type_tag(btf, "user", int_id);
	arr = btf__add_array(btf, int_id, tag, 4);
	arr2 = btf__add_array(btf, int_id, arr, 3);
	btf__add_struct(btf, "m", 56);
	btf__add_field(btf, "r", rst, 0, 0);
	btf__add_field(btf, "grid", arr2, 64, 0);
	btf__add_decl_tag(btf, "m_tag", dc_next(btf) - 1, 1);
	fp = btf__add_func_proto(btf, int_id);
	btf__add_func_param(btf, reversed ? "y" : "x", a);
	btf__add_func(btf, "f", BTF_FUNC_STATIC, fp);
	btf__add_decl_tag(btf, "f_tag", dc_next(btf) - 1, -1);
	/* struct arrs { int x[2]; int y[2]; }: one array type for both
	 * members, or (later, after the struct) two identical ones */
	first = dc_next(btf);
	btf__add_struct(btf, "arrs", 16);
	btf__add_field(btf, "x", first + 1, 0, 0);
	btf__add_field(btf, "y", first + 1 + reversed, 64, 0);
	btf__add_array(btf, int_id, int_id, 2);
	if (reversed)
		btf__add_array(btf, int_id, int_id, 2);
	v = btf__add_var(btf, "counter", BTF_VAR_GLOBAL_ALLOCATED, int_id);
	btf__add_datasec(btf, ".data", 4);
	btf__add_datasec_var_info(btf, v, 0, 4);
	(void)b;
}

static inline struct btf *dc_misc(struct btf *base)
{
	struct btf *btf = btf__new_empty();

	(void)base;
	dc_misc_cu(btf, false);
	dc_misc_cu(btf, true);
	return btf;
}

/* strings: unreferenced ones go, each referenced one stays once */
static inline struct btf *dc_strings(struct btf *base)
{
	struct btf *btf = btf__new_empty();
	int int_id;

	(void)base;
	btf__add_str(btf, "unused");
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	btf__add_str(btf, "also unused");
	btf__add_struct(btf, "s", 4);
	btf__add_field(btf, "int", int_id, 0, 0);
	btf__add_typedef(btf, "s", dc_next(btf) - 1);
	return btf;
}

/* a base for the split cases: what a vmlinux would have */
static inline struct btf *dc_base(void)
{
	struct btf *btf = btf__new_empty();
	int int_id, s, fwd, pf;

	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	s = dc_next(btf);
	btf__add_struct(btf, "s", 16);
	btf__add_field(btf, "x", int_id, 0, 0);
	btf__add_field(btf, "next", s + 1, 64, 0);
	btf__add_ptr(btf, s);
	/* declared in the base, completed by the split BTF */
	fwd = btf__add_fwd(btf, "f", BTF_FWD_STRUCT);
	pf = btf__add_ptr(btf, fwd);
	btf__add_struct(btf, "uses_f", 8);
	btf__add_field(btf, "p", pf, 0, 0);
	btf__add_enum(btf, "be", 4);
	btf__add_enum_value(btf, "BE1", 1);
	/* declared here; the split BTF completes it with no walk through */
	btf__add_fwd(btf, "g", BTF_FWD_STRUCT);
	/* union { struct { int a, b; }; struct { int a, b; } addrs; } as
	 * deduplicated kernel BTF has it: one struct for both members */
	s = btf__add_struct(btf, NULL, 8);
	btf__add_field(btf, "a", int_id, 0, 0);
	btf__add_field(btf, "b", int_id, 32, 0);
	btf__add_union(btf, "grp", 8);
	btf__add_field(btf, NULL, s, 0, 0);
	btf__add_field(btf, "addrs", s, 0, 0);
	return btf;
}

/*
 * Split BTF on dc_base(): duplicates of base types (they go), new types
 * referencing base ones, and the struct the base only declares.
 */
static inline struct btf *dc_split(struct btf *base)
{
	struct btf *btf = btf__new_empty_split(base);
	int int_id, s, f, pf;

	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	s = dc_next(btf);
	btf__add_struct(btf, "s", 16);
	btf__add_field(btf, "x", int_id, 0, 0);
	btf__add_field(btf, "next", s + 1, 64, 0);
	btf__add_ptr(btf, s);
	f = btf__add_struct(btf, "f", 4);
	btf__add_field(btf, "n", int_id, 0, 0);
	pf = btf__add_ptr(btf, f);
	btf__add_struct(btf, "uses_f", 8);
	btf__add_field(btf, "p", pf, 0, 0);
	/* new: references a base type and a new one */
	btf__add_struct(btf, "mod", 16);
	btf__add_field(btf, "s", s + 1, 0, 0);
	btf__add_field(btf, "f", pf, 64, 0);
	/* a pointer to the base's FWD f */
	btf__add_ptr(btf, 4);
	btf__add_fwd(btf, "be", BTF_FWD_ENUM);
	btf__add_str(btf, "unused in split");
	/* own FWDs of a base struct and of an own one: both resolve, and
	 * the pointers to them merge with the base's and the own one */
	btf__add_ptr(btf, btf__add_fwd(btf, "s", BTF_FWD_STRUCT));
	btf__add_ptr(btf, btf__add_fwd(btf, "f", BTF_FWD_STRUCT));
	/* struct g, and a pointer to the base's FWD of it */
	btf__add_struct(btf, "g", 4);
	btf__add_field(btf, "n", int_id, 0, 0);
	btf__add_ptr(btf, btf__find_by_name_kind(base, "g", BTF_KIND_FWD));
	/* the same union as a compiler writes it: two identical structs,
	 * after the union so that the walk from it meets both */
	s = dc_next(btf);
	btf__add_union(btf, "grp", 8);
	btf__add_field(btf, NULL, s + 1, 0, 0);
	btf__add_field(btf, "addrs", s + 2, 0, 0);
	btf__add_struct(btf, NULL, 8);
	btf__add_field(btf, "a", int_id, 0, 0);
	btf__add_field(btf, "b", int_id, 32, 0);
	btf__add_struct(btf, NULL, 8);
	btf__add_field(btf, "a", int_id, 0, 0);
	btf__add_field(btf, "b", int_id, 32, 0);
	return btf;
}

/* ---- random units --------------------------------------------------------
 * A random set of types ("the program"), emitted once per compilation
 * unit in a shuffled order, where each unit may only declare (FWD) some of
 * the structs and unions and may leave enums without values. Names come
 * from a small pool so that unrelated types share names, as in real code.
 * Differences between two dedup implementations show up here first.
 */
struct dc_rand_type {
	int kind;		/* BTF_KIND_* */
	int name;		/* index in dc_rand_names, -1 anonymous */
	int nmem;
	int ref[4];		/* indices of referenced types */
	int mname[4];
	int val;		/* size, nelems or enum value */
};

static const char *const dc_rand_names[] = { "a", "b", "c", "d", "e", "f" };

static inline unsigned int dc_rand(unsigned long long *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 7;
	*st ^= *st << 17;
	return *st >> 11;
}

static inline const char *dc_rand_name(const struct dc_rand_type *x)
{
	return x->name < 0 ? NULL : dc_rand_names[x->name];
}

/* emit one unit of types u[0..n) in a random order; ids[] gets their ids */
static inline void dc_rand_unit(struct btf *btf, const struct dc_rand_type *u, int n,
				unsigned long long *st, int *ids)
{
	int order[32], i, j, k, t, first = dc_next(btf), v;
	const struct dc_rand_type *x;
	bool decl, full[32] = {};

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0 && dc_rand(st) % 2; i--) {
		k = dc_rand(st) % (i + 1);
		t = order[i];
		order[i] = order[k];
		order[k] = t;
	}
	for (i = 0; i < n; i++)
		ids[order[i]] = first + i;
	for (i = 0; i < n; i++) {
		x = &u[order[i]];
		decl = dc_rand(st) % 4 == 0;
		switch (x->kind) {
		case BTF_KIND_INT:
			btf__add_int(btf, dc_rand_name(x) ?: "int", 4, x->val % 2);
			break;
		case BTF_KIND_FLOAT:
			btf__add_float(btf, dc_rand_name(x) ?: "float", 8);
			break;
		case BTF_KIND_PTR:
			btf__add_ptr(btf, ids[x->ref[0]]);
			break;
		case BTF_KIND_CONST:
			btf__add_const(btf, ids[x->ref[0]]);
			break;
		case BTF_KIND_VOLATILE:
			btf__add_volatile(btf, ids[x->ref[0]]);
			break;
		case BTF_KIND_TYPEDEF:
			btf__add_typedef(btf, dc_rand_name(x) ?: "t", ids[x->ref[0]]);
			break;
		case BTF_KIND_TYPE_TAG:
			btf__add_type_tag(btf, "tag", ids[x->ref[0]]);
			break;
		case BTF_KIND_ARRAY:
			btf__add_array(btf, ids[0], ids[x->ref[0]], x->val);
			break;
		case BTF_KIND_ENUM:
			btf__add_enum(btf, dc_rand_name(x), 4);
			if (!decl || x->name < 0)
				btf__add_enum_value(btf, "V", x->val);
			break;
		case BTF_KIND_ENUM64:
			btf__add_enum64(btf, dc_rand_name(x), 8, false);
			btf__add_enum64_value(btf, "W", (__u64)x->val << 32);
			break;
		case BTF_KIND_FUNC_PROTO:
			btf__add_func_proto(btf, ids[x->ref[0]]);
			for (j = 1; j < x->nmem; j++)
				btf__add_func_param(btf, dc_rand_names[x->mname[j]],
						    ids[x->ref[j]]);
			break;
		case BTF_KIND_FUNC:
			btf__add_func(btf, dc_rand_name(x) ?: "fn", BTF_FUNC_GLOBAL,
				      ids[x->ref[0]]);
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			if (decl && x->name >= 0) {
				btf__add_fwd(btf, dc_rand_name(x), x->kind == BTF_KIND_UNION ?
					     BTF_FWD_UNION : BTF_FWD_STRUCT);
				break;
			}
			full[order[i]] = true;
			if (x->kind == BTF_KIND_STRUCT)
				btf__add_struct(btf, dc_rand_name(x), 4 * x->nmem);
			else
				btf__add_union(btf, dc_rand_name(x), 4);
			for (j = 0; j < x->nmem; j++)
				btf__add_field(btf, dc_rand_names[x->mname[j]], ids[x->ref[j]],
					       x->kind == BTF_KIND_STRUCT ? 32 * j : 0, 0);
			break;
		}
	}
	/* tags on some structs, unions and their members; a variable */
	for (i = 0; i < n; i++) {
		if (full[i] && dc_rand(st) % 2)
			btf__add_decl_tag(btf, dc_rand(st) % 2 ? "x" : "y", ids[i],
					  (int)(dc_rand(st) % (u[i].nmem + 1)) - 1);
	}
	v = btf__add_var(btf, "v", BTF_VAR_GLOBAL_ALLOCATED, ids[dc_rand(st) % n]);
	btf__add_datasec(btf, ".data", 8);
	btf__add_datasec_var_info(btf, v, 0, 8);
}

/*
 * Random units of one random program, from seed (every unit also tags
 * some of its structs and has a variable). With base, the first
 * unit goes into base (deduplicated, as a real base is) and the others
 * into split BTF on it, some of whose types reference base types.
 */
static inline struct btf *dc_random(unsigned int seed, struct btf **base)
{
	static const int kinds[] = {
		BTF_KIND_PTR, BTF_KIND_PTR, BTF_KIND_STRUCT, BTF_KIND_STRUCT,
		BTF_KIND_UNION, BTF_KIND_TYPEDEF, BTF_KIND_CONST, BTF_KIND_VOLATILE,
		BTF_KIND_ARRAY, BTF_KIND_ENUM, BTF_KIND_ENUM, BTF_KIND_ENUM64,
		BTF_KIND_FUNC_PROTO, BTF_KIND_FUNC, BTF_KIND_TYPE_TAG, BTF_KIND_FLOAT,
		BTF_KIND_INT,
	};
	unsigned long long st = seed * 0x9e3779b97f4a7c15ULL + 1;
	struct dc_rand_type u[32];
	int n, units, i, j, ids[32], base_ids[32];
	struct btf *btf;

	n = 4 + dc_rand(&st) % 24;
	units = 2 + dc_rand(&st) % 3;
	for (i = 0; i < n; i++) {
		struct dc_rand_type *x = &u[i];

		x->kind = i == 0 ? BTF_KIND_INT : kinds[dc_rand(&st) % (sizeof(kinds) / sizeof(kinds[0]))];
		x->name = (int)(dc_rand(&st) % 7) - 1;
		x->nmem = 1 + dc_rand(&st) % 3;
		x->val = 1 + dc_rand(&st) % 3;
		for (j = 0; j < 4; j++) {
			x->mname[j] = dc_rand(&st) % 6;
			/* only structs and unions close loops */
			x->ref[j] = x->kind == BTF_KIND_STRUCT || x->kind == BTF_KIND_UNION ?
				    (int)(dc_rand(&st) % n) : i ? (int)(dc_rand(&st) % i) : 0;
		}
		/* a FUNC needs a FUNC_PROTO: the nearest one before, or int */
		if (x->kind == BTF_KIND_FUNC) {
			for (j = i - 1; j > 0 && u[j].kind != BTF_KIND_FUNC_PROTO; j--)
				;
			if (j <= 0)
				x->kind = BTF_KIND_INT;
			else
				x->ref[0] = j;
		}
	}
	btf = btf__new_empty();
	if (!btf)
		return NULL;
	if (base) {
		dc_rand_unit(btf, u, n, &st, base_ids);
		if (btf__dedup(btf, NULL)) {
			btf__free(btf);
			return NULL;
		}
		*base = btf;
		btf = btf__new_empty_split(*base);
		units--;
	}
	for (i = 0; i < units && btf; i++) {
		dc_rand_unit(btf, u, n, &st, ids);
		/* a pointer to every fourth base type */
		for (j = 0; base && j < n; j += 4)
			btf__add_ptr(btf, base_ids[j] < (int)btf__type_cnt(*base) ? base_ids[j] : 0);
	}
	return btf;
}

struct dedup_case {
	const char *name;
	struct btf *(*build)(struct btf *base);
	bool split;		/* build on dc_base() */
};

static const struct dedup_case dedup_cases[] = {
	{ "two_cus", dc_two_cus },
	{ "three_cus", dc_three_cus },
	{ "enums", dc_enums },
	{ "fwds", dc_fwds },
	{ "misc", dc_misc },
	{ "strings", dc_strings },
	{ "split", dc_split, true },
};

static inline const struct dedup_case *dedup_case_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dedup_cases) / sizeof(dedup_cases[0]); i++)
		if (!strcmp(dedup_cases[i].name, name))
			return &dedup_cases[i];
	return NULL;
}

#endif /* __BTF_DEDUP_CASES_H */
