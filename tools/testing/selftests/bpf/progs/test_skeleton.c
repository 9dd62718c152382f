// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * For prog_tests/skeleton.c, through a bpftool skeleton: every kind of
 * global data (.data, .bss, .rodata, .kconfig, custom .data.<name> and
 * .rodata.<name>), BTF-defined maps, and programs of each attach case:
 * auto-attached (raw_tp naming its target, tp_btf whose target is
 * found in the kernel's BTF), not auto-attachable
 * (SEC("uprobe") without target, SEC("xdp")), autoload off
 * (bad_prog, which the verifier rejects).
 *
 * The programs watch getpgid(2) of the test process (my_tgid).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define NR_getpgid 121	/* x86-64 */

/* .data: written by user space after load, copied by BPF */
int my_tgid = -1;
__u64 in_value = 11;

/* .bss: written by BPF */
__u64 raw_tp_cnt, tp_btf_cnt, out_value, seen_kver;
char last_char;

/* .rodata: set through skel->rodata between open and load */
const volatile __u32 step = 1;

/* .kconfig */
extern unsigned int LINUX_KERNEL_VERSION __kconfig;

/* custom sections, a map each */
__u64 custom_data __attribute__((section(".data.custom"))) = 21;
const volatile __u64 custom_ro __attribute__((section(".rodata.custom"))) = 31;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} per_tgid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} sums SEC(".maps");

/* more map kinds: the skeleton names each, the load creates each */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} jmp SEC(".maps");

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { &inner_a },
};

static __always_inline bool mine(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == (__u32)my_tgid;
}

SEC("raw_tp/sys_enter")
int raw_tp_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 key = 0;
	__u64 *sum;

	if (ctx->args[1] != NR_getpgid || !mine())
		return 0;
	__sync_fetch_and_add(&raw_tp_cnt, step);
	out_value = in_value + custom_data + custom_ro;
	seen_kver = LINUX_KERNEL_VERSION;
	sum = bpf_map_lookup_elem(&sums, &key);
	if (sum)
		__sync_fetch_and_add(sum, step);
	sum = bpf_map_lookup_elem(&pcpu, &key);
	if (sum)
		*sum += 1;
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(tp_btf_enter, struct pt_regs *regs, long id)
{
	__u32 tgid = my_tgid;
	__u64 one = 1, *cnt;

	if (id != NR_getpgid || !mine())
		return 0;
	__sync_fetch_and_add(&tp_btf_cnt, 1);
	cnt = bpf_map_lookup_elem(&per_tgid, &tgid);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&per_tgid, &tgid, &one, BPF_NOEXIST);
	return 0;
}

/* auto-attach has no target for these: the skeleton leaves them alone */
SEC("uprobe")
int uprobe_no_target(void *ctx)
{
	return 0;
}

/*
 * The string literal lands in .rodata.str1.1, a section the compiler
 * made and no DATASEC describes: its map is not mmap-able.
 */
SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	const char *text = "the quick brown fox jumps over the lazy dog";

	last_char = text[ctx->ingress_ifindex & 31];
	return XDP_PASS;
}

/* off by default; the verifier rejects it (a scalar used as a pointer) */
SEC("?raw_tp/sys_enter")
int bad_prog(void *ctx)
{
	return *(volatile int *)(long)bpf_get_prandom_u32();
}
