// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Links and attach, one subtest per attach kind (progs/test_attach.c):
 * load the one program, attach it, trigger the event from this process
 * (a getpgid syscall, a call of a function of test_progs or of a shared
 * library in another process, a packet on a private loopback, a cgroup
 * this test creates, a read of a task iterator), check the count, destroy
 * the link, trigger again and check that nothing more was counted. Every
 * subtest also checks that no fd outlives its links and object.
 *
 * Kinds the running kernel lacks skip with the reason (the host has no
 * kprobes and refuses trampolines; 5.10 has no kprobe.multi, cookies or
 * tcx): where libbpf fails the attach, the test checks that we do too.
 */
#include <fcntl.h>
#include <limits.h>
#include <time.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/perf_event.h>
#include "test_progs.h"
#include "test_attach.skel.h"

#ifndef ENOTSUPP
#define ENOTSUPP 524	/* the kernel's internal "not supported" */
#endif

#define TRIGGERS 5

/* uprobe target in test_progs itself; a static binary keeps its .symtab */
__attribute__((noinline)) int attach_uprobe_target(int x);
__attribute__((noinline)) int attach_uprobe_target(int x)
{
	asm volatile("" : "+r"(x));
	return x * 3 + 1;
}

__attribute__((noinline)) int attach_uprobe_multi_a(int x);
__attribute__((noinline)) int attach_uprobe_multi_a(int x)
{
	asm volatile("" : "+r"(x));
	return x + 2;
}

__attribute__((noinline)) int attach_uprobe_multi_b(int x);
__attribute__((noinline)) int attach_uprobe_multi_b(int x)
{
	asm volatile("" : "+r"(x));
	return x + 3;
}

static volatile int sink;

/* n calls, alternating between the two uprobe.multi targets */
static void uprobe_multi_n(int n)
{
	int i;

	for (i = 0; i < n; i++)
		sink += i % 2 ? attach_uprobe_multi_b(i) : attach_uprobe_multi_a(i);
}

static void getpgid_n(int n)
{
	int i;

	for (i = 0; i < n; i++)
		syscall(SYS_getpgid, getpid());
}

static void uprobe_target_n(int n)
{
	int i;

	for (i = 0; i < n; i++)
		attach_uprobe_target(i);
}

/* ---- fixture: one program of the object, fd accounting ---------------- */

struct fixture {
	struct test_attach *skel;
	struct bpf_object *obj;
	struct bpf_program *prog;
	int fds;
};

/*
 * Open the skeleton and load only @progs (NULL-terminated). Returns 0, or
 * the load error without failing the subtest, so callers can skip on a
 * kernel that refuses the program type.
 */
static int setup_progs(struct fixture *f, const char *const *progs)
{
	struct bpf_program *p;
	int err, i;
	bool on;

	memset(f, 0, sizeof(*f));
	f->fds = count_open_fds();
	f->skel = test_attach__open();
	if (!ASSERT_OK_PTR(f->skel, "test_attach__open"))
		return -EINVAL;
	f->obj = f->skel->obj;
	bpf_object__for_each_program(p, f->obj) {
		for (on = false, i = 0; progs[i]; i++)
			on |= !strcmp(bpf_program__name(p), progs[i]);
		bpf_program__set_autoload(p, on);
	}
	f->prog = bpf_object__find_program_by_name(f->obj, progs[0]);
	err = test_attach__load(f->skel);
	if (err)
		return err;
	f->skel->bss->my_tgid = getpid();
	return 0;
}

static bool setup(struct fixture *f, const char *prog)
{
	const char *progs[] = { prog, NULL };

	return ASSERT_OK(setup_progs(f, progs), prog);
}

/* the skeleton destroyed: every fd opened since setup must be closed too */
static void teardown(struct fixture *f)
{
	test_attach__destroy(f->skel);
	ASSERT_EQ(count_open_fds(), f->fds, "no fd left behind");
}

/*
 * The common shape: with @link attached, @n triggers count @n; after the
 * link is destroyed, more triggers count nothing.
 */
static void check_counts(struct bpf_link *link, const volatile __u64 *cnt,
			 const char *name, void (*trigger)(int), int n)
{
	__u64 before = *cnt;

	trigger(n);
	ASSERT_EQ(*cnt, before + n, name);
	bpf_link__destroy(link);
	trigger(n);
	ASSERT_EQ(*cnt, before + n, "nothing counted after destroy");
}

