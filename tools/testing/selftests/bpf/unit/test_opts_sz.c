// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The sz rule of opts structs, for every exported function that takes
 * one (check_bad_args.sh makes sure none is missing). Each OPTS_INT() or
 * OPTS_PTR() entry calls the function four times with the same other
 * arguments and an opts struct (named o in the arguments) that is
 *
 *   exact: sz = sizeof(the struct), every field zero     -> the baseline
 *   big:   sz = sizeof + 8, the 8 unknown bytes zero     -> exactly the
 *          baseline's result and errno: a caller built against a newer
 *          header that leaves new fields unset is accepted
 *   dirty: sz = sizeof + 8, one unknown byte non-zero    -> -EINVAL (NULL,
 *          errno = EINVAL) and a message that names the struct
 *   small: sz = 4, less than the sz field itself         -> -EINVAL, named
 *
 * The other arguments are chosen so that the baseline fails after the
 * opts are read (a negative fd, a program that is not loaded, a path
 * that does not exist) or succeeds without lasting effects (cleaned up
 * by the entry's cleanup), and the baseline's log must not name the
 * struct: only then do the dirty and small cases show the opts check.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "unit.h"

enum { EXACT, BIG, DIRTY, SMALL, NR_CASES };
static const char *const case_names[] = { "exact", "big zero tail", "big dirty tail", "small" };

struct opts_res {
	long long r;
	int err;
	bool ok;	/* int >= 0, pointer non-NULL */
	bool named;	/* the log names the opts struct */
};

static void check_opts(const char *fn, const char *type, int line,
		       const struct opts_res *res)
{
	const struct opts_res *b = &res[EXACT], *z = &res[BIG];
	int k;

	if (b->named)
		UNIT_FAIL("line %d: %s: the exact-size call already names %s: pick other arguments",
			  line, fn, type);
	if (z->ok != b->ok || z->named ||
	    (!b->ok && (z->err != b->err || z->r != b->r)))
		UNIT_FAIL("line %d: %s: %s with a zero tail: %s r %lld errno %d, exact size: %s r %lld errno %d",
			  line, fn, type, z->ok ? "ok" : "failed", z->r, z->err,
			  b->ok ? "ok" : "failed", b->r, b->err);
	for (k = DIRTY; k <= SMALL; k++)
		if (res[k].ok || res[k].err != EINVAL || !res[k].named)
			UNIT_FAIL("line %d: %s: %s %s: %s errno %d, %s in the log",
				  line, fn, type, case_names[k], res[k].ok ? "ok" : "failed",
				  res[k].err, res[k].named ? "named" : "not named");
}

/* sz of case k for a struct of sz bytes, with the dirty byte set */
static void opts_setup(void *buf, size_t bufsz, size_t sz, int k)
{
	memset(buf, 0, bufsz);
	*(size_t *)buf = k == SMALL ? 4 : k == EXACT ? sz : sz + 8;
	if (k == DIRTY)
		((unsigned char *)buf)[sz + 5] = 1;
}

#define OPTS_CALL(is_ptr, fn, type, cleanup, ...)                              \
	do {                                                                   \
		struct {                                                       \
			struct type o;                                         \
			unsigned char tail[8];                                 \
		} ___b;                                                        \
		struct type *o = &___b.o;                                      \
		struct opts_res ___res[NR_CASES];                              \
		int ___k;                                                      \
                                                                               \
		for (___k = 0; ___k < NR_CASES; ___k++) {                      \
			opts_setup(&___b, sizeof(___b), sizeof(struct type),   \
				   ___k);                                      \
			unit_log_reset();                                      \
			errno = 0;                                             \
			___res[___k].r = (long long)(intptr_t)fn(__VA_ARGS__); \
			___res[___k].err = errno;                              \
			___res[___k].ok = is_ptr ? ___res[___k].r != 0         \
						 : ___res[___k].r >= 0;        \
			___res[___k].named = strstr(unit_log(), #type) != NULL; \
			if (___res[___k].ok)                                   \
				cleanup(___res[___k].r);                       \
		}                                                              \
		check_opts(#fn, #type, __LINE__, ___res);                      \
	} while (0)

#define OPTS_INT(fn, type, cleanup, ...) OPTS_CALL(false, fn, type, cleanup, __VA_ARGS__)
#define OPTS_PTR(fn, type, cleanup, ...) OPTS_CALL(true, fn, type, cleanup, __VA_ARGS__)

/* cleanups of a successful call, given its result */
#define none(r) ((void)(r))
#define close_fd(r) close((int)(r))
#define close_obj(r) bpf_object__close((struct bpf_object *)(intptr_t)(r))
#define free_link(r) bpf_link__destroy((struct bpf_link *)(intptr_t)(r))
#define free_rb(r) ring_buffer__free((struct ring_buffer *)(intptr_t)(r))
#define free_urb(r) user_ring_buffer__free((struct user_ring_buffer *)(intptr_t)(r))
#define free_pb(r) perf_buffer__free((struct perf_buffer *)(intptr_t)(r))
#define free_linker(r) bpf_linker__free((struct bpf_linker *)(intptr_t)(r))
#define free_dump(r) btf_dump__free((struct btf_dump *)(intptr_t)(r))
#define unregister(r) libbpf_unregister_prog_handler((int)(r))

/* no such interface, kernel object id or file */
#define NO_IFINDEX 0x7ffffff0
#define NO_ID 0x7ffffff0
#define NO_PATH "/nonexistent-opts-sz/x"

static struct bpf_object *open_obj(void)
{
	return bpf_object__open(unit_obj_path("test_skeleton.bpf.o"));
}

/* closes *obj and opens it again */
static struct bpf_object *fresh_obj(struct bpf_object **obj)
{
	bpf_object__close(*obj);
	*obj = open_obj();
	return *obj;
}

UNIT_TEST(opts_sz_object)
{
	const char *path = unit_obj_path("test_skeleton.bpf.o");
	struct bpf_object *skel_obj = NULL, *obj;
	struct bpf_object_skeleton s = {};
	size_t size;
	void *buf;

	buf = unit_read_file(path, &size);
	if (!ASSERT_OK_PTR(buf, "read test_skeleton.bpf.o"))
		return;
	OPTS_PTR(bpf_object__open_file, bpf_object_open_opts, close_obj, path, o);
	OPTS_PTR(bpf_object__open_mem, bpf_object_open_opts, close_obj, buf, size, o);

	/* no maps or programs to fill: only the object is opened */
	s.sz = sizeof(s);
	s.name = "test_skeleton";
	s.data = buf;
	s.data_sz = size;
	s.obj = &skel_obj;
#define close_skel(r) (bpf_object__close(skel_obj), skel_obj = NULL)
	OPTS_INT(bpf_object__open_skeleton, bpf_object_open_opts, close_skel, &s, o);
#undef close_skel
	bpf_object__close(skel_obj);
	free(buf);

	/* once per object: a new object for each call */
	obj = NULL;
	OPTS_INT(bpf_object__gen_loader, gen_loader_opts, none, fresh_obj(&obj), o);
	bpf_object__close(obj);
}

static int ring_cb(void *ctx, void *data, size_t size)
{
	return 0;
}

static void perf_cb(void *ctx, int cpu, void *data, __u32 size)
{
}

static enum bpf_perf_event_ret perf_raw_cb(void *ctx, int cpu, struct perf_event_header *event)
{
	return LIBBPF_PERF_EVENT_CONT;
}

UNIT_TEST(opts_sz_attach)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;

	obj = open_obj();
	if (!ASSERT_OK_PTR(obj, "open test_skeleton.bpf.o"))
		return;
	/* neither is loaded: each attach fails after reading its opts */
	prog = bpf_object__next_program(obj, NULL);
	map = bpf_object__next_map(obj, NULL);
	if (!ASSERT_OK_PTR(prog, "a program") || !ASSERT_OK_PTR(map, "a map"))
		goto out;

	OPTS_INT(bpf_program__assoc_struct_ops, bpf_prog_assoc_struct_ops_opts, none,
		 prog, map, o);
	OPTS_PTR(bpf_program__attach_perf_event_opts, bpf_perf_event_opts, free_link,
		 prog, 1000, o);
	OPTS_PTR(bpf_program__attach_kprobe_opts, bpf_kprobe_opts, free_link,
		 prog, "no_such_function", o);
	OPTS_PTR(bpf_program__attach_kprobe_multi_opts, bpf_kprobe_multi_opts, free_link,
		 prog, "no_such_function", o);
	OPTS_PTR(bpf_program__attach_ksyscall, bpf_ksyscall_opts, free_link,
		 prog, "getpid", o);
	OPTS_PTR(bpf_program__attach_uprobe_opts, bpf_uprobe_opts, free_link,
		 prog, -1, "/bin/sh", 0, o);
	OPTS_PTR(bpf_program__attach_uprobe_multi, bpf_uprobe_multi_opts, free_link,
		 prog, -1, "/bin/sh", "main", o);
	OPTS_PTR(bpf_program__attach_usdt, bpf_usdt_opts, free_link,
		 prog, -1, "/bin/sh", "prov", "name", o);
	OPTS_PTR(bpf_program__attach_tracepoint_opts, bpf_tracepoint_opts, free_link,
		 prog, "syscalls", "sys_enter_getpid", o);
	OPTS_PTR(bpf_program__attach_raw_tracepoint_opts, bpf_raw_tracepoint_opts, free_link,
		 prog, "sys_enter", o);
	OPTS_PTR(bpf_program__attach_trace_opts, bpf_trace_opts, free_link, prog, o);
	OPTS_PTR(bpf_program__attach_iter, bpf_iter_attach_opts, free_link, prog, o);
	OPTS_PTR(bpf_program__attach_netfilter, bpf_netfilter_opts, free_link, prog, o);
	OPTS_PTR(bpf_program__attach_tcx, bpf_tcx_opts, free_link, prog, NO_IFINDEX, o);
	OPTS_PTR(bpf_program__attach_netkit, bpf_netkit_opts, free_link, prog, NO_IFINDEX, o);
	OPTS_PTR(bpf_program__attach_cgroup_opts, bpf_cgroup_opts, free_link, prog, 1000, o);

	OPTS_INT(libbpf_register_prog_handler, libbpf_prog_handler_opts, unregister,
		 "opts_sz_test/", BPF_PROG_TYPE_KPROBE, 0, o);
out:
	bpf_object__close(obj);
}

UNIT_TEST(opts_sz_events)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
	};

	OPTS_PTR(ring_buffer__new, ring_buffer_opts, free_rb, -1, ring_cb, NULL, o);
	OPTS_PTR(user_ring_buffer__new, user_ring_buffer_opts, free_urb, -1, o);
	OPTS_PTR(perf_buffer__new, perf_buffer_opts, free_pb, -1, 8, perf_cb, NULL, NULL, o);
	OPTS_PTR(perf_buffer__new_raw, perf_buffer_raw_opts, free_pb, -1, 8, &attr,
		 perf_raw_cb, NULL, o);
}

