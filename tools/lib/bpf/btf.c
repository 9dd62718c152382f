// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF objects: parsing and validation of raw BTF of either byte order,
 * queries, the btf__add_*() builder API, serialization back to raw BTF,
 * and the kernel-facing loaders.
 *
 * A struct btf keeps its own types as one contiguous buffer of records in
 * host byte order plus an index of record offsets, and its string section
 * exactly as it came in (new strings are appended). Serializing writes a
 * 24-byte header, the types and the strings, so a BTF blob in that standard
 * layout comes back byte for byte. Split BTF sits on a base BTF: its type
 * ids start at the base's type count and its string offsets at the end of
 * the base's strings.
 */
#include <byteswap.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <gelf.h>
#include <libelf.h>

#include "bpf.h"
#include "btf.h"
#include "libbpf_internal.h"

#define BTF_MAX_NR_TYPES	0x7fffffffU
#define BTF_MAX_STR_OFFSET	0x7fffffffU
/* longest chain of references followed before declaring a loop */
#define BTF_MAX_RESOLVE_DEPTH	32
/* deepest nesting of members btf__align_of() follows (real BTF has ~40) */
#define BTF_MAX_NEST_DEPTH	512
/* most types btf__align_of() visits for one query (nested members) */
#define BTF_ALIGN_BUDGET	(1 << 22)

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BTF_HOST_ENDIAN BTF_LITTLE_ENDIAN
#else
#define BTF_HOST_ENDIAN BTF_BIG_ENDIAN
#endif

/* open-addressing set of own string offsets, for deduplicating strings */
struct btf_str_index {
	__u32 *slots;		/* string offset + 1; 0 marks a free slot */
	size_t cap;		/* number of slots, a power of two */
	size_t cnt;		/* used slots */
	bool ready;		/* built from the string section */
	unsigned int scans;	/* lookups done by a scan, before building it */
};

struct btf {
	/* own types, host byte order */
	void *types;
	size_t types_len;
	size_t types_cap;
	__u32 *type_offs;	/* offset in types of type start_id + i */
	size_t type_offs_cap;
	__u32 nr_types;
	__u32 start_id;		/* 1, or the base's type count */

	/* own string section */
	char *strs;
	size_t strs_len;
	size_t strs_cap;
	__u32 start_str_off;	/* 0, or the base's total string size */
	struct btf_str_index str_idx;
	/* each own string is there once: built with btf__add_*() from
	 * empty, or deduplicated (btf__dedup() keeps the section as it is) */
	bool strs_deduped;

	struct btf *base_btf;
	bool owns_base;		/* base_btf came from the same ELF (.BTF.base) */
	__u8 hdr_flags;		/* written back as it was read */
	bool swapped;		/* serialized in the other byte order */
	int ptr_sz;		/* 4 or 8; 0 not determined yet; -1 unknown */
	int fd;

	/* what btf__raw_data() last returned */
	void *raw;
	__u32 raw_len;
};

static const struct btf_type btf_void;

static const char *const btf_kind_names[] = {
	[BTF_KIND_UNKN]		= "void",
	[BTF_KIND_INT]		= "INT",
	[BTF_KIND_PTR]		= "PTR",
	[BTF_KIND_ARRAY]	= "ARRAY",
	[BTF_KIND_STRUCT]	= "STRUCT",
	[BTF_KIND_UNION]	= "UNION",
	[BTF_KIND_ENUM]		= "ENUM",
	[BTF_KIND_FWD]		= "FWD",
	[BTF_KIND_TYPEDEF]	= "TYPEDEF",
	[BTF_KIND_VOLATILE]	= "VOLATILE",
	[BTF_KIND_CONST]	= "CONST",
	[BTF_KIND_RESTRICT]	= "RESTRICT",
	[BTF_KIND_FUNC]		= "FUNC",
	[BTF_KIND_FUNC_PROTO]	= "FUNC_PROTO",
	[BTF_KIND_VAR]		= "VAR",
	[BTF_KIND_DATASEC]	= "DATASEC",
	[BTF_KIND_FLOAT]	= "FLOAT",
	[BTF_KIND_DECL_TAG]	= "DECL_TAG",
	[BTF_KIND_TYPE_TAG]	= "TYPE_TAG",
	[BTF_KIND_ENUM64]	= "ENUM64",
};

const char *btf_kind_str(const struct btf_type *t)
{
	__u16 kind = btf_kind(t);

	if (kind >= ARRAY_SIZE(btf_kind_names) || !btf_kind_names[kind])
		return "UNKNOWN";
	return btf_kind_names[kind];
}

/* the one warning of a failed btf__add_*() and such; returns err */
__attribute__((format(printf, 3, 4)))
static int btf_add_fail(const char *func, int err, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_warn("BTF: %s(): %s: %s\n", func, msg, libbpf_errstr(err));
	return libbpf_err(err);
}

static void swap_words(void *data, size_t len)
{
	__u32 *w = data;
	size_t i;

	for (i = 0; i < len / sizeof(*w); i++)
		w[i] = bswap_32(w[i]);
}

/*
 * Bytes taken by type record t: the common struct btf_type plus what its
 * kind puts behind it. -EINVAL for kinds this library does not know.
 */
static inline int btf_rec_size(const struct btf_type *t)
{
	int base = sizeof(struct btf_type);
	int vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return base;
	case BTF_KIND_INT:
		return base + sizeof(__u32);
	case BTF_KIND_VAR:
		return base + sizeof(struct btf_var);
	case BTF_KIND_DECL_TAG:
		return base + sizeof(struct btf_decl_tag);
	case BTF_KIND_ARRAY:
		return base + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return base + vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return base + vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return base + vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return base + vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return base + vlen * sizeof(struct btf_var_secinfo);
	default:
		return -EINVAL;
	}
}

int btf_type_rec_size(const struct btf_type *t)
{
	return btf_rec_size(t);
}

/*
 * Call visit on every type id (or string offset) field of type record t,
 * which must be of a known kind; stop at the first non-zero return.
 */
int btf_type_visit_type_ids(struct btf_type *t, btf_type_id_visit_fn visit,
			    void *ctx)
{
	int i, n = btf_vlen(t), err;

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		return 0;
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_TYPE_TAG:
		return visit(&t->type, ctx);
	case BTF_KIND_ARRAY:
		err = visit(&btf_array(t)->type, ctx);
		return err ?: visit(&btf_array(t)->index_type, ctx);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0, err = 0; i < n && !err; i++)
			err = visit(&btf_members(t)[i].type, ctx);
		return err;
	case BTF_KIND_FUNC_PROTO:
		err = visit(&t->type, ctx);
		for (i = 0; i < n && !err; i++)
			err = visit(&btf_params(t)[i].type, ctx);
		return err;
	case BTF_KIND_DATASEC:
		for (i = 0, err = 0; i < n && !err; i++)
			err = visit(&btf_var_secinfos(t)[i].type, ctx);
		return err;
	default:
		return -EINVAL;
	}
}

int btf_type_visit_str_offs(struct btf_type *t, btf_str_off_visit_fn visit,
			    void *ctx)
{
	int i, n = btf_vlen(t), err;

	err = visit(&t->name_off, ctx);
	if (err)
		return err;
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; i < n && !err; i++)
			err = visit(&btf_members(t)[i].name_off, ctx);
		return err;
	case BTF_KIND_ENUM:
		for (i = 0; i < n && !err; i++)
			err = visit(&btf_enum(t)[i].name_off, ctx);
		return err;
	case BTF_KIND_ENUM64:
		for (i = 0; i < n && !err; i++)
			err = visit(&btf_enum64(t)[i].name_off, ctx);
		return err;
	case BTF_KIND_FUNC_PROTO:
		for (i = 0; i < n && !err; i++)
			err = visit(&btf_params(t)[i].name_off, ctx);
		return err;
	default:
		return 0;
	}
}

/* ---- lookups ------------------------------------------------------------ */

__u32 btf__type_cnt(const struct btf *btf)
{
	if (!btf)
		return libbpf_inval(0);
	return btf->start_id + btf->nr_types;
}

const struct btf *btf__base_btf(const struct btf *btf)
{
	if (!btf)
		return libbpf_err_ptr(-EINVAL);
	return btf->base_btf;
}

struct btf_type *btf_type_by_id(const struct btf *btf, __u32 type_id)
{
	if (type_id == 0)
		return (struct btf_type *)&btf_void;
	while (type_id < btf->start_id)
		btf = btf->base_btf;
	if (type_id - btf->start_id >= btf->nr_types) {
		errno = EINVAL;
		return NULL;
	}
	return btf->types + btf->type_offs[type_id - btf->start_id];
}

const struct btf_type *btf__type_by_id(const struct btf *btf, __u32 type_id)
{
	if (!btf)
		return libbpf_err_ptr(-EINVAL);
	return btf_type_by_id(btf, type_id);
}

const char *btf__str_by_offset(const struct btf *btf, __u32 offset)
{
	if (!btf)
		return libbpf_err_ptr(-EINVAL);

	while (offset < btf->start_str_off)
		btf = btf->base_btf;
	offset -= btf->start_str_off;
	if (offset >= btf->strs_len) {
		errno = EINVAL;
		return NULL;
	}
	return btf->strs + offset;
}

const char *btf__name_by_offset(const struct btf *btf, __u32 offset)
{
	if (!btf)
		return libbpf_err_ptr(-EINVAL);
	return btf__str_by_offset(btf, offset);
}

static bool btf_name_is(const struct btf *btf, const struct btf_type *t,
			const char *name)
{
	const char *s = btf__name_by_offset(btf, t->name_off);

	return s && strcmp(s, name) == 0;
}

__s32 btf__find_by_name(const struct btf *btf, const char *type_name)
{
	__u32 id, cnt = btf__type_cnt(btf);

	if (!btf || !type_name)
		return libbpf_err(-EINVAL);
	if (!strcmp(type_name, "void"))
		return 0;
	for (id = 1; id < cnt; id++)
		if (btf_name_is(btf, btf_type_by_id(btf, id), type_name))
			return id;
	return libbpf_err(-ENOENT);
}

/* lowest id of a kind type named name in btf or its bases; 0: none */
static __u32 btf_scan_name_kind(const struct btf *btf, const char *name, __u32 kind)
{
	const struct btf_type *t;
	__u32 i, id;

	if (btf->base_btf) {
		id = btf_scan_name_kind(btf->base_btf, name, kind);
		if (id)
			return id;
	}
	/* the records in place: no id checks per type on a 100,000-type walk */
	for (i = 0; i < btf->nr_types; i++) {
		t = btf->types + btf->type_offs[i];
		if (btf_kind(t) == kind && btf_name_is(btf, t, name))
			return btf->start_id + i;
	}
	return 0;
}

__s32 btf__find_by_name_kind(const struct btf *btf, const char *type_name,
			     __u32 kind)
{
	__u32 id;

	if (!btf || !type_name)
		return libbpf_err(-EINVAL);
	if (kind == BTF_KIND_UNKN || !strcmp(type_name, "void"))
		return 0;
	id = btf_scan_name_kind(btf, type_name, kind);
	return id ? (__s32)id : libbpf_err(-ENOENT);
}

static size_t btf_fill_named(const struct btf *btf, __u32 kinds, struct btf_named *out)
{
	const struct btf_type *t;
	size_t n = 0;
	__u32 i;

	if (btf->base_btf)
		n = btf_fill_named(btf->base_btf, kinds, out);
	for (i = 0; i < btf->nr_types; i++) {
		t = btf->types + btf->type_offs[i];
		if (!t->name_off || !((kinds >> btf_kind(t)) & 1))
			continue;
		/* own strings directly; offsets were checked at parse or add */
		out[n].name = t->name_off >= btf->start_str_off &&
			      t->name_off - btf->start_str_off < btf->strs_len ?
			      btf->strs + (t->name_off - btf->start_str_off) :
			      btf__name_by_offset(btf, t->name_off);
		if (!out[n].name)
			continue;
		out[n++].id = btf->start_id + i;
	}
	return n;
}

