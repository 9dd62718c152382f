// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Kernel module BTF (prog_tests/module_btf.c). Everything here is in the
 * BTF of modules, not of vmlinux, on Debian's kernels: veth (struct
 * veth_priv, veth_get_stats64()) and nf_conntrack (struct bpf_ct_opts,
 * the bpf_xdp_ct_lookup() and bpf_ct_release() kfuncs, 6.0+). vmlinux.h
 * is the build host's, whose kernel may have them built in: the types
 * used are declared here with ___modbtf flavours.
 *
 * Every program is optional ("?"): each subtest loads the ones the
 * running kernel can have.
 */
#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

char _license[] SEC("license") = "GPL";

/* drivers/net/veth.c: the private part of a veth device */
struct veth_priv___modbtf {
	struct net_device *peer;
	unsigned int requested_headroom;
} __attribute__((preserve_access_index));

/* a field no veth has */
struct veth_priv___nofield {
	int no_such_field_modbtf;
} __attribute__((preserve_access_index));

/* a type neither vmlinux nor any module has */
struct no_such_type_modbtf {
	int x;
} __attribute__((preserve_access_index));

/* the net_device members used: priv[] (6.11+), else the aligned end */
struct net_device___modbtf {
	int ifindex;
	unsigned char priv[0];
} __attribute__((preserve_access_index));

#define NETDEV_ALIGN 32

/* ---- CO-RE against module types, computed at load ------------------------ */

__u64 core_headroom_off, core_headroom_exists, core_priv_size;
__u64 core_nofield_exists, core_notype_exists, core_ct_opts_size;

struct bpf_ct_opts___modbtf {
	__s32 netns_id;
	__s32 error;
	__u8 l4proto;
	__u8 dir;
	__u16 ct_zone_id;
	__u8 ct_zone_dir;
	__u8 reserved[3];
} __attribute__((preserve_access_index));

SEC("?tc")
int core_consts(struct __sk_buff *skb)
{
	core_headroom_off = bpf_core_field_offset(struct veth_priv___modbtf, requested_headroom);
	core_headroom_exists = bpf_core_field_exists(struct veth_priv___modbtf, requested_headroom);
	core_priv_size = bpf_core_type_size(struct veth_priv___modbtf);
	core_nofield_exists = bpf_core_field_exists(struct veth_priv___nofield,
						    no_such_field_modbtf);
	core_notype_exists = bpf_core_type_exists(struct no_such_type_modbtf);
	core_ct_opts_size = bpf_core_type_size(struct bpf_ct_opts___modbtf);
	return 0;
}

/* ---- fentry on a module function, with a CO-RE read of its argument ------- */

int target_pid, target_ifindex;
__u64 stats_calls, stats_calls_named;
int peer_ifindex;

static __always_inline void *netdev_priv(struct net_device___modbtf *dev)
{
	__u64 off;

	if (bpf_core_field_exists(dev->priv))
		off = bpf_core_field_offset(dev->priv);
	else
		off = (bpf_core_type_size(struct net_device) + NETDEV_ALIGN - 1) &
		      ~(NETDEV_ALIGN - 1);
	return (char *)dev + off;
}

static __always_inline int ours(struct net_device___modbtf *dev)
{
	return (bpf_get_current_pid_tgid() >> 32) == (__u32)target_pid &&
	       BPF_CORE_READ(dev, ifindex) == target_ifindex;
}

SEC("?fentry/veth_get_stats64")
int BPF_PROG(stats64, struct net_device___modbtf *dev)
{
	struct veth_priv___modbtf *priv;
	struct net_device___modbtf *peer;

	if (!ours(dev))
		return 0;
	stats_calls++;
	priv = netdev_priv(dev);
	peer = (void *)BPF_CORE_READ(priv, peer);
	if (peer)
		peer_ifindex = BPF_CORE_READ(peer, ifindex);
	return 0;
}

/* the same target named with its module */
SEC("?fentry/veth:veth_get_stats64")
int BPF_PROG(stats64_named, struct net_device___modbtf *dev)
{
	if (ours(dev))
		stats_calls_named++;
	return 0;
}

/* no target in SEC(): the test sets one with bpf_program__set_attach_target() */
SEC("?fentry/bpf_modbtf_placeholder_target")
int BPF_PROG(stats64_set_target, struct net_device___modbtf *dev)
{
	if (ours(dev))
		stats_calls_named++;
	return 0;
}

/* ---- a module's kfuncs ------------------------------------------------------ */

struct nf_conn;

extern struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *xdp_ctx, struct bpf_sock_tuple *tuple,
					 __u32 tuple__sz, struct bpf_ct_opts___modbtf *opts,
					 __u32 opts__sz) __ksym __weak;
extern void bpf_ct_release(struct nf_conn *ct) __ksym __weak;

int ct_error = 1, ct_found = -1;

/*
 * Loaded only where nf_conntrack has the kfuncs: bpf_ksym_exists() on a
 * resolved kfunc is an ld_imm64 of a BTF FUNC, which kernels before 6.3
 * reject ("isn't KIND_VAR").
 */
SEC("?xdp")
int ct_lookup(struct xdp_md *ctx)
{
	struct bpf_ct_opts___modbtf opts = {
		.netns_id = -1,		/* BPF_F_CURRENT_NETNS */
		.error = 12345,
		.l4proto = 6,		/* IPPROTO_TCP */
	};
	struct bpf_sock_tuple tup = {};
	struct nf_conn *ct;

	tup.ipv4.saddr = bpf_htonl(0x7f000001);
	tup.ipv4.daddr = bpf_htonl(0x7f000001);
	tup.ipv4.sport = bpf_htons(40000);
	tup.ipv4.dport = bpf_htons(9);		/* discard: nobody connects to it */
	/* 12 bytes before 6.11, 16 with the zone fields: the module's size */
	ct = bpf_xdp_ct_lookup(ctx, &tup, sizeof(tup.ipv4), &opts,
			       bpf_core_type_size(struct bpf_ct_opts___modbtf));
	/* one test of ct: 6.1 does not know a second one is always taken */
	if (ct) {
		ct_found = 1;
		bpf_ct_release(ct);
	} else {
		ct_found = 0;
	}
	ct_error = opts.error;
	return XDP_PASS;
}

/* ---- a module's per-CPU variable as a typed __ksym ------------------------- */

/* x_tables' per-CPU sequence count (xt_write_recseq_begin()) */
extern const seqcount_t xt_recseq __ksym __weak;

__u64 recseq_found;
__u32 recseq_seq;

/* loaded only where x_tables has BTF: an unresolved weak ksym reads as 0 */
SEC("?tc")
int ksym_var(struct __sk_buff *skb)
{
	const seqcount_t *seq = bpf_this_cpu_ptr(&xt_recseq);

	recseq_found = 1;
	/* 6.1 does not look through the typedef ("is not a struct"): copy it */
	bpf_probe_read_kernel(&recseq_seq, sizeof(recseq_seq), seq);
	return 0;
}
