// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * xdp: attach an XDP program to an interface (bpf_xdp_attach, the driver's
 * native mode where it has one) that counts received packets per IP
 * protocol, print the counts every second, detach on Ctrl-C.
 *
 *   xdp [-v] IFNAME
 */
#include <net/if.h>
#include <linux/if_link.h>
#include "example.h"
#include "tc.h"
#include "xdp.skel.h"

int main(int argc, char **argv)
{
	bool verbose = argc > 2 && !strcmp(argv[1], "-v");
	const char *ifname = argv[argc - 1];
	__u64 last = (__u64)-1, total;
	struct xdp_bpf *skel;
	int err, ifindex, i;

	example_init("xdp", verbose);
	if (argc < 2 || argv[argc - 1][0] == '-') {
		fprintf(stderr, "usage: xdp [-v] IFNAME\n");
		return 2;
	}
	ifindex = if_nametoindex(ifname);
	if (!ifindex)
		return example_error(-errno, "no interface %s", ifname);
	skel = xdp_bpf__open_and_load();
	if (!skel)
		return example_error(-errno, "cannot load the BPF object");
	/* fail rather than replace another program already there */
	err = bpf_xdp_attach(ifindex, bpf_program__fd(skel->progs.xdp_count),
			     XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err) {
		example_error(err, "cannot attach XDP to %s", ifname);
		goto out;
	}
	example_ready(ifname);
	while (!exiting) {
		sleep(1);
		for (i = 0, total = 0; i < PROTO_MAX; i++)
			total += skel->bss->packets[i];
		if (total == last)
			continue;
		last = total;
		printf("xdp: %s: %llu packets (icmp %llu, tcp %llu, udp %llu, other %llu)\n",
		       ifname, (unsigned long long)total,
		       (unsigned long long)skel->bss->packets[PROTO_ICMP],
		       (unsigned long long)skel->bss->packets[PROTO_TCP],
		       (unsigned long long)skel->bss->packets[PROTO_UDP],
		       (unsigned long long)skel->bss->packets[PROTO_OTHER]);
	}
	err = bpf_xdp_detach(ifindex, 0, NULL);
	if (err)
		example_error(err, "cannot detach XDP from %s", ifname);
	else
		example_done();
out:
	xdp_bpf__destroy(skel);
	return err ? 1 : 0;
}
