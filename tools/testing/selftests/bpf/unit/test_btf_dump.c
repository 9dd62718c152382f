// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf_dump: C declarations, declarators and values of BTF built with
 * btf__add_*(), checked as exact text. The expected text is what
 * Debian's libbpf 1.1 prints for the same BTF, except where this library
 * writes "(void)" for a prototype without parameters (libbpf 1.1: "()").
 * Malformed input (bad ids, loops without pointers) must fail cleanly.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include "unit.h"

#define ASSERT_GT(a, b, what) ASSERT_LT(b, a, what)

struct out {
	char *buf;
	size_t len;
};

static void out_printf(void *ctx, const char *fmt, va_list args)
{
	struct out *o = ctx;
	char *s;
	int n = vasprintf(&s, fmt, args);

	if (n < 0)
		return;
	o->buf = realloc(o->buf, o->len + n + 1);
	memcpy(o->buf + o->len, s, n + 1);
	o->len += n;
	free(s);
}

static const char *out_take(struct out *o)
{
	static char *last;

	free(last);
	last = o->buf ? o->buf : strdup("");
	o->buf = NULL;
	o->len = 0;
	return last;
}

/* one of each construct; ids in the comments */
static struct btf *build_btf(void)
{
	struct btf *b = btf__new_empty();
	int i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);		/* 1 */
	int u32 = btf__add_int(b, "unsigned int", 4, 0);		/* 2 */
	int ch = btf__add_int(b, "char", 1, BTF_INT_SIGNED);		/* 3 */
	int u64 = btf__add_int(b, "long unsigned int", 8, 0);		/* 4 */
	int u8 = btf__add_int(b, "unsigned char", 1, 0);		/* 5 */
	int u16 = btf__add_int(b, "short unsigned int", 2, 0);		/* 6 */
	int fl = btf__add_float(b, "double", 8);			/* 7 */
	int s_a, s_b, pa, pb, td, td2, td3, cc, pcc, fp, pfp, arr, anon, anon_e, pk, bf, pad, tail, e64;

	/* a cycle through pointers: struct a { struct b *b; }, struct b { struct a a; } */
	pb = btf__add_ptr(b, 10);					/* 8 */
	s_a = btf__add_struct(b, "a", 8);				/* 9 */
	btf__add_field(b, "b", pb, 0, 0);
	s_b = btf__add_struct(b, "b", 16);				/* 10 */
	btf__add_field(b, "a", s_a, 0, 0);
	btf__add_field(b, "self", 11, 64, 0);
	pa = btf__add_ptr(b, s_b);					/* 11 */
	/* typedef chains */
	td = btf__add_typedef(b, "u32_t", u32);				/* 12 */
	td2 = btf__add_typedef(b, "my_u32", td);			/* 13 */
	cc = btf__add_const(b, ch);					/* 14 */
	pcc = btf__add_ptr(b, cc);					/* 15 */
	/* int (*)(const char *, ...) and an array of 4 of them */
	fp = btf__add_func_proto(b, i32);				/* 16 */
	btf__add_func_param(b, NULL, pcc);
	btf__add_func_param(b, NULL, 0);
	pfp = btf__add_ptr(b, fp);					/* 17 */
	arr = btf__add_array(b, u32, pfp, 4);				/* 18 */
	td3 = btf__add_typedef(b, "handler_t", pfp);			/* 19 */
	/* anonymous struct and enum inline */
	anon = btf__add_struct(b, NULL, 8);				/* 20 */
	btf__add_field(b, "x", i32, 0, 0);
	btf__add_field(b, "y", td2, 32, 0);
	anon_e = btf__add_enum(b, NULL, 4);				/* 21 */
	btf__add_enum_value(b, "ANON_A", 0);
	btf__add_enum_value(b, "ANON_B", -1);
	/* packed: a u32 at byte 1 */
	pk = btf__add_struct(b, "packed", 5);				/* 22 */
	btf__add_field(b, "c", ch, 0, 0);
	btf__add_field(b, "v", u32, 8, 0);
	/* bitfields with gaps */
	bf = btf__add_struct(b, "bits", 8);				/* 23 */
	btf__add_field(b, "f1", u64, 0, 16);
	btf__add_field(b, "f2", u64, 19, 1);
	btf__add_field(b, "f3", u64, 32, 8);
	btf__add_field(b, "f4", u64, 48, 4);
	/* padding a naturally aligned layout cannot explain */
	pad = btf__add_struct(b, "padded", 128);			/* 24 */
	btf__add_field(b, "first", i32, 0, 0);
	btf__add_field(b, "aligned", u64, 512, 0);
	btf__add_field(b, "small", u8, 584, 0);
	tail = btf__add_struct(b, "user", 72);				/* 25 */
	btf__add_field(b, "a", s_a, 0, 0);
	btf__add_field(b, "arr", arr, 64, 0);
	btf__add_field(b, "h", td3, 320, 0);
	btf__add_field(b, NULL, anon, 384, 0);
	btf__add_field(b, "e", anon_e, 448, 0);
	btf__add_field(b, "d", fl, 512, 0);
	e64 = btf__add_enum64(b, "big", 8, false);			/* 26 */
	btf__add_enum64_value(b, "BIG_ONE", 1);
	btf__add_enum64_value(b, "BIG_MAX", 0xffffffffffffffffULL);
	btf__add_enum64(b, "sbig", 8, true);				/* 27 */
	btf__add_enum64_value(b, "SBIG_NEG", (__u64)-2);
	/* the same names twice */
	btf__add_struct(b, "a", 4);					/* 28 */
	btf__add_field(b, "z", i32, 0, 0);
	btf__add_typedef(b, "u32_t", u16);				/* 29 */
	btf__add_enum(b, "dupe", 4);					/* 30 */
	btf__add_enum_value(b, "ANON_A", 3);
	/* volatile, restrict and a type tag */
	btf__add_volatile(b, i32);					/* 31 */
	btf__add_ptr(b, 31);						/* 32 */
	btf__add_restrict(b, 32);					/* 33 */
	btf__add_type_tag(b, "user", 5);				/* 34 */
	btf__add_ptr(b, 34);						/* 35 */
	btf__add_struct(b, "quals", 16);				/* 36 */
	btf__add_field(b, "r", 33, 0, 0);
	btf__add_field(b, "t", 35, 64, 0);
	btf__add_union(b, "un", 8);					/* 37 */
	btf__add_field(b, "l", u64, 0, 0);
	btf__add_field(b, "s", u16, 0, 0);
	btf__add_fwd(b, "opaque", BTF_FWD_STRUCT);			/* 38 */
	btf__add_ptr(b, 38);						/* 39 */
	btf__add_typedef(b, "opaque_t", 38);				/* 40 */
	(void)e64; (void)pa; (void)tail; (void)pk; (void)bf; (void)pad;
	return b;
}

