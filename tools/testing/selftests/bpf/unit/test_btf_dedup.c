// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf__dedup(): the cases of btf_dedup_cases.h (several compilation
 * units' worth of types built with btf__add_*()) against the exact
 * result expected, which is also what Debian's libbpf 1.1 produces for
 * them (prog_tests/btf_dedup.c compares the two libraries); the same
 * through parsed BTF, where unreferenced strings go; .BTF.ext remapping;
 * split BTF; determinism and idempotence; deep graphs; BPF objects merged
 * with btf__add_btf(); and errors, which leave the BTF as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "unit.h"
#include "../btf_dedup_cases.h"

static const char want_two_cus[] =
	"[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=0x1\n"
	"[2] INT 'char' size=1 bits_offset=0 nr_bits=8 encoding=0x2\n"
	"[3] TYPEDEF 'u32' type_id=1\n"
	"[4] PTR '' type_id=5\n"
	"[5] STRUCT 'list_head' size=16 vlen=2 kflag=0\n"
	"\t'next' type_id=4 bits_offset=0 bitfield_size=0\n"
	"\t'prev' type_id=4 bits_offset=64 bitfield_size=0\n"
	"[6] ENUM 'color' size=4 vlen=2 kflag=0\n"
	"\t'RED' val=0\n"
	"\t'GREEN' val=1\n"
	"[7] UNION '' size=4 vlen=2 kflag=0\n"
	"\t'a' type_id=1 bits_offset=0 bitfield_size=0\n"
	"\t'b' type_id=3 bits_offset=0 bitfield_size=0\n"
	"[8] ARRAY '' type_id=2 index_type_id=1 nr_elems=16\n"
	"[9] PTR '' type_id=15\n"
	"[10] PTR '' type_id=11\n"
	"[11] STRUCT 'tree' size=64 vlen=7 kflag=1\n"
	"\t'root' type_id=9 bits_offset=0 bitfield_size=0\n"
	"\t'parent' type_id=10 bits_offset=64 bitfield_size=0\n"
	"\t'all' type_id=5 bits_offset=128 bitfield_size=0\n"
	"\t'name' type_id=8 bits_offset=256 bitfield_size=0\n"
	"\t'color' type_id=6 bits_offset=384 bitfield_size=0\n"
	"\t'u' type_id=7 bits_offset=416 bitfield_size=0\n"
	"\t'flags' type_id=3 bits_offset=448 bitfield_size=3\n"
	"[12] PTR '' type_id=0\n"
	"[13] FUNC_PROTO '' ret_type_id=1 vlen=2\n"
	"\t'n' type_id=9\n"
	"\t'ctx' type_id=12\n"
	"[14] FUNC 'tree_walk' type_id=13 linkage=1\n"
	"[15] STRUCT 'node' size=24 vlen=3 kflag=0\n"
	"\t'id' type_id=3 bits_offset=0 bitfield_size=0\n"
	"\t'left' type_id=9 bits_offset=64 bitfield_size=0\n"
	"\t'owner' type_id=10 bits_offset=128 bitfield_size=0\n"
	"[16] FUNC 'tree_add' type_id=13 linkage=1\n";

static const char want_three_cus[] =
	"[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=0x1\n"
	"[2] INT 'char' size=1 bits_offset=0 nr_bits=8 encoding=0x2\n"
	"[3] TYPEDEF 'u32' type_id=1\n"
	"[4] PTR '' type_id=5\n"
	"[5] STRUCT 'list_head' size=16 vlen=2 kflag=0\n"
	"\t'next' type_id=4 bits_offset=0 bitfield_size=0\n"
	"\t'prev' type_id=4 bits_offset=64 bitfield_size=0\n"
	"[6] ENUM 'color' size=4 vlen=2 kflag=0\n"
	"\t'RED' val=0\n"
	"\t'GREEN' val=1\n"
	"[7] UNION '' size=4 vlen=2 kflag=0\n"
	"\t'a' type_id=1 bits_offset=0 bitfield_size=0\n"
	"\t'b' type_id=3 bits_offset=0 bitfield_size=0\n"
	"[8] ARRAY '' type_id=2 index_type_id=1 nr_elems=16\n"
	"[9] PTR '' type_id=11\n"
	"[10] PTR '' type_id=12\n"
	"[11] STRUCT 'node' size=24 vlen=3 kflag=0\n"
	"\t'id' type_id=3 bits_offset=0 bitfield_size=0\n"
	"\t'left' type_id=9 bits_offset=64 bitfield_size=0\n"
	"\t'owner' type_id=10 bits_offset=128 bitfield_size=0\n"
	"[12] STRUCT 'tree' size=64 vlen=7 kflag=1\n"
	"\t'root' type_id=9 bits_offset=0 bitfield_size=0\n"
	"\t'parent' type_id=10 bits_offset=64 bitfield_size=0\n"
	"\t'all' type_id=5 bits_offset=128 bitfield_size=0\n"
	"\t'name' type_id=8 bits_offset=256 bitfield_size=0\n"
	"\t'color' type_id=6 bits_offset=384 bitfield_size=0\n"
	"\t'u' type_id=7 bits_offset=416 bitfield_size=0\n"
	"\t'flags' type_id=3 bits_offset=448 bitfield_size=3\n"
	"[13] PTR '' type_id=0\n"
	"[14] FUNC_PROTO '' ret_type_id=1 vlen=2\n"
	"\t'n' type_id=9\n"
	"\t'ctx' type_id=13\n"
	"[15] FUNC 'tree_add' type_id=14 linkage=1\n"
	"[16] FUNC 'tree_walk' type_id=14 linkage=1\n"
	"[17] FUNC 'tree_free' type_id=14 linkage=1\n";

