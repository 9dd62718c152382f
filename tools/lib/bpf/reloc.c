// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Relocation and subprogram linking. Every program that will load gets
 * its own copy of each subprogram it reaches (directly, through callback
 * addresses, or as its exception callback) appended behind its code; call
 * offsets, map and global data references and externs are patched, and
 * its func_info and line_info are rebuilt for the linked layout.
 *
 * No syscalls here: map fds are the placeholders reserved before, extern
 * values were resolved before.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>

#include "libbpf_internal.h"

/* helper ids of poisoned map references: base + map index */
#define MAP_POISON_IMM_BASE 2001000000

/* a function copied into the linked program at insn position pos */
struct chunk {
	const struct bpf_program *func;
	size_t pos;
};

/* what every program's linking reads, found once per object */
struct link_shared {
	__u32 *exc_tags;	/* ids of "exception_callback:" decl tags on a FUNC */
	size_t exc_cnt;
	bool func_sorted;	/* every section's func_info records by offset */
	bool line_sorted;	/* the same for line_info */
	/* per ELF section index: its first func_info / line_info group, or NULL */
	const struct btf_ext_info_sec **func_sec, **line_sec;
};

struct linker {
	struct bpf_object *obj;
	struct bpf_program *prog;	/* main program being linked */
	const struct link_shared *sh;
	struct bpf_insn *insns;
	size_t insn_cnt, insn_cap;
	struct chunk *chunks;
	size_t chunk_cnt, chunk_cap;
};

bool prog_will_load(const struct bpf_program *prog)
{
	return !prog->is_subprog && prog->autoload;
}

/* position of func in the linked program, appending it when not there yet */
static long chunk_pos(struct linker *l, const struct bpf_program *func)
{
	size_t i, pos = l->insn_cnt;
	int err;

	for (i = 0; i < l->chunk_cnt; i++)
		if (l->chunks[i].func == func)
			return l->chunks[i].pos;

	err = libbpf_ensure_mem((void **)&l->insns, &l->insn_cap, BPF_INSN_SZ,
				l->insn_cnt + func->sec_insn_cnt);
	if (!err)
		err = libbpf_ensure_mem((void **)&l->chunks, &l->chunk_cap,
					sizeof(*l->chunks), l->chunk_cnt + 1);
	if (err)
		return err;
	/* a function's own code is the first sec_insn_cnt insns of its array */
	memcpy(l->insns + pos, func->insns, func->sec_insn_cnt * BPF_INSN_SZ);
	l->insn_cnt += func->sec_insn_cnt;
	l->chunks[l->chunk_cnt].func = func;
	l->chunks[l->chunk_cnt].pos = pos;
	l->chunk_cnt++;
	if (func != l->prog)
		pr_debug("prog '%s': linked subprog '%s' at insn %zu\n",
			 l->prog->name, func->name, pos);
	return pos;
}

static const struct reloc_desc *find_relo(const struct bpf_program *func, size_t insn_idx)
{
	int i;

	for (i = 0; i < func->nr_relos; i++)
		if ((size_t)func->relos[i].insn_idx == insn_idx)
			return &func->relos[i];
	return NULL;
}

/*
 * Patch a call or function address at insn_idx of chunk c to target
 * instruction tgt_insn of section tgt_sec. Returns 0 or -errno.
 */
static int link_code_ref(struct linker *l, size_t c, size_t insn_idx,
			 int tgt_sec, size_t tgt_insn, bool is_addr)
{
	const struct bpf_program *target = obj_find_func(l->obj, tgt_sec, tgt_insn);
	const struct bpf_program *func = l->chunks[c].func;
	long tpos;
	size_t at;

	if (!target) {
		pr_warn("prog '%s': %s at insn %zu of '%s' targets no function (section %d, insn %zu)\n",
			l->prog->name, is_addr ? "function address" : "call", insn_idx,
			func->name, tgt_sec, tgt_insn);
		return -LIBBPF_ERRNO__RELOC;
	}
	tpos = chunk_pos(l, target);
	if (tpos < 0)
		return tpos;
	at = l->chunks[c].pos + insn_idx;
	l->insns[at].imm = tpos + (tgt_insn - target->sec_insn_off) - (at + 1);
	if (is_addr) {
		l->insns[at].src_reg = BPF_PSEUDO_FUNC;
		l->insns[at + 1].imm = 0;
	}
	return 0;
}

static void patch_ld64(struct bpf_insn *insn, __u8 src_reg, __s32 lo, __s32 hi)
{
	insn[0].src_reg = src_reg;
	insn[0].imm = lo;
	insn[1].imm = hi;
}

