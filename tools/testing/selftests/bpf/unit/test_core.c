// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * CO-RE relocations (core.c) without a kernel.
 *
 * A "local" BTF, as clang would write it for a program, and a "target"
 * BTF, as a kernel would have it, are built with the btf__add_*() API.
 * In the target, struct sample changed: fields moved, grew, went into an
 * anonymous union or away, bitfields moved and changed width, an array
 * grew, an embedded struct was reordered; enum sample_enum changed a value
 * and lost one. core_calc_relo() resolves single records against it and
 * the results are compared with what the layout says. core_patch_insn()
 * is checked on small instruction arrays, and bpf_object_core_relocate()
 * on a clang-built object with btf_custom_path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "libbpf_internal.h"
#include "unit.h"

#define CUSTOM_OBJ "core_reloc_custom.bpf.o"
#define POISON_IMM 0xbad2310

/* ---- BTFs -------------------------------------------------------------------- */

struct ids {
	int int_, uint, ushort, short_, llong;
	int inner, sample, sample_enum, arr;
};

static struct btf *local_btf(struct ids *id)
{
	struct btf *btf = btf__new_empty();
	int ptr, err = 0;

	if (!btf)
		return NULL;
	id->int_ = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	id->uint = btf__add_int(btf, "unsigned int", 4, 0);
	id->ushort = btf__add_int(btf, "unsigned short", 2, 0);
	id->short_ = btf__add_int(btf, "short", 2, BTF_INT_SIGNED);
	id->arr = btf__add_array(btf, id->int_, id->int_, 4);

	id->inner = btf__add_struct(btf, "inner", 8);
	err |= btf__add_field(btf, "x", id->int_, 0, 0);
	err |= btf__add_field(btf, "y", id->int_, 32, 0);

	ptr = btf__add_ptr(btf, id->inner);
	id->sample = btf__add_struct(btf, "sample", 56);
	err |= btf__add_field(btf, "a", id->int_, 0, 0);		/* 0:0 */
	err |= btf__add_field(btf, "b", id->int_, 32, 0);		/* 0:1 */
	err |= btf__add_field(btf, "c", id->ushort, 64, 0);		/* 0:2 */
	err |= btf__add_field(btf, "s", id->short_, 80, 0);		/* 0:3 */
	err |= btf__add_field(btf, "gone", id->int_, 96, 0);		/* 0:4 */
	err |= btf__add_field(btf, "d", id->int_, 128, 0);		/* 0:5 */
	err |= btf__add_field(btf, "bits", id->uint, 160, 4);		/* 0:6 */
	err |= btf__add_field(btf, "flag", id->uint, 164, 1);		/* 0:7 */
	err |= btf__add_field(btf, "neg", id->int_, 165, 3);		/* 0:8 */
	err |= btf__add_field(btf, "arr", id->arr, 192, 0);		/* 0:9 */
	err |= btf__add_field(btf, "in", id->inner, 320, 0);		/* 0:10 */
	err |= btf__add_field(btf, "p", ptr, 384, 0);			/* 0:11 */

	id->sample_enum = btf__add_enum(btf, "sample_enum", 4);
	err |= btf__add_enum_value(btf, "SAMPLE_A", 1);
	err |= btf__add_enum_value(btf, "SAMPLE_B", 2);
	err |= btf__add_enum_value(btf, "SAMPLE_GONE", 3);
	if (err || id->sample < 0 || id->sample_enum < 0 || id->arr < 0 || ptr < 0) {
		btf__free(btf);
		return NULL;
	}
	return btf;
}

static struct btf *target_btf(struct ids *id)
{
	struct btf *btf = btf__new_empty();
	int anon, ptr, err = 0;

	if (!btf)
		return NULL;
	/* some unrelated types first, so ids differ from the local ones */
	btf__add_int(btf, "char", 1, BTF_INT_CHAR);
	btf__add_struct(btf, "unrelated", 0);
	id->int_ = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	id->uint = btf__add_int(btf, "unsigned int", 4, 0);
	id->llong = btf__add_int(btf, "long long", 8, BTF_INT_SIGNED);
	id->arr = btf__add_array(btf, id->int_, id->int_, 8);

	id->inner = btf__add_struct(btf, "inner", 8);
	err |= btf__add_field(btf, "y", id->int_, 0, 0);
	err |= btf__add_field(btf, "x", id->int_, 32, 0);

	anon = btf__add_union(btf, NULL, 8);
	err |= btf__add_field(btf, "d", id->int_, 0, 0);
	err |= btf__add_field(btf, "dd", id->llong, 0, 0);

	ptr = btf__add_ptr(btf, id->inner);
	id->sample = btf__add_struct(btf, "sample", 80);
	err |= btf__add_field(btf, "a", id->int_, 0, 0);
	err |= btf__add_field(btf, "pad", id->int_, 32, 0);
	err |= btf__add_field(btf, "b", id->int_, 64, 0);		/* moved: 4 -> 8 */
	err |= btf__add_field(btf, "c", id->uint, 96, 0);		/* 2 -> 4 bytes at 12 */
	err |= btf__add_field(btf, "s", id->int_, 128, 0);		/* signed, grew */
	err |= btf__add_field(btf, NULL, anon, 160, 0);			/* d at 20 */
	err |= btf__add_field(btf, "x", id->uint, 224, 3);
	err |= btf__add_field(btf, "bits", id->uint, 227, 4);
	err |= btf__add_field(btf, "flag", id->uint, 231, 1);
	err |= btf__add_field(btf, "neg", id->int_, 232, 5);
	err |= btf__add_field(btf, "arr", id->arr, 256, 0);		/* int[8] at 32 */
	err |= btf__add_field(btf, "in", id->inner, 512, 0);		/* at 64 */
	err |= btf__add_field(btf, "p", ptr, 576, 0);

