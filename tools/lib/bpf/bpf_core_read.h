/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * CO-RE (compile once, run everywhere) accessors for BPF programs.
 *
 * clang records every field access, type and enum query made through the
 * __builtin_preserve_*() builtins as a relocation in .BTF.ext; the loader
 * resolves each against the running kernel's BTF and patches the offset,
 * size or constant into the instruction. Nothing here works without clang
 * and -g (BTF).
 */
#ifndef __BPF_CORE_READ_H__
#define __BPF_CORE_READ_H__

/* Second argument of __builtin_preserve_field_info(): the values are
 * shared with clang and the loader and must not change. */
enum bpf_field_info_kind {
	BPF_FIELD_BYTE_OFFSET = 0,	/* offset of the field's container */
	BPF_FIELD_BYTE_SIZE = 1,	/* size of the field's container */
	BPF_FIELD_EXISTS = 2,		/* 1 if the kernel has the field */
	BPF_FIELD_SIGNED = 3,		/* 1 if the field is signed */
	BPF_FIELD_LSHIFT_U64 = 4,	/* bitfield extraction shifts, see */
	BPF_FIELD_RSHIFT_U64 = 5,	/* BPF_CORE_READ_BITFIELD() */
};

/* Second argument of __builtin_btf_type_id() */
enum bpf_type_id_kind {
	BPF_TYPE_ID_LOCAL = 0,		/* id in the program's own BTF */
	BPF_TYPE_ID_TARGET = 1,		/* id in the kernel's BTF */
};

/* Second argument of __builtin_preserve_type_info() */
enum bpf_type_info_kind {
	BPF_TYPE_EXISTS = 0,		/* 1 if the kernel has the type */
	BPF_TYPE_SIZE = 1,		/* its size in the kernel */
	BPF_TYPE_MATCHES = 2,		/* 1 if the kernel's type matches */
};

/* Second argument of __builtin_preserve_enum_value() */
enum bpf_enum_value_kind {
	BPF_ENUMVAL_EXISTS = 0,		/* 1 if the kernel has the enumerator */
	BPF_ENUMVAL_VALUE = 1,		/* its value in the kernel */
};

