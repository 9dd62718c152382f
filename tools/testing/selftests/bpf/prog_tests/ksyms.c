// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * __ksym variables: an untyped one gets its address from /proc/kallsyms
 * and a weak one the kernel lacks reads as 0 (test_ksyms.c); a typed
 * per-CPU one (this_cpu_off) is found in vmlinux BTF and used with
 * bpf_per_cpu_ptr()/bpf_this_cpu_ptr() (test_ksyms_percpu.c). Typed ksyms need the kernel to
 * find data symbols in kallsyms (CONFIG_KALLSYMS_ALL); kernels without
 * skip those subtests. The corpus test_ksym_vars.c is loaded and run too.
 */
#include "test_progs.h"

#define OBJ_FILE "test_ksyms.bpf.o"

static void untyped(void)
{
	__u64 want = kallsyms_addr("do_unlinkat");
	struct bpf_object *obj;
	__u32 retval;

	if (!require(want != 0, "do_unlinkat not in /proc/kallsyms"))
		return;
	obj = load_only_prog(OBJ_FILE, "tc_untyped");
	if (!obj)
		return;
	if (ASSERT_OK(run_prog_pkt(prog_fd_by_name(obj, "tc_untyped"), 64, &retval),
		      "run tc_untyped")) {
		ASSERT_EQ(bss_u64(obj, "unlink_addr"), want,
			  "address of do_unlinkat as in kallsyms");
		ASSERT_EQ(bss_u64(obj, "missing_addr"), 0,
			  "a weak ksym the kernel lacks is 0");
	}
	bpf_object__close(obj);
}

/* typed ksyms: the kernel looks the address up in kallsyms */
static bool have_typed(const char *sym)
{
	return require_kernel(5, 10, "bpf_per_cpu_ptr") &&
	       require(kernel_btf_has(sym, BTF_KIND_VAR),
		       "no VAR %s in vmlinux BTF", sym) &&
	       require(kallsyms_addr(sym) != 0,
		       "%s not in /proc/kallsyms (CONFIG_KALLSYMS_ALL)", sym);
}

static void typed_percpu(void)
{
	__u64 addr, args[2] = {};
	struct bpf_object *obj;
	__u32 retval;

	if (!have_typed("this_cpu_off"))
		return;
	addr = kallsyms_addr("this_cpu_off");
	obj = load_only_prog("test_ksyms_percpu.bpf.o", "raw_tp_percpu");
	if (!obj)
		return;
	if (!ASSERT_OK(run_prog_ctx(prog_fd_by_name(obj, "raw_tp_percpu"), args,
				    sizeof(args), &retval), "run raw_tp_percpu"))
		goto out;
	/* this_cpu_off on a CPU holds that CPU's per-CPU offset */
	ASSERT_NEQ(bss_u64(obj, "cpu0_ptr"), 0, "bpf_per_cpu_ptr(cpu 0)");
	ASSERT_EQ(bss_u64(obj, "cpu0_ptr") - bss_u64(obj, "cpu0_val"), addr,
		  "cpu 0 pointer - offset == per-CPU symbol address");
	ASSERT_EQ(bss_u64(obj, "this_ptr") - bss_u64(obj, "this_val"), addr,
		  "this cpu pointer - offset == per-CPU symbol address");
out:
	bpf_object__close(obj);
}

static void corpus(void)
{
	__u64 args[2] = {};
	struct bpf_object *obj = NULL;
	__u32 retval;
	int fd;

	if (!have_typed("bpf_prog_active") || !have_typed("runqueues"))
		return;
	fd = load_prog_fd("test_ksym_vars.bpf.o", "read_percpu_ksyms", &obj);
	if (!ASSERT_OK_FD(fd, "load test_ksym_vars.bpf.o"))
		return;
	ASSERT_OK(run_prog_ctx(fd, args, sizeof(args), &retval),
		  "run read_percpu_ksyms");
	bpf_object__close(obj);
}

void test_ksyms(void)
{
	if (test__start_subtest("untyped"))
		untyped();
	if (test__start_subtest("typed_percpu"))
		typed_percpu();
	if (test__start_subtest("corpus_ksym_vars"))
		corpus();
}
