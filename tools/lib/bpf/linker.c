// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The BPF static linker: bpf_linker__*() combine several BPF ELF objects
 * built by clang into one, as `bpftool gen object` does.
 *
 * Each input is parsed and checked completely when it is added, and its
 * contents are merged into the linker's state at once:
 *
 * - allocated sections are appended to the output section of the same
 *   name, each at an offset aligned for it; "license" and "version" are
 *   kept once and must be equal in every input; DWARF, .llvm_addrsig and
 *   the inputs' string tables are dropped;
 * - local symbols are kept per input, global and weak ones are resolved
 *   by name against what earlier inputs defined or declared (extern);
 * - the inputs' BTF is appended to one growing BTF (ids shifted); their
 *   .BTF.ext records are re-based to the output sections;
 * - relocations are re-targeted to the output symbols, and the addends
 *   of relocations against section symbols are moved by the offset the
 *   target section landed at.
 *
 * bpf_linker__finalize() then builds the output BTF from the appended
 * one: extern VARs and FUNCs that a definition resolved are replaced by
 * it, the inputs' DATASECs by one per output section (entries of the
 * definitions that won, offsets and sizes of the output), and writes
 * the ELF file with libelf, after btf__dedup() merged the types every
 * input brought its own copy of.
 *
 * Any error is sticky: the linker refuses further work and no output
 * file is left behind (bpf_linker__new() writes to a temporary file that
 * becomes the output only when bpf_linker__finalize() succeeds).
 */
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/btf.h>

#include "libbpf.h"
#include "btf.h"
#include "libbpf_internal.h"

#ifndef R_BPF_NONE
#define R_BPF_NONE		0
#endif
#ifndef R_BPF_64_64
#define R_BPF_64_64		1
#endif
#define LINKER_R_BPF_64_ABS64	2
#define LINKER_R_BPF_64_ABS32	3
#define LINKER_R_BPF_64_NODYLD32 4
#define LINKER_R_BPF_64_32	10

#ifndef SHT_LLVM_ADDRSIG
#define SHT_LLVM_ADDRSIG	0x6FFF4C03
#endif

#define LINKER_MAX_TYPE_DEPTH	32

enum src_sec_kind {
	SS_SKIP,	/* dropped: DWARF, strings, addrsig, empty sections */
	SS_CODE,	/* instructions */
	SS_DATA,	/* allocated data: .data*, .rodata*, .bss*, .maps, license */
	SS_SYMTAB,
	SS_REL,
	SS_BTF,
	SS_BTF_EXT,
};

struct src_sec {
	const char *name;
	GElf_Shdr shdr;
	Elf_Data *data;
	enum src_sec_kind kind;
	int dst;		/* output section, -1 when dropped */
	__u64 dst_off;		/* where its contents start there */
};

/* one input while it is being added */
struct src_obj {
	const char *name;	/* path or a description, for messages */
	int file_idx;		/* in linker->files */
	void *buf;		/* private copy of the file (libelf may write) */
	size_t size;
	Elf *elf;
	struct src_sec *secs;
	size_t nr_secs;
	size_t symtab_idx;
	const Elf64_Sym *syms;
	size_t nr_syms;
	int *sym_map;		/* output symbol per input symbol, -1 for none */
	struct btf *btf;
	struct btf_ext *btf_ext;
	__u32 btf_shift;	/* appended id = input id + btf_shift */
};

struct dst_sec {
	char *name;
	__u32 sh_type;
	__u64 sh_flags;
	__u64 align;
	__u64 size;
	void *data;		/* NULL for SHT_NOBITS */
	int first_file;		/* the input that created it */
	int sym;		/* its STT_SECTION symbol */
	Elf64_Rel *rels;	/* ELF64_R_SYM() is an output symbol index */
	size_t nr_rels;
	size_t rels_cap;
};

struct dst_sym {
	char *name;
	unsigned char type;	/* STT_* */
	unsigned char bind;	/* STB_LOCAL, STB_GLOBAL, STB_WEAK */
	unsigned char vis;	/* STV_* */
	int sec;		/* output section, -1 for undefined */
	__u64 value;
	__u64 size;
	/* global symbols */
	bool is_global;
	bool is_func;		/* BTF says FUNC (else VAR or unknown) */
	bool is_map;		/* a .maps definition or extern */
	int def_file;		/* input of the definition, -1 while extern */
	int ext_file;		/* first input that declared it extern */
	__u32 def_btf_id;	/* appended BTF id of the definition's VAR/FUNC */
	__u32 ext_btf_id;	/* ... of the first extern declaration */
	int final_idx;		/* index in the output .symtab */
};

struct dsec_ent {
	__u32 var_id;		/* appended BTF id of a VAR (or extern FUNC) */
	int sym;		/* output symbol it describes */
	__u32 size;
};

/* a DATASEC of the output: an output section's, or BTF-only (.kconfig, .ksyms) */
struct dst_datasec {
	char *name;
	struct dsec_ent *ents;
	size_t nr_ents;
	size_t ents_cap;
};

enum { EXT_FUNC, EXT_LINE, EXT_CORE, EXT_NR };

static const __u32 ext_rec_sz[EXT_NR] = {
	sizeof(struct bpf_func_info),
	sizeof(struct bpf_line_info),
	sizeof(struct bpf_core_relo),
};
static const char *const ext_set_name[EXT_NR] = { "func_info", "line_info", "core_relo" };

/* .BTF.ext records of one output section, in the output's terms */
struct ext_sec {
	char *sec_name;
	void *recs[EXT_NR];
	size_t nr[EXT_NR];
	size_t cap[EXT_NR];
};

struct bpf_linker {
	char *filename;		/* output path (bpf_linker__new()), or NULL */
	char *tmp_path;		/* file written until finalize succeeds */
	int fd;
	bool own_fd;
	bool finalized;
	int err;		/* sticky: the first error */

	char **files;		/* names of the inputs, for messages */
	int nr_files;

	struct dst_sec *secs;
	size_t nr_secs;
	struct dst_sym *syms;	/* [0] is the null symbol */
	size_t nr_syms;
	size_t syms_cap;

	struct btf *btf;	/* every input's BTF, appended */
	bool has_btf;
	int *ext_owner;		/* per appended type: global symbol + 1 for externs */
	size_t ext_owner_cap;

	struct dst_datasec *dsecs;
	size_t nr_dsecs;
	struct ext_sec *exts;
	size_t nr_exts;
};

/* ---- small helpers ------------------------------------------------------- */

static int linker_fail(struct bpf_linker *l, int err)
{
	if (err < 0 && !l->err)
		l->err = err;
	return err;
}

static int grow(void **p, size_t *cap, size_t elem_sz, size_t need)
{
	return libbpf_ensure_mem(p, cap, elem_sz, need);
}

static const char *file_name(const struct bpf_linker *l, int idx)
{
	return idx >= 0 && idx < l->nr_files ? l->files[idx] : "?";
}

static bool host_is_le(void)
{
	const __u16 one = 1;

	return *(const __u8 *)&one == 1;
}

/* ---- lifecycle ----------------------------------------------------------- */

static struct bpf_linker *linker_alloc(void)
{
	struct bpf_linker *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->fd = -1;
	l->btf = btf__new_empty();
	if (!l->btf)
		goto err;
	/* [0]: the null symbol */
	if (grow((void **)&l->syms, &l->syms_cap, sizeof(*l->syms), 1))
		goto err;
	l->nr_syms = 1;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		pr_warn("linker: libelf initialisation failed: %s\n", elf_errmsg(-1));
		goto err;
	}
	return l;
err:
	bpf_linker__free(l);
	return NULL;
}

struct bpf_linker *bpf_linker__new(const char *filename, struct bpf_linker_opts *opts)
{
	struct bpf_linker *l;
	int err;

	if (!filename || !filename[0] || !OPTS_VALID(opts, bpf_linker_opts))
		return libbpf_err_ptr(-EINVAL);
	l = linker_alloc();
	if (!l)
		return libbpf_err_ptr(-ENOMEM);
	l->filename = strdup(filename);
	if (!l->filename || asprintf(&l->tmp_path, "%s.tmpXXXXXX", filename) < 0) {
		l->tmp_path = NULL;
		err = -ENOMEM;
		goto err;
	}
	l->fd = mkostemp(l->tmp_path, O_CLOEXEC);
	if (l->fd < 0) {
		err = -errno;
		pr_warn("linker: cannot create '%s': %s\n", l->tmp_path, libbpf_errstr(err));
		free(l->tmp_path);
		l->tmp_path = NULL;
		goto err;
	}
	l->own_fd = true;
	return l;
err:
	bpf_linker__free(l);
	return libbpf_err_ptr(err);
}

struct bpf_linker *bpf_linker__new_fd(int fd, struct bpf_linker_opts *opts)
{
	struct bpf_linker *l;

	if (fd < 0 || !OPTS_VALID(opts, bpf_linker_opts))
		return libbpf_err_ptr(-EINVAL);
	l = linker_alloc();
	if (!l)
		return libbpf_err_ptr(-ENOMEM);
	l->fd = fd;
	return l;
}

void bpf_linker__free(struct bpf_linker *l)
{
	size_t i;
	int j;

	if (!l)
		return;
	if (l->own_fd && l->fd >= 0)
		close(l->fd);
	if (l->tmp_path)
		unlink(l->tmp_path);
	free(l->tmp_path);
	free(l->filename);
	for (j = 0; j < l->nr_files; j++)
		free(l->files[j]);
	free(l->files);
	for (i = 0; i < l->nr_secs; i++) {
		free(l->secs[i].name);
		free(l->secs[i].data);
		free(l->secs[i].rels);
	}
	free(l->secs);
	for (i = 0; i < l->nr_syms; i++)
		free(l->syms[i].name);
	free(l->syms);
	btf__free(l->btf);
	free(l->ext_owner);
	for (i = 0; i < l->nr_dsecs; i++) {
		free(l->dsecs[i].name);
		free(l->dsecs[i].ents);
	}
	free(l->dsecs);
	for (i = 0; i < l->nr_exts; i++) {
		free(l->exts[i].sec_name);
		for (j = 0; j < EXT_NR; j++)
			free(l->exts[i].recs[j]);
	}
	free(l->exts);
	free(l);
}

/* ---- parsing one input ------------------------------------------------- */

static int src_check_ident(const struct src_obj *obj)
{
	const unsigned char *id = obj->buf;
	unsigned char host = host_is_le() ? ELFDATA2LSB : ELFDATA2MSB;

	if (obj->size < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG) != 0) {
		pr_warn("linker: %s: not an ELF file\n", obj->name);
		return -EINVAL;
	}
	if (id[EI_CLASS] != ELFCLASS64) {
		pr_warn("linker: %s: not a 64-bit ELF file (class %u)\n", obj->name, id[EI_CLASS]);
		return -EINVAL;
	}
	if (id[EI_DATA] != host) {
		pr_warn("linker: %s: object is %s, but only objects of the host's byte order (%s) can be linked\n",
			obj->name,
			id[EI_DATA] == ELFDATA2LSB ? "little endian" :
			id[EI_DATA] == ELFDATA2MSB ? "big endian" : "of unknown byte order",
			host == ELFDATA2LSB ? "little endian" : "big endian");
		return -EINVAL;
	}
	if (obj->size < sizeof(Elf64_Ehdr)) {
		pr_warn("linker: %s: file of %zu bytes is too small for an ELF header\n",
			obj->name, obj->size);
		return -EINVAL;
	}
	return 0;
}

