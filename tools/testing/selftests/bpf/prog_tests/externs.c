// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * __kconfig externs: LINUX_KERNEL_VERSION is the running kernel's
 * LINUX_VERSION_CODE, as its vDSO's note has it (Debian's uname release
 * says 5.10.0 for 5.10.223; test_extern_kver.c needs no config file);
 * CONFIG_* values come from the kernel config libbpf reads
 * (/boot/config-$(uname -r) or /proc/config.gz), compared here with the
 * same file, and weak options no kernel has read as 0 (the corpus
 * test_externs.c, which also takes an untyped __ksym from kallsyms).
 */
#include <stdlib.h>
#include "test_progs.h"

static void kernel_version(void)
{
	struct bpf_object *obj = NULL;
	__u32 retval, kver = 0, want = kernel_version_code();
	int fd;

	fd = load_prog_fd("test_extern_kver.bpf.o", "tc_kver", &obj);
	if (!ASSERT_OK_FD(fd, "load test_extern_kver.bpf.o"))
		return;
	if (ASSERT_OK(run_prog_pkt(fd, 64, &retval), "run") &&
	    ASSERT_OK(global_var_read(obj, ".bss", "kern_version", &kver, 4),
		      "read kern_version")) {
		if (!ASSERT_EQ(kver, want, "LINUX_KERNEL_VERSION"))
			printf("  got %u.%u.%u, the kernel says %u.%u.%u\n", kver >> 16,
			       (kver >> 8) & 0xff, kver & 0xff, want >> 16,
			       (want >> 8) & 0xff, want & 0xff);
	}
	bpf_object__close(obj);
}

static long config_num(const char *name)
{
	char buf[64];

	if (kernel_config_value(name, buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 0);
}

static void kconfig(void)
{
	struct bpf_object *obj = NULL;
	char hostname[64] = "", got_host[8];
	__u32 retval, hz = 0, flags = ~0u, missing = ~0u, kver = 0;
	__u64 unlink_addr = 0, args[2] = {};
	char tri[8];
	int fd, err;
	bool stream_parser;

	err = kernel_config_value("HZ", hostname, sizeof(hostname));
	if (!require(err != -ENODATA,
		     "no kernel config (/boot/config-*, /proc/config.gz)"))
		return;
	if (!ASSERT_OK(err, "CONFIG_HZ in the kernel config"))
		return;
	if (kernel_config_value("DEFAULT_HOSTNAME", hostname, sizeof(hostname)))
		hostname[0] = '\0';
	stream_parser = !kernel_config_value("BPF_STREAM_PARSER", tri, sizeof(tri)) &&
			!strcmp(tri, "y");

	fd = load_prog_fd("test_externs.bpf.o", "read_externs", &obj);
	if (!ASSERT_OK_FD(fd, "load test_externs.bpf.o"))
		return;
	if (!ASSERT_OK(run_prog_ctx(fd, args, sizeof(args), &retval), "run"))
		goto out;
	global_var_read(obj, ".bss", "kern_version", &kver, 4);
	global_var_read(obj, ".bss", "hz", &hz, 4);
	global_var_read(obj, ".bss", "flags", &flags, 4);
	global_var_read(obj, ".bss", "hostname", got_host, sizeof(got_host));
	global_var_read(obj, ".bss", "unlink_addr", &unlink_addr, 8);
	global_var_read(obj, ".bss", "missing_seen", &missing, 4);

	ASSERT_EQ(kver, kernel_version_code(), "LINUX_KERNEL_VERSION");
	ASSERT_EQ((long)hz, config_num("HZ"), "CONFIG_HZ");
	ASSERT_TRUE(flags & 1, "CONFIG_BPF_SYSCALL is y");
	ASSERT_EQ(!!(flags & 4), stream_parser, "CONFIG_BPF_STREAM_PARSER == y");
	ASSERT_FALSE(flags & 8, "weak bool option no kernel has");
	ASSERT_FALSE(flags & 16, "weak number option no kernel has");
	got_host[sizeof(got_host) - 1] = '\0';
	hostname[sizeof(got_host) - 1] = '\0';
	ASSERT_STREQ(got_host, hostname, "CONFIG_DEFAULT_HOSTNAME");
	ASSERT_EQ(unlink_addr, kallsyms_addr("do_unlinkat"), "do_unlinkat __ksym");
	ASSERT_EQ(missing, 0, "weak __ksym the kernel lacks");
out:
	bpf_object__close(obj);
}

/* a value given in the open options overrides the system's */
static void kconfig_override(void)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts,
		.kconfig = "CONFIG_HZ=1234\nCONFIG_BPF_SYSCALL=n\n"
			   "CONFIG_DEFAULT_HOSTNAME=\"objtest\"\n"
			   "CONFIG_BPF_STREAM_PARSER=m\n");
	struct bpf_object *obj;
	__u32 retval, hz = 0, flags = ~0u;
	__u64 args[2] = {};
	char host[8] = "";

	if (!require(kernel_config_value("HZ", host, sizeof(host)) != -ENODATA,
		     "no kernel config (/boot/config-*, /proc/config.gz)"))
		return;
	obj = bpf_object__open_file("test_externs.bpf.o", &opts);
	if (!ASSERT_OK_PTR(obj, "open with kconfig"))
		return;
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	if (!ASSERT_OK(run_prog_ctx(prog_fd_by_name(obj, "read_externs"), args,
				    sizeof(args), &retval), "run"))
		goto out;
	global_var_read(obj, ".bss", "hz", &hz, 4);
	global_var_read(obj, ".bss", "flags", &flags, 4);
	global_var_read(obj, ".bss", "hostname", host, sizeof(host));
	ASSERT_EQ(hz, 1234, "CONFIG_HZ from opts");
	ASSERT_FALSE(flags & 1, "CONFIG_BPF_SYSCALL=n from opts");
	ASSERT_FALSE(flags & 4, "CONFIG_BPF_STREAM_PARSER=m is not y");
	host[sizeof(host) - 1] = '\0';
	ASSERT_STREQ(host, "objtest", "CONFIG_DEFAULT_HOSTNAME from opts");
out:
	bpf_object__close(obj);
}

void test_externs(void)
{
	if (test__start_subtest("kernel_version"))
		kernel_version();
	if (test__start_subtest("kconfig"))
		kconfig();
	if (test__start_subtest("kconfig_override"))
		kconfig_override();
}
