// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The object's BTF reaches the kernel on every kernel of the matrix: what
 * a kernel does not understand (DECL_TAG before 5.16, ...) is sanitized
 * with type ids kept, so programs get their func_info and maps their BTF
 * value types. Without sanitization old kernels reject the BTF and the
 * library can only carry on without it, which these checks catch.
 */
#include <bpf/btf.h>
#include "test_progs.h"

#define OBJ_FILE "test_arg_ctx_basic.bpf.o"
#define PROG "tc_ctx"

static struct bpf_object *load_tc_prog(void)
{
	return load_only_prog(OBJ_FILE, PROG);
}

static __u32 btf_id_of_fd(int btf_fd)
{
	struct bpf_btf_info info = {};
	__u32 len = sizeof(info);

	if (bpf_btf_get_info_by_fd(btf_fd, &info, &len))
		return 0;
	return info.id;
}

static int count_kind(const struct btf *btf, int kind)
{
	__u32 i, n = btf__type_cnt(btf);
	int cnt = 0;

	for (i = 1; i < n; i++)
		cnt += btf_kind(btf__type_by_id(btf, i)) == kind;
	return cnt;
}

/* the program carries func_info and the object's BTF, maps their types */
static void btf_attached(void)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct bpf_object *obj;
	struct bpf_map_info minfo = {};
	__u32 mlen = sizeof(minfo);
	struct bpf_map *bss;
	int btf_fd;

	obj = load_tc_prog();
	if (!obj)
		return;
	btf_fd = bpf_object__btf_fd(obj);
	if (!ASSERT_OK_FD(btf_fd, "object BTF loaded into the kernel"))
		goto out;
	if (!ASSERT_OK(bpf_prog_get_info_by_fd(prog_fd_by_name(obj, PROG), &info, &len),
		       "prog info"))
		goto out;
	ASSERT_EQ(info.btf_id, btf_id_of_fd(btf_fd), "program uses the object's BTF");
	/* the program and the global subprogram it calls */
	ASSERT_GE(info.nr_func_info, 2, "func_info records");
	ASSERT_GE(info.nr_line_info, 1, "line_info records");

	bss = bpf_object__find_map_by_name(obj, ".bss");
	if (!ASSERT_OK_PTR(bss, ".bss map"))
		goto out;
	if (ASSERT_OK(bpf_map_get_info_by_fd(bpf_map__fd(bss), &minfo, &mlen), ".bss info"))
		ASSERT_NEQ(minfo.btf_value_type_id, 0, ".bss value typed by its DATASEC");
out:
	bpf_object__close(obj);
}

/* the kernel's copy keeps every type id; kinds it lacks are replaced */
static void kernel_view(void)
{
	struct btf *kbtf = NULL;
	struct bpf_object *obj;
	const struct btf *local;
	int btf_fd;

	obj = load_tc_prog();
	if (!obj)
		return;
	btf_fd = bpf_object__btf_fd(obj);
	if (!ASSERT_OK_FD(btf_fd, "object BTF loaded into the kernel"))
		goto out;
	kbtf = btf__load_from_kernel_by_id(btf_id_of_fd(btf_fd));
	if (!ASSERT_OK_PTR(kbtf, "read the loaded BTF back"))
		goto out;
	local = bpf_object__btf(obj);
	/* sanitizing may append placeholders, never renumber */
	ASSERT_GE(btf__type_cnt(kbtf), btf__type_cnt(local), "type ids kept");
	ASSERT_GT(count_kind(local, BTF_KIND_DECL_TAG), 0, "object has decl tags");
	if (kernel_at_least(5, 16))
		ASSERT_EQ(count_kind(kbtf, BTF_KIND_DECL_TAG),
			  count_kind(local, BTF_KIND_DECL_TAG), "decl tags kept");
	else
		ASSERT_EQ(count_kind(kbtf, BTF_KIND_DECL_TAG), 0,
			  "decl tags sanitized for a kernel before 5.16");
out:
	btf__free(kbtf);
	bpf_object__close(obj);
}

void test_btf_load(void)
{
	if (test__start_subtest("btf_attached"))
		btf_attached();
	if (test__start_subtest("kernel_view"))
		kernel_view();
}
