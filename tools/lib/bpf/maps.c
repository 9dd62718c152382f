// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Maps: BTF-defined map definitions from .maps, global data and Kconfig
 * maps, and the bpf_map__*() accessors.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libbpf_internal.h"
#include "bpf.h"

#define DEFAULT_PIN_ROOT "/sys/fs/bpf"

/*
 * Global data lives in page-aligned anonymous memory, so that after load
 * the kernel map can be mapped over it at the same address: pointers a
 * skeleton took before load then reach the map itself.
 */
static size_t data_map_mmap_size(size_t value_size)
{
	long page = sysconf(_SC_PAGESIZE);

	return (max(value_size, (size_t)1) + page - 1) / page * page;
}

static void *data_map_alloc(size_t value_size)
{
	void *p = mmap(NULL, data_map_mmap_size(value_size), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* give the global data buffer a new value size, keeping its contents */
static int data_map_resize(struct bpf_map *map, size_t size)
{
	void *data;

	if (!map->mmaped || size == map->value_size)
		return 0;
	data = data_map_alloc(size);
	if (!data)
		return -ENOMEM;
	memcpy(data, map->mmaped, min(size, (size_t)map->value_size));
	munmap(map->mmaped, data_map_mmap_size(map->value_size));
	map->mmaped = data;
	/* the DATASEC no longer describes the value */
	map->btf_value_type_id = 0;
	return 0;
}

void bpf_map_unmap_kernel(struct bpf_map *map)
{
	size_t size = data_map_mmap_size(map->value_size);
	void *copy, *p;

	if (!map->mmaped_kernel)
		return;
	copy = malloc(map->value_size ?: 1);
	if (copy)
		memcpy(copy, map->mmaped, map->value_size);
	p = mmap(map->mmaped, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED) {
		/* cannot keep the address: at least drop the kernel map */
		munmap(map->mmaped, size);
		map->mmaped = data_map_alloc(map->value_size);
		p = map->mmaped;
	}
	if (copy && p)
		memcpy(p, copy, map->value_size);
	free(copy);
	map->mmaped_kernel = false;
}

void bpf_map_free(struct bpf_map *map)
{
	if (map->inner_map) {
		bpf_map_free(map->inner_map);
		free(map->inner_map);
	}
	if (map->fd >= 0)
		close(map->fd);
	if (map->inner_map_fd >= 0)
		close(map->inner_map_fd);
	free(map->name);
	free(map->real_name);
	if (map->mmaped)
		munmap(map->mmaped, data_map_mmap_size(map->value_size));
	free(map->init_slots);
	free(map->pin_path);
	bpf_map_free_st_ops(map);
}

static void bpf_map_init(struct bpf_map *map, struct bpf_object *obj)
{
	memset(map, 0, sizeof(*map));
	map->obj = obj;
	map->fd = -1;
	map->inner_map_fd = -1;
	map->values_off = -1;
	map->autocreate = true;
	map->autoattach = true;
}

static struct bpf_map *bpf_object_add_map(struct bpf_object *obj)
{
	struct bpf_map *maps, *map;

	if (libbpf_grow_one((void **)&obj->maps, obj->nr_maps, sizeof(*maps)))
		return NULL;
	maps = obj->maps;
	map = &maps[obj->nr_maps++];
	bpf_map_init(map, obj);
	return map;
}

/* ---- BTF-defined maps ------------------------------------------------------ */

/*
 * What one struct in .maps says. Integers are encoded by __uint() as a
 * pointer to an array whose element count is the value; types by
 * __type() as a pointer to the type.
 */
struct map_spec {
	enum bpf_map_type type;
	__u32 key_size, value_size, max_entries, map_flags, numa_node, pinning;
	__u64 map_extra;
	__u32 key_type_id, value_type_id;
	__u32 inner_def_id;	/* struct of the inner map definition */
	int values_off;		/* byte offset of 'values', -1 if absent */
	bool values_progs;	/* 'values' holds programs (prog array) */
};

static int map_field_u32(const struct btf *btf, const char *map_name,
			 const struct btf_member *m, const char *field, __u32 *res);

/* __ulong(name, v): an anonymous enum whose single value is v */
static int map_field_enum(const struct btf *btf, const char *map_name,
			  const struct btf_type *t, const char *field, __u64 *res)
{
	if (btf_vlen(t) != 1) {
		pr_warn("map '%s': field '%s' must be an enum of one value, not %u (use __ulong())\n",
			map_name, field, btf_vlen(t));
		return -EINVAL;
	}
	if (btf_is_enum(t))
		*res = (__u32)btf_enum(t)->val;
	else
		*res = btf_enum64_value(btf_enum64(t));
	return 0;
}

static int map_field_u64(const struct btf *btf, const char *map_name,
			 const struct btf_member *m, const char *field, __u64 *res)
{
	const struct btf_type *t = btf__type_by_id(btf, m->type);
	__u32 v;
	int err;

	if (t && btf_is_any_enum(t))
		return map_field_enum(btf, map_name, t, field, res);
	err = map_field_u32(btf, map_name, m, field, &v);
	*res = v;
	return err;
}

static int map_field_u32(const struct btf *btf, const char *map_name,
			 const struct btf_member *m, const char *field, __u32 *res)
{
	const struct btf_type *t = btf__type_by_id(btf, m->type);
	const struct btf_type *arr;

	if (!t || !btf_is_ptr(t)) {
		pr_warn("map '%s': field '%s' is type [%u] %s, not a pointer to an array (use __uint())\n",
			map_name, field, m->type, t ? btf_kind_str(t) : "out of range");
		return -EINVAL;
	}
	arr = btf__type_by_id(btf, t->type);
	if (!arr || !btf_is_array(arr)) {
		pr_warn("map '%s': field '%s' points to type [%u] %s, not an array (use __uint())\n",
			map_name, field, t->type, arr ? btf_kind_str(arr) : "out of range");
		return -EINVAL;
	}
	*res = btf_array(arr)->nelems;
	return 0;
}

/* __type(key, T): remember T and its size, which must agree with key_size */
static int map_field_type(const struct btf *btf, const char *map_name,
			  const struct btf_member *m, const char *field,
			  __u32 *type_id, __u32 *size)
{
	const struct btf_type *t = btf__type_by_id(btf, m->type);
	__s64 sz;

	if (!t || !btf_is_ptr(t)) {
		pr_warn("map '%s': field '%s' is type [%u] %s, not a pointer to a type (use __type())\n",
			map_name, field, m->type, t ? btf_kind_str(t) : "out of range");
		return -EINVAL;
	}
	sz = btf__resolve_size(btf, t->type);
	if (sz < 0) {
		pr_warn("map '%s': cannot determine the size of the %s type (BTF type %u): %s\n",
			map_name, field, t->type, libbpf_errstr((int)sz));
		return (int)sz;
	}
	if (*size && *size != sz) {
		pr_warn("map '%s': %s size %u conflicts with the %s type's size %lld\n",
			map_name, field, *size, field, (long long)sz);
		return -EINVAL;
	}
	*type_id = t->type;
	*size = sz;
	return 0;
}

/* __array(values, T): T is an inner map definition or a program prototype */
static int map_field_values(const struct btf *btf, const char *map_name,
			    const struct btf_member *m, bool is_inner,
			    struct map_spec *spec)
{
	const struct btf_type *arr = btf__type_by_id(btf, m->type), *ptr, *elem;
	__u32 elem_id;

	if (is_inner) {
		pr_warn("map '%s': inner map definitions cannot have 'values'\n", map_name);
		return -EINVAL;
	}
	if (!arr || !btf_is_array(arr) || btf_array(arr)->nelems) {
		pr_warn("map '%s': 'values' (type [%u] %s) must be a flexible array (use __array())\n",
			map_name, m->type, arr ? btf_kind_str(arr) : "out of range");
		return -EINVAL;
	}
	ptr = btf__type_by_id(btf, btf_array(arr)->type);
	if (!ptr || !btf_is_ptr(ptr)) {
		pr_warn("map '%s': 'values' must hold pointers, not type [%u] %s\n", map_name,
			btf_array(arr)->type, ptr ? btf_kind_str(ptr) : "out of range");
		return -EINVAL;
	}
	elem = btf_skip_modifiers(btf, ptr->type, &elem_id);
	if (elem && btf_is_struct(elem)) {
		spec->inner_def_id = elem_id;
	} else if (elem && btf_is_func_proto(elem)) {
		spec->values_progs = true;
	} else {
		pr_warn("map '%s': 'values' must point to a map definition or a function prototype, not type [%u] %s\n",
			map_name, ptr->type, elem ? btf_kind_str(elem) : "out of range");
		return -EINVAL;
	}
	spec->values_off = BTF_MEMBER_BIT_OFFSET(m->offset) / 8;
	return 0;
}

static int parse_map_spec(const struct bpf_object *obj, const char *map_name,
			  __u32 def_id, bool is_inner, struct map_spec *spec)
{
	const struct btf *btf = obj->btf;
	const struct btf_type *def = btf_skip_modifiers(btf, def_id, NULL);
	const struct btf_member *m;
	int i, n, err = 0;

	memset(spec, 0, sizeof(*spec));
	spec->values_off = -1;
	if (!def || !btf_is_struct(def)) {
		pr_warn("map '%s': definition (BTF type %u) is %s, not a struct\n", map_name, def_id,
			def ? btf_kind_str(def) : "out of range");
		return -EINVAL;
	}
	m = btf_members(def);
	n = btf_vlen(def);
	for (i = 0; i < n && !err; i++, m++) {
		const char *f = btf__name_by_offset(btf, m->name_off);
		__u32 v;

		if (!f || !f[0]) {
			pr_warn("map '%s': definition (BTF type %u) has an unnamed field %d\n",
				map_name, def_id, i);
			return -EINVAL;
		}
		if (strcmp(f, "type") == 0) {
			err = map_field_u32(btf, map_name, m, f, &v);
			spec->type = v;
		} else if (strcmp(f, "max_entries") == 0) {
			err = map_field_u32(btf, map_name, m, f, &spec->max_entries);
		} else if (strcmp(f, "map_flags") == 0) {
			err = map_field_u32(btf, map_name, m, f, &spec->map_flags);
		} else if (strcmp(f, "numa_node") == 0) {
			err = map_field_u32(btf, map_name, m, f, &spec->numa_node);
		} else if (strcmp(f, "map_extra") == 0) {
			err = map_field_u64(btf, map_name, m, f, &spec->map_extra);
		} else if (strcmp(f, "key_size") == 0) {
			err = map_field_u32(btf, map_name, m, f, &v);
			if (!err && spec->key_size && spec->key_size != v) {
				pr_warn("map '%s': key_size %u conflicts with key type size %u\n",
					map_name, v, spec->key_size);
				err = -EINVAL;
			}
			spec->key_size = v;
		} else if (strcmp(f, "value_size") == 0) {
			err = map_field_u32(btf, map_name, m, f, &v);
			if (!err && spec->value_size && spec->value_size != v) {
				pr_warn("map '%s': value_size %u conflicts with value type size %u\n",
					map_name, v, spec->value_size);
				err = -EINVAL;
			}
			spec->value_size = v;
		} else if (strcmp(f, "key") == 0) {
			err = map_field_type(btf, map_name, m, f, &spec->key_type_id,
					     &spec->key_size);
		} else if (strcmp(f, "value") == 0) {
			err = map_field_type(btf, map_name, m, f, &spec->value_type_id,
					     &spec->value_size);
		} else if (strcmp(f, "values") == 0) {
			err = map_field_values(btf, map_name, m, is_inner, spec);
		} else if (strcmp(f, "pinning") == 0) {
			if (is_inner) {
				pr_warn("map '%s': inner maps cannot be pinned\n", map_name);
				return -EINVAL;
			}
			err = map_field_u32(btf, map_name, m, f, &spec->pinning);
			if (!err && spec->pinning > LIBBPF_PIN_BY_NAME) {
				pr_warn("map '%s': pinning %u is neither none (0) nor by name (1)\n",
					map_name, spec->pinning);
				err = -EINVAL;
			}
		} else if (obj->relaxed_maps) {
			pr_warn("map '%s': ignoring unknown field %d '%s' of its definition (BTF type %u)\n",
				map_name, i, f, def_id);
		} else {
			pr_warn("map '%s': unknown field %d '%s' of its definition (BTF type %u)\n",
				map_name, i, f, def_id);
			err = -EOPNOTSUPP;
		}
	}
	if (err)
		return err;

	if (spec->values_off >= 0) {
		bool outer = spec->type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
			     spec->type == BPF_MAP_TYPE_HASH_OF_MAPS;

		if (spec->values_progs ? spec->type != BPF_MAP_TYPE_PROG_ARRAY : !outer) {
			pr_warn("map '%s': 'values' of %s does not fit map type %u\n",
				map_name, spec->values_progs ? "programs" : "maps", spec->type);
			return -EINVAL;
		}
		if (spec->value_size && spec->value_size != sizeof(__u32)) {
			pr_warn("map '%s': value size of a map of %s must be 4, not %u\n",
				map_name, spec->values_progs ? "programs" : "maps",
				spec->value_size);
			return -EINVAL;
		}
		spec->value_size = sizeof(__u32);
	}
	return 0;
}

static void map_apply_spec(struct bpf_map *map, const struct map_spec *spec)
{
	map->type = spec->type;
	map->key_size = spec->key_size;
	map->value_size = spec->value_size;
	map->max_entries = spec->max_entries;
	map->map_flags = spec->map_flags;
	map->numa_node = spec->numa_node;
	map->map_extra = spec->map_extra;
	map->pinning = spec->pinning;
	map->btf_key_type_id = spec->key_type_id;
	map->btf_value_type_id = spec->value_type_id;
	map->values_off = spec->values_off;
	map->init_slots_progs = spec->values_progs;
}

static int map_add_inner(struct bpf_object *obj, struct bpf_map *map,
			 const struct map_spec *spec)
{
	struct map_spec inner_spec;
	struct bpf_map *inner;
	size_t len = strlen(map->name) + sizeof(".inner");
	int err;

	err = parse_map_spec(obj, map->name, spec->inner_def_id, true, &inner_spec);
	if (err)
		return err;
	inner = malloc(sizeof(*inner));
	if (!inner)
		return -ENOMEM;
	bpf_map_init(inner, obj);
	map->inner_map = inner;
	inner->sec_idx = -1;
	inner->name = malloc(len);
	if (!inner->name)
		return -ENOMEM;
	snprintf(inner->name, len, "%s.inner", map->name);
	map_apply_spec(inner, &inner_spec);
	return 0;
}

static int map_pin_path(const struct bpf_map *map, const char *dir, char *buf, size_t size);

static int build_pin_path(struct bpf_map *map, const char *root)
{
	char buf[4096];
	int err;

	err = map_pin_path(map, root ?: DEFAULT_PIN_ROOT, buf, sizeof(buf));
	return err ?: bpf_map__set_pin_path(map, buf);
}

static int init_btf_map(struct bpf_object *obj, const struct btf_var_secinfo *vsi,
			size_t maps_size, int maps_sec_idx)
{
	const struct btf_type *var = btf__type_by_id(obj->btf, vsi->type);
	const char *name;
	struct map_spec spec;
	struct bpf_map *map;
	int err;

	if (!var || !btf_is_var(var)) {
		pr_warn("map: .maps entry (BTF type %u) is not a VAR\n", vsi->type);
		return -EINVAL;
	}
	name = btf__name_by_offset(obj->btf, var->name_off);
	if (!name || !name[0]) {
		pr_warn("map: .maps variable (BTF type %u) has no name\n", vsi->type);
		return -EINVAL;
	}
	if (btf_var(var)->linkage != BTF_VAR_GLOBAL_ALLOCATED) {
		pr_warn("map '%s': static map definitions are not supported\n", name);
		return -EOPNOTSUPP;
	}
	if (vsi->offset > maps_size || vsi->size > maps_size - vsi->offset) {
		pr_warn("map '%s': definition at %u (%u bytes) is outside .maps (%zu bytes)\n",
			name, vsi->offset, vsi->size, maps_size);
		return -EINVAL;
	}
	err = parse_map_spec(obj, name, var->type, false, &spec);
	if (err)
		return err;

	map = bpf_object_add_map(obj);
	if (!map)
		return -ENOMEM;
	map->libbpf_type = LIBBPF_MAP_UNSPEC;
	map->sec_idx = maps_sec_idx;
	map->sec_offset = vsi->offset;
	map->def_size = vsi->size;
	map->name = strdup(name);
	map->real_name = strdup(name);
	if (!map->name || !map->real_name)
		return -ENOMEM;
	map_apply_spec(map, &spec);
	if (spec.inner_def_id) {
		err = map_add_inner(obj, map, &spec);
		if (err)
			return err;
	}
	if (spec.pinning == LIBBPF_PIN_BY_NAME)
		return build_pin_path(map, obj->pin_root_path);
	return 0;
}

int bpf_object_init_btf_maps(struct bpf_object *obj, const void *maps_data,
			     size_t maps_size, int maps_sec_idx)
{
	const struct btf_type *sec;
	const struct btf_var_secinfo *vsi;
	int id, i, n, err;

	if (!obj->btf) {
		pr_warn("maps: SEC(\".maps\") needs BTF, but the object has none (compile with -g)\n");
		return -ENOENT;
	}
	id = bpf_object_find_datasec(obj, ".maps");
	if (id < 0) {
		pr_warn("maps: no DATASEC '.maps' in BTF describes section .maps\n");
		return -ENOENT;
	}
	sec = btf__type_by_id(obj->btf, id);
	vsi = btf_var_secinfos(sec);
	n = btf_vlen(sec);
	for (i = 0; i < n; i++) {
		err = init_btf_map(obj, &vsi[i], maps_size, maps_sec_idx);
		if (err)
			return err;
	}
	return 0;
}

int bpf_object_set_map_slot(struct bpf_object *obj, size_t sec_off, bool is_map,
			    int tgt_idx, const char *tgt_name)
{
	struct bpf_map *map = NULL;
	size_t i, slot, need;
	int *slots;

	for (i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (m->libbpf_type == LIBBPF_MAP_UNSPEC && sec_off >= m->sec_offset &&
		    sec_off < m->sec_offset + m->def_size) {
			map = m;
			break;
		}
	}
	if (!map || map->values_off < 0 ||
	    sec_off < map->sec_offset + map->values_off) {
		pr_warn("map: relocation at .maps offset %zu to '%s' is not in a 'values' array\n",
			sec_off, tgt_name);
		return -LIBBPF_ERRNO__RELOC;
	}
	if (is_map == map->init_slots_progs) {
		pr_warn("map '%s': slot initialised with '%s', which is not a %s\n",
			map->name, tgt_name, map->init_slots_progs ? "program" : "map");
		return -LIBBPF_ERRNO__RELOC;
	}
	slot = (sec_off - map->sec_offset - map->values_off) / sizeof(__u64);
	if (slot >= map->max_entries) {
		pr_warn("map '%s': slot %zu is beyond max_entries %u\n",
			map->name, slot, map->max_entries);
		return -EINVAL;
	}
	need = slot + 1;
	if (need > (size_t)map->init_slots_sz) {
		slots = realloc(map->init_slots, need * sizeof(*slots));
		if (!slots)
			return -ENOMEM;
		for (i = map->init_slots_sz; i < need; i++)
			slots[i] = -1;
		map->init_slots = slots;
		map->init_slots_sz = need;
	}
	map->init_slots[slot] = tgt_idx;
	pr_debug("map '%s': slot %zu holds '%s'\n", map->name, slot, tgt_name);
	return 0;
}

/* ---- global data and Kconfig maps ------------------------------------------ */

/*
 * Kernel map names are at most 15 characters from [A-Za-z0-9_.]. A plain
 * ".data" map is named "<object prefix>.data"; a custom ".data.foo" map
 * keeps its own name, truncated.
 */
static char *internal_map_name(const struct bpf_object *obj, const char *real_name)
{
	char buf[BPF_OBJ_NAME_LEN];
	size_t sfx_len = min(max(strlen(real_name), (size_t)7), sizeof(buf) - 1);
	size_t pfx_len = 0;
	char *p;

	if (!strchr(real_name + 1, '.'))
		pfx_len = min(sizeof(buf) - 1 - sfx_len, strlen(obj->name));
	snprintf(buf, sizeof(buf), "%.*s%.*s", (int)pfx_len, obj->name, (int)sfx_len, real_name);
	for (p = buf; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			*p = '_';
	return strdup(buf);
}

/*
 * A global data map is memory-mapped by user space (skeletons) when its
 * DATASEC holds at least one non-static variable. Static-only data stays
 * private, and so do sections no DATASEC describes (the compiler's own
 * constants: .rodata.cst16, .rodata.str1.1).
 */
static bool data_map_mmapable(struct bpf_object *obj, const char *sec_name)
{
	const struct btf_type *sec;
	const struct btf_var_secinfo *vsi;
	int id, i;

	if (!obj->btf)
		return false;
	id = bpf_object_find_datasec(obj, sec_name);
	if (id < 0)
		return false;
	sec = btf__type_by_id(obj->btf, id);
	vsi = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++) {
		const struct btf_type *var = btf__type_by_id(obj->btf, vsi[i].type);

		if (var && btf_is_var(var) && btf_var(var)->linkage != BTF_VAR_STATIC)
			return true;
	}
	return false;
}

int bpf_object_add_data_map(struct bpf_object *obj, enum libbpf_map_type type,
			    const char *sec_name, int sec_idx,
			    const void *data, size_t size)
{
	struct bpf_map *map;
	int id;

	if (size > UINT32_MAX) {
		pr_warn("map '%s': %zu bytes of global data is too large\n", sec_name, size);
		return -E2BIG;
	}
	map = bpf_object_add_map(obj);
	if (!map)
		return -ENOMEM;
	map->libbpf_type = type;
	map->sec_idx = sec_idx;
	map->real_name = strdup(sec_name);
	map->name = internal_map_name(obj, sec_name);
	map->mmaped = data_map_alloc(size);
	if (!map->real_name || !map->name || !map->mmaped)
		return -ENOMEM;
	if (data)
		memcpy(map->mmaped, data, size);

	map->type = BPF_MAP_TYPE_ARRAY;
	map->key_size = sizeof(int);
	map->value_size = size;
	map->max_entries = 1;
	if (type == LIBBPF_MAP_RODATA || type == LIBBPF_MAP_KCONFIG)
		map->map_flags |= BPF_F_RDONLY_PROG;
	if (type == LIBBPF_MAP_KCONFIG || data_map_mmapable(obj, sec_name))
		map->map_flags |= BPF_F_MMAPABLE;
	if (obj->btf) {
		id = bpf_object_find_datasec(obj, sec_name);
		if (id > 0)
			map->btf_value_type_id = id;
	}
	pr_debug("map '%s' (global data %s): %zu bytes\n", map->name, sec_name, size);
	return 0;
}

int bpf_object_init_kconfig_map(struct bpf_object *obj)
{
	const struct extern_desc *last = NULL;
	size_t size;
	int i, err;

	for (i = 0; i < obj->nr_extern; i++)
		if (obj->externs[i].type == EXT_KCFG &&
		    (!last || obj->externs[i].kcfg.data_off > last->kcfg.data_off))
			last = &obj->externs[i];
	if (!last)
		return 0;
	size = last->kcfg.data_off + last->kcfg.sz;
	err = bpf_object_add_data_map(obj, LIBBPF_MAP_KCONFIG, ".kconfig", -1, NULL, size);
	if (err)
		return err;
	obj->kconfig_map_idx = obj->nr_maps - 1;
	return 0;
}

/*
 * struct_ops maps: each variable of SEC(".struct_ops") or
 * SEC(".struct_ops.link") is a map whose value is the variable; the rest
 * is struct_ops.c.
 */
int bpf_object_init_struct_ops_maps(struct bpf_object *obj, const char *sec_name,
				    int sec_idx, const void *data, size_t size)
{
	const struct btf_var_secinfo *vsi;
	const struct btf_type *sec;
	int id, i, err;

	if (!obj->btf) {
		pr_warn("map: SEC(\"%s\") needs BTF, but the object has none\n", sec_name);
		return -ENOENT;
	}
	id = bpf_object_find_datasec(obj, sec_name);
	if (id < 0) {
		pr_warn("map: no DATASEC '%s' in BTF describes section %s\n", sec_name, sec_name);
		return -ENOENT;
	}
	sec = btf__type_by_id(obj->btf, id);
	vsi = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++) {
		const struct btf_type *var = btf__type_by_id(obj->btf, vsi[i].type);
		struct bpf_map *map;
		const char *name;

		name = var ? btf__name_by_offset(obj->btf, var->name_off) : NULL;
		if (!name || !btf_is_var(var) || vsi[i].offset > size ||
		    vsi[i].size > size - vsi[i].offset) {
			pr_warn("map: entry %d of %s (BTF type %u) is not a variable inside the section\n",
				i, sec_name, vsi[i].type);
			return -EINVAL;
		}
		map = bpf_object_add_map(obj);
		if (!map)
			return -ENOMEM;
		map->libbpf_type = LIBBPF_MAP_UNSPEC;
		map->sec_idx = sec_idx;
		map->sec_offset = vsi[i].offset;
		map->name = strdup(name);
		map->real_name = strdup(name);
		map->mmaped = data_map_alloc(vsi[i].size);
		if (!map->name || !map->real_name || !map->mmaped)
			return -ENOMEM;
		memcpy(map->mmaped, (const char *)data + vsi[i].offset, vsi[i].size);
		map->type = BPF_MAP_TYPE_STRUCT_OPS;
		map->key_size = sizeof(int);
		map->value_size = vsi[i].size;
		map->max_entries = 1;
		if (strcmp(sec_name, ".struct_ops.link") == 0)
			map->map_flags = LIBBPF_F_LINK;
		err = bpf_map_init_st_ops(map, var->type);
		if (err)
			return err;
	}
	return 0;
}

/* ---- iteration and accessors ----------------------------------------------- */

struct bpf_map *bpf_object__next_map(const struct bpf_object *obj,
				     const struct bpf_map *map)
{
	if (!obj)
		return libbpf_err_ptr(-EINVAL);
	if (!obj->nr_maps)
		return NULL;
	if (!map)
		return obj->maps;
	if (map < obj->maps || map >= obj->maps + obj->nr_maps - 1)
		return NULL;
	return (struct bpf_map *)map + 1;
}

struct bpf_map *bpf_object__prev_map(const struct bpf_object *obj,
				     const struct bpf_map *map)
{
	if (!obj)
		return libbpf_err_ptr(-EINVAL);
	if (!obj->nr_maps)
		return NULL;
	if (!map)
		return obj->maps + obj->nr_maps - 1;
	if (map <= obj->maps || map >= obj->maps + obj->nr_maps)
		return NULL;
	return (struct bpf_map *)map - 1;
}

struct bpf_map *bpf_object__find_map_by_name(const struct bpf_object *obj,
					     const char *name)
{
	struct bpf_map *map;

	if (!obj || !name)
		return libbpf_err_ptr(-EINVAL);
	bpf_object__for_each_map(map, obj) {
		if (strcmp(map->name, name) == 0)
			return map;
		/* global data maps are also found by section name */
		if (map->real_name && map->libbpf_type != LIBBPF_MAP_UNSPEC &&
		    strcmp(map->real_name, name) == 0)
			return map;
	}
	return libbpf_err_ptr(-ENOENT);
}

int bpf_object__find_map_fd_by_name(const struct bpf_object *obj, const char *name)
{
	struct bpf_map *map;

	if (!obj || !name)
		return libbpf_err(-EINVAL);
	map = bpf_object__find_map_by_name(obj, name);
	return map ? bpf_map__fd(map) : libbpf_err(-ENOENT);
}

/* attributes that define the kernel object may change only before load */
static bool map_frozen_attrs(const struct bpf_map *map)
{
	return map->obj->loaded || map->reused;
}

#define MAP_SETTER(field, type)                                                \
	int bpf_map__set_##field(struct bpf_map *map, type v)                  \
	{                                                                      \
		if (!map)                                                      \
			return libbpf_err(-EINVAL);                            \
		if (map_frozen_attrs(map))                                     \
			return libbpf_err(-EBUSY);                             \
		map->field = v;                                                \
		return 0;                                                      \
	}

MAP_SETTER(type, enum bpf_map_type)
MAP_SETTER(map_flags, __u32)
MAP_SETTER(max_entries, __u32)
MAP_SETTER(numa_node, __u32)
MAP_SETTER(key_size, __u32)
MAP_SETTER(map_extra, __u64)

int bpf_map__set_value_size(struct bpf_map *map, __u32 size)
{
	int err;

	if (!map)
		return libbpf_err(-EINVAL);

	if (map_frozen_attrs(map))
		return libbpf_err(-EBUSY);
	err = data_map_resize(map, size);
	if (err)
		return libbpf_err(err);
	map->value_size = size;
	return 0;
}

int bpf_map__set_ifindex(struct bpf_map *map, __u32 ifindex)
{
	if (!map)
		return libbpf_err(-EINVAL);

	if (map_frozen_attrs(map))
		return libbpf_err(-EBUSY);
	map->map_ifindex = ifindex;
	return 0;
}

int bpf_map__set_exclusive_program(struct bpf_map *map, struct bpf_program *prog)
{
	if (!map || !prog)
		return libbpf_err(-EINVAL);
	if (map_frozen_attrs(map)) {
		pr_warn("map '%s': exclusive program must be set before the map is created\n",
			map->name);
		return libbpf_err(-EINVAL);
	}
	if (prog->obj != map->obj) {
		pr_warn("map '%s': exclusive prog '%s' must be of the map's object\n",
			map->name, prog->name);
		return libbpf_err(-EINVAL);
	}
	if (prog_is_subprog(prog)) {
		pr_warn("map '%s': '%s' is a subprogram, not a program the kernel loads\n",
			map->name, prog->name);
		return libbpf_err(-EINVAL);
	}
	map->excl_prog = prog;
	return 0;
}

struct bpf_program *bpf_map__exclusive_program(struct bpf_map *map)
{
	return map ? map->excl_prog : libbpf_err_ptr(-EINVAL);
}

int bpf_map__set_autocreate(struct bpf_map *map, bool autocreate)
{
	if (!map)
		return libbpf_err(-EINVAL);

	if (map->obj->loaded)
		return libbpf_err(-EBUSY);
	map->autocreate = autocreate;
	return 0;
}

bool bpf_map__autocreate(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(false);
	return map->autocreate;
}

int bpf_map__fd(const struct bpf_map *map)
{
	if (!map)
		return libbpf_err(-EINVAL);
	if (map->fd < 0 || (!map->created && !map->reused))
		return libbpf_err(-EINVAL);
	return map->fd;
}

const char *bpf_map__name(const struct bpf_map *map)
{
	return map ? map->name : libbpf_err_ptr(-EINVAL);
}

enum bpf_map_type bpf_map__type(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(BPF_MAP_TYPE_UNSPEC);
	return map->type;
}

__u32 bpf_map__max_entries(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(0);
	return map->max_entries;
}

__u32 bpf_map__map_flags(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(0);
	return map->map_flags;
}

__u32 bpf_map__numa_node(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(0);
	return map->numa_node;
}

__u32 bpf_map__key_size(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(0);
	return map->key_size;
}

__u32 bpf_map__value_size(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(0);
	return map->value_size;
}

__u32 bpf_map__btf_key_type_id(const struct bpf_map *map)
{
	return map ? map->btf_key_type_id : libbpf_inval(0);
}

__u32 bpf_map__btf_value_type_id(const struct bpf_map *map)
{
	return map ? map->btf_value_type_id : libbpf_inval(0);
}

__u32 bpf_map__ifindex(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(0);
	return map->map_ifindex;
}

__u64 bpf_map__map_extra(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(0);
	return map->map_extra;
}

int bpf_map__set_initial_value(struct bpf_map *map, const void *data, size_t size)
{
	if (!map || !data)
		return libbpf_err(-EINVAL);

	if (!map->mmaped || map->libbpf_type == LIBBPF_MAP_KCONFIG) {
		pr_warn("map '%s': only global data maps have an initial value\n", map->name);
		return libbpf_err(-EINVAL);
	}
	if (size != map->value_size) {
		pr_warn("map '%s': initial value of %zu bytes, but the value size is %u\n",
			map->name, size, map->value_size);
		return libbpf_err(-EINVAL);
	}
	if (map_frozen_attrs(map))
		return libbpf_err(-EBUSY);
	memcpy(map->mmaped, data, size);
	return 0;
}

void *bpf_map__initial_value(const struct bpf_map *map, size_t *psize)
{
	if (!map)
		return libbpf_err_ptr(-EINVAL);

	if (!map->mmaped)
		return NULL;
	if (psize)
		*psize = map->value_size;
	return map->mmaped;
}

bool bpf_map__is_internal(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(false);
	return map->libbpf_type != LIBBPF_MAP_UNSPEC;
}

int bpf_map__set_pin_path(struct bpf_map *map, const char *path)
{
	char *p = NULL;

	if (!map)
		return libbpf_err(-EINVAL);

	if (path) {
		p = strdup(path);
		if (!p)
			return libbpf_err(-ENOMEM);
	}
	free(map->pin_path);
	map->pin_path = p;
	return 0;
}

const char *bpf_map__pin_path(const struct bpf_map *map)
{
	if (!map)
		return libbpf_err_ptr(-EINVAL);
	return map->pin_path;
}

const char *bpf_map__get_pin_path(const struct bpf_map *map)
{
	return bpf_map__pin_path(map);
}

bool bpf_map__is_pinned(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(false);
	return map->pinned;
}

struct bpf_map *bpf_map__inner_map(struct bpf_map *map)
{
	if (!map)
		return libbpf_err_ptr(-EINVAL);
	return map->inner_map;
}

/* ---- load: creating maps ---------------------------------------------------- */

bool map_will_create(const struct bpf_map *map)
{
	return map->autocreate && !map->reused;
}

int libbpf_num_possible_cpus(void)
{
	static int cpus;
	char buf[128], *p;
	int n, a, b, fd, len, err;

	/* one atomic read: another thread may be storing it right now */
	n = __atomic_load_n(&cpus, __ATOMIC_RELAXED);
	if (n)
		return n;
	fd = open("/sys/devices/system/cpu/possible", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return libbpf_err(-errno);
	len = read(fd, buf, sizeof(buf) - 1);
	err = len < 0 ? -errno : -EINVAL;
	close(fd);
	if (len <= 0)
		return libbpf_err(err);
	buf[len] = '\0';
	/* "0-3" or "0,2-5,7" */
	for (p = buf; *p && *p != '\n';) {
		if (sscanf(p, "%d-%d", &a, &b) == 2)
			n += b - a + 1;
		else if (sscanf(p, "%d", &a) == 1)
			n++;
		p += strcspn(p, ",\n");
		if (*p == ',')
			p++;
	}
	if (n <= 0)
		return libbpf_err(-EINVAL);
	__atomic_store_n(&cpus, n, __ATOMIC_RELAXED);
	return n;
}

/* map types whose key/value the kernel does not describe with BTF */
bool map_type_takes_btf(enum bpf_map_type type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_STACK_TRACE:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		return false;
	default:
		return true;
	}
}

/*
 * The digest a 6.18+ kernel gives a program and compares with the
 * excl_prog_hash of each map it uses: SHA-256 of its instructions as
 * loaded, with the imm of both halves of every ld_imm64 of a map fd
 * (BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE) zeroed, fd numbers being
 * the loader's business. The program's instructions are final here:
 * relocation and linking ran against the placeholder map fds.
 */
static int excl_prog_digest(const struct bpf_program *prog, __u8 out[SHA256_DIGEST_LEN])
{
	struct bpf_insn *copy;
	size_t i;

	if (!prog->insns || !prog->insns_cnt) {
		pr_warn("prog '%s': no instructions to hash for an exclusive map\n", prog->name);
		return -EINVAL;
	}
	copy = malloc(prog->insns_cnt * sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, prog->insns, prog->insns_cnt * sizeof(*copy));
	for (i = 0; i < prog->insns_cnt; i++) {
		if (!insn_is_ld_imm64(&copy[i]) ||
		    (copy[i].src_reg != BPF_PSEUDO_MAP_FD &&
		     copy[i].src_reg != BPF_PSEUDO_MAP_VALUE))
			continue;
		copy[i].imm = 0;
		/* the kernel clears the second half only if it is a plain one */
		if (i + 1 < prog->insns_cnt && !copy[i + 1].code && !copy[i + 1].dst_reg &&
		    !copy[i + 1].src_reg && !copy[i + 1].off) {
			i++;
			copy[i].imm = 0;
		}
	}
	libbpf_sha256(copy, prog->insns_cnt * sizeof(*copy), out);
	free(copy);
	return 0;
}

/* create the kernel map; returns its fd (not yet on the placeholder) */
void map_kern_def(const struct bpf_map *map, struct map_kern_def *d)
{
	d->max_entries = map->max_entries;
	if (map->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !d->max_entries) {
		int cpus = libbpf_num_possible_cpus();

		d->max_entries = cpus > 0 ? cpus : 1;
	}
	d->map_flags = map->map_flags;
	if (!kernel_supports(FEAT_ARRAY_MMAP))
		d->map_flags &= ~BPF_F_MMAPABLE;
	d->name = kernel_supports(FEAT_PROG_NAME) ? map->name : NULL;
	d->btf_ids = map_type_takes_btf(map->type) &&
		     (map->btf_key_type_id || map->btf_value_type_id);
}

static int map_create(struct bpf_object *obj, struct bpf_map *map, int inner_fd)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	__u8 excl_hash[SHA256_DIGEST_LEN];
	int btf_fd = obj->btf ? btf__fd(obj->btf) : -1;
	/* a struct_ops value has the kernel's layout, not the object's */
	__u32 value_size = map->kern_value_size ?: map->value_size;
	struct map_kern_def def;
	int fd;

	map_kern_def(map, &def);
	opts.map_flags = def.map_flags;
	opts.numa_node = map->numa_node;
	opts.map_extra = map->map_extra;
	opts.map_ifindex = map->map_ifindex;
	opts.btf_vmlinux_value_type_id = map->btf_vmlinux_value_type_id;
	if (inner_fd >= 0)
		opts.inner_map_fd = inner_fd;
	if (obj->token_fd) {
		opts.token_fd = obj->token_fd;
		opts.map_flags |= LIBBPF_F_TOKEN_FD;
	}
	if (map->excl_prog) {
		fd = excl_prog_digest(map->excl_prog, excl_hash);
		if (fd)
			return fd;
		opts.excl_prog_hash = excl_hash;
		opts.excl_prog_hash_size = sizeof(excl_hash);
	}
	/* the kernel wants the object's BTF beside a struct_ops value type */
	if (btf_fd >= 0 && map->btf_vmlinux_value_type_id)
		opts.btf_fd = btf_fd;
	if (btf_fd >= 0 && def.btf_ids) {
		opts.btf_fd = btf_fd;
		opts.btf_key_type_id = map->btf_key_type_id;
		opts.btf_value_type_id = map->btf_value_type_id;
	}

	fd = bpf_map_create(map->type, def.name, map->key_size, value_size, def.max_entries,
			    &opts);
	if (fd < 0 && opts.btf_fd) {
		int btf_err = fd;

		pr_info("map '%s': kernel rejected its BTF description (%s), retrying without it\n",
			map->name, libbpf_errstr(fd));
		opts.btf_fd = 0;
		opts.btf_key_type_id = 0;
		opts.btf_value_type_id = 0;
		fd = bpf_map_create(map->type, def.name, map->key_size, value_size,
				    def.max_entries, &opts);
		/*
		 * Both refused: the first answer is about the map as
		 * defined (ENOMEM, EPERM, ...); the second is often only
		 * the EINVAL of a map kind that needs BTF.
		 */
		if (fd < 0)
			fd = btf_err;
	}
	/* a kernel without the field refuses it with EINVAL or E2BIG */
	if ((fd == -E2BIG || fd == -EINVAL) && map->excl_prog &&
	    !kernel_supports(FEAT_EXCL_MAPS)) {
		pr_warn("map '%s': exclusive to prog '%s', which needs kernel 6.18+ (excl_prog_hash): %s\n",
			map->name, map->excl_prog->name, libbpf_errstr(-EOPNOTSUPP));
		return -EOPNOTSUPP;
	}
	if (fd < 0)
		pr_warn("map '%s': failed to create (type %u, key size %u, value size %u, max_entries %u, flags 0x%x): %s\n",
			map->name, map->type, map->key_size, value_size, def.max_entries,
			opts.map_flags, libbpf_errstr(fd));
	return fd;
}

