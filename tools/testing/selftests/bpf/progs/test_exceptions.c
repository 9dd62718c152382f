// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * BPF exceptions: bpf_throw() unwinds the program and, when the main
 * program names one with an "exception_callback:<name>" decl tag, runs
 * that global subprogram with the cookie; its return value becomes the
 * program's. Nothing calls the callback, so the loader has to find it by
 * the tag and append it to the program (libbpf 1.3+ does; 1.1 does not,
 * so only programs without a tagged callback load there).
 */
#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#ifndef __exception_cb
#define __exception_cb(name) \
	__attribute__((btf_decl_tag("exception_callback:" #name)))
#endif

extern void bpf_throw(__u64 cookie) __ksym;

__noinline int exception_cb_tc(__u64 cookie)
{
	return cookie == 42 ? 2 : 0;
}

static __noinline int check_len_static(__u32 len)
{
	if (len > 9000)
		bpf_throw(42);
	return len;
}

__noinline int check_len_global(__u32 len)
{
	if (len == 0)
		bpf_throw(7);
	return 1;
}

SEC("tc")
__exception_cb(exception_cb_tc)
int throw_with_callback(struct __sk_buff *skb)
{
	check_len_static(skb->len);
	return 0;
}

/* no callback: a throw makes the program return 0 */
SEC("tc")
int throw_default(struct __sk_buff *skb)
{
	if (skb->len > 9000)
		bpf_throw(1);
	return 0;
}

SEC("tc")
int throw_from_global(struct __sk_buff *skb)
{
	return check_len_global(skb->len) ? 0 : 2;
}
