// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Pinning in bpffs, always under a private directory (bpffs_dir_create):
 * maps with LIBBPF_PIN_BY_NAME (test_map_pinning.c) are pinned under
 * pin_root_path at load and reused by the next object that loads with
 * the same root; a pinned map whose definition differs makes load fail;
 * bpf_object__pin_maps()/unpin_maps(), bpf_map__pin()/unpin() and
 * bpf_program__pin()/unpin() create and remove the files.
 */
#include <sys/stat.h>
#include "test_progs.h"

#define PIN_OBJ "test_map_pinning.bpf.o"

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_map_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.id;
}

static __u32 pinned_map_id(const char *path)
{
	__u32 id;
	int fd;

	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	id = map_id(fd);
	close(fd);
	return id;
}

static struct bpf_object *open_pinned(const char *root)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = root);
	struct bpf_object *obj;

	obj = bpf_object__open_file(PIN_OBJ, &opts);
	ASSERT_OK_PTR(obj, "open " PIN_OBJ);
	return obj;
}

static void pin_by_name(const char *root)
{
	struct bpf_object *a = NULL, *b = NULL;
	struct bpf_map *hash, *array, *unpinned;
	char path[256], want[256];
	__u32 key = 7;
	__u64 val = 77;

	a = open_pinned(root);
	if (!a)
		return;
	hash = bpf_object__find_map_by_name(a, "pinned_hash");
	array = bpf_object__find_map_by_name(a, "pinned_array");
	unpinned = bpf_object__find_map_by_name(a, "unpinned_array");
	if (!ASSERT_OK_PTR(hash, "pinned_hash") ||
	    !ASSERT_OK_PTR(array, "pinned_array") ||
	    !ASSERT_OK_PTR(unpinned, "unpinned_array"))
		goto out;
	/* the pin path is known at open, the pin exists after load */
	ASSERT_STREQ(bpf_map__pin_path(hash),
		     path_join(want, sizeof(want), root, "pinned_hash"),
		     "pin path of pinned_hash");
	ASSERT_NULL(bpf_map__pin_path(unpinned), "no pin path for PIN_NONE");
	ASSERT_FALSE(bpf_map__is_pinned(hash), "not pinned before load");
	if (!ASSERT_OK(bpf_object__load(a), "load first object"))
		goto out;
	ASSERT_TRUE(bpf_map__is_pinned(hash), "pinned_hash pinned");
	ASSERT_TRUE(bpf_map__is_pinned(array), "pinned_array pinned");
	ASSERT_FALSE(bpf_map__is_pinned(unpinned), "unpinned_array not pinned");
	ASSERT_EQ(pinned_map_id(path_join(path, sizeof(path), root, "pinned_hash")),
		  map_id(bpf_map__fd(hash)), "file holds pinned_hash");
	ASSERT_EQ(pinned_map_id(path_join(path, sizeof(path), root, "pinned_array")),
		  map_id(bpf_map__fd(array)), "file holds pinned_array");
	ASSERT_FALSE(file_exists(path_join(path, sizeof(path), root,
					   "unpinned_array")),
		     "no file for unpinned_array");
	ASSERT_OK(bpf_map__update_elem(hash, &key, 4, &val, 8, 0),
		  "first object writes pinned_hash");

	/* the second object finds the pins and uses those maps */
	b = open_pinned(root);
	if (!b || !ASSERT_OK(bpf_object__load(b), "load second object"))
		goto out;
	ASSERT_EQ(map_id(bpf_object__find_map_fd_by_name(b, "pinned_hash")),
		  map_id(bpf_map__fd(hash)), "second object reuses pinned_hash");
	ASSERT_EQ(map_id(bpf_object__find_map_fd_by_name(b, "pinned_array")),
		  map_id(bpf_map__fd(array)), "second object reuses pinned_array");
	ASSERT_NEQ(map_id(bpf_object__find_map_fd_by_name(b, "unpinned_array")),
		   map_id(bpf_map__fd(unpinned)),
		   "second object has its own unpinned_array");
	val = 0;
	ASSERT_OK(bpf_map__lookup_elem(bpf_object__find_map_by_name(b, "pinned_hash"),
				       &key, 4, &val, 8, 0), "second object reads");
	ASSERT_EQ(val, 77, "value written through the first object");
	ASSERT_TRUE(bpf_map__is_pinned(bpf_object__find_map_by_name(b, "pinned_hash")),
		    "reused map counts as pinned");

	/* pins outlive the objects */
	bpf_object__close(a);
	bpf_object__close(b);
	a = b = NULL;
	ASSERT_NEQ(pinned_map_id(path_join(path, sizeof(path), root, "pinned_hash")),
		   0, "pin survives close");
out:
	bpf_object__close(a);
	bpf_object__close(b);
	unlink(path_join(path, sizeof(path), root, "pinned_hash"));
	unlink(path_join(path, sizeof(path), root, "pinned_array"));
}

static void pin_mismatch(const char *root)
{
	struct bpf_object *obj;
	char path[256];
	int fd;

	/* pinned_hash wants __u64 values; pin one with __u32 values */
	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "pinned_hash", 4, 4, 16, NULL);
	if (!ASSERT_OK_FD(fd, "create mismatching map"))
		return;
	path_join(path, sizeof(path), root, "pinned_hash");
	if (!ASSERT_OK(bpf_obj_pin(fd, path), "pin it"))
		goto out;
	obj = open_pinned(root);
	if (obj) {
		const char *log;
		int err;

		test__libbpf_log_start();
		err = bpf_object__load(obj);
		log = test__libbpf_log_stop();
		ASSERT_ERR(err, "load with a mismatching pin");
		/* the warning names the map, the pin and the field that differs */
		ASSERT_HAS_SUBSTR(log, "map 'pinned_hash': pinned map at '", "map named");
		ASSERT_HAS_SUBSTR(log, "value_size is 4 (0x4), the definition's 8 (0x8)",
				  "what differs");
		bpf_object__close(obj);
	}
	ASSERT_EQ(pinned_map_id(path), map_id(fd), "mismatching pin left alone");
	ASSERT_FALSE(file_exists(path_join(path, sizeof(path), root,
					   "pinned_array")),
		     "nothing pinned by the failed load");
