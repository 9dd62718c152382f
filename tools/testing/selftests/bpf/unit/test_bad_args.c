// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Every exported function called with a bad argument: a NULL object,
 * program, map, link, BTF, buffer or linker, a negative fd, a NULL out
 * pointer. Nothing may crash; the result follows the convention of
 * Documentation/bpf/api.rst ("Argument checks"):
 *
 *   BAD_INT   int (or __s32/__s64) result: exactly the given -errno, and
 *             errno set to match
 *   BAD_SYS   the bad fd goes to the kernel as libbpf does: a negative
 *             result with errno set to match (the kernel chooses which)
 *   BAD_PTR   pointer result: NULL with errno set to the given value
 *   BAD_PTR_SYS  NULL with errno set by the kernel (non-zero)
 *   BAD_VAL   plain value getter: the documented value, errno = EINVAL
 *   BAD_VOID  void (free, destroy, setters without a result): no crash
 *   BAD_EXPR  a result libbpf defines otherwise, checked as written
 *   NO_BAD_ARG  the function has no argument that can be bad
 *
 * check_bad_args.sh (run when test_unit is built) fails the build when a
 * function of libbpf.map is not named as the first argument of one of
 * these macros, so a new export needs an entry here.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf_legacy.h>
#include "unit.h"

/* the deprecated ones are exported too and get their entries */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static void check_int(const char *fn, int line, long long r, int err, long long want)
{
	if (r != want || err != -want)
		UNIT_FAIL("line %d: %s: returned %lld errno %d, expected %lld errno %lld",
			  line, fn, r, err, want, -want);
}

static void check_sys(const char *fn, int line, long long r, int err)
{
	if (r >= 0 || err != -r)
		UNIT_FAIL("line %d: %s: returned %lld errno %d, expected a negative errno mirrored in errno",
			  line, fn, r, err);
}

static void check_ptr(const char *fn, int line, const void *p, int err, int want)
{
	if (p || (want ? err != want : err == 0))
		UNIT_FAIL("line %d: %s: returned %p errno %d, expected NULL errno %d",
			  line, fn, p, err, want);
}

static void check_val(const char *fn, int line, long long r, int err, long long want)
{
	if (r != want || err != EINVAL)
		UNIT_FAIL("line %d: %s: returned %lld errno %d, expected %lld errno EINVAL",
			  line, fn, r, err, want);
}