__u32 btf_next_named(const struct btf *btf, __u32 from, __u32 kinds, const char *prefix,
		     size_t plen)
{
	const struct btf_type *t;
	const char *name;
	__u32 i, id;

	if (!plen)
		return 0;
	if (btf->base_btf && from < btf->start_id) {
		id = btf_next_named(btf->base_btf, from, kinds, prefix, plen);
		if (id)
			return id;
		from = btf->start_id;
	}
	for (i = from > btf->start_id ? from - btf->start_id : 0; i < btf->nr_types; i++) {
		t = btf->types + btf->type_offs[i];
		if (!t->name_off || !((kinds >> btf_kind(t)) & 1))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (name && name[0] == prefix[0] && !strncmp(name, prefix, plen))
			return btf->start_id + i;
	}
	return 0;
}

struct btf_named *btf_named_types(const struct btf *btf, __u32 kinds, __u32 *cnt)
{
	struct btf_named *out, *p;
	size_t n;

	out = malloc((btf__type_cnt(btf) ?: 1) * sizeof(*out));
	if (!out)
		return NULL;
	n = btf_fill_named(btf, kinds, out);
	/* most of a large BTF is of other kinds: give the rest back */
	p = realloc(out, (n ?: 1) * sizeof(*out));
	*cnt = n;
	return p ?: out;
}

static const char *btf_named_at(const void *names, size_t i)
{
	return ((const struct btf_named *)names)[i].name;
}

__u32 btf_named_find(const struct btf_named *names, __u32 cnt, const char *name)
{
	size_t i = libbpf_name_lower_bound(cnt, name, btf_named_at, names);

	return i < cnt && !strcmp(names[i].name, name) ? names[i].id : 0;
}

/* ---- pointer size, endianness, fd --------------------------------------- */

static bool is_long_name(const char *name)
{
	static const char *const names[] = {
		"long", "long int", "int long", "unsigned long",
		"long unsigned", "unsigned long int", "unsigned int long",
		"long unsigned int", "long int unsigned", "int unsigned long",
		"int long unsigned",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* the size of C long in this BTF, which is the pointer size; -1 unknown */
static int btf_guess_ptr_sz(const struct btf *btf)
{
	const struct btf_type *t;
	const char *name;
	__u32 id, cnt = btf__type_cnt(btf);

	for (id = 1; id < cnt; id++) {
		t = btf_type_by_id(btf, id);
		if (!btf_is_int(t) || (t->size != 4 && t->size != 8))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (name && is_long_name(name))
			return t->size;
	}
	return -1;
}

size_t btf__pointer_size(const struct btf *btf)
{
	struct btf *mut = (struct btf *)btf;

	if (!btf)
		return libbpf_inval(0);

	if (!btf->ptr_sz)
		mut->ptr_sz = btf_guess_ptr_sz(btf);
	return btf->ptr_sz < 0 ? 0 : btf->ptr_sz;
}

/* pointer size for size computations: the host's when BTF does not tell */
static size_t btf_ptr_sz(const struct btf *btf)
{
	size_t sz = btf__pointer_size(btf);

	return sz ? sz : sizeof(void *);
}

int btf__set_pointer_size(struct btf *btf, size_t ptr_sz)
{
	if (!btf)
		return libbpf_err(-EINVAL);

	if (ptr_sz != 4 && ptr_sz != 8)
		return btf_add_fail(__func__, -EINVAL, "pointer size %zu is not 4 or 8",
				    ptr_sz);
	btf->ptr_sz = ptr_sz;
	return 0;
}

enum btf_endianness btf__endianness(const struct btf *btf)
{
	if (!btf)
		return libbpf_inval(BTF_LITTLE_ENDIAN);

	if (!btf->swapped)
		return BTF_HOST_ENDIAN;
	return BTF_HOST_ENDIAN == BTF_LITTLE_ENDIAN ? BTF_BIG_ENDIAN
						    : BTF_LITTLE_ENDIAN;
}

int btf__set_endianness(struct btf *btf, enum btf_endianness endian)
{
	if (!btf)
		return libbpf_err(-EINVAL);

	if (endian != BTF_LITTLE_ENDIAN && endian != BTF_BIG_ENDIAN)
		return btf_add_fail(__func__, -EINVAL, "unknown byte order %d", endian);
	btf->swapped = endian != BTF_HOST_ENDIAN;
	return 0;
}

int btf__fd(const struct btf *btf)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf->fd;
}

void btf__set_fd(struct btf *btf, int fd)
{
	if (!btf)
		return;

	btf->fd = fd;
}

/* ---- resolving sizes, types and alignment ------------------------------- */

static void btf_warn_loop(__u32 type_id, int depth)
{
	pr_warn("BTF: type [%u]: reference chain longer than %d, a loop? (%s)\n",
		type_id, depth, libbpf_errstr(-ELOOP));
}

__s64 btf__resolve_size(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t;
	const struct btf_array *arr;
	__u32 start_id = type_id;
	__u64 nelems = 1, size;
	int depth;

	if (!btf)
		return libbpf_err(-EINVAL);

	for (depth = 0; depth < BTF_MAX_RESOLVE_DEPTH; depth++) {
		t = btf_type_by_id(btf, type_id);
		if (!t)
			return libbpf_err(-EINVAL);
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_DATASEC:
		case BTF_KIND_FLOAT:
			size = t->size;
			goto done;
		case BTF_KIND_PTR:
			size = btf_ptr_sz(btf);
			goto done;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_TYPE_TAG:
			type_id = t->type;
			break;
		case BTF_KIND_ARRAY:
			arr = btf_array(t);
			if (arr->nelems && nelems > UINT32_MAX / arr->nelems)
				return libbpf_err(-E2BIG);
			nelems *= arr->nelems;
			type_id = arr->type;
			break;
		default:
			return libbpf_err(-EINVAL);
		}
	}
	btf_warn_loop(start_id, BTF_MAX_RESOLVE_DEPTH);
	return libbpf_err(-ELOOP);
done:
	if (nelems && size > UINT32_MAX / nelems)
		return libbpf_err(-E2BIG);
	return nelems * size;
}

int btf__resolve_type(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t;
	__u32 start_id = type_id;
	int depth;

	if (!btf)
		return libbpf_err(-EINVAL);

	for (depth = 0; depth < BTF_MAX_RESOLVE_DEPTH; depth++) {
		t = btf_type_by_id(btf, type_id);
		/* a forward declaration resolves to nothing, like void */
		if (!t || btf_is_void(t) || btf_is_fwd(t))
			return libbpf_err(-EINVAL);
		if (!btf_is_mod(t) && !btf_is_typedef(t) && !btf_is_var(t))
			return type_id;
		type_id = t->type;
	}
	btf_warn_loop(start_id, BTF_MAX_RESOLVE_DEPTH);
	return libbpf_err(-ELOOP);
}

const struct btf_type *btf_skip_modifiers(const struct btf *btf, __u32 type_id,
					  __u32 *res_id)
{
	const struct btf_type *t;
	__u32 start_id = type_id;
	int depth;

	for (depth = 0; depth < BTF_MAX_RESOLVE_DEPTH; depth++) {
		t = btf_type_by_id(btf, type_id);
		if (!t)
			return NULL;
		if (!btf_is_mod(t) && !btf_is_typedef(t)) {
			if (res_id)
				*res_id = type_id;
			return t;
		}
		type_id = t->type;
	}
	btf_warn_loop(start_id, BTF_MAX_RESOLVE_DEPTH);
	errno = ELOOP;
	return NULL;
}

static int btf_align_of(const struct btf *btf, __u32 id, int depth, int *budget);

static int btf_composite_align(const struct btf *btf, const struct btf_type *t,
			       int depth, int *budget)
{
	const struct btf_member *m = btf_members(t);
	int i, n = btf_vlen(t), align, max_align = 1;
	bool packed = false;

	for (i = 0; i < n; i++, m++) {
		align = btf_align_of(btf, m->type, depth + 1, budget);
		if (align <= 0)
			return align ?: -EINVAL;
		max_align = max(max_align, align);
		/* a member off its natural alignment means a packed struct */
		if (!btf_member_bitfield_size(t, i) &&
		    btf_member_bit_offset(t, i) % (8 * align))
			packed = true;
	}
	if (packed || t->size % max_align)
		return 1;
	return max_align;
}

static int btf_align_of(const struct btf *btf, __u32 id, int depth, int *budget)
{
	const struct btf_type *t;

	if (depth >= BTF_MAX_NEST_DEPTH)
		return -ELOOP;
	if (--*budget < 0)
		return -E2BIG;
	t = btf_type_by_id(btf, id);
	if (!t)
		return -EINVAL;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		return min(btf_ptr_sz(btf), (size_t)t->size);
	case BTF_KIND_PTR:
		return btf_ptr_sz(btf);
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return btf_align_of(btf, t->type, depth + 1, budget);
	case BTF_KIND_ARRAY:
		return btf_align_of(btf, btf_array(t)->type, depth + 1, budget);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return btf_composite_align(btf, t, depth, budget);
	default:
		return -EINVAL;
	}
}

int btf__align_of(const struct btf *btf, __u32 id)
{
	int budget = BTF_ALIGN_BUDGET;
	int ret;

	if (!btf)
		return libbpf_err(-EINVAL);
	ret = btf_align_of(btf, id, 0, &budget);
	if (ret == -ELOOP)
		btf_warn_loop(id, BTF_MAX_NEST_DEPTH);
	else if (ret == -E2BIG)
		pr_warn("BTF: type [%u]: too many nested members to compute alignment (%s)\n",
			id, libbpf_errstr(ret));
	return libbpf_err(ret);
}

/* ---- strings ------------------------------------------------------------ */