static int link_extern(struct linker *l, struct bpf_insn *insn,
		       const struct reloc_desc *relo, const struct bpf_insn *orig)
{
	const struct extern_desc *ext = &l->obj->externs[relo->ext_idx];
	const struct bpf_map *kcfg;

	if (relo->type == RELO_EXTERN_CALL) {
		insn->src_reg = BPF_PSEUDO_KFUNC_CALL;
		/* an unresolved weak kfunc stays 0: dead code the verifier drops */
		insn->imm = ext->is_set ? ext->ksym.kernel_btf_id : 0;
		/* a module's kfunc: the index of its BTF fd in fd_array */
		insn->off = ext->is_set ? ext->ksym.btf_fd_idx : 0;
		return 0;
	}
	if (ext->type == EXT_KCFG) {
		kcfg = &l->obj->maps[l->obj->kconfig_map_idx];
		patch_ld64(insn, BPF_PSEUDO_MAP_VALUE, kcfg->fd, ext->kcfg.data_off);
		return 0;
	}
	if (!ext->is_set) {
		/* weak ksym the kernel lacks: its address reads as 0 */
		patch_ld64(insn, 0, 0, 0);
	} else if (ext->ksym.kernel_btf_id) {
		/* a module's variable: insn[1].imm is its BTF fd (0: vmlinux) */
		patch_ld64(insn, BPF_PSEUDO_BTF_ID, ext->ksym.kernel_btf_id,
			   ext->ksym.kernel_btf_obj_fd);
	} else {
		patch_ld64(insn, 0, (__u32)ext->ksym.addr, ext->ksym.addr >> 32);
	}
	return 0;
}

/*
 * A reference to a map that is not created (bpf_map__set_autocreate())
 * becomes a call to an invalid helper: the verifier rejects the program
 * only if that code is reachable, which lets programs pick between maps
 * with constants set before load.
 */
static void poison_map_ref(struct linker *l, struct bpf_insn *insn, const struct bpf_map *map)
{
	pr_debug("prog '%s': map '%s' is not created; its reference at insn %td is poisoned\n",
		 l->prog->name, map->name, insn - l->insns);
	memset(insn, 0, 2 * BPF_INSN_SZ);
	insn[0].code = BPF_JMP | BPF_CALL;
	insn[0].imm = MAP_POISON_IMM_BASE + (map - l->obj->maps);
	insn[1].code = BPF_JMP | BPF_JA;	/* never reached: the call fails first */
}

static int link_relo(struct linker *l, size_t c, const struct reloc_desc *relo)
{
	const struct bpf_program *func = l->chunks[c].func;
	struct bpf_insn *insn = &l->insns[l->chunks[c].pos + relo->insn_idx];
	const struct bpf_insn *orig = &func->insns[relo->insn_idx];
	const struct bpf_map *map;

	switch (relo->type) {
	case RELO_CALL:
		return link_code_ref(l, c, relo->insn_idx, relo->tgt_sec_idx,
				     relo->tgt_insn_idx, false);
	case RELO_SUBPROG_ADDR:
		return link_code_ref(l, c, relo->insn_idx, relo->tgt_sec_idx,
				     relo->tgt_insn_idx, true);
	case RELO_MAP:
	case RELO_DATA:
		map = &l->obj->maps[relo->map_idx];
		if (!map->autocreate) {
			poison_map_ref(l, insn, map);
			return 0;
		}
		if (relo->type == RELO_MAP)
			patch_ld64(insn, BPF_PSEUDO_MAP_FD, map->fd, 0);
		else
			patch_ld64(insn, BPF_PSEUDO_MAP_VALUE, map->fd,
				   orig[0].imm + relo->sym_off);
		return 0;
	case RELO_EXTERN_LD64:
	case RELO_EXTERN_CALL:
		return link_extern(l, insn, relo, orig);
	}
	return -LIBBPF_ERRNO__INTERNAL;
}

static bool is_pseudo_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

/*
 * Link chunk c: apply its relocation records, and resolve calls and
 * function addresses clang left without one (static functions of the same
 * section, where the encoded offset is already section-relative).
 */
