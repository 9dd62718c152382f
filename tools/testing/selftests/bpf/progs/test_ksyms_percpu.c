// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A typed per-CPU __ksym, for prog_tests/ksyms.c: this_cpu_off, found by
 * the loader as a VAR in vmlinux BTF and by the kernel in kallsyms
 * (CONFIG_KALLSYMS_ALL). Its value on a CPU is that CPU's per-CPU
 * offset, so the pointer the per-CPU helpers return minus the value read
 * through it is the symbol's per-CPU address, which user space reads
 * from /proc/kallsyms.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

extern const unsigned long this_cpu_off __ksym;

__u64 cpu0_ptr, cpu0_val, this_ptr, this_val;

SEC("raw_tp/sys_enter")
int raw_tp_percpu(void *ctx)
{
	const unsigned long *p;

	p = bpf_per_cpu_ptr(&this_cpu_off, 0);
	if (p) {
		cpu0_ptr = (__u64)p;
		cpu0_val = *p;
	}
	p = bpf_this_cpu_ptr(&this_cpu_off);
	this_ptr = (__u64)p;
	this_val = *p;
	return 0;
}