static __u32 str_hash(const char *s)
{
	__u32 h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* the slot holding s, or the free slot where it would go */
static size_t str_idx_slot(const struct btf *btf, const char *s)
{
	const struct btf_str_index *idx = &btf->str_idx;
	size_t mask = idx->cap - 1, i = str_hash(s) & mask;

	while (idx->slots[i] && strcmp(btf->strs + idx->slots[i] - 1, s))
		i = (i + 1) & mask;
	return i;
}

static int str_idx_grow(struct btf *btf)
{
	struct btf_str_index *idx = &btf->str_idx;
	__u32 *old = idx->slots;
	size_t old_cap = idx->cap, i;

	idx->cap = old_cap ? old_cap * 2 : 256;
	idx->slots = calloc(idx->cap, sizeof(*idx->slots));
	if (!idx->slots) {
		idx->slots = old;
		idx->cap = old_cap;
		return -ENOMEM;
	}
	for (i = 0; i < old_cap; i++)
		if (old[i])
			idx->slots[str_idx_slot(btf, btf->strs + old[i] - 1)] = old[i];
	free(old);
	return 0;
}

/* add own string at off to the index unless an equal one is there */
static int str_idx_add(struct btf *btf, __u32 off)
{
	struct btf_str_index *idx = &btf->str_idx;
	size_t slot;
	int err;

	if ((idx->cnt + 1) * 4 > idx->cap * 3) {
		err = str_idx_grow(btf);
		if (err)
			return err;
	}
	slot = str_idx_slot(btf, btf->strs + off);
	if (!idx->slots[slot]) {
		idx->slots[slot] = off + 1;
		idx->cnt++;
	}
	return 0;
}

static void str_idx_drop(struct btf *btf)
{
	free(btf->str_idx.slots);
	memset(&btf->str_idx, 0, sizeof(btf->str_idx));
}

static int str_idx_build(struct btf *btf)
{
	size_t off;
	int err;

	if (btf->str_idx.ready)
		return 0;
	/* sized for one string per 8 bytes: most never regrow */
	while (btf->str_idx.cap * 6 < btf->strs_len) {
		err = str_idx_grow(btf);
		if (err)
			return err;
	}
	for (off = 0; off < btf->strs_len; off += strlen(btf->strs + off) + 1) {
		err = str_idx_add(btf, off);
		if (err) {
			str_idx_drop(btf);
			return err;
		}
	}
	btf->str_idx.ready = true;
	return 0;
}

/* own offset of s by a scan of the strings, -ENOENT if absent */
static int str_scan(const struct btf *btf, const char *s)
{
	const char *p = btf->strs, *end = btf->strs + btf->strs_len, *hit;
	size_t len = strlen(s) + 1;

	while (p < end && (hit = memmem(p, end - p, s, len))) {
		if (hit == btf->strs || hit[-1] == '\0')
			return hit - btf->strs;
		p = hit + 1;
	}
	return -ENOENT;
}

/*
 * Own offset of s, -ENOENT if absent. The first few lookups scan: an
 * object that adds a handful of strings (a dummy VAR, a section name)
 * never pays for indexing all of them.
 */
static int btf_find_own_str(struct btf *btf, const char *s)
{
	size_t slot;
	int err;

	if (!btf->str_idx.ready && btf->str_idx.scans < 16) {
		btf->str_idx.scans++;
		return str_scan(btf, s);
	}
	err = str_idx_build(btf);
	if (err)
		return err;
	if (!btf->str_idx.cap)
		return -ENOENT;
	slot = str_idx_slot(btf, s);
	if (!btf->str_idx.slots[slot])
		return -ENOENT;
	return btf->str_idx.slots[slot] - 1;
}

int btf__find_str(struct btf *btf, const char *s)
{
	int off;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (!s)
		return btf_add_fail(__func__, -EINVAL, "string is NULL");
	if (btf->base_btf) {
		off = btf__find_str(btf->base_btf, s);
		if (off != -ENOENT)
			return off;
	}
	off = btf_find_own_str(btf, s);
	if (off == -ENOENT)
		return libbpf_err(off);
	if (off < 0)
		return btf_add_fail(__func__, off, "cannot index the strings");
	return btf->start_str_off + off;
}

int btf__add_str(struct btf *btf, const char *s)
{
	uintptr_t p = (uintptr_t)s, beg;
	size_t len, s_off = 0;
	bool inside;
	int off, err;

	if (!btf)
		return libbpf_err(-EINVAL);
	beg = (uintptr_t)btf->strs;
	if (!s)
		return btf_add_fail(__func__, -EINVAL, "string is NULL");
	if (btf->base_btf) {
		off = btf__find_str(btf->base_btf, s);
		if (off != -ENOENT)
			return off;	/* found, or failed and reported */
	}
	off = btf_find_own_str(btf, s);
	if (off >= 0)
		return btf->start_str_off + off;
	if (off != -ENOENT)
		return btf_add_fail(__func__, off, "cannot index the strings");

	len = strlen(s) + 1;
	if (btf->start_str_off + btf->strs_len + len - 1 > BTF_MAX_STR_OFFSET)
		return btf_add_fail(__func__, -E2BIG, "string section is full");
	/* s may point into our own strings, which may move */
	inside = btf->strs && p >= beg && p < beg + btf->strs_len;
	if (inside)
		s_off = p - beg;
	err = libbpf_ensure_mem((void **)&btf->strs, &btf->strs_cap, 1,
				btf->strs_len + len);
	if (err)
		return btf_add_fail(__func__, err, "cannot grow the string section");
	if (inside)
		s = btf->strs + s_off;
	memcpy(btf->strs + btf->strs_len, s, len);
	off = btf->strs_len;
	btf->strs_len += len;
	/* an index not built yet will find it in the section */
	err = btf->str_idx.ready ? str_idx_add(btf, off) : 0;
	if (err) {
		btf->strs_len -= len;
		return btf_add_fail(__func__, err, "cannot index the strings");
	}
	return btf->start_str_off + off;
}

/* ---- parsing and validation --------------------------------------------- */

static struct btf *btf_alloc(struct btf *base_btf)
{
	struct btf *btf = calloc(1, sizeof(*btf));

	if (!btf)
		return NULL;
	btf->fd = -1;
	btf->start_id = 1;
	if (base_btf) {
		btf->base_btf = base_btf;
		btf->start_id = btf__type_cnt(base_btf);
		btf->start_str_off = base_btf->start_str_off + base_btf->strs_len;
		btf->swapped = base_btf->swapped;
		btf->ptr_sz = base_btf->ptr_sz > 0 ? base_btf->ptr_sz : 0;
	}
	return btf;
}

void btf__free(struct btf *btf)
{
	if (!btf)
		return;
	if (btf->fd >= 0)
		close(btf->fd);
	if (btf->owns_base)
		btf__free(btf->base_btf);
	free(btf->types);
	free(btf->type_offs);
	free(btf->strs);
	free(btf->str_idx.slots);
	free(btf->raw);
	free(btf);
}

static int btf_parse_hdr(struct btf *btf, struct btf_header *hdr,
			 const void *data, __u32 size)
{
	__u32 data_len;

	if (size < sizeof(*hdr)) {
		pr_warn("BTF: header truncated: %u bytes of data, a header needs %zu\n",
			size, sizeof(*hdr));
		return -EINVAL;
	}
	memcpy(hdr, data, sizeof(*hdr));
	if (hdr->magic == bswap_16(BTF_MAGIC)) {
		btf->swapped = true;
		swap_words(&hdr->hdr_len, sizeof(*hdr) - offsetof(struct btf_header, hdr_len));
	} else if (hdr->magic != BTF_MAGIC) {
		pr_warn("BTF: bad magic 0x%04x, expected 0x%04x\n", hdr->magic, BTF_MAGIC);
		return -EINVAL;
	}
	if (hdr->version != BTF_VERSION) {
		pr_warn("BTF: unsupported version %u, expected %u\n", hdr->version, BTF_VERSION);
		return -EINVAL;
	}
	if (hdr->hdr_len < sizeof(*hdr) || hdr->hdr_len > size) {
		pr_warn("BTF: header length %u is out of range [%zu, %u]\n",
			hdr->hdr_len, sizeof(*hdr), size);
		return -EINVAL;
	}
	btf->hdr_flags = hdr->flags;
	data_len = size - hdr->hdr_len;
	if ((__u64)hdr->type_off + hdr->type_len > data_len) {
		pr_warn("BTF: type section [%u, +%u) runs past the %u bytes after the header\n",
			hdr->type_off, hdr->type_len, data_len);
		return -EINVAL;
	}
	if ((__u64)hdr->str_off + hdr->str_len > data_len) {
		pr_warn("BTF: string section [%u, +%u) runs past the %u bytes after the header\n",
			hdr->str_off, hdr->str_len, data_len);
		return -EINVAL;
	}
	if (hdr->type_off % 4 || hdr->type_len % 4) {
		pr_warn("BTF: type section [%u, +%u) is not 4-byte aligned\n",
			hdr->type_off, hdr->type_len);
		return -EINVAL;
	}
	if (hdr->type_len && hdr->str_len &&
	    hdr->type_off < hdr->str_off + hdr->str_len &&
	    hdr->str_off < hdr->type_off + hdr->type_len) {
		pr_warn("BTF: type section [%u, +%u) overlaps string section [%u, +%u)\n",
			hdr->type_off, hdr->type_len, hdr->str_off, hdr->str_len);
		return -EINVAL;
	}
	return 0;
}

/* adopt: s is malloc'ed and becomes btf's (freed with it even on failure) */
static int btf_load_strs(struct btf *btf, const char *s, __u32 len, bool adopt)
{
	if (adopt) {
		btf->strs = (char *)s;
		btf->strs_len = btf->strs_cap = len;
	}
	if (!len && btf->base_btf)
		return 0;
	if (!len) {
		pr_warn("BTF: string section is empty, it must hold at least \"\"\n");
		return -EINVAL;
	}
	if (!btf->base_btf && s[0]) {
		pr_warn("BTF: string section does not start with \"\" (split BTF without its base?)\n");
		return -EINVAL;
	}
	if (s[len - 1]) {
		pr_warn("BTF: string section of %u bytes does not end with a NUL byte\n", len);
		return -EINVAL;
	}
	if ((__u64)btf->start_str_off + len - 1 > BTF_MAX_STR_OFFSET) {
		pr_warn("BTF: string section of %u bytes is too large (offsets end at %u)\n", len,
			BTF_MAX_STR_OFFSET);
		return -E2BIG;
	}
	if (adopt)
		return 0;
	btf->strs = malloc(len);
	if (!btf->strs)
		return -ENOMEM;
	memcpy(btf->strs, s, len);
	btf->strs_len = btf->strs_cap = len;
	return 0;
}

static int btf_check_kind(const struct btf *btf, __u32 id, const struct btf_type *t);

/* what btf_index_types() saw, for btf_validate_scanned() */
struct btf_scan {
	__u32 max_id;	/* the largest type id any record references */
	__u32 max_str;	/* the largest string offset any record uses */
	__u32 *later;	/* records whose kind check needs later types */
	size_t later_cnt, later_cap;
};

static int btf_scan_later(struct btf_scan *sc, __u32 id)
{
	int err;

	err = libbpf_ensure_mem((void **)&sc->later, &sc->later_cap, sizeof(*sc->later),
				sc->later_cnt + 1);
	if (err)
		return err;
	sc->later[sc->later_cnt++] = id;
	return 0;
}

/* a FUNC whose prototype is already indexed: the common case, checked inline */
static int btf_scan_func(const struct btf *btf, __u32 id, const struct btf_type *t,
			 struct btf_scan *sc)
{
	const struct btf_type *proto;

	if (t->type >= id)
		return btf_scan_later(sc, id);
	proto = t->type >= btf->start_id ?
		btf->types + btf->type_offs[t->type - btf->start_id] :
		btf_type_by_id(btf, t->type);
	if (!btf_is_func_proto(proto) || btf_vlen(t) > BTF_FUNC_EXTERN)
		return btf_check_kind(btf, id, t);
	return 0;
}

/*
 * The size of record t (id), which has left bytes of the section; notes
 * the largest type id and string offset it uses and runs the kind checks
 * that need no later type (their failure is returned). One switch per record, written out per kind
 * rather than through btf_rec_size() and btf_type_visit_*(): this runs
 * for each of the kernel BTF's 100k+ types and is most of the cost of
 * parsing it. -EINVAL (with a message) for unknown kinds and records
 * that do not fit.
 */
static int btf_scan_type(const struct btf *btf, __u32 id, const struct btf_type *t,
			 size_t left, struct btf_scan *sc, __u32 *max_id, __u32 *max_str)
{
	__u32 i, n = btf_vlen(t), hi_id = 0, hi_str = t->name_off;
	int sz = sizeof(*t), err = 0;
	bool check = false;
	union {
		const struct btf_var_secinfo *vi;
		const struct btf_member *m;
		const struct btf_param *p;
		const struct btf_enum *e;
		const struct btf_enum64 *e64;
	} u;

	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		hi_id = t->type;
		break;
	case BTF_KIND_FWD:
		break;
	case BTF_KIND_FLOAT:
		check = true;
		break;
	case BTF_KIND_FUNC:
		hi_id = t->type;
		err = btf_scan_func(btf, id, t, sc);
		break;
	case BTF_KIND_INT:
		sz += sizeof(__u32);
		check = true;
		break;
	case BTF_KIND_VAR:
		sz += sizeof(struct btf_var);
		hi_id = t->type;
		check = true;
		break;
	case BTF_KIND_DECL_TAG:
		sz += sizeof(struct btf_decl_tag);
		hi_id = t->type;
		check = true;
		break;
	case BTF_KIND_ARRAY:
		sz += sizeof(struct btf_array);
		if ((size_t)sz <= left)
			hi_id = max(btf_array(t)->type, btf_array(t)->index_type);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		sz += n * sizeof(*u.m);
		if ((size_t)sz > left)
			break;
		for (i = 0, u.m = btf_members(t); i < n; i++, u.m++) {
			hi_str = max(hi_str, u.m->name_off);
			hi_id = max(hi_id, u.m->type);
		}
		break;
	case BTF_KIND_ENUM:
		sz += n * sizeof(*u.e);
		check = true;
		if ((size_t)sz > left)
			break;
		for (i = 0, u.e = btf_enum(t); i < n; i++, u.e++)
			hi_str = max(hi_str, u.e->name_off);
		break;
	case BTF_KIND_ENUM64:
		sz += n * sizeof(*u.e64);
		check = true;
		if ((size_t)sz > left)
			break;
		for (i = 0, u.e64 = btf_enum64(t); i < n; i++, u.e64++)
			hi_str = max(hi_str, u.e64->name_off);
		break;
	case BTF_KIND_FUNC_PROTO:
		sz += n * sizeof(*u.p);
		hi_id = t->type;
		if ((size_t)sz > left)
			break;
		for (i = 0, u.p = btf_params(t); i < n; i++, u.p++) {
			hi_str = max(hi_str, u.p->name_off);
			hi_id = max(hi_id, u.p->type);
		}
		break;
	case BTF_KIND_DATASEC:
		sz += n * sizeof(*u.vi);
		check = true;
		if ((size_t)sz > left)
			break;
		for (i = 0, u.vi = btf_var_secinfos(t); i < n; i++, u.vi++)
			hi_id = max(hi_id, u.vi->type);
		break;
	default:
		pr_warn("BTF: type [%u] at byte %td of the type section: unknown kind %u\n",
			id, (const char *)t - (const char *)btf->types, btf_kind(t));
		return -EINVAL;
	}
	if ((size_t)sz > left) {
		pr_warn("BTF: type [%u] %s: vlen %u needs %d bytes, only %zu left in the type section\n",
			id, btf_kind_str(t), n, sz, left);
		return -EINVAL;
	}
	*max_id = max(*max_id, hi_id);
	*max_str = max(*max_str, hi_str);
	if (check && !err) {
		/*
		 * DATASEC looks at the types it references, DECL_TAG at its
		 * target and, for a FUNC, at the FUNC's prototype
		 */
		if (hi_id >= id || btf_is_decl_tag(t))
			err = btf_scan_later(sc, id);
		else
			err = btf_check_kind(btf, id, t);
	}
	return err ?: sz;
}

