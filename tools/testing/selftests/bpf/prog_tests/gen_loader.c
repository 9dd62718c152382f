// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_object__gen_loader(): this library generates the loader program
 * and data of a light skeleton, skel_internal.h's bpf_load_and_run()
 * runs it, and the maps and programs it made work.
 *
 * - run: test_lskel.bpf.o: the load records only (no map or program fd
 *   appears), the loader creates BTF, maps (the .rodata initial value
 *   from user memory, as a light skeleton passes it, .rodata frozen) and
 *   programs (raw_tp, tp_btf with its target looked up by the loader,
 *   syscall); attach, trigger getpgid(2), observe through the mmap-ed
 *   .bss and the hash map, run the syscall program, detach, close: no
 *   fd left;
 * - xdp: test_global_data.bpf.o's XDP program with custom data sections;
 * - in_lskel: the loader this library generates for test_lskel.bpf.o,
 *   run in the light skeleton the system's bpftool generated for it (its
 *   struct, open, attach and destroy; our loader in place of bpftool's);
 * - objects: for objects of progs/ that load normally on this kernel,
 *   the generated loader runs too and hands out an fd for every map and
 *   program the normal load would create (objects that need the
 *   __arg_ctx fallback are left out: it does not apply to generated
 *   loaders);
 * - no_arg_ctx_fallback: test_tc_xdp.bpf.o, whose global subprograms take
 *   "void *ctx __arg_ctx", loads normally everywhere (with the fallback
 *   before 6.8) but its generated loader only works where the kernel
 *   understands arg:ctx itself (6.8+), as documented;
 * - kfuncs: test_kfunc_calls.bpf.o, whose kfunc calls the loader
 *   resolves in the running kernel's BTF: bpf_task_from_pid() finds our
 *   own pid and not an impossible one (where the normal load works:
 *   6.2+);
 * - module_kfuncs: test_module_btf.bpf.o's ct_lookup, calling
 *   nf_conntrack's bpf_xdp_ct_lookup()/bpf_ct_release(): the loader finds
 *   them in the module's BTF and passes its fd through fd_array (where
 *   nf_conntrack has BTF and the normal load works: the VMs);
 * - prog_arrays: test_tailcalls.bpf.o's jump_table slots, set in the
 *   object, filled by the loader after the programs loaded: a tail call
 *   from a subprogram reaches tail_first, which tail-calls tail_second;
 * - map_in_map: test_map_in_map.bpf.o: outer maps created with an inner
 *   map template, their slots set in the object hold the inner maps
 *   (ids compared), the others are empty;
 * - loader_failure: a map the kernel refuses fails the loader, which
 *   closes what it made;
 * - unsupported: typeless ksyms, gen_hash, a second call, a call after load
 *   and bpf_object__prepare() are refused with a clear error.
 *
 * The loader is a BPF_PROG_TYPE_SYSCALL program: kernel 5.14+.
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <bpf/skel_internal.h>
#include "test_progs.h"
#include "test_lskel.lskel.h"

#define NR_getpgid_test 121

struct gen_ctx {
	struct bpf_loader_ctx *ctx;	/* followed by map and prog descs */
	struct bpf_map_desc *maps;
	struct bpf_prog_desc *progs;
	int nr_maps, nr_progs;
};

static int gen_ctx_init(struct gen_ctx *g, struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_map *map;
	size_t sz;

	memset(g, 0, sizeof(*g));
	bpf_object__for_each_map(map, obj)
		g->nr_maps++;
	bpf_object__for_each_program(prog, obj)
		g->nr_progs++;
	sz = sizeof(*g->ctx) + g->nr_maps * sizeof(*g->maps) +
	     g->nr_progs * sizeof(*g->progs);
	g->ctx = calloc(1, sz);
	if (!g->ctx)
		return -ENOMEM;
	g->ctx->sz = sz;
	g->maps = (void *)(g->ctx + 1);
	g->progs = (void *)(g->maps + g->nr_maps);
	return 0;
}

static int map_idx(struct bpf_object *obj, const char *name)
{
	struct bpf_map *map;
	int i = 0;

	/* internal maps are "<obj name prefix>.data" and so on */
	bpf_object__for_each_map(map, obj) {
		const char *n = bpf_map__name(map);
		size_t nl = strlen(n), l = strlen(name);

		if (!strcmp(n, name) ||
		    (name[0] == '.' && nl >= l && !strcmp(n + nl - l, name)))
			return i;
		i++;
	}
	return -1;
}

