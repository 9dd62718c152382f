// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Global subprograms that take the program's context, for the
 * annotation-driven loader (prog_tests/test_global_funcs.c). Every
 * subprogram hands its context argument to a helper that accepts only a
 * context pointer, so the verifier rejects the program unless it treats
 * the argument as the context:
 *
 *   - typed contexts: the argument's BTF type names what the kernel
 *     expects (the bpf_user_pt_regs_t typedef and the empty
 *     "struct bpf_user_pt_regs_t" workaround for kprobes, the resolved
 *     struct pt_regs, u64 * and struct bpf_raw_tracepoint_args * for
 *     raw tracepoints, struct bpf_perf_event_data * for perf events);
 *   - "void *ctx __arg_ctx" from raw_tp, writable raw_tp, perf_event,
 *     kprobe, tc, socket, xdp and cgroup_skb programs, one subprogram
 *     shared by several program types, several tagged arguments in one
 *     subprogram (with scalars and a plain pointer between them), and a
 *     tagged subprogram calling another tagged subprogram.
 *
 * On kernels 6.8+ the kernel reads the arg:ctx tag itself; on older ones
 * the library rewrites the argument types per program. Every program
 * must load; a few need a kernel feature unrelated to arg:ctx and say so
 * with __min_kernel().
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} ctx_events SEC(".maps");

/*
 * bpf_perf_event_output() takes only the context as its first argument
 * in tracing, tc and xdp programs.
 */
static __always_inline int emit(void *ctx, __u32 tag)
{
	return bpf_perf_event_output(ctx, &ctx_events, BPF_F_CURRENT_CPU,
				     &tag, sizeof(tag));
}

/* socket filters and cgroup_skb programs: a helper that wants the skb */
static __always_inline int first_byte(void *skb)
{
	__u8 b = 0;

	bpf_skb_load_bytes(skb, 0, &b, 1);
	return b;
}

/* ---- typed contexts: kprobe --------------------------------------------- */

/*
 * The name kernels before 6.8 compare a kprobe context argument with:
 * an empty struct of that name works everywhere.
 */
struct bpf_user_pt_regs_t {};

__noinline int kprobe_typedef_subprog(bpf_user_pt_regs_t *ctx)
{
	return emit(ctx, 1);
}

SEC("kprobe")
__description("kprobe: global subprog typed bpf_user_pt_regs_t * (typedef)")
__success
int kprobe_typedef_ctx(void *ctx)
{
	return kprobe_typedef_subprog(ctx);
}

__noinline int kprobe_typedef_tagged_subprog(bpf_user_pt_regs_t *ctx __arg_ctx)
{
	return emit(ctx, 2);
}

SEC("kprobe")
__description("kprobe: bpf_user_pt_regs_t *ctx __arg_ctx")
__success
int kprobe_typedef_tagged_ctx(void *ctx)
{
	return kprobe_typedef_tagged_subprog(ctx);
}

__noinline int kprobe_resolved_subprog(struct pt_regs *ctx __arg_ctx)
{
	return emit(ctx, 3);
}

SEC("kprobe")
__description("kprobe: struct pt_regs *ctx __arg_ctx (the typedef resolved)")
__success
int kprobe_resolved_ctx(void *ctx)
{
	return kprobe_resolved_subprog(ctx);
}

__noinline int kprobe_workaround_subprog(struct bpf_user_pt_regs_t *ctx)
{
	return emit(ctx, 4);
}

SEC("kprobe")
__description("kprobe: empty struct bpf_user_pt_regs_t workaround, no tag")
__success
int kprobe_workaround_ctx(void *ctx)
{
	return kprobe_workaround_subprog(ctx);
}

/* ---- typed contexts: raw_tp, writable raw_tp, perf_event ---------------- */

__noinline int raw_tp_struct_subprog(struct bpf_raw_tracepoint_args *ctx)
{
	return emit(ctx, 5);
}

SEC("raw_tp")
__description("raw_tp: struct bpf_raw_tracepoint_args *, no tag")
__success
int raw_tp_struct_ctx(void *ctx)
{
	return raw_tp_struct_subprog(ctx);
}

__noinline int raw_tp_u64_subprog(__u64 *ctx __arg_ctx)
{
	return emit(ctx, 6);
}

SEC("raw_tp")
__description("raw_tp: u64 *ctx __arg_ctx")
__success
int raw_tp_u64_ctx(void *ctx)
{
	return raw_tp_u64_subprog(ctx);
}

SEC("raw_tp.w")
__description("writable raw_tp: u64 *ctx __arg_ctx")
__success
int raw_tp_writable_u64_ctx(void *ctx)
{
	return raw_tp_u64_subprog(ctx);
}

__noinline int perf_event_struct_subprog(struct bpf_perf_event_data *ctx __arg_ctx)
{
	return emit(ctx, 7);
}

SEC("perf_event")
__description("perf_event: struct bpf_perf_event_data *ctx __arg_ctx")
__success
int perf_event_struct_ctx(void *ctx)
{
	return perf_event_struct_subprog(ctx);
}

/* ---- void *ctx __arg_ctx ------------------------------------------------ */

/* shared by raw_tp, writable raw_tp, perf_event, kprobe, tc and xdp */
__noinline int trace_ctx_subprog(void *ctx __arg_ctx)
{
	return emit(ctx, 8);
}

