// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_program__attach*(): attach a loaded program and return the link
 * that owns the attachment.
 *
 * One path per kernel mechanism:
 *   - perf events (kprobe, uprobe, tracepoint, user perf events): a perf
 *     event fd with the program attached by BPF_LINK_CREATE where the
 *     kernel has perf links (5.15), else by PERF_EVENT_IOC_SET_BPF;
 *     kprobes and uprobes come from the kprobe/uprobe PMU, or from a
 *     legacy tracefs probe where the PMU is missing or the caller asks;
 *   - BPF_RAW_TRACEPOINT_OPEN for raw tracepoints and BTF-typed tracing
 *     programs (fentry, fexit, fmod_ret, tp_btf, lsm, freplace), or
 *     BPF_LINK_CREATE when a cookie or freplace target is given;
 *   - BPF_LINK_CREATE on a target fd or ifindex (cgroup, netns, sockmap,
 *     xdp, tcx, netkit), for iterators, netfilter, kprobe.multi and
 *     uprobe.multi.
 *
 * bpf_program__attach() picks the mechanism from the section's entry in
 * sec_def.c (or a custom handler's callback, prog_handler.c) and parses
 * the target from the rest of the section name. struct_ops maps attach
 * in struct_ops.c.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include "bpf.h"
#include "libbpf_internal.h"

#ifndef PERF_UPROBE_REF_CTR_OFFSET_SHIFT
#define PERF_UPROBE_REF_CTR_OFFSET_SHIFT 32
#endif

/* ---- perf event links -------------------------------------------------- */

struct bpf_link_perf {
	struct bpf_link link;
	int perf_fd;
	char *legacy_probe;	/* "kprobes/<name>" or "uprobes/<name>", or NULL */
	bool legacy_is_kprobe;
};

static int remove_legacy_probe(bool kprobe, const char *group_name);
static struct bpf_link *link_from_fd(const struct bpf_program *prog, int fd,
				     const char *what, const char *target);

static int perf_link_detach(struct bpf_link *link)
{
	struct bpf_link_perf *pl = (struct bpf_link_perf *)link;
	int err = 0;

	if (link->fd != pl->perf_fd) {
		if (close(link->fd))
			err = -errno;
	} else {
		ioctl(pl->perf_fd, PERF_EVENT_IOC_DISABLE, 0);
	}
	close(pl->perf_fd);
	if (pl->legacy_probe) {
		int rerr = remove_legacy_probe(pl->legacy_is_kprobe, pl->legacy_probe);

		if (!err)
			err = rerr;
	}
	return err;
}

static void perf_link_dealloc(struct bpf_link *link)
{
	struct bpf_link_perf *pl = (struct bpf_link_perf *)link;

	free(pl->legacy_probe);
	free(pl);
}

static int prog_fd_checked(const struct bpf_program *prog)
{
	int fd = bpf_program__fd(prog);

	if (fd < 0)
		pr_warn("prog '%s': attach of a program that is not loaded\n",
			bpf_program__name(prog));
	return fd;
}

struct bpf_link *
bpf_program__attach_perf_event_opts(const struct bpf_program *prog, int pfd,
				    const struct bpf_perf_event_opts *opts)
{
	__u64 cookie = OPTS_GET(opts, bpf_cookie, 0);
	struct bpf_link_perf *pl;
	int prog_fd, link_fd, err;

	if (!prog || !OPTS_VALID(opts, bpf_perf_event_opts))
		return libbpf_err_ptr(-EINVAL);
	if (pfd < 0) {
		pr_warn("prog '%s': invalid perf event fd %d\n",
			bpf_program__name(prog), pfd);
		return libbpf_err_ptr(-EINVAL);
	}
	prog_fd = prog_fd_checked(prog);
	if (prog_fd < 0)
		return libbpf_err_ptr(-EINVAL);

	pl = calloc(1, sizeof(*pl));
	if (!pl)
		return libbpf_err_ptr(-ENOMEM);
	pl->perf_fd = pfd;
	pl->link.detach = perf_link_detach;
	pl->link.dealloc = perf_link_dealloc;

	if (kernel_supports(FEAT_PERF_LINK) && !OPTS_GET(opts, force_ioctl_attach, false)) {
		LIBBPF_OPTS(bpf_link_create_opts, lopts, .perf_event.bpf_cookie = cookie);

		link_fd = bpf_link_create(prog_fd, pfd, BPF_PERF_EVENT, &lopts);
		if (link_fd < 0) {
			err = -errno;
			pr_warn("prog '%s': perf event link on fd %d failed: %s\n",
				bpf_program__name(prog), pfd, libbpf_errstr(err));
			goto err_free;
		}
		pl->link.fd = link_fd;
	} else {
		if (cookie) {
			err = -EOPNOTSUPP;
			pr_warn("prog '%s': a BPF cookie needs perf event links, which this kernel lacks (5.15+)\n",
				bpf_program__name(prog));
			goto err_free;
		}
		if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog_fd) < 0) {
			err = -errno;
			if (err == -EPROTO)
				pr_warn("prog '%s': perf event fd %d takes no program of this type\n",
					bpf_program__name(prog), pfd);
			else
				pr_warn("prog '%s': attach to perf event fd %d failed: %s\n",
					bpf_program__name(prog), pfd, libbpf_errstr(err));
			goto err_free;
		}
		pl->link.fd = pfd;
	}
	/* either way the event is enabled: callers may open it disabled */
	if (ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0) < 0) {
		err = -errno;
		pr_warn("prog '%s': enabling perf event fd %d failed: %s\n",
			bpf_program__name(prog), pfd, libbpf_errstr(err));
		if (pl->link.fd != pfd)
			close(pl->link.fd);
		goto err_free;
	}
	return &pl->link;

err_free:
	free(pl);
	return libbpf_err_ptr(err);
}

struct bpf_link *bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd)
{
	return bpf_program__attach_perf_event_opts(prog, pfd, NULL);
}

