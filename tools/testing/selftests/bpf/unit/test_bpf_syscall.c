// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel-free checks of the syscall layer (bpf.c) and the feature table
 * (features.c): argument validation that fails before any bpf(2) call,
 * fd renumbering, and forcing features off. Everything that needs the
 * kernel to answer belongs in test_progs.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "libbpf_internal.h"
#include "unit.h"

static const struct bpf_insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* ret is -err, errno is err, and one warning mentioning what was logged */
static bool check_rejected(int ret, int err, const char *what, const char *msg)
{
	bool ok = true;

	ok &= ASSERT_EQ(ret, -err, what);
	ok &= ASSERT_EQ(errno, err, what);
	if (msg)
		ok &= ASSERT_TRUE(strstr(unit_log(), msg) != NULL, what);
	unit_log_reset();
	return ok;
}

UNIT_TEST(bpf_prog_load_rejects_bad_args)
{
	char log[16];
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	int ret;

	unit_log_reset();
	ret = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", NULL, 0,
			    NULL);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "no insns", "no instructions"));

	opts.log_buf = log;
	ret = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", ret0, 2,
			    &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "buf w/o size", "log_size"));

	LIBBPF_OPTS_RESET(opts, .log_level = 1);
	ret = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", ret0, 2,
			    &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "level w/o buf", "log_level"));

	LIBBPF_OPTS_RESET(opts, .attempts = -1);
	ret = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", ret0, 2,
			    &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "attempts", "attempts"));

	LIBBPF_OPTS_RESET(opts, .attach_prog_fd = 5, .attach_btf_obj_fd = 6);
	ret = bpf_prog_load(BPF_PROG_TYPE_TRACING, NULL, "GPL", ret0, 2, &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "both attach fds", NULL));
	/* token_fd goes to the kernel now: prog_tests/token.c */
}

UNIT_TEST(bpf_opts_unknown_tail_rejected)
{
	/* a caller built against a newer header set a field we lack */
	struct {
		struct bpf_map_create_opts opts;
		__u64 newer_field;
	} big = {};
	int ret;

	big.opts.sz = sizeof(big);
	big.newer_field = 1;
	ret = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4, 1, &big.opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "non-zero tail", NULL));
}

UNIT_TEST(bpf_newer_uapi_options_refused)
{
	/* token_fd and btf_flags go to the kernel now: prog_tests/token.c */
	LIBBPF_OPTS(bpf_obj_pin_opts, pin_opts, .path_fd = 3);
	LIBBPF_OPTS(bpf_prog_attach_opts, att_opts, .relative_fd = 3);
	LIBBPF_OPTS(bpf_link_update_opts, upd_opts, .old_map_fd = 3);
	LIBBPF_OPTS(bpf_prog_query_opts, q_opts, .link_ids = (__u32[1]){});
	int ret;

	unit_log_reset();
	ret = bpf_obj_pin_opts(3, "/sys/fs/bpf/x", &pin_opts);
	CHECK_OR_RETURN(check_rejected(ret, EOPNOTSUPP, "path_fd", "path_fd"));
	ret = bpf_prog_attach_opts(3, 4, BPF_CGROUP_INET_INGRESS, &att_opts);
	CHECK_OR_RETURN(check_rejected(ret, EOPNOTSUPP, "relative", "relative_fd"));
	ret = bpf_link_update(3, 4, &upd_opts);
	CHECK_OR_RETURN(check_rejected(ret, EOPNOTSUPP, "old_map_fd", "old_map_fd"));
	ret = bpf_prog_query_opts(3, BPF_CGROUP_INET_INGRESS, &q_opts);
	CHECK_OR_RETURN(check_rejected(ret, EOPNOTSUPP, "link_ids", "link_ids"));
}

UNIT_TEST(bpf_link_create_rejects_foreign_options)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	union bpf_iter_link_info info = {};
	int ret;

	unit_log_reset();
	opts.iter_info = &info;
	opts.iter_info_len = sizeof(info);
	ret = bpf_link_create(3, 4, BPF_CGROUP_INET_INGRESS, &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "iter_info", "iter_info"));

	/* a netns link takes no union member at all */
	LIBBPF_OPTS_RESET(opts, .perf_event.bpf_cookie = 1);
	ret = bpf_link_create(3, 4, BPF_FLOW_DISSECTOR, &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "cookie on netns", NULL));

	LIBBPF_OPTS_RESET(opts, .tcx.relative_fd = 5, .tcx.relative_id = 7);
	ret = bpf_link_create(3, 1, LIBBPF_TCX_INGRESS, &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "tcx relative fd and id",
				       "relative_id"));

	LIBBPF_OPTS_RESET(opts, .cgroup.relative_fd = 5, .cgroup.relative_id = 7);
	ret = bpf_link_create(3, 4, BPF_CGROUP_INET_INGRESS, &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "cgroup relative fd and id",
				       "relative_id"));

	LIBBPF_OPTS_RESET(opts, .netfilter.pf = 2);
	ret = bpf_link_create(3, 4, BPF_FLOW_DISSECTOR, &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "netfilter opts on netns", NULL));

	LIBBPF_OPTS_RESET(opts, .target_btf_id = 5, .tracing.cookie = 1);
	ret = bpf_link_create(3, 0, BPF_TRACE_FENTRY, &opts);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "target_btf_id + more",
				       "target_btf_id"));
}

