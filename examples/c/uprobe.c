// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * uprobe: attach a uprobe and a uretprobe to uprobed_add(), a function of
 * this program that it calls every second, and to libc's malloc() in this
 * process, both by function name (bpf_program__attach_uprobe_opts() with
 * func_name), and print each call's arguments and return value.
 *
 *   uprobe [-v]
 */
#include <limits.h>
#include <time.h>
#include "example.h"
#include "uprobe.h"
#include "uprobe.skel.h"

/* what the probes watch: not inlined, and visible in the symbol table */
__attribute__((noinline)) int uprobed_add(int a, int b)
{
	__asm__ __volatile__("" ::: "memory");
	return a + b;
}

/* through a volatile pointer, so the compiler cannot drop malloc/free pairs */
static void *(*volatile do_malloc)(size_t) = malloc;

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct uprobe_event *e = data;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	switch (e->kind) {
	case UPROBE_ADD_ENTRY:
		printf("uprobe: pid %d uprobed_add(%d, %d)\n", e->pid,
		       (int)e->arg1, (int)e->arg2);
		break;
	case UPROBE_ADD_RETURN:
		printf("uprobe: pid %d uprobed_add returned %d\n", e->pid, (int)e->ret);
		break;
	case UPROBE_MALLOC_ENTRY:
		printf("uprobe: pid %d malloc(%llu)\n", e->pid, e->arg1);
		break;
	case UPROBE_MALLOC_RETURN:
		printf("uprobe: pid %d malloc returned %#llx\n", e->pid, e->ret);
		break;
	}
	return 0;
}

/* the path of the libc this process runs with, from /proc/self/maps */
static int find_libc(char *path, size_t size)
{
	char line[PATH_MAX + 128], *p;
	FILE *f = fopen("/proc/self/maps", "re");
	int err = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		p = strchr(line, '/');
		if (!p || !strstr(p, "/libc.so.6") || strlen(p) >= size)
			continue;
		p[strcspn(p, "\n")] = '\0';
		strcpy(path, p);
		err = 0;
		break;
	}
	fclose(f);
	return err;
}

static int attach(struct bpf_program *prog, const char *binary,
		  const char *func, bool retprobe, struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = func, .retprobe = retprobe);

	*link = bpf_program__attach_uprobe_opts(prog, getpid(), binary, 0, &opts);
	if (!*link)
		return example_error(-errno, "cannot attach %s to %s in %s",
				     retprobe ? "uretprobe" : "uprobe", func, binary);
	return 0;
}

int main(int argc, char **argv)
{
	char self[PATH_MAX], libc[PATH_MAX];
	struct ring_buffer *rb = NULL;
	struct uprobe_bpf *skel;
	volatile int sum = 0;
	int err = 0, tick = 0;
	time_t last = 0;
	ssize_t n;

	example_init("uprobe", argc > 1 && !strcmp(argv[1], "-v"));
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return example_error(-errno, "cannot read /proc/self/exe");
	self[n] = '\0';
	err = find_libc(libc, sizeof(libc));
	if (err)
		return example_error(err, "cannot find libc.so.6 in /proc/self/maps");

	skel = uprobe_bpf__open_and_load();
	if (!skel)
		return example_error(-errno, "cannot open and load the BPF object");
	if (attach(skel->progs.add_entry, self, "uprobed_add", false, &skel->links.add_entry) ||
	    attach(skel->progs.add_return, self, "uprobed_add", true, &skel->links.add_return) ||
	    attach(skel->progs.malloc_entry, libc, "malloc", false, &skel->links.malloc_entry) ||
	    attach(skel->progs.malloc_return, libc, "malloc", true, &skel->links.malloc_return)) {
		err = 1;
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		example_error(err, "cannot create the ring buffer");
		goto out;
	}
	example_ready("uprobes on uprobed_add and malloc");

	while (!exiting) {
		time_t now = time(NULL);

		if (now != last) {	/* one call of each a second */
			void *p;

			tick++;
			sum += uprobed_add(tick, 2 * tick);
			p = do_malloc(1000 + tick);
			free(p);
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
	uprobe_bpf__destroy(skel);
	return err ? 1 : 0;
}
