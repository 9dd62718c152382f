#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# compare_load_with_libbpf.sh [OBJ.bpf.o...]   (as root)
#
# Load every program of every object alone, once with the system libbpf
# (Debian 12: 1.1) and once with this tree, on the running kernel, and
# compare the verdicts. Where libbpf 1.1 is older than upstream (or this
# tree lacks a feature), compare_load_exceptions.txt lists the program
# and why. Prints one line per differing program and
# "N identical, N different"; exit status 1 on an unexplained difference.
set -u

SRCDIR=$(cd "$(dirname "$0")" && pwd)
LIBDIR=$(cd "$SRCDIR/../../../lib/bpf" && pwd)
OUTPUT=${OUTPUT:-$SRCDIR/output}
OUTPUT=${OUTPUT%/}
EXCEPTIONS=$SRCDIR/compare_load_exceptions.txt
WORK=$OUTPUT/compare_load
mkdir -p "$WORK"

cc -O1 -g -Wall -Wextra -Werror -o "$WORK/load_list.system" "$SRCDIR/load_list.c" \
	$(pkg-config --cflags --libs libbpf) || exit 2
cc -O1 -g -Wall -Wextra -Werror -I"$OUTPUT/include" -o "$WORK/load_list.tree" \
	"$SRCDIR/load_list.c" "$LIBDIR/build/libbpf.a" -lelf -lz || exit 2

if [ $# -eq 0 ]; then
	set -- "$OUTPUT"/*.bpf.o
fi
# pinned maps go to a private bpffs directory, removed afterwards: under
# /sys/fs/bpf when that is a bpffs, else a bpffs mounted for this run
if [ "$(stat -f -c %T /sys/fs/bpf 2>/dev/null)" = bpf_fs ]; then
	pins=$(mktemp -d /sys/fs/bpf/compare_load_XXXXXX) || exit 2
	trap 'rm -rf "$pins"' EXIT
else
	# a fresh bpffs root holds maps.debug and progs.debug: use a subdir
	mnt=$(mktemp -d /tmp/compare_load_XXXXXX) || exit 2
	mount -t bpf bpf "$mnt" || { rmdir "$mnt"; exit 2; }
	trap 'umount "$mnt"; rmdir "$mnt"' EXIT
	pins=$mnt/pins
	mkdir "$pins" || exit 2
fi
rc=0
for side in system tree; do
	rm -rf "${pins:?}"/*
	(cd "$OUTPUT" && "$WORK/load_list.$side" -p "$pins" "$@") > "$WORK/$side.txt" ||
		{ echo "load_list.$side failed (exit $?)"; rc=2; }
done
[ $rc -eq 0 ] || exit $rc

same=0 different=0 known=0
# every (object, program) pair of either side, with both verdicts
join -a1 -a2 -e missing -o 0,1.2,2.2 \
	<(awk '{ print $1 "/" $2, $3 }' "$WORK/system.txt" | sort) \
	<(awk '{ print $1 "/" $2, $3 }' "$WORK/tree.txt" | sort) > "$WORK/both.txt"
while read -r key sys tree; do
	obj=${key%%/*} prog=${key#*/}
	if [ "$sys" = "$tree" ]; then
		same=$((same + 1))
		continue
	fi
	# an exception names the pair of verdicts it expects
	reason=$(awk -v o="${obj%.bpf.o}" -v p="$prog" -v s="$sys" -v t="$tree" \
		'!/^#/ && $1 == o && ($2 == p || $2 == "*") && $3 == s && $4 == t {
			$1 = $2 = $3 = $4 = ""; print; exit }' "$EXCEPTIONS")
	if [ -n "$reason" ]; then
		echo "known  $obj $prog: libbpf 1.1 $sys, tree $tree:$reason"
		known=$((known + 1))
		continue
	fi
	echo "DIFF   $obj $prog: libbpf 1.1 $sys, tree $tree"
	different=$((different + 1))
done < "$WORK/both.txt"
echo "$((same + known)) identical, $different different ($known only after documented exceptions)"
[ $different -eq 0 ]
