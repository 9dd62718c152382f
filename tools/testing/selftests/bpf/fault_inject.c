// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fault_inject: make the Nth system call of one class fail, for every N,
 * around the library's open/load/attach/buffer paths, and check what the
 * library leaves behind.
 *
 * The binary is linked against the library's objects with
 * -Wl,--wrap=syscall,--wrap=mmap,... (FI_WRAPS in the Makefile): every
 * reference of the library to those functions lands in a __wrap_*()
 * below, which counts the calls of its class and fails the armed one
 * with the chosen errno (nothing of the real call happens), or calls
 * __real_*(). The harness arms the counters only around the operation
 * under test; its own set-up, teardown and checks run disarmed.
 *
 * Every injected run happens in a fork()ed child, so that the library's
 * per-process caches (feature probes, PMU types, ...) start cold and a
 * crash takes only that run. In the child, after the operation and the
 * teardown, these must hold:
 *   - /proc/self/fd lists the same fds (number and target) as before;
 *   - the private bpffs holds the same pins, tracefs's uprobe_events and
 *     kprobe_events the same probes of this process, /proc/self/maps the
 *     same bpf and perf_event mappings as before;
 *   - with ASan, LeakSanitizer finds no leaked heap block;
 * and in the parent:
 *   - every BPF program, map, BTF and link that a bpf() call of the run
 *     created (the wrapper reads its id from the new fd) is gone from the
 *     kernel, checked once per scenario x class (pending_check()): an id
 *     is not reused soon, so other BPF users of the machine cannot make
 *     this check pass or fail;
 *   - the operation returned the injected errno, 0 (the library absorbed
 *     the failure: an optional step, a retry), any error when the failed
 *     call was part of a feature probe (the feature is then missing), or
 *     an error listed in consequences[] with its reason.
 *
 * Usage: fault_inject [-o objdir] [-s scenario] [-c class] [-e errno]
 *                     [-n N] [-l] [-v] [-F] [-q] [-T]
 * With no option, every scenario, class and errno, and every N of a class
 * with up to 64 calls (see next_n(); -F: every N of every class);
 * -s/-c/-e/-n narrow it down to one case; -q: feature probes cold only
 * in the first scenario (prime_features()), as run_all.sh runs it.
 * Without -s/-c/-e/-n (or with -T, alone) the self-checks run first:
 * operations that do leak, each of which the checks must catch.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/perf_event.h>
#include <sys/sdt.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "test_skeleton.skel.h"

#ifdef FI_ASAN
#include <sanitizer/lsan_interface.h>
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the wrappers -------------------------------------------------------- */

enum fi_class {
	FI_BPF,		/* syscall(__NR_bpf) */
	FI_PERF,	/* syscall(__NR_perf_event_open) */
	FI_MEMFD,	/* memfd_create */
	FI_DUP,		/* dup, dup3 */
	FI_FCNTL,	/* fcntl */
	FI_MMAP,	/* mmap */
	FI_OPEN,	/* open, fopen */
	FI_READ,	/* read */
	FI_NETLINK,	/* socket, bind, getsockname, send, recv */
	FI_WRITE,	/* write (tracefs) */
	FI_EPOLL,	/* epoll_create1, epoll_ctl */
	FI_IOCTL,	/* ioctl (perf events) */
	FI_NR,
};

static const char *const class_names[FI_NR] = {
	"bpf", "perf_event_open", "memfd_create", "dup", "fcntl", "mmap",
	"open", "read", "netlink", "write", "epoll", "ioctl",
};

static const int inj_errnos[] = { ENOMEM, EPERM, EINVAL, E2BIG, EINTR };
#define NR_ERRNOS ((int)ARRAY_SIZE(inj_errnos))

/* a kernel object a bpf() call of the run created */
struct obj_id {
	int kind;		/* 0 prog, 1 map, 2 btf, 3 link */
	__u32 id;
	char name[BPF_OBJ_NAME_LEN];
};

#define MAX_CREATED 1024

/* what the parent learns of a run; MAP_SHARED, so a child writes it */
struct shared {
	struct obj_id created[MAX_CREATED];
	int created_cnt;
	int fired_in_probe;	/* the armed call was part of a feature probe */
	long count[FI_NR];
	int fired;		/* the armed call was reached */
	int fired_cmd;		/* its bpf command (mmap: 1 if anonymous), or -1 */
	int err;		/* the operation's return */
	int setup_err;		/* set-up failed (nothing injected) */
	char msg[1024];		/* why a check failed */
};

static struct {
	bool on;		/* counting and injecting */
	int cls;		/* armed class, or -1 */
	long nth;
	int err;
	int in_probe;
	struct shared *sh;
} fi = { .cls = -1 };


long __real_syscall(long nr, ...);
void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __real_memfd_create(const char *name, unsigned int flags);
int __real_dup(int fd);
int __real_dup3(int fd, int fd2, int flags);
int __real_fcntl(int fd, int cmd, ...);
int __real_open(const char *path, int flags, ...);
FILE *__real_fopen(const char *path, const char *mode);
ssize_t __real_read(int fd, void *buf, size_t n);
int __real_socket(int domain, int type, int proto);
int __real_bind(int fd, const struct sockaddr *sa, socklen_t len);
int __real_getsockname(int fd, struct sockaddr *sa, socklen_t *len);
ssize_t __real_send(int fd, const void *buf, size_t n, int flags);
ssize_t __real_recv(int fd, void *buf, size_t n, int flags);
ssize_t __real_write(int fd, const void *buf, size_t n);
int __real_epoll_create1(int flags);
int __real_epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev);
int __real_ioctl(int fd, unsigned long req, ...);

/* true when this call of class cls is the one to fail */
static bool fi_hit(int cls, int bpf_cmd)
{
	if (!fi.on)
		return false;
	if (fi.sh)
		fi.sh->count[cls]++;
	if (cls != fi.cls || !fi.sh || fi.sh->count[cls] != fi.nth)
		return false;
	fi.sh->fired = 1;
	fi.sh->fired_cmd = bpf_cmd;
	fi.sh->fired_in_probe = fi.in_probe > 0;
	errno = fi.err;
	return true;
}

static long real_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return __real_syscall(__NR_bpf, cmd, attr, size);
}

static void track(int cmd, int fd)
{
	union {
		struct bpf_prog_info prog;
		struct bpf_map_info map;
		struct bpf_btf_info btf;
		struct bpf_link_info link;
	} info;
	union bpf_attr attr;
	struct obj_id *o;
	int kind;

	switch (cmd) {
	case BPF_PROG_LOAD:
		kind = 0;
		break;
	case BPF_MAP_CREATE:
		kind = 1;
		break;
	case BPF_BTF_LOAD:
		kind = 2;
		break;
	case BPF_LINK_CREATE:
	case BPF_RAW_TRACEPOINT_OPEN:
		kind = 3;
		break;
	default:
		return;
	}
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (__u64)(unsigned long)&info;
	if (!fi.sh || fi.sh->created_cnt == MAX_CREATED ||
	    real_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)))
		return;
	o = &fi.sh->created[fi.sh->created_cnt++];
	o->kind = kind;
	o->id = kind == 0 ? info.prog.id : kind == 1 ? info.map.id :
		kind == 2 ? info.btf.id : info.link.id;
	if (kind == 0)
		memcpy(o->name, info.prog.name, BPF_OBJ_NAME_LEN);
	else if (kind == 1)
		memcpy(o->name, info.map.name, BPF_OBJ_NAME_LEN);
	else
		o->name[0] = 0;
	o->name[BPF_OBJ_NAME_LEN - 1] = 0;
}

