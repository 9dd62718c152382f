// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf__distill_base() and btf__relocate(): the distilled base and the new
 * split BTF type by type, relocation back onto the original base, onto
 * bases whose ids moved, and its errors (missing, ambiguous, resized
 * types); the same against the running kernel's vmlinux BTF.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include "btf_canon.h"
#include "unit.h"

/*
 * Original split types of a must read as the types of b from
 * btf_first_own(b) + skip on, in the same order.
 */
static bool same_split_types(const struct btf *a, const struct btf *b, __u32 skip)
{
	__u32 a0 = btf_first_own(a), b0 = btf_first_own(b) + skip, k;
	__u32 n = btf__type_cnt(a) - a0;
	struct sbuf sa = {}, sb = {};
	bool ok = true;

	if (!ASSERT_EQ(btf__type_cnt(b) - b0, n, "number of split types"))
		return false;
	for (k = 0; k < n && ok; k++) {
		btf_canon(&sa, a, a0 + k);
		btf_canon(&sb, b, b0 + k);
		if (strcmp(sa.s, sb.s)) {
			UNIT_FAIL("split type %u ([%u] vs [%u]) differs:\n    %s\n    %s", k,
				  a0 + k, b0 + k, sa.s, sb.s);
			ok = false;
		}
	}
	sb_free(&sa);
	sb_free(&sb);
	return ok;
}

/* a private copy of raw BTF, so that it survives changes of its BTF */
static void *raw_copy(const struct btf *btf, __u32 *sz)
{
	const void *raw = btf__raw_data(btf, sz);
	void *copy = raw ? malloc(*sz) : NULL;

	if (copy)
		memcpy(copy, raw, *sz);
	return copy;
}

static bool raw_unchanged(const struct btf *btf, const void *before, __u32 sz)
{
	__u32 now_sz;
	const void *now = btf__raw_data(btf, &now_sz);

	return now && now_sz == sz && !memcmp(now, before, sz);
}

/*
 * A base with one type of each interesting sort, and split BTF using
 * them all (see the comments for the ids).
 */
static struct btf *build_base(void)
{
	struct btf *b = btf__new_empty();
	bool ok = true;

	if (!b)
		return NULL;
	btf__set_pointer_size(b, 8);
	ok &= btf__add_int(b, "int", 4, BTF_INT_SIGNED) == 1;
	ok &= btf__add_ptr(b, 1) == 2;				/* int * */
	ok &= btf__add_struct(b, "s1", 8) == 3;
	ok &= !btf__add_field(b, "f1", 2, 0, 0);
	ok &= btf__add_struct(b, NULL, 12) == 4;		/* anonymous */
	ok &= !btf__add_field(b, "f1", 1, 0, 0);
	ok &= !btf__add_field(b, "f2", 3, 32, 0);
	ok &= btf__add_int(b, "unsigned int", 4, 0) == 5;
	ok &= btf__add_union(b, "u1", 12) == 6;
	ok &= !btf__add_field(b, "f1", 1, 0, 0);
	ok &= !btf__add_field(b, "f2", 2, 0, 0);
	ok &= btf__add_union(b, NULL, 4) == 7;			/* anonymous */
	ok &= !btf__add_field(b, "f1", 1, 0, 0);
	ok &= btf__add_enum(b, "e1", 4) == 8;
	ok &= !btf__add_enum_value(b, "v1", 1);
	ok &= btf__add_enum(b, NULL, 4) == 9;			/* anonymous */
	ok &= !btf__add_enum_value(b, "av1", 2);
	ok &= btf__add_enum64(b, "e641", 8, true) == 10;
	ok &= !btf__add_enum64_value(b, "v1", 1ULL << 40);
	ok &= btf__add_enum64(b, NULL, 8, false) == 11;	/* anonymous */
	ok &= !btf__add_enum64_value(b, "av1", 7);
	ok &= btf__add_fwd(b, "fs", BTF_FWD_STRUCT) == 12;
	ok &= btf__add_typedef(b, "td", 3) == 13;
	ok &= btf__add_const(b, 5) == 14;
	ok &= btf__add_array(b, 5, 1, 4) == 15;
	ok &= btf__add_float(b, "double", 8) == 16;
	ok &= btf__add_func_proto(b, 1) == 17;
	ok &= !btf__add_func_param(b, "a", 2);
	ok &= btf__add_struct(b, "unused", 4) == 18;		/* never referenced */
	ok &= !btf__add_field(b, "x", 1, 0, 0);
	ok &= btf__add_volatile(b, 4) == 19;
	if (!ok) {
		btf__free(b);
		return NULL;
	}
	return b;
}

#define BASE_CNT 20

static struct btf *build_split(struct btf *base)
{
	struct btf *s = btf__new_empty_split(base);
	bool ok = true;

