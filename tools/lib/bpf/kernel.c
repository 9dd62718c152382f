// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Facts about the running kernel that do not change while a process runs:
 * its BTF, version, Kconfig and symbol addresses. Each is computed once,
 * on first need, and shared by every object the process loads.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
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

struct ksym {
	char *name;
	__u64 addr;
};

static pthread_once_t kallsyms_once = PTHREAD_ONCE_INIT;
static struct ksym *ksyms;
static size_t ksym_cnt;

static int cmp_ksym(const void *a, const void *b)
{
	return strcmp(((const struct ksym *)a)->name, ((const struct ksym *)b)->name);
}

/*
 * /proc/kallsyms sorted by name. Names the kernel has more than once
 * (static functions of different files) resolve to one of them.
 */
static void read_kallsyms(void)
{
	char sym[256], type;
	unsigned long long addr;
	size_t cap = 0;
	FILE *f;

	f = fopen("/proc/kallsyms", "re");
	if (!f) {
		pr_debug("kallsyms: cannot open /proc/kallsyms: %s\n", libbpf_errstr(-errno));
		return;
	}
	while (fscanf(f, "%llx %c %255s%*[^\n]\n", &addr, &type, sym) == 3) {
		if (libbpf_ensure_mem((void **)&ksyms, &cap, sizeof(*ksyms), ksym_cnt + 1))
			break;
		ksyms[ksym_cnt].name = strdup(sym);
		if (!ksyms[ksym_cnt].name)
			break;
		ksyms[ksym_cnt++].addr = addr;
	}
	fclose(f);
	qsort(ksyms, ksym_cnt, sizeof(*ksyms), cmp_ksym);
}

__u64 libbpf_kallsyms_addr(const char *name)
{
	struct ksym key = { .name = (char *)name }, *k;

	pthread_once(&kallsyms_once, read_kallsyms);
	if (!ksym_cnt)
		return 0;
	k = bsearch(&key, ksyms, ksym_cnt, sizeof(*ksyms), cmp_ksym);
	return k ? k->addr : 0;
}
