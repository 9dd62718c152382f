// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tc and XDP attachment through netlink: bpf_tc_*() put cls_bpf filters
 * in direct-action mode on clsact qdiscs, bpf_xdp_*() set and read a
 * device's IFLA_XDP. A small netlink client of its own: one socket per
 * call (no state to share between threads), requests acknowledged and
 * matched by sequence number and port id, the kernel's extended ack
 * message passed to the library's log, no library beyond libc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "bpf.h"
#include "libbpf.h"
#include "libbpf_internal.h"

/* the "netdev" generic netlink family (6.3+); the UAPI header is newer
 * than Debian 12's linux-libc-dev */
#define NETDEV_FAMILY_NAME		"netdev"
#define NETDEV_FAMILY_VERSION		1
#define NETDEV_CMD_DEV_GET		1
#define NETDEV_A_DEV_IFINDEX		1
#define NETDEV_A_DEV_XDP_FEATURES	3
#define NETDEV_A_DEV_XDP_ZC_MAX_SEGS	4

#define MSG_CAP 1024	/* every request here fits */

struct nl_msg {
	union {
		struct nlmsghdr nh;
		char buf[MSG_CAP];
	};
};

/* start @m as a request of @type whose fixed header is @hdr */
static void msg_init(struct nl_msg *m, __u16 type, __u16 flags, const void *hdr, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->nh.nlmsg_len = NLMSG_LENGTH(len);
	m->nh.nlmsg_type = type;
	m->nh.nlmsg_flags = NLM_F_REQUEST | flags;
	memcpy(NLMSG_DATA(&m->nh), hdr, len);
}

static struct nlattr *attr_put(struct nl_msg *m, __u16 type, const void *data, size_t len)
{
	struct nlattr *a = (void *)(m->buf + NLMSG_ALIGN(m->nh.nlmsg_len));

