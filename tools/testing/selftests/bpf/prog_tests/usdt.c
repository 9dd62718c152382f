// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * USDT probes end to end through the test_usdt skeleton: probes of this
 * binary (with semaphores), of usdt_trigger (a PIE) and of libusdt_lib.so
 * (a shared library), written with <sys/sdt.h>; the BPF side records what
 * bpf_usdt_arg() reads and the test checks each value, then detaches and
 * checks that the probes are silent.
 *
 * The local and trigger subtests run three ways, so each attach path
 * runs on kernels that would pick another: as the kernel allows
 * (uprobe.multi link and BPF cookies on 6.6+), with uprobe.multi links
 * forced off (a uprobe per site, spec found by cookie: 5.15+), and with
 * BPF cookies forced off too (spec found by the site's address, as on
 * 5.10). system_libbpf
 * compares what this library reads from the trigger's probes with what
 * the system's libbpf reads (usdt_values).
 */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>
#include <sys/wait.h>
#include "test_progs.h"
#include "testing_helpers.h"
#include "test_usdt.skel.h"

/* every probe of this file has a semaphore (the kernel counts attachments) */
#define SEMAPHORE(name) \
	volatile unsigned short test_##name##_semaphore __attribute__((section(".probes"), used))
SEMAPHORE(consts);
SEMAPHORE(mem);
SEMAPHORE(regs);
SEMAPHORE(sib);
SEMAPHORE(sites);
SEMAPHORE(sema);

enum { SLOT_CONSTS, SLOT_MEM, SLOT_REGS, SLOT_SIB, SLOT_SITES, SLOT_SEMA,
       SLOT_EXE, SLOT_LIB };

struct mem_args {
	__s8 s8;
	__u8 u8;
	__s16 s16;
	__u16 u16;
	__s32 s32;
	__u32 u32;
	__s64 s64;
	__u64 u64;
};

/* the values every sized probe passes, and what bpf_usdt_arg() gives for them */
static const struct mem_args vals = {
	-3, 250, -300, 60000, -100000, 4000000000u, -5000000000LL, 0xfedcba9876543210ULL,
};
static const long want[8] = {
	-3, 250, -300, 60000, -100000, 4000000000L, -5000000000L, (long)0xfedcba9876543210ULL,
};
static const int want_size[8] = { 1, 1, 2, 2, 4, 4, 8, 8 };

/* constants: $imm */
static __attribute__((noipa)) void fire_consts(void)
{
	STAP_PROBE8(test, consts, (__s8)-3, (__u8)250, (__s16)-300, (__u16)60000,
		    (__s32)-100000, (__u32)4000000000u, (__s64)-5000000000LL,
		    (__u64)0xfedcba9876543210ULL);
}

/* memory at a register plus an offset: disp(%reg) */
static __attribute__((noipa)) void fire_mem(const volatile struct mem_args *m)
{
	STAP_PROBE8(test, mem, m->s8, m->u8, m->s16, m->u16, m->s32, m->u32, m->s64, m->u64);
}

/* registers of every width (and the stack, for the last two) */
static __attribute__((noipa)) void fire_regs(__s8 a, __u8 b, __s16 c, __u16 d,
						__s32 e, __u32 f, __s64 g, __u64 h)
{
	STAP_PROBE8(test, regs, a, b, c, d, e, f, g, h);
}

/* base + index * scale: (%base,%index,8); a global: sym(%rip) */
static volatile long usdt_test_global = -123456789;

static __attribute__((noipa)) void fire_sib(const long *arr, long i)
{
	STAP_PROBE2(test, sib, arr[i], usdt_test_global);
}

/* one probe, three sites */
static __attribute__((noipa)) void fire_sites(int x)
{
	STAP_PROBE1(test, sites, x);
	asm volatile("" ::: "memory");
	STAP_PROBE1(test, sites, x + 1);
	asm volatile("" ::: "memory");
	STAP_PROBE1(test, sites, x + 2);
}