static struct bpf_map *map_at(struct bpf_object *obj, int idx)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj)
		if (!idx--)
			return map;
	return NULL;
}

static int prog_idx(struct bpf_object *obj, const char *name)
{
	struct bpf_program *prog;
	int i = 0;

	bpf_object__for_each_program(prog, obj) {
		if (!strcmp(bpf_program__name(prog), name))
			return i;
		i++;
	}
	return -1;
}

static void gen_ctx_close(struct gen_ctx *g)
{
	int i;

	if (!g->ctx)
		return;
	for (i = 0; i < g->nr_maps; i++)
		skel_closenz(g->maps[i].map_fd);
	for (i = 0; i < g->nr_progs; i++)
		skel_closenz(g->progs[i].prog_fd);
	free(g->ctx);
	g->ctx = NULL;
}

/* open and generate; *opts is filled by the load */
static struct bpf_object *gen_open(const char *file, struct gen_loader_opts *opts)
{
	struct bpf_object *obj;
	int err;

	obj = bpf_object__open_file(file, NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return NULL;
	err = bpf_object__gen_loader(obj, opts);
	if (!ASSERT_OK(err, "bpf_object__gen_loader")) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

/* record obj's load (no map or program made) and size the loader context */
static int gen_record(struct bpf_object *obj, struct gen_ctx *g, const char *what)
{
	int err = bpf_object__load(obj);

	if (!ASSERT_OK(err, what))
		return err;
	return ASSERT_OK(gen_ctx_init(g, obj), "ctx") ? 0 : -ENOMEM;
}

/* run the recorded loader with ctx: ours or a light skeleton's */
static int gen_run(struct bpf_loader_ctx *ctx, const struct gen_loader_opts *gopts,
		   const char **errstr)
{
	struct bpf_load_and_run_opts opts = {
		.ctx = ctx,
		.data = gopts->data,
		.data_sz = gopts->data_sz,
		.insns = gopts->insns,
		.insns_sz = gopts->insns_sz,
	};
	int err = bpf_load_and_run(&opts);

	*errstr = opts.errstr;
	return err;
}

/* open, generate, record and run file's loader: the object, g holding the
 * fds the loader made; NULL (nothing left open) on failure
 */
static struct bpf_object *gen_loaded(const char *file, struct gen_loader_opts *gopts,
				     struct gen_ctx *g)
{
	struct bpf_object *obj = gen_open(file, gopts);
	const char *errstr = NULL;

	if (!obj)
		return NULL;
	if (!gen_record(obj, g, "load records") &&
	    ASSERT_OK(gen_run(g->ctx, gopts, &errstr), errstr ?: "bpf_load_and_run"))
		return obj;
	gen_ctx_close(g);
	bpf_object__close(obj);
	return NULL;
}

static void trigger(int n)
{
	while (n--)
		syscall(SYS_getpgid, 0);
}

/* test_lskel's .bss as clang lays it out (bpftool's light skeleton agrees) */
struct lskel_bss {
	__u64 raw_tp_cnt, sum, syscall_runs, tp_btf_cnt;
};

static void run(void)
{
	LIBBPF_OPTS(gen_loader_opts, gopts);
	const char *errstr = NULL;
	int fds = count_open_fds(), err, raw_fd = -1, btf_fd = -1;
	int i_hash, i_slots, i_data, i_rodata, i_bss, p_raw, p_btf, p_sys;
	__u32 tgid = getpid(), k0 = 0, k1 = 1, retval = 0;
	struct lskel_bss *bss = MAP_FAILED;
	struct bpf_object *obj;
	struct gen_ctx g = {};
	__u64 v, in = 7;
	char *rodata = NULL, *data = MAP_FAILED;
	size_t ro_sz;

	obj = gen_open("test_lskel.bpf.o", &gopts);
	if (!obj)
		return;
	err = bpf_object__load(obj);
	if (!ASSERT_OK(err, "load records"))
		goto out;
	ASSERT_GT(gopts.insns_sz, 0, "insns_sz");
	ASSERT_EQ(gopts.insns_sz % 8, 0, "insns_sz multiple of 8");
	ASSERT_GT(gopts.data_sz, 0, "data_sz");
	ASSERT_OK_PTR(gopts.insns, "insns");
	ASSERT_OK_PTR(gopts.data, "data");
	ASSERT_LT(bpf_map__fd(bpf_object__find_map_by_name(obj, "per_tgid")), 0,
		  "no map created by the recording load");
	ASSERT_LT(bpf_program__fd(bpf_object__find_program_by_name(obj, "raw_tp_enter")), 0,
		  "no program loaded by the recording load");
	ASSERT_EQ(count_open_fds(), fds, "recording leaves no fd");

	if (!ASSERT_OK(gen_ctx_init(&g, obj), "ctx"))
		goto out;
	i_hash = map_idx(obj, "per_tgid");
	i_slots = map_idx(obj, "slots");
	i_data = map_idx(obj, ".data");
	i_rodata = map_idx(obj, ".rodata");
	i_bss = map_idx(obj, ".bss");
	p_raw = prog_idx(obj, "raw_tp_enter");
	p_btf = prog_idx(obj, "tp_btf_enter");
	p_sys = prog_idx(obj, "use_map");
	if (!ASSERT_GE(i_hash, 0, "per_tgid") || !ASSERT_GE(i_slots, 0, "slots") ||
	    !ASSERT_GE(i_data, 0, ".data") || !ASSERT_GE(i_rodata, 0, ".rodata") ||
	    !ASSERT_GE(i_bss, 0, ".bss") || !ASSERT_GE(p_raw, 0, "raw_tp_enter") ||
	    !ASSERT_GE(p_btf, 0, "tp_btf_enter") || !ASSERT_GE(p_sys, 0, "use_map"))
		goto out;
	/* .rodata's initial value from "user" memory, as a light skeleton's */
	ro_sz = bpf_map__value_size(map_at(obj, i_rodata));
	rodata = calloc(1, ro_sz);
	if (!ASSERT_OK_PTR(rodata, "rodata buffer"))
		goto out;
	*(__u64 *)rodata = 5;	/* bias */
	g.maps[i_rodata].initial_value = (long)rodata;

	err = gen_run(g.ctx, &gopts, &errstr);
	if (!ASSERT_OK(err, errstr ?: "bpf_load_and_run"))
		goto out;
	ASSERT_GT(g.maps[i_hash].map_fd, 0, "hash map fd");
	ASSERT_GT(g.maps[i_bss].map_fd, 0, ".bss map fd");
	ASSERT_GT(g.progs[p_raw].prog_fd, 0, "raw_tp fd");
	ASSERT_GT(g.progs[p_btf].prog_fd, 0, "tp_btf fd");
	ASSERT_GT(g.progs[p_sys].prog_fd, 0, "syscall prog fd");

	data = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, g.maps[i_data].map_fd, 0);
	bss = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, g.maps[i_bss].map_fd, 0);
	if (!ASSERT_NEQ(data, MAP_FAILED, "mmap .data") ||
	    !ASSERT_NEQ((void *)bss, MAP_FAILED, "mmap .bss"))
		goto out;
	ASSERT_EQ(*(int *)data, -1, ".data initial my_tgid");
	ASSERT_EQ(*(__u64 *)(data + 8), 3, ".data initial add");
	/* .rodata is frozen: no writable mapping */
	ASSERT_EQ(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
		       g.maps[i_rodata].map_fd, 0), MAP_FAILED, ".rodata frozen");
	*(int *)data = tgid;
	*(__u64 *)(data + 8) = 10;

	raw_fd = skel_raw_tracepoint_open("sys_enter", g.progs[p_raw].prog_fd);
	btf_fd = skel_raw_tracepoint_open(NULL, g.progs[p_btf].prog_fd);
	if (!ASSERT_GT(raw_fd, 0, "attach raw_tp") || !ASSERT_GT(btf_fd, 0, "attach tp_btf"))
		goto out;
	trigger(3);
	ASSERT_EQ(bss->raw_tp_cnt, 3, "raw_tp count");
	ASSERT_EQ(bss->tp_btf_cnt, 3, "tp_btf count");
	ASSERT_EQ(bss->sum, 3 * (10 + 5), "sum of .data and .rodata (from user memory)");
	if (ASSERT_OK(bpf_map_lookup_elem(g.maps[i_hash].map_fd, &tgid, &v), "per_tgid"))
		ASSERT_EQ(v, 3, "per_tgid count");

	ASSERT_OK(bpf_map_update_elem(g.maps[i_slots].map_fd, &k0, &in, 0), "slots[0]");
	ASSERT_OK(run_prog_ctx(g.progs[p_sys].prog_fd, NULL, 0, &retval), "run use_map");
	ASSERT_EQ(retval, 0, "use_map retval");
	if (ASSERT_OK(bpf_map_lookup_elem(g.maps[i_slots].map_fd, &k1, &v), "slots[1]"))
		ASSERT_EQ(v, 7 * 2 + 5, "slots[1] value");

	close(raw_fd);
	close(btf_fd);
	raw_fd = btf_fd = -1;
	trigger(2);
	ASSERT_EQ(bss->raw_tp_cnt, 3, "raw_tp stopped after detach");
	ASSERT_EQ(bss->tp_btf_cnt, 3, "tp_btf stopped after detach");
