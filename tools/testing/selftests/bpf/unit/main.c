// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Runner of the unit tests: test_unit [-o OBJDIR] [-v] [-t SUBSTR]
 * Prints one line per test and "N passed, N failed, N skipped" at the end; exits
 * non-zero when a test failed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "unit.h"

#define MAX_TESTS 512

bool unit_failed;
const char *unit_skip_reason;
const char *unit_obj_dir = ".";

static const struct unit_test *tests[MAX_TESTS];
static int test_cnt;
static bool verbose;

static char log_buf[1 << 16];
static size_t log_len;

void unit_register(const struct unit_test *t)
{
	if (test_cnt == MAX_TESTS) {
		fprintf(stderr, "too many unit tests, raise MAX_TESTS\n");
		exit(2);
	}
	tests[test_cnt++] = t;
}

const char *unit_obj_path(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", unit_obj_dir, name);
	return path;
}

void *unit_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		goto out;
	/* one more byte: the contents are also a NUL-terminated string */
	buf = malloc(len + 1);
	if (buf && fread(buf, 1, len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[len] = '\0';
	*size = len;
out:
	fclose(f);
	return buf;
}

void unit_log_reset(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

const char *unit_log(void)
{
	return log_buf;
}

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	va_list copy;
	int n;

	va_copy(copy, args);
	n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, copy);
	va_end(copy);
	if (n > 0)
		log_len = log_len + n < sizeof(log_buf) ? log_len + n : sizeof(log_buf) - 1;
	if (verbose || (level == LIBBPF_WARN && getenv("UNIT_SHOW_WARN")))
		vfprintf(stderr, fmt, args);
	return 0;
}

int main(int argc, char **argv)
{
	const char *filter = NULL;
	int opt, i, passed = 0, failed = 0, skipped = 0;

	while ((opt = getopt(argc, argv, "o:t:v")) != -1) {
		switch (opt) {
		case 'o':
			unit_obj_dir = optarg;
			break;
		case 't':
			filter = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-o OBJDIR] [-t FILTER] [-v]\n", argv[0]);
			return 2;
		}
	}
	libbpf_set_print(print_fn);

	for (i = 0; i < test_cnt; i++) {
		if (filter && !strstr(tests[i]->name, filter))
			continue;
		unit_failed = false;
		unit_skip_reason = NULL;
		unit_log_reset();
		tests[i]->fn();
		if (unit_skip_reason && !unit_failed)
			printf("#%-3d %-40s SKIP (%s)\n", i + 1, tests[i]->name, unit_skip_reason);
		else
			printf("#%-3d %-40s %s\n", i + 1, tests[i]->name,
			       unit_failed ? "FAIL" : "OK");
		fflush(stdout);
		if (unit_failed)
			failed++;
		else if (unit_skip_reason)
			skipped++;
		else
			passed++;
	}
	printf("unit: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
