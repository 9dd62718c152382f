// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_object__gen_loader(): instead of creating BTF, maps and programs
 * in the kernel, bpf_object__load() records them here and the result is
 * a loader program (BPF_PROG_TYPE_SYSCALL) and the data blob it works
 * on, which light skeletons embed and run with skel_internal.h's
 * bpf_load_and_run().
 *
 * Everything before the kernel-facing steps runs as in a normal load
 * (externs, placeholder map fds, CO-RE, relocation and linking, on the
 * generating machine); the __arg_ctx fallback does not (as upstream):
 * the loader may run on another kernel. bpf_gen_record() then lays out:
 *
 *   blob (map value of the loader's own map, fd_array index 0):
 *     fd slots: one int per map, then one per ksym/kfunc reference (this
 *               is the programs' fd_array: their ld_imm64 refer to maps
 *               by index, module kfuncs to their BTF fd by index), the
 *               BTF fd, one per program, scratch slots for an attach
 *               target's module BTF fd and an inner map template
 *     BTF data, initial map contents, instructions, func/line info,
 *     attach target and extern names, license, one union bpf_attr per
 *     command
 *   loader program:
 *     each command: patch the attr's pointers (kernel addresses of blob
 *     data) and fds from earlier results, call bpf_sys_bpf(), keep the
 *     new fd in its slot or jump to the error path; before a program's
 *     load, look up its attach target and externs in the running
 *     kernel's BTF and patch them into its instructions in the blob;
 *     map-in-map slots after all maps, prog array slots after all
 *     programs;
 *     success: copy the fds into the context's map/prog descriptors;
 *     error: close every fd made so far, return the -errno.
 *
 * The context is the light skeleton's: struct bpf_loader_ctx, then a
 * struct bpf_map_desc for every map of the object (in object order),
 * then a struct bpf_prog_desc for every program (not subprogram).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libbpf_internal.h"
#include "bpf.h"

#define GEN_CTX_HDR_SZ		24	/* struct bpf_loader_ctx */
#define GEN_MAP_DESC_SZ		16	/* struct bpf_map_desc */
#define GEN_PROG_DESC_SZ	4	/* struct bpf_prog_desc */
#define GEN_CTX_LOG_LEVEL	8
#define GEN_CTX_LOG_SIZE	12
#define GEN_CTX_LOG_BUF		16
#define GEN_DESC_MAX_ENTRIES	4
#define GEN_DESC_INIT_VALUE	8

#define attr_sz(member) offsetofend(union bpf_attr, member)
#define attr_off(member) offsetof(union bpf_attr, member)

struct bpf_gen {
	struct gen_loader_opts *opts;
	/* the data blob */
	char *data;
	size_t data_len, data_cap;
	/* the loader program */
	struct bpf_insn *insns;
	size_t insn_cnt, insn_cap;
	/* jumps to the error path, patched at the end */
	int *err_jumps;
	size_t nr_err_jumps, err_jumps_cap;
	/* fd slots in the blob */
	size_t map_fds_off, btf_fd_off, prog_fds_off, mod_fd_off, inner_fd_off;
	int nr_progs;
	/* after the map fd slots in fd_array: one module BTF fd slot per
	 * ksym/kfunc reference, valid while its program loads */
	int nr_ksym_slots, next_ksym_slot;
	int err;	/* first failure while emitting (-ENOMEM, ...) */
};

/* ---- emitting ------------------------------------------------------------------ */

static void emit(struct bpf_gen *gen, struct bpf_insn insn)
{
	if (gen->err)
		return;
	if (libbpf_ensure_mem((void **)&gen->insns, &gen->insn_cap, sizeof(insn),
			      gen->insn_cnt + 1)) {
		gen->err = -ENOMEM;
		return;
	}
	gen->insns[gen->insn_cnt++] = insn;
}

static struct bpf_insn ins(__u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
	struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src,
			      .off = off, .imm = imm };
	return i;
}

/* dst = address of blob + off (the loader's map, index 0 of its fd_array) */
static void emit_blob_addr(struct bpf_gen *gen, int dst, size_t off)
{
	emit(gen, ins(BPF_LD | BPF_IMM | BPF_DW, dst, BPF_PSEUDO_MAP_IDX_VALUE, 0, 0));
	emit(gen, ins(0, 0, 0, 0, (__s32)off));
}

static void emit_mov_imm(struct bpf_gen *gen, int dst, __s32 imm)
{
	emit(gen, ins(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm));
}

static void emit_call(struct bpf_gen *gen, int helper)
{
	emit(gen, ins(BPF_JMP | BPF_CALL, 0, 0, 0, helper));
}