static enum src_sec_kind classify(const struct src_sec *s)
{
	const GElf_Shdr *sh = &s->shdr;

	switch (sh->sh_type) {
	case SHT_SYMTAB:
		return SS_SYMTAB;
	case SHT_REL:
		return SS_REL;
	case SHT_PROGBITS:
		if (strcmp(s->name, ".BTF") == 0)
			return SS_BTF;
		if (strcmp(s->name, ".BTF.ext") == 0)
			return SS_BTF_EXT;
		if (!(sh->sh_flags & SHF_ALLOC) || !sh->sh_size)
			return SS_SKIP;		/* DWARF and other non-loaded data */
		return (sh->sh_flags & SHF_EXECINSTR) ? SS_CODE : SS_DATA;
	case SHT_NOBITS:
		if (!(sh->sh_flags & SHF_ALLOC) || !sh->sh_size)
			return SS_SKIP;
		return SS_DATA;
	default:
		return SS_SKIP;		/* strings, .llvm_addrsig, notes */
	}
}

static int src_parse_secs(struct src_obj *obj)
{
	size_t shstrndx, n, i;
	Elf_Scn *scn;

	if (elf_getshdrnum(obj->elf, &n) || elf_getshdrstrndx(obj->elf, &shstrndx)) {
		pr_warn("linker: %s: cannot read the section headers: %s\n",
			obj->name, elf_errmsg(-1));
		return -EINVAL;
	}
	obj->secs = calloc(n ?: 1, sizeof(*obj->secs));
	if (!obj->secs)
		return -ENOMEM;
	obj->nr_secs = n;
	obj->secs[0].dst = -1;	/* the null section is never linked */
	for (i = 1; i < n; i++) {
		struct src_sec *s = &obj->secs[i];

		s->dst = -1;
		scn = elf_getscn(obj->elf, i);
		if (!scn || !gelf_getshdr(scn, &s->shdr)) {
			pr_warn("linker: %s: cannot read section %zu: %s\n",
				obj->name, i, elf_errmsg(-1));
			return -EINVAL;
		}
		s->name = elf_strptr(obj->elf, shstrndx, s->shdr.sh_name);
		if (!s->name) {
			pr_warn("linker: %s: section %zu has an invalid name offset %u (section name table %zu)\n",
				obj->name, i, s->shdr.sh_name, shstrndx);
			return -EINVAL;
		}
		if (s->shdr.sh_type != SHT_NOBITS && s->shdr.sh_type != SHT_NULL &&
		    (s->shdr.sh_offset > obj->size ||
		     s->shdr.sh_size > obj->size - s->shdr.sh_offset)) {
			pr_warn("linker: %s: section %s (%llu bytes at offset %llu) lies outside the file (%zu bytes): truncated?\n",
				obj->name, s->name, (unsigned long long)s->shdr.sh_size,
				(unsigned long long)s->shdr.sh_offset, obj->size);
			return -EINVAL;
		}
		if (s->shdr.sh_type == SHT_RELA) {
			pr_warn("linker: %s: section %s: RELA relocations are not used by BPF objects\n",
				obj->name, s->name);
			return -EINVAL;
		}
		s->kind = classify(s);
		if (s->kind == SS_SKIP)
			continue;
		s->data = elf_getdata(scn, NULL);
		if (!s->data || (s->shdr.sh_type != SHT_NOBITS && s->data->d_size != s->shdr.sh_size)) {
			pr_warn("linker: %s: cannot read section %s: %s\n", obj->name, s->name,
				elf_errmsg(-1));
			return -EINVAL;
		}
		if (s->kind == SS_CODE && s->shdr.sh_size % BPF_INSN_SZ) {
			pr_warn("linker: %s: code section %s has %llu bytes, not a multiple of an instruction\n",
				obj->name, s->name, (unsigned long long)s->shdr.sh_size);
			return -EINVAL;
		}
		if (s->kind == SS_SYMTAB) {
			if (obj->symtab_idx) {
				pr_warn("linker: %s: section %zu (%s) is a second symbol table, after section %zu\n",
					obj->name, i, s->name, (size_t)obj->symtab_idx);
				return -EINVAL;
			}
			obj->symtab_idx = i;
		}
	}
	return 0;
}

static int src_parse_symtab(struct src_obj *obj)
{
	struct src_sec *st;
	size_t i;

	if (!obj->symtab_idx) {
		pr_warn("linker: %s: object has no symbol table\n", obj->name);
		return -EINVAL;
	}
	st = &obj->secs[obj->symtab_idx];
	if (st->shdr.sh_entsize != sizeof(Elf64_Sym) || st->data->d_size % sizeof(Elf64_Sym) ||
	    !st->shdr.sh_link || st->shdr.sh_link >= obj->nr_secs ||
	    obj->secs[st->shdr.sh_link].shdr.sh_type != SHT_STRTAB) {
		pr_warn("linker: %s: symbol table (section %zu) is malformed: entry size %llu, %zu bytes, string table %u; expected entries of %zu bytes and a string table section\n",
			obj->name, (size_t)obj->symtab_idx, (unsigned long long)st->shdr.sh_entsize,
			st->data->d_size, st->shdr.sh_link, sizeof(Elf64_Sym));
		return -EINVAL;
	}
	obj->syms = st->data->d_buf;
	obj->nr_syms = st->data->d_size / sizeof(Elf64_Sym);
	obj->sym_map = malloc((obj->nr_syms ?: 1) * sizeof(*obj->sym_map));
	if (!obj->sym_map)
		return -ENOMEM;
	for (i = 0; i < obj->nr_syms; i++) {
		const Elf64_Sym *sym = &obj->syms[i];

		obj->sym_map[i] = -1;
		if (!elf_strptr(obj->elf, st->shdr.sh_link, sym->st_name)) {
			pr_warn("linker: %s: symbol %zu has an invalid name offset %u (string table section %u)\n",
				obj->name, i, sym->st_name, st->shdr.sh_link);
			return -EINVAL;
		}
		if (sym->st_shndx == SHN_COMMON) {
			pr_warn("linker: %s: symbol %zu is a COMMON symbol, which BPF objects cannot have\n",
				obj->name, i);
			return -EINVAL;
		}
		if (sym->st_shndx != SHN_UNDEF && sym->st_shndx != SHN_ABS &&
		    sym->st_shndx >= obj->nr_secs) {
			pr_warn("linker: %s: symbol %zu (%s) refers to section %u, which does not exist (%zu sections)\n",
				obj->name, i, elf_strptr(obj->elf, st->shdr.sh_link, sym->st_name),
				sym->st_shndx, obj->nr_secs);
			return -EINVAL;
		}
	}
	return 0;
}

static const char *sym_name(const struct src_obj *obj, const Elf64_Sym *sym)
{
	return elf_strptr(obj->elf, obj->secs[obj->symtab_idx].shdr.sh_link, sym->st_name);
}

static int src_parse_btf(struct src_obj *obj)
{
	struct src_sec *btf_sec = NULL, *ext_sec = NULL;
	size_t i;
	int err;

	for (i = 1; i < obj->nr_secs; i++) {
		if (obj->secs[i].kind == SS_BTF)
			btf_sec = &obj->secs[i];
		else if (obj->secs[i].kind == SS_BTF_EXT)
			ext_sec = &obj->secs[i];
	}
	if (!btf_sec) {
		if (ext_sec) {
			pr_warn("linker: %s: object has .BTF.ext but no .BTF\n", obj->name);
			return -EINVAL;
		}
		return 0;
	}
	obj->btf = btf__new(btf_sec->data->d_buf, btf_sec->data->d_size);
	if (!obj->btf) {
		err = -errno;
		pr_warn("linker: %s: section .BTF is invalid: %s\n", obj->name, libbpf_errstr(err));
		return err;
	}
	if (!ext_sec)
		return 0;
	obj->btf_ext = btf_ext_parse(ext_sec->data->d_buf, ext_sec->data->d_size, obj->btf);
	if (!obj->btf_ext) {
		err = -errno;
		pr_warn("linker: %s: section .BTF.ext is invalid: %s\n", obj->name,
			libbpf_errstr(err));
		return err;
	}
	return 0;
}

static int src_open(struct src_obj *obj)
{
	GElf_Ehdr ehdr;
	int err;

	err = src_check_ident(obj);
	if (err)
		return err;
	obj->elf = elf_memory(obj->buf, obj->size);
	if (!obj->elf || elf_kind(obj->elf) != ELF_K_ELF || !gelf_getehdr(obj->elf, &ehdr)) {
		pr_warn("linker: %s: cannot parse the ELF file: %s\n", obj->name, elf_errmsg(-1));
		return -EINVAL;
	}
	if (ehdr.e_type != ET_REL) {
		pr_warn("linker: %s: not a relocatable object (e_type %u)\n", obj->name, ehdr.e_type);
		return -EINVAL;
	}
	if (ehdr.e_machine != EM_BPF) {
		pr_warn("linker: %s: not a BPF object (e_machine %u, expected %u)\n",
			obj->name, ehdr.e_machine, EM_BPF);
		return -EINVAL;
	}
	if (ehdr.e_shoff > obj->size ||
	    (obj->size - ehdr.e_shoff) / sizeof(Elf64_Shdr) < ehdr.e_shnum) {
		pr_warn("linker: %s: section header table of %u entries at offset %llu runs past the end of the file (%zu bytes): truncated?\n",
			obj->name, ehdr.e_shnum, (unsigned long long)ehdr.e_shoff, obj->size);
		return -EINVAL;
	}
	if (ehdr.e_shoff && ehdr.e_shentsize != sizeof(Elf64_Shdr)) {
		pr_warn("linker: %s: section header table at offset %llu: entry size %u, expected %zu\n",
			obj->name, (unsigned long long)ehdr.e_shoff, ehdr.e_shentsize,
			sizeof(Elf64_Shdr));
		return -EINVAL;
	}
	err = src_parse_secs(obj);
	if (!err)
		err = src_parse_symtab(obj);
	if (!err)
		err = src_parse_btf(obj);
	return err;
}

static void src_close(struct src_obj *obj)
{
	btf_ext__free(obj->btf_ext);
	btf__free(obj->btf);
	free(obj->sym_map);
	free(obj->secs);
	if (obj->elf)
		elf_end(obj->elf);
	free(obj->buf);
}

/* ---- sections ------------------------------------------------------------ */

static int find_dst_sec(const struct bpf_linker *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nr_secs; i++)
		if (strcmp(l->secs[i].name, name) == 0)
			return i;
	return -1;
}

static int add_dst_sym(struct bpf_linker *l, const char *name)
{
	struct dst_sym *s;

	if (grow((void **)&l->syms, &l->syms_cap, sizeof(*l->syms), l->nr_syms + 1))
		return -ENOMEM;
	s = &l->syms[l->nr_syms];
	memset(s, 0, sizeof(*s));
	s->name = strdup(name ?: "");
	if (!s->name)
		return -ENOMEM;
	s->sec = -1;
	s->def_file = -1;
	s->ext_file = -1;
	return l->nr_syms++;
}

