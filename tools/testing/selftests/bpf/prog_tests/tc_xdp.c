// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tc and XDP attachment over netlink (bpf_xdp_*, bpf_tc_*), with the
 * counting programs of progs/test_tc_xdp.c, on a veth pair veth0/veth1
 * that each subtest creates in a private network namespace:
 *
 *   veth0 --(AF_PACKET frames, ethertype 0x88b5)--> veth1
 *   tc egress on veth0             XDP (generic) and tc ingress on veth1
 *
 * The frames are read back by a packet socket bound to 0x88b5 on veth1:
 * the kernel hands a frame to it after generic XDP and tc ingress ran
 * on it, so once all of them arrived the counters are final (they are
 * still polled for up to a second), and "nothing more was counted" is a
 * real observation, not a timeout.
 *
 *   - xdp: generic attach, query (attach mode, ids per mode, query_id),
 *     counting, UPDATE_IF_NOEXIST against an attached program (EBUSY),
 *     REPLACE with the wrong expected program (EEXIST) and the right one,
 *     detach, nothing attached and nothing counted after;
 *   - tc: clsact hook create (twice: EEXIST), attach with a handle and
 *     priority (the ids filled in), query, counting, attach again
 *     without REPLACE (EEXIST) and with it, egress with the kernel
 *     choosing handle and priority, detach and query of a missing filter
 *     (ENOENT), argument checks (EINVAL), hook destroy of one side
 *     (filters flushed, qdisc kept) and of both (qdisc gone);
 *   - query: bpf_xdp_query's feature flags (6.3+: veth has basic XDP,
 *     lo nothing; before, no netdev family: 0) and zero-copy segments;
 *   - xdp_fallback, tc_fallback: on kernels that read arg:ctx
 *     themselves, xdp and tc again with the library's __arg_ctx rewrite
 *     forced on, so the rewritten programs are seen running too.
 *
 * Kernels without veth (RTM_NEWLINK: EOPNOTSUPP) skip.
 */
#include <poll.h>
#include <time.h>
#include <sys/socket.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include "test_progs.h"
#include <bpf/libbpf_internal.h>

#define OBJ_FILE "test_tc_xdp.bpf.o"
#define ETH_P_TEST 0x88b5
#define FRAME_LEN 60
#define FRAMES 8
#define NETDEV_XDP_ACT_BASIC_ (1ULL << 0)	/* <linux/netdev.h>, 6.3+ */

struct fixture {
	struct bpf_object *obj;
	int ns;			/* the namespace to go back to, or -1 */
	int if0, if1;		/* veth0, veth1 */
	int tx, rx;		/* packet sockets on veth0 and veth1 */
	int fds;
};

/* ---- setup: the object, the namespace, the veth pair, the sockets ---------- */

/* protocol 0: sends only, receives nothing */
static int open_tx(void)
{
	return socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
}

/* a socket receiving the test frames that reach @ifindex */
static int open_rx(int ifindex)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_TEST),
		.sll_ifindex = ifindex,
	};
	int s;

	s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_TEST));
	if (s < 0)
		return -errno;
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll))) {
		int err = -errno;

		close(s);
		return err;
	}
	return s;
}

static void teardown(struct fixture *f)
{
	if (f->tx >= 0)
		close(f->tx);
	if (f->rx >= 0)
		close(f->rx);
	if (f->ns >= 0)
		leave_netns(f->ns);
	bpf_object__close(f->obj);
	ASSERT_EQ(count_open_fds(), f->fds, "no fd left behind");
}

/*
 * Load the object (with the __arg_ctx rewrite forced on if @fallback),
 * enter a private namespace with veth0/veth1 up and the two sockets.
 * false after a failed assertion or a skip; teardown() in every case.
 */
