// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Global subprograms that old kernels cannot verify as global, for the
 * static fallback (prog_tests/static_fallback.c). Each program must load
 * on every kernel: where the kernel lacks what the subprogram's
 * prototype needs, the loader has the program verify it as static.
 *
 *   ptr_arg       a pointer argument other than the context (5.12)
 *   nonnull_arg   __arg_nonnull, dereferenced without a NULL check (6.8);
 *                 nonnull_arg2 calls the same subprogram
 *   tp_btf_ctx    __arg_ctx in a program type without a named context
 *                 struct, handed to a helper that takes only the context
 *                 (6.8)
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

char _license[] SEC("license") = "GPL";

__noinline int add_one(int *p)
{
	return p ? *p + 1 : 0;
}

SEC("socket")
__success
int ptr_arg(struct __sk_buff *skb)
{
	int len = skb->len;

	return add_one(&len);
}

__noinline int read_nonnull(int *p __arg_nonnull)
{
	return *p;
}

SEC("socket")
__success
int nonnull_arg(struct __sk_buff *skb)
{
	int len = skb->len;

	return read_nonnull(&len);
}

SEC("socket")
__success
int nonnull_arg2(struct __sk_buff *skb)
{
	int proto = skb->protocol;

	return read_nonnull(&proto);
}

__noinline int stack_depth(void *ctx __arg_ctx)
{
	__u64 ips[4] = {};

	return bpf_get_stack(ctx, ips, sizeof(ips), 0);
}

SEC("tp_btf/sys_enter")
__success
int tp_btf_ctx(void *ctx)
{
	return stack_depth(ctx) < 0;
}
