// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * For prog_tests/lskel.c, through a light skeleton (bpftool gen
 * skeleton -L) and through bpf_object__gen_loader(): global data in
 * .data, .bss and .rodata, a hash and an array map, a raw_tp program
 * that the skeleton attaches by name, a tp_btf program it attaches to
 * the target it was loaded for, and a syscall program that only uses a
 * map (run with BPF_PROG_RUN).
 *
 * The tracing programs watch getpgid(2) of the test process (my_tgid).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define NR_getpgid 121	/* x86-64 */

/* .data: set by user space after load */
int my_tgid = -1;
__u64 add = 3;

/* .bss: written by BPF */
__u64 raw_tp_cnt, tp_btf_cnt, sum, syscall_runs;

/* .rodata: set by user space between open and load */
const volatile __u64 bias = 1;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} per_tgid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

static __always_inline bool mine(void)
{
	return (int)(bpf_get_current_pid_tgid() >> 32) == my_tgid;
}

SEC("raw_tp/sys_enter")
int raw_tp_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 tgid = my_tgid;
	__u64 one = 1, *v;

	if (ctx->args[1] != NR_getpgid || !mine())
		return 0;
	raw_tp_cnt++;
	sum += add + bias;
	v = bpf_map_lookup_elem(&per_tgid, &tgid);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&per_tgid, &tgid, &one, BPF_ANY);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(tp_btf_enter, struct pt_regs *regs, long id)
{
	if (id == NR_getpgid && mine())
		tp_btf_cnt++;
	return 0;
}

/* slots[1] = slots[0] * 2 + bias */
SEC("syscall")
int use_map(void *ctx)
{
	__u32 k0 = 0, k1 = 1;
	__u64 *in, out;

	in = bpf_map_lookup_elem(&slots, &k0);
	if (!in)
		return -1;
	out = *in * 2 + bias;
	bpf_map_update_elem(&slots, &k1, &out, BPF_ANY);
	syscall_runs++;
	return 0;
}