static const char want_enums[] =
	"[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=0x1\n"
	"[2] ENUM 'early' size=4 vlen=1 kflag=0\n"
	"\t'E1' val=1\n"
	"[3] ENUM 'late' size=4 vlen=2 kflag=0\n"
	"\t'L1' val=1\n"
	"\t'L2' val=2\n"
	"[4] ENUM 'late' size=4 vlen=1 kflag=0\n"
	"\t'L1' val=10\n"
	"[5] ENUM64 'late' size=8 vlen=2 kflag=0\n"
	"\t'L1' val=1\n"
	"\t'L2' val=2\n"
	"[6] ENUM64 'wide' size=8 vlen=1 kflag=1\n"
	"\t'W1' val=18446744069414584320\n"
	"[7] ENUM 'neg' size=4 vlen=1 kflag=1\n"
	"\t'N1' val=-5\n"
	"[8] ENUM64 'k8' size=8 vlen=1 kflag=0\n"
	"\t'K8' val=1\n"
	"[9] ENUM 'k9' size=4 vlen=1 kflag=0\n"
	"\t'K9' val=1\n"
	"[10] ENUM64 'sz' size=8 vlen=1 kflag=0\n"
	"\t'S' val=1099511627776\n"
	"[11] ENUM '' size=4 vlen=1 kflag=1\n"
	"\t'A' val=-1\n"
	"[12] STRUCT 'holder' size=4 vlen=1 kflag=0\n"
	"\t'e' type_id=2 bits_offset=0 bitfield_size=0\n";

static const char want_fwds[] =
	"[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=0x1\n"
	"[2] STRUCT 'u' size=4 vlen=1 kflag=0\n"
	"\t'x' type_id=1 bits_offset=0 bitfield_size=0\n"
	"[3] FWD 'u' fwd_kind=union\n"
	"[4] PTR '' type_id=3\n"
	"[5] STRUCT 'bar' size=4 vlen=1 kflag=0\n"
	"\t'y' type_id=1 bits_offset=0 bitfield_size=0\n"
	"[6] FUNC_PROTO '' ret_type_id=1 vlen=1\n"
	"\t'b' type_id=7\n"
	"[7] PTR '' type_id=5\n"
	"[8] FUNC 'use_bar' type_id=6 linkage=1\n"
	"[9] STRUCT 'foo' size=4 vlen=1 kflag=0\n"
	"\t'a' type_id=1 bits_offset=0 bitfield_size=0\n"
	"[10] STRUCT 'foo' size=8 vlen=2 kflag=0\n"
	"\t'a' type_id=1 bits_offset=0 bitfield_size=0\n"
	"\t'b' type_id=1 bits_offset=32 bitfield_size=0\n"
	"[11] FWD 'foo' fwd_kind=struct\n"
	"[12] PTR '' type_id=11\n"
	"[13] UNION 'un' size=4 vlen=1 kflag=0\n"
	"\t'i' type_id=1 bits_offset=0 bitfield_size=0\n"
	"[14] PTR '' type_id=13\n"
	"[15] FWD 'opaque' fwd_kind=struct\n"
	"[16] PTR '' type_id=15\n";