/*
 * Feature probes: a failure injected while one runs makes the library
 * take the feature as missing, which the judge knows.
 */
struct btf_kern_feats;
bool __real_kernel_supports(int id);
void __real_btf_kern_feats_probe(struct btf_kern_feats *f);

bool __wrap_kernel_supports(int id);
static bool kernel_supports_wrapped(int id)
{
	return __wrap_kernel_supports(id);
}

bool __wrap_kernel_supports(int id)
{
	bool ret;

	fi.in_probe++;
	ret = __real_kernel_supports(id);
	fi.in_probe--;
	return ret;
}

void __wrap_btf_kern_feats_probe(struct btf_kern_feats *f)
{
	fi.in_probe++;
	__real_btf_kern_feats_probe(f);
	fi.in_probe--;
}

/*
 * The library's syscall()s take at most five arguments (perf_event_open);
 * reading a sixth would read the caller's stack, which ASan reports.
 */
long __wrap_syscall(long nr, ...)
{
	long a[5], ret;
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 5; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_bpf && fi_hit(FI_BPF, (int)a[0]))
		return -1;
	if (nr == __NR_perf_event_open && fi_hit(FI_PERF, -1))
		return -1;
	ret = __real_syscall(nr, a[0], a[1], a[2], a[3], a[4]);
	if (nr == __NR_bpf && ret >= 0)
		track((int)a[0], (int)ret);
	return ret;
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	/* the "command" of an mmap: 1 for anonymous memory, 0 for a file's */
	if (fi_hit(FI_MMAP, !!(flags & MAP_ANONYMOUS)))
		return MAP_FAILED;
	return __real_mmap(addr, len, prot, flags, fd, off);
}

int __wrap_memfd_create(const char *name, unsigned int flags)
{
	return fi_hit(FI_MEMFD, -1) ? -1 : __real_memfd_create(name, flags);
}

int __wrap_dup(int fd)
{
	return fi_hit(FI_DUP, -1) ? -1 : __real_dup(fd);
}

int __wrap_dup3(int fd, int fd2, int flags)
{
	return fi_hit(FI_DUP, -1) ? -1 : __real_dup3(fd, fd2, flags);
}

int __wrap_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return fi_hit(FI_FCNTL, -1) ? -1 : __real_fcntl(fd, cmd, arg);
}

int __wrap_open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	return fi_hit(FI_OPEN, -1) ? -1 : __real_open(path, flags, mode);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
	return fi_hit(FI_OPEN, -1) ? NULL : __real_fopen(path, mode);
}

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
	return fi_hit(FI_READ, -1) ? -1 : __real_read(fd, buf, n);
}

int __wrap_socket(int domain, int type, int proto)
{
	return fi_hit(FI_NETLINK, -1) ? -1 : __real_socket(domain, type, proto);
}

int __wrap_bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	return fi_hit(FI_NETLINK, -1) ? -1 : __real_bind(fd, sa, len);
}

int __wrap_getsockname(int fd, struct sockaddr *sa, socklen_t *len)
{
	return fi_hit(FI_NETLINK, -1) ? -1 : __real_getsockname(fd, sa, len);
}

ssize_t __wrap_send(int fd, const void *buf, size_t n, int flags)
{
	return fi_hit(FI_NETLINK, -1) ? -1 : __real_send(fd, buf, n, flags);
}

ssize_t __wrap_recv(int fd, void *buf, size_t n, int flags)
{
	return fi_hit(FI_NETLINK, -1) ? -1 : __real_recv(fd, buf, n, flags);
}

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	return fi_hit(FI_WRITE, -1) ? -1 : __real_write(fd, buf, n);
}

int __wrap_epoll_create1(int flags)
{
	return fi_hit(FI_EPOLL, -1) ? -1 : __real_epoll_create1(flags);
}

int __wrap_epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	return fi_hit(FI_EPOLL, -1) ? -1 : __real_epoll_ctl(epfd, op, fd, ev);
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	long arg;

	va_start(ap, req);
	arg = va_arg(ap, long);
	va_end(ap);
	return fi_hit(FI_IOCTL, -1) ? -1 : __real_ioctl(fd, req, arg);
}

/* ---- the environment ------------------------------------------------------ */

static const char *objdir = ".";
static char bpffs[64];		/* a private bpffs */
static char cgroup_dir[PATH_MAX];	/* a fresh cgroup, or "" */
static bool have_tracefs;
static int verbose;

static char *obj_path(const char *name)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", objdir, name);
	return buf;
}

/*
 * A private mount namespace (bpffs on a temp dir, tracefs where the
 * library looks for it) and a private network namespace (its lo for
 * XDP, tc, netfilter and sk_lookup): nothing of either is seen by the
 * other users of the machine.
 */
static int setup_env(void)
{
	if (unshare(CLONE_NEWNS | CLONE_NEWNET)) {
		fprintf(stderr, "unshare: %s\n", strerror(errno));
		return -errno;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
		fprintf(stderr, "making / private: %s\n", strerror(errno));
		return -errno;
	}
	snprintf(bpffs, sizeof(bpffs), "/tmp/fault_inject_bpffs_XXXXXX");
	if (!mkdtemp(bpffs) || mount("bpf", bpffs, "bpf", 0, NULL)) {
		fprintf(stderr, "bpffs on %s: %s\n", bpffs, strerror(errno));
		return -errno;
	}
	if (access("/sys/kernel/tracing/events", F_OK) == 0 ||
	    mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL) == 0)
		have_tracefs = access("/sys/kernel/tracing/events", F_OK) == 0;
	return 0;
}

static void cleanup_env(void)
{
	if (cgroup_dir[0])
		rmdir(cgroup_dir);
	umount2(bpffs, MNT_DETACH);
	rmdir(bpffs);
}

/* a cgroup of its own under the cgroup2 root, for cgroup attachments */
static void setup_cgroup(void)
{
	char line[512], mnt[256], type[64];
	FILE *f = fopen("/proc/self/mounts", "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %255s %63s", mnt, type) == 2 && !strcmp(type, "cgroup2")) {
			snprintf(cgroup_dir, sizeof(cgroup_dir), "%s/fault_inject_%d", mnt, getpid());
			break;
		}
	}
	fclose(f);
	if (cgroup_dir[0] && mkdir(cgroup_dir, 0755))
		cgroup_dir[0] = 0;
}

/* ---- what the checks compare ---------------------------------------------- */

