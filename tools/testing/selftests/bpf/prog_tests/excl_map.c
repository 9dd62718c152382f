// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Exclusive maps (kernel 6.18+): bpf_map__set_exclusive_program() binds
 * progs/test_excl_map.c's excl_map to excl_owner. On the kernel:
 *   - the object loads, excl_owner runs and writes the map;
 *   - in a second object reusing the map (bpf_map__reuse_fd()),
 *     excl_other is refused by the kernel, while that object's copy of
 *     excl_owner (the same instructions, so the same digest the map was
 *     created with) loads: the binding is to the program's content,
 *     hashed as the kernel hashes it;
 *   - an object loading both programs with the binding fails.
 * API rules on every kernel: only before load, only a program of the
 * map's object; the getter returns the program set. Before 6.18 the load
 * fails with -EOPNOTSUPP and a message naming the kernel needed.
 */
#include "test_progs.h"

#define OBJ_FILE "test_excl_map.bpf.o"

static struct bpf_object *open_with(bool owner, bool other)
{
	struct bpf_object *obj = bpf_object__open_file(OBJ_FILE, NULL);

	if (!ASSERT_OK_PTR(obj, "open " OBJ_FILE))
		return NULL;
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "excl_owner"), owner);
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "excl_other"), other);
	return obj;
}

static int make_exclusive(struct bpf_object *obj)
{
	return bpf_map__set_exclusive_program(bpf_object__find_map_by_name(obj, "excl_map"),
					      bpf_object__find_program_by_name(obj, "excl_owner"));
}

static int run_prog(struct bpf_object *obj, const char *name)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts);
	char data[64] = {};

	topts.data_in = data;
	topts.data_size_in = sizeof(data);
	topts.repeat = 1;
	return bpf_prog_test_run_opts(bpf_program__fd(bpf_object__find_program_by_name(obj, name)),
				      &topts);
}

static void test_api(void)
{
	struct bpf_object *obj, *obj2;
	struct bpf_program *owner;
	struct bpf_map *map;

	obj = open_with(true, false);
	obj2 = open_with(true, false);
	if (!obj || !obj2)
		goto out;
	map = bpf_object__find_map_by_name(obj, "excl_map");
	owner = bpf_object__find_program_by_name(obj, "excl_owner");
	ASSERT_NULL(bpf_map__exclusive_program(map), "no exclusive program by default");
	ASSERT_EQ(bpf_map__set_exclusive_program(map, NULL), -EINVAL, "NULL program");
	ASSERT_EQ(bpf_map__set_exclusive_program(map,
			bpf_object__find_program_by_name(obj2, "excl_owner")),
		  -EINVAL, "program of another object");
	ASSERT_NULL(bpf_map__exclusive_program(map), "refused settings leave none");
	ASSERT_OK(bpf_map__set_exclusive_program(map, owner), "set");
	ASSERT_EQ(bpf_map__exclusive_program(map), owner, "getter");
	/* drop it again for the load: this subtest is about the rules only */
	bpf_object__close(obj);
	obj = open_with(true, false);
	if (!obj)
		goto out;
	map = bpf_object__find_map_by_name(obj, "excl_map");
	if (!ASSERT_OK(bpf_object__load(obj), "plain load"))
		goto out;
	ASSERT_EQ(bpf_map__set_exclusive_program(map,
			bpf_object__find_program_by_name(obj, "excl_owner")),
		  -EINVAL, "set after load");
	ASSERT_NULL(bpf_map__exclusive_program(map), "still none after load");
out:
	bpf_object__close(obj);
	bpf_object__close(obj2);
}

static void test_old_kernel(void)
{
	struct bpf_object *obj;
	const char *log;
	int err;

	obj = open_with(true, false);
	if (!obj || !ASSERT_OK(make_exclusive(obj), "set"))
		goto out;
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	ASSERT_EQ(err, -EOPNOTSUPP, "load fails before 6.18");
	ASSERT_OK_PTR(strstr(log ?: "", "6.18"), "and names the kernel needed");
out:
	bpf_object__close(obj);
}

static void test_kernel(void)
{
	struct bpf_object *obj, *obj2 = NULL;
	__u64 val = 0;
	__u32 key = 0;
	int map_fd;

	obj = open_with(true, false);
	if (!obj || !ASSERT_OK(make_exclusive(obj), "set"))
		goto out;
	if (!ASSERT_OK(bpf_object__load(obj), "load with the owner"))
		goto out;
	map_fd = bpf_object__find_map_fd_by_name(obj, "excl_map");
	ASSERT_OK(run_prog(obj, "excl_owner"), "run the owner");
	ASSERT_OK(bpf_map_lookup_elem(map_fd, &key, &val), "lookup");
	ASSERT_EQ(val, 7, "the owner wrote the map");

	/* another program using the map: the kernel says no */
	obj2 = open_with(false, true);
	if (!obj2 || !ASSERT_OK(bpf_map__reuse_fd(bpf_object__find_map_by_name(obj2, "excl_map"),
						  map_fd), "reuse"))
		goto out;
	ASSERT_EQ(bpf_object__load(obj2), -EACCES, "another program is refused (EACCES)");
	bpf_object__close(obj2);

	/* the same instructions in another object: the same digest */
	obj2 = open_with(true, false);
	if (!obj2 || !ASSERT_OK(bpf_map__reuse_fd(bpf_object__find_map_by_name(obj2, "excl_map"),
						  map_fd), "reuse"))
		goto out;
	if (ASSERT_OK(bpf_object__load(obj2), "an identical owner loads")) {
		ASSERT_OK(run_prog(obj2, "excl_owner"), "and runs");
		ASSERT_OK(bpf_map_lookup_elem(map_fd, &key, &val), "lookup");
		ASSERT_EQ(val, 14, "and wrote the shared map");
	}
	bpf_object__close(obj2);
	obj2 = NULL;
	bpf_object__close(obj);

	/* both programs with the binding: excl_other is refused */
	obj = open_with(true, true);
	if (!obj || !ASSERT_OK(make_exclusive(obj), "set"))
		goto out;
	ASSERT_EQ(bpf_object__load(obj), -EACCES, "both programs: load fails (EACCES)");
out:
	bpf_object__close(obj);
	bpf_object__close(obj2);
}

void test_excl_map(void)
{
	if (test__start_subtest("api"))
		test_api();
	if (test__start_subtest("kernel")) {
		if (kernel_at_least(6, 18))
			test_kernel();
		else
			test__skip("exclusive maps need kernel 6.18+");
	}
	if (test__start_subtest("old_kernel")) {
		if (kernel_at_least(6, 18))
			test__skip("kernel has exclusive maps");
		else
			test_old_kernel();
	}
}
