// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A producer for prog_tests/perf_buffer.c: on each getpgid(2) of the
 * test process, batch records with a sequence number and a payload of
 * payload_len bytes ((seq + i) & 0xff) go out with
 * bpf_perf_event_output() on the current CPU; records the CPU's ring
 * had no room for are counted in dropped.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define NR_getpgid 121	/* x86-64 */
#define MAX_PAYLOAD 256

struct rec {
	__u64 seq;
	__u32 payload_len;
	__u32 pad;
	__u8 payload[MAX_PAYLOAD];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rec);
} scratch SEC(".maps");

/* pattern[k] == k & 0xff, set by user space before load */
const volatile __u8 pattern[2 * MAX_PAYLOAD] = { 0 };

int my_tgid = -1;
__u32 batch = 1, payload_len = 16;
__u64 next_seq, dropped;

SEC("raw_tp/sys_enter")
int raw_tp_output(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 zero = 0, i, len = payload_len & (MAX_PAYLOAD - 1);
	struct rec *r;

	if (ctx->args[1] != NR_getpgid ||
	    (bpf_get_current_pid_tgid() >> 32) != (__u32)my_tgid)
		return 0;
	r = bpf_map_lookup_elem(&scratch, &zero);
	if (!r)
		return 0;
	for (i = 0; i < 256; i++) {
		if (i >= batch)
			break;
		r->seq = next_seq++;
		r->payload_len = len;
		if (len)
			bpf_probe_read_kernel(r->payload, len,
					      (const void *)&pattern[r->seq & 0xff]);
		if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, r, 16 + len))
			dropped++;
	}
	return 0;
}