/* build the offset index of the type records, checking each one's extent */
static int btf_index_types(struct btf *btf, struct btf_scan *sc)
{
	const void *types = btf->types;
	size_t off = 0, left, len = btf->types_len, cap;
	__u32 id, n = btf->nr_types, max_id = sc->max_id, max_str = sc->max_str, *offs;
	int sz, err = 0;

	/* a record takes 12 bytes at least: room for all, given back at the end */
	cap = n + len / sizeof(struct btf_type) + 1;
	if (cap > btf->type_offs_cap) {
		offs = reallocarray(btf->type_offs, cap, sizeof(*offs));
		if (!offs)
			return -ENOMEM;
		btf->type_offs = offs;
		btf->type_offs_cap = cap;
	}
	offs = btf->type_offs;
	while (off < len) {
		id = btf->start_id + n;
		left = len - off;
		if (left < sizeof(struct btf_type)) {
			pr_warn("BTF: type [%u] at byte %zu: truncated, %zu bytes left in the type section, a type needs %zu\n",
				id, off, left, sizeof(struct btf_type));
			err = -EINVAL;
			break;
		}
		if (id >= BTF_MAX_NR_TYPES) {
			pr_warn("BTF: more than %u types\n", BTF_MAX_NR_TYPES);
			err = -E2BIG;
			break;
		}
		/* indexed first: a record may refer to itself */
		offs[n++] = off;
		btf->nr_types = n;
		sz = btf_scan_type(btf, id, types + off, left, sc, &max_id, &max_str);
		if (sz < 0) {
			err = sz;
			break;
		}
		off += sz;
	}
	sc->max_id = max_id;
	sc->max_str = max_str;
	if (!err && n && btf->type_offs_cap > n + n / 8 + 16) {
		offs = reallocarray(btf->type_offs, n, sizeof(*offs));
		if (offs) {
			btf->type_offs = offs;
			btf->type_offs_cap = n;
		}
	}
	return err;
}

/* adopt: as for btf_load_strs() */
static int btf_load_types(struct btf *btf, const void *data, __u32 len,
			  struct btf_scan *sc, bool adopt)
{
	if (adopt) {
		btf->types = (void *)data;
		btf->types_len = btf->types_cap = len;
	}
	if (!len)
		return 0;
	if (!adopt) {
		btf->types = malloc(len);
		if (!btf->types)
			return -ENOMEM;
		memcpy(btf->types, data, len);
		btf->types_len = btf->types_cap = len;
	}
	/* every field of every type record is a 32-bit word */
	if (btf->swapped)
		swap_words(btf->types, len);
	return btf_index_types(btf, sc);
}

struct btf_check_ctx {
	const struct btf *btf;
	__u32 id;
	const struct btf_type *t;
};

static int btf_check_str_off(__u32 *off, void *data)
{
	struct btf_check_ctx *ctx = data;

	if (btf__str_by_offset(ctx->btf, *off))
		return 0;
	pr_warn("BTF: type [%u] %s: string offset %u is out of range (strings end at %zu)\n",
		ctx->id, btf_kind_str(ctx->t), *off,
		(size_t)ctx->btf->start_str_off + ctx->btf->strs_len);
	return -EINVAL;
}

static int btf_check_type_id(__u32 *id, void *data)
{
	struct btf_check_ctx *ctx = data;
	__u32 cnt = btf__type_cnt(ctx->btf);

	if (*id < cnt)
		return 0;
	pr_warn("BTF: type [%u] %s: references type id %u, the last type id is %u\n",
		ctx->id, btf_kind_str(ctx->t), *id, cnt - 1);
	return -EINVAL;
}

static bool is_pow2_upto8(__u32 sz)
{
	return sz == 1 || sz == 2 || sz == 4 || sz == 8;
}

static int btf_check_int(__u32 id, const struct btf_type *t)
{
	__u32 data = *(__u32 *)(t + 1);
	__u32 bits = BTF_INT_BITS(data), off = BTF_INT_OFFSET(data);
	__u32 enc = BTF_INT_ENCODING(data);

	if (!is_pow2_upto8(t->size) && t->size != 16) {
		pr_warn("BTF: type [%u] INT: invalid size %u, expected 1, 2, 4, 8 or 16\n", id,
			t->size);
		return -EINVAL;
	}
	if (bits > 128 || off + bits > t->size * 8) {
		pr_warn("BTF: type [%u] INT: %u bits at bit offset %u do not fit in %u bytes\n",
			id, bits, off, t->size);
		return -EINVAL;
	}
	if (enc & ~(BTF_INT_SIGNED | BTF_INT_CHAR | BTF_INT_BOOL)) {
		pr_warn("BTF: type [%u] INT: unknown encoding 0x%x\n", id, enc);
		return -EINVAL;
	}
	return 0;
}

static int btf_check_datasec(const struct btf *btf, __u32 id,
			     const struct btf_type *t)
{
	const struct btf_var_secinfo *vi = btf_var_secinfos(t);
	const struct btf_type *vt;
	int i;

	for (i = 0; i < btf_vlen(t); i++, vi++) {
		vt = btf_type_by_id(btf, vi->type);
		/* extern functions (.ksyms) are listed as FUNC */
		if (!btf_is_var(vt) && !btf_is_func(vt)) {
			pr_warn("BTF: type [%u] DATASEC: entry %d refers to type [%u] %s, not a VAR\n",
				id, i, vi->type, btf_kind_str(vt));
			return -EINVAL;
		}
		if ((__u64)vi->offset + vi->size > UINT32_MAX) {
			pr_warn("BTF: type [%u] DATASEC: entry %d offset %u + size %u overflows 32 bits\n",
				id, i, vi->offset, vi->size);
			return -EINVAL;
		}
	}
	return 0;
}

static int btf_check_decl_tag(const struct btf *btf, __u32 id,
			      const struct btf_type *t)
{
	int idx = btf_decl_tag(t)->component_idx;
	const struct btf_type *target = btf_type_by_id(btf, t->type);
	int n;

	if (idx == -1)
		return 0;
	if (btf_is_composite(target)) {
		n = btf_vlen(target);
	} else if (btf_is_func(target)) {
		target = btf_type_by_id(btf, target->type);
		n = btf_is_func_proto(target) ? btf_vlen(target) : 0;
	} else {
		n = 0;
	}
	if (idx < 0 || idx >= n) {
		pr_warn("BTF: type [%u] DECL_TAG: component_idx %d is invalid for type [%u] %s\n",
			id, idx, t->type, btf_kind_str(btf_type_by_id(btf, t->type)));
		return -EINVAL;
	}
	return 0;
}

/* kind-specific checks, once names and type ids are known to be in range */
static int btf_check_kind(const struct btf *btf, __u32 id, const struct btf_type *t)
{
	const struct btf_type *ref;

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return btf_check_int(id, t);
	case BTF_KIND_FLOAT:
		if (t->size == 2 || t->size == 4 || t->size == 8 ||
		    t->size == 12 || t->size == 16)
			return 0;
		pr_warn("BTF: type [%u] FLOAT: invalid size %u, expected 2, 4, 8, 12 or 16\n", id,
			t->size);
		return -EINVAL;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (is_pow2_upto8(t->size))
			return 0;
		pr_warn("BTF: type [%u] %s: invalid size %u, expected 1, 2, 4 or 8\n", id,
			btf_kind_str(t), t->size);
		return -EINVAL;
	case BTF_KIND_FUNC:
		ref = btf_type_by_id(btf, t->type);
		if (!btf_is_func_proto(ref)) {
			pr_warn("BTF: type [%u] FUNC: type [%u] is %s, not FUNC_PROTO\n",
				id, t->type, btf_kind_str(ref));
			return -EINVAL;
		}
		if (btf_vlen(t) > BTF_FUNC_EXTERN) {
			pr_warn("BTF: type [%u] FUNC: unknown linkage %u (at most %u)\n", id, btf_vlen(t),
			BTF_FUNC_EXTERN);
			return -EINVAL;
		}
		return 0;
	case BTF_KIND_VAR:
		if (btf_var(t)->linkage <= BTF_VAR_GLOBAL_EXTERN)
			return 0;
		pr_warn("BTF: type [%u] VAR: unknown linkage %u (at most %u)\n", id,
			btf_var(t)->linkage, BTF_VAR_GLOBAL_EXTERN);
		return -EINVAL;
	case BTF_KIND_DATASEC:
		return btf_check_datasec(btf, id, t);
	case BTF_KIND_DECL_TAG:
		return btf_check_decl_tag(btf, id, t);
	default:
		return 0;
	}
}

