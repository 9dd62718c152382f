// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fentry: print every call of the kernel's do_unlinkat() with the file
 * name, and on return the name and the return value, from fentry and fexit
 * programs through a ring buffer.
 *
 *   fentry [-v]
 */
#include "example.h"
#include "fentry.h"
#include "fentry.skel.h"

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct fentry_event *e = data;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	if (e->is_return)
		printf("fentry: fexit do_unlinkat:  pid %d comm %s filename %s ret %ld\n",
		       e->pid, e->comm, e->filename, e->ret);
	else
		printf("fentry: fentry do_unlinkat: pid %d comm %s filename %s\n",
		       e->pid, e->comm, e->filename);
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct fentry_bpf *skel;
	int err;

	example_init("fentry", argc > 1 && !strcmp(argv[1], "-v"));

	skel = fentry_bpf__open();
	if (!skel)
		return example_error(-errno, "cannot open the BPF object");
	err = fentry_bpf__load(skel);
	if (err) {
		example_error(err, "cannot load the BPF object");
		goto out;
	}
	err = fentry_bpf__attach(skel);
	if (err) {
		example_error(err, "cannot attach fentry and fexit do_unlinkat");
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		example_error(err, "cannot create the ring buffer");
		goto out;
	}
	example_ready("fentry and fexit do_unlinkat");

	err = example_poll(rb);
	if (err)
		goto out;
	example_done();
out:
	ring_buffer__free(rb);
	fentry_bpf__destroy(skel);
	return err ? 1 : 0;
}
