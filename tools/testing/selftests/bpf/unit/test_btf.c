// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF and .BTF.ext: parse/write round trips on clang output, the builder
 * API, queries, byte order, split BTF, and malformed input, which must get
 * one warning and a negative errno, never a crash, hang or leak.
 */
#include <byteswap.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gelf.h>
#include <libelf.h>
#include <bpf/btf.h>
#include "libbpf_internal.h"
#include "unit.h"

/* ---- helpers ------------------------------------------------------------ */

static int log_lines(void)
{
	const char *p;
	int n = 0;

	for (p = unit_log(); *p; p++)
		n += *p == '\n';
	return n;
}

/* raw bytes of section name in ELF file path (malloc()ed) */
static void *elf_section(const char *path, const char *name, size_t *size)
{
	Elf_Scn *scn = NULL;
	Elf_Data *data;
	GElf_Shdr sh;
	size_t strndx;
	void *copy = NULL;
	Elf *elf;
	int fd;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getshdrstrndx(elf, &strndx))
		goto out;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) ||
		    strcmp(elf_strptr(elf, strndx, sh.sh_name) ?: "", name))
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || !data->d_size)
			break;
		copy = malloc(data->d_size);
		memcpy(copy, data->d_buf, data->d_size);
		*size = data->d_size;
		break;
	}
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return copy;
}

static bool same_str(const struct btf *a, __u32 oa, const struct btf *b, __u32 ob)
{
	const char *sa = btf__str_by_offset(a, oa), *sb = btf__str_by_offset(b, ob);

	return sa && sb && !strcmp(sa, sb);
}

/* same types, compared field by field with names compared as strings */
static bool same_types(const struct btf *a, const struct btf *b)
{
	const struct btf_type *ta, *tb;
	__u32 id, i;
	int n;

	if (!ASSERT_EQ(btf__type_cnt(a), btf__type_cnt(b), "type count"))
		return false;
	for (id = 1; id < btf__type_cnt(a); id++) {
		ta = btf__type_by_id(a, id);
		tb = btf__type_by_id(b, id);
		n = btf_vlen(ta);
		if (!ASSERT_EQ(ta->info, tb->info, "kind/vlen/kflag") ||
		    !ASSERT_EQ(ta->size, tb->size, "size/type") ||
		    !ASSERT_TRUE(same_str(a, ta->name_off, b, tb->name_off), "name"))
			goto fail;
		switch (btf_kind(ta)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			for (i = 0; i < (__u32)n; i++) {
				const struct btf_member *ma = btf_members(ta) + i;
				const struct btf_member *mb = btf_members(tb) + i;

				if (!ASSERT_EQ(ma->type, mb->type, "member type") ||
				    !ASSERT_EQ(ma->offset, mb->offset, "member offset") ||
				    !ASSERT_TRUE(same_str(a, ma->name_off, b, mb->name_off),
						 "member name"))
					goto fail;
			}
			break;
		case BTF_KIND_FUNC_PROTO:
			for (i = 0; i < (__u32)n; i++) {
				const struct btf_param *pa = btf_params(ta) + i;
				const struct btf_param *pb = btf_params(tb) + i;

				if (!ASSERT_EQ(pa->type, pb->type, "param type") ||
				    !ASSERT_TRUE(same_str(a, pa->name_off, b, pb->name_off),
						 "param name"))
					goto fail;
			}
			break;
		case BTF_KIND_ENUM:
			for (i = 0; i < (__u32)n; i++) {
				const struct btf_enum *ea = btf_enum(ta) + i;
				const struct btf_enum *eb = btf_enum(tb) + i;

				if (!ASSERT_EQ(ea->val, eb->val, "enum value") ||
				    !ASSERT_TRUE(same_str(a, ea->name_off, b, eb->name_off),
						 "enum name"))
					goto fail;
			}
			break;
		case BTF_KIND_ENUM64:
			for (i = 0; i < (__u32)n; i++) {
				const struct btf_enum64 *ea = btf_enum64(ta) + i;
				const struct btf_enum64 *eb = btf_enum64(tb) + i;

				if (!ASSERT_EQ(btf_enum64_value(ea), btf_enum64_value(eb),
					       "enum64 value") ||
				    !ASSERT_TRUE(same_str(a, ea->name_off, b, eb->name_off),
						 "enum64 name"))
					goto fail;
			}
			break;
		case BTF_KIND_INT:
		case BTF_KIND_ARRAY:
		case BTF_KIND_VAR:
		case BTF_KIND_DATASEC:
		case BTF_KIND_DECL_TAG:
			/* no names behind the common part: compare the bytes */
			if (!ASSERT_EQ(memcmp(ta + 1, tb + 1, btf_is_datasec(ta) ? 12 * n :
					      btf_is_array(ta) ? 12 : 4), 0, "extra data"))
				goto fail;
			break;
		default:
			break;
		}
	}
	return true;
fail:
	UNIT_FAIL("types differ at [%u] %s", id, btf_kind_str(ta));
	return false;
}

/* a BTF with every kind, built through the API; ids as in the comments */
static struct btf *build_all_kinds(void)
{
	struct btf *btf = btf__new_empty();
	bool ok = true;

	if (!btf)
		return NULL;
	ok &= btf__add_int(btf, "int", 4, BTF_INT_SIGNED) == 1;
	ok &= btf__add_int(btf, "char", 1, BTF_INT_CHAR | BTF_INT_SIGNED) == 2;
	ok &= btf__add_int(btf, "long", 8, BTF_INT_SIGNED) == 3;
	ok &= btf__add_float(btf, "float", 4) == 4;
	ok &= btf__add_ptr(btf, 1) == 5;
	ok &= btf__add_array(btf, 1, 2, 16) == 6;
	/* struct s { int a; int bf:3; long b; int *p; char name[16]; } */
	ok &= btf__add_struct(btf, "s", 48) == 7;
	ok &= !btf__add_field(btf, "a", 1, 0, 0);
	ok &= !btf__add_field(btf, "bf", 1, 32, 3);
	ok &= !btf__add_field(btf, "b", 3, 64, 0);
	ok &= !btf__add_field(btf, "p", 5, 128, 0);
	ok &= !btf__add_field(btf, "name", 6, 192, 0);
	ok &= btf__add_union(btf, "u", 8) == 8;
	ok &= !btf__add_field(btf, "i", 1, 0, 0);
	ok &= !btf__add_field(btf, NULL, 3, 0, 0);
	ok &= btf__add_enum(btf, "e", 4) == 9;
	ok &= !btf__add_enum_value(btf, "E_A", 0);
	ok &= !btf__add_enum_value(btf, "E_B", -1);
	ok &= btf__add_enum64(btf, "e64", 8, false) == 10;
	ok &= !btf__add_enum64_value(btf, "E64_BIG", 1ULL << 40);
	ok &= btf__add_fwd(btf, "fs", BTF_FWD_STRUCT) == 11;
	ok &= btf__add_fwd(btf, "fu", BTF_FWD_UNION) == 12;
	ok &= btf__add_fwd(btf, "fe", BTF_FWD_ENUM) == 13;
	ok &= btf__add_typedef(btf, "td", 7) == 14;
	ok &= btf__add_volatile(btf, 1) == 15;
	ok &= btf__add_const(btf, 15) == 16;
	ok &= btf__add_restrict(btf, 5) == 17;
	ok &= btf__add_type_tag(btf, "user", 1) == 18;
	ok &= btf__add_func_proto(btf, 1) == 19;
	ok &= !btf__add_func_param(btf, "x", 1);
	ok &= !btf__add_func_param(btf, NULL, 5);
	ok &= btf__add_func(btf, "f", BTF_FUNC_GLOBAL, 19) == 20;
	ok &= btf__add_var(btf, "v", BTF_VAR_GLOBAL_ALLOCATED, 7) == 21;
	ok &= btf__add_datasec(btf, ".data", 48) == 22;
	ok &= !btf__add_datasec_var_info(btf, 21, 0, 48);
	ok &= btf__add_decl_tag(btf, "mtag", 7, 1) == 23;
	ok &= btf__add_decl_tag(btf, "ftag", 20, -1) == 24;
	ok &= btf__add_decl_tag(btf, "ptag", 20, 1) == 25;
	ok &= btf__add_typedef(btf, "td2", 14) == 26;
	ok &= btf__add_array(btf, 1, 26, 3) == 27;
	if (!ok) {
		btf__free(btf);
		return NULL;
	}
	return btf;
}