/* @cnt: a counter of test_attach.c's .bss, read through the skeleton */
#define COUNTS(f, link, cnt, trigger, n) \
	check_counts(link, &(f)->skel->bss->cnt, #cnt, trigger, n)

static bool have_kprobes(void)
{
	return require(file_exists("/sys/bus/event_source/devices/kprobe/type") ||
		       file_exists("/sys/kernel/tracing/kprobe_events") ||
		       file_exists("/sys/kernel/debug/tracing/kprobe_events"),
		       "kernel has no kprobes (CONFIG_KPROBES)");
}

static const char *tracefs(void)
{
	if (file_exists("/sys/kernel/tracing/trace"))
		return "/sys/kernel/tracing";
	if (file_exists("/sys/kernel/debug/tracing/trace"))
		return "/sys/kernel/debug/tracing";
	return NULL;
}

/* whether a file of tracefs mentions libbpf probes of this process */
static bool tracefs_has_our_probe(const char *file)
{
	char path[256], line[512], tag[64];
	bool found = false;
	FILE *fp;

	if (!tracefs())
		return false;
	snprintf(path, sizeof(path), "%s/%s", tracefs(), file);
	snprintf(tag, sizeof(tag), "libbpf_%d_", getpid());
	fp = fopen(path, "re");
	if (!fp)
		return false;
	while (fgets(line, sizeof(line), fp))
		found |= strstr(line, tag) != NULL;
	fclose(fp);
	return found;
}

/*
 * Load @progs of a trampoline-based type: the host refuses them with
 * EPERM, kernels without trampolines for the arch with ENOTSUPP.
 */
static bool load_or_skip(struct fixture *f, const char *const *progs, const char *what)
{
	int err = setup_progs(f, progs);

	if (err == -EPERM || err == -ENOTSUPP || err == -EOPNOTSUPP) {
		test__skip("kernel refuses %s programs (%d)", what, err);
		return false;
	}
	return ASSERT_OK(err, what);
}

/* ---- tracepoints -------------------------------------------------------- */

static void tracepoint(void)
{
	struct bpf_link *link;
	struct fixture f;

	if (!require(tracefs() != NULL, "no tracefs"))
		return;
	if (!setup(&f, "tp_getpgid"))
		goto out;
	link = bpf_program__attach_tracepoint(f.prog, "syscalls", "sys_enter_getpgid");
	if (ASSERT_OK_PTR(link, "attach_tracepoint")) {
		ASSERT_OK_FD(bpf_link__fd(link), "link fd");
		COUNTS(&f, link, tp_cnt, getpgid_n, TRIGGERS);
	}
	link = bpf_program__attach_tracepoint(f.prog, "syscalls", "sys_enter_no_such_call");
	ASSERT_ERR_PTR(link, "unknown tracepoint");
	ASSERT_EQ(libbpf_get_error(link), -ENOENT, "unknown tracepoint: ENOENT");
	ASSERT_EQ(errno, ENOENT, "errno ENOENT");
out:
	teardown(&f);
}

static void raw_tracepoint(void)
{
	LIBBPF_OPTS(bpf_raw_tracepoint_opts, opts);
	struct bpf_link *link;
	struct fixture f;

	if (!setup(&f, "raw_tp_sys_enter"))
		goto out;
	link = bpf_program__attach_raw_tracepoint(f.prog, "sys_enter");
	if (ASSERT_OK_PTR(link, "attach_raw_tracepoint"))
		COUNTS(&f, link, raw_tp_cnt, getpgid_n, TRIGGERS);
	link = bpf_program__attach_raw_tracepoint_opts(f.prog, "sys_enter", &opts);
	if (ASSERT_OK_PTR(link, "attach_raw_tracepoint_opts"))
		COUNTS(&f, link, raw_tp_cnt, getpgid_n, TRIGGERS);
	ASSERT_ERR_PTR(bpf_program__attach_raw_tracepoint(f.prog, "no_such_tp"),
		       "unknown raw tracepoint");
out:
	teardown(&f);
}

static void tp_btf(void)
{
	const char *progs[] = { "tp_btf_sys_enter", NULL };
	struct bpf_link *link;
	struct fixture f;

	if (!load_or_skip(&f, progs, "tp_btf"))
		goto out;
	link = bpf_program__attach_trace(f.prog);
	if (ASSERT_OK_PTR(link, "attach_trace"))
		COUNTS(&f, link, tp_btf_cnt, getpgid_n, TRIGGERS);
out:
	teardown(&f);
}

/* ---- kprobes ------------------------------------------------------------ */

#define SYSCALL_FN "__x64_sys_getpgid"

static void kprobe_mode(enum probe_attach_mode mode, const char *name)
{
	LIBBPF_OPTS(bpf_kprobe_opts, opts, .attach_mode = mode);
	const char *progs[] = { "kprobe_getpgid", "kretprobe_getpgid", NULL };
	bool legacy = mode == PROBE_ATTACH_MODE_LEGACY;
	struct bpf_link *link;
	struct fixture f;

	if (!test__start_subtest(name) || !have_kprobes())
		return;
	if (legacy && !require(tracefs() != NULL, "no tracefs for legacy kprobes"))
		return;
	if (!ASSERT_OK(setup_progs(&f, progs), "load kprobes"))
		goto out;
	link = bpf_program__attach_kprobe_opts(f.prog, SYSCALL_FN, &opts);
	if (ASSERT_OK_PTR(link, "kprobe")) {
		ASSERT_EQ(tracefs_has_our_probe("kprobe_events"), legacy,
			  "tracefs probe only in legacy mode");
		COUNTS(&f, link, kprobe_cnt, getpgid_n, TRIGGERS);
		ASSERT_FALSE(tracefs_has_our_probe("kprobe_events"),
			     "legacy probe removed on destroy");
	}
	opts.retprobe = true;
	link = bpf_program__attach_kprobe_opts(f.skel->progs.kretprobe_getpgid,
					       SYSCALL_FN, &opts);
	if (ASSERT_OK_PTR(link, "kretprobe"))
		COUNTS(&f, link, kretprobe_cnt, getpgid_n, TRIGGERS);
	ASSERT_FALSE(tracefs_has_our_probe("kprobe_events"), "no probe left");

	link = bpf_program__attach_kprobe(f.prog, false, "no_such_function_xyz");
	ASSERT_ERR_PTR(link, "kprobe on a missing function");
	ASSERT_FALSE(tracefs_has_our_probe("kprobe_events"),
		     "no probe left by a failed attach");
out:
	teardown(&f);
}

static void ksyscall(void)
{
	struct bpf_link *link;
	struct fixture f;

	if (!have_kprobes())
		return;
	if (!setup(&f, "ksyscall_getpgid"))
		goto out;
	/* by section name: ksyscall/getpgid */
	link = bpf_program__attach(f.prog);
	if (ASSERT_OK_PTR(link, "auto-attach ksyscall")) {
		COUNTS(&f, link, ksyscall_cnt, getpgid_n, TRIGGERS);
		ASSERT_EQ(f.skel->bss->ksyscall_arg, (__u64)getpid(),
			  "syscall argument read through the wrapper's pt_regs");
	}
out:
	teardown(&f);
}

static void kprobe_multi(void)
{
	LIBBPF_OPTS(bpf_kprobe_multi_opts, opts);
	const char *sym = SYSCALL_FN;
	struct bpf_link *link;
	char cfg[16];
	struct fixture f;

	if (!have_kprobes())
		return;
	if (!setup(&f, "kprobe_multi_getpg"))
		goto out;
	if (!kernel_at_least(5, 18) || kernel_config_value("FPROBE", cfg, sizeof(cfg)) == -ENOENT) {
		/* libbpf fails here too: the link type is missing */
		ASSERT_ERR_PTR(bpf_program__attach_kprobe_multi_opts(f.prog, SYSCALL_FN, NULL),
			       "no kprobe.multi");
		test__skip("kprobe.multi needs 5.18 and CONFIG_FPROBE");
		goto out;
	}
	/* a pattern */
	link = bpf_program__attach_kprobe_multi_opts(f.prog, "__x64_sys_getpgi?", NULL);
	if (ASSERT_OK_PTR(link, "kprobe.multi pattern"))
		COUNTS(&f, link, kprobe_multi_cnt, getpgid_n, TRIGGERS);
	opts.unique_match = true;
	ASSERT_ERR_PTR(bpf_program__attach_kprobe_multi_opts(f.prog, "__x64_sys_get*", &opts),
		       "unique_match of a pattern that matches many");
	opts.unique_match = false;
	opts.syms = &sym;
	opts.cnt = 1;
	link = bpf_program__attach_kprobe_multi_opts(f.prog, NULL, &opts);
	if (ASSERT_OK_PTR(link, "kprobe.multi syms"))
		COUNTS(&f, link, kprobe_multi_cnt, getpgid_n, TRIGGERS);
	ASSERT_ERR_PTR(bpf_program__attach_kprobe_multi_opts(f.prog, "x*", &opts),
		       "pattern and syms together");
	ASSERT_EQ(errno, EINVAL, "EINVAL");
	ASSERT_ERR_PTR(bpf_program__attach_kprobe_multi_opts(f.prog, "no_such_fn_xyz*", NULL),
		       "pattern matching nothing");
out:
	teardown(&f);
}

/* ---- fentry/fexit ------------------------------------------------------- */

static void fentry_fexit(void)
{
	const char *progs[] = { "fentry_getpgid", "fexit_getpgid", NULL };
	struct bpf_link *link;
	struct fixture f;

	if (!load_or_skip(&f, progs, "fentry/fexit"))
		goto out;
	link = bpf_program__attach_trace(f.prog);
	if (ASSERT_OK_PTR(link, "fentry"))
		COUNTS(&f, link, fentry_cnt, getpgid_n, TRIGGERS);
	/* by section name */
	link = bpf_program__attach(f.skel->progs.fexit_getpgid);
	if (ASSERT_OK_PTR(link, "fexit"))
		COUNTS(&f, link, fexit_cnt, getpgid_n, TRIGGERS);
out:
	teardown(&f);
}

/* whether the BPF LSM is active: "bpf" in securityfs' lsm list */
static bool bpf_lsm_active(void)
{
	char buf[512] = {};
	bool mounted = false;
	FILE *fp;

	if (!file_exists("/sys/kernel/security/lsm"))
		mounted = !mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	fp = fopen("/sys/kernel/security/lsm", "re");
	if (fp) {
		if (!fgets(buf, sizeof(buf), fp))
			buf[0] = '\0';
		fclose(fp);
	}
	if (mounted)
		umount("/sys/kernel/security");
	return strstr(buf, "bpf") != NULL;
}

static void lsm(void)
{
	const char *progs[] = { "lsm_getpgid", NULL };
	struct bpf_link *link;
	struct fixture f;

	if (!require(bpf_lsm_active(), "BPF LSM not active (CONFIG_BPF_LSM, \"bpf\" in lsm=)"))
		return;
	if (!load_or_skip(&f, progs, "lsm"))
		goto out;
	link = bpf_program__attach_lsm(f.prog);
	if (ASSERT_OK_PTR(link, "attach_lsm")) {
		ASSERT_EQ(getpgid(0), getpgrp(), "getpgid still allowed");
		COUNTS(&f, link, lsm_cnt, getpgid_n, TRIGGERS);
	}
out:
	teardown(&f);
}

/* ---- uprobes ------------------------------------------------------------ */

static void uprobe(void)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = "attach_uprobe_target");
	struct bpf_link *link;
	struct fixture f;
	const char *log;

	const char *progs[] = { "uprobe_target", "uretprobe_target", NULL };

	if (!ASSERT_OK(setup_progs(&f, progs), "load uprobes"))
		goto out;
	/* this process only, the function found in test_progs' .symtab */
	link = bpf_program__attach_uprobe_opts(f.prog, getpid(), "/proc/self/exe", 0, &opts);
	if (ASSERT_OK_PTR(link, "uprobe by name"))
		COUNTS(&f, link, uprobe_cnt, uprobe_target_n, TRIGGERS);
	opts.retprobe = true;
	link = bpf_program__attach_uprobe_opts(f.skel->progs.uretprobe_target, -1,
					       "/proc/self/exe", 0, &opts);
	if (ASSERT_OK_PTR(link, "uretprobe by name")) {
		attach_uprobe_target(4);
		ASSERT_EQ(f.skel->bss->uretprobe_ret, 13, "return value seen");
		COUNTS(&f, link, uretprobe_cnt, uprobe_target_n, TRIGGERS);
	}

	opts.retprobe = false;
	opts.func_name = "no_such_function_xyz";
	test__libbpf_log_start();
	link = bpf_program__attach_uprobe_opts(f.prog, -1, "/proc/self/exe", 0, &opts);
	log = test__libbpf_log_stop();
	ASSERT_ERR_PTR(link, "uprobe on a missing symbol");
	ASSERT_HAS_SUBSTR(log, "no_such_function_xyz", "log names the symbol");
	ASSERT_HAS_SUBSTR(log, "/proc/self/exe", "log names the file");
	opts.func_name = "attach_uprobe_target";
	ASSERT_ERR_PTR(bpf_program__attach_uprobe_opts(f.prog, -1, "/no/such/binary", 0, &opts),
		       "uprobe on a missing file");
	ASSERT_ERR_PTR(bpf_program__attach_uprobe_opts(f.prog, -1, NULL, 0, &opts),
		       "uprobe without a path");
	ASSERT_EQ(errno, EINVAL, "EINVAL");
