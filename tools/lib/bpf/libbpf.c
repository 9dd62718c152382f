// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object lifecycle: open, load, close, and the library-wide basics
 * (logging, version, error strings) every module uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libbpf.h"
#include "btf.h"
#include "libbpf_internal.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

/* ---- version ------------------------------------------------------------ */

__u32 libbpf_major_version(void)
{
	return LIBBPF_MAJOR_VERSION;
}

__u32 libbpf_minor_version(void)
{
	return LIBBPF_MINOR_VERSION;
}

const char *libbpf_version_string(void)
{
	return "v" STRINGIFY(LIBBPF_MAJOR_VERSION) "." STRINGIFY(LIBBPF_MINOR_VERSION);
}

/* ---- logging ------------------------------------------------------------ */

static int default_print(enum libbpf_print_level level, const char *fmt,
			 va_list args)
{
	const char *env = getenv("LIBBPF_LOG_LEVEL");
	enum libbpf_print_level min_level = LIBBPF_INFO;

	if (env) {
		if (!strcasecmp(env, "warn"))
			min_level = LIBBPF_WARN;
		else if (!strcasecmp(env, "debug"))
			min_level = LIBBPF_DEBUG;
	}
	if (level > min_level)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static libbpf_print_fn_t print_fn = default_print;

libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn)
{
	libbpf_print_fn_t old = __atomic_exchange_n(&print_fn, fn, __ATOMIC_RELAXED);

	return old;
}

void libbpf_print(enum libbpf_print_level level, const char *fmt, ...)
{
	libbpf_print_fn_t fn = __atomic_load_n(&print_fn, __ATOMIC_RELAXED);
	int saved_errno = errno;
	va_list args;

	if (!fn)
		return;
	va_start(args, fmt);
	fn(level, fmt, args);
	va_end(args);
	errno = saved_errno;
}

/* ---- errors ------------------------------------------------------------- */

static const char *const libbpf_errno_msgs[] = {
	[LIBBPF_ERRNO__LIBELF - __LIBBPF_ERRNO__START] = "Something wrong in libelf",
	[LIBBPF_ERRNO__FORMAT - __LIBBPF_ERRNO__START] = "BPF object format invalid",
	[LIBBPF_ERRNO__KVERSION - __LIBBPF_ERRNO__START] = "'version' section incorrect or lost",
	[LIBBPF_ERRNO__ENDIAN - __LIBBPF_ERRNO__START] = "Endian mismatch",
	[LIBBPF_ERRNO__INTERNAL - __LIBBPF_ERRNO__START] = "Internal error in libbpf",
	[LIBBPF_ERRNO__RELOC - __LIBBPF_ERRNO__START] = "Relocation failed",
	[LIBBPF_ERRNO__LOAD - __LIBBPF_ERRNO__START] = "Load program failure for unknown reason",
	[LIBBPF_ERRNO__VERIFY - __LIBBPF_ERRNO__START] = "Kernel verifier blocks program loading",
	[LIBBPF_ERRNO__PROG2BIG - __LIBBPF_ERRNO__START] = "Program too big",
	[LIBBPF_ERRNO__KVER - __LIBBPF_ERRNO__START] = "Incorrect kernel version",
	[LIBBPF_ERRNO__PROGTYPE - __LIBBPF_ERRNO__START] = "Kernel doesn't support this program type",
	[LIBBPF_ERRNO__WRNGPID - __LIBBPF_ERRNO__START] = "Wrong pid in netlink message",
	[LIBBPF_ERRNO__INVSEQ - __LIBBPF_ERRNO__START] = "Invalid netlink sequence",
	[LIBBPF_ERRNO__NLPARSE - __LIBBPF_ERRNO__START] = "Incorrect netlink message parsing",
};

int libbpf_strerror(int err, char *buf, size_t size)
{
	if (!buf || !size)
		return libbpf_err(-EINVAL);
	err = err < 0 ? -err : err;
	if (err < __LIBBPF_ERRNO__START) {
		snprintf(buf, size, "%s", libbpf_errstr(err));
		return 0;
	}
	if (err < __LIBBPF_ERRNO__END) {
		snprintf(buf, size, "%s", libbpf_errno_msgs[err - __LIBBPF_ERRNO__START]);
		return 0;
	}
	snprintf(buf, size, "Unknown libbpf error %d", err);
	return libbpf_err(-ENOENT);
}

const char *libbpf_errstr(int err)
{
	static __thread char buf[128];

	err = err < 0 ? -err : err;
	if (err >= __LIBBPF_ERRNO__START && err < __LIBBPF_ERRNO__END)
		return libbpf_errno_msgs[err - __LIBBPF_ERRNO__START];
	/* GNU strerror_r may return a static string instead of filling buf */
	return strerror_r(err, buf, sizeof(buf));
}

/* ---- legacy knobs ------------------------------------------------------- */

int libbpf_set_strict_mode(enum libbpf_strict_mode mode)
{
	return 0;
}

