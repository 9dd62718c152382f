#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_pahole.sh LIBDIR [TOOLDIR]: Debian 12's pahole (1.24, downloaded
# with apt-get download into ~/.cache/bpf-vmtest/pahole and unpacked
# there, never installed) run with LIBDIR's libbpf.so.1 in place of
# Debian's. pahole builds BTF from DWARF with btf__add_*() and
# btf__dedup(): for binaries built with gcc -g from several compilation
# units (pahole/*.c, four units sharing a header, and LIBDIR's own
# libbpf.so.1), the BTF it writes must be the one it writes with Debian's
# libbpf 1.1 (raw bytes; where only the string order differs, the same
# canonical dump), keep one copy of each shared type with the struct that
# one unit only declares resolved, and load into the running kernel
# (root). The same for -J (BTF into the ELF file) and for split BTF on
# the running kernel's vmlinux BTF. TOOLDIR holds btf_dedup_dump
# (default: output/ next to this script). Prints "N passed, N failed,
# N skipped".
set -u
SELFTESTS=$(cd "$(dirname "$0")" && pwd)
LIBDIR=$(cd "${1:?usage: $0 LIBDIR [TOOLDIR]}" && pwd)
TOOLDIR=$(cd "${2:-$SELFTESTS/output}" && pwd)
CACHE=${VMTEST_CACHE:-$HOME/.cache/bpf-vmtest}/pahole
VMLINUX=/sys/kernel/btf/vmlinux
DUMP=$TOOLDIR/btf_dedup_dump
# shellcheck source=check_lib.sh
. "$(dirname "$0")/check_lib.sh"

for tool in gcc dpkg-deb apt-get cmp; do
	if ! command -v $tool > /dev/null; then
		echo "check_pahole: needs $tool: skipped"
		skip=1
		finish
	fi
done
if [ ! -x "$DUMP" ]; then
	result fail "btf_dedup_dump in $TOOLDIR (make -C $SELFTESTS)"
	finish
fi
mkdir -p "$CACHE"
if ! ls "$CACHE"/pahole_*.deb > /dev/null 2>&1; then
	(cd "$CACHE" && apt-get download -q -o APT::Sandbox::User=root pahole) ||
		{ result fail "apt-get download pahole"; finish; }
fi
R=$CACHE/root
rm -rf "$R"
dpkg-deb -x "$(ls "$CACHE"/pahole_*.deb | tail -n 1)" "$R" ||
	{ result fail "unpack pahole"; finish; }
PAHOLE=$R/usr/bin/pahole
echo "check_pahole: $("$PAHOLE" --version) from $(basename "$(ls "$CACHE"/pahole_*.deb | tail -n 1)")"

# pahole with this tree's libbpf, and with the system's
ours() { LD_LIBRARY_PATH=$LIBDIR "$PAHOLE" "$@"; }
theirs() { env -u LD_LIBRARY_PATH "$PAHOLE" "$@"; }

if ! LD_LIBRARY_PATH=$LIBDIR ldd "$PAHOLE" | grep -q "libbpf.so.1 => $LIBDIR/"; then
	result fail "pahole resolves libbpf.so.1 from $LIBDIR"
	finish
fi
if LD_LIBRARY_PATH=$LIBDIR ldd "$PAHOLE" | grep -q "not found"; then
	LD_LIBRARY_PATH=$LIBDIR ldd "$PAHOLE" | grep "not found"
	result fail "pahole's libraries (libdw1 ...) are there"
	finish
