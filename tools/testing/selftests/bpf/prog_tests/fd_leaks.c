// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Nothing outlives bpf_object__close(): the number of open fds
 * (/proc/self/fd) and the heap in use are the same before and after
 * open + close, open + load + close, a load that fails in the verifier,
 * a load that fails creating a map, and opens that fail; no map of a
 * failed load stays in the kernel.
 */
#include <time.h>
#include "test_progs.h"

/* objects that load on every kernel of the matrix */
static const char *const good_objs[] = {
	"test_global_data.bpf.o",
	"test_subprogs.bpf.o",
	"test_multi_prog_sections.bpf.o",
	"test_map_in_map.bpf.o",
	"test_tailcalls.bpf.o",
	"test_map_pinning.bpf.o",
};

static int open_close(const char *file)
{
	struct bpf_object *obj;

	obj = bpf_object__open_file(file, NULL);
	if (!obj)
		return -errno;
	bpf_object__close(obj);
	return 0;
}

static int open_load_close(const char *file)
{
	struct bpf_object *obj;
	int err;

	obj = bpf_object__open_file(file, NULL);
	if (!obj)
		return -errno;
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

/* the verifier rejects bad_prog after the map was created */
static int failed_verifier_load(void)
{
	return open_load_close("test_verifier_log.bpf.o");
}

/* the kernel refuses an array with max_entries 0, after inner_a and b */
static int failed_map_load(void)
{
	struct bpf_object *obj;
	struct bpf_map *map;
	int err;

	obj = bpf_object__open_file("test_map_in_map.bpf.o", NULL);
	if (!obj)
		return -errno;
	map = bpf_object__find_map_by_name(obj, "inner_c");
	if (map)
		bpf_map__set_max_entries(map, 0);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

static void check_fds(const char *what, int (*fn)(const char *),
		      const char *file, bool want_ok)
{
	int before, after, err;

	before = count_open_fds();
	err = fn(file);
	after = count_open_fds();
	if (want_ok)
		ASSERT_OK(err, what);
	else
		ASSERT_ERR(err, what);
	if (!ASSERT_EQ(after, before, "open fds before and after"))
		printf("  for %s of %s\n", what, file);
}

static void fds_open_close(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good_objs); i++)
		check_fds("open+close", open_close, good_objs[i], true);
}

static void fds_load_close(void)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	struct bpffs_dir dir;
	unsigned int i;

	/* test_map_pinning.bpf.o pins; keep its pins out of /sys/fs/bpf */
	if (bpffs_dir_create(&dir)) {
		test__skip("no bpffs");
		return;
	}
	opts.pin_root_path = dir.path;
	for (i = 0; i < ARRAY_SIZE(good_objs); i++) {
		int before = count_open_fds(), err;
		struct bpf_object *obj;

		obj = bpf_object__open_file(good_objs[i], &opts);
		if (!ASSERT_OK_PTR(obj, good_objs[i]))
			continue;
		err = bpf_object__load(obj);
		ASSERT_OK(err, good_objs[i]);
		bpf_object__close(obj);
		if (!ASSERT_EQ(count_open_fds(), before, "open fds"))
			printf("  after load+close of %s\n", good_objs[i]);
	}
	bpffs_dir_destroy(&dir);
}

static int verifier_fail_wrapper(const char *unused)
{
	return failed_verifier_load();
}

static int map_fail_wrapper(const char *unused)
{
	return failed_map_load();
}

static void fds_failed_load(void)
{
	check_fds("load failing in the verifier", verifier_fail_wrapper,
		  "test_verifier_log.bpf.o", false);
	check_fds("load failing to create a map", map_fail_wrapper,
		  "test_map_in_map.bpf.o", false);
}

