// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Global variables of test_global_data.c: the internal maps for .data,
 * .bss, .rodata and the custom .data.foo / .data.stats / .rodata.bar
 * sections hold the ELF's initial values after load, programs run with
 * bpf_prog_test_run_opts() update them, user space reads and writes them
 * with bpf_map__*_elem(), .rodata is frozen, and values set in .rodata
 * between open and load change what the verified program does.
 * Variables are found by name in the object's BTF DATASEC, so the test
 * does not depend on the compiler's layout.
 */
#include <sys/mman.h>
#include "test_progs.h"

#define OBJ_FILE "test_global_data.bpf.o"

struct gd {
	struct bpf_object *obj;
	struct bpf_map *data, *bss, *rodata, *data_foo, *data_stats, *rodata_bar;
};

static bool gd_open(struct gd *g)
{
	memset(g, 0, sizeof(*g));
	g->obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(g->obj, "open " OBJ_FILE))
		return false;
	g->data = bpf_object__find_map_by_name(g->obj, ".data");
	g->bss = bpf_object__find_map_by_name(g->obj, ".bss");
	g->rodata = bpf_object__find_map_by_name(g->obj, ".rodata");
	g->data_foo = bpf_object__find_map_by_name(g->obj, ".data.foo");
	g->data_stats = bpf_object__find_map_by_name(g->obj, ".data.stats");
	g->rodata_bar = bpf_object__find_map_by_name(g->obj, ".rodata.bar");
	return ASSERT_OK_PTR(g->data, ".data map") &&
	       ASSERT_OK_PTR(g->bss, ".bss map") &&
	       ASSERT_OK_PTR(g->rodata, ".rodata map") &&
	       ASSERT_OK_PTR(g->data_foo, ".data.foo map") &&
	       ASSERT_OK_PTR(g->data_stats, ".data.stats map") &&
	       ASSERT_OK_PTR(g->rodata_bar, ".rodata.bar map");
}

static bool gd_load(struct gd *g)
{
	return gd_open(g) && ASSERT_OK(bpf_object__load(g->obj), "load");
}

static void gd_close(struct gd *g)
{
	bpf_object__close(g->obj);
	g->obj = NULL;
}

