// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BPF token (kernel 6.9+), end to end, following the kernel's delegation
 * model: a child enters a new user namespace (the parent, root on the
 * host, writes its uid/gid maps) and a new mount namespace, and opens a
 * BPF FS context there (fsopen("bpf")). It hands the context fd to the
 * parent over a unix socket (SCM_RIGHTS); the parent, privileged, sets
 * delegate_cmds/maps/progs/attachs to "any", creates the superblock and
 * makes a detached mount (fsmount()), whose fd goes back to the child.
 * Inside the namespace the child then checks that
 *   - bpf_token_create() on that mount gives a token;
 *   - raw bpf_map_create()/bpf_prog_load()/bpf_btf_load() fail with EPERM
 *     without the token and succeed with it (BPF_F_TOKEN_FD);
 *   - a whole object (progs/test_token.c) fails to load with tokens
 *     disabled (bpf_token_path ""), loads with bpf_token_path and with
 *     LIBBPF_BPF_TOKEN_PATH, has bpf_object__token_fd() >= 0 and its BTF
 *     loaded, its own feature probes ran with the token (the debug log
 *     shows the BTF probe run and succeed, though the process-wide cache
 *     already had an answer), and its XDP program runs and updates its map;
 *   - a bpf_token_path that does not exist fails the load with ENOENT.
 * The child's answers come back in a shared page; the parent asserts.
 *
 * Outside the namespace, on every kernel: without a token path the
 * default /sys/fs/bpf (no delegation) is skipped silently and the
 * object has no token; an explicit path that gives no token fails.
 */
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/mount.h>
#include "test_progs.h"

#define OBJ_FILE "test_token.bpf.o"
#define TOKEN_F_TOKEN_FD (1U << 16)	/* BPF_F_TOKEN_FD, newer than our UAPI */

struct token_results {
	int skip;		/* child could not set up the namespaces */
	char stage[64];		/* the setup step that failed */
	int stage_err;
	int token_fd;
	int map_no_token, map_token;
	int prog_no_token, prog_token;
	int btf_no_token, btf_token;
	int obj_no_token;
	int obj_path, obj_path_token_fd, obj_path_btf_fd, obj_run, obj_count;
	int obj_probed;		/* the object's own probes ran, with the token */
	int obj_env, obj_env_token_fd;
	int obj_bad;
	int done;
};

static int send_fd(int sock, int fd, int val)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {};
	struct iovec iov = { .iov_base = &val, .iov_len = sizeof(val) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;

	if (fd >= 0) {
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, 0) == sizeof(val) ? 0 : -errno;
}

/* returns the fd received, or the value sent without one (0 or -errno) */
static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {};
	int val = -EIO, fd = -1;
	struct iovec iov = { .iov_base = &val, .iov_len = sizeof(val) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cmsg;

	if (recvmsg(sock, &msg, 0) != sizeof(val))
		return -EIO;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (cmsg && cmsg->cmsg_type == SCM_RIGHTS) {
		memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
		return fd;
	}
	return val <= 0 ? val : -EIO;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		err = -errno;
	close(fd);
	return err;
}

/* a BTF blob with one "int" */
static int load_int_btf(__u32 token_fd)
{
	LIBBPF_OPTS(bpf_btf_load_opts, opts);
	struct {
		struct btf_header hdr;
		__u32 types[4];
		char strs[5];
	} __attribute__((packed)) raw = {
		.hdr = { .magic = BTF_MAGIC, .version = BTF_VERSION,
			 .hdr_len = sizeof(struct btf_header),
			 .type_off = 0, .type_len = sizeof(raw.types),
			 .str_off = sizeof(raw.types), .str_len = sizeof(raw.strs) },
		.types = { 1, BTF_KIND_INT << 24, 4, (BTF_INT_SIGNED << 24) | 32 },
		.strs = "\0int",
	};

	if (token_fd) {
		opts.token_fd = token_fd;
		opts.btf_flags = TOKEN_F_TOKEN_FD;
	}
	return bpf_btf_load(&raw, sizeof(raw), &opts);
}

static int load_xdp(__u32 token_fd)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts);

	if (token_fd) {
		opts.token_fd = token_fd;
		opts.prog_flags = TOKEN_F_TOKEN_FD;
	}
	return bpf_prog_load(BPF_PROG_TYPE_XDP, "tok_xdp", "GPL", insns, 2, &opts);
}

static int create_stack(__u32 token_fd)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);

	if (token_fd) {
		opts.token_fd = token_fd;
		opts.map_flags = TOKEN_F_TOKEN_FD;
	}
	/* stacks need CAP_BPF even where unprivileged BPF is enabled */
	return bpf_map_create(BPF_MAP_TYPE_STACK, "tok_stack", 0, 8, 4, &opts);
}

/* result of a create: 0 for an fd (closed here), else the -errno */
static int verdict(int fd)
{
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return fd;
}