/* parse data and expect one warning and err */
static void expect_bad_btf(const void *data, __u32 size, const char *what,
			   const char *needle)
{
	struct btf *btf;

	unit_log_reset();
	errno = 0;
	btf = btf__new(data, size);
	if (!ASSERT_NULL(btf, what)) {
		btf__free(btf);
		return;
	}
	ASSERT_EQ(errno, EINVAL, what);
	if (!ASSERT_EQ(log_lines(), 1, what))
		fprintf(stderr, "  log: %s", unit_log());
	if (needle && !ASSERT_TRUE(strstr(unit_log(), needle) != NULL, what))
		fprintf(stderr, "  log: %s", unit_log());
}

/* a small valid BTF: [1] int, [2] ptr -> 1, [3] struct foo { int a; int *b; } */
static void *small_btf(__u32 *size)
{
	struct btf *btf = btf__new_empty();
	const void *raw;
	void *copy;

	btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	btf__add_ptr(btf, 1);
	btf__add_struct(btf, "foo", 16);
	btf__add_field(btf, "a", 1, 0, 0);
	btf__add_field(btf, "b", 2, 64, 0);
	raw = btf__raw_data(btf, size);
	copy = malloc(*size);
	memcpy(copy, raw, *size);
	btf__free(btf);
	return copy;
}

static struct btf_header *hdr_of(void *raw)
{
	return raw;
}

static struct btf_type *type_at(void *raw, __u32 off)
{
	return raw + sizeof(struct btf_header) + off;
}

/* ---- round trips -------------------------------------------------------- */

static bool roundtrip_obj(const char *path)
{
	struct btf_ext *ext = NULL;
	size_t sec_sz = 0, ext_sz = 0;
	void *sec, *ext_sec;
	const void *raw;
	struct btf *btf;
	__u32 raw_sz;
	bool ok = false;

	sec = elf_section(path, ".BTF", &sec_sz);
	if (!sec)
		return true;	/* no BTF in this object */
	ext_sec = elf_section(path, ".BTF.ext", &ext_sz);
	btf = btf__parse_elf(path, &ext);
	if (!ASSERT_OK_PTR(btf, path))
		goto out;
	raw = btf__raw_data(btf, &raw_sz);
	if (!ASSERT_EQ(raw_sz, sec_sz, path) ||
	    !ASSERT_EQ(memcmp(raw, sec, sec_sz), 0, path))
		goto out;
	if (ext_sec) {
		if (!ASSERT_OK_PTR(ext, path))
			goto out;
		raw = btf_ext__raw_data(ext, &raw_sz);
		if (!ASSERT_EQ(raw_sz, ext_sz, path) ||
		    !ASSERT_EQ(memcmp(raw, ext_sec, ext_sz), 0, path))
			goto out;
	}
	ASSERT_EQ(btf__pointer_size(btf), 8, path);
	ok = true;
out:
	btf_ext__free(ext);
	btf__free(btf);
	free(sec);
	free(ext_sec);
	return ok;
}

UNIT_TEST(btf_roundtrip_objects)
{
	struct dirent *de;
	char path[PATH_MAX];
	int n = 0;
	DIR *dir;
	size_t len;

	dir = opendir(unit_obj_dir);
	if (!ASSERT_OK_PTR(dir, "obj dir"))
		return;
	while ((de = readdir(dir))) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 6, ".bpf.o"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", unit_obj_dir, de->d_name);
		if (!roundtrip_obj(path))
			break;
		n++;
	}
	closedir(dir);
	ASSERT_TRUE(n > 0, "found BPF objects");
}

UNIT_TEST(btf_clang_types)
{
	const char *path = unit_obj_path("btf_types.bpf.o");
	const struct btf_type *t;
	struct btf_ext *ext = NULL;
	struct btf *btf;
	__u32 id;
	int outer, inner, n;

	btf = btf__parse(path, &ext);
	if (!ASSERT_OK_PTR(btf, "parse btf_types.bpf.o"))
		return;
	ASSERT_OK_PTR(ext, ".BTF.ext");
	outer = btf__find_by_name_kind(btf, "btf_outer", BTF_KIND_STRUCT);
	inner = btf__find_by_name_kind(btf, "btf_inner", BTF_KIND_STRUCT);
	CHECK_OR_RETURN(ASSERT_TRUE(outer > 0 && inner > 0, "find structs"));
	ASSERT_EQ(btf__resolve_size(btf, outer), 120, "sizeof(struct btf_outer)");
	ASSERT_EQ(btf__align_of(btf, outer), 8, "alignof(struct btf_outer)");
	ASSERT_EQ(btf__resolve_size(btf, inner), 4, "sizeof(struct btf_inner)");
	ASSERT_EQ(btf__align_of(btf, inner), 2, "alignof(struct btf_inner)");
	ASSERT_EQ(btf__find_by_name_kind(btf, "btf_outer", BTF_KIND_UNION), -ENOENT,
		  "wrong kind");
	ASSERT_EQ(btf__find_by_name(btf, "void"), 0, "void");

	/* u32_alias -> u32 -> unsigned int */
	id = btf__find_by_name_kind(btf, "u32_alias", BTF_KIND_TYPEDEF);
	t = btf_skip_modifiers(btf, id, &id);
	ASSERT_TRUE(t && btf_is_int(t), "skip typedefs");
	ASSERT_STREQ(btf__name_by_offset(btf, t->name_off), "unsigned int", "int name");

	/* arr[4][2] of struct btf_inner */
	t = btf__type_by_id(btf, outer);
	n = btf_vlen(t);
	for (id = 0; id < (__u32)n; id++)
		if (!strcmp(btf__name_by_offset(btf, btf_members(t)[id].name_off), "arr"))
			break;
	CHECK_OR_RETURN(ASSERT_LT(id, n, "member arr"));
	ASSERT_EQ(btf__resolve_size(btf, btf_members(t)[id].type), 32, "sizeof arr");
	ASSERT_EQ(btf_member_bitfield_size(t, 2), 5, "bf2 size");
	ASSERT_EQ(btf_member_bit_offset(t, 2), 35, "bf2 offset");

	ASSERT_TRUE(ext->func_info.len > 0 && ext->func_info.rec_size >= 8, "func_info");
	ASSERT_TRUE(ext->line_info.len > 0 && ext->line_info.rec_size >= 16, "line_info");
	ASSERT_TRUE(ext->core_relo_info.len > 0, "core_relo");
	btf_ext__free(ext);
	btf__free(btf);
}

UNIT_TEST(btf_roundtrip_vmlinux)
{
	const char *path = "/sys/kernel/btf/vmlinux";
	size_t size;
	void *data = unit_read_file(path, &size);
	const void *raw;
	struct btf *btf;
	__u32 raw_sz;

	if (!data)
		UNIT_SKIP("no /sys/kernel/btf/vmlinux");
	btf = btf__parse_raw(path);
	if (ASSERT_OK_PTR(btf, "parse vmlinux")) {
		raw = btf__raw_data(btf, &raw_sz);
		ASSERT_EQ(raw_sz, size, "size");
		ASSERT_EQ(memcmp(raw, data, size), 0, "identical");
		ASSERT_TRUE(btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT) > 0,
			    "task_struct");
		ASSERT_TRUE(btf__align_of(btf, btf__find_by_name_kind(btf, "task_struct",
								       BTF_KIND_STRUCT)) > 0,
			    "align task_struct");
	}
	btf__free(btf);
	free(data);
}

/* ---- builder ------------------------------------------------------------ */

