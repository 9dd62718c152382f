// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * USDT probes: bpf_program__attach_usdt() and SEC("usdt/...").
 *
 * A probe written with <sys/sdt.h> leaves a nop at each of its sites and
 * one "stapsdt" note per site in .note.stapsdt: the site's address, the
 * link-time address of .stapsdt.base (to undo prelinking), the address of
 * its semaphore (0 if none), and the strings provider, name and argument
 * specs ("-4@%esi 8@16(%rbx) -1@$3"). Attaching is:
 *
 *   1. read the notes of the probe, each site's address made a file
 *      offset (the uprobe's) and its semaphore a reference counter offset
 *      (the kernel counts attachments in it, so the application's
 *      "if (provider_name_semaphore)" sees the probe enabled);
 *   2. parse each site's argument specs into a struct usdt_spec, the
 *      layout <bpf/usdt.bpf.h> reads, and give each distinct spec a slot
 *      of the object's __bpf_usdt_specs map;
 *   3. tell the program which slot applies at a site: the BPF cookie of
 *      the site's uprobe where the kernel has cookies (5.15), else an
 *      entry in __bpf_usdt_ip_to_spec_id keyed by the site's address in
 *      the traced process (which for a shared library or PIE needs the
 *      pid, to find where it is mapped);
 *   4. one uprobe.multi link for all sites where the program was loaded
 *      for one (6.6), else one uprobe per site.
 *
 * The returned link owns all of it: destroying it detaches the uprobes,
 * removes its address entries and frees its spec slots.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <asm/ptrace.h>
#include "bpf.h"
#include "libbpf_internal.h"

#define USDT_NOTE_SEC	".note.stapsdt"
#define USDT_BASE_SEC	".stapsdt.base"
#define USDT_NOTE_TYPE	3
#define USDT_NOTE_NAME	"stapsdt"
#define USDT_MAX_ARGS	12	/* BPF_USDT_MAX_ARG_CNT */

/* struct __bpf_usdt_arg_spec and struct __bpf_usdt_spec of usdt.bpf.h */
enum usdt_arg_type {
	USDT_ARG_CONST,
	USDT_ARG_REG,
	USDT_ARG_REG_DEREF,
	USDT_ARG_SIB,
};

struct usdt_arg_spec {
	__u64 val_off;
	__u32 arg_type: 8;
	__u32 idx_reg_off: 12;
	__u32 scale_bitshift: 4;
	__u32 reserved: 8;
	short reg_off;
	bool arg_signed;
	char arg_bitshift;
};

struct usdt_spec {
	struct usdt_arg_spec args[USDT_MAX_ARGS];
	__u64 usdt_cookie;
	short arg_cnt;
};

_Static_assert(sizeof(struct usdt_arg_spec) == 16, "usdt.bpf.h layout");
_Static_assert(sizeof(struct usdt_spec) == 208, "usdt.bpf.h layout");

/* ---- per-object state: the two maps and which spec slots are taken ---- */

struct usdt_manager {
	int refcnt;		/* the object, and each live USDT link */
	int specs_fd;		/* dups, so that links can outlive the object */
	int ip_fd;
	__u32 spec_max;
	bool *spec_used;
	bool has_cookie;
};

void usdt_manager_put(struct usdt_manager *man)
{
	if (!man || --man->refcnt)
		return;
	close(man->specs_fd);
	close(man->ip_fd);
	free(man->spec_used);
	free(man);
}

static struct bpf_map *dup_map_fd(const struct bpf_program *prog, const char *name,
				  __u32 key_size, __u32 value_size, int *fd, int *err)
{
	struct bpf_map *map = bpf_object__find_map_by_name(prog->obj, name);

	if (!map || bpf_map__fd(map) < 0) {
		pr_warn("prog '%s': usdt: no map '%s' in the loaded object; include <bpf/usdt.bpf.h> in the BPF program\n",
			bpf_program__name(prog), name);
		*err = -ESRCH;
		return NULL;
	}
	if (bpf_map__key_size(map) != key_size || bpf_map__value_size(map) != value_size) {
		pr_warn("prog '%s': usdt: map '%s' has key/value sizes %u/%u, usdt.bpf.h's are %u/%u\n",
			bpf_program__name(prog), name, bpf_map__key_size(map),
			bpf_map__value_size(map), key_size, value_size);
		*err = -EINVAL;
		return NULL;
	}
	*fd = fcntl(bpf_map__fd(map), F_DUPFD_CLOEXEC, 3);
	*err = *fd < 0 ? -errno : 0;
	return *err ? NULL : map;
}

static struct usdt_manager *usdt_manager_get(const struct bpf_program *prog, int *err)
{
	struct bpf_object *obj = prog->obj;
	struct usdt_manager *man = obj->usdt_man;
	struct bpf_map *specs;

	if (man) {
		man->refcnt++;
		return man;
	}
	man = calloc(1, sizeof(*man));
	if (!man) {
		*err = -ENOMEM;
		return NULL;
	}
	man->specs_fd = man->ip_fd = -1;
	specs = dup_map_fd(prog, "__bpf_usdt_specs", sizeof(int), sizeof(struct usdt_spec),
			   &man->specs_fd, err);
	if (!specs || !dup_map_fd(prog, "__bpf_usdt_ip_to_spec_id", sizeof(long),
				  sizeof(__u32), &man->ip_fd, err))
		goto fail;
	man->spec_max = bpf_map__max_entries(specs);
	man->spec_used = calloc(man->spec_max ?: 1, sizeof(*man->spec_used));
	if (!man->spec_used) {
		*err = -ENOMEM;
		goto fail;
	}
	man->has_cookie = kernel_supports(FEAT_BPF_COOKIE);
	/* one reference for the object, one for the caller */
	man->refcnt = 2;
	obj->usdt_man = man;
	return man;
fail:
	man->refcnt = 1;
	usdt_manager_put(man);
	return NULL;
}

/* ---- notes ---------------------------------------------------------------- */

struct usdt_site {
	__u64 vaddr;		/* the site's address in the ELF file */
	unsigned long file_off;	/* the uprobe's offset */
	unsigned long ref_ctr_off; /* the semaphore's file offset, or 0 */
	long abs_ip;		/* address in the traced process (ip lookup) */
	int spec_id;
	struct usdt_spec spec;
};

struct usdt_target {
	const char *path, *provider, *name;
	const char *prog_name;
	Elf *elf;
	GElf_Ehdr ehdr;
	struct usdt_site *sites;
	size_t cnt;
};

static Elf_Scn *find_section(Elf *elf, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *sname;

		if (!gelf_getshdr(scn, sh))
			continue;
		sname = elf_strptr(elf, shstrndx, sh->sh_name);
		if (sname && !strcmp(sname, name))
			return scn;
	}
	return NULL;
}

