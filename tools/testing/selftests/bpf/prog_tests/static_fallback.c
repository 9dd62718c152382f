// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The static fallback: a global subprogram the running kernel cannot
 * verify as written is verified as static in each program calling it.
 *
 *   (annotated)  every annotated program of test_static_fallback.bpf.o
 *                loads alone, on every kernel; oob_arg, wrong as global
 *                and as static, fails everywhere with the verifier's
 *                message
 *   linkage      after load, the FUNC each program's func_info names for
 *                its subprogram is static exactly where the kernel lacks
 *                what the subprogram needs (pointer arguments, the
 *                arg:nonnull or arg:trusted tag), and global elsewhere
 *   tracing_ctx  __arg_ctx in fentry and LSM programs loads, and without
 *                the fallback only from 6.8 on (where the host refuses
 *                trampoline programs with EPERM: skipped)
 *   forced_tag   on a kernel that knows the tags, with arg_nonnull and
 *                arg_trusted forced off as on 6.8: those subprograms are
 *                demoted and load
 *   shared       programs of one object share one static copy
 *   opt_out      bpf_object__set_static_fallback(obj, false): everything
 *                stays global, and the verdicts are those of any other
 *                loader (pointer arguments fail before 5.12, the
 *                unchecked __arg_nonnull dereference before 6.8)
 */
#include <linux/btf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <bpf/libbpf_internal.h>
#include "test_progs.h"
#include "test_loader.h"

#define OBJ "test_static_fallback.bpf.o"

/* the linkage of the FUNC prog's func_info names for its first subprogram */
static int subprog_linkage(struct bpf_object *obj, const char *prog_name, __u32 *type_id)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, prog_name);
	const struct bpf_func_info *fi = bpf_program__func_info(prog);
	const struct btf_type *t;

	if (!fi || bpf_program__func_info_cnt(prog) < 2)
		return -1;
	*type_id = fi[1].type_id;
	t = btf__type_by_id(bpf_object__btf(obj), fi[1].type_id);
	return t && btf_is_func(t) ? (int)btf_vlen(t) : -1;
}

/* the object with only the programs named in progs (NULL-terminated) to load */
static struct bpf_object *open_obj(const char *const *progs)
{
	struct bpf_object *obj = bpf_object__open_file(OBJ, NULL);
	struct bpf_program *prog;
	size_t i;

	if (!ASSERT_OK_PTR(obj, "open"))
		return NULL;
	bpf_object__for_each_program(prog, obj) {
		bool on = false;

		for (i = 0; progs[i]; i++)
			on = on || !strcmp(progs[i], bpf_program__name(prog));
		bpf_program__set_autoload(prog, on);
	}
	return obj;
}

static bool no_tag(enum kern_feature_id tag)
{
	return !kernel_supports(FEAT_ARG_CTX_TAG) || !kernel_supports(FEAT_BTF_DECL_TAG) ||
	       !kernel_supports(tag);
}

static void linkage(void)
{
	static const char *const progs[] = { "ptr_arg", "nonnull_arg", "trusted_arg", NULL };
	bool no_ptr = !kernel_supports(FEAT_GLOBAL_PTR_ARGS);
	bool no_nonnull = no_tag(FEAT_ARG_NONNULL), no_trusted = no_tag(FEAT_ARG_TRUSTED);
	struct bpf_object *obj = open_obj(progs);
	__u32 id;

	if (!obj)
		return;
	if (!kernel_at_least(5, 11))	/* bpf_get_current_task_btf() */
		bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "trusted_arg"),
					  false);
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	ASSERT_EQ(subprog_linkage(obj, "ptr_arg", &id),
		  no_ptr ? BTF_FUNC_STATIC : BTF_FUNC_GLOBAL, "add_one");
	ASSERT_EQ(subprog_linkage(obj, "nonnull_arg", &id),
		  no_ptr || no_nonnull ? BTF_FUNC_STATIC : BTF_FUNC_GLOBAL, "read_nonnull");
	if (kernel_at_least(5, 11))
		ASSERT_EQ(subprog_linkage(obj, "trusted_arg", &id),
			  no_trusted ? BTF_FUNC_STATIC : BTF_FUNC_GLOBAL, "task_tgid");
	printf("  kernel: %s pointer arguments, %s arg:nonnull, %s arg:trusted\n",
	       no_ptr ? "no" : "has", no_nonnull ? "no" : "has", no_trusted ? "no" : "has");
out:
	bpf_object__close(obj);
}

/* load prog alone without the fallback: the load's result */
static int load_global(const char *prog)
{
	const char *const progs[] = { prog, NULL };
	struct bpf_object *obj = open_obj(progs);
	__u32 id;
	int err;

	if (!obj)
		return -ENOMEM;
	ASSERT_OK(bpf_object__set_static_fallback(obj, false), "turn off");
	err = bpf_object__load(obj);
	if (!err)
		ASSERT_EQ(subprog_linkage(obj, prog, &id), BTF_FUNC_GLOBAL, "global");
	ASSERT_EQ(bpf_object__set_static_fallback(obj, true), -EINVAL, "only before load");
	bpf_object__close(obj);
	return err;
}

