// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * USDT probes outside test_progs, for prog_tests/usdt.c:
 *
 * libusdt_lib.so has probe usdt_lib:fire (a shared library's probe,
 * found where the process mapped it); usdt_trigger, a PIE linked with it,
 * has probe usdt_trig:exe. usdt_trigger N writes "r" to stdout once it
 * runs (its libraries mapped), waits for a byte on stdin, then fires
 * usdt_trig:exe(i, -1000 * i) and usdt_lib:fire(i, -i, 200 + i) for
 * i = 0 .. N-1.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/sdt.h>

int usdt_lib_fire(int i);

#ifdef USDT_TRIGGER
int main(int argc, char **argv)
{
	int i, n = argc > 1 ? atoi(argv[1]) : 1;
	char c;

	if (write(1, "r", 1) != 1 || read(0, &c, 1) != 1)
		return 2;
	for (i = 0; i < n; i++) {
		STAP_PROBE2(usdt_trig, exe, i, (long)i * -1000);
		usdt_lib_fire(i);
	}
	return 0;
}
#else
__attribute__((noinline)) int usdt_lib_fire(int i)
{
	volatile short s = -i;

	STAP_PROBE3(usdt_lib, fire, i, s, (unsigned char)(200 + i));
	return i;
}
#endif
