// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * sockfilter: open a raw AF_PACKET socket on an interface, attach a BPF
 * socket filter to it (SO_ATTACH_BPF) and print each IPv4 packet the
 * filter reports through its ring buffer: protocol, addresses, length.
 *
 *   sockfilter [-v] IFNAME
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include "example.h"
#include "sockfilter.h"
#include "sockfilter.skel.h"

static const char *proto_name(__u8 proto)
{
	switch (proto) {
	case 1: return "ICMP";
	case 6: return "TCP";
	case 17: return "UDP";
	default: return "IP";
	}
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct sockfilter_event *e = data;
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	inet_ntop(AF_INET, &e->saddr, src, sizeof(src));
	inet_ntop(AF_INET, &e->daddr, dst, sizeof(dst));
	printf("sockfilter: %s %s -> %s, %u bytes\n", proto_name(e->proto), src, dst, e->len);
	return 0;
}

int main(int argc, char **argv)
{
	bool verbose = argc > 2 && !strcmp(argv[1], "-v");
	const char *ifname = argv[argc - 1];
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	struct ring_buffer *rb = NULL;
	struct sockfilter_bpf *skel;
	int err = 0, sock = -1, prog_fd;

	example_init("sockfilter", verbose);
	if (argc < 2 || argv[argc - 1][0] == '-') {
		fprintf(stderr, "usage: sockfilter [-v] IFNAME\n");
		return 2;
	}
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex)
		return example_error(-errno, "no interface %s", ifname);
	skel = sockfilter_bpf__open_and_load();
	if (!skel)
		return example_error(-errno, "cannot load the BPF object");
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		example_error(err, "cannot open the ring buffer");
		goto out;
	}
	sock = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (sock < 0 || bind(sock, (struct sockaddr *)&sll, sizeof(sll))) {
		err = -errno;
		example_error(err, "cannot open a packet socket on %s", ifname);
		goto out;
	}
	prog_fd = bpf_program__fd(skel->progs.sockfilter);
	if (setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd, sizeof(prog_fd))) {
		err = -errno;
		example_error(err, "cannot attach the socket filter");
		goto out;
	}
	example_ready(ifname);
	err = example_poll(rb);
	if (err)
		goto out;
	example_done();
out:
	if (sock >= 0)
		close(sock);
	ring_buffer__free(rb);
	sockfilter_bpf__destroy(skel);
	return err ? 1 : 0;
}
