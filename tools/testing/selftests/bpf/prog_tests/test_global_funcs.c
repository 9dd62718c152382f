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
 *     kernel too.
 *
 * Which path the library takes is its own feature probe's answer, read
 * here through the same internal function (test_progs links libbpf.a).
 */
#include "test_progs.h"
#include "test_loader.h"
#include <bpf/libbpf_internal.h>

#define CTX_ARGS_OBJ "test_global_func_ctx_args.bpf.o"
#define ARGS_OBJ "test_global_funcs_args.bpf.o"

/* ---- forcing the fallback --------------------------------------------------- */

/* the library's own forced-off set comes from this variable */
#define FORCE_ENV "LIBBPF_FORCE_NO_FEATURES"

static bool force_fallback(void)
{
	const char *env = getenv(FORCE_ENV);
	char list[256];

	snprintf(list, sizeof(list), "%s%sarg_ctx", env ?: "", env && *env ? "," : "");
	return ASSERT_OK(kern_features_force_off(list), "force arg_ctx off");
}

static void restore_features(void)
{
	if (kern_features_force_off(getenv(FORCE_ENV)))
		kern_features_force_off(NULL);
}

static bool fallback_active(void)
{
	return !kernel_supports(FEAT_ARG_CTX_TAG);
}

/* ---- the test ------------------------------------------------------------- */

void test_test_global_funcs(void)
{
	bool native = !fallback_active();

	run_annotated_tests(CTX_ARGS_OBJ);
	run_annotated_tests(ARGS_OBJ);

	/* the kernel reads arg:ctx itself: run the fallback's path too */
	if (!native || !force_fallback())
		return;
	run_annotated_tests_prefix(CTX_ARGS_OBJ, "fallback_");
	restore_features();
}
