// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Typed __ksym variables: per-CPU kernel variables whose type the loader
 * finds in vmlinux BTF (a VAR named like the extern) and whose address
 * the kernel looks up when the program loads. That lookup needs data
 * symbols in kallsyms, so on kernels built without CONFIG_KALLSYMS_ALL
 * the load fails with ENOENT ("failed to find the address"); everything
 * up to that point (BTF matching, ld_imm64 patching) is still exercised.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

extern const int bpf_prog_active __ksym;
extern const struct rq runqueues __ksym;

__u32 prog_active;
__u32 nr_running;

SEC("raw_tp/sys_enter")
int read_percpu_ksyms(struct bpf_raw_tracepoint_args *ctx)
{
	const int *active;
	struct rq *rq;

	active = bpf_this_cpu_ptr(&bpf_prog_active);
	prog_active = *active;
	rq = bpf_per_cpu_ptr(&runqueues, 0);
	if (rq)
		nr_running = rq->nr_running;
	return 0;
}
