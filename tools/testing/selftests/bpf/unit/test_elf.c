// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The object model built by bpf_object__open*() from the BPF objects in
 * progs/, checked against the C sources (names, types, initial values,
 * which relocation a line of C implies) and against the ELF file read
 * independently through <elf.h> (instruction bytes, symbol offsets,
 * section sizes, one relocation record per ELF relocation).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include "libbpf_internal.h"
#include "unit.h"
#include "elf_buf.h"

#define INSN_SZ sizeof(struct bpf_insn)

/* every object built from progs/ that is expected to open */
static const char *const good_objs[] = {
	"test_arg_ctx_basic.bpf.o",
	"test_callbacks.bpf.o",
	"test_exceptions.bpf.o",
	"test_externs.bpf.o",
	"test_global_data.bpf.o",
	"test_kfuncs.bpf.o",
	"test_ksym_vars.bpf.o",
	"test_map_in_map.bpf.o",
	"test_map_pinning.bpf.o",
	"test_maps_btf.bpf.o",
	"test_maps_net.bpf.o",
	"test_maps_storage.bpf.o",
	"test_multi_prog_sections.bpf.o",
	"test_sections_cgroup.bpf.o",
	"test_sections_net.bpf.o",
	"test_sections_new.bpf.o",
	"test_sections_tracing.bpf.o",
	"test_sections_trampoline.bpf.o",
	"test_struct_ops.bpf.o",
	"test_subprogs.bpf.o",
	"test_tailcalls.bpf.o",
};

static struct bpf_object *open_obj(const char *name)
{
	struct bpf_object *obj = bpf_object__open_file(unit_obj_path(name), NULL);

	if (!obj)
		UNIT_FAIL("open %s: %s", name, strerror(errno));
	return obj;
}

/* any function of the object, subprograms included */
static struct bpf_program *func_by_name(const struct bpf_object *obj, const char *name)
{
	size_t i;

	for (i = 0; i < obj->nr_programs; i++)
		if (strcmp(obj->programs[i].name, name) == 0)
			return &obj->programs[i];
	return NULL;
}

/* the function starting at instruction insn of section sec_idx */
static struct bpf_program *func_at(const struct bpf_object *obj, int sec_idx, int insn)
{
	size_t i;

	for (i = 0; i < obj->nr_programs; i++)
		if (obj->programs[i].sec_idx == sec_idx &&
		    obj->programs[i].sec_insn_off == (size_t)insn)
			return &obj->programs[i];
	return NULL;
}

static bool prog_has_relo(const struct bpf_program *prog, enum reloc_type type,
			  const char *tgt_name)
{
	const struct bpf_object *obj = prog->obj;
	const struct bpf_program *tgt;
	int i;

	for (i = 0; i < prog->nr_relos; i++) {
		const struct reloc_desc *r = &prog->relos[i];
		const char *name = NULL;

		if (r->type != type)
			continue;
		switch (type) {
		case RELO_MAP:
			name = obj->maps[r->map_idx].name;
			break;
		case RELO_DATA:
			name = obj->maps[r->map_idx].real_name;
			break;
		case RELO_CALL:
		case RELO_SUBPROG_ADDR:
			tgt = func_at(obj, r->tgt_sec_idx, r->tgt_insn_idx);
			name = tgt ? tgt->name : NULL;
			break;
		case RELO_EXTERN_LD64:
		case RELO_EXTERN_CALL:
			name = obj->externs[r->ext_idx].name;
			break;
		}
		if (name && strcmp(name, tgt_name) == 0)
			return true;
	}
	return false;
}

static const char *const relo_names[] = {
	[RELO_MAP] = "RELO_MAP", [RELO_DATA] = "RELO_DATA", [RELO_CALL] = "RELO_CALL",
	[RELO_SUBPROG_ADDR] = "RELO_SUBPROG_ADDR", [RELO_EXTERN_LD64] = "RELO_EXTERN_LD64",
	[RELO_EXTERN_CALL] = "RELO_EXTERN_CALL",
};

/* function prog_name has a relocation of this type against tgt */
static void assert_relo(const struct bpf_object *obj, const char *prog_name,
			enum reloc_type type, const char *tgt, int line)
{
	const struct bpf_program *prog = func_by_name(obj, prog_name);

	if (!prog || !prog_has_relo(prog, type, tgt))
		UNIT_FAIL("line %d: no %s relocation from '%s' to '%s'", line,
			  relo_names[type], prog_name, tgt);
}

#define ASSERT_RELO(obj, prog_name, type, tgt)                                 \
	assert_relo(obj, prog_name, type, tgt, __LINE__)

/* ---- programs --------------------------------------------------------------- */

/*
 * Every FUNC symbol in a code section is a program or, in .text, a
 * subprogram, with the symbol's instructions; iteration lists exactly
 * the programs, the same both ways.
 */
static void check_funcs_match_elf(const char *name, struct bpf_object *obj,
				  const struct elf_buf *b)
{
	struct bpf_program *prog, *fwd[256];
	size_t i, nsyms, nfuncs = 0, nprogs = 0, n = 0;
	Elf64_Sym *syms = ebuf_syms(b, &nsyms);

	for (i = 1; i < nsyms; i++) {
		const Elf64_Sym *sym = &syms[i];
		const Elf64_Shdr *sh;
		const char *sname;

		if (ELF64_ST_TYPE(sym->st_info) != STT_FUNC || sym->st_shndx == SHN_UNDEF)
			continue;
		sh = ebuf_shdr(b, sym->st_shndx);
		if (!(sh->sh_flags & SHF_EXECINSTR))
			continue;
		sname = ebuf_sym_name(b, sym);
		prog = func_by_name(obj, sname);
		if (!ASSERT_OK_PTR(prog, sname))
			return;
		nfuncs++;
		ASSERT_EQ(prog->sec_idx, sym->st_shndx, sname);
		ASSERT_EQ(prog->sec_insn_off * INSN_SZ, sym->st_value, sname);
		ASSERT_EQ(bpf_program__insn_cnt(prog) * INSN_SZ, sym->st_size, sname);
		ASSERT_LT(0, bpf_program__insn_cnt(prog), sname);
		ASSERT_TRUE(memcmp(bpf_program__insns(prog),
				   b->data + sh->sh_offset + sym->st_value,
				   sym->st_size) == 0, sname);
		ASSERT_EQ(prog->is_subprog,
			  strcmp(ebuf_sec_name(b, sym->st_shndx), ".text") == 0, sname);
		if (!prog->is_subprog) {
			nprogs++;
			ASSERT_EQ(prog->sec_def != NULL, true, sname);
		}
	}
	ASSERT_EQ(obj->nr_programs, nfuncs, name);

	bpf_object__for_each_program(prog, obj) {
		ASSERT_FALSE(prog->is_subprog, bpf_program__name(prog));
		ASSERT_TRUE(prog == bpf_object__find_program_by_name(obj, prog->name),
			    prog->name);
		if (n < ARRAY_SIZE(fwd))
			fwd[n] = prog;
		n++;
	}
	ASSERT_EQ(n, nprogs, name);
	for (prog = bpf_object__prev_program(obj, NULL); prog;
	     prog = bpf_object__prev_program(obj, prog)) {
		if (!ASSERT_LT(0, n, name))
			return;
		n--;
		ASSERT_TRUE(n >= ARRAY_SIZE(fwd) || fwd[n] == prog, prog->name);
	}
	ASSERT_EQ(n, 0, name);
}

UNIT_TEST(elf_funcs_match_symbols)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good_objs); i++) {
		struct bpf_object *obj;
		struct elf_buf b;

		if (!ebuf_load(&b, good_objs[i]))
			continue;
		obj = open_obj(good_objs[i]);
		if (obj)
			check_funcs_match_elf(good_objs[i], obj, &b);
		bpf_object__close(obj);
		ebuf_free(&b);
	}
}

struct prog_exp {
	const char *name;
	const char *sec;
	enum bpf_prog_type type;
	enum bpf_attach_type eat;
	bool autoload;
	__u32 flags;
};

/* programs, in iteration order, exactly as listed */
static void check_progs(struct bpf_object *obj, const struct prog_exp *exp, size_t n)
{
	struct bpf_program *prog;
	size_t i = 0;

	bpf_object__for_each_program(prog, obj) {
		const char *name = bpf_program__name(prog);

		if (!ASSERT_LT(i, n, name))
			return;
		ASSERT_STREQ(name, exp[i].name, "name");
		ASSERT_STREQ(bpf_program__section_name(prog), exp[i].sec, name);
		ASSERT_EQ(bpf_program__type(prog), exp[i].type, name);
		ASSERT_EQ(bpf_program__expected_attach_type(prog), exp[i].eat, name);
		ASSERT_EQ(bpf_program__autoload(prog), exp[i].autoload, name);
		ASSERT_EQ(bpf_program__flags(prog), exp[i].flags, name);
		ASSERT_LT(0, bpf_program__insn_cnt(prog), name);
		i++;
	}
	ASSERT_EQ(i, n, "number of programs");
}

static void check_file_progs(const char *file, const struct prog_exp *exp, size_t n)
{
	struct bpf_object *obj = open_obj(file);

	if (!obj)
		return;
	check_progs(obj, exp, n);
	bpf_object__close(obj);
}

#define P(n, s, t, e) { n, s, BPF_PROG_TYPE_##t, (enum bpf_attach_type)(e), true, 0 }
#define P_OFF(n, s, t, e) { n, s, BPF_PROG_TYPE_##t, (enum bpf_attach_type)(e), false, 0 }
#define P_FL(n, s, t, e, f) { n, s, BPF_PROG_TYPE_##t, (enum bpf_attach_type)(e), true, f }

