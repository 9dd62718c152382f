// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The static linker against bpftool's (Debian's libbpf): the inputs of
 * progs/linked/ linked by both (see the Makefile) must open into the same
 * programs (instruction for instruction), maps and DATASEC layout, and
 * load and run the same through skeletons bpftool generated from each.
 *
 * - bpftool_vs_ours: linker_{app,lib}.c: extern maps, functions and
 *   variables, hidden ones, same-named statics, .rodata,
 *   bpf_loop() callbacks, CO-RE, a Kconfig extern in both, a tail call
 *   through a program array initialised in the library: every result the
 *   program stores, from each object;
 * - skeleton: the same run through a skeleton bpftool generated from
 *   linker_ours.bpf.o;
 * - same_layout: both pairs of objects open into the same programs, maps
 *   and DATASECs;
 * - subskeleton: prog_tests/skeleton.c's subskeleton test on our
 *   test_subskeleton_ours.bpf.o, through a skeleton bpftool generated
 *   from it;
 * - weak: linker_weak_{a,b}.c: strong beats weak either way round, for
 *   functions and variables, and a weak-only definition is kept (ours
 *   only: this tree's loader refuses libbpf's linker output there, see
 *   the Makefile).
 */
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "test_progs.h"
#include "linker_ours.skel.h"
#include "test_subskeleton_ours.skel.h"
#include "test_subskeleton_lib.subskel.h"

#define NR_OUT 12

struct linked_result {
	__u64 out[NR_OUT];
	__u64 slot0, slot3;	/* shared_map[0] (app), [3] (tail-called lib_tail) */
	int counter;		/* shared_counter after the run */
	int lib_kver;
};

/* the live value of global variable name in section sec of a loaded object */
static void *var_ptr(struct bpf_object *obj, const char *sec, const char *name)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *vsi;
	const struct btf_type *t;
	struct bpf_map *map;
	size_t sz;
	char *mem;
	int id, i;

	map = bpf_object__find_map_by_name(obj, sec);
	id = btf ? btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC) : -1;
	if (!ASSERT_OK_PTR(map, sec) || !ASSERT_GT(id, 0, sec))
		return NULL;
	mem = bpf_map__initial_value(map, &sz);
	t = btf__type_by_id(btf, id);
	vsi = btf_var_secinfos(t);
	for (i = 0; mem && i < btf_vlen(t); i++) {
		const struct btf_type *v = btf__type_by_id(btf, vsi[i].type);

		if (strcmp(btf__name_by_offset(btf, v->name_off), name) == 0 &&
		    vsi[i].offset + vsi[i].size <= sz)
			return mem + vsi[i].offset;
	}
	__ASSERT_FAIL(name, "no such variable in %s", sec);
	return NULL;
}

/*
 * Open and load a linked object, attach app_main, fire it once and read
 * what it stored: the same code for bpftool's object and ours.
 */
static bool run_linked(const char *path, struct linked_result *r)
{
	struct bpf_object *obj = NULL;
	struct bpf_link *link = NULL;
	struct bpf_program *prog;
	int *tgid, *counter, *kver;
	__u64 *out;
	bool ok = false;
	__u32 k;

	obj = bpf_object__open_file(path, NULL);
	if (!ASSERT_OK_PTR(obj, path))
		return false;
	if (!ASSERT_OK(bpf_object__load(obj), path))
		goto out;
	prog = bpf_object__find_program_by_name(obj, "app_main");
	tgid = var_ptr(obj, ".data", "my_tgid");
	counter = var_ptr(obj, ".data", "shared_counter");
	out = var_ptr(obj, ".bss", "out");
	kver = var_ptr(obj, ".bss", "lib_kver");
	if (!ASSERT_OK_PTR(prog, "app_main") || !tgid || !counter || !out || !kver)
		goto out;
	*tgid = getpid();
	link = bpf_program__attach(prog);
	if (!ASSERT_OK_PTR(link, "attach app_main"))
		goto out;
	syscall(SYS_getpgid, 0);
	memcpy(r->out, out, sizeof(r->out));
	r->counter = *counter;
	r->lib_kver = *kver;
	k = 0;
	ok = ASSERT_OK(bpf_map__lookup_elem(bpf_object__find_map_by_name(obj, "shared_map"),
					    &k, sizeof(k), &r->slot0, sizeof(r->slot0), 0),
		       "shared_map[0]");
	k = 3;
	ok &= ASSERT_OK(bpf_map__lookup_elem(bpf_object__find_map_by_name(obj, "shared_map"),
					     &k, sizeof(k), &r->slot3, sizeof(r->slot3), 0),
			"shared_map[3]");
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return ok;
}