UNIT_TEST(btf_add_all_kinds)
{
	struct btf *btf = build_all_kinds(), *back = NULL;
	const struct btf_type *t;
	const void *raw;
	__u32 sz, sz2;

	if (!ASSERT_OK_PTR(btf, "build"))
		return;
	ASSERT_EQ(log_lines(), 0, "no warnings");
	raw = btf__raw_data(btf, &sz);
	back = btf__new(raw, sz);
	if (!ASSERT_OK_PTR(back, "parse back"))
		goto out;
	same_types(btf, back);
	ASSERT_TRUE(btf__raw_data(back, &sz2) && sz2 == sz, "same raw size");

	t = btf__type_by_id(back, 7);
	ASSERT_TRUE(btf_kflag(t), "struct with bitfield has kflag");
	ASSERT_EQ(btf_vlen(t), 5, "struct vlen");
	ASSERT_EQ(btf_member_bit_offset(t, 1), 32, "bf offset");
	ASSERT_EQ(btf_member_bitfield_size(t, 1), 3, "bf size");
	ASSERT_EQ(btf_member_bit_offset(t, 2), 64, "b offset");
	ASSERT_EQ(btf_member_bitfield_size(t, 2), 0, "b not a bitfield");
	ASSERT_TRUE(btf_kflag(btf__type_by_id(back, 9)), "enum with negative value is signed");
	ASSERT_EQ(btf_enum64_value(btf_enum64(btf__type_by_id(back, 10))), 1ULL << 40,
		  "enum64 value");
	ASSERT_TRUE(btf_kflag(btf__type_by_id(back, 12)), "union fwd kflag");
	ASSERT_TRUE(btf_is_enum(btf__type_by_id(back, 13)) &&
		    btf_vlen(btf__type_by_id(back, 13)) == 0, "enum fwd");
	ASSERT_EQ(btf_vlen(btf__type_by_id(back, 20)), BTF_FUNC_GLOBAL, "func linkage");
	ASSERT_EQ(btf_int_encoding(btf__type_by_id(back, 2)),
		  BTF_INT_CHAR | BTF_INT_SIGNED, "char encoding");
	ASSERT_EQ(btf_int_bits(btf__type_by_id(back, 3)), 64, "long bits");
	ASSERT_EQ(btf_var(btf__type_by_id(back, 21))->linkage, BTF_VAR_GLOBAL_ALLOCATED,
		  "var linkage");
	ASSERT_EQ(btf_var_secinfos(btf__type_by_id(back, 22))->type, 21, "datasec var");
	ASSERT_EQ(btf_decl_tag(btf__type_by_id(back, 25))->component_idx, 1, "tag idx");
	ASSERT_STREQ(btf__name_by_offset(back, btf_params(btf__type_by_id(back, 19))[0].name_off),
		     "x", "param name");
out:
	btf__free(back);
	btf__free(btf);
}

UNIT_TEST(btf_add_api_errors)
{
	struct btf *btf = btf__new_empty();
	int id;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "new"));
	unit_log_reset();
	ASSERT_EQ(btf__add_field(btf, "a", 0, 0, 0), -EINVAL, "field without struct");
	ASSERT_EQ(log_lines(), 1, "one warning");
	ASSERT_EQ(btf__add_int(btf, "i", 3, 0), -EINVAL, "int size 3");
	ASSERT_EQ(btf__add_int(btf, "i", 4, 8), -EINVAL, "int encoding 8");
	ASSERT_EQ(btf__add_int(btf, "", 4, 0), -EINVAL, "int without name");
	ASSERT_EQ(btf__add_float(btf, "f", 3), -EINVAL, "float size 3");
	ASSERT_EQ(btf__add_ptr(btf, -1), -EINVAL, "ptr to -1");
	ASSERT_EQ(btf__add_typedef(btf, NULL, 0), -EINVAL, "typedef without name");
	ASSERT_EQ(btf__add_fwd(btf, "x", 7), -EINVAL, "fwd kind 7");
	ASSERT_EQ(btf__add_func(btf, "f", 3, 0), -EINVAL, "func linkage 3");
	ASSERT_EQ(btf__add_var(btf, "v", 3, 0), -EINVAL, "var linkage 3");
	ASSERT_EQ(btf__add_decl_tag(btf, "t", 0, -2), -EINVAL, "tag idx -2");
	ASSERT_EQ(btf__add_enum(btf, "e", 3), -EINVAL, "enum size 3");
	ASSERT_EQ(btf__type_cnt(btf), 1, "nothing added");

	id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	ASSERT_EQ(btf__add_enum_value(btf, "A", 1), -EINVAL, "enum value after int");
	ASSERT_EQ(btf__add_func_param(btf, "p", id), -EINVAL, "param after int");
	ASSERT_EQ(btf__add_datasec_var_info(btf, id, 0, 4), -EINVAL, "var info after int");
	ASSERT_EQ(btf__add_enum64_value(btf, "A", 1), -EINVAL, "enum64 value after int");

	btf__add_struct(btf, "s", 8);
	ASSERT_EQ(btf__add_field(btf, "a", id, 3, 0), -EINVAL, "unaligned non-bitfield");
	ASSERT_EQ(btf__add_field(btf, "a", id, 0, 256), -EINVAL, "bitfield of 256 bits");
	ASSERT_EQ(btf__add_field(btf, "a", -5, 0, 0), -EINVAL, "bad field type");
	ASSERT_OK(btf__add_field(btf, "a", id, 0, 0), "good field");
	btf__add_union(btf, "u", 4);
	ASSERT_EQ(btf__add_field(btf, "a", id, 8, 0), -EINVAL, "union member at offset 8");
	btf__add_enum(btf, "e", 4);
	ASSERT_EQ(btf__add_enum_value(btf, "A", 1LL << 33), -E2BIG, "enum value too big");
	ASSERT_EQ(btf__add_enum_value(btf, "", 1), -EINVAL, "enum value without name");
	ASSERT_OK(btf__add_enum_value(btf, "A", UINT_MAX), "enum value UINT_MAX");
	ASSERT_OK(btf__add_enum_value(btf, "B", INT_MIN), "enum value INT_MIN");
	ASSERT_EQ(btf__add_str(btf, NULL), -EINVAL, "NULL string");
	ASSERT_EQ(btf__set_pointer_size(btf, 2), -EINVAL, "pointer size 2");
	ASSERT_EQ(btf__set_endianness(btf, 5), -EINVAL, "endianness 5");
	btf__free(btf);
}

UNIT_TEST(btf_strings)
{
	struct btf *btf = btf__new_empty();
	const char *s;
	int a, b, c;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "new"));
	ASSERT_EQ(btf__find_str(btf, ""), 0, "empty string at 0");
	ASSERT_EQ(btf__find_str(btf, "abc"), -ENOENT, "not there yet");
	a = btf__add_str(btf, "abc");
	b = btf__add_str(btf, "def");
	c = btf__add_str(btf, "abc");
	ASSERT_EQ(a, 1, "first string");
	ASSERT_EQ(c, a, "deduplicated");
	ASSERT_EQ(btf__find_str(btf, "def"), b, "find");
	ASSERT_STREQ(btf__str_by_offset(btf, b), "def", "by offset");
	ASSERT_NULL(btf__str_by_offset(btf, 100), "offset out of range");
	/* a string inside our own section that is a suffix, not a string */
	s = btf__str_by_offset(btf, a + 1);
	c = btf__add_str(btf, s);
	ASSERT_STREQ(btf__str_by_offset(btf, c), "bc", "suffix added");
	/* many strings: the index grows */
	for (a = 0; a < 2000; a++) {
		char buf[32];

		snprintf(buf, sizeof(buf), "str%d", a);
		b = btf__add_str(btf, buf);
		if (!ASSERT_EQ(btf__add_str(btf, buf), b, "dedup many"))
			break;
	}
	ASSERT_STREQ(btf__str_by_offset(btf, btf__find_str(btf, "str1234")), "str1234",
		     "find many");
	btf__free(btf);
}

UNIT_TEST(btf_resolve_and_align)
{
	struct btf *btf = build_all_kinds();
	int packed;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "build"));
	ASSERT_EQ(btf__resolve_size(btf, 1), 4, "int");
	ASSERT_EQ(btf__resolve_size(btf, 5), 8, "ptr");
	ASSERT_EQ(btf__resolve_size(btf, 6), 16, "char[16]");
	ASSERT_EQ(btf__resolve_size(btf, 7), 48, "struct");
	ASSERT_EQ(btf__resolve_size(btf, 16), 4, "const volatile int");
	ASSERT_EQ(btf__resolve_size(btf, 27), 144, "td2[3]");
	ASSERT_EQ(btf__resolve_size(btf, 21), 48, "var");
	ASSERT_EQ(btf__resolve_size(btf, 0), -EINVAL, "void");
	ASSERT_EQ(btf__resolve_size(btf, 11), -EINVAL, "fwd");
	ASSERT_EQ(btf__resolve_size(btf, 20), -EINVAL, "func");
	ASSERT_EQ(btf__resolve_size(btf, 999), -EINVAL, "bad id");
	ASSERT_EQ(btf__resolve_type(btf, 26), 7, "td2 -> td -> s");
	ASSERT_EQ(btf__resolve_type(btf, 16), 1, "const volatile int");
	ASSERT_EQ(btf__resolve_type(btf, 0), -EINVAL, "resolve void");
	ASSERT_EQ(btf__align_of(btf, 7), 8, "align struct");
	ASSERT_EQ(btf__align_of(btf, 27), 8, "align td2[3]");
	ASSERT_EQ(btf__align_of(btf, 6), 1, "align char[16]");
	ASSERT_EQ(btf__align_of(btf, 8), 8, "align union");
	ASSERT_EQ(btf__find_by_name_kind(btf, "td2", BTF_KIND_TYPEDEF), 26, "find td2");
	ASSERT_EQ(btf__find_by_name(btf, "e64"), 10, "find e64");
	ASSERT_EQ(btf__find_by_name(btf, "nope"), -ENOENT, "find nope");
	ASSERT_EQ(btf__pointer_size(btf), 8, "pointer size");

	/* struct __attribute__((packed)) { char c; long l; } */
	packed = btf__add_struct(btf, "packed", 9);
	btf__add_field(btf, "c", 2, 0, 0);
	btf__add_field(btf, "l", 3, 8, 0);
	ASSERT_EQ(btf__align_of(btf, packed), 1, "packed struct");
	ASSERT_EQ(btf__set_pointer_size(btf, 4), 0, "set pointer size");
	ASSERT_EQ(btf__resolve_size(btf, 5), 4, "32-bit ptr");
	ASSERT_EQ(btf__align_of(btf, 3), 4, "long on 32-bit pointer size");
	btf__free(btf);
}