out:
	unlink(path_join(path, sizeof(path), root, "pinned_hash"));
	close(fd);
}

/*
 * bpffs refuses names with '.', so libbpf pins maps like ".data" with
 * every '.' of the path turned into '_'
 */
static const char *pin_path(char *buf, size_t size, const char *root,
			    const char *name)
{
	char *p;

	path_join(buf, size, root, name);
	for (p = buf; *p; p++)
		if (*p == '.')
			*p = '_';
	return buf;
}

static void pin_maps(const char *root)
{
	struct bpf_object *obj;
	struct bpf_map *map;
	char path[256];
	int n = 0;

	obj = bpf_object__open_file("test_global_data.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	ASSERT_ERR(bpf_object__pin_maps(obj, root), "pin_maps before load");
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	if (!ASSERT_OK(bpf_object__pin_maps(obj, root), "pin_maps"))
		goto out;
	bpf_object__for_each_map(map, obj) {
		pin_path(path, sizeof(path), root, bpf_map__name(map));
		ASSERT_EQ(pinned_map_id(path), map_id(bpf_map__fd(map)),
			  bpf_map__name(map));
		ASSERT_TRUE(bpf_map__is_pinned(map), "is_pinned after pin_maps");
		ASSERT_STREQ(bpf_map__pin_path(map), path, "pin path");
		n++;
	}
	ASSERT_EQ(n, 6, "global data maps pinned");
	if (!ASSERT_OK(bpf_object__unpin_maps(obj, root), "unpin_maps"))
		goto out;
	bpf_object__for_each_map(map, obj) {
		pin_path(path, sizeof(path), root, bpf_map__name(map));
		ASSERT_FALSE(file_exists(path), "file gone after unpin_maps");
		ASSERT_FALSE(bpf_map__is_pinned(map), "is_pinned after unpin");
	}
out:
	bpf_object__close(obj);
}

static void map_pin(const char *root)
{
	struct bpf_object *obj;
	struct bpf_map *map;
	char path[256];

	obj = bpf_object__open_file("test_global_data.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	map = bpf_object__find_map_by_name(obj, ".bss");
	path_join(path, sizeof(path), root, "my_bss");
	if (!ASSERT_OK_PTR(map, ".bss") ||
	    !ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	if (!ASSERT_OK(bpf_map__pin(map, path), "bpf_map__pin"))
		goto out;
	ASSERT_EQ(pinned_map_id(path), map_id(bpf_map__fd(map)), "pinned .bss");
	ASSERT_STREQ(bpf_map__pin_path(map), path, "pin path");
	ASSERT_OK(bpf_map__pin(map, path), "pinning again at the same path");
	ASSERT_OK(bpf_map__unpin(map, NULL), "bpf_map__unpin");
	ASSERT_FALSE(file_exists(path), "file gone after unpin");
out:
	unlink(path);
	bpf_object__close(obj);
}

static void prog_pin(const char *root)
{
	struct bpf_prog_info info = {}, want = {};
	__u32 len = sizeof(info);
	struct bpf_program *prog;
	struct bpf_object *obj;
	char path[256];
	int fd;

	obj = bpf_object__open_file("test_global_data.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	prog = bpf_object__find_program_by_name(obj, "xdp_global_data");
	path_join(path, sizeof(path), root, "xdp_prog");
	if (!ASSERT_OK_PTR(prog, "xdp_global_data"))
		goto out;
	ASSERT_ERR(bpf_program__pin(prog, path), "pin before load");
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	if (!ASSERT_OK(bpf_program__pin(prog, path), "bpf_program__pin"))
		goto out;
	fd = bpf_obj_get(path);
	if (ASSERT_OK_FD(fd, "bpf_obj_get")) {
		ASSERT_OK(bpf_prog_get_info_by_fd(fd, &info, &len), "info");
		len = sizeof(want);
		ASSERT_OK(bpf_prog_get_info_by_fd(bpf_program__fd(prog), &want,
						  &len), "info");
		ASSERT_EQ(info.id, want.id, "pinned program is ours");
		close(fd);
	}
	ASSERT_OK(bpf_program__unpin(prog, path), "bpf_program__unpin");
	ASSERT_FALSE(file_exists(path), "file gone after unpin");
out:
	unlink(path);
	bpf_object__close(obj);
}

void test_pinning(void)
{
	struct bpffs_dir dir;
	int err;

	err = bpffs_dir_create(&dir);
	if (!require(!err, "no bpffs: %s", strerror(-err)))
		return;
	if (test__start_subtest("pin_by_name"))
		pin_by_name(dir.path);
	if (test__start_subtest("pin_mismatch"))
		pin_mismatch(dir.path);
	if (test__start_subtest("pin_maps"))
		pin_maps(dir.path);
	if (test__start_subtest("map_pin"))
		map_pin(dir.path);
	if (test__start_subtest("prog_pin"))
		prog_pin(dir.path);
	bpffs_dir_destroy(&dir);
}