/* if (s64)reg < 0: r7 = reg, goto error path */
static void emit_check(struct bpf_gen *gen, int reg)
{
	emit(gen, ins(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_7, reg, 0, 0));
	if (!gen->err && libbpf_ensure_mem((void **)&gen->err_jumps, &gen->err_jumps_cap,
					   sizeof(int), gen->nr_err_jumps + 1))
		gen->err = -ENOMEM;
	if (gen->err)
		return;
	gen->err_jumps[gen->nr_err_jumps++] = gen->insn_cnt;
	emit(gen, ins(BPF_JMP | BPF_JSLT | BPF_K, BPF_REG_7, 0, 0, 0));
}

/* *(size *)(blob + dst_off) = src_reg */
static void emit_store_blob(struct bpf_gen *gen, size_t dst_off, int src, int size)
{
	emit_blob_addr(gen, BPF_REG_1 == src ? BPF_REG_2 : BPF_REG_1, dst_off);
	emit(gen, ins(BPF_STX | BPF_MEM | size, BPF_REG_1 == src ? BPF_REG_2 : BPF_REG_1,
		      src, 0, 0));
}

/* *(u64 *)(blob + dst_off) = kernel address of blob + src_off */
static void emit_blob_ptr(struct bpf_gen *gen, size_t dst_off, size_t src_off)
{
	emit_blob_addr(gen, BPF_REG_1, src_off);
	emit_store_blob(gen, dst_off, BPF_REG_1, BPF_DW);
}

/* *(u32 *)(blob + dst_off) = *(u32 *)(blob + src_off) */
static void emit_copy_fd(struct bpf_gen *gen, size_t dst_off, size_t src_off)
{
	emit_blob_addr(gen, BPF_REG_1, src_off);
	emit(gen, ins(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_0, BPF_REG_1, 0, 0));
	emit_store_blob(gen, dst_off, BPF_REG_0, BPF_W);
}

/* *(size *)(blob + dst_off) = *(size *)(ctx + ctx_off) */
static void emit_copy_ctx(struct bpf_gen *gen, size_t dst_off, int ctx_off, int size)
{
	emit(gen, ins(BPF_LDX | BPF_MEM | size, BPF_REG_0, BPF_REG_6, ctx_off, 0));
	emit_store_blob(gen, dst_off, BPF_REG_0, size);
}

/* r0 = bpf_sys_bpf(cmd, blob + attr, size); on error to the error path */
static void emit_sys_bpf(struct bpf_gen *gen, int cmd, size_t attr, __u32 size)
{
	emit_mov_imm(gen, BPF_REG_1, cmd);
	emit_blob_addr(gen, BPF_REG_2, attr);
	emit_mov_imm(gen, BPF_REG_3, size);
	emit_call(gen, BPF_FUNC_sys_bpf);
	emit_check(gen, BPF_REG_0);
}

/* close the fd in a slot if there is one */
static void emit_close_slot(struct bpf_gen *gen, size_t off)
{
	emit_blob_addr(gen, BPF_REG_1, off);
	emit(gen, ins(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_1, BPF_REG_1, 0, 0));
	emit(gen, ins(BPF_JMP32 | BPF_JSLE | BPF_K, BPF_REG_1, 0, 1, 0));
	emit_call(gen, BPF_FUNC_sys_close);
}

/* append len bytes (zeros for NULL) to the blob, 8-byte aligned */
static size_t add_data(struct bpf_gen *gen, const void *p, size_t len)
{
	size_t off = gen->data_len, end = off + ((len + 7) & ~(size_t)7);

	if (gen->err)
		return 0;
	if (end > UINT32_MAX - 8 ||
	    libbpf_ensure_mem((void **)&gen->data, &gen->data_cap, 1, end)) {
		gen->err = -ENOMEM;
		return 0;
	}
	memset(gen->data + off, 0, end - off);
	if (p)
		memcpy(gen->data + off, p, len);
	gen->data_len = end;
	return off;
}

static size_t add_attr(struct bpf_gen *gen, const union bpf_attr *attr)
{
	return add_data(gen, attr, sizeof(*attr));
}

static int map_desc_off(int map_idx)
{
	return GEN_CTX_HDR_SZ + map_idx * GEN_MAP_DESC_SZ;
}

/* ---- recording the load ----------------------------------------------------- */

static int gen_btf(struct bpf_gen *gen, struct bpf_object *obj)
{
	union bpf_attr attr;
	struct btf *kbtf;
	const void *raw;
	size_t data, a;
	__u32 size;
	int err;

	kbtf = bpf_object_kernel_btf(obj, &err);
	if (!kbtf)
		return err;
	raw = btf__raw_data(kbtf, &size);
	if (!raw) {
		bpf_object_put_kernel_btf(obj, kbtf);
		return -ENOMEM;
	}
	data = add_data(gen, raw, size);
	bpf_object_put_kernel_btf(obj, kbtf);

	memset(&attr, 0, sizeof(attr));
	attr.btf_size = size;
	a = add_attr(gen, &attr);
	emit_blob_ptr(gen, a + attr_off(btf), data);
	emit_sys_bpf(gen, BPF_BTF_LOAD, a, attr_sz(btf_log_level));
	emit_store_blob(gen, gen->btf_fd_off, BPF_REG_7, BPF_W);
	return 0;
}