out:
	if (raw_fd >= 0)
		close(raw_fd);
	if (btf_fd >= 0)
		close(btf_fd);
	if (data != MAP_FAILED)
		munmap(data, 4096);
	if (bss != MAP_FAILED)
		munmap(bss, 4096);
	gen_ctx_close(&g);
	free(rodata);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static void xdp(void)
{
	LIBBPF_OPTS(gen_loader_opts, gopts);
	int fds = count_open_fds(), p, i_data;
	struct bpf_object *obj;
	struct gen_ctx g = {};
	__u32 retval = 0;
	__u64 packets = 0;
	int zero = 0;
	char *val = NULL;

	obj = gen_loaded("test_global_data.bpf.o", &gopts, &g);
	if (!obj)
		goto out;
	p = prog_idx(obj, "xdp_global_data");
	i_data = map_idx(obj, ".data");
	if (!ASSERT_GE(p, 0, "prog") || !ASSERT_GE(i_data, 0, ".data"))
		goto out;
	ASSERT_OK(run_prog_pkt(g.progs[p].prog_fd, 64, &retval), "run 64");
	ASSERT_EQ(retval, XDP_PASS, "64 bytes pass");
	ASSERT_OK(run_prog_pkt(g.progs[p].prog_fd, 2000, &retval), "run 2000");
	ASSERT_EQ(retval, XDP_DROP, "2000 bytes dropped (max_len 1500)");
	val = calloc(1, 4096);
	if (ASSERT_OK_PTR(val, "value") &&
	    ASSERT_OK(bpf_map_lookup_elem(g.maps[i_data].map_fd, &zero, val), "lookup .data")) {
		memcpy(&packets, val, sizeof(packets));
		ASSERT_EQ(packets, 3, ".data packets");
	}
out:
	free(val);
	gen_ctx_close(&g);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static void in_lskel(void)
{
	static const char *const want[] = { "per_tgid", "slots", ".data", ".rodata", ".bss" };
	LIBBPF_OPTS(gen_loader_opts, gopts);
	const char *errstr = NULL;
	int fds = count_open_fds(), err;
	struct test_lskel *skel = NULL;
	struct bpf_object *obj;
	size_t i;

	obj = gen_open("test_lskel.bpf.o", &gopts);
	if (!obj)
		return;
	err = bpf_object__load(obj);
	if (!ASSERT_OK(err, "load records"))
		goto out;
	/* the skeleton's descriptors are in bpftool's map and program order */
	for (i = 0; i < ARRAY_SIZE(want); i++)
		if (!ASSERT_EQ(map_idx(obj, want[i]), (int)i, want[i]))
			goto out;
	if (!ASSERT_EQ(prog_idx(obj, "raw_tp_enter"), 0, "prog order") ||
	    !ASSERT_EQ(prog_idx(obj, "use_map"), 2, "prog order"))
		goto out;

	skel = test_lskel__open();
	if (!ASSERT_OK_PTR(skel, "test_lskel__open"))
		goto out;
	skel->rodata->bias = 4;
	/* test_lskel__load() with this library's loader */
	err = gen_run((struct bpf_loader_ctx *)skel, &gopts, &errstr);
	if (!ASSERT_OK(err, errstr ?: "bpf_load_and_run"))
		goto out;
	skel->data = skel_finalize_map_data(&skel->maps.data.initial_value, 4096,
					    PROT_READ | PROT_WRITE, skel->maps.data.map_fd);
	skel->rodata = skel_finalize_map_data(&skel->maps.rodata.initial_value, 4096,
					      PROT_READ, skel->maps.rodata.map_fd);
	skel->bss = skel_finalize_map_data(&skel->maps.bss.initial_value, 4096,
					   PROT_READ | PROT_WRITE, skel->maps.bss.map_fd);
	if (!ASSERT_OK_PTR(skel->data, "data") || !ASSERT_OK_PTR(skel->rodata, "rodata") ||
	    !ASSERT_OK_PTR(skel->bss, "bss"))
		goto out;
	ASSERT_EQ(skel->rodata->bias, 4, "rodata from the skeleton");
	skel->data->my_tgid = getpid();
	skel->data->add = 2;
	err = test_lskel__attach(skel);
	if (!ASSERT_OK(err, "attach"))
		goto out;
	trigger(5);
	ASSERT_EQ(skel->bss->raw_tp_cnt, 5, "raw_tp count");
	ASSERT_EQ(skel->bss->tp_btf_cnt, 5, "tp_btf count");
	ASSERT_EQ(skel->bss->sum, 5 * (2 + 4), "sum");
	test_lskel__detach(skel);
	memset(&skel->links, 0, sizeof(skel->links));
	trigger(1);
	ASSERT_EQ(skel->bss->raw_tp_cnt, 5, "stopped after detach");
out:
	test_lskel__destroy(skel);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static bool plain_load_works(const char *file)
{
	struct bpf_object *obj = bpf_object__open_file(file, NULL);
	int err = obj ? bpf_object__load(obj) : -errno;

	bpf_object__close(obj);
	return !err;
}

static void one_object(const char *file)
{
	LIBBPF_OPTS(gen_loader_opts, gopts);
	const char *errstr = NULL;
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;
	struct gen_ctx g = {};
	int err, i = 0;

	obj = gen_open(file, &gopts);
	if (!obj)
		return;
	if (gen_record(obj, &g, file))
		goto out;
	err = gen_run(g.ctx, &gopts, &errstr);
	if (err)
		printf("%s: %s\n", file, errstr ?: "");
	if (!ASSERT_OK(err, file))
		goto out;
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__autocreate(map) && !ASSERT_GT(g.maps[i].map_fd, 0, bpf_map__name(map)))
			break;
		i++;
	}
	i = 0;
	bpf_object__for_each_program(prog, obj) {
		if (bpf_program__autoload(prog) &&
		    !ASSERT_GT(g.progs[i].prog_fd, 0, bpf_program__name(prog)))
			break;
		i++;
	}
out:
	gen_ctx_close(&g);
	bpf_object__close(obj);
}