/* load OBJ_FILE with opts; fills *token_fd with bpf_object__token_fd() */
static int load_obj(const char *token_path, int *token_fd, struct token_results *r,
		    bool run)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .bpf_token_path = token_path);
	LIBBPF_OPTS(bpf_test_run_opts, topts);
	char data[64] = {};
	struct bpf_object *obj;
	struct bpf_program *prog;
	__u32 key = 0;
	__u64 count = 0;
	int err;

	obj = bpf_object__open_file(OBJ_FILE, &opts);
	if (!obj)
		return -errno;
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	/*
	 * A token object probes into its own cache, with the token: the
	 * probe runs (the process-wide answer is not reused) and succeeds
	 * (without the token this namespace gets EPERM).
	 */
	if (run)
		r->obj_probed = !!strstr(test__libbpf_log_stop(),
					 "kernel feature BTF loading: supported");
	else
		test__libbpf_log_stop();
	if (token_fd)
		*token_fd = bpf_object__token_fd(obj);
	if (!err && run) {
		r->obj_path_btf_fd = btf__fd(bpf_object__btf(obj));
		prog = bpf_object__find_program_by_name(obj, "token_xdp");
		topts.data_in = data;
		topts.data_size_in = sizeof(data);
		topts.repeat = 1;
		r->obj_run = prog ? bpf_prog_test_run_opts(bpf_program__fd(prog), &topts) : -ENOENT;
		if (!r->obj_run)
			r->obj_run = topts.retval == XDP_PASS ? 0 : -EBADMSG;
		bpf_map_lookup_elem(bpf_object__find_map_fd_by_name(obj, "token_counts"),
				    &key, &count);
		r->obj_count = (int)count;
	}
	bpf_object__close(obj);
	return err;
}

static void child_fail(struct token_results *r, const char *stage, int err)
{
	snprintf(r->stage, sizeof(r->stage), "%s", stage);
	r->stage_err = err;
}

static void child_main(int sock, struct token_results *r)
{
	char path[64];
	int fs_fd, mnt_fd, bpffs_fd, token_fd, ack;

	if (unshare(CLONE_NEWUSER)) {
		r->skip = errno;
		send_fd(sock, -1, -errno);
		return;
	}
	send_fd(sock, -1, 0);			/* parent writes the id maps */
	ack = recv_fd(sock);
	if (ack < 0)
		return child_fail(r, "uid/gid maps", ack);
	if (unshare(CLONE_NEWNS))
		return child_fail(r, "unshare(CLONE_NEWNS)", -errno);
	fs_fd = syscall(__NR_fsopen, "bpf", 0);
	if (fs_fd < 0) {
		send_fd(sock, -1, -errno);
		return child_fail(r, "fsopen(bpf)", -errno);
	}
	send_fd(sock, fs_fd, 0);
	close(fs_fd);
	mnt_fd = recv_fd(sock);
	if (mnt_fd < 0)
		return child_fail(r, "delegated bpffs mount (parent)", mnt_fd);

	bpffs_fd = openat(mnt_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bpffs_fd < 0)
		return child_fail(r, "open bpffs root", -errno);
	token_fd = bpf_token_create(bpffs_fd, NULL);
	close(bpffs_fd);
	r->token_fd = token_fd;
	if (token_fd < 0)
		return;

	r->map_no_token = verdict(create_stack(0));
	r->map_token = verdict(create_stack(token_fd));
	r->prog_no_token = verdict(load_xdp(0));
	r->prog_token = verdict(load_xdp(token_fd));
	r->btf_no_token = verdict(load_int_btf(0));
	r->btf_token = verdict(load_int_btf(token_fd));
	close(token_fd);

	snprintf(path, sizeof(path), "/proc/self/fd/%d", mnt_fd);
	r->obj_no_token = load_obj("", NULL, r, false);
	r->obj_path = load_obj(path, &r->obj_path_token_fd, r, true);
	setenv("LIBBPF_BPF_TOKEN_PATH", path, 1);
	r->obj_env = load_obj(NULL, &r->obj_env_token_fd, r, false);
	unsetenv("LIBBPF_BPF_TOKEN_PATH");
	r->obj_bad = load_obj("/nonexistent/bpffs", NULL, r, false);
	close(mnt_fd);
	r->done = 1;
}

/* the privileged half: id maps, then delegation options on the child's context */
static int parent_side(int sock, pid_t pid)
{
	static const char *const opts[] = {
		"delegate_cmds", "delegate_maps", "delegate_progs", "delegate_attachs",
	};
	char path[64];
	int ret, fs_fd, mnt_fd, err;
	size_t i;

	ret = recv_fd(sock);
	if (ret < 0)
		return ret;			/* no user namespace: child skips */
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	err = write_file(path, "0 0 1");
	if (!err) {
		snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
		err = write_file(path, "0 0 1");
	}
	send_fd(sock, -1, err);
	if (err)
		return err;

	fs_fd = recv_fd(sock);
	if (fs_fd < 0)
		return fs_fd;
	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		if (syscall(__NR_fsconfig, fs_fd, FSCONFIG_SET_STRING, opts[i], "any", 0)) {
			err = -errno;
			goto out;
		}
	}
	if (syscall(__NR_fsconfig, fs_fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) {
		err = -errno;
		goto out;
	}
	mnt_fd = syscall(__NR_fsmount, fs_fd, 0, 0);
	if (mnt_fd < 0) {
		err = -errno;
		goto out;
	}
	err = send_fd(sock, mnt_fd, 0);
	close(mnt_fd);
out:
	if (err)
		send_fd(sock, -1, err);
	close(fs_fd);
	return err;
}

