// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel feature probes.
 *
 * Each probe asks the running kernel one question by loading the smallest
 * BTF blob, map or program that only a kernel with the feature accepts.
 * Answers are computed on first use and cached for the whole process;
 * every object loaded by the process shares them, except objects with a
 * BPF token, whose probes run with the token into the object's own cache
 * (struct kern_feat_cache, see feat_cache_enter()).
 *
 * Probes talk to the kernel through sys_bpf() directly, not through the
 * public wrappers: those consult features themselves (program names,
 * RLIMIT_MEMLOCK), which would recurse.
 *
 * Programs are hand-assembled and BTF blobs are built by the small
 * builder below, so that this file needs nothing but the UAPI and
 * sys_bpf(): no btf.c, no object model.
 *
 * Thread safety: each cached answer is one int read and written with
 * atomics. Two threads asking the same new question at once may both
 * probe; they get the same answer, so the race is harmless.
 *
 * Forcing features off (for tests of sanitization and fallbacks on a
 * kernel that has everything): set LIBBPF_FORCE_NO_FEATURES to a comma
 * separated list of names from the table below (e.g. "decl_tag,arg_ctx",
 * or "all") before the first probe, or call kern_features_force_off().
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf.h"
#include "libbpf_internal.h"

_Static_assert(__FEAT_CNT <= 64, "forced-off features are a 64-bit mask");

/* ---- instruction encoding ---------------------------------------------- */

#define INSN(CODE, DST, SRC, OFF, IMM)                                         \
	((struct bpf_insn){ .code = (CODE), .dst_reg = (DST),                  \
			    .src_reg = (SRC), .off = (OFF), .imm = (IMM) })

#define MOV64_IMM(DST, IMM)	INSN(BPF_ALU64 | BPF_MOV | BPF_K, DST, 0, 0, IMM)
#define MOV64_REG(DST, SRC)	INSN(BPF_ALU64 | BPF_MOV | BPF_X, DST, SRC, 0, 0)
#define ADD64_IMM(DST, IMM)	INSN(BPF_ALU64 | BPF_ADD | BPF_K, DST, 0, 0, IMM)
#define ST_DW(DST, OFF, IMM)	INSN(BPF_ST | BPF_MEM | BPF_DW, DST, 0, OFF, IMM)
#define CALL_HELPER(ID)		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, ID)
/* call of the subprogram REL + 1 instructions further */
#define CALL_LOCAL(REL)		INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, REL)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* two instructions: 64-bit load whose meaning SRC selects */
#define LD_IMM64(DST, SRC, IMM_LO, IMM_HI)                                     \
	INSN(BPF_LD | BPF_DW | BPF_IMM, DST, SRC, 0, IMM_LO),                  \
	INSN(0, 0, 0, 0, IMM_HI)

/* ---- BPF token ------------------------------------------------------------ */

/*
 * Objects loaded with a BPF token get their own answers, probed with the
 * token (inside a user namespace the kernel answers differently with and
 * without it). kernel_supports() consults the cache entered by this
 * thread (feat_cache_enter(), done by bpf_object__load()), else the
 * process-wide one.
 */
static __thread struct kern_feat_cache *cur_feat_cache;

struct kern_feat_cache *feat_cache_enter(struct kern_feat_cache *cache)
{
	struct kern_feat_cache *prev = cur_feat_cache;

	cur_feat_cache = cache;
	return prev;
}

void feat_cache_leave(struct kern_feat_cache *prev)
{
	cur_feat_cache = prev;
}

/* the token probes run with, 0 for none */
static int probe_token_fd(void)
{
	return cur_feat_cache ? cur_feat_cache->token_fd : 0;
}

/* ---- raw BTF builder ---------------------------------------------------- */

/*
 * Just enough to write a handful of types: no string deduplication, no
 * validation beyond not overflowing. Type ids are assigned in the order
 * types are added, starting at 1.
 */
struct probe_btf {
	__u32 words[48];	/* type section */
	__u32 nr_words;
	char strs[96];		/* string section, "" at offset 0 */
	__u32 strs_len;
	__u32 nr_types;
	bool overflow;
};

static void pbtf_init(struct probe_btf *b)
{
	memset(b, 0, sizeof(*b));
	b->strs_len = 1;
}

static __u32 pbtf_str(struct probe_btf *b, const char *s)
{
	size_t len = strlen(s) + 1;
	__u32 off = b->strs_len;

	if (len > sizeof(b->strs) - b->strs_len) {
		b->overflow = true;
		return 0;
	}
	memcpy(b->strs + off, s, len);
	b->strs_len += len;
	return off;
}

static void pbtf_word(struct probe_btf *b, __u32 w)
{
	if (b->nr_words == ARRAY_SIZE(b->words)) {
		b->overflow = true;
		return;
	}
	b->words[b->nr_words++] = w;
}

/* struct btf_type; returns the new type's id */
static __u32 pbtf_type(struct probe_btf *b, const char *name, __u32 kind,
		       __u32 vlen, __u32 size_or_type)
{
	pbtf_word(b, name ? pbtf_str(b, name) : 0);
	pbtf_word(b, (kind << 24) | (vlen & 0xffff));
	pbtf_word(b, size_or_type);
	return ++b->nr_types;
}