	if (!s)
		return NULL;
	ok &= btf__add_ptr(s, 3) == 20;		/* struct s1 * */
	ok &= btf__add_ptr(s, 4) == 21;		/* anonymous struct * */
	ok &= btf__add_ptr(s, 6) == 22;		/* union u1 * */
	ok &= btf__add_ptr(s, 7) == 23;
	ok &= btf__add_ptr(s, 8) == 24;		/* enum e1 * */
	ok &= btf__add_ptr(s, 9) == 25;
	ok &= btf__add_ptr(s, 10) == 26;
	ok &= btf__add_ptr(s, 11) == 27;
	ok &= btf__add_ptr(s, 12) == 28;	/* struct fs * */
	ok &= btf__add_struct(s, "st2", 48) == 29;
	ok &= !btf__add_field(s, "a", 13, 0, 0);	/* td: s1 by value */
	ok &= !btf__add_field(s, "b", 14, 64, 0);	/* const unsigned int */
	ok &= !btf__add_field(s, "c", 15, 96, 0);	/* int[4] */
	ok &= !btf__add_field(s, "d", 16, 256, 0);	/* double */
	ok &= !btf__add_field(s, "e", 3, 320, 0);	/* struct s1 by value */
	ok &= btf__add_ptr(s, 17) == 30;	/* int (*)(int *) */
	ok &= btf__add_ptr(s, 19) == 31;	/* volatile anonymous struct * */
	ok &= btf__add_ptr(s, 1) == 32;		/* int * of its own */
	ok &= btf__add_ptr(s, 2) == 33;		/* int ** */
	ok &= btf__add_var(s, "v", BTF_VAR_GLOBAL_ALLOCATED, 29) == 34;
	ok &= btf__add_datasec(s, ".data", 48) == 35;
	ok &= !btf__add_datasec_var_info(s, 34, 0, 48);
	ok &= btf__add_decl_tag(s, "tag", 22, -1) == 36;	/* on a split type */
	ok &= btf__add_func(s, "fn", BTF_FUNC_GLOBAL, 17) == 37;	/* base proto */
	if (!ok) {
		btf__free(s);
		return NULL;
	}
	return s;
}

/* the distilled base: base ids 1, 3, 5, 6, 8, 10, 12 and 16 in that order */
static const char expect_base[] =
	"[1] INT 'int' size=4 enc=1 bits=32\n"
	"[2] STRUCT 's1' size=8 vlen=0\n"
	"[3] INT 'unsigned int' size=4 enc=0 bits=32\n"
	"[4] UNION 'u1' size=12 vlen=0\n"
	"[5] ENUM 'e1' size=4 vlen=0\n"
	"[6] ENUM 'e641' size=8 vlen=0\n"
	"[7] FWD 'fs' struct\n"
	"[8] FLOAT 'double' size=8 vlen=0\n";

/* the new split BTF: the moved base types (old 2, 4, 7, 9, 11, 13, 14, 15,
 * 17, 19), then the split types */
static const char expect_split[] =
	"[9] PTR '' type=1\n"
	"[10] STRUCT '' size=12 vlen=2 f1:1 f2:2\n"
	"[11] UNION '' size=4 vlen=1 f1:1\n"
	"[12] ENUM '' size=4 vlen=1\n"
	"[13] ENUM64 '' size=8 vlen=1\n"
	"[14] TYPEDEF 'td' type=2\n"
	"[15] CONST '' type=3\n"
	"[16] ARRAY '' type=1 index=3 n=4\n"
	"[17] FUNC_PROTO '' ret=1 9\n"
	"[18] VOLATILE '' type=10\n"
	"[19] PTR '' type=2\n"
	"[20] PTR '' type=10\n"
	"[21] PTR '' type=4\n"
	"[22] PTR '' type=11\n"
	"[23] PTR '' type=5\n"
	"[24] PTR '' type=12\n"
	"[25] PTR '' type=6\n"
	"[26] PTR '' type=13\n"
	"[27] PTR '' type=7\n"
	"[28] STRUCT 'st2' size=48 vlen=5 a:14 b:15 c:16 d:8 e:2\n"
	"[29] PTR '' type=17\n"
	"[30] PTR '' type=18\n"
	"[31] PTR '' type=1\n"
	"[32] PTR '' type=9\n"
	"[33] VAR 'v' type=28\n"
	"[34] DATASEC '.data' size=48 vlen=1\n"
	"[35] DECL_TAG 'tag' type=21\n"
	"[36] FUNC 'fn' type=17\n";

#define NR_MOVED 10

struct fixture {
	struct btf *base, *split, *dbase, *dsplit;
};

static bool fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->base = build_base();
	if (!ASSERT_OK_PTR(f->base, "build base"))
		return false;
	f->split = build_split(f->base);
	if (!ASSERT_OK_PTR(f->split, "build split"))
		return false;
	return ASSERT_OK(btf__distill_base(f->split, &f->dbase, &f->dsplit), "distill");
}

static void fixture_free(struct fixture *f)
{
	btf__free(f->dsplit);
	btf__free(f->dbase);
	btf__free(f->split);
	btf__free(f->base);
}

UNIT_TEST(btf_distill_layout)
{
	struct fixture f;
	struct sbuf sb = {};

	if (!fixture_init(&f))
		goto out;
	ASSERT_NULL(btf__base_btf(f.dbase), "distilled base is not split");
	ASSERT_EQ(btf__base_btf(f.dsplit), f.dbase, "new split is on it");
	ASSERT_STREQ(btf_dump_own(&sb, f.dbase), expect_base, "distilled base");
	ASSERT_STREQ(btf_dump_own(&sb, f.dsplit), expect_split, "new split");
	ASSERT_EQ(btf__pointer_size(f.dbase), 8, "pointer size kept");
	/* a moved anonymous type keeps its members and values in full */
	ASSERT_STREQ(btf_canon(&sb, f.dsplit, 12), "enum '' size 4 unsigned { 'av1'=2 }",
		     "anonymous enum moved in full");
	ASSERT_STREQ(btf_canon(&sb, f.dsplit, 13),
		     "enum '' size 8 unsigned { 'av1'=7 }", "anonymous enum64");
	/* read against the distilled base, the split types are what they were */
	same_split_types(f.split, f.dsplit, NR_MOVED);
	/* the source is untouched */
	ASSERT_EQ(btf__type_cnt(f.split), 38, "source type count");
	ASSERT_EQ(btf__base_btf(f.split), f.base, "source base");
out:
	sb_free(&sb);
	fixture_free(&f);
}