static void objects(void)
{
	static const char *const files[] = {
		"test_maps_btf.bpf.o", "test_maps_net.bpf.o", "test_maps_storage.bpf.o",
		"test_ringbuf.bpf.o", "test_user_ringbuf.bpf.o", "test_perf_buffer.bpf.o",
		"test_callbacks.bpf.o", "test_subprogs.bpf.o", "test_subprogs_callbacks.bpf.o",
		"test_multi_prog_sections.bpf.o", "test_usdt.bpf.o",
		"test_subskeleton.bpf.o", "test_extern_kver.bpf.o", "test_map_autocreate.bpf.o",
		"hdr_kprobe.bpf.o", "hdr_printk.bpf.o",
	};
	int fds = count_open_fds(), ran = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		if (!plain_load_works(files[i])) {
			printf("%s: does not load normally on this kernel, not generated\n",
			       files[i]);
			continue;
		}
		one_object(files[i]);
		ran++;
	}
	ASSERT_GE(ran, 10, "objects run through generated loaders");
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static void no_arg_ctx_fallback(void)
{
	const char *file = "test_tc_xdp.bpf.o";
	LIBBPF_OPTS(gen_loader_opts, gopts);
	const char *errstr = NULL;
	int fds = count_open_fds(), err;
	struct bpf_object *obj;
	struct gen_ctx g = {};

	if (!ASSERT_TRUE(plain_load_works(file), "normal load (with the fallback where needed)"))
		return;
	obj = gen_open(file, &gopts);
	if (!obj)
		return;
	if (gen_record(obj, &g, "load records"))
		goto out;
	err = gen_run(g.ctx, &gopts, &errstr);
	if (kernel_at_least(6, 8))
		ASSERT_OK(err, "generated loader: kernel verifies arg:ctx itself");
	else
		ASSERT_EQ(err, -EINVAL, "generated loader: no __arg_ctx fallback before 6.8");
out:
	gen_ctx_close(&g);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

/* offset of variable name in the DATASEC sec of obj's BTF, or -1 */
static int var_off(struct bpf_object *obj, const char *sec, const char *name)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *t;
	int id, i;

	id = btf ? btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC) : -1;
	if (id <= 0)
		return -1;
	t = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vs++)
		if (!strcmp(btf__name_by_offset(btf, btf__type_by_id(btf, vs->type)->name_off),
			    name))
			return vs->offset;
	return -1;
}

