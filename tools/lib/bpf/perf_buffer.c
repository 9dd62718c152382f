// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * perf_buffer: the records BPF programs send with bpf_perf_event_output()
 * through a BPF_MAP_TYPE_PERF_EVENT_ARRAY map, read from one perf event
 * ring per CPU.
 *
 * For each CPU a PERF_COUNT_SW_BPF_OUTPUT event is opened and its fd
 * stored in the map at that CPU's key; the event's ring is mmap()ed: a
 * struct perf_event_mmap_page (data_head written by the kernel, data_tail
 * by us), then page_cnt pages of records. Each record starts with a
 * struct perf_event_header giving its type and size; a record may wrap
 * around the end of the ring, and is then copied into one piece before
 * the callback sees it. One epoll fd watches every ring.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>

#include "bpf.h"
#include "libbpf_internal.h"

struct perf_cpu_buf {
	struct perf_buffer *pb;
	void *base;		/* the mmap()ed metadata page, then the data */
	void *copy;		/* a wrapped record made contiguous */
	size_t copy_sz;
	int fd;
	int cpu;
	int map_key;
};

struct perf_buffer {
	perf_buffer_event_fn event_cb;
	perf_buffer_sample_fn sample_cb;
	perf_buffer_lost_fn lost_cb;
	void *ctx;

	size_t page_size;
	size_t mmap_size;	/* the data pages, without the metadata page */
	struct perf_cpu_buf **bufs;
	struct epoll_event *events;
	int buf_cnt;
	int epoll_fd;
	int map_fd;
};

static void cpu_buf_free(struct perf_cpu_buf *b)
{
	if (!b)
		return;
	if (b->base && b->base != MAP_FAILED)
		munmap(b->base, b->pb->mmap_size + b->pb->page_size);
	if (b->fd >= 0) {
		ioctl(b->fd, PERF_EVENT_IOC_DISABLE, 0);
		close(b->fd);
	}
	free(b->copy);
	free(b);
}

void perf_buffer__free(struct perf_buffer *pb)
{
	int i;

	if (!pb)
		return;
	for (i = 0; i < pb->buf_cnt; i++) {
		struct perf_cpu_buf *b = pb->bufs[i];

		/* the map slot would keep the event alive */
		if (b)
			bpf_map_delete_elem(pb->map_fd, &b->map_key);
		cpu_buf_free(b);
	}
	if (pb->epoll_fd >= 0)
		close(pb->epoll_fd);
	free(pb->bufs);
	free(pb->events);
	free(pb);
}

static struct perf_cpu_buf *cpu_buf_new(struct perf_buffer *pb,
					struct perf_event_attr *attr, int cpu, int key)
{
	struct perf_cpu_buf *b;
	int err;

	b = calloc(1, sizeof(*b));
	if (!b)
		return libbpf_err_ptr(-ENOMEM);
	b->pb = pb;
	b->cpu = cpu;
	b->map_key = key;
	b->fd = syscall(__NR_perf_event_open, attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	if (b->fd < 0) {
		err = -errno;
		pr_warn("perf_buffer: perf_event_open on CPU %d failed: %s\n", cpu,
			libbpf_errstr(err));
		goto err_free;
	}
	b->base = mmap(NULL, pb->mmap_size + pb->page_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED, b->fd, 0);
	if (b->base == MAP_FAILED) {
		err = -errno;
		pr_warn("perf_buffer: cannot mmap the ring of CPU %d: %s\n", cpu,
			libbpf_errstr(err));
		goto err_free;
	}
	if (ioctl(b->fd, PERF_EVENT_IOC_ENABLE, 0) < 0) {
		err = -errno;
		pr_warn("perf_buffer: cannot enable the event of CPU %d: %s\n", cpu,
			libbpf_errstr(err));
		goto err_free;
	}
	return b;

err_free:
	cpu_buf_free(b);
	return libbpf_err_ptr(err);
}

/* "0-3,5,7-8" (a sysfs CPU list) into mask[], n entries */
static int parse_cpu_list(const char *s, bool *mask, int n)
{
	while (*s && *s != '\n') {
		char *end;
		long a = strtol(s, &end, 10), b = a;

		if (end == s)
			return -EINVAL;
		if (*end == '-') {
			s = end + 1;
			b = strtol(s, &end, 10);
			if (end == s)
				return -EINVAL;
		}
		for (; a <= b; a++)
			if (a >= 0 && a < n)
				mask[a] = true;
		s = *end == ',' ? end + 1 : end;
	}
	return 0;
}

static int online_cpus(bool *mask, int n)
{
	char buf[4096];
	ssize_t len;
	int fd, err;

	fd = open("/sys/devices/system/cpu/online", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, sizeof(buf) - 1);
	err = len < 0 ? -errno : -EINVAL;
	close(fd);
	if (len <= 0)
		return err;
	buf[len] = '\0';
	return parse_cpu_list(buf, mask, n);
}

static struct perf_buffer *pb_new(int map_fd, size_t page_cnt, struct perf_event_attr *attr,
				  int cpu_cnt, const int *cpus, const int *keys)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	struct perf_buffer *pb;
	bool *online = NULL;
	int i, n, err, nr_cpus;

