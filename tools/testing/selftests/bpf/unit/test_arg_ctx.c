// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The __arg_ctx fallback (arg_ctx.c) without loading anything: clang-built
 * objects are opened and relocated (no kernel needed: map fds stay -1),
 * then bpf_object_fixup_arg_ctx() runs with the kernel feature forced
 * off, and the BTF and func_info are compared before and after:
 *
 *   - the original types are byte for byte unchanged;
 *   - each program's func_info record of a tagged global subprogram
 *     points to a new FUNC of the same name and linkage whose FUNC_PROTO
 *     differs only in the tagged arguments, now pointers to the context
 *     struct of the program's type; other records are untouched;
 *   - copies are shared per (subprogram, struct), and the BTF grows by
 *     exactly a FUNC, FUNC_PROTO and PTR per copy plus an empty struct
 *     for each struct the object lacks;
 *   - tags that cannot be honoured are warned about, naming program,
 *     subprogram and argument, and left alone;
 *   - programs that will not load get nothing.
 *
 * With native support nothing changes; that case asks the kernel's
 * answer (there is no way to force a feature on) and is skipped with a
 * note where the probe cannot run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include "libbpf_internal.h"
#include "unit.h"

#define CTX_ARGS_OBJ "test_global_func_ctx_args.bpf.o"
#define ARGS_OBJ "test_global_funcs_args.bpf.o"
#define GROWTH_OBJ "test_global_funcs_growth.bpf.o"

/* ---- helpers -------------------------------------------------------------- */

static size_t type_rec_size(const struct btf_type *t)
{
	size_t n = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return sizeof(*t) + 4;
	case BTF_KIND_ARRAY:
		return sizeof(*t) + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return sizeof(*t) + n * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return sizeof(*t) + n * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return sizeof(*t) + n * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return sizeof(*t) + n * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return sizeof(*t) + n * sizeof(struct btf_var_secinfo);
	default:
		return sizeof(*t);
	}
}

static const char *name_of(const struct btf *btf, __u32 off)
{
	return btf__name_by_offset(btf, off) ?: "(bad offset)";
}

/* the state of an object that the fix-up may change */
struct snapshot {
	struct btf *btf;	/* independent copy of the object's BTF */
	__u32 **finfo;		/* per program: its func_info type ids */
	__u32 *nr_finfo;
	size_t nr_progs;
};

static void snapshot_free(struct snapshot *s)
{
	size_t i;

	for (i = 0; s->finfo && i < s->nr_progs; i++)
		free(s->finfo[i]);
	free(s->finfo);
	free(s->nr_finfo);
	btf__free(s->btf);
	memset(s, 0, sizeof(*s));
}

static __u32 rec_type_id(const struct bpf_program *prog, __u32 i)
{
	const __u32 *rec = (const __u32 *)((const char *)prog->func_info +
					   (size_t)i * prog->func_info_rec_size);

	return rec[1];
}

static bool snapshot_take(const struct bpf_object *obj, struct snapshot *s)
{
	const void *raw;
	size_t i;
	__u32 sz, j;

	memset(s, 0, sizeof(*s));
	raw = btf__raw_data(obj->btf, &sz);
	if (!ASSERT_OK_PTR(raw, "raw BTF"))
		return false;
	s->btf = btf__new(raw, sz);
	s->nr_progs = obj->nr_programs;
	s->finfo = calloc(s->nr_progs, sizeof(*s->finfo));
	s->nr_finfo = calloc(s->nr_progs, sizeof(*s->nr_finfo));
	if (!ASSERT_OK_PTR(s->btf, "BTF copy") || !ASSERT_OK_PTR(s->finfo, "calloc") ||
	    !ASSERT_OK_PTR(s->nr_finfo, "calloc"))
		goto err;
	for (i = 0; i < s->nr_progs; i++) {
		const struct bpf_program *prog = &obj->programs[i];

		s->nr_finfo[i] = prog->func_info_cnt;
		if (!prog->func_info_cnt)
			continue;
		s->finfo[i] = calloc(prog->func_info_cnt, sizeof(__u32));
		if (!ASSERT_OK_PTR(s->finfo[i], "calloc"))
			goto err;
		for (j = 0; j < prog->func_info_cnt; j++)
			s->finfo[i][j] = rec_type_id(prog, j);
	}
	return true;
err:
	snapshot_free(s);
	return false;
}

