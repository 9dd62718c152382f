// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The syscall layer: one function per bpf(2) command, filling exactly the
 * union bpf_attr fields the command uses.
 *
 * The attr is zeroed up to the end of the last field a command uses and
 * only that many bytes are passed: the kernel rejects a non-zero tail it
 * does not know, and a short attr is zero-extended by the kernel.
 *
 * The library builds against the Linux 6.1 UAPI header. Options of the
 * public opts structs that need bpf_attr fields added after 6.1 are
 * either sent in a layout spelled out here (struct link_create_ext,
 * map_create_ext, the prog/BTF load tails: tokens, exclusive maps, mprog
 * relative attachment) or refused with -EOPNOTSUPP when set.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "bpf.h"
#include "libbpf_internal.h"

/* how often BPF_PROG_LOAD is tried while the kernel says EAGAIN */
#define PROG_LOAD_ATTEMPTS 5

/* attr size for a command whose last field is FIELD */
#define ATTR_SIZE(FIELD) offsetofend(union bpf_attr, FIELD)

/* true when every byte of opts after FIELD (up to opts->sz) is zero */
#define OPTS_ZERO_AFTER(opts, FIELD)                                           \
	(!(opts) || libbpf_opts_tail_zero((opts),                              \
					  offsetofend(typeof(*(opts)), FIELD), \
					  (opts)->sz))

static inline __u64 ptr_to_u64(const void *ptr)
{
	return (__u64)(unsigned long)ptr;
}

/*
 * The logs of BPF_PROG_LOAD and BPF_BTF_LOAD, written by the kernel on
 * success and on failure: valgrind (3.19) applies a syscall's writes
 * only when it succeeds, and loads that fail are where the log is read.
 * The whole buffer is marked, as the kernel may write up to log_size.
 */
static void log_written(enum bpf_cmd cmd, const union bpf_attr *attr, unsigned int size)
{
	if (cmd == BPF_PROG_LOAD && size >= offsetofend(union bpf_attr, log_buf) &&
	    attr->log_buf && attr->log_size)
		kernel_wrote((void *)(uintptr_t)attr->log_buf, attr->log_size);
	else if (cmd == BPF_BTF_LOAD && size >= offsetofend(union bpf_attr, btf_log_level) &&
		 attr->btf_log_buf && attr->btf_log_size)
		kernel_wrote((void *)(uintptr_t)attr->btf_log_buf, attr->btf_log_size);
}

int sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size)
{
	long ret;
	int err;

	ret = syscall(__NR_bpf, cmd, attr, size);
	err = errno;
	log_written(cmd, attr, size);
	if (ret < 0)
		return -err;
	return (int)ret;
}

int ensure_good_fd(int fd)
{
	int new_fd, err;

	if (fd < 0 || fd > STDERR_FILENO)
		return fd;

	new_fd = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	err = -errno;
	close(fd);
	if (new_fd < 0) {
		pr_warn("failed to move fd %d above the standard fds: %s\n",
			fd, libbpf_errstr(err));
		return err;
	}
	return new_fd;
}

int sys_bpf_fd(enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size)
{
	return ensure_good_fd(sys_bpf(cmd, attr, size));
}

/* one warning for an option this build cannot pass to the kernel */
static int opt_unsupported(const char *func, const char *opt)
{
	pr_warn("%s: option %s needs a bpf_attr field newer than the Linux 6.1 UAPI this libbpf is built with: %s\n",
		func, opt, libbpf_errstr(-EOPNOTSUPP));
	return -EOPNOTSUPP;
}

static int opt_invalid(const char *func, const char *why)
{
	pr_warn("%s: %s: %s\n", func, why, libbpf_errstr(-EINVAL));
	return -EINVAL;
}

/* ---- RLIMIT_MEMLOCK ----------------------------------------------------- */

static size_t memlock_rlim = RLIM_INFINITY;
static bool memlock_bumped;
static pthread_once_t memlock_once = PTHREAD_ONCE_INIT;
static int memlock_err;

int libbpf_set_memlock_rlim(size_t memlock_bytes)
{
	if (__atomic_load_n(&memlock_bumped, __ATOMIC_ACQUIRE))
		return libbpf_err(-EBUSY);
	__atomic_store_n(&memlock_rlim, memlock_bytes, __ATOMIC_RELEASE);
	return 0;
}

static void raise_memlock(void)
{
	struct rlimit rlim;
	size_t limit;

	/* from here on libbpf_set_memlock_rlim() is too late */
	__atomic_store_n(&memlock_bumped, true, __ATOMIC_RELEASE);
	limit = __atomic_load_n(&memlock_rlim, __ATOMIC_ACQUIRE);
	if (!limit)
		return;
	rlim.rlim_cur = limit;
	rlim.rlim_max = limit;
	if (setrlimit(RLIMIT_MEMLOCK, &rlim)) {
		memlock_err = -errno;
		pr_warn("failed to raise RLIMIT_MEMLOCK to %zu bytes (needed by this kernel for BPF memory): %s\n",
			limit, libbpf_errstr(memlock_err));
	}
}

/*
 * Once per process, before the first map, program or BTF is created.
 * Under pthread_once: a thread whose first load races another's waits
 * until the limit is raised, rather than loading under the old one.
 */
int bump_rlimit_memlock(void)
{
	/* kernels with memcg accounting ignore RLIMIT_MEMLOCK for BPF */
	if (kernel_supports(FEAT_MEMCG_ACCOUNT))
		return 0;
	pthread_once(&memlock_once, raise_memlock);
	return memlock_err;
}

/* ---- maps --------------------------------------------------------------- */

/* copy an object name, truncated to what the kernel takes */
static void copy_obj_name(char dst[BPF_OBJ_NAME_LEN], const char *name)
{
	size_t len;

	if (!name || !kernel_supports(FEAT_PROG_NAME))
		return;
	len = strnlen(name, BPF_OBJ_NAME_LEN - 1);
	memcpy(dst, name, len);
}