static const char want_misc[] =
	"[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=0x1\n"
	"[2] STRUCT 'a' size=8 vlen=1 kflag=0\n"
	"\t'b' type_id=5 bits_offset=0 bitfield_size=0\n"
	"[3] STRUCT 'b' size=16 vlen=2 kflag=0\n"
	"\t'a' type_id=4 bits_offset=0 bitfield_size=0\n"
	"\t'n' type_id=1 bits_offset=64 bitfield_size=0\n"
	"[4] PTR '' type_id=2\n"
	"[5] PTR '' type_id=3\n"
	"[6] TYPEDEF 's32' type_id=1\n"
	"[7] TYPEDEF 'int_t' type_id=6\n"
	"[8] CONST '' type_id=7\n"
	"[9] VOLATILE '' type_id=8\n"
	"[10] PTR '' type_id=9\n"
	"[11] RESTRICT '' type_id=10\n"
	"[12] TYPE_TAG 'user' type_id=1\n"
	"[13] ARRAY '' type_id=12 index_type_id=1 nr_elems=4\n"
	"[14] ARRAY '' type_id=13 index_type_id=1 nr_elems=3\n"
	"[15] STRUCT 'm' size=56 vlen=2 kflag=0\n"
	"\t'r' type_id=11 bits_offset=0 bitfield_size=0\n"
	"\t'grid' type_id=14 bits_offset=64 bitfield_size=0\n"
	"[16] DECL_TAG 'm_tag' type_id=15 component_idx=1\n"
	"[17] FUNC_PROTO '' ret_type_id=1 vlen=1\n"
	"\t'x' type_id=2\n"
	"[18] FUNC 'f' type_id=17 linkage=0\n"
	"[19] DECL_TAG 'f_tag' type_id=18 component_idx=-1\n"
	"[20] STRUCT 'arrs' size=16 vlen=2 kflag=0\n"
	"\t'x' type_id=21 bits_offset=0 bitfield_size=0\n"
	"\t'y' type_id=21 bits_offset=64 bitfield_size=0\n"
	"[21] ARRAY '' type_id=1 index_type_id=1 nr_elems=2\n"
	"[22] VAR 'counter' type_id=1 linkage=1\n"
	"[23] DATASEC '.data' size=4 vlen=1\n"
	"\ttype_id=22 offset=0 size=4\n"
	"[24] FUNC_PROTO '' ret_type_id=1 vlen=1\n"
	"\t'y' type_id=2\n"
	"[25] FUNC 'f' type_id=24 linkage=0\n"
	"[26] DECL_TAG 'f_tag' type_id=25 component_idx=-1\n"
	"[27] VAR 'counter' type_id=1 linkage=1\n"
	"[28] DATASEC '.data' size=4 vlen=1\n"
	"\ttype_id=27 offset=0 size=4\n";

static const char want_strings[] =
	"[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=0x1\n"
	"[2] STRUCT 's' size=4 vlen=1 kflag=0\n"
	"\t'int' type_id=1 bits_offset=0 bitfield_size=0\n"
	"[3] TYPEDEF 's' type_id=2\n";

static const char want_split[] =
	"[11] STRUCT 'f' size=4 vlen=1 kflag=0\n"
	"\t'n' type_id=1 bits_offset=0 bitfield_size=0\n"
	"[12] PTR '' type_id=11\n"
	"[13] STRUCT 'uses_f' size=8 vlen=1 kflag=0\n"
	"\t'p' type_id=12 bits_offset=0 bitfield_size=0\n"
	"[14] STRUCT 'mod' size=16 vlen=2 kflag=0\n"
	"\t's' type_id=3 bits_offset=0 bitfield_size=0\n"
	"\t'f' type_id=12 bits_offset=64 bitfield_size=0\n"
	"[15] STRUCT 'g' size=4 vlen=1 kflag=0\n"
	"\t'n' type_id=1 bits_offset=0 bitfield_size=0\n"
	"[16] PTR '' type_id=8\n";

static const struct {
	const char *name;
	const char *want;
} wants[] = {
	{ "two_cus", want_two_cus },
	{ "three_cus", want_three_cus },
	{ "enums", want_enums },
	{ "fwds", want_fwds },
	{ "misc", want_misc },
	{ "strings", want_strings },
	{ "split", want_split },
};

/* the own types of btf in the canonical text form; malloc()ed */
static char *dump_own(const struct btf *btf)
{
	const struct btf *base = btf__base_btf(btf);
	__u32 id = base ? btf__type_cnt(base) : 1;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (; id < btf__type_cnt(btf); id++)
		dc_print_type(f, btf, id);
	fclose(f);
	return buf;
}

/* a private copy of btf's raw data */
static void *raw_copy(const struct btf *btf, __u32 *size)
{
	const void *raw = btf__raw_data(btf, size);
	void *copy = raw ? malloc(*size) : NULL;

	if (copy)
		memcpy(copy, raw, *size);
	return copy;
}

