// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * perf buffers end to end, through the test_perf_buffer skeleton, with
 * the test pinned to one CPU so that every record lands in that CPU's
 * ring:
 *
 * - samples: every record arrives once, in order, intact, on the right
 *   CPU; one ring per online CPU with its fd; poll and consume;
 * - wrap: records that straddle the end of a one-page ring reach the
 *   callback in one piece;
 * - lost: a producer that outruns the consumer loses records, and the
 *   lost callback reports as many as bpf_perf_event_output() failed;
 * - raw: perf_buffer__new_raw() on one CPU at one key, an event callback
 *   that stops consumption with an error;
 * - bad_args, and no fd or mapping left after free.
 */
#include <sched.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include "test_progs.h"
#include "test_perf_buffer.skel.h"

struct rec {
	__u64 seq;
	__u32 payload_len;
	__u32 pad;
	__u8 payload[256];
};

struct seen {
	int cpu;		/* where the records must come from */
	__u64 next_seq, cnt, bad, lost;
	bool gaps_ok;
	int stop_at;		/* raw: the record count that returns an error */
};

static void trigger(int n)
{
	while (n--)
		syscall(SYS_getpgid, 0);
}

static void check_rec(struct seen *s, int cpu, const void *data, __u32 size)
{
	struct rec copy = {}, *r = &copy;
	__u32 i;

	/*
	 * raw sample data follows the 8-byte record header and a 4-byte
	 * size, so it is only 4-byte aligned: struct rec (8-byte aligned)
	 * is read from a copy
	 */
	memcpy(&copy, data, size < sizeof(copy) ? size : sizeof(copy));

	/* the kernel pads raw data to 8 bytes with its own size field */
	if (cpu != s->cpu || size < 16 || size < 16 + r->payload_len ||
	    size >= 16 + r->payload_len + 8 || r->seq < s->next_seq ||
	    (!s->gaps_ok && r->seq != s->next_seq)) {
		s->bad++;
		return;
	}
	for (i = 0; i < r->payload_len; i++)
		if (r->payload[i] != ((r->seq + i) & 0xff)) {
			s->bad++;
			break;
		}
	s->next_seq = r->seq + 1;
	s->cnt++;
}

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	check_rec(ctx, cpu, data, size);
}

static void on_lost(void *ctx, int cpu, __u64 cnt)
{
	struct seen *s = ctx;

	if (cpu != s->cpu)
		s->bad++;
	s->lost += cnt;
}

struct fixture {
	struct test_perf_buffer *skel;
	struct perf_buffer *pb;
	struct seen seen;
	cpu_set_t old_mask;
	int fds, mmaps;
};

/* pin to the CPU we run on; open, load, attach the skeleton */
static bool setup(struct fixture *f, __u32 batch, __u32 payload_len)
{
	cpu_set_t one;
	int i;

	memset(f, 0, sizeof(*f));
	f->fds = count_open_fds();
	f->mmaps = count_mappings("perf_event");
	f->seen.cpu = sched_getcpu();
	sched_getaffinity(0, sizeof(f->old_mask), &f->old_mask);
	CPU_ZERO(&one);
	CPU_SET(f->seen.cpu, &one);
	if (!ASSERT_OK(sched_setaffinity(0, sizeof(one), &one), "pin to one CPU"))
		return false;
	f->skel = test_perf_buffer__open();
	if (!ASSERT_OK_PTR(f->skel, "open"))
		return false;
	for (i = 0; i < (int)sizeof(f->skel->rodata->pattern); i++)
		f->skel->rodata->pattern[i] = i & 0xff;
	f->skel->data->batch = batch;
	f->skel->data->payload_len = payload_len;
	if (!ASSERT_OK(test_perf_buffer__load(f->skel), "load"))
		return false;
	f->skel->data->my_tgid = getpid();
	return ASSERT_OK(test_perf_buffer__attach(f->skel), "attach");
}