UNIT_TEST(btf_modify_in_place)
{
	struct btf *btf = build_all_kinds(), *back;
	struct btf_type *t;
	const void *raw;
	__u32 sz;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "build"));
	raw = btf__raw_data(btf, &sz);
	CHECK_OR_RETURN(ASSERT_OK_PTR(raw, "raw"));
	t = btf_type_by_id(btf, 7);
	t->size = 64;
	raw = btf__raw_data(btf, &sz);
	back = btf__new(raw, sz);
	if (ASSERT_OK_PTR(back, "parse back"))
		ASSERT_EQ(btf__type_by_id(back, 7)->size, 64, "in-place change written");
	btf__free(back);
	/* adding after parsing works too */
	back = btf__new(raw, sz);
	if (ASSERT_OK_PTR(back, "parse again")) {
		ASSERT_EQ(btf__add_struct(back, "new", 4), 28, "add to parsed");
		ASSERT_OK(btf__add_field(back, "x", 1, 0, 0), "field");
		ASSERT_EQ(btf__add_str(back, "int"), btf__find_str(back, "int"), "dedup parsed");
	}
	btf__free(back);
	btf__free(btf);
}

/* ---- byte order and split BTF ------------------------------------------- */

/* swap raw host-order BTF in the standard layout */
static void swap_btf(void *raw)
{
	struct btf_header *h = raw;
	__u32 *w = raw + sizeof(*h), i, n = h->type_len / 4;

	for (i = 0; i < n; i++)
		w[i] = bswap_32(w[i]);
	h->magic = bswap_16(h->magic);
	h->hdr_len = bswap_32(h->hdr_len);
	h->type_off = bswap_32(h->type_off);
	h->type_len = bswap_32(h->type_len);
	h->str_off = bswap_32(h->str_off);
	h->str_len = bswap_32(h->str_len);
}

UNIT_TEST(btf_other_endianness)
{
	struct btf *btf = build_all_kinds(), *sw = NULL;
	const void *raw;
	void *copy;
	__u32 sz, sz2;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "build"));
	raw = btf__raw_data(btf, &sz);
	copy = malloc(sz);
	memcpy(copy, raw, sz);
	swap_btf(copy);
	sw = btf__new(copy, sz);
	if (!ASSERT_OK_PTR(sw, "parse swapped"))
		goto out;
	ASSERT_EQ(btf__endianness(sw), BTF_BIG_ENDIAN, "big endian");
	same_types(btf, sw);
	raw = btf__raw_data(sw, &sz2);
	ASSERT_TRUE(sz2 == sz && !memcmp(raw, copy, sz), "written back swapped");
	ASSERT_OK(btf__set_endianness(sw, BTF_LITTLE_ENDIAN), "set little");
	raw = btf__raw_data(sw, &sz2);
	ASSERT_TRUE(sz2 == sz && !memcmp(raw, btf__raw_data(btf, &sz), sz), "native again");
out:
	free(copy);
	btf__free(sw);
	btf__free(btf);
}

UNIT_TEST(btf_split)
{
	struct btf *base = build_all_kinds(), *split = NULL, *back = NULL;
	const void *raw;
	__u32 sz, cnt;
	int ptr, st;

	CHECK_OR_RETURN(ASSERT_OK_PTR(base, "base"));
	cnt = btf__type_cnt(base);
	split = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(split, "split"))
		goto out;
	ASSERT_EQ(btf__base_btf(split), base, "base_btf");
	ptr = btf__add_ptr(split, 7);
	ASSERT_EQ(ptr, cnt, "first split id");
	st = btf__add_struct(split, "s2", 8);
	ASSERT_OK(btf__add_field(split, "p", ptr, 0, 0), "field");
	ASSERT_EQ(btf__add_str(split, "int"), btf__find_str(base, "int"), "string from base");
	ASSERT_TRUE(btf__add_str(split, "fresh") >=
		    (int)hdr_of((void *)btf__raw_data(base, &sz))->str_len, "own string offset");
	ASSERT_EQ(btf__find_by_name_kind(split, "s", BTF_KIND_STRUCT), 7, "find base type");
	ASSERT_EQ(btf__find_by_name_kind(split, "s2", BTF_KIND_STRUCT), st, "find own type");
	ASSERT_EQ(btf__resolve_size(split, st), 8, "size");

	raw = btf__raw_data(split, &sz);
	back = btf__new_split(raw, sz, base);
	if (!ASSERT_OK_PTR(back, "parse split"))
		goto out;
	same_types(split, back);
	/* without its base it must fail cleanly */
	expect_bad_btf(raw, sz, "split without base", NULL);
out:
	btf__free(back);
	btf__free(split);
	btf__free(base);
}

UNIT_TEST(btf_empty)
{
	struct btf *btf = btf__new_empty(), *split = NULL, *back = NULL;
	const void *raw;
	__u32 sz;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "new_empty"));
	raw = btf__raw_data(btf, &sz);
	ASSERT_EQ(sz, sizeof(struct btf_header) + 1, "header and \"\"");
	back = btf__new(raw, sz);
	if (ASSERT_OK_PTR(back, "parse empty"))
		ASSERT_EQ(btf__type_cnt(back), 1, "only void");
	btf__free(back);
	split = btf__new_empty_split(btf);
	if (ASSERT_OK_PTR(split, "new_empty_split")) {
		raw = btf__raw_data(split, &sz);
		ASSERT_EQ(sz, sizeof(struct btf_header), "header only");
		back = btf__new_split(raw, sz, btf);
		ASSERT_OK_PTR(back, "parse empty split");
		btf__free(back);
		ASSERT_EQ(btf__add_btf(btf, split), 1, "add empty btf");
	}
	ASSERT_EQ(btf__type_by_id(btf, 0)->info, 0, "void");
	ASSERT_NULL(btf__type_by_id(btf, 1), "no type 1");
	btf__free(split);
	/* libbpf: no base is plain empty BTF (pahole calls it so) */
	split = btf__new_empty_split(NULL);
	if (ASSERT_OK_PTR(split, "split without base")) {
		ASSERT_NULL(btf__base_btf(split), "no base");
		ASSERT_EQ(btf__type_cnt(split), 1, "only void");
		raw = btf__raw_data(split, &sz);
		ASSERT_EQ(sz, sizeof(struct btf_header) + 1, "header and \"\"");
	}
	btf__free(split);
	btf__free(btf);
}

UNIT_TEST(btf_add_type_and_btf)
{
	struct btf *src = build_all_kinds(), *dst = btf__new_empty();
	const struct btf_type *t;
	int id, first;

	if (!ASSERT_OK_PTR(src, "src") || !ASSERT_OK_PTR(dst, "dst")) {
		btf__free(src);
		btf__free(dst);
		return;
	}
	btf__add_int(dst, "other", 2, 0);
	id = btf__add_type(dst, src, btf__type_by_id(src, 7));
	ASSERT_EQ(id, 2, "add_type id");
	t = btf__type_by_id(dst, id);
	ASSERT_STREQ(btf__name_by_offset(dst, t->name_off), "s", "copied name");
	ASSERT_STREQ(btf__name_by_offset(dst, btf_members(t)[4].name_off), "name",
		     "copied member name");
	ASSERT_EQ(btf_members(t)[4].type, 6, "type ids kept");

	first = btf__add_btf(dst, src);
	ASSERT_EQ(first, 3, "add_btf first id");
	ASSERT_EQ(btf__type_cnt(dst), 3 + btf__type_cnt(src) - 1, "count");
	t = btf__type_by_id(dst, first + 6);	/* src [7] */
	ASSERT_STREQ(btf__name_by_offset(dst, t->name_off), "s", "struct moved");
	ASSERT_EQ(btf_members(t)[4].type, first + 5, "member id shifted");
	ASSERT_EQ(btf__resolve_size(dst, first + 26), 144, "shifted array resolves");
	/* adding a BTF to itself doubles it */
	id = btf__type_cnt(dst);
	ASSERT_EQ(btf__add_btf(dst, dst), id, "self add");
	ASSERT_EQ(btf__type_cnt(dst), 2 * id - 1, "doubled");
	ASSERT_EQ(btf__resolve_size(dst, id - 1 + first + 26), 144, "self copy resolves");
	btf__free(src);
	btf__free(dst);
}

