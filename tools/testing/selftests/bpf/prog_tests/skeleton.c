// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpftool skeletons, as applications use them. Built twice (see the
 * Makefile): test_skeleton against the skeletons of the system's bpftool
 * (Debian 12: 7.1, bpf_map_skeleton without link) and
 * test_skeleton_new_bpftool against those of a newer one (7.5, with it).
 *
 * - data: every global data section through skel->data/bss/rodata/...,
 *   initial values from the ELF before load, .rodata written before load
 *   and seen by BPF, .data written after load and seen by BPF, counters
 *   written by BPF seen in skel->bss after an event, .rodata and .kconfig
 *   read-only after load, maps through skel->maps, links through
 *   skel->links, detach stops the events;
 * - attach_rules: links the application set are kept, autoattach off is
 *   honoured, attaching twice attaches nothing new;
 * - load_failure: a skeleton whose load fails (a program the verifier
 *   rejects) or whose open fails is destroyed without leaking fds or
 *   memory;
 * - struct_ops: the newer layout attaches struct_ops maps and lets the
 *   application change a callback through skel->struct_ops; the older
 *   one leaves them alone and says why;
 * - subskeleton: a BPF library's subskeleton reaches its variables, maps
 *   and programs inside the object it was linked into.
 */
#include <sys/syscall.h>
#include "test_progs.h"
#include "test_skeleton.skel.h"
#ifndef SKEL_MISSING
#include "test_struct_ops.skel.h"
#include "test_subskeleton.skel.h"
#include "test_subskeleton_lib.subskel.h"

#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

static void trigger(int n)
{
	while (n--)
		syscall(SYS_getpgid, 0);
}

/* the permissions of the mapping holding @addr in /proc/self/maps */
static bool mapping_perms(const void *addr, char perms[5])
{
	unsigned long lo, hi, a = (unsigned long)addr;
	char line[512];
	bool found = false;
	FILE *fp;

	fp = fopen("/proc/self/maps", "re");
	if (!fp)
		return false;
	while (!found && fgets(line, sizeof(line), fp))
		found = sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && a >= lo && a < hi;
	fclose(fp);
	return found;
}