int bpf_map_create(enum bpf_map_type map_type, const char *map_name,
		   __u32 key_size, __u32 value_size, __u32 max_entries,
		   const struct bpf_map_create_opts *opts)
{
	unsigned int attr_sz = ATTR_SIZE(map_extra);
	struct map_create_ext *ext;
	union bpf_attr attr;
	const void *hash;
	__u32 token_fd, hash_size;
	int fd;

	if (!OPTS_VALID(opts, bpf_map_create_opts))
		return libbpf_err(-EINVAL);
	if (OPTS_GET(opts, value_type_btf_obj_fd, 0))
		return libbpf_err(opt_unsupported(__func__, "value_type_btf_obj_fd"));
	token_fd = OPTS_GET(opts, token_fd, 0);
	hash = OPTS_GET(opts, excl_prog_hash, NULL);
	hash_size = OPTS_GET(opts, excl_prog_hash_size, 0);

	bump_rlimit_memlock();

	memset(&attr, 0, sizeof(attr));
	attr.map_type = map_type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	copy_obj_name(attr.map_name, map_name);
	attr.btf_fd = OPTS_GET(opts, btf_fd, 0);
	attr.btf_key_type_id = OPTS_GET(opts, btf_key_type_id, 0);
	attr.btf_value_type_id = OPTS_GET(opts, btf_value_type_id, 0);
	attr.btf_vmlinux_value_type_id = OPTS_GET(opts, btf_vmlinux_value_type_id, 0);
	attr.inner_map_fd = OPTS_GET(opts, inner_map_fd, 0);
	attr.map_flags = OPTS_GET(opts, map_flags, 0);
	attr.map_extra = OPTS_GET(opts, map_extra, 0);
	attr.numa_node = OPTS_GET(opts, numa_node, 0);
	attr.map_ifindex = OPTS_GET(opts, map_ifindex, 0);

	/* the newer fields; the attr passed ends at the last one used */
	ext = (struct map_create_ext *)&attr;
	if (token_fd) {
		ext->map_token_fd = (__s32)token_fd;
		attr_sz = offsetofend(struct map_create_ext, map_token_fd);
	}
	if (hash || hash_size) {
		ext->excl_prog_hash = ptr_to_u64(hash);
		ext->excl_prog_hash_size = hash_size;
		attr_sz = offsetofend(struct map_create_ext, excl_prog_hash_size);
	}

	fd = sys_bpf_fd(BPF_MAP_CREATE, &attr, attr_sz);
	/*
	 * E2BIG: a non-zero field past the kernel's whole union bpf_attr
	 * (one inside it but past the command's fields gives EINVAL, which
	 * the object loader tells apart, see maps.c)
	 */
	if (fd == -E2BIG && (hash || hash_size))
		pr_warn("bpf_map_create: kernel does not support exclusive maps (excl_prog_hash, kernel 6.18+)\n");
	else if (fd == -E2BIG && token_fd)
		pr_warn("bpf_map_create: kernel does not support BPF tokens (map_token_fd, kernel 6.9+)\n");
	return libbpf_err(fd);
}

static int map_elem_cmd(enum bpf_cmd cmd, int fd, const void *key,
			const void *value, __u64 flags)
{
	const unsigned int attr_sz = ATTR_SIZE(flags);
	union bpf_attr attr;

	memset(&attr, 0, attr_sz);
	attr.map_fd = fd;
	attr.key = ptr_to_u64(key);
	attr.value = ptr_to_u64(value);
	attr.flags = flags;

	return libbpf_err(sys_bpf(cmd, &attr, attr_sz));
}

int bpf_map_update_elem(int fd, const void *key, const void *value,
			__u64 flags)
{
	return map_elem_cmd(BPF_MAP_UPDATE_ELEM, fd, key, value, flags);
}

int bpf_map_lookup_elem(int fd, const void *key, void *value)
{
	return map_elem_cmd(BPF_MAP_LOOKUP_ELEM, fd, key, value, 0);
}

int bpf_map_lookup_elem_flags(int fd, const void *key, void *value,
			      __u64 flags)
{
	return map_elem_cmd(BPF_MAP_LOOKUP_ELEM, fd, key, value, flags);
}

int bpf_map_lookup_and_delete_elem(int fd, const void *key, void *value)
{
	return map_elem_cmd(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, key, value, 0);
}

int bpf_map_lookup_and_delete_elem_flags(int fd, const void *key,
					 void *value, __u64 flags)
{
	return map_elem_cmd(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, key, value,
			    flags);
}

int bpf_map_delete_elem(int fd, const void *key)
{
	return map_elem_cmd(BPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

int bpf_map_delete_elem_flags(int fd, const void *key, __u64 flags)
{
	return map_elem_cmd(BPF_MAP_DELETE_ELEM, fd, key, NULL, flags);
}

int bpf_map_get_next_key(int fd, const void *key, void *next_key)
{
	/* next_key shares its attr slot with value */
	return map_elem_cmd(BPF_MAP_GET_NEXT_KEY, fd, key, next_key, 0);
}

int bpf_map_freeze(int fd)
{
	const unsigned int attr_sz = ATTR_SIZE(map_fd);
	union bpf_attr attr;

	memset(&attr, 0, attr_sz);
	attr.map_fd = fd;

	return libbpf_err(sys_bpf(BPF_MAP_FREEZE, &attr, attr_sz));
}

static int map_batch_cmd(enum bpf_cmd cmd, int fd, void *in_batch,
			 void *out_batch, const void *keys, const void *values,
			 __u32 *count, const struct bpf_map_batch_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(batch);
	union bpf_attr attr;
	int ret;

	if (!OPTS_VALID(opts, bpf_map_batch_opts))
		return libbpf_err(-EINVAL);
	if (!count)
		return libbpf_err(opt_invalid("bpf_map_*_batch", "count is NULL"));

	memset(&attr, 0, attr_sz);
	attr.batch.map_fd = fd;
	attr.batch.in_batch = ptr_to_u64(in_batch);
	attr.batch.out_batch = ptr_to_u64(out_batch);
	attr.batch.keys = ptr_to_u64(keys);
	attr.batch.values = ptr_to_u64(values);
	attr.batch.count = *count;
	attr.batch.elem_flags = OPTS_GET(opts, elem_flags, 0);
	attr.batch.flags = OPTS_GET(opts, flags, 0);

	ret = sys_bpf(cmd, &attr, attr_sz);
	/* the kernel reports progress also when it fails part way */
	*count = attr.batch.count;
	return libbpf_err(ret);
}

int bpf_map_delete_batch(int fd, const void *keys, __u32 *count,
			 const struct bpf_map_batch_opts *opts)
{
	return map_batch_cmd(BPF_MAP_DELETE_BATCH, fd, NULL, NULL, keys, NULL,
			     count, opts);
}

int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys,
			 void *values, __u32 *count,
			 const struct bpf_map_batch_opts *opts)
{
	return map_batch_cmd(BPF_MAP_LOOKUP_BATCH, fd, in_batch, out_batch,
			     keys, values, count, opts);
}

int bpf_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch,
				    void *keys, void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts)
{
	return map_batch_cmd(BPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, in_batch,
			     out_batch, keys, values, count, opts);
}

int bpf_map_update_batch(int fd, const void *keys, const void *values,
			 __u32 *count, const struct bpf_map_batch_opts *opts)
{
	return map_batch_cmd(BPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, values,
			     count, opts);
}

/* ---- programs ----------------------------------------------------------- */

static int prog_load_check(const struct bpf_insn *insns, size_t insn_cnt,
			   const struct bpf_prog_load_opts *opts)
{
	const char *func = "bpf_prog_load";

	if (!OPTS_VALID(opts, bpf_prog_load_opts))
		return -EINVAL;
	if (!insns || !insn_cnt)
		return opt_invalid(func, "no instructions");
	if (insn_cnt > UINT32_MAX)
		return opt_invalid(func, "too many instructions");
	if (OPTS_GET(opts, attempts, 0) < 0)
		return opt_invalid(func, "negative attempts");
	if (!OPTS_GET(opts, log_buf, NULL) != !OPTS_GET(opts, log_size, 0))
		return opt_invalid(func, "log_buf and log_size must be set together");
	if (OPTS_GET(opts, log_level, 0) && !OPTS_GET(opts, log_buf, NULL))
		return opt_invalid(func, "log_level needs a log_buf");
	if (OPTS_GET(opts, attach_prog_fd, 0) &&
	    OPTS_GET(opts, attach_btf_obj_fd, 0))
		return opt_invalid(func, "attach_prog_fd and attach_btf_obj_fd exclude each other");
	return 0;
}

