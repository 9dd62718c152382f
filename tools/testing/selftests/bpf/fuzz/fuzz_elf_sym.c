// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fuzz target for the uprobe ELF symbol resolver (elf_sym.c): the input
 * is an ELF file, written to a memfd and read through /proc/self/fd/N as
 * bpf_program__attach_uprobe() would read a binary; a few names are
 * resolved to file offsets one by one, together, by glob pattern, and
 * through the lower layer usdt.c uses (symbol address, address to file
 * offset). The seeds define fuzz_func, fuzz_other, fuzz_weak and the
 * data object fuzz_data.
 */
#include <sys/mman.h>
#include <unistd.h>
#include "fuzz_common.h"
#include "libbpf_internal.h"

FUZZ_QUIET_INIT

static const char *const names[] = { "fuzz_func", "fuzz_other", "fuzz_weak", "_start",
				     "fuzz_data", "absent" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long offs[sizeof(names) / sizeof(names[0])], *pat = NULL;
	size_t i, cnt = 0, failed = 0;
	char path[64];
	GElf_Addr addr;
	int fd, efd, err;
	Elf *elf;

	fd = memfd_create("fuzz_elf_sym", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size)
		goto out;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		fuzz_sink += elf_find_func_offset(path, names[i]);
	fuzz_sink += elf_find_func_offsets(path, (const char **)names, 4, offs, &failed) + failed;
	if (!elf_find_pattern_func_offsets(path, "fuzz_*", &pat, &cnt) && cnt)
		fuzz_sink += pat[cnt - 1];
	free(pat);
	if (!elf_find_pattern_func_offsets(path, "*", &pat, &cnt) && cnt)
		fuzz_sink += pat[0];
	free(pat);

	elf = elf_open_path(path, &efd, &err);
	if (elf) {
		if (!elf_find_sym(elf, path, "fuzz_data", false, &addr))
			fuzz_sink += elf_vaddr_to_offset(elf, addr, false);
		if (!elf_find_sym(elf, path, "fuzz_func", true, &addr))
			fuzz_sink += elf_vaddr_to_offset(elf, addr, true);
		elf_end(elf);
		close(efd);
	}
out:
	close(fd);
	return 0;
}
