// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * test_progs: runs the kernel tests of prog_tests/ against the running
 * kernel. See usage() for the options and test_progs.h for the test API.
 *
 * Output: one line per test and per subtest,
 *
 *	#3/1     map_ops/hash:OK
 *	#3/2     map_ops/ringbuf:SKIP (BPF_MAP_TYPE_RINGBUF needs kernel 5.8)
 *	#3       map_ops:FAIL
 *
 * then "Summary: T/S PASSED, K SKIPPED, F FAILED" (T tests and S subtests
 * passed, K results skipped, F tests failed) and the closing line
 * "N passed, N failed, N skipped". The closing counts are results: every
 * subtest that ran counts once, a test without subtests counts once, and
 * a test with subtests adds one failure of its own when it failed outside
 * of them (one skip when it skipped outside of them). Tests and subtests
 * excluded by -t/-n/-a are neither run nor counted; those excluded by the
 * deny list (-d) are printed and counted as skipped, with the list's
 * comment as the reason. The exit status is 1 when anything failed.
 *
 * Output a test makes (stdout, stderr, libbpf messages) goes into a
 * memory file and is printed only above a failing result, or always with
 * -v. The runner runs from the directory of its own executable (or -D),
 * so tests open their BPF objects by file name.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "test_progs.h"

#define DEFINE_TEST(fn) void fn(void);
#include "tests.h"
#undef DEFINE_TEST

struct prog_test_def {
	const char *name;
	void (*fn)(void);
};

#define DEFINE_TEST(f) { .name = &#f[sizeof("test_") - 1], .fn = f },
static const struct prog_test_def prog_tests[] = {
#include "tests.h"
};
#undef DEFINE_TEST

#define TEST_CNT ((int)(sizeof(prog_tests) / sizeof(prog_tests[0])))

struct test_env env = {
	.timeout = 300,
};

/* ---- allow / deny / -t / -n filters ------------------------------------- */

struct filter_entry {
	char *test;
	char *sub;	/* NULL: every subtest */
	char *reason;	/* comment from a list file, or NULL */
};

struct filter_set {
	struct filter_entry *v;
	int cnt;
	bool substr;	/* -t: match substrings instead of globs */
};

struct num_entry {
	int lo, hi;
	int sub_lo, sub_hi;	/* 0/0: every subtest */
};

struct num_set {
	struct num_entry *v;
	int cnt;
};

static struct filter_set name_filter = { .substr = true };	/* -t */
static struct filter_set allow_list;				/* -a */
static struct filter_set deny_list;				/* -d */
static struct num_set num_filter;				/* -n */

/* '*' matches any run of characters; everything else matches itself */
static bool glob_match(const char *pat, const char *str)
{
	const char *star = NULL, *retry = NULL;

	while (*str) {
		if (*pat == '*') {
			star = ++pat;
			retry = str;
		} else if (*pat == *str) {
			pat++;
			str++;
		} else if (star) {
			pat = star;
			str = ++retry;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

static bool name_match(const struct filter_set *set, const char *pat,
		       const char *str)
{
	return set->substr ? strstr(str, pat) != NULL : glob_match(pat, str);
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "test_progs: out of memory\n");
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		fprintf(stderr, "test_progs: out of memory\n");
		exit(2);
	}
	return d;
}

static void filter_add(struct filter_set *set, const char *entry,
		       const char *reason)
{
	struct filter_entry *e;
	char *copy, *slash;

	set->v = xrealloc(set->v, (set->cnt + 1) * sizeof(*set->v));
	e = &set->v[set->cnt++];
	copy = xstrdup(entry);
	slash = strchr(copy, '/');
	if (slash)
		*slash = '\0';
	e->test = copy;
	e->sub = slash ? slash + 1 : NULL;
	e->reason = reason && *reason ? xstrdup(reason) : NULL;
}

/*
 * A list file holds one entry per line. "# text" starts a comment; a
 * comment after an entry is that entry's reason, and a block of comment
 * lines is the reason of the entries that follow it up to a blank line.
 */
static int filter_add_file(struct filter_set *set, const char *path)
{
	char line[1024], block[512] = "", *hash, *entry;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "test_progs: cannot open list %s: %s\n", path,
			strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		hash = strchr(line, '#');
		if (hash)
			*hash++ = '\0';
		entry = trim(line);
		if (!*entry) {
			if (hash)
				snprintf(block, sizeof(block), "%s", trim(hash));
			else
				block[0] = '\0';
			continue;
		}
		filter_add(set, entry, hash ? trim(hash) : block);
	}
	fclose(f);
	return 0;
}