out:
	teardown(&f);
}

static void uprobe_auto(void)
{
	struct bpf_link *link;
	struct fixture f;

	if (!setup(&f, "uprobe_auto"))
		goto out;
	link = bpf_program__attach(f.prog);
	if (ASSERT_OK_PTR(link, "uprobe//proc/self/exe:attach_uprobe_target"))
		COUNTS(&f, link, uprobe_auto_cnt, uprobe_target_n, TRIGGERS);
out:
	teardown(&f);
}

static void uprobe_multi(void)
{
	LIBBPF_OPTS(bpf_uprobe_multi_opts, opts);
	const char *syms[] = { "attach_uprobe_multi_a", "attach_uprobe_multi_b" };
	const char *progs[] = { "uprobe_multi", "uprobe_multi_auto", NULL };
	struct bpf_link *link;
	struct fixture f;

	if (!ASSERT_OK(setup_progs(&f, progs), "load uprobe.multi programs"))
		goto out;
	link = bpf_program__attach_uprobe_multi(f.prog, -1, "/proc/self/exe",
						"attach_uprobe_multi_[ab]", NULL);
	if (!kernel_at_least(6, 6)) {
		ASSERT_ERR_PTR(link, "no uprobe.multi before 6.6");
		test__skip("uprobe.multi needs 6.6");
		goto out;
	}
	/* a glob over test_progs' symbols: two functions, each called n times */
	if (ASSERT_OK_PTR(link, "uprobe.multi pattern"))
		COUNTS(&f, link, uprobe_multi_cnt, uprobe_multi_n, 2 * TRIGGERS);
	opts.syms = syms;
	opts.cnt = 2;
	link = bpf_program__attach_uprobe_multi(f.prog, getpid(), "/proc/self/exe", NULL, &opts);
	if (ASSERT_OK_PTR(link, "uprobe.multi syms, this process"))
		COUNTS(&f, link, uprobe_multi_cnt, uprobe_multi_n, 2 * TRIGGERS);
	link = bpf_program__attach(f.skel->progs.uprobe_multi_auto);
	if (ASSERT_OK_PTR(link, "auto-attach uprobe.multi"))
		COUNTS(&f, link, uprobe_multi_auto_cnt, uprobe_multi_n, 2 * TRIGGERS);

	ASSERT_ERR_PTR(bpf_program__attach_uprobe_multi(f.prog, -1, "/proc/self/exe",
							"x*", &opts), "pattern and syms");
	ASSERT_ERR_PTR(bpf_program__attach_uprobe_multi(f.prog, -1, "/proc/self/exe",
							"no_such_fn_xyz*", NULL), "pattern matching nothing");
	syms[1] = "no_such_fn_xyz";
	ASSERT_ERR_PTR(bpf_program__attach_uprobe_multi(f.prog, -1, "/proc/self/exe", NULL, &opts),
		       "a missing symbol");
out:
	teardown(&f);
}

/* run ./uprobe_lib_trigger, which calls uprobe_lib_func() n times */
static void run_lib_trigger(int n)
{
	char arg[16];
	int status = -1;
	pid_t pid;

	snprintf(arg, sizeof(arg), "%d", n);
	pid = fork();
	if (pid == 0) {
		execl("./uprobe_lib_trigger", "uprobe_lib_trigger", arg, (char *)NULL);
		_exit(127);
	}
	if (ASSERT_GT(pid, 0, "fork"))
		waitpid(pid, &status, 0);
	ASSERT_EQ(status, 0, "uprobe_lib_trigger exit status");
}

static void uprobe_lib(void)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = "uprobe_lib_func");
	char cwd[PATH_MAX], *old = NULL;
	struct bpf_link *link;
	struct fixture f;

	if (!setup(&f, "uprobe_lib"))
		goto out;
	/* the library found by name, as the dynamic loader would */
	if (!ASSERT_OK_PTR(getcwd(cwd, sizeof(cwd)), "getcwd"))
		goto out;
	if (getenv("LD_LIBRARY_PATH"))
		old = strdup(getenv("LD_LIBRARY_PATH"));
	setenv("LD_LIBRARY_PATH", cwd, 1);
	link = bpf_program__attach_uprobe_opts(f.prog, -1, "libuprobe_lib.so", 0, &opts);
	if (old)
		setenv("LD_LIBRARY_PATH", old, 1);
	else
		unsetenv("LD_LIBRARY_PATH");
	free(old);
	if (ASSERT_OK_PTR(link, "uprobe in libuprobe_lib.so"))
		COUNTS(&f, link, uprobe_lib_cnt, run_lib_trigger, TRIGGERS);
out:
	teardown(&f);
}

/* ---- BPF cookies -------------------------------------------------------- */

