// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * struct_ops: register a TCP congestion control written in BPF
 * ("bpf_example"), check that the kernel lists it, send 1 MB over a
 * loopback TCP connection that uses it and print how often the kernel
 * called its callbacks. Runs until Ctrl-C; the algorithm is unregistered
 * on exit.
 *
 *   struct_ops [-v]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include "example.h"
#include "struct_ops.skel.h"

#define CC_NAME "bpf_example"
#define TRANSFER (1 << 20)

static bool cc_available(void)
{
	char line[1024];
	bool found = false;
	char *tok, *save;
	FILE *f;

	f = fopen("/proc/sys/net/ipv4/tcp_available_congestion_control", "r");
	if (!f)
		return false;
	if (fgets(line, sizeof(line), f))
		for (tok = strtok_r(line, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
			if (!strcmp(tok, CC_NAME))
				found = true;
	fclose(f);
	return found;
}

/* 1 MB from a client using CC_NAME to a listener on 127.0.0.1 */
static int transfer(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	static char buf[65536];
	int lfd, cfd = -1, sfd = -1, err = 0;
	size_t sent = 0, got = 0;
	ssize_t n;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (void *)&addr, sizeof(addr)) || listen(lfd, 1) ||
	    getsockname(lfd, (void *)&addr, &len))
		return example_error(-errno, "cannot listen on 127.0.0.1"), -1;
	cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (cfd < 0 || setsockopt(cfd, IPPROTO_TCP, TCP_CONGESTION, CC_NAME, strlen(CC_NAME))) {
		err = example_error(-errno, "cannot set TCP_CONGESTION %s", CC_NAME);
		goto out;
	}
	if (connect(cfd, (void *)&addr, sizeof(addr)) ||
	    (sfd = accept(lfd, NULL, NULL)) < 0) {
		err = example_error(-errno, "cannot connect to 127.0.0.1:%d", ntohs(addr.sin_port));
		goto out;
	}
	memset(buf, 'x', sizeof(buf));
	/* the receive buffer holds far less than 1 MB: alternate */
	while (got < TRANSFER) {
		if (sent < TRANSFER) {
			n = send(cfd, buf, sizeof(buf) < TRANSFER - sent ? sizeof(buf) : TRANSFER - sent,
				 MSG_DONTWAIT);
			if (n > 0)
				sent += n;
			else if (errno != EAGAIN) {
				err = example_error(-errno, "cannot send");
				goto out;
			}
		}
		n = recv(sfd, buf, sizeof(buf), sent < TRANSFER ? MSG_DONTWAIT : 0);
		if (n > 0)
			got += n;
		else if (n == 0 || errno != EAGAIN) {
			err = example_error(n ? -errno : 0, "cannot receive");
			goto out;
		}
	}
	printf("struct_ops: sent and received %zu bytes over TCP with %s\n", got, CC_NAME);
out:
	if (sfd >= 0)
		close(sfd);
	if (cfd >= 0)
		close(cfd);
	close(lfd);
	return err ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct struct_ops_bpf *skel;
	struct bpf_link *link = NULL;
	int err;

	example_init("struct_ops", argc > 1 && !strcmp(argv[1], "-v"));
	skel = struct_ops_bpf__open_and_load();
	if (!skel)
		return example_error(-errno, "cannot open and load the BPF object");
	/* not the skeleton's attach: older bpftool gives it no link for it */
	link = bpf_map__attach_struct_ops(skel->maps.example_cc);
	err = link ? 0 : -errno;
	if (err) {
		example_error(err, "cannot register the TCP congestion control %s", CC_NAME);
		goto out;
	}
	if (!cc_available()) {
		err = -ENOENT;
		example_error(0, "%s is not in tcp_available_congestion_control", CC_NAME);
		goto out;
	}
	example_ready("TCP congestion control " CC_NAME);
	if (transfer()) {
		err = -EIO;
		goto out;
	}
	printf("struct_ops: %s: init %llu, cong_avoid %llu, ssthresh %llu, undo_cwnd %llu\n",
	       CC_NAME, (unsigned long long)skel->bss->init_calls,
	       (unsigned long long)skel->bss->cong_avoid_calls,
	       (unsigned long long)skel->bss->ssthresh_calls,
	       (unsigned long long)skel->bss->undo_calls);
	while (!exiting)
		pause();
	err = 0;
	example_done();
out:
	bpf_link__destroy(link);
	struct_ops_bpf__destroy(skel);
	return err ? 1 : 0;
}
