// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The verifier's log reaches the user when a program fails to load
 * (test_verifier_log.c's bad_prog): in the buffer given with
 * bpf_program__set_log_buf() or the object's kernel_log_buf, and
 * without a buffer in libbpf's warning, which names the program and
 * carries the log's tail after a summary line (program, errno, the
 * verifier's reason line). A program that loads fills a log buffer too
 * when a log level is asked for.
 */
#include "test_progs.h"

#define OBJ_FILE "test_verifier_log.bpf.o"
#define VERIFIER_MSG "invalid mem access"
#define LOG_SIZE (1 << 20)

static struct bpf_object *open_one(const char *prog_name,
				   const struct bpf_object_open_opts *opts,
				   struct bpf_program **pprog)
{
	struct bpf_program *prog;
	struct bpf_object *obj;

	obj = bpf_object__open_file(OBJ_FILE, opts);
	if (!ASSERT_OK_PTR(obj, "open " OBJ_FILE))
		return NULL;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog,
			!strcmp(bpf_program__name(prog), prog_name));
	*pprog = bpf_object__find_program_by_name(obj, prog_name);
	if (!ASSERT_OK_PTR(*pprog, prog_name)) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static void user_log_buf(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	const char *got;
	size_t size = 0;
	char *buf;

	buf = calloc(1, LOG_SIZE);
	if (!ASSERT_OK_PTR(buf, "calloc"))
		return;
	obj = open_one("bad_prog", NULL, &prog);
	if (!obj)
		goto out;
	if (!ASSERT_OK(bpf_program__set_log_buf(prog, buf, LOG_SIZE), "set_log_buf"))
		goto out;
	got = bpf_program__log_buf(prog, &size);
	ASSERT_TRUE(got == buf, "log_buf returns the user's buffer");
	ASSERT_EQ(size, (size_t)LOG_SIZE, "log size");
	ASSERT_ERR(bpf_object__load(obj), "load of bad_prog");
	ASSERT_HAS_SUBSTR(buf, VERIFIER_MSG, "verifier log in the user's buffer");
	ASSERT_LT(bpf_program__fd(prog), 0, "bad_prog has no fd");
out:
	bpf_object__close(obj);
	free(buf);
}

static void object_log_buf(void)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	struct bpf_program *prog;
	struct bpf_object *obj;
	char *buf;

	buf = calloc(1, LOG_SIZE);
	if (!ASSERT_OK_PTR(buf, "calloc"))
		return;
	opts.kernel_log_buf = buf;
	opts.kernel_log_size = LOG_SIZE;
	opts.kernel_log_level = 1;
	obj = open_one("bad_prog", &opts, &prog);
	if (!obj)
		goto out;
	ASSERT_ERR(bpf_object__load(obj), "load of bad_prog");
	ASSERT_HAS_SUBSTR(buf, VERIFIER_MSG, "verifier log in kernel_log_buf");
out:
	bpf_object__close(obj);
	free(buf);
}

static void no_user_buf(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	const char *log;
	int err;

	obj = open_one("bad_prog", NULL, &prog);
	if (!obj)
		return;
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	ASSERT_ERR(err, "load of bad_prog");
	ASSERT_HAS_SUBSTR(log, "bad_prog", "warning names the program");
	ASSERT_HAS_SUBSTR(log, VERIFIER_MSG, "warning carries the log tail");
	bpf_object__close(obj);
}

static void small_user_buf(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	char buf[64];

	memset(buf, 'x', sizeof(buf));
	obj = open_one("bad_prog", NULL, &prog);
	if (!obj)
		return;
	ASSERT_OK(bpf_program__set_log_buf(prog, buf, sizeof(buf)), "set_log_buf");
	ASSERT_ERR(bpf_object__load(obj), "load of bad_prog");
	ASSERT_TRUE(memchr(buf, '\0', sizeof(buf)) != NULL,
		    "truncated log is terminated inside the buffer");
	bpf_object__close(obj);
}

