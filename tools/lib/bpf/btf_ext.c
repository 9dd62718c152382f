// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * .BTF.ext: the per-instruction side tables clang emits next to .BTF
 * (func_info, line_info and CO-RE relocations), grouped per ELF section.
 *
 * Parsing validates everything the iterators in libbpf_internal.h rely on:
 * after btf_ext_parse() succeeds, walking every group and record of every
 * set with for_each_btf_ext_sec()/for_each_btf_ext_rec() stays inside the
 * data, and each group's section name is a string of the given BTF.
 * Data of the other byte order is converted to host order.
 */
#include <byteswap.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "libbpf_internal.h"

/* the section header as clang writes it; core_relo_* is optional */
struct btf_ext_header {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;

	/* offsets are relative to the end of the header */
	__u32 func_info_off;
	__u32 func_info_len;
	__u32 line_info_off;
	__u32 line_info_len;

	__u32 core_relo_off;
	__u32 core_relo_len;
};

#define HOST_IS_LITTLE_ENDIAN (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#define BTF_EXT_MIN_HDR_LEN offsetofend(struct btf_ext_header, line_info_len)
#define BTF_EXT_CORE_HDR_LEN offsetofend(struct btf_ext_header, core_relo_len)

struct btf_ext_set {
	const char *name;
	__u32 off;		/* relative to the end of the header */
	__u32 len;
	__u32 min_rec_size;
	struct btf_ext_info *info;
	/* checks one record against the BTF, NULL when there is nothing to check */
	int (*check_rec)(const struct btf *btf, const void *rec, const char **what,
			 __u32 *val);
};

static bool btf_has_str(const struct btf *btf, __u32 off)
{
	return btf__str_by_offset(btf, off) != NULL;
}

static int check_func_info(const struct btf *btf, const void *rec,
			   const char **what, __u32 *val)
{
	const struct bpf_func_info *fi = rec;

	*what = "type id";
	*val = fi->type_id;
	return fi->type_id < btf__type_cnt(btf) ? 0 : -EINVAL;
}

static int check_line_info(const struct btf *btf, const void *rec,
			   const char **what, __u32 *val)
{
	const struct bpf_line_info *li = rec;

	*what = "file name offset";
	*val = li->file_name_off;
	if (!btf_has_str(btf, li->file_name_off))
		return -EINVAL;
	*what = "line offset";
	*val = li->line_off;
	return btf_has_str(btf, li->line_off) ? 0 : -EINVAL;
}

static int check_core_relo(const struct btf *btf, const void *rec,
			   const char **what, __u32 *val)
{
	const struct bpf_core_relo *cr = rec;

	*what = "type id";
	*val = cr->type_id;
	if (cr->type_id >= btf__type_cnt(btf))
		return -EINVAL;
	*what = "access string offset";
	*val = cr->access_str_off;
	return btf_has_str(btf, cr->access_str_off) ? 0 : -EINVAL;
}

/* check the records of one group; off is the group's offset in .BTF.ext */
static int btf_ext_check_recs(const struct btf_ext_set *set, const struct btf *btf,
			      const struct btf_ext_info_sec *sec, __u32 rec_size,
			      __u32 off)
{
	const char *what;
	__u32 i, val;

	if (!btf_has_str(btf, sec->sec_name_off)) {
		pr_warn(".BTF.ext: %s group at offset %u: section name offset %u is not a BTF string\n",
			set->name, off, sec->sec_name_off);
		return -EINVAL;
	}
	if (!set->check_rec)
		return 0;
	for (i = 0; i < sec->num_info; i++) {
		if (!set->check_rec(btf, sec->data + i * rec_size, &what, &val))
			continue;
		pr_warn(".BTF.ext: %s record %u of section '%s' at offset %u: %s %u is out of range of the BTF\n",
			set->name, i, btf__name_by_offset(btf, sec->sec_name_off),
			off + (__u32)sizeof(*sec) + i * rec_size, what, val);
		return -EINVAL;
	}
	return 0;
}

