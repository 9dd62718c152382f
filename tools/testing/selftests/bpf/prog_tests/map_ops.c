// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Maps of each common kind created by bpf_object__load() (test_map_ops.c):
 * type, sizes, flags and BTF key/value type ids as the kernel reports
 * them, element access through bpf_map__*_elem() with its size checks,
 * and the same maps used by programs run with bpf_prog_test_run_opts().
 * Map-in-map initial slots come from test_map_in_map.c.
 */
#include <arpa/inet.h>
#include "test_progs.h"

#define OBJ_FILE "test_map_ops.bpf.o"

struct map_kind {
	const char *name;
	enum bpf_map_type type;
	int major, minor;	/* first kernel with this kind */
	bool key_btf;		/* created with a BTF key type id */
	bool value_btf;		/* created with a BTF value type id */
};

static const struct map_kind kinds[] = {
	{ "hash", BPF_MAP_TYPE_HASH, 0, 0, true, true },
	{ "array", BPF_MAP_TYPE_ARRAY, 0, 0, true, true },
	{ "percpu_hash", BPF_MAP_TYPE_PERCPU_HASH, 0, 0, true, true },
	{ "percpu_array", BPF_MAP_TYPE_PERCPU_ARRAY, 0, 0, true, true },
	{ "lru_hash", BPF_MAP_TYPE_LRU_HASH, 0, 0, true, true },
	{ "lru_percpu_hash", BPF_MAP_TYPE_LRU_PERCPU_HASH, 0, 0, true, true },
	{ "lpm", BPF_MAP_TYPE_LPM_TRIE, 0, 0, true, true },
	/* keyless, and the kernel takes no BTF for them */
	{ "queue", BPF_MAP_TYPE_QUEUE, 0, 0, false, false },
	{ "stack", BPF_MAP_TYPE_STACK, 0, 0, false, false },
	{ "ringbuf", BPF_MAP_TYPE_RINGBUF, 5, 8, false, false },
	/* fd-valued maps: libbpf creates them without BTF */
	{ "prog_array", BPF_MAP_TYPE_PROG_ARRAY, 0, 0, false, false },
	{ "array_of_maps", BPF_MAP_TYPE_ARRAY_OF_MAPS, 0, 0, false, false },
	{ "hash_of_maps", BPF_MAP_TYPE_HASH_OF_MAPS, 0, 0, false, false },
	{ "perf_event_array", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 0, 0, false, false },
	{ "devmap", BPF_MAP_TYPE_DEVMAP, 0, 0, false, false },
	/* local storage needs BTF: the kernel refuses it without */
	{ "sk_storage", BPF_MAP_TYPE_SK_STORAGE, 5, 2, true, true },
	{ "task_storage", BPF_MAP_TYPE_TASK_STORAGE, 5, 11, true, true },
	{ "bloom_filter", BPF_MAP_TYPE_BLOOM_FILTER, 5, 16, false, true },
	{ "user_ringbuf", BPF_MAP_TYPE_USER_RINGBUF, 6, 1, false, false },
};

static bool kind_supported(const struct map_kind *k)
{
	return !k->major || kernel_at_least(k->major, k->minor);
}

/* open the object with only the map kinds this kernel has; load it */
static struct bpf_object *open_and_load(void)
{
	struct bpf_object *obj;
	struct bpf_map *map;
	unsigned int i;
	int err;

	obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open " OBJ_FILE))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (kind_supported(&kinds[i]))
			continue;
		map = bpf_object__find_map_by_name(obj, kinds[i].name);
		if (!ASSERT_OK_PTR(map, kinds[i].name) ||
		    !ASSERT_OK(bpf_map__set_autocreate(map, false), "autocreate"))
			goto err;
	}
	err = bpf_object__load(obj);
	if (!ASSERT_OK(err, "load " OBJ_FILE))
		goto err;
	return obj;
err:
	bpf_object__close(obj);
	return NULL;
}

