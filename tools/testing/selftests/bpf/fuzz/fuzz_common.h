/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Shared by the libFuzzer targets (fuzz/fuzz_*.c, unit/fuzz_open.c):
 * silence the library's log, and walk a parsed BTF the way an application
 * would (every query on every type, then a C dump of each into a memory
 * stream). The results go to a sink so that nothing is optimized away.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static volatile size_t fuzz_sink;

static inline int fuzz_quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level;
	(void)fmt;
	(void)args;
	return 0;
}

/* libFuzzer calls this once; the library's warnings would flood its output */
#define FUZZ_QUIET_INIT                                                    \
	int LLVMFuzzerInitialize(int *argc, char ***argv)                  \
	{                                                                  \
		(void)argc;                                                \
		(void)argv;                                                \
		if (!getenv("FUZZ_VERBOSE"))                               \
			libbpf_set_print(fuzz_quiet);                      \
		return 0;                                                  \
	}

static inline void fuzz_dump_printf(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

/* the C declaration of every type from @first_id on, into a memory stream */
static inline void fuzz_btf_dump_all(struct btf *btf, __u32 first_id)
{
	struct btf_dump *d;
	char *text = NULL;
	size_t len = 0;
	__u32 id, n = btf__type_cnt(btf);
	FILE *f;

	f = open_memstream(&text, &len);
	if (!f)
		return;
	d = btf_dump__new(btf, fuzz_dump_printf, f, NULL);
	if (d) {
		for (id = first_id; id < n; id++)
			btf_dump__dump_type(d, id);
		btf_dump__free(d);
	}
	fclose(f);
	fuzz_sink += len;
	free(text);
}

/* every query of every type from @first_id on */
static inline void fuzz_btf_query_all(const struct btf *btf, __u32 first_id)
{
	__u32 id, n = btf__type_cnt(btf);
	const struct btf_type *t;
	const char *name;

	for (id = first_id; id < n; id++) {
		t = btf__type_by_id(btf, id);
		if (!t)
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (name) {
			fuzz_sink += strlen(name);
			if (*name)
				fuzz_sink += btf__find_by_name_kind(btf, name, btf_kind(t)) +
					     btf__find_by_name(btf, name);
		}
		fuzz_sink += btf__resolve_size(btf, id) + btf__resolve_type(btf, id) +
			     btf__align_of(btf, id);
	}
	fuzz_sink += btf__type_cnt(btf) + btf__pointer_size(btf) +
		     (btf__type_by_id(btf, n) != NULL) + (btf__name_by_offset(btf, ~0u) != NULL);
}

/* the raw data, queries and C dump of @btf, then btf__dedup() and again */
static inline void fuzz_btf_walk(struct btf *btf, __u32 first_id, bool dedup)
{
	const void *raw;
	__u32 raw_sz;

	fuzz_btf_query_all(btf, first_id);
	raw = btf__raw_data(btf, &raw_sz);
	if (raw && raw_sz)
		fuzz_sink += ((const uint8_t *)raw)[raw_sz - 1];
	fuzz_btf_dump_all(btf, first_id);
	if (dedup && !btf__dedup(btf, NULL)) {
		fuzz_btf_query_all(btf, first_id);
		raw = btf__raw_data(btf, &raw_sz);
		if (raw && raw_sz)
			fuzz_sink += ((const uint8_t *)raw)[raw_sz - 1];
		fuzz_btf_dump_all(btf, first_id);
	}
}

/* a malloc()ed copy of the input, so that reads past it are caught */
static inline void *fuzz_dup(const uint8_t *data, size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p && size)
		memcpy(p, data, size);
	return p;
}

#endif
