// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * For the btf_growth subtest of prog_tests/test_global_funcs.c: eight tc
 * programs, one xdp and one kprobe program call the same subprogram with
 * a "void *ctx __arg_ctx" argument. Where the library rewrites the
 * argument, programs of one type must share one FUNC copy, so the BTF
 * grows by three copies (one per context struct: __sk_buff, xdp_md,
 * bpf_user_pt_regs_t) whether one or eight tc programs load.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} growth_events SEC(".maps");

__noinline int growth_subprog(void *ctx __arg_ctx, __u32 tag)
{
	return bpf_perf_event_output(ctx, &growth_events, BPF_F_CURRENT_CPU,
				     &tag, sizeof(tag));
}

#define TC_PROG(n)						\
SEC("tc")							\
int growth_tc##n(struct __sk_buff *skb)				\
{								\
	growth_subprog(skb, n);					\
	return 0;						\
}

TC_PROG(1)
TC_PROG(2)
TC_PROG(3)
TC_PROG(4)
TC_PROG(5)
TC_PROG(6)
TC_PROG(7)
TC_PROG(8)

SEC("xdp")
int growth_xdp(struct xdp_md *xdp)
{
	growth_subprog(xdp, 100);
	return XDP_PASS;
}

SEC("kprobe")
int growth_kprobe(void *ctx)
{
	return growth_subprog(ctx, 200);
}
