// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf_dedup_dump: load BTF, deduplicate it with btf__dedup() and print
 * every resulting type and the .BTF.ext records in a canonical text form.
 * Built twice, against this tree's libbpf (btf_dedup_dump) and against
 * the system's (btf_dedup_dump.system), so that scripts and tests can
 * compare the two results line by line. Uses only the public API, and
 * its own printer.
 *
 *   btf_dedup_dump [-n] [-f] [-x] [-t] [-k] [-b BASE [-s]] [-o OUT] [-O OUT] FILE...
 *   btf_dedup_dump [-n] [-f] -c CASE      (btf_dedup_cases.h; -c list;
 *                                         random:SEED, random_split:SEED)
 *
 *   FILE...  raw BTF or ELF files; with several (or with -b and no -s),
 *            an empty BTF (split on BASE with -b) gets each one's types
 *            with btf__add_btf() before the dedup
 *   -b BASE  base BTF (raw or ELF): the result is split BTF on it
 *   -s       FILE is split BTF on BASE (e.g. a kernel module's), parsed
 *            as such; one FILE only
 *   -x       dedup FILE's .BTF.ext along (one ELF FILE only) and print it
 *   -f       force_collisions
 *   -n       no dedup: print the input
 *   -t       print the dedup time to stderr
 *   -k       load the result into the kernel (btf__load_into_kernel())
 *            and print whether it took it
 *   -o OUT   write the resulting raw BTF to OUT
 *   -O OUT   write the base's raw BTF to OUT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "btf_dedup_cases.h"

/* the .BTF.ext header as clang writes it */
struct ext_hdr {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 func_info_off;
	__u32 func_info_len;
	__u32 line_info_off;
	__u32 line_info_len;
	__u32 core_relo_off;
	__u32 core_relo_len;
};

static void dump_ext_set(const struct btf *btf, const char *what, const __u8 *p,
			 __u32 len)
{
	const __u8 *end = p + len;
	__u32 rec_sz, sec_name, cnt, i;
	const __u32 *r;

	if (len < 4)
		return;
	rec_sz = *(const __u32 *)p;
	p += 4;
	while (p + 8 <= end) {
		sec_name = ((const __u32 *)p)[0];
		cnt = ((const __u32 *)p)[1];
		p += 8;
		printf("%s '%s' records=%u rec_size=%u\n", what, dc_str(btf, sec_name),
		       cnt, rec_sz);
		for (i = 0; i < cnt && p + rec_sz <= end; i++, p += rec_sz) {
			r = (const __u32 *)p;
			if (!strcmp(what, "func_info"))
				printf("\tinsn_off=%u type_id=%u\n", r[0], r[1]);
			else if (!strcmp(what, "line_info"))
				printf("\tinsn_off=%u file='%s' line='%s' line_col=0x%x\n",
				       r[0], dc_str(btf, r[1]), dc_str(btf, r[2]), r[3]);
			else
				printf("\tinsn_off=%u type_id=%u access='%s' kind=%u\n",
				       r[0], r[1], dc_str(btf, r[2]), r[3]);
		}
	}
}

static void dump_ext(const struct btf *btf, const struct btf_ext *ext)
{
	const struct ext_hdr *h;
	const __u8 *data;
	__u32 size;

	/* libbpf 1.1 declares btf_ext__raw_data() but does not export it */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	data = btf_ext__get_raw_data(ext, &size);
#pragma GCC diagnostic pop
	h = (const void *)data;
	if (!data || size < 24)
		return;
	data += h->hdr_len;
	dump_ext_set(btf, "func_info", data + h->func_info_off, h->func_info_len);
	dump_ext_set(btf, "line_info", data + h->line_info_off, h->line_info_len);
	if (h->hdr_len >= sizeof(*h))
		dump_ext_set(btf, "core_relo", data + h->core_relo_off, h->core_relo_len);
}

static __u64 fnv64(const void *data, __u32 size)
{
	const unsigned char *p = data;
	__u64 h = 0xcbf29ce484222325ULL;
	__u32 i;

	for (i = 0; i < size; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-n] [-f] [-x] [-t] [-k] [-b BASE [-s]] [-o OUT] [-O OUT] FILE...\n"
		"       %s [-n] [-f] [-t] [-o OUT] -c CASE|list\n", prog, prog);
	exit(2);
}

