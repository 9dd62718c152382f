// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The __arg_ctx fallback.
 *
 * BPF code for new kernels marks a global subprogram's context argument
 * "void *ctx __arg_ctx" (BTF decl tag "arg:ctx"). Kernels before 6.8
 * ignore the tag: they accept a pointer argument of a global subprogram
 * as the context only when its BTF type is a pointer to the struct they
 * expect, by name, for the program type. On such kernels each program
 * gets, for each tagged global subprogram it contains, a copy of the
 * subprogram's FUNC -> FUNC_PROTO whose tagged arguments point to that
 * struct, and its func_info record is pointed at the copy. The original
 * types are never changed: other programs, of other types, may use them.
 * Identical copies (same subprogram, same context struct) are shared.
 *
 * The same per-program copies verify a global subprogram as static where
 * the running kernel cannot verify it as written (the static fallback):
 * the verifier checks a static subprogram at each call site with the
 * caller's actual argument types, on every kernel. A program gets a copy
 * of the subprogram's FUNC with static linkage (same prototype) when
 *
 *   - the kernel lacks pointer arguments other than the context in
 *     global subprograms (before 5.12) and the subprogram has one;
 *   - the subprogram has an "arg:" tag other than arg:ctx that the
 *     kernel does not know: none before 6.8 (or without DECL_TAG),
 *     nonnull from 6.8, nullable, trusted and arena from 6.9, each
 *     found out by its own probe (features.c);
 *   - the kernel lacks arg:ctx and the program type has no named
 *     context struct to rewrite a tagged argument to (tracing, LSM,
 *     struct_ops, iterators).
 *
 * Nothing is demoted on a kernel that has all three. A demoted subprogram
 * cannot be an freplace target in that program.
 * bpf_object__set_static_fallback(obj, false) turns this off.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libbpf_internal.h"

#define ARG_CTX_TAG "arg:ctx"
#define ARG_TAG_PREFIX "arg:"
#define MAX_ARGS 64	/* a bitmask of tagged arguments per function */

/* the struct each program type's context must be declared as */
static const char *ctx_struct_name(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return "__sk_buff";
	case BPF_PROG_TYPE_KPROBE:
		return "bpf_user_pt_regs_t";
	case BPF_PROG_TYPE_PERF_EVENT:
		return "bpf_perf_event_data";
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return "bpf_raw_tracepoint_args";
	case BPF_PROG_TYPE_XDP:
		return "xdp_md";
	case BPF_PROG_TYPE_CGROUP_SOCK:
		return "bpf_sock";
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return "bpf_sock_addr";
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return "bpf_sockopt";
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return "bpf_sysctl";
	case BPF_PROG_TYPE_CGROUP_DEVICE:
		return "bpf_cgroup_dev_ctx";
	case BPF_PROG_TYPE_SOCK_OPS:
		return "bpf_sock_ops";
	case BPF_PROG_TYPE_SK_MSG:
		return "sk_msg_md";
	case BPF_PROG_TYPE_SK_REUSEPORT:
		return "sk_reuseport_md";
	case BPF_PROG_TYPE_SK_LOOKUP:
		return "bpf_sk_lookup";
	default:
		if (type == LIBBPF_PROG_TYPE_NETFILTER)
			return "bpf_nf_ctx";
		return NULL;	/* tracing, lsm, struct_ops, ext, syscall, tracepoint */
	}
}

/* one rewritten FUNC, shared by every program needing the same copy */
struct func_copy {
	__u32 orig_id;
	const char *ctx_name;		/* NULL: the static copy */
	__u32 new_id;
	const struct bpf_program *prog;	/* made for it: named when shared */
};

