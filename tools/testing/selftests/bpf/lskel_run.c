// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * lskel_run: a light skeleton application as users build one, with this
 * tree's <bpf/skel_internal.h> and no library at all (the Makefile links
 * it without libbpf, libelf or zlib). prog_tests/lskel.c runs it.
 *
 * Loads test_lskel's light skeleton, attaches it, calls getpgid(2) N
 * times (argv[1], default 3) and prints what the BPF side counted:
 *   raw_tp <n> tp_btf <n> sum <n>
 * Exits 0 when loading and attaching worked, 1 otherwise (message on
 * stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "test_lskel.lskel.h"

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3, err, i;
	struct test_lskel *skel;

	skel = test_lskel__open();
	if (!skel) {
		perror("lskel_run: open");
		return 1;
	}
	skel->rodata->bias = 2;
	err = test_lskel__load(skel);
	if (err) {
		fprintf(stderr, "lskel_run: load: %d\n", err);
		goto fail;
	}
	skel->data->my_tgid = getpid();
	skel->data->add = 1;
	err = test_lskel__attach(skel);
	if (err) {
		fprintf(stderr, "lskel_run: attach: %d\n", err);
		goto fail;
	}
	for (i = 0; i < n; i++)
		syscall(SYS_getpgid, 0);
	printf("raw_tp %llu tp_btf %llu sum %llu\n",
	       (unsigned long long)skel->bss->raw_tp_cnt,
	       (unsigned long long)skel->bss->tp_btf_cnt,
	       (unsigned long long)skel->bss->sum);
	test_lskel__destroy(skel);
	return 0;
fail:
	test_lskel__destroy(skel);
	return 1;
}