/* Argument counting and pasting private to this header (up to 10). */
#define ___core_concat(a, b) a ## b
#define ___core_apply(fn, n) ___core_concat(fn, n)
#define ___core_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, N, ...) N
#define ___core_narg(...) \
	___core_nth(_, ##__VA_ARGS__, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)

#define __CORE_RELO(src, field, info)					\
	__builtin_preserve_field_info((src)->field, BPF_FIELD_##info)

/*
 * Bitfields: the loader supplies the container's offset and size and two
 * shifts for the container value held in a 64-bit integer: left by
 * LSHIFT_U64 puts the field's top bit at bit 63, then right by
 * RSHIFT_U64 (64 - field width), arithmetic for signed fields, brings
 * the field down to bit 0.
 */
#define ___core_bitfield_extract(s, field, val)				\
	({								\
		unsigned long long ___v = (val);			\
									\
		___v <<= __CORE_RELO(s, field, LSHIFT_U64);		\
		if (__CORE_RELO(s, field, SIGNED))			\
			___v = (unsigned long long)((long long)___v >>	\
				__CORE_RELO(s, field, RSHIFT_U64));	\
		else							\
			___v >>= __CORE_RELO(s, field, RSHIFT_U64);	\
		___v;							\
	})

/* A container of n bytes read into the low-order end of a u64: the last
 * bytes of it on big-endian targets. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define ___core_bitfield_dst(p, n) ((void *)(p) + (8 - (n)))
#else
#define ___core_bitfield_dst(p, n) ((void *)(p))
#endif

/*
 * Read a bitfield through bpf_probe_read_kernel(): for programs whose
 * context fields cannot be dereferenced directly (kprobes). Yields the
 * value as u64 (sign-extended for signed fields).
 */
#define BPF_CORE_READ_BITFIELD_PROBED(s, field)				\
	({								\
		unsigned long long ___raw = 0;				\
		unsigned int ___n = __CORE_RELO(s, field, BYTE_SIZE);	\
									\
		bpf_probe_read_kernel(___core_bitfield_dst(&___raw, ___n), \
				      ___n, (const void *)(s) +		\
				      __CORE_RELO(s, field, BYTE_OFFSET)); \
		___core_bitfield_extract(s, field, ___raw);		\
	})

/*
 * Read a bitfield by direct memory load: for BTF-typed pointers the
 * verifier lets the program dereference (tp_btf, fentry, iterators...).
 * The asm hides the pointer's provenance so clang keeps the relocated
 * offset and size as they are.
 */
#define BPF_CORE_READ_BITFIELD(s, field)				\
	({								\
		const void *___p = (const void *)(s) +			\
				   __CORE_RELO(s, field, BYTE_OFFSET);	\
		unsigned long long ___raw;				\
									\
		asm volatile("" : "+r"(___p));				\
		switch (__CORE_RELO(s, field, BYTE_SIZE)) {		\
		case 1: ___raw = *(const unsigned char *)___p; break;	\
		case 2: ___raw = *(const unsigned short *)___p; break;	\
		case 4: ___raw = *(const unsigned int *)___p; break;	\
		case 8: ___raw = *(const unsigned long long *)___p; break; \
		default: ___raw = 0; break;				\
		}							\
		___core_bitfield_extract(s, field, ___raw);		\
	})

/* Store new_val into a bitfield of a directly writable object. */
#define BPF_CORE_WRITE_BITFIELD(s, field, new_val)			\
	({								\
		void *___p = (void *)(s) +				\
			     __CORE_RELO(s, field, BYTE_OFFSET);	\
		unsigned int ___n = __CORE_RELO(s, field, BYTE_SIZE);	\
		unsigned int ___ls = __CORE_RELO(s, field, LSHIFT_U64);	\
		unsigned int ___rs = __CORE_RELO(s, field, RSHIFT_U64);	\
		unsigned long long ___mask, ___old = 0;			\
		unsigned long long ___new = (new_val);			\
									\
		asm volatile("" : "+r"(___p));				\
		switch (___n) {						\
		case 1: ___old = *(unsigned char *)___p; break;		\
		case 2: ___old = *(unsigned short *)___p; break;	\
		case 4: ___old = *(unsigned int *)___p; break;		\
		case 8: ___old = *(unsigned long long *)___p; break;	\
		}							\
		/* the field's bits within the container value */	\
		___mask = (~0ULL << ___rs) >> ___ls;			\
		___old = (___old & ~___mask) |				\
			 ((___new << (___rs - ___ls)) & ___mask);	\
		switch (___n) {						\
		case 1: *(unsigned char *)___p = ___old; break;		\
		case 2: *(unsigned short *)___p = ___old; break;	\
		case 4: *(unsigned int *)___p = ___old; break;		\
		case 8: *(unsigned long long *)___p = ___old; break;	\
		}							\
	})

/*
 * Field queries take either an access expression or a type and a field:
 *   bpf_core_field_exists(p->field)
 *   bpf_core_field_exists(struct task_struct, field)
 */
#define ___bpf_field_ref1(field) (field)
#define ___bpf_field_ref2(type, field) (((__typeof__(type) *)0)->field)
#define ___bpf_field_ref(args...)					\
	___core_apply(___bpf_field_ref, ___core_narg(args))(args)

/* 1 if the running kernel has the field, else 0 */
#define bpf_core_field_exists(field...)					\
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_EXISTS)

/* the field's size in the running kernel (its container for bitfields) */
#define bpf_core_field_size(field...)					\
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_BYTE_SIZE)

/* the field's byte offset in the running kernel */
#define bpf_core_field_offset(field...)					\
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_BYTE_OFFSET)

/* BTF type id of type in the program's BTF, and in the kernel's BTF */
#define bpf_core_type_id_local(type)					\
	__builtin_btf_type_id(*(__typeof__(type) *)0, BPF_TYPE_ID_LOCAL)
#define bpf_core_type_id_kernel(type)					\
	__builtin_btf_type_id(*(__typeof__(type) *)0, BPF_TYPE_ID_TARGET)

/* 1 if the kernel has a compatible type of this name and kind */
#define bpf_core_type_exists(type)					\
	__builtin_preserve_type_info(*(__typeof__(type) *)0, BPF_TYPE_EXISTS)

/* 1 if the kernel's type matches the local one field by field (the
 * stricter check; needs clang 15+) */
#define bpf_core_type_matches(type)					\
	__builtin_preserve_type_info(*(__typeof__(type) *)0, BPF_TYPE_MATCHES)

/* the type's size in the running kernel */
#define bpf_core_type_size(type)					\
	__builtin_preserve_type_info(*(__typeof__(type) *)0, BPF_TYPE_SIZE)

/*
 * Enumerators by type and name:
 *   bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_loop)
 *   bpf_core_enum_value(enum pid_type, PIDTYPE_TGID)
 */
#define bpf_core_enum_value_exists(enum_type, enum_value)		\
	__builtin_preserve_enum_value(*(__typeof__(enum_type) *)enum_value, \
				      BPF_ENUMVAL_EXISTS)
#define bpf_core_enum_value(enum_type, enum_value)			\
	__builtin_preserve_enum_value(*(__typeof__(enum_type) *)enum_value, \
				      BPF_ENUMVAL_VALUE)

/*
 * Relocatable reads of sz bytes at src into dst: src is an access
 * expression such as &task->pid whose field offsets get relocated.
 */
