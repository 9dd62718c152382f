/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * API for kernel tests run by test_progs.
 *
 * A test is a function "void test_<name>(void)" at the start of a line in
 * prog_tests/<area>.c; the build collects them into tests.h. A test may
 * split itself into subtests:
 *
 *	if (test__start_subtest("hash"))
 *		check_hash();
 *
 * test__start_subtest() ends the previous subtest of the test and returns
 * false when the subtest is filtered out (-t, -n, -a) or denied (-d).
 * Checks use the ASSERT_*() macros below: on failure they print file,
 * line, the expression and its values, mark the running (sub)test failed
 * and evaluate to false, so tests read "if (!ASSERT_OK(err, "load"))
 * goto out;". test__skip() marks the running (sub)test skipped with an
 * optional printf-style reason; test__fail() marks it failed.
 *
 * Everything a test prints on stdout or stderr, and libbpf's messages, is
 * captured and shown only when the (sub)test fails, or always with -v.
 */
#ifndef __TEST_PROGS_H
#define __TEST_PROGS_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "testing_helpers.h"

struct test_env {
	bool verbose;		/* -v */
	bool list;		/* -l */
	unsigned int timeout;	/* -w: seconds per test, 0 = none */
	const char *dir;	/* -D: directory holding the *.bpf.o files */
};

extern struct test_env env;

