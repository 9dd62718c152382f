// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_load [-n N] OBJ.bpf.o...
 *
 * Opens and loads each object N times (as root) and prints the mean
 * wall-clock time of open+load+close per object and the peak RSS.
 * Written against API common to Debian's libbpf 1.1 and this tree, so
 * that the two can be compared; it reports numbers and never fails on
 * time.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level __attribute__((unused)),
		 const char *fmt __attribute__((unused)),
		 va_list args __attribute__((unused)))
{
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	int n = 20, opt, i, k;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n') {
			fprintf(stderr, "usage: %s [-n N] OBJ.bpf.o...\n", argv[0]);
			return 2;
		}
		n = atoi(optarg);
	}
	libbpf_set_print(quiet);
	for (i = optind; i < argc; i++) {
		double t0 = now_ms(), first = 0;
		int failed = 0;

		for (k = 0; k < n; k++) {
			struct bpf_object *obj = bpf_object__open_file(argv[i], NULL);

			if (!obj || bpf_object__load(obj))
				failed++;
			bpf_object__close(obj);
			if (!k)
				first = now_ms() - t0;
		}
		printf("%-32s first %8.2f ms  mean %8.2f ms  (%d runs%s)\n",
		       strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i],
		       first, (now_ms() - t0) / n, n, failed ? ", some loads failed" : "");
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS %ld KiB\n", ru.ru_maxrss);
	return 0;
}