/* the whole value of a global data map, malloc()ed */
static void *map_value(const struct bpf_map *map)
{
	size_t size = bpf_map__value_size(map);
	void *buf = calloc(1, size);

	if (!ASSERT_OK_PTR(buf, "calloc"))
		return NULL;
	if (!ASSERT_OK(read_global_map(map, buf, size), bpf_map__name(map))) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* pointer to variable @var in @buf, a copy of section @sec */
static void *var_ptr(const struct gd *g, void *buf, const char *sec,
		     const char *var, __u32 want_size)
{
	__u32 size = 0;
	int off;

	off = datasec_var(g->obj, sec, var, &size);
	if (!ASSERT_GE(off, 0, var) || !ASSERT_EQ(size, want_size, var))
		return NULL;
	return (char *)buf + off;
}

/* value of a variable of @size bytes (1, 4 or 8) in @buf, or a marker */
static __u64 buf_var(const struct gd *g, void *buf, const char *sec,
		     const char *var, __u32 size)
{
	void *p = var_ptr(g, buf, sec, var, size);
	__u64 v = 0;

	if (!p)
		return 0xbadbadbadULL;
	memcpy(&v, p, size);	/* little endian */
	return v;
}

/* read one variable from the kernel map of its section */
static bool read_var(const struct gd *g, const struct bpf_map *map,
		     const char *sec, const char *var, void *out, __u32 size)
{
	void *buf = map_value(map), *p;
	bool ok = false;

	if (!buf)
		return false;
	p = var_ptr(g, buf, sec, var, size);
	if (p) {
		memcpy(out, p, size);
		ok = true;
	}
	free(buf);
	return ok;
}

static bool write_var(const struct gd *g, const struct bpf_map *map,
		      const char *sec, const char *var, const void *in, __u32 size)
{
	void *buf = map_value(map), *p;
	bool ok = false;

	if (!buf)
		return false;
	p = var_ptr(g, buf, sec, var, size);
	if (p) {
		memcpy(p, in, size);
		ok = ASSERT_OK(write_global_map(map, buf, bpf_map__value_size(map)),
			       "write global data map");
	}
	free(buf);
	return ok;
}

static __u64 get_u64(const struct gd *g, const struct bpf_map *map,
		     const char *sec, const char *var)
{
	__u64 v = 0xbad;

	read_var(g, map, sec, var, &v, sizeof(v));
	return v;
}

static __u32 get_u32(const struct gd *g, const struct bpf_map *map,
		     const char *sec, const char *var)
{
	__u32 v = 0xbad;

	read_var(g, map, sec, var, &v, sizeof(v));
	return v;
}

static int run_xdp(const struct gd *g, size_t len, __u32 *retval)
{
	int fd = prog_fd_by_name(g->obj, "xdp_global_data");

	if (!ASSERT_OK_FD(fd, "xdp_global_data fd"))
		return -EINVAL;
	return run_prog_pkt(fd, len, retval);
}

static void initial_values(void)
{
	static const __u32 buckets[4] = { 64, 256, 1024, 4096 };
	static const __u8 mac[6] = { 2, 0, 0, 0, 0, 1 };
	char *buf, *p;
	struct gd g;
	size_t i, sz;
	void *init;

	if (!gd_open(&g))
		goto out;
	/* what the loader will put in .data is what the ELF holds */
	init = bpf_map__initial_value(g.data, &sz);
	if (ASSERT_OK_PTR(init, ".data initial value"))
		ASSERT_EQ(sz, (size_t)bpf_map__value_size(g.data), ".data size");
	if (!ASSERT_OK(bpf_object__load(g.obj), "load"))
		goto out;

	buf = map_value(g.data);
	if (buf) {
		ASSERT_EQ(buf_var(&g, buf, ".data", "packets", 8), 1, "packets");
		ASSERT_EQ(buf_var(&g, buf, ".data", "last_len", 4), 0xdeadbeef,
			  "last_len");
		ASSERT_EQ(buf_var(&g, buf, ".data", "static_counter", 8), 7,
			  "static_counter");
		p = var_ptr(&g, buf, ".data", "greeting", 16);
		if (p)
			ASSERT_STREQ(p, "hello, bpf", "greeting");
		free(buf);
	}

	buf = map_value(g.bss);
	if (buf) {
		for (i = 0; i < bpf_map__value_size(g.bss); i++)
			if (!ASSERT_EQ(buf[i], 0, ".bss is zero"))
				break;
		free(buf);
	}

	buf = map_value(g.rodata);
	if (buf) {
		ASSERT_EQ(buf_var(&g, buf, ".rodata", "max_len", 4), 1500, "max_len");
		ASSERT_EQ(buf_var(&g, buf, ".rodata", "verbose", 1), false, "verbose");
		p = var_ptr(&g, buf, ".rodata", "mac_filter", sizeof(mac));
		if (p)
			ASSERT_OK(memcmp(p, mac, sizeof(mac)), "mac_filter");
		p = var_ptr(&g, buf, ".rodata", "len_buckets", sizeof(buckets));
		if (p)
			ASSERT_OK(memcmp(p, buckets, sizeof(buckets)), "len_buckets");
		free(buf);
	}

	buf = map_value(g.data_foo);
	if (buf) {
		ASSERT_EQ(buf_var(&g, buf, ".data.foo", "data_foo_a", 8), 42, "data_foo_a");
		ASSERT_EQ(buf_var(&g, buf, ".data.foo", "data_foo_b", 4), 43, "data_foo_b");
		free(buf);
	}

	buf = map_value(g.rodata_bar);
	if (buf) {
		ASSERT_EQ(buf_var(&g, buf, ".rodata.bar", "rodata_bar", 4), 0x1234,
			  "rodata_bar");
		p = var_ptr(&g, buf, ".rodata.bar", "rodata_bar_name", 8);
		if (p)
			ASSERT_STREQ(p, "bar", "rodata_bar_name");
		free(buf);
	}
out:
	gd_close(&g);
}

static void prog_writes(void)
{
	__u32 retval = 0, min_max[2] = {};
	__u64 stats[8] = {};
	struct gd g;
	int fd;

	if (!gd_load(&g))
		goto out;
	if (!ASSERT_OK(run_xdp(&g, 64, &retval), "run xdp"))
		goto out;
	ASSERT_EQ(retval, XDP_PASS, "verdict");
	ASSERT_EQ(get_u64(&g, g.data, ".data", "packets"), 2, "packets");
	ASSERT_EQ(get_u64(&g, g.data, ".data", "static_counter"), 9, "static_counter");
	ASSERT_EQ(get_u32(&g, g.data, ".data", "last_len"), 64, "last_len");
	ASSERT_EQ(get_u64(&g, g.bss, ".bss", "drops"), 0, "drops");
	if (read_var(&g, g.bss, ".bss", "len_range", min_max, sizeof(min_max))) {
		ASSERT_EQ(min_max[0], 64, "len_range.min");
		ASSERT_EQ(min_max[1], 64, "len_range.max");
	}
	if (read_var(&g, g.data_stats, ".data.stats", "data_stats", stats,
		     sizeof(stats)))
		ASSERT_EQ(stats[0], 1, "data_stats[bucket of 64]");
	ASSERT_EQ(get_u64(&g, g.data_foo, ".data.foo", "data_foo_a"), 85,
		  "data_foo_a += data_foo_b");

	/* a second program shares the same maps */
	fd = prog_fd_by_name(g.obj, "tc_global_data");
	if (!ASSERT_OK_FD(fd, "tc_global_data fd"))
		goto out;
	ASSERT_OK(run_prog_pkt(fd, 100, &retval), "run tc");
	ASSERT_EQ(retval, 0, "tc verdict");
	ASSERT_EQ(get_u64(&g, g.data, ".data", "packets"), 3, "packets after tc");
	if (read_var(&g, g.data_stats, ".data.stats", "data_stats", stats,
		     sizeof(stats)))
		ASSERT_EQ(stats[0], 101, "data_stats[0] += skb->len");
out:
	gd_close(&g);
}

static void user_writes(void)
{
	__u64 packets = 1000, drops = 5;
	__u32 b = 1, retval = 0;
	struct gd g;

	if (!gd_load(&g))
		goto out;
	if (!write_var(&g, g.data, ".data", "packets", &packets, 8) ||
	    !write_var(&g, g.data_foo, ".data.foo", "data_foo_b", &b, 4) ||
	    !write_var(&g, g.bss, ".bss", "drops", &drops, 8))
		goto out;
	/* longer than max_len (1500): dropped and counted */
	if (!ASSERT_OK(run_xdp(&g, 1600, &retval), "run xdp"))
		goto out;
	ASSERT_EQ(retval, XDP_DROP, "verdict for 1600 bytes");
	ASSERT_EQ(get_u64(&g, g.data, ".data", "packets"), 1001, "packets");
	ASSERT_EQ(get_u64(&g, g.data_foo, ".data.foo", "data_foo_a"), 43,
		  "data_foo_a += 1");
	ASSERT_EQ(get_u64(&g, g.bss, ".bss", "drops"), 6, "drops");
out:
	gd_close(&g);
}

static void rodata_frozen(void)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct gd g;
	char *buf;

	if (!gd_load(&g))
		goto out;
	buf = map_value(g.rodata);
	if (buf) {
		ASSERT_ERR(write_global_map(g.rodata, buf,
					    bpf_map__value_size(g.rodata)),
			   ".rodata update after load");
		free(buf);
	}
	buf = map_value(g.rodata_bar);
	if (buf) {
		ASSERT_ERR(write_global_map(g.rodata_bar, buf,
					    bpf_map__value_size(g.rodata_bar)),
			   ".rodata.bar update after load");
		free(buf);
	}
	if (ASSERT_OK(bpf_map_get_info_by_fd(bpf_map__fd(g.rodata), &info, &len),
		      ".rodata info"))
		ASSERT_TRUE(info.map_flags & BPF_F_RDONLY_PROG,
			    ".rodata read-only for programs");
	/* .data stays writable */
	buf = map_value(g.data);
	if (buf) {
		ASSERT_OK(write_global_map(g.data, buf, bpf_map__value_size(g.data)),
			  ".data update after load");
		free(buf);
	}
out:
	gd_close(&g);
}

