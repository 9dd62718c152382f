// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * task_iter: list every process on the system (pid, parent pid, comm and
 * state) through a BPF task iterator: attach the iter/task program, create
 * an iterator file descriptor from its link and read it to the end.
 *
 *   task_iter [-v]
 */
#include <bpf/bpf.h>
#include "example.h"
#include "task_iter.skel.h"

int main(int argc, char **argv)
{
	struct task_iter_bpf *skel;
	struct bpf_link *link = NULL;
	char buf[4096];
	int err, iter_fd = -1;
	ssize_t n;

	example_init("task_iter", argc > 1 && !strcmp(argv[1], "-v"));
	skel = task_iter_bpf__open_and_load();
	if (!skel)
		return example_error(-errno, "cannot open and load the BPF object");
	link = bpf_program__attach_iter(skel->progs.dump_task, NULL);
	if (!link) {
		err = -errno;
		example_error(err, "cannot attach the task iterator");
		goto out;
	}
	iter_fd = bpf_iter_create(bpf_link__fd(link));
	if (iter_fd < 0) {
		err = -errno;
		example_error(err, "cannot create the iterator");
		goto out;
	}
	err = 0;
	printf("%-7s %-7s %-16s %s\n", "PID", "PPID", "COMM", "STATE");
	while (!exiting && (n = read(iter_fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				break;
			err = -errno;
			example_error(err, "cannot read the iterator");
			goto out;
		}
		fwrite(buf, 1, n, stdout);
	}
	fflush(stdout);
	example_done();
out:
	if (iter_fd >= 0)
		close(iter_fd);
	bpf_link__destroy(link);
	task_iter_bpf__destroy(skel);
	return err ? 1 : 0;
}
