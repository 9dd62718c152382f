// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Externs: __kconfig variables, __ksym variables and kfuncs. At open they
 * are recorded, classified, Kconfig values get their place in the
 * .kconfig map, and the BTF describing them is made acceptable to the
 * kernel (it knows no extern linkage). Values are resolved at load.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libbpf_internal.h"

/*
 * What bpf_object_add_extern() looks up for every extern, found in one
 * pass over the object's BTF rather than two scans per extern: the VARs
 * and FUNCs of extern linkage by name, and the first DATASEC holding
 * each type.
 */
struct extern_lookup {
	struct btf_named *ext;	/* sorted by name, then id */
	__u32 ext_cnt;
	__u32 *sec_of;		/* per type id: the first DATASEC listing it, or 0 */
};

static int cmp_named(const void *a, const void *b)
{
	const struct btf_named *na = a, *nb = b;
	int c = strcmp(na->name, nb->name);

	return c ?: (na->id > nb->id) - (na->id < nb->id);
}

static bool is_extern_decl(const struct btf_type *t)
{
	if (btf_is_var(t))
		return btf_var(t)->linkage == BTF_VAR_GLOBAL_EXTERN;
	return btf_is_func(t) && btf_vlen(t) == BTF_FUNC_EXTERN;
}

struct extern_lookup *extern_lookup_new(const struct btf *btf)
{
	__u32 i, j, n = btf__type_cnt(btf), m = 0;
	struct extern_lookup *lk;

	lk = calloc(1, sizeof(*lk));
	if (!lk)
		return NULL;
	lk->ext = btf_named_types(btf, (1U << BTF_KIND_VAR) | (1U << BTF_KIND_FUNC),
				  &lk->ext_cnt);
	lk->sec_of = calloc(n ?: 1, sizeof(*lk->sec_of));
	if (!lk->ext || !lk->sec_of) {
		extern_lookup_free(lk);
		return NULL;
	}
	for (i = 0; i < lk->ext_cnt; i++)
		if (is_extern_decl(btf__type_by_id(btf, lk->ext[i].id)))
			lk->ext[m++] = lk->ext[i];
	lk->ext_cnt = m;
	qsort(lk->ext, m, sizeof(*lk->ext), cmp_named);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const struct btf_var_secinfo *vsi;

		if (!btf_is_datasec(t))
			continue;
		vsi = btf_var_secinfos(t);
		for (j = 0; j < btf_vlen(t); j++)
			if (vsi[j].type < n && !lk->sec_of[vsi[j].type])
				lk->sec_of[vsi[j].type] = i;
	}
	return lk;
}

void extern_lookup_free(struct extern_lookup *lk)
{
	if (!lk)
		return;
	free(lk->ext);
	free(lk->sec_of);
	free(lk);
}