static const char expect_all[] =
	"struct b;\n"
	"\n"
	"struct a {\n"
	"\tstruct b *b;\n"
	"};\n"
	"\n"
	"struct b {\n"
	"\tstruct a a;\n"
	"\tstruct b *self;\n"
	"};\n"
	"\n"
	"typedef unsigned int u32_t;\n"
	"\n"
	"typedef u32_t my_u32;\n"
	"\n"
	"typedef int (*handler_t)(const char *, ...);\n"
	"\n"
	"struct packed {\n"
	"\tchar c;\n"
	"\tunsigned int v;\n"
	"} __attribute__((packed));\n"
	"\n"
	"struct bits {\n"
	"\tlong unsigned int f1: 16;\n"
	"\tchar: 3;\n"
	"\tlong unsigned int f2: 1;\n"
	"\tint: 12;\n"
	"\tlong unsigned int f3: 8;\n"
	"\tshort: 8;\n"
	"\tlong unsigned int f4: 4;\n"
	"};\n"
	"\n"
	"struct padded {\n"
	"\tint first;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong unsigned int aligned;\n"
	"\tchar: 8;\n"
	"\tunsigned char small;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"\tlong: 64;\n"
	"};\n"
	"\n"
	"struct user {\n"
	"\tstruct a a;\n"
	"\tint (*arr[4])(const char *, ...);\n"
	"\thandler_t h;\n"
	"\tstruct {\n"
	"\t\tint x;\n"
	"\t\tmy_u32 y;\n"
	"\t};\n"
	"\tenum {\n"
	"\t\tANON_A = 0,\n"
	"\t\tANON_B = -1,\n"
	"\t} e;\n"
	"\tdouble d;\n"
	"};\n"
	"\n"
	"enum big {\n"
	"\tBIG_ONE = 1ULL,\n"
	"\tBIG_MAX = 18446744073709551615ULL,\n"
	"};\n"
	"\n"
	"enum sbig {\n"
	"\tSBIG_NEG = -2LL,\n"
	"};\n"
	"\n"
	"struct a___2 {\n"
	"\tint z;\n"
	"};\n"
	"\n"
	"typedef short unsigned int u32_t___2;\n"
	"\n"
	"enum dupe {\n"
	"\tANON_A___2 = 3,\n"
	"};\n"
	"\n"
	"struct quals {\n"
	"\tvolatile int * restrict r;\n"
	"\tunsigned char __attribute__((btf_type_tag(\"user\"))) *t;\n"
	"};\n"
	"\n"
	"union un {\n"
	"\tlong unsigned int l;\n"
	"\tshort unsigned int s;\n"
	"};\n"
	"\n"
	"struct opaque;\n"
	"\n"
	"typedef struct opaque opaque_t;\n"
	"\n";

