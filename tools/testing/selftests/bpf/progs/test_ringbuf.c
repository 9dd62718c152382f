// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Producers for prog_tests/ringbuf.c. On each getpgid(2) of the test
 * process (my_tgid), raw_tp_produce writes batch records of
 * payload_len payload bytes into ring (and, with to_both, ring2), in the
 * way mode says: bpf_ringbuf_output(), or bpf_ringbuf_reserve() and
 * submit, or reserve and discard every record with an odd sequence
 * number. Each record carries its sequence number and a payload whose
 * bytes are (seq + i) & 0xff, so the test sees order, loss and damage.
 * Records the ring had no room for are counted in dropped. User space
 * fills pattern before load.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define NR_getpgid 121	/* x86-64 */
#define MAX_PAYLOAD 256

enum { MODE_OUTPUT, MODE_RESERVE, MODE_DISCARD_ODD };

struct rec {
	__u64 seq;
	__u32 payload_len;
	__u32 ring;
	__u8 payload[MAX_PAYLOAD];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ring2 SEC(".maps");

/* a scratch record, too large for the BPF stack */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rec);
} scratch SEC(".maps");

int my_tgid = -1;
__u32 mode, batch = 1, payload_len = 16;
bool to_both;
__u64 next_seq, dropped, discarded;

/* pattern[k] == k & 0xff: a payload is a slice of it, copied without a loop */
const volatile __u8 pattern[2 * MAX_PAYLOAD] = { 0 };

static __always_inline void fill(struct rec *r, __u64 seq, __u32 len, __u32 which)
{
	r->seq = seq;
	r->payload_len = len;
	r->ring = which;
	if (len)
		bpf_probe_read_kernel(r->payload, len & (MAX_PAYLOAD - 1),
				      (const void *)&pattern[seq & 0xff]);
}

static __always_inline void produce(void *rb, __u32 which, __u32 len)
{
	__u64 seq = next_seq++;
	__u32 zero = 0, size = (len & (MAX_PAYLOAD - 1)) + 16;
	struct rec *r;

	if (mode == MODE_OUTPUT) {
		r = bpf_map_lookup_elem(&scratch, &zero);
		if (!r)
			return;
		fill(r, seq, len & (MAX_PAYLOAD - 1), which);
		if (bpf_ringbuf_output(rb, r, size, 0))
			dropped++;
		return;
	}
	r = bpf_ringbuf_reserve(rb, sizeof(*r), 0);
	if (!r) {
		dropped++;
		return;
	}
	fill(r, seq, len & (MAX_PAYLOAD - 1), which);
	if (mode == MODE_DISCARD_ODD && (seq & 1)) {
		discarded++;
		bpf_ringbuf_discard(r, 0);
		return;
	}
	bpf_ringbuf_submit(r, 0);
}

SEC("raw_tp/sys_enter")
int raw_tp_produce(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 i;

	if (ctx->args[1] != NR_getpgid ||
	    (bpf_get_current_pid_tgid() >> 32) != (__u32)my_tgid)
		return 0;
	for (i = 0; i < 64; i++) {
		if (i >= batch)
			break;
		produce(&ring, 0, payload_len);
		if (to_both)
			produce(&ring2, 1, payload_len);
	}
	return 0;
}
