// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel module BTF (progs/test_module_btf.c): what vmlinux BTF lacks is
 * looked for in the BTF of loaded modules. The VMs load veth and
 * nf_conntrack as modules (vmtest/MODULES):
 *
 *   load_module_btf  btf__load_module_btf("veth") against the kernel's
 *                    BTF object of that name; bad names are refused
 *   core             CO-RE offsets, sizes and existence of veth and
 *                    nf_conntrack types match the module's BTF
 *   target_names     malformed "module:func" names fail with -EINVAL, absent
 *                    targets with -ESRCH (on the host too)
 *   fentry           fentry on veth_get_stats64(), by "func", by
 *                    "veth:func" in SEC() and by bpf_program__set_attach_target():
 *                    attach, read /proc/net/dev, count, read the peer's
 *                    ifindex through struct veth_priv, detach, count stops
 *   kfunc            bpf_xdp_ct_lookup() and bpf_ct_release() of
 *                    nf_conntrack (6.0+): the call goes to the module's
 *                    BTF (insn->off > 0, fd_array) and the kernel runs it
 *   ksym_var         x_tables' per-CPU xt_recseq as a typed __ksym: an
 *                    ld_imm64 with the module's VAR id and BTF fd
 *
 * Kernels without module BTF (5.10 of Debian has no
 * CONFIG_DEBUG_INFO_BTF_MODULES, the host loads no modules) skip with the
 * reason.
 */
#include <fcntl.h>
#include <net/if.h>
#include "test_progs.h"

#define OBJ "test_module_btf.bpf.o"
#define DEV "mbveth0"
#define PEER "mbveth1"
#define READS 4

/* module @mod has BTF in this kernel, else skip saying why */
static bool need_module_btf(const char *mod)
{
	char path[128], val[16];

	if (!file_exists("/sys/kernel/btf/vmlinux"))
		return require(false, "no kernel BTF (/sys/kernel/btf/vmlinux)");
	if (kernel_config_value("DEBUG_INFO_BTF_MODULES", val, sizeof(val)) == -ENOENT)
		return require(false, "kernel built without CONFIG_DEBUG_INFO_BTF_MODULES");
	snprintf(path, sizeof(path), "/sys/kernel/btf/%s", mod);
	return require(file_exists(path), "module %s with BTF is not loaded (no %s)", mod, path);
}

static struct btf *module_btf(const char *mod)
{
	struct btf *btf = btf__load_module_btf(mod, (struct btf *)vmlinux_btf());

	ASSERT_OK_PTR(btf, mod);
	return btf;
}

/* offset in bytes and size of member @name of struct @sname in @btf */
static bool member_of(const struct btf *btf, const char *sname, const char *name,
		      __u32 *off, __u32 *size)
{
	int id = btf__find_by_name_kind(btf, sname, BTF_KIND_STRUCT);
	const struct btf_type *t;
	const struct btf_member *m;
	int i;

	if (!ASSERT_GT(id, 0, sname))
		return false;
	t = btf__type_by_id(btf, id);
	if (size)
		*size = t->size;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		if (!strcmp(btf__name_by_offset(btf, m->name_off), name)) {
			*off = btf_member_bit_offset(t, i) / 8;
			return true;
		}
	}
	ASSERT_TRUE(false, name);
	return false;
}

/* ---- btf__load_module_btf ------------------------------------------------- */

static void bad_names(void)
{
	struct btf *base = (struct btf *)vmlinux_btf(), *btf;

	btf = btf__load_module_btf("../vmlinux", base);
	ASSERT_TRUE(!btf && errno == EINVAL, "path in a module name: EINVAL");
	btf = btf__load_module_btf("", base);
	ASSERT_TRUE(!btf && errno == EINVAL, "empty module name: EINVAL");
	btf = btf__load_module_btf("veth", NULL);
	ASSERT_TRUE(!btf && errno == EINVAL, "no base BTF: EINVAL");
	if (base) {
		btf = btf__load_module_btf("no_such_module_modbtf", base);
		ASSERT_TRUE(!btf && errno == ENOENT, "missing module: ENOENT");
	}
}

/* the kernel's BTF object named @mod: its id, or 0 */
static __u32 kernel_btf_obj_id(const char *mod)
{
	__u32 id = 0, found = 0;

	while (!found && !bpf_btf_get_next_id(id, &id)) {
		struct bpf_btf_info info = {};
		__u32 len = sizeof(info);
		char name[64] = "";
		int fd = bpf_btf_get_fd_by_id(id);

		if (fd < 0)
			continue;
		info.name = (__u64)(unsigned long)name;
		info.name_len = sizeof(name);
		if (!bpf_btf_get_info_by_fd(fd, &info, &len) && info.kernel_btf &&
		    !strcmp(name, mod))
			found = id;
		close(fd);
	}
	return found;
}

