// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_program__attach_freplace(): test_freplace.bpf.o's new_verdict
 * replaces global_verdict() of the loaded XDP program of
 * test_freplace_target.bpf.o. The XDP program passes packets until the
 * link exists, drops them while it does, and passes them again after
 * destroy; both the load-time target and an explicit one are used.
 */
#include "test_progs.h"

#define XDP_DROP_RET 1
#define XDP_PASS_RET 2

#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

static __u32 verdict(int prog_fd)
{
	__u32 ret = 0xbad;

	ASSERT_OK(run_prog_pkt(prog_fd, 64, &ret), "test run");
	return ret;
}

void test_freplace(void)
{
	struct bpf_object *target = NULL, *obj = NULL;
	struct bpf_program *prog;
	struct bpf_link *link;
	int fds = count_open_fds(), tgt_fd, err;

	if (!require_kernel(5, 10, "freplace links"))
		return;
	tgt_fd = load_prog_fd("test_freplace_target.bpf.o", "xdp_entry", &target);
	if (!ASSERT_OK_FD(tgt_fd, "load target"))
		goto out;
	ASSERT_EQ(verdict(tgt_fd), XDP_PASS_RET, "target passes");

	obj = bpf_object__open_file("test_freplace.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open freplace"))
		goto out;
	prog = bpf_object__find_program_by_name(obj, "new_verdict");
	if (!ASSERT_OK(bpf_program__set_attach_target(prog, tgt_fd, "global_verdict"),
		       "set_attach_target"))
		goto out;
	err = bpf_object__load(obj);
	if (err == -EPERM || err == -ENOTSUPP || err == -EOPNOTSUPP) {
		test__skip("kernel refuses freplace programs (%d)", err);
		goto out;
	}
	if (!ASSERT_OK(err, "load freplace"))
		goto out;

	/* the target given at load */
	link = bpf_program__attach_freplace(prog, 0, NULL);
	if (ASSERT_OK_PTR(link, "attach_freplace, load-time target")) {
		ASSERT_EQ(verdict(tgt_fd), XDP_DROP_RET, "replaced");
		bpf_link__destroy(link);
		ASSERT_EQ(verdict(tgt_fd), XDP_PASS_RET, "restored by destroy");
	}
	/* the target named at attach */
	link = bpf_program__attach_freplace(prog, tgt_fd, "global_verdict");
	if (ASSERT_OK_PTR(link, "attach_freplace, explicit target")) {
		ASSERT_EQ(verdict(tgt_fd), XDP_DROP_RET, "replaced");
		bpf_link__destroy(link);
		ASSERT_EQ(verdict(tgt_fd), XDP_PASS_RET, "restored by destroy");
	}
	ASSERT_ERR_PTR(bpf_program__attach_freplace(prog, tgt_fd, "no_such_func"),
		       "unknown target function");
	ASSERT_ERR_PTR(bpf_program__attach_freplace(prog, tgt_fd, NULL),
		       "fd without a function name");
out:
	bpf_object__close(obj);
	bpf_object__close(target);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}
