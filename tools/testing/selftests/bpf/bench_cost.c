// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_cost MODE [OBJ.bpf.o...]: one unit of library work, for
 * bench.sh to count in instructions (under callgrind) and in wall time.
 *
 *   parse         btf__parse() of the running kernel's BTF
 *   open OBJ...   open and close each object (ELF and BTF parse only)
 *   load OBJ...   each program of each object alone: open, load, close
 *
 * Written against API common to Debian's libbpf 1.1 and this tree so the
 * same source measures both. Load failures are not errors here: the
 * verdicts are compared by compare_load; this only measures the cost.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level __attribute__((unused)),
		 const char *fmt __attribute__((unused)),
		 va_list args __attribute__((unused)))
{
	return 0;
}

static int load_each_program(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	int n = 0, i, k;

	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj)
		n++;
	bpf_object__close(obj);
	for (i = 0; i < n; i++) {
		obj = bpf_object__open_file(path, NULL);
		if (!obj)
			return -errno;
		k = 0;
		bpf_object__for_each_program(prog, obj)
			bpf_program__set_autoload(prog, k++ == i);
		bpf_object__load(obj);
		bpf_object__close(obj);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i, err = 0;

	libbpf_set_print(quiet);
	if (argc == 2 && !strcmp(argv[1], "parse")) {
		struct btf *btf = btf__parse("/sys/kernel/btf/vmlinux", NULL);

		if (!btf)
			return 1;
		btf__free(btf);
		return 0;
	}
	if (argc < 3 || (strcmp(argv[1], "open") && strcmp(argv[1], "load"))) {
		fprintf(stderr, "usage: %s parse | open OBJ... | load OBJ...\n", argv[0]);
		return 2;
	}
	/*
	 * every object, whatever happened to the ones before: stopping at the
	 * first one a library cannot open would measure each library on a
	 * different set of objects
	 */
	for (i = 2; i < argc; i++) {
		int e;

		if (argv[1][0] == 'o') {
			struct bpf_object *obj = bpf_object__open_file(argv[i], NULL);

			e = obj ? 0 : -errno;
			bpf_object__close(obj);
		} else {
			e = load_each_program(argv[i]);
		}
		if (e) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(-e));
			err = e;
		}
	}
	return err ? 1 : 0;
}
