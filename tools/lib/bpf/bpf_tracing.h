/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Register access and program wrappers for tracing BPF programs:
 * PT_REGS_PARM1(ctx)... for kprobes and uprobes, BPF_KPROBE(),
 * BPF_KRETPROBE(), BPF_KSYSCALL(), BPF_UPROBE(), BPF_PROG() and
 * BPF_PROG2(), which give a program named, typed arguments.
 *
 * The BPF target does not know which CPU's struct pt_regs the program
 * will see: say it with -D__TARGET_ARCH_<arch> (x86, arm64, s390). When
 * that is missing, the architecture clang compiles for is used, which
 * helps only when compiling with a native target and emitting BPF later.
 *
 * struct pt_regs has kernel field names (di, si, ...) in vmlinux.h and
 * user-space names (rdi, rsi, ...) in the UAPI <asm/ptrace.h>; the former
 * are used when __KERNEL__ or __VMLINUX_H__ is defined.
 */
#ifndef __BPF_TRACING_H__
#define __BPF_TRACING_H__

#include "bpf_helpers.h"
#include "bpf_core_read.h"

#if defined(__TARGET_ARCH_x86)
	#define bpf_target_x86
	#define bpf_target_defined
#elif defined(__TARGET_ARCH_arm64)
	#define bpf_target_arm64
	#define bpf_target_defined
#elif defined(__TARGET_ARCH_s390)
	#define bpf_target_s390
	#define bpf_target_defined
#elif defined(__x86_64__)
	#define bpf_target_x86
	#define bpf_target_defined
#elif defined(__aarch64__)
	#define bpf_target_arm64
	#define bpf_target_defined
#elif defined(__s390x__)
	#define bpf_target_s390
	#define bpf_target_defined
#endif

#ifndef __BPF_TARGET_MISSING
#define __BPF_TARGET_MISSING						\
	"GCC error \"Must specify a BPF target arch via __TARGET_ARCH_xxx\""
#endif

/*
 * Per architecture: the pt_regs member holding each of the first function
 * arguments, the return value (RC), the return address or the register
 * to find it through (RET), frame pointer, stack pointer and instruction
 * pointer, and where system call arguments differ from function ones.
 */
#if defined(bpf_target_x86)

#if defined(__KERNEL__) || defined(__VMLINUX_H__)
#define __PT_PARM1_REG di
#define __PT_PARM2_REG si
#define __PT_PARM3_REG dx
#define __PT_PARM4_REG cx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_RET_REG sp
#define __PT_FP_REG bp
#define __PT_RC_REG ax
#define __PT_SP_REG sp
#define __PT_IP_REG ip
#else
#define __PT_PARM1_REG rdi
#define __PT_PARM2_REG rsi
#define __PT_PARM3_REG rdx
#define __PT_PARM4_REG rcx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_RET_REG rsp
#define __PT_FP_REG rbp
#define __PT_RC_REG rax
#define __PT_SP_REG rsp
#define __PT_IP_REG rip
#endif
/* the syscall instruction clobbers rcx: the fourth argument is in r10 */
#define __PT_PARM4_SYSCALL_REG r10
/* call pushes the return address: RET is the stack pointer */
#define ___bpf_ret_ip_on_stack

#elif defined(bpf_target_arm64)

/* The kernel's struct pt_regs starts with the UAPI struct user_pt_regs. */
#define __PT_REGS_CAST(x) ((const struct user_pt_regs *)(x))
#define __PT_PARM1_REG regs[0]
#define __PT_PARM2_REG regs[1]
#define __PT_PARM3_REG regs[2]
#define __PT_PARM4_REG regs[3]
#define __PT_PARM5_REG regs[4]
#define __PT_PARM6_REG regs[5]
#define __PT_PARM7_REG regs[6]
#define __PT_PARM8_REG regs[7]
#define __PT_RET_REG regs[30]
#define __PT_FP_REG regs[29]
#define __PT_RC_REG regs[0]
#define __PT_SP_REG sp
#define __PT_IP_REG pc
/* x0 is overwritten by the return value; the first syscall argument
 * survives in orig_x0, which user_pt_regs does not have */
