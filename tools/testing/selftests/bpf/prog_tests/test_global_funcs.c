// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Global subprograms and their context arguments on the running kernel.
 *
 *   - the annotated programs of test_global_func_ctx_args.bpf.o (typed
 *     and __arg_ctx contexts from every program type with a named
 *     context) and test_global_funcs_args.bpf.o (how the verifier checks
 *     global subprogram arguments, with expected verifier messages), each
 *     loaded alone; on a kernel that reads arg:ctx itself the ctx_args
 *     programs run a second time with the library's fallback forced on
 *     ("fallback_" subtests), which proves the rewritten BTF on a new
 *     kernel too;
 *   - ctx_arg_rewrite: many of those programs loaded together in one
 *     object, then each program's func_info and BTF read back from the
 *     kernel: with the fallback, every tagged argument points to the
 *     context struct of the program's type (one subprogram, several
 *     types, several structs); without it, the subprogram's own FUNC is
 *     used untouched;
 *   - btf_growth: the BTF handed to the kernel grows per (subprogram,
 *     context struct) pair, whatever the number of programs.
 *
 * Which path the library takes is its own feature probe's answer, read
 * here through the same internal function (test_progs links libbpf.a).
 */
#include "test_progs.h"
#include "test_loader.h"
#include <bpf/libbpf_internal.h>

#define CTX_ARGS_OBJ "test_global_func_ctx_args.bpf.o"
#define ARGS_OBJ "test_global_funcs_args.bpf.o"
#define GROWTH_OBJ "test_global_funcs_growth.bpf.o"

/* ---- forcing the fallback --------------------------------------------------- */

static bool fallback_active(void)
{
	return !kernel_supports(FEAT_ARG_CTX_TAG);
}

/* ---- reading BTF types ---------------------------------------------------- */

static bool is_modifier(const struct btf_type *t)
{
	return btf_is_const(t) || btf_is_volatile(t) || btf_is_restrict(t) ||
	       btf_is_type_tag(t);
}

/* what PTR @ptr_id points to: "void", "struct x", "union x" or a name */
static const char *pointee_str(const struct btf *btf, __u32 ptr_id, char *buf, size_t size)
{
	const struct btf_type *t = btf__type_by_id(btf, ptr_id);
	__u32 id;

	if (!t || !btf_is_ptr(t)) {
		snprintf(buf, size, "(not a pointer)");
		return buf;
	}
	for (id = t->type, t = btf__type_by_id(btf, id); id && t && is_modifier(t);
	     id = t->type, t = btf__type_by_id(btf, id))
		;
	if (!id)
		snprintf(buf, size, "void");
	else if (!t)
		snprintf(buf, size, "(bad id %u)", id);
	else
		snprintf(buf, size, "%s%s",
			 btf_is_struct(t) ? "struct " : btf_is_union(t) ? "union " : "",
			 btf__name_by_offset(btf, t->name_off) ?: "?");
	return buf;
}

/* type id of parameter @arg of FUNC @func_id, 0 if there is none */
static __u32 param_type(const struct btf *btf, __u32 func_id, int arg)
{
	const struct btf_type *func = btf__type_by_id(btf, func_id);
	const struct btf_type *proto;

	if (!func || !btf_is_func(func))
		return 0;
	proto = btf__type_by_id(btf, func->type);
	if (!proto || !btf_is_func_proto(proto) || arg >= btf_vlen(proto))
		return 0;
	return btf_params(proto)[arg].type;
}

/* ---- what the kernel has for a loaded program ------------------------------ */

struct kern_prog {
	struct bpf_func_info *finfo;
	__u32 nr_finfo;
	struct btf *btf;
};

static void kern_prog_free(struct kern_prog *kp)
{
	free(kp->finfo);
	btf__free(kp->btf);
	memset(kp, 0, sizeof(*kp));
}