struct fixup_state {
	struct btf *btf;
	__u64 *tagged;		/* by FUNC id: bitmask of arg:ctx arguments */
	__u64 *other_tagged;	/* by FUNC id: args with "arg:" tags the kernel lacks */
	__u32 *other_tag_off;	/* by FUNC id: name of the first such tag */
	const char *last_tag;	/* kernel_knows_tag()'s cache for tags without a FEAT_ id */
	bool last_known;
	__u32 nr_types;
	struct func_copy *copies;
	size_t nr_copies;
	bool rewrite;		/* the kernel lacks arg:ctx: rewrite */
	bool demote;		/* the static fallback may act */
};

static const struct {
	const char *tag;
	enum kern_feature_id feat;
} arg_tag_feats[] = {
	{ "arg:nonnull", FEAT_ARG_NONNULL },
	{ "arg:nullable", FEAT_ARG_NULLABLE },
	{ "arg:trusted", FEAT_ARG_TRUSTED },
	{ "arg:untrusted", FEAT_ARG_UNTRUSTED },
	{ "arg:arena", FEAT_ARG_ARENA },
};

/* what a kernel lacking the "arg:" tag name lacks, for messages */
static const char *arg_tag_feature(const char *name)
{
	size_t i;

	if (!kernel_supports(FEAT_ARG_CTX_TAG) || !kernel_supports(FEAT_BTF_DECL_TAG))
		return "argument tags of global subprograms (Linux 6.8)";
	for (i = 0; i < ARRAY_SIZE(arg_tag_feats); i++)
		if (strcmp(name, arg_tag_feats[i].tag) == 0)
			return kern_feature_desc(arg_tag_feats[i].feat);
	return "this argument tag";
}

/* does the kernel know the global subprogram argument tag name ("arg:...")? */
static bool kernel_knows_tag(struct fixup_state *st, const char *name)
{
	size_t i;

	if (!kernel_supports(FEAT_ARG_CTX_TAG) || !kernel_supports(FEAT_BTF_DECL_TAG))
		return false;
	for (i = 0; i < ARRAY_SIZE(arg_tag_feats); i++)
		if (strcmp(name, arg_tag_feats[i].tag) == 0)
			return kernel_supports(arg_tag_feats[i].feat);
	if (!st->last_tag || strcmp(st->last_tag, name) != 0) {
		st->last_tag = name;
		st->last_known = kern_probe_arg_tag(name + strlen(ARG_TAG_PREFIX)) == 1;
	}
	return st->last_known;
}

/*
 * Index every arg:ctx decl tag, and every other "arg:" tag the kernel
 * does not know, by the FUNC it annotates.
 */
static int collect_tags(struct fixup_state *st)
{
	__u32 i;

	st->tagged = calloc(st->nr_types, sizeof(*st->tagged));
	st->other_tagged = calloc(st->nr_types, sizeof(*st->other_tagged));
	st->other_tag_off = calloc(st->nr_types, sizeof(*st->other_tag_off));
	if (!st->tagged || !st->other_tagged || !st->other_tag_off)
		return -ENOMEM;
	for (i = 1; i < st->nr_types; i++) {
		const struct btf_type *t = btf__type_by_id(st->btf, i);
		const struct btf_type *func;
		const char *name;
		int arg;

		if (!btf_is_decl_tag(t))
			continue;
		name = btf__name_by_offset(st->btf, t->name_off);
		arg = btf_decl_tag(t)->component_idx;
		if (!name || strncmp(name, ARG_TAG_PREFIX, strlen(ARG_TAG_PREFIX)) != 0 ||
		    arg < 0)
			continue;
		func = btf__type_by_id(st->btf, t->type);
		if (!func || !btf_is_func(func) || t->type >= st->nr_types)
			continue;
		if (arg >= MAX_ARGS) {
			pr_warn("BTF: arg:ctx tag on argument %d of FUNC %u: too many arguments\n",
				arg, t->type);
			continue;
		}
		if (strcmp(name, ARG_CTX_TAG) == 0) {
			st->tagged[t->type] |= 1ULL << arg;
		} else if (!kernel_knows_tag(st, name)) {
			if (!st->other_tagged[t->type])
				st->other_tag_off[t->type] = t->name_off;
			st->other_tagged[t->type] |= 1ULL << arg;
		}
	}
	return 0;
}