UNIT_TEST(btf_parse_files)
{
	char path[] = "/tmp/test_btf_XXXXXX";
	struct btf *btf = build_all_kinds(), *back;
	struct btf_ext *ext = (void *)1;
	const void *raw;
	__u32 sz;
	int fd;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "build"));
	raw = btf__raw_data(btf, &sz);
	fd = mkstemp(path);
	CHECK_OR_RETURN(ASSERT_TRUE(fd >= 0, "mkstemp"));
	ASSERT_EQ(write(fd, raw, sz), sz, "write");
	close(fd);
	back = btf__parse(path, &ext);
	if (ASSERT_OK_PTR(back, "btf__parse raw"))
		same_types(btf, back);
	ASSERT_NULL(ext, "no btf_ext for raw BTF");
	btf__free(back);
	back = btf__parse_elf(path, NULL);
	ASSERT_NULL(back, "raw BTF is not ELF");
	unlink(path);
	unit_log_reset();
	ASSERT_NULL(btf__parse_raw(path), "missing file");
	ASSERT_EQ(errno, ENOENT, "ENOENT");
	ASSERT_EQ(log_lines(), 1, "one warning");
	btf__free(btf);
}

/* write a file holding len bytes of data; false on failure */
static bool write_tmp(char *path, const void *data, size_t len)
{
	int fd = mkstemp(path);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, data, len) == (ssize_t)len;
	close(fd);
	return ok;
}

/*
 * A raw file's sections are read where its header puts them, strings
 * first or after a gap alike, and a header that promises more than the
 * file holds fails as btf__new() fails on the same bytes.
 */
UNIT_TEST(btf_parse_raw_layouts)
{
	struct btf *btf = build_all_kinds(), *back;
	struct btf_header hdr;
	char path[] = "/tmp/test_btf_XXXXXX";
	unsigned char *buf = NULL;
	const void *raw;
	size_t len;
	__u32 sz, off;
	int err;

	CHECK_OR_RETURN(ASSERT_OK_PTR(btf, "build"));
	raw = btf__raw_data(btf, &sz);
	memcpy(&hdr, raw, sizeof(hdr));
	/* [header][8 bytes of gap][strings][padding to 4][types] */
	off = (8 + hdr.str_len + 3) & ~3U;
	len = hdr.hdr_len + off + hdr.type_len;
	buf = calloc(1, len);
	if (!ASSERT_OK_PTR(buf, "calloc"))
		goto out;
	memcpy(buf + hdr.hdr_len + 8, (const char *)raw + hdr.hdr_len + hdr.str_off, hdr.str_len);
	memcpy(buf + hdr.hdr_len + off, (const char *)raw + hdr.hdr_len + hdr.type_off,
	       hdr.type_len);
	hdr.str_off = 8;
	hdr.type_off = off;
	memcpy(buf, &hdr, sizeof(hdr));
	if (!ASSERT_TRUE(write_tmp(path, buf, len), "write"))
		goto out;
	back = btf__parse_raw(path);
	if (ASSERT_OK_PTR(back, "parse strings first"))
		ASSERT_TRUE(same_types(btf, back), "same types");
	btf__free(back);
	unlink(path);

	/* the same file cut short in its type section */
	strcpy(path, "/tmp/test_btf_XXXXXX");
	if (!ASSERT_TRUE(write_tmp(path, buf, len - 4), "write short"))
		goto out;
	back = btf__new(buf, len - 4);
	err = errno;
	ASSERT_NULL(back, "btf__new short");
	ASSERT_NULL(btf__parse_raw(path), "parse short");
	ASSERT_EQ(errno, err, "same errno");
	unlink(path);
out:
	free(buf);
	btf__free(btf);
}

/* ---- malformed BTF ------------------------------------------------------ */

UNIT_TEST(btf_malformed)
{
	struct btf_header *h;
	struct btf_type *t;
	__u32 size, ptr_off, st_off;
	void *good = small_btf(&size), *buf = malloc(size + 64);

	CHECK_OR_RETURN(ASSERT_OK_PTR(good, "small"));
	h = buf;
	/* [1] int: 16 bytes, [2] ptr: 12 bytes, [3] struct */
	ptr_off = 16;
	st_off = 28;

#define RESET() memcpy(buf, good, size)
	RESET();
	expect_bad_btf(buf, 10, "truncated header", "header truncated");
	expect_bad_btf(buf, sizeof(*h) - 1, "truncated header 23", "header truncated");
	RESET(); h->magic = 0x1234;
	expect_bad_btf(buf, size, "bad magic", "magic");
	RESET(); h->version = 2;
	expect_bad_btf(buf, size, "bad version", "version");
	RESET(); h->hdr_len = size + 4;
	expect_bad_btf(buf, size, "hdr_len past the data", "header length");
	RESET(); h->hdr_len = 8;
	expect_bad_btf(buf, size, "hdr_len too small", "header length");
	RESET(); h->type_len += 100;
	expect_bad_btf(buf, size, "type_len past the data", "type section");
	RESET(); h->str_off = h->str_off + 4;
	expect_bad_btf(buf, size, "str section past the data", "string section");
	RESET(); h->str_off = 0; h->str_len = 8;
	expect_bad_btf(buf, size, "sections overlap", "overlaps");
	RESET(); h->type_len -= 2; h->str_off -= 2; h->str_len += 2;
	expect_bad_btf(buf, size, "type_len not aligned", "aligned");
	RESET(); ((char *)buf)[size - 1] = 'x';
	expect_bad_btf(buf, size, "strings not NUL-terminated", "NUL");
	RESET(); ((char *)buf)[sizeof(*h) + h->str_off] = 'x';
	expect_bad_btf(buf, size, "strings not starting with \"\"", "start");
	RESET(); h->str_len = 0;
	expect_bad_btf(buf, size, "no strings", "empty");

	RESET(); type_at(buf, 0)->name_off = h->str_len + 10;
	expect_bad_btf(buf, size, "name offset out of range", "type [1] INT");
	RESET(); t = type_at(buf, st_off);
	btf_members(t)[1].name_off = 1000;
	expect_bad_btf(buf, size, "member name offset out of range", "type [3] STRUCT");
	RESET(); type_at(buf, ptr_off)->type = 99;
	expect_bad_btf(buf, size, "type id out of range", "type [2] PTR: references type id 99");
	RESET(); t = type_at(buf, st_off);
	btf_members(t)[0].type = 4;
	expect_bad_btf(buf, size, "member type id out of range", "type [3] STRUCT");
	RESET(); type_at(buf, ptr_off)->info = 25 << 24;
	expect_bad_btf(buf, size, "unknown kind",
		       "type [2] at byte 16 of the type section: unknown kind 25");
	RESET(); type_at(buf, ptr_off)->info = 0;
	expect_bad_btf(buf, size, "kind 0", "unknown kind 0");
	RESET(); type_at(buf, st_off)->info = BTF_KIND_STRUCT << 24 | 100;
	expect_bad_btf(buf, size, "vlen past the end", "type [3] STRUCT: vlen 100");
	RESET(); h->type_len -= 4; h->str_off -= 4;
	memmove(buf + sizeof(*h) + h->str_off, good + sizeof(*h) + h->str_off + 4, h->str_len);
	expect_bad_btf(buf, size - 4, "type cut short", "type [3]");
	RESET(); *(__u32 *)(type_at(buf, 0) + 1) = 33 | BTF_INT_SIGNED << 24;
	expect_bad_btf(buf, size, "int bits past size", "type [1] INT");
	RESET(); *(__u32 *)(type_at(buf, 0) + 1) = 32 | 8 << 24;
	expect_bad_btf(buf, size, "int encoding", "encoding");
	RESET(); type_at(buf, 0)->size = 3;
	expect_bad_btf(buf, size, "int size 3", "invalid size");
	expect_bad_btf(NULL, 100, "NULL data", NULL);
#undef RESET
	free(buf);
	free(good);
}

