// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The static linker without a kernel: progs/linked/linker_{app,lib}.c
 * linked through a path, an fd and memory must give the same bytes, an
 * object that opens with the expected programs and maps, and BTF in which
 * externs are resolved and DATASECs laid out; and every kind of bad input
 * (two strong definitions, an extern of other types, a map declared with
 * other attributes, a different license, not ELF, not BPF, truncated, the
 * other byte order) is refused with a message naming what is wrong, the
 * error sticks, and no output file (not even a temporary one) is left.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/btf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "unit.h"

#define APP "linked/linker_app.bpf.o"
#define LIB "linked/linker_lib.bpf.o"

static char *obj_path(const char *name)
{
	return strdup(unit_obj_path(name));
}

/* a fresh empty directory for output files */
static char *make_dir(void)
{
	char tmpl[] = "/tmp/test_linker.XXXXXX";
	char *d = mkdtemp(tmpl);

	return d ? strdup(d) : NULL;
}

/* entries of dir other than . and .. */
static int dir_entries(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void remove_dir(char *dir)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	free(dir);
}

static void *read_fd(int fd, size_t *size)
{
	struct stat st;
	void *buf;

	if (fstat(fd, &st) || !st.st_size)
		return NULL;
	buf = malloc(st.st_size);
	if (buf && pread(fd, buf, st.st_size, 0) != st.st_size) {
		free(buf);
		return NULL;
	}
	*size = st.st_size;
	return buf;
}

/* ---- linking that works ------------------------------------------------ */

static void check_linked_object(const void *data, size_t size)
{
	struct bpf_object *obj;
	const struct btf *btf;
	const struct btf_type *t;
	int id, n_lib_loop = 0, i;
	__u32 j;

	obj = bpf_object__open_mem(data, size, NULL);
	if (!ASSERT_OK_PTR(obj, "open the linked object"))
		return;
	ASSERT_OK_PTR(bpf_object__find_program_by_name(obj, "app_main"), "app_main");
	ASSERT_OK_PTR(bpf_object__find_program_by_name(obj, "lib_tail"), "lib_tail");
	ASSERT_OK_PTR(bpf_object__find_map_by_name(obj, "shared_map"), "shared_map");
	ASSERT_OK_PTR(bpf_object__find_map_by_name(obj, "lib_jmp"), "lib_jmp");

	btf = bpf_object__btf(obj);
	if (!ASSERT_OK_PTR(btf, "BTF"))
		goto out;
	/* the extern FUNC of the app is gone: one global lib_loop */
	for (j = 1; j < btf__type_cnt(btf); j++) {
		t = btf__type_by_id(btf, j);
		if (btf_is_func(t) &&
		    strcmp(btf__name_by_offset(btf, t->name_off), "lib_loop") == 0) {
			n_lib_loop++;
			ASSERT_EQ(btf_vlen(t), BTF_FUNC_GLOBAL, "lib_loop is global, not extern");
		}
	}
	ASSERT_EQ(n_lib_loop, 1, "one FUNC lib_loop");
	/* one __u64 typedef: deduplicated */
	ASSERT_LT(0, btf__find_by_name_kind(btf, "__u64", BTF_KIND_TYPEDEF), "__u64");
	n_lib_loop = 0;
	for (j = 1; j < btf__type_cnt(btf); j++) {
		t = btf__type_by_id(btf, j);
		if (btf_is_typedef(t) &&
		    strcmp(btf__name_by_offset(btf, t->name_off), "__u64") == 0)
			n_lib_loop++;
	}
	ASSERT_EQ(n_lib_loop, 1, "one TYPEDEF __u64 after dedup");
	/* .data: the app's my_tgid, app_idx, then the lib's two */
	id = btf__find_by_name_kind(btf, ".data", BTF_KIND_DATASEC);
	if (ASSERT_LT(0, id, ".data DATASEC")) {
		static const char *const names[] = { "my_tgid", "app_idx", "shared_counter",
						     "lib_idx" };
		const struct btf_var_secinfo *vsi;

		t = btf__type_by_id(btf, id);
		vsi = btf_var_secinfos(t);
		ASSERT_EQ(t->size, 16, ".data size");
		if (ASSERT_EQ(btf_vlen(t), 4, ".data entries"))
			for (i = 0; i < 4; i++) {
				t = btf__type_by_id(btf, vsi[i].type);
				ASSERT_STREQ(btf__name_by_offset(btf, t->name_off), names[i],
					     ".data entry");
				ASSERT_EQ(vsi[i].offset, 4 * i, ".data entry offset");
			}
	}
	/* one LINUX_KERNEL_VERSION though both inputs declare it */
	id = btf__find_by_name_kind(btf, ".kconfig", BTF_KIND_DATASEC);
	if (ASSERT_LT(0, id, ".kconfig DATASEC"))
		ASSERT_EQ(btf_vlen(btf__type_by_id(btf, id)), 1, "one .kconfig entry");
out:
	bpf_object__close(obj);
}

