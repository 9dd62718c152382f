// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Header coverage: BPF_PROG and BPF_PROG2 on fentry/fexit programs. They
 * target the kernel's bpf_fentry_test*() functions, which a test calls
 * through BPF_PROG_TEST_RUN of a tracing program. Kernels built without
 * ftrace direct calls refuse to load fentry programs, hence an object of
 * their own.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "GPL";

__u64 hdr_fe_ptr;
int hdr_fx_a;
int hdr_fx_ret;
int hdr_p2_a;
__u64 hdr_p2_b;

SEC("fentry/bpf_fentry_test7")
int BPF_PROG(hdr_fentry_test7, struct bpf_fentry_test_t *arg)
{
	/* a BTF pointer argument: direct loads, faults handled by the kernel */
	hdr_fe_ptr = (__u64)arg->a;
	return 0;
}

SEC("fexit/bpf_fentry_test1")
int BPF_PROG(hdr_fexit_test1, int a, int ret)
{
	hdr_fx_a = a;
	hdr_fx_ret = ret;
	return 0;
}

SEC("fentry/bpf_fentry_test2")
int BPF_PROG2(hdr_prog2_test2, int, a, __u64, b)
{
	hdr_p2_a = a;
	hdr_p2_b = b;
	return 0;
}