static int new_dst_sec(struct bpf_linker *l, const struct src_obj *obj, const struct src_sec *s)
{
	size_t cap = l->nr_secs;
	struct dst_sec *d;
	int sym;

	if (grow((void **)&l->secs, &cap, sizeof(*l->secs), l->nr_secs + 1))
		return -ENOMEM;
	sym = add_dst_sym(l, "");
	if (sym < 0)
		return sym;
	d = &l->secs[l->nr_secs];
	memset(d, 0, sizeof(*d));
	d->name = strdup(s->name);
	if (!d->name)
		return -ENOMEM;
	d->sh_type = s->shdr.sh_type;
	d->sh_flags = s->shdr.sh_flags;
	d->align = 1;
	d->first_file = obj->file_idx;
	d->sym = sym;
	l->syms[sym].type = STT_SECTION;
	l->syms[sym].bind = STB_LOCAL;
	l->syms[sym].sec = l->nr_secs;
	return l->nr_secs++;
}

static bool is_single_copy_sec(const char *name)
{
	return strcmp(name, "license") == 0 || strcmp(name, "version") == 0;
}

/* "license" and "version" are kept once; every input must agree */
static int merge_single_copy(struct bpf_linker *l, const struct src_obj *obj,
			     struct src_sec *s, struct dst_sec *d)
{
	size_t n = s->data->d_size;

	if (n != d->size || memcmp(d->data, s->data->d_buf, n) != 0) {
		if (strcmp(s->name, "license") == 0)
			pr_warn("linker: %s: license '%.*s' differs from '%.*s' of %s\n",
				obj->name, (int)strnlen(s->data->d_buf, n), (char *)s->data->d_buf,
				(int)strnlen(d->data, d->size), (char *)d->data,
				file_name(l, d->first_file));
		else
			pr_warn("linker: %s: section '%s' differs from that of %s\n",
				obj->name, s->name, file_name(l, d->first_file));
		return -EINVAL;
	}
	s->dst_off = 0;
	return 0;
}

static int src_add_secs(struct bpf_linker *l, struct src_obj *obj)
{
	size_t i;
	int idx;

	for (i = 1; i < obj->nr_secs; i++) {
		struct src_sec *s = &obj->secs[i];
		__u64 align, off;
		struct dst_sec *d;
		void *p;

		if (s->kind != SS_CODE && s->kind != SS_DATA)
			continue;
		idx = find_dst_sec(l, s->name);
		if (idx < 0) {
			idx = new_dst_sec(l, obj, s);
			if (idx < 0)
				return idx;
		}
		d = &l->secs[idx];
		s->dst = idx;
		if (d->sh_type != s->shdr.sh_type ||
		    (d->sh_flags & (SHF_EXECINSTR | SHF_WRITE)) !=
		    (s->shdr.sh_flags & (SHF_EXECINSTR | SHF_WRITE))) {
			pr_warn("linker: %s: section '%s' (type %u, flags 0x%llx) does not match '%s' of %s (type %u, flags 0x%llx)\n",
				obj->name, s->name, s->shdr.sh_type,
				(unsigned long long)s->shdr.sh_flags, d->name,
				file_name(l, d->first_file), d->sh_type,
				(unsigned long long)d->sh_flags);
			return -EINVAL;
		}
		if (is_single_copy_sec(s->name) && s->shdr.sh_type != SHT_PROGBITS) {
			pr_warn("linker: %s: section '%s' must be PROGBITS\n", obj->name, s->name);
			return -EINVAL;
		}
		if (d->size && is_single_copy_sec(s->name)) {
			int err = merge_single_copy(l, obj, s, d);

			if (err)
				return err;
			continue;
		}
		align = s->shdr.sh_addralign ?: 1;
		/* BPF data needs 8 at most (16 for __int128): bound what a file asks */
		if ((align & (align - 1)) || align > 4096) {
			pr_warn("linker: %s: section '%s' has alignment %llu, not a power of two up to 4096\n",
				obj->name, s->name, (unsigned long long)align);
			return -EINVAL;
		}
		if (s->kind == SS_CODE && align < BPF_INSN_SZ)
			align = BPF_INSN_SZ;
		off = (d->size + align - 1) & ~(align - 1);
		if (off + s->shdr.sh_size > UINT32_MAX) {
			pr_warn("linker: %s: section '%s' grows beyond 4 GiB\n", obj->name, s->name);
			return -E2BIG;
		}
		if (d->sh_type != SHT_NOBITS) {
			p = realloc(d->data, off + s->shdr.sh_size);
			if (!p)
				return -ENOMEM;
			d->data = p;
			memset(p + d->size, 0, off - d->size);
			memcpy(p + off, s->data->d_buf, s->shdr.sh_size);
		}
		s->dst_off = off;
		d->size = off + s->shdr.sh_size;
		d->align = max(d->align, align);
	}
	return 0;
}

/* ---- BTF helpers ------------------------------------------------------- */


/*
 * The input's VAR or FUNC with external linkage (global or extern) that
 * describes the global symbol name, 0 when there is none.
 */
static __u32 src_find_btf_sym(const struct src_obj *obj, const char *name, bool *is_func)
{
	__u32 i, n;

	if (!obj->btf)
		return 0;
	n = btf__type_cnt(obj->btf);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(obj->btf, i);

		if (btf_is_var(t)) {
			if (btf_var(t)->linkage == BTF_VAR_STATIC)
				continue;
		} else if (btf_is_func(t)) {
			if (btf_vlen(t) == BTF_FUNC_STATIC)
				continue;
		} else {
			continue;
		}
		if (strcmp(btf_type_name(obj->btf, t), name) == 0) {
			*is_func = btf_is_func(t);
			return i;
		}
	}
	return 0;
}

/* the input's DATASEC that lists type id, or NULL */
static const char *src_datasec_of(const struct src_obj *obj, __u32 id)
{
	__u32 i, n = btf__type_cnt(obj->btf);
	int j;

	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(obj->btf, i);
		const struct btf_var_secinfo *vsi;

		if (!btf_is_datasec(t))
			continue;
		vsi = btf_var_secinfos(t);
		for (j = 0; j < btf_vlen(t); j++)
			if (vsi[j].type == id)
				return btf_type_name(obj->btf, t);
	}
	return NULL;
}

static const struct btf_type *skip_mods_typedefs(const struct btf *btf, __u32 id, __u32 *res)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int depth = 0;

	while (t && (btf_is_mod(t) || btf_is_typedef(t) || btf_is_type_tag(t)) &&
	       depth++ < LINKER_MAX_TYPE_DEPTH) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res)
		*res = id;
	return t;
}

/*
 * Do types a and b (of one BTF) describe the same thing? Stricter than
 * CO-RE: names, sizes, member offsets, typedefs and modifiers must agree;
 * a FWD matches a struct or union of its name, and a named struct reached
 * through a pointer is compared by name only (which also stops loops).
 * On a mismatch, why is set to a short description.
 */
static bool btf_types_match(const struct btf *btf, __u32 a, __u32 b, bool by_name,
			    int depth, char *why, size_t why_sz)
{
	const struct btf_type *ta = btf__type_by_id(btf, a);
	const struct btf_type *tb = btf__type_by_id(btf, b);
	const char *na, *nb;
	int i, n;

	if (a == b)
		return true;
	if (!ta || !tb || depth > LINKER_MAX_TYPE_DEPTH) {
		snprintf(why, why_sz, "types [%u] and [%u] nest too deep", a, b);
		return false;
	}
	na = btf_type_name(btf, ta);
	nb = btf_type_name(btf, tb);
	if (btf_kind(ta) != btf_kind(tb)) {
		/* a forward declaration matches the full type */
		if ((btf_is_fwd(ta) && btf_is_composite(tb) && btf_kflag(ta) == btf_is_union(tb)) ||
		    (btf_is_fwd(tb) && btf_is_composite(ta) && btf_kflag(tb) == btf_is_union(ta))) {
			if (strcmp(na, nb) == 0)
				return true;
		}
		snprintf(why, why_sz, "%s '%s' vs %s '%s'", btf_kind_str(ta), na,
			 btf_kind_str(tb), nb);
		return false;
	}
	switch (btf_kind(ta)) {
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
		return btf_types_match(btf, ta->type, tb->type, btf_is_ptr(ta) || by_name,
				       depth + 1, why, why_sz);
	case BTF_KIND_FUNC_PROTO:
		break;
	case BTF_KIND_ARRAY:
		if (btf_array(ta)->nelems != btf_array(tb)->nelems) {
			snprintf(why, why_sz, "arrays of %u and %u elements",
				 btf_array(ta)->nelems, btf_array(tb)->nelems);
			return false;
		}
		return btf_types_match(btf, btf_array(ta)->type, btf_array(tb)->type, by_name,
				       depth + 1, why, why_sz);
	default:
		if (strcmp(na, nb) != 0) {
			snprintf(why, why_sz, "%s '%s' vs '%s'", btf_kind_str(ta), na, nb);
			return false;
		}
	}

	switch (btf_kind(ta)) {
	case BTF_KIND_INT:
		if (ta->size != tb->size ||
		    *(const __u32 *)(ta + 1) != *(const __u32 *)(tb + 1)) {
			snprintf(why, why_sz, "INT '%s' of different size or encoding", na);
			return false;
		}
		return true;
	case BTF_KIND_FLOAT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (ta->size != tb->size) {
			snprintf(why, why_sz, "%s '%s' of %u and %u bytes", btf_kind_str(ta), na,
				 ta->size, tb->size);
			return false;
		}
		if (!btf_is_float(ta) && btf_vlen(ta) && btf_vlen(tb) &&
		    btf_vlen(ta) != btf_vlen(tb)) {
			snprintf(why, why_sz, "%s '%s' with %u and %u values", btf_kind_str(ta), na,
				 btf_vlen(ta), btf_vlen(tb));
			return false;
		}
		return true;
	case BTF_KIND_FWD:
		return btf_kflag(ta) == btf_kflag(tb);
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
		return btf_types_match(btf, ta->type, tb->type, by_name, depth + 1, why, why_sz);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		const struct btf_member *ma = btf_members(ta), *mb = btf_members(tb);

		/* a named struct behind a pointer: its name is enough */
		if (by_name && na[0])
			return true;
		if (ta->size != tb->size || btf_vlen(ta) != btf_vlen(tb)) {
			snprintf(why, why_sz, "%s '%s' of different size or member count",
				 btf_kind_str(ta), na);
			return false;
		}
		n = btf_vlen(ta);
		for (i = 0; i < n; i++) {
			const char *ma_n = btf__name_by_offset(btf, ma[i].name_off) ?: "";
			const char *mb_n = btf__name_by_offset(btf, mb[i].name_off) ?: "";

			if (strcmp(ma_n, mb_n) != 0 ||
			    btf_member_bit_offset(ta, i) != btf_member_bit_offset(tb, i) ||
			    btf_member_bitfield_size(ta, i) != btf_member_bitfield_size(tb, i)) {
				snprintf(why, why_sz, "%s '%s': member %d is '%s' vs '%s' or at another offset",
					 btf_kind_str(ta), na, i, ma_n, mb_n);
				return false;
			}
			if (!btf_types_match(btf, ma[i].type, mb[i].type, false, depth + 1,
					     why, why_sz))
				return false;
		}
		return true;
	}
	case BTF_KIND_FUNC_PROTO: {
		const struct btf_param *pa = btf_params(ta), *pb = btf_params(tb);

		if (btf_vlen(ta) != btf_vlen(tb)) {
			snprintf(why, why_sz, "functions of %u and %u parameters",
				 btf_vlen(ta), btf_vlen(tb));
			return false;
		}
		if (!btf_types_match(btf, ta->type, tb->type, false, depth + 1, why, why_sz))
			return false;
		n = btf_vlen(ta);
		for (i = 0; i < n; i++)
			if (!btf_types_match(btf, pa[i].type, pb[i].type, false, depth + 1,
					     why, why_sz))
				return false;
		return true;
	}
	default:
		snprintf(why, why_sz, "%s types cannot be compared", btf_kind_str(ta));
		return false;
	}
}