static bool raw_equal(const struct btf *btf, const void *raw, __u32 size)
{
	__u32 sz;
	const void *now = btf__raw_data(btf, &sz);

	return now && sz == size && !memcmp(now, raw, size);
}

static int dedup(struct btf *btf, struct btf_ext *ext, bool force)
{
	LIBBPF_OPTS(btf_dedup_opts, opts, .btf_ext = ext, .force_collisions = force);

	return btf__dedup(btf, &opts);
}

/* build a case (on a fresh base if it is split), dedup, check the text */
static void check_case(const struct dedup_case *dc, const char *want, bool force)
{
	struct btf *base = dc->split ? dc_base() : NULL, *btf, *again;
	void *base_raw = NULL, *raw = NULL;
	__u32 base_sz = 0, sz = 0;
	char *text = NULL;

	btf = dc->build(base);
	if (!ASSERT_OK_PTR(btf, dc->name))
		goto out;
	if (base)
		base_raw = raw_copy(base, &base_sz);
	if (!ASSERT_OK(dedup(btf, NULL, force), dc->name))
		goto out;
	text = dump_own(btf);
	if (!ASSERT_STREQ(text, want, dc->name))
		fprintf(stderr, "  case %s%s, got:\n%s", dc->name,
			force ? " (force_collisions)" : "", text ?: "");
	if (base)
		ASSERT_TRUE(raw_equal(base, base_raw, base_sz), "base unchanged");

	/* a fixed point: nothing more to merge, not a byte changes */
	raw = raw_copy(btf, &sz);
	ASSERT_OK(dedup(btf, NULL, force), "dedup again");
	ASSERT_TRUE(raw_equal(btf, raw, sz), "second dedup changes nothing");

	/* deterministic: the same input gives the same bytes */
	again = dc->build(base);
	if (ASSERT_OK_PTR(again, "build again")) {
		ASSERT_OK(dedup(again, NULL, !force), "dedup the copy");
		ASSERT_TRUE(raw_equal(again, raw, sz), "same bytes, force_collisions or not");
	}
	btf__free(again);
out:
	free(text);
	free(raw);
	free(base_raw);
	btf__free(btf);
	btf__free(base);
}

UNIT_TEST(btf_dedup_cases)
{
	size_t i;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		const struct dedup_case *dc = dedup_case_find(wants[i].name);

		if (!ASSERT_OK_PTR(dc, wants[i].name))
			continue;
		check_case(dc, wants[i].want, false);
		check_case(dc, wants[i].want, true);
	}
	ASSERT_EQ(sizeof(wants) / sizeof(wants[0]),
		  sizeof(dedup_cases) / sizeof(dedup_cases[0]), "every case checked");
}

/* a case written out and parsed back: its strings are not known unique */
static struct btf *parsed_case(const char *name)
{
	const struct dedup_case *dc = dedup_case_find(name);
	struct btf *built = dc ? dc->build(NULL) : NULL, *btf = NULL;
	const void *raw;
	__u32 sz;

	raw = built ? btf__raw_data(built, &sz) : NULL;
	if (raw)
		btf = btf__new(raw, sz);
	btf__free(built);
	return btf;
}

/* own string section of btf as "a|b|c" (the leading "" left out) */
static void own_strings(const struct btf *btf, char *buf, size_t size)
{
	const struct btf_header *hdr;
	const char *s, *end;
	const void *raw;
	size_t len = 0;
	__u32 sz;

	buf[0] = '\0';
	raw = btf__raw_data(btf, &sz);
	if (!raw)
		return;
	hdr = raw;
	s = raw + hdr->hdr_len + hdr->str_off;
	end = s + hdr->str_len;
	for (s += strlen(s) + 1; s < end && len + 1 < size; s += strlen(s) + 1)
		len += snprintf(buf + len, size - len, "%s%s", len ? "|" : "", s);
}