static void rodata_before_load(void)
{
	__u32 retval = 0, *max_len;
	__u64 *packets;
	size_t size;
	struct gd g;
	char *init;
	void *copy;

	if (!gd_open(&g))
		goto out;
	/* a const volatile knob changed in place before load */
	init = bpf_map__initial_value(g.rodata, &size);
	if (!ASSERT_OK_PTR(init, ".rodata initial value"))
		goto out;
	max_len = var_ptr(&g, init, ".rodata", "max_len", 4);
	if (!max_len)
		goto out;
	*max_len = 10;

	/* .data replaced as a whole with bpf_map__set_initial_value() */
	init = bpf_map__initial_value(g.data, &size);
	if (!ASSERT_OK_PTR(init, ".data initial value"))
		goto out;
	copy = malloc(size);
	if (!ASSERT_OK_PTR(copy, "malloc"))
		goto out;
	memcpy(copy, init, size);
	packets = var_ptr(&g, copy, ".data", "packets", 8);
	if (packets)
		*packets = 500;
	ASSERT_OK(bpf_map__set_initial_value(g.data, copy, size),
		  "set .data initial value");
	ASSERT_ERR(bpf_map__set_initial_value(g.data, copy, size - 1),
		   "initial value of the wrong size");
	free(copy);

	if (!ASSERT_OK(bpf_object__load(g.obj), "load"))
		goto out;
	ASSERT_EQ(get_u32(&g, g.rodata, ".rodata", "max_len"), 10, "max_len in kernel");
	if (!ASSERT_OK(run_xdp(&g, 64, &retval), "run xdp"))
		goto out;
	ASSERT_EQ(retval, XDP_DROP, "64 bytes > max_len 10: dropped");
	ASSERT_EQ(get_u64(&g, g.bss, ".bss", "drops"), 1, "drops");
	ASSERT_EQ(get_u64(&g, g.data, ".data", "packets"), 501, "packets from 500");

	size = bpf_map__value_size(g.data);
	copy = calloc(1, size);
	if (ASSERT_OK_PTR(copy, "calloc"))
		ASSERT_ERR(bpf_map__set_initial_value(g.data, copy, size),
			   "set initial value after load");
	free(copy);
out:
	gd_close(&g);
}