UNIT_TEST(btf_malformed_kinds)
{
	struct btf *btf = btf__new_empty();
	const void *raw;
	__u32 sz;

	/* FUNC pointing at a non-FUNC_PROTO */
	btf__add_int(btf, "int", 4, 0);
	btf__add_func(btf, "f", BTF_FUNC_GLOBAL, 1);
	raw = btf__raw_data(btf, &sz);
	expect_bad_btf(raw, sz, "func -> int", "type [2] FUNC");
	btf__free(btf);

	/* DATASEC listing a non-VAR */
	btf = btf__new_empty();
	btf__add_int(btf, "int", 4, 0);
	btf__add_datasec(btf, ".data", 4);
	btf__add_datasec_var_info(btf, 1, 0, 4);
	raw = btf__raw_data(btf, &sz);
	expect_bad_btf(raw, sz, "datasec -> int", "type [2] DATASEC");
	btf__free(btf);

	/* DECL_TAG component past the struct's members */
	btf = btf__new_empty();
	btf__add_int(btf, "int", 4, 0);
	btf__add_struct(btf, "s", 4);
	btf__add_field(btf, "a", 1, 0, 0);
	btf__add_decl_tag(btf, "t", 2, 1);
	raw = btf__raw_data(btf, &sz);
	expect_bad_btf(raw, sz, "decl_tag idx", "type [3] DECL_TAG");
	btf__free(btf);

	/* VAR with an unknown linkage */
	btf = btf__new_empty();
	btf__add_int(btf, "int", 4, 0);
	btf__add_var(btf, "v", 0, 1);
	btf_var(btf_type_by_id(btf, 2))->linkage = 7;
	raw = btf__raw_data(btf, &sz);
	expect_bad_btf(raw, sz, "var linkage", "type [2] VAR");
	btf__free(btf);
}

UNIT_TEST(btf_reference_loops)
{
	struct btf *btf = btf__new_empty(), *back;
	const void *raw;
	__u32 sz, id;
	int a, s;

	/* [1] typedef A -> [2] const -> [1] */
	a = btf__add_typedef(btf, "A", 2);
	btf__add_const(btf, a);
	/* [3] struct S { S s; } */
	s = btf__add_struct(btf, "S", 4);
	btf__add_field(btf, "s", s, 0, 0);
	raw = btf__raw_data(btf, &sz);
	back = btf__new(raw, sz);
	CHECK_OR_RETURN(ASSERT_OK_PTR(back, "loops parse"));

	unit_log_reset();
	ASSERT_EQ(btf__resolve_size(back, a), -ELOOP, "resolve_size loop");
	ASSERT_EQ(log_lines(), 1, "one warning");
	ASSERT_TRUE(strstr(unit_log(), "type [1]") != NULL, "names the type");
	unit_log_reset();
	ASSERT_EQ(btf__resolve_type(back, 2), -ELOOP, "resolve_type loop");
	ASSERT_EQ(log_lines(), 1, "one warning");
	unit_log_reset();
	ASSERT_EQ(btf__align_of(back, a), -ELOOP, "align_of loop");
	ASSERT_EQ(log_lines(), 1, "one warning");
	unit_log_reset();
	ASSERT_NULL(btf_skip_modifiers(back, a, &id), "skip_modifiers loop");
	ASSERT_EQ(errno, ELOOP, "ELOOP");
	ASSERT_EQ(log_lines(), 1, "one warning");
	unit_log_reset();
	ASSERT_EQ(btf__align_of(back, s), -ELOOP, "struct containing itself");
	ASSERT_EQ(log_lines(), 1, "one warning");
	btf__free(back);
	btf__free(btf);
}

/* a chain of structs, each holding two of the previous: 2^40 paths */
UNIT_TEST(btf_align_of_bounded)
{
	struct btf *btf = btf__new_empty();
	int i, prev, id = 0;

	prev = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	for (i = 0; i < 30; i++) {
		id = btf__add_struct(btf, "s", 8u << (i < 20 ? i : 20));
		btf__add_field(btf, "a", prev, 0, 0);
		btf__add_field(btf, "b", prev, 32, 0);
		prev = id;
	}
	unit_log_reset();
	ASSERT_EQ(btf__align_of(btf, id), -E2BIG, "gives up");
	ASSERT_EQ(log_lines(), 1, "one warning");
	btf__free(btf);
}

/* ---- .BTF.ext ----------------------------------------------------------- */

struct ext_blob {
	struct {
		__u16 magic;
		__u8 version;
		__u8 flags;
		__u32 hdr_len;
		__u32 func_info_off, func_info_len;
		__u32 line_info_off, line_info_len;
		__u32 core_relo_off, core_relo_len;
	} hdr;
	/* func_info: rec_size, one group of two records */
	__u32 fi_rec_size;
	__u32 fi_sec[2];
	__u32 fi_recs[2][2];
	/* line_info: rec_size, one group of one record */
	__u32 li_rec_size;
	__u32 li_sec[2];
	__u32 li_recs[1][4];
	/* core_relo: rec_size, one group of one record */
	__u32 cr_rec_size;
	__u32 cr_sec[2];
	__u32 cr_recs[1][4];
};

/* .BTF.ext matching btf: section name "tc", strings "file.c", "0:1" */
static void make_ext(struct ext_blob *b, struct btf *btf)
{
	__u32 sec = btf__add_str(btf, "tc"), file = btf__add_str(btf, "file.c");
	__u32 acc = btf__add_str(btf, "0:1");

	memset(b, 0, sizeof(*b));
	b->hdr.magic = BTF_MAGIC;
	b->hdr.version = 1;
	b->hdr.hdr_len = sizeof(b->hdr);
	b->hdr.func_info_off = 0;
	b->hdr.func_info_len = 4 + 8 + 16;
	b->hdr.line_info_off = 28;
	b->hdr.line_info_len = 4 + 8 + 16;
	b->hdr.core_relo_off = 56;
	b->hdr.core_relo_len = 4 + 8 + 16;
	b->fi_rec_size = 8;
	b->fi_sec[0] = sec;
	b->fi_sec[1] = 2;
	b->fi_recs[0][1] = 1;
	b->fi_recs[1][0] = 10;
	b->fi_recs[1][1] = 1;
	b->li_rec_size = 16;
	b->li_sec[0] = sec;
	b->li_sec[1] = 1;
	b->li_recs[0][1] = file;
	b->li_recs[0][2] = file;
	b->cr_rec_size = 16;
	b->cr_sec[0] = sec;
	b->cr_sec[1] = 1;
	b->cr_recs[0][1] = 1;
	b->cr_recs[0][2] = acc;
}

static void expect_bad_ext(struct ext_blob *b, __u32 size, struct btf *btf,
			   const char *what, const char *needle, int err)
{
	struct btf_ext *ext;

	unit_log_reset();
	ext = btf_ext_parse(b, size, btf);
	if (!ASSERT_NULL(ext, what)) {
		btf_ext__free(ext);
		return;
	}
	ASSERT_EQ(errno, err, what);
	if (!ASSERT_EQ(log_lines(), 1, what))
		fprintf(stderr, "  log: %s", unit_log());
	if (needle && !ASSERT_TRUE(strstr(unit_log(), needle) != NULL, what))
		fprintf(stderr, "  log: %s", unit_log());
}

UNIT_TEST(btf_ext_parse_good)
{
	struct btf *btf = btf__new_empty();
	struct btf_ext_info_sec *sec;
	struct bpf_func_info *fi;
	struct ext_blob b;
	struct btf_ext *ext;
	const void *raw;
	int nsec = 0, nrec = 0;
	__u32 i, sz;

	btf__add_int(btf, "int", 4, 0);
	make_ext(&b, btf);
	ext = btf_ext_parse(&b, sizeof(b), btf);
	CHECK_OR_RETURN(ASSERT_OK_PTR(ext, "parse"));
	for_each_btf_ext_sec(&ext->func_info, sec) {
		nsec++;
		ASSERT_STREQ(btf__name_by_offset(btf, sec->sec_name_off), "tc", "sec name");
		for_each_btf_ext_rec(&ext->func_info, sec, i, fi)
			nrec += fi->insn_off;
	}
	ASSERT_EQ(nsec, 1, "one group");
	ASSERT_EQ(nrec, 10, "records walked");
	ASSERT_EQ(ext->line_info.rec_size, 16, "line_info rec size");
	ASSERT_EQ(ext->core_relo_info.len, 8 + 16, "core_relo len");
	raw = btf_ext__raw_data(ext, &sz);
	ASSERT_TRUE(sz == sizeof(b) && !memcmp(raw, &b, sz), "raw data");
	btf_ext__free(ext);

	/* without core_relo in the header */
	b.hdr.hdr_len = 24;
	memmove((char *)&b + 24, (char *)&b + 32, sizeof(b) - 32);
	ext = btf_ext__new((void *)&b, sizeof(b) - 8);
	if (ASSERT_OK_PTR(ext, "short header"))
		ASSERT_EQ(ext->core_relo_info.len, 0, "no core_relo");
	btf_ext__free(ext);
	btf__free(btf);
}