UNIT_TEST(btf_distill_raw_round_trip)
{
	struct btf *base = NULL, *split = NULL;
	void *raw_base = NULL, *raw_split = NULL;
	__u32 base_sz, split_sz;
	struct fixture f;

	if (!fixture_init(&f))
		goto out;
	/* what a module carries: .BTF.base and .BTF */
	raw_base = raw_copy(f.dbase, &base_sz);
	raw_split = raw_copy(f.dsplit, &split_sz);
	if (!ASSERT_OK_PTR(raw_base, "base raw") || !ASSERT_OK_PTR(raw_split, "split raw"))
		goto out;
	base = btf__new(raw_base, base_sz);
	if (!ASSERT_OK_PTR(base, "parse .BTF.base"))
		goto out;
	split = btf__new_split(raw_split, split_sz, base);
	if (!ASSERT_OK_PTR(split, "parse .BTF"))
		goto out;
	same_split_types(f.dsplit, split, 0);
	if (!ASSERT_OK(btf__relocate(split, f.base), "relocate parsed"))
		goto out;
	ASSERT_EQ(btf__base_btf(split), f.base, "on the original base");
	same_split_types(f.split, split, NR_MOVED);
out:
	btf__free(split);
	btf__free(base);
	free(raw_base);
	free(raw_split);
	fixture_free(&f);
}

/* .BTF.base and .BTF in an ELF file, as kernel modules built out of tree have */
UNIT_TEST(btf_distill_elf_base_section)
{
	char dir[] = "/tmp/btf_distill.XXXXXX", path[64];
	void *raw_base = NULL, *raw_split = NULL;
	struct btf *b = NULL, *wrong = NULL;
	__u32 base_sz, split_sz;
	struct fixture f;

	path[0] = '\0';
	if (!fixture_init(&f) || !ASSERT_OK_PTR(mkdtemp(dir), "mkdtemp"))
		goto out;
	snprintf(path, sizeof(path), "%s/mod.ko", dir);
	raw_base = raw_copy(f.dbase, &base_sz);
	raw_split = raw_copy(f.dsplit, &split_sz);
	if (!ASSERT_TRUE(raw_base && raw_split &&
			 write_elf_btf(path, raw_split, split_sz, raw_base, base_sz),
			 "write ELF"))
		goto out;
	/* with a base: relocated onto it */
	b = btf__parse_elf_split(path, f.base);
	if (ASSERT_OK_PTR(b, "parse_elf_split")) {
		ASSERT_EQ(btf__base_btf(b), f.base, "relocated onto the given base");
		same_split_types(f.split, b, NR_MOVED);
		ASSERT_EQ(btf__pointer_size(b), 8, "pointer size");
	}
	btf__free(b);
	b = btf__parse_split(path, f.base);
	if (ASSERT_OK_PTR(b, "parse_split"))
		same_split_types(f.split, b, NR_MOVED);
	btf__free(b);
	/* without one: split on the distilled base, which it owns */
	b = btf__parse_elf(path, NULL);
	if (ASSERT_OK_PTR(b, "parse_elf") && ASSERT_OK_PTR(btf__base_btf(b), "has a base")) {
		ASSERT_EQ(btf__type_cnt(btf__base_btf(b)), btf__type_cnt(f.dbase),
			  "the distilled base");
		same_split_types(f.dsplit, b, 0);
		/* and relocating it later frees that base (ASan checks) */
		if (ASSERT_OK(btf__relocate(b, f.base), "relocate"))
			same_split_types(f.split, b, NR_MOVED);
	}
	btf__free(b);
	b = btf__parse_split(path, NULL);
	if (ASSERT_OK_PTR(b, "parse_split without base")) {
		struct btf *own = (struct btf *)btf__base_btf(b), *on_own;

		/* onto the base it owns: nothing to do, nothing freed */
		ASSERT_OK(btf__relocate(b, own), "relocate onto its own base");
		same_split_types(f.dsplit, b, 0);
		/* onto BTF built on the base it owns, which it would free */
		on_own = btf__new_empty_split(own);
		unit_log_reset();
		ASSERT_EQ(btf__relocate(b, on_own), -EINVAL, "relocate onto BTF on its own base");
		ASSERT_TRUE(strstr(unit_log(), "built on the base this BTF owns") != NULL,
			    "says why");
		same_split_types(f.dsplit, b, 0);
		btf__free(on_own);
	}
	btf__free(b);
	/* a base it cannot be relocated onto */
	wrong = btf__new_empty();
	btf__add_int(wrong, "int", 4, BTF_INT_SIGNED);
	unit_log_reset();
	b = btf__parse_elf_split(path, wrong);
	ASSERT_NULL(b, "relocation fails");
	ASSERT_EQ(errno, ENOENT, "errno");
	ASSERT_TRUE(strstr(unit_log(), "cannot relocate .BTF from .BTF.base") != NULL,
		    "says why");
	btf__free(b);
	b = NULL;
	/* a bad .BTF.base */
	((struct btf_header *)raw_base)->magic = 0x1234;
	ASSERT_TRUE(write_elf_btf(path, raw_split, split_sz, raw_base, base_sz), "rewrite");
	unit_log_reset();
	b = btf__parse_elf_split(path, f.base);
	ASSERT_NULL(b, "bad .BTF.base");
	ASSERT_TRUE(strstr(unit_log(), "bad .BTF.base section") != NULL, "says which");
out:
	btf__free(b);
	btf__free(wrong);
	free(raw_base);
	free(raw_split);
	fixture_free(&f);
	if (path[0])
		unlink(path);
	rmdir(dir);
}