static void kfuncs(void)
{
	const char *file = "test_kfunc_calls.bpf.o";
	LIBBPF_OPTS(gen_loader_opts, gopts);
	int fds = count_open_fds(), p, sub_p, i_bss, pid_off, found_off;
	char *bss = MAP_FAILED;
	struct bpf_object *obj;
	struct gen_ctx g = {};
	__u32 retval = 0;

	if (!plain_load_works(file)) {
		test__skip("%s does not load normally on this kernel (bpf_task_from_pid: 6.2+)",
			   file);
		return;
	}
	obj = gen_loaded(file, &gopts, &g);
	if (!obj)
		goto out;
	p = prog_idx(obj, "tc_task_from_pid");
	sub_p = prog_idx(obj, "tc_task_from_pid_subprog");
	i_bss = map_idx(obj, ".bss");
	pid_off = var_off(obj, ".bss", "target_pid");
	found_off = var_off(obj, ".bss", "found_sub");
	if (!ASSERT_GE(p, 0, "prog") || !ASSERT_GE(sub_p, 0, "subprog prog") ||
	    !ASSERT_GE(i_bss, 0, ".bss") || !ASSERT_GE(pid_off, 0, "target_pid") ||
	    !ASSERT_GE(found_off, 0, "found_sub"))
		goto out;
	bss = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, g.maps[i_bss].map_fd, 0);
	if (!ASSERT_NEQ(bss, MAP_FAILED, "mmap .bss"))
		goto out;
	*(int *)(bss + pid_off) = getpid();
	ASSERT_OK(run_prog_pkt(g.progs[p].prog_fd, 64, &retval), "run");
	ASSERT_EQ(retval, 2, "bpf_task_from_pid() finds our pid");
	ASSERT_OK(run_prog_pkt(g.progs[sub_p].prog_fd, 64, &retval), "run subprog");
	ASSERT_EQ(*(__u64 *)(bss + found_off), 1, "found from a subprogram");
	*(int *)(bss + pid_off) = -5;
	ASSERT_OK(run_prog_pkt(g.progs[p].prog_fd, 64, &retval), "run");
	ASSERT_EQ(retval, 1, "an impossible pid is not found");
