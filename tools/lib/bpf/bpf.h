/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Thin wrappers around the bpf(2) commands.
 *
 * Every function returns a negative errno on failure and also leaves that
 * errno in errno. Functions that hand out a new file descriptor return it
 * (always >= 3 and close-on-exec).
 *
 * Options are passed in extensible "opts" structs: declare them with
 * LIBBPF_OPTS() so that sz is set and unused fields are zero.
 */
#ifndef __LIBBPF_BPF_H
#define __LIBBPF_BPF_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libbpf_common.h"
#include "libbpf_legacy.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Value RLIMIT_MEMLOCK is raised to before the first map, program or BTF
 * is created, on kernels that still charge BPF memory against it (before
 * 5.11; newer kernels use memory cgroups and the limit is left alone).
 * The default is RLIM_INFINITY; 0 disables raising the limit. Fails with
 * -EBUSY once the limit has been raised.
 */
LIBBPF_API int libbpf_set_memlock_rlim(size_t memlock_bytes);

struct bpf_map_create_opts {
	size_t sz; /* size of this struct, for compatibility */

	__u32 btf_fd;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 btf_vmlinux_value_type_id;

	__u32 inner_map_fd;
	__u32 map_flags;
	__u64 map_extra;

	__u32 numa_node;
	__u32 map_ifindex;
	__s32 value_type_btf_obj_fd;

	/*
	 * BPF token (bpf_token_create()) the map is created with; the
	 * kernel looks at it only with BPF_F_TOKEN_FD in map_flags.
	 */
	__u32 token_fd;

	/*
	 * Exclusive map (kernel 6.18+): SHA-256 digest of the only program
	 * allowed to use the map, excl_prog_hash_size bytes (32).
	 */
	const void *excl_prog_hash;
	__u32 excl_prog_hash_size;
	size_t :0;
};
#define bpf_map_create_opts__last_field excl_prog_hash_size

LIBBPF_API int bpf_map_create(enum bpf_map_type map_type,
			      const char *map_name,
			      __u32 key_size,
			      __u32 value_size,
			      __u32 max_entries,
			      const struct bpf_map_create_opts *opts);

struct bpf_prog_load_opts {
	size_t sz; /* size of this struct, for compatibility */

	/*
	 * How many times BPF_PROG_LOAD is tried while the kernel answers
	 * EAGAIN; 0 means the default (5).
	 */
	int attempts;

	enum bpf_attach_type expected_attach_type;
	__u32 prog_btf_fd;
	__u32 prog_flags;
	__u32 prog_ifindex;
	__u32 kern_version;

	__u32 attach_btf_id;
	__u32 attach_prog_fd;
	__u32 attach_btf_obj_fd;

	const int *fd_array;

	/* .BTF.ext func_info records */
	const void *func_info;
	__u32 func_info_cnt;
	__u32 func_info_rec_size;

	/* .BTF.ext line_info records */
	const void *line_info;
	__u32 line_info_cnt;
	__u32 line_info_rec_size;

	/*
	 * Verifier log. With log_level 0 and a log_buf, the program is
	 * loaded without a log first and, if that fails, loaded again with
	 * log_level 1 so that log_buf explains the failure.
	 */
	__u32 log_level;
	__u32 log_size;
	char *log_buf;
	/*
	 * Output: size the whole log needed, terminating zero included,
	 * when the kernel reports it; 0 otherwise.
	 */
	__u32 log_true_size;
	/* BPF token; used by the kernel with BPF_F_TOKEN_FD in prog_flags */
	__u32 token_fd;
	size_t :0;
};
#define bpf_prog_load_opts__last_field token_fd

LIBBPF_API int bpf_prog_load(enum bpf_prog_type prog_type,
			     const char *prog_name, const char *license,
			     const struct bpf_insn *insns, size_t insn_cnt,
			     struct bpf_prog_load_opts *opts);

/* largest verifier log kernels up to 5.1 accept */
#define BPF_LOG_BUF_SIZE (UINT32_MAX >> 8)

struct bpf_btf_load_opts {
	size_t sz; /* size of this struct, for compatibility */

	/* kernel log; log_level 0 with a log_buf works as for programs */
	char *log_buf;
	__u32 log_level;
	__u32 log_size;
	/* output: log size needed, when the kernel reports it; else 0 */
	__u32 log_true_size;

	/* BTF load flags (kernel 6.9+): BPF_F_TOKEN_FD to use token_fd */
	__u32 btf_flags;
	__u32 token_fd;
	size_t :0;
};
#define bpf_btf_load_opts__last_field token_fd

