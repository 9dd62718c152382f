// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_prog_linfo: the line info of a loaded program, as
 * bpf_prog_get_info_by_fd() returns it, searchable by instruction offset
 * (xlated code) or by address in the JITed image of one function.
 *
 * The kernel reports line_info[] in instruction order and, when it JITed
 * the program and the caller may see addresses, jited_line_info[] with the
 * image address of each of those records. jited_ksyms[] and
 * jited_func_lens[] give each function's image; the records of function
 * f are the run of jited_line_info[] addresses inside it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include "libbpf.h"
#include "libbpf_internal.h"

static const void *u64_to_ptr(__u64 v)
{
	return (const void *)(unsigned long)v;
}

struct bpf_prog_linfo {
	void *linfo;		/* nr_linfo records of linfo_rec_size bytes */
	__u32 nr_linfo;
	__u32 linfo_rec_size;
	__u64 *jited_addrs;	/* nr_linfo addresses, or NULL */
	__u32 nr_funcs;
	__u32 *func_first;	/* per function: its first record */
	__u32 *func_cnt;	/* per function: how many records */
};

static const struct bpf_line_info *linfo_rec(const struct bpf_prog_linfo *l, __u32 i)
{
	return (const struct bpf_line_info *)((const char *)l->linfo + (size_t)i * l->linfo_rec_size);
}

void bpf_prog_linfo__free(struct bpf_prog_linfo *prog_linfo)
{
	if (!prog_linfo)
		return;
	free(prog_linfo->linfo);
	free(prog_linfo->jited_addrs);
	free(prog_linfo->func_first);
	free(prog_linfo->func_cnt);
	free(prog_linfo);
}

/* the JITed part, when the info has all of it; without it only lfind() works */
static int linfo_add_jited(struct bpf_prog_linfo *l, const struct bpf_prog_info *info)
{
	const __u64 *ksyms = u64_to_ptr(info->jited_ksyms);
	const __u32 *lens = u64_to_ptr(info->jited_func_lens);
	const char *addrs = u64_to_ptr(info->jited_line_info);
	__u32 f, j = 0, rec = info->jited_line_info_rec_size;

	if (!info->nr_jited_line_info || !addrs || !info->nr_jited_ksyms || !ksyms ||
	    info->nr_jited_func_lens != info->nr_jited_ksyms || !lens)
		return 0;
	if (info->nr_jited_line_info != l->nr_linfo || rec < sizeof(__u64)) {
		pr_warn("prog_linfo: %u JITed line records of %u bytes for %u line records\n",
			info->nr_jited_line_info, rec, l->nr_linfo);
		return -EINVAL;
	}
	l->jited_addrs = calloc(l->nr_linfo, sizeof(__u64));
	l->func_first = calloc(info->nr_jited_ksyms, sizeof(__u32));
	l->func_cnt = calloc(info->nr_jited_ksyms, sizeof(__u32));
	if (!l->jited_addrs || !l->func_first || !l->func_cnt)
		return -ENOMEM;
	for (j = 0; j < l->nr_linfo; j++)
		memcpy(&l->jited_addrs[j], addrs + (size_t)j * rec, sizeof(__u64));
	l->nr_funcs = info->nr_jited_ksyms;
	for (f = 0, j = 0; f < l->nr_funcs; f++) {
		l->func_first[f] = j;
		while (j < l->nr_linfo && l->jited_addrs[j] >= ksyms[f] &&
		       l->jited_addrs[j] - ksyms[f] < lens[f])
			j++;
		l->func_cnt[f] = j - l->func_first[f];
	}
	return 0;
}

struct bpf_prog_linfo *bpf_prog_linfo__new(const struct bpf_prog_info *info)
{
	struct bpf_prog_linfo *l;
	int err;

	if (!info)
		return libbpf_err_ptr(-EINVAL);
	if (!info->nr_line_info || !info->line_info)
		return libbpf_err_ptr(-EINVAL);
	if (info->line_info_rec_size < sizeof(struct bpf_line_info)) {
		pr_warn("prog_linfo: line record size %u is below %zu\n",
			info->line_info_rec_size, sizeof(struct bpf_line_info));
		return libbpf_err_ptr(-EINVAL);
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		return libbpf_err_ptr(-ENOMEM);
	l->nr_linfo = info->nr_line_info;
	l->linfo_rec_size = info->line_info_rec_size;
	l->linfo = malloc((size_t)l->nr_linfo * l->linfo_rec_size);
	if (!l->linfo) {
		err = -ENOMEM;
		goto err_out;
	}
	memcpy(l->linfo, u64_to_ptr(info->line_info), (size_t)l->nr_linfo * l->linfo_rec_size);
	err = linfo_add_jited(l, info);
	if (err)
		goto err_out;
	return l;

err_out:
	bpf_prog_linfo__free(l);
	return libbpf_err_ptr(err);
}

const struct bpf_line_info *
bpf_prog_linfo__lfind(const struct bpf_prog_linfo *prog_linfo, __u32 insn_off, __u32 nr_skip)
{
	__u32 i;

	if (!prog_linfo)
		return libbpf_err_ptr(-EINVAL);
	if (nr_skip >= prog_linfo->nr_linfo ||
	    linfo_rec(prog_linfo, nr_skip)->insn_off > insn_off)
		return libbpf_err_ptr(-ENOENT);
	for (i = nr_skip + 1; i < prog_linfo->nr_linfo; i++)
		if (linfo_rec(prog_linfo, i)->insn_off > insn_off)
			break;
	return linfo_rec(prog_linfo, i - 1);
}

const struct bpf_line_info *
bpf_prog_linfo__lfind_addr_func(const struct bpf_prog_linfo *prog_linfo, __u64 addr,
				__u32 func_idx, __u32 nr_skip)
{
	__u32 i, first, end;

	if (!prog_linfo)
		return libbpf_err_ptr(-EINVAL);
	if (!prog_linfo->jited_addrs || func_idx >= prog_linfo->nr_funcs ||
	    nr_skip >= prog_linfo->func_cnt[func_idx])
		return libbpf_err_ptr(-ENOENT);
	first = prog_linfo->func_first[func_idx] + nr_skip;
	end = prog_linfo->func_first[func_idx] + prog_linfo->func_cnt[func_idx];
	if (prog_linfo->jited_addrs[first] > addr)
		return libbpf_err_ptr(-ENOENT);
	for (i = first + 1; i < end; i++)
		if (prog_linfo->jited_addrs[i] > addr)
			break;
	return linfo_rec(prog_linfo, i - 1);
}
