// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BPF ring buffers seen from user space: struct ring_buffer consumes the
 * records BPF programs write into BPF_MAP_TYPE_RINGBUF maps (5.8+), and
 * struct user_ring_buffer produces records that BPF programs drain from
 * BPF_MAP_TYPE_USER_RINGBUF maps with bpf_user_ringbuf_drain() (6.1+).
 *
 * The kernel's layout, as mmap()ed from the map fd:
 *
 *   offset 0          one page: the consumer position (unsigned long)
 *   offset page       one page: the producer position (unsigned long)
 *   offset 2 * page   the data area, max_entries bytes (a power of two
 *                     and a multiple of the page size), mapped twice in a
 *                     row so that a record crossing its end reads as
 *                     one piece
 *
 * Positions only grow; a position's offset in the data area is
 * pos & (max_entries - 1). Each record starts at an 8-byte aligned
 * position with an 8-byte header: a __u32 length whose top bit says the
 * record is still being written (busy) and whose next bit says it was
 * discarded, and a __u32 the kernel uses itself. The record occupies its
 * length plus the header, rounded up to 8 bytes.
 *
 * For RINGBUF the kernel writes the producer position and the data, and
 * user space the consumer position; for USER_RINGBUF the other way
 * round. Positions and headers are read with acquire and written with
 * release ordering, pairing with the kernel's.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/mman.h>

#include "bpf.h"
#include "libbpf_internal.h"

#define RB_BUSY		(1U << 31)
#define RB_DISCARD	(1U << 30)
#define RB_HDR_SZ	8

struct ring {
	ring_buffer_sample_fn sample_cb;
	void *ctx;
	unsigned long *consumer_pos;	/* the consumer page, ours to write */
	unsigned long *producer_pos;	/* the producer page, then the data */
	void *data;
	unsigned long mask;		/* data area size - 1 */
	size_t page_size;
	int map_fd;
};

struct ring_buffer {
	struct ring **rings;
	struct epoll_event *events;
	int ring_cnt;
	int epoll_fd;
};

struct user_ring_buffer {
	unsigned long *consumer_pos;	/* read-only for us */
	unsigned long *producer_pos;	/* ours, followed by the data */
	void *data;
	unsigned long mask;
	size_t page_size;
	int map_fd;
	int epoll_fd;
};