static int kern_prog_read(int prog_fd, struct kern_prog *kp)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int err;

	memset(kp, 0, sizeof(*kp));
	err = bpf_prog_get_info_by_fd(prog_fd, &info, &len);
	if (!ASSERT_OK(err, "prog info") || !ASSERT_GT(info.nr_func_info, 0, "nr_func_info") ||
	    !ASSERT_GT(info.btf_id, 0, "prog btf_id"))
		return -EINVAL;
	kp->nr_finfo = info.nr_func_info;
	kp->finfo = calloc(kp->nr_finfo, sizeof(*kp->finfo));
	if (!ASSERT_OK_PTR(kp->finfo, "calloc"))
		return -ENOMEM;

	memset(&info, 0, sizeof(info));
	info.nr_func_info = kp->nr_finfo;
	info.func_info_rec_size = sizeof(*kp->finfo);
	info.func_info = (__u64)(unsigned long)kp->finfo;
	len = sizeof(info);
	err = bpf_prog_get_info_by_fd(prog_fd, &info, &len);
	if (!ASSERT_OK(err, "prog info with func_info") ||
	    !ASSERT_EQ(info.nr_func_info, kp->nr_finfo, "nr_func_info stable"))
		goto err;
	kp->btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!ASSERT_OK_PTR(kp->btf, "btf__load_from_kernel_by_id"))
		goto err;
	return 0;
err:
	kern_prog_free(kp);
	return -EINVAL;
}

/* FUNC id of the func_info record for subprogram @name, 0 if none */
static __u32 kern_func_id(const struct kern_prog *kp, const char *name)
{
	__u32 i;

	for (i = 0; i < kp->nr_finfo; i++) {
		const struct btf_type *t = btf__type_by_id(kp->btf, kp->finfo[i].type_id);
		const char *fname;

		if (!t || !btf_is_func(t))
			continue;
		fname = btf__name_by_offset(kp->btf, t->name_off);
		if (fname && !strcmp(fname, name))
			return kp->finfo[i].type_id;
	}
	return 0;
}

/* ---- ctx_arg_rewrite ------------------------------------------------------- */

struct arg_case {
	const char *prog;
	const char *subprog;
	int arg;
	const char *ctx;	/* struct the fallback points the arg to; NULL: kept */
	int min_major, min_minor;	/* kernel the program needs, 0: any */
	const char *old_type;	/* the type the rewrite replaces; NULL: void * */
};

static const struct arg_case arg_cases[] = {
	/* one subprogram shared by six program types, six structs */
	{ "raw_tp_void_ctx", "trace_ctx_subprog", 0, "bpf_raw_tracepoint_args" },
	{ "raw_tp_writable_void_ctx", "trace_ctx_subprog", 0, "bpf_raw_tracepoint_args" },
	{ "perf_event_void_ctx", "trace_ctx_subprog", 0, "bpf_perf_event_data" },
	{ "kprobe_void_ctx", "trace_ctx_subprog", 0, "bpf_user_pt_regs_t" },
	{ "tc_void_ctx", "trace_ctx_subprog", 0, "__sk_buff" },
	{ "xdp_void_ctx", "trace_ctx_subprog", 0, "xdp_md" },
	/* one subprogram, three __sk_buff program types */
	{ "socket_void_ctx", "skb_ctx_subprog", 0, "__sk_buff" },
	{ "tc_skb_void_ctx", "skb_ctx_subprog", 0, "__sk_buff" },
	{ "cgroup_skb_void_ctx", "skb_ctx_subprog", 0, "__sk_buff" },
	/* typed arguments the kernel may not take as they are */
	{ "kprobe_resolved_ctx", "kprobe_resolved_subprog", 0, "bpf_user_pt_regs_t",
	  .old_type = "struct pt_regs *" },
	{ "raw_tp_u64_ctx", "raw_tp_u64_subprog", 0, "bpf_raw_tracepoint_args",
	  .old_type = "__u64 *" },
	/* already what every kernel expects */
	{ "socket_typed_ctx", "skb_typed_subprog", 0, NULL },
	{ "perf_event_struct_ctx", "perf_event_struct_subprog", 0, NULL },
	{ "kprobe_workaround_ctx", "kprobe_workaround_subprog", 0, NULL },
	{ "raw_tp_struct_ctx", "raw_tp_struct_subprog", 0, NULL },
	{ "kprobe_typedef_ctx", "kprobe_typedef_subprog", 0, NULL },
	{ "kprobe_typedef_tagged_ctx", "kprobe_typedef_tagged_subprog", 0, NULL },
	/* several tagged arguments, the others untouched */
	{ "xdp_two_ctx", "two_ctx_subprog", 0, "xdp_md" },
	{ "xdp_two_ctx", "two_ctx_subprog", 1, NULL },
	{ "xdp_two_ctx", "two_ctx_subprog", 2, "xdp_md" },
	{ "raw_tp_two_ctx", "two_ctx_subprog", 0, "bpf_raw_tracepoint_args" },
	{ "raw_tp_two_ctx", "two_ctx_subprog", 2, "bpf_raw_tracepoint_args" },
	{ "tc_ptr_between_ctx", "ptr_between_ctx_subprog", 0, "__sk_buff", 5, 12 },
	{ "tc_ptr_between_ctx", "ptr_between_ctx_subprog", 1, NULL, 5, 12 },
	{ "tc_ptr_between_ctx", "ptr_between_ctx_subprog", 2, "__sk_buff", 5, 12 },
	/* a tagged subprogram calling another, from three program types */
	{ "xdp_nested_ctx", "outer_ctx_subprog", 0, "xdp_md" },
	{ "xdp_nested_ctx", "inner_ctx_subprog", 0, "xdp_md" },
	{ "tc_nested_ctx", "outer_ctx_subprog", 0, "__sk_buff" },
	{ "tc_nested_ctx", "inner_ctx_subprog", 0, "__sk_buff" },
	{ "perf_event_nested_ctx", "outer_ctx_subprog", 0, "bpf_perf_event_data" },
	{ "perf_event_nested_ctx", "inner_ctx_subprog", 0, "bpf_perf_event_data" },
};

