// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tsan_caches: the library's per-process caches hit by many threads at
 * once, built with -fsanitize=thread together with the library's
 * sources (make run_tsan_caches; root, on the host kernel).
 *
 * The caches: vmlinux BTF and the CO-RE name index over it (kernel.c,
 * core.c: pthread_once), /proc/kallsyms and its hash index (kernel.c:
 * pthread_once, the first KSYM_SCANS lookups scan the text), Kconfig and
 * the kernel version (kernel.c), the feature probe results (features.c:
 * atomics, a thread may probe what another is probing), the possible
 * CPU count (maps.c: an atomic), the RLIMIT_MEMLOCK bump of the first
 * load (bpf.c: pthread_once, not reached on kernels with memcg
 * accounting), the list of module BTFs (module_btf.c: a mutex,
 * refreshed by a lookup that misses) and the uprobe PMU's sysfs
 * attributes (attach.c: pthread_once).
 *
 * Every thread runs the same steps; a barrier before each step releases
 * them together, so that each step's caches are used by all threads at
 * the same moment. A cache is filled once per process, by whichever step
 * needs it first: -s N starts the rounds with step N, and the make target
 * runs the program once per step so that each cache is filled cold by
 * each entry point into it. The steps:
 *
 *   load       open and load core_reloc_kern.bpf.o (CO-RE relocations
 *              against vmlinux BTF), test_ksyms.bpf.o (__ksym addresses
 *              from kallsyms) and test_kfuncs.bpf.o (kfuncs from vmlinux
 *              BTF; a weak one the kernel lacks, which searches the
 *              module BTFs and refreshes their list), then close them
 *   btf        the shared vmlinux BTF, names through its index, a
 *              private btf__load_vmlinux_btf() compared with it,
 *              btf__pointer_size() of the shared one, an attach target id
 *   kallsyms   more lookups than KSYM_SCANS: the scan and the index
 *   features   kernel_supports() of every feature, public probes,
 *              libbpf_num_possible_cpus() (cached, maps.c)
 *   modules    the module BTF list and a search of it; Kconfig, version
 *   uprobe     test_attach.bpf.o's uprobe and uretprobe attached to a
 *              function of this program and detached (the uprobe PMU's
 *              type and retprobe bit, read from sysfs once: attach.c)
 *
 * Each thread records what it saw; the answers must be the same in every
 * thread (and the expected ones). ThreadSanitizer reports a data race
 * and stops the program (TSAN_OPTIONS halt_on_error=1 in the make
 * target). The closing line is "N passed, N failed, 0 skipped", one
 * result per thread and step and one per cross-thread comparison.
 * On a kernel without module BTF (the usual host) the modules step only
 * takes the "no module BTF" path of the list, scanning every BTF object.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include "libbpf_internal.h"

#define MAX_THREADS 64
#define KSYM_NAMES 4
#define KSYM_LOOPS 6	/* x KSYM_NAMES lookups per thread: past KSYM_SCANS */

enum step {
	STEP_LOAD, STEP_BTF, STEP_KALLSYMS, STEP_FEATURES, STEP_MODULES, STEP_UPROBE, STEP_CNT
};

static const char *const step_names[STEP_CNT] = {
	"load", "btf", "kallsyms", "features", "modules", "uprobe",
};

static const char *const objects[] = {
	"core_reloc_kern.bpf.o", "test_ksyms.bpf.o", "test_kfuncs.bpf.o",
};

static const char *const ksym_names[KSYM_NAMES] = {
	"do_unlinkat", "bpf_prog_put", "vfs_read", "objtest_no_such_ksym",
};

struct seen {
	int task_struct_id, btf_ptr_sz, attach_id;
	__u64 ksym[KSYM_NAMES];
	bool feat[__FEAT_CNT];
	int cpus;
	int mods_err;
	size_t mods_cnt;
	int find_err;
	__u32 version;
	char kconfig_bpf[8];
};

struct worker {
	pthread_t tid;
	int idx;
	int passed, failed;
	struct seen seen;
};

static pthread_barrier_t barrier;
static int nr_threads = 12, nr_rounds = 3, first_step;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void fail(struct worker *w, const char *step, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&out_lock);
	fprintf(stderr, "thread %d, %s: FAIL ", w->idx, step);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&out_lock);
}

/* 0, or -1 after reporting */
static int step_load(struct worker *w)
{
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(objects); i++) {
		struct bpf_object *obj = bpf_object__open_file(objects[i], NULL);

		if (!obj) {
			fail(w, "load", "open %s: %d", objects[i], -errno);
			return -1;
		}
		err = bpf_object__load(obj);
		bpf_object__close(obj);
		if (err) {
			fail(w, "load", "load %s: %d", objects[i], err);
			return -1;
		}
	}
	return 0;
}