/* libbpf creates global data maps mmap-able where the kernel can (5.5) */
static void mmapable(void)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), retval;
	long page = sysconf(_SC_PAGESIZE);
	size_t size;
	struct gd g;
	__u64 *drops;
	char *mem;
	int off;

	if (!require_kernel(5, 5, "BPF_F_MMAPABLE"))
		return;
	if (!gd_load(&g))
		goto out;
	if (!ASSERT_OK(bpf_map_get_info_by_fd(bpf_map__fd(g.bss), &info, &len),
		       ".bss info"))
		goto out;
	if (!ASSERT_TRUE(info.map_flags & BPF_F_MMAPABLE, ".bss is mmap-able"))
		goto out;
	size = (bpf_map__value_size(g.bss) + page - 1) / page * page;
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   bpf_map__fd(g.bss), 0);
	if (!ASSERT_NEQ((void *)mem, MAP_FAILED, "mmap .bss"))
		goto out;
	off = datasec_var(g.obj, ".bss", "drops", NULL);
	if (ASSERT_GE(off, 0, "drops offset")) {
		drops = (__u64 *)(mem + off);
		*drops = 40;
		if (ASSERT_OK(run_xdp(&g, 1600, &retval), "run xdp"))
			ASSERT_EQ(*drops, 41, "program's write seen through mmap");
	}
	munmap(mem, size);
out:
	gd_close(&g);
}

void test_global_data(void)
{
	if (test__start_subtest("initial_values"))
		initial_values();
	if (test__start_subtest("prog_writes"))
		prog_writes();
	if (test__start_subtest("user_writes"))
		user_writes();
	if (test__start_subtest("rodata_frozen"))
		rodata_frozen();
	if (test__start_subtest("rodata_before_load"))
		rodata_before_load();
	if (test__start_subtest("mmapable"))
		mmapable();
}