/* fires only while someone is attached: the semaphore says so */
static __attribute__((noipa)) void fire_sema(int x)
{
	if (test_sema_semaphore)
		STAP_PROBE1(test, sema, x);
}

static void fire_all(void)
{
	static const long arr[4] = { 11, -22, 33, -44 };
	struct mem_args m = vals;

	fire_consts();
	fire_mem(&m);
	fire_regs(vals.s8, vals.u8, vals.s16, vals.u16, vals.s32, vals.u32, vals.s64, vals.u64);
	fire_sib(arr, 3);
	fire_sites(10);
	fire_sema(7);
}

enum mode { MODE_NATIVE, MODE_NO_MULTI, MODE_NO_COOKIE };
static const char *const mode_names[] = { "native", "no_multi", "no_cookie" };

static struct test_usdt *open_load(enum mode mode)
{
	struct test_usdt *skel;

	if (mode == MODE_NO_MULTI && !force_kern_features_off("uprobe_multi_link"))
		return NULL;
	if (mode == MODE_NO_COOKIE && !force_kern_features_off("uprobe_multi_link,bpf_cookie"))
		return NULL;
	skel = test_usdt__open_and_load();
	ASSERT_OK_PTR(skel, "test_usdt__open_and_load");
	return skel;
}

static struct bpf_link *attach(struct test_usdt *skel, pid_t pid, const char *path,
			       const char *provider, const char *name, int slot)
{
	LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = slot);
	struct bpf_link *link;
	char what[64];

	snprintf(what, sizeof(what), "attach %s:%s", provider, name);
	link = bpf_program__attach_usdt(skel->progs.record, pid, path, provider, name, &opts);
	ASSERT_OK_PTR(link, what);
	return link;
}

static void check_sized(struct test_usdt *skel, int slot, const char *what)
{
	char name[64];
	int i;

	ASSERT_EQ(skel->bss->hits[slot], 1, what);
	ASSERT_EQ(skel->bss->arg_cnt[slot], 8, "arg count");
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "%s arg %d", what, i);
		ASSERT_EQ(skel->bss->arg_err[slot][i], 0, name);
		ASSERT_EQ(skel->bss->args[slot][i], want[i], name);
		ASSERT_EQ(skel->bss->arg_size[slot][i], want_size[i], name);
	}
	/* past the last argument */
	ASSERT_EQ(skel->bss->arg_err[slot][8], -ENOENT, "arg 8 error");
	ASSERT_EQ(skel->bss->arg_size[slot][8], -ENOENT, "arg 8 size");
}