static void data(void)
{
	struct test_skeleton *skel;
	struct test_skeleton__bss *bss_before;
	struct bpf_map *map;
	__u32 key = 0, tgid = getpid();
	__u64 v = 0, bss_copy[4];
	char perms[5] = "";
	int fds = count_open_fds();

	skel = test_skeleton__open();
	if (!ASSERT_OK_PTR(skel, "open"))
		return;
	ASSERT_STREQ(bpf_object__name(skel->obj), "test_skeleton", "object name");
	if (!ASSERT_OK_PTR(skel->data, "data") || !ASSERT_OK_PTR(skel->bss, "bss") ||
	    !ASSERT_OK_PTR(skel->rodata, "rodata") ||
	    !ASSERT_OK_PTR(skel->data_custom, "data_custom") ||
	    !ASSERT_OK_PTR(skel->rodata_custom, "rodata_custom"))
		goto out;
	ASSERT_NULL(skel->kconfig, "kconfig only after load");
	ASSERT_OK_PTR(skel->maps.per_tgid, "maps.per_tgid");
	ASSERT_OK_PTR(skel->progs.raw_tp_enter, "progs.raw_tp_enter");
	ASSERT_TRUE(skel->data == bpf_map__initial_value(skel->maps.data, NULL),
		    "data is the map's initial value");
	/* mmap-able exactly where a DATASEC has global variables */
	ASSERT_EQ(bpf_map__map_flags(skel->maps.bss), BPF_F_MMAPABLE, ".bss flags");
	ASSERT_EQ(bpf_map__map_flags(skel->maps.rodata), BPF_F_MMAPABLE | BPF_F_RDONLY_PROG,
		  ".rodata flags");
	map = bpf_object__find_map_by_name(skel->obj, ".rodata.str1.1");
	if (ASSERT_OK_PTR(map, ".rodata.str1.1 map"))
		ASSERT_EQ(bpf_map__map_flags(map), BPF_F_RDONLY_PROG,
			  ".rodata.str1.1 (no DATASEC) not mmap-able");

	/* the ELF's initial values, writable before load */
	ASSERT_EQ(skel->data->my_tgid, -1, "my_tgid from the ELF");
	ASSERT_EQ(skel->data->in_value, 11, "in_value from the ELF");
	ASSERT_EQ(skel->rodata->step, 1, "step from the ELF");
	ASSERT_EQ(skel->data_custom->custom_data, 21, "custom_data from the ELF");
	ASSERT_EQ(skel->rodata_custom->custom_ro, 31, "custom_ro from the ELF");
	ASSERT_EQ(skel->bss->raw_tp_cnt, 0, "bss zero");
	skel->rodata->step = 3;
	skel->rodata_custom->custom_ro = 100;
	bss_before = skel->bss;

	if (!ASSERT_OK(test_skeleton__load(skel), "load"))
		goto out;
	/* the kernel maps are mapped where the data was */
	ASSERT_TRUE(skel->bss == bss_before, "bss keeps its address over load");
	if (!ASSERT_OK_PTR(skel->kconfig, "kconfig after load"))
		goto out;
	ASSERT_GT(skel->kconfig->LINUX_KERNEL_VERSION, 0, "LINUX_KERNEL_VERSION");
	ASSERT_TRUE(mapping_perms(skel->rodata, perms), "rodata mapping");
	ASSERT_STREQ(perms, "r--s", "rodata mapped read-only and shared");
	ASSERT_TRUE(mapping_perms(skel->bss, perms), "bss mapping");
	ASSERT_STREQ(perms, "rw-s", "bss mapped writable and shared");
	ASSERT_ERR(bpf_map_update_elem(bpf_map__fd(skel->maps.rodata), &key,
				       skel->rodata, 0), "rodata frozen");

	/* every map kind the object declares was created */
	ASSERT_OK_FD(bpf_map__fd(skel->maps.pcpu), "percpu array");
	ASSERT_OK_FD(bpf_map__fd(skel->maps.lru), "lru hash");
	ASSERT_OK_FD(bpf_map__fd(skel->maps.events), "ringbuf");
	ASSERT_OK_FD(bpf_map__fd(skel->maps.perf_events), "perf event array");
	ASSERT_OK_FD(bpf_map__fd(skel->maps.jmp), "prog array");
	ASSERT_OK_FD(bpf_map__fd(skel->maps.outer), "array of maps");
	ASSERT_OK_FD(bpf_map__fd(skel->maps.inner_a), "inner map");

	/* written after load: the BPF programs see it */
	skel->data->my_tgid = tgid;
	skel->data->in_value = 1000;

	if (!ASSERT_OK(test_skeleton__attach(skel), "attach"))
		goto out;
	ASSERT_OK_PTR(skel->links.raw_tp_enter, "links.raw_tp_enter");
	ASSERT_OK_PTR(skel->links.tp_btf_enter, "links.tp_btf_enter");
	ASSERT_NULL(skel->links.uprobe_no_target, "SEC(\"uprobe\") not attached");
	ASSERT_NULL(skel->links.xdp_pass, "SEC(\"xdp\") not attached");
	ASSERT_NULL(skel->links.bad_prog, "autoload off: not attached");

	trigger(4);
	ASSERT_EQ(skel->bss->raw_tp_cnt, 4 * 3, "raw_tp counted with .rodata's step");
	ASSERT_EQ(skel->bss->tp_btf_cnt, 4, "tp_btf counted");
	ASSERT_EQ(skel->bss->out_value, 1000 + 21 + 100, "BPF saw .data and the custom sections");
	ASSERT_EQ(skel->bss->seen_kver, skel->kconfig->LINUX_KERNEL_VERSION, "BPF saw .kconfig");
	/* the same memory as the map */
	if (ASSERT_OK(bpf_map_lookup_elem(bpf_map__fd(skel->maps.bss), &key, bss_copy), "bss lookup"))
		ASSERT_EQ(bss_copy[0], skel->bss->raw_tp_cnt, "bss map is skel->bss");
	ASSERT_OK(bpf_map__lookup_elem(skel->maps.per_tgid, &tgid, sizeof(tgid), &v, sizeof(v), 0),
		  "per_tgid lookup");
	ASSERT_EQ(v, 4, "per_tgid counted");
	ASSERT_OK(bpf_map__lookup_elem(skel->maps.sums, &key, sizeof(key), &v, sizeof(v), 0),
		  "sums lookup");
	ASSERT_EQ(v, 4 * 3, "sums counted");

	test_skeleton__detach(skel);
	ASSERT_NULL(skel->links.raw_tp_enter, "detach clears links");
	trigger(2);
	ASSERT_EQ(skel->bss->raw_tp_cnt, 4 * 3, "no events after detach");
	ASSERT_EQ(skel->bss->tp_btf_cnt, 4, "no tp_btf events after detach");
out:
	test_skeleton__destroy(skel);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static void attach_rules(void)
{
	struct test_skeleton *skel;
	struct bpf_link *mine;

	skel = test_skeleton__open_and_load();
	if (!ASSERT_OK_PTR(skel, "open_and_load"))
		return;
	skel->data->my_tgid = getpid();
	mine = bpf_program__attach(skel->progs.tp_btf_enter);
	if (!ASSERT_OK_PTR(mine, "attach by hand"))
		goto out;
	skel->links.tp_btf_enter = mine;
	bpf_program__set_autoattach(skel->progs.raw_tp_enter, false);

	if (!ASSERT_OK(test_skeleton__attach(skel), "attach"))
		goto out;
	ASSERT_TRUE(skel->links.tp_btf_enter == mine, "the application's link kept");
	ASSERT_NULL(skel->links.raw_tp_enter, "autoattach off: not attached");
	ASSERT_OK(test_skeleton__attach(skel), "attach again");
	ASSERT_TRUE(skel->links.tp_btf_enter == mine, "still the application's link");
	ASSERT_NULL(skel->links.raw_tp_enter, "still not attached");

	trigger(3);
	ASSERT_EQ(skel->bss->tp_btf_cnt, 3, "the application's link counts");
	ASSERT_EQ(skel->bss->raw_tp_cnt, 0, "nothing attached raw_tp_enter");
out:
	/* destroy releases the application's link too */
	test_skeleton__destroy(skel);
}

static int failing_load(void)
{
	struct test_skeleton *skel;
	int err;

	skel = test_skeleton__open();
	if (!skel)
		return -errno;
	bpf_program__set_autoload(skel->progs.bad_prog, true);
	err = test_skeleton__load(skel);
	test_skeleton__destroy(skel);
	return err;
}

static int failing_open(void)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .kernel_log_size = 64);
	struct test_skeleton *skel;

	/* a log size without a buffer is refused by open */
	skel = test_skeleton__open_opts(&opts);
	if (skel) {
		test_skeleton__destroy(skel);
		return 0;
	}
	return -errno;
}

