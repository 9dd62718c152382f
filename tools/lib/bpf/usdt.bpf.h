/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * USDT probes, the BPF side: read the arguments of a probe from a program
 * in SEC("usdt/...") that bpf_program__attach_usdt() attached.
 *
 *   SEC("usdt/./app:provider:name")
 *   int BPF_USDT(on_probe, int fd, const char *path)
 *   { ... }
 *
 * or, without the macro, bpf_usdt_arg_cnt(), bpf_usdt_arg() and
 * bpf_usdt_cookie() on the program's struct pt_regs context.
 *
 * The attaching side (usdt.c) describes each probe site's arguments in a
 * spec it writes into __bpf_usdt_specs: where each argument lives (a
 * constant, a register, memory at a register plus an offset, or memory at
 * base + index * scale + offset) and its size and signedness. A program
 * finds its spec by the BPF cookie of the attachment (the spec's index),
 * or, on kernels without BPF cookies (before 5.15), by its instruction
 * pointer in __bpf_usdt_ip_to_spec_id. The spec layout is the 16-byte
 * one of libbpf's usdt.bpf.h from 0.8 on (checked against Debian's 1.1),
 * so such objects attach with either library; the scale-index-base form
 * uses bits those objects leave zero, and they read such an argument as
 * -EINVAL. libbpf 1.7 may have widened the layout for that form; objects
 * built with such a header are refused at attach (map value size).
 */
#ifndef __USDT_BPF_H__
#define __USDT_BPF_H__

#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* spec slots: distinct argument layouts attached at once (override before including) */
#ifndef BPF_USDT_MAX_SPEC_CNT
#define BPF_USDT_MAX_SPEC_CNT 256
#endif
/* probe sites attached at once, for the lookup by instruction pointer */
#ifndef BPF_USDT_MAX_IP_CNT
#define BPF_USDT_MAX_IP_CNT (4 * BPF_USDT_MAX_SPEC_CNT)
#endif

/* the most arguments a probe has (<sys/sdt.h> defines up to 12) */
#define BPF_USDT_MAX_ARG_CNT 12

enum __bpf_usdt_arg_type {
	BPF_USDT_ARG_CONST,	/* val_off is the value */
	BPF_USDT_ARG_REG,	/* the register at reg_off in struct pt_regs */
	BPF_USDT_ARG_REG_DEREF,	/* memory at that register + val_off */
	BPF_USDT_ARG_SIB,	/* memory at base + (index << scale_bitshift) + val_off */
};

struct __bpf_usdt_arg_spec {
	__u64 val_off;
	__u32 arg_type: 8;		/* enum __bpf_usdt_arg_type */
	__u32 idx_reg_off: 12;		/* BPF_USDT_ARG_SIB: index register */
	__u32 scale_bitshift: 4;	/* BPF_USDT_ARG_SIB: log2 of the scale */
	__u32 __reserved: 8;
	short reg_off;			/* the (base) register in struct pt_regs */
	bool arg_signed;
	char arg_bitshift;		/* 64 - 8 * the argument's size in bytes */
};

struct __bpf_usdt_spec {
	struct __bpf_usdt_arg_spec args[BPF_USDT_MAX_ARG_CNT];
	__u64 usdt_cookie;
	short arg_cnt;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BPF_USDT_MAX_SPEC_CNT);
	__type(key, int);
	__type(value, struct __bpf_usdt_spec);
} __bpf_usdt_specs SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPF_USDT_MAX_IP_CNT);
	__type(key, long);
	__type(value, __u32);
} __bpf_usdt_ip_to_spec_id SEC(".maps") __weak;

extern const _Bool LINUX_HAS_BPF_COOKIE __kconfig;

/* the spec of the probe site that fired, or NULL */
static __always_inline struct __bpf_usdt_spec *__bpf_usdt_spec(struct pt_regs *ctx)
{
	int spec_id;

	if (LINUX_HAS_BPF_COOKIE) {
		spec_id = bpf_get_attach_cookie(ctx);
	} else {
		long ip = PT_REGS_IP(ctx);
		__u32 *id = bpf_map_lookup_elem(&__bpf_usdt_ip_to_spec_id, &ip);

		if (!id)
			return (void *)0;
		spec_id = *id;
	}
	return bpf_map_lookup_elem(&__bpf_usdt_specs, &spec_id);
}

/* how many arguments the probe has, or -ESRCH if this is no USDT attachment */
__weak __hidden
int bpf_usdt_arg_cnt(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = __bpf_usdt_spec(ctx);

	return spec ? spec->arg_cnt : -ESRCH;
}

/* the size in bytes of argument arg_num, or a negative error */
__weak __hidden
int bpf_usdt_arg_size(struct pt_regs *ctx, __u64 arg_num)
{
	struct __bpf_usdt_spec *spec = __bpf_usdt_spec(ctx);

	if (!spec)
		return -ESRCH;
	if (arg_num >= BPF_USDT_MAX_ARG_CNT)
		return -ENOENT;
	barrier_var(arg_num);
	if (arg_num >= spec->arg_cnt)
		return -ENOENT;
	return (64 - (unsigned char)spec->args[arg_num].arg_bitshift) >> 3;
}

