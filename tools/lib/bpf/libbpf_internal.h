/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the library's modules share with each other. Nothing here is part
 * of the public API or ABI.
 */
#ifndef __LIBBPF_LIBBPF_INTERNAL_H
#define __LIBBPF_LIBBPF_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <gelf.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include "libbpf.h"
#include "btf.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef min
#define min(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) ((a) > (b) ? (a) : (b))
#endif

/* ---- logging (libbpf.c) ------------------------------------------------ */

__attribute__((format(printf, 2, 3)))
void libbpf_print(enum libbpf_print_level level, const char *fmt, ...);

#define pr_warn(fmt, ...)  libbpf_print(LIBBPF_WARN, "libbpf: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)  libbpf_print(LIBBPF_INFO, "libbpf: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) libbpf_print(LIBBPF_DEBUG, "libbpf: " fmt, ##__VA_ARGS__)

/* strerror() replacement that is thread-safe and takes negative errnos. */
const char *libbpf_errstr(int err);

/* ---- error return conventions ----------------------------------------- */

/* Integer-returning API: return a negative errno and mirror it in errno. */
static inline int libbpf_err(int ret)
{
	if (ret < 0)
		errno = -ret;
	return ret;
}

/* Pointer-returning API: return NULL with errno set from a negative errno. */
static inline void *libbpf_err_ptr(int err)
{
	errno = err < 0 ? -err : err;
	return NULL;
}

/*
 * A getter of a plain value (a size, a type, a flag) called without its
 * object: the value given (0, false, ..._UNSPEC) with errno = EINVAL.
 */
#define libbpf_inval(val) (errno = EINVAL, (val))

/* ---- opts structs ------------------------------------------------------ */

/*
 * An opts struct passed by a caller compiled against a newer header may be
 * larger than ours; that is fine as long as every byte we do not know about
 * is zero.
 */
static inline bool libbpf_opts_tail_zero(const void *opts, size_t known_sz,
					 size_t user_sz)
{
	const char *p = (const char *)opts;
	size_t i;

	for (i = known_sz; i < user_sz; i++)
		if (p[i])
			return false;
	return true;
}

bool libbpf_validate_opts(const char *opts, size_t known_sz, size_t user_sz,
			  const char *type_name);

#define offsetofend(TYPE, FIELD) (offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))

/*
 * kernel_wrote(p, n): tell valgrind's memcheck that the kernel wrote the
 * n bytes at p. Its model of bpf() misses some of what the kernel writes
 * (the verifier and BTF logs of a failed load, the buffers an info
 * struct points to): without this, their readers' every use is reported
 * as uninitialised. A handful of instructions that do nothing outside
 * valgrind; compiled in when <valgrind/memcheck.h> is there (and
 * LIBBPF_NO_VALGRIND is not defined). Documentation/bpf/reliability.rst.
 */
#if !defined(LIBBPF_NO_VALGRIND) && defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define kernel_wrote(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#endif
#endif
#ifndef kernel_wrote
#define kernel_wrote(p, n) ((void)(p), (void)(n))
#endif

