#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# arg_ctx_demo_vm.sh: the part of `make demo` that runs inside the VM
# (vmtest.sh, in /selftests, busybox sh: no bash there). It runs
# arg_ctx_demo, then takes the same object to Debian's libbpf 1.1:
# load_list.system loads each program, and Debian's own tc (iproute2,
# copied in with its libraries, so Debian's libbpf.so.1 is at its system
# path) attaches the tc program to lo in a private network namespace,
# first as it is, then with this tree's libbpf.so.1 (./demo-lib) first on
# LD_LIBRARY_PATH. Ends with "=== demo end ==="; the exit status is
# arg_ctx_demo's, or 1 if tc did not do what is described above.
set -u

OBJ=arg_ctx_demo.bpf.o
OURS=$PWD/demo-lib
# by path: busybox sh runs its own applets (it has a tc) before PATH
TC=$PWD/tc
rc=0

./arg_ctx_demo || rc=$?

echo "=== same kernel, same object: Debian's libbpf 1.1 (no fallback), Debian's tc ==="
list=$(./load_list.system "$OBJ")
echo "  load_list.system (libbpf 1.1): $(echo "$list" | grep -c ' OK$') of" \
     "$(echo "$list" | wc -l) programs loaded"

# 6.8 and later read arg:ctx themselves: there Debian's libbpf does too
native=0
case $(uname -r) in
[0-5].* | 6.[0-7].* | 6.[0-7]-*) ;;
*) native=1 ;;
esac

# the libbpf.so.1 that tc gets with LD_LIBRARY_PATH=$1, as the loader sees it
tc_libbpf()
{
	LD_LIBRARY_PATH=$1 LD_TRACE_LOADED_OBJECTS=1 "$TC" 2>/dev/null |
		awk '$1 == "libbpf.so.1" { print $3 }'
}

# tc filter add in a fresh namespace with LD_LIBRARY_PATH=$1: its output,
# its status, then the filters of lo's ingress
tc_attach()
{
	unshare -n sh -c '
		ip link set dev lo up
		"$3" qdisc add dev lo clsact || exit 1
		LD_LIBRARY_PATH=$1 "$3" filter add dev lo ingress bpf da obj "$2" sec tc 2>&1
		echo "tc status $?"
		"$3" filter show dev lo ingress | sed -e "s/ *$//" -e "s/^/      /"
	' sh "$1" "$OBJ" "$TC"
}

if [ ! -x "$TC" ]; then
	echo "  no $TC: vmtest.sh -i /sbin/tc copies Debian's tc in"
	echo "=== demo end ==="
	exit 1
fi
echo "  tc filter add dev lo ingress bpf da obj $OBJ sec tc"
out=$(tc_attach "")
# the verifier's verdict: the last line of its log but the statistics
# (without a log: tc's last line)
why=$(echo "$out" | sed -n '/BEGIN PROG LOAD LOG/,/END PROG LOAD LOG/p' |
	grep -v -e 'PROG LOAD LOG' -e '^processed ' -e '^verification time' | tail -n 1)
[ -n "$why" ] || why=$(echo "$out" | grep -v '^tc status' | tail -n 1)
if ! echo "$out" | grep -q '^tc status 0$'; then
	echo "    with $(tc_libbpf "") (Debian's): rejected: $why"
elif [ $native = 1 ]; then
	echo "    with $(tc_libbpf "") (Debian's): loaded: this kernel reads arg:ctx itself"
else
	echo "    with $(tc_libbpf "") (Debian's): loaded, FAIL: $(uname -r) should reject it"
	rc=1
fi
out=$(tc_attach "$OURS")
lib=$(tc_libbpf "$OURS")
if [ "$lib" != "$OURS/libbpf.so.1" ]; then
	echo "    FAIL: with LD_LIBRARY_PATH=$OURS tc gets ${lib:-no libbpf.so.1}"
	rc=1
elif echo "$out" | grep -q '^tc status 0$'; then
	echo "    with $lib (this tree's): loaded; tc filter show dev lo ingress:"
	echo "$out" | grep '^      filter'
else
	echo "    with $lib (this tree's): FAILED"
	echo "$out" | sed 's/^/      /'
	rc=1
fi
echo "=== demo end ==="
exit $rc