/*
 * Validate one record set: a u32 record size, then groups, each a
 * struct btf_ext_info_sec and num_info records, that fill it exactly.
 * base is the first byte after the header; hdr_len is for messages.
 */
static int btf_ext_parse_set(const struct btf_ext_set *set, void *base,
			     __u32 avail, __u32 hdr_len, const struct btf *btf)
{
	__u32 rec_size, left, off = hdr_len + set->off;
	struct btf_ext_info_sec *sec;
	__u64 grp_len;
	int err;

	if ((__u64)set->off + set->len > avail) {
		pr_warn(".BTF.ext: %s [%u, +%u) runs past the %u bytes after the header\n",
			set->name, set->off, set->len, avail);
		return -EINVAL;
	}
	if (set->off % 4) {
		pr_warn(".BTF.ext: %s offset %u is not 4-byte aligned\n", set->name, set->off);
		return -EINVAL;
	}
	set->info->info = base + set->off;
	set->info->len = 0;
	set->info->rec_size = 0;
	if (!set->len)
		return 0;
	if (set->len <= sizeof(__u32)) {
		pr_warn(".BTF.ext: %s at offset %u holds no records (%u bytes)\n",
			set->name, off, set->len);
		return -EINVAL;
	}
	memcpy(&rec_size, base + set->off, sizeof(rec_size));
	if (rec_size < set->min_rec_size || rec_size % 4) {
		pr_warn(".BTF.ext: %s at offset %u: record size %u is invalid (minimum %u, multiple of 4)\n",
			set->name, off, rec_size, set->min_rec_size);
		return -EINVAL;
	}
	off += sizeof(__u32);
	left = set->len - sizeof(__u32);
	sec = base + set->off + sizeof(__u32);
	while (left) {
		if (left < sizeof(*sec)) {
			pr_warn(".BTF.ext: %s group header at offset %u is truncated (%u bytes left)\n",
				set->name, off, left);
			return -EINVAL;
		}
		if (!sec->num_info) {
			pr_warn(".BTF.ext: %s group at offset %u has no records\n",
				set->name, off);
			return -EINVAL;
		}
		grp_len = sizeof(*sec) + (__u64)sec->num_info * rec_size;
		if (grp_len > left) {
			pr_warn(".BTF.ext: %s group at offset %u: %u records of %u bytes do not fit in the %u bytes left\n",
				set->name, off, sec->num_info, rec_size, left);
			return -EINVAL;
		}
		if (btf) {
			err = btf_ext_check_recs(set, btf, sec, rec_size, off);
			if (err)
				return err;
		}
		off += grp_len;
		left -= grp_len;
		sec = (void *)sec + grp_len;
	}
	set->info->info = base + set->off + sizeof(__u32);
	set->info->len = set->len - sizeof(__u32);
	set->info->rec_size = rec_size;
	return 0;
}

static void swap_words(void *data, size_t len)
{
	__u32 *w = data;
	size_t i;

	for (i = 0; i < len / sizeof(*w); i++)
		w[i] = bswap_32(w[i]);
}