int bpf_object_add_extern(struct bpf_object *obj, const struct extern_lookup *lk,
			  const char *name, int sym_idx, bool is_weak)
{
	const struct btf_type *t;
	const char *sec_name = NULL;
	struct extern_desc *ext;
	__u32 btf_id;

	if (!obj->btf) {
		pr_warn("extern '%s': externs need BTF, but the object has none (compile with -g)\n",
			name);
		return -ENOENT;
	}
	/* BTF VAR or FUNC with extern linkage named name (the lowest id) */
	btf_id = btf_named_find(lk->ext, lk->ext_cnt, name);
	if (!btf_id) {
		int id = btf__find_by_name_kind(obj->btf, name, BTF_KIND_VAR);
		__u32 linkage = id > 0 ? btf_var(btf__type_by_id(obj->btf, id))->linkage : 0;

		if (id <= 0) {
			id = btf__find_by_name_kind(obj->btf, name, BTF_KIND_FUNC);
			linkage = id > 0 ? btf_vlen(btf__type_by_id(obj->btf, id)) : 0;
		}
		if (id > 0)
			pr_warn("extern '%s' (ELF symbol %d): its BTF %s [%d] has linkage %u, not extern\n",
				name, sym_idx, btf_kind_str(btf__type_by_id(obj->btf, id)), id,
				linkage);
		else
			pr_warn("extern '%s' (ELF symbol %d): no BTF VAR or FUNC describes it\n", name,
				sym_idx);
		return -ESRCH;
	}
	if (lk->sec_of[btf_id])
		sec_name = btf__name_by_offset(obj->btf,
					       btf__type_by_id(obj->btf, lk->sec_of[btf_id])->name_off);
	if (!lk->sec_of[btf_id] || !sec_name ||
	    (strcmp(sec_name, ".kconfig") != 0 && strcmp(sec_name, ".ksyms") != 0)) {
		pr_warn("extern '%s': not declared __kconfig or __ksym (section %s)\n",
			name, sec_name ?: "none");
		return -EOPNOTSUPP;
	}

	if (libbpf_grow_one((void **)&obj->externs, obj->nr_extern, sizeof(*ext)))
		return -ENOMEM;
	ext = obj->externs;
	ext = &ext[obj->nr_extern];
	memset(ext, 0, sizeof(*ext));
	ext->name = strdup(name);
	if (!ext->name)
		return -ENOMEM;
	obj->nr_extern++;
	ext->sym_idx = sym_idx;
	ext->btf_id = btf_id;
	ext->is_weak = is_weak;
	t = btf__type_by_id(obj->btf, btf_id);
	if (strcmp(sec_name, ".kconfig") == 0) {
		if (btf_is_func(t)) {
			pr_warn("extern '%s': functions cannot be __kconfig\n", name);
			return -EINVAL;
		}
		ext->type = EXT_KCFG;
	} else {
		ext->type = EXT_KSYM;
		ext->is_func = btf_is_func(t);
		ext->ksym.type_id = ext->is_func ? btf_id : t->type;
	}
	pr_debug("extern '%s': %s%s %s, BTF type %u\n", name, is_weak ? "weak " : "",
		 ext->type == EXT_KCFG ? "kconfig" : "ksym",
		 ext->is_func ? "function" : "variable", btf_id);
	return 0;
}

/* ---- Kconfig externs -------------------------------------------------------- */

static enum kcfg_type kcfg_type_of(const struct btf *btf, __u32 type_id, bool *is_signed)
{
	const struct btf_type *t = btf_skip_modifiers(btf, type_id, &type_id);
	const char *name;
	int enc;

	if (!t)
		return KCFG_UNKNOWN;
	name = btf__name_by_offset(btf, t->name_off) ?: "";
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		enc = btf_int_encoding(t);
		if (enc & BTF_INT_BOOL)
			return t->size == 1 ? KCFG_BOOL : KCFG_UNKNOWN;
		if (is_signed)
			*is_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1)
			return KCFG_CHAR;
		if (t->size > 8 || (t->size & (t->size - 1)))
			return KCFG_UNKNOWN;
		return KCFG_INT;
	case BTF_KIND_ENUM:
		if (t->size != 4)
			return KCFG_UNKNOWN;
		/* fallthrough */
	case BTF_KIND_ENUM64:
		return strcmp(name, "libbpf_tristate") == 0 ? KCFG_TRISTATE : KCFG_UNKNOWN;
	case BTF_KIND_ARRAY: {
		/* char[N] only: the element is looked at without recursing */
		const struct btf_type *elem = btf_skip_modifiers(btf, btf_array(t)->type, NULL);

		if (!btf_array(t)->nelems || !elem || !btf_is_int(elem) || elem->size != 1 ||
		    (btf_int_encoding(elem) & BTF_INT_BOOL))
			return KCFG_UNKNOWN;
		return KCFG_CHAR_ARR;
	}
	default:
		return KCFG_UNKNOWN;
	}
}