UNIT_TEST(btf_relocate_original_base)
{
	struct btf *back = NULL;
	struct fixture f;
	const void *raw;
	__u32 sz;

	if (!fixture_init(&f))
		goto out;
	if (!ASSERT_OK(btf__relocate(f.dsplit, f.base), "relocate"))
		goto out;
	ASSERT_EQ(btf__base_btf(f.dsplit), f.base, "new base");
	ASSERT_EQ(btf__type_cnt(f.dsplit), BASE_CNT + NR_MOVED + 18, "type count");
	same_split_types(f.split, f.dsplit, NR_MOVED);
	/* references now are the original base ids */
	ASSERT_EQ(btf__type_by_id(f.dsplit, BASE_CNT + NR_MOVED)->type, 3, "ptr to s1");
	ASSERT_EQ(btf__type_by_id(f.dsplit, BASE_CNT)->type, 1, "moved int *");
	ASSERT_EQ(btf__find_by_name_kind(f.dsplit, "st2", BTF_KIND_STRUCT),
		  BASE_CNT + NR_MOVED + 9, "find st2");
	ASSERT_EQ(btf__find_by_name_kind(f.dsplit, "u1", BTF_KIND_UNION), 6, "find u1");
	/* strings of the base are shared, not copied */
	ASSERT_EQ(btf__find_str(f.dsplit, "s1"), btf__find_str(f.base, "s1"), "base string");
	/* and it serializes as split BTF of the original base */
	raw = btf__raw_data(f.dsplit, &sz);
	back = btf__new_split(raw, sz, f.base);
	if (ASSERT_OK_PTR(back, "parse relocated"))
		same_split_types(f.split, back, NR_MOVED);
	/* relocating again onto the same base changes nothing */
	{
		void *before = raw_copy(f.dsplit, &sz);

		ASSERT_OK(btf__relocate(f.dsplit, f.base), "relocate again");
		ASSERT_TRUE(before && raw_unchanged(f.dsplit, before, sz), "idempotent");
		free(before);
	}
out:
	btf__free(back);
	fixture_free(&f);
}

/* a base that holds the types of f.base after some others, ids shifted */
static struct btf *shifted_base(const struct btf *orig, int extra)
{
	struct btf *b = btf__new_empty();
	int i;

	if (!b)
		return NULL;
	btf__set_pointer_size(b, 8);
	for (i = 0; i < extra; i++) {
		/* same names, other kinds: must not be mistaken for the real ones */
		btf__add_typedef(b, "s1", 0);
		btf__add_fwd(b, "u1", BTF_FWD_STRUCT);
		btf__add_int(b, "long", 8, BTF_INT_SIGNED);
	}
	if (btf__add_btf(b, orig) < 0) {
		btf__free(b);
		return NULL;
	}
	return b;
}

UNIT_TEST(btf_relocate_shifted_base)
{
	struct btf *base2 = NULL;
	struct fixture f;

	if (!fixture_init(&f))
		goto out;
	base2 = shifted_base(f.base, 2);
	if (!ASSERT_OK_PTR(base2, "shifted base"))
		goto out;
	if (!ASSERT_OK(btf__relocate(f.dsplit, base2), "relocate"))
		goto out;
	ASSERT_EQ(btf__base_btf(f.dsplit), base2, "new base");
	same_split_types(f.split, f.dsplit, NR_MOVED);
	ASSERT_EQ(btf__type_by_id(f.dsplit, BASE_CNT + 6 + NR_MOVED)->type, 3 + 6,
		  "ptr to s1, shifted");
	/* and from there back onto the original base */
	if (ASSERT_OK(btf__relocate(f.dsplit, f.base), "relocate back"))
		same_split_types(f.split, f.dsplit, NR_MOVED);
out:
	btf__free(base2);
	fixture_free(&f);
}

/*
 * A new base for the distilled split of the fixture: the base types it
 * uses, each with the name and kind it had, some sizes or kinds changed
 * as spec says. Zero (or false) in spec means as in the original base.
 */
enum fs_kind { FS_FWD_STRUCT, FS_FWD_UNION, FS_STRUCT };

struct base_spec {
	__u32 s1_sizes[3];	/* a struct s1 of each size */
	__u32 u1_sizes[3];	/* a union u1 of each size */
	__u32 e1_size;
	bool int_unsigned;
	bool no_double;
	enum fs_kind fs;
};

static struct btf *make_base(const struct base_spec *sp)
{
	static const __u32 s1_default[3] = { 8 }, u1_default[3] = { 12 };
	const __u32 *s1 = sp->s1_sizes[0] ? sp->s1_sizes : s1_default;
	const __u32 *u1 = sp->u1_sizes[0] ? sp->u1_sizes : u1_default;
	struct btf *b = btf__new_empty();
	int i;