/* "a,b/c,@file" */
static int filter_parse(struct filter_set *set, const char *arg)
{
	char *copy = xstrdup(arg), *tok, *save = NULL;
	int err = 0;

	for (tok = strtok_r(copy, ",", &save); tok && !err;
	     tok = strtok_r(NULL, ",", &save)) {
		tok = trim(tok);
		if (!*tok)
			continue;
		if (tok[0] == '@')
			err = filter_add_file(set, tok + 1);
		else
			filter_add(set, tok, NULL);
	}
	free(copy);
	return err;
}

static bool parse_range(const char *s, int *lo, int *hi)
{
	char *end;
	long a, b;

	a = strtol(s, &end, 10);
	b = a;
	if (*end == '-')
		b = strtol(end + 1, &end, 10);
	if (*end || end == s || a <= 0 || b < a || b > 1000000)
		return false;
	*lo = a;
	*hi = b;
	return true;
}

/* "1,3-5,7/2,7/4-6" */
static int num_parse(struct num_set *set, const char *arg)
{
	char *copy = xstrdup(arg), *tok, *save = NULL, *slash;
	struct num_entry e;
	int err = 0;

	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		memset(&e, 0, sizeof(e));
		slash = strchr(tok, '/');
		if (slash)
			*slash = '\0';
		if (!parse_range(tok, &e.lo, &e.hi) ||
		    (slash && !parse_range(slash + 1, &e.sub_lo, &e.sub_hi))) {
			fprintf(stderr, "test_progs: bad -n entry '%s'\n", tok);
			err = -EINVAL;
			break;
		}
		set->v = xrealloc(set->v, (set->cnt + 1) * sizeof(*set->v));
		set->v[set->cnt++] = e;
	}
	free(copy);
	return err;
}

static bool filter_has_test(const struct filter_set *set, const char *test)
{
	int i;

	for (i = 0; i < set->cnt; i++)
		if (name_match(set, set->v[i].test, test))
			return true;
	return false;
}

static const struct filter_entry *
filter_find_sub(const struct filter_set *set, const char *test, const char *sub)
{
	const struct filter_entry *e;
	int i;

	for (i = 0; i < set->cnt; i++) {
		e = &set->v[i];
		if (!name_match(set, e->test, test))
			continue;
		if (!e->sub || name_match(set, e->sub, sub))
			return e;
	}
	return NULL;
}

static bool num_has_test(int num)
{
	int i;

	for (i = 0; i < num_filter.cnt; i++)
		if (num >= num_filter.v[i].lo && num <= num_filter.v[i].hi)
			return true;
	return false;
}

static bool num_has_sub(int num, int sub)
{
	const struct num_entry *e;
	int i;

	for (i = 0; i < num_filter.cnt; i++) {
		e = &num_filter.v[i];
		if (num < e->lo || num > e->hi)
			continue;
		if (!e->sub_lo || (sub >= e->sub_lo && sub <= e->sub_hi))
			return true;
	}
	return false;
}

static bool test_selected(int num, const char *name)
{
	if (name_filter.cnt && !filter_has_test(&name_filter, name))
		return false;
	if (num_filter.cnt && !num_has_test(num))
		return false;
	if (allow_list.cnt && !filter_has_test(&allow_list, name))
		return false;
	return true;
}

