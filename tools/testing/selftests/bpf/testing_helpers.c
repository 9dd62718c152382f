// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Helpers for the kernel tests; see testing_helpers.h.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "test_progs.h"
#include <bpf/libbpf_internal.h>

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

int prog_fd_by_name(const struct bpf_object *obj, const char *name)
{
	struct bpf_program *prog;

	prog = bpf_object__find_program_by_name(obj, name);
	if (!prog)
		return -ENOENT;
	return bpf_program__fd(prog);
}

int load_prog_fd(const char *file, const char *prog_name,
		 struct bpf_object **pobj)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err, fd;

	*pobj = NULL;
	obj = bpf_object__open_file(file, NULL);
	if (!obj)
		return -errno;
	if (prog_name)
		prog = bpf_object__find_program_by_name(obj, prog_name);
	else
		prog = bpf_object__next_program(obj, NULL);
	if (!prog) {
		err = -ENOENT;
		goto err_close;
	}
	err = bpf_object__load(obj);
	if (err)
		goto err_close;
	fd = bpf_program__fd(prog);
	if (fd < 0) {
		err = fd;
		goto err_close;
	}
	*pobj = obj;
	return fd;

err_close:
	bpf_object__close(obj);
	return err;
}

int count_open_fds(void)
{
	struct dirent *de;
	int cnt = 0;
	DIR *dir;

	dir = opendir("/proc/self/fd");
	if (!dir)
		return -errno;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			cnt++;
	closedir(dir);
	/* the directory's own fd was open while counting */
	return cnt - 1;
}

int count_mappings(const char *name)
{
	char line[512];
	int n = 0;
	FILE *fp = fopen("/proc/self/maps", "re");

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp))
		n += strstr(line, name) != NULL;
	fclose(fp);
	return n;
}

size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

int run_prog_pkt(int prog_fd, size_t pkt_len, __u32 *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	unsigned char *pkt;
	int err;

	if (pkt_len < 14)
		return -EINVAL;
	pkt = calloc(1, pkt_len);
	if (!pkt)
		return -ENOMEM;
	/* Ethernet: locally administered addresses, type IPv4 */
	pkt[0] = 0x02;
	pkt[5] = 0x01;
	pkt[6] = 0x02;
	pkt[11] = 0x02;
	pkt[12] = 0x08;
	pkt[13] = 0x00;
	if (pkt_len >= 34) {
		size_t ip_len = pkt_len - 14;

		pkt[14] = 0x45;			/* version 4, ihl 5 */
		pkt[16] = (ip_len >> 8) & 0xff;	/* total length */
		pkt[17] = ip_len & 0xff;
		pkt[22] = 64;			/* ttl */
		pkt[23] = 17;			/* UDP */
		pkt[26] = 10;			/* 10.0.0.1 -> 10.0.0.2 */
		pkt[29] = 1;
		pkt[30] = 10;
		pkt[33] = 2;
	}
	opts.data_in = pkt;
	opts.data_size_in = pkt_len;
	opts.repeat = 1;
	err = bpf_prog_test_run_opts(prog_fd, &opts);
	if (err < 0)
		err = -errno;
	free(pkt);
	if (!err && retval)
		*retval = opts.retval;
	return err;
}

int run_prog_ctx(int prog_fd, void *ctx, size_t ctx_size, __u32 *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	int err;

	opts.ctx_in = ctx;
	opts.ctx_size_in = ctx_size;
	err = bpf_prog_test_run_opts(prog_fd, &opts);
	if (err < 0)
		return -errno;
	if (retval)
		*retval = opts.retval;
	return 0;
}

__u32 running_kernel_version(void)
{
	static __u32 version;
	int major = 0, minor = 0, patch = 0;
	struct utsname u;

	if (version)
		return version;
	if (uname(&u))
		return 0;
	if (sscanf(u.release, "%d.%d.%d", &major, &minor, &patch) < 2)
		return 0;
	version = KERNEL_VERSION(major, minor, patch);
	return version;
}

/* the desc of the "Linux" note of type 0 in one PT_NOTE segment */
static bool vdso_note_version(const char *p, size_t size, __u32 *code)
{
	const Elf64_Nhdr *n;
	size_t off = 0, len;

	while (off + sizeof(*n) <= size) {
		n = (const Elf64_Nhdr *)(p + off);
		off += sizeof(*n);
		len = ((size_t)n->n_namesz + 3) / 4 * 4 +
		      ((size_t)n->n_descsz + 3) / 4 * 4;
		if (len > size - off)
			return false;
		if (n->n_type == 0 && n->n_namesz == 6 && n->n_descsz == 4 &&
		    !memcmp(p + off, "Linux", 6)) {
			memcpy(code, p + off + 8, 4);
			return true;
		}
		off += len;
	}
	return false;
}

