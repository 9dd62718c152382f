// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fuzz target for .BTF.ext: btf_ext__new() of the input, then what the
 * loader and tools read of it: every record of the three record sets,
 * every type id (the visitor the loader renumbers them with), the raw
 * data in its own and in the other byte order.
 */
#include "fuzz_common.h"
#include "libbpf_internal.h"

/* btf_ext__get_raw_data() is deprecated, and still called by old tools */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

FUZZ_QUIET_INIT

static int count_id(__u32 *type_id, void *ctx)
{
	*(size_t *)ctx += *type_id;
	return 0;
}

static void walk_info(const struct btf_ext_info *seg)
{
	const struct btf_ext_info_sec *sec;
	const __u8 *rec;
	__u32 i;

	if (!seg->info)
		return;
	for_each_btf_ext_sec(seg, sec) {
		fuzz_sink += sec->sec_name_off;
		for_each_btf_ext_rec(seg, sec, i, rec)
			fuzz_sink += rec[seg->rec_size - 1];
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btf_ext *ext;
	const void *raw;
	size_t ids = 0;
	__u32 raw_sz;

	ext = btf_ext__new(data, size);
	if (!ext)
		return 0;
	walk_info(&ext->func_info);
	walk_info(&ext->line_info);
	walk_info(&ext->core_relo_info);
	btf_ext_visit_type_ids(ext, count_id, &ids);
	fuzz_sink += ids;
	raw = btf_ext__raw_data(ext, &raw_sz);
	if (raw && raw_sz)
		fuzz_sink += ((const uint8_t *)raw)[raw_sz - 1];
	btf_ext__set_endianness(ext, btf_ext__endianness(ext) == BTF_LITTLE_ENDIAN ?
				     BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN);
	raw = btf_ext__raw_data(ext, &raw_sz);
	if (raw && raw_sz)
		fuzz_sink += ((const uint8_t *)raw)[raw_sz - 1];
	raw = btf_ext__get_raw_data(ext, &raw_sz);
	if (raw && raw_sz)
		fuzz_sink += ((const uint8_t *)raw)[0];
	btf_ext__free(ext);
	return 0;
}