static __u32 pbtf_int(struct probe_btf *b, const char *name, __u32 size)
{
	__u32 id = pbtf_type(b, name, BTF_KIND_INT, 0, size);

	pbtf_word(b, (BTF_INT_SIGNED << 24) | (size * 8));
	return id;
}

/* a FUNC_PROTO parameter or an ENUM64 value: name and one word */
static void pbtf_named_word(struct probe_btf *b, const char *name, __u32 w)
{
	pbtf_word(b, name ? pbtf_str(b, name) : 0);
	pbtf_word(b, w);
}

static __u32 pbtf_var(struct probe_btf *b, const char *name, __u32 type)
{
	__u32 id = pbtf_type(b, name, BTF_KIND_VAR, 0, type);

	pbtf_word(b, BTF_VAR_GLOBAL_ALLOCATED);
	return id;
}

/* DATASEC of size 4 holding one 4-byte VAR */
static __u32 pbtf_datasec(struct probe_btf *b, const char *name, __u32 var)
{
	__u32 id = pbtf_type(b, name, BTF_KIND_DATASEC, 1, 4);

	pbtf_word(b, var);
	pbtf_word(b, 0);	/* offset */
	pbtf_word(b, 4);	/* size */
	return id;
}

static __u32 pbtf_decl_tag(struct probe_btf *b, const char *tag, __u32 type,
			   int component_idx)
{
	__u32 id = pbtf_type(b, tag, BTF_KIND_DECL_TAG, 0, type);

	pbtf_word(b, (__u32)component_idx);
	return id;
}

/* BPF_BTF_LOAD the blob; returns the BTF fd or -errno */
static int pbtf_load(const struct probe_btf *b)
{
	const unsigned int attr_sz = offsetofend(union bpf_attr, btf_log_level);
	char blob[sizeof(struct btf_header) + sizeof(b->words) + sizeof(b->strs)];
	struct btf_header hdr = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(struct btf_header),
		.type_off = 0,
		.type_len = b->nr_words * sizeof(__u32),
		.str_off = b->nr_words * sizeof(__u32),
		.str_len = b->strs_len,
	};
	int token_fd = probe_token_fd();
	union bpf_attr attr;

	if (b->overflow) {
		pr_warn("feature probe BTF does not fit its buffer: %s\n",
			libbpf_errstr(-E2BIG));
		return -E2BIG;
	}
	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), b->words, hdr.type_len);
	memcpy(blob + sizeof(hdr) + hdr.type_len, b->strs, hdr.str_len);

	memset(&attr, 0, sizeof(attr));
	attr.btf = (__u64)(unsigned long)blob;
	attr.btf_size = sizeof(hdr) + hdr.type_len + hdr.str_len;
	if (token_fd) {
		struct btf_load_tail tail = {
			.btf_flags = LIBBPF_F_TOKEN_FD,
			.btf_token_fd = token_fd,
		};

		memcpy((char *)&attr + BTF_LOAD_TAIL_OFF, &tail, sizeof(tail));
		return sys_bpf_fd(BPF_BTF_LOAD, &attr, BTF_LOAD_TAIL_OFF + sizeof(tail));
	}
	return sys_bpf_fd(BPF_BTF_LOAD, &attr, attr_sz);
}

/* ---- loading probe objects ---------------------------------------------- */

/*
 * The answer a probe gives from the result of a load only a capable
 * kernel accepts: a new fd (closed here) means yes; EPERM means the
 * question could not be asked (no privilege, memlock limit) and is an
 * error; any other refusal means no.
 */
static int load_verdict(int fd)
{
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	if (fd == -EPERM)
		return fd;
	return 0;
}

static int probe_map_create(enum bpf_map_type type, __u32 value_size,
			    __u32 map_flags)
{
	const unsigned int attr_sz = offsetofend(union bpf_attr, map_extra);
	int token_fd = probe_token_fd();
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = sizeof(int);
	attr.value_size = value_size;
	attr.max_entries = 1;
	attr.map_flags = map_flags;
	if (token_fd) {
		attr.map_flags |= LIBBPF_F_TOKEN_FD;
		((struct map_create_ext *)&attr)->map_token_fd = token_fd;
		return sys_bpf_fd(BPF_MAP_CREATE, &attr,
				  offsetofend(struct map_create_ext, map_token_fd));
	}
	return sys_bpf_fd(BPF_MAP_CREATE, &attr, attr_sz);
}

/* exclusive maps (6.18): an array with an excl_prog_hash */
static int probe_excl_maps(void)
{
	static const __u8 hash[32];
	int token_fd = probe_token_fd();
	union bpf_attr attr;
	struct map_create_ext *ext = (struct map_create_ext *)&attr;

	memset(&attr, 0, sizeof(attr));
	ext->map_type = BPF_MAP_TYPE_ARRAY;
	ext->key_size = sizeof(int);
	ext->value_size = sizeof(int);
	ext->max_entries = 1;
	if (token_fd) {
		ext->map_flags |= LIBBPF_F_TOKEN_FD;
		ext->map_token_fd = token_fd;
	}
	ext->excl_prog_hash = (__u64)(unsigned long)hash;
	ext->excl_prog_hash_size = sizeof(hash);
	return load_verdict(sys_bpf_fd(BPF_MAP_CREATE, &attr,
				       offsetofend(struct map_create_ext, excl_prog_hash_size)));
}