static bool subtest_selected(int num, const char *name, int sub_num,
			     const char *sub)
{
	if (name_filter.cnt && !filter_find_sub(&name_filter, name, sub))
		return false;
	if (num_filter.cnt && !num_has_sub(num, sub_num))
		return false;
	if (allow_list.cnt && !filter_find_sub(&allow_list, name, sub))
		return false;
	return true;
}

/* a deny entry without a subtest part denies the whole test */
static const struct filter_entry *test_denied(const char *name)
{
	int i;

	for (i = 0; i < deny_list.cnt; i++)
		if (!deny_list.v[i].sub &&
		    name_match(&deny_list, deny_list.v[i].test, name))
			return &deny_list.v[i];
	return NULL;
}

/* ---- output capture ------------------------------------------------------ */

static FILE *out;		/* the real stdout, for result lines */
static int out_fd = -1;		/* its fd */
static int saved_err_fd = -1;	/* the real stderr */
static int log_fd = -1;		/* memory file fds 1 and 2 point to in tests */
static bool capturing;

static int capture_init(void)
{
	int fd;

	fd = memfd_create("test_progs_log", MFD_CLOEXEC);
	if (fd < 0) {
		FILE *f = tmpfile();

		if (!f)
			return -errno;
		fd = fcntl(fileno(f), F_DUPFD_CLOEXEC, 3);
		fclose(f);
		if (fd < 0)
			return -errno;
	}
	log_fd = fd;
	out_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	saved_err_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (out_fd < 0 || saved_err_fd < 0)
		return -errno;
	out = fdopen(out_fd, "w");
	if (!out)
		return -errno;
	setvbuf(out, NULL, _IOLBF, 0);
	/* keep stdout and stderr in order inside the log */
	setvbuf(stdout, NULL, _IOLBF, 0);
	return 0;
}

/* the descriptors capture_init() opened, closed at the end of the run
 * (valgrind's --track-fds counts every one still open at exit) */
static void capture_fini(void)
{
	fclose(out);
	out = NULL;
	out_fd = -1;
	close(saved_err_fd);
	saved_err_fd = -1;
	close(log_fd);
	log_fd = -1;
}

static off_t log_pos(void)
{
	fflush(stdout);
	fflush(stderr);
	return lseek(log_fd, 0, SEEK_CUR);
}

static void log_truncate(off_t pos)
{
	fflush(stdout);
	fflush(stderr);
	if (ftruncate(log_fd, pos) == 0)
		lseek(log_fd, pos, SEEK_SET);
}

static void capture_start(void)
{
	fflush(stdout);
	fflush(stderr);
	log_truncate(0);
	dup2(log_fd, STDOUT_FILENO);
	dup2(log_fd, STDERR_FILENO);
	capturing = true;
}

static void capture_stop(void)
{
	fflush(stdout);
	fflush(stderr);
	dup2(out_fd, STDOUT_FILENO);
	dup2(saved_err_fd, STDERR_FILENO);
	capturing = false;
}

/* copy the log from pos to its end to fd; async-signal-safe */
static void log_dump(int fd, off_t pos)
{
	char buf[4096], last = '\n';
	ssize_t n;

	while ((n = pread(log_fd, buf, sizeof(buf), pos)) > 0) {
		if (write(fd, buf, n) != n)
			return;
		last = buf[n - 1];
		pos += n;
	}
	if (last != '\n' && write(fd, "\n", 1) != 1)
		return;
}

/* ---- running tests ------------------------------------------------------- */

enum result { RES_OK, RES_SKIP, RES_FAIL };

struct test_state {
	const struct prog_test_def *def;
	int num;
	/* outside subtests */
	bool failed;
	bool skipped;
	char skip_reason[256];
	/* the running subtest */
	char *sub_name;
	int sub_num;
	bool sub_failed;
	bool sub_skipped;
	char sub_skip_reason[256];
	off_t sub_log_start;
	/* subtest results */
	int subs_run, subs_ok, subs_skip, subs_fail;
};

static struct test_state *cur;

static struct {
	int tests_ok, subs_ok, skipped, tests_failed;
	int res_ok, res_fail, res_skip;
} stats;

