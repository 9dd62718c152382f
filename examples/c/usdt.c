// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * usdt: this program has a USDT probe, example:tick, that it passes every
 * second with a counter, a running sum and a string; a BPF program attached
 * to it with bpf_program__attach_usdt() prints the three arguments.
 *
 *   usdt [-v]
 */
#include <limits.h>
#include <time.h>
#include <sys/sdt.h>
#include "example.h"
#include "usdt.h"
#include "usdt.skel.h"

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct usdt_event *e = data;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	printf("usdt: pid %d example:tick(tick %d, sum %lld, msg \"%s\")\n",
	       e->pid, e->tick, e->sum, e->msg);
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct usdt_bpf *skel;
	char self[PATH_MAX], msg[32];
	long long sum = 0;
	int err, tick = 0;
	time_t last = 0;
	ssize_t n;

	example_init("usdt", argc > 1 && !strcmp(argv[1], "-v"));
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return example_error(-errno, "cannot read /proc/self/exe");
	self[n] = '\0';

	skel = usdt_bpf__open_and_load();
	if (!skel)
		return example_error(-errno, "cannot open and load the BPF object");
	skel->links.handle_tick = bpf_program__attach_usdt(skel->progs.handle_tick, getpid(),
							   self, "example", "tick", NULL);
	if (!skel->links.handle_tick) {
		err = -errno;
		example_error(err, "cannot attach to USDT example:tick in %s", self);
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		example_error(err, "cannot create the ring buffer");
		goto out;
	}
	example_ready("USDT example:tick");

	while (!exiting) {
		time_t now = time(NULL);

		if (now != last) {	/* the probe, once a second */
			tick++;
			sum += tick;
			snprintf(msg, sizeof(msg), "tick number %d", tick);
			DTRACE_PROBE3(example, tick, tick, sum, msg);
			last = now;
		}
		err = ring_buffer__poll(rb, 100);
		if (err == -EINTR)
			break;
		if (err < 0) {
			example_error(err, "cannot poll the ring buffer");
			goto out;
		}
	}
	err = 0;
	example_done();
out:
	ring_buffer__free(rb);
	usdt_bpf__destroy(skel);
	return err ? 1 : 0;
}
