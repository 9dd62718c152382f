// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpftool skeletons and subskeletons.
 *
 * Generated code owns the skeleton structs and the arrays in them; this
 * file fills the pointers those arrays hold. Array elements are
 * map_skel_sz / prog_skel_sz / var_skel_sz bytes apart, which may be
 * smaller than this library's structs (an older bpftool: no per-map
 * link) or larger (a newer one): only the fields an element is large
 * enough to hold are touched.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "libbpf_internal.h"

#define skel_has(sz, type, field) \
	((size_t)(sz) >= offsetof(type, field) + sizeof(((type *)0)->field))

static struct bpf_map_skeleton *map_skel(struct bpf_map_skeleton *maps, int sz, int i)
{
	return (struct bpf_map_skeleton *)((char *)maps + (size_t)i * sz);
}

static struct bpf_prog_skeleton *prog_skel(struct bpf_prog_skeleton *progs, int sz, int i)
{
	return (struct bpf_prog_skeleton *)((char *)progs + (size_t)i * sz);
}

static struct bpf_var_skeleton *var_skel(struct bpf_var_skeleton *vars, int sz, int i)
{
	return (struct bpf_var_skeleton *)((char *)vars + (size_t)i * sz);
}

/* element sizes below the fields every generation has are not a skeleton */
static int check_layout(const char *what, int cnt, int sz, size_t min_sz, const void *arr)
{
	if (cnt < 0 || (cnt && (!arr || sz < 0 || (size_t)sz < min_sz))) {
		pr_warn("skeleton: %d %s of %d bytes each (at least %zu needed)\n",
			cnt, what, sz, min_sz);
		return -EINVAL;
	}
	return 0;
}

static int fill_maps(const struct bpf_object *obj, struct bpf_map_skeleton *maps,
		     int cnt, int sz)
{
	int i, err;

	err = check_layout("maps", cnt, sz, offsetof(struct bpf_map_skeleton, mmaped) +
			   sizeof(void **), maps);
	if (err)
		return err;
	for (i = 0; i < cnt; i++) {
		struct bpf_map_skeleton *m = map_skel(maps, sz, i);
		struct bpf_map *map = bpf_object__find_map_by_name(obj, m->name);

		if (!map) {
			pr_warn("skeleton: object '%s' has no map '%s'\n",
				bpf_object__name(obj), m->name);
			return -ESRCH;
		}
		*m->map = map;
		/* Kconfig values are the library's to fill: visible after load */
		if (m->mmaped)
			*m->mmaped = map->libbpf_type == LIBBPF_MAP_KCONFIG ? NULL : map->mmaped;
	}
	return 0;
}

static int fill_progs(const struct bpf_object *obj, struct bpf_prog_skeleton *progs,
		      int cnt, int sz)
{
	int i, err;

	err = check_layout("programs", cnt, sz, sizeof(struct bpf_prog_skeleton), progs);
	if (err)
		return err;
	for (i = 0; i < cnt; i++) {
		struct bpf_prog_skeleton *p = prog_skel(progs, sz, i);
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, p->name);

		if (!prog) {
			pr_warn("skeleton: object '%s' has no program '%s'\n",
				bpf_object__name(obj), p->name);
			return -ESRCH;
		}
		*p->prog = prog;
	}
	return 0;
}

int bpf_object__open_skeleton(struct bpf_object_skeleton *s,
			      const struct bpf_object_open_opts *opts)
{
	struct bpf_object *obj;
	int err;

	if (!s || !s->obj || s->sz < offsetof(struct bpf_object_skeleton, progs) +
				    sizeof(s->progs))
		return libbpf_err(-EINVAL);
	obj = bpf_object_open_buf(s->data, s->data_sz, s->name, opts);
	if (!obj) {
		err = -errno;
		pr_warn("skeleton '%s': cannot open the object: %s\n", s->name,
			libbpf_errstr(err));
		return libbpf_err(err);
	}
	*s->obj = obj;
	err = fill_maps(obj, s->maps, s->map_cnt, s->map_skel_sz);
	if (!err)
		err = fill_progs(obj, s->progs, s->prog_cnt, s->prog_skel_sz);
	if (err)
		pr_warn("skeleton '%s' does not match its object\n", s->name);
	return libbpf_err(err);
}

int bpf_object__load_skeleton(struct bpf_object_skeleton *s)
{
	int i, err;

	if (!s)
		return libbpf_err(-EINVAL);

	err = bpf_object__load(*s->obj);
	if (err) {
		pr_warn("skeleton '%s': load failed: %s\n", s->name, libbpf_errstr(err));
		return libbpf_err(err);
	}
	/* the kernel map is now mapped where the data was (maps.c) */
	for (i = 0; i < s->map_cnt; i++) {
		struct bpf_map_skeleton *m = map_skel(s->maps, s->map_skel_sz, i);

		if (m->mmaped)
			*m->mmaped = (*m->map)->mmaped;
	}
	return 0;
}