static const char *res_str(enum result r)
{
	return r == RES_OK ? "OK" : r == RES_SKIP ? "SKIP" : "FAIL";
}

static void print_result(const char *num, const char *name, const char *sub,
			 enum result r, const char *reason)
{
	fprintf(out, "%-8s %s%s%s:%s", num, name, sub ? "/" : "", sub ?: "",
		res_str(r));
	if (r == RES_SKIP && reason && *reason)
		fprintf(out, " (%s)", reason);
	fputc('\n', out);
}

static void count_result(enum result r)
{
	if (r == RES_OK)
		stats.res_ok++;
	else if (r == RES_FAIL)
		stats.res_fail++;
	else
		stats.res_skip++;
}

static void subtest_end(void)
{
	struct test_state *t = cur;
	enum result r;
	char num[32];

	if (!t || !t->sub_name)
		return;
	r = t->sub_failed ? RES_FAIL : t->sub_skipped ? RES_SKIP : RES_OK;
	if (r == RES_FAIL || env.verbose) {
		fflush(stdout);
		fflush(stderr);
		fflush(out);
		log_dump(out_fd, t->sub_log_start);
	}
	/* the subtest's output is not part of the test's own output */
	log_truncate(t->sub_log_start);
	snprintf(num, sizeof(num), "#%d/%d", t->num, t->sub_num);
	print_result(num, t->def->name, t->sub_name, r, t->sub_skip_reason);
	count_result(r);
	t->subs_run++;
	if (r == RES_OK)
		t->subs_ok++;
	else if (r == RES_SKIP)
		t->subs_skip++;
	else
		t->subs_fail++;
	free(t->sub_name);
	t->sub_name = NULL;
}

bool test__start_subtest(const char *name)
{
	struct test_state *t = cur;
	const struct filter_entry *deny;
	char num[32];

	if (!t) {
		fprintf(stderr, "test__start_subtest() outside a test\n");
		return false;
	}
	subtest_end();
	t->sub_num++;
	if (!name || !*name) {
		__ASSERT_FAIL(t->def->name, "subtest #%d has no name", t->sub_num);
		return false;
	}
	if (!subtest_selected(t->num, t->def->name, t->sub_num, name))
		return false;
	deny = filter_find_sub(&deny_list, t->def->name, name);
	if (deny) {
		snprintf(num, sizeof(num), "#%d/%d", t->num, t->sub_num);
		print_result(num, t->def->name, name, RES_SKIP,
			     deny->reason ?: "in deny list");
		count_result(RES_SKIP);
		t->subs_run++;
		t->subs_skip++;
		return false;
	}
	t->sub_name = xstrdup(name);
	t->sub_failed = false;
	t->sub_skipped = false;
	t->sub_skip_reason[0] = '\0';
	t->sub_log_start = log_pos();
	return true;
}

void test__fail(void)
{
	if (!cur)
		return;
	if (cur->sub_name)
		cur->sub_failed = true;
	else
		cur->failed = true;
}

void test__skip_reason(const char *fmt, ...)
{
	char *reason;
	va_list ap;

	if (!cur)
		return;
	if (cur->sub_name) {
		cur->sub_skipped = true;
		reason = cur->sub_skip_reason;
	} else {
		cur->skipped = true;
		reason = cur->skip_reason;
	}
	/* test__skip() passes " " and test__skip("x") passes " x" */
	if (fmt[0] == ' ')
		fmt++;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(cur->skip_reason), fmt, ap);
	va_end(ap);
	if (*reason)
		printf("skipped: %s\n", reason);
}

const char *test__name(void)
{
	return cur ? cur->def->name : NULL;
}

const char *test__subtest_name(void)
{
	return cur ? cur->sub_name : NULL;
}

