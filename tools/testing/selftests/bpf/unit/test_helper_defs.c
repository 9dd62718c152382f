// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The BPF-side headers: the generated bpf_helper_defs.h declares every
 * helper of the UAPI linux/bpf.h the build used, once, with the id
 * enum bpf_func_id gives it; and the objects built from progs/hdr_*.c
 * open with the library and contain the programs their sources define.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include "unit.h"

struct helper_id {
	const char *name;
	int id;
	int seen;
};

/* name -> id from the UAPI itself; FN(name) works for both the old and
 * the new (FN(name, id)) mapper, which keeps a one-argument wrapper;
 * the mapper puts the commas between entries */
#define HELPER_ENTRY(name) { #name, BPF_FUNC_##name, 0 }
static struct helper_id uapi_helpers[] = {
	__BPF_FUNC_MAPPER(HELPER_ENTRY)
};
#undef HELPER_ENTRY

#define NR_UAPI_HELPERS (sizeof(uapi_helpers) / sizeof(uapi_helpers[0]))

static struct helper_id *find_helper(const char *name)
{
	size_t i;

	for (i = 0; i < NR_UAPI_HELPERS; i++)
		if (strcmp(uapi_helpers[i].name, name) == 0)
			return &uapi_helpers[i];
	return NULL;
}

/*
 * "static <ret> (* const bpf_<name>)(<args>) = (void *) <id>;" -> name
 * (without bpf_) and id. Returns 1 for a declaration, 0 for other lines.
 */
static int parse_decl(const char *line, char *name, size_t name_sz, int *id)
{
	const char *p, *end, *val;

	if (strncmp(line, "static ", 7) != 0)
		return 0;
	p = strstr(line, "(* const bpf_");
	val = strstr(line, ") = (void *) ");
	if (!p || !val)
		return -1;
	p += strlen("(* const bpf_");
	end = strchr(p, ')');
	if (!end || (size_t)(end - p) >= name_sz)
		return -1;
	memcpy(name, p, end - p);
	name[end - p] = '\0';
	if (sscanf(val + strlen(") = (void *) "), "%d;", id) != 1)
		return -1;
	return 1;
}

UNIT_TEST(helper_defs_ids_match_uapi)
{
	const char *path = unit_obj_path("include/bpf/bpf_helper_defs.h");
	char *text, *line, *save = NULL;
	size_t size, i;
	int decls = 0;

	text = unit_read_file(path, &size);
	if (!ASSERT_OK_PTR(text, path))
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct helper_id *h;
		char name[128];
		int id, ret;

		ret = parse_decl(line, name, sizeof(name), &id);
		if (ret == 0)
			continue;
		if (!ASSERT_EQ(ret, 1, line))
			break;
		decls++;
		h = find_helper(name);
		if (!ASSERT_OK_PTR(h, name))
			continue;
		ASSERT_EQ(id, h->id, name);
		h->seen++;
	}
	free(text);

	/* every helper but "unspec" (id 0), declared exactly once */
	ASSERT_EQ(decls, NR_UAPI_HELPERS - 1, "number of declarations");
	for (i = 0; i < NR_UAPI_HELPERS; i++) {
		const struct helper_id *h = &uapi_helpers[i];

		ASSERT_EQ(h->seen, h->id == 0 ? 0 : 1, h->name);
	}
}

struct hdr_obj {
	const char *file;
	const char *progs[12];
};

static const struct hdr_obj hdr_objs[] = {
	{ "hdr_kprobe.bpf.o", { "hdr_kprobe_unlinkat", "hdr_kretprobe_unlinkat",
		"hdr_ksyscall_openat", "hdr_ksyscall_close",
		"hdr_kprobe_sys_close", "hdr_kprobe_regs", "hdr_uprobe",
		"hdr_uretprobe" } },
	{ "hdr_btf.bpf.o", { "hdr_tp_btf_switch", "hdr_raw_tp_sys_enter",
		"hdr_prog2_newtask", "hdr_prog2_none" } },
	{ "hdr_fentry.bpf.o", { "hdr_fentry_test7", "hdr_fexit_test1",
		"hdr_prog2_test2" } },
	{ "hdr_printk.bpf.o", { "hdr_printk", "hdr_iter_task" } },
	{ "hdr_net.bpf.o", { "hdr_tc_main", "hdr_tc_target", "hdr_xdp" } },
	{ "hdr_uapi_only.bpf.o", { "hdr_uapi_tc", "hdr_uapi_socket" } },
	/* hdr_iters.bpf.o needs __ulong map attributes (enum-typed members) */
};

UNIT_TEST(helper_hdr_objects_open)
{
	size_t i, j;

	for (i = 0; i < sizeof(hdr_objs) / sizeof(hdr_objs[0]); i++) {
		const struct hdr_obj *o = &hdr_objs[i];
		struct bpf_object *obj;
		struct bpf_program *prog;
		int n = 0, want = 0;

		obj = bpf_object__open_file(unit_obj_path(o->file), NULL);
		if (!ASSERT_OK_PTR(obj, o->file))
			continue;
		for (j = 0; j < sizeof(o->progs) / sizeof(o->progs[0]); j++) {
			if (!o->progs[j])
				break;
			want++;
			prog = bpf_object__find_program_by_name(obj, o->progs[j]);
			ASSERT_OK_PTR(prog, o->progs[j]);
		}
		bpf_object__for_each_program(prog, obj)
			n++;
		ASSERT_EQ(n, want, o->file);
		bpf_object__close(obj);
	}
}