static void fds_failed_open(void)
{
	static const char garbage[] = "\177ELF but not really an object";
	char path[64] = "/tmp/test_progs_garbage_XXXXXX";
	struct bpf_object *obj;
	int before, fd;

	before = count_open_fds();
	obj = bpf_object__open_file("no_such_object.bpf.o", NULL);
	ASSERT_NULL(obj, "open of a missing file");
	obj = bpf_object__open_mem(garbage, sizeof(garbage), NULL);
	ASSERT_NULL(obj, "open of garbage from memory");
	fd = mkstemp(path);
	if (ASSERT_OK_FD(fd, "mkstemp")) {
		ASSERT_EQ(write(fd, garbage, sizeof(garbage)), (ssize_t)sizeof(garbage),
			  "write garbage");
		close(fd);
		obj = bpf_object__open_file(path, NULL);
		ASSERT_NULL(obj, "open of a garbage file");
		unlink(path);
	}
	/* an ELF file that is not a BPF object: this very program */
	obj = bpf_object__open_file("/proc/self/exe", NULL);
	ASSERT_NULL(obj, "open of a non-BPF ELF file");
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), before, "open fds after failed opens");
}

/* ids of maps named @name with an id above @after */
static int maps_named(const char *name, __u32 after)
{
	__u32 id = after, len;
	struct bpf_map_info info;
	int fd, n = 0;

	while (!bpf_map_get_next_id(id, &id)) {
		fd = bpf_map_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!bpf_map_get_info_by_fd(fd, &info, &len) &&
		    !strcmp(info.name, name))
			n++;
		close(fd);
	}
	return n;
}

static __u32 last_map_id(void)
{
	__u32 id = 0, next;

	while (!bpf_map_get_next_id(id, &next))
		id = next;
	return id;
}

static void kernel_objects(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	__u32 start = last_map_id();
	int i, n;

	ASSERT_ERR(failed_verifier_load(), "load failing in the verifier");
	/* the failed load did create its map (ids only grow) ... */
	ASSERT_GT(last_map_id(), start, "the load created a map before failing");
	/* ... which goes away with its last reference; allow for RCU */
	for (i = 0; i < 200; i++) {
		n = maps_named("vlog_vals", start);
		if (!n)
			break;
		nanosleep(&ts, NULL);
	}
	ASSERT_EQ(n, 0, "maps of the failed load left in the kernel");
}

static int ok_global_data(void)
{
	return open_load_close("test_global_data.bpf.o");
}

static int ok_subprogs(void)
{
	return open_load_close("test_subprogs.bpf.o");
}

static int open_only(void)
{
	return open_close("test_subprogs.bpf.o");
}

static void heap_cycles(const char *what, int (*fn)(void), bool must_fail)
{
	libbpf_print_fn_t old;
	size_t before, after;
	int i;

	/* the failing loads would print the verifier log 20 times */
	old = libbpf_set_print(NULL);
	/* warm up: caches, feature probes, stdio buffers */
	fn();
	/* the cycle must do what it is meant to (open, load, fail, ...) */
	ASSERT_EQ(fn() < 0, must_fail, what);
	fn();
	before = heap_in_use();
	for (i = 0; i < 20; i++)
		fn();
	after = heap_in_use();
	libbpf_set_print(old);
	/* a leak of 8 bytes per cycle shows */
	if (!ASSERT_LT(after, before + 160, "heap growth over 20 cycles"))
		printf("  %s: heap in use %zu before, %zu after\n", what,
		       before, after);
}

static void heap(void)
{
	if (!require(test__heap_exact(), "glibc tcache could not be turned off"))
		return;
	heap_cycles("open+close", open_only, false);
	heap_cycles("open+load+close of test_global_data", ok_global_data, false);
	heap_cycles("open+load+close of test_subprogs", ok_subprogs, false);
	heap_cycles("load failing in the verifier", failed_verifier_load, true);
	heap_cycles("load failing to create a map", failed_map_load, true);
}

void test_fd_leaks(void)
{
	if (test__start_subtest("open_close"))
		fds_open_close();
	if (test__start_subtest("load_close"))
		fds_load_close();
	if (test__start_subtest("failed_load"))
		fds_failed_load();
	if (test__start_subtest("failed_open"))
		fds_failed_open();
	if (test__start_subtest("kernel_objects"))
		kernel_objects();
	if (test__start_subtest("heap"))
		heap();
}