/* the value of a __uint() member (a pointer to an array of that size), or -1 */
static long long map_uint_field(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id), *arr;

	if (!t || !btf_is_ptr(t))
		return -1;
	arr = btf__type_by_id(btf, t->type);
	if (!arr || !btf_is_array(arr))
		return -1;
	return btf_array(arr)->nelems;
}

/*
 * An extern map and its definition (or two declarations) must describe
 * the same map: the same members, equal __uint() values and matching
 * __type()s.
 */
static int maps_match(const struct bpf_linker *l, const char *name, __u32 a, int file_a,
		      __u32 b, int file_b)
{
	const struct btf *btf = l->btf;
	const struct btf_type *ta = skip_mods_typedefs(btf, btf__type_by_id(btf, a)->type, NULL);
	const struct btf_type *tb = skip_mods_typedefs(btf, btf__type_by_id(btf, b)->type, NULL);
	const struct btf_member *ma, *mb;
	char why[160];
	int i, j;

	if (!ta || !tb || !btf_is_struct(ta) || !btf_is_struct(tb)) {
		pr_warn("linker: map '%s' of %s or %s is not a struct definition\n", name,
			file_name(l, file_a), file_name(l, file_b));
		return -EINVAL;
	}
	ma = btf_members(ta);
	mb = btf_members(tb);
	for (i = 0; i < btf_vlen(ta); i++) {
		const char *fa = btf__name_by_offset(btf, ma[i].name_off) ?: "";
		long long va, vb;

		for (j = 0; j < btf_vlen(tb); j++)
			if (strcmp(fa, btf__name_by_offset(btf, mb[j].name_off) ?: "") == 0)
				break;
		if (j == btf_vlen(tb)) {
			pr_warn("linker: map '%s': '%s' is set in %s but not in %s\n", name, fa,
				file_name(l, file_a), file_name(l, file_b));
			return -EINVAL;
		}
		va = map_uint_field(btf, ma[i].type);
		vb = map_uint_field(btf, mb[j].type);
		if (va >= 0 || vb >= 0) {
			if (va != vb) {
				pr_warn("linker: map '%s': '%s' is %lld in %s but %lld in %s\n",
					name, fa, va, file_name(l, file_a), vb, file_name(l, file_b));
				return -EINVAL;
			}
			continue;
		}
		if (!btf_types_match(btf, ma[i].type, mb[j].type, false, 0, why, sizeof(why))) {
			pr_warn("linker: map '%s': '%s' differs between %s and %s: %s\n", name, fa,
				file_name(l, file_a), file_name(l, file_b), why);
			return -EINVAL;
		}
	}
	if (btf_vlen(ta) != btf_vlen(tb)) {
		pr_warn("linker: map '%s': %s sets %u attributes but %s %u\n", name,
			file_name(l, file_a), btf_vlen(ta), file_name(l, file_b), btf_vlen(tb));
		return -EINVAL;
	}
	return 0;
}

/* ---- symbols ------------------------------------------------------------- */

static int find_glob(const struct bpf_linker *l, const char *name)
{
	size_t i;

	for (i = 1; i < l->nr_syms; i++)
		if (l->syms[i].is_global && strcmp(l->syms[i].name, name) == 0)
			return i;
	return -1;
}

static int vis_rank(unsigned char vis)
{
	switch (vis) {
	case STV_INTERNAL: return 3;
	case STV_HIDDEN: return 2;
	case STV_PROTECTED: return 1;
	default: return 0;
	}
}

static int ext_owner_set(struct bpf_linker *l, __u32 id, int sym)
{
	if (!id)
		return 0;
	if (grow((void **)&l->ext_owner, &l->ext_owner_cap, sizeof(*l->ext_owner), id + 1))
		return -ENOMEM;
	l->ext_owner[id] = sym + 1;
	return 0;
}

/* the BTF of a new declaration (id, in file) against what g already has */
static int check_glob_btf(struct bpf_linker *l, struct dst_sym *g, __u32 id, int file,
			  bool is_map, const char *what)
{
	__u32 old = g->def_btf_id ?: g->ext_btf_id;
	int old_file = g->def_btf_id ? g->def_file : g->ext_file;
	char why[160];

	if (!old || !id)
		return 0;
	if (is_map || g->is_map)
		return maps_match(l, g->name, old, old_file, id, file);
	if (!btf_types_match(l->btf, id, old, false, 0, why, sizeof(why))) {
		pr_warn("linker: %s '%s' of %s (BTF type [%u] %s) does not match that of %s: %s\n",
			what, g->name, file_name(l, file), id,
			btf_kind_str(btf__type_by_id(l->btf, id)), file_name(l, old_file), why);
		return -EINVAL;
	}
	return 0;
}

/* a local copy of a definition that lost against another (weak) one */
static int keep_local(struct bpf_linker *l, const char *name, unsigned char type, int sec,
		      __u64 value, __u64 size)
{
	int idx = add_dst_sym(l, name);

	if (idx < 0)
		return idx;
	l->syms[idx].type = type;
	l->syms[idx].bind = STB_LOCAL;
	l->syms[idx].sec = sec;
	l->syms[idx].value = value;
	l->syms[idx].size = size;
	return idx;
}

static int src_add_glob(struct bpf_linker *l, struct src_obj *obj, size_t i)
{
	const Elf64_Sym *sym = &obj->syms[i];
	const char *name = sym_name(obj, sym);
	bool is_extern = sym->st_shndx == SHN_UNDEF;
	bool is_weak = ELF64_ST_BIND(sym->st_info) == STB_WEAK;
	unsigned char type = ELF64_ST_TYPE(sym->st_info);
	bool is_func = false, is_map = false;
	const struct src_sec *s = NULL;
	__u32 src_id, id = 0;
	struct dst_sym *g;
	int gi, err, sec = -1;
	__u64 value = 0;

	if (!name[0]) {
		pr_warn("linker: %s: global symbol %zu has no name\n", obj->name, i);
		return -EINVAL;
	}
	if (!is_extern) {
		if (sym->st_shndx == SHN_ABS) {
			pr_warn("linker: %s: absolute symbol '%s' is not supported\n", obj->name, name);
			return -EINVAL;
		}
		s = &obj->secs[sym->st_shndx];
		if (s->dst < 0) {
			pr_warn("linker: %s: global symbol '%s' is in section '%s', which is not linked\n",
				obj->name, name, s->name);
			return -EINVAL;
		}
		if (sym->st_value > s->shdr.sh_size ||
		    sym->st_size > s->shdr.sh_size - sym->st_value) {
			pr_warn("linker: %s: symbol '%s' (%llu bytes at %llu) lies outside section '%s' (%llu bytes)\n",
				obj->name, name, (unsigned long long)sym->st_size,
				(unsigned long long)sym->st_value, s->name,
				(unsigned long long)s->shdr.sh_size);
			return -EINVAL;
		}
		sec = s->dst;
		value = sym->st_value + s->dst_off;
		is_map = strcmp(s->name, ".maps") == 0;
	}
	src_id = src_find_btf_sym(obj, name, &is_func);
	if (src_id) {
		id = src_id + obj->btf_shift;
		if (is_extern) {
			const char *ds = src_datasec_of(obj, src_id);

			is_map = ds && strcmp(ds, ".maps") == 0;
		}
		if ((type == STT_FUNC && !is_func) || (type == STT_OBJECT && is_func)) {
			pr_warn("linker: %s: symbol '%s' is a %s, but its BTF is a %s\n", obj->name,
				name, type == STT_FUNC ? "function" : "variable",
				is_func ? "FUNC" : "VAR");
			return -EINVAL;
		}
	} else if (is_extern && obj->btf) {
		pr_warn("linker: %s: extern '%s' has no BTF type: declare it with a type the linker can check\n",
			obj->name, name);
		return -EINVAL;
	}

	gi = find_glob(l, name);
	if (gi < 0) {
		gi = add_dst_sym(l, name);
		if (gi < 0)
			return gi;
		g = &l->syms[gi];
		g->is_global = true;
		g->is_func = is_func || type == STT_FUNC;
		g->is_map = is_map;
		g->type = type;
		g->bind = is_weak ? STB_WEAK : STB_GLOBAL;
		g->vis = ELF64_ST_VISIBILITY(sym->st_other);
		if (is_extern) {
			g->ext_file = obj->file_idx;
			g->ext_btf_id = id;
			err = ext_owner_set(l, id, gi);
			if (err)
				return err;
		} else {
			g->def_file = obj->file_idx;
			g->def_btf_id = id;
			g->sec = sec;
			g->value = value;
			g->size = sym->st_size;
		}
		obj->sym_map[i] = gi;
		return 0;
	}

	g = &l->syms[gi];
	if ((g->is_func != (is_func || type == STT_FUNC)) &&
	    (g->def_btf_id || g->ext_btf_id) && id) {
		pr_warn("linker: '%s' is a %s in %s but a %s in %s\n", name,
			g->is_func ? "function" : "variable",
			file_name(l, g->def_file >= 0 ? g->def_file : g->ext_file),
			is_func ? "function" : "variable", obj->name);
		return -EINVAL;
	}
	if (vis_rank(ELF64_ST_VISIBILITY(sym->st_other)) > vis_rank(g->vis))
		g->vis = ELF64_ST_VISIBILITY(sym->st_other);
	obj->sym_map[i] = gi;

	if (is_extern) {
		err = check_glob_btf(l, g, id, obj->file_idx, is_map, "extern");
		if (err)
			return err;
		if (g->sec < 0) {
			/* still undefined: weak only if every declaration is */
			if (!is_weak)
				g->bind = STB_GLOBAL;
			if (!g->ext_btf_id) {
				g->ext_btf_id = id;
				g->ext_file = obj->file_idx;
			}
		}
		return ext_owner_set(l, id, gi);
	}

	/* a definition */
	if (g->sec >= 0) {
		bool old_weak = g->bind == STB_WEAK;

		if (is_single_copy_sec(l->secs[g->sec].name) && g->sec == sec &&
		    g->value == value)
			/* the same license or version: one VAR for it */
			return g->is_func ? 0 : ext_owner_set(l, id, gi);
		if (!old_weak && !is_weak) {
			pr_warn("linker: symbol '%s' is defined in both %s and %s\n", name,
				file_name(l, g->def_file), obj->name);
			return -EINVAL;
		}
		err = check_glob_btf(l, g, id, obj->file_idx, is_map, "definition of");
		if (err)
			return err;
		if (old_weak && !is_weak) {
			/*
			 * The strong one wins; the weak function stays as local
			 * code (its func_info names its own FUNC), a weak
			 * variable's VAR becomes the winner's.
			 */
			if (g->type == STT_FUNC) {
				err = keep_local(l, name, STT_FUNC, g->sec, g->value, g->size);
				if (err < 0)
					return err;
				g = &l->syms[gi];
			} else {
				err = ext_owner_set(l, g->def_btf_id, gi);
				if (err)
					return err;
			}
			g->def_file = obj->file_idx;
			g->def_btf_id = id;
			g->sec = sec;
			g->value = value;
			g->size = sym->st_size;
			g->type = type;
			g->bind = STB_GLOBAL;
			g->is_map = g->is_map || is_map;
		} else if (type == STT_FUNC) {
			/* this one loses: its code stays, under a local symbol */
			err = keep_local(l, name, STT_FUNC, sec, value, sym->st_size);
			if (err < 0)
				return err;
		} else {
			return ext_owner_set(l, id, gi);
		}
		return 0;
	}

	/* the definition of what was extern so far */
	err = check_glob_btf(l, g, id, obj->file_idx, is_map, "definition of");
	if (err)
		return err;
	g->def_file = obj->file_idx;
	g->def_btf_id = id;
	g->sec = sec;
	g->value = value;
	g->size = sym->st_size;
	g->type = type;
	g->bind = is_weak ? STB_WEAK : STB_GLOBAL;
	g->is_map = g->is_map || is_map;
	return 0;
}

