// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libbpf_find_vmlinux_btf_id(): the BTF id of a tracing attach target
 * in the kernel's vmlinux BTF, as loaders that build their programs
 * themselves (Debian's libbcc, under bpftrace) ask for it.
 *
 *   names   each attach type finds its target under the kernel's name for
 *           it: btf_trace_<tp> (typedef) for tp_btf, bpf_lsm_<hook> for
 *           LSM, bpf_iter_<name> for iterators, the function itself for
 *           fentry/fexit/fmod_ret; the id is the one vmlinux BTF has
 *   errors  absent targets and the wrong kind give -ENOENT, no name
 *           -EINVAL, an overlong one -ENAMETOOLONG, each with errno set
 *   load    a tp_btf program loaded with the id it returns attaches to
 *           sys_enter (the host refuses trampoline programs: skipped)
 */
#include <unistd.h>
#include <linux/btf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "test_progs.h"

#ifndef ENOTSUPP
#define ENOTSUPP 524	/* the kernel's, not in libc's errno.h */
#endif

static void expect_id(const char *name, enum bpf_attach_type type, const char *btf_name,
		      int kind)
{
	const struct btf *vmlinux = vmlinux_btf();
	int want = btf__find_by_name_kind(vmlinux, btf_name, kind);
	int id;

	if (!require(want > 0, "vmlinux BTF has no %s", btf_name))
		return;
	errno = 0;
	id = libbpf_find_vmlinux_btf_id(name, type);
	if (!ASSERT_EQ(id, want, btf_name))
		printf("  %s as %s: %d, vmlinux BTF says %d\n", name,
		       libbpf_bpf_attach_type_str(type), id, want);
}

static void names(void)
{
	expect_id("sys_enter", BPF_TRACE_RAW_TP, "btf_trace_sys_enter", BTF_KIND_TYPEDEF);
	expect_id("vfs_read", BPF_TRACE_FENTRY, "vfs_read", BTF_KIND_FUNC);
	expect_id("vfs_read", BPF_TRACE_FEXIT, "vfs_read", BTF_KIND_FUNC);
	expect_id("vfs_read", BPF_MODIFY_RETURN, "vfs_read", BTF_KIND_FUNC);
	expect_id("task", BPF_TRACE_ITER, "bpf_iter_task", BTF_KIND_FUNC);
	expect_id("file_open", BPF_LSM_MAC, "bpf_lsm_file_open", BTF_KIND_FUNC);
	expect_id("file_open", BPF_LSM_CGROUP, "bpf_lsm_file_open", BTF_KIND_FUNC);
}

static void expect_err(const char *what, const char *name, enum bpf_attach_type type, int err)
{
	int ret;

	errno = 0;
	ret = libbpf_find_vmlinux_btf_id(name, type);
	ASSERT_EQ(ret, err, what);
	ASSERT_EQ(errno, -err, "errno");
}

static void errors(void)
{
	char long_name[300];

	/* a typedef, not a function: fentry does not take it */
	expect_err("wrong kind", "btf_trace_sys_enter", BPF_TRACE_FENTRY, -ENOENT);
	/* the prefix is added: a name that has it already is not found */
	expect_err("prefix twice", "btf_trace_sys_enter", BPF_TRACE_RAW_TP, -ENOENT);
	expect_err("absent function", "no_such_function_vmlinux_id", BPF_TRACE_FENTRY, -ENOENT);
	expect_err("absent LSM hook", "no_such_hook_vmlinux_id", BPF_LSM_MAC, -ENOENT);
	expect_err("NULL name", NULL, BPF_TRACE_FENTRY, -EINVAL);
	expect_err("empty name", "", BPF_TRACE_FENTRY, -EINVAL);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	expect_err("overlong name", long_name, BPF_TRACE_FENTRY, -ENAMETOOLONG);
}

static void load(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_RAW_TP);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int id, fd, link;

	id = libbpf_find_vmlinux_btf_id("sys_enter", BPF_TRACE_RAW_TP);
	if (!ASSERT_GT(id, 0, "btf_trace_sys_enter"))
		return;
	opts.attach_btf_id = id;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "vmlinux_id_tp", "GPL", insns,
			   ARRAY_SIZE(insns), &opts);
	if (fd == -EPERM || fd == -ENOTSUPP || fd == -EOPNOTSUPP) {
		test__skip("kernel refuses tp_btf programs (%d)", fd);
		return;
	}
	if (!ASSERT_OK_FD(fd, "tp_btf load with the id"))
		return;
	/* 6.0+ report the target they were loaded for */
	if (ASSERT_OK(bpf_prog_get_info_by_fd(fd, &info, &len), "prog info") &&
	    kernel_at_least(6, 0))
		ASSERT_EQ(info.attach_btf_id, (__u32)id, "attach_btf_id");
	link = bpf_raw_tracepoint_open(NULL, fd);
	if (ASSERT_OK_FD(link, "attach to sys_enter"))
		close(link);
	close(fd);
}

void test_vmlinux_btf_id(void)
{
	if (!require(vmlinux_btf() != NULL, "no kernel BTF (/sys/kernel/btf/vmlinux)"))
		return;
	if (test__start_subtest("names"))
		names();
	if (test__start_subtest("errors"))
		errors();
	if (test__start_subtest("load"))
		load();
}