/* the next NUL-terminated string of [*p, end), or NULL */
static const char *next_str(const char **p, const char *end)
{
	const char *s = *p, *nul = memchr(s, '\0', end - s);

	if (!nul)
		return NULL;
	*p = nul + 1;
	return s;
}

static int parse_arg_specs(struct usdt_target *t, struct usdt_site *site,
			   const char *args);

/* one stapsdt note: keep it when it is the probe we want */
static int add_note(struct usdt_target *t, const char *desc, size_t desc_sz,
		    size_t desc_off, const GElf_Shdr *base_sh)
{
	const char *p = desc + 24, *end = desc + desc_sz, *provider, *name, *args;
	__u64 pc, base, sema;
	struct usdt_site *site;
	long off;
	int err;

	if (desc_sz < 24 + 3) {
		pr_warn("usdt: '%s': stapsdt note at byte %zu of %s has %zu bytes, fewer than the %d of three addresses and three strings\n",
			t->path, desc_off, USDT_NOTE_SEC, desc_sz, 24 + 3);
		return -LIBBPF_ERRNO__FORMAT;
	}
	memcpy(&pc, desc, 8);
	memcpy(&base, desc + 8, 8);
	memcpy(&sema, desc + 16, 8);
	provider = next_str(&p, end);
	name = provider ? next_str(&p, end) : NULL;
	args = name ? next_str(&p, end) : NULL;
	if (!args) {
		pr_warn("usdt: '%s': stapsdt note at byte %zu of %s (probe at 0x%llx): its %s string is not terminated within its %zu bytes\n",
			t->path, desc_off, USDT_NOTE_SEC, (unsigned long long)pc,
			!provider ? "provider" : !name ? "name" : "arguments", desc_sz);
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (strcmp(provider, t->provider) || strcmp(name, t->name))
		return 0;

	/* prelink moves sections after link time; the base section says by how much */
	if (base) {
		if (!base_sh) {
			pr_warn("usdt: '%s': probe %s:%s has a base address but no %s section\n",
				t->path, provider, name, USDT_BASE_SEC);
			return -LIBBPF_ERRNO__FORMAT;
		}
		pc += base_sh->sh_addr - base;
		if (sema)
			sema += base_sh->sh_addr - base;
	}

	site = realloc(t->sites, (t->cnt + 1) * sizeof(*site));
	if (!site)
		return -ENOMEM;
	t->sites = site;
	site += t->cnt;
	memset(site, 0, sizeof(*site));
	site->vaddr = pc;
	off = elf_vaddr_to_offset(t->elf, pc, true);
	if (off < 0) {
		pr_warn("usdt: '%s': probe %s:%s at 0x%llx is in no executable segment\n",
			t->path, provider, name, (unsigned long long)pc);
		return -LIBBPF_ERRNO__FORMAT;
	}
	site->file_off = off;
	if (sema) {
		off = elf_vaddr_to_offset(t->elf, sema, false);
		if (off < 0) {
			pr_warn("usdt: '%s': semaphore of probe %s:%s at 0x%llx is in no segment\n",
				t->path, provider, name, (unsigned long long)sema);
			return -LIBBPF_ERRNO__FORMAT;
		}
		site->ref_ctr_off = off;
	}
	err = parse_arg_specs(t, site, args);
	if (err)
		return err;
	t->cnt++;
	return 0;
}

static int collect_sites(struct usdt_target *t)
{
	GElf_Shdr note_sh, base_sh;
	Elf_Scn *note, *base;
	Elf_Data *data;
	GElf_Nhdr nh;
	size_t off = 0, next, name_off, desc_off;
	int err;

	if (!gelf_getehdr(t->elf, &t->ehdr)) {
		pr_warn("usdt: '%s': no ELF header: %s\n", t->path, elf_errmsg(-1));
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (t->ehdr.e_ident[EI_CLASS] != ELFCLASS64 ||
	    t->ehdr.e_ident[EI_DATA] != ELFDATA2LSB || t->ehdr.e_machine != EM_X86_64) {
		pr_warn("usdt: '%s' is not an x86-64 ELF file (class %u, data %u, e_machine %u; expected %u, %u, %u)\n",
			t->path, t->ehdr.e_ident[EI_CLASS], t->ehdr.e_ident[EI_DATA],
			t->ehdr.e_machine, ELFCLASS64, ELFDATA2LSB, EM_X86_64);
		return -LIBBPF_ERRNO__FORMAT;
	}
	if (t->ehdr.e_type != ET_EXEC && t->ehdr.e_type != ET_DYN) {
		pr_warn("usdt: '%s' is neither an executable nor a shared library (e_type %u)\n",
			t->path, t->ehdr.e_type);
		return -LIBBPF_ERRNO__FORMAT;
	}
	note = find_section(t->elf, USDT_NOTE_SEC, &note_sh);
	if (!note || note_sh.sh_type != SHT_NOTE) {
		pr_warn("usdt: '%s' has no USDT probes (no %s section), so no %s:%s\n",
			t->path, USDT_NOTE_SEC, t->provider, t->name);
		return -ENOENT;
	}
	base = find_section(t->elf, USDT_BASE_SEC, &base_sh);
	data = elf_getdata(note, NULL);
	if (!data || !data->d_buf) {
		pr_warn("usdt: '%s': cannot read section %s (%llu bytes at offset %llu): %s\n",
			t->path, USDT_NOTE_SEC, (unsigned long long)note_sh.sh_size,
			(unsigned long long)note_sh.sh_offset, elf_errmsg(-1));
		return -LIBBPF_ERRNO__FORMAT;
	}
	while (off < data->d_size &&
	       (next = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		off = next;
		if (nh.n_type != USDT_NOTE_TYPE || nh.n_namesz != sizeof(USDT_NOTE_NAME) ||
		    memcmp((char *)data->d_buf + name_off, USDT_NOTE_NAME, sizeof(USDT_NOTE_NAME)))
			continue;
		err = add_note(t, (char *)data->d_buf + desc_off, nh.n_descsz, desc_off,
			       base ? &base_sh : NULL);
		if (err)
			return err;
	}
	if (!t->cnt) {
		pr_warn("usdt: '%s' has no probe %s:%s\n", t->path, t->provider, t->name);
		return -ENOENT;
	}
	return 0;
}

/* for the fuzzer: collect_sites() of probe provider:name in the file at path */
int usdt_parse_file(const char *path, const char *provider, const char *name, size_t *cnt)
{
	struct usdt_target t = { .path = path, .provider = provider, .name = name,
				 .prog_name = "usdt_parse_file" };
	int fd, err;

	*cnt = 0;
	t.elf = elf_open_path(path, &fd, &err);
	if (!t.elf)
		return err;
	err = collect_sites(&t);
	elf_end(t.elf);
	close(fd);
	*cnt = t.cnt;
	free(t.sites);
	return err;
}

/* ---- argument specs (x86-64) -------------------------------------------- */

#if defined(__x86_64__)
#define IP_REG_OFF offsetof(struct pt_regs, rip)
#else
#define IP_REG_OFF (-1)	/* only x86-64 notes are read (collect_sites) */
#endif

/* a register name as gcc writes it in a spec -> its offset in struct pt_regs */
static int reg_offset(const char *reg)
{
#if defined(__x86_64__)
	static const struct {
		const char *names[4];	/* 64-, 32-, 16-, 8-bit */
		int off;
	} regs[] = {
		{ { "rax", "eax", "ax", "al" }, offsetof(struct pt_regs, rax) },
		{ { "rbx", "ebx", "bx", "bl" }, offsetof(struct pt_regs, rbx) },
		{ { "rcx", "ecx", "cx", "cl" }, offsetof(struct pt_regs, rcx) },
		{ { "rdx", "edx", "dx", "dl" }, offsetof(struct pt_regs, rdx) },
		{ { "rsi", "esi", "si", "sil" }, offsetof(struct pt_regs, rsi) },
		{ { "rdi", "edi", "di", "dil" }, offsetof(struct pt_regs, rdi) },
		{ { "rbp", "ebp", "bp", "bpl" }, offsetof(struct pt_regs, rbp) },
		{ { "rsp", "esp", "sp", "spl" }, offsetof(struct pt_regs, rsp) },
		{ { "r8", "r8d", "r8w", "r8b" }, offsetof(struct pt_regs, r8) },
		{ { "r9", "r9d", "r9w", "r9b" }, offsetof(struct pt_regs, r9) },
		{ { "r10", "r10d", "r10w", "r10b" }, offsetof(struct pt_regs, r10) },
		{ { "r11", "r11d", "r11w", "r11b" }, offsetof(struct pt_regs, r11) },
		{ { "r12", "r12d", "r12w", "r12b" }, offsetof(struct pt_regs, r12) },
		{ { "r13", "r13d", "r13w", "r13b" }, offsetof(struct pt_regs, r13) },
		{ { "r14", "r14d", "r14w", "r14b" }, offsetof(struct pt_regs, r14) },
		{ { "r15", "r15d", "r15w", "r15b" }, offsetof(struct pt_regs, r15) },
		{ { "rip", "eip", NULL, NULL }, offsetof(struct pt_regs, rip) },
	};
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(regs); i++)
		for (j = 0; j < 4; j++)
			if (regs[i].names[j] && !strcmp(reg, regs[i].names[j]))
				return regs[i].off;
#else
	(void)reg;
#endif
	return -ENOENT;
}

/* "%name" at *p up to a ',' ')' or the end: its pt_regs offset */
static int parse_reg(const char **p, const char *end)
{
	char reg[8];
	size_t n = 0;

	if (*p >= end || **p != '%')
		return -EINVAL;
	(*p)++;
	while (*p + n < end && isalnum((unsigned char)(*p)[n]))
		n++;
	if (!n || n >= sizeof(reg))
		return -EINVAL;
	memcpy(reg, *p, n);
	reg[n] = '\0';
	*p += n;
	return reg_offset(reg);
}

/* a signed decimal or 0x number at *p */
static int parse_num(const char **p, const char *end, long long *v)
{
	char buf[32], *e;
	size_t n = 0;

	while (*p + n < end && n < sizeof(buf) - 1 &&
	       (isxdigit((unsigned char)(*p)[n]) || (*p)[n] == 'x' || (*p)[n] == 'X' ||
		(n == 0 && ((*p)[n] == '-' || (*p)[n] == '+'))))
		n++;
	memcpy(buf, *p, n);
	buf[n] = '\0';
	errno = 0;
	*v = strtoll(buf, &e, 0);
	if (!n || *e || errno)
		return -EINVAL;
	*p += n;
	return 0;
}

/*
 * [off+]sym[+-off](%rip), [p, end) being what precedes "(%rip)": memory
 * at a symbol of the file. At the probe the instruction pointer is the
 * site's address, so the symbol is at that register plus its distance
 * from the site, wherever the file is loaded.
 */
static int parse_rip_arg(struct usdt_target *t, const struct usdt_site *site,
			 const char *p, const char *end, struct usdt_arg_spec *arg)
{
	long long pre = 0, post = 0;
	const char *sym;
	char name[256];
	GElf_Addr addr;
	size_t n;

	if (isdigit((unsigned char)*p) || *p == '-') {
		if (parse_num(&p, end, &pre) || p >= end || *p++ != '+')
			return -EINVAL;
	}
	sym = p;
	while (p < end && (*p == '_' || *p == '.' || isalnum((unsigned char)*p)))
		p++;
	n = p - sym;
	if (!n || n >= sizeof(name) || isdigit((unsigned char)*sym) ||
	    (p < end && parse_num(&p, end, &post)) || p != end)
		return -EINVAL;
	memcpy(name, sym, n);
	name[n] = '\0';
	if (elf_find_sym(t->elf, t->path, name, false, &addr)) {
		pr_warn("usdt: '%s': probe %s:%s reads '%s', which is no data object of the file\n",
			t->path, t->provider, t->name, name);
		return -ENOENT;
	}
	arg->arg_type = USDT_ARG_REG_DEREF;
	arg->reg_off = IP_REG_OFF;
	arg->val_off = addr + pre + post - site->vaddr;
	return 0;
}

/*
 * One "SIZE@LOCATION" spec of [s, end): SIZE is 1, 2, 4 or 8, negative
 * for signed; LOCATION is $imm, %reg, disp(%reg), disp(%base,%index,scale)
 * or sym[+-off](%rip), disp optional.
 */
static int parse_arg(struct usdt_target *t, const struct usdt_site *site,
		     const char *s, const char *end, struct usdt_arg_spec *arg)
{
	const char *p = s;
	long long size, disp = 0, scale;
	int reg;

	memset(arg, 0, sizeof(*arg));
	if (parse_num(&p, end, &size) || p >= end || *p++ != '@')
		return -EINVAL;
	arg->arg_signed = size < 0;
	size = llabs(size);
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	arg->arg_bitshift = 64 - 8 * size;

	if (*p == '$') {
		p++;
		arg->arg_type = USDT_ARG_CONST;
		if (parse_num(&p, end, &disp))
			return -EINVAL;
		arg->val_off = disp;
		return p == end ? 0 : -EINVAL;
	}
	if (*p == '%') {
		reg = parse_reg(&p, end);
		if (reg < 0 || p != end)
			return -EINVAL;
		arg->arg_type = USDT_ARG_REG;
		arg->reg_off = reg;
		return 0;
	}

	if (end - p > 6 && !memcmp(end - 6, "(%rip)", 6))
		return parse_rip_arg(t, site, p, end - 6, arg);

	if (*p != '(' && parse_num(&p, end, &disp))
		return -EINVAL;
	if (p >= end || *p++ != '(')
		return -EINVAL;
	reg = parse_reg(&p, end);
	if (reg < 0 || reg == IP_REG_OFF)
		return -EINVAL;
	arg->reg_off = reg;
	arg->val_off = disp;
	if (p < end && *p == ')') {
		arg->arg_type = USDT_ARG_REG_DEREF;
		return p + 1 == end ? 0 : -EINVAL;
	}
	if (p >= end || *p++ != ',')
		return -EINVAL;
	reg = parse_reg(&p, end);
	if (reg < 0 || reg == IP_REG_OFF)
		return -EINVAL;
	scale = 1;
	if (p < end && *p == ',') {
		p++;
		if (parse_num(&p, end, &scale))
			return -EINVAL;
	}
	if (p + 1 != end || *p != ')' ||
	    (scale != 1 && scale != 2 && scale != 4 && scale != 8))
		return -EINVAL;
	arg->arg_type = USDT_ARG_SIB;
	arg->idx_reg_off = reg;
	arg->scale_bitshift = __builtin_ctzll(scale);
	return 0;
}

static int parse_arg_specs(struct usdt_target *t, struct usdt_site *site,
			   const char *args)
{
	const char *s = args, *end;
	int n = 0, err;

	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		end = strchrnul(s, ' ');
		if (n == USDT_MAX_ARGS) {
			pr_warn("usdt: '%s': probe %s:%s has more than %d arguments\n",
				t->path, t->provider, t->name, USDT_MAX_ARGS);
			return -E2BIG;
		}
		err = parse_arg(t, site, s, end, &site->spec.args[n]);
		if (err) {
			if (err == -EINVAL)
				pr_warn("usdt: '%s': probe %s:%s at 0x%llx: cannot parse argument %d '%.*s'\n",
					t->path, t->provider, t->name,
					(unsigned long long)site->vaddr, n, (int)(end - s), s);
			return err;
		}
		n++;
		s = end;
	}
	site->spec.arg_cnt = n;
	return 0;
}

/* ---- addresses in the traced process (kernels without BPF cookies) ----- */

/*
 * Sites of a shared library or PIE are where the process mapped the file:
 * find the executable mappings of the file in /proc/PID/maps.
 */
static int find_abs_ips(struct usdt_target *t, pid_t pid)
{
	char maps[64], line[PATH_MAX + 128];
	unsigned long start, end, off, ino;
	unsigned int maj, min;
	struct stat st;
	size_t i, found = 0;
	char perms[8];
	FILE *f;

	if (t->ehdr.e_type == ET_EXEC) {
		for (i = 0; i < t->cnt; i++)
			t->sites[i].abs_ip = t->sites[i].vaddr;
		return 0;
	}
	if (pid < 0) {
		pr_warn("prog '%s': usdt: '%s' is a shared library or PIE; without BPF cookies (5.15) attaching it needs a pid\n",
			t->prog_name, t->path);
		return -EINVAL;
	}
	if (stat(t->path, &st))
		return -errno;
	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid ?: getpid());
	f = fopen(maps, "re");
	if (!f) {
		pr_warn("prog '%s': usdt: cannot read %s: %s\n", t->prog_name, maps,
			libbpf_errstr(-errno));
		return -errno;
	}
	for (i = 0; i < t->cnt; i++)
		t->sites[i].abs_ip = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &start, &end, perms, &off,
			   &maj, &min, &ino) != 7)
			continue;
		if (!strchr(perms, 'x') || ino != st.st_ino ||
		    maj != major(st.st_dev) || min != minor(st.st_dev))
			continue;
		for (i = 0; i < t->cnt; i++) {
			struct usdt_site *s = &t->sites[i];

			if (!s->abs_ip && s->file_off >= off && s->file_off - off < end - start) {
				s->abs_ip = start + (s->file_off - off);
				found++;
			}
		}
	}
	fclose(f);
	if (found != t->cnt) {
		pr_warn("prog '%s': usdt: '%s' is not mapped executable in process %d\n",
			t->prog_name, t->path, pid ?: getpid());
		return -ESRCH;
	}
	return 0;
}