	if (NLMSG_ALIGN(m->nh.nlmsg_len) + NLA_ALIGN(NLA_HDRLEN + len) > sizeof(m->buf))
		return NULL;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nh.nlmsg_len = NLMSG_ALIGN(m->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static bool put_u32(struct nl_msg *m, __u16 type, __u32 v)
{
	return attr_put(m, type, &v, sizeof(v));
}

static bool put_str(struct nl_msg *m, __u16 type, const char *s)
{
	return attr_put(m, type, s, strlen(s) + 1);
}

static struct nlattr *nest_start(struct nl_msg *m, __u16 type)
{
	return attr_put(m, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct nl_msg *m, struct nlattr *nest)
{
	nest->nla_len = m->buf + m->nh.nlmsg_len - (char *)nest;
}

/* index the attributes in @data..@len by type, up to @max; bad ones end it */
static void parse_attrs(struct nlattr **tb, int max, const void *data, size_t len)
{
	const struct nlattr *a = data;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len) {
		int type = a->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = (struct nlattr *)a;
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= (size_t)NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
}

static void *attr_data(const struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}

static size_t attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

/* the attribute's value if it holds at least @size bytes, else NULL */
static void *attr_val(const struct nlattr *a, size_t size)
{
	return a && attr_len(a) >= size ? attr_data(a) : NULL;
}

static __u32 attr_u32(const struct nlattr *a)
{
	__u32 *v = attr_val(a, sizeof(*v));

	return v ? *v : 0;
}

/* the attributes after a message's fixed header of @hdr_len bytes */
static void parse_msg(struct nlattr **tb, int max, const struct nlmsghdr *nh, size_t hdr_len)
{
	size_t payload = nh->nlmsg_len - NLMSG_HDRLEN;

	if (payload < NLMSG_ALIGN(hdr_len)) {
		memset(tb, 0, (max + 1) * sizeof(*tb));
		return;
	}
	parse_attrs(tb, max, (char *)NLMSG_DATA(nh) + NLMSG_ALIGN(hdr_len),
		    payload - NLMSG_ALIGN(hdr_len));
}

/* log the kernel's extended ack message of an error reply, if it has one */
static void log_ext_ack(const struct nlmsghdr *nh, const char *what, int err)
{
	const struct nlmsgerr *e = NLMSG_DATA(nh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const char *msg = NULL;

	if (nh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
		if (off < nh->nlmsg_len) {
			parse_attrs(tb, NLMSGERR_ATTR_MAX, (const char *)nh + off,
				    nh->nlmsg_len - off);
			if (tb[NLMSGERR_ATTR_MSG] && attr_len(tb[NLMSGERR_ATTR_MSG]) &&
			    ((char *)attr_data(tb[NLMSGERR_ATTR_MSG]))
				    [attr_len(tb[NLMSGERR_ATTR_MSG]) - 1] == '\0')
				msg = attr_data(tb[NLMSGERR_ATTR_MSG]);
		}
	}
	if (msg)
		pr_warn("netlink: %s: %s (kernel: %s)\n", what, libbpf_errstr(err), msg);
	else
		pr_debug("netlink: %s: %s\n", what, libbpf_errstr(err));
}

/* a reply of the request; a negative return ends the exchange with it */
typedef int (*reply_fn)(const struct nlmsghdr *nh, void *ctx);

/*
 * The messages of one received buffer of @len bytes: replies to request
 * @seq of port @pid go to @fn, others are ignored. Returns true when the
 * exchange is over (the acknowledgement, an error, NLMSG_DONE, or @fn
 * failed), with *err its outcome; false when more replies are to come.
 */
static bool nl_walk(void *buf, ssize_t len, __u32 seq, __u32 pid, reply_fn fn, void *ctx,
		    const char *what, int *err)
{
	struct nlmsghdr *nh;

	/* len stays signed: after a last message of unaligned length it is
	 * negative, which as a size_t would let the walk go on past the end */
	for (nh = buf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
		if (nh->nlmsg_seq != seq || nh->nlmsg_pid != pid)
			continue;
		if (nh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(nh);

			if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
				pr_warn("netlink: %s: error reply at byte %td of the buffer has %u bytes, an error needs %zu\n",
					what, (char *)nh - (char *)buf, nh->nlmsg_len,
					(size_t)NLMSG_LENGTH(sizeof(*e)));
				*err = -EBADMSG;
			} else {
				*err = e->error;
				if (*err)
					log_ext_ack(nh, what, *err);
			}
			return true;	/* the acknowledgement, or the error */
		}
		if (nh->nlmsg_type == NLMSG_DONE) {
			int *res = NLMSG_DATA(nh);

			*err = 0;
			if (nh->nlmsg_len >= NLMSG_LENGTH(sizeof(*res)) && *res < 0)
				*err = *res;
			return true;
		}
		if (fn) {
			*err = fn(nh, ctx);
			if (*err < 0)
				return true;
		}
	}
	return false;
}

/*
 * Send @m on a new socket of netlink @proto and read replies until the
 * acknowledgement (or NLMSG_DONE, which ends a dump), handing the others
 * to @fn.
 * Messages that are not replies to this request are ignored. Returns 0 or
 * a negative errno (the kernel's, or @fn's).
 */
static int nl_request(int proto, struct nl_msg *m, reply_fn fn, void *ctx, const char *what)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t sa_len = sizeof(sa);
	int fd, one = 1, err = 0;
	size_t cap = 32768;
	char *buf = NULL;
	__u32 seq;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	/* old kernels lack extended acks; the request works without them */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &sa_len)) {
		err = -errno;
		goto out;
	}
	seq = (__u32)time(NULL) ^ (__u32)fd << 24;
	m->nh.nlmsg_seq = seq;
	m->nh.nlmsg_pid = 0;
	m->nh.nlmsg_flags |= NLM_F_ACK;
	if (send(fd, m->buf, m->nh.nlmsg_len, 0) < 0) {
		err = -errno;
		goto out;
	}
	buf = malloc(cap);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t len;

		/* a dump part larger than the buffer: grow it, read again */
		len = recv(fd, buf, cap, MSG_PEEK | MSG_TRUNC);
		if (len > (ssize_t)cap) {
			char *p = realloc(buf, len);

			if (!p) {
				err = -ENOMEM;
				goto out;
			}
			buf = p;
			cap = len;
		}
		len = recv(fd, buf, cap, 0);
		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0) {
			err = len ? -errno : -ENODATA;
			goto out;
		}
		if (nl_walk(buf, len, seq, sa.nl_pid, fn, ctx, what, &err))
			goto out;
	}