out:
	if (bss != MAP_FAILED)
		munmap(bss, 4096);
	gen_ctx_close(&g);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static struct bpf_object *open_ct_lookup(void)
{
	struct bpf_object *obj = bpf_object__open_file("test_module_btf.bpf.o", NULL);
	struct bpf_program *prog;

	if (!obj)
		return NULL;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), "ct_lookup"));
	return obj;
}

static void module_kfuncs(void)
{
	LIBBPF_OPTS(gen_loader_opts, gopts);
	const char *errstr = NULL;
	int fds = count_open_fds(), err, p, i_data, found_off, error_off, zero = 0;
	struct bpf_object *obj;
	struct gen_ctx g = {};
	__u32 retval = 0;
	char *val = NULL;

	if (access("/sys/kernel/btf/nf_conntrack", F_OK)) {
		test__skip("no BTF for nf_conntrack (/sys/kernel/btf/nf_conntrack)");
		return;
	}
	obj = open_ct_lookup();
	err = obj ? bpf_object__load(obj) : -errno;
	bpf_object__close(obj);
	if (err) {
		test__skip("ct_lookup does not load normally on this kernel");
		return;
	}
	obj = open_ct_lookup();
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	if (!ASSERT_OK(bpf_object__gen_loader(obj, &gopts), "gen_loader"))
		goto out;
	if (gen_record(obj, &g, "load records"))
		goto out;
	err = gen_run(g.ctx, &gopts, &errstr);
	if (!ASSERT_OK(err, errstr ?: "bpf_load_and_run"))
		goto out;
	p = prog_idx(obj, "ct_lookup");
	i_data = map_idx(obj, ".data");
	found_off = var_off(obj, ".data", "ct_found");
	error_off = var_off(obj, ".data", "ct_error");
	if (!ASSERT_GE(p, 0, "ct_lookup") || !ASSERT_GE(i_data, 0, ".data") ||
	    !ASSERT_GE(found_off, 0, "ct_found") || !ASSERT_GE(error_off, 0, "ct_error"))
		goto out;
	ASSERT_OK(run_prog_pkt(g.progs[p].prog_fd, 64, &retval), "run");
	ASSERT_EQ(retval, XDP_PASS, "XDP_PASS");
	val = calloc(1, 4096);
	if (ASSERT_OK_PTR(val, "value") &&
	    ASSERT_OK(bpf_map_lookup_elem(g.maps[i_data].map_fd, &zero, val), ".data")) {
		ASSERT_EQ(*(int *)(val + found_off), 0, "no such connection");
		ASSERT_EQ(*(int *)(val + error_off), -ENOENT, "the module's kfunc said ENOENT");
	}
out:
	free(val);
	gen_ctx_close(&g);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind (module BTF fds closed)");
}

