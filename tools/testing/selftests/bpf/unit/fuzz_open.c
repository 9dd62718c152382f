// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fuzz target for the object parser: any bytes go to
 * bpf_object__open_mem(); an object that opens is walked as an application
 * would before load (every program and map and their getters, forwards
 * and backwards, lookups by name, the object's BTF: every query and a C
 * dump of every type) and closed.
 *
 * Three builds of this one file:
 *  - libFuzzer (make fuzz_open, run_fuzz_open): clang -fsanitize=fuzzer
 *    provides main() and calls LLVMFuzzerTestOneInput();
 *  - replay (-DFUZZ_OPEN_REPLAY): main() feeds each file named on the
 *    command line once, e.g. to reproduce a crash found elsewhere;
 *  - inside test_unit (every .c file of unit/ is linked there): a unit test
 *    feeds the test objects through the same entry point.
 */
#include "../fuzz/fuzz_common.h"

static void walk_program(const struct bpf_object *obj, const struct bpf_program *prog)
{
	const struct bpf_insn *insns = bpf_program__insns(prog);
	size_t cnt = bpf_program__insn_cnt(prog);
	const struct bpf_line_info *li = bpf_program__line_info(prog);
	const struct bpf_func_info *fi = bpf_program__func_info(prog);
	const char *name = bpf_program__name(prog);

	fuzz_sink += strlen(name) + strlen(bpf_program__section_name(prog)) + cnt +
		     bpf_program__type(prog) + bpf_program__expected_attach_type(prog) +
		     bpf_program__autoload(prog) + bpf_program__autoattach(prog) +
		     bpf_program__flags(prog) + bpf_program__log_level(prog) +
		     bpf_program__fd(prog) + bpf_program__line_info_cnt(prog) +
		     bpf_program__func_info_cnt(prog);
	if (insns && cnt)
		fuzz_sink += insns[cnt - 1].code;
	if (li && bpf_program__line_info_cnt(prog))
		fuzz_sink += li[bpf_program__line_info_cnt(prog) - 1].line_off;
	if (fi && bpf_program__func_info_cnt(prog))
		fuzz_sink += fi[bpf_program__func_info_cnt(prog) - 1].type_id;
	if (bpf_object__find_program_by_name(obj, name) == NULL)
		fuzz_sink++;
}

static void walk_map(const struct bpf_object *obj, const struct bpf_map *map)
{
	const struct bpf_map *inner = bpf_map__inner_map((struct bpf_map *)map);
	const char *name = bpf_map__name(map), *pin = bpf_map__pin_path(map);
	const uint8_t *val;
	size_t vsz;

	val = bpf_map__initial_value(map, &vsz);
	fuzz_sink += strlen(name) + bpf_map__type(map) + bpf_map__key_size(map) +
		     bpf_map__value_size(map) + bpf_map__max_entries(map) +
		     bpf_map__map_flags(map) + bpf_map__numa_node(map) + bpf_map__map_extra(map) +
		     bpf_map__btf_key_type_id(map) + bpf_map__btf_value_type_id(map) +
		     bpf_map__is_internal(map) + bpf_map__autocreate(map) +
		     bpf_map__autoattach(map) + bpf_map__ifindex(map) + bpf_map__fd(map);
	if (pin)
		fuzz_sink += strlen(pin);
	if (val && vsz)
		fuzz_sink += val[vsz - 1];
	if (inner)
		fuzz_sink += bpf_map__value_size(inner) + bpf_map__type(inner);
	if (bpf_object__find_map_by_name(obj, name) == NULL)
		fuzz_sink++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	struct btf *btf;

	obj = bpf_object__open_mem(data, size, NULL);
	if (!obj)
		return 0;
	fuzz_sink += strlen(bpf_object__name(obj)) + bpf_object__kversion(obj) +
		     bpf_object__btf_fd(obj);
	bpf_object__for_each_program(prog, obj)
		walk_program(obj, prog);
	for (prog = bpf_object__prev_program(obj, NULL); prog;
	     prog = bpf_object__prev_program(obj, prog))
		fuzz_sink++;
	bpf_object__for_each_map(map, obj)
		walk_map(obj, map);
	for (map = bpf_object__prev_map(obj, NULL); map; map = bpf_object__prev_map(obj, map))
		fuzz_sink++;
	btf = bpf_object__btf(obj);
	if (btf) {
		fuzz_btf_query_all(btf, 1);
		fuzz_btf_dump_all(btf, 1);
	}
	bpf_object__close(obj);
	return 0;
}

FUZZ_QUIET_INIT

#if defined(FUZZ_OPEN_REPLAY)

static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto err;
	buf = malloc(len ? len : 1);
	if (!buf || fread(buf, 1, len, f) != (size_t)len)
		goto err;
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
err:
	fprintf(stderr, "cannot read %s\n", path);
	free(buf);
	if (f)
		fclose(f);
	return 1;
}

int main(int argc, char **argv)
{
	int i, err = 0;

	for (i = 1; i < argc; i++)
		err |= replay(argv[i]);
	return err;
}

#elif !defined(FUZZ_OPEN_LIBFUZZER)

#include "unit.h"

/* the entry point survives the test objects and cut-down copies of them */
UNIT_TEST(fuzz_open_entry)
{
	static const char *const objs[] = {
		"test_global_data.bpf.o", "test_map_in_map.bpf.o", "test_externs.bpf.o",
	};
	size_t i, size, cut;
	void *buf;

	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		buf = unit_read_file(unit_obj_path(objs[i]), &size);
		if (!ASSERT_OK_PTR(buf, objs[i]))
			continue;
		for (cut = size; cut > 0; cut /= 2)
			LLVMFuzzerTestOneInput(buf, cut);
		free(buf);
	}
}

#endif