/* probes of this process, pid 0 */
static void test_local(enum mode mode)
{
	static const struct { const char *name; int slot; } probes[] = {
		{ "consts", SLOT_CONSTS }, { "mem", SLOT_MEM }, { "regs", SLOT_REGS },
		{ "sib", SLOT_SIB }, { "sites", SLOT_SITES }, { "sema", SLOT_SEMA },
	};
	struct bpf_link *links[ARRAY_SIZE(probes)] = {};
	struct test_usdt *skel = open_load(mode);
	size_t i;

	if (!skel)
		goto out;
	ASSERT_EQ(test_sema_semaphore, 0, "semaphore before attach");
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		links[i] = attach(skel, 0, "/proc/self/exe", "test", probes[i].name,
				  probes[i].slot);
		if (!links[i])
			goto out;
	}
	ASSERT_GT(test_sema_semaphore, 0, "semaphore while attached");
	/* one uprobe.multi link, or a uprobe per site (no one link fd) */
	if (bpf_program__expected_attach_type(skel->progs.record) == 48 /* BPF_TRACE_UPROBE_MULTI */)
		ASSERT_GE(bpf_link__fd(links[0]), 0, "uprobe.multi link fd");
	else
		ASSERT_LT(bpf_link__fd(links[0]), 0, "uprobe per site: no single link fd");

	fire_all();
	check_sized(skel, SLOT_CONSTS, "consts");
	check_sized(skel, SLOT_MEM, "mem");
	check_sized(skel, SLOT_REGS, "regs");

	ASSERT_EQ(skel->bss->hits[SLOT_SIB], 1, "sib hits");
	ASSERT_EQ(skel->bss->arg_cnt[SLOT_SIB], 2, "sib arg count");
	ASSERT_EQ(skel->bss->args[SLOT_SIB][0], -44, "arr[3] through (%base,%index,8)");
	ASSERT_EQ(skel->bss->args[SLOT_SIB][1], -123456789, "global through sym(%rip)");
	ASSERT_EQ(skel->bss->arg_size[SLOT_SIB][0], 8, "sib arg size");

	ASSERT_EQ(skel->bss->hits[SLOT_SITES], 3, "three sites");
	ASSERT_EQ(skel->bss->sum0[SLOT_SITES], 10 + 11 + 12, "sum over the sites");
	ASSERT_EQ(skel->bss->arg_size[SLOT_SITES][0], 4, "sites arg size");

	ASSERT_EQ(skel->bss->hits[SLOT_SEMA], 1, "probe behind a semaphore");
	ASSERT_EQ(skel->bss->args[SLOT_SEMA][0], 7, "semaphore probe arg");
	ASSERT_EQ(skel->bss->bad_cookie, 0, "hits without a slot");

	/* detach: silent again, the semaphore back to 0 */
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		ASSERT_OK(bpf_link__destroy(links[i]), "destroy");
		links[i] = NULL;
	}
	ASSERT_EQ(test_sema_semaphore, 0, "semaphore after detach");
	fire_all();
	ASSERT_EQ(skel->bss->hits[SLOT_CONSTS], 1, "no hits after detach");
	ASSERT_EQ(skel->bss->hits[SLOT_SITES], 3, "no site hits after detach");

	/* the slots were freed: attaching again works */
	links[0] = attach(skel, 0, "/proc/self/exe", "test", "consts", SLOT_CONSTS);
	fire_consts();
	ASSERT_EQ(skel->bss->hits[SLOT_CONSTS], 2, "hit after re-attach");
out:
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		bpf_link__destroy(links[i]);
	test_usdt__destroy(skel);
	restore_kern_features();
}

/* ./usdt_trigger n, started and waiting for go() */
struct trigger {
	pid_t pid;
	int go_fd;
};

