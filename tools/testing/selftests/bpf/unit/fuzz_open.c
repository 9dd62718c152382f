// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fuzz target for the object parser: any bytes go to
 * bpf_object__open_mem(); an object that opens is walked and closed.
 *
 * Three builds of this one file:
 *  - libFuzzer (make fuzz_open, run_fuzz_open): clang -fsanitize=fuzzer
 *    provides main() and calls LLVMFuzzerTestOneInput();
 *  - replay (-DFUZZ_OPEN_REPLAY): main() feeds each file named on the
 *    command line once, e.g. to reproduce a crash found elsewhere;
 *  - inside test_unit (every .c file of unit/ is linked there): a unit test
 *    feeds the test objects through the same entry point.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static volatile size_t fuzz_sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	size_t vsz;

	obj = bpf_object__open_mem(data, size, NULL);
	if (!obj)
		return 0;
	bpf_object__for_each_program(prog, obj)
		fuzz_sink += strlen(bpf_program__name(prog)) + bpf_program__insn_cnt(prog) +
			     strlen(bpf_program__section_name(prog));
	bpf_object__for_each_map(map, obj) {
		const uint8_t *val = bpf_map__initial_value(map, &vsz);

		fuzz_sink += strlen(bpf_map__name(map)) + bpf_map__value_size(map);
		if (val && vsz)
			fuzz_sink += val[vsz - 1];
	}
	bpf_object__close(obj);
	return 0;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

/* libFuzzer calls this once; the library's warnings would flood its output */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	libbpf_set_print(quiet);
	return 0;
}

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
