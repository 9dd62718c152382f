// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A BPF library for prog_tests/skeleton.c's subskeleton test: its own
 * global data in each section, a map and a function that the object it
 * is linked into (test_subskeleton.c, with `bpftool gen object`) calls.
 * User space reaches all of it through test_subskeleton_lib.subskel.h.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int lib_in = 7;				/* .data */
__u64 lib_calls;			/* .bss */
const volatile int lib_scale = 2;	/* .rodata */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lib_last SEC(".maps");

__noinline int lib_step(int x)
{
	__u32 zero = 0;
	__u64 v = x * lib_scale + lib_in;

	lib_calls++;
	bpf_map_update_elem(&lib_last, &zero, &v, BPF_ANY);
	return v;
}

/* a program of the library's own, off unless the application wants it */
SEC("?raw_tp/sys_enter")
int lib_prog(void *ctx)
{
	return 0;
}