static void cookies(void)
{
	const char *progs[] = { "tp_cookie_prog", "uprobe_cookie_prog", "kprobe_cookie_prog", NULL };
	LIBBPF_OPTS(bpf_tracepoint_opts, tp_opts, .bpf_cookie = 0x1234);
	LIBBPF_OPTS(bpf_uprobe_opts, up_opts, .bpf_cookie = 0x5678,
		    .func_name = "attach_uprobe_target");
	LIBBPF_OPTS(bpf_kprobe_opts, kp_opts, .bpf_cookie = 0x9abc);
	struct bpf_link *link;
	struct fixture f;

	if (!require_kernel(5, 15, "BPF cookies"))
		return;
	if (!ASSERT_OK(setup_progs(&f, progs), "load cookie programs"))
		goto out;
	if (tracefs()) {
		link = bpf_program__attach_tracepoint_opts(f.prog, "syscalls",
							   "sys_enter_getpgid", &tp_opts);
		if (ASSERT_OK_PTR(link, "tracepoint with cookie")) {
			getpgid_n(1);
			ASSERT_EQ(f.skel->bss->tp_cookie, 0x1234, "tracepoint cookie");
			bpf_link__destroy(link);
		}
	}
	if (test__under_valgrind()) {
		printf("uprobe cookie not checked: uprobes on test_progs do not fire under valgrind\n");
	} else {
		link = bpf_program__attach_uprobe_opts(f.skel->progs.uprobe_cookie_prog, -1,
						       "/proc/self/exe", 0, &up_opts);
		if (ASSERT_OK_PTR(link, "uprobe with cookie")) {
			uprobe_target_n(1);
			ASSERT_EQ(f.skel->bss->uprobe_cookie, 0x5678, "uprobe cookie");
			bpf_link__destroy(link);
		}
	}
	if (file_exists("/sys/bus/event_source/devices/kprobe/type")) {
		link = bpf_program__attach_kprobe_opts(f.skel->progs.kprobe_cookie_prog,
						       SYSCALL_FN, &kp_opts);
		if (ASSERT_OK_PTR(link, "kprobe with cookie")) {
			getpgid_n(1);
			ASSERT_EQ(f.skel->bss->kprobe_cookie, 0x9abc, "kprobe cookie");
			bpf_link__destroy(link);
		}
	}
out:
	teardown(&f);
}

/* ---- perf events -------------------------------------------------------- */

static void spin_ms(int ms)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

/*
 * @disabled: the event is opened disabled, and the attach enables it (as
 * libbpf does, with a perf link as with the ioctl)
 */
static void perf_event(bool force_ioctl, bool disabled)
{
	LIBBPF_OPTS(bpf_perf_event_opts, opts, .force_ioctl_attach = force_ioctl);
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_TASK_CLOCK,
		.sample_period = 1000000,	/* every ms of this task's CPU time */
		.disabled = disabled,
	};
	struct bpf_link *link;
	struct fixture f;
	__u64 n;
	int pfd;

	if (!test__start_subtest(disabled ? "perf_event_disabled" :
				 force_ioctl ? "perf_event_ioctl" : "perf_event"))
		return;
	if (!setup(&f, "perf_sample"))
		goto out;
	pfd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (!ASSERT_OK_FD(pfd, "perf_event_open"))
		goto out;
	/* the link owns pfd from here on */
	link = bpf_program__attach_perf_event_opts(f.prog, pfd, &opts);
	if (!ASSERT_OK_PTR(link, "attach_perf_event")) {
		close(pfd);
		goto out;
	}
	spin_ms(50);
	ASSERT_GT(f.skel->bss->perf_cnt, 0, "samples counted");
	bpf_link__destroy(link);
	n = f.skel->bss->perf_cnt;
	spin_ms(20);
	ASSERT_EQ(f.skel->bss->perf_cnt, n, "no samples after destroy");
out:
	teardown(&f);
}

/* ---- iterators ---------------------------------------------------------- */

static void iter(void)
{
	char buf[4096], want[32];
	struct bpf_link *link;
	struct fixture f;
	bool found = false;
	FILE *fp;
	int fd;

	if (!require_kernel(5, 8, "task iterators"))
		return;
	if (!setup(&f, "iter_tasks"))
		goto out;
	link = bpf_program__attach_iter(f.prog, NULL);
	if (!ASSERT_OK_PTR(link, "attach_iter"))
		goto out;
	fd = bpf_iter_create(bpf_link__fd(link));
	if (ASSERT_OK_FD(fd, "bpf_iter_create")) {
		fp = fdopen(fd, "r");
		snprintf(want, sizeof(want), "%d %d\n", getpid(), getpid());
		while (fp && fgets(buf, sizeof(buf), fp))
			found |= !strcmp(buf, want);
		if (fp)
			fclose(fp);
		ASSERT_TRUE(found, "this process listed by the task iterator");
	}
	bpf_link__destroy(link);
out:
	teardown(&f);
}

/* ---- cgroup ------------------------------------------------------------- */

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

/*
 * n datagrams to a socket of this process on 127.0.0.1: one packet each
 * on loopback (a closed port would add an ICMP error per datagram)
 */
static int udp_send_n(int n)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int rx, tx = -1, i, sent = -errno;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (rx < 0 || bind(rx, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(rx, (struct sockaddr *)&sa, &len))
		goto out;
	tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (tx < 0)
		goto out;
	for (sent = 0, i = 0; i < n; i++)
		sent += sendto(tx, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)) == 1;
out:
	if (tx >= 0)
		close(tx);
	if (rx >= 0)
		close(rx);
	return sent;
}

static void udp_n(int n)
{
	ASSERT_EQ(udp_send_n(n), n, "UDP datagrams sent");
}

/*
 * The cgroup2 hierarchy: where it is mounted (/sys/fs/cgroup, or
 * /sys/fs/cgroup/unified next to v1 controllers), else a private mount
 * on a temporary directory (*mounted set).
 */
static int cgroup2_root(char *buf, size_t size, bool *mounted)
{
	char dev[64], dir[256], type[32];
	FILE *fp;

	*mounted = false;
	fp = fopen("/proc/self/mounts", "re");
	while (fp && fscanf(fp, "%63s %255s %31s %*[^\n]", dev, dir, type) == 3)
		if (!strcmp(type, "cgroup2")) {
			snprintf(buf, size, "%s", dir);
			fclose(fp);
			return 0;
		}
	if (fp)
		fclose(fp);
	snprintf(buf, size, "/tmp/test_attach_cg2_XXXXXX");
	if (!mkdtemp(buf))
		return -errno;
	if (mount("cgroup2", buf, "cgroup2", 0, NULL)) {
		rmdir(buf);
		return -errno;
	}
	*mounted = true;
	return 0;
}

/* a fresh cgroup under the cgroup2 root with this process in it */
struct cg_env {
	char root[256], dir[300], procs[320], orig[600], pid[16];
	bool mounted, entered;
	int fd;
};

static bool cg_enter(struct cg_env *e)
{
	char line[256];
	FILE *fp;

	memset(e, 0, sizeof(*e));
	e->fd = -1;
	if (!require(cgroup2_root(e->root, sizeof(e->root), &e->mounted) == 0, "no cgroup2"))
		return false;
	/* where this process is now, to return to it */
	snprintf(e->orig, sizeof(e->orig), "%s/cgroup.procs", e->root);
	fp = fopen("/proc/self/cgroup", "re");
	while (fp && fgets(line, sizeof(line), fp))
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(e->orig, sizeof(e->orig), "%s%s/cgroup.procs", e->root, line + 3);
		}
	if (fp)
		fclose(fp);

	snprintf(e->dir, sizeof(e->dir), "%s/test_attach_%d", e->root, getpid());
	snprintf(e->procs, sizeof(e->procs), "%s/cgroup.procs", e->dir);
	snprintf(e->pid, sizeof(e->pid), "%d", getpid());
	if (!ASSERT_OK(mkdir(e->dir, 0755), "mkdir cgroup"))
		return false;
	if (!ASSERT_OK(write_str(e->procs, e->pid), "enter cgroup"))
		return false;
	e->entered = true;
	e->fd = open(e->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return ASSERT_OK_FD(e->fd, "open cgroup");
}

