// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf__dedup() on real BTF, and against the system's libbpf (Debian 12:
 * 1.1) through btf_dedup_dump / btf_dedup_dump.system, which print the
 * result in one canonical form (with a hash of the raw bytes):
 *
 *   cases_system_libbpf    the cases of btf_dedup_cases.h, with and
 *                          without force_collisions;
 *   random_system_libbpf   random units of random programs, plain and as
 *                          split BTF, 150 seeds each (25 in VMs);
 *   objects_system_libbpf  every BPF object of the test directory alone
 *                          with its .BTF.ext, all of them merged with
 *                          btf__add_btf(), and all as split BTF on the
 *                          running kernel's vmlinux BTF;
 *   vmlinux_system_libbpf  the running kernel's BTF;
 *   vmlinux_fixpoint       vmlinux BTF is deduplicated already: the same
 *                          types come out (6.1+; only unreferenced strings
 *                          go), and a second dedup changes no byte;
 *   split_on_vmlinux       objects built from vmlinux.h as split BTF on
 *                          vmlinux: their kernel types become references
 *                          to vmlinux's, which does not change;
 *   kernel_accepts         the kernel loads the deduplicated cases and
 *                          vmlinux BTF.
 */
#include <dirent.h>
#include <time.h>
#include "test_progs.h"
#include "../btf_dedup_cases.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

/* the whole stdout of cmd, malloc()ed, or NULL (reported) */
static char *run_output(const char *cmd)
{
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[65536];
	FILE *f, *out;

	f = popen(cmd, "r");
	if (!ASSERT_OK_PTR(f, cmd))
		return NULL;
	out = open_memstream(&buf, &len);
	if (!ASSERT_OK_PTR(out, "open_memstream")) {
		pclose(f);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, out);
	fclose(out);
	if (!ASSERT_OK(pclose(f), cmd)) {
		fprintf(stderr, "%.2000s\n", buf);
		free(buf);
		return NULL;
	}
	return buf;
}

