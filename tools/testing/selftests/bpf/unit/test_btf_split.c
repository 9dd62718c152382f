// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Split BTF through the whole API: type ids and string offsets that go on
 * after the base's (over two levels of split), lookups across base and
 * split, the raw form of split BTF (its own types and strings only),
 * parsing it from memory, raw files and ELF files, building on it with
 * btf__add_*() and appending it with btf__add_btf(); and the same
 * sequence of calls against the system's libbpf (btf_split_dump).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include "btf_canon.h"
#include "unit.h"

static const struct btf_header *raw_hdr(const struct btf *btf, __u32 *sz)
{
	return btf__raw_data(btf, sz);
}

/* base: [1] int, [2] int *, [3] struct s { int a; int *p; }, [4] typedef s_t */
static struct btf *small_base(void)
{
	struct btf *b = btf__new_empty();

	if (!b)
		return NULL;
	if (btf__add_int(b, "int", 4, BTF_INT_SIGNED) != 1 || btf__add_ptr(b, 1) != 2 ||
	    btf__add_struct(b, "s", 16) != 3 || btf__add_field(b, "a", 1, 0, 0) ||
	    btf__add_field(b, "p", 2, 64, 0) || btf__add_typedef(b, "s_t", 3) != 4) {
		btf__free(b);
		return NULL;
	}
	return b;
}

/* btf written out and parsed back on base (NULL: as base BTF) */
static struct btf *reparse(const struct btf *btf, struct btf *base)
{
	const void *raw;
	__u32 sz;

	raw = btf__raw_data(btf, &sz);
	if (!raw)
		return NULL;
	return btf__new_split(raw, sz, base);
}

/* the same canonical text for every own type of a and b */
static void same_own_types(const struct btf *a, const struct btf *b)
{
	struct sbuf sa = {}, sb = {};
	__u32 id;

	if (!ASSERT_EQ(btf__type_cnt(a), btf__type_cnt(b), "type count") ||
	    !ASSERT_EQ(btf_first_own(a), btf_first_own(b), "first own id"))
		return;
	for (id = btf_first_own(a); id < btf__type_cnt(a); id++)
		if (!ASSERT_STREQ(btf_canon(&sb, b, id), btf_canon(&sa, a, id), "own type"))
			break;
	sb_free(&sa);
	sb_free(&sb);
}

