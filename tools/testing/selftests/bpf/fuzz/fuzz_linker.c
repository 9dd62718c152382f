// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fuzz target for the static linker: the input is two BPF objects
 * separated by the 8 bytes "LNKSPLIT" (no separator: one object). Each
 * goes to bpf_linker__add_buf(), then bpf_linker__finalize() writes the
 * result to a memfd, which is opened again with bpf_object__open_mem()
 * when it links.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fuzz_common.h"

FUZZ_QUIET_INIT

#define SPLIT "LNKSPLIT"

static void reopen(int fd)
{
	struct bpf_object *obj;
	off_t len = lseek(fd, 0, SEEK_END);
	void *buf;

	if (len <= 0 || len > (64 << 20))
		return;
	buf = malloc(len);
	if (buf && pread(fd, buf, len, 0) == len) {
		obj = bpf_object__open_mem(buf, len, NULL);
		bpf_object__close(obj);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memmem(data, size, SPLIT, strlen(SPLIT));
	size_t len1 = sep ? (size_t)(sep - data) : size;
	void *a, *b = NULL;
	struct bpf_linker *l;
	int fd, err;

	fd = memfd_create("fuzz_linker", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	l = bpf_linker__new_fd(fd, NULL);
	if (!l) {
		close(fd);
		return 0;
	}
	/* the linker may keep pointers into what it was given until finalize */
	a = fuzz_dup(data, len1);
	if (sep)
		b = fuzz_dup(sep + strlen(SPLIT), size - len1 - strlen(SPLIT));
	err = a ? bpf_linker__add_buf(l, a, len1, NULL) : -ENOMEM;
	if (!err && b)
		err = bpf_linker__add_buf(l, b, size - len1 - strlen(SPLIT), NULL);
	if (!err)
		err = bpf_linker__finalize(l);
	bpf_linker__free(l);
	if (!err)
		reopen(fd);
	free(a);
	free(b);
	close(fd);
	return 0;
}
