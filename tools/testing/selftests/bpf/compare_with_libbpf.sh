#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Compare how this tree's libbpf and the system's libbpf (Debian 12 ships
# 1.1) open the selftests' BPF objects.
#
#   compare_with_libbpf.sh [--system-only] [-v] [OBJ.bpf.o...]
#
# obj_list.c is built twice, against the system libbpf (pkg-config) and
# against this tree (headers in $OUTPUT/include/bpf, static libbpf.a),
# run on every object (default: $OUTPUT/*.bpf.o) and the two listings
# are diffed per object. Differences that come from the system libbpf
# being older than current upstream are listed, with the reason, in
# compare_libbpf_exceptions.txt; they are masked before the diff.
#
# Prints one line per object (OK / DIFF, with the diff), then
# "N identical, N different". Exit status: 0 all identical, 1 some
# object differs, 2 setup error (a build failed, no objects).
#
# --system-only  build and run only the system-libbpf side (listings in
#                $OUTPUT/compare/*.system), for when the tree's library
#                does not link yet.
# -v             also show both sides' libbpf warnings for differing
#                objects.
#
# Environment: OUTPUT (selftests build directory, default ./output),
# CC (default cc), EXCEPTIONS (default compare_libbpf_exceptions.txt next
# to this script).

set -u

SRCDIR=$(cd "$(dirname "$0")" && pwd)
TOPDIR=$(cd "$SRCDIR/../../../.." && pwd)
LIBDIR=$TOPDIR/tools/lib/bpf
OUTPUT=${OUTPUT:-$SRCDIR/output}
OUTPUT=${OUTPUT%/}
CC=${CC:-cc}
EXCEPTIONS=${EXCEPTIONS:-$SRCDIR/compare_libbpf_exceptions.txt}
WORK=$OUTPUT/compare
CFLAGS="-O1 -g -Wall -Wextra -Werror"

system_only=0
verbose=0
objs=()

die()
{
	echo "compare_with_libbpf: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--system-only) system_only=1 ;;
	-v) verbose=1 ;;
	-h|--help) sed -n '4,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) objs+=("$1") ;;
	esac
	shift
done

if [ ${#objs[@]} -eq 0 ]; then
	for f in "$OUTPUT"/*.bpf.o; do
		[ -e "$f" ] && objs+=("$f")
	done
fi
[ ${#objs[@]} -gt 0 ] || die "no BPF objects in $OUTPUT (run make first)"
[ -r "$EXCEPTIONS" ] || die "cannot read exceptions file $EXCEPTIONS"

mkdir -p "$WORK" || die "cannot create $WORK"

# the system side: /usr/include/bpf and the shared libbpf
build_system()
{
	local flags

	flags=$(pkg-config --cflags --libs libbpf) ||
		die "pkg-config does not know libbpf (install libbpf-dev)"
	# shellcheck disable=SC2086
	$CC $CFLAGS "$SRCDIR/obj_list.c" $flags -o "$WORK/obj_list.system" ||
		die "cannot build obj_list against the system libbpf"
}

# the tree side: this tree's headers and static library only
build_tree()
{
	local lib=$LIBDIR/build/libbpf.a

	[ -r "$OUTPUT/include/bpf/libbpf.h" ] ||
		die "no $OUTPUT/include/bpf/libbpf.h (run make -C $SRCDIR headers)"
	[ -r "$lib" ] || die "no $lib (run make -C $LIBDIR)"
	# shellcheck disable=SC2086
	$CC $CFLAGS -I"$OUTPUT/include" "$SRCDIR/obj_list.c" "$lib" -lelf -lz \
		-o "$WORK/obj_list.tree" ||
		die "cannot build obj_list against this tree's libbpf"
}

# Mask the differences that compare_libbpf_exceptions.txt documents for
# object $1 in the listing on stdin. An entry "OBJ KIND NAME FIELDS
# REASON" drops whole lines (FIELDS "*") or replaces FIELD=value by
# FIELD=(known) for each FIELD in the comma-separated list; KIND and NAME
# may be "*".
mask_known()
{
	awk -v obj="$1" '
	FNR == NR {
		if ($0 ~ /^[ \t]*(#|$)/ || $1 != obj)
			next
		n++
		kind[n] = $2; name[n] = $3; fields[n] = $4
		next
	}
	{
		drop = 0
		for (i = 1; i <= n; i++) {
			if (kind[i] != "*" && kind[i] != $1)
				continue
			if (name[i] != "*" && name[i] != $2)
				continue
			if (fields[i] == "*") {
				drop = 1
				break
			}
			nf = split(fields[i], f, ",")
			for (j = 1; j <= nf; j++)
				gsub(" " f[j] "=[^ ]*", " " f[j] "=(known)")
		}
		if (!drop)
			print
	}' "$EXCEPTIONS" -
}

has_exceptions()
{
	awk -v obj="$1" '$1 == obj && $0 !~ /^[ \t]*#/ { found = 1 }
			 END { exit !found }' "$EXCEPTIONS"
}

# every entry needs five fields: the reason is not optional
check_exceptions()
{
	awk '$0 !~ /^[ \t]*(#|$)/ && NF < 5 {
		printf "%s:%d: want OBJECT KIND NAME FIELDS REASON\n", FILENAME, FNR
		bad = 1
	}
	END { exit bad }' "$EXCEPTIONS" >&2 || die "malformed exceptions file"
}

check_exceptions
build_system
if [ $system_only -eq 1 ]; then
	for obj in "${objs[@]}"; do
		stem=$(basename "$obj" .bpf.o)
		"$WORK/obj_list.system" "$obj" >"$WORK/$stem.system" \
			2>"$WORK/$stem.system.err"
		echo "listed $stem: $WORK/$stem.system"
	done
	exit 0
fi
build_tree

identical=0
different=0
known=0
stale=""
for obj in "${objs[@]}"; do
	stem=$(basename "$obj" .bpf.o)
	sys=$WORK/$stem.system
	tree=$WORK/$stem.tree

	"$WORK/obj_list.system" "$obj" >"$sys" 2>"$sys.err"
	"$WORK/obj_list.tree" "$obj" >"$tree" 2>"$tree.err"
	if [ ! -s "$sys" ] || [ ! -s "$tree" ]; then
		echo "DIFF  $stem: no listing (obj_list crashed?)"
		different=$((different + 1))
		continue
	fi

	if cmp -s "$sys" "$tree"; then
		echo "OK    $stem"
		identical=$((identical + 1))
		has_exceptions "$stem" && stale="$stale $stem"
		continue
	fi

	if diff -u --label "$stem (system libbpf)" --label "$stem (this tree)" \
		<(mask_known "$stem" <"$sys") <(mask_known "$stem" <"$tree") \
		>"$WORK/$stem.diff"; then
		echo "OK    $stem (documented differences only)"
		identical=$((identical + 1))
		known=$((known + 1))
		continue
	fi

	echo "DIFF  $stem"
	sed 's/^/      /' "$WORK/$stem.diff"
	if [ $verbose -eq 1 ]; then
		sed 's/^/      system: /' "$sys.err"
		sed 's/^/      tree:   /' "$tree.err"
	fi
	different=$((different + 1))
done

for s in $stale; do
	echo "note: $s is identical now; its entries in $(basename "$EXCEPTIONS") can go"
done
echo "$identical identical, $different different" \
     "($known identical only after documented exceptions)"
[ $different -eq 0 ]