SEC("raw_tp")
__description("raw_tp: void *ctx __arg_ctx")
__success
int raw_tp_void_ctx(void *ctx)
{
	return trace_ctx_subprog(ctx);
}

SEC("raw_tp.w")
__description("writable raw_tp: void *ctx __arg_ctx")
__success
int raw_tp_writable_void_ctx(void *ctx)
{
	return trace_ctx_subprog(ctx);
}

SEC("perf_event")
__description("perf_event: void *ctx __arg_ctx")
__success
int perf_event_void_ctx(void *ctx)
{
	return trace_ctx_subprog(ctx);
}

SEC("kprobe")
__description("kprobe: void *ctx __arg_ctx")
__success
int kprobe_void_ctx(void *ctx)
{
	return trace_ctx_subprog(ctx);
}

SEC("tc")
__description("tc: void *ctx __arg_ctx (subprog shared with tracing)")
__success
int tc_void_ctx(struct __sk_buff *skb)
{
	trace_ctx_subprog(skb);
	return 0;
}

SEC("xdp")
__description("xdp: void *ctx __arg_ctx (subprog shared with tracing)")
__success
int xdp_void_ctx(struct xdp_md *xdp)
{
	trace_ctx_subprog(xdp);
	return XDP_PASS;
}

/* shared by every __sk_buff program type */
__noinline int skb_ctx_subprog(void *ctx __arg_ctx)
{
	return first_byte(ctx);
}

SEC("socket")
__description("socket: void *ctx __arg_ctx")
__success
int socket_void_ctx(struct __sk_buff *skb)
{
	return skb_ctx_subprog(skb);
}

SEC("tc")
__description("tc: void *ctx __arg_ctx (subprog shared with socket, cgroup_skb)")
__success
int tc_skb_void_ctx(struct __sk_buff *skb)
{
	skb_ctx_subprog(skb);
	return 0;
}

SEC("cgroup_skb/ingress")
__description("cgroup_skb: void *ctx __arg_ctx")
__success
int cgroup_skb_void_ctx(struct __sk_buff *skb)
{
	skb_ctx_subprog(skb);
	return 1;
}

/* already the expected struct: nothing to rewrite anywhere */
__noinline int skb_typed_subprog(struct __sk_buff *skb __arg_ctx)
{
	return first_byte(skb) + skb->len;
}

SEC("socket")
__description("socket: struct __sk_buff *ctx __arg_ctx (already typed)")
__success
int socket_typed_ctx(struct __sk_buff *skb)
{
	return skb_typed_subprog(skb);
}

/* ---- several tagged arguments -------------------------------------------- */

/* two contexts with a scalar between them: fine on every kernel */
__noinline int two_ctx_subprog(void *ctx __arg_ctx, __u32 tag, void *ctx2 __arg_ctx)
{
	return emit(ctx, tag) + emit(ctx2, tag + 1);
}

SEC("xdp")
__description("xdp: two tagged arguments around a scalar")
__success
int xdp_two_ctx(struct xdp_md *xdp)
{
	two_ctx_subprog(xdp, 9, xdp);
	return XDP_PASS;
}

SEC("raw_tp")
__description("raw_tp: two tagged arguments around a scalar")
__success
int raw_tp_two_ctx(void *ctx)
{
	return two_ctx_subprog(ctx, 11, ctx);
}

/* a plain pointer between two contexts: global subprogs take those from 5.12 */
__noinline int ptr_between_ctx_subprog(void *ctx __arg_ctx, int *val, void *ctx2 __arg_ctx)
{
	if (!val)
		return 0;
	return emit(ctx, *val) + emit(ctx2, *val + 1);
}

SEC("tc")
__description("tc: tagged, plain pointer, tagged")
__min_kernel(5, 12, "pointer arguments other than the context in global subprogs")
__success
int tc_ptr_between_ctx(struct __sk_buff *skb)
{
	int val = skb->len;

	ptr_between_ctx_subprog(skb, &val, skb);
	return 0;
}

SEC("kprobe")
__description("kprobe: tagged, plain pointer, tagged")
__min_kernel(5, 12, "pointer arguments other than the context in global subprogs")
__success
int kprobe_ptr_between_ctx(void *ctx)
{
	int val = 13;

	return ptr_between_ctx_subprog(ctx, &val, ctx);
}

/* ---- a tagged subprogram calling another ---------------------------------- */

__noinline int inner_ctx_subprog(void *ctx __arg_ctx)
{
	return emit(ctx, 15);
}

__noinline int outer_ctx_subprog(void *ctx __arg_ctx)
{
	return inner_ctx_subprog(ctx) + emit(ctx, 16);
}

SEC("xdp")
__description("xdp: tagged subprog calling a tagged subprog")
__success
int xdp_nested_ctx(struct xdp_md *xdp)
{
	outer_ctx_subprog(xdp);
	return XDP_PASS;
}

SEC("perf_event")
__description("perf_event: tagged subprog calling a tagged subprog")
__success
int perf_event_nested_ctx(void *ctx)
{
	return outer_ctx_subprog(ctx);
}

SEC("tc")
__description("tc: tagged subprog calling a tagged subprog")
__success
int tc_nested_ctx(struct __sk_buff *skb)
{
	outer_ctx_subprog(skb);
	return 0;
}
