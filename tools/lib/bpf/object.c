// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ELF parsing: turn a clang-built BPF object into the in-memory model of
 * programs, maps, externs, BTF and relocation records. Everything read
 * from the file is bounds checked here; later steps trust the model.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>

#include "libbpf_internal.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

enum sec_kind {
	SK_IGNORED,
	SK_PROG,	/* executable code */
	SK_DATA,
	SK_RODATA,
	SK_BSS,
	SK_MAPS,	/* BTF-defined maps */
	SK_STRUCT_OPS,	/* struct_ops map variables */
	SK_REL,		/* relocations we process */
};

struct elf_sec {
	GElf_Shdr shdr;
	const char *name;
	Elf_Data *data;
	enum sec_kind kind;
};

struct elf_state {
	Elf *elf;
	size_t size;		/* of the whole image */
	struct elf_sec *secs;	/* indexed by ELF section index */
	size_t nr_secs;
	const Elf64_Sym *syms;
	size_t nr_syms;
	const char *strs;
	size_t strs_size;
	int symtab_idx;
	int btf_idx;
	int btf_ext_idx;
	/* section indexes sorted by name, then index: built on first look-up */
	__u32 *by_name;
	size_t nr_by_name;
	/* for relocations, built on first need: per symbol its extern or -1 */
	int *ext_of_sym;
	/* the BTF-defined maps by section and offset, and how many maps then */
	struct map_pos *map_pos;
	size_t nr_map_pos, map_pos_for;
};

struct map_pos {
	int sec_idx;
	size_t off;
	int idx;
};

/* ---- basic accessors ------------------------------------------------------ */

static const char *elf_sym_name(const struct elf_state *es, const Elf64_Sym *sym)
{
	size_t off = sym->st_name;

	if (off >= es->strs_size || !memchr(es->strs + off, '\0', es->strs_size - off))
		return NULL;
	return es->strs + off;
}

static int cmp_sec_name(const void *a, const void *b, void *ctx)
{
	const struct elf_state *es = ctx;
	__u32 ia = *(const __u32 *)a, ib = *(const __u32 *)b;
	int c = strcmp(es->secs[ia].name, es->secs[ib].name);

	return c ?: (ia > ib) - (ia < ib);
}

/*
 * Up to this many sections a look-up scans them; beyond, a sorted index
 * is built on the first look-up: an object with a section per program
 * looks up about as many sections as it has, for DATASECs and .BTF.ext.
 */
#define ELF_SEC_SCAN_MAX 64

static const char *sorted_sec_name(const void *ctx, size_t i)
{
	const struct elf_state *es = ctx;

	return es->secs[es->by_name[i]].name;
}

/* the first section named name */
static struct elf_sec *elf_sec_by_name(struct elf_state *es, const char *name)
{
	size_t i, n = 0;

	if (es->nr_secs > ELF_SEC_SCAN_MAX && !es->by_name)
		es->by_name = malloc(es->nr_secs * sizeof(*es->by_name));
	if (!es->by_name) {	/* few sections, or out of memory: the scan */
		for (i = 1; i < es->nr_secs; i++)
			if (es->secs[i].name && strcmp(es->secs[i].name, name) == 0)
				return &es->secs[i];
		return NULL;
	}
	if (!es->nr_by_name) {
		for (i = 1; i < es->nr_secs; i++)
			if (es->secs[i].name)
				es->by_name[n++] = i;
		qsort_r(es->by_name, n, sizeof(*es->by_name), cmp_sec_name, es);
		es->nr_by_name = n;
	}
	i = libbpf_name_lower_bound(es->nr_by_name, name, sorted_sec_name, es);
	if (i < es->nr_by_name && strcmp(es->secs[es->by_name[i]].name, name) == 0)
		return &es->secs[es->by_name[i]];
	return NULL;
}

static bool is_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL);
}

/* ".data" or ".data.<anything>" */
static bool is_sec_family(const char *name, const char *base)
{
	size_t len = strlen(base);

	return strncmp(name, base, len) == 0 && (name[len] == '\0' || name[len] == '.');
}

/* ---- ELF header and sections --------------------------------------------- */