/* open an object and relocate it with only the programs in keep (NULL: all) */
static struct bpf_object *open_relocated(const char *file, const char *const *keep)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	size_t i;

	obj = bpf_object__open_file(unit_obj_path(file), NULL);
	if (!ASSERT_OK_PTR(obj, file))
		return NULL;
	bpf_object__for_each_program(prog, obj) {
		bool on = !keep;

		for (i = 0; keep && keep[i]; i++)
			on = on || !strcmp(keep[i], bpf_program__name(prog));
		bpf_program__set_autoload(prog, on);
	}
	if (!ASSERT_OK(bpf_object_relocate(obj), "relocate")) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static struct bpf_program *prog_by_name(struct bpf_object *obj, const char *name)
{
	size_t i;

	for (i = 0; i < obj->nr_programs; i++)
		if (!strcmp(obj->programs[i].name, name))
			return &obj->programs[i];
	return NULL;
}

/* func_info type id of subprogram @sub in program @prog, 0 if none */
static __u32 func_of(struct bpf_object *obj, const char *prog_name, const char *sub)
{
	struct bpf_program *prog = prog_by_name(obj, prog_name);
	__u32 i;

	for (i = 0; prog && i < prog->func_info_cnt; i++) {
		const struct btf_type *t = btf__type_by_id(obj->btf, rec_type_id(prog, i));

		if (t && btf_is_func(t) && !strcmp(name_of(obj->btf, t->name_off), sub))
			return rec_type_id(prog, i);
	}
	return 0;
}

/* the struct a PTR points to (modifiers skipped), NULL if not a struct */
static const char *ptr_struct(const struct btf *btf, __u32 ptr_id)
{
	const struct btf_type *t = btf__type_by_id(btf, ptr_id);

	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf_skip_modifiers(btf, t->type, NULL);
	if (!t || !btf_is_struct(t))
		return NULL;
	return name_of(btf, t->name_off);
}

/* ---- invariants over the whole object --------------------------------------- */

/* every type that existed before is unchanged, byte for byte */
static void check_originals(const struct btf *before, const struct btf *after)
{
	__u32 i, n = btf__type_cnt(before);

	for (i = 1; i < n; i++) {
		const struct btf_type *a = btf__type_by_id(before, i);
		const struct btf_type *b = btf__type_by_id(after, i);

		if (!ASSERT_OK_PTR(b, "original type still there") ||
		    !ASSERT_EQ(type_rec_size(b), type_rec_size(a), "original type size") ||
		    !ASSERT_TRUE(!memcmp(a, b, type_rec_size(a)), "original type bytes"))
			return;
		if (a->name_off)
			ASSERT_STREQ(name_of(after, b->name_off), name_of(before, a->name_off),
				     "original type name");
	}
}

/*
 * A record that changed points to a copy of the FUNC it had: same name
 * and linkage, same return type and parameter names, each parameter
 * either the same type or a pointer to the struct ctx_name.
 */