static unsigned long pos_load(const unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void pos_store(unsigned long *p, unsigned long v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static __u32 rec_size(__u32 len)
{
	return (len + RB_HDR_SZ + 7) & ~7U;
}

/*
 * The data area size of ring buffer map @map_fd of type @want, checked,
 * in *size; the maps' own name for the messages.
 */
static int ring_map_size(int map_fd, enum bpf_map_type want, const char *what,
			 size_t page_size, unsigned long *size)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int err;

	memset(&info, 0, sizeof(info));
	err = bpf_map_get_info_by_fd(map_fd, &info, &len);
	if (err) {
		err = -errno;
		pr_warn("%s: cannot get info of map fd %d: %s\n", what, map_fd,
			libbpf_errstr(err));
		return err;
	}
	if (info.type != want) {
		pr_warn("%s: map '%s' (fd %d) is of type %u, not %s\n", what, info.name,
			map_fd, info.type, libbpf_bpf_map_type_str(want));
		return -EINVAL;
	}
	/* the kernel guarantees it; the mappings below rely on it */
	if (!info.max_entries || (info.max_entries & (info.max_entries - 1)) ||
	    info.max_entries % page_size) {
		pr_warn("%s: map '%s' has a data area of %u bytes, not a power of two pages\n",
			what, info.name, info.max_entries);
		return -EINVAL;
	}
	*size = info.max_entries;
	return 0;
}

/* ---- ring_buffer: consuming what BPF wrote --------------------------------- */

static void ring_free(struct ring *r)
{
	if (!r)
		return;
	if (r->consumer_pos)
		munmap(r->consumer_pos, r->page_size);
	if (r->producer_pos)
		munmap(r->producer_pos, r->page_size + 2 * (r->mask + 1));
	free(r);
}

void ring_buffer__free(struct ring_buffer *rb)
{
	int i;

	if (!rb)
		return;
	for (i = 0; i < rb->ring_cnt; i++)
		ring_free(rb->rings[i]);
	if (rb->epoll_fd >= 0)
		close(rb->epoll_fd);
	free(rb->rings);
	free(rb->events);
	free(rb);
}

int ring_buffer__add(struct ring_buffer *rb, int map_fd,
		     ring_buffer_sample_fn sample_cb, void *ctx)
{
	size_t page = sysconf(_SC_PAGESIZE);
	struct epoll_event ev = { .events = EPOLLIN };
	struct epoll_event *events;
	struct ring **rings, *r;
	unsigned long size;
	void *p;
	int err;

	if (!rb || rb->ring_cnt == INT_MAX)
		return libbpf_err(-EINVAL);
	err = ring_map_size(map_fd, BPF_MAP_TYPE_RINGBUF, "ring_buffer", page, &size);
	if (err)
		return libbpf_err(err);
	rings = realloc(rb->rings, (rb->ring_cnt + 1) * sizeof(*rings));
	if (!rings)
		return libbpf_err(-ENOMEM);
	rb->rings = rings;
	events = realloc(rb->events, (rb->ring_cnt + 1) * sizeof(*events));
	if (!events)
		return libbpf_err(-ENOMEM);
	rb->events = events;

	r = calloc(1, sizeof(*r));
	if (!r)
		return libbpf_err(-ENOMEM);
	r->sample_cb = sample_cb;
	r->ctx = ctx;
	r->map_fd = map_fd;
	r->mask = size - 1;
	r->page_size = page;
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED) {
		err = -errno;
		pr_warn("ring_buffer: cannot mmap the consumer page of map fd %d: %s\n",
			map_fd, libbpf_errstr(err));
		goto err_free;
	}
	r->consumer_pos = p;
	p = mmap(NULL, page + 2 * size, PROT_READ, MAP_SHARED, map_fd, page);
	if (p == MAP_FAILED) {
		err = -errno;
		pr_warn("ring_buffer: cannot mmap the data of map fd %d: %s\n",
			map_fd, libbpf_errstr(err));
		goto err_free;
	}
	r->producer_pos = p;
	r->data = (char *)p + page;

	ev.data.u32 = rb->ring_cnt;
	if (epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev)) {
		err = -errno;
		pr_warn("ring_buffer: cannot watch map fd %d: %s\n", map_fd, libbpf_errstr(err));
		goto err_free;
	}
	rb->rings[rb->ring_cnt++] = r;
	return 0;

err_free:
	ring_free(r);
	return libbpf_err(err);
}

struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb,
				     void *ctx, const struct ring_buffer_opts *opts)
{
	struct ring_buffer *rb;
	int err;

	if (!OPTS_VALID(opts, ring_buffer_opts))
		return libbpf_err_ptr(-EINVAL);
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return libbpf_err_ptr(-ENOMEM);
	rb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rb->epoll_fd < 0) {
		err = -errno;
		pr_warn("ring_buffer: epoll_create1 failed: %s\n", libbpf_errstr(err));
		goto err_free;
	}
	err = ring_buffer__add(rb, map_fd, sample_cb, ctx);
	if (err)
		goto err_free;
	return rb;

err_free:
	ring_buffer__free(rb);
	return libbpf_err_ptr(err);
}

/*
 * Hand at most @limit records of @r to its callback, moving the consumer
 * position past each one after its callback: a record whose callback
 * fails is consumed too, and its error returned. Discarded records are
 * skipped silently; a busy one ends the pass (the producer is still
 * writing it). Returns the number of records handed over.
 */
static long long consume_ring(struct ring *r, unsigned long long limit)
{
	/* locals: the callback may write anywhere, r's fields included */
	ring_buffer_sample_fn cb = r->sample_cb;
	unsigned long *cons_pos = r->consumer_pos, mask = r->mask;
	unsigned long max_len = mask + 1 - RB_HDR_SZ;	/* the ring is a multiple of 8 */
	unsigned long cons = pos_load(cons_pos), prod;
	unsigned long long cnt = 0;
	char *data = r->data;
	void *ctx = r->ctx;

	while (cnt < limit) {
		prod = pos_load(r->producer_pos);
		if (cons >= prod)
			break;
		while (cons < prod && cnt < limit) {
			__u32 *hdr = (__u32 *)(data + (cons & mask));
			__u32 word = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			__u32 len = word & ~(RB_BUSY | RB_DISCARD);
			int err;

			if (word & RB_BUSY)
				return cnt;
			if (len > max_len) {
				pr_warn("ring_buffer: map fd %d: record of %u bytes at position %lu is larger than the ring\n",
					r->map_fd, len, cons);
				return -EINVAL;
			}
			cons += rec_size(len);
			if (!(word & RB_DISCARD)) {
				err = cb(ctx, hdr + RB_HDR_SZ / sizeof(*hdr), len);
				if (err < 0) {
					pos_store(cons_pos, cons);
					return err;
				}
				cnt++;
			}
			pos_store(cons_pos, cons);
		}
	}
	return cnt;
}

