// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * BPF streams (6.17+): a syscall program writes formatted text to its
 * stdout and stderr streams with bpf_stream_printk() (bpf_helpers.h);
 * prog_tests/prog_stream.c runs it and reads the text back with
 * bpf_prog_stream_read().
 */
#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

/*
 * enum bpf_stream_id's values; a vmlinux.h of a kernel before 6.17 does
 * not have BPF_STDOUT/BPF_STDERR, so the test spells them out.
 */
#define STREAM_STDOUT 1
#define STREAM_STDERR 2

int calls, failures, last_err;

SEC("syscall")
int stream_write(void *ctx)
{
	int x = 42, err;

	calls++;
	err = bpf_stream_printk(STREAM_STDOUT, "hello from stdout\n");
	if (err) {
		failures++;
		last_err = err;
	}
	err = bpf_stream_printk(STREAM_STDOUT, "x=%d s=%s u=%u\n", x, "str", 7U);
	if (err) {
		failures++;
		last_err = err;
	}
	err = bpf_stream_printk(STREAM_STDERR, "to stderr: %d %d %d %d %d\n",
				1, 2, 3, 4, 5);
	if (err) {
		failures++;
		last_err = err;
	}
	return 0;
}