static bool gen_map_supported(const struct bpf_object *obj, const struct bpf_map *map)
{
	const char *why = NULL;

	if (map->inner_map_fd >= 0)
		why = "inner map fds set with bpf_map__set_inner_map_fd()";
	else if (map->st_ops || map->type == BPF_MAP_TYPE_STRUCT_OPS)
		why = "struct_ops maps";
	else if (map->pin_path)
		why = "pinned maps";
	if (why)
		pr_warn("map '%s' of '%s': %s are not supported by the generated loader\n",
			map->name, obj->name, why);
	return !why;
}

/*
 * Add the BPF_MAP_CREATE attr of map to the blob and emit what patches
 * its BTF fd in; returns the attr's offset.
 */
static size_t gen_map_attr(struct bpf_gen *gen, const struct bpf_object *obj,
			   const struct bpf_map *map)
{
	struct map_kern_def def;
	union bpf_attr attr;
	size_t a;

	map_kern_def(map, &def);
	memset(&attr, 0, sizeof(attr));
	attr.map_type = map->type;
	attr.key_size = map->key_size;
	attr.value_size = map->value_size;
	attr.max_entries = def.max_entries;
	attr.map_flags = def.map_flags;
	attr.numa_node = map->numa_node;
	attr.map_extra = map->map_extra;
	if (def.name)
		snprintf(attr.map_name, sizeof(attr.map_name), "%s", def.name);
	if (obj->btf && def.btf_ids) {
		attr.btf_key_type_id = map->btf_key_type_id;
		attr.btf_value_type_id = map->btf_value_type_id;
	}
	a = add_attr(gen, &attr);
	if (attr.btf_value_type_id || attr.btf_key_type_id)
		emit_copy_fd(gen, a + attr_off(btf_fd), gen->btf_fd_off);
	return a;
}

static int gen_map(struct bpf_gen *gen, struct bpf_object *obj, int idx)
{
	struct bpf_map *map = &obj->maps[idx];
	size_t fd_slot = gen->map_fds_off + idx * sizeof(int);
	union bpf_attr attr;
	size_t a, val = 0, key, inner = 0;
	int desc = map_desc_off(idx);

	if (!gen_map_supported(obj, map))
		return -EOPNOTSUPP;
	/* map-in-map: a temporary inner map describes the slots' type */
	if (map->inner_map) {
		inner = gen_map_attr(gen, obj, map->inner_map);
		emit_sys_bpf(gen, BPF_MAP_CREATE, inner, attr_sz(map_extra));
		emit_store_blob(gen, gen->inner_fd_off, BPF_REG_7, BPF_W);
	}
	a = gen_map_attr(gen, obj, map);
	if (map->inner_map)
		emit_copy_fd(gen, a + attr_off(inner_map_fd), gen->inner_fd_off);
	/* the skeleton may ask for another size: desc.max_entries != 0 */
	emit(gen, ins(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_0, BPF_REG_6,
		      desc + GEN_DESC_MAX_ENTRIES, 0));
	emit(gen, ins(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 3, 0));
	emit_store_blob(gen, a + attr_off(max_entries), BPF_REG_0, BPF_W);
	emit_sys_bpf(gen, BPF_MAP_CREATE, a, attr_sz(map_extra));
	emit_store_blob(gen, fd_slot, BPF_REG_7, BPF_W);
	if (map->inner_map) {
		emit_close_slot(gen, gen->inner_fd_off);
		emit_mov_imm(gen, BPF_REG_0, 0);
		emit_store_blob(gen, gen->inner_fd_off, BPF_REG_0, BPF_W);
	}

	if (map->libbpf_type == LIBBPF_MAP_UNSPEC || !map->mmaped)
		return 0;
	/* initial value: the skeleton's (desc.initial_value, user memory) or ours */
	val = add_data(gen, map->mmaped, map->value_size);
	key = add_data(gen, NULL, sizeof(int));
	emit(gen, ins(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_3, BPF_REG_6,
		      desc + GEN_DESC_INIT_VALUE, 0));
	/* jump over: ld_imm64 (2), mov, call, mov, jslt = 6 */
	emit(gen, ins(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_3, 0, 6, 0));
	emit_blob_addr(gen, BPF_REG_1, val);
	emit_mov_imm(gen, BPF_REG_2, map->value_size);
	emit_call(gen, BPF_FUNC_copy_from_user);
	emit_check(gen, BPF_REG_0);

	memset(&attr, 0, sizeof(attr));
	a = add_attr(gen, &attr);
	emit_copy_fd(gen, a + attr_off(map_fd), fd_slot);
	emit_blob_ptr(gen, a + attr_off(key), key);
	emit_blob_ptr(gen, a + attr_off(value), val);
	emit_sys_bpf(gen, BPF_MAP_UPDATE_ELEM, a, attr_sz(flags));

	if ((map->libbpf_type == LIBBPF_MAP_RODATA || map->libbpf_type == LIBBPF_MAP_KCONFIG) &&
	    kernel_supports(FEAT_MAP_FREEZE)) {
		memset(&attr, 0, sizeof(attr));
		a = add_attr(gen, &attr);
		emit_copy_fd(gen, a + attr_off(map_fd), fd_slot);
		emit_sys_bpf(gen, BPF_MAP_FREEZE, a, attr_sz(map_fd));
	}
	return 0;
}