LIBBPF_API int bpf_btf_load(const void *btf_data, size_t btf_size,
			    struct bpf_btf_load_opts *opts);

LIBBPF_API int bpf_map_update_elem(int fd, const void *key, const void *value,
				   __u64 flags);

LIBBPF_API int bpf_map_lookup_elem(int fd, const void *key, void *value);
LIBBPF_API int bpf_map_lookup_elem_flags(int fd, const void *key, void *value,
					 __u64 flags);
LIBBPF_API int bpf_map_lookup_and_delete_elem(int fd, const void *key,
					      void *value);
LIBBPF_API int bpf_map_lookup_and_delete_elem_flags(int fd, const void *key,
						    void *value, __u64 flags);
LIBBPF_API int bpf_map_delete_elem(int fd, const void *key);
LIBBPF_API int bpf_map_delete_elem_flags(int fd, const void *key, __u64 flags);
LIBBPF_API int bpf_map_get_next_key(int fd, const void *key, void *next_key);
LIBBPF_API int bpf_map_freeze(int fd);

struct bpf_map_batch_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u64 elem_flags;
	__u64 flags;
};
#define bpf_map_batch_opts__last_field flags

/*
 * Batch operations. *count holds the number of elements offered on input
 * and the number processed on output, also when the call fails (a lookup
 * that reaches the end of the map fails with -ENOENT and still returns
 * the last elements).
 */
LIBBPF_API int bpf_map_delete_batch(int fd, const void *keys,
				    __u32 *count,
				    const struct bpf_map_batch_opts *opts);
LIBBPF_API int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch,
				    void *keys, void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts);
LIBBPF_API int bpf_map_lookup_and_delete_batch(int fd, void *in_batch,
					void *out_batch, void *keys,
					void *values, __u32 *count,
					const struct bpf_map_batch_opts *opts);
LIBBPF_API int bpf_map_update_batch(int fd, const void *keys, const void *values,
				    __u32 *count,
				    const struct bpf_map_batch_opts *opts);

struct bpf_obj_pin_opts {
	size_t sz; /* size of this struct, for compatibility */

	__u32 file_flags;
	int path_fd;

	size_t :0;
};
#define bpf_obj_pin_opts__last_field path_fd

LIBBPF_API int bpf_obj_pin(int fd, const char *pathname);
LIBBPF_API int bpf_obj_pin_opts(int fd, const char *pathname,
				const struct bpf_obj_pin_opts *opts);

struct bpf_obj_get_opts {
	size_t sz; /* size of this struct, for compatibility */

	__u32 file_flags;
	int path_fd;

	size_t :0;
};
#define bpf_obj_get_opts__last_field path_fd

LIBBPF_API int bpf_obj_get(const char *pathname);
LIBBPF_API int bpf_obj_get_opts(const char *pathname,
				const struct bpf_obj_get_opts *opts);

LIBBPF_API int bpf_prog_attach(int prog_fd, int attachable_fd,
			       enum bpf_attach_type type, unsigned int flags);
LIBBPF_API int bpf_prog_detach(int attachable_fd, enum bpf_attach_type type);
LIBBPF_API int bpf_prog_detach2(int prog_fd, int attachable_fd,
				enum bpf_attach_type type);

struct bpf_prog_attach_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u32 flags;
	union {
		int replace_prog_fd;
		int replace_fd;
	};
	int relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};
#define bpf_prog_attach_opts__last_field expected_revision

struct bpf_prog_detach_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u32 flags;
	int relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};
#define bpf_prog_detach_opts__last_field expected_revision

LIBBPF_API int bpf_prog_attach_opts(int prog_fd, int target,
				    enum bpf_attach_type type,
				    const struct bpf_prog_attach_opts *opts);
LIBBPF_API int bpf_prog_detach_opts(int prog_fd, int target,
				    enum bpf_attach_type type,
				    const struct bpf_prog_detach_opts *opts);

union bpf_iter_link_info; /* linux/bpf.h */
struct bpf_link_create_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u32 flags;
	union bpf_iter_link_info *iter_info;
	__u32 iter_info_len;
	__u32 target_btf_id;
	/* which member applies depends on the attach type */
	union {
		struct {
			__u64 bpf_cookie;
		} perf_event;
		struct {
			__u32 flags;
			__u32 cnt;
			const char **syms;
			const unsigned long *addrs;
			const __u64 *cookies;
		} kprobe_multi;
		struct {
			__u32 flags;
			__u32 cnt;
			const char *path;
			const unsigned long *offsets;
			const unsigned long *ref_ctr_offsets;
			const __u64 *cookies;
			__u32 pid;
		} uprobe_multi;
		struct {
			__u64 cookie;
		} tracing;
		struct {
			__u32 pf;
			__u32 hooknum;
			__s32 priority;
			__u32 flags;
		} netfilter;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} tcx;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} netkit;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} cgroup;
	};
	size_t :0;
};
#define bpf_link_create_opts__last_field uprobe_multi.pid