#define bpf_core_read(dst, sz, src)					\
	bpf_probe_read_kernel(dst, sz,					\
			      (const void *)__builtin_preserve_access_index(src))
#define bpf_core_read_user(dst, sz, src)				\
	bpf_probe_read_user(dst, sz,					\
			    (const void *)__builtin_preserve_access_index(src))
/* NUL-terminated string variants; they return the length read */
#define bpf_core_read_str(dst, sz, src)					\
	bpf_probe_read_kernel_str(dst, sz,				\
			(const void *)__builtin_preserve_access_index(src))
#define bpf_core_read_user_str(dst, sz, src)				\
	bpf_probe_read_user_str(dst, sz,				\
			(const void *)__builtin_preserve_access_index(src))

/*
 * Pointer chains. BPF_CORE_READ(s, a, b, c) is s->a->b->c with every
 * dereference done by a (probe) read:
 *
 *   ___p = read(&s->a); ___p = read(&___p->b); result = read(&___p->c);
 *
 * Each step casts ___p to the type of the chain so far, so every access
 * is typed and relocatable. An accessor may itself be a member path or
 * an array element ("a.b", "arr[2]"), not a further dereference.
 */
#define ___core_rd(fn, dst, type, p, field)				\
	fn((void *)(dst), sizeof(*(dst)), &((type)(p))->field)

/* ___core_readN(final read fn, pointer read fn, dst, expression whose
 * type the current pointer has, current pointer, N accessors) */
#define ___core_read1(fn, fnp, dst, texpr, base, a)			\
	___core_rd(fn, dst, __typeof__(texpr), base, a)
#define ___core_read2(fn, fnp, dst, texpr, base, a, ...)		\
	___core_rd(fnp, &___p, __typeof__(texpr), base, a);		\
	___core_read1(fn, fnp, dst, (texpr)->a, ___p, __VA_ARGS__)
#define ___core_read3(fn, fnp, dst, texpr, base, a, ...)		\
	___core_rd(fnp, &___p, __typeof__(texpr), base, a);		\
	___core_read2(fn, fnp, dst, (texpr)->a, ___p, __VA_ARGS__)
#define ___core_read4(fn, fnp, dst, texpr, base, a, ...)		\
	___core_rd(fnp, &___p, __typeof__(texpr), base, a);		\
	___core_read3(fn, fnp, dst, (texpr)->a, ___p, __VA_ARGS__)
#define ___core_read5(fn, fnp, dst, texpr, base, a, ...)		\
	___core_rd(fnp, &___p, __typeof__(texpr), base, a);		\
	___core_read4(fn, fnp, dst, (texpr)->a, ___p, __VA_ARGS__)
#define ___core_read6(fn, fnp, dst, texpr, base, a, ...)		\
	___core_rd(fnp, &___p, __typeof__(texpr), base, a);		\
	___core_read5(fn, fnp, dst, (texpr)->a, ___p, __VA_ARGS__)
#define ___core_read7(fn, fnp, dst, texpr, base, a, ...)		\
	___core_rd(fnp, &___p, __typeof__(texpr), base, a);		\
	___core_read6(fn, fnp, dst, (texpr)->a, ___p, __VA_ARGS__)
#define ___core_read8(fn, fnp, dst, texpr, base, a, ...)		\
	___core_rd(fnp, &___p, __typeof__(texpr), base, a);		\
	___core_read7(fn, fnp, dst, (texpr)->a, ___p, __VA_ARGS__)
#define ___core_read9(fn, fnp, dst, texpr, base, a, ...)		\
	___core_rd(fnp, &___p, __typeof__(texpr), base, a);		\
	___core_read8(fn, fnp, dst, (texpr)->a, ___p, __VA_ARGS__)
#define ___core_read10(fn, fnp, dst, texpr, base, a, ...)		\
	___core_rd(fnp, &___p, __typeof__(texpr), base, a);		\
	___core_read9(fn, fnp, dst, (texpr)->a, ___p, __VA_ARGS__)