UNIT_TEST(linker_path_fd_buf)
{
	char *app = obj_path(APP), *lib = obj_path(LIB), *dir = make_dir(), out[256];
	void *app_buf = NULL, *by_path = NULL, *by_fd = NULL;
	size_t app_sz = 0, path_sz = 0, fd_sz = 0;
	struct bpf_linker *l;
	int memfd = -1, libfd = -1;

	if (!ASSERT_OK_PTR(dir, "mkdtemp"))
		goto out;
	snprintf(out, sizeof(out), "%s/out.bpf.o", dir);

	l = bpf_linker__new(out, NULL);
	if (!ASSERT_OK_PTR(l, "new"))
		goto out;
	ASSERT_OK(bpf_linker__add_file(l, app, NULL), "add app");
	ASSERT_OK(bpf_linker__add_file(l, lib, NULL), "add lib");
	ASSERT_EQ(access(out, F_OK), -1, "nothing at the output path before finalize");
	ASSERT_OK(bpf_linker__finalize(l), "finalize");
	ASSERT_ERR(bpf_linker__add_file(l, app, NULL), "add after finalize");
	bpf_linker__free(l);
	ASSERT_EQ(dir_entries(dir), 1, "only the output in the directory");
	by_path = unit_read_file(out, &path_sz);
	if (!ASSERT_OK_PTR(by_path, "read output"))
		goto out;
	check_linked_object(by_path, path_sz);

	/* the same through an fd (memfd) and a buffer */
	app_buf = unit_read_file(app, &app_sz);
	memfd = memfd_create("linked", MFD_CLOEXEC);
	libfd = open(lib, O_RDONLY | O_CLOEXEC);
	if (!ASSERT_OK_PTR(app_buf, "read app") || !ASSERT_TRUE(memfd >= 0, "memfd") ||
	    !ASSERT_TRUE(libfd >= 0, "open lib"))
		goto out;
	l = bpf_linker__new_fd(memfd, NULL);
	if (!ASSERT_OK_PTR(l, "new_fd"))
		goto out;
	ASSERT_OK(bpf_linker__add_buf(l, app_buf, app_sz, NULL), "add_buf app");
	ASSERT_OK(bpf_linker__add_fd(l, libfd, NULL), "add_fd lib");
	ASSERT_OK(bpf_linker__finalize(l), "finalize fd");
	bpf_linker__free(l);
	ASSERT_TRUE(fcntl(memfd, F_GETFD) >= 0, "the caller's fd stays open");
	by_fd = read_fd(memfd, &fd_sz);
	if (ASSERT_OK_PTR(by_fd, "read memfd") && ASSERT_EQ(fd_sz, path_sz, "same size"))
		ASSERT_OK(memcmp(by_fd, by_path, fd_sz), "same bytes through fd and buffer");
out:
	if (memfd >= 0)
		close(memfd);
	if (libfd >= 0)
		close(libfd);
	free(by_path);
	free(by_fd);
	free(app_buf);
	free(app);
	free(lib);
	if (dir)
		remove_dir(dir);
}

UNIT_TEST(linker_opts)
{
	struct {
		struct bpf_linker_opts opts;
		long future_field;
	} big = { .opts.sz = sizeof(big), .future_field = 1 };
	struct bpf_linker_file_opts fopts = { .sz = 1 };
	char *app = obj_path(APP);
	struct bpf_linker *l;
	int memfd = memfd_create("opts", MFD_CLOEXEC);

	errno = 0;
	ASSERT_NULL(bpf_linker__new_fd(memfd, &big.opts), "unknown non-zero opts field");
	ASSERT_EQ(errno, EINVAL, "errno");
	ASSERT_NULL(bpf_linker__new_fd(-1, NULL), "bad fd");
	ASSERT_NULL(bpf_linker__new(NULL, NULL), "no path");
	ASSERT_NULL(bpf_linker__new("/nonexistent-dir/x.o", NULL), "unwritable path");
	l = bpf_linker__new_fd(memfd, NULL);
	if (ASSERT_OK_PTR(l, "new_fd")) {
		ASSERT_EQ(bpf_linker__add_file(l, app, &fopts), -EINVAL, "bad file opts sz");
		ASSERT_EQ(bpf_linker__add_buf(l, NULL, 0, NULL), -EINVAL, "no buffer");
		bpf_linker__free(l);
	}
	bpf_linker__free(NULL);
	close(memfd);
	free(app);
}

