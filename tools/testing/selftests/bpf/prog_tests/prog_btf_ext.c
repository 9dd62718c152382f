// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What a loaded program's .BTF.ext became, as applications read it back.
 *
 *   func_info  bpf_program__func_info(): nothing before load (ENOENT);
 *              after it one record per function of the linked program,
 *              the first at instruction 0 naming the program's own FUNC,
 *              the others at the subprograms appended after it
 *   line_info  bpf_program__line_info(): records in instruction order,
 *              the first at instruction 0, all inside the program
 *   old_names  bpf_map__get_pin_path() and libbpf_find_kernel_btf(), the
 *              0.0.x names that binaries built against old libbpf import
 */
#include <linux/btf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "test_progs.h"

static struct bpf_object *open_subprogs(void)
{
	struct bpf_object *obj = bpf_object__open_file("test_subprogs.bpf.o", NULL);

	return ASSERT_OK_PTR(obj, "open test_subprogs.bpf.o") ? obj : NULL;
}

static void func_info(void)
{
	struct bpf_object *obj = open_subprogs();
	const struct bpf_func_info *fi;
	struct bpf_program *prog;
	const struct btf_type *t;
	struct btf *btf;
	__u32 i, cnt;

	if (!obj)
		return;
	prog = bpf_object__find_program_by_name(obj, "xdp_calls");
	errno = 0;
	ASSERT_NULL(bpf_program__func_info(prog), "no func_info before load");
	ASSERT_EQ(errno, ENOENT, "errno before load");
	ASSERT_EQ(bpf_program__func_info_cnt(prog), 0, "count before load");
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	btf = bpf_object__btf(obj);
	bpf_object__for_each_program(prog, obj) {
		fi = bpf_program__func_info(prog);
		cnt = bpf_program__func_info_cnt(prog);
		if (!ASSERT_OK_PTR(fi, bpf_program__name(prog)) || !ASSERT_GT(cnt, 0, "records"))
			continue;
		ASSERT_EQ(fi[0].insn_off, 0, "first record at insn 0");
		t = btf__type_by_id(btf, fi[0].type_id);
		if (ASSERT_OK_PTR(t, "FUNC of the program") && ASSERT_TRUE(btf_is_func(t), "a FUNC"))
			ASSERT_STREQ(btf__name_by_offset(btf, t->name_off), bpf_program__name(prog),
				     "named as the program");
		for (i = 1; i < cnt; i++) {
			ASSERT_GT(fi[i].insn_off, fi[i - 1].insn_off, "in instruction order");
			ASSERT_LT(fi[i].insn_off, bpf_program__insn_cnt(prog), "inside the program");
			t = btf__type_by_id(btf, fi[i].type_id);
			ASSERT_TRUE(t && btf_is_func(t), "subprogram FUNC");
		}
		/* xdp_calls calls five levels of static subprograms */
		if (!strcmp(bpf_program__name(prog), "xdp_calls"))
			ASSERT_GT(cnt, 5, "xdp_calls has its subprograms' records");
	}
out:
	bpf_object__close(obj);
}

static void line_info(void)
{
	struct bpf_object *obj = open_subprogs();
	const struct bpf_line_info *li;
	struct bpf_program *prog;
	__u32 i, cnt;

	if (!obj)
		return;
	prog = bpf_object__find_program_by_name(obj, "tc_calls");
	errno = 0;
	ASSERT_NULL(bpf_program__line_info(prog), "no line_info before load");
	ASSERT_EQ(errno, ENOENT, "errno before load");
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	bpf_object__for_each_program(prog, obj) {
		li = bpf_program__line_info(prog);
		cnt = bpf_program__line_info_cnt(prog);
		if (!ASSERT_OK_PTR(li, bpf_program__name(prog)) || !ASSERT_GT(cnt, 1, "records"))
			continue;
		ASSERT_EQ(li[0].insn_off, 0, "first line at insn 0");
		for (i = 1; i < cnt; i++) {
			ASSERT_GE(li[i].insn_off, li[i - 1].insn_off, "in instruction order");
			ASSERT_LT(li[i].insn_off, bpf_program__insn_cnt(prog), "inside the program");
			ASSERT_NEQ(li[i].line_off, 0, "names a source line");
		}
	}
out:
	bpf_object__close(obj);
}

static void old_names(void)
{
	struct bpf_object *obj = open_subprogs();
	struct bpf_map *map;
	struct btf *btf;

	if (obj) {
		map = bpf_object__next_map(obj, NULL);
		if (ASSERT_OK_PTR(map, "a map") &&
		    ASSERT_OK(bpf_map__set_pin_path(map, "/sys/fs/bpf/prog_btf_ext"), "set pin path")) {
			ASSERT_STREQ(bpf_map__get_pin_path(map), "/sys/fs/bpf/prog_btf_ext",
				     "get_pin_path");
			ASSERT_OK(bpf_map__set_pin_path(map, NULL), "clear pin path");
			ASSERT_NULL(bpf_map__get_pin_path(map), "cleared");
		}
		bpf_object__close(obj);
	}
	btf = libbpf_find_kernel_btf();
	if (ASSERT_OK_PTR(btf, "libbpf_find_kernel_btf"))
		ASSERT_GT(btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT), 0,
			  "kernel BTF has task_struct");
	btf__free(btf);
}

void test_prog_btf_ext(void)
{
	if (test__start_subtest("func_info"))
		func_info();
	if (test__start_subtest("line_info"))
		line_info();
	if (test__start_subtest("old_names"))
		old_names();
}