enum arg_verdict { ARG_KEEP, ARG_REWRITE, ARG_BAD };

/*
 * Does a tagged argument of type arg_type need to point to ctx_name?
 * void * and the register/raw forms some program types also accept as
 * their context are rewritten; the expected struct, or the
 * bpf_user_pt_regs_t typedef for kprobes, already works.
 */
static enum arg_verdict check_arg(const struct btf *btf, enum bpf_prog_type type,
				  __u32 arg_type, const char *ctx_name)
{
	const struct btf_type *t = btf_skip_modifiers(btf, arg_type, NULL);
	const char *name;
	__u32 id;

	if (!t || !btf_is_ptr(t))
		return ARG_BAD;
	/* skip const/volatile only: a typedef may be the accepted name */
	for (id = t->type, t = btf__type_by_id(btf, id);
	     t && (btf_is_const(t) || btf_is_volatile(t) || btf_is_restrict(t) || btf_is_type_tag(t));
	     id = t->type, t = btf__type_by_id(btf, id))
		;
	if (!t)
		return ARG_BAD;
	if (btf_is_typedef(t) && type == BPF_PROG_TYPE_KPROBE &&
	    strcmp(btf__name_by_offset(btf, t->name_off) ?: "", "bpf_user_pt_regs_t") == 0)
		return ARG_KEEP;
	t = btf_skip_modifiers(btf, id, NULL);
	if (!t)
		return ARG_BAD;
	if (btf_is_void(t))
		return ARG_REWRITE;
	name = btf__name_by_offset(btf, t->name_off) ?: "";
	if (btf_is_struct(t) && strcmp(name, ctx_name) == 0)
		return ARG_KEEP;
	switch (type) {
	case BPF_PROG_TYPE_KPROBE:
		if (btf_is_struct(t) && strcmp(name, "pt_regs") == 0)
			return ARG_REWRITE;
		break;
	case BPF_PROG_TYPE_PERF_EVENT:
		/* the register structs bpf_user_pt_regs_t stands for */
		if (btf_is_struct(t) && (strcmp(name, "pt_regs") == 0 ||
					 strcmp(name, "user_pt_regs") == 0 ||
					 strcmp(name, "user_regs_struct") == 0))
			return ARG_REWRITE;
		break;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		if (btf_is_int(t) && t->size == 8)
			return ARG_REWRITE;
		break;
	default:
		break;
	}
	return ARG_BAD;
}

/* id of "struct ctx_name", added (empty) when the object has none */
static int ctx_struct_id(struct btf *btf, const char *ctx_name)
{
	int id = btf__find_by_name_kind(btf, ctx_name, BTF_KIND_STRUCT);

	if (id > 0)
		return id;
	return btf__add_struct(btf, ctx_name, 0);
}

/* "struct x *", or "const struct x *" etc. as a readable type name */
static void type_str(const struct btf *btf, __u32 id, char *buf, size_t size)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;

	if (!t) {
		snprintf(buf, size, "?");
		return;
	}
	if (btf_is_ptr(t)) {
		char inner[96];

		type_str(btf, t->type, inner, sizeof(inner));
		snprintf(buf, size, "%s *", inner);
		return;
	}
	name = btf__name_by_offset(btf, t->name_off) ?: "";
	if (btf_is_void(t))
		snprintf(buf, size, "void");
	else if (btf_is_const(t) || btf_is_volatile(t) || btf_is_type_tag(t) || btf_is_restrict(t))
		type_str(btf, t->type, buf, size);
	else
		snprintf(buf, size, "%s%s", btf_is_struct(t) ? "struct " :
			 btf_is_union(t) ? "union " : "", name);
}

