/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Minimal harness for the library's kernel-free unit tests. A test is a
 * function registered with UNIT_TEST(name); checks use ASSERT_*() which
 * print the failing expression with file and line, mark the running test
 * failed and make the test function return.
 */
#ifndef __UNIT_H
#define __UNIT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

/* set by ASSERT_*() on failure; read and reset by the runner */
extern bool unit_failed;
/* set by UNIT_SKIP(): the test could not run here, with the reason */
extern const char *unit_skip_reason;
/* directory holding the BPF objects built for the tests (-o option) */
extern const char *unit_obj_dir;

void unit_register(const struct unit_test *t);
/* "<unit_obj_dir>/<name>" in a static buffer */
const char *unit_obj_path(const char *name);
/* read a whole file into a malloc()ed buffer; NULL on error */
void *unit_read_file(const char *path, size_t *size);
/* messages printed through libbpf_set_print() since the last reset */
void unit_log_reset(void);
const char *unit_log(void);

#define UNIT_TEST(tname)                                                       \
	static void unit_test_##tname(void);                                   \
	static const struct unit_test unit_desc_##tname = {                    \
		.name = #tname, .fn = unit_test_##tname };                     \
	__attribute__((constructor)) static void unit_reg_##tname(void)        \
	{                                                                      \
		unit_register(&unit_desc_##tname);                             \
	}                                                                      \
	static void unit_test_##tname(void)

#define UNIT_FAIL(fmt, ...)                                                    \
	do {                                                                   \
		fprintf(stderr, "  %s:%d: " fmt "\n", __FILE__, __LINE__,      \
			##__VA_ARGS__);                                        \
		unit_failed = true;                                            \
	} while (0)

/* give up on the running test, counted as skipped, with a reason */
#define UNIT_SKIP(reason)                                                      \
	do {                                                                   \
		unit_skip_reason = (reason);                                   \
		return;                                                        \
	} while (0)

#define ASSERT_TRUE(cond, what)                                                \
	({                                                                     \
		bool ___ok = !!(cond);                                         \
		if (!___ok)                                                    \
			UNIT_FAIL("%s: expected true: %s", what, #cond);       \
		___ok;                                                         \
	})

#define ASSERT_FALSE(cond, what) ASSERT_TRUE(!(cond), what)

#define ASSERT_EQ(a, b, what)                                                  \
	({                                                                     \
		long long ___a = (long long)(a), ___b = (long long)(b);        \
		bool ___ok = ___a == ___b;                                     \
		if (!___ok)                                                    \
			UNIT_FAIL("%s: %s == %lld, expected %lld", what, #a,   \
				  ___a, ___b);                                 \
		___ok;                                                         \
	})

#define ASSERT_NEQ(a, b, what)                                                 \
	({                                                                     \
		long long ___a = (long long)(a), ___b = (long long)(b);        \
		bool ___ok = ___a != ___b;                                     \
		if (!___ok)                                                    \
			UNIT_FAIL("%s: %s == %lld unexpectedly", what, #a,     \
				  ___a);                                       \
		___ok;                                                         \
	})

#define ASSERT_LT(a, b, what)                                                  \
	({                                                                     \
		long long ___a = (long long)(a), ___b = (long long)(b);        \
		bool ___ok = ___a < ___b;                                      \
		if (!___ok)                                                    \
			UNIT_FAIL("%s: %s == %lld, expected < %lld", what, #a, \
				  ___a, ___b);                                 \
		___ok;                                                         \
	})

#define ASSERT_STREQ(a, b, what)                                               \
	({                                                                     \
		const char *___a = (a), *___b = (b);                           \
		bool ___ok = ___a && ___b && strcmp(___a, ___b) == 0;          \
		if (!___ok)                                                    \
			UNIT_FAIL("%s: %s == \"%s\", expected \"%s\"", what,   \
				  #a, ___a ?: "(null)", ___b ?: "(null)");     \
		___ok;                                                         \
	})

#define ASSERT_OK_PTR(p, what) ASSERT_TRUE((p) != NULL, what)
#define ASSERT_NULL(p, what) ASSERT_TRUE((p) == NULL, what)
#define ASSERT_OK(err, what) ASSERT_EQ(err, 0, what)
#define ASSERT_ERR(err, what) ASSERT_LT(err, 0, what)

/* for use inside tests: stop the test when a check fails */
#define CHECK_OR_RETURN(expr)                                                  \
	do {                                                                   \
		if (!(expr))                                                   \
			return;                                                \
	} while (0)

#endif /* __UNIT_H */