static bool setup(struct fixture *f, bool fallback)
{
	int err;

	memset(f, 0, sizeof(*f));
	f->ns = f->tx = f->rx = -1;
	f->fds = count_open_fds();
	if (fallback && !force_arg_ctx_fallback())
		return false;
	f->obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(f->obj, "open " OBJ_FILE)) {
		f->obj = NULL;
		if (fallback)
			restore_kern_features();
		return false;
	}
	err = bpf_object__load(f->obj);
	if (fallback)
		restore_kern_features();
	if (!ASSERT_OK(err, "load " OBJ_FILE))
		return false;

	f->ns = enter_private_netns();
	if (!ASSERT_OK_FD(f->ns, "private netns"))
		return false;
	err = veth_pair_create("veth0", "veth1");
	if (err == -EOPNOTSUPP) {
		test__skip("no veth driver in this kernel (CONFIG_VETH)");
		return false;
	}
	if (!ASSERT_OK(err, "veth pair veth0/veth1") ||
	    !ASSERT_OK(link_set_up("veth0"), "veth0 up") ||
	    !ASSERT_OK(link_set_up("veth1"), "veth1 up"))
		return false;
	f->if0 = if_nametoindex("veth0");
	f->if1 = if_nametoindex("veth1");
	if (!ASSERT_GT(f->if0, 0, "veth0 ifindex") || !ASSERT_GT(f->if1, 0, "veth1 ifindex"))
		return false;
	f->tx = open_tx();
	if (!ASSERT_OK_FD(f->tx, "AF_PACKET socket on veth0"))
		return false;
	f->rx = open_rx(f->if1);
	if (!ASSERT_OK_FD(f->rx, "AF_PACKET socket on veth1"))
		return false;
	return true;
}

static int prog_fd(struct fixture *f, const char *name)
{
	int fd = prog_fd_by_name(f->obj, name);

	ASSERT_OK_FD(fd, name);
	return fd;
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_prog_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* ---- traffic ---------------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* @n broadcast frames of ethertype ETH_P_TEST out of veth0; how many went */
static int send_frames(struct fixture *f, int n)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_TEST),
		.sll_ifindex = f->if0,
		.sll_halen = ETH_ALEN,
		.sll_addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	unsigned char frame[FRAME_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* broadcast */
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01,	/* a local unicast source */
		ETH_P_TEST >> 8, ETH_P_TEST & 0xff,
	};
	int i, sent = 0;

	for (i = 0; i < n; i++) {
		frame[14] = i;
		if (sendto(f->tx, frame, sizeof(frame), 0, (struct sockaddr *)&sll,
			   sizeof(sll)) == sizeof(frame))
			sent++;
	}
	return sent;
}

/* test frames read on veth1 within a second, up to @n */
static int recv_frames(struct fixture *f, int n)
{
	long long end = now_ms() + 1000;
	unsigned char buf[256];
	struct pollfd pfd = { .fd = f->rx, .events = POLLIN };
	int got = 0;
	ssize_t len;

	while (got < n && now_ms() < end) {
		len = recv(f->rx, buf, sizeof(buf), 0);
		if (len < 0) {
			if (errno != EAGAIN && errno != EINTR)
				break;
			poll(&pfd, 1, 10);
			continue;
		}
		if (len >= 14 && buf[12] == ETH_P_TEST >> 8 && buf[13] == (ETH_P_TEST & 0xff))
			got++;
	}
	return got;
}

/* @n frames veth0 -> veth1, all of them seen arriving */
static bool traffic(struct fixture *f, int n)
{
	return ASSERT_EQ(send_frames(f, n), n, "frames sent on veth0") &&
	       ASSERT_EQ(recv_frames(f, n), n, "frames received on veth1");
}

/* counter @name of .bss once it is @want, or its value after a second */
static __u64 counter(struct fixture *f, const char *name, __u64 want)
{
	long long end = now_ms() + 1000;
	__u64 v;

	for (;;) {
		v = bss_u64(f->obj, name);
		if (v == want || now_ms() >= end)
			return v;
		usleep(10000);
	}
}

#define ASSERT_COUNT(f, name, want, what) \
	ASSERT_EQ(counter(f, name, want), (__u64)(want), what)

/* ---- XDP ---------------------------------------------------------------------- */

static void check_xdp_query(struct fixture *f, __u32 id, const char *what)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	__u32 qid = 0xbad;
	char name[128];

	snprintf(name, sizeof(name), "bpf_xdp_query %s", what);
	if (!ASSERT_OK(bpf_xdp_query(f->if1, 0, &q), name))
		return;
	ASSERT_EQ(q.attach_mode, id ? XDP_ATTACHED_SKB : XDP_ATTACHED_NONE, "attach_mode");
	ASSERT_EQ(q.prog_id, id, "prog_id");
	ASSERT_EQ(q.skb_prog_id, id, "skb_prog_id");
	ASSERT_EQ(q.drv_prog_id, 0, "drv_prog_id");
	ASSERT_EQ(q.hw_prog_id, 0, "hw_prog_id");

	if (ASSERT_OK(bpf_xdp_query_id(f->if1, XDP_FLAGS_SKB_MODE, &qid), "query_id skb"))
		ASSERT_EQ(qid, id, "query_id skb mode");
	qid = 0xbad;
	if (ASSERT_OK(bpf_xdp_query_id(f->if1, 0, &qid), "query_id"))
		ASSERT_EQ(qid, id, "query_id, one mode attached");
	qid = 0xbad;
	if (ASSERT_OK(bpf_xdp_query_id(f->if1, XDP_FLAGS_DRV_MODE, &qid), "query_id drv"))
		ASSERT_EQ(qid, 0, "query_id drv mode: nothing there");
}