static void good_prog_log(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	char *buf;

	buf = calloc(1, LOG_SIZE);
	if (!ASSERT_OK_PTR(buf, "calloc"))
		return;
	obj = open_one("good_prog", NULL, &prog);
	if (!obj)
		goto out;
	ASSERT_OK(bpf_program__set_log_buf(prog, buf, LOG_SIZE), "set_log_buf");
	ASSERT_OK(bpf_program__set_log_level(prog, 1), "set_log_level");
	ASSERT_EQ(bpf_program__log_level(prog), 1, "log_level");
	if (!ASSERT_OK(bpf_object__load(obj), "load of good_prog"))
		goto out;
	ASSERT_OK_FD(bpf_program__fd(prog), "good_prog fd");
	ASSERT_HAS_SUBSTR(buf, "processed", "verifier statistics in the log");
out:
	bpf_object__close(obj);
	free(buf);
}

/* a copy of the line of log holding needle, without its newline ("" if none) */
static void line_with(const char *log, const char *needle, char *buf, size_t size)
{
	const char *p = log ? strstr(log, needle) : NULL, *end;

	buf[0] = '\0';
	if (!p)
		return;
	while (p > log && p[-1] != '\n')
		p--;
	end = strchrnul(p, '\n');
	snprintf(buf, size, "%.*s", (int)(end - p), p);
}

/*
 * The warning's first line names the program, the errno as the verifier
 * gave it (the load without a log, not the retry made to fetch one) and
 * the verifier's reason: the log line before its "processed N insns"
 * statistics, found here in the log tail the warning prints after it.
 */
static void summary_line(void)
{
	char summary[512], stats[512], expect[512];
	struct bpf_program *prog;
	struct bpf_object *obj;
	const char *log, *p, *reason;
	int err;

	obj = open_one("bad_prog", NULL, &prog);
	if (!obj)
		return;
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	ASSERT_EQ(err, -EACCES, "load of bad_prog");
	line_with(log, "BPF program load failed", summary, sizeof(summary));
	ASSERT_HAS_SUBSTR(summary, "prog 'bad_prog'", "summary names the program");
	snprintf(expect, sizeof(expect), "-EACCES (%s)", strerror(EACCES));
	ASSERT_HAS_SUBSTR(summary, expect, "summary has the errno");

	/* the reason: the line before the statistics, in the dumped tail */
	line_with(log, "processed ", stats, sizeof(stats));
	p = log ? strstr(log, stats) : NULL;
	if (!ASSERT_TRUE(stats[0] && p && p > log + 1, "statistics line in the tail"))
		goto out;
	reason = p - 1;		/* the newline ending the reason line */
	while (reason > log && reason[-1] != '\n')
		reason--;
	snprintf(expect, sizeof(expect), ": %.*s", (int)(p - 1 - reason), reason);
	ASSERT_HAS_SUBSTR(expect, VERIFIER_MSG, "reason line of the log");
	ASSERT_TRUE(strlen(summary) >= strlen(expect) &&
		    !strcmp(summary + strlen(summary) - strlen(expect), expect),
		    "summary ends with the verifier's reason line");
	if (env.verbose)
		fprintf(stderr, "summary: %s\nreason:%s\n", summary, expect + 1);
	/* the summary comes before the log's tail */
	ASSERT_LT(strstr(log, "BPF program load failed"), strstr(log, "verifier log (tail)"),
		  "summary before the tail");
out:
	bpf_object__close(obj);
}

/*
 * A user's buffer too small for the log: with log level 1 the kernel
 * fails the load with -ENOSPC and keeps the log's end (6.4+: the summary
 * has the reason line from it) or its start (before: the summary says
 * the reason is cut off rather than quote a line that is not one).
 */
