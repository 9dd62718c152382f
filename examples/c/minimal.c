// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * minimal: load a tracepoint program on write(2) that calls bpf_printk()
 * for this process's writes to one file descriptor (/dev/null), write there
 * every second, and print the lines the program left in the kernel's trace
 * buffer (tracefs trace_pipe).
 *
 *   minimal [-v]
 */
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include "example.h"
#include "minimal.skel.h"

static int open_trace_pipe(void)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/trace_pipe",
		"/sys/kernel/debug/tracing/trace_pipe",
	};
	unsigned int i;
	int fd;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		fd = open(paths[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0)
			return fd;
	}
	return -errno;
}

/* print the complete lines of trace_pipe that our program wrote */
static void print_trace(int fd)
{
	static char buf[8192];
	static size_t len;
	char *line, *nl;
	ssize_t n;

	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += n;
		buf[len] = '\0';
		line = buf;
		while ((nl = strchr(line, '\n'))) {
			*nl = '\0';
			if (strstr(line, "minimal: "))
				printf("minimal: trace_pipe:%s\n", strstr(line, "minimal: ") + 8);
			line = nl + 1;
		}
		len = strlen(line);
		memmove(buf, line, len);
		if (len == sizeof(buf) - 1)
			len = 0;	/* a line longer than the buffer: drop it */
	}
}

int main(int argc, char **argv)
{
	struct minimal_bpf *skel;
	int err, fd, null_fd = -1, tick = 0;
	time_t last = 0;

	example_init("minimal", argc > 1 && !strcmp(argv[1], "-v"));
	fd = open_trace_pipe();
	if (fd < 0)
		return example_error(fd, "cannot open tracefs trace_pipe");

	skel = minimal_bpf__open();
	if (!skel) {
		err = -errno;
		close(fd);
		return example_error(err, "cannot open the BPF object");
	}
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null_fd < 0) {
		err = -errno;
		example_error(err, "cannot open /dev/null");
		goto out;
	}
	skel->rodata->target_pid = getpid();
	skel->rodata->target_fd = null_fd;
	err = minimal_bpf__load(skel);
	if (err) {
		example_error(err, "cannot load the BPF object");
		goto out;
	}
	err = minimal_bpf__attach(skel);
	if (err) {
		example_error(err, "cannot attach tracepoint syscalls/sys_enter_write");
		goto out;
	}
	example_ready("tracepoint syscalls/sys_enter_write");

	while (!exiting) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		time_t now = time(NULL);

		if (now != last) {	/* one write a second */
			dprintf(null_fd, "tick %d\n", ++tick);
			last = now;
		}
		if (poll(&pfd, 1, 200) > 0)
			print_trace(fd);
	}
	example_done();
out:
	minimal_bpf__destroy(skel);
	if (null_fd >= 0)
		close(null_fd);
	close(fd);
	return err ? 1 : 0;
}