/*
 * Does the pinned map at fd match the definition? 1 yes, 0 no (saying
 * what differs), -errno when the kernel could not say (the caller
 * reports that error, not a mismatch).
 */
static int map_compatible(const struct bpf_map *map, int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	const char *what = NULL;
	__u32 pinned = 0, want = 0;
	int err;

	err = bpf_map_get_info_by_fd(fd, &info, &len);
	if (err) {
		pr_warn("map '%s': cannot read the pinned map at '%s': %s\n", map->name,
			map->pin_path, libbpf_errstr(err));
		return err;
	}
	if (info.type != map->type)
		what = "type", pinned = info.type, want = map->type;
	else if (info.key_size != map->key_size)
		what = "key_size", pinned = info.key_size, want = map->key_size;
	else if (info.value_size != map->value_size)
		what = "value_size", pinned = info.value_size, want = map->value_size;
	else if (info.max_entries != map->max_entries)
		what = "max_entries", pinned = info.max_entries, want = map->max_entries;
	else if ((info.map_flags & ~BPF_F_MMAPABLE) != (map->map_flags & ~BPF_F_MMAPABLE))
		what = "map_flags", pinned = info.map_flags, want = map->map_flags;
	if (what)
		pr_warn("map '%s': pinned map at '%s' does not match its definition: %s is %u (0x%x), the definition's %u (0x%x)\n",
			map->name, map->pin_path, what, pinned, pinned, want, want);
	return !what;
}