/*
 * Argument arg_num (from 0) of the probe into *res, sign- or zero-extended
 * from its size to 64 bits. Returns 0, -ESRCH (no USDT attachment),
 * -ENOENT (no such argument), -EINVAL (a location this header cannot
 * read) or the error of reading a register or user memory; *res is 0 on
 * error.
 */
__weak __hidden
int bpf_usdt_arg(struct pt_regs *ctx, __u64 arg_num, long *res)
{
	struct __bpf_usdt_spec *spec = __bpf_usdt_spec(ctx);
	struct __bpf_usdt_arg_spec *arg;
	unsigned long val, idx;
	int err, shift;

	*res = 0;
	if (!spec)
		return -ESRCH;
	if (arg_num >= BPF_USDT_MAX_ARG_CNT)
		return -ENOENT;
	barrier_var(arg_num);
	if (arg_num >= spec->arg_cnt)
		return -ENOENT;
	arg = &spec->args[arg_num];

	switch (arg->arg_type) {
	case BPF_USDT_ARG_CONST:
		val = arg->val_off;
		break;
	case BPF_USDT_ARG_REG:
	case BPF_USDT_ARG_REG_DEREF:
	case BPF_USDT_ARG_SIB:
		/* registers are read from the context at a variable offset */
		err = bpf_probe_read_kernel(&val, sizeof(val), (void *)ctx + arg->reg_off);
		if (err)
			return err;
		if (arg->arg_type == BPF_USDT_ARG_REG)
			break;
		if (arg->arg_type == BPF_USDT_ARG_SIB) {
			err = bpf_probe_read_kernel(&idx, sizeof(idx),
						    (void *)ctx + arg->idx_reg_off);
			if (err)
				return err;
			val += idx << arg->scale_bitshift;
		}
		err = bpf_probe_read_user(&val, sizeof(val), (void *)val + arg->val_off);
		if (err)
			return err;
		break;
	default:
		return -EINVAL;
	}
	/* 8 bytes were read; keep the argument's low bytes, extended */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	if (arg->arg_type >= BPF_USDT_ARG_REG_DEREF)
		val >>= arg->arg_bitshift;
#endif
	shift = arg->arg_bitshift;
	val <<= shift;
	if (arg->arg_signed)
		*res = (long)val >> shift;
	else
		*res = val >> shift;
	return 0;
}

/* the usdt_cookie of bpf_usdt_opts the probe was attached with, or 0 */
__weak __hidden
long bpf_usdt_cookie(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = __bpf_usdt_spec(ctx);

	return spec ? spec->usdt_cookie : 0;
}

/* BPF_USDT(name, a, b, ...): each parameter is the probe's argument, as a long */
#define ___bpf_usdt_arg(n) ({ long _x; bpf_usdt_arg(ctx, n, &_x); (void *)_x; })
#define ___bpf_usdt_args0() ctx
#define ___bpf_usdt_args1(x) ___bpf_usdt_args0(), ___bpf_usdt_arg(0)
#define ___bpf_usdt_args2(x, args...) ___bpf_usdt_args1(args), ___bpf_usdt_arg(1)
#define ___bpf_usdt_args3(x, args...) ___bpf_usdt_args2(args), ___bpf_usdt_arg(2)
#define ___bpf_usdt_args4(x, args...) ___bpf_usdt_args3(args), ___bpf_usdt_arg(3)
#define ___bpf_usdt_args5(x, args...) ___bpf_usdt_args4(args), ___bpf_usdt_arg(4)
#define ___bpf_usdt_args6(x, args...) ___bpf_usdt_args5(args), ___bpf_usdt_arg(5)
#define ___bpf_usdt_args7(x, args...) ___bpf_usdt_args6(args), ___bpf_usdt_arg(6)
#define ___bpf_usdt_args8(x, args...) ___bpf_usdt_args7(args), ___bpf_usdt_arg(7)
#define ___bpf_usdt_args9(x, args...) ___bpf_usdt_args8(args), ___bpf_usdt_arg(8)
#define ___bpf_usdt_args10(x, args...) ___bpf_usdt_args9(args), ___bpf_usdt_arg(9)
#define ___bpf_usdt_args11(x, args...) ___bpf_usdt_args10(args), ___bpf_usdt_arg(10)
#define ___bpf_usdt_args12(x, args...) ___bpf_usdt_args11(args), ___bpf_usdt_arg(11)
#define ___bpf_usdt_args(args...)					\
	___bpf_apply(___bpf_usdt_args, ___bpf_narg(args))(args)

#define BPF_USDT(name, args...)						\
name(struct pt_regs *ctx);						\
static __always_inline __typeof__(name(0))				\
____##name(struct pt_regs *ctx, ##args);				\
__typeof__(name(0)) name(struct pt_regs *ctx)				\
{									\
	___bpf_wrap_call(____##name(___bpf_usdt_args(args)))		\
}									\
static __always_inline __typeof__(name(0))				\
____##name(struct pt_regs *ctx, ##args)

#endif /* __USDT_BPF_H__ */
