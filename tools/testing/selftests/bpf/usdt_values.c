// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * usdt_values: attach the test_usdt skeleton's record program to the
 * probes of usdt_trigger and libusdt_lib.so, run usdt_trigger 3, and
 * print what the BPF side read, one line per probe. Built against this
 * library (usdt_values) and against the system's libbpf
 * (usdt_values.system); prog_tests/usdt.c runs both and compares.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <bpf/libbpf.h>
#include "test_usdt.skel.h"

static const struct { const char *path, *provider, *name; } probes[] = {
	{ "./usdt_trigger", "usdt_trig", "exe" },
	{ "./libusdt_lib.so", "usdt_lib", "fire" },
	{ "./libusdt_lib.so", "usdt_lib", "sizes" },
};
#define NPROBES (sizeof(probes) / sizeof(probes[0]))

static int print_nothing(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(void)
{
	struct bpf_link *links[NPROBES] = {};
	struct test_usdt *skel;
	int in[2], out[2], status = -1, ret = 1;
	size_t i, a;
	pid_t pid;
	char c;

	libbpf_set_print(print_nothing);
	skel = test_usdt__open_and_load();
	if (!skel || pipe(in) || pipe(out)) {
		fprintf(stderr, "usdt_values: cannot load test_usdt: %s\n", strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl("./usdt_trigger", "usdt_trigger", "3", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	if (pid < 0 || read(out[0], &c, 1) != 1)
		goto out;
	for (i = 0; i < NPROBES; i++) {
		LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = i);

		links[i] = bpf_program__attach_usdt(skel->progs.record, pid, probes[i].path,
						    probes[i].provider, probes[i].name, &opts);
		if (!links[i]) {
			fprintf(stderr, "usdt_values: attach %s:%s failed: %s\n",
				probes[i].provider, probes[i].name, strerror(errno));
			goto out;
		}
	}
	if (write(in[1], "g", 1) != 1 || waitpid(pid, &status, 0) != pid || status)
		goto out;
	pid = -1;
	for (i = 0; i < NPROBES; i++) {
		printf("%s:%s hits %ld args %d:", probes[i].provider, probes[i].name,
		       skel->bss->hits[i], skel->bss->arg_cnt[i]);
		for (a = 0; a < (size_t)skel->bss->arg_cnt[i] && a < 12; a++)
			printf(" %ld", skel->bss->args[i][a]);
		printf("\n");
	}
	ret = 0;
out:
	if (pid > 0) {
		kill(pid, 9);
		waitpid(pid, NULL, 0);
	}
	for (i = 0; i < NPROBES; i++)
		bpf_link__destroy(links[i]);
	test_usdt__destroy(skel);
	return ret;
}
