// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Sections no built-in definition knows, for prog_tests/prog_handler.c,
 * which registers handlers for them with libbpf_register_prog_handler().
 * Without those handlers the programs have no type and do not load.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

int my_tgid;
__u64 abc_cnt;

/* a raw tracepoint on sys_enter once the handler says so */
SEC("abc")
int abc_prog(struct bpf_raw_tracepoint_args *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == (__u32)my_tgid && ctx->args[1] == 121)
		__sync_fetch_and_add(&abc_cnt, 1);
	return 0;
}

SEC("xyz/anything")
int xyz_prog(void *ctx)
{
	return 0;
}

SEC("custom")
int custom_plain(void *ctx)
{
	return 0;
}

SEC("custom/with_target")
int custom_target(void *ctx)
{
	return 0;
}

SEC("no_one_knows_this")
int fallback_prog(void *ctx)
{
	return 0;
}