#define BAD_INT(fn, want, ...)                                                 \
	do {                                                                   \
		long long ___r;                                                \
		errno = 0;                                                     \
		___r = (long long)fn(__VA_ARGS__);                             \
		check_int(#fn, __LINE__, ___r, errno, want);                   \
	} while (0)

#define BAD_SYS(fn, ...)                                                       \
	do {                                                                   \
		long long ___r;                                                \
		errno = 0;                                                     \
		___r = (long long)fn(__VA_ARGS__);                             \
		check_sys(#fn, __LINE__, ___r, errno);                         \
	} while (0)

#define BAD_PTR(fn, want, ...)                                                 \
	do {                                                                   \
		const void *___p;                                              \
		errno = 0;                                                     \
		___p = (const void *)fn(__VA_ARGS__);                          \
		check_ptr(#fn, __LINE__, ___p, errno, want);                   \
	} while (0)

#define BAD_PTR_SYS(fn, ...) BAD_PTR(fn, 0, __VA_ARGS__)

#define BAD_VAL(fn, want, ...)                                                 \
	do {                                                                   \
		long long ___r;                                                \
		errno = 0;                                                     \
		___r = (long long)fn(__VA_ARGS__);                             \
		check_val(#fn, __LINE__, ___r, errno, want);                   \
	} while (0)

#define BAD_VOID(fn, ...) fn(__VA_ARGS__)

/* cond calls fn and says whether the result is libbpf's */
#define BAD_EXPR(fn, cond)                                                     \
	do {                                                                   \
		errno = 0;                                                     \
		if (!(cond))                                                   \
			UNIT_FAIL("line %d: %s: %s does not hold", __LINE__,   \
				  #fn, #cond);                                 \
	} while (0)

#define NO_BAD_ARG(fn, why) ((void)(fn), (void)(why))

/* a value no enum of the UAPI uses */
#define BAD_ENUM 0x7fff

UNIT_TEST(bad_args_object)
{
	struct gen_loader_opts gen = { .sz = sizeof(gen) };

	NO_BAD_ARG(libbpf_major_version, "no argument");
	NO_BAD_ARG(libbpf_minor_version, "no argument");
	NO_BAD_ARG(libbpf_version_string, "no argument");
	NO_BAD_ARG(libbpf_num_possible_cpus, "no argument");
	NO_BAD_ARG(libbpf_set_memlock_rlim, "any size is a limit");
	NO_BAD_ARG(libbpf_set_print, "NULL is valid: no printing");
	BAD_EXPR(libbpf_set_strict_mode, libbpf_set_strict_mode(BAD_ENUM) == 0);
	BAD_EXPR(libbpf_get_error, (errno = ENOENT, libbpf_get_error(NULL) == -ENOENT));
	BAD_INT(libbpf_strerror, -EINVAL, -EPERM, NULL, 0);

	BAD_PTR(bpf_object__open, EINVAL, NULL);
	BAD_PTR(bpf_object__open_file, EINVAL, NULL, NULL);
	BAD_PTR(bpf_object__open_mem, EINVAL, NULL, 0, NULL);
	BAD_INT(bpf_object__load, -EINVAL, NULL);
	BAD_INT(bpf_object__token_fd, -EINVAL, NULL);
	BAD_INT(bpf_object__prepare, -EINVAL, NULL);
	/* libbpf checks the opts first: NULL opts is -EFAULT */
	BAD_INT(bpf_object__gen_loader, -EFAULT, NULL, NULL);
	BAD_INT(bpf_object__gen_loader, -EINVAL, NULL, &gen);
	BAD_INT(bpf_object__set_static_fallback, -EINVAL, NULL, true);
	BAD_VOID(bpf_object__close, NULL);
	/* libbpf: pinning without a (loaded) object is -ENOENT */
	BAD_INT(bpf_object__pin_maps, -ENOENT, NULL, "/x");
	BAD_INT(bpf_object__unpin_maps, -ENOENT, NULL, "/x");
	BAD_INT(bpf_object__pin_programs, -ENOENT, NULL, "/x");
	BAD_INT(bpf_object__unpin_programs, -ENOENT, NULL, "/x");
	BAD_INT(bpf_object__pin, -ENOENT, NULL, "/x");
	BAD_INT(bpf_object__unpin, -ENOENT, NULL, "/x");
	BAD_PTR(bpf_object__name, EINVAL, NULL);
	BAD_VAL(bpf_object__kversion, 0, NULL);
	BAD_INT(bpf_object__set_kversion, -EINVAL, NULL, 0);
	BAD_PTR(bpf_object__btf, EINVAL, NULL);
	BAD_INT(bpf_object__btf_fd, -EINVAL, NULL);
	BAD_PTR(bpf_object__find_program_by_name, EINVAL, NULL, "x");
	BAD_PTR(bpf_object__next_program, EINVAL, NULL, NULL);
	BAD_PTR(bpf_object__prev_program, EINVAL, NULL, NULL);
	BAD_PTR(bpf_object__find_map_by_name, EINVAL, NULL, "x");
	BAD_INT(bpf_object__find_map_fd_by_name, -EINVAL, NULL, "x");
	BAD_PTR(bpf_object__next_map, EINVAL, NULL, NULL);
	BAD_PTR(bpf_object__prev_map, EINVAL, NULL, NULL);

	BAD_INT(libbpf_prog_type_by_name, -EINVAL, NULL, NULL, NULL);
	BAD_INT(libbpf_attach_type_by_name, -EINVAL, NULL, NULL);
	BAD_INT(libbpf_find_vmlinux_btf_id, -EINVAL, NULL, 0);
	BAD_PTR(libbpf_bpf_attach_type_str, EINVAL, BAD_ENUM);
	BAD_PTR(libbpf_bpf_link_type_str, EINVAL, BAD_ENUM);
	BAD_PTR(libbpf_bpf_map_type_str, EINVAL, BAD_ENUM);
	BAD_PTR(libbpf_bpf_prog_type_str, EINVAL, BAD_ENUM);
}

UNIT_TEST(bad_args_skeleton)
{
	BAD_INT(bpf_object__open_skeleton, -EINVAL, NULL, NULL);
	BAD_INT(bpf_object__load_skeleton, -EINVAL, NULL);
	BAD_INT(bpf_object__attach_skeleton, -EINVAL, NULL);
	BAD_VOID(bpf_object__detach_skeleton, NULL);
	BAD_VOID(bpf_object__destroy_skeleton, NULL);
	BAD_INT(bpf_object__open_subskeleton, -EINVAL, NULL);
	BAD_VOID(bpf_object__destroy_subskeleton, NULL);
}

UNIT_TEST(bad_args_program)
{
	struct libbpf_prog_handler_opts small = { .sz = 1 };
	struct bpf_insn insn = {};

	BAD_VOID(bpf_program__set_ifindex, NULL, 1);
	BAD_PTR(bpf_program__name, EINVAL, NULL);
	BAD_PTR(bpf_program__section_name, EINVAL, NULL);
	BAD_VAL(bpf_program__autoload, false, NULL);
	BAD_INT(bpf_program__set_autoload, -EINVAL, NULL, true);
	BAD_VAL(bpf_program__autoattach, false, NULL);
	BAD_VOID(bpf_program__set_autoattach, NULL, true);
	BAD_PTR(bpf_program__insns, EINVAL, NULL);
	BAD_INT(bpf_program__set_insns, -EINVAL, NULL, &insn, 1);
	BAD_VAL(bpf_program__insn_cnt, 0, NULL);
	BAD_PTR(bpf_program__func_info, EINVAL, NULL);
	BAD_VAL(bpf_program__func_info_cnt, 0, NULL);
	BAD_PTR(bpf_program__line_info, EINVAL, NULL);
	BAD_VAL(bpf_program__line_info_cnt, 0, NULL);
	BAD_INT(bpf_program__fd, -EINVAL, NULL);
	BAD_INT(bpf_program__pin, -EINVAL, NULL, "/x");
	BAD_INT(bpf_program__unpin, -EINVAL, NULL, "/x");
	BAD_VOID(bpf_program__unload, NULL);
	BAD_VAL(bpf_program__type, BPF_PROG_TYPE_UNSPEC, NULL);
	BAD_VAL(bpf_program__get_type, BPF_PROG_TYPE_UNSPEC, NULL);
	BAD_INT(bpf_program__set_type, -EINVAL, NULL, BPF_PROG_TYPE_XDP);
	BAD_VAL(bpf_program__expected_attach_type, 0, NULL);
	BAD_VAL(bpf_program__get_expected_attach_type, 0, NULL);
	BAD_INT(bpf_program__set_expected_attach_type, -EINVAL, NULL, BPF_XDP);
	BAD_VAL(bpf_program__flags, 0, NULL);
	BAD_INT(bpf_program__set_flags, -EINVAL, NULL, 0);
	BAD_VAL(bpf_program__log_level, 0, NULL);
	BAD_INT(bpf_program__set_log_level, -EINVAL, NULL, 1);
	BAD_PTR(bpf_program__log_buf, EINVAL, NULL, NULL);
	BAD_INT(bpf_program__set_log_buf, -EINVAL, NULL, NULL, 0);
	BAD_INT(bpf_program__set_attach_target, -EINVAL, NULL, -1, "x");
	BAD_INT(bpf_program__assoc_struct_ops, -EINVAL, NULL, NULL, NULL);
	/* a NULL section is valid (a fallback handler): bad opts instead */
	BAD_INT(libbpf_register_prog_handler, -EINVAL, "x/", BPF_PROG_TYPE_KPROBE, 0, &small);
	BAD_INT(libbpf_unregister_prog_handler, -EINVAL, 0);
	BAD_INT(libbpf_unregister_prog_handler, -EINVAL, -1);

	BAD_VOID(bpf_prog_linfo__free, NULL);
	BAD_PTR(bpf_prog_linfo__new, EINVAL, NULL);
	BAD_PTR(bpf_prog_linfo__lfind_addr_func, EINVAL, NULL, 0, 0, 0);
	BAD_PTR(bpf_prog_linfo__lfind, EINVAL, NULL, 0, 0);
}

UNIT_TEST(bad_args_attach)
{
	BAD_PTR(bpf_link__open, EINVAL, NULL);
	BAD_INT(bpf_link__fd, -EINVAL, NULL);
	BAD_PTR(bpf_link__pin_path, EINVAL, NULL);
	BAD_INT(bpf_link__pin, -EINVAL, NULL, "/x");
	BAD_INT(bpf_link__unpin, -EINVAL, NULL);
	BAD_INT(bpf_link__update_program, -EINVAL, NULL, NULL);
	BAD_INT(bpf_link__update_map, -EINVAL, NULL, NULL);
	BAD_VOID(bpf_link__disconnect, NULL);
	BAD_INT(bpf_link__detach, -EINVAL, NULL);
	/* libbpf: destroying no link succeeds */
	BAD_EXPR(bpf_link__destroy, bpf_link__destroy(NULL) == 0);

	BAD_PTR(bpf_program__attach, EINVAL, NULL);
	BAD_PTR(bpf_program__attach_perf_event, EINVAL, NULL, -1);
	BAD_PTR(bpf_program__attach_perf_event_opts, EINVAL, NULL, -1, NULL);
	BAD_PTR(bpf_program__attach_kprobe, EINVAL, NULL, false, "x");
	BAD_PTR(bpf_program__attach_kprobe_opts, EINVAL, NULL, "x", NULL);
	BAD_PTR(bpf_program__attach_kprobe_multi_opts, EINVAL, NULL, "x", NULL);
	BAD_PTR(bpf_program__attach_ksyscall, EINVAL, NULL, "x", NULL);
	BAD_PTR(bpf_program__attach_uprobe, EINVAL, NULL, false, -1, "/x", 0);
	BAD_PTR(bpf_program__attach_uprobe_opts, EINVAL, NULL, -1, "/x", 0, NULL);
	BAD_PTR(bpf_program__attach_uprobe_multi, EINVAL, NULL, -1, "/x", "x", NULL);
	BAD_PTR(bpf_program__attach_usdt, EINVAL, NULL, -1, "/x", "x", "x", NULL);
	BAD_PTR(bpf_program__attach_tracepoint, EINVAL, NULL, "x", "x");
	BAD_PTR(bpf_program__attach_tracepoint_opts, EINVAL, NULL, "x", "x", NULL);
	BAD_PTR(bpf_program__attach_raw_tracepoint, EINVAL, NULL, "x");
	BAD_PTR(bpf_program__attach_raw_tracepoint_opts, EINVAL, NULL, "x", NULL);
	BAD_PTR(bpf_program__attach_trace, EINVAL, NULL);
	BAD_PTR(bpf_program__attach_trace_opts, EINVAL, NULL, NULL);
	BAD_PTR(bpf_program__attach_lsm, EINVAL, NULL);
	BAD_PTR(bpf_program__attach_iter, EINVAL, NULL, NULL);
	BAD_PTR(bpf_program__attach_cgroup, EINVAL, NULL, -1);
	BAD_PTR(bpf_program__attach_cgroup_opts, EINVAL, NULL, -1, NULL);
	BAD_PTR(bpf_program__attach_netns, EINVAL, NULL, -1);
	BAD_PTR(bpf_program__attach_sockmap, EINVAL, NULL, -1);
	BAD_PTR(bpf_program__attach_netfilter, EINVAL, NULL, NULL);
	BAD_PTR(bpf_program__attach_xdp, EINVAL, NULL, -1);
	BAD_PTR(bpf_program__attach_freplace, EINVAL, NULL, -1, "x");
	BAD_PTR(bpf_program__attach_tcx, EINVAL, NULL, -1, NULL);
	BAD_PTR(bpf_program__attach_netkit, EINVAL, NULL, -1, NULL);
	BAD_PTR(bpf_map__attach_struct_ops, EINVAL, NULL);
}

UNIT_TEST(bad_args_map)
{
	char buf[8] = {};

	BAD_INT(bpf_map__set_autocreate, -EINVAL, NULL, true);
	BAD_VAL(bpf_map__autocreate, false, NULL);
	BAD_INT(bpf_map__set_autoattach, -EINVAL, NULL, true);
	BAD_VAL(bpf_map__autoattach, false, NULL);
	BAD_INT(bpf_map__fd, -EINVAL, NULL);
	BAD_INT(bpf_map__reuse_fd, -EINVAL, NULL, -1);
	BAD_PTR(bpf_map__name, EINVAL, NULL);
	BAD_VAL(bpf_map__type, BPF_MAP_TYPE_UNSPEC, NULL);
	BAD_INT(bpf_map__set_type, -EINVAL, NULL, BPF_MAP_TYPE_ARRAY);
	BAD_VAL(bpf_map__max_entries, 0, NULL);
	BAD_INT(bpf_map__set_max_entries, -EINVAL, NULL, 1);
	BAD_VAL(bpf_map__map_flags, 0, NULL);
	BAD_INT(bpf_map__set_map_flags, -EINVAL, NULL, 0);
	BAD_VAL(bpf_map__numa_node, 0, NULL);
	BAD_INT(bpf_map__set_numa_node, -EINVAL, NULL, 0);
	BAD_VAL(bpf_map__key_size, 0, NULL);
	BAD_INT(bpf_map__set_key_size, -EINVAL, NULL, 4);
	BAD_VAL(bpf_map__value_size, 0, NULL);
	BAD_INT(bpf_map__set_value_size, -EINVAL, NULL, 4);
	BAD_VAL(bpf_map__btf_key_type_id, 0, NULL);
	BAD_VAL(bpf_map__btf_value_type_id, 0, NULL);
	BAD_VAL(bpf_map__ifindex, 0, NULL);
	BAD_INT(bpf_map__set_ifindex, -EINVAL, NULL, 1);
	BAD_VAL(bpf_map__map_extra, 0, NULL);
	BAD_INT(bpf_map__set_map_extra, -EINVAL, NULL, 0);
	BAD_INT(bpf_map__set_initial_value, -EINVAL, NULL, buf, sizeof(buf));
	BAD_PTR(bpf_map__initial_value, EINVAL, NULL, NULL);
	BAD_VAL(bpf_map__is_internal, false, NULL);
	BAD_INT(bpf_map__set_pin_path, -EINVAL, NULL, "/x");
	BAD_PTR(bpf_map__pin_path, EINVAL, NULL);
	BAD_PTR(bpf_map__get_pin_path, EINVAL, NULL);
	BAD_VAL(bpf_map__is_pinned, false, NULL);
	BAD_INT(bpf_map__pin, -EINVAL, NULL, "/x");
	BAD_INT(bpf_map__unpin, -EINVAL, NULL, "/x");
	BAD_INT(bpf_map__set_inner_map_fd, -EINVAL, NULL, -1);
	BAD_INT(bpf_map__set_exclusive_program, -EINVAL, NULL, NULL);
	BAD_PTR(bpf_map__exclusive_program, EINVAL, NULL);
	BAD_PTR(bpf_map__inner_map, EINVAL, NULL);
	BAD_INT(bpf_map__lookup_elem, -EINVAL, NULL, buf, 4, buf, 4, 0);
	BAD_INT(bpf_map__update_elem, -EINVAL, NULL, buf, 4, buf, 4, 0);
	BAD_INT(bpf_map__delete_elem, -EINVAL, NULL, buf, 4, 0);
	BAD_INT(bpf_map__lookup_and_delete_elem, -EINVAL, NULL, buf, 4, buf, 4, 0);
	BAD_INT(bpf_map__get_next_key, -EINVAL, NULL, NULL, buf, 4);
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

UNIT_TEST(bad_args_events)
{
	struct perf_event_attr attr = {};
	void *buf;
	size_t sz;

	/* the map fd goes to the kernel first, as in libbpf */
	BAD_PTR_SYS(ring_buffer__new, -1, ring_cb, NULL, NULL);
	BAD_VOID(ring_buffer__free, NULL);
	BAD_INT(ring_buffer__add, -EINVAL, NULL, -1, ring_cb, NULL);
	BAD_INT(ring_buffer__poll, -EINVAL, NULL, 0);
	BAD_INT(ring_buffer__consume, -EINVAL, NULL);
	BAD_INT(ring_buffer__consume_n, -EINVAL, NULL, 1);
	BAD_INT(ring_buffer__epoll_fd, -EINVAL, NULL);
	BAD_PTR(ring_buffer__ring, EINVAL, NULL, 0);
	BAD_VAL(ring__consumer_pos, 0, NULL);
	BAD_VAL(ring__producer_pos, 0, NULL);
	BAD_VAL(ring__avail_data_size, 0, NULL);
	BAD_VAL(ring__size, 0, NULL);
	BAD_INT(ring__map_fd, -EINVAL, NULL);
	BAD_INT(ring__consume, -EINVAL, NULL);
	BAD_INT(ring__consume_n, -EINVAL, NULL, 1);

	BAD_PTR_SYS(user_ring_buffer__new, -1, NULL);
	BAD_PTR(user_ring_buffer__reserve, EINVAL, NULL, 8);
	BAD_PTR(user_ring_buffer__reserve_blocking, EINVAL, NULL, 8, 0);
	BAD_VOID(user_ring_buffer__submit, NULL, NULL);
	BAD_VOID(user_ring_buffer__discard, NULL, NULL);
	BAD_VOID(user_ring_buffer__free, NULL);

	/* page_cnt must be a power of two, checked before the fd */
	BAD_PTR(perf_buffer__new, EINVAL, -1, 3, perf_cb, NULL, NULL, NULL);
	BAD_PTR_SYS(perf_buffer__new, -1, 8, perf_cb, NULL, NULL, NULL);
	/* the raw variant needs an attr and a callback */
	BAD_PTR(perf_buffer__new_raw, EINVAL, -1, 8, NULL, perf_raw_cb, NULL, NULL);
	BAD_PTR(perf_buffer__new_raw, EINVAL, -1, 8, &attr, NULL, NULL, NULL);
	BAD_VOID(perf_buffer__free, NULL);
	BAD_INT(perf_buffer__epoll_fd, -EINVAL, NULL);
	BAD_INT(perf_buffer__poll, -EINVAL, NULL, 0);
	BAD_INT(perf_buffer__consume, -EINVAL, NULL);
	BAD_INT(perf_buffer__consume_buffer, -EINVAL, NULL, 0);
	BAD_VAL(perf_buffer__buffer_cnt, 0, NULL);
	BAD_INT(perf_buffer__buffer_fd, -EINVAL, NULL, 0);
	BAD_INT(perf_buffer__buffer, -EINVAL, NULL, 0, &buf, &sz);
}

UNIT_TEST(bad_args_net)
{
	__u32 id;

	/* an ifindex must be positive */
	BAD_INT(bpf_xdp_attach, -EINVAL, -1, -1, 0, NULL);
	BAD_INT(bpf_xdp_detach, -EINVAL, -1, 0, NULL);
	BAD_INT(bpf_xdp_query, -EINVAL, -1, 0, NULL);
	BAD_INT(bpf_xdp_query_id, -EINVAL, -1, 0, &id);
	BAD_INT(bpf_xdp_query_id, -EINVAL, 1, 0, NULL);
	BAD_INT(bpf_tc_hook_create, -EINVAL, NULL);
	BAD_INT(bpf_tc_hook_destroy, -EINVAL, NULL);
	BAD_INT(bpf_tc_attach, -EINVAL, NULL, NULL);
	BAD_INT(bpf_tc_detach, -EINVAL, NULL, NULL);
	BAD_INT(bpf_tc_query, -EINVAL, NULL, NULL);
}

UNIT_TEST(bad_args_linker)
{
	BAD_PTR(bpf_linker__new, EINVAL, NULL, NULL);
	BAD_PTR(bpf_linker__new_fd, EINVAL, -1, NULL);
	BAD_INT(bpf_linker__add_file, -EINVAL, NULL, "/x", NULL);
	BAD_INT(bpf_linker__add_fd, -EINVAL, NULL, -1, NULL);
	BAD_INT(bpf_linker__add_buf, -EINVAL, NULL, NULL, 0, NULL);
	BAD_INT(bpf_linker__finalize, -EINVAL, NULL);
	BAD_VOID(bpf_linker__free, NULL);
}

UNIT_TEST(bad_args_syscall)
{
	char name[16], key[8] = {}, val[8] = {};
	__u32 cnt = 1, len = sizeof(name), id, u32;
	__u64 u64;
	int reserved = 0;

	/* opts of the probes is reserved and must be NULL */
	BAD_INT(libbpf_probe_bpf_prog_type, -EINVAL, BPF_PROG_TYPE_XDP, &reserved);
	BAD_INT(libbpf_probe_bpf_map_type, -EINVAL, BPF_MAP_TYPE_ARRAY, &reserved);
	BAD_INT(libbpf_probe_bpf_helper, -EINVAL, BPF_PROG_TYPE_XDP, 1, &reserved);

	BAD_SYS(bpf_map_create, BAD_ENUM, NULL, 4, 4, 1, NULL);
	BAD_INT(bpf_prog_load, -EINVAL, BPF_PROG_TYPE_XDP, NULL, "GPL", NULL, 0, NULL);
	BAD_INT(bpf_btf_load, -EINVAL, NULL, 0, NULL);
	BAD_SYS(bpf_map_update_elem, -1, key, val, 0);
	BAD_SYS(bpf_map_lookup_elem, -1, key, val);
	BAD_SYS(bpf_map_lookup_elem_flags, -1, key, val, 0);
	BAD_SYS(bpf_map_lookup_and_delete_elem, -1, key, val);
	BAD_SYS(bpf_map_lookup_and_delete_elem_flags, -1, key, val, 0);
	BAD_SYS(bpf_map_delete_elem, -1, key);
	BAD_SYS(bpf_map_delete_elem_flags, -1, key, 0);
	BAD_SYS(bpf_map_get_next_key, -1, NULL, key);
	BAD_SYS(bpf_map_freeze, -1);
	/* count is read before the call: NULL is -EINVAL */
	BAD_INT(bpf_map_delete_batch, -EINVAL, -1, key, NULL, NULL);
	BAD_INT(bpf_map_lookup_batch, -EINVAL, -1, NULL, key, key, val, NULL, NULL);
	BAD_INT(bpf_map_lookup_and_delete_batch, -EINVAL, -1, NULL, key, key, val, NULL, NULL);
	BAD_INT(bpf_map_update_batch, -EINVAL, -1, key, val, NULL, NULL);
	BAD_SYS(bpf_map_delete_batch, -1, key, &cnt, NULL);
	BAD_SYS(bpf_map_update_batch, -1, key, val, &cnt, NULL);
	BAD_SYS(bpf_obj_pin, -1, "/x");
	BAD_SYS(bpf_obj_pin_opts, -1, "/x", NULL);
	/* a NULL path is the kernel's -EFAULT, without a syscall */
	BAD_INT(bpf_obj_pin, -EFAULT, 0, NULL);
	BAD_INT(bpf_obj_get, -EFAULT, NULL);
	BAD_INT(bpf_obj_get_opts, -EFAULT, NULL, NULL);
	BAD_SYS(bpf_prog_attach, -1, -1, BPF_CGROUP_INET_INGRESS, 0);
	BAD_SYS(bpf_prog_detach, -1, BPF_CGROUP_INET_INGRESS);
	BAD_SYS(bpf_prog_detach2, -1, -1, BPF_CGROUP_INET_INGRESS);
	BAD_SYS(bpf_prog_attach_opts, -1, -1, BPF_CGROUP_INET_INGRESS, NULL);
	BAD_SYS(bpf_prog_detach_opts, -1, -1, BPF_CGROUP_INET_INGRESS, NULL);
	BAD_SYS(bpf_link_create, -1, -1, BPF_CGROUP_INET_INGRESS, NULL);
	BAD_SYS(bpf_link_detach, -1);
	BAD_SYS(bpf_link_update, -1, -1, NULL);
	BAD_SYS(bpf_iter_create, -1);
	BAD_SYS(bpf_prog_test_run_opts, -1, NULL);
	/* the next id is written through the pointer: NULL is -EINVAL */
	BAD_INT(bpf_prog_get_next_id, -EINVAL, 0, NULL);
	BAD_INT(bpf_map_get_next_id, -EINVAL, 0, NULL);
	BAD_INT(bpf_btf_get_next_id, -EINVAL, 0, NULL);
	BAD_INT(bpf_link_get_next_id, -EINVAL, 0, NULL);
	BAD_SYS(bpf_prog_get_fd_by_id, 0);
	BAD_SYS(bpf_prog_get_fd_by_id_opts, 0, NULL);
	BAD_SYS(bpf_map_get_fd_by_id, 0);
	BAD_SYS(bpf_map_get_fd_by_id_opts, 0, NULL);
	BAD_SYS(bpf_btf_get_fd_by_id, 0);
	BAD_SYS(bpf_btf_get_fd_by_id_opts, 0, NULL);
	BAD_SYS(bpf_link_get_fd_by_id, 0);
	BAD_SYS(bpf_link_get_fd_by_id_opts, 0, NULL);
	/* the info length is read before the call: NULL is -EINVAL */
	BAD_INT(bpf_obj_get_info_by_fd, -EINVAL, -1, name, NULL);
	BAD_INT(bpf_prog_get_info_by_fd, -EINVAL, -1, NULL, NULL);
	BAD_INT(bpf_map_get_info_by_fd, -EINVAL, -1, NULL, NULL);
	BAD_INT(bpf_btf_get_info_by_fd, -EINVAL, -1, NULL, NULL);
	BAD_INT(bpf_link_get_info_by_fd, -EINVAL, -1, NULL, NULL);
	BAD_SYS(bpf_obj_get_info_by_fd, -1, name, &len);
	BAD_SYS(bpf_prog_query_opts, -1, BPF_CGROUP_INET_INGRESS, NULL);
	BAD_INT(bpf_prog_query, -EINVAL, -1, BPF_CGROUP_INET_INGRESS, 0, NULL, &id, NULL);
	BAD_SYS(bpf_raw_tracepoint_open_opts, -1, NULL);
	BAD_SYS(bpf_raw_tracepoint_open, "x", -1);
	BAD_INT(bpf_task_fd_query, -EINVAL, getpid(), -1, 0, name, NULL, &u32, &u32, &u64, &u64);
	BAD_SYS(bpf_enable_stats, BAD_ENUM);
	BAD_SYS(bpf_prog_bind_map, -1, -1, NULL);
	BAD_SYS(bpf_prog_stream_read, -1, 1, name, sizeof(name), NULL);
	BAD_SYS(bpf_prog_assoc_struct_ops, -1, -1, NULL);
	BAD_SYS(bpf_token_create, -1, NULL);
}

UNIT_TEST(bad_args_btf)
{
	__u32 id_map[1] = {};
	__u32 sz;

	BAD_VOID(btf__free, NULL);
	BAD_PTR(btf__new, EINVAL, NULL, 0);
	BAD_PTR(btf__new_split, EINVAL, NULL, 0, NULL);
	NO_BAD_ARG(btf__new_empty, "no argument");
	NO_BAD_ARG(btf__new_empty_split, "a NULL base is btf__new_empty()");
	/* as libbpf: opening no path is -EFAULT */
	BAD_PTR(btf__parse, EFAULT, NULL, NULL);
	BAD_PTR(btf__parse_split, EFAULT, NULL, NULL);
	BAD_PTR(btf__parse_elf, EFAULT, NULL, NULL);
	BAD_PTR(btf__parse_elf_split, EFAULT, NULL, NULL);
	BAD_PTR(btf__parse_raw, EFAULT, NULL);
	BAD_PTR(btf__parse_raw_split, EFAULT, NULL, NULL);
	NO_BAD_ARG(btf__load_vmlinux_btf, "no argument");
	NO_BAD_ARG(libbpf_find_kernel_btf, "no argument");
	BAD_PTR(btf__load_module_btf, EINVAL, NULL, NULL);
	BAD_PTR_SYS(btf__load_from_kernel_by_id, 0);
	BAD_PTR_SYS(btf__load_from_kernel_by_id_split, 0, NULL);
	BAD_INT(btf__load_into_kernel, -EINVAL, NULL);
	BAD_INT(btf__find_by_name, -EINVAL, NULL, "x");
	BAD_INT(btf__find_by_name_kind, -EINVAL, NULL, "x", BTF_KIND_INT);
	BAD_VAL(btf__type_cnt, 0, NULL);
	BAD_PTR(btf__base_btf, EINVAL, NULL);
	BAD_PTR(btf__type_by_id, EINVAL, NULL, 1);
	BAD_VAL(btf__pointer_size, 0, NULL);
	BAD_INT(btf__set_pointer_size, -EINVAL, NULL, 8);
	BAD_VAL(btf__endianness, BTF_LITTLE_ENDIAN, NULL);
	BAD_INT(btf__set_endianness, -EINVAL, NULL, BTF_LITTLE_ENDIAN);
	BAD_INT(btf__resolve_size, -EINVAL, NULL, 1);
	BAD_INT(btf__resolve_type, -EINVAL, NULL, 1);
	BAD_INT(btf__align_of, -EINVAL, NULL, 1);
	BAD_INT(btf__fd, -EINVAL, NULL);
	BAD_VOID(btf__set_fd, NULL, -1);
	BAD_PTR(btf__raw_data, EINVAL, NULL, &sz);
	BAD_PTR(btf__get_raw_data, EINVAL, NULL, &sz);
	BAD_PTR(btf__name_by_offset, EINVAL, NULL, 0);
	BAD_PTR(btf__str_by_offset, EINVAL, NULL, 0);
	BAD_PTR(btf_ext__new, EINVAL, NULL, 0);
	BAD_VOID(btf_ext__free, NULL);
	BAD_PTR(btf_ext__raw_data, EINVAL, NULL, &sz);
	BAD_PTR(btf_ext__get_raw_data, EINVAL, NULL, &sz);
	BAD_VAL(btf_ext__endianness, BTF_LITTLE_ENDIAN, NULL);
	BAD_INT(btf_ext__set_endianness, -EINVAL, NULL, BTF_LITTLE_ENDIAN);
	BAD_INT(btf__find_str, -EINVAL, NULL, "x");
	BAD_INT(btf__add_str, -EINVAL, NULL, "x");
	BAD_INT(btf__add_type, -EINVAL, NULL, NULL, NULL);
	BAD_INT(btf__add_btf, -EINVAL, NULL, NULL);
	BAD_INT(btf__add_int, -EINVAL, NULL, "x", 4, 0);
	BAD_INT(btf__add_float, -EINVAL, NULL, "x", 4);
	BAD_INT(btf__add_ptr, -EINVAL, NULL, 0);
	BAD_INT(btf__add_array, -EINVAL, NULL, 1, 1, 1);
	BAD_INT(btf__add_struct, -EINVAL, NULL, "x", 4);
	BAD_INT(btf__add_union, -EINVAL, NULL, "x", 4);
	BAD_INT(btf__add_field, -EINVAL, NULL, "x", 1, 0, 0);
	BAD_INT(btf__add_enum, -EINVAL, NULL, "x", 4);
	BAD_INT(btf__add_enum_value, -EINVAL, NULL, "x", 0);
	BAD_INT(btf__add_enum64, -EINVAL, NULL, "x", 8, false);
	BAD_INT(btf__add_enum64_value, -EINVAL, NULL, "x", 0);
	BAD_INT(btf__add_fwd, -EINVAL, NULL, "x", BTF_FWD_STRUCT);
	BAD_INT(btf__add_typedef, -EINVAL, NULL, "x", 1);
	BAD_INT(btf__add_volatile, -EINVAL, NULL, 1);
	BAD_INT(btf__add_const, -EINVAL, NULL, 1);
	BAD_INT(btf__add_restrict, -EINVAL, NULL, 1);
	BAD_INT(btf__add_type_tag, -EINVAL, NULL, "x", 1);
	BAD_INT(btf__add_type_attr, -EINVAL, NULL, "x", 1);
	BAD_INT(btf__add_func, -EINVAL, NULL, "x", BTF_FUNC_GLOBAL, 1);
	BAD_INT(btf__add_func_proto, -EINVAL, NULL, 0);
	BAD_INT(btf__add_func_param, -EINVAL, NULL, "x", 1);
	BAD_INT(btf__add_var, -EINVAL, NULL, "x", BTF_VAR_GLOBAL_ALLOCATED, 1);
	BAD_INT(btf__add_datasec, -EINVAL, NULL, "x", 4);
	BAD_INT(btf__add_datasec_var_info, -EINVAL, NULL, 1, 0, 4);
	BAD_INT(btf__add_decl_tag, -EINVAL, NULL, "x", 1, -1);
	BAD_INT(btf__add_decl_attr, -EINVAL, NULL, "x", 1, -1);
	BAD_INT(btf__permute, -EINVAL, NULL, id_map, 1, NULL);
	BAD_INT(btf__distill_base, -EINVAL, NULL, NULL, NULL);
	BAD_INT(btf__relocate, -EINVAL, NULL, NULL);
	BAD_INT(btf__dedup, -EINVAL, NULL, NULL);
	BAD_PTR(btf_dump__new, EINVAL, NULL, NULL, NULL, NULL);
	BAD_VOID(btf_dump__free, NULL);
	BAD_INT(btf_dump__dump_type, -EINVAL, NULL, 1);
	BAD_INT(btf_dump__emit_type_decl, -EINVAL, NULL, 1, NULL);
	BAD_INT(btf_dump__dump_type_data, -EINVAL, NULL, 1, id_map, sizeof(id_map), NULL);
}

/*
 * The first argument valid, another one bad: a NULL name, path, buffer
 * or out pointer, an id or offset out of range. These are not needed for
 * the table's coverage; they check the argument checks behind the first.
 */
UNIT_TEST(bad_args_object_inside)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;
	char buf[8] = {};

	obj = bpf_object__open(unit_obj_path("test_skeleton.bpf.o"));
	if (!ASSERT_OK_PTR(obj, "open test_skeleton.bpf.o"))
		return;
	prog = bpf_object__next_program(obj, NULL);
	map = bpf_object__next_map(obj, NULL);
	if (!ASSERT_OK_PTR(prog, "a program") || !ASSERT_OK_PTR(map, "a map"))
		goto out;

	BAD_PTR(bpf_object__open_mem, EINVAL, buf, 0, NULL);
	BAD_PTR(bpf_object__find_program_by_name, EINVAL, obj, NULL);
	BAD_PTR(bpf_object__find_program_by_name, ENOENT, obj, "no_such_prog");
	BAD_PTR(bpf_object__find_map_by_name, EINVAL, obj, NULL);
	BAD_PTR(bpf_object__find_map_by_name, ENOENT, obj, "no_such_map");
	BAD_INT(bpf_object__find_map_fd_by_name, -EINVAL, obj, NULL);
	/* not loaded yet */
	BAD_INT(bpf_object__pin_maps, -ENOENT, obj, "/x");
	BAD_INT(bpf_object__pin_programs, -ENOENT, obj, "/x");

	BAD_INT(bpf_program__set_log_buf, -EINVAL, prog, NULL, 16);
	BAD_PTR(bpf_program__log_buf, EINVAL, prog, NULL);
	BAD_INT(bpf_program__set_insns, -EINVAL, prog, NULL, 1);
	BAD_INT(bpf_program__pin, -EINVAL, prog, NULL);
	BAD_INT(bpf_program__unpin, -EINVAL, prog, NULL);
	BAD_PTR(bpf_program__attach_perf_event, EINVAL, prog, -1);
	BAD_PTR(bpf_program__attach_kprobe, EINVAL, prog, false, NULL);
	BAD_PTR(bpf_program__attach_kprobe_multi_opts, EINVAL, prog, NULL, NULL);
	BAD_PTR(bpf_program__attach_ksyscall, EINVAL, prog, NULL, NULL);
	BAD_PTR(bpf_program__attach_uprobe_opts, EINVAL, prog, -1, NULL, 0, NULL);
	BAD_PTR(bpf_program__attach_uprobe_multi, EINVAL, prog, -1, NULL, "x", NULL);
	BAD_PTR(bpf_program__attach_usdt, EINVAL, prog, -1, NULL, "x", "x", NULL);
	BAD_PTR(bpf_program__attach_usdt, EINVAL, prog, -1, "/bin/sh", NULL, NULL, NULL);
	BAD_PTR(bpf_program__attach_tracepoint, EINVAL, prog, NULL, "x");
	BAD_PTR(bpf_program__attach_tracepoint, EINVAL, prog, "x", NULL);
	BAD_PTR(bpf_program__attach_raw_tracepoint, EINVAL, prog, NULL);
	BAD_PTR(bpf_program__attach_netfilter, EINVAL, prog, NULL);
	BAD_PTR(bpf_program__attach_freplace, EINVAL, prog, 1, NULL);
	BAD_PTR(bpf_program__attach_cgroup, EINVAL, prog, -1);
	BAD_PTR(bpf_program__attach_xdp, EINVAL, prog, -1);

	BAD_INT(bpf_map__set_initial_value, -EINVAL, map, NULL, 4);
	BAD_INT(bpf_map__pin, -EINVAL, map, NULL);
	BAD_INT(bpf_map__lookup_elem, -EINVAL, map, NULL, 4, NULL, 4, 0);
	BAD_INT(bpf_map__update_elem, -EINVAL, map, NULL, 4, NULL, 4, 0);
	BAD_INT(bpf_map__delete_elem, -EINVAL, map, NULL, 4, 0);
	BAD_INT(bpf_map__get_next_key, -EINVAL, map, NULL, NULL, 4);
	BAD_SYS(bpf_map__reuse_fd, map, -1);
	BAD_INT(bpf_map__set_inner_map_fd, -EINVAL, map, -1);
	BAD_INT(bpf_map__set_exclusive_program, -EINVAL, map, NULL);
	BAD_PTR(bpf_map__attach_struct_ops, EINVAL, map);
out:
	bpf_object__close(obj);
}

static void dump_printf(void *ctx, const char *fmt, va_list args)
{
}

UNIT_TEST(bad_args_btf_inside)
{
	struct btf_dump *d = NULL;
	struct btf *btf;
	__u32 sz;

	btf = btf__new_empty();
	if (!ASSERT_OK_PTR(btf, "btf__new_empty"))
		return;
	if (!ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 1, "int"))
		goto out;

	BAD_PTR(btf__new, EINVAL, &sz, 0);
	BAD_PTR(btf_ext__new, EINVAL, (const __u8 *)&sz, 0);
	BAD_PTR(btf__type_by_id, EINVAL, btf, 1000);
	BAD_PTR(btf__name_by_offset, EINVAL, btf, 1 << 30);
	BAD_PTR(btf__str_by_offset, EINVAL, btf, 1 << 30);
	BAD_INT(btf__find_by_name, -EINVAL, btf, NULL);
	BAD_INT(btf__find_by_name_kind, -EINVAL, btf, NULL, BTF_KIND_INT);
	BAD_INT(btf__find_by_name, -ENOENT, btf, "no_such_type");
	BAD_INT(btf__resolve_size, -EINVAL, btf, 1000);
	BAD_INT(btf__resolve_type, -EINVAL, btf, 1000);
	BAD_INT(btf__align_of, -EINVAL, btf, 1000);
	BAD_PTR(btf__raw_data, EINVAL, btf, NULL);
	BAD_INT(btf__add_type, -EINVAL, btf, NULL, NULL);
	BAD_INT(btf__add_btf, -EINVAL, btf, NULL);
	BAD_INT(btf__add_field, -EINVAL, btf, "x", 1, 0, 0);
	BAD_INT(btf__add_enum_value, -EINVAL, btf, "x", 0);
	BAD_INT(btf__add_func_param, -EINVAL, btf, "x", 1);
	BAD_INT(btf__add_datasec_var_info, -EINVAL, btf, 1, 0, 4);
	BAD_INT(btf__add_ptr, -EINVAL, btf, -1);
	BAD_INT(btf__add_str, -EINVAL, btf, NULL);
	BAD_INT(btf__find_str, -EINVAL, btf, NULL);
	BAD_INT(btf__distill_base, -EINVAL, btf, NULL, NULL);
	BAD_INT(btf__relocate, -EINVAL, btf, NULL);
	BAD_INT(btf__permute, -EINVAL, btf, NULL, 1, NULL);
	BAD_INT(btf__set_endianness, -EINVAL, btf, 99);
	BAD_INT(btf__set_pointer_size, -EINVAL, btf, 3);
	BAD_PTR(btf_dump__new, EINVAL, btf, NULL, NULL, NULL);
	d = btf_dump__new(btf, dump_printf, NULL, NULL);
	if (!ASSERT_OK_PTR(d, "btf_dump__new"))
		goto out;
	BAD_INT(btf_dump__dump_type, -EINVAL, d, 1000);
	BAD_INT(btf_dump__emit_type_decl, -EINVAL, d, 1000, NULL);
	BAD_INT(btf_dump__dump_type_data, -EINVAL, d, 1, NULL, 4, NULL);
	BAD_INT(btf_dump__dump_type_data, -EINVAL, d, 1000, &sz, sizeof(sz), NULL);
out:
	btf_dump__free(d);
	btf__free(btf);
}

UNIT_TEST(bad_args_misc_inside)
{
	enum bpf_attach_type attach;
	enum bpf_prog_type type;
	struct bpf_linker *linker;
	char buf[8];
	int fd;

	BAD_INT(libbpf_strerror, -EINVAL, -EPERM, buf, 0);
	BAD_INT(libbpf_prog_type_by_name, -EINVAL, "xdp", NULL, &attach);
	BAD_INT(libbpf_prog_type_by_name, -EINVAL, "xdp", &type, NULL);
	BAD_INT(libbpf_prog_type_by_name, -ESRCH, "no_such_section", &type, &attach);
	BAD_INT(libbpf_attach_type_by_name, -EINVAL, "xdp", NULL);
	BAD_PTR(btf__load_module_btf, EINVAL, "../x", NULL);

	fd = memfd_create("bad_args", MFD_CLOEXEC);
	if (!ASSERT_TRUE(fd >= 0, "memfd_create"))
		return;
	linker = bpf_linker__new_fd(fd, NULL);
	if (ASSERT_OK_PTR(linker, "bpf_linker__new_fd")) {
		BAD_INT(bpf_linker__add_file, -EINVAL, linker, NULL, NULL);
		BAD_INT(bpf_linker__add_fd, -EINVAL, linker, -1, NULL);
		BAD_INT(bpf_linker__add_buf, -EINVAL, linker, NULL, 16, NULL);
		BAD_INT(bpf_linker__add_buf, -EINVAL, linker, buf, 0, NULL);
		bpf_linker__free(linker);
	}
	close(fd);
}