out:
	free(buf);
	close(fd);
	return err;
}

static int rt_request(struct nl_msg *m, reply_fn fn, void *ctx, const char *what)
{
	return nl_request(NETLINK_ROUTE, m, fn, ctx, what);
}

/* ---- XDP ------------------------------------------------------------------ */

int bpf_xdp_attach(int ifindex, int prog_fd, __u32 flags, const struct bpf_xdp_attach_opts *opts)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nlattr *xdp;
	struct nl_msg m;
	int old_fd;

	if (!OPTS_VALID(opts, bpf_xdp_attach_opts))
		return libbpf_err(-EINVAL);
	old_fd = OPTS_GET(opts, old_prog_fd, 0);
	if (old_fd)
		flags |= XDP_FLAGS_REPLACE;
	if (flags & ~XDP_FLAGS_MASK) {
		pr_warn("netlink: XDP flags %#x are not XDP_FLAGS_*\n", flags);
		return libbpf_err(-EINVAL);
	}
	msg_init(&m, RTM_SETLINK, 0, &ifi, sizeof(ifi));
	xdp = nest_start(&m, IFLA_XDP);
	put_u32(&m, IFLA_XDP_FD, (__u32)prog_fd);
	if (flags)
		put_u32(&m, IFLA_XDP_FLAGS, flags);
	if (flags & XDP_FLAGS_REPLACE)
		put_u32(&m, IFLA_XDP_EXPECTED_FD, (__u32)(old_fd ?: -1));
	nest_end(&m, xdp);
	return libbpf_err(rt_request(&m, NULL, NULL, prog_fd < 0 ? "XDP detach" : "XDP attach"));
}

int bpf_xdp_detach(int ifindex, __u32 flags, const struct bpf_xdp_attach_opts *opts)
{
	return bpf_xdp_attach(ifindex, -1, flags, opts);
}

struct xdp_state {
	int ifindex;
	bool found;
	__u8 mode;
	__u32 id, drv_id, hw_id, skb_id;
	__u64 features;
	__u32 zc_max_segs;
};

static int xdp_link_reply(const struct nlmsghdr *nh, void *ctx)
{
	struct nlattr *tb[IFLA_MAX + 1], *xdp[IFLA_XDP_MAX + 1];
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	struct xdp_state *st = ctx;
	__u8 *mode;

	if (nh->nlmsg_type != RTM_NEWLINK || nh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)) ||
	    ifi->ifi_index != st->ifindex)
		return 0;
	st->found = true;
	parse_msg(tb, IFLA_MAX, nh, sizeof(*ifi));
	if (!tb[IFLA_XDP])
		return 0;
	parse_attrs(xdp, IFLA_XDP_MAX, attr_data(tb[IFLA_XDP]), attr_len(tb[IFLA_XDP]));
	mode = attr_val(xdp[IFLA_XDP_ATTACHED], sizeof(*mode));
	st->mode = mode ? *mode : XDP_ATTACHED_NONE;
	st->id = attr_u32(xdp[IFLA_XDP_PROG_ID]);
	st->drv_id = attr_u32(xdp[IFLA_XDP_DRV_PROG_ID]);
	st->hw_id = attr_u32(xdp[IFLA_XDP_HW_PROG_ID]);
	st->skb_id = attr_u32(xdp[IFLA_XDP_SKB_PROG_ID]);
	/* one mode: the kernel reports only IFLA_XDP_PROG_ID */
	if (st->mode == XDP_ATTACHED_DRV)
		st->drv_id = st->id;
	else if (st->mode == XDP_ATTACHED_SKB)
		st->skb_id = st->id;
	else if (st->mode == XDP_ATTACHED_HW)
		st->hw_id = st->id;
	return 0;
}

