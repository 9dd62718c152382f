// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The application half of the objects prog_tests/linker.c links (see
 * linker_lib.c): on getpgid(2) of the test process its program calls into
 * the library, through extern functions, maps and variables, and stores
 * what each call returned in out[]. (Weak symbols: linker_weak_*.c.)
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

#define NR_getpgid 121	/* x86-64 */

extern struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} shared_map SEC(".maps");

extern int shared_counter;
extern int LINUX_KERNEL_VERSION __kconfig;
extern __hidden int lib_hidden_fn(int x);
extern int lib_loop(int n);
extern int lib_hidden_calls_plus(int x);
extern int lib_times2(int x);
extern int lib_core_tgid(void);
extern __hidden int lib_do_tail(void *ctx);

int my_tgid = -1;
int app_idx = 1;
__u64 out[12];

static const int app_tbl[5] = { 1, 2, 3, 4, 5 };

static __noinline int helper(int x)
{
	return x + 1;
}

static int loop_cb(__u32 i, void *ctx)
{
	*(__u64 *)ctx += 2 * i;
	return 0;
}

SEC("raw_tp/sys_enter")
int app_main(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 v = 55, sum = 0;
	__u32 k = 0;

	if (ctx->args[1] != NR_getpgid ||
	    (bpf_get_current_pid_tgid() >> 32) != (__u32)my_tgid)
		return 0;
	out[0] = helper(1);
	out[1] = lib_hidden_fn(1);
	out[2] = lib_hidden_calls_plus(5);
	out[3] = lib_times2(5);
	out[4] = lib_loop(4);
	bpf_loop(4, loop_cb, &sum, 0);
	out[5] = sum;
	out[6] = shared_counter++;
	out[7] = app_tbl[app_idx & 3];
	out[8] = lib_core_tgid();
	out[9] = LINUX_KERNEL_VERSION;
	bpf_map_update_elem(&shared_map, &k, &v, 0);
	lib_do_tail(ctx);
	out[10] = 1;	/* a tail call in a subprogram returns to its caller */
	return 0;
}