UNIT_TEST(elf_prog_multi_sections)
{
	static const struct prog_exp exp[] = {
		P("xdp_first", "xdp", XDP, BPF_XDP),
		P("xdp_second", "xdp", XDP, BPF_XDP),
		P("xdp_third", "xdp", XDP, BPF_XDP),
		P("tc_first", "tc", SCHED_CLS, 0),
		P("tc_second", "tc", SCHED_CLS, 0),
		/* SEC("?...") turns autoload off; the '?' is not part of the name */
		P_OFF("xdp_optional", "xdp", XDP, BPF_XDP),
		P_OFF("tc_optional", "tc", SCHED_CLS, 0),
		P_OFF("tp_optional", "tracepoint/syscalls/sys_enter_getpid", TRACEPOINT, 0),
	};
	struct bpf_object *obj = open_obj("test_multi_prog_sections.bpf.o");
	struct bpf_program *sub;

	if (!obj)
		return;
	check_progs(obj, exp, ARRAY_SIZE(exp));
	ASSERT_STREQ(obj->license, "Dual BSD/GPL", "license");
	ASSERT_STREQ(bpf_object__name(obj), "test_multi_prog", "object name");

	/* static subprograms in .text: in the model, not in the API */
	sub = func_by_name(obj, "pkt_len");
	if (ASSERT_OK_PTR(sub, "pkt_len")) {
		ASSERT_TRUE(sub->is_subprog, "pkt_len is a subprogram");
		ASSERT_FALSE(sub->is_global, "pkt_len is static");
		ASSERT_STREQ(sub->sec_name, ".text", "pkt_len section");
	}
	errno = 0;
	ASSERT_NULL(bpf_object__find_program_by_name(obj, "bump"), "find subprog");
	ASSERT_EQ(errno, ENOENT, "find subprog errno");
	ASSERT_RELO(obj, "xdp_first", RELO_CALL, "pkt_len");
	ASSERT_RELO(obj, "xdp_first", RELO_CALL, "bump");
	ASSERT_RELO(obj, "xdp_third", RELO_CALL, "pkt_len");
	ASSERT_FALSE(prog_has_relo(func_by_name(obj, "xdp_third"), RELO_CALL, "bump"),
		     "xdp_third does not call bump");
	ASSERT_RELO(obj, "tc_second", RELO_CALL, "bump");
	ASSERT_RELO(obj, "bump", RELO_DATA, ".bss");
	bpf_object__close(obj);
}

UNIT_TEST(elf_prog_types_net)
{
	static const struct prog_exp exp[] = {
		P("socket_filter", "socket", SOCKET_FILTER, 0),
		P("xdp_pass", "xdp", XDP, BPF_XDP),
		P_FL("xdp_frags_pass", "xdp.frags", XDP, BPF_XDP, BPF_F_XDP_HAS_FRAGS),
		P("xdp_devmap_prog", "xdp/devmap", XDP, BPF_XDP_DEVMAP),
		P("xdp_cpumap_prog", "xdp/cpumap", XDP, BPF_XDP_CPUMAP),
		P("tc_ok", "tc", SCHED_CLS, 0),
		P("classifier_ok", "classifier", SCHED_CLS, 0),
		P("action_ok", "action", SCHED_ACT, 0),
		P("sk_skb_parser", "sk_skb/stream_parser", SK_SKB, BPF_SK_SKB_STREAM_PARSER),
		P("sk_skb_verdict", "sk_skb/stream_verdict", SK_SKB, BPF_SK_SKB_STREAM_VERDICT),
		P("sk_skb_plain", "sk_skb", SK_SKB, 0),
		P("sk_msg_pass", "sk_msg", SK_MSG, BPF_SK_MSG_VERDICT),
		P("sk_lookup_pass", "sk_lookup", SK_LOOKUP, BPF_SK_LOOKUP),
		P("reuseport_pass", "sk_reuseport", SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT),
		P("reuseport_migrate", "sk_reuseport/migrate", SK_REUSEPORT,
		  BPF_SK_REUSEPORT_SELECT_OR_MIGRATE),
		P("flow_dissect", "flow_dissector", FLOW_DISSECTOR, BPF_FLOW_DISSECTOR),
		P("lwt_in_ok", "lwt_in", LWT_IN, 0),
		P("lwt_out_ok", "lwt_out", LWT_OUT, 0),
		P("lwt_xmit_ok", "lwt_xmit", LWT_XMIT, 0),
		P("lwt_seg6local_ok", "lwt_seg6local", LWT_SEG6LOCAL, 0),
		P("sockops_any", "sockops", SOCK_OPS, BPF_CGROUP_SOCK_OPS),
	};
	check_file_progs("test_sections_net.bpf.o", exp, ARRAY_SIZE(exp));
}

