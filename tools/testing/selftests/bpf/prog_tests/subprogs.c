// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BPF-to-BPF calls after linking by bpf_object__load(), checked by what
 * the programs compute when run with bpf_prog_test_run_opts():
 *
 * - test_subprogs.c: a six-deep chain of static subprograms, global
 *   subprograms (verified on their own), global calling global, static
 *   calling global, weak and hidden globals, the same .text subprograms
 *   linked into programs of different types and sections;
 * - test_multi_prog_sections.c: several programs per ELF section sharing
 *   .text subprograms, and '?' sections not loaded by default;
 * - test_subprogs_callbacks.c: bpf_loop and bpf_for_each_map_elem with
 *   callbacks that call further subprograms;
 * - test_callbacks.c: the corpus object, loaded whole on 6.1+ (it has a
 *   user ring buffer), with bpf_loop and a bpf_timer callback observed.
 *
 * The expected values come from the same functions written in C here.
 */
#include <time.h>
#include "test_progs.h"

/* ---- test_subprogs.c, mirrored ---- */

static __u32 level6(__u32 x)
{
	return x ^ 0x5a5a;
}

static __u32 level5(__u32 x)
{
	return level6(x + 5) * 3;
}

static __u32 level4(__u32 x)
{
	return level5(x + 4) + 1;
}

static __u32 level3(__u32 x)
{
	return level4(x >> 1) ^ level6(x);
}

static __u32 level1(__u32 x)
{
	return level3(x + 2) & 0xffff;
}

static int global_mix(__u32 a, __u32 b)
{
	return (level6(a) + b) & 0x7fffffff;
}

static int global_outer(__u32 v)
{
	return global_mix(v, v * 7);
}

static int static_to_global(__u32 v)
{
	return global_outer(v) + (int)(v + 1);
}

static __u64 get_total(struct bpf_object *obj)
{
	__u64 total = 0xbad;

	ASSERT_OK(global_var_read(obj, ".bss", "total", &total, sizeof(total)),
		  "read total");
	return total;
}

static void set_total(struct bpf_object *obj, __u64 v)
{
	ASSERT_OK(global_var_write(obj, ".bss", "total", &v, sizeof(v)),
		  "write total");
}

static void static_and_global(void)
{
	struct bpf_object *obj = NULL;
	__u32 retval, len;
	__u64 want;
	int fd;

	fd = load_prog_fd("test_subprogs.bpf.o", "xdp_calls", &obj);
	if (!ASSERT_OK_FD(fd, "load test_subprogs.bpf.o"))
		return;

	/* xdp: the static chain, then a global with scalar arguments */
	for (len = 60; len <= 64; len += 4) {
		set_total(obj, 0);
		if (!ASSERT_OK(run_prog_pkt(fd, len, &retval), "run xdp_calls"))
			goto out;
		ASSERT_EQ(retval, XDP_PASS, "xdp_calls verdict");
		want = (__u64)level1(len) + (__u64)global_mix(len, 1);
		ASSERT_EQ(get_total(obj), want, "xdp_calls total");
	}

	/* tc: the chain, static -> global -> global -> static, weak, hidden */
	fd = prog_fd_by_name(obj, "tc_calls");
	if (!ASSERT_OK_FD(fd, "tc_calls fd"))
		goto out;
	for (len = 254; len <= 255; len++) {
		set_total(obj, 0);
		if (!ASSERT_OK(run_prog_pkt(fd, len, &retval), "run tc_calls"))
			goto out;
		ASSERT_EQ(retval, (len & 0xff) == 0xff ? 2 : 0,
			  "tc_calls verdict from the hidden global");
		want = (__u64)(__u32)(level1(len) + static_to_global(len));
		ASSERT_EQ(get_total(obj), want, "tc_calls total");
	}

	/* a socket filter sees the packet without its Ethernet header */
	fd = prog_fd_by_name(obj, "socket_calls");
	if (!ASSERT_OK_FD(fd, "socket_calls fd"))
		goto out;
	if (ASSERT_OK(run_prog_pkt(fd, 100, &retval), "run socket_calls"))
		ASSERT_EQ(retval, 100 - 14, "socket_calls verdict");

	/* loaded, though a tracepoint cannot be test-run */
	ASSERT_OK_FD(prog_fd_by_name(obj, "tp_calls"), "tp_calls loaded");
out:
	bpf_object__close(obj);
}