LIBBPF_API int bpf_link_create(int prog_fd, int target_fd,
			       enum bpf_attach_type attach_type,
			       const struct bpf_link_create_opts *opts);

LIBBPF_API int bpf_link_detach(int link_fd);

struct bpf_link_update_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u32 flags;	   /* extra flags */
	__u32 old_prog_fd; /* expected old program fd (BPF_F_REPLACE) */
	__u32 old_map_fd;  /* expected old map fd */
};
#define bpf_link_update_opts__last_field old_map_fd

LIBBPF_API int bpf_link_update(int link_fd, int new_prog_fd,
			       const struct bpf_link_update_opts *opts);

LIBBPF_API int bpf_iter_create(int link_fd);

struct bpf_test_run_opts {
	size_t sz; /* size of this struct, for compatibility */
	const void *data_in; /* optional */
	void *data_out;      /* optional */
	__u32 data_size_in;
	__u32 data_size_out; /* in: room in data_out, out: bytes written */
	const void *ctx_in;  /* optional */
	void *ctx_out;       /* optional */
	__u32 ctx_size_in;
	__u32 ctx_size_out;  /* in: room in ctx_out, out: bytes written */
	__u32 retval;        /* out: the program's return value */
	int repeat;
	__u32 duration;      /* out: average run time per repetition, ns */
	__u32 flags;
	__u32 cpu;
	__u32 batch_size;
};
#define bpf_test_run_opts__last_field batch_size

LIBBPF_API int bpf_prog_test_run_opts(int prog_fd,
				      struct bpf_test_run_opts *opts);

LIBBPF_API int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_map_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_link_get_next_id(__u32 start_id, __u32 *next_id);

struct bpf_get_fd_by_id_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u32 open_flags; /* access requested for the fd (BPF_F_RDONLY, ...) */
	size_t :0;
};
#define bpf_get_fd_by_id_opts__last_field open_flags

LIBBPF_API int bpf_prog_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_prog_get_fd_by_id_opts(__u32 id,
				const struct bpf_get_fd_by_id_opts *opts);
LIBBPF_API int bpf_map_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_map_get_fd_by_id_opts(__u32 id,
				const struct bpf_get_fd_by_id_opts *opts);
LIBBPF_API int bpf_btf_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_btf_get_fd_by_id_opts(__u32 id,
				const struct bpf_get_fd_by_id_opts *opts);
LIBBPF_API int bpf_link_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_link_get_fd_by_id_opts(__u32 id,
				const struct bpf_get_fd_by_id_opts *opts);

/*
 * *info_len is the size of the caller's info struct on input and the
 * number of bytes the kernel filled in on output.
 */
LIBBPF_API int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len);
LIBBPF_API int bpf_prog_get_info_by_fd(int prog_fd, struct bpf_prog_info *info,
				       __u32 *info_len);
LIBBPF_API int bpf_map_get_info_by_fd(int map_fd, struct bpf_map_info *info,
				      __u32 *info_len);
LIBBPF_API int bpf_btf_get_info_by_fd(int btf_fd, struct bpf_btf_info *info,
				      __u32 *info_len);
LIBBPF_API int bpf_link_get_info_by_fd(int link_fd, struct bpf_link_info *info,
				       __u32 *info_len);

struct bpf_prog_query_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u32 query_flags;
	__u32 attach_flags; /* output */
	__u32 *prog_ids;
	union {
		/* in: room in prog_ids, out: number of programs */
		__u32 prog_cnt;
		__u32 count;
	};
	__u32 *prog_attach_flags;
	__u32 *link_ids;
	__u32 *link_attach_flags;
	__u64 revision;
	size_t :0;
};
#define bpf_prog_query_opts__last_field revision

LIBBPF_API int bpf_prog_query_opts(int target, enum bpf_attach_type type,
				   struct bpf_prog_query_opts *opts);
LIBBPF_API int bpf_prog_query(int target_fd, enum bpf_attach_type type,
			      __u32 query_flags, __u32 *attach_flags,
			      __u32 *prog_ids, __u32 *prog_cnt);