	if (!b)
		return NULL;
	btf__add_int(b, "int", 4, sp->int_unsigned ? 0 : BTF_INT_SIGNED);
	btf__add_int(b, "unsigned int", 4, 0);
	for (i = 0; i < 3 && s1[i]; i++)
		btf__add_struct(b, "s1", s1[i]);
	for (i = 0; i < 3 && u1[i]; i++)
		btf__add_union(b, "u1", u1[i]);
	btf__add_enum(b, "e1", sp->e1_size ?: 4);
	btf__add_enum_value(b, "v1", 1);
	btf__add_enum64(b, "e641", 8, true);
	btf__add_enum64_value(b, "v1", 1);
	if (sp->fs == FS_STRUCT)
		btf__add_struct(b, "fs", 4);
	else
		btf__add_fwd(b, "fs", sp->fs == FS_FWD_UNION ? BTF_FWD_UNION : BTF_FWD_STRUCT);
	if (!sp->no_double)
		btf__add_float(b, "double", 8);
	return b;
}

/*
 * Relocate a fresh distilled split onto base (freed here); returns what
 * btf__relocate() did. On failure the split must be unchanged and the
 * warnings must hold needle; on success the split types must read as
 * before (compare) and split type split_idx must point to the new base's
 * type of name and kind (check_name).
 */
static int try_relocate(struct btf *base, const char *needle, bool compare,
			int split_idx, const char *check_name, int check_kind)
{
	const struct btf_type *t;
	struct fixture f;
	void *before = NULL;
	__u32 sz;
	int err = -1;

	if (!fixture_init(&f) || !ASSERT_OK_PTR(base, "base"))
		goto out;
	before = raw_copy(f.dsplit, &sz);
	unit_log_reset();
	err = btf__relocate(f.dsplit, base);
	if (err) {
		ASSERT_EQ(errno, -err, "errno");
		ASSERT_TRUE(before && raw_unchanged(f.dsplit, before, sz),
			    "unchanged after a failure");
		ASSERT_EQ(btf__base_btf(f.dsplit), f.dbase, "base unchanged");
		if (needle && !strstr(unit_log(), needle))
			UNIT_FAIL("no \"%s\" in the warnings: %s", needle, unit_log());
		goto out;
	}
	if (compare)
		same_split_types(f.split, f.dsplit, NR_MOVED);
	if (check_name) {
		t = btf__type_by_id(f.dsplit, btf_first_own(f.dsplit) + NR_MOVED + split_idx);
		ASSERT_EQ(t->type, btf__find_by_name_kind(base, check_name, check_kind),
			  check_name);
	}
out:
	free(before);
	btf__free(base);
	fixture_free(&f);
	return err;
}

UNIT_TEST(btf_relocate_other_layout)
{
	struct base_spec sp = {};

	/* members, values and the order of the new base's types are its own */
	ASSERT_OK(try_relocate(make_base(&sp), NULL, true, 0, "s1", BTF_KIND_STRUCT),
		  "minimal base");
	/* a forward declaration finds the full struct */
	sp.fs = FS_STRUCT;
	ASSERT_OK(try_relocate(make_base(&sp), NULL, false, 8, "fs", BTF_KIND_STRUCT),
		  "fwd to struct");
}

UNIT_TEST(btf_relocate_sizes)
{
	struct base_spec sp;

	/* u1 is used through a pointer only: another size is fine if unique */
	sp = (struct base_spec){ .u1_sizes = { 24 } };
	ASSERT_OK(try_relocate(make_base(&sp), NULL, false, 2, "u1", BTF_KIND_UNION),
		  "pointer-only union resized");
	/* several of that name: the size picks one */
	sp = (struct base_spec){ .u1_sizes = { 8, 12, 16 } };
	ASSERT_OK(try_relocate(make_base(&sp), NULL, true, 0, NULL, 0), "u1 8, 12, 16");
	/* several of that name, none of the size */
	sp = (struct base_spec){ .u1_sizes = { 8, 16 } };
	ASSERT_EQ(try_relocate(make_base(&sp), "matches 2 types", false, 0, NULL, 0),
		  -EINVAL, "u1 8, 16");
	/* two of that name and size */
	sp = (struct base_spec){ .u1_sizes = { 12, 12 } };
	ASSERT_EQ(try_relocate(make_base(&sp), "ambiguous", false, 0, NULL, 0), -EINVAL,
		  "u1 twice");
	/* s1 is embedded by value in st2 (directly and under typedef td) */
	sp = (struct base_spec){ .s1_sizes = { 16 } };
	ASSERT_EQ(try_relocate(make_base(&sp), "[2] STRUCT 's1' size 8, embedded by value",
			       false, 0, NULL, 0), -ENOENT, "embedded s1 resized");
	sp = (struct base_spec){ .s1_sizes = { 16, 8 } };
	ASSERT_OK(try_relocate(make_base(&sp), NULL, true, 0, NULL, 0), "s1 16 and 8");
}

