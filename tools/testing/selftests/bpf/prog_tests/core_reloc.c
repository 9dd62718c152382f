// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * CO-RE relocations on the kernel.
 *
 * kernel: core_reloc_kern.bpf.o, built against the build host's
 * vmlinux.h, reads task_struct fields of the current task through
 * BPF_CORE_READ() and asks about fields, types and enum values; what it
 * reads is compared with getpid()/gettid() and with the running kernel's
 * BTF (offsets, type id and size, which of task_struct::state and
 * ::__state exists, whether BPF_FUNC_loop exists).
 *
 * cast: bpf_core_cast() and a direct load through it (6.2+).
 *
 * custom_btf: core_reloc_custom.bpf.o loaded with btf_custom_path naming a
 * BTF this test writes, in which struct core_sample changed layout; the
 * program reads a buffer this test fills, so what it reads shows the
 * layout it was relocated to, and its instructions show the new offsets
 * and load widths. identity: the object's own BTF as target changes
 * nothing. poisoned: an unguarded read of a field the target lacks is
 * rejected by the verifier at the poisoned call. bad_custom_path: a
 * missing btf_custom_path fails the load, naming the path.
 */
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "test_progs.h"

#define KERN_OBJ "core_reloc_kern.bpf.o"
#define CUSTOM_OBJ "core_reloc_custom.bpf.o"

/* byte offset of a direct member of struct sname in btf, -1 if none */
static int member_off(const struct btf *btf, const char *sname, const char *mname)
{
	const struct btf_type *t;
	const struct btf_member *m;
	int id, i;

	id = btf__find_by_name_kind(btf, sname, BTF_KIND_STRUCT);
	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, id);
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++)
		if (strcmp(btf__name_by_offset(btf, m[i].name_off), mname) == 0)
			return btf_member_bit_offset(t, i) / 8;
	return -1;
}

static bool enum_has(const struct btf *btf, const char *ename, const char *vname)
{
	const struct btf_type *t;
	int id, i;

	id = btf__find_by_name_kind(btf, ename, BTF_KIND_ENUM);
	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	for (i = 0; i < btf_vlen(t); i++)
		if (strcmp(btf__name_by_offset(btf, btf_enum(t)[i].name_off), vname) == 0)
			return true;
	return false;
}

static void kernel(void)
{
	const struct btf *vmlinux = vmlinux_btf();
	__u64 args[2] = {};
	struct bpf_object *obj;
	char comm[16] = "";
	__u32 retval;
	int task_id;

	if (!require(vmlinux != NULL, "no kernel BTF"))
		return;
	obj = load_only_prog(KERN_OBJ, "core_kern");
	if (!obj)
		return;
	if (!ASSERT_OK(run_prog_ctx(prog_fd_by_name(obj, "core_kern"), args, sizeof(args),
				    &retval), "run core_kern"))
		goto out;
	prctl(PR_GET_NAME, comm);
	task_id = btf__find_by_name_kind(vmlinux, "task_struct", BTF_KIND_STRUCT);

	ASSERT_EQ(bss_u64(obj, "pid"), (__u64)syscall(SYS_gettid), "task->pid");
	ASSERT_EQ(bss_u64(obj, "tgid"), (__u64)getpid(), "task->tgid");
	ASSERT_EQ(bss_u64(obj, "pid_off"), (__u64)member_off(vmlinux, "task_struct", "pid"),
		  "offset of task_struct::pid");
	ASSERT_EQ(bss_u64(obj, "pid_size"), 4, "size of task_struct::pid");
	ASSERT_EQ(bss_u64(obj, "comm0"), (__u64)(unsigned char)comm[0], "task->comm[0]");

	/* exactly one of state (before 5.14) and __state exists */
	ASSERT_EQ(bss_u64(obj, "has_state"), member_off(vmlinux, "task_struct", "state") >= 0,
		  "task_struct::state exists");
	ASSERT_EQ(bss_u64(obj, "has_dunder_state"),
		  member_off(vmlinux, "task_struct", "__state") >= 0,
		  "task_struct::__state exists");
	ASSERT_EQ(bss_u64(obj, "has_state") + bss_u64(obj, "has_dunder_state"), 1,
		  "one of the two");
	ASSERT_EQ(bss_u64(obj, "state_val"), 0, "a running task's state");

	ASSERT_EQ(bss_u64(obj, "has_fake_field"), 0, "missing field");
	ASSERT_EQ(bss_u64(obj, "has_fake_type"), 0, "missing type");
	ASSERT_EQ(bss_u64(obj, "fake_enum_exists"), 0, "missing enum value");

	ASSERT_GT(task_id, 0, "task_struct in kernel BTF");
	ASSERT_EQ(bss_u64(obj, "task_id"), (__u64)task_id, "kernel type id of task_struct");
	ASSERT_EQ(bss_u64(obj, "task_size"), btf__resolve_size(vmlinux, task_id),
		  "kernel size of task_struct");
	ASSERT_EQ(bss_u64(obj, "task_exists"), 1, "task_struct exists");
	ASSERT_EQ(bss_u64(obj, "array_map_type"), BPF_MAP_TYPE_ARRAY, "enum value");
	ASSERT_EQ(bss_u64(obj, "loop_exists"), enum_has(vmlinux, "bpf_func_id", "BPF_FUNC_loop"),
		  "BPF_FUNC_loop exists");
	ASSERT_EQ(bss_u64(obj, "reset_on_fork"), 0, "bitfield sched_reset_on_fork");
out:
	bpf_object__close(obj);
}