static void prog_load_fill(union bpf_attr *attr, enum bpf_prog_type prog_type,
			   const char *prog_name, const char *license,
			   const struct bpf_insn *insns, size_t insn_cnt,
			   const struct bpf_prog_load_opts *opts)
{
	attr->prog_type = prog_type;
	attr->insn_cnt = (__u32)insn_cnt;
	attr->insns = ptr_to_u64(insns);
	attr->license = ptr_to_u64(license);
	copy_obj_name(attr->prog_name, prog_name);

	attr->expected_attach_type = OPTS_GET(opts, expected_attach_type, 0);
	attr->prog_btf_fd = OPTS_GET(opts, prog_btf_fd, 0);
	attr->prog_flags = OPTS_GET(opts, prog_flags, 0);
	attr->prog_ifindex = OPTS_GET(opts, prog_ifindex, 0);
	attr->kern_version = OPTS_GET(opts, kern_version, 0);

	attr->attach_btf_id = OPTS_GET(opts, attach_btf_id, 0);
	/* attach_prog_fd and attach_btf_obj_fd share one attr slot */
	attr->attach_prog_fd = OPTS_GET(opts, attach_prog_fd, 0) ?:
			       OPTS_GET(opts, attach_btf_obj_fd, 0);
	attr->fd_array = ptr_to_u64(OPTS_GET(opts, fd_array, NULL));

	attr->func_info = ptr_to_u64(OPTS_GET(opts, func_info, NULL));
	attr->func_info_cnt = OPTS_GET(opts, func_info_cnt, 0);
	attr->func_info_rec_size = OPTS_GET(opts, func_info_rec_size, 0);
	attr->line_info = ptr_to_u64(OPTS_GET(opts, line_info, NULL));
	attr->line_info_cnt = OPTS_GET(opts, line_info_cnt, 0);
	attr->line_info_rec_size = OPTS_GET(opts, line_info_rec_size, 0);
}

static int prog_load_retry(union bpf_attr *attr, unsigned int attr_sz,
			   int attempts)
{
	int fd;

	do {
		fd = sys_bpf_fd(BPF_PROG_LOAD, attr, attr_sz);
	} while (fd == -EAGAIN && --attempts > 0);
	return fd;
}

static __u32 prog_load_log_true_size(const union prog_load_attr *u)
{
	struct prog_load_tail tail;

	memcpy(&tail, u->raw + PROG_LOAD_TAIL_OFF, sizeof(tail));
	return tail.log_true_size;
}

int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name,
		  const char *license, const struct bpf_insn *insns,
		  size_t insn_cnt, struct bpf_prog_load_opts *opts)
{
	unsigned int attr_sz = ATTR_SIZE(fd_array);
	union prog_load_attr u;
	union bpf_attr *attr = &u.attr;
	int attempts, fd, err;
	__u32 log_level, token_fd;
	char *log_buf;

	err = prog_load_check(insns, insn_cnt, opts);
	if (err)
		return libbpf_err(err);

	attempts = OPTS_GET(opts, attempts, 0) ?: PROG_LOAD_ATTEMPTS;
	log_buf = OPTS_GET(opts, log_buf, NULL);
	log_level = OPTS_GET(opts, log_level, 0);

	bump_rlimit_memlock();

	memset(&u, 0, sizeof(u));
	prog_load_fill(attr, prog_type, prog_name, license, insns, insn_cnt,
		       opts);
	token_fd = OPTS_GET(opts, token_fd, 0);
	if (token_fd) {
		struct prog_load_tail tail = { .prog_token_fd = (__s32)token_fd };

		memcpy(u.raw + PROG_LOAD_TAIL_OFF, &tail, sizeof(tail));
		attr_sz = PROG_LOAD_TAIL_OFF + sizeof(tail);
	} else if (log_buf) {
		/* room for the log's full size, which 6.4+ writes back */
		attr_sz = PROG_LOAD_TAIL_OFF + offsetofend(struct prog_load_tail, log_true_size);
	}
	if (log_level) {
		attr->log_level = log_level;
		attr->log_buf = ptr_to_u64(log_buf);
		attr->log_size = OPTS_GET(opts, log_size, 0);
	}
	fd = prog_load_retry(attr, attr_sz, attempts);
	if (fd == -E2BIG && token_fd)
		pr_warn("bpf_prog_load: kernel does not support BPF tokens (prog_token_fd, kernel 6.9+)\n");
	if (fd < 0 && !log_level && log_buf) {
		/* a log_buf with log_level 0: load again to explain the failure */
		attr->log_level = 1;
		attr->log_buf = ptr_to_u64(log_buf);
		attr->log_size = OPTS_GET(opts, log_size, 0);
		log_buf[0] = '\0';
		fd = prog_load_retry(attr, attr_sz, attempts);
	}
	/* the log's full size, in a bpf_attr field newer than our UAPI (6.4+; else 0) */
	OPTS_SET(opts, log_true_size, prog_load_log_true_size(&u));
	return libbpf_err(fd);
}

int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(test);
	union bpf_attr attr;
	int ret;

	if (!OPTS_VALID(opts, bpf_test_run_opts))
		return libbpf_err(-EINVAL);

	memset(&attr, 0, attr_sz);
	attr.test.prog_fd = prog_fd;
	attr.test.data_in = ptr_to_u64(OPTS_GET(opts, data_in, NULL));
	attr.test.data_out = ptr_to_u64(OPTS_GET(opts, data_out, NULL));
	attr.test.data_size_in = OPTS_GET(opts, data_size_in, 0);
	attr.test.data_size_out = OPTS_GET(opts, data_size_out, 0);
	attr.test.ctx_in = ptr_to_u64(OPTS_GET(opts, ctx_in, NULL));
	attr.test.ctx_out = ptr_to_u64(OPTS_GET(opts, ctx_out, NULL));
	attr.test.ctx_size_in = OPTS_GET(opts, ctx_size_in, 0);
	attr.test.ctx_size_out = OPTS_GET(opts, ctx_size_out, 0);
	attr.test.repeat = OPTS_GET(opts, repeat, 0);
	attr.test.duration = OPTS_GET(opts, duration, 0);
	attr.test.flags = OPTS_GET(opts, flags, 0);
	attr.test.cpu = OPTS_GET(opts, cpu, 0);
	attr.test.batch_size = OPTS_GET(opts, batch_size, 0);

	ret = sys_bpf(BPF_PROG_TEST_RUN, &attr, attr_sz);

	OPTS_SET(opts, data_size_out, attr.test.data_size_out);
	OPTS_SET(opts, ctx_size_out, attr.test.ctx_size_out);
	OPTS_SET(opts, duration, attr.test.duration);
	OPTS_SET(opts, retval, attr.test.retval);
	return libbpf_err(ret);
}