#define ___bpf_syscall_parm1_in_kernel_regs
struct pt_regs___arm64 {
	unsigned long orig_x0;
} __attribute__((preserve_access_index));
#define PT_REGS_PARM1_CORE_SYSCALL(x)					\
	BPF_CORE_READ((const struct pt_regs___arm64 *)(x), orig_x0)

#elif defined(bpf_target_s390)

/* user_pt_regs is a typedef of an anonymous struct on s390 */
#define __PT_REGS_CAST(x) ((const user_pt_regs *)(x))
#define __PT_PARM1_REG gprs[2]
#define __PT_PARM2_REG gprs[3]
#define __PT_PARM3_REG gprs[4]
#define __PT_PARM4_REG gprs[5]
#define __PT_PARM5_REG gprs[6]
#define __PT_RET_REG gprs[14]
#define __PT_FP_REG gprs[11]
#define __PT_RC_REG gprs[2]
#define __PT_SP_REG gprs[15]
#define __PT_IP_REG psw.addr
#define __PT_PARM6_SYSCALL_REG gprs[7]
#define ___bpf_syscall_parm1_in_kernel_regs
struct pt_regs___s390 {
	unsigned long orig_gpr2;
} __attribute__((preserve_access_index));
#define PT_REGS_PARM1_CORE_SYSCALL(x)					\
	BPF_CORE_READ((const struct pt_regs___s390 *)(x), orig_gpr2)

#endif /* architectures */

#if defined(bpf_target_defined)

struct pt_regs;

#ifndef __PT_REGS_CAST
#define __PT_REGS_CAST(x) (x)
#endif

/* A register the architecture does not pass arguments in. */
#define ___bpf_no_reg()							\
	({ _Pragma("GCC error \"no such argument register on this architecture\""); 0l; })

#define ___bpf_reg(x, reg) (__PT_REGS_CAST(x)->reg)
#define ___bpf_reg_core(x, reg) BPF_CORE_READ(__PT_REGS_CAST(x), reg)

#define PT_REGS_PARM1(x) ___bpf_reg(x, __PT_PARM1_REG)
#define PT_REGS_PARM2(x) ___bpf_reg(x, __PT_PARM2_REG)
#define PT_REGS_PARM3(x) ___bpf_reg(x, __PT_PARM3_REG)
#define PT_REGS_PARM4(x) ___bpf_reg(x, __PT_PARM4_REG)
#define PT_REGS_PARM5(x) ___bpf_reg(x, __PT_PARM5_REG)
#define PT_REGS_PARM1_CORE(x) ___bpf_reg_core(x, __PT_PARM1_REG)
#define PT_REGS_PARM2_CORE(x) ___bpf_reg_core(x, __PT_PARM2_REG)
#define PT_REGS_PARM3_CORE(x) ___bpf_reg_core(x, __PT_PARM3_REG)
#define PT_REGS_PARM4_CORE(x) ___bpf_reg_core(x, __PT_PARM4_REG)
#define PT_REGS_PARM5_CORE(x) ___bpf_reg_core(x, __PT_PARM5_REG)

#ifdef __PT_PARM6_REG
#define PT_REGS_PARM6(x) ___bpf_reg(x, __PT_PARM6_REG)
#define PT_REGS_PARM6_CORE(x) ___bpf_reg_core(x, __PT_PARM6_REG)
#else
#define PT_REGS_PARM6(x) ___bpf_no_reg()
#define PT_REGS_PARM6_CORE(x) ___bpf_no_reg()
#endif
#ifdef __PT_PARM7_REG
#define PT_REGS_PARM7(x) ___bpf_reg(x, __PT_PARM7_REG)
#define PT_REGS_PARM7_CORE(x) ___bpf_reg_core(x, __PT_PARM7_REG)
#else
#define PT_REGS_PARM7(x) ___bpf_no_reg()
#define PT_REGS_PARM7_CORE(x) ___bpf_no_reg()
#endif
#ifdef __PT_PARM8_REG
#define PT_REGS_PARM8(x) ___bpf_reg(x, __PT_PARM8_REG)
#define PT_REGS_PARM8_CORE(x) ___bpf_reg_core(x, __PT_PARM8_REG)
#else
#define PT_REGS_PARM8(x) ___bpf_no_reg()
#define PT_REGS_PARM8_CORE(x) ___bpf_no_reg()
#endif