/* what a probe program needs besides its type and instructions */
struct probe_prog_opts {
	enum bpf_attach_type expected_attach_type;
	const char *name;
	int btf_fd;
	const struct bpf_func_info *func_info;
	__u32 func_info_cnt;
	const int *fd_array;
};

static int probe_prog_load(enum bpf_prog_type type,
			   const struct bpf_insn *insns, __u32 insn_cnt,
			   const struct probe_prog_opts *opts)
{
	const unsigned int attr_sz = offsetofend(union bpf_attr, fd_array);
	static const char license[] = "GPL";
	union prog_load_attr u;
	union bpf_attr *attr = &u.attr;
	int token_fd = probe_token_fd();

	memset(&u, 0, sizeof(u));
	attr->prog_type = type;
	attr->insns = (__u64)(unsigned long)insns;
	attr->insn_cnt = insn_cnt;
	attr->license = (__u64)(unsigned long)license;
	if (type == BPF_PROG_TYPE_KPROBE)
		attr->kern_version = libbpf_kernel_version();	/* kprobes before 5.0 */
	if (opts) {
		attr->expected_attach_type = opts->expected_attach_type;
		if (opts->name)
			memcpy(attr->prog_name, opts->name,
			       strnlen(opts->name, BPF_OBJ_NAME_LEN - 1));
		attr->prog_btf_fd = opts->btf_fd;
		attr->func_info = (__u64)(unsigned long)opts->func_info;
		attr->func_info_cnt = opts->func_info_cnt;
		attr->func_info_rec_size = opts->func_info ?
					  sizeof(struct bpf_func_info) : 0;
		attr->fd_array = (__u64)(unsigned long)opts->fd_array;
	}
	if (token_fd) {
		struct prog_load_tail tail = { .prog_token_fd = token_fd };

		attr->prog_flags |= LIBBPF_F_TOKEN_FD;
		memcpy(u.raw + PROG_LOAD_TAIL_OFF, &tail, sizeof(tail));
		return sys_bpf_fd(BPF_PROG_LOAD, attr, sizeof(u.raw));
	}
	return sys_bpf_fd(BPF_PROG_LOAD, attr, attr_sz);
}

/* load_verdict() of a probe program loaded with btf_fd, which is closed */
static int load_with_btf(int btf_fd, enum bpf_prog_type type, const struct bpf_insn *insns,
			 __u32 insn_cnt, struct probe_prog_opts *opts)
{
	int ret;

	if (btf_fd < 0)
		return btf_fd == -EPERM ? btf_fd : 0;
	opts->btf_fd = btf_fd;
	ret = load_verdict(probe_prog_load(type, insns, insn_cnt, opts));
	close(btf_fd);
	return ret;
}

/* does a program of this type calling helper (no arguments needed) load? */
static int probe_helper_call(enum bpf_prog_type type, enum bpf_func_id helper)
{
	const struct bpf_insn insns[] = {
		CALL_HELPER(helper),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};

	return load_verdict(probe_prog_load(type, insns, ARRAY_SIZE(insns),
					    NULL));
}

/* ---- BTF probes ---------------------------------------------------------- */

static int probe_btf(const struct probe_btf *b)
{
	return load_verdict(pbtf_load(b));
}

static int probe_btf_basic(void)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_int(&b, "int", 4);				/* [1] */
	return probe_btf(&b);
}

static int probe_btf_func_linkage(__u32 linkage)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_int(&b, "int", 4);				/* [1] */
	pbtf_type(&b, NULL, BTF_KIND_FUNC_PROTO, 1, 1);	/* [2] int (int x) */
	pbtf_named_word(&b, "x", 1);
	pbtf_type(&b, "f", BTF_KIND_FUNC, linkage, 2);	/* [3] f */
	return probe_btf(&b);
}

static int probe_btf_func(void)
{
	return probe_btf_func_linkage(BTF_FUNC_STATIC);
}

static int probe_btf_global_func(void)
{
	return probe_btf_func_linkage(BTF_FUNC_GLOBAL);
}

static int probe_btf_datasec_named(const char *sec_name)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_int(&b, "int", 4);				/* [1] */
	pbtf_var(&b, "x", 1);				/* [2] int x */
	pbtf_datasec(&b, sec_name, 2);			/* [3] */
	return probe_btf(&b);
}

static int probe_btf_datasec(void)
{
	return probe_btf_datasec_named(".data");
}

static int probe_btf_qmark_datasec(void)
{
	return probe_btf_datasec_named("?.data");
}

static int probe_btf_float(void)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_type(&b, "float", BTF_KIND_FLOAT, 0, 4);	/* [1] */
	return probe_btf(&b);
}

static int probe_btf_decl_tag(void)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_int(&b, "int", 4);				/* [1] */
	pbtf_var(&b, "x", 1);				/* [2] int x */
	pbtf_decl_tag(&b, "tag", 2, -1);		/* [3] on x */
	return probe_btf(&b);
}

static int probe_btf_type_tag(void)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_int(&b, "int", 4);				/* [1] */
	pbtf_type(&b, "tag", BTF_KIND_TYPE_TAG, 0, 1);	/* [2] tag int */
	pbtf_type(&b, NULL, BTF_KIND_PTR, 0, 2);	/* [3] tag int * */
	return probe_btf(&b);
}