/* the extern a kfunc call or typed ksym ld_imm64 was resolved from */
static const struct extern_desc *find_ksym(const struct bpf_object *obj,
					   const struct bpf_insn *in)
{
	bool call = in->code == (BPF_JMP | BPF_CALL);
	int i;

	for (i = 0; i < obj->nr_extern; i++) {
		const struct extern_desc *ext = &obj->externs[i];

		if (ext->type != EXT_KSYM || !ext->is_set || ext->is_func != call ||
		    ext->ksym.kernel_btf_id != in->imm)
			continue;
		if (call ? in->off == ext->ksym.btf_fd_idx :
			   in[1].imm == ext->ksym.kernel_btf_obj_fd)
			return ext;
	}
	return NULL;
}

static bool insn_is_ksym(const struct bpf_insn *in)
{
	return (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_KFUNC_CALL) ||
	       (insn_is_ld_imm64(in) && in->src_reg == BPF_PSEUDO_BTF_ID);
}

static size_t ksym_slot_off(const struct bpf_gen *gen, int slot)
{
	return gen->map_fds_off + slot * sizeof(int);
}

/*
 * Each kfunc call and typed ksym of the program (code at blob offset
 * code), looked up in the running kernel by the loader: the BTF id into
 * imm; a module's BTF fd into its fd_array slot (kfunc: off names the
 * slot) or into insn[1].imm (variable). A weak extern the kernel lacks
 * leaves a kfunc call with imm 0 (dead code for the verifier) and a
 * variable as address 0, as a normal load does.
 */
static void gen_ksyms(struct bpf_gen *gen, struct bpf_object *obj,
		      const struct bpf_program *prog, size_t code, int first_slot)
{
	int slot = first_slot;
	size_t i;

	for (i = 0; i < prog->insns_cnt; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		const struct extern_desc *ext;
		size_t at = code + i * sizeof(*in), str;
		int len, miss = -1;

		if (!insn_is_ksym(in))
			continue;
		ext = find_ksym(obj, in);
		if (!ext)
			continue;	/* refused by gen_prog_insns() */
		len = strlen(ext->name) + 1;
		str = add_data(gen, ext->name, len);
		emit_blob_addr(gen, BPF_REG_1, str);
		emit_mov_imm(gen, BPF_REG_2, len);
		emit_mov_imm(gen, BPF_REG_3, ext->is_func ? BTF_KIND_FUNC : BTF_KIND_VAR);
		emit_mov_imm(gen, BPF_REG_4, 0);
		emit_call(gen, BPF_FUNC_btf_find_by_name_kind);
		if (ext->is_weak) {
			miss = gen->insn_cnt;
			emit(gen, ins(BPF_JMP | BPF_JSLT | BPF_K, BPF_REG_0, 0, 0, 0));
		}
		emit_check(gen, BPF_REG_0);
		emit_store_blob(gen, at + offsetof(struct bpf_insn, imm), BPF_REG_7, BPF_W);
		emit(gen, ins(BPF_ALU64 | BPF_RSH | BPF_K, BPF_REG_7, 0, 0, 32));
		emit_store_blob(gen, ksym_slot_off(gen, slot), BPF_REG_7, BPF_W);
		if (ext->is_func) {
			/* vmlinux (fd 0): off stays 0 */
			emit(gen, ins(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_7, 0, 4, 0));
			emit_mov_imm(gen, BPF_REG_0, slot);
			emit_store_blob(gen, at + offsetof(struct bpf_insn, off), BPF_REG_0, BPF_H);
		} else {
			emit_store_blob(gen, at + sizeof(*in) + offsetof(struct bpf_insn, imm),
					BPF_REG_7, BPF_W);
		}
		if (miss >= 0) {
			size_t done;

			/* weak and absent: skip the above */
			emit(gen, ins(BPF_JMP | BPF_JA, 0, 0, ext->is_func ? 0 : 4, 0));
			done = gen->insn_cnt;
			if (!ext->is_func) {
				/* a plain ld_imm64 of 0: src_reg 0 */
				emit_mov_imm(gen, BPF_REG_0, in->dst_reg);
				emit_store_blob(gen, at + 1, BPF_REG_0, BPF_B);
			}
			if (!gen->err)
				gen->insns[miss].off = done - (miss + 1);
		}
		slot++;
	}
}

