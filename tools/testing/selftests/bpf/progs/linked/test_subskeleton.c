// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The application's part of the object test_subskeleton.bpf.o, linked
 * with the BPF library test_subskeleton_lib.c by `bpftool gen object`:
 * on getpgid(2) of the test process it calls the library's lib_step().
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define NR_getpgid 121	/* x86-64 */

extern int lib_step(int x);

int my_tgid = -1;
int main_arg = 1;
int main_out;

SEC("raw_tp/sys_enter")
int main_prog(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[1] != NR_getpgid ||
	    (bpf_get_current_pid_tgid() >> 32) != (__u32)my_tgid)
		return 0;
	main_out = lib_step(main_arg);
	return 0;
}
