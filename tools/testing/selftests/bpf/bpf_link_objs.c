// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_link_objs OUTPUT INPUT...: link BPF objects with this tree's
 * bpf_linker__*(), as `bpftool gen object OUTPUT INPUT...` does. The
 * selftests link the objects of progs/linked/ with both and compare.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	struct bpf_linker *linker;
	int i, err;

	if (argc < 3) {
		fprintf(stderr, "usage: %s OUTPUT INPUT...\n", argv[0]);
		return 2;
	}
	linker = bpf_linker__new(argv[1], NULL);
	if (!linker) {
		fprintf(stderr, "bpf_link_objs: cannot create %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (i = 2; i < argc; i++) {
		err = bpf_linker__add_file(linker, argv[i], NULL);
		if (err) {
			fprintf(stderr, "bpf_link_objs: cannot link %s: %s\n", argv[i], strerror(-err));
			goto out;
		}
	}
	err = bpf_linker__finalize(linker);
	if (err)
		fprintf(stderr, "bpf_link_objs: cannot write %s: %s\n", argv[1], strerror(-err));
out:
	bpf_linker__free(linker);
	return err ? 1 : 0;
}