int bpf_prog_bind_map(int prog_fd, int map_fd,
		      const struct bpf_prog_bind_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(prog_bind_map);
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bpf_prog_bind_opts))
		return libbpf_err(-EINVAL);

	memset(&attr, 0, attr_sz);
	attr.prog_bind_map.prog_fd = prog_fd;
	attr.prog_bind_map.map_fd = map_fd;
	attr.prog_bind_map.flags = OPTS_GET(opts, flags, 0);

	return libbpf_err(sys_bpf(BPF_PROG_BIND_MAP, &attr, attr_sz));
}

/* ---- BTF ---------------------------------------------------------------- */

int bpf_btf_load(const void *btf_data, size_t btf_size,
		 struct bpf_btf_load_opts *opts)
{
	unsigned int attr_sz = ATTR_SIZE(btf_log_level);
	const char *func = "bpf_btf_load";
	union bpf_attr attr;
	__u32 log_level, log_size, btf_flags, token_fd;
	char *log_buf;
	int fd;

	if (!OPTS_VALID(opts, bpf_btf_load_opts))
		return libbpf_err(-EINVAL);
	btf_flags = OPTS_GET(opts, btf_flags, 0);
	token_fd = OPTS_GET(opts, token_fd, 0);
	if (!btf_data || !btf_size)
		return libbpf_err(opt_invalid(func, "no BTF data"));
	if (btf_size > UINT32_MAX)
		return libbpf_err(opt_invalid(func, "BTF data larger than 4 GiB"));

	log_buf = OPTS_GET(opts, log_buf, NULL);
	log_size = OPTS_GET(opts, log_size, 0);
	log_level = OPTS_GET(opts, log_level, 0);
	if (!log_buf != !log_size)
		return libbpf_err(opt_invalid(func, "log_buf and log_size must be set together"));
	if (log_level && !log_buf)
		return libbpf_err(opt_invalid(func, "log_level needs a log_buf"));

	bump_rlimit_memlock();

	memset(&attr, 0, sizeof(attr));
	attr.btf = ptr_to_u64(btf_data);
	attr.btf_size = (__u32)btf_size;
	if (log_level) {
		attr.btf_log_level = log_level;
		attr.btf_log_buf = ptr_to_u64(log_buf);
		attr.btf_log_size = log_size;
	}
	OPTS_SET(opts, log_true_size, 0);
	if (btf_flags || token_fd) {
		struct btf_load_tail tail = {
			.btf_flags = btf_flags,
			.btf_token_fd = (__s32)token_fd,
		};

		memcpy((char *)&attr + BTF_LOAD_TAIL_OFF, &tail, sizeof(tail));
		attr_sz = BTF_LOAD_TAIL_OFF + sizeof(tail);
	}

	fd = sys_bpf_fd(BPF_BTF_LOAD, &attr, attr_sz);
	if (fd == -E2BIG && attr_sz > ATTR_SIZE(btf_log_level))
		pr_warn("%s: kernel does not support btf_flags/token_fd (kernel 6.9+)\n", func);
	if (fd >= 0 || log_level || !log_buf)
		return libbpf_err(fd);

	/* as for programs: retry with a log to explain the failure */
	attr.btf_log_level = 1;
	attr.btf_log_buf = ptr_to_u64(log_buf);
	attr.btf_log_size = log_size;
	log_buf[0] = '\0';
	return libbpf_err(sys_bpf_fd(BPF_BTF_LOAD, &attr, attr_sz));
}

/* ---- pinning ------------------------------------------------------------ */

int bpf_obj_pin_opts(int fd, const char *pathname,
		     const struct bpf_obj_pin_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(file_flags);
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bpf_obj_pin_opts))
		return libbpf_err(-EINVAL);
	/* the kernel's answer to a NULL path, without handing it NULL */
	if (!pathname)
		return libbpf_err(-EFAULT);
	if (OPTS_GET(opts, path_fd, 0))
		return libbpf_err(opt_unsupported("bpf_obj_pin_opts", "path_fd"));

	memset(&attr, 0, attr_sz);
	attr.pathname = ptr_to_u64(pathname);
	attr.bpf_fd = fd;
	attr.file_flags = OPTS_GET(opts, file_flags, 0);

	return libbpf_err(sys_bpf(BPF_OBJ_PIN, &attr, attr_sz));
}

int bpf_obj_pin(int fd, const char *pathname)
{
	return bpf_obj_pin_opts(fd, pathname, NULL);
}

int bpf_obj_get_opts(const char *pathname, const struct bpf_obj_get_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(file_flags);
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bpf_obj_get_opts))
		return libbpf_err(-EINVAL);
	if (!pathname)
		return libbpf_err(-EFAULT);
	if (OPTS_GET(opts, path_fd, 0))
		return libbpf_err(opt_unsupported("bpf_obj_get_opts", "path_fd"));

	memset(&attr, 0, attr_sz);
	attr.pathname = ptr_to_u64(pathname);
	attr.file_flags = OPTS_GET(opts, file_flags, 0);

	return libbpf_err(sys_bpf_fd(BPF_OBJ_GET, &attr, attr_sz));
}

int bpf_obj_get(const char *pathname)
{
	return bpf_obj_get_opts(pathname, NULL);
}

/* ---- attaching to cgroups and other containers -------------------------- */

int bpf_prog_attach_opts(int prog_fd, int target, enum bpf_attach_type type,
			 const struct bpf_prog_attach_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(replace_bpf_fd);
	const char *func = "bpf_prog_attach_opts";
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bpf_prog_attach_opts))
		return libbpf_err(-EINVAL);
	if (OPTS_GET(opts, relative_fd, 0) || OPTS_GET(opts, relative_id, 0))
		return libbpf_err(opt_unsupported(func, "relative_fd/relative_id"));
	if (OPTS_GET(opts, expected_revision, 0))
		return libbpf_err(opt_unsupported(func, "expected_revision"));

	memset(&attr, 0, attr_sz);
	attr.target_fd = target;
	attr.attach_bpf_fd = prog_fd;
	attr.attach_type = type;
	attr.attach_flags = OPTS_GET(opts, flags, 0);
	attr.replace_bpf_fd = OPTS_GET(opts, replace_fd, 0);

	return libbpf_err(sys_bpf(BPF_PROG_ATTACH, &attr, attr_sz));
}

int bpf_prog_attach(int prog_fd, int attachable_fd, enum bpf_attach_type type,
		    unsigned int flags)
{
	LIBBPF_OPTS(bpf_prog_attach_opts, opts, .flags = flags);

	return bpf_prog_attach_opts(prog_fd, attachable_fd, type, &opts);
}

int bpf_prog_detach_opts(int prog_fd, int target, enum bpf_attach_type type,
			 const struct bpf_prog_detach_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(attach_flags);
	const char *func = "bpf_prog_detach_opts";
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bpf_prog_detach_opts))
		return libbpf_err(-EINVAL);
	if (OPTS_GET(opts, relative_fd, 0) || OPTS_GET(opts, relative_id, 0))
		return libbpf_err(opt_unsupported(func, "relative_fd/relative_id"));
	if (OPTS_GET(opts, expected_revision, 0))
		return libbpf_err(opt_unsupported(func, "expected_revision"));

	memset(&attr, 0, attr_sz);
	attr.target_fd = target;
	attr.attach_bpf_fd = prog_fd;
	attr.attach_type = type;
	attr.attach_flags = OPTS_GET(opts, flags, 0);

	return libbpf_err(sys_bpf(BPF_PROG_DETACH, &attr, attr_sz));
}