UNIT_TEST(btf_split_ids_and_strings)
{
	struct btf *base = small_base(), *split = NULL, *back = NULL;
	const struct btf_header *h;
	__u32 base_str_len, sz;
	const char *strs;
	int first, st;

	CHECK_OR_RETURN(ASSERT_OK_PTR(base, "base"));
	base_str_len = raw_hdr(base, &sz)->str_len;
	split = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(split, "split"))
		goto out;
	ASSERT_EQ(btf__type_cnt(split), 5, "void and the base's types");
	/* an empty split BTF is a header only: no "" of its own */
	h = raw_hdr(split, &sz);
	ASSERT_EQ(sz, sizeof(*h), "header only");
	ASSERT_EQ(h->str_len, 0, "no strings");

	/* strings of the base are the base's; new ones go on after them */
	ASSERT_EQ(btf__add_str(split, "s"), btf__find_str(base, "s"), "base string");
	ASSERT_EQ(btf__find_str(split, ""), 0, "empty string");
	first = btf__add_str(split, "first");
	ASSERT_EQ(first, base_str_len, "first own string right after the base's");
	ASSERT_EQ(btf__add_str(split, "second"), base_str_len + 6, "second one");
	ASSERT_EQ(btf__find_str(base, "first"), -ENOENT, "not in the base");
	ASSERT_EQ(btf__add_ptr(split, 3), 5, "first own type id");
	st = btf__add_struct(split, "s2", 8);
	ASSERT_EQ(st, 6, "second one");
	ASSERT_OK(btf__add_field(split, "first", 5, 0, 0), "field");
	ASSERT_STREQ(btf__name_by_offset(split, btf__type_by_id(split, st)->name_off), "s2",
		     "own name");
	ASSERT_STREQ(btf__name_by_offset(split, btf__type_by_id(split, 3)->name_off), "s",
		     "base name through split");
	ASSERT_STREQ(btf__str_by_offset(split, first), "first", "own string");
	ASSERT_STREQ(btf__str_by_offset(split, base_str_len - 1), "", "last base byte");
	errno = 0;
	ASSERT_NULL(btf__str_by_offset(split, base_str_len + 1000), "past the end");
	ASSERT_EQ(errno, EINVAL, "errno");
	errno = 0;
	ASSERT_NULL(btf__type_by_id(split, 7), "past the last type");
	ASSERT_EQ(errno, EINVAL, "errno");
	ASSERT_NULL(btf__type_by_id(base, 5), "split types are not the base's");
	ASSERT_EQ(btf__find_by_name(split, "s_t"), 4, "base type by name");
	ASSERT_EQ(btf__find_by_name_kind(split, "s2", BTF_KIND_STRUCT), st, "own type");
	ASSERT_EQ(btf__find_by_name(base, "s2"), -ENOENT, "not in the base");
	ASSERT_EQ(btf__find_by_name_kind(split, "void", BTF_KIND_UNKN), 0, "void");
	ASSERT_EQ(btf__resolve_size(split, 5), 8, "pointer");
	ASSERT_EQ(btf__resolve_type(split, 4), 3, "base typedef");

	/* raw: own types and strings only, own strings from local offset 0 */
	h = raw_hdr(split, &sz);
	ASSERT_EQ(h->magic, BTF_MAGIC, "magic");
	ASSERT_EQ(h->hdr_len, sizeof(*h), "hdr_len");
	ASSERT_EQ(h->type_off, 0, "type_off");
	ASSERT_EQ(h->type_len, 12 + 12 + 12, "ptr, struct, one member");
	ASSERT_EQ(h->str_off, h->type_len, "str_off");
	ASSERT_EQ(h->str_len, sizeof("first") + sizeof("second") + sizeof("s2"), "str_len");
	strs = (const char *)(h + 1) + h->str_off;
	ASSERT_STREQ(strs, "first", "own strings start at 0");
	ASSERT_EQ(sz, sizeof(*h) + h->type_len + h->str_len, "size");
	/* the base is unchanged by all this */
	ASSERT_EQ(raw_hdr(base, &sz)->str_len, base_str_len, "base strings");
	ASSERT_EQ(btf__type_cnt(base), 5, "base types");

	back = reparse(split, base);
	if (ASSERT_OK_PTR(back, "parse back"))
		same_own_types(split, back);
	/* btf__new_split() with no base is btf__new(); split data fails it */
	btf__free(back);
	errno = 0;
	back = reparse(split, NULL);
	ASSERT_NULL(back, "split data, no base");
	ASSERT_EQ(errno, EINVAL, "errno");
out:
	btf__free(back);
	btf__free(split);
	btf__free(base);
}

UNIT_TEST(btf_split_of_split)
{
	struct btf *base = small_base(), *s1 = NULL, *s2 = NULL, *back = NULL;
	__u32 base_str, s1_str, sz;
	int deep, td;

	CHECK_OR_RETURN(ASSERT_OK_PTR(base, "base"));
	s1 = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(s1, "split"))
		goto out;
	btf__add_struct(s1, "mid", 4);
	btf__add_field(s1, "m", 1, 0, 0);
	base_str = raw_hdr(base, &sz)->str_len;
	s1_str = raw_hdr(s1, &sz)->str_len;
	s2 = btf__new_empty_split(s1);
	if (!ASSERT_OK_PTR(s2, "split of split"))
		goto out;
	ASSERT_EQ(btf__type_cnt(s2), 6, "ids go on through both");
	ASSERT_EQ(btf__base_btf(s2), s1, "its base");
	/* strings go on after all the strings below, not only its base's */
	deep = btf__add_str(s2, "deep");
	ASSERT_EQ(deep, base_str + s1_str, "after base and split strings");
	ASSERT_EQ(btf__add_str(s2, "mid"), btf__find_str(s1, "mid"), "split's string");
	ASSERT_EQ(btf__add_str(s2, "s_t"), btf__find_str(base, "s_t"), "base's string");
	td = btf__add_typedef(s2, "deep", 5);
	ASSERT_EQ(td, 6, "first own id");
	ASSERT_STREQ(btf__name_by_offset(s2, btf__type_by_id(s2, td)->name_off), "deep",
		     "own name");
	ASSERT_STREQ(btf__name_by_offset(s2, btf__type_by_id(s2, 5)->name_off), "mid",
		     "split's name");
	ASSERT_STREQ(btf__name_by_offset(s2, btf__type_by_id(s2, 3)->name_off), "s",
		     "base's name");
	ASSERT_EQ(btf__find_by_name(s2, "s"), 3, "find in base");
	ASSERT_EQ(btf__find_by_name(s2, "mid"), 5, "find in split");
	ASSERT_EQ(btf__resolve_size(s2, td), 4, "size through two levels");
	back = reparse(s2, s1);
	if (ASSERT_OK_PTR(back, "parse on the split"))
		same_own_types(s2, back);
	ASSERT_STREQ(btf__str_by_offset(back, deep), "deep", "parsed own string");