/* every type in id order: dependencies first, each once */
UNIT_TEST(btf_dump_c_all)
{
	struct btf *b = build_btf();
	struct out o = {};
	struct btf_dump *d;
	__u32 id;

	ASSERT_EQ(btf__type_cnt(b), 41, "types built");
	d = btf_dump__new(b, out_printf, &o, NULL);
	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		goto out;
	for (id = 1; id < btf__type_cnt(b); id++)
		ASSERT_OK(btf_dump__dump_type(d, id), "dump_type");
	ASSERT_STREQ(out_take(&o), expect_all, "whole dump");
	/* nothing is written twice */
	ASSERT_OK(btf_dump__dump_type(d, 25), "dump_type again");
	ASSERT_STREQ(out_take(&o), "", "second dump");
out:
	btf_dump__free(d);
	btf__free(b);
}

static const char expect_user[] =
	"struct b;\n"
	"\n"
	"struct a {\n"
	"\tstruct b *b;\n"
	"};\n"
	"\n"
	"typedef int (*handler_t)(const char *, ...);\n"
	"\n"
	"typedef unsigned int u32_t;\n"
	"\n"
	"typedef u32_t my_u32;\n"
	"\n"
	"struct user {\n"
	"\tstruct a a;\n"
	"\tint (*arr[4])(const char *, ...);\n"
	"\thandler_t h;\n"
	"\tstruct {\n"
	"\t\tint x;\n"
	"\t\tmy_u32 y;\n"
	"\t};\n"
	"\tenum {\n"
	"\t\tANON_A = 0,\n"
	"\t\tANON_B = -1,\n"
	"\t} e;\n"
	"\tdouble d;\n"
	"};\n"
	"\n";

static const char expect_b[] =
	"struct b {\n"
	"\tstruct a a;\n"
	"\tstruct b *self;\n"
	"};\n"
	"\n";

