// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Ring buffers end to end, through the test_ringbuf and
 * test_user_ringbuf skeletons. test_ringbuf.c writes numbered records
 * with a checkable payload on each getpgid(2) of this process.
 *
 * - order: bpf_ringbuf_output() and reserve/submit records all arrive,
 *   once each, in order, intact; ring__*() report the positions;
 * - wrap: thousands of records of sizes that do not divide the 4 KiB
 *   ring, so records straddle its end, consumed in rounds;
 * - full: a producer that outruns the consumer fails (dropped), the
 *   consumer catches up, nothing received twice or damaged;
 * - discard: discarded records are skipped;
 * - two_rings: one ring_buffer over two maps, poll and epoll fd;
 * - callback_error: a callback's error stops consumption and is
 *   returned, the failing record is consumed, the rest follow;
 * - consume_n: limits per ring and over the ring_buffer;
 * - bad_args: maps of other types, ring indexes out of range;
 * - user_ringbuf: samples submitted from user space are drained by BPF
 *   (6.1+), discarded ones skipped, E2BIG and ENOSPC, reserve_blocking
 *   woken by a drain in another thread and timing out;
 * - no fd or mapping is left after free.
 */
#include <pthread.h>
#include <sys/syscall.h>
#include "test_progs.h"
#include "test_ringbuf.skel.h"
#include "test_user_ringbuf.skel.h"

#define RING_SIZE 4096
#define HDR_LEN 16	/* seq, payload_len, ring of struct rec */

enum { MODE_OUTPUT, MODE_RESERVE, MODE_DISCARD_ODD };

struct rec {
	__u64 seq;
	__u32 payload_len;
	__u32 ring;
	__u8 payload[256];
};

/* what the callback saw, per ring */
struct seen {
	__u64 next_seq[2];	/* the sequence number expected next */
	__u64 cnt[2];
	__u64 bad;		/* out of order, wrong size or damaged */
	__u64 fail_at;		/* return -EIO for the record with this seq */
	bool gaps_ok;		/* drops or discards leave holes */
};

static void trigger(int n)
{
	while (n--)
		syscall(SYS_getpgid, 0);
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct seen *s = ctx;
	const struct rec *r = data;
	__u32 i;

	if (size < HDR_LEN || r->ring > 1 || size < HDR_LEN + r->payload_len ||
	    (size != HDR_LEN + r->payload_len && size != sizeof(*r))) {
		s->bad++;
		return 0;
	}
	if (r->seq < s->next_seq[r->ring] || (!s->gaps_ok && r->seq != s->next_seq[r->ring]))
		s->bad++;
	for (i = 0; i < r->payload_len; i++)
		if (r->payload[i] != ((r->seq + i) & 0xff)) {
			s->bad++;
			break;
		}
	s->next_seq[r->ring] = r->seq + 1;
	s->cnt[r->ring]++;
	if (s->fail_at && r->seq == s->fail_at)
		return -EIO;
	return 0;
}

struct fixture {
	struct test_ringbuf *skel;
	struct ring_buffer *rb;
	struct seen seen;
	int fds, maps;
};

static bool setup(struct fixture *f, __u32 mode, __u32 batch, __u32 payload_len)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->fds = count_open_fds();
	f->maps = count_mappings("bpf-map");
	f->skel = test_ringbuf__open();
	if (!ASSERT_OK_PTR(f->skel, "open"))
		return false;
	f->skel->bss->mode = mode;
	f->skel->data->batch = batch;
	f->skel->data->payload_len = payload_len;
	for (i = 0; i < (int)sizeof(f->skel->rodata->pattern); i++)
		f->skel->rodata->pattern[i] = i & 0xff;
	if (!ASSERT_OK(test_ringbuf__load(f->skel), "load"))
		return false;
	f->skel->data->my_tgid = getpid();
	if (!ASSERT_OK(test_ringbuf__attach(f->skel), "attach"))
		return false;
	f->rb = ring_buffer__new(bpf_map__fd(f->skel->maps.ring), on_record, &f->seen, NULL);
	return ASSERT_OK_PTR(f->rb, "ring_buffer__new");
}