#define PT_REGS_RET(x) ___bpf_reg(x, __PT_RET_REG)
#define PT_REGS_FP(x) ___bpf_reg(x, __PT_FP_REG)
#define PT_REGS_RC(x) ___bpf_reg(x, __PT_RC_REG)
#define PT_REGS_SP(x) ___bpf_reg(x, __PT_SP_REG)
#define PT_REGS_IP(x) ___bpf_reg(x, __PT_IP_REG)
#define PT_REGS_RET_CORE(x) ___bpf_reg_core(x, __PT_RET_REG)
#define PT_REGS_FP_CORE(x) ___bpf_reg_core(x, __PT_FP_REG)
#define PT_REGS_RC_CORE(x) ___bpf_reg_core(x, __PT_RC_REG)
#define PT_REGS_SP_CORE(x) ___bpf_reg_core(x, __PT_SP_REG)
#define PT_REGS_IP_CORE(x) ___bpf_reg_core(x, __PT_IP_REG)

/*
 * Return address of the probed function: read it from the stack top on
 * kprobe entry where call pushes it, take the link register elsewhere.
 * In a kretprobe it sits above the saved frame pointer.
 */
#ifdef ___bpf_ret_ip_on_stack
#define BPF_KPROBE_READ_RET_IP(ip, ctx)					\
	({ bpf_probe_read_kernel(&(ip), sizeof(ip),			\
				 (void *)PT_REGS_RET(ctx)); })
#else
#define BPF_KPROBE_READ_RET_IP(ip, ctx)					\
	({ (ip) = PT_REGS_RET(ctx); })
#endif
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx)				\
	({ bpf_probe_read_kernel(&(ip), sizeof(ip),			\
				 (void *)(PT_REGS_FP(ctx) + sizeof(ip))); })

/*
 * System call arguments, read from the pt_regs of the system call itself
 * (PT_REGS_SYSCALL_REGS(ctx) on kernels that wrap system calls, where a
 * kprobe on __x64_sys_foo sees that pt_regs as its first argument).
 */
#ifndef __PT_PARM1_SYSCALL_REG
#define __PT_PARM1_SYSCALL_REG __PT_PARM1_REG
#endif
#ifndef __PT_PARM2_SYSCALL_REG
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#endif
#ifndef __PT_PARM3_SYSCALL_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#endif
#ifndef __PT_PARM4_SYSCALL_REG
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#endif
#ifndef __PT_PARM5_SYSCALL_REG
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#endif
#ifndef __PT_PARM6_SYSCALL_REG
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG
#endif

#ifdef ___bpf_syscall_parm1_in_kernel_regs
/* not in the UAPI register set: always read with CO-RE */
#define PT_REGS_PARM1_SYSCALL(x) PT_REGS_PARM1_CORE_SYSCALL(x)
#else
#define PT_REGS_PARM1_SYSCALL(x) ___bpf_reg(x, __PT_PARM1_SYSCALL_REG)
#define PT_REGS_PARM1_CORE_SYSCALL(x)					\
	___bpf_reg_core(x, __PT_PARM1_SYSCALL_REG)
