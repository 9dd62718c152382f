// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * struct_ops maps: a variable of SEC(".struct_ops") or
 * SEC(".struct_ops.link") of a kernel struct type (tcp_congestion_ops,
 * ...) whose function pointer members are BPF programs.
 *
 * At open, relocations of the section tell which program each function
 * pointer member names. At load, before maps are created, the kernel's
 * struct of that name and its value type bpf_struct_ops_<name> are looked
 * up in vmlinux BTF, the object's value is laid out again in the kernel's
 * layout (members matched by name, so an object built against another
 * kernel's headers still works), and each program gets the kernel struct
 * as its attach BTF id and its member's index as expected attach type.
 * At attach the programs' fds go into the value and
 * bpf_map__attach_struct_ops() updates the map with it (that registers a
 * plain struct_ops map) and, for the .struct_ops.link kind (6.4+),
 * creates a BPF link on it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf.h"
#include "btf.h"
#include "libbpf_internal.h"

#define VALUE_PREFIX "bpf_struct_ops_"

struct bpf_st_ops {
	__u32 type_id;			/* the struct type in the object's BTF */
	const char *tname;
	struct bpf_program **progs;	/* per member of that type, or NULL */
	__u32 nr_members;

	/* set at load, from vmlinux BTF */
	__u32 kern_type_id;
	__u32 kern_value_id;
	void *kern_value;		/* the value the kernel gets */
	__u32 *fd_off;			/* per member: offset of its prog fd in it */
};

void bpf_map_free_st_ops(struct bpf_map *map)
{
	struct bpf_st_ops *st = map->st_ops;

	if (!st)
		return;
	free(st->progs);
	free(st->kern_value);
	free(st->fd_off);
	free(st);
	map->st_ops = NULL;
}

int bpf_map_init_st_ops(struct bpf_map *map, __u32 var_type_id)
{
	const struct btf *btf = map->obj->btf;
	const struct btf_type *t;
	struct bpf_st_ops *st;
	const char *tname;
	__u32 id;

	t = btf_skip_modifiers(btf, var_type_id, &id);
	if (!t || !btf_is_struct(t)) {
		pr_warn("map '%s': a struct_ops variable must be a struct, not type [%u] %s\n",
			map->name, var_type_id, t ? btf_kind_str(t) : "out of range");
		return -EINVAL;
	}
	if (t->size != map->value_size) {
		pr_warn("map '%s': struct_ops variable is %u bytes, its type [%u] is %u\n",
			map->name, map->value_size, id, t->size);
		return -EINVAL;
	}
	tname = btf__name_by_offset(btf, t->name_off);
	if (!tname || !tname[0]) {
		pr_warn("map '%s': a struct_ops variable needs a named struct type, not anonymous [%u]\n",
			map->name, id);
		return -EINVAL;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	map->st_ops = st;
	st->type_id = id;
	st->tname = tname;
	st->nr_members = btf_vlen(t);
	st->progs = calloc(st->nr_members ?: 1, sizeof(*st->progs));
	return st->progs ? 0 : -ENOMEM;
}

/* the function pointer member of @map's struct at byte @off, or -1 */
static int func_member_at(const struct bpf_map *map, size_t off)
{
	const struct btf *btf = map->obj->btf;
	const struct btf_type *t = btf__type_by_id(btf, map->st_ops->type_id);
	const struct btf_member *m = btf_members(t);
	const struct btf_type *mt;
	__u32 i;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		if (btf_member_bit_offset(t, i) != off * 8)
			continue;
		mt = btf_skip_modifiers(btf, m->type, NULL);
		if (!mt || !btf_is_ptr(mt))
			return -1;
		mt = btf_skip_modifiers(btf, mt->type, NULL);
		return mt && btf_is_func_proto(mt) ? (int)i : -1;
	}
	return -1;
}

int bpf_object_set_st_ops_prog(struct bpf_object *obj, int sec_idx, size_t off,
			       struct bpf_program *prog)
{
	struct bpf_map *map = NULL;
	size_t i;
	int member;

	for (i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (m->st_ops && m->sec_idx == sec_idx && off >= m->sec_offset &&
		    off < m->sec_offset + m->value_size) {
			map = m;
			break;
		}
	}
	if (!map) {
		pr_warn("struct_ops: relocation at offset %zu of section %d (%s) is in no struct_ops variable\n",
			off, sec_idx,
			sec_idx > 0 && (size_t)sec_idx < obj->nr_sec_names && obj->sec_names[sec_idx] ?
			obj->sec_names[sec_idx] : "?");
		return -LIBBPF_ERRNO__RELOC;
	}
	member = func_member_at(map, off - map->sec_offset);
	if (member < 0) {
		pr_warn("map '%s': relocation at offset %zu of struct %s is not on a function pointer member\n",
			map->name, off - map->sec_offset, map->st_ops->tname);
		return -LIBBPF_ERRNO__RELOC;
	}
	if (prog->type != BPF_PROG_TYPE_STRUCT_OPS) {
		pr_warn("map '%s': member %d of struct %s points to prog '%s', which is not SEC(\"struct_ops/...\")\n",
			map->name, member, map->st_ops->tname, prog->name);
		return -LIBBPF_ERRNO__RELOC;
	}
	map->st_ops->progs[member] = prog;
	/* the value shows it too: skeletons let the user change it (below) */
	memcpy((char *)map->mmaped + (off - map->sec_offset), &prog, sizeof(prog));
	return 0;
}

/*
 * A function pointer member of the value holds the struct bpf_program *
 * it names (put there at open). Skeletons of newer bpftool expose the
 * value with such members typed as struct bpf_program *, so before load
 * the application may point a member at another struct_ops program of
 * the object, or clear it; what the value holds at load is what counts.
 */
static int read_prog_member(struct bpf_map *map, __u32 i, __u32 moff)
{
	const struct bpf_object *obj = map->obj;
	struct bpf_program *prog;
	uintptr_t p, first = (uintptr_t)obj->programs;
	size_t idx;

	memcpy(&prog, (char *)map->mmaped + moff, sizeof(prog));
	p = (uintptr_t)prog;
	map->st_ops->progs[i] = NULL;
	if (!prog)
		return 0;
	idx = (p - first) / sizeof(*prog);
	if (p < first || idx >= obj->nr_programs || p != (uintptr_t)&obj->programs[idx] ||
	    obj->programs[idx].type != BPF_PROG_TYPE_STRUCT_OPS ||
	    obj->programs[idx].is_subprog) {
		pr_warn("map '%s': member %u of struct %s is not a struct_ops program of this object\n",
			map->name, i, map->st_ops->tname);
		return -EINVAL;
	}
	map->st_ops->progs[i] = &obj->programs[idx];
	return 0;
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		if (*c++)
			return false;
	return true;
}

/* index and byte offset of member @name of kernel struct @t, or -1 */
static int kern_member(const struct btf *kbtf, const struct btf_type *t,
		       const char *name, __u32 *off)
{
	const struct btf_member *m = btf_members(t);
	__u32 i;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		if (strcmp(btf__name_by_offset(kbtf, m->name_off) ?: "", name))
			continue;
		*off = btf_member_bit_offset(t, i) / 8;
		return i;
	}
	return -1;
}