/* one type: what it needs comes first; later calls add only what is new */
UNIT_TEST(btf_dump_c_deps)
{
	struct btf *b = build_btf();
	struct out o = {};
	struct btf_dump *d = btf_dump__new(b, out_printf, &o, NULL);

	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		goto out;
	ASSERT_OK(btf_dump__dump_type(d, 25), "dump struct user");
	ASSERT_STREQ(out_take(&o), expect_user, "struct user and its dependencies");
	ASSERT_OK(btf_dump__dump_type(d, 25), "dump struct user again");
	ASSERT_OK(btf_dump__dump_type(d, 10), "dump struct b");
	ASSERT_STREQ(out_take(&o), expect_b, "only struct b is new");
	ASSERT_OK(btf_dump__dump_type(d, 40), "dump opaque_t");
	ASSERT_STREQ(out_take(&o), "struct opaque;\n\ntypedef struct opaque opaque_t;\n\n",
		     "typedef of a forward declaration");
out:
	btf_dump__free(d);
	btf__free(b);
}

static const struct {
	__u32 id;
	const char *plain;	/* field_name "x" */
	const char *strip;	/* no name, strip_mods, indent_level 1 */
} decls[] = {
	{ 18, "int (*x[4])(const char *, ...)", "int (*[4])(char *, ...)" },
	{ 15, "const char *x", "char *" },
	{ 33, "volatile int * restrict x", "int *" },
	{ 35, "unsigned char __attribute__((btf_type_tag(\"user\"))) *x", "unsigned char *" },
	{ 19, "handler_t x", "handler_t" },
	{ 20, "struct {\n\tint x;\n\tmy_u32 y;\n} x", "struct {\n\t\tint x;\n\t\tmy_u32 y;\n\t}" },
	{ 17, "int (*x)(const char *, ...)", "int (*)(char *, ...)" },
	{ 36, "struct quals x", "struct quals" },
	{ 13, "my_u32 x", "my_u32" },
	{ 7, "double x", "double" },
	{ 26, "enum big x", "enum big" },
	{ 38, "struct opaque x", "struct opaque" },
};

UNIT_TEST(btf_dump_decl)
{
	struct btf *b = build_btf();
	struct out o = {};
	struct btf_dump *d = btf_dump__new(b, out_printf, &o, NULL);
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, plain, .field_name = "x");
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, strip, .strip_mods = true, .indent_level = 1);
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, bad, .field_name = "x");
	size_t i;

	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		goto out;
	for (i = 0; i < sizeof(decls) / sizeof(decls[0]); i++) {
		ASSERT_OK(btf_dump__emit_type_decl(d, decls[i].id, &plain), "decl");
		ASSERT_STREQ(out_take(&o), decls[i].plain, "declaration");
		ASSERT_OK(btf_dump__emit_type_decl(d, decls[i].id, &strip), "decl stripped");
		ASSERT_STREQ(out_take(&o), decls[i].strip, "declaration, mods stripped");
	}
	/* an inline anonymous enum takes its enumerator names again */
	ASSERT_OK(btf_dump__emit_type_decl(d, 21, NULL), "anonymous enum");
	ASSERT_STREQ(out_take(&o), "enum {\n\tANON_A = 0,\n\tANON_B = -1,\n}", "enumerators");
	ASSERT_OK(btf_dump__emit_type_decl(d, 21, NULL), "anonymous enum again");
	ASSERT_STREQ(out_take(&o), "enum {\n\tANON_A___2 = 0,\n\tANON_B___2 = -1,\n}",
		     "enumerators renamed");
	/* a prototype without parameters */
	ASSERT_GT(btf__add_func_proto(b, 0), 0, "add proto");
	ASSERT_OK(btf_dump__emit_type_decl(d, btf__type_cnt(b) - 1, &plain), "void proto");
	ASSERT_STREQ(out_take(&o), "void x(void)", "(void)");
	/* functions, variables and sections are no declarable types */
	ASSERT_GT(btf__add_func(b, "f", BTF_FUNC_GLOBAL, btf__type_cnt(b) - 1), 0, "add func");
	ASSERT_EQ(btf_dump__emit_type_decl(d, btf__type_cnt(b) - 1, &plain), -EINVAL, "FUNC");
	ASSERT_EQ(btf_dump__emit_type_decl(d, 1000, &plain), -EINVAL, "id out of range");
	bad.sz = 4;
	ASSERT_EQ(btf_dump__emit_type_decl(d, 1, &bad), -EINVAL, "opts too small");
	out_take(&o);