/* the full check, one record at a time, naming the first problem */
static int btf_validate(const struct btf *btf)
{
	struct btf_check_ctx ctx = { .btf = btf };
	struct btf_type *t;
	__u32 i;
	int err;

	for (i = 0; i < btf->nr_types; i++) {
		t = btf->types + btf->type_offs[i];
		ctx.id = btf->start_id + i;
		ctx.t = t;
		err = btf_type_visit_str_offs(t, btf_check_str_off, &ctx);
		err = err ?: btf_type_visit_type_ids(t, btf_check_type_id, &ctx);
		err = err ?: btf_check_kind(btf, ctx.id, t);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The scan during indexing is the fast path: when every reference is in
 * range, what is left are the kind checks that needed later types.
 * Otherwise the full check runs and names the first problem.
 */
static int btf_validate_scanned(const struct btf *btf, const struct btf_scan *sc)
{
	size_t i;
	int err;

	if (sc->max_id >= btf__type_cnt(btf) ||
	    sc->max_str >= btf->start_str_off + btf->strs_len)
		return btf_validate(btf);
	for (i = 0; i < sc->later_cnt; i++) {
		err = btf_check_kind(btf, sc->later[i], btf_type_by_id(btf, sc->later[i]));
		if (err)
			return err;
	}
	return 0;
}

static struct btf *btf_new_sections(struct btf *btf, const struct btf_header *hdr,
				    const void *types, const void *strs, bool adopt,
				    __u32 size);

static struct btf *btf_new(const void *data, __u32 size, struct btf *base_btf)
{
	struct btf_header hdr;
	struct btf *btf;
	int err;

	if (!data) {
		pr_warn("BTF: no data given\n");
		return libbpf_err_ptr(-EINVAL);
	}
	btf = btf_alloc(base_btf);
	if (!btf) {
		pr_warn("BTF: out of memory parsing %u bytes\n", size);
		return libbpf_err_ptr(-ENOMEM);
	}
	btf->swapped = false;
	err = btf_parse_hdr(btf, &hdr, data, size);
	if (err)
		goto err_out;
	data += hdr.hdr_len;
	return btf_new_sections(btf, &hdr, data + hdr.type_off, data + hdr.str_off, false, size);
err_out:
	if (err == -ENOMEM)
		pr_warn("BTF: out of memory parsing %u bytes\n", size);
	btf__free(btf);
	return libbpf_err_ptr(err);
}

/*
 * The rest of btf_new() once the header is read: the sections, copied or
 * (adopt) taken over as they are, malloc'ed buffers then, which btf
 * frees whatever happens.
 */
static struct btf *btf_new_sections(struct btf *btf, const struct btf_header *hdr,
				    const void *types, const void *strs, bool adopt,
				    __u32 size)
{
	struct btf *base_btf = btf->base_btf;
	struct btf_scan sc = {};
	int err;

	err = btf_load_strs(btf, strs, hdr->str_len, adopt);
	if (err && adopt)
		free((void *)types);
	err = err ?: btf_load_types(btf, types, hdr->type_len, &sc, adopt);
	err = err ?: btf_validate_scanned(btf, &sc);
	free(sc.later);
	if (err)
		goto err_out;
	/* no strings, or only "": as good as built from empty (libbpf) */
	btf->strs_deduped = btf->strs_len == 0 || (!base_btf && btf->strs_len == 1);
	/* now, so that queries on a shared, parsed BTF never write to it */
	btf->ptr_sz = btf_guess_ptr_sz(btf);
	/* split BTF without a C long of its own: what its base says */
	if (btf->ptr_sz < 0 && base_btf && base_btf->ptr_sz > 0)
		btf->ptr_sz = base_btf->ptr_sz;
	return btf;
err_out:
	if (err == -ENOMEM)
		pr_warn("BTF: out of memory parsing %u bytes\n", size);
	btf__free(btf);
	return libbpf_err_ptr(err);
}

struct btf *btf__new(const void *data, __u32 size)
{
	return btf_new(data, size, NULL);
}

struct btf *btf__new_split(const void *data, __u32 size, struct btf *base_btf)
{
	return btf_new(data, size, base_btf);
}

static struct btf *btf_new_empty(struct btf *base_btf)
{
	struct btf *btf = btf_alloc(base_btf);

	if (!btf)
		goto err_nomem;
	btf->strs_deduped = true;
	if (!base_btf) {
		btf->ptr_sz = sizeof(void *);
		btf->strs = calloc(1, 1);
		if (!btf->strs) {
			free(btf);
			goto err_nomem;
		}
		btf->strs_len = btf->strs_cap = 1;
	}
	return btf;
err_nomem:
	pr_warn("BTF: out of memory for an empty BTF\n");
	return libbpf_err_ptr(-ENOMEM);
}

struct btf *btf__new_empty(void)
{
	return btf_new_empty(NULL);
}

/* without a base, like btf__new_empty(), as libbpf does (pahole relies on it) */
struct btf *btf__new_empty_split(struct btf *base_btf)
{
	return btf_new_empty(base_btf);
}

/*
 * Give dst the types, strings and base of src, which is freed. dst keeps
 * its fd and header flags; for btf__relocate(), which builds the result
 * aside so that a failure leaves dst as it was.
 */
bool btf_owns_base(const struct btf *btf)
{
	return btf->owns_base;
}

void btf_replace_contents(struct btf *dst, struct btf *src)
{
	if (dst->owns_base)
		btf__free(dst->base_btf);
	dst->owns_base = src->owns_base;
	src->owns_base = false;
	free(dst->types);
	free(dst->type_offs);
	free(dst->strs);
	free(dst->str_idx.slots);
	free(dst->raw);
	dst->types = src->types;
	dst->types_len = src->types_len;
	dst->types_cap = src->types_cap;
	dst->type_offs = src->type_offs;
	dst->type_offs_cap = src->type_offs_cap;
	dst->nr_types = src->nr_types;
	dst->start_id = src->start_id;
	dst->strs = src->strs;
	dst->strs_len = src->strs_len;
	dst->strs_cap = src->strs_cap;
	dst->start_str_off = src->start_str_off;
	dst->str_idx = src->str_idx;
	dst->base_btf = src->base_btf;
	dst->swapped = src->swapped;
	dst->ptr_sz = src->ptr_sz;
	dst->strs_deduped = src->strs_deduped;
	dst->raw = NULL;
	dst->raw_len = 0;
	src->types = NULL;
	src->type_offs = NULL;
	src->strs = NULL;
	src->str_idx.slots = NULL;
	btf__free(src);
}

/* ---- writing back ------------------------------------------------------- */

static const void *btf_write_raw(struct btf *btf, __u32 *size)
{
	struct btf_header hdr = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.flags = btf->hdr_flags,
		.hdr_len = sizeof(hdr),
		.type_off = 0,
		.type_len = btf->types_len,
		.str_off = btf->types_len,
		.str_len = btf->strs_len,
	};
	__u64 total = sizeof(hdr) + (__u64)btf->types_len + btf->strs_len;
	void *p;

	if (total > UINT32_MAX)
		return libbpf_err_ptr(-E2BIG);
	/* same size: reuse the buffer so an earlier pointer stays valid */
	if (total != btf->raw_len) {
		p = realloc(btf->raw, total);
		if (!p)
			return libbpf_err_ptr(-ENOMEM);
		btf->raw = p;
		btf->raw_len = total;
	}
	p = btf->raw;
	if (btf->types_len)
		memcpy(p + sizeof(hdr), btf->types, btf->types_len);
	if (btf->strs_len)
		memcpy(p + sizeof(hdr) + btf->types_len, btf->strs, btf->strs_len);
	if (btf->swapped) {
		hdr.magic = bswap_16(hdr.magic);
		swap_words(&hdr.hdr_len, sizeof(hdr) - offsetof(struct btf_header, hdr_len));
		swap_words(p + sizeof(hdr), btf->types_len);
	}
	memcpy(p, &hdr, sizeof(hdr));
	*size = total;
	return p;
}

const void *btf__raw_data(const struct btf *btf_ro, __u32 *size)
{
	if (!btf_ro || !size)
		return libbpf_err_ptr(-EINVAL);
	return btf_write_raw((struct btf *)btf_ro, size);
}

const void *btf__get_raw_data(const struct btf *btf, __u32 *size)
{
	if (!btf)
		return libbpf_err_ptr(-EINVAL);
	return btf__raw_data(btf, size);
}

/* ---- building ----------------------------------------------------------- */

static bool btf_bad_id(int id)
{
	return id < 0 || (__u32)id > BTF_MAX_NR_TYPES;
}

static int btf_bad_id_fail(const char *func, const char *what, int id)
{
	return btf_add_fail(func, -EINVAL, "invalid %s type id %d", what, id);
}

/*
 * String offset for a name: 0 for none, an error (already reported) if
 * it is required and missing or cannot be added.
 */
static int btf_name_off(struct btf *btf, const char *func, const char *name,
			bool required)
{
	if (!name || !name[0])
		return required ? btf_add_fail(func, -EINVAL, "a name is required") : 0;
	return btf__add_str(btf, name);
}

/* make room for sz more bytes of type records */
static int btf_grow_types(struct btf *btf, size_t sz)
{
	if (btf->types_len + btf->strs_len + sz + sizeof(struct btf_header) > UINT32_MAX)
		return -E2BIG;
	return libbpf_ensure_mem(&btf->types, &btf->types_cap, 1,
				 btf->types_len + sz);
}

/* append a new type record: the common part, then extra_sz bytes of extra */
static int btf_add_type_rec(struct btf *btf, const char *func, __u32 kind,
			    __u32 name_off, __u32 vlen, bool kflag,
			    __u32 size_or_type, const void *extra, size_t extra_sz)
{
	struct btf_type *t;
	size_t sz = sizeof(*t) + extra_sz;
	int err;

	if (btf__type_cnt(btf) >= BTF_MAX_NR_TYPES)
		return btf_add_fail(func, -E2BIG, "too many types");
	err = btf_grow_types(btf, sz);
	err = err ?: libbpf_ensure_mem((void **)&btf->type_offs, &btf->type_offs_cap,
				       sizeof(__u32), btf->nr_types + 1);
	if (err)
		return btf_add_fail(func, err, "cannot grow the type section");
	t = btf->types + btf->types_len;
	t->name_off = name_off;
	t->info = btf_type_info(kind, vlen, kflag);
	t->size = size_or_type;
	if (extra_sz)
		memcpy(t + 1, extra, extra_sz);
	btf->type_offs[btf->nr_types++] = btf->types_len;
	btf->types_len += sz;
	if (btf->ptr_sz < 0)
		btf->ptr_sz = 0;	/* a new type may tell */
	return btf__type_cnt(btf) - 1;
}

/* the last type if it is own and of kind k1 or k2; else warns */
static struct btf_type *btf_last_type(struct btf *btf, const char *func,
				      __u32 k1, __u32 k2)
{
	struct btf_type *t;

	if (!btf->nr_types) {
		btf_add_fail(func, -EINVAL, "no type to add to; add a %s first",
			     btf_kind_names[k1]);
		return NULL;
	}
	t = btf->types + btf->type_offs[btf->nr_types - 1];
	if (btf_kind(t) == k1 || btf_kind(t) == k2)
		return t;
	btf_add_fail(func, -EINVAL, "last type [%u] is %s, not %s",
		     btf__type_cnt(btf) - 1, btf_kind_str(t), btf_kind_names[k1]);
	return NULL;
}

/* append a vlen record to the last type, raising its vlen */
static int btf_add_vlen_rec(struct btf *btf, const char *func, const void *rec,
			    size_t sz, bool set_kflag)
{
	struct btf_type *t = btf->types + btf->type_offs[btf->nr_types - 1];
	int err;

	if (btf_vlen(t) == BTF_MAX_VLEN)
		return btf_add_fail(func, -E2BIG, "type [%u] already has %u entries",
				    btf__type_cnt(btf) - 1, BTF_MAX_VLEN);
	err = btf_grow_types(btf, sz);
	if (err)
		return btf_add_fail(func, err, "cannot grow the type section");
	memcpy(btf->types + btf->types_len, rec, sz);
	btf->types_len += sz;
	t = btf->types + btf->type_offs[btf->nr_types - 1];
	t->info = btf_type_info(btf_kind(t), btf_vlen(t) + 1,
				set_kflag || btf_kflag(t));
	return 0;
}

int btf__add_int(struct btf *btf, const char *name, size_t byte_sz, int encoding)
{
	__u32 data;
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (!is_pow2_upto8(byte_sz) && byte_sz != 16)
		return btf_add_fail(__func__, -EINVAL, "invalid size %zu", byte_sz);
	if (encoding & ~(BTF_INT_SIGNED | BTF_INT_CHAR | BTF_INT_BOOL))
		return btf_add_fail(__func__, -EINVAL, "invalid encoding 0x%x", encoding);
	name_off = btf_name_off(btf, __func__, name, true);
	if (name_off < 0)
		return name_off;
	data = ((__u32)encoding << 24) | (byte_sz * 8);
	return btf_add_type_rec(btf, __func__, BTF_KIND_INT, name_off, 0, false,
				byte_sz, &data, sizeof(data));
}

int btf__add_float(struct btf *btf, const char *name, size_t byte_sz)
{
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (byte_sz != 2 && byte_sz != 4 && byte_sz != 8 && byte_sz != 12 &&
	    byte_sz != 16)
		return btf_add_fail(__func__, -EINVAL, "invalid size %zu", byte_sz);
	name_off = btf_name_off(btf, __func__, name, true);
	if (name_off < 0)
		return name_off;
	return btf_add_type_rec(btf, __func__, BTF_KIND_FLOAT, name_off, 0, false,
				byte_sz, NULL, 0);
}

/* a kind that is just a (maybe named) reference to another type */
static int btf_add_ref(struct btf *btf, const char *func, __u32 kind,
		       const char *name, bool name_required, int ref_type_id)
{
	int name_off;

	if (btf_bad_id(ref_type_id))
		return btf_bad_id_fail(func, "referenced", ref_type_id);
	name_off = btf_name_off(btf, func, name, name_required);
	if (name_off < 0)
		return name_off;
	return btf_add_type_rec(btf, func, kind, name_off, 0, false, ref_type_id,
				NULL, 0);
}

int btf__add_ptr(struct btf *btf, int ref_type_id)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_ref(btf, __func__, BTF_KIND_PTR, NULL, false, ref_type_id);
}

int btf__add_typedef(struct btf *btf, const char *name, int ref_type_id)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_ref(btf, __func__, BTF_KIND_TYPEDEF, name, true, ref_type_id);
}

int btf__add_volatile(struct btf *btf, int ref_type_id)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_ref(btf, __func__, BTF_KIND_VOLATILE, NULL, false, ref_type_id);
}

int btf__add_const(struct btf *btf, int ref_type_id)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_ref(btf, __func__, BTF_KIND_CONST, NULL, false, ref_type_id);
}

int btf__add_restrict(struct btf *btf, int ref_type_id)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_ref(btf, __func__, BTF_KIND_RESTRICT, NULL, false, ref_type_id);
}