static bool case_runs(const struct arg_case *c)
{
	return !c->min_major || kernel_at_least(c->min_major, c->min_minor);
}

static bool prog_in_cases(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arg_cases); i++)
		if (case_runs(&arg_cases[i]) && !strcmp(arg_cases[i].prog, name))
			return true;
	return false;
}

/*
 * The debug line for a rewritten argument names all of it. Programs
 * sharing a copy share its line: it names the first of them.
 */
static bool has_rewrite_line(const char *log, const struct arg_case *c)
{
	char sub[128], arg[32], new_type[128];
	const char *prog = "prog '", *line = log;

	snprintf(sub, sizeof(sub), "'%s'", c->subprog);
	/* "arg N ('name'): <old type> -> struct <ctx> *" */
	snprintf(arg, sizeof(arg), "arg %d ('", c->arg);
	snprintf(new_type, sizeof(new_type), ": %s -> struct %s *",
		 c->old_type ?: "void *", c->ctx);
	while (line && *line) {
		const char *end = strchr(line, '\n');
		char buf[512];
		size_t len = end ? (size_t)(end - line) : strlen(line);

		snprintf(buf, sizeof(buf), "%.*s", (int)min(len, sizeof(buf) - 1), line);
		if (strstr(buf, prog) && strstr(buf, sub) && strstr(buf, arg) &&
		    strstr(buf, new_type))
			return true;
		line = end ? end + 1 : NULL;
	}
	return false;
}

/* the copy first seen for each (subprogram, context struct) pair */
static struct {
	const char *subprog, *ctx;
	__u32 kid;
} seen_copies[32];
static size_t nr_seen_copies;

/* programs needing the same copy must share it: one per pair, not per program */
static void check_shared_copy(const struct arg_case *c, __u32 kid)
{
	size_t i;

	for (i = 0; i < nr_seen_copies; i++) {
		if (strcmp(seen_copies[i].subprog, c->subprog) || strcmp(seen_copies[i].ctx, c->ctx))
			continue;
		ASSERT_EQ(kid, seen_copies[i].kid, "copy shared by programs of one context");
		return;
	}
	if (nr_seen_copies < ARRAY_SIZE(seen_copies)) {
		seen_copies[nr_seen_copies].subprog = c->subprog;
		seen_copies[nr_seen_copies].ctx = c->ctx;
		seen_copies[nr_seen_copies++].kid = kid;
	}
}