static int probe_btf_enum64(void)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_type(&b, "e", BTF_KIND_ENUM64, 1, 8);	/* [1] */
	pbtf_named_word(&b, "v", 1);			/* low 32 bits */
	pbtf_word(&b, 0);				/* high 32 bits */
	return probe_btf(&b);
}

/* ---- map probes ---------------------------------------------------------- */

static int probe_array_mmap(void)
{
	return load_verdict(probe_map_create(BPF_MAP_TYPE_ARRAY, sizeof(int),
					     BPF_F_MMAPABLE));
}

static int probe_map_freeze(void)
{
	const unsigned int attr_sz = offsetofend(union bpf_attr, map_fd);
	union bpf_attr attr;
	int map_fd, err;

	map_fd = probe_map_create(BPF_MAP_TYPE_ARRAY, sizeof(int), 0);
	if (map_fd < 0)
		return map_fd;

	memset(&attr, 0, attr_sz);
	attr.map_fd = map_fd;
	err = sys_bpf(BPF_MAP_FREEZE, &attr, attr_sz);
	close(map_fd);
	if (err == -EPERM)
		return err;
	return err == 0;
}

/* ---- program probes ------------------------------------------------------ */

static int probe_prog_name(void)
{
	const struct bpf_insn insns[] = {
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	struct probe_prog_opts opts = { .name = "libbpf_probe" };

	return load_verdict(probe_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns,
					    ARRAY_SIZE(insns), &opts));
}

static int probe_global_data(void)
{
	/* *(u64 *)&value[0] = 42 through a direct value pointer */
	struct bpf_insn insns[] = {
		LD_IMM64(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, 0 /* map fd */, 0),
		ST_DW(BPF_REG_1, 0, 42),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	int map_fd, ret;

	map_fd = probe_map_create(BPF_MAP_TYPE_ARRAY, 16, 0);
	if (map_fd < 0)
		return map_fd;
	insns[0].imm = map_fd;
	ret = load_verdict(probe_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns,
					   ARRAY_SIZE(insns), NULL));
	close(map_fd);
	return ret;
}

static int probe_exp_attach_type(void)
{
	const struct bpf_insn insns[] = {
		MOV64_IMM(BPF_REG_0, 1),
		EXIT(),
	};
	struct probe_prog_opts opts = {
		.expected_attach_type = BPF_CGROUP_INET_SOCK_CREATE,
	};

	return load_verdict(probe_prog_load(BPF_PROG_TYPE_CGROUP_SOCK, insns,
					    ARRAY_SIZE(insns), &opts));
}

static int probe_probe_read_kernel(void)
{
	/* bpf_probe_read_kernel(fp - 8, 8, NULL) */
	const struct bpf_insn insns[] = {
		MOV64_REG(BPF_REG_1, BPF_REG_10),
		ADD64_IMM(BPF_REG_1, -8),
		MOV64_IMM(BPF_REG_2, 8),
		MOV64_IMM(BPF_REG_3, 0),
		CALL_HELPER(BPF_FUNC_probe_read_kernel),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};

	return load_verdict(probe_prog_load(BPF_PROG_TYPE_KPROBE, insns,
					    ARRAY_SIZE(insns), NULL));
}

static int probe_prog_bind_map(void)
{
	const unsigned int attr_sz = offsetofend(union bpf_attr, prog_bind_map);
	const struct bpf_insn insns[] = {
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	union bpf_attr attr;
	int map_fd, prog_fd, err;

	map_fd = probe_map_create(BPF_MAP_TYPE_ARRAY, sizeof(int), 0);
	if (map_fd < 0)
		return map_fd;
	prog_fd = probe_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns,
				  ARRAY_SIZE(insns), NULL);
	if (prog_fd < 0) {
		close(map_fd);
		return prog_fd;
	}

	memset(&attr, 0, attr_sz);
	attr.prog_bind_map.prog_fd = prog_fd;
	attr.prog_bind_map.map_fd = map_fd;
	err = sys_bpf(BPF_PROG_BIND_MAP, &attr, attr_sz);
	close(prog_fd);
	close(map_fd);
	if (err == -EPERM)
		return err;
	return err == 0;
}

static int probe_fd_idx(void)
{
	const struct bpf_insn insns[] = {
		LD_IMM64(BPF_REG_1, BPF_PSEUDO_MAP_IDX, 0, 0),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	struct probe_prog_opts opts = {};
	int map_fd, ret;

	map_fd = probe_map_create(BPF_MAP_TYPE_ARRAY, sizeof(int), 0);
	if (map_fd < 0)
		return map_fd;
	opts.fd_array = &map_fd;
	ret = load_verdict(probe_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns,
					   ARRAY_SIZE(insns), &opts));
	close(map_fd);
	return ret;
}

/*
 * Kernels that create perf event links look up the perf event fd and fail
 * with EBADF on -1; older ones reject the attach type with EINVAL.
 */
