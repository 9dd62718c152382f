// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Skeleton and subskeleton opens without a kernel, with hand-built
 * skeleton structs: element sizes of older and newer bpftool (and
 * larger ones), an ELF image at an odd address (bpftool 7.1 embeds it
 * as an unaligned string literal), and every way a skeleton can fail to
 * match its object. struct_ops values show their callbacks as program
 * pointers.
 */
#include <errno.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include "unit.h"

#define OLD_MAP_SKEL_SZ 24	/* bpf_map_skeleton without link */
#define BIG_SKEL_SZ 64		/* a future layout with more fields */

struct skel_handles {
	struct bpf_object *obj;
	struct bpf_map *bss, *data, *kconfig, *per_tgid;
	struct bpf_program *raw_tp, *xdp;
	void *bss_mem, *data_mem, *kconfig_mem;
	struct bpf_link *raw_tp_link, *xdp_link;
};

static void *elem(void *arr, int sz, int i)
{
	return (char *)arr + (size_t)i * sz;
}

static void set_map(void *arr, int sz, int i, const char *name, struct bpf_map **map,
		    void **mmaped)
{
	struct bpf_map_skeleton *m = elem(arr, sz, i);

	m->name = name;
	m->map = map;
	m->mmaped = mmaped;
}

static void set_prog(void *arr, int sz, int i, const char *name, struct bpf_program **prog,
		     struct bpf_link **link)
{
	struct bpf_prog_skeleton *p = elem(arr, sz, i);

	p->name = name;
	p->prog = prog;
	p->link = link;
}

/* a skeleton of test_skeleton.bpf.o as bpftool would generate it */
static struct bpf_object_skeleton *make_skel(struct skel_handles *h, const void *data,
					     size_t size, int map_sz, int prog_sz)
{
	struct bpf_object_skeleton *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->sz = sizeof(*s);
	s->name = "test_skeleton";
	s->data = data;
	s->data_sz = size;
	s->obj = &h->obj;
	s->map_cnt = 4;
	s->map_skel_sz = map_sz;
	/* as bpftool 7.5 does: never less than this library's elements */
	s->maps = calloc(s->map_cnt, map_sz > (int)sizeof(*s->maps) ? (size_t)map_sz : sizeof(*s->maps));
	s->prog_cnt = 2;
	s->prog_skel_sz = prog_sz;
	s->progs = calloc(s->prog_cnt,
			  prog_sz > (int)sizeof(*s->progs) ? (size_t)prog_sz : sizeof(*s->progs));
	if (!s->maps || !s->progs) {
		bpf_object__destroy_skeleton(s);
		return NULL;
	}
	set_map(s->maps, map_sz, 0, "test_ske.bss", &h->bss, &h->bss_mem);
	set_map(s->maps, map_sz, 1, "test_ske.data", &h->data, &h->data_mem);
	set_map(s->maps, map_sz, 2, "test_sk.kconfig", &h->kconfig, &h->kconfig_mem);
	set_map(s->maps, map_sz, 3, "per_tgid", &h->per_tgid, NULL);
	set_prog(s->progs, prog_sz, 0, "raw_tp_enter", &h->raw_tp, &h->raw_tp_link);
	set_prog(s->progs, prog_sz, 1, "xdp_pass", &h->xdp, &h->xdp_link);
	return s;
}

static void *read_obj(const char *name, size_t *size)
{
	return unit_read_file(unit_obj_path(name), size);
}

static void open_layouts(int map_sz, int prog_sz, size_t misalign)
{
	struct skel_handles h = {};
	struct bpf_object_skeleton *s;
	char *buf, *copy;
	size_t size;

	buf = read_obj("test_skeleton.bpf.o", &size);
	if (!ASSERT_TRUE(buf, "read test_skeleton.bpf.o"))
		return;
	copy = malloc(size + misalign);
	if (!ASSERT_TRUE(copy, "copy"))
		goto out_buf;
	memcpy(copy + misalign, buf, size);
	s = make_skel(&h, copy + misalign, size, map_sz, prog_sz);
	if (!ASSERT_TRUE(s, "skeleton"))
		goto out_copy;
	if (!ASSERT_EQ(bpf_object__open_skeleton(s, NULL), 0, "open_skeleton"))
		goto out;
	ASSERT_TRUE(h.obj, "obj filled");
	ASSERT_EQ(strcmp(bpf_object__name(h.obj), "test_skeleton"), 0, "named after the skeleton");
	ASSERT_TRUE(h.bss && h.data && h.kconfig && h.per_tgid, "maps filled");
	ASSERT_TRUE(h.raw_tp && h.xdp, "programs filled");
	ASSERT_TRUE(h.bss_mem == bpf_map__initial_value(h.bss, NULL), "bss memory");
	ASSERT_TRUE(h.data_mem == bpf_map__initial_value(h.data, NULL), "data memory");
	ASSERT_TRUE(!h.kconfig_mem, "kconfig memory only after load");
	ASSERT_EQ(*(int *)h.data_mem, -1, "my_tgid's initial value");
	ASSERT_TRUE(!h.raw_tp_link && !h.xdp_link, "no links at open");
	unit_log_reset();
	ASSERT_EQ(bpf_object__attach_skeleton(s), -EINVAL, "attach before load");
	ASSERT_TRUE(strstr(unit_log(), "prog 'raw_tp_enter': attach of a program that is not loaded"),
		    "attach before load says why");
	ASSERT_TRUE(!h.raw_tp_link, "no link from a failed attach");
out:
	bpf_object__destroy_skeleton(s);
out_copy:
	free(copy);
out_buf:
	free(buf);
}