long libbpf_get_error(const void *ptr)
{
	if (ptr)
		return 0;
	return -errno;
}

/* ---- helpers shared by the modules -------------------------------------- */

int libbpf_ensure_mem(void **data, size_t *cap, size_t elem_sz, size_t need)
{
	size_t new_cap;
	void *p;

	if (need <= *cap)
		return 0;
	new_cap = max(*cap * 2, (size_t)16);
	if (new_cap < need)
		new_cap = need;
	if (elem_sz && new_cap > SIZE_MAX / elem_sz)
		return -ENOMEM;
	p = realloc(*data, new_cap * elem_sz);
	if (!p)
		return -ENOMEM;
	memset((char *)p + *cap * elem_sz, 0, (new_cap - *cap) * elem_sz);
	*data = p;
	*cap = new_cap;
	return 0;
}

int libbpf_grow_one(void **data, size_t cnt, size_t elem_sz)
{
	void *p;

	if (cnt && (cnt < 4 || (cnt & (cnt - 1))))
		return 0;	/* 1-3, or not a power of two: room left */
	p = reallocarray(*data, cnt ? cnt * 2 : 4, elem_sz);
	if (!p)
		return -ENOMEM;
	*data = p;
	return 0;
}

size_t libbpf_name_lower_bound(size_t n, const char *name,
			       const char *(*name_at)(const void *ctx, size_t i),
			       const void *ctx)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(name_at(ctx, mid), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool libbpf_validate_opts(const char *opts, size_t known_sz, size_t user_sz,
			  const char *type_name)
{
	if (user_sz < sizeof(size_t)) {
		pr_warn("%s: size (%zu) is too small\n", type_name, user_sz);
		return false;
	}
	if (!libbpf_opts_tail_zero(opts, known_sz, user_sz)) {
		pr_warn("%s has non-zero fields this library does not know about\n",
			type_name);
		return false;
	}
	return true;
}

/* ---- open --------------------------------------------------------------- */

const char *obj_sec_name(const struct bpf_object *obj, int sec_idx)
{
	if (sec_idx < 0 || (size_t)sec_idx >= obj->nr_sec_names)
		return NULL;
	return obj->sec_names[sec_idx];
}

static char *dup_opt_str(const char *s, int *err)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*err = -ENOMEM;
	return d;
}

/* "dir/name.bpf.o" -> "name", at most BPF_OBJ_NAME_LEN - 1 characters */
static char *obj_name_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name, *dot;

	name = strndup(base ? base + 1 : path, BPF_OBJ_NAME_LEN - 1);
	if (!name)
		return NULL;
	dot = strchr(name, '.');
	if (dot)
		*dot = '\0';
	return name;
}

static struct bpf_object *bpf_object_new(const char *path, const char *name,
					 const struct bpf_object_open_opts *opts,
					 int *err)
{
	struct bpf_object *obj;

	obj = calloc(1, sizeof(*obj));
	if (!obj) {
		*err = -ENOMEM;
		return NULL;
	}
	obj->kconfig_map_idx = -1;
	obj->text_sec_idx = -1;
	obj->maps_sec_idx = -1;
	obj->path = strdup(path);
	obj->name = name ? strndup(name, BPF_OBJ_NAME_LEN - 1) : obj_name_from_path(path);
	if (!obj->path || !obj->name)
		*err = -ENOMEM;
	obj->kconfig = dup_opt_str(OPTS_GET(opts, kconfig, NULL), err);
	obj->btf_custom_path = dup_opt_str(OPTS_GET(opts, btf_custom_path, NULL), err);
	obj->pin_root_path = dup_opt_str(OPTS_GET(opts, pin_root_path, NULL), err);
	obj->kernel_log_buf = OPTS_GET(opts, kernel_log_buf, NULL);
	obj->kernel_log_size = OPTS_GET(opts, kernel_log_size, 0);
	obj->kernel_log_level = OPTS_GET(opts, kernel_log_level, 0);
	obj->relaxed_maps = OPTS_GET(opts, relaxed_maps, false);
	return obj;
}

/* private: buf is the caller's own writable copy, libelf may use it as is */
static struct bpf_object *bpf_object_open(const char *path, void *buf, size_t size,
					  bool private, const char *name,
					  const struct bpf_object_open_opts *opts)
{
	struct bpf_object *obj;
	int err = 0;

	if (!OPTS_VALID(opts, bpf_object_open_opts))
		return libbpf_err_ptr(-EINVAL);
	name = OPTS_GET(opts, object_name, NULL) ?: name;
	if (!!OPTS_GET(opts, kernel_log_buf, NULL) != !!OPTS_GET(opts, kernel_log_size, 0)) {
		pr_warn("object '%s': kernel_log_buf and kernel_log_size must be set together\n",
			name ?: path);
		return libbpf_err_ptr(-EINVAL);
	}

	obj = bpf_object_new(path, name, opts, &err);
	if (err)
		goto err_out;
	err = bpf_object_init_token_path(obj, OPTS_GET(opts, bpf_token_path, NULL));
	if (err)
		goto err_out;
	err = bpf_object_parse_elf(obj, buf, size, private);
	if (!err)
		err = bpf_object_setup_custom_progs(obj);
	if (err)
		goto err_out;
	return obj;

err_out:
	bpf_object__close(obj);
	return libbpf_err_ptr(err);
}