/* put fd on the map's placeholder, consuming fd */
static int map_install_fd(struct bpf_map *map, int fd)
{
	int err = 0;

	if (dup3(fd, map->fd, O_CLOEXEC) < 0) {
		err = -errno;
		pr_warn("map '%s': failed to move fd onto its placeholder: %s\n",
			map->name, libbpf_errstr(err));
	}
	close(fd);
	return err;
}

static int map_reuse_pinned(struct bpf_map *map, bool *reused)
{
	int fd, err;

	*reused = false;
	fd = bpf_obj_get(map->pin_path);
	if (fd < 0) {
		if (fd == -ENOENT)
			return 0;
		pr_warn("map '%s': cannot open pinned map at '%s': %s\n", map->name,
			map->pin_path, libbpf_errstr(fd));
		return fd;
	}
	err = map_compatible(map, fd);
	if (err <= 0) {
		close(fd);
		return err ?: -EINVAL;
	}
	err = map_install_fd(map, fd);
	if (err)
		return err;
	map->pinned = true;
	map->reused = true;
	*reused = true;
	pr_debug("map '%s': reusing map pinned at '%s'\n", map->name, map->pin_path);
	return 0;
}

/* initial values of global data, then .rodata/.kconfig made read-only */
static int map_init_data(struct bpf_map *map)
{
	int zero = 0, err;
	void *p;

	err = bpf_map_update_elem(map->fd, &zero, map->mmaped, 0);
	if (err) {
		pr_warn("map '%s': failed to set initial contents: %s\n", map->name,
			libbpf_errstr(err));
		return err;
	}
	if ((map->libbpf_type == LIBBPF_MAP_RODATA || map->libbpf_type == LIBBPF_MAP_KCONFIG) &&
	    kernel_supports(FEAT_MAP_FREEZE)) {
		err = bpf_map_freeze(map->fd);
		if (err) {
			pr_warn("map '%s': failed to freeze: %s\n", map->name, libbpf_errstr(err));
			return err;
		}
	}
	if (!(map->map_flags & BPF_F_MMAPABLE) || !kernel_supports(FEAT_ARRAY_MMAP))
		return 0;
	/* from now on the buffer the user holds is the map itself */
	p = mmap(map->mmaped, data_map_mmap_size(map->value_size),
		 map->libbpf_type == LIBBPF_MAP_RODATA || map->libbpf_type == LIBBPF_MAP_KCONFIG ?
		 PROT_READ : PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, map->fd, 0);
	if (p == MAP_FAILED) {
		err = -errno;
		pr_warn("map '%s': failed to mmap: %s\n", map->name, libbpf_errstr(err));
		return err;
	}
	map->mmaped_kernel = true;
	return 0;
}