/* every 32-bit word of buf byte-swapped, the first 16-bit magic too */
static void swap_ext_blob(void *buf, size_t size)
{
	__u32 *w = buf;
	size_t i;

	for (i = 1; i < size / 4; i++)
		w[i] = bswap_32(w[i]);
	*(__u16 *)buf = bswap_16(*(__u16 *)buf);
}

/* parsed in either byte order, written back in the chosen one */
UNIT_TEST(btf_ext_endianness)
{
	struct btf *btf = btf__new_empty();
	struct ext_blob b, be;
	struct btf_ext *ext, *ext2;
	const void *raw;
	__u32 sz;

	btf__add_int(btf, "int", 4, 0);
	make_ext(&b, btf);
	be = b;
	swap_ext_blob(&be, sizeof(be));

	ext = btf_ext__new((void *)&b, sizeof(b));
	CHECK_OR_RETURN(ASSERT_OK_PTR(ext, "parse host order"));
	ASSERT_EQ(btf_ext__endianness(ext), BTF_LITTLE_ENDIAN, "host order is little");
	ASSERT_EQ(btf_ext__set_endianness(ext, 7), -EINVAL, "unknown order");
	ASSERT_EQ(btf_ext__set_endianness(ext, BTF_BIG_ENDIAN), 0, "set big");
	ASSERT_EQ(btf_ext__endianness(ext), BTF_BIG_ENDIAN, "now big");
	raw = btf_ext__raw_data(ext, &sz);
	ASSERT_TRUE(sz == sizeof(be) && !memcmp(raw, &be, sz), "raw data byte-swapped");
	/* the records stay readable in host order */
	ASSERT_EQ(ext->func_info.rec_size, 8, "func_info rec size still host order");
	/* a record rewritten since (as dedup does) shows in the next copy */
	((struct bpf_func_info *)((struct btf_ext_info_sec *)ext->func_info.info)->data)->type_id = 7;
	raw = btf_ext__raw_data(ext, &sz);
	ASSERT_EQ(*(const __u32 *)((const char *)raw + offsetof(struct ext_blob, fi_recs[0][1])),
		  bswap_32(7), "rewritten record in the new copy");
	((struct bpf_func_info *)((struct btf_ext_info_sec *)ext->func_info.info)->data)->type_id =
		b.fi_recs[0][1];
	raw = btf_ext__raw_data(ext, &sz);

	/* the swapped bytes parse back: big endian, same records, same bytes out */
	ext2 = btf_ext__new(raw, sz);
	if (ASSERT_OK_PTR(ext2, "parse big endian")) {
		ASSERT_EQ(btf_ext__endianness(ext2), BTF_BIG_ENDIAN, "parsed as big");
		ASSERT_EQ(memcmp(ext2->data, &b, sizeof(b)), 0, "converted to host order");
		ASSERT_EQ(ext2->line_info.rec_size, 16, "line_info rec size swapped in");
		raw = btf_ext__raw_data(ext2, &sz);
		ASSERT_TRUE(sz == sizeof(be) && !memcmp(raw, &be, sz), "written back big");
		ASSERT_EQ(btf_ext__set_endianness(ext2, BTF_LITTLE_ENDIAN), 0, "set little");
		raw = btf_ext__raw_data(ext2, &sz);
		ASSERT_TRUE(sz == sizeof(b) && !memcmp(raw, &b, sz), "written little");
	}
	btf_ext__free(ext2);
	btf_ext__free(ext);
	btf__free(btf);
}

UNIT_TEST(btf_ext_malformed)
{
	struct btf *btf = btf__new_empty();
	struct ext_blob b;

	btf__add_int(btf, "int", 4, 0);
	make_ext(&b, btf);
	expect_bad_ext(&b, 10, NULL, "truncated", "truncated", EINVAL);

	make_ext(&b, btf); b.hdr.magic = 0x1111;
	expect_bad_ext(&b, sizeof(b), NULL, "magic", "magic", EINVAL);
	make_ext(&b, btf); b.hdr.version = 3;
	expect_bad_ext(&b, sizeof(b), NULL, "version", "version", ENOTSUP);
	make_ext(&b, btf); b.hdr.flags = 1;
	expect_bad_ext(&b, sizeof(b), NULL, "flags", "flags", ENOTSUP);
	make_ext(&b, btf); b.hdr.hdr_len = sizeof(b) + 4;
	expect_bad_ext(&b, sizeof(b), NULL, "hdr_len past data", "header length", EINVAL);
	make_ext(&b, btf); b.hdr.hdr_len = 16;
	expect_bad_ext(&b, sizeof(b), NULL, "hdr_len too small", "header length", EINVAL);
	make_ext(&b, btf); b.hdr.line_info_len = 1000;
	expect_bad_ext(&b, sizeof(b), NULL, "line_info past data", "line_info [28, +1000)",
		       EINVAL);
	make_ext(&b, btf); b.hdr.core_relo_off = 0xfffffff0;
	expect_bad_ext(&b, sizeof(b), NULL, "core_relo offset overflow", "core_relo", EINVAL);
	make_ext(&b, btf); b.hdr.func_info_off = 2;
	expect_bad_ext(&b, sizeof(b), NULL, "unaligned", "aligned", EINVAL);
	make_ext(&b, btf); b.fi_rec_size = 4;
	expect_bad_ext(&b, sizeof(b), NULL, "func_info rec_size 4", "func_info at offset 32: record size 4",
		       EINVAL);
	make_ext(&b, btf); b.li_rec_size = 12;
	expect_bad_ext(&b, sizeof(b), NULL, "line_info rec_size 12", "record size 12", EINVAL);
	make_ext(&b, btf); b.cr_rec_size = 18;
	expect_bad_ext(&b, sizeof(b), NULL, "core_relo rec_size 18", "record size 18", EINVAL);
	make_ext(&b, btf); b.fi_sec[1] = 3;
	expect_bad_ext(&b, sizeof(b), NULL, "num_info too large", "func_info group at offset 36",
		       EINVAL);
	make_ext(&b, btf); b.fi_sec[1] = 0x40000000;
	expect_bad_ext(&b, sizeof(b), NULL, "num_info overflow", "func_info group", EINVAL);
	make_ext(&b, btf); b.fi_sec[1] = 0;
	expect_bad_ext(&b, sizeof(b), NULL, "num_info 0", "func_info group", EINVAL);
	make_ext(&b, btf); b.hdr.func_info_len = 4;
	expect_bad_ext(&b, sizeof(b), NULL, "no records", "holds no records", EINVAL);
	make_ext(&b, btf); b.hdr.func_info_len = 4 + 4;
	expect_bad_ext(&b, sizeof(b), NULL, "group header cut", "truncated", EINVAL);
	make_ext(&b, btf); b.hdr.func_info_len = 4 + 8 + 12;
	expect_bad_ext(&b, sizeof(b), NULL, "records cut", "do not fit", EINVAL);
	make_ext(&b, btf); b.li_sec[0] = 5000;
	expect_bad_ext(&b, sizeof(b), btf, "section name", "section name offset 5000", EINVAL);
	make_ext(&b, btf); b.li_recs[0][1] = 5000;
	expect_bad_ext(&b, sizeof(b), btf, "line_info file name", "file name offset 5000",
		       EINVAL);
	make_ext(&b, btf); b.fi_recs[1][1] = 77;
	expect_bad_ext(&b, sizeof(b), btf, "func_info type id", "type id 77", EINVAL);
	make_ext(&b, btf); b.cr_recs[0][2] = 6000;
	expect_bad_ext(&b, sizeof(b), btf, "core_relo access string", "access string offset 6000",
		       EINVAL);
	/* the same offsets are fine without a BTF to check them against */
	make_ext(&b, btf); b.li_sec[0] = 5000;
	btf_ext__free(btf_ext__new((void *)&b, sizeof(b)));
	btf__free(btf);
}

/* ---- random damage ------------------------------------------------------ */

/* exercise every query on every type of a BTF that parsed */
static void query_all(const struct btf *btf)
{
	const struct btf_type *t;
	__u32 id, sz;

	for (id = 0; id < btf__type_cnt(btf); id++) {
		t = btf__type_by_id(btf, id);
		btf__name_by_offset(btf, t->name_off);
		btf__resolve_size(btf, id);
		btf__resolve_type(btf, id);
		btf__align_of(btf, id);
		btf_skip_modifiers(btf, id, NULL);
	}
	btf__pointer_size(btf);
	btf__raw_data(btf, &sz);
}

static __u32 rnd_state = 12345;

static __u32 rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 8;
}