static void test_userns(void)
{
	struct token_results *r;
	int socks[2], status;
	pid_t pid;

	if (!kernel_at_least(6, 9)) {
		test__skip("BPF tokens need kernel 6.9+");
		return;
	}
	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!ASSERT_NEQ(r, MAP_FAILED, "mmap results"))
		return;
	memset(r, 0, sizeof(*r));
	if (!ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, socks), "socketpair"))
		goto out_unmap;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(socks[0]);
		child_main(socks[1], r);
		_exit(0);
	}
	close(socks[1]);
	if (!ASSERT_GT(pid, 0, "fork")) {
		close(socks[0]);
		goto out_unmap;
	}
	parent_side(socks[0], pid);
	close(socks[0]);
	ASSERT_EQ(waitpid(pid, &status, 0), pid, "waitpid");
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child exited cleanly");

	if (r->skip) {
		test__skip("cannot create a user namespace: %s", strerror(r->skip));
		goto out_unmap;
	}
	if (r->stage[0]) {
		test__fail();
		printf("setup step '%s' failed: %s\n", r->stage, strerror(-r->stage_err));
		goto out_unmap;
	}
	if (!ASSERT_OK_FD(r->token_fd, "bpf_token_create"))
		goto out_unmap;
	ASSERT_EQ(r->map_no_token, -EPERM, "map create without token: EPERM");
	ASSERT_OK(r->map_token, "map create with token");
	ASSERT_EQ(r->prog_no_token, -EPERM, "XDP load without token: EPERM");
	ASSERT_OK(r->prog_token, "XDP load with token");
	ASSERT_EQ(r->btf_no_token, -EPERM, "BTF load without token: EPERM");
	ASSERT_OK(r->btf_token, "BTF load with token");
	ASSERT_EQ(r->obj_no_token, -EPERM, "object load with tokens disabled");
	ASSERT_OK(r->obj_path, "object load via bpf_token_path");
	ASSERT_OK_FD(r->obj_path_token_fd, "bpf_object__token_fd (bpf_token_path)");
	ASSERT_OK_FD(r->obj_path_btf_fd, "object BTF loaded with the token");
	ASSERT_TRUE(r->obj_probed, "object's feature probes ran with the token");
	ASSERT_OK(r->obj_run, "XDP program of the token object runs");
	ASSERT_EQ(r->obj_count, 1, "and counted once in its map");
	ASSERT_OK(r->obj_env, "object load via LIBBPF_BPF_TOKEN_PATH");
	ASSERT_OK_FD(r->obj_env_token_fd, "bpf_object__token_fd (env)");
	ASSERT_EQ(r->obj_bad, -ENOENT, "nonexistent bpf_token_path fails the load");
	ASSERT_TRUE(r->done, "child ran every step");
out_unmap:
	munmap(r, sizeof(*r));
}

/* outside any user namespace, on every kernel */
static void test_host(void)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	struct bpf_object *obj;
	const char *log;
	int err;

	unsetenv("LIBBPF_BPF_TOKEN_PATH");
	obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	ASSERT_EQ(bpf_object__token_fd(obj), -1, "no token before load");
	ASSERT_OK(bpf_object__load(obj), "load with the default token path");
	ASSERT_EQ(bpf_object__token_fd(obj), -1, "default /sys/fs/bpf gives no token");
	bpf_object__close(obj);

	ASSERT_EQ(bpf_object__token_fd(NULL), -EINVAL, "token_fd(NULL)");
	ASSERT_EQ(bpf_token_create(-1, NULL), -EINVAL, "bpf_token_create(-1)");

	/* an explicit path must give a token: /proc is no BPF FS */
	opts.bpf_token_path = "/proc";
	obj = bpf_object__open_file(OBJ_FILE, &opts);
	if (!ASSERT_OK_PTR(obj, "open with bpf_token_path /proc"))
		return;
	test__libbpf_log_start();
	err = bpf_object__load(obj);
	log = test__libbpf_log_stop();
	ASSERT_ERR(err, "load with a path that gives no token fails");
	ASSERT_OK_PTR(strstr(log ?: "", "BPF token"), "and says why");
	ASSERT_LT(bpf_object__token_fd(obj), 0, "no token");
	bpf_object__close(obj);

	/* "" disables tokens, even with the environment variable set */
	setenv("LIBBPF_BPF_TOKEN_PATH", "/proc", 1);
	opts.bpf_token_path = "";
	obj = bpf_object__open_file(OBJ_FILE, &opts);
	unsetenv("LIBBPF_BPF_TOKEN_PATH");
	if (!ASSERT_OK_PTR(obj, "open with bpf_token_path \"\""))
		return;
	ASSERT_OK(bpf_object__load(obj), "load with tokens disabled");
	bpf_object__close(obj);
}

void test_token(void)
{
	if (test__start_subtest("host"))
		test_host();
	if (test__start_subtest("userns"))
		test_userns();
}