static int genl_family_reply(const struct nlmsghdr *nh, void *ctx)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	__u16 *id;

	parse_msg(tb, CTRL_ATTR_MAX, nh, GENL_HDRLEN);
	id = attr_val(tb[CTRL_ATTR_FAMILY_ID], sizeof(*id));
	if (id)
		*(__u16 *)ctx = *id;
	return 0;
}

static int netdev_dev_reply(const struct nlmsghdr *nh, void *ctx)
{
	struct nlattr *tb[NETDEV_A_DEV_XDP_ZC_MAX_SEGS + 1];
	struct xdp_state *st = ctx;
	__u64 *features;

	parse_msg(tb, NETDEV_A_DEV_XDP_ZC_MAX_SEGS, nh, GENL_HDRLEN);
	if (attr_u32(tb[NETDEV_A_DEV_IFINDEX]) != (__u32)st->ifindex)
		return 0;
	features = attr_val(tb[NETDEV_A_DEV_XDP_FEATURES], sizeof(*features));
	if (features)
		memcpy(&st->features, features, sizeof(*features));
	st->zc_max_segs = attr_u32(tb[NETDEV_A_DEV_XDP_ZC_MAX_SEGS]);
	return 0;
}

/* feature flags and zero-copy segments from the "netdev" family; a kernel
 * without the family (before 6.3) reports none */
static int xdp_features(struct xdp_state *st)
{
	struct genlmsghdr gh = { .cmd = CTRL_CMD_GETFAMILY, .version = 2 };
	struct nl_msg m;
	__u16 family = 0;
	int err;

	msg_init(&m, GENL_ID_CTRL, 0, &gh, sizeof(gh));
	put_str(&m, CTRL_ATTR_FAMILY_NAME, NETDEV_FAMILY_NAME);
	err = nl_request(NETLINK_GENERIC, &m, genl_family_reply, &family, "netdev family");
	if (err == -ENOENT || (!err && !family))
		return 0;
	if (err)
		return err;
	gh.cmd = NETDEV_CMD_DEV_GET;
	gh.version = NETDEV_FAMILY_VERSION;
	msg_init(&m, family, 0, &gh, sizeof(gh));
	put_u32(&m, NETDEV_A_DEV_IFINDEX, st->ifindex);
	return nl_request(NETLINK_GENERIC, &m, netdev_dev_reply, st, "netdev device");
}

int bpf_xdp_query(int ifindex, int xdp_flags, struct bpf_xdp_query_opts *opts)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct xdp_state st = { .ifindex = ifindex };
	__u32 modes = xdp_flags & XDP_FLAGS_MODES;
	struct nl_msg m;
	int err;

	if (!OPTS_VALID(opts, bpf_xdp_query_opts) || ifindex <= 0 ||
	    (__u32)xdp_flags & ~XDP_FLAGS_MASK || (modes & (modes - 1)))
		return libbpf_err(-EINVAL);
	msg_init(&m, RTM_GETLINK, 0, &ifi, sizeof(ifi));
	put_u32(&m, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = rt_request(&m, xdp_link_reply, &st, "XDP query");
	if (!err && !st.found)
		err = -ENODEV;
	if (!err && OPTS_HAS(opts, feature_flags))
		err = xdp_features(&st);
	if (err)
		return libbpf_err(err);
	OPTS_SET(opts, prog_id, st.mode == XDP_ATTACHED_MULTI ? 0 : st.id);
	OPTS_SET(opts, drv_prog_id, st.drv_id);
	OPTS_SET(opts, hw_prog_id, st.hw_id);
	OPTS_SET(opts, skb_prog_id, st.skb_id);
	OPTS_SET(opts, attach_mode, st.mode);
	OPTS_SET(opts, feature_flags, st.features);
	OPTS_SET(opts, xdp_zc_max_segs, st.zc_max_segs);
	return 0;
}

int bpf_xdp_query_id(int ifindex, int flags, __u32 *prog_id)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	__u32 mode = flags & XDP_FLAGS_MODES;
	int err;

	if (!prog_id)
		return libbpf_err(-EINVAL);
	err = bpf_xdp_query(ifindex, flags, &q);
	if (err)
		return err;
	if (mode == XDP_FLAGS_DRV_MODE)
		*prog_id = q.drv_prog_id;
	else if (mode == XDP_FLAGS_HW_MODE)
		*prog_id = q.hw_prog_id;
	else if (mode == XDP_FLAGS_SKB_MODE)
		*prog_id = q.skb_prog_id;
	else
		*prog_id = q.prog_id;	/* 0 when several modes are attached */
	return 0;
}