out:
	btf__free(back);
	btf__free(s2);
	btf__free(s1);
	btf__free(base);
}

UNIT_TEST(btf_split_parse_files)
{
	char dir[] = "/tmp/btf_split.XXXXXX", raw_path[64], elf_path[64];
	struct btf *base = small_base(), *split = NULL, *b = NULL;
	const void *raw;
	__u32 sz;

	CHECK_OR_RETURN(ASSERT_OK_PTR(base, "base"));
	if (!ASSERT_OK_PTR(mkdtemp(dir), "mkdtemp"))
		goto out;
	snprintf(raw_path, sizeof(raw_path), "%s/split.raw", dir);
	snprintf(elf_path, sizeof(elf_path), "%s/split.o", dir);
	btf__set_pointer_size(base, 4);
	split = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(split, "split"))
		goto out;
	btf__add_ptr(split, 3);
	btf__add_typedef(split, "sp_t", 5);
	raw = btf__raw_data(split, &sz);
	{
		FILE *f = fopen(raw_path, "wb");

		ASSERT_TRUE(f && fwrite(raw, 1, sz, f) == sz, "write raw");
		if (f)
			fclose(f);
	}
	ASSERT_TRUE(write_elf_btf(elf_path, raw, sz, NULL, 0), "write ELF");

	b = btf__parse_raw_split(raw_path, base);
	if (ASSERT_OK_PTR(b, "parse_raw_split")) {
		same_own_types(split, b);
		/* no C long anywhere: the pointer size is the base's */
		ASSERT_EQ(btf__pointer_size(b), 4, "pointer size from the base");
	}
	btf__free(b);
	b = btf__parse_split(raw_path, base);
	if (ASSERT_OK_PTR(b, "parse_split, raw"))
		same_own_types(split, b);
	btf__free(b);
	b = btf__parse_elf_split(elf_path, base);
	if (ASSERT_OK_PTR(b, "parse_elf_split")) {
		same_own_types(split, b);
		ASSERT_EQ(btf__pointer_size(b), 8, "pointer size of ELF64");
	}
	btf__free(b);
	b = btf__parse_split(elf_path, base);
	if (ASSERT_OK_PTR(b, "parse_split, ELF"))
		same_own_types(split, b);
	btf__free(b);
	/* without the base the split data is bad BTF */
	unit_log_reset();
	errno = 0;
	b = btf__parse_raw(raw_path);
	ASSERT_NULL(b, "parse_raw without base");
	ASSERT_EQ(errno, EINVAL, "errno");
	ASSERT_TRUE(strstr(unit_log(), "split BTF without its base?") != NULL, "says why");
	btf__free(b);
	b = btf__parse_elf_split(elf_path, NULL);
	ASSERT_NULL(b, "parse_elf_split without base");
	btf__free(b);
	b = NULL;
out:
	btf__free(b);
	btf__free(split);
	btf__free(base);
	unlink(raw_path);
	unlink(elf_path);
	rmdir(dir);
}