static int map_create_one(struct bpf_object *obj, struct bpf_map *map)
{
	int fd, inner_fd = map->inner_map_fd, err;
	bool reused = false;

	if (map->pin_path) {
		err = map_reuse_pinned(map, &reused);
		if (err || reused)
			return err;
	}
	/* map-in-map: a temporary inner map describes the slots' type */
	if (map->inner_map && inner_fd < 0) {
		inner_fd = map_create(obj, map->inner_map, -1);
		if (inner_fd < 0)
			return inner_fd;
	}
	fd = map_create(obj, map, inner_fd);
	if (inner_fd >= 0 && inner_fd != map->inner_map_fd)
		close(inner_fd);
	if (fd < 0)
		return fd;
	err = map_install_fd(map, fd);
	if (err)
		return err;
	map->created = true;
	if (map->libbpf_type != LIBBPF_MAP_UNSPEC) {
		err = map_init_data(map);
		if (err)
			return err;
	}
	if (map->pin_path) {
		err = bpf_map__pin(map, NULL);
		if (err)
			return err;
	}
	return 0;
}

/* fill map-in-map slots named in the definitions (prog arrays come later) */
static int map_init_slots(struct bpf_object *obj, struct bpf_map *map)
{
	int i, err;

	for (i = 0; i < map->init_slots_sz; i++) {
		const struct bpf_map *target;

		if (map->init_slots[i] < 0)
			continue;
		target = &obj->maps[map->init_slots[i]];
		err = bpf_map_update_elem(map->fd, &i, &target->fd, 0);
		if (err) {
			pr_warn("map '%s': failed to put map '%s' in slot %d: %s\n",
				map->name, target->name, i, libbpf_errstr(err));
			return err;
		}
	}
	return 0;
}