static void xdp(bool fallback)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, aopts);
	__u32 id1, id2, qid = 0;
	struct fixture f;
	int fd1, fd2, err;

	if (!setup(&f, fallback))
		goto out;
	fd1 = prog_fd(&f, "xdp_cnt");
	fd2 = prog_fd(&f, "xdp_cnt2");
	id1 = prog_id(fd1);
	id2 = prog_id(fd2);
	if (!ASSERT_NEQ(id1, 0, "xdp_cnt id") || !ASSERT_NEQ(id2, 0, "xdp_cnt2 id"))
		goto out;

	check_xdp_query(&f, 0, "before attach");
	err = bpf_xdp_attach(f.if1, fd1, XDP_FLAGS_SKB_MODE, NULL);
	if (!ASSERT_OK(err, "bpf_xdp_attach generic"))
		goto out;
	check_xdp_query(&f, id1, "after attach");
	if (traffic(&f, FRAMES))
		ASSERT_COUNT(&f, "xdp_pkts", FRAMES, "xdp_cnt counted the frames");

	/* only if nothing is attached */
	err = bpf_xdp_attach(f.if1, fd2, XDP_FLAGS_SKB_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	ASSERT_EQ(err, -EBUSY, "UPDATE_IF_NOEXIST with a program attached");
	/* only if the attached program is xdp_cnt2: it is not */
	aopts.old_prog_fd = fd2;
	err = bpf_xdp_attach(f.if1, fd2, XDP_FLAGS_SKB_MODE | XDP_FLAGS_REPLACE, &aopts);
	ASSERT_EQ(err, -EEXIST, "REPLACE of a program not attached");
	/* both modes at once */
	err = bpf_xdp_attach(f.if1, fd2, XDP_FLAGS_SKB_MODE | XDP_FLAGS_DRV_MODE, NULL);
	ASSERT_EQ(err, -EINVAL, "two modes");
	if (ASSERT_OK(bpf_xdp_query_id(f.if1, XDP_FLAGS_SKB_MODE, &qid), "query_id"))
		ASSERT_EQ(qid, id1, "xdp_cnt still attached after the failed attaches");

	/* replace xdp_cnt, which is attached */
	aopts.old_prog_fd = fd1;
	err = bpf_xdp_attach(f.if1, fd2, XDP_FLAGS_SKB_MODE | XDP_FLAGS_REPLACE, &aopts);
	if (!ASSERT_OK(err, "REPLACE of the attached program"))
		goto detach;
	check_xdp_query(&f, id2, "after replace");
	if (traffic(&f, FRAMES)) {
		ASSERT_COUNT(&f, "xdp2_pkts", FRAMES, "xdp_cnt2 counted after replace");
		ASSERT_COUNT(&f, "xdp_pkts", FRAMES, "xdp_cnt no more");
	}

	/* detach, first naming the wrong program */
	aopts.old_prog_fd = fd1;
	err = bpf_xdp_detach(f.if1, XDP_FLAGS_SKB_MODE | XDP_FLAGS_REPLACE, &aopts);
	ASSERT_EQ(err, -EEXIST, "detach REPLACE of a program not attached");
detach:
	ASSERT_OK(bpf_xdp_detach(f.if1, XDP_FLAGS_SKB_MODE, NULL), "bpf_xdp_detach");
	check_xdp_query(&f, 0, "after detach");
	if (traffic(&f, FRAMES)) {
		ASSERT_COUNT(&f, "xdp2_pkts", FRAMES, "nothing counted after detach");
		ASSERT_COUNT(&f, "xdp_pkts", FRAMES, "nothing counted after detach");
	}
	ASSERT_OK(bpf_xdp_detach(f.if1, XDP_FLAGS_SKB_MODE, NULL), "detach with nothing attached");
out:
	teardown(&f);
}

/* ---- tc ------------------------------------------------------------------------ */

