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
 *                 (6.8); fentry_ctx and lsm_ctx the same in fentry and
 *                 LSM programs (loaded by prog_tests/static_fallback.c:
 *                 some hosts refuse trampoline programs)
 *   trusted_arg   __arg_trusted struct task_struct *, read without a
 *                 NULL check (6.9)
 *   past_end      wrong on every kernel: reads past its argument, as
 *                 global and as static
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

SEC("fentry/bpf_fentry_test1")
int fentry_ctx(void *ctx)
{
	stack_depth(ctx);
	return 0;
}

SEC("lsm/file_open")
int lsm_ctx(void *ctx)
{
	stack_depth(ctx);
	return 0;
}

__noinline int task_tgid(struct task_struct *task __arg_trusted)
{
	return task->tgid;
}

SEC("tp_btf/sys_enter")
__success __min_kernel(5, 11, "bpf_get_current_task_btf()")
int trusted_arg(void *ctx)
{
	return task_tgid(bpf_get_current_task_btf()) == 0;
}

__noinline int past_end(int *p)
{
	return p ? p[16] : 0;
}

SEC("socket")
__failure __msg("invalid")
int oob_arg(struct __sk_buff *skb)
{
	int len = skb->len;

	return past_end(&len);
}
