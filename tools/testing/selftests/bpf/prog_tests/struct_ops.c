// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * struct_ops maps, with TCP congestion controls written in BPF:
 *
 * - plain: test_struct_ops.bpf.o's SEC(".struct_ops") map loads (its
 *   programs get the kernel's tcp_congestion_ops as attach target and
 *   their member's index as expected attach type; the unused callback is
 *   not loaded), bpf_map__attach_struct_ops() registers "bpf_objtest",
 *   a TCP connection runs with it, destroying the link unregisters it;
 * - link: test_struct_ops_link.bpf.o's SEC(".struct_ops.link") maps
 *   (6.4+) attach through a BPF link, bpf_link__update_map() switches the
 *   registered algorithm to the other map, and each map's init callback
 *   counts the connections it served.
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include "test_progs.h"

#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

/*
 * A loopback TCP connection whose client uses congestion control @cc,
 * with some data through it. 0, or -errno of the first step that failed.
 */
static int connect_with_cc(const char *cc)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int srv = -1, cli = -1, acc = -1, err = 0;
	socklen_t len = sizeof(sa);
	char buf[16384] = {}, got[32] = {};

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (srv < 0 || cli < 0 || bind(srv, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(srv, 1) || getsockname(srv, (struct sockaddr *)&sa, &len))
		goto fail;
	if (setsockopt(cli, IPPROTO_TCP, TCP_CONGESTION, cc, strlen(cc)))
		goto fail;
	if (connect(cli, (struct sockaddr *)&sa, sizeof(sa)))
		goto fail;
	acc = accept(srv, NULL, NULL);
	if (acc < 0 || send(cli, buf, sizeof(buf), 0) != sizeof(buf) ||
	    recv(acc, buf, sizeof(buf), MSG_WAITALL) != sizeof(buf))
		goto fail;
	len = sizeof(got) - 1;
	if (getsockopt(cli, IPPROTO_TCP, TCP_CONGESTION, got, &len))
		goto fail;
	if (strcmp(got, cc))
		err = -EINVAL;
	goto out;
fail:
	err = -errno;
out:
	if (acc >= 0)
		close(acc);
	if (cli >= 0)
		close(cli);
	if (srv >= 0)
		close(srv);
	return err;
}

/* index of member @name of the kernel's struct tcp_congestion_ops */
static int kernel_member_index(const char *name)
{
	const struct btf *btf = vmlinux_btf();
	const struct btf_type *t;
	const struct btf_member *m;
	int id, i;

	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, "tcp_congestion_ops", BTF_KIND_STRUCT);
	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, id);
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), name))
			return i;
	return -1;
}

/* open and load @file; false (skipped) where the kernel refuses struct_ops */
static bool load_or_skip(const char *file, struct bpf_object **pobj)
{
	struct bpf_object *obj;
	int err;

	*pobj = NULL;
	obj = bpf_object__open_file(file, NULL);
	if (!ASSERT_OK_PTR(obj, file))
		return false;
	err = bpf_object__load(obj);
	if (err == -EPERM || err == -ENOTSUPP || err == -EOPNOTSUPP) {
		test__skip("kernel refuses struct_ops programs (%d)", err);
		bpf_object__close(obj);
		return false;
	}
	*pobj = obj;
	if (!ASSERT_OK(err, "load"))
		return false;
	return true;
}