static void teardown(struct fixture *f)
{
	perf_buffer__free(f->pb);
	test_perf_buffer__destroy(f->skel);
	sched_setaffinity(0, sizeof(f->old_mask), &f->old_mask);
	ASSERT_EQ(count_open_fds(), f->fds, "no fd left behind");
	ASSERT_EQ(count_mappings("perf_event"), f->mmaps, "no mapping left behind");
}

static void samples(void)
{
	struct fixture f;
	void *buf = NULL;
	size_t size = 0, i;
	int n;

	if (!setup(&f, 8, 40))
		goto out;
	f.pb = perf_buffer__new(bpf_map__fd(f.skel->maps.events), 8, on_sample, on_lost,
				&f.seen, NULL);
	if (!ASSERT_OK_PTR(f.pb, "perf_buffer__new"))
		goto out;
	ASSERT_EQ(perf_buffer__buffer_cnt(f.pb), (size_t)sysconf(_SC_NPROCESSORS_ONLN),
		  "a ring per online CPU");
	ASSERT_GT(count_mappings("perf_event"), f.mmaps, "the rings are mapped");
	ASSERT_OK_FD(perf_buffer__epoll_fd(f.pb), "epoll fd");
	ASSERT_OK_FD(perf_buffer__buffer_fd(f.pb, 0), "buffer fd");
	ASSERT_OK(perf_buffer__buffer(f.pb, 0, &buf, &size), "perf_buffer__buffer");
	ASSERT_OK_PTR(buf, "ring memory");
	ASSERT_EQ(size, 8 * sysconf(_SC_PAGESIZE), "ring data size");
	ASSERT_EQ(perf_buffer__poll(f.pb, 0), 0, "nothing yet");

	trigger(3);
	n = perf_buffer__poll(f.pb, 1000);
	ASSERT_EQ(n, 1, "one ring had data");
	ASSERT_EQ(f.seen.cnt, 24, "every record");
	ASSERT_EQ(f.seen.bad, 0, "in order, intact, on our CPU");
	trigger(2);
	ASSERT_OK(perf_buffer__consume(f.pb), "consume");
	ASSERT_EQ(f.seen.cnt, 40, "consume got the rest");
	trigger(1);
	for (i = 0; i < perf_buffer__buffer_cnt(f.pb); i++)
		ASSERT_OK(perf_buffer__consume_buffer(f.pb, i), "consume_buffer");
	ASSERT_ERR(perf_buffer__consume_buffer(f.pb, i), "no such buffer");
	ASSERT_EQ(f.seen.cnt, 48, "consume_buffer got them");
	ASSERT_EQ(f.seen.lost, 0, "nothing lost");
	ASSERT_EQ(f.skel->bss->dropped, 0, "nothing dropped");
out:
	teardown(&f);
}

static void wrap(void)
{
	struct fixture f;
	int round;

	/* 8 + 4 + 16 + 93 bytes a record (padded to 8), one 4 KiB page */
	if (!setup(&f, 10, 93))
		goto out;
	f.pb = perf_buffer__new(bpf_map__fd(f.skel->maps.events), 1, on_sample, on_lost,
				&f.seen, NULL);
	if (!ASSERT_OK_PTR(f.pb, "perf_buffer__new"))
		goto out;
	for (round = 0; round < 200; round++) {
		trigger(1);
		perf_buffer__consume(f.pb);
	}
	ASSERT_EQ(f.seen.cnt, 2000, "every record");
	ASSERT_EQ(f.seen.bad, 0, "records across the ring's end intact");
	ASSERT_EQ(f.seen.lost, 0, "nothing lost");
out:
	teardown(&f);
}