struct bpf_raw_tp_opts {
	size_t sz; /* size of this struct, for compatibility */
	const char *tp_name;
	__u64 cookie;
	size_t :0;
};
#define bpf_raw_tp_opts__last_field cookie

LIBBPF_API int bpf_raw_tracepoint_open_opts(int prog_fd,
					    struct bpf_raw_tp_opts *opts);
LIBBPF_API int bpf_raw_tracepoint_open(const char *name, int prog_fd);

LIBBPF_API int bpf_task_fd_query(int pid, int fd, __u32 flags, char *buf,
				 __u32 *buf_len, __u32 *prog_id, __u32 *fd_type,
				 __u64 *probe_offset, __u64 *probe_addr);

#ifdef __cplusplus
/* C++ cannot forward-declare a C enum, so take an int there */
LIBBPF_API int bpf_enable_stats(int type);
#else
enum bpf_stats_type; /* linux/bpf.h */
LIBBPF_API int bpf_enable_stats(enum bpf_stats_type type);
#endif

struct bpf_prog_bind_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u32 flags;
};
#define bpf_prog_bind_opts__last_field flags

LIBBPF_API int bpf_prog_bind_map(int prog_fd, int map_fd,
				 const struct bpf_prog_bind_opts *opts);

/*
 * BPF streams (kernel 6.17+): per-program text streams a program writes
 * with bpf_stream_printk() (bpf_helpers.h) and the kernel writes errors
 * to. Stream ids: 1 is BPF_STDOUT, 2 is BPF_STDERR.
 */
struct bpf_prog_stream_read_opts {
	size_t sz; /* size of this struct, for compatibility */
	size_t :0;
};
#define bpf_prog_stream_read_opts__last_field sz

/**
 * @brief **bpf_prog_stream_read()** moves up to @buf_len bytes of text out
 * of stream @stream_id of the program @prog_fd into @buf. What is read is
 * consumed: the next read returns the text after it.
 *
 * @param prog_fd program fd
 * @param stream_id 1 (BPF_STDOUT) or 2 (BPF_STDERR)
 * @param buf where the text goes (no terminating NUL is added)
 * @param buf_len size of @buf
 * @param opts NULL, or options (none yet)
 * @return number of bytes read (0: the stream is empty), or a negative
 * errno (also in errno): -ENOENT for an unknown stream id, -EBADF or
 * -EINVAL for a bad fd; -EINVAL on kernels before 6.17, which lack the
 * command
 */
LIBBPF_API int bpf_prog_stream_read(int prog_fd, __u32 stream_id, void *buf, __u32 buf_len,
				    struct bpf_prog_stream_read_opts *opts);

struct bpf_prog_assoc_struct_ops_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u32 flags; /* none defined yet: must be 0 */
	size_t :0;
};
#define bpf_prog_assoc_struct_ops_opts__last_field flags

/**
 * @brief **bpf_prog_assoc_struct_ops()** associates the program @prog_fd,
 * which must not be a struct_ops program, with the struct_ops map
 * @map_fd (BPF_PROG_ASSOC_STRUCT_OPS). Kfuncs the program calls can then
 * find that struct_ops. The kernel lets the association be set once.
 *
 * @param prog_fd program fd
 * @param map_fd struct_ops map fd
 * @param opts NULL, or options (flags must be 0)
 * @return 0, or a negative errno (also in errno), the kernel's: -EINVAL
 * also on kernels that lack the command
 */
LIBBPF_API int bpf_prog_assoc_struct_ops(int prog_fd, int map_fd,
					 struct bpf_prog_assoc_struct_ops_opts *opts);

struct bpf_token_create_opts {
	size_t sz; /* size of this struct, for compatibility */
	__u32 flags;
	size_t :0;
};
#define bpf_token_create_opts__last_field flags

/*
 * BPF_TOKEN_CREATE (kernel 6.9+): a BPF token from the root of a BPF FS
 * instance mounted with delegation options (delegate_cmds, delegate_maps,
 * delegate_progs, delegate_attachs) in a user namespace. The token lets
 * that namespace create what the mount delegates: pass it as token_fd
 * with BPF_F_TOKEN_FD in bpf_map_create_opts.map_flags,
 * bpf_prog_load_opts.prog_flags or bpf_btf_load_opts.btf_flags.
 * Returns the token fd or a negative errno (-ENOENT: the BPF FS
 * delegates nothing; -EOPNOTSUPP with a warning: kernel before 6.9).
 */
LIBBPF_API int bpf_token_create(int bpffs_fd,
				struct bpf_token_create_opts *opts);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* __LIBBPF_BPF_H */
