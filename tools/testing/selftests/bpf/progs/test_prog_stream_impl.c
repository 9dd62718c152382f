// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * test_prog_stream.c for 6.18, whose stream kfunc is
 * bpf_stream_vprintk_impl: BPF_STREAM_PRINTK_IMPL makes bpf_helpers.h's
 * bpf_stream_printk() call it.
 */
#define BPF_STREAM_PRINTK_IMPL
#include "test_prog_stream.c"
