// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libuprobe_lib.so: a shared library with one function for the uprobe
 * tests (prog_tests/attach.c) to probe by name, and uprobe_lib_trigger,
 * a dynamically linked program that calls it argv[1] times.
 */
#include <stdlib.h>

int uprobe_lib_func(int x);

#ifdef UPROBE_LIB_TRIGGER
int main(int argc, char **argv)
{
	int i, n = argc > 1 ? atoi(argv[1]) : 1, sum = 0;

	for (i = 0; i < n; i++)
		sum += uprobe_lib_func(i);
	return sum == n * n ? 0 : 1;	/* 1 + 3 + 5 + ... */
}
#else
__attribute__((noinline)) int uprobe_lib_func(int x)
{
	asm volatile("" : "+r"(x));
	return 2 * x + 1;
}
#endif