static void tc_bad_args(struct fixture *f, const struct bpf_tc_hook *ingress, int fd)
{
	LIBBPF_OPTS(bpf_tc_hook, nohook, .ifindex = 0, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_hook, both, .ifindex = f->if1,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_hook, custom, .ifindex = f->if1, .attach_point = BPF_TC_CUSTOM);
	LIBBPF_OPTS(bpf_tc_opts, o, .handle = 1, .priority = 1);

	o.prog_fd = fd;
	ASSERT_EQ(bpf_tc_detach(ingress, &o), -EINVAL, "detach with prog_fd");
	ASSERT_EQ(bpf_tc_query(ingress, &o), -EINVAL, "query with prog_fd");
	o.prog_fd = 0;
	o.prog_id = 1;
	ASSERT_EQ(bpf_tc_detach(ingress, &o), -EINVAL, "detach with prog_id");
	ASSERT_EQ(bpf_tc_query(ingress, &o), -EINVAL, "query with prog_id");
	o.prog_id = 0;
	o.flags = BPF_TC_F_REPLACE;
	ASSERT_EQ(bpf_tc_detach(ingress, &o), -EINVAL, "detach with flags");
	ASSERT_EQ(bpf_tc_query(ingress, &o), -EINVAL, "query with flags");
	o.flags = 0;
	o.handle = 0;
	ASSERT_EQ(bpf_tc_query(ingress, &o), -EINVAL, "query without handle");
	ASSERT_EQ(bpf_tc_detach(ingress, &o), -EINVAL, "detach without handle");
	o.handle = 1;
	o.priority = 0;
	ASSERT_EQ(bpf_tc_query(ingress, &o), -EINVAL, "query without priority");
	ASSERT_EQ(bpf_tc_detach(ingress, &o), -EINVAL, "detach without priority");
	o.priority = 1;
	ASSERT_EQ(bpf_tc_query(ingress, NULL), -EINVAL, "query without opts");
	ASSERT_EQ(bpf_tc_detach(ingress, NULL), -EINVAL, "detach without opts");
	ASSERT_EQ(bpf_tc_query(&nohook, &o), -EINVAL, "query on ifindex 0");

	/* attach: a program and no id, a priority of 16 bits, one hook */
	ASSERT_EQ(bpf_tc_attach(ingress, &o), -EINVAL, "attach without prog_fd");
	o.prog_fd = fd;
	o.prog_id = 1;
	ASSERT_EQ(bpf_tc_attach(ingress, &o), -EINVAL, "attach with prog_id");
	o.prog_id = 0;
	o.priority = 0x10000;
	ASSERT_EQ(bpf_tc_attach(ingress, &o), -EINVAL, "attach with priority > 0xffff");
	o.priority = 1;
	ASSERT_EQ(bpf_tc_attach(&nohook, &o), -EINVAL, "attach on ifindex 0");
	ASSERT_ERR(bpf_tc_attach(&both, &o), "attach to ingress and egress at once");
	ASSERT_EQ(bpf_tc_attach(&custom, &o), -EINVAL, "custom hook without parent");
	ASSERT_EQ(bpf_tc_attach(ingress, NULL), -EINVAL, "attach without opts");
	ASSERT_EQ(bpf_tc_hook_create(&nohook), -EINVAL, "hook create on ifindex 0");
	ASSERT_EQ(bpf_tc_hook_destroy(&custom), -EOPNOTSUPP, "destroy of a custom hook");
}

