// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * BPF exceptions (6.7) that a test run can trigger, for
 * prog_tests/exceptions.c: bpf_throw() from a static and from a global
 * subprogram unwinds to the exception callback the main program names
 * with the "exception_callback:<name>" decl tag, whose return value
 * becomes the program's; without a callback the program returns the
 * cookie. The callback is never called directly, so the loader must
 * find it by the tag and append it to the program.
 */
#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

#define __exc_cb(name) \
	__attribute__((btf_decl_tag("exception_callback:" #name)))

extern void bpf_throw(__u64 cookie) __ksym;

__u64 cb_cookie;

__noinline int exc_cb(__u64 cookie)
{
	cb_cookie = cookie;
	return cookie + 1;
}

static __noinline int throw_if_64(__u32 len)
{
	if (len == 64)
		bpf_throw(41);
	return len;
}

__noinline int global_throw_if_80(__u32 len)
{
	if (len == 80)
		bpf_throw(99);
	return len;
}

/* 64 bytes: 42 from the callback; 80: 100; else 5 */
SEC("tc")
__exc_cb(exc_cb)
int tc_throw_cb(struct __sk_buff *skb)
{
	throw_if_64(skb->len);
	global_throw_if_80(skb->len);
	return 5;
}

/* no callback: a throw returns the cookie */
SEC("tc")
int tc_throw_default(struct __sk_buff *skb)
{
	if (skb->len == 64)
		bpf_throw(9);
	return 3;
}
