// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bootstrap: print a line for every exec and every process exit on the
 * system, read from a BPF ring buffer. Exits show the exit code and how long
 * the process ran since its exec.
 *
 *   bootstrap [-v] [-d MS]
 *     -d MS   report only exits of processes that ran at least MS
 *             milliseconds (and no execs)
 *     -v      show libbpf's messages
 */
#include <time.h>
#include "example.h"
#include "bootstrap.h"
#include "bootstrap.skel.h"

static void usage(void)
{
	fprintf(stderr, "usage: bootstrap [-v] [-d MS]\n");
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct bootstrap_event *e = data;
	char ts[16];
	time_t t;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	t = time(NULL);
	strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&t));
	if (e->exit_event) {
		printf("%-8s EXIT %-16s pid %-7d ppid %-7d exit code %u",
		       ts, e->comm, e->pid, e->ppid, e->exit_code);
		if (e->duration_ns)
			printf(" (%llu ms)", e->duration_ns / 1000000);
		putchar('\n');
	} else {
		printf("%-8s EXEC %-16s pid %-7d ppid %-7d %s\n",
		       ts, e->comm, e->pid, e->ppid, e->filename);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct bootstrap_bpf *skel;
	unsigned long min_ms = 0;
	bool verbose = false;
	char *end;
	int err, opt;

	while ((opt = getopt(argc, argv, "vd:h")) != -1) {
		switch (opt) {
		case 'v':
			verbose = true;
			break;
		case 'd':
			errno = 0;
			min_ms = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg) {
				example_init("bootstrap", false);
				return example_error(0, "bad minimum duration '%s'", optarg);
			}
			break;
		default:
			usage();
			return opt == 'h' ? 0 : 2;
		}
	}
	example_init("bootstrap", verbose);

	skel = bootstrap_bpf__open();
	if (!skel)
		return example_error(-errno, "cannot open the BPF object");
	skel->rodata->min_duration_ns = (unsigned long long)min_ms * 1000000;
	err = bootstrap_bpf__load(skel);
	if (err) {
		example_error(err, "cannot load the BPF object");
		goto out;
	}
	err = bootstrap_bpf__attach(skel);
	if (err) {
		example_error(err, "cannot attach tracepoints sched/sched_process_exec and sched_process_exit");
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		example_error(err, "cannot create the ring buffer");
		goto out;
	}
	example_ready("tracepoints sched/sched_process_exec and sched_process_exit");

	err = example_poll(rb);
	if (err)
		goto out;
	example_done();
out:
	ring_buffer__free(rb);
	bootstrap_bpf__destroy(skel);
	return err ? 1 : 0;
}
