// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * load_list [-p PIN_ROOT] OBJ.bpf.o...
 *
 * For every program of every object: open the object, switch autoload
 * off for all other programs, load, and print "OBJ PROG OK" or
 * "OBJ PROG FAIL". Written against the libbpf API present in both
 * Debian's libbpf 1.1 and this tree, so that the two can be compared.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

static const char *pin_root;

static int quiet(enum libbpf_print_level level __attribute__((unused)),
		 const char *fmt __attribute__((unused)),
		 va_list args __attribute__((unused)))
{
	return 0;
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static struct bpf_object *open_obj(const char *path)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pin_root);

	return bpf_object__open_file(path, &opts);
}

static int load_nth(const char *path, int n, char *name, size_t size)
{
	struct bpf_object *obj = open_obj(path);
	struct bpf_program *prog;
	int i = 0, err;

	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj) {
		bpf_program__set_autoload(prog, i == n);
		if (i++ == n)
			snprintf(name, size, "%s", bpf_program__name(prog));
	}
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	char name[128];
	int i, n, k;

	while ((k = getopt(argc, argv, "p:")) != -1) {
		if (k != 'p') {
			fprintf(stderr, "usage: %s [-p PIN_ROOT] OBJ.bpf.o...\n", argv[0]);
			return 2;
		}
		pin_root = optarg;
	}
	libbpf_set_print(quiet);
	for (i = optind; i < argc; i++) {
		obj = open_obj(argv[i]);
		if (!obj) {
			printf("%s - OPEN-FAIL\n", base(argv[i]));
			continue;
		}
		n = 0;
		bpf_object__for_each_program(prog, obj)
			n++;
		bpf_object__close(obj);
		for (k = 0; k < n; k++) {
			int err = load_nth(argv[i], k, name, sizeof(name));

			printf("%s %s %s\n", base(argv[i]), name, err ? "FAIL" : "OK");
		}
	}
	return 0;
}