static void load_module_btf(void)
{
	const struct btf *vmlinux;
	struct btf *btf, *by_id;
	__u32 id;
	int sid;

	bad_names();
	if (!need_module_btf("veth"))
		return;
	vmlinux = vmlinux_btf();
	btf = module_btf("veth");
	if (!btf)
		return;
	ASSERT_TRUE(btf__base_btf(btf) == vmlinux, "split on vmlinux BTF");
	ASSERT_GT(btf__type_cnt(btf), btf__type_cnt(vmlinux), "types of its own");
	sid = btf__find_by_name_kind(btf, "veth_priv", BTF_KIND_STRUCT);
	ASSERT_GE(sid, (int)btf__type_cnt(vmlinux), "struct veth_priv is the module's");
	ASSERT_LT(btf__find_by_name_kind(vmlinux, "veth_priv", BTF_KIND_STRUCT), 0,
		  "vmlinux has no struct veth_priv");
	ASSERT_GT(btf__find_by_name_kind(btf, "veth_get_stats64", BTF_KIND_FUNC), 0,
		  "FUNC veth_get_stats64");
	/* the same BTF as the kernel's BTF object "veth" */
	id = kernel_btf_obj_id("veth");
	if (ASSERT_GT(id, 0, "kernel BTF object 'veth'")) {
		by_id = btf__load_from_kernel_by_id_split(id, (struct btf *)vmlinux);
		if (ASSERT_OK_PTR(by_id, "load by id"))
			ASSERT_EQ(btf__type_cnt(by_id), btf__type_cnt(btf), "same type count");
		btf__free(by_id);
	}
	btf__free(btf);
}

/* ---- CO-RE ------------------------------------------------------------------- */

static struct bpf_object *open_with(const char *const *progs)
{
	struct bpf_program *p;
	struct bpf_object *obj;
	bool on;
	int i;

	obj = bpf_object__open_file(OBJ, NULL);
	if (!ASSERT_OK_PTR(obj, OBJ))
		return NULL;
	bpf_object__for_each_program(p, obj) {
		for (on = false, i = 0; progs[i]; i++)
			on |= !strcmp(bpf_program__name(p), progs[i]);
		bpf_program__set_autoload(p, on);
	}
	return obj;
}

static void core(void)
{
	const char *progs[] = { "core_consts", NULL };
	struct bpf_object *obj = NULL;
	struct btf *veth = NULL, *ct = NULL;
	__u32 off, size, retval;
	int ct_id;

	if (!need_module_btf("veth"))
		return;
	veth = module_btf("veth");
	if (!veth || !member_of(veth, "veth_priv", "requested_headroom", &off, &size))
		goto out;
	obj = open_with(progs);
	if (!obj || !ASSERT_OK(bpf_object__load(obj), "load") ||
	    !ASSERT_OK(run_prog_pkt(prog_fd_by_name(obj, "core_consts"), 64, &retval), "run"))
		goto out;
	ASSERT_EQ(bss_u64(obj, "core_headroom_off"), off, "veth_priv.requested_headroom offset");
	ASSERT_EQ(bss_u64(obj, "core_headroom_exists"), 1, "veth_priv.requested_headroom exists");
	ASSERT_EQ(bss_u64(obj, "core_priv_size"), size, "sizeof(struct veth_priv)");
	ASSERT_EQ(bss_u64(obj, "core_nofield_exists"), 0, "a field veth_priv lacks");
	ASSERT_EQ(bss_u64(obj, "core_notype_exists"), 0, "a type no BTF has");
	/* nf_conntrack: its own struct bpf_ct_opts (12 bytes before 6.11, then 16) */
	if (file_exists("/sys/kernel/btf/nf_conntrack")) {
		ct = module_btf("nf_conntrack");
		ct_id = ct ? btf__find_by_name_kind(ct, "bpf_ct_opts", BTF_KIND_STRUCT) : -1;
		if (ct_id > 0)
			ASSERT_EQ(bss_u64(obj, "core_ct_opts_size"),
				  btf__type_by_id(ct, ct_id)->size, "sizeof(struct bpf_ct_opts)");
		else
			printf("nf_conntrack has no struct bpf_ct_opts: not compared\n");
	}
out:
	btf__free(ct);
	btf__free(veth);
	bpf_object__close(obj);
}

/* ---- fentry -------------------------------------------------------------------- */

