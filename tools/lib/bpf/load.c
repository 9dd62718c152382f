// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_object__load(): the load pipeline. Its order is the point:
 *
 *   1. resolve externs (feature probes run lazily, once per process)
 *   2. reserve a placeholder fd for every map that will be created, so
 *      that map fd numbers are final before any instruction is patched
 *   3. relocate and link every program that will load: CO-RE relocations
 *      first, on each function's own code, then linking, which copies
 *      functions into the programs that reach them
 *   4. per-program BTF fix-ups, which may add types to the BTF
 *   5. sanitize the BTF for what the kernel lacks and load it
 *   6. create maps (they need the BTF fd) onto their placeholders
 *   7. load programs
 *   8. on failure, release everything this load created
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libbpf_internal.h"
#include "bpf.h"

/* ---- step 2: placeholders --------------------------------------------------- */

/* an fd number >= 3, close-on-exec, that a map will later be dup3()ed onto */
static int create_placeholder_fd(void)
{
	int fd, low;

	low = memfd_create("libbpf-placeholder-fd", MFD_CLOEXEC);
	if (low < 0)
		return -errno;
	fd = fcntl(low, F_DUPFD_CLOEXEC, 3);
	close(low);
	return fd < 0 ? -errno : fd;
}

static int bpf_object_reserve_map_fds(struct bpf_object *obj)
{
	size_t i;
	int fd;

	for (i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *map = &obj->maps[i];

		if (!map_will_create(map))
			continue;
		fd = create_placeholder_fd();
		if (fd < 0) {
			pr_warn("map '%s': failed to reserve an fd: %s\n", map->name,
				libbpf_errstr(fd));
			return fd;
		}
		map->fd = fd;
	}
	return 0;
}

/* ---- step 5: BTF -------------------------------------------------------------- */

static int load_btf_fd(struct bpf_object *obj, struct btf *kbtf)
{
	LIBBPF_OPTS(bpf_btf_load_opts, opts,
		.log_buf = obj->kernel_log_buf,
		.log_size = obj->kernel_log_size,
		.log_level = obj->kernel_log_level,
	);
	const void *raw;
	__u32 size;
	int fd;

	if (obj->token_fd) {
		opts.token_fd = obj->token_fd;
		opts.btf_flags |= LIBBPF_F_TOKEN_FD;
	}
	if (!obj->kernel_log_buf && !obj->token_fd)
		return btf__load_into_kernel(kbtf);
	raw = btf__raw_data(kbtf, &size);
	if (!raw)
		return -ENOMEM;
	fd = bpf_btf_load(raw, size, &opts);
	if (fd < 0)
		return fd;
	btf__set_fd(kbtf, fd);
	return 0;
}

/*
 * The BTF this kernel gets: the object's own when the kernel supports
 * all of it, else a copy sanitized for what it supports (the copy is
 * what bpf_object_put_kernel_btf() frees). NULL with *err 0 when there is nothing to load (no BTF in
 * the object, or none in the kernel), NULL with *err set on failure.
 */
struct btf *bpf_object_kernel_btf(struct bpf_object *obj, int *err)
{
	struct btf_kern_feats feats;
	struct btf *kbtf;
	const void *raw;
	__u32 size;

	*err = 0;
	if (!obj->btf)
		return NULL;
	btf_kern_feats_probe(&feats);
	if (!feats.btf) {
		pr_info("object '%s': kernel has no BTF support, loading without BTF\n", obj->name);
		return NULL;
	}
	/* nothing to change: the object's BTF itself, no copy */
	if (!btf_needs_sanitize(obj->btf, &feats) && btf__fd(obj->btf) < 0)
		return obj->btf;
	raw = btf__raw_data(obj->btf, &size);
	if (!raw) {
		*err = -ENOMEM;
		return NULL;
	}
	kbtf = btf__new(raw, size);
	if (!kbtf) {
		*err = -errno;
		return NULL;
	}
	if (btf_needs_sanitize(kbtf, &feats)) {
		*err = btf_sanitize(kbtf, &feats);
		if (*err) {
			pr_warn("object '%s': failed to sanitize BTF for this kernel: %s\n",
				obj->name, libbpf_errstr(*err));
			btf__free(kbtf);
			return NULL;
		}
	}
	return kbtf;
}

/*
 * Maps the kernel creates only with a BTF description: struct_ops maps
 * (their value type) and the local storage maps (their value). Without
 * the object's BTF in the kernel they fail with an EINVAL that hides why
 * the BTF load failed.
 */
static bool bpf_object_needs_btf(const struct bpf_object *obj)
{
	size_t i;

	for (i = 0; i < obj->nr_maps; i++) {
		const struct bpf_map *map = &obj->maps[i];

		if (!map->autocreate)
			continue;
		switch ((int)map->type) {
		case BPF_MAP_TYPE_STRUCT_OPS:
		case BPF_MAP_TYPE_SK_STORAGE:
		case BPF_MAP_TYPE_INODE_STORAGE:
		case BPF_MAP_TYPE_TASK_STORAGE:
		case LIBBPF_MAP_TYPE_CGRP_STORAGE:
			return true;
		default:
			break;
		}
	}
	return false;
}