	id->sample_enum = btf__add_enum(btf, "sample_enum", 4);
	err |= btf__add_enum_value(btf, "SAMPLE_A", 1);
	err |= btf__add_enum_value(btf, "SAMPLE_B", 20);
	if (err || id->sample < 0 || id->sample_enum < 0 || anon < 0 || ptr < 0) {
		btf__free(btf);
		return NULL;
	}
	return btf;
}

struct env {
	struct btf *local, *targ;
	struct ids l, t;
};

static bool env_init(struct env *e)
{
	memset(e, 0, sizeof(*e));
	e->local = local_btf(&e->l);
	e->targ = target_btf(&e->t);
	if (!ASSERT_OK_PTR(e->local, "local BTF") || !ASSERT_OK_PTR(e->targ, "target BTF")) {
		btf__free(e->local);
		btf__free(e->targ);
		return false;
	}
	return true;
}

static void env_free(struct env *e)
{
	btf__free(e->local);
	btf__free(e->targ);
}

/* resolve one record of kind for type_id with access string spec */
static int calc(struct btf *local, const struct btf *targ, int type_id,
		const char *spec, __u32 kind, struct core_relo_res *res)
{
	struct bpf_core_relo r = { .type_id = type_id, .kind = kind };
	int off = btf__add_str(local, spec);

	if (off < 0)
		return off;
	r.access_str_off = off;
	memset(res, 0xa5, sizeof(*res));
	return core_calc_relo("unit", local, targ, &r, res);
}

/* expect success with orig -> new, not poisoned */
#define EXPECT(e, type, spec, kind, orig, new)                                 \
	do {                                                                   \
		struct core_relo_res ___r;                                     \
		int ___err = calc((e)->local, (e)->targ, type, spec, kind, &___r); \
		if (ASSERT_OK(___err, spec)) {                                 \
			ASSERT_EQ(___r.orig_val, orig, spec " local value");   \
			ASSERT_EQ(___r.new_val, new, spec " target value");    \
			ASSERT_FALSE(___r.poison, spec " not poisoned");       \
		}                                                              \
	} while (0)

/* ---- fields ---------------------------------------------------------------------- */

