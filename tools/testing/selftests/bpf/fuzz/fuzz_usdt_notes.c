// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fuzz target for the USDT note parser (usdt.c): the input is an ELF
 * file, written to a memfd; the .note.stapsdt notes of a few probes are
 * read, their addresses made file offsets and their argument specs
 * parsed, as bpf_program__attach_usdt() does before it attaches
 * (usdt_parse_file()). The seeds (built from <sys/sdt.h>) have probes
 * fuzz:probe (two sites, register, memory and rip-relative arguments),
 * fuzz:noargs and other:probe, one with semaphores.
 */
#include <sys/mman.h>
#include <unistd.h>
#include "fuzz_common.h"
#include "libbpf_internal.h"

FUZZ_QUIET_INIT

static const char *const probes[][2] = {
	{ "fuzz", "probe" }, { "fuzz", "noargs" }, { "other", "probe" }, { "fuzz", "absent" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	size_t i, cnt;
	int fd;

	fd = memfd_create("fuzz_usdt", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
			fuzz_sink += usdt_parse_file(path, probes[i][0], probes[i][1], &cnt) + cnt;
	}
	close(fd);
	return 0;
}