static int kcfg_classify(const struct bpf_object *obj, struct extern_desc *ext)
{
	const struct btf_type *var = btf__type_by_id(obj->btf, ext->btf_id);
	__s64 sz;
	int align;
	bool loop;

	errno = 0;
	ext->kcfg.type = kcfg_type_of(obj->btf, var->type, &ext->kcfg.is_signed);
	loop = errno == ELOOP;
	sz = btf__resolve_size(obj->btf, var->type);
	align = btf__align_of(obj->btf, var->type);
	loop = loop || sz == -ELOOP || align == -ELOOP;
	if (ext->kcfg.type == KCFG_UNKNOWN || sz <= 0 || align <= 0) {
		/* a loop in the type chain was reported by the BTF code already */
		if (loop)
			return -ELOOP;
		pr_warn("extern (kcfg) '%s': type (BTF type %u, %s) is not bool, char, an integer, enum libbpf_tristate or a char array\n",
			ext->name, var->type,
			btf__type_by_id(obj->btf, var->type) ?
			btf_kind_str(btf__type_by_id(obj->btf, var->type)) : "out of range");
		return -EOPNOTSUPP;
	}
	ext->kcfg.sz = sz;
	ext->kcfg.align = align;
	return 0;
}

static int cmp_kcfg_layout(const void *a, const void *b)
{
	const struct extern_desc *ea = *(const struct extern_desc * const *)a;
	const struct extern_desc *eb = *(const struct extern_desc * const *)b;

	if (ea->kcfg.align != eb->kcfg.align)
		return ea->kcfg.align > eb->kcfg.align ? -1 : 1;
	return strcmp(ea->name, eb->name);
}

static struct extern_desc *find_extern_by_btf_id(struct bpf_object *obj, __u32 id)
{
	int i;

	for (i = 0; i < obj->nr_extern; i++)
		if (obj->externs[i].btf_id == id)
			return &obj->externs[i];
	return NULL;
}

/* largest alignment first keeps the value free of padding */
static int layout_kconfig(struct bpf_object *obj)
{
	struct extern_desc **order;
	struct btf_var_secinfo *vsi;
	struct btf_type *sec;
	int i, n = 0, off = 0, id, err = 0;

	order = calloc(obj->nr_extern ?: 1, sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (i = 0; i < obj->nr_extern; i++) {
		if (obj->externs[i].type != EXT_KCFG)
			continue;
		err = kcfg_classify(obj, &obj->externs[i]);
		if (err)
			goto out;
		order[n++] = &obj->externs[i];
	}
	if (!n)
		goto out;
	qsort(order, n, sizeof(*order), cmp_kcfg_layout);
	for (i = 0; i < n; i++) {
		off = (off + order[i]->kcfg.align - 1) / order[i]->kcfg.align * order[i]->kcfg.align;
		order[i]->kcfg.data_off = off;
		off += order[i]->kcfg.sz;
	}

	id = bpf_object_find_datasec(obj, ".kconfig");
	if (id < 0)
		goto out;
	sec = btf_type_by_id(obj->btf, id);
	sec->size = off;
	vsi = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++) {
		struct extern_desc *ext = find_extern_by_btf_id(obj, vsi[i].type);
		struct btf_type *var = btf_type_by_id(obj->btf, vsi[i].type);

		if (!ext || ext->type != EXT_KCFG) {
			pr_warn("extern: .kconfig entry (BTF type %u) has no ELF symbol\n",
				vsi[i].type);
			err = -EINVAL;
			goto out;
		}
		vsi[i].offset = ext->kcfg.data_off;
		vsi[i].size = ext->kcfg.sz;
		btf_var(var)->linkage = BTF_VAR_GLOBAL_ALLOCATED;
	}
	qsort(vsi, btf_vlen(sec), sizeof(*vsi), cmp_var_secinfo_off);
out:
	free(order);
	return err;
}

/* ---- ksym externs -------------------------------------------------------------- */

static int find_or_add_int(struct btf *btf)
{
	__u32 i, n = btf__type_cnt(btf);

	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (btf_is_int(t) && t->size == 4 && btf_int_bits(t) == 32 &&
		    !(btf_int_encoding(t) & BTF_INT_BOOL))
			return i;
	}
	return btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
}