UNIT_TEST(core_field_offsets)
{
	struct env e;

	CHECK_OR_RETURN(env_init(&e));
	EXPECT(&e, e.l.sample, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 0);
	EXPECT(&e, e.l.sample, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, 4, 8);
	EXPECT(&e, e.l.sample, "0:2", BPF_CORE_FIELD_BYTE_OFFSET, 8, 12);
	/* d went into an anonymous union of the target */
	EXPECT(&e, e.l.sample, "0:5", BPF_CORE_FIELD_BYTE_OFFSET, 16, 20);
	/* array element, embedded struct member, pointer member */
	EXPECT(&e, e.l.sample, "0:9:2", BPF_CORE_FIELD_BYTE_OFFSET, 32, 40);
	EXPECT(&e, e.l.sample, "0:10:1", BPF_CORE_FIELD_BYTE_OFFSET, 44, 64);
	EXPECT(&e, e.l.sample, "0:11", BPF_CORE_FIELD_BYTE_OFFSET, 48, 72);
	/* index on the root pointer: sample[1].b */
	EXPECT(&e, e.l.sample, "1:1", BPF_CORE_FIELD_BYTE_OFFSET, 56 + 4, 80 + 8);
	/* the root itself */
	EXPECT(&e, e.l.sample, "0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 0);
	env_free(&e);
}

UNIT_TEST(core_field_sizes_and_exists)
{
	struct core_relo_res r;
	struct env e;

	CHECK_OR_RETURN(env_init(&e));
	EXPECT(&e, e.l.sample, "0:1", BPF_CORE_FIELD_BYTE_SIZE, 4, 4);
	EXPECT(&e, e.l.sample, "0:2", BPF_CORE_FIELD_BYTE_SIZE, 2, 4);
	EXPECT(&e, e.l.sample, "0:9", BPF_CORE_FIELD_BYTE_SIZE, 16, 32);
	EXPECT(&e, e.l.sample, "0:10", BPF_CORE_FIELD_BYTE_SIZE, 8, 8);
	EXPECT(&e, e.l.sample, "0:1", BPF_CORE_FIELD_EXISTS, 1, 1);
	EXPECT(&e, e.l.sample, "0:1", BPF_CORE_FIELD_SIGNED, 1, 1);
	EXPECT(&e, e.l.sample, "0:2", BPF_CORE_FIELD_SIGNED, 0, 0);

	/* a field the target lacks: exists reads 0, anything else poisons */
	EXPECT(&e, e.l.sample, "0:4", BPF_CORE_FIELD_EXISTS, 1, 0);
	if (ASSERT_OK(calc(e.local, e.targ, e.l.sample, "0:4", BPF_CORE_FIELD_BYTE_OFFSET, &r),
		      "offset of a missing field"))
		ASSERT_TRUE(r.poison, "missing field poisons");
	if (ASSERT_OK(calc(e.local, e.targ, e.l.sample, "0:4", BPF_CORE_FIELD_BYTE_SIZE, &r),
		      "size of a missing field"))
		ASSERT_TRUE(r.poison, "missing field poisons");
	/* an element of an array that grew */
	EXPECT(&e, e.l.sample, "0:9:3", BPF_CORE_FIELD_EXISTS, 1, 1);
	env_free(&e);
}

UNIT_TEST(core_field_size_change)
{
	struct core_relo_res r;
	struct env e;

	CHECK_OR_RETURN(env_init(&e));
	/* unsigned short -> unsigned int: a load may widen */
	if (ASSERT_OK(calc(e.local, e.targ, e.l.sample, "0:2", BPF_CORE_FIELD_BYTE_OFFSET, &r), "c")) {
		ASSERT_EQ(r.orig_sz, 2, "local size of c");
		ASSERT_EQ(r.new_sz, 4, "target size of c");
		ASSERT_FALSE(r.sz_adjust_bad, "unsigned widening is fine");
		ASSERT_TRUE(r.validate, "plain fields are validated");
	}
	/* short -> int: zero-extending would lose the sign */
	if (ASSERT_OK(calc(e.local, e.targ, e.l.sample, "0:3", BPF_CORE_FIELD_BYTE_OFFSET, &r), "s")) {
		ASSERT_EQ(r.orig_val, 10, "local offset of s");
		ASSERT_EQ(r.new_val, 16, "target offset of s");
		ASSERT_EQ(r.new_sz, 4, "target size of s");
		ASSERT_TRUE(r.sz_adjust_bad, "signed widening is refused");
		ASSERT_TRUE(r.sz_sx_ok, "... unless the load sign-extends");
	}
	/* sizes that did not change */
	if (ASSERT_OK(calc(e.local, e.targ, e.l.sample, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r), "b"))
		ASSERT_EQ(r.new_sz, r.orig_sz, "same size of b");
	env_free(&e);
}

UNIT_TEST(core_bitfields)
{
	struct core_relo_res r;
	struct env e;

	CHECK_OR_RETURN(env_init(&e));
	/* bits: local bit 160, 4 bits in a u32 -> target bit 227 */
	EXPECT(&e, e.l.sample, "0:6", BPF_CORE_FIELD_BYTE_OFFSET, 20, 28);
	EXPECT(&e, e.l.sample, "0:6", BPF_CORE_FIELD_BYTE_SIZE, 4, 4);
	EXPECT(&e, e.l.sample, "0:6", BPF_CORE_FIELD_LSHIFT_U64, 60, 57);
	EXPECT(&e, e.l.sample, "0:6", BPF_CORE_FIELD_RSHIFT_U64, 60, 60);
	EXPECT(&e, e.l.sample, "0:6", BPF_CORE_FIELD_SIGNED, 0, 0);
	/* flag: bit 164 -> 231, 1 bit */
	EXPECT(&e, e.l.sample, "0:7", BPF_CORE_FIELD_LSHIFT_U64, 59, 56);
	EXPECT(&e, e.l.sample, "0:7", BPF_CORE_FIELD_RSHIFT_U64, 63, 63);
	/* neg: signed, bit 165 width 3 -> bit 232 width 5 */
	EXPECT(&e, e.l.sample, "0:8", BPF_CORE_FIELD_SIGNED, 1, 1);
	EXPECT(&e, e.l.sample, "0:8", BPF_CORE_FIELD_LSHIFT_U64, 56, 51);
	EXPECT(&e, e.l.sample, "0:8", BPF_CORE_FIELD_RSHIFT_U64, 61, 59);
	EXPECT(&e, e.l.sample, "0:8", BPF_CORE_FIELD_BYTE_OFFSET, 20, 28);
	/* clang's container choice may differ: bitfields are not validated */
	if (ASSERT_OK(calc(e.local, e.targ, e.l.sample, "0:6", BPF_CORE_FIELD_BYTE_OFFSET, &r), "bits"))
		ASSERT_FALSE(r.validate, "bitfield offset not validated");
	env_free(&e);
}

/* a struct whose bitfield straddles its type's natural alignment */
UNIT_TEST(core_bitfield_wide_load)
{
	struct core_relo_res r;
	struct btf *btf = btf__new_empty();
	int u8, s;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "btf"));
	u8 = btf__add_int(btf, "unsigned char", 1, 0);
	s = btf__add_struct(btf, "packed", 4);
	btf__add_field(btf, "lo", u8, 0, 6);
	btf__add_field(btf, "mid", u8, 6, 4);	/* bits 6..9: two bytes */
	if (ASSERT_OK(calc(btf, btf, s, "0:1", BPF_CORE_FIELD_BYTE_SIZE, &r), "mid size"))
		ASSERT_EQ(r.new_val, 2, "needs a 2-byte load");
	if (ASSERT_OK(calc(btf, btf, s, "0:1", BPF_CORE_FIELD_LSHIFT_U64, &r), "mid lshift"))
		ASSERT_EQ(r.new_val, 64 - 10, "lshift");
	btf__free(btf);
}

UNIT_TEST(core_flavors)
{
	struct env e;
	int old, dup;

	CHECK_OR_RETURN(env_init(&e));
	/* a local flavor finds the target type without its suffix */
	old = btf__add_struct(e.local, "sample___old", 8);
	btf__add_field(e.local, "b", e.l.int_, 32, 0);
	EXPECT(&e, old, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 4, 8);
	EXPECT(&e, old, "0", BPF_CORE_TYPE_EXISTS, 1, 1);
	/* a suffix on the target side is ignored too */
	dup = btf__add_struct(e.targ, "inner___v2", 8);
	btf__add_field(e.targ, "x", e.t.int_, 32, 0);
	btf__add_field(e.targ, "y", e.t.int_, 0, 0);
	/* inner and inner___v2 agree on y: 0, on x: 4 */
	EXPECT(&e, e.l.inner, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, 4, 0);
	/* a flavor with a field the target lacks */
	old = btf__add_struct(e.local, "sample___new", 8);
	btf__add_field(e.local, "no_such", e.l.int_, 0, 0);
	EXPECT(&e, old, "0:0", BPF_CORE_FIELD_EXISTS, 1, 0);
	/* names with several underscores are not flavors */
	old = btf__add_struct(e.local, "sample____x", 8);
	EXPECT(&e, old, "0", BPF_CORE_TYPE_EXISTS, 1, 0);
	ASSERT_TRUE(dup > 0, "target flavor added");
	env_free(&e);
}