/* ---- bad input -------------------------------------------------------- */

/*
 * Link names[] in order through a path; the add of names[fail_at] must
 * fail, naming want in its message; finalize fails too and nothing is
 * left in the directory.
 */
static void link_must_fail(const char *const *names, int n, int fail_at, const char *want)
{
	char *dir = make_dir(), out[256];
	struct bpf_linker *l;
	int i, err;

	if (!ASSERT_OK_PTR(dir, "mkdtemp"))
		return;
	snprintf(out, sizeof(out), "%s/out.bpf.o", dir);
	l = bpf_linker__new(out, NULL);
	if (!ASSERT_OK_PTR(l, "new"))
		goto out;
	for (i = 0; i < n; i++) {
		char *p = obj_path(names[i]);

		unit_log_reset();
		err = bpf_linker__add_file(l, p, NULL);
		free(p);
		if (i < fail_at) {
			ASSERT_OK(err, names[i]);
			continue;
		}
		ASSERT_EQ(err, -EINVAL, names[i]);
		if (!ASSERT_OK_PTR(strstr(unit_log(), want), "message"))
			fprintf(stderr, "  log: %s\n", unit_log());
		break;
	}
	ASSERT_ERR(bpf_linker__add_file(l, names[0], NULL), "the error sticks");
	ASSERT_ERR(bpf_linker__finalize(l), "finalize after an error");
	bpf_linker__free(l);
	ASSERT_EQ(dir_entries(dir), 0, "no output, no temporary file");
out:
	remove_dir(dir);
}

UNIT_TEST(linker_dup_strong)
{
	const char *const names[] = { LIB, LIB };

	link_must_fail(names, 2, 1, "is defined in both");
	/* both inputs named */
	ASSERT_OK_PTR(strstr(unit_log(), "linker_lib.bpf.o and "), "first input named");
}

UNIT_TEST(linker_extern_func_mismatch)
{
	const char *const def_first[] = { LIB, "linked/linker_bad_func.bpf.o" };
	const char *const ext_first[] = { "linked/linker_bad_func.bpf.o", LIB };

	link_must_fail(def_first, 2, 1, "extern 'lib_loop'");
	ASSERT_OK_PTR(strstr(unit_log(), "does not match"), "says it does not match");
	link_must_fail(ext_first, 2, 1, "definition of 'lib_loop'");
}

UNIT_TEST(linker_extern_map_mismatch)
{
	const char *const names[] = { "linked/linker_bad_map.bpf.o", LIB };

	link_must_fail(names, 2, 1, "map 'shared_map': 'max_entries' is 8");
}

UNIT_TEST(linker_license_mismatch)
{
	const char *const names[] = { LIB, "linked/linker_bad_license.bpf.o" };

	link_must_fail(names, 2, 1, "license 'Dual BSD/GPL' differs from 'GPL'");
}

/* add_buf() of a changed copy of linker_lib.bpf.o must fail with want */
static void buf_must_fail(void (*change)(unsigned char *buf, size_t *size), const char *want)
{
	char *lib = obj_path(LIB);
	size_t size = 0;
	unsigned char *buf = unit_read_file(lib, &size);
	struct bpf_linker *l;
	int memfd = memfd_create("bad", MFD_CLOEXEC), err;

	free(lib);
	if (!ASSERT_OK_PTR(buf, "read lib"))
		goto out;
	change(buf, &size);
	l = bpf_linker__new_fd(memfd, NULL);
	if (!ASSERT_OK_PTR(l, "new_fd"))
		goto out;
	unit_log_reset();
	err = bpf_linker__add_buf(l, buf, size, NULL);
	ASSERT_EQ(err, -EINVAL, want);
	if (!ASSERT_OK_PTR(strstr(unit_log(), want), "message"))
		fprintf(stderr, "  log: %s\n", unit_log());
	ASSERT_ERR(bpf_linker__finalize(l), "finalize after an error");
	bpf_linker__free(l);
	ASSERT_EQ(lseek(memfd, 0, SEEK_END), 0, "nothing written to the fd");
out:
	close(memfd);
	free(buf);
}

static void not_elf(unsigned char *buf, size_t *size)
{
	memcpy(buf, "garbage!", 8);
}

static void other_endian(unsigned char *buf, size_t *size)
{
	buf[EI_DATA] = buf[EI_DATA] == ELFDATA2LSB ? ELFDATA2MSB : ELFDATA2LSB;
}

static void not_bpf(unsigned char *buf, size_t *size)
{
	((Elf64_Ehdr *)buf)->e_machine = EM_X86_64;
}