/* give unnamed kfunc parameters a name: the kernel rejects them in global FUNCs */
static void name_kfunc_params(struct btf *btf, struct btf_type *func)
{
	struct btf_type *proto = btf_type_by_id(btf, func->type);
	struct btf_param *p;
	int i;

	if (!proto || !btf_is_func_proto(proto))
		return;
	p = btf_params(proto);
	for (i = 0; i < btf_vlen(proto); i++)
		if (p[i].type && !p[i].name_off)
			p[i].name_off = func->name_off;
}

/*
 * The kernel accepts neither FUNCs inside a DATASEC nor extern linkage:
 * every .ksyms entry becomes a 4-byte int VAR (kfuncs share one
 * "dummy_ksym" VAR) and kfuncs become global FUNCs. The variables'
 * original types were recorded in their extern_desc.
 */
static int fixup_ksyms_datasec(struct bpf_object *obj)
{
	struct btf_var_secinfo *vsi;
	struct btf_type *sec;
	int sec_id, int_id, dummy_id = 0, i, n;

	sec_id = bpf_object_find_datasec(obj, ".ksyms");
	if (sec_id < 0)
		return 0;
	int_id = find_or_add_int(obj->btf);
	if (int_id < 0)
		return int_id;
	n = btf_vlen(btf__type_by_id(obj->btf, sec_id));
	for (i = 0; i < n; i++) {
		sec = btf_type_by_id(obj->btf, sec_id);
		if (btf_is_func(btf__type_by_id(obj->btf, btf_var_secinfos(sec)[i].type)) &&
		    !dummy_id) {
			dummy_id = btf__add_var(obj->btf, "dummy_ksym",
						BTF_VAR_GLOBAL_ALLOCATED, int_id);
			if (dummy_id < 0)
				return dummy_id;
		}
	}

	/* type pointers are stable from here on: nothing more is added */
	sec = btf_type_by_id(obj->btf, sec_id);
	vsi = btf_var_secinfos(sec);
	for (i = 0; i < n; i++) {
		struct btf_type *t = btf_type_by_id(obj->btf, vsi[i].type);

		if (btf_is_func(t)) {
			name_kfunc_params(obj->btf, t);
			t->info = (BTF_KIND_FUNC << 24) | BTF_FUNC_GLOBAL;
			vsi[i].type = dummy_id;
		} else {
			btf_var(t)->linkage = BTF_VAR_GLOBAL_ALLOCATED;
			t->type = int_id;
		}
		vsi[i].offset = i * sizeof(int);
		vsi[i].size = sizeof(int);
	}
	sec->size = n * sizeof(int);
	return 0;
}

int bpf_object_finalize_externs(struct bpf_object *obj)
{
	int err;

	if (!obj->nr_extern)
		return 0;
	err = layout_kconfig(obj);
	if (err)
		return err;
	return fixup_ksyms_datasec(obj);
}

/* ---- resolution at load ---------------------------------------------------- */

/* how the kernel names the syscall wrappers of this architecture */
#if defined(__x86_64__)
#define SYSCALL_WRAPPER_PFX "__x64_"
#elif defined(__aarch64__)
#define SYSCALL_WRAPPER_PFX "__arm64_"
#elif defined(__s390x__)
#define SYSCALL_WRAPPER_PFX "__s390x_"
#elif defined(__riscv)
#define SYSCALL_WRAPPER_PFX "__riscv_"
#else
#define SYSCALL_WRAPPER_PFX "__se_"
#endif

/* value of a Kconfig symbol: the user's kconfig text first, then the kernel's */
static const char *kcfg_lookup(const char *extra, const char *name, char *buf, size_t size)
{
	size_t len = strlen(name);
	const char *p;

	for (p = extra; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		size_t n;

		if (strncmp(p, "CONFIG_", 7) != 0 || strncmp(p + 7, name, len) != 0 ||
		    p[7 + len] != '=')
			continue;
		p += 8 + len;
		n = strcspn(p, "\n");
		if (n >= size)
			n = size - 1;
		memcpy(buf, p, n);
		buf[n] = '\0';
		return buf;
	}
	return libbpf_kconfig_value(name);
}