static __u32 obj_btf_id(struct bpf_object *obj)
{
	struct bpf_btf_info info = {};
	__u32 len = sizeof(info);
	int fd = bpf_object__btf_fd(obj);

	if (fd < 0 || bpf_btf_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.id;
}

static void check_kind(struct bpf_object *obj, const struct map_kind *k,
		       __u32 btf_id)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct bpf_map *map;
	__u32 flags;
	int fd;

	if (!require_kernel(k->major, k->minor, k->name))
		return;
	map = bpf_object__find_map_by_name(obj, k->name);
	if (!ASSERT_OK_PTR(map, "find map"))
		return;
	fd = bpf_map__fd(map);
	if (!ASSERT_OK_FD(fd, "map fd"))
		return;
	if (!ASSERT_OK(bpf_map_get_info_by_fd(fd, &info, &len), "map info"))
		return;
	ASSERT_EQ(info.type, (__u32)k->type, "type");
	ASSERT_EQ(info.key_size, bpf_map__key_size(map), "key_size");
	ASSERT_EQ(info.value_size, bpf_map__value_size(map), "value_size");
	flags = info.map_flags;
	/* the kernel makes devmaps read-only for programs by itself */
	if (k->type == BPF_MAP_TYPE_DEVMAP)
		flags &= ~BPF_F_RDONLY_PROG;
	ASSERT_EQ(flags, bpf_map__map_flags(map), "map_flags");
	if (k->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		ASSERT_EQ(info.max_entries, (__u32)libbpf_num_possible_cpus(),
			  "perf_event_array sized to the possible CPUs");
	else
		ASSERT_EQ(info.max_entries, bpf_map__max_entries(map),
			  "max_entries");
	ASSERT_EQ(strncmp(info.name, k->name, sizeof(info.name) - 1), 0,
		  "kernel map name");

	if (k->key_btf)
		ASSERT_NEQ(info.btf_key_type_id, 0, "btf_key_type_id");
	else
		ASSERT_EQ(info.btf_key_type_id, 0, "btf_key_type_id");
	if (k->value_btf)
		ASSERT_NEQ(info.btf_value_type_id, 0, "btf_value_type_id");
	else
		ASSERT_EQ(info.btf_value_type_id, 0, "btf_value_type_id");
	if (k->key_btf || k->value_btf) {
		ASSERT_EQ(info.btf_id, btf_id, "btf_id is the object's BTF");
		ASSERT_EQ(info.btf_key_type_id, bpf_map__btf_key_type_id(map),
			  "key type id as libbpf reports it");
		ASSERT_EQ(info.btf_value_type_id,
			  bpf_map__btf_value_type_id(map),
			  "value type id as libbpf reports it");
	}
	if (k->type == BPF_MAP_TYPE_BLOOM_FILTER)
		ASSERT_EQ(info.map_extra, 3, "bloom map_extra");
}

static struct bpf_map *map_by_name(struct bpf_object *obj, const char *name)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, name);

	ASSERT_OK_PTR(map, name);
	return map;
}