out:
	btf_dump__free(d);
	btf__free(b);
}

/* btf__add_type_attr(): a type tag with kind_flag, dumped as the attribute itself */
UNIT_TEST(btf_dump_type_attr)
{
	struct btf *b = btf__new_empty();
	struct out o = {};
	struct btf_dump *d = NULL;
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, plain, .field_name = "p");
	int i32, tag, attr, ptag, pattr, dtag, dattr;
	const struct btf_type *t;

	i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	tag = btf__add_type_tag(b, "user", i32);
	attr = btf__add_type_attr(b, "address_space(1)", i32);
	ptag = btf__add_ptr(b, tag);
	pattr = btf__add_ptr(b, attr);
	dtag = btf__add_decl_tag(b, "k", i32, -1);
	dattr = btf__add_decl_attr(b, "aligned(8)", i32, -1);
	CHECK_OR_RETURN(ASSERT_GT(dattr, 0, "types added"));
	t = btf__type_by_id(b, attr);
	ASSERT_TRUE(btf_is_type_tag(t) && btf_kflag(t), "type attr: TYPE_TAG with kind_flag");
	ASSERT_FALSE(btf_kflag(btf__type_by_id(b, tag)), "type tag: no kind_flag");
	t = btf__type_by_id(b, dattr);
	ASSERT_TRUE(btf_is_decl_tag(t) && btf_kflag(t), "decl attr: DECL_TAG with kind_flag");
	ASSERT_EQ(btf_decl_tag(t)->component_idx, -1, "component_idx");
	ASSERT_FALSE(btf_kflag(btf__type_by_id(b, dtag)), "decl tag: no kind_flag");
	ASSERT_EQ(btf__add_decl_attr(b, "x", i32, -2), -EINVAL, "bad component_idx");
	ASSERT_EQ(btf__add_type_attr(b, NULL, i32), -EINVAL, "attribute needs a value");

	d = btf_dump__new(b, out_printf, &o, NULL);
	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		goto out;
	ASSERT_OK(btf_dump__emit_type_decl(d, ptag, &plain), "decl of tagged pointer");
	ASSERT_STREQ(out_take(&o), "int __attribute__((btf_type_tag(\"user\"))) *p", "type tag");
	ASSERT_OK(btf_dump__emit_type_decl(d, pattr, &plain), "decl of attributed pointer");
	ASSERT_STREQ(out_take(&o), "int __attribute__((address_space(1))) *p", "type attr");
out:
	btf_dump__free(d);
	btf__free(b);
}

/* a value of each kind, in every layout libbpf has */
static struct btf *build_data_btf(int *st)
{
	struct btf *b = btf__new_empty();
	int i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	int u8 = btf__add_int(b, "unsigned char", 1, 0);
	int ch = btf__add_int(b, "char", 1, BTF_INT_SIGNED);
	int bl = btf__add_int(b, "_Bool", 1, BTF_INT_BOOL);
	int u64 = btf__add_int(b, "long unsigned int", 8, 0);
	int s16 = btf__add_int(b, "short", 2, BTF_INT_SIGNED);
	int i128 = btf__add_int(b, "__int128", 16, BTF_INT_SIGNED);
	int en = btf__add_enum(b, "e", 4);
	int ptr, arr, arr2, fl, in, un;