/* FUNC -> FUNC_PROTO copy of orig_id with the args in mask pointing to ctx */
static int build_copy(struct fixup_state *st, const struct bpf_program *prog,
		      __u32 orig_id, __u64 mask, const char *ctx_name)
{
	struct btf *btf = st->btf;
	const struct btf_type *func, *proto;
	int ptr_id, proto_id, struct_id, i, n, linkage, err;
	char old_type[128], *name = NULL, *pname;
	__u32 ret_type;

	struct_id = ctx_struct_id(btf, ctx_name);
	if (struct_id < 0)
		return struct_id;
	ptr_id = btf__add_ptr(btf, struct_id);
	if (ptr_id < 0)
		return ptr_id;

	/* adding types and strings may move the BTF: copy what is needed */
	func = btf__type_by_id(btf, orig_id);
	name = strdup(btf__name_by_offset(btf, func->name_off) ?: "");
	if (!name)
		return -ENOMEM;
	proto = btf__type_by_id(btf, func->type);
	ret_type = proto->type;
	n = btf_vlen(proto);
	linkage = btf_vlen(func);
	proto_id = btf__add_func_proto(btf, ret_type);
	for (i = 0, err = proto_id < 0 ? proto_id : 0; !err && i < n; i++) {
		const struct btf_type *orig = btf__type_by_id(btf, orig_id);
		const struct btf_param *p = &btf_params(btf__type_by_id(btf, orig->type))[i];
		__u32 type = p->type;

		pname = strdup(btf__name_by_offset(btf, p->name_off) ?: "");
		if (!pname) {
			err = -ENOMEM;
			break;
		}
		if (mask & (1ULL << i)) {
			type_str(btf, p->type, old_type, sizeof(old_type));
			pr_debug("prog '%s': subprog '%s' arg %d ('%s'): %s -> struct %s *\n",
				 prog->name, name, i, pname, old_type, ctx_name);
			type = ptr_id;
		}
		err = btf__add_func_param(btf, pname, type);
		free(pname);
	}
	if (!err)
		err = btf__add_func(btf, name, linkage, proto_id);
	free(name);
	return err;
}

/* the FUNC orig_id again, with static linkage and the same prototype */
static int static_copy(struct fixup_state *st, __u32 orig_id)
{
	const struct btf_type *func = btf__type_by_id(st->btf, orig_id);
	char *name = strdup(btf__name_by_offset(st->btf, func->name_off) ?: "");
	__u32 proto = func->type;
	int id;

	if (!name)
		return -ENOMEM;
	id = btf__add_func(st->btf, name, BTF_FUNC_STATIC, proto);
	free(name);
	return id;
}

/*
 * Why the kernel cannot verify global FUNC func_id as written for prog:
 * writes the reason and the missing kernel feature, returns false when
 * it can.
 */
static bool demote_reason(struct fixup_state *st, const struct bpf_program *prog,
			  __u32 func_id, const char *ctx_name, char *why, size_t why_sz,
			  const char **missing)
{
	const struct btf_type *func = btf__type_by_id(st->btf, func_id);
	const struct btf_type *proto = btf__type_by_id(st->btf, func->type);
	const struct btf_param *params;
	const char *pname;
	int i;

	if (!proto || !btf_is_func_proto(proto))
		return false;
	params = btf_params(proto);
	for (i = 0; i < btf_vlen(proto); i++) {
		const struct btf_type *t = btf_skip_modifiers(st->btf, params[i].type, NULL);
		bool ctx_tagged = i < MAX_ARGS && (st->tagged[func_id] & (1ULL << i));

		pname = btf__name_by_offset(st->btf, params[i].name_off) ?: "";
		if (st->rewrite && ctx_tagged && !ctx_name) {
			snprintf(why, why_sz, "arg %d ('%s') is tagged arg:ctx and program type %s has no named context",
				 i, pname, libbpf_bpf_prog_type_str(prog->type) ?: "?");
			*missing = "arg:ctx tags (Linux 6.8)";
			return true;
		}
		if (i < MAX_ARGS && (st->other_tagged[func_id] & (1ULL << i))) {
			const char *tag = btf__name_by_offset(st->btf, st->other_tag_off[func_id]) ?: "?";

			snprintf(why, why_sz, "arg %d ('%s') is tagged %s", i, pname, tag);
			*missing = arg_tag_feature(tag);
			return true;
		}
		/* tagged arg:ctx ones are rewritten, or reported if they cannot be */
		if (t && btf_is_ptr(t) && !ctx_tagged && !kernel_supports(FEAT_GLOBAL_PTR_ARGS) &&
		    !(ctx_name && check_arg(st->btf, prog->type, params[i].type, ctx_name) == ARG_KEEP)) {
			snprintf(why, why_sz, "arg %d ('%s') is a pointer other than the context",
				 i, pname);
			*missing = "pointer arguments of global subprograms (Linux 5.12)";
			return true;
		}
	}
	return false;
}