static void teardown(struct fixture *f)
{
	ring_buffer__free(f->rb);
	test_ringbuf__destroy(f->skel);
	ASSERT_EQ(count_open_fds(), f->fds, "no fd left behind");
	ASSERT_EQ(count_mappings("bpf-map"), f->maps, "no mapping left behind");
}

static void order(__u32 mode)
{
	struct fixture f;
	struct ring *r;

	if (!setup(&f, mode, 5, 40))
		goto out;
	r = ring_buffer__ring(f.rb, 0);
	if (!ASSERT_OK_PTR(r, "ring 0"))
		goto out;
	ASSERT_EQ(ring__size(r), RING_SIZE, "ring__size");
	ASSERT_EQ(ring__map_fd(r), bpf_map__fd(f.skel->maps.ring), "ring__map_fd");
	ASSERT_EQ(ring__avail_data_size(r), 0, "empty");
	ASSERT_GT(count_mappings("bpf-map"), f.maps, "the ring is mapped");
	trigger(2);
	ASSERT_GT(ring__avail_data_size(r), 0, "data after events");
	ASSERT_EQ(ring__avail_data_size(r), ring__producer_pos(r) - ring__consumer_pos(r),
		  "avail is producer - consumer");
	ASSERT_EQ(ring_buffer__consume(f.rb), 10, "consume returns the records");
	ASSERT_EQ(f.seen.cnt[0], 10, "every record");
	ASSERT_EQ(f.seen.bad, 0, "in order and intact");
	ASSERT_EQ(ring__avail_data_size(r), 0, "consumed");
	ASSERT_EQ(ring__consumer_pos(r), ring__producer_pos(r), "positions meet");
	ASSERT_EQ(ring_buffer__consume(f.rb), 0, "nothing more");
	ASSERT_EQ(f.skel->bss->dropped, 0, "nothing dropped");
out:
	teardown(&f);
}

static void wrap(void)
{
	/* 16 + 93 bytes of payload: 112-byte records, 36.57 per ring */
	struct fixture f;
	int round, got = 0;

	if (!setup(&f, MODE_OUTPUT, 20, 93))
		goto out;
	for (round = 0; round < 100; round++) {
		trigger(1);
		got += ring_buffer__consume(f.rb);
	}
	ASSERT_EQ(got, 2000, "every record of 100 rounds");
	ASSERT_EQ(f.seen.cnt[0], 2000, "seen");
	ASSERT_EQ(f.seen.bad, 0, "records across the ring's end intact");
	ASSERT_GT(ring__consumer_pos(ring_buffer__ring(f.rb, 0)), 40 * RING_SIZE,
		  "wrapped around many times");
out:
	teardown(&f);
}

static void full(void)
{
	struct fixture f;
	__u64 produced;

	/* 272-byte reserved records: 15 fit in 4 KiB */
	if (!setup(&f, MODE_RESERVE, 64, 200))
		goto out;
	f.seen.gaps_ok = true;
	trigger(1);
	ASSERT_GT(f.skel->bss->dropped, 0, "a full ring refuses the producer");
	produced = f.skel->bss->next_seq - f.skel->bss->dropped;
	ASSERT_EQ(ring_buffer__consume(f.rb), (int)produced, "what fitted");
	trigger(1);
	ring_buffer__consume(f.rb);
	produced = f.skel->bss->next_seq - f.skel->bss->dropped;
	ASSERT_EQ(f.seen.cnt[0], produced, "every record that fitted, once");
	ASSERT_EQ(f.seen.bad, 0, "in order and intact");
out:
	teardown(&f);
}

static void discard(void)
{
	struct fixture f;

	if (!setup(&f, MODE_DISCARD_ODD, 10, 8))
		goto out;
	f.seen.gaps_ok = true;
	trigger(1);
	ASSERT_EQ(ring_buffer__consume(f.rb), 5, "discarded records are not handed over");
	ASSERT_EQ(f.skel->bss->discarded, 5, "five discarded");
	ASSERT_EQ(f.seen.bad, 0, "the others intact");
	ASSERT_EQ(ring__avail_data_size(ring_buffer__ring(f.rb, 0)), 0, "all consumed");
out:
	teardown(&f);
}