struct snapshot {
	char *fds;		/* "fd target\n" lines */
	char *pins;		/* paths under the bpffs */
	char *probes;		/* uprobe_events + kprobe_events */
	char *maps;		/* bpf / perf_event lines of /proc/self/maps */
};

struct strbuf {
	char *p;
	size_t len, cap;
};

static void sb_add(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	if (sb->len + n + 1 > sb->cap) {
		sb->cap = (sb->len + n + 1) * 2;
		sb->p = realloc(sb->p, sb->cap);
		if (!sb->p)
			abort();
	}
	memcpy(sb->p + sb->len, s, n + 1);
	sb->len += n;
}

static char *sb_done(struct strbuf *sb)
{
	if (!sb->p)
		sb_add(sb, "");
	return sb->p;
}

static void snap_fds(struct strbuf *sb)
{
	char path[300], target[PATH_MAX], line[PATH_MAX + 300];
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	ssize_t n;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = 0;
		snprintf(line, sizeof(line), "%s %s\n", de->d_name, target);
		sb_add(sb, line);
	}
	closedir(d);
}

static void snap_dir(struct strbuf *sb, const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		sb_add(sb, path);
		sb_add(sb, "\n");
		if (de->d_type == DT_DIR)
			snap_dir(sb, path);
	}
	closedir(d);
}

/* the lines of path containing filter or filter2 */
static void snap_file(struct strbuf *sb, const char *path, const char *filter,
		      const char *filter2)
{
	char line[1024];
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, filter) || strstr(line, filter2))
			sb_add(sb, line);
	fclose(f);
}

static void snapshot(struct snapshot *s)
{
	struct strbuf a = {}, b = {}, c = {}, d = {};

	snap_fds(&a);
	snap_dir(&b, bpffs);
	/*
	 * tracefs is shared with every other user of the machine: only the
	 * probes named after this process ("libbpf_<pid>_...") count
	 */
	if (have_tracefs) {
		char mine[32];

		snprintf(mine, sizeof(mine), "libbpf_%d_", getpid());
		snap_file(&c, "/sys/kernel/tracing/uprobe_events", mine, mine);
		snap_file(&c, "/sys/kernel/tracing/kprobe_events", mine, mine);
	}
	snap_file(&d, "/proc/self/maps", "bpf", "perf_event");
	s->fds = sb_done(&a);
	s->pins = sb_done(&b);
	s->probes = sb_done(&c);
	s->maps = sb_done(&d);
}

static void snapshot_free(struct snapshot *s)
{
	free(s->fds);
	free(s->pins);
	free(s->probes);
	free(s->maps);
}

static void complain(const char *fmt, ...)
{
	struct shared *sh = fi.sh;
	size_t len = strlen(sh->msg);
	va_list ap;

	if (len >= sizeof(sh->msg) - 2)
		return;
	va_start(ap, fmt);
	vsnprintf(sh->msg + len, sizeof(sh->msg) - len, fmt, ap);
	va_end(ap);
}

static bool same(const char *what, const char *before, const char *after)
{
	if (!strcmp(before, after))
		return true;
	complain("%s differ: before:\n%safter:\n%s", what, before, after);
	return false;
}

/*
 * tracefs is the machine's, not the namespace's: a probe a failed run
 * left is removed again, so that the next runs (and other users) start
 * clean.
 */
static void remove_new_probes(const char *before, const char *after)
{
	char line[512], name[256], cmd[300];
	const char *p, *nl;
	size_t n;
	int fd;

	for (p = after; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		n = nl - p < (long)sizeof(line) - 1 ? (size_t)(nl - p) : sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = 0;
		if (strstr(before, line) || sscanf(line, "%*c:%255s", name) != 1)
			continue;
		snprintf(cmd, sizeof(cmd), "-:%s\n", name);
		fd = open(strstr(line, "kprobes/") ? "/sys/kernel/tracing/kprobe_events" :
			  "/sys/kernel/tracing/uprobe_events", O_WRONLY | O_APPEND | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (write(fd, cmd, strlen(cmd)) < 0)
			complain("could not remove probe %s: %s\n", name, strerror(errno));
		close(fd);
	}
}

/*
 * Is the object still in the kernel? Asked with GET_NEXT_ID from the id
 * before it, which takes no reference: a GET_FD_BY_ID of a prog_array
 * whose last fd was just closed re-arms its deferred clear (6.18 leaks
 * the map when the clear is still pending), so it is never used here.
 */
static bool obj_exists(const struct obj_id *o)
{
	static const int cmds[] = { BPF_PROG_GET_NEXT_ID, BPF_MAP_GET_NEXT_ID,
				    BPF_BTF_GET_NEXT_ID, BPF_LINK_GET_NEXT_ID };
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = o->id - 1;
	if (real_bpf(cmds[o->kind], &attr, sizeof(attr)))
		return errno != ENOENT;
	return attr.next_id == o->id;
}

/*
 * The objects of the runs of one cell, checked in the parent after the
 * cell: every one must be gone. The kernel frees a program's maps and BTF
 * after an RCU grace period (struct_ops maps after an RCU tasks trace
 * one), so this waits for up to 3 s before calling one leaked; doing it
 * once per cell instead of once per run keeps the runs from waiting.
 * An object outlives its run's process only when something other than an
 * fd holds it (an attachment, a pin, another object), and a leaked fd
 * fails the run's fd check by itself.
 */
static int pending_check_wait(void);

struct pending {
	struct obj_id o;
	char label[96];
};
static struct pending *pending;
static size_t pending_cnt, pending_cap;

static void pending_add(const char *label)
{
	int i;

	for (i = 0; i < fi.sh->created_cnt; i++) {
		if (pending_cnt == pending_cap) {
			pending_cap = pending_cap ? pending_cap * 2 : 1024;
			pending = realloc(pending, pending_cap * sizeof(*pending));
			if (!pending)
				abort();
		}
		pending[pending_cnt].o = fi.sh->created[i];
		snprintf(pending[pending_cnt].label, sizeof(pending->label), "%s", label);
		pending_cnt++;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double check_time;

/* the number of objects left, each reported */
static int pending_check(void)
{
	double t0 = now();
	int left = pending_check_wait();

	check_time += now() - t0;
	return left;
}

static int pending_check_wait(void)
{
	static const char *const kinds[] = { "prog", "map", "btf", "link" };
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	size_t i, left = 0;
	int tries;

	for (tries = 0; tries < 600; tries++) {
		for (left = 0, i = 0; i < pending_cnt; i++)
			left += obj_exists(&pending[i].o);
		if (!left)
			break;
		nanosleep(&ts, NULL);
	}
	for (i = 0; left && i < pending_cnt; i++)
		if (obj_exists(&pending[i].o))
			fprintf(stderr, "FAIL %s: %s id %u '%s' left in the kernel\n",
				pending[i].label, kinds[pending[i].o.kind], pending[i].o.id,
				pending[i].o.name);
	pending_cnt = 0;
	return (int)left;
}

/* ---- scenarios -------------------------------------------------------------- */

struct ctx {
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct test_skeleton *skel;
	int fd;			/* a perf event, netns, ... of the set-up */
	int ifindex;
	__u32 pin_ids[2];	/* the maps the set-up pinned */
};

struct scenario {
	const char *name;
	const char *file;		/* the object, for load and attach scenarios */
	const char *prog;		/* the program an attach scenario loads */
	/* NULL or why the host cannot run it */
	const char *(*skip)(void);
	int (*setup)(struct ctx *c, const struct scenario *s);
	int (*op)(struct ctx *c, const struct scenario *s);
	void (*teardown)(struct ctx *c, const struct scenario *s);
	/* its runs one at a time: they share an interface, pin path or name */
	bool serial;
	/* after the operation, before the teardown: false if it broke something */
	bool (*check)(struct ctx *c, const struct scenario *s);
};

/* (a) open + load + close */
static int op_load(struct ctx *c, const struct scenario *s)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = bpffs);
	struct bpf_object *obj;
	int err;

	obj = bpf_object__open_file(obj_path(s->file), &opts);
	if (!obj)
		return -errno;
	err = bpf_object__load(obj);
	/* pins of a load that worked are the object's, not a leftover */
	if (!err)
		bpf_object__unpin_maps(obj, NULL);
	bpf_object__close(obj);
	return err;
}

/*
 * Pins reused: the set-up pins the maps of the object, the operation
 * loads it again (the maps come from the pins) and closes it; a load
 * failing at any point must leave the pins as they were, the same maps.
 */
static const char *const reuse_pins[] = { "pinned_hash", "pinned_array" };

static __u32 pinned_map_id(const char *name)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", bpffs, name);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	if (bpf_map_get_info_by_fd(fd, &info, &len))
		info.id = 0;
	close(fd);
	return info.id;
}