static int copy_for(struct fixup_state *st, const struct bpf_program *prog, __u32 orig_id,
		    __u64 mask, const char *ctx_name)
{
	struct func_copy *c;
	size_t i;
	int id;

	for (i = 0; i < st->nr_copies; i++) {
		const struct btf_type *func;

		c = &st->copies[i];
		if (c->orig_id != orig_id || !c->ctx_name != !ctx_name ||
		    (ctx_name && strcmp(c->ctx_name, ctx_name)))
			continue;
		/* one line per program, so that each one's rewrites can be told */
		func = btf__type_by_id(st->btf, orig_id);
		pr_debug("prog '%s': subprog '%s' shares the %s copy made for prog '%s'\n",
			 prog->name, btf__name_by_offset(st->btf, func->name_off) ?: "?",
			 ctx_name ? "arg:ctx" : "static", c->prog->name);
		return c->new_id;
	}
	id = ctx_name ? build_copy(st, prog, orig_id, mask, ctx_name) : static_copy(st, orig_id);
	if (id < 0)
		return id;
	c = realloc(st->copies, (st->nr_copies + 1) * sizeof(*c));
	if (!c)
		return -ENOMEM;
	st->copies = c;
	c[st->nr_copies].orig_id = orig_id;
	c[st->nr_copies].ctx_name = ctx_name;
	c[st->nr_copies].new_id = id;
	c[st->nr_copies].prog = prog;
	st->nr_copies++;
	return id;
}

/* which tagged args of FUNC func_id this program needs rewritten */
static __u64 args_to_rewrite(struct fixup_state *st, const struct bpf_program *prog,
			     __u32 func_id, const char *ctx_name)
{
	const struct btf_type *func = btf__type_by_id(st->btf, func_id);
	const struct btf_type *proto = btf__type_by_id(st->btf, func->type);
	const char *fname = btf__name_by_offset(st->btf, func->name_off) ?: "?";
	const struct btf_param *params;
	__u64 mask = 0;
	int i;

	if (!proto || !btf_is_func_proto(proto))
		return 0;
	params = btf_params(proto);
	for (i = 0; i < btf_vlen(proto) && i < MAX_ARGS; i++) {
		const char *pname;

		if (!(st->tagged[func_id] & (1ULL << i)))
			continue;
		pname = btf__name_by_offset(st->btf, params[i].name_off) ?: "";
		if (!ctx_name) {
			pr_warn("prog '%s': subprog '%s' arg %d ('%s') is tagged arg:ctx, but program type %s has no named context; left as is\n",
				prog->name, fname, i, pname,
				libbpf_bpf_prog_type_str(prog->type) ?: "?");
			continue;
		}
		switch (check_arg(st->btf, prog->type, params[i].type, ctx_name)) {
		case ARG_REWRITE:
			mask |= 1ULL << i;
			break;
		case ARG_KEEP:
			break;
		case ARG_BAD:
			pr_warn("prog '%s': subprog '%s' arg %d ('%s') is tagged arg:ctx, but its type cannot be a context (expected void * or struct %s *); left as is\n",
				prog->name, fname, i, pname, ctx_name);
			break;
		}
	}
	return mask;
}