UNIT_TEST(opts_sz_net)
{
	struct bpf_tc_hook hook = {
		.sz = sizeof(hook),
		.ifindex = NO_IFINDEX,
		.attach_point = BPF_TC_INGRESS,
	};

	OPTS_INT(bpf_xdp_attach, bpf_xdp_attach_opts, none, NO_IFINDEX, -1, 0, o);
	OPTS_INT(bpf_xdp_detach, bpf_xdp_attach_opts, none, NO_IFINDEX, 0, o);
	OPTS_INT(bpf_xdp_query, bpf_xdp_query_opts, none, NO_IFINDEX, 0, o);
	/* the hook is an opts struct too: ifindex 0 fails after its sz check */
	OPTS_INT(bpf_tc_hook_create, bpf_tc_hook, none, o);
	OPTS_INT(bpf_tc_hook_destroy, bpf_tc_hook, none, o);
	OPTS_INT(bpf_tc_attach, bpf_tc_opts, none, &hook, o);
	OPTS_INT(bpf_tc_detach, bpf_tc_opts, none, &hook, o);
	OPTS_INT(bpf_tc_query, bpf_tc_opts, none, &hook, o);
}

UNIT_TEST(opts_sz_linker)
{
	struct bpf_linker *linker;
	char data[16] = {};
	int fd;

	OPTS_PTR(bpf_linker__new, bpf_linker_opts, free_linker, NO_PATH, o);
	fd = memfd_create("opts_sz", MFD_CLOEXEC);
	if (!ASSERT_TRUE(fd >= 0, "memfd_create"))
		return;
	OPTS_PTR(bpf_linker__new_fd, bpf_linker_opts, free_linker, fd, o);
	linker = bpf_linker__new_fd(fd, NULL);
	if (ASSERT_OK_PTR(linker, "bpf_linker__new_fd")) {
		OPTS_INT(bpf_linker__add_file, bpf_linker_file_opts, none, linker, NO_PATH, o);
		OPTS_INT(bpf_linker__add_fd, bpf_linker_file_opts, none, linker, -1, o);
		OPTS_INT(bpf_linker__add_buf, bpf_linker_file_opts, none, linker, data,
			 sizeof(data), o);
		bpf_linker__free(linker);
	}
	close(fd);
}

