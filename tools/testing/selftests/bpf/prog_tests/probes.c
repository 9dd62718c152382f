// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libbpf_probe_bpf_prog_type(), libbpf_probe_bpf_map_type() and
 * libbpf_probe_bpf_helper() against what the running kernel has.
 *
 *   prog_types  every type the kernel's version has answers 1; a type
 *               number past the known ones -EOPNOTSUPP; opts -EINVAL.
 *               Types that also depend on the kernel's configuration
 *               (LIRC, seg6local, LSM) or that this host refuses to load
 *               (trampoline programs: EPERM) only answer 0 or 1
 *   map_types   the same for map types
 *   helpers     helpers a type may call answer 1, an unknown helper id
 *               and a helper the type may not call 0, types without a
 *               context to call from -EOPNOTSUPP
 */
#include <unistd.h>
#include <linux/btf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "test_progs.h"

struct min_kernel {
	int type;
	int major, minor;
	bool config_dependent;	/* may be 0 on a new enough kernel */
};

/* does this kernel refuse trampoline (fentry) loads outright? */
static bool trampolines_refused(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY);
	int id = libbpf_find_vmlinux_btf_id("do_unlinkat", BPF_TRACE_FENTRY);
	int fd;

	if (id <= 0)
		return false;
	opts.attach_btf_id = id;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "probe_tramp", "GPL", insns, 2, &opts);
	if (fd >= 0)
		close(fd);
	return fd < 0 && errno == EPERM;
}

static void check_types(const char *what, const struct min_kernel *tab, int n,
			int (*probe)(int type))
{
	int i, got;

	for (i = 0; i < n; i++) {
		got = probe(tab[i].type);
		if (!kernel_at_least(tab[i].major, tab[i].minor)) {
			if (!ASSERT_EQ(got, 0, what))
				printf("  %s %d: older kernel than %d.%d, yet %d\n", what,
				       tab[i].type, tab[i].major, tab[i].minor, got);
		} else if (tab[i].config_dependent) {
			if (!ASSERT_TRUE(got == 0 || got == 1, what))
				printf("  %s %d: %d\n", what, tab[i].type, got);
		} else if (!ASSERT_EQ(got, 1, what)) {
			printf("  %s %d: the kernel has it since %d.%d, probe says %d\n", what,
			       tab[i].type, tab[i].major, tab[i].minor, got);
		}
	}
}

static int probe_prog(int type)
{
	return libbpf_probe_bpf_prog_type(type, NULL);
}

static int probe_map(int type)
{
	return libbpf_probe_bpf_map_type(type, NULL);
}

static void prog_types(void)
{
	bool refused = trampolines_refused();
	const struct min_kernel tab[] = {
		{ BPF_PROG_TYPE_SOCKET_FILTER, 3, 19 }, { BPF_PROG_TYPE_KPROBE, 4, 1 },
		{ BPF_PROG_TYPE_SCHED_CLS, 4, 1 }, { BPF_PROG_TYPE_SCHED_ACT, 4, 1 },
		{ BPF_PROG_TYPE_TRACEPOINT, 4, 7 }, { BPF_PROG_TYPE_XDP, 4, 8 },
		{ BPF_PROG_TYPE_PERF_EVENT, 4, 9 }, { BPF_PROG_TYPE_CGROUP_SKB, 4, 10 },
		{ BPF_PROG_TYPE_CGROUP_SOCK, 4, 10 }, { BPF_PROG_TYPE_LWT_IN, 4, 10 },
		{ BPF_PROG_TYPE_LWT_OUT, 4, 10 }, { BPF_PROG_TYPE_LWT_XMIT, 4, 10 },
		{ BPF_PROG_TYPE_SOCK_OPS, 4, 13 }, { BPF_PROG_TYPE_SK_SKB, 4, 14 },
		{ BPF_PROG_TYPE_CGROUP_DEVICE, 4, 15 }, { BPF_PROG_TYPE_SK_MSG, 4, 17 },
		{ BPF_PROG_TYPE_RAW_TRACEPOINT, 4, 17 }, { BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 4, 17 },
		{ BPF_PROG_TYPE_LWT_SEG6LOCAL, 4, 18, true }, { BPF_PROG_TYPE_LIRC_MODE2, 4, 18, true },
		{ BPF_PROG_TYPE_SK_REUSEPORT, 4, 19 }, { BPF_PROG_TYPE_FLOW_DISSECTOR, 4, 20 },
		{ BPF_PROG_TYPE_CGROUP_SYSCTL, 5, 2 }, { BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 5, 2 },
		{ BPF_PROG_TYPE_CGROUP_SOCKOPT, 5, 3 }, { BPF_PROG_TYPE_TRACING, 5, 5, refused },
		{ BPF_PROG_TYPE_STRUCT_OPS, 5, 6 }, { BPF_PROG_TYPE_EXT, 5, 6, refused },
		{ BPF_PROG_TYPE_LSM, 5, 7, true }, { BPF_PROG_TYPE_SK_LOOKUP, 5, 9 },
		{ BPF_PROG_TYPE_SYSCALL, 5, 14 }, { 32 /* NETFILTER */, 6, 4 },
	};

	check_types("prog type", tab, ARRAY_SIZE(tab), probe_prog);
	ASSERT_EQ(libbpf_probe_bpf_prog_type(1000, NULL), -EOPNOTSUPP, "unknown type");
	ASSERT_EQ(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_UNSPEC, NULL), -EOPNOTSUPP, "unspec");
	ASSERT_EQ(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_XDP, tab), -EINVAL, "opts");
	if (refused)
		printf("  this kernel refuses trampoline loads (EPERM): tracing and ext may say 0\n");
}