static void load_failure(void)
{
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	int fds = count_open_fds(), i;
	size_t before, after;

	ASSERT_LT(failing_load(), 0, "load with a rejected program fails");
	ASSERT_EQ(failing_open(), -EINVAL, "open with bad opts fails");
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
	if (test__heap_exact()) {
		before = heap_in_use();
		for (i = 0; i < 10; i++) {
			failing_load();
			failing_open();
		}
		after = heap_in_use();
		ASSERT_LT(after, before + 80, "heap growth over 10 failed loads and opens");
	}
	libbpf_set_print(old);
	test_skeleton__destroy(NULL);
}

static void struct_ops(void)
{
	struct test_struct_ops *skel;
	const char *log;
	int err;

	if (!require(kernel_btf_has("tcp_congestion_ops", BTF_KIND_STRUCT),
		     "no tcp_congestion_ops in kernel BTF"))
		return;
	skel = test_struct_ops__open();
	if (!ASSERT_OK_PTR(skel, "open"))
		return;
#ifdef BPF_SKEL_SUPPORTS_MAP_AUTO_ATTACH
	/* newer bpftool: the value's callbacks are struct bpf_program * */
	ASSERT_TRUE(skel->struct_ops.objtest_reno->ssthresh == skel->progs.objtest_ssthresh,
		    "callback shows its program");
	ASSERT_NULL(skel->struct_ops.objtest_reno->set_state, "unset callback");
	skel->struct_ops.objtest_reno->set_state = skel->progs.objtest_unused;
	bpf_program__set_autoload(skel->progs.objtest_unused, true);
#endif
	err = test_struct_ops__load(skel);
	if (err == -EPERM || err == -ENOTSUPP || err == -EOPNOTSUPP) {
		test__skip("kernel refuses struct_ops programs (%d)", err);
		goto out;
	}
	if (!ASSERT_OK(err, "load"))
		goto out;
	ASSERT_FALSE(cc_available("bpf_objtest"), "not registered at load");
	test__libbpf_log_start();
	err = test_struct_ops__attach(skel);
	log = test__libbpf_log_stop();
	if (!ASSERT_OK(err, "attach"))
		goto out;
#ifdef BPF_SKEL_SUPPORTS_MAP_AUTO_ATTACH
	ASSERT_OK_FD(bpf_program__fd(skel->progs.objtest_unused),
		     "the callback set through skel->struct_ops is loaded");
	ASSERT_OK_PTR(skel->links.objtest_reno, "links.objtest_reno");
	ASSERT_NULL(strstr(log, "skeleton has no link"), "no old-layout warning");
	ASSERT_TRUE(cc_available("bpf_objtest"), "registered by attach");
	test_struct_ops__detach(skel);
	ASSERT_NULL(skel->links.objtest_reno, "detach clears the map's link");
	ASSERT_FALSE(cc_available("bpf_objtest"), "unregistered by detach");
#else
	ASSERT_FALSE(cc_available("bpf_objtest"), "old layout: map not attached");
	ASSERT_OK_PTR(strstr(log, "map 'objtest_reno': skeleton has no link"),
		      "says why the map is not attached");
#endif
out:
	test_struct_ops__destroy(skel);
}