/* a program may serve several maps, but only as the same kernel member */
static int claim_prog(const struct bpf_map *map, struct bpf_program *prog,
		      __u32 kern_type_id, int kidx)
{
	if (prog->attach_btf_id &&
	    (prog->attach_btf_id != kern_type_id ||
	     prog->expected_attach_type != (enum bpf_attach_type)kidx)) {
		pr_warn("map '%s': prog '%s' already implements another struct_ops member\n",
			map->name, prog->name);
		return -EINVAL;
	}
	prog->attach_btf_id = kern_type_id;
	prog->expected_attach_type = kidx;
	return 0;
}

/* copy member @i of the object's value into the kernel's layout */
static int translate_member(struct bpf_map *map, const struct btf *kbtf,
			    const struct btf_type *kt, void *kdata, __u32 i)
{
	struct bpf_st_ops *st = map->st_ops;
	const struct btf *btf = map->obj->btf;
	const struct btf_type *t = btf__type_by_id(btf, st->type_id);
	const struct btf_member *m = btf_members(t) + i;
	const char *mname = btf__name_by_offset(btf, m->name_off) ?: "";
	const struct btf_type *mt, *kmt;
	__u32 moff = btf_member_bit_offset(t, i) / 8, koff, kmid, mid;
	__s64 msize, ksize;
	int kidx;

	mt = btf_skip_modifiers(btf, m->type, &mid);
	msize = btf__resolve_size(btf, m->type);
	if (!mt || msize < 0 || moff + msize > map->value_size) {
		pr_warn("map '%s': member '%s' of struct %s has no size\n",
			map->name, mname, st->tname);
		return -EINVAL;
	}
	if (btf_member_bitfield_size(t, i)) {
		pr_warn("map '%s': bitfield member '%s' of struct %s is not supported\n",
			map->name, mname, st->tname);
		return -EOPNOTSUPP;
	}
	if (btf_is_ptr(mt) && msize == sizeof(void *) &&
	    btf_is_func_proto(btf_skip_modifiers(btf, mt->type, NULL) ?: mt)) {
		int err = read_prog_member(map, i, moff);

		if (err)
			return err;
	}
	kidx = kern_member(kbtf, kt, mname, &koff);
	if (kidx < 0) {
		/* a member this kernel lacks is fine as long as it is unset */
		if (!st->progs[i] && all_zero((char *)map->mmaped + moff, msize))
			return 0;
		pr_warn("map '%s': member '%s' of struct %s is set, but the kernel's struct has no such member\n",
			map->name, mname, st->tname);
		return -ENOTSUP;
	}
	kmt = btf_skip_modifiers(kbtf, btf_members(kt)[kidx].type, &kmid);
	ksize = btf__resolve_size(kbtf, kmid);
	if (!kmt || ksize < 0) {
		pr_warn("map '%s': kernel member '%s' of struct %s has no size\n",
			map->name, mname, st->tname);
		return -EINVAL;
	}
	if (btf_is_ptr(mt)) {
		if (!st->progs[i]) {
			/* unset callbacks stay NULL; other pointers cannot be set */
			if (!all_zero((char *)map->mmaped + moff, msize)) {
				pr_warn("map '%s': pointer member '%s' of struct %s must be a program or NULL\n",
					map->name, mname, st->tname);
				return -EINVAL;
			}
			return 0;
		}
		if (!btf_is_ptr(kmt)) {
			pr_warn("map '%s': member '%s' of struct %s is not a function pointer in the kernel\n",
				map->name, mname, st->tname);
			return -EINVAL;
		}
		st->fd_off[i] = (char *)kdata - (char *)st->kern_value + koff;
		return claim_prog(map, st->progs[i], st->kern_type_id, kidx);
	}
	if (btf_kind(mt) != btf_kind(kmt) || msize != ksize) {
		pr_warn("map '%s': member '%s' of struct %s: %lld bytes of kind %u here, %lld bytes of kind %u in the kernel\n",
			map->name, mname, st->tname, (long long)msize, btf_kind(mt),
			(long long)ksize, btf_kind(kmt));
		return -EINVAL;
	}
	memcpy((char *)kdata + koff, (char *)map->mmaped + moff, msize);
	return 0;
}

