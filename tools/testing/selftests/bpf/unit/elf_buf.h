/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Helpers for the ELF unit tests: a BPF object read into memory and
 * looked at through its own headers (<elf.h>), independently of the
 * library's parser, so a test can state what the file says and corrupt
 * exactly one field of it. Also a capture of the library's warnings
 * that counts them, for "fails with exactly one warning" checks.
 */
#ifndef __UNIT_ELF_BUF_H
#define __UNIT_ELF_BUF_H

#include <elf.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "unit.h"

struct elf_buf {
	unsigned char *data;
	size_t size;
};

/* read output/<name> into b; false (and a failed check) when it cannot */
static inline bool ebuf_load(struct elf_buf *b, const char *name)
{
	b->data = unit_read_file(unit_obj_path(name), &b->size);
	if (!b->data) {
		UNIT_FAIL("cannot read %s", unit_obj_path(name));
		return false;
	}
	return true;
}

static inline void ebuf_free(struct elf_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->size = 0;
}

/* a private copy to corrupt */
static inline bool ebuf_dup(struct elf_buf *dst, const struct elf_buf *src)
{
	dst->size = src->size;
	dst->data = malloc(src->size ? src->size : 1);
	if (!dst->data) {
		UNIT_FAIL("out of memory");
		return false;
	}
	memcpy(dst->data, src->data, src->size);
	return true;
}

static inline Elf64_Ehdr *ebuf_ehdr(const struct elf_buf *b)
{
	return (Elf64_Ehdr *)b->data;
}

static inline size_t ebuf_shnum(const struct elf_buf *b)
{
	return ebuf_ehdr(b)->e_shnum;
}

static inline Elf64_Shdr *ebuf_shdr(const struct elf_buf *b, size_t idx)
{
	Elf64_Ehdr *eh = ebuf_ehdr(b);

	if (idx >= eh->e_shnum)
		return NULL;
	return (Elf64_Shdr *)(b->data + eh->e_shoff) + idx;
}

static inline void *ebuf_sec_data(const struct elf_buf *b, size_t idx)
{
	return b->data + ebuf_shdr(b, idx)->sh_offset;
}

static inline const char *ebuf_sec_name(const struct elf_buf *b, size_t idx)
{
	Elf64_Shdr *strs = ebuf_shdr(b, ebuf_ehdr(b)->e_shstrndx);

	return (const char *)b->data + strs->sh_offset + ebuf_shdr(b, idx)->sh_name;
}

/* index of the section called name, -1 if none */
static inline int ebuf_sec_idx(const struct elf_buf *b, const char *name)
{
	size_t i;

	for (i = 1; i < ebuf_shnum(b); i++)
		if (strcmp(ebuf_sec_name(b, i), name) == 0)
			return i;
	return -1;
}

/* first section of type sh_type, -1 if none */
static inline int ebuf_sec_by_type(const struct elf_buf *b, Elf64_Word sh_type)
{
	size_t i;

	for (i = 1; i < ebuf_shnum(b); i++)
		if (ebuf_shdr(b, i)->sh_type == sh_type)
			return i;
	return -1;
}

/* the SHT_REL section holding relocations for section target, -1 if none */
static inline int ebuf_rel_for(const struct elf_buf *b, int target)
{
	size_t i;

	for (i = 1; i < ebuf_shnum(b); i++)
		if (ebuf_shdr(b, i)->sh_type == SHT_REL &&
		    ebuf_shdr(b, i)->sh_info == (Elf64_Word)target)
			return i;
	return -1;
}

static inline Elf64_Sym *ebuf_syms(const struct elf_buf *b, size_t *cnt)
{
	int idx = ebuf_sec_by_type(b, SHT_SYMTAB);

	*cnt = ebuf_shdr(b, idx)->sh_size / sizeof(Elf64_Sym);
	return ebuf_sec_data(b, idx);
}

static inline const char *ebuf_sym_name(const struct elf_buf *b, const Elf64_Sym *sym)
{
	int idx = ebuf_sec_by_type(b, SHT_SYMTAB);
	Elf64_Shdr *strs = ebuf_shdr(b, ebuf_shdr(b, idx)->sh_link);

	return (const char *)b->data + strs->sh_offset + sym->st_name;
}

/* symbol index of name (not a section symbol), 0 if none */
static inline size_t ebuf_sym_idx(const struct elf_buf *b, const char *name)
{
	Elf64_Sym *syms;
	size_t i, n;

	syms = ebuf_syms(b, &n);
	for (i = 1; i < n; i++)
		if (ELF64_ST_TYPE(syms[i].st_info) != STT_SECTION &&
		    strcmp(ebuf_sym_name(b, &syms[i]), name) == 0)
			return i;
	return 0;
}

static inline Elf64_Sym *ebuf_sym(const struct elf_buf *b, const char *name)
{
	size_t n, idx = ebuf_sym_idx(b, name);

	return idx ? &ebuf_syms(b, &n)[idx] : NULL;
}

/* ---- warnings printed by the library -------------------------------------- */

/*
 * Between warn_capture_begin() and warn_capture_end() the library's
 * warnings are counted and kept (the last ones, in warn_text); every
 * message is still passed on to the runner's callback, so unit_log()
 * keeps working.
 */
static libbpf_print_fn_t warn_prev_fn;
static int warn_count;
static char warn_text[4096];

static inline int warn_capture_fn(enum libbpf_print_level level, const char *fmt,
				  va_list args)
{
	size_t len = strlen(warn_text);
	va_list copy;

	if (level == LIBBPF_WARN) {
		warn_count++;
		if (len + 1 < sizeof(warn_text)) {
			va_copy(copy, args);
			vsnprintf(warn_text + len, sizeof(warn_text) - len, fmt, copy);
			va_end(copy);
		}
	}
	return warn_prev_fn ? warn_prev_fn(level, fmt, args) : 0;
}

static inline void warn_capture_begin(void)
{
	warn_count = 0;
	warn_text[0] = '\0';
	warn_prev_fn = libbpf_set_print(warn_capture_fn);
}

static inline int warn_capture_end(void)
{
	libbpf_set_print(warn_prev_fn);
	return warn_count;
}

#endif /* __UNIT_ELF_BUF_H */
