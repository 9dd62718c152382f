// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Meant to fail at open: a static function placed in a program section.
 * libbpf rejects static entry points outside .text (ENOTSUP) because they
 * have no stable name for skeletons and attach; the library must reject
 * the object the same way instead of silently treating it as a program.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int xdp_global(struct xdp_md *ctx)
{
	return XDP_PASS;
}

static __attribute__((used, noinline, section("xdp")))
int xdp_static_in_section(struct xdp_md *ctx)
{
	return XDP_DROP;
}
