// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel-free checks of the smaller public entry points: the ones that
 * only read or reshape what bpf_object__open*() parsed.
 */
#include <errno.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include "unit.h"

/* bpf_object__open(path) is bpf_object__open_file(path, NULL) */
UNIT_TEST(api_object_open_path)
{
	struct bpf_object *obj;

	obj = bpf_object__open(unit_obj_path("test_subprogs.bpf.o"));
	if (!ASSERT_TRUE(obj, "open test_subprogs.bpf.o"))
		return;
	ASSERT_STREQ(bpf_object__name(obj), "test_subprogs", "object name");
	ASSERT_TRUE(bpf_object__next_program(obj, NULL), "has a program");
	bpf_object__close(obj);

	errno = 0;
	obj = bpf_object__open(unit_obj_path("no_such_object.bpf.o"));
	ASSERT_FALSE(obj, "open of a missing file");
	ASSERT_EQ(errno, ENOENT, "errno of a missing file");
}