static void subskeleton(void)
{
	struct test_subskeleton_lib *lib = NULL;
	struct test_subskeleton *skel;
	__u32 zero = 0;
	__u64 last = 0;

	skel = test_subskeleton__open();
	if (!ASSERT_OK_PTR(skel, "open"))
		return;
	lib = test_subskeleton_lib__open(skel->obj);
	if (!ASSERT_OK_PTR(lib, "subskeleton open"))
		goto out;
	ASSERT_TRUE(lib->maps.bss == skel->maps.bss, "the library's .bss is the object's");
	ASSERT_TRUE(lib->progs.lib_prog ==
		    bpf_object__find_program_by_name(skel->obj, "lib_prog"), "progs.lib_prog");
	ASSERT_EQ(*lib->data.lib_in, 7, "lib_in from the ELF");
	ASSERT_EQ(*lib->rodata.lib_scale, 2, "lib_scale from the ELF");
	*lib->rodata.lib_scale = 5;
	skel->data->main_arg = 3;

	if (!ASSERT_OK(test_subskeleton__load(skel), "load"))
		goto out;
	skel->data->my_tgid = getpid();
	if (!ASSERT_OK(test_subskeleton__attach(skel), "attach"))
		goto out;
	trigger(1);
	ASSERT_EQ(skel->bss->main_out, 3 * 5 + 7, "the library computed with its variables");
	ASSERT_EQ(*lib->bss.lib_calls, 1, "the library's counter, through the subskeleton");
	ASSERT_OK(bpf_map__lookup_elem(lib->maps.lib_last, &zero, sizeof(zero), &last,
				       sizeof(last), 0), "lib_last lookup");
	ASSERT_EQ(last, 3 * 5 + 7, "the library's map");
out:
	test_subskeleton_lib__destroy(lib);
	test_subskeleton__destroy(skel);
}

static void run_tests(void)
{
	if (test__start_subtest("data"))
		data();
	if (test__start_subtest("attach_rules"))
		attach_rules();
	if (test__start_subtest("load_failure"))
		load_failure();
	if (test__start_subtest("struct_ops"))
		struct_ops();
	if (test__start_subtest("subskeleton"))
		subskeleton();
}
#else
static void run_tests(void)
{
	test__skip("%s", SKEL_MISSING);
}
#endif /* SKEL_MISSING */

#ifndef SKEL_NEW
void test_skeleton(void)
#else
void test_skeleton_new_bpftool(void)
#endif
{
	run_tests();
}
