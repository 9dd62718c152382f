// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The target of prog_tests/freplace.c: an XDP program whose verdict comes
 * from a global subprogram, which test_freplace.bpf.o replaces.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

__noinline int global_verdict(struct xdp_md *ctx)
{
	return ctx ? XDP_PASS : XDP_ABORTED;
}

SEC("xdp")
int xdp_entry(struct xdp_md *ctx)
{
	return global_verdict(ctx);
}
