// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Program iteration and accessors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libbpf_internal.h"
#include "bpf.h"

bool prog_is_subprog(const struct bpf_program *prog)
{
	return prog->is_subprog;
}

static struct bpf_program *prog_step(const struct bpf_object *obj,
				     struct bpf_program *prog, int dir)
{
	struct bpf_program *first = obj->programs, *end;

	if (!obj->nr_programs)
		return NULL;	/* programs is NULL: no arithmetic on it */
	end = first + obj->nr_programs;
	if (!prog)
		prog = dir > 0 ? first - 1 : end;
	else if (prog->obj != obj || prog < first || prog >= end)
		return NULL;

	for (prog += dir; prog >= first && prog < end; prog += dir)
		if (!prog_is_subprog(prog))
			return prog;
	return NULL;
}

struct bpf_program *bpf_object__next_program(const struct bpf_object *obj,
					     struct bpf_program *prog)
{
	return obj ? prog_step(obj, prog, 1) : libbpf_err_ptr(-EINVAL);
}

struct bpf_program *bpf_object__prev_program(const struct bpf_object *obj,
					     struct bpf_program *prog)
{
	return obj ? prog_step(obj, prog, -1) : libbpf_err_ptr(-EINVAL);
}

struct bpf_program *bpf_object__find_program_by_name(const struct bpf_object *obj,
						     const char *name)
{
	struct bpf_program *prog;

	if (!obj || !name)
		return libbpf_err_ptr(-EINVAL);
	bpf_object__for_each_program(prog, obj)
		if (strcmp(prog->name, name) == 0)
			return prog;
	return libbpf_err_ptr(-ENOENT);
}

void bpf_program__set_ifindex(struct bpf_program *prog, __u32 ifindex)
{
	if (!prog)
		return;

	prog->prog_ifindex = ifindex;
}

const char *bpf_program__name(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);
	return prog->name;
}

const char *bpf_program__section_name(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);
	return prog->sec_name;
}

bool bpf_program__autoload(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_inval(false);
	return prog->autoload;
}

int bpf_program__set_autoload(struct bpf_program *prog, bool autoload)
{
	if (!prog || prog->obj->loaded)
		return libbpf_err(-EINVAL);
	prog->autoload = autoload;
	return 0;
}

bool bpf_program__autoattach(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_inval(false);
	return prog->autoattach;
}

void bpf_program__set_autoattach(struct bpf_program *prog, bool autoattach)
{
	if (!prog)
		return;

	prog->autoattach = autoattach;
}

const struct bpf_insn *bpf_program__insns(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);
	return prog->insns;
}

size_t bpf_program__insn_cnt(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_inval(0);
	return prog->insns_cnt;
}

/* the records only when they have the layout the public structs describe */
static void *prog_ext_records(void *recs, __u32 cnt, __u32 rec_size, size_t want)
{
	if (!recs || !cnt)
		return libbpf_err_ptr(-ENOENT);
	if (rec_size != want)
		return libbpf_err_ptr(-EOPNOTSUPP);
	return recs;
}

struct bpf_func_info *bpf_program__func_info(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);

	return prog_ext_records(prog->func_info, prog->func_info_cnt,
				prog->func_info_rec_size, sizeof(struct bpf_func_info));
}

__u32 bpf_program__func_info_cnt(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_inval(0);
	return prog->func_info ? prog->func_info_cnt : 0;
}

struct bpf_line_info *bpf_program__line_info(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);

	return prog_ext_records(prog->line_info, prog->line_info_cnt,
				prog->line_info_rec_size, sizeof(struct bpf_line_info));
}

__u32 bpf_program__line_info_cnt(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_inval(0);
	return prog->line_info ? prog->line_info_cnt : 0;
}

int bpf_program__set_insns(struct bpf_program *prog, struct bpf_insn *new_insns,
			   size_t new_insn_cnt)
{
	struct bpf_insn *insns;

	if (!prog)
		return libbpf_err(-EINVAL);

	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	if (!new_insns || !new_insn_cnt)
		return libbpf_err(-EINVAL);
	insns = malloc(new_insn_cnt * sizeof(*insns));
	if (!insns) {
		pr_warn("prog '%s': failed to allocate %zu instructions\n",
			prog->name, new_insn_cnt);
		return libbpf_err(-ENOMEM);
	}
	memcpy(insns, new_insns, new_insn_cnt * sizeof(*insns));
	free(prog->insns);
	prog->insns = insns;
	prog->insns_cnt = new_insn_cnt;
	/* the caller's code is final: no relocation, linking or func_info */
	prog->sec_insn_cnt = new_insn_cnt;
	free(prog->relos);
	prog->relos = NULL;
	prog->nr_relos = 0;
	prog->custom_insns = true;
	return 0;
}

