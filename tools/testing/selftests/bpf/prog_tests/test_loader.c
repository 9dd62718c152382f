// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The annotation-driven loader (see test_loader.h and progs/bpf_misc.h).
 *
 * The annotations are BTF decl tags named "comment:<key>[=<value>]" on
 * the program's FUNC (component_idx -1). They are read from the object's
 * BTF as clang wrote it, so the kernel never needs to understand them.
 * For each annotated program a fresh instance of the object is opened
 * with only that program set to load, a verifier log buffer attached,
 * and the verdict and log compared with what the annotations promise.
 */
#include "test_progs.h"
#include "test_loader.h"

#define TAG_PREFIX "comment:"
#define MAX_MSGS 32
#define LOG_SIZE (4 << 20)

struct expect_msg {
	const char *str;
	__u32 min_kver;		/* checked only on kernels >= this; 0: always */
};

struct test_spec {
	const char *prog_name;
	const char *description;
	bool annotated;
	bool expect_failure;
	int log_level;		/* -1: not given */
	struct expect_msg msgs[MAX_MSGS];
	int nr_msgs;
	__u32 min_kver;		/* skip below this kernel; 0: none */
	const char *min_reason;
};

/* "5.12 some text": the version, and *rest pointing at "some text" */
static int parse_kver(const char *s, __u32 *kver, const char **rest)
{
	unsigned int maj, min;
	int n = 0;

	if (sscanf(s, "%u.%u%n", &maj, &min, &n) != 2 || maj > 255 || min > 255)
		return -EINVAL;
	s += n;
	if (*s && *s != ' ')
		return -EINVAL;
	*kver = KERNEL_VERSION(maj, min, 0);
	*rest = *s ? s + 1 : s;
	return 0;
}

static int add_msg(struct test_spec *spec, const char *str, __u32 min_kver)
{
	if (spec->nr_msgs >= MAX_MSGS)
		return -E2BIG;
	spec->msgs[spec->nr_msgs].str = str;
	spec->msgs[spec->nr_msgs].min_kver = min_kver;
	spec->nr_msgs++;
	return 0;
}

static bool key_is(const char *tag, const char *key, const char **val)
{
	size_t len = strlen(key);

	if (strncmp(tag, key, len))
		return false;
	if (tag[len] == '\0') {
		*val = NULL;
		return true;
	}
	if (tag[len] != '=')
		return false;
	*val = tag + len + 1;
	return true;
}

/* one "comment:..." tag (without the prefix) into spec; -EINVAL if unknown */
static int parse_tag(struct test_spec *spec, const char *tag)
{
	const char *val, *rest;
	__u32 kver;
	char *end;
	long lvl;

	if (key_is(tag, "test_expect_success", &val) && !val) {
		spec->expect_failure = false;
	} else if (key_is(tag, "test_expect_failure", &val) && !val) {
		spec->expect_failure = true;
	} else if (key_is(tag, "test_expect_msg", &val) && val) {
		return add_msg(spec, val, 0);
	} else if (key_is(tag, "test_expect_msg_min_kernel", &val) && val) {
		if (parse_kver(val, &kver, &rest) || !*rest)
			return -EINVAL;
		return add_msg(spec, rest, kver);
	} else if (key_is(tag, "test_log_level", &val) && val) {
		errno = 0;
		lvl = strtol(val, &end, 0);
		if (errno || end == val || *end || lvl < 0 || lvl > 0xffff)
			return -EINVAL;
		spec->log_level = lvl;
	} else if (key_is(tag, "test_description", &val) && val) {
		spec->description = val;
	} else if (key_is(tag, "test_min_kernel", &val) && val) {
		if (parse_kver(val, &kver, &rest))
			return -EINVAL;
		spec->min_kver = kver;
		spec->min_reason = *rest ? rest : "kernel too old";
	} else {
		return -EINVAL;
	}
	return 0;
}

/*
 * Fill spec from the decl tags of the FUNC named like the program.
 * Returns 0 (spec->annotated says whether there was any), or -errno
 * after printing what is wrong with the annotations.
 */
static int parse_spec(const struct btf *btf, const char *prog_name,
		      struct test_spec *spec)
{
	__u32 i, n = btf__type_cnt(btf);
	int func_id, err;

	memset(spec, 0, sizeof(*spec));
	spec->prog_name = prog_name;
	spec->log_level = -1;
	func_id = btf__find_by_name_kind(btf, prog_name, BTF_KIND_FUNC);
	if (func_id < 0)
		return 0;	/* no BTF for it: not an annotated program */

	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *name;

