// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * arg_ctx_demo: the __arg_ctx fallback on real events of the running kernel
 *
 * Loads the programs of progs/arg_ctx_demo.c (through its bpftool
 * skeleton), attaches each to an event, makes those events happen and
 * prints per program what the loader rewrote (read from its debug
 * messages), where it is attached and how many events the global
 * subprogram it calls counted:
 *
 *   kprobe      do_nanosleep          NANOSLEEPS nanosleep() calls
 *   raw_tp      sys_enter             every syscall of this process meanwhile
 *   perf_event  cpu-clock of this process, one sample per ms: SPIN_MS ms spun
 *   xdp, tc     ingress of demo1      PACKETS UDP datagrams sent on demo0
 *   socket      the UDP socket on demo1 that receives them
 *   cgroup_skb  ingress of a cgroup made for this process, which owns
 *               that socket
 *
 * demo0/demo1 is a veth pair made over rtnetlink in a private network
 * namespace, so nothing leaks out; the cgroup is removed at the end. The
 * datagrams are sent as raw frames (AF_PACKET) out of demo0 and arrive on
 * demo1, addressed to its 10.11.0.1. After the programs are detached the
 * events happen once more, and nothing may count them.
 *
 * Public libbpf API only: bpf_program__attach_*(), bpf_tc_*(),
 * bpf_xdp_*(), and the kernel's own SO_ATTACH_BPF for the socket filter.
 * Exit status 0 when every program counted its events, or was skipped
 * for a reason of the kernel's (a kernel without kprobes).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/netlink.h>
#include <linux/perf_event.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <linux/veth.h>
#include <zlib.h>
#include <bpf/libbpf.h>
#include "arg_ctx_demo.skel.h"

#define NANOSLEEPS	5
#define SPIN_MS		50
#define PACKETS		5
#define UDP_PORT	4789
#define IF_TX		"demo0"
#define IF_RX		"demo1"
#define ADDR_RX		"10.11.0.1"	/* demo1's address, the datagrams' target */
#define ADDR_TX		"10.11.0.2"	/* their source: not local, not martian */

/* counts[] indexes, as in progs/arg_ctx_demo.c */
enum { KPROBE, RAW_TP, PERF_EVENT, TC, SOCKET, CGROUP_SKB, XDP, NR_PROGS };

struct demo;

struct demo_prog {
	const char *name;
	const char *where;
	int (*attach)(struct demo *d, struct demo_prog *p);
	void (*detach)(struct demo *d, struct demo_prog *p);
	__u64 expect;		/* events it must count; 0: any number > 0 */
	struct bpf_program *prog;
	struct bpf_link *link;
	bool attached;
	char note[200];		/* why it is skipped or failed */
	bool skipped;
	char rewrites[1024];
	size_t rewrites_len;
};

struct demo {
	struct arg_ctx_demo *skel;
	int if_tx, if_rx;
	unsigned char mac_tx[ETH_ALEN], mac_rx[ETH_ALEN];
	int udp;		/* the receiving socket on demo1 */
	int raw;		/* AF_PACKET, sends on demo0 */
	char cg_root[256];	/* the cgroup2 mount */
	char cg_orig[512];	/* this process's cgroup before, relative */
	char cg_dir[512];	/* the cgroup made for the demo */
	int cg_fd;
	struct bpf_tc_hook hook;
	bool hook_made;
	struct bpf_tc_opts tc_opts;
	__u32 xdp_flags;
};

static int attach_kprobe(struct demo *d, struct demo_prog *p);
static int attach_raw_tp(struct demo *d, struct demo_prog *p);
static int attach_perf(struct demo *d, struct demo_prog *p);
static int attach_tc(struct demo *d, struct demo_prog *p);
static int attach_socket(struct demo *d, struct demo_prog *p);
static int attach_cgroup(struct demo *d, struct demo_prog *p);
static int attach_xdp(struct demo *d, struct demo_prog *p);
static void detach_tc(struct demo *d, struct demo_prog *p);
static void detach_socket(struct demo *d, struct demo_prog *p);
static void detach_xdp(struct demo *d, struct demo_prog *p);