static int prog_ksym_refs(const struct bpf_program *prog)
{
	size_t i;
	int n = 0;

	for (i = 0; i < prog->insns_cnt; i++)
		if (insn_is_ksym(&prog->insns[i]))
			n++;
	return n;
}

/*
 * The program's code with maps named by index into the blob's map fd
 * slots (BPF_PSEUDO_MAP_IDX/_IDX_VALUE) instead of by this process's
 * placeholder fds.
 */
static struct bpf_insn *gen_prog_insns(struct bpf_object *obj, struct bpf_program *prog)
{
	struct bpf_insn *insns = calloc(prog->insns_cnt, sizeof(*insns));
	size_t i, m;

	if (!insns)
		return NULL;
	memcpy(insns, prog->insns, prog->insns_cnt * sizeof(*insns));
	for (i = 0; i < prog->insns_cnt; i++) {
		struct bpf_insn *in = &insns[i];

		if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_KFUNC_CALL) {
			if (!find_ksym(obj, in))
				goto unsupported;
			/* set by the loader (gen_ksyms()) */
			in->imm = 0;
			in->off = 0;
			continue;
		}
		if (!insn_is_ld_imm64(in))
			continue;
		if (in->src_reg == BPF_PSEUDO_BTF_ID) {
			if (!find_ksym(obj, in))
				goto unsupported;
			in[0].imm = 0;
			in[1].imm = 0;
			i++;
			continue;
		}
		if (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE) {
			for (m = 0; m < obj->nr_maps; m++)
				if (obj->maps[m].fd == in->imm && map_will_create(&obj->maps[m]))
					break;
			if (m == obj->nr_maps) {
				pr_warn("prog '%s': insn %zu refers to a map the generated loader does not create\n",
					prog->name, i);
				free(insns);
				errno = EOPNOTSUPP;
				return NULL;
			}
			in->src_reg = in->src_reg == BPF_PSEUDO_MAP_FD ? BPF_PSEUDO_MAP_IDX :
									 BPF_PSEUDO_MAP_IDX_VALUE;
			in->imm = m;
		}
		i++;
	}
	return insns;
unsupported:
	pr_warn("prog '%s': insn %zu: ksym or kfunc reference to no known extern\n",
		prog->name, i);
	free(insns);
	errno = EOPNOTSUPP;
	return NULL;
}

/* attach_btf_id looked up in the running kernel's BTF by the loader */
static void gen_attach_btf_id(struct bpf_gen *gen, struct bpf_program *prog, size_t a)
{
	char name[256];
	const char *pfx;
	size_t str;
	__u32 kind;
	int len;

	attach_target_naming(prog->expected_attach_type, &pfx, &kind);
	if (prog->type == BPF_PROG_TYPE_LSM) {
		pfx = "bpf_lsm_";
		kind = BTF_KIND_FUNC;
	}
	len = snprintf(name, sizeof(name), "%s%s", pfx, prog->attach_func_name);
	str = add_data(gen, name, len + 1);
	emit_blob_addr(gen, BPF_REG_1, str);
	emit_mov_imm(gen, BPF_REG_2, len + 1);
	emit_mov_imm(gen, BPF_REG_3, kind);
	emit_mov_imm(gen, BPF_REG_4, 0);
	emit_call(gen, BPF_FUNC_btf_find_by_name_kind);
	emit_check(gen, BPF_REG_0);
	/* low 32 bits: the type id; high 32 bits: a module's BTF fd, or 0 */
	emit_store_blob(gen, a + attr_off(attach_btf_id), BPF_REG_7, BPF_W);
	emit(gen, ins(BPF_ALU64 | BPF_RSH | BPF_K, BPF_REG_7, 0, 0, 32));
	emit_store_blob(gen, a + attr_off(attach_btf_obj_fd), BPF_REG_7, BPF_W);
	emit_store_blob(gen, gen->mod_fd_off, BPF_REG_7, BPF_W);
}

