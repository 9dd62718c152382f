// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The static fallback: a global subprogram the running kernel cannot
 * verify as written is verified as static in each program calling it.
 *
 *   loads      every program of test_static_fallback.bpf.o loads alone
 *              (the annotated loader), on every kernel
 *   linkage    after load, the FUNC each program's func_info names for
 *              its subprogram is static exactly where the kernel lacks
 *              the feature the subprogram needs, and global elsewhere;
 *              programs of one object share one static copy
 *   opt_out    bpf_object__set_static_fallback(obj, false): everything
 *              stays global, and the pointer-argument program fails on
 *              kernels before 5.12 as with any other loader
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

static struct bpf_object *open_obj(bool tp_btf)
{
	struct bpf_object *obj = bpf_object__open_file(OBJ, NULL);

	if (!ASSERT_OK_PTR(obj, "open"))
		return NULL;
	/* trampoline programs: not everywhere (EPERM on some hosts) */
	if (!tp_btf)
		bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "tp_btf_ctx"),
					  false);
	return obj;
}

static void linkage(void)
{
	bool no_ptr = !kernel_supports(FEAT_GLOBAL_PTR_ARGS);
	bool no_tags = !kernel_supports(FEAT_ARG_CTX_TAG) || !kernel_supports(FEAT_BTF_DECL_TAG);
	struct bpf_object *obj = open_obj(false);
	__u32 id1, id2;

	if (!obj)
		return;
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	ASSERT_EQ(subprog_linkage(obj, "ptr_arg", &id1),
		  no_ptr ? BTF_FUNC_STATIC : BTF_FUNC_GLOBAL, "add_one");
	ASSERT_EQ(subprog_linkage(obj, "nonnull_arg", &id2),
		  no_ptr || no_tags ? BTF_FUNC_STATIC : BTF_FUNC_GLOBAL, "read_nonnull");
	printf("  kernel: %s pointer arguments, %s argument tags\n",
	       no_ptr ? "no" : "has", no_tags ? "no" : "has");
out:
	bpf_object__close(obj);
}

/* two programs calling one subprogram share its static copy */
static void shared(void)
{
	struct bpf_object *obj;
	__u32 id1 = 0, id2 = 1;

	if (kernel_supports(FEAT_GLOBAL_PTR_ARGS) && kernel_supports(FEAT_ARG_CTX_TAG)) {
		test__skip("the kernel verifies these subprograms as global");
		return;
	}
	obj = open_obj(false);
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
	struct bpf_object *obj = open_obj(false);
	__u32 id;
	int err;

	if (!obj)
		return;
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "nonnull_arg"), false);
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "nonnull_arg2"), false);
	ASSERT_OK(bpf_object__set_static_fallback(obj, false), "turn off");
	err = bpf_object__load(obj);
	if (kernel_supports(FEAT_GLOBAL_PTR_ARGS)) {
		if (ASSERT_OK(err, "loads as global"))
			ASSERT_EQ(subprog_linkage(obj, "ptr_arg", &id), BTF_FUNC_GLOBAL, "global");
	} else {
		ASSERT_LT(err, 0, "before 5.12 the kernel refuses it as global");
	}
	ASSERT_EQ(bpf_object__set_static_fallback(obj, true), -EINVAL, "only before load");
	bpf_object__close(obj);
	ASSERT_EQ(bpf_object__set_static_fallback(NULL, true), -EINVAL, "NULL object");
}

void test_static_fallback(void)
{
	run_annotated_tests(OBJ);
	if (test__start_subtest("linkage"))
		linkage();
	if (test__start_subtest("shared"))
		shared();
	if (test__start_subtest("opt_out"))
		opt_out();
}
