/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Public API for opening BPF ELF objects and loading their programs and
 * maps into the kernel.
 */
#ifndef __LIBBPF_LIBBPF_H
#define __LIBBPF_LIBBPF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/bpf.h>

#include "libbpf_common.h"
#include "libbpf_legacy.h"

#ifdef __cplusplus
extern "C" {
#endif

LIBBPF_API __u32 libbpf_major_version(void);
LIBBPF_API __u32 libbpf_minor_version(void);
LIBBPF_API const char *libbpf_version_string(void);

enum libbpf_errno {
	__LIBBPF_ERRNO__START = 4000,

	/* Something wrong in libelf */
	LIBBPF_ERRNO__LIBELF = __LIBBPF_ERRNO__START,
	LIBBPF_ERRNO__FORMAT,	/* BPF object format invalid */
	LIBBPF_ERRNO__KVERSION,	/* Incorrect or no 'version' section */
	LIBBPF_ERRNO__ENDIAN,	/* Endian mismatch */
	LIBBPF_ERRNO__INTERNAL,	/* Internal error in libbpf */
	LIBBPF_ERRNO__RELOC,	/* Relocation failed */
	LIBBPF_ERRNO__LOAD,	/* Load program failure for unknown reason */
	LIBBPF_ERRNO__VERIFY,	/* Kernel verifier blocks program loading */
	LIBBPF_ERRNO__PROG2BIG,	/* Program too big */
	LIBBPF_ERRNO__KVER,	/* Incorrect kernel version */
	LIBBPF_ERRNO__PROGTYPE,	/* Kernel doesn't support this program type */
	LIBBPF_ERRNO__WRNGPID,	/* Wrong pid in netlink message */
	LIBBPF_ERRNO__INVSEQ,	/* Invalid netlink sequence */
	LIBBPF_ERRNO__NLPARSE,	/* netlink parsing error */
	__LIBBPF_ERRNO__END,
};

LIBBPF_API int libbpf_strerror(int err, char *buf, size_t size);

enum libbpf_print_level {
	LIBBPF_WARN,
	LIBBPF_INFO,
	LIBBPF_DEBUG,
};

typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level,
				 const char *, va_list ap);

LIBBPF_API libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);


enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	/* pin the map at <pin_root_path>/<map name> */
	LIBBPF_PIN_BY_NAME,
};

enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

/* ---- objects ------------------------------------------------------------ */

struct bpf_object;
struct bpf_program;
struct bpf_map;
struct btf;

struct bpf_object_open_opts {
	/* size of this struct, for forward/backward compatibility */
	size_t sz;
	/* object name override; by default the file name without its
	 * extension, or "<addr>-<size>" for objects opened from memory
	 */
	const char *object_name;
	/* accept unknown fields in BTF map definitions */
	bool relaxed_maps;
	/* directory maps with LIBBPF_PIN_BY_NAME are pinned in;
	 * default "/sys/fs/bpf"
	 */
	const char *pin_root_path;
	__u32 :32; /* was attach_prog_fd */
	/* extra Kconfig values ("CONFIG_X=y\n...") for __kconfig externs */
	const char *kconfig;
	/* vmlinux BTF to use instead of the running kernel's */
	const char *btf_custom_path;
	/* buffer, size and level for the kernel logs of the BTF and of
	 * every program bpf_object__load() loads, unless a program has its
	 * own (bpf_program__set_log_buf())
	 */
	char *kernel_log_buf;
	size_t kernel_log_size;
	__u32 kernel_log_level;
	__u32 :32;
	/*
	 * BPF FS mount (with delegation options) to create the object's BPF
	 * token from (kernel 6.9+); failing to create it fails the load. If
	 * NULL, the LIBBPF_BPF_TOKEN_PATH environment variable is used the
	 * same way; if that is unset too, /sys/fs/bpf is tried and silently
	 * skipped when it gives no token. "" disables tokens.
	 */
	const char *bpf_token_path;
	size_t :0;
};
#define bpf_object_open_opts__last_field bpf_token_path

/* Same as bpf_object__open_file(path, NULL). */
LIBBPF_API struct bpf_object *bpf_object__open(const char *path);

/*
 * Open a BPF ELF object and build its in-memory model: programs, maps,
 * global data, BTF and relocation records. Nothing touches the kernel
 * until bpf_object__load(). Returns NULL with errno set on error.
 */
LIBBPF_API struct bpf_object *
bpf_object__open_file(const char *path, const struct bpf_object_open_opts *opts);

/* As bpf_object__open_file(), from a buffer the caller keeps ownership of. */
LIBBPF_API struct bpf_object *
bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz,
		     const struct bpf_object_open_opts *opts);

/* Load maps and programs into the kernel. */
LIBBPF_API int bpf_object__load(struct bpf_object *obj);

/*
 * The BPF token fd the object loads with (see bpf_token_path), owned by
 * the object; -1 when it has none (also before the load creates it).
 */
LIBBPF_API int bpf_object__token_fd(const struct bpf_object *obj);
/*
 * The first half of bpf_object__load(): externs, CO-RE, relocation and
 * linking (bpf_program__insns() shows the final code), the per-program
 * BTF fix-ups, BTF load and map creation (bpf_map__fd() is valid, maps
 * can be filled); programs are loaded by the bpf_object__load() that
 * follows. Settings are final once it is called. Once per object.
 */
LIBBPF_API int bpf_object__prepare(struct bpf_object *obj);

/*
 * Light skeleton loader generation: after bpf_object__gen_loader(), the
 * bpf_object__load() that follows creates nothing in the kernel; it
 * records BTF, map and program creation into a BPF_PROG_TYPE_SYSCALL
 * loader program (insns) and its data blob (data), which
 * skel_internal.h's bpf_load_and_run() runs. Both stay owned by the
 * object (valid until bpf_object__close()).
 */
struct gen_loader_opts {
	size_t sz; /* size of this struct, for forward/backward compatibility */
	const char *data;
	const char *insns;
	__u32 data_sz;
	__u32 insns_sz;
	bool gen_hash;
};
#define gen_loader_opts__last_field gen_hash

LIBBPF_API int bpf_object__gen_loader(struct bpf_object *obj,
				      struct gen_loader_opts *opts);