static int sys_perf_event_open(struct perf_event_attr *attr, int pid, int cpu)
{
	int fd = syscall(__NR_perf_event_open, attr, pid, cpu, -1,
			 PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : ensure_good_fd(fd);
}

/*
 * The perf link takes the perf event fd and, when given, the legacy
 * probe; on failure both are released here.
 */
static struct bpf_link *attach_perf_fd(const struct bpf_program *prog, int pfd,
				       const struct bpf_perf_event_opts *popts,
				       char *legacy_probe, bool legacy_is_kprobe)
{
	struct bpf_link *link;
	int err;

	link = bpf_program__attach_perf_event_opts(prog, pfd, popts);
	if (!link) {
		err = -errno;
		close(pfd);
		if (legacy_probe)
			remove_legacy_probe(legacy_is_kprobe, legacy_probe);
		free(legacy_probe);
		return libbpf_err_ptr(err);
	}
	((struct bpf_link_perf *)link)->legacy_probe = legacy_probe;
	((struct bpf_link_perf *)link)->legacy_is_kprobe = legacy_is_kprobe;
	return link;
}

/* ---- tracefs ----------------------------------------------------------- */

static const char *tracefs_root(void)
{
	static const char *root;

	if (!root)
		root = access("/sys/kernel/tracing/events", F_OK) == 0 ?
		       "/sys/kernel/tracing" : "/sys/kernel/debug/tracing";
	return root;
}

static int read_u64_file(const char *path, __u64 *val)
{
	unsigned long long v;
	FILE *f;
	int err = 0;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (fscanf(f, "%llu", &v) != 1)
		err = -EINVAL;
	fclose(f);
	*val = v;
	return err;
}

/* id of tracefs event <category>/<name> */
static int tracepoint_id(const char *category, const char *name, __u64 *id)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/events/%s/%s/id", tracefs_root(),
		     category, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return read_u64_file(path, id);
}

static int open_tracepoint_event(const char *category, const char *name, int pid)
{
	struct perf_event_attr attr = {};
	__u64 id;
	int err;

	err = tracepoint_id(category, name, &id);
	if (err)
		return err;
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.size = sizeof(attr);
	attr.config = id;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	return sys_perf_event_open(&attr, pid, pid == -1 ? 0 : -1);
}

static int write_tracefs_file(const char *file, const char *line)
{
	char path[PATH_MAX];
	int fd, err = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", tracefs_root(), file);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, line, strlen(line));
	if (n < 0)
		err = -errno;
	else if ((size_t)n != strlen(line))
		err = -EIO;
	close(fd);
	return err;
}

/* a name no other probe of this or another process uses */
static char *legacy_probe_name(const char *target, size_t offset)
{
	static int counter;
	char buf[128], *p;
	int n;

	n = snprintf(buf, sizeof(buf), "libbpf_%d_%.40s_0x%zx_%d", getpid(),
		     target, offset, __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED));
	if (n < 0)
		return NULL;
	for (p = buf; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			*p = '_';
	return strdup(buf);
}

static int remove_legacy_probe(bool kprobe, const char *name)
{
	char line[256];

	snprintf(line, sizeof(line), "-:%s/%s\n", kprobe ? "kprobes" : "uprobes", name);
	return write_tracefs_file(kprobe ? "kprobe_events" : "uprobe_events", line);
}

/*
 * Create a tracefs probe and open its perf event; *name_out receives the
 * probe name (the caller's to remove and free). target is "func+off" for
 * kprobes, "path:0xoff" for uprobes.
 */
static int open_legacy_probe(bool kprobe, bool retprobe, const char *what,
			     size_t offset, const char *target, int pid,
			     char **name_out)
{
	const char *group = kprobe ? "kprobes" : "uprobes";
	char line[PATH_MAX + 256], *name;
	int pfd, err;

	name = legacy_probe_name(what, offset);
	if (!name)
		return -ENOMEM;
	snprintf(line, sizeof(line), "%c:%s/%s %s\n", retprobe ? 'r' : 'p',
		 group, name, target);
	err = write_tracefs_file(kprobe ? "kprobe_events" : "uprobe_events", line);
	if (err) {
		pr_warn("legacy %s '%s': adding the tracefs probe failed: %s\n",
			kprobe ? "kprobe" : "uprobe", target, libbpf_errstr(err));
		free(name);
		return err;
	}
	pfd = open_tracepoint_event(group, name, pid);
	if (pfd < 0) {
		remove_legacy_probe(kprobe, name);
		free(name);
		return pfd;
	}
	*name_out = name;
	return pfd;
}

/* ---- kprobe and uprobe PMUs --------------------------------------------- */

/* type of a dynamic PMU ("kprobe", "uprobe"), -ENOENT without it */
static int read_pmu_type(const char *pmu)
{
	char path[128];
	__u64 v;
	int err;

	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type", pmu);
	err = read_u64_file(path, &v);
	return err ? err : (int)v;
}

/* bit of config that makes a kprobe/uprobe PMU event a return probe */
static int read_pmu_retprobe_bit(const char *pmu)
{
	char path[128];
	int bit = -EINVAL;
	FILE *f;

	snprintf(path, sizeof(path),
		 "/sys/bus/event_source/devices/%s/format/retprobe", pmu);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (fscanf(f, "config:%d", &bit) != 1)
		bit = -EINVAL;
	fclose(f);
	return bit;
}

/*
 * What sysfs says of the kprobe and uprobe PMUs. A definite answer (the
 * values, or a PMU that is missing or hidden: ENOENT, EACCES, EPERM) is
 * kept for the process (read under a lock: threads may race to be
 * first); a failed read (ENOMEM, EINTR, EMFILE, ...) is not, so that it
 * fails only this attach and the next one reads again, instead of
 * sending every later probe of the process down the legacy tracefs path.
 */
struct pmu_info {
	int type;		/* or -errno; -ENOENT: no such PMU */
	int retprobe_bit;	/* or -errno */
};

static bool pmu_answer_definite(int v)
{
	return v >= 0 || v == -ENOENT || v == -EACCES || v == -EPERM;
}

static struct pmu_info pmu_info(bool uprobe)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct pmu_info info[2];	/* kprobe, uprobe */
	static bool read[2];
	const char *pmu = uprobe ? "uprobe" : "kprobe";
	struct pmu_info pi;

	pthread_mutex_lock(&lock);
	if (read[uprobe]) {
		pi = info[uprobe];
	} else {
		pi.type = read_pmu_type(pmu);
		pi.retprobe_bit = read_pmu_retprobe_bit(pmu);
		if (pmu_answer_definite(pi.type) && pmu_answer_definite(pi.retprobe_bit)) {
			info[uprobe] = pi;
			read[uprobe] = true;
		}
	}
	pthread_mutex_unlock(&lock);
	return pi;
}

static int open_pmu_probe(bool uprobe, bool retprobe, const char *name,
			  __u64 offset, int pid, size_t ref_ctr_off)
{
	const struct pmu_info info = pmu_info(uprobe), *pi = &info;
	struct perf_event_attr attr = {};

	if (pi->type < 0)
		return pi->type;
	attr.size = sizeof(attr);
	attr.type = pi->type;
	if (retprobe) {
		if (pi->retprobe_bit < 0)
			return pi->retprobe_bit;
		attr.config |= 1ULL << pi->retprobe_bit;
	}
	attr.config |= (__u64)ref_ctr_off << PERF_UPROBE_REF_CTR_OFFSET_SHIFT;
	attr.config1 = (__u64)(unsigned long)name;	/* NULL: offset is an address */
	attr.config2 = offset;
	return sys_perf_event_open(&attr, pid, pid == -1 ? 0 : -1);
}

