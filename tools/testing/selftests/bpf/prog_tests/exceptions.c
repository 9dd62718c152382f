// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BPF exceptions (6.7): bpf_throw() unwinds to the exception callback a
 * main program names with the "exception_callback:<name>" decl tag. The
 * loader must find the callback by the tag (nothing calls it), append it
 * to the program and tell the kernel which subprogram it is through the
 * program's func_info. test_exception_cb.c throws for chosen packet
 * lengths, so the callback's return value shows up in the test run.
 */
#include "test_progs.h"

#define OBJ_FILE "test_exception_cb.bpf.o"

static bool have_exceptions(void)
{
	return require(kernel_btf_has("bpf_throw", BTF_KIND_FUNC),
		       "kernel has no bpf_throw (BPF exceptions, 6.7)");
}

static void with_callback(void)
{
	struct bpf_object *obj = NULL;
	__u64 cookie = 0;
	__u32 retval;
	int fd;

	if (!have_exceptions())
		return;
	fd = load_prog_fd(OBJ_FILE, "tc_throw_cb", &obj);
	if (!ASSERT_OK_FD(fd, "load " OBJ_FILE))
		return;
	if (ASSERT_OK(run_prog_pkt(fd, 100, &retval), "run, no throw"))
		ASSERT_EQ(retval, 5, "normal return");
	if (ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run, throw from static")) {
		ASSERT_EQ(retval, 42, "callback's return for cookie 41");
		ASSERT_OK(global_var_read(obj, ".bss", "cb_cookie", &cookie, 8),
			  "read cb_cookie");
		ASSERT_EQ(cookie, 41, "callback saw the cookie");
	}
	if (ASSERT_OK(run_prog_pkt(fd, 80, &retval), "run, throw from global"))
		ASSERT_EQ(retval, 100, "callback's return for cookie 99");
	bpf_object__close(obj);
}

static void default_callback(void)
{
	struct bpf_object *obj = NULL;
	__u32 retval;
	int fd;

	if (!have_exceptions())
		return;
	fd = load_prog_fd(OBJ_FILE, "tc_throw_default", &obj);
	if (!ASSERT_OK_FD(fd, "load " OBJ_FILE))
		return;
	if (ASSERT_OK(run_prog_pkt(fd, 100, &retval), "run, no throw"))
		ASSERT_EQ(retval, 3, "normal return");
	if (ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run, throw"))
		ASSERT_EQ(retval, 9, "the cookie, without a callback");
	bpf_object__close(obj);
}

/* the corpus object: loads whole, callback appended to its program only */
static void corpus(void)
{
	struct bpf_object *obj = NULL;
	int fd;

	if (!have_exceptions())
		return;
	fd = load_prog_fd("test_exceptions.bpf.o", "throw_with_callback", &obj);
	ASSERT_OK_FD(fd, "load test_exceptions.bpf.o");
	if (obj) {
		ASSERT_OK_FD(prog_fd_by_name(obj, "throw_default"), "throw_default");
		ASSERT_OK_FD(prog_fd_by_name(obj, "throw_from_global"),
			     "throw_from_global");
	}
	bpf_object__close(obj);
}

void test_exceptions(void)
{
	if (test__start_subtest("with_callback"))
		with_callback();
	if (test__start_subtest("default_callback"))
		default_callback();
	if (test__start_subtest("corpus"))
		corpus();
}