static int src_add_syms(struct bpf_linker *l, struct src_obj *obj)
{
	size_t i;
	int err, idx;

	for (i = 1; i < obj->nr_syms; i++) {
		const Elf64_Sym *sym = &obj->syms[i];
		unsigned char type = ELF64_ST_TYPE(sym->st_info);
		unsigned char bind = ELF64_ST_BIND(sym->st_info);
		const struct src_sec *s;

		if (type == STT_FILE)
			continue;
		if (bind == STB_GLOBAL || bind == STB_WEAK) {
			err = src_add_glob(l, obj, i);
			if (err)
				return err;
			continue;
		}
		if (bind != STB_LOCAL) {
			pr_warn("linker: %s: symbol '%s' has unsupported binding %u\n", obj->name,
				sym_name(obj, sym), bind);
			return -EINVAL;
		}
		if (sym->st_shndx == SHN_UNDEF || sym->st_shndx == SHN_ABS)
			continue;
		s = &obj->secs[sym->st_shndx];
		if (s->dst < 0)
			continue;	/* in a dropped section (DWARF) */
		if (type == STT_SECTION) {
			obj->sym_map[i] = l->secs[s->dst].sym;
			continue;
		}
		if (sym->st_value > s->shdr.sh_size ||
		    sym->st_size > s->shdr.sh_size - sym->st_value) {
			pr_warn("linker: %s: symbol %zu '%s' (%llu bytes at %llu) lies outside section '%s' (%llu bytes)\n",
				obj->name, i, sym_name(obj, sym), (unsigned long long)sym->st_size,
				(unsigned long long)sym->st_value, s->name,
				(unsigned long long)s->shdr.sh_size);
			return -EINVAL;
		}
		idx = keep_local(l, sym_name(obj, sym), type, s->dst,
				 sym->st_value + s->dst_off, sym->st_size);
		if (idx < 0)
			return idx;
		l->syms[idx].vis = ELF64_ST_VISIBILITY(sym->st_other);
		obj->sym_map[i] = idx;
	}
	return 0;
}

/* ---- BTF ----------------------------------------------------------------- */

static int src_add_btf(struct bpf_linker *l, struct src_obj *obj)
{
	int first;

	if (!obj->btf)
		return 0;
	first = btf__add_btf(l->btf, obj->btf);
	if (first < 0) {
		pr_warn("linker: %s: cannot append BTF: %s\n", obj->name, libbpf_errstr(first));
		return first;
	}
	obj->btf_shift = first - 1;
	l->has_btf = true;
	return grow((void **)&l->ext_owner, &l->ext_owner_cap, sizeof(*l->ext_owner),
		    btf__type_cnt(l->btf));
}

static struct dst_datasec *get_dsec(struct bpf_linker *l, const char *name)
{
	size_t i, cap = l->nr_dsecs;
	struct dst_datasec *d;

	for (i = 0; i < l->nr_dsecs; i++)
		if (strcmp(l->dsecs[i].name, name) == 0)
			return &l->dsecs[i];
	if (grow((void **)&l->dsecs, &cap, sizeof(*l->dsecs), l->nr_dsecs + 1))
		return NULL;
	d = &l->dsecs[l->nr_dsecs];
	memset(d, 0, sizeof(*d));
	d->name = strdup(name);
	if (!d->name)
		return NULL;
	l->nr_dsecs++;
	return d;
}

/* the input symbol a DATASEC entry describes */
static int src_find_dsec_sym(const struct src_obj *obj, const char *sec_name,
			     const char *var_name, bool is_func)
{
	size_t i;

	for (i = 1; i < obj->nr_syms; i++) {
		const Elf64_Sym *sym = &obj->syms[i];
		unsigned char type = ELF64_ST_TYPE(sym->st_info);

		if (type == STT_SECTION || type == STT_FILE)
			continue;
		if (strcmp(sym_name(obj, sym), var_name) != 0)
			continue;
		if (sym->st_shndx == SHN_UNDEF)
			return i;	/* an extern */
		if (sym->st_shndx < obj->nr_secs && !is_func &&
		    strcmp(obj->secs[sym->st_shndx].name, sec_name) == 0)
			return i;
	}
	return -1;
}

static int src_add_datasecs(struct bpf_linker *l, struct src_obj *obj)
{
	__u32 i, n;
	int j;

	if (!obj->btf)
		return 0;
	n = btf__type_cnt(obj->btf);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(obj->btf, i);
		const struct btf_var_secinfo *vsi;
		const char *sec_name;
		struct dst_datasec *d;

		if (!btf_is_datasec(t))
			continue;
		sec_name = btf_type_name(obj->btf, t);
		d = get_dsec(l, sec_name);
		if (!d)
			return -ENOMEM;
		vsi = btf_var_secinfos(t);
		for (j = 0; j < btf_vlen(t); j++) {
			const struct btf_type *v = btf__type_by_id(obj->btf, vsi[j].type);
			const char *vname = btf_type_name(obj->btf, v);
			int si;

			if (!btf_is_var(v) && !btf_is_func(v)) {
				pr_warn("linker: %s: DATASEC '%s' entry %d (type [%u] %s) is not a VAR\n",
					obj->name, sec_name, j, vsi[j].type,
					v ? btf_kind_str(v) : "out of range");
				return -EINVAL;
			}
			si = src_find_dsec_sym(obj, sec_name, vname, btf_is_func(v));
			if (si < 0 && btf_is_var(v) && btf_var(v)->linkage == BTF_VAR_STATIC) {
				/* clang moved it into a mergeable section without a symbol */
				pr_debug("linker: %s: static '%s' of DATASEC '%s' has no ELF symbol, dropped from the DATASEC\n",
					 obj->name, vname, sec_name);
				continue;
			}
			if (si < 0 || obj->sym_map[si] < 0) {
				pr_warn("linker: %s: variable '%s' of DATASEC '%s' has no ELF symbol\n",
					obj->name, vname, sec_name);
				return -EINVAL;
			}
			if (grow((void **)&d->ents, &d->ents_cap, sizeof(*d->ents), d->nr_ents + 1))
				return -ENOMEM;
			d->ents[d->nr_ents].var_id = vsi[j].type + obj->btf_shift;
			d->ents[d->nr_ents].sym = obj->sym_map[si];
			d->ents[d->nr_ents].size = vsi[j].size;
			d->nr_ents++;
		}
	}
	return 0;
}

/* ---- relocations --------------------------------------------------------- */

static int src_add_rel_sec(struct bpf_linker *l, struct src_obj *obj, const struct src_sec *r)
{
	const Elf64_Rel *rels = r->data->d_buf;
	const struct src_sec *tgt;
	struct dst_sec *d;
	size_t i, n;

	if (!r->shdr.sh_info || r->shdr.sh_info >= obj->nr_secs ||
	    r->shdr.sh_link != obj->symtab_idx) {
		pr_warn("linker: %s: relocation section %s: target section %u (sh_info) or symbol table %u (sh_link) is bad; expected one of sections 1..%zu and symbol table %zu\n",
			obj->name, r->name, r->shdr.sh_info, r->shdr.sh_link, obj->nr_secs - 1,
			(size_t)obj->symtab_idx);
		return -EINVAL;
	}
	tgt = &obj->secs[r->shdr.sh_info];
	if (tgt->dst < 0)
		return 0;	/* for .BTF, .BTF.ext, DWARF: dropped */
	if (r->shdr.sh_entsize != sizeof(Elf64_Rel) || r->data->d_size % sizeof(Elf64_Rel)) {
		pr_warn("linker: %s: relocation section %s is malformed: entry size %llu, %zu bytes; expected entries of %zu bytes\n",
			obj->name, r->name, (unsigned long long)r->shdr.sh_entsize, r->data->d_size,
			sizeof(Elf64_Rel));
		return -EINVAL;
	}
	d = &l->secs[tgt->dst];
	n = r->data->d_size / sizeof(Elf64_Rel);
	if (grow((void **)&d->rels, &d->rels_cap, sizeof(*d->rels), d->nr_rels + n))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		__u32 si = ELF64_R_SYM(rels[i].r_info), type = ELF64_R_TYPE(rels[i].r_info);
		__u64 off = rels[i].r_offset, need;
		const Elf64_Sym *sym;
		__u8 *at;
		__s64 delta = 0;

		if (!si || si >= obj->nr_syms) {
			pr_warn("linker: %s: relocation %zu of %s refers to symbol %u, which does not exist (symbols 1..%zu)\n",
				obj->name, i, r->name, si, obj->nr_syms - 1);
			return -EINVAL;
		}
		sym = &obj->syms[si];
		if (obj->sym_map[si] < 0) {
			pr_warn("linker: %s: relocation %zu of %s refers to symbol '%s', which is not linked\n",
				obj->name, i, r->name, sym_name(obj, sym));
			return -EINVAL;
		}
		switch (type) {
		case R_BPF_NONE: need = 0; break;
		case R_BPF_64_64: need = 2 * BPF_INSN_SZ; break;
		case LINKER_R_BPF_64_32: need = BPF_INSN_SZ; break;
		case LINKER_R_BPF_64_ABS64: need = 8; break;
		case LINKER_R_BPF_64_ABS32:
		case LINKER_R_BPF_64_NODYLD32: need = 4; break;
		default:
			pr_warn("linker: %s: relocation %zu of %s has unknown type %u\n",
				obj->name, i, r->name, type);
			return -EINVAL;
		}
		if (tgt->shdr.sh_type == SHT_NOBITS || off > tgt->shdr.sh_size ||
		    need > tgt->shdr.sh_size - off ||
		    ((type == R_BPF_64_64 || type == LINKER_R_BPF_64_32) &&
		     (tgt->kind != SS_CODE || off % BPF_INSN_SZ))) {
			pr_warn("linker: %s: relocation %zu of %s (type %u, %llu bytes) at offset %llu is %s section %s (%llu bytes)\n",
				obj->name, i, r->name, type, (unsigned long long)need,
				(unsigned long long)off,
				tgt->shdr.sh_type == SHT_NOBITS || off > tgt->shdr.sh_size ||
				need > tgt->shdr.sh_size - off ? "outside" :
				"not on an instruction of", tgt->name,
				(unsigned long long)tgt->shdr.sh_size);
			return -EINVAL;
		}
		/* section-relative addends move with the section they point into */
		if (ELF64_ST_TYPE(sym->st_info) == STT_SECTION)
			delta = obj->secs[sym->st_shndx].dst_off;
		at = (__u8 *)d->data + tgt->dst_off + off;
		if (delta) {
			struct bpf_insn *insn = (struct bpf_insn *)at;
			__s64 v;
			__u64 u64;
			__u32 u32;

			switch (type) {
			case R_BPF_64_64:
				v = (__s64)insn->imm + delta;
				if (v > INT32_MAX || v < INT32_MIN)
					goto overflow;
				insn->imm = v;
				break;
			case LINKER_R_BPF_64_32:
				v = (__s64)insn->imm + delta / (__s64)BPF_INSN_SZ;
				if (v > INT32_MAX || v < INT32_MIN)
					goto overflow;
				insn->imm = v;
				break;
			case LINKER_R_BPF_64_ABS64:
				memcpy(&u64, at, 8);
				u64 += delta;
				memcpy(at, &u64, 8);
				break;
			case LINKER_R_BPF_64_ABS32:
			case LINKER_R_BPF_64_NODYLD32:
				memcpy(&u32, at, 4);
				u32 += delta;
				memcpy(at, &u32, 4);
				break;
			}
		}
		d->rels[d->nr_rels].r_offset = off + tgt->dst_off;
		d->rels[d->nr_rels].r_info = ELF64_R_INFO((__u64)obj->sym_map[si], type);
		d->nr_rels++;
	}
	return 0;
