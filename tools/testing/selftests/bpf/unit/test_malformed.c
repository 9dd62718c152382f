// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Malformed objects: real BPF objects from progs/ corrupted one field at
 * a time (located by reading the ELF, BTF and .BTF.ext headers here, not
 * through the library), then opened with bpf_object__open_mem(). Each
 * must fail with a negative errno, errno set and exactly one warning that
 * names what is wrong. Truncations, single-byte flips of the headers and
 * a deterministic sample of random byte changes must never crash, leak
 * or hit undefined behaviour (the tests run under ASan and UBSan): they
 * either open or fail that same clean way.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/netlink.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include "libbpf_internal.h"
#include "unit.h"
#include "elf_buf.h"

/* ---- running a case ---------------------------------------------------------- */

/* what a failed open left behind */
struct open_res {
	struct bpf_object *obj;
	int err;		/* errno after the call */
	int warns;		/* LIBBPF_WARN messages printed */
};

static struct open_res open_buf(const void *data, size_t size,
				const struct bpf_object_open_opts *opts)
{
	struct open_res r;

	warn_capture_begin();
	errno = 0;
	r.obj = bpf_object__open_mem(data, size, opts);
	r.err = errno;
	r.warns = warn_capture_end();
	return r;
}

/* touch what a successfully opened object exposes, for the sanitizers */
static void walk_object(struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_map *map;
	size_t sz, sum = 0;

	bpf_object__for_each_program(prog, obj) {
		sum += strlen(bpf_program__name(prog)) + strlen(bpf_program__section_name(prog));
		sum += bpf_program__insn_cnt(prog);
	}
	bpf_object__for_each_map(map, obj) {
		const unsigned char *val = bpf_map__initial_value(map, &sz);

		sum += strlen(bpf_map__name(map)) + bpf_map__value_size(map);
		if (val && sz)
			sum += val[0] + val[sz - 1];
	}
	if (sum == (size_t)-1)
		fprintf(stderr, "unlikely\n");
}

/*
 * The corrupted image b must be rejected: NULL, errno set, exactly one
 * warning, naming where (the section, symbol, type id, offset or record)
 * and needle (what is wrong) when they are given, errno expect_err if
 * not 0.
 */
static void expect_fail(const struct elf_buf *b, const char *what, const char *where,
			const char *needle, int expect_err, int line)
{
	struct open_res r = open_buf(b->data, b->size, NULL);

	if (r.obj) {
		UNIT_FAIL("line %d: %s: opened, expected a failure", line, what);
		bpf_object__close(r.obj);
		return;
	}
	if (r.err <= 0)
		UNIT_FAIL("line %d: %s: errno %d after a failed open", line, what, r.err);
	if (expect_err && r.err != expect_err)
		UNIT_FAIL("line %d: %s: errno %d (%s), expected %d (%s)", line, what, r.err,
			  strerror(r.err), expect_err, strerror(expect_err));
	if (r.warns != 1)
		UNIT_FAIL("line %d: %s: %d warnings, expected 1:\n%s", line, what, r.warns,
			  warn_text);
	if (needle && !strstr(warn_text, needle))
		UNIT_FAIL("line %d: %s: warning does not mention '%s': %s", line, what, needle,
			  warn_text);
	if (where && !strstr(warn_text, where))
		UNIT_FAIL("line %d: %s: warning does not say where ('%s'): %s", line, what, where,
			  warn_text);
}

/*
 * Mutations with unpredictable effect: opening either works or fails
 * cleanly with one warning. Returns true when the object opened.
 */
static bool expect_clean(const void *data, size_t size, const char *what, long arg)
{
	struct open_res r = open_buf(data, size, NULL);

	if (r.obj) {
		walk_object(r.obj);
		bpf_object__close(r.obj);
		return true;
	}
	if (r.err <= 0)
		UNIT_FAIL("%s %ld: errno %d after a failed open", what, arg, r.err);
	if (r.warns != 1)
		UNIT_FAIL("%s %ld: %d warnings, expected 1:\n%s", what, arg, r.warns, warn_text);
	return false;
}

/*
 * A case corrupts a private copy (cur) of a base object:
 *
 *	if (CASE(&base)) {
 *		<change cur>;
 *		FAILS("what", "needle", errno or 0);
 *	}
 *
 * or FAILS_AT("what", "where", "needle", errno or 0) to check that the
 * warning also names the place of the damage.
 */
static struct elf_buf cur;

#define CASE(base) ebuf_dup(&cur, base)
#define FAILS_AT(what, where, needle, err)                                     \
	do {                                                                   \
		expect_fail(&cur, what, where, needle, err, __LINE__);         \
		ebuf_free(&cur);                                               \
	} while (0)
#define FAILS(what, needle, err) FAILS_AT(what, NULL, needle, err)

/* ---- locating things in the copy ----------------------------------------------- */

static Elf64_Shdr *sec_named(const char *name)
{
	int idx = ebuf_sec_idx(&cur, name);

	if (idx < 0) {
		UNIT_FAIL("no section %s", name);
		return ebuf_shdr(&cur, 0);	/* harmless target */
	}
	return ebuf_shdr(&cur, idx);
}

static Elf64_Sym *sym_named(const char *name)
{
	static Elf64_Sym dummy;
	Elf64_Sym *sym = ebuf_sym(&cur, name);

	if (!sym) {
		UNIT_FAIL("no symbol %s", name);
		return &dummy;
	}
	return sym;
}

/* relocations of section sec_name, *n of them */
static Elf64_Rel *rels_of(const char *sec_name, size_t *n)
{
	static Elf64_Rel dummy;
	int idx = ebuf_sec_idx(&cur, sec_name), rel;

	*n = 1;
	rel = idx > 0 ? ebuf_rel_for(&cur, idx) : -1;
	if (rel < 0) {
		UNIT_FAIL("no relocations for %s", sec_name);
		return &dummy;
	}
	*n = ebuf_shdr(&cur, rel)->sh_size / sizeof(Elf64_Rel);
	return ebuf_sec_data(&cur, rel);
}

/* the relocation of sec_name against symbol sym_name */
static Elf64_Rel *rel_to(const char *sec_name, const char *sym_name)
{
	static Elf64_Rel dummy;
	size_t i, n, sym_idx = ebuf_sym_idx(&cur, sym_name);
	Elf64_Rel *rels = rels_of(sec_name, &n);

	for (i = 0; i < n; i++)
		if (sym_idx && ELF64_R_SYM(rels[i].r_info) == sym_idx)
			return &rels[i];
	UNIT_FAIL("no relocation of %s against %s", sec_name, sym_name);
	return &dummy;
}

static struct bpf_insn *insn_at(const char *sec_name, size_t off)
{
	return (struct bpf_insn *)((char *)ebuf_sec_data(&cur, ebuf_sec_idx(&cur, sec_name)) + off);
}

/* ---- BTF in the copy -------------------------------------------------------------- */

static struct btf_header *btf_hdr(void)
{
	return ebuf_sec_data(&cur, ebuf_sec_idx(&cur, ".BTF"));
}

static char *btf_types_start(void)
{
	struct btf_header *h = btf_hdr();

	return (char *)h + h->hdr_len + h->type_off;
}

static const char *btf_str(__u32 off)
{
	struct btf_header *h = btf_hdr();

	return (char *)h + h->hdr_len + h->str_off + off;
}

/* bytes of the type record t, -1 for an unknown kind */
static int btf_rec_size(const struct btf_type *t)
{
	int base = sizeof(*t), vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return base + 4;
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return base;
	case BTF_KIND_ARRAY:
		return base + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return base + vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return base + vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return base + vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return base + vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return base + vlen * sizeof(struct btf_var_secinfo);
	default:
		return -1;
	}
}

static __u32 btf_nr_types(void)
{
	char *p = btf_types_start(), *end = p + btf_hdr()->type_len;
	__u32 n = 0;

	while (p < end) {
		p += btf_rec_size((struct btf_type *)p);
		n++;
	}
	return n;
}

static struct btf_type *btf_type(__u32 id)
{
	char *p = btf_types_start();
	__u32 i;

	for (i = 1; i < id; i++)
		p += btf_rec_size((struct btf_type *)p);
	return (struct btf_type *)p;
}

