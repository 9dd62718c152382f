// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_prog_assoc_struct_ops() and bpf_program__assoc_struct_ops():
 * BPF_PROG_ASSOC_STRUCT_OPS (command 38, added after 6.18) associates a
 * program that is not a struct_ops program with a struct_ops map.
 * test_struct_ops_assoc.c has two unattached TCP congestion control maps,
 * a syscall program and a .bss map.
 *
 * - checks: what the library refuses with -EINVAL before any syscall: a
 *   NULL program or map, a program not loaded, a struct_ops program, a
 *   map that is not a struct_ops map, a struct_ops map with no fd (not
 *   auto-created), opts with unknown non-zero bytes;
 * - kernel: where the kernel has the command, the syscall program is
 *   associated with assoc_a (0), associating it again with assoc_b fails
 *   (the kernel keeps the first), and the kernel itself refuses a
 *   struct_ops program. Where it does not (this host's 6.18 and the VM
 *   kernels), the call still goes to the kernel: its result for the real
 *   fds and for fds -1 is exactly what a raw bpf() call with the same attr
 *   gets (-EINVAL, no such command; a kernel with the command answers
 *   -EBADF for fds -1); then the subtest skips with the reason. The fds
 *   -1 comparison runs on every kernel, also those (before 6.4) that
 *   cannot load the object.
 */
#include <sys/syscall.h>
#include "test_progs.h"

#define OBJ_FILE "test_struct_ops_assoc.bpf.o"
#define CMD_PROG_ASSOC_STRUCT_OPS 38

/* the command with a hand-made attr: -errno or the result */
static int raw_assoc(int prog_fd, int map_fd)
{
	__u32 attr[3] = { (__u32)map_fd, (__u32)prog_fd, 0 };
	long ret;

	ret = syscall(__NR_bpf, CMD_PROG_ASSOC_STRUCT_OPS, attr, sizeof(attr));
	return ret < 0 ? -errno : (int)ret;
}

/* a kernel with the command looks at the fds: -EBADF for -1 */
static bool have_assoc_cmd(void)
{
	return raw_assoc(-1, -1) == -EBADF;
}

/* open, and load unless the kernel cannot; NULL (skipped) then */
static struct bpf_object *open_and_load(bool autocreate_b)
{
	struct bpf_object *obj;
	int err;

	if (!require(kernel_btf_has("tcp_congestion_ops", BTF_KIND_STRUCT),
		     "no tcp_congestion_ops in kernel BTF"))
		return NULL;
	if (!require_kernel(6, 4, "struct_ops links (.struct_ops.link maps)"))
		return NULL;
	obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open " OBJ_FILE))
		return NULL;
	if (!autocreate_b)
		bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "assoc_b"), false);
	err = bpf_object__load(obj);
	if (!ASSERT_OK(err, "load " OBJ_FILE)) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static void checks(void)
{
	struct bpf_program *user, *st_prog;
	struct bpf_map *a, *b, *bss = NULL, *m;
	struct bpf_object *obj;
	struct {
		struct bpf_prog_assoc_struct_ops_opts o;
		char tail[8];
	} big = { .o.sz = sizeof(big), .tail = { 1 } };

	/* before load */
	obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open " OBJ_FILE))
		return;
	user = bpf_object__find_program_by_name(obj, "assoc_user");
	a = bpf_object__find_map_by_name(obj, "assoc_a");
	if (ASSERT_OK_PTR(user, "assoc_user") && ASSERT_OK_PTR(a, "assoc_a")) {
		ASSERT_EQ(bpf_program__assoc_struct_ops(NULL, a, NULL), -EINVAL, "NULL prog");
		ASSERT_EQ(bpf_program__assoc_struct_ops(user, NULL, NULL), -EINVAL, "NULL map");
		ASSERT_EQ(bpf_program__assoc_struct_ops(user, a, NULL), -EINVAL,
			  "program not loaded");
		ASSERT_EQ(errno, EINVAL, "errno");
	}
	bpf_object__close(obj);

	/* loaded, assoc_b not created */
	obj = open_and_load(false);
	if (!obj)
		return;
	user = bpf_object__find_program_by_name(obj, "assoc_user");
	st_prog = bpf_object__find_program_by_name(obj, "assoc_ssthresh");
	a = bpf_object__find_map_by_name(obj, "assoc_a");
	b = bpf_object__find_map_by_name(obj, "assoc_b");
	bpf_object__for_each_map(m, obj)
		if (bpf_map__type(m) == BPF_MAP_TYPE_ARRAY)
			bss = m;
	if (!ASSERT_OK_PTR(user, "assoc_user") || !ASSERT_OK_PTR(st_prog, "assoc_ssthresh") ||
	    !ASSERT_OK_PTR(a, "assoc_a") || !ASSERT_OK_PTR(b, "assoc_b") ||
	    !ASSERT_OK_PTR(bss, ".bss map"))
		goto out;
	ASSERT_OK_FD(bpf_program__fd(user), "assoc_user loaded");
	ASSERT_OK_FD(bpf_map__fd(a), "assoc_a created");
	ASSERT_LT(bpf_map__fd(b), 0, "assoc_b not created");

	ASSERT_EQ(bpf_program__assoc_struct_ops(st_prog, a, NULL), -EINVAL,
		  "a struct_ops program");
	ASSERT_EQ(bpf_program__assoc_struct_ops(user, bss, NULL), -EINVAL,
		  "a map that is not struct_ops");
	ASSERT_EQ(bpf_program__assoc_struct_ops(user, b, NULL), -EINVAL,
		  "a struct_ops map with no fd");
	ASSERT_EQ(bpf_program__assoc_struct_ops(user, a, &big.o), -EINVAL,
		  "opts with unknown non-zero bytes");
	ASSERT_EQ(bpf_prog_assoc_struct_ops(bpf_program__fd(user), bpf_map__fd(a), &big.o),
		  -EINVAL, "low level: opts with unknown non-zero bytes");
out:
	bpf_object__close(obj);
}