/* kflag set: value is a whole attribute, __attribute__((value)) (6.14+) */
static int btf_add_type_tag(struct btf *btf, const char *func, const char *value,
			    int ref_type_id, bool kflag)
{
	int name_off;

	if (btf_bad_id(ref_type_id))
		return btf_bad_id_fail(func, "referenced", ref_type_id);
	name_off = btf_name_off(btf, func, value, true);
	if (name_off < 0)
		return name_off;
	return btf_add_type_rec(btf, func, BTF_KIND_TYPE_TAG, name_off, 0, kflag,
				ref_type_id, NULL, 0);
}

int btf__add_type_tag(struct btf *btf, const char *value, int ref_type_id)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_type_tag(btf, __func__, value, ref_type_id, false);
}

int btf__add_type_attr(struct btf *btf, const char *value, int ref_type_id)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_type_tag(btf, __func__, value, ref_type_id, true);
}

int btf__add_func_proto(struct btf *btf, int ret_type_id)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_ref(btf, __func__, BTF_KIND_FUNC_PROTO, NULL, false, ret_type_id);
}

int btf__add_array(struct btf *btf, int index_type_id, int elem_type_id,
		   __u32 nr_elems)
{
	struct btf_array arr;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (btf_bad_id(index_type_id))
		return btf_bad_id_fail(__func__, "index", index_type_id);
	if (btf_bad_id(elem_type_id))
		return btf_bad_id_fail(__func__, "element", elem_type_id);
	arr.type = elem_type_id;
	arr.index_type = index_type_id;
	arr.nelems = nr_elems;
	return btf_add_type_rec(btf, __func__, BTF_KIND_ARRAY, 0, 0, false, 0,
				&arr, sizeof(arr));
}

static int btf_add_composite(struct btf *btf, const char *func, __u32 kind,
			     const char *name, __u32 sz)
{
	int name_off = btf_name_off(btf, func, name, false);

	if (name_off < 0)
		return name_off;
	return btf_add_type_rec(btf, func, kind, name_off, 0, false, sz, NULL, 0);
}

int btf__add_struct(struct btf *btf, const char *name, __u32 sz)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_composite(btf, __func__, BTF_KIND_STRUCT, name, sz);
}

int btf__add_union(struct btf *btf, const char *name, __u32 sz)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_composite(btf, __func__, BTF_KIND_UNION, name, sz);
}

/* whether every member offset of t would fit the 24 bits kind_flag leaves */
static bool btf_members_fit_kflag(const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	int i;

	for (i = 0; i < btf_vlen(t); i++)
		if (m[i].offset > 0xffffff)
			return false;
	return true;
}

int btf__add_field(struct btf *btf, const char *name, int type_id,
		   __u32 bit_offset, __u32 bit_size)
{
	struct btf_type *t;
	struct btf_member m;
	bool is_bitfield = bit_size || bit_offset % 8;
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);

	t = btf_last_type(btf, __func__, BTF_KIND_STRUCT, BTF_KIND_UNION);
	if (!t)
		return -EINVAL;
	if (btf_bad_id(type_id))
		return btf_bad_id_fail(__func__, "field", type_id);
	if (is_bitfield && (!bit_size || bit_size > 255))
		return btf_add_fail(__func__, -EINVAL,
				    "bitfield size %u at bit offset %u is not in 1..255",
				    bit_size, bit_offset);
	if (btf_is_union(t) && bit_offset)
		return btf_add_fail(__func__, -EINVAL,
				    "union member at bit offset %u, must be 0", bit_offset);
	/* setting kind_flag turns the earlier members' offsets into 24 bits */
	if ((is_bitfield || btf_kflag(t)) &&
	    (bit_offset > 0xffffff || (!btf_kflag(t) && !btf_members_fit_kflag(t))))
		return btf_add_fail(__func__, -EINVAL,
				    "bit offset beyond 0xffffff in a struct with bitfields");
	name_off = btf_name_off(btf, __func__, name, false);
	if (name_off < 0)
		return name_off;
	m.name_off = name_off;
	m.type = type_id;
	m.offset = bit_offset | (bit_size << 24);
	return btf_add_vlen_rec(btf, __func__, &m, sizeof(m), is_bitfield);
}

static int btf_add_enum_kind(struct btf *btf, const char *func, __u32 kind,
			     const char *name, __u32 byte_sz, bool is_signed)
{
	int name_off;

	if (!is_pow2_upto8(byte_sz))
		return btf_add_fail(func, -EINVAL, "invalid size %u", byte_sz);
	name_off = btf_name_off(btf, func, name, false);
	if (name_off < 0)
		return name_off;
	return btf_add_type_rec(btf, func, kind, name_off, 0, is_signed, byte_sz,
				NULL, 0);
}

int btf__add_enum(struct btf *btf, const char *name, __u32 byte_sz)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_enum_kind(btf, __func__, BTF_KIND_ENUM, name, byte_sz, false);
}

int btf__add_enum64(struct btf *btf, const char *name, __u32 byte_sz,
		    bool is_signed)
{
	if (!btf)
		return libbpf_err(-EINVAL);

	return btf_add_enum_kind(btf, __func__, BTF_KIND_ENUM64, name, byte_sz,
				 is_signed);
}

int btf__add_enum_value(struct btf *btf, const char *name, __s64 value)
{
	struct btf_enum e;
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (!btf_last_type(btf, __func__, BTF_KIND_ENUM, BTF_KIND_ENUM))
		return -EINVAL;
	if (value < INT_MIN || value > UINT_MAX)
		return btf_add_fail(__func__, -E2BIG, "value %lld does not fit in 32 bits",
				    (long long)value);
	name_off = btf_name_off(btf, __func__, name, true);
	if (name_off < 0)
		return name_off;
	e.name_off = name_off;
	e.val = (__u32)value;
	/* a negative value makes the enum signed */
	return btf_add_vlen_rec(btf, __func__, &e, sizeof(e), value < 0);
}

int btf__add_enum64_value(struct btf *btf, const char *name, __u64 value)
{
	struct btf_enum64 e;
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (!btf_last_type(btf, __func__, BTF_KIND_ENUM64, BTF_KIND_ENUM64))
		return -EINVAL;
	name_off = btf_name_off(btf, __func__, name, true);
	if (name_off < 0)
		return name_off;
	e.name_off = name_off;
	e.val_lo32 = (__u32)value;
	e.val_hi32 = value >> 32;
	return btf_add_vlen_rec(btf, __func__, &e, sizeof(e), false);
}

int btf__add_fwd(struct btf *btf, const char *name, enum btf_fwd_kind fwd_kind)
{
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);

	switch (fwd_kind) {
	case BTF_FWD_STRUCT:
	case BTF_FWD_UNION:
		name_off = btf_name_off(btf, __func__, name, true);
		if (name_off < 0)
			return name_off;
		return btf_add_type_rec(btf, __func__, BTF_KIND_FWD, name_off, 0,
					fwd_kind == BTF_FWD_UNION, 0, NULL, 0);
	case BTF_FWD_ENUM:
		/* an enum without values stands for a forward-declared one */
		name_off = btf_name_off(btf, __func__, name, true);
		if (name_off < 0)
			return name_off;
		return btf_add_type_rec(btf, __func__, BTF_KIND_ENUM, name_off, 0,
					false, sizeof(int), NULL, 0);
	default:
		return btf_add_fail(__func__, -EINVAL, "unknown forward kind %d", fwd_kind);
	}
}

int btf__add_func(struct btf *btf, const char *name, enum btf_func_linkage linkage,
		  int proto_type_id)
{
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (linkage != BTF_FUNC_STATIC && linkage != BTF_FUNC_GLOBAL &&
	    linkage != BTF_FUNC_EXTERN)
		return btf_add_fail(__func__, -EINVAL, "unknown linkage %d", linkage);
	if (btf_bad_id(proto_type_id))
		return btf_bad_id_fail(__func__, "prototype", proto_type_id);
	name_off = btf_name_off(btf, __func__, name, true);
	if (name_off < 0)
		return name_off;
	return btf_add_type_rec(btf, __func__, BTF_KIND_FUNC, name_off, linkage,
				false, proto_type_id, NULL, 0);
}

int btf__add_func_param(struct btf *btf, const char *name, int type_id)
{
	struct btf_param p;
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (!btf_last_type(btf, __func__, BTF_KIND_FUNC_PROTO, BTF_KIND_FUNC_PROTO))
		return -EINVAL;
	if (btf_bad_id(type_id))
		return btf_bad_id_fail(__func__, "parameter", type_id);
	name_off = btf_name_off(btf, __func__, name, false);
	if (name_off < 0)
		return name_off;
	p.name_off = name_off;
	p.type = type_id;
	return btf_add_vlen_rec(btf, __func__, &p, sizeof(p), false);
}

int btf__add_var(struct btf *btf, const char *name, int linkage, int type_id)
{
	struct btf_var v;
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (linkage != BTF_VAR_STATIC && linkage != BTF_VAR_GLOBAL_ALLOCATED &&
	    linkage != BTF_VAR_GLOBAL_EXTERN)
		return btf_add_fail(__func__, -EINVAL, "unknown linkage %d", linkage);
	if (btf_bad_id(type_id))
		return btf_bad_id_fail(__func__, "variable", type_id);
	name_off = btf_name_off(btf, __func__, name, true);
	if (name_off < 0)
		return name_off;
	v.linkage = linkage;
	return btf_add_type_rec(btf, __func__, BTF_KIND_VAR, name_off, 0, false,
				type_id, &v, sizeof(v));
}

int btf__add_datasec(struct btf *btf, const char *name, __u32 byte_sz)
{
	int name_off;

	if (!btf)
		return libbpf_err(-EINVAL);
	name_off = btf_name_off(btf, __func__, name, true);
	if (name_off < 0)
		return name_off;
	return btf_add_type_rec(btf, __func__, BTF_KIND_DATASEC, name_off, 0, false,
				byte_sz, NULL, 0);
}

int btf__add_datasec_var_info(struct btf *btf, int var_type_id, __u32 offset,
			      __u32 byte_sz)
{
	struct btf_var_secinfo vi;

	if (!btf)
		return libbpf_err(-EINVAL);

	if (!btf_last_type(btf, __func__, BTF_KIND_DATASEC, BTF_KIND_DATASEC))
		return -EINVAL;
	if (btf_bad_id(var_type_id))
		return btf_bad_id_fail(__func__, "variable", var_type_id);
	vi.type = var_type_id;
	vi.offset = offset;
	vi.size = byte_sz;
	return btf_add_vlen_rec(btf, __func__, &vi, sizeof(vi), false);
}

/* kflag set: value is a whole attribute, as for type tags */
static int btf_add_decl_tag(struct btf *btf, const char *func, const char *value,
			    int ref_type_id, int component_idx, bool kflag)
{
	struct btf_decl_tag tag;
	int name_off;

	if (btf_bad_id(ref_type_id))
		return btf_bad_id_fail(func, "tagged", ref_type_id);
	if (component_idx < -1)
		return btf_add_fail(func, -EINVAL, "invalid component_idx %d",
				    component_idx);
	name_off = btf_name_off(btf, func, value, true);
	if (name_off < 0)
		return name_off;
	tag.component_idx = component_idx;
	return btf_add_type_rec(btf, func, BTF_KIND_DECL_TAG, name_off, 0, kflag,
				ref_type_id, &tag, sizeof(tag));
}

int btf__add_decl_tag(struct btf *btf, const char *value, int ref_type_id,
		      int component_idx)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_decl_tag(btf, __func__, value, ref_type_id, component_idx, false);
}

int btf__add_decl_attr(struct btf *btf, const char *value, int ref_type_id,
		       int component_idx)
{
	if (!btf)
		return libbpf_err(-EINVAL);
	return btf_add_decl_tag(btf, __func__, value, ref_type_id, component_idx, true);
}

/* ---- replacing own types and strings (btf_dedup.c) ---------------------- */

__u32 btf_own_str_off(const struct btf *btf)
{
	return btf->start_str_off;
}

const char *btf_own_strs(const struct btf *btf, size_t *len, bool *deduped)
{
	*len = btf->strs_len;
	*deduped = btf->strs_deduped;
	return btf->strs;
}