/* how a probe event is made and how the program is attached to it */
static int probe_mode(const struct bpf_program *prog, enum probe_attach_mode mode,
		      const char *pmu, __u64 cookie, bool *legacy,
		      struct bpf_perf_event_opts *popts)
{
	*legacy = false;
	switch (mode) {
	case PROBE_ATTACH_MODE_DEFAULT: {
		int type = pmu_info(!strcmp(pmu, "uprobe")).type;

		/*
		 * a PMU that is missing or hidden (EACCES, EPERM in some
		 * containers) means legacy; another failed read (ENOMEM,
		 * EINTR, EMFILE, ...) fails the attach with its error
		 */
		if (!pmu_answer_definite(type)) {
			pr_warn("prog '%s': reading the %s PMU's type failed: %s\n",
				bpf_program__name(prog), pmu, libbpf_errstr(type));
			return type;
		}
		*legacy = type < 0;
		break;
	}
	case PROBE_ATTACH_MODE_LEGACY:
		*legacy = true;
		popts->force_ioctl_attach = true;
		break;
	case PROBE_ATTACH_MODE_PERF:
		popts->force_ioctl_attach = true;
		break;
	case PROBE_ATTACH_MODE_LINK:
		if (!kernel_supports(FEAT_PERF_LINK)) {
			pr_warn("prog '%s': %s attach as a BPF link needs perf event links, which this kernel lacks (5.15+)\n",
				bpf_program__name(prog), pmu);
			return -EOPNOTSUPP;
		}
		break;
	default:
		return -EINVAL;
	}
	if (cookie && popts->force_ioctl_attach) {
		pr_warn("prog '%s': a BPF cookie needs attach mode default or link\n",
			bpf_program__name(prog));
		return -EINVAL;
	}
	popts->bpf_cookie = cookie;
	return 0;
}