static void check_copy(const struct btf *before, const struct btf *after, __u32 orig_id,
		       __u32 copy_id, const char *ctx_name)
{
	const struct btf_type *of = btf__type_by_id(before, orig_id);
	const struct btf_type *cf = btf__type_by_id(after, copy_id);
	const struct btf_type *op, *cp;
	const struct btf_param *oa, *ca;
	int i, changed = 0;

	CHECK_OR_RETURN(ASSERT_TRUE(cf && btf_is_func(cf), "copy is a FUNC"));
	ASSERT_TRUE(copy_id >= btf__type_cnt(before), "copy is a new type");
	ASSERT_STREQ(name_of(after, cf->name_off), name_of(before, of->name_off), "copy name");
	ASSERT_EQ(btf_vlen(cf), btf_vlen(of), "copy linkage");
	op = btf__type_by_id(before, of->type);
	cp = btf__type_by_id(after, cf->type);
	CHECK_OR_RETURN(ASSERT_TRUE(cp && btf_is_func_proto(cp), "copy has a FUNC_PROTO"));
	ASSERT_TRUE(cf->type >= btf__type_cnt(before), "copy's FUNC_PROTO is new");
	ASSERT_EQ(cp->type, op->type, "return type");
	CHECK_OR_RETURN(ASSERT_EQ(btf_vlen(cp), btf_vlen(op), "parameter count"));
	oa = btf_params(op);
	ca = btf_params(cp);
	for (i = 0; i < btf_vlen(op); i++) {
		ASSERT_STREQ(name_of(after, ca[i].name_off), name_of(before, oa[i].name_off),
			     "parameter name");
		if (ca[i].type == oa[i].type)
			continue;
		changed++;
		ASSERT_STREQ(ptr_struct(after, ca[i].type), ctx_name, "retyped parameter");
	}
	ASSERT_TRUE(changed > 0, "a copy retypes at least one parameter");
}

/* the struct each program type's context is named, as DESIGN.md lists */
static const char *expected_ctx(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_CGROUP_SKB:
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
	default:
		return NULL;
	}
}

struct copy_seen {
	__u32 orig;
	const char *ctx;
	__u32 copy;
};

/* a copy for (orig, ctx) must be the one seen before, if any */
static int note_copy(struct copy_seen *seen, int *nr, int max, __u32 orig,
		     const char *ctx, __u32 copy)
{
	int k;

	for (k = 0; k < *nr; k++) {
		if (seen[k].orig != orig || strcmp(seen[k].ctx, ctx))
			continue;
		ASSERT_EQ(copy, seen[k].copy, "one copy per (subprog, struct)");
		return 0;
	}
	if (!ASSERT_LT(*nr, max, "too many copies for the test"))
		return -1;
	seen[*nr].orig = orig;
	seen[*nr].ctx = ctx;
	seen[*nr].copy = copy;
	(*nr)++;
	return 0;
}

/*
 * Check every record of every program against the snapshot; returns the
 * number of distinct copies the records point to, -1 on a failed check.
 */
static int check_records(struct bpf_object *obj, const struct snapshot *s)
{
	struct copy_seen seen[64];
	int nr_seen = 0;
	size_t i;
	__u32 j;

	for (i = 0; i < obj->nr_programs; i++) {
		struct bpf_program *prog = &obj->programs[i];
		const char *ctx = expected_ctx(prog->type);

		if (!ASSERT_EQ(prog->func_info_cnt, s->nr_finfo[i], "record count"))
			return -1;
		for (j = 0; j < prog->func_info_cnt; j++) {
			__u32 orig = s->finfo[i][j], now = rec_type_id(prog, j);

			if (orig == now)
				continue;
			if (!ASSERT_TRUE(prog_will_load(prog), "only loading programs change") ||
			    !ASSERT_TRUE(j > 0, "the main program's own record is kept") ||
			    !ASSERT_OK_PTR(ctx, "program type has a context struct"))
				return -1;
			check_copy(s->btf, obj->btf, orig, now, ctx);
			if (note_copy(seen, &nr_seen, ARRAY_SIZE(seen), orig, ctx, now))
				return -1;
		}
	}
	return nr_seen;
}

/*
 * The new types: a FUNC, FUNC_PROTO and PTR per copy and empty structs
 * the object lacked; returns how many structs were added, -1 on failure.
 */