static int clamp_count(long long n)
{
	return n > INT_MAX ? INT_MAX : (int)n;
}

int ring_buffer__consume_n(struct ring_buffer *rb, size_t n)
{
	long long total = 0, res;
	int i;

	if (!rb)
		return libbpf_err(-EINVAL);

	for (i = 0; i < rb->ring_cnt && (size_t)total < n; i++) {
		res = consume_ring(rb->rings[i], n - total);
		if (res < 0)
			return libbpf_err(res);
		total += res;
	}
	return clamp_count(total);
}

int ring_buffer__consume(struct ring_buffer *rb)
{
	return ring_buffer__consume_n(rb, SIZE_MAX);
}

int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms)
{
	long long total = 0, res;
	int i, n;

	if (!rb)
		return libbpf_err(-EINVAL);

	n = epoll_wait(rb->epoll_fd, rb->events, rb->ring_cnt, timeout_ms);
	/* -EINTR: a signal arrived; the caller checks why, nothing failed */
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		__u32 idx = rb->events[i].data.u32;

		if (idx >= (__u32)rb->ring_cnt)
			continue;
		res = consume_ring(rb->rings[idx], ULLONG_MAX);
		if (res < 0)
			return libbpf_err(res);
		total += res;
	}
	return clamp_count(total);
}

int ring_buffer__epoll_fd(const struct ring_buffer *rb)
{
	if (!rb)
		return libbpf_err(-EINVAL);
	return rb->epoll_fd;
}

struct ring *ring_buffer__ring(struct ring_buffer *rb, unsigned int idx)
{
	if (!rb)
		return libbpf_err_ptr(-EINVAL);

	if (idx >= (unsigned int)rb->ring_cnt)
		return libbpf_err_ptr(-ERANGE);
	return rb->rings[idx];
}

unsigned long ring__consumer_pos(const struct ring *r)
{
	if (!r)
		return libbpf_inval(0);
	return pos_load(r->consumer_pos);
}

unsigned long ring__producer_pos(const struct ring *r)
{
	if (!r)
		return libbpf_inval(0);
	return pos_load(r->producer_pos);
}

size_t ring__avail_data_size(const struct ring *r)
{
	unsigned long cons;

	if (!r)
		return libbpf_inval(0);
	cons = ring__consumer_pos(r);
	return ring__producer_pos(r) - cons;
}

size_t ring__size(const struct ring *r)
{
	if (!r)
		return libbpf_inval(0);
	return r->mask + 1;
}

int ring__map_fd(const struct ring *r)
{
	if (!r)
		return libbpf_err(-EINVAL);
	return r->map_fd;
}

int ring__consume_n(struct ring *r, size_t n)
{
	long long res;

	if (!r)
		return libbpf_err(-EINVAL);
	res = consume_ring(r, n);
	return res < 0 ? libbpf_err(res) : clamp_count(res);
}

int ring__consume(struct ring *r)
{
	return ring__consume_n(r, SIZE_MAX);
}

/* ---- user_ring_buffer: producing for bpf_user_ringbuf_drain() -------------- */

void user_ring_buffer__free(struct user_ring_buffer *rb)
{
	if (!rb)
		return;
	if (rb->consumer_pos)
		munmap(rb->consumer_pos, rb->page_size);
	if (rb->producer_pos)
		munmap(rb->producer_pos, rb->page_size + 2 * (rb->mask + 1));
	if (rb->epoll_fd >= 0)
		close(rb->epoll_fd);
	free(rb);
}