UNIT_TEST(elf_prog_types_cgroup)
{
	static const struct prog_exp exp[] = {
		P("skb_ingress", "cgroup_skb/ingress", CGROUP_SKB, BPF_CGROUP_INET_INGRESS),
		P("skb_egress", "cgroup_skb/egress", CGROUP_SKB, BPF_CGROUP_INET_EGRESS),
		P("skb_any", "cgroup/skb", CGROUP_SKB, 0),
		P("sock_create", "cgroup/sock_create", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE),
		P("sock_plain", "cgroup/sock", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE),
		P("sock_release", "cgroup/sock_release", CGROUP_SOCK,
		  BPF_CGROUP_INET_SOCK_RELEASE),
		P("post_bind4", "cgroup/post_bind4", CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND),
		P("post_bind6", "cgroup/post_bind6", CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND),
		P("bind4", "cgroup/bind4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND),
		P("bind6", "cgroup/bind6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND),
		P("connect4", "cgroup/connect4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT),
		P("connect6", "cgroup/connect6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT),
		P("sendmsg4", "cgroup/sendmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG),
		P("sendmsg6", "cgroup/sendmsg6", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG),
		P("recvmsg4", "cgroup/recvmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG),
		P("recvmsg6", "cgroup/recvmsg6", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG),
		P("getpeername4", "cgroup/getpeername4", CGROUP_SOCK_ADDR,
		  BPF_CGROUP_INET4_GETPEERNAME),
		P("getpeername6", "cgroup/getpeername6", CGROUP_SOCK_ADDR,
		  BPF_CGROUP_INET6_GETPEERNAME),
		P("getsockname4", "cgroup/getsockname4", CGROUP_SOCK_ADDR,
		  BPF_CGROUP_INET4_GETSOCKNAME),
		P("getsockname6", "cgroup/getsockname6", CGROUP_SOCK_ADDR,
		  BPF_CGROUP_INET6_GETSOCKNAME),
		P("sysctl_any", "cgroup/sysctl", CGROUP_SYSCTL, BPF_CGROUP_SYSCTL),
		P("getsockopt_any", "cgroup/getsockopt", CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT),
		P("setsockopt_any", "cgroup/setsockopt", CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT),
		P("dev_any", "cgroup/dev", CGROUP_DEVICE, BPF_CGROUP_DEVICE),
	};
	check_file_progs("test_sections_cgroup.bpf.o", exp, ARRAY_SIZE(exp));
}

UNIT_TEST(elf_prog_types_tracing)
{
	static const struct prog_exp exp[] = {
		P("kprobe_unlinkat", "kprobe/do_unlinkat", KPROBE, 0),
		P("kretprobe_unlinkat", "kretprobe/do_unlinkat", KPROBE, 0),
		P("uprobe_any", "uprobe", KPROBE, 0),
		P("uretprobe_any", "uretprobe", KPROBE, 0),
		P("ksyscall_getpid", "ksyscall/getpid", KPROBE, 0),
		P("kprobe_multi_fentry", "kprobe.multi/bpf_fentry_test*", KPROBE,
		  BPF_TRACE_KPROBE_MULTI),
		P("tracepoint_getpid", "tracepoint/syscalls/sys_enter_getpid", TRACEPOINT, 0),
		P("tp_exec", "tp/sched/sched_process_exec", TRACEPOINT, 0),
		P("raw_tracepoint_enter", "raw_tracepoint/sys_enter", RAW_TRACEPOINT, 0),
		P("raw_tp_exit", "raw_tp/sys_exit", RAW_TRACEPOINT, 0),
		P("raw_tracepoint_w_finish", "raw_tracepoint.w/bpf_test_finish",
		  RAW_TRACEPOINT_WRITABLE, 0),
		P("raw_tp_w_finish", "raw_tp.w/bpf_test_finish", RAW_TRACEPOINT_WRITABLE, 0),
		P("tp_btf_switch", "tp_btf/sched_switch", TRACING, BPF_TRACE_RAW_TP),
		P("iter_task", "iter/task", TRACING, BPF_TRACE_ITER),
		P("perf_event_sample", "perf_event", PERF_EVENT, 0),
		P_FL("syscall_prog", "syscall", SYSCALL, 0, BPF_F_SLEEPABLE),
	};
	check_file_progs("test_sections_tracing.bpf.o", exp, ARRAY_SIZE(exp));
}

UNIT_TEST(elf_prog_types_trampoline)
{
	static const struct prog_exp exp[] = {
		P("fentry_test1", "fentry/bpf_fentry_test1", TRACING, BPF_TRACE_FENTRY),
		P("fexit_test1", "fexit/bpf_fentry_test1", TRACING, BPF_TRACE_FEXIT),
		P("fmod_ret_test", "fmod_ret/bpf_modify_return_test", TRACING,
		  BPF_MODIFY_RETURN),
		P("lsm_file_open", "lsm/file_open", LSM, BPF_LSM_MAC),
	};
	check_file_progs("test_sections_trampoline.bpf.o", exp, ARRAY_SIZE(exp));
}

UNIT_TEST(elf_prog_types_new)
{
	static const struct prog_exp exp[] = {
		{ "nf_accept", "netfilter", LIBBPF_PROG_TYPE_NETFILTER, LIBBPF_NETFILTER, true, 0 },
		P("tcx_in", "tcx/ingress", SCHED_CLS, LIBBPF_TCX_INGRESS),
		P("tcx_out", "tcx/egress", SCHED_CLS, LIBBPF_TCX_EGRESS),
		P("netkit_primary", "netkit/primary", SCHED_CLS, LIBBPF_NETKIT_PRIMARY),
		P("netkit_peer", "netkit/peer", SCHED_CLS, LIBBPF_NETKIT_PEER),
		P("uprobe_multi_any", "uprobe.multi", KPROBE, LIBBPF_TRACE_UPROBE_MULTI),
		P("uretprobe_multi_any", "uretprobe.multi", KPROBE, LIBBPF_TRACE_UPROBE_MULTI),
		P("kprobe_session_test1", "kprobe.session/bpf_fentry_test1", KPROBE,
		  LIBBPF_TRACE_KPROBE_SESSION),
		P("connect_unix", "cgroup/connect_unix", CGROUP_SOCK_ADDR,
		  LIBBPF_CGROUP_UNIX_CONNECT),
		P("sendmsg_unix", "cgroup/sendmsg_unix", CGROUP_SOCK_ADDR,
		  LIBBPF_CGROUP_UNIX_SENDMSG),
		P("recvmsg_unix", "cgroup/recvmsg_unix", CGROUP_SOCK_ADDR,
		  LIBBPF_CGROUP_UNIX_RECVMSG),
		P("getpeername_unix", "cgroup/getpeername_unix", CGROUP_SOCK_ADDR,
		  LIBBPF_CGROUP_UNIX_GETPEERNAME),
		P("getsockname_unix", "cgroup/getsockname_unix", CGROUP_SOCK_ADDR,
		  LIBBPF_CGROUP_UNIX_GETSOCKNAME),
		P("sk_skb_verdict_new", "sk_skb/verdict", SK_SKB, BPF_SK_SKB_VERDICT),
	};
	check_file_progs("test_sections_new.bpf.o", exp, ARRAY_SIZE(exp));
}

UNIT_TEST(elf_static_prog_fail)
{
	struct bpf_object *obj;
	int warns;

	warn_capture_begin();
	errno = 0;
	obj = bpf_object__open_file(unit_obj_path("test_static_prog_fail.bpf.o"), NULL);
	warns = warn_capture_end();
	ASSERT_NULL(obj, "open must fail");
	ASSERT_EQ(errno, EOPNOTSUPP, "errno");
	ASSERT_EQ(warns, 1, "warnings");
	ASSERT_TRUE(strstr(warn_text, "xdp_static_in_section") != NULL, warn_text);
	bpf_object__close(obj);
}

/* ---- maps ------------------------------------------------------------------- */

struct map_exp {
	const char *name;
	enum bpf_map_type type;
	__u32 key_size, value_size, max_entries, flags;
	bool key_btf, value_btf;	/* given with __type() */
};

#define M(n, t, k, v, m, f, kb, vb) { n, BPF_MAP_TYPE_##t, k, v, m, f, kb, vb }

static void check_map(struct bpf_object *obj, const struct map_exp *e)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, e->name);
	const struct btf *btf = bpf_object__btf(obj);

	if (!ASSERT_OK_PTR(map, e->name))
		return;
	ASSERT_STREQ(bpf_map__name(map), e->name, "name");
	ASSERT_EQ(bpf_map__type(map), e->type, e->name);
	ASSERT_EQ(bpf_map__key_size(map), e->key_size, e->name);
	ASSERT_EQ(bpf_map__value_size(map), e->value_size, e->name);
	ASSERT_EQ(bpf_map__max_entries(map), e->max_entries, e->name);
	ASSERT_EQ(bpf_map__map_flags(map), e->flags, e->name);
	ASSERT_FALSE(bpf_map__is_internal(map), e->name);
	ASSERT_EQ(bpf_map__btf_key_type_id(map) != 0, e->key_btf, e->name);
	ASSERT_EQ(bpf_map__btf_value_type_id(map) != 0, e->value_btf, e->name);
	if (e->key_btf)
		ASSERT_EQ(btf__resolve_size(btf, bpf_map__btf_key_type_id(map)),
			  e->key_size, e->name);
	if (e->value_btf)
		ASSERT_EQ(btf__resolve_size(btf, bpf_map__btf_value_type_id(map)),
			  e->value_size, e->name);
}

/* next/prev over maps visit the same maps in opposite orders */
static void check_map_iteration(struct bpf_object *obj, size_t expect)
{
	struct bpf_map *map, *last = NULL;
	size_t n = 0, m = 0;

	bpf_object__for_each_map(map, obj) {
		n++;
		last = map;
	}
	ASSERT_EQ(n, expect, "maps");
	for (map = bpf_object__prev_map(obj, NULL); map; map = bpf_object__prev_map(obj, map)) {
		if (m == 0)
			ASSERT_TRUE(map == last, "prev_map starts at the last map");
		m++;
	}
	ASSERT_EQ(m, n, "maps backwards");
}

UNIT_TEST(elf_maps_btf)
{
	static const struct map_exp exp[] = {
		M("flows", HASH, 16, 16, 1024, 0, true, true),
		M("sized_hash", HASH, 4, 8, 64, BPF_F_NO_PREALLOC, false, false),
		M("ro_array", ARRAY, 4, 8, 8, BPF_F_RDONLY_PROG, true, true),
		M("pcpu_hash", PERCPU_HASH, 4, 16, 128, 0, true, true),
		M("pcpu_array", PERCPU_ARRAY, 4, 8, 4, 0, true, true),
		M("lru", LRU_HASH, 4, 8, 256, 0, true, true),
		M("lru_pcpu", LRU_PERCPU_HASH, 8, 4, 256, BPF_F_NO_COMMON_LRU, true, true),
		M("routes", LPM_TRIE, 8, 4, 512, BPF_F_NO_PREALLOC, true, true),
		M("numa_hash", HASH, 4, 4, 32, BPF_F_NUMA_NODE, true, true),
		M("events", RINGBUF, 0, 0, 16 * 4096, 0, false, false),
		M("commands", USER_RINGBUF, 0, 0, 4 * 4096, 0, false, false),
		M("perf_events", PERF_EVENT_ARRAY, 4, 4, 0, 0, false, false),
		M("stacks", STACK_TRACE, 4, 127 * 8, 64, 0, false, false),
		M("queue", QUEUE, 0, 4, 32, 0, false, true),
		M("stack", STACK, 0, 8, 32, 0, false, false),
		M("bloom", BLOOM_FILTER, 0, 4, 100, 0, false, true),
	};
	struct bpf_object *obj = open_obj("test_maps_btf.bpf.o");
	struct bpf_map *map;
	size_t i;

	if (!obj)
		return;
	for (i = 0; i < ARRAY_SIZE(exp); i++)
		check_map(obj, &exp[i]);
	check_map_iteration(obj, ARRAY_SIZE(exp));
	map = bpf_object__find_map_by_name(obj, "bloom");
	if (map)
		ASSERT_EQ(bpf_map__map_extra(map), 3, "bloom map_extra");
	map = bpf_object__find_map_by_name(obj, "numa_hash");
	if (map)
		ASSERT_EQ(bpf_map__numa_node(map), 0, "numa_node");
	map = bpf_object__find_map_by_name(obj, "flows");
	if (map) {
		ASSERT_NULL(bpf_map__pin_path(map), "no pin path");
		ASSERT_NULL(bpf_map__inner_map(map), "no inner map");
		ASSERT_NULL(bpf_map__initial_value(map, NULL), "no initial value");
	}
	errno = 0;
	ASSERT_NULL(bpf_object__find_map_by_name(obj, "no_such_map"), "unknown map");
	ASSERT_EQ(errno, ENOENT, "unknown map errno");

	ASSERT_RELO(obj, "trace_unlink", RELO_MAP, "stacks");
	ASSERT_RELO(obj, "trace_unlink", RELO_MAP, "events");
	ASSERT_RELO(obj, "trace_unlink", RELO_MAP, "perf_events");
	ASSERT_RELO(obj, "trace_unlink", RELO_MAP, "lru");
	ASSERT_RELO(obj, "trace_unlink", RELO_MAP, "sized_hash");
	ASSERT_RELO(obj, "trace_unlink", RELO_MAP, "queue");
	ASSERT_RELO(obj, "trace_unlink", RELO_MAP, "stack");
	ASSERT_RELO(obj, "trace_unlink", RELO_MAP, "bloom");
	ASSERT_RELO(obj, "xdp_account", RELO_MAP, "flows");
	ASSERT_RELO(obj, "xdp_account", RELO_MAP, "routes");
	ASSERT_RELO(obj, "xdp_account", RELO_MAP, "lru_pcpu");
	ASSERT_FALSE(prog_has_relo(func_by_name(obj, "xdp_account"), RELO_MAP, "events"),
		     "xdp_account does not use events");
	bpf_object__close(obj);
}

/* ---- global data -------------------------------------------------------------- */

struct data_exp {
	const char *name;	/* kernel map name */
	const char *sec;	/* ELF section */
	__u32 flags;
};

/* value bytes of symbol sym in the map's initial value */
static const void *sym_value(struct bpf_object *obj, const struct elf_buf *b,
			     const char *sec, const char *sym_name, size_t size)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, sec);
	const Elf64_Sym *sym = ebuf_sym(b, sym_name);
	const char *val;
	size_t vsz;

	if (!ASSERT_OK_PTR(map, sec) || !ASSERT_OK_PTR(sym, sym_name))
		return NULL;
	if (!ASSERT_STREQ(ebuf_sec_name(b, sym->st_shndx), sec, sym_name))
		return NULL;
	val = bpf_map__initial_value(map, &vsz);
	if (!ASSERT_OK_PTR(val, sec) || !ASSERT_TRUE(sym->st_value + size <= vsz, sym_name))
		return NULL;
	return val + sym->st_value;
}

#define ASSERT_VAR(obj, b, sec, var, type, expect)                             \
	({                                                                     \
		const type *___p = sym_value(obj, b, sec, #var, sizeof(type)); \
		if (___p)                                                      \
			ASSERT_EQ(*___p, expect, #var);                        \
	})

#define ASSERT_VAR_BYTES(obj, b, sec, var, bytes)                              \
	({                                                                     \
		const void *___p = sym_value(obj, b, sec, #var, sizeof(bytes));\
		if (___p)                                                      \
			ASSERT_TRUE(memcmp(___p, bytes, sizeof(bytes)) == 0,   \
				    #var);                                     \
	})

static void check_global_data(struct bpf_object *obj, const struct elf_buf *b)
{
	static const struct data_exp exp[] = {
		{ "test_glo.data", ".data", BPF_F_MMAPABLE },
		{ "test_glo.rodata", ".rodata", BPF_F_MMAPABLE | BPF_F_RDONLY_PROG },
		{ "test_glo.bss", ".bss", BPF_F_MMAPABLE },
		{ ".data.foo", ".data.foo", BPF_F_MMAPABLE },
		{ ".data.stats", ".data.stats", BPF_F_MMAPABLE },
		{ ".rodata.bar", ".rodata.bar", BPF_F_MMAPABLE | BPF_F_RDONLY_PROG },
	};
	static const char greeting[16] = "hello, bpf";
	static const __u8 mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const __u32 buckets[4] = { 64, 256, 1024, 4096 };
	static const char bar_name[8] = "bar";
	const struct btf *btf = bpf_object__btf(obj);
	size_t i, vsz;

	check_map_iteration(obj, ARRAY_SIZE(exp));
	for (i = 0; i < ARRAY_SIZE(exp); i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, exp[i].name);
		int sec_idx = ebuf_sec_idx(b, exp[i].sec);
		const Elf64_Shdr *sh;
		const struct btf_type *t;
		const unsigned char *val;

		if (!ASSERT_OK_PTR(map, exp[i].name) || !ASSERT_LT(0, sec_idx, exp[i].sec))
			continue;
		sh = ebuf_shdr(b, sec_idx);
		/* also found by its section name */
		ASSERT_TRUE(bpf_object__find_map_by_name(obj, exp[i].sec) == map, exp[i].sec);
		ASSERT_TRUE(bpf_map__is_internal(map), exp[i].name);
		ASSERT_EQ(bpf_map__type(map), BPF_MAP_TYPE_ARRAY, exp[i].name);
		ASSERT_EQ(bpf_map__key_size(map), 4, exp[i].name);
		ASSERT_EQ(bpf_map__value_size(map), sh->sh_size, exp[i].name);
		ASSERT_EQ(bpf_map__max_entries(map), 1, exp[i].name);
		ASSERT_EQ(bpf_map__map_flags(map), exp[i].flags, exp[i].name);
		ASSERT_EQ(bpf_map__btf_key_type_id(map), 0, exp[i].name);
		t = btf__type_by_id(btf, bpf_map__btf_value_type_id(map));
		if (ASSERT_OK_PTR(t, exp[i].name)) {
			ASSERT_TRUE(btf_is_datasec(t), exp[i].name);
			ASSERT_STREQ(btf__name_by_offset(btf, t->name_off), exp[i].sec,
				     exp[i].name);
		}
		val = bpf_map__initial_value(map, &vsz);
		if (!ASSERT_OK_PTR(val, exp[i].name))
			continue;
		ASSERT_EQ(vsz, sh->sh_size, exp[i].name);
		if (sh->sh_type == SHT_NOBITS) {
			while (vsz && !val[vsz - 1])
				vsz--;
			ASSERT_EQ(vsz, 0, ".bss starts zeroed");
		} else {
			ASSERT_TRUE(memcmp(val, b->data + sh->sh_offset, vsz) == 0,
				    exp[i].name);
		}
	}

	/* the C initialisers */
	ASSERT_VAR(obj, b, ".data", packets, __u64, 1);
	ASSERT_VAR(obj, b, ".data", last_len, __u32, 0xdeadbeef);
	ASSERT_VAR(obj, b, ".data", static_counter, __u64, 7);
	ASSERT_VAR_BYTES(obj, b, ".data", greeting, greeting);
	ASSERT_VAR(obj, b, ".bss", drops, __u64, 0);
	ASSERT_VAR(obj, b, ".rodata", max_len, __u32, 1500);
	ASSERT_VAR(obj, b, ".rodata", verbose, __u8, 0);
	ASSERT_VAR_BYTES(obj, b, ".rodata", mac_filter, mac);
	ASSERT_VAR_BYTES(obj, b, ".rodata", len_buckets, buckets);
	ASSERT_VAR(obj, b, ".data.foo", data_foo_a, __u64, 42);
	ASSERT_VAR(obj, b, ".data.foo", data_foo_b, __u32, 43);
	ASSERT_VAR(obj, b, ".data.stats", data_stats, __u64, 0);
	ASSERT_VAR(obj, b, ".rodata.bar", rodata_bar, __u32, 0x1234);
	ASSERT_VAR_BYTES(obj, b, ".rodata.bar", rodata_bar_name, bar_name);

	ASSERT_RELO(obj, "xdp_global_data", RELO_DATA, ".data");
	ASSERT_RELO(obj, "xdp_global_data", RELO_DATA, ".bss");
	ASSERT_RELO(obj, "xdp_global_data", RELO_DATA, ".rodata");
	ASSERT_RELO(obj, "xdp_global_data", RELO_DATA, ".data.foo");
	ASSERT_RELO(obj, "xdp_global_data", RELO_DATA, ".data.stats");
	ASSERT_RELO(obj, "xdp_global_data", RELO_DATA, ".rodata.bar");
	ASSERT_RELO(obj, "tc_global_data", RELO_DATA, ".data");
	ASSERT_RELO(obj, "tc_global_data", RELO_DATA, ".data.stats");
	ASSERT_FALSE(prog_has_relo(func_by_name(obj, "tc_global_data"), RELO_DATA, ".bss"),
		     "tc_global_data does not use .bss");
}

UNIT_TEST(elf_global_data)
{
	struct bpf_object *obj;
	struct elf_buf b;

	if (!ebuf_load(&b, "test_global_data.bpf.o"))
		return;
	obj = open_obj("test_global_data.bpf.o");
	if (obj)
		check_global_data(obj, &b);
	bpf_object__close(obj);
	ebuf_free(&b);
}

/*
 * clang leaves DATASEC sizes and VAR offsets 0; after open they must be
 * the ELF section's size and each variable's symbol value, sorted.
 */
static void check_datasecs(const char *name, struct bpf_object *obj, const struct elf_buf *b)
{
	const struct btf *btf = bpf_object__btf(obj);
	__u32 id, n = btf__type_cnt(btf), seen = 0;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vsi;
		const char *sec = btf__name_by_offset(btf, t->name_off);
		int sec_idx, i;

		if (!btf_is_datasec(t) || !strcmp(sec, ".kconfig") || !strcmp(sec, ".ksyms"))
			continue;
		sec_idx = ebuf_sec_idx(b, sec);
		if (!ASSERT_LT(0, sec_idx, sec))
			continue;
		seen++;
		ASSERT_EQ(t->size, ebuf_shdr(b, sec_idx)->sh_size, sec);
		ASSERT_LT(0, t->size, sec);
		vsi = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++) {
			const struct btf_type *var = btf__type_by_id(btf, vsi[i].type);
			const char *var_name = btf__name_by_offset(btf, var->name_off);
			const Elf64_Sym *sym = ebuf_sym(b, var_name);

			if (!ASSERT_OK_PTR(sym, var_name))
				continue;
			ASSERT_EQ(sym->st_shndx, sec_idx, var_name);
			ASSERT_EQ(vsi[i].offset, sym->st_value, var_name);
			ASSERT_EQ(vsi[i].size, sym->st_size, var_name);
			if (i)
				ASSERT_LT(vsi[i - 1].offset, vsi[i].offset, "sorted");
		}
	}
	ASSERT_LT(0, seen, name);
}

UNIT_TEST(elf_datasec_fixup)
{
	static const char *const objs[] = {
		"test_global_data.bpf.o", "test_maps_btf.bpf.o", "test_map_in_map.bpf.o",
		"test_externs.bpf.o", "test_subprogs.bpf.o",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		struct bpf_object *obj;
		struct elf_buf b;

		if (!ebuf_load(&b, objs[i]))
			continue;
		obj = open_obj(objs[i]);
		if (obj)
			check_datasecs(objs[i], obj, &b);
		bpf_object__close(obj);
		ebuf_free(&b);
	}
}

/* ---- maps of maps, program arrays, pinning ------------------------------------ */

static int map_index(const struct bpf_object *obj, const char *name)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, name);

	return map ? map - obj->maps : -1;
}

static void check_inner(struct bpf_map *outer, enum bpf_map_type type, __u32 key,
			__u32 value, __u32 max)
{
	const char *name = bpf_map__name(outer);
	struct bpf_map *inner = bpf_map__inner_map(outer);
	char inner_name[64];

	ASSERT_EQ(bpf_map__value_size(outer), 4, name);
	ASSERT_EQ(bpf_map__key_size(outer), 4, name);
	if (!ASSERT_OK_PTR(inner, name))
		return;
	snprintf(inner_name, sizeof(inner_name), "%s.inner", name);
	ASSERT_STREQ(bpf_map__name(inner), inner_name, name);
	ASSERT_EQ(bpf_map__type(inner), type, inner_name);
	ASSERT_EQ(bpf_map__key_size(inner), key, inner_name);
	ASSERT_EQ(bpf_map__value_size(inner), value, inner_name);
	ASSERT_EQ(bpf_map__max_entries(inner), max, inner_name);
	ASSERT_NULL(bpf_map__inner_map(inner), inner_name);
}

/* slots[i] is the name of what slot i holds, NULL for an empty slot */
static void check_slots(struct bpf_object *obj, const char *map_name, bool progs,
			const char *const *slots, int n)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, map_name);
	int i;

	if (!ASSERT_OK_PTR(map, map_name))
		return;
	ASSERT_EQ(map->init_slots_progs, progs, map_name);
	ASSERT_EQ(map->init_slots_sz, n, map_name);
	for (i = 0; i < n && i < map->init_slots_sz; i++) {
		int expect = -1;

		if (slots[i])
			expect = progs ? func_by_name(obj, slots[i]) - obj->programs :
					 map_index(obj, slots[i]);
		ASSERT_EQ(map->init_slots[i], expect, slots[i] ?: "empty slot");
	}
}