static int probe_perf_link(void)
{
	const unsigned int attr_sz = offsetofend(union bpf_attr, link_create);
	const struct bpf_insn insns[] = {
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	union bpf_attr attr;
	int prog_fd, err;

	prog_fd = probe_prog_load(BPF_PROG_TYPE_TRACEPOINT, insns,
				  ARRAY_SIZE(insns), NULL);
	if (prog_fd < 0)
		return prog_fd == -EPERM ? prog_fd : 0;

	memset(&attr, 0, attr_sz);
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = -1;
	attr.link_create.attach_type = BPF_PERF_EVENT;
	err = sys_bpf_fd(BPF_LINK_CREATE, &attr, attr_sz);
	close(prog_fd);
	if (err >= 0) {
		/* cannot happen for fd -1; do not leak it if it does */
		close(err);
		return 0;
	}
	return err == -EBADF;
}

/*
 * Memory cgroup accounting of BPF memory came with 5.11, in the same
 * release as bpf_ktime_get_coarse_ns(); the helper is the cheap witness.
 */
static int probe_memcg_account(void)
{
	return probe_helper_call(BPF_PROG_TYPE_SOCKET_FILTER,
				 BPF_FUNC_ktime_get_coarse_ns);
}

/* bpf_get_attach_cookie(ctx): r1 holds the context on entry */
static int probe_bpf_cookie(void)
{
	return probe_helper_call(BPF_PROG_TYPE_KPROBE,
				 BPF_FUNC_get_attach_cookie);
}

/*
 * uprobe.multi links (6.6): a kprobe program loaded for them, linked to a
 * directory. Kernels that have them get as far as checking the path and
 * refuse a non-regular file with -EBADF; older ones refuse the attach
 * type (or the load) with -EINVAL.
 */
static int probe_uprobe_multi_link(void)
{
	const struct bpf_insn insns[] = { MOV64_IMM(BPF_REG_0, 0), EXIT() };
	struct probe_prog_opts popts = {
		.expected_attach_type = LIBBPF_TRACE_UPROBE_MULTI,
	};
	LIBBPF_OPTS(bpf_link_create_opts, lopts);
	unsigned long offset = 0;
	int prog_fd, err;

	prog_fd = probe_prog_load(BPF_PROG_TYPE_KPROBE, insns, ARRAY_SIZE(insns), &popts);
	if (prog_fd < 0)
		return prog_fd == -EPERM ? prog_fd : 0;
	lopts.uprobe_multi.path = "/";
	lopts.uprobe_multi.offsets = &offset;
	lopts.uprobe_multi.cnt = 1;
	err = bpf_link_create(prog_fd, -1, LIBBPF_TRACE_UPROBE_MULTI, &lopts);
	err = err < 0 ? -errno : err;
	close(prog_fd);
	if (err >= 0) {
		close(err);
		return 0;
	}
	return err == -EBADF;
}

/* two functions, int (void), for func_info: a global main and a static one */
static int two_funcs_btf(void)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_int(&b, "int", 4);					/* [1] */
	pbtf_type(&b, NULL, BTF_KIND_FUNC_PROTO, 0, 1);		/* [2] int (void) */
	pbtf_type(&b, "probe_main", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 2); /* [3] */
	pbtf_type(&b, "probe_cb", BTF_KIND_FUNC, BTF_FUNC_STATIC, 2);	/* [4] */
	return pbtf_load(&b);
}

/* callbacks need func_info, so this needs BTF: bpf_loop() (5.17) has it */
static int probe_bpf_loop(void)
{
	/* bpf_loop(1, callback, NULL, 0) with callback returning 0 */
	const struct bpf_insn insns[] = {
		MOV64_IMM(BPF_REG_1, 1),			/* 0 */
		LD_IMM64(BPF_REG_2, BPF_PSEUDO_FUNC, 6, 0),	/* 1: -> 8 */
		MOV64_IMM(BPF_REG_3, 0),			/* 3 */
		MOV64_IMM(BPF_REG_4, 0),			/* 4 */
		CALL_HELPER(BPF_FUNC_loop),			/* 5 */
		MOV64_IMM(BPF_REG_0, 0),			/* 6 */
		EXIT(),						/* 7 */
		MOV64_IMM(BPF_REG_0, 0),			/* 8: callback */
		EXIT(),						/* 9 */
	};
	const struct bpf_func_info func_info[] = {
		{ .insn_off = 0, .type_id = 3 },
		{ .insn_off = 8, .type_id = 4 },
	};
	struct probe_prog_opts opts = {
		.func_info = func_info,
		.func_info_cnt = ARRAY_SIZE(func_info),
	};

	return load_with_btf(two_funcs_btf(), BPF_PROG_TYPE_SOCKET_FILTER, insns,
			     ARRAY_SIZE(insns), &opts);
}

/*
 * Native "arg:ctx" support (Linux 6.8): a kprobe whose global subprogram
 * takes a "void *ctx" tagged arg:ctx and hands it to bpf_get_stack(),
 * which accepts only the program context as its first argument. Kernels
 * that ignore the tag see a plain void pointer there and reject the
 * program; kernels without DECL_TAG or global functions reject the BTF.
 */
static int arg_ctx_btf(void)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_int(&b, "int", 4);					/* [1] */
	pbtf_type(&b, NULL, BTF_KIND_PTR, 0, 0);		/* [2] void * */
	pbtf_type(&b, NULL, BTF_KIND_FUNC_PROTO, 1, 1);		/* [3] */
	pbtf_named_word(&b, "ctx", 2);				/* int (void *ctx) */
	pbtf_type(&b, "probe_main", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 3); /* [4] */
	pbtf_type(&b, "probe_sub", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 3);	/* [5] */
	pbtf_decl_tag(&b, "arg:ctx", 5, 0);			/* [6] */
	return pbtf_load(&b);
}

