// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_map__set_autocreate(false): references to the map that is not
 * created are poisoned, so the program loads as long as the verifier
 * finds them unreachable, and fails with the poison when they are not.
 */
#include "test_progs.h"

#define OBJ_FILE "test_map_autocreate.bpf.o"

static int load_with(int use_ringbuf, bool create_ringbuf, struct bpf_object **pobj)
{
	struct bpf_object *obj;
	struct bpf_map *rodata;
	int err;

	*pobj = obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open " OBJ_FILE))
		return -ENOENT;
	rodata = bpf_object__find_map_by_name(obj, ".rodata");
	if (!ASSERT_OK_PTR(rodata, ".rodata"))
		return -ENOENT;
	err = bpf_map__set_initial_value(rodata, &use_ringbuf, sizeof(use_ringbuf));
	if (!ASSERT_OK(err, "set use_ringbuf"))
		return err;
	ASSERT_OK(bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "events"),
					  create_ringbuf), "set_autocreate");
	return bpf_object__load(obj);
}

void test_map_autocreate(void)
{
	struct bpf_object *obj;
	struct bpf_map *events;

	if (!require_kernel(5, 8, "ring buffer maps"))
		return;
	if (test__start_subtest("unused_map_not_created")) {
		ASSERT_OK(load_with(0, false, &obj), "load without the ring buffer");
		events = bpf_object__find_map_by_name(obj, "events");
		ASSERT_ERR(bpf_map__fd(events), "no fd for a map not created");
		ASSERT_OK_FD(bpf_object__find_map_fd_by_name(obj, "counts"), "counts created");
		bpf_object__close(obj);
	}
	if (test__start_subtest("used_map_not_created")) {
		ASSERT_ERR(load_with(1, false, &obj), "load fails when the map is used");
		bpf_object__close(obj);
	}
	if (test__start_subtest("used_map_created")) {
		ASSERT_OK(load_with(1, true, &obj), "load with the ring buffer");
		bpf_object__close(obj);
	}
}