int bpf_object_create_maps(struct bpf_object *obj)
{
	size_t i;
	int err;

	for (i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *map = &obj->maps[i];

		if (!map_will_create(map))
			continue;
		err = map_create_one(obj, map);
		if (err)
			return err;
	}
	for (i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *map = &obj->maps[i];

		if (map->init_slots_sz && !map->init_slots_progs && map->created) {
			err = map_init_slots(obj, map);
			if (err)
				return err;
		}
	}
	return 0;
}

int bpf_object_init_prog_arrays(struct bpf_object *obj)
{
	size_t m;
	int i, err;

	for (m = 0; m < obj->nr_maps; m++) {
		struct bpf_map *map = &obj->maps[m];

		if (!map->init_slots_progs || !map->created)
			continue;
		for (i = 0; i < map->init_slots_sz; i++) {
			const struct bpf_program *prog;

			if (map->init_slots[i] < 0)
				continue;
			prog = &obj->programs[map->init_slots[i]];
			/* a program left out with autoload leaves its slot empty */
			if (prog->fd < 0) {
				pr_debug("map '%s': slot %d stays empty: program '%s' is not loaded\n",
					 map->name, i, prog->name);
				continue;
			}
			err = bpf_map_update_elem(map->fd, &i, &prog->fd, 0);
			if (err) {
				pr_warn("map '%s': failed to put program '%s' in slot %d: %s\n",
					map->name, prog->name, i, libbpf_errstr(err));
				return err;
			}
		}
	}
	return 0;
}