fi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
if ! gcc -g -O1 -Wall -Werror -o "$W/tree" "$SELFTESTS"/pahole/*.c; then
	result fail "build pahole/*.c"
	finish
fi
cp "$LIBDIR/libbpf.so.1" "$W/libbpf.so"

# $1: check name; $2, $3: raw BTF files; rest: btf_dedup_dump options
same_btf()
{
	local name=$1 a=$2 b=$3

	shift 3
	if cmp -s "$a" "$b"; then
		result ok "$name: same bytes as with libbpf 1.1"
	elif "$DUMP" -n "$@" "$a" | sed '$d' > "$W/a.txt" &&
	     "$DUMP" -n "$@" "$b" | sed '$d' > "$W/b.txt" &&
	     cmp -s "$W/a.txt" "$W/b.txt"; then
		result ok "$name: same types as with libbpf 1.1 (strings in another order)"
	else
		diff "$W/a.txt" "$W/b.txt" 2>/dev/null | head -n 20
		result fail "$name: same BTF as with libbpf 1.1"
	fi
}

# $1: check name; $2: raw BTF: the kernel loads it
loads()
{
	if [ "$(id -u)" -ne 0 ]; then
		result skip "$1: kernel loads it (not root)"
	elif "$DUMP" -n -k "$2" | tail -n 1 | grep -qx "kernel: loaded"; then
		result ok "$1: kernel loads it"
	else
		"$DUMP" -n -k "$2" | tail -n 1
		result fail "$1: kernel loads it"
	fi
}

# the four-unit tree: shared types once, struct node complete, the
# never-completed struct opaque a FWD
for bin in tree libbpf.so; do
	if ! ours --btf_encode_detached="$W/$bin.ours.btf" "$W/$bin" ||
	   ! theirs --btf_encode_detached="$W/$bin.theirs.btf" "$W/$bin"; then
		result fail "pahole --btf_encode_detached $bin"
		continue
	fi
	same_btf "$bin" "$W/$bin.ours.btf" "$W/$bin.theirs.btf"
	loads "$bin" "$W/$bin.ours.btf"
done
if [ -f "$W/tree.ours.btf" ]; then
	"$DUMP" -n "$W/tree.ours.btf" > "$W/tree.txt"
	if [ "$(grep -c "^\[[0-9]*\] STRUCT 'tree'" "$W/tree.txt")" = 1 ] &&
	   [ "$(grep -c "^\[[0-9]*\] STRUCT 'node'" "$W/tree.txt")" = 1 ] &&
	   [ "$(grep -c "^\[[0-9]*\] STRUCT 'list_head'" "$W/tree.txt")" = 1 ] &&
	   [ "$(grep -c "^\[[0-9]*\] ENUM 'color'" "$W/tree.txt")" = 1 ] &&
	   [ "$(grep -c "^\[[0-9]*\] TYPEDEF 'visit_fn'" "$W/tree.txt")" = 1 ] &&
	   ! grep -q "^\[[0-9]*\] FWD 'node'" "$W/tree.txt" &&
	   [ "$(grep -c "^\[[0-9]*\] FWD 'opaque'" "$W/tree.txt")" = 1 ]; then
		result ok "tree: one copy of each shared type, struct node resolved"
	else
		grep -E "'(tree|node|list_head|color|visit_fn|opaque)'" "$W/tree.txt"
		result fail "tree: one copy of each shared type, struct node resolved"
	fi
	# deduplicated already: another dedup keeps every type (strings
	# may move: pahole added some for types dedup then dropped)
	if "$DUMP" "$W/tree.ours.btf" | sed '$d' > "$W/again.txt" &&
	   "$DUMP" -n "$W/tree.ours.btf" | sed '$d' | cmp -s - "$W/again.txt"; then
		result ok "tree: btf__dedup() of pahole's BTF keeps every type"
	else
		result fail "tree: btf__dedup() of pahole's BTF keeps every type"
	fi
fi

# -J: the BTF goes into the binary's .BTF section
cp "$W/tree" "$W/tree.J.ours"
cp "$W/tree" "$W/tree.J.theirs"
if ours -J "$W/tree.J.ours" && theirs -J "$W/tree.J.theirs" &&
   "$DUMP" -n -o "$W/J.ours.btf" "$W/tree.J.ours" > /dev/null &&
   "$DUMP" -n -o "$W/J.theirs.btf" "$W/tree.J.theirs" > /dev/null; then
	same_btf "tree -J" "$W/J.ours.btf" "$W/J.theirs.btf"
else
	result fail "pahole -J tree"
fi

# split BTF on the running kernel's
if [ -r "$VMLINUX" ]; then
	if ours --btf_base="$VMLINUX" --btf_encode_detached="$W/split.ours.btf" "$W/tree" &&
	   theirs --btf_base="$VMLINUX" --btf_encode_detached="$W/split.theirs.btf" "$W/tree"; then
		same_btf "tree split on vmlinux" "$W/split.ours.btf" "$W/split.theirs.btf" \
			-b "$VMLINUX" -s
		n=$("$DUMP" -n -b "$VMLINUX" -s "$W/split.ours.btf" | head -n 1 | cut -d' ' -f2)
		m=$("$DUMP" -n "$W/tree.ours.btf" | head -n 1 | cut -d' ' -f2)
		if [ -n "$n" ] && [ -n "$m" ] && [ "$n" -lt "$m" ]; then
			result ok "tree split on vmlinux: $n own types, $m without the base"
		else
			result fail "tree split on vmlinux: fewer own types than without the base"
		fi
	else
		result fail "pahole --btf_base $VMLINUX"
	fi
else
	result skip "split BTF on vmlinux (no $VMLINUX)"
fi
finish
