/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What every example's user space shares: a name for its messages,
 * libbpf's messages shown only with -v, one-line errors, and a clean exit
 * on Ctrl-C (SIGINT) or SIGTERM.
 */
#ifndef EXAMPLE_H
#define EXAMPLE_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

static const char *example_name = "example";
static bool example_verbose;
static volatile sig_atomic_t exiting;

static void example_on_signal(int sig)
{
	(void)sig;
	exiting = 1;
}

static int example_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !example_verbose)
		return 0;
	if (level == LIBBPF_INFO && !example_verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/* set up messages and signals; call first in main() */
static inline void example_init(const char *name, bool verbose)
{
	struct sigaction sa = { .sa_handler = example_on_signal };

	example_name = name;
	example_verbose = verbose;
	libbpf_set_print(example_print);
	/* no SA_RESTART: a blocking poll or read returns EINTR on Ctrl-C */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* "NAME: what failed: strerror" on stderr; err is a negative errno or 0 */
static inline int example_error(int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", example_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err < 0 ? -err : err));
	fputc('\n', stderr);
	return 1;
}

/* the line the tests wait for: everything is attached */
static inline void example_ready(const char *what)
{
	printf("%s: ready: %s; Ctrl-C to stop\n", example_name, what);
}

/* consume rb until Ctrl-C; 0, or the error of a failed poll (reported) */
static inline int example_poll(struct ring_buffer *rb)
{
	int err;

	while (!exiting) {
		err = ring_buffer__poll(rb, 100);
		if (err == -EINTR)
			break;
		if (err < 0) {
			example_error(err, "cannot poll the ring buffer");
			return err;
		}
	}
	return 0;
}

static inline int example_done(void)
{
	printf("%s: exiting\n", example_name);
	return 0;
}

#endif