/* ---- the link ------------------------------------------------------------ */

struct usdt_link {
	struct bpf_link link;
	struct usdt_manager *man;
	struct bpf_link **uprobes;	/* one per site, or one uprobe.multi link */
	size_t uprobe_cnt;
	long *ips;			/* entries of __bpf_usdt_ip_to_spec_id */
	size_t ip_cnt;
	int *spec_ids;			/* slots of __bpf_usdt_specs */
	size_t spec_cnt;
};

static int usdt_link_detach(struct bpf_link *link)
{
	struct usdt_link *ul = (struct usdt_link *)link;
	int err = 0, e;
	size_t i;

	for (i = 0; i < ul->uprobe_cnt; i++) {
		e = bpf_link__destroy(ul->uprobes[i]);
		if (e && !err)
			err = e;
	}
	ul->uprobe_cnt = 0;
	for (i = 0; i < ul->ip_cnt; i++)
		bpf_map_delete_elem(ul->man->ip_fd, &ul->ips[i]);
	ul->ip_cnt = 0;
	for (i = 0; i < ul->spec_cnt; i++)
		ul->man->spec_used[ul->spec_ids[i]] = false;
	ul->spec_cnt = 0;
	return err;
}

static void usdt_link_dealloc(struct bpf_link *link)
{
	struct usdt_link *ul = (struct usdt_link *)link;

	free(ul->uprobes);
	free(ul->ips);
	free(ul->spec_ids);
	usdt_manager_put(ul->man);
	free(ul);
}

