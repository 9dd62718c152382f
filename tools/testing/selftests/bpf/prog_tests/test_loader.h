/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The annotation-driven loader: programs in progs/ carry decl tags from
 * progs/bpf_misc.h (__success, __failure, __msg(), __log_level(),
 * __description(), __min_kernel(), __msg_min_kernel()), read back here
 * from the object's BTF. Each program of the object is loaded alone, in
 * a subtest named after it, and its verdict and verifier log are checked
 * against its annotations.
 */
#ifndef __TEST_LOADER_H
#define __TEST_LOADER_H

/*
 * Run every program of @obj_file that carries at least one annotation,
 * one subtest each, named "<subtest_prefix><program name>" (prefix may
 * be NULL), so the same object can run twice in one test under
 * different conditions.
 */
void run_annotated_tests_prefix(const char *obj_file, const char *subtest_prefix);

static inline void run_annotated_tests(const char *obj_file)
{
	run_annotated_tests_prefix(obj_file, NULL);
}

#endif /* __TEST_LOADER_H */