UNIT_TEST(btf_relocate_missing)
{
	struct base_spec sp;

	sp = (struct base_spec){ .e1_size = 2 };
	ASSERT_EQ(try_relocate(make_base(&sp), "ENUM 'e1' size 4 in the new base (1 types",
			       false, 0, NULL, 0), -ENOENT, "e1 of another size");
	/* every mismatch is reported */
	sp = (struct base_spec){ .int_unsigned = true, .no_double = true };
	ASSERT_EQ(try_relocate(make_base(&sp), "FLOAT 'double' size 8 in the new base (0 types",
			       false, 0, NULL, 0), -ENOENT, "no double");
	ASSERT_TRUE(strstr(unit_log(), "INT 'int' size 4") != NULL, "int reported too");
	sp = (struct base_spec){ .fs = FS_FWD_UNION };
	ASSERT_EQ(try_relocate(make_base(&sp), "FWD struct 'fs'", false, 0, NULL, 0),
		  -ENOENT, "fs a union");
	ASSERT_EQ(try_relocate(btf__new_empty(), "no match", false, 0, NULL, 0), -ENOENT,
		  "empty base");
}

UNIT_TEST(btf_distill_errors)
{
	struct btf *base = build_base(), *split = NULL, *nb = NULL, *ns = NULL;

	CHECK_OR_RETURN(ASSERT_OK_PTR(base, "base"));
	unit_log_reset();
	ASSERT_EQ(btf__distill_base(base, &nb, &ns), -EINVAL, "not split");
	ASSERT_EQ(errno, EINVAL, "errno");
	ASSERT_TRUE(strstr(unit_log(), "not split BTF") != NULL, "says why");
	ASSERT_NULL(nb, "no base set");
	split = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(split, "split"))
		goto out;
	ASSERT_EQ(btf__distill_base(split, NULL, &ns), -EINVAL, "NULL base result");
	ASSERT_EQ(btf__distill_base(split, &nb, NULL), -EINVAL, "NULL split result");
	ASSERT_EQ(btf__distill_base(NULL, &nb, &ns), -EINVAL, "NULL source");
	/* an empty split BTF uses nothing: an empty distilled base */
	if (ASSERT_OK(btf__distill_base(split, &nb, &ns), "empty split")) {
		ASSERT_EQ(btf__type_cnt(nb), 1, "empty distilled base");
		ASSERT_EQ(btf__type_cnt(ns), 1, "empty new split");
		ASSERT_OK(btf__relocate(ns, base), "relocate empty");
		ASSERT_EQ(btf__type_cnt(ns), BASE_CNT, "still empty");
		btf__free(ns);
		btf__free(nb);
		nb = ns = NULL;
	}
	/* a reference to a type that does not exist */
	btf__add_ptr(split, 1);
	btf__add_ptr(split, 4000);
	unit_log_reset();
	ASSERT_EQ(btf__distill_base(split, &nb, &ns), -EINVAL, "bad type id");
	ASSERT_TRUE(strstr(unit_log(), "type [21] references type id 4000") != NULL,
		    "names the type");
	ASSERT_NULL(nb, "nothing set");
	ASSERT_NULL(ns, "nothing set");
out:
	btf__free(split);
	btf__free(base);
}

UNIT_TEST(btf_relocate_errors)
{
	struct btf *other = NULL, *on_split = NULL;
	struct fixture f;

	if (!fixture_init(&f))
		goto out;
	unit_log_reset();
	ASSERT_EQ(btf__relocate(f.base, f.dbase), -EINVAL, "not split");
	ASSERT_TRUE(strstr(unit_log(), "not split BTF") != NULL, "says why");
	ASSERT_EQ(btf__relocate(f.dsplit, NULL), -EINVAL, "NULL base");
	ASSERT_EQ(btf__relocate(NULL, f.base), -EINVAL, "NULL split");
	ASSERT_EQ(btf__relocate(f.dsplit, f.dsplit), -EINVAL, "onto itself");
	on_split = btf__new_empty_split(f.dsplit);
	if (ASSERT_OK_PTR(on_split, "split on split"))
		ASSERT_EQ(btf__relocate(f.dsplit, on_split), -EINVAL, "onto its own split");
	/* the original split uses anonymous base types: nothing to match by */
	other = shifted_base(f.base, 1);
	unit_log_reset();
	ASSERT_EQ(btf__relocate(f.split, other), -EINVAL, "base not distilled");
	ASSERT_TRUE(strstr(unit_log(), "[4] STRUCT '' size 12, which cannot be matched") != NULL,
		    "names the anonymous type");
	ASSERT_EQ(btf__base_btf(f.split), f.base, "base unchanged");
	/* a reference beyond the last type */
	btf__add_ptr(f.dsplit, 9999);
	unit_log_reset();
	ASSERT_EQ(btf__relocate(f.dsplit, f.base), -EINVAL, "bad id");
	ASSERT_TRUE(strstr(unit_log(), "references type id 9999") != NULL, "names the id");
out:
	btf__free(on_split);
	btf__free(other);
	fixture_free(&f);
}