static int check_new_types(const struct btf *before, const struct btf *after, int copies)
{
	__u32 i, n0 = btf__type_cnt(before), n1 = btf__type_cnt(after);
	int funcs = 0, protos = 0, ptrs = 0, structs = 0;

	for (i = n0; i < n1; i++) {
		const struct btf_type *t = btf__type_by_id(after, i);
		const char *name = name_of(after, t->name_off);

		if (btf_is_func(t)) {
			funcs++;
		} else if (btf_is_func_proto(t)) {
			protos++;
		} else if (btf_is_ptr(t)) {
			ptrs++;
		} else if (btf_is_struct(t)) {
			structs++;
			ASSERT_EQ(btf_vlen(t), 0, "added struct is empty");
			ASSERT_LT(btf__find_by_name_kind(before, name, BTF_KIND_STRUCT), 0,
				  "struct added only when absent");
		} else {
			UNIT_FAIL("unexpected new type [%u] of kind %u", i, btf_kind(t));
			return -1;
		}
	}
	ASSERT_EQ(funcs, copies, "a FUNC per copy");
	ASSERT_EQ(protos, copies, "a FUNC_PROTO per copy");
	ASSERT_EQ(ptrs, copies, "a PTR per copy");
	return structs;
}

/* ---- the fallback ------------------------------------------------------------ */

/*
 * Relocate @file with the programs in @keep (NULL: all), run the fix-up
 * with arg_ctx forced off and the static fallback off (the rewrite alone)
 * and check the invariants; returns the number of copies (-1 on failure)
 * and leaves the object in *pobj.
 */
static int fixup_forced(const char *file, const char *const *keep, struct bpf_object **pobj,
			int *added_structs)
{
	struct snapshot s;
	int copies = -1, err;

	*pobj = open_relocated(file, keep);
	if (!*pobj)
		return -1;
	(*pobj)->no_static_fallback = true;
	if (!snapshot_take(*pobj, &s))
		return -1;
	if (!ASSERT_OK(kern_features_force_off("arg_ctx"), "force arg_ctx off"))
		goto out;
	unit_log_reset();
	err = bpf_object_fixup_arg_ctx(*pobj);
	kern_features_force_off(NULL);
	if (!ASSERT_OK(err, "fixup"))
		goto out;
	check_originals(s.btf, (*pobj)->btf);
	copies = check_records(*pobj, &s);
	if (copies >= 0)
		*added_structs = check_new_types(s.btf, (*pobj)->btf, copies);
out:
	snapshot_free(&s);
	return copies;
}

struct rewrite {
	const char *prog, *subprog;
	const char *ctx;	/* NULL: the record keeps the original FUNC */
};

static void check_rewrites(struct bpf_object *obj, const struct rewrite *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		__u32 id = func_of(obj, r[i].prog, r[i].subprog);
		__u32 orig = btf__find_by_name_kind(obj->btf, r[i].subprog, BTF_KIND_FUNC);

		if (!ASSERT_TRUE(id > 0, r[i].prog))
			continue;
		if (r[i].ctx)
			ASSERT_NEQ(id, orig, r[i].subprog);
		else
			ASSERT_EQ(id, orig, r[i].subprog);
	}
}