	if (!page_cnt || (page_cnt & (page_cnt - 1))) {
		pr_warn("perf_buffer: page_cnt %zu is not a power of two\n", page_cnt);
		return libbpf_err_ptr(-EINVAL);
	}
	memset(&info, 0, sizeof(info));
	if (bpf_map_get_info_by_fd(map_fd, &info, &len)) {
		err = -errno;
		pr_warn("perf_buffer: cannot get info of map fd %d: %s\n", map_fd,
			libbpf_errstr(err));
		return libbpf_err_ptr(err);
	}
	if (info.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		pr_warn("perf_buffer: map '%s' is not a BPF_MAP_TYPE_PERF_EVENT_ARRAY\n", info.name);
		return libbpf_err_ptr(-EINVAL);
	}
	pb = calloc(1, sizeof(*pb));
	if (!pb)
		return libbpf_err_ptr(-ENOMEM);
	pb->map_fd = map_fd;
	pb->page_size = sysconf(_SC_PAGESIZE);
	pb->mmap_size = pb->page_size * page_cnt;
	pb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (pb->epoll_fd < 0) {
		err = -errno;
		pr_warn("perf_buffer: epoll_create1 failed: %s\n", libbpf_errstr(err));
		goto err_free;
	}

	if (cpu_cnt <= 0) {
		nr_cpus = libbpf_num_possible_cpus();
		if (nr_cpus < 0) {
			err = nr_cpus;
			goto err_free;
		}
		if ((__u32)nr_cpus > info.max_entries)
			nr_cpus = info.max_entries;
		online = calloc(nr_cpus ?: 1, sizeof(*online));
		if (!online) {
			err = -ENOMEM;
			goto err_free;
		}
		err = online_cpus(online, nr_cpus);
		if (err) {
			pr_warn("perf_buffer: cannot read the online CPUs: %s\n", libbpf_errstr(err));
			goto err_free;
		}
	} else {
		nr_cpus = cpu_cnt;
	}
	pb->bufs = calloc(nr_cpus ?: 1, sizeof(*pb->bufs));
	pb->events = calloc(nr_cpus ?: 1, sizeof(*pb->events));
	if (!pb->bufs || !pb->events) {
		err = -ENOMEM;
		goto err_free;
	}

	for (i = 0, n = 0; i < nr_cpus; i++) {
		int cpu = online ? i : cpus[i], key = online ? i : keys[i];
		struct epoll_event ev = { .events = EPOLLIN };
		struct perf_cpu_buf *b;

		/* offline CPUs produce nothing; their slots stay empty */
		if (online && !online[i])
			continue;
		b = cpu_buf_new(pb, attr, cpu, key);
		if (!b) {
			err = -errno;
			goto err_free;
		}
		pb->bufs[n] = b;
		pb->buf_cnt = ++n;
		if (bpf_map_update_elem(map_fd, &key, &b->fd, 0)) {
			err = -errno;
			pr_warn("perf_buffer: cannot store CPU %d's event at key %d of map '%s': %s\n",
				cpu, key, info.name, libbpf_errstr(err));
			goto err_free;
		}
		ev.data.u32 = n - 1;
		if (epoll_ctl(pb->epoll_fd, EPOLL_CTL_ADD, b->fd, &ev)) {
			err = -errno;
			pr_warn("perf_buffer: cannot watch CPU %d's ring: %s\n", cpu,
				libbpf_errstr(err));
			goto err_free;
		}
	}
	free(online);
	return pb;

err_free:
	free(online);
	perf_buffer__free(pb);
	return libbpf_err_ptr(err);
}