/* fentry and LSM programs handing their __arg_ctx to a subprogram */
static void tracing_ctx(void)
{
	static const char *const names[] = { "fentry_ctx", "lsm_ctx" };
	bool no_ctx = no_tag(FEAT_ARG_CTX_TAG);
	size_t i;
	__u32 id;
	int err;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const char *const progs[] = { names[i], NULL };
		struct bpf_object *obj = open_obj(progs);

		if (!obj)
			return;
		err = bpf_object__load(obj);
		if (err == -EPERM) {
			bpf_object__close(obj);
			test__skip("this kernel refuses trampoline programs (EPERM)");
			return;
		}
		if (ASSERT_OK(err, names[i]))
			ASSERT_EQ(subprog_linkage(obj, names[i], &id),
				  no_ctx ? BTF_FUNC_STATIC : BTF_FUNC_GLOBAL, "stack_depth");
		bpf_object__close(obj);
		err = load_global(names[i]);
		if (no_ctx)
			ASSERT_LT(err, 0, "without the fallback: refused before 6.8");
		else
			ASSERT_OK(err, "without the fallback: loads as global");
	}
}

/* tags the kernel knows, forced off as on a kernel that does not know them */
static void forced_tag(void)
{
	static const char *const progs[] = { "nonnull_arg", "trusted_arg", NULL };
	struct bpf_object *obj;
	__u32 id;

	if (no_tag(FEAT_ARG_NONNULL) || no_tag(FEAT_ARG_TRUSTED)) {
		test__skip("the kernel lacks arg:nonnull or arg:trusted itself (see linkage)");
		return;
	}
	obj = open_obj(progs);
	if (!obj)
		return;
	if (!ASSERT_OK(kern_features_force_off("arg_nonnull,arg_trusted"), "force off"))
		goto out;
	if (ASSERT_OK(bpf_object__load(obj), "load")) {
		ASSERT_EQ(subprog_linkage(obj, "nonnull_arg", &id), BTF_FUNC_STATIC,
			  "read_nonnull");
		ASSERT_EQ(subprog_linkage(obj, "trusted_arg", &id), BTF_FUNC_STATIC, "task_tgid");
	}
out:
	kern_features_force_off(NULL);
	bpf_object__close(obj);
}

/* two programs calling one subprogram share its static copy */
static void shared(void)
{
	static const char *const progs[] = { "nonnull_arg", "nonnull_arg2", NULL };
	struct bpf_object *obj;
	__u32 id1 = 0, id2 = 1;

	if (kernel_supports(FEAT_GLOBAL_PTR_ARGS) && !no_tag(FEAT_ARG_NONNULL)) {
		test__skip("the kernel verifies these subprograms as global");
		return;
	}
	obj = open_obj(progs);
	if (!obj)
		return;
	if (ASSERT_OK(bpf_object__load(obj), "load")) {
		ASSERT_EQ(subprog_linkage(obj, "nonnull_arg", &id1), BTF_FUNC_STATIC, "static");
		ASSERT_EQ(subprog_linkage(obj, "nonnull_arg2", &id2), BTF_FUNC_STATIC, "static too");
		ASSERT_EQ(id1, id2, "one copy");
	}
	bpf_object__close(obj);
}

static void opt_out(void)
{
	int err;

	err = load_global("ptr_arg");
	if (kernel_supports(FEAT_GLOBAL_PTR_ARGS))
		ASSERT_OK(err, "pointer argument loads as global");
	else
		ASSERT_LT(err, 0, "before 5.12 the kernel refuses a pointer argument");
	err = load_global("nonnull_arg");
	if (kernel_supports(FEAT_GLOBAL_PTR_ARGS) && !no_tag(FEAT_ARG_NONNULL))
		ASSERT_OK(err, "unchecked __arg_nonnull loads as global");
	else
		ASSERT_LT(err, 0, "before 6.8 the kernel refuses the unchecked dereference");
	err = load_global("tp_btf_ctx");
	if (!no_tag(FEAT_ARG_CTX_TAG))
		ASSERT_OK(err, "__arg_ctx in tp_btf loads as global");
	else
		ASSERT_LT(err, 0, "before 6.8 the kernel refuses __arg_ctx in tp_btf");
	if (kernel_at_least(5, 11)) {
		err = load_global("trusted_arg");
		if (!no_tag(FEAT_ARG_TRUSTED))
			ASSERT_OK(err, "__arg_trusted loads as global");
		else
			ASSERT_LT(err, 0, "before 6.9 the kernel refuses __arg_trusted");
	}
	ASSERT_LT(load_global("oob_arg"), 0, "wrong everywhere");
	ASSERT_EQ(bpf_object__set_static_fallback(NULL, true), -EINVAL, "NULL object");
}

void test_static_fallback(void)
{
	run_annotated_tests(OBJ);
	if (test__start_subtest("linkage"))
		linkage();
	if (test__start_subtest("tracing_ctx"))
		tracing_ctx();
	if (test__start_subtest("forced_tag"))
		forced_tag();
	if (test__start_subtest("shared"))
		shared();
	if (test__start_subtest("opt_out"))
		opt_out();
}