int bpf_prog_detach(int attachable_fd, enum bpf_attach_type type)
{
	return bpf_prog_detach_opts(0, attachable_fd, type, NULL);
}

int bpf_prog_detach2(int prog_fd, int attachable_fd, enum bpf_attach_type type)
{
	return bpf_prog_detach_opts(prog_fd, attachable_fd, type, NULL);
}

int bpf_prog_query_opts(int target, enum bpf_attach_type type,
			struct bpf_prog_query_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(query);
	const char *func = "bpf_prog_query_opts";
	union bpf_attr attr;
	int ret;

	if (!OPTS_VALID(opts, bpf_prog_query_opts))
		return libbpf_err(-EINVAL);
	if (OPTS_GET(opts, link_ids, NULL))
		return libbpf_err(opt_unsupported(func, "link_ids"));
	if (OPTS_GET(opts, link_attach_flags, NULL))
		return libbpf_err(opt_unsupported(func, "link_attach_flags"));

	memset(&attr, 0, attr_sz);
	attr.query.target_fd = target;
	attr.query.attach_type = type;
	attr.query.query_flags = OPTS_GET(opts, query_flags, 0);
	attr.query.prog_ids = ptr_to_u64(OPTS_GET(opts, prog_ids, NULL));
	attr.query.prog_cnt = OPTS_GET(opts, prog_cnt, 0);
	attr.query.prog_attach_flags =
		ptr_to_u64(OPTS_GET(opts, prog_attach_flags, NULL));

	ret = sys_bpf(BPF_PROG_QUERY, &attr, attr_sz);

	/* also on -ENOSPC, which tells how many ids there are */
	OPTS_SET(opts, attach_flags, attr.query.attach_flags);
	OPTS_SET(opts, prog_cnt, attr.query.prog_cnt);
	OPTS_SET(opts, revision, 0);
	return libbpf_err(ret);
}

int bpf_prog_query(int target_fd, enum bpf_attach_type type, __u32 query_flags,
		   __u32 *attach_flags, __u32 *prog_ids, __u32 *prog_cnt)
{
	LIBBPF_OPTS(bpf_prog_query_opts, opts);
	int ret;

	if (!prog_cnt)
		return libbpf_err(opt_invalid("bpf_prog_query", "prog_cnt is NULL"));

	opts.query_flags = query_flags;
	opts.prog_ids = prog_ids;
	opts.prog_cnt = *prog_cnt;

	ret = bpf_prog_query_opts(target_fd, type, &opts);

	if (attach_flags)
		*attach_flags = opts.attach_flags;
	*prog_cnt = opts.prog_cnt;
	return libbpf_err(ret);
}

/* ---- links -------------------------------------------------------------- */

static bool is_tracing_attach(enum bpf_attach_type type)
{
	switch (type) {
	case BPF_TRACE_RAW_TP:
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
	case BPF_MODIFY_RETURN:
	case BPF_LSM_MAC:
		return true;
	default:
		return false;
	}
}

/*
 * Parts of BPF_LINK_CREATE and BPF_RAW_TRACEPOINT_OPEN newer than the UAPI
 * headers this library builds against (6.1): the kernel's layouts, placed
 * over the attr where the kernel reads them.
 */
struct link_create_ext {
	__u32 prog_fd;
	__u32 target_fd;
	__u32 attach_type;
	__u32 flags;
	union {
		struct {			/* 6.6 */
			__u64 path;
			__u64 offsets;
			__u64 ref_ctr_offsets;
			__u64 cookies;
			__u32 cnt;
			__u32 flags;
			__u32 pid;
		} uprobe_multi;
		struct {			/* 6.4 */
			__u32 pf;
			__u32 hooknum;
			__s32 priority;
			__u32 flags;
		} netfilter;
		struct {			/* tcx 6.6, netkit 6.7, cgroup 6.16 */
			__u32 relative_fd_or_id;
			__u32 :32;
			__u64 expected_revision;
		} mprog;
	};
};

struct raw_tp_ext {			/* cookie: 6.10 */
	__u64 name;
	__u32 prog_fd;
	__u32 :32;
	__u64 cookie;
};

#define LINK_CREATE_EXT_SZ ((unsigned int)sizeof(struct link_create_ext))
#define LIBBPF_F_ID (1U << 5)		/* BPF_F_ID: relative_id, not an fd */

_Static_assert(sizeof(struct link_create_ext) <= sizeof(union bpf_attr),
	       "link_create_ext must fit in union bpf_attr");
_Static_assert(sizeof(struct raw_tp_ext) <= sizeof(union bpf_attr),
	       "raw_tp_ext must fit in union bpf_attr");

/* tcx, netkit, cgroup: placement relative to a program given by fd or by id */
static int fill_mprog(union bpf_attr *attr, __u32 rel_fd, __u32 rel_id, __u64 revision)
{
	struct link_create_ext *ext = (struct link_create_ext *)attr;

	if (rel_fd && rel_id)
		return opt_invalid("bpf_link_create", "both relative_fd and relative_id");
	ext->mprog.relative_fd_or_id = rel_fd ?: rel_id;
	if (rel_id)
		ext->flags |= LIBBPF_F_ID;
	ext->mprog.expected_revision = revision;
	return 0;
}