/* a spec slot per distinct spec, written to __bpf_usdt_specs */
static int assign_specs(struct usdt_target *t, struct usdt_link *ul, __u64 cookie)
{
	struct usdt_manager *man = ul->man;
	size_t i, j;
	__u32 id;
	int err;

	ul->spec_ids = calloc(t->cnt, sizeof(*ul->spec_ids));
	if (!ul->spec_ids)
		return -ENOMEM;
	for (i = 0; i < t->cnt; i++) {
		struct usdt_site *s = &t->sites[i];

		s->spec.usdt_cookie = cookie;
		for (j = 0; j < i; j++)
			if (!memcmp(&t->sites[j].spec, &s->spec, sizeof(s->spec)))
				break;
		if (j < i) {
			s->spec_id = t->sites[j].spec_id;
			continue;
		}
		for (id = 0; id < man->spec_max && man->spec_used[id]; id++)
			;
		if (id == man->spec_max) {
			pr_warn("prog '%s': usdt: all %u spec slots are taken; raise BPF_USDT_MAX_SPEC_CNT\n",
				t->prog_name, man->spec_max);
			return -E2BIG;
		}
		err = bpf_map_update_elem(man->specs_fd, &id, &s->spec, BPF_ANY);
		if (err) {
			err = -errno;
			pr_warn("prog '%s': usdt: writing spec %u failed: %s\n",
				t->prog_name, id, libbpf_errstr(err));
			return err;
		}
		man->spec_used[id] = true;
		ul->spec_ids[ul->spec_cnt++] = id;
		s->spec_id = id;
	}
	return 0;
}

