// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Symbols of executables and shared libraries, for uprobes: a function
 * name becomes the file offset the kernel's uprobe wants, and a library
 * name ("libc.so.6") becomes the path the dynamic loader would pick.
 */
#include <errno.h>
#include <fcntl.h>
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

/* virtual address -> file offset through the PT_LOAD segment that maps it */
static long vaddr_to_offset(Elf *elf, GElf_Addr addr)
{
	size_t i, phnum;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &phnum))
		return -LIBBPF_ERRNO__FORMAT;
	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (!(ph.p_flags & PF_X))
			continue;
		if (addr >= ph.p_vaddr && addr - ph.p_vaddr < ph.p_memsz)
			return (long)(addr - ph.p_vaddr + ph.p_offset);
	}
	return -ENOENT;
}

/*
 * Look @name up in one symbol table. Returns 0 and sets *addr when found,
 * -ENOENT when absent, -LIBBPF_ERRNO__FORMAT when the table is malformed
 * or names two different functions with the same name.
 */
static int find_in_symtab(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
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

		if (!gelf_getsym(data, i, &sym))
			return -LIBBPF_ERRNO__FORMAT;
		type = GELF_ST_TYPE(sym.st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
		    sym.st_shndx == SHN_UNDEF)
			continue;
		sname = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!sname || !sym_name_matches(sname, name))
			continue;
		global = GELF_ST_BIND(sym.st_info) == STB_GLOBAL;
		if (found && sym.st_value != *addr) {
			/* a global definition wins over weak or local ones */
			if (global == found_global) {
				pr_warn("elf: '%s' names two functions '%s' (0x%llx and 0x%llx)\n",
					path, name, (unsigned long long)*addr,
					(unsigned long long)sym.st_value);
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

long elf_find_func_offset(const char *path, const char *name)
{
	int types[] = { SHT_SYMTAB, SHT_DYNSYM };
	GElf_Addr addr = 0;
	long ret = -ENOENT;
	unsigned int t;
	Elf *elf;
	int fd;

	if (!path || !name || !*name)
		return -EINVAL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -LIBBPF_ERRNO__LIBELF;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		pr_warn("elf: '%s' is not an ELF file\n", path);
		ret = -LIBBPF_ERRNO__FORMAT;
		goto out;
	}
	for (t = 0; t < ARRAY_SIZE(types) && ret == -ENOENT; t++) {
		Elf_Scn *scn = NULL;

		while ((scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;

			if (!gelf_getshdr(scn, &sh) || sh.sh_type != (GElf_Word)types[t])
				continue;
			ret = find_in_symtab(elf, scn, &sh, path, name, &addr);
			break;
		}
	}
	if (ret == 0) {
		ret = vaddr_to_offset(elf, addr);
		if (ret == -ENOENT)
			pr_warn("elf: '%s': function '%s' at 0x%llx is in no executable segment\n",
				path, name, (unsigned long long)addr);
	}
out:
	elf_end(elf);
	close(fd);
	return ret;
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