static void prog_arrays(void)
{
	LIBBPF_OPTS(gen_loader_opts, gopts);
	int fds = count_open_fds(), p, i_bss, zero = 0;
	struct bpf_object *obj;
	struct gen_ctx g = {};
	__u64 entered[4] = {};
	__u32 retval = 1;

	obj = gen_loaded("test_tailcalls.bpf.o", &gopts, &g);
	if (!obj)
		goto out;
	p = prog_idx(obj, "tail_entry");
	i_bss = map_idx(obj, ".bss");
	if (!ASSERT_GE(p, 0, "tail_entry") || !ASSERT_GE(i_bss, 0, ".bss"))
		goto out;
	ASSERT_OK(run_prog_pkt(g.progs[p].prog_fd, 64, &retval), "run tail_entry");
	ASSERT_EQ(retval, 0, "tail_second's return value");
	if (ASSERT_OK(bpf_map_lookup_elem(g.maps[i_bss].map_fd, &zero, entered), ".bss")) {
		ASSERT_EQ(entered[0], 1, "tail_entry ran");
		ASSERT_EQ(entered[1], 1, "tail_first reached through jump_table[0]");
		ASSERT_EQ(entered[2], 1, "tail_second reached through jump_table[2]");
	}
out:
	gen_ctx_close(&g);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return bpf_map_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static void map_in_map(void)
{
	LIBBPF_OPTS(gen_loader_opts, gopts);
	int fds = count_open_fds(), arr, hash, a, b, h1, empty;
	__u32 k0 = 0, k1 = 1, k2 = 2, k3 = 3, id = 0;
	struct bpf_object *obj;
	struct gen_ctx g = {};

	obj = gen_loaded("test_map_in_map.bpf.o", &gopts, &g);
	if (!obj)
		goto out;
	arr = map_idx(obj, "outer_arr");
	hash = map_idx(obj, "outer_hash");
	empty = map_idx(obj, "outer_empty");
	a = map_idx(obj, "inner_a");
	b = map_idx(obj, "inner_b");
	h1 = map_idx(obj, "inner_h1");
	if (!ASSERT_GE(arr, 0, "outer_arr") || !ASSERT_GE(hash, 0, "outer_hash") ||
	    !ASSERT_GE(empty, 0, "outer_empty") || !ASSERT_GE(a, 0, "inner_a") ||
	    !ASSERT_GE(b, 0, "inner_b") || !ASSERT_GE(h1, 0, "inner_h1"))
		goto out;
	if (ASSERT_OK(bpf_map_lookup_elem(g.maps[arr].map_fd, &k0, &id), "outer_arr[0]"))
		ASSERT_EQ(id, map_id(g.maps[a].map_fd), "outer_arr[0] is inner_a");
	if (ASSERT_OK(bpf_map_lookup_elem(g.maps[arr].map_fd, &k2, &id), "outer_arr[2]"))
		ASSERT_EQ(id, map_id(g.maps[b].map_fd), "outer_arr[2] is inner_b");
	ASSERT_ERR(bpf_map_lookup_elem(g.maps[arr].map_fd, &k1, &id), "outer_arr[1] empty");
	if (ASSERT_OK(bpf_map_lookup_elem(g.maps[hash].map_fd, &k1, &id), "outer_hash[1]"))
		ASSERT_EQ(id, map_id(g.maps[h1].map_fd), "outer_hash[1] is inner_h1");
	ASSERT_ERR(bpf_map_lookup_elem(g.maps[hash].map_fd, &k0, &id), "outer_hash[0] empty");
	ASSERT_OK(bpf_map_lookup_elem(g.maps[hash].map_fd, &k3, &id), "outer_hash[3]");
	ASSERT_ERR(bpf_map_lookup_elem(g.maps[empty].map_fd, &k0, &id), "outer_empty[0]");
	/* the slots take maps of the template's type */
	ASSERT_OK(bpf_map_update_elem(g.maps[empty].map_fd, &k0, &g.maps[a].map_fd, 0),
		  "outer_empty[0] = inner_a");
out:
	gen_ctx_close(&g);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind (inner templates closed)");
}

static void loader_failure(void)
{
	LIBBPF_OPTS(gen_loader_opts, gopts);
	const char *errstr = NULL;
	int fds = count_open_fds(), err, i;
	struct bpf_object *obj;
	struct gen_ctx g = {};

	obj = gen_open("test_lskel.bpf.o", &gopts);
	if (!obj)
		return;
	if (gen_record(obj, &g, "load records"))
		goto out;
	i = map_idx(obj, "slots");
	if (!ASSERT_GE(i, 0, "slots"))
		goto out;
	g.maps[i].max_entries = 0xffffffff;
	err = gen_run(g.ctx, &gopts, &errstr);
	ASSERT_LT(err, 0, "loader fails");
	if (ASSERT_OK_PTR(errstr, "errstr"))
		ASSERT_HAS_SUBSTR(errstr, "error returned by loader prog", "errstr");
	for (i = 0; i < g.nr_maps; i++)
		ASSERT_EQ(g.maps[i].map_fd, 0, "no map fd handed out");
	for (i = 0; i < g.nr_progs; i++)
		ASSERT_EQ(g.progs[i].prog_fd, 0, "no prog fd handed out");
out:
	gen_ctx_close(&g);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "loader closed what it made");
}