	btf__add_enum_value(b, "E_A", 0);
	btf__add_enum_value(b, "E_B", 5);
	ptr = btf__add_ptr(b, i32);
	arr = btf__add_array(b, i32, ch, 8);
	arr2 = btf__add_array(b, i32, i32, 3);
	fl = btf__add_float(b, "double", 8);
	in = btf__add_struct(b, "in", 8);
	btf__add_field(b, "x", i32, 0, 0);
	btf__add_field(b, "y", i32, 32, 0);
	un = btf__add_union(b, NULL, 4);
	btf__add_field(b, "ua", i32, 0, 0);
	btf__add_field(b, "ub", s16, 0, 0);
	*st = btf__add_struct(b, "foo", 112);
	btf__add_field(b, "a", i32, 0, 0);
	btf__add_field(b, "b", u8, 32, 0);
	btf__add_field(b, "c", bl, 40, 0);
	btf__add_field(b, "bf1", i32, 48, 3);
	btf__add_field(b, "bf2", i32, 51, 5);
	btf__add_field(b, "u", u64, 64, 0);
	btf__add_field(b, "e", en, 128, 0);
	btf__add_field(b, "p", ptr, 192, 0);
	btf__add_field(b, "s", arr, 256, 0);
	btf__add_field(b, "n", in, 320, 0);
	btf__add_field(b, NULL, un, 384, 0);
	btf__add_field(b, "ar", arr2, 416, 0);
	btf__add_field(b, "f", fl, 512, 0);
	btf__add_field(b, "q", i128, 640, 0);
	return b;
}

static void fill_data(unsigned char *data)
{
	int v;
	unsigned long u = 0x123456789abcULL, p = 0xffff8881deadbeefULL;
	double f = 1.5;

	memset(data, 0, 112);
	v = -7;
	memcpy(data, &v, 4);
	data[4] = 200;
	data[5] = 1;
	data[6] = 0x5 | (9 << 3);
	memcpy(data + 8, &u, 8);
	v = 5;
	memcpy(data + 16, &v, 4);
	memcpy(data + 24, &p, 8);
	memcpy(data + 32, "hi", 2);
	v = 3;
	memcpy(data + 40, &v, 4);
	v = 0x10002;
	memcpy(data + 48, &v, 4);
	v = 1;
	memcpy(data + 52, &v, 4);
	v = 9;
	memcpy(data + 60, &v, 4);
	memcpy(data + 64, &f, 8);
	data[80] = 1;
	data[95] = 0x80;
}

static const char expect_data[] =
	"(struct foo){\n"
	"\t.a = (int)-7,\n"
	"\t.b = (unsigned char)200,\n"
	"\t.c = (_Bool)1,\n"
	"\t.bf1 = (int)0x5,\n"
	"\t.bf2 = (int)0x9,\n"
	"\t.u = (long unsigned int)20015998343868,\n"
	"\t.e = (enum e)E_B,\n"
	"\t.p = (int *)0xffff8881deadbeef,\n"
	"\t.s = (char[8])[\n"
	"\t\t'h',\n"
	"\t\t'i',\n"
	"\t],\n"
	"\t.n = (struct in){\n"
	"\t\t.x = (int)3,\n"
	"\t},\n"
	"\t(union){\n"
	"\t\t.ua = (int)65538,\n"
	"\t\t.ub = (short)2,\n"
	"\t},\n"
	"\t.ar = (int[3])[\n"
	"\t\t1,\n"
	"\t\t9,\n"
	"\t],\n"
	"\t.f = (double)1.500000,\n"
	"\t.q = (__int128)0x80000000000000000000000000000001,\n"
	"}";