static int add_ip_entries(struct usdt_target *t, struct usdt_link *ul)
{
	size_t i;
	int err;

	ul->ips = calloc(t->cnt, sizeof(*ul->ips));
	if (!ul->ips)
		return -ENOMEM;
	for (i = 0; i < t->cnt; i++) {
		__u32 id = t->sites[i].spec_id;

		err = bpf_map_update_elem(ul->man->ip_fd, &t->sites[i].abs_ip, &id, BPF_NOEXIST);
		if (err) {
			err = -errno;
			pr_warn("prog '%s': usdt: site 0x%lx of %s:%s: %s\n", t->prog_name,
				t->sites[i].abs_ip, t->provider, t->name,
				err == -EEXIST ? "already attached by another USDT link" :
				err == -E2BIG ? "too many sites; raise BPF_USDT_MAX_IP_CNT" :
				libbpf_errstr(err));
			return err;
		}
		ul->ips[ul->ip_cnt++] = t->sites[i].abs_ip;
	}
	return 0;
}

static int attach_multi(const struct bpf_program *prog, pid_t pid,
			struct usdt_target *t, struct usdt_link *ul)
{
	LIBBPF_OPTS(bpf_uprobe_multi_opts, opts);
	unsigned long *offs, *refs;
	struct bpf_link *link;
	__u64 *cookies;
	bool any_ref = false;
	size_t i;
	int err = 0;

