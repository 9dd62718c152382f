#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_iproute2.sh LIBDIR [OBJDIR]: Debian 12's own ip(8) and tc(8)
# (iproute2 6.1, both dynamically linked to libbpf.so.1; $IP and $TC,
# default /bin/ip and /sbin/tc) run with LIBDIR's libbpf.so.1 first on
# the library path, Debian's libbpf1 package untouched. They load the
# programs of OBJDIR/test_iproute2.bpf.o (default: output/ next to this
# script) onto a veth whose peer is in a second private network
# namespace:
#
#   ip link set dev veth1 xdp obj O sec xdp
#   tc qdisc add dev veth1 clsact
#   tc filter add dev veth1 ingress bpf da obj O sec tc
#
# Each program drops ICMP echo requests: ping from the peer fails while
# it is attached and works again once "ip link set dev veth1 xdp off" /
# "tc filter del" removed it; ip -d link and tc filter show list it by
# name; the loader's calls bind to LIBDIR's library (LD_DEBUG); the
# drop counter that iproute2 pins by name has counted the pings
# (read with bpftool, where there is one).
#
# Then test_iproute2_arg_ctx.bpf.o, whose programs decide in global
# subprograms taking "void *ctx __arg_ctx": with LIBDIR's library both
# load and drop; with the system's libbpf.so.1 (Debian's 1.1, which has
# no fallback for kernels without arg:ctx support) they must fail on
# kernels before 6.8 and load on 6.8 and later.
#
# Runs on the host (root) and in the 6.1 VM (check_debian_tools_vm.sh).
# Prints "N passed, N failed, N skipped".
set -u
SELFTESTS=$(cd "$(dirname "$0")" && pwd)
LIBDIR=$(cd "${1:?usage: $0 LIBDIR [OBJDIR]}" && pwd)
OBJDIR=$(cd "${2:-$SELFTESTS/output}" && pwd)
IP=${IP:-/bin/ip}
TC=${TC:-/sbin/tc}
OBJ=$OBJDIR/test_iproute2.bpf.o
CTX_OBJ=$OBJDIR/test_iproute2_arg_ctx.bpf.o
PIN=/sys/fs/bpf/tc/globals/iproute2_drops
PEER_ADDR=10.251.0.1
ADDR=10.251.0.2
# shellcheck source=check_lib.sh
. "$(dirname "$0")/check_lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "check_iproute2: needs root: skipped"
	skip=1
	finish
fi
for t in unshare nsenter; do
	if ! command -v $t > /dev/null; then
		echo "check_iproute2: needs $t: skipped"
		skip=1
		finish
	fi
done
for f in "$IP" "$TC" "$OBJ" "$CTX_OBJ"; do
	[ -e "$f" ] || { result fail "$f is there (make -C $SELFTESTS)"; finish; }
done
if command -v ping > /dev/null; then
	PING=(ping)
elif command -v busybox > /dev/null; then
	PING=(busybox ping)
else
	echo "check_iproute2: needs ping (or busybox): skipped"
	skip=1
	finish
fi
BPFTOOL=$(command -v bpftool || echo /usr/sbin/bpftool)
[ -x "$BPFTOOL" ] || BPFTOOL=

# everything below runs in a private network and mount namespace
if [ -z "${CHECK_IPROUTE2_NS:-}" ]; then
	CHECK_IPROUTE2_NS=1 exec unshare -n -m "$BASH" "$0" "$@"
fi