UNIT_TEST(elf_map_in_map)
{
	static const char *const arr_slots[] = { "inner_a", NULL, "inner_b" };
	static const char *const hash_slots[] = { NULL, "inner_h1", NULL, "inner_h2" };
	struct bpf_object *obj = open_obj("test_map_in_map.bpf.o");
	struct bpf_map *map;

	if (!obj)
		return;
	map = bpf_object__find_map_by_name(obj, "outer_arr");
	if (ASSERT_OK_PTR(map, "outer_arr")) {
		ASSERT_EQ(bpf_map__type(map), BPF_MAP_TYPE_ARRAY_OF_MAPS, "outer_arr");
		ASSERT_EQ(bpf_map__max_entries(map), 4, "outer_arr");
		check_inner(map, BPF_MAP_TYPE_ARRAY, 4, 4, 4);
	}
	map = bpf_object__find_map_by_name(obj, "outer_hash");
	if (ASSERT_OK_PTR(map, "outer_hash")) {
		ASSERT_EQ(bpf_map__type(map), BPF_MAP_TYPE_HASH_OF_MAPS, "outer_hash");
		ASSERT_EQ(bpf_map__max_entries(map), 8, "outer_hash");
		check_inner(map, BPF_MAP_TYPE_HASH, 4, 8, 8);
	}
	map = bpf_object__find_map_by_name(obj, "outer_empty");
	if (ASSERT_OK_PTR(map, "outer_empty"))
		check_inner(map, BPF_MAP_TYPE_ARRAY, 4, 4, 4);
	map = bpf_object__find_map_by_name(obj, "inner_c");
	if (ASSERT_OK_PTR(map, "inner_c"))
		ASSERT_NULL(bpf_map__inner_map(map), "inner_c has no inner map");

	check_slots(obj, "outer_arr", false, arr_slots, ARRAY_SIZE(arr_slots));
	check_slots(obj, "outer_hash", false, hash_slots, ARRAY_SIZE(hash_slots));
	check_slots(obj, "outer_empty", false, NULL, 0);
	check_map_iteration(obj, 8);
	ASSERT_RELO(obj, "xdp_nested_lookup", RELO_MAP, "outer_arr");
	ASSERT_RELO(obj, "xdp_nested_lookup", RELO_MAP, "outer_hash");
	ASSERT_RELO(obj, "xdp_nested_lookup", RELO_MAP, "outer_empty");
	ASSERT_RELO(obj, "xdp_nested_lookup", RELO_MAP, "inner_c");
	bpf_object__close(obj);
}