/* true when opts is NULL or its sz and unknown tail are acceptable */
#define OPTS_VALID(opts, type)                                                 \
	(!(opts) || libbpf_validate_opts((const char *)(opts),                 \
					 offsetofend(struct type,              \
						     type##__last_field),      \
					 (opts)->sz, #type))
/* true when the caller's struct is large enough to hold field */
#define OPTS_HAS(opts, field)                                                  \
	((opts) && (opts)->sz >= offsetofend(typeof(*(opts)), field))
#define OPTS_GET(opts, field, fallback)                                        \
	(OPTS_HAS(opts, field) ? (opts)->field : (fallback))
#define OPTS_SET(opts, field, value)                                           \
	do {                                                                   \
		if (OPTS_HAS(opts, field))                                     \
			(opts)->field = value;                                 \
	} while (0)

/* ---- small helpers ------------------------------------------------------ */

/*
 * Grow *data (holding *cap elements of elem_sz bytes) so that it can hold
 * at least need elements. New memory is zeroed. Returns 0 or -ENOMEM.
 */
int libbpf_ensure_mem(void **data, size_t *cap, size_t elem_sz, size_t need);
/*
 * Room for one more element in *data, an array of cnt elements of
 * elem_sz bytes grown only by this: its capacity follows from the count
 * (4, 8, 16...), so the array doubles instead of growing by one element
 * per realloc(). Nothing else may reallocate it. 0 or -ENOMEM.
 */
int libbpf_grow_one(void **data, size_t cnt, size_t elem_sz);
/*
 * In n entries sorted by name (name_at(ctx, i) the i-th's): the first
 * whose name is not below name, n if none. Callers bisecting names use
 * it, whatever their entries are.
 */
size_t libbpf_name_lower_bound(size_t n, const char *name,
			       const char *(*name_at)(const void *ctx, size_t i),
			       const void *ctx);

/* ---- BTF internals (btf.c) -------------------------------------------- */

/* Writable view of a type; the caller must keep the BTF's invariants. */
struct btf_type *btf_type_by_id(const struct btf *btf, __u32 type_id);

/*
 * Follow modifiers (typedef, const, volatile, restrict, type_tag) from
 * type_id; returns the first other type and stores its id in *res_id
 * (when res_id is not NULL). Returns NULL for an invalid id or a loop.
 */
const struct btf_type *btf_skip_modifiers(const struct btf *btf, __u32 type_id,
					  __u32 *res_id);

/*
 * btf's named types (its bases' first) whose kind has its bit set in
 * kinds, in id order: a malloc'ed array of *cnt entries, NULL when out
 * of memory. For name indexes over a whole BTF.
 */
struct btf_named {
	const char *name;
	__u32 id;
};
struct btf_named *btf_named_types(const struct btf *btf, __u32 kinds, __u32 *cnt);
/* in names[cnt] sorted by name (equal names in id order): the lowest id named name, or 0 */
__u32 btf_named_find(const struct btf_named *names, __u32 cnt, const char *name);
/*
 * The first id from from on (bases first) of a named type whose kind is
 * in kinds and whose name starts with the plen bytes of prefix (plen > 0);
 * 0 if none. A scan that skips other kinds without looking at names.
 */
__u32 btf_next_named(const struct btf *btf, __u32 from, __u32 kinds, const char *prefix,
		     size_t plen);

/* Name of a BTF kind for messages: "INT", "STRUCT", ... "UNKNOWN". */
const char *btf_kind_str(const struct btf_type *t);

/* Bytes of type record t with what follows it; -EINVAL for unknown kinds. */
int btf_type_rec_size(const struct btf_type *t);

/*
 * Call visit on every type id (or string offset) field of type record t,
 * of a known kind, in record order; stop at the first non-zero return.
 */
/* the info word of a type record */
static inline __u32 btf_type_info(__u32 kind, __u32 vlen, bool kflag)
{
	return ((__u32)kflag << 31) | (kind << 24) | (vlen & 0xffff);
}

/* t's name; "" for an anonymous type or an offset out of range */
static inline const char *btf_type_name(const struct btf *btf, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(btf, t->name_off);

	return name ?: "";
}

typedef int (*btf_type_id_visit_fn)(__u32 *type_id, void *ctx);
typedef int (*btf_str_off_visit_fn)(__u32 *str_off, void *ctx);
int btf_type_visit_type_ids(struct btf_type *t, btf_type_id_visit_fn visit,
			    void *ctx);
int btf_type_visit_str_offs(struct btf_type *t, btf_str_off_visit_fn visit,
			    void *ctx);

/* String offset of btf's first own string: 0, or its base's string size. */
__u32 btf_own_str_off(const struct btf *btf);
/*
 * btf's own string section and its length; *deduped tells whether every
 * string is known to be there once (BTF built with btf__add_*() from
 * empty, or deduplicated), which makes btf__dedup() keep the section.
 */
const char *btf_own_strs(const struct btf *btf, size_t *len, bool *deduped);
/*
 * Replace btf's own type records (type_offs[i] is the offset of type
 * start_id + i in types) and string section with malloc()ed buffers that
 * btf takes over; the old ones are freed. The strings count as
 * deduplicated from then on. For btf_dedup.c.
 */
void btf_set_own(struct btf *btf, void *types, size_t types_len,
		 __u32 *type_offs, __u32 nr_types, char *strs, size_t strs_len);
/* the same for the type records only, strings kept (btf_permute.c) */
void btf_set_own_types(struct btf *btf, void *types, size_t types_len,
		       __u32 *type_offs, __u32 nr_types);

/* dst takes over src's types, strings and base; src is freed (btf_relocate.c) */
void btf_replace_contents(struct btf *dst, struct btf *src);
/* whether btf frees its base with itself (parsed from an ELF's .BTF.base) */
bool btf_owns_base(const struct btf *btf);

/* ---- .BTF.ext (btf_ext.c) ---------------------------------------------- */

/*
 * One of the three record sets of .BTF.ext (func_info, line_info,
 * core_relo). Records are grouped per ELF section: each group is a
 * struct btf_ext_info_sec header followed by num_info records of
 * rec_size bytes.
 */
struct btf_ext_info {
	void *info;	/* first struct btf_ext_info_sec */
	__u32 rec_size;	/* size of one record as the producer wrote it */
	__u32 len;	/* bytes from info to the end of this record set */
};

struct btf_ext_info_sec {
	__u32 sec_name_off;	/* offset into the .BTF string section */
	__u32 num_info;
	__u8 data[];		/* num_info records */
};

struct btf_ext {
	void *data;		/* private copy of the section, in host order */
	__u32 data_size;
	bool swapped;		/* btf_ext__raw_data() writes the other order */
	void *swapped_data;	/* the last copy btf_ext__raw_data() wrote */
	struct btf_ext_info func_info;
	struct btf_ext_info line_info;
	struct btf_ext_info core_relo_info;
};

/* visit every type id of ext: func_info and CO-RE records; stops at an error */
int btf_ext_visit_type_ids(struct btf_ext *ext, btf_type_id_visit_fn visit, void *ctx);

/* iterate the per-section groups of one record set */
#define for_each_btf_ext_sec(seg, sec)                                         \
	for (sec = (seg)->info;                                                \
	     (void *)sec < (seg)->info + (seg)->len;                           \
	     sec = (void *)sec->data + (seg)->rec_size * sec->num_info)

/* iterate the records of one group */
#define for_each_btf_ext_rec(seg, sec, i, rec)                                 \
	for (i = 0, rec = (void *)&(sec)->data;                                \
	     i < (sec)->num_info;                                              \
	     i++, rec = (void *)rec + (seg)->rec_size)

/*
 * Parse and validate a .BTF.ext section: header, every record set's
 * bounds, record sizes (at least the size of the kernel's record struct),
 * that groups and records fit exactly. btf, when given, is used to check
 * that every section name offset is a valid string. Returns NULL with
 * errno set (and one pr_warn line) on malformed input.
 */
struct btf_ext *btf_ext_parse(const void *data, __u32 size,
			      const struct btf *btf);
/* btf_ext__new() (public, btf.h) is btf_ext_parse(data, size, NULL). */

/* ---- UAPI values newer than the oldest linux/bpf.h we build against ---- */

/*
 * The library builds against Linux 6.1 UAPI headers; these later enum
 * values are part of the kernel ABI and are spelled out here.
 */
#define LIBBPF_PROG_TYPE_NETFILTER		((enum bpf_prog_type)32)
#define LIBBPF_STRUCT_OPS			((enum bpf_attach_type)44)
#define LIBBPF_NETFILTER			((enum bpf_attach_type)45)
#define LIBBPF_TCX_INGRESS			((enum bpf_attach_type)46)
#define LIBBPF_TCX_EGRESS			((enum bpf_attach_type)47)
#define LIBBPF_TRACE_UPROBE_MULTI		((enum bpf_attach_type)48)
#define LIBBPF_CGROUP_UNIX_CONNECT		((enum bpf_attach_type)49)
#define LIBBPF_CGROUP_UNIX_SENDMSG		((enum bpf_attach_type)50)
#define LIBBPF_CGROUP_UNIX_RECVMSG		((enum bpf_attach_type)51)
#define LIBBPF_CGROUP_UNIX_GETPEERNAME		((enum bpf_attach_type)52)
#define LIBBPF_CGROUP_UNIX_GETSOCKNAME		((enum bpf_attach_type)53)
#define LIBBPF_NETKIT_PRIMARY			((enum bpf_attach_type)54)
#define LIBBPF_NETKIT_PEER			((enum bpf_attach_type)55)
#define LIBBPF_TRACE_KPROBE_SESSION		((enum bpf_attach_type)56)
#define LIBBPF_TRACE_UPROBE_SESSION		((enum bpf_attach_type)57)
#define LIBBPF_MAP_TYPE_CGRP_STORAGE		((enum bpf_map_type)32)
#define LIBBPF_MAP_TYPE_ARENA			((enum bpf_map_type)33)
#define LIBBPF_F_LINK				(1U << 13)	/* BPF_F_LINK, 6.4 */
/* BPF_F_TOKEN_FD (6.9): map_flags, prog_flags and btf_flags alike */
#define LIBBPF_F_TOKEN_FD			(1U << 16)

/*
 * bpf_attr layouts of BPF_MAP_CREATE, BPF_PROG_LOAD and BPF_BTF_LOAD
 * beyond the 6.1 UAPI, shared by bpf.c and the feature probes.
 */
/*
 * BPF_MAP_CREATE as of 6.18: the 6.1 UAPI ends at map_extra; 6.9 added
 * value_type_btf_obj_fd and map_token_fd, 6.18 the exclusive program hash.
 */
struct map_create_ext {
	__u32 map_type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
	__u32 inner_map_fd;
	__u32 numa_node;
	char map_name[BPF_OBJ_NAME_LEN];
	__u32 map_ifindex;
	__u32 btf_fd;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 btf_vmlinux_value_type_id;
	__u64 map_extra;
	__s32 value_type_btf_obj_fd;	/* 6.9 */
	__s32 map_token_fd;		/* 6.9 */
	__u64 excl_prog_hash;		/* 6.18 */
	__u32 excl_prog_hash_size;	/* 6.18 */
};

_Static_assert(offsetof(struct map_create_ext, map_extra) ==
	       offsetof(union bpf_attr, map_extra),
	       "map_create_ext must extend the 6.1 BPF_MAP_CREATE layout");
_Static_assert(sizeof(struct map_create_ext) <= sizeof(union bpf_attr),
	       "map_create_ext must fit in union bpf_attr");

/*
 * The BPF_PROG_LOAD fields after the 6.1 UAPI's core_relo_rec_size
 * (log_true_size 6.4, prog_token_fd 6.9), at the offset they follow.
 */
struct prog_load_tail {
	__u32 log_true_size;
	__s32 prog_token_fd;
};

#define PROG_LOAD_TAIL_OFF offsetofend(union bpf_attr, core_relo_rec_size)

_Static_assert(PROG_LOAD_TAIL_OFF == 140, "BPF_PROG_LOAD tail offset");

/* the 6.1 union bpf_attr (144 bytes) ends before prog_token_fd */
union prog_load_attr {
	union bpf_attr attr;
	char raw[PROG_LOAD_TAIL_OFF + sizeof(struct prog_load_tail)];
};

/* BPF_BTF_LOAD fields after the 6.1 UAPI's btf_log_level */
struct btf_load_tail {
	__u32 btf_log_true_size;	/* 6.4 */
	__u32 btf_flags;		/* 6.9 */
	__s32 btf_token_fd;		/* 6.9 */
};

#define BTF_LOAD_TAIL_OFF offsetofend(union bpf_attr, btf_log_level)

_Static_assert(BTF_LOAD_TAIL_OFF == 28, "BPF_BTF_LOAD tail offset");

/* ---- section definitions (sec_def.c) ------------------------------------ */

enum sec_def_flags {
	SEC_NONE = 0,
	SEC_SLEEPABLE = 1 << 0,		/* program loads with BPF_F_SLEEPABLE */
	SEC_XDP_FRAGS = 1 << 1,		/* program loads with BPF_F_XDP_HAS_FRAGS */
	SEC_ATTACH_BTF = 1 << 2,	/* attach target named after the '/' */
	SEC_EXP_ATTACH_OPT = 1 << 3,	/* expected attach type optional in kernel */
	SEC_UPROBE_MULTI_OPT = 1 << 4,	/* loads for uprobe.multi where the kernel has it */
};

/* what bpf_program__attach() does for a section (sec_def.c table) */
enum sec_attach_kind {
	SEC_ATTACH_NONE,	/* needs a target only the caller knows */
	SEC_ATTACH_KPROBE,	/* kprobe/, kretprobe/ */
	SEC_ATTACH_KSYSCALL,	/* ksyscall/, kretsyscall/ */
	SEC_ATTACH_KPROBE_MULTI,/* kprobe.multi/, kretprobe.multi/, kprobe.session/ */
	SEC_ATTACH_UPROBE,	/* uprobe/, uretprobe/ (and .s) */
	SEC_ATTACH_UPROBE_MULTI,/* uprobe.multi/, uretprobe.multi/ */
	SEC_ATTACH_USDT,	/* usdt/path:provider:name (and .s), usdt.c */
	SEC_ATTACH_TP,		/* tp/, tracepoint/ */
	SEC_ATTACH_RAW_TP,	/* raw_tp/, raw_tracepoint/ (and .w) */
	SEC_ATTACH_TRACE,	/* tp_btf/, fentry/, fexit/, fmod_ret/, freplace/ */
	SEC_ATTACH_LSM,		/* lsm/ */
	SEC_ATTACH_ITER,	/* iter/ */
};

struct bpf_sec_def {
	/* "name" matches exactly, "name+" matches "name" or "name/..." */
	const char *sec;
	enum bpf_prog_type prog_type;
	enum bpf_attach_type expected_attach_type;
	int flags;
	enum sec_attach_kind attach;	/* bpf_program__attach() mechanism */
	/* libbpf_register_prog_handler() (prog_handler.c) */
	long cookie;
	libbpf_prog_setup_fn_t prog_setup_fn;
	libbpf_prog_prepare_load_fn_t prog_prepare_load_fn;
	libbpf_prog_attach_fn_t prog_attach_fn;
};

/* prog_handler.c: a registered handler for @name, or the fallback one */
const struct bpf_sec_def *custom_sec_def(const char *name, bool fallback);
/* run the setup callbacks of custom sections, at the end of open */
int bpf_object_setup_custom_progs(struct bpf_object *obj);

/* the definition a section name selects (after any '?' prefix), or NULL */
const struct bpf_sec_def *find_sec_def(const char *sec_name);

/* ---- object model (libbpf.c, object.c, maps.c, program.c, reloc.c) ------ */

enum libbpf_map_type {
	LIBBPF_MAP_UNSPEC,	/* BTF-defined map from .maps */
	LIBBPF_MAP_DATA,	/* .data and .data.* */
	LIBBPF_MAP_BSS,		/* .bss and .bss.* */
	LIBBPF_MAP_RODATA,	/* .rodata and .rodata.* */
	LIBBPF_MAP_KCONFIG,	/* values of __kconfig externs */
};

enum reloc_type {
	RELO_MAP,		/* ld_imm64 of a BTF-defined map */
	RELO_DATA,		/* ld_imm64 of an address in global data */
	RELO_CALL,		/* bpf-to-bpf call of a subprogram */
	RELO_SUBPROG_ADDR,	/* ld_imm64 of a function address (callback) */
	RELO_EXTERN_LD64,	/* ld_imm64 of an extern variable */
	RELO_EXTERN_CALL,	/* call of an extern function (kfunc) */
};

struct reloc_desc {
	enum reloc_type type;
	int insn_idx;		/* instruction patched, relative to the program */
	int map_idx;		/* RELO_MAP, RELO_DATA */
	int ext_idx;		/* RELO_EXTERN_* */
	int sym_off;		/* RELO_DATA: byte offset inside the map value */
	int tgt_sec_idx;	/* RELO_CALL, RELO_SUBPROG_ADDR: ELF section */
	int tgt_insn_idx;	/* ... and instruction in that section */
};

enum extern_type {
	EXT_KCFG,		/* __kconfig variable */
	EXT_KSYM,		/* __ksym variable or kfunc */
};

enum kcfg_type {
	KCFG_UNKNOWN,
	KCFG_CHAR,
	KCFG_BOOL,
	KCFG_INT,
	KCFG_TRISTATE,
	KCFG_CHAR_ARR,
};

struct extern_desc {
	enum extern_type type;
	char *name;
	int sym_idx;		/* ELF symbol */
	__u32 btf_id;		/* BTF VAR or FUNC of the extern */
	bool is_weak;
	bool is_func;		/* kfunc (EXT_KSYM only) */
	bool is_set;		/* resolved at load */
	union {
		struct {
			enum kcfg_type type;
			int sz;
			int align;
			int data_off;	/* offset in the .kconfig map value */
			bool is_signed;
		} kcfg;
		struct {
			__u32 type_id;	/* local BTF type of the variable */
			int kernel_btf_id;
			int kernel_btf_obj_fd;	/* 0: vmlinux, else a module's BTF fd */
			int btf_fd_idx;		/* kfunc: its index in fd_array */
			__u64 addr;
		} ksym;
	};
};

struct bpf_program {
	struct bpf_object *obj;
	char *name;
	char *sec_name;
	int sec_idx;			/* ELF section index */
	size_t sec_insn_off;		/* first instruction in its section */
	size_t sec_insn_cnt;		/* instructions of this function */
	const struct bpf_sec_def *sec_def;

	/* instructions: the function's own, later the linked program */
	struct bpf_insn *insns;
	size_t insns_cnt;

	struct reloc_desc *relos;
	int nr_relos;

	bool is_subprog;		/* function in .text, not a program */
	bool is_global;			/* global and not hidden: verified on its own */
	bool custom_insns;		/* bpf_program__set_insns(): used as given */
	bool autoload;
	bool autoattach;
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	__u32 prog_flags;
	__u32 prog_ifindex;
	char *attach_func_name;
	int attach_prog_fd;
	__u32 attach_btf_id;		/* struct_ops: the kernel struct (struct_ops.c) */

	__u32 log_level;
	char *log_buf;
	size_t log_size;

	/* set by relocation: .BTF.ext records rebased to the linked program */
	void *func_info;
	__u32 func_info_cnt;
	__u32 func_info_rec_size;
	void *line_info;
	__u32 line_info_cnt;
	__u32 line_info_rec_size;

	int fd;
};

struct bpf_map {
	struct bpf_object *obj;
	char *name;			/* name given to the kernel */
	char *real_name;		/* variable or section name in the ELF */
	enum libbpf_map_type libbpf_type;
	int sec_idx;			/* ELF section the map comes from */
	size_t sec_offset;		/* offset of its definition there */

	enum bpf_map_type type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
	__u32 numa_node;
	__u64 map_extra;
	__u32 map_ifindex;
	__u32 pinning;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 btf_vmlinux_value_type_id;	/* struct_ops: kernel value type */
	__u32 kern_value_size;		/* struct_ops: its size, for the kernel */
	struct bpf_st_ops *st_ops;	/* struct_ops maps only (struct_ops.c) */
	bool autoattach;		/* struct_ops: attach with the skeleton */

	void *mmaped;			/* global data: initial value */
	bool mmaped_kernel;		/* mmaped is the kernel map, mapped over it */

	struct bpf_map *inner_map;	/* map-in-map template (own object) */
	__u32 def_size;			/* bytes of the definition in .maps */
	int values_off;			/* offset of its 'values' member, or -1 */
	int *init_slots;		/* map or program index per slot, -1 for none */
	int init_slots_sz;
	bool init_slots_progs;		/* slots hold program indexes */

	char *pin_path;
	bool pinned;
	bool autocreate;
	bool reused;			/* fd came from bpf_map__reuse_fd() */
	bool created;			/* created by this object's load */
	int inner_map_fd;		/* bpf_map__set_inner_map_fd(), or -1 */
	int fd;
	/* bpf_map__set_exclusive_program(): only program to use it (6.18) */
	struct bpf_program *excl_prog;
};

struct bpf_object {
	char *name;
	char *path;
	char license[64];
	__u32 kern_version;

	struct bpf_program *programs;	/* programs and subprograms, ELF order */
	size_t nr_programs;
	struct bpf_map *maps;
	size_t nr_maps;
	struct extern_desc *externs;
	int nr_extern;
	/* bpf_object_find_datasec(): DATASEC ids of btf below datasec_scanned */
	__u32 *datasecs;
	__u32 nr_datasecs;
	__u32 datasec_scanned;
	int kconfig_map_idx;		/* -1 when there are no Kconfig externs */

	struct btf *btf;
	struct btf_ext *btf_ext;

	/* ELF section indexes the model refers to */
	int text_sec_idx;
	int maps_sec_idx;
	char **sec_names;		/* names of all ELF sections, by index */
	size_t nr_sec_names;

	char *kconfig;			/* bpf_object_open_opts::kconfig */
	char *btf_custom_path;
	char *pin_root_path;
	char *kernel_log_buf;
	size_t kernel_log_size;
	__u32 kernel_log_level;

	/* token.c: bpf_token_path/LIBBPF_BPF_TOKEN_PATH, NULL for the default */
	char *token_path;
	int token_fd;			/* 0: none (a token fd is always >= 3) */
	struct kern_feat_cache *feat_cache;	/* the token's probes, or NULL */

	struct usdt_manager *usdt_man;	/* usdt.c: spec ids, made at first attach */

	/* module_btf.c: module BTF fds the programs refer to, and their fd_array */
	struct obj_kmod_fd *kmod_fds;
	size_t nr_kmod_fds, kmod_fds_cap;
	int *fd_array;			/* [0] reserved, then module BTF fds */
	int fd_array_cnt;
	size_t fd_array_cap;
	bool kmods_refreshed;		/* a miss refreshed the module list once */

	bool relaxed_maps;
	bool no_static_fallback;	/* bpf_object__set_static_fallback(false) */
	bool loaded;		/* load (or prepare) started: settings are final */
	bool prepared;		/* prepared, programs not loaded yet */
	struct bpf_gen *gen;	/* bpf_object__gen_loader(): record, do not load */
};

const char *obj_sec_name(const struct bpf_object *obj, int sec_idx);
bool prog_is_subprog(const struct bpf_program *prog);
/* the function (program or subprogram) holding an instruction of a section */
struct bpf_program *obj_find_func(const struct bpf_object *obj, int sec_idx,
				  size_t insn_idx);

#define BPF_INSN_SZ sizeof(struct bpf_insn)

static inline bool insn_is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* qsort() order of DATASEC entries: by offset */
int cmp_var_secinfo_off(const void *a, const void *b);
/*
 * btf__find_by_name_kind(obj->btf, name, BTF_KIND_DATASEC), without a
 * scan of every type per call: the DATASEC ids are collected once, and
 * types appended to the BTF since the last call on the next one.
 */
int bpf_object_find_datasec(struct bpf_object *obj, const char *name);
/* load.c: the object's BTF as this kernel takes it, sanitized if need be (NULL: none) */
struct btf *bpf_object_kernel_btf(struct bpf_object *obj, int *err);
/* done with what bpf_object_kernel_btf() returned: freed if it is a copy */
void bpf_object_put_kernel_btf(struct bpf_object *obj, struct btf *kbtf);

/* object.c: fill obj from an ELF image in memory */
/* private: data is the caller's writable copy, parsed in place */
int bpf_object_parse_elf(struct bpf_object *obj, void *data, size_t size, bool private);
/* bpf_object__open_mem() with a default object name (skeletons) */
struct bpf_object *bpf_object_open_buf(const void *obj_buf, size_t obj_buf_sz,
				       const char *name,
				       const struct bpf_object_open_opts *opts);

/* sha256.c: one-shot SHA-256 (FIPS 180-4) */
#define SHA256_DIGEST_LEN 32
void libbpf_sha256(const void *data, size_t len, __u8 out[SHA256_DIGEST_LEN]);

/* token.c */
int bpf_object_init_token_path(struct bpf_object *obj, const char *opt_path);
/* create the object's token if its path (or the default) gives one */
int bpf_object_prepare_token(struct bpf_object *obj);
void bpf_object_release_token(struct bpf_object *obj);

/* maps.c */
int bpf_object_init_btf_maps(struct bpf_object *obj, const void *maps_data,
			     size_t maps_size, int maps_sec_idx);
int bpf_object_add_data_map(struct bpf_object *obj, enum libbpf_map_type type,
			    const char *sec_name, int sec_idx,
			    const void *data, size_t size);
int bpf_object_init_kconfig_map(struct bpf_object *obj);
int bpf_object_init_struct_ops_maps(struct bpf_object *obj, const char *sec_name,
				    int sec_idx, const void *data, size_t size);
/* a .maps relocation at sec_off fills a slot of a map-in-map or prog array */
int bpf_object_set_map_slot(struct bpf_object *obj, size_t sec_off, bool is_map,
			    int tgt_idx, const char *tgt_name);
void bpf_map_free(struct bpf_map *map);
/* a failed load: the global data buffer becomes private memory again */
void bpf_map_unmap_kernel(struct bpf_map *map);
/* will bpf_object__load() create this map (not reused, autocreate on)? */
bool map_will_create(const struct bpf_map *map);
bool map_type_takes_btf(enum bpf_map_type type);
/*
 * The definition this kernel is given for map, by bpf_object__load() and
 * by the generated loader alike: the size (a perf event array without
 * one gets a slot per CPU), the flags it knows, the name if it takes
 * names, and whether the BTF key/value ids go along (given BTF).
 */
struct map_kern_def {
	__u32 max_entries;
	__u32 map_flags;
	const char *name;	/* NULL: no names on this kernel */
	bool btf_ids;
};
void map_kern_def(const struct bpf_map *map, struct map_kern_def *d);

/* reloc.c: link every program that will load; map fds must be final */
int bpf_object_relocate(struct bpf_object *obj);
bool prog_will_load(const struct bpf_program *prog);

/* kernel.c: facts about the running kernel, computed once per process */
struct btf *libbpf_vmlinux_btf(void);	/* shared, never freed; NULL + errno */
__u32 libbpf_kernel_version(void);	/* KERNEL_VERSION() of the running kernel */
/* value of CONFIG_<name> ("y", "m", "42", "\"str\""), NULL if unknown */
const char *libbpf_kconfig_value(const char *name);
/* address of a kernel symbol from /proc/kallsyms; 0 if not found */
__u64 libbpf_kallsyms_addr(const char *name);
/* btf__find_by_name_kind() on libbpf_vmlinux_btf(), through a shared index */
int libbpf_vmlinux_find(const char *name, __u32 kind);

/* module_btf.c: kernel module BTF, listed once per process */
struct module_btf {
	char *name;		/* module name */
	__u32 id;		/* kernel BTF object id */
	struct btf *btf;	/* split BTF on libbpf_vmlinux_btf() */
	bool gone;		/* no longer listed by the kernel */
};

struct obj_kmod_fd {
	__u32 id;		/* kernel BTF object id */
	int fd;
	int fd_idx;		/* index in obj->fd_array */
};

/*
 * Snapshot of the modules with BTF, refreshed once per object when miss
 * says a lookup failed; *mods is the caller's to free, the entries are
 * shared and never freed.
 */
int kernel_module_btfs(struct bpf_object *obj, bool miss, struct module_btf ***mods,
		       size_t *cnt);
/* first type id of the module's own types (after vmlinux's) */
__u32 module_btf_first_id(const struct module_btf *m);
/* search every module (or mod_name only); refreshes once per object on a miss */
int kernel_module_find(struct bpf_object *obj, const char *mod_name, const char *name,
		       __u32 kind, const struct module_btf **mod);
/* fd of the module's BTF for obj (opened once); *fd_idx its fd_array index */
int bpf_object_module_btf_fd(struct bpf_object *obj, const struct module_btf *m,
			     int *fd_idx);
void bpf_object_close_module_btfs(struct bpf_object *obj);
/* how the kernel's BTF names the target of attach type @type: pfx + name, kind */
void attach_target_naming(enum bpf_attach_type type, const char **pfx, __u32 *kind);
/*
 * BTF id of a tracing attach target pfx+target, target "func" (vmlinux,
 * then modules) or "module:func" (that module only; "vmlinux:func" vmlinux
 * only); *btf_obj_fd is 0 for vmlinux or the module's BTF fd for obj.
 */
int kernel_attach_btf_id(struct bpf_object *obj, const char *prog_name, const char *pfx,
			 const char *target, __u32 kind, __u32 *btf_id, int *btf_obj_fd);

/* arg_ctx.c: the __arg_ctx fallback, a per-program BTF fix-up */
int bpf_object_fixup_arg_ctx(struct bpf_object *obj);
/* gen_loader.c: steps 5-7 recorded into a loader program instead */
struct bpf_gen;
int bpf_gen_record(struct bpf_object *obj);
void bpf_gen_free(struct bpf_gen *gen);

/* load steps owned by maps.c and program.c */
int bpf_object_create_maps(struct bpf_object *obj);
int bpf_object_load_progs(struct bpf_object *obj);
int bpf_object_init_prog_arrays(struct bpf_object *obj);

/* externs.c */
struct extern_lookup;
/* what adding externs looks up in btf, indexed once; NULL when out of memory */
struct extern_lookup *extern_lookup_new(const struct btf *btf);
void extern_lookup_free(struct extern_lookup *lk);
int bpf_object_add_extern(struct bpf_object *obj, const struct extern_lookup *lk,
			  const char *name, int sym_idx, bool is_weak);
/* classify externs, lay out .kconfig and make .kconfig/.ksyms BTF loadable */
int bpf_object_finalize_externs(struct bpf_object *obj);
/* fill the .kconfig map and look __ksym externs up in the kernel */
int bpf_object_resolve_externs(struct bpf_object *obj, const char *extra_kconfig);

/* ---- CO-RE (core.c) ---- */

/* what one CO-RE relocation record resolves to */
struct core_relo_res {
	__u64 orig_val;		/* value from the local BTF: what clang encoded */
	__u64 new_val;		/* value for the target BTF */
	__u32 orig_sz;		/* FIELD_BYTE_OFFSET of a non-bitfield: local size */
	__u32 new_sz;		/* ... and target size (a load may change width) */
	__u32 targ_type_id;	/* matching target type, 0 if none */
	bool poison;		/* no target: the instruction becomes invalid */
	bool validate;		/* the instruction must hold orig_val */
	bool validate_lo32;	/* ... in its low 32 bits (32-bit enum values) */
	bool sz_adjust_bad;	/* width change would read a wrong value */
	bool sz_sx_ok;		/* ... except by a sign-extending load */
};

/*
 * Resolve one record against targ_btf (no instruction is touched).
 * prog_name is for messages. Returns 0 or a negative errno.
 */
int core_calc_relo(const char *prog_name, const struct btf *local_btf,
		   const struct btf *targ_btf, const struct bpf_core_relo *relo,
		   struct core_relo_res *res);
/* write res into insns[insn_idx]: immediate, offset and width, or poison */
int core_patch_insn(const char *prog_name, struct bpf_insn *insns, size_t insn_cnt,
		    size_t insn_idx, int relo_idx, const struct core_relo_res *res);
/*
 * Apply every CO-RE record to the pristine code of each function, against
 * the kernel's BTF or btf_custom_path; runs before bpf_object_relocate().
 */
int bpf_object_core_relocate(struct bpf_object *obj);

/* ---- syscall layer (bpf.c) ---------------------------------------------- */

/*
 * bpf(2) with the first size bytes of attr (zeroed by the caller beyond
 * the fields it set). Returns the kernel's result or -errno.
 */
int sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size);
/* the same for commands returning a new fd: the fd is >= 3 */
int sys_bpf_fd(enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size);
/*
 * Move fd 0, 1 or 2 to the lowest free number >= 3 (close-on-exec) and
 * close the original; other fds and negative errors pass through.
 * Returns the fd or -errno (the original is closed then too).
 */
int ensure_good_fd(int fd);
/*
 * Raise RLIMIT_MEMLOCK once per process to the value set with
 * libbpf_set_memlock_rlim() on kernels that charge BPF memory to it.
 */
int bump_rlimit_memlock(void);

/* ---- links (link.c) and attach (attach.c, elf_sym.c) -------------------- */

/*
 * A link owns one kernel attachment. detach releases it (called by
 * bpf_link__destroy() unless the link was disconnected); dealloc frees
 * the containing struct when it is larger than struct bpf_link.
 */
struct bpf_link {
	int (*detach)(struct bpf_link *link);
	void (*dealloc)(struct bpf_link *link);
	char *pin_path;
	int fd;			/* link fd, or the perf event fd of a perf link */
	bool disconnected;
};

/* a new link around fd, released by closing it; NULL on -ENOMEM */
struct bpf_link *bpf_link_new_fd(int fd);
/* detach of such a link: close its fd */
int bpf_link_close_fd(struct bpf_link *link);
/* before pinning at @path: its directory made if missing, on bpffs; -errno */
int pin_path_prepare(const char *path);

/*
 * attach.c: what bpf_program__attach() does, for skeletons: 0 with *link
 * NULL when the section names nothing to attach to (SEC("kprobe"),
 * SEC("xdp"), ...), 0 with the link, or a negative errno.
 */
int bpf_program_auto_attach(const struct bpf_program *prog, struct bpf_link **link);

/*
 * usdt.c: SEC("usdt/path:provider:name") auto-attach (target is what
 * follows "usdt/"); the object's USDT state, dropped at close (links
 * still attached keep it until they are destroyed).
 */
struct usdt_manager;
struct bpf_link *usdt_attach_by_sec(const struct bpf_program *prog, const char *target);
void usdt_manager_put(struct usdt_manager *man);
/*
 * usdt.c, for the fuzz target: read the stapsdt notes of probe
 * provider:name in the ELF file at path and parse their argument specs as
 * attaching would; the number of sites in *cnt. 0 or a negative errno.
 */
int usdt_parse_file(const char *path, const char *provider, const char *name, size_t *cnt);
/*
 * netlink.c, for the fuzz target: walk a received netlink buffer as the
 * request of sequence @seq from port @pid would, replies going to the
 * parser @kind picks (0 none, 1 XDP link, 2 genl family, 3 netdev device,
 * 4 tc filter, 5 tc filter of handle 1 priority 1). 0 or a negative
 * errno, -EAGAIN if the buffer does not end the exchange.
 */
int nl_parse_replies(void *buf, size_t len, __u32 seq, __u32 pid, int kind);

/*
 * struct_ops.c: struct_ops maps. init at open for each variable (its BTF
 * type); set_prog for each relocation of a struct_ops section; prepare
 * before maps are created (kernel layout, programs' attach ids).
 */
struct bpf_st_ops;
int bpf_map_init_st_ops(struct bpf_map *map, __u32 var_type_id);
void bpf_map_free_st_ops(struct bpf_map *map);
int bpf_object_set_st_ops_prog(struct bpf_object *obj, int sec_idx, size_t off,
			       struct bpf_program *prog);
int bpf_object_prepare_st_ops(struct bpf_object *obj);


/*
 * elf_sym.c: file offset of function sym_name in the ELF file at path
 * (its .symtab, then .dynsym), for uprobes. Returns the offset or a
 * negative errno (-ENOENT: no such symbol, -ENOEXEC: not a usable ELF).
 */
long elf_find_func_offset(const char *path, const char *sym_name);
/*
 * The same for @cnt names with one open of the file: 0, or the error of
 * the first name that failed, its index in *failed (left alone when the
 * file itself cannot be read).
 */
int elf_find_func_offsets(const char *path, const char **names, size_t cnt,
			  unsigned long *offsets, size_t *failed);
/*
 * File offsets of the functions whose names match glob @pattern, sorted
 * and unique, in a malloc()ed array; -ENOENT when nothing matches.
 */
int elf_find_pattern_func_offsets(const char *path, const char *pattern,
				  unsigned long **offsets, size_t *count);
/*
 * The ELF layer under those, for usdt.c: open @path (release with
 * elf_end() and close(*fd)); the file offset of virtual address @addr
 * through the PT_LOAD segment mapping it (@exec: only executable ones),
 * -ENOENT if none does; the address of function (@funcs) or data object
 * @name from .symtab, then .dynsym, -ENOENT if absent.
 */
Elf *elf_open_path(const char *path, int *fd, int *err);
long elf_vaddr_to_offset(Elf *elf, GElf_Addr addr, bool exec);
int elf_find_sym(Elf *elf, const char *path, const char *name, bool funcs,
		 GElf_Addr *addr);
/*
 * Resolve a binary or library name the way exec (PATH) and the dynamic
 * loader (LD_LIBRARY_PATH, then the system library directories) would;
 * names holding a '/' are used as given. Returns 0 or -ENOENT.
 */
int resolve_full_path(const char *file, char *result, size_t result_sz);

/* ---- kernel features (features.c) --------------------------------------- */

/*
 * What the running kernel supports, each answered by one tiny BTF, map or
 * program load the first time it is asked, then cached for the process
 * (shared by every object, safe to call from any thread).
 *
 * For tests, features can be forced off, which kernel_supports() then
 * reports without probing:
 *   - environment: LIBBPF_FORCE_NO_FEATURES=decl_tag,arg_ctx (names from
 *     kern_feature_name(), or "all"), read once on first use;
 *   - in process: kern_features_force_off(), which replaces that set.
 */
enum kern_feature_id {
	FEAT_PROG_NAME,		/* names for programs and maps */
	FEAT_GLOBAL_DATA,	/* ld_imm64 of BPF_PSEUDO_MAP_VALUE */
	FEAT_BTF,		/* BPF_BTF_LOAD at all */
	FEAT_BTF_FUNC,		/* BTF FUNC and FUNC_PROTO */
	FEAT_BTF_GLOBAL_FUNC,	/* BTF FUNC with global linkage */
	FEAT_BTF_DATASEC,	/* BTF VAR and DATASEC */
	FEAT_BTF_QMARK_DATASEC,	/* DATASEC names starting with '?' */
	FEAT_BTF_FLOAT,		/* BTF FLOAT */
	FEAT_BTF_DECL_TAG,	/* BTF DECL_TAG */
	FEAT_BTF_TYPE_TAG,	/* BTF TYPE_TAG */
	FEAT_BTF_ENUM64,	/* BTF ENUM64 */
	FEAT_ARRAY_MMAP,	/* BPF_F_MMAPABLE arrays */
	FEAT_MAP_FREEZE,	/* BPF_MAP_FREEZE */
	FEAT_EXP_ATTACH_TYPE,	/* expected_attach_type at program load */
	FEAT_PROBE_READ_KERN,	/* bpf_probe_read_kernel() helper */
	FEAT_PROG_BIND_MAP,	/* BPF_PROG_BIND_MAP */
	FEAT_FD_IDX,		/* BPF_PSEUDO_MAP_IDX with fd_array */
	FEAT_PERF_LINK,		/* BPF_LINK_CREATE for perf events */
	FEAT_MEMCG_ACCOUNT,	/* memcg accounting instead of RLIMIT_MEMLOCK */
	FEAT_BPF_COOKIE,	/* bpf_get_attach_cookie() in kprobes */
	FEAT_BPF_LOOP,		/* bpf_loop() helper with a callback */
	FEAT_UPROBE_MULTI_LINK,	/* uprobe.multi links (BPF_TRACE_UPROBE_MULTI) */
	FEAT_ARG_CTX_TAG,	/* "arg:ctx" decl tags on global subprog args */
	FEAT_GLOBAL_PTR_ARGS,	/* global subprogs taking non-context pointers */
	FEAT_ARG_NONNULL,	/* the kernel knows the "arg:nonnull" tag */
	FEAT_ARG_NULLABLE,	/* ... "arg:nullable" */
	FEAT_ARG_TRUSTED,	/* ... "arg:trusted" */
	FEAT_ARG_UNTRUSTED,	/* ... "arg:untrusted" */
	FEAT_ARG_ARENA,		/* ... "arg:arena" */
	FEAT_EXCL_MAPS,		/* BPF_MAP_CREATE with excl_prog_hash */
	__FEAT_CNT,
};

bool kernel_supports(enum kern_feature_id id);

/*
 * The answers of a BPF token object (bpf_object_open_opts.bpf_token_path):
 * probed with token_fd, kept apart from the process-wide ones. While a
 * thread has entered a cache, its kernel_supports() calls use it.
 */
struct kern_feat_cache {
	int token_fd;
	int res[__FEAT_CNT];	/* 0 unknown, then cached answers */
};
/* returns the cache entered before, for feat_cache_leave() */
struct kern_feat_cache *feat_cache_enter(struct kern_feat_cache *cache);
void feat_cache_leave(struct kern_feat_cache *prev);
/* one-line description for messages and listings, NULL for a bad id */
const char *kern_feature_desc(enum kern_feature_id id);
/* short name used by LIBBPF_FORCE_NO_FEATURES, NULL for a bad id */
const char *kern_feature_name(enum kern_feature_id id);
/*
 * Force the comma-separated features in list off ("all" for every one;
 * NULL or "" for none), replacing any earlier set. Returns 0, or -EINVAL
 * for an unknown name (then nothing changes).
 */
int kern_features_force_off(const char *list);
/* unit tests only: features in list answer yes without a probe */
int kern_features_force_on(const char *list);
/*
 * Does the kernel know the global subprogram argument tag "arg:<tag>"?
 * 1 yes, 0 no, -EPERM when it cannot be asked. Uncached: tags with a
 * FEAT_ARG_* id go through kernel_supports(), which caches.
 */
int kern_probe_arg_tag(const char *tag);

/* ---- BTF sanitization (btf_sanitize.c) ---- */

/* what the kernel's BTF loader accepts, as far as sanitizing cares */
struct btf_kern_feats {
	bool btf;		/* kernel accepts BTF at all */
	bool func;		/* FUNC and FUNC_PROTO */
	bool global_func;	/* FUNC with BTF_FUNC_GLOBAL linkage */
	bool datasec;		/* DATASEC and VAR */
	bool qmark_datasec;	/* any printable character in DATASEC names */
	bool float_kind;	/* FLOAT */
	bool decl_tag;		/* DECL_TAG */
	bool type_tag;		/* TYPE_TAG */
	bool enum64;		/* ENUM64, and kflag (signed) on ENUM */
};

/* fill f from kernel_supports() */
void btf_kern_feats_probe(struct btf_kern_feats *f);
/* true if btf's own types use something the kernel described by f rejects */
bool btf_needs_sanitize(const struct btf *btf, const struct btf_kern_feats *f);
/*
 * Rewrite, in place, every own type of btf the kernel described by f
 * would reject into one it accepts (see btf_sanitize.c for the table).
 * Type ids and record sizes stay; strings and up to eight INT types may
 * be appended. No syscalls. Returns 0 or a negative errno (-EOPNOTSUPP
 * when !f->btf); on error btf may be partly rewritten: run it on a
 * private copy and drop that copy on error.
 */
int btf_sanitize(struct btf *btf, const struct btf_kern_feats *f);

#endif /* __LIBBPF_LIBBPF_INTERNAL_H */