/* ---- fds given by the user --------------------------------------------------- */

int bpf_map__reuse_fd(struct bpf_map *map, int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	int new_fd, err;

	if (!map)
		return libbpf_err(-EINVAL);

	if (map->obj->loaded)
		return libbpf_err(-EBUSY);
	err = bpf_map_get_info_by_fd(fd, &info, &len);
	if (err) {
		pr_warn("map '%s': fd %d to reuse is not a BPF map: %s\n", map->name, fd,
			libbpf_errstr(err));
		return libbpf_err(err);
	}
	err = data_map_resize(map, info.value_size);
	if (err)
		return libbpf_err(err);
	new_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (new_fd < 0)
		return libbpf_err(-errno);
	if (map->fd >= 0)
		close(map->fd);
	map->fd = new_fd;
	map->reused = true;
	/* the object now describes the map it uses */
	map->type = info.type;
	map->key_size = info.key_size;
	map->value_size = info.value_size;
	map->max_entries = info.max_entries;
	map->map_flags = info.map_flags;
	map->btf_key_type_id = info.btf_key_type_id;
	map->btf_value_type_id = info.btf_value_type_id;
	map->map_extra = info.map_extra;
	return 0;
}

int bpf_map__set_inner_map_fd(struct bpf_map *map, int fd)
{
	int new_fd;

	if (!map)
		return libbpf_err(-EINVAL);

	if (map->type != BPF_MAP_TYPE_ARRAY_OF_MAPS && map->type != BPF_MAP_TYPE_HASH_OF_MAPS) {
		pr_warn("map '%s': only maps of maps have an inner map\n", map->name);
		return libbpf_err(-EINVAL);
	}
	if (map->obj->loaded)
		return libbpf_err(-EBUSY);
	new_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (new_fd < 0)
		return libbpf_err(-errno);
	if (map->inner_map_fd >= 0)
		close(map->inner_map_fd);
	map->inner_map_fd = new_fd;
	return 0;
}