UNIT_TEST(skeleton_open_layouts)
{
	/* bpftool 7.1, this library's own, and larger elements */
	open_layouts(OLD_MAP_SKEL_SZ, sizeof(struct bpf_prog_skeleton), 0);
	open_layouts(sizeof(struct bpf_map_skeleton), sizeof(struct bpf_prog_skeleton), 0);
	open_layouts(BIG_SKEL_SZ, BIG_SKEL_SZ, 0);
	/* an ELF image at an odd address */
	open_layouts(OLD_MAP_SKEL_SZ, sizeof(struct bpf_prog_skeleton), 1);
	open_layouts(OLD_MAP_SKEL_SZ, sizeof(struct bpf_prog_skeleton), 3);
}

/* open must fail with @want and a message containing @msg */
static void open_fails(struct bpf_object_skeleton *s, struct skel_handles *h, int want,
		       const char *msg, const char *what)
{
	unit_log_reset();
	ASSERT_EQ(bpf_object__open_skeleton(s, NULL), want, what);
	if (msg && !strstr(unit_log(), msg))
		UNIT_FAIL("%s: no '%s' in the log:\n%s", what, msg, unit_log());
	bpf_object__destroy_skeleton(s);
	memset(h, 0, sizeof(*h));
}

UNIT_TEST(skeleton_mismatch)
{
	struct skel_handles h = {};
	struct bpf_object_skeleton *s;
	size_t size;
	char *buf;

	buf = read_obj("test_skeleton.bpf.o", &size);
	if (!ASSERT_TRUE(buf, "read test_skeleton.bpf.o"))
		return;

	s = make_skel(&h, buf, size, OLD_MAP_SKEL_SZ, sizeof(struct bpf_prog_skeleton));
	if (s) {
		((struct bpf_map_skeleton *)elem(s->maps, OLD_MAP_SKEL_SZ, 3))->name = "no_such_map";
		open_fails(s, &h, -ESRCH, "has no map 'no_such_map'", "unknown map");
	}
	s = make_skel(&h, buf, size, OLD_MAP_SKEL_SZ, sizeof(struct bpf_prog_skeleton));
	if (s) {
		s->progs[1].name = "no_such_prog";
		open_fails(s, &h, -ESRCH, "has no program 'no_such_prog'", "unknown program");
	}
	s = make_skel(&h, buf, size, 8, sizeof(struct bpf_prog_skeleton));
	if (s)
		open_fails(s, &h, -EINVAL, "4 maps of 8 bytes each", "map elements too small");
	s = make_skel(&h, buf, size, OLD_MAP_SKEL_SZ, 8);
	if (s)
		open_fails(s, &h, -EINVAL, "2 programs of 8 bytes each", "prog elements too small");
	s = make_skel(&h, buf, size, OLD_MAP_SKEL_SZ, sizeof(struct bpf_prog_skeleton));
	if (s) {
		s->map_cnt = -1;
		open_fails(s, &h, -EINVAL, "-1 maps", "negative count");
	}
	s = make_skel(&h, buf, size, OLD_MAP_SKEL_SZ, sizeof(struct bpf_prog_skeleton));
	if (s) {
		s->sz = 8;
		open_fails(s, &h, -EINVAL, NULL, "skeleton struct too small");
	}
	s = make_skel(&h, NULL, 0, OLD_MAP_SKEL_SZ, sizeof(struct bpf_prog_skeleton));
	if (s)
		open_fails(s, &h, -EINVAL, "no object given", "no ELF image");
	s = make_skel(&h, buf, size / 2, OLD_MAP_SKEL_SZ, sizeof(struct bpf_prog_skeleton));
	if (s)
		open_fails(s, &h, -LIBBPF_ERRNO__FORMAT, NULL, "truncated ELF image");
	ASSERT_EQ(bpf_object__open_skeleton(NULL, NULL), -EINVAL, "NULL skeleton");
	bpf_object__destroy_skeleton(NULL);
	free(buf);
}

