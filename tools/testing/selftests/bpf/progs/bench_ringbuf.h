/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* bench_ringbuf's configuration map value, shared by both of its sides */
#ifndef BENCH_RINGBUF_H
#define BENCH_RINGBUF_H

struct bench_cfg {
	__u32 tgid;		/* the benchmark process */
	__u32 rec_size;		/* bytes per record */
	__u32 to_perf;		/* perf buffer rather than ring buffer */
	__u32 pad;
	__u64 produced;		/* written by the BPF side */
	__u64 failed;
};

#endif