struct perf_sample_raw {
	struct perf_event_header h;
	__u32 size;
	char data[];
};

/* perf_buffer__new()'s records other than samples: lost counts */
static enum bpf_perf_event_ret dispatch(void *ctx, int cpu, struct perf_event_header *e)
{
	struct perf_buffer *pb = ctx;

	if (e->type == PERF_RECORD_LOST) {
		struct { struct perf_event_header h; __u64 id; __u64 lost; } *l = (void *)e;

		if (pb->lost_cb && e->size >= sizeof(*l))
			pb->lost_cb(pb->ctx, cpu, l->lost);
	} else if (e->type != PERF_RECORD_SAMPLE) {
		pr_warn("perf_buffer: unknown record type %u on CPU %d\n", e->type, cpu);
	}
	return LIBBPF_PERF_EVENT_CONT;
}

struct perf_buffer *perf_buffer__new(int map_fd, size_t page_cnt,
				     perf_buffer_sample_fn sample_cb,
				     perf_buffer_lost_fn lost_cb, void *ctx,
				     const struct perf_buffer_opts *opts)
{
	struct perf_event_attr attr;
	struct perf_buffer *pb;
	__u32 period;

	if (!OPTS_VALID(opts, perf_buffer_opts))
		return libbpf_err_ptr(-EINVAL);
	period = OPTS_GET(opts, sample_period, 0) ?: 1;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.sample_period = period;
	attr.wakeup_events = period;
	pb = pb_new(map_fd, page_cnt, &attr, 0, NULL, NULL);
	if (!pb)
		return NULL;
	pb->event_cb = dispatch;
	pb->sample_cb = sample_cb;
	pb->lost_cb = lost_cb;
	pb->ctx = ctx;
	return pb;
}

struct perf_buffer *perf_buffer__new_raw(int map_fd, size_t page_cnt,
					 struct perf_event_attr *attr,
					 perf_buffer_event_fn event_cb, void *ctx,
					 const struct perf_buffer_raw_opts *opts)
{
	struct perf_buffer *pb;
	int cpu_cnt;

	if (!OPTS_VALID(opts, perf_buffer_raw_opts) || !attr || !event_cb)
		return libbpf_err_ptr(-EINVAL);
	cpu_cnt = OPTS_GET(opts, cpu_cnt, 0);
	if (cpu_cnt > 0 && (!OPTS_GET(opts, cpus, NULL) || !OPTS_GET(opts, map_keys, NULL))) {
		pr_warn("perf_buffer: cpu_cnt %d needs cpus and map_keys\n", cpu_cnt);
		return libbpf_err_ptr(-EINVAL);
	}
	pb = pb_new(map_fd, page_cnt, attr, cpu_cnt, OPTS_GET(opts, cpus, NULL),
		    OPTS_GET(opts, map_keys, NULL));
	if (!pb)
		return NULL;
	pb->event_cb = event_cb;
	pb->ctx = ctx;
	return pb;
}

/*
 * Hand every record of @b's ring to the event callback, moving data_tail
 * past them. A callback result other than LIBBPF_PERF_EVENT_CONT stops
 * after that record and is returned; 0 when the ring is empty.
 */
