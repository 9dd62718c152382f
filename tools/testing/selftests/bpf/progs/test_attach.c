// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * One counting program per attach kind, for prog_tests/attach.c. Each
 * program counts only events of the test process (my_tgid) into its own
 * .bss counter; the test loads one program at a time (autoload off for
 * the rest), so kinds the running kernel lacks only skip their subtest.
 *
 * The syscall the tracing kinds watch is getpgid(2): nothing else in the
 * test process calls it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

char _license[] SEC("license") = "Dual BSD/GPL";

#define NR_getpgid 121	/* x86-64 */

int my_tgid;

__u64 tp_cnt, raw_tp_cnt, tp_btf_cnt, kprobe_cnt, kretprobe_cnt;
__u64 ksyscall_cnt, kprobe_multi_cnt, fentry_cnt, fexit_cnt;
__u64 uprobe_cnt, uretprobe_cnt, uprobe_auto_cnt, uprobe_lib_cnt;
__u64 perf_cnt, cgroup_cnt, xdp_cnt, xdp2_cnt, tcx_cnt;
__u64 uretprobe_ret, tp_cookie, kprobe_cookie, uprobe_cookie;
__u64 ksyscall_arg;
__u64 uprobe_multi_cnt, uprobe_multi_auto_cnt, netfilter_cnt, lsm_cnt, sk_lookup_cnt;
__u64 sk_skb_cnt;

static __always_inline bool mine(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == (__u32)my_tgid;
}

static __always_inline int count(__u64 *cnt)
{
	if (mine())
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_getpgid")
int tp_getpgid(void *ctx)
{
	return count(&tp_cnt);
}

SEC("raw_tp/sys_enter")
int raw_tp_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[1] != NR_getpgid)
		return 0;
	return count(&raw_tp_cnt);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(tp_btf_sys_enter, struct pt_regs *regs, long id)
{
	if (id != NR_getpgid)
		return 0;
	return count(&tp_btf_cnt);
}

/* manual attach: the test picks the function and the mode */
SEC("kprobe")
int BPF_KPROBE(kprobe_getpgid)
{
	return count(&kprobe_cnt);
}

SEC("kretprobe")
int BPF_KRETPROBE(kretprobe_getpgid, long ret)
{
	return count(&kretprobe_cnt);
}

SEC("ksyscall/getpgid")
int BPF_KSYSCALL(ksyscall_getpgid, pid_t pid)
{
	if (mine())
		ksyscall_arg = pid;
	return count(&ksyscall_cnt);
}

SEC("kprobe.multi")
int kprobe_multi_getpg(struct pt_regs *ctx)
{
	return count(&kprobe_multi_cnt);
}

SEC("fentry/__x64_sys_getpgid")
int BPF_PROG(fentry_getpgid, struct pt_regs *regs)
{
	return count(&fentry_cnt);
}

SEC("fexit/__x64_sys_getpgid")
int BPF_PROG(fexit_getpgid, struct pt_regs *regs, long ret)
{
	return count(&fexit_cnt);
}

/* the LSM hook of getpgid(2): counts, and lets the call through */
SEC("lsm/task_getpgid")
int BPF_PROG(lsm_getpgid, struct task_struct *p, int ret)
{
	count(&lsm_cnt);
	return ret;
}

SEC("uprobe")
int BPF_UPROBE(uprobe_target, int x)
{
	return count(&uprobe_cnt);
}

SEC("uretprobe")
int BPF_URETPROBE(uretprobe_target, int ret)
{
	if (mine())
		uretprobe_ret = ret;
	return count(&uretprobe_cnt);
}

/* auto-attach: the function of test_progs itself, through /proc/self/exe */
SEC("uprobe//proc/self/exe:attach_uprobe_target")
int BPF_UPROBE(uprobe_auto)
{
	return count(&uprobe_auto_cnt);
}

/* uprobe.multi (6.6): both attach_uprobe_multi_a and _b of test_progs */
SEC("uprobe.multi")
int uprobe_multi(struct pt_regs *ctx)
{
	return count(&uprobe_multi_cnt);
}