static void cg_leave(struct cg_env *e)
{
	if (e->fd >= 0)
		close(e->fd);
	if (e->entered)
		ASSERT_OK(write_str(e->orig, e->pid), "leave cgroup");
	if (e->dir[0] && access(e->dir, F_OK) == 0)
		ASSERT_OK(rmdir(e->dir), "rmdir cgroup");
	if (e->mounted) {
		umount(e->root);
		rmdir(e->root);
	}
}

static void cgroup(void)
{
	struct bpf_link *link;
	struct cg_env cg;
	struct fixture f;

	if (!setup(&f, "cgroup_egress"))
		goto out;
	if (!cg_enter(&cg))
		goto leave;
	link = bpf_program__attach_cgroup(f.prog, cg.fd);
	if (ASSERT_OK_PTR(link, "attach_cgroup")) {
		__u64 n = f.skel->bss->cgroup_cnt;

		/* on loopback a datagram leaves this cgroup's socket once */
		udp_n(TRIGGERS);
		ASSERT_EQ(f.skel->bss->cgroup_cnt, n + TRIGGERS, "egress packets");
		/* a detached link stops running but keeps its fd */
		if (ASSERT_OK(bpf_link__detach(link), "bpf_link__detach")) {
			udp_n(TRIGGERS);
			ASSERT_EQ(f.skel->bss->cgroup_cnt, n + TRIGGERS, "nothing after detach");
			ASSERT_OK_FD(bpf_link__fd(link), "fd kept after detach");
		}
		bpf_link__destroy(link);
	}
leave:
	cg_leave(&cg);
out:
	teardown(&f);
}

#define LIBBPF_F_BEFORE	(1U << 3)	/* BPF_F_BEFORE */
#define LIBBPF_F_AFTER	(1U << 4)	/* BPF_F_AFTER */
#define LIBBPF_F_ID	(1U << 5)	/* BPF_F_ID */
#define LIBBPF_F_LINK	(1U << 13)	/* BPF_F_LINK */

/* one datagram; the order the two egress programs ran in, as digits */
static __u64 cgroup_run_order(struct fixture *f)
{
	f->skel->bss->cgroup_order = 0;
	udp_n(1);
	return f->skel->bss->cgroup_order;
}

/*
 * bpf_program__attach_cgroup_opts: without placement it attaches like
 * bpf_program__attach_cgroup on every kernel; BPF_F_BEFORE / BPF_F_AFTER
 * relative to a link by fd or id, and expected_revision, need 6.16
 * (older kernels refuse them or, like 6.12, ignore them, as with libbpf).
 */
static void cgroup_opts(void)
{
	const char *progs[] = { "cgroup_first", "cgroup_second", NULL };
	LIBBPF_OPTS(bpf_prog_query_opts, qopts);
	LIBBPF_OPTS(bpf_cgroup_opts, copts);
	struct bpf_link *first = NULL, *second;
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);
	struct bpf_program *p2;
	struct cg_env cg;
	struct fixture f;

	if (!ASSERT_OK(setup_progs(&f, progs), "cgroup_first"))
		goto out;
	p2 = f.skel->progs.cgroup_second;
	if (!cg_enter(&cg))
		goto leave;
	first = bpf_program__attach_cgroup_opts(f.prog, cg.fd, NULL);
	if (!ASSERT_OK_PTR(first, "attach_cgroup_opts without opts"))
		goto leave;
	ASSERT_EQ(cgroup_run_order(&f), 1, "the first program runs");

	/* a program attached through a link is named by its link */
	copts.flags = LIBBPF_F_BEFORE | LIBBPF_F_LINK;
	copts.relative_fd = bpf_link__fd(first);
	second = bpf_program__attach_cgroup_opts(p2, cg.fd, &copts);
	if (!kernel_at_least(6, 16)) {
		/* 6.1 refuses the flags, 6.12 ignores them: nothing to check */
		bpf_link__destroy(second);
		test__skip("cgroup link placement needs 6.16");
		goto leave;
	}
	if (!ASSERT_OK_PTR(second, "BPF_F_BEFORE the first by fd"))
		goto leave;
	ASSERT_EQ(cgroup_run_order(&f), 21, "second runs before the first's link");
	bpf_link__destroy(second);
	ASSERT_EQ(cgroup_run_order(&f), 1, "destroy removes only the second");

	/* after the first link by id, with the revision the cgroup has now */
	if (!ASSERT_OK(bpf_link_get_info_by_fd(bpf_link__fd(first), &info, &len),
		       "first link's id") ||
	    !ASSERT_OK(bpf_prog_query_opts(cg.fd, BPF_CGROUP_INET_EGRESS, &qopts),
		       "bpf_prog_query_opts"))
		goto leave;
	copts.flags = LIBBPF_F_AFTER | LIBBPF_F_LINK | LIBBPF_F_ID;
	copts.relative_fd = 0;
	copts.relative_id = info.id;
	copts.expected_revision = qopts.revision + 1;
	second = bpf_program__attach_cgroup_opts(p2, cg.fd, &copts);
	ASSERT_ERR_PTR(second, "a stale expected_revision is refused");
	bpf_link__destroy(second);
	copts.expected_revision = qopts.revision;
	second = bpf_program__attach_cgroup_opts(p2, cg.fd, &copts);
	if (ASSERT_OK_PTR(second, "BPF_F_AFTER the first link by id"))
		ASSERT_EQ(cgroup_run_order(&f), 12, "second runs after first");
	bpf_link__destroy(second);

	copts.relative_fd = 1;
	ASSERT_ERR_PTR(bpf_program__attach_cgroup_opts(p2, cg.fd, &copts),
		       "relative_fd and relative_id together");
leave:
	bpf_link__destroy(first);
	cg_leave(&cg);
out:
	teardown(&f);
}

/* ---- XDP and tcx on the loopback of a private network namespace -------- */

static void xdp_link(void)
{
	struct bpf_link *link;
	struct fixture f;
	int ns;

	if (!require_kernel(5, 9, "XDP links"))
		return;
	if (!setup(&f, "xdp_count"))
		goto out;
	ns = enter_private_netns();
	if (!ASSERT_OK_FD(ns, "private netns"))
		goto out;
	link = bpf_program__attach_xdp(f.prog, if_nametoindex("lo"));
	if (ASSERT_OK_PTR(link, "attach_xdp"))
		COUNTS(&f, link, xdp_cnt, udp_n, TRIGGERS);
	leave_netns(ns);
out:
	teardown(&f);
}

static void tcx(void)
{
	struct bpf_link *link;
	struct fixture f;
	int ns;

	if (!setup(&f, "tcx_count"))
		goto out;
	ns = enter_private_netns();
	if (!ASSERT_OK_FD(ns, "private netns"))
		goto out;
	link = bpf_program__attach_tcx(f.prog, if_nametoindex("lo"), NULL);
	if (!kernel_at_least(6, 6)) {
		ASSERT_ERR_PTR(link, "no tcx before 6.6");
		test__skip("tcx needs 6.6");
	} else if (ASSERT_OK_PTR(link, "attach_tcx")) {
		COUNTS(&f, link, tcx_cnt, udp_n, TRIGGERS);
	}
	ASSERT_ERR_PTR(bpf_program__attach_tcx(f.prog, 0, NULL), "tcx without ifindex");
	leave_netns(ns);
out:
	teardown(&f);
}

/* ---- netkit: a device pair in a private network namespace ------------- */

#define NK_IFLA_NETKIT_PEER_INFO	1	/* IFLA_NETKIT_PEER_INFO (6.7) */

static void nl_attr(struct nlmsghdr *nh, unsigned short type, const void *data, int len)
{
	struct rtattr *rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

static struct rtattr *nl_nest(struct nlmsghdr *nh, unsigned short type)
{
	struct rtattr *rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));

	nl_attr(nh, type, NULL, 0);
	return rta;
}

