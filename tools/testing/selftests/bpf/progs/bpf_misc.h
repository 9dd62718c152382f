/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Annotations for programs run by the annotation-driven loader
 * (prog_tests/test_loader.c, run_annotated_tests()). Each one is a BTF
 * decl tag on the program's function whose name starts with "comment:";
 * the loader reads them from the object's BTF in user space, so they work
 * on every kernel (kernels before 5.16 never see decl tags: the library
 * sanitizes them away before loading the BTF).
 *
 *	SEC("tc")
 *	__description("global subprog reads past the end of the context")
 *	__failure __msg("invalid bpf_context access")
 *	int bad_ctx_read(struct __sk_buff *skb) { ... }
 *
 *   __success, __failure  the load must succeed / fail (default: succeed)
 *   __msg(str)            str must appear in the verifier log; several
 *                         __msg() must appear in the order written
 *                         (clang emits the tags in source order)
 *   __log_level(n)        verifier log level (default 2 when messages
 *                         are expected, else no log unless the load fails)
 *   __description(str)    printed with the result
 *   __min_kernel(maj, min, why)
 *                         skip on kernels older than maj.min, with the
 *                         reason why (a kernel limit the test cannot
 *                         work around, e.g. pointer arguments of global
 *                         subprograms before 5.12)
 *   __msg_min_kernel(maj, min, str)
 *                         like __msg(), but only checked on kernels
 *                         maj.min and later (for messages whose wording
 *                         changed)
 */
#ifndef __BPF_MISC_H
#define __BPF_MISC_H

#define __test_tag(str) __attribute__((btf_decl_tag("comment:" str)))

#define __success		__test_tag("test_expect_success")
#define __failure		__test_tag("test_expect_failure")
#define __msg(str)		__test_tag("test_expect_msg=" str)
#define __log_level(n)		__test_tag("test_log_level=" #n)
#define __description(str)	__test_tag("test_description=" str)
#define __min_kernel(maj, min, why) \
	__test_tag("test_min_kernel=" #maj "." #min " " why)
#define __msg_min_kernel(maj, min, str) \
	__test_tag("test_expect_msg_min_kernel=" #maj "." #min " " str)

#ifndef __arg_ctx
#define __arg_ctx __attribute__((btf_decl_tag("arg:ctx")))
#endif

#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif

#endif /* __BPF_MISC_H */