int bpf_program__fd(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_err(-EINVAL);
	if (prog->fd < 0)
		return libbpf_err(-ENOENT);
	return prog->fd;
}

void bpf_program__unload(struct bpf_program *prog)
{
	if (!prog || prog->fd < 0)
		return;
	close(prog->fd);
	prog->fd = -1;
}

enum bpf_prog_type bpf_program__type(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_inval(BPF_PROG_TYPE_UNSPEC);
	return prog->type;
}

int bpf_program__set_type(struct bpf_program *prog, enum bpf_prog_type type)
{
	if (!prog)
		return libbpf_err(-EINVAL);

	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	/* a section-derived definition no longer applies to another type */
	if (prog->sec_def && prog->sec_def->prog_type != type)
		prog->sec_def = NULL;
	prog->type = type;
	return 0;
}

enum bpf_attach_type bpf_program__expected_attach_type(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_inval(0);
	return prog->expected_attach_type;
}

int bpf_program__set_expected_attach_type(struct bpf_program *prog,
					  enum bpf_attach_type type)
{
	if (!prog)
		return libbpf_err(-EINVAL);

	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	prog->expected_attach_type = type;
	return 0;
}

__u32 bpf_program__flags(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_inval(0);
	return prog->prog_flags;
}

int bpf_program__set_flags(struct bpf_program *prog, __u32 flags)
{
	if (!prog)
		return libbpf_err(-EINVAL);

	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	prog->prog_flags = flags;
	return 0;
}

__u32 bpf_program__log_level(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_inval(0);
	return prog->log_level;
}

int bpf_program__set_log_level(struct bpf_program *prog, __u32 log_level)
{
	if (!prog)
		return libbpf_err(-EINVAL);

	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	prog->log_level = log_level;
	return 0;
}

const char *bpf_program__log_buf(const struct bpf_program *prog, size_t *log_size)
{
	if (!prog || !log_size)
		return libbpf_err_ptr(-EINVAL);
	*log_size = prog->log_size;
	return prog->log_buf;
}

int bpf_program__set_log_buf(struct bpf_program *prog, char *log_buf, size_t log_size)
{
	if (!prog || (log_size && !log_buf))
		return libbpf_err(-EINVAL);
	if (log_size > UINT32_MAX)
		return libbpf_err(-EINVAL);
	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	prog->log_buf = log_buf;
	prog->log_size = log_size;
	return 0;
}

int bpf_program__set_attach_target(struct bpf_program *prog, int attach_prog_fd,
				   const char *attach_func_name)
{
	char *name = NULL;

	if (!prog || attach_prog_fd < 0)
		return libbpf_err(-EINVAL);
	if (prog->obj->loaded)
		return libbpf_err(-EINVAL);
	/* a target program alone keeps the function name SEC() gave */
	if (!attach_func_name) {
		if (!attach_prog_fd)
			return libbpf_err(-EINVAL);
		prog->attach_prog_fd = attach_prog_fd;
		return 0;
	}
	name = strdup(attach_func_name);
	if (!name)
		return libbpf_err(-ENOMEM);
	free(prog->attach_func_name);
	prog->attach_func_name = name;
	prog->attach_prog_fd = attach_prog_fd;
	return 0;
}

/* ---- load -------------------------------------------------------------------- */

#define LOG_BUF_MIN (64 * 1024)
#define LOG_BUF_MAX (16 * 1024 * 1024)
#define LOG_TAIL_LINES 20

/*
 * BTF id in the kernel of what a tracing/LSM/iterator program attaches to;
 * *btf_obj_fd is the BTF fd of the module that has it (0: vmlinux or the
 * target program)
 */
static int find_attach_btf_id(struct bpf_program *prog, __u32 *btf_id, int *btf_obj_fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	const char *pfx;
	char name[256];
	struct btf *btf;
	__u32 kind;
	int id;

	attach_target_naming(prog->expected_attach_type, &pfx, &kind);
	if (prog->type == BPF_PROG_TYPE_LSM) {
		pfx = "bpf_lsm_";
		kind = BTF_KIND_FUNC;
	}
	*btf_obj_fd = 0;
	if (!prog->attach_prog_fd)
		return kernel_attach_btf_id(prog->obj, prog->name, pfx, prog->attach_func_name,
					    kind, btf_id, btf_obj_fd);
	snprintf(name, sizeof(name), "%s%s", pfx, prog->attach_func_name);
	id = bpf_prog_get_info_by_fd(prog->attach_prog_fd, &info, &len);
	if (id || !info.btf_id) {
		pr_warn("prog '%s': target program fd %d has no BTF\n", prog->name,
			prog->attach_prog_fd);
		return id ?: -EINVAL;
	}
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf)
		return -errno;
	id = btf__find_by_name_kind(btf, name, kind);
	btf__free(btf);
	if (id <= 0) {
		pr_warn("prog '%s': attach target '%s' not found in the target program's BTF\n",
			prog->name, name);
		return -ESRCH;
	}
	*btf_id = id;
	return 0;
}

