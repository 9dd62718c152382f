// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Extern variables the loader resolves. __kconfig: the libbpf-provided
 * LINUX_KERNEL_VERSION and LINUX_HAS_SYSCALL_WRAPPER, numbers, a bool, a
 * tristate, a string, and weak options no kernel has (they read 0).
 * __ksym: an untyped symbol taken from kallsyms (do_unlinkat) and a weak
 * typed symbol that does not exist (its address reads as 0). Typed
 * kernel variables are in test_ksym_vars.c: the kernel resolves their
 * addresses only with CONFIG_KALLSYMS_ALL.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "Dual BSD/GPL";

extern __u32 LINUX_KERNEL_VERSION __kconfig;
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig __weak;
extern int CONFIG_HZ __kconfig;
extern bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_BPF_STREAM_PARSER __kconfig __weak;
extern const char CONFIG_DEFAULT_HOSTNAME[8] __kconfig;
extern bool CONFIG_OBJTEST_NO_SUCH_OPTION __kconfig __weak;
extern __u64 CONFIG_OBJTEST_NO_SUCH_NUMBER __kconfig __weak;

extern const void do_unlinkat __ksym;
extern const int objtest_no_such_symbol __ksym __weak;

__u32 kern_version;
__u32 hz;
__u32 flags;
char hostname[8];
__u64 unlink_addr;
__u32 missing_seen;

SEC("raw_tp/sys_enter")
int read_externs(struct bpf_raw_tracepoint_args *ctx)
{
	kern_version = LINUX_KERNEL_VERSION;
	hz = CONFIG_HZ;
	flags = CONFIG_BPF_SYSCALL | (LINUX_HAS_SYSCALL_WRAPPER << 1) |
		((CONFIG_BPF_STREAM_PARSER == TRI_YES) << 2) |
		(CONFIG_OBJTEST_NO_SUCH_OPTION << 3);
	if (CONFIG_OBJTEST_NO_SUCH_NUMBER)
		flags |= 1 << 4;
	__builtin_memcpy(hostname, CONFIG_DEFAULT_HOSTNAME, sizeof(hostname));

	unlink_addr = (__u64)&do_unlinkat;
	if (&objtest_no_such_symbol)
		missing_seen = 1;
	return 0;
}