static int btf_ext_parse_hdr(struct btf_ext_header *hdr, const void *data,
			     __u32 size, bool *swapped)
{
	if (size < BTF_EXT_MIN_HDR_LEN) {
		pr_warn(".BTF.ext: header truncated: %u bytes of data, a header needs %zu\n",
			size, BTF_EXT_MIN_HDR_LEN);
		return -EINVAL;
	}
	memset(hdr, 0, sizeof(*hdr));
	memcpy(hdr, data, min((size_t)size, sizeof(*hdr)));
	*swapped = hdr->magic == bswap_16(BTF_MAGIC);
	if (*swapped) {
		swap_words(&hdr->hdr_len, sizeof(*hdr) - offsetof(struct btf_ext_header, hdr_len));
	} else if (hdr->magic != BTF_MAGIC) {
		pr_warn(".BTF.ext: bad magic 0x%04x, expected 0x%04x\n", hdr->magic, BTF_MAGIC);
		return -EINVAL;
	}
	if (hdr->version != BTF_VERSION) {
		pr_warn(".BTF.ext: unsupported version %u, expected %u\n",
			hdr->version, BTF_VERSION);
		return -ENOTSUP;
	}
	if (hdr->flags) {
		pr_warn(".BTF.ext: unsupported flags 0x%x\n", hdr->flags);
		return -ENOTSUP;
	}
	if (hdr->hdr_len < BTF_EXT_MIN_HDR_LEN || hdr->hdr_len > size ||
	    hdr->hdr_len % 4) {
		pr_warn(".BTF.ext: header length %u is invalid (%zu..%u, multiple of 4)\n",
			hdr->hdr_len, BTF_EXT_MIN_HDR_LEN, size);
		return -EINVAL;
	}
	/* the optional part is only there when hdr_len covers it */
	if (hdr->hdr_len < BTF_EXT_CORE_HDR_LEN)
		hdr->core_relo_off = hdr->core_relo_len = 0;
	return 0;
}

/* convert every record set to host order; they are all 32-bit words */
static void btf_ext_swap_sets(struct btf_ext *ext, const struct btf_ext_header *hdr,
			      const struct btf_ext_set *sets, int n)
{
	__u32 avail = ext->data_size - hdr->hdr_len;
	void *base = ext->data + hdr->hdr_len;
	int i;

	for (i = 0; i < n; i++)
		if ((__u64)sets[i].off + sets[i].len <= avail)
			swap_words(base + sets[i].off, sets[i].len);
}

struct btf_ext *btf_ext_parse(const void *data, __u32 size, const struct btf *btf)
{
	struct btf_ext_header hdr;
	struct btf_ext *ext = NULL;
	struct btf_ext_set sets[3];
	bool swapped;
	int i, err;

	if (!data) {
		pr_warn(".BTF.ext: no data given\n");
		return libbpf_err_ptr(-EINVAL);
	}
	err = btf_ext_parse_hdr(&hdr, data, size, &swapped);
	if (err)
		return libbpf_err_ptr(err);
	ext = calloc(1, sizeof(*ext));
	if (!ext)
		goto err_nomem;
	ext->data = malloc(size);
	if (!ext->data)
		goto err_nomem;
	memcpy(ext->data, data, size);
	ext->data_size = size;

	sets[0] = (struct btf_ext_set){ "func_info", hdr.func_info_off, hdr.func_info_len,
		sizeof(struct bpf_func_info), &ext->func_info, check_func_info };
	sets[1] = (struct btf_ext_set){ "line_info", hdr.line_info_off, hdr.line_info_len,
		sizeof(struct bpf_line_info), &ext->line_info, check_line_info };
	sets[2] = (struct btf_ext_set){ "core_relo", hdr.core_relo_off, hdr.core_relo_len,
		sizeof(struct bpf_core_relo), &ext->core_relo_info, check_core_relo };
	ext->swapped = swapped;
	if (swapped) {
		hdr.magic = BTF_MAGIC;
		memcpy(ext->data, &hdr, min((size_t)hdr.hdr_len, sizeof(hdr)));
		btf_ext_swap_sets(ext, &hdr, sets, ARRAY_SIZE(sets));
	}
	for (i = 0; i < (int)ARRAY_SIZE(sets); i++) {
		err = btf_ext_parse_set(&sets[i], ext->data + hdr.hdr_len,
					size - hdr.hdr_len, hdr.hdr_len, btf);
		if (err)
			goto err_out;
	}
	return ext;

err_nomem:
	err = -ENOMEM;
	pr_warn(".BTF.ext: out of memory copying %u bytes\n", size);
err_out:
	btf_ext__free(ext);
	return libbpf_err_ptr(err);
}