		if (!btf_is_decl_tag(t) || t->type != (__u32)func_id ||
		    btf_decl_tag(t)->component_idx != -1)
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (!name || strncmp(name, TAG_PREFIX, strlen(TAG_PREFIX)))
			continue;
		spec->annotated = true;
		err = parse_tag(spec, name + strlen(TAG_PREFIX));
		if (err) {
			fprintf(stderr, "prog '%s': bad annotation '%s': %s\n",
				prog_name, name, strerror(-err));
			return err;
		}
	}
	return 0;
}

/* every expected message in order; prints the first one missing */
static bool log_matches(const struct test_spec *spec, const char *log)
{
	__u32 kver = running_kernel_version();
	const char *pos = log;
	int i;

	for (i = 0; i < spec->nr_msgs; i++) {
		const struct expect_msg *m = &spec->msgs[i];
		const char *hit;

		if (m->min_kver && kver < m->min_kver)
			continue;
		hit = strstr(pos, m->str);
		if (!hit) {
			fprintf(stderr, "expected message #%d \"%s\" not in the verifier log%s\n",
				i + 1, m->str, pos == log ? "" : " after the previous one");
			return false;
		}
		pos = hit + strlen(m->str);
	}
	return true;
}

static void print_log(const char *log)
{
	size_t len = strlen(log);

	fprintf(stderr, "---- verifier log (%zu bytes) ----\n%s%s---- end of log ----\n",
		len, log, len && log[len - 1] != '\n' ? "\n" : "");
}

static void run_one(const char *obj_file, const struct test_spec *spec, char *log)
{
	struct bpf_program *prog, *p;
	struct bpf_object *obj;
	bool ok = true;
	int err;

	if (spec->description)
		printf("%s: %s\n", spec->prog_name, spec->description);
	if (spec->min_kver && running_kernel_version() < spec->min_kver) {
		test__skip("needs kernel %u.%u+: %s", spec->min_kver >> 16,
			   (spec->min_kver >> 8) & 0xff, spec->min_reason);
		return;
	}

	obj = bpf_object__open_file(obj_file, NULL);
	if (!ASSERT_OK_PTR(obj, "open object"))
		return;
	prog = bpf_object__find_program_by_name(obj, spec->prog_name);
	if (!ASSERT_OK_PTR(prog, "find program"))
		goto out;
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == prog);

	log[0] = '\0';
	bpf_program__set_log_buf(prog, log, LOG_SIZE);
	if (spec->log_level >= 0)
		bpf_program__set_log_level(prog, spec->log_level);
	else
		bpf_program__set_log_level(prog, spec->nr_msgs ? 2 : 0);

	err = bpf_object__load(obj);
	if (spec->expect_failure) {
		ok = ASSERT_ERR(err, "load must fail");
		/* the verifier, not the library, must be what refused it */
		ok = ASSERT_TRUE(log[0] != '\0', "verifier log of the refusal") && ok;
	} else
		ok = ASSERT_OK(err, "load must succeed");
	if (!err)
		ok = ASSERT_OK_FD(bpf_program__fd(prog), "program fd") && ok;
	if (!log_matches(spec, log)) {
		test__fail();
		ok = false;
	}
	if (!ok)
		print_log(log);
out:
	bpf_object__close(obj);
}

void run_annotated_tests_prefix(const char *obj_file, const char *subtest_prefix)
{
	struct test_spec *spec = NULL;
	struct bpf_program *prog;
	struct bpf_object *obj;
	const struct btf *btf;
	char *log = NULL, name[256];

	obj = bpf_object__open_file(obj_file, NULL);
	if (!ASSERT_OK_PTR(obj, obj_file))
		return;
	btf = bpf_object__btf(obj);
	if (!ASSERT_OK_PTR(btf, "object has BTF"))
		goto out;
	spec = malloc(sizeof(*spec));
	log = malloc(LOG_SIZE);
	if (!ASSERT_OK_PTR(spec, "malloc") || !ASSERT_OK_PTR(log, "malloc"))
		goto out;

	bpf_object__for_each_program(prog, obj) {
		const char *prog_name = bpf_program__name(prog);
		int err;

		err = parse_spec(btf, prog_name, spec);
		if (!err && !spec->annotated)
			continue;
		snprintf(name, sizeof(name), "%s%s", subtest_prefix ?: "", prog_name);
		if (!test__start_subtest(name))
			continue;
		if (err) {
			test__fail();
			continue;
		}
		run_one(obj_file, spec, log);
	}
out:
	free(log);
	free(spec);
	bpf_object__close(obj);
}