static int probe_arg_ctx_tag(void)
{
	const struct bpf_insn insns[] = {
		/* probe_main(ctx) { return probe_sub(ctx); } */
		CALL_LOCAL(1),					/* 0 */
		EXIT(),						/* 1 */
		/* probe_sub(ctx) { bpf_get_stack(ctx, fp - 8, 8, 0); return 0; } */
		MOV64_REG(BPF_REG_2, BPF_REG_10),		/* 2 */
		ADD64_IMM(BPF_REG_2, -8),
		MOV64_IMM(BPF_REG_3, 8),
		MOV64_IMM(BPF_REG_4, 0),
		CALL_HELPER(BPF_FUNC_get_stack),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	const struct bpf_func_info func_info[] = {
		{ .insn_off = 0, .type_id = 4 },
		{ .insn_off = 2, .type_id = 5 },
	};
	struct probe_prog_opts opts = {
		.func_info = func_info,
		.func_info_cnt = ARRAY_SIZE(func_info),
	};

	return load_with_btf(arg_ctx_btf(), BPF_PROG_TYPE_KPROBE, insns,
			     ARRAY_SIZE(insns), &opts);
}

/*
 * Pointer arguments other than the context in global subprograms (5.12):
 * a socket filter passes a pointer to its stack to a global "int
 * probe_sub(int *p)". Older kernels refuse the subprogram's prototype.
 */
static int ptr_arg_btf(void)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_int(&b, "int", 4);					/* [1] */
	pbtf_type(&b, NULL, BTF_KIND_PTR, 0, 1);		/* [2] int * */
	pbtf_type(&b, NULL, BTF_KIND_FUNC_PROTO, 1, 1);		/* [3] */
	pbtf_named_word(&b, "p", 2);				/* int (int *p) */
	pbtf_type(&b, NULL, BTF_KIND_FUNC_PROTO, 0, 1);		/* [4] int (void) */
	pbtf_type(&b, "probe_main", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 4); /* [5] */
	pbtf_type(&b, "probe_sub", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 3);	/* [6] */
	return pbtf_load(&b);
}

static int probe_global_ptr_args(void)
{
	const struct bpf_insn insns[] = {
		ST_DW(BPF_REG_10, -8, 0),			/* 0 */
		MOV64_REG(BPF_REG_1, BPF_REG_10),		/* 1 */
		ADD64_IMM(BPF_REG_1, -8),			/* 2 */
		CALL_LOCAL(1),					/* 3: -> 5 */
		EXIT(),						/* 4 */
		MOV64_IMM(BPF_REG_0, 0),			/* 5: probe_sub */
		EXIT(),						/* 6 */
	};
	const struct bpf_func_info func_info[] = {
		{ .insn_off = 0, .type_id = 5 },
		{ .insn_off = 5, .type_id = 6 },
	};
	struct probe_prog_opts opts = {
		.func_info = func_info,
		.func_info_cnt = ARRAY_SIZE(func_info),
	};

	return load_with_btf(ptr_arg_btf(), BPF_PROG_TYPE_SOCKET_FILTER, insns,
			     ARRAY_SIZE(insns), &opts);
}

/*
 * Argument tags other than arg:ctx (nonnull 6.8; nullable, trusted, arena
 * 6.9; untrusted later): the kernel reads a global subprogram's "arg:"
 * tags before it looks at the argument's type, and refuses a tag it does
 * not know with EOPNOTSUPP. Put the tag on an int argument: a kernel that
 * knows it refuses a pointer tag on a non-pointer with EINVAL. The same
 * program without the tag must load, or the question was not asked
 * right. Kernels that read no tags at all (before 6.8) load it tagged.
 */
static int arg_tag_btf(const char *tag)
{
	struct probe_btf b;

	pbtf_init(&b);
	pbtf_int(&b, "int", 4);					/* [1] */
	pbtf_type(&b, NULL, BTF_KIND_FUNC_PROTO, 1, 1);		/* [2] */
	pbtf_named_word(&b, "x", 1);				/* int (int x) */
	pbtf_type(&b, NULL, BTF_KIND_FUNC_PROTO, 0, 1);		/* [3] int (void) */
	pbtf_type(&b, "probe_main", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 3); /* [4] */
	pbtf_type(&b, "probe_sub", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 2);	/* [5] */
	if (tag)
		pbtf_decl_tag(&b, tag, 5, 0);			/* [6] */
	return pbtf_load(&b);
}

/*
 * Load the probe program with "arg:<tag>" (NULL: untagged): 1 it loads,
 * 0 it does not (*err: why), -errno when its BTF does not load.
 */
static int arg_tag_load(const char *tag, int *err)
{
	const struct bpf_insn insns[] = {
		MOV64_IMM(BPF_REG_1, 0),			/* 0 */
		CALL_LOCAL(1),					/* 1: -> 3 */
		EXIT(),						/* 2 */
		MOV64_IMM(BPF_REG_0, 0),			/* 3: probe_sub */
		EXIT(),						/* 4 */
	};
	const struct bpf_func_info func_info[] = {
		{ .insn_off = 0, .type_id = 4 },
		{ .insn_off = 3, .type_id = 5 },
	};
	struct probe_prog_opts opts = {
		.func_info = func_info,
		.func_info_cnt = ARRAY_SIZE(func_info),
	};
	int btf_fd = arg_tag_btf(tag), fd;

	if (btf_fd < 0)
		return btf_fd;
	opts.btf_fd = btf_fd;
	fd = probe_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &opts);
	close(btf_fd);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	*err = fd;
	return 0;
}