/* read /proc/net/dev @n times: veth_get_stats64() of each veth, each time */
static void read_net_dev(int n)
{
	char buf[4096];
	int i, fd;

	for (i = 0; i < n; i++) {
		fd = open("/proc/net/dev", O_RDONLY | O_CLOEXEC);
		if (!ASSERT_OK_FD(fd, "open /proc/net/dev"))
			return;
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
}

/* load @prog (its target set to @target unless NULL), count @counter */
static void fentry_one(const char *prog_name, const char *target, const char *counter)
{
	const char *progs[] = { prog_name, NULL };
	struct bpf_object *obj = NULL;
	struct bpf_program *prog;
	struct bpf_link *link = NULL;
	int orig, ifindex, peer, pid = getpid(), fds = count_open_fds();
	__u64 n;

	orig = enter_private_netns();
	if (!ASSERT_GE(orig, 0, "private netns"))
		return;
	if (!ASSERT_OK(veth_pair_create(DEV, PEER), "veth pair") ||
	    !ASSERT_OK(link_set_up(DEV), "up") || !ASSERT_OK(link_set_up(PEER), "peer up"))
		goto out;
	ifindex = if_nametoindex(DEV);
	peer = if_nametoindex(PEER);
	obj = open_with(progs);
	if (!obj)
		goto out;
	prog = bpf_object__find_program_by_name(obj, prog_name);
	if (target && !ASSERT_OK(bpf_program__set_attach_target(prog, 0, target), "set target"))
		goto out;
	if (!ASSERT_OK(bpf_object__load(obj), "load") ||
	    !ASSERT_OK(global_var_write(obj, ".bss", "target_pid", &pid, sizeof(pid)), "pid") ||
	    !ASSERT_OK(global_var_write(obj, ".bss", "target_ifindex", &ifindex,
					sizeof(ifindex)), "ifindex"))
		goto out;
	link = bpf_program__attach_trace(prog);
	if (!ASSERT_OK_PTR(link, "attach_trace"))
		goto out;
	read_net_dev(READS);
	n = bss_u64(obj, counter);
	ASSERT_EQ(n, READS, "one call per /proc/net/dev read");
	if (!strcmp(prog_name, "stats64")) {
		int got = -1;

		global_var_read(obj, ".bss", "peer_ifindex", &got, sizeof(got));
		ASSERT_EQ(got, peer, "peer ifindex read through struct veth_priv");
	}
	ASSERT_OK(bpf_link__destroy(link), "detach");
	link = NULL;
	read_net_dev(READS);
	ASSERT_EQ(bss_u64(obj, counter), n, "no calls counted after detach");
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	leave_netns(orig);
	ASSERT_EQ(count_open_fds(), fds, "no fd left");
}

/* a target that is not where it is said to be: the load fails, no fd leaks */
static void fentry_bad_target(const char *target, int want)
{
	const char *progs[] = { "stats64_set_target", NULL };
	struct bpf_object *obj;
	int fds = count_open_fds(), err;

	obj = open_with(progs);
	if (!obj)
		return;
	bpf_program__set_attach_target(bpf_object__find_program_by_name(obj, progs[0]), 0,
				       target);
	err = bpf_object__load(obj);
	ASSERT_EQ(err, want, target);
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left");
}

static void fentry(void)
{
	if (!need_module_btf("veth") ||
	    !require(kernel_at_least(5, 11), "fentry on module functions is 5.11+"))
		return;
	fentry_one("stats64", NULL, "stats_calls");
	fentry_one("stats64_named", NULL, "stats_calls_named");
	fentry_one("stats64_set_target", "veth_get_stats64", "stats_calls_named");
	fentry_one("stats64_set_target", "veth:veth_get_stats64", "stats_calls_named");
	fentry_bad_target("vmlinux:veth_get_stats64", -ESRCH);
	fentry_bad_target("dummy_no_such_module:veth_get_stats64", -ESRCH);
	fentry_bad_target("veth:veth_no_such_function", -ESRCH);
}

/* malformed "module:function" names and missing targets, on any kernel with BTF */
static void target_names(void)
{
	char long_mod[100];

	if (!require(vmlinux_btf() != NULL, "no kernel BTF (/sys/kernel/btf/vmlinux)"))
		return;
	memset(long_mod, 'm', 80);
	strcpy(long_mod + 80, ":func");
	fentry_bad_target(":veth_get_stats64", -EINVAL);
	fentry_bad_target("veth:", -EINVAL);
	fentry_bad_target(long_mod, -EINVAL);
	fentry_bad_target("vmlinux:no_such_function_modbtf", -ESRCH);
	fentry_bad_target("no_such_function_modbtf", -ESRCH);
}

/* ---- kfuncs ---------------------------------------------------------------------- */

static int data_int(const struct bpf_object *obj, const char *name)
{
	int v = 0xbad;

	ASSERT_OK(global_var_read(obj, ".data", name, &v, sizeof(v)), name);
	return v;
}

static void kfunc(void)
{
	const char *progs[] = { "ct_lookup", NULL };
	const struct bpf_insn *insns;
	struct bpf_object *obj = NULL;
	struct btf *ct = NULL;
	struct bpf_program *prog;
	int lookup_id, release_id, calls = 0, err, i, cnt;
	int fds = count_open_fds();
	__u32 retval;

	if (!need_module_btf("nf_conntrack"))
		return;
	ct = module_btf("nf_conntrack");
	if (!ct)
		return;
	lookup_id = btf__find_by_name_kind(ct, "bpf_xdp_ct_lookup", BTF_KIND_FUNC);
	release_id = btf__find_by_name_kind(ct, "bpf_ct_release", BTF_KIND_FUNC);
	if (!require(lookup_id > 0 && release_id > 0,
		     "nf_conntrack of this kernel has no bpf_xdp_ct_lookup/bpf_ct_release kfuncs (6.0+)"))
		goto out;
	obj = open_with(progs);
	if (!obj)
		goto out;
	err = bpf_object__load(obj);
	if (!ASSERT_OK(err, "load"))
		goto out;
	prog = bpf_object__find_program_by_name(obj, "ct_lookup");
	insns = bpf_program__insns(prog);
	cnt = bpf_program__insn_cnt(prog);
	for (i = 0; insns && i < cnt; i++) {
		if (insns[i].code != (BPF_JMP | BPF_CALL) ||
		    insns[i].src_reg != BPF_PSEUDO_KFUNC_CALL)
			continue;
		calls++;
		ASSERT_TRUE(insns[i].imm == lookup_id || insns[i].imm == release_id,
			    "kfunc call: the module's BTF id");
		ASSERT_GT(insns[i].off, 0, "kfunc call: an fd_array index");
	}
	ASSERT_EQ(calls, 2, "two kfunc calls");
	if (!ASSERT_OK(run_prog_pkt(bpf_program__fd(prog), 64, &retval), "run"))
		goto out;
	ASSERT_EQ(retval, XDP_PASS, "XDP_PASS");
	ASSERT_EQ(data_int(obj, "ct_found"), 0, "no such connection");
	ASSERT_EQ(data_int(obj, "ct_error"), -ENOENT, "the kernel's lookup said ENOENT");
out:
	bpf_object__close(obj);
	btf__free(ct);
	ASSERT_EQ(count_open_fds(), fds, "no fd left");
}

/* ---- typed __ksym variables ------------------------------------------------------ */

static void ksym_var(void)
{
	const char *progs[] = { "ksym_var", NULL };
	const struct bpf_insn *insns;
	struct bpf_object *obj = NULL;
	struct bpf_program *prog;
	struct btf *xt = NULL;
	int var_id, refs = 0, i, cnt, fds = count_open_fds();
	__u32 retval;

	if (!need_module_btf("x_tables"))
		return;
	xt = module_btf("x_tables");
	if (!xt)
		return;
	var_id = btf__find_by_name_kind(xt, "xt_recseq", BTF_KIND_VAR);
	if (!require(var_id > 0, "x_tables of this kernel has no per-CPU xt_recseq in its BTF"))
		goto out;
	obj = open_with(progs);
	if (!obj || !ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	prog = bpf_object__find_program_by_name(obj, "ksym_var");
	insns = bpf_program__insns(prog);
	cnt = bpf_program__insn_cnt(prog);
	for (i = 0; insns && i + 1 < cnt; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW) ||
		    insns[i].src_reg != BPF_PSEUDO_BTF_ID)
			continue;
		refs++;
		ASSERT_EQ(insns[i].imm, var_id, "ld_imm64: the VAR's id in the module's BTF");
		ASSERT_GT(insns[i + 1].imm, 0, "ld_imm64: the module's BTF fd");
	}
	ASSERT_EQ(refs, 1, "one BPF_PSEUDO_BTF_ID ld_imm64");
	if (!ASSERT_OK(run_prog_pkt(bpf_program__fd(prog), 64, &retval), "run"))
		goto out;
	ASSERT_EQ(bss_u64(obj, "recseq_found"), 1, "read this CPU's xt_recseq");
out:
	bpf_object__close(obj);
	btf__free(xt);
	ASSERT_EQ(count_open_fds(), fds, "no fd left");
}

void test_module_btf(void)
{
	if (test__start_subtest("load_module_btf"))
		load_module_btf();
	if (test__start_subtest("core"))
		core();
	if (test__start_subtest("target_names"))
		target_names();
	if (test__start_subtest("fentry"))
		fentry();
	if (test__start_subtest("kfunc"))
		kfunc();
	if (test__start_subtest("ksym_var"))
		ksym_var();
}
