// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * usdt: a program on a USDT probe (a <sys/sdt.h> static probe point): the
 * library reads where each argument lives from the binary's .note.stapsdt
 * and BPF_USDT() fetches them by number, whatever their location.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
#include "usdt.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* example:tick(int tick, long long sum, const char *msg) */
SEC("usdt")
int BPF_USDT(handle_tick, int tick, long long sum, const char *msg)
{
	struct usdt_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->tick = tick;
	e->sum = sum;
	bpf_probe_read_user_str(e->msg, sizeof(e->msg), msg);
	bpf_ringbuf_submit(e, 0);
	return 0;
}