/* id of the type called name of kind kind, 0 if none */
static __u32 btf_find(const char *name, int kind)
{
	__u32 id, n = btf_nr_types();

	for (id = 1; id <= n; id++) {
		struct btf_type *t = btf_type(id);

		if ((int)BTF_INFO_KIND(t->info) == kind && strcmp(btf_str(t->name_off), name) == 0)
			return id;
	}
	UNIT_FAIL("no BTF type %s of kind %d", name, kind);
	return 0;
}

/* the last type record, used to make a record run past the end */
static struct btf_type *btf_last(void)
{
	return btf_type(btf_nr_types());
}

static void btf_set_kind(struct btf_type *t, int kind)
{
	t->info = (t->info & ~(0x1fu << 24)) | ((__u32)kind << 24);
}

/* the struct of the map definition VAR called map_name in .maps */
static struct btf_type *btf_map_def(const char *map_name)
{
	struct btf_type *var = btf_type(btf_find(map_name, BTF_KIND_VAR));

	return btf_type(var->type);
}

static struct btf_member *btf_member_named(struct btf_type *s, const char *name)
{
	struct btf_member *m = (struct btf_member *)(s + 1);
	int i;

	for (i = 0; i < (int)BTF_INFO_VLEN(s->info); i++)
		if (strcmp(btf_str(m[i].name_off), name) == 0)
			return &m[i];
	UNIT_FAIL("no member %s", name);
	return m;
}

struct btf_ext_hdr {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 func_info_off;
	__u32 func_info_len;
	__u32 line_info_off;
	__u32 line_info_len;
	__u32 core_relo_off;
	__u32 core_relo_len;
};

static struct btf_ext_hdr *ext_hdr(void)
{
	return ebuf_sec_data(&cur, ebuf_sec_idx(&cur, ".BTF.ext"));
}

/* the first func_info or line_info group: record size, then the group */
static __u32 *ext_first_group(bool func)
{
	struct btf_ext_hdr *h = ext_hdr();
	char *info = (char *)h + h->hdr_len + (func ? h->func_info_off : h->line_info_off);

	return (__u32 *)info;	/* [0] rec_size, [1] sec_name_off, [2] num_info, records */
}

/* ---- ELF header --------------------------------------------------------------------- */

static const char *const base_obj = "test_global_data.bpf.o";

UNIT_TEST(malformed_empty_and_tiny)
{
	static const char not_elf[] = "this is certainly not an ELF file at all";
	struct open_res r;
	struct elf_buf base;

	r = open_buf(not_elf, 0, NULL);
	ASSERT_NULL(r.obj, "empty buffer");
	ASSERT_EQ(r.err, EINVAL, "empty buffer errno");
	ASSERT_EQ(r.warns, 1, "empty buffer warnings");

	r = open_buf(NULL, 100, NULL);
	ASSERT_NULL(r.obj, "NULL buffer");
	ASSERT_EQ(r.err, EINVAL, "NULL buffer errno");
	ASSERT_EQ(r.warns, 1, "NULL buffer warnings");

	r = open_buf(not_elf, sizeof(not_elf), NULL);
	ASSERT_NULL(r.obj, "text");
	ASSERT_EQ(r.err, LIBBPF_ERRNO__FORMAT, "text errno");
	ASSERT_EQ(r.warns, 1, "text warnings");
	ASSERT_TRUE(strstr(warn_text, "not an ELF") != NULL, warn_text);

	if (!ebuf_load(&base, base_obj))
		return;
	/* a valid identification, too short for a header */
	r = open_buf(base.data, EI_NIDENT + 4, NULL);
	ASSERT_NULL(r.obj, "ident only");
	ASSERT_EQ(r.warns, 1, "ident only warnings");
	ASSERT_TRUE(strstr(warn_text, "too small") != NULL, warn_text);
	r = open_buf(base.data, 3, NULL);
	ASSERT_NULL(r.obj, "3 bytes");
	ASSERT_EQ(r.warns, 1, "3 bytes warnings");
	ebuf_free(&base);
}