/* flip bytes of good BTF; every outcome must be clean */
static void mutate_btf(const void *good, __u32 size, int rounds)
{
	void *buf = malloc(size);
	struct btf *btf;
	int i, j, n;

	for (i = 0; i < rounds; i++) {
		memcpy(buf, good, size);
		n = 1 + rnd() % 4;
		for (j = 0; j < n; j++)
			((__u8 *)buf)[rnd() % size] = rnd();
		unit_log_reset();
		btf = btf__new(buf, size);
		if (!btf) {
			if (!ASSERT_EQ(log_lines(), 1, "one warning per bad BTF")) {
				fprintf(stderr, "  log: %s", unit_log());
				break;
			}
			continue;
		}
		query_all(btf);
		btf__free(btf);
	}
	free(buf);
}

UNIT_TEST(btf_random_damage)
{
	size_t size;
	void *sec = elf_section(unit_obj_path("btf_types.bpf.o"), ".BTF", &size);
	struct btf *btf = build_all_kinds();
	const void *raw;
	__u32 sz;

	if (ASSERT_OK_PTR(btf, "build")) {
		raw = btf__raw_data(btf, &sz);
		mutate_btf(raw, sz, 3000);
	}
	if (ASSERT_OK_PTR(sec, "btf_types.bpf.o .BTF"))
		mutate_btf(sec, size, 3000);
	btf__free(btf);
	free(sec);
}

UNIT_TEST(btf_ext_random_damage)
{
	struct btf *btf = btf__new_empty();
	struct btf_ext_info_sec *sec;
	struct btf_ext_info *seg;
	struct btf_ext *ext;
	struct ext_blob b, m;
	__u32 i, sum = 0;
	void *rec;
	int r, j, k;

	btf__add_int(btf, "int", 4, 0);
	make_ext(&b, btf);
	for (r = 0; r < 3000; r++) {
		m = b;
		for (j = 0; j < 1 + (int)(rnd() % 3); j++)
			((__u8 *)&m)[rnd() % sizeof(m)] = rnd() % 4 ? rnd() % 8 : rnd();
		unit_log_reset();
		ext = btf_ext_parse(&m, sizeof(m), r % 2 ? btf : NULL);
		if (!ext) {
			if (!ASSERT_EQ(log_lines(), 1, "one warning per bad .BTF.ext"))
				break;
			continue;
		}
		/* walking every record must stay inside the data (ASan) */
		for (k = 0; k < 3; k++) {
			seg = k == 0 ? &ext->func_info : k == 1 ? &ext->line_info
							   : &ext->core_relo_info;
			for_each_btf_ext_sec(seg, sec)
				for_each_btf_ext_rec(seg, sec, i, rec)
					sum += *(__u32 *)rec;
		}
		btf_ext__free(ext);
	}
	btf__free(btf);
	ASSERT_TRUE(sum || !sum, "walked");
}

/* ---- btf__permute() ------------------------------------------------------ */

/* [1] int [2] int * [3] struct s { int m; int *p; } [4] int (int *) [5] f */
static struct btf *permute_btf(void)
{
	struct btf *btf = btf__new_empty();

	btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	btf__add_ptr(btf, 1);
	btf__add_struct(btf, "s", 16);
	btf__add_field(btf, "m", 1, 0, 0);
	btf__add_field(btf, "p", 2, 64, 0);
	btf__add_func_proto(btf, 1);
	btf__add_func_param(btf, "x", 2);
	btf__add_func(btf, "f", BTF_FUNC_GLOBAL, 4);
	return btf;
}

UNIT_TEST(btf_permute)
{
	__u32 rev[] = { 0, 5, 4, 3, 2, 1 };
	struct btf *btf = permute_btf();
	const struct btf_type *t;
	const struct btf_param *pa;
	struct btf_ext *ext;
	struct ext_blob b;
	LIBBPF_OPTS(btf_permute_opts, opts);

	make_ext(&b, btf);
	ext = btf_ext_parse(&b, sizeof(b), btf);
	CHECK_OR_RETURN(ASSERT_OK_PTR(ext, "ext"));
	opts.btf_ext = ext;
	CHECK_OR_RETURN(ASSERT_OK(btf__permute(btf, rev, ARRAY_SIZE(rev), &opts), "reverse"));
	ASSERT_EQ(btf__type_cnt(btf), 6, "same number of types");
	t = btf__type_by_id(btf, 5);
	ASSERT_TRUE(btf_is_int(t) && !strcmp(btf__name_by_offset(btf, t->name_off), "int"),
		    "int is 5");
	ASSERT_EQ(btf__type_by_id(btf, 4)->type, 5, "int * -> 5");
	t = btf__type_by_id(btf, 3);
	ASSERT_TRUE(btf_is_struct(t) && btf_members(t)[0].type == 5 && btf_members(t)[1].type == 4,
		    "struct members renumbered");
	t = btf__type_by_id(btf, 2);
	pa = btf_params(t);
	ASSERT_TRUE(btf_is_func_proto(t) && t->type == 5 && pa[0].type == 4, "proto renumbered");
	t = btf__type_by_id(btf, 1);
	ASSERT_TRUE(btf_is_func(t) && t->type == 2, "func -> its proto");
	ASSERT_EQ(btf__find_by_name_kind(btf, "f", BTF_KIND_FUNC), 1, "lookups see new ids");
	/* make_ext's func_info and CO-RE records name type 1, now 5 */
	ASSERT_EQ(((struct bpf_func_info *)((struct btf_ext_info_sec *)ext->func_info.info)->data)->type_id,
		  5, "func_info renumbered");
	ASSERT_EQ(((struct bpf_core_relo *)((struct btf_ext_info_sec *)ext->core_relo_info.info)->data)->type_id,
		  5, "CO-RE record renumbered");
	btf_ext__free(ext);
	btf__free(btf);
}

UNIT_TEST(btf_permute_bad)
{
	__u32 dup[] = { 0, 1, 1, 3, 4, 5 }, range[] = { 0, 1, 2, 3, 4, 6 };
	__u32 voidmove[] = { 1, 0, 2, 3, 4, 5 }, ok[] = { 0, 2, 1, 3, 4, 5 };
	struct btf *btf = permute_btf();
	const void *raw;
	void *before;
	__u32 sz, sz2;

	raw = btf__raw_data(btf, &sz);
	before = malloc(sz);
	CHECK_OR_RETURN(ASSERT_OK_PTR(before, "copy"));
	memcpy(before, raw, sz);
	ASSERT_EQ(btf__permute(btf, dup, 6, NULL), -EINVAL, "new id twice");
	ASSERT_EQ(btf__permute(btf, range, 6, NULL), -EINVAL, "new id out of range");
	ASSERT_EQ(btf__permute(btf, voidmove, 6, NULL), -EINVAL, "void moved");
	ASSERT_EQ(btf__permute(btf, ok, 5, NULL), -EINVAL, "too few ids");
	ASSERT_EQ(btf__permute(btf, NULL, 6, NULL), -EINVAL, "no map");
	raw = btf__raw_data(btf, &sz2);
	ASSERT_TRUE(sz2 == sz && !memcmp(raw, before, sz), "unchanged after failures");
	/* swapping int and its pointer: each refers to the other's old id */
	ASSERT_OK(btf__permute(btf, ok, 6, NULL), "swap 1 and 2");
	ASSERT_TRUE(btf_is_ptr(btf__type_by_id(btf, 1)) && btf__type_by_id(btf, 1)->type == 2,
		    "ptr is 1, to int at 2");
	ASSERT_OK(btf__permute(btf, ok, 6, NULL), "swap back");
	raw = btf__raw_data(btf, &sz2);
	ASSERT_TRUE(sz2 == sz && !memcmp(raw, before, sz), "twice is the identity");
	free(before);
	btf__free(btf);
}

UNIT_TEST(btf_permute_split)
{
	struct btf *base = btf__new_empty(), *split;
	__u32 swap[] = { 3, 2 };
	const struct btf_type *t;

	btf__add_int(base, "int", 4, BTF_INT_SIGNED);		/* [1] */
	split = btf__new_empty_split(base);
	btf__add_ptr(split, 1);					/* [2] int * */
	btf__add_typedef(split, "ip", 2);			/* [3] */
	ASSERT_EQ(btf__permute(split, swap, 3, NULL), -EINVAL, "count of own types only");
	CHECK_OR_RETURN(ASSERT_OK(btf__permute(split, swap, 2, NULL), "swap"));
	t = btf__type_by_id(split, 2);
	ASSERT_TRUE(btf_is_typedef(t) && t->type == 3, "typedef now 2, to the pointer at 3");
	t = btf__type_by_id(split, 3);
	ASSERT_TRUE(btf_is_ptr(t) && t->type == 1, "pointer keeps the base int");
	btf__free(split);
	btf__free(base);
}
