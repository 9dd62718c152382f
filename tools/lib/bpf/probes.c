// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The public feature probes: libbpf_probe_bpf_prog_type(),
 * libbpf_probe_bpf_map_type() and libbpf_probe_bpf_helper().
 *
 * Each answers 1 (the running kernel has it), 0 (it does not, or the
 * kernel refused to be asked: not privileged) or -EOPNOTSUPP for a type
 * this library does not know how to ask about, as libbpf does. Unlike
 * the loader's own probes (features.c) nothing is cached: applications
 * call these to print or decide, and each call asks the kernel again.
 *
 * A program type is probed by loading "r0 = 0; exit" with what that type
 * needs to get to the verifier. Types that only load with a kernel attach
 * target (tracing, LSM, extensions, struct_ops) are given BTF type id 1 as
 * target: a kernel that knows the type rejects it in the verifier, which
 * says why in its log, while one that does not know the type rejects the
 * load before the verifier runs, with an empty log.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "bpf.h"
#include "btf.h"
#include "libbpf.h"
#include "libbpf_internal.h"

#ifndef ENOTSUPP
#define ENOTSUPP 524	/* the kernel's "not supported", not in libc */
#endif

/*
 * Load insns as prog_type; *attach_target says whether the type was given
 * BTF id 1 as target (so that only the verifier's log tells the answer).
 * Returns the fd or -errno; -EOPNOTSUPP for types not known here.
 */
static int probe_load(enum bpf_prog_type prog_type, const struct bpf_insn *insns,
		      size_t insn_cnt, char *log, size_t log_sz, bool *attach_target)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = log_sz,
		    .log_level = log ? 1 : 0);
	int fd;

	*attach_target = false;
	switch ((int)prog_type) {
	case BPF_PROG_TYPE_KPROBE:
		opts.kern_version = libbpf_kernel_version();
		break;
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		opts.expected_attach_type = BPF_CGROUP_INET4_CONNECT;
		break;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		opts.expected_attach_type = BPF_CGROUP_GETSOCKOPT;
		break;
	case BPF_PROG_TYPE_SK_LOOKUP:
		opts.expected_attach_type = BPF_SK_LOOKUP;
		break;
	case BPF_PROG_TYPE_SYSCALL:
		opts.prog_flags = BPF_F_SLEEPABLE;
		break;
	case LIBBPF_PROG_TYPE_NETFILTER:
		opts.expected_attach_type = LIBBPF_NETFILTER;
		break;
	case BPF_PROG_TYPE_TRACING:
		opts.expected_attach_type = BPF_TRACE_FENTRY;
		opts.attach_btf_id = 1;
		*attach_target = true;
		break;
	case BPF_PROG_TYPE_LSM:
		opts.expected_attach_type = BPF_LSM_MAC;
		opts.attach_btf_id = 1;
		*attach_target = true;
		break;
	case BPF_PROG_TYPE_EXT:
	case BPF_PROG_TYPE_STRUCT_OPS:
		opts.attach_btf_id = 1;
		*attach_target = true;
		break;
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_LIRC_MODE2:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		break;
	default:
		return -EOPNOTSUPP;
	}
	fd = bpf_prog_load(prog_type, NULL, "GPL", insns, insn_cnt, &opts);
	return fd >= 0 ? fd : -errno;
}

int libbpf_probe_bpf_prog_type(enum bpf_prog_type prog_type, const void *opts)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char log[256];
	bool attach_target;
	int fd;

	if (opts)
		return libbpf_err(-EINVAL);
	log[0] = '\0';
	fd = probe_load(prog_type, insns, ARRAY_SIZE(insns), log, sizeof(log), &attach_target);
	if (fd == -EOPNOTSUPP)
		return libbpf_err(fd);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	/* refused for the made-up target, by a verifier that knows the type */
	return attach_target && (fd == -EINVAL || fd == -ENOTSUPP) && log[0];
}