static void hash_ops(struct bpf_object *obj)
{
	struct bpf_map *map = map_by_name(obj, "hash");
	__u32 key, next, seen = 0;
	__u64 val;
	int i, n = 0;

	if (!map)
		return;
	for (key = 1; key <= 3; key++) {
		val = key * 100;
		if (!ASSERT_OK(bpf_map__update_elem(map, &key, sizeof(key), &val,
						    sizeof(val), BPF_NOEXIST),
			       "update"))
			return;
	}
	key = 2;
	ASSERT_OK(bpf_map__lookup_elem(map, &key, sizeof(key), &val, sizeof(val), 0),
		  "lookup");
	ASSERT_EQ(val, 200, "value of key 2");
	val = 1;
	ASSERT_EQ(bpf_map__update_elem(map, &key, sizeof(key), &val, sizeof(val),
				       BPF_NOEXIST), -EEXIST, "BPF_NOEXIST on existing key");
	key = 9;
	ASSERT_EQ(bpf_map__update_elem(map, &key, sizeof(key), &val, sizeof(val),
				       BPF_EXIST), -ENOENT, "BPF_EXIST on missing key");

	/* walk all keys */
	if (!ASSERT_OK(bpf_map__get_next_key(map, NULL, &next, sizeof(next)),
		       "first key"))
		return;
	do {
		if (next >= 1 && next <= 3)
			seen |= 1u << next;
		n++;
		key = next;
	} while (n < 10 && !bpf_map__get_next_key(map, &key, &next, sizeof(next)));
	ASSERT_EQ(n, 3, "keys walked");
	ASSERT_EQ(seen, 0xe, "keys 1, 2, 3 seen");
	ASSERT_EQ(bpf_map__get_next_key(map, &key, &next, sizeof(next)), -ENOENT,
		  "no key after the last");

	key = 2;
	ASSERT_OK(bpf_map__delete_elem(map, &key, sizeof(key), 0), "delete");
	ASSERT_EQ(bpf_map__lookup_elem(map, &key, sizeof(key), &val, sizeof(val), 0),
		  -ENOENT, "lookup deleted key");
	ASSERT_EQ(bpf_map__delete_elem(map, &key, sizeof(key), 0), -ENOENT,
		  "delete deleted key");

	/* lookup_and_delete on hash maps came with 5.14 */
	if (kernel_at_least(5, 14)) {
		key = 3;
		ASSERT_OK(bpf_map__lookup_and_delete_elem(map, &key, sizeof(key),
							  &val, sizeof(val), 0),
			  "lookup_and_delete");
		ASSERT_EQ(val, 300, "value taken");
		ASSERT_EQ(bpf_map__lookup_elem(map, &key, sizeof(key), &val,
					       sizeof(val), 0),
			  -ENOENT, "taken key is gone");
	}
	for (i = 1; i <= 3; i++) {
		key = i;
		bpf_map__delete_elem(map, &key, sizeof(key), 0);
	}
}

static void size_checks(struct bpf_object *obj)
{
	struct bpf_map *hash = map_by_name(obj, "hash");
	struct bpf_map *pcpu = map_by_name(obj, "percpu_hash");
	struct bpf_map *queue = map_by_name(obj, "queue");
	int ncpus = libbpf_num_possible_cpus();
	__u64 key = 1, val = 0, *pval;
	__u32 key32 = 1;

	if (!hash || !pcpu || !queue || !ASSERT_GT(ncpus, 0, "possible cpus"))
		return;
	ASSERT_EQ(bpf_map__update_elem(hash, &key, 8, &val, 8, 0), -EINVAL,
		  "update: key_sz 8 for a 4-byte key");
	ASSERT_EQ(bpf_map__update_elem(hash, &key32, 4, &val, 4, 0), -EINVAL,
		  "update: value_sz 4 for an 8-byte value");
	ASSERT_EQ(bpf_map__lookup_elem(hash, &key, 8, &val, 8, 0), -EINVAL,
		  "lookup: key_sz 8");
	ASSERT_EQ(bpf_map__lookup_elem(hash, &key32, 4, &val, 16, 0), -EINVAL,
		  "lookup: value_sz 16");
	ASSERT_EQ(bpf_map__delete_elem(hash, &key32, 2, 0), -EINVAL,
		  "delete: key_sz 2");
	ASSERT_EQ(bpf_map__get_next_key(hash, NULL, &key, 8), -EINVAL,
		  "get_next_key: key_sz 8");
	ASSERT_EQ(bpf_map__lookup_and_delete_elem(hash, &key, 8, &val, 8, 0),
		  -EINVAL, "lookup_and_delete: key_sz 8");
	/* the right sizes work, so the errors above were about sizes */
	ASSERT_OK(bpf_map__update_elem(hash, &key32, 4, &val, 8, 0),
		  "update with the right sizes");
	ASSERT_OK(bpf_map__delete_elem(hash, &key32, 4, 0), "delete");

	/* per-CPU: one 8-byte-aligned slot per possible CPU */
	pval = calloc(ncpus + 1, sizeof(*pval));
	if (!ASSERT_OK_PTR(pval, "calloc"))
		return;
	ASSERT_EQ(bpf_map__update_elem(pcpu, &key32, 4, pval,
				       (ncpus + 1) * sizeof(*pval), 0),
		  -EINVAL, "percpu update: one slot too many");
	ASSERT_OK(bpf_map__update_elem(pcpu, &key32, 4, pval,
				       ncpus * sizeof(*pval), 0),
		  "percpu update: one slot per CPU");
	free(pval);

	/* keyless: key_sz must be 0 */
	ASSERT_EQ(bpf_map__update_elem(queue, &key32, 4, &key32, 4, 0), -EINVAL,
		  "queue push with a key");
}

