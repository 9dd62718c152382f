#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_bad_args.sh LIBDIR UNITDIR
#
# Every function of LIBDIR/libbpf.map has an entry in the bad-argument
# table of UNITDIR/test_bad_args.c (the first argument of one of its
# BAD_*() or NO_BAD_ARG() macros), and every exported function that takes
# an opts struct (a "struct ..._opts *" or "struct bpf_tc_hook *"
# parameter in the public headers) has one in the oversized-opts table
# of UNITDIR/test_opts_sz.c (OPTS_INT() or OPTS_PTR()). Names in a table
# that the library does not export are reported too (a typo would
# otherwise hide a missing entry). Run when test_unit is built: a new
# export without its tests fails the build.
set -eu

libdir=$1
unitdir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -E '^[[:space:]]+[A-Za-z_][A-Za-z0-9_]*;' "$libdir/libbpf.map" |
	tr -d ' \t;' | sort -u > "$tmp/map"

# the first macro argument, the function's name
grep -v '^#define' "$unitdir/test_bad_args.c" |
	grep -oE '\b(BAD_INT|BAD_SYS|BAD_PTR|BAD_PTR_SYS|BAD_VAL|BAD_VOID|BAD_EXPR|NO_BAD_ARG)\([A-Za-z_][A-Za-z0-9_]*' |
	sed 's/.*(//' | sort -u > "$tmp/bad"
grep -v '^#define' "$unitdir/test_opts_sz.c" | grep -oE '\bOPTS_(INT|PTR)\([A-Za-z_][A-Za-z0-9_]*' |
	sed 's/.*(//' | sort -u > "$tmp/opts"

# LIBBPF_API declarations taking an opts struct: one line per declaration,
# with /* */ comments (the file joined into one line, newlines kept as
# \001) and then // comments removed
cat "$libdir"/libbpf.h "$libdir"/bpf.h "$libdir"/btf.h "$libdir"/libbpf_legacy.h |
	tr '\n' '\001' | sed -E -e 's#/\*([^*]|\*+[^*/])*\*+/##g' -e 's#//[^\x01]*##g' |
	tr '\001' ' ' | sed 's/;/;\n/g' | grep 'LIBBPF_API' |
	grep -E 'struct [a-z_]+_opts \*|struct bpf_tc_hook \*' |
	sed -n 's/^[^(]*[ *]\([A-Za-z_][A-Za-z0-9_]*\)[ ]*(.*/\1/p' | sort -u > "$tmp/want_opts"

# an empty list would make every check below pass
for f in map bad want_opts; do
	if [ ! -s "$tmp/$f" ]; then
		echo "check_bad_args: found no names for $f" >&2
		exit 1
	fi
done

fail=0
report() {
	if [ -s "$2" ]; then
		echo "check_bad_args: $1:" >&2
		sed 's/^/  /' "$2" >&2
		fail=1
	fi
}
comm -23 "$tmp/map" "$tmp/bad" > "$tmp/d1"
report "in libbpf.map but not in the table of unit/test_bad_args.c" "$tmp/d1"
comm -13 "$tmp/map" "$tmp/bad" > "$tmp/d2"
report "in unit/test_bad_args.c but not in libbpf.map" "$tmp/d2"
comm -23 "$tmp/want_opts" "$tmp/opts" > "$tmp/d3"
report "take an opts struct but have no entry in unit/test_opts_sz.c" "$tmp/d3"
comm -13 "$tmp/map" "$tmp/opts" > "$tmp/d4"
report "in unit/test_opts_sz.c but not in libbpf.map" "$tmp/d4"
[ "$fail" = 0 ] || exit 1
echo "check_bad_args: $(wc -l < "$tmp/map") functions in the bad-argument table," \
     "$(wc -l < "$tmp/opts") opts-taking ones in the oversized-opts table"
