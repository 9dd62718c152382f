/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * BPF Type Format: parse, query, build and write back BTF, and the
 * .BTF.ext section that goes with it in BPF object files.
 */
#ifndef __LIBBPF_BTF_H
#define __LIBBPF_BTF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/btf.h>
#include <linux/types.h>

#include "libbpf_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BTF_ELF_SEC ".BTF"
#define BTF_EXT_ELF_SEC ".BTF.ext"
#define BTF_BASE_ELF_SEC ".BTF.base"
#define MAPS_ELF_SEC ".maps"

struct btf;
struct btf_ext;
struct btf_type;
struct bpf_object;

enum btf_endianness {
	BTF_LITTLE_ENDIAN = 0,
	BTF_BIG_ENDIAN = 1,
};

/* Free a BTF object and close its kernel fd, if it has one. NULL is fine. */
LIBBPF_API void btf__free(struct btf *btf);

/*
 * Create BTF from raw data (header, types, strings) of either byte order.
 * The data is copied. Returns NULL with errno set on malformed input.
 */
LIBBPF_API struct btf *btf__new(const void *data, __u32 size);
/* Same, for split BTF on top of base_btf (type ids and string offsets go on
 * after the base's). base_btf must outlive the result. */
LIBBPF_API struct btf *btf__new_split(const void *data, __u32 size,
				      struct btf *base_btf);
/* Empty BTF to build types in with the btf__add_*() API. */
LIBBPF_API struct btf *btf__new_empty(void);
LIBBPF_API struct btf *btf__new_empty_split(struct btf *base_btf);

/* Raw BTF file or ELF file with a .BTF section (and maybe .BTF.ext). */
LIBBPF_API struct btf *btf__parse(const char *path, struct btf_ext **btf_ext);
LIBBPF_API struct btf *btf__parse_split(const char *path, struct btf *base_btf);
LIBBPF_API struct btf *btf__parse_elf(const char *path, struct btf_ext **btf_ext);
LIBBPF_API struct btf *btf__parse_elf_split(const char *path, struct btf *base_btf);
LIBBPF_API struct btf *btf__parse_raw(const char *path);
LIBBPF_API struct btf *btf__parse_raw_split(const char *path, struct btf *base_btf);

/* The running kernel's BTF (/sys/kernel/btf/vmlinux or a vmlinux image). */
LIBBPF_API struct btf *btf__load_vmlinux_btf(void);
/* the name libbpf 0.0.7 gave btf__load_vmlinux_btf() */
LIBBPF_API struct btf *libbpf_find_kernel_btf(void);
/* A kernel module's BTF, split on top of vmlinux_btf. */
LIBBPF_API struct btf *btf__load_module_btf(const char *module_name,
					    struct btf *vmlinux_btf);

/* BTF object already in the kernel, by its id. */
LIBBPF_API struct btf *btf__load_from_kernel_by_id(__u32 id);
LIBBPF_API struct btf *btf__load_from_kernel_by_id_split(__u32 id,
							 struct btf *base_btf);

/* Load into the kernel; on success btf__fd() gives the fd. */
LIBBPF_API int btf__load_into_kernel(struct btf *btf);

LIBBPF_API __s32 btf__find_by_name(const struct btf *btf, const char *type_name);
LIBBPF_API __s32 btf__find_by_name_kind(const struct btf *btf,
					const char *type_name, __u32 kind);
/* Number of type ids, void (id 0) and base types included. */
LIBBPF_API __u32 btf__type_cnt(const struct btf *btf);
LIBBPF_API const struct btf *btf__base_btf(const struct btf *btf);
LIBBPF_API const struct btf_type *btf__type_by_id(const struct btf *btf,
						  __u32 id);