/* lay the value out for the kernel; point the programs at their members */
static int prepare_map(struct bpf_map *map)
{
	struct bpf_st_ops *st = map->st_ops;
	const struct btf_type *kt, *vt, *dt;
	char vname[128];
	struct btf *kbtf;
	__u32 data_off;
	int id, i, err;

	kbtf = libbpf_vmlinux_btf();
	if (!kbtf) {
		err = -errno;
		pr_warn("map '%s': struct_ops needs the kernel's BTF: %s\n",
			map->name, libbpf_errstr(err));
		return err;
	}
	id = libbpf_vmlinux_find(st->tname, BTF_KIND_STRUCT);
	snprintf(vname, sizeof(vname), VALUE_PREFIX "%s", st->tname);
	err = libbpf_vmlinux_find(vname, BTF_KIND_STRUCT);
	if (id < 0 || err < 0) {
		pr_warn("map '%s': the kernel has no struct_ops of type struct %s%s\n",
			map->name, st->tname, id < 0 ? "" : " (no " VALUE_PREFIX "value type)");
		return -ENOTSUP;
	}
	st->kern_type_id = id;
	st->kern_value_id = err;
	kt = btf__type_by_id(kbtf, id);
	vt = btf__type_by_id(kbtf, st->kern_value_id);
	i = kern_member(kbtf, vt, "data", &data_off);
	dt = i < 0 ? NULL : btf_skip_modifiers(kbtf, btf_members(vt)[i].type, NULL);
	if (dt != kt || data_off + kt->size > vt->size) {
		pr_warn("map '%s': kernel type %s has no 'data' member of struct %s\n",
			map->name, vname, st->tname);
		return -EINVAL;
	}

	free(st->kern_value);
	free(st->fd_off);
	st->kern_value = calloc(1, vt->size);
	st->fd_off = calloc(st->nr_members ?: 1, sizeof(*st->fd_off));
	if (!st->kern_value || !st->fd_off)
		return -ENOMEM;
	for (i = 0; i < (int)st->nr_members; i++) {
		err = translate_member(map, kbtf, kt, (char *)st->kern_value + data_off, i);
		if (err)
			return err;
	}
	/* value_size stays the object's: it sizes the initial value's buffer */
	map->key_size = sizeof(__u32);
	map->kern_value_size = vt->size;
	map->btf_key_type_id = 0;
	map->btf_value_type_id = 0;
	map->btf_vmlinux_value_type_id = st->kern_value_id;
	return 0;
}