/*
 * This library only (symbol version ARGCTX_1.0): where the running kernel
 * cannot verify a global subprogram as written (pointer arguments before
 * 5.12, argument tags before 6.8, arg:ctx in program types without a
 * named context), each calling program gets it verified as static. Pass
 * false before load to keep global verification, e.g. for a program that
 * needs it to stay under the verifier's complexity limit.
 */
LIBBPF_API int bpf_object__set_static_fallback(struct bpf_object *obj, bool enable);

/* Release everything the object holds, in memory and in the kernel. */
LIBBPF_API void bpf_object__close(struct bpf_object *obj);

LIBBPF_API int bpf_object__pin_maps(struct bpf_object *obj, const char *path);
LIBBPF_API int bpf_object__unpin_maps(struct bpf_object *obj, const char *path);
LIBBPF_API int bpf_object__pin_programs(struct bpf_object *obj, const char *path);
LIBBPF_API int bpf_object__unpin_programs(struct bpf_object *obj, const char *path);
LIBBPF_API int bpf_object__pin(struct bpf_object *object, const char *path);
LIBBPF_API int bpf_object__unpin(struct bpf_object *object, const char *path);

LIBBPF_API const char *bpf_object__name(const struct bpf_object *obj);
LIBBPF_API unsigned int bpf_object__kversion(const struct bpf_object *obj);
LIBBPF_API int bpf_object__set_kversion(struct bpf_object *obj, __u32 kern_version);

LIBBPF_API struct btf *bpf_object__btf(const struct bpf_object *obj);
LIBBPF_API int bpf_object__btf_fd(const struct bpf_object *obj);

LIBBPF_API struct bpf_program *
bpf_object__find_program_by_name(const struct bpf_object *obj, const char *name);

LIBBPF_API int libbpf_prog_type_by_name(const char *name,
					enum bpf_prog_type *prog_type,
					enum bpf_attach_type *expected_attach_type);
LIBBPF_API int libbpf_attach_type_by_name(const char *name,
					  enum bpf_attach_type *attach_type);
/*
 * BTF id in the running kernel's vmlinux BTF of what a program of
 * @attach_type attaches to when it names @name: the typedef
 * "btf_trace_<name>" for BPF_TRACE_RAW_TP, the function
 * "bpf_lsm_<name>" for BPF_LSM_MAC and BPF_LSM_CGROUP, "bpf_iter_<name>"
 * for BPF_TRACE_ITER and the function <name> for any other type (fentry,
 * fexit, fmod_ret, ...). Negative errno on failure: -ENOENT if vmlinux
 * has no such type, the error of reading the kernel's BTF if there is
 * none. Module BTF is not searched.
 */
LIBBPF_API int libbpf_find_vmlinux_btf_id(const char *name,
					  enum bpf_attach_type attach_type);

/* Names of UAPI enum values ("kprobe", "hash", ...), NULL if unknown. */
LIBBPF_API const char *libbpf_bpf_attach_type_str(enum bpf_attach_type t);
LIBBPF_API const char *libbpf_bpf_link_type_str(enum bpf_link_type t);
LIBBPF_API const char *libbpf_bpf_map_type_str(enum bpf_map_type t);
LIBBPF_API const char *libbpf_bpf_prog_type_str(enum bpf_prog_type t);

/* ---- programs ----------------------------------------------------------- */

/*
 * Iterate the object's programs in ELF order. Subprograms (functions in
 * .text called by programs) are not programs and are not listed.
 */
LIBBPF_API struct bpf_program *
bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prog);

#define bpf_object__for_each_program(pos, obj)                                 \
	for ((pos) = bpf_object__next_program((obj), NULL); (pos) != NULL;     \
	     (pos) = bpf_object__next_program((obj), (pos)))

LIBBPF_API struct bpf_program *
bpf_object__prev_program(const struct bpf_object *obj, struct bpf_program *prog);

LIBBPF_API void bpf_program__set_ifindex(struct bpf_program *prog, __u32 ifindex);

