#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_xdp_tools.sh LIBDIR: Debian 12's own xdp-loader and xdp-filter
# (xdp-tools and libxdp1, downloaded with apt-get download into
# ~/.cache/bpf-vmtest/xdp-tools and unpacked there, never installed) run
# with LIBDIR's libbpf.so.1 in place of Debian's: each loads an XDP
# program in generic mode on a veth in a private network namespace, the
# device then shows it, and unloading removes it. Needs root and
# iproute2. XDP_TOOLS_ROOT=DIR uses packages unpacked there instead.
# Prints "N passed, N failed, N skipped".
set -u
LIBDIR=$(cd "${1:?usage: $0 LIBDIR}" && pwd)
CACHE=${VMTEST_CACHE:-$HOME/.cache/bpf-vmtest}/xdp-tools
# shellcheck source=check_lib.sh
. "$(dirname "$0")/check_lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v ip > /dev/null; then
	echo "check_xdp_tools: needs root and ip(8): skipped"
	skip=1
	finish
fi
if [ -n "${XDP_TOOLS_ROOT:-}" ]; then
	# unpacked already (check_debian_tools_vm.sh: in a VM, no apt)
	R=$XDP_TOOLS_ROOT
else
	mkdir -p "$CACHE"
	if ! ls "$CACHE"/xdp-tools_*.deb "$CACHE"/libxdp1_*.deb > /dev/null 2>&1; then
		(cd "$CACHE" && apt-get download -q -o APT::Sandbox::User=root libxdp1 xdp-tools) ||
			{ result fail "apt-get download libxdp1 xdp-tools"; finish; }
	fi
	R=$CACHE/root
	rm -rf "$R"
	for deb in "$CACHE"/libxdp1_*.deb "$CACHE"/xdp-tools_*.deb; do
		dpkg-deb -x "$deb" "$R" || { result fail "unpack $deb"; finish; }
	done
fi
OBJS=$R/usr/lib/x86_64-linux-gnu/bpf
export LD_LIBRARY_PATH=$LIBDIR:$R/usr/lib/x86_64-linux-gnu
export LIBXDP_OBJECT_PATH=$OBJS XDP_FILTER_PROG_PATH=$OBJS

if ! ldd "$R/usr/sbin/xdp-loader" | grep -q "libbpf.so.1 => $LIBDIR/"; then
	result fail "xdp-loader resolves libbpf.so.1 from $LIBDIR"
	finish
fi

# $1: name; rest: a shell script run in a fresh network namespace with
# veth0/veth1 up and bpffs mounted; it succeeds or fails the check. bash,
# not sh: in a vmtest VM sh is busybox, which runs its own ip applet
# instead of iproute2's ip from PATH.
in_netns()
{
	local name=$1

	shift
	if unshare -n -m bash -ec "
		ip link add veth0 type veth peer name veth1
		ip link set veth0 up
		ip link set veth1 up
		mount -t bpf bpf /sys/fs/bpf
		$*"; then
		result ok "$name"
	else
		result fail "$name"
	fi
}

# the device's XDP program is named $1, or there is none ("")
attached='ip -d link show veth1 | sed -n "s/.*prog\/xdp id [0-9]* name \([^ ]*\).*/\1/p"'

# libxdp attaches its dispatcher with the program as a component where
# the kernel lets it (freplace: the 6.1 VM), else the program alone
in_netns "xdp-loader load, status, unload" "
	$R/usr/sbin/xdp-loader load -m skb veth1 $OBJS/xdpfilt_alw_all.o
	now=\$($attached)
	echo \"  veth1 runs \$now\"
	case \$now in
	xdpfilt_alw_all)
		$R/usr/sbin/xdp-loader status veth1 | grep -q 'xdpfilt_alw_all *skb' ;;
	xdp_dispatcher)
		$R/usr/sbin/xdp-loader status veth1 | grep -qE '^ => +[0-9]+ +xdpfilt_alw_all ' ;;
	*)
		false ;;
	esac
	$R/usr/sbin/xdp-loader unload veth1 --all
	[ -z \"\$($attached)\" ]"

in_netns "xdp-filter load, port rule, unload" "
	$R/usr/sbin/xdp-filter load -m skb veth1
	[ -n \"\$($attached)\" ]
	$R/usr/sbin/xdp-filter port 80
	$R/usr/sbin/xdp-filter status | grep -q '^  *80 '
	$R/usr/sbin/xdp-filter unload veth1
	[ -z \"\$($attached)\" ]"
finish