/* each program gets its own copy of the subprograms it reaches */
static void one_prog_at_a_time(void)
{
	static const char *const progs[] = { "xdp_calls", "tc_calls",
					     "tp_calls", "socket_calls" };
	struct bpf_program *prog;
	struct bpf_object *obj;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		obj = bpf_object__open_file("test_subprogs.bpf.o", NULL);
		if (!ASSERT_OK_PTR(obj, "open"))
			return;
		bpf_object__for_each_program(prog, obj)
			bpf_program__set_autoload(prog,
				!strcmp(bpf_program__name(prog), progs[i]));
		if (ASSERT_OK(bpf_object__load(obj), progs[i])) {
			ASSERT_OK_FD(prog_fd_by_name(obj, progs[i]), progs[i]);
			prog = bpf_object__find_program_by_name(obj, "xdp_calls");
			if (i != 0)
				ASSERT_LT(bpf_program__fd(prog), 0,
					  "xdp_calls not loaded");
		}
		bpf_object__close(obj);
	}
}

static void multi_prog_sections(void)
{
	static const char *const progs[] = { "xdp_first", "xdp_second",
					     "tc_first", "tc_second" };
	struct bpf_object *obj = NULL;
	__u64 seen[4] = {};
	__u32 retval;
	unsigned int i;
	int fd;

	fd = load_prog_fd("test_multi_prog_sections.bpf.o", NULL, &obj);
	if (!ASSERT_OK_FD(fd, "load test_multi_prog_sections.bpf.o"))
		return;
	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		fd = prog_fd_by_name(obj, progs[i]);
		if (!ASSERT_OK_FD(fd, progs[i]))
			goto out;
		if (!ASSERT_OK(run_prog_pkt(fd, 64 + i, &retval), progs[i]))
			goto out;
	}
	if (ASSERT_OK(global_var_read(obj, ".bss", "seen", seen, sizeof(seen)),
		      "read seen")) {
		for (i = 0; i < 4; i++)
			ASSERT_EQ(seen[i], 64 + i, "seen[i] == length of run i");
	}
	fd = prog_fd_by_name(obj, "xdp_third");
	if (ASSERT_OK_FD(fd, "xdp_third")) {
		ASSERT_OK(run_prog_pkt(fd, 1600, &retval), "run xdp_third");
		ASSERT_EQ(retval, XDP_DROP, "xdp_third drops > 1500");
	}
	/* '?' sections are not loaded unless asked for */
	ASSERT_LT(prog_fd_by_name(obj, "xdp_optional"), 0, "xdp_optional");
	ASSERT_LT(prog_fd_by_name(obj, "tc_optional"), 0, "tc_optional");
	ASSERT_LT(prog_fd_by_name(obj, "tp_optional"), 0, "tp_optional");
out:
	bpf_object__close(obj);
}

