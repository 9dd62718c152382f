#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_symbols.sh LIBDIR: every Debian 12 binary and library that links
# libbpf.so.1 finds each libbpf symbol it imports in LIBDIR's
# libbpf.so.1, under the same version node (LIBBPF_0.0.1 ...).
#
# The binaries: those of the system that name libbpf.so.1 in DT_NEEDED
# (/usr/bin, /usr/sbin, /usr/libexec, /usr/lib/x86_64-linux-gnu: ip, tc,
# qemu-system-x86_64, ...) and those of the packages the other checks
# use, downloaded with apt-get download into ~/.cache/bpf-vmtest/<name>
# (as check_xdp_tools.sh, check_bpftrace.sh and check_pahole.sh do) and
# unpacked into a temporary directory, never installed: xdp-tools and
# libxdp1 (xdp-loader, xdp-filter, ..., libxdp.so.1), bpftrace and
# libbpfcc (bpftrace, libbcc.so.0, libbcc_bpf.so.0), pahole (pahole and
# its tools; Debian 12 links libdwarves into them statically).
#
# For each: the UND entries of .dynsym with a LIBBPF_* version
# (readelf --dyn-syms) against what LIBDIR's library defines, then the
# dynamic linker's own verdict with LIBDIR first on the path (ldd -r
# binds every symbol). Unresolved imports are printed one a line as
# "unresolved: BINARY SYMBOL@VERSION". Prints the counts and
# "N passed, N failed, N skipped" (one check per binary and method).
set -u
LIBDIR=$(cd "${1:?usage: $0 LIBDIR}" && pwd)
LIB=$LIBDIR/libbpf.so.1
CACHE=${VMTEST_CACHE:-$HOME/.cache/bpf-vmtest}
# shellcheck source=check_lib.sh
. "$(dirname "$0")/check_lib.sh"

for tool in readelf ldd dpkg-deb apt-get; do
	if ! command -v $tool > /dev/null; then
		echo "check_symbols: needs $tool: skipped"
		skip=1
		finish
	fi
done
[ -r "$LIB" ] || { result fail "$LIB is there"; finish; }

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# name@VERSION of every symbol the library defines (default or not)
readelf --dyn-syms -W "$LIB" |
	awk '$7 != "UND" && $8 ~ /@/ { n = $8; sub(/@@/, "@", n); print n }' |
	sort -u > "$W/exported"
echo "check_symbols: $LIB exports $(wc -l < "$W/exported") versioned symbols"

# $1: cache dir name; rest: packages, downloaded once and unpacked to $W/root
unpack()
{
	local dir=$CACHE/$1 pkg deb

	shift
	mkdir -p "$dir" || return 1
	for pkg in "$@"; do
		if ! ls "$dir/${pkg}"_*.deb > /dev/null 2>&1; then
			(cd "$dir" && apt-get download -q -o APT::Sandbox::User=root "$pkg") ||
				{ result fail "apt-get download $pkg"; continue; }
		fi
		deb=$(ls "$dir/${pkg}"_*.deb | tail -n 1)
		dpkg-deb -x "$deb" "$W/root" || result fail "unpack $deb"
		echo "check_symbols: unpacked $(basename "$deb")"
	done
}
unpack xdp-tools libxdp1 xdp-tools
unpack bpftrace bpftrace libbpfcc
unpack pahole pahole

# $1: an ELF file: does it name libbpf.so.1 in DT_NEEDED?
needs_libbpf()
{
	readelf -d "$1" 2> /dev/null | grep -q 'NEEDED.*\[libbpf\.so\.1\]'
}

: > "$W/list"
while IFS= read -r -d '' f; do
	needs_libbpf "$f" && echo "$f" >> "$W/list"
done < <(find "$W/root" /usr/bin /usr/sbin /usr/libexec -type f -print0 2> /dev/null;
	 find /usr/lib/x86_64-linux-gnu -maxdepth 2 -type f -name '*.so*' -print0)

# the ones the brief names must be among them
for want in /usr/sbin/xdp-loader /usr/sbin/xdp-filter /usr/lib/x86_64-linux-gnu/libxdp.so.1 \
	    /usr/bin/bpftrace /usr/lib/x86_64-linux-gnu/libbcc.so.0 /usr/bin/pahole; do
	f=$(readlink -f "$W/root$want")
	if [ -f "$f" ] && grep -qx "$f" "$W/list"; then
		continue
	fi
	result fail "Debian's $want links libbpf.so.1"
done
for want in /usr/bin/ip /usr/sbin/tc /usr/bin/qemu-system-x86_64; do
	if ! grep -qx "$want" "$W/list"; then
		result fail "$want links libbpf.so.1"
	elif ! env -u LD_LIBRARY_PATH ldd "$want" | grep -q 'libbpf.so.1 => /'; then
		result fail "$want resolves libbpf.so.1 (ldd)"
	fi
done

# libraries of the unpacked packages, for ldd
DEPS=$W/root/usr/lib/x86_64-linux-gnu
nbin=0 nimp=0 nunres=0
: > "$W/all"
while IFS= read -r f; do
	name=${f#"$W"/root}
	[ "$name" = "$f" ] || name="$name (Debian package)"
	readelf --dyn-syms -W "$f" |
		awk '$7 == "UND" && $8 ~ /@LIBBPF_/ { n = $8; sub(/ .*/, "", n); print n }' |
		sort -u > "$W/imports"
	n=$(wc -l < "$W/imports")
	nbin=$((nbin + 1))
	nimp=$((nimp + n))
	cat "$W/imports" >> "$W/all"
	comm -23 "$W/imports" "$W/exported" > "$W/missing"
	m=$(wc -l < "$W/missing")
	nunres=$((nunres + m))
	if [ "$n" -eq 0 ]; then
		result fail "$name: links libbpf.so.1 but imports no LIBBPF_* symbol"
	elif [ "$m" -eq 0 ]; then
		result ok "$name: all $n LIBBPF_* imports exported with their version"
	else
		sed "s|^|unresolved: $name |" "$W/missing"
		result fail "$name: $m of $n LIBBPF_* imports not exported with their version"
	fi

	# the dynamic linker's verdict: every reference bound (ldd -r)
	LD_LIBRARY_PATH=$LIBDIR:$DEPS ldd -r "$f" > "$W/ldd" 2>&1
	if ! grep -q "libbpf.so.1 => $LIB " "$W/ldd"; then
		grep libbpf "$W/ldd"
		result fail "$name: ldd resolves libbpf.so.1 to $LIB"
	elif grep 'undefined symbol' "$W/ldd" | grep -q 'LIBBPF_'; then
		grep 'undefined symbol' "$W/ldd" | grep 'LIBBPF_' | sed 's/^/  /'
		result fail "$name: ldd -r binds every LIBBPF_* symbol to $LIB"
	else
		result ok "$name: ldd -r binds every LIBBPF_* symbol to $LIB"
	fi
done < "$W/list"

echo "check_symbols: $nbin binaries and libraries link libbpf.so.1, $nimp LIBBPF_* imports" \
     "($(sort -u "$W/all" | wc -l) distinct), $nunres unresolved"
[ "$nbin" -gt 0 ] || result fail "binaries linking libbpf.so.1 found"
finish