UNIT_TEST(core_ambiguous)
{
	struct core_relo_res r;
	struct env e;
	int dup;

	CHECK_OR_RETURN(env_init(&e));
	/* two target candidates that disagree on b */
	dup = btf__add_struct(e.targ, "sample___2", 8);
	btf__add_field(e.targ, "b", e.t.int_, 0, 0);
	ASSERT_TRUE(dup > 0, "second candidate");
	unit_log_reset();
	ASSERT_EQ(calc(e.local, e.targ, e.l.sample, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r),
		  -EINVAL, "ambiguous offset");
	ASSERT_TRUE(strstr(unit_log(), "different results") != NULL, "says why");
	/* the candidate without field a does not match: a is not ambiguous */
	EXPECT(&e, e.l.sample, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 0);
	env_free(&e);
}

UNIT_TEST(core_incompatible_field)
{
	struct core_relo_res r;
	struct env e;
	int s, ptr;

	CHECK_OR_RETURN(env_init(&e));
	/* local "in" is an int where the target has a struct: no match */
	s = btf__add_struct(e.local, "sample___int_in", 4);
	btf__add_field(e.local, "in", e.l.int_, 0, 0);
	if (ASSERT_OK(calc(e.local, e.targ, s, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &r), "in"))
		ASSERT_TRUE(r.poison, "incompatible field poisons");
	/* an int field read as a pointer: no match either */
	ptr = btf__add_ptr(e.local, e.l.int_);
	s = btf__add_struct(e.local, "sample___ptr_b", 8);
	btf__add_field(e.local, "b", ptr, 0, 0);
	EXPECT(&e, s, "0:0", BPF_CORE_FIELD_EXISTS, 1, 0);
	env_free(&e);
}

/* ---- types and enums --------------------------------------------------------------- */

UNIT_TEST(core_types)
{
	struct env e;
	int none, ptr;

	CHECK_OR_RETURN(env_init(&e));
	EXPECT(&e, e.l.sample, "0", BPF_CORE_TYPE_EXISTS, 1, 1);
	EXPECT(&e, e.l.sample, "0", BPF_CORE_TYPE_SIZE, 56, 80);
	EXPECT(&e, e.l.sample, "0", BPF_CORE_TYPE_ID_TARGET, e.l.sample, e.t.sample);
	EXPECT(&e, e.l.sample, "0", BPF_CORE_TYPE_ID_LOCAL, e.l.sample, e.l.sample);
	EXPECT(&e, e.l.sample_enum, "0", BPF_CORE_TYPE_SIZE, 4, 4);
	/* a type the target lacks reads 0 for everything */
	none = btf__add_struct(e.local, "nothing", 4);
	EXPECT(&e, none, "0", BPF_CORE_TYPE_EXISTS, 1, 0);
	EXPECT(&e, none, "0", BPF_CORE_TYPE_SIZE, 4, 0);
	EXPECT(&e, none, "0", BPF_CORE_TYPE_ID_TARGET, none, 0);
	EXPECT(&e, none, "0", BPF_CORE_TYPE_ID_LOCAL, none, none);
	/* typedefs are looked up by their own name */
	btf__add_typedef(e.targ, "sample_t", e.t.sample);
	ptr = btf__add_typedef(e.local, "sample_t", e.l.sample);
	EXPECT(&e, ptr, "0", BPF_CORE_TYPE_SIZE, 56, 80);
	env_free(&e);
}

UNIT_TEST(core_type_matches)
{
	struct env e;
	int s;

	CHECK_OR_RETURN(env_init(&e));
	/* inner: same members by name, reordered */
	EXPECT(&e, e.l.inner, "0", BPF_CORE_TYPE_MATCHES, 1, 1);
	/* a member whose int changed signedness */
	s = btf__add_struct(e.local, "inner___unsigned", 8);
	btf__add_field(e.local, "x", e.l.uint, 0, 0);
	EXPECT(&e, s, "0", BPF_CORE_TYPE_MATCHES, 1, 0);
	/* a member the target lacks */
	s = btf__add_struct(e.local, "inner___z", 8);
	btf__add_field(e.local, "z", e.l.int_, 0, 0);
	EXPECT(&e, s, "0", BPF_CORE_TYPE_MATCHES, 1, 0);
	/* sample lost "gone": no match, but it exists */
	EXPECT(&e, e.l.sample, "0", BPF_CORE_TYPE_MATCHES, 1, 0);
	EXPECT(&e, e.l.sample, "0", BPF_CORE_TYPE_EXISTS, 1, 1);
	/* the enum lost SAMPLE_GONE */
	EXPECT(&e, e.l.sample_enum, "0", BPF_CORE_TYPE_MATCHES, 1, 0);
	env_free(&e);
}