static int link_chunk(struct linker *l, size_t c)
{
	const struct bpf_program *func = l->chunks[c].func;
	const struct reloc_desc *relo;
	size_t i;
	long long tgt;
	int err;

	for (i = 0; i < (size_t)func->nr_relos; i++) {
		err = link_relo(l, c, &func->relos[i]);
		if (err)
			return err;
	}
	for (i = 0; i < func->sec_insn_cnt; i++) {
		const struct bpf_insn *insn = &func->insns[i];
		bool addr = insn_is_ld_imm64(insn) && insn->src_reg == BPF_PSEUDO_FUNC;

		if (insn_is_ld_imm64(insn) && i + 1 >= func->sec_insn_cnt) {
			pr_warn("prog '%s': 64-bit load at insn %zu of '%s' is cut off by the function's end\n",
				l->prog->name, i, func->name);
			return -LIBBPF_ERRNO__RELOC;
		}
		if (!is_pseudo_call(insn) && !addr) {
			i += insn_is_ld_imm64(insn);
			continue;
		}
		relo = find_relo(func, i);
		if (!relo) {
			tgt = (long long)func->sec_insn_off + i + insn->imm + 1;
			if (tgt < 0) {
				pr_warn("prog '%s': call at insn %zu of '%s' jumps before its section\n",
					l->prog->name, i, func->name);
				return -LIBBPF_ERRNO__RELOC;
			}
			err = link_code_ref(l, c, i, func->sec_idx, tgt, addr);
			if (err)
				return err;
		}
		i += addr;
	}
	return 0;
}

/* ---- func_info / line_info ------------------------------------------------ */

/*
 * map[i]: the first group of seg named as ELF section i, or NULL; found
 * once per object and section rather than per linked function
 */
static int cmp_sec_idx_name(const void *a, const void *b, void *ctx)
{
	char * const *names = ctx;

	return strcmp(names[*(const __u32 *)a], names[*(const __u32 *)b]);
}

/* section indexes in name order, for libbpf_name_lower_bound() */
struct sec_order {
	char * const *names;
	const __u32 *order;
};

static const char *sec_order_name(const void *ctx, size_t i)
{
	const struct sec_order *so = ctx;

	return so->names[so->order[i]];
}

#define EXT_MAP_LAZY_MAX 16	/* groups beyond which all are mapped at once */

static const struct btf_ext_info_sec ext_sec_unknown;	/* not looked for yet */

