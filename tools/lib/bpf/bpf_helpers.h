/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Definitions for BPF programs (compiled with clang -target bpf): section
 * and map definition macros, BTF tags the loader and the verifier act on,
 * printk-style helpers and open-coded iterators. The helper prototypes
 * themselves are generated from the kernel UAPI into bpf_helper_defs.h.
 *
 * Types (__u32, struct __sk_buff, ...) come from what the program
 * includes first: vmlinux.h or the UAPI headers (linux/bpf.h).
 */
#ifndef __BPF_HELPERS__
#define __BPF_HELPERS__

#include "bpf_helper_defs.h"

/* Token pasting and argument counting used by the variadic macros here
 * and in bpf_tracing.h. ___bpf_narg() counts up to 12 arguments. */
#define ___bpf_concat(a, b) a ## b
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
#define ___bpf_narg(...) \
	___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)

/*
 * Map definitions in SEC(".maps") describe the map through the BTF of
 * their members; none of these members hold data:
 *   __uint(max_entries, 16)      an integer attribute
 *   __type(key, __u32)           a key or value type
 *   __array(values, struct x)    inner maps or programs of map-in-map and
 *                                program arrays, initialized by name
 *   __ulong(map_extra, 1ULL<<40) a 64-bit attribute
 */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) __typeof__(val) *name
#define __array(name, val) __typeof__(val) *name[]
#define __ulong(name, val)						\
	enum { ___bpf_apply(__unique_value, __COUNTER__) = val } name

/*
 * Place a program, map or variable in an ELF section; the loader derives
 * program type and attach point from program section names. "used" keeps
 * it even when nothing references it. The pragmas silence clang's
 * complaint when the macro decorates declarations it ignores it for.
 */
#define SEC(name)							\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wignored-attributes\"")	\
	__attribute__((section(name), used))				\
	_Pragma("GCC diagnostic pop")

/* The UAPI headers define __always_inline without the attribute. */
#undef __always_inline
#define __always_inline inline __attribute__((always_inline))

#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif

/* Global function or variable not visible outside its object: the
 * verifier checks global functions as a whole unless they are hidden,
 * and the static linker keeps hidden symbols local to the object. */
#define __hidden __attribute__((visibility("hidden")))

/* extern variables resolved by the loader: Kconfig values
 * (CONFIG_xxx, LINUX_KERNEL_VERSION, ...) and kernel symbols, kfuncs. */
#define __kconfig __attribute__((section(".kconfig")))
#define __ksym __attribute__((section(".ksyms")))

/* Pointer type tags for kernel objects stored in map values. */
#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))
#define __kptr __attribute__((btf_type_tag("kptr")))
#define __percpu_kptr __attribute__((btf_type_tag("percpu_kptr")))
#ifndef __rcu
#define __rcu __attribute__((btf_type_tag("rcu")))
#endif

/* Node type of a BPF graph root (list head, rbtree root) in a map value:
 * struct foo __contains(foo, node_field) */