static int gen_prog(struct bpf_gen *gen, struct bpf_object *obj, struct bpf_program *prog,
		    int desc_idx)
{
	size_t fd_slot = gen->prog_fds_off + desc_idx * sizeof(int);
	bool need_btf_id = prog->attach_func_name && (prog->type == BPF_PROG_TYPE_TRACING ||
						       prog->type == BPF_PROG_TYPE_LSM ||
						       prog->type == BPF_PROG_TYPE_EXT);
	struct bpf_insn *insns;
	union bpf_attr attr;
	size_t a, code, lic;
	int nr_ksyms, first_slot, i;

	if (prog->type == BPF_PROG_TYPE_UNSPEC) {
		pr_warn("prog '%s': no program type for section '%s'\n", prog->name,
			prog->sec_name);
		return -EINVAL;
	}
	if (prog->type == BPF_PROG_TYPE_STRUCT_OPS || prog->attach_prog_fd ||
	    (prog->sec_def && prog->sec_def->prog_prepare_load_fn)) {
		pr_warn("prog '%s': struct_ops, freplace targets and custom section handlers are not supported by the generated loader\n",
			prog->name);
		return -EOPNOTSUPP;
	}
	insns = gen_prog_insns(obj, prog);
	if (!insns)
		return -errno;
	code = add_data(gen, insns, prog->insns_cnt * sizeof(*insns));
	free(insns);
	nr_ksyms = prog_ksym_refs(prog);
	first_slot = obj->nr_maps + gen->next_ksym_slot;
	gen->next_ksym_slot += nr_ksyms;
	lic = add_data(gen, obj->license, strlen(obj->license) + 1);

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = prog->type;
	attr.insn_cnt = prog->insns_cnt;
	attr.expected_attach_type = prog->expected_attach_type;
	if (prog->sec_def && (prog->sec_def->flags & SEC_EXP_ATTACH_OPT) &&
	    !kernel_supports(FEAT_EXP_ATTACH_TYPE))
		attr.expected_attach_type = 0;
	attr.prog_flags = prog->prog_flags;
	attr.prog_ifindex = prog->prog_ifindex;
	attr.kern_version = obj->kern_version ?: libbpf_kernel_version();
	if (kernel_supports(FEAT_PROG_NAME))
		snprintf(attr.prog_name, sizeof(attr.prog_name), "%s", prog->name);
	if (obj->btf && prog->func_info_cnt && kernel_supports(FEAT_BTF_FUNC)) {
		attr.func_info_rec_size = prog->func_info_rec_size;
		attr.func_info_cnt = prog->func_info_cnt;
		attr.line_info_rec_size = prog->line_info_rec_size;
		attr.line_info_cnt = prog->line_info_cnt;
	}
	a = add_attr(gen, &attr);
	emit_blob_ptr(gen, a + attr_off(insns), code);
	emit_blob_ptr(gen, a + attr_off(license), lic);
	emit_blob_ptr(gen, a + attr_off(fd_array), gen->map_fds_off);
	if (attr.func_info_cnt) {
		size_t fi = add_data(gen, prog->func_info,
				     (size_t)prog->func_info_cnt * prog->func_info_rec_size);

		emit_copy_fd(gen, a + attr_off(prog_btf_fd), gen->btf_fd_off);
		emit_blob_ptr(gen, a + attr_off(func_info), fi);
		if (attr.line_info_cnt) {
			size_t li = add_data(gen, prog->line_info,
					     (size_t)prog->line_info_cnt *
					     prog->line_info_rec_size);

			emit_blob_ptr(gen, a + attr_off(line_info), li);
		}
	}
	/* the verifier log the skeleton's context asks for */
	emit_copy_ctx(gen, a + attr_off(log_level), GEN_CTX_LOG_LEVEL, BPF_W);
	emit_copy_ctx(gen, a + attr_off(log_size), GEN_CTX_LOG_SIZE, BPF_W);
	emit_copy_ctx(gen, a + attr_off(log_buf), GEN_CTX_LOG_BUF, BPF_DW);
	if (need_btf_id)
		gen_attach_btf_id(gen, prog, a);
	gen_ksyms(gen, obj, prog, code, first_slot);
	emit_sys_bpf(gen, BPF_PROG_LOAD, a, attr_sz(fd_array));
	emit_store_blob(gen, fd_slot, BPF_REG_7, BPF_W);
	/* the module BTF fds were for this load only */
	for (i = 0; i < nr_ksyms; i++) {
		emit_close_slot(gen, ksym_slot_off(gen, first_slot + i));
		emit_mov_imm(gen, BPF_REG_0, 0);
		emit_store_blob(gen, ksym_slot_off(gen, first_slot + i), BPF_REG_0, BPF_W);
	}
	if (need_btf_id) {
		emit_close_slot(gen, gen->mod_fd_off);
		emit_mov_imm(gen, BPF_REG_0, 0);
		emit_store_blob(gen, gen->mod_fd_off, BPF_REG_0, BPF_W);
	}
	return 0;
}

/* index of a program among the object's programs (the prog descs) */
static int prog_desc_idx(const struct bpf_object *obj, int prog_idx)
{
	int i, n = 0;

	for (i = 0; i < prog_idx; i++)
		if (!prog_is_subprog(&obj->programs[i]))
			n++;
	return n;
}