/* ---- tc ------------------------------------------------------------------- */

static int hook_check(const struct bpf_tc_hook *hook)
{
	if (!hook || !OPTS_VALID(hook, bpf_tc_hook) || OPTS_GET(hook, ifindex, 0) <= 0) {
		pr_warn("netlink: tc hook without an ifindex\n");
		return -EINVAL;
	}
	return 0;
}

/* the parent of filters on @hook's one attach point */
static int hook_parent(const struct bpf_tc_hook *hook, __u32 *parent)
{
	switch (OPTS_GET(hook, attach_point, 0)) {
	case BPF_TC_INGRESS:
		*parent = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS);
		return 0;
	case BPF_TC_EGRESS:
		*parent = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS);
		return 0;
	case BPF_TC_CUSTOM:
		*parent = OPTS_GET(hook, parent, 0);
		if (*parent)
			return 0;
		pr_warn("netlink: BPF_TC_CUSTOM hook without a parent\n");
		return -EINVAL;
	default:
		pr_warn("netlink: tc filters need one attach point, not %#x\n",
			OPTS_GET(hook, attach_point, 0));
		return -EINVAL;
	}
}

static int qdisc_request(const struct bpf_tc_hook *hook, __u16 type, __u16 flags)
{
	struct tcmsg tc = { .tcm_family = AF_UNSPEC, .tcm_ifindex = OPTS_GET(hook, ifindex, 0) };
	const char *kind = "clsact";
	struct nl_msg m;

	if (OPTS_GET(hook, attach_point, 0) == BPF_TC_QDISC) {
		kind = OPTS_GET(hook, qdisc, NULL);
		if (!kind || !*kind) {
			pr_warn("netlink: BPF_TC_QDISC hook without a qdisc kind\n");
			return -EINVAL;
		}
		tc.tcm_handle = OPTS_GET(hook, handle, 0);
		tc.tcm_parent = OPTS_GET(hook, parent, 0) ?: TC_H_ROOT;
	} else {
		tc.tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
		tc.tcm_parent = TC_H_CLSACT;
	}
	msg_init(&m, type, flags, &tc, sizeof(tc));
	if (!put_str(&m, TCA_KIND, kind))
		return -E2BIG;
	return rt_request(&m, NULL, NULL, type == RTM_NEWQDISC ? "qdisc create" : "qdisc delete");
}

int bpf_tc_hook_create(struct bpf_tc_hook *hook)
{
	int err = hook_check(hook);

	if (err)
		return libbpf_err(err);
	switch (OPTS_GET(hook, attach_point, 0)) {
	case BPF_TC_INGRESS:
	case BPF_TC_EGRESS:
	case BPF_TC_INGRESS | BPF_TC_EGRESS:
	case BPF_TC_QDISC:
		return libbpf_err(qdisc_request(hook, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL));
	case BPF_TC_CUSTOM:
		return libbpf_err(-EOPNOTSUPP);
	default:
		return libbpf_err(-EINVAL);
	}
}

static void filter_msg(struct nl_msg *m, __u16 type, __u16 flags, int ifindex, __u32 parent,
		       __u32 handle, __u32 priority)
{
	struct tcmsg tc = {
		.tcm_family = AF_UNSPEC,
		.tcm_ifindex = ifindex,
		.tcm_parent = parent,
		.tcm_handle = handle,
		.tcm_info = TC_H_MAKE(priority << 16, htons(ETH_P_ALL)),
	};

	msg_init(m, type, flags, &tc, sizeof(tc));
}