/* the last lines of a verifier log, for the one-line warning's follow-up */
static const char *log_tail(const char *log)
{
	const char *p = log + strlen(log);
	int lines = 0;

	while (p > log) {
		p--;
		if (*p == '\n' && p[1] && ++lines > LOG_TAIL_LINES)
			return p + 1;
	}
	return log;
}

/* "EACCES" for the errnos a program load reports, else NULL */
static const char *errno_name(int err)
{
	static const struct { int err; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EINTR, "EINTR" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
		{ E2BIG, "E2BIG" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EXDEV, "EXDEV" },
		{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { EMFILE, "EMFILE" },
		{ ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" },
		{ ELOOP, "ELOOP" }, { EOVERFLOW, "EOVERFLOW" }, { EPROTO, "EPROTO" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { ETIMEDOUT, "ETIMEDOUT" },
		{ 524, "ENOTSUPP" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return NULL;
}

/* a log line the verifier adds after its verdict, not the verdict itself */
static bool log_line_is_stats(const char *line, size_t len)
{
	static const char *const pfx[] = { "processed ", "verification time ", "stack depth " };
	size_t i;

	for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i == len)
		return true;	/* blank */
	for (i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++)
		if (len >= strlen(pfx[i]) && !strncmp(line, pfx[i], strlen(pfx[i])))
			return true;
	return false;
}

/*
 * The verifier's reason for a refusal: the last line of its log that is
 * not one of the statistics lines it prints after it. Its length in *len.
 */
static const char *log_reason(const char *log, int *len)
{
	const char *end = log + strlen(log), *start;

	while (end > log) {
		start = end;
		while (start > log && start[-1] != '\n')
			start--;
		if (!log_line_is_stats(start, end - start)) {
			*len = end - start;
			return start;
		}
		end = start > log ? start - 1 : log;
	}
	*len = 0;
	return NULL;
}

#define BPF_LOG_FIXED_FLAG 8	/* BPF_LOG_FIXED (6.4): keep the log's start */

/*
 * The one line a failed load logs before the log's tail: the program, the
 * errno (name and text) and the verifier's reason line, saying when the
 * log was truncated or empty.
 */
static void warn_load_failed(const struct bpf_program *prog, int err, const char *log,
			     bool truncated, bool tail_kept)
{
	const char *name = errno_name(-err), *reason = NULL;
	char num[16];
	int len = 0;

	if (!name) {
		snprintf(num, sizeof(num), "%d", -err);
		name = num;
	}
	if (truncated && !tail_kept) {
		pr_warn("prog '%s': BPF program load failed: -%s (%s), verifier log truncated: this kernel keeps its start, the reason is cut off\n",
			prog->name, name, libbpf_errstr(err));
		return;
	}
	if (log && log[0])
		reason = log_reason(log, &len);
	if (reason)
		pr_warn("prog '%s': BPF program load failed: -%s (%s)%s: %.*s\n", prog->name,
			name, libbpf_errstr(err), truncated ? ", verifier log truncated" : "",
			len, reason);
	else
		pr_warn("prog '%s': BPF program load failed: -%s (%s), %s\n", prog->name, name,
			libbpf_errstr(err), log ? "the verifier log is empty" : "no verifier log");
}

static int prog_load_once(struct bpf_program *prog, struct bpf_prog_load_opts *opts)
{
	const char *name = kernel_supports(FEAT_PROG_NAME) ? prog->name : NULL;
	char short_name[BPF_OBJ_NAME_LEN];

	if (name) {
		snprintf(short_name, sizeof(short_name), "%s", name);
		name = short_name;
	}
	return bpf_prog_load(prog->type, name, prog->obj->license, prog->insns,
			     prog->insns_cnt, opts);
}

static int prog_load(struct bpf_program *prog)
{
	struct bpf_object *obj = prog->obj;
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	char *own_log = NULL, *log;
	size_t log_size = 0;
	int btf_fd = obj->btf ? btf__fd(obj->btf) : -1;
	int fd, err, first_err = 0;
	bool truncated;

	/* usdt programs attach through uprobe.multi links where there are any */
	if (prog->sec_def && (prog->sec_def->flags & SEC_UPROBE_MULTI_OPT) &&
	    !prog->expected_attach_type && kernel_supports(FEAT_UPROBE_MULTI_LINK))
		prog->expected_attach_type = LIBBPF_TRACE_UPROBE_MULTI;
	opts.expected_attach_type = prog->expected_attach_type;
	if (prog->sec_def && (prog->sec_def->flags & SEC_EXP_ATTACH_OPT) &&
	    !kernel_supports(FEAT_EXP_ATTACH_TYPE))
		opts.expected_attach_type = 0;
	opts.prog_flags = prog->prog_flags;
	if (obj->token_fd) {
		opts.token_fd = obj->token_fd;
		opts.prog_flags |= LIBBPF_F_TOKEN_FD;
	}
	opts.prog_ifindex = prog->prog_ifindex;
	opts.kern_version = obj->kern_version ?: libbpf_kernel_version();
	opts.attach_prog_fd = prog->attach_prog_fd;
	if (prog->attach_func_name && (prog->type == BPF_PROG_TYPE_TRACING ||
				       prog->type == BPF_PROG_TYPE_LSM ||
				       prog->type == BPF_PROG_TYPE_EXT)) {
		int btf_obj_fd;

		err = find_attach_btf_id(prog, &opts.attach_btf_id, &btf_obj_fd);
		if (err)
			return err;
		opts.attach_btf_obj_fd = btf_obj_fd;
	} else if (prog->type == BPF_PROG_TYPE_STRUCT_OPS) {
		opts.attach_btf_id = prog->attach_btf_id;	/* struct_ops.c */
	}
	/* without BTF FUNC support the sanitized FUNCs are typedefs: no func_info */
	if (btf_fd >= 0 && prog->func_info_cnt && kernel_supports(FEAT_BTF_FUNC)) {
		opts.prog_btf_fd = btf_fd;
		opts.func_info = prog->func_info;
		opts.func_info_cnt = prog->func_info_cnt;
		opts.func_info_rec_size = prog->func_info_rec_size;
		if (prog->line_info_cnt) {
			opts.line_info = prog->line_info;
			opts.line_info_cnt = prog->line_info_cnt;
			opts.line_info_rec_size = prog->line_info_rec_size;
		}
	}

	/* module kfuncs name their module's BTF by index (module_btf.c) */
	if (obj->fd_array_cnt > 1)
		opts.fd_array = obj->fd_array;

	/* a custom section's callback may adjust the load (prog_handler.c) */
	if (prog->sec_def && prog->sec_def->prog_prepare_load_fn) {
		err = prog->sec_def->prog_prepare_load_fn(prog, &opts, prog->sec_def->cookie);
		if (err) {
			pr_warn("prog '%s': prepare_load callback of section '%s' failed: %s\n",
				prog->name, prog->sec_name, libbpf_errstr(err));
			return err;
		}
	}

	/* the user's log buffer (per program, else per object) wins */
	log = prog->log_buf ?: obj->kernel_log_buf;
	log_size = prog->log_buf ? prog->log_size : obj->kernel_log_size;
	if (log) {
		opts.log_buf = log;
		opts.log_size = log_size;
		opts.log_level = prog->log_level ?: (prog->log_buf ? 0 : obj->kernel_log_level);
		fd = prog_load_once(prog, &opts);
	} else {
		/* no log unless asked for; on failure, load again to learn why */
		opts.log_level = prog->log_level;
		fd = prog->log_level ? -ENOMEM : prog_load_once(prog, &opts);
		first_err = prog->log_level ? 0 : fd;
		for (log_size = LOG_BUF_MIN; fd < 0 && log_size <= LOG_BUF_MAX; log_size *= 4) {
			char *p = realloc(own_log, log_size);

			if (!p)
				break;
			own_log = p;
			own_log[0] = '\0';
			opts.log_buf = own_log;
			opts.log_size = log_size;
			opts.log_level = prog->log_level ?: 1;
			fd = prog_load_once(prog, &opts);
			if (fd != -ENOSPC)
				break;
		}
		log = own_log;
		if (fd >= 0 && own_log && own_log[0])
			pr_debug("prog '%s': verifier log:\n%s", prog->name, own_log);
	}
	if (fd < 0) {
		/*
		 * The kernel reports a log that did not fit as -ENOSPC; from
		 * 6.4 (which also reports log_true_size) its rotating log
		 * (log_level without BPF_LOG_FIXED) keeps the tail, where the
		 * reason is; before, the start. The load made without a log,
		 * if any, gave the program's real errno.
		 */
		truncated = fd == -ENOSPC;
		if (first_err < 0)
			fd = first_err;
		warn_load_failed(prog, fd, log, truncated,
				 opts.log_true_size && !(opts.log_level & BPF_LOG_FIXED_FLAG));
		if (log && log[0])
			pr_warn("prog '%s': -- verifier log (tail) --\n%s%s-- end of log --\n",
				prog->name, log_tail(log), log[strlen(log) - 1] == '\n' ? "" : "\n");
		free(own_log);
		return fd;
	}
	free(own_log);
	prog->fd = fd;
	return 0;
}

int bpf_object_load_progs(struct bpf_object *obj)
{
	size_t i;
	int err;

	for (i = 0; i < obj->nr_programs; i++) {
		struct bpf_program *prog = &obj->programs[i];

		if (!prog_will_load(prog))
			continue;
		if (prog->type == BPF_PROG_TYPE_UNSPEC) {
			pr_warn("prog '%s': no program type for section '%s'; set one with bpf_program__set_type()\n",
				prog->name, prog->sec_name);
			return -EINVAL;
		}
		err = prog_load(prog);
		if (err)
			return err;
	}
	return 0;
}

/* ---- pinning ------------------------------------------------------------------- */

int bpf_program__pin(struct bpf_program *prog, const char *path)
{
	int err;

	if (!prog)
		return libbpf_err(-EINVAL);

	if (prog->fd < 0) {
		pr_warn("prog '%s': cannot pin a program that is not loaded\n", prog->name);
		return libbpf_err(-EINVAL);
	}
	err = pin_path_prepare(path) ?: bpf_obj_pin(prog->fd, path);
	if (err) {
		pr_warn("prog '%s': failed to pin at '%s': %s\n", prog->name, path,
			libbpf_errstr(err));
		return libbpf_err(err);
	}
	return 0;
}

int bpf_program__unpin(struct bpf_program *prog, const char *path)
{
	if (!prog || prog->fd < 0)
		return libbpf_err(-EINVAL);
	if (unlink(path)) {
		int err = -errno;

		pr_warn("prog '%s': failed to unpin '%s': %s\n", prog->name, path,
			libbpf_errstr(err));
		return libbpf_err(err);
	}
	return 0;
}

static int prog_pin_path(const struct bpf_program *prog, const char *dir, char *buf,
			 size_t size)
{
	int n = snprintf(buf, size, "%s/%s", dir, prog->name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int bpf_object__pin_programs(struct bpf_object *obj, const char *path)
{
	struct bpf_program *prog;
	char buf[4096];
	int err;

	/* as libbpf (and bpf_object__pin_maps()): no loaded object is -ENOENT */
	if (!obj || !obj->loaded)
		return libbpf_err(-ENOENT);
	if (!path)
		return libbpf_err(-EINVAL);
	bpf_object__for_each_program(prog, obj) {
		if (prog->fd < 0)
			continue;
		err = prog_pin_path(prog, path, buf, sizeof(buf));
		if (!err)
			err = bpf_program__pin(prog, buf);
		if (err)
			goto undo;
	}
	return 0;
undo:
	while ((prog = bpf_object__prev_program(obj, prog)))
		if (prog->fd >= 0 && !prog_pin_path(prog, path, buf, sizeof(buf)))
			unlink(buf);
	return libbpf_err(err);
}

int bpf_object__unpin_programs(struct bpf_object *obj, const char *path)
{
	struct bpf_program *prog;
	char buf[4096];
	int err;

	if (!obj)
		return libbpf_err(-ENOENT);
	if (!path)
		return libbpf_err(-EINVAL);
	bpf_object__for_each_program(prog, obj) {
		if (prog->fd < 0)
			continue;
		err = prog_pin_path(prog, path, buf, sizeof(buf));
		if (!err)
			err = bpf_program__unpin(prog, buf);
		if (err)
			return libbpf_err(err);
	}
	return 0;
}

int bpf_object__pin(struct bpf_object *obj, const char *path)
{
	int err = bpf_object__pin_maps(obj, path);

	if (err)
		return err;
	err = bpf_object__pin_programs(obj, path);
	if (err)
		bpf_object__unpin_maps(obj, path);
	return err;
}

int bpf_object__unpin(struct bpf_object *obj, const char *path)
{
	int err = bpf_object__unpin_programs(obj, path);

	return err ?: bpf_object__unpin_maps(obj, path);
}