UNIT_TEST(btf_split_add_api)
{
	struct btf *base = small_base(), *split = NULL, *other = NULL, *o_base = NULL;
	struct btf *src = NULL, *on_split = NULL, *plain = NULL;
	struct sbuf sa = {}, sb = {};
	__u32 sz, cnt;
	int id;

	CHECK_OR_RETURN(ASSERT_OK_PTR(base, "base"));
	split = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(split, "split"))
		goto out;
	/* members and values go to own types only, never to the base's */
	unit_log_reset();
	ASSERT_EQ(btf__add_field(split, "x", 1, 0, 0), -EINVAL, "field with no own type");
	ASSERT_EQ(btf__add_enum_value(split, "X", 1), -EINVAL, "value with no own type");
	ASSERT_EQ(btf__add_func_param(split, "x", 1), -EINVAL, "param with no own type");
	ASSERT_TRUE(strstr(unit_log(), "no type to add to") != NULL, "says why");
	ASSERT_EQ(btf__type_cnt(base), 5, "base untouched");
	/* a copy of a base type: same ids, names found in the base */
	id = btf__add_type(split, base, btf__type_by_id(base, 3));
	ASSERT_EQ(id, 5, "copy of struct s");
	ASSERT_STREQ(btf_canon(&sb, split, id), btf_canon(&sa, base, 3), "same type");
	ASSERT_EQ(btf__type_by_id(split, id)->name_off, btf__type_by_id(base, 3)->name_off,
		  "name is the base's string");
	ASSERT_EQ(raw_hdr(split, &sz)->str_len, 0, "no new strings");

	/* split BTF on the same base: base ids kept, own ones shifted */
	src = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(src, "src"))
		goto out;
	btf__add_struct(src, "t", 16);		/* its own [5] */
	btf__add_field(src, "s", 4, 0, 0);	/* base typedef */
	btf__add_field(src, "p", 6, 64, 0);
	btf__add_ptr(src, 5);			/* its own [6] */
	cnt = btf__type_cnt(split);
	ASSERT_EQ(btf__add_btf(split, src), cnt, "append split of the same base");
	ASSERT_EQ(btf_members(btf__type_by_id(split, cnt))[0].type, 4, "base id kept");
	ASSERT_EQ(btf_members(btf__type_by_id(split, cnt))[1].type, cnt + 1, "own id shifted");
	ASSERT_EQ(btf__type_by_id(split, cnt + 1)->type, cnt, "own id shifted");
	/* split BTF on the destination itself, which grew since */
	cnt = btf__type_cnt(split);
	on_split = btf__new_empty_split(split);
	if (!ASSERT_OK_PTR(on_split, "split on split"))
		goto out;
	btf__add_ptr(on_split, cnt - 1);	/* a type of its base */
	btf__add_ptr(on_split, cnt);		/* its own */
	btf__add_ptr(split, 1);			/* now split's [cnt] */
	ASSERT_EQ(btf__add_btf(split, on_split), cnt + 1, "append split of itself");
	ASSERT_EQ(btf__type_by_id(split, cnt + 1)->type, cnt - 1, "base id kept");
	ASSERT_EQ(btf__type_by_id(split, cnt + 2)->type, cnt + 1, "own id shifted");
	/* plain BTF: all but void shifted past the split's types */
	plain = btf__new_empty();
	btf__add_int(plain, "long", 8, BTF_INT_SIGNED);
	btf__add_ptr(plain, 1);
	btf__add_ptr(plain, 0);
	cnt = btf__type_cnt(split);
	ASSERT_EQ(btf__add_btf(split, plain), cnt, "append plain BTF");
	ASSERT_EQ(btf__type_by_id(split, cnt + 1)->type, cnt, "shifted");
	ASSERT_EQ(btf__type_by_id(split, cnt + 2)->type, 0, "void stays");
	/* split BTF on another base: its base ids mean nothing here */
	o_base = small_base();
	other = o_base ? btf__new_empty_split(o_base) : NULL;
	if (!ASSERT_OK_PTR(other, "other"))
		goto out;
	btf__add_ptr(other, 1);
	cnt = btf__type_cnt(split);
	ASSERT_EQ(btf__add_btf(split, other), -EOPNOTSUPP, "another base");
	ASSERT_EQ(btf__type_cnt(split), cnt, "nothing added");
	/* the result still parses as split BTF of the base */
	{
		struct btf *back = reparse(split, base);

		if (ASSERT_OK_PTR(back, "parse"))
			same_own_types(split, back);
		btf__free(back);
	}
out:
	sb_free(&sa);
	sb_free(&sb);
	btf__free(plain);
	btf__free(on_split);
	btf__free(src);
	btf__free(other);
	btf__free(o_base);
	btf__free(split);
	btf__free(base);
}