static void summary_truncated(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	char buf[256], summary[512];
	const char *log;
	int err;

	obj = open_one("bad_prog", NULL, &prog);
	if (!obj)
		return;
	ASSERT_OK(bpf_program__set_log_buf(prog, buf, sizeof(buf)), "set_log_buf");
	ASSERT_OK(bpf_program__set_log_level(prog, 1), "set_log_level");
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	ASSERT_EQ(err, -ENOSPC, "load with a small log buffer");
	line_with(log, "BPF program load failed", summary, sizeof(summary));
	ASSERT_HAS_SUBSTR(summary, "prog 'bad_prog'", "summary names the program");
	ASSERT_HAS_SUBSTR(summary, "-ENOSPC", "summary has the errno");
	ASSERT_HAS_SUBSTR(summary, "verifier log truncated", "summary says truncated");
	if (kernel_at_least(6, 4))
		ASSERT_HAS_SUBSTR(summary, "R0 " VERIFIER_MSG " 'map_value_or_null'",
				  "summary has the reason line");
	else
		ASSERT_HAS_SUBSTR(summary, "the reason is cut off",
				  "summary: the kernel kept the log's start");
	bpf_object__close(obj);
}

/* a failed load does not load the good program either, and can be closed */
static void whole_object_fails(void)
{
	struct bpf_object *obj;
	struct bpf_map *map;

	obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	ASSERT_ERR(bpf_object__load(obj), "load with bad_prog");
	ASSERT_LT(prog_fd_by_name(obj, "good_prog"), 0, "good_prog unloaded");
	map = bpf_object__find_map_by_name(obj, "vlog_vals");
	if (ASSERT_OK_PTR(map, "vlog_vals"))
		ASSERT_LT(bpf_map__fd(map), 0, "map released after failed load");
	ASSERT_ERR(bpf_object__load(obj), "second load of the same object");
	bpf_object__close(obj);
}

/*
 * A log larger than the library's first buffer: the load is retried with
 * bigger ones until the kernel's whole log fits, so the warning ends with
 * the verifier's final complaint, not with a truncated middle.
 */
static void big_log(void)
{
	struct bpf_object *obj;
	const char *log;
	int err;

	obj = bpf_object__open_file("test_big_log.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open test_big_log.bpf.o"))
		return;
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	ASSERT_ERR(err, "load of big_log_fail");
	ASSERT_HAS_SUBSTR(log, "big_log_fail", "warning names the program");
	ASSERT_HAS_SUBSTR(log, "invalid mem access", "the tail holds the final error");
	ASSERT_TRUE(log && strlen(log) < 16384, "only the tail is printed");
	bpf_object__close(obj);
}

/*
 * bpf_prog_load_opts.log_true_size: the size the whole log needs, with
 * its NUL, which 6.4+ writes back (0 before), also when the buffer was
 * too small for it.
 */
static void log_true_size(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char buf[4096], small[8];
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = buf, .log_size = sizeof(buf),
		    .log_level = 1);
	__u32 full;
	int fd;

	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "true_size", "GPL", insns, 2, &opts);
	if (!ASSERT_OK_FD(fd, "load"))
		return;
	close(fd);
	if (!kernel_at_least(6, 4)) {
		ASSERT_EQ(opts.log_true_size, 0, "no log_true_size before 6.4");
		return;
	}
	full = strlen(buf) + 1;
	ASSERT_EQ(opts.log_true_size, full, "log_true_size = log + NUL");
	opts.log_buf = small;
	opts.log_size = sizeof(small);
	opts.log_true_size = 0;
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "true_size", "GPL", insns, 2, &opts);
	ASSERT_EQ(fd, -ENOSPC, "small buffer");
	ASSERT_EQ(opts.log_true_size, full, "log_true_size of a truncated log");
}

void test_verifier_log(void)
{
	if (test__start_subtest("user_log_buf"))
		user_log_buf();
	if (test__start_subtest("object_log_buf"))
		object_log_buf();
	if (test__start_subtest("no_user_buf"))
		no_user_buf();
	if (test__start_subtest("small_user_buf"))
		small_user_buf();
	if (test__start_subtest("good_prog_log"))
		good_prog_log();
	if (test__start_subtest("summary_line"))
		summary_line();
	if (test__start_subtest("summary_truncated"))
		summary_truncated();
	if (test__start_subtest("whole_object_fails"))
		whole_object_fails();
	if (test__start_subtest("big_log"))
		big_log();
	if (test__start_subtest("log_true_size"))
		log_true_size();
}