UNIT_TEST(opts_sz_syscall)
{
	struct bpf_insn insns[2] = {
		{ .code = 0xb7, .dst_reg = 0 },	/* r0 = 0 */
		{ .code = 0x95 },		/* exit */
	};
	char key[8] = {}, val[8] = {}, buf[16], btf[24] = {};
	__u32 cnt = 1;

	OPTS_INT(bpf_map_create, bpf_map_create_opts, close_fd, 0x7fff, NULL, 4, 4, 1, o);
	OPTS_INT(bpf_prog_load, bpf_prog_load_opts, close_fd, 0x7fff, NULL, "GPL",
		 insns, 2, o);
	OPTS_INT(bpf_btf_load, bpf_btf_load_opts, close_fd, btf, sizeof(btf), o);
	OPTS_INT(bpf_map_delete_batch, bpf_map_batch_opts, none, -1, key, &cnt, o);
	OPTS_INT(bpf_map_lookup_batch, bpf_map_batch_opts, none, -1, NULL, key, key, val,
		 &cnt, o);
	OPTS_INT(bpf_map_lookup_and_delete_batch, bpf_map_batch_opts, none, -1, NULL, key,
		 key, val, &cnt, o);
	OPTS_INT(bpf_map_update_batch, bpf_map_batch_opts, none, -1, key, val, &cnt, o);
	OPTS_INT(bpf_obj_pin_opts, bpf_obj_pin_opts, none, -1, NO_PATH, o);
	OPTS_INT(bpf_obj_get_opts, bpf_obj_get_opts, close_fd, NO_PATH, o);
	OPTS_INT(bpf_prog_attach_opts, bpf_prog_attach_opts, none, -1, -1,
		 BPF_CGROUP_INET_INGRESS, o);
	OPTS_INT(bpf_prog_detach_opts, bpf_prog_detach_opts, none, -1, -1,
		 BPF_CGROUP_INET_INGRESS, o);
	OPTS_INT(bpf_link_create, bpf_link_create_opts, close_fd, -1, -1,
		 BPF_CGROUP_INET_INGRESS, o);
	OPTS_INT(bpf_link_update, bpf_link_update_opts, none, -1, -1, o);
	OPTS_INT(bpf_prog_test_run_opts, bpf_test_run_opts, none, -1, o);
	OPTS_INT(bpf_prog_get_fd_by_id_opts, bpf_get_fd_by_id_opts, close_fd, NO_ID, o);
	OPTS_INT(bpf_map_get_fd_by_id_opts, bpf_get_fd_by_id_opts, close_fd, NO_ID, o);
	OPTS_INT(bpf_btf_get_fd_by_id_opts, bpf_get_fd_by_id_opts, close_fd, NO_ID, o);
	OPTS_INT(bpf_link_get_fd_by_id_opts, bpf_get_fd_by_id_opts, close_fd, NO_ID, o);
	OPTS_INT(bpf_prog_query_opts, bpf_prog_query_opts, none, -1,
		 BPF_CGROUP_INET_INGRESS, o);
	OPTS_INT(bpf_raw_tracepoint_open_opts, bpf_raw_tp_opts, close_fd, -1, o);
	OPTS_INT(bpf_prog_bind_map, bpf_prog_bind_opts, none, -1, -1, o);
	OPTS_INT(bpf_prog_stream_read, bpf_prog_stream_read_opts, none, -1, 1, buf,
		 sizeof(buf), o);
	OPTS_INT(bpf_prog_assoc_struct_ops, bpf_prog_assoc_struct_ops_opts, none, -1, -1, o);
	OPTS_INT(bpf_token_create, bpf_token_create_opts, close_fd, -1, o);
}

