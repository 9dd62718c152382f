// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A replacement for global_verdict() of test_freplace_target.bpf.o; the
 * test sets the target program at run time (bpf_program__set_attach_target).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

SEC("freplace/global_verdict")
int new_verdict(struct xdp_md *ctx)
{
	return XDP_DROP;
}
