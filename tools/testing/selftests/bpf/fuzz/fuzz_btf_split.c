// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fuzz target for split BTF: the input is the split part (raw BTF whose
 * type ids and string offsets continue those of a base), parsed with
 * btf__new_split() against a fixed base built here; then every query and
 * a C dump of every split type, btf__dedup() and all again, and
 * btf__distill_base().
 *
 * The base (ids 1-7, as the seeds expect):
 *   [1] int  [2] unsigned long  [3] struct base_s { int a; long b; }
 *   [4] int *  [5] enum base_e { BASE_A }  [6] typedef int base_t
 *   [7] int (int)
 */
#include "fuzz_common.h"

FUZZ_QUIET_INIT

static struct btf *make_base(void)
{
	struct btf *b = btf__new_empty();

	if (!b)
		return NULL;
	btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	btf__add_int(b, "unsigned long", 8, 0);
	btf__add_struct(b, "base_s", 16);
	btf__add_field(b, "a", 1, 0, 0);
	btf__add_field(b, "b", 2, 64, 0);
	btf__add_ptr(b, 1);
	btf__add_enum(b, "base_e", 4);
	btf__add_enum_value(b, "BASE_A", 0);
	btf__add_typedef(b, "base_t", 1);
	btf__add_func_proto(b, 1);
	btf__add_func_param(b, "x", 1);
	return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btf *base, *split, *new_base = NULL, *new_split = NULL;
	__u32 first;

	base = make_base();
	if (!base)
		return 0;
	split = btf__new_split(data, size, base);
	if (split) {
		first = btf__type_cnt(base);
		fuzz_btf_walk(split, first, false);
		if (!btf__distill_base(split, &new_base, &new_split)) {
			fuzz_btf_query_all(new_split, btf__type_cnt(new_base));
			btf__free(new_split);
			btf__free(new_base);
		}
		fuzz_btf_walk(split, first, true);
		btf__free(split);
	}
	btf__free(base);
	return 0;
}