static void tc(bool fallback)
{
	LIBBPF_OPTS(bpf_tc_hook, ingress, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_hook, egress, .attach_point = BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_hook, both, .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, a, .handle = 1, .priority = 1);
	LIBBPF_OPTS(bpf_tc_opts, e);
	LIBBPF_OPTS(bpf_tc_opts, q, .handle = 1, .priority = 1);
	int in1, in2, out;
	__u32 id1, id2, ide;
	struct fixture f;

	if (!setup(&f, fallback))
		goto out;
	ingress.ifindex = f.if1;
	egress.ifindex = f.if0;
	in1 = prog_fd(&f, "tc_ingress_cnt");
	in2 = prog_fd(&f, "tc_ingress_cnt2");
	out = prog_fd(&f, "tc_egress_cnt");
	id1 = prog_id(in1);
	id2 = prog_id(in2);
	ide = prog_id(out);
	if (!ASSERT_NEQ(id1, 0, "tc_ingress_cnt id") || !ASSERT_NEQ(id2, 0, "tc_ingress_cnt2 id") ||
	    !ASSERT_NEQ(ide, 0, "tc_egress_cnt id"))
		goto out;

	/* the clsact qdisc of veth1 */
	if (!ASSERT_OK(bpf_tc_hook_create(&ingress), "hook create ingress veth1"))
		goto out;
	ASSERT_EQ(bpf_tc_hook_create(&ingress), -EEXIST, "second hook create");
	ASSERT_EQ(bpf_tc_query(&ingress, &q), -ENOENT, "query before attach");

	a.prog_fd = in1;
	if (!ASSERT_OK(bpf_tc_attach(&ingress, &a), "attach tc_ingress_cnt"))
		goto destroy;
	ASSERT_EQ(a.prog_id, id1, "attach fills prog_id");
	ASSERT_EQ(a.handle, 1, "handle kept");
	ASSERT_EQ(a.priority, 1, "priority kept");
	q.prog_id = 0;
	if (ASSERT_OK(bpf_tc_query(&ingress, &q), "query"))
		ASSERT_EQ(q.prog_id, id1, "query: tc_ingress_cnt");
	if (traffic(&f, FRAMES))
		ASSERT_COUNT(&f, "ingress_pkts", FRAMES, "tc_ingress_cnt counted the frames");

	/* same handle and priority: only with BPF_TC_F_REPLACE */
	a.prog_fd = in2;
	a.prog_id = 0;
	ASSERT_EQ(bpf_tc_attach(&ingress, &a), -EEXIST, "attach again without REPLACE");
	q.prog_id = 0;
	if (ASSERT_OK(bpf_tc_query(&ingress, &q), "query"))
		ASSERT_EQ(q.prog_id, id1, "still tc_ingress_cnt");
	a.prog_id = 0;
	a.flags = BPF_TC_F_REPLACE;
	if (ASSERT_OK(bpf_tc_attach(&ingress, &a), "attach with REPLACE")) {
		ASSERT_EQ(a.prog_id, id2, "replace fills the new prog_id");
		ASSERT_EQ(a.handle, 1, "handle after replace");
		ASSERT_EQ(a.priority, 1, "priority after replace");
	}
	q.prog_id = 0;
	if (ASSERT_OK(bpf_tc_query(&ingress, &q), "query after replace"))
		ASSERT_EQ(q.prog_id, id2, "query: tc_ingress_cnt2");

	/* egress of veth0, the kernel choosing handle and priority */
	if (ASSERT_OK(bpf_tc_hook_create(&egress), "hook create egress veth0")) {
		e.prog_fd = out;
		if (ASSERT_OK(bpf_tc_attach(&egress, &e), "attach tc_egress_cnt")) {
			LIBBPF_OPTS(bpf_tc_opts, eq, .handle = e.handle, .priority = e.priority);

			ASSERT_EQ(e.prog_id, ide, "egress prog_id");
			ASSERT_NEQ(e.handle, 0, "the kernel chose a handle");
			ASSERT_NEQ(e.priority, 0, "the kernel chose a priority");
			if (ASSERT_OK(bpf_tc_query(&egress, &eq), "query egress"))
				ASSERT_EQ(eq.prog_id, ide, "query egress: tc_egress_cnt");
		}
	}
	if (traffic(&f, FRAMES)) {
		ASSERT_COUNT(&f, "ingress2_pkts", FRAMES, "tc_ingress_cnt2 counted after replace");
		ASSERT_COUNT(&f, "ingress_pkts", FRAMES, "tc_ingress_cnt no more");
		ASSERT_COUNT(&f, "egress_pkts", FRAMES, "tc_egress_cnt counted on veth0");
	}

	tc_bad_args(&f, &ingress, in1);

	/* detach (by handle and priority only), then the filter is missing */
	q.prog_id = 0;
	ASSERT_OK(bpf_tc_detach(&ingress, &q), "detach");
	ASSERT_EQ(bpf_tc_query(&ingress, &q), -ENOENT, "query after detach");
	q.prog_id = 0;
	ASSERT_EQ(bpf_tc_detach(&ingress, &q), -ENOENT, "second detach");
	if (traffic(&f, FRAMES)) {
		ASSERT_COUNT(&f, "ingress2_pkts", FRAMES, "nothing counted after detach");
		ASSERT_COUNT(&f, "egress_pkts", 2 * FRAMES, "egress still counts");
	}

	/* one side of veth0's clsact: its filters go, the qdisc stays */
	if (e.handle) {
		LIBBPF_OPTS(bpf_tc_opts, eq, .handle = e.handle, .priority = e.priority);

		ASSERT_OK(bpf_tc_hook_destroy(&egress), "hook destroy egress: flush");
		ASSERT_EQ(bpf_tc_query(&egress, &eq), -ENOENT, "egress filter flushed");
		ASSERT_EQ(bpf_tc_hook_create(&egress), -EEXIST, "qdisc kept by the flush");
		if (traffic(&f, FRAMES))
			ASSERT_COUNT(&f, "egress_pkts", 2 * FRAMES, "nothing counted after flush");
	}
	both.ifindex = f.if0;
	ASSERT_OK(bpf_tc_hook_destroy(&both), "hook destroy veth0");
	ASSERT_OK(bpf_tc_hook_create(&egress), "hook create again: the qdisc was gone");
	ASSERT_OK(bpf_tc_hook_destroy(&both), "hook destroy veth0 again");
destroy:
	both.ifindex = f.if1;
	ASSERT_OK(bpf_tc_hook_destroy(&both), "hook destroy veth1");
	/* the kernel's error passes through: -EINVAL ("Invalid handle") */
	ASSERT_LT(bpf_tc_hook_destroy(&both), 0, "destroy of a missing qdisc");
	ASSERT_OK(bpf_tc_hook_create(&both), "hook create for both sides");
	ASSERT_EQ(bpf_tc_hook_create(&ingress), -EEXIST, "that is the clsact of ingress too");
	ASSERT_OK(bpf_tc_hook_destroy(&both), "hook destroy veth1 again");
out:
	teardown(&f);
}

