// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* the other half of linker_weak_a.c */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

int wvar = 6;

__noinline int which_a(void)
{
	return 2;
}

__weak __noinline int which_b(void)
{
	return 22;
}

__weak __noinline int only_weak(void)
{
	return 7;
}