#define __contains(name, node)						\
	__attribute__((btf_decl_tag("contains:" #name ":" #node)))

/*
 * Tags on arguments of global subprograms telling the verifier how to
 * treat them. __arg_ctx makes a "void *ctx" (or any pointer) the
 * program's context; loaders add the fallback for kernels that predate
 * the tag.
 */
#define __arg_ctx __attribute__((btf_decl_tag("arg:ctx")))
#define __arg_nonnull __attribute__((btf_decl_tag("arg:nonnull")))
#define __arg_nullable __attribute__((btf_decl_tag("arg:nullable")))
#define __arg_trusted __attribute__((btf_decl_tag("arg:trusted")))
#define __arg_untrusted __attribute__((btf_decl_tag("arg:untrusted")))
#define __arg_arena __attribute__((btf_decl_tag("arg:arena")))

/* Name the exception callback of a program: __exception_cb(my_cb) */
#define __exception_cb(name)						\
	__attribute__((btf_decl_tag("exception_callback:" #name)))

/* Helpers and kfuncs the kernel may inline without spilling r1-r5. */
#ifdef __has_attribute
#if __has_attribute(bpf_fastcall)
#define __bpf_fastcall __attribute__((bpf_fastcall))
#endif
#endif
#ifndef __bpf_fastcall
#define __bpf_fastcall
#endif

#ifndef offsetof
#define offsetof(type, member) ((unsigned long)&((type *)0)->member)
#endif
#ifndef container_of
#define container_of(ptr, type, member)					\
	({								\
		void *___mptr = (void *)(ptr);				\
		((type *)(___mptr - offsetof(type, member)));		\
	})
#endif

/* Compiler barrier, and one that makes clang forget what it knows about
 * the value of var (e.g. to keep a bounds check the verifier needs). */
#ifndef barrier
#define barrier() asm volatile("" ::: "memory")
#endif
#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

/* The BPF backend cannot lower __builtin_trap(): the build fails if this
 * is reachable after optimization, which makes it a compile-time assert
 * that a branch is dead. */
#ifndef __bpf_unreachable
#define __bpf_unreachable() __builtin_trap()
#endif

#ifndef likely
#define likely(x) (__builtin_expect(!!(x), 1))
#endif
#ifndef unlikely
#define unlikely(x) (__builtin_expect(!!(x), 0))
#endif

/*
 * bpf_tail_call() with a constant slot. clang may otherwise move the slot
 * number into a register the verifier tracks as unknown, which costs the
 * direct jump the kernel can patch in for a constant index. The slot goes
 * into the call as an immediate; r0-r5 are clobbered by the call, so the
 * inputs cannot live there.
 */
#if defined(__clang__) && defined(__bpf__)
static __always_inline void
bpf_tail_call_static(void *ctx, const void *map, const __u32 slot)
{
	if (!__builtin_constant_p(slot))
		__bpf_unreachable();

	asm volatile("r1 = %[tc_ctx]\n\t"
		     "r2 = %[tc_map]\n\t"
		     "r3 = %[tc_slot]\n\t"
		     "call 12"
		     :
		     : [tc_ctx] "r"(ctx), [tc_map] "r"(map), [tc_slot] "i"(slot)
		     : "r0", "r1", "r2", "r3", "r4", "r5");
}
#else
#define bpf_tail_call_static(ctx, map, slot)				\
	bpf_tail_call((ctx), (void *)(map), (slot))
#endif

enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	/* pin the map under its name in the pin root (/sys/fs/bpf) */
	LIBBPF_PIN_BY_NAME,
};

/* Values of tristate Kconfig externs (extern enum libbpf_tristate ...) */
enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

/*
 * True if the __weak __ksym extern sym was found in the running kernel.
 * A non-weak extern is always resolved (or the load fails), so its
 * address is a compile-time constant: that is rejected here.
 */
#define bpf_ksym_exists(sym)						\
	({								\
		_Static_assert(!__builtin_constant_p(!!(sym)),		\
			       #sym " must be declared __weak");	\
		!!(sym);						\
	})

/* Same token sequence as linux/version.h, so both may be included. */
#ifndef KERNEL_VERSION
#define KERNEL_VERSION(a,b,c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#endif

/*
 * ___bpf_fill(arr, args...) stores each argument into arr[0], arr[1], ...
 * as a 64-bit value, the layout bpf_seq_printf(), bpf_snprintf() and
 * bpf_trace_vprintk() read their arguments in.
 */
#define ___bpf_fill0(arr, p, x) do {} while (0)
#define ___bpf_fill1(arr, p, x) arr[p] = (unsigned long long)(x)
#define ___bpf_fill2(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill1(arr, p + 1, args)
#define ___bpf_fill3(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill2(arr, p + 1, args)
#define ___bpf_fill4(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill3(arr, p + 1, args)
#define ___bpf_fill5(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill4(arr, p + 1, args)
#define ___bpf_fill6(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill5(arr, p + 1, args)
#define ___bpf_fill7(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill6(arr, p + 1, args)
#define ___bpf_fill8(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill7(arr, p + 1, args)
#define ___bpf_fill9(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill8(arr, p + 1, args)
#define ___bpf_fill10(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill9(arr, p + 1, args)
#define ___bpf_fill11(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill10(arr, p + 1, args)
#define ___bpf_fill12(arr, p, x, args...) \
	arr[p] = (unsigned long long)(x); ___bpf_fill11(arr, p + 1, args)
#define ___bpf_fill(arr, args...) \
	___bpf_apply(___bpf_fill, ___bpf_narg(args))(arr, 0, args)

/*
 * Format strings live in .rodata as static const arrays, one per call
 * site. Programs for kernels without global data support define
 * BPF_NO_GLOBAL_DATA to build them on the stack instead.
 */
#ifdef BPF_NO_GLOBAL_DATA
#define BPF_PRINTK_FMT_MOD
#else
#define BPF_PRINTK_FMT_MOD static const
#endif

/* BPF_SEQ_PRINTF(seq, "%d %s\n", a, str) for bpf_iter programs */
#define BPF_SEQ_PRINTF(seq, fmt, args...)				\
	({								\
		static const char ___fmt[] = fmt;			\
		unsigned long long ___param[___bpf_narg(args)];		\
									\
		___bpf_fill(___param, args);				\
		bpf_seq_printf(seq, ___fmt, sizeof(___fmt),		\
			       ___param, sizeof(___param));		\
	})

/* BPF_SNPRINTF(buf, sizeof(buf), "%d", a): format into buf */
#define BPF_SNPRINTF(out, out_size, fmt, args...)			\
	({								\
		static const char ___fmt[] = fmt;			\
		unsigned long long ___param[___bpf_narg(args)];		\
									\
		___bpf_fill(___param, args);				\
		bpf_snprintf(out, out_size, ___fmt,			\
			     ___param, sizeof(___param));		\
	})

/* Up to three arguments: bpf_trace_printk(), which every kernel has. */
#define __bpf_printk(fmt, ...)						\
	({								\
		BPF_PRINTK_FMT_MOD char ____fmt[] = fmt;		\
		bpf_trace_printk(____fmt, sizeof(____fmt),		\
				 ##__VA_ARGS__);			\
	})

/* More: bpf_trace_vprintk() (kernel 5.16+), arguments in an array. */
#define __bpf_vprintk(fmt, args...)					\
	({								\
		static const char ___fmt[] = fmt;			\
		unsigned long long ___param[___bpf_narg(args)];		\
									\
		___bpf_fill(___param, args);				\
		bpf_trace_vprintk(___fmt, sizeof(___fmt),		\
				  ___param, sizeof(___param));		\
	})

#define ___bpf_pick_printk(...)						\
	___bpf_nth(_, ##__VA_ARGS__, __bpf_vprintk, __bpf_vprintk,	\
		   __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,		\
		   __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,		\
		   __bpf_vprintk, __bpf_printk /* 3 */,			\
		   __bpf_printk /* 2 */, __bpf_printk /* 1 */,		\
		   __bpf_printk /* 0 */)

/* printf() to /sys/kernel/tracing/trace_pipe, up to 12 arguments */
#define bpf_printk(fmt, args...) ___bpf_pick_printk(args)(fmt, ##args)

/*
 * BPF streams: bpf_stream_printk(stream_id, fmt, args...) appends
 * formatted text (bpf_trace_printk() conversions, up to 12 arguments) to
 * the program's own stream 1 (BPF_STDOUT) or 2 (BPF_STDERR, where the
 * kernel also reports the program's runtime errors); user space reads it
 * with bpf_prog_stream_read() or "bpftool prog tracelog". BPF_STDOUT and
 * BPF_STDERR are enum bpf_stream_id in a 6.17+ vmlinux.h. Returns 0, or a
 * negative errno.
 *
 * The kernel function behind it changed name and arguments:
 *   6.17:  bpf_stream_vprintk(id, fmt, args, len, void *aux__prog)
 *   6.18:  bpf_stream_vprintk_impl(id, fmt, args, len, void *aux__prog)
 *   7.0+:  bpf_stream_vprintk(id, fmt, args, len), the program passed by
 *          the verifier (KF_IMPLICIT_ARGS); its BTF still names a
 *          bpf_stream_vprintk_impl, which cannot be called
 * As libbpf 1.7, the macro calls the 7.0+ form. A program for 6.18
 * defines BPF_STREAM_PRINTK_IMPL before including this header to call
 * bpf_stream_vprintk_impl instead (one object cannot hold both calls: a
 * kernel rejects a call to a kfunc it cannot call even in dead code).
 * 6.17's form is not covered. Programs taking kfunc prototypes from a
 * vmlinux.h of another kernel define BPF_NO_KFUNC_PROTOTYPES first.
 */
#ifdef BPF_STREAM_PRINTK_IMPL
extern int bpf_stream_vprintk_impl(int stream_id, const char *fmt__str, const void *args,
				   __u32 len__sz, void *aux__prog) __weak __ksym;
#define ___bpf_stream_vprintk(id, fmt, args, len) \
	bpf_stream_vprintk_impl(id, fmt, args, len, 0)
#else
extern int bpf_stream_vprintk(int stream_id, const char *fmt__str, const void *args,
			      __u32 len__sz) __weak __ksym;
#define ___bpf_stream_vprintk(id, fmt, args, len) \
	bpf_stream_vprintk(id, fmt, args, len)
#endif

#define bpf_stream_printk(stream_id, fmt, args...)			\
	({								\
		static const char ___fmt[] = fmt;			\
		unsigned long long ___param[___bpf_narg(args)];		\
									\
		___bpf_fill(___param, args);				\
		___bpf_stream_vprintk(stream_id, ___fmt, ___param,	\
				      sizeof(___param));		\
	})

/*
 * Open-coded iterators. An iterator type "foo" is driven by the kfuncs
 * bpf_iter_foo_new(), bpf_iter_foo_next() and bpf_iter_foo_destroy();
 * the loops below make sure destroy runs on every exit, break included
 * (cleanup attribute). The iterator state lives on the stack and the
 * verifier checks the whole lifecycle. The struct types are defined in
 * vmlinux.h (or the UAPI linux/bpf.h of kernel 6.4 and later).
 */
struct bpf_iter_num;

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

/*
 * The for-init declares the iterator and, as a second declarator, an
 * unused pointer whose initializer runs the constructor exactly once.
 * Naming the destructor in that expression makes clang emit BTF for it,
 * which it does not for a function only named in cleanup().
 */
#define ___bpf_iter_init(type, it, ctor_call)				\
	struct bpf_iter_##type it					\
		__attribute__((aligned(8),				\
			       cleanup(bpf_iter_##type##_destroy))),	\
		*___bpf_iter_once_##it __attribute__((unused)) =	\
			(ctor_call, (void)bpf_iter_##type##_destroy,	\
			 (void *)0)

/* for (cur = first element; cur; cur = next element) over iterator type */
#ifndef bpf_for_each
#define bpf_for_each(type, cur, args...)				\
	for (___bpf_iter_init(type, ___it,				\
			      bpf_iter_##type##_new(&___it, ##args));	\
	     (((cur) = bpf_iter_##type##_next(&___it)));)
#endif

/* for (i = start; i < end; i++) that the verifier need not unroll; i
 * must be declared (int) by the caller and keeps its bounds known */
#ifndef bpf_for
#define bpf_for(i, start, end)						\
	for (___bpf_iter_init(num, ___it,				\
			      bpf_iter_num_new(&___it, (start), (end)));\
	     ({								\
		     int *___bpf_n = bpf_iter_num_next(&___it);		\
									\
		     ___bpf_n && ((i) = *___bpf_n,			\
				  (i) >= (start) && (i) < (end));	\
	     });)
#endif

/* run the loop body n times */
#ifndef bpf_repeat
#define bpf_repeat(n)							\
	for (___bpf_iter_init(num, ___it,				\
			      bpf_iter_num_new(&___it, 0, (n)));	\
	     bpf_iter_num_next(&___it);)
#endif

#endif /* __BPF_HELPERS__ */