int bpf_object_prepare_st_ops(struct bpf_object *obj)
{
	size_t i;
	int err;

	for (i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *map = &obj->maps[i];

		if (!map->st_ops || !map_will_create(map))
			continue;
		err = prepare_map(map);
		if (err)
			return err;
	}
	/* a struct_ops program no created map uses has nothing to attach to */
	for (i = 0; i < obj->nr_programs; i++) {
		struct bpf_program *prog = &obj->programs[i];

		if (prog->type != BPF_PROG_TYPE_STRUCT_OPS || prog->is_subprog ||
		    prog->attach_btf_id || !prog->autoload)
			continue;
		pr_debug("prog '%s': no struct_ops map uses it, not loading it\n", prog->name);
		prog->autoload = false;
	}
	return 0;
}

/* the programs' fds into the value, as the attach hands it over */
static int fill_prog_fds(const struct bpf_map *map)
{
	struct bpf_st_ops *st = map->st_ops;
	__u32 i;
	__u64 fd;

	for (i = 0; i < st->nr_members; i++) {
		if (!st->progs[i] || !st->fd_off[i])
			continue;
		if (st->progs[i]->fd < 0) {
			pr_warn("map '%s': prog '%s' of struct %s is not loaded\n",
				map->name, st->progs[i]->name, st->tname);
			return -EINVAL;
		}
		fd = st->progs[i]->fd;
		memcpy((char *)st->kern_value + st->fd_off[i], &fd, sizeof(fd));
	}
	return 0;
}

/* ---- attach ------------------------------------------------------------- */

struct st_ops_link {
	struct bpf_link link;
	int map_fd;		/* the map a plain (not .link) attachment updated */
};

/* a plain struct_ops map is unregistered by deleting its value */
static int st_ops_plain_detach(struct bpf_link *link)
{
	struct st_ops_link *sl = (struct st_ops_link *)link;
	__u32 zero = 0;

	return bpf_map_delete_elem(sl->map_fd, &zero) ? -errno : 0;
}

static int update_value(const struct bpf_map *map)
{
	__u32 zero = 0;
	int err;

	err = fill_prog_fds(map);
	if (err)
		return err;
	if (bpf_map_update_elem(map->fd, &zero, map->st_ops->kern_value, 0)) {
		err = -errno;
		pr_warn("map '%s': registering struct %s failed: %s\n", map->name,
			map->st_ops->tname, libbpf_errstr(err));
		return err;
	}
	return 0;
}

static bool is_link_map(const struct bpf_map *map)
{
	return map->map_flags & LIBBPF_F_LINK;
}

struct bpf_link *bpf_map__attach_struct_ops(const struct bpf_map *map)
{
	struct st_ops_link *sl;
	int fd, err;

	if (!map || !map->st_ops || map->fd < 0 || !map->st_ops->kern_value) {
		pr_warn("map '%s': not a loaded struct_ops map\n", map ? map->name : "(null)");
		return libbpf_err_ptr(-EINVAL);
	}
	sl = calloc(1, sizeof(*sl));
	if (!sl)
		return libbpf_err_ptr(-ENOMEM);
	err = update_value(map);
	/* a .link map updated once keeps its value: a second link may reuse it */
	if (err == -EBUSY && is_link_map(map))
		err = 0;
	if (err)
		goto err_free;
	if (!is_link_map(map)) {
		/* no kernel link: the map fd stands for it and is not ours */
		sl->map_fd = map->fd;
		sl->link.fd = map->fd;
		sl->link.detach = st_ops_plain_detach;
		return &sl->link;
	}
	fd = bpf_link_create(map->fd, 0, LIBBPF_STRUCT_OPS, NULL);
	if (fd < 0) {
		err = -errno;
		pr_warn("map '%s': struct_ops link failed: %s\n", map->name, libbpf_errstr(err));
		goto err_free;
	}
	sl->map_fd = -1;
	sl->link.fd = fd;
	sl->link.detach = bpf_link_close_fd;
	return &sl->link;
err_free:
	free(sl);
	return libbpf_err_ptr(err);
}

int bpf_link__update_map(struct bpf_link *link, const struct bpf_map *map)
{
	int err;

	if (!link || !map || !map->st_ops || map->fd < 0 || !is_link_map(map)) {
		pr_warn("link update: map '%s' is not a loaded .struct_ops.link map\n",
			map ? map->name : "(null)");
		return libbpf_err(-EINVAL);
	}
	err = update_value(map);
	if (err && err != -EBUSY)
		return libbpf_err(err);
	if (bpf_link_update(link->fd, map->fd, NULL)) {
		err = -errno;
		pr_warn("link fd %d: update to map '%s' failed: %s\n", link->fd, map->name,
			libbpf_errstr(err));
		return libbpf_err(err);
	}
	return 0;
}

int bpf_map__set_autoattach(struct bpf_map *map, bool autoattach)
{
	if (!map || !map->st_ops)
		return libbpf_err(-EINVAL);
	map->autoattach = autoattach;
	return 0;
}

bool bpf_map__autoattach(const struct bpf_map *map)
{
	if (!map)
		return libbpf_inval(false);
	return map->autoattach;
}
