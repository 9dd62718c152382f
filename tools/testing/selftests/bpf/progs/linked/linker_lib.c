// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The library half of linker_app.c, for prog_tests/linker.c: linked by
 * `bpftool gen object` and by this tree's bpf_linker (bpf_link_objs) into
 * linker_bpftool.bpf.o and linker_ours.bpf.o, which must behave the same.
 * It defines what the application declares extern (maps, a variable,
 * functions, hidden ones), a static helper of the same name as the
 * application's, static data, a bpf_loop() callback, a CO-RE read and a
 * program array initialised with a program, tail-called from a hidden
 * function.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} shared_map SEC(".maps");

int shared_counter = 100;
__hidden __u64 lib_hidden_calls;
int lib_idx = 2;
int lib_kver;

extern int LINUX_KERNEL_VERSION __kconfig;

static const int lib_tbl[5] = { 10, 20, 30, 40, 50 };

static __noinline int helper(int x)
{
	return x + 2;
}

__noinline int lib_times2(int x)
{
	return x * 2;
}

__noinline int lib_hidden_calls_plus(int x)
{
	return lib_hidden_calls + x;
}

__hidden __noinline int lib_hidden_fn(int x)
{
	lib_hidden_calls++;
	lib_kver = LINUX_KERNEL_VERSION;
	return helper(x) + lib_tbl[lib_idx & 3];
}

static int loop_cb(__u32 i, void *ctx)
{
	*(__u64 *)ctx += i;
	return 0;
}

__noinline int lib_loop(int n)
{
	__u64 sum = 0;

	bpf_loop(n, loop_cb, &sum, 0);
	return sum;
}

__noinline int lib_core_tgid(void)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	return BPF_CORE_READ(t, tgid);
}

SEC("raw_tp")
int lib_tail(void *ctx)
{
	__u32 k = 3;
	__u64 v = 77;

	bpf_map_update_elem(&shared_map, &k, &v, 0);
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, int (void *));
} lib_jmp SEC(".maps") = {
	.values = { [0] = (void *)&lib_tail },
};

/* hidden: verified as part of its caller, so ctx is the caller's context */
__hidden __noinline int lib_do_tail(void *ctx)
{
	bpf_tail_call(ctx, &lib_jmp, 0);
	return -1;
}
