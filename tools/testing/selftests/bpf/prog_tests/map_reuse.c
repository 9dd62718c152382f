// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_map__reuse_fd(): the object uses a map the caller created instead
 * of creating its own. Before load bpf_map__fd() is an error unless the
 * map was reused; after reuse and after load it is a map with the reused
 * map's id; a program of the object updates the caller's map; the
 * object's copy of the fd is its own, closed with the object.
 */
#include "test_progs.h"

#define OBJ_FILE "test_map_ops.bpf.o"

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_map_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.id;
}

/* only the maps xdp_count uses, so the object loads on any kernel */
static struct bpf_object *open_for_xdp_count(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;
	const char *name;

	obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open " OBJ_FILE))
		return NULL;
	bpf_object__for_each_map(map, obj) {
		name = bpf_map__name(map);
		bpf_map__set_autocreate(map, !strcmp(name, "hash") ||
					     !strcmp(name, "array") ||
					     !strcmp(name, "queue"));
	}
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog,
			!strcmp(bpf_program__name(prog), "xdp_count"));
	return obj;
}

static void reuse_then_load(void)
{
	struct bpf_object *obj;
	struct bpf_map *map;
	__u32 key = 64, retval, id;
	__u64 val = 100;
	int fd, fds_before, prog;

	fds_before = count_open_fds();
	/* named like the object's map: libbpf may rename it on reuse */
	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "hash", 4, 8, 16, NULL);
	if (!ASSERT_OK_FD(fd, "bpf_map_create"))
		return;
	id = map_id(fd);
	ASSERT_OK(bpf_map_update_elem(fd, &key, &val, 0), "hash[64] = 100");

	obj = open_for_xdp_count();
	if (!obj)
		goto out_fd;
	map = bpf_object__find_map_by_name(obj, "hash");
	if (!ASSERT_OK_PTR(map, "hash"))
		goto out;
	ASSERT_LT(bpf_map__fd(map), 0, "bpf_map__fd before load");
	ASSERT_ERR(bpf_map__reuse_fd(map, -1), "reuse of fd -1");
	ASSERT_LT(bpf_map__fd(map), 0, "still no fd after a failed reuse");
	if (!ASSERT_OK(bpf_map__reuse_fd(map, fd), "bpf_map__reuse_fd"))
		goto out;
	ASSERT_OK_FD(bpf_map__fd(map), "bpf_map__fd after reuse");
	ASSERT_EQ(map_id(bpf_map__fd(map)), id, "fd after reuse is our map");

	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	ASSERT_EQ(map_id(bpf_map__fd(map)), id, "fd after load is our map");
	ASSERT_EQ(map_id(bpf_object__find_map_fd_by_name(obj, "hash")), id,
		  "find_map_fd_by_name");
	prog = prog_fd_by_name(obj, "xdp_count");
	if (!ASSERT_OK_FD(prog, "xdp_count"))
		goto out;
	if (!ASSERT_OK(run_prog_pkt(prog, 64, &retval), "run xdp_count"))
		goto out;
	ASSERT_OK(bpf_map_lookup_elem(fd, &key, &val), "lookup through our fd");
	ASSERT_EQ(val, 101, "the program counted into our map");

	/* the object keeps its own reference */
	close(fd);
	fd = -1;
	if (ASSERT_OK(run_prog_pkt(prog, 64, &retval), "run after close(fd)")) {
		ASSERT_OK(bpf_map__lookup_elem(map, &key, 4, &val, 8, 0),
			  "lookup through the object");
		ASSERT_EQ(val, 102, "count after our fd is closed");
	}
out:
	bpf_object__close(obj);
out_fd:
	if (fd >= 0)
		close(fd);
	ASSERT_EQ(count_open_fds(), fds_before, "open fds after close");
}

/* a created map is not a reused one: each load creates a new map */
static void no_reuse(void)
{
	struct bpf_object *a, *b;
	__u32 id_a, id_b;

	a = open_for_xdp_count();
	b = open_for_xdp_count();
	if (!a || !b)
		goto out;
	if (!ASSERT_OK(bpf_object__load(a), "load a") ||
	    !ASSERT_OK(bpf_object__load(b), "load b"))
		goto out;
	id_a = map_id(bpf_object__find_map_fd_by_name(a, "hash"));
	id_b = map_id(bpf_object__find_map_fd_by_name(b, "hash"));
	ASSERT_NEQ(id_a, 0, "map id a");
	ASSERT_NEQ(id_a, id_b, "two objects, two maps");
out:
	bpf_object__close(a);
	bpf_object__close(b);
}

/* reuse shares a map between two objects */
static void share_between_objects(void)
{
	struct bpf_object *a, *b = NULL;
	__u32 key = 64, retval;
	__u64 val;
	int prog;

	a = open_for_xdp_count();
	if (!a || !ASSERT_OK(bpf_object__load(a), "load a"))
		goto out;
	b = open_for_xdp_count();
	if (!b)
		goto out;
	if (!ASSERT_OK(bpf_map__reuse_fd(bpf_object__find_map_by_name(b, "hash"),
					 bpf_object__find_map_fd_by_name(a, "hash")),
		       "reuse a's map in b") ||
	    !ASSERT_OK(bpf_object__load(b), "load b"))
		goto out;
	prog = prog_fd_by_name(a, "xdp_count");
	ASSERT_OK(run_prog_pkt(prog, 64, &retval), "run a's program");
	prog = prog_fd_by_name(b, "xdp_count");
	ASSERT_OK(run_prog_pkt(prog, 64, &retval), "run b's program");
	if (ASSERT_OK(bpf_map__lookup_elem(bpf_object__find_map_by_name(a, "hash"),
					   &key, 4, &val, 8, 0), "lookup"))
		ASSERT_EQ(val, 2, "both programs counted in one map");
out:
	bpf_object__close(a);
	bpf_object__close(b);
}

/* a load that fails leaves the caller's map, and its fd, alone */
static void reuse_then_failed_load(void)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	int fd, fds_before, fds_loaded;
	__u32 id;

	fds_before = count_open_fds();
	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "vlog_vals", 4, 8, 4, NULL);
	if (!ASSERT_OK_FD(fd, "bpf_map_create"))
		return;
	id = map_id(fd);
	obj = bpf_object__open_file("test_verifier_log.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open test_verifier_log.bpf.o"))
		goto out_fd;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), "bad_prog"));
	map = bpf_object__find_map_by_name(obj, "vlog_vals");
	if (!ASSERT_OK(bpf_map__reuse_fd(map, fd), "reuse_fd"))
		goto out_obj;
	fds_loaded = count_open_fds();
	ASSERT_ERR(bpf_object__load(obj), "load fails in the verifier");
	ASSERT_EQ(count_open_fds(), fds_loaded, "the failed load left no fd behind");
	ASSERT_EQ(map_id(bpf_map__fd(map)), id, "object still holds the reused map");
	ASSERT_EQ(map_id(fd), id, "caller's fd still the same map");
out_obj:
	bpf_object__close(obj);
	ASSERT_EQ(map_id(fd), id, "caller's fd survives close");
out_fd:
	close(fd);
	ASSERT_EQ(count_open_fds(), fds_before, "fds back to where they were");
}

void test_map_reuse(void)
{
	if (test__start_subtest("reuse_then_load"))
		reuse_then_load();
	if (test__start_subtest("no_reuse"))
		no_reuse();
	if (test__start_subtest("share_between_objects"))
		share_between_objects();
	if (test__start_subtest("reuse_then_failed_load"))
		reuse_then_failed_load();
}