struct bpf_link *
bpf_program__attach_kprobe_opts(const struct bpf_program *prog,
				const char *func_name,
				const struct bpf_kprobe_opts *opts)
{
	LIBBPF_OPTS(bpf_perf_event_opts, popts);
	bool retprobe, legacy;
	char *probe = NULL;
	size_t offset;
	int pfd, err;

	if (!prog || !OPTS_VALID(opts, bpf_kprobe_opts))
		return libbpf_err_ptr(-EINVAL);
	retprobe = OPTS_GET(opts, retprobe, false);
	offset = OPTS_GET(opts, offset, 0);
	if (!func_name && !offset) {
		pr_warn("prog '%s': kprobe needs a function name or an address\n",
			bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	if (prog_fd_checked(prog) < 0)
		return libbpf_err_ptr(-EINVAL);
	err = probe_mode(prog, OPTS_GET(opts, attach_mode, PROBE_ATTACH_MODE_DEFAULT),
			 "kprobe", OPTS_GET(opts, bpf_cookie, 0), &legacy, &popts);
	if (err)
		return libbpf_err_ptr(err);

	if (legacy) {
		char target[256];

		if (func_name)
			snprintf(target, sizeof(target), "%s+%zu", func_name, offset);
		else
			snprintf(target, sizeof(target), "0x%zx", offset);
		pfd = open_legacy_probe(true, retprobe, func_name ?: "addr",
					offset, target, -1, &probe);
	} else {
		pfd = open_pmu_probe(false, retprobe, func_name, offset, -1, 0);
	}
	if (pfd < 0) {
		pr_warn("prog '%s': %s%s '%s+0x%zx' failed: %s\n", bpf_program__name(prog),
			legacy ? "legacy " : "", retprobe ? "kretprobe" : "kprobe",
			func_name ?: "", offset, libbpf_errstr(pfd));
		return libbpf_err_ptr(pfd);
	}
	return attach_perf_fd(prog, pfd, &popts, probe, true);
}

struct bpf_link *bpf_program__attach_kprobe(const struct bpf_program *prog,
					    bool retprobe, const char *func_name)
{
	LIBBPF_OPTS(bpf_kprobe_opts, opts, .retprobe = retprobe);

	return bpf_program__attach_kprobe_opts(prog, func_name, &opts);
}

/* "__x64_" on kernels whose syscalls go through pt_regs wrappers, else "" */
static const char *syscall_prefix(void)
{
	static const char *prefix;

	if (!prefix)
		prefix = libbpf_kallsyms_addr("__x64_sys_getpid") ? "__x64_" : "";
	return prefix;
}

struct bpf_link *bpf_program__attach_ksyscall(const struct bpf_program *prog,
					      const char *syscall_name,
					      const struct bpf_ksyscall_opts *opts)
{
	LIBBPF_OPTS(bpf_kprobe_opts, kopts);
	char func[128];

	if (!prog || !OPTS_VALID(opts, bpf_ksyscall_opts) || !syscall_name)
		return libbpf_err_ptr(-EINVAL);
	snprintf(func, sizeof(func), "%ssys_%s", syscall_prefix(), syscall_name);
	kopts.retprobe = OPTS_GET(opts, retprobe, false);
	kopts.bpf_cookie = OPTS_GET(opts, bpf_cookie, 0);
	return bpf_program__attach_kprobe_opts(prog, func, &kopts);
}

/* ---- kprobe.multi ------------------------------------------------------ */

struct sym_list {
	char **syms;
	size_t cnt, cap;
};

static void sym_list_free(struct sym_list *l)
{
	size_t i;

	for (i = 0; i < l->cnt; i++)
		free(l->syms[i]);
	free(l->syms);
}

static int sym_list_add(struct sym_list *l, const char *name)
{
	if (libbpf_ensure_mem((void **)&l->syms, &l->cap, sizeof(char *), l->cnt + 1))
		return -ENOMEM;
	l->syms[l->cnt] = strdup(name);
	if (!l->syms[l->cnt])
		return -ENOMEM;
	l->cnt++;
	return 0;
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ftrace lists a name once per definition (static functions repeat) */
static void sym_list_uniq(struct sym_list *l)
{
	size_t i, n = 0;

	if (!l->cnt)
		return;
	qsort(l->syms, l->cnt, sizeof(*l->syms), cmp_str_ptr);
	for (i = 1; i < l->cnt; i++) {
		if (!strcmp(l->syms[i], l->syms[n]))
			free(l->syms[i]);
		else
			l->syms[++n] = l->syms[i];
	}
	l->cnt = n + 1;
}

/* functions matching a glob among those ftrace can attach to */
static int glob_traceable_funcs(const char *pattern, struct sym_list *l)
{
	char path[PATH_MAX], line[512], name[256];
	int err = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/available_filter_functions", tracefs_root());
	f = fopen(path, "re");
	if (!f) {
		err = -errno;
		pr_warn("kprobe.multi: cannot read '%s': %s\n", path, libbpf_errstr(err));
		return err;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s", name) != 1)
			continue;
		/* ftrace lists notrace-safe internal and module symbols alike */
		if (!strncmp(name, "__ftrace_invalid_address__", 26))
			continue;
		if (fnmatch(pattern, name, 0))
			continue;
		err = sym_list_add(l, name);
		if (err)
			break;
	}
	fclose(f);
	if (!err)
		sym_list_uniq(l);
	return err;
}

struct bpf_link *
bpf_program__attach_kprobe_multi_opts(const struct bpf_program *prog,
				      const char *pattern,
				      const struct bpf_kprobe_multi_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts);
	const unsigned long *addrs;
	struct sym_list l = {};
	enum bpf_attach_type type;
	const char **syms;
	struct bpf_link *link;
	size_t cnt;
	int prog_fd, fd, err;

	if (!prog || !OPTS_VALID(opts, bpf_kprobe_multi_opts))
		return libbpf_err_ptr(-EINVAL);
	syms = OPTS_GET(opts, syms, NULL);
	addrs = OPTS_GET(opts, addrs, NULL);
	cnt = OPTS_GET(opts, cnt, 0);
	if (!!pattern + !!syms + !!addrs != 1 || (pattern && cnt) ||
	    (!pattern && !cnt) || (pattern && OPTS_GET(opts, cookies, NULL))) {
		pr_warn("prog '%s': kprobe.multi takes exactly one of a pattern, syms or addrs (with cnt)\n",
			bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	prog_fd = prog_fd_checked(prog);
	if (prog_fd < 0)
		return libbpf_err_ptr(-EINVAL);
	if (pattern) {
		err = glob_traceable_funcs(pattern, &l);
		if (!err && !l.cnt) {
			pr_warn("prog '%s': kprobe.multi pattern '%s' matches no traceable function\n",
				bpf_program__name(prog), pattern);
			err = -ENOENT;
		}
		if (!err && l.cnt > 1 && OPTS_GET(opts, unique_match, false)) {
			pr_warn("prog '%s': kprobe.multi pattern '%s' matches %zu functions, unique_match wants one\n",
				bpf_program__name(prog), pattern, l.cnt);
			err = -EINVAL;
		}
		if (err)
			goto out;
		syms = (const char **)l.syms;
		cnt = l.cnt;
	}
	type = OPTS_GET(opts, session, false) ? LIBBPF_TRACE_KPROBE_SESSION :
						BPF_TRACE_KPROBE_MULTI;
	lopts.kprobe_multi.syms = syms;
	lopts.kprobe_multi.addrs = addrs;
	lopts.kprobe_multi.cookies = OPTS_GET(opts, cookies, NULL);
	lopts.kprobe_multi.cnt = cnt;
	lopts.kprobe_multi.flags = OPTS_GET(opts, retprobe, false) ? BPF_F_KPROBE_MULTI_RETURN : 0;
	fd = bpf_link_create(prog_fd, 0, type, &lopts);
	if (fd < 0) {
		err = -errno;
		pr_warn("prog '%s': kprobe.multi link on %zu functions%s%s failed: %s%s\n",
			bpf_program__name(prog), cnt, pattern ? " matching " : "",
			pattern ?: "", libbpf_errstr(err),
			err == -EINVAL || err == -EOPNOTSUPP ?
			" (kprobe.multi needs 5.18 and CONFIG_FPROBE, kprobe.session 6.10)" : "");
		goto out;
	}
	link = bpf_link_new_fd(fd);
	if (!link) {
		close(fd);
		err = -ENOMEM;
		goto out;
	}
	sym_list_free(&l);
	return link;
out:
	sym_list_free(&l);
	return libbpf_err_ptr(err);
}

/* ---- uprobes ------------------------------------------------------------ */

struct bpf_link *
bpf_program__attach_uprobe_opts(const struct bpf_program *prog, pid_t pid,
				const char *binary_path, size_t func_offset,
				const struct bpf_uprobe_opts *opts)
{
	LIBBPF_OPTS(bpf_perf_event_opts, popts);
	char path[PATH_MAX], target[PATH_MAX + 64];
	const char *func_name;
	size_t ref_ctr_off;
	char *probe = NULL;
	bool retprobe, legacy;
	int pfd, err;

	if (!prog || !OPTS_VALID(opts, bpf_uprobe_opts))
		return libbpf_err_ptr(-EINVAL);
	if (!binary_path) {
		pr_warn("prog '%s': uprobe needs a binary path\n", bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	if (prog_fd_checked(prog) < 0)
		return libbpf_err_ptr(-EINVAL);
	retprobe = OPTS_GET(opts, retprobe, false);
	ref_ctr_off = OPTS_GET(opts, ref_ctr_offset, 0);
	func_name = OPTS_GET(opts, func_name, NULL);

	err = resolve_full_path(binary_path, path, sizeof(path));
	if (err) {
		pr_warn("prog '%s': uprobe binary '%s' not found\n",
			bpf_program__name(prog), binary_path);
		return libbpf_err_ptr(err);
	}
	if (func_name) {
		long off = elf_find_func_offset(path, func_name);

		if (off < 0) {
			pr_warn("prog '%s': uprobe function '%s' not found in '%s': %s\n",
				bpf_program__name(prog), func_name, path,
				libbpf_errstr(off));
			return libbpf_err_ptr(off);
		}
		func_offset += off;
	}
	err = probe_mode(prog, OPTS_GET(opts, attach_mode, PROBE_ATTACH_MODE_DEFAULT),
			 "uprobe", OPTS_GET(opts, bpf_cookie, 0), &legacy, &popts);
	if (err)
		return libbpf_err_ptr(err);

	if (legacy) {
		if (ref_ctr_off)
			snprintf(target, sizeof(target), "%s:0x%zx(0x%zx)", path,
				 func_offset, ref_ctr_off);
		else
			snprintf(target, sizeof(target), "%s:0x%zx", path, func_offset);
		pfd = open_legacy_probe(false, retprobe, strrchr(path, '/') + 1,
					func_offset, target, pid, &probe);
	} else {
		pfd = open_pmu_probe(true, retprobe, path, func_offset, pid, ref_ctr_off);
	}
	if (pfd < 0) {
		pr_warn("prog '%s': %s%s '%s:0x%zx' failed: %s\n", bpf_program__name(prog),
			legacy ? "legacy " : "", retprobe ? "uretprobe" : "uprobe",
			path, func_offset, libbpf_errstr(pfd));
		return libbpf_err_ptr(pfd);
	}
	return attach_perf_fd(prog, pfd, &popts, probe, false);
}

struct bpf_link *bpf_program__attach_uprobe(const struct bpf_program *prog,
					    bool retprobe, pid_t pid,
					    const char *binary_path,
					    size_t func_offset)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = retprobe);

	return bpf_program__attach_uprobe_opts(prog, pid, binary_path, func_offset, &opts);
}

/* uprobe.multi: one link, many probes in one binary (6.6) */
struct bpf_link *
bpf_program__attach_uprobe_multi(const struct bpf_program *prog, pid_t pid,
				 const char *binary_path, const char *func_pattern,
				 const struct bpf_uprobe_multi_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts);
	unsigned long *offs = NULL;
	const unsigned long *offsets;
	char path[PATH_MAX];
	const char **syms;
	size_t cnt, i;
	int prog_fd, err;
	bool session;

	if (!prog || !OPTS_VALID(opts, bpf_uprobe_multi_opts))
		return libbpf_err_ptr(-EINVAL);
	syms = OPTS_GET(opts, syms, NULL);
	offsets = OPTS_GET(opts, offsets, NULL);
	cnt = OPTS_GET(opts, cnt, 0);
	session = OPTS_GET(opts, session, false);
	if (!binary_path || !!func_pattern + !!syms + !!offsets != 1 ||
	    (func_pattern && cnt) || (!func_pattern && !cnt) ||
	    (func_pattern && (OPTS_GET(opts, cookies, NULL) ||
			      OPTS_GET(opts, ref_ctr_offsets, NULL))) ||
	    (session && OPTS_GET(opts, retprobe, false))) {
		pr_warn("prog '%s': uprobe.multi takes a binary and exactly one of a pattern, syms or offsets (with cnt)\n",
			bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	prog_fd = prog_fd_checked(prog);
	if (prog_fd < 0)
		return libbpf_err_ptr(-EINVAL);
	err = resolve_full_path(binary_path, path, sizeof(path));
	if (err) {
		pr_warn("prog '%s': uprobe.multi binary '%s' not found\n",
			bpf_program__name(prog), binary_path);
		return libbpf_err_ptr(err);
	}
	if (func_pattern) {
		err = elf_find_pattern_func_offsets(path, func_pattern, &offs, &cnt);
		if (err) {
			pr_warn("prog '%s': no function of '%s' matches '%s': %s\n",
				bpf_program__name(prog), path, func_pattern, libbpf_errstr(err));
			return libbpf_err_ptr(err);
		}
	} else if (syms) {
		offs = calloc(cnt, sizeof(*offs));
		if (!offs)
			return libbpf_err_ptr(-ENOMEM);
		i = cnt;
		err = elf_find_func_offsets(path, syms, cnt, offs, &i);
		if (err) {
			if (i < cnt)
				pr_warn("prog '%s': uprobe.multi function '%s' not found in '%s': %s\n",
					bpf_program__name(prog), syms[i], path, libbpf_errstr(err));
			else
				pr_warn("prog '%s': uprobe.multi cannot read '%s': %s\n",
					bpf_program__name(prog), path, libbpf_errstr(err));
			free(offs);
			return libbpf_err_ptr(err);
		}
	}
	lopts.uprobe_multi.path = path;
	lopts.uprobe_multi.offsets = offs ?: offsets;
	lopts.uprobe_multi.ref_ctr_offsets = OPTS_GET(opts, ref_ctr_offsets, NULL);
	lopts.uprobe_multi.cookies = OPTS_GET(opts, cookies, NULL);
	lopts.uprobe_multi.cnt = cnt;
	lopts.uprobe_multi.flags = OPTS_GET(opts, retprobe, false) ? 1 /* BPF_F_UPROBE_MULTI_RETURN */ : 0;
	/* as for uprobes, 0 is this process and -1 every process (the kernel's 0) */
	lopts.uprobe_multi.pid = pid == 0 ? getpid() : pid < 0 ? 0 : pid;
	err = bpf_link_create(prog_fd, 0, session ? LIBBPF_TRACE_UPROBE_SESSION :
						     LIBBPF_TRACE_UPROBE_MULTI, &lopts);
	free(offs);
	if (err < 0) {
		err = -errno;
		pr_warn("prog '%s': uprobe.multi link on %zu functions of '%s' failed: %s%s\n",
			bpf_program__name(prog), cnt, path, libbpf_errstr(err),
			err == -EINVAL || err == -EOPNOTSUPP ?
			" (uprobe.multi needs 6.6, uprobe.session 6.13)" : "");
		return libbpf_err_ptr(err);
	}
	return link_from_fd(prog, err, "uprobe.multi on", path);
}

/* ---- tracepoints -------------------------------------------------------- */

struct bpf_link *
bpf_program__attach_tracepoint_opts(const struct bpf_program *prog,
				    const char *tp_category, const char *tp_name,
				    const struct bpf_tracepoint_opts *opts)
{
	LIBBPF_OPTS(bpf_perf_event_opts, popts);
	int pfd;

	if (!prog || !OPTS_VALID(opts, bpf_tracepoint_opts) || !tp_category || !tp_name)
		return libbpf_err_ptr(-EINVAL);
	if (prog_fd_checked(prog) < 0)
		return libbpf_err_ptr(-EINVAL);
	popts.bpf_cookie = OPTS_GET(opts, bpf_cookie, 0);
	pfd = open_tracepoint_event(tp_category, tp_name, -1);
	if (pfd < 0) {
		pr_warn("prog '%s': tracepoint '%s/%s' failed: %s%s\n",
			bpf_program__name(prog), tp_category, tp_name,
			libbpf_errstr(pfd), pfd == -ENOENT ?
			" (no such event, or tracefs is not mounted)" : "");
		return libbpf_err_ptr(pfd);
	}
	return attach_perf_fd(prog, pfd, &popts, NULL, false);
}

struct bpf_link *bpf_program__attach_tracepoint(const struct bpf_program *prog,
						const char *tp_category,
						const char *tp_name)
{
	return bpf_program__attach_tracepoint_opts(prog, tp_category, tp_name, NULL);
}

/* ---- raw tracepoints and BTF-typed tracing ------------------------------ */

static struct bpf_link *link_from_fd(const struct bpf_program *prog, int fd,
				     const char *what, const char *target)
{
	struct bpf_link *link;
	int err;

	if (fd < 0) {
		err = -errno;
		pr_warn("prog '%s': %s '%s' failed: %s\n", bpf_program__name(prog),
			what, target, libbpf_errstr(err));
		return libbpf_err_ptr(err);
	}
	link = bpf_link_new_fd(fd);
	if (!link) {
		close(fd);
		return libbpf_err_ptr(-ENOMEM);
	}
	return link;
}

struct bpf_link *
bpf_program__attach_raw_tracepoint_opts(const struct bpf_program *prog,
					const char *tp_name,
					struct bpf_raw_tracepoint_opts *opts)
{
	LIBBPF_OPTS(bpf_raw_tp_opts, ropts);
	int prog_fd;

	if (!prog || !OPTS_VALID(opts, bpf_raw_tracepoint_opts) || !tp_name)
		return libbpf_err_ptr(-EINVAL);
	prog_fd = prog_fd_checked(prog);
	if (prog_fd < 0)
		return libbpf_err_ptr(-EINVAL);
	ropts.tp_name = tp_name;
	ropts.cookie = OPTS_GET(opts, cookie, 0);
	return link_from_fd(prog, bpf_raw_tracepoint_open_opts(prog_fd, &ropts),
			    "raw tracepoint", tp_name);
}

struct bpf_link *bpf_program__attach_raw_tracepoint(const struct bpf_program *prog,
						    const char *tp_name)
{
	return bpf_program__attach_raw_tracepoint_opts(prog, tp_name, NULL);
}

/* fentry, fexit, fmod_ret, tp_btf, lsm and freplace: target set at load */
static struct bpf_link *attach_btf_target(const struct bpf_program *prog,
					  __u64 cookie)
{
	const char *target;
	int prog_fd, fd;

	if (!prog)
		return libbpf_err_ptr(-EINVAL);
	target = prog->attach_func_name ?: prog->sec_name;

	prog_fd = prog_fd_checked(prog);
	if (prog_fd < 0)
		return libbpf_err_ptr(-EINVAL);
	if (cookie) {
		LIBBPF_OPTS(bpf_link_create_opts, lopts, .tracing.cookie = cookie);

		fd = bpf_link_create(prog_fd, 0, prog->expected_attach_type, &lopts);
	} else {
		fd = bpf_raw_tracepoint_open(NULL, prog_fd);
	}
	return link_from_fd(prog, fd, "attach to", target);
}

struct bpf_link *bpf_program__attach_trace_opts(const struct bpf_program *prog,
						const struct bpf_trace_opts *opts)
{
	if (!prog || !OPTS_VALID(opts, bpf_trace_opts))
		return libbpf_err_ptr(-EINVAL);
	return attach_btf_target(prog, OPTS_GET(opts, cookie, 0));
}

struct bpf_link *bpf_program__attach_trace(const struct bpf_program *prog)
{
	return attach_btf_target(prog, 0);
}

struct bpf_link *bpf_program__attach_lsm(const struct bpf_program *prog)
{
	return attach_btf_target(prog, 0);
}

/* ---- iterators ---------------------------------------------------------- */

struct bpf_link *bpf_program__attach_iter(const struct bpf_program *prog,
					  const struct bpf_iter_attach_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts);
	int prog_fd;

	if (!prog || !OPTS_VALID(opts, bpf_iter_attach_opts))
		return libbpf_err_ptr(-EINVAL);
	prog_fd = prog_fd_checked(prog);
	if (prog_fd < 0)
		return libbpf_err_ptr(-EINVAL);
	lopts.iter_info = OPTS_GET(opts, link_info, NULL);
	lopts.iter_info_len = OPTS_GET(opts, link_info_len, 0);
	return link_from_fd(prog, bpf_link_create(prog_fd, 0, BPF_TRACE_ITER, &lopts),
			    "iterator", prog->attach_func_name ?: prog->sec_name);
}

/* ---- links on a target fd or ifindex ----------------------------------- */

static struct bpf_link *attach_to_target(const struct bpf_program *prog,
					 int target, const char *what,
					 enum bpf_attach_type type,
					 const struct bpf_link_create_opts *lopts)
{
	char desc[64];
	int prog_fd;

	prog_fd = prog_fd_checked(prog);
	if (prog_fd < 0)
		return libbpf_err_ptr(-EINVAL);
	snprintf(desc, sizeof(desc), "%s %d", what, target);
	return link_from_fd(prog, bpf_link_create(prog_fd, target, type, lopts),
			    "link to", desc);
}

struct bpf_link *bpf_program__attach_cgroup(const struct bpf_program *prog, int cgroup_fd)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);

	return attach_to_target(prog, cgroup_fd, "cgroup fd",
				prog->expected_attach_type, NULL);
}

struct bpf_link *bpf_program__attach_cgroup_opts(const struct bpf_program *prog,
						 int cgroup_fd,
						 const struct bpf_cgroup_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts);

	if (!prog || !OPTS_VALID(opts, bpf_cgroup_opts))
		return libbpf_err_ptr(-EINVAL);
	lopts.flags = OPTS_GET(opts, flags, 0);
	lopts.cgroup.relative_fd = OPTS_GET(opts, relative_fd, 0);
	lopts.cgroup.relative_id = OPTS_GET(opts, relative_id, 0);
	lopts.cgroup.expected_revision = OPTS_GET(opts, expected_revision, 0);
	return attach_to_target(prog, cgroup_fd, "cgroup fd",
				prog->expected_attach_type, &lopts);
}

struct bpf_link *bpf_program__attach_netns(const struct bpf_program *prog, int netns_fd)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);

	return attach_to_target(prog, netns_fd, "netns fd",
				prog->expected_attach_type, NULL);
}