/* end the running subtest, if any, and start a new one */
bool test__start_subtest(const char *name);
/* mark the running subtest, or the test outside subtests, failed */
void test__fail(void);
/* mark it skipped; the reason is printed as "SKIP (reason)" */
void test__skip_reason(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* test__skip() or test__skip("no %s in this kernel", what) */
#define test__skip(...) test__skip_reason(" " __VA_ARGS__)
/* name of the running test and subtest (NULL outside a subtest) */
const char *test__name(void);
const char *test__subtest_name(void);

/*
 * Collect libbpf's messages (all levels, including debug) in a buffer
 * from now on, in addition to the normal capture. test__libbpf_log_stop()
 * returns what was collected (valid until the next start) and stops.
 */
void test__libbpf_log_start(void);
const char *test__libbpf_log_stop(void);

/* whether heap_in_use() is exact (glibc's tcache is off) */
bool test__heap_exact(void);

/*
 * whether test_progs runs under valgrind, whose translated code never
 * reaches uprobes on test_progs' own functions (run_valgrind_progs.sh)
 */
bool test__under_valgrind(void);

/* prints "file:line: name: <message>" and marks the (sub)test failed */
void test__assert_fail(const char *file, int line, const char *name,
		       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define __ASSERT_FAIL(name, fmt, ...)                                          \
	test__assert_fail(__FILE__, __LINE__, name, fmt, ##__VA_ARGS__)

#define ASSERT_TRUE(cond, name)                                                \
	({                                                                     \
		bool ___ok = !!(cond);                                         \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name, "expected true: %s", #cond);       \
		___ok;                                                         \
	})

#define ASSERT_FALSE(cond, name)                                               \
	({                                                                     \
		bool ___ok = !(cond);                                          \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name, "expected false: %s", #cond);      \
		___ok;                                                         \
	})

/* both sides are compared in the type of the first one */
#define __ASSERT_CMP(a, op, b, name)                                           \
	({                                                                     \
		typeof(a) ___a = (a);                                          \
		typeof(a) ___b = (b);                                          \
		bool ___ok = ___a op ___b;                                     \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name,                                    \
				"expected %s %s %s: %lld (0x%llx) vs %lld (0x%llx)", \
				#a, #op, #b, (long long)___a,                  \
				(unsigned long long)___a, (long long)___b,     \
				(unsigned long long)___b);                     \
		___ok;                                                         \
	})

#define ASSERT_EQ(a, b, name) __ASSERT_CMP(a, ==, b, name)
#define ASSERT_NEQ(a, b, name) __ASSERT_CMP(a, !=, b, name)
#define ASSERT_LT(a, b, name) __ASSERT_CMP(a, <, b, name)
#define ASSERT_LE(a, b, name) __ASSERT_CMP(a, <=, b, name)
#define ASSERT_GT(a, b, name) __ASSERT_CMP(a, >, b, name)
#define ASSERT_GE(a, b, name) __ASSERT_CMP(a, >=, b, name)

/* 0 expected; prints the value and errno otherwise */
#define ASSERT_OK(res, name)                                                   \
	({                                                                     \
		long long ___res = (res);                                      \
		int ___errno = errno;                                          \
		bool ___ok = ___res == 0;                                      \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name,                                    \
				"unexpected error: %s == %lld (errno %d: %s)",  \
				#res, ___res, ___errno, strerror(___errno));   \
		___ok;                                                         \
	})

/* a negative value expected */
#define ASSERT_ERR(res, name)                                                  \
	({                                                                     \
		long long ___res = (res);                                      \
		bool ___ok = ___res < 0;                                       \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name,                                    \
				"unexpected success: %s == %lld", #res,        \
				___res);                                       \
		___ok;                                                         \
	})

/* a file descriptor (>= 0) expected */
#define ASSERT_OK_FD(fd, name)                                                 \
	({                                                                     \
		long long ___fd = (fd);                                        \
		int ___errno = errno;                                          \
		bool ___ok = ___fd >= 0;                                       \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name,                                    \
				"not a valid fd: %s == %lld (errno %d: %s)",   \
				#fd, ___fd, ___errno, strerror(___errno));     \
		___ok;                                                         \
	})

/* libbpf 1.0 returns NULL on error; old-style ERR_PTR values also fail */
#define __IS_ERR_OR_NULL(p) (!(p) || (unsigned long)(p) >= (unsigned long)-4095)

#define ASSERT_OK_PTR(ptr, name)                                               \
	({                                                                     \
		const void *___p = (ptr);                                      \
		int ___errno = errno;                                          \
		bool ___ok = !__IS_ERR_OR_NULL(___p);                          \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name,                                    \
				"unexpected error pointer: %s == %p (errno %d: %s)", \
				#ptr, ___p, ___errno, strerror(___errno));     \
		___ok;                                                         \
	})

#define ASSERT_ERR_PTR(ptr, name)                                              \
	({                                                                     \
		const void *___p = (ptr);                                      \
		bool ___ok = __IS_ERR_OR_NULL(___p);                           \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name,                                    \
				"unexpected pointer: %s == %p", #ptr, ___p);   \
		___ok;                                                         \
	})

#define ASSERT_NULL(ptr, name)                                                 \
	({                                                                     \
		const void *___p = (ptr);                                      \
		bool ___ok = ___p == NULL;                                     \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name, "expected NULL: %s == %p", #ptr,   \
				      ___p);                                   \
		___ok;                                                         \
	})

#define ASSERT_STREQ(a, b, name)                                               \
	({                                                                     \
		const char *___a = (a), *___b = (b);                           \
		bool ___ok = ___a && ___b && strcmp(___a, ___b) == 0;          \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name,                                    \
				"expected %s == %s: \"%s\" vs \"%s\"", #a, #b, \
				___a ?: "(null)", ___b ?: "(null)");           \
		___ok;                                                         \
	})

#define ASSERT_HAS_SUBSTR(str, substr, name)                                   \
	({                                                                     \
		const char *___s = (str), *___sub = (substr);                  \
		bool ___ok = ___s && ___sub && strstr(___s, ___sub);           \
		if (!___ok)                                                    \
			__ASSERT_FAIL(name,                                    \
				"expected \"%s\" in %s: \"%.2000s\"",          \
				___sub ?: "(null)", #str, ___s ?: "(null)");   \
		___ok;                                                         \
	})

#endif /* __TEST_PROGS_H */