static int step_btf(struct worker *w)
{
	struct btf *shared = libbpf_vmlinux_btf(), *own;
	int id;

	if (!shared) {
		fail(w, "btf", "no vmlinux BTF: %d", -errno);
		return -1;
	}
	own = btf__load_vmlinux_btf();
	if (!own) {
		fail(w, "btf", "btf__load_vmlinux_btf: %d", -errno);
		return -1;
	}
	w->seen.task_struct_id = libbpf_vmlinux_find("task_struct", BTF_KIND_STRUCT);
	id = btf__find_by_name_kind(own, "task_struct", BTF_KIND_STRUCT);
	if (w->seen.task_struct_id <= 0 || w->seen.task_struct_id != id) {
		fail(w, "btf", "task_struct: %d through the index, %d in a private copy",
		     w->seen.task_struct_id, id);
		btf__free(own);
		return -1;
	}
	if (btf__type_cnt(own) != btf__type_cnt(shared)) {
		fail(w, "btf", "%u types in a private copy, %u shared",
		     btf__type_cnt(own), btf__type_cnt(shared));
		btf__free(own);
		return -1;
	}
	btf__free(own);
	w->seen.btf_ptr_sz = (int)btf__pointer_size(shared);
	w->seen.attach_id = libbpf_find_vmlinux_btf_id("task_newtask", BPF_TRACE_RAW_TP);
	if (w->seen.btf_ptr_sz != 8 || w->seen.attach_id <= 0) {
		fail(w, "btf", "pointer size %d, task_newtask id %d", w->seen.btf_ptr_sz,
		     w->seen.attach_id);
		return -1;
	}
	return 0;
}

static int step_kallsyms(struct worker *w)
{
	int i, n;

	for (n = 0; n < KSYM_LOOPS; n++) {
		for (i = 0; i < KSYM_NAMES; i++) {
			__u64 addr = libbpf_kallsyms_addr(ksym_names[i]);

			if (n && addr != w->seen.ksym[i]) {
				fail(w, "kallsyms", "%s: %#llx, before %#llx", ksym_names[i],
				     (unsigned long long)addr,
				     (unsigned long long)w->seen.ksym[i]);
				return -1;
			}
			w->seen.ksym[i] = addr;
		}
	}
	for (i = 0; i < KSYM_NAMES; i++) {
		bool missing = !strncmp(ksym_names[i], "objtest_", 8);

		if (!w->seen.ksym[i] != missing) {
			fail(w, "kallsyms", "%s: %#llx", ksym_names[i],
			     (unsigned long long)w->seen.ksym[i]);
			return -1;
		}
	}
	return 0;
}

static int step_features(struct worker *w)
{
	int id;

	for (id = 0; id < __FEAT_CNT; id++)
		w->seen.feat[id] = kernel_supports(id);
	w->seen.cpus = libbpf_num_possible_cpus();
	if (w->seen.cpus <= 0) {
		fail(w, "features", "libbpf_num_possible_cpus: %d", w->seen.cpus);
		return -1;
	}
	if (!w->seen.feat[FEAT_PROG_NAME] || !w->seen.feat[FEAT_BTF]) {
		fail(w, "features", "a 6.x kernel without program names or BTF");
		return -1;
	}
	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_SOCKET_FILTER, NULL) != 1 ||
	    libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) != 1 ||
	    libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, BPF_FUNC_map_lookup_elem, NULL) != 1) {
		fail(w, "features", "a public probe says no");
		return -1;
	}
	return 0;
}

static int step_modules(struct worker *w)
{
	const struct module_btf *m;
	struct module_btf **mods;
	const char *v;

	w->seen.mods_err = kernel_module_btfs(NULL, false, &mods, &w->seen.mods_cnt);
	free(mods);
	w->seen.find_err = kernel_module_find(NULL, NULL, "objtest_no_such_func",
					      BTF_KIND_FUNC, &m);
	if (w->seen.find_err != -ENOENT || m) {
		fail(w, "modules", "a function no module has: %d", w->seen.find_err);
		return -1;
	}
	w->seen.version = libbpf_kernel_version();
	v = libbpf_kconfig_value("CONFIG_BPF");
	snprintf(w->seen.kconfig_bpf, sizeof(w->seen.kconfig_bpf), "%s", v ?: "");
	if (!w->seen.version) {
		fail(w, "modules", "no kernel version");
		return -1;
	}
	return 0;
}

__attribute__((noinline)) int tsan_uprobe_target(int x);
__attribute__((noinline)) int tsan_uprobe_target(int x)
{
	asm volatile("" : "+r"(x));
	return x + 1;
}