int bpf_tc_hook_destroy(struct bpf_tc_hook *hook)
{
	struct nl_msg m;
	__u32 parent;
	int err = hook_check(hook);

	if (err)
		return libbpf_err(err);
	switch (OPTS_GET(hook, attach_point, 0)) {
	case BPF_TC_INGRESS | BPF_TC_EGRESS:
	case BPF_TC_QDISC:
		return libbpf_err(qdisc_request(hook, RTM_DELQDISC, 0));
	case BPF_TC_INGRESS:
	case BPF_TC_EGRESS:
		/* one side of the clsact qdisc: remove every filter there */
		hook_parent(hook, &parent);
		filter_msg(&m, RTM_DELTFILTER, 0, hook->ifindex, parent, 0, 0);
		/* a flush names no protocol: the kernel refuses one */
		((struct tcmsg *)NLMSG_DATA(&m.nh))->tcm_info = 0;
		return libbpf_err(rt_request(&m, NULL, NULL, "tc filter flush"));
	case BPF_TC_CUSTOM:
		return libbpf_err(-EOPNOTSUPP);
	default:
		return libbpf_err(-EINVAL);
	}
}

struct tc_state {
	__u32 handle, priority, prog_id;
	bool found;
	bool match;			/* only the filter with these: */
	__u32 want_handle, want_priority;
};

static int tc_filter_reply(const struct nlmsghdr *nh, void *ctx)
{
	struct nlattr *tb[TCA_MAX + 1], *bpf[TCA_BPF_MAX + 1];
	const struct tcmsg *tc = NLMSG_DATA(nh);
	struct tc_state *st = ctx;

	if (nh->nlmsg_type != RTM_NEWTFILTER || nh->nlmsg_len < NLMSG_LENGTH(sizeof(*tc)))
		return 0;
	parse_msg(tb, TCA_MAX, nh, sizeof(*tc));
	if (!tb[TCA_KIND] || strncmp(attr_data(tb[TCA_KIND]), "bpf", attr_len(tb[TCA_KIND])) ||
	    !tb[TCA_OPTIONS])
		return 0;
	parse_attrs(bpf, TCA_BPF_MAX, attr_data(tb[TCA_OPTIONS]), attr_len(tb[TCA_OPTIONS]));
	if (st->match && (tc->tcm_handle != st->want_handle ||
			  TC_H_MAJ(tc->tcm_info) >> 16 != st->want_priority))
		return 0;
	st->handle = tc->tcm_handle;
	st->priority = TC_H_MAJ(tc->tcm_info) >> 16;
	st->prog_id = attr_u32(bpf[TCA_BPF_ID]);
	st->found = true;
	return 0;
}

/* opts of detach and query: a filter named by handle and priority only */
static int filter_id_check(const struct bpf_tc_opts *opts, const char *what)
{
	if (!opts || !OPTS_VALID(opts, bpf_tc_opts))
		return -EINVAL;
	if (!OPTS_GET(opts, handle, 0) || !OPTS_GET(opts, priority, 0) ||
	    OPTS_GET(opts, priority, 0) > 0xffff || OPTS_GET(opts, prog_fd, 0) ||
	    OPTS_GET(opts, prog_id, 0) || OPTS_GET(opts, flags, 0)) {
		pr_warn("netlink: tc %s takes a handle and a priority, nothing else\n", what);
		return -EINVAL;
	}
	return 0;
}

