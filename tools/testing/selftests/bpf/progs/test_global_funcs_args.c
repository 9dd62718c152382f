// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * How the verifier checks global subprograms and their arguments, for
 * the annotation-driven loader (prog_tests/test_global_funcs.c). A
 * global subprogram is verified once, on its own, with its arguments
 * known only by their BTF types: a context argument is the context, a
 * scalar is any value, a pointer to sized memory (5.12+) may be NULL.
 * The expected messages are substrings every kernel of the matrix
 * (5.10, 6.1, 6.12, the host) prints.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

char _license[] SEC("license") = "GPL";

int ga_vals[4];

/* ---- the context argument ----------------------------------------------- */

__noinline int ctx_read_far(struct __sk_buff *skb)
{
	return ((volatile __u32 *)skb)[250];
}

SEC("tc")
__description("global subprog: context argument read out of bounds")
__failure __msg("invalid bpf_context access")
int ga_ctx_out_of_bounds(struct __sk_buff *skb)
{
	return ctx_read_far(skb);
}

__noinline int ctx_read_len(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("tc")
__description("global subprog: context argument read in bounds")
__success
int ga_ctx_in_bounds(struct __sk_buff *skb)
{
	return ctx_read_len(skb);
}

__noinline int ctx_tagged_load(void *ctx __arg_ctx)
{
	__u8 b = 0;

	bpf_skb_load_bytes(ctx, 0, &b, 1);
	return b;
}

SEC("tc")
__description("global subprog: stack pointer passed as the tagged context")
__failure __msg("pointer to ctx") __msg("Caller passes invalid args into func#1")
int ga_ctx_not_ctx(struct __sk_buff *skb)
{
	__u64 buf[4] = {};

	return ctx_tagged_load(buf);
}

/* ---- scalar arguments: verified without the caller's values ------------ */

__noinline int global_elem(__u32 i)
{
	return ga_vals[i];
}

SEC("xdp")
__description("global subprog: scalar argument is unbounded inside")
__failure __msg("unbounded memory access")
int ga_scalar_unbounded(struct xdp_md *xdp)
{
	return global_elem(1) ? XDP_PASS : XDP_DROP;
}

static __noinline int static_elem(__u32 i)
{
	return ga_vals[i];
}

SEC("xdp")
__description("static subprog: verified with the caller's argument values")
__success
int ga_scalar_static(struct xdp_md *xdp)
{
	return static_elem(1) ? XDP_PASS : XDP_DROP;
}

__noinline int global_elem_checked(__u32 i)
{
	if (i >= 4)
		return 0;
	return ga_vals[i];
}

SEC("xdp")
__description("global subprog: scalar argument bounds-checked inside")
__success
int ga_scalar_checked(struct xdp_md *xdp)
{
	return global_elem_checked(1) ? XDP_PASS : XDP_DROP;
}

/* ---- pointer arguments (5.12+): sized memory that may be NULL ----------- */

struct ga_pair {
	int a;
	int b;
};

__noinline int pair_sum_unchecked(struct ga_pair *p)
{
	return p->a + p->b;
}

SEC("tc")
__description("global subprog: pointer argument used without a NULL check")
__min_kernel(5, 12, "pointer arguments other than the context in global subprogs")
__failure __msg("invalid mem access")
int ga_ptr_no_null_check(struct __sk_buff *skb)
{
	struct ga_pair p = { .a = skb->len, .b = 1 };

	return pair_sum_unchecked(&p);
}

__noinline int pair_sum(struct ga_pair *p)
{
	if (!p)
		return 0;
	return p->a + p->b;
}

SEC("tc")
__description("global subprog: pointer argument checked for NULL")
__min_kernel(5, 12, "pointer arguments other than the context in global subprogs")
__success
int ga_ptr_null_check(struct __sk_buff *skb)
{
	struct ga_pair p = { .a = skb->len, .b = 1 };

	return pair_sum(&p);
}

__noinline int pair_read_past(struct ga_pair *p)
{
	if (!p)
		return 0;
	return ((volatile int *)p)[2];
}

SEC("tc")
__description("global subprog: pointer argument read past its type's size")
__min_kernel(5, 12, "pointer arguments other than the context in global subprogs")
__failure __msg("invalid access to memory")
int ga_ptr_past_end(struct __sk_buff *skb)
{
	struct ga_pair p[2] = {};

	return pair_read_past(p);
}

/* ---- a program type without a named context ----------------------------- */

__noinline int tp_tagged_subprog(void *ctx __arg_ctx)
{
	__u64 ips[2];

	return bpf_get_stack(ctx, ips, sizeof(ips), 0) > 0;
}

SEC("tracepoint/syscalls/sys_enter_nanosleep")
__description("tracepoint: void *ctx __arg_ctx needs the kernel's arg:ctx support")
__min_kernel(6, 8, "arg:ctx for program types without a named context")
__success
int ga_tracepoint_tagged(void *ctx)
{
	return tp_tagged_subprog(ctx);
}

/* ---- a tagged argument of the wrong struct ------------------------------ */

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} ga_events SEC(".maps");

/*
 * The library leaves the argument alone (and warns). Kernels before 5.12
 * reject the pointer argument, later ones take it as memory, not as the
 * context, and those with arg:ctx support name the struct they want.
 */
__noinline int skb_subprog_from_xdp(struct __sk_buff *skb __arg_ctx)
{
	__u32 v = 1;

	return bpf_perf_event_output(skb, &ga_events, BPF_F_CURRENT_CPU, &v, sizeof(v));
}

SEC("xdp")
__description("xdp: __sk_buff argument tagged arg:ctx")
__failure
__msg_min_kernel(6, 8, "should be `struct xdp_md *`")
int ga_wrong_ctx_struct(struct xdp_md *xdp)
{
	return skb_subprog_from_xdp((void *)xdp) ? XDP_PASS : XDP_DROP;
}
