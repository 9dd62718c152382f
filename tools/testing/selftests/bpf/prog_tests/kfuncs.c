// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Calls to kernel functions: the loader resolves each extern __ksym
 * function in vmlinux BTF and emits a BPF_PSEUDO_KFUNC_CALL with its id.
 * A wrong id fails verification (acquire/release pairing, argument
 * types), so loading is half the check; running test_kfunc_calls.c
 * shows the calls do what they should. test_kfuncs.c (the corpus) adds
 * tp_btf programs with bpf_task_acquire/release, a kfunc in a
 * subprogram and a weak kfunc no kernel has, which must resolve to
 * nothing and be dropped as dead code.
 */
#include "test_progs.h"

#define RUN_OBJ "test_kfunc_calls.bpf.o"

static bool have_kfunc(const char *name)
{
	return require(kernel_btf_has(name, BTF_KIND_FUNC),
		       "kernel has no kfunc %s", name);
}

static bool set_pid(struct bpf_object *obj, __s32 pid)
{
	return ASSERT_OK(global_var_write(obj, ".bss", "target_pid", &pid,
					  sizeof(pid)), "set target_pid");
}

/* generic kfuncs are callable from tc programs since 6.4 */
static bool tc_kfuncs_ok(void)
{
	return have_kfunc("bpf_task_from_pid") &&
	       require_kernel(6, 4, "kfuncs in tc programs");
}

static void task_from_pid(const char *prog_name, const char *result)
{
	struct bpf_object *obj;
	__u32 retval;
	int fd;

	if (!tc_kfuncs_ok())
		return;
	obj = load_only_prog(RUN_OBJ, prog_name);
	if (!obj)
		return;
	fd = prog_fd_by_name(obj, prog_name);
	if (!set_pid(obj, getpid()) ||
	    !ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run"))
		goto out;
	ASSERT_EQ(bss_u64(obj, result), 1, "our own pid is found");
	/* above PID_MAX_LIMIT: no such task */
	if (!set_pid(obj, 0x7ffffff0) ||
	    !ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run"))
		goto out;
	ASSERT_EQ(bss_u64(obj, result), 0, "an impossible pid is not found");
out:
	bpf_object__close(obj);
}

static void rcu(void)
{
	struct bpf_object *obj;
	__u32 retval;
	int i;

	if (!have_kfunc("bpf_rcu_read_lock") ||
	    !require_kernel(6, 4, "kfuncs in tc programs"))
		return;
	obj = load_only_prog(RUN_OBJ, "tc_rcu");
	if (!obj)
		return;
	for (i = 0; i < 3; i++)
		ASSERT_OK(run_prog_pkt(prog_fd_by_name(obj, "tc_rcu"), 64, &retval),
			  "run tc_rcu");
	ASSERT_EQ(bss_u64(obj, "rcu_sections"), 3, "read-side sections");
	bpf_object__close(obj);
}

/* the corpus: tp_btf programs, loaded one at a time */
static void corpus(void)
{
	static const char *const progs[] = {
		"new_task_acquire",	/* acquire + release */
		"new_task_subprog",	/* the same from a static subprogram */
		"new_task_weak",	/* a weak kfunc no kernel has */
	};
	struct bpf_object *obj;
	unsigned int i;

	if (!have_kfunc("bpf_task_acquire"))
		return;
	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		obj = load_only_prog("test_kfuncs.bpf.o", progs[i]);
		if (obj)
			ASSERT_OK_FD(prog_fd_by_name(obj, progs[i]), progs[i]);
		bpf_object__close(obj);
	}
}

/* a call to a kfunc the kernel lacks, not weak: load fails, naming it */
static void missing_kfunc(void)
{
	struct bpf_object *obj;
	const char *log;
	int err;

	obj = bpf_object__open_file("test_kfunc_missing.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	ASSERT_ERR(err, "load with a missing kfunc");
	ASSERT_HAS_SUBSTR(log, "bpf_objtest_missing_kfunc", "warning names it");
	ASSERT_LT(prog_fd_by_name(obj, "tc_call_missing"), 0, "not loaded");
	bpf_object__close(obj);
}

void test_kfuncs(void)
{
	if (test__start_subtest("task_from_pid"))
		task_from_pid("tc_task_from_pid", "found");
	if (test__start_subtest("task_from_pid_subprog"))
		task_from_pid("tc_task_from_pid_subprog", "found_sub");
	if (test__start_subtest("rcu_read_lock"))
		rcu();
	if (test__start_subtest("corpus_one_at_a_time"))
		corpus();
	if (test__start_subtest("missing_kfunc"))
		missing_kfunc();
}
