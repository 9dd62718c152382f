// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * obj_list: print what libbpf makes of BPF object files at open time.
 *
 *   obj_list [-v] FILE.bpf.o...
 *
 * For each file, bpf_object__open_file() and then, in iteration order:
 *
 *   object NAME
 *   prog NAME sec=SECTION type=N attach=N autoload=0|1 insns=N sum=HEX
 *   map NAME type=N key=N value=N max=N flags=0xHEX extra=N numa=N
 *       btf=KEY/VALUE pin=PATH|- [inner=TYPE/KEY/VALUE/MAX]
 *       [init=SIZE sum=HEX]                       (one line per map)
 *   btf types=N | btf none
 *
 * or "object FILE open failed: errno=N (TEXT)". sum is a 64-bit FNV-1a
 * hash of the program's instructions or of an internal map's initial
 * value. Output depends only on the object and the library, so two
 * builds of this tool against two libbpf implementations must print the
 * same thing (see compare_with_libbpf.sh).
 *
 * Written against the public API shared by libbpf 1.1 and current
 * upstream only: it must build unchanged against both.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>
#include <bpf/btf.h>

static bool verbose;

static int print_fn(enum libbpf_print_level level, const char *fmt,
		    va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	if (level == LIBBPF_INFO && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static uint64_t fnv1a(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void print_prog(const struct bpf_program *prog)
{
	const struct bpf_insn *insns = bpf_program__insns(prog);
	size_t cnt = bpf_program__insn_cnt(prog);
	uint64_t sum = insns ? fnv1a(insns, cnt * sizeof(*insns)) : 0;

	printf("prog %s sec=%s type=%d attach=%d autoload=%d insns=%zu sum=%016llx\n",
	       bpf_program__name(prog), bpf_program__section_name(prog),
	       (int)bpf_program__type(prog),
	       (int)bpf_program__expected_attach_type(prog),
	       bpf_program__autoload(prog) ? 1 : 0, cnt,
	       (unsigned long long)sum);
}

static void print_inner(struct bpf_map *map)
{
	struct bpf_map *inner = bpf_map__inner_map(map);

	if (!inner)
		return;
	printf(" inner=%d/%u/%u/%u", (int)bpf_map__type(inner),
	       bpf_map__key_size(inner), bpf_map__value_size(inner),
	       bpf_map__max_entries(inner));
}

static void print_init(struct bpf_map *map)
{
	const void *data;
	size_t size = 0;

	if (!bpf_map__is_internal(map))
		return;
	data = bpf_map__initial_value(map, &size);
	if (!data) {
		printf(" init=none");
		return;
	}
	printf(" init=%zu sum=%016llx", size,
	       (unsigned long long)fnv1a(data, size));
}

static void print_map(struct bpf_map *map)
{
	const char *pin = bpf_map__pin_path(map);

	printf("map %s type=%d key=%u value=%u max=%u flags=0x%x extra=%llu numa=%u btf=%u/%u pin=%s",
	       bpf_map__name(map), (int)bpf_map__type(map),
	       bpf_map__key_size(map), bpf_map__value_size(map),
	       bpf_map__max_entries(map), bpf_map__map_flags(map),
	       (unsigned long long)bpf_map__map_extra(map),
	       bpf_map__numa_node(map), bpf_map__btf_key_type_id(map),
	       bpf_map__btf_value_type_id(map), pin ? pin : "-");
	print_inner(map);
	print_init(map);
	printf("\n");
}

static void print_btf(const struct bpf_object *obj)
{
	const struct btf *btf = bpf_object__btf(obj);

	if (!btf) {
		printf("btf none\n");
		return;
	}
	printf("btf types=%u\n", btf__type_cnt(btf));
}

static int list_object(const char *path)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;
	int err;

	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		err = errno;
		printf("object %s open failed: errno=%d (%s)\n",
		       base_name(path), err, strerror(err));
		return -err;
	}

	printf("object %s\n", bpf_object__name(obj));
	bpf_object__for_each_program(prog, obj)
		print_prog(prog);
	bpf_object__for_each_map(map, obj)
		print_map(map);
	print_btf(obj);

	bpf_object__close(obj);
	return 0;
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-v] FILE.bpf.o...\n", argv0);
}

int main(int argc, char **argv)
{
	int i = 1, failed = 0;

	if (i < argc && !strcmp(argv[i], "-v")) {
		verbose = true;
		i++;
	}
	if (i >= argc) {
		usage(argv[0]);
		return 2;
	}

	libbpf_set_print(print_fn);
	for (; i < argc; i++) {
		if (list_object(argv[i]))
			failed++;
	}
	/* every object is listed; the status says whether all opened */
	return failed ? 1 : 0;
}