UNIT_TEST(btf_dump_data)
{
	unsigned char data[112];
	struct out o = {};
	struct btf *b;
	struct btf_dump *d;
	int st;
	LIBBPF_OPTS(btf_dump_type_data_opts, compact, .compact = true);
	LIBBPF_OPTS(btf_dump_type_data_opts, nonames, .compact = true, .skip_names = true);
	LIBBPF_OPTS(btf_dump_type_data_opts, zeroes, .compact = true, .emit_zeroes = true);
	LIBBPF_OPTS(btf_dump_type_data_opts, indent, .indent_str = "  ", .indent_level = 1);

	b = build_data_btf(&st);
	d = btf_dump__new(b, out_printf, &o, NULL);
	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		goto out;
	fill_data(data);
	ASSERT_EQ(btf_dump__dump_type_data(d, st, data, sizeof(data), NULL), 112, "multi-line");
	ASSERT_STREQ(out_take(&o), expect_data, "multi-line value");
	ASSERT_EQ(btf_dump__dump_type_data(d, st, data, sizeof(data), &compact), 112, "compact");
	ASSERT_STREQ(out_take(&o), "(struct foo){.a = (int)-7,.b = (unsigned char)200,"
		     ".c = (_Bool)1,.bf1 = (int)0x5,.bf2 = (int)0x9,"
		     ".u = (long unsigned int)20015998343868,.e = (enum e)E_B,"
		     ".p = (int *)0xffff8881deadbeef,.s = (char[8])['h','i',],"
		     ".n = (struct in){.x = (int)3,},(union){.ua = (int)65538,.ub = (short)2,},"
		     ".ar = (int[3])[1,9,],.f = (double)1.500000,"
		     ".q = (__int128)0x80000000000000000000000000000001,}", "compact value");
	ASSERT_EQ(btf_dump__dump_type_data(d, st, data, sizeof(data), &nonames), 112, "skip_names");
	ASSERT_STREQ(out_take(&o), "{-7,200,1,0x5,0x9,20015998343868,E_B,0xffff8881deadbeef,"
		     "['h','i',],{3,},{65538,2,},[1,9,],1.500000,"
		     "0x80000000000000000000000000000001,}", "value without names");
	ASSERT_EQ(btf_dump__dump_type_data(d, 11, data + 48, 12, &compact), 12, "int array");
	ASSERT_STREQ(out_take(&o), "(int[3])[65538,1,0,]", "array at the top shows zeroes");
	ASSERT_EQ(btf_dump__dump_type_data(d, 13, data + 40, 8, &zeroes), 8, "emit_zeroes");
	ASSERT_STREQ(out_take(&o), "(struct in){.x = (int)3,.y = (int)0,}", "emit_zeroes");
	/* enum values by name, or the number */
	ASSERT_EQ(btf_dump__dump_type_data(d, 8, data + 16, 4, &compact), 4, "enum");
	ASSERT_STREQ(out_take(&o), "(enum e)E_B", "enum by name");
	data[16] = 3;
	ASSERT_EQ(btf_dump__dump_type_data(d, 8, data + 16, 4, &compact), 4, "enum");
	ASSERT_STREQ(out_take(&o), "(enum e)3", "enum without a name");
	/* the top value is shown even when zero */
	ASSERT_EQ(btf_dump__dump_type_data(d, 1, data + 100, 4, &compact), 4, "zero int");
	ASSERT_STREQ(out_take(&o), "(int)0", "zero int");
	memset(data, 0, sizeof(data));
	ASSERT_EQ(btf_dump__dump_type_data(d, st, data, sizeof(data), &compact), 112, "zeroes");
	ASSERT_STREQ(out_take(&o), "(struct foo){}", "all members zero");
	ASSERT_EQ(btf_dump__dump_type_data(d, 13, data, 8, &indent), 8, "indent");
	ASSERT_STREQ(out_take(&o), "(struct in){\n  }", "indent_str and level");
	/* a string ends at its NUL */
	memcpy(data, "ab\0cd", 6);
	ASSERT_EQ(btf_dump__dump_type_data(d, 10, data, 8, &compact), 8, "string");
	ASSERT_STREQ(out_take(&o), "(char[8])['a','b',]", "string");
	/* too little data: -E2BIG and nothing printed */
	fill_data(data);
	ASSERT_EQ(btf_dump__dump_type_data(d, st, data, 90, NULL), -E2BIG, "short data");
	ASSERT_EQ(btf_dump__dump_type_data(d, 1, data, 3, NULL), -E2BIG, "short int");
	ASSERT_STREQ(out_take(&o), "", "nothing printed");
	ASSERT_EQ(btf_dump__dump_type_data(d, 1000, data, 4, NULL), -EINVAL, "id out of range");
out:
	btf_dump__free(d);
	btf__free(b);
}