void bpf_object_put_kernel_btf(struct bpf_object *obj, struct btf *kbtf)
{
	if (kbtf != obj->btf)
		btf__free(kbtf);
}

/* the object's BTF stays as parsed; the kernel gets a sanitized copy if need be */
static int bpf_object_load_btf(struct bpf_object *obj)
{
	struct btf *kbtf;
	int err;

	kbtf = bpf_object_kernel_btf(obj, &err);
	if (!kbtf)
		return err;
	err = load_btf_fd(obj, kbtf);
	if (err && bpf_object_needs_btf(obj)) {
		pr_warn("object '%s': kernel rejected BTF (%s), which its struct_ops or storage maps need\n",
			obj->name, libbpf_errstr(err));
	} else if (err) {
		/* programs and other maps can do without BTF; libbpf carries on too */
		pr_warn("object '%s': kernel rejected BTF (%s), loading without it\n",
			obj->name, libbpf_errstr(err));
		err = 0;
	} else if (kbtf != obj->btf) {
		/* hand the kernel object to the object's BTF, reachable via btf__fd() */
		btf__set_fd(obj->btf, btf__fd(kbtf));
		btf__set_fd(kbtf, -1);
	}
	bpf_object_put_kernel_btf(obj, kbtf);
	return err;
}

/* ---- step 8: cleanup ----------------------------------------------------------- */

static void bpf_object_unload(struct bpf_object *obj)
{
	size_t i;

	for (i = 0; i < obj->nr_programs; i++)
		bpf_program__unload(&obj->programs[i]);
	for (i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *map = &obj->maps[i];

		if (map->reused)
			continue;
		/* a pin this load made must not outlive it */
		if (map->created && map->pinned)
			bpf_map__unpin(map, NULL);
		bpf_map_unmap_kernel(map);
		if (map->fd >= 0)
			close(map->fd);
		map->fd = -1;
		map->created = false;
	}
	if (obj->btf && btf__fd(obj->btf) >= 0) {
		close(btf__fd(obj->btf));
		btf__set_fd(obj->btf, -1);
	}
	bpf_object_close_module_btfs(obj);
}

/* everything before program loads: up to and including map creation */
static int bpf_object_prepare_steps(struct bpf_object *obj)
{
	int err;

	err = bpf_object_prepare_token(obj);
	if (err)
		return err;
	/* from here on, feature probes of this thread use the token's cache */
	feat_cache_enter(obj->feat_cache);
	err = bpf_object_resolve_externs(obj, obj->kconfig);
	if (!err)
		err = bpf_object_reserve_map_fds(obj);
	if (!err)
		err = bpf_object_core_relocate(obj);
	if (!err)
		err = bpf_object_relocate(obj);
	/* the __arg_ctx fallback is for this kernel, a generated loader is not */
	if (!err && !obj->gen)
		err = bpf_object_fixup_arg_ctx(obj);
	if (obj->gen)
		return err ?: bpf_gen_record(obj);	/* steps 5-7, recorded */
	if (!err)
		err = bpf_object_load_btf(obj);
	if (!err)
		err = bpf_object_prepare_st_ops(obj);
	if (!err)
		err = bpf_object_create_maps(obj);
	return err;
}

static int load_failed(struct bpf_object *obj, int err)
{
	bpf_object_unload(obj);
	pr_warn("failed to load object '%s'\n", obj->path);
	return libbpf_err(err);
}

int bpf_object__prepare(struct bpf_object *obj)
{
	struct kern_feat_cache *prev_cache;
	int err;

	if (!obj)
		return libbpf_err(-EINVAL);
	if (obj->loaded) {
		pr_warn("object '%s': prepare can be attempted only once, before load\n",
			obj->name);
		return libbpf_err(-EINVAL);
	}
	if (obj->gen) {
		pr_warn("object '%s': a generated loader is made by bpf_object__load()\n",
			obj->name);
		return libbpf_err(-EOPNOTSUPP);
	}
	obj->loaded = true;
	prev_cache = feat_cache_enter(obj->feat_cache);
	err = bpf_object_prepare_steps(obj);
	feat_cache_leave(prev_cache);
	if (err)
		return load_failed(obj, err);
	obj->prepared = true;
	return 0;
}

int bpf_object__load(struct bpf_object *obj)
{
	struct kern_feat_cache *prev_cache;
	int err = 0;

	if (!obj)
		return libbpf_err(-EINVAL);
	if (obj->loaded && !obj->prepared) {
		pr_warn("object '%s': load can be attempted only once\n", obj->name);
		return libbpf_err(-EINVAL);
	}
	prev_cache = feat_cache_enter(obj->feat_cache);
	if (!obj->loaded) {
		obj->loaded = true;
		err = bpf_object_prepare_steps(obj);
	}
	obj->prepared = false;
	if (obj->gen) {
		/* nothing is in the kernel; the placeholders go */
		feat_cache_leave(prev_cache);
		bpf_object_unload(obj);
		return err ? load_failed(obj, err) : 0;
	}
	if (!err)
		err = bpf_object_load_progs(obj);
	if (!err)
		err = bpf_object_init_prog_arrays(obj);
	feat_cache_leave(prev_cache);
	if (err)
		return load_failed(obj, err);
	return 0;
}