/* attach-type specific part of BPF_LINK_CREATE */
static int link_create_fill_type(union bpf_attr *attr,
				 enum bpf_attach_type type,
				 const struct bpf_link_create_opts *opts)
{
	const char *func = "bpf_link_create";

	switch ((int)type) {
	case BPF_TRACE_ITER:
		attr->link_create.iter_info =
			ptr_to_u64(OPTS_GET(opts, iter_info, NULL));
		attr->link_create.iter_info_len = OPTS_GET(opts, iter_info_len, 0);
		if (!OPTS_ZERO_AFTER(opts, iter_info_len))
			return opt_invalid(func, "options other than iter_info for an iterator");
		return 0;
	case BPF_PERF_EVENT:
		attr->link_create.perf_event.bpf_cookie =
			OPTS_GET(opts, perf_event.bpf_cookie, 0);
		if (!OPTS_ZERO_AFTER(opts, perf_event))
			return opt_invalid(func, "options other than perf_event for a perf event");
		return 0;
	case BPF_TRACE_KPROBE_MULTI:
	case LIBBPF_TRACE_KPROBE_SESSION:
		attr->link_create.kprobe_multi.flags =
			OPTS_GET(opts, kprobe_multi.flags, 0);
		attr->link_create.kprobe_multi.cnt =
			OPTS_GET(opts, kprobe_multi.cnt, 0);
		attr->link_create.kprobe_multi.syms =
			ptr_to_u64(OPTS_GET(opts, kprobe_multi.syms, NULL));
		attr->link_create.kprobe_multi.addrs =
			ptr_to_u64(OPTS_GET(opts, kprobe_multi.addrs, NULL));
		attr->link_create.kprobe_multi.cookies =
			ptr_to_u64(OPTS_GET(opts, kprobe_multi.cookies, NULL));
		if (!OPTS_ZERO_AFTER(opts, kprobe_multi))
			return opt_invalid(func, "options other than kprobe_multi for a kprobe.multi link");
		return 0;
	case BPF_TRACE_RAW_TP:
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
	case BPF_MODIFY_RETURN:
	case BPF_LSM_MAC:
		attr->link_create.tracing.cookie =
			OPTS_GET(opts, tracing.cookie, 0);
		if (!OPTS_ZERO_AFTER(opts, tracing))
			return opt_invalid(func, "options other than tracing for a tracing link");
		return 0;
	case LIBBPF_TRACE_UPROBE_MULTI:
	case LIBBPF_TRACE_UPROBE_SESSION: {
		struct link_create_ext *ext = (struct link_create_ext *)attr;

		ext->uprobe_multi.path = ptr_to_u64(OPTS_GET(opts, uprobe_multi.path, NULL));
		ext->uprobe_multi.offsets =
			ptr_to_u64(OPTS_GET(opts, uprobe_multi.offsets, NULL));
		ext->uprobe_multi.ref_ctr_offsets =
			ptr_to_u64(OPTS_GET(opts, uprobe_multi.ref_ctr_offsets, NULL));
		ext->uprobe_multi.cookies =
			ptr_to_u64(OPTS_GET(opts, uprobe_multi.cookies, NULL));
		ext->uprobe_multi.cnt = OPTS_GET(opts, uprobe_multi.cnt, 0);
		ext->uprobe_multi.flags = OPTS_GET(opts, uprobe_multi.flags, 0);
		ext->uprobe_multi.pid = OPTS_GET(opts, uprobe_multi.pid, 0);
		return 0;
	}
	case LIBBPF_NETFILTER: {
		struct link_create_ext *ext = (struct link_create_ext *)attr;

		ext->netfilter.pf = OPTS_GET(opts, netfilter.pf, 0);
		ext->netfilter.hooknum = OPTS_GET(opts, netfilter.hooknum, 0);
		ext->netfilter.priority = OPTS_GET(opts, netfilter.priority, 0);
		ext->netfilter.flags = OPTS_GET(opts, netfilter.flags, 0);
		if (!OPTS_ZERO_AFTER(opts, netfilter))
			return opt_invalid(func, "options other than netfilter for a netfilter link");
		return 0;
	}
	case LIBBPF_TCX_INGRESS:
	case LIBBPF_TCX_EGRESS:
		return fill_mprog(attr, OPTS_GET(opts, tcx.relative_fd, 0),
				  OPTS_GET(opts, tcx.relative_id, 0),
				  OPTS_GET(opts, tcx.expected_revision, 0));
	case LIBBPF_NETKIT_PRIMARY:
	case LIBBPF_NETKIT_PEER:
		return fill_mprog(attr, OPTS_GET(opts, netkit.relative_fd, 0),
				  OPTS_GET(opts, netkit.relative_id, 0),
				  OPTS_GET(opts, netkit.expected_revision, 0));
	case BPF_CGROUP_INET_INGRESS ... BPF_CGROUP_SOCK_OPS:
	case BPF_CGROUP_DEVICE:
	case BPF_CGROUP_INET4_BIND ... BPF_CGROUP_INET6_POST_BIND:
	case BPF_CGROUP_UDP4_SENDMSG:
	case BPF_CGROUP_UDP6_SENDMSG:
	case BPF_CGROUP_SYSCTL ... BPF_CGROUP_SETSOCKOPT:
	case BPF_CGROUP_INET4_GETPEERNAME ... BPF_CGROUP_INET6_GETSOCKNAME:
	case BPF_CGROUP_INET_SOCK_RELEASE:
	case BPF_LSM_CGROUP:
	case LIBBPF_CGROUP_UNIX_CONNECT ... LIBBPF_CGROUP_UNIX_GETSOCKNAME:
		return fill_mprog(attr, OPTS_GET(opts, cgroup.relative_fd, 0),
				  OPTS_GET(opts, cgroup.relative_id, 0),
				  OPTS_GET(opts, cgroup.expected_revision, 0));
	default:
		if (!OPTS_ZERO_AFTER(opts, flags))
			return opt_invalid(func, "options this attach type does not take");
		return 0;
	}
}

static int link_create_fill(union bpf_attr *attr, enum bpf_attach_type type,
			    const struct bpf_link_create_opts *opts)
{
	const char *func = "bpf_link_create";
	__u32 target_btf_id = OPTS_GET(opts, target_btf_id, 0);
	__u32 iter_info_len = OPTS_GET(opts, iter_info_len, 0);

	if (type != BPF_TRACE_ITER &&
	    (iter_info_len || OPTS_GET(opts, iter_info, NULL)))
		return opt_invalid(func, "iter_info is for iterators only");

	/* a BTF id target (freplace, fentry on a BPF program) excludes the rest */
	if (target_btf_id) {
		if (iter_info_len || !OPTS_ZERO_AFTER(opts, target_btf_id))
			return opt_invalid(func, "target_btf_id excludes other options");
		attr->link_create.target_btf_id = target_btf_id;
		return 0;
	}
	return link_create_fill_type(attr, type, opts);
}

/*
 * Older kernels create tracing and raw tracepoint links only through
 * BPF_RAW_TRACEPOINT_OPEN and answer BPF_LINK_CREATE with EINVAL; that
 * command is an equivalent when nothing beyond the program is asked for.
 */
static bool link_can_fall_back(int target_fd, enum bpf_attach_type type,
			       const struct bpf_link_create_opts *opts)
{
	return target_fd == 0 && is_tracing_attach(type) &&
	       OPTS_ZERO_AFTER(opts, sz);
}

int bpf_link_create(int prog_fd, int target_fd,
		    enum bpf_attach_type attach_type,
		    const struct bpf_link_create_opts *opts)
{
	const unsigned int attr_sz = LINK_CREATE_EXT_SZ;
	union bpf_attr attr;
	int fd, err;

	if (!OPTS_VALID(opts, bpf_link_create_opts))
		return libbpf_err(-EINVAL);

	memset(&attr, 0, attr_sz);
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd;
	attr.link_create.attach_type = attach_type;
	attr.link_create.flags = OPTS_GET(opts, flags, 0);
	err = link_create_fill(&attr, attach_type, opts);
	if (err)
		return libbpf_err(err);

	fd = sys_bpf_fd(BPF_LINK_CREATE, &attr, attr_sz);
	if (fd != -EINVAL || !link_can_fall_back(target_fd, attach_type, opts))
		return libbpf_err(fd);

	return bpf_raw_tracepoint_open(NULL, prog_fd);
}

int bpf_link_detach(int link_fd)
{
	const unsigned int attr_sz = ATTR_SIZE(link_detach);
	union bpf_attr attr;

	memset(&attr, 0, attr_sz);
	attr.link_detach.link_fd = link_fd;

	return libbpf_err(sys_bpf(BPF_LINK_DETACH, &attr, attr_sz));
}

