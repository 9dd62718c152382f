// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * lsm: while it runs, nobody may open FILE: a BPF LSM program on the
 * file_open hook refuses with EPERM and this prints each refusal. Needs a
 * kernel with "bpf" among its LSMs (CONFIG_LSM or lsm=).
 *
 *   lsm [-v] FILE
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "example.h"
#include "lsm.h"
#include "lsm.skel.h"

static const char *target;

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct lsm_denial *e = data;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	printf("lsm: denied open of %s (inode %llu, flags %#o) to pid %d comm %s\n",
	       target, e->ino, e->flags, e->pid, e->comm);
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	bool verbose = false;
	struct lsm_bpf *skel;
	struct stat st;
	int err, opt;

	while ((opt = getopt(argc, argv, "vh")) != -1) {
		switch (opt) {
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr, "usage: lsm [-v] FILE\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: lsm [-v] FILE\n");
		return 2;
	}
	target = argv[optind];
	example_init("lsm", verbose);
	if (stat(target, &st))
		return example_error(-errno, "cannot stat %s", target);

	skel = lsm_bpf__open();
	if (!skel)
		return example_error(-errno, "cannot open the BPF object");
	/* the kernel's internal dev_t: 12 bits of major, 20 of minor */
	skel->rodata->target_dev = (major(st.st_dev) << 20) | minor(st.st_dev);
	skel->rodata->target_ino = st.st_ino;
	err = lsm_bpf__load(skel);
	if (err) {
		example_error(err, "cannot load the BPF object");
		goto out;
	}
	err = lsm_bpf__attach(skel);
	if (err) {
		example_error(err, "cannot attach lsm/file_open");
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		example_error(err, "cannot create the ring buffer");
		goto out;
	}
	printf("lsm: denying every open of %s (inode %llu)\n", target,
	       (unsigned long long)st.st_ino);
	example_ready("lsm/file_open");

	err = example_poll(rb);
	if (err)
		goto out;
	example_done();
out:
	ring_buffer__free(rb);
	lsm_bpf__destroy(skel);
	return err ? 1 : 0;
}