/* the pointer size and byte order travel with distill and relocate */
UNIT_TEST(btf_distill_endianness)
{
	struct fixture f;
	struct btf *back = NULL;
	const void *raw;
	__u32 sz;

	if (!fixture_init(&f))
		goto out;
	btf__free(f.dsplit);
	btf__free(f.dbase);
	f.dsplit = f.dbase = NULL;
	ASSERT_OK(btf__set_endianness(f.base, BTF_BIG_ENDIAN), "base big endian");
	ASSERT_OK(btf__set_endianness(f.split, BTF_BIG_ENDIAN), "split big endian");
	if (!ASSERT_OK(btf__distill_base(f.split, &f.dbase, &f.dsplit), "distill"))
		goto out;
	ASSERT_EQ(btf__endianness(f.dbase), BTF_BIG_ENDIAN, "distilled base");
	ASSERT_EQ(btf__endianness(f.dsplit), BTF_BIG_ENDIAN, "new split");
	if (!ASSERT_OK(btf__relocate(f.dsplit, f.base), "relocate"))
		goto out;
	ASSERT_EQ(btf__endianness(f.dsplit), BTF_BIG_ENDIAN, "relocated");
	ASSERT_EQ(btf__pointer_size(f.dsplit), 8, "pointer size");
	raw = btf__raw_data(f.dsplit, &sz);
	back = btf__new_split(raw, sz, f.base);
	if (ASSERT_OK_PTR(back, "parse big endian"))
		same_split_types(f.split, back, NR_MOVED);
out:
	btf__free(back);
	fixture_free(&f);
}

/* ---- against the running kernel's BTF ----------------------------------- */

/* first anonymous struct or union that is a member of a named struct */
static __u32 find_anon_member_type(const struct btf *vml)
{
	const struct btf_type *t, *m;
	__u32 id, cnt = btf__type_cnt(vml);
	int i;

	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(vml, id);
		if (!btf_is_struct(t) || !t->name_off)
			continue;
		for (i = 0; i < btf_vlen(t); i++) {
			m = btf__type_by_id(vml, btf_members(t)[i].type);
			if (btf_is_composite(m) && !m->name_off && btf_vlen(m))
				return btf_members(t)[i].type;
		}
	}
	return 0;
}

static struct btf *build_kernel_split(struct btf *vml)
{
	int task, i32, lh, u32, anon, s, p_task, p_anon, err;
	struct btf *s_btf;

	task = btf__find_by_name_kind(vml, "task_struct", BTF_KIND_STRUCT);
	i32 = btf__find_by_name_kind(vml, "int", BTF_KIND_INT);
	lh = btf__find_by_name_kind(vml, "list_head", BTF_KIND_STRUCT);
	u32 = btf__find_by_name_kind(vml, "u32", BTF_KIND_TYPEDEF);
	anon = find_anon_member_type(vml);
	if (!ASSERT_TRUE(task > 0 && i32 > 0 && lh > 0 && u32 > 0 && anon > 0,
			 "kernel types"))
		return NULL;
	s_btf = btf__new_empty_split(vml);
	if (!s_btf)
		return NULL;
	p_task = btf__add_ptr(s_btf, task);
	p_anon = btf__add_ptr(s_btf, anon);
	s = btf__add_struct(s_btf, "distill_test", 48);
	err = btf__add_field(s_btf, "a", i32, 0, 0);
	err = err ?: btf__add_field(s_btf, "l", lh, 64, 0);
	err = err ?: btf__add_field(s_btf, "c", u32, 192, 0);
	err = err ?: btf__add_field(s_btf, "t", p_task, 256, 0);
	err = err ?: btf__add_field(s_btf, "x", p_anon, 320, 0);
	if (err || p_task < 0 || p_anon < 0 || s < 0 || btf__add_ptr(s_btf, s) < 0 ||
	    btf__add_func_proto(s_btf, i32) < 0 ||
	    btf__add_func_param(s_btf, "task", p_task)) {
		btf__free(s_btf);
		return NULL;
	}
	return s_btf;
}

/*
 * A copy of the kernel's BTF as one non-split BTF holding split's types
 * after vmlinux's, loaded into the kernel: it checks them as it checks
 * any BTF. The kernel takes no split BTF from user space, so this is
 * how the relocated types meet the kernel's verifier.
 */
static void load_flattened(const struct btf *vml, const struct btf *split)
{
	struct btf *flat = NULL, *s2 = NULL;
	const void *raw;
	__u32 sz;

	raw = btf__raw_data(vml, &sz);
	flat = btf__new(raw, sz);
	if (!ASSERT_OK_PTR(flat, "copy of vmlinux"))
		return;
	raw = btf__raw_data(split, &sz);
	s2 = btf__new_split(raw, sz, flat);
	if (!ASSERT_OK_PTR(s2, "split on the copy"))
		goto out;
	if (!ASSERT_EQ(btf__add_btf(flat, s2), btf__type_cnt(vml), "flatten"))
		goto out;
	ASSERT_OK(btf__load_into_kernel(flat), "kernel accepts vmlinux + relocated types");
out:
	btf__free(s2);
	btf__free(flat);
}