UNIT_TEST(btf_dedup_strings)
{
	struct btf *btf, *built;
	char strs[256];

	/* built with btf__add_*(): the string section stays as it is */
	built = dc_strings(NULL);
	if (ASSERT_OK_PTR(built, "build") && ASSERT_OK(dedup(built, NULL, false), "dedup")) {
		own_strings(built, strs, sizeof(strs));
		ASSERT_STREQ(strs, "unused|int|also unused|s", "strings kept");
	}
	btf__free(built);

	/* parsed: only referenced strings, once each, in order of use */
	btf = parsed_case("strings");
	if (!ASSERT_OK_PTR(btf, "parse") || !ASSERT_OK(dedup(btf, NULL, false), "dedup"))
		goto out;
	own_strings(btf, strs, sizeof(strs));
	ASSERT_STREQ(strs, "int|s", "only referenced strings");
	ASSERT_EQ(btf__find_str(btf, "unused"), -ENOENT, "unused string gone");
	ASSERT_EQ(btf__type_cnt(btf), 4, "types");
	ASSERT_STREQ(btf__name_by_offset(btf, btf__type_by_id(btf, 3)->name_off), "s",
		     "typedef name");
out:
	btf__free(btf);

	/* the same types as when built */
	btf = parsed_case("two_cus");
	if (ASSERT_OK_PTR(btf, "parse two_cus") &&
	    ASSERT_OK(dedup(btf, NULL, false), "dedup two_cus")) {
		char *text = dump_own(btf);

		ASSERT_STREQ(text, want_two_cus, "parsed two_cus");
		free(text);
		own_strings(btf, strs, sizeof(strs));
		ASSERT_STREQ(strs, "int|char|u32|list_head|next|prev|color|RED|GREEN|a|b|"
			     "node|tree|root|parent|all|name|u|flags|n|ctx|tree_walk|"
			     "id|left|owner|tree_add", "strings in order of first use");
	}
	btf__free(btf);
}

/* .BTF.ext with two func_info, a line_info and a CO-RE record */
struct ext_blob {
	struct {
		__u16 magic;
		__u8 version, flags;
		__u32 hdr_len;
		__u32 func_info_off, func_info_len;
		__u32 line_info_off, line_info_len;
		__u32 core_relo_off, core_relo_len;
	} hdr;
	__u32 fi_rec_size, fi_sec_name, fi_cnt;
	struct bpf_func_info fi[2];
	__u32 li_rec_size, li_sec_name, li_cnt;
	struct bpf_line_info li[1];
	__u32 cr_rec_size, cr_sec_name, cr_cnt;
	struct bpf_core_relo cr[1];
};

static void ext_blob_init(struct ext_blob *b, __u32 sec, __u32 f1, __u32 f2,
			  __u32 file, __u32 line, __u32 relo_id, __u32 access)
{
	memset(b, 0, sizeof(*b));
	b->hdr.magic = BTF_MAGIC;
	b->hdr.version = 1;
	b->hdr.hdr_len = sizeof(b->hdr);
	b->hdr.func_info_off = 0;
	b->hdr.func_info_len = 12 + sizeof(b->fi);
	b->hdr.line_info_off = b->hdr.func_info_len;
	b->hdr.line_info_len = 12 + sizeof(b->li);
	b->hdr.core_relo_off = b->hdr.line_info_off + b->hdr.line_info_len;
	b->hdr.core_relo_len = 12 + sizeof(b->cr);
	b->fi_rec_size = sizeof(b->fi[0]);
	b->fi_sec_name = sec;
	b->fi_cnt = 2;
	b->fi[0].insn_off = 0;
	b->fi[0].type_id = f1;
	b->fi[1].insn_off = 8;
	b->fi[1].type_id = f2;
	b->li_rec_size = sizeof(b->li[0]);
	b->li_sec_name = sec;
	b->li_cnt = 1;
	b->li[0].file_name_off = file;
	b->li[0].line_off = line;
	b->li[0].line_col = 7 << 10 | 3;
	b->cr_rec_size = sizeof(b->cr[0]);
	b->cr_sec_name = sec;
	b->cr_cnt = 1;
	b->cr[0].type_id = relo_id;
	b->cr[0].access_str_off = access;
	b->cr[0].kind = BPF_CORE_FIELD_BYTE_OFFSET;
}

/* the id of the n-th (from 1) type of kind and name */
static int nth_type(const struct btf *btf, int kind, const char *name, int n)
{
	const struct btf_type *t;
	__u32 id;

	for (id = 1; id < btf__type_cnt(btf); id++) {
		t = btf__type_by_id(btf, id);
		if (btf_kind(t) == kind &&
		    !strcmp(btf__name_by_offset(btf, t->name_off), name) && !--n)
			return id;
	}
	return -ENOENT;
}

static const struct ext_blob *ext_data(const struct btf_ext *ext)
{
	__u32 sz;

	return btf_ext__raw_data(ext, &sz);
}