int kern_probe_arg_tag(const char *tag)
{
	char name[32];
	int ret, err = 0;

	if (snprintf(name, sizeof(name), "arg:%s", tag) >= (int)sizeof(name))
		return 0;
	ret = arg_tag_load(NULL, &err);
	if (ret <= 0)		/* no global subprograms or no BTF: no tags either */
		return ret == -EPERM || err == -EPERM ? -EPERM : 0;
	ret = arg_tag_load(name, &err);
	if (ret < 0)		/* no DECL_TAG */
		return ret == -EPERM ? ret : 0;
	if (ret > 0)		/* tags ignored */
		return 0;
	return err == -EPERM ? err : err == -EINVAL;
}

static int probe_arg_nonnull(void) { return kern_probe_arg_tag("nonnull"); }
static int probe_arg_nullable(void) { return kern_probe_arg_tag("nullable"); }
static int probe_arg_trusted(void) { return kern_probe_arg_tag("trusted"); }
static int probe_arg_untrusted(void) { return kern_probe_arg_tag("untrusted"); }
static int probe_arg_arena(void) { return kern_probe_arg_tag("arena"); }

/* ---- the feature table and cache ---------------------------------------- */

struct kern_feature {
	const char *name;	/* for LIBBPF_FORCE_NO_FEATURES */
	const char *desc;
	int (*probe)(void);	/* 1 supported, 0 not, -errno on error */
};

static const struct kern_feature features[__FEAT_CNT] = {
	[FEAT_PROG_NAME] = { "prog_name", "BPF program and map names", probe_prog_name },
	[FEAT_GLOBAL_DATA] = { "global_data", "global variables (direct map value access)", probe_global_data },
	[FEAT_BTF] = { "btf", "BTF loading", probe_btf_basic },
	[FEAT_BTF_FUNC] = { "btf_func", "BTF FUNC and FUNC_PROTO", probe_btf_func },
	[FEAT_BTF_GLOBAL_FUNC] = { "btf_global_func", "BTF global FUNC linkage", probe_btf_global_func },
	[FEAT_BTF_DATASEC] = { "btf_datasec", "BTF VAR and DATASEC", probe_btf_datasec },
	[FEAT_BTF_QMARK_DATASEC] = { "btf_qmark_datasec", "BTF DATASEC names starting with '?'", probe_btf_qmark_datasec },
	[FEAT_BTF_FLOAT] = { "btf_float", "BTF FLOAT", probe_btf_float },
	[FEAT_BTF_DECL_TAG] = { "decl_tag", "BTF DECL_TAG", probe_btf_decl_tag },
	[FEAT_BTF_TYPE_TAG] = { "type_tag", "BTF TYPE_TAG", probe_btf_type_tag },
	[FEAT_BTF_ENUM64] = { "enum64", "BTF ENUM64", probe_btf_enum64 },
	[FEAT_ARRAY_MMAP] = { "array_mmap", "mmap()able array maps", probe_array_mmap },
	[FEAT_MAP_FREEZE] = { "map_freeze", "BPF_MAP_FREEZE", probe_map_freeze },
	[FEAT_EXP_ATTACH_TYPE] = { "exp_attach_type", "expected_attach_type at program load", probe_exp_attach_type },
	[FEAT_PROBE_READ_KERN] = { "probe_read_kernel", "bpf_probe_read_kernel() helper", probe_probe_read_kernel },
	[FEAT_PROG_BIND_MAP] = { "prog_bind_map", "BPF_PROG_BIND_MAP", probe_prog_bind_map },
	[FEAT_FD_IDX] = { "fd_idx", "map references by fd_array index", probe_fd_idx },
	[FEAT_PERF_LINK] = { "perf_link", "BPF links for perf events", probe_perf_link },
	[FEAT_MEMCG_ACCOUNT] = { "memcg_account", "memcg accounting of BPF memory", probe_memcg_account },
	[FEAT_BPF_COOKIE] = { "bpf_cookie", "bpf_get_attach_cookie() in kprobes", probe_bpf_cookie },
	[FEAT_BPF_LOOP] = { "bpf_loop", "bpf_loop() helper", probe_bpf_loop },
	[FEAT_UPROBE_MULTI_LINK] = { "uprobe_multi_link", "uprobe.multi links", probe_uprobe_multi_link },
	[FEAT_ARG_CTX_TAG] = { "arg_ctx", "arg:ctx tags on global subprogram arguments", probe_arg_ctx_tag },
	[FEAT_GLOBAL_PTR_ARGS] = { "global_ptr_args", "pointer arguments of global subprograms", probe_global_ptr_args },
	[FEAT_ARG_NONNULL] = { "arg_nonnull", "arg:nonnull tags (Linux 6.8)", probe_arg_nonnull },
	[FEAT_ARG_NULLABLE] = { "arg_nullable", "arg:nullable tags (Linux 6.9)", probe_arg_nullable },
	[FEAT_ARG_TRUSTED] = { "arg_trusted", "arg:trusted tags (Linux 6.9)", probe_arg_trusted },
	[FEAT_ARG_UNTRUSTED] = { "arg_untrusted", "arg:untrusted tags", probe_arg_untrusted },
	[FEAT_ARG_ARENA] = { "arg_arena", "arg:arena tags (Linux 6.9)", probe_arg_arena },
	[FEAT_EXCL_MAPS] = { "excl_maps", "exclusive maps (excl_prog_hash)", probe_excl_maps },
};