UNIT_TEST(bpf_null_out_pointers_rejected)
{
	char buf[8];
	int ret;

	unit_log_reset();
	ret = bpf_map_lookup_batch(3, NULL, NULL, NULL, NULL, NULL, NULL);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "batch count", "count"));
	ret = bpf_prog_query(3, BPF_CGROUP_INET_INGRESS, 0, NULL, NULL, NULL);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "prog_cnt", "prog_cnt"));
	ret = bpf_obj_get_info_by_fd(3, buf, NULL);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "info_len", "info_len"));
	ret = bpf_prog_get_next_id(0, NULL);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "next_id", "next_id"));
	ret = bpf_task_fd_query(1, 1, 0, buf, NULL, NULL, NULL, NULL, NULL);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "buf_len", "buf_len"));
	ret = bpf_btf_load(NULL, 0, NULL);
	CHECK_OR_RETURN(check_rejected(ret, EINVAL, "no btf", "no BTF"));
}

UNIT_TEST(ensure_good_fd_moves_std_fds)
{
	int saved, fd, good, flags;

	ASSERT_EQ(ensure_good_fd(-EBADF), -EBADF, "errors pass through");

	saved = dup(STDIN_FILENO);
	CHECK_OR_RETURN(ASSERT_TRUE(saved >= 0, "dup stdin"));
	close(STDIN_FILENO);
	fd = open("/dev/null", O_RDONLY);	/* lowest free: 0 */
	good = ensure_good_fd(fd);
	flags = fcntl(good, F_GETFD);

	ASSERT_EQ(fd, 0, "test setup got fd 0");
	ASSERT_TRUE(good > STDERR_FILENO, "moved above stderr");
	ASSERT_TRUE(flags >= 0 && (flags & FD_CLOEXEC), "close-on-exec");
	ASSERT_TRUE(fcntl(STDIN_FILENO, F_GETFD) < 0, "fd 0 released");
	ASSERT_EQ(ensure_good_fd(good), good, "good fds stay");

	close(good);
	dup2(saved, STDIN_FILENO);
	close(saved);
}

UNIT_TEST(kern_feature_table_complete)
{
	int i, j;

	for (i = 0; i < __FEAT_CNT; i++) {
		CHECK_OR_RETURN(ASSERT_OK_PTR(kern_feature_name(i), "name"));
		CHECK_OR_RETURN(ASSERT_OK_PTR(kern_feature_desc(i), "desc"));
		for (j = 0; j < i; j++)
			ASSERT_TRUE(strcmp(kern_feature_name(i),
					   kern_feature_name(j)),
				    "unique names");
	}
	ASSERT_NULL(kern_feature_name(__FEAT_CNT), "out of range name");
	ASSERT_NULL(kern_feature_desc(-1), "negative id");
	ASSERT_FALSE(kernel_supports(__FEAT_CNT), "out of range id");
}

UNIT_TEST(kern_features_force_off)
{
	int i;

	unit_log_reset();
	ASSERT_EQ(kern_features_force_off("decl_tag,bogus"), -EINVAL, "bad");
	ASSERT_TRUE(strstr(unit_log(), "'bogus'") != NULL, "names the culprit");

	/* forced-off features answer without asking the kernel */
	CHECK_OR_RETURN(ASSERT_OK(kern_features_force_off("all"), "all"));
	for (i = 0; i < __FEAT_CNT; i++)
		ASSERT_FALSE(kernel_supports(i), kern_feature_name(i));

	CHECK_OR_RETURN(ASSERT_OK(kern_features_force_off(" decl_tag , arg_ctx,,"),
				  "list with blanks"));
	ASSERT_FALSE(kernel_supports(FEAT_BTF_DECL_TAG), "decl_tag off");
	ASSERT_FALSE(kernel_supports(FEAT_ARG_CTX_TAG), "arg_ctx off");

	ASSERT_OK(kern_features_force_off(NULL), "reset");
}