UNIT_TEST(subskeleton_vars)
{
	struct bpf_object_subskeleton *s;
	struct bpf_map *data = NULL, *bss = NULL;
	struct bpf_program *prog = NULL;
	struct bpf_object *obj;
	void *lib_in = NULL, *lib_calls = NULL;

	obj = bpf_object__open_file(unit_obj_path("test_subskeleton.bpf.o"), NULL);
	if (!ASSERT_TRUE(obj, "open test_subskeleton.bpf.o"))
		return;
	ASSERT_EQ(bpf_object__open_subskeleton(NULL), -EINVAL, "NULL subskeleton");

	s = calloc(1, sizeof(*s));
	if (!ASSERT_TRUE(s, "subskeleton"))
		goto out;
	s->sz = sizeof(*s);
	s->obj = obj;
	s->map_cnt = 2;
	s->map_skel_sz = OLD_MAP_SKEL_SZ;
	s->maps = calloc(2, OLD_MAP_SKEL_SZ);
	s->prog_cnt = 1;
	s->prog_skel_sz = sizeof(struct bpf_prog_skeleton);
	s->progs = calloc(1, sizeof(struct bpf_prog_skeleton));
	s->var_cnt = 2;
	s->var_skel_sz = sizeof(struct bpf_var_skeleton);
	s->vars = calloc(2, sizeof(struct bpf_var_skeleton));
	if (!ASSERT_TRUE(s->maps && s->progs && s->vars, "arrays"))
		goto out_s;
	set_map(s->maps, OLD_MAP_SKEL_SZ, 0, ".data", &data, NULL);
	set_map(s->maps, OLD_MAP_SKEL_SZ, 1, ".bss", &bss, NULL);
	set_prog(s->progs, s->prog_skel_sz, 0, "lib_prog", &prog, NULL);
	s->vars[0] = (struct bpf_var_skeleton){ "lib_in", &data, &lib_in };
	s->vars[1] = (struct bpf_var_skeleton){ "lib_calls", &bss, &lib_calls };

	if (!ASSERT_EQ(bpf_object__open_subskeleton(s), 0, "open_subskeleton"))
		goto out_s;
	ASSERT_TRUE(data && bss && prog, "maps and program by name");
	ASSERT_TRUE(lib_in && lib_calls, "variables found");
	ASSERT_EQ(*(int *)lib_in, 7, "lib_in's initial value");
	ASSERT_TRUE((char *)lib_calls >= (char *)bpf_map__initial_value(bss, NULL) &&
		    (char *)lib_calls < (char *)bpf_map__initial_value(bss, NULL) +
					bpf_map__value_size(bss), "lib_calls inside .bss");

	/* a variable the map does not hold */
	s->vars[1].name = "lib_in";
	unit_log_reset();
	ASSERT_EQ(bpf_object__open_subskeleton(s), -ESRCH, "variable in the wrong map");
	ASSERT_TRUE(strstr(unit_log(), "holds no variable 'lib_in'"), "message names it");
out_s:
	bpf_object__destroy_subskeleton(s);
out:
	bpf_object__close(obj);
	bpf_object__destroy_subskeleton(NULL);
}

/* byte offset of member @name of struct @sname in @btf, or -1 */
static long member_off(const struct btf *btf, const char *sname, const char *name)
{
	int id = btf__find_by_name_kind(btf, sname, BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_member *m;
	int i;

	if (!t)
		return -1;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), name))
			return btf_member_bit_offset(t, i) / 8;
	return -1;
}

UNIT_TEST(struct_ops_value_shows_programs)
{
	struct bpf_program *ssthresh, *in_value = NULL;
	struct bpf_object *obj;
	struct bpf_map *map;
	long off;
	char *val;

	obj = bpf_object__open_file(unit_obj_path("test_struct_ops.bpf.o"), NULL);
	if (!ASSERT_TRUE(obj, "open test_struct_ops.bpf.o"))
		return;
	map = bpf_object__find_map_by_name(obj, "objtest_reno");
	ssthresh = bpf_object__find_program_by_name(obj, "objtest_ssthresh");
	off = member_off(bpf_object__btf(obj), "tcp_congestion_ops", "ssthresh");
	if (ASSERT_TRUE(map && ssthresh && off >= 0, "map, program and member")) {
		val = bpf_map__initial_value(map, NULL);
		memcpy(&in_value, val + off, sizeof(in_value));
		ASSERT_TRUE(in_value == ssthresh, "ssthresh member holds its program");
	}
	bpf_object__close(obj);
}
