// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_object__prepare(): the first half of a load, then bpf_object__load().
 *
 *   split        after prepare the maps exist (a value written into .bss
 *                then is what the program later adds to), the programs
 *                are linked (subprograms appended to their code) but not
 *                loaded, settings are final and a second prepare fails;
 *                load then loads the programs, once
 *   close        an object closed after prepare leaves no fd behind
 *   after_load   prepare after load fails and changes nothing
 */
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test_progs.h"

static void split(void)
{
	struct bpf_object *obj = bpf_object__open_file("test_subprogs.bpf.o", NULL);
	__u64 total = 1000, got = 0;
	char pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = 1);
	struct bpf_program *prog;
	struct bpf_map *bss;
	size_t insns_before;
	__u32 zero = 0;

	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	prog = bpf_object__find_program_by_name(obj, "xdp_calls");
	bss = bpf_object__find_map_by_name(obj, ".bss");
	if (!ASSERT_OK_PTR(prog, "xdp_calls") || !ASSERT_OK_PTR(bss, ".bss"))
		goto out;
	insns_before = bpf_program__insn_cnt(prog);
	if (!ASSERT_OK(bpf_object__prepare(obj), "prepare"))
		goto out;
	ASSERT_GE(bpf_map__fd(bss), 0, "map created");
	ASSERT_LT(bpf_program__fd(prog), 0, "program not loaded");
	ASSERT_GT(bpf_program__insn_cnt(prog), insns_before, "subprograms linked in");
	ASSERT_NEQ(bpf_program__set_autoload(prog, false), 0, "settings are final");
	ASSERT_EQ(bpf_object__prepare(obj), -EINVAL, "second prepare");
	ASSERT_OK(bpf_map_update_elem(bpf_map__fd(bss), &zero, &total, 0), "fill .bss");

	if (!ASSERT_OK(bpf_object__load(obj), "load after prepare"))
		goto out;
	if (!ASSERT_GE(bpf_program__fd(prog), 0, "program loaded"))
		goto out;
	ASSERT_OK(bpf_prog_test_run_opts(bpf_program__fd(prog), &topts), "run xdp_calls");
	ASSERT_OK(bpf_map_lookup_elem(bpf_map__fd(bss), &zero, &got), "read .bss");
	ASSERT_GT(got, total, "the program added to what was written after prepare");
	ASSERT_EQ(bpf_object__load(obj), -EINVAL, "second load");
out:
	bpf_object__close(obj);
}

static void close_after_prepare(void)
{
	int fds = count_open_fds();
	struct bpf_object *obj = bpf_object__open_file("test_subprogs.bpf.o", NULL);

	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	ASSERT_OK(bpf_object__prepare(obj), "prepare");
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left");
}

static void after_load(void)
{
	struct bpf_object *obj = bpf_object__open_file("test_subprogs.bpf.o", NULL);
	struct bpf_program *prog;
	int fd;

	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	if (ASSERT_OK(bpf_object__load(obj), "load")) {
		prog = bpf_object__find_program_by_name(obj, "xdp_calls");
		fd = bpf_program__fd(prog);
		ASSERT_EQ(bpf_object__prepare(obj), -EINVAL, "prepare after load");
		ASSERT_EQ(bpf_program__fd(prog), fd, "program still loaded");
	}
	ASSERT_EQ(bpf_object__prepare(NULL), -EINVAL, "NULL object");
	bpf_object__close(obj);
}

void test_prepare(void)
{
	if (test__start_subtest("split"))
		split();
	if (test__start_subtest("close"))
		close_after_prepare();
	if (test__start_subtest("after_load"))
		after_load();
}