UNIT_TEST(btf_dedup_ext)
{
	struct btf *built = dc_two_cus(NULL), *btf = NULL;
	int walk, add, tree2, sec, file, line, access;
	struct btf_ext *ext = NULL;
	const struct ext_blob *e;
	struct ext_blob b;
	const void *raw;
	__u32 sz;

	if (!ASSERT_OK_PTR(built, "build"))
		return;
	sec = btf__add_str(built, ".text");
	file = btf__add_str(built, "tree.c");
	line = btf__add_str(built, "\treturn walk(t->root, &st);");
	access = btf__add_str(built, "0:1");
	raw = btf__raw_data(built, &sz);
	btf = raw ? btf__new(raw, sz) : NULL;
	if (!ASSERT_OK_PTR(btf, "parse"))
		goto out;
	walk = nth_type(btf, BTF_KIND_FUNC, "tree_walk", 1);
	add = nth_type(btf, BTF_KIND_FUNC, "tree_add", 1);
	tree2 = nth_type(btf, BTF_KIND_STRUCT, "tree", 2);
	ASSERT_EQ(add, 30, "tree_add before dedup");
	ASSERT_EQ(tree2, 27, "second struct tree before dedup");

	ext_blob_init(&b, sec, walk, add, file, line, tree2, access);
	ext = btf_ext__new((const void *)&b, sizeof(b));
	if (!ASSERT_OK_PTR(ext, "btf_ext__new"))
		goto out;
	if (!ASSERT_OK(dedup(btf, ext, false), "dedup"))
		goto out;
	e = ext_data(ext);
	ASSERT_EQ(e->fi[0].type_id, 14, "func_info: tree_walk");
	ASSERT_EQ(e->fi[1].type_id, 16, "func_info: tree_add");
	ASSERT_EQ(e->cr[0].type_id, 11, "CO-RE relo: the one struct tree");
	ASSERT_STREQ(btf__name_by_offset(btf, e->fi_sec_name), ".text", "func_info section");
	ASSERT_STREQ(btf__name_by_offset(btf, e->li_sec_name), ".text", "line_info section");
	ASSERT_STREQ(btf__name_by_offset(btf, e->cr_sec_name), ".text", "core_relo section");
	ASSERT_STREQ(btf__name_by_offset(btf, e->li[0].file_name_off), "tree.c", "file name");
	ASSERT_STREQ(btf__name_by_offset(btf, e->li[0].line_off),
		     "\treturn walk(t->root, &st);", "line");
	ASSERT_EQ(e->li[0].line_col, 7 << 10 | 3, "line_col kept");
	ASSERT_STREQ(btf__name_by_offset(btf, e->cr[0].access_str_off), "0:1", "access string");
	/* the strings only .BTF.ext uses come after those of the types */
	ASSERT_EQ(e->fi_sec_name, btf__find_str(btf, ".text"), "section name offset");
	ASSERT_LT(btf__find_str(btf, "tree_add"), e->fi_sec_name, "type strings first");
out:
	btf_ext__free(ext);
	btf__free(btf);
	btf__free(built);
}

/* check that dedup fails with err and a message, changing nothing */
static void check_fails(struct btf *btf, struct btf_ext *ext, int err, const char *msg)
{
	const void *ext_raw = NULL;
	void *raw, *ext_copy = NULL;
	__u32 sz, ext_sz = 0;

	raw = raw_copy(btf, &sz);
	if (ext) {
		ext_raw = btf_ext__raw_data(ext, &ext_sz);
		ext_copy = malloc(ext_sz);
		memcpy(ext_copy, ext_raw, ext_sz);
	}
	unit_log_reset();
	ASSERT_EQ(dedup(btf, ext, false), err, msg);
	ASSERT_EQ(errno, -err, "errno");
	if (!ASSERT_TRUE(strstr(unit_log(), msg), "message"))
		fprintf(stderr, "  log: %s\n", unit_log());
	ASSERT_TRUE(raw_equal(btf, raw, sz), "BTF unchanged");
	if (ext)
		ASSERT_TRUE(!memcmp(btf_ext__raw_data(ext, &ext_sz), ext_copy, ext_sz),
			    ".BTF.ext unchanged");
	free(ext_copy);
	free(raw);
}

