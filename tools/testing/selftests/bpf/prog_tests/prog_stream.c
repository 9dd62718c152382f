// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BPF streams (6.17+): test_prog_stream.c's syscall program writes to its
 * stdout and stderr streams with bpf_stream_printk(); the test runs it
 * once and reads each stream back with bpf_prog_stream_read(). The
 * object is test_prog_stream.bpf.o on 7.0+ (bpf_stream_vprintk) and
 * test_prog_stream_impl.bpf.o on 6.18 (bpf_stream_vprintk_impl); 6.17's
 * kfunc is not covered (skip):
 *
 * - read: exactly the text written, per stream; a second read returns 0
 *   (the text was consumed); a short buffer gets the first bytes and the
 *   next read the rest;
 * - errors: an unknown stream id, a closed fd and an fd that is not a
 *   program get the kernel's errors, and opts with unknown non-zero bytes
 *   are refused before the syscall;
 * - old kernels (before 6.17): the object still opens (the load fails,
 *   as the kernel has no stream kfunc), and the command itself is
 *   missing: bpf_prog_stream_read() returns -EINVAL for a real program.
 *
 * Where the kfunc fails with -ENOMEM on every write (kernels whose
 * lock-free page allocation cannot get pages, such as those booted with
 * deferred_init=lazy), "read" checks that both streams read back empty
 * and skips with the reason.
 */
#include <fcntl.h>
#include "test_progs.h"

#define OBJ_FILE "test_prog_stream.bpf.o"
#define OBJ_FILE_IMPL "test_prog_stream_impl.bpf.o"

static const char want_out[] = "hello from stdout\nx=42 s=str u=7\n";
static const char want_err[] = "to stderr: 1 2 3 4 5\n";

/* parameters of kernel function @name, -1 if vmlinux BTF has no such FUNC */
static int kfunc_params(const char *name)
{
	const struct btf *btf = vmlinux_btf();
	const struct btf_type *t;
	int id;

	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (id <= 0)
		return -1;
	t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	return t ? btf_vlen(t) : -1;
}

static bool have_streams(void)
{
	return kfunc_params("bpf_stream_vprintk") >= 0 ||
	       kfunc_params("bpf_stream_vprintk_impl") >= 0;
}

/*
 * The object whose bpf_stream_printk() calls the kernel's stream kfunc:
 * 7.0+ has a four-argument bpf_stream_vprintk (its BTF also names a
 * bpf_stream_vprintk_impl that cannot be called), 6.18 only
 * bpf_stream_vprintk_impl. NULL (skipped) for 6.17's five-argument
 * bpf_stream_vprintk, which bpf_helpers.h does not cover.
 */
static const char *stream_obj(void)
{
	if (kfunc_params("bpf_stream_vprintk") == 4)
		return OBJ_FILE;
	if (kfunc_params("bpf_stream_vprintk_impl") == 5 &&
	    kfunc_params("bpf_stream_vprintk") < 0)
		return OBJ_FILE_IMPL;
	test__skip("kernel's stream kfunc is 6.17's five-argument bpf_stream_vprintk, which bpf_stream_printk() does not call");
	return NULL;
}

/* a one-instruction-pair socket filter: r0 = 0; exit */
static int trivial_prog(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "trivial", "GPL",
			     insns, 2, NULL);
}

/*
 * Load the stream object for this kernel and run stream_write once.
 * Returns the program fd (or -1 after a failed assertion or a skip);
 * *printk_err is the error
 * of its last failed bpf_stream_printk() call, 0 when all three worked.
 */
static int load_and_run(struct bpf_object **obj, int *printk_err)
{
	int fd, calls = 0, failures = -1, last_err = 0;
	const char *file = stream_obj();
	__u32 retval = 1;

	if (!file)
		return -1;
	fd = load_prog_fd(file, "stream_write", obj);
	if (!ASSERT_OK_FD(fd, file))
		return -1;
	if (!ASSERT_OK(run_prog_ctx(fd, NULL, 0, &retval), "run stream_write"))
		return -1;
	ASSERT_EQ(retval, 0, "retval");
	ASSERT_OK(global_var_read(*obj, ".bss", "calls", &calls, sizeof(calls)),
		  "read calls");
	ASSERT_OK(global_var_read(*obj, ".bss", "failures", &failures,
				  sizeof(failures)), "read failures");
	ASSERT_OK(global_var_read(*obj, ".bss", "last_err", &last_err,
				  sizeof(last_err)), "read last_err");
	ASSERT_EQ(calls, 1, "program ran once");
	if (last_err == -ENOMEM) {
		/*
		 * The kernel stores stream text with kmalloc_nolock(), which
		 * fails while the page allocator cannot take new pages
		 * without locks (e.g. deferred struct page init still
		 * running: "deferred_init=lazy" kernels). Then every write
		 * fails, and the stream stays empty.
		 */
		ASSERT_EQ(failures, 3, "all three writes failed alike");
	} else {
		ASSERT_EQ(failures, 0, "bpf_stream_printk() calls that failed");
		ASSERT_EQ(last_err, 0, "error of the last failed bpf_stream_printk()");
	}
	*printk_err = last_err;
	return fd;
}

#define NOMEM_REASON "kernel's bpf_stream_vprintk returned -ENOMEM (kmalloc_nolock() cannot get memory on this kernel): text could not be written"

