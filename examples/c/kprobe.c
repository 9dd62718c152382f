// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * kprobe: print every call of the kernel's do_unlinkat() (unlink(2),
 * unlinkat(2)) with the file name, and its return value, read from a perf
 * buffer filled by a kprobe and a kretprobe.
 *
 *   kprobe [-v] [-p PID]
 *     -p PID  report only this process
 */
#include "example.h"
#include "kprobe.h"
#include "kprobe.skel.h"

static void handle_event(void *ctx, int cpu, void *data, __u32 size)
{
	const struct kprobe_event *e = data;

	(void)ctx;
	(void)cpu;
	if (size < sizeof(*e))
		return;
	if (e->is_return)
		printf("kprobe: do_unlinkat exit:  pid %d comm %s ret %ld\n",
		       e->pid, e->comm, e->ret);
	else
		printf("kprobe: do_unlinkat entry: pid %d comm %s filename %s\n",
		       e->pid, e->comm, e->filename);
}

static void handle_lost(void *ctx, int cpu, __u64 cnt)
{
	(void)ctx;
	printf("kprobe: lost %llu events on CPU %d\n", (unsigned long long)cnt, cpu);
}

int main(int argc, char **argv)
{
	struct perf_buffer *pb = NULL;
	struct kprobe_bpf *skel;
	bool verbose = false;
	int err, opt, pid = 0;

	while ((opt = getopt(argc, argv, "vp:h")) != -1) {
		switch (opt) {
		case 'v':
			verbose = true;
			break;
		case 'p':
			pid = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: kprobe [-v] [-p PID]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	example_init("kprobe", verbose);

	skel = kprobe_bpf__open();
	if (!skel)
		return example_error(-errno, "cannot open the BPF object");
	skel->rodata->target_pid = pid;
	err = kprobe_bpf__load(skel);
	if (err) {
		example_error(err, "cannot load the BPF object");
		goto out;
	}
	err = kprobe_bpf__attach(skel);
	if (err) {
		example_error(err, "cannot attach kprobe and kretprobe do_unlinkat");
		goto out;
	}
	pb = perf_buffer__new(bpf_map__fd(skel->maps.events), 8, handle_event,
			      handle_lost, NULL, NULL);
	if (!pb) {
		err = -errno;
		example_error(err, "cannot create the perf buffer");
		goto out;
	}
	example_ready("kprobe and kretprobe do_unlinkat");

	while (!exiting) {
		err = perf_buffer__poll(pb, 100);
		if (err == -EINTR)
			break;
		if (err < 0) {
			example_error(err, "cannot poll the perf buffer");
			goto out;
		}
	}
	err = 0;
	example_done();
out:
	perf_buffer__free(pb);
	kprobe_bpf__destroy(skel);
	return err ? 1 : 0;
}
