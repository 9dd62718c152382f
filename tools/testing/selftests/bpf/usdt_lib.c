// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * USDT probes outside test_progs, for prog_tests/usdt.c:
 *
 * libusdt_lib.so has probe usdt_lib:fire (a shared library's probe,
 * found where the process mapped it); usdt_trigger, a PIE linked with it,
 * has probe usdt_trig:exe. usdt_trigger N writes "r" to stdout once it
 * runs (its libraries mapped), waits for a byte on stdin, then fires
 * usdt_trig:exe(i, -1000 * i), usdt_lib:fire(i, -i, 200 + i) and
 * usdt_lib:sizes (signed and unsigned fields of 1, 2, 4 and 8 bytes, in
 * memory, from i) for i = 0 .. N-1.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/sdt.h>

struct sizes {
	int8_t s8;
	uint8_t u8;
	int16_t s16;
	uint16_t u16;
	int32_t s32;
	uint32_t u32;
	int64_t s64;
	uint64_t u64;
};

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

	volatile struct sizes z = {
		-3 - i, 250 + i, -300 - i, 60000 + i, -100000 - i, 4000000000u + i,
		-5000000000LL - i, 0xfedcba9876543210ULL + i,
	};

	STAP_PROBE3(usdt_lib, fire, i, s, (unsigned char)(200 + i));
	STAP_PROBE8(usdt_lib, sizes, z.s8, z.u8, z.s16, z.u16, z.s32, z.u32, z.s64, z.u64);
	return i;
}
#endif