int bpf_link_update(int link_fd, int new_prog_fd,
		    const struct bpf_link_update_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(link_update);
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bpf_link_update_opts))
		return libbpf_err(-EINVAL);
	if (OPTS_GET(opts, old_map_fd, 0))
		return libbpf_err(opt_unsupported("bpf_link_update", "old_map_fd"));

	memset(&attr, 0, attr_sz);
	attr.link_update.link_fd = link_fd;
	attr.link_update.new_prog_fd = new_prog_fd;
	attr.link_update.flags = OPTS_GET(opts, flags, 0);
	attr.link_update.old_prog_fd = OPTS_GET(opts, old_prog_fd, 0);

	return libbpf_err(sys_bpf(BPF_LINK_UPDATE, &attr, attr_sz));
}

int bpf_iter_create(int link_fd)
{
	const unsigned int attr_sz = ATTR_SIZE(iter_create);
	union bpf_attr attr;

	memset(&attr, 0, attr_sz);
	attr.iter_create.link_fd = link_fd;

	return libbpf_err(sys_bpf_fd(BPF_ITER_CREATE, &attr, attr_sz));
}

int bpf_raw_tracepoint_open_opts(int prog_fd, struct bpf_raw_tp_opts *opts)
{
	/* a kernel before cookies refuses a non-zero one with EINVAL */
	const unsigned int attr_sz = sizeof(struct raw_tp_ext);
	struct raw_tp_ext *ext;
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bpf_raw_tp_opts))
		return libbpf_err(-EINVAL);

	memset(&attr, 0, sizeof(attr));
	ext = (struct raw_tp_ext *)&attr;
	ext->prog_fd = prog_fd;
	ext->name = ptr_to_u64(OPTS_GET(opts, tp_name, NULL));
	ext->cookie = OPTS_GET(opts, cookie, 0);

	return libbpf_err(sys_bpf_fd(BPF_RAW_TRACEPOINT_OPEN, &attr, attr_sz));
}

int bpf_raw_tracepoint_open(const char *name, int prog_fd)
{
	LIBBPF_OPTS(bpf_raw_tp_opts, opts, .tp_name = name);

	return bpf_raw_tracepoint_open_opts(prog_fd, &opts);
}

/* ---- ids, fds and info -------------------------------------------------- */

static int get_next_id(enum bpf_cmd cmd, __u32 start_id, __u32 *next_id)
{
	const unsigned int attr_sz = ATTR_SIZE(open_flags);
	union bpf_attr attr;
	int err;

	if (!next_id)
		return libbpf_err(opt_invalid("bpf_*_get_next_id", "next_id is NULL"));

	memset(&attr, 0, attr_sz);
	attr.start_id = start_id;

	err = sys_bpf(cmd, &attr, attr_sz);
	if (!err)
		*next_id = attr.next_id;
	return libbpf_err(err);
}

int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_PROG_GET_NEXT_ID, start_id, next_id);
}

int bpf_map_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_MAP_GET_NEXT_ID, start_id, next_id);
}

int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_BTF_GET_NEXT_ID, start_id, next_id);
}

int bpf_link_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_LINK_GET_NEXT_ID, start_id, next_id);
}

static int get_fd_by_id(enum bpf_cmd cmd, __u32 id,
			const struct bpf_get_fd_by_id_opts *opts)
{
	const unsigned int attr_sz = ATTR_SIZE(open_flags);
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bpf_get_fd_by_id_opts))
		return libbpf_err(-EINVAL);

	memset(&attr, 0, attr_sz);
	/* start_id shares its slot with prog_id, map_id, btf_id, link_id */
	attr.start_id = id;
	attr.open_flags = OPTS_GET(opts, open_flags, 0);

	return libbpf_err(sys_bpf_fd(cmd, &attr, attr_sz));
}

int bpf_prog_get_fd_by_id_opts(__u32 id,
			       const struct bpf_get_fd_by_id_opts *opts)
{
	return get_fd_by_id(BPF_PROG_GET_FD_BY_ID, id, opts);
}

int bpf_prog_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_PROG_GET_FD_BY_ID, id, NULL);
}

int bpf_map_get_fd_by_id_opts(__u32 id,
			      const struct bpf_get_fd_by_id_opts *opts)
{
	return get_fd_by_id(BPF_MAP_GET_FD_BY_ID, id, opts);
}

int bpf_map_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_MAP_GET_FD_BY_ID, id, NULL);
}

int bpf_btf_get_fd_by_id_opts(__u32 id,
			      const struct bpf_get_fd_by_id_opts *opts)
{
	return get_fd_by_id(BPF_BTF_GET_FD_BY_ID, id, opts);
}

int bpf_btf_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_BTF_GET_FD_BY_ID, id, NULL);
}

int bpf_link_get_fd_by_id_opts(__u32 id,
			       const struct bpf_get_fd_by_id_opts *opts)
{
	return get_fd_by_id(BPF_LINK_GET_FD_BY_ID, id, opts);
}

int bpf_link_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_LINK_GET_FD_BY_ID, id, NULL);
}

int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len)
{
	const unsigned int attr_sz = ATTR_SIZE(info);
	union bpf_attr attr;
	int err;

	if (!info_len)
		return libbpf_err(opt_invalid("bpf_obj_get_info_by_fd", "info_len is NULL"));

	memset(&attr, 0, attr_sz);
	attr.info.bpf_fd = bpf_fd;
	attr.info.info_len = *info_len;
	attr.info.info = ptr_to_u64(info);

	err = sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, attr_sz);
	if (!err)
		*info_len = attr.info.info_len;
	return libbpf_err(err);
}

int bpf_prog_get_info_by_fd(int prog_fd, struct bpf_prog_info *info,
			    __u32 *info_len)
{
	return bpf_obj_get_info_by_fd(prog_fd, info, info_len);
}

int bpf_map_get_info_by_fd(int map_fd, struct bpf_map_info *info,
			   __u32 *info_len)
{
	return bpf_obj_get_info_by_fd(map_fd, info, info_len);
}

int bpf_btf_get_info_by_fd(int btf_fd, struct bpf_btf_info *info,
			   __u32 *info_len)
{
	__u32 in_len = info && info_len ? *info_len : 0, btf_sz = 0, name_len = 0;
	int err;

	/* what the kernel copies out: the raw BTF and the name, if asked
	 * (bpf_obj_get_info_by_fd() refuses a NULL info_len)
	 */
	if (in_len >= offsetofend(struct bpf_btf_info, btf_size))
		btf_sz = info->btf ? info->btf_size : 0;
	if (in_len >= offsetofend(struct bpf_btf_info, name_len))
		name_len = info->name ? info->name_len : 0;
	err = bpf_obj_get_info_by_fd(btf_fd, info, info_len);
	if (!err && btf_sz)
		kernel_wrote((void *)(uintptr_t)info->btf, min(btf_sz, info->btf_size));
	if (!err && name_len)
		kernel_wrote((void *)(uintptr_t)info->name, min(name_len, info->name_len + 1));
	return err;
}

int bpf_link_get_info_by_fd(int link_fd, struct bpf_link_info *info,
			    __u32 *info_len)
{
	return bpf_obj_get_info_by_fd(link_fd, info, info_len);
}

