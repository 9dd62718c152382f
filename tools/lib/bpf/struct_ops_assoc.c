// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_program__assoc_struct_ops(): the object-level side of
 * BPF_PROG_ASSOC_STRUCT_OPS (bpf_prog_assoc_struct_ops() in bpf.c). The
 * kernel refuses these cases too, but checking them here names the
 * program or map at fault and saves a syscall.
 */
#include <errno.h>

#include "bpf.h"
#include "libbpf.h"
#include "libbpf_internal.h"

int bpf_program__assoc_struct_ops(struct bpf_program *prog, struct bpf_map *map,
				  struct bpf_prog_assoc_struct_ops_opts *opts)
{
	if (!prog || !map) {
		pr_warn("bpf_program__assoc_struct_ops: %s is NULL\n", prog ? "map" : "prog");
		return libbpf_err(-EINVAL);
	}
	/* the opts first, as everywhere: bpf_prog_assoc_struct_ops() checks them again */
	if (!OPTS_VALID(opts, bpf_prog_assoc_struct_ops_opts))
		return libbpf_err(-EINVAL);
	if (prog->fd < 0) {
		pr_warn("prog '%s': cannot associate a program that is not loaded\n", prog->name);
		return libbpf_err(-EINVAL);
	}
	if (prog->type == BPF_PROG_TYPE_STRUCT_OPS) {
		pr_warn("prog '%s': a struct_ops program is associated with its map by the kernel; it cannot be associated explicitly\n",
			prog->name);
		return libbpf_err(-EINVAL);
	}
	if (map->type != BPF_MAP_TYPE_STRUCT_OPS) {
		pr_warn("map '%s': not a struct_ops map: programs can only be associated with struct_ops maps\n",
			map->name);
		return libbpf_err(-EINVAL);
	}
	if (map->fd < 0) {
		pr_warn("map '%s': has no fd (not created yet, or not auto-created)\n", map->name);
		return libbpf_err(-EINVAL);
	}
	return bpf_prog_assoc_struct_ops(prog->fd, map->fd, opts);
}
