// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * struct bpf_link: one kernel attachment owned by the application.
 *
 * A link is released by bpf_link__destroy(), which calls its detach op
 * (close the link fd; for perf links also disable the event and remove a
 * legacy tracefs probe) unless bpf_link__disconnect() was called, and
 * then frees it. Pinning a BPF link fd in bpffs keeps the attachment
 * alive after the process exits; bpf_link__open() takes it back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include "bpf.h"
#include "libbpf_internal.h"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

int bpf_link_close_fd(struct bpf_link *link)
{
	return close(link->fd) ? -errno : 0;
}

struct bpf_link *bpf_link_new_fd(int fd)
{
	struct bpf_link *link = calloc(1, sizeof(*link));

	if (!link)
		return NULL;
	link->fd = fd;
	link->detach = bpf_link_close_fd;
	return link;
}

int bpf_link__fd(const struct bpf_link *link)
{
	if (!link)
		return libbpf_err(-EINVAL);
	return link->fd;
}

const char *bpf_link__pin_path(const struct bpf_link *link)
{
	if (!link)
		return libbpf_err_ptr(-EINVAL);
	return link->pin_path;
}

void bpf_link__disconnect(struct bpf_link *link)
{
	if (!link)
		return;

	link->disconnected = true;
}

int bpf_link__destroy(struct bpf_link *link)
{
	int err = 0;

	if (!link || libbpf_get_error(link))
		return 0;
	if (!link->disconnected && link->detach)
		err = link->detach(link);
	free(link->pin_path);
	if (link->dealloc)
		link->dealloc(link);
	else
		free(link);
	return libbpf_err(err);
}

int bpf_link__detach(struct bpf_link *link)
{
	int err;

	if (!link)
		return libbpf_err(-EINVAL);
	err = bpf_link_detach(link->fd);
	return libbpf_err(err ? -errno : 0);
}

/*
 * pins must be inside a bpffs mount; the directory holding the pin is
 * created if missing, as libbpf does (one level, mode 0700)
 */
int pin_path_prepare(const char *path)
{
	char *dir, *slash;
	struct statfs st;
	int err = 0;

	dir = strdup(path);
	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		strcpy(dir, ".");
	if (mkdir(dir, 0700) && errno != EEXIST) {
		err = -errno;
		pr_warn("pin path '%s': cannot create its directory: %s\n", path,
			libbpf_errstr(err));
	} else if (statfs(dir, &st)) {
		err = -errno;
		pr_warn("pin path '%s': cannot stat its directory: %s\n",
			path, libbpf_errstr(err));
	} else if (st.f_type != BPF_FS_MAGIC) {
		err = -EINVAL;
		pr_warn("pin path '%s' is not on a bpffs mount\n", path);
	}
	free(dir);
	return err;
}

int bpf_link__pin(struct bpf_link *link, const char *path)
{
	int err;

	if (!link || !path)
		return libbpf_err(-EINVAL);
	if (link->pin_path) {
		pr_warn("link fd %d is already pinned at '%s'\n", link->fd,
			link->pin_path);
		return libbpf_err(-EBUSY);
	}
	err = pin_path_prepare(path);
	if (err)
		return libbpf_err(err);
	link->pin_path = strdup(path);
	if (!link->pin_path)
		return libbpf_err(-ENOMEM);
	if (bpf_obj_pin(link->fd, path)) {
		err = -errno;
		pr_warn("link fd %d: pin at '%s' failed: %s\n", link->fd, path,
			libbpf_errstr(err));
		free(link->pin_path);
		link->pin_path = NULL;
		return libbpf_err(err);
	}
	pr_debug("link fd %d pinned at '%s'\n", link->fd, path);
	return 0;
}

int bpf_link__unpin(struct bpf_link *link)
{
	int err;

	if (!link || !link->pin_path)
		return libbpf_err(-EINVAL);
	if (unlink(link->pin_path)) {
		err = -errno;
		pr_warn("link: unpin '%s' failed: %s\n", link->pin_path,
			libbpf_errstr(err));
		return libbpf_err(err);
	}
	pr_debug("link fd %d unpinned from '%s'\n", link->fd, link->pin_path);
	free(link->pin_path);
	link->pin_path = NULL;
	return 0;
}

struct bpf_link *bpf_link__open(const char *path)
{
	struct bpf_link *link;
	int fd, err;

	if (!path)
		return libbpf_err_ptr(-EINVAL);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		err = -errno;
		pr_warn("link: cannot open pinned link '%s': %s\n", path,
			libbpf_errstr(err));
		return libbpf_err_ptr(err);
	}
	link = bpf_link_new_fd(fd);
	if (link)
		link->pin_path = strdup(path);
	if (!link || !link->pin_path) {
		free(link);
		close(fd);
		return libbpf_err_ptr(-ENOMEM);
	}
	return link;
}

int bpf_link__update_program(struct bpf_link *link, struct bpf_program *prog)
{
	int prog_fd = bpf_program__fd(prog);
	int err;

	if (!link || !prog)
		return libbpf_err(-EINVAL);

	if (prog_fd < 0) {
		pr_warn("link fd %d: update to prog '%s' that is not loaded\n",
			link->fd, bpf_program__name(prog));
		return libbpf_err(-EINVAL);
	}
	if (bpf_link_update(link->fd, prog_fd, NULL)) {
		err = -errno;
		pr_warn("link fd %d: update to prog '%s' failed: %s\n", link->fd,
			bpf_program__name(prog), libbpf_errstr(err));
		return libbpf_err(err);
	}
	return 0;
}