struct bpf_link *bpf_program__attach_sockmap(const struct bpf_program *prog, int map_fd)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);

	return attach_to_target(prog, map_fd, "sockmap fd",
				prog->expected_attach_type, NULL);
}

struct bpf_link *bpf_program__attach_netfilter(const struct bpf_program *prog,
					       const struct bpf_netfilter_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts);
	char desc[64];
	int prog_fd;

	if (!prog)
		return libbpf_err_ptr(-EINVAL);

	if (!OPTS_VALID(opts, bpf_netfilter_opts) || !opts) {
		pr_warn("prog '%s': netfilter attach needs bpf_netfilter_opts\n",
			bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	lopts.netfilter.pf = OPTS_GET(opts, pf, 0);
	lopts.netfilter.hooknum = OPTS_GET(opts, hooknum, 0);
	lopts.netfilter.priority = OPTS_GET(opts, priority, 0);
	lopts.netfilter.flags = OPTS_GET(opts, flags, 0);
	snprintf(desc, sizeof(desc), "pf %u hook %u priority %d", lopts.netfilter.pf,
		 lopts.netfilter.hooknum, lopts.netfilter.priority);
	prog_fd = prog_fd_checked(prog);
	if (prog_fd < 0)
		return libbpf_err_ptr(-EINVAL);
	return link_from_fd(prog, bpf_link_create(prog_fd, 0, LIBBPF_NETFILTER, &lopts),
			    "netfilter hook", desc);
}

struct bpf_link *bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);

	/* the XDP link type is BPF_XDP whatever the program's section said */
	return attach_to_target(prog, ifindex, "ifindex", BPF_XDP, NULL);
}