LIBBPF_API const char *bpf_program__name(const struct bpf_program *prog);
LIBBPF_API const char *bpf_program__section_name(const struct bpf_program *prog);
LIBBPF_API bool bpf_program__autoload(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_autoload(struct bpf_program *prog, bool autoload);
LIBBPF_API bool bpf_program__autoattach(const struct bpf_program *prog);
LIBBPF_API void bpf_program__set_autoattach(struct bpf_program *prog, bool autoattach);

/*
 * The program's instructions: as in the ELF file before load, with
 * subprograms appended and relocations applied after it.
 */
LIBBPF_API const struct bpf_insn *bpf_program__insns(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_insns(struct bpf_program *prog,
				      struct bpf_insn *new_insns, size_t new_insn_cnt);
LIBBPF_API size_t bpf_program__insn_cnt(const struct bpf_program *prog);

/*
 * The .BTF.ext records of the program as the kernel gets them (rebased to
 * the linked program, subprograms included): set by bpf_object__prepare()
 * or bpf_object__load(); NULL (errno ENOENT) before, or when the object
 * has no such records.
 */
/*
 * Line info of a loaded program: bpf_prog_linfo__new() copies what
 * bpf_prog_get_info_by_fd() returned (line_info, and jited_line_info with
 * jited_ksyms and jited_func_lens for JITed code). lfind() gives the
 * record covering an instruction offset, lfind_addr_func() the one
 * covering an address of function func_idx's image; both search from
 * their nr_skip'th record on (of the program, of that function), so a
 * caller walking forward passes how many it has passed.
 */
struct bpf_prog_linfo;
struct bpf_prog_info;
LIBBPF_API void bpf_prog_linfo__free(struct bpf_prog_linfo *prog_linfo);
LIBBPF_API struct bpf_prog_linfo *bpf_prog_linfo__new(const struct bpf_prog_info *info);
LIBBPF_API const struct bpf_line_info *
bpf_prog_linfo__lfind_addr_func(const struct bpf_prog_linfo *prog_linfo,
				__u64 addr, __u32 func_idx, __u32 nr_skip);
LIBBPF_API const struct bpf_line_info *
bpf_prog_linfo__lfind(const struct bpf_prog_linfo *prog_linfo,
		      __u32 insn_off, __u32 nr_skip);

LIBBPF_API struct bpf_func_info *bpf_program__func_info(const struct bpf_program *prog);
LIBBPF_API __u32 bpf_program__func_info_cnt(const struct bpf_program *prog);
LIBBPF_API struct bpf_line_info *bpf_program__line_info(const struct bpf_program *prog);
LIBBPF_API __u32 bpf_program__line_info_cnt(const struct bpf_program *prog);

LIBBPF_API int bpf_program__fd(const struct bpf_program *prog);
LIBBPF_API int bpf_program__pin(struct bpf_program *prog, const char *path);
LIBBPF_API int bpf_program__unpin(struct bpf_program *prog, const char *path);
LIBBPF_API void bpf_program__unload(struct bpf_program *prog);

LIBBPF_API enum bpf_prog_type bpf_program__type(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_type(struct bpf_program *prog, enum bpf_prog_type type);
LIBBPF_API enum bpf_attach_type
bpf_program__expected_attach_type(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_expected_attach_type(struct bpf_program *prog,
						     enum bpf_attach_type type);

LIBBPF_API __u32 bpf_program__flags(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_flags(struct bpf_program *prog, __u32 flags);

LIBBPF_API __u32 bpf_program__log_level(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_log_level(struct bpf_program *prog, __u32 log_level);
LIBBPF_API const char *bpf_program__log_buf(const struct bpf_program *prog, size_t *log_size);
LIBBPF_API int bpf_program__set_log_buf(struct bpf_program *prog, char *log_buf, size_t log_size);

LIBBPF_API int bpf_program__set_attach_target(struct bpf_program *prog,
					      int attach_prog_fd,
					      const char *attach_func_name);

struct bpf_prog_assoc_struct_ops_opts; /* bpf.h */

/**
 * @brief **bpf_program__assoc_struct_ops()** associates the loaded
 * program @prog, which must not be a struct_ops program, with the
 * created struct_ops map @map: bpf_prog_assoc_struct_ops() on their fds,
 * after checking both.
 *
 * @return 0, or a negative errno: -EINVAL for a program that is not
 * loaded or is a struct_ops program, or a map that has no fd or is not a
 * struct_ops map; else the kernel's error
 */
LIBBPF_API int bpf_program__assoc_struct_ops(struct bpf_program *prog, struct bpf_map *map,
					     struct bpf_prog_assoc_struct_ops_opts *opts);

/* ---- custom SEC() handlers (prog_handler.c) ----------------------------- */

struct bpf_prog_load_opts;
struct bpf_link;

/* called at the end of bpf_object__open*() for each program of the section */
typedef int (*libbpf_prog_setup_fn_t)(struct bpf_program *prog, long cookie);
/* called right before BPF_PROG_LOAD; may change opts */
typedef int (*libbpf_prog_prepare_load_fn_t)(struct bpf_program *prog,
					     struct bpf_prog_load_opts *opts, long cookie);
/* bpf_program__attach(): 0 with *link NULL means "no auto-attach" */
typedef int (*libbpf_prog_attach_fn_t)(const struct bpf_program *prog, long cookie,
				       struct bpf_link **link);

struct libbpf_prog_handler_opts {
	size_t sz;
	long cookie;			/* passed to every callback */
	libbpf_prog_setup_fn_t prog_setup_fn;
	libbpf_prog_prepare_load_fn_t prog_prepare_load_fn;
	libbpf_prog_attach_fn_t prog_attach_fn;
};
#define libbpf_prog_handler_opts__last_field prog_attach_fn

/*
 * sec "abc" matches SEC("abc") only, "abc/" SEC("abc/anything"), "abc+"
 * both, NULL every section nothing else matches; registered handlers are
 * matched before the built-in sections. Returns a handler id (> 0) for
 * libbpf_unregister_prog_handler(), or a negative errno (-EBUSY: the
 * section already has a handler). Not thread-safe.
 */
LIBBPF_API int libbpf_register_prog_handler(const char *sec,
					    enum bpf_prog_type prog_type,
					    enum bpf_attach_type exp_attach_type,
					    const struct libbpf_prog_handler_opts *opts);
LIBBPF_API int libbpf_unregister_prog_handler(int handler_id);

/* ---- links and attach (link.c, attach.c) ------------------------------- */

/*
 * A link owns one kernel attachment of a program. bpf_link__destroy()
 * releases it (and the link's memory) unless bpf_link__disconnect() was
 * called; a pinned link stays attached until its pin is removed too.
 * The attach functions return NULL with errno set on failure (and, for
 * code that still uses it, libbpf_get_error() on the result works).
 */
struct bpf_link;

LIBBPF_API struct bpf_link *bpf_link__open(const char *path);
LIBBPF_API int bpf_link__fd(const struct bpf_link *link);
LIBBPF_API const char *bpf_link__pin_path(const struct bpf_link *link);
LIBBPF_API int bpf_link__pin(struct bpf_link *link, const char *path);
LIBBPF_API int bpf_link__unpin(struct bpf_link *link);
LIBBPF_API int bpf_link__update_program(struct bpf_link *link,
					struct bpf_program *prog);
LIBBPF_API void bpf_link__disconnect(struct bpf_link *link);
LIBBPF_API int bpf_link__detach(struct bpf_link *link);
LIBBPF_API int bpf_link__destroy(struct bpf_link *link);

/* attach by section name: kprobe/, uprobe/, tp/, raw_tp/, fentry/, lsm/, ... */
LIBBPF_API struct bpf_link *bpf_program__attach(const struct bpf_program *prog);

struct bpf_perf_event_opts {
	size_t sz;
	__u64 bpf_cookie;	/* value of bpf_get_attach_cookie() */
	bool force_ioctl_attach; /* PERF_EVENT_IOC_SET_BPF even if perf links work */
	size_t :0;
};
#define bpf_perf_event_opts__last_field force_ioctl_attach

LIBBPF_API struct bpf_link *
bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd);
LIBBPF_API struct bpf_link *
bpf_program__attach_perf_event_opts(const struct bpf_program *prog, int pfd,
				    const struct bpf_perf_event_opts *opts);

/* how kprobes and uprobes are created and attached */
enum probe_attach_mode {
	PROBE_ATTACH_MODE_DEFAULT = 0,	/* the best the kernel has */
	PROBE_ATTACH_MODE_LEGACY,	/* tracefs kprobe_events/uprobe_events */
	PROBE_ATTACH_MODE_PERF,		/* PMU perf event, PERF_EVENT_IOC_SET_BPF */
	PROBE_ATTACH_MODE_LINK,		/* PMU perf event, BPF perf link */
};

struct bpf_kprobe_opts {
	size_t sz;
	__u64 bpf_cookie;
	size_t offset;		/* from the start of the function */
	bool retprobe;
	enum probe_attach_mode attach_mode;
	size_t :0;
};
#define bpf_kprobe_opts__last_field attach_mode

LIBBPF_API struct bpf_link *
bpf_program__attach_kprobe(const struct bpf_program *prog, bool retprobe,
			   const char *func_name);
LIBBPF_API struct bpf_link *
bpf_program__attach_kprobe_opts(const struct bpf_program *prog,
				const char *func_name,
				const struct bpf_kprobe_opts *opts);

struct bpf_kprobe_multi_opts {
	size_t sz;
	const char **syms;		/* kernel function names, or */
	const unsigned long *addrs;	/* their addresses */
	const __u64 *cookies;		/* one per function, optional */
	size_t cnt;
	bool retprobe;
	bool session;			/* entry and return (kprobe.session) */
	bool unique_match;		/* a pattern must match exactly one function */
	size_t :0;
};
#define bpf_kprobe_multi_opts__last_field unique_match

/* pattern (a glob) or opts->syms/addrs, not both */
LIBBPF_API struct bpf_link *
bpf_program__attach_kprobe_multi_opts(const struct bpf_program *prog,
				      const char *pattern,
				      const struct bpf_kprobe_multi_opts *opts);

struct bpf_ksyscall_opts {
	size_t sz;
	__u64 bpf_cookie;
	bool retprobe;
	size_t :0;
};
#define bpf_ksyscall_opts__last_field retprobe

/* syscall_name without its arch prefix: "getpid", not "__x64_sys_getpid" */
LIBBPF_API struct bpf_link *
bpf_program__attach_ksyscall(const struct bpf_program *prog,
			     const char *syscall_name,
			     const struct bpf_ksyscall_opts *opts);

struct bpf_uprobe_opts {
	size_t sz;
	size_t ref_ctr_offset;	/* file offset of a USDT-style semaphore */
	__u64 bpf_cookie;
	bool retprobe;
	const char *func_name;	/* added to func_offset after lookup */
	enum probe_attach_mode attach_mode;
	size_t :0;
};
#define bpf_uprobe_opts__last_field attach_mode

/*
 * pid -1 probes every process, 0 the calling one. binary_path is a path
 * or a library name ("libc.so.6") looked up as the dynamic loader would.
 */
LIBBPF_API struct bpf_link *
bpf_program__attach_uprobe(const struct bpf_program *prog, bool retprobe,
			   pid_t pid, const char *binary_path,
			   size_t func_offset);
LIBBPF_API struct bpf_link *
bpf_program__attach_uprobe_opts(const struct bpf_program *prog, pid_t pid,
				const char *binary_path, size_t func_offset,
				const struct bpf_uprobe_opts *opts);

/*
 * uprobe.multi (6.6): one link for many uprobes in one binary, given as
 * a glob over its function names (func_pattern), or as syms or offsets
 * (cnt entries) in opts; pid 0 is the calling process, -1 every process.
 */
struct bpf_uprobe_multi_opts {
	size_t sz;
	const char **syms;
	const unsigned long *offsets;
	const unsigned long *ref_ctr_offsets;
	const __u64 *cookies;
	size_t cnt;
	bool retprobe;
	bool session;
	size_t :0;
};
#define bpf_uprobe_multi_opts__last_field session

LIBBPF_API struct bpf_link *
bpf_program__attach_uprobe_multi(const struct bpf_program *prog, pid_t pid,
				 const char *binary_path, const char *func_pattern,
				 const struct bpf_uprobe_multi_opts *opts);

/*
 * USDT probes (usdt.c, BPF side in <bpf/usdt.bpf.h>): attach prog at every
 * site of probe usdt_provider:usdt_name in the .note.stapsdt notes of
 * binary_path (an executable or shared library, resolved as for
 * uprobes); pid 0 is the calling process, -1 every process. One link
 * owns all the sites. The program reads the arguments with
 * bpf_usdt_arg() and usdt_cookie with bpf_usdt_cookie().
 */
struct bpf_usdt_opts {
	size_t sz;
	__u64 usdt_cookie;
	size_t :0;
};
#define bpf_usdt_opts__last_field usdt_cookie

LIBBPF_API struct bpf_link *
bpf_program__attach_usdt(const struct bpf_program *prog, pid_t pid,
			 const char *binary_path, const char *usdt_provider,
			 const char *usdt_name, const struct bpf_usdt_opts *opts);

struct bpf_tracepoint_opts {
	size_t sz;
	__u64 bpf_cookie;
	size_t :0;
};
#define bpf_tracepoint_opts__last_field bpf_cookie

LIBBPF_API struct bpf_link *
bpf_program__attach_tracepoint(const struct bpf_program *prog,
			       const char *tp_category, const char *tp_name);
LIBBPF_API struct bpf_link *
bpf_program__attach_tracepoint_opts(const struct bpf_program *prog,
				    const char *tp_category, const char *tp_name,
				    const struct bpf_tracepoint_opts *opts);

struct bpf_raw_tracepoint_opts {
	size_t sz;
	__u64 cookie;
	size_t :0;
};
#define bpf_raw_tracepoint_opts__last_field cookie

LIBBPF_API struct bpf_link *
bpf_program__attach_raw_tracepoint(const struct bpf_program *prog,
				   const char *tp_name);
LIBBPF_API struct bpf_link *
bpf_program__attach_raw_tracepoint_opts(const struct bpf_program *prog,
					const char *tp_name,
					struct bpf_raw_tracepoint_opts *opts);

struct bpf_trace_opts {
	size_t sz;
	__u64 cookie;
	size_t :0;
};
#define bpf_trace_opts__last_field cookie

/* fentry, fexit, fmod_ret, tp_btf: the target set at open or by set_attach_target */
LIBBPF_API struct bpf_link *
bpf_program__attach_trace(const struct bpf_program *prog);
LIBBPF_API struct bpf_link *
bpf_program__attach_trace_opts(const struct bpf_program *prog,
			       const struct bpf_trace_opts *opts);
LIBBPF_API struct bpf_link *
bpf_program__attach_lsm(const struct bpf_program *prog);

struct bpf_iter_attach_opts {
	size_t sz;
	union bpf_iter_link_info *link_info;
	__u32 link_info_len;
	size_t :0;
};
#define bpf_iter_attach_opts__last_field link_info_len

/* read the iterator with read() on bpf_iter_create(bpf_link__fd(link)) */
LIBBPF_API struct bpf_link *
bpf_program__attach_iter(const struct bpf_program *prog,
			 const struct bpf_iter_attach_opts *opts);

LIBBPF_API struct bpf_link *
bpf_program__attach_cgroup(const struct bpf_program *prog, int cgroup_fd);
LIBBPF_API struct bpf_link *
bpf_program__attach_netns(const struct bpf_program *prog, int netns_fd);
LIBBPF_API struct bpf_link *
bpf_program__attach_sockmap(const struct bpf_program *prog, int map_fd);
/* netfilter hooks (6.4): protocol family, hook and priority */
struct bpf_netfilter_opts {
	size_t sz;
	__u32 pf;
	__u32 hooknum;
	__s32 priority;
	__u32 flags;
};
#define bpf_netfilter_opts__last_field flags

LIBBPF_API struct bpf_link *
bpf_program__attach_netfilter(const struct bpf_program *prog,
			      const struct bpf_netfilter_opts *opts);
LIBBPF_API struct bpf_link *
bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex);
LIBBPF_API struct bpf_link *
bpf_program__attach_freplace(const struct bpf_program *prog,
			     int target_fd, const char *attach_func_name);

struct bpf_tcx_opts {
	size_t sz;
	__u32 flags;		/* BPF_F_BEFORE, BPF_F_AFTER, BPF_F_ID, ... */
	__u32 relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};
#define bpf_tcx_opts__last_field expected_revision

LIBBPF_API struct bpf_link *
bpf_program__attach_tcx(const struct bpf_program *prog, int ifindex,
			const struct bpf_tcx_opts *opts);

struct bpf_netkit_opts {
	size_t sz;
	__u32 flags;
	__u32 relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};
#define bpf_netkit_opts__last_field expected_revision

LIBBPF_API struct bpf_link *
bpf_program__attach_netkit(const struct bpf_program *prog, int ifindex,
			   const struct bpf_netkit_opts *opts);

/* a cgroup link placed before or after another program (6.16+) */
struct bpf_cgroup_opts {
	size_t sz;
	__u32 flags;		/* BPF_F_BEFORE, BPF_F_AFTER, BPF_F_ID, ... */
	__u32 relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};
#define bpf_cgroup_opts__last_field expected_revision

LIBBPF_API struct bpf_link *
bpf_program__attach_cgroup_opts(const struct bpf_program *prog, int cgroup_fd,
				const struct bpf_cgroup_opts *opts);

/* the same as bpf_program__type() and bpf_program__expected_attach_type() */
LIBBPF_API enum bpf_prog_type bpf_program__get_type(const struct bpf_program *prog);
LIBBPF_API enum bpf_attach_type
bpf_program__get_expected_attach_type(const struct bpf_program *prog);

/* ---- maps --------------------------------------------------------------- */

LIBBPF_API struct bpf_map *
bpf_object__find_map_by_name(const struct bpf_object *obj, const char *name);
LIBBPF_API int bpf_object__find_map_fd_by_name(const struct bpf_object *obj,
					       const char *name);

LIBBPF_API struct bpf_map *
bpf_object__next_map(const struct bpf_object *obj, const struct bpf_map *map);

#define bpf_object__for_each_map(pos, obj)                                     \
	for ((pos) = bpf_object__next_map((obj), NULL); (pos) != NULL;         \
	     (pos) = bpf_object__next_map((obj), (pos)))

LIBBPF_API struct bpf_map *
bpf_object__prev_map(const struct bpf_object *obj, const struct bpf_map *map);

LIBBPF_API int bpf_map__set_autocreate(struct bpf_map *map, bool autocreate);
LIBBPF_API bool bpf_map__autocreate(const struct bpf_map *map);

/*
 * struct_ops maps: attach registers the map's struct (a
 * SEC(".struct_ops.link") map through a BPF link, 6.4+); the returned
 * link unregisters it on destroy. bpf_link__update_map() switches such a
 * link to another .struct_ops.link map of the same type. autoattach
 * (default on) tells skeletons whether to attach the map.
 */
LIBBPF_API struct bpf_link *bpf_map__attach_struct_ops(const struct bpf_map *map);
LIBBPF_API int bpf_link__update_map(struct bpf_link *link, const struct bpf_map *map);
LIBBPF_API int bpf_map__set_autoattach(struct bpf_map *map, bool autoattach);
LIBBPF_API bool bpf_map__autoattach(const struct bpf_map *map);

/* fd of the map after load or bpf_map__reuse_fd(); -EINVAL before */
LIBBPF_API int bpf_map__fd(const struct bpf_map *map);
/* make load use an existing map (fd is duplicated) instead of creating one */
LIBBPF_API int bpf_map__reuse_fd(struct bpf_map *map, int fd);

LIBBPF_API const char *bpf_map__name(const struct bpf_map *map);
LIBBPF_API enum bpf_map_type bpf_map__type(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_type(struct bpf_map *map, enum bpf_map_type type);
LIBBPF_API __u32 bpf_map__max_entries(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries);
LIBBPF_API __u32 bpf_map__map_flags(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_map_flags(struct bpf_map *map, __u32 flags);
LIBBPF_API __u32 bpf_map__numa_node(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_numa_node(struct bpf_map *map, __u32 numa_node);
LIBBPF_API __u32 bpf_map__key_size(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_key_size(struct bpf_map *map, __u32 size);
LIBBPF_API __u32 bpf_map__value_size(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_value_size(struct bpf_map *map, __u32 size);
LIBBPF_API __u32 bpf_map__btf_key_type_id(const struct bpf_map *map);
LIBBPF_API __u32 bpf_map__btf_value_type_id(const struct bpf_map *map);
LIBBPF_API __u32 bpf_map__ifindex(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_ifindex(struct bpf_map *map, __u32 ifindex);
LIBBPF_API __u64 bpf_map__map_extra(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_map_extra(struct bpf_map *map, __u64 map_extra);

/*
 * Initial contents of a global data map (.data, .rodata, .bss, ...).
 * Before load the returned buffer may be written to change them.
 */
LIBBPF_API int bpf_map__set_initial_value(struct bpf_map *map,
					  const void *data, size_t size);
LIBBPF_API void *bpf_map__initial_value(const struct bpf_map *map, size_t *psize);

/* true for maps the library made from global data or Kconfig externs */
LIBBPF_API bool bpf_map__is_internal(const struct bpf_map *map);

LIBBPF_API int bpf_map__set_pin_path(struct bpf_map *map, const char *path);
LIBBPF_API const char *bpf_map__pin_path(const struct bpf_map *map);
/* the name libbpf 0.0.6 gave bpf_map__pin_path() */
LIBBPF_API const char *bpf_map__get_pin_path(const struct bpf_map *map);
LIBBPF_API bool bpf_map__is_pinned(const struct bpf_map *map);
LIBBPF_API int bpf_map__pin(struct bpf_map *map, const char *path);
LIBBPF_API int bpf_map__unpin(struct bpf_map *map, const char *path);

LIBBPF_API int bpf_map__set_inner_map_fd(struct bpf_map *map, int fd);
/*
 * Exclusive map (kernel 6.18+): only prog, a program of the map's own
 * object, may use the map; the kernel refuses any other program that
 * refers to it. The map is created with the SHA-256 digest of prog's
 * final instructions. Only before the object is prepared or loaded
 * (-EINVAL after, or for a program of another object). On older kernels
 * the load fails with -EOPNOTSUPP.
 */
LIBBPF_API int bpf_map__set_exclusive_program(struct bpf_map *map, struct bpf_program *prog);
/* the program set by bpf_map__set_exclusive_program(), or NULL */
LIBBPF_API struct bpf_program *bpf_map__exclusive_program(struct bpf_map *map);
LIBBPF_API struct bpf_map *bpf_map__inner_map(struct bpf_map *map);

/*
 * Element access on a loaded map; key_sz and value_sz must match the
 * map's sizes (value_sz is per CPU times the number of possible CPUs for
 * per-CPU maps).
 */
LIBBPF_API int bpf_map__lookup_elem(const struct bpf_map *map,
				    const void *key, size_t key_sz,
				    void *value, size_t value_sz, __u64 flags);
LIBBPF_API int bpf_map__update_elem(const struct bpf_map *map,
				    const void *key, size_t key_sz,
				    const void *value, size_t value_sz, __u64 flags);
LIBBPF_API int bpf_map__delete_elem(const struct bpf_map *map,
				    const void *key, size_t key_sz, __u64 flags);
LIBBPF_API int bpf_map__lookup_and_delete_elem(const struct bpf_map *map,
					       const void *key, size_t key_sz,
					       void *value, size_t value_sz, __u64 flags);
LIBBPF_API int bpf_map__get_next_key(const struct bpf_map *map,
				     const void *cur_key, void *next_key, size_t key_sz);

/* ---- skeletons (skeleton.c) --------------------------------------------- */

/*
 * What `bpftool gen skeleton` and `bpftool gen subskeleton` generate code
 * against. These layouts are ABI: generated code fills arrays of
 * bpf_map_skeleton and bpf_prog_skeleton and says in map_skel_sz,
 * prog_skel_sz and var_skel_sz how large one element is, so that a
 * skeleton made by an older bpftool (bpf_map_skeleton without link) and
 * one made by a newer bpftool both work. New fields only ever go at the
 * end.
 */
struct bpf_map_skeleton {
	const char *name;
	struct bpf_map **map;
	void **mmaped;			/* global data: the variables' memory */
	struct bpf_link **link;		/* struct_ops maps; newer bpftool only */
};

struct bpf_prog_skeleton {
	const char *name;
	struct bpf_program **prog;
	struct bpf_link **link;
};

struct bpf_object_skeleton {
	size_t sz;			/* sizeof(struct bpf_object_skeleton) */

	const char *name;		/* object name */
	const void *data;		/* the embedded ELF object */
	size_t data_sz;

	struct bpf_object **obj;

	int map_cnt;
	int map_skel_sz;		/* size of one element of maps[] */
	struct bpf_map_skeleton *maps;

	int prog_cnt;
	int prog_skel_sz;		/* size of one element of progs[] */
	struct bpf_prog_skeleton *progs;
};

/*
 * open: the object from data/data_sz, named s->name unless
 * opts->object_name says otherwise; fills every *map and *prog, and
 * *mmaped with the global data's memory (writable until load). load:
 * bpf_object__load(), then *mmaped point at the kernel maps (read-only
 * for .rodata and .kconfig). attach: auto-attaches each program whose
 * SEC() allows it and whose autoload and autoattach are on, unless its
 * link is already set, and the struct_ops maps with autoattach on.
 * detach destroys those links; destroy detaches, closes the object and
 * frees s with its arrays (NULL-safe, fine after a failed open or load).
 */
LIBBPF_API int bpf_object__open_skeleton(struct bpf_object_skeleton *s,
					 const struct bpf_object_open_opts *opts);
LIBBPF_API int bpf_object__load_skeleton(struct bpf_object_skeleton *s);
LIBBPF_API int bpf_object__attach_skeleton(struct bpf_object_skeleton *s);
LIBBPF_API void bpf_object__detach_skeleton(struct bpf_object_skeleton *s);
LIBBPF_API void bpf_object__destroy_skeleton(struct bpf_object_skeleton *s);

struct bpf_var_skeleton {
	const char *name;
	struct bpf_map **map;
	void **addr;
};

/*
 * A subskeleton is a BPF library's view of the object it was linked
 * into: its maps, programs and global variables, found by name in obj.
 */
struct bpf_object_subskeleton {
	size_t sz;			/* sizeof(struct bpf_object_subskeleton) */

	const struct bpf_object *obj;

	int map_cnt;
	int map_skel_sz;
	struct bpf_map_skeleton *maps;

	int prog_cnt;
	int prog_skel_sz;
	struct bpf_prog_skeleton *progs;

	int var_cnt;
	int var_skel_sz;
	struct bpf_var_skeleton *vars;
};

/* fills every *map, *prog and *addr; destroy frees s and its arrays */
LIBBPF_API int bpf_object__open_subskeleton(struct bpf_object_subskeleton *s);
LIBBPF_API void bpf_object__destroy_subskeleton(struct bpf_object_subskeleton *s);

/* ---- ring buffers (ringbuf.c) -------------------------------------------- */

/*
 * ring_buffer: consume the records BPF programs write into
 * BPF_MAP_TYPE_RINGBUF maps (bpf_ringbuf_output(), _reserve/_submit),
 * one or more maps polled through one epoll fd. The callback gets each
 * record in order; its negative return stops consumption and is
 * returned (that record counts as consumed). poll and consume return
 * the number of records handed over (at most INT_MAX) or a negative
 * errno; poll returns -EINTR when a signal interrupted the wait.
 */
struct ring_buffer;
struct ring;
struct user_ring_buffer;

typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);

struct ring_buffer_opts {
	size_t sz;
};
#define ring_buffer_opts__last_field sz

LIBBPF_API struct ring_buffer *
ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,
		 const struct ring_buffer_opts *opts);
LIBBPF_API void ring_buffer__free(struct ring_buffer *rb);
LIBBPF_API int ring_buffer__add(struct ring_buffer *rb, int map_fd,
				ring_buffer_sample_fn sample_cb, void *ctx);
LIBBPF_API int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms);
LIBBPF_API int ring_buffer__consume(struct ring_buffer *rb);
LIBBPF_API int ring_buffer__consume_n(struct ring_buffer *rb, size_t n);
LIBBPF_API int ring_buffer__epoll_fd(const struct ring_buffer *rb);

/* the idx-th map added (0: the one given to ring_buffer__new()) */
LIBBPF_API struct ring *ring_buffer__ring(struct ring_buffer *rb, unsigned int idx);
LIBBPF_API unsigned long ring__consumer_pos(const struct ring *r);
LIBBPF_API unsigned long ring__producer_pos(const struct ring *r);
LIBBPF_API size_t ring__avail_data_size(const struct ring *r);
LIBBPF_API size_t ring__size(const struct ring *r);
LIBBPF_API int ring__map_fd(const struct ring *r);
LIBBPF_API int ring__consume(struct ring *r);
LIBBPF_API int ring__consume_n(struct ring *r, size_t n);

/*
 * user_ring_buffer: produce records for BPF_MAP_TYPE_USER_RINGBUF maps
 * (6.1+), which BPF programs drain with bpf_user_ringbuf_drain().
 * reserve returns 8-byte aligned space, or NULL with errno E2BIG (larger
 * than the ring) or ENOSPC (no room now); reserve_blocking waits up to
 * timeout_ms (-1: for ever) for the kernel to drain enough. reserve is
 * not thread-safe: producers in several threads serialize their reserve
 * calls; submit and discard of a reserved sample may run in any thread.
 */
struct user_ring_buffer_opts {
	size_t sz;
};
#define user_ring_buffer_opts__last_field sz

LIBBPF_API struct user_ring_buffer *
user_ring_buffer__new(int map_fd, const struct user_ring_buffer_opts *opts);
LIBBPF_API void *user_ring_buffer__reserve(struct user_ring_buffer *rb, __u32 size);
LIBBPF_API void *user_ring_buffer__reserve_blocking(struct user_ring_buffer *rb,
						    __u32 size, int timeout_ms);
LIBBPF_API void user_ring_buffer__submit(struct user_ring_buffer *rb, void *sample);
LIBBPF_API void user_ring_buffer__discard(struct user_ring_buffer *rb, void *sample);
LIBBPF_API void user_ring_buffer__free(struct user_ring_buffer *rb);

/* ---- perf buffers (perf_buffer.c) ------------------------------------------ */

/*
 * perf_buffer: the records of bpf_perf_event_output() through a
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY map, one perf event ring of page_cnt
 * pages (a power of two) per online CPU, each stored in the map at its
 * CPU's key. sample_cb gets each record, lost_cb the number of records
 * a full ring dropped. poll returns the number of rings that had data,
 * or a negative errno (-EINTR when a signal interrupted the wait);
 * consume returns 0 or a negative errno.
 */
struct perf_buffer;

typedef void (*perf_buffer_sample_fn)(void *ctx, int cpu, void *data, __u32 size);
typedef void (*perf_buffer_lost_fn)(void *ctx, int cpu, __u64 cnt);

struct perf_buffer_opts {
	size_t sz;
	__u32 sample_period;	/* wake up every this many records (default 1) */
	size_t :0;
};
#define perf_buffer_opts__last_field sample_period

LIBBPF_API struct perf_buffer *
perf_buffer__new(int map_fd, size_t page_cnt,
		 perf_buffer_sample_fn sample_cb, perf_buffer_lost_fn lost_cb, void *ctx,
		 const struct perf_buffer_opts *opts);

enum bpf_perf_event_ret {
	LIBBPF_PERF_EVENT_DONE	= 0,
	LIBBPF_PERF_EVENT_ERROR	= -1,
	LIBBPF_PERF_EVENT_CONT	= -2,
};

struct perf_event_header;
struct perf_event_attr;

/* raw mode: every record, of any type, to event_cb; CONT goes on */
typedef enum bpf_perf_event_ret
(*perf_buffer_event_fn)(void *ctx, int cpu, struct perf_event_header *event);

struct perf_buffer_raw_opts {
	size_t sz;
	long :0;
	long :0;
	/* 0: every online CPU (up to the map's max_entries), at key == CPU */
	int cpu_cnt;
	int *cpus;		/* else: these CPUs ... */
	int *map_keys;		/* ... at these keys */
};
#define perf_buffer_raw_opts__last_field map_keys

LIBBPF_API struct perf_buffer *
perf_buffer__new_raw(int map_fd, size_t page_cnt, struct perf_event_attr *attr,
		     perf_buffer_event_fn event_cb, void *ctx,
		     const struct perf_buffer_raw_opts *opts);

LIBBPF_API void perf_buffer__free(struct perf_buffer *pb);
LIBBPF_API int perf_buffer__epoll_fd(const struct perf_buffer *pb);
LIBBPF_API int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms);
LIBBPF_API int perf_buffer__consume(struct perf_buffer *pb);
LIBBPF_API int perf_buffer__consume_buffer(struct perf_buffer *pb, size_t buf_idx);
LIBBPF_API size_t perf_buffer__buffer_cnt(const struct perf_buffer *pb);
LIBBPF_API int perf_buffer__buffer_fd(const struct perf_buffer *pb, size_t buf_idx);
/* the ring's mmap()ed memory (its metadata page first) and data size */
LIBBPF_API int perf_buffer__buffer(struct perf_buffer *pb, int buf_idx, void **buf,
				   size_t *buf_size);

/* ---- tc and XDP over netlink (netlink.c) --------------------------------- */

/*
 * XDP attachment through rtnetlink (IFLA_XDP), the way before XDP links:
 * the program stays attached when the process exits, until detached.
 * flags: XDP_FLAGS_* of <linux/if_link.h>.
 */
struct bpf_xdp_attach_opts {
	size_t sz;
	int old_prog_fd;	/* with XDP_FLAGS_REPLACE: replace only this one */
	size_t :0;
};
#define bpf_xdp_attach_opts__last_field old_prog_fd

struct bpf_xdp_query_opts {
	size_t sz;
	__u32 prog_id;		/* output: the program, if one mode only */
	__u32 drv_prog_id;	/* output: per mode */
	__u32 hw_prog_id;
	__u32 skb_prog_id;
	__u8 attach_mode;	/* output: XDP_ATTACHED_* */
	__u64 feature_flags;	/* output: NETDEV_XDP_ACT_* (6.3+) */
	__u32 xdp_zc_max_segs;	/* output: zero-copy fragments (6.6+) */
	size_t :0;
};
#define bpf_xdp_query_opts__last_field xdp_zc_max_segs

LIBBPF_API int bpf_xdp_attach(int ifindex, int prog_fd, __u32 flags,
			      const struct bpf_xdp_attach_opts *opts);
LIBBPF_API int bpf_xdp_detach(int ifindex, __u32 flags,
			      const struct bpf_xdp_attach_opts *opts);
LIBBPF_API int bpf_xdp_query(int ifindex, int flags, struct bpf_xdp_query_opts *opts);
LIBBPF_API int bpf_xdp_query_id(int ifindex, int flags, __u32 *prog_id);

/* tc: cls_bpf filters in direct-action mode on a clsact qdisc */
enum bpf_tc_attach_point {
	BPF_TC_INGRESS = 1 << 0,
	BPF_TC_EGRESS  = 1 << 1,
	BPF_TC_CUSTOM  = 1 << 2,	/* hook.parent names the qdisc and class */
	BPF_TC_QDISC   = 1 << 3,	/* hook.qdisc names a qdisc to create */
};

#define BPF_TC_PARENT(a, b) \
	((((a) << 16) & 0xFFFF0000U) | ((b) & 0x0000FFFFU))

enum bpf_tc_flags {
	BPF_TC_F_REPLACE = 1 << 0,
};

struct bpf_tc_hook {
	size_t sz;
	int ifindex;
	enum bpf_tc_attach_point attach_point;
	__u32 parent;
	__u32 handle;		/* BPF_TC_QDISC: the qdisc's handle */
	const char *qdisc;	/* BPF_TC_QDISC: the qdisc's kind */
	size_t :0;
};
#define bpf_tc_hook__last_field qdisc

struct bpf_tc_opts {
	size_t sz;
	int prog_fd;
	__u32 flags;		/* enum bpf_tc_flags */
	__u32 prog_id;
	__u32 handle;
	__u32 priority;
	size_t :0;
};
#define bpf_tc_opts__last_field priority

LIBBPF_API int bpf_tc_hook_create(struct bpf_tc_hook *hook);
LIBBPF_API int bpf_tc_hook_destroy(struct bpf_tc_hook *hook);
LIBBPF_API int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);
LIBBPF_API int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts);
LIBBPF_API int bpf_tc_query(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);

/* ---- the static linker (linker.c) ---------------------------------------- */

/*
 * Combine BPF ELF objects (clang -target bpf -g) into one, as
 * `bpftool gen object` does: sections appended by name, global symbols
 * resolved (externs against definitions, weak against strong), BTF and
 * .BTF.ext merged. See Documentation/bpf/btf.rst.
 */
struct bpf_linker_opts {
	/* size of this struct, for forward/backward compatibility */
	size_t sz;
};
#define bpf_linker_opts__last_field sz

struct bpf_linker_file_opts {
	/* size of this struct, for forward/backward compatibility */
	size_t sz;
};
#define bpf_linker_file_opts__last_field sz

struct bpf_linker;

/* the output is written to filename by bpf_linker__finalize() */
LIBBPF_API struct bpf_linker *bpf_linker__new(const char *filename,
					      struct bpf_linker_opts *opts);
/* the output is written to fd (not closed) by bpf_linker__finalize() */
LIBBPF_API struct bpf_linker *bpf_linker__new_fd(int fd, struct bpf_linker_opts *opts);
LIBBPF_API int bpf_linker__add_file(struct bpf_linker *linker, const char *filename,
				    const struct bpf_linker_file_opts *opts);
/* the object is read from fd's current position to its end */
LIBBPF_API int bpf_linker__add_fd(struct bpf_linker *linker, int fd,
				  const struct bpf_linker_file_opts *opts);
/* buf is copied; the caller keeps it */
LIBBPF_API int bpf_linker__add_buf(struct bpf_linker *linker, void *buf, size_t buf_sz,
				   const struct bpf_linker_file_opts *opts);
LIBBPF_API int bpf_linker__finalize(struct bpf_linker *linker);
LIBBPF_API void bpf_linker__free(struct bpf_linker *linker);

/* ---- misc --------------------------------------------------------------- */

/* number of possible CPUs (/sys/devices/system/cpu/possible), or -errno */
/*
 * Does the running kernel have this program type, map type, or helper for
 * programs of this type? 1 yes, 0 no (also when the kernel refuses to be
 * asked: not privileged), -EOPNOTSUPP for types this library cannot probe.
 * opts must be NULL. Each call asks the kernel; nothing is cached.
 */
LIBBPF_API int libbpf_probe_bpf_prog_type(enum bpf_prog_type prog_type, const void *opts);
LIBBPF_API int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts);
LIBBPF_API int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type,
				       enum bpf_func_id helper_id, const void *opts);

LIBBPF_API int libbpf_num_possible_cpus(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* __LIBBPF_LIBBPF_H */