static void not_rel(unsigned char *buf, size_t *size)
{
	((Elf64_Ehdr *)buf)->e_type = ET_DYN;
}

static void truncated(unsigned char *buf, size_t *size)
{
	*size = *size * 2 / 3;
}

static void tiny(unsigned char *buf, size_t *size)
{
	*size = 20;
}

/* the section header named name (or the first of type when name is NULL) */
static Elf64_Shdr *shdr_find(unsigned char *buf, const char *name, __u32 type)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(buf + eh->e_shoff);
	const char *names = (const char *)buf + sh[eh->e_shstrndx].sh_offset;
	int i;

	for (i = 1; i < eh->e_shnum; i++)
		if (name ? !strcmp(names + sh[i].sh_name, name) : sh[i].sh_type == type)
			return &sh[i];
	return NULL;
}

static void license_nobits(unsigned char *buf, size_t *size)
{
	shdr_find(buf, "license", 0)->sh_type = SHT_NOBITS;
}

static void huge_align(unsigned char *buf, size_t *size)
{
	shdr_find(buf, ".text", 0)->sh_addralign = 1ULL << 40;
}

static void rel_of_null_section(unsigned char *buf, size_t *size)
{
	shdr_find(buf, NULL, SHT_REL)->sh_info = 0;
}

static void rel_entsize(unsigned char *buf, size_t *size)
{
	shdr_find(buf, ".rel.text", 0)->sh_entsize = sizeof(Elf64_Rela);
}

/* the first relocation of .text moved past the section's end */
static void rel_outside(unsigned char *buf, size_t *size)
{
	Elf64_Shdr *rel = shdr_find(buf, ".rel.text", 0);

	((Elf64_Rel *)(buf + rel->sh_offset))->r_offset = shdr_find(buf, ".text", 0)->sh_size;
}

static void rel_misaligned(unsigned char *buf, size_t *size)
{
	Elf64_Shdr *rel = shdr_find(buf, ".rel.text", 0);

	((Elf64_Rel *)(buf + rel->sh_offset))->r_offset += 4;
}

static void symtab_entsize(unsigned char *buf, size_t *size)
{
	shdr_find(buf, ".symtab", 0)->sh_entsize = 16;
}

/* every rejection names the section, relocation or symbol and the bound */
UNIT_TEST(linker_bad_sections)
{
	buf_must_fail(license_nobits, "section 'license' must be PROGBITS");
	buf_must_fail(huge_align, "not a power of two up to 4096");
	buf_must_fail(rel_of_null_section, ".rel.text: target section 0 (sh_info)");
	buf_must_fail(rel_entsize, ".rel.text is malformed: entry size 24");
	buf_must_fail(rel_outside, "relocation 0 of .rel.text");
	ASSERT_OK_PTR(strstr(unit_log(), "is outside section .text"), "outside .text");
	buf_must_fail(rel_misaligned, "relocation 0 of .rel.text");
	ASSERT_OK_PTR(strstr(unit_log(), "not on an instruction of section .text"),
		      "misaligned in .text");
	buf_must_fail(symtab_entsize, "symbol table (section");
	ASSERT_OK_PTR(strstr(unit_log(), "entry size 16"), "the entry size found");
}

UNIT_TEST(linker_bad_elf)
{
	buf_must_fail(not_elf, "not an ELF file");
	buf_must_fail(other_endian, "only objects of the host's byte order");
	buf_must_fail(not_bpf, "not a BPF object");
	buf_must_fail(not_rel, "not a relocatable object");
	buf_must_fail(truncated, "truncated?");
	ASSERT_OK_PTR(strstr(unit_log(), "section header table of"), "truncated: what runs past the end");
	buf_must_fail(tiny, "too small for an ELF header");
}

/* every cut of the object is refused or linked, never a crash or leak */
UNIT_TEST(linker_every_truncation)
{
	char *lib = obj_path(LIB);
	size_t size = 0, cut;
	unsigned char *buf = unit_read_file(lib, &size);
	int refused = 0;

	free(lib);
	if (!ASSERT_OK_PTR(buf, "read lib"))
		return;
	for (cut = 1; cut < size; cut += 97) {
		int memfd = memfd_create("cut", MFD_CLOEXEC);
		struct bpf_linker *l = bpf_linker__new_fd(memfd, NULL);

		if (!l) {
			close(memfd);
			break;
		}
		if (bpf_linker__add_buf(l, buf, cut, NULL))
			refused++;
		else
			bpf_linker__finalize(l);
		bpf_linker__free(l);
		close(memfd);
	}
	ASSERT_LT(0, refused, "truncated objects refused");
	free(buf);
}