struct user_ring_buffer *user_ring_buffer__new(int map_fd,
					       const struct user_ring_buffer_opts *opts)
{
	/* edge-triggered: woken when a drain frees space, not while any is free */
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLET };
	struct user_ring_buffer *rb;
	unsigned long size;
	void *p;
	int err;

	if (!OPTS_VALID(opts, user_ring_buffer_opts))
		return libbpf_err_ptr(-EINVAL);
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return libbpf_err_ptr(-ENOMEM);
	rb->map_fd = map_fd;
	rb->page_size = sysconf(_SC_PAGESIZE);
	rb->epoll_fd = -1;
	err = ring_map_size(map_fd, BPF_MAP_TYPE_USER_RINGBUF, "user_ring_buffer",
			    rb->page_size, &size);
	if (err)
		goto err_free;
	rb->mask = size - 1;
	p = mmap(NULL, rb->page_size, PROT_READ, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED) {
		err = -errno;
		pr_warn("user_ring_buffer: cannot mmap the consumer page of map fd %d: %s\n",
			map_fd, libbpf_errstr(err));
		goto err_free;
	}
	rb->consumer_pos = p;
	p = mmap(NULL, rb->page_size + 2 * size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 map_fd, rb->page_size);
	if (p == MAP_FAILED) {
		err = -errno;
		pr_warn("user_ring_buffer: cannot mmap the data of map fd %d: %s\n",
			map_fd, libbpf_errstr(err));
		goto err_free;
	}
	rb->producer_pos = p;
	rb->data = (char *)p + rb->page_size;

	rb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rb->epoll_fd < 0 || epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev)) {
		err = -errno;
		pr_warn("user_ring_buffer: cannot watch map fd %d: %s\n", map_fd,
			libbpf_errstr(err));
		goto err_free;
	}
	return rb;

err_free:
	user_ring_buffer__free(rb);
	return libbpf_err_ptr(err);
}

void *user_ring_buffer__reserve(struct user_ring_buffer *rb, __u32 size)
{
	unsigned long cons, prod;
	__u32 *hdr;
	__u64 total = ((__u64)size + RB_HDR_SZ + 7) & ~7ULL;

	if (!rb)
		return libbpf_err_ptr(-EINVAL);

	if (size & (RB_BUSY | RB_DISCARD) || total > rb->mask + 1)
		return libbpf_err_ptr(-E2BIG);
	cons = pos_load(rb->consumer_pos);
	prod = pos_load(rb->producer_pos);
	if (prod - cons + total > rb->mask + 1)
		return libbpf_err_ptr(-ENOSPC);
	hdr = (__u32 *)((char *)rb->data + (prod & rb->mask));
	hdr[1] = 0;
	__atomic_store_n(hdr, size | RB_BUSY, __ATOMIC_RELAXED);
	/* the header is written before the kernel can see the record */
	pos_store(rb->producer_pos, prod + total);
	return hdr + RB_HDR_SZ / sizeof(*hdr);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void *user_ring_buffer__reserve_blocking(struct user_ring_buffer *rb, __u32 size,
					 int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms, left;
	struct epoll_event ev;
	void *sample;

	if (!rb || timeout_ms < -1)
		return libbpf_err_ptr(-EINVAL);
	for (;;) {
		sample = user_ring_buffer__reserve(rb, size);
		if (sample || errno != ENOSPC || timeout_ms == 0)
			return sample;
		left = timeout_ms < 0 ? -1 : deadline - now_ms();
		if (timeout_ms > 0 && left <= 0)
			return libbpf_err_ptr(-ENOSPC);
		/* a drain by the kernel wakes us; then try again */
		if (epoll_wait(rb->epoll_fd, &ev, 1, left > INT_MAX ? INT_MAX : (int)left) < 0 &&
		    errno != EINTR)
			return libbpf_err_ptr(-errno);
	}
}

static void finish_sample(void *sample, __u32 flag)
{
	__u32 *hdr = (__u32 *)((char *)sample - RB_HDR_SZ);
	__u32 len = __atomic_load_n(hdr, __ATOMIC_RELAXED) & ~RB_BUSY;

	/* the sample's contents are written before the kernel sees it done */
	__atomic_store_n(hdr, len | flag, __ATOMIC_RELEASE);
}

void user_ring_buffer__submit(struct user_ring_buffer *rb, void *sample)
{
	if (!rb || !sample)
		return;
	finish_sample(sample, 0);
}

void user_ring_buffer__discard(struct user_ring_buffer *rb, void *sample)
{
	if (!rb || !sample)
		return;
	finish_sample(sample, RB_DISCARD);
}