enum { FEAT_UNKNOWN, FEAT_YES, FEAT_NO };

static int feat_cache[__FEAT_CNT];
static __u64 feat_forced_off;
static __u64 feat_forced_on;
static pthread_once_t feat_env_once = PTHREAD_ONCE_INIT;

const char *kern_feature_desc(enum kern_feature_id id)
{
	if ((unsigned int)id >= __FEAT_CNT)
		return NULL;
	return features[id].desc;
}

const char *kern_feature_name(enum kern_feature_id id)
{
	if ((unsigned int)id >= __FEAT_CNT)
		return NULL;
	return features[id].name;
}

static int feature_by_name(const char *name, size_t len)
{
	int i;

	for (i = 0; i < __FEAT_CNT; i++)
		if (strlen(features[i].name) == len &&
		    !strncmp(features[i].name, name, len))
			return i;
	return -1;
}

/*
 * Add the features one list entry (len bytes at name, blanks around it
 * allowed, empty ignored) names to *mask; -EINVAL for an unknown name.
 */
static int add_list_entry(const char *name, size_t len, __u64 *mask)
{
	int id;

	while (len && (*name == ' ' || *name == '\t')) {
		name++;
		len--;
	}
	while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		len--;
	if (!len)
		return 0;
	if (len == 3 && !strncmp(name, "all", 3)) {
		*mask |= (1ULL << __FEAT_CNT) - 1;
		return 0;
	}
	id = feature_by_name(name, len);
	if (id < 0)
		return -EINVAL;
	*mask |= 1ULL << id;
	return 0;
}

/* comma-separated names (or "all") to a mask; -EINVAL on a bad name */
static int parse_feature_list(const char *list, __u64 *mask)
{
	const char *p = list;
	__u64 res = 0;
	size_t len;

	while (p && *p) {
		len = strcspn(p, ",");
		if (add_list_entry(p, len, &res)) {
			pr_warn("unknown kernel feature '%.*s' in list '%s': %s\n",
				(int)len, p, list, libbpf_errstr(-EINVAL));
			return -EINVAL;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	*mask = res;
	return 0;
}

static void feat_read_env(void)
{
	const char *env = getenv("LIBBPF_FORCE_NO_FEATURES");
	__u64 mask;

	if (!env || parse_feature_list(env, &mask))
		return;
	__atomic_store_n(&feat_forced_off, mask, __ATOMIC_RELEASE);
	if (mask)
		pr_info("kernel features forced off by LIBBPF_FORCE_NO_FEATURES=%s\n",
			env);
}

int kern_features_force_off(const char *list)
{
	__u64 mask = 0;
	int err;

	pthread_once(&feat_env_once, feat_read_env);
	err = parse_feature_list(list, &mask);
	if (err)
		return err;
	__atomic_store_n(&feat_forced_off, mask, __ATOMIC_RELEASE);
	return 0;
}

/*
 * Kernel-free unit tests of code that depends on a feature being present:
 * the features in list answer yes without a probe. Replaces the previous
 * set; NULL or "" clears it. Not for production use.
 */
int kern_features_force_on(const char *list)
{
	__u64 mask = 0;
	int err;

	err = parse_feature_list(list, &mask);
	if (err)
		return err;
	__atomic_store_n(&feat_forced_on, mask, __ATOMIC_RELEASE);
	return 0;
}

static int feat_probe(enum kern_feature_id id)
{
	const struct kern_feature *feat = &features[id];
	int ret;

	/* on old kernels the probes themselves may need a higher limit */
	if (id != FEAT_MEMCG_ACCOUNT)
		bump_rlimit_memlock();

	ret = feat->probe();
	if (ret < 0) {
		pr_warn("kernel feature probe for %s failed, treating it as unsupported: %s\n",
			feat->desc, libbpf_errstr(ret));
		return FEAT_NO;
	}
	pr_debug("kernel feature %s: %s\n", feat->desc,
		 ret ? "supported" : "not supported");
	return ret ? FEAT_YES : FEAT_NO;
}

bool kernel_supports(enum kern_feature_id id)
{
	int state, *cache;

	if ((unsigned int)id >= __FEAT_CNT)
		return false;

	pthread_once(&feat_env_once, feat_read_env);
	if (__atomic_load_n(&feat_forced_off, __ATOMIC_ACQUIRE) & (1ULL << id))
		return false;
	if (__atomic_load_n(&feat_forced_on, __ATOMIC_ACQUIRE) & (1ULL << id))
		return true;

	cache = cur_feat_cache ? cur_feat_cache->res : feat_cache;
	state = __atomic_load_n(&cache[id], __ATOMIC_ACQUIRE);
	if (state == FEAT_UNKNOWN) {
		state = feat_probe(id);
		__atomic_store_n(&cache[id], state, __ATOMIC_RELEASE);
	}
	return state == FEAT_YES;
}
