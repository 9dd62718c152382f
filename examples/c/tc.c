// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tc: attach a classifier to the tc ingress hook of an interface (a clsact
 * qdisc made for it if there is none) and print every second how many
 * packets and bytes arrived, per IP protocol. Ctrl-C detaches it and
 * removes the qdisc again if tc made it.
 *
 *   tc [-v] IFNAME
 */
#include <net/if.h>
#include "example.h"
#include "tc.h"
#include "tc.skel.h"

int main(int argc, char **argv)
{
	bool verbose = argc > 2 && !strcmp(argv[1], "-v");
	const char *ifname = argv[argc - 1];
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = 1, .priority = 1);
	bool hook_created = false, attached = false;
	struct tc_bpf *skel;
	__u64 last = (__u64)-1, total;
	int err, i;

	example_init("tc", verbose);
	if (argc < 2 || argv[argc - 1][0] == '-') {
		fprintf(stderr, "usage: tc [-v] IFNAME\n");
		return 2;
	}
	hook.ifindex = if_nametoindex(ifname);
	if (!hook.ifindex)
		return example_error(-errno, "no interface %s", ifname);
	skel = tc_bpf__open_and_load();
	if (!skel)
		return example_error(-errno, "cannot load the BPF object");

	err = bpf_tc_hook_create(&hook);
	if (!err)
		hook_created = true;
	else if (err != -EEXIST) {
		example_error(err, "cannot create the clsact qdisc on %s", ifname);
		goto out;
	}
	opts.prog_fd = bpf_program__fd(skel->progs.tc_ingress);
	err = bpf_tc_attach(&hook, &opts);
	if (err) {
		example_error(err, "cannot attach to the tc ingress hook of %s", ifname);
		goto out;
	}
	attached = true;
	example_ready(ifname);

	while (!exiting) {
		sleep(1);
		for (i = 0, total = 0; i < PROTO_MAX; i++)
			total += skel->bss->packets[i];
		if (total == last)
			continue;
		last = total;
		printf("tc: %s ingress: %llu packets (icmp %llu, tcp %llu, udp %llu, other %llu), %llu bytes\n",
		       ifname, (unsigned long long)total,
		       (unsigned long long)skel->bss->packets[PROTO_ICMP],
		       (unsigned long long)skel->bss->packets[PROTO_TCP],
		       (unsigned long long)skel->bss->packets[PROTO_UDP],
		       (unsigned long long)skel->bss->packets[PROTO_OTHER],
		       (unsigned long long)skel->bss->bytes);
	}
	err = 0;
	example_done();
out:
	if (attached) {
		opts.prog_fd = opts.prog_id = opts.flags = 0;
		if (bpf_tc_detach(&hook, &opts))
			example_error(-errno, "cannot detach from %s", ifname);
	}
	if (hook_created) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
	}
	tc_bpf__destroy(skel);
	return err ? 1 : 0;
}