static void two_rings(void)
{
	struct fixture f;
	int n;

	if (!setup(&f, MODE_RESERVE, 3, 12))
		goto out;
	f.skel->bss->to_both = true;
	if (!ASSERT_OK(ring_buffer__add(f.rb, bpf_map__fd(f.skel->maps.ring2), on_record,
					&f.seen), "ring_buffer__add"))
		goto out;
	ASSERT_OK_PTR(ring_buffer__ring(f.rb, 1), "ring 1");
	ASSERT_OK_FD(ring_buffer__epoll_fd(f.rb), "epoll fd");
	ASSERT_EQ(ring_buffer__poll(f.rb, 0), 0, "nothing yet");
	f.seen.gaps_ok = true;	/* the two rings share the sequence */
	trigger(2);
	n = ring_buffer__poll(f.rb, 1000);
	/* both rings may not be ready in the same epoll_wait */
	if (n < 12)
		n += ring_buffer__poll(f.rb, 1000);
	ASSERT_EQ(n, 12, "poll consumes both rings");
	ASSERT_EQ(f.seen.cnt[0], 6, "ring 0");
	ASSERT_EQ(f.seen.cnt[1], 6, "ring 1");
	ASSERT_EQ(f.seen.bad, 0, "in order and intact");
out:
	teardown(&f);
}

static void callback_error(void)
{
	struct fixture f;

	if (!setup(&f, MODE_OUTPUT, 6, 4))
		goto out;
	f.seen.fail_at = 2;
	trigger(1);
	ASSERT_EQ(ring_buffer__consume(f.rb), -EIO, "the callback's error");
	ASSERT_EQ(f.seen.cnt[0], 3, "stopped at the failing record");
	f.seen.fail_at = 0;
	ASSERT_EQ(ring_buffer__consume(f.rb), 3, "the rest, without the failed one again");
	ASSERT_EQ(f.seen.bad, 0, "in order: the failed record was consumed");
out:
	teardown(&f);
}

static void consume_n(void)
{
	struct fixture f;
	struct ring *r;

	if (!setup(&f, MODE_OUTPUT, 10, 4))
		goto out;
	r = ring_buffer__ring(f.rb, 0);
	trigger(1);
	ASSERT_EQ(ring__consume_n(r, 3), 3, "ring__consume_n(3)");
	ASSERT_EQ(ring_buffer__consume_n(f.rb, 4), 4, "ring_buffer__consume_n(4)");
	ASSERT_EQ(ring__consume(r), 3, "the rest");
	ASSERT_EQ(ring_buffer__consume_n(f.rb, 4), 0, "nothing left");
	ASSERT_EQ(f.seen.bad, 0, "in order");
out:
	teardown(&f);
}

static void bad_args(void)
{
	struct fixture f;

	if (!setup(&f, MODE_OUTPUT, 1, 4))
		goto out;
	ASSERT_NULL(ring_buffer__new(bpf_map__fd(f.skel->maps.scratch), on_record, NULL, NULL),
		    "an array map is no ring buffer");
	ASSERT_EQ(errno, EINVAL, "EINVAL");
	ASSERT_ERR(ring_buffer__add(f.rb, -1, on_record, NULL), "bad fd");
	ASSERT_NULL(ring_buffer__ring(f.rb, 1), "no ring 1");
	ASSERT_EQ(errno, ERANGE, "ERANGE");
	ASSERT_NULL(user_ring_buffer__new(bpf_map__fd(f.skel->maps.ring), NULL),
		    "a RINGBUF map is no user ring buffer");
	ring_buffer__free(NULL);
	user_ring_buffer__free(NULL);
out:
	teardown(&f);
}

struct sample {
	__u64 seq;
	__u64 value;
};

static void *drain_later(void *arg)
{
	usleep(100 * 1000);
	trigger(1);
	return arg;
}

