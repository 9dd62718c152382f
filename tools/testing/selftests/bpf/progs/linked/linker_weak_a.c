// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Weak against strong, for prog_tests/linker.c: linked with
 * linker_weak_b.c, which_a() and wvar are b's (strong beats this weak
 * one), which_b() is this file's (strong beats b's weak one) and
 * only_weak() is b's weak one, the only definition.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

#define NR_getpgid 121	/* x86-64 */

extern int only_weak(void);

int my_tgid = -1;
__u64 weak_out[4];
__weak int wvar = 5;

__weak __noinline int which_a(void)
{
	return 1;
}

__noinline int which_b(void)
{
	return 11;
}

SEC("raw_tp/sys_enter")
int weak_main(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[1] != NR_getpgid ||
	    (bpf_get_current_pid_tgid() >> 32) != (__u32)my_tgid)
		return 0;
	weak_out[0] = which_a();
	weak_out[1] = which_b();
	weak_out[2] = wvar;
	weak_out[3] = only_weak();
	return 0;
}