static struct demo_prog progs[NR_PROGS] = {
	[KPROBE] = { "demo_kprobe", "kprobe do_nanosleep", attach_kprobe, NULL, NANOSLEEPS },
	[RAW_TP] = { "demo_raw_tp", "raw_tp sys_enter", attach_raw_tp, NULL, 0 },
	[PERF_EVENT] = { "demo_perf_event", "cpu-clock, this process", attach_perf, NULL, 0 },
	[TC] = { "demo_tc", "tc ingress of " IF_RX, attach_tc, detach_tc, PACKETS },
	[SOCKET] = { "demo_socket", "UDP socket on " IF_RX, attach_socket, detach_socket, PACKETS },
	[CGROUP_SKB] = { "demo_cgroup_skb", "ingress of its cgroup", attach_cgroup, NULL, PACKETS },
	[XDP] = { "demo_xdp", "XDP of " IF_RX, attach_xdp, detach_xdp, PACKETS },
};

/* ---- the library's messages ----------------------------------------------- */

static char warnings[8192];
static size_t warnings_len;
static int native = -1;		/* -1 unknown, 0 the loader rewrites, 1 native */

static struct demo_prog *prog_by_name(const char *name, size_t len)
{
	int i;

	for (i = 0; i < NR_PROGS; i++)
		if (strlen(progs[i].name) == len && !strncmp(progs[i].name, name, len))
			return &progs[i];
	return NULL;
}

static void append(char *buf, size_t size, size_t *len, const char *prefix, const char *s)
{
	int n = snprintf(buf + *len, size - *len, "%s%s", prefix, s);

	if (n > 0 && (size_t)n < size - *len)
		*len += n;
}

/*
 * Debug lines "prog 'P': subprog 'S' arg N ('x'): A -> B" are the
 * rewrites, kept per program, as are "prog 'P': subprog 'S' shares the
 * arg:ctx copy made for prog 'Q'" (same context struct, one copy);
 * warnings are kept for when something fails.
 */
static int collect(enum libbpf_print_level level, const char *fmt, va_list args)
{
	char line[512], rest[512], *name, *end, *sub, *other;
	struct demo_prog *p;

	if (vsnprintf(line, sizeof(line), fmt, args) < 0)
		return 0;
	if (strstr(line, "arg:ctx natively"))
		native = 1;
	if (strstr(line, "no native arg:ctx"))
		native = 0;
	if (level == LIBBPF_WARN) {
		append(warnings, sizeof(warnings), &warnings_len, "      ", line);
		return 0;
	}
	name = strstr(line, "prog '");
	sub = strstr(line, ": subprog '");
	if (level != LIBBPF_DEBUG || !name || !sub)
		return 0;
	name += strlen("prog '");
	end = strchr(name, '\'');
	p = end ? prog_by_name(name, end - name) : NULL;
	if (!p)
		return 0;
	if (strstr(sub, " -> ")) {
		append(p->rewrites, sizeof(p->rewrites), &p->rewrites_len,
		       "      rewrote", sub + 1);
	} else if ((other = strstr(sub, " shares the arg:ctx copy made for prog '"))) {
		/* "      rewrote subprog 'S': shares Q's copy" */
		*other = '\0';
		other += strlen(" shares the arg:ctx copy made for prog '");
		other[strcspn(other, "'")] = '\0';
		snprintf(rest, sizeof(rest), "%s: shares %s's copy\n", sub + 1, other);
		append(p->rewrites, sizeof(p->rewrites), &p->rewrites_len,
		       "      rewrote", rest);
	}
	return 0;
}

/* ---- network: the veth pair in a private namespace ------------------------ */

struct nl_msg {
	struct nlmsghdr nh;
	char buf[512];
};