static int elf_check_ident(const void *data, size_t size)
{
	const unsigned char *ident = data;
	const unsigned char host_data = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ?
					ELFDATA2LSB : ELFDATA2MSB;

	if (size < EI_NIDENT || memcmp(ident, ELFMAG, SELFMAG) != 0) {
		pr_warn("elf: not an ELF file\n");
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (ident[EI_CLASS] != ELFCLASS64) {
		pr_warn("elf: not a 64-bit ELF file (class %u)\n", ident[EI_CLASS]);
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (ident[EI_DATA] != host_data) {
		pr_warn("elf: object byte order (%s) differs from the host's\n",
			ident[EI_DATA] == ELFDATA2LSB ? "little endian" :
			ident[EI_DATA] == ELFDATA2MSB ? "big endian" : "invalid");
		return -LIBBPF_ERRNO__ENDIAN;
	}
	if (size < sizeof(Elf64_Ehdr)) {
		pr_warn("elf: file of %zu bytes is too small for an ELF header\n", size);
		return -LIBBPF_ERRNO__FORMAT;
	}
	return 0;
}

static int elf_check_ehdr(struct elf_state *es)
{
	GElf_Ehdr ehdr;

	if (!gelf_getehdr(es->elf, &ehdr)) {
		pr_warn("elf: failed to read the ELF header: %s\n", elf_errmsg(-1));
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (ehdr.e_type != ET_REL) {
		pr_warn("elf: not a relocatable object (e_type %u)\n", ehdr.e_type);
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (ehdr.e_machine != EM_BPF) {
		pr_warn("elf: not a BPF object (e_machine %u, expected %u)\n",
			ehdr.e_machine, EM_BPF);
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (ehdr.e_shoff && ehdr.e_shentsize != sizeof(Elf64_Shdr)) {
		pr_warn("elf: section header table at offset %llu: entry size %u, expected %zu\n",
			(unsigned long long)ehdr.e_shoff, ehdr.e_shentsize, sizeof(Elf64_Shdr));
		return -LIBBPF_ERRNO__FORMAT;
	}
	/* e_shnum 0 with a table: the count is in section 0, checked later */
	if (ehdr.e_shoff && (ehdr.e_shoff > es->size ||
			     (es->size - ehdr.e_shoff) / sizeof(Elf64_Shdr) < ehdr.e_shnum)) {
		pr_warn("elf: section header table of %u entries at offset %llu runs past the end of the file (%zu bytes)\n",
			ehdr.e_shnum, (unsigned long long)ehdr.e_shoff, es->size);
		return -LIBBPF_ERRNO__FORMAT;
	}
	return 0;
}

static int cmp_sec_off(const void *a, const void *b)
{
	const struct elf_sec *sa = *(const struct elf_sec * const *)a;
	const struct elf_sec *sb = *(const struct elf_sec * const *)b;

	if (sa->shdr.sh_offset != sb->shdr.sh_offset)
		return sa->shdr.sh_offset < sb->shdr.sh_offset ? -1 : 1;
	return 0;
}

/* sections with file contents must lie inside the file and not overlap */
static int elf_check_sec_layout(struct elf_state *es)
{
	struct elf_sec **order;
	size_t i, n = 0;
	int err = 0;

	order = calloc(es->nr_secs, sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (i = 1; i < es->nr_secs; i++) {
		struct elf_sec *sec = &es->secs[i];

		if (sec->shdr.sh_type == SHT_NOBITS || !sec->shdr.sh_size)
			continue;
		if (sec->shdr.sh_offset > es->size ||
		    sec->shdr.sh_size > es->size - sec->shdr.sh_offset) {
			pr_warn("elf: section %zu (%s) of %llu bytes at offset %llu lies outside the file (%zu bytes)\n",
				i, sec->name, (unsigned long long)sec->shdr.sh_size,
				(unsigned long long)sec->shdr.sh_offset, es->size);
			err = -LIBBPF_ERRNO__FORMAT;
			goto out;
		}
		order[n++] = sec;
	}
	/* compilers lay sections out in order: sort only when they are not */
	for (i = 1; i < n && cmp_sec_off(&order[i - 1], &order[i]) <= 0; i++)
		;
	if (i < n)
		qsort(order, n, sizeof(*order), cmp_sec_off);
	for (i = 1; i < n; i++) {
		const GElf_Shdr *prev = &order[i - 1]->shdr;

		if (prev->sh_offset + prev->sh_size > order[i]->shdr.sh_offset) {
			pr_warn("elf: section %td (%s) at offset %llu of %llu bytes overlaps section %td (%s) at offset %llu\n",
				order[i - 1] - es->secs, order[i - 1]->name,
				(unsigned long long)prev->sh_offset,
				(unsigned long long)prev->sh_size, order[i] - es->secs,
				order[i]->name, (unsigned long long)order[i]->shdr.sh_offset);
			err = -LIBBPF_ERRNO__FORMAT;
			goto out;
		}
	}
out:
	free(order);
	return err;
}

static enum sec_kind classify_sec(struct elf_state *es, const struct elf_sec *sec)
{
	const GElf_Shdr *sh = &sec->shdr;

	switch (sh->sh_type) {
	case SHT_PROGBITS:
		if (!sh->sh_size)
			return SK_IGNORED;
		if (sh->sh_flags & SHF_EXECINSTR)
			return SK_PROG;
		if (strcmp(sec->name, ".maps") == 0)
			return SK_MAPS;
		if (strcmp(sec->name, ".struct_ops") == 0 ||
		    strcmp(sec->name, ".struct_ops.link") == 0)
			return SK_STRUCT_OPS;
		if (is_sec_family(sec->name, ".data"))
			return SK_DATA;
		if (is_sec_family(sec->name, ".rodata"))
			return SK_RODATA;
		return SK_IGNORED;
	case SHT_NOBITS:
		if (sh->sh_size && is_sec_family(sec->name, ".bss"))
			return SK_BSS;
		return SK_IGNORED;
	case SHT_REL:
		return SK_REL;
	default:
		return SK_IGNORED;
	}
}

/* sections found by name whose bytes are read: they cannot be SHT_NOBITS */
static bool sec_needs_contents(const char *name)
{
	return strcmp(name, ".BTF") == 0 || strcmp(name, ".BTF.ext") == 0 ||
	       strcmp(name, "license") == 0 || strcmp(name, "version") == 0;
}

static int elf_collect_secs(struct bpf_object *obj, struct elf_state *es)
{
	size_t shstrndx, i;
	Elf_Scn *scn;
	int err;

	if (elf_getshdrnum(es->elf, &es->nr_secs) || elf_getshdrstrndx(es->elf, &shstrndx)) {
		pr_warn("elf: failed to read section counts: %s\n", elf_errmsg(-1));
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (es->nr_secs > es->size / sizeof(Elf64_Shdr)) {
		pr_warn("elf: %zu sections cannot fit in %zu bytes\n", es->nr_secs, es->size);
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (es->nr_secs && (shstrndx == 0 || shstrndx >= es->nr_secs)) {
		pr_warn("elf: section name table index (e_shstrndx) %zu is not one of sections 1..%zu\n",
			shstrndx, es->nr_secs - 1);
		return -LIBBPF_ERRNO__FORMAT;
	}
	es->secs = calloc(es->nr_secs ?: 1, sizeof(*es->secs));
	obj->sec_names = calloc(es->nr_secs ?: 1, sizeof(*obj->sec_names));
	if (!es->secs || !obj->sec_names)
		return -ENOMEM;
	obj->nr_sec_names = es->nr_secs;

	for (i = 1; i < es->nr_secs; i++) {
		struct elf_sec *sec = &es->secs[i];

		scn = elf_getscn(es->elf, i);
		if (!scn || !gelf_getshdr(scn, &sec->shdr)) {
			pr_warn("elf: failed to read header of section %zu: %s\n", i, elf_errmsg(-1));
			return -LIBBPF_ERRNO__FORMAT;
		}
		sec->name = elf_strptr(es->elf, shstrndx, sec->shdr.sh_name);
		if (!sec->name) {
			GElf_Shdr names = {};

			gelf_getshdr(elf_getscn(es->elf, shstrndx), &names);
			pr_warn("elf: section %zu has an invalid name offset %u (section name table %zu: %llu bytes, type %u)\n",
				i, sec->shdr.sh_name, shstrndx, (unsigned long long)names.sh_size,
				names.sh_type);
			return -LIBBPF_ERRNO__FORMAT;
		}
		obj->sec_names[i] = strdup(sec->name);
		if (!obj->sec_names[i])
			return -ENOMEM;
	}
	err = elf_check_sec_layout(es);
	if (err)
		return err;

	for (i = 1; i < es->nr_secs; i++) {
		struct elf_sec *sec = &es->secs[i];

		sec->data = elf_getdata(elf_getscn(es->elf, i), NULL);
		if (!sec->data) {
			/* only sections without contents may lack data */
			if (sec->shdr.sh_type == SHT_NOBITS || !sec->shdr.sh_size ||
			    sec->shdr.sh_type == SHT_NULL)
				continue;
			pr_warn("elf: failed to read section %zu (%s): %s\n", i, sec->name,
				elf_errmsg(-1));
			return -LIBBPF_ERRNO__FORMAT;
		}
		if (!sec->data->d_buf && sec->data->d_size && sec_needs_contents(sec->name)) {
			pr_warn("elf: section %zu (%s) has no contents in the file (type %u)\n",
				i, sec->name, sec->shdr.sh_type);
			return -LIBBPF_ERRNO__FORMAT;
		}
		if (sec->shdr.sh_type == SHT_SYMTAB) {
			if (es->symtab_idx) {
				pr_warn("elf: section %zu (%s) is a second symbol table, after section %zu\n",
					i, sec->name, (size_t)es->symtab_idx);
				return -LIBBPF_ERRNO__FORMAT;
			}
			es->symtab_idx = i;
		} else if (strcmp(sec->name, ".BTF") == 0) {
			es->btf_idx = i;
		} else if (strcmp(sec->name, ".BTF.ext") == 0) {
			es->btf_ext_idx = i;
		} else if (strcmp(sec->name, "maps") == 0 && sec->shdr.sh_type == SHT_PROGBITS) {
			pr_warn("elf: legacy map definitions in SEC(\"maps\") are not supported, use BTF-defined maps in SEC(\".maps\")\n");
			return -EOPNOTSUPP;
		}
		sec->kind = classify_sec(es, sec);
		if (sec->kind == SK_PROG && strcmp(sec->name, ".text") == 0)
			obj->text_sec_idx = i;
		if (sec->kind == SK_MAPS)
			obj->maps_sec_idx = i;
	}
	return 0;
}

static int elf_collect_license_version(struct bpf_object *obj, struct elf_state *es)
{
	struct elf_sec *sec;

	sec = elf_sec_by_name(es, "license");
	if (sec && sec->data && sec->data->d_size)
		memcpy(obj->license, sec->data->d_buf,
		       min(sec->data->d_size, sizeof(obj->license) - 1));

	sec = elf_sec_by_name(es, "version");
	if (sec && sec->data) {
		if (sec->data->d_size != sizeof(__u32)) {
			pr_warn("elf: 'version' section has %zu bytes, expected 4\n",
				sec->data->d_size);
			return -LIBBPF_ERRNO__FORMAT;
		}
		memcpy(&obj->kern_version, sec->data->d_buf, sizeof(__u32));
	}
	return 0;
}

/* a table of entsize-byte entries that can be read in place */
static bool sec_is_table(const struct elf_sec *sec, size_t entsize, size_t align)
{
	return sec->shdr.sh_entsize == entsize && sec->data->d_size % entsize == 0 &&
	       ((uintptr_t)sec->data->d_buf % align) == 0;
}

static int elf_collect_symtab(struct elf_state *es)
{
	struct elf_sec *symtab, *strtab;

	if (!es->symtab_idx) {
		pr_warn("elf: no symbol table\n");
		return -LIBBPF_ERRNO__FORMAT;
	}
	symtab = &es->secs[es->symtab_idx];
	if (!symtab->data->d_buf ||
	    !sec_is_table(symtab, sizeof(Elf64_Sym), __alignof__(Elf64_Sym))) {
		pr_warn("elf: symbol table has entry size %llu and %zu bytes, expected a multiple of %zu\n",
			(unsigned long long)symtab->shdr.sh_entsize, symtab->data->d_size,
			sizeof(Elf64_Sym));
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (symtab->shdr.sh_link == 0 || symtab->shdr.sh_link >= es->nr_secs ||
	    es->secs[symtab->shdr.sh_link].shdr.sh_type != SHT_STRTAB ||
	    !es->secs[symtab->shdr.sh_link].data) {
		pr_warn("elf: symbol table (section %zu) links to section %u, which is not a string table with contents (%zu sections)\n",
			(size_t)es->symtab_idx, symtab->shdr.sh_link, es->nr_secs);
		return -LIBBPF_ERRNO__FORMAT;
	}
	strtab = &es->secs[symtab->shdr.sh_link];
	es->syms = symtab->data->d_buf;
	es->nr_syms = symtab->data->d_size / sizeof(Elf64_Sym);
	es->strs = strtab->data->d_buf;
	es->strs_size = strtab->data->d_size;
	return 0;
}

/* ---- BTF ------------------------------------------------------------------ */

int cmp_var_secinfo_off(const void *a, const void *b)
{
	const struct btf_var_secinfo *va = a, *vb = b;

	return va->offset < vb->offset ? -1 : va->offset > vb->offset;
}

/* a DATASEC entry by its VAR's name, to match symbols against */
struct var_ref {
	const char *name;
	int idx;		/* in the DATASEC */
};

static const char *var_ref_name(const void *refs, size_t i)
{
	return ((const struct var_ref *)refs)[i].name;
}

static int cmp_var_ref(const void *a, const void *b)
{
	const struct var_ref *ra = a, *rb = b;
	int c = strcmp(ra->name, rb->name);

	return c ?: ra->idx - rb->idx;
}

/*
 * syms[i]: the first STT_OBJECT symbol of section shndx named names[i],
 * NULL if none (or names[i] is NULL). One pass over the symbols, each looked up among the
 * entries sorted by name: not a pass over every symbol per variable.
 */
static int match_data_syms(struct elf_state *es, size_t shndx, const char **names, int n,
			   const Elf64_Sym **syms)
{
	struct var_ref *refs, *r;
	const char *sname;
	size_t i;
	int j, m = 0;

	refs = malloc((n ?: 1) * sizeof(*refs));
	if (!refs)
		return -ENOMEM;
	for (j = 0; j < n; j++) {
		syms[j] = NULL;
		if (names[j])
			refs[m++] = (struct var_ref){ names[j], j };
	}
	n = m;
	qsort(refs, n, sizeof(*refs), cmp_var_ref);
	for (i = 1; i < es->nr_syms; i++) {
		const Elf64_Sym *sym = &es->syms[i];

		if (sym->st_shndx != shndx || ELF64_ST_TYPE(sym->st_info) != STT_OBJECT)
			continue;
		sname = elf_sym_name(es, sym);
		if (!sname)
			continue;
		r = refs + libbpf_name_lower_bound(n, sname, var_ref_name, refs);
		/* every entry of that name (a name twice: both get the symbol) */
		for (; r < refs + n && strcmp(r->name, sname) == 0; r++)
			if (!syms[r->idx])
				syms[r->idx] = sym;
	}
	free(refs);
	return 0;
}

/*
 * clang leaves DATASEC sizes and VAR offsets zero; the kernel needs them.
 * Complete them from the ELF section sizes and symbol values.
 */
static int btf_fixup_datasec(struct bpf_object *obj, struct elf_state *es,
			     struct btf_type *t, __u32 type_id)
{
	const char *sec_name = btf__name_by_offset(obj->btf, t->name_off);
	struct btf_var_secinfo *vsi = btf_var_secinfos(t);
	const Elf64_Sym **syms;
	const char **names;
	struct elf_sec *sec;
	size_t shndx;
	int i, n = btf_vlen(t), err;

	if (!sec_name || strcmp(sec_name, ".kconfig") == 0 || strcmp(sec_name, ".ksyms") == 0)
		return 0;	/* extern sections are laid out with the externs */

	sec = elf_sec_by_name(es, sec_name);
	if (!sec) {
		pr_warn("BTF: DATASEC '%s' (type %u) has no ELF section of that name\n",
			sec_name, type_id);
		return -ENOENT;
	}
	shndx = sec - es->secs;
	t->size = sec->shdr.sh_size;
	if (!n)
		return 0;
	names = malloc(n * (sizeof(*names) + sizeof(*syms)));
	if (!names)
		return -ENOMEM;
	syms = (const Elf64_Sym **)(names + n);

	/* names of the entries that are VARs (NULL: not one, reported below) */
	for (i = 0; i < n; i++) {
		const struct btf_type *var = btf__type_by_id(obj->btf, vsi[i].type);

		names[i] = var && btf_is_var(var) ?
			   btf__name_by_offset(obj->btf, var->name_off) ?: "" : NULL;
	}
	err = match_data_syms(es, shndx, names, n, syms);
	/* in entry order, as each entry was checked before */
	for (i = 0; i < n && !err; i++) {
		const Elf64_Sym *sym = syms[i];

		if (!names[i]) {
			pr_warn("BTF: DATASEC '%s' entry %d (type %u) is not a VAR\n",
				sec_name, i, vsi[i].type);
			err = -EINVAL;
		} else if (!sym) {
			pr_warn("BTF: variable '%s' of DATASEC '%s' has no ELF symbol\n",
				names[i], sec_name);
			err = -ENOENT;
		} else if (sym->st_value > t->size || vsi[i].size > t->size - sym->st_value) {
			pr_warn("BTF: variable '%s' (%u bytes at %llu) lies outside section '%s' (%u bytes)\n",
				names[i], vsi[i].size, (unsigned long long)sym->st_value,
				sec_name, t->size);
			err = -EINVAL;
		} else {
			vsi[i].offset = sym->st_value;
		}
	}
	if (!err)
		qsort(vsi, n, sizeof(*vsi), cmp_var_secinfo_off);
	free(names);
	return err;
}

/*
 * A chain of typedefs, modifiers or arrays that comes back to itself has
 * no size and no end; kernels reject it. Reject it here, once, so that
 * maps and externs never walk one. Chains longer than any real one are
 * treated the same.
 */
#define BTF_MAX_REF_CHAIN 32

static int btf_check_ref_loops(const struct btf *btf, __u32 n)
{
	const struct btf_type *t;
	__u32 i, id;
	int depth;

	for (i = 1; i < n; i++) {
		id = i;
		for (depth = 0; depth < BTF_MAX_REF_CHAIN; depth++) {
			t = btf__type_by_id(btf, id);
			if (btf_is_mod(t) || btf_is_typedef(t))
				id = t->type;
			else if (btf_is_array(t))
				id = btf_array(t)->type;
			else
				break;
		}
		if (depth == BTF_MAX_REF_CHAIN) {
			pr_warn("BTF: type [%u]: its chain of typedefs, modifiers and arrays loops (or is longer than %d)\n",
				i, BTF_MAX_REF_CHAIN);
			return -ELOOP;
		}
	}
	return 0;
}

static int elf_collect_btf(struct bpf_object *obj, struct elf_state *es)
{
	struct elf_sec *sec;
	__u32 i, n;
	int err;

	if (!es->btf_idx)
		return 0;
	sec = &es->secs[es->btf_idx];
	obj->btf = btf__new(sec->data->d_buf, sec->data->d_size);
	if (!obj->btf) {
		err = -errno;
		/* btf__new() said why */
		pr_debug("elf: section .BTF is invalid: %s\n", libbpf_errstr(err));
		return err;
	}
	n = btf__type_cnt(obj->btf);
	err = btf_check_ref_loops(obj->btf, n);
	if (err)
		return err;
	for (i = 1; i < n; i++) {
		struct btf_type *t = btf_type_by_id(obj->btf, i);

		if (!btf_is_datasec(t))
			continue;
		err = btf_fixup_datasec(obj, es, t, i);
		if (err)
			return err;
	}
	return 0;
}

/* ---- programs ------------------------------------------------------------- */

static int cmp_prog_pos(const void *a, const void *b)
{
	const struct bpf_program *pa = a, *pb = b;

	if (pa->sec_idx != pb->sec_idx)
		return pa->sec_idx < pb->sec_idx ? -1 : 1;
	return pa->sec_insn_off < pb->sec_insn_off ? -1 : pa->sec_insn_off > pb->sec_insn_off;
}

static void prog_init_from_sec_def(struct bpf_program *prog)
{
	const struct bpf_sec_def *def = find_sec_def(prog->sec_name);
	const char *slash;

	prog->sec_def = def;
	if (!def) {
		pr_debug("prog '%s': no program type known for section '%s'\n",
			 prog->name, prog->sec_name);
		return;
	}
	prog->type = def->prog_type;
	prog->expected_attach_type = def->expected_attach_type;
	if (def->flags & SEC_SLEEPABLE)
		prog->prog_flags |= BPF_F_SLEEPABLE;
	if (def->flags & SEC_XDP_FRAGS)
		prog->prog_flags |= BPF_F_XDP_HAS_FRAGS;
	if (def->flags & SEC_ATTACH_BTF) {
		slash = strchr(prog->sec_name, '/');
		if (slash && slash[1])
			prog->attach_func_name = strdup(slash + 1);
	}
}

static int add_program(struct bpf_object *obj, struct elf_state *es, size_t *cap,
		       size_t shndx, const Elf64_Sym *sym, const char *name)
{
	const struct elf_sec *sec = &es->secs[shndx];
	struct bpf_program *prog;
	int err;

	if (sym->st_value % BPF_INSN_SZ || sym->st_size % BPF_INSN_SZ || !sym->st_size ||
	    sym->st_value > sec->data->d_size ||
	    sym->st_size > sec->data->d_size - sym->st_value) {
		pr_warn("sec '%s': function '%s' (offset %llu, size %llu) is not within the section's %zu bytes of whole instructions\n",
			sec->name, name, (unsigned long long)sym->st_value,
			(unsigned long long)sym->st_size, sec->data->d_size);
		return -LIBBPF_ERRNO__FORMAT;
	}
	if ((int)shndx != obj->text_sec_idx && ELF64_ST_BIND(sym->st_info) == STB_LOCAL) {
		pr_warn("sec '%s': program '%s' is static, which is not supported outside .text\n",
			sec->name, name);
		return -EOPNOTSUPP;
	}
	err = libbpf_ensure_mem((void **)&obj->programs, cap, sizeof(*prog), obj->nr_programs + 1);
	if (err)
		return err;
	prog = &obj->programs[obj->nr_programs++];
	prog->obj = obj;
	prog->fd = -1;
	prog->sec_idx = shndx;
	prog->sec_insn_off = sym->st_value / BPF_INSN_SZ;
	prog->sec_insn_cnt = sym->st_size / BPF_INSN_SZ;
	prog->is_subprog = (int)shndx == obj->text_sec_idx;
	prog->is_global = ELF64_ST_BIND(sym->st_info) != STB_LOCAL &&
			  ELF64_ST_VISIBILITY(sym->st_other) != STV_HIDDEN;
	/* SEC("?name"): not loaded unless asked for; the '?' is not part of the name */
	prog->autoload = sec->name[0] != '?';
	prog->autoattach = true;
	prog->name = strdup(name);
	prog->sec_name = strdup(sec->name + !prog->autoload);
	prog->insns_cnt = prog->sec_insn_cnt;
	prog->insns = malloc(sym->st_size);
	if (!prog->name || !prog->sec_name || !prog->insns)
		return -ENOMEM;
	memcpy(prog->insns, (const char *)sec->data->d_buf + sym->st_value, sym->st_size);
	if (!prog->is_subprog)
		prog_init_from_sec_def(prog);
	return 0;
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char * const *)a, *(const char * const *)b);
}

/*
 * A global but hidden (__hidden) subprogram is private to the object: its
 * BTF FUNC becomes static so the kernel verifies it with its callers.
 * The first FUNC named as each non-global subprogram is the one looked
 * at: the subprograms' names sorted, one pass over the types.
 */
static void btf_mark_hidden_static(struct bpf_object *obj)
{
	const char **names, **hit, *name;
	size_t i, n = 0;
	__u32 id, cnt;
	bool *seen;

	if (!obj->btf)
		return;
	for (i = 0; i < obj->nr_programs; i++)
		n += obj->programs[i].is_subprog && !obj->programs[i].is_global;
	if (!n)
		return;
	names = malloc(n * (sizeof(*names) + sizeof(*seen)));
	if (!names)
		return;		/* the kernel then sees them global, as written */
	seen = (bool *)(names + n);
	for (i = 0, n = 0; i < obj->nr_programs; i++)
		if (obj->programs[i].is_subprog && !obj->programs[i].is_global)
			names[n++] = obj->programs[i].name;
	qsort(names, n, sizeof(*names), cmp_str_ptr);
	memset(seen, 0, n * sizeof(*seen));
	cnt = btf__type_cnt(obj->btf);
	for (id = 1; id < cnt; id++) {
		struct btf_type *t = btf_type_by_id(obj->btf, id);

		if (!btf_is_func(t))
			continue;
		name = btf__name_by_offset(obj->btf, t->name_off);
		hit = name ? bsearch(&name, names, n, sizeof(*names), cmp_str_ptr) : NULL;
		if (!hit || seen[hit - names])
			continue;
		/* a name twice among the subprograms: one lookup, as before */
		seen[hit - names] = true;
		if (btf_vlen(t) == BTF_FUNC_GLOBAL)
			t->info = (BTF_KIND_FUNC << 24) | BTF_FUNC_STATIC;
	}
	free(names);
}

static int elf_collect_programs(struct bpf_object *obj, struct elf_state *es)
{
	size_t i, cap = 0, shndx;
	int err;

	for (i = 1; i < es->nr_syms; i++) {
		const Elf64_Sym *sym = &es->syms[i];
		const char *name;

		if (ELF64_ST_TYPE(sym->st_info) != STT_FUNC)
			continue;
		shndx = sym->st_shndx;
		if (shndx == SHN_UNDEF)
			continue;	/* extern function */
		if (shndx >= es->nr_secs) {
			pr_warn("elf: function symbol %zu (%s) refers to section %zu, past the last (%zu sections)\n",
				i, elf_sym_name(es, sym) ?: "<invalid name>", shndx, es->nr_secs);
			return -LIBBPF_ERRNO__FORMAT;
		}
		if (es->secs[shndx].kind != SK_PROG)
			continue;
		if (es->secs[shndx].data->d_size % BPF_INSN_SZ) {
			pr_warn("sec '%s' (section %zu): size %zu is not a multiple of the instruction size (%zu)\n",
				es->secs[shndx].name, shndx, es->secs[shndx].data->d_size,
				BPF_INSN_SZ);
			return -LIBBPF_ERRNO__FORMAT;
		}
		name = elf_sym_name(es, sym);
		if (!name || !name[0]) {
			pr_warn("elf: function symbol %zu in section '%s' has an invalid name (st_name %u, string table of %zu bytes)\n",
				i, es->secs[shndx].name, sym->st_name, es->strs_size);
			return -LIBBPF_ERRNO__FORMAT;
		}
		err = add_program(obj, es, &cap, shndx, sym, name);
		if (err)
			return err;
	}
	if (!obj->nr_programs)
		return 0;	/* maps only: programs stays NULL */
	/* symbols mostly come in section order already */
	for (i = 1; i < obj->nr_programs &&
		    cmp_prog_pos(&obj->programs[i - 1], &obj->programs[i]) <= 0; i++)
		;
	if (i < obj->nr_programs)
		qsort(obj->programs, obj->nr_programs, sizeof(*obj->programs), cmp_prog_pos);
	btf_mark_hidden_static(obj);

	for (i = 1; i < obj->nr_programs; i++) {
		const struct bpf_program *a = &obj->programs[i - 1], *b = &obj->programs[i];

		if (a->sec_idx == b->sec_idx && a->sec_insn_off + a->sec_insn_cnt > b->sec_insn_off) {
			pr_warn("sec '%s': functions '%s' (insns %zu..%zu) and '%s' (from insn %zu) overlap\n",
				a->sec_name, a->name, a->sec_insn_off,
				a->sec_insn_off + a->sec_insn_cnt - 1, b->name, b->sec_insn_off);
			return -LIBBPF_ERRNO__FORMAT;
		}
	}
	return 0;
}

/* programs are sorted by section and offset: a binary search */
struct bpf_program *obj_find_func(const struct bpf_object *obj, int sec_idx,
				  size_t insn_idx)
{
	size_t lo = 0, hi = obj->nr_programs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct bpf_program *p = &obj->programs[mid];

		if (p->sec_idx < sec_idx || (p->sec_idx == sec_idx &&
					     p->sec_insn_off + p->sec_insn_cnt <= insn_idx))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < obj->nr_programs) {
		struct bpf_program *p = &obj->programs[lo];

		if (p->sec_idx == sec_idx && p->sec_insn_off <= insn_idx &&
		    insn_idx < p->sec_insn_off + p->sec_insn_cnt)
			return p;
	}
	return NULL;
}

/* ---- maps ----------------------------------------------------------------- */

static int elf_collect_maps(struct bpf_object *obj, struct elf_state *es)
{
	size_t i;
	int err;

	if (obj->maps_sec_idx >= 0) {
		struct elf_sec *sec = &es->secs[obj->maps_sec_idx];

		err = bpf_object_init_btf_maps(obj, sec->data->d_buf, sec->data->d_size,
					       obj->maps_sec_idx);
		if (err)
			return err;
	}
	for (i = 1; i < es->nr_secs; i++) {
		struct elf_sec *sec = &es->secs[i];
		enum libbpf_map_type type;

		switch (sec->kind) {
		case SK_DATA:
			type = LIBBPF_MAP_DATA;
			break;
		case SK_RODATA:
			type = LIBBPF_MAP_RODATA;
			break;
		case SK_BSS:
			type = LIBBPF_MAP_BSS;
			break;
		default:
			continue;
		}
		err = bpf_object_add_data_map(obj, type, sec->name, i,
					      type == LIBBPF_MAP_BSS ? NULL : sec->data->d_buf,
					      sec->shdr.sh_size);
		if (err)
			return err;
	}
	err = bpf_object_init_kconfig_map(obj);
	for (i = 1; !err && i < es->nr_secs; i++) {
		struct elf_sec *sec = &es->secs[i];

		if (sec->kind == SK_STRUCT_OPS)
			err = bpf_object_init_struct_ops_maps(obj, sec->name, i, sec->data->d_buf,
							      sec->data->d_size);
	}
	return err;
}

/* ---- externs -------------------------------------------------------------- */

static int elf_collect_externs(struct bpf_object *obj, struct elf_state *es)
{
	struct extern_lookup *lk = NULL;
	size_t i;
	int err = 0;

	for (i = 1; i < es->nr_syms; i++) {
		const Elf64_Sym *sym = &es->syms[i];
		int bind = ELF64_ST_BIND(sym->st_info);
		int type = ELF64_ST_TYPE(sym->st_info);
		const char *name;

		if (sym->st_shndx != SHN_UNDEF || (bind != STB_GLOBAL && bind != STB_WEAK))
			continue;
		if (type != STT_NOTYPE && type != STT_OBJECT && type != STT_FUNC)
			continue;
		name = elf_sym_name(es, sym);
		if (!name) {
			pr_warn("elf: extern symbol %zu has an invalid name (st_name %u, string table of %zu bytes)\n",
				i, sym->st_name, es->strs_size);
			err = -LIBBPF_ERRNO__FORMAT;
			break;
		}
		if (!name[0])
			continue;
		/* built for the first extern: objects without any pay nothing */
		if (!lk && obj->btf) {
			lk = extern_lookup_new(obj->btf);
			if (!lk) {
				err = -ENOMEM;
				pr_warn("elf: out of memory indexing the BTF of externs\n");
				break;
			}
		}
		err = bpf_object_add_extern(obj, lk, name, i, bind == STB_WEAK);
		if (err)
			break;
	}
	extern_lookup_free(lk);
	return err ?: bpf_object_finalize_externs(obj);
}

/* ---- relocations ---------------------------------------------------------- */

/* the first extern of symbol sym_idx, or -1; a table, not a scan per relocation */
static int find_extern_by_sym(const struct bpf_object *obj, struct elf_state *es,
			      size_t sym_idx)
{
	int i;

	if (!es->ext_of_sym && obj->nr_extern) {
		es->ext_of_sym = malloc(es->nr_syms * sizeof(*es->ext_of_sym));
		for (i = 0; es->ext_of_sym && (size_t)i < es->nr_syms; i++)
			es->ext_of_sym[i] = -1;
		for (i = obj->nr_extern - 1; es->ext_of_sym && i >= 0; i--)
			if ((size_t)obj->externs[i].sym_idx < es->nr_syms)
				es->ext_of_sym[obj->externs[i].sym_idx] = i;
	}
	if (es->ext_of_sym)
		return sym_idx < es->nr_syms ? es->ext_of_sym[sym_idx] : -1;
	for (i = 0; i < obj->nr_extern; i++)	/* no externs, or out of memory */
		if ((size_t)obj->externs[i].sym_idx == sym_idx)
			return i;
	return -1;
}

static int cmp_map_pos(const void *a, const void *b)
{
	const struct map_pos *pa = a, *pb = b;

	if (pa->sec_idx != pb->sec_idx)
		return pa->sec_idx < pb->sec_idx ? -1 : 1;
	if (pa->off != pb->off)
		return pa->off < pb->off ? -1 : 1;
	return (pa->idx > pb->idx) - (pa->idx < pb->idx);
}

/* the first BTF-defined map at off in section sec_idx, or -1 */
static int find_map_by_sec_off(const struct bpf_object *obj, struct elf_state *es,
			       int sec_idx, size_t off)
{
	size_t i, n = 0, lo, hi, mid;
	struct map_pos key = { sec_idx, off, -1 };

	if (es->map_pos_for != obj->nr_maps) {
		free(es->map_pos);
		es->map_pos = malloc((obj->nr_maps ?: 1) * sizeof(*es->map_pos));
		es->map_pos_for = es->map_pos ? obj->nr_maps : 0;
		for (i = 0; es->map_pos && i < obj->nr_maps; i++)
			if (obj->maps[i].libbpf_type == LIBBPF_MAP_UNSPEC)
				es->map_pos[n++] = (struct map_pos){ obj->maps[i].sec_idx,
								     obj->maps[i].sec_offset, i };
		es->nr_map_pos = n;
		if (es->map_pos)
			qsort(es->map_pos, n, sizeof(*es->map_pos), cmp_map_pos);
	}
	if (!es->map_pos) {	/* out of memory: the scan */
		for (i = 0; i < obj->nr_maps; i++)
			if (obj->maps[i].libbpf_type == LIBBPF_MAP_UNSPEC &&
			    obj->maps[i].sec_idx == sec_idx && obj->maps[i].sec_offset == off)
				return i;
		return -1;
	}
	lo = 0;
	hi = es->nr_map_pos;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_map_pos(&es->map_pos[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < es->nr_map_pos && es->map_pos[lo].sec_idx == sec_idx &&
	    es->map_pos[lo].off == off)
		return es->map_pos[lo].idx;
	return -1;
}

static int find_data_map_by_sec(const struct bpf_object *obj, int sec_idx)
{
	size_t i;

	for (i = 0; i < obj->nr_maps; i++)
		if (obj->maps[i].libbpf_type != LIBBPF_MAP_UNSPEC &&
		    obj->maps[i].libbpf_type != LIBBPF_MAP_KCONFIG &&
		    obj->maps[i].sec_idx == sec_idx)
			return i;
	return -1;
}

static int classify_reloc(struct bpf_object *obj, struct elf_state *es,
			  struct bpf_program *prog, size_t insn_idx,
			  size_t sym_idx, struct reloc_desc *relo)
{
	const Elf64_Sym *sym = &es->syms[sym_idx];
	struct bpf_insn *insn = &prog->insns[insn_idx];
	const char *sym_name = elf_sym_name(es, sym) ?: "<invalid>";
	size_t shndx = sym->st_shndx;
	const struct elf_sec *tgt;
	int idx;

	relo->insn_idx = insn_idx;
	/* both halves of a 64-bit load must be in the function: both get patched */
	if (insn_is_ld_imm64(insn) && insn_idx + 1 >= prog->insns_cnt) {
		pr_warn("prog '%s': 64-bit load at insn %zu is truncated: it needs 2 instructions, the function ends after 1\n",
			prog->name, insn_idx);
		return -LIBBPF_ERRNO__RELOC;
	}
	if (shndx == SHN_UNDEF) {
		idx = find_extern_by_sym(obj, es, sym_idx);
		if (idx < 0) {
			pr_warn("prog '%s': relocation at insn %zu refers to unknown extern '%s'\n",
				prog->name, insn_idx, sym_name);
			return -LIBBPF_ERRNO__RELOC;
		}
		relo->ext_idx = idx;
		if (is_call(insn) && insn->src_reg == BPF_PSEUDO_CALL) {
			if (!obj->externs[idx].is_func) {
				pr_warn("prog '%s': insn %zu calls extern '%s', which is not a function\n",
					prog->name, insn_idx, sym_name);
				return -LIBBPF_ERRNO__RELOC;
			}
			relo->type = RELO_EXTERN_CALL;
			return 0;
		}
		if (!insn_is_ld_imm64(insn)) {
			pr_warn("prog '%s': relocation of extern '%s' at insn %zu is not on a 64-bit load (code 0x%x)\n",
				prog->name, sym_name, insn_idx, insn->code);
			return -LIBBPF_ERRNO__RELOC;
		}
		relo->type = RELO_EXTERN_LD64;
		return 0;
	}
	if (shndx >= es->nr_secs) {
		pr_warn("prog '%s': relocation at insn %zu refers to symbol '%s' in section %zu, past the last (%zu sections)\n",
			prog->name, insn_idx, sym_name, shndx, es->nr_secs);
		return -LIBBPF_ERRNO__RELOC;
	}
	tgt = &es->secs[shndx];

	if (is_call(insn) && insn->src_reg == BPF_PSEUDO_CALL) {
		long long tgt_insn = (long long)(sym->st_value / BPF_INSN_SZ) + insn->imm + 1;

		if (tgt->kind != SK_PROG || sym->st_value % BPF_INSN_SZ || tgt_insn < 0 ||
		    tgt_insn >= (long long)(tgt->data->d_size / BPF_INSN_SZ)) {
			if (tgt->kind != SK_PROG)
				pr_warn("prog '%s': call at insn %zu to '%s' (symbol %zu) does not target code: section '%s' holds none\n",
					prog->name, insn_idx, sym_name, sym_idx, tgt->name);
			else
				pr_warn("prog '%s': call at insn %zu to '%s'%+lld (symbol %zu at byte %llu) does not target code: insn %lld of section '%s', which has %zu\n",
					prog->name, insn_idx, sym_name[0] ? sym_name : tgt->name,
					(long long)insn->imm + 1, sym_idx,
					(unsigned long long)sym->st_value, tgt_insn, tgt->name,
					tgt->data->d_size / BPF_INSN_SZ);
			return -LIBBPF_ERRNO__RELOC;
		}
		relo->type = RELO_CALL;
		relo->tgt_sec_idx = shndx;
		relo->tgt_insn_idx = tgt_insn;
		return 0;
	}
	if (!insn_is_ld_imm64(insn)) {
		pr_warn("prog '%s': relocation against '%s' at insn %zu is on an unsupported instruction (code 0x%x)\n",
			prog->name, sym_name, insn_idx, insn->code);
		return -LIBBPF_ERRNO__RELOC;
	}
	/* clang loads a function's address (a callback) from its code section */
	if (tgt->kind == SK_PROG) {
		long long off = (long long)sym->st_value + insn->imm;

		if (off < 0 || off % BPF_INSN_SZ ||
		    off >= (long long)tgt->data->d_size) {
			pr_warn("prog '%s': function address at insn %zu does not point to code in '%s'\n",
				prog->name, insn_idx, tgt->name);
			return -LIBBPF_ERRNO__RELOC;
		}
		relo->type = RELO_SUBPROG_ADDR;
		relo->tgt_sec_idx = shndx;
		relo->tgt_insn_idx = off / BPF_INSN_SZ;
		return 0;
	}
	if ((int)shndx == obj->maps_sec_idx) {
		idx = find_map_by_sec_off(obj, es, shndx, sym->st_value);
		if (idx < 0) {
			pr_warn("prog '%s': insn %zu refers to '%s' in .maps, which is not a map definition\n",
				prog->name, insn_idx, sym_name);
			return -LIBBPF_ERRNO__RELOC;
		}
		relo->type = RELO_MAP;
		relo->map_idx = idx;
		return 0;
	}
	if (tgt->kind == SK_DATA || tgt->kind == SK_RODATA || tgt->kind == SK_BSS) {
		idx = find_data_map_by_sec(obj, shndx);
		if (idx < 0)
			return -LIBBPF_ERRNO__INTERNAL;
		relo->type = RELO_DATA;
		relo->map_idx = idx;
		relo->sym_off = sym->st_value;
		return 0;
	}
	pr_warn("prog '%s': insn %zu refers to '%s' in section '%s', which holds no maps or data\n",
		prog->name, insn_idx, sym_name, tgt->name);
	return -LIBBPF_ERRNO__RELOC;
}

static int collect_prog_relos(struct bpf_object *obj, struct elf_state *es,
			      const struct elf_sec *relsec, size_t tgt_idx)
{
	const Elf64_Rel *rels = relsec->data->d_buf;
	size_t i, n = relsec->data->d_size / sizeof(Elf64_Rel);
	const struct elf_sec *tgt = &es->secs[tgt_idx];
	int err;

	for (i = 0; i < n; i++) {
		size_t sym_idx = ELF64_R_SYM(rels[i].r_info);
		size_t insn_idx = rels[i].r_offset / BPF_INSN_SZ;
		struct bpf_program *prog;
		struct reloc_desc *relo;

		if (sym_idx == 0 || sym_idx >= es->nr_syms) {
			pr_warn("sec '%s': relocation %zu refers to symbol %zu, not one of symbols 1..%zu\n",
				relsec->name, i, sym_idx, es->nr_syms - 1);
			return -LIBBPF_ERRNO__FORMAT;
		}
		if (rels[i].r_offset % BPF_INSN_SZ || rels[i].r_offset >= tgt->data->d_size) {
			pr_warn("sec '%s': relocation %zu at offset %llu is %s section '%s' (%zu bytes)\n",
				relsec->name, i, (unsigned long long)rels[i].r_offset,
				rels[i].r_offset >= tgt->data->d_size ? "outside" :
				"not on an instruction (a multiple of 8) of",
				tgt->name, tgt->data->d_size);
			return -LIBBPF_ERRNO__FORMAT;
		}
		prog = obj_find_func(obj, tgt_idx, insn_idx);
		if (!prog) {
			pr_warn("sec '%s': relocation %zu at insn %zu is in no function\n",
				relsec->name, i, insn_idx);
			return -LIBBPF_ERRNO__RELOC;
		}
		if (libbpf_grow_one((void **)&prog->relos, prog->nr_relos, sizeof(*relo)))
			return -ENOMEM;
		relo = &prog->relos[prog->nr_relos];
		memset(relo, 0, sizeof(*relo));
		err = classify_reloc(obj, es, prog, insn_idx - prog->sec_insn_off, sym_idx, relo);
		if (err)
			return err;
		prog->nr_relos++;
	}
	return 0;
}

static int collect_map_slot_relos(struct bpf_object *obj, struct elf_state *es,
				  const struct elf_sec *relsec)
{
	const Elf64_Rel *rels = relsec->data->d_buf;
	size_t i, n = relsec->data->d_size / sizeof(Elf64_Rel);
	int err;

	for (i = 0; i < n; i++) {
		size_t sym_idx = ELF64_R_SYM(rels[i].r_info);
		const Elf64_Sym *sym;
		const char *name;
		int tgt = -1;

		if (sym_idx == 0 || sym_idx >= es->nr_syms) {
			pr_warn("sec '%s': relocation %zu refers to symbol %zu, not one of symbols 1..%zu\n",
				relsec->name, i, sym_idx, es->nr_syms - 1);
			return -LIBBPF_ERRNO__FORMAT;
		}
		sym = &es->syms[sym_idx];
		name = elf_sym_name(es, sym) ?: "<invalid>";
		if ((int)sym->st_shndx == obj->maps_sec_idx) {
			tgt = find_map_by_sec_off(obj, es, sym->st_shndx, sym->st_value);
		} else if (sym->st_shndx < es->nr_secs && es->secs[sym->st_shndx].kind == SK_PROG) {
			struct bpf_program *p;

			p = obj_find_func(obj, sym->st_shndx, sym->st_value / BPF_INSN_SZ);
			if (p && !p->is_subprog && p->sec_insn_off * BPF_INSN_SZ == sym->st_value)
				tgt = p - obj->programs;
		}
		if (tgt < 0) {
			pr_warn("sec '%s': relocation %zu refers to '%s', which is neither a map nor a program\n",
				relsec->name, i, name);
			return -LIBBPF_ERRNO__RELOC;
		}
		err = bpf_object_set_map_slot(obj, rels[i].r_offset,
					      (int)sym->st_shndx == obj->maps_sec_idx, tgt, name);
		if (err)
			return err;
	}
	return 0;
}

/* .struct_ops relocations: function pointer members naming programs */
static int collect_st_ops_relos(struct bpf_object *obj, struct elf_state *es,
				const struct elf_sec *relsec, size_t tgt_idx)
{
	const Elf64_Rel *rels = relsec->data->d_buf;
	size_t i, n = relsec->data->d_size / sizeof(Elf64_Rel);
	int err;

	for (i = 0; i < n; i++) {
		size_t sym_idx = ELF64_R_SYM(rels[i].r_info);
		struct bpf_program *p = NULL;
		const Elf64_Sym *sym;

		if (sym_idx == 0 || sym_idx >= es->nr_syms) {
			pr_warn("sec '%s': relocation %zu refers to symbol %zu, not one of symbols 1..%zu\n",
				relsec->name, i, sym_idx, es->nr_syms - 1);
			return -LIBBPF_ERRNO__FORMAT;
		}
		sym = &es->syms[sym_idx];
		if (sym->st_shndx < es->nr_secs && es->secs[sym->st_shndx].kind == SK_PROG)
			p = obj_find_func(obj, sym->st_shndx, sym->st_value / BPF_INSN_SZ);
		if (!p || p->is_subprog || p->sec_insn_off * BPF_INSN_SZ != sym->st_value) {
			pr_warn("sec '%s': relocation %zu refers to '%s', which is not a program\n",
				relsec->name, i, elf_sym_name(es, sym) ?: "<invalid>");
			return -LIBBPF_ERRNO__RELOC;
		}
		err = bpf_object_set_st_ops_prog(obj, tgt_idx, rels[i].r_offset, p);
		if (err)
			return err;
	}
	return 0;
}

static int elf_collect_relos(struct bpf_object *obj, struct elf_state *es)
{
	size_t i;
	int err;

	for (i = 1; i < es->nr_secs; i++) {
		const struct elf_sec *sec = &es->secs[i];
		size_t tgt_idx = sec->shdr.sh_info;
		enum sec_kind tgt_kind;

		if (sec->kind != SK_REL)
			continue;
		if (tgt_idx == 0 || tgt_idx >= es->nr_secs) {
			pr_warn("sec '%s' (section %zu): relocations for section %zu (sh_info), not one of sections 1..%zu\n",
				sec->name, i, tgt_idx, es->nr_secs - 1);
			return -LIBBPF_ERRNO__FORMAT;
		}
		tgt_kind = es->secs[tgt_idx].kind;
		if (tgt_kind != SK_PROG && tgt_kind != SK_MAPS && tgt_kind != SK_STRUCT_OPS) {
			pr_debug("sec '%s': skipping relocations of section '%s'\n",
				 sec->name, es->secs[tgt_idx].name);
			continue;
		}
		if (!sec->data || !sec_is_table(sec, sizeof(Elf64_Rel), __alignof__(Elf64_Rel)) ||
		    sec->shdr.sh_link != (Elf64_Word)es->symtab_idx) {
			pr_warn("sec '%s' (section %zu): invalid relocation section: entry size %llu, %zu bytes, symbol table %u; expected entries of %zu bytes and symbol table %d\n",
				sec->name, i, (unsigned long long)sec->shdr.sh_entsize,
				sec->data ? sec->data->d_size : 0, sec->shdr.sh_link,
				sizeof(Elf64_Rel), es->symtab_idx);
			return -LIBBPF_ERRNO__FORMAT;
		}
		if (tgt_kind == SK_PROG)
			err = collect_prog_relos(obj, es, sec, tgt_idx);
		else if (tgt_kind == SK_STRUCT_OPS)
			err = collect_st_ops_relos(obj, es, sec, tgt_idx);
		else
			err = collect_map_slot_relos(obj, es, sec);
		if (err)
			return err;
	}
	return 0;
}

/* ---- .BTF.ext ------------------------------------------------------------- */

/* every func_info and line_info record must point into code it describes */
static int check_ext_info(struct bpf_object *obj, struct elf_state *es,
			  const struct btf_ext_info *seg, const char *what, bool func)
{
	const struct btf_ext_info_sec *sec;
	struct bpf_program *prog = NULL;
	const __u32 *rec;
	__u32 i;

	if (!seg->len)
		return 0;
	for_each_btf_ext_sec(seg, sec) {
		const char *name = btf__name_by_offset(obj->btf, sec->sec_name_off);
		struct elf_sec *esec = name ? elf_sec_by_name(es, name) : NULL;
		size_t shndx;

		if (!esec || esec->kind != SK_PROG) {
			pr_warn(".BTF.ext: %s for section '%s', which holds no code\n",
				what, name ?: "<invalid>");
			return -EINVAL;
		}
		shndx = esec - es->secs;
		for_each_btf_ext_rec(seg, sec, i, rec) {
			__u32 off = rec[0];

			/* records come in instruction order: mostly the last function again */
			if (!prog || prog->sec_idx != (int)shndx ||
			    off / BPF_INSN_SZ < prog->sec_insn_off ||
			    off / BPF_INSN_SZ - prog->sec_insn_off >= prog->sec_insn_cnt)
				prog = obj_find_func(obj, shndx, off / BPF_INSN_SZ);
			if (off % BPF_INSN_SZ || !prog ||
			    (func && prog->sec_insn_off * BPF_INSN_SZ != off)) {
				pr_warn(".BTF.ext: %s record %u of section '%s' at byte %u is not %s\n",
					what, i, name, off,
					func ? "the start of a function" : "inside a function");
				return -EINVAL;
			}
			if (func) {
				const struct btf_type *t = btf__type_by_id(obj->btf, rec[1]);

				if (!t || !btf_is_func(t)) {
					pr_warn(".BTF.ext: func_info record %u of section '%s' has type %u, which is not a FUNC\n",
						i, name, rec[1]);
					return -EINVAL;
				}
			}
		}
	}
	return 0;
}

static int elf_collect_btf_ext(struct bpf_object *obj, struct elf_state *es)
{
	struct elf_sec *sec;
	int err;

	if (!es->btf_ext_idx)
		return 0;
	sec = &es->secs[es->btf_ext_idx];
	if (!obj->btf) {
		pr_warn("elf: object has .BTF.ext but no .BTF\n");
		return -LIBBPF_ERRNO__FORMAT;
	}
	obj->btf_ext = btf_ext_parse(sec->data->d_buf, sec->data->d_size, obj->btf);
	if (!obj->btf_ext) {
		err = -errno;
		/* btf_ext_parse() said why */
		pr_debug("elf: section .BTF.ext is invalid: %s\n", libbpf_errstr(err));
		return err;
	}
	err = check_ext_info(obj, es, &obj->btf_ext->func_info, "func_info", true);
	if (!err)
		err = check_ext_info(obj, es, &obj->btf_ext->line_info, "line_info", false);
	return err;
}

/* ---- entry point ---------------------------------------------------------- */

int bpf_object_find_datasec(struct bpf_object *obj, const char *name)
{
	__u32 n = btf__type_cnt(obj->btf), i, *ids;
	const struct btf_type *t;

	for (i = obj->datasec_scanned ?: 1; i < n; i++) {
		if (!btf_is_datasec(btf__type_by_id(obj->btf, i)))
			continue;
		ids = reallocarray(obj->datasecs, obj->nr_datasecs + 1, sizeof(*ids));
		if (!ids) {	/* no list: search the slow way */
			free(obj->datasecs);
			obj->datasecs = NULL;
			obj->nr_datasecs = obj->datasec_scanned = 0;
			return btf__find_by_name_kind(obj->btf, name, BTF_KIND_DATASEC);
		}
		obj->datasecs = ids;
		obj->datasecs[obj->nr_datasecs++] = i;
	}
	obj->datasec_scanned = n;
	for (i = 0; i < obj->nr_datasecs; i++) {
		t = btf__type_by_id(obj->btf, obj->datasecs[i]);
		if (strcmp(btf__name_by_offset(obj->btf, t->name_off) ?: "", name) == 0)
			return obj->datasecs[i];
	}
	return -ENOENT;
}

int bpf_object_parse_elf(struct bpf_object *obj, void *data, size_t size, bool private)
{
	struct elf_state es = { .size = size };
	void *copy = NULL;
	int err;

	err = elf_check_ident(data, size);
	if (err)
		return err;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		pr_warn("elf: libelf initialisation failed\n");
		return -LIBBPF_ERRNO__LIBELF;
	}
	/* libelf may write to the image it reads: work on a private copy */
	if (!private) {
		copy = malloc(size);
		if (!copy)
			return -ENOMEM;
		data = memcpy(copy, data, size);
	}
	es.elf = elf_memory(data, size);
	if (!es.elf || elf_kind(es.elf) != ELF_K_ELF) {
		pr_warn("elf: failed to parse object '%s': %s\n", obj->path, elf_errmsg(-1));
		err = -LIBBPF_ERRNO__FORMAT;
		goto out;
	}

	err = elf_check_ehdr(&es);
	if (!err)
		err = elf_collect_secs(obj, &es);
	if (!err)
		err = elf_collect_license_version(obj, &es);
	if (!err)
		err = elf_collect_symtab(&es);
	if (!err)
		err = elf_collect_btf(obj, &es);
	if (!err)
		err = elf_collect_programs(obj, &es);
	if (!err)
		err = elf_collect_externs(obj, &es);
	if (!err)
		err = elf_collect_maps(obj, &es);
	if (!err)
		err = elf_collect_relos(obj, &es);
	if (!err)
		err = elf_collect_btf_ext(obj, &es);
out:
	if (es.elf)
		elf_end(es.elf);
	free(es.by_name);
	free(es.ext_of_sym);
	free(es.map_pos);
	free(es.secs);
	free(copy);
	return err;
}