UNIT_TEST(arg_ctx_fallback_ctx_args)
{
	static const struct rewrite rw[] = {
		{ "raw_tp_void_ctx", "trace_ctx_subprog", "bpf_raw_tracepoint_args" },
		{ "perf_event_void_ctx", "trace_ctx_subprog", "bpf_perf_event_data" },
		{ "kprobe_void_ctx", "trace_ctx_subprog", "bpf_user_pt_regs_t" },
		{ "tc_void_ctx", "trace_ctx_subprog", "__sk_buff" },
		{ "xdp_void_ctx", "trace_ctx_subprog", "xdp_md" },
		{ "cgroup_skb_void_ctx", "skb_ctx_subprog", "__sk_buff" },
		{ "kprobe_resolved_ctx", "kprobe_resolved_subprog", "bpf_user_pt_regs_t" },
		{ "raw_tp_u64_ctx", "raw_tp_u64_subprog", "bpf_raw_tracepoint_args" },
		{ "xdp_two_ctx", "two_ctx_subprog", "xdp_md" },
		{ "tc_ptr_between_ctx", "ptr_between_ctx_subprog", "__sk_buff" },
		{ "perf_event_nested_ctx", "outer_ctx_subprog", "bpf_perf_event_data" },
		{ "perf_event_nested_ctx", "inner_ctx_subprog", "bpf_perf_event_data" },
		/* already typed as the kernel wants */
		{ "socket_typed_ctx", "skb_typed_subprog", NULL },
		{ "perf_event_struct_ctx", "perf_event_struct_subprog", NULL },
		{ "kprobe_typedef_tagged_ctx", "kprobe_typedef_tagged_subprog", NULL },
		{ "kprobe_workaround_ctx", "kprobe_workaround_subprog", NULL },
	};
	struct bpf_object *obj;
	int copies, structs = 0;
	const char *log;

	copies = fixup_forced(CTX_ARGS_OBJ, NULL, &obj, &structs);
	if (copies < 0)
		goto out;
	log = unit_log();
	check_rewrites(obj, rw, ARRAY_SIZE(rw));

	/* same subprogram and struct: one copy, whatever the program type */
	ASSERT_EQ(func_of(obj, "raw_tp_void_ctx", "trace_ctx_subprog"),
		  func_of(obj, "raw_tp_writable_void_ctx", "trace_ctx_subprog"), "raw_tp shares");
	ASSERT_EQ(func_of(obj, "socket_void_ctx", "skb_ctx_subprog"),
		  func_of(obj, "cgroup_skb_void_ctx", "skb_ctx_subprog"), "skb types share");
	ASSERT_EQ(func_of(obj, "tc_skb_void_ctx", "skb_ctx_subprog"),
		  func_of(obj, "cgroup_skb_void_ctx", "skb_ctx_subprog"), "skb types share");
	/* different structs: different copies of one subprogram */
	ASSERT_NEQ(func_of(obj, "tc_void_ctx", "trace_ctx_subprog"),
		   func_of(obj, "xdp_void_ctx", "trace_ctx_subprog"), "tc and xdp differ");

	/*
	 * trace_ctx_subprog: 5 structs; skb_ctx_subprog 1; kprobe_resolved,
	 * raw_tp_u64: 1 each; two_ctx_subprog: xdp_md, raw_tp args;
	 * ptr_between: __sk_buff, bpf_user_pt_regs_t; outer and inner:
	 * xdp_md, __sk_buff, bpf_perf_event_data each.
	 */
	ASSERT_EQ(copies, 5 + 1 + 1 + 1 + 2 + 2 + 3 + 3, "copies");
	/* the object declares the empty struct bpf_user_pt_regs_t itself */
	ASSERT_EQ(structs, 0, "structs added");

	/* one debug line per rewritten argument of each copy */
	ASSERT_TRUE(strstr(log, "'two_ctx_subprog' arg 0 ('ctx'): void * -> struct xdp_md *"),
		    "debug line, first tagged arg");
	ASSERT_TRUE(strstr(log, "'two_ctx_subprog' arg 2 ('ctx2'): void * -> struct xdp_md *"),
		    "debug line, second tagged arg");
	ASSERT_FALSE(strstr(log, "'two_ctx_subprog' arg 1"), "no line for the scalar");
	ASSERT_TRUE(strstr(log, "'raw_tp_u64_subprog' arg 0 ('ctx'): "
				"__u64 * -> struct bpf_raw_tracepoint_args *"),
		    "debug line names the old type");
	/* a program given a copy made for another one names that one */
	ASSERT_TRUE(strstr(log, "prog 'raw_tp_writable_void_ctx': subprog 'trace_ctx_subprog' "
				"shares the arg:ctx copy made for prog 'raw_tp_void_ctx'") ||
		    strstr(log, "prog 'raw_tp_void_ctx': subprog 'trace_ctx_subprog' "
				"shares the arg:ctx copy made for prog 'raw_tp_writable_void_ctx'"),
		    "debug line for a shared copy");
out:
	bpf_object__close(obj);
}