static void percpu_ops(struct bpf_object *obj)
{
	struct bpf_map *map = map_by_name(obj, "percpu_array");
	int i, ncpus = libbpf_num_possible_cpus();
	struct slot {
		__u32 a, b, c;
		__u32 pad;	/* 12-byte values take 16 bytes per CPU */
	} *vals;
	__u32 key = 1;

	if (!map || !ASSERT_GT(ncpus, 0, "possible cpus"))
		return;
	ASSERT_EQ(bpf_map__value_size(map), 12, "value_size");
	vals = calloc(ncpus, sizeof(*vals));
	if (!ASSERT_OK_PTR(vals, "calloc"))
		return;
	ASSERT_EQ(bpf_map__update_elem(map, &key, 4, vals, ncpus * 12, 0),
		  -EINVAL, "per-CPU value size not rounded up to 8");
	for (i = 0; i < ncpus; i++) {
		vals[i].a = i;
		vals[i].b = 1000 + i;
		vals[i].c = 2000 + i;
	}
	if (!ASSERT_OK(bpf_map__update_elem(map, &key, 4, vals,
					    ncpus * sizeof(*vals), 0),
		       "update all CPUs"))
		goto out;
	memset(vals, 0, ncpus * sizeof(*vals));
	if (!ASSERT_OK(bpf_map__lookup_elem(map, &key, 4, vals,
					    ncpus * sizeof(*vals), 0),
		       "lookup all CPUs"))
		goto out;
	for (i = 0; i < ncpus; i++) {
		if (!ASSERT_EQ(vals[i].a, (__u32)i, "cpu slot a") ||
		    !ASSERT_EQ(vals[i].b, 1000u + i, "cpu slot b") ||
		    !ASSERT_EQ(vals[i].c, 2000u + i, "cpu slot c"))
			break;
	}
out:
	free(vals);
}

static void lru_ops(struct bpf_object *obj)
{
	struct bpf_map *map = map_by_name(obj, "lru_hash");
	__u32 key, next, max;
	__u64 val;
	int n = 0;

	if (!map)
		return;
	max = bpf_map__max_entries(map);
	/* an LRU map never refuses an insert: it evicts */
	for (key = 1; key <= 4 * max; key++) {
		val = key;
		if (!ASSERT_OK(bpf_map__update_elem(map, &key, 4, &val, 8, 0),
			       "lru update"))
			return;
	}
	if (!bpf_map__get_next_key(map, NULL, &next, 4)) {
		do {
			n++;
			key = next;
		} while (n <= (int)max * 2 &&
			 !bpf_map__get_next_key(map, &key, &next, 4));
	}
	ASSERT_GT(n, 0, "entries left");
	ASSERT_LE(n, (int)max, "entries after eviction");
	key = 4 * max;
	ASSERT_OK(bpf_map__lookup_elem(map, &key, 4, &val, 8, 0),
		  "newest entry survives");
}

struct lpm_key {
	__u32 prefixlen;
	__u32 addr;	/* network byte order */
};

