// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fuzz target for raw BTF: btf__new() of the input, then every query on
 * every type, btf__raw_data(), a C dump of every type, btf__dedup() and
 * all of it again on the deduplicated types.
 */
#include "fuzz_common.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btf *btf;

	btf = btf__new(data, size);
	if (!btf)
		return 0;
	fuzz_btf_walk(btf, 1, true);
	btf__free(btf);
	return 0;
}