LIBBPF_API size_t btf__pointer_size(const struct btf *btf);
LIBBPF_API int btf__set_pointer_size(struct btf *btf, size_t ptr_sz);
LIBBPF_API enum btf_endianness btf__endianness(const struct btf *btf);
LIBBPF_API int btf__set_endianness(struct btf *btf, enum btf_endianness endian);
LIBBPF_API __s64 btf__resolve_size(const struct btf *btf, __u32 type_id);
LIBBPF_API int btf__resolve_type(const struct btf *btf, __u32 type_id);
LIBBPF_API int btf__align_of(const struct btf *btf, __u32 id);
LIBBPF_API int btf__fd(const struct btf *btf);
/* The BTF object takes ownership of fd: btf__free() closes it. */
LIBBPF_API void btf__set_fd(struct btf *btf, int fd);
/* Serialized BTF in its byte order; valid until the BTF changes. */
LIBBPF_API const void *btf__raw_data(const struct btf *btf, __u32 *size);
LIBBPF_API const char *btf__name_by_offset(const struct btf *btf, __u32 offset);
LIBBPF_API const char *btf__str_by_offset(const struct btf *btf, __u32 offset);

LIBBPF_API struct btf_ext *btf_ext__new(const __u8 *data, __u32 size);
LIBBPF_API void btf_ext__free(struct btf_ext *btf_ext);
LIBBPF_API const void *btf_ext__raw_data(const struct btf_ext *btf_ext,
					 __u32 *size);
/*
 * The byte order btf_ext__raw_data() writes: the one the data was parsed
 * in, until btf_ext__set_endianness() chooses another. The records are
 * always read in host order.
 */
LIBBPF_API enum btf_endianness btf_ext__endianness(const struct btf_ext *btf_ext);
LIBBPF_API int btf_ext__set_endianness(struct btf_ext *btf_ext,
				       enum btf_endianness endian);

LIBBPF_DEPRECATED("use btf__raw_data() instead")
LIBBPF_API const void *btf__get_raw_data(const struct btf *btf, __u32 *size);
LIBBPF_DEPRECATED("use btf_ext__raw_data() instead")
LIBBPF_API const void *btf_ext__get_raw_data(const struct btf_ext *btf_ext,
					     __u32 *size);

/* ---- building BTF -------------------------------------------------------
 * Every btf__add_*() returns the new type id (or string offset) or a
 * negative errno. Referenced type ids are not required to exist yet.
 */
LIBBPF_API int btf__find_str(struct btf *btf, const char *s);
LIBBPF_API int btf__add_str(struct btf *btf, const char *s);
/* Copy one type from src_btf; its strings are copied, its type ids kept. */
LIBBPF_API int btf__add_type(struct btf *btf, const struct btf *src_btf,
			     const struct btf_type *src_type);
/* Append every type of src_btf with type ids shifted; returns first new id. */
LIBBPF_API int btf__add_btf(struct btf *btf, const struct btf *src_btf);

LIBBPF_API int btf__add_int(struct btf *btf, const char *name, size_t byte_sz,
			    int encoding);
LIBBPF_API int btf__add_float(struct btf *btf, const char *name, size_t byte_sz);
LIBBPF_API int btf__add_ptr(struct btf *btf, int ref_type_id);
LIBBPF_API int btf__add_array(struct btf *btf, int index_type_id,
			      int elem_type_id, __u32 nr_elems);
/* struct/union: members follow with btf__add_field() */
LIBBPF_API int btf__add_struct(struct btf *btf, const char *name, __u32 sz);
LIBBPF_API int btf__add_union(struct btf *btf, const char *name, __u32 sz);
LIBBPF_API int btf__add_field(struct btf *btf, const char *name, int field_type_id,
			      __u32 bit_offset, __u32 bit_size);

/* enum: values follow with btf__add_enum_value() */
LIBBPF_API int btf__add_enum(struct btf *btf, const char *name, __u32 bytes_sz);
LIBBPF_API int btf__add_enum_value(struct btf *btf, const char *name, __s64 value);
/* enum64: values follow with btf__add_enum64_value() */
LIBBPF_API int btf__add_enum64(struct btf *btf, const char *name, __u32 bytes_sz,
			       bool is_signed);
LIBBPF_API int btf__add_enum64_value(struct btf *btf, const char *name,
				     __u64 value);