static int map_ext_secs(const struct bpf_object *obj, const struct btf_ext_info *seg,
			const struct btf_ext_info_sec ***out)
{
	const struct btf_ext_info_sec *sec, **map;
	struct sec_order so;
	size_t i, n = 0, lo;
	const char *name;
	__u32 *order;

	map = calloc(obj->nr_sec_names ?: 1, sizeof(*map));
	if (!map)
		return -ENOMEM;
	*out = map;
	if (!seg->len)
		return 0;
	/* a few groups, as usual: a section's is looked for when a function needs it */
	for_each_btf_ext_sec(seg, sec)
		n++;
	if (n <= EXT_MAP_LAZY_MAX) {
		for (i = 0; i < obj->nr_sec_names; i++)
			map[i] = &ext_sec_unknown;
		return 0;
	}
	/* else the named sections sorted by name; each group bisects for its own */
	n = 0;
	order = malloc(obj->nr_sec_names * sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (i = 1; i < obj->nr_sec_names; i++)
		if (obj->sec_names[i])
			order[n++] = i;
	qsort_r(order, n, sizeof(*order), cmp_sec_idx_name, obj->sec_names);
	so = (struct sec_order){ obj->sec_names, order };
	for_each_btf_ext_sec(seg, sec) {
		name = btf__name_by_offset(obj->btf, sec->sec_name_off);
		if (!name)
			continue;
		lo = libbpf_name_lower_bound(n, name, sec_order_name, &so);
		/* every section of that name whose group is not known yet */
		for (; lo < n && strcmp(obj->sec_names[order[lo]], name) == 0; lo++)
			if (!map[order[lo]])
				map[order[lo]] = sec;
	}
	free(order);
	return 0;
}

static const struct btf_ext_info_sec *ext_sec_for(const struct linker *l,
						  const struct btf_ext_info *seg,
						  const struct bpf_program *func)
{
	const struct btf_ext_info_sec **map, *sec;
	const char *name, *fsec;

	map = seg == &l->obj->btf_ext->func_info ? l->sh->func_sec : l->sh->line_sec;
	if (func->sec_idx < 0 || (size_t)func->sec_idx >= l->obj->nr_sec_names)
		return NULL;
	if (map[func->sec_idx] != &ext_sec_unknown)
		return map[func->sec_idx];
	/* the first group named as the function's section, remembered */
	map[func->sec_idx] = NULL;
	fsec = l->obj->sec_names[func->sec_idx];
	for_each_btf_ext_sec(seg, sec) {
		name = btf__name_by_offset(l->obj->btf, sec->sec_name_off);
		if (name && fsec && strcmp(name, fsec) == 0) {
			map[func->sec_idx] = sec;
			break;
		}
	}
	return map[func->sec_idx];
}

/*
 * Collect the records of seg that describe the linked chunks, with
 * insn_off turned from section byte offsets into linked instruction
 * indexes (what the kernel expects).
 */
/* whether each section's records of seg come by instruction offset */
static bool ext_info_sorted(const struct btf_ext_info *seg)
{
	const struct btf_ext_info_sec *sec;
	const __u32 *rec;
	__u32 i, prev;

	if (!seg->len)
		return true;
	for_each_btf_ext_sec(seg, sec) {
		prev = 0;
		for_each_btf_ext_rec(seg, sec, i, rec) {
			if (rec[0] < prev)
				return false;
			prev = rec[0];
		}
	}
	return true;
}

/* the first record of sec at or after instruction insn (records sorted) */
static __u32 ext_rec_from(const struct btf_ext_info *seg, const struct btf_ext_info_sec *sec,
			  size_t insn)
{
	__u32 lo = 0, hi = sec->num_info, mid;
	const __u32 *rec;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		rec = (const void *)(sec->data + (size_t)mid * seg->rec_size);
		if (rec[0] / BPF_INSN_SZ < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int rebuild_ext_info(struct linker *l, const struct btf_ext_info *seg, bool sorted,
			    void **out, __u32 *out_cnt, __u32 *out_rec_size)
{
	size_t c, cnt = 0, cap = 0;
	char *buf = NULL;
	int err;

	*out = NULL;
	*out_cnt = 0;
	*out_rec_size = seg->rec_size;
	for (c = 0; c < l->chunk_cnt; c++) {
		const struct bpf_program *func = l->chunks[c].func;
		const struct btf_ext_info_sec *sec = ext_sec_for(l, seg, func);
		const __u32 *rec;
		__u32 i;

		if (!sec)
			continue;
		/* sorted: only the function's own records, not the whole section's */
		i = sorted ? ext_rec_from(seg, sec, func->sec_insn_off) : 0;
		for (rec = (const void *)(sec->data + (size_t)i * seg->rec_size); i < sec->num_info;
		     i++, rec = (const void *)rec + seg->rec_size) {
			size_t insn = rec[0] / BPF_INSN_SZ;
			__u32 *dst;

			if (sorted && insn >= func->sec_insn_off + func->sec_insn_cnt)
				break;
			if (insn < func->sec_insn_off || insn >= func->sec_insn_off + func->sec_insn_cnt)
				continue;
			err = libbpf_ensure_mem((void **)&buf, &cap, seg->rec_size, cnt + 1);
			if (err) {
				free(buf);
				return err;
			}
			dst = (__u32 *)(buf + cnt * seg->rec_size);
			memcpy(dst, rec, seg->rec_size);
			dst[0] = l->chunks[c].pos + (insn - func->sec_insn_off);
			cnt++;
		}
	}
	*out = buf;
	*out_cnt = cnt;
	return 0;
}

/* ---- exception callbacks ---------------------------------------------------- */

/* BTF FUNC id of the main program, from its first func_info record */
static __u32 prog_func_btf_id(const struct bpf_program *prog)
{
	if (!prog->func_info_cnt)
		return 0;
	return ((const __u32 *)prog->func_info)[1];
}

#define EXC_CB_PFX "exception_callback:"

/* the "exception_callback:" decl tags of whole FUNCs, in id order */
static int find_exc_tags(const struct btf *btf, struct link_shared *sh)
{
	__u32 i, n = btf__type_cnt(btf);
	size_t cap = 0;
	const char *tag;
	int err;

	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		tag = btf__name_by_offset(btf, t->name_off);
		if (!tag || strncmp(tag, EXC_CB_PFX, sizeof(EXC_CB_PFX) - 1) != 0)
			continue;
		err = libbpf_ensure_mem((void **)&sh->exc_tags, &cap, sizeof(*sh->exc_tags),
					sh->exc_cnt + 1);
		if (err)
			return err;
		sh->exc_tags[sh->exc_cnt++] = i;
	}
	return 0;
}

/*
 * A main program names its exception callback with the decl tag
 * "exception_callback:<name>". The kernel looks the callback up among the
 * program's subprograms, so it must be linked even though nothing calls it.
 */
static int link_exception_cb(struct linker *l, __u32 func_id)
{
	const struct btf *btf = l->obj->btf;
	size_t p, k;

	for (k = 0; k < l->sh->exc_cnt; k++) {
		const struct btf_type *t = btf__type_by_id(btf, l->sh->exc_tags[k]);
		const char *cb_name;

		if (t->type != func_id)
			continue;
		cb_name = btf__name_by_offset(btf, t->name_off) + sizeof(EXC_CB_PFX) - 1;
		for (p = 0; p < l->obj->nr_programs; p++) {
			const struct bpf_program *cb = &l->obj->programs[p];
			long pos;

			if (!cb->is_subprog || strcmp(cb->name, cb_name) != 0)
				continue;
			pos = chunk_pos(l, cb);
			return pos < 0 ? pos : 0;
		}
		pr_warn("prog '%s': exception callback '%s' is not a subprogram of the object\n",
			l->prog->name, cb_name);
		return -ENOENT;
	}
	return 0;
}

/* ---- entry point -------------------------------------------------------------- */

static int link_prog(struct bpf_object *obj, struct bpf_program *prog,
		     const struct link_shared *sh, struct bpf_insn **linked, size_t *linked_cnt)
{
	struct linker l = { .obj = obj, .prog = prog, .sh = sh };
	size_t c;
	__u32 func_id;
	int err;

	if (prog->custom_insns) {
		*linked = malloc(prog->insns_cnt * BPF_INSN_SZ);
		if (!*linked)
			return -ENOMEM;
		memcpy(*linked, prog->insns, prog->insns_cnt * BPF_INSN_SZ);
		*linked_cnt = prog->insns_cnt;
		return 0;
	}
	err = chunk_pos(&l, prog);
	for (c = 0; !err && c < l.chunk_cnt; c++)
		err = link_chunk(&l, c);
	if (!err && obj->btf_ext) {
		err = rebuild_ext_info(&l, &obj->btf_ext->func_info, sh->func_sorted,
				       &prog->func_info, &prog->func_info_cnt,
				       &prog->func_info_rec_size);
		func_id = prog_func_btf_id(prog);
		if (!err && func_id) {
			size_t before = l.chunk_cnt;

			err = link_exception_cb(&l, func_id);
			for (c = before; !err && c < l.chunk_cnt; c++)
				err = link_chunk(&l, c);
			if (!err && l.chunk_cnt != before) {
				free(prog->func_info);
				err = rebuild_ext_info(&l, &obj->btf_ext->func_info,
						       sh->func_sorted, &prog->func_info,
						       &prog->func_info_cnt,
						       &prog->func_info_rec_size);
			}
		}
		if (!err)
			err = rebuild_ext_info(&l, &obj->btf_ext->line_info, sh->line_sorted,
					       &prog->line_info, &prog->line_info_cnt,
					       &prog->line_info_rec_size);
	}
	free(l.chunks);
	if (err) {
		free(l.insns);
		return err;
	}
	*linked = l.insns;
	*linked_cnt = l.insn_cnt;
	pr_debug("prog '%s': linked %zu instructions, %u func_info, %u line_info\n",
		 prog->name, l.insn_cnt, prog->func_info_cnt, prog->line_info_cnt);
	return 0;
}

int bpf_object_relocate(struct bpf_object *obj)
{
	struct link_shared sh = {};
	struct bpf_insn **linked;
	size_t *cnt, i;
	int err = 0;

	/* link from pristine code: install results only when all are done */
	linked = calloc(obj->nr_programs ?: 1, sizeof(*linked));
	cnt = calloc(obj->nr_programs ?: 1, sizeof(*cnt));
	if (!linked || !cnt) {
		err = -ENOMEM;
		goto out;
	}
	if (obj->btf_ext) {
		err = find_exc_tags(obj->btf, &sh) ?:
		      map_ext_secs(obj, &obj->btf_ext->func_info, &sh.func_sec) ?:
		      map_ext_secs(obj, &obj->btf_ext->line_info, &sh.line_sec);
		sh.func_sorted = ext_info_sorted(&obj->btf_ext->func_info);
		sh.line_sorted = ext_info_sorted(&obj->btf_ext->line_info);
	}
	for (i = 0; i < obj->nr_programs && !err; i++)
		if (prog_will_load(&obj->programs[i]))
			err = link_prog(obj, &obj->programs[i], &sh, &linked[i], &cnt[i]);
	for (i = 0; i < obj->nr_programs; i++) {
		if (!linked[i])
			continue;
		if (err) {
			free(linked[i]);
			continue;
		}
		free(obj->programs[i].insns);
		obj->programs[i].insns = linked[i];
		obj->programs[i].insns_cnt = cnt[i];
	}
out:
	free(sh.exc_tags);
	free(sh.func_sec);
	free(sh.line_sec);
	free(linked);
	free(cnt);
	return err;
}
