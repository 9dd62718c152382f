// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The producer of bench_ringbuf.c: on each getpgid(2) of the benchmark
 * process (bench_cfg.tgid), 256 records of bench_cfg.rec_size bytes into
 * the ring buffer, or with bench_cfg.to_perf into the current CPU's perf
 * buffer. The benchmark fills the rings this way, then times only their
 * consumption. Default wakeups: the first record of a fill, written while
 * the consumer has caught up, wakes ring_buffer__poll()'s epoll.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bench_ringbuf.h"

char _license[] SEC("license") = "Dual BSD/GPL";

#define NR_getpgid 121	/* x86-64 */
#define MAX_REC 512

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 << 20);
} bench_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} bench_perf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[MAX_REC]);
} bench_src SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bench_cfg);
} bench_cfg SEC(".maps");

SEC("raw_tp/sys_enter")
int bench_produce(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 zero = 0, size, i;
	struct bench_cfg *cfg;
	void *src;

	if (ctx->args[1] != NR_getpgid)
		return 0;
	cfg = bpf_map_lookup_elem(&bench_cfg, &zero);
	src = bpf_map_lookup_elem(&bench_src, &zero);
	if (!cfg || !src || (bpf_get_current_pid_tgid() >> 32) != cfg->tgid)
		return 0;
	size = cfg->rec_size & (MAX_REC - 1);
	if (!size)
		return 0;
	for (i = 0; i < 256; i++) {
		long err = cfg->to_perf ?
			bpf_perf_event_output(ctx, &bench_perf, BPF_F_CURRENT_CPU, src, size) :
			bpf_ringbuf_output(&bench_ring, src, size, 0);

		if (err)
			cfg->failed++;
		else
			cfg->produced++;
	}
	return 0;
}