__u32 kernel_version_code(void)
{
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	const char *base;
	__u32 code;
	int i;

	base = (const char *)getauxval(AT_SYSINFO_EHDR);
	if (!base)
		return running_kernel_version();
	eh = (const Elf64_Ehdr *)base;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64)
		return running_kernel_version();
	for (i = 0; i < eh->e_phnum; i++) {
		ph = (const Elf64_Phdr *)(base + eh->e_phoff + i * eh->e_phentsize);
		if (ph->p_type != PT_NOTE)
			continue;
		if (vdso_note_version(base + ph->p_offset, ph->p_filesz, &code))
			return code;
	}
	return running_kernel_version();
}

bool kernel_at_least(int major, int minor)
{
	return running_kernel_version() >= (__u32)KERNEL_VERSION(major, minor, 0);
}

bool require_kernel(int major, int minor, const char *feature)
{
	__u32 v = running_kernel_version();

	if (kernel_at_least(major, minor))
		return true;
	test__skip("%s needs kernel %d.%d, running %u.%u", feature, major,
		   minor, v >> 16, (v >> 8) & 0xff);
	return false;
}

bool require(bool have, const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	if (have)
		return true;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	test__skip("%s", reason);
	return false;
}

const struct btf *vmlinux_btf(void)
{
	static struct btf *btf;
	static bool tried;

	if (!tried) {
		tried = true;
		btf = btf__load_vmlinux_btf();
	}
	return btf;
}

bool kernel_btf_has(const char *name, int kind)
{
	const struct btf *btf = vmlinux_btf();

	return btf && btf__find_by_name_kind(btf, name, kind) > 0;
}

__u64 kallsyms_addr(const char *name)
{
	char line[512], sym[256], type;
	unsigned long long addr;
	__u64 found = 0;
	FILE *f;

	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) != 3)
			continue;
		if (strcmp(sym, name) == 0) {
			found = addr;
			break;
		}
	}
	fclose(f);
	return found;
}

bool probe_map_type(enum bpf_map_type type)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	__u32 key = 4, value = 4, max = 1;
	int fd;

	switch (type) {
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		key = value = 0;
		max = getpagesize();
		break;
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
	case BPF_MAP_TYPE_BLOOM_FILTER:
		key = 0;
		break;
	case BPF_MAP_TYPE_LPM_TRIE:
		key = 8;
		opts.map_flags = BPF_F_NO_PREALLOC;
		break;
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
		/* these need BTF; a wrong one still tells EINVAL from unknown */
		return false;
	default:
		break;
	}
	fd = bpf_map_create(type, NULL, key, value, max, &opts);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int datasec_var(const struct bpf_object *obj, const char *sec,
		const char *var, __u32 *size)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *t, *vt;
	struct btf *btf;
	int id, i;

	btf = bpf_object__btf(obj);
	if (!btf)
		return -ENOENT;
	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id <= 0)
		return -ENOENT;
	t = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vs++) {
		vt = btf__type_by_id(btf, vs->type);
		if (!vt || strcmp(btf__name_by_offset(btf, vt->name_off), var))
			continue;
		if (size)
			*size = vs->size;
		return vs->offset;
	}
	return -ENOENT;
}

int read_global_map(const struct bpf_map *map, void *buf, size_t size)
{
	__u32 zero = 0;

	return bpf_map__lookup_elem(map, &zero, sizeof(zero), buf, size, 0);
}

int write_global_map(const struct bpf_map *map, const void *buf, size_t size)
{
	__u32 zero = 0;

	return bpf_map__update_elem(map, &zero, sizeof(zero), buf, size, 0);
}

static int global_var_access(const struct bpf_object *obj, const char *sec,
			     const char *var, void *data, size_t size,
			     bool write)
{
	const struct bpf_map *map;
	__u32 var_size = 0;
	size_t map_size;
	char *buf;
	int off, err;

	map = bpf_object__find_map_by_name(obj, sec);
	if (!map)
		return -ENOENT;
	off = datasec_var(obj, sec, var, &var_size);
	if (off < 0)
		return off;
	map_size = bpf_map__value_size(map);
	if (var_size != size || off + size > map_size)
		return -EINVAL;
	buf = malloc(map_size);
	if (!buf)
		return -ENOMEM;
	err = read_global_map(map, buf, map_size);
	if (err)
		goto out;
	if (write) {
		memcpy(buf + off, data, size);
		err = write_global_map(map, buf, map_size);
	} else {
		memcpy(data, buf + off, size);
	}
out:
	free(buf);
	return err;
}

