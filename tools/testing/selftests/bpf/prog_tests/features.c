// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Every kernel feature probe of the library, run on the running kernel,
 * with its answer printed (test_progs -v -t features shows the list), and
 * checked against the kernel version where the feature's first kernel is
 * known.
 */
#include <bpf/libbpf_internal.h>
#include "test_progs.h"

/* first mainline kernel with the feature */
static const struct {
	enum kern_feature_id id;
	int major, minor;
} since[] = {
	{ FEAT_PROG_NAME, 4, 15 },
	{ FEAT_GLOBAL_DATA, 5, 2 },
	{ FEAT_BTF, 4, 18 },
	{ FEAT_BTF_FUNC, 5, 0 },
	{ FEAT_BTF_GLOBAL_FUNC, 5, 6 },
	{ FEAT_BTF_DATASEC, 5, 2 },
	{ FEAT_BTF_FLOAT, 5, 13 },
	{ FEAT_BTF_DECL_TAG, 5, 16 },
	{ FEAT_BTF_TYPE_TAG, 5, 17 },
	{ FEAT_BTF_ENUM64, 6, 0 },
	{ FEAT_ARRAY_MMAP, 5, 5 },
	{ FEAT_MAP_FREEZE, 5, 2 },
	{ FEAT_BPF_COOKIE, 5, 15 },
	{ FEAT_BPF_LOOP, 5, 17 },
	{ FEAT_ARG_CTX_TAG, 6, 8 },
	{ FEAT_GLOBAL_PTR_ARGS, 5, 12 },
	{ FEAT_ARG_NONNULL, 6, 8 },
	{ FEAT_ARG_NULLABLE, 6, 9 },
	{ FEAT_ARG_TRUSTED, 6, 9 },
	{ FEAT_ARG_ARENA, 6, 9 },
	{ FEAT_EXCL_MAPS, 6, 18 },
};

void test_features(void)
{
	size_t i;
	int id;

	for (id = 0; id < __FEAT_CNT; id++)
		printf("  %-20s %-3s  %s\n", kern_feature_name(id),
		       kernel_supports(id) ? "yes" : "no", kern_feature_desc(id));

	for (i = 0; i < ARRAY_SIZE(since); i++) {
		bool want = kernel_at_least(since[i].major, since[i].minor);

		if (!ASSERT_EQ(kernel_supports(since[i].id), want, kern_feature_name(since[i].id)))
			printf("  %s: the kernel %s %d.%d\n", kern_feature_name(since[i].id),
			       want ? "is at least" : "is older than", since[i].major,
			       since[i].minor);
	}
}
