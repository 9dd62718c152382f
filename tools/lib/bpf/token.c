// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The BPF token of an object (kernel 6.9+).
 *
 * Where the token comes from, decided at bpf_object__open*():
 *   - bpf_object_open_opts.bpf_token_path, else the LIBBPF_BPF_TOKEN_PATH
 *     environment variable: that BPF FS mount must give a token, failing
 *     to get one fails the load;
 *   - neither: /sys/fs/bpf is tried, and silently skipped when it cannot
 *     be opened, has no delegation set up or gives no token;
 *   - an empty string (option or variable): no token at all.
 *
 * The token is created when the load starts (bpf_object__prepare() or
 * bpf_object__load()), kept until bpf_object__close(), and then passed to
 * every map, program and BTF the loader creates. The object gets its own
 * feature cache, probed with the token: inside a user namespace the kernel
 * allows only what the token delegates, so the process-wide answers
 * (probed without it) would be wrong for the object.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/vfs.h>

#include "libbpf_internal.h"
#include "bpf.h"

#define TOKEN_DEFAULT_BPFFS "/sys/fs/bpf"
#define TOKEN_BPF_FS_MAGIC 0xcafe4a11	/* BPF_FS_MAGIC, linux/magic.h */

static const char *token_err_hint(int err)
{
	switch (err) {
	case -ENOENT:
		return " (the BPF FS has no delegation options)";
	case -EINVAL:
		return " (not the root of a BPF FS, or a kernel before 6.9 without BPF tokens)";
	case -EOPNOTSUPP:
		return " (BPF FS of the initial user namespace: tokens work only in a user namespace)";
	case -EPERM:
		return " (the BPF FS belongs to another user namespace)";
	default:
		return "";
	}
}

int bpf_object_init_token_path(struct bpf_object *obj, const char *opt_path)
{
	const char *path = opt_path;

	if (!path)
		path = getenv("LIBBPF_BPF_TOKEN_PATH");
	if (!path)
		return 0;
	if (strlen(path) >= PATH_MAX) {
		pr_warn("object '%s': BPF token path is longer than PATH_MAX: %s\n",
			obj->name, libbpf_errstr(-ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	obj->token_path = strdup(path);
	return obj->token_path ? 0 : -ENOMEM;
}

int bpf_object_prepare_token(struct bpf_object *obj)
{
	bool mandatory = obj->token_path != NULL;
	const char *path = obj->token_path ?: TOKEN_DEFAULT_BPFFS;
	struct kern_feat_cache *cache;
	int bpffs_fd, token_fd;

	if (obj->token_path && !obj->token_path[0]) {
		pr_debug("object '%s': BPF token disabled by an empty token path\n", obj->name);
		return 0;
	}

	if (!mandatory) {
		struct statfs st;

		/* the default is tried only where it is a BPF FS */
		if (statfs(path, &st) || st.f_type != TOKEN_BPF_FS_MAGIC) {
			pr_debug("object '%s': '%s' is no BPF FS, no BPF token\n", obj->name, path);
			return 0;
		}
	}
	bpffs_fd = open(path, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (bpffs_fd < 0) {
		int err = -errno;

		if (!mandatory) {
			pr_debug("object '%s': no BPF FS at '%s' for a BPF token (%s), going without\n",
				 obj->name, path, libbpf_errstr(err));
			return 0;
		}
		pr_warn("object '%s': cannot open BPF token path '%s': %s\n",
			obj->name, path, libbpf_errstr(err));
		return err;
	}
	token_fd = bpf_token_create(bpffs_fd, NULL);
	close(bpffs_fd);
	if (token_fd < 0) {
		if (!mandatory) {
			pr_debug("object '%s': no BPF token from '%s' (%s), going without\n",
				 obj->name, path, libbpf_errstr(token_fd));
			return 0;
		}
		pr_warn("object '%s': failed to create a BPF token from '%s'%s: %s\n",
			obj->name, path, token_err_hint(token_fd), libbpf_errstr(token_fd));
		return token_fd;
	}

	cache = calloc(1, sizeof(*cache));
	if (!cache) {
		close(token_fd);
		return -ENOMEM;
	}
	cache->token_fd = token_fd;
	obj->feat_cache = cache;
	obj->token_fd = token_fd;
	pr_debug("object '%s': using BPF token from '%s' (fd %d)\n", obj->name, path, token_fd);
	return 0;
}

void bpf_object_release_token(struct bpf_object *obj)
{
	if (obj->token_fd > 0)
		close(obj->token_fd);
	obj->token_fd = 0;
	free(obj->feat_cache);
	obj->feat_cache = NULL;
}

int bpf_object__token_fd(const struct bpf_object *obj)
{
	if (!obj)
		return libbpf_err(-EINVAL);
	return obj->token_fd > 0 ? obj->token_fd : -1;
}