UNIT_TEST(btf_relocate_vmlinux)
{
	struct btf *vml, *split = NULL, *dbase = NULL, *dsplit = NULL, *vml2 = NULL;
	struct btf *dbase2 = NULL, *dsplit2 = NULL;
	void *raw_base = NULL, *raw_split = NULL;
	__u32 base_sz, split_sz, nr_moved, id;
	const struct btf_type *t;
	struct sbuf sb = {};
	int task;

	if (access("/sys/kernel/btf/vmlinux", R_OK))
		UNIT_SKIP("no /sys/kernel/btf/vmlinux");
	vml = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	CHECK_OR_RETURN(ASSERT_OK_PTR(vml, "vmlinux BTF"));
	split = build_kernel_split(vml);
	if (!ASSERT_OK_PTR(split, "split on vmlinux"))
		goto out;
	if (!ASSERT_OK(btf__distill_base(split, &dbase, &dsplit), "distill"))
		goto out;
	/* int, unsigned int (under u32), list_head, task_struct and the
	 * named types of the anonymous member's own members */
	ASSERT_LT(btf__type_cnt(dbase), 64, "distilled base is small");
	task = btf__find_by_name_kind(dbase, "task_struct", BTF_KIND_STRUCT);
	if (ASSERT_TRUE(task > 0, "task_struct distilled")) {
		t = btf__type_by_id(dbase, task);
		ASSERT_EQ(btf_vlen(t), 0, "no members");
		ASSERT_EQ(t->size, btf__type_by_id(vml, btf__find_by_name_kind(vml,
			  "task_struct", BTF_KIND_STRUCT))->size, "size kept");
	}
	ASSERT_TRUE(btf__find_by_name_kind(dbase, "unsigned int", BTF_KIND_INT) > 0,
		    "unsigned int under u32");
	ASSERT_TRUE(btf__find_by_name_kind(dsplit, "u32", BTF_KIND_TYPEDEF) >=
		    (int)btf__type_cnt(dbase), "typedef u32 moved into split");
	nr_moved = btf__type_cnt(dsplit) - btf__type_cnt(dbase) -
		   (btf__type_cnt(split) - btf__type_cnt(vml));
	same_split_types(split, dsplit, nr_moved);
	for (id = btf__type_cnt(dbase); id < btf__type_cnt(dbase) + nr_moved; id++) {
		t = btf__type_by_id(dsplit, id);
		/* only what the distilled base cannot describe moved */
		if (btf_is_composite(t) && t->name_off)
			UNIT_FAIL("named %s moved: %s", btf_is_struct(t) ? "struct" : "union",
				  btf_canon(&sb, dsplit, id));
	}

	raw_base = raw_copy(dbase, &base_sz);
	raw_split = raw_copy(dsplit, &split_sz);
	if (!ASSERT_OK(btf__relocate(dsplit, vml), "relocate onto vmlinux"))
		goto out;
	same_split_types(split, dsplit, nr_moved);
	ASSERT_EQ(btf__type_by_id(dsplit, btf__type_cnt(vml) + nr_moved)->type,
		  btf__find_by_name_kind(vml, "task_struct", BTF_KIND_STRUCT),
		  "pointer to the kernel's task_struct");

	/* vmlinux with its ids shifted by three */
	vml2 = btf__new_empty();
	if (!ASSERT_OK_PTR(vml2, "new"))
		goto out;
	btf__add_int(vml2, "distill_pad", 4, 0);
	btf__add_struct(vml2, "task_struct", 1);	/* not it: a full struct of another size */
	btf__add_ptr(vml2, 1);
	if (!ASSERT_EQ(btf__add_btf(vml2, vml), 4, "shifted vmlinux"))
		goto out;
	dbase2 = btf__new(raw_base, base_sz);
	dsplit2 = dbase2 ? btf__new_split(raw_split, split_sz, dbase2) : NULL;
	if (!ASSERT_OK_PTR(dsplit2, "parse distilled"))
		goto out;
	if (!ASSERT_OK(btf__relocate(dsplit2, vml2), "relocate onto shifted vmlinux"))
		goto out;
	same_split_types(split, dsplit2, nr_moved);
	ASSERT_EQ(btf__type_by_id(dsplit2, btf__type_cnt(vml2) + nr_moved)->type,
		  btf__find_by_name_kind(vml, "task_struct", BTF_KIND_STRUCT) + 3,
		  "pointer to the shifted task_struct");

	if (geteuid() == 0)
		load_flattened(vml, dsplit);
out:
	sb_free(&sb);
	free(raw_base);
	free(raw_split);
	btf__free(dsplit2);
	btf__free(dbase2);
	btf__free(vml2);
	btf__free(dsplit);
	btf__free(dbase);
	btf__free(split);
	btf__free(vml);
}

/* split BTF whose base is split BTF too: everything below counts as base */
UNIT_TEST(btf_distill_split_of_split)
{
	struct btf *base = build_base(), *mid = NULL, *top = NULL, *nb = NULL, *ns = NULL;
	struct sbuf sb = {};
	int m;

	CHECK_OR_RETURN(ASSERT_OK_PTR(base, "base"));
	mid = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(mid, "mid"))
		goto out;
	m = btf__add_struct(mid, "mid", 8);
	btf__add_field(mid, "e", 3, 0, 0);
	top = btf__new_empty_split(mid);
	if (!ASSERT_OK_PTR(top, "top"))
		goto out;
	btf__add_ptr(top, m);
	btf__add_ptr(top, 4);
	if (!ASSERT_OK(btf__distill_base(top, &nb, &ns), "distill"))
		goto out;
	/* int and s1 (members of the anonymous struct), mid */
	ASSERT_STREQ(btf_dump_own(&sb, nb),
		     "[1] INT 'int' size=4 enc=1 bits=32\n"
		     "[2] STRUCT 's1' size=8 vlen=0\n"
		     "[3] STRUCT 'mid' size=8 vlen=0\n", "distilled base");
	if (ASSERT_OK(btf__relocate(ns, mid), "relocate onto the chain")) {
		ASSERT_EQ(btf__base_btf(ns), mid, "new base");
		same_split_types(top, ns, 1);
		ASSERT_EQ(btf__type_by_id(ns, btf__type_cnt(mid) + 1)->type, m, "ptr to mid");
	}
out:
	sb_free(&sb);
	btf__free(ns);
	btf__free(nb);
	btf__free(top);
	btf__free(mid);
	btf__free(base);
}