/* bad ids and loops without a pointer: an error, not a hang or a crash */
UNIT_TEST(btf_dump_malformed)
{
	struct btf *b = btf__new_empty();
	struct out o = {};
	struct btf_dump *d = NULL;
	int i32, x, y, t;

	i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);		/* 1 */
	x = btf__add_struct(b, "x", 4);					/* 2 */
	btf__add_field(b, "y", 3, 0, 0);
	y = btf__add_struct(b, "y", 4);					/* 3 */
	btf__add_field(b, "x", x, 0, 0);
	t = btf__add_typedef(b, "t", 4);				/* 4: itself */
	btf__add_const(b, 5);						/* 5: itself */
	btf__add_struct(b, "bad", 4);					/* 6 */
	btf__add_field(b, "m", 100, 0, 0);
	btf__add_ptr(b, 100);						/* 7 */
	ASSERT_GT(i32 + y + t, 0, "built");
	d = btf_dump__new(b, out_printf, &o, NULL);
	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		goto out;
	ASSERT_EQ(btf_dump__dump_type(d, 1000), -EINVAL, "id out of range");
	ASSERT_EQ(btf_dump__dump_type(d, btf__type_cnt(b)), -EINVAL, "id one past the end");
	ASSERT_EQ(btf_dump__dump_type(d, x), -ELOOP, "structs containing each other");
	ASSERT_EQ(btf_dump__dump_type(d, t), -ELOOP, "typedef of itself");
	ASSERT_ERR(btf_dump__dump_type(d, 5), "const of itself");
	ASSERT_EQ(btf_dump__emit_type_decl(d, 5, NULL), -ELOOP, "decl of a const loop");
	ASSERT_EQ(btf_dump__dump_type(d, 6), -EINVAL, "member of a bad id");
	ASSERT_EQ(btf_dump__emit_type_decl(d, 7, NULL), -EINVAL, "pointer to a bad id");
	ASSERT_ERR(btf_dump__dump_type_data(d, 5, "abcd", 4, NULL), "value of a const loop");
	ASSERT_ERR(btf_dump__dump_type_data(d, 6, "abcd", 4, NULL), "value with a bad member");
	ASSERT_TRUE(strstr(unit_log(), "contains itself by value") != NULL, "loop named");
	ASSERT_NULL(btf_dump__new(NULL, out_printf, NULL, NULL), "no btf");
	ASSERT_EQ(errno, EINVAL, "errno");
	ASSERT_NULL(btf_dump__new(b, NULL, NULL, NULL), "no printf_fn");
	out_take(&o);
out:
	btf_dump__free(d);
	btf__free(b);
}

/* layouts that once hung or blew up: each finishes, or fails with a reason */
UNIT_TEST(btf_dump_hostile_layout)
{
	struct btf *b = btf__new_empty();
	struct out o = {};
	struct btf_dump *d = NULL;
	char data[4] = {};
	int i32, gap, empty, arr, big;

	i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	/* a bitfield 137 bits after a long-aligned point: longs, then the rest */
	gap = btf__add_struct(b, "gap", 32);
	btf__add_field(b, "a", i32, 0, 0);
	btf__add_field(b, "b", i32, 201, 1);
	empty = btf__add_struct(b, "empty", 0);
	arr = btf__add_array(b, i32, empty, 10000000);
	big = btf__add_struct(b, "big", 0x20000000);
	btf__add_field(b, "a", i32, 0, 0);
	if (!ASSERT_GT(arr + big, 0, "built"))
		goto out;
	d = btf_dump__new(b, out_printf, &o, NULL);
	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		goto out;
	ASSERT_OK(btf_dump__dump_type(d, gap), "a long gap before a bitfield");
	ASSERT_TRUE(strstr(out_take(&o), "int b: 1;") != NULL, "the bitfield is there");
	unit_log_reset();
	ASSERT_EQ(btf_dump__dump_type_data(d, arr, data, sizeof(data), NULL), -EINVAL,
		  "array of zero-size elements");
	ASSERT_TRUE(strstr(unit_log(), "array of zero-size elements") != NULL, "says why");
	ASSERT_EQ(btf_dump__dump_type(d, big), -E2BIG, "a struct too large to lay out");
	out_take(&o);
out:
	btf_dump__free(d);
	btf__free(b);
}