static void map_types(void)
{
	const struct min_kernel tab[] = {
		{ BPF_MAP_TYPE_HASH, 3, 19 }, { BPF_MAP_TYPE_ARRAY, 3, 19 },
		{ BPF_MAP_TYPE_PROG_ARRAY, 4, 2 }, { BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 3 },
		{ BPF_MAP_TYPE_PERCPU_HASH, 4, 6 }, { BPF_MAP_TYPE_PERCPU_ARRAY, 4, 6 },
		{ BPF_MAP_TYPE_STACK_TRACE, 4, 6 }, { BPF_MAP_TYPE_CGROUP_ARRAY, 4, 8 },
		{ BPF_MAP_TYPE_LRU_HASH, 4, 10 }, { BPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 10 },
		{ BPF_MAP_TYPE_LPM_TRIE, 4, 11 }, { BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 12 },
		{ BPF_MAP_TYPE_HASH_OF_MAPS, 4, 12 }, { BPF_MAP_TYPE_DEVMAP, 4, 14 },
		{ BPF_MAP_TYPE_SOCKMAP, 4, 14 }, { BPF_MAP_TYPE_CPUMAP, 4, 15 },
		{ BPF_MAP_TYPE_XSKMAP, 4, 18 }, { BPF_MAP_TYPE_SOCKHASH, 4, 18 },
		{ BPF_MAP_TYPE_CGROUP_STORAGE, 4, 19 }, { BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, 4, 19 },
		{ BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, 4, 20 }, { BPF_MAP_TYPE_QUEUE, 4, 20 },
		{ BPF_MAP_TYPE_STACK, 4, 20 }, { BPF_MAP_TYPE_SK_STORAGE, 5, 2 },
		{ BPF_MAP_TYPE_DEVMAP_HASH, 5, 4 }, { BPF_MAP_TYPE_STRUCT_OPS, 5, 6 },
		{ BPF_MAP_TYPE_RINGBUF, 5, 8 }, { BPF_MAP_TYPE_INODE_STORAGE, 5, 10, true },
		{ BPF_MAP_TYPE_TASK_STORAGE, 5, 11 }, { BPF_MAP_TYPE_BLOOM_FILTER, 5, 16 },
		{ BPF_MAP_TYPE_USER_RINGBUF, 6, 1 }, { 32 /* CGRP_STORAGE */, 6, 2 },
		{ 33 /* ARENA: needs the JIT's support */, 6, 9, true },
	};

	check_types("map type", tab, ARRAY_SIZE(tab), probe_map);
	ASSERT_EQ(libbpf_probe_bpf_map_type(1000, NULL), -EOPNOTSUPP, "unknown type");
	ASSERT_EQ(libbpf_probe_bpf_map_type(BPF_MAP_TYPE_HASH, tab), -EINVAL, "opts");
}

static void helpers(void)
{
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_map_lookup_elem,
					  NULL), 1, "map_lookup_elem from socket filter");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_ktime_get_ns,
					  NULL), 1, "ktime_get_ns from socket filter");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, BPF_FUNC_xdp_adjust_head, NULL), 1,
		  "xdp_adjust_head from XDP");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_xdp_adjust_head,
					  NULL), 0, "xdp_adjust_head from socket filter");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_get_current_task, NULL),
		  1, "get_current_task from kprobe");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_skb_store_bytes, NULL),
		  0, "skb_store_bytes from kprobe");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, 100000, NULL), 0,
		  "unknown helper id");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_probe_read_kernel, NULL),
		  kernel_at_least(5, 5), "probe_read_kernel (5.5)");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_ringbuf_output, NULL),
		  kernel_at_least(5, 8), "ringbuf_output (5.8)");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_TRACING, BPF_FUNC_ktime_get_ns, NULL),
		  -EOPNOTSUPP, "no context to call from");
	ASSERT_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_ktime_get_ns, helpers),
		  -EINVAL, "opts");
}

void test_probes(void)
{
	if (test__start_subtest("prog_types"))
		prog_types();
	if (test__start_subtest("map_types"))
		map_types();
	if (test__start_subtest("helpers"))
		helpers();
}
