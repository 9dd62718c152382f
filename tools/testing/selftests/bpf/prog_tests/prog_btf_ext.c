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
 *   prog_linfo bpf_prog_linfo over what the kernel reports of a loaded
 *              program: lfind() of every instruction gives the last record
 *              at or before it; with JITed line info, lfind_addr_func() of
 *              each function's start gives that function's first record
 *              and of an address inside it a record of that function
 *   old_names  bpf_map__get_pin_path() and libbpf_find_kernel_btf(), the
 *              0.0.x names that binaries built against old libbpf import
 */
#include <stdlib.h>
#include <linux/btf.h>
#include <bpf/bpf.h>
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

/* info of prog_fd with line_info, jited_line_info, ksyms and func lens */
static int get_linfo_info(int prog_fd, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info), nr_li, nr_jli, nr_ks, nr_fl;
	int err;

	memset(info, 0, sizeof(*info));
	err = bpf_prog_get_info_by_fd(prog_fd, info, &len);
	if (err)
		return err;
	nr_li = info->nr_line_info;
	nr_jli = info->nr_jited_line_info;
	nr_ks = info->nr_jited_ksyms;
	nr_fl = info->nr_jited_func_lens;
	memset(info, 0, sizeof(*info));
	info->nr_line_info = nr_li;
	info->line_info_rec_size = sizeof(struct bpf_line_info);
	info->line_info = (__u64)(unsigned long)calloc(nr_li, sizeof(struct bpf_line_info));
	info->nr_jited_line_info = nr_jli;
	info->jited_line_info_rec_size = sizeof(__u64);
	info->jited_line_info = (__u64)(unsigned long)calloc(nr_jli + 1, sizeof(__u64));
	info->nr_jited_ksyms = nr_ks;
	info->jited_ksyms = (__u64)(unsigned long)calloc(nr_ks + 1, sizeof(__u64));
	info->nr_jited_func_lens = nr_fl;
	info->jited_func_lens = (__u64)(unsigned long)calloc(nr_fl + 1, sizeof(__u32));
	len = sizeof(*info);
	return bpf_prog_get_info_by_fd(prog_fd, info, &len);
}

static void free_linfo_info(struct bpf_prog_info *info)
{
	free((void *)(unsigned long)info->line_info);
	free((void *)(unsigned long)info->jited_line_info);
	free((void *)(unsigned long)info->jited_ksyms);
	free((void *)(unsigned long)info->jited_func_lens);
}

static void prog_linfo(void)
{
	struct bpf_object *obj = open_subprogs();
	const struct bpf_line_info *li, *rec;
	struct bpf_prog_linfo *linfo = NULL;
	struct bpf_prog_info info = {};
	const __u64 *ksyms, *jaddr;
	const __u32 *lens;
	__u32 i, f, off, xlated, first, last;
	bool ok = true;

	if (!obj)
		return;
	errno = 0;
	ASSERT_NULL(bpf_prog_linfo__new(&info), "no line info: NULL");
	ASSERT_EQ(errno, EINVAL, "errno");
	if (!ASSERT_OK(bpf_object__load(obj), "load") ||
	    !ASSERT_OK(get_linfo_info(bpf_program__fd(bpf_object__find_program_by_name(obj,
						"xdp_calls")), &info), "prog info"))
		goto out;
	if (!ASSERT_GT(info.nr_line_info, 1, "kernel reports line info"))
		goto out;
	linfo = bpf_prog_linfo__new(&info);
	if (!ASSERT_OK_PTR(linfo, "bpf_prog_linfo__new"))
		goto out;
	li = (const void *)(unsigned long)info.line_info;
	xlated = info.xlated_prog_len / sizeof(struct bpf_insn);
	for (off = 0; off < xlated && ok; off++) {
		rec = bpf_prog_linfo__lfind(linfo, off, 0);
		for (i = 0; i + 1 < info.nr_line_info && li[i + 1].insn_off <= off; i++)
			;
		ok = ASSERT_OK_PTR(rec, "lfind") && ASSERT_EQ(rec->insn_off, li[i].insn_off, "lfind") &&
		     ASSERT_EQ(rec->line_col, li[i].line_col, "same record");
	}
	/* from a later record on, an earlier instruction is not found */
	errno = 0;
	ASSERT_NULL(bpf_prog_linfo__lfind(linfo, 0, info.nr_line_info - 1), "skipped past");
	ASSERT_NULL(bpf_prog_linfo__lfind(linfo, 0, info.nr_line_info), "skip all");
	ASSERT_EQ(errno, ENOENT, "errno");

	if (!info.nr_jited_line_info || !info.nr_jited_ksyms) {
		test__skip("no JITed line info (JIT off or addresses hidden)");
		goto out;
	}
	ksyms = (const void *)(unsigned long)info.jited_ksyms;
	lens = (const void *)(unsigned long)info.jited_func_lens;
	jaddr = (const void *)(unsigned long)info.jited_line_info;
	ASSERT_GT(info.nr_jited_ksyms, 1, "xdp_calls has JITed subprograms");
	for (f = 0; f < info.nr_jited_ksyms; f++) {
		/* the records of function f: the addresses inside its image */
		for (first = 0; first < info.nr_jited_line_info; first++)
			if (jaddr[first] >= ksyms[f] && jaddr[first] - ksyms[f] < lens[f])
				break;
		for (last = first; last + 1 < info.nr_jited_line_info; last++)
			if (jaddr[last + 1] < ksyms[f] || jaddr[last + 1] - ksyms[f] >= lens[f])
				break;
		if (!ASSERT_LT(first, info.nr_jited_line_info, "function has line records"))
			continue;
		rec = bpf_prog_linfo__lfind_addr_func(linfo, ksyms[f], f, 0);
		if (ASSERT_OK_PTR(rec, "lfind_addr_func at the function start"))
			ASSERT_EQ(rec->insn_off, li[first].insn_off, "its first record");
		rec = bpf_prog_linfo__lfind_addr_func(linfo, ksyms[f] + lens[f] - 1, f, 0);
		if (ASSERT_OK_PTR(rec, "lfind_addr_func at the function end"))
			ASSERT_EQ(rec->insn_off, li[last].insn_off, "its last record");
	}
	ASSERT_NULL(bpf_prog_linfo__lfind_addr_func(linfo, ksyms[0], info.nr_jited_ksyms, 0),
		    "no such function");
out:
	bpf_prog_linfo__free(linfo);
	free_linfo_info(&info);
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
	if (test__start_subtest("prog_linfo"))
		prog_linfo();
	if (test__start_subtest("old_names"))
		old_names();
}
