// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Symbols of executables and shared libraries, for uprobes: a function
 * name becomes the file offset the kernel's uprobe wants, and a library
 * name ("libc.so.6") becomes the path the dynamic loader would pick.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libbpf_internal.h"

/* "name" matches "name" and, in .symtab, the versioned "name@VER" / "name@@VER" */
static bool sym_name_matches(const char *sym, const char *want)
{
	size_t n = strlen(want);

	if (strncmp(sym, want, n))
		return false;
	return sym[n] == '\0' || (sym[n] == '@' && !strchr(want, '@'));
}

long elf_vaddr_to_offset(Elf *elf, GElf_Addr addr, bool exec)
{
	size_t i, phnum;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &phnum))
		return -LIBBPF_ERRNO__FORMAT;
	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (exec && !(ph.p_flags & PF_X))
			continue;
		if (addr >= ph.p_vaddr && addr - ph.p_vaddr < ph.p_memsz)
			return (long)(addr - ph.p_vaddr + ph.p_offset);
	}
	return -ENOENT;
}

/*
 * Look function (or, !funcs, data object) @name up in one symbol table.
 * Returns 0 and sets *addr when found, -ENOENT when absent,
 * -LIBBPF_ERRNO__FORMAT when the table is malformed or names two
 * different symbols with the same name.
 */
static int find_in_symtab(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, bool funcs,
			  const char *path, const char *name, GElf_Addr *addr)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t i, cnt;
	bool found = false, found_global = false;

	if (!data || !sh->sh_entsize || data->d_size < sh->sh_entsize)
		return -ENOENT;
	cnt = data->d_size / sh->sh_entsize;
	for (i = 1; i < cnt; i++) {
		const char *sname;
		GElf_Sym sym;
		bool global;
		int type;

		if (!gelf_getsym(data, i, &sym)) {
			pr_warn("elf: '%s': cannot read symbol %zu of symbol table section %zu: %s\n",
				path, i, elf_ndxscn(scn), elf_errmsg(-1));
			return -LIBBPF_ERRNO__FORMAT;
		}
		type = GELF_ST_TYPE(sym.st_info);
		if ((funcs ? type != STT_FUNC && type != STT_GNU_IFUNC :
			     type != STT_OBJECT) || sym.st_shndx == SHN_UNDEF)
			continue;
		sname = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!sname || !sym_name_matches(sname, name))
			continue;
		global = GELF_ST_BIND(sym.st_info) == STB_GLOBAL;
		if (found && sym.st_value != *addr) {
			/* a global definition wins over weak or local ones */
			if (global == found_global) {
				pr_warn("elf: '%s' names two %s '%s' (0x%llx and 0x%llx, symbol %zu of section %zu)\n",
					path, funcs ? "functions" : "objects", name, (unsigned long long)*addr,
					(unsigned long long)sym.st_value, i, elf_ndxscn(scn));
				return -LIBBPF_ERRNO__FORMAT;
			}
			if (!global)
				continue;
		}
		*addr = sym.st_value;
		found = true;
		found_global = global;
	}
	return found ? 0 : -ENOENT;
}

Elf *elf_open_path(const char *path, int *fd, int *err)
{
	Elf *elf;

	*err = 0;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		*err = -LIBBPF_ERRNO__LIBELF;
		return NULL;
	}
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		*err = -errno;
		return NULL;
	}
	/*
	 * Read, not mapped: a mapping of a binary with uprobes in it is one
	 * more place the kernel installs them, and for probes with a
	 * semaphore it bumps the semaphore for each mapping it never
	 * unbumps when the mapping goes.
	 */
	elf = elf_begin(*fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		pr_warn("elf: '%s' is not an ELF file\n", path);
		elf_end(elf);
		close(*fd);
		*err = -LIBBPF_ERRNO__FORMAT;
		return NULL;
	}
	return elf;
}

/* the first section of @type (SHT_SYMTAB, SHT_DYNSYM), or NULL */
static Elf_Scn *find_symtab(Elf *elf, GElf_Word type, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, sh) && sh->sh_type == type)
			return scn;
	return NULL;
}

int elf_find_sym(Elf *elf, const char *path, const char *name, bool funcs,
		 GElf_Addr *addr)
{
	GElf_Word types[] = { SHT_SYMTAB, SHT_DYNSYM };
	unsigned int t;
	int ret = -ENOENT;

	if (!name || !*name)
		return -EINVAL;
	for (t = 0; t < ARRAY_SIZE(types) && ret == -ENOENT; t++) {
		GElf_Shdr sh;
		Elf_Scn *scn = find_symtab(elf, types[t], &sh);

		if (scn)
			ret = find_in_symtab(elf, scn, &sh, funcs, path, name, addr);
	}
	return ret;
}

/* one name in an open ELF: its file offset or a negative errno */
static long find_func_offset(Elf *elf, const char *path, const char *name)
{
	GElf_Addr addr = 0;
	long ret = elf_find_sym(elf, path, name, true, &addr);

	if (ret == 0) {
		ret = elf_vaddr_to_offset(elf, addr, true);
		if (ret == -ENOENT)
			pr_warn("elf: '%s': function '%s' at 0x%llx is in no executable segment\n",
				path, name, (unsigned long long)addr);
	}
	return ret;
}