/* ---- feature flags ----------------------------------------------------------- */

static void query(void)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct fixture f;
	int lo;

	if (!setup(&f, false))
		goto out;
	q.feature_flags = 0xbad;
	q.xdp_zc_max_segs = 0xbad;
	if (ASSERT_OK(bpf_xdp_query(f.if1, 0, &q), "bpf_xdp_query veth1")) {
		ASSERT_EQ(q.attach_mode, XDP_ATTACHED_NONE, "nothing attached");
		if (kernel_at_least(6, 3))
			ASSERT_TRUE(q.feature_flags & NETDEV_XDP_ACT_BASIC_, "veth: basic XDP");
		else
			ASSERT_EQ(q.feature_flags, 0, "no netdev family before 6.3");
		ASSERT_EQ(q.xdp_zc_max_segs, 0, "veth: no zero-copy");
	}
	lo = if_nametoindex("lo");
	q.feature_flags = 0xbad;
	q.xdp_zc_max_segs = 0xbad;
	if (ASSERT_GT(lo, 0, "lo") && ASSERT_OK(bpf_xdp_query(lo, 0, &q), "bpf_xdp_query lo")) {
		ASSERT_EQ(q.attach_mode, XDP_ATTACHED_NONE, "nothing attached to lo");
		ASSERT_EQ(q.feature_flags, 0, "lo: no XDP features");
		ASSERT_EQ(q.xdp_zc_max_segs, 0, "lo: no zero-copy");
	}

	/* and with a program attached in generic mode */
	if (ASSERT_OK(bpf_xdp_attach(f.if1, prog_fd(&f, "xdp_cnt"), XDP_FLAGS_SKB_MODE, NULL),
		      "attach")) {
		q.feature_flags = 0xbad;
		if (ASSERT_OK(bpf_xdp_query(f.if1, 0, &q), "bpf_xdp_query with a program")) {
			ASSERT_EQ(q.attach_mode, XDP_ATTACHED_SKB, "generic");
			if (kernel_at_least(6, 3))
				ASSERT_TRUE(q.feature_flags & NETDEV_XDP_ACT_BASIC_, "still basic");
		}
		ASSERT_OK(bpf_xdp_detach(f.if1, XDP_FLAGS_SKB_MODE, NULL), "detach");
	}
out:
	teardown(&f);
}

void test_tc_xdp(void)
{
	bool native = kernel_supports(FEAT_ARG_CTX_TAG);

	if (test__start_subtest("xdp"))
		xdp(false);
	if (test__start_subtest("tc"))
		tc(false);
	if (test__start_subtest("query"))
		query();
	if (test__start_subtest("xdp_fallback")) {
		if (require(native, "the library's __arg_ctx rewrite is in use already"))
			xdp(true);
	}
	if (test__start_subtest("tc_fallback")) {
		if (require(native, "the library's __arg_ctx rewrite is in use already"))
			tc(true);
	}
}
