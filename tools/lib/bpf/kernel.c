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
	e = realloc(kconfig, (kconfig_cnt + 1) * sizeof(*e));
	if (!e)
		return;
	kconfig = e;
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
 * /proc/kallsyms read once into one buffer and indexed by a hash of the
 * names, which stay in the buffer (NUL-terminated in place). A kernel has
 * 100k+ symbols: the parse is one hand-written pass over the text, no
 * stdio scanning, no sort, no per-name allocation.
 */
struct ksym {
	__u64 addr;
	__u32 name;	/* offset of the name in ksym_text */
	__u32 hash;
};

static pthread_once_t kallsyms_once = PTHREAD_ONCE_INIT;
static char *ksym_text;
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
static void parse_kallsyms(char *text, size_t len)
{
	char *p = text, *end = text + len, *name;
	const char *name_end;
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
		p = (char *)name_end;
		if (*p == '\n') {
			*p++ = '\0';
			continue;
		}
		*p++ = '\0';
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
	size_t len;

	ksym_text = read_kallsyms_text(&len);
	if (!ksym_text)
		return;
	parse_kallsyms(ksym_text, len);
	if (ksym_cnt)
		index_kallsyms();
	if (!ksym_heads) {
		free(ksyms);
		free(ksym_text);
		ksyms = NULL;
		ksym_text = NULL;
		ksym_cnt = 0;
	}
}

__u64 libbpf_kallsyms_addr(const char *name)
{
	const char *end;
	__u32 h, i;

	pthread_once(&kallsyms_once, read_kallsyms);
	if (!ksym_heads)
		return 0;
	h = ksym_hash(name, &end);
	if (*end)
		return 0;	/* no kernel symbol has a blank in its name */
	for (i = ksym_heads[h & ksym_mask]; i; i = ksym_next[i - 1]) {
		const struct ksym *k = &ksyms[i - 1];

		if (k->hash == h && strcmp(ksym_text + k->name, name) == 0)
			return k->addr;
	}
	return 0;
}
