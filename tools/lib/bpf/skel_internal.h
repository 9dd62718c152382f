/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Run-time support for light skeletons (the *.lskel.h headers that
 * "bpftool gen skeleton -L" writes).
 *
 * A light skeleton does not link the library: it embeds a loader
 * program (BPF_PROG_TYPE_SYSCALL, kernel 5.14+) and the data blob that
 * program works on, and everything it needs from user space is the
 * bpf(2) system call, mmap(2) and the few helpers below. All of them
 * are static inline, so this header is the whole of it.
 *
 * The layouts of bpf_map_desc, bpf_prog_desc and bpf_loader_ctx are
 * read and written by the generated loader program at fixed offsets:
 * they are ABI between this header and the loader generator (the one
 * in bpftool's libbpf, or bpf_object__gen_loader()), not just API.
 *
 * Conventions follow the bpf(2) system call: the skel_*() wrappers of a
 * command return what the system call returns (a new fd or 0, or -1
 * with errno set). bpf_load_and_run() returns 0 or a negative errno and
 * sets opts->errstr to a short description of the step that failed.
 */
#ifndef __SKEL_INTERNAL_H
#define __SKEL_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/bpf.h>

#ifndef __NR_bpf
# if defined(__x86_64__)
#  define __NR_bpf 321
# elif defined(__aarch64__)
#  define __NR_bpf 280
# elif defined(__i386__)
#  define __NR_bpf 357
# else
#  error __NR_bpf not defined for this architecture
# endif
#endif

/*
 * One map of the skeleton. Before the loader runs, the skeleton fills in
 * max_entries (0: keep the object's) and initial_value (user address of
 * the initial contents of a global data map); the loader then stores the
 * new map's fd in map_fd.
 */
struct bpf_map_desc {
	int map_fd;			/* out */
	__u32 max_entries;		/* in */
	__aligned_u64 initial_value;	/* in */
};

/* One program of the skeleton: the loader stores its fd here. */
struct bpf_prog_desc {
	int prog_fd;
};

enum {
	/* the loader runs for a kernel module, not a process */
	BPF_SKEL_KERNEL = (1ULL << 0),
};

/*
 * The context the loader program runs with (BPF_PROG_RUN ctx_in). The
 * skeleton places it first, followed by its map and program descriptors;
 * sz covers all of them.
 */
struct bpf_loader_ctx {
	__u32 sz;
	__u32 flags;
	__u32 log_level;	/* verifier log of the programs the loader loads */
	__u32 log_size;
	__u64 log_buf;
};

struct bpf_load_and_run_opts {
	struct bpf_loader_ctx *ctx;
	const void *data;	/* the loader's data blob */
	const void *insns;	/* the loader program */
	__u32 data_sz;
	__u32 insns_sz;
	const char *errstr;	/* out: what failed */
};

/* size of union bpf_attr up to and including MEMBER */
#define __skel_attr_sz(member)						\
	(offsetof(union bpf_attr, member) + sizeof(((union bpf_attr *)0)->member))

static inline int skel_sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr,
			       unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static inline void *skel_alloc(size_t size)
{
	return calloc(1, size);
}

static inline void skel_free(const void *p)
{
	free((void *)p);
}

/*
 * Global data before load: an anonymous mapping of mmap_sz bytes that
 * starts with the val_sz bytes of val. The skeleton's data pointer points
 * at it, so the application can change initial values between open and
 * load; the loader copies from it into the map.
 */
static inline void *skel_prep_map_data(const void *val, size_t mmap_sz,
				       size_t val_sz)
{
	void *addr;

	if (val_sz > mmap_sz) {
		errno = EINVAL;
		return NULL;
	}
	addr = mmap(NULL, mmap_sz, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (addr == MAP_FAILED)
		return NULL;
	memcpy(addr, val, val_sz);
	return addr;
}

/*
 * Global data after load: drop the anonymous mapping *init_val points
 * to and map the map fd itself (with PROT_READ only for .rodata, which
 * the loader has frozen). *init_val becomes ~0 to say the anonymous
 * mapping is gone.
 */
static inline void *skel_finalize_map_data(__u64 *init_val, size_t mmap_sz,
					   int flags, int fd)
{
	void *addr;

	if (*init_val != ~0ULL)
		munmap((void *)(long)*init_val, mmap_sz);
	*init_val = ~0ULL;
	addr = mmap(NULL, mmap_sz, flags, MAP_SHARED, fd, 0);
	if (addr == MAP_FAILED)
		return NULL;
	return addr;
}

/*
 * Release a global data pointer of the skeleton, whichever of the two
 * mappings above it is (or NULL if neither was made).
 */
static inline void skel_free_map_data(void *p, __u64 addr, size_t sz)
{
	(void)addr;
	if (p && p != MAP_FAILED)
		munmap(p, sz);
}

/* Close fd if it is one the skeleton owns (0 is never one of them). */
static inline int skel_closenz(int fd)
{
	if (fd > 0)
		return close(fd);
	return -EINVAL;
}

static inline int skel_map_create(enum bpf_map_type map_type,
				  const char *map_name, __u32 key_size,
				  __u32 value_size, __u32 max_entries)
{
	const size_t attr_sz = __skel_attr_sz(map_name);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = map_type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	if (map_name)
		strncpy(attr.map_name, map_name, sizeof(attr.map_name) - 1);
	return skel_sys_bpf(BPF_MAP_CREATE, &attr, attr_sz);
}

static inline int skel_map_update_elem(int fd, const void *key,
				       const void *value, __u64 flags)
{
	const size_t attr_sz = __skel_attr_sz(flags);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (long)key;
	attr.value = (long)value;
	attr.flags = flags;
	return skel_sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, attr_sz);
}

static inline int skel_map_delete_elem(int fd, const void *key)
{
	const size_t attr_sz = __skel_attr_sz(flags);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (long)key;
	return skel_sys_bpf(BPF_MAP_DELETE_ELEM, &attr, attr_sz);
}

static inline int skel_map_get_fd_by_id(__u32 id)
{
	const size_t attr_sz = __skel_attr_sz(open_flags);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_id = id;
	return skel_sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr, attr_sz);
}