static int setup_pin_reuse(struct ctx *c, const struct scenario *s)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = bpffs);
	struct bpf_object *obj;
	size_t i;
	int err;

	obj = bpf_object__open_file(obj_path(s->file), &opts);
	if (!obj)
		return -errno;
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	for (i = 0; !err && i < ARRAY_SIZE(reuse_pins); i++) {
		c->pin_ids[i] = pinned_map_id(reuse_pins[i]);
		if (!c->pin_ids[i])
			err = -ENOENT;
	}
	return err;
}

static int op_load_reuse(struct ctx *c, const struct scenario *s)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = bpffs);
	struct bpf_object *obj;
	int err;

	obj = bpf_object__open_file(obj_path(s->file), &opts);
	if (!obj)
		return -errno;
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

static bool check_pin_reuse(struct ctx *c, const struct scenario *s)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reuse_pins); i++) {
		__u32 id = pinned_map_id(reuse_pins[i]);

		if (id != c->pin_ids[i]) {
			complain("pin %s: map id %u, was %u\n", reuse_pins[i], id, c->pin_ids[i]);
			ok = false;
		}
	}
	return ok;
}

static void teardown_pin_reuse(struct ctx *c, const struct scenario *s)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reuse_pins); i++) {
		snprintf(path, sizeof(path), "%s/%s", bpffs, reuse_pins[i]);
		unlink(path);
	}
}

/*
 * bpf_object__pin() of a loaded object (every map, then every program,
 * under one directory): a failure must leave no pin behind (the emptied
 * directory is the caller's). The pins of a pin that worked are removed
 * disarmed.
 */
static int op_pin_object(struct ctx *c, const struct scenario *s)
{
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), "%s/obj", bpffs);
	err = bpf_object__pin(c->obj, path);
	fi.on = false;
	if (!err && (bpf_object__unpin_maps(c->obj, path) ||
		     bpf_object__unpin_programs(c->obj, path)))
		complain("unpinning %s failed\n", path);
	/* the directory is made for the pins and stays, as with libbpf */
	rmdir(path);
	fi.on = true;
	return err;
}

/* the kernel's BTF: from sysfs, and from the kernel by id (vmlinux's is 1) */
static int op_btf_vmlinux(struct ctx *c, const struct scenario *s)
{
	struct btf *btf = btf__load_vmlinux_btf();

	if (!btf)
		return -errno;
	btf__free(btf);
	return 0;
}

static int op_btf_by_id(struct ctx *c, const struct scenario *s)
{
	struct btf *btf = btf__load_from_kernel_by_id(1);

	if (!btf)
		return -errno;
	btf__free(btf);
	return 0;
}

/* (b) a bpftool skeleton through its whole life */
static int op_skeleton(struct ctx *c, const struct scenario *s)
{
	struct test_skeleton *skel;
	int err;

	skel = test_skeleton__open();
	if (!skel)
		return -errno;
	err = test_skeleton__load(skel);
	if (!err)
		err = test_skeleton__attach(skel);
	test_skeleton__destroy(skel);
	return err;
}

/* (c) attach kinds: the object loaded disarmed, the attach armed */
static int setup_attach(struct ctx *c, const struct scenario *s)
{
	struct bpf_program *p;
	int err;

	c->fd = -1;
	c->obj = bpf_object__open_file(obj_path(s->file), NULL);
	if (!c->obj)
		return -errno;
	bpf_object__for_each_program(p, c->obj)
		bpf_program__set_autoload(p, !s->prog || !strcmp(bpf_program__name(p), s->prog));
	c->prog = s->prog ? bpf_object__find_program_by_name(c->obj, s->prog) : NULL;
	if (s->prog && !c->prog)
		return -ENOENT;
	err = bpf_object__load(c->obj);
	c->ifindex = if_nametoindex("lo");
	return err;
}

static void teardown_attach(struct ctx *c, const struct scenario *s)
{
	bpf_link__destroy(c->link);
	if (c->fd >= 0)
		close(c->fd);
	bpf_object__close(c->obj);
}

/*
 * The link made, then destroyed disarmed: a detach that fails leaves the
 * attachment by design (the caller may retry), so it is not injected.
 */
static int link_result(struct ctx *c, struct bpf_link *link)
{
	int err;

	if (!link)
		return -errno;
	fi.on = false;
	err = bpf_link__destroy(link);
	fi.on = true;
	if (err)
		complain("bpf_link__destroy: %d\n", err);
	return 0;
}

static int op_tracepoint(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_tracepoint(c->prog, "syscalls",
							     "sys_enter_getpgid"));
}

static int op_raw_tp(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_raw_tracepoint(c->prog, "sys_enter"));
}

static int op_trace(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_trace(c->prog));
}

__attribute__((noinline)) int fi_uprobe_target(int x);
__attribute__((noinline)) int fi_uprobe_target(int x)
{
	STAP_PROBE1(fault_inject, probe, x);
	asm volatile ("" ::: "memory");
	return x + 1;
}

static int op_uprobe_mode(struct ctx *c, enum probe_attach_mode mode, bool ret)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = "fi_uprobe_target",
		    .attach_mode = mode, .retprobe = ret);

	return link_result(c, bpf_program__attach_uprobe_opts(c->prog, -1, "/proc/self/exe",
							      0, &opts));
}

static int op_uprobe(struct ctx *c, const struct scenario *s)
{
	return op_uprobe_mode(c, PROBE_ATTACH_MODE_DEFAULT, false);
}

