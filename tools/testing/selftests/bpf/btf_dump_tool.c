// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf_dump_tool: drives the btf_dump API over every type of a BTF file
 * (raw BTF such as /sys/kernel/btf/vmlinux, or an ELF object with .BTF).
 * Built twice: with this tree's libbpf (btf_dump_tool) and with the
 * system's (btf_dump_tool.system), so that test_btf_dump.sh can diff
 * what the two print.
 *
 *   btf_dump_tool vmlinux FILE     a vmlinux.h, as "bpftool btf dump file
 *                                  FILE format c" writes it
 *   btf_dump_tool c FILE           btf_dump__dump_type() of every type id
 *   btf_dump_tool decl FILE        btf_dump__emit_type_decl() of every
 *                                  type id, plain and with options
 *   btf_dump_tool data FILE SEED   btf_dump__dump_type_data() of every
 *                                  sized type id on pseudo-random bytes
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static void print_fn(void *ctx, const char *fmt, va_list args)
{
	vprintf(fmt, args);
}

static void null_print_fn(void *ctx, const char *fmt, va_list args)
{
}

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static int dump_c(struct btf *btf, bool vmlinux)
{
	struct btf_dump *d = btf_dump__new(btf, print_fn, NULL, NULL);
	__u32 id, cnt = btf__type_cnt(btf);
	int err;

	if (!d)
		return -errno;
	if (vmlinux) {
		printf("#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n");
		printf("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n");
		printf("#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n");
		printf("#endif\n\n");
	}
	for (id = 1; id < cnt; id++) {
		err = btf_dump__dump_type(d, id);
		if (err) {
			fprintf(stderr, "btf_dump__dump_type(%u): %d\n", id, err);
			btf_dump__free(d);
			return err;
		}
	}
	if (vmlinux) {
		printf("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n#endif\n\n");
		printf("#endif /* __VMLINUX_H__ */\n");
	}
	btf_dump__free(d);
	return 0;
}

static bool decl_kind(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
	case BTF_KIND_DECL_TAG:
		return false;
	default:
		return true;
	}
}

static int dump_decls(struct btf *btf)
{
	struct btf_dump *d = btf_dump__new(btf, print_fn, NULL, NULL);
	__u32 id, cnt = btf__type_cnt(btf);

	if (!d)
		return -errno;
	for (id = 1; id < cnt; id++) {
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o1, .field_name = "x");
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o2, .field_name = "", .strip_mods = true,
			    .indent_level = 2);

		if (!decl_kind(btf__type_by_id(btf, id)))
			continue;
		printf("[%u] ", id);
		printf(" ret=%d\n", btf_dump__emit_type_decl(d, id, &o1));
		printf("[%u] ", id);
		printf(" ret=%d\n", btf_dump__emit_type_decl(d, id, &o2));
	}
	btf_dump__free(d);
	return 0;
}

static unsigned long long rnd_state;

static unsigned int rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return rnd_state >> 33;
}

static bool data_kind(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_PTR:
	case BTF_KIND_ARRAY:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
		return true;
	default:
		return false;
	}
}

static int dump_data(struct btf *btf, unsigned long long seed)
{
	struct btf_dump *d = btf_dump__new(btf, print_fn, NULL, NULL);
	/* what is printed before a -E2BIG is not compared */
	struct btf_dump *dq = btf_dump__new(btf, null_print_fn, NULL, NULL);
	__u32 id, cnt = btf__type_cnt(btf);
	unsigned char *buf;

	if (!d || !dq)
		return -errno;
	rnd_state = seed;
	buf = malloc(65536);
	if (!buf)
		return -ENOMEM;
	for (id = 1; id < cnt; id++) {
		long long sz = btf__resolve_size(btf, id);
		int mode, density, i, ret;

		if (!data_kind(btf__type_by_id(btf, id)) || sz <= 0 || sz > 65536)
			continue;
		/* mostly zero bytes, so that members get skipped too */
		density = rnd() % 4;
		for (i = 0; i < sz; i++)
			buf[i] = (int)(rnd() % 4) < density ? rnd() : 0;
		for (mode = 0; mode < 4; mode++) {
			LIBBPF_OPTS(btf_dump_type_data_opts, o, .compact = mode & 1,
				    .skip_names = mode & 2);

			printf("[%u] mode %d: ", id, mode);
			ret = btf_dump__dump_type_data(d, id, buf, sz, &o);
			printf("\n ret=%d\n", ret);
		}
		/* libbpf 1.1 reads arrays past data_sz: not compared */
		if (btf_is_array(btf__type_by_id(btf, btf__resolve_type(btf, id))))
			continue;
		printf("[%u] short: ret=%d\n", id,
		       btf_dump__dump_type_data(dq, id, buf, sz / 2, NULL));
	}
	free(buf);
	btf_dump__free(dq);
	btf_dump__free(d);
	return 0;
}

int main(int argc, char **argv)
{
	struct btf *btf;
	int err;

	if (argc < 3) {
		fprintf(stderr, "usage: %s vmlinux|c|decl|data FILE [SEED]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet_print);
	btf = btf__parse(argv[2], NULL);
	if (!btf) {
		fprintf(stderr, "%s: cannot parse BTF: %s\n", argv[2], strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "vmlinux") || !strcmp(argv[1], "c"))
		err = dump_c(btf, argv[1][0] == 'v');
	else if (!strcmp(argv[1], "decl"))
		err = dump_decls(btf);
	else if (!strcmp(argv[1], "data"))
		err = dump_data(btf, argc > 3 ? strtoull(argv[3], NULL, 0) : 1);
	else
		err = -EINVAL;
	fflush(stdout);
	btf__free(btf);
	return err ? 1 : 0;
}