UNIT_TEST(elf_prog_array_slots)
{
	static const char *const slots[] = { "tail_first", NULL, "tail_second" };
	struct bpf_object *obj = open_obj("test_tailcalls.bpf.o");
	struct bpf_map *map;

	if (!obj)
		return;
	map = bpf_object__find_map_by_name(obj, "jump_table");
	if (ASSERT_OK_PTR(map, "jump_table")) {
		ASSERT_EQ(bpf_map__type(map), BPF_MAP_TYPE_PROG_ARRAY, "jump_table");
		ASSERT_EQ(bpf_map__value_size(map), 4, "jump_table value size");
		ASSERT_NULL(bpf_map__inner_map(map), "jump_table has no inner map");
	}
	check_slots(obj, "jump_table", true, slots, ARRAY_SIZE(slots));
	check_slots(obj, "spare_table", false, NULL, 0);
	ASSERT_RELO(obj, "jump_from_subprog", RELO_MAP, "jump_table");
	ASSERT_RELO(obj, "tail_entry", RELO_MAP, "spare_table");
	ASSERT_RELO(obj, "tail_entry", RELO_CALL, "jump_from_subprog");
	bpf_object__close(obj);
}

UNIT_TEST(elf_pin_paths)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = "/tmp/unit_pins");
	struct bpf_object *obj = open_obj("test_map_pinning.bpf.o");
	struct bpf_map *map;

	if (!obj)
		return;
	map = bpf_object__find_map_by_name(obj, "pinned_hash");
	if (ASSERT_OK_PTR(map, "pinned_hash")) {
		ASSERT_STREQ(bpf_map__pin_path(map), "/sys/fs/bpf/pinned_hash", "default");
		ASSERT_FALSE(bpf_map__is_pinned(map), "not pinned before load");
	}
	map = bpf_object__find_map_by_name(obj, "pinned_array");
	if (ASSERT_OK_PTR(map, "pinned_array"))
		ASSERT_STREQ(bpf_map__pin_path(map), "/sys/fs/bpf/pinned_array", "default");
	map = bpf_object__find_map_by_name(obj, "unpinned_array");
	if (ASSERT_OK_PTR(map, "unpinned_array"))
		ASSERT_NULL(bpf_map__pin_path(map), "LIBBPF_PIN_NONE");
	bpf_object__close(obj);

	obj = bpf_object__open_file(unit_obj_path("test_map_pinning.bpf.o"), &opts);
	if (!ASSERT_OK_PTR(obj, "open with pin_root_path"))
		return;
	map = bpf_object__find_map_by_name(obj, "pinned_hash");
	if (ASSERT_OK_PTR(map, "pinned_hash"))
		ASSERT_STREQ(bpf_map__pin_path(map), "/tmp/unit_pins/pinned_hash", "root");
	map = bpf_object__find_map_by_name(obj, "unpinned_array");
	if (ASSERT_OK_PTR(map, "unpinned_array"))
		ASSERT_NULL(bpf_map__pin_path(map), "LIBBPF_PIN_NONE with a root");
	bpf_object__close(obj);
}

/* ---- relocations ---------------------------------------------------------------- */

static bool is_call_insn(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL);
}

static const struct reloc_desc *relo_at(const struct bpf_program *prog, int insn)
{
	int i;

	for (i = 0; i < prog->nr_relos; i++)
		if (prog->relos[i].insn_idx == insn)
			return &prog->relos[i];
	return NULL;
}

/* what the library made of one ELF relocation, derived from the ELF alone */
static void check_one_relo(struct bpf_object *obj, const struct elf_buf *b,
			   const struct bpf_program *prog, const Elf64_Rel *rel)
{
	size_t nsyms;
	const Elf64_Sym *sym = &ebuf_syms(b, &nsyms)[ELF64_R_SYM(rel->r_info)];
	int insn_idx = rel->r_offset / INSN_SZ - prog->sec_insn_off;
	const struct bpf_insn *insn = &prog->insns[insn_idx];
	const struct reloc_desc *r = relo_at(prog, insn_idx);
	const char *sym_name = ebuf_sym_name(b, sym);
	const char *sec = sym->st_shndx ? ebuf_sec_name(b, sym->st_shndx) : "";
	char what[256];

	snprintf(what, sizeof(what), "%s insn %d (%s)", prog->name, insn_idx, sym_name);
	if (!ASSERT_OK_PTR(r, what))
		return;
	if (sym->st_shndx == SHN_UNDEF) {
		ASSERT_EQ(r->type, is_call_insn(insn) ? RELO_EXTERN_CALL : RELO_EXTERN_LD64, what);
		ASSERT_STREQ(obj->externs[r->ext_idx].name, sym_name, what);
	} else if (strcmp(sec, ".maps") == 0) {
		ASSERT_EQ(r->type, RELO_MAP, what);
		ASSERT_STREQ(obj->maps[r->map_idx].name, sym_name, what);
	} else if (ebuf_shdr(b, sym->st_shndx)->sh_flags & SHF_EXECINSTR) {
		long long tgt = sym->st_value / INSN_SZ;

		tgt += is_call_insn(insn) ? insn->imm + 1 : insn->imm / (int)INSN_SZ;
		ASSERT_EQ(r->type, is_call_insn(insn) ? RELO_CALL : RELO_SUBPROG_ADDR, what);
		ASSERT_EQ(r->tgt_sec_idx, sym->st_shndx, what);
		ASSERT_EQ(r->tgt_insn_idx, tgt, what);
		ASSERT_OK_PTR(func_at(obj, r->tgt_sec_idx, r->tgt_insn_idx), what);
	} else {
		ASSERT_EQ(r->type, RELO_DATA, what);
		ASSERT_STREQ(obj->maps[r->map_idx].real_name, sec, what);
		ASSERT_EQ(r->sym_off, sym->st_value, what);
	}
}