/* does num (as parsed, two's complement if negative) fit sz bytes? */
static bool kcfg_int_fits(unsigned long long num, int sz, bool is_signed)
{
	long long s = (long long)num;

	if (sz == 8)
		return true;
	if (is_signed)
		return s >= -(1LL << (sz * 8 - 1)) && s < (1LL << (sz * 8 - 1));
	return num < (1ULL << (sz * 8));
}

static void kcfg_store_int(void *dst, unsigned long long num, int sz)
{
	switch (sz) {
	case 1:
		*(__u8 *)dst = num;
		break;
	case 2:
		*(__u16 *)dst = num;
		break;
	case 4:
		*(__u32 *)dst = num;
		break;
	default:
		*(__u64 *)dst = num;
	}
}

/* what a Kconfig extern's value must be, for messages */
static const char *kcfg_type_desc(const struct extern_desc *ext)
{
	switch (ext->kcfg.type) {
	case KCFG_BOOL:
		return "bool: y or n";
	case KCFG_TRISTATE:
		return "tristate: y, n or m";
	case KCFG_CHAR:
		return "char: y, n, m";
	case KCFG_CHAR_ARR:
		return "char array: a quoted string";
	case KCFG_INT:
		return ext->kcfg.is_signed ? "signed integer" : "unsigned integer";
	default:
		return "unknown";
	}
}

static int kcfg_set_value(struct extern_desc *ext, void *dst, const char *val)
{
	unsigned long long num;
	char *end;
	size_t len;

	switch (ext->kcfg.type) {
	case KCFG_BOOL:
	case KCFG_TRISTATE:
	case KCFG_CHAR:
		if (val[0] && !val[1] && strchr("ynm", val[0])) {
			__u8 v = val[0] == 'y' ? 1 : val[0] == 'm' ? 2 : 0;

			if (ext->kcfg.type == KCFG_CHAR)
				v = val[0];
			else if (ext->kcfg.type == KCFG_BOOL && v == 2)
				goto bad;
			if (ext->kcfg.type == KCFG_TRISTATE)
				*(__u32 *)dst = v;
			else
				*(__u8 *)dst = v;
			return 0;
		}
		goto bad;
	case KCFG_CHAR_ARR:
		len = strlen(val);
		if (len < 2 || val[0] != '"' || val[len - 1] != '"')
			goto bad;
		len -= 2;
		if (len >= (size_t)ext->kcfg.sz)
			len = ext->kcfg.sz - 1;
		memcpy(dst, val + 1, len);
		((char *)dst)[len] = '\0';
		return 0;
	case KCFG_INT:
		errno = 0;
		num = strtoull(val, &end, 0);
		if (errno || *end || !kcfg_int_fits(num, ext->kcfg.sz, ext->kcfg.is_signed))
			goto bad;
		kcfg_store_int(dst, num, ext->kcfg.sz);
		return 0;
	default:
		goto bad;
	}
bad:
	pr_warn("extern (kcfg) '%s': value '%s' does not fit its type (%s of %d bytes)\n",
		ext->name, val, kcfg_type_desc(ext), ext->kcfg.sz);
	return -EINVAL;
}