int global_var_read(const struct bpf_object *obj, const char *sec,
		    const char *var, void *out, size_t size)
{
	return global_var_access(obj, sec, var, out, size, false);
}

int global_var_write(const struct bpf_object *obj, const char *sec,
		     const char *var, const void *in, size_t size)
{
	return global_var_access(obj, sec, var, (void *)in, size, true);
}

int bpffs_dir_create(struct bpffs_dir *d)
{
	struct statfs st;

	memset(d, 0, sizeof(*d));
	if (statfs("/sys/fs/bpf", &st) == 0 && st.f_type == BPF_FS_MAGIC) {
		snprintf(d->path, sizeof(d->path), "/sys/fs/bpf/test_progs_XXXXXX");
		if (!mkdtemp(d->path))
			return -errno;
		return 0;
	}
	if (mkdir("/tmp", 01777) && errno != EEXIST)
		return -errno;
	snprintf(d->path, sizeof(d->path), "/tmp/test_progs_bpffs_XXXXXX");
	if (!mkdtemp(d->path))
		return -errno;
	if (mount("bpf", d->path, "bpf", 0, "mode=0700")) {
		int err = -errno;

		rmdir(d->path);
		return err;
	}
	d->mounted = true;
	return 0;
}

static void remove_tree(const char *path)
{
	char child[512];
	struct dirent *de;
	DIR *dir;

	dir = opendir(path);
	if (!dir) {
		unlink(path);
		return;
	}
	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		path_join(child, sizeof(child), path, de->d_name);
		if (de->d_type == DT_DIR)
			remove_tree(child);
		else
			unlink(child);
	}
	closedir(dir);
	rmdir(path);
}

void bpffs_dir_destroy(struct bpffs_dir *d)
{
	if (!d->path[0])
		return;
	if (d->mounted) {
		umount2(d->path, MNT_DETACH);
		rmdir(d->path);
	} else {
		remove_tree(d->path);
	}
	d->path[0] = '\0';
}

const char *path_join(char *buf, size_t size, const char *dir, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
	return buf;
}

bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int config_find(gzFile f, const char *name, char *buf, size_t size)
{
	char line[1024], *val, *end;
	size_t len = strlen(name);

	while (gzgets(f, line, sizeof(line))) {
		if (strncmp(line, "CONFIG_", 7) || strncmp(line + 7, name, len) ||
		    line[7 + len] != '=')
			continue;
		val = line + 8 + len;
		end = val + strcspn(val, "\n");
		*end = '\0';
		if (*val == '"') {
			val++;
			if (end > val && end[-1] == '"')
				end[-1] = '\0';
		}
		snprintf(buf, size, "%s", val);
		return 0;
	}
	return -ENOENT;
}

int kernel_config_value(const char *name, char *buf, size_t size)
{
	char path[256];
	struct utsname u;
	gzFile f = NULL;
	int err;

	if (uname(&u) == 0) {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		f = gzopen(path, "re");
	}
	if (!f)
		f = gzopen("/proc/config.gz", "re");
	if (!f)
		return -ENODATA;
	err = config_find(f, name, buf, size);
	gzclose(f);
	return err;
}

struct bpf_object *load_only_prog(const char *file, const char *prog_name)
{
	struct bpf_program *prog;
	struct bpf_object *obj;

	obj = bpf_object__open_file(file, NULL);
	if (!ASSERT_OK_PTR(obj, file))
		return NULL;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), prog_name));
	if (!ASSERT_OK(bpf_object__load(obj), prog_name)) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

__u64 bss_u64(const struct bpf_object *obj, const char *name)
{
	__u64 v = 0xbad;

	ASSERT_OK(global_var_read(obj, ".bss", name, &v, sizeof(v)), name);
	return v;
}

/* whether @name is listed in tcp_available_congestion_control */
bool cc_available(const char *name)
{
	char buf[1024], *tok, *save;
	bool found = false;
	FILE *fp;

	fp = fopen("/proc/sys/net/ipv4/tcp_available_congestion_control", "re");
	if (!fp)
		return false;
	if (fgets(buf, sizeof(buf), fp))
		for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
			found |= !strcmp(tok, name);
	fclose(fp);
	return found;
}

/* ---- network namespaces and devices ------------------------------------ */