enum btf_fwd_kind {
	BTF_FWD_STRUCT = 0,
	BTF_FWD_UNION = 1,
	BTF_FWD_ENUM = 2,
};

LIBBPF_API int btf__add_fwd(struct btf *btf, const char *name,
			    enum btf_fwd_kind fwd_kind);
LIBBPF_API int btf__add_typedef(struct btf *btf, const char *name, int ref_type_id);
LIBBPF_API int btf__add_volatile(struct btf *btf, int ref_type_id);
LIBBPF_API int btf__add_const(struct btf *btf, int ref_type_id);
LIBBPF_API int btf__add_restrict(struct btf *btf, int ref_type_id);
LIBBPF_API int btf__add_type_tag(struct btf *btf, const char *value, int ref_type_id);
/* a type tag with kind_flag set: value is __attribute__((value)) */
LIBBPF_API int btf__add_type_attr(struct btf *btf, const char *value, int ref_type_id);

/* func and func_proto; parameters follow with btf__add_func_param() */
LIBBPF_API int btf__add_func(struct btf *btf, const char *name,
			     enum btf_func_linkage linkage, int proto_type_id);
LIBBPF_API int btf__add_func_proto(struct btf *btf, int ret_type_id);
LIBBPF_API int btf__add_func_param(struct btf *btf, const char *name, int type_id);

/* var and datasec; variables follow with btf__add_datasec_var_info() */
LIBBPF_API int btf__add_var(struct btf *btf, const char *name, int linkage,
			    int type_id);
LIBBPF_API int btf__add_datasec(struct btf *btf, const char *name, __u32 byte_sz);
LIBBPF_API int btf__add_datasec_var_info(struct btf *btf, int var_type_id,
					 __u32 offset, __u32 byte_sz);

/* tag: component_idx -1 tags the type itself, >= 0 a member or argument */
LIBBPF_API int btf__add_decl_tag(struct btf *btf, const char *value,
				 int ref_type_id, int component_idx);
/* a decl tag with kind_flag set: value is __attribute__((value)) */
LIBBPF_API int btf__add_decl_attr(struct btf *btf, const char *value,
				  int ref_type_id, int component_idx);

/*
 * Give btf's own types new ids in place: id_map[i] is the new id of own
 * type i, counted from id 0 for base BTF (id_map[0], void, must be 0;
 * id_map_cnt is btf__type_cnt(btf)) and from the first own type for split
 * BTF (id_map_cnt is the number of own types). Every reference is
 * rewritten, also in opts->btf_ext. -EINVAL for a map that is not a
 * permutation of the own ids; on error nothing changes.
 */
struct btf_permute_opts {
	size_t sz;
	struct btf_ext *btf_ext;	/* .BTF.ext whose type ids follow */
	size_t :0;
};
#define btf_permute_opts__last_field btf_ext

LIBBPF_API int btf__permute(struct btf *btf, __u32 *id_map, __u32 id_map_cnt,
			    const struct btf_permute_opts *opts);

/* ---- distilled base BTF and relocation (btf_relocate.c) -----------------
 * btf__distill_base() splits the split BTF src_btf anew: *new_base_btf gets
 * a minimal description of the base types src_btf uses (named int and
 * float in full; named struct, union, enum and enum64 as name and size
 * without members or values; forward declarations), *new_split_btf, split
 * on it, the types of src_btf after every other base type they need
 * (anonymous types, typedefs, pointers, ...). Both must be freed by the
 * caller; on error neither is set.
 *
 * btf__relocate() moves split BTF btf from its (distilled) base onto
 * base_btf: each base type btf uses is matched in base_btf by name, kind
 * and size, btf's references are rewritten and base_btf becomes its base.
 * On error (no match, several matches) btf is left unchanged.
 */
LIBBPF_API int btf__distill_base(const struct btf *src_btf, struct btf **new_base_btf,
				 struct btf **new_split_btf);
LIBBPF_API int btf__relocate(struct btf *btf, const struct btf *base_btf);