static void cast(void)
{
	struct bpf_object *obj;
	__u64 args[2] = {};
	__u32 retval;

	if (!require_kernel(6, 2, "bpf_rdonly_cast") ||
	    !require(kernel_btf_has("bpf_rdonly_cast", BTF_KIND_FUNC), "no bpf_rdonly_cast"))
		return;
	obj = load_only_prog(KERN_OBJ, "core_cast");
	if (!obj)
		return;
	if (ASSERT_OK(run_prog_ctx(prog_fd_by_name(obj, "core_cast"), args, sizeof(args),
				   &retval), "run core_cast"))
		ASSERT_EQ(bss_u64(obj, "cast_pid"), (__u64)syscall(SYS_gettid),
			  "pid through bpf_core_cast()");
	bpf_object__close(obj);
}

/*
 * struct core_sample as the test's target has it (the program's own
 * layout is in progs/core_reloc_custom.c):
 *
 *	int a;			0
 *	int pad;		4
 *	int b;			8	(was 4)
 *	unsigned int c;		12	(was an unsigned short at 8)
 *	union { int d; };	16
 *	unsigned int x:3, bits:4, flag:1;	at byte 24
 *	(no gone)
 *
 * and CORE_SAMPLE_B is 20 (was 2).
 */
static int write_target_btf(char *path, size_t size)
{
	struct btf *btf = btf__new_empty();
	int fd, i32, u32, anon, s, e, err = -ENOMEM;
	const void *raw;
	__u32 raw_sz;

	snprintf(path, size, "/tmp/core_reloc_btf.XXXXXX");
	if (!btf)
		return err;
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	u32 = btf__add_int(btf, "unsigned int", 4, 0);
	anon = btf__add_union(btf, NULL, 4);
	btf__add_field(btf, "d", i32, 0, 0);
	s = btf__add_struct(btf, "core_sample", 32);
	btf__add_field(btf, "a", i32, 0, 0);
	btf__add_field(btf, "pad", i32, 32, 0);
	btf__add_field(btf, "b", i32, 64, 0);
	btf__add_field(btf, "c", u32, 96, 0);
	btf__add_field(btf, NULL, anon, 128, 0);
	btf__add_field(btf, "x", u32, 192, 3);
	btf__add_field(btf, "bits", u32, 195, 4);
	btf__add_field(btf, "flag", u32, 199, 1);
	e = btf__add_enum(btf, "core_sample_enum", 4);
	btf__add_enum_value(btf, "CORE_SAMPLE_A", 1);
	btf__add_enum_value(btf, "CORE_SAMPLE_B", 20);
	raw = btf__raw_data(btf, &raw_sz);
	if (s < 0 || e < 0 || !raw)
		goto out;
	fd = mkstemp(path);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	err = write(fd, raw, raw_sz) == (ssize_t)raw_sz ? 0 : -EIO;
	close(fd);
	if (err)
		unlink(path);
out:
	btf__free(btf);
	return err;
}

static struct bpf_object *open_custom(const char *btf_path, const char *prog_name)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = btf_path);
	struct bpf_program *prog;
	struct bpf_object *obj;

	obj = bpf_object__open_file(CUSTOM_OBJ, &opts);
	if (!ASSERT_OK_PTR(obj, "open " CUSTOM_OBJ))
		return NULL;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), prog_name));
	return obj;
}

/* fill data[], run core_custom; 0 or -1 after a failed assertion */
static int run_custom(struct bpf_object *obj)
{
	__u8 data[64];
	__u32 retval;
	int i;

	for (i = 0; i < 64; i++)
		data[i] = i;
	data[24] = 0xd8;	/* bits 3..6: 0b1011, bit 7: 1 */
	if (!ASSERT_OK(global_var_write(obj, ".bss", "data", data, sizeof(data)), "write data") ||
	    !ASSERT_OK(run_prog_pkt(prog_fd_by_name(obj, "core_custom"), 64, &retval),
		       "run core_custom"))
		return -1;
	return 0;
}

static bool has_load(const struct bpf_program *prog, int size, int off)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, n = bpf_program__insn_cnt(prog);

	for (i = 0; i < n; i++)
		if (insn[i].code == (BPF_LDX | BPF_MEM | size) && insn[i].off == off)
			return true;
	return false;
}

