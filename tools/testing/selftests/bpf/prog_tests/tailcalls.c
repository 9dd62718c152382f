// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tail calls through the prog arrays of test_tailcalls.c: slots given in
 * the object (.values = { [i] = &prog }) are filled by the loader after
 * the programs load, so a run of tail_entry walks tail_entry ->
 * (subprogram) -> tail_first -> tail_second; a slot set from user space
 * is taken first. Each program counts its entries in entered[].
 */
#include "test_progs.h"

#define OBJ_FILE "test_tailcalls.bpf.o"

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_prog_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.id;
}

static bool entered(struct bpf_object *obj, __u64 out[4])
{
	return ASSERT_OK(global_var_read(obj, ".bss", "entered", out,
					 4 * sizeof(__u64)), "read entered");
}

static void initial_slots(void)
{
	struct bpf_object *obj = NULL;
	struct bpf_map *jt;
	__u32 key, id, retval;
	__u64 e[4];
	int fd;

	fd = load_prog_fd(OBJ_FILE, "tail_entry", &obj);
	if (!ASSERT_OK_FD(fd, "load " OBJ_FILE))
		return;
	jt = bpf_object__find_map_by_name(obj, "jump_table");
	if (!ASSERT_OK_PTR(jt, "jump_table"))
		goto out;
	key = 0;
	if (ASSERT_OK(bpf_map__lookup_elem(jt, &key, 4, &id, 4, 0), "slot 0"))
		ASSERT_EQ(id, prog_id(prog_fd_by_name(obj, "tail_first")),
			  "slot 0 holds tail_first");
	key = 2;
	if (ASSERT_OK(bpf_map__lookup_elem(jt, &key, 4, &id, 4, 0), "slot 2"))
		ASSERT_EQ(id, prog_id(prog_fd_by_name(obj, "tail_second")),
			  "slot 2 holds tail_second");
	key = 1;
	ASSERT_EQ(bpf_map__lookup_elem(jt, &key, 4, &id, 4, 0), -ENOENT,
		  "slot 1 is empty");

	if (!ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run tail_entry"))
		goto out;
	ASSERT_EQ(retval, 0, "tail_second's return value");
	if (entered(obj, e)) {
		ASSERT_EQ(e[0], 1, "tail_entry entered");
		ASSERT_EQ(e[1], 1, "tail_first entered (from a subprogram)");
		ASSERT_EQ(e[2], 1, "tail_second entered");
		ASSERT_EQ(e[3], 0, "nothing else");
	}
out:
	bpf_object__close(obj);
}

static void user_slot(void)
{
	struct bpf_object *obj = NULL;
	struct bpf_map *spare;
	__u32 key = 64 & 7, retval;
	__u64 e[4];
	int fd, target;

	fd = load_prog_fd(OBJ_FILE, "tail_entry", &obj);
	if (!ASSERT_OK_FD(fd, "load " OBJ_FILE))
		return;
	spare = bpf_object__find_map_by_name(obj, "spare_table");
	target = prog_fd_by_name(obj, "tail_second");
	if (!ASSERT_OK_PTR(spare, "spare_table") ||
	    !ASSERT_OK_FD(target, "tail_second"))
		goto out;
	if (!ASSERT_OK(bpf_map__update_elem(spare, &key, 4, &target, 4, 0),
		       "spare_table[len & 7] = tail_second"))
		goto out;
	if (!ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run tail_entry"))
		goto out;
	if (entered(obj, e)) {
		ASSERT_EQ(e[0], 1, "tail_entry entered");
		ASSERT_EQ(e[1], 0, "tail_first skipped");
		ASSERT_EQ(e[2], 1, "tail_second entered straight away");
	}
out:
	bpf_object__close(obj);
}

/*
 * a slot names a program switched off with autoload: the slot stays
 * empty (libbpf 1.1 failed the whole load instead)
 */
static void slot_prog_not_loaded(void)
{
	struct bpf_object *obj;
	struct bpf_map *jt;
	__u32 key = 2, id, retval;
	__u64 e[4];

	obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "tail_second"),
				  false);
	if (!ASSERT_OK(bpf_object__load(obj), "load without tail_second"))
		goto out;
	jt = bpf_object__find_map_by_name(obj, "jump_table");
	ASSERT_EQ(bpf_map__lookup_elem(jt, &key, 4, &id, 4, 0), -ENOENT,
		  "slot 2 is empty");
	key = 0;
	ASSERT_OK(bpf_map__lookup_elem(jt, &key, 4, &id, 4, 0), "slot 0 is set");
	if (!ASSERT_OK(run_prog_pkt(prog_fd_by_name(obj, "tail_entry"), 64, &retval),
		       "run tail_entry"))
		goto out;
	ASSERT_EQ(retval, 0, "tail_first's return value");
	if (entered(obj, e)) {
		ASSERT_EQ(e[1], 1, "tail_first entered");
		ASSERT_EQ(e[2], 0, "tail_second not there");
	}
out:
	bpf_object__close(obj);
}

void test_tailcalls(void)
{
	if (test__start_subtest("initial_slots"))
		initial_slots();
	if (test__start_subtest("user_slot"))
		user_slot();
	if (test__start_subtest("slot_prog_not_loaded"))
		slot_prog_not_loaded();
}