/* a uprobe and a uretprobe through the uprobe PMU, whose type and
 * retprobe bit attach.c reads from sysfs once per process */
static int step_uprobe(struct worker *w)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = "tsan_uprobe_target");
	const char *names[] = { "uprobe_target", "uretprobe_target" };
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_link *link;
	int i, err = -1;

	obj = bpf_object__open_file("test_attach.bpf.o", NULL);
	if (!obj) {
		fail(w, "uprobe", "open test_attach.bpf.o: %d", -errno);
		return -1;
	}
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), names[0]) ||
					  !strcmp(bpf_program__name(prog), names[1]));
	if (bpf_object__load(obj)) {
		fail(w, "uprobe", "load test_attach.bpf.o: %d", -errno);
		goto out;
	}
	for (i = 0; i < 2; i++) {
		opts.retprobe = i;
		prog = bpf_object__find_program_by_name(obj, names[i]);
		link = prog ? bpf_program__attach_uprobe_opts(prog, getpid(), "/proc/self/exe",
							      0, &opts) : NULL;
		if (!link) {
			fail(w, "uprobe", "attach %s: %d", names[i], -errno);
			goto out;
		}
		tsan_uprobe_target(w->idx);
		bpf_link__destroy(link);
	}
	err = 0;
out:
	bpf_object__close(obj);
	return err;
}

static int (*const steps[STEP_CNT])(struct worker *) = {
	step_load, step_btf, step_kallsyms, step_features, step_modules, step_uprobe,
};

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	int r, i;

	for (r = 0; r < nr_rounds; r++) {
		for (i = 0; i < STEP_CNT; i++) {
			int s = (first_step + i) % STEP_CNT;

			pthread_barrier_wait(&barrier);
			if (steps[s](w))
				w->failed++;
			else
				w->passed++;
		}
	}
	return NULL;
}

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* every thread must have seen what thread 0 saw */
static void compare(struct worker *w, int *passed, int *failed)
{
	int i;

	for (i = 1; i < nr_threads; i++) {
		if (memcmp(&w[i].seen, &w[0].seen, sizeof(w[0].seen))) {
			fprintf(stderr, "thread %d saw other answers than thread 0\n", i);
			(*failed)++;
		} else {
			(*passed)++;
		}
	}
}

int main(int argc, char **argv)
{
	struct worker *w;
	int opt, i, passed = 0, failed = 0;

	while ((opt = getopt(argc, argv, "t:r:s:")) != -1) {
		switch (opt) {
		case 't':
			nr_threads = atoi(optarg);
			break;
		case 'r':
			nr_rounds = atoi(optarg);
			break;
		case 's':
			first_step = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || nr_threads < 2 || nr_threads > MAX_THREADS || nr_rounds < 1 ||
	    first_step < 0 || first_step >= STEP_CNT)
		goto usage;

	libbpf_set_print(quiet_print);
	w = calloc(nr_threads, sizeof(*w));
	if (!w || pthread_barrier_init(&barrier, NULL, nr_threads)) {
		fprintf(stderr, "tsan_caches: no memory\n");
		return 2;
	}
	printf("tsan_caches: %d threads, %d rounds, starting with step '%s'\n", nr_threads,
	       nr_rounds, step_names[first_step]);
	for (i = 0; i < nr_threads; i++) {
		w[i].idx = i;
		if (pthread_create(&w[i].tid, NULL, worker_fn, &w[i])) {
			/* the barrier would wait forever for it */
			fprintf(stderr, "tsan_caches: cannot start thread %d\n", i);
			return 2;
		}
	}
	for (i = 0; i < nr_threads; i++) {
		pthread_join(w[i].tid, NULL);
		passed += w[i].passed;
		failed += w[i].failed;
	}
	compare(w, &passed, &failed);
	for (i = 0, opt = 0; i < __FEAT_CNT; i++)
		opt += w[0].seen.feat[i];
	printf("tsan_caches: %d module BTFs (list: %d), task_struct id %d, %d of %d features\n",
	       (int)w[0].seen.mods_cnt, w[0].seen.mods_err, w[0].seen.task_struct_id, opt,
	       __FEAT_CNT);
	printf("%d passed, %d failed, 0 skipped\n", passed, failed);
	pthread_barrier_destroy(&barrier);
	free(w);
	return failed ? 1 : 0;
usage:
	fprintf(stderr, "usage: tsan_caches [-t THREADS (2-%d)] [-r ROUNDS] [-s FIRST_STEP (0-%d)]\n",
		MAX_THREADS, STEP_CNT - 1);
	return 2;
}
