// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Facts about the running kernel that do not change while a process runs:
 * its BTF, version, Kconfig and symbol addresses. Each is computed once,
 * on first need, and shared by every object the process loads.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "libbpf_internal.h"

/* ---- vmlinux BTF ---------------------------------------------------------- */

static pthread_once_t vmlinux_once = PTHREAD_ONCE_INIT;
static struct btf *vmlinux_btf;
static int vmlinux_err;

static void load_vmlinux_btf(void)
{
	vmlinux_btf = btf__load_vmlinux_btf();
	if (!vmlinux_btf)
		vmlinux_err = -errno;
}

struct btf *libbpf_vmlinux_btf(void)
{
	pthread_once(&vmlinux_once, load_vmlinux_btf);
	if (!vmlinux_btf)
		return libbpf_err_ptr(vmlinux_err);
	return vmlinux_btf;
}

/* ---- kernel version ------------------------------------------------------- */

static pthread_once_t version_once = PTHREAD_ONCE_INIT;
static __u32 kernel_version;

static __u32 make_version(unsigned int a, unsigned int b, unsigned int c)
{
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

/*
 * Distribution kernels report a release like "6.1.0-47-amd64"; the
 * version the kernel was built as is in /proc/version_signature (Ubuntu)
 * or after "Debian " in the uname version string.
 */
static void read_kernel_version(void)
{
	unsigned int a = 0, b = 0, c = 0;
	struct utsname u;
	const char *deb;
	FILE *f;

	f = fopen("/proc/version_signature", "re");
	if (f) {
		int n = fscanf(f, "%*s %*s %u.%u.%u", &a, &b, &c);

		fclose(f);
		if (n == 3) {
			kernel_version = make_version(a, b, c);
			return;
		}
	}
	if (uname(&u))
		return;
	deb = strstr(u.version, "Debian ");
	if (deb && sscanf(deb + 7, "%u.%u.%u", &a, &b, &c) == 3) {
		kernel_version = make_version(a, b, c);
		return;
	}
	if (sscanf(u.release, "%u.%u.%u", &a, &b, &c) >= 2)
		kernel_version = make_version(a, b, c);
}

__u32 libbpf_kernel_version(void)
{
	pthread_once(&version_once, read_kernel_version);
	return kernel_version;
}

/* ---- Kconfig -------------------------------------------------------------- */

struct kcfg_entry {
	char *name;	/* without the CONFIG_ prefix */
	char *value;
};

static pthread_once_t kconfig_once = PTHREAD_ONCE_INIT;
static struct kcfg_entry *kconfig;
static size_t kconfig_cnt;

static void kconfig_add_line(char *line)
{
	char *eq, *end;
	struct kcfg_entry *e;

	if (strncmp(line, "CONFIG_", 7) != 0)
		return;
	eq = strchr(line, '=');
	if (!eq)
		return;
	*eq = '\0';
	end = eq + 1 + strcspn(eq + 1, "\r\n");
	*end = '\0';
	if (libbpf_grow_one((void **)&kconfig, kconfig_cnt, sizeof(*e)))
		return;
	e = kconfig;
	e[kconfig_cnt].name = strdup(line + 7);
	e[kconfig_cnt].value = strdup(eq + 1);
	if (e[kconfig_cnt].name && e[kconfig_cnt].value)
		kconfig_cnt++;
	else {
		free(e[kconfig_cnt].name);
		free(e[kconfig_cnt].value);
	}
}

static void read_kconfig(void)
{
	char path[512], line[4096];
	struct utsname u;
	gzFile gz = NULL;

	if (!uname(&u)) {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		gz = gzopen(path, "re");
	}
	if (!gz)
		gz = gzopen("/proc/config.gz", "re");
	if (!gz) {
		pr_debug("kernel config: neither /boot/config-<release> nor /proc/config.gz is readable\n");
		return;
	}
	while (gzgets(gz, line, sizeof(line)))
		kconfig_add_line(line);
	gzclose(gz);
}

const char *libbpf_kconfig_value(const char *name)
{
	size_t i;

	pthread_once(&kconfig_once, read_kconfig);
	for (i = 0; i < kconfig_cnt; i++)
		if (strcmp(kconfig[i].name, name) == 0)
			return kconfig[i].value;
	return NULL;
}

/* ---- kallsyms ------------------------------------------------------------- */

/*
 * /proc/kallsyms read once into one buffer, which stays as read. The
 * first lookups search it (an object has a few typeless __ksym externs
 * at most); after KSYM_SCANS lookups it is indexed by a hash of the
 * names, in one hand-written pass: a kernel has 100k+ symbols, and
 * stdio scanning, sorting and a copy per name cost ten times as much.
 */
struct ksym {
	__u64 addr;
	__u32 name;	/* offset of the name in ksym_text */
	__u32 hash;
};

#define KSYM_SCANS 8

static pthread_once_t kallsyms_once = PTHREAD_ONCE_INIT;
static pthread_once_t kallsyms_index_once = PTHREAD_ONCE_INIT;
static char *ksym_text;
static size_t ksym_text_len;
static unsigned int ksym_lookups;
static struct ksym *ksyms;
static __u32 ksym_cnt;
static __u32 *ksym_heads;	/* per bucket: 1 + first entry index, or 0 */
static __u32 *ksym_next;	/* per entry: 1 + next entry index, or 0 */
static __u32 ksym_mask;

/*
 * FNV-1a over a name, which ends at the first byte <= ' ' (NUL, tab,
 * space or newline in /proc/kallsyms; no symbol name has one)
 */
static __u32 ksym_hash(const char *s, const char **end)
{
	__u32 h = 2166136261u;
	unsigned char c;

	while ((c = *s) > ' ') {
		h = (h ^ c) * 16777619u;
		s++;
	}
	*end = s;
	return h;
}

/* all of /proc/kallsyms, ending with "\n\0" whatever the last line was */
static char *read_kallsyms_text(size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *buf = NULL, *p;
	ssize_t r;
	int fd;

	fd = open("/proc/kallsyms", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		pr_debug("kallsyms: cannot open /proc/kallsyms: %s\n", libbpf_errstr(-errno));
		return NULL;
	}
	for (;;) {
		if (!buf || cap - n < 4096) {
			if (buf)
				cap *= 2;
			p = realloc(buf, cap);
			if (!p)
				goto fail;
			buf = p;
		}
		r = read(fd, buf + n, cap - n - 2);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += r;
	}
	close(fd);
	buf[n++] = '\n';
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	pr_debug("kallsyms: cannot read /proc/kallsyms: %s\n", libbpf_errstr(-errno));
	close(fd);
	free(buf);
	return NULL;
}

/* 1 + the value of each hex digit, 0 for other bytes */
static const unsigned char hex_val[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* lines are "ADDR TYPE NAME[\t[MODULE]]"; others are skipped */
static void parse_kallsyms(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *name, *name_end;
	size_t cap = len / 32 + 16;
	struct ksym *k;
	__u64 addr;
	unsigned int d;

	ksyms = malloc(cap * sizeof(*ksyms));
	if (!ksyms)
		return;
	while (p < end) {
		for (addr = 0; (d = hex_val[(unsigned char)*p]); p++)
			addr = addr << 4 | (d - 1);
		/* p[0] ' ', p[1] the type letter, p[2] ' ', then the name */
		if (p[0] != ' ' || p[1] == '\n' || p[1] == '\0' || p[2] != ' ')
			goto next_line;
		name = p + 3;
		if (ksym_cnt == cap) {
			k = reallocarray(ksyms, cap * 2, sizeof(*ksyms));
			if (!k)
				break;
			ksyms = k;
			cap *= 2;
		}
		k = &ksyms[ksym_cnt];
		k->hash = ksym_hash(name, &name_end);
		if (name_end == name)
			goto next_line;
		k->addr = addr;
		k->name = name - text;
		ksym_cnt++;
		p = name_end;
next_line:
		while (*p != '\n')
			p++;
		p++;
	}
}

/* buckets filled from the end so that a name's first line is found first */
static void index_kallsyms(void)
{
	__u32 i, nb = 16, b;

	while (nb < ksym_cnt)
		nb <<= 1;
	ksym_heads = calloc(nb, sizeof(*ksym_heads));
	ksym_next = malloc((size_t)ksym_cnt * sizeof(*ksym_next) + 1);
	if (!ksym_heads || !ksym_next) {
		free(ksym_heads);
		free(ksym_next);
		ksym_heads = ksym_next = NULL;
		return;
	}
	ksym_mask = nb - 1;
	for (i = ksym_cnt; i-- > 0;) {
		b = ksyms[i].hash & ksym_mask;
		ksym_next[i] = ksym_heads[b];
		ksym_heads[b] = i + 1;
	}
}

static void read_kallsyms(void)
{
	ksym_text = read_kallsyms_text(&ksym_text_len);
}

static void build_kallsyms_index(void)
{
	parse_kallsyms(ksym_text, ksym_text_len);
	if (ksym_cnt)
		index_kallsyms();
	if (!ksym_heads) {
		free(ksyms);
		ksyms = NULL;
		ksym_cnt = 0;
	}
}

/* does the name at text + off, ended by a blank, equal name (len bytes)? */
static bool ksym_name_is(__u32 off, const char *name, size_t len)
{
	return strncmp(ksym_text + off, name, len) == 0 &&
	       (unsigned char)ksym_text[off + len] <= ' ';
}

/* the address on the first line naming name, by a search of the text */
static __u64 kallsyms_scan(const char *name, size_t len)
{
	const char *text = ksym_text, *end = text + ksym_text_len, *p = text, *hit, *line;
	unsigned int d;
	__u64 addr;

	while ((hit = memmem(p, end - p, name, len))) {
		p = hit + 1;
		/* "ADDR T NAME" then a newline or "\t[MODULE]" */
		if (hit - text < 4 || hit[-1] != ' ' || hit[-3] != ' ' ||
		    (hit[len] != '\n' && hit[len] != '\t'))
			continue;
		for (line = hit - 3; line > text && line[-1] != '\n'; line--)
			;
		for (addr = 0; (d = hex_val[(unsigned char)*line]); line++)
			addr = addr << 4 | (d - 1);
		if (line == hit - 3)
			return addr;
	}
	return 0;
}

__u64 libbpf_kallsyms_addr(const char *name)
{
	const char *end;
	size_t len;
	__u32 h, i;

	pthread_once(&kallsyms_once, read_kallsyms);
	if (!ksym_text)
		return 0;
	h = ksym_hash(name, &end);
	len = end - name;
	if (*end || !len)
		return 0;	/* no kernel symbol is empty or has a blank */
	if (__atomic_fetch_add(&ksym_lookups, 1, __ATOMIC_RELAXED) < KSYM_SCANS)
		return kallsyms_scan(name, len);
	pthread_once(&kallsyms_index_once, build_kallsyms_index);
	if (!ksym_heads)
		return kallsyms_scan(name, len);
	for (i = ksym_heads[h & ksym_mask]; i; i = ksym_next[i - 1]) {
		const struct ksym *k = &ksyms[i - 1];

		if (k->hash == h && ksym_name_is(k->name, name, len))
			return k->addr;
	}
	return 0;
}