static int consume_buf(struct perf_buffer *pb, struct perf_cpu_buf *b)
{
	struct perf_event_mmap_page *meta = b->base;
	char *data = (char *)b->base + pb->page_size;
	__u64 head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	__u64 tail = meta->data_tail, size = pb->mmap_size, mask = size - 1;
	enum bpf_perf_event_ret ret = LIBBPF_PERF_EVENT_CONT;
	/* perf_buffer__new()'s samples go straight to sample_cb: the hot case */
	perf_buffer_sample_fn sample_cb = pb->event_cb == dispatch ? pb->sample_cb : NULL;
	void *ctx = pb->ctx;
	int cpu = b->cpu;

	while (tail < head) {
		size_t off = tail & mask;	/* the size is a power of two */
		struct perf_event_header *e = (void *)(data + off);
		size_t len = e->size;

		if (len - sizeof(*e) > size - sizeof(*e)) {
			pr_warn("perf_buffer: record of %zu bytes on CPU %d is malformed\n",
				len, cpu);
			ret = LIBBPF_PERF_EVENT_ERROR;
			break;
		}
		if (off + len > size) {
			/* wrapped: the first part ends the ring, the rest starts it */
			if (b->copy_sz < len) {
				void *p = realloc(b->copy, len);

				if (!p) {
					ret = LIBBPF_PERF_EVENT_ERROR;
					break;
				}
				b->copy = p;
				b->copy_sz = len;
			}
			memcpy(b->copy, data + off, size - off);
			memcpy((char *)b->copy + (size - off), data, len - (size - off));
			e = b->copy;
		}
		tail += len;
		if (sample_cb && e->type == PERF_RECORD_SAMPLE) {
			struct perf_sample_raw *s = (void *)e;

			if (len >= sizeof(*s) && s->size <= len - sizeof(*s))
				sample_cb(ctx, cpu, s->data, s->size);
			continue;
		}
		ret = pb->event_cb(pb->event_cb == dispatch ? (void *)pb : pb->ctx, cpu, e);
		if (ret != LIBBPF_PERF_EVENT_CONT)
			break;
	}
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
	return ret == LIBBPF_PERF_EVENT_CONT ? 0 : ret;
}

int perf_buffer__consume_buffer(struct perf_buffer *pb, size_t buf_idx)
{
	if (!pb || buf_idx >= (size_t)pb->buf_cnt)
		return libbpf_err(-EINVAL);
	return libbpf_err(consume_buf(pb, pb->bufs[buf_idx]));
}

int perf_buffer__consume(struct perf_buffer *pb)
{
	int i, err;

	if (!pb)
		return libbpf_err(-EINVAL);

	for (i = 0; i < pb->buf_cnt; i++) {
		err = consume_buf(pb, pb->bufs[i]);
		if (err) {
			pr_warn("perf_buffer: consuming CPU %d's ring failed: %d\n",
				pb->bufs[i]->cpu, err);
			return libbpf_err(err);
		}
	}
	return 0;
}

int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms)
{
	int i, n, err;

	if (!pb)
		return libbpf_err(-EINVAL);

	n = epoll_wait(pb->epoll_fd, pb->events, pb->buf_cnt, timeout_ms);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		__u32 idx = pb->events[i].data.u32;

		if (idx >= (__u32)pb->buf_cnt)
			continue;
		err = consume_buf(pb, pb->bufs[idx]);
		if (err) {
			pr_warn("perf_buffer: consuming CPU %d's ring failed: %d\n",
				pb->bufs[idx]->cpu, err);
			return libbpf_err(err);
		}
	}
	return n;
}

int perf_buffer__epoll_fd(const struct perf_buffer *pb)
{
	if (!pb)
		return libbpf_err(-EINVAL);
	return pb->epoll_fd;
}

size_t perf_buffer__buffer_cnt(const struct perf_buffer *pb)
{
	if (!pb)
		return libbpf_inval(0);
	return pb->buf_cnt;
}

int perf_buffer__buffer_fd(const struct perf_buffer *pb, size_t buf_idx)
{
	if (!pb || buf_idx >= (size_t)pb->buf_cnt)
		return libbpf_err(-EINVAL);
	return pb->bufs[buf_idx]->fd;
}

int perf_buffer__buffer(struct perf_buffer *pb, int buf_idx, void **buf, size_t *buf_size)
{
	if (!pb || buf_idx < 0 || buf_idx >= pb->buf_cnt)
		return libbpf_err(-EINVAL);
	*buf = pb->bufs[buf_idx]->base;
	*buf_size = pb->mmap_size;
	return 0;
}