static void nl_nest_end(struct nlmsghdr *nh, struct rtattr *nest)
{
	nest->rta_len = (char *)nh + nh->nlmsg_len - (char *)nest;
}

/* RTM_NEWLINK of a netkit pair @primary/@peer in L3 mode; 0 or -errno */
static int netkit_create(const char *primary, const char *peer)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[256];
	} req = {};
	struct ifinfomsg peer_ifi = {};
	struct rtattr *linkinfo, *data, *peer_info;
	char reply[512];
	int fd, err;

	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.nh.nlmsg_type = RTM_NEWLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	nl_attr(&req.nh, IFLA_IFNAME, primary, strlen(primary) + 1);
	linkinfo = nl_nest(&req.nh, IFLA_LINKINFO);
	nl_attr(&req.nh, IFLA_INFO_KIND, "netkit", sizeof("netkit"));
	data = nl_nest(&req.nh, IFLA_INFO_DATA);
	peer_info = nl_nest(&req.nh, NK_IFLA_NETKIT_PEER_INFO);
	/* the peer's attributes follow its own ifinfomsg */
	memcpy((char *)&req + req.nh.nlmsg_len, &peer_ifi, sizeof(peer_ifi));
	req.nh.nlmsg_len += NLMSG_ALIGN(sizeof(peer_ifi));
	nl_attr(&req.nh, IFLA_IFNAME, peer, strlen(peer) + 1);
	nl_nest_end(&req.nh, peer_info);
	nl_nest_end(&req.nh, data);
	nl_nest_end(&req.nh, linkinfo);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	err = send(fd, &req, req.nh.nlmsg_len, 0) < 0 ? -errno : 0;
	if (!err) {
		ssize_t n = recv(fd, reply, sizeof(reply), 0);
		struct nlmsghdr *nh = (struct nlmsghdr *)reply;

		if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
			err = n < 0 ? -errno : -EIO;
		else if (nh->nlmsg_type == NLMSG_ERROR)
			err = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
	}
	close(fd);
	return err;
}

/* @dev up with address @addr/24, so that 10.x.y.0/24 routes out of it */
static int if_up_addr(const char *dev, const char *addr)
{
	struct ifreq ifr = {};
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, addr, &sin->sin_addr);
	if (ioctl(fd, SIOCSIFADDR, &ifr))
		err = -errno;
	inet_pton(AF_INET, "255.255.255.0", &sin->sin_addr);
	if (!err && ioctl(fd, SIOCSIFNETMASK, &ifr))
		err = -errno;
	if (!err && ioctl(fd, SIOCGIFFLAGS, &ifr))
		err = -errno;
	ifr.ifr_flags |= IFF_UP;
	if (!err && ioctl(fd, SIOCSIFFLAGS, &ifr))
		err = -errno;
	close(fd);
	return err;
}

/*
 * Wait for @dev to be operationally up (IFF_RUNNING): the kernel's
 * link watch sets that up to a second after IFF_UP, and until then what
 * the stack transmits on a netkit device never reaches its programs.
 */
static int if_wait_running(const char *dev)
{
	struct ifreq ifr = {};
	int fd, i, err = -ETIMEDOUT;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	for (i = 0; i < 300; i++) {
		if (ioctl(fd, SIOCGIFFLAGS, &ifr)) {
			err = -errno;
			break;
		}
		if (ifr.ifr_flags & IFF_RUNNING) {
			err = 0;
			break;
		}
		usleep(10000);
	}
	close(fd);
	return err;
}

static const char *nk_dst;

/* n datagrams to nk_dst, a non-local address routed out of one device */
static void nk_send_n(int n)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(9) };
	int fd, i, sent = 0;

	inet_pton(AF_INET, nk_dst, &sa.sin_addr);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	for (i = 0; fd >= 0 && i < n; i++)
		sent += sendto(fd, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)) == 1;
	if (fd >= 0)
		close(fd);
	ASSERT_EQ(sent, n, "datagrams sent");
}

/*
 * The first datagrams after IFF_RUNNING can still be dropped before the
 * device's programs run (seen once in the 6.12 VM: the link watch sets
 * the operational state before it activates the device's queue): send
 * until one is counted (up to a second), so that the counts that follow
 * are exact.
 */
static int nk_wait_counted(const volatile __u64 *cnt)
{
	__u64 before = *cnt;
	int i;

	for (i = 0; i < 100; i++) {
		nk_send_n(1);
		if (*cnt != before)
			return 0;
		usleep(10000);
	}
	return -ETIMEDOUT;
}

/*
 * netkit (6.7, CONFIG_NETKIT): a primary program runs for what the
 * primary device transmits, a peer program (attached through the
 * primary's ifindex) for what the peer transmits.
 */
static void netkit(void)
{
	const char *progs[] = { "netkit_primary_count", "netkit_peer_count", NULL };
	struct bpf_link *link;
	struct fixture f;
	int ns, err, ifindex;

	if (!require_kernel(6, 7, "netkit devices"))
		return;
	if (!ASSERT_OK(setup_progs(&f, progs), "netkit programs"))
		goto out;
	ns = enter_private_netns();
	if (!ASSERT_OK_FD(ns, "private netns"))
		goto out;
	err = netkit_create("nk0", "nk1");
	if (err == -EOPNOTSUPP || err == -ENOENT) {
		test__skip("kernel has no netkit devices (CONFIG_NETKIT)");
		goto leave;
	}
	if (!ASSERT_OK(err, "create netkit pair") ||
	    !ASSERT_OK(if_up_addr("nk0", "10.201.1.1"), "nk0 up") ||
	    !ASSERT_OK(if_up_addr("nk1", "10.201.2.1"), "nk1 up") ||
	    !ASSERT_OK(if_wait_running("nk0"), "nk0 running") ||
	    !ASSERT_OK(if_wait_running("nk1"), "nk1 running"))
		goto leave;
	ifindex = if_nametoindex("nk0");

	link = bpf_program__attach_netkit(f.prog, ifindex, NULL);
	if (ASSERT_OK_PTR(link, "attach_netkit primary")) {
		nk_dst = "10.201.1.2";
		ASSERT_OK(nk_wait_counted(&f.skel->bss->netkit_primary_cnt), "nk0 transmits");
		COUNTS(&f, link, netkit_primary_cnt, nk_send_n, TRIGGERS);
	}
	link = bpf_program__attach_netkit(f.skel->progs.netkit_peer_count, ifindex, NULL);
	if (ASSERT_OK_PTR(link, "attach_netkit peer")) {
		nk_dst = "10.201.2.2";
		ASSERT_OK(nk_wait_counted(&f.skel->bss->netkit_peer_cnt), "nk1 transmits");
		COUNTS(&f, link, netkit_peer_cnt, nk_send_n, TRIGGERS);
	}
	ASSERT_ERR_PTR(bpf_program__attach_netkit(f.prog, if_nametoindex("lo"), NULL),
		       "netkit program on a device that is not netkit");
leave:
	leave_netns(ns);
out:
	teardown(&f);
}

static void netns(void)
{
	struct bpf_link *link;
	struct fixture f;
	int ns, nsfd;

	if (!require_kernel(5, 9, "sk_lookup netns links"))
		return;
	if (!setup(&f, "sk_lookup_count"))
		goto out;
	ns = enter_private_netns();
	if (!ASSERT_OK_FD(ns, "private netns"))
		goto out;
	nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (ASSERT_OK_FD(nsfd, "netns fd")) {
		link = bpf_program__attach_netns(f.prog, nsfd);
		if (ASSERT_OK_PTR(link, "attach_netns"))
			COUNTS(&f, link, sk_lookup_cnt, udp_n, TRIGGERS);
		close(nsfd);
	}
	leave_netns(ns);
out:
	teardown(&f);
}