static void user_ringbuf(void)
{
	struct test_user_ringbuf *skel;
	struct user_ring_buffer *urb = NULL;
	struct sample *s;
	int i, n, fds = count_open_fds(), maps = count_mappings("bpf-map");
	__u64 sum = 0;
	pthread_t thr;

	if (!require(probe_map_type(BPF_MAP_TYPE_USER_RINGBUF), "no user ring buffers (6.1+)"))
		return;
	skel = test_user_ringbuf__open_and_load();
	if (!ASSERT_OK_PTR(skel, "open_and_load"))
		return;
	skel->data->my_tgid = getpid();
	if (!ASSERT_OK(test_user_ringbuf__attach(skel), "attach"))
		goto out;
	urb = user_ring_buffer__new(bpf_map__fd(skel->maps.user_ring), NULL);
	if (!ASSERT_OK_PTR(urb, "user_ring_buffer__new"))
		goto out;

	for (i = 0; i < 10; i++) {
		s = user_ring_buffer__reserve(urb, sizeof(*s));
		if (!ASSERT_OK_PTR(s, "reserve"))
			goto out;
		ASSERT_EQ((unsigned long)s % 8, 0, "8-byte aligned");
		s->seq = i;
		s->value = 100 + i;
		if (i == 4) {
			user_ring_buffer__discard(urb, s);
			continue;
		}
		sum += s->value;
		user_ring_buffer__submit(urb, s);
	}
	trigger(1);
	ASSERT_EQ(skel->bss->drain_ret, 9, "drain returns the samples");
	ASSERT_EQ(skel->bss->drained, 9, "every submitted sample, not the discarded");
	ASSERT_EQ(skel->bss->value_sum, sum, "their values");
	ASSERT_EQ(skel->bss->last_seq, 9, "in order");
	ASSERT_EQ(skel->bss->bad_samples, 0, "sizes as submitted");

	ASSERT_NULL(user_ring_buffer__reserve(urb, 8192), "larger than the ring");
	ASSERT_EQ(errno, E2BIG, "E2BIG");
	/* 24-byte records: fill the ring */
	for (n = 0; (s = user_ring_buffer__reserve(urb, sizeof(*s))); n++)
		user_ring_buffer__submit(urb, s);
	ASSERT_EQ(errno, ENOSPC, "ENOSPC when full");
	ASSERT_EQ(n, RING_SIZE / 24, "the ring's worth");
	ASSERT_NULL(user_ring_buffer__reserve_blocking(urb, sizeof(*s), 0), "no wait");
	ASSERT_EQ(errno, ENOSPC, "ENOSPC at once");
	ASSERT_NULL(user_ring_buffer__reserve_blocking(urb, sizeof(*s), 50), "times out");
	ASSERT_EQ(errno, ENOSPC, "ENOSPC after the timeout");
	ASSERT_NULL(user_ring_buffer__reserve_blocking(urb, sizeof(*s), -2), "bad timeout");
	ASSERT_EQ(errno, EINVAL, "EINVAL");

	/* another thread makes the kernel drain; the wait ends then */
	if (!ASSERT_OK(pthread_create(&thr, NULL, drain_later, NULL), "thread"))
		goto out;
	s = user_ring_buffer__reserve_blocking(urb, sizeof(*s), 5000);
	pthread_join(thr, NULL);
	if (ASSERT_OK_PTR(s, "reserve_blocking woken by the drain"))
		user_ring_buffer__submit(urb, s);
	ASSERT_EQ(skel->bss->drained, 9 + n, "the full ring drained");
out:
	user_ring_buffer__free(urb);
	test_user_ringbuf__destroy(skel);
	ASSERT_EQ(count_open_fds(), fds, "no fd left behind");
	ASSERT_EQ(count_mappings("bpf-map"), maps, "no mapping left behind");
}

void test_ringbuf(void)
{
	if (test__start_subtest("order_output"))
		order(MODE_OUTPUT);
	if (test__start_subtest("order_reserve"))
		order(MODE_RESERVE);
	if (test__start_subtest("wrap"))
		wrap();
	if (test__start_subtest("full"))
		full();
	if (test__start_subtest("discard"))
		discard();
	if (test__start_subtest("two_rings"))
		two_rings();
	if (test__start_subtest("callback_error"))
		callback_error();
	if (test__start_subtest("consume_n"))
		consume_n();
	if (test__start_subtest("bad_args"))
		bad_args();
	if (test__start_subtest("user_ringbuf"))
		user_ringbuf();
}