UNIT_TEST(core_enum_values)
{
	struct core_relo_res r;
	struct env e;
	int e64, neg;

	CHECK_OR_RETURN(env_init(&e));
	EXPECT(&e, e.l.sample_enum, "0", BPF_CORE_ENUMVAL_VALUE, 1, 1);
	EXPECT(&e, e.l.sample_enum, "1", BPF_CORE_ENUMVAL_VALUE, 2, 20);
	EXPECT(&e, e.l.sample_enum, "1", BPF_CORE_ENUMVAL_EXISTS, 1, 1);
	EXPECT(&e, e.l.sample_enum, "2", BPF_CORE_ENUMVAL_EXISTS, 1, 0);
	if (ASSERT_OK(calc(e.local, e.targ, e.l.sample_enum, "2", BPF_CORE_ENUMVAL_VALUE, &r),
		      "value of a missing enumerator"))
		ASSERT_TRUE(r.poison, "missing enumerator poisons");
	ASSERT_EQ(calc(e.local, e.targ, e.l.sample_enum, "3", BPF_CORE_ENUMVAL_VALUE, &r),
		  -EINVAL, "index past the local enum");

	/* a 32-bit enum became a 64-bit one */
	e64 = btf__add_enum64(e.targ, "wide", 8, false);
	btf__add_enum64_value(e.targ, "WIDE_BIG", 0x100000002ULL);
	neg = btf__add_enum(e.local, "wide", 4);
	btf__add_enum_value(e.local, "WIDE_BIG", 2);
	EXPECT(&e, neg, "0", BPF_CORE_ENUMVAL_VALUE, 2, 0x100000002ULL);
	/* a signed enum (kind_flag) sign-extends */
	neg = btf__add_enum(e.targ, "signed_e", 4);
	btf_type_by_id(e.targ, neg)->info |= 1U << 31;
	btf__add_enum_value(e.targ, "SIGNED_M1", -1);
	neg = btf__add_enum(e.local, "signed_e", 4);
	btf__add_enum_value(e.local, "SIGNED_M1", 7);
	EXPECT(&e, neg, "0", BPF_CORE_ENUMVAL_VALUE, 7, (__u64)-1LL);
	ASSERT_TRUE(e64 > 0, "enum64 added");
	env_free(&e);
}

/* ---- malformed records --------------------------------------------------------------- */

UNIT_TEST(core_malformed)
{
	static const char *const bad[] = {
		"", "0:", ":0", "x", "0::1", "0:1a", "0:99", "0:9:4", "4294967296",
		"0:1:0", "0:6:0",
		"4294967295:1",		/* past 4 GiB */
	};
	struct bpf_core_relo relo = {};
	struct core_relo_res r;
	struct env e;
	size_t i;

	CHECK_OR_RETURN(env_init(&e));
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ASSERT_EQ(calc(e.local, e.targ, e.l.sample, bad[i], BPF_CORE_FIELD_BYTE_OFFSET, &r),
			  -EINVAL, bad[i]);
	ASSERT_EQ(calc(e.local, e.targ, e.l.sample, "1", BPF_CORE_TYPE_SIZE, &r), -EINVAL,
		  "type relocation with access 1");
	ASSERT_EQ(calc(e.local, e.targ, e.l.sample, "0", BPF_CORE_ENUMVAL_VALUE, &r), -EINVAL,
		  "enum relocation on a struct");
	ASSERT_EQ(calc(e.local, e.targ, 9999, "0", BPF_CORE_TYPE_SIZE, &r), -EINVAL,
		  "type id out of range");
	ASSERT_EQ(calc(e.local, e.targ, e.l.sample, "0", 77, &r), -EOPNOTSUPP, "unknown kind");
	/* anonymous local types have nothing to look up */
	ASSERT_EQ(calc(e.local, e.targ, btf__add_struct(e.local, NULL, 4), "0",
		       BPF_CORE_TYPE_EXISTS, &r), -EOPNOTSUPP, "anonymous local type");
	/* no target at all */
	ASSERT_EQ(calc(e.local, NULL, e.l.sample, "0", BPF_CORE_TYPE_SIZE, &r), -EINVAL,
		  "no target BTF");
	/* an access string offset outside the strings */
	relo.type_id = e.l.sample;
	relo.access_str_off = 1U << 30;
	relo.kind = BPF_CORE_FIELD_BYTE_OFFSET;
	ASSERT_EQ(core_calc_relo("unit", e.local, e.targ, &relo, &r), -EINVAL, "bad string");
	env_free(&e);
}

/* a target whose types refer to each other in a loop terminates */
UNIT_TEST(core_recursive_types)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct core_relo_res r;
	int ls, ts, lng;

	if (!ASSERT_OK_PTR(l, "local") || !ASSERT_OK_PTR(t, "target"))
		goto out;
	/* struct node { struct node *next; }, the pointer added after */
	ls = btf__add_struct(l, "node", 8);
	btf__add_field(l, "next", ls + 1, 0, 0);
	btf__add_ptr(l, ls);
	lng = btf__add_int(t, "long", 8, BTF_INT_SIGNED);
	ts = btf__add_struct(t, "node", 16);
	btf__add_field(t, "pad", lng, 0, 0);
	btf__add_field(t, "next", ts + 1, 64, 0);
	btf__add_ptr(t, ts);
	ASSERT_EQ(ts + 1, btf__type_cnt(t) - 1, "layout");
	if (ASSERT_OK(calc(l, t, ls, "0", BPF_CORE_TYPE_MATCHES, &r), "matches"))
		ASSERT_EQ(r.new_val, 1, "node matches node");
	if (ASSERT_OK(calc(l, t, ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &r), "next"))
		ASSERT_EQ(r.new_val, 8, "next moved");
out:
	btf__free(l);
	btf__free(t);
}

/*
 * Crafted BTF that C cannot produce: structs embedding themselves, twice
 * (a naive comparison visits 2^depth types), anonymous unions made of
 * themselves, prototypes taking pointers to themselves. Comparisons end
 * quickly with "no match".
 */