# ip/tc with this tree's library; with the system's
ours() { LD_LIBRARY_PATH=$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$@"; }
theirs() { env -u LD_LIBRARY_PATH "$@"; }

W=$(mktemp -d)
PEER_PID=
cleanup()
{
	[ -n "$PEER_PID" ] && kill "$PEER_PID" 2> /dev/null
	rm -rf "$W"
}
trap cleanup EXIT

# the loader a binary gets with and without LIBDIR first
for bin in "$IP" "$TC"; do
	if ours ldd "$bin" | grep -q "libbpf.so.1 => $LIBDIR/libbpf.so.1 "; then
		result ok "$(basename "$bin") resolves libbpf.so.1 from $LIBDIR (ldd)"
	else
		ours ldd "$bin" | grep libbpf
		result fail "$(basename "$bin") resolves libbpf.so.1 from $LIBDIR (ldd)"
		finish
	fi
done
SYSLIB=$(theirs ldd "$IP" | sed -n 's/.*libbpf.so.1 => \([^ ]*\) .*/\1/p')
echo "check_iproute2: without it: $SYSLIB"

# veth1 here, veth0 in the namespace of a sleeping process
mount -t bpf bpf /sys/fs/bpf || { result fail "mount bpffs"; finish; }
unshare -n sleep 3600 &
PEER_PID=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(readlink /proc/$PEER_PID/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break
	sleep 0.1
done
peer() { nsenter -t "$PEER_PID" -n "$@"; }
if ! { "$IP" link set lo up &&
       "$IP" link add veth1 type veth peer name veth0 netns "$PEER_PID" &&
       "$IP" addr add $ADDR/24 dev veth1 && "$IP" link set veth1 up &&
       peer "$IP" addr add $PEER_ADDR/24 dev veth0 &&
       peer "$IP" link set veth0 up && peer "$IP" link set lo up; }; then
	result fail "veth pair across two network namespaces"
	finish
fi

# does an echo request from the peer get an answer?
pings() { peer "${PING[@]}" -c 1 -W 2 $ADDR > "$W/ping.txt" 2>&1; }

if pings || pings; then
	result ok "ping across the veth pair, nothing attached"
else
	sed 's/^/  /' "$W/ping.txt"
	result fail "ping across the veth pair, nothing attached"
	finish
fi

# name of the XDP program on veth1, "" if none
xdp_prog() { "$IP" -d link show dev veth1 | sed -n 's/.*prog\/xdp id [0-9]* name \([^ ]*\).*/\1/p'; }
# name of the tc ingress program on veth1, "" if none
tc_prog() { "$TC" filter show dev veth1 ingress | sed -n 's/.* direct-action .* name \([^ ]*\) .*/\1/p'; }

# the drop counter iproute2 pinned, or "" (no pin, no bpftool)
drops()
{
	[ -e $PIN ] && [ -n "$BPFTOOL" ] || return 0
	"$BPFTOOL" -j map dump pinned $PIN | sed -n 's/.*"value":\([0-9]*\).*/\1/p'
}

# $1: check name, $2: what is attached now, $3: the program's name; the
# attached program drops the echo requests (and, with $4 "counted",
# counts them in the pinned map)
check_drops()
{
	local name=$1 now=$2 want=$3 counted=${4:-} before after

	if [ "$now" != "$want" ]; then
		result fail "$name: lists $want (got '$now')"
		return 1
	fi
	before=$(drops)
	if pings; then
		sed 's/^/  /' "$W/ping.txt"
		result fail "$name: listed as $want, but ping gets through"
		return 1
	fi
	after=$(drops)
	if [ "$counted" != counted ]; then
		result ok "$name: listed as $want, ping fails"
	elif [ ! -e $PIN ]; then
		result fail "$name: $PIN is pinned"
		return 1
	elif [ -z "$BPFTOOL" ]; then
		result ok "$name: listed as $want, ping fails, $PIN pinned (no bpftool to read it)"
	elif [ -n "$after" ] && [ "$after" -gt "${before:-0}" ]; then
		result ok "$name: listed as $want, ping fails, pinned counter $before -> $after"
	else
		result fail "$name: pinned counter counted the drop ($before -> $after)"
		return 1
	fi
}

# $1: check name, $2: what is attached now: nothing, and ping works
check_gone()
{
	if [ -n "$2" ]; then
		result fail "$1: '$2' still attached"
	elif pings; then
		result ok "$1: nothing listed, ping works again"
	else
		sed 's/^/  /' "$W/ping.txt"
		result fail "$1: nothing listed, but ping still fails"
	fi
}

# $1: the binary; the LD_DEBUG log of its last run shows the loader's
# calls bound to LIBDIR's library
bound_to_ours()
{
	local bin=$1 log

	log=$(cat "$W"/ld.* 2> /dev/null)
	rm -f "$W"/ld.*
	for sym in bpf_object__open_file bpf_object__load bpf_program__fd; do
		grep -q "binding file $bin .* to $LIBDIR/libbpf.so.1 .*symbol \`$sym'" <<< "$log" ||
			{ echo "  no binding of $sym to $LIBDIR/libbpf.so.1"; return 1; }
	done
}

# ---- XDP through ip -------------------------------------------------------

if LD_DEBUG=bindings LD_DEBUG_OUTPUT=$W/ld \
   ours "$IP" link set dev veth1 xdp obj "$OBJ" sec xdp > "$W/out.txt" 2>&1; then
	if bound_to_ours "$IP"; then
		result ok "ip link set dev veth1 xdp obj test_iproute2.bpf.o sec xdp: loaded through $LIBDIR/libbpf.so.1"
	else
		result fail "ip link set ... xdp: loaded through $LIBDIR/libbpf.so.1"
	fi
	"$IP" -d link show dev veth1 | grep prog/xdp | sed 's/^ */  /'
	[ -e $PIN ] && result ok "ip: map iproute2_drops pinned by name at $PIN" ||
		result fail "ip: map iproute2_drops pinned by name at $PIN"
	check_drops "ip -d link show veth1" "$(xdp_prog)" xdp_drop_echo counted
	if ours "$IP" link set dev veth1 xdp off; then
		check_gone "ip link set dev veth1 xdp off" "$(xdp_prog)"
	else
		result fail "ip link set dev veth1 xdp off"
	fi
else
	sed 's/^/  /' "$W/out.txt" | tail -n 20
	result fail "ip link set dev veth1 xdp obj test_iproute2.bpf.o sec xdp"
fi

# ---- tc ingress through tc --------------------------------------------------

if ! ours "$TC" qdisc add dev veth1 clsact; then
	result fail "tc qdisc add dev veth1 clsact"
elif LD_DEBUG=bindings LD_DEBUG_OUTPUT=$W/ld \
     ours "$TC" filter add dev veth1 ingress bpf da obj "$OBJ" sec tc > "$W/out.txt" 2>&1; then
	if bound_to_ours "$TC"; then
		result ok "tc filter add dev veth1 ingress bpf da obj test_iproute2.bpf.o sec tc: loaded through $LIBDIR/libbpf.so.1"
	else
		result fail "tc filter add ...: loaded through $LIBDIR/libbpf.so.1"
	fi
	"$TC" filter show dev veth1 ingress | grep direct-action | sed 's/^ */  /'
	check_drops "tc filter show dev veth1 ingress" "$(tc_prog)" tc_drop_echo counted
	if ours "$TC" filter del dev veth1 ingress; then
		check_gone "tc filter del dev veth1 ingress" "$(tc_prog)"
	else
		result fail "tc filter del dev veth1 ingress"
	fi
else
	sed 's/^/  /' "$W/out.txt" | tail -n 20
	result fail "tc filter add dev veth1 ingress bpf da obj test_iproute2.bpf.o sec tc"
fi

# ---- __arg_ctx: this library and the system's --------------------------------

# kernels 6.8+ take arg:ctx themselves; older ones need the loader's rewrite
read -r kmaj kmin < <(uname -r | sed -E 's/^([0-9]+)\.([0-9]+).*/\1 \2/')
if [ "$kmaj" -gt 6 ] || { [ "$kmaj" -eq 6 ] && [ "$kmin" -ge 8 ]; }; then
	native=1
	echo "check_iproute2: kernel $(uname -r) supports arg:ctx: the system's libbpf must load the __arg_ctx object too"
else
	native=0
	echo "check_iproute2: kernel $(uname -r) lacks arg:ctx support: the system's libbpf must fail to load the __arg_ctx object"
fi

# $1: ours/theirs, $2: "xdp"/"tc": load that program of the __arg_ctx
# object; the exit status is the load's, $W/out.txt the output
load_ctx()
{
	local with=$1 what=$2

	if [ "$what" = xdp ]; then
		$with "$IP" link set dev veth1 xdp obj "$CTX_OBJ" sec xdp > "$W/out.txt" 2>&1
	else
		$with "$TC" filter add dev veth1 ingress bpf da obj "$CTX_OBJ" sec tc > "$W/out.txt" 2>&1
	fi
}

unload_ctx()
{
	if [ "$1" = xdp ]; then
		"$IP" link set dev veth1 xdp off
	else
		"$TC" filter del dev veth1 ingress
	fi
}

for what in xdp tc; do
	if [ $what = xdp ]; then
		cmd="ip link set dev veth1 xdp obj test_iproute2_arg_ctx.bpf.o sec xdp"
		prog=xdp_drop_ctx
		now() { xdp_prog; }
	else
		cmd="tc filter add dev veth1 ingress bpf da obj test_iproute2_arg_ctx.bpf.o sec tc"
		prog=tc_drop_ctx
		now() { tc_prog; }
	fi
	if load_ctx ours $what; then
		check_drops "$cmd, this libbpf" "$(now)" $prog &&
			unload_ctx $what && check_gone "$cmd, this libbpf, removed" "$(now)"
	else
		sed 's/^/  /' "$W/out.txt" | tail -n 20
		result fail "$cmd, this libbpf: loads"
	fi
	unload_ctx $what > /dev/null 2>&1

	load_ctx theirs $what
	rc=$?
	if [ $native = 1 ] && [ $rc = 0 ]; then
		check_drops "$cmd, $SYSLIB (kernel takes arg:ctx)" "$(now)" $prog
	elif [ $native = 1 ]; then
		sed 's/^/  /' "$W/out.txt" | tail -n 20
		result fail "$cmd, $SYSLIB: loads on a kernel that takes arg:ctx"
	elif [ $rc = 0 ]; then
		result fail "$cmd, $SYSLIB: fails without the rewrite (it loaded: '$(now)')"
	elif [ -n "$(now)" ]; then
		result fail "$cmd, $SYSLIB: failed, yet '$(now)' is attached"
	else
		echo "  $SYSLIB's load, as it ended:"
		grep -v '^$' "$W/out.txt" | tail -n 6 | sed 's/^/    /'
		result ok "$cmd, $SYSLIB: fails (exit $rc), nothing attached"
	fi
	unload_ctx $what > /dev/null 2>&1
done
finish
