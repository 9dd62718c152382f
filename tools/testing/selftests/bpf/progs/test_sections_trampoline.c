// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The trampoline-based tracing SEC() families: fentry, fexit, fmod_ret and
 * lsm. Kept apart from test_sections_tracing.c because a host may refuse
 * trampolines (EPERM from an LSM or a missing JIT feature) while loading
 * every other program type; the loader tests can skip this object alone.
 * Targets: bpf_fentry_test1 and bpf_modify_return_test exist for
 * BPF_PROG_TEST_RUN in every kernel with BPF; file_open needs CONFIG_BPF_LSM.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "Dual BSD/GPL";

__u64 hits;

static __always_inline int count(void)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

SEC("fentry/bpf_fentry_test1")
int BPF_PROG(fentry_test1, int a)
{
	return count();
}

SEC("fexit/bpf_fentry_test1")
int BPF_PROG(fexit_test1, int a, int ret)
{
	return count();
}

SEC("fmod_ret/bpf_modify_return_test")
int BPF_PROG(fmod_ret_test, int a, int *b, int ret)
{
	count();
	return 0;
}

SEC("lsm/file_open")
int BPF_PROG(lsm_file_open, struct file *file)
{
	count();
	return 0;
}