static void lost(void)
{
	struct fixture f;

	if (!setup(&f, 200, 200))
		goto out;
	f.seen.gaps_ok = true;
	f.pb = perf_buffer__new(bpf_map__fd(f.skel->maps.events), 1, on_sample, on_lost,
				&f.seen, NULL);
	if (!ASSERT_OK_PTR(f.pb, "perf_buffer__new"))
		goto out;
	trigger(1);
	ASSERT_GT(f.skel->bss->dropped, 0, "a full ring refuses records");
	ASSERT_OK(perf_buffer__consume(f.pb), "consume");
	/* the kernel reports the loss with the next record that fits */
	f.skel->data->batch = 1;
	trigger(1);
	ASSERT_OK(perf_buffer__consume(f.pb), "consume again");
	ASSERT_EQ(f.seen.lost, f.skel->bss->dropped, "lost callback counts every drop");
	ASSERT_EQ(f.seen.cnt + f.seen.lost, f.skel->bss->next_seq, "received + lost = sent");
	ASSERT_EQ(f.seen.bad, 0, "what arrived is intact");
out:
	teardown(&f);
}

static enum bpf_perf_event_ret on_raw(void *ctx, int cpu, struct perf_event_header *e)
{
	struct seen *s = ctx;
	struct { struct perf_event_header h; __u32 size; char data[]; } *smp = (void *)e;

	if (e->type != PERF_RECORD_SAMPLE)
		return LIBBPF_PERF_EVENT_CONT;
	check_rec(s, cpu, smp->data, smp->size);
	if (s->stop_at && (int)s->cnt == s->stop_at)
		return LIBBPF_PERF_EVENT_ERROR;
	return LIBBPF_PERF_EVENT_CONT;
}

static void raw(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
		.wakeup_events = 1,
	};
	LIBBPF_OPTS(perf_buffer_raw_opts, opts);
	struct fixture f;
	int cpu, key;

	if (!setup(&f, 5, 8))
		goto out;
	cpu = key = f.seen.cpu;
	opts.cpu_cnt = 1;
	opts.cpus = &cpu;
	opts.map_keys = &key;
	f.pb = perf_buffer__new_raw(bpf_map__fd(f.skel->maps.events), 4, &attr, on_raw,
				    &f.seen, &opts);
	if (!ASSERT_OK_PTR(f.pb, "perf_buffer__new_raw"))
		goto out;
	ASSERT_EQ(perf_buffer__buffer_cnt(f.pb), 1, "one ring");
	f.seen.stop_at = 2;
	trigger(1);
	ASSERT_EQ(perf_buffer__consume(f.pb), LIBBPF_PERF_EVENT_ERROR, "the callback's error");
	ASSERT_EQ(f.seen.cnt, 2, "stopped after the second record");
	f.seen.stop_at = 0;
	ASSERT_OK(perf_buffer__consume(f.pb), "the rest");
	ASSERT_EQ(f.seen.cnt, 5, "every record once");
	ASSERT_EQ(f.seen.bad, 0, "in order, intact");
out:
	teardown(&f);
}

static void bad_args(void)
{
	struct fixture f;

	if (!setup(&f, 1, 4))
		goto out;
	ASSERT_NULL(perf_buffer__new(bpf_map__fd(f.skel->maps.events), 3, on_sample, NULL,
				     NULL, NULL), "page_cnt not a power of two");
	ASSERT_EQ(errno, EINVAL, "EINVAL");
	ASSERT_NULL(perf_buffer__new(bpf_map__fd(f.skel->maps.scratch), 4, on_sample, NULL,
				     NULL, NULL), "an array map");
	ASSERT_EQ(errno, EINVAL, "EINVAL for the map type");
	ASSERT_NULL(perf_buffer__new_raw(bpf_map__fd(f.skel->maps.events), 4, NULL, on_raw,
					 NULL, NULL), "raw without attr");
	perf_buffer__free(NULL);
out:
	teardown(&f);
}

void test_perf_buffer(void)
{
	if (test__start_subtest("samples"))
		samples();
	if (test__start_subtest("wrap"))
		wrap();
	if (test__start_subtest("lost"))
		lost();
	if (test__start_subtest("raw"))
		raw();
	if (test__start_subtest("bad_args"))
		bad_args();
}
