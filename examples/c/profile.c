// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * profile: sample what every CPU runs at 99 Hz (a software CPU clock perf
 * event per online CPU running a BPF program) and print each sample's
 * task with its kernel and user stacks, symbolized: kernel addresses
 * through /proc/kallsyms, user addresses through /proc/PID/maps and the
 * ELF symbol tables (.symtab, .dynsym) of the mapped files.
 *
 *   profile [-v]
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include "example.h"
#include "profile.h"
#include "profile.skel.h"

#define FREQ 99
#define SHOW_FRAMES 6

struct ksym {
	unsigned long long addr;
	char *name;
};

static struct ksym *ksyms;
static size_t nr_ksyms;

static int cmp_ksym(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* /proc/kallsyms once, sorted by address; zero addresses (hidden) skipped */
static void load_kallsyms(void)
{
	char line[512], name[256], type;
	unsigned long long addr;
	size_t cap = 0;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || !addr)
			continue;
		if (nr_ksyms == cap) {
			struct ksym *n = realloc(ksyms, (cap = cap ? cap * 2 : 4096) * sizeof(*n));

			if (!n)
				break;
			ksyms = n;
		}
		ksyms[nr_ksyms].addr = addr;
		ksyms[nr_ksyms++].name = strdup(name);
	}
	fclose(f);
	qsort(ksyms, nr_ksyms, sizeof(*ksyms), cmp_ksym);
}

static void print_ksym(unsigned long long addr)
{
	size_t lo = 0, hi = nr_ksyms;

	while (lo < hi) {	/* the last symbol at or below addr */
		size_t mid = (lo + hi) / 2;

		if (ksyms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || !ksyms[lo - 1].name)
		printf(" 0x%llx", addr);
	else
		printf(" %s+0x%llx", ksyms[lo - 1].name, addr - ksyms[lo - 1].addr);
}

/* the function in ELF file path covering file offset off; 0 if found */
static int elf_lookup(const char *path, unsigned long long off, char *out, size_t len)
{
	unsigned long long vaddr = 0, best = 0;
	bool have_vaddr = false, found = false;
	Elf_Scn *scn = NULL;
	GElf_Phdr ph;
	size_t i, n;
	Elf *elf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getphdrnum(elf, &n))
		goto out;
	for (i = 0; i < n; i++) {	/* file offset -> virtual address */
		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (off >= ph.p_offset && off < ph.p_offset + ph.p_filesz) {
			vaddr = off - ph.p_offset + ph.p_vaddr;
			have_vaddr = true;
			break;
		}
	}
	while (have_vaddr && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM))
			continue;
		data = elf_getdata(scn, NULL);
		for (i = 0; data && sh.sh_entsize && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *name;

			if (!gelf_getsym(data, i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
			    !sym.st_value || vaddr < sym.st_value ||
			    vaddr >= sym.st_value + (sym.st_size ? sym.st_size : 1))
				continue;
			if (found && sym.st_value <= best)
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			best = sym.st_value;
			snprintf(out, len, "%s+0x%llx", name, vaddr - sym.st_value);
			found = true;
		}
	}
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return found ? 0 : -1;
}

static void print_usym(int pid, unsigned long long addr)
{
	char path[64], line[768], file[512], sym[256];
	unsigned long long start, end, off;
	bool done = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	while (f && !done && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %511s", &start, &end, &off, file) != 4)
			continue;
		if (addr < start || addr >= end)
			continue;
		done = true;
		if (file[0] == '/' &&
		    !elf_lookup(file, addr - start + off, sym, sizeof(sym))) {
			printf(" %s", sym);
			fclose(f);
			return;
		}
	}
	if (f)
		fclose(f);
	printf(" 0x%llx", addr);
}

static int handle_sample(void *ctx, void *data, size_t size)
{
	const struct profile_sample *s = data;
	int i, n;

	(void)ctx;
	if (size < sizeof(*s))
		return 0;
	printf("profile: cpu %u pid %d comm %s: kernel", s->cpu, s->pid, s->comm);
	n = s->kstack_len > 0 ? s->kstack_len / 8 : 0;
	for (i = 0; i < n && i < SHOW_FRAMES; i++)
		print_ksym(s->kstack[i]);
	if (!n)
		printf(" -");
	printf("; user");
	n = s->ustack_len > 0 ? s->ustack_len / 8 : 0;
	for (i = 0; i < n && i < SHOW_FRAMES; i++)
		print_usym(s->pid, s->ustack[i]);
	if (!n)
		printf(" -");
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.freq = 1,
		.sample_freq = FREQ,
	};
	struct bpf_link **links = NULL;
	struct ring_buffer *rb = NULL;
	struct profile_bpf *skel;
	int err, cpu, ncpus, nr_attached = 0;

	example_init("profile", argc > 1 && !strcmp(argv[1], "-v"));
	elf_version(EV_CURRENT);
	ncpus = libbpf_num_possible_cpus();
	if (ncpus < 0)
		return example_error(ncpus, "cannot count the CPUs");
	links = calloc(ncpus, sizeof(*links));
	if (!links)
		return example_error(-ENOMEM, "cannot allocate links");
	load_kallsyms();

	skel = profile_bpf__open_and_load();
	if (!skel) {
		err = -errno;
		example_error(err, "cannot open and load the BPF object");
		goto out_links;
	}
	for (cpu = 0; cpu < ncpus; cpu++) {
		int fd = syscall(__NR_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);

		if (fd < 0) {
			if (errno == ENODEV)	/* a possible CPU that is not online */
				continue;
			err = -errno;
			example_error(err, "cannot open a CPU clock perf event on CPU %d", cpu);
			goto out;
		}
		links[cpu] = bpf_program__attach_perf_event(skel->progs.on_sample, fd);
		if (!links[cpu]) {
			err = -errno;
			close(fd);
			example_error(err, "cannot attach to the perf event on CPU %d", cpu);
			goto out;
		}
		nr_attached++;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.samples), handle_sample, NULL, NULL);
	if (!rb) {
		err = -errno;
		example_error(err, "cannot create the ring buffer");
		goto out;
	}
	printf("profile: sampling %d CPUs at %d Hz, %zu kernel symbols\n",
	       nr_attached, FREQ, nr_ksyms);
	example_ready("perf_event CPU clock sampling");
	err = example_poll(rb);
	if (err)
		goto out;
	example_done();
out:
	ring_buffer__free(rb);
	for (cpu = 0; cpu < ncpus; cpu++)
		bpf_link__destroy(links[cpu]);
	profile_bpf__destroy(skel);
out_links:
	free(links);
	return err ? 1 : 0;
}
