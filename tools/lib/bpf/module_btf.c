// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel module BTF. A kernel built with CONFIG_DEBUG_INFO_BTF_MODULES
 * (5.11+) has one kernel BTF object per loaded module, split BTF on top of
 * vmlinux BTF, listed among the BTF objects by id. When a name is not in
 * vmlinux BTF (a CO-RE type, a kfunc, a __ksym variable, a tracing attach
 * target), the loader searches these.
 *
 * Two levels:
 *  - per process: the list of module BTFs, parsed on the first lookup that
 *    missed in vmlinux and kept, like vmlinux BTF; a lookup that misses in
 *    every module once per object refreshes the list (modules loaded
 *    since are added, unloaded ones dropped). Entries are never freed, so
 *    pointers to them stay valid while another thread refreshes.
 *  - per object: an fd of each module BTF the object's programs refer to,
 *    opened by BTF object id at first use and closed with the object, and
 *    the fd_array of the program loads (index 0 is reserved: a kfunc call
 *    with insn->off 0 means vmlinux).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libbpf_internal.h"
#include "bpf.h"

/* ---- the per-process list -------------------------------------------------- */

static pthread_mutex_t kmods_lock = PTHREAD_MUTEX_INITIALIZER;
static struct module_btf **kmods;
static size_t kmods_cnt, kmods_cap;
static bool kmods_scanned;
static int kmods_err;		/* of the last scan: the objects could not be listed */
static __u32 kmods_max_id;	/* BTF object ids up to this one were looked at */