/* the first line where a and b differ, for the failure message */
static void show_first_diff(const char *a, const char *b)
{
	int line = 1;
	const char *la = a, *lb = b;

	while (*a && *a == *b) {
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	fprintf(stderr, "first difference at line %d:\n  ours:   %.*s\n  system: %.*s\n",
		line, (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
}

/* btf_dedup_dump ARGS and btf_dedup_dump.system ARGS print the same */
static bool same_as_system(const char *args)
{
	char cmd[8192];
	char *ours, *sys;
	bool ok = false;

	snprintf(cmd, sizeof(cmd), "./btf_dedup_dump %s", args);
	ours = run_output(cmd);
	snprintf(cmd, sizeof(cmd), "./btf_dedup_dump.system %s", args);
	sys = ours ? run_output(cmd) : NULL;
	if (ours && sys) {
		ok = !strcmp(ours, sys);
		if (!ASSERT_TRUE(ok, args))
			show_first_diff(ours, sys);
	}
	free(ours);
	free(sys);
	return ok;
}

static bool have_system_tool(void)
{
	if (access("./btf_dedup_dump.system", X_OK) || access("./btf_dedup_dump", X_OK)) {
		test__skip("no btf_dedup_dump{,.system} (built against the system libbpf)");
		return false;
	}
	return true;
}

static void test_cases_system_libbpf(void)
{
	char args[128];
	size_t i;

	if (!have_system_tool())
		return;
	for (i = 0; i < sizeof(dedup_cases) / sizeof(dedup_cases[0]); i++) {
		snprintf(args, sizeof(args), "-c %s", dedup_cases[i].name);
		same_as_system(args);
		snprintf(args, sizeof(args), "-f -c %s", dedup_cases[i].name);
		same_as_system(args);
	}
}

/*
 * random units, plain and split (btf_dedup_cases.h), seeds 1..150; 25 in
 * the VMs, where they are no different but every process is slow
 */
static void test_random_system_libbpf(void)
{
	int seed, bad = 0, seeds = getenv("VMTEST_KERNEL") ? 25 : 150;
	char args[64];

	if (!have_system_tool())
		return;
	for (seed = 1; seed <= seeds && bad < 5; seed++) {
		snprintf(args, sizeof(args), "%s-c random:%d", seed % 2 ? "-f " : "", seed);
		bad += !same_as_system(args);
		snprintf(args, sizeof(args), "%s-c random_split:%d", seed % 2 ? "" : "-f ", seed);
		bad += !same_as_system(args);
	}
}

/* the *.bpf.o of the test directory, sorted, space-separated */
static char *object_list(int *cnt)
{
	struct dirent **ents;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int i, n;

	*cnt = 0;
	n = scandir(".", &ents, NULL, alphasort);
	if (!ASSERT_GE(n, 0, "scandir"))
		return NULL;
	f = open_memstream(&buf, &len);
	for (i = 0; i < n; i++) {
		size_t l = strlen(ents[i]->d_name);

		if (f && l > 6 && !strcmp(ents[i]->d_name + l - 6, ".bpf.o")) {
			fprintf(f, "%s ", ents[i]->d_name);
			(*cnt)++;
		}
		free(ents[i]);
	}
	free(ents);
	if (f)
		fclose(f);
	return buf;
}

static void test_objects_system_libbpf(void)
{
	char args[8192], *objs, *p, *name;
	int cnt;

	if (!have_system_tool())
		return;
	objs = object_list(&cnt);
	if (!objs || !ASSERT_GT(cnt, 10, "BPF objects in the test directory")) {
		free(objs);
		return;
	}
	/* each alone, with the .BTF.ext's records */
	for (p = objs; (name = strtok(p, " ")); p = NULL) {
		snprintf(args, sizeof(args), "-x %s", name);
		same_as_system(args);
	}
	free(objs);
	objs = object_list(&cnt);
	if (!objs)
		return;
	snprintf(args, sizeof(args), "%s", objs);
	same_as_system(args);
	snprintf(args, sizeof(args), "-f %s", objs);
	same_as_system(args);
	if (!access(VMLINUX, R_OK)) {
		snprintf(args, sizeof(args), "-b " VMLINUX " %s", objs);
		same_as_system(args);
	}
	free(objs);
}

static void test_vmlinux_system_libbpf(void)
{
	if (!have_system_tool())
		return;
	if (access(VMLINUX, R_OK)) {
		test__skip("no " VMLINUX);
		return;
	}
	same_as_system(VMLINUX);
}

/* every type of btf in the canonical text form, malloc()ed */
static char *dump_all(const struct btf *btf)
{
	char *buf = NULL;
	size_t len = 0;
	__u32 id;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (id = 1; id < btf__type_cnt(btf); id++)
		dc_print_type(f, btf, id);
	fclose(f);
	return buf;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_vmlinux_fixpoint(void)
{
	struct btf *btf = btf__parse(VMLINUX, NULL);
	const void *raw;
	char *before = NULL, *after = NULL;
	void *raw1 = NULL;
	__u32 cnt, sz, sz1;
	double t;

	if (!btf) {
		test__skip("no " VMLINUX);
		return;
	}
	cnt = btf__type_cnt(btf);
	before = dump_all(btf);
	t = now();
	if (!ASSERT_OK(btf__dedup(btf, NULL), "dedup vmlinux"))
		goto out;
	printf("dedup of vmlinux BTF (%u types): %.3f s, %u types merged\n", cnt - 1,
	       now() - t, cnt - btf__type_cnt(btf));
	/*
	 * Kernels since 6.1 (Debian's; the 6.18 host) have BTF that pahole
	 * deduplicated with libbpf 1.x: nothing is left to merge. Older ones
	 * (5.10) keep types an older dedup did not merge; this one merges
	 * them (as libbpf 1.1 does: vmlinux_system_libbpf).
	 */
	if (kernel_at_least(6, 1)) {
		ASSERT_EQ(btf__type_cnt(btf), cnt, "same type count");
		after = dump_all(btf);
		if (!ASSERT_OK_PTR(after, "dump") || !ASSERT_OK_PTR(before, "dump"))
			goto out;
		if (!ASSERT_TRUE(!strcmp(after, before), "same types, names and members"))
			show_first_diff(after, before);
	}

	/* deduplicated BTF dedups to itself, byte for byte */
	raw = btf__raw_data(btf, &sz1);
	raw1 = raw ? malloc(sz1) : NULL;
	if (!ASSERT_OK_PTR(raw1, "raw data"))
		goto out;
	memcpy(raw1, raw, sz1);
	if (!ASSERT_OK(btf__dedup(btf, NULL), "dedup again"))
		goto out;
	raw = btf__raw_data(btf, &sz);
	ASSERT_EQ(sz, sz1, "raw size");
	ASSERT_TRUE(raw && sz == sz1 && !memcmp(raw, raw1, sz), "raw data unchanged");
out:
	free(raw1);
	free(before);
	free(after);
	btf__free(btf);
}

static void test_split_on_vmlinux(void)
{
	static const char *const objs[] = {
		"hdr_kprobe.bpf.o", "hdr_net.bpf.o", "core_reloc_kern.bpf.o",
		"test_struct_ops.bpf.o",
	};
	static const char *const kernel_structs[] = {
		"list_head", "hlist_node", "callback_head",
	};
	struct btf *base, *split = NULL, *src;
	const void *raw;
	void *base_raw = NULL;
	__u32 base_sz, sz, added = 0, id;
	size_t i;

	base = btf__parse(VMLINUX, NULL);
	if (!base) {
		test__skip("no " VMLINUX);
		return;
	}
	raw = btf__raw_data(base, &base_sz);
	base_raw = raw ? malloc(base_sz) : NULL;
	if (!ASSERT_OK_PTR(base_raw, "base raw"))
		goto out;
	memcpy(base_raw, raw, base_sz);
	split = btf__new_empty_split(base);
	if (!ASSERT_OK_PTR(split, "split"))
		goto out;
	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		src = btf__parse(objs[i], NULL);
		if (!ASSERT_OK_PTR(src, objs[i]))
			goto out;
		added += btf__type_cnt(src) - 1;
		ASSERT_GT(btf__add_btf(split, src), 0, objs[i]);
		btf__free(src);
	}
	if (!ASSERT_OK(btf__dedup(split, NULL), "dedup split"))
		goto out;
	raw = btf__raw_data(base, &sz);
	ASSERT_TRUE(raw && sz == base_sz && !memcmp(raw, base_raw, sz), "base unchanged");
	ASSERT_LT(btf__type_cnt(split) - btf__type_cnt(base), added / 2,
		  "most object types are vmlinux's");
	/*
	 * Kernel structs the objects use are vmlinux's, not copies. Not all
	 * of them: vmlinux.h has no BTF type tags (__rcu, __user, ...), so
	 * structs with tagged pointers, and all that contain them, differ
	 * from vmlinux's (libbpf 1.1 keeps the same copies, see
	 * objects_system_libbpf).
	 */
	for (i = 0; i < sizeof(kernel_structs) / sizeof(kernel_structs[0]); i++) {
		id = btf__find_by_name_kind(split, kernel_structs[i], BTF_KIND_STRUCT);
		ASSERT_GT(id, 0, kernel_structs[i]);
		ASSERT_LT(id, btf__type_cnt(base), kernel_structs[i]);
		for (id = btf__type_cnt(base); id < btf__type_cnt(split); id++) {
			const struct btf_type *t = btf__type_by_id(split, id);

			if (btf_is_struct(t) && !strcmp(btf__name_by_offset(split, t->name_off),
							kernel_structs[i]))
				ASSERT_EQ(id, 0, kernel_structs[i]);
		}
	}
out:
	free(base_raw);
	btf__free(split);
	btf__free(base);
}

/* deduplicated BTF the kernel takes: the non-split cases (6.0+), vmlinux's */
static void test_kernel_accepts(void)
{
	struct btf *btf;
	size_t i;

	if (geteuid()) {
		test__skip("not root");
		return;
	}
	/* the cases use ENUM64 (6.0), tags (5.16, 5.17) */
	for (i = 0; i < sizeof(dedup_cases) / sizeof(dedup_cases[0]); i++) {
		if (dedup_cases[i].split || !kernel_at_least(6, 0))
			continue;
		btf = dedup_cases[i].build(NULL);
		if (ASSERT_OK_PTR(btf, dedup_cases[i].name) &&
		    ASSERT_OK(btf__dedup(btf, NULL), dedup_cases[i].name))
			ASSERT_OK(btf__load_into_kernel(btf), dedup_cases[i].name);
		btf__free(btf);
	}
	btf = btf__parse(VMLINUX, NULL);
	if (!btf)
		return;
	if (ASSERT_OK(btf__dedup(btf, NULL), "dedup vmlinux"))
		ASSERT_OK(btf__load_into_kernel(btf), "load deduplicated vmlinux BTF");
	btf__free(btf);
}

void test_btf_dedup(void)
{
	if (test__start_subtest("cases_system_libbpf"))
		test_cases_system_libbpf();
	if (test__start_subtest("random_system_libbpf"))
		test_random_system_libbpf();
	if (test__start_subtest("objects_system_libbpf"))
		test_objects_system_libbpf();
	if (test__start_subtest("vmlinux_system_libbpf"))
		test_vmlinux_system_libbpf();
	if (test__start_subtest("vmlinux_fixpoint"))
		test_vmlinux_fixpoint();
	if (test__start_subtest("split_on_vmlinux"))
		test_split_on_vmlinux();
	if (test__start_subtest("kernel_accepts"))
		test_kernel_accepts();
}