	offs = calloc(t->cnt, sizeof(*offs));
	refs = calloc(t->cnt, sizeof(*refs));
	cookies = calloc(t->cnt, sizeof(*cookies));
	if (!offs || !refs || !cookies) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < t->cnt; i++) {
		offs[i] = t->sites[i].file_off;
		refs[i] = t->sites[i].ref_ctr_off;
		cookies[i] = t->sites[i].spec_id;
		any_ref |= refs[i] != 0;
	}
	opts.offsets = offs;
	opts.ref_ctr_offsets = any_ref ? refs : NULL;
	opts.cookies = cookies;
	opts.cnt = t->cnt;
	link = bpf_program__attach_uprobe_multi(prog, pid, t->path, NULL, &opts);
	if (!link) {
		err = -errno;
		goto out;
	}
	ul->uprobes[ul->uprobe_cnt++] = link;
	ul->link.fd = bpf_link__fd(link);
out:
	free(offs);
	free(refs);
	free(cookies);
	return err;
}

static int attach_each(const struct bpf_program *prog, pid_t pid,
		       struct usdt_target *t, struct usdt_link *ul)
{
	size_t i;

	for (i = 0; i < t->cnt; i++) {
		LIBBPF_OPTS(bpf_uprobe_opts, opts);
		struct bpf_link *link;

		opts.ref_ctr_offset = t->sites[i].ref_ctr_off;
		/* without cookies the program finds its spec by address */
		opts.bpf_cookie = ul->man->has_cookie ? t->sites[i].spec_id : 0;
		link = bpf_program__attach_uprobe_opts(prog, pid, t->path,
						       t->sites[i].file_off, &opts);
		if (!link)
			return -errno;
		ul->uprobes[ul->uprobe_cnt++] = link;
	}
	return 0;
}

