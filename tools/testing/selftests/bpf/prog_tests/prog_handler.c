// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Custom SEC() handlers: libbpf_register_prog_handler() for "abc" (a raw
 * tracepoint, auto-attached by its attach callback to sys_enter), "xyz/"
 * (setup turns autoload off), "custom+" (prepare_load sees each load) and
 * a NULL fallback (socket filters), on progs/test_custom_sec.c. Checks the
 * types they select, that each callback runs where libbpf runs it, that
 * the attach callback's link counts getpgid calls, and that after
 * unregistering the sections are unknown again.
 */
#include <sys/syscall.h>
#include "test_progs.h"

#define OBJ "test_custom_sec.bpf.o"

enum { COOKIE_ABC = 1, COOKIE_XYZ, COOKIE_CUSTOM, COOKIE_FALLBACK };

static int setup_calls, prepare_calls;

static int setup_cb(struct bpf_program *prog, long cookie)
{
	setup_calls++;
	if (cookie == COOKIE_XYZ)
		return bpf_program__set_autoload(prog, false);
	return 0;
}

static int prepare_cb(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	if (cookie == COOKIE_CUSTOM && opts->expected_attach_type == 0)
		prepare_calls++;
	return 0;
}

static int attach_cb(const struct bpf_program *prog, long cookie, struct bpf_link **link)
{
	if (cookie != COOKIE_ABC) {
		*link = NULL;	/* no auto-attach */
		return 0;
	}
	*link = bpf_program__attach_raw_tracepoint(prog, "sys_enter");
	return *link ? 0 : -errno;
}

static struct bpf_program *prog_of(struct bpf_object *obj, const char *name)
{
	return bpf_object__find_program_by_name(obj, name);
}

void test_prog_handler(void)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, abc, .cookie = COOKIE_ABC,
		    .prog_setup_fn = setup_cb, .prog_attach_fn = attach_cb);
	LIBBPF_OPTS(libbpf_prog_handler_opts, xyz, .cookie = COOKIE_XYZ,
		    .prog_setup_fn = setup_cb);
	LIBBPF_OPTS(libbpf_prog_handler_opts, custom, .cookie = COOKIE_CUSTOM,
		    .prog_prepare_load_fn = prepare_cb, .prog_attach_fn = attach_cb);
	LIBBPF_OPTS(libbpf_prog_handler_opts, fallback, .cookie = COOKIE_FALLBACK);
	int ids[4] = {}, i, fds = count_open_fds(), pid = getpid();
	enum bpf_attach_type at;
	enum bpf_prog_type pt;
	struct bpf_object *obj = NULL;
	struct bpf_link *link;
	__u64 n;

	ids[0] = libbpf_register_prog_handler("abc", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, &abc);
	ids[1] = libbpf_register_prog_handler("xyz/", BPF_PROG_TYPE_SOCKET_FILTER, 0, &xyz);
	ids[2] = libbpf_register_prog_handler("custom+", BPF_PROG_TYPE_SOCKET_FILTER, 0, &custom);
	ids[3] = libbpf_register_prog_handler(NULL, BPF_PROG_TYPE_SOCKET_FILTER, 0, &fallback);
	for (i = 0; i < 4; i++)
		if (!ASSERT_GT(ids[i], 0, "register"))
			goto out;
	ASSERT_EQ(libbpf_register_prog_handler("abc", BPF_PROG_TYPE_XDP, 0, NULL), -EBUSY,
		  "a second handler for abc");
	ASSERT_EQ(libbpf_register_prog_handler("", BPF_PROG_TYPE_XDP, 0, NULL), -EINVAL,
		  "empty section name");
	ASSERT_OK(libbpf_prog_type_by_name("custom/x", &pt, &at), "custom/x known");
	ASSERT_EQ(pt, BPF_PROG_TYPE_SOCKET_FILTER, "custom/x type");
	/* "abc" matches SEC("abc") only: "abc/x" is the fallback's */
	ASSERT_OK(libbpf_prog_type_by_name("abc/x", &pt, &at), "abc/x");
	ASSERT_EQ(pt, BPF_PROG_TYPE_SOCKET_FILTER, "abc/x goes to the fallback");
	ASSERT_OK(libbpf_prog_type_by_name("kprobe/f", &pt, &at), "built-ins still there");
	ASSERT_EQ(pt, BPF_PROG_TYPE_KPROBE, "kprobe before the fallback");

	obj = bpf_object__open_file(OBJ, NULL);
	if (!ASSERT_OK_PTR(obj, "open " OBJ))
		goto out;
	ASSERT_EQ(setup_calls, 2, "setup ran for abc and xyz");
	ASSERT_EQ(bpf_program__type(prog_of(obj, "abc_prog")), BPF_PROG_TYPE_RAW_TRACEPOINT,
		  "abc type");
	ASSERT_FALSE(bpf_program__autoload(prog_of(obj, "xyz_prog")), "xyz autoload off by setup");
	ASSERT_EQ(bpf_program__type(prog_of(obj, "fallback_prog")), BPF_PROG_TYPE_SOCKET_FILTER,
		  "fallback type");
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	ASSERT_EQ(prepare_calls, 2, "prepare_load ran for custom and custom/with_target");
	ASSERT_LT(bpf_program__fd(prog_of(obj, "xyz_prog")), 0, "xyz not loaded");
	ASSERT_OK(global_var_write(obj, ".bss", "my_tgid", &pid, sizeof(pid)), "my_tgid");

	link = bpf_program__attach(prog_of(obj, "abc_prog"));
	if (ASSERT_OK_PTR(link, "attach through the handler")) {
		n = bss_u64(obj, "abc_cnt");
		syscall(SYS_getpgid, 0);
		syscall(SYS_getpgid, 0);
		ASSERT_EQ(bss_u64(obj, "abc_cnt"), n + 2, "counted");
		bpf_link__destroy(link);
	}
	ASSERT_ERR_PTR(bpf_program__attach(prog_of(obj, "custom_plain")), "no auto-attach");
	ASSERT_EQ(errno, EOPNOTSUPP, "EOPNOTSUPP");
	ASSERT_ERR_PTR(bpf_program__attach(prog_of(obj, "fallback_prog")), "fallback: no attach");
out:
	bpf_object__close(obj);
	for (i = 0; i < 4; i++)
		if (ids[i] > 0)
			ASSERT_OK(libbpf_unregister_prog_handler(ids[i]), "unregister");
	ASSERT_EQ(libbpf_unregister_prog_handler(ids[0]), -ENOENT, "unregister twice");
	ASSERT_ERR(libbpf_prog_type_by_name("custom/x", &pt, &at), "custom/x unknown again");
	obj = bpf_object__open_file(OBJ, NULL);
	if (ASSERT_OK_PTR(obj, "open without handlers"))
		ASSERT_EQ(bpf_program__type(prog_of(obj, "abc_prog")), BPF_PROG_TYPE_UNSPEC,
			  "abc unknown again");
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}