overflow:
	pr_warn("linker: %s: relocation %zu of %s at offset %llu: addend overflows when the section it points into is moved\n",
		obj->name, i, r->name, (unsigned long long)rels[i].r_offset);
	return -E2BIG;
}

static int src_add_rels(struct bpf_linker *l, struct src_obj *obj)
{
	size_t i;
	int err;

	for (i = 1; i < obj->nr_secs; i++) {
		if (obj->secs[i].kind != SS_REL)
			continue;
		err = src_add_rel_sec(l, obj, &obj->secs[i]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- .BTF.ext -------------------------------------------------------- */

static struct ext_sec *get_ext_sec(struct bpf_linker *l, const char *name)
{
	size_t i, cap = l->nr_exts;
	struct ext_sec *e;

	for (i = 0; i < l->nr_exts; i++)
		if (strcmp(l->exts[i].sec_name, name) == 0)
			return &l->exts[i];
	if (grow((void **)&l->exts, &cap, sizeof(*l->exts), l->nr_exts + 1))
		return NULL;
	e = &l->exts[l->nr_exts];
	memset(e, 0, sizeof(*e));
	e->sec_name = strdup(name);
	if (!e->sec_name)
		return NULL;
	l->nr_exts++;
	return e;
}

static const struct src_sec *src_sec_by_name(const struct src_obj *obj, const char *name)
{
	size_t i;

	for (i = 1; i < obj->nr_secs; i++)
		if (obj->secs[i].kind == SS_CODE && strcmp(obj->secs[i].name, name) == 0)
			return &obj->secs[i];
	return NULL;
}

/* an input's string offset, as an offset of the appended BTF */
static int move_str(struct bpf_linker *l, const struct src_obj *obj, __u32 *off)
{
	const char *s = btf__str_by_offset(obj->btf, *off);
	int n;

	if (!s)
		return -EINVAL;
	n = btf__add_str(l->btf, s);
	if (n < 0)
		return n;
	*off = n;
	return 0;
}

static int src_add_ext_rec(struct bpf_linker *l, const struct src_obj *obj, int set,
			   const struct src_sec *s, const void *src_rec, void *rec)
{
	__u32 *insn_off = rec, *type_id = NULL;
	int err = 0;

	memcpy(rec, src_rec, ext_rec_sz[set]);
	if (*insn_off >= s->shdr.sh_size || *insn_off % BPF_INSN_SZ) {
		pr_warn("linker: %s: .BTF.ext %s record for %s: instruction offset %u is %s the section's %llu bytes\n",
			obj->name, ext_set_name[set], s->name, *insn_off,
			*insn_off % BPF_INSN_SZ ? "not on an instruction of" : "outside",
			(unsigned long long)s->shdr.sh_size);
		return -EINVAL;
	}
	*insn_off += s->dst_off;
	switch (set) {
	case EXT_FUNC:
		type_id = &((struct bpf_func_info *)rec)->type_id;
		break;
	case EXT_LINE:
		err = move_str(l, obj, &((struct bpf_line_info *)rec)->file_name_off);
		err = err ?: move_str(l, obj, &((struct bpf_line_info *)rec)->line_off);
		break;
	case EXT_CORE:
		type_id = &((struct bpf_core_relo *)rec)->type_id;
		err = move_str(l, obj, &((struct bpf_core_relo *)rec)->access_str_off);
		break;
	}
	if (err)
		return err;
	if (type_id && *type_id)
		*type_id += obj->btf_shift;
	return 0;
}

static int src_add_btf_ext(struct bpf_linker *l, struct src_obj *obj)
{
	const struct btf_ext_info *sets[EXT_NR];
	const struct btf_ext_info_sec *sec;
	int set, err;
	__u32 i;

	if (!obj->btf_ext)
		return 0;
	sets[EXT_FUNC] = &obj->btf_ext->func_info;
	sets[EXT_LINE] = &obj->btf_ext->line_info;
	sets[EXT_CORE] = &obj->btf_ext->core_relo_info;
	for (set = 0; set < EXT_NR; set++) {
		const struct btf_ext_info *info = sets[set];

		if (!info->len || !info->info)
			continue;
		for_each_btf_ext_sec(info, sec) {
			const char *name = btf__name_by_offset(obj->btf, sec->sec_name_off);
			const struct src_sec *s = src_sec_by_name(obj, name);
			const void *rec;
			struct ext_sec *e;

			if (!sec->num_info)
				continue;
			if (!s) {
				pr_warn("linker: %s: .BTF.ext has %s for section '%s', which has no code\n",
					obj->name, ext_set_name[set], name);
				return -EINVAL;
			}
			e = get_ext_sec(l, name);
			if (!e)
				return -ENOMEM;
			if (grow(&e->recs[set], &e->cap[set], ext_rec_sz[set],
				 e->nr[set] + sec->num_info))
				return -ENOMEM;
			for_each_btf_ext_rec(info, sec, i, rec) {
				void *dst = e->recs[set] + e->nr[set] * ext_rec_sz[set];

				err = src_add_ext_rec(l, obj, set, s, rec, dst);
				if (err)
					return err;
				e->nr[set]++;
			}
		}
	}
	return 0;
}

/* ---- adding inputs --------------------------------------------------------- */

static int linker_add(struct bpf_linker *l, const char *name, void *buf, size_t size)
{
	struct src_obj obj = { .name = name, .buf = buf, .size = size };
	char **files;
	int err;

	files = realloc(l->files, (l->nr_files + 1) * sizeof(*files));
	if (!files) {
		free(buf);
		return -ENOMEM;
	}
	l->files = files;
	l->files[l->nr_files] = strdup(name);
	if (!l->files[l->nr_files]) {
		free(buf);
		return -ENOMEM;
	}
	obj.file_idx = l->nr_files++;
	obj.name = l->files[obj.file_idx];

	err = src_open(&obj);
	if (!err)
		err = src_add_secs(l, &obj);
	if (!err)
		err = src_add_btf(l, &obj);
	if (!err)
		err = src_add_syms(l, &obj);
	if (!err)
		err = src_add_datasecs(l, &obj);
	if (!err)
		err = src_add_rels(l, &obj);
	if (!err)
		err = src_add_btf_ext(l, &obj);
	src_close(&obj);
	return err;
}

static int linker_check_usable(struct bpf_linker *l)
{
	if (l->finalized) {
		pr_warn("linker: already finalized\n");
		return -EINVAL;
	}
	if (l->err) {
		pr_warn("linker: an earlier error (%s) stopped this link\n",
			libbpf_errstr(l->err));
		return l->err;
	}
	return 0;
}

/* read what is left of fd; *size may be 0 */
static int read_all(int fd, void **buf, size_t *size)
{
	size_t cap = 0, len = 0;
	void *p = NULL;
	ssize_t n;

	for (;;) {
		if (len == cap) {
			void *np = realloc(p, cap = cap ? cap * 2 : 65536);

			if (!np) {
				free(p);
				return -ENOMEM;
			}
			p = np;
		}
		n = read(fd, p + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			free(p);
			return n;
		}
		if (n == 0)
			break;
		len += n;
	}
	*buf = p;
	*size = len;
	return 0;
}

int bpf_linker__add_file(struct bpf_linker *l, const char *filename,
			 const struct bpf_linker_file_opts *opts)
{
	void *buf;
	size_t size;
	int fd, err;

	if (!l || !filename || !OPTS_VALID(opts, bpf_linker_file_opts))
		return libbpf_err(-EINVAL);
	err = linker_check_usable(l);
	if (err)
		return libbpf_err(err);
	fd = open(filename, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("linker: cannot open '%s': %s\n", filename, libbpf_errstr(err));
		return libbpf_err(linker_fail(l, err));
	}
	err = read_all(fd, &buf, &size);
	close(fd);
	if (err) {
		pr_warn("linker: cannot read '%s': %s\n", filename, libbpf_errstr(err));
		return libbpf_err(linker_fail(l, err));
	}
	err = linker_add(l, filename, buf, size);
	return libbpf_err(linker_fail(l, err));
}

int bpf_linker__add_fd(struct bpf_linker *l, int fd, const struct bpf_linker_file_opts *opts)
{
	char name[32];
	void *buf;
	size_t size;
	int err;

	if (!l || !OPTS_VALID(opts, bpf_linker_file_opts) || fd < 0)
		return libbpf_err(-EINVAL);
	err = linker_check_usable(l);
	if (err)
		return libbpf_err(err);
	snprintf(name, sizeof(name), "fd:%d", fd);
	err = read_all(fd, &buf, &size);
	if (err) {
		pr_warn("linker: cannot read %s: %s\n", name, libbpf_errstr(err));
		return libbpf_err(linker_fail(l, err));
	}
	err = linker_add(l, name, buf, size);
	return libbpf_err(linker_fail(l, err));
}

int bpf_linker__add_buf(struct bpf_linker *l, void *buf, size_t buf_sz,
			const struct bpf_linker_file_opts *opts)
{
	char name[48];
	void *copy;
	int err;

	if (!l || !buf || !buf_sz || !OPTS_VALID(opts, bpf_linker_file_opts))
		return libbpf_err(-EINVAL);
	err = linker_check_usable(l);
	if (err)
		return libbpf_err(err);
	snprintf(name, sizeof(name), "mem:%p+%zu", buf, buf_sz);
	copy = malloc(buf_sz);
	if (!copy)
		return libbpf_err(linker_fail(l, -ENOMEM));
	memcpy(copy, buf, buf_sz);
	err = linker_add(l, name, copy, buf_sz);
	return libbpf_err(linker_fail(l, err));
}

/* ---- finalize: the output BTF -------------------------------------------- */

struct remap_ctx {
	const __u32 *new_ids;
	__u32 n;
};

static int remap_one(__u32 *id, void *data)
{
	struct remap_ctx *ctx = data;

	if (!*id)
		return 0;
	if (*id >= ctx->n || !ctx->new_ids[*id])
		return -EINVAL;
	*id = ctx->new_ids[*id];
	return 0;
}

static int remap_id(__u32 *id, const __u32 *new_ids, __u32 n)
{
	struct remap_ctx ctx = { new_ids, n };

	return remap_one(id, &ctx);
}

/* every type id in t (a copy in the output BTF) to its new id */
static int remap_type_ids(struct btf_type *t, const __u32 *new_ids, __u32 n)
{
	struct remap_ctx ctx = { new_ids, n };

	return btf_type_visit_type_ids(t, remap_one, &ctx);
}

static int count_ref(__u32 *id, void *data)
{
	__u32 *refs = data;

	refs[*id]++;
	return 0;
}

/* what an appended VAR or FUNC of an extern becomes, 0 when it stays */
static __u32 extern_target(const struct bpf_linker *l, __u32 id)
{
	const struct dst_sym *g;

	if (id >= l->ext_owner_cap || !l->ext_owner[id])
		return 0;
	g = &l->syms[l->ext_owner[id] - 1];
	if (g->sec >= 0 && g->def_btf_id)
		return g->def_btf_id != id ? g->def_btf_id : 0;
	if (g->ext_btf_id && g->ext_btf_id != id)
		return g->ext_btf_id;
	return 0;
}

static int cmp_vsi(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* is this DATASEC entry the one the output keeps for its symbol? */
static bool dsec_ent_kept(const struct bpf_linker *l, const struct dsec_ent *e)
{
	const struct dst_sym *s = &l->syms[e->sym];

	if (!s->is_global)
		return true;
	if (s->sec >= 0)
		return s->def_btf_id == e->var_id;
	return s->ext_btf_id == e->var_id;
}

static int add_final_datasecs(struct bpf_linker *l, struct btf *out, const __u32 *new_ids,
			      __u32 n)
{
	struct btf_var_secinfo *vsi = NULL;
	size_t i, j, cnt, cap = 0;
	int err = 0, id;

	for (i = 0; i < l->nr_dsecs; i++) {
		const struct dst_datasec *d = &l->dsecs[i];
		int sec = find_dst_sec(l, d->name);

		if (grow((void **)&vsi, &cap, sizeof(*vsi), d->nr_ents + 1)) {
			err = -ENOMEM;
			break;
		}
		for (j = 0, cnt = 0; j < d->nr_ents; j++) {
			const struct dsec_ent *e = &d->ents[j];
			const struct dst_sym *s = &l->syms[e->sym];

			if (!dsec_ent_kept(l, e))
				continue;
			if (e->var_id >= n || !new_ids[e->var_id]) {
				err = -EINVAL;
				goto out;
			}
			vsi[cnt].type = new_ids[e->var_id];
			vsi[cnt].offset = s->sec >= 0 ? s->value : 0;
			vsi[cnt].size = e->size;
			cnt++;
		}
		if (!cnt && sec < 0)
			continue;
		if (sec >= 0)
			qsort(vsi, cnt, sizeof(*vsi), cmp_vsi);
		id = btf__add_datasec(out, d->name, sec >= 0 ? l->secs[sec].size : 0);
		if (id < 0) {
			err = id;
			break;
		}
		for (j = 0; j < cnt; j++) {
			err = btf__add_datasec_var_info(out, vsi[j].type, vsi[j].offset,
							vsi[j].size);
			if (err)
				goto out;
		}
	}
out:
	free(vsi);
	return err;
}

/*
 * The FUNC_PROTOs of replaced extern FUNCs that nothing else refers to
 * (the extern's own copy of the signature, with or without parameter
 * names): drop[id] is set for them.
 */
static int drop_extern_protos(const struct bpf_linker *l, __u32 n, __u32 **res)
{
	__u32 *refs = calloc(n, sizeof(*refs)), *drop = calloc(n, sizeof(*drop));
	size_t i, j;
	__u32 id;
	int set;

	if (!refs || !drop) {
		free(refs);
		free(drop);
		return -ENOMEM;
	}
	for (id = 1; id < n; id++) {
		if (extern_target(l, id))
			continue;
		btf_type_visit_type_ids(btf_type_by_id(l->btf, id), count_ref, refs);
	}
	/* core_relo records may name any type; func_info names FUNCs */
	for (i = 0; i < l->nr_exts; i++) {
		for (set = 0; set < EXT_NR; set++) {
			if (set == EXT_LINE)
				continue;
			for (j = 0; j < l->exts[i].nr[set]; j++) {
				const __u32 *rec = l->exts[i].recs[set] + j * ext_rec_sz[set];

				if (rec[1] < n)
					refs[rec[1]]++;
			}
		}
	}
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(l->btf, id), *p;

		if (!btf_is_func(t) || !extern_target(l, id) || t->type >= n)
			continue;
		p = btf__type_by_id(l->btf, t->type);
		if (p && btf_is_func_proto(p) && !refs[t->type])
			drop[t->type] = 1;
	}
	free(refs);
	*res = drop;
	return 0;
}

/*
 * The output BTF: every appended type but the inputs' DATASECs and the
 * extern VARs and FUNCs that a definition (or an earlier declaration of
 * the same extern) replaces, with type ids renumbered; then one DATASEC
 * per section that had one in an input. new_ids maps appended ids to
 * output ids.
 */
static int build_final_btf(struct bpf_linker *l, struct btf **res, __u32 **res_ids, __u32 *res_n)
{
	__u32 n = btf__type_cnt(l->btf), i, next = 1, tgt;
	__u32 *new_ids, *drop = NULL;
	struct btf *out;
	int err = 0, id;

	new_ids = calloc(n, sizeof(*new_ids));
	out = btf__new_empty();
	if (!new_ids || !out) {
		err = -ENOMEM;
		goto err;
	}
	err = drop_extern_protos(l, n, &drop);
	if (err)
		goto err;
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(l->btf, i);

		if (btf_is_datasec(t) || extern_target(l, i) || drop[i])
			continue;
		new_ids[i] = next++;
	}
	for (i = 1; i < n; i++) {
		tgt = extern_target(l, i);
		if (tgt)
			new_ids[i] = new_ids[tgt];
	}
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(l->btf, i);
		struct btf_type *nt;

		if (btf_is_datasec(t) || extern_target(l, i) || drop[i])
			continue;
		id = btf__add_type(out, l->btf, t);
		if (id < 0) {
			err = id;
			goto err;
		}
		nt = btf_type_by_id(out, id);
		err = remap_type_ids(nt, new_ids, n);
		if (err) {
			pr_warn("linker: BTF type [%u] refers to a type that is not linked\n", i);
			goto err;
		}
	}
	err = add_final_datasecs(l, out, new_ids, n);
	if (err)
		goto err;
	free(drop);
	*res = out;
	*res_ids = new_ids;
	*res_n = n;
	return 0;
err:
	pr_warn("linker: cannot build the output BTF: %s\n", libbpf_errstr(err));
	btf__free(out);
	free(new_ids);
	free(drop);
	return err;
}

/* ---- finalize: the output .BTF.ext -------------------------------------- */

static int final_str(const struct bpf_linker *l, struct btf *out, __u32 *off)
{
	const char *s = btf__str_by_offset(l->btf, *off);
	int n;

	if (!s)
		return -EINVAL;
	n = btf__add_str(out, s);
	if (n < 0)
		return n;
	*off = n;
	return 0;
}

struct buf {
	void *data;
	size_t len, cap;
};

static int buf_put(struct buf *b, const void *p, size_t n)
{
	if (grow(&b->data, &b->cap, 1, b->len + n))
		return -ENOMEM;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

static int build_final_btf_ext(const struct bpf_linker *l, struct btf *out, const __u32 *new_ids,
			       __u32 n, struct buf *res)
{
	/* the header as clang writes it, with core_relo */
	struct {
		__u16 magic;
		__u8 version;
		__u8 flags;
		__u32 hdr_len;
		__u32 off_len[EXT_NR][2];
	} hdr = { .magic = BTF_MAGIC, .version = 1, .hdr_len = sizeof(hdr) };
	struct buf sets[EXT_NR] = {};
	size_t i, j, total = 0;
	int set, err = 0;
	__u32 u32;

	for (set = 0; set < EXT_NR; set++) {
		u32 = ext_rec_sz[set];
		err = buf_put(&sets[set], &u32, sizeof(u32));
		for (i = 0; i < l->nr_exts && !err; i++) {
			const struct ext_sec *e = &l->exts[i];
			struct { __u32 name_off, num_info; } grp;
			int name_off;

			if (!e->nr[set])
				continue;
			name_off = btf__add_str(out, e->sec_name);
			if (name_off < 0) {
				err = name_off;
				break;
			}
			grp.name_off = name_off;
			grp.num_info = e->nr[set];
			err = buf_put(&sets[set], &grp, sizeof(grp));
			for (j = 0; j < e->nr[set] && !err; j++) {
				__u8 rec[32];

				memcpy(rec, e->recs[set] + j * ext_rec_sz[set], ext_rec_sz[set]);
				switch (set) {
				case EXT_FUNC:
					err = remap_id(&((struct bpf_func_info *)rec)->type_id,
						       new_ids, n);
					break;
				case EXT_LINE:
					err = final_str(l, out, &((struct bpf_line_info *)rec)->file_name_off);
					err = err ?: final_str(l, out, &((struct bpf_line_info *)rec)->line_off);
					break;
				case EXT_CORE:
					err = remap_id(&((struct bpf_core_relo *)rec)->type_id,
						       new_ids, n);
					err = err ?: final_str(l, out,
							       &((struct bpf_core_relo *)rec)->access_str_off);
					break;
				}
				err = err ?: buf_put(&sets[set], rec, ext_rec_sz[set]);
			}
		}
		if (err)
			goto out;
		/* a set of only its record size is empty */
		if (sets[set].len == sizeof(u32))
			sets[set].len = 0;
		hdr.off_len[set][0] = total;
		hdr.off_len[set][1] = sets[set].len;
		total += sets[set].len;
	}
	err = buf_put(res, &hdr, sizeof(hdr));
	for (set = 0; set < EXT_NR && !err; set++)
		err = buf_put(res, sets[set].data, sets[set].len);
out:
	if (err)
		pr_warn("linker: cannot build the output .BTF.ext: %s\n", libbpf_errstr(err));
	for (set = 0; set < EXT_NR; set++)
		free(sets[set].data);
	return err;
}

/* ---- finalize: writing the ELF file ------------------------------------ */

static int strtab_add(struct buf *b, const char *s)
{
	size_t off = b->len;

	if (buf_put(b, s, strlen(s) + 1))
		return -ENOMEM;
	return off;
}

static Elf_Scn *add_scn(Elf *elf, __u32 name, __u32 type, __u64 flags, __u64 align,
			void *data, size_t size, Elf_Type d_type)
{
	Elf_Scn *scn = elf_newscn(elf);
	Elf64_Shdr *sh;
	Elf_Data *d;

	if (!scn)
		return NULL;
	sh = elf64_getshdr(scn);
	d = elf_newdata(scn);
	if (!sh || !d)
		return NULL;
	sh->sh_name = name;
	sh->sh_type = type;
	sh->sh_flags = flags;
	sh->sh_addralign = align;
	d->d_buf = data;
	d->d_size = size;
	d->d_type = d_type;
	d->d_align = align;
	d->d_version = EV_CURRENT;
	return scn;
}

struct out_elf {
	const void *btf;
	__u32 btf_sz;
	const void *ext;
	__u32 ext_sz;
};

static int linker_write(struct bpf_linker *l, const struct out_elf *o)
{
	size_t i, nr_rel = 0, nr_syms = 0, first_glob;
	Elf64_Sym *syms = NULL;
	struct buf strs = {};
	__u32 *sec_name = NULL, *rel_name = NULL;
	int btf_name = 0, ext_name = 0, symtab_name, strtab_name;
	size_t symtab_idx, strtab_idx;
	Elf64_Ehdr *eh;
	Elf_Scn *scn;
	Elf *elf = NULL;
	int err = -ENOMEM, n;

	sec_name = calloc(l->nr_secs + 1, sizeof(*sec_name));
	rel_name = calloc(l->nr_secs + 1, sizeof(*rel_name));
	syms = calloc(l->nr_syms, sizeof(*syms));
	if (!sec_name || !rel_name || !syms || strtab_add(&strs, "") < 0)
		goto out;

	/* section names, and where each section goes */
	for (i = 0; i < l->nr_secs; i++) {
		char *rn;

		n = strtab_add(&strs, l->secs[i].name);
		if (n < 0)
			goto out;
		sec_name[i] = n;
		if (!l->secs[i].nr_rels)
			continue;
		if (asprintf(&rn, ".rel%s", l->secs[i].name) < 0)
			goto out;
		n = strtab_add(&strs, rn);
		free(rn);
		if (n < 0)
			goto out;
		rel_name[i] = n;
		nr_rel++;
	}
	if (o->btf && (btf_name = strtab_add(&strs, ".BTF")) < 0)
		goto out;
	if (o->ext && (ext_name = strtab_add(&strs, ".BTF.ext")) < 0)
		goto out;
	symtab_name = strtab_add(&strs, ".symtab");
	strtab_name = strtab_add(&strs, ".strtab");
	if (symtab_name < 0 || strtab_name < 0)
		goto out;
	symtab_idx = 1 + l->nr_secs + nr_rel + !!o->btf + !!o->ext;
	strtab_idx = symtab_idx + 1;
	if (strtab_idx >= SHN_LORESERVE) {
		pr_warn("linker: %zu output sections, more than an ELF section index can name\n",
			strtab_idx + 1);
		err = -E2BIG;
		goto out;
	}

	/* symbols: null, sections, other locals, then globals */
	nr_syms = 1;
	for (i = 0; i < l->nr_secs; i++)
		l->syms[l->secs[i].sym].final_idx = nr_syms++;
	for (i = 1; i < l->nr_syms; i++)
		if (!l->syms[i].is_global && l->syms[i].type != STT_SECTION)
			l->syms[i].final_idx = nr_syms++;
	first_glob = nr_syms;
	for (i = 1; i < l->nr_syms; i++)
		if (l->syms[i].is_global)
			l->syms[i].final_idx = nr_syms++;
	for (i = 1; i < l->nr_syms; i++) {
		const struct dst_sym *s = &l->syms[i];
		Elf64_Sym *es = &syms[s->final_idx];

		if (s->type != STT_SECTION) {
			n = strtab_add(&strs, s->name);
			if (n < 0)
				goto out;
			es->st_name = n;
		}
		es->st_info = ELF64_ST_INFO(s->bind, s->type);
		es->st_other = s->vis;
		es->st_shndx = s->sec >= 0 ? 1 + s->sec : SHN_UNDEF;
		es->st_value = s->value;
		es->st_size = s->size;
	}
	/* relocations now name output symbol indexes */
	for (i = 0; i < l->nr_secs; i++) {
		struct dst_sec *d = &l->secs[i];
		size_t j;

		for (j = 0; j < d->nr_rels; j++) {
			__u64 info = d->rels[j].r_info;

			d->rels[j].r_info = ELF64_R_INFO(l->syms[ELF64_R_SYM(info)].final_idx,
							 ELF64_R_TYPE(info));
		}
	}

	err = -EINVAL;
	elf = elf_begin(l->fd, ELF_C_WRITE, NULL);
	if (!elf)
		goto elf_err;
	eh = elf64_newehdr(elf);
	if (!eh)
		goto elf_err;
	eh->e_ident[EI_DATA] = host_is_le() ? ELFDATA2LSB : ELFDATA2MSB;
	eh->e_type = ET_REL;
	eh->e_machine = EM_BPF;
	eh->e_version = EV_CURRENT;
	eh->e_shstrndx = strtab_idx;

	for (i = 0; i < l->nr_secs; i++) {
		struct dst_sec *d = &l->secs[i];

		scn = add_scn(elf, sec_name[i], d->sh_type, d->sh_flags, d->align, d->data,
			      d->size, ELF_T_BYTE);
		if (!scn)
			goto elf_err;
	}
	for (i = 0; i < l->nr_secs; i++) {
		struct dst_sec *d = &l->secs[i];
		Elf64_Shdr *sh;

		if (!d->nr_rels)
			continue;
		scn = add_scn(elf, rel_name[i], SHT_REL, SHF_INFO_LINK, 8, d->rels,
			      d->nr_rels * sizeof(Elf64_Rel), ELF_T_REL);
		if (!scn)
			goto elf_err;
		sh = elf64_getshdr(scn);
		sh->sh_link = symtab_idx;
		sh->sh_info = 1 + i;
		sh->sh_entsize = sizeof(Elf64_Rel);
	}
	if (o->btf && !add_scn(elf, btf_name, SHT_PROGBITS, 0, 4, (void *)o->btf, o->btf_sz,
			       ELF_T_BYTE))
		goto elf_err;
	if (o->ext && !add_scn(elf, ext_name, SHT_PROGBITS, 0, 4, (void *)o->ext, o->ext_sz,
			       ELF_T_BYTE))
		goto elf_err;
	scn = add_scn(elf, symtab_name, SHT_SYMTAB, 0, 8, syms, nr_syms * sizeof(Elf64_Sym),
		      ELF_T_SYM);
	if (!scn)
		goto elf_err;
	elf64_getshdr(scn)->sh_link = strtab_idx;
	elf64_getshdr(scn)->sh_info = first_glob;
	elf64_getshdr(scn)->sh_entsize = sizeof(Elf64_Sym);
	if (!add_scn(elf, strtab_name, SHT_STRTAB, 0, 1, strs.data, strs.len, ELF_T_BYTE))
		goto elf_err;
	if (elf_ndxscn(scn) != symtab_idx) {
		pr_warn("linker: internal error: .symtab is section %zu, not %zu\n",
			elf_ndxscn(scn), symtab_idx);
		goto out;
	}
	if (elf_update(elf, ELF_C_WRITE) < 0)
		goto elf_err;
	err = 0;
	goto out;
elf_err:
	pr_warn("linker: cannot write the output ELF file: %s\n", elf_errmsg(-1));
out:
	if (elf)
		elf_end(elf);
	free(strs.data);
	free(syms);
	free(sec_name);
	free(rel_name);
	return err;
}

/* the process's umask, for the mode of the output file */
static mode_t linker_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

/*
 * Merge the types every input brought along (each its own int, its own
 * copy of the structs it uses) with btf__dedup(), which rewrites the
 * .BTF.ext records to the new ids and strings too.
 */
static int linker_dedup(struct btf *btf, const struct buf *ext, struct btf_ext **res)
{
	LIBBPF_OPTS(btf_dedup_opts, opts);
	struct btf_ext *btf_ext = NULL;
	int err;

	if (ext) {
		btf_ext = btf_ext_parse(ext->data, ext->len, btf);
		if (!btf_ext) {
			err = -errno;
			pr_warn("linker: internal error: the output .BTF.ext does not parse: %s\n",
				libbpf_errstr(err));
			return err;
		}
		opts.btf_ext = btf_ext;
	}
	err = btf__dedup(btf, &opts);
	if (err) {
		pr_warn("linker: cannot deduplicate the output BTF: %s\n", libbpf_errstr(err));
		btf_ext__free(btf_ext);
		return err;
	}
	*res = btf_ext;
	return 0;
}

static int linker_finalize(struct bpf_linker *l)
{
	struct btf_ext *btf_ext = NULL;
	struct out_elf o = {};
	struct btf *out = NULL;
	struct buf ext = {};
	__u32 *new_ids = NULL, n = 0;
	int err = 0;

	if (l->has_btf) {
		err = build_final_btf(l, &out, &new_ids, &n);
		if (err)
			return err;
		err = build_final_btf_ext(l, out, new_ids, n, &ext);
		if (err)
			goto out;
		err = linker_dedup(out, l->nr_exts ? &ext : NULL, &btf_ext);
		if (err)
			goto out;
		o.btf = btf__raw_data(out, &o.btf_sz);
		if (!o.btf) {
			err = -errno;
			goto out;
		}
		if (btf_ext) {
			o.ext = btf_ext__raw_data(btf_ext, &o.ext_sz);
			if (!o.ext) {
				err = -errno;
				goto out;
			}
		}
	}
	err = linker_write(l, &o);
out:
	btf_ext__free(btf_ext);
	free(ext.data);
	free(new_ids);
	btf__free(out);
	return err;
}

int bpf_linker__finalize(struct bpf_linker *l)
{
	int err;

	if (!l)
		return libbpf_err(-EINVAL);
	err = linker_check_usable(l);
	if (err)
		return libbpf_err(err);
	err = linker_finalize(l);
	if (!err && l->tmp_path) {
		if (fchmod(l->fd, 0666 & ~linker_umask()) || rename(l->tmp_path, l->filename)) {
			err = -errno;
			pr_warn("linker: cannot create '%s': %s\n", l->filename, libbpf_errstr(err));
		} else {
			free(l->tmp_path);
			l->tmp_path = NULL;
		}
	}
	if (err)
		return libbpf_err(linker_fail(l, err));
	l->finalized = true;
	if (l->own_fd) {
		close(l->fd);
		l->fd = -1;
	}
	return 0;
}