struct btf_ext *btf_ext__new(const __u8 *data, __u32 size)
{
	return btf_ext_parse(data, size, NULL);
}

void btf_ext__free(struct btf_ext *btf_ext)
{
	if (!btf_ext)
		return;
	free(btf_ext->data);
	free(btf_ext->swapped_data);
	free(btf_ext);
}

/*
 * ext->data in the other byte order: the header's magic and its 32-bit
 * fields, then every word after the header (the record sets are all
 * 32-bit words: their rec_size, section headers and records)
 */
static void *btf_ext_swapped_copy(const struct btf_ext *ext)
{
	const struct btf_ext_header *hdr = ext->data;
	struct btf_ext_header *out_hdr;
	void *out;

	out = malloc(ext->data_size);
	if (!out)
		return NULL;
	memcpy(out, ext->data, ext->data_size);
	out_hdr = out;
	out_hdr->magic = bswap_16(hdr->magic);
	swap_words(&out_hdr->hdr_len, hdr->hdr_len - offsetof(struct btf_ext_header, hdr_len));
	swap_words(out + hdr->hdr_len, ext->data_size - hdr->hdr_len);
	return out;
}

const void *btf_ext__raw_data(const struct btf_ext *btf_ext, __u32 *size)
{
	struct btf_ext *ext = (struct btf_ext *)btf_ext;
	void *copy;

	if (!btf_ext)
		return libbpf_err_ptr(-EINVAL);

	/* made anew each time: dedup, permute and the linker rewrite records */
	if (ext->swapped) {
		copy = btf_ext_swapped_copy(ext);
		if (!copy)
			return libbpf_err_ptr(-ENOMEM);
		free(ext->swapped_data);
		ext->swapped_data = copy;
	}
	*size = ext->data_size;
	return ext->swapped ? ext->swapped_data : ext->data;
}

enum btf_endianness btf_ext__endianness(const struct btf_ext *btf_ext)
{
	if (!btf_ext)
		return libbpf_inval(BTF_LITTLE_ENDIAN);
	return HOST_IS_LITTLE_ENDIAN != btf_ext->swapped ? BTF_LITTLE_ENDIAN : BTF_BIG_ENDIAN;
}

int btf_ext__set_endianness(struct btf_ext *btf_ext, enum btf_endianness endian)
{
	if (!btf_ext)
		return libbpf_err(-EINVAL);

	if (endian != BTF_LITTLE_ENDIAN && endian != BTF_BIG_ENDIAN) {
		pr_warn(".BTF.ext: unknown byte order %d\n", endian);
		return libbpf_err(-EINVAL);
	}
	btf_ext->swapped = (endian == BTF_LITTLE_ENDIAN) != HOST_IS_LITTLE_ENDIAN;
	return 0;
}

const void *btf_ext__get_raw_data(const struct btf_ext *btf_ext, __u32 *size)
{
	if (!btf_ext)
		return libbpf_err_ptr(-EINVAL);
	return btf_ext__raw_data(btf_ext, size);
}

int btf_ext_visit_type_ids(struct btf_ext *ext, btf_type_id_visit_fn visit, void *ctx)
{
	struct btf_ext_info_sec *sec;
	struct bpf_func_info *fi;
	struct bpf_core_relo *cr;
	__u32 i;
	int err;

	for_each_btf_ext_sec(&ext->func_info, sec) {
		for_each_btf_ext_rec(&ext->func_info, sec, i, fi) {
			err = visit(&fi->type_id, ctx);
			if (err)
				return err;
		}
	}
	for_each_btf_ext_sec(&ext->core_relo_info, sec) {
		for_each_btf_ext_rec(&ext->core_relo_info, sec, i, cr) {
			err = visit(&cr->type_id, ctx);
			if (err)
				return err;
		}
	}
	return 0;
}