static struct bpf_link *attach_tcx_like(const struct bpf_program *prog, int ifindex,
					const char *what, __u32 flags, __u32 rel_fd,
					__u32 rel_id, __u64 revision)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts);

	if (ifindex <= 0 || (rel_fd && rel_id)) {
		pr_warn("prog '%s': %s needs an ifindex and at most one of relative_fd and relative_id\n",
			bpf_program__name(prog), what);
		return libbpf_err_ptr(-EINVAL);
	}
	lopts.flags = flags;
	lopts.tcx.relative_fd = rel_fd;
	lopts.tcx.relative_id = rel_id;
	lopts.tcx.expected_revision = revision;
	return attach_to_target(prog, ifindex, what, prog->expected_attach_type, &lopts);
}

struct bpf_link *bpf_program__attach_tcx(const struct bpf_program *prog, int ifindex,
					 const struct bpf_tcx_opts *opts)
{
	if (!prog || !OPTS_VALID(opts, bpf_tcx_opts))
		return libbpf_err_ptr(-EINVAL);
	return attach_tcx_like(prog, ifindex, "tcx ifindex", OPTS_GET(opts, flags, 0),
			       OPTS_GET(opts, relative_fd, 0),
			       OPTS_GET(opts, relative_id, 0),
			       OPTS_GET(opts, expected_revision, 0));
}

