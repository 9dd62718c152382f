// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* profile: on each CPU clock sample, send the task and its stacks */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "profile.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} samples SEC(".maps");

/*
 * A global subprogram taking the program's context: __arg_ctx tells the
 * verifier (or, on kernels before 6.8, the library's fallback) that ctx
 * is the perf_event context bpf_get_stack() needs.
 */
__noinline int emit_sample(void *ctx __arg_ctx)
{
	struct profile_sample *s;

	s = bpf_ringbuf_reserve(&samples, sizeof(*s), 0);
	if (!s)
		return 1;
	/* 6.1's bpf_get_stack wants an initialized buffer */
	__builtin_memset(s->kstack, 0, sizeof(s->kstack));
	__builtin_memset(s->ustack, 0, sizeof(s->ustack));
	s->pid = bpf_get_current_pid_tgid() >> 32;
	s->cpu = bpf_get_smp_processor_id();
	bpf_get_current_comm(s->comm, sizeof(s->comm));
	s->kstack_len = bpf_get_stack(ctx, s->kstack, sizeof(s->kstack), 0);
	s->ustack_len = bpf_get_stack(ctx, s->ustack, sizeof(s->ustack), BPF_F_USER_STACK);
	bpf_ringbuf_submit(s, 0);
	return 0;
}

SEC("perf_event")
int on_sample(struct bpf_perf_event_data *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == 0)
		return 0;	/* the idle task */
	emit_sample(ctx);
	return 0;
}