UNIT_TEST(btf_dedup_errors)
{
	struct btf *btf = btf__new_empty();
	struct btf_ext *ext = NULL;
	struct ext_blob b;
	char opts_buf[sizeof(struct btf_dedup_opts) + 16] = {};
	struct btf_dedup_opts *opts = (void *)opts_buf;
	int int_id;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "new"));
	ASSERT_EQ(btf__dedup(NULL, NULL), -EINVAL, "no BTF");
	/* a larger opts struct than ours with something set we do not know */
	opts->sz = sizeof(opts_buf);
	opts_buf[sizeof(opts_buf) - 1] = 1;
	ASSERT_EQ(btf__dedup(btf, opts), -EINVAL, "unknown opts");
	opts_buf[sizeof(opts_buf) - 1] = 0;
	ASSERT_OK(btf__dedup(btf, opts), "larger opts, zero tail");
	ASSERT_OK(btf__dedup(btf, NULL), "empty BTF, no opts");

	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	btf__add_ptr(btf, 100);
	check_fails(btf, NULL, -EINVAL, "type [2] PTR: references type id 100, beyond the last type [2]");
	btf__free(btf);

	/* [2] CONST -> [3] PTR -> [4] VOLATILE -> [2] */
	btf = btf__new_empty();
	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "new"));
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	btf__add_const(btf, 3);
	btf__add_ptr(btf, 4);
	btf__add_volatile(btf, 2);
	btf__add_typedef(btf, "t", int_id);
	check_fails(btf, NULL, -ELOOP, "loop of reference types");

	/* a .BTF.ext type id the BTF does not have */
	btf__free(btf);
	btf = dc_two_cus(NULL);
	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "build"));
	ext_blob_init(&b, 0, 14, 999, 0, 0, 11, 0);
	ext = btf_ext__new((const void *)&b, sizeof(b));
	if (ASSERT_OK_PTR(ext, "ext"))
		check_fails(btf, ext, -EINVAL, ".BTF.ext type id 999 is beyond");
	btf_ext__free(ext);
	ext_blob_init(&b, 0, 14, 16, 5000, 0, 11, 0);
	ext = btf_ext__new((const void *)&b, sizeof(b));
	if (ASSERT_OK_PTR(ext, "ext"))
		check_fails(btf, ext, -EINVAL, ".BTF.ext string offset 5000 is out of range");
	btf_ext__free(ext);
	btf__free(btf);
}

/* two copies of long chains: no recursion, so no stack to overflow */
UNIT_TEST(btf_dedup_deep)
{
	enum { N = 100000 };
	struct btf *btf = btf__new_empty();
	int int_id, copy, i, first;
	char name[16];

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "new"));
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	for (copy = 0; copy < 2; copy++) {
		/* PTR -> PTR -> ... -> int, the outermost first */
		first = btf__type_cnt(btf);
		for (i = 0; i < N - 1; i++)
			btf__add_ptr(btf, first + i + 1);
		btf__add_ptr(btf, int_id);
		/* struct s0 { struct s1 m; } ... struct sN-1 { int m; } */
		first = btf__type_cnt(btf);
		for (i = 0; i < N; i++) {
			snprintf(name, sizeof(name), "s%d", i);
			btf__add_struct(btf, name, 4);
			btf__add_field(btf, "m", i == N - 1 ? int_id : first + i + 1, 0, 0);
		}
	}
	ASSERT_EQ(btf__type_cnt(btf), 2 + 4 * N, "built");
	ASSERT_OK(dedup(btf, NULL, false), "dedup");
	ASSERT_EQ(btf__type_cnt(btf), 2 + 2 * N, "one copy left");
	ASSERT_EQ(btf__type_by_id(btf, N + 1)->type, int_id, "innermost pointer");
	ASSERT_EQ(btf_members(btf__type_by_id(btf, N + 2))->type, N + 3, "s0.m is s1");
	btf__free(btf);
}

static const struct btf *sort_btf;

/* size of a type record, for the kinds objects have */
static size_t rec_size(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
		return sizeof(*t) + 4;
	case BTF_KIND_DECL_TAG:
		return sizeof(*t) + 4;
	case BTF_KIND_ARRAY:
		return sizeof(*t) + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return sizeof(*t) + btf_vlen(t) * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return sizeof(*t) + btf_vlen(t) * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return sizeof(*t) + btf_vlen(t) * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return sizeof(*t) + btf_vlen(t) * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return sizeof(*t) + btf_vlen(t) * sizeof(struct btf_var_secinfo);
	default:
		return sizeof(*t);
	}
}

static int cmp_rec(const void *a, const void *b)
{
	const struct btf_type *ta = btf__type_by_id(sort_btf, *(const __u32 *)a);
	const struct btf_type *tb = btf__type_by_id(sort_btf, *(const __u32 *)b);
	size_t sa = rec_size(ta), sb = rec_size(tb);

	if (sa != sb)
		return sa < sb ? -1 : 1;
	return memcmp(ta, tb, sa);
}

/*
 * Two records with the same bytes (kind, name, size, referenced ids) are
 * duplicates dedup missed; VAR and DATASEC are never merged.
 */