int main(int argc, char **argv)
{
	bool no_dedup = false, force = false, with_ext = false, timing = false;
	bool split_file = false, load = false;
	const char *base_path = NULL, *out_path = NULL, *case_name = NULL;
	const char *base_out = NULL;
	const struct dedup_case *dc;
	size_t ci;
	struct btf *base = NULL, *btf = NULL, *src;
	struct btf_ext *ext = NULL;
	struct timespec t0, t1;
	const void *raw;
	__u32 raw_sz, id, start;
	int opt, i, err;

	while ((opt = getopt(argc, argv, "nfxtkb:so:O:c:")) != -1) {
		switch (opt) {
		case 'n': no_dedup = true; break;
		case 'f': force = true; break;
		case 'x': with_ext = true; break;
		case 't': timing = true; break;
		case 'k': load = true; break;
		case 'b': base_path = optarg; break;
		case 's': split_file = true; break;
		case 'o': out_path = optarg; break;
		case 'O': base_out = optarg; break;
		case 'c': case_name = optarg; break;
		default: usage(argv[0]);
		}
	}
	if (case_name && !strcmp(case_name, "list")) {
		for (ci = 0; ci < sizeof(dedup_cases) / sizeof(dedup_cases[0]); ci++)
			printf("%s\n", dedup_cases[ci].name);
		return 0;
	}
	if (case_name && optind == argc && !base_path && !with_ext &&
	    (!strncmp(case_name, "random:", 7) || !strncmp(case_name, "random_split:", 13))) {
		unsigned int seed = strtoul(strchr(case_name, ':') + 1, NULL, 0);

		btf = dc_random(seed, case_name[6] == '_' ? &base : NULL);
	} else if (case_name) {
		dc = dedup_case_find(case_name);
		if (!dc || optind != argc || base_path || with_ext)
			usage(argv[0]);
		base = dc->split ? dc_base() : NULL;
		btf = dc->build(base);
	} else if (optind >= argc || ((with_ext || split_file) && argc - optind != 1) ||
		   (split_file && !base_path)) {
		usage(argv[0]);
	}

	if (case_name) {
		/* built above */
	} else if (base_path) {
		base = btf__parse(base_path, NULL);
		if (!base) {
			fprintf(stderr, "cannot parse base %s: %s\n", base_path,
				strerror(errno));
			return 1;
		}
	}
	if (case_name) {
		/* built above */
	} else if (split_file) {
		btf = btf__parse_split(argv[optind], base);
	} else if (argc - optind == 1 && !base) {
		btf = with_ext ? btf__parse_elf(argv[optind], &ext)
			       : btf__parse(argv[optind], NULL);
	} else {
		btf = base ? btf__new_empty_split(base) : btf__new_empty();
		for (i = optind; btf && i < argc; i++) {
			src = btf__parse(argv[i], NULL);
			if (!src) {
				fprintf(stderr, "cannot parse %s: %s\n", argv[i],
					strerror(errno));
				return 1;
			}
			err = btf__add_btf(btf, src);
			btf__free(src);
			if (err < 0) {
				fprintf(stderr, "btf__add_btf(%s): %d\n", argv[i], err);
				return 1;
			}
		}
	}
	if (!btf) {
		fprintf(stderr, "cannot parse %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}

	if (!no_dedup) {
		LIBBPF_OPTS(btf_dedup_opts, opts, .btf_ext = ext,
			    .force_collisions = force);

		clock_gettime(CLOCK_MONOTONIC, &t0);
		err = btf__dedup(btf, &opts);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (err) {
			printf("dedup failed: %d\n", err);
			return 1;
		}
		if (timing)
			fprintf(stderr, "dedup: %.3f s\n", (t1.tv_sec - t0.tv_sec) +
				(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}

	start = base ? btf__type_cnt(base) : 1;
	printf("types %u\n", btf__type_cnt(btf) - start);
	for (id = start; id < btf__type_cnt(btf); id++)
		dc_print_type(stdout, btf, id);
	if (ext)
		dump_ext(btf, ext);
	raw = btf__raw_data(btf, &raw_sz);
	if (!raw) {
		printf("no raw data: %s\n", strerror(errno));
		return 1;
	}
	printf("raw size %u fnv64 %016llx\n", raw_sz, (unsigned long long)fnv64(raw, raw_sz));
	if (out_path) {
		FILE *f = fopen(out_path, "wb");

		if (!f || fwrite(raw, 1, raw_sz, f) != raw_sz || fclose(f)) {
			fprintf(stderr, "cannot write %s\n", out_path);
			return 1;
		}
	}
	if (base_out && base) {
		FILE *f = fopen(base_out, "wb");

		raw = btf__raw_data(base, &raw_sz);
		if (!f || !raw || fwrite(raw, 1, raw_sz, f) != raw_sz || fclose(f)) {
			fprintf(stderr, "cannot write %s\n", base_out);
			return 1;
		}
	}
	if (load) {
		err = btf__load_into_kernel(btf);
		printf("kernel: %s\n", err ? strerror(-err) : "loaded");
		if (err)
			return 1;
	}
	btf_ext__free(ext);
	btf__free(btf);
	btf__free(base);
	return 0;
}
