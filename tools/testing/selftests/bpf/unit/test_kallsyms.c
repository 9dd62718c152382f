// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * kallsyms lookups (the first ones search the text, later ones use the
 * index) against a plain reading of /proc/kallsyms: every
 * name resolves to the address of its first line, names that are not
 * there (or only as a prefix) to 0.
 */
#include <stdlib.h>
#include "unit.h"
#include "libbpf_internal.h"

struct ref_sym {
	char name[256];
	unsigned long long addr;
};

/* the first line of each of up to max names, every step-th line */
static int read_reference(struct ref_sym *syms, int max, int step, bool *nonzero)
{
	char name[256], type;
	unsigned long long addr;
	int n = 0, line = 0;
	FILE *f;

	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return -1;
	while (n < max && fscanf(f, "%llx %c %255s%*[^\n]\n", &addr, &type, name) == 3) {
		if (addr)
			*nonzero = true;
		if (line++ % step)
			continue;
		snprintf(syms[n].name, sizeof(syms[n].name), "%s", name);
		syms[n++].addr = addr;
	}
	fclose(f);
	return n;
}

/* the address of each sample's first line, as the index must give it */
static void first_addrs(struct ref_sym *syms, int n)
{
	char name[256], type;
	unsigned long long addr;
	bool *seen = calloc(n, sizeof(*seen));
	FILE *f = fopen("/proc/kallsyms", "re");
	int i;

	if (!f || !seen)
		goto out;
	while (fscanf(f, "%llx %c %255s%*[^\n]\n", &addr, &type, name) == 3) {
		for (i = 0; i < n; i++) {
			if (!seen[i] && !strcmp(name, syms[i].name)) {
				syms[i].addr = addr;
				seen[i] = true;
			}
		}
	}
out:
	if (f)
		fclose(f);
	free(seen);
}

UNIT_TEST(kallsyms_index)
{
	struct ref_sym *syms = calloc(64, sizeof(*syms));
	bool nonzero = false;
	int n, i, bad = 0;

	if (!ASSERT_TRUE(syms, "calloc"))
		return;
	n = read_reference(syms, 64, 1999, &nonzero);
	if (n <= 0 || !nonzero) {
		free(syms);
		UNIT_SKIP("/proc/kallsyms unreadable or addresses hidden (not root)");
	}
	first_addrs(syms, n);
	for (i = 0; i < n; i++) {
		unsigned long long got = libbpf_kallsyms_addr(syms[i].name);

		if (got != syms[i].addr) {
			UNIT_FAIL("%s: %llx, expected %llx", syms[i].name, got, syms[i].addr);
			bad++;
		}
	}
	ASSERT_EQ(bad, 0, "names resolved like /proc/kallsyms says");
	ASSERT_NEQ(libbpf_kallsyms_addr("_text"), 0, "_text");
	ASSERT_EQ(libbpf_kallsyms_addr("no_such_kernel_symbol_at_all"), 0, "missing name");
	ASSERT_EQ(libbpf_kallsyms_addr("_tex"), 0, "a prefix of a name");
	ASSERT_EQ(libbpf_kallsyms_addr("_text "), 0, "a name with a blank");
	ASSERT_EQ(libbpf_kallsyms_addr(""), 0, "the empty name");
	free(syms);
}