SEC("uprobe.multi//proc/self/exe:attach_uprobe_multi_[ab]")
int uprobe_multi_auto(struct pt_regs *ctx)
{
	return count(&uprobe_multi_auto_cnt);
}

/* a function of a shared library, called by another process */
SEC("uprobe")
int BPF_UPROBE(uprobe_lib)
{
	__sync_fetch_and_add(&uprobe_lib_cnt, 1);
	return 0;
}

/* BPF cookies (5.15): each program stores the cookie of its attachment */
SEC("tp/syscalls/sys_enter_getpgid")
int tp_cookie_prog(void *ctx)
{
	if (mine())
		tp_cookie = bpf_get_attach_cookie(ctx);
	return 0;
}

SEC("kprobe")
int kprobe_cookie_prog(struct pt_regs *ctx)
{
	if (mine())
		kprobe_cookie = bpf_get_attach_cookie(ctx);
	return 0;
}

SEC("uprobe")
int uprobe_cookie_prog(struct pt_regs *ctx)
{
	if (mine())
		uprobe_cookie = bpf_get_attach_cookie(ctx);
	return 0;
}

SEC("perf_event")
int perf_sample(void *ctx)
{
	return count(&perf_cnt);
}

SEC("iter/task")
int iter_tasks(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	BPF_SEQ_PRINTF(ctx->meta->seq, "%d %d\n", task->tgid, task->pid);
	return 0;
}

/* cgroup_skb counts the packets of sockets in the test's cgroup */
SEC("cgroup_skb/egress")
int cgroup_egress(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&cgroup_cnt, 1);
	return 1;
}

/*
 * netkit (6.7): one counter per direction of a device pair, IPv4 only
 * (a device coming up sends IPv6 neighbour discovery on its own)
 */
#define ETH_P_IP 0x0800

__u64 netkit_primary_cnt, netkit_peer_cnt;

SEC("netkit/primary")
int netkit_primary_count(struct __sk_buff *skb)
{
	if (skb->protocol == bpf_htons(ETH_P_IP))
		__sync_fetch_and_add(&netkit_primary_cnt, 1);
	return 2;	/* NETKIT_DROP: the datagram has nowhere to go */
}

SEC("netkit/peer")
int netkit_peer_count(struct __sk_buff *skb)
{
	if (skb->protocol == bpf_htons(ETH_P_IP))
		__sync_fetch_and_add(&netkit_peer_cnt, 1);
	return 2;
}

/* two egress programs that record the order they ran in */
__u64 cgroup_order;

SEC("cgroup_skb/egress")
int cgroup_first(struct __sk_buff *skb)
{
	cgroup_order = cgroup_order * 10 + 1;
	return 1;
}

SEC("cgroup_skb/egress")
int cgroup_second(struct __sk_buff *skb)
{
	cgroup_order = cgroup_order * 10 + 2;
	return 1;
}

/* netfilter (6.4) counts the packets of a private network namespace */
SEC("netfilter")
int netfilter_count(struct bpf_nf_ctx *ctx)
{
	__sync_fetch_and_add(&netfilter_cnt, 1);
	return 1;	/* NF_ACCEPT */
}

/* sk_lookup (5.9), a netns link: every UDP datagram looks its socket up */
SEC("sk_lookup")
int sk_lookup_count(struct bpf_sk_lookup *ctx)
{
	if (ctx->protocol == IPPROTO_UDP)
		__sync_fetch_and_add(&sk_lookup_cnt, 1);
	return SK_PASS;
}

/* a sockmap link (6.10): the verdict program sees what its sockets receive */
struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sock_map SEC(".maps");

SEC("sk_skb/verdict")
int sk_verdict(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&sk_skb_cnt, 1);
	return SK_PASS;
}

/* XDP and tcx run on the loopback of a private network namespace */
SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&xdp_cnt, 1);
	return XDP_PASS;
}

SEC("xdp")
int xdp_count2(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&xdp2_cnt, 1);
	return XDP_PASS;
}

SEC("tcx/ingress")
int tcx_count(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&tcx_cnt, 1);
	return -1;	/* TCX_NEXT */
}