static void check_case(const struct bpf_object *obj, const struct arg_case *c,
		       bool fallback, const char *log)
{
	const struct btf *obj_btf = bpf_object__btf(obj);
	__u32 orig_id, kid, orig_arg, karg;
	char want[128], got[128], orig[128];
	struct kern_prog kp;
	int prog_fd;

	printf("%s: %s arg %d\n", c->prog, c->subprog, c->arg);
	prog_fd = prog_fd_by_name(obj, c->prog);
	if (!ASSERT_OK_FD(prog_fd, c->prog) || kern_prog_read(prog_fd, &kp))
		return;
	orig_id = btf__find_by_name_kind(obj_btf, c->subprog, BTF_KIND_FUNC);
	kid = kern_func_id(&kp, c->subprog);
	if (!ASSERT_GT(orig_id, 0, "subprog FUNC in the object") ||
	    !ASSERT_GT(kid, 0, "subprog in the kernel's func_info"))
		goto out;
	orig_arg = param_type(obj_btf, orig_id, c->arg);
	karg = param_type(kp.btf, kid, c->arg);
	if (!ASSERT_GT(karg, 0, "argument in the kernel's FUNC_PROTO"))
		goto out;

	if (fallback && c->ctx) {
		/* a copy with the argument pointing to the program type's struct */
		ASSERT_NEQ(kid, orig_id, "func_info points to a copy");
		snprintf(want, sizeof(want), "struct %s", c->ctx);
		ASSERT_STREQ(pointee_str(kp.btf, karg, got, sizeof(got)), want, "rewritten arg");
		ASSERT_EQ(btf_vlen(btf__type_by_id(kp.btf, kid)), BTF_FUNC_GLOBAL,
			  "copy keeps global linkage");
		if (log)
			ASSERT_TRUE(has_rewrite_line(log, c), "debug line for the rewrite");
		/* the original, as the kernel holds it, is what the source says */
		pointee_str(obj_btf, orig_arg, orig, sizeof(orig));
		ASSERT_STREQ(pointee_str(kp.btf, param_type(kp.btf, orig_id, c->arg), got,
					 sizeof(got)), orig, "original FUNC_PROTO untouched");
		check_shared_copy(c, kid);
		goto out;
	}
	/* the argument is what the source says */
	pointee_str(obj_btf, orig_arg, orig, sizeof(orig));
	if (btf_is_ptr(btf__type_by_id(obj_btf, orig_arg)))
		ASSERT_STREQ(pointee_str(kp.btf, karg, got, sizeof(got)), orig, "arg untouched");
	else
		ASSERT_EQ(btf_kind(btf__type_by_id(kp.btf, karg)),
			  btf_kind(btf__type_by_id(obj_btf, orig_arg)), "scalar arg untouched");
	if (!fallback)
		ASSERT_EQ(kid, orig_id, "func_info points to the subprog's own FUNC");
out:
	kern_prog_free(&kp);
}

static void ctx_arg_rewrite(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	const char *log;
	bool fallback;
	size_t i;
	int err;

	obj = bpf_object__open_file(CTX_ARGS_OBJ, NULL);
	if (!ASSERT_OK_PTR(obj, "open " CTX_ARGS_OBJ))
		return;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, prog_in_cases(bpf_program__name(prog)));

	fallback = fallback_active();
	nr_seen_copies = 0;
	printf("arg:ctx %s\n", fallback ? "by the library's fallback" : "read by the kernel");
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	if (!ASSERT_OK(err, "load all programs together"))
		goto out;
	for (i = 0; i < ARRAY_SIZE(arg_cases); i++)
		if (case_runs(&arg_cases[i]))
			check_case(obj, &arg_cases[i], fallback, log);
out:
	bpf_object__close(obj);
}

/* ---- btf_growth ----------------------------------------------------------- */

/* the object's programs by type: many tc programs, one xdp, one kprobe */
static const char *const growth_structs[] = { "__sk_buff", "xdp_md", "bpf_user_pt_regs_t" };
#define GROWTH_TAGGED_SUBPROGS 1

struct growth {
	__u32 before;		/* types of the object's BTF after open */
	__u32 after;		/* ... after load */
	__u32 kernel;		/* types of the BTF the kernel holds */
	bool sanitized;		/* the kernel got a sanitized copy */
};