static int fixup_prog(struct fixup_state *st, struct bpf_program *prog)
{
	const char *ctx_name = ctx_struct_name(prog->type);
	const char *missing;
	char why[160];
	int id = 0;
	__u32 i;

	for (i = 0; i < prog->func_info_cnt; i++) {
		__u32 *rec = (__u32 *)((char *)prog->func_info + i * prog->func_info_rec_size);
		const struct btf_type *func = btf__type_by_id(st->btf, rec[1]);
		__u64 mask;

		if (!func || !btf_is_func(func) || rec[1] >= st->nr_types)
			continue;
		if (btf_vlen(func) != BTF_FUNC_GLOBAL)
			continue;	/* static subprograms are verified with the caller */
		if (st->demote && i > 0 &&
		    demote_reason(st, prog, rec[1], ctx_name, why, sizeof(why), &missing)) {
			pr_info("prog '%s': subprog '%s' verified as static: %s; the kernel lacks %s\n",
				prog->name, btf__name_by_offset(st->btf, func->name_off) ?: "?",
				why, missing);
			id = copy_for(st, prog, rec[1], 0, NULL);
			if (id < 0)
				goto err_out;
			rec[1] = id;
			continue;
		}
		if (!st->rewrite || !st->tagged[rec[1]])
			continue;
		mask = args_to_rewrite(st, prog, rec[1], ctx_name);
		if (!mask)
			continue;
		id = copy_for(st, prog, rec[1], mask, ctx_name);
		if (id < 0)
			goto err_out;
		rec[1] = id;
	}
	return 0;

err_out:
	pr_warn("prog '%s': failed to add BTF for a per-program FUNC copy: %s\n",
		prog->name, libbpf_errstr(id));
	return id;
}

static bool any_set(const __u64 *masks, __u32 n)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (masks[i])
			return true;
	return false;
}

int bpf_object_fixup_arg_ctx(struct bpf_object *obj)
{
	struct fixup_state st = { .btf = obj->btf };
	size_t i;
	int err;

	if (!obj->btf || !obj->btf_ext)
		return 0;
	/* a kernel that gets no decl tags (sanitized away) cannot honour them */
	st.rewrite = !kernel_supports(FEAT_ARG_CTX_TAG) || !kernel_supports(FEAT_BTF_DECL_TAG);
	st.demote = !obj->no_static_fallback;
	if (!st.rewrite && !st.demote) {
		pr_debug("object '%s': kernel understands arg:ctx natively, nothing to rewrite\n",
			 obj->name);
		return 0;
	}
	st.nr_types = btf__type_cnt(obj->btf);
	err = collect_tags(&st);
	/* a kernel with pointer arguments demotes only for tags it lacks */
	if (!err && !st.rewrite && kernel_supports(FEAT_GLOBAL_PTR_ARGS) &&
	    !any_set(st.other_tagged, st.nr_types))
		goto out;
	for (i = 0; !err && i < obj->nr_programs; i++)
		if (prog_will_load(&obj->programs[i]) && obj->programs[i].func_info_cnt)
			err = fixup_prog(&st, &obj->programs[i]);
	if (!err)
		pr_debug("object '%s': %s, the fallback added %zu FUNC copies\n", obj->name,
			 st.rewrite ? "no native arg:ctx support" : "arg:ctx understood natively",
			 st.nr_copies);
out:
	free(st.tagged);
	free(st.other_tagged);
	free(st.other_tag_off);
	free(st.copies);
	return err;
}

int bpf_object__set_static_fallback(struct bpf_object *obj, bool enable)
{
	if (!obj || obj->loaded)
		return libbpf_err(-EINVAL);
	obj->no_static_fallback = !enable;
	return 0;
}
