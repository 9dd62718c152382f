/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Helpers shared by the kernel tests of test_progs: loading, running,
 * counting fds and asking what the running kernel supports. They need
 * nothing beyond libc, /proc and /sys, so they work in a busybox VM.
 */
#ifndef __TESTING_HELPERS_H
#define __TESTING_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#ifndef KERNEL_VERSION
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Open @file, load it and return the fd of program @prog_name (of the
 * first program when NULL); the object is returned in *pobj and must be
 * closed by the caller. Negative errno on failure, *pobj then NULL.
 */
int load_prog_fd(const char *file, const char *prog_name,
		 struct bpf_object **pobj);

/* fd of the program called @name in a loaded object, -ENOENT if none */
/*
 * Open file and load only program prog_name (autoload off for the rest).
 * Returns the loaded object, or NULL after a failed assertion.
 */
struct bpf_object *load_only_prog(const char *file, const char *prog_name);
/* a __u64 variable of .bss by name, 0xbad after a failed assertion */
__u64 bss_u64(const struct bpf_object *obj, const char *name);

int prog_fd_by_name(const struct bpf_object *obj, const char *name);

/* number of entries in /proc/self/fd, or -errno */
int count_open_fds(void);

/* lines of /proc/self/maps containing @name ("bpf-map" for mmap-ed BPF
 * maps, "perf_event" for perf rings), or -errno; glibc keeps the stacks
 * of finished threads mapped, so count by name, not all mappings */
int count_mappings(const char *name);

/* bytes of heap in use (mallinfo2), for leak checks: exact only when
 * test__heap_exact(), as glibc's tcache counts freed chunks as used */
size_t heap_in_use(void);

/*
 * Run a program once with bpf_prog_test_run_opts() on a packet of
 * @pkt_len bytes: an Ethernet header (IPv4), an IPv4 header when it fits,
 * then zeroes. Returns 0 or -errno; the program's return value in *retval.
 */
int run_prog_pkt(int prog_fd, size_t pkt_len, __u32 *retval);
/* same, with a context instead of a packet (raw_tp, syscall programs) */
int run_prog_ctx(int prog_fd, void *ctx, size_t ctx_size, __u32 *retval);

/* uname's release as KERNEL_VERSION(major, minor, patch) */
__u32 running_kernel_version(void);
bool kernel_at_least(int major, int minor);
/*
 * The running kernel's LINUX_VERSION_CODE, from the "Linux" note of its
 * vDSO; distributions' uname releases (Debian "5.10.0-31-amd64") need
 * not say it. Falls back to running_kernel_version().
 */
__u32 kernel_version_code(void);

/*
 * Feature checks: when the feature is missing, mark the running
 * (sub)test skipped with a reason naming it and return false.
 */
bool require_kernel(int major, int minor, const char *feature);
bool require(bool have, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* the running kernel's BTF (parsed once, never freed), NULL if absent */
const struct btf *vmlinux_btf(void);
/* whether vmlinux BTF has a type of @kind (BTF_KIND_*) called @name */
bool kernel_btf_has(const char *name, int kind);
/* address of @name in /proc/kallsyms, 0 if absent */
__u64 kallsyms_addr(const char *name);
/* whether the kernel can create a map of @type (a tiny test create) */
bool probe_map_type(enum bpf_map_type type);

/*
 * Offset and size of variable @var in the data section @sec (".data",
 * ".bss", ".rodata", ".data.foo", ...) of @obj, from the object's BTF.
 * Returns the offset or -ENOENT.
 */
int datasec_var(const struct bpf_object *obj, const char *sec,
		const char *var, __u32 *size);

/*
 * Read or write the whole value of the single-element array map @map
 * (a global data map) with bpf_map__lookup_elem/update_elem.
 */
int read_global_map(const struct bpf_map *map, void *buf, size_t size);
int write_global_map(const struct bpf_map *map, const void *buf, size_t size);

/*
 * Read or write global variable @var of section @sec (".bss", ...) in a
 * loaded object; @size must be the variable's size. 0 or -errno.
 */
int global_var_read(const struct bpf_object *obj, const char *sec,
		    const char *var, void *out, size_t size);
int global_var_write(const struct bpf_object *obj, const char *sec,
		     const char *var, const void *in, size_t size);

/*
 * A private directory in a BPF filesystem: a fresh subdirectory of
 * /sys/fs/bpf when that is bpffs, else a bpffs mounted on a temporary
 * directory. bpffs_dir_destroy() removes what is inside, then the dir.
 */
struct bpffs_dir {
	char path[128];
	bool mounted;
};

int bpffs_dir_create(struct bpffs_dir *d);
void bpffs_dir_destroy(struct bpffs_dir *d);

/* "dir/name" into buf */
const char *path_join(char *buf, size_t size, const char *dir, const char *name);

/* whether a file exists */
bool file_exists(const char *path);

/*
 * Value of CONFIG_@name in the kernel config libbpf reads
 * (/boot/config-$(uname -r) or /proc/config.gz) copied to buf without
 * quotes; -ENOENT when the option is not set, -ENODATA when there is no
 * config file.
 */
int kernel_config_value(const char *name, char *buf, size_t size);

/* whether TCP congestion control @name is registered (available) */
bool cc_available(const char *name);

/*
 * Network namespaces and devices, for tests that send packets.
 *
 * enter_private_netns(): move this process into a new network namespace
 * (unshare(CLONE_NEWNET)) with its loopback up; returns an fd of the
 * namespace it was in, for leave_netns(), or -errno (-EIO when lo could
 * not be brought up, and then the process is back where it was).
 * leave_netns(): back to that namespace (asserted), closes the fd. The
 * private namespace and its devices go when nothing else holds them.
 */
int enter_private_netns(void);
void leave_netns(int orig);

/*
 * Create a veth pair @name/@peer over rtnetlink (RTM_NEWLINK, kind
 * "veth"), both down. 0, or the kernel's -errno (-EOPNOTSUPP: no veth
 * driver, -EEXIST: a device of that name exists).
 */
int veth_pair_create(const char *name, const char *peer);
/* set IFF_UP on device @name (SIOCSIFFLAGS); 0 or -errno */
int link_set_up(const char *name);

/*
 * force_kern_features_off("a,b"): make the library act as if the kernel
 * lacked those features (names of LIBBPF_FORCE_NO_FEATURES, on top of
 * it), so fallbacks run on kernels that would not need them;
 * force_arg_ctx_fallback() does it for arg:ctx tags, so the __arg_ctx
 * rewrite runs; restore_kern_features() goes back to the environment's set
 */
bool force_kern_features_off(const char *names);
bool force_arg_ctx_fallback(void);
void restore_kern_features(void);

#endif /* __TESTING_HELPERS_H */