void test__assert_fail(const char *file, int line, const char *name,
		       const char *fmt, ...)
{
	const char *base = strrchr(file, '/');
	va_list ap;

	printf("%s:%d: FAIL %s: ", base ? base + 1 : file, line, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	test__fail();
}

static enum result test_result(const struct test_state *t)
{
	if (t->failed || t->subs_fail)
		return RES_FAIL;
	if (t->subs_ok)
		return RES_OK;
	if (t->skipped || (t->subs_run && t->subs_skip == t->subs_run))
		return RES_SKIP;
	return RES_OK;
}

static void run_test(const struct prog_test_def *def, int num)
{
	struct test_state t = { .def = def, .num = num };
	enum result r;
	char nbuf[32];

	cur = &t;
	capture_start();
	alarm(env.timeout);
	def->fn();
	subtest_end();
	alarm(0);
	capture_stop();
	cur = NULL;

	r = test_result(&t);
	if (r == RES_FAIL || env.verbose) {
		fflush(out);
		log_dump(out_fd, 0);
	}
	if (r == RES_SKIP && !t.skipped)
		snprintf(t.skip_reason, sizeof(t.skip_reason),
			 "all subtests skipped");
	snprintf(nbuf, sizeof(nbuf), "#%d", num);
	print_result(nbuf, def->name, NULL, r, t.skip_reason);

	if (!t.subs_run)
		count_result(r);
	else if (t.failed)
		count_result(RES_FAIL);
	else if (t.skipped)
		count_result(RES_SKIP);

	if (r == RES_OK) {
		stats.tests_ok++;
		stats.subs_ok += t.subs_ok;
	} else if (r == RES_FAIL) {
		stats.tests_failed++;
		stats.subs_ok += t.subs_ok;
	}
	stats.skipped += t.subs_skip + (r == RES_SKIP && !t.subs_run) +
			 (t.skipped && t.subs_run);
}

static void print_denied(int num, const char *name,
			 const struct filter_entry *deny)
{
	char nbuf[32];

	snprintf(nbuf, sizeof(nbuf), "#%d", num);
	print_result(nbuf, name, NULL, RES_SKIP, deny->reason ?: "in deny list");
	count_result(RES_SKIP);
	stats.skipped++;
}

/* ---- libbpf messages ------------------------------------------------------ */

static char *lb_log;
static size_t lb_len, lb_cap;
static bool lb_collect;

static void lb_append(const char *fmt, va_list args)
{
	va_list copy;
	int n;

	va_copy(copy, args);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if (lb_len + n + 1 > lb_cap) {
		lb_cap = (lb_len + n + 1) * 2;
		lb_log = xrealloc(lb_log, lb_cap);
	}
	vsnprintf(lb_log + lb_len, lb_cap - lb_len, fmt, args);
	lb_len += n;
}

static int libbpf_print_fn(enum libbpf_print_level level, const char *fmt,
			   va_list args)
{
	va_list copy;

	if (lb_collect) {
		va_copy(copy, args);
		lb_append(fmt, copy);
		va_end(copy);
	}
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

void test__libbpf_log_start(void)
{
	lb_len = 0;
	if (lb_log)
		lb_log[0] = '\0';
	lb_collect = true;
}

const char *test__libbpf_log_stop(void)
{
	lb_collect = false;
	return lb_log ?: "";
}

/* ---- crashes and hangs ---------------------------------------------------- */

static void say(const char *s)
{
	if (write(out_fd, s, strlen(s)) < 0)
		return;
}

static void report_abort(const char *what)
{
	say("\n");
	say(what);
	say(" in test '");
	say(cur ? cur->def->name : "?");
	if (cur && cur->sub_name) {
		say("/");
		say(cur->sub_name);
	}
	say("'; its output so far:\n");
	if (capturing)
		log_dump(out_fd, 0);
}

static void on_alarm(int sig)
{
	report_abort("WATCHDOG: timeout");
	say("test_progs: aborted\n");
	_exit(1);
}

static void on_crash(int sig)
{
	report_abort(strsignal(sig));
	signal(sig, SIG_DFL);
	raise(sig);
}

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_SANITIZER 1
#endif
#endif

#ifdef HAVE_SANITIZER
#include <dlfcn.h>
#include <sanitizer/common_interface_defs.h>

/*
 * test_progs_san: a sanitizer report during a test goes to fd 2, the
 * capture memfd, and the runtime then exits; print it (and the test's
 * output before it) like a crash
 */
static void on_sanitizer_death(void)
{
	report_abort("sanitizer report");
}

/*
 * gcc links ASan and UBSan as two runtimes, each with its own copy of
 * the common part: the call resolves to ASan's, UBSan's is found by name
 */
static void set_death_callbacks(void)
{
	void (*set_cb)(void (*)(void));
	void *h;

	__sanitizer_set_death_callback(on_sanitizer_death);
	h = dlopen("libubsan.so.1", RTLD_NOW | RTLD_NOLOAD);
	if (!h)
		return;
	set_cb = (void (*)(void (*)(void)))dlsym(h, "__sanitizer_set_death_callback");
	if (set_cb)
		set_cb(on_sanitizer_death);
	dlclose(h);
}
#endif

/*
 * A test writing to a pipe whose reader is gone (a helper program that
 * failed to start) gets EPIPE and fails, instead of the whole run dying
 * silently of SIGPIPE; a handler, not SIG_IGN, so that the programs the
 * tests start get the default again at exec
 */
static void on_sigpipe(int sig)
{
}

static void install_handlers(void)
{
#ifdef HAVE_SANITIZER
	set_death_callbacks();
#endif
	signal(SIGALRM, on_alarm);
	signal(SIGSEGV, on_crash);
	signal(SIGBUS, on_crash);
	signal(SIGFPE, on_crash);
	signal(SIGILL, on_crash);
	signal(SIGABRT, on_crash);
	signal(SIGPIPE, on_sigpipe);
}

/* ---- main ----------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: test_progs [OPTIONS]\n"
"Runs the BPF kernel tests; needs root.\n"
"\n"
"  -t NAME[/SUB],...   run tests whose name contains NAME (and subtests\n"
"                      whose name contains SUB)\n"
"  -n NUM[/SUB],...    run tests by number; NUM and SUB may be ranges (3-5)\n"
"  -a ENTRY,...        allow list: run only these tests/subtests\n"
"  -d ENTRY,...        deny list: print these as SKIP and do not run them\n"
"                      ENTRY is NAME or NAME/SUB with '*' globs, or @FILE\n"
"                      with one entry per line, '#' starting a comment; a\n"
"                      comment is printed as the reason of a denied entry\n"
"  -l                  list the selected tests and exit\n"
"  -v                  verbose: libbpf debug output, output of passing tests\n"
"  -D DIR              directory of the BPF objects (default: the\n"
"                      executable's directory)\n"
"  -w SECONDS          abort when one test runs longer (default 300, 0 off)\n"
"  -h                  this help\n"
"\n"
"Environment: TEST_PROGS_ALLOW and TEST_PROGS_DENY hold more -a and -d\n"
"entries, in the same syntax.\n");
}

static int parse_args(int argc, char **argv)
{
	char *end;
	int opt;

	while ((opt = getopt(argc, argv, "t:n:a:d:lvD:w:h")) != -1) {
		switch (opt) {
		case 't':
			if (filter_parse(&name_filter, optarg))
				return -EINVAL;
			break;
		case 'n':
			if (num_parse(&num_filter, optarg))
				return -EINVAL;
			break;
		case 'a':
			if (filter_parse(&allow_list, optarg))
				return -EINVAL;
			break;
		case 'd':
			if (filter_parse(&deny_list, optarg))
				return -EINVAL;
			break;
		case 'l':
			env.list = true;
			break;
		case 'v':
			env.verbose = true;
			break;
		case 'D':
			env.dir = optarg;
			break;
		case 'w':
			env.timeout = strtoul(optarg, &end, 10);
			if (*end || end == optarg) {
				fprintf(stderr, "test_progs: bad -w '%s'\n", optarg);
				return -EINVAL;
			}
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "test_progs: unexpected argument '%s'\n",
			argv[optind]);
		return -EINVAL;
	}
	return 0;
}

static int parse_env(void)
{
	const char *v;

	v = getenv("TEST_PROGS_ALLOW");
	if (v && *v && filter_parse(&allow_list, v))
		return -EINVAL;
	v = getenv("TEST_PROGS_DENY");
	if (v && *v && filter_parse(&deny_list, v))
		return -EINVAL;
	return 0;
}

/* run where the BPF objects are: -D, else next to the executable */
static int enter_dir(void)
{
	char path[4096], *slash;
	ssize_t n;

	if (env.dir) {
		if (chdir(env.dir)) {
			fprintf(stderr, "test_progs: chdir %s: %s\n", env.dir,
				strerror(errno));
			return -errno;
		}
		return 0;
	}
	n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n <= 0)
		return 0;	/* no /proc: stay where we are */
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	if (chdir(path[0] ? path : "/")) {
		fprintf(stderr, "test_progs: chdir %s: %s\n", path,
			strerror(errno));
		return -errno;
	}
	return 0;
}

static void list_tests(void)
{
	int i;

	for (i = 0; i < TEST_CNT; i++)
		if (test_selected(i + 1, prog_tests[i].name))
			printf("%s\n", prog_tests[i].name);
}

#define NO_TCACHE "glibc.malloc.tcache_count=0"

/*
 * glibc's tcache keeps freed chunks counted as in use, which hides leaks
 * from heap_in_use(); run again with it off (once: the tunable is then
 * set). Without /proc this fails and heap checks skip themselves.
 */
static void reexec_without_tcache(char **argv)
{
	const char *old = getenv("GLIBC_TUNABLES");
	char *val;

	if (old && strstr(old, NO_TCACHE))
		return;
	if (old && *old) {
		if (asprintf(&val, "%s:%s", old, NO_TCACHE) < 0)
			return;
	} else {
		val = xstrdup(NO_TCACHE);
	}
	setenv("GLIBC_TUNABLES", val, 1);
	free(val);
	execv("/proc/self/exe", argv);
}

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif

bool test__under_valgrind(void)
{
#ifdef RUNNING_ON_VALGRIND
	return RUNNING_ON_VALGRIND;
#else
	return false;
#endif
}

bool test__heap_exact(void)
{
	const char *t = getenv("GLIBC_TUNABLES");

	return t && strstr(t, NO_TCACHE);
}

int main(int argc, char **argv)
{
	const struct filter_entry *deny;
	int i, ran = 0;

	reexec_without_tcache(argv);
	if (parse_args(argc, argv) || parse_env())
		return 2;
	if (env.list) {
		list_tests();
		return 0;
	}
	if (enter_dir())
		return 2;
	if (capture_init()) {
		fprintf(stderr, "test_progs: cannot set up output capture: %s\n",
			strerror(errno));
		return 2;
	}
	/*
	 * Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK: the
	 * library raises it itself, which the tests thereby exercise.
	 */
	libbpf_set_print(libbpf_print_fn);
	install_handlers();

	for (i = 0; i < TEST_CNT; i++) {
		if (!test_selected(i + 1, prog_tests[i].name))
			continue;
		ran++;
		deny = test_denied(prog_tests[i].name);
		if (deny) {
			print_denied(i + 1, prog_tests[i].name, deny);
			continue;
		}
		run_test(&prog_tests[i], i + 1);
	}
	/* a filter that selects nothing is a mistake, not a pass */
	if (!ran) {
		fprintf(out, "no test matched the filters\n");
		stats.res_fail++;
	}

	fprintf(out, "Summary: %d/%d PASSED, %d SKIPPED, %d FAILED\n",
		stats.tests_ok, stats.subs_ok, stats.skipped, stats.tests_failed);
	fprintf(out, "%d passed, %d failed, %d skipped\n", stats.res_ok,
		stats.res_fail, stats.res_skip);
	capture_fini();
	return stats.res_fail ? 1 : 0;
}