/* send a few bytes from @tx and read them on @rx; 0 or -1 */
static int tcp_roundtrip(int tx, int rx)
{
	char buf[64] = "sockmap";

	if (send(tx, buf, sizeof(buf), 0) != sizeof(buf))
		return -1;
	return recv(rx, buf, sizeof(buf), MSG_WAITALL) == sizeof(buf) ? 0 : -1;
}

static void sockmap(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int srv = -1, cli = -1, acc = -1, map_fd;
	socklen_t len = sizeof(sa);
	struct bpf_link *link;
	struct fixture f;
	__u32 key = 0;
	__u64 val, n;

	if (!setup(&f, "sk_verdict"))
		goto out;
	map_fd = bpf_map__fd(f.skel->maps.sock_map);
	link = bpf_program__attach_sockmap(f.prog, map_fd);
	if (!kernel_at_least(6, 10)) {
		ASSERT_ERR_PTR(link, "no sockmap links before 6.10");
		test__skip("sockmap links need 6.10");
		goto out;
	}
	if (!ASSERT_OK_PTR(link, "attach_sockmap"))
		goto out;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (!ASSERT_OK(bind(srv, (struct sockaddr *)&sa, sizeof(sa)), "bind") ||
	    !ASSERT_OK(listen(srv, 1), "listen") ||
	    !ASSERT_OK(getsockname(srv, (struct sockaddr *)&sa, &len), "getsockname") ||
	    !ASSERT_OK(connect(cli, (struct sockaddr *)&sa, sizeof(sa)), "connect"))
		goto close;
	acc = accept(srv, NULL, NULL);
	val = acc;
	if (!ASSERT_OK_FD(acc, "accept") ||
	    !ASSERT_OK(bpf_map_update_elem(map_fd, &key, &val, BPF_ANY), "socket into sockmap"))
		goto close;
	n = f.skel->bss->sk_skb_cnt;
	ASSERT_OK(tcp_roundtrip(cli, acc), "data through the verdict program");
	ASSERT_GT(f.skel->bss->sk_skb_cnt, n, "verdict program ran");
	bpf_link__destroy(link);
	link = NULL;
	/* a socket keeps the programs it was added with: add it again */
	ASSERT_OK(bpf_map_delete_elem(map_fd, &key), "socket out of sockmap");
	ASSERT_OK(bpf_map_update_elem(map_fd, &key, &val, BPF_ANY), "socket back in");
	n = f.skel->bss->sk_skb_cnt;
	ASSERT_OK(tcp_roundtrip(cli, acc), "data after destroy");
	ASSERT_EQ(f.skel->bss->sk_skb_cnt, n, "nothing counted after destroy");
close:
	bpf_link__destroy(link);
	if (acc >= 0)
		close(acc);
	if (cli >= 0)
		close(cli);
	if (srv >= 0)
		close(srv);
out:
	teardown(&f);
}

static void netfilter(void)
{
	LIBBPF_OPTS(bpf_netfilter_opts, opts, .pf = 2 /* NFPROTO_IPV4 */,
		    .hooknum = 3 /* NF_INET_LOCAL_OUT */, .priority = -128);
	struct bpf_link *link;
	struct fixture f;
	int ns;

	if (!require_kernel(6, 4, "netfilter links"))
		return;
	if (!setup(&f, "netfilter_count"))
		goto out;
	ns = enter_private_netns();
	if (!ASSERT_OK_FD(ns, "private netns"))
		goto out;
	link = bpf_program__attach_netfilter(f.prog, &opts);
	if (ASSERT_OK_PTR(link, "attach_netfilter"))
		COUNTS(&f, link, netfilter_cnt, udp_n, TRIGGERS);
	ASSERT_ERR_PTR(bpf_program__attach_netfilter(f.prog, NULL), "no netfilter opts");
	leave_netns(ns);
out:
	teardown(&f);
}

/* ---- link operations ---------------------------------------------------- */

static __u32 link_id(int fd)
{
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);

	return bpf_link_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* whether link @id is gone within two seconds */
static bool link_gone(__u32 id)
{
	int i, fd;

	for (i = 0; i < 200; i++) {
		fd = bpf_link_get_fd_by_id(id);
		if (fd < 0)
			return errno == ENOENT;
		close(fd);
		usleep(10000);
	}
	return false;
}

/* a pinned link outlives its bpf_link and is found again by path */
static void pin(void)
{
	struct bpf_link *link, *again;
	struct bpffs_dir d;
	char path[256];
	struct fixture f;
	__u64 n;

	if (!ASSERT_OK(bpffs_dir_create(&d), "bpffs dir"))
		return;
	path_join(path, sizeof(path), d.path, "raw_tp_link");
	if (!setup(&f, "raw_tp_sys_enter"))
		goto out;
	link = bpf_program__attach_raw_tracepoint(f.prog, "sys_enter");
	if (!ASSERT_OK_PTR(link, "attach"))
		goto out;
	ASSERT_NULL(bpf_link__pin_path(link), "no pin path before pin");
	ASSERT_ERR(bpf_link__pin(link, "/tmp/not_bpffs_link"), "pin outside bpffs");
	if (!ASSERT_OK(bpf_link__pin(link, path), "bpf_link__pin")) {
		bpf_link__destroy(link);
		goto out;
	}
	ASSERT_STREQ(bpf_link__pin_path(link), path, "pin path");
	ASSERT_ERR(bpf_link__pin(link, path), "second pin");
	bpf_link__destroy(link);

	/* still attached through the pin */
	n = f.skel->bss->raw_tp_cnt;
	getpgid_n(TRIGGERS);
	ASSERT_EQ(f.skel->bss->raw_tp_cnt, n + TRIGGERS, "pinned link still runs");

	again = bpf_link__open(path);
	if (ASSERT_OK_PTR(again, "bpf_link__open")) {
		__u32 id = link_id(bpf_link__fd(again));

		ASSERT_STREQ(bpf_link__pin_path(again), path, "opened link's pin path");
		ASSERT_OK(bpf_link__unpin(again), "bpf_link__unpin");
		ASSERT_FALSE(file_exists(path), "pin removed");
		ASSERT_NULL(bpf_link__pin_path(again), "no pin path after unpin");
		n = f.skel->bss->raw_tp_cnt;
		getpgid_n(TRIGGERS);
		ASSERT_EQ(f.skel->bss->raw_tp_cnt, n + TRIGGERS, "reopened link runs");
		bpf_link__destroy(again);
		/* a pin's reference goes after an RCU grace period (5.10) */
		ASSERT_TRUE(link_gone(id), "link released after unpin and destroy");
		n = f.skel->bss->raw_tp_cnt;
		getpgid_n(TRIGGERS);
		ASSERT_EQ(f.skel->bss->raw_tp_cnt, n, "nothing counted after release");
	}
	ASSERT_ERR_PTR(bpf_link__open(path), "open of a removed pin");
	ASSERT_ERR_PTR(bpf_link__open("/proc/self/status"), "open of a non-link");
out:
	teardown(&f);
	bpffs_dir_destroy(&d);
}

/*
 * A disconnected link is not released by destroy: its fd stays open and
 * the attachment lives as long as the fd does (as in libbpf, for handing
 * the link to someone else).
 */
