/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Text forms of BTF types for comparing BTF built different ways:
 *
 * - btf_canon(): a type described by what it is, with every type it
 *   refers to described in turn instead of by id. Named structs, unions
 *   and enums that are referred to are described by kind, name and size
 *   only (that is all a distilled base keeps of them), enum and enum64
 *   alike. Two types with the same canonical text are the same C type,
 *   whatever their ids and wherever their base.
 * - btf_dump_own(): one line per own type of a BTF, with ids, for
 *   checking exact layouts.
 * - write_elf_btf(): an ELF file with .BTF (and .BTF.base) sections.
 */
#ifndef __UNIT_BTF_CANON_H
#define __UNIT_BTF_CANON_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gelf.h>
#include <libelf.h>
#include <bpf/btf.h>

struct sbuf {
	char *s;
	size_t len;
	size_t cap;
};

__attribute__((format(printf, 2, 3)))
static inline void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL,
			      b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (b->s && b->len + n < b->cap) {
			b->len += n;
			return;
		}
		b->cap = (b->cap + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
}

static inline void sb_free(struct sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

static inline const char *canon_name(const struct btf *btf, __u32 off)
{
	return btf__name_by_offset(btf, off) ?: "<bad name offset>";
}

static inline void btf_canon_rec(struct sbuf *b, const struct btf *btf, __u32 id,
				 bool top, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;
	int i, n;

	if (depth > 24) {
		sb_printf(b, "<too deep>");
		return;
	}
	if (!t) {
		sb_printf(b, "<bad id %u>", id);
		return;
	}
	name = canon_name(btf, t->name_off);
	n = btf_vlen(t);
	switch (btf_kind(t)) {
	case BTF_KIND_UNKN:
		sb_printf(b, "void");
		return;
	case BTF_KIND_INT:
		sb_printf(b, "int '%s' %u enc %u off %u bits %u", name, t->size,
			  btf_int_encoding(t), btf_int_offset(t), btf_int_bits(t));
		return;
	case BTF_KIND_FLOAT:
		sb_printf(b, "float '%s' %u", name, t->size);
		return;
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
		sb_printf(b, "%s(", btf_is_ptr(t) ? "ptr" : btf_is_const(t) ? "const" :
			  btf_is_volatile(t) ? "volatile" : "restrict");
		btf_canon_rec(b, btf, t->type, false, depth + 1);
		sb_printf(b, ")");
		return;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
		sb_printf(b, "%s '%s'(", btf_is_typedef(t) ? "typedef" : "type_tag", name);
		btf_canon_rec(b, btf, t->type, false, depth + 1);
		sb_printf(b, ")");
		return;
	case BTF_KIND_ARRAY:
		sb_printf(b, "array[%u] of ", btf_array(t)->nelems);
		btf_canon_rec(b, btf, btf_array(t)->type, false, depth + 1);
		sb_printf(b, " by ");
		btf_canon_rec(b, btf, btf_array(t)->index_type, false, depth + 1);
		return;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		sb_printf(b, "%s '%s' size %u", btf_is_struct(t) ? "struct" : "union",
			  name, t->size);
		if (name[0] && !top)
			return;
		sb_printf(b, " {");
		for (i = 0; i < n; i++) {
			sb_printf(b, " '%s' @%u:%u ", canon_name(btf, btf_members(t)[i].name_off),
				  btf_member_bit_offset(t, i), btf_member_bitfield_size(t, i));
			btf_canon_rec(b, btf, btf_members(t)[i].type, false, depth + 1);
			sb_printf(b, ";");
		}
		sb_printf(b, " }");
		return;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		sb_printf(b, "enum '%s' size %u", name, t->size);
		if (name[0] && !top)
			return;
		sb_printf(b, " %s {", btf_kflag(t) ? "signed" : "unsigned");
		for (i = 0; i < n; i++) {
			if (btf_is_enum(t))
				sb_printf(b, " '%s'=%u", canon_name(btf, btf_enum(t)[i].name_off),
					  btf_enum(t)[i].val);
			else
				sb_printf(b, " '%s'=%llu",
					  canon_name(btf, btf_enum64(t)[i].name_off),
					  (unsigned long long)btf_enum64_value(btf_enum64(t) + i));
		}
		sb_printf(b, " }");
		return;
	case BTF_KIND_FWD:
		sb_printf(b, "fwd %s '%s'", btf_kflag(t) ? "union" : "struct", name);
		return;
	case BTF_KIND_FUNC_PROTO:
		sb_printf(b, "proto(");
		btf_canon_rec(b, btf, t->type, false, depth + 1);
		for (i = 0; i < n; i++) {
			sb_printf(b, ", '%s' ", canon_name(btf, btf_params(t)[i].name_off));
			btf_canon_rec(b, btf, btf_params(t)[i].type, false, depth + 1);
		}
		sb_printf(b, ")");
		return;
	case BTF_KIND_FUNC:
		sb_printf(b, "func '%s' linkage %d ", name, n);
		btf_canon_rec(b, btf, t->type, false, depth + 1);
		return;
	case BTF_KIND_VAR:
		sb_printf(b, "var '%s' linkage %u ", name, btf_var(t)->linkage);
		btf_canon_rec(b, btf, t->type, false, depth + 1);
		return;
	case BTF_KIND_DATASEC:
		sb_printf(b, "datasec '%s' size %u {", name, t->size);
		for (i = 0; i < n; i++) {
			sb_printf(b, " @%u+%u ", btf_var_secinfos(t)[i].offset,
				  btf_var_secinfos(t)[i].size);
			btf_canon_rec(b, btf, btf_var_secinfos(t)[i].type, false, depth + 1);
			sb_printf(b, ";");
		}
		sb_printf(b, " }");
		return;
	case BTF_KIND_DECL_TAG:
		sb_printf(b, "decl_tag '%s' %d on ", name, btf_decl_tag(t)->component_idx);
		btf_canon_rec(b, btf, t->type, false, depth + 1);
		return;
	default:
		sb_printf(b, "<kind %u>", btf_kind(t));
	}
}

/* canonical text of type id into buf (reset first) */
static inline const char *btf_canon(struct sbuf *b, const struct btf *btf, __u32 id)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
	btf_canon_rec(b, btf, id, true, 0);
	return b->s;
}