static void lpm_ops(struct bpf_object *obj)
{
	struct bpf_map *map = map_by_name(obj, "lpm");
	struct lpm_key k;
	__u32 val;

	if (!map)
		return;
	k.prefixlen = 8;
	k.addr = htonl(0x0a000000);	/* 10.0.0.0/8 */
	val = 1;
	ASSERT_OK(bpf_map__update_elem(map, &k, sizeof(k), &val, 4, 0), "add /8");
	k.prefixlen = 16;
	k.addr = htonl(0x0a010000);	/* 10.1.0.0/16 */
	val = 2;
	ASSERT_OK(bpf_map__update_elem(map, &k, sizeof(k), &val, 4, 0), "add /16");

	k.prefixlen = 32;
	k.addr = htonl(0x0a010203);
	ASSERT_OK(bpf_map__lookup_elem(map, &k, sizeof(k), &val, 4, 0),
		  "lookup 10.1.2.3");
	ASSERT_EQ(val, 2, "10.1.2.3 matches the /16");
	k.addr = htonl(0x0a020304);
	ASSERT_OK(bpf_map__lookup_elem(map, &k, sizeof(k), &val, 4, 0),
		  "lookup 10.2.3.4");
	ASSERT_EQ(val, 1, "10.2.3.4 matches the /8");
	k.addr = htonl(0x0b000001);
	ASSERT_EQ(bpf_map__lookup_elem(map, &k, sizeof(k), &val, 4, 0), -ENOENT,
		  "11.0.0.1 matches nothing");
}

static void queue_stack_ops(struct bpf_object *obj)
{
	struct bpf_map *queue = map_by_name(obj, "queue");
	struct bpf_map *stack = map_by_name(obj, "stack");
	__u32 v32, i;
	__u64 v64;

	if (!queue || !stack)
		return;
	for (i = 1; i <= 3; i++) {
		v32 = i;
		v64 = i * 10;
		ASSERT_OK(bpf_map__update_elem(queue, NULL, 0, &v32, 4, 0), "push queue");
		ASSERT_OK(bpf_map__update_elem(stack, NULL, 0, &v64, 8, 0), "push stack");
	}
	/* peek */
	ASSERT_OK(bpf_map__lookup_elem(queue, NULL, 0, &v32, 4, 0), "peek queue");
	ASSERT_EQ(v32, 1, "queue front");
	ASSERT_OK(bpf_map__lookup_elem(stack, NULL, 0, &v64, 8, 0), "peek stack");
	ASSERT_EQ(v64, 30, "stack top");
	/* pop */
	for (i = 1; i <= 3; i++) {
		ASSERT_OK(bpf_map__lookup_and_delete_elem(queue, NULL, 0, &v32, 4, 0),
			  "pop queue");
		ASSERT_EQ(v32, i, "FIFO order");
		ASSERT_OK(bpf_map__lookup_and_delete_elem(stack, NULL, 0, &v64, 8, 0),
			  "pop stack");
		ASSERT_EQ(v64, (4 - i) * 10, "LIFO order");
	}
	ASSERT_EQ(bpf_map__lookup_and_delete_elem(queue, NULL, 0, &v32, 4, 0),
		  -ENOENT, "empty queue");
}