#define ___core_read(fn, fnp, dst, src, a, ...)				\
	({								\
		const void *___p __attribute__((unused));		\
									\
		___core_apply(___core_read, ___core_narg(a, ##__VA_ARGS__)) \
			(fn, fnp, dst, (src), (src), a, ##__VA_ARGS__);	\
	})

/* the type of s->a->b->...: declares the result of BPF_CORE_READ() */
#define ___core_chain1(s, a) (s)->a
#define ___core_chain2(s, a, ...) ___core_chain1((s)->a, __VA_ARGS__)
#define ___core_chain3(s, a, ...) ___core_chain2((s)->a, __VA_ARGS__)
#define ___core_chain4(s, a, ...) ___core_chain3((s)->a, __VA_ARGS__)
#define ___core_chain5(s, a, ...) ___core_chain4((s)->a, __VA_ARGS__)
#define ___core_chain6(s, a, ...) ___core_chain5((s)->a, __VA_ARGS__)
#define ___core_chain7(s, a, ...) ___core_chain6((s)->a, __VA_ARGS__)
#define ___core_chain8(s, a, ...) ___core_chain7((s)->a, __VA_ARGS__)
#define ___core_chain9(s, a, ...) ___core_chain8((s)->a, __VA_ARGS__)
#define ___core_chain10(s, a, ...) ___core_chain9((s)->a, __VA_ARGS__)
#define ___core_type(src, a, ...)					\
	__typeof__(___core_apply(___core_chain,				\
				 ___core_narg(a, ##__VA_ARGS__))	\
		   (src, a, ##__VA_ARGS__))

/* Kernel memory, relocated: store s->a->...->z into *dst */
#define BPF_CORE_READ_INTO(dst, src, a, ...)				\
	___core_read(bpf_core_read, bpf_core_read, dst, src, a, ##__VA_ARGS__)

/* User memory (structures typed with BTF, e.g. from vmlinux.h) */
#define BPF_CORE_READ_USER_INTO(dst, src, a, ...)			\
	___core_read(bpf_core_read_user, bpf_core_read_user,		\
		     dst, src, a, ##__VA_ARGS__)

/* Without relocations, for programs built without CO-RE */
#define BPF_PROBE_READ_INTO(dst, src, a, ...)				\
	___core_read(bpf_probe_read_kernel, bpf_probe_read_kernel,	\
		     dst, src, a, ##__VA_ARGS__)
#define BPF_PROBE_READ_USER_INTO(dst, src, a, ...)			\
	___core_read(bpf_probe_read_user, bpf_probe_read_user,		\
		     dst, src, a, ##__VA_ARGS__)

/* Last step reads a NUL-terminated string into the array *dst */
#define BPF_CORE_READ_STR_INTO(dst, src, a, ...)			\
	___core_read(bpf_core_read_str, bpf_core_read,			\
		     dst, src, a, ##__VA_ARGS__)
#define BPF_CORE_READ_USER_STR_INTO(dst, src, a, ...)			\
	___core_read(bpf_core_read_user_str, bpf_core_read_user,	\
		     dst, src, a, ##__VA_ARGS__)
#define BPF_PROBE_READ_STR_INTO(dst, src, a, ...)			\
	___core_read(bpf_probe_read_kernel_str, bpf_probe_read_kernel,	\
		     dst, src, a, ##__VA_ARGS__)
#define BPF_PROBE_READ_USER_STR_INTO(dst, src, a, ...)			\
	___core_read(bpf_probe_read_user_str, bpf_probe_read_user,	\
		     dst, src, a, ##__VA_ARGS__)

/*
 * The value of s->a->...->z: BPF_CORE_READ(task, mm, exe_file) yields a
 * struct file *. For arrays at the end of the chain use the _INTO forms.
 */
#define BPF_CORE_READ(src, a, ...)					\
	({								\
		___core_type(src, a, ##__VA_ARGS__) ___val;		\
									\
		BPF_CORE_READ_INTO(&___val, (src), a, ##__VA_ARGS__);	\
		___val;							\
	})
#define BPF_CORE_READ_USER(src, a, ...)					\
	({								\
		___core_type(src, a, ##__VA_ARGS__) ___val;		\
									\
		BPF_CORE_READ_USER_INTO(&___val, (src), a, ##__VA_ARGS__); \
		___val;							\
	})
#define BPF_PROBE_READ(src, a, ...)					\
	({								\
		___core_type(src, a, ##__VA_ARGS__) ___val;		\
									\
		BPF_PROBE_READ_INTO(&___val, (src), a, ##__VA_ARGS__);	\
		___val;							\
	})
#define BPF_PROBE_READ_USER(src, a, ...)				\
	({								\
		___core_type(src, a, ##__VA_ARGS__) ___val;		\
									\
		BPF_PROBE_READ_USER_INTO(&___val, (src), a, ##__VA_ARGS__); \
		___val;							\
	})

/*
 * bpf_core_cast(ptr, type): view ptr as a kernel object of the given type
 * that may be read by direct loads (the verifier treats it read-only and
 * guards loads against faults). Needs the bpf_rdonly_cast kfunc.
 */
extern void *bpf_rdonly_cast(const void *obj, unsigned int btf_id)
	__attribute__((section(".ksyms"), weak));

#define bpf_core_cast(ptr, type)					\
	((__typeof__(type) *)bpf_rdonly_cast((ptr),			\
					     bpf_core_type_id_kernel(type)))

#endif /* __BPF_CORE_READ_H__ */