/* is BTF object id still listed? ids are never reused */
static bool id_listed(const __u32 *ids, size_t n, __u32 id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/*
 * Look at BTF object id (new since the last scan): a module's kernel BTF is
 * parsed and added; anything else (vmlinux, programs' BTF) is skipped.
 */
static int scan_one(__u32 id, struct btf *vmlinux)
{
	struct bpf_btf_info info;
	struct module_btf *m;
	char name[64] = "";
	__u32 len = sizeof(info);
	struct btf *btf;
	int fd, err;

	fd = bpf_btf_get_fd_by_id(id);
	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;	/* gone in between: fine */
	memset(&info, 0, sizeof(info));
	info.name = (__u64)(unsigned long)name;
	info.name_len = sizeof(name);
	err = bpf_btf_get_info_by_fd(fd, &info, &len);
	close(fd);
	if (err)
		return err;
	name[sizeof(name) - 1] = '\0';
	/* kernels before 5.11 have no kernel_btf field: no module BTF either */
	if (!info.kernel_btf || !name[0] || !strcmp(name, "vmlinux"))
		return 0;
	btf = btf__load_from_kernel_by_id_split(id, vmlinux);
	if (!btf && errno == EINVAL) {
		/* one module's BTF this library cannot parse hides no other */
		pr_warn("BTF: module '%s' (BTF object id %u): BTF cannot be parsed, skipped\n",
			name, id);
		return 0;
	}
	if (!btf)
		return -errno == -ENOENT ? 0 : -errno;
	err = libbpf_ensure_mem((void **)&kmods, &kmods_cap, sizeof(*kmods), kmods_cnt + 1);
	m = err ? NULL : calloc(1, sizeof(*m));
	if (m)
		m->name = strdup(name);
	if (!m || !m->name) {
		free(m);
		btf__free(btf);
		return -ENOMEM;
	}
	m->id = id;
	m->btf = btf;
	kmods[kmods_cnt++] = m;
	pr_debug("BTF: module '%s': BTF object id %u, %u types of its own\n", name, id,
		 btf__type_cnt(btf) - btf__type_cnt(vmlinux));
	return 0;
}

/* with kmods_lock held */
static int scan_modules(void)
{
	struct btf *vmlinux = libbpf_vmlinux_btf();
	__u32 id = 0, *ids = NULL;
	size_t n = 0, cap = 0, i;
	int err;

	if (!vmlinux)
		return -errno;
	/* first the ids, then the new ones' BTF: scanning takes a while */
	for (;;) {
		err = bpf_btf_get_next_id(id, &id);
		if (err == -ENOENT) {
			err = 0;
			break;
		}
		if (err)
			goto out;
		err = libbpf_ensure_mem((void **)&ids, &cap, sizeof(*ids), n + 1);
		if (err)
			goto out;
		ids[n++] = id;
	}
	for (i = 0; i < n; i++) {
		if (ids[i] <= kmods_max_id)
			continue;
		err = scan_one(ids[i], vmlinux);
		if (err)
			goto out;
		/* ids ascend: what is listed is never scanned again, even if a later one fails */
		kmods_max_id = ids[i];
	}
	for (i = 0; i < kmods_cnt; i++) {
		if (!kmods[i]->gone && !id_listed(ids, n, kmods[i]->id)) {
			pr_debug("BTF: module '%s' (BTF object id %u) is gone\n", kmods[i]->name,
				 kmods[i]->id);
			kmods[i]->gone = true;
		}
	}
out:
	free(ids);
	if (err)
		pr_warn("BTF: cannot list kernel module BTF objects, modules are not searched: %s\n",
			libbpf_errstr(err));
	return err;
}

/*
 * Snapshot of the modules with BTF; *mods is the caller's to free, the
 * entries are shared and never freed. refresh looks for loaded and
 * unloaded modules again.
 */
static int libbpf_module_btfs(bool refresh, struct module_btf ***mods, size_t *cnt)
{
	struct module_btf **out;
	size_t i, n = 0;
	int err;

	*mods = NULL;
	*cnt = 0;
	pthread_mutex_lock(&kmods_lock);
	if (!kmods_scanned || refresh) {
		kmods_err = scan_modules();
		kmods_scanned = true;
	}
	err = kmods_err;
	out = calloc(kmods_cnt ?: 1, sizeof(*out));
	if (!out)
		err = -ENOMEM;
	for (i = 0; out && i < kmods_cnt; i++)
		if (!kmods[i]->gone)
			out[n++] = kmods[i];
	pthread_mutex_unlock(&kmods_lock);
	if (!out)
		return err;
	*mods = out;
	*cnt = n;
	/* what was found before a failed scan still counts */
	return n ? 0 : err;
}

/* ---- lookups ------------------------------------------------------------------ */

__u32 module_btf_first_id(const struct module_btf *m)
{
	const struct btf *base = btf__base_btf(m->btf);

	return base ? btf__type_cnt(base) : 1;
}

/* id of the module's own type of kind named name, or -ENOENT */
static int module_btf_find(const struct module_btf *m, const char *name, __u32 kind)
{
	__u32 id, n = btf__type_cnt(m->btf);

	for (id = module_btf_first_id(m); id < n; id++) {
		const struct btf_type *t = btf__type_by_id(m->btf, id);
		const char *tname;

		if (btf_kind(t) != kind)
			continue;
		tname = btf__name_by_offset(m->btf, t->name_off);
		if (tname && !strcmp(tname, name))
			return id;
	}
	return -ENOENT;
}

int kernel_module_btfs(struct bpf_object *obj, bool miss, struct module_btf ***mods,
		       size_t *cnt)
{
	bool refresh = false;

	if (miss && obj && !obj->kmods_refreshed) {
		obj->kmods_refreshed = true;
		refresh = true;
	}
	return libbpf_module_btfs(refresh, mods, cnt);
}

/* search modules, or only module mod_name, once, then after a refresh */
int kernel_module_find(struct bpf_object *obj, const char *mod_name, const char *name,
		       __u32 kind, const struct module_btf **mod)
{
	struct module_btf **mods;
	size_t cnt, i;
	int pass, id = -ENOENT, err = 0;

	*mod = NULL;
	for (pass = 0; pass < 2; pass++) {
		if (pass && (!obj || obj->kmods_refreshed))
			break;
		err = kernel_module_btfs(obj, pass, &mods, &cnt);
		for (i = 0; i < cnt; i++) {
			if (mod_name && strcmp(mods[i]->name, mod_name))
				continue;
			id = module_btf_find(mods[i], name, kind);
			if (id > 0) {
				*mod = mods[i];
				break;
			}
		}
		free(mods);
		if (id > 0)
			return id;
	}
	return err ?: -ENOENT;
}

/* ---- per-object fds ------------------------------------------------------------ */

int bpf_object_module_btf_fd(struct bpf_object *obj, const struct module_btf *m,
			     int *fd_idx)
{
	size_t i, cap;
	int fd, err;

	for (i = 0; i < obj->nr_kmod_fds; i++) {
		if (obj->kmod_fds[i].id == m->id) {
			if (fd_idx)
				*fd_idx = obj->kmod_fds[i].fd_idx;
			return obj->kmod_fds[i].fd;
		}
	}
	if (obj->fd_array_cnt >= 32767) {
		pr_warn("object '%s': too many kernel module BTFs referenced\n", obj->name);
		return -E2BIG;
	}
	fd = bpf_btf_get_fd_by_id(m->id);
	if (fd < 0) {
		pr_warn("object '%s': cannot open the BTF of module '%s' (id %u): %s\n",
			obj->name, m->name, m->id,
			fd == -ENOENT ? "the module was unloaded" : libbpf_errstr(fd));
		return fd;
	}
	cap = obj->kmod_fds_cap;
	err = libbpf_ensure_mem((void **)&obj->kmod_fds, &cap, sizeof(*obj->kmod_fds),
				obj->nr_kmod_fds + 1);
	obj->kmod_fds_cap = cap;
	if (!err) {
		cap = obj->fd_array_cap;
		/* slot 0 is reserved: insn->off 0 means vmlinux */
		err = libbpf_ensure_mem((void **)&obj->fd_array, &cap, sizeof(*obj->fd_array),
					(obj->fd_array_cnt ?: 1) + 1);
		obj->fd_array_cap = cap;
	}
	if (err) {
		close(fd);
		return err;
	}
	if (!obj->fd_array_cnt) {
		obj->fd_array[0] = -1;
		obj->fd_array_cnt = 1;
	}
	obj->fd_array[obj->fd_array_cnt] = fd;
	obj->kmod_fds[obj->nr_kmod_fds].id = m->id;
	obj->kmod_fds[obj->nr_kmod_fds].fd = fd;
	obj->kmod_fds[obj->nr_kmod_fds].fd_idx = obj->fd_array_cnt;
	obj->nr_kmod_fds++;
	if (fd_idx)
		*fd_idx = obj->fd_array_cnt;
	obj->fd_array_cnt++;
	pr_debug("object '%s': module '%s' BTF fd %d at fd_array[%d]\n", obj->name, m->name,
		 fd, obj->fd_array_cnt - 1);
	return fd;
}

void bpf_object_close_module_btfs(struct bpf_object *obj)
{
	size_t i;

	for (i = 0; i < obj->nr_kmod_fds; i++)
		close(obj->kmod_fds[i].fd);
	free(obj->kmod_fds);
	free(obj->fd_array);
	obj->kmod_fds = NULL;
	obj->fd_array = NULL;
	obj->nr_kmod_fds = obj->kmod_fds_cap = 0;
	obj->fd_array_cnt = 0;
	obj->fd_array_cap = 0;
	obj->kmods_refreshed = false;
}

/* ---- attach targets ------------------------------------------------------------ */

void attach_target_naming(enum bpf_attach_type type, const char **pfx, __u32 *kind)
{
	*kind = BTF_KIND_FUNC;
	switch (type) {
	case BPF_TRACE_RAW_TP:
		/* tp_btf: the tracepoint's "typedef void (*btf_trace_X)(...)" */
		*pfx = "btf_trace_";
		*kind = BTF_KIND_TYPEDEF;
		break;
	case BPF_LSM_MAC:
	case BPF_LSM_CGROUP:
		*pfx = "bpf_lsm_";
		break;
	case BPF_TRACE_ITER:
		*pfx = "bpf_iter_";
		break;
	default:
		*pfx = "";
		break;
	}
}

int libbpf_find_vmlinux_btf_id(const char *name, enum bpf_attach_type attach_type)
{
	const char *pfx;
	char full[256];
	__u32 kind;
	int id;

	if (!name || !name[0]) {
		pr_warn("libbpf_find_vmlinux_btf_id: no target name\n");
		return libbpf_err(-EINVAL);
	}
	attach_target_naming(attach_type, &pfx, &kind);
	if ((size_t)snprintf(full, sizeof(full), "%s%s", pfx, name) >= sizeof(full)) {
		pr_warn("attach target '%s' is too long\n", name);
		return libbpf_err(-ENAMETOOLONG);
	}
	if (!libbpf_vmlinux_btf()) {
		id = -errno;
		pr_warn("attach target '%s': no kernel BTF: %s\n", full, libbpf_errstr(id));
		return libbpf_err(id);
	}
	id = libbpf_vmlinux_find(full, kind);
	if (id <= 0) {
		pr_warn("attach target %s '%s' not found in the kernel's BTF\n",
			kind == BTF_KIND_TYPEDEF ? "typedef" : "function", full);
		return libbpf_err(-ENOENT);
	}
	return id;
}

int kernel_attach_btf_id(struct bpf_object *obj, const char *prog_name, const char *pfx,
			 const char *target, __u32 kind, __u32 *btf_id, int *btf_obj_fd)
{
	const struct module_btf *m = NULL;
	const char *colon = strchr(target, ':');
	char mod[64] = "", name[256];
	struct btf *vmlinux;
	int id = -ENOENT, fd;

	*btf_obj_fd = 0;
	if (colon) {
		/* "module:function" names where to look */
		if (colon == target || !colon[1]) {
			pr_warn("prog '%s': attach target '%s' is not 'module:function'\n",
				prog_name, target);
			return -EINVAL;
		}
		if ((size_t)(colon - target) >= sizeof(mod)) {
			pr_warn("prog '%s': attach target '%s': module name longer than %zu bytes\n",
				prog_name, target, sizeof(mod) - 1);
			return -EINVAL;
		}
		memcpy(mod, target, colon - target);
		target = colon + 1;
	}
	if ((size_t)snprintf(name, sizeof(name), "%s%s", pfx, target) >= sizeof(name)) {
		pr_warn("prog '%s': attach target '%s' is too long\n", prog_name, target);
		return -ENAMETOOLONG;
	}
	if (!mod[0] || !strcmp(mod, "vmlinux")) {
		vmlinux = libbpf_vmlinux_btf();
		if (!vmlinux) {
			pr_warn("prog '%s': kernel BTF is needed to attach to '%s': %s\n",
				prog_name, name, libbpf_errstr(-errno));
			return -ESRCH;
		}
		id = libbpf_vmlinux_find(name, kind);
		if (id > 0) {
			*btf_id = id;
			return 0;
		}
	}
	if (strcmp(mod, "vmlinux") != 0)
		id = kernel_module_find(obj, mod[0] ? mod : NULL, name, kind, &m);
	if (id <= 0 || !m) {
		if (mod[0])
			pr_warn("prog '%s': attach target '%s' not found in the BTF of %s%s\n",
				prog_name, name, strcmp(mod, "vmlinux") ? "module " : "", mod);
		else
			pr_warn("prog '%s': attach target '%s' not found in the kernel's BTF (vmlinux and modules)\n",
				prog_name, name);
		return -ESRCH;
	}
	fd = bpf_object_module_btf_fd(obj, m, NULL);
	if (fd < 0)
		return fd;
	pr_debug("prog '%s': attach target '%s' in module '%s', BTF id %d\n", prog_name, name,
		 m->name, id);
	*btf_id = id;
	*btf_obj_fd = fd;
	return 0;
}
