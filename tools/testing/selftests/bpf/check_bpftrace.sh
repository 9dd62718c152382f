#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_bpftrace.sh LIBDIR: Debian 12's bpftrace 0.17 (bpftrace and
# libbpfcc, downloaded with apt-get download into
# ~/.cache/bpf-vmtest/bpftrace and unpacked there, never installed) run
# with LIBDIR's libbpf.so.1 in place of Debian's. bpftrace prints kernel
# types through btf_dump__dump_type() and parses them back with clang, so
# each check runs it twice, on LIBDIR's library and on the system's
# (Debian's libbpf 1.1), and compares the output. Programs are loaded
# only as root. Prints "N passed, N failed, N skipped".
set -u
LIBDIR=$(cd "${1:?usage: $0 LIBDIR}" && pwd)
CACHE=${VMTEST_CACHE:-$HOME/.cache/bpf-vmtest}/bpftrace
# shellcheck source=check_lib.sh
. "$(dirname "$0")/check_lib.sh"

if [ ! -r /sys/kernel/btf/vmlinux ]; then
	echo "check_bpftrace: no kernel BTF: skipped"
	skip=1
	finish
fi
mkdir -p "$CACHE"
if ! ls "$CACHE"/bpftrace_*.deb "$CACHE"/libbpfcc_*.deb > /dev/null 2>&1; then
	(cd "$CACHE" && apt-get download -q -o APT::Sandbox::User=root bpftrace libbpfcc) ||
		{ result fail "apt-get download bpftrace libbpfcc"; finish; }
fi
R=$CACHE/root
rm -rf "$R"
for deb in "$CACHE"/bpftrace_*.deb "$CACHE"/libbpfcc_*.deb; do
	dpkg-deb -x "$deb" "$R" || { result fail "unpack $deb"; finish; }
done
BT=$R/usr/bin/bpftrace
DEPS=$R/usr/lib/x86_64-linux-gnu
OUT=$CACHE/out
mkdir -p "$OUT"

if ! LD_LIBRARY_PATH=$LIBDIR:$DEPS ldd "$BT" | grep -q "libbpf.so.1 => $LIBDIR/"; then
	result fail "bpftrace resolves libbpf.so.1 from $LIBDIR"
	finish
fi
if LD_LIBRARY_PATH=$DEPS ldd "$BT" | grep -q 'not found'; then
	result fail "bpftrace's libraries: $(LD_LIBRARY_PATH=$DEPS ldd "$BT" | grep 'not found' | tr -d '\t')"
	finish
fi

# $1: check name, $2: what the output must contain; rest: bpftrace's
# arguments. Runs with this tree's library and with the system's.
same_as_system()
{
	local name=$1 want=$2

	shift 2
	LD_LIBRARY_PATH=$LIBDIR:$DEPS timeout 120 "$BT" "$@" > "$OUT/ours.txt" 2>&1
	local rc_ours=$?
	LD_LIBRARY_PATH=$DEPS timeout 120 "$BT" "$@" > "$OUT/system.txt" 2>&1
	local rc_sys=$?
	if [ $rc_ours -ne 0 ] || [ $rc_ours -ne $rc_sys ]; then
		result fail "$name (exit $rc_ours, Debian's libbpf: $rc_sys)"
		sed 's/^/  /' "$OUT/ours.txt" | tail -5
	elif ! grep -q -- "$want" "$OUT/ours.txt"; then
		result fail "$name: no '$want' in the output"
	elif ! diff -u "$OUT/system.txt" "$OUT/ours.txt" > "$OUT/diff.txt"; then
		result fail "$name: differs from Debian's libbpf"
		head -20 "$OUT/diff.txt" | sed 's/^/  /'
	else
		result ok "$name ($(wc -l < "$OUT/ours.txt") lines as with Debian's libbpf)"
	fi
}

for t in 'struct task_struct' 'struct sk_buff' 'struct file_operations' \
	 'union bpf_attr' 'struct mm_struct' 'struct list_head'; do
	same_as_system "-lv '$t'" "^${t%% *} ${t#* } {" -lv "$t"
done
same_as_system "-l 'struct *' (every struct name)" "^struct task_struct$" -l 'struct *'

if [ "$(id -u)" -ne 0 ]; then
	result skip "programs: need root"
	finish
fi
same_as_system "-e BEGIN: a program loads and runs" "^hi$" \
	-e 'BEGIN { printf("hi\n"); exit(); }'
# the types come from btf_dump's C, parsed by bpftrace's clang
same_as_system "-e: curtask as struct task_struct" "^1 bpftrace$" \
	-e 'BEGIN { $t = (struct task_struct *)curtask; printf("%d %s\n", $t->pid > 0, comm); exit(); }'
same_as_system "-e: sizeof kernel structs" "^16 [0-9]" \
	-e 'BEGIN { printf("%d %d\n", sizeof(struct list_head), sizeof(struct task_struct)); exit(); }'

# kfunc probes print their arguments with btf_dump__emit_type_decl();
# bpftrace 0.17 enables them only when it can read
# available_filter_functions from tracefs
if LD_LIBRARY_PATH=$DEPS "$BT" --info 2>&1 | grep -q 'kfunc: yes'; then
	same_as_system "-lv kfunc:vmlinux:vfs_read (arguments)" "count" -lv 'kfunc:vmlinux:vfs_read'
else
	why=$(head -c 1 /sys/kernel/debug/tracing/available_filter_functions 2>&1 > /dev/null)
	result skip "kfunc arguments: bpftrace --info says 'kfunc: no' with Debian's libbpf too; available_filter_functions: ${why:-readable}"
fi
finish