static void add_loops(struct btf *btf)
{
	int s, u, p;

	s = btf__add_struct(btf, "loop", 8);
	btf__add_field(btf, "a", s, 0, 0);
	btf__add_field(btf, "b", s, 32, 0);
	u = btf__add_union(btf, NULL, 4);
	btf__add_field(btf, NULL, u, 0, 0);
	btf__add_field(btf, NULL, u, 0, 0);
	btf__add_struct(btf, "anon_loop", 4);
	btf__add_field(btf, NULL, u, 0, 0);
	btf__add_field(btf, NULL, u, 0, 0);
	p = btf__add_ptr(btf, btf__type_cnt(btf) + 1);
	btf__add_func_proto(btf, p);
	btf__add_func_param(btf, "x", p);
	btf__add_func_param(btf, "y", p);
	btf__add_typedef(btf, "fn_loop_t", p);
}

UNIT_TEST(core_crafted_loops)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct core_relo_res r;
	int ls, la, lf, i32;

	if (!ASSERT_OK_PTR(l, "local") || !ASSERT_OK_PTR(t, "target"))
		goto out;
	add_loops(t);
	add_loops(l);
	ls = btf__find_by_name_kind(l, "loop", BTF_KIND_STRUCT);
	lf = btf__find_by_name_kind(l, "fn_loop_t", BTF_KIND_TYPEDEF);
	i32 = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	la = btf__add_struct(l, "anon_loop___local", 4);
	btf__add_field(l, "missing", i32, 0, 0);
	if (ASSERT_OK(calc(l, t, ls, "0", BPF_CORE_TYPE_MATCHES, &r), "self-embedding struct"))
		ASSERT_EQ(r.new_val, 0, "no match");
	if (ASSERT_OK(calc(l, t, la, "0:0", BPF_CORE_FIELD_EXISTS, &r), "self-made anonymous union"))
		ASSERT_EQ(r.new_val, 0, "no such field");
	if (ASSERT_OK(calc(l, t, lf, "0", BPF_CORE_TYPE_EXISTS, &r), "self-referencing prototype"))
		ASSERT_EQ(r.new_val, 0, "no compatible type");
	/* the loop's own field, found without looking into the loop */
	if (ASSERT_OK(calc(l, t, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r), "loop.b"))
		ASSERT_EQ(r.new_val, 4, "offset of b");
out:
	btf__free(l);
	btf__free(t);
}

/* ---- instruction patching -------------------------------------------------------------- */

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static struct core_relo_res res_of(__u64 orig, __u64 new)
{
	struct core_relo_res r = { .orig_val = orig, .new_val = new, .validate = true };

	return r;
}

static bool is_poison(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->imm == POISON_IMM &&
	       !insn->src_reg && !insn->dst_reg && !insn->off;
}

UNIT_TEST(core_patch_alu)
{
	struct bpf_insn insns[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 4),
		INSN(BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 0, 0),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1, 4),
	};
	struct core_relo_res r = res_of(4, 8);

	ASSERT_OK(core_patch_insn("unit", insns, 3, 0, 0, &r), "mov imm");
	ASSERT_EQ(insns[0].imm, 8, "new immediate");
	/* the instruction no longer holds the local value */
	unit_log_reset();
	ASSERT_EQ(core_patch_insn("unit", insns, 3, 0, 0, &r), -EINVAL, "validation");
	ASSERT_EQ(insns[0].imm, 8, "unchanged on error");
	ASSERT_TRUE(strstr(unit_log(), "expected 4") != NULL, "says what it expected");
	ASSERT_EQ(core_patch_insn("unit", insns, 3, 1, 0, &r), -EINVAL, "register source");
	ASSERT_EQ(core_patch_insn("unit", insns, 3, 2, 0, &r), -EINVAL, "jump");
	ASSERT_EQ(core_patch_insn("unit", insns, 3, 3, 0, &r), -EINVAL, "past the end");
	/* values beyond 32 bits do not fit an immediate, negative ones do */
	r = res_of(8, 1ULL << 32);
	ASSERT_EQ(core_patch_insn("unit", insns, 3, 0, 0, &r), -ERANGE, "too big");
	r = res_of(8, (__u64)-5LL);
	ASSERT_OK(core_patch_insn("unit", insns, 3, 0, 0, &r), "negative");
	ASSERT_EQ(insns[0].imm, -5, "negative immediate");
	/* not validated: anything goes */
	r = res_of(1234, 3);
	r.validate = false;
	ASSERT_OK(core_patch_insn("unit", insns, 3, 0, 0, &r), "no validation");
	ASSERT_EQ(insns[0].imm, 3, "patched without validation");
}