static void check_result(const struct linked_result *r, const char *who)
{
	static const __u64 expect[] = {
		2,		/* the app's static helper(1) */
		3 + 30,		/* hidden lib_hidden_fn(1): the lib's helper + lib_tbl[2] */
		1 + 5,		/* lib_hidden_calls_plus(5), after one lib_hidden_fn() */
		10,		/* lib_times2(5) */
		0 + 1 + 2 + 3,	/* lib_loop(4): the lib's callback */
		2 * 6,		/* the app's callback */
		100,		/* shared_counter, extern in the app */
		2,		/* app_tbl[1] */
	};
	int i;

	fprintf(stderr, "%s: out =", who);
	for (i = 0; i < NR_OUT; i++)
		fprintf(stderr, " %llu", (unsigned long long)r->out[i]);
	fprintf(stderr, "\n");
	for (i = 0; i < (int)ARRAY_SIZE(expect); i++)
		ASSERT_EQ(r->out[i], expect[i], who);
	ASSERT_EQ(r->out[8], getpid(), "lib_core_tgid(): CO-RE read in the lib");
	ASSERT_NEQ(r->out[9], 0, "LINUX_KERNEL_VERSION in the app");
	ASSERT_EQ(r->lib_kver, r->out[9], "LINUX_KERNEL_VERSION in the lib");
	ASSERT_EQ(r->out[10], 1, "lib_do_tail() returned, after its tail call");
	ASSERT_EQ(r->counter, 101, "shared_counter++ through the extern");
	ASSERT_EQ(r->slot0, 55, "the app wrote the lib's map");
	ASSERT_EQ(r->slot3, 77, "lib_tail wrote the lib's map");
}

static void bpftool_vs_ours(void)
{
	struct linked_result theirs = {}, ours = {};
	bool ok_theirs, ok_ours;

	if (!require_kernel(5, 17, "bpf_loop"))
		return;
	ok_theirs = run_linked("linker_bpftool.bpf.o", &theirs);
	ok_ours = run_linked("linker_ours.bpf.o", &ours);
	if (ok_theirs)
		check_result(&theirs, "bpftool's");
	if (ok_ours)
		check_result(&ours, "ours");
	if (ok_theirs && ok_ours)
		ASSERT_OK(memcmp(&theirs, &ours, sizeof(ours)), "same results");
}

/* the same, through a skeleton bpftool generated from our object */
static void skeleton(void)
{
	struct linked_result r = {};
	struct linker_ours *skel;
	__u32 k;

	if (!require_kernel(5, 17, "bpf_loop"))
		return;
	skel = linker_ours__open();
	if (!ASSERT_OK_PTR(skel, "open"))
		return;
	ASSERT_EQ(skel->data->shared_counter, 100, "the lib's variable from the ELF");
	ASSERT_EQ(skel->data->app_idx, 1, "the app's variable from the ELF");
	if (!ASSERT_OK(linker_ours__load(skel), "load"))
		goto out;
	skel->data->my_tgid = getpid();
	skel->links.app_main = bpf_program__attach(skel->progs.app_main);
	if (!ASSERT_OK_PTR(skel->links.app_main, "attach app_main"))
		goto out;
	syscall(SYS_getpgid, 0);
	memcpy(r.out, skel->bss->out, sizeof(r.out));
	r.counter = skel->data->shared_counter;
	r.lib_kver = skel->bss->lib_kver;
	k = 0;
	ASSERT_OK(bpf_map__lookup_elem(skel->maps.shared_map, &k, sizeof(k), &r.slot0,
				       sizeof(r.slot0), 0), "shared_map[0]");
	k = 3;
	ASSERT_OK(bpf_map__lookup_elem(skel->maps.shared_map, &k, sizeof(k), &r.slot3,
				       sizeof(r.slot3), 0), "shared_map[3]");
	check_result(&r, "skeleton");
	ASSERT_EQ(skel->bss->lib_hidden_calls, 1, "the lib's hidden variable");
out:
	linker_ours__destroy(skel);
}

/* ---- same_layout ----------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* a sorted text listing of an object's programs, maps and DATASECs */
static char *describe(const char *path)
{
	char *lines[512], *res = NULL, *line;
	struct bpf_object *obj;
	struct bpf_program *p;
	struct bpf_map *m;
	const struct btf *btf;
	size_t n = 0, len = 0, i;
	__u32 id, cnt;

	obj = bpf_object__open_file(path, NULL);
	if (!ASSERT_OK_PTR(obj, path))
		return NULL;
	bpf_object__for_each_program(p, obj) {
		const struct bpf_insn *insn = bpf_program__insns(p);
		unsigned long sum = 0;

		for (i = 0; i < bpf_program__insn_cnt(p); i++)
			sum = sum * 31 + insn[i].code + insn[i].dst_reg * 7 +
			      insn[i].src_reg * 13 + (__u32)insn[i].imm * 17 + insn[i].off;
		if (n < ARRAY_SIZE(lines) &&
		    asprintf(&lines[n], "prog %s sec %s insns %zu sum %lx autoload %d",
			     bpf_program__name(p), bpf_program__section_name(p),
			     bpf_program__insn_cnt(p), sum, bpf_program__autoload(p)) > 0)
			n++;
	}
	bpf_object__for_each_map(m, obj) {
		const char *name = bpf_map__name(m);

		/* global data maps are named after the object: skip that part */
		if (bpf_map__is_internal(m) && strchr(name, '.'))
			name = strchr(name, '.');
		if (n < ARRAY_SIZE(lines) &&
		    asprintf(&lines[n], "map %s type %d key %u value %u max %u flags %u",
			     name, bpf_map__type(m), bpf_map__key_size(m),
			     bpf_map__value_size(m), bpf_map__max_entries(m),
			     bpf_map__map_flags(m)) > 0)
			n++;
	}
	btf = bpf_object__btf(obj);
	cnt = btf ? btf__type_cnt(btf) : 0;
	for (id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vsi;
		const char *sec;

		if (!btf_is_datasec(t))
			continue;
		sec = btf__name_by_offset(btf, t->name_off);
		vsi = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++) {
			const struct btf_type *v = btf__type_by_id(btf, vsi[i].type);

			if (n < ARRAY_SIZE(lines) &&
			    asprintf(&lines[n], "datasec %s var %s off %u size %u", sec,
				     btf__name_by_offset(btf, v->name_off), vsi[i].offset,
				     vsi[i].size) > 0)
				n++;
		}
	}
	bpf_object__close(obj);
	qsort(lines, n, sizeof(lines[0]), cmp_str);
	for (i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	res = calloc(1, len + 1);
	for (i = 0; i < n; i++) {
		line = lines[i];
		if (res) {
			strcat(res, line);
			strcat(res, "\n");
		}
		free(line);
	}
	return res;
}