/* ---- deduplication (btf_dedup.c) ----------------------------------------
 * Merge duplicate types (one per compilation unit, or per object added
 * with btf__add_btf()) into one each, resolve forward declarations to the
 * struct/union they declare where that is unambiguous, keep each
 * referenced string once and drop unreferenced ones. Type ids change;
 * btf_ext, when given, is updated to the new type ids and string offsets.
 * Split BTF is deduplicated against its base, which does not change.
 * Returns 0, or a negative errno (malformed BTF: -EINVAL) with btf and
 * btf_ext left as they were.
 */
struct btf_dedup_opts {
	size_t sz;
	/* optional .BTF.ext info to dedup along the main BTF info */
	struct btf_ext *btf_ext;
	/* force hash collisions (used for testing) */
	bool force_collisions;
	size_t :0;
};
#define btf_dedup_opts__last_field force_collisions

LIBBPF_API int btf__dedup(struct btf *btf, const struct btf_dedup_opts *opts);

/* ---- dumping types as C (btf_dump.c) -------------------------------------
 * A btf_dump prints through printf_fn(ctx, fmt, args). Each type is written
 * at most once per btf_dump, after the types it needs; see
 * Documentation/bpf/btf.rst.
 */
struct btf_dump;

struct btf_dump_opts {
	size_t sz;
};
#define btf_dump_opts__last_field sz

typedef void (*btf_dump_printf_fn_t)(void *ctx, const char *fmt, va_list args);

LIBBPF_API struct btf_dump *btf_dump__new(const struct btf *btf,
					  btf_dump_printf_fn_t printf_fn,
					  void *ctx,
					  const struct btf_dump_opts *opts);

LIBBPF_API void btf_dump__free(struct btf_dump *d);

/* C declaration of type id, preceded by those of the types it needs */
LIBBPF_API int btf_dump__dump_type(struct btf_dump *d, __u32 id);

struct btf_dump_emit_type_decl_opts {
	/* size of this struct, for forward/backward compatibility */
	size_t sz;
	/* the declared name, e.g. "x" in "char (*x)[4]"; NULL or "" for none */
	const char *field_name;
	/* tabs before the second and later lines of an inline definition */
	int indent_level;
	/* leave out const, volatile and restrict */
	bool strip_mods;
	size_t :0;
};
#define btf_dump_emit_type_decl_opts__last_field strip_mods

/* the declaration "type field_name" of type id, without a trailing ';' */
LIBBPF_API int
btf_dump__emit_type_decl(struct btf_dump *d, __u32 id,
			 const struct btf_dump_emit_type_decl_opts *opts);

struct btf_dump_type_data_opts {
	/* size of this struct, for forward/backward compatibility */
	size_t sz;
	const char *indent_str;	/* one level of indentation, default "\t" */
	int indent_level;
	/* like the "show" flags of bpf_snprintf_btf() */
	bool compact;		/* no newlines or indentation */
	bool skip_names;	/* no member or type names */
	bool emit_zeroes;	/* show members that are zero */
	size_t :0;
};
#define btf_dump_type_data_opts__last_field emit_zeroes

/*
 * The value at data (data_sz bytes) of type id as a C initializer. Returns
 * the number of bytes of data used, or -E2BIG when data_sz is too small.
 */
LIBBPF_API int
btf_dump__dump_type_data(struct btf_dump *d, __u32 id,
			 const void *data, size_t data_sz,
			 const struct btf_dump_type_data_opts *opts);

/* ---- accessors ---------------------------------------------------------- */

static inline __u16 btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline __u16 btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static inline bool btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info);
}

static inline bool btf_is_void(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_UNKN;
}

static inline bool btf_is_int(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_INT;
}

static inline bool btf_is_ptr(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_PTR;
}

static inline bool btf_is_array(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ARRAY;
}

static inline bool btf_is_struct(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_STRUCT;
}

static inline bool btf_is_union(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_UNION;
}

