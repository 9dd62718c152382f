#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_qemu.sh LIBDIR: Debian 12's qemu-system-x86_64 (7.2, dynamically
# linked to libbpf.so.1 for virtio-net's eBPF RSS steering) run with
# LIBDIR's libbpf.so.1 first on the library path, Debian's libbpf1
# package untouched.
#
# - "qemu-system-x86_64 -version" runs and says what it says with
#   Debian's libbpf 1.1;
# - as root: a virtio-net-pci device with rss=on on a tap device (in a
#   private network namespace) makes qemu open and load its RSS steering
#   object through bpf_object__open_skeleton() and load_skeleton(). The
#   calls must bind to LIBDIR's library, qemu must keep running, and the
#   outcome (program loaded, or the eBPF RSS error qemu traces) must be
#   the one it has with Debian's libbpf 1.1. qemu 7.2's object declares
#   its maps in the legacy SEC("maps") that libbpf 1.0 dropped: libbpf
#   1.1 refuses it with EOPNOTSUPP, so does this library, and qemu falls
#   back to RSS in software with either.
#
# Prints "N passed, N failed, N skipped".
set -u
LIBDIR=$(cd "${1:?usage: $0 LIBDIR}" && pwd)
QEMU=${QEMU:-/usr/bin/qemu-system-x86_64}
# shellcheck source=check_lib.sh
. "$(dirname "$0")/check_lib.sh"

if [ ! -x "$QEMU" ]; then
	echo "check_qemu: no $QEMU: skipped"
	skip=1
	finish
fi
# as root, everything runs in a private network namespace: the tap
# device of the RSS check lives there
if [ "$(id -u)" -eq 0 ] && [ -z "${CHECK_QEMU_NS:-}" ] && command -v unshare > /dev/null; then
	CHECK_QEMU_NS=1 exec unshare -n "$BASH" "$0" "$@"
fi

# the environment qemu runs in: this tree's library first, or the system's
OURS=(env "LD_LIBRARY_PATH=$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
THEIRS=(env -u LD_LIBRARY_PATH)
ours() { "${OURS[@]}" "$@"; }
theirs() { "${THEIRS[@]}" "$@"; }

W=$(mktemp -d)
QPID=
cleanup()
{
	[ -n "$QPID" ] && kill "$QPID" 2> /dev/null
	rm -rf "$W"
}
trap cleanup EXIT

if ours ldd "$QEMU" | grep -q "libbpf.so.1 => $LIBDIR/libbpf.so.1 "; then
	result ok "$(basename "$QEMU") resolves libbpf.so.1 from $LIBDIR (ldd)"
else
	ours ldd "$QEMU" | grep libbpf
	result fail "$(basename "$QEMU") resolves libbpf.so.1 from $LIBDIR (ldd)"
	finish
fi

if ours "$QEMU" -version > "$W/v.ours" 2>&1 && grep -q '^QEMU emulator version' "$W/v.ours" &&
   theirs "$QEMU" -version > "$W/v.theirs" 2>&1 && cmp -s "$W/v.ours" "$W/v.theirs"; then
	result ok "qemu -version: $(head -n 1 "$W/v.ours")"
else
	sed 's/^/  /' "$W/v.ours"
	result fail "qemu -version runs as with Debian's libbpf"
fi

if [ "$(id -u)" -ne 0 ]; then
	result skip "eBPF RSS: a tap device needs root"
	finish
fi
if [ ! -c /dev/net/tun ] || [ -z "${CHECK_QEMU_NS:-}" ]; then
	result skip "eBPF RSS: needs /dev/net/tun and unshare(1)"
	finish
fi
BPFTOOL=$(command -v bpftool || echo /usr/sbin/bpftool)
[ -x "$BPFTOOL" ] || BPFTOOL=

if ! ip tuntap add dev vtap0 mode tap || ! ip link set vtap0 up; then
	result fail "eBPF RSS: tap device vtap0"
	finish
fi

# ids of loaded socket filter programs called tun_rss_steerin(g_prog)
rss_progs()
{
	[ -n "$BPFTOOL" ] || return 0
	"$BPFTOOL" prog show 2> /dev/null | sed -n 's/^\([0-9]*\): socket_filter *name tun_rss_steer.*/\1/p'
}

# $1: ours/theirs; sets OUTCOME: "loaded", "refused: <qemu's error>",
# or "qemu died"/"nothing happened"; qemu's output in $W/q.$1
rss_run()
{
	local with=$1 before now i env

	if [ "$with" = ours ]; then
		env=("${OURS[@]}")
	else
		env=("${THEIRS[@]}")
	fi
	before=$(rss_progs)
	rm -f "$W"/ld.*
	# env execs qemu: $! is qemu's pid
	"${env[@]}" LD_DEBUG=bindings "LD_DEBUG_OUTPUT=$W/ld" \
		"$QEMU" -machine pc -accel tcg -nodefaults -display none -monitor none \
		-serial none -S -trace ebpf_error \
		-netdev tap,id=n0,ifname=vtap0,script=no,downscript=no,vhost=off \
		-device virtio-net-pci,netdev=n0,rss=on > "$W/q.$with" 2>&1 &
	QPID=$!
	OUTCOME="nothing happened"
	for ((i = 0; i < 100; i++)); do
		sleep 0.2
		if grep -q 'ebpf_error' "$W/q.$with"; then
			OUTCOME="refused: $(grep -m 1 'ebpf_error' "$W/q.$with" | sed 's/^[0-9@.:]* *//')"
			break
		fi
		now=$(rss_progs)
		if [ -n "$now" ] && [ "$now" != "$before" ]; then
			OUTCOME=loaded
			break
		fi
		kill -0 $QPID 2> /dev/null || break
	done
	sleep 0.5
	if ! kill $QPID 2> /dev/null; then
		OUTCOME="qemu died"
	fi
	wait $QPID
	QPID=
	echo "  $with libbpf: qemu's output:"
	grep -v 'terminating on signal' "$W/q.$with" | sed 's/^/    /'
}

rss_run ours
ours_outcome=$OUTCOME
bound=1
for sym in bpf_object__open_skeleton bpf_object__destroy_skeleton; do
	if ! cat "$W"/ld.* 2> /dev/null |
	     grep -q "binding file .*qemu-system-x86_64 .* to $LIBDIR/libbpf.so.1 .*symbol \`$sym'"; then
		echo "  no binding of $sym to $LIBDIR/libbpf.so.1"
		bound=0
	fi
done
if [ $bound = 1 ]; then
	result ok "eBPF RSS: qemu's skeleton calls bind to $LIBDIR/libbpf.so.1 (LD_DEBUG)"
else
	result fail "eBPF RSS: qemu's skeleton calls bind to $LIBDIR/libbpf.so.1 (LD_DEBUG)"
fi
rss_run theirs
theirs_outcome=$OUTCOME

case $ours_outcome in
"qemu died" | "nothing happened")
	result fail "eBPF RSS, this libbpf: $ours_outcome" ;;
*)
	if [ "$ours_outcome" = "$theirs_outcome" ]; then
		result ok "eBPF RSS (virtio-net-pci rss=on, tap): $ours_outcome, as with Debian's libbpf; qemu keeps running"
	else
		result fail "eBPF RSS: this libbpf: '$ours_outcome', Debian's: '$theirs_outcome'"
	fi ;;
esac
finish