static int op_uretprobe(struct ctx *c, const struct scenario *s)
{
	return op_uprobe_mode(c, PROBE_ATTACH_MODE_DEFAULT, true);
}

static int op_uprobe_legacy(struct ctx *c, const struct scenario *s)
{
	return op_uprobe_mode(c, PROBE_ATTACH_MODE_LEGACY, false);
}

static int op_uprobe_multi(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_uprobe_multi(c->prog, -1, "/proc/self/exe",
								"fi_uprobe_target", NULL));
}

static int op_usdt(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_usdt(c->prog, -1, "/proc/self/exe",
						       "fault_inject", "probe", NULL));
}

static int setup_perf_event(struct ctx *c, const struct scenario *s)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_TASK_CLOCK,
		.sample_period = 1000000,
	};
	int err = setup_attach(c, s);

	if (err)
		return err;
	c->fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	return c->fd < 0 ? -errno : 0;
}

static int op_perf_event(struct ctx *c, const struct scenario *s)
{
	struct bpf_link *link = bpf_program__attach_perf_event(c->prog, c->fd);

	/* the link owns the perf event fd, also when destroyed */
	if (link)
		c->fd = -1;
	return link_result(c, link);
}

static int op_iter(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_iter(c->prog, NULL));
}

static const char *skip_cgroup(void)
{
	return cgroup_dir[0] ? NULL : "no cgroup2 hierarchy to make a cgroup in";
}

static int setup_cgroup_attach(struct ctx *c, const struct scenario *s)
{
	int err = setup_attach(c, s);

	if (err)
		return err;
	c->fd = open(cgroup_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return c->fd < 0 ? -errno : 0;
}

static int op_cgroup(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_cgroup(c->prog, c->fd));
}

static int setup_netns(struct ctx *c, const struct scenario *s)
{
	int err = setup_attach(c, s);

	if (err)
		return err;
	c->fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	return c->fd < 0 ? -errno : 0;
}

static int op_netns(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_netns(c->prog, c->fd));
}

static int op_sockmap(struct ctx *c, const struct scenario *s)
{
	struct bpf_map *map = bpf_object__find_map_by_name(c->obj, "sock_map");

	return link_result(c, bpf_program__attach_sockmap(c->prog, bpf_map__fd(map)));
}

static int op_netfilter(struct ctx *c, const struct scenario *s)
{
	LIBBPF_OPTS(bpf_netfilter_opts, opts, .pf = 2 /* NFPROTO_IPV4 */,
		    .hooknum = 1 /* NF_INET_LOCAL_IN */, .priority = 10);

	return link_result(c, bpf_program__attach_netfilter(c->prog, &opts));
}

static int op_xdp_link(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_xdp(c->prog, c->ifindex));
}

static int op_tcx(struct ctx *c, const struct scenario *s)
{
	return link_result(c, bpf_program__attach_tcx(c->prog, c->ifindex, NULL));
}

/* XDP over netlink: attach, query, detach */
static int op_xdp_netlink(struct ctx *c, const struct scenario *s)
{
	__u32 id = 0;
	int err;

	err = bpf_xdp_attach(c->ifindex, bpf_program__fd(c->prog), XDP_FLAGS_SKB_MODE, NULL);
	if (!err)
		err = bpf_xdp_query_id(c->ifindex, XDP_FLAGS_SKB_MODE, &id);
	if (!err && !id)
		err = -ENOENT;
	/*
	 * The detach disarmed, also after a failed attach: when the reply
	 * is lost (recv fails), the kernel did attach the program.
	 */
	fi.on = false;
	if (bpf_xdp_detach(c->ifindex, XDP_FLAGS_SKB_MODE, NULL))
		complain("bpf_xdp_detach failed\n");
	fi.on = true;
	return err;
}

/* tc over netlink: clsact hook, a filter, query, detach, hook destroyed */
static int op_tc_netlink(struct ctx *c, const struct scenario *s)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = c->ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = bpf_program__fd(c->prog));
	int err, err2;

	err = bpf_tc_hook_create(&hook);
	if (!err)
		err = bpf_tc_attach(&hook, &opts);
	if (!err) {
		LIBBPF_OPTS(bpf_tc_opts, q, .handle = opts.handle, .priority = opts.priority);

		err = bpf_tc_query(&hook, &q);
		fi.on = false;
		opts.prog_fd = opts.prog_id = opts.flags = 0;
		if (bpf_tc_detach(&hook, &opts))
			complain("bpf_tc_detach failed\n");
		fi.on = true;
	}
	fi.on = false;
	hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
	err2 = bpf_tc_hook_destroy(&hook);
	if (err2 && err2 != -ENOENT)
		complain("bpf_tc_hook_destroy: %d\n", err2);
	fi.on = true;
	return err;
}

static int op_struct_ops_link(struct ctx *c, const struct scenario *s)
{
	struct bpf_map *map = bpf_object__find_map_by_name(c->obj, "ca_a");

	if (!map)
		return -ENOENT;
	return link_result(c, bpf_map__attach_struct_ops(map));
}

/* (d) ring buffer, user ring buffer and perf buffer set-up */
static int op_ring_buffer(struct ctx *c, const struct scenario *s)
{
	struct bpf_map *r1 = bpf_object__find_map_by_name(c->obj, "ring");
	struct bpf_map *r2 = bpf_object__find_map_by_name(c->obj, "ring2");
	struct ring_buffer *rb;
	int err;

	rb = ring_buffer__new(bpf_map__fd(r1), NULL, NULL, NULL);
	if (!rb)
		return -errno;
	err = ring_buffer__add(rb, bpf_map__fd(r2), NULL, NULL);
	if (!err && ring_buffer__poll(rb, 0) < 0)
		err = -errno;
	ring_buffer__free(rb);
	return err;
}

static int op_user_ring_buffer(struct ctx *c, const struct scenario *s)
{
	struct bpf_map *map = bpf_object__find_map_by_name(c->obj, "user_ring");
	struct user_ring_buffer *rb;

	rb = user_ring_buffer__new(bpf_map__fd(map), NULL);
	if (!rb)
		return -errno;
	user_ring_buffer__free(rb);
	return 0;
}

static int op_perf_buffer(struct ctx *c, const struct scenario *s)
{
	struct bpf_map *map = bpf_object__find_map_by_name(c->obj, "events");
	struct perf_buffer *pb;

	pb = perf_buffer__new(bpf_map__fd(map), 4, NULL, NULL, NULL, NULL);
	if (!pb)
		return -errno;
	perf_buffer__free(pb);
	return 0;
}

static const char *skip_kprobe(void)
{
	return access("/sys/bus/event_source/devices/kprobe", F_OK) ?
	       "the host kernel has no kprobes" : NULL;
}

static const char *skip_tracefs(void)
{
	return have_tracefs ? NULL : "tracefs cannot be mounted";
}

static const char *skip_fentry(void)
{
	return "fentry/fexit/lsm programs get EPERM on the host kernel";
}

/*
 * Self-checks: operations that do leave something behind or return the
 * wrong error, each of which the checks must catch (selfcheck()).
 */