UNIT_TEST(core_patch_mem)
{
	struct bpf_insn insns[] = {
		INSN(BPF_LDX | BPF_MEM | BPF_H, 2, 1, 8, 0),
		INSN(BPF_STX | BPF_MEM | BPF_W, 1, 2, 4, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_H, 2, 1, 10, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 8, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0),
	};
	struct core_relo_res r = res_of(8, 12);

	/* u16 at 8 -> u32 at 12 */
	r.orig_sz = 2;
	r.new_sz = 4;
	ASSERT_OK(core_patch_insn("unit", insns, 5, 0, 0, &r), "ldx widened");
	ASSERT_EQ(insns[0].code, BPF_LDX | BPF_MEM | BPF_W, "u32 load");
	ASSERT_EQ(insns[0].off, 12, "new offset");
	ASSERT_EQ(insns[0].dst_reg, 2, "registers kept");
	ASSERT_EQ(insns[0].src_reg, 1, "registers kept");
	/* a store whose field kept its size */
	r = res_of(4, 8);
	ASSERT_OK(core_patch_insn("unit", insns, 5, 1, 0, &r), "stx");
	ASSERT_EQ(insns[1].off, 8, "store offset");
	ASSERT_EQ(insns[1].code, BPF_STX | BPF_MEM | BPF_W, "store size kept");
	/* a signed field that grew cannot be read by a wider load: poisoned */
	r = res_of(10, 16);
	r.orig_sz = 2;
	r.new_sz = 4;
	r.sz_adjust_bad = true;
	ASSERT_OK(core_patch_insn("unit", insns, 5, 2, 0, &r), "signed widening");
	ASSERT_TRUE(is_poison(&insns[2]), "poisoned");
	/* the load's width is not the local field size */
	r = res_of(8, 12);
	r.orig_sz = 2;
	r.new_sz = 4;
	ASSERT_EQ(core_patch_insn("unit", insns, 5, 3, 0, &r), -EINVAL, "width mismatch");
	/* offsets must fit 16 bits */
	r = res_of(0, 40000);
	ASSERT_EQ(core_patch_insn("unit", insns, 5, 4, 0, &r), -ERANGE, "offset too big");
	/* an unsupported target width */
	r = res_of(0, 16);
	r.orig_sz = 4;
	r.new_sz = 16;
	ASSERT_OK(core_patch_insn("unit", insns, 5, 4, 0, &r), "16-byte field");
	ASSERT_TRUE(is_poison(&insns[4]), "poisoned");
}

UNIT_TEST(core_patch_ld_imm64)
{
	struct bpf_insn insns[] = {
		INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 5),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, 2),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, -1),
		INSN(0, 0, 0, 0, -1),
		INSN(BPF_LD | BPF_IMM | BPF_DW, 3, 0, 0, 0),
	};
	struct core_relo_res r = res_of(5, 0x100000002ULL);

	ASSERT_OK(core_patch_insn("unit", insns, 7, 0, 0, &r), "ld_imm64");
	ASSERT_EQ(insns[0].imm, 2, "low half");
	ASSERT_EQ(insns[1].imm, 1, "high half");
	ASSERT_EQ(insns[0].dst_reg, 1, "register kept");
	/* poisoned: both halves become invalid calls */
	r = res_of(2, 0);
	r.poison = true;
	ASSERT_OK(core_patch_insn("unit", insns, 7, 2, 0, &r), "poison ld_imm64");
	ASSERT_TRUE(is_poison(&insns[2]) && is_poison(&insns[3]), "both halves poisoned");
	/* 32-bit enum values: only the low half is compared */
	r = res_of(0xffffffffULL, 7);
	r.validate_lo32 = true;
	ASSERT_OK(core_patch_insn("unit", insns, 7, 4, 0, &r), "sign-extended local value");
	ASSERT_EQ(insns[4].imm, 7, "low half");
	ASSERT_EQ(insns[5].imm, 0, "high half");
	/* the second half is missing */
	ASSERT_EQ(core_patch_insn("unit", insns, 7, 6, 0, &r), -EINVAL, "truncated ld_imm64");
	/* a value that differs in the high half */
	r = res_of(5, 1);
	ASSERT_EQ(core_patch_insn("unit", insns, 7, 0, 0, &r), -EINVAL, "validation");
}

/* ---- a clang-built object -------------------------------------------------------------- */

/* the target layout prog_tests/core_reloc.c uses, written to a file */
static int write_custom_btf(char *path, size_t size)
{
	struct btf *btf = btf__new_empty();
	int fd = -1, i32, u32, anon, s, e, err = -ENOMEM;
	const void *raw;
	__u32 raw_sz;

	snprintf(path, size, "/tmp/unit_core_btf.XXXXXX");
	if (!btf)
		return err;
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	u32 = btf__add_int(btf, "unsigned int", 4, 0);
	anon = btf__add_union(btf, NULL, 4);
	btf__add_field(btf, "d", i32, 0, 0);
	s = btf__add_struct(btf, "core_sample", 32);
	btf__add_field(btf, "a", i32, 0, 0);
	btf__add_field(btf, "pad", i32, 32, 0);
	btf__add_field(btf, "b", i32, 64, 0);
	btf__add_field(btf, "c", u32, 96, 0);
	btf__add_field(btf, NULL, anon, 128, 0);
	btf__add_field(btf, "x", u32, 192, 3);
	btf__add_field(btf, "bits", u32, 195, 4);
	btf__add_field(btf, "flag", u32, 199, 1);
	e = btf__add_enum(btf, "core_sample_enum", 4);
	btf__add_enum_value(btf, "CORE_SAMPLE_A", 1);
	btf__add_enum_value(btf, "CORE_SAMPLE_B", 20);
	raw = btf__raw_data(btf, &raw_sz);
	if (s < 0 || e < 0 || !raw)
		goto out;
	fd = mkstemp(path);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	err = write(fd, raw, raw_sz) == (ssize_t)raw_sz ? 0 : -EIO;
	close(fd);
	if (err)
		unlink(path);
out:
	btf__free(btf);
	return err;
}

static struct bpf_program *find_prog(struct bpf_object *obj, const char *name)
{
	size_t i;

	for (i = 0; i < obj->nr_programs; i++)
		if (strcmp(obj->programs[i].name, name) == 0)
			return &obj->programs[i];
	return NULL;
}

/* does prog have a load or store of width sz (BPF_W...) at off? */
static bool has_mem(const struct bpf_program *prog, __u8 class, int sz, int off)
{
	size_t i;

	for (i = 0; i < prog->sec_insn_cnt; i++)
		if (prog->insns[i].code == (class | BPF_MEM | sz) && prog->insns[i].off == off)
			return true;
	return false;
}