static int attach_progs(struct bpf_object_skeleton *s)
{
	int i, err;

	for (i = 0; i < s->prog_cnt; i++) {
		struct bpf_prog_skeleton *p = prog_skel(s->progs, s->prog_skel_sz, i);
		struct bpf_program *prog = *p->prog;

		/* a link the application made itself is kept */
		if (!p->link || *p->link || !prog->autoload || !prog->autoattach)
			continue;
		err = bpf_program_auto_attach(prog, p->link);
		if (err) {
			pr_warn("prog '%s': auto-attach failed: %s\n", prog->name,
				libbpf_errstr(err));
			return err;
		}
	}
	return 0;
}

static int attach_struct_ops(struct bpf_object_skeleton *s)
{
	bool has_link = skel_has(s->map_skel_sz, struct bpf_map_skeleton, link);
	int i, err;

	for (i = 0; i < s->map_cnt; i++) {
		struct bpf_map_skeleton *m = map_skel(s->maps, s->map_skel_sz, i);
		struct bpf_map *map = *m->map;

		if (!map->st_ops || !map->autocreate || !map->autoattach)
			continue;
		if (!has_link || !m->link) {
			pr_warn("map '%s': skeleton has no link for it (bpftool too old?), not attaching it\n",
				map->name);
			continue;
		}
		if (*m->link)
			continue;
		*m->link = bpf_map__attach_struct_ops(map);
		if (!*m->link) {
			err = -errno;
			pr_warn("map '%s': auto-attach failed: %s\n", map->name,
				libbpf_errstr(err));
			return err;
		}
	}
	return 0;
}

int bpf_object__attach_skeleton(struct bpf_object_skeleton *s)
{
	int err;

	if (!s)
		return libbpf_err(-EINVAL);

	err = attach_progs(s);
	if (!err)
		err = attach_struct_ops(s);
	return libbpf_err(err);
}

void bpf_object__detach_skeleton(struct bpf_object_skeleton *s)
{
	int i;

	if (!s)
		return;

	for (i = 0; s->progs && i < s->prog_cnt; i++) {
		struct bpf_prog_skeleton *p = prog_skel(s->progs, s->prog_skel_sz, i);

		if (!p->link)
			continue;
		bpf_link__destroy(*p->link);
		*p->link = NULL;
	}
	if (!skel_has(s->map_skel_sz, struct bpf_map_skeleton, link))
		return;
	for (i = 0; s->maps && i < s->map_cnt; i++) {
		struct bpf_map_skeleton *m = map_skel(s->maps, s->map_skel_sz, i);

		if (!m->link)
			continue;
		bpf_link__destroy(*m->link);
		*m->link = NULL;
	}
}

void bpf_object__destroy_skeleton(struct bpf_object_skeleton *s)
{
	if (!s)
		return;
	bpf_object__detach_skeleton(s);
	if (s->obj)
		bpf_object__close(*s->obj);
	free(s->maps);
	free(s->progs);
	free(s);
}

/* ---- subskeletons -------------------------------------------------------- */

/* address of variable @name of data map @map, or NULL */
static void *var_addr(const struct bpf_object *obj, const struct bpf_map *map,
		      const char *name)
{
	const struct btf *btf = obj->btf;
	const struct btf_type *sec = btf__type_by_id(btf, map->btf_value_type_id);
	const struct btf_var_secinfo *vsi;
	int i;

	if (!sec || !btf_is_datasec(sec) || !map->mmaped)
		return NULL;
	vsi = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++) {
		const struct btf_type *var = btf__type_by_id(btf, vsi[i].type);
		const char *vname = var ? btf__name_by_offset(btf, var->name_off) : NULL;

		if (vname && strcmp(vname, name) == 0 &&
		    (size_t)vsi[i].offset + vsi[i].size <= map->value_size)
			return (char *)map->mmaped + vsi[i].offset;
	}
	return NULL;
}

int bpf_object__open_subskeleton(struct bpf_object_subskeleton *s)
{
	const struct bpf_object *obj;
	int i, err;

	if (!s || !s->obj || s->sz < offsetof(struct bpf_object_subskeleton, vars) +
				    sizeof(s->vars))
		return libbpf_err(-EINVAL);
	obj = s->obj;
	if (!obj->btf) {
		pr_warn("subskeleton: object '%s' has no BTF, its variables cannot be found\n",
			bpf_object__name(obj));
		return libbpf_err(-ENOENT);
	}
	err = fill_maps(obj, s->maps, s->map_cnt, s->map_skel_sz);
	if (!err)
		err = fill_progs(obj, s->progs, s->prog_cnt, s->prog_skel_sz);
	if (!err)
		err = check_layout("variables", s->var_cnt, s->var_skel_sz,
				   sizeof(struct bpf_var_skeleton), s->vars);
	if (err)
		return libbpf_err(err);
	for (i = 0; i < s->var_cnt; i++) {
		struct bpf_var_skeleton *v = var_skel(s->vars, s->var_skel_sz, i);
		void *addr = var_addr(obj, *v->map, v->name);

		if (!addr) {
			pr_warn("subskeleton: map '%s' of object '%s' holds no variable '%s'\n",
				(*v->map)->name, bpf_object__name(obj), v->name);
			return libbpf_err(-ESRCH);
		}
		*v->addr = addr;
	}
	return 0;
}

void bpf_object__destroy_subskeleton(struct bpf_object_subskeleton *s)
{
	if (!s)
		return;
	free(s->maps);
	free(s->progs);
	free(s->vars);
	free(s);
}