static inline bool btf_is_composite(const struct btf_type *t)
{
	__u16 kind = btf_kind(t);

	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION;
}

static inline bool btf_is_enum(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ENUM;
}

static inline bool btf_is_enum64(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ENUM64;
}

static inline bool btf_is_fwd(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FWD;
}

static inline bool btf_is_typedef(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_TYPEDEF;
}

static inline bool btf_is_volatile(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_VOLATILE;
}

static inline bool btf_is_const(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_CONST;
}

static inline bool btf_is_restrict(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_RESTRICT;
}

static inline bool btf_is_mod(const struct btf_type *t)
{
	__u16 kind = btf_kind(t);

	return kind == BTF_KIND_VOLATILE || kind == BTF_KIND_CONST ||
	       kind == BTF_KIND_RESTRICT || kind == BTF_KIND_TYPE_TAG;
}

static inline bool btf_is_func(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FUNC;
}

static inline bool btf_is_func_proto(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FUNC_PROTO;
}

static inline bool btf_is_var(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_VAR;
}

static inline bool btf_is_datasec(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_DATASEC;
}

static inline bool btf_is_float(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FLOAT;
}

static inline bool btf_is_decl_tag(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_DECL_TAG;
}

static inline bool btf_is_type_tag(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_TYPE_TAG;
}

static inline bool btf_is_any_enum(const struct btf_type *t)
{
	return btf_is_enum(t) || btf_is_enum64(t);
}

/* kinds that CO-RE treats as the same: equal kinds, or enum vs enum64 */
static inline bool btf_kind_core_compat(const struct btf_type *t1,
					const struct btf_type *t2)
{
	return btf_kind(t1) == btf_kind(t2) ||
	       (btf_is_any_enum(t1) && btf_is_any_enum(t2));
}

static inline __u8 btf_int_encoding(const struct btf_type *t)
{
	return BTF_INT_ENCODING(*(__u32 *)(t + 1));
}

static inline __u8 btf_int_offset(const struct btf_type *t)
{
	return BTF_INT_OFFSET(*(__u32 *)(t + 1));
}

static inline __u8 btf_int_bits(const struct btf_type *t)
{
	return BTF_INT_BITS(*(__u32 *)(t + 1));
}

static inline struct btf_array *btf_array(const struct btf_type *t)
{
	return (struct btf_array *)(t + 1);
}

static inline struct btf_enum *btf_enum(const struct btf_type *t)
{
	return (struct btf_enum *)(t + 1);
}

static inline struct btf_enum64 *btf_enum64(const struct btf_type *t)
{
	return (struct btf_enum64 *)(t + 1);
}

static inline __u64 btf_enum64_value(const struct btf_enum64 *e)
{
	return ((__u64)e->val_hi32 << 32) | e->val_lo32;
}

static inline struct btf_member *btf_members(const struct btf_type *t)
{
	return (struct btf_member *)(t + 1);
}

/* bit offset of member member_idx, whatever the struct's kind_flag */
static inline __u32 btf_member_bit_offset(const struct btf_type *t,
					  __u32 member_idx)
{
	const struct btf_member *m = btf_members(t) + member_idx;

	return btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
}

/* bitfield size of member member_idx, 0 when it is not a bitfield */
static inline __u32 btf_member_bitfield_size(const struct btf_type *t,
					     __u32 member_idx)
{
	const struct btf_member *m = btf_members(t) + member_idx;

	return btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
}

static inline struct btf_param *btf_params(const struct btf_type *t)
{
	return (struct btf_param *)(t + 1);
}

static inline struct btf_var *btf_var(const struct btf_type *t)
{
	return (struct btf_var *)(t + 1);
}

static inline struct btf_var_secinfo *btf_var_secinfos(const struct btf_type *t)
{
	return (struct btf_var_secinfo *)(t + 1);
}

struct btf_decl_tag;
static inline struct btf_decl_tag *btf_decl_tag(const struct btf_type *t)
{
	return (struct btf_decl_tag *)(t + 1);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* __LIBBPF_BTF_H */