/* ---- pinning ------------------------------------------------------------------- */

int bpf_map__pin(struct bpf_map *map, const char *path)
{
	int fd = bpf_map__fd(map), err;

	if (!map)
		return libbpf_err(-EINVAL);
	if (fd < 0) {
		pr_warn("map '%s': cannot pin a map that was not created\n", map->name);
		return libbpf_err(-EINVAL);
	}
	if (!path)
		path = map->pin_path;
	if (!path) {
		pr_warn("map '%s': no pin path given or set\n", map->name);
		return libbpf_err(-EINVAL);
	}
	if (map->pinned && map->pin_path && strcmp(path, map->pin_path) == 0)
		return 0;
	err = pin_path_prepare(path) ?: bpf_obj_pin(fd, path);
	if (err) {
		pr_warn("map '%s': failed to pin at '%s': %s\n", map->name, path, libbpf_errstr(err));
		return libbpf_err(err);
	}
	if (path != map->pin_path) {
		err = bpf_map__set_pin_path(map, path);
		if (err)
			return err;
	}
	map->pinned = true;
	pr_debug("map '%s': pinned at '%s'\n", map->name, path);
	return 0;
}

int bpf_map__unpin(struct bpf_map *map, const char *path)
{
	if (!map)
		return libbpf_err(-EINVAL);

	if (!path)
		path = map->pin_path;
	if (!path) {
		pr_warn("map '%s': no pin path given or set\n", map->name);
		return libbpf_err(-EINVAL);
	}
	if (map->pin_path && strcmp(path, map->pin_path) != 0) {
		pr_warn("map '%s': pinned at '%s', not at '%s'\n", map->name, map->pin_path, path);
		return libbpf_err(-EINVAL);
	}
	if (unlink(path)) {
		int err = -errno;

		pr_warn("map '%s': failed to unpin '%s': %s\n", map->name, path, libbpf_errstr(err));
		return libbpf_err(err);
	}
	map->pinned = false;
	return 0;
}