/* only what will load is fixed up: one program, one copy */
UNIT_TEST(arg_ctx_fallback_one_prog)
{
	static const char *const keep[] = { "xdp_two_ctx", NULL };
	struct bpf_object *obj;
	int copies, structs = -1;

	copies = fixup_forced(CTX_ARGS_OBJ, keep, &obj, &structs);
	if (copies < 0)
		goto out;
	ASSERT_EQ(copies, 1, "copies");
	ASSERT_EQ(structs, 0, "xdp_md is in the object");
	ASSERT_NEQ(func_of(obj, "xdp_two_ctx", "two_ctx_subprog"),
		   btf__find_by_name_kind(obj->btf, "two_ctx_subprog", BTF_KIND_FUNC),
		   "record points to the copy");
out:
	bpf_object__close(obj);
}

/* growth per (subprogram, struct), not per program */
UNIT_TEST(arg_ctx_fallback_growth)
{
	static const char *const few[] = { "growth_tc1", "growth_xdp", "growth_kprobe", NULL };
	struct bpf_object *obj;
	int copies, structs = -1;
	__u32 n_all, n_few;

	copies = fixup_forced(GROWTH_OBJ, NULL, &obj, &structs);
	if (copies < 0)
		goto out;
	ASSERT_EQ(copies, 3, "copies for eight tc, one xdp, one kprobe program");
	ASSERT_EQ(structs, 1, "struct bpf_user_pt_regs_t added, the others exist");
	n_all = btf__type_cnt(obj->btf);
	bpf_object__close(obj);

	copies = fixup_forced(GROWTH_OBJ, few, &obj, &structs);
	if (copies < 0)
		goto out;
	ASSERT_EQ(copies, 3, "copies for one program of each type");
	n_few = btf__type_cnt(obj->btf);
	ASSERT_EQ(n_all, n_few, "same growth for one or eight tc programs");
out:
	bpf_object__close(obj);
}

/* tags that cannot be honoured: a warning each, and the record is kept */
UNIT_TEST(arg_ctx_fallback_warnings)
{
	static const char *const keep[] = { "ga_wrong_ctx_struct", "ga_tracepoint_tagged",
					    "ga_ctx_not_ctx", NULL };
	struct bpf_object *obj;
	int copies, structs = -1;
	const char *log;

	copies = fixup_forced(ARGS_OBJ, keep, &obj, &structs);
	if (copies < 0)
		goto out;
	log = unit_log();
	/* ga_ctx_not_ctx's void *ctx is rewritten for tc: the only copy */
	ASSERT_EQ(copies, 1, "copies");
	ASSERT_EQ(func_of(obj, "ga_wrong_ctx_struct", "skb_subprog_from_xdp"),
		  btf__find_by_name_kind(obj->btf, "skb_subprog_from_xdp", BTF_KIND_FUNC),
		  "wrong struct: record kept");
	ASSERT_EQ(func_of(obj, "ga_tracepoint_tagged", "tp_tagged_subprog"),
		  btf__find_by_name_kind(obj->btf, "tp_tagged_subprog", BTF_KIND_FUNC),
		  "no named context: record kept");
	ASSERT_TRUE(strstr(log, "prog 'ga_wrong_ctx_struct': "
				"subprog 'skb_subprog_from_xdp' arg 0 ('skb')"),
		    "warning names program, subprogram and argument");
	ASSERT_TRUE(strstr(log, "prog 'ga_tracepoint_tagged': subprog 'tp_tagged_subprog' arg 0 ('ctx')"),
		    "warning for a program type without a named context");
out:
	bpf_object__close(obj);
}

/* with the static fallback on, the subprogram the rewrite cannot help is static */
UNIT_TEST(arg_ctx_static_fallback)
{
	static const char *const keep[] = { "ga_tracepoint_tagged", NULL };
	struct bpf_object *obj = open_relocated(ARGS_OBJ, keep);
	const struct btf_type *t;
	int err;

	if (!obj)
		return;
	ASSERT_OK(kern_features_force_off("arg_ctx"), "force arg_ctx off");
	unit_log_reset();
	err = bpf_object_fixup_arg_ctx(obj);
	kern_features_force_off(NULL);
	if (!ASSERT_OK(err, "fixup"))
		goto out;
	t = btf__type_by_id(obj->btf, func_of(obj, "ga_tracepoint_tagged", "tp_tagged_subprog"));
	ASSERT_TRUE(t && btf_is_func(t) && btf_vlen(t) == BTF_FUNC_STATIC, "static copy");
	ASSERT_TRUE(strstr(unit_log(), "prog 'ga_tracepoint_tagged': subprog 'tp_tagged_subprog' verified as static: arg 0 ('ctx') is tagged arg:ctx and program type tracepoint has no named context; the kernel lacks arg:ctx tags (Linux 6.8)"),
		    "one info line with the reason");
out:
	bpf_object__close(obj);
}