int bpf_task_fd_query(int pid, int fd, __u32 flags, char *buf, __u32 *buf_len,
		      __u32 *prog_id, __u32 *fd_type, __u64 *probe_offset,
		      __u64 *probe_addr)
{
	const unsigned int attr_sz = ATTR_SIZE(task_fd_query);
	union bpf_attr attr;
	int err;

	if (!buf_len)
		return libbpf_err(opt_invalid("bpf_task_fd_query", "buf_len is NULL"));

	memset(&attr, 0, attr_sz);
	attr.task_fd_query.pid = pid;
	attr.task_fd_query.fd = fd;
	attr.task_fd_query.flags = flags;
	attr.task_fd_query.buf = ptr_to_u64(buf);
	attr.task_fd_query.buf_len = *buf_len;

	err = sys_bpf(BPF_TASK_FD_QUERY, &attr, attr_sz);

	/* buf_len tells the needed size also on -ENOSPC */
	*buf_len = attr.task_fd_query.buf_len;
	if (prog_id)
		*prog_id = attr.task_fd_query.prog_id;
	if (fd_type)
		*fd_type = attr.task_fd_query.fd_type;
	if (probe_offset)
		*probe_offset = attr.task_fd_query.probe_offset;
	if (probe_addr)
		*probe_addr = attr.task_fd_query.probe_addr;
	return libbpf_err(err);
}

/* ---- BPF token ------------------------------------------------------------- */

#define LIBBPF_BPF_TOKEN_CREATE ((enum bpf_cmd)36)	/* 6.9 */

/* the BPF_TOKEN_CREATE attr */
struct token_create_attr {
	__u32 flags;
	__u32 bpffs_fd;
};

int bpf_token_create(int bpffs_fd, struct bpf_token_create_opts *opts)
{
	struct token_create_attr *tc;
	union bpf_attr attr;
	int fd;

	if (!OPTS_VALID(opts, bpf_token_create_opts))
		return libbpf_err(-EINVAL);
	if (bpffs_fd < 0)
		return libbpf_err(opt_invalid("bpf_token_create", "negative bpffs_fd"));

	memset(&attr, 0, sizeof(attr));
	tc = (struct token_create_attr *)&attr;
	tc->flags = OPTS_GET(opts, flags, 0);
	tc->bpffs_fd = (__u32)bpffs_fd;

	/* EINVAL: kernel before 6.9, or not the root of a BPF FS */
	fd = sys_bpf_fd(LIBBPF_BPF_TOKEN_CREATE, &attr, sizeof(*tc));
	return libbpf_err(fd);
}

int bpf_enable_stats(enum bpf_stats_type type)
{
	const unsigned int attr_sz = ATTR_SIZE(enable_stats);
	union bpf_attr attr;

	memset(&attr, 0, attr_sz);
	attr.enable_stats.type = type;

	return libbpf_err(sys_bpf_fd(BPF_ENABLE_STATS, &attr, attr_sz));
}

/* ---- BPF streams (6.17+) ------------------------------------------------ */

/*
 * BPF_PROG_STREAM_READ_BY_FD is newer than the 6.1 UAPI this library is
 * built against: the command number and its bpf_attr member are spelled
 * out here.
 */
#define LIBBPF_BPF_PROG_STREAM_READ_BY_FD ((enum bpf_cmd)37)

struct prog_stream_read_attr {
	__u64 stream_buf;
	__u32 stream_buf_len;
	__u32 stream_id;
	__u32 prog_fd;
};

_Static_assert(sizeof(struct prog_stream_read_attr) <= sizeof(union bpf_attr),
	       "prog_stream_read_attr must fit in union bpf_attr");

int bpf_prog_stream_read(int prog_fd, __u32 stream_id, void *buf, __u32 buf_len,
			 struct bpf_prog_stream_read_opts *opts)
{
	const unsigned int attr_sz =
		offsetofend(struct prog_stream_read_attr, prog_fd);
	union bpf_attr attr;
	struct prog_stream_read_attr *sr = (struct prog_stream_read_attr *)&attr;
	int ret;

	if (!OPTS_VALID(opts, bpf_prog_stream_read_opts))
		return libbpf_err(-EINVAL);
	if (!buf && buf_len)
		return libbpf_err(opt_invalid("bpf_prog_stream_read",
					      "buf is NULL but buf_len is not 0"));

	memset(&attr, 0, attr_sz);
	sr->stream_buf = ptr_to_u64(buf);
	sr->stream_buf_len = buf_len;
	sr->stream_id = stream_id;
	sr->prog_fd = prog_fd;

	ret = sys_bpf(LIBBPF_BPF_PROG_STREAM_READ_BY_FD, &attr, attr_sz);
	/* valgrind (3.19) does not know the command: the text is the kernel's */
	if (ret > 0)
		kernel_wrote(buf, ret);
	if (ret == -EINVAL)
		pr_debug("bpf_prog_stream_read: -EINVAL: a kernel before 6.17 has no BPF_PROG_STREAM_READ_BY_FD\n");
	return libbpf_err(ret);
}

/* ---- struct_ops association (BPF_PROG_ASSOC_STRUCT_OPS) ----------------- */

/*
 * BPF_PROG_ASSOC_STRUCT_OPS ties a program that is not itself a
 * struct_ops program (syscall, tracing, ...) to a struct_ops map, so that
 * kfuncs it calls can find "their" struct_ops. Newer than the 6.1 UAPI:
 * the command number and its bpf_attr member are spelled out here.
 */
#define LIBBPF_BPF_PROG_ASSOC_STRUCT_OPS ((enum bpf_cmd)38)

struct prog_assoc_struct_ops_attr {
	__u32 map_fd;
	__u32 prog_fd;
	__u32 flags;
};

_Static_assert(sizeof(struct prog_assoc_struct_ops_attr) <= sizeof(union bpf_attr),
	       "prog_assoc_struct_ops_attr must fit in union bpf_attr");

int bpf_prog_assoc_struct_ops(int prog_fd, int map_fd,
			      struct bpf_prog_assoc_struct_ops_opts *opts)
{
	const unsigned int attr_sz =
		offsetofend(struct prog_assoc_struct_ops_attr, flags);
	union bpf_attr attr;
	struct prog_assoc_struct_ops_attr *aa = (struct prog_assoc_struct_ops_attr *)&attr;
	int ret;

	if (!OPTS_VALID(opts, bpf_prog_assoc_struct_ops_opts))
		return libbpf_err(-EINVAL);

	memset(&attr, 0, attr_sz);
	aa->map_fd = map_fd;
	aa->prog_fd = prog_fd;
	aa->flags = OPTS_GET(opts, flags, 0);

	ret = sys_bpf(LIBBPF_BPF_PROG_ASSOC_STRUCT_OPS, &attr, attr_sz);
	if (ret == -EINVAL)
		pr_debug("bpf_prog_assoc_struct_ops: -EINVAL: also what kernels without BPF_PROG_ASSOC_STRUCT_OPS (6.18 and older) return for any call\n");
	return libbpf_err(ret);
}