/* append attribute @type to @m; its start, for nesting */
static struct rtattr *nl_attr(struct nl_msg *m, int type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)m + NLMSG_ALIGN(m->nh.nlmsg_len));

	if (NLMSG_ALIGN(m->nh.nlmsg_len) + RTA_SPACE(len) > sizeof(*m))
		return NULL;
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	m->nh.nlmsg_len = NLMSG_ALIGN(m->nh.nlmsg_len) + RTA_SPACE(len);
	return a;
}

static void nl_nest_end(struct nl_msg *m, struct rtattr *a)
{
	a->rta_len = (char *)m + m->nh.nlmsg_len - (char *)a;
}

/* RTM_NEWLINK of a veth pair @name/@peer; 0 or the kernel's -errno */
static int veth_create(const char *name, const char *peer)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct rtattr *info, *data, *peer_attr;
	struct nl_msg m = {};
	char reply[1024];
	struct nlmsghdr *nh;
	int s, err = -EPROTO;
	ssize_t n;

	m.nh.nlmsg_type = RTM_NEWLINK;
	m.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	m.nh.nlmsg_seq = 1;
	m.nh.nlmsg_len = NLMSG_LENGTH(sizeof(ifi));
	memcpy(NLMSG_DATA(&m.nh), &ifi, sizeof(ifi));
	nl_attr(&m, IFLA_IFNAME, name, strlen(name) + 1);
	info = nl_attr(&m, IFLA_LINKINFO, NULL, 0);
	nl_attr(&m, IFLA_INFO_KIND, "veth", sizeof("veth"));
	data = nl_attr(&m, IFLA_INFO_DATA, NULL, 0);
	peer_attr = nl_attr(&m, VETH_INFO_PEER, &ifi, sizeof(ifi));
	if (!nl_attr(&m, IFLA_IFNAME, peer, strlen(peer) + 1))
		return -ENAMETOOLONG;
	nl_nest_end(&m, peer_attr);
	nl_nest_end(&m, data);
	nl_nest_end(&m, info);

	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (s < 0)
		return -errno;
	if (sendto(s, &m, m.nh.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		goto out;
	}
	n = recv(s, reply, sizeof(reply), 0);
	if (n < 0) {
		err = -errno;
		goto out;
	}
	for (nh = (struct nlmsghdr *)reply; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
		if (nh->nlmsg_type == NLMSG_ERROR &&
		    nh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
			err = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
			break;
		}
	}
out:
	close(s);
	return err;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int if_ioctl(int s, unsigned long req, struct ifreq *ifr, const char *name)
{
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
	return ioctl(s, req, ifr) ? -errno : 0;
}

static int if_set_addr(int s, const char *name, const char *addr, const char *mask)
{
	struct ifreq ifr = {};
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int err;

	sin->sin_family = AF_INET;
	inet_pton(AF_INET, addr, &sin->sin_addr);
	err = if_ioctl(s, SIOCSIFADDR, &ifr, name);
	if (err)
		return err;
	inet_pton(AF_INET, mask, &sin->sin_addr);
	return if_ioctl(s, SIOCSIFNETMASK, &ifr, name);
}

static int if_up(int s, const char *name, unsigned char *mac)
{
	struct ifreq ifr = {};
	char path[128];
	int err;

	/* no IPv6: its router and neighbour solicitations would be counted */
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", name);
	if (access(path, F_OK) == 0) {
		err = write_file(path, "1");
		if (err)
			return err;
	}
	err = if_ioctl(s, SIOCGIFHWADDR, &ifr, name);
	if (err)
		return err;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	err = if_ioctl(s, SIOCGIFFLAGS, &ifr, name);
	if (err)
		return err;
	ifr.ifr_flags |= IFF_UP;
	return if_ioctl(s, SIOCSIFFLAGS, &ifr, name);
}

/* private netns, demo0/demo1 up, demo1 10.11.0.1/24, the two sockets */
static int net_setup(struct demo *d, const char **what)
{
	int s, err;

	*what = "unshare(CLONE_NEWNET)";
	if (unshare(CLONE_NEWNET))
		return -errno;
	*what = "veth pair " IF_TX "/" IF_RX " over rtnetlink";
	err = veth_create(IF_TX, IF_RX);
	if (err)
		return err;
	*what = "setting up " IF_TX " and " IF_RX;
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	err = if_set_addr(s, IF_RX, ADDR_RX, "255.255.255.0");
	if (!err)
		err = if_up(s, IF_TX, d->mac_tx);
	if (!err)
		err = if_up(s, IF_RX, d->mac_rx);
	close(s);
	if (err)
		return err;
	d->if_tx = if_nametoindex(IF_TX);
	d->if_rx = if_nametoindex(IF_RX);
	if (!d->if_tx || !d->if_rx)
		return -ENODEV;
	*what = "the packet socket on " IF_TX;
	d->raw = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (d->raw < 0)
		return -errno;
	return 0;
}

/* the receiving socket, made once this process is in its cgroup */
static int udp_open(struct demo *d)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(UDP_PORT) };

	d->udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (d->udp < 0)
		return -errno;
	inet_pton(AF_INET, ADDR_RX, &sin.sin_addr);
	if (bind(d->udp, (struct sockaddr *)&sin, sizeof(sin)))
		return -errno;
	return 0;
}

