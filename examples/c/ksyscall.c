// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ksyscall: print every kill(2) and tgkill(2) call on the system, who
 * sent which signal to whom, from kprobes attached by syscall name.
 *
 *   ksyscall [-v]
 */
#include "example.h"
#include "ksyscall.h"
#include "ksyscall.skel.h"

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct ksyscall_event *e = data;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	if (e->is_tgkill)
		printf("ksyscall: tgkill(tgid %d, tid %d, sig %d) from pid %d comm %s\n",
		       e->tgid, e->target, e->sig, e->pid, e->comm);
	else
		printf("ksyscall: kill(pid %d, sig %d) from pid %d comm %s\n",
		       e->target, e->sig, e->pid, e->comm);
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct ksyscall_bpf *skel;
	int err;

	example_init("ksyscall", argc > 1 && !strcmp(argv[1], "-v"));

	skel = ksyscall_bpf__open_and_load();
	if (!skel)
		return example_error(-errno, "cannot open and load the BPF object");
	err = ksyscall_bpf__attach(skel);
	if (err) {
		example_error(err, "cannot attach ksyscall kill and tgkill");
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		example_error(err, "cannot create the ring buffer");
		goto out;
	}
	example_ready("ksyscall kill and tgkill");

	err = example_poll(rb);
	if (err)
		goto out;
	example_done();
out:
	ring_buffer__free(rb);
	ksyscall_bpf__destroy(skel);
	return err ? 1 : 0;
}