static void custom_btf(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	char path[64];

	if (!ASSERT_OK(write_target_btf(path, sizeof(path)), "write target BTF"))
		return;
	obj = open_custom(path, "core_custom");
	if (!obj)
		goto out;
	if (!ASSERT_OK(bpf_object__load(obj), "load with btf_custom_path") || run_custom(obj))
		goto out;
	ASSERT_EQ(bss_u64(obj, "out_a"), 0x03020100, "a at 0");
	ASSERT_EQ(bss_u64(obj, "out_b"), 0x0b0a0908, "b moved to 8");
	ASSERT_EQ(bss_u64(obj, "out_c"), 0x0f0e0d0c, "c a u32 at 12");
	ASSERT_EQ(bss_u64(obj, "out_d"), 0x13121110, "d at 16 in a union");
	ASSERT_EQ(bss_u64(obj, "out_bits"), 11, "bitfield bits at bit 195");
	ASSERT_EQ(bss_u64(obj, "out_flag"), 1, "bitfield flag at bit 199");
	ASSERT_EQ(bss_u64(obj, "gone_exists"), 0, "gone is gone");
	ASSERT_EQ(bss_u64(obj, "gone_val"), 0, "gone not read");
	ASSERT_EQ(bss_u64(obj, "enum_b"), 20, "CORE_SAMPLE_B");
	ASSERT_EQ(bss_u64(obj, "b_off"), 8, "offset of b");
	ASSERT_EQ(bss_u64(obj, "c_size"), 4, "size of c");
	ASSERT_EQ(bss_u64(obj, "sample_size"), 32, "size of core_sample");

	/* the loads themselves were rewritten */
	prog = bpf_object__find_program_by_name(obj, "core_custom");
	ASSERT_TRUE(has_load(prog, BPF_W, 8), "u32 load of b at 8");
	ASSERT_TRUE(has_load(prog, BPF_W, 12), "u32 load of c at 12");
	ASSERT_FALSE(has_load(prog, BPF_H, 8), "no u16 load of c at 8");
out:
	bpf_object__close(obj);
	unlink(path);
}

/* the program's own BTF as target: its own layout */
static void identity(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;

	obj = open_custom(CUSTOM_OBJ, "core_custom");
	if (!obj)
		return;
	if (!ASSERT_OK(bpf_object__load(obj), "load with its own BTF") || run_custom(obj))
		goto out;
	ASSERT_EQ(bss_u64(obj, "out_a"), 0x03020100, "a at 0");
	ASSERT_EQ(bss_u64(obj, "out_b"), 0x07060504, "b at 4");
	ASSERT_EQ(bss_u64(obj, "out_c"), 0x0908, "c a u16 at 8");
	ASSERT_EQ(bss_u64(obj, "out_d"), 0x13121110, "d at 16");
	ASSERT_EQ(bss_u64(obj, "out_bits"), 4, "bits at bit 160");
	ASSERT_EQ(bss_u64(obj, "out_flag"), 1, "flag at bit 164");
	ASSERT_EQ(bss_u64(obj, "gone_exists"), 1, "gone exists");
	ASSERT_EQ(bss_u64(obj, "gone_val"), 0x0f0e0d0c, "gone at 12");
	ASSERT_EQ(bss_u64(obj, "enum_b"), 2, "CORE_SAMPLE_B");
	ASSERT_EQ(bss_u64(obj, "b_off"), 4, "offset of b");
	ASSERT_EQ(bss_u64(obj, "c_size"), 2, "size of c");
	ASSERT_EQ(bss_u64(obj, "sample_size"), 24, "size of core_sample");
	prog = bpf_object__find_program_by_name(obj, "core_custom");
	ASSERT_TRUE(has_load(prog, BPF_H, 8), "u16 load of c at 8");
out:
	bpf_object__close(obj);
}

static void poisoned(void)
{
	struct bpf_object *obj;
	const char *log;
	char path[64];
	int err;

	if (!ASSERT_OK(write_target_btf(path, sizeof(path)), "write target BTF"))
		return;
	obj = open_custom(path, "core_poisoned");
	if (!obj)
		goto out;
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	ASSERT_ERR(err, "unguarded read of a missing field");
	ASSERT_HAS_SUBSTR(log, "195896080", "verifier stops at the poisoned call");
out:
	bpf_object__close(obj);
	unlink(path);
}

static void bad_custom_path(void)
{
	struct bpf_object *obj;
	const char *log;
	int err;

	obj = open_custom("/nonexistent/core_btf", "core_custom");
	if (!obj)
		return;
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	ASSERT_EQ(err, -ENOENT, "load with a missing btf_custom_path");
	ASSERT_HAS_SUBSTR(log, "/nonexistent/core_btf", "warning names the path");
	bpf_object__close(obj);
}

void test_core_reloc(void)
{
	if (test__start_subtest("kernel"))
		kernel();
	if (test__start_subtest("cast"))
		cast();
	if (test__start_subtest("custom_btf"))
		custom_btf();
	if (test__start_subtest("identity"))
		identity();
	if (test__start_subtest("poisoned"))
		poisoned();
	if (test__start_subtest("bad_custom_path"))
		bad_custom_path();
}