int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts)
{
	__u32 handle, priority, flags, parent;
	struct bpf_prog_info info = {};
	__u32 info_len = sizeof(info);
	struct tc_state st = {};
	char name[BPF_OBJ_NAME_LEN + 16];
	struct nlattr *nest;
	struct nl_msg m;
	int prog_fd, err;

	err = hook_check(hook);
	if (!err && (!opts || !OPTS_VALID(opts, bpf_tc_opts)))
		err = -EINVAL;
	if (err)
		return libbpf_err(err);
	prog_fd = OPTS_GET(opts, prog_fd, 0);
	handle = OPTS_GET(opts, handle, 0);
	priority = OPTS_GET(opts, priority, 0);
	flags = OPTS_GET(opts, flags, 0);
	if (prog_fd <= 0 || OPTS_GET(opts, prog_id, 0) || priority > 0xffff ||
	    flags & ~BPF_TC_F_REPLACE || (flags & BPF_TC_F_REPLACE && (!handle || !priority))) {
		pr_warn("netlink: tc attach needs a prog_fd and no prog_id; replace needs a handle and a priority\n");
		return libbpf_err(-EINVAL);
	}
	err = hook_parent(hook, &parent);
	if (err)
		return libbpf_err(err);
	err = bpf_prog_get_info_by_fd(prog_fd, &info, &info_len);
	if (err)
		return libbpf_err(err);
	snprintf(name, sizeof(name), "%s:[%u]", info.name, info.id);
	filter_msg(&m, RTM_NEWTFILTER,
		   NLM_F_CREATE | NLM_F_ECHO | (flags & BPF_TC_F_REPLACE ? NLM_F_REPLACE : NLM_F_EXCL),
		   hook->ifindex, parent, handle, priority);
	put_str(&m, TCA_KIND, "bpf");
	nest = nest_start(&m, TCA_OPTIONS);
	put_u32(&m, TCA_BPF_FD, prog_fd);
	put_str(&m, TCA_BPF_NAME, name);
	put_u32(&m, TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
	nest_end(&m, nest);
	err = rt_request(&m, tc_filter_reply, &st, "tc attach");
	if (!err && !st.found) {
		pr_warn("netlink: tc attach: the kernel did not echo the filter\n");
		err = -ENOENT;
	}
	if (err)
		return libbpf_err(err);
	OPTS_SET(opts, handle, st.handle);
	OPTS_SET(opts, priority, st.priority);
	OPTS_SET(opts, prog_id, st.prog_id);
	return 0;
}

int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts)
{
	struct nl_msg m;
	__u32 parent;
	int err;

	err = hook_check(hook) ?: filter_id_check(opts, "detach") ?: hook_parent(hook, &parent);
	if (err)
		return libbpf_err(err);
	filter_msg(&m, RTM_DELTFILTER, 0, hook->ifindex, parent, OPTS_GET(opts, handle, 0),
		   OPTS_GET(opts, priority, 0));
	put_str(&m, TCA_KIND, "bpf");
	return libbpf_err(rt_request(&m, NULL, NULL, "tc detach"));
}

/*
 * A dump of the filters of that priority, picking the one with the
 * handle: a direct get fails with -EINVAL rather than -ENOENT when the
 * priority has no filter chain at all.
 */
int bpf_tc_query(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts)
{
	struct tc_state st = { .match = true };
	struct nl_msg m;
	__u32 parent;
	int err;

	err = hook_check(hook) ?: filter_id_check(opts, "query") ?: hook_parent(hook, &parent);
	if (err)
		return libbpf_err(err);
	st.want_handle = OPTS_GET(opts, handle, 0);
	st.want_priority = OPTS_GET(opts, priority, 0);
	filter_msg(&m, RTM_GETTFILTER, NLM_F_DUMP, hook->ifindex, parent, st.want_handle,
		   st.want_priority);
	put_str(&m, TCA_KIND, "bpf");
	err = rt_request(&m, tc_filter_reply, &st, "tc query");
	if (!err && !st.found)
		err = -ENOENT;
	if (err)
		return libbpf_err(err);
	OPTS_SET(opts, prog_id, st.prog_id);
	return 0;
}

/* ---- for the fuzz target -------------------------------------------------- */

int nl_parse_replies(void *buf, size_t len, __u32 seq, __u32 pid, int kind)
{
	struct xdp_state xdp = { .ifindex = 1 };
	struct tc_state tc = { .match = kind == 4, .want_handle = 1, .want_priority = 1 };
	__u16 family = 0;
	reply_fn fns[] = { NULL, xdp_link_reply, genl_family_reply, netdev_dev_reply,
			   tc_filter_reply, tc_filter_reply };
	void *ctxs[] = { NULL, &xdp, &family, &xdp, &tc, &tc };
	int err = 0;

	if (kind < 0 || kind >= (int)ARRAY_SIZE(fns))
		return -EINVAL;
	if (!nl_walk(buf, len, seq, pid, fns[kind], ctxs[kind], "fuzz", &err))
		err = -EAGAIN;
	return err;
}