/* first own type id of btf */
static inline __u32 btf_first_own(const struct btf *btf)
{
	const struct btf *base = btf__base_btf(btf);

	return base ? btf__type_cnt(base) : 1;
}

/* one line per own type: "[id] KIND 'name' ..." with raw type ids */
static inline const char *btf_dump_own(struct sbuf *b, const struct btf *btf)
{
	static const char *const kinds[] = {
		"UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD",
		"TYPEDEF", "VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO",
		"VAR", "DATASEC", "FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
	};
	const struct btf_type *t;
	__u32 id;
	int i;

	b->len = 0;
	sb_printf(b, "%s", "");
	for (id = btf_first_own(btf); id < btf__type_cnt(btf); id++) {
		t = btf__type_by_id(btf, id);
		sb_printf(b, "[%u] %s '%s'", id, btf_kind(t) < 20 ? kinds[btf_kind(t)] : "?",
			  canon_name(btf, t->name_off));
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
			sb_printf(b, " size=%u enc=%u bits=%u", t->size, btf_int_encoding(t),
				  btf_int_bits(t));
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			sb_printf(b, " size=%u vlen=%u", t->size, btf_vlen(t));
			for (i = 0; i < btf_vlen(t); i++)
				sb_printf(b, " %s:%u", canon_name(btf, btf_members(t)[i].name_off),
					  btf_members(t)[i].type);
			break;
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FLOAT:
		case BTF_KIND_DATASEC:
			sb_printf(b, " size=%u vlen=%u", t->size, btf_vlen(t));
			break;
		case BTF_KIND_FWD:
			sb_printf(b, " %s", btf_kflag(t) ? "union" : "struct");
			break;
		case BTF_KIND_ARRAY:
			sb_printf(b, " type=%u index=%u n=%u", btf_array(t)->type,
				  btf_array(t)->index_type, btf_array(t)->nelems);
			break;
		case BTF_KIND_FUNC_PROTO:
			sb_printf(b, " ret=%u", t->type);
			for (i = 0; i < btf_vlen(t); i++)
				sb_printf(b, " %u", btf_params(t)[i].type);
			break;
		default:
			sb_printf(b, " type=%u", t->type);
		}
		sb_printf(b, "\n");
	}
	return b->s;
}

/* one more section of an ELF file being written; false on failure */
static inline bool elf_add_sec(Elf *e, __u32 name, __u32 type, void *data, size_t sz,
			       size_t *idx)
{
	Elf_Scn *scn = elf_newscn(e);
	Elf_Data *d = scn ? elf_newdata(scn) : NULL;
	Elf64_Shdr *sh = scn ? elf64_getshdr(scn) : NULL;

	if (!d || !sh)
		return false;
	d->d_buf = data;
	d->d_size = sz;
	d->d_align = 4;
	d->d_type = ELF_T_BYTE;
	sh->sh_name = name;
	sh->sh_type = type;
	if (idx)
		*idx = elf_ndxscn(scn);
	return true;
}

/*
 * An ELF relocatable file holding a .BTF section with btf and, when base
 * is not NULL, a .BTF.base section with base: what a kernel module built
 * out of tree carries.
 */
static inline bool write_elf_btf(const char *path, const void *btf, size_t sz,
				 const void *base, size_t base_sz)
{
	/* ".BTF" at 1, ".shstrtab" at 6, ".BTF.base" at 16 */
	static char shstrtab[] = "\0.BTF\0.shstrtab\0.BTF.base";
	Elf64_Ehdr *eh;
	size_t str_idx;
	bool ok = false;
	Elf *e;
	int fd;

	elf_version(EV_CURRENT);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return false;
	e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e || !(eh = elf64_newehdr(e)))
		goto out;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_type = ET_REL;
	eh->e_machine = EM_BPF;
	eh->e_version = EV_CURRENT;
	if (!elf_add_sec(e, 1, SHT_PROGBITS, (void *)btf, sz, NULL) ||
	    (base && !elf_add_sec(e, 16, SHT_PROGBITS, (void *)base, base_sz, NULL)) ||
	    !elf_add_sec(e, 6, SHT_STRTAB, shstrtab, sizeof(shstrtab), &str_idx))
		goto out;
	eh->e_shstrndx = str_idx;
	ok = elf_update(e, ELF_C_WRITE) >= 0;
out:
	if (e)
		elf_end(e);
	close(fd);
	return ok;
}

#endif /* __UNIT_BTF_CANON_H */