static int count_identical(const struct btf *btf)
{
	__u32 *ids = malloc(btf__type_cnt(btf) * sizeof(*ids)), n = 0, id, i;
	int dups = 0;

	if (!ids)
		return -1;
	for (id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!btf_is_var(t) && !btf_is_datasec(t))
			ids[n++] = id;
	}
	sort_btf = btf;
	qsort(ids, n, sizeof(*ids), cmp_rec);
	for (i = 1; i < n; i++)
		if (!cmp_rec(&ids[i - 1], &ids[i])) {
			fprintf(stderr, "  types [%u] and [%u] are identical\n",
				ids[i - 1], ids[i]);
			dups++;
		}
	free(ids);
	return dups;
}

/* the selftests' BPF objects merged into one BTF */
UNIT_TEST(btf_dedup_objects)
{
	static const char *const objs[] = {
		"test_subprogs.bpf.o", "test_global_data.bpf.o", "test_maps_btf.bpf.o",
		"core_reloc_kern.bpf.o", "test_ringbuf.bpf.o", "test_skeleton.bpf.o",
		"btf_types.bpf.o", "test_struct_ops.bpf.o",
	};
	struct btf *btf = btf__new_empty(), *src;
	__u32 total = 1, funcs = 0, id, after;
	void *raw = NULL;
	size_t i;
	__u32 sz;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "new"));
	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		src = btf__parse(unit_obj_path(objs[i]), NULL);
		if (!src) {
			btf__free(btf);
			UNIT_SKIP("the BPF objects are not built");
		}
		total += btf__type_cnt(src) - 1;
		for (id = 1; id < btf__type_cnt(src); id++)
			funcs += btf_is_func(btf__type_by_id(src, id));
		ASSERT_LT(0, btf__add_btf(btf, src), objs[i]);
		btf__free(src);
	}
	ASSERT_EQ(btf__type_cnt(btf), total, "merged");
	if (!ASSERT_OK(dedup(btf, NULL, false), "dedup"))
		goto out;
	after = btf__type_cnt(btf);
	ASSERT_LT(after, total - 200, "many types were duplicates");
	ASSERT_EQ(count_identical(btf), 0, "no identical types left");
	/* FUNCs differ by name or prototype: a few at most merge */
	for (id = 1; id < after; id++)
		funcs -= btf_is_func(btf__type_by_id(btf, id));
	ASSERT_LT(funcs, 8, "functions kept");
	ASSERT_LT(0, btf__find_by_name_kind(btf, "core_kern", BTF_KIND_FUNC),
		  "a function of the objects");
	raw = raw_copy(btf, &sz);
	ASSERT_OK(dedup(btf, NULL, true), "dedup again");
	ASSERT_TRUE(raw_equal(btf, raw, sz), "a fixed point");
out:
	free(raw);
	btf__free(btf);
}

/*
 * Random units (btf_dedup_cases.h): dedup succeeds, leaves no two
 * identical type records and is a fixed point (not split BTF: there a
 * second dedup merges a few more types now and then, with libbpf 1.1
 * too), is deterministic and leaves the base alone. prog_tests/btf_dedup.c compares the same seeds with
 * libbpf 1.1.
 */
UNIT_TEST(btf_dedup_random)
{
	struct btf *btf, *base, *again, *base2;
	void *raw, *base_raw;
	__u32 sz, base_sz;
	unsigned int seed;
	char what[64];
	int split;

	for (seed = 1; seed <= 300; seed++) {
		for (split = 0; split < 2; split++) {
			base = base2 = NULL;
			snprintf(what, sizeof(what), "random%s:%u", split ? "_split" : "", seed);
			btf = dc_random(seed, split ? &base : NULL);
			if (!ASSERT_OK_PTR(btf, what))
				return;
			base_raw = base ? raw_copy(base, &base_sz) : NULL;
			if (!ASSERT_OK(dedup(btf, NULL, seed % 2), what))
				goto next;
			if (!split)
				ASSERT_EQ(count_identical(btf), 0, what);
			if (base)
				ASSERT_TRUE(raw_equal(base, base_raw, base_sz), "base unchanged");
			raw = raw_copy(btf, &sz);
			/* split BTF may lose a few more types (libbpf 1.1 too) */
			if (!split) {
				ASSERT_OK(dedup(btf, NULL, false), "dedup again");
				if (!ASSERT_TRUE(raw_equal(btf, raw, sz), "a fixed point"))
					fprintf(stderr, "  %s\n", what);
			}
			again = dc_random(seed, split ? &base2 : NULL);
			if (ASSERT_OK_PTR(again, "again") &&
			    ASSERT_OK(dedup(again, NULL, !(seed % 2)), "dedup the copy"))
				ASSERT_TRUE(raw_equal(again, raw, sz), "the same bytes");
			btf__free(again);
			btf__free(base2);
			free(raw);
next:
			free(base_raw);
			btf__free(btf);
			btf__free(base);
		}
	}
}
