// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fuzz target for the netlink reply parser (netlink.c): the first byte
 * of the input picks which request's replies the rest is (see
 * nl_parse_replies(): XDP link query, genl family, netdev device, tc
 * filter), the rest is one received buffer: netlink messages of
 * sequence 1 from port 1234, as the kernel would send them. The buffer is
 * a malloc()ed copy of exactly its size, as recv() would fill.
 */
#include "fuzz_common.h"
#include "libbpf_internal.h"

FUZZ_QUIET_INIT

#define FUZZ_NL_SEQ 1
#define FUZZ_NL_PID 1234

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *buf;

	if (!size)
		return 0;
	buf = fuzz_dup(data + 1, size - 1);
	if (!buf)
		return 0;
	fuzz_sink += nl_parse_replies(buf, size - 1, FUZZ_NL_SEQ, FUZZ_NL_PID, data[0] % 6);
	free(buf);
	return 0;
}