static int op_leak_fd(struct ctx *c, const struct scenario *s)
{
	return open("/dev/null", O_RDONLY | O_CLOEXEC) < 0 ? -errno : 0;
}

static int selfcheck_map(__u32 flags)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = flags);

	return bpf_map_create(BPF_MAP_TYPE_ARRAY, "fi_selfcheck", 4, 8, 1, &opts);
}

static int op_leak_pin(struct ctx *c, const struct scenario *s)
{
	char path[PATH_MAX];
	int fd = selfcheck_map(0), err;

	if (fd < 0)
		return fd;
	snprintf(path, sizeof(path), "%s/fi_selfcheck", bpffs);
	err = bpf_obj_pin(fd, path);
	close(fd);
	return err;
}

static int op_leak_mapping(struct ctx *c, const struct scenario *s)
{
	int fd = selfcheck_map(BPF_F_MMAPABLE);
	void *p;

	if (fd < 0)
		return fd;
	p = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? -errno : 0;
}

/* the first bpf() call of the run is its own (no feature probe before) */
static int op_wrong_error(struct ctx *c, const struct scenario *s)
{
	union bpf_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	fd = syscall(__NR_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	if (fd < 0)
		return -EIO;
	close((int)fd);
	return 0;
}

#ifdef FI_ASAN
static void *volatile leak_heap_ptr;

static int op_leak_heap(struct ctx *c, const struct scenario *s)
{
	leak_heap_ptr = malloc(64);
	if (!leak_heap_ptr)
		return -ENOMEM;
	leak_heap_ptr = NULL;
	return 0;
}
#endif

static const struct scenario selfchecks[] = {
	{ .name = "selfcheck_fd_leak", .op = op_leak_fd },
	{ .name = "selfcheck_pin_and_map_leak", .op = op_leak_pin },
	{ .name = "selfcheck_mapping_leak", .op = op_leak_mapping },
	{ .name = "selfcheck_wrong_error", .op = op_wrong_error },
#ifdef FI_ASAN
	{ .name = "selfcheck_heap_leak", .op = op_leak_heap },
#endif
};

#define LOAD(n, f) { .name = "load_" n, .file = f, .op = op_load }
#define ATTACH(n, f, p, o) { .name = "attach_" n, .file = f, .prog = p, \
			     .setup = setup_attach, .op = o, .teardown = teardown_attach }
#define SERIAL(n, f, p, o) { .name = "attach_" n, .file = f, .prog = p, .serial = true, \
			     .setup = setup_attach, .op = o, .teardown = teardown_attach }

static const struct scenario scenarios[] = {
	/* (a) every map kind, global data, pins, struct_ops, many programs */
	LOAD("maps_btf", "test_maps_btf.bpf.o"),
	LOAD("maps_net", "test_maps_net.bpf.o"),
	LOAD("maps_storage", "test_maps_storage.bpf.o"),
	LOAD("map_in_map", "test_map_in_map.bpf.o"),
	LOAD("global_data", "test_global_data.bpf.o"),
	{ .name = "load_map_pinning", .file = "test_map_pinning.bpf.o", .op = op_load,
	  .serial = true },
	{ .name = "load_map_pin_reuse", .file = "test_map_pinning.bpf.o", .serial = true,
	  .setup = setup_pin_reuse, .op = op_load_reuse, .check = check_pin_reuse,
	  .teardown = teardown_pin_reuse },
	SERIAL("pin_object", "test_global_data.bpf.o", NULL, op_pin_object),
	LOAD("struct_ops", "test_struct_ops.bpf.o"),
	LOAD("many_progs", "test_sections_cgroup.bpf.o"),
	LOAD("tailcalls", "test_tailcalls.bpf.o"),
	{ .name = "btf_vmlinux", .op = op_btf_vmlinux },
	{ .name = "btf_from_kernel_by_id", .op = op_btf_by_id },
	/* (b) */
	{ .name = "skeleton", .op = op_skeleton },
	/* (c) */
	ATTACH("tracepoint", "test_attach.bpf.o", "tp_getpgid", op_tracepoint),
	ATTACH("raw_tp", "test_attach.bpf.o", "raw_tp_sys_enter", op_raw_tp),
	ATTACH("tp_btf", "test_attach.bpf.o", "tp_btf_sys_enter", op_trace),
	ATTACH("uprobe", "test_attach.bpf.o", "uprobe_target", op_uprobe),
	ATTACH("uretprobe", "test_attach.bpf.o", "uretprobe_target", op_uretprobe),
	{ .name = "attach_uprobe_legacy", .file = "test_attach.bpf.o", .prog = "uprobe_target",
	  .skip = skip_tracefs, .setup = setup_attach, .op = op_uprobe_legacy,
	  .teardown = teardown_attach },
	ATTACH("uprobe_multi", "test_attach.bpf.o", "uprobe_multi", op_uprobe_multi),
	ATTACH("usdt", "test_usdt.bpf.o", "record", op_usdt),
	{ .name = "attach_perf_event", .file = "test_attach.bpf.o", .prog = "perf_sample",
	  .setup = setup_perf_event, .op = op_perf_event, .teardown = teardown_attach },
	ATTACH("iter", "test_attach.bpf.o", "iter_tasks", op_iter),
	{ .name = "attach_cgroup", .file = "test_attach.bpf.o", .prog = "cgroup_egress",
	  .skip = skip_cgroup, .setup = setup_cgroup_attach, .op = op_cgroup,
	  .teardown = teardown_attach },
	{ .name = "attach_netns", .file = "test_attach.bpf.o", .prog = "sk_lookup_count",
	  .setup = setup_netns, .op = op_netns, .teardown = teardown_attach },
	ATTACH("sockmap", "test_attach.bpf.o", "sk_verdict", op_sockmap),
	SERIAL("netfilter", "test_attach.bpf.o", "netfilter_count", op_netfilter),
	SERIAL("xdp_link", "test_attach.bpf.o", "xdp_count", op_xdp_link),
	SERIAL("xdp_netlink", "test_attach.bpf.o", "xdp_count", op_xdp_netlink),
	SERIAL("tcx", "test_attach.bpf.o", "tcx_count", op_tcx),
	SERIAL("tc_netlink", "test_tc_xdp.bpf.o", "tc_ingress_cnt", op_tc_netlink),
	SERIAL("struct_ops_link", "test_struct_ops_link.bpf.o", NULL, op_struct_ops_link),
	{ .name = "attach_kprobe", .skip = skip_kprobe },
	{ .name = "attach_fentry", .skip = skip_fentry },
	/* (d) */
	ATTACH("ring_buffer", "test_ringbuf.bpf.o", NULL, op_ring_buffer),
	ATTACH("user_ring_buffer", "test_user_ringbuf.bpf.o", NULL, op_user_ring_buffer),
	ATTACH("perf_buffer", "test_perf_buffer.bpf.o", NULL, op_perf_buffer),
};

/*
 * Documented consequences: an injected failure that the operation
 * reports as another error, on purpose. scenario/class NULL: any.
 */