/* map[i] = the fd in the blob at value_off */
static void gen_slot_update(struct bpf_gen *gen, size_t map_idx, int i, size_t value_off)
{
	union bpf_attr attr;
	size_t a, key;

	key = add_data(gen, &i, sizeof(i));
	memset(&attr, 0, sizeof(attr));
	a = add_attr(gen, &attr);
	emit_copy_fd(gen, a + attr_off(map_fd), gen->map_fds_off + map_idx * sizeof(int));
	emit_blob_ptr(gen, a + attr_off(key), key);
	emit_blob_ptr(gen, a + attr_off(value), value_off);
	emit_sys_bpf(gen, BPF_MAP_UPDATE_ELEM, a, attr_sz(flags));
}

/*
 * Slots set in the object (.values = { [i] = &x }): of map-in-map maps
 * once every map exists (progs false), of program arrays once every
 * program is loaded (progs true). A slot whose map or program is not
 * created stays empty, as in a normal load.
 */
static int gen_init_slots(struct bpf_gen *gen, struct bpf_object *obj, bool progs)
{
	size_t m;
	int i, t;

	for (m = 0; m < obj->nr_maps; m++) {
		const struct bpf_map *map = &obj->maps[m];

		if (!map->init_slots_sz || map->init_slots_progs != progs ||
		    !map_will_create(map))
			continue;
		for (i = 0; i < map->init_slots_sz; i++) {
			t = map->init_slots[i];
			if (t < 0)
				continue;
			if (progs && prog_will_load(&obj->programs[t]))
				gen_slot_update(gen, m, i, gen->prog_fds_off +
						prog_desc_idx(obj, t) * sizeof(int));
			else if (!progs && map_will_create(&obj->maps[t]))
				gen_slot_update(gen, m, i, gen->map_fds_off + t * sizeof(int));
		}
	}
	return gen->err;
}