UNIT_TEST(malformed_elf_header)
{
	struct elf_buf base;

	if (!ebuf_load(&base, base_obj))
		return;
	if (CASE(&base)) {
		cur.data[EI_MAG1] = 'e';
		FAILS("bad magic", "not an ELF", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		cur.data[EI_CLASS] = ELFCLASS32;
		FAILS("32-bit class", "64-bit", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		cur.data[EI_CLASS] = 0x7f;
		FAILS("unknown class", "64-bit", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		cur.data[EI_DATA] = ELFDATA2MSB;
		FAILS("big endian", "byte order", LIBBPF_ERRNO__ENDIAN);
	}
	if (CASE(&base)) {
		cur.data[EI_DATA] = ELFDATANONE;
		FAILS("no byte order", "byte order", LIBBPF_ERRNO__ENDIAN);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_machine = EM_X86_64;
		FAILS("x86 object", "e_machine", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_type = ET_EXEC;
		FAILS("executable", "relocatable", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_type = ET_DYN;
		FAILS("shared object", "relocatable", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_shoff = cur.size + 64;
		FAILS_AT("e_shoff beyond the file", "entries at offset", "runs past the end",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_shoff = cur.size - 64;
		FAILS_AT("section headers run past the end", "at offset", "runs past the end",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_shoff = (Elf64_Off)-64;
		FAILS_AT("e_shoff wraps around", "at offset", "runs past the end",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_shentsize = sizeof(Elf64_Shdr) - 8;
		FAILS_AT("e_shentsize too small", "entry size 56", "expected 64",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_shentsize = sizeof(Elf64_Shdr) * 2;
		FAILS_AT("e_shentsize too large", "entry size 128", "expected 64",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_shnum = 0xff00;
		FAILS_AT("too many sections", "65280 entries", "runs past the end",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_shstrndx = ebuf_ehdr(&cur)->e_shnum + 5;
		FAILS_AT("e_shstrndx out of range", "e_shstrndx", "not one of sections",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_ehdr(&cur)->e_shstrndx = ebuf_sec_idx(&cur, "xdp");
		FAILS_AT("e_shstrndx is code", "section name table", "invalid name offset",
			 LIBBPF_ERRNO__FORMAT);
	}
	ebuf_free(&base);
}

/* ---- section headers ------------------------------------------------------------------- */

UNIT_TEST(malformed_section_headers)
{
	struct elf_buf base;
	Elf64_Shdr *sh;

	if (!ebuf_load(&base, base_obj))
		return;
	if (CASE(&base)) {
		sec_named("xdp")->sh_offset = cur.size + 8;
		FAILS_AT("code sh_offset beyond the file", "section 3 (xdp)", "outside the file",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sec_named(".data")->sh_size = cur.size;
		FAILS_AT("data sh_size beyond the file", "(.data)", "outside the file",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = sec_named(".rodata");
		sh->sh_size = (Elf64_Xword)-8;
		FAILS_AT("sh_offset + sh_size wraps", "(.rodata)", "outside the file",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sec_named(".BTF")->sh_offset = cur.size - 8;
		FAILS_AT(".BTF runs past the end", "(.BTF)", "outside the file",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		/* .rodata starts inside .data */
		sec_named(".rodata")->sh_offset = sec_named(".data")->sh_offset + 8;
		FAILS_AT("overlapping sections", "(.data) at offset", "overlaps section",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sec_named("tc")->sh_offset = sec_named("xdp")->sh_offset;
		FAILS_AT("two code sections at one offset", "(xdp) at offset", "overlaps section",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sec_named(".data")->sh_name = 0x7fffffff;
		FAILS_AT("sh_name out of range", "section 8", "name offset 2147483647",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = ebuf_shdr(&cur, ebuf_ehdr(&cur)->e_shstrndx);
		sh->sh_name = sh->sh_size;
		FAILS("sh_name at the end of the string table", "name offset",
		      LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = ebuf_shdr(&cur, ebuf_sec_by_type(&cur, SHT_SYMTAB));
		sh->sh_entsize = sizeof(Elf64_Sym) - 8;
		FAILS_AT("symtab entsize", "entry size 16", "symbol table", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = ebuf_shdr(&cur, ebuf_sec_by_type(&cur, SHT_SYMTAB));
		sh->sh_size -= 4;
		FAILS("symtab size not a multiple of the entry size", NULL,
		      LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = ebuf_shdr(&cur, ebuf_sec_by_type(&cur, SHT_SYMTAB));
		sh->sh_link = ebuf_shnum(&cur) + 3;
		FAILS_AT("symtab sh_link out of range", "links to section", "string table",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = ebuf_shdr(&cur, ebuf_sec_by_type(&cur, SHT_SYMTAB));
		sh->sh_link = ebuf_sec_idx(&cur, ".data");
		FAILS_AT("symtab sh_link to data", "links to section", "string table",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = ebuf_shdr(&cur, ebuf_sec_by_type(&cur, SHT_SYMTAB));
		sh->sh_link = 0;
		FAILS_AT("symtab sh_link 0", "links to section 0", "string table",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = ebuf_shdr(&cur, ebuf_sec_by_type(&cur, SHT_SYMTAB));
		sh->sh_type = SHT_PROGBITS;
		FAILS("no symbol table", "no symbol table", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sec_named(".data")->sh_type = SHT_SYMTAB;
		FAILS("two symbol tables", NULL, LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		/* code whose size is not whole instructions */
		sec_named("tc")->sh_size -= 4;
		FAILS_AT("code size not a multiple of 8", "'tc' (section",
			 "not a multiple of the instruction size", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sec_named("license")->sh_type = SHT_NOBITS;
		FAILS_AT("license without contents", "(license)", "no contents",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sec_named(".data")->sh_type = SHT_NOBITS;
		sec_named(".data")->sh_flags = SHF_ALLOC | SHF_WRITE;
		/* .data made .bss-like: not a data section any more, its BTF is orphaned */
		FAILS(".data without contents", ".data", 0);
	}
	ebuf_free(&base);
}

/* the 'version' section: clang objects have none, so rename 'license' */
UNIT_TEST(malformed_version_section)
{
	struct elf_buf base;
	Elf64_Shdr *sh;
	char *name;

	if (!ebuf_load(&base, base_obj))
		return;
	if (CASE(&base)) {
		sh = sec_named("license");
		name = (char *)cur.data + ebuf_shdr(&cur, ebuf_ehdr(&cur)->e_shstrndx)->sh_offset +
		       sh->sh_name;
		memcpy(name, "version", 7);
		/* "Dual BSD/GPL" is 13 bytes */
		FAILS("'version' of 13 bytes", "version", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = sec_named("license");
		name = (char *)cur.data + ebuf_shdr(&cur, ebuf_ehdr(&cur)->e_shstrndx)->sh_offset +
		       sh->sh_name;
		memcpy(name, "version", 7);
		sh->sh_size = 2;
		FAILS("'version' of 2 bytes", "version", LIBBPF_ERRNO__FORMAT);
	}
	ebuf_free(&base);
}

/* ---- symbols --------------------------------------------------------------------------- */

UNIT_TEST(malformed_symbols)
{
	struct elf_buf base, multi, ext;
	Elf64_Shdr *strs;

	if (!ebuf_load(&base, base_obj))
		return;
	if (CASE(&base)) {
		strs = ebuf_shdr(&cur, ebuf_shdr(&cur, ebuf_sec_by_type(&cur, SHT_SYMTAB))->sh_link);
		sym_named("xdp_global_data")->st_name = strs->sh_size + 100;
		FAILS_AT("function st_name out of range", "function symbol", "invalid name",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		strs = ebuf_shdr(&cur, ebuf_shdr(&cur, ebuf_sec_by_type(&cur, SHT_SYMTAB))->sh_link);
		sym_named("tc_global_data")->st_name = strs->sh_size;
		FAILS_AT("function st_name at the end", "in section 'tc'", "invalid name",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sym_named("xdp_global_data")->st_shndx = ebuf_shnum(&cur) + 1;
		FAILS_AT("function st_shndx out of range", "(xdp_global_data)", "section",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sym_named("xdp_global_data")->st_shndx = SHN_ABS;
		FAILS_AT("function in SHN_ABS", "(xdp_global_data)", "section 65521",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sym_named("tc_global_data")->st_value = sec_named("tc")->sh_size;
		FAILS_AT("function st_value at the section end", "sec 'tc'", "tc_global_data",
		      LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sym_named("tc_global_data")->st_value = (Elf64_Addr)-8;
		FAILS_AT("function st_value huge", "sec 'tc'", "tc_global_data",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sym_named("tc_global_data")->st_size += 8;
		FAILS_AT("function st_size past the section end", "sec 'tc'", "tc_global_data",
		      LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sym_named("tc_global_data")->st_size = (Elf64_Xword)-8;
		FAILS_AT("function st_size huge", "sec 'tc'", "tc_global_data",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sym_named("tc_global_data")->st_value = 4;
		sym_named("tc_global_data")->st_size -= 8;
		FAILS_AT("function st_value misaligned", "(offset 4,", "tc_global_data",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sym_named("tc_global_data")->st_size -= 4;
		FAILS_AT("function st_size misaligned", "size 148)", "tc_global_data",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sym_named("tc_global_data")->st_size = 0;
		FAILS_AT("function st_size 0", "size 0)", "tc_global_data", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		/* a data symbol a program refers to, in no section */
		sym_named("packets")->st_shndx = ebuf_shnum(&cur) + 7;
		FAILS("data symbol st_shndx out of range", NULL, 0);
	}
	if (CASE(&base)) {
		sym_named("last_len")->st_value = sec_named(".data")->sh_size + 64;
		FAILS_AT("data symbol beyond its section", "'.data'", "last_len", 0);
	}
	ebuf_free(&base);

	if (!ebuf_load(&multi, "test_multi_prog_sections.bpf.o"))
		return;
	if (CASE(&multi)) {
		sym_named("xdp_first")->st_size += 8;
		FAILS_AT("two functions overlap", "sec 'xdp'", "overlap", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&multi)) {
		Elf64_Sym *a = sym_named("xdp_second"), *b = sym_named("xdp_third");

		a->st_value = b->st_value;
		a->st_size = b->st_size;
		FAILS_AT("two functions at one place", "(from insn", "overlap",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&multi)) {
		/* a static function in a program section */
		Elf64_Sym *s = sym_named("xdp_second");

		s->st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC);
		FAILS_AT("static program", "sec 'xdp'", "xdp_second", EOPNOTSUPP);
	}
	ebuf_free(&multi);

	if (!ebuf_load(&ext, "test_externs.bpf.o"))
		return;
	if (CASE(&ext)) {
		strs = ebuf_shdr(&cur, ebuf_shdr(&cur, ebuf_sec_by_type(&cur, SHT_SYMTAB))->sh_link);
		sym_named("CONFIG_HZ")->st_name = strs->sh_size + 1;
		FAILS_AT("extern st_name out of range", "st_name", "extern symbol",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&ext)) {
		/* an extern symbol named after a defined variable: no extern BTF */
		sym_named("CONFIG_HZ")->st_name = sym_named("hz")->st_name;
		FAILS_AT("extern without BTF", "'hz' (ELF symbol", "has linkage 1, not extern", 0);
	}
	ebuf_free(&ext);
}

/* ---- relocations ------------------------------------------------------------------------ */

UNIT_TEST(malformed_relocations)
{
	struct elf_buf base, ext, mim;
	Elf64_Shdr *sh;
	Elf64_Rel *rel;
	size_t n;

	if (!ebuf_load(&base, base_obj))
		return;
	if (CASE(&base)) {
		rel = rels_of("xdp", &n);
		rel[1].r_offset = sec_named("xdp")->sh_size;
		FAILS_AT("r_offset at the section end", "relocation 1 at offset", "outside section",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		rel = rels_of("xdp", &n);
		rel[0].r_offset = (Elf64_Addr)-8;
		FAILS_AT("r_offset huge", "'.relxdp': relocation 0", "outside section",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		rel = rels_of("tc", &n);
		rel[0].r_offset += 3;
		FAILS_AT("r_offset misaligned", "relocation 0 at offset 3", "not on an instruction",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		size_t nsyms;

		ebuf_syms(&cur, &nsyms);
		rel = rels_of("tc", &n);
		rel[0].r_info = ELF64_R_INFO(nsyms, ELF64_R_TYPE(rel[0].r_info));
		FAILS_AT("symbol index = count", "relocation 0", "symbol 41, not one of",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		rel = rels_of("tc", &n);
		rel[n - 1].r_info = ELF64_R_INFO(0xffffffffu, ELF64_R_TYPE(rel[0].r_info));
		FAILS_AT("symbol index huge", "relocation 2", "symbol 4294967295",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		rel = rels_of("tc", &n);
		rel[0].r_info = ELF64_R_INFO(0, ELF64_R_TYPE(rel[0].r_info));
		FAILS_AT("symbol index 0", "relocation 0", "symbol 0, not one of",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		ebuf_shdr(&cur, ebuf_rel_for(&cur, ebuf_sec_idx(&cur, "tc")))->sh_info =
			ebuf_shnum(&cur) + 2;
		FAILS_AT("sh_info out of range", "'.reltc' (section", "relocations for section",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = ebuf_shdr(&cur, ebuf_rel_for(&cur, ebuf_sec_idx(&cur, "tc")));
		sh->sh_link = ebuf_sec_idx(&cur, ".data");
		FAILS_AT("relocations with another symbol table", "'.reltc' (section",
			 "invalid relocation section", LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		sh = ebuf_shdr(&cur, ebuf_rel_for(&cur, ebuf_sec_idx(&cur, "tc")));
		sh->sh_entsize = sizeof(Elf64_Rela);
		FAILS_AT("relocation entsize", "entry size 24", "expected entries of 16 bytes",
			 LIBBPF_ERRNO__FORMAT);
	}
	if (CASE(&base)) {
		/* a relocation on an instruction that is neither a load nor a call */
		rel = rels_of("tc", &n);
		insn_at("tc", rel[0].r_offset)->code = BPF_ALU64 | BPF_MOV | BPF_K;
		FAILS_AT("relocated ALU instruction", "at insn 0", "unsupported instruction",
		      LIBBPF_ERRNO__RELOC);
	}
	if (CASE(&base)) {
		/* the relocated instruction is outside every function */
		sym_named("xdp_global_data")->st_size = 8;
		FAILS_AT("relocation in no function", "'.relxdp': relocation 0", "in no function",
			 LIBBPF_ERRNO__RELOC);
	}
	if (CASE(&base)) {
		/* a global-data load relocated against code that is not a function start */
		rel = rel_to("tc", "packets");
		rel->r_info = ELF64_R_INFO(ebuf_sym_idx(&cur, "_license"),
					   ELF64_R_TYPE(rel->r_info));
		FAILS_AT("load from the license section", "insn 0", "license", LIBBPF_ERRNO__RELOC);
	}
	ebuf_free(&base);

	if (!ebuf_load(&ext, "test_externs.bpf.o"))
		return;
	if (CASE(&ext)) {
		/* an extern ld_imm64 whose second half is missing */
		Elf64_Sym *fn = sym_named("read_externs");
		size_t last = fn->st_value + fn->st_size - sizeof(struct bpf_insn);

		rel = rel_to("raw_tp/sys_enter", "CONFIG_HZ");
		rel->r_offset = last;
		insn_at("raw_tp/sys_enter", last)->code = BPF_LD | BPF_IMM | BPF_DW;
		FAILS_AT("truncated extern ld_imm64", "prog 'read_externs'", "truncated",
			 LIBBPF_ERRNO__RELOC);
	}
	if (CASE(&ext)) {
		/* a call relocated against an extern variable */
		rel = rel_to("raw_tp/sys_enter", "CONFIG_HZ");
		insn_at("raw_tp/sys_enter", rel->r_offset)->code = BPF_JMP | BPF_CALL;
		insn_at("raw_tp/sys_enter", rel->r_offset)->src_reg = BPF_PSEUDO_CALL;
		FAILS_AT("call of an extern variable", "prog 'read_externs'", "CONFIG_HZ",
			 LIBBPF_ERRNO__RELOC);
	}
	ebuf_free(&ext);

	if (!ebuf_load(&mim, "test_map_in_map.bpf.o"))
		return;
	if (CASE(&mim)) {
		/* a map relocation against a symbol in the middle of a definition */
		rel = rel_to("xdp", "inner_c");
		sym_named("inner_c")->st_value += 8;
		FAILS("map symbol not at a definition", NULL, 0);
	}
	if (CASE(&mim)) {
		/* an initial slot outside the 'values' array */
		rel = rel_to(".maps", "inner_b");
		rel->r_offset = sym_named("outer_arr")->st_value;
		FAILS_AT("slot outside 'values'", ".maps offset", "values", LIBBPF_ERRNO__RELOC);
	}
	if (CASE(&mim)) {
		/* an initial slot holding something that is not a map */
		rel = rel_to(".maps", "inner_b");
		rel->r_info = ELF64_R_INFO(ebuf_sym_idx(&cur, "_license"), ELF64_R_TYPE(rel->r_info));
		FAILS_AT("slot holding the license", "relocation 1", "_license",
			 LIBBPF_ERRNO__RELOC);
	}
	ebuf_free(&mim);
}

/* ---- calls and callbacks ----------------------------------------------------------------- */

UNIT_TEST(malformed_calls)
{
	struct elf_buf sub, cb;
	Elf64_Rel *rel;
	size_t n;

	if (!ebuf_load(&sub, "test_subprogs.bpf.o"))
		return;
	if (CASE(&sub)) {
		rel = rels_of("xdp", &n);
		insn_at("xdp", rel[0].r_offset)->imm = 0x100000;
		FAILS_AT("call past the end of .text", "call at insn 4", "does not target code",
			 LIBBPF_ERRNO__RELOC);
	}
	if (CASE(&sub)) {
		rel = rels_of("xdp", &n);
		insn_at("xdp", rel[0].r_offset)->imm = -1000;
		FAILS_AT("call before .text", "call at insn 4", "does not target code",
			 LIBBPF_ERRNO__RELOC);
	}
	if (CASE(&sub)) {
		/* a call relocated against a data symbol */
		rel = rels_of("xdp", &n);
		rel[0].r_info = ELF64_R_INFO(ebuf_sym_idx(&cur, "total"), ELF64_R_TYPE(rel[0].r_info));
		FAILS_AT("call into .bss", "section '.bss'", "does not target code",
			 LIBBPF_ERRNO__RELOC);
	}
	ebuf_free(&sub);

	if (!ebuf_load(&cb, "test_callbacks.bpf.o"))
		return;
	if (CASE(&cb)) {
		/* the ld_imm64 of loop_step's address: relocated against .text */
		size_t text_sym = 0, i, nsyms;
		Elf64_Sym *syms = ebuf_syms(&cur, &nsyms);

		for (i = 1; i < nsyms; i++)
			if (ELF64_ST_TYPE(syms[i].st_info) == STT_SECTION &&
			    syms[i].st_shndx == ebuf_sec_idx(&cur, ".text"))
				text_sym = i;
		rel = rels_of("tc", &n);
		while (n && ELF64_R_SYM(rel[n - 1].r_info) != text_sym)
			n--;
		if (ASSERT_LT(0, n, "callback relocation"))
			insn_at("tc", rel[n - 1].r_offset)->imm += 4;
		FAILS_AT("callback address misaligned", "at insn 15", "function address",
			 LIBBPF_ERRNO__RELOC);
	}
	ebuf_free(&cb);
}

/* ---- BTF ------------------------------------------------------------------------------------ */

UNIT_TEST(malformed_btf_header)
{
	struct elf_buf base;
	char where[32];
	__u32 btf_size;

	if (!ebuf_load(&base, base_obj))
		return;
	btf_size = ebuf_shdr(&base, ebuf_sec_idx(&base, ".BTF"))->sh_size;
	if (CASE(&base)) {
		btf_hdr()->magic = 0xbeef;
		FAILS("BTF magic", "magic", 0);
	}
	if (CASE(&base)) {
		btf_hdr()->version = 2;
		FAILS("BTF version", "version", 0);
	}
	if (CASE(&base)) {
		btf_hdr()->hdr_len = btf_size + 1;
		snprintf(where, sizeof(where), "%u", btf_size + 1);
		FAILS_AT("hdr_len beyond the data", where, "header length", 0);
	}
	if (CASE(&base)) {
		btf_hdr()->hdr_len = 8;
		FAILS_AT("hdr_len too small", "length 8", "header length", 0);
	}
	if (CASE(&base)) {
		btf_hdr()->type_off = btf_size;
		snprintf(where, sizeof(where), "[%u,", btf_size);
		FAILS_AT("type_off beyond the data", where, "type section", 0);
	}
	if (CASE(&base)) {
		btf_hdr()->type_len += 4;
		FAILS("type_len beyond the types", NULL, 0);
	}
	if (CASE(&base)) {
		btf_hdr()->type_len = 0xfffffffc;
		FAILS_AT("type_len huge", "+4294967292", "type section", 0);
	}
	if (CASE(&base)) {
		btf_hdr()->str_off = btf_size;
		snprintf(where, sizeof(where), "[%u,", btf_size);
		FAILS_AT("str_off beyond the data", where, "string section", 0);
	}
	if (CASE(&base)) {
		snprintf(where, sizeof(where), "+%u", ++btf_hdr()->str_len);
		FAILS_AT("str_len beyond the data", where, "string section", 0);
	}
	if (CASE(&base)) {
		btf_hdr()->str_len = 0xffffffff;
		FAILS_AT("str_len huge", "+4294967295", "string section", 0);
	}
	if (CASE(&base)) {
		btf_hdr()->str_off = 4;
		FAILS("strings overlap types", NULL, 0);
	}
	if (CASE(&base)) {
		btf_hdr()->type_len -= 2;
		FAILS("type_len not a multiple of 4", NULL, 0);
	}
	ebuf_free(&base);
}

UNIT_TEST(malformed_btf_types)
{
	struct elf_buf base, pin, ext;
	struct btf_type *t;
	__u32 id;

	if (!ebuf_load(&base, base_obj))
		return;
	if (CASE(&base)) {
		btf_type(btf_find("packets", BTF_KIND_VAR))->name_off = btf_hdr()->str_len + 10;
		FAILS_AT("name offset out of range", "type [", "string offset", 0);
	}
	if (CASE(&base)) {
		btf_type(1)->name_off = btf_hdr()->str_len;
		FAILS_AT("name offset at the end", "type [1]", "string offset", 0);
	}
	if (CASE(&base)) {
		btf_type(btf_find("packets", BTF_KIND_VAR))->type = btf_nr_types() + 1;
		FAILS_AT("type id one past the last", "type [", "type id", 0);
	}
	if (CASE(&base)) {
		((struct btf_var_secinfo *)(btf_type(btf_find(".data", BTF_KIND_DATASEC)) + 1))->type =
			0x7fffffff;
		FAILS_AT("DATASEC entry type id huge", "DATASEC", "type id 2147483647", 0);
	}
	if (CASE(&base)) {
		btf_set_kind(btf_type(2), 31);
		FAILS_AT("unknown kind", "type [2] at byte", "unknown kind", 0);
	}
	if (CASE(&base)) {
		btf_set_kind(btf_type(btf_find(".data", BTF_KIND_DATASEC)), 0);
		FAILS("kind 0 (void) in the table", NULL, 0);
	}
	if (CASE(&base)) {
		t = btf_last();
		btf_set_kind(t, BTF_KIND_STRUCT);
		t->info = (t->info & ~0xffffu) | 0xffff;
		FAILS_AT("vlen past the end", "STRUCT", "vlen", 0);
	}
	if (CASE(&base)) {
		/* a DATASEC that names no ELF section */
		t = btf_type(btf_find(".data.foo", BTF_KIND_DATASEC));
		t->name_off = btf_type(btf_find(".data", BTF_KIND_DATASEC))->name_off + 1;
		FAILS("DATASEC without a section", "DATASEC 'data'", 0);
	}
	if (CASE(&base)) {
		/* a DATASEC variable without an ELF symbol */
		t = btf_type(btf_find("last_len", BTF_KIND_VAR));
		t->name_off = btf_type(btf_find("packets", BTF_KIND_VAR))->name_off + 1;
		FAILS("VAR without a symbol", "ackets", 0);
	}
	ebuf_free(&base);

	if (!ebuf_load(&pin, "test_map_pinning.bpf.o"))
		return;
	if (CASE(&pin)) {
		/* typedef __u32 -> itself: the key type of every map */
		id = btf_find("__u32", BTF_KIND_TYPEDEF);
		btf_type(id)->type = id;
		FAILS_AT("typedef cycle in a key type", "type [", "loop", 0);
	}
	if (CASE(&pin)) {
		/* a map VAR whose type is a typedef loop: the FUNC turned typedef */
		id = btf_find("count_getpid", BTF_KIND_FUNC);
		btf_set_kind(btf_type(id), BTF_KIND_TYPEDEF);
		btf_type(id)->type = id;
		btf_type(btf_find("pinned_hash", BTF_KIND_VAR))->type = id;
		FAILS_AT("map definition is a typedef loop", "type [", "loop", 0);
	}
	if (CASE(&pin)) {
		/* a two-step loop: __u32 -> __u64 -> __u32 */
		__u32 a = btf_find("__u32", BTF_KIND_TYPEDEF), b = btf_find("__u64", BTF_KIND_TYPEDEF);

		btf_type(a)->type = b;
		btf_type(b)->type = a;
		FAILS_AT("typedef/typedef loop", "type [", "loop", 0);
	}
	ebuf_free(&pin);

	if (!ebuf_load(&ext, "test_externs.bpf.o"))
		return;
	if (CASE(&ext)) {
		/* char CONFIG_DEFAULT_HOSTNAME[8] becomes an array of itself */
		struct btf_type *var = btf_type(btf_find("CONFIG_DEFAULT_HOSTNAME", BTF_KIND_VAR));
		__u32 arr_id = var->type;
		struct btf_type *arr = btf_type(arr_id);

		while (BTF_INFO_KIND(arr->info) != BTF_KIND_ARRAY) {
			arr_id = arr->type;
			arr = btf_type(arr_id);
		}
		((struct btf_array *)(arr + 1))->type = arr_id;
		FAILS_AT("kconfig array of itself", "type [", "loop", 0);
	}
	if (CASE(&ext)) {
		/* a kconfig extern of a type no Kconfig value has */
		btf_type(btf_find("CONFIG_HZ", BTF_KIND_VAR))->type =
			btf_find(".bss", BTF_KIND_DATASEC);
		FAILS_AT("kconfig extern of a DATASEC type", "BTF type", "CONFIG_HZ", 0);
	}
	if (CASE(&ext)) {
		/* the BTF says the extern is defined here */
		t = btf_type(btf_find("CONFIG_HZ", BTF_KIND_VAR));
		((struct btf_var *)(t + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
		FAILS_AT("extern with allocated linkage", "'CONFIG_HZ' (ELF symbol",
			 "has linkage 1, not extern", 0);
	}
	ebuf_free(&ext);
}

/* ---- .BTF.ext --------------------------------------------------------------------------------- */

UNIT_TEST(malformed_btf_ext)
{
	struct elf_buf base;
	struct btf_ext_hdr *h;
	__u32 ext_size, *g;

	if (!ebuf_load(&base, base_obj))
		return;
	ext_size = ebuf_shdr(&base, ebuf_sec_idx(&base, ".BTF.ext"))->sh_size;
	if (CASE(&base)) {
		ext_hdr()->magic = 0;
		FAILS(".BTF.ext magic", "magic", 0);
	}
	if (CASE(&base)) {
		ext_hdr()->hdr_len = ext_size + 4;
		FAILS(".BTF.ext hdr_len beyond", NULL, 0);
	}
	if (CASE(&base)) {
		ext_hdr()->hdr_len = 4;
		FAILS(".BTF.ext hdr_len too small", NULL, 0);
	}
	if (CASE(&base)) {
		h = ext_hdr();
		h->func_info_len = ext_size;
		FAILS_AT("func_info_len beyond", "[0, +", "func_info", 0);
	}
	if (CASE(&base)) {
		h = ext_hdr();
		h->func_info_off = 0xfffffff0;
		FAILS_AT("func_info_off huge", "[4294967280,", "func_info", 0);
	}
	if (CASE(&base)) {
		h = ext_hdr();
		h->line_info_off = ext_size;
		FAILS_AT("line_info_off beyond", "[", "line_info", 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(true);
		g[0] = 4;
		FAILS_AT("func_info rec_size too small", "at offset", "func_info", 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(true);
		g[0] = 12;
		FAILS("func_info rec_size that does not tile", NULL, 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(false);
		g[0] = 0;
		FAILS_AT("line_info rec_size 0", "at offset", "line_info", 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(true);
		g[2] = 0x10000000;
		FAILS_AT("func_info num_info huge", "group at offset", "func_info", 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(false);
		g[2] += 1;
		FAILS_AT("line_info num_info one too many", "group at offset", "line_info", 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(true);
		g[1] = btf_hdr()->str_len + 3;
		FAILS_AT("func_info section name out of range", "group at offset",
			 "section name offset", 0);
	}
	if (CASE(&base)) {
		/* func_info of a section that holds data */
		g = ext_first_group(true);
		g[1] = btf_type(btf_find(".data", BTF_KIND_DATASEC))->name_off;
		FAILS("func_info for .data", ".data", 0);
	}
	if (CASE(&base)) {
		/* func_info record: [0] insn_off, [1] type_id */
		g = ext_first_group(true);
		g[3] = 8;
		FAILS_AT("func_info not at a function start", "record 0 of section 'xdp' at byte 8",
			 "start of a function", 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(true);
		g[3] = 0x100000;
		FAILS_AT("func_info past the code", "record 0 of section 'xdp'",
			 "start of a function", 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(true);
		g[3] = 3;
		FAILS_AT("func_info misaligned", "at byte 3", "start of a function", 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(true);
		g[4] = btf_find("packets", BTF_KIND_VAR);
		FAILS_AT("func_info type is a VAR", "record 0 of section 'xdp'", "not a FUNC", 0);
	}
	if (CASE(&base)) {
		g = ext_first_group(true);
		g[4] = btf_nr_types() + 100;
		FAILS_AT("func_info type out of range", "record 0 of section 'xdp'", "func_info",
			 0);
	}
	if (CASE(&base)) {
		/* line_info record: [0] insn_off, ... */
		g = ext_first_group(false);
		g[3] = ebuf_shdr(&cur, ebuf_sec_idx(&cur, "xdp"))->sh_size + 8;
		FAILS_AT("line_info past the code", "record 0 of section 'xdp'", "line_info", 0);
	}
	if (CASE(&base)) {
		/* .BTF.ext without .BTF: rename .BTF to ".text"'s name */
		sec_named(".BTF")->sh_name = sec_named(".text")->sh_name;
		FAILS(".BTF.ext without .BTF", ".BTF", 0);
	}
	ebuf_free(&base);
}

/* ---- maps ---------------------------------------------------------------------------------- */

UNIT_TEST(malformed_maps)
{
	LIBBPF_OPTS(bpf_object_open_opts, relaxed, .relaxed_maps = true);
	struct elf_buf base, mim;
	struct open_res r;
	struct btf_type *def;

	if (!ebuf_load(&base, "test_maps_btf.bpf.o"))
		return;
	if (CASE(&base)) {
		/* ".maps" -> "maps": a legacy map section */
		sec_named(".maps")->sh_name += 1;
		FAILS("legacy SEC(\"maps\")", "legacy", EOPNOTSUPP);
	}
	if (CASE(&base)) {
		/* "max_entries" of 'flows' renamed to a string no map field has */
		def = btf_map_def("flows");
		btf_member_named(def, "max_entries")->name_off =
			btf_type(btf_find("mt_flow_key", BTF_KIND_STRUCT))->name_off;
		FAILS_AT("unknown map field", "field 1", "mt_flow_key", EOPNOTSUPP);
		/* the same object opens with relaxed_maps, with one warning */
		if (ebuf_dup(&cur, &base)) {
			def = btf_map_def("flows");
			btf_member_named(def, "max_entries")->name_off =
				btf_type(btf_find("mt_flow_key", BTF_KIND_STRUCT))->name_off;
			r = open_buf(cur.data, cur.size, &relaxed);
			if (ASSERT_OK_PTR(r.obj, "relaxed_maps")) {
				ASSERT_EQ(r.warns, 1, "relaxed_maps warnings");
				ASSERT_TRUE(strstr(warn_text, "mt_flow_key") != NULL, warn_text);
				ASSERT_EQ(bpf_map__max_entries(
					bpf_object__find_map_by_name(r.obj, "flows")), 0,
					  "max_entries ignored");
			}
			bpf_object__close(r.obj);
			ebuf_free(&cur);
		}
	}
	if (CASE(&base)) {
		/* __uint(type, ...) whose pointer points to an int, not an array */
		def = btf_map_def("flows");
		btf_member_named(def, "type")->type = btf_find("__u32", BTF_KIND_TYPEDEF);
		FAILS_AT("map type not __uint()", "type [", "'type'", 0);
	}
	if (CASE(&base)) {
		def = btf_map_def("flows");
		btf_member_named(def, "key")->type = btf_find("__u32", BTF_KIND_TYPEDEF);
		FAILS_AT("map key not __type()", "type [", "'key'", 0);
	}
	if (CASE(&base)) {
		/* a map definition that is not a struct */
		btf_type(btf_find("flows", BTF_KIND_VAR))->type = btf_find("__u32", BTF_KIND_TYPEDEF);
		FAILS_AT("map definition not a struct", "BTF type", "flows", 0);
	}
	if (CASE(&base)) {
		/* a .maps symbol past the end of .maps */
		sym_named("stack")->st_value = sec_named(".maps")->sh_size;
		FAILS_AT("map definition past .maps", "'.maps'", "stack", 0);
	}
	if (CASE(&base)) {
		/* .maps without a DATASEC: made an ENUM64, whose records are as long */
		def = btf_type(btf_find(".maps", BTF_KIND_DATASEC));
		btf_set_kind(def, BTF_KIND_ENUM64);
		def->size = 8;
		FAILS("no .maps DATASEC", ".maps", 0);
	}
	if (CASE(&base)) {
		/* a DATASEC named after no section */
		def = btf_type(btf_find(".maps", BTF_KIND_DATASEC));
		def->name_off = btf_type(btf_find("flows", BTF_KIND_VAR))->name_off;
		FAILS(".maps DATASEC renamed", "'flows'", 0);
	}
	ebuf_free(&base);

	if (!ebuf_load(&mim, "test_map_in_map.bpf.o"))
		return;
	if (CASE(&mim)) {
		/* 'values' of an array of maps renamed to 'pinning' in the inner def */
		def = btf_map_def("outer_arr");
		btf_member_named(def, "values")->name_off =
			btf_member_named(def, "max_entries")->name_off;
		FAILS_AT("values turned into max_entries", "type [", "outer_arr", 0);
	}
	ebuf_free(&mim);
}

/* ---- truncation and random damage ------------------------------------------------------------ */

/*
 * UNIT_FUZZ_SCALE=<percent> shrinks the loops below (the valgrind run
 * uses 10); the default, 100, is the full set.
 */
static int fuzz_scale(void)
{
	static int scale;
	const char *env;

	if (!scale) {
		env = getenv("UNIT_FUZZ_SCALE");
		scale = env ? atoi(env) : 100;
		if (scale < 1 || scale > 100)
			scale = 100;
	}
	return scale;
}

static size_t scaled(size_t n)
{
	return n * fuzz_scale() / 100 ?: 1;
}

/* with a smaller scale, visit every n-th item instead of all */
static size_t scaled_stride(void)
{
	return 100 / fuzz_scale();
}

/* end of the last byte the ELF headers point at */
static size_t used_size(const struct elf_buf *b)
{
	size_t i, end = ebuf_ehdr(b)->e_shoff + ebuf_shnum(b) * sizeof(Elf64_Shdr);

	for (i = 1; i < ebuf_shnum(b); i++) {
		const Elf64_Shdr *sh = ebuf_shdr(b, i);

		if (sh->sh_type != SHT_NOBITS && sh->sh_offset + sh->sh_size > end)
			end = sh->sh_offset + sh->sh_size;
	}
	return end;
}

/* the file cut at every step bytes (every byte of its first 256) */
static void truncate_obj(const char *name, size_t step)
{
	struct elf_buf base;
	size_t cut, used, opened = 0;

	if (!ebuf_load(&base, name))
		return;
	used = used_size(&base);
	step = step * scaled_stride();
	for (cut = 0; cut <= base.size; cut = cut < 256 ? cut + 1 : cut + step) {
		/* a copy of exactly cut bytes, so ASan sees any read past it */
		void *copy = malloc(cut ?: 1);

		memcpy(copy, base.data, cut);
		if (expect_clean(copy, cut, name, cut)) {
			opened++;
			if (cut < used)
				UNIT_FAIL("%s cut at %zu of %zu used bytes opened", name, cut, used);
		}
		free(copy);
		if (cut < base.size && cut + step > base.size && cut >= 256)
			cut = base.size - step;	/* the whole file comes last */
	}
	ASSERT_EQ(opened, 1, "only the whole file opens");
	ebuf_free(&base);
}

UNIT_TEST(malformed_truncated)
{
	truncate_obj("test_global_data.bpf.o", 3);
	truncate_obj("test_map_in_map.bpf.o", 5);
	truncate_obj("test_externs.bpf.o", 5);
}

/*
 * Each section cut short in its header (sh_size) at many points, the
 * rest of the file intact: the parser sees truncated code, symbol
 * tables, relocations, BTF and .BTF.ext.
 */
static void truncate_sections(const char *name, size_t budget)
{
	struct elf_buf base;
	size_t i, total = 0;

	if (!ebuf_load(&base, name))
		return;
	for (i = 1; i < ebuf_shnum(&base); i++)
		total += ebuf_shdr(&base, i)->sh_size;
	if (!ebuf_dup(&cur, &base))
		goto out;
	for (i = 1; i < ebuf_shnum(&base); i++) {
		Elf64_Shdr *sh = ebuf_shdr(&cur, i);
		size_t size = sh->sh_size, cut, step = total / scaled(budget) + 1;

		if (sh->sh_type == SHT_NOBITS || !size || !strncmp(ebuf_sec_name(&base, i), ".debug", 6))
			continue;
		for (cut = 0; cut < size; cut += cut < 64 ? 1 : step) {
			sh->sh_size = cut;
			expect_clean(cur.data, cur.size, ebuf_sec_name(&base, i), cut);
		}
		sh->sh_size = size;
	}
	ebuf_free(&cur);
out:
	ebuf_free(&base);
}

UNIT_TEST(malformed_truncated_sections)
{
	truncate_sections("test_global_data.bpf.o", 3000);
	truncate_sections("test_map_in_map.bpf.o", 2000);
	truncate_sections("test_externs.bpf.o", 2000);
	truncate_sections("test_callbacks.bpf.o", 2000);
}

/* each byte of [off, off + len) of an object, changed to several values */
static void flip_range(const struct elf_buf *base, const char *what, size_t off, size_t len)
{
	static const unsigned char masks[] = { 0xff, 0x01, 0x80, 0x10 };
	size_t i, m;

	if (!ebuf_dup(&cur, base))
		return;
	for (i = off; i < off + len && i < cur.size && !unit_failed; i += scaled_stride()) {
		for (m = 0; m < ARRAY_SIZE(masks); m++) {
			cur.data[i] ^= masks[m];
			expect_clean(cur.data, cur.size, what, i);
			cur.data[i] ^= masks[m];
		}
	}
	ebuf_free(&cur);
}

static void flip_headers(const char *name)
{
	struct elf_buf base;
	const Elf64_Shdr *sh;
	int idx;

	if (!ebuf_load(&base, name))
		return;
	flip_range(&base, "ELF header byte", 0, sizeof(Elf64_Ehdr));
	flip_range(&base, "section header byte", ebuf_ehdr(&base)->e_shoff,
		   ebuf_shnum(&base) * sizeof(Elf64_Shdr));
	idx = ebuf_sec_idx(&base, ".BTF");
	sh = ebuf_shdr(&base, idx);
	flip_range(&base, ".BTF header byte", sh->sh_offset, sizeof(struct btf_header));
	idx = ebuf_sec_idx(&base, ".BTF.ext");
	sh = ebuf_shdr(&base, idx);
	flip_range(&base, ".BTF.ext header byte", sh->sh_offset, sizeof(struct btf_ext_hdr));
	ebuf_free(&base);
}

UNIT_TEST(malformed_header_flips)
{
	flip_headers("test_global_data.bpf.o");
	flip_headers("test_map_in_map.bpf.o");
}

/* xorshift: the same sequence on every run */
static __u64 rnd_state;

static __u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void random_damage(const char *name, int rounds, __u64 seed)
{
	struct elf_buf base;
	int i;

	if (!ebuf_load(&base, name))
		return;
	rnd_state = seed;
	if (!ebuf_dup(&cur, &base))
		goto out;
	rounds = scaled(rounds);
	for (i = 0; i < rounds && !unit_failed; i++) {
		size_t off = rnd() % cur.size;
		unsigned char old = cur.data[off], val = rnd();

		/* interesting values as often as random ones */
		switch (rnd() % 4) {
		case 0:
			val = 0;
			break;
		case 1:
			val = 0xff;
			break;
		case 2:
			val = old ^ (1u << (rnd() % 8));
			break;
		}
		cur.data[off] = val;
		expect_clean(cur.data, cur.size, name, off);
		cur.data[off] = old;
	}
	ebuf_free(&cur);
out:
	ebuf_free(&base);
}

UNIT_TEST(malformed_random_bytes)
{
	random_damage("test_global_data.bpf.o", 3000, 0x9e3779b97f4a7c15ull);
	random_damage("test_map_in_map.bpf.o", 2000, 0xdeadbeefcafef00dull);
	random_damage("test_externs.bpf.o", 2000, 0x0123456789abcdefull);
	random_damage("test_callbacks.bpf.o", 1000, 0xfeedfacefeedfaceull);
}

/* damage concentrated on the structures the parser reads, not debug info */
static void random_damage_in(const char *name, const char *sec, int rounds, __u64 seed)
{
	struct elf_buf base;
	const Elf64_Shdr *sh;
	int i, idx;

	if (!ebuf_load(&base, name))
		return;
	idx = ebuf_sec_idx(&base, sec);
	if (!ASSERT_LT(0, idx, sec) || !ebuf_dup(&cur, &base))
		goto out;
	sh = ebuf_shdr(&base, idx);
	rnd_state = seed;
	rounds = scaled(rounds);
	for (i = 0; i < rounds && !unit_failed; i++) {
		size_t off = sh->sh_offset + rnd() % sh->sh_size;
		unsigned char old = cur.data[off];

		cur.data[off] = rnd() % 3 ? old ^ (1u << (rnd() % 8)) : (unsigned char)rnd();
		expect_clean(cur.data, cur.size, sec, off);
		cur.data[off] = old;
	}
	ebuf_free(&cur);
out:
	ebuf_free(&base);
}

UNIT_TEST(malformed_random_structures)
{
	random_damage_in("test_global_data.bpf.o", ".BTF", 2000, 1);
	random_damage_in("test_global_data.bpf.o", ".BTF.ext", 1000, 2);
	random_damage_in("test_global_data.bpf.o", ".symtab", 1500, 3);
	random_damage_in("test_global_data.bpf.o", ".relxdp", 500, 4);
	random_damage_in("test_map_in_map.bpf.o", ".BTF", 2000, 5);
	random_damage_in("test_map_in_map.bpf.o", ".rel.maps", 300, 6);
	random_damage_in("test_externs.bpf.o", ".BTF", 2000, 7);
	random_damage_in("test_callbacks.bpf.o", ".symtab", 1000, 8);
}

/* ---- fuzz findings ----------------------------------------------------------------------- */

/*
 * The regression inputs of Documentation/bpf/reliability.rst ("Findings
 * fixed"), written out so that the unit run catches them too, not only
 * the fuzz targets replaying their seed corpora. Each is rebuilt here to
 * its essence and, for BTF, parsed back from raw bytes as the fuzz
 * target's btf__new() did.
 */

/* the C dump of a type: bytes written, and the dump's result */
static size_t dump_bytes;

static void count_printf(void *ctx, const char *fmt, va_list args)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, args);

	if (n > 0)
		dump_bytes += n;
}

static int dump_one(struct btf *b, __u32 id)
{
	struct btf_dump *d = btf_dump__new(b, count_printf, NULL, NULL);
	int err;

	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		return -ENOMEM;
	dump_bytes = 0;
	warn_capture_begin();
	err = btf_dump__dump_type(d, id);
	warn_capture_end();
	btf_dump__free(d);
	return err;
}

/* b written out and parsed again, as raw BTF from a file would be */
static struct btf *reparse(struct btf *b)
{
	const void *raw;
	struct btf *res;
	__u32 size;

	raw = btf__raw_data(b, &size);
	res = raw ? btf__new(raw, size) : NULL;
	ASSERT_OK_PTR(res, "btf__new of the raw data");
	btf__free(b);
	return res;
}

/*
 * fuzz_btf, regress-member-outside.btf: a struct of 192 bytes with a
 * member at bit 754976160. The dump spelled the gap out as 11 million
 * padding bitfields; it is refused, naming the type, member and offset.
 */
UNIT_TEST(malformed_regress_member_outside)
{
	struct btf *b = btf__new_empty();
	int int_id, id, err;

	if (!ASSERT_OK_PTR(b, "btf__new_empty"))
		return;
	int_id = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	id = btf__add_struct(b, "s_out", 192);
	ASSERT_OK(btf__add_field(b, "a", int_id, 0, 0), "field a");
	ASSERT_OK(btf__add_field(b, "far", int_id, 754976160, 0), "field far");
	b = reparse(b);
	if (!b)
		return;
	err = dump_one(b, id);
	ASSERT_EQ(err, -EINVAL, "dump of the struct");
	ASSERT_LT(dump_bytes, 4096, "bytes dumped");
	ASSERT_TRUE(strstr(warn_text, "type [2] 's_out'") != NULL, warn_text);
	ASSERT_TRUE(strstr(warn_text, "member 1 'far' at bit 754976160") != NULL, warn_text);
	ASSERT_TRUE(strstr(warn_text, "outside its 192 bytes") != NULL, warn_text);
	btf__free(b);
}

/*
 * fuzz_btf_split, regress-big-tail-pad.btf: a struct of hundreds of MB
 * with two small members; its tail was written as tens of millions of
 * 'long: 64;'. More than 1 MiB of padding, at the end or between two
 * members, is refused with -E2BIG naming the type and where the gap is.
 */
UNIT_TEST(malformed_regress_big_padding)
{
	struct btf *b = btf__new_empty();
	int int_id, tail_id, gap_id, ok_id, err;

	if (!ASSERT_OK_PTR(b, "btf__new_empty"))
		return;
	int_id = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	tail_id = btf__add_struct(b, "big_tail", 400u << 20);
	ASSERT_OK(btf__add_field(b, "a", int_id, 0, 0), "field a");
	ASSERT_OK(btf__add_field(b, "b", int_id, 32, 0), "field b");
	gap_id = btf__add_struct(b, "big_gap", 4u << 20);
	ASSERT_OK(btf__add_field(b, "a", int_id, 0, 0), "field a");
	ASSERT_OK(btf__add_field(b, "b", int_id, (2u << 20) * 8, 0), "field b");
	/* exactly 1 MiB of tail padding is still written out */
	ok_id = btf__add_struct(b, "mib_tail", (1u << 20) + 8);
	ASSERT_OK(btf__add_field(b, "a", int_id, 0, 0), "field a");
	ASSERT_OK(btf__add_field(b, "b", int_id, 32, 0), "field b");
	b = reparse(b);
	if (!b)
		return;

	err = dump_one(b, tail_id);
	ASSERT_EQ(err, -E2BIG, "dump of big_tail");
	ASSERT_LT(dump_bytes, 4096, "bytes dumped of big_tail");
	ASSERT_TRUE(strstr(warn_text, "type [2] 'big_tail'") != NULL, warn_text);
	ASSERT_TRUE(strstr(warn_text, "from bit 64 to the end") != NULL, warn_text);

	err = dump_one(b, gap_id);
	ASSERT_EQ(err, -E2BIG, "dump of big_gap");
	ASSERT_TRUE(strstr(warn_text, "type [3] 'big_gap'") != NULL, warn_text);
	ASSERT_TRUE(strstr(warn_text, "from bit 32 to member 1") != NULL, warn_text);

	ASSERT_OK(dump_one(b, ok_id), "dump of mib_tail");
	ASSERT_EQ(warn_text[0], '\0', "no warning for 1 MiB of padding");
	btf__free(b);
}

/*
 * fuzz_netlink, regress-unaligned-tail: one tc filter reply (sequence 1,
 * port 1234) of 78 bytes, the buffer's last, not a multiple of 4. The
 * walk's remaining length went negative, compared unsigned, and it read
 * past the buffer; ASan sees any such read, the copies are exact-sized.
 */
static const unsigned char nl_unaligned_tail[] = {
	0x4e, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0xd2, 0x04, 0x00, 0x00, 0x00, 0xe1, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0xf2, 0xff, 0xff, 0xff, 0x3d, 0x03, 0x00, 0x00,
	0x08, 0x00, 0x01, 0x00, 0x62, 0x70, 0x66, 0x00, 0x20, 0x00, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x24, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x70, 0x66,
	0x00, 0x20, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x0b, 0x00, 0x07, 0x00,
	0x00, 0x04, 0x06, 0x00, 0x00, 0x00,
};

static int nl_parse_copy(const void *data, size_t len, int kind)
{
	void *buf = malloc(len);
	int err;

	if (!ASSERT_OK_PTR(buf, "malloc"))
		return -ENOMEM;
	memcpy(buf, data, len);
	err = nl_parse_replies(buf, len, 1, 1234, kind);
	free(buf);
	return err;
}

UNIT_TEST(malformed_regress_netlink_unaligned_tail)
{
	/* nlmsghdr: len 18, RTM_NEWLINK, no flags, seq 1, port 1234, 2 bytes */
	static const unsigned char short_msg[18] = {
		18, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0xd2, 0x04, 0, 0, 0xaa, 0xbb,
	};
	int kind;

	ASSERT_EQ(sizeof(nl_unaligned_tail), 78, "the finding's buffer");
	/* as found: the tc filter reply parsers, then every other one */
	for (kind = 0; kind < 6; kind++) {
		int err = nl_parse_copy(nl_unaligned_tail, sizeof(nl_unaligned_tail), kind);

		/* no NLMSG_DONE or acknowledgement: more replies would follow */
		if (err != -EAGAIN && err >= 0)
			UNIT_FAIL("kind %d: %d, expected -EAGAIN or an error", kind, err);
	}
	/* the smallest such message: a header and two bytes */
	for (kind = 0; kind < 6; kind++)
		ASSERT_EQ(nl_parse_copy(short_msg, sizeof(short_msg), kind), -EAGAIN,
			  "18-byte message, the buffer's last");
}

/* an error reply too short for its struct nlmsgerr: where, and how short */
UNIT_TEST(malformed_netlink_short_error)
{
	/* a message of the other port first, so the error is not at byte 0 */
	static const unsigned char msgs[36] = {
		16, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0x39, 0x05, 0, 0,
		20, 0, 0, 0, NLMSG_ERROR, 0, 0, 0, 1, 0, 0, 0, 0xd2, 0x04, 0, 0,
		0xea, 0xff, 0xff, 0xff,
	};
	int err;

	warn_capture_begin();
	err = nl_parse_copy(msgs, sizeof(msgs), 0);
	ASSERT_EQ(warn_capture_end(), 1, "warnings");
	ASSERT_EQ(err, -EBADMSG, "short error reply");
	ASSERT_TRUE(strstr(warn_text, "error reply at byte 16 of the buffer has 20 bytes") != NULL,
		    warn_text);
	ASSERT_TRUE(strstr(warn_text, "an error needs 36") != NULL, warn_text);
}