/* split data that is wrong only in what it says about the base */
UNIT_TEST(btf_split_malformed)
{
	struct btf *base = small_base(), *split = NULL, *b;
	struct btf_header *h;
	struct btf_type *t;
	void *raw = NULL;
	__u32 sz;

	CHECK_OR_RETURN(ASSERT_OK_PTR(base, "base"));
	split = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(split, "split"))
		goto out;
	btf__add_typedef(split, "x", 3);
	{
		const void *orig = btf__raw_data(split, &sz);

		raw = malloc(sz);
		if (!ASSERT_OK_PTR(raw, "malloc"))
			goto out;
		memcpy(raw, orig, sz);
	}
	h = raw;
	t = raw + sizeof(*h);

	t->type = 6;	/* one past the last type */
	unit_log_reset();
	errno = 0;
	b = btf__new_split(raw, sz, base);
	ASSERT_NULL(b, "type id past the end");
	ASSERT_EQ(errno, EINVAL, "errno");
	ASSERT_TRUE(strstr(unit_log(), "references type id 6, the last type id is 5") != NULL,
		    "says which");
	btf__free(b);
	t->type = 3;

	t->name_off = 1000;	/* beyond base and split strings */
	unit_log_reset();
	b = btf__new_split(raw, sz, base);
	ASSERT_NULL(b, "name past the end");
	ASSERT_TRUE(strstr(unit_log(), "string offset 1000 is out of range") != NULL,
		    "says which");
	btf__free(b);
	t->name_off = 1;	/* a base string: fine */
	b = btf__new_split(raw, sz, base);
	if (ASSERT_OK_PTR(b, "base string"))
		ASSERT_STREQ(btf__name_by_offset(b, btf__type_by_id(b, 5)->name_off), "int",
			     "name from the base");
	btf__free(b);

	((char *)raw)[sz - 1] = 'x';	/* own strings not NUL-terminated */
	unit_log_reset();
	b = btf__new_split(raw, sz, base);
	ASSERT_NULL(b, "strings not terminated");
	ASSERT_TRUE(strstr(unit_log(), "does not end with a NUL") != NULL, "says why");
	btf__free(b);
out:
	free(raw);
	btf__free(split);
	btf__free(base);
}

/* ---- against the system's libbpf ----------------------------------------- */

static char *run_output(const char *cmd)
{
	struct sbuf out = {};
	char buf[4096];
	size_t n;
	FILE *p = popen(cmd, "r");

	if (!p)
		return NULL;
	sb_printf(&out, "%s", "");
	while ((n = fread(buf, 1, sizeof(buf) - 1, p)) > 0) {
		buf[n] = '\0';
		sb_printf(&out, "%s", buf);
	}
	if (pclose(p)) {
		sb_free(&out);
		return NULL;
	}
	return out.s;
}

UNIT_TEST(btf_split_vs_system_libbpf)
{
	char dir[] = "/tmp/btf_split_dump.XXXXXX", cmd[8192], ours_bin[4096], sys_bin[4096];
	char *ours = NULL, *sys = NULL, *cut_ours, *cut_sys;

	snprintf(ours_bin, sizeof(ours_bin), "%s", unit_obj_path("btf_split_dump"));
	snprintf(sys_bin, sizeof(sys_bin), "%s", unit_obj_path("btf_split_dump.system"));
	if (access(ours_bin, X_OK) || access(sys_bin, X_OK))
		UNIT_SKIP("no btf_split_dump and btf_split_dump.system (make -C tools/testing/selftests/bpf)");
	CHECK_OR_RETURN(ASSERT_OK_PTR(mkdtemp(dir), "mkdtemp"));
	snprintf(cmd, sizeof(cmd), "%s %s", ours_bin, dir);
	ours = run_output(cmd);
	snprintf(cmd, sizeof(cmd), "%s %s", sys_bin, dir);
	sys = run_output(cmd);
	snprintf(cmd, sizeof(cmd), "%s/btf_split_dump.raw", dir);
	unlink(cmd);
	rmdir(dir);
	if (!ASSERT_OK_PTR(ours, "btf_split_dump") || !ASSERT_OK_PTR(sys, "system libbpf"))
		goto out;
	/* split of split differs on purpose (libbpf 1.1 overlaps strings) */
	cut_ours = strstr(ours, "== split of split ==");
	cut_sys = strstr(sys, "== split of split ==");
	if (!ASSERT_OK_PTR(cut_ours, "marker") || !ASSERT_OK_PTR(cut_sys, "marker"))
		goto out;
	*cut_ours = *cut_sys = '\0';
	ASSERT_TRUE(strlen(ours) > 1000, "output");
	if (strcmp(ours, sys)) {
		char *a = ours, *b = sys;

		/* the first line that differs */
		while (*a && *a == *b) {
			a++;
			b++;
		}
		while (a > ours && a[-1] != '\n') {
			a--;
			b--;
		}
		UNIT_FAIL("this library and the system's libbpf differ:\n    %.*s\n    %.*s",
			  (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
	}
out:
	free(ours);
	free(sys);
}