static void kernel(void)
{
	LIBBPF_OPTS(bpf_prog_assoc_struct_ops_opts, opts);
	struct bpf_program *user, *st_prog;
	struct bpf_map *a, *b;
	struct bpf_object *obj;
	int err, raw;

	/* any kernel: fds -1 go to the kernel unchecked by the library */
	raw = raw_assoc(-1, -1);
	ASSERT_EQ(bpf_prog_assoc_struct_ops(-1, -1, NULL), raw,
		  "bpf_prog_assoc_struct_ops(-1, -1) as the raw call");
	ASSERT_EQ(errno, -raw, "errno for fds -1");
	ASSERT_EQ(raw, have_assoc_cmd() ? -EBADF : -EINVAL, "raw call for fds -1");

	obj = open_and_load(true);
	if (!obj)
		return;
	user = bpf_object__find_program_by_name(obj, "assoc_user");
	st_prog = bpf_object__find_program_by_name(obj, "assoc_ssthresh");
	a = bpf_object__find_map_by_name(obj, "assoc_a");
	b = bpf_object__find_map_by_name(obj, "assoc_b");
	if (!ASSERT_OK_PTR(user, "assoc_user") || !ASSERT_OK_PTR(st_prog, "assoc_ssthresh") ||
	    !ASSERT_OK_PTR(a, "assoc_a") || !ASSERT_OK_PTR(b, "assoc_b"))
		goto out;

	if (have_assoc_cmd()) {
		ASSERT_OK(bpf_program__assoc_struct_ops(user, a, &opts), "associate with assoc_a");
		ASSERT_ERR(bpf_program__assoc_struct_ops(user, b, NULL),
			   "associate again, with assoc_b");
		ASSERT_EQ(bpf_prog_assoc_struct_ops(bpf_program__fd(st_prog), bpf_map__fd(a),
						    NULL), -EINVAL,
			  "kernel refuses a struct_ops program");
		ASSERT_EQ(bpf_prog_assoc_struct_ops(-1, -1, NULL), -EBADF, "fds -1");
		goto out;
	}

	/* no command: the library passes the call on and returns what the kernel says */
	raw = raw_assoc(bpf_program__fd(user), bpf_map__fd(a));
	ASSERT_EQ(raw, -EINVAL, "raw bpf(38): the kernel has no such command");
	err = bpf_program__assoc_struct_ops(user, a, &opts);
	ASSERT_EQ(err, raw, "bpf_program__assoc_struct_ops() returns the kernel's error");
	ASSERT_EQ(errno, -raw, "errno");
	test__skip("kernel has no BPF_PROG_ASSOC_STRUCT_OPS (added after 6.18): only the arguments and the kernel's -EINVAL were checked");
out:
	bpf_object__close(obj);
}

void test_struct_ops_assoc(void)
{
	if (test__start_subtest("checks"))
		checks();
	if (test__start_subtest("kernel"))
		kernel();
}