/* one relocation record per ELF relocation of each function, classified */
static void check_relos_match_elf(struct bpf_object *obj, const struct elf_buf *b)
{
	size_t i, j, k, seen;

	for (i = 0; i < obj->nr_programs; i++) {
		const struct bpf_program *prog = &obj->programs[i];
		int rel_idx = ebuf_rel_for(b, prog->sec_idx);
		const Elf64_Rel *rels;
		size_t n;

		seen = 0;
		if (rel_idx > 0) {
			rels = ebuf_sec_data(b, rel_idx);
			n = ebuf_shdr(b, rel_idx)->sh_size / sizeof(*rels);
			for (j = 0; j < n; j++) {
				k = rels[j].r_offset / INSN_SZ;
				if (k < prog->sec_insn_off || k >= prog->sec_insn_off + prog->sec_insn_cnt)
					continue;
				seen++;
				check_one_relo(obj, b, prog, &rels[j]);
			}
		}
		ASSERT_EQ(prog->nr_relos, seen, prog->name);
	}
}

UNIT_TEST(elf_relos_match_elf)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good_objs); i++) {
		struct bpf_object *obj;
		struct elf_buf b;

		if (!ebuf_load(&b, good_objs[i]))
			continue;
		obj = open_obj(good_objs[i]);
		if (obj)
			check_relos_match_elf(obj, &b);
		bpf_object__close(obj);
		ebuf_free(&b);
	}
}

UNIT_TEST(elf_relos_subprogs)
{
	struct bpf_object *obj = open_obj("test_subprogs.bpf.o");
	struct bpf_program *p;
	int id;

	if (!obj)
		return;
	ASSERT_RELO(obj, "xdp_calls", RELO_CALL, "level1");
	ASSERT_RELO(obj, "xdp_calls", RELO_CALL, "global_mix");
	ASSERT_RELO(obj, "xdp_calls", RELO_CALL, "account");
	ASSERT_RELO(obj, "tc_calls", RELO_CALL, "level1");
	ASSERT_RELO(obj, "tc_calls", RELO_CALL, "static_to_global");
	ASSERT_RELO(obj, "tc_calls", RELO_CALL, "hidden_helper");
	ASSERT_RELO(obj, "tp_calls", RELO_CALL, "level4");
	ASSERT_RELO(obj, "tp_calls", RELO_CALL, "global_outer");
	ASSERT_RELO(obj, "tp_calls", RELO_CALL, "weak_hook");
	ASSERT_RELO(obj, "socket_calls", RELO_CALL, "level6");
	/* calls from .text to global functions are relocated too */
	ASSERT_RELO(obj, "global_outer", RELO_CALL, "global_mix");
	ASSERT_RELO(obj, "static_to_global", RELO_CALL, "global_outer");
	ASSERT_RELO(obj, "static_to_global", RELO_CALL, "weak_hook");
	ASSERT_RELO(obj, "account", RELO_DATA, ".bss");

	p = func_by_name(obj, "global_mix");
	if (ASSERT_OK_PTR(p, "global_mix"))
		ASSERT_TRUE(p->is_subprog && p->is_global, "global_mix is a global subprog");
	p = func_by_name(obj, "weak_hook");
	if (ASSERT_OK_PTR(p, "weak_hook"))
		ASSERT_TRUE(p->is_subprog && p->is_global, "weak_hook is global");
	p = func_by_name(obj, "hidden_helper");
	if (ASSERT_OK_PTR(p, "hidden_helper"))
		ASSERT_TRUE(p->is_subprog && !p->is_global, "hidden is treated as static");
	id = btf__find_by_name_kind(bpf_object__btf(obj), "hidden_helper", BTF_KIND_FUNC);
	if (ASSERT_LT(0, id, "hidden_helper FUNC"))
		ASSERT_EQ(btf_vlen(btf__type_by_id(bpf_object__btf(obj), id)), BTF_FUNC_STATIC,
			  "hidden subprogram's BTF FUNC made static");
	p = func_by_name(obj, "level6");
	if (ASSERT_OK_PTR(p, "level6"))
		ASSERT_TRUE(p->is_subprog && !p->is_global, "level6 is static");
	bpf_object__close(obj);
}

UNIT_TEST(elf_relos_callbacks)
{
	struct bpf_object *obj = open_obj("test_callbacks.bpf.o");

	if (!obj)
		return;
	ASSERT_RELO(obj, "tc_loop", RELO_SUBPROG_ADDR, "loop_step");
	ASSERT_RELO(obj, "tp_for_each", RELO_SUBPROG_ADDR, "sum_elem");
	ASSERT_RELO(obj, "tp_for_each", RELO_MAP, "counts");
	ASSERT_RELO(obj, "tc_timer", RELO_SUBPROG_ADDR, "timer_fired");
	ASSERT_RELO(obj, "tc_timer", RELO_MAP, "timers");
	ASSERT_RELO(obj, "drain_requests", RELO_SUBPROG_ADDR, "take_request");
	ASSERT_RELO(obj, "drain_requests", RELO_MAP, "requests");
	ASSERT_RELO(obj, "timer_fired", RELO_DATA, ".bss");
	ASSERT_FALSE(prog_has_relo(func_by_name(obj, "tc_loop"), RELO_CALL, "loop_step"),
		     "a callback is not a call");
	bpf_object__close(obj);
}

/* ---- externs ------------------------------------------------------------------ */

static struct extern_desc *ext_by_name(struct bpf_object *obj, const char *name)
{
	int i;

	for (i = 0; i < obj->nr_extern; i++)
		if (strcmp(obj->externs[i].name, name) == 0)
			return &obj->externs[i];
	return NULL;
}

/* the object's .kconfig/.ksyms DATASEC must be loadable by a kernel */
static const struct btf_type *check_extern_datasec(struct bpf_object *obj, const char *sec,
						   int *id)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *t;
	const struct btf_var_secinfo *vsi;
	int i;

	*id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (!ASSERT_LT(0, *id, sec))
		return NULL;
	t = btf__type_by_id(btf, *id);
	vsi = btf_var_secinfos(t);
	ASSERT_LT(0, t->size, sec);
	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *var = btf__type_by_id(btf, vsi[i].type);
		const char *name = btf__name_by_offset(btf, var->name_off);

		if (!ASSERT_TRUE(btf_is_var(var), name))
			continue;
		ASSERT_NEQ(btf_var(var)->linkage, BTF_VAR_GLOBAL_EXTERN, name);
		ASSERT_TRUE(vsi[i].offset + vsi[i].size <= t->size, name);
		if (i)
			ASSERT_TRUE(vsi[i - 1].offset + vsi[i - 1].size <= vsi[i].offset, name);
	}
	return t;
}

struct kcfg_exp {
	const char *name;
	enum kcfg_type type;
	int size;
	bool weak;
};

static void check_kconfig(struct bpf_object *obj)
{
	static const struct kcfg_exp exp[] = {
		{ "LINUX_KERNEL_VERSION", KCFG_INT, 4, false },
		{ "LINUX_HAS_SYSCALL_WRAPPER", KCFG_BOOL, 1, true },
		{ "CONFIG_HZ", KCFG_INT, 4, false },
		{ "CONFIG_BPF_SYSCALL", KCFG_BOOL, 1, false },
		{ "CONFIG_BPF_STREAM_PARSER", KCFG_TRISTATE, 4, true },
		{ "CONFIG_DEFAULT_HOSTNAME", KCFG_CHAR_ARR, 8, false },
		{ "CONFIG_OBJTEST_NO_SUCH_OPTION", KCFG_BOOL, 1, true },
		{ "CONFIG_OBJTEST_NO_SUCH_NUMBER", KCFG_INT, 8, true },
	};
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *sec;
	const struct btf_var_secinfo *vsi;
	struct bpf_map *map;
	char used[64] = {};
	size_t i;
	int id, j, k;

	map = bpf_object__find_map_by_name(obj, ".kconfig");
	if (!ASSERT_OK_PTR(map, ".kconfig map"))
		return;
	ASSERT_STREQ(bpf_map__name(map), "test_ex.kconfig", "kconfig map name");
	ASSERT_EQ(map - obj->maps, obj->kconfig_map_idx, "kconfig_map_idx");
	ASSERT_EQ(bpf_map__map_flags(map), BPF_F_RDONLY_PROG | BPF_F_MMAPABLE, ".kconfig");
	ASSERT_TRUE(bpf_map__is_internal(map), ".kconfig");
	if (!ASSERT_TRUE(bpf_map__value_size(map) <= sizeof(used), "kconfig size"))
		return;

	for (i = 0; i < ARRAY_SIZE(exp); i++) {
		struct extern_desc *ext = ext_by_name(obj, exp[i].name);
		int off;

		if (!ASSERT_OK_PTR(ext, exp[i].name))
			continue;
		ASSERT_EQ(ext->type, EXT_KCFG, exp[i].name);
		ASSERT_EQ(ext->kcfg.type, exp[i].type, exp[i].name);
		ASSERT_EQ(ext->kcfg.sz, exp[i].size, exp[i].name);
		ASSERT_EQ(ext->is_weak, exp[i].weak, exp[i].name);
		ASSERT_FALSE(ext->is_func, exp[i].name);
		off = ext->kcfg.data_off;
		ASSERT_EQ(off % ext->kcfg.align, 0, "aligned");
		if (!ASSERT_TRUE(off >= 0 && off + exp[i].size <= (int)bpf_map__value_size(map),
				 exp[i].name))
			continue;
		for (j = off; j < off + exp[i].size; j++)
			ASSERT_FALSE(used[j]++, "kconfig values overlap");
		ASSERT_RELO(obj, "read_externs", RELO_EXTERN_LD64, exp[i].name);
	}

	sec = check_extern_datasec(obj, ".kconfig", &id);
	if (!sec)
		return;
	ASSERT_EQ(sec->size, bpf_map__value_size(map), ".kconfig DATASEC size");
	ASSERT_EQ(bpf_map__btf_value_type_id(map), id, ".kconfig value type");
	ASSERT_EQ(btf_vlen(sec), ARRAY_SIZE(exp), ".kconfig entries");
	vsi = btf_var_secinfos(sec);
	for (k = 0; k < btf_vlen(sec); k++) {
		const char *name = btf__name_by_offset(btf, btf__type_by_id(btf, vsi[k].type)->name_off);
		struct extern_desc *ext = ext_by_name(obj, name);

		if (!ASSERT_OK_PTR(ext, name))
			continue;
		ASSERT_EQ(ext->btf_id, vsi[k].type, name);
		ASSERT_EQ(vsi[k].offset, ext->kcfg.data_off, name);
		ASSERT_EQ(vsi[k].size, ext->kcfg.sz, name);
	}
}

