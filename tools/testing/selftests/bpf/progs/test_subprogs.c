// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * BPF-to-BPF calls. .text holds static subprograms (verified inline with
 * their caller), global ones (verified once, on their own, from their BTF
 * signature), a weak global and a hidden global (global in ELF, but the
 * loader may treat it as static). The call graph has a chain six deep,
 * subprograms shared by programs of different types, static calling
 * global and global calling static, and subprograms reached only through
 * other subprograms. The loader must append each reachable one to every
 * program that uses it and fix up the call offsets.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

__u64 total;

/* a six-deep chain of static subprograms */
static __noinline __u32 level6(__u32 x)
{
	return x ^ 0x5a5a;
}

static __noinline __u32 level5(__u32 x)
{
	return level6(x + 5) * 3;
}

static __noinline __u32 level4(__u32 x)
{
	return level5(x + 4) + 1;
}

static __noinline __u32 level3(__u32 x)
{
	return level4(x >> 1) ^ level6(x);
}

static __noinline __u32 level2(__u32 x)
{
	return level3(x + 2);
}

static __noinline __u32 level1(__u32 x)
{
	return level2(x) & 0xffff;
}

/* global: verified independently, scalar arguments only */
__noinline int global_mix(__u32 a, __u32 b)
{
	return (level6(a) + b) & 0x7fffffff;
}

/* global calling global, and a static called only from a global */
static __noinline __u32 only_from_global(__u32 v)
{
	return v * 7;
}

__noinline int global_outer(__u32 v)
{
	return global_mix(v, only_from_global(v));
}

__weak __noinline int weak_hook(__u32 v)
{
	return v + 1;
}

__hidden __noinline int hidden_helper(__u32 v)
{
	return v & 0xff;
}

/* static calling global */
static __noinline int static_to_global(__u32 v)
{
	return global_outer(v) + weak_hook(v);
}

static __noinline void account(__u64 v)
{
	__sync_fetch_and_add(&total, v);
}

SEC("xdp")
int xdp_calls(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	account(level1(len));
	account(global_mix(len, 1));
	return XDP_PASS;
}

SEC("tc")
int tc_calls(struct __sk_buff *skb)
{
	account(level1(skb->len) + static_to_global(skb->len));
	return hidden_helper(skb->len) == 0xff ? 2 : 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int tp_calls(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid();

	account(level4(pid) + global_outer(pid) + weak_hook(pid));
	return 0;
}

SEC("socket")
int socket_calls(struct __sk_buff *skb)
{
	return level6(skb->len) ? skb->len : 0;
}