int elf_find_func_offsets(const char *path, const char **names, size_t cnt,
			  unsigned long *offsets, size_t *failed)
{
	size_t i;
	int fd, err;
	long off;
	Elf *elf;

	if (!path || !names)
		return -EINVAL;
	elf = elf_open_path(path, &fd, &err);
	if (!elf)
		return err;
	for (i = 0; i < cnt && !err; i++) {
		off = find_func_offset(elf, path, names[i]);
		if (off < 0) {
			err = off;
			*failed = i;
		} else {
			offsets[i] = off;
		}
	}
	elf_end(elf);
	close(fd);
	return err;
}

long elf_find_func_offset(const char *path, const char *name)
{
	unsigned long off;
	size_t failed;
	int err;

	if (!name || !*name)
		return -EINVAL;
	err = elf_find_func_offsets(path, &name, 1, &off, &failed);
	return err ? err : (long)off;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* functions of one symbol table matching @pattern, appended to *offs */
static int glob_symtab(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, const char *pattern,
		       unsigned long **offs, size_t *cnt, size_t *cap)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t i, n;

	if (!data || !sh->sh_entsize)
		return 0;
	n = data->d_size / sh->sh_entsize;
	for (i = 1; i < n; i++) {
		char name[256];
		const char *sname;
		GElf_Sym sym;
		long off;
		int type;

		if (!gelf_getsym(data, i, &sym)) {
			pr_warn("elf: cannot read symbol %zu of symbol table section %zu: %s\n",
				i, elf_ndxscn(scn), elf_errmsg(-1));
			return -LIBBPF_ERRNO__FORMAT;
		}
		type = GELF_ST_TYPE(sym.st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) || sym.st_shndx == SHN_UNDEF)
			continue;
		sname = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!sname)
			continue;
		/* match the name without its symbol version */
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(sname, "@"), sname);
		if (fnmatch(pattern, name, 0))
			continue;
		off = elf_vaddr_to_offset(elf, sym.st_value, true);
		if (off < 0)
			continue;
		if (libbpf_ensure_mem((void **)offs, cap, sizeof(**offs), *cnt + 1))
			return -ENOMEM;
		(*offs)[(*cnt)++] = off;
	}
	return 0;
}

int elf_find_pattern_func_offsets(const char *path, const char *pattern,
				  unsigned long **offsets, size_t *count)
{
	GElf_Word types[] = { SHT_SYMTAB, SHT_DYNSYM };
	unsigned long *offs = NULL;
	size_t cnt = 0, cap = 0, i, n;
	unsigned int t;
	int fd, err;
	Elf *elf;

	*offsets = NULL;
	*count = 0;
	if (!path || !pattern || !*pattern)
		return -EINVAL;
	elf = elf_open_path(path, &fd, &err);
	if (!elf)
		return err;
	for (t = 0; t < ARRAY_SIZE(types) && !err; t++) {
		GElf_Shdr sh;
		Elf_Scn *scn = find_symtab(elf, types[t], &sh);

		if (scn)
			err = glob_symtab(elf, scn, &sh, pattern, &offs, &cnt, &cap);
	}
	elf_end(elf);
	close(fd);
	if (err) {
		free(offs);
		return err;
	}
	/* aliases and the .symtab/.dynsym copies of a function probe once */
	if (cnt)
		qsort(offs, cnt, sizeof(*offs), cmp_ulong);
	for (i = n = 0; i < cnt; i++)
		if (!n || offs[n - 1] != offs[i])
			offs[n++] = offs[i];
	*offsets = offs;
	*count = n;
	return n ? 0 : -ENOENT;
}

static int try_path(const char *dir, size_t dir_len, const char *file,
		    char *result, size_t result_sz)
{
	int n;

	if (!dir_len)
		return -ENOENT;
	n = snprintf(result, result_sz, "%.*s/%s", (int)dir_len, dir, file);
	if (n < 0 || (size_t)n >= result_sz)
		return -ENAMETOOLONG;
	return access(result, R_OK) ? -ENOENT : 0;
}

/* search a ':'-separated list of directories */
static int search_dirs(const char *dirs, const char *file, char *result, size_t result_sz)
{
	const char *p = dirs;

	while (p && *p) {
		const char *end = strchrnul(p, ':');

		if (try_path(p, end - p, file, result, result_sz) == 0)
			return 0;
		p = *end ? end + 1 : NULL;
	}
	return -ENOENT;
}

int resolve_full_path(const char *file, char *result, size_t result_sz)
{
	static const char lib_dirs[] =
		"/lib64:/usr/lib64:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:"
		"/lib:/usr/lib:/usr/local/lib";
	bool is_lib;

	if (!file || !*file)
		return -EINVAL;
	if (strchr(file, '/')) {
		if (strlen(file) >= result_sz)
			return -ENAMETOOLONG;
		strcpy(result, file);
		return access(result, R_OK) ? -errno : 0;
	}
	/* like the dynamic loader: "libfoo.so" and "libfoo.so.1" are libraries */
	is_lib = strstr(file, ".so") != NULL;
	if (is_lib) {
		if (search_dirs(getenv("LD_LIBRARY_PATH"), file, result, result_sz) == 0 ||
		    search_dirs(lib_dirs, file, result, result_sz) == 0)
			return 0;
		return -ENOENT;
	}
	return search_dirs(getenv("PATH"), file, result, result_sz);
}