UNIT_TEST(elf_externs_kconfig_ksym)
{
	struct bpf_object *obj = open_obj("test_externs.bpf.o");
	struct extern_desc *ext;
	int id;

	if (!obj)
		return;
	ASSERT_EQ(obj->nr_extern, 10, "externs");
	check_kconfig(obj);

	ext = ext_by_name(obj, "do_unlinkat");
	if (ASSERT_OK_PTR(ext, "do_unlinkat")) {
		ASSERT_EQ(ext->type, EXT_KSYM, "do_unlinkat");
		ASSERT_FALSE(ext->is_weak, "do_unlinkat");
		ASSERT_FALSE(ext->is_func, "do_unlinkat");
	}
	ext = ext_by_name(obj, "objtest_no_such_symbol");
	if (ASSERT_OK_PTR(ext, "objtest_no_such_symbol")) {
		ASSERT_EQ(ext->type, EXT_KSYM, "objtest_no_such_symbol");
		ASSERT_TRUE(ext->is_weak, "objtest_no_such_symbol");
	}
	ASSERT_RELO(obj, "read_externs", RELO_EXTERN_LD64, "do_unlinkat");
	ASSERT_RELO(obj, "read_externs", RELO_EXTERN_LD64, "objtest_no_such_symbol");
	ASSERT_RELO(obj, "read_externs", RELO_DATA, ".bss");
	check_extern_datasec(obj, ".ksyms", &id);
	bpf_object__close(obj);
}

UNIT_TEST(elf_externs_ksym_vars)
{
	struct bpf_object *obj = open_obj("test_ksym_vars.bpf.o");
	const struct btf *btf;
	const struct btf_type *t, *sec;
	struct extern_desc *ext;
	int id, i;

	if (!obj)
		return;
	btf = bpf_object__btf(obj);
	ASSERT_EQ(obj->nr_extern, 2, "externs");
	ext = ext_by_name(obj, "bpf_prog_active");
	if (ASSERT_OK_PTR(ext, "bpf_prog_active")) {
		ASSERT_EQ(ext->type, EXT_KSYM, "bpf_prog_active");
		ASSERT_FALSE(ext->is_func || ext->is_weak, "bpf_prog_active");
		/* the variable's own type, kept when the DATASEC is rewritten */
		t = btf_skip_modifiers(btf, ext->ksym.type_id, NULL);
		if (ASSERT_OK_PTR(t, "bpf_prog_active type"))
			ASSERT_TRUE(btf_is_int(t) && t->size == 4, "bpf_prog_active is an int");
	}
	ext = ext_by_name(obj, "runqueues");
	if (ASSERT_OK_PTR(ext, "runqueues")) {
		t = btf_skip_modifiers(btf, ext->ksym.type_id, NULL);
		if (ASSERT_OK_PTR(t, "runqueues type")) {
			ASSERT_TRUE(btf_is_struct(t), "runqueues is a struct");
			ASSERT_STREQ(btf__name_by_offset(btf, t->name_off), "rq", "struct rq");
		}
	}
	ASSERT_RELO(obj, "read_percpu_ksyms", RELO_EXTERN_LD64, "bpf_prog_active");
	ASSERT_RELO(obj, "read_percpu_ksyms", RELO_EXTERN_LD64, "runqueues");

	sec = check_extern_datasec(obj, ".ksyms", &id);
	if (sec) {
		const struct btf_var_secinfo *vsi = btf_var_secinfos(sec);

		ASSERT_EQ(btf_vlen(sec), 2, ".ksyms entries");
		ASSERT_EQ(sec->size, 2 * sizeof(int), ".ksyms size");
		for (i = 0; i < btf_vlen(sec); i++) {
			t = btf__type_by_id(btf, btf__type_by_id(btf, vsi[i].type)->type);
			ASSERT_TRUE(btf_is_int(t), ".ksyms VARs are ints for the kernel");
			ASSERT_EQ(vsi[i].size, sizeof(int), ".ksyms entry size");
		}
	}
	bpf_object__close(obj);
}

UNIT_TEST(elf_externs_kfuncs)
{
	static const char *const kfuncs[] = {
		"bpf_task_acquire", "bpf_task_release", "bpf_rcu_read_lock",
		"bpf_rcu_read_unlock", "bpf_objtest_no_such_kfunc",
	};
	struct bpf_object *obj = open_obj("test_kfuncs.bpf.o");
	const struct btf *btf;
	size_t i;
	int id;

	if (!obj)
		return;
	btf = bpf_object__btf(obj);
	ASSERT_EQ(obj->nr_extern, ARRAY_SIZE(kfuncs), "externs");
	for (i = 0; i < ARRAY_SIZE(kfuncs); i++) {
		struct extern_desc *ext = ext_by_name(obj, kfuncs[i]);
		const struct btf_type *f, *proto;
		const struct btf_param *p;
		int j;

		if (!ASSERT_OK_PTR(ext, kfuncs[i]))
			continue;
		ASSERT_EQ(ext->type, EXT_KSYM, kfuncs[i]);
		ASSERT_TRUE(ext->is_func, kfuncs[i]);
		ASSERT_EQ(ext->is_weak, i == 4, kfuncs[i]);
		f = btf__type_by_id(btf, ext->btf_id);
		if (!ASSERT_TRUE(f && btf_is_func(f), kfuncs[i]))
			continue;
		/* extern linkage is unknown to kernels: global, named params */
		ASSERT_EQ(btf_vlen(f), BTF_FUNC_GLOBAL, kfuncs[i]);
		proto = btf__type_by_id(btf, f->type);
		p = btf_params(proto);
		for (j = 0; j < btf_vlen(proto); j++)
			ASSERT_NEQ(p[j].name_off, 0, kfuncs[i]);
	}
	ASSERT_RELO(obj, "new_task_acquire", RELO_EXTERN_CALL, "bpf_task_acquire");
	ASSERT_RELO(obj, "new_task_acquire", RELO_EXTERN_CALL, "bpf_task_release");
	ASSERT_RELO(obj, "new_task_rcu", RELO_EXTERN_CALL, "bpf_rcu_read_lock");
	ASSERT_RELO(obj, "new_task_rcu", RELO_EXTERN_CALL, "bpf_rcu_read_unlock");
	ASSERT_RELO(obj, "take_and_drop", RELO_EXTERN_CALL, "bpf_task_acquire");
	ASSERT_RELO(obj, "new_task_subprog", RELO_CALL, "take_and_drop");
	/* bpf_ksym_exists() loads the kfunc's address */
	ASSERT_RELO(obj, "new_task_weak", RELO_EXTERN_LD64, "bpf_objtest_no_such_kfunc");
	ASSERT_RELO(obj, "new_task_weak", RELO_EXTERN_CALL, "bpf_objtest_no_such_kfunc");
	/* kfuncs leave the DATASEC: no FUNC entries for the kernel to reject */
	check_extern_datasec(obj, ".ksyms", &id);
	bpf_object__close(obj);
}

/* ---- open_mem(), names ----------------------------------------------------------- */

static void compare_models(const struct bpf_object *a, const struct bpf_object *b)
{
	size_t i;

	if (!ASSERT_EQ(a->nr_programs, b->nr_programs, "programs") ||
	    !ASSERT_EQ(a->nr_maps, b->nr_maps, "maps") ||
	    !ASSERT_EQ(a->nr_extern, b->nr_extern, "externs"))
		return;
	for (i = 0; i < a->nr_programs; i++) {
		const struct bpf_program *p = &a->programs[i], *q = &b->programs[i];

		ASSERT_STREQ(p->name, q->name, "prog name");
		ASSERT_STREQ(p->sec_name, q->sec_name, p->name);
		ASSERT_EQ(p->type, q->type, p->name);
		ASSERT_EQ(p->expected_attach_type, q->expected_attach_type, p->name);
		ASSERT_EQ(p->autoload, q->autoload, p->name);
		ASSERT_EQ(p->is_subprog, q->is_subprog, p->name);
		if (!ASSERT_EQ(p->insns_cnt, q->insns_cnt, p->name) ||
		    !ASSERT_EQ(p->nr_relos, q->nr_relos, p->name))
			continue;
		ASSERT_TRUE(memcmp(p->insns, q->insns, p->insns_cnt * INSN_SZ) == 0, p->name);
		if (p->nr_relos)
			ASSERT_TRUE(memcmp(p->relos, q->relos,
					   p->nr_relos * sizeof(*p->relos)) == 0, p->name);
	}
	for (i = 0; i < a->nr_maps; i++) {
		const struct bpf_map *m = &a->maps[i], *n = &b->maps[i];

		ASSERT_STREQ(m->real_name, n->real_name, "map real name");
		if (!m->libbpf_type)
			ASSERT_STREQ(m->name, n->name, "map name");
		ASSERT_EQ(m->type, n->type, m->real_name);
		ASSERT_EQ(m->key_size, n->key_size, m->real_name);
		ASSERT_EQ(m->value_size, n->value_size, m->real_name);
		ASSERT_EQ(m->max_entries, n->max_entries, m->real_name);
		ASSERT_EQ(m->map_flags, n->map_flags, m->real_name);
		ASSERT_EQ(m->btf_value_type_id, n->btf_value_type_id, m->real_name);
		ASSERT_EQ(!m->mmaped, !n->mmaped, m->real_name);
		if (m->mmaped && n->mmaped)
			ASSERT_TRUE(memcmp(m->mmaped, n->mmaped, m->value_size) == 0,
				    m->real_name);
	}
	for (i = 0; i < (size_t)a->nr_extern; i++) {
		ASSERT_STREQ(a->externs[i].name, b->externs[i].name, "extern");
		ASSERT_EQ(a->externs[i].kcfg.data_off, b->externs[i].kcfg.data_off,
			  a->externs[i].name);
	}
}