/* a kernel with argument tags that lacks one of them: only its subprogram is static */
UNIT_TEST(arg_ctx_static_fallback_tag)
{
	static const char *const keep[] = { "nonnull_arg", "trusted_arg", NULL };
	struct bpf_object *obj = open_relocated("test_static_fallback.bpf.o", keep);
	const struct btf_type *t;
	int err;

	if (!obj)
		return;
	/* as on 6.8: arg:ctx and arg:nonnull, not yet arg:trusted */
	kern_features_force_on("arg_ctx,decl_tag,global_ptr_args,arg_nonnull");
	kern_features_force_off("arg_trusted");
	unit_log_reset();
	err = bpf_object_fixup_arg_ctx(obj);
	kern_features_force_off(NULL);
	kern_features_force_on(NULL);
	if (!ASSERT_OK(err, "fixup"))
		goto out;
	t = btf__type_by_id(obj->btf, func_of(obj, "trusted_arg", "task_tgid"));
	ASSERT_TRUE(t && btf_is_func(t) && btf_vlen(t) == BTF_FUNC_STATIC, "static copy");
	ASSERT_TRUE(strstr(unit_log(), "prog 'trusted_arg': subprog 'task_tgid' verified as static: arg 0 ('task') is tagged arg:trusted; the kernel lacks arg:trusted tags (Linux 6.9)"),
		    "one info line with the reason");
	ASSERT_EQ(func_of(obj, "nonnull_arg", "read_nonnull"),
		  btf__find_by_name_kind(obj->btf, "read_nonnull", BTF_KIND_FUNC),
		  "a tag the kernel knows: record kept");
	ASSERT_FALSE(strstr(unit_log(), "'read_nonnull' verified as static"), "no line for it");
out:
	bpf_object__close(obj);
}

/* ---- native support --------------------------------------------------------- */

UNIT_TEST(arg_ctx_native_untouched)
{
	struct bpf_object *obj;
	const void *raw0, *raw1;
	struct snapshot s;
	__u32 sz0, sz1, j;
	size_t i;

	kern_features_force_off(NULL);
	/* as on a kernel that understands the tags, whatever this one does */
	kern_features_force_on("arg_ctx,decl_tag,global_ptr_args,arg_nonnull,arg_nullable,"
			       "arg_trusted,arg_untrusted,arg_arena");
	obj = open_relocated(CTX_ARGS_OBJ, NULL);
	if (!obj) {
		kern_features_force_on(NULL);
		return;
	}
	if (!snapshot_take(obj, &s))
		goto out;
	if (!ASSERT_OK(bpf_object_fixup_arg_ctx(obj), "fixup"))
		goto free;
	ASSERT_EQ(btf__type_cnt(obj->btf), btf__type_cnt(s.btf), "no type added");
	raw0 = btf__raw_data(s.btf, &sz0);
	raw1 = btf__raw_data(obj->btf, &sz1);
	ASSERT_TRUE(raw0 && raw1 && sz0 == sz1 && !memcmp(raw0, raw1, sz0), "BTF bytes");
	for (i = 0; i < obj->nr_programs; i++)
		for (j = 0; j < obj->programs[i].func_info_cnt; j++)
			ASSERT_EQ(rec_type_id(&obj->programs[i], j), s.finfo[i][j], "record kept");
free:
	snapshot_free(&s);
out:
	bpf_object__close(obj);
	kern_features_force_on(NULL);
}