/* success: fds into the context; error: close what was made */
static void gen_finish_code(struct bpf_gen *gen, struct bpf_object *obj)
{
	size_t i, err_idx;
	int p = 0;

	for (i = 0; i < obj->nr_maps; i++) {
		emit_blob_addr(gen, BPF_REG_1, gen->map_fds_off + i * sizeof(int));
		emit(gen, ins(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_0, BPF_REG_1, 0, 0));
		emit(gen, ins(BPF_STX | BPF_MEM | BPF_W, BPF_REG_6, BPF_REG_0,
			      map_desc_off(i), 0));
	}
	for (p = 0; p < gen->nr_progs; p++) {
		emit_blob_addr(gen, BPF_REG_1, gen->prog_fds_off + p * sizeof(int));
		emit(gen, ins(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_0, BPF_REG_1, 0, 0));
		emit(gen, ins(BPF_STX | BPF_MEM | BPF_W, BPF_REG_6, BPF_REG_0,
			      map_desc_off(obj->nr_maps) + p * GEN_PROG_DESC_SZ, 0));
	}
	/* the BTF fd is not the skeleton's to keep */
	emit_close_slot(gen, gen->btf_fd_off);
	emit_mov_imm(gen, BPF_REG_0, 0);
	emit(gen, ins(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));

	err_idx = gen->insn_cnt;
	for (i = 0; i < obj->nr_maps; i++)
		emit_close_slot(gen, gen->map_fds_off + i * sizeof(int));
	for (p = 0; p < gen->nr_progs; p++)
		emit_close_slot(gen, gen->prog_fds_off + p * sizeof(int));
	for (p = 0; p < gen->nr_ksym_slots; p++)
		emit_close_slot(gen, ksym_slot_off(gen, obj->nr_maps + p));
	emit_close_slot(gen, gen->btf_fd_off);
	emit_close_slot(gen, gen->mod_fd_off);
	emit_close_slot(gen, gen->inner_fd_off);
	emit(gen, ins(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, BPF_REG_7, 0, 0));
	emit(gen, ins(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	if (gen->err)
		return;
	for (i = 0; i < gen->nr_err_jumps; i++) {
		int at = gen->err_jumps[i];

		/* jump offsets are 16 bits */
		if (err_idx - (at + 1) > INT16_MAX) {
			pr_warn("object '%s': the generated loader is too long (%zu insns)\n",
				obj->name, gen->insn_cnt);
			gen->err = -E2BIG;
			return;
		}
		gen->insns[at].off = err_idx - (at + 1);
	}
}

int bpf_gen_record(struct bpf_object *obj)
{
	struct bpf_gen *gen = obj->gen;
	size_t i;
	int err, p = 0;

	gen->nr_progs = 0;
	gen->nr_ksym_slots = 0;
	for (i = 0; i < obj->nr_programs; i++) {
		if (prog_is_subprog(&obj->programs[i]))
			continue;
		gen->nr_progs++;
		if (prog_will_load(&obj->programs[i]))
			gen->nr_ksym_slots += prog_ksym_refs(&obj->programs[i]);
	}
	/* descriptors are reached with 16-bit offsets from the context */
	if (map_desc_off(obj->nr_maps) + gen->nr_progs * GEN_PROG_DESC_SZ > INT16_MAX ||
	    gen->nr_ksym_slots > 4096) {
		pr_warn("object '%s': too many maps, programs or ksyms for a generated loader\n",
			obj->name);
		return -E2BIG;
	}
	for (i = 0; i < (size_t)obj->nr_extern; i++) {
		const struct extern_desc *ext = &obj->externs[i];

		if (ext->type == EXT_KSYM && !ext->is_set) {
			pr_warn("extern '%s': weak and absent from the generating kernel: not supported by the generated loader\n",
				ext->name);
			return -EOPNOTSUPP;
		}
	}
	gen->map_fds_off = add_data(gen, NULL,
				    (obj->nr_maps + gen->nr_ksym_slots ?: 1) * sizeof(int));
	gen->btf_fd_off = add_data(gen, NULL, sizeof(int));
	gen->mod_fd_off = add_data(gen, NULL, sizeof(int));
	gen->inner_fd_off = add_data(gen, NULL, sizeof(int));
	gen->prog_fds_off = add_data(gen, NULL, (gen->nr_progs ?: 1) * sizeof(int));

	/* r6 = ctx */
	emit(gen, ins(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0));
	emit_mov_imm(gen, BPF_REG_7, 0);

	err = gen_btf(gen, obj);
	for (i = 0; !err && i < obj->nr_maps; i++)
		if (map_will_create(&obj->maps[i]))
			err = gen_map(gen, obj, i);
	if (!err)
		err = gen_init_slots(gen, obj, false);
	for (i = 0; !err && i < obj->nr_programs; i++) {
		struct bpf_program *prog = &obj->programs[i];

		if (prog_is_subprog(prog))
			continue;
		if (prog_will_load(prog))
			err = gen_prog(gen, obj, prog, p);
		p++;
	}
	if (!err) {
		gen_init_slots(gen, obj, true);
		gen_finish_code(gen, obj);
		err = gen->err;
	}
	if (err) {
		pr_warn("object '%s': failed to generate the loader: %s\n", obj->name,
			libbpf_errstr(err));
		return err;
	}
	gen->opts->data = gen->data;
	gen->opts->data_sz = gen->data_len;
	gen->opts->insns = (const char *)gen->insns;
	gen->opts->insns_sz = gen->insn_cnt * sizeof(struct bpf_insn);
	pr_debug("object '%s': loader of %zu insns, %zu bytes of data\n", obj->name,
		 gen->insn_cnt, gen->data_len);
	return 0;
}

void bpf_gen_free(struct bpf_gen *gen)
{
	if (!gen)
		return;
	free(gen->data);
	free(gen->insns);
	free(gen->err_jumps);
	free(gen);
}

int bpf_object__gen_loader(struct bpf_object *obj, struct gen_loader_opts *opts)
{
	struct bpf_gen *gen;
	int i;

	/* as libbpf: the opts are required, checked before the object */
	if (!opts)
		return libbpf_err(-EFAULT);
	if (!OPTS_VALID(opts, gen_loader_opts) || !obj)
		return libbpf_err(-EINVAL);
	if (obj->loaded || obj->gen) {
		pr_warn("object '%s': bpf_object__gen_loader() must come before load, once\n",
			obj->name);
		return libbpf_err(-EINVAL);
	}
	if (OPTS_GET(opts, gen_hash, false)) {
		pr_warn("object '%s': gen_loader_opts.gen_hash (signed loaders) is not supported\n",
			obj->name);
		return libbpf_err(-EOPNOTSUPP);
	}
	/* typeless ksyms are kallsyms addresses: not looked up by the loader */
	for (i = 0; i < obj->nr_extern; i++) {
		const struct extern_desc *ext = &obj->externs[i];
		__u32 res_id = 1;

		if (ext->type != EXT_KSYM || ext->is_func ||
		    !btf_skip_modifiers(obj->btf, ext->ksym.type_id, &res_id) || res_id)
			continue;
		pr_warn("object '%s': extern '%s': typeless ksyms (kallsyms addresses) are not supported by the generated loader\n",
			obj->name, ext->name);
		return libbpf_err(-EOPNOTSUPP);
	}
	gen = calloc(1, sizeof(*gen));
	if (!gen)
		return libbpf_err(-ENOMEM);
	gen->opts = opts;
	obj->gen = gen;
	return 0;
}