static bool kernel_has_ref_ctr(void)
{
	return !access("/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset", F_OK);
}

struct bpf_link *
bpf_program__attach_usdt(const struct bpf_program *prog, pid_t pid,
			 const char *binary_path, const char *usdt_provider,
			 const char *usdt_name, const struct bpf_usdt_opts *opts)
{
	struct usdt_target t = { .provider = usdt_provider, .name = usdt_name };
	struct usdt_link *ul = NULL;
	char path[PATH_MAX];
	bool multi;
	size_t i;
	int fd, err;

	if (!prog || !OPTS_VALID(opts, bpf_usdt_opts))
		return libbpf_err_ptr(-EINVAL);
	if (!binary_path || !usdt_provider || !usdt_name) {
		pr_warn("usdt: attach needs a binary, a provider and a name\n");
		return libbpf_err_ptr(-EINVAL);
	}
	t.prog_name = bpf_program__name(prog);
	if (bpf_program__fd(prog) < 0) {
		pr_warn("prog '%s': usdt: the program is not loaded\n", t.prog_name);
		return libbpf_err_ptr(-EINVAL);
	}
	err = resolve_full_path(binary_path, path, sizeof(path));
	if (err) {
		pr_warn("prog '%s': usdt: binary '%s' not found\n", t.prog_name, binary_path);
		return libbpf_err_ptr(err);
	}
	t.path = path;

	ul = calloc(1, sizeof(*ul));
	if (!ul)
		return libbpf_err_ptr(-ENOMEM);
	ul->link.fd = -1;
	ul->link.detach = usdt_link_detach;
	ul->link.dealloc = usdt_link_dealloc;
	ul->man = usdt_manager_get(prog, &err);
	if (!ul->man)
		goto fail;

	t.elf = elf_open_path(path, &fd, &err);
	if (!t.elf) {
		pr_warn("prog '%s': usdt: cannot read '%s': %s\n", t.prog_name, path,
			libbpf_errstr(err));
		goto fail;
	}
	err = collect_sites(&t);
	elf_end(t.elf);
	close(fd);
	t.elf = NULL;
	if (err)
		goto fail;
	for (i = 0; i < t.cnt && !t.sites[i].ref_ctr_off; i++)
		;
	if (i < t.cnt && !kernel_has_ref_ctr()) {
		pr_warn("prog '%s': usdt: probe %s:%s has a semaphore, which needs uprobe reference counters (4.20)\n",
			t.prog_name, t.provider, t.name);
		err = -EOPNOTSUPP;
		goto fail;
	}
	if (!ul->man->has_cookie) {
		err = find_abs_ips(&t, pid);
		if (err)
			goto fail;
	}
	err = assign_specs(&t, ul, OPTS_GET(opts, usdt_cookie, 0));
	if (err)
		goto fail;
	if (!ul->man->has_cookie) {
		err = add_ip_entries(&t, ul);
		if (err)
			goto fail;
	}
	multi = bpf_program__expected_attach_type(prog) == LIBBPF_TRACE_UPROBE_MULTI;
	ul->uprobes = calloc(multi ? 1 : t.cnt, sizeof(*ul->uprobes));
	if (!ul->uprobes) {
		err = -ENOMEM;
		goto fail;
	}
	err = multi ? attach_multi(prog, pid, &t, ul) : attach_each(prog, pid, &t, ul);
	if (err) {
		pr_warn("prog '%s': usdt: attaching %s:%s in '%s' (%zu site%s) failed: %s\n",
			t.prog_name, t.provider, t.name, path, t.cnt, t.cnt == 1 ? "" : "s",
			libbpf_errstr(err));
		goto fail;
	}
	pr_debug("prog '%s': usdt: attached %s:%s in '%s' at %zu site%s\n", t.prog_name,
		 t.provider, t.name, path, t.cnt, t.cnt == 1 ? "" : "s");
	free(t.sites);
	return &ul->link;
fail:
	free(t.sites);
	if (ul->man)
		usdt_link_detach(&ul->link);
	usdt_link_dealloc(&ul->link);
	return libbpf_err_ptr(err);
}

/* SEC("usdt/path:provider:name"), every process */
struct bpf_link *usdt_attach_by_sec(const struct bpf_program *prog, const char *target)
{
	char *copy = strdup(target), *name, *provider = NULL;
	struct bpf_link *link;

	if (!copy)
		return libbpf_err_ptr(-ENOMEM);
	name = strrchr(copy, ':');
	if (name) {
		*name++ = '\0';
		provider = strrchr(copy, ':');
	}
	if (!name || !provider || provider == copy || !provider[1] || !*name) {
		pr_warn("prog '%s': cannot parse usdt target '%s' (want path:provider:name)\n",
			bpf_program__name(prog), target);
		free(copy);
		return libbpf_err_ptr(-EINVAL);
	}
	*provider++ = '\0';
	link = bpf_program__attach_usdt(prog, -1, copy, provider, name, NULL);
	free(copy);
	return link;
}
