// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Builds, writes, parses and queries split BTF with the btf__*() API and
 * prints every result, the raw bytes in hex included. Built against this
 * library (btf_split_dump) and against the system's libbpf
 * (btf_split_dump.system); unit/test_btf_split.c checks that both print
 * the same. Only API that Debian's libbpf 1.1 exports, used as it
 * documents.
 *
 *   btf_split_dump DIR    (DIR: where to write the raw BTF files)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static void print_raw(const char *what, const struct btf *btf)
{
	const unsigned char *raw;
	__u32 sz, i;

	raw = btf__raw_data(btf, &sz);
	if (!raw) {
		printf("%s: raw_data error %d\n", what, -errno);
		return;
	}
	printf("%s: %u bytes:", what, sz);
	for (i = 0; i < sz; i++)
		printf("%s%02x", i % 32 ? "" : "\n  ", raw[i]);
	printf("\n");
}

static void print_ptr(const char *what, const void *p)
{
	if (p)
		printf("%s: ok\n", what);
	else
		printf("%s: NULL errno %d\n", what, errno);
}

static void print_str(const char *what, const struct btf *btf, __u32 off)
{
	const char *s = btf__name_by_offset(btf, off);

	printf("%s: %u -> %s%s%s\n", what, off, s ? "\"" : "", s ?: "NULL", s ? "\"" : "");
}

static void write_raw(const char *path, const struct btf *btf)
{
	const void *raw;
	FILE *f;
	__u32 sz;

	raw = btf__raw_data(btf, &sz);
	f = fopen(path, "wb");
	if (!f || !raw || fwrite(raw, 1, sz, f) != sz) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

#define P(expr) printf("%s = %ld\n", #expr, (long)(expr))

int main(int argc, char **argv)
{
	struct btf *base, *split, *split2, *back, *other, *plain, *dst;
	char path[4096];
	const struct btf_type *t;
	int off;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);

	base = btf__new_empty();
	P(btf__add_int(base, "int", 4, BTF_INT_SIGNED));
	P(btf__add_ptr(base, 1));
	P(btf__add_struct(base, "s", 16));
	P(btf__add_field(base, "a", 1, 0, 0));
	P(btf__add_field(base, "p", 2, 64, 0));
	P(btf__add_enum(base, "e", 4));
	P(btf__add_enum_value(base, "E1", 1));
	P(btf__add_typedef(base, "s_t", 3));
	P(btf__set_pointer_size(base, 8));
	print_raw("base", base);

	split = btf__new_empty_split(base);
	print_ptr("new_empty_split", split);
	P(btf__type_cnt(split));
	print_raw("empty split", split);
	/* a field or value needs an own struct or enum to go to */
	P(btf__add_field(split, "x", 1, 0, 0));
	P(btf__add_enum_value(split, "X", 1));
	P(btf__add_ptr(split, 3));
	P(btf__add_str(split, "s"));
	P(btf__add_str(split, "fresh"));
	P(btf__add_str(split, "fresh"));
	P(btf__find_str(split, "fresh"));
	P(btf__find_str(split, "a"));
	P(btf__find_str(base, "fresh"));
	P(btf__add_struct(split, "s2", 40));
	P(btf__add_field(split, "a", 1, 0, 0));
	P(btf__add_field(split, "q", 6, 64, 0));
	P(btf__add_field(split, "in", 3, 128, 0));
	P(btf__add_field(split, "bits", 1, 256, 3));
	P(btf__add_enum(split, "e2", 4));
	P(btf__add_enum_value(split, "E1", 2));
	P(btf__add_enum_value(split, "E2", -3));
	P(btf__add_func_proto(split, 1));
	P(btf__add_func_param(split, "arg", 7));
	P(btf__add_func(split, "fn", BTF_FUNC_GLOBAL, 9));
	P(btf__add_var(split, "v", BTF_VAR_GLOBAL_ALLOCATED, 7));
	P(btf__add_datasec(split, ".data", 40));
	P(btf__add_datasec_var_info(split, 11, 0, 40));
	P(btf__add_type(split, base, btf__type_by_id(base, 3)));
	P(btf__type_cnt(split));
	P(btf__find_by_name(split, "s"));
	P(btf__find_by_name(split, "s2"));
	P(btf__find_by_name_kind(split, "s_t", BTF_KIND_TYPEDEF));
	P(btf__find_by_name_kind(split, "e2", BTF_KIND_ENUM));
	P(btf__find_by_name_kind(split, "s", BTF_KIND_UNION));
	P(btf__find_by_name(base, "s2"));
	P(btf__resolve_size(split, 7));
	P(btf__resolve_type(split, 5));
	P(btf__align_of(split, 7));
	P(btf__pointer_size(split));
	print_ptr("type_by_id(cnt)", btf__type_by_id(split, btf__type_cnt(split)));
	t = btf__type_by_id(split, 7);
	print_str("s2 name", split, t->name_off);
	print_str("s2 member 1", split, btf_members(t)[1].name_off);
	print_str("offset 0", split, 0);
	off = btf__find_str(split, "fresh");
	print_str("past the end", split, off + 1000);
	print_raw("split", split);

	/* parsed back (btf__new_split() is not exported by libbpf 1.1) */
	{
		const void *raw;
		__u32 sz;

		raw = btf__raw_data(split, &sz);
		back = btf__new(raw, sz);
		print_ptr("split without its base", back);
		btf__free(back);
	}
	snprintf(path, sizeof(path), "%s/btf_split_dump.raw", argv[1]);
	write_raw(path, split);
	back = btf__parse_raw_split(path, base);
	print_ptr("parse_raw_split", back);
	if (back)
		print_raw("parse_raw_split", back);
	btf__free(back);
	back = btf__parse_split(path, base);
	print_ptr("parse_split", back);
	if (back)
		P(btf__type_cnt(back));
	btf__free(back);
	back = btf__parse_raw(path);
	print_ptr("parse_raw without base", back);
	btf__free(back);

	/* appending whole BTF: plain BTF into split, ids shifted past base */
	plain = btf__new_empty();
	P(btf__add_int(plain, "long", 8, BTF_INT_SIGNED));
	P(btf__add_ptr(plain, 1));
	P(btf__add_ptr(plain, 0));
	P(btf__add_btf(split, plain));
	P(btf__type_cnt(split));
	print_raw("split + plain", split);
	/* split BTF of another base cannot be appended */
	other = btf__new_empty_split(plain);
	P(btf__add_ptr(other, 1));
	dst = btf__new_empty();
	P(btf__add_btf(dst, other));
	P(btf__type_cnt(dst));

	/*
	 * Split BTF on split BTF. libbpf 1.1 starts its string offsets
	 * after the strings of the split BTF below only, not after all
	 * the strings below it: they overlap. From here on the outputs
	 * differ, and the test compares only what comes before.
	 */
	printf("== split of split ==\n");
	split2 = btf__new_empty_split(split);
	P(btf__type_cnt(split2));
	P(btf__add_ptr(split2, 7));
	P(btf__add_str(split2, "fresh"));
	P(btf__add_str(split2, "int"));
	P(btf__add_str(split2, "deeper"));
	P(btf__add_typedef(split2, "s2_t", 7));
	P(btf__find_by_name(split2, "s"));
	P(btf__find_by_name(split2, "s2_t"));
	P(btf__resolve_size(split2, btf__type_cnt(split2) - 1));
	print_raw("split2", split2);

	btf__free(dst);
	btf__free(other);
	btf__free(plain);
	btf__free(split2);
	btf__free(split);
	btf__free(base);
	return 0;
}
