// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * arg_ctx_demo OBJECT.bpf.o
 *
 * Loads each program of OBJECT on its own and prints, for the running
 * kernel, whether it loaded and which __arg_ctx arguments the loader
 * rewrote for it. Written against the public libbpf API only; what the
 * loader did is read from its debug messages.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/libbpf.h>

static char rewrites[4096];
static size_t rewrites_len;
static int native = -1;		/* -1 unknown, 0 rewrite active, 1 native */

/* keep "subprog 's' arg N ('x'): A -> B" lines, drop the rest */
static int collect(enum libbpf_print_level level, const char *fmt, va_list args)
{
	char line[512], *p;
	int n;

	n = vsnprintf(line, sizeof(line), fmt, args);
	if (n < 0)
		return 0;
	if (strstr(line, "arg:ctx natively"))
		native = 1;
	if (strstr(line, "no native arg:ctx"))
		native = 0;
	p = strstr(line, "subprog '");
	if (level == LIBBPF_DEBUG && p && strstr(p, " -> ") &&
	    rewrites_len + strlen(p) + 8 < sizeof(rewrites))
		rewrites_len += snprintf(rewrites + rewrites_len, sizeof(rewrites) - rewrites_len,
					 "      rewrote %s", p);
	else if (level == LIBBPF_WARN)
		fprintf(stderr, "      %s", line);
	return 0;
}

static int count_programs(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	int n = 0;

	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj)
		n++;
	bpf_object__close(obj);
	return n;
}

/* open the object again and load only program idx */
static int load_one(const char *path, int idx, char *name, size_t name_sz,
		    const char **type)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	int i = 0, err;

	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj) {
		bpf_program__set_autoload(prog, i == idx);
		if (i++ == idx) {
			snprintf(name, name_sz, "%s", bpf_program__name(prog));
			*type = libbpf_bpf_prog_type_str(bpf_program__type(prog));
		}
	}
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

int main(int argc, char **argv)
{
	int i, n, loaded = 0;
	struct utsname u;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJECT.bpf.o\n", argv[0]);
		return 2;
	}
	libbpf_set_print(collect);
	n = count_programs(argv[1]);
	if (n < 0) {
		fprintf(stderr, "cannot open %s: %s\n", argv[1], strerror(-n));
		return 1;
	}
	uname(&u);
	for (i = 0; i < n; i++) {
		const char *type = "?";
		char name[64] = "?", err_str[64];
		int err;

		rewrites_len = 0;
		rewrites[0] = '\0';
		err = load_one(argv[1], i, name, sizeof(name), &type);
		if (i == 0)
			printf("=== kernel %s: %s ===\n", u.release,
			       native == 1 ? "arg:ctx understood natively, nothing rewritten" :
			       "no native arg:ctx support, the loader rewrites");
		if (err)
			snprintf(err_str, sizeof(err_str), "FAILED (%s)", strerror(-err));
		else
			loaded++;
		printf("  %-18s %-14s %s\n", name, type ?: "?", err ? err_str : "loaded");
		fputs(rewrites, stdout);
		fflush(stdout);
	}
	printf("  %d of %d programs loaded\n", loaded, n);
	return loaded == n ? 0 : 1;
}
