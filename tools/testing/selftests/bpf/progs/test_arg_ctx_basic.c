// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Global subprograms that take the program context as "void *ctx
 * __arg_ctx" and pass it to a helper that insists on a context pointer.
 * Kernels 6.8+ read the arg:ctx decl tag themselves; older ones accept
 * the argument only if its BTF type is a pointer to the context struct
 * they expect for the program type, which is what the library's fallback
 * rewrites per program. One subprogram is shared by six program types
 * (each program gets its own copy, with its own expected type), the
 * context is also passed in second position, and two subprograms are
 * already typed (bpf_user_pt_regs_t, struct __sk_buff) and need no
 * rewrite.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#ifndef __arg_ctx
#define __arg_ctx __attribute__((btf_decl_tag("arg:ctx")))
#endif

struct ac_event {
	__u32 tag;
	__u32 len;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} ac_events SEC(".maps");

__u64 ac_calls;

/* shared by kprobe, tracepoint, raw_tp, perf_event, tc and xdp */
__noinline int emit_event(void *ctx __arg_ctx, __u32 tag)
{
	struct ac_event ev = { .tag = tag };

	ac_calls++;
	return bpf_perf_event_output(ctx, &ac_events, BPF_F_CURRENT_CPU,
				     &ev, sizeof(ev));
}

/* the context in second position, for every __sk_buff program type */
__noinline int skb_first_byte(__u32 off, void *ctx __arg_ctx)
{
	__u8 b = 0;

	if (bpf_skb_load_bytes(ctx, off & 63, &b, 1))
		return 0;
	return b;
}

__noinline int kprobe_stack(bpf_user_pt_regs_t *ctx __arg_ctx)
{
	__u64 ips[4];

	return bpf_get_stack(ctx, ips, sizeof(ips), 0) > 0;
}

__noinline int skb_typed(struct __sk_buff *ctx __arg_ctx)
{
	return ctx->len;
}

__noinline int sock_addr_cookie(void *ctx __arg_ctx)
{
	return bpf_get_netns_cookie(ctx) != 0;
}

__noinline int sysctl_name_len(void *ctx __arg_ctx)
{
	char name[16];

	return bpf_sysctl_get_name(ctx, name, sizeof(name), 0);
}

__noinline int sockops_no_cb(void *ctx __arg_ctx)
{
	return bpf_sock_ops_cb_flags_set(ctx, 0);
}

__noinline int perf_counter(void *ctx __arg_ctx)
{
	struct bpf_perf_event_value v;

	return bpf_perf_prog_read_value(ctx, &v, sizeof(v));
}

__noinline int xdp_frame_len(void *ctx __arg_ctx)
{
	return bpf_xdp_get_buff_len(ctx);
}

SEC("kprobe/do_unlinkat")
int kprobe_ctx(struct pt_regs *ctx)
{
	emit_event(ctx, 1);
	kprobe_stack(ctx);
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int tp_ctx(void *ctx)
{
	return emit_event(ctx, 2) ? 0 : 0;
}

SEC("raw_tp/sys_enter")
int raw_tp_ctx(struct bpf_raw_tracepoint_args *ctx)
{
	emit_event(ctx, 3);
	return 0;
}

SEC("perf_event")
int perf_event_ctx(struct bpf_perf_event_data *ctx)
{
	emit_event(ctx, 4);
	perf_counter(ctx);
	return 0;
}

SEC("tc")
int tc_ctx(struct __sk_buff *skb)
{
	emit_event(skb, 5);
	return skb_first_byte(0, skb) + skb_typed(skb) ? 0 : 2;
}

SEC("xdp")
int xdp_ctx(struct xdp_md *ctx)
{
	emit_event(ctx, 6);
	return xdp_frame_len(ctx) > 9000 ? XDP_DROP : XDP_PASS;
}

SEC("socket")
int socket_ctx(struct __sk_buff *skb)
{
	return skb_first_byte(12, skb) ? skb->len : 0;
}

SEC("cgroup_skb/ingress")
int cgroup_skb_ctx(struct __sk_buff *skb)
{
	skb_first_byte(0, skb);
	return 1;
}

SEC("sk_skb/stream_verdict")
int sk_skb_ctx(struct __sk_buff *skb)
{
	return skb_first_byte(0, skb) == 0xff ? SK_DROP : SK_PASS;
}

SEC("lwt_in")
int lwt_in_ctx(struct __sk_buff *skb)
{
	skb_first_byte(0, skb);
	return BPF_OK;
}

SEC("cgroup/connect4")
int connect4_ctx(struct bpf_sock_addr *ctx)
{
	sock_addr_cookie(ctx);
	return 1;
}

SEC("cgroup/sysctl")
int sysctl_ctx(struct bpf_sysctl *ctx)
{
	sysctl_name_len(ctx);
	return 1;
}

SEC("sockops")
int sockops_ctx(struct bpf_sock_ops *ctx)
{
	sockops_no_cb(ctx);
	return 1;
}
