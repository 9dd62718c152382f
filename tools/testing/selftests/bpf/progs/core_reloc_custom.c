// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * CO-RE against a target BTF given with btf_custom_path, for
 * prog_tests/core_reloc.c. The program reads struct core_sample, laid out
 * below, out of a buffer the test fills; the test writes a BTF in which
 * core_sample changed: b moved, c grew from 2 to 4 bytes, d went into an
 * anonymous union, the bitfields moved, gone is gone, and CORE_SAMPLE_B
 * has another value. What the program reads shows which layout the loader
 * applied.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char _license[] SEC("license") = "GPL";

struct core_sample {
	int a;
	int b;
	unsigned short c;
	int gone;
	int d;
	unsigned int bits:4;
	unsigned int flag:1;
} __attribute__((preserve_access_index));

enum core_sample_enum {
	CORE_SAMPLE_A = 1,
	CORE_SAMPLE_B = 2,
};

__u8 data[64];
__u64 out_a, out_b, out_c, out_d, out_bits, out_flag;
__u64 gone_exists, gone_val, enum_b, b_off, c_size, sample_size;

SEC("tc")
int core_custom(struct __sk_buff *skb)
{
	struct core_sample *s = (void *)data;

	out_a = s->a;
	out_b = s->b;
	out_c = s->c;
	out_d = s->d;
	out_bits = BPF_CORE_READ_BITFIELD(s, bits);
	out_flag = BPF_CORE_READ_BITFIELD(s, flag);
	gone_exists = bpf_core_field_exists(s->gone);
	if (bpf_core_field_exists(s->gone))
		gone_val = s->gone;
	enum_b = bpf_core_enum_value(enum core_sample_enum, CORE_SAMPLE_B);
	b_off = bpf_core_field_offset(s->b);
	c_size = bpf_core_field_size(s->c);
	sample_size = bpf_core_type_size(struct core_sample);
	return 0;
}

/* reads a field the target lacks without asking first: rejected */
SEC("?tc")
int core_poisoned(struct __sk_buff *skb)
{
	struct core_sample *s = (void *)data;

	gone_val = s->gone;
	return 0;
}
