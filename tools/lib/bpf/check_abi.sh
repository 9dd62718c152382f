#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_abi.sh SRCDIR SHARED_LIB
#
# The exported ABI is exactly the LIBBPF_API functions of the public
# headers: each must be listed once in libbpf.map and exported by the
# shared library with a version, and nothing else may be exported.
# Against libbpf 1.7 (libbpf-1.7.symbols): every symbol both export
# carries the same version node, nothing is exported that 1.7 does not
# have (the library's own additions carry ARGCTX_* nodes), and every 1.7
# symbol is exported.
set -eu

srcdir=$1
lib=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# LIBBPF_API declarations: the name before the first '(' of each one
cat "$srcdir"/libbpf.h "$srcdir"/bpf.h "$srcdir"/btf.h "$srcdir"/libbpf_legacy.h |
	sed -e 's|/\*.*\*/||g' | tr '\n' ' ' | sed 's/;/;\n/g' |
	grep 'LIBBPF_API' | sed -n 's/.*[ *]\([A-Za-z_][A-Za-z0-9_]*\)[ ]*(.*/\1/p' |
	sort -u > "$tmp/headers"

grep -E '^[[:space:]]+[A-Za-z_][A-Za-z0-9_]*;' "$srcdir/libbpf.map" |
	tr -d ' \t;' | sort > "$tmp/map"

nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "W" { print $3 }' |
	sed 's/@.*//' | sort -u > "$tmp/exported"

fail=0
report() {
	if [ -s "$3" ]; then
		echo "check_abi: $1 but $2:" >&2
		sed 's/^/  /' "$3" >&2
		fail=1
	fi
}

sort "$tmp/map" | uniq -d > "$tmp/dup"
report "listed more than once" "in libbpf.map" "$tmp/dup"
sort -u "$tmp/map" > "$tmp/map_u"
comm -23 "$tmp/headers" "$tmp/map_u" > "$tmp/d1"
report "declared LIBBPF_API" "missing from libbpf.map" "$tmp/d1"
comm -13 "$tmp/headers" "$tmp/map_u" > "$tmp/d2"
report "listed in libbpf.map" "not declared LIBBPF_API" "$tmp/d2"
comm -23 "$tmp/map_u" "$tmp/exported" > "$tmp/d3"
report "listed in libbpf.map" "not exported (not implemented?)" "$tmp/d3"
comm -13 "$tmp/map_u" "$tmp/exported" > "$tmp/d4"
report "exported" "not in libbpf.map" "$tmp/d4"

# SYMBOL VERSION pairs, ours and libbpf 1.7's
nm -D --defined-only "$lib" | awk '$2 == "T" && $3 ~ /@/ { print $3 }' |
	sed 's/@@*/ /' | LC_ALL=C sort -u > "$tmp/ours_v"
grep -v '^#' "$srcdir/libbpf-1.7.symbols" | LC_ALL=C sort -u > "$tmp/upstream_v"
cut -d' ' -f1 "$tmp/ours_v" > "$tmp/ours_n"
cut -d' ' -f1 "$tmp/upstream_v" > "$tmp/upstream_n"
LC_ALL=C join "$tmp/ours_v" "$tmp/upstream_v" | awk '$2 != $3 { print $1 " " $2 ", libbpf 1.7: " $3 }' > "$tmp/d5"
report "exported" "with another version node than libbpf 1.7's" "$tmp/d5"
# this library's own API carries its own version node, never LIBBPF_*
grep -v ' ARGCTX_' "$tmp/ours_v" | cut -d' ' -f1 | LC_ALL=C comm -23 - "$tmp/upstream_n" > "$tmp/d6"
report "exported" "not a libbpf 1.7 symbol (nor under an ARGCTX_* node)" "$tmp/d6"
LC_ALL=C comm -13 "$tmp/ours_n" "$tmp/upstream_n" > "$tmp/missing"

unversioned=$(nm -D --defined-only "$lib" | awk '$2 == "T" && $3 !~ /@/' | wc -l)
if [ "$unversioned" -ne 0 ]; then
	echo "check_abi: $unversioned exported functions carry no symbol version" >&2
	fail=1
fi
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
if [ "$soname" != "libbpf.so.1" ]; then
	echo "check_abi: soname is '$soname', expected libbpf.so.1" >&2
	fail=1
fi
report "libbpf 1.7 exports" "not exported here" "$tmp/missing"
[ $fail -eq 0 ] && echo "check_abi: $(wc -l < "$tmp/map_u") symbols, versioned as libbpf 1.7's, soname $soname: OK"
exit $fail