/*
 * "<dir>/<map name>". bpffs reserves names with dots, which internal map
 * names have ("obj.data"): they are pinned with '_' instead.
 */
static int map_pin_path(const struct bpf_map *map, const char *dir, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", dir, map->name);
	char *p;

	if (n < 0 || (size_t)n >= size) {
		pr_warn("map '%s': pin path in '%s' is too long\n", map->name, dir);
		return -ENAMETOOLONG;
	}
	for (p = buf + n - strlen(map->name); *p; p++)
		if (*p == '.')
			*p = '_';
	return 0;
}

int bpf_object__pin_maps(struct bpf_object *obj, const char *path)
{
	struct bpf_map *map;
	char buf[4096];
	int err;

	if (!obj || !obj->loaded)
		return libbpf_err(-ENOENT);
	bpf_object__for_each_map(map, obj) {
		const char *p = map->pin_path;

		if (!map->autocreate)
			continue;
		if (path) {
			err = map_pin_path(map, path, buf, sizeof(buf));
			if (err)
				goto undo;
			p = buf;
		}
		if (!p)
			continue;
		err = bpf_map__pin(map, p);
		if (err)
			goto undo;
	}
	return 0;
undo:
	while ((map = bpf_object__prev_map(obj, map)))
		if (map->pinned && map->pin_path)
			bpf_map__unpin(map, NULL);
	return libbpf_err(err);
}

int bpf_object__unpin_maps(struct bpf_object *obj, const char *path)
{
	struct bpf_map *map;
	char buf[4096];
	int err;

	if (!obj)
		return libbpf_err(-ENOENT);
	bpf_object__for_each_map(map, obj) {
		const char *p = map->pin_path;

		if (path) {
			err = map_pin_path(map, path, buf, sizeof(buf));
			if (err)
				return libbpf_err(err);
			p = buf;
		} else if (!map->pinned) {
			continue;
		}
		if (!p)
			continue;
		err = bpf_map__unpin(map, p);
		if (err)
			return err;
	}
	return 0;
}

/* ---- element access --------------------------------------------------------- */

static bool map_is_percpu(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

static int check_elem_sizes(const struct bpf_map *map, size_t key_sz, size_t value_sz,
			    bool check_value)
{
	size_t want;

	if (bpf_map__fd(map) < 0)
		return -EINVAL;
	want = map->kern_value_size ?: map->value_size;
	if (key_sz != map->key_size) {
		pr_warn("map '%s': key size %zu, expected %u\n", map->name, key_sz, map->key_size);
		return -EINVAL;
	}
	if (!check_value)
		return 0;
	if (map_is_percpu(map->type)) {
		int cpus = libbpf_num_possible_cpus();

		if (cpus < 0)
			return cpus;
		want = ((map->value_size + 7) / 8) * 8 * cpus;
	}
	if (value_sz != want) {
		pr_warn("map '%s': value size %zu, expected %zu\n", map->name, value_sz, want);
		return -EINVAL;
	}
	return 0;
}

int bpf_map__lookup_elem(const struct bpf_map *map, const void *key, size_t key_sz,
			 void *value, size_t value_sz, __u64 flags)
{
	int err = check_elem_sizes(map, key_sz, value_sz, true);

	if (err)
		return libbpf_err(err);
	return bpf_map_lookup_elem_flags(map->fd, key, value, flags);
}

int bpf_map__update_elem(const struct bpf_map *map, const void *key, size_t key_sz,
			 const void *value, size_t value_sz, __u64 flags)
{
	int err = check_elem_sizes(map, key_sz, value_sz, true);

	if (err)
		return libbpf_err(err);
	return bpf_map_update_elem(map->fd, key, value, flags);
}

int bpf_map__delete_elem(const struct bpf_map *map, const void *key, size_t key_sz,
			 __u64 flags)
{
	int err = check_elem_sizes(map, key_sz, 0, false);

	if (err)
		return libbpf_err(err);
	return bpf_map_delete_elem_flags(map->fd, key, flags);
}

int bpf_map__lookup_and_delete_elem(const struct bpf_map *map, const void *key,
				    size_t key_sz, void *value, size_t value_sz, __u64 flags)
{
	int err = check_elem_sizes(map, key_sz, value_sz, true);

	if (err)
		return libbpf_err(err);
	return bpf_map_lookup_and_delete_elem_flags(map->fd, key, value, flags);
}

int bpf_map__get_next_key(const struct bpf_map *map, const void *cur_key, void *next_key,
			  size_t key_sz)
{
	int err = check_elem_sizes(map, key_sz, 0, false);

	if (err)
		return libbpf_err(err);
	return bpf_map_get_next_key(map->fd, cur_key, next_key);
}