static __u16 ip_csum(const void *hdr, size_t len)
{
	const __u16 *w = hdr;
	__u32 sum = 0;

	for (; len > 1; len -= 2)
		sum += *w++;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

struct udp_frame {
	struct ethhdr eth;
	struct iphdr ip;
	struct udphdr udp;
	char payload[18];
} __attribute__((packed));

/* @n datagrams out of demo0 to 10.11.0.1; how many the UDP socket got */
static int send_packets(struct demo *d, int n)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_IP),
		.sll_ifindex = d->if_tx,
		.sll_halen = ETH_ALEN,
	};
	struct udp_frame f = {};
	struct pollfd pfd = { .fd = d->udp, .events = POLLIN };
	char buf[64];
	int i, got = 0;

	memcpy(f.eth.h_dest, d->mac_rx, ETH_ALEN);
	memcpy(f.eth.h_source, d->mac_tx, ETH_ALEN);
	f.eth.h_proto = htons(ETH_P_IP);
	f.ip.version = 4;
	f.ip.ihl = 5;
	f.ip.tot_len = htons(sizeof(f) - sizeof(f.eth));
	f.ip.ttl = 64;
	f.ip.protocol = IPPROTO_UDP;
	inet_pton(AF_INET, ADDR_TX, &f.ip.saddr);
	inet_pton(AF_INET, ADDR_RX, &f.ip.daddr);
	f.ip.check = ip_csum(&f.ip, sizeof(f.ip));
	f.udp.source = htons(UDP_PORT);
	f.udp.dest = htons(UDP_PORT);
	f.udp.len = htons(sizeof(f.udp) + sizeof(f.payload));
	snprintf(f.payload, sizeof(f.payload), "arg_ctx demo");	/* no UDP checksum */
	memcpy(sll.sll_addr, d->mac_rx, ETH_ALEN);

	for (i = 0; i < n; i++)
		if (sendto(d->raw, &f, sizeof(f), 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
			return -errno;
	while (got < n && poll(&pfd, 1, 2000) == 1)
		while (recv(d->udp, buf, sizeof(buf), 0) > 0)
			got++;
	return got;
}

/* ---- the cgroup --------------------------------------------------------- */

static int cgroup2_root(char *buf, size_t size)
{
	char dev[64], dir[256], type[64];
	FILE *f = fopen("/proc/mounts", "re");
	int err = -ENOENT;

	if (!f)
		return -errno;
	while (fscanf(f, "%63s %255s %63s %*[^\n]", dev, dir, type) == 3) {
		if (!strcmp(type, "cgroup2")) {
			snprintf(buf, size, "%s", dir);
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}

static int cgroup_enter(struct demo *d, const char **what)
{
	char line[512], path[600], pid[16];
	FILE *f;
	int err;

	*what = "no cgroup2 mount";
	err = cgroup2_root(d->cg_root, sizeof(d->cg_root));
	if (err)
		return err;
	*what = "/proc/self/cgroup";
	f = fopen("/proc/self/cgroup", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(d->cg_orig, sizeof(d->cg_orig), "%s", line + 3);
		}
	fclose(f);
	snprintf(d->cg_dir, sizeof(d->cg_dir), "%s/arg_ctx_demo.%d", d->cg_root, getpid());
	*what = d->cg_dir;
	if (mkdir(d->cg_dir, 0755)) {
		err = -errno;
		d->cg_dir[0] = '\0';
		return err;
	}
	snprintf(path, sizeof(path), "%s/cgroup.procs", d->cg_dir);
	snprintf(pid, sizeof(pid), "%d", getpid());
	err = write_file(path, pid);
	if (err)
		return err;
	d->cg_fd = open(d->cg_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return d->cg_fd < 0 ? -errno : 0;
}

static void cgroup_leave(struct demo *d)
{
	char path[1024], pid[16];

	if (d->cg_fd >= 0)
		close(d->cg_fd);
	if (!d->cg_dir[0])
		return;
	snprintf(path, sizeof(path), "%s%s/cgroup.procs", d->cg_root, d->cg_orig);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (write_file(path, pid) || rmdir(d->cg_dir))
		fprintf(stderr, "  could not remove cgroup %s: %s\n", d->cg_dir, strerror(errno));
}

/* ---- attach and detach, per program --------------------------------------- */

/* "y", "n" or "" for CONFIG_@name of the running kernel's config */
static const char *kconfig(const char *name)
{
	static char val[8];
	char path[128], line[256], unset[128];
	struct utsname u;
	size_t len = strlen(name);
	gzFile f;

	uname(&u);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	f = gzopen("/proc/config.gz", "rb");
	if (!f)
		f = gzopen(path, "rb");
	if (!f)
		return "";
	val[0] = '\0';
	snprintf(unset, sizeof(unset), "# CONFIG_%s is not set", name);
	while (gzgets(f, line, sizeof(line))) {
		if (!strncmp(line, unset, strlen(unset)))
			snprintf(val, sizeof(val), "n");
		else if (!strncmp(line, "CONFIG_", 7) && !strncmp(line + 7, name, len) &&
			 line[7 + len] == '=')
			snprintf(val, sizeof(val), "%c", line[8 + len]);
	}
	gzclose(f);
	return val;
}

static bool have_kprobe_events(void)
{
	return access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0 ||
	       access("/sys/kernel/tracing/kprobe_events", F_OK) == 0 ||
	       access("/sys/kernel/debug/tracing/kprobe_events", F_OK) == 0;
}

static int link_or_err(struct demo_prog *p, struct bpf_link *link)
{
	if (!link)
		return -errno;
	p->link = link;
	return 0;
}

static int attach_kprobe(struct demo *d, struct demo_prog *p)
{
	int err = link_or_err(p, bpf_program__attach_kprobe(p->prog, false, "do_nanosleep"));

	if (err && !have_kprobe_events()) {
		p->skipped = true;
		snprintf(p->note, sizeof(p->note), "skipped: %s",
			 !strcmp(kconfig("KPROBES"), "n") ? "CONFIG_KPROBES is not set" :
			 "no kprobe PMU, no kprobe_events");
	}
	return err;
}

static int attach_raw_tp(struct demo *d, struct demo_prog *p)
{
	return link_or_err(p, bpf_program__attach_raw_tracepoint(p->prog, "sys_enter"));
}

static int attach_perf(struct demo *d, struct demo_prog *p)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.sample_period = 1000000,	/* ns of CPU time */
	};
	int pfd, err;

	/* this process, on any CPU */
	pfd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0)
		return -errno;
	err = link_or_err(p, bpf_program__attach_perf_event(p->prog, pfd));
	if (err)
		close(pfd);
	return err;
}

static int attach_tc(struct demo *d, struct demo_prog *p)
{
	int err;

	d->hook.sz = sizeof(d->hook);
	d->hook.ifindex = d->if_rx;
	d->hook.attach_point = BPF_TC_INGRESS;
	err = bpf_tc_hook_create(&d->hook);
	if (err && err != -EEXIST)
		return err;
	d->hook_made = true;
	d->tc_opts.sz = sizeof(d->tc_opts);
	d->tc_opts.prog_fd = bpf_program__fd(p->prog);
	return bpf_tc_attach(&d->hook, &d->tc_opts);
}

static void detach_tc(struct demo *d, struct demo_prog *p)
{
	/* the filter by its handle and priority, then the clsact qdisc */
	d->tc_opts.prog_fd = 0;
	d->tc_opts.prog_id = 0;
	d->tc_opts.flags = 0;
	if (bpf_tc_detach(&d->hook, &d->tc_opts))
		snprintf(p->note, sizeof(p->note), "bpf_tc_detach: %s", strerror(errno));
}

static int attach_socket(struct demo *d, struct demo_prog *p)
{
	int fd = bpf_program__fd(p->prog);

	return setsockopt(d->udp, SOL_SOCKET, SO_ATTACH_BPF, &fd, sizeof(fd)) ? -errno : 0;
}

static void detach_socket(struct demo *d, struct demo_prog *p)
{
	int zero = 0;

	if (setsockopt(d->udp, SOL_SOCKET, SO_DETACH_BPF, &zero, sizeof(zero)))
		snprintf(p->note, sizeof(p->note), "SO_DETACH_BPF: %s", strerror(errno));
}

static int attach_cgroup(struct demo *d, struct demo_prog *p)
{
	return link_or_err(p, bpf_program__attach_cgroup(p->prog, d->cg_fd));
}

static int attach_xdp(struct demo *d, struct demo_prog *p)
{
	d->xdp_flags = XDP_FLAGS_DRV_MODE;
	return bpf_xdp_attach(d->if_rx, bpf_program__fd(p->prog), d->xdp_flags, NULL);
}

static void detach_xdp(struct demo *d, struct demo_prog *p)
{
	if (bpf_xdp_detach(d->if_rx, d->xdp_flags, NULL))
		snprintf(p->note, sizeof(p->note), "bpf_xdp_detach: %s", strerror(errno));
}

static void detach(struct demo *d, struct demo_prog *p)
{
	if (!p->attached)
		return;
	if (p->link)
		bpf_link__destroy(p->link);
	else
		p->detach(d, p);
	p->link = NULL;
	p->attached = false;
}

/* ---- the events ------------------------------------------------------------ */

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* every event the programs wait for; how many datagrams arrived */
static int make_events(struct demo *d)
{
	struct timespec ms = { 0, 1000000 };
	volatile unsigned long spin = 0;
	double t0;
	int i;

	for (i = 0; i < NANOSLEEPS; i++)
		nanosleep(&ms, NULL);
	/* reading the clock is a syscall: not on every round */
	t0 = cpu_ms();
	do {
		for (i = 0; i < 1000000; i++)
			spin++;
	} while (cpu_ms() - t0 < SPIN_MS);
	return send_packets(d, PACKETS);
}

/* ---- main ------------------------------------------------------------------- */

static int demo_fail(const char *what, int err)
{
	printf("  %s: %s\n", what, strerror(-err));
	return 1;
}

int main(void)
{
	struct demo d = { .udp = -1, .raw = -1, .cg_fd = -1 };
	__u64 before[NR_PROGS], after[NR_PROGS];
	int i, err, got, again, attached = 0, counted = 0, skipped = 0;
	const char *what = "";
	bool quiet_after = true;
	struct utsname u;

	uname(&u);
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(collect);

	d.skel = arg_ctx_demo__open();
	if (!d.skel) {
		printf("=== kernel %s ===\n", u.release);
		return demo_fail("opening the demo object", -errno);
	}
	d.skel->rodata->demo_pid = getpid();
	err = arg_ctx_demo__load(d.skel);
	printf("=== kernel %s: %s ===\n", u.release,
	       native == 1 ? "arg:ctx understood natively, nothing rewritten" :
	       native == 0 ? "no native arg:ctx support, the loader rewrites" :
	       "arg:ctx support unknown");
	if (err) {
		fputs(warnings, stdout);
		arg_ctx_demo__destroy(d.skel);
		return demo_fail("loading the demo object", err);
	}
	warnings_len = 0;
	warnings[0] = '\0';

	err = net_setup(&d, &what);
	if (!err)
		err = cgroup_enter(&d, &what);
	if (!err) {
		what = "the UDP socket on " IF_RX;
		err = udp_open(&d);
	}
	if (err) {
		err = demo_fail(what, err);
		goto out;
	}

	for (i = 0; i < NR_PROGS; i++) {
		struct demo_prog *p = &progs[i];

		p->prog = bpf_object__find_program_by_name(d.skel->obj, p->name);
		err = p->prog ? p->attach(&d, p) : -ENOENT;
		if (!err) {
			p->attached = true;
			attached++;
		} else if (!p->skipped) {
			snprintf(p->note, sizeof(p->note), "attach failed: %s", strerror(-err));
		}
	}
	memcpy(before, d.skel->bss->counts, sizeof(before));
	got = make_events(&d);
	for (i = 0; i < NR_PROGS; i++)
		detach(&d, &progs[i]);
	memcpy(after, d.skel->bss->counts, sizeof(after));
	/* once more with nothing attached: nothing may count */
	again = make_events(&d);

	printf("  %d programs loaded; events: %d nanosleep(), %d ms of CPU, %d UDP packets %s -> %s",
	       NR_PROGS, NANOSLEEPS, SPIN_MS, PACKETS, IF_TX, IF_RX);
	if (got != PACKETS)
		printf(" (FAIL: %d arrived)", got);
	printf("\n");
	for (i = 0; i < NR_PROGS; i++) {
		struct demo_prog *p = &progs[i];
		__u64 n = after[i] - before[i];
		const char *type = p->prog ? libbpf_bpf_prog_type_str(bpf_program__type(p->prog)) : NULL;
		char verdict[200];

		if (p->note[0]) {
			snprintf(verdict, sizeof(verdict), "%s", p->note);
		} else {
			bool ok = p->expect ? n == p->expect : n > 0;

			snprintf(verdict, sizeof(verdict), "%5llu events%s", (unsigned long long)n,
				 ok ? "" : p->expect ? "  <- FAIL: not the number made" :
				 "  <- FAIL: none");
			counted += ok;
		}
		skipped += p->skipped;
		if (d.skel->bss->counts[i] != after[i])
			quiet_after = false;
		printf("  %-16s %-15s %-24s %s\n", p->name, type ?: "?", p->where, verdict);
		fputs(p->rewrites, stdout);
	}
	printf("  %d of %d attached and counting", counted, NR_PROGS);
	if (skipped)
		printf(" (%d skipped)", skipped);
	if (!quiet_after)
		printf("; FAIL: detached, but counting went on\n");
	else if (again != PACKETS)
		printf("; detached, FAIL: %d of %d packets arrived again\n", again, PACKETS);
	else
		printf("; detached, the same events again: nothing counted\n");
	err = counted + skipped == NR_PROGS && attached + skipped == NR_PROGS &&
	      quiet_after && again == PACKETS && got == PACKETS ? 0 : 1;
	if (err && warnings_len)
		printf("  the library's warnings:\n%s", warnings);
out:
	for (i = 0; i < NR_PROGS; i++)
		detach(&d, &progs[i]);
	if (d.hook_made) {
		d.hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&d.hook);
	}
	if (d.udp >= 0)
		close(d.udp);
	if (d.raw >= 0)
		close(d.raw);
	cgroup_leave(&d);
	arg_ctx_demo__destroy(d.skel);
	return err;
}