static void read_streams(void)
{
	struct bpf_object *obj = NULL;
	int fd, n, printk_err = 0;
	char buf[256];

	if (!require(have_streams(), "kernel has no bpf_stream_vprintk kfunc (BPF streams, 6.17)"))
		return;
	fd = load_and_run(&obj, &printk_err);
	if (fd < 0)
		goto out;
	if (printk_err == -ENOMEM) {
		/* the command works: both streams read back empty */
		ASSERT_EQ(bpf_prog_stream_read(fd, 1, buf, sizeof(buf), NULL), 0,
			  "stdout empty");
		ASSERT_EQ(bpf_prog_stream_read(fd, 2, buf, sizeof(buf), NULL), 0,
			  "stderr empty");
		test__skip(NOMEM_REASON);
		goto out;
	}

	memset(buf, 0, sizeof(buf));
	n = bpf_prog_stream_read(fd, 1, buf, sizeof(buf), NULL);
	if (ASSERT_EQ(n, (int)strlen(want_out), "stdout bytes"))
		ASSERT_STREQ(buf, want_out, "stdout text");
	n = bpf_prog_stream_read(fd, 1, buf, sizeof(buf), NULL);
	ASSERT_EQ(n, 0, "stdout read again: consumed");

	/* stderr, in two reads through a short buffer, with explicit opts */
	LIBBPF_OPTS(bpf_prog_stream_read_opts, ropts);
	memset(buf, 0, sizeof(buf));
	n = bpf_prog_stream_read(fd, 2, buf, 10, &ropts);
	if (ASSERT_EQ(n, 10, "stderr first 10 bytes"))
		ASSERT_OK(memcmp(buf, want_err, 10), "stderr head");
	n = bpf_prog_stream_read(fd, 2, buf + 10, sizeof(buf) - 10, &ropts);
	if (ASSERT_EQ(n, (int)strlen(want_err) - 10, "stderr rest"))
		ASSERT_STREQ(buf, want_err, "stderr text");
	n = bpf_prog_stream_read(fd, 2, buf, sizeof(buf), NULL);
	ASSERT_EQ(n, 0, "stderr read again: consumed");

	/* a second run writes the text again */
	ASSERT_OK(run_prog_ctx(fd, NULL, 0, NULL), "run again");
	memset(buf, 0, sizeof(buf));
	n = bpf_prog_stream_read(fd, 1, buf, sizeof(buf), NULL);
	if (ASSERT_EQ(n, (int)strlen(want_out), "stdout after 2nd run"))
		ASSERT_STREQ(buf, want_out, "stdout text after 2nd run");
out:
	bpf_object__close(obj);
}

static void errors(void)
{
	struct bpf_object *obj = NULL;
	struct {
		struct bpf_prog_stream_read_opts o;
		char tail[8];
	} big = { .o.sz = sizeof(big), .tail = { 1 } };
	int fd, nfd, n, printk_err = 0;
	char buf[64];

	if (!require(have_streams(), "kernel has no bpf_stream_vprintk kfunc (BPF streams, 6.17)"))
		return;
	fd = load_and_run(&obj, &printk_err);
	if (fd < 0)
		goto out;

	n = bpf_prog_stream_read(fd, 0, buf, sizeof(buf), NULL);
	ASSERT_EQ(n, -ENOENT, "stream id 0");
	n = bpf_prog_stream_read(fd, 3, buf, sizeof(buf), NULL);
	ASSERT_EQ(n, -ENOENT, "stream id 3");
	ASSERT_EQ(errno, ENOENT, "errno for stream id 3");

	n = bpf_prog_stream_read(-1, 1, buf, sizeof(buf), NULL);
	ASSERT_EQ(n, -EBADF, "fd -1");
	nfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (ASSERT_OK_FD(nfd, "open /dev/null")) {
		n = bpf_prog_stream_read(nfd, 1, buf, sizeof(buf), NULL);
		ASSERT_EQ(n, -EINVAL, "fd that is not a program");
		close(nfd);
	}

	/* refused in the library: the text written stays in the stream */
	n = bpf_prog_stream_read(fd, 1, buf, sizeof(buf), &big.o);
	ASSERT_EQ(n, -EINVAL, "opts with unknown non-zero bytes");
	n = bpf_prog_stream_read(fd, 1, NULL, 16, NULL);
	ASSERT_EQ(n, -EINVAL, "NULL buf, buf_len 16");
	n = bpf_prog_stream_read(fd, 1, NULL, 0, NULL);
	ASSERT_EQ(n, 0, "NULL buf, buf_len 0 reads nothing");
	n = bpf_prog_stream_read(fd, 1, buf, sizeof(buf), NULL);
	ASSERT_EQ(n, printk_err ? 0 : (int)strlen(want_out),
		  "text still there after the refused reads");
out:
	bpf_object__close(obj);
}

static void old_kernel(void)
{
	struct bpf_object *obj;
	char buf[16];
	int fd, n;

	if (have_streams()) {
		test__skip("kernel has BPF streams: the read and errors subtests cover it");
		return;
	}
	obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open " OBJ_FILE))
		return;
	ASSERT_OK_PTR(bpf_object__find_program_by_name(obj, "stream_write"),
		      "stream_write in the object");
	bpf_object__close(obj);

	fd = trivial_prog();
	if (!ASSERT_OK_FD(fd, "load a trivial program"))
		return;
	n = bpf_prog_stream_read(fd, 1, buf, sizeof(buf), NULL);
	ASSERT_EQ(n, -EINVAL, "no BPF_PROG_STREAM_READ_BY_FD before 6.17");
	close(fd);
	test__skip("kernel before 6.17 has no BPF streams: only the open and the missing command were checked");
}

void test_prog_stream(void)
{
	if (test__start_subtest("read"))
		read_streams();
	if (test__start_subtest("errors"))
		errors();
	if (test__start_subtest("old_kernel"))
		old_kernel();
}
