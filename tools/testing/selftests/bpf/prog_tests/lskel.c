// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Light skeletons ("bpftool gen skeleton -L") compiled against this
 * tree's <bpf/skel_internal.h>. Built twice (see the Makefile):
 * test_lskel against light skeletons of the system's bpftool (Debian 12:
 * 7.1) and test_lskel_new_bpftool against those of a newer one (7.5).
 * The loader programs in them are BPF_PROG_TYPE_SYSCALL programs, so the
 * whole test needs kernel 5.14+.
 *
 * - tracing: test_lskel.bpf.o: .rodata set before load and seen by BPF,
 *   .data set after load through the mmap-ed skel->data, raw_tp and
 *   tp_btf programs attached by the skeleton and triggered by getpgid(2),
 *   their counters read through skel->bss, a hash map they fill, a
 *   syscall program that uses an array map, detach stops the events,
 *   destroy leaves no fd and no mapping behind;
 * - global_data: test_global_data.bpf.o: initial values of every data
 *   section before load, an XDP program run with BPF_PROG_RUN that
 *   updates them, .rodata read-only after load;
 * - load_failure: a map the kernel refuses makes load fail with an
 *   error, and destroy still releases everything;
 * - bad_opts: bpf_load_and_run() refuses missing and broken input;
 * - no_library: ./lskel_run, linked with libc only (no libbpf), loads,
 *   attaches and triggers the same light skeleton (system bpftool's).
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include "test_progs.h"
#include "test_lskel.lskel.h"
#ifndef SKEL_MISSING
#include "test_global_data.lskel.h"

static void trigger(int n)
{
	while (n--)
		syscall(SYS_getpgid, 0);
}

static void tracing(void)
{
	int fds = count_open_fds(), maps = count_mappings("bpf-map");
	struct test_lskel *skel;
	__u32 tgid = getpid(), k0 = 0, k1 = 1;
	__u64 v, in = 7;
	__u32 retval = 0;
	int err;

	skel = test_lskel__open();
	if (!ASSERT_OK_PTR(skel, "open"))
		return;
	/* initial values are there before load, from the ELF */
	ASSERT_EQ(skel->data->my_tgid, -1, "data before load");
	ASSERT_EQ(skel->data->add, 3, "data.add before load");
	ASSERT_EQ(skel->rodata->bias, 1, "rodata before load");
	skel->rodata->bias = 5;

	err = test_lskel__load(skel);
	if (!ASSERT_OK(err, "load"))
		goto out;
	ASSERT_GT(skel->maps.per_tgid.map_fd, 0, "hash map fd");
	ASSERT_GT(skel->maps.slots.map_fd, 0, "array map fd");
	ASSERT_GT(skel->progs.raw_tp_enter.prog_fd, 0, "raw_tp prog fd");
	ASSERT_GT(skel->progs.use_map.prog_fd, 0, "syscall prog fd");
	/* now the map itself, mmap-ed */
	ASSERT_EQ(skel->rodata->bias, 5, "rodata after load");
	ASSERT_EQ(skel->data->my_tgid, -1, "data after load");
	skel->data->my_tgid = tgid;
	skel->data->add = 10;

	trigger(2);
	ASSERT_EQ(skel->bss->raw_tp_cnt, 0, "nothing before attach");

	err = test_lskel__attach(skel);
	if (!ASSERT_OK(err, "attach"))
		goto out;
	ASSERT_GT(skel->links.raw_tp_enter_fd, 0, "raw_tp link");
	ASSERT_GT(skel->links.tp_btf_enter_fd, 0, "tp_btf link");
	trigger(3);
	ASSERT_EQ(skel->bss->raw_tp_cnt, 3, "raw_tp count");
	ASSERT_EQ(skel->bss->tp_btf_cnt, 3, "tp_btf count");
	ASSERT_EQ(skel->bss->sum, 3 * (10 + 5), "sum of .data and .rodata");
	if (ASSERT_OK(bpf_map_lookup_elem(skel->maps.per_tgid.map_fd, &tgid, &v),
		      "lookup per_tgid"))
		ASSERT_EQ(v, 3, "per_tgid count");

	/* the syscall program, through the skeleton's map and prog fds */
	ASSERT_OK(skel_map_update_elem(skel->maps.slots.map_fd, &k0, &in, 0),
		  "skel_map_update_elem");
	err = run_prog_ctx(skel->progs.use_map.prog_fd, NULL, 0, &retval);
	ASSERT_OK(err, "run use_map");
	ASSERT_EQ(retval, 0, "use_map retval");
	if (ASSERT_OK(bpf_map_lookup_elem(skel->maps.slots.map_fd, &k1, &v),
		      "lookup slots[1]"))
		ASSERT_EQ(v, 7 * 2 + 5, "slots[1]");
	ASSERT_EQ(skel->bss->syscall_runs, 1, "syscall_runs");
	ASSERT_OK(skel_map_delete_elem(skel->maps.per_tgid.map_fd, &tgid),
		  "skel_map_delete_elem");
	ASSERT_ERR(bpf_map_lookup_elem(skel->maps.per_tgid.map_fd, &tgid, &v),
		   "deleted");

	/* the generated detach closes the link fds but leaves the numbers:
	 * clear them, or destroy would close them again */
	test_lskel__detach(skel);
	memset(&skel->links, 0, sizeof(skel->links));
	trigger(2);
	ASSERT_EQ(skel->bss->raw_tp_cnt, 3, "raw_tp stopped after detach");
	ASSERT_EQ(skel->bss->tp_btf_cnt, 3, "tp_btf stopped after detach");
out:
	test_lskel__destroy(skel);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
	ASSERT_EQ(count_mappings("bpf-map"), maps, "no map mapping left behind");
}

static void global_data(void)
{
	int fds = count_open_fds();
	struct test_global_data *skel;
	__u32 retval = 0;
	int err;

	skel = test_global_data__open();
	if (!ASSERT_OK_PTR(skel, "open"))
		return;
	ASSERT_EQ(skel->data->packets, 1, "packets before load");
	ASSERT_STREQ(skel->data->greeting, "hello, bpf", "greeting");
	ASSERT_EQ(skel->rodata->max_len, 1500, "max_len before load");
	ASSERT_EQ(skel->data_foo->data_foo_a, 42, "data_foo_a");
	ASSERT_EQ(skel->rodata_bar->rodata_bar, 0x1234, "rodata_bar");
	skel->rodata->max_len = 100;
	skel->data_foo->data_foo_b = 1;

	err = test_global_data__load(skel);
	if (!ASSERT_OK(err, "load"))
		goto out;
	ASSERT_EQ(skel->rodata->max_len, 100, "max_len after load");

	err = run_prog_pkt(skel->progs.xdp_global_data.prog_fd, 64, &retval);
	ASSERT_OK(err, "run 64");
	ASSERT_EQ(retval, XDP_PASS, "64 bytes pass");
	err = run_prog_pkt(skel->progs.xdp_global_data.prog_fd, 200, &retval);
	ASSERT_OK(err, "run 200");
	ASSERT_EQ(retval, XDP_DROP, "200 bytes dropped");
	ASSERT_EQ(skel->data->packets, 3, "packets");
	ASSERT_EQ(skel->data->last_len, 200, "last_len");
	ASSERT_EQ(skel->bss->drops, 1, "drops");
	ASSERT_EQ(skel->bss->len_range.min, 64, "len min");
	ASSERT_EQ(skel->bss->len_range.max, 200, "len max");
	ASSERT_EQ(skel->data_foo->data_foo_a, 44, "data_foo_a += data_foo_b");
	ASSERT_EQ(skel->data_stats->data_stats[0] + skel->data_stats->data_stats[1], 2,
		  "data_stats");
	/* .rodata is frozen and mapped read-only */
	ASSERT_ERR(mprotect((void *)skel->rodata, 4096, PROT_READ | PROT_WRITE),
		   "rodata stays read-only");
out:
	test_global_data__destroy(skel);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static void load_failure(void)
{
	int fds = count_open_fds(), maps = count_mappings("bpf-map");
	struct test_lskel *skel;
	int err;

	skel = test_lskel__open();
	if (!ASSERT_OK_PTR(skel, "open"))
		return;
	/* 2^32 - 1 elements of 8 bytes: no kernel creates that array */
	skel->maps.slots.max_entries = 0xffffffff;
	err = test_lskel__load(skel);
	ASSERT_LT(err, 0, "load fails");
	ASSERT_LE(skel->maps.slots.map_fd, 0, "no map fd");
	test_lskel__destroy(skel);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
	ASSERT_EQ(count_mappings("bpf-map"), maps, "no map mapping left behind");
}

static void bad_opts(void)
{
	static const struct bpf_insn bad[2] = {
		{ .code = BPF_JMP | BPF_JA, .off = -1 },	/* endless loop */
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct bpf_loader_ctx ctx = { .sz = sizeof(ctx) };
	struct bpf_load_and_run_opts opts = {};
	int fds = count_open_fds(), data = 0, err;

	ASSERT_EQ(bpf_load_and_run(NULL), -EINVAL, "NULL opts");
	opts.ctx = &ctx;
	opts.data = &data;
	opts.data_sz = sizeof(data);
	opts.insns = bad;
	opts.insns_sz = sizeof(bad) - 1;
	ASSERT_EQ(bpf_load_and_run(&opts), -EINVAL, "insns_sz not a multiple of 8");
	ASSERT_OK_PTR(opts.errstr, "errstr for bad size");

	opts.insns_sz = sizeof(bad);
	err = bpf_load_and_run(&opts);
	ASSERT_LT(err, 0, "verifier refuses the loader");
	if (ASSERT_OK_PTR(opts.errstr, "errstr"))
		ASSERT_OK_PTR(strstr(opts.errstr, "load loader prog"), opts.errstr);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static void __attribute__((unused)) no_library(void)
{
	unsigned long long raw_tp = 0, tp_btf = 0, sum = 0;
	char line[128] = "";
	FILE *f;
	int st;

	/* 4 calls, add = 1, bias = 2 (see lskel_run.c) */
	f = popen("./lskel_run 4", "r");
	if (!ASSERT_OK_PTR(f, "popen ./lskel_run"))
		return;
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	st = pclose(f);
	ASSERT_EQ(st, 0, "lskel_run exit status");
	ASSERT_EQ(sscanf(line, "raw_tp %llu tp_btf %llu sum %llu", &raw_tp, &tp_btf,
			 &sum), 3, line);
	ASSERT_EQ(raw_tp, 4, "raw_tp");
	ASSERT_EQ(tp_btf, 4, "tp_btf");
	ASSERT_EQ(sum, 4 * (1 + 2), "sum");
}

static void run_tests(void)
{
	if (!require_kernel(5, 14, "light skeletons (BPF_PROG_TYPE_SYSCALL loader)"))
		return;
	if (test__start_subtest("tracing"))
		tracing();
	if (test__start_subtest("global_data"))
		global_data();
	if (test__start_subtest("load_failure"))
		load_failure();
	if (test__start_subtest("bad_opts"))
		bad_opts();
#ifndef SKEL_NEW
	if (test__start_subtest("no_library"))
		no_library();
#endif
}
#else
static void run_tests(void)
{
	test__skip("%s", SKEL_MISSING);
}
#endif /* SKEL_MISSING */

#ifndef SKEL_NEW
void test_lskel(void)
#else
void test_lskel_new_bpftool(void)
#endif
{
	run_tests();
}