int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type, enum bpf_func_id helper_id,
			    const void *opts)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = helper_id },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char log[4096];
	bool attach_target;
	int fd;

	if (opts)
		return libbpf_err(-EINVAL);
	/* these only load against a real target: nothing to call helpers from */
	switch ((int)prog_type) {
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_EXT:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return libbpf_err(-EOPNOTSUPP);
	default:
		break;
	}
	log[0] = '\0';
	fd = probe_load(prog_type, insns, ARRAY_SIZE(insns), log, sizeof(log), &attach_target);
	if (fd == -EOPNOTSUPP)
		return libbpf_err(fd);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	/* no verifier log: the program type itself was refused */
	if (!log[0])
		return 0;
	/*
	 * The verifier names a helper id it does not know "invalid func" and
	 * a helper this program type may not call "unknown func" or "cannot
	 * use helper". Any other complaint is about the arguments the probe
	 * did not set up: the call itself is allowed.
	 */
	if (strstr(log, "invalid func ") || strstr(log, "unknown func ") ||
	    strstr(log, "cannot use helper "))
		return 0;
	return 1;
}

/* a BTF with "int" as type 1, for maps that need key and value types */
static int int_btf_fd(void)
{
	struct btf *btf = btf__new_empty();
	int err, fd;

	if (!btf)
		return -errno;
	err = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	if (err > 0)
		err = btf__load_into_kernel(btf);
	/* btf__free() closes the BTF's own fd: keep a duplicate */
	fd = err < 0 ? err : dup(btf__fd(btf));
	if (fd < 0 && err >= 0)
		fd = -errno;
	btf__free(btf);
	return fd;
}

int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts)
{
	LIBBPF_OPTS(bpf_map_create_opts, mopts);
	__u32 key_size = 4, value_size = 4, max_entries = 1;
	int fd, err, btf_fd = -1, inner_fd = -1, expect_err = 0;

	if (opts)
		return libbpf_err(-EINVAL);
	switch ((int)map_type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		break;
	case BPF_MAP_TYPE_STACK_TRACE:
		value_size = 8;		/* one frame */
		break;
	case BPF_MAP_TYPE_LPM_TRIE:
		key_size = 8;		/* prefix length and 4 bytes of data */
		value_size = 8;
		mopts.map_flags = BPF_F_NO_PREALLOC;
		break;
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		key_size = sizeof(struct bpf_cgroup_storage_key);
		max_entries = 0;
		break;
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
	case BPF_MAP_TYPE_BLOOM_FILTER:
		key_size = 0;
		break;
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		key_size = value_size = 0;
		max_entries = sysconf(_SC_PAGE_SIZE);
		break;
	case LIBBPF_MAP_TYPE_ARENA:
		key_size = value_size = 0;
		mopts.map_flags = BPF_F_MMAPABLE;
		break;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		inner_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4, 1, NULL);
		if (inner_fd < 0)
			return 0;
		mopts.inner_map_fd = inner_fd;
		break;
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case LIBBPF_MAP_TYPE_CGRP_STORAGE:
		btf_fd = int_btf_fd();
		if (btf_fd < 0)
			return 0;
		mopts.btf_fd = btf_fd;
		mopts.btf_key_type_id = 1;
		mopts.btf_value_type_id = 1;
		mopts.map_flags = BPF_F_NO_PREALLOC;
		max_entries = 0;
		break;
	case BPF_MAP_TYPE_STRUCT_OPS:
		/* a kernel with struct_ops maps finds no value type with id 1 */
		mopts.btf_vmlinux_value_type_id = 1;
		expect_err = -ENOTSUPP;
		break;
	default:
		return libbpf_err(-EOPNOTSUPP);
	}
	fd = bpf_map_create(map_type, NULL, key_size, value_size, max_entries, &mopts);
	err = fd < 0 ? -errno : 0;
	if (fd >= 0)
		close(fd);
	if (inner_fd >= 0)
		close(inner_fd);
	if (btf_fd >= 0)
		close(btf_fd);
	if (expect_err)
		return err == expect_err;
	return fd >= 0;
}