static void unsupported(void)
{
	LIBBPF_OPTS(gen_loader_opts, gopts);
	LIBBPF_OPTS(gen_loader_opts, hash, .gen_hash = true);
	int fds = count_open_fds(), err;
	struct bpf_object *obj;

	obj = bpf_object__open_file("test_lskel.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	/* as libbpf (1.1.2 checked): no opts is -EFAULT */
	ASSERT_EQ(bpf_object__gen_loader(obj, NULL), -EFAULT, "NULL opts");
	ASSERT_EQ(bpf_object__gen_loader(obj, &hash), -EOPNOTSUPP, "gen_hash");
	ASSERT_OK(bpf_object__gen_loader(obj, &gopts), "first call");
	ASSERT_EQ(bpf_object__gen_loader(obj, &gopts), -EINVAL, "second call");
	ASSERT_EQ(bpf_object__prepare(obj), -EOPNOTSUPP, "prepare");
	bpf_object__close(obj);

	/* XDP and tc programs: loads on every kernel of the matrix */
	obj = bpf_object__open_file("test_global_data.bpf.o", NULL);
	if (ASSERT_OK_PTR(obj, "open")) {
		ASSERT_OK(bpf_object__load(obj), "normal load");
		ASSERT_EQ(bpf_object__gen_loader(obj, &gopts), -EINVAL, "after load");
		bpf_object__close(obj);
	}

	/* typeless ksyms are kallsyms addresses the loader cannot look up */
	obj = bpf_object__open_file("test_externs.bpf.o", NULL);
	if (ASSERT_OK_PTR(obj, "open typeless ksym object")) {
		err = bpf_object__gen_loader(obj, &gopts);
		ASSERT_EQ(err, -EOPNOTSUPP, "typeless ksym refused");
		bpf_object__close(obj);
	}
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

/* the generation works anywhere; running the loader needs 5.14 */
static bool can_run(void)
{
	return require_kernel(5, 14, "generated loaders (BPF_PROG_TYPE_SYSCALL)");
}

void test_gen_loader(void)
{
	if (test__start_subtest("unsupported"))
		unsupported();
	if (test__start_subtest("run") && can_run())
		run();
	if (test__start_subtest("xdp") && can_run())
		xdp();
	if (test__start_subtest("in_lskel") && can_run())
		in_lskel();
	if (test__start_subtest("objects") && can_run())
		objects();
	if (test__start_subtest("no_arg_ctx_fallback") && can_run())
		no_arg_ctx_fallback();
	if (test__start_subtest("kfuncs") && can_run())
		kfuncs();
	if (test__start_subtest("module_kfuncs") && can_run())
		module_kfuncs();
	if (test__start_subtest("prog_arrays") && can_run())
		prog_arrays();
	if (test__start_subtest("map_in_map") && can_run())
		map_in_map();
	if (test__start_subtest("loader_failure") && can_run())
		loader_failure();
}