static void disconnect(void)
{
	struct bpf_link *link;
	struct fixture f;
	__u64 n;
	int fd;

	if (!setup(&f, "raw_tp_sys_enter"))
		goto out;
	link = bpf_program__attach_raw_tracepoint(f.prog, "sys_enter");
	if (!ASSERT_OK_PTR(link, "attach"))
		goto out;
	fd = bpf_link__fd(link);
	bpf_link__disconnect(link);
	bpf_link__destroy(link);
	n = f.skel->bss->raw_tp_cnt;
	getpgid_n(TRIGGERS);
	ASSERT_EQ(f.skel->bss->raw_tp_cnt, n + TRIGGERS, "still attached after destroy");
	ASSERT_OK(close(fd), "the fd was left open");
	getpgid_n(TRIGGERS);
	ASSERT_EQ(f.skel->bss->raw_tp_cnt, n + TRIGGERS, "detached with its fd");
out:
	teardown(&f);
}

/* the XDP link gets another program without a moment detached */
static void update_program(void)
{
	const char *progs[] = { "xdp_count", "xdp_count2", NULL };
	struct bpf_link *link;
	struct fixture f;
	__u64 a, b;
	int ns;

	if (!require_kernel(5, 9, "XDP links"))
		return;
	if (!ASSERT_OK(setup_progs(&f, progs), "load two XDP programs"))
		goto out;
	ns = enter_private_netns();
	if (!ASSERT_OK_FD(ns, "private netns"))
		goto out;
	link = bpf_program__attach_xdp(f.prog, if_nametoindex("lo"));
	if (ASSERT_OK_PTR(link, "attach_xdp")) {
		a = f.skel->bss->xdp_cnt;
		b = f.skel->bss->xdp2_cnt;
		udp_n(TRIGGERS);
		if (ASSERT_OK(bpf_link__update_program(link, f.skel->progs.xdp_count2),
			      "bpf_link__update_program")) {
			udp_n(TRIGGERS);
			ASSERT_EQ(f.skel->bss->xdp_cnt, a + TRIGGERS, "first program before");
			ASSERT_EQ(f.skel->bss->xdp2_cnt, b + TRIGGERS, "second program after");
		}
		bpf_link__destroy(link);
	}
	leave_netns(ns);
out:
	teardown(&f);
}

/* ---- auto-attach and bad arguments ------------------------------------- */

static void auto_attach(void)
{
	const char *progs[] = { "tp_getpgid", "raw_tp_sys_enter", "uprobe_auto",
				"cgroup_egress", "kprobe_getpgid", NULL };
	/* uprobes on test_progs itself do not fire under valgrind */
	bool self_up = !test__under_valgrind();
	struct bpf_link *tp = NULL, *raw, *up = NULL;
	struct fixture f;
	const char *log;
	__u64 a, b, c;

	if (!ASSERT_OK(setup_progs(&f, progs), "load"))
		goto out;
	if (tracefs())
		tp = bpf_program__attach(f.skel->progs.tp_getpgid);
	raw = bpf_program__attach(f.skel->progs.raw_tp_sys_enter);
	if (self_up)
		up = bpf_program__attach(f.skel->progs.uprobe_auto);
	else
		printf("uprobe auto-attach not checked: under valgrind\n");
	if (tracefs())
		ASSERT_OK_PTR(tp, "auto-attach tp/syscalls/sys_enter_getpgid");
	ASSERT_OK_PTR(raw, "auto-attach raw_tp/sys_enter");
	if (self_up)
		ASSERT_OK_PTR(up, "auto-attach uprobe");
	a = f.skel->bss->tp_cnt;
	b = f.skel->bss->raw_tp_cnt;
	c = f.skel->bss->uprobe_auto_cnt;
	getpgid_n(TRIGGERS);
	uprobe_target_n(TRIGGERS);
	if (tracefs())
		ASSERT_EQ(f.skel->bss->tp_cnt, a + TRIGGERS, "tracepoint counted");
	ASSERT_EQ(f.skel->bss->raw_tp_cnt, b + TRIGGERS, "raw_tp counted");
	if (self_up)
		ASSERT_EQ(f.skel->bss->uprobe_auto_cnt, c + TRIGGERS, "uprobe counted");
	bpf_link__destroy(tp);
	bpf_link__destroy(raw);
	bpf_link__destroy(up);

	/* sections whose target only the caller knows */
	test__libbpf_log_start();
	ASSERT_ERR_PTR(bpf_program__attach(f.skel->progs.cgroup_egress), "cgroup_skb");
	ASSERT_EQ(errno, EOPNOTSUPP, "EOPNOTSUPP");
	ASSERT_ERR_PTR(bpf_program__attach(f.skel->progs.kprobe_getpgid), "kprobe without target");
	log = test__libbpf_log_stop();
	ASSERT_HAS_SUBSTR(log, "bpf_program__attach_cgroup", "hint names the call to use");
out:
	teardown(&f);
}

static void bad_args(void)
{
	struct bpf_program *unloaded;
	struct fixture f;

	if (!setup(&f, "raw_tp_sys_enter"))
		goto out;
	unloaded = f.skel->progs.tp_getpgid;
	ASSERT_ERR_PTR(bpf_program__attach_raw_tracepoint(unloaded, "sys_enter"),
		       "program not loaded");
	ASSERT_EQ(errno, EINVAL, "EINVAL");
	ASSERT_ERR_PTR(bpf_program__attach_raw_tracepoint(f.prog, NULL), "no tracepoint name");
	ASSERT_ERR_PTR(bpf_program__attach_tracepoint(f.prog, NULL, "x"), "no category");
	ASSERT_ERR_PTR(bpf_program__attach_perf_event(f.prog, -1), "perf event fd -1");
	ASSERT_ERR_PTR(bpf_program__attach_cgroup(f.prog, -1), "cgroup fd -1");
	ASSERT_ERR_PTR(bpf_program__attach_freplace(f.prog, 0, "x"), "freplace of a non-ext program");
	bpf_link__destroy(NULL);	/* NULL-safe */
out:
	teardown(&f);
}

void test_attach(void)
{
	if (test__start_subtest("tracepoint"))
		tracepoint();
	if (test__start_subtest("raw_tracepoint"))
		raw_tracepoint();
	if (test__start_subtest("tp_btf"))
		tp_btf();
	kprobe_mode(PROBE_ATTACH_MODE_DEFAULT, "kprobe");
	kprobe_mode(PROBE_ATTACH_MODE_LEGACY, "kprobe_legacy");
	kprobe_mode(PROBE_ATTACH_MODE_PERF, "kprobe_perf");
	if (test__start_subtest("ksyscall"))
		ksyscall();
	if (test__start_subtest("kprobe_multi"))
		kprobe_multi();
	if (test__start_subtest("fentry_fexit"))
		fentry_fexit();
	if (test__start_subtest("lsm"))
		lsm();
	if (test__start_subtest("uprobe"))
		uprobe();
	if (test__start_subtest("uprobe_auto"))
		uprobe_auto();
	if (test__start_subtest("uprobe_lib"))
		uprobe_lib();
	if (test__start_subtest("uprobe_multi"))
		uprobe_multi();
	if (test__start_subtest("cookies"))
		cookies();
	perf_event(false, false);
	perf_event(true, false);
	perf_event(false, true);
	if (test__start_subtest("iter"))
		iter();
	if (test__start_subtest("cgroup"))
		cgroup();
	if (test__start_subtest("cgroup_opts"))
		cgroup_opts();
	if (test__start_subtest("xdp"))
		xdp_link();
	if (test__start_subtest("tcx"))
		tcx();
	if (test__start_subtest("netkit"))
		netkit();
	if (test__start_subtest("netns"))
		netns();
	if (test__start_subtest("sockmap"))
		sockmap();
	if (test__start_subtest("netfilter"))
		netfilter();
	if (test__start_subtest("pin"))
		pin();
	if (test__start_subtest("disconnect"))
		disconnect();
	if (test__start_subtest("update_program"))
		update_program();
	if (test__start_subtest("auto_attach"))
		auto_attach();
	if (test__start_subtest("bad_args"))
		bad_args();
}