struct bpf_object *bpf_object_open_buf(const void *obj_buf, size_t obj_buf_sz,
				       const char *name,
				       const struct bpf_object_open_opts *opts)
{
	char tmp_name[64];

	if (!obj_buf || !obj_buf_sz) {
		pr_warn("open_mem: no object given (buffer %p, %zu bytes)\n",
			obj_buf, obj_buf_sz);
		return libbpf_err_ptr(-EINVAL);
	}
	snprintf(tmp_name, sizeof(tmp_name), "%lx-%zx",
		 (unsigned long)obj_buf, obj_buf_sz);
	return bpf_object_open(tmp_name, (void *)obj_buf, obj_buf_sz, false, name, opts);
}

struct bpf_object *bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz,
					const struct bpf_object_open_opts *opts)
{
	return bpf_object_open_buf(obj_buf, obj_buf_sz, NULL, opts);
}

/*
 * A private, writable mapping of the file: libelf may write to the image
 * it parses, and pages of sections never looked at (DWARF, mostly) are
 * never read.
 */
static int map_file(const char *path, void **data, size_t *size)
{
	struct stat st;
	void *p;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto out;
	}
	if (st.st_size == 0)	/* the ELF checks say what is wrong */
		goto out;
	p = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		err = -errno;
		goto out;
	}
	*data = p;
	*size = st.st_size;
out:
	close(fd);
	return err;
}

struct bpf_object *bpf_object__open_file(const char *path,
					 const struct bpf_object_open_opts *opts)
{
	struct bpf_object *obj;
	size_t size = 0;
	void *data = NULL;
	int err;

	if (!path)
		return libbpf_err_ptr(-EINVAL);
	err = map_file(path, &data, &size);
	if (err) {
		pr_warn("failed to read BPF object '%s': %s\n", path, libbpf_errstr(err));
		return libbpf_err_ptr(err);
	}
	obj = bpf_object_open(path, data, size, true, NULL, opts);
	err = -errno;
	if (size)
		munmap(data, size);
	if (!obj)
		return libbpf_err_ptr(err);
	return obj;
}

struct bpf_object *bpf_object__open(const char *path)
{
	return bpf_object__open_file(path, NULL);
}

static void bpf_program_free(struct bpf_program *prog)
{
	if (prog->fd >= 0)
		close(prog->fd);
	free(prog->name);
	free(prog->sec_name);
	free(prog->insns);
	free(prog->relos);
	free(prog->func_info);
	free(prog->line_info);
	free(prog->attach_func_name);
}

void bpf_object__close(struct bpf_object *obj)
{
	size_t i;

	if (!obj)
		return;
	usdt_manager_put(obj->usdt_man);
	bpf_object_close_module_btfs(obj);
	for (i = 0; i < obj->nr_programs; i++)
		bpf_program_free(&obj->programs[i]);
	free(obj->programs);
	for (i = 0; i < obj->nr_maps; i++)
		bpf_map_free(&obj->maps[i]);
	free(obj->maps);
	for (i = 0; i < (size_t)obj->nr_extern; i++)
		free(obj->externs[i].name);
	free(obj->externs);
	free(obj->datasecs);
	for (i = 0; i < obj->nr_sec_names; i++)
		free(obj->sec_names[i]);
	free(obj->sec_names);
	btf__free(obj->btf);
	btf_ext__free(obj->btf_ext);
	bpf_gen_free(obj->gen);
	free(obj->name);
	free(obj->path);
	free(obj->kconfig);
	free(obj->btf_custom_path);
	free(obj->pin_root_path);
	bpf_object_release_token(obj);
	free(obj->token_path);
	free(obj);
}

/* ---- object accessors --------------------------------------------------- */

const char *bpf_object__name(const struct bpf_object *obj)
{
	return obj ? obj->name : libbpf_err_ptr(-EINVAL);
}

unsigned int bpf_object__kversion(const struct bpf_object *obj)
{
	return obj ? obj->kern_version : libbpf_inval(0);
}

int bpf_object__set_kversion(struct bpf_object *obj, __u32 kern_version)
{
	if (!obj)
		return libbpf_err(-EINVAL);
	if (obj->loaded)
		return libbpf_err(-EBUSY);
	obj->kern_version = kern_version;
	return 0;
}

struct btf *bpf_object__btf(const struct bpf_object *obj)
{
	return obj ? obj->btf : libbpf_err_ptr(-EINVAL);
}

int bpf_object__btf_fd(const struct bpf_object *obj)
{
	if (!obj)
		return libbpf_err(-EINVAL);
	return obj->btf ? btf__fd(obj->btf) : -1;
}
