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

/* Name of a BTF kind for messages: "INT", "STRUCT", ... "UNKNOWN". */
const char *btf_kind_str(const struct btf_type *t);

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
	void *data;		/* private copy of the section */
	__u32 data_size;
	struct btf_ext_info func_info;
	struct btf_ext_info line_info;
	struct btf_ext_info core_relo_info;
};

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

#endif /* __LIBBPF_LIBBPF_INTERNAL_H */