static bool trigger_start(struct trigger *t, int n)
{
	int in[2], out[2];
	char arg[16], c;

	t->pid = -1;
	if (!ASSERT_OK(pipe(in), "pipe") || !ASSERT_OK(pipe(out), "pipe"))
		return false;
	snprintf(arg, sizeof(arg), "%d", n);
	t->pid = fork();
	if (t->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl("./usdt_trigger", "usdt_trigger", arg, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	t->go_fd = in[1];
	if (!ASSERT_GT(t->pid, 0, "fork") || !ASSERT_EQ(read(out[0], &c, 1), 1, "trigger ready")) {
		close(out[0]);
		return false;
	}
	close(out[0]);
	return true;
}

static void trigger_finish(struct trigger *t)
{
	int status = -1;

	if (t->pid <= 0)
		return;
	ASSERT_EQ(write(t->go_fd, "g", 1), 1, "trigger go");
	close(t->go_fd);
	waitpid(t->pid, &status, 0);
	ASSERT_EQ(status, 0, "usdt_trigger exit status");
	t->pid = -1;
}

/* a PIE's and a shared library's probes in another process; pid filter; auto-attach */
static void test_trigger(enum mode mode)
{
	struct bpf_link *exe = NULL, *lib = NULL, *any = NULL;
	struct test_usdt *skel = open_load(mode);
	struct trigger t = { .pid = -1 }, other = { .pid = -1 };
	const int n = 4;
	long want_sum = 0;
	bool cookies;
	int i;

	if (!skel)
		goto out;
	/* without cookies (before 5.15, or forced off) sites are found by address */
	cookies = skel->kconfig->LINUX_HAS_BPF_COOKIE;
	if (!trigger_start(&t, n) || !trigger_start(&other, n))
		goto out;
	exe = attach(skel, t.pid, "./usdt_trigger", "usdt_trig", "exe", SLOT_EXE);
	lib = attach(skel, t.pid, "./libusdt_lib.so", "usdt_lib", "fire", SLOT_LIB);
	if (!exe || !lib)
		goto out;
	/* SEC("usdt/./usdt_trigger:usdt_trig:exe"), every process */
	if (!cookies) {
		/* a PIE's sites are only known per process without cookies */
		ASSERT_ERR(test_usdt__attach(skel), "auto-attach to a PIE without cookies");
		any = bpf_program__attach_usdt(skel->progs.record, -1, "./libusdt_lib.so",
					       "usdt_lib", "fire", NULL);
		ASSERT_ERR_PTR(any, "every process of a library without cookies");
		any = NULL;
	} else if (!ASSERT_OK(test_usdt__attach(skel), "test_usdt__attach")) {
		goto out;
	}

	trigger_finish(&other);	/* not the pid attached to */
	trigger_finish(&t);
	for (i = 0; i < n; i++)
		want_sum += i;
	ASSERT_EQ(skel->bss->hits[SLOT_EXE], n, "exe hits (the attached pid only)");
	ASSERT_EQ(skel->bss->sum0[SLOT_EXE], want_sum, "exe arg 0");
	ASSERT_EQ(skel->bss->args[SLOT_EXE][1], -1000L * (n - 1), "exe arg 1");
	ASSERT_EQ(skel->bss->arg_size[SLOT_EXE][1], 8, "exe arg 1 size");
	ASSERT_EQ(skel->bss->hits[SLOT_LIB], n, "library hits");
	ASSERT_EQ(skel->bss->arg_cnt[SLOT_LIB], 3, "library arg count");
	ASSERT_EQ(skel->bss->sum0[SLOT_LIB], want_sum, "library arg 0");
	ASSERT_EQ(skel->bss->args[SLOT_LIB][1], -(n - 1), "library arg 1 (short, stack)");
	ASSERT_EQ(skel->bss->args[SLOT_LIB][2], 200 + n - 1, "library arg 2 (unsigned char)");
	ASSERT_EQ(skel->bss->arg_size[SLOT_LIB][2], 1, "library arg 2 size");
	if (cookies) {
		ASSERT_EQ(skel->bss->auto_hits, 2 * n, "auto-attached: both processes");
		ASSERT_EQ(skel->bss->auto_sum_i, 2 * want_sum, "BPF_USDT int arg");
		ASSERT_EQ(skel->bss->auto_sum_neg, -2000L * want_sum, "BPF_USDT long arg");
	}

	/* detached: a new run is not seen */
	bpf_link__destroy(exe);
	bpf_link__destroy(lib);
	exe = lib = NULL;
	test_usdt__detach(skel);
	if (trigger_start(&t, n))
		trigger_finish(&t);
	ASSERT_EQ(skel->bss->hits[SLOT_EXE], n, "no exe hits after detach");
	ASSERT_EQ(skel->bss->hits[SLOT_LIB], n, "no library hits after detach");
	if (cookies)
		ASSERT_EQ(skel->bss->auto_hits, 2 * n, "no auto hits after detach");
out:
	trigger_finish(&other);
	trigger_finish(&t);
	bpf_link__destroy(exe);
	bpf_link__destroy(lib);
	test_usdt__destroy(skel);
	restore_kern_features();
}

/*
 * A copy of ./usdt_trigger at @dst with the first @old bytes replaced by
 * @new (same length): a malformed note for the parser.
 */
static bool patched_trigger(const char *dst, const char *old, const char *new, size_t len)
{
	char *buf = NULL, *hit;
	bool ok = false;
	size_t size;
	FILE *f;

	f = fopen("./usdt_trigger", "r");
	if (!ASSERT_OK_PTR(f, "open usdt_trigger"))
		return false;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc(size);
	if (!ASSERT_OK_PTR(buf, "malloc") || !ASSERT_EQ(fread(buf, 1, size, f), size, "read"))
		goto out;
	hit = memmem(buf, size, old, len);
	if (!ASSERT_OK_PTR(hit, "spec string in usdt_trigger"))
		goto out;
	memcpy(hit, new, len);
	fclose(f);
	f = fopen(dst, "w");
	ok = ASSERT_OK_PTR(f, "create copy") && ASSERT_EQ(fwrite(buf, 1, size, f), size, "write");
out:
	if (f)
		fclose(f);
	free(buf);
	return ok;
}

/* attach to usdt_trig:exe of a patched copy: an error, and the message */
static void bad_note(struct test_usdt *skel, const char *old, const char *new, size_t len,
		     int want_err, const char *want_msg)
{
	char path[] = "./usdt_trigger_bad.XXXXXX";
	struct bpf_link *link;
	const char *log;
	int fd = mkstemp(path);

	if (!ASSERT_OK_FD(fd, "mkstemp"))
		return;
	close(fd);
	if (patched_trigger(path, old, new, len)) {
		test__libbpf_log_start();
		link = bpf_program__attach_usdt(skel->progs.record, 0, path, "usdt_trig", "exe", NULL);
		log = test__libbpf_log_stop();
		ASSERT_ERR_PTR(link, want_msg);
		ASSERT_EQ(errno, want_err, "errno");
		ASSERT_HAS_SUBSTR(log, want_msg, "message");
		bpf_link__destroy(link);
	}
	unlink(path);
}

/*
 * What goes wrong is named: binary, provider and name; nothing is left
 * behind. Without cookies, so that sites must be unique too.
 */
static void test_errors(void)
{
	struct test_usdt *skel = open_load(MODE_NO_COOKIE);
	struct bpf_link *link, *first;
	__u64 spec[208 / 8];	/* struct __bpf_usdt_spec: usdt_cookie at 192 */
	const char *log;
	int key;

	if (!skel)
		goto out;
	test__libbpf_log_start();
	link = bpf_program__attach_usdt(skel->progs.record, 0, "./usdt_trigger",
					"usdt_trig", "no_such_probe", NULL);
	log = test__libbpf_log_stop();
	ASSERT_ERR_PTR(link, "a missing probe");
	ASSERT_EQ(errno, ENOENT, "errno of a missing probe");
	ASSERT_HAS_SUBSTR(log, "usdt_trigger' has no probe usdt_trig:no_such_probe", "message");

	test__libbpf_log_start();
	link = bpf_program__attach_usdt(skel->progs.record, 0, "/bin/true", "p", "n", NULL);
	log = test__libbpf_log_stop();
	ASSERT_ERR_PTR(link, "a binary without probes");
	ASSERT_HAS_SUBSTR(log, "has no USDT probes", "message without probes");

	link = bpf_program__attach_usdt(skel->progs.record, 0, "./no_such_binary", "p", "n", NULL);
	ASSERT_ERR_PTR(link, "a missing binary");
	ASSERT_ERR_PTR(bpf_program__attach_usdt(skel->progs.record, 0, "./usdt_trigger",
						NULL, "exe", NULL), "no provider");

	/* malformed notes of usdt_trig:exe ("-4@%ebx -8@%rbp" where gcc 12 puts them) */
	bad_note(skel, "-4@%ebx -8@%rbp", "-4@%ebq -8@%rbp", 15, EINVAL,
		 "cannot parse argument 0 '-4@%ebq'");
	bad_note(skel, "-4@%ebx -8@%rbp", "-4@%ebx -3@%rbp", 15, EINVAL,
		 "cannot parse argument 1 '-3@%rbp'");
	bad_note(skel, "-4@%ebx -8@%rbp", "-4@%ebx -8@(%rb", 15, EINVAL,
		 "cannot parse argument 1 '-8@(%rb'");
	bad_note(skel, "-4@%ebx -8@%rbp", "-4@%ebx 8@nosy(", 15, EINVAL,
		 "cannot parse argument 1 '8@nosy('");
	bad_note(skel, "-4@%ebx -8@%rbp\0", "-4@%ebx -8@%rbpx", 16,
		 LIBBPF_ERRNO__FORMAT, "its arguments string is not terminated");

	/*
	 * A failure after spec slots were taken gives them back: without
	 * cookies a site can be attached by one link only, so a second
	 * attach fails after taking slot 1; the next attach gets slot 1.
	 * Not under valgrind: there /proc/self/exe is valgrind's own binary,
	 * whose memory the kernel would patch (breakpoints, the semaphore).
	 */
	if (test__under_valgrind()) {
		printf("spec slot give-back not checked: probes of /proc/self/exe under valgrind\n");
		goto out;
	}
	first = attach(skel, 0, "/proc/self/exe", "test", "sema", 0);
	test__libbpf_log_start();
	link = bpf_program__attach_usdt(skel->progs.record, 0, "/proc/self/exe",
					"test", "sema", NULL);
	log = test__libbpf_log_stop();
	ASSERT_ERR_PTR(link, "a site attached twice without cookies");
	ASSERT_HAS_SUBSTR(log, "already attached by another USDT link", "message");
	link = attach(skel, 0, "/proc/self/exe", "test", "consts", 0x5eed);
	key = 1;
	if (ASSERT_OK(bpf_map__lookup_elem(skel->maps.__bpf_usdt_specs, &key, sizeof(key),
					   spec, sizeof(spec), 0), "lookup spec slot 1"))
		ASSERT_EQ(spec[192 / 8], 0x5eed, "slot 1 given back and taken again");
	bpf_link__destroy(link);
	bpf_link__destroy(first);
out:
	test_usdt__destroy(skel);
	restore_kern_features();
}

/* the stdout of @cmd (run in the test directory) into buf, or false */
static bool run_capture(const char *cmd, char *buf, size_t size)
{
	FILE *f = popen(cmd, "r");
	size_t n;

	if (!ASSERT_OK_PTR(f, cmd))
		return false;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	return ASSERT_OK(pclose(f), cmd);
}

/*
 * The same probes read through this library and through the system's
 * libbpf (Debian 12: 1.1, with the same BPF object): the same values,
 * and the ones usdt_trigger 3 passes on its last round.
 */
static void test_system_libbpf(void)
{
	static const char want[] =
		"usdt_trig:exe hits 3 args 2: 2 -2000\n"
		"usdt_lib:fire hits 3 args 3: 2 -2 202\n"
		"usdt_lib:sizes hits 3 args 8: -5 252 -302 60002 -100002 4000000002 "
		"-5000000002 -81985529216486894\n";
	char ours[512], system[512];

	if (access("./usdt_values.system", X_OK)) {
		test__skip("no usdt_values.system (built against the system libbpf)");
		return;
	}
	if (!run_capture("./usdt_values", ours, sizeof(ours)) ||
	    !run_capture("./usdt_values.system", system, sizeof(system)))
		return;
	ASSERT_STREQ(ours, want, "values through this library");
	ASSERT_STREQ(system, ours, "values through the system libbpf");
}

void test_usdt(void)
{
	char name[32];
	int m;

	for (m = MODE_NATIVE; m <= MODE_NO_COOKIE; m++) {
		snprintf(name, sizeof(name), "local_%s", mode_names[m]);
		if (test__start_subtest(name))
			test_local(m);
		snprintf(name, sizeof(name), "trigger_%s", mode_names[m]);
		if (test__start_subtest(name))
			test_trigger(m);
	}
	if (test__start_subtest("errors"))
		test_errors();
	if (test__start_subtest("system_libbpf"))
		test_system_libbpf();
}