struct consequence {
	const char *scenario;
	int cls;		/* -1: any */
	int cmd;		/* the failed call's fired_cmd, -2: any */
	int err;		/* what the operation returns instead */
	const char *why;
};

static const struct consequence consequences[] = {
	{ NULL, FI_MMAP, 1, -ENOMEM,
	  "anonymous memory (the global data buffers of an opened object) is an "
	  "allocation like malloc(): its failure is reported as ENOMEM" },
	{ NULL, -1, 0, 0, NULL },
};

static const char *consequence(const struct scenario *s, int cls, int cmd, int err)
{
	const struct consequence *c;

	for (c = consequences; c->why; c++) {
		if (c->scenario && strcmp(c->scenario, s->name))
			continue;
		if ((c->cls >= 0 && c->cls != cls) || (c->cmd != -2 && c->cmd != cmd))
			continue;
		if (c->err == err)
			return c->why;
	}
	return NULL;
}

/* ---- running ------------------------------------------------------------- */

static int print_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (verbose >= 2 || (verbose && level == LIBBPF_WARN))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

static int child(const struct scenario *s)
{
	struct snapshot before, after;
	struct ctx c = { .fd = -1 };
	bool ok = true;
	int err;

	snapshot(&before);
	if (s->setup) {
		err = s->setup(&c, s);
		if (err) {
			fi.sh->setup_err = err;
			if (s->teardown)
				s->teardown(&c, s);
			return 2;
		}
	}
	fi.on = true;
	err = s->op(&c, s);
	fi.on = false;
	fi.sh->err = err;
	if (s->check)
		ok &= s->check(&c, s);
	if (s->teardown)
		s->teardown(&c, s);

	snapshot(&after);
	ok &= same("open fds", before.fds, after.fds);
	ok &= same("bpffs pins", before.pins, after.pins);
	if (!same("tracefs probes", before.probes, after.probes)) {
		remove_new_probes(before.probes, after.probes);
		ok = false;
	}
	ok &= same("bpf/perf mappings", before.maps, after.maps);
	snapshot_free(&before);
	snapshot_free(&after);
#ifdef FI_ASAN
	if (__lsan_do_recoverable_leak_check()) {
		complain("LeakSanitizer found leaks\n");
		ok = false;
	}
#endif
	return ok ? 0 : 1;
}

/* a run started in a child, reporting into *sh */
static pid_t start_run(const struct scenario *s, int cls, long nth, int inj,
		       struct shared *sh)
{
	pid_t pid;

	memset(sh, 0, sizeof(*sh));
	sh->fired_cmd = -1;
	fi.sh = sh;
	fi.cls = cls;
	fi.nth = nth;
	fi.err = inj;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0)
		_exit(child(s));
	return pid;
}

/* the child's exit status, -1 if it died */
static int finish_run(pid_t pid, struct shared *sh)
{
	int status;

	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		exit(1);
	}
	if (WIFSIGNALED(status)) {
		snprintf(sh->msg, sizeof(sh->msg), "killed by signal %d\n", WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status);
}

static struct shared *slots;	/* one per errno, MAP_SHARED */

static int run(const struct scenario *s, int cls, long nth, int inj)
{
	return finish_run(start_run(s, cls, nth, inj, &slots[0]), &slots[0]);
}

static const char *errno_name(int e)
{
	switch (e) {
	case ENOMEM: return "ENOMEM";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case E2BIG: return "E2BIG";
	case EINTR: return "EINTR";
	}
	return "?";
}

static int errno_by_name(const char *n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(inj_errnos); i++)
		if (!strcasecmp(n, errno_name(inj_errnos[i])))
			return inj_errnos[i];
	return atoi(n);
}

struct tally {
	long runs, propagated, absorbed, consequent, failed;
};

static long total_runs;
static int cells_passed, cells_failed, skipped;

/*
 * One injected run judged: 0 if it passed. The error must be the
 * injected one, 0 (absorbed) or a listed consequence.
 */
static int judge(const struct scenario *s, int cls, long n, int inj, int rc,
		 struct tally *t)
{
	const struct shared *sh = fi.sh;
	const char *why = NULL;
	bool bad = rc != 0;

	t->runs++;
	total_runs++;
	if (rc == 2) {
		fprintf(stderr, "FAIL %s %s n=%ld %s: set-up failed (%d)\n", s->name,
			class_names[cls], n, errno_name(inj), sh->setup_err);
		t->failed++;
		return 1;
	}
	if (sh->err == -inj) {
		t->propagated++;
	} else if (sh->err == 0) {
		t->absorbed++;
		if (verbose)
			fprintf(stderr, "  absorbed: %s %s n=%ld %s (bpf cmd %d)\n", s->name,
				class_names[cls], n, errno_name(inj), sh->fired_cmd);
	} else if (sh->fired_in_probe) {
		/* the feature taken as missing: the load goes on as without it */
		t->consequent++;
		if (verbose)
			fprintf(stderr, "  probe: %s %s n=%ld %s -> %d\n", s->name,
				class_names[cls], n, errno_name(inj), sh->err);
	} else if ((why = consequence(s, cls, sh->fired_cmd, sh->err))) {
		t->consequent++;
		if (verbose)
			fprintf(stderr, "  consequence: %s %s n=%ld %s -> %d: %s\n", s->name,
				class_names[cls], n, errno_name(inj), sh->err, why);
	} else {
		bad = true;
		fprintf(stderr, "FAIL %s %s n=%ld %s: returned %d (%s), bpf cmd %d\n",
			s->name, class_names[cls], n, errno_name(inj), sh->err,
			strerror(-sh->err), sh->fired_cmd);
	}
	if (rc != 0)
		fprintf(stderr, "FAIL %s %s n=%ld %s (returned %d):\n%s", s->name,
			class_names[cls], n, errno_name(inj), sh->err, sh->msg);
	if (bad)
		t->failed++;
	return bad;
}

static int only_cls = -1, only_err;
static long only_n;
static bool full, quick, selfcheck_only;

/*
 * -q: the feature probes, which every load runs in a fresh process, are
 * run once in the parent after the first scenario; the runs of the
 * later scenarios find them cached and inject only into the load
 * itself. The first scenario (a load) still fails each probe's calls.
 */
static void prime_features(void)
{
	int id;

	for (id = 0; id < 128; id++)
		kernel_supports_wrapped(id);
}

/*
 * The N after n. A class with more than 64 calls in the run without
 * injection (read: the vmlinux BTF comes from sysfs 4 KiB at a time, one
 * loop of 1300 reads) gets its first 12 calls, its last 12 and 8 between;
 * -F: every N.
 */
static long next_n(long n, long count)
{
	long step;

	if (full || count <= 64 || n < 12 || n >= count - 12)
		return n + 1;
	step = (count - 24) / 8 + 1;
	return n + step < count - 12 ? n + step : count - 12;
}