/*
 * Attach a raw_tp program to tracepoint name, or, with name NULL, a
 * tp_btf/fentry/fexit/fmod_ret/lsm program to the target it was loaded
 * for. Returns the link fd.
 */
static inline int skel_raw_tracepoint_open(const char *name, int prog_fd)
{
	const size_t attr_sz = __skel_attr_sz(raw_tracepoint.prog_fd);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = (long)name;
	attr.raw_tracepoint.prog_fd = prog_fd;
	return skel_sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr, attr_sz);
}

/* BPF_LINK_CREATE without attach options (iterators, cgroups, ...). */
static inline int skel_link_create(int prog_fd, int target_fd,
				   enum bpf_attach_type attach_type)
{
	const size_t attr_sz = __skel_attr_sz(link_create.flags);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd;
	attr.link_create.attach_type = attach_type;
	return skel_sys_bpf(BPF_LINK_CREATE, &attr, attr_sz);
}

static inline int __skel_load_and_run_fail(struct bpf_load_and_run_opts *opts,
					   const char *what, int err)
{
	opts->errstr = what;
	errno = -err;
	return err;
}

/*
 * Load the loader program of a light skeleton and run it once:
 *  1. an array map of one element holds the data blob; the loader
 *     program reaches it as map index 0 of its fd_array;
 *  2. the loader is loaded as a sleepable BPF_PROG_TYPE_SYSCALL program
 *     (with the verifier log the context asks for);
 *  3. BPF_PROG_RUN runs it with opts->ctx as context: it creates BTF,
 *     maps and programs through bpf_sys_bpf() and stores their fds in
 *     the context's descriptors. Its return value is 0 or -errno.
 * The blob map and the loader program are closed again either way; on
 * failure the loader itself has closed what it created.
 */
static inline int bpf_load_and_run(struct bpf_load_and_run_opts *opts)
{
	const size_t prog_attr_sz = __skel_attr_sz(fd_array);
	const size_t run_attr_sz = __skel_attr_sz(test.ctx_out);
	int map_fd = -1, prog_fd = -1, key = 0, err;
	union bpf_attr attr;

	if (!opts || !opts->ctx || !opts->data || !opts->insns ||
	    !opts->insns_sz || opts->insns_sz % sizeof(struct bpf_insn)) {
		if (opts)
			opts->errstr = "invalid bpf_load_and_run_opts";
		errno = EINVAL;
		return -EINVAL;
	}
	opts->errstr = NULL;

	map_fd = skel_map_create(BPF_MAP_TYPE_ARRAY, "__loader.map", 4,
				 opts->data_sz, 1);
	if (map_fd < 0) {
		err = __skel_load_and_run_fail(opts, "failed to create loader map",
					       -errno);
		goto out;
	}
	if (skel_map_update_elem(map_fd, &key, opts->data, 0) < 0) {
		err = __skel_load_and_run_fail(opts, "failed to update loader map",
					       -errno);
		goto out;
	}

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SYSCALL;
	attr.insns = (long)opts->insns;
	attr.insn_cnt = opts->insns_sz / sizeof(struct bpf_insn);
	attr.license = (long)"Dual BSD/GPL";
	memcpy(attr.prog_name, "__loader.prog", sizeof("__loader.prog"));
	attr.prog_flags = BPF_F_SLEEPABLE;
	attr.fd_array = (long)&map_fd;
	attr.log_level = opts->ctx->log_level;
	attr.log_size = opts->ctx->log_size;
	attr.log_buf = opts->ctx->log_buf;
	prog_fd = skel_sys_bpf(BPF_PROG_LOAD, &attr, prog_attr_sz);
	if (prog_fd < 0) {
		err = __skel_load_and_run_fail(opts,
			"failed to load loader prog (BPF_PROG_TYPE_SYSCALL needs kernel 5.14+)",
			-errno);
		goto out;
	}

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	attr.test.ctx_in = (long)opts->ctx;
	attr.test.ctx_size_in = opts->ctx->sz;
	if (skel_sys_bpf(BPF_PROG_TEST_RUN, &attr, run_attr_sz) < 0) {
		err = __skel_load_and_run_fail(opts, "failed to execute loader prog",
					       -errno);
		goto out;
	}
	err = (int)attr.test.retval;
	if (err < 0) {
		err = __skel_load_and_run_fail(opts, "error returned by loader prog",
					       err);
		goto out;
	}
	err = 0;
out:
	if (map_fd >= 0)
		close(map_fd);
	if (prog_fd >= 0)
		close(prog_fd);
	return err;
}

#undef __skel_attr_sz

#endif /* __SKEL_INTERNAL_H */