struct bpf_link *bpf_program__attach_netkit(const struct bpf_program *prog, int ifindex,
					    const struct bpf_netkit_opts *opts)
{
	if (!prog || !OPTS_VALID(opts, bpf_netkit_opts))
		return libbpf_err_ptr(-EINVAL);
	return attach_tcx_like(prog, ifindex, "netkit ifindex", OPTS_GET(opts, flags, 0),
			       OPTS_GET(opts, relative_fd, 0),
			       OPTS_GET(opts, relative_id, 0),
			       OPTS_GET(opts, expected_revision, 0));
}

/* BTF id of function func_name in the BTF of the loaded program prog_fd */
static int target_prog_func_id(int prog_fd, const char *func_name)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct btf *btf;
	int id;

	if (bpf_prog_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	if (!info.btf_id)
		return -EINVAL;
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf)
		return -errno;
	id = btf__find_by_name_kind(btf, func_name, BTF_KIND_FUNC);
	btf__free(btf);
	return id;
}

struct bpf_link *bpf_program__attach_freplace(const struct bpf_program *prog,
					      int target_fd,
					      const char *attach_func_name)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts);
	int btf_id, prog_fd;

	if (!prog)
		return libbpf_err_ptr(-EINVAL);
	if (!!target_fd != !!attach_func_name) {
		pr_warn("prog '%s': freplace needs both a target fd and a function name, or neither\n",
			bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	if (prog->type != BPF_PROG_TYPE_EXT) {
		pr_warn("prog '%s': freplace attach of a program that is not freplace\n",
			bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	if (!target_fd)
		return attach_btf_target(prog, 0);
	prog_fd = prog_fd_checked(prog);
	if (prog_fd < 0)
		return libbpf_err_ptr(-EINVAL);
	btf_id = target_prog_func_id(target_fd, attach_func_name);
	if (btf_id < 0) {
		pr_warn("prog '%s': freplace target '%s' not found in prog fd %d: %s\n",
			bpf_program__name(prog), attach_func_name, target_fd,
			libbpf_errstr(btf_id));
		return libbpf_err_ptr(btf_id);
	}
	lopts.target_btf_id = btf_id;
	return link_from_fd(prog, bpf_link_create(prog_fd, target_fd, 0, &lopts),
			    "freplace of", attach_func_name);
}

/* ---- auto-attach by section name --------------------------------------- */

/* the part of the section name after "<prefix>/", or NULL if empty */
static const char *sec_target(const struct bpf_program *prog)
{
	const char *slash = strchr(prog->sec_name, '/');

	return slash && slash[1] ? slash + 1 : NULL;
}

static bool sec_starts(const struct bpf_program *prog, const char *prefix)
{
	const char *name = prog->sec_name + (prog->sec_name[0] == '?');

	return !strncmp(name, prefix, strlen(prefix));
}

/* kprobe/func, kprobe/func+off, kretprobe/func */
static struct bpf_link *auto_kprobe(const struct bpf_program *prog, const char *t)
{
	LIBBPF_OPTS(bpf_kprobe_opts, opts);
	char func[256];
	unsigned long off = 0;
	int n;

	opts.retprobe = sec_starts(prog, "kretprobe");
	n = sscanf(t, "%255[a-zA-Z0-9_.]+%li", func, &off);
	if (n < 1 || (opts.retprobe && off)) {
		pr_warn("prog '%s': cannot parse kprobe target '%s'\n",
			bpf_program__name(prog), t);
		return libbpf_err_ptr(-EINVAL);
	}
	opts.offset = off;
	return bpf_program__attach_kprobe_opts(prog, func, &opts);
}

/* uprobe/path:func[+off], uprobe/path:0xoff, pid -1 (every process) */
static struct bpf_link *auto_uprobe(const struct bpf_program *prog, const char *t)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts);
	char *copy, *colon, *func, *plus, *end;
	struct bpf_link *link;
	unsigned long off = 0;

	copy = strdup(t);
	if (!copy)
		return libbpf_err_ptr(-ENOMEM);
	colon = strrchr(copy, ':');
	if (!colon || !colon[1] || colon == copy)
		goto bad;
	*colon = '\0';
	func = colon + 1;
	opts.retprobe = sec_starts(prog, "uretprobe");
	errno = 0;
	off = strtoul(func, &end, 0);
	if (isdigit((unsigned char)func[0])) {
		if (errno || *end)
			goto bad;
	} else {
		off = 0;
		plus = strchr(func, '+');
		if (plus) {
			*plus = '\0';
			off = strtoul(plus + 1, &end, 0);
			if (*end || !plus[1])
				goto bad;
		}
		opts.func_name = func;
	}
	link = bpf_program__attach_uprobe_opts(prog, -1, copy, off, &opts);
	free(copy);
	return link;
bad:
	pr_warn("prog '%s': cannot parse uprobe target '%s' (want path:func[+off] or path:offset)\n",
		bpf_program__name(prog), t);
	free(copy);
	return libbpf_err_ptr(-EINVAL);
}

/* uprobe.multi/path:pattern, every process */
static struct bpf_link *auto_uprobe_multi(const struct bpf_program *prog, const char *t)
{
	LIBBPF_OPTS(bpf_uprobe_multi_opts, opts);
	struct bpf_link *link;
	char *copy, *colon;

	copy = strdup(t);
	if (!copy)
		return libbpf_err_ptr(-ENOMEM);
	colon = strrchr(copy, ':');
	if (!colon || colon == copy || !colon[1]) {
		pr_warn("prog '%s': cannot parse uprobe.multi target '%s' (want path:pattern)\n",
			bpf_program__name(prog), t);
		free(copy);
		return libbpf_err_ptr(-EINVAL);
	}
	*colon = '\0';
	opts.retprobe = sec_starts(prog, "uretprobe.multi");
	link = bpf_program__attach_uprobe_multi(prog, -1, copy, colon + 1, &opts);
	free(copy);
	return link;
}

static struct bpf_link *auto_tp(const struct bpf_program *prog, const char *t)
{
	char cat[128], name[128];

	if (sscanf(t, "%127[^/]/%127s", cat, name) != 2) {
		pr_warn("prog '%s': cannot parse tracepoint '%s' (want category/name)\n",
			bpf_program__name(prog), t);
		return libbpf_err_ptr(-EINVAL);
	}
	return bpf_program__attach_tracepoint(prog, cat, name);
}

static struct bpf_link *auto_kprobe_multi(const struct bpf_program *prog, const char *t)
{
	LIBBPF_OPTS(bpf_kprobe_multi_opts, opts);

	opts.retprobe = sec_starts(prog, "kretprobe.multi");
	opts.session = sec_starts(prog, "kprobe.session");
	return bpf_program__attach_kprobe_multi_opts(prog, t, &opts);
}

static struct bpf_link *auto_ksyscall(const struct bpf_program *prog, const char *t)
{
	LIBBPF_OPTS(bpf_ksyscall_opts, opts);

	opts.retprobe = sec_starts(prog, "kretsyscall");
	return bpf_program__attach_ksyscall(prog, t, &opts);
}

/* a section whose target is only known to the caller, or not supported yet */
static const char *manual_attach_hint(const struct bpf_program *prog)
{
	switch (prog->type) {
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_SOCK_OPS:
		return "a cgroup: use bpf_program__attach_cgroup()";
	case BPF_PROG_TYPE_XDP:
		return "an interface: use bpf_program__attach_xdp() or bpf_xdp_attach()";
	case BPF_PROG_TYPE_SCHED_CLS:
		return "an interface: use bpf_program__attach_tcx() or bpf_tc_attach()";
	case BPF_PROG_TYPE_SK_LOOKUP:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return "a network namespace: use bpf_program__attach_netns()";
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
		return "a sockmap: use bpf_program__attach_sockmap()";
	case BPF_PROG_TYPE_PERF_EVENT:
		return "a perf event: use bpf_program__attach_perf_event()";
	default:
		return "a target this library cannot find from the section name";
	}
}

/* can bpf_program__attach() find the target from the section name alone? */
static bool sec_auto_attaches(const struct bpf_program *prog)
{
	const struct bpf_sec_def *def = prog->sec_def;

	if (!def || def->attach == SEC_ATTACH_NONE)
		return false;
	/* these take their target from the BTF id found at load */
	if (def->attach == SEC_ATTACH_TRACE || def->attach == SEC_ATTACH_LSM ||
	    def->attach == SEC_ATTACH_ITER)
		return true;
	return sec_target(prog) != NULL;
}

static struct bpf_link *attach_by_sec(const struct bpf_program *prog)
{
	const char *t = sec_target(prog);

	switch (prog->sec_def->attach) {
	case SEC_ATTACH_TRACE:
		return bpf_program__attach_trace(prog);
	case SEC_ATTACH_LSM:
		return bpf_program__attach_lsm(prog);
	case SEC_ATTACH_ITER:
		return bpf_program__attach_iter(prog, NULL);
	case SEC_ATTACH_KPROBE:
		return auto_kprobe(prog, t);
	case SEC_ATTACH_KSYSCALL:
		return auto_ksyscall(prog, t);
	case SEC_ATTACH_KPROBE_MULTI:
		return auto_kprobe_multi(prog, t);
	case SEC_ATTACH_UPROBE:
		return auto_uprobe(prog, t);
	case SEC_ATTACH_UPROBE_MULTI:
		return auto_uprobe_multi(prog, t);
	case SEC_ATTACH_USDT:
		return usdt_attach_by_sec(prog, t);
	case SEC_ATTACH_TP:
		return auto_tp(prog, t);
	case SEC_ATTACH_RAW_TP:
		return bpf_program__attach_raw_tracepoint(prog, t);
	default:
		pr_warn("prog '%s': auto-attach of section '%s' is not supported\n",
			bpf_program__name(prog), prog->sec_name);
		return libbpf_err_ptr(-EOPNOTSUPP);
	}
}

int bpf_program_auto_attach(const struct bpf_program *prog, struct bpf_link **link)
{
	const struct bpf_sec_def *def = prog->sec_def;

	*link = NULL;
	if (!(def && def->prog_attach_fn) && !sec_auto_attaches(prog))
		return 0;
	if (prog_fd_checked(prog) < 0)
		return -EINVAL;
	/* a custom section attaches through its handler (prog_handler.c) */
	if (def->prog_attach_fn)
		return def->prog_attach_fn(prog, def->cookie, link);
	*link = attach_by_sec(prog);
	return *link ? 0 : -errno;
}

struct bpf_link *bpf_program__attach(const struct bpf_program *prog)
{
	struct bpf_link *link;
	int err;

	if (!prog)
		return libbpf_err_ptr(-EINVAL);

	err = bpf_program_auto_attach(prog, &link);
	if (err)
		return libbpf_err_ptr(err);
	if (link)
		return link;
	if (!prog->sec_def || prog->sec_def->prog_attach_fn)
		pr_warn("prog '%s': section '%s' cannot be auto-attached\n",
			bpf_program__name(prog), prog->sec_name);
	else if (prog->sec_def->attach == SEC_ATTACH_NONE)
		pr_warn("prog '%s': section '%s' cannot be auto-attached, it needs %s\n",
			bpf_program__name(prog), prog->sec_name, manual_attach_hint(prog));
	else
		pr_warn("prog '%s': section '%s' names no target to auto-attach to\n",
			bpf_program__name(prog), prog->sec_name);
	return libbpf_err_ptr(-EOPNOTSUPP);
}

/* ---- accessors kept from libbpf 0.x ------------------------------------ */

enum bpf_prog_type bpf_program__get_type(const struct bpf_program *prog)
{
	return bpf_program__type(prog);
}

enum bpf_attach_type
bpf_program__get_expected_attach_type(const struct bpf_program *prog)
{
	return bpf_program__expected_attach_type(prog);
}