#endif
#define PT_REGS_PARM2_SYSCALL(x) ___bpf_reg(x, __PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM3_SYSCALL(x) ___bpf_reg(x, __PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM4_SYSCALL(x) ___bpf_reg(x, __PT_PARM4_SYSCALL_REG)
#define PT_REGS_PARM5_SYSCALL(x) ___bpf_reg(x, __PT_PARM5_SYSCALL_REG)
#define PT_REGS_PARM6_SYSCALL(x) ___bpf_reg(x, __PT_PARM6_SYSCALL_REG)
#define PT_REGS_PARM2_CORE_SYSCALL(x)					\
	___bpf_reg_core(x, __PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM3_CORE_SYSCALL(x)					\
	___bpf_reg_core(x, __PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM4_CORE_SYSCALL(x)					\
	___bpf_reg_core(x, __PT_PARM4_SYSCALL_REG)
#define PT_REGS_PARM5_CORE_SYSCALL(x)					\
	___bpf_reg_core(x, __PT_PARM5_SYSCALL_REG)
#define PT_REGS_PARM6_CORE_SYSCALL(x)					\
	___bpf_reg_core(x, __PT_PARM6_SYSCALL_REG)

#define PT_REGS_SYSCALL_REGS(ctx) ((struct pt_regs *)PT_REGS_PARM1(ctx))

#else /* !bpf_target_defined */

#define ___bpf_missing() ({ _Pragma(__BPF_TARGET_MISSING); 0l; })

#define PT_REGS_PARM1(x) ___bpf_missing()
#define PT_REGS_PARM2(x) ___bpf_missing()
#define PT_REGS_PARM3(x) ___bpf_missing()
#define PT_REGS_PARM4(x) ___bpf_missing()
#define PT_REGS_PARM5(x) ___bpf_missing()
#define PT_REGS_PARM6(x) ___bpf_missing()
#define PT_REGS_PARM7(x) ___bpf_missing()
#define PT_REGS_PARM8(x) ___bpf_missing()
#define PT_REGS_PARM1_CORE(x) ___bpf_missing()
#define PT_REGS_PARM2_CORE(x) ___bpf_missing()
#define PT_REGS_PARM3_CORE(x) ___bpf_missing()
#define PT_REGS_PARM4_CORE(x) ___bpf_missing()
#define PT_REGS_PARM5_CORE(x) ___bpf_missing()
#define PT_REGS_PARM6_CORE(x) ___bpf_missing()
#define PT_REGS_PARM7_CORE(x) ___bpf_missing()
#define PT_REGS_PARM8_CORE(x) ___bpf_missing()
#define PT_REGS_RET(x) ___bpf_missing()
#define PT_REGS_FP(x) ___bpf_missing()
#define PT_REGS_RC(x) ___bpf_missing()
#define PT_REGS_SP(x) ___bpf_missing()
#define PT_REGS_IP(x) ___bpf_missing()
#define PT_REGS_RET_CORE(x) ___bpf_missing()
#define PT_REGS_FP_CORE(x) ___bpf_missing()
#define PT_REGS_RC_CORE(x) ___bpf_missing()
#define PT_REGS_SP_CORE(x) ___bpf_missing()
#define PT_REGS_IP_CORE(x) ___bpf_missing()
#define BPF_KPROBE_READ_RET_IP(ip, ctx) ___bpf_missing()
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx) ___bpf_missing()
#define PT_REGS_PARM1_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM2_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM3_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM4_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM5_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM6_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM1_CORE_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM2_CORE_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM3_CORE_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM4_CORE_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM5_CORE_SYSCALL(x) ___bpf_missing()
#define PT_REGS_PARM6_CORE_SYSCALL(x) ___bpf_missing()
#define PT_REGS_SYSCALL_REGS(ctx) ___bpf_missing()

#endif /* bpf_target_defined */

/*
 * The wrappers below turn
 *
 *	SEC("kprobe/do_unlinkat")
 *	int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)
 *	{ ... }
 *
 * into the program "int do_unlinkat(struct pt_regs *ctx)", which calls an
 * always-inlined ____do_unlinkat(ctx, dfd, name) with the arguments taken
 * from the context; the body is that inner function's. ctx stays in scope.
 *
 * Arguments are passed on as (void *) of the raw 64-bit value whatever
 * their declared type, hence the -Wint-conversion silencing around the
 * call: the inner function's prototype converts them back.
 */
#define ___bpf_wrap_call(call)						\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")		\
	return call;							\
	_Pragma("GCC diagnostic pop")

/* BPF_PROG: tracing programs (fentry/fexit, tp_btf, raw_tp, lsm, ...)
 * whose context is an array of u64 arguments. */
#define ___bpf_ctx_cast0() ctx
#define ___bpf_ctx_cast1(x) ___bpf_ctx_cast0(), (void *)ctx[0]
#define ___bpf_ctx_cast2(x, args...) ___bpf_ctx_cast1(args), (void *)ctx[1]
#define ___bpf_ctx_cast3(x, args...) ___bpf_ctx_cast2(args), (void *)ctx[2]
#define ___bpf_ctx_cast4(x, args...) ___bpf_ctx_cast3(args), (void *)ctx[3]
#define ___bpf_ctx_cast5(x, args...) ___bpf_ctx_cast4(args), (void *)ctx[4]
#define ___bpf_ctx_cast6(x, args...) ___bpf_ctx_cast5(args), (void *)ctx[5]
#define ___bpf_ctx_cast7(x, args...) ___bpf_ctx_cast6(args), (void *)ctx[6]
#define ___bpf_ctx_cast8(x, args...) ___bpf_ctx_cast7(args), (void *)ctx[7]
#define ___bpf_ctx_cast9(x, args...) ___bpf_ctx_cast8(args), (void *)ctx[8]
#define ___bpf_ctx_cast10(x, args...) ___bpf_ctx_cast9(args), (void *)ctx[9]
#define ___bpf_ctx_cast11(x, args...) ___bpf_ctx_cast10(args), (void *)ctx[10]
#define ___bpf_ctx_cast12(x, args...) ___bpf_ctx_cast11(args), (void *)ctx[11]
#define ___bpf_ctx_cast(args...)					\
	___bpf_apply(___bpf_ctx_cast, ___bpf_narg(args))(args)

#define BPF_PROG(name, args...)						\
name(unsigned long long *ctx);						\
static __always_inline __typeof__(name(0))				\
____##name(unsigned long long *ctx, ##args);				\
__typeof__(name(0)) name(unsigned long long *ctx)			\
{									\
	___bpf_wrap_call(____##name(___bpf_ctx_cast(args)))		\
}									\
static __always_inline __typeof__(name(0))				\
____##name(unsigned long long *ctx, ##args)

/*
 * BPF_PROG2: like BPF_PROG, but type and name are separate macro
 * arguments, BPF_PROG2(name, int, a, struct pair, p), so that arguments
 * of up to 16 bytes, structs passed by value included, can be rebuilt
 * from the one or two u64 slots the kernel stores them in.
 */
#define ___bpf_slots(t) ((sizeof(t) + 7) / 8)

/* the value of type t stored at ctx[slot] (and ctx[slot + 1]) */
#define ___bpf_slot_load(t, slot)					\
	({								\
		union {							\
			unsigned char b1;				\
			unsigned short b2;				\
			unsigned int b4;				\
			unsigned long long b8[2];			\
			t v;						\
		} ___u;							\
									\
		_Static_assert(sizeof(t) <= 16,				\
			       "BPF_PROG2 arguments are at most 16 bytes"); \
		if (sizeof(t) == 1)					\
			___u.b1 = ctx[slot];				\
		else if (sizeof(t) == 2)				\
			___u.b2 = ctx[slot];				\
		else if (sizeof(t) == 4)				\
			___u.b4 = ctx[slot];				\
		else if (sizeof(t) <= 8)				\
			___u.b8[0] = ctx[slot];				\
		else {							\
			___u.b8[0] = ctx[slot];				\
			___u.b8[1] = ctx[(slot) + 1];			\
		}							\
		___u.v;							\
	})

#define ___bpf_p2_arg0(slot, args...)
#define ___bpf_p2_arg2(slot, t, x) , ___bpf_slot_load(t, slot)
#define ___bpf_p2_arg4(slot, t, x, args...)				\
	, ___bpf_slot_load(t, slot) ___bpf_p2_arg2(slot + ___bpf_slots(t), args)
#define ___bpf_p2_arg6(slot, t, x, args...)				\
	, ___bpf_slot_load(t, slot) ___bpf_p2_arg4(slot + ___bpf_slots(t), args)
#define ___bpf_p2_arg8(slot, t, x, args...)				\
	, ___bpf_slot_load(t, slot) ___bpf_p2_arg6(slot + ___bpf_slots(t), args)
#define ___bpf_p2_arg10(slot, t, x, args...)				\
	, ___bpf_slot_load(t, slot) ___bpf_p2_arg8(slot + ___bpf_slots(t), args)
#define ___bpf_p2_arg12(slot, t, x, args...)				\
	, ___bpf_slot_load(t, slot) ___bpf_p2_arg10(slot + ___bpf_slots(t), args)
#define ___bpf_p2_args(args...)						\
	___bpf_apply(___bpf_p2_arg, ___bpf_narg(args))(0, args)

#define ___bpf_p2_decl0()
#define ___bpf_p2_decl2(t, x) , t x
#define ___bpf_p2_decl4(t, x, args...) , t x ___bpf_p2_decl2(args)
#define ___bpf_p2_decl6(t, x, args...) , t x ___bpf_p2_decl4(args)
#define ___bpf_p2_decl8(t, x, args...) , t x ___bpf_p2_decl6(args)
#define ___bpf_p2_decl10(t, x, args...) , t x ___bpf_p2_decl8(args)
#define ___bpf_p2_decl12(t, x, args...) , t x ___bpf_p2_decl10(args)
#define ___bpf_p2_decls(args...)					\
	___bpf_apply(___bpf_p2_decl, ___bpf_narg(args))(args)

#define BPF_PROG2(name, args...)					\
name(unsigned long long *ctx);						\
static __always_inline __typeof__(name(0))				\
____##name(unsigned long long *ctx ___bpf_p2_decls(args));		\
__typeof__(name(0)) name(unsigned long long *ctx)			\
{									\
	return ____##name(ctx ___bpf_p2_args(args));			\
}									\
static __always_inline __typeof__(name(0))				\
____##name(unsigned long long *ctx ___bpf_p2_decls(args))

/* BPF_KPROBE / BPF_UPROBE: function arguments from registers */
#define ___bpf_kprobe_args0() ctx
#define ___bpf_kprobe_args1(x) ___bpf_kprobe_args0(), (void *)PT_REGS_PARM1(ctx)
#define ___bpf_kprobe_args2(x, args...) ___bpf_kprobe_args1(args), (void *)PT_REGS_PARM2(ctx)
#define ___bpf_kprobe_args3(x, args...) ___bpf_kprobe_args2(args), (void *)PT_REGS_PARM3(ctx)
#define ___bpf_kprobe_args4(x, args...) ___bpf_kprobe_args3(args), (void *)PT_REGS_PARM4(ctx)
#define ___bpf_kprobe_args5(x, args...) ___bpf_kprobe_args4(args), (void *)PT_REGS_PARM5(ctx)
#define ___bpf_kprobe_args6(x, args...) ___bpf_kprobe_args5(args), (void *)PT_REGS_PARM6(ctx)
#define ___bpf_kprobe_args7(x, args...) ___bpf_kprobe_args6(args), (void *)PT_REGS_PARM7(ctx)
#define ___bpf_kprobe_args8(x, args...) ___bpf_kprobe_args7(args), (void *)PT_REGS_PARM8(ctx)
#define ___bpf_kprobe_args(args...)					\
	___bpf_apply(___bpf_kprobe_args, ___bpf_narg(args))(args)

#define BPF_KPROBE(name, args...)					\
name(struct pt_regs *ctx);						\
static __always_inline __typeof__(name(0))				\
____##name(struct pt_regs *ctx, ##args);				\
__typeof__(name(0)) name(struct pt_regs *ctx)				\
{									\
	___bpf_wrap_call(____##name(___bpf_kprobe_args(args)))		\
}									\
static __always_inline __typeof__(name(0))				\
____##name(struct pt_regs *ctx, ##args)

/* BPF_KRETPROBE / BPF_URETPROBE: at most one argument, the return value */
#define ___bpf_kretprobe_args0() ctx
#define ___bpf_kretprobe_args1(x) ___bpf_kretprobe_args0(), (void *)PT_REGS_RC(ctx)
#define ___bpf_kretprobe_args(args...)					\
	___bpf_apply(___bpf_kretprobe_args, ___bpf_narg(args))(args)

#define BPF_KRETPROBE(name, args...)					\
name(struct pt_regs *ctx);						\
static __always_inline __typeof__(name(0))				\
____##name(struct pt_regs *ctx, ##args);				\
__typeof__(name(0)) name(struct pt_regs *ctx)				\
{									\
	___bpf_wrap_call(____##name(___bpf_kretprobe_args(args)))	\
}									\
static __always_inline __typeof__(name(0))				\
____##name(struct pt_regs *ctx, ##args)

#define BPF_UPROBE(name, args...) BPF_KPROBE(name, ##args)
#define BPF_URETPROBE(name, args...) BPF_KRETPROBE(name, ##args)

/*
 * BPF_KSYSCALL: a kprobe on a system call entry (SEC("ksyscall/foo")),
 * with the system call's arguments. Kernels built with system call
 * wrappers (LINUX_HAS_SYSCALL_WRAPPER, provided by the loader) hand the
 * probe a pointer to the user pt_regs, whose registers must be read with
 * probe reads; otherwise the arguments are in ctx itself.
 */
#define ___bpf_syscall_args0() ctx
#define ___bpf_syscall_args1(x) ___bpf_syscall_args0(), (void *)PT_REGS_PARM1_SYSCALL(regs)
#define ___bpf_syscall_args2(x, args...) ___bpf_syscall_args1(args), (void *)PT_REGS_PARM2_SYSCALL(regs)
#define ___bpf_syscall_args3(x, args...) ___bpf_syscall_args2(args), (void *)PT_REGS_PARM3_SYSCALL(regs)
#define ___bpf_syscall_args4(x, args...) ___bpf_syscall_args3(args), (void *)PT_REGS_PARM4_SYSCALL(regs)
#define ___bpf_syscall_args5(x, args...) ___bpf_syscall_args4(args), (void *)PT_REGS_PARM5_SYSCALL(regs)
#define ___bpf_syscall_args6(x, args...) ___bpf_syscall_args5(args), (void *)PT_REGS_PARM6_SYSCALL(regs)
#define ___bpf_syscall_args(args...)					\
	___bpf_apply(___bpf_syscall_args, ___bpf_narg(args))(args)

#define ___bpf_syswrap_args0() ctx
#define ___bpf_syswrap_args1(x) ___bpf_syswrap_args0(), (void *)PT_REGS_PARM1_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args2(x, args...) ___bpf_syswrap_args1(args), (void *)PT_REGS_PARM2_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args3(x, args...) ___bpf_syswrap_args2(args), (void *)PT_REGS_PARM3_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args4(x, args...) ___bpf_syswrap_args3(args), (void *)PT_REGS_PARM4_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args5(x, args...) ___bpf_syswrap_args4(args), (void *)PT_REGS_PARM5_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args6(x, args...) ___bpf_syswrap_args5(args), (void *)PT_REGS_PARM6_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args(args...)					\
	___bpf_apply(___bpf_syswrap_args, ___bpf_narg(args))(args)

#define BPF_KSYSCALL(name, args...)					\
name(struct pt_regs *ctx);						\
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;			\
static __always_inline __typeof__(name(0))				\
____##name(struct pt_regs *ctx, ##args);				\
__typeof__(name(0)) name(struct pt_regs *ctx)				\
{									\
	struct pt_regs *regs __attribute__((unused)) =			\
		LINUX_HAS_SYSCALL_WRAPPER ?				\
		(struct pt_regs *)PT_REGS_PARM1(ctx) : ctx;		\
									\
	if (LINUX_HAS_SYSCALL_WRAPPER) {				\
		___bpf_wrap_call(____##name(___bpf_syswrap_args(args)))	\
	}								\
	___bpf_wrap_call(____##name(___bpf_syscall_args(args)))		\
}									\
static __always_inline __typeof__(name(0))				\
____##name(struct pt_regs *ctx, ##args)

#define BPF_KPROBE_SYSCALL BPF_KSYSCALL

#endif /* __BPF_TRACING_H__ */
