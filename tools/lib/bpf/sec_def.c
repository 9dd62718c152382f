// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ELF section names (SEC("...") in BPF C) and what they select: program
 * type, expected attach type and load flags. Also the names of the UAPI
 * program, attach, map and link types.
 */
#include <string.h>
#include "libbpf_internal.h"

#define DEFA(name, ptype, atype, fl, att)                                      \
	{ .sec = name, .prog_type = BPF_PROG_TYPE_##ptype,                     \
	  .expected_attach_type = (enum bpf_attach_type)(atype), .flags = fl,  \
	  .attach = SEC_ATTACH_##att }
/* a section bpf_program__attach() cannot attach without a caller's target */
#define DEF(name, ptype, atype, fl) DEFA(name, ptype, atype, fl, NONE)

/* first match wins: more specific names come before their prefixes */
static const struct bpf_sec_def section_defs[] = {
	DEF("socket",			SOCKET_FILTER, 0, SEC_NONE),
	DEF("sk_reuseport/migrate",	SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, SEC_EXP_ATTACH_OPT),
	DEF("sk_reuseport",		SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, SEC_EXP_ATTACH_OPT),
	DEFA("kprobe+",			KPROBE, 0, SEC_NONE, KPROBE),
	DEFA("uprobe+",			KPROBE, 0, SEC_NONE, UPROBE),
	DEFA("uprobe.s+",		KPROBE, 0, SEC_SLEEPABLE, UPROBE),
	DEFA("kretprobe+",		KPROBE, 0, SEC_NONE, KPROBE),
	DEFA("uretprobe+",		KPROBE, 0, SEC_NONE, UPROBE),
	DEFA("uretprobe.s+",		KPROBE, 0, SEC_SLEEPABLE, UPROBE),
	DEFA("kprobe.multi+",		KPROBE, BPF_TRACE_KPROBE_MULTI, SEC_NONE, KPROBE_MULTI),
	DEFA("kretprobe.multi+",		KPROBE, BPF_TRACE_KPROBE_MULTI, SEC_NONE, KPROBE_MULTI),
	DEFA("kprobe.session+",		KPROBE, LIBBPF_TRACE_KPROBE_SESSION, SEC_NONE, KPROBE_MULTI),
	DEFA("uprobe.multi+",		KPROBE, LIBBPF_TRACE_UPROBE_MULTI, SEC_NONE, UPROBE_MULTI),
	DEFA("uretprobe.multi+",		KPROBE, LIBBPF_TRACE_UPROBE_MULTI, SEC_NONE, UPROBE_MULTI),
	DEFA("uprobe.multi.s+",		KPROBE, LIBBPF_TRACE_UPROBE_MULTI, SEC_SLEEPABLE, UPROBE_MULTI),
	DEFA("uretprobe.multi.s+",	KPROBE, LIBBPF_TRACE_UPROBE_MULTI, SEC_SLEEPABLE, UPROBE_MULTI),
	DEFA("ksyscall+",		KPROBE, 0, SEC_NONE, KSYSCALL),
	DEFA("kretsyscall+",		KPROBE, 0, SEC_NONE, KSYSCALL),
	DEFA("usdt+",			KPROBE, 0, SEC_UPROBE_MULTI_OPT, USDT),
	DEFA("usdt.s+",			KPROBE, 0, SEC_SLEEPABLE | SEC_UPROBE_MULTI_OPT, USDT),
	DEF("tc/ingress",		SCHED_CLS, LIBBPF_TCX_INGRESS, SEC_NONE),
	DEF("tc/egress",		SCHED_CLS, LIBBPF_TCX_EGRESS, SEC_NONE),
	DEF("tcx/ingress",		SCHED_CLS, LIBBPF_TCX_INGRESS, SEC_NONE),
	DEF("tcx/egress",		SCHED_CLS, LIBBPF_TCX_EGRESS, SEC_NONE),
	DEF("tc",			SCHED_CLS, 0, SEC_NONE),
	DEF("classifier",		SCHED_CLS, 0, SEC_NONE),
	DEF("action",			SCHED_ACT, 0, SEC_NONE),
	DEF("netkit/primary",		SCHED_CLS, LIBBPF_NETKIT_PRIMARY, SEC_NONE),
	DEF("netkit/peer",		SCHED_CLS, LIBBPF_NETKIT_PEER, SEC_NONE),
	DEFA("tracepoint+",		TRACEPOINT, 0, SEC_NONE, TP),
	DEFA("tp+",			TRACEPOINT, 0, SEC_NONE, TP),
	DEFA("raw_tracepoint+",		RAW_TRACEPOINT, 0, SEC_NONE, RAW_TP),
	DEFA("raw_tp+",			RAW_TRACEPOINT, 0, SEC_NONE, RAW_TP),
	DEFA("raw_tracepoint.w+",	RAW_TRACEPOINT_WRITABLE, 0, SEC_NONE, RAW_TP),
	DEFA("raw_tp.w+",		RAW_TRACEPOINT_WRITABLE, 0, SEC_NONE, RAW_TP),
	DEFA("tp_btf+",			TRACING, BPF_TRACE_RAW_TP, SEC_ATTACH_BTF, TRACE),
	DEFA("fentry+",			TRACING, BPF_TRACE_FENTRY, SEC_ATTACH_BTF, TRACE),
	DEFA("fmod_ret+",		TRACING, BPF_MODIFY_RETURN, SEC_ATTACH_BTF, TRACE),
	DEFA("fexit+",			TRACING, BPF_TRACE_FEXIT, SEC_ATTACH_BTF, TRACE),
	DEFA("fentry.s+",		TRACING, BPF_TRACE_FENTRY, SEC_ATTACH_BTF | SEC_SLEEPABLE, TRACE),
	DEFA("fmod_ret.s+",		TRACING, BPF_MODIFY_RETURN, SEC_ATTACH_BTF | SEC_SLEEPABLE, TRACE),
	DEFA("fexit.s+",			TRACING, BPF_TRACE_FEXIT, SEC_ATTACH_BTF | SEC_SLEEPABLE, TRACE),
	DEFA("freplace+",		EXT, 0, SEC_ATTACH_BTF, TRACE),
	DEFA("lsm+",			LSM, BPF_LSM_MAC, SEC_ATTACH_BTF, LSM),
	DEFA("lsm.s+",			LSM, BPF_LSM_MAC, SEC_ATTACH_BTF | SEC_SLEEPABLE, LSM),
	DEF("lsm_cgroup+",		LSM, BPF_LSM_CGROUP, SEC_ATTACH_BTF),
	DEFA("iter+",			TRACING, BPF_TRACE_ITER, SEC_ATTACH_BTF, ITER),
	DEFA("iter.s+",			TRACING, BPF_TRACE_ITER, SEC_ATTACH_BTF | SEC_SLEEPABLE, ITER),
	DEF("syscall",			SYSCALL, 0, SEC_SLEEPABLE),
	DEF("xdp.frags/devmap",		XDP, BPF_XDP_DEVMAP, SEC_XDP_FRAGS),
	DEF("xdp/devmap",		XDP, BPF_XDP_DEVMAP, SEC_EXP_ATTACH_OPT),
	DEF("xdp.frags/cpumap",		XDP, BPF_XDP_CPUMAP, SEC_XDP_FRAGS),
	DEF("xdp/cpumap",		XDP, BPF_XDP_CPUMAP, SEC_EXP_ATTACH_OPT),
	DEF("xdp.frags",		XDP, BPF_XDP, SEC_XDP_FRAGS),
	DEF("xdp",			XDP, BPF_XDP, SEC_EXP_ATTACH_OPT),
	DEF("perf_event",		PERF_EVENT, 0, SEC_NONE),
	DEF("lwt_in",			LWT_IN, 0, SEC_NONE),
	DEF("lwt_out",			LWT_OUT, 0, SEC_NONE),
	DEF("lwt_xmit",			LWT_XMIT, 0, SEC_NONE),
	DEF("lwt_seg6local",		LWT_SEG6LOCAL, 0, SEC_NONE),
	DEF("sockops",			SOCK_OPS, BPF_CGROUP_SOCK_OPS, SEC_EXP_ATTACH_OPT),
	DEF("sk_skb/stream_parser",	SK_SKB, BPF_SK_SKB_STREAM_PARSER, SEC_EXP_ATTACH_OPT),
	DEF("sk_skb/stream_verdict",	SK_SKB, BPF_SK_SKB_STREAM_VERDICT, SEC_EXP_ATTACH_OPT),
	DEF("sk_skb/verdict",		SK_SKB, BPF_SK_SKB_VERDICT, SEC_EXP_ATTACH_OPT),
	DEF("sk_skb",			SK_SKB, 0, SEC_NONE),
	DEF("sk_msg",			SK_MSG, BPF_SK_MSG_VERDICT, SEC_EXP_ATTACH_OPT),
	DEF("lirc_mode2",		LIRC_MODE2, BPF_LIRC_MODE2, SEC_EXP_ATTACH_OPT),
	DEF("flow_dissector",		FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, SEC_EXP_ATTACH_OPT),
	DEF("cgroup_skb/ingress",	CGROUP_SKB, BPF_CGROUP_INET_INGRESS, SEC_EXP_ATTACH_OPT),
	DEF("cgroup_skb/egress",	CGROUP_SKB, BPF_CGROUP_INET_EGRESS, SEC_EXP_ATTACH_OPT),
	DEF("cgroup/skb",		CGROUP_SKB, 0, SEC_NONE),
	DEF("cgroup/sock_create",	CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, SEC_NONE),
	DEF("cgroup/sock_release",	CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, SEC_NONE),
	DEF("cgroup/sock",		CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, SEC_EXP_ATTACH_OPT),
	DEF("cgroup/post_bind4",	CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, SEC_NONE),
	DEF("cgroup/post_bind6",	CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, SEC_NONE),
	DEF("cgroup/bind4",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, SEC_NONE),
	DEF("cgroup/bind6",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, SEC_NONE),
	DEF("cgroup/connect4",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, SEC_NONE),
	DEF("cgroup/connect6",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, SEC_NONE),
	DEF("cgroup/connect_unix",	CGROUP_SOCK_ADDR, LIBBPF_CGROUP_UNIX_CONNECT, SEC_NONE),
	DEF("cgroup/sendmsg4",		CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, SEC_NONE),
	DEF("cgroup/sendmsg6",		CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, SEC_NONE),
	DEF("cgroup/sendmsg_unix",	CGROUP_SOCK_ADDR, LIBBPF_CGROUP_UNIX_SENDMSG, SEC_NONE),
	DEF("cgroup/recvmsg4",		CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, SEC_NONE),
	DEF("cgroup/recvmsg6",		CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, SEC_NONE),
	DEF("cgroup/recvmsg_unix",	CGROUP_SOCK_ADDR, LIBBPF_CGROUP_UNIX_RECVMSG, SEC_NONE),
	DEF("cgroup/getpeername4",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, SEC_NONE),
	DEF("cgroup/getpeername6",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, SEC_NONE),
	DEF("cgroup/getpeername_unix",	CGROUP_SOCK_ADDR, LIBBPF_CGROUP_UNIX_GETPEERNAME, SEC_NONE),
	DEF("cgroup/getsockname4",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, SEC_NONE),
	DEF("cgroup/getsockname6",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, SEC_NONE),
	DEF("cgroup/getsockname_unix",	CGROUP_SOCK_ADDR, LIBBPF_CGROUP_UNIX_GETSOCKNAME, SEC_NONE),
	DEF("cgroup/sysctl",		CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, SEC_NONE),
	DEF("cgroup/getsockopt",	CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, SEC_NONE),
	DEF("cgroup/setsockopt",	CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, SEC_NONE),
	DEF("cgroup/dev",		CGROUP_DEVICE, BPF_CGROUP_DEVICE, SEC_EXP_ATTACH_OPT),
	DEF("struct_ops+",		STRUCT_OPS, 0, SEC_NONE),
	DEF("struct_ops.s+",		STRUCT_OPS, 0, SEC_SLEEPABLE),
	DEF("sk_lookup",		SK_LOOKUP, BPF_SK_LOOKUP, SEC_NONE),
	{ .sec = "netfilter", .prog_type = LIBBPF_PROG_TYPE_NETFILTER,
	  .expected_attach_type = LIBBPF_NETFILTER, .flags = SEC_NONE },
};

static bool sec_def_matches(const struct bpf_sec_def *def, const char *name)
{
	size_t len;

	/* most of the table differs in the first byte already */
	if (def->sec[0] != name[0])
		return false;
	len = strlen(def->sec);
	if (def->sec[len - 1] == '+') {
		len--;
		if (strncmp(name, def->sec, len) != 0)
			return false;
		return name[len] == '\0' || name[len] == '/';
	}
	return strcmp(name, def->sec) == 0;
}

const struct bpf_sec_def *find_sec_def(const char *sec_name)
{
	const struct bpf_sec_def *custom;
	size_t i;

	if (sec_name[0] == '?')
		sec_name++;
	/* registered handlers first, the fallback handler last */
	custom = custom_sec_def(sec_name, false);
	if (custom)
		return custom;
	for (i = 0; i < ARRAY_SIZE(section_defs); i++)
		if (sec_def_matches(&section_defs[i], sec_name))
			return &section_defs[i];
	return custom_sec_def(sec_name, true);
}

int libbpf_prog_type_by_name(const char *name, enum bpf_prog_type *prog_type,
			     enum bpf_attach_type *expected_attach_type)
{
	const struct bpf_sec_def *def;

	if (!name || !prog_type || !expected_attach_type)
		return libbpf_err(-EINVAL);
	def = find_sec_def(name);
	if (!def) {
		pr_debug("no program type for section name '%s'\n", name);
		return libbpf_err(-ESRCH);
	}
	*prog_type = def->prog_type;
	*expected_attach_type = def->expected_attach_type;
	return 0;
}

/* programs attached with BPF_PROG_ATTACH or a link to a target fd */
static bool sec_def_attachable(const struct bpf_sec_def *def)
{
	if (def->flags & SEC_EXP_ATTACH_OPT)
		return true;
	switch (def->prog_type) {
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_SK_LOOKUP:
		return true;
	case BPF_PROG_TYPE_SCHED_CLS:	/* tcx and netkit */
		return def->expected_attach_type != 0;
	default:
		return false;
	}
}

int libbpf_attach_type_by_name(const char *name, enum bpf_attach_type *attach_type)
{
	const struct bpf_sec_def *def;

	if (!name || !attach_type)
		return libbpf_err(-EINVAL);
	def = find_sec_def(name);
	if (!def || !sec_def_attachable(def)) {
		pr_debug("section '%s' names no attachable program type\n", name);
		return libbpf_err(-EINVAL);
	}
	*attach_type = def->expected_attach_type;
	return 0;
}

/* ---- UAPI enum names ---------------------------------------------------- */

static const char *const prog_type_names[] = {
	"unspec", "socket_filter", "kprobe", "sched_cls", "sched_act",
	"tracepoint", "xdp", "perf_event", "cgroup_skb", "cgroup_sock",
	"lwt_in", "lwt_out", "lwt_xmit", "sock_ops", "sk_skb",
	"cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr",
	"lwt_seg6local", "lirc_mode2", "sk_reuseport", "flow_dissector",
	"cgroup_sysctl", "raw_tracepoint_writable", "cgroup_sockopt",
	"tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall",
	"netfilter",
};

static const char *const attach_type_names[] = {
	"cgroup_inet_ingress", "cgroup_inet_egress", "cgroup_inet_sock_create",
	"cgroup_sock_ops", "sk_skb_stream_parser", "sk_skb_stream_verdict",
	"cgroup_device", "sk_msg_verdict", "cgroup_inet4_bind",
	"cgroup_inet6_bind", "cgroup_inet4_connect", "cgroup_inet6_connect",
	"cgroup_inet4_post_bind", "cgroup_inet6_post_bind",
	"cgroup_udp4_sendmsg", "cgroup_udp6_sendmsg", "lirc_mode2",
	"flow_dissector", "cgroup_sysctl", "cgroup_udp4_recvmsg",
	"cgroup_udp6_recvmsg", "cgroup_getsockopt", "cgroup_setsockopt",
	"trace_raw_tp", "trace_fentry", "trace_fexit", "modify_return",
	"lsm_mac", "trace_iter", "cgroup_inet4_getpeername",
	"cgroup_inet6_getpeername", "cgroup_inet4_getsockname",
	"cgroup_inet6_getsockname", "xdp_devmap", "cgroup_inet_sock_release",
	"xdp_cpumap", "sk_lookup", "xdp", "sk_skb_verdict",
	"sk_reuseport_select", "sk_reuseport_select_or_migrate", "perf_event",
	"trace_kprobe_multi", "lsm_cgroup", "struct_ops", "netfilter",
	"tcx_ingress", "tcx_egress", "trace_uprobe_multi",
	"cgroup_unix_connect", "cgroup_unix_sendmsg", "cgroup_unix_recvmsg",
	"cgroup_unix_getpeername", "cgroup_unix_getsockname",
	"netkit_primary", "netkit_peer", "trace_kprobe_session",
};

static const char *const map_type_names[] = {
	"unspec", "hash", "array", "prog_array", "perf_event_array",
	"percpu_hash", "percpu_array", "stack_trace", "cgroup_array",
	"lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
	"hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash",
	"cgroup_storage", "reuseport_sockarray", "percpu_cgroup_storage",
	"queue", "stack", "sk_storage", "devmap_hash", "struct_ops",
	"ringbuf", "inode_storage", "task_storage", "bloom_filter",
	"user_ringbuf", "cgrp_storage", "arena",
};

static const char *const link_type_names[] = {
	"unspec", "raw_tracepoint", "tracing", "cgroup", "iter", "netns",
	"xdp", "perf_event", "kprobe_multi", "struct_ops", "netfilter", "tcx",
	"uprobe_multi", "netkit", "sockmap",
};

/* an unknown value: NULL, errno = EINVAL */
#define ENUM_NAME(tbl, v)                                                      \
	((unsigned int)(v) < ARRAY_SIZE(tbl) && tbl[v] ? tbl[v] : libbpf_err_ptr(-EINVAL))

const char *libbpf_bpf_prog_type_str(enum bpf_prog_type t)
{
	return ENUM_NAME(prog_type_names, t);
}

const char *libbpf_bpf_attach_type_str(enum bpf_attach_type t)
{
	return ENUM_NAME(attach_type_names, t);
}

const char *libbpf_bpf_map_type_str(enum bpf_map_type t)
{
	return ENUM_NAME(map_type_names, t);
}

const char *libbpf_bpf_link_type_str(enum bpf_link_type t)
{
	return ENUM_NAME(link_type_names, t);
}