static void prog_uses_maps(struct bpf_object *obj)
{
	struct bpf_map *hash = map_by_name(obj, "hash");
	struct bpf_map *array = map_by_name(obj, "array");
	struct bpf_map *queue = map_by_name(obj, "queue");
	int fd = prog_fd_by_name(obj, "xdp_count");
	static const __u32 lens[] = { 64, 64, 100 };
	struct { __u64 packets, bytes; } st;
	__u32 key, retval, v;
	__u64 cnt;
	unsigned int i;

	if (!hash || !array || !queue || !ASSERT_OK_FD(fd, "xdp_count fd"))
		return;
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		if (!ASSERT_OK(run_prog_pkt(fd, lens[i], &retval), "run xdp_count"))
			return;
		ASSERT_EQ(retval, XDP_PASS, "xdp_count verdict");
	}
	key = 64;
	ASSERT_OK(bpf_map__lookup_elem(hash, &key, 4, &cnt, 8, 0), "hash[64]");
	ASSERT_EQ(cnt, 2, "packets of 64 bytes");
	key = 100;
	ASSERT_OK(bpf_map__lookup_elem(hash, &key, 4, &cnt, 8, 0), "hash[100]");
	ASSERT_EQ(cnt, 1, "packets of 100 bytes");
	key = 0;
	ASSERT_OK(bpf_map__lookup_elem(array, &key, 4, &st, sizeof(st), 0), "array[0]");
	ASSERT_EQ(st.packets, 3, "packets");
	ASSERT_EQ(st.bytes, 228, "bytes");
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		if (!ASSERT_OK(bpf_map__lookup_and_delete_elem(queue, NULL, 0,
							       &v, 4, 0), "pop"))
			break;
		ASSERT_EQ(v, lens[i], "length queued by the program");
	}
}

static void prog_array_ops(struct bpf_object *obj)
{
	struct bpf_map *map = map_by_name(obj, "prog_array");
	int target = prog_fd_by_name(obj, "tc_target");
	int jump = prog_fd_by_name(obj, "tc_jump");
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), key = 0, retval, id;

	if (!map || !ASSERT_OK_FD(target, "tc_target fd") ||
	    !ASSERT_OK_FD(jump, "tc_jump fd"))
		return;
	ASSERT_OK(run_prog_pkt(jump, 64, &retval), "run with empty slot");
	ASSERT_EQ(retval, 1, "empty slot falls through");
	if (!ASSERT_OK(bpf_map__update_elem(map, &key, 4, &target, 4, 0),
		       "put tc_target in slot 0"))
		return;
	ASSERT_OK(run_prog_pkt(jump, 64, &retval), "run with slot 0 set");
	ASSERT_EQ(retval, 7, "tail call reached tc_target");
	/* from user space a prog array slot reads as the program's id */
	ASSERT_OK(bpf_prog_get_info_by_fd(target, &info, &len), "prog info");
	ASSERT_OK(bpf_map__lookup_elem(map, &key, 4, &id, 4, 0), "lookup slot");
	ASSERT_EQ(id, info.id, "slot holds tc_target's id");
	ASSERT_OK(bpf_map__delete_elem(map, &key, 4, 0), "clear slot 0");
	ASSERT_OK(run_prog_pkt(jump, 64, &retval), "run after clearing");
	ASSERT_EQ(retval, 1, "cleared slot falls through");
}

static void before_load(void)
{
	struct bpf_object *obj;
	struct bpf_map *map;
	__u32 key = 1;
	__u64 val;

	obj = bpf_object__open_file(OBJ_FILE, NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	map = map_by_name(obj, "hash");
	if (map) {
		ASSERT_LT(bpf_map__fd(map), 0, "no fd before load");
		ASSERT_LT(bpf_map__lookup_elem(map, &key, 4, &val, 8, 0), 0,
			  "lookup before load");
		ASSERT_LT(bpf_map__update_elem(map, &key, 4, &val, 8, 0), 0,
			  "update before load");
		ASSERT_LT(bpf_object__find_map_fd_by_name(obj, "hash"), 0,
			  "find_map_fd_by_name before load");
	}
	bpf_object__close(obj);
}

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_map_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.id;
}

static void check_slot(struct bpf_object *obj, const char *outer, __u32 key,
		       const char *inner)
{
	struct bpf_map *o = map_by_name(obj, outer);
	__u32 id = 0;
	int err;

	if (!o)
		return;
	err = bpf_map__lookup_elem(o, &key, 4, &id, 4, 0);
	if (!inner) {
		ASSERT_EQ(err, -ENOENT, "slot is empty");
		return;
	}
	if (!ASSERT_OK(err, "lookup outer slot"))
		return;
	ASSERT_EQ(id, map_id(bpf_object__find_map_fd_by_name(obj, inner)),
		  inner);
}