void btf_set_own_types(struct btf *btf, void *types, size_t types_len,
		       __u32 *type_offs, __u32 nr_types)
{
	free(btf->types);
	free(btf->type_offs);
	btf->types = types;
	btf->types_len = btf->types_cap = types_len;
	btf->type_offs = type_offs;
	btf->type_offs_cap = btf->nr_types = nr_types;
}

void btf_set_own(struct btf *btf, void *types, size_t types_len,
		 __u32 *type_offs, __u32 nr_types, char *strs, size_t strs_len)
{
	btf_set_own_types(btf, types, types_len, type_offs, nr_types);
	free(btf->strs);
	str_idx_drop(btf);
	btf->strs = strs;
	btf->strs_len = btf->strs_cap = strs_len;
	btf->strs_deduped = true;
	if (btf->ptr_sz < 0)
		btf->ptr_sz = 0;
}

/* ---- copying types between BTF objects ---------------------------------- */

struct btf_copy_ctx {
	struct btf *dst;
	const struct btf *src;
	__u32 id_shift_from;	/* first own type id of src */
	__u32 id_shift_to;	/* where it lands in dst */
	const char *func;	/* for messages */
};

static int btf_copy_str(__u32 *off, void *data)
{
	struct btf_copy_ctx *ctx = data;
	const char *s = btf__str_by_offset(ctx->src, *off);
	int new_off;

	if (!s)
		return btf_add_fail(ctx->func, -EINVAL,
				    "source string offset %u is out of range", *off);
	new_off = btf__add_str(ctx->dst, s);
	if (new_off < 0)
		return new_off;
	*off = new_off;
	return 0;
}

static int btf_shift_id(__u32 *id, void *data)
{
	struct btf_copy_ctx *ctx = data;

	/* void and the ids of src's base stay as they are */
	if (*id >= ctx->id_shift_from)
		*id = *id - ctx->id_shift_from + ctx->id_shift_to;
	return 0;
}

int btf__add_type(struct btf *btf, const struct btf *src_btf,
		  const struct btf_type *src_type)
{
	struct btf_copy_ctx ctx = { .dst = btf, .src = src_btf, .func = __func__ };
	struct btf_type *t;
	int sz, err;

	if (!btf || !src_btf || !src_type)
		return libbpf_err(-EINVAL);
	sz = btf_type_rec_size(src_type);
	if (sz < 0)
		return btf_add_fail(__func__, sz, "unknown kind %u", btf_kind(src_type));
	/* a private copy: src_type may live in our own, movable buffer */
	t = malloc(sz);
	if (!t)
		return btf_add_fail(__func__, -ENOMEM, "copying a %d-byte type", sz);
	memcpy(t, src_type, sz);
	err = btf_type_visit_str_offs(t, btf_copy_str, &ctx);
	if (!err)
		err = btf_add_type_rec(btf, __func__, btf_kind(t), t->name_off,
				       btf_vlen(t), btf_kflag(t), t->size, t + 1,
				       sz - sizeof(*t));
	free(t);
	return libbpf_err(err);
}

int btf__add_btf(struct btf *btf, const struct btf *src_btf)
{
	struct btf_copy_ctx ctx = { .dst = btf, .src = src_btf, .func = __func__ };
	size_t old_types_len, old_strs_len, len;
	__u32 i, old_nr, cnt;
	struct btf_type *t;
	int err;

	if (!btf || !src_btf)
		return libbpf_err(-EINVAL);
	old_types_len = btf->types_len;
	old_strs_len = btf->strs_len;
	old_nr = btf->nr_types;
	cnt = src_btf->nr_types;
	len = src_btf->types_len;
	/* base type ids are kept: they must mean the same in btf */
	if (src_btf->base_btf && src_btf->base_btf != btf->base_btf &&
	    src_btf->base_btf != btf)
		return btf_add_fail(__func__, -EOPNOTSUPP,
				    "source is split BTF on another base");
	if ((__u64)btf__type_cnt(btf) + cnt > BTF_MAX_NR_TYPES)
		return btf_add_fail(__func__, -E2BIG, "too many types");
	err = btf_grow_types(btf, len);
	err = err ?: libbpf_ensure_mem((void **)&btf->type_offs, &btf->type_offs_cap,
				       sizeof(__u32), btf->nr_types + cnt);
	if (err)
		return btf_add_fail(__func__, err, "cannot grow the type section");
	ctx.id_shift_from = src_btf->start_id;
	ctx.id_shift_to = btf__type_cnt(btf);
	/* src_btf may be btf: its records are all below old_types_len */
	if (len)
		memcpy(btf->types + old_types_len, src_btf->types, len);
	for (i = 0; i < cnt; i++) {
		t = btf->types + old_types_len + src_btf->type_offs[i];
		err = btf_type_visit_str_offs(t, btf_copy_str, &ctx);
		if (err)
			goto rollback;
		btf_type_visit_type_ids(t, btf_shift_id, &ctx);
		btf->type_offs[old_nr + i] = old_types_len + src_btf->type_offs[i];
	}
	btf->types_len += len;
	btf->nr_types += cnt;
	if (btf->ptr_sz < 0)
		btf->ptr_sz = 0;
	return ctx.id_shift_to;
rollback:
	btf->types_len = old_types_len;
	btf->nr_types = old_nr;
	if (btf->strs_len != old_strs_len) {
		btf->strs_len = old_strs_len;
		str_idx_drop(btf);
	}
	return libbpf_err(err);
}

/* ---- reading files ------------------------------------------------------ */

/*
 * Read all of path into a malloc()ed buffer; warns on failure. Sized from
 * fstat() where the file says (sysfs BTF does), grown by doubling where
 * it does not; never zeroed, every byte is read over.
 */
static int btf_read_file(const char *path, void **data, __u32 *size)
{
	size_t len = 0, cap;
	char *buf = NULL, *p;
	struct stat st;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("BTF: failed to open %s: %s\n", path, libbpf_errstr(err));
		return err;
	}
	/* one byte more than the size: the read that returns 0 ends it */
	cap = fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < UINT32_MAX ?
	      (size_t)st.st_size + 1 : 65536;
	for (;;) {
		if (len == cap || !buf) {
			if (buf)
				cap *= 2;
			p = realloc(buf, cap);
			if (!p) {
				err = -ENOMEM;
				break;
			}
			buf = p;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : 0;
			break;
		}
		len += n;
		if (len > UINT32_MAX) {
			err = -E2BIG;
			break;
		}
	}
	close(fd);
	if (err) {
		pr_warn("BTF: failed to read %s: %s\n", path, libbpf_errstr(err));
		free(buf);
		return err;
	}
	*data = buf;
	*size = len;
	return 0;
}

static bool btf_magic_ok(const void *data, __u32 size)
{
	__u16 magic;

	if (size < sizeof(magic))
		return false;
	memcpy(&magic, data, sizeof(magic));
	return magic == BTF_MAGIC || magic == bswap_16(BTF_MAGIC);
}

/* all n bytes at off, or false (an error or the end of the file first) */
static bool pread_all(int fd, void *dst, size_t n, off_t off)
{
	char *buf = dst;
	ssize_t r;

	while (n) {
		r = pread(fd, buf, n, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		buf += r;
		n -= r;
		off += r;
	}
	return true;
}

/*
 * A raw BTF file of known size: the header, then each section read
 * straight into the buffer the btf keeps, without the whole file read
 * and copied first (5 MB for a kernel's). NULL with *err 0 when the file
 * does not lend itself to that (not BTF, a short read): btf_parse_raw()
 * reads it whole then, with its messages.
 */
static struct btf *btf_parse_raw_fd(int fd, __u32 size, struct btf *base_btf, int *err)
{
	unsigned char raw[sizeof(struct btf_header)];
	struct btf_header hdr;
	void *types, *strs;
	struct btf *btf;

	*err = 0;
	if (size < sizeof(raw) || !pread_all(fd, raw, sizeof(raw), 0) ||
	    !btf_magic_ok(raw, sizeof(raw)))
		return NULL;
	btf = btf_alloc(base_btf);
	if (!btf) {
		pr_warn("BTF: out of memory parsing %u bytes\n", size);
		*err = -ENOMEM;
		return NULL;
	}
	btf->swapped = false;
	*err = btf_parse_hdr(btf, &hdr, raw, size);
	if (*err) {
		btf__free(btf);
		return NULL;
	}
	types = malloc(hdr.type_len ?: 1);
	strs = malloc(hdr.str_len ?: 1);
	if (!types || !strs ||
	    !pread_all(fd, types, hdr.type_len, (off_t)hdr.hdr_len + hdr.type_off) ||
	    !pread_all(fd, strs, hdr.str_len, (off_t)hdr.hdr_len + hdr.str_off)) {
		*err = types && strs ? 0 : -ENOMEM;
		if (*err)
			pr_warn("BTF: out of memory parsing %u bytes\n", size);
		free(types);
		free(strs);
		btf__free(btf);
		return NULL;
	}
	btf = btf_new_sections(btf, &hdr, types, strs, true, size);
	if (!btf)
		*err = -errno;
	return btf;
}

static struct btf *btf_parse_raw(const char *path, struct btf *base_btf)
{
	struct btf *btf;
	void *data = NULL;
	__u32 size = 0;
	struct stat st;
	int err, fd;

	/* as libbpf, where open(NULL) fails with EFAULT */
	if (!path)
		return libbpf_err_ptr(-EFAULT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0 && st.st_size <= UINT32_MAX) {
		btf = btf_parse_raw_fd(fd, st.st_size, base_btf, &err);
		close(fd);
		if (btf)
			return btf;
		if (err) {
			pr_debug("BTF: failed to parse %s\n", path);
			return libbpf_err_ptr(err);
		}
	} else if (fd >= 0) {
		close(fd);
	}
	err = btf_read_file(path, &data, &size);
	if (err)
		return libbpf_err_ptr(err);
	if (!btf_magic_ok(data, size)) {
		pr_warn("BTF: %s is not raw BTF (bad magic)\n", path);
		free(data);
		return libbpf_err_ptr(-EPROTO);
	}
	btf = btf_new(data, size, base_btf);
	err = btf ? 0 : -errno;
	free(data);
	if (err) {
		pr_debug("BTF: failed to parse %s\n", path);
		return libbpf_err_ptr(err);
	}
	return btf;
}

struct btf *btf__parse_raw(const char *path)
{
	return btf_parse_raw(path, NULL);
}

struct btf *btf__parse_raw_split(const char *path, struct btf *base_btf)
{
	return btf_parse_raw(path, base_btf);
}

/* section data by name; NULL when absent; warns and sets *err when bad */
static Elf_Data *elf_sec_data(Elf *elf, size_t shstrndx, const char *path,
			      const char *sec_name, int *err)
{
	Elf_Scn *scn = NULL;
	Elf_Data *data;
	GElf_Shdr sh;
	const char *name;

	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name || strcmp(name, sec_name))
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || !data->d_buf || data->d_size > UINT32_MAX) {
			pr_warn("BTF: %s: cannot read section %s: %s\n", path,
				sec_name, data ? "no data or too large" : elf_errmsg(-1));
			*err = -LIBBPF_ERRNO__FORMAT;
			return NULL;
		}
		return data;
	}
	return NULL;
}

/*
 * .BTF of an ELF file. With a .BTF.base (kernel modules built out of tree
 * carry their distilled base there) it is split BTF on that base, which
 * it owns, and then relocated onto base_btf when one is given.
 */
static struct btf *btf_from_elf_secs(const char *path, Elf_Data *btf_data,
				     Elf_Data *base_data, struct btf *base_btf)
{
	struct btf *dist, *btf;
	int err;

	if (!base_data)
		return btf_new(btf_data->d_buf, btf_data->d_size, base_btf);
	dist = btf_new(base_data->d_buf, base_data->d_size, NULL);
	if (!dist) {
		err = -errno;
		pr_warn("BTF: %s: bad %s section\n", path, BTF_BASE_ELF_SEC);
		return libbpf_err_ptr(err);
	}
	btf = btf_new(btf_data->d_buf, btf_data->d_size, dist);
	if (!btf) {
		err = -errno;
		btf__free(dist);
		return libbpf_err_ptr(err);
	}
	btf->owns_base = true;
	if (!base_btf)
		return btf;
	err = btf__relocate(btf, base_btf);
	if (err) {
		pr_warn("BTF: %s: cannot relocate %s from %s onto the given base: %s\n",
			path, BTF_ELF_SEC, BTF_BASE_ELF_SEC, libbpf_errstr(err));
		btf__free(btf);
		return libbpf_err_ptr(err);
	}
	return btf;
}