static void dump_printf(void *ctx, const char *fmt, va_list args)
{
}

UNIT_TEST(opts_sz_btf)
{
	__u32 id_map[2] = { 2, 1 };
	struct btf_dump *d = NULL;
	struct btf *btf;
	int value = 0;

	btf = btf__new_empty();
	if (!ASSERT_OK_PTR(btf, "btf__new_empty"))
		return;
	if (!ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 1, "int") ||
	    !ASSERT_EQ(btf__add_ptr(btf, 1), 2, "ptr"))
		goto out;

	OPTS_INT(btf__dedup, btf_dedup_opts, none, btf, o);
	/* swapping the two types twice leaves them where they were */
	OPTS_INT(btf__permute, btf_permute_opts, none, btf, id_map, 2, o);
	OPTS_PTR(btf_dump__new, btf_dump_opts, free_dump, btf, dump_printf, NULL, o);
	d = btf_dump__new(btf, dump_printf, NULL, NULL);
	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		goto out;
	OPTS_INT(btf_dump__emit_type_decl, btf_dump_emit_type_decl_opts, none, d, 1, o);
	OPTS_INT(btf_dump__dump_type_data, btf_dump_type_data_opts, none, d, 1, &value,
		 sizeof(value), o);
out:
	btf_dump__free(d);
	btf__free(btf);
}