static bool load_growth(bool all_tc, struct growth *g)
{
	struct btf_kern_feats feats;
	struct bpf_btf_info info = {};
	__u32 len = sizeof(info);
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct btf *kbtf = NULL;
	int tc_seen = 0, err;
	bool ok = false;

	obj = bpf_object__open_file(GROWTH_OBJ, NULL);
	if (!ASSERT_OK_PTR(obj, "open " GROWTH_OBJ))
		return false;
	bpf_object__for_each_program(prog, obj) {
		bool tc = bpf_program__type(prog) == BPF_PROG_TYPE_SCHED_CLS;

		bpf_program__set_autoload(prog, !tc || all_tc || !tc_seen++);
	}
	g->before = btf__type_cnt(bpf_object__btf(obj));
	btf_kern_feats_probe(&feats);
	g->sanitized = btf_needs_sanitize(bpf_object__btf(obj), &feats);
	err = bpf_object__load(obj);
	if (!ASSERT_OK(err, "load"))
		goto out;
	g->after = btf__type_cnt(bpf_object__btf(obj));
	err = bpf_btf_get_info_by_fd(btf__fd(bpf_object__btf(obj)), &info, &len);
	if (!ASSERT_OK(err, "btf info"))
		goto out;
	kbtf = btf__load_from_kernel_by_id(info.id);
	if (!ASSERT_OK_PTR(kbtf, "kernel's copy of the object's BTF"))
		goto out;
	g->kernel = btf__type_cnt(kbtf);
	printf("%s tc programs: BTF types %u after open, %u after load, %u in the kernel\n",
	       all_tc ? "all" : "one", g->before, g->after, g->kernel);
	ok = true;
out:
	btf__free(kbtf);
	bpf_object__close(obj);
	return ok;
}

static void btf_growth(void)
{
	struct growth one, all;
	struct bpf_object *obj;
	__u32 expected = 0;
	size_t i;

	/* a FUNC, a FUNC_PROTO and a PTR per (subprog, struct) pair ... */
	if (fallback_active())
		expected = 3 * GROWTH_TAGGED_SUBPROGS * ARRAY_SIZE(growth_structs);
	/* ... and an empty struct for each one the object lacks */
	obj = bpf_object__open_file(GROWTH_OBJ, NULL);
	if (!ASSERT_OK_PTR(obj, "open " GROWTH_OBJ))
		return;
	for (i = 0; fallback_active() && i < ARRAY_SIZE(growth_structs); i++)
		if (btf__find_by_name_kind(bpf_object__btf(obj), growth_structs[i],
					   BTF_KIND_STRUCT) < 0)
			expected++;
	bpf_object__close(obj);

	if (!load_growth(false, &one) || !load_growth(true, &all))
		return;
	ASSERT_EQ(one.before, all.before, "same object");
	ASSERT_EQ(one.after - one.before, expected, "growth, one program per type");
	ASSERT_EQ(all.after - all.before, expected, "growth, many programs of one type");
	ASSERT_EQ(all.kernel, one.kernel, "kernel's BTF independent of the program count");
	if (!all.sanitized)
		ASSERT_EQ(all.kernel, all.after, "kernel holds the BTF as grown");
	else
		ASSERT_GE(all.kernel, all.after, "kernel holds the BTF as grown, sanitized");
}

/* ---- the test ------------------------------------------------------------- */

void test_test_global_funcs(void)
{
	bool native = !fallback_active();

	run_annotated_tests(CTX_ARGS_OBJ);
	run_annotated_tests(ARGS_OBJ);

	if (test__start_subtest("ctx_arg_rewrite"))
		ctx_arg_rewrite();
	if (test__start_subtest("btf_growth"))
		btf_growth();

	/* the kernel reads arg:ctx itself: run the fallback's path too */
	if (!native || !force_arg_ctx_fallback())
		return;
	run_annotated_tests_prefix(CTX_ARGS_OBJ, "fallback_");
	if (test__start_subtest("fallback_ctx_arg_rewrite"))
		ctx_arg_rewrite();
	if (test__start_subtest("fallback_btf_growth"))
		btf_growth();
	restore_kern_features();
}