static void run_scenario(const struct scenario *s)
{
	long counts[FI_NR];
	int cls, rc, e;

	if (s->skip && s->skip()) {
		printf("SKIP %-28s %s\n", s->name, s->skip());
		skipped++;
		return;
	}
	if (!s->op) {
		printf("SKIP %-28s no operation\n", s->name);
		skipped++;
		return;
	}
	rc = run(s, -1, 0, 0);
	if (rc == 2) {
		printf("SKIP %-28s set-up failed: %s\n", s->name, strerror(-fi.sh->setup_err));
		skipped++;
		return;
	}
	if (rc != 0 || fi.sh->err) {
		printf("FAIL %-28s without injection: returned %d, checks %s\n%s", s->name,
		       fi.sh->err, rc ? "failed" : "passed", fi.sh->msg);
		cells_failed++;
		return;
	}
	memcpy(counts, fi.sh->count, sizeof(counts));
	pending_add(s->name);
	if (pending_check()) {
		printf("FAIL %-28s without injection: objects left in the kernel\n", s->name);
		cells_failed++;
		return;
	}
	for (cls = 0; cls < FI_NR; cls++) {
		struct tally t = {};
		double t_cell = now();
		bool active[NR_ERRNOS];
		int rcs[NR_ERRNOS];
		char label[96];
		long n;

		if ((only_cls >= 0 && cls != only_cls) || !counts[cls])
			continue;
		for (e = 0; e < NR_ERRNOS; e++)
			active[e] = !only_err || inj_errnos[e] == only_err;
		/*
		 * N by N, the runs of every errno still reaching its Nth call;
		 * at the same time unless the scenario is serial (they share
		 * an interface, a pin path or a kernel-wide name)
		 */
		for (n = only_n ?: 1; n < 100000; n = next_n(n, counts[cls])) {
			pid_t pids[NR_ERRNOS];
			bool any = false;

			for (e = 0; e < NR_ERRNOS; e++) {
				if (!active[e])
					continue;
				any = true;
				pids[e] = start_run(s, cls, n, inj_errnos[e], &slots[e]);
				if (s->serial)
					rcs[e] = finish_run(pids[e], &slots[e]);
			}
			if (!any)
				break;
			for (e = 0; e < NR_ERRNOS && !s->serial; e++)
				if (active[e])
					rcs[e] = finish_run(pids[e], &slots[e]);
			for (e = 0; e < NR_ERRNOS; e++) {
				int inj = inj_errnos[e];

				if (!active[e])
					continue;
				fi.sh = &slots[e];
				rc = rcs[e];
				if (!fi.sh->fired && rc >= 0) {
					/* past the last call: the operation must work */
					if (rc || fi.sh->err) {
						fprintf(stderr, "FAIL %s %s n=%ld %s: no injection, "
							"returned %d\n%s", s->name, class_names[cls],
							n, errno_name(inj), fi.sh->err, fi.sh->msg);
						t.failed++;
					}
					active[e] = false;
					continue;
				}
				judge(s, cls, n, inj, rc, &t);
				snprintf(label, sizeof(label), "%s %s n=%ld %s", s->name,
					 class_names[cls], n, errno_name(inj));
				pending_add(label);
				if (only_n)
					active[e] = false;
			}
		}
		if (pending_check())
			t.failed++;
		printf("%s %-24s %-15s calls %4ld runs %4ld: %ld errno, %ld absorbed, "
		       "%ld consequence, %ld failed (%.1f s)\n", t.failed ? "FAIL" : "ok  ",
		       s->name, class_names[cls], counts[cls], t.runs, t.propagated, t.absorbed,
		       t.consequent, t.failed, now() - t_cell);
		if (t.failed)
			cells_failed++;
		else
			cells_passed++;
	}
}

/*
 * Each self-check must fail: its run, its objects or its error. A check
 * that catches nothing would make every run of the harness pass.
 */
static void selfcheck(void)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(selfchecks); i++) {
		const struct scenario *s = &selfchecks[i];
		struct tally t = {};
		bool caught;
		int rc;

		if (s->op == op_wrong_error) {
			long runs = total_runs;

			rc = run(s, FI_BPF, 1, ENOMEM);
			fi.sh = &slots[0];
			caught = fi.sh->fired && judge(s, FI_BPF, 1, ENOMEM, rc, &t);
			total_runs = runs;
		} else {
			rc = run(s, -1, 0, 0);
			pending_add(s->name);
			caught = rc == 1;
			if (s->op == op_leak_pin) {
				/* the pin holds the map: both checks must see it */
				caught &= pending_check() > 0;
				snprintf(path, sizeof(path), "%s/fi_selfcheck", bpffs);
				unlink(path);
			}
		}
		if (pending_check() && s->op != op_leak_pin)
			caught = false;
		printf("%s %-28s %s\n", caught ? "ok  " : "FAIL", s->name,
		       caught ? "caught" : "NOT caught: the checks are broken");
		if (caught)
			cells_passed++;
		else
			cells_failed++;
	}
}

static void usage(const char *me)
{
	fprintf(stderr, "usage: %s [-o objdir] [-s scenario] [-c class] [-e errno] [-n N] "
		"[-l] [-v] [-F] [-q] [-T]\n", me);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *only_s = NULL;
	struct timespec t0, t1;
	size_t i;
	int opt;

	while ((opt = getopt(argc, argv, "o:s:c:e:n:lvFqT")) != -1) {
		switch (opt) {
		case 'T':
			selfcheck_only = true;
			break;
		case 'q':
			quick = true;
			break;
		case 'F':
			full = true;
			break;
		case 'o':
			objdir = optarg;
			break;
		case 's':
			only_s = optarg;
			break;
		case 'c':
			for (only_cls = 0; only_cls < FI_NR; only_cls++)
				if (!strcmp(class_names[only_cls], optarg))
					break;
			if (only_cls == FI_NR)
				usage(argv[0]);
			break;
		case 'e':
			only_err = errno_by_name(optarg);
			break;
		case 'n':
			only_n = atol(optarg);
			break;
		case 'l':
			for (i = 0; i < ARRAY_SIZE(scenarios); i++)
				printf("%s\n", scenarios[i].name);
			return 0;
		case 'v':
			verbose++;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (geteuid()) {
		printf("fault_inject: needs root\n0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	slots = __real_mmap(NULL, NR_ERRNOS * sizeof(*slots), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slots == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	fi.sh = &slots[0];
	libbpf_set_print(print_quiet);
	if (setup_env())
		return 1;
	setup_cgroup();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (selfcheck_only || (!only_s && only_cls < 0 && !only_err && !only_n)) {
		fprintf(stderr, "self-checks: the FAIL lines before each \"caught\" are expected\n");
		selfcheck();
	}
	for (i = 0; i < ARRAY_SIZE(scenarios) && !selfcheck_only; i++) {
		if (!only_s || !strcmp(only_s, scenarios[i].name))
			run_scenario(&scenarios[i]);
		if (quick && i == 0)
			prime_features();
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cleanup_env();
	printf("%ld injected runs in %.1f s (%.1f s waiting for the kernel to free objects)\n",
	       total_runs, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, check_time);
	printf("%d passed, %d failed, %d skipped\n", cells_passed, cells_failed, skipped);
	return cells_failed ? 1 : 0;
}