static int resolve_kcfg(struct bpf_object *obj, struct extern_desc *ext,
			const char *extra)
{
	void *dst = (char *)obj->maps[obj->kconfig_map_idx].mmaped + ext->kcfg.data_off;
	const char *name = ext->name, *val;
	char buf[256];
	__u64 v;

	if (strcmp(name, "LINUX_KERNEL_VERSION") == 0) {
		v = libbpf_kernel_version();
	} else if (strcmp(name, "LINUX_HAS_BPF_COOKIE") == 0) {
		v = kernel_supports(FEAT_BPF_COOKIE);
	} else if (strcmp(name, "LINUX_HAS_SYSCALL_WRAPPER") == 0) {
		v = libbpf_vmlinux_find(SYSCALL_WRAPPER_PFX "sys_bpf", BTF_KIND_FUNC) > 0;
	} else if (strncmp(name, "CONFIG_", 7) == 0) {
		val = kcfg_lookup(extra, name + 7, buf, sizeof(buf));
		if (!val) {
			if (ext->is_weak)
				return 0;
			pr_warn("extern (kcfg) '%s': not set in the kernel config (nor in the kconfig option)\n",
				name);
			return -ESRCH;
		}
		ext->is_set = true;
		return kcfg_set_value(ext, dst, val);
	} else {
		pr_warn("extern (kcfg) '%s': unknown; Kconfig externs are CONFIG_* or LINUX_*\n", name);
		return -EINVAL;
	}
	if (ext->kcfg.type != KCFG_INT && ext->kcfg.type != KCFG_BOOL) {
		pr_warn("extern (kcfg) '%s': must be an integer or bool\n", name);
		return -EINVAL;
	}
	kcfg_store_int(dst, v, ext->kcfg.sz);
	ext->is_set = true;
	return 0;
}

static int resolve_ksym(struct bpf_object *obj, struct extern_desc *ext)
{
	const struct module_btf *mod;
	struct btf *vmlinux;
	__u32 res_id = 1, kind;
	int id, fd, fd_idx;

	/* typeless "extern const void sym __ksym": an address from kallsyms */
	if (!ext->is_func && btf_skip_modifiers(obj->btf, ext->ksym.type_id, &res_id) &&
	    res_id == 0) {
		ext->ksym.addr = libbpf_kallsyms_addr(ext->name);
		ext->is_set = ext->ksym.addr != 0;
		goto check;
	}
	vmlinux = libbpf_vmlinux_btf();
	if (!vmlinux) {
		if (ext->is_weak)
			return 0;
		pr_warn("extern (ksym) '%s': kernel BTF is unavailable: %s\n", ext->name,
			libbpf_errstr(-errno));
		return -ESRCH;
	}
	kind = ext->is_func ? BTF_KIND_FUNC : BTF_KIND_VAR;
	id = libbpf_vmlinux_find(ext->name, kind);
	if (id <= 0) {
		/* not in vmlinux: a module's kfunc or variable */
		id = kernel_module_find(obj, NULL, ext->name, kind, &mod);
		if (id > 0) {
			fd = bpf_object_module_btf_fd(obj, mod, &fd_idx);
			if (fd < 0)
				return fd;
			ext->ksym.kernel_btf_obj_fd = fd;
			ext->ksym.btf_fd_idx = fd_idx;
			pr_debug("extern (%s) '%s': in module '%s', BTF id %d\n",
				 ext->is_func ? "kfunc" : "ksym", ext->name, mod->name, id);
		}
	}
	if (id > 0) {
		ext->ksym.kernel_btf_id = id;
		ext->is_set = true;
	}
check:
	if (!ext->is_set && !ext->is_weak) {
		pr_warn("extern (%s) '%s': not found in the running kernel (vmlinux and module BTF)\n",
			ext->is_func ? "kfunc" : "ksym", ext->name);
		return -ESRCH;
	}
	pr_debug("extern (%s) '%s': %s\n", ext->is_func ? "kfunc" : "ksym", ext->name,
		 ext->is_set ? "resolved" : "weak, absent");
	return 0;
}

int bpf_object_resolve_externs(struct bpf_object *obj, const char *extra_kconfig)
{
	int i, err;

	for (i = 0; i < obj->nr_extern; i++) {
		struct extern_desc *ext = &obj->externs[i];

		if (ext->type == EXT_KCFG)
			err = resolve_kcfg(obj, ext, extra_kconfig);
		else
			err = resolve_ksym(obj, ext);
		if (err)
			return err;
	}
	return 0;
}
