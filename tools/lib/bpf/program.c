// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Program iteration and accessors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libbpf_internal.h"

bool prog_is_subprog(const struct bpf_program *prog)
{
	return prog->is_subprog;
}

static struct bpf_program *prog_step(const struct bpf_object *obj,
				     struct bpf_program *prog, int dir)
{
	struct bpf_program *first = obj->programs;
	struct bpf_program *end = obj->programs + obj->nr_programs;

	if (!obj->nr_programs)
		return NULL;
	if (!prog)
		prog = dir > 0 ? first - 1 : end;
	else if (prog->obj != obj || prog < first || prog >= end)
		return NULL;

	for (prog += dir; prog >= first && prog < end; prog += dir)
		if (!prog_is_subprog(prog))
			return prog;
	return NULL;
}

struct bpf_program *bpf_object__next_program(const struct bpf_object *obj,
					     struct bpf_program *prog)
{
	return obj ? prog_step(obj, prog, 1) : NULL;
}

struct bpf_program *bpf_object__prev_program(const struct bpf_object *obj,
					     struct bpf_program *prog)
{
	return obj ? prog_step(obj, prog, -1) : NULL;
}

struct bpf_program *bpf_object__find_program_by_name(const struct bpf_object *obj,
						     const char *name)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj)
		if (strcmp(prog->name, name) == 0)
			return prog;
	return libbpf_err_ptr(-ENOENT);
}

void bpf_program__set_ifindex(struct bpf_program *prog, __u32 ifindex)
{
	prog->prog_ifindex = ifindex;
}

const char *bpf_program__name(const struct bpf_program *prog)
{
	return prog->name;
}

const char *bpf_program__section_name(const struct bpf_program *prog)
{
	return prog->sec_name;
}

bool bpf_program__autoload(const struct bpf_program *prog)
{
	return prog->autoload;
}

int bpf_program__set_autoload(struct bpf_program *prog, bool autoload)
{
	if (prog->obj->loaded)
		return libbpf_err(-EINVAL);
	prog->autoload = autoload;
	return 0;
}

bool bpf_program__autoattach(const struct bpf_program *prog)
{
	return prog->autoattach;
}

void bpf_program__set_autoattach(struct bpf_program *prog, bool autoattach)
{
	prog->autoattach = autoattach;
}

const struct bpf_insn *bpf_program__insns(const struct bpf_program *prog)
{
	return prog->insns;
}

size_t bpf_program__insn_cnt(const struct bpf_program *prog)
{
	return prog->insns_cnt;
}

int bpf_program__set_insns(struct bpf_program *prog, struct bpf_insn *new_insns,
			   size_t new_insn_cnt)
{
	struct bpf_insn *insns;

	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	if (!new_insns || !new_insn_cnt)
		return libbpf_err(-EINVAL);
	insns = malloc(new_insn_cnt * sizeof(*insns));
	if (!insns) {
		pr_warn("prog '%s': failed to allocate %zu instructions\n",
			prog->name, new_insn_cnt);
		return libbpf_err(-ENOMEM);
	}
	memcpy(insns, new_insns, new_insn_cnt * sizeof(*insns));
	free(prog->insns);
	prog->insns = insns;
	prog->insns_cnt = new_insn_cnt;
	return 0;
}

int bpf_program__fd(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_err(-EINVAL);
	if (prog->fd < 0)
		return libbpf_err(-ENOENT);
	return prog->fd;
}

void bpf_program__unload(struct bpf_program *prog)
{
	if (!prog || prog->fd < 0)
		return;
	close(prog->fd);
	prog->fd = -1;
}

enum bpf_prog_type bpf_program__type(const struct bpf_program *prog)
{
	return prog->type;
}

int bpf_program__set_type(struct bpf_program *prog, enum bpf_prog_type type)
{
	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	/* a section-derived definition no longer applies to another type */
	if (prog->sec_def && prog->sec_def->prog_type != type)
		prog->sec_def = NULL;
	prog->type = type;
	return 0;
}

enum bpf_attach_type bpf_program__expected_attach_type(const struct bpf_program *prog)
{
	return prog->expected_attach_type;
}

int bpf_program__set_expected_attach_type(struct bpf_program *prog,
					  enum bpf_attach_type type)
{
	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	prog->expected_attach_type = type;
	return 0;
}

__u32 bpf_program__flags(const struct bpf_program *prog)
{
	return prog->prog_flags;
}

int bpf_program__set_flags(struct bpf_program *prog, __u32 flags)
{
	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	prog->prog_flags = flags;
	return 0;
}

__u32 bpf_program__log_level(const struct bpf_program *prog)
{
	return prog->log_level;
}

int bpf_program__set_log_level(struct bpf_program *prog, __u32 log_level)
{
	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	prog->log_level = log_level;
	return 0;
}

const char *bpf_program__log_buf(const struct bpf_program *prog, size_t *log_size)
{
	*log_size = prog->log_size;
	return prog->log_buf;
}

int bpf_program__set_log_buf(struct bpf_program *prog, char *log_buf, size_t log_size)
{
	if (log_size && !log_buf)
		return libbpf_err(-EINVAL);
	if (log_size > UINT32_MAX)
		return libbpf_err(-EINVAL);
	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	prog->log_buf = log_buf;
	prog->log_size = log_size;
	return 0;
}

int bpf_program__set_attach_target(struct bpf_program *prog, int attach_prog_fd,
				   const char *attach_func_name)
{
	char *name = NULL;

	if (!prog || attach_prog_fd < 0)
		return libbpf_err(-EINVAL);
	if (prog->obj->loaded)
		return libbpf_err(-EINVAL);
	if (attach_prog_fd && !attach_func_name) {
		pr_warn("prog '%s': attach_prog_fd needs an attach_func_name\n",
			prog->name);
		return libbpf_err(-EINVAL);
	}
	if (attach_func_name) {
		name = strdup(attach_func_name);
		if (!name)
			return libbpf_err(-ENOMEM);
	}
	free(prog->attach_func_name);
	prog->attach_func_name = name;
	prog->attach_prog_fd = attach_prog_fd;
	return 0;
}