static struct bpf_object *open_custom(const char *btf_path)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = btf_path);

	return bpf_object__open_file(unit_obj_path(CUSTOM_OBJ), &opts);
}

UNIT_TEST(core_object_custom_btf)
{
	struct bpf_program *prog, *poisoned;
	struct bpf_insn *before = NULL;
	struct bpf_object *obj;
	char path[64];
	size_t i, n, changed = 0;

	CHECK_OR_RETURN(ASSERT_OK(write_custom_btf(path, sizeof(path)), "write BTF"));
	obj = open_custom(path);
	if (!ASSERT_OK_PTR(obj, CUSTOM_OBJ))
		goto out;
	prog = find_prog(obj, "core_custom");
	poisoned = find_prog(obj, "core_poisoned");
	if (!ASSERT_OK_PTR(prog, "core_custom") || !ASSERT_OK_PTR(poisoned, "core_poisoned"))
		goto out;
	/* as clang wrote it: b at 4, c a u16 at 8 */
	ASSERT_TRUE(has_mem(prog, BPF_LDX, BPF_W, 4), "local b");
	ASSERT_TRUE(has_mem(prog, BPF_LDX, BPF_H, 8), "local c");
	n = prog->sec_insn_cnt;
	before = malloc(n * sizeof(*before));
	if (!ASSERT_OK_PTR(before, "malloc"))
		goto out;
	memcpy(before, prog->insns, n * sizeof(*before));

	/* SEC("?tc"): relocated only when it is to be loaded */
	ASSERT_OK(bpf_program__set_autoload(poisoned, true), "autoload core_poisoned");
	if (!ASSERT_OK(bpf_object_core_relocate(obj), "core relocate"))
		goto out;
	ASSERT_TRUE(has_mem(prog, BPF_LDX, BPF_W, 8), "b moved to 8");
	ASSERT_TRUE(has_mem(prog, BPF_LDX, BPF_W, 12), "c is a u32 at 12");
	ASSERT_FALSE(has_mem(prog, BPF_LDX, BPF_H, 8), "no u16 load of c left");
	ASSERT_TRUE(has_mem(prog, BPF_LDX, BPF_W, 16), "d at 16 in the union");
	for (i = 0; i < n; i++)
		changed += memcmp(&before[i], &prog->insns[i], sizeof(*before)) != 0;
	ASSERT_LT(0, changed, "instructions changed");
	/* core_poisoned reads gone unconditionally: an invalid call now */
	for (i = 0; i < poisoned->sec_insn_cnt; i++)
		if (is_poison(&poisoned->insns[i]))
			break;
	ASSERT_LT(i, poisoned->sec_insn_cnt, "core_poisoned has a poisoned insn");
out:
	free(before);
	bpf_object__close(obj);
	unlink(path);
}

/* a program left out of the load keeps its instructions as clang wrote them */
UNIT_TEST(core_object_skips_unloaded)
{
	struct bpf_program *poisoned;
	struct bpf_insn *before = NULL;
	struct bpf_object *obj;
	char path[64];
	size_t n;

	CHECK_OR_RETURN(ASSERT_OK(write_custom_btf(path, sizeof(path)), "write BTF"));
	obj = open_custom(path);
	if (!ASSERT_OK_PTR(obj, CUSTOM_OBJ))
		goto out;
	poisoned = find_prog(obj, "core_poisoned");
	if (!ASSERT_OK_PTR(poisoned, "core_poisoned") ||
	    !ASSERT_FALSE(bpf_program__autoload(poisoned), "?tc not autoloaded"))
		goto out;
	n = poisoned->sec_insn_cnt;
	before = malloc(n * sizeof(*before));
	if (!ASSERT_OK_PTR(before, "malloc"))
		goto out;
	memcpy(before, poisoned->insns, n * sizeof(*before));
	if (!ASSERT_OK(bpf_object_core_relocate(obj), "core relocate"))
		goto out;
	ASSERT_OK(memcmp(before, poisoned->insns, n * sizeof(*before)), "core_poisoned untouched");
out:
	free(before);
	bpf_object__close(obj);
	unlink(path);
}

/* the object's own BTF as target: nothing changes */
UNIT_TEST(core_object_identity)
{
	struct bpf_insn *before = NULL;
	struct bpf_program *prog;
	struct bpf_object *obj;
	size_t n;

	obj = open_custom(unit_obj_path(CUSTOM_OBJ));
	if (!ASSERT_OK_PTR(obj, CUSTOM_OBJ))
		return;
	prog = find_prog(obj, "core_custom");
	if (!ASSERT_OK_PTR(prog, "core_custom"))
		goto out;
	n = prog->sec_insn_cnt;
	before = malloc(n * sizeof(*before));
	if (!ASSERT_OK_PTR(before, "malloc"))
		goto out;
	memcpy(before, prog->insns, n * sizeof(*before));
	if (ASSERT_OK(bpf_object_core_relocate(obj), "core relocate"))
		ASSERT_TRUE(memcmp(before, prog->insns, n * sizeof(*before)) == 0,
			    "same layout, same code");
out:
	free(before);
	bpf_object__close(obj);
}

UNIT_TEST(core_object_bad_custom_path)
{
	struct bpf_object *obj = open_custom("/nonexistent/btf");

	if (!ASSERT_OK_PTR(obj, CUSTOM_OBJ))
		return;
	unit_log_reset();
	ASSERT_EQ(bpf_object_core_relocate(obj), -ENOENT, "missing target BTF");
	ASSERT_TRUE(strstr(unit_log(), "/nonexistent/btf") != NULL, "names the path");
	bpf_object__close(obj);
}