static void same_layout_of(const char *theirs_path, const char *ours_path)
{
	char *theirs = describe(theirs_path), *ours = describe(ours_path);

	if (theirs && ours && !ASSERT_STREQ(ours, theirs, ours_path))
		fprintf(stderr, "--- %s\n%s--- %s\n%s", theirs_path, theirs, ours_path, ours);
	free(theirs);
	free(ours);
}

static void same_layout(void)
{
	same_layout_of("linker_bpftool.bpf.o", "linker_ours.bpf.o");
	same_layout_of("test_subskeleton.bpf.o", "test_subskeleton_ours.bpf.o");
}

/* ---- subskeleton ------------------------------------------------------------- */

static void subskeleton(void)
{
	struct test_subskeleton_lib *lib = NULL;
	struct test_subskeleton_ours *skel;
	__u32 zero = 0;
	__u64 last = 0;

	skel = test_subskeleton_ours__open();
	if (!ASSERT_OK_PTR(skel, "open"))
		return;
	lib = test_subskeleton_lib__open(skel->obj);
	if (!ASSERT_OK_PTR(lib, "subskeleton open"))
		goto out;
	ASSERT_TRUE(lib->maps.bss == skel->maps.bss, "the library's .bss is the object's");
	ASSERT_EQ(*lib->data.lib_in, 7, "lib_in from the ELF");
	ASSERT_EQ(*lib->rodata.lib_scale, 2, "lib_scale from the ELF");
	*lib->rodata.lib_scale = 5;
	skel->data->main_arg = 3;
	if (!ASSERT_OK(test_subskeleton_ours__load(skel), "load"))
		goto out;
	skel->data->my_tgid = getpid();
	if (!ASSERT_OK(test_subskeleton_ours__attach(skel), "attach"))
		goto out;
	syscall(SYS_getpgid, 0);
	ASSERT_EQ(skel->bss->main_out, 3 * 5 + 7, "the library computed with its variables");
	ASSERT_EQ(*lib->bss.lib_calls, 1, "the library's counter, through the subskeleton");
	ASSERT_OK(bpf_map__lookup_elem(lib->maps.lib_last, &zero, sizeof(zero), &last,
				       sizeof(last), 0), "lib_last lookup");
	ASSERT_EQ(last, 3 * 5 + 7, "the library's map");
out:
	test_subskeleton_lib__destroy(lib);
	test_subskeleton_ours__destroy(skel);
}

/* ---- weak ------------------------------------------------------------------ */

static void weak(void)
{
	struct bpf_object *obj;
	struct bpf_link *link = NULL;
	__u64 *out;
	int *tgid;

	obj = bpf_object__open_file("linker_weak_ours.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	tgid = var_ptr(obj, ".data", "my_tgid");
	out = var_ptr(obj, ".bss", "weak_out");
	if (!tgid || !out)
		goto out;
	*tgid = getpid();
	link = bpf_program__attach(bpf_object__find_program_by_name(obj, "weak_main"));
	if (!ASSERT_OK_PTR(link, "attach"))
		goto out;
	syscall(SYS_getpgid, 0);
	ASSERT_EQ(out[0], 2, "which_a(): b's strong beats a's weak");
	ASSERT_EQ(out[1], 11, "which_b(): a's strong beats b's weak");
	ASSERT_EQ(out[2], 6, "wvar: b's strong beats a's weak");
	ASSERT_EQ(out[3], 7, "only_weak(): the only definition");
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
}

void test_linker(void)
{
	if (test__start_subtest("bpftool_vs_ours"))
		bpftool_vs_ours();
	if (test__start_subtest("skeleton"))
		skeleton();
	if (test__start_subtest("same_layout"))
		same_layout();
	if (test__start_subtest("subskeleton"))
		subskeleton();
	if (test__start_subtest("weak"))
		weak();
}
