// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * USDT programs for prog_tests/usdt.c.
 *
 * record: attached by the test to probes of test_progs, usdt_trigger and
 * libusdt_lib.so with usdt_cookie = a slot; it keeps per slot the hit
 * count, what bpf_usdt_arg_cnt() says, every argument with its size
 * from bpf_usdt_arg()/bpf_usdt_arg_size() (and their errors), and the
 * sum of argument 0 over all hits.
 *
 * auto_exe: BPF_USDT() with SEC("usdt/path:provider:name"), attached by
 * the skeleton.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define SLOTS 8
#define MAX_ARGS 12

long hits[SLOTS];
int arg_cnt[SLOTS];
long args[SLOTS][MAX_ARGS];
int arg_size[SLOTS][MAX_ARGS];
int arg_err[SLOTS][MAX_ARGS];
long sum0[SLOTS];
/* hits outside any slot (a cookie the test never gave) */
long bad_cookie;

SEC("usdt")
int record(struct pt_regs *ctx)
{
	long cookie = bpf_usdt_cookie(ctx), v = 0;
	int i;

	if (cookie < 0 || cookie >= SLOTS) {
		__sync_fetch_and_add(&bad_cookie, 1);
		return 0;
	}
	barrier_var(cookie);
	__sync_fetch_and_add(&hits[cookie], 1);
	arg_cnt[cookie] = bpf_usdt_arg_cnt(ctx);
	for (i = 0; i < MAX_ARGS; i++) {
		arg_err[cookie][i] = bpf_usdt_arg(ctx, i, &v);
		args[cookie][i] = v;
		arg_size[cookie][i] = bpf_usdt_arg_size(ctx, i);
		if (i == 0)
			__sync_fetch_and_add(&sum0[cookie], v);
	}
	return 0;
}

long auto_hits;
long auto_sum_i;
long auto_sum_neg;

SEC("usdt/./usdt_trigger:usdt_trig:exe")
int BPF_USDT(auto_exe, int i, long neg)
{
	__sync_fetch_and_add(&auto_hits, 1);
	__sync_fetch_and_add(&auto_sum_i, i);
	__sync_fetch_and_add(&auto_sum_neg, neg);
	return 0;
}
