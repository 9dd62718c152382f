// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_ringbuf: how fast the library hands records to the application.
 * Built from this source against this tree and against the system
 * libbpf; bench_ringbuf.sh runs both and prints their ratio per row.
 * For each record size it fills a 64 MiB BPF ring buffer, or the current
 * CPU's 16 MiB perf buffer, with records bench_ringbuf.bpf.o writes, and
 * times only the consumption by ring_buffer__consume(),
 * ring_buffer__poll(), perf_buffer__consume() and perf_buffer__poll().
 * Reports million records
 * per second, the best of several rounds; never fails on speed.
 *
 *   bench_ringbuf [-r ROUNDS] OBJ
 *
 * Prints one line per row: "<api> <record size> <Mrec/s>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "progs/bench_ringbuf.h"

#define PERF_PAGES 4096		/* 16 MiB per CPU */
#define RB_SIZE (64 << 20)	/* bench_ring's max_entries */
#define FILL_BYTES (12 << 20)	/* what a round puts in a ring */

static int cfg_fd;
static unsigned long long sink, got;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int on_rec(void *ctx, void *data, size_t size)
{
	(void)ctx;
	sink += *(unsigned char *)data + size;
	got++;
	return 0;
}

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	(void)cpu;
	on_rec(ctx, data, size);
}

/* have the BPF side write about FILL_BYTES of @size-byte records */
static unsigned long long fill(__u32 size, bool to_perf)
{
	struct bench_cfg cfg = { .tgid = getpid(), .rec_size = size, .to_perf = to_perf };
	__u32 zero = 0;
	long i, n = FILL_BYTES / ((size + 16) * 256L) + 1;

	bpf_map_update_elem(cfg_fd, &zero, &cfg, 0);
	for (i = 0; i < n; i++)
		syscall(SYS_getpgid, 0);
	bpf_map_lookup_elem(cfg_fd, &zero, &cfg);
	if (cfg.failed)
		fprintf(stderr, "bench_ringbuf: %llu records did not fit\n",
			(unsigned long long)cfg.failed);
	return cfg.produced;
}

enum api { RB_CONSUME, RB_POLL, PB_CONSUME, PB_POLL };
static const char *const api_name[] = { "ring_buffer__consume", "ring_buffer__poll",
					"perf_buffer__consume", "perf_buffer__poll" };

static double run(enum api api, struct ring_buffer *rb, struct perf_buffer *pb,
		  __u32 size, int rounds)
{
	double best = 0, t;
	unsigned long long n;
	int r;

	for (r = 0; r < rounds; r++) {
		n = fill(size, api >= PB_CONSUME);
		got = 0;
		t = now();
		if (api == RB_CONSUME)
			ring_buffer__consume(rb);
		else if (api == RB_POLL)
			while (got < n && ring_buffer__poll(rb, 100) > 0)
				;
		else if (api == PB_CONSUME)
			perf_buffer__consume(pb);
		else
			while (got < n && perf_buffer__poll(pb, 100) > 0)
				;
		t = now() - t;
		if (got != n)
			fprintf(stderr, "bench_ringbuf: %s got %llu of %llu records\n",
				api_name[api], got, n);
		if (t > 0 && got / t > best)
			best = got / t;
	}
	return best / 1e6;
}

int main(int argc, char **argv)
{
	static const __u32 sizes[] = { 16, 64, 256, 504 };
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct ring_buffer *rb;
	struct perf_buffer *pb;
	int rounds = 5, opt, a;
	unsigned int s;
	cpu_set_t one;

	while ((opt = getopt(argc, argv, "r:")) != -1) {
		if (opt != 'r')
			goto usage;
		rounds = atoi(optarg);
	}
	if (optind != argc - 1 || rounds < 1)
		goto usage;
	/* one CPU: every perf record lands in one ring, and less noise */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	sched_setaffinity(0, sizeof(one), &one);

	obj = bpf_object__open_file(argv[optind], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "bench_ringbuf: cannot load %s: %s\n", argv[optind],
			strerror(errno));
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "bench_produce");
	link = prog ? bpf_program__attach(prog) : NULL;
	cfg_fd = bpf_object__find_map_fd_by_name(obj, "bench_cfg");
	rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "bench_ring"), on_rec,
			      NULL, NULL);
	pb = perf_buffer__new(bpf_object__find_map_fd_by_name(obj, "bench_perf"), PERF_PAGES,
			      on_sample, NULL, NULL, NULL);
	if (!link || cfg_fd < 0 || !rb || !pb) {
		fprintf(stderr, "bench_ringbuf: setup failed: %s\n", strerror(errno));
		return 1;
	}
	/* fault in every page of both rings before anything is timed */
	for (s = 0; s < RB_SIZE / FILL_BYTES + 1; s++) {
		fill(504, false);
		ring_buffer__consume(rb);
	}
	for (s = 0; s < PERF_PAGES * 4096UL / FILL_BYTES + 1; s++) {
		fill(504, true);
		perf_buffer__consume(pb);
	}
	for (a = RB_CONSUME; a <= PB_POLL; a++)
		for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
			printf("%s %u %.2f\n", api_name[a], sizes[s],
			       run(a, rb, pb, sizes[s], rounds));
	perf_buffer__free(pb);
	ring_buffer__free(rb);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return sink == 42;	/* keep the callbacks' work */
usage:
	fprintf(stderr, "usage: %s [-r ROUNDS] OBJ\n", argv[0]);
	return 2;
}