static void optional_autoload(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	__u64 seen[4] = {};
	__u32 retval;
	int fd;

	obj = bpf_object__open_file("test_multi_prog_sections.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	prog = bpf_object__find_program_by_name(obj, "xdp_optional");
	if (!ASSERT_OK_PTR(prog, "xdp_optional"))
		goto out;
	ASSERT_FALSE(bpf_program__autoload(prog), "autoload off for '?xdp'");
	ASSERT_OK(bpf_program__set_autoload(prog, true), "set autoload");
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	fd = bpf_program__fd(prog);
	if (!ASSERT_OK_FD(fd, "xdp_optional fd"))
		goto out;
	ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run xdp_optional");
	ASSERT_OK(global_var_read(obj, ".bss", "seen", seen, sizeof(seen)),
		  "read seen");
	ASSERT_EQ(seen[0], 1, "xdp_optional ran its bump()");
	ASSERT_ERR(bpf_program__set_autoload(prog, false),
		   "autoload cannot change after load");
out:
	bpf_object__close(obj);
}

/* ---- callbacks ---- */

static void bpf_loop_cb(void)
{
	struct bpf_object *obj;
	__u32 retval, len = 40;
	__u64 want = 0, i;

	if (!require_kernel(5, 17, "bpf_loop"))
		return;
	obj = load_only_prog("test_subprogs_callbacks.bpf.o", "tc_loop");
	if (!obj)
		return;
	if (!ASSERT_OK(run_prog_pkt(prog_fd_by_name(obj, "tc_loop"), len, &retval),
		       "run tc_loop"))
		goto out;
	for (i = 0; i < len; i++)
		want += i * i;
	ASSERT_EQ(bss_u64(obj, "loop_sum"), want, "sum of squares below 40");
	/* the iteration whose callback returned 1 counts */
	ASSERT_EQ(bss_u64(obj, "loop_ret"), len + 1, "bpf_loop return");
out:
	bpf_object__close(obj);
}

static void for_each_cb(void)
{
	struct bpf_object *obj;
	struct bpf_map *elems;
	__u32 key, retval, stop;
	__u64 val;
	int fd;

	if (!require_kernel(5, 13, "bpf_for_each_map_elem"))
		return;
	obj = load_only_prog("test_subprogs_callbacks.bpf.o", "tc_for_each");
	if (!obj)
		return;
	elems = bpf_object__find_map_by_name(obj, "elems");
	fd = prog_fd_by_name(obj, "tc_for_each");
	if (!ASSERT_OK_PTR(elems, "elems") || !ASSERT_OK_FD(fd, "tc_for_each"))
		goto out;
	for (key = 0; key < 8; key++) {
		val = (key + 1) * 10;
		ASSERT_OK(bpf_map__update_elem(elems, &key, 4, &val, 8, 0), "fill");
	}
	if (!ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run tc_for_each"))
		goto out;
	ASSERT_EQ(bss_u64(obj, "each_sum"), 360, "sum over all elements");
	ASSERT_EQ(bss_u64(obj, "each_visited"), 8, "elements visited");
	ASSERT_EQ(bss_u64(obj, "each_ret"), 8, "bpf_for_each_map_elem return");

	/* the callback's return value 1 stops the walk */
	stop = 2;
	if (!ASSERT_OK(global_var_write(obj, ".data", "stop_key", &stop, 4),
		       "set stop_key"))
		goto out;
	if (!ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run tc_for_each"))
		goto out;
	ASSERT_EQ(bss_u64(obj, "each_sum"), 60, "sum up to key 2");
	ASSERT_EQ(bss_u64(obj, "each_visited"), 3, "elements visited");
out:
	bpf_object__close(obj);
}

static void corpus_callbacks(void)
{
	struct bpf_object *obj = NULL;
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	__u64 runs = 0;
	__u32 retval;
	int fd, i;

	/* a user ring buffer (6.1), bpf_loop (5.17), bpf_timer (5.15) */
	if (!require_kernel(6, 1, "BPF_MAP_TYPE_USER_RINGBUF"))
		return;
	fd = load_prog_fd("test_callbacks.bpf.o", "tc_loop", &obj);
	if (!ASSERT_OK_FD(fd, "load test_callbacks.bpf.o"))
		return;
	if (ASSERT_OK(run_prog_pkt(fd, 40, &retval), "run tc_loop"))
		ASSERT_EQ(bss_u64(obj, "loop_sum"), 780, "0 + 1 + ... + 39");

	/* the timer callback runs 1 ms after tc_timer armed it */
	fd = prog_fd_by_name(obj, "tc_timer");
	if (!ASSERT_OK_FD(fd, "tc_timer") ||
	    !ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run tc_timer"))
		goto out;
	for (i = 0; i < 300 && runs == 0; i++) {
		nanosleep(&ts, NULL);
		runs = bss_u64(obj, "timer_runs");
	}
	ASSERT_EQ(runs, 1, "timer callback ran once");
out:
	bpf_object__close(obj);
}

void test_subprogs(void)
{
	if (test__start_subtest("static_and_global"))
		static_and_global();
	if (test__start_subtest("one_prog_at_a_time"))
		one_prog_at_a_time();
	if (test__start_subtest("multi_prog_sections"))
		multi_prog_sections();
	if (test__start_subtest("optional_autoload"))
		optional_autoload();
	if (test__start_subtest("bpf_loop"))
		bpf_loop_cb();
	if (test__start_subtest("for_each_map_elem"))
		for_each_cb();
	if (test__start_subtest("corpus_callbacks"))
		corpus_callbacks();
}