static void map_in_map(void)
{
	struct bpf_object *obj;
	struct bpf_map *outer, *inner;
	__u32 key = 0, retval;
	__u32 one = 1;
	int fd, prog;

	obj = bpf_object__open_file("test_map_in_map.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open test_map_in_map.bpf.o"))
		return;
	outer = map_by_name(obj, "outer_arr");
	if (!outer)
		goto out;
	inner = bpf_map__inner_map(outer);
	if (ASSERT_OK_PTR(inner, "inner map definition")) {
		ASSERT_EQ(bpf_map__type(inner), BPF_MAP_TYPE_ARRAY, "inner type");
		ASSERT_EQ(bpf_map__max_entries(inner), 4, "inner max_entries");
	}
	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;

	/* initial slots from .values = { [i] = &map } */
	check_slot(obj, "outer_arr", 0, "inner_a");
	check_slot(obj, "outer_arr", 1, NULL);
	check_slot(obj, "outer_arr", 2, "inner_b");
	check_slot(obj, "outer_hash", 1, "inner_h1");
	check_slot(obj, "outer_hash", 3, "inner_h2");
	check_slot(obj, "outer_hash", 0, NULL);
	check_slot(obj, "outer_empty", 0, NULL);

	/* the program sees the slots: outer_empty[0] = inner_c -> XDP_TX */
	prog = prog_fd_by_name(obj, "xdp_nested_lookup");
	if (!ASSERT_OK_FD(prog, "prog fd"))
		goto out;
	ASSERT_OK(run_prog_pkt(prog, 64, &retval), "run");
	ASSERT_EQ(retval, XDP_PASS, "verdict with outer_empty empty");
	fd = bpf_object__find_map_fd_by_name(obj, "inner_c");
	if (!ASSERT_OK_FD(fd, "inner_c fd"))
		goto out;
	ASSERT_OK(bpf_map__update_elem(map_by_name(obj, "outer_empty"), &key, 4,
				       &fd, 4, 0), "set outer_empty[0]");
	ASSERT_OK(run_prog_pkt(prog, 64, &retval), "run");
	ASSERT_EQ(retval, XDP_TX, "verdict through outer_empty[0]");
	/* inner_a[0] != 0 makes the first lookup drop */
	fd = bpf_object__find_map_fd_by_name(obj, "inner_a");
	ASSERT_OK(bpf_map_update_elem(fd, &key, &one, 0), "inner_a[0] = 1");
	ASSERT_OK(run_prog_pkt(prog, 64, &retval), "run");
	ASSERT_EQ(retval, XDP_DROP, "verdict through outer_arr[0]");
out:
	bpf_object__close(obj);
}

void test_map_ops(void)
{
	struct bpf_object *obj;
	unsigned int i;
	__u32 btf_id;

	obj = open_and_load();
	if (!obj)
		return;
	btf_id = obj_btf_id(obj);
	ASSERT_NEQ(btf_id, 0, "object BTF loaded");

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (test__start_subtest(kinds[i].name))
			check_kind(obj, &kinds[i], btf_id);
	if (test__start_subtest("hash_ops"))
		hash_ops(obj);
	if (test__start_subtest("size_checks"))
		size_checks(obj);
	if (test__start_subtest("percpu_ops"))
		percpu_ops(obj);
	if (test__start_subtest("lru_ops"))
		lru_ops(obj);
	if (test__start_subtest("lpm_ops"))
		lpm_ops(obj);
	if (test__start_subtest("queue_stack_ops"))
		queue_stack_ops(obj);
	if (test__start_subtest("prog_uses_maps"))
		prog_uses_maps(obj);
	if (test__start_subtest("prog_array"))
		prog_array_ops(obj);
	bpf_object__close(obj);

	if (test__start_subtest("before_load"))
		before_load();
	if (test__start_subtest("map_in_map"))
		map_in_map();
}