static struct btf *btf_from_elf(Elf *elf, const char *path, struct btf *base_btf,
				struct btf_ext **btf_ext)
{
	Elf_Data *btf_data, *ext_data, *base_data;
	struct btf *btf;
	size_t shstrndx;
	int err = 0;

	if (elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		pr_warn("BTF: %s is not a valid ELF file: %s\n", path, elf_errmsg(-1));
		return libbpf_err_ptr(-LIBBPF_ERRNO__FORMAT);
	}
	btf_data = elf_sec_data(elf, shstrndx, path, BTF_ELF_SEC, &err);
	ext_data = err ? NULL : elf_sec_data(elf, shstrndx, path, BTF_EXT_ELF_SEC, &err);
	base_data = err ? NULL : elf_sec_data(elf, shstrndx, path, BTF_BASE_ELF_SEC, &err);
	if (err)
		return libbpf_err_ptr(err);
	if (!btf_data) {
		pr_warn("BTF: %s has no %s section\n", path, BTF_ELF_SEC);
		return libbpf_err_ptr(-ENODATA);
	}
	btf = btf_from_elf_secs(path, btf_data, base_data, base_btf);
	if (!btf) {
		pr_debug("BTF: failed to parse %s of %s\n", BTF_ELF_SEC, path);
		return NULL;
	}
	if (gelf_getclass(elf) == ELFCLASS32)
		btf->ptr_sz = 4;
	else if (gelf_getclass(elf) == ELFCLASS64)
		btf->ptr_sz = 8;
	if (btf_ext && ext_data) {
		*btf_ext = btf_ext_parse(ext_data->d_buf, ext_data->d_size, btf);
		if (!*btf_ext) {
			err = -errno;
			pr_debug("BTF: failed to parse %s of %s\n", BTF_EXT_ELF_SEC, path);
			btf__free(btf);
			return libbpf_err_ptr(err);
		}
	}
	return btf;
}

static struct btf *btf_parse_elf(const char *path, struct btf *base_btf,
				 struct btf_ext **btf_ext)
{
	struct btf *btf;
	Elf *elf;
	int fd, err;

	if (btf_ext)
		*btf_ext = NULL;
	if (!path)
		return libbpf_err_ptr(-EFAULT);
	if (elf_version(EV_CURRENT) == EV_NONE) {
		pr_warn("BTF: libelf initialization failed: %s\n", elf_errmsg(-1));
		return libbpf_err_ptr(-LIBBPF_ERRNO__LIBELF);
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("BTF: failed to open %s: %s\n", path, libbpf_errstr(err));
		return libbpf_err_ptr(err);
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		pr_warn("BTF: failed to read ELF file %s: %s\n", path, elf_errmsg(-1));
		close(fd);
		return libbpf_err_ptr(-LIBBPF_ERRNO__LIBELF);
	}
	btf = btf_from_elf(elf, path, base_btf, btf_ext);
	err = btf ? 0 : -errno;
	elf_end(elf);
	close(fd);
	return btf ? btf : libbpf_err_ptr(err);
}

struct btf *btf__parse_elf(const char *path, struct btf_ext **btf_ext)
{
	return btf_parse_elf(path, NULL, btf_ext);
}

struct btf *btf__parse_elf_split(const char *path, struct btf *base_btf)
{
	return btf_parse_elf(path, base_btf, NULL);
}

/* raw BTF or ELF, told apart by the first bytes of the file */
static struct btf *btf_parse(const char *path, struct btf *base_btf,
			     struct btf_ext **btf_ext)
{
	char magic[SELFMAG];
	ssize_t n;
	int fd, err;

	if (btf_ext)
		*btf_ext = NULL;
	if (!path)
		return libbpf_err_ptr(-EFAULT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("BTF: failed to open %s: %s\n", path, libbpf_errstr(err));
		return libbpf_err_ptr(err);
	}
	do
		n = read(fd, magic, sizeof(magic));
	while (n < 0 && errno == EINTR);
	err = -errno;
	close(fd);
	if (n < 0) {
		/* not knowing the format, an ELF file would be taken for raw BTF */
		pr_warn("BTF: failed to read %s: %s\n", path, libbpf_errstr(err));
		return libbpf_err_ptr(err);
	}
	if (n == SELFMAG && !memcmp(magic, ELFMAG, SELFMAG))
		return btf_parse_elf(path, base_btf, btf_ext);
	return btf_parse_raw(path, base_btf);
}

struct btf *btf__parse(const char *path, struct btf_ext **btf_ext)
{
	return btf_parse(path, NULL, btf_ext);
}

struct btf *btf__parse_split(const char *path, struct btf *base_btf)
{
	return btf_parse(path, base_btf, NULL);
}

/* ---- the kernel --------------------------------------------------------- */

#define BTF_LOG_MIN_SIZE (64 * 1024)
#define BTF_LOG_MAX_SIZE (16 * 1024 * 1024)

/* the last two non-empty lines of a kernel log, joined on one line */
static void btf_log_tail(char *log, char *out, size_t out_sz)
{
	char *lines[2] = { NULL, NULL };
	char *p = log, *nl;

	while (*p) {
		nl = strchrnul(p, '\n');
		if (nl != p) {
			lines[0] = lines[1];
			lines[1] = p;
		}
		if (!*nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	if (!lines[1])
		snprintf(out, out_sz, "(empty)");
	else if (!lines[0])
		snprintf(out, out_sz, "%s", lines[1]);
	else
		snprintf(out, out_sz, "%s | %s", lines[0], lines[1]);
}

/* load raw host-order BTF; on failure, a log tells the user why */
static int btf_load_raw(const void *raw, __u32 size)
{
	LIBBPF_OPTS(bpf_btf_load_opts, opts);
	__u32 log_sz = BTF_LOG_MIN_SIZE;
	char *log = NULL, *p, tail[512];
	int fd;

	for (;;) {
		p = realloc(log, log_sz);
		if (!p) {
			/* still worth a try, without the log */
			fd = bpf_btf_load(raw, size, NULL);
			if (fd < 0)
				pr_warn("BTF: failed to load into the kernel: %s\n",
					libbpf_errstr(fd));
			break;
		}
		log = p;
		log[0] = '\0';
		opts.log_buf = log;
		opts.log_size = log_sz;
		opts.log_level = 0;	/* a log only when the load fails */
		fd = bpf_btf_load(raw, size, &opts);
		if (fd >= 0)
			break;
		if (fd == -ENOSPC && log_sz < BTF_LOG_MAX_SIZE) {
			log_sz *= 4;
			continue;
		}
		btf_log_tail(log, tail, sizeof(tail));
		pr_warn("BTF: failed to load into the kernel: %s; kernel log ends: %s\n",
			libbpf_errstr(fd), tail);
		break;
	}
	free(log);
	return fd;
}

int btf__load_into_kernel(struct btf *btf)
{
	const void *raw;
	bool swapped;
	__u32 size;
	int fd;

	if (!btf)
		return libbpf_err(-EINVAL);
	swapped = btf->swapped;
	if (btf->fd >= 0) {
		pr_warn("BTF: already loaded into the kernel (fd %d)\n", btf->fd);
		return libbpf_err(-EEXIST);
	}
	/* the kernel takes host byte order only */
	btf->swapped = false;
	raw = btf__raw_data(btf, &size);
	btf->swapped = swapped;
	if (!raw) {
		fd = -errno;
		pr_warn("BTF: cannot serialize for loading: %s\n", libbpf_errstr(fd));
		return libbpf_err(fd);
	}
	fd = btf_load_raw(raw, size);
	if (fd < 0)
		return libbpf_err(fd);
	btf->fd = fd;
	return 0;
}

struct btf *libbpf_find_kernel_btf(void)
{
	return btf__load_vmlinux_btf();
}

struct btf *btf__load_vmlinux_btf(void)
{
	/* %1$s is the kernel release */
	static const char *const locations[] = {
		"/sys/kernel/btf/vmlinux",
		"/boot/vmlinux-%1$s",
		"/lib/modules/%1$s/vmlinux-%1$s",
		"/lib/modules/%1$s/build/vmlinux",
		"/usr/lib/modules/%1$s/kernel/vmlinux",
		"/usr/lib/debug/boot/vmlinux-%1$s",
		"/usr/lib/debug/boot/vmlinux-%1$s.debug",
		"/usr/lib/debug/lib/modules/%1$s/vmlinux",
	};
	char path[PATH_MAX];
	struct utsname uts;
	struct btf *btf;
	size_t i;
	int err = -ESRCH;

	if (uname(&uts))
		uts.release[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(locations); i++) {
		snprintf(path, sizeof(path), locations[i], uts.release);
		if (access(path, R_OK))
			continue;
		btf = btf_parse(path, NULL, NULL);
		if (btf) {
			pr_debug("BTF: loaded vmlinux BTF from %s\n", path);
			return btf;
		}
		err = -errno;
	}
	if (err == -ESRCH)
		pr_warn("BTF: no vmlinux BTF: neither /sys/kernel/btf/vmlinux nor a vmlinux image for %s is readable\n",
			uts.release);
	return libbpf_err_ptr(err);
}

struct btf *btf__load_module_btf(const char *module_name, struct btf *vmlinux_btf)
{
	char path[PATH_MAX];

	if (!module_name || !module_name[0] || strchr(module_name, '/') ||
	    !strcmp(module_name, "..")) {
		pr_warn("BTF: invalid kernel module name '%s'\n", module_name ?: "(null)");
		return libbpf_err_ptr(-EINVAL);
	}
	if (!vmlinux_btf) {
		/* module BTF is split BTF: its ids and strings follow vmlinux's */
		pr_warn("BTF: module '%s': vmlinux BTF is needed as the base\n", module_name);
		return libbpf_err_ptr(-EINVAL);
	}
	snprintf(path, sizeof(path), "/sys/kernel/btf/%s", module_name);
	return btf_parse_raw(path, vmlinux_btf);
}

/* fetch the raw BTF of a kernel BTF object; warns on failure */
static int btf_fetch_from_fd(int fd, __u32 id, void **data, __u32 *size)
{
	struct bpf_btf_info info;
	__u32 len, buf_sz = 0;
	void *buf = NULL, *p;
	int err, tries;

	for (tries = 0; tries < 4; tries++) {
		memset(&info, 0, sizeof(info));
		info.btf = (__u64)(uintptr_t)buf;
		info.btf_size = buf_sz;
		len = sizeof(info);
		err = bpf_btf_get_info_by_fd(fd, &info, &len);
		if (err) {
			pr_warn("BTF: cannot read kernel BTF id %u: %s\n", id,
				libbpf_errstr(err));
			goto err_out;
		}
		if (buf && info.btf_size <= buf_sz) {
			*data = buf;
			*size = info.btf_size;
			return 0;
		}
		/* the first call only asks for the size */
		buf_sz = info.btf_size;
		p = realloc(buf, buf_sz ?: 1);
		if (!p) {
			err = -ENOMEM;
			pr_warn("BTF: no memory for %u bytes of kernel BTF id %u\n",
				buf_sz, id);
			goto err_out;
		}
		buf = p;
	}
	err = -EAGAIN;
	pr_warn("BTF: kernel BTF id %u keeps changing size: %s\n", id,
		libbpf_errstr(err));
err_out:
	free(buf);
	return err;
}

struct btf *btf__load_from_kernel_by_id_split(__u32 id, struct btf *base_btf)
{
	struct btf *btf;
	void *data = NULL;
	__u32 size = 0;
	int fd, err;

	fd = bpf_btf_get_fd_by_id(id);
	if (fd < 0) {
		pr_warn("BTF: cannot open kernel BTF id %u: %s\n", id, libbpf_errstr(fd));
		return libbpf_err_ptr(fd);
	}
	err = btf_fetch_from_fd(fd, id, &data, &size);
	close(fd);
	if (err)
		return libbpf_err_ptr(err);
	btf = btf_new(data, size, base_btf);
	err = btf ? 0 : -errno;
	free(data);
	return btf ?: libbpf_err_ptr(err);
}

struct btf *btf__load_from_kernel_by_id(__u32 id)
{
	return btf__load_from_kernel_by_id_split(id, NULL);
}