UNIT_TEST(elf_open_mem_same_model)
{
	static const char *const objs[] = {
		"test_global_data.bpf.o", "test_externs.bpf.o", "test_subprogs.bpf.o",
		"test_map_in_map.bpf.o", "test_callbacks.bpf.o",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		struct bpf_object *file_obj, *mem_obj;
		char name[64];
		struct elf_buf b;

		if (!ebuf_load(&b, objs[i]))
			continue;
		file_obj = open_obj(objs[i]);
		mem_obj = bpf_object__open_mem(b.data, b.size, NULL);
		if (ASSERT_OK_PTR(mem_obj, objs[i]) && file_obj) {
			/* "<addr>-<size>" in hex, cut to a kernel object name */
			snprintf(name, sizeof(name), "%lx-%zx", (unsigned long)b.data, b.size);
			name[BPF_OBJ_NAME_LEN - 1] = '\0';
			ASSERT_STREQ(bpf_object__name(mem_obj), name, "open_mem default name");
			compare_models(file_obj, mem_obj);
		}
		bpf_object__close(file_obj);
		bpf_object__close(mem_obj);
		ebuf_free(&b);
	}
}

UNIT_TEST(elf_object_name_opt)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "my_obj");
	struct bpf_object *obj;
	struct elf_buf b;

	if (!ebuf_load(&b, "test_global_data.bpf.o"))
		return;
	obj = bpf_object__open_mem(b.data, b.size, &opts);
	if (ASSERT_OK_PTR(obj, "open_mem with object_name")) {
		ASSERT_STREQ(bpf_object__name(obj), "my_obj", "object name");
		/* internal map names take the object's name as their prefix */
		ASSERT_OK_PTR(bpf_object__find_map_by_name(obj, "my_obj.data"), "my_obj.data");
		ASSERT_OK_PTR(bpf_object__find_map_by_name(obj, "my_obj.rodata"), "my_obj.rodata");
		ASSERT_OK_PTR(bpf_object__find_map_by_name(obj, ".data.foo"), ".data.foo");
	}
	bpf_object__close(obj);

	opts.object_name = "a_rather_long_object_name";
	obj = bpf_object__open_file(unit_obj_path("test_global_data.bpf.o"), &opts);
	if (ASSERT_OK_PTR(obj, "open_file with object_name")) {
		ASSERT_STREQ(bpf_object__name(obj), "a_rather_long_o", "truncated name");
		ASSERT_OK_PTR(bpf_object__find_map_by_name(obj, "a_rather.rodata"),
			      "a_rather.rodata");
	}
	bpf_object__close(obj);
	ebuf_free(&b);
}

/* ---- setters before load ---------------------------------------------------------- */

static void check_prog_setters(struct bpf_object *obj)
{
	struct bpf_program *opt = bpf_object__find_program_by_name(obj, "xdp_optional");
	struct bpf_program *first = bpf_object__find_program_by_name(obj, "xdp_first");

	if (!ASSERT_OK_PTR(opt, "xdp_optional") || !ASSERT_OK_PTR(first, "xdp_first"))
		return;
	ASSERT_OK(bpf_program__set_autoload(opt, true), "set_autoload");
	ASSERT_TRUE(bpf_program__autoload(opt), "autoload on");
	ASSERT_OK(bpf_program__set_autoload(first, false), "set_autoload");
	ASSERT_FALSE(bpf_program__autoload(first), "autoload off");

	ASSERT_OK(bpf_program__set_type(first, BPF_PROG_TYPE_SCHED_CLS), "set_type");
	ASSERT_EQ(bpf_program__type(first), BPF_PROG_TYPE_SCHED_CLS, "type");
	ASSERT_OK(bpf_program__set_expected_attach_type(first, BPF_CGROUP_INET_INGRESS),
		  "set_expected_attach_type");
	ASSERT_EQ(bpf_program__expected_attach_type(first), BPF_CGROUP_INET_INGRESS, "eat");
	/* the neighbour in the same section is unaffected */
	first = bpf_object__find_program_by_name(obj, "xdp_second");
	if (ASSERT_OK_PTR(first, "xdp_second")) {
		ASSERT_EQ(bpf_program__type(first), BPF_PROG_TYPE_XDP, "xdp_second type");
		ASSERT_EQ(bpf_program__expected_attach_type(first), BPF_XDP, "xdp_second eat");
	}
}

UNIT_TEST(elf_prog_setters)
{
	struct bpf_object *obj = open_obj("test_multi_prog_sections.bpf.o");

	if (obj)
		check_prog_setters(obj);
	bpf_object__close(obj);
}

static void check_map_setters(struct bpf_object *obj)
{
	struct bpf_map *data = bpf_object__find_map_by_name(obj, ".data");
	struct bpf_map *ro = bpf_object__find_map_by_name(obj, ".rodata");
	unsigned char orig[40], buf[64];
	const unsigned char *val;
	size_t sz, i;

	if (!ASSERT_OK_PTR(data, ".data") || !ASSERT_OK_PTR(ro, ".rodata"))
		return;
	val = bpf_map__initial_value(data, &sz);
	if (!ASSERT_EQ(sz, sizeof(orig), ".data size"))
		return;
	memcpy(orig, val, sz);

	ASSERT_OK(bpf_map__set_max_entries(data, 3), "set_max_entries");
	ASSERT_EQ(bpf_map__max_entries(data), 3, "max_entries");

	/* growing keeps the initial value and zeroes the rest */
	ASSERT_OK(bpf_map__set_value_size(data, 64), "grow value");
	ASSERT_EQ(bpf_map__value_size(data), 64, "value size");
	val = bpf_map__initial_value(data, &sz);
	if (ASSERT_OK_PTR(val, "initial value") && ASSERT_EQ(sz, 64, "initial value size")) {
		ASSERT_TRUE(memcmp(val, orig, sizeof(orig)) == 0, "kept");
		for (i = sizeof(orig); i < 64; i++)
			ASSERT_EQ(val[i], 0, "zeroed");
	}
	/* shrinking keeps the prefix */
	ASSERT_OK(bpf_map__set_value_size(data, 16), "shrink value");
	val = bpf_map__initial_value(data, &sz);
	if (ASSERT_OK_PTR(val, "initial value") && ASSERT_EQ(sz, 16, "initial value size"))
		ASSERT_TRUE(memcmp(val, orig, 16) == 0, "prefix kept");

	/* set_initial_value needs exactly the value size */
	memset(buf, 0xab, sizeof(buf));
	errno = 0;
	ASSERT_EQ(bpf_map__set_initial_value(data, buf, 40), -EINVAL, "wrong size");
	ASSERT_EQ(errno, EINVAL, "wrong size errno");
	ASSERT_OK(bpf_map__set_initial_value(data, buf, 16), "right size");
	val = bpf_map__initial_value(data, &sz);
	if (ASSERT_OK_PTR(val, "initial value"))
		ASSERT_TRUE(memcmp(val, buf, 16) == 0, "new initial value");

	val = bpf_map__initial_value(ro, &sz);
	if (ASSERT_OK_PTR(val, ".rodata value") && ASSERT_EQ(sz, 45, ".rodata size")) {
		ASSERT_EQ(bpf_map__set_initial_value(ro, buf, sz + 1), -EINVAL, "too big");
		ASSERT_OK(bpf_map__set_initial_value(ro, buf, sz), ".rodata right size");
		ASSERT_TRUE(memcmp(bpf_map__initial_value(ro, NULL), buf, sz) == 0, ".rodata");
	}
}

UNIT_TEST(elf_map_setters)
{
	struct bpf_object *obj = open_obj("test_global_data.bpf.o");
	struct bpf_map *map;

	if (!obj)
		return;
	check_map_setters(obj);
	bpf_object__close(obj);

	obj = open_obj("test_maps_btf.bpf.o");
	if (!obj)
		return;
	map = bpf_object__find_map_by_name(obj, "flows");
	if (ASSERT_OK_PTR(map, "flows")) {
		char buf[16] = {};

		ASSERT_OK(bpf_map__set_max_entries(map, 4096), "set_max_entries");
		ASSERT_EQ(bpf_map__max_entries(map), 4096, "max_entries");
		ASSERT_OK(bpf_map__set_map_flags(map, BPF_F_NO_PREALLOC), "set_map_flags");
		ASSERT_EQ(bpf_map__map_flags(map), BPF_F_NO_PREALLOC, "map_flags");
		errno = 0;
		ASSERT_EQ(bpf_map__set_initial_value(map, buf, 16), -EINVAL,
			  "no initial value for a hash map");
		ASSERT_EQ(errno, EINVAL, "errno");
	}
	bpf_object__close(obj);
}