static void plain_map(void)
{
	struct bpf_program *ssthresh, *unused;
	struct bpf_object *obj = NULL;
	struct bpf_link *link;
	struct bpf_map *map;
	int fds = count_open_fds();

	if (!require(kernel_member_index("ssthresh") >= 0, "no tcp_congestion_ops in kernel BTF"))
		return;
	if (!load_or_skip("test_struct_ops.bpf.o", &obj))
		goto out;
	ssthresh = bpf_object__find_program_by_name(obj, "objtest_ssthresh");
	unused = bpf_object__find_program_by_name(obj, "objtest_unused");
	map = bpf_object__find_map_by_name(obj, "objtest_reno");
	if (!ASSERT_OK_PTR(ssthresh, "objtest_ssthresh") ||
	    !ASSERT_OK_PTR(unused, "objtest_unused") || !ASSERT_OK_PTR(map, "objtest_reno"))
		goto out;
	ASSERT_EQ(bpf_map__type(map), BPF_MAP_TYPE_STRUCT_OPS, "map type");
	ASSERT_TRUE(bpf_map__autoattach(map), "autoattach by default");
	ASSERT_EQ((int)bpf_program__expected_attach_type(ssthresh),
		  kernel_member_index("ssthresh"), "attach type is the kernel member index");
	ASSERT_OK_FD(bpf_program__fd(ssthresh), "callback loaded");
	ASSERT_LT(bpf_program__fd(unused), 0, "unused callback not loaded");

	ASSERT_FALSE(cc_available("bpf_objtest"), "not registered before attach");
	ASSERT_EQ(connect_with_cc("bpf_objtest"), -ENOENT, "unknown before attach");
	link = bpf_map__attach_struct_ops(map);
	if (!ASSERT_OK_PTR(link, "bpf_map__attach_struct_ops"))
		goto out;
	ASSERT_TRUE(cc_available("bpf_objtest"), "registered");
	ASSERT_OK(connect_with_cc("bpf_objtest"), "TCP with the BPF congestion control");
	ASSERT_ERR_PTR(bpf_map__attach_struct_ops(map), "second registration");
	ASSERT_OK(bpf_link__destroy(link), "destroy");
	ASSERT_FALSE(cc_available("bpf_objtest"), "unregistered by destroy");
out:
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

static __u64 inits(struct bpf_object *obj, const char *name)
{
	return bss_u64(obj, name);
}

static void link_maps(void)
{
	struct bpf_object *obj = NULL;
	struct bpf_map *a, *b, *bss;
	struct bpf_link *link;
	int fds = count_open_fds();

	if (!require(kernel_member_index("ssthresh") >= 0, "no tcp_congestion_ops in kernel BTF"))
		return;
	if (!kernel_at_least(6, 4)) {
		/* the map flag is refused; libbpf fails the same way */
		obj = bpf_object__open_file("test_struct_ops_link.bpf.o", NULL);
		if (ASSERT_OK_PTR(obj, "open"))
			ASSERT_ERR(bpf_object__load(obj), "no struct_ops links before 6.4");
		test__skip("struct_ops links need 6.4");
		goto out;
	}
	if (!load_or_skip("test_struct_ops_link.bpf.o", &obj))
		goto out;
	a = bpf_object__find_map_by_name(obj, "ca_a");
	b = bpf_object__find_map_by_name(obj, "ca_b");
	bss = bpf_object__find_map_by_name(obj, ".bss");
	if (!ASSERT_OK_PTR(a, "ca_a") || !ASSERT_OK_PTR(b, "ca_b") || !ASSERT_OK_PTR(bss, ".bss"))
		goto out;
	ASSERT_FALSE(cc_available("bpf_objtest_l"), "not registered at load");
	ASSERT_ERR(bpf_map__set_autoattach(bss, false), "autoattach of a non-struct_ops map");
	ASSERT_ERR_PTR(bpf_map__attach_struct_ops(bss), "attach of a non-struct_ops map");

	link = bpf_map__attach_struct_ops(a);
	if (!ASSERT_OK_PTR(link, "attach ca_a"))
		goto out;
	ASSERT_OK_FD(bpf_link__fd(link), "a BPF link");
	ASSERT_TRUE(cc_available("bpf_objtest_l"), "registered through the link");
	ASSERT_OK(connect_with_cc("bpf_objtest_l"), "TCP with ca_a");
	ASSERT_GE(inits(obj, "a_inits"), 1, "ca_a initialized the socket");
	ASSERT_EQ(inits(obj, "b_inits"), 0, "ca_b not yet");

	if (ASSERT_OK(bpf_link__update_map(link, b), "bpf_link__update_map")) {
		__u64 n = inits(obj, "a_inits");

		ASSERT_OK(connect_with_cc("bpf_objtest_l"), "TCP with ca_b");
		ASSERT_GE(inits(obj, "b_inits"), 1, "ca_b initialized the socket");
		ASSERT_EQ(inits(obj, "a_inits"), n, "ca_a no more");
	}
	ASSERT_ERR(bpf_link__update_map(link, bss), "update to a non-struct_ops map");
	bpf_link__destroy(link);
	ASSERT_FALSE(cc_available("bpf_objtest_l"), "unregistered by destroy");
out:
	bpf_object__close(obj);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
}

void test_struct_ops(void)
{
	if (test__start_subtest("plain"))
		plain_map();
	if (test__start_subtest("link"))
		link_maps();
}
