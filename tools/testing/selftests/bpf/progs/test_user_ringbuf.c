// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The consumer side of a user ring buffer (6.1+) for prog_tests/ringbuf.c:
 * on getpgid(2) of the test process, bpf_user_ringbuf_drain() hands each
 * sample user space submitted to drain_one(), which checks its size,
 * counts it and sums its values.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define NR_getpgid 121	/* x86-64 */

struct user_sample {
	__u64 seq;
	__u64 value;
};

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} user_ring SEC(".maps");

int my_tgid = -1;
__u64 drained, value_sum, last_seq, bad_samples;
long drain_ret;

static long drain_one(struct bpf_dynptr *dynptr, void *ctx)
{
	struct user_sample s;

	if (bpf_dynptr_read(&s, sizeof(s), dynptr, 0, 0)) {
		bad_samples++;
		return 0;
	}
	drained++;
	value_sum += s.value;
	last_seq = s.seq;
	return 0;
}

SEC("raw_tp/sys_enter")
int raw_tp_drain(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[1] != NR_getpgid ||
	    (bpf_get_current_pid_tgid() >> 32) != (__u32)my_tgid)
		return 0;
	drain_ret = bpf_user_ringbuf_drain(&user_ring, drain_one, (void *)0, 0);
	return 0;
}