static int set_if_up(int s, const char *name)
{
	struct ifreq ifr = {};

	if (strlen(name) >= sizeof(ifr.ifr_name))
		return -ENAMETOOLONG;
	strcpy(ifr.ifr_name, name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr))
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr))
		return -errno;
	return 0;
}

int link_set_up(const char *name)
{
	int s, err;

	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	err = set_if_up(s, name);
	close(s);
	return err;
}

int enter_private_netns(void)
{
	int orig;

	orig = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (orig < 0)
		return -errno;
	if (unshare(CLONE_NEWNET)) {
		int err = -errno;

		close(orig);
		return err;
	}
	if (link_set_up("lo")) {
		setns(orig, CLONE_NEWNET);
		close(orig);
		return -EIO;
	}
	return orig;
}

void leave_netns(int orig)
{
	ASSERT_OK(setns(orig, CLONE_NEWNET), "back to the original netns");
	close(orig);
}

/* a netlink request being built: the header, then attributes */
struct nl_req {
	union {
		struct nlmsghdr nh;
		char buf[1024];
	};
};

/* append attribute @type with @len bytes of @data (NULL: zeroes); its offset */
static size_t req_attr(struct nl_req *r, __u16 type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(r->nh.nlmsg_len);
	struct nlattr *a = (struct nlattr *)(r->buf + off);

	if (off + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(r->buf))
		return 0;	/* never for the fixed requests built here */
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (data)
		memcpy(r->buf + off + NLA_HDRLEN, data, len);
	else
		memset(r->buf + off + NLA_HDRLEN, 0, len);
	r->nh.nlmsg_len = off + NLA_HDRLEN + NLA_ALIGN(len);
	return off;
}

static size_t req_nest(struct nl_req *r, __u16 type)
{
	return req_attr(r, type, NULL, 0);	/* no NLA_F_NESTED, as iproute2 */
}

/* the nest at @off ends here */
static void req_nest_end(struct nl_req *r, size_t off)
{
	((struct nlattr *)(r->buf + off))->nla_len = r->nh.nlmsg_len - off;
}

/* send @r on a NETLINK_ROUTE socket and return the error of its ack */
static int rtnl_ack(struct nl_req *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char reply[4096];
	struct nlmsghdr *nh;
	int s, err = -EPROTO;
	ssize_t n;

	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (s < 0)
		return -errno;
	r->nh.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	r->nh.nlmsg_seq = 1;
	if (sendto(s, r->buf, r->nh.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		goto out;
	}
	for (;;) {
		n = recv(s, reply, sizeof(reply), 0);
		if (n < 0) {
			err = -errno;
			goto out;
		}
		for (nh = (struct nlmsghdr *)reply; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_seq != 1)
				continue;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				err = nh->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) ? e->error : -EPROTO;
				goto out;
			}
		}
	}
out:
	close(s);
	return err;
}

int veth_pair_create(const char *name, const char *peer)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	size_t info, data, peer_nest;
	struct nl_req r = {};

	if (strlen(name) >= IFNAMSIZ || strlen(peer) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	r.nh.nlmsg_type = RTM_NEWLINK;
	r.nh.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	r.nh.nlmsg_len = NLMSG_LENGTH(sizeof(ifi));
	memcpy(NLMSG_DATA(&r.nh), &ifi, sizeof(ifi));
	req_attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
	info = req_nest(&r, IFLA_LINKINFO);
	req_attr(&r, IFLA_INFO_KIND, "veth", sizeof("veth"));
	data = req_nest(&r, IFLA_INFO_DATA);
	/* the peer: an ifinfomsg, then the peer's own attributes */
	peer_nest = req_attr(&r, VETH_INFO_PEER, &ifi, sizeof(ifi));
	req_attr(&r, IFLA_IFNAME, peer, strlen(peer) + 1);
	req_nest_end(&r, peer_nest);
	req_nest_end(&r, data);
	req_nest_end(&r, info);
	return rtnl_ack(&r);
}

/* the library's own forced-off feature set comes from this variable */
#define FORCE_ENV "LIBBPF_FORCE_NO_FEATURES"

bool force_kern_features_off(const char *names)
{
	const char *env = getenv(FORCE_ENV);
	char list[256];

	snprintf(list, sizeof(list), "%s%s%s", env ?: "", env && *env ? "," : "", names);
	return ASSERT_OK(kern_features_force_off(list), "force kernel features off");
}

bool force_arg_ctx_fallback(void)
{
	return force_kern_features_off("arg_ctx");
}

void restore_kern_features(void)
{
	if (kern_features_force_off(getenv(FORCE_ENV)))
		kern_features_force_off(NULL);
}
