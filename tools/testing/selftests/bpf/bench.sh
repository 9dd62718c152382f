#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# bench.sh: the library's user-space cost next to the system libbpf's
# (Debian 12: 1.1), on the running kernel (root for the loads). One
# harness, bench_cost.c, is linked against each library. Every row is
# counted in instructions (callgrind: stable whatever the machine's load,
# comparable across machines; the kernel's work, the verifier's above
# all, is not in them) and in wall time (best of BENCH_RUNS, default 3),
# with the ratio tree/system. Rows:
#
#   btf__parse vmlinux       the running kernel's BTF
#   open, all objects        ELF + BTF parse of every test object
#   load, process per object each program alone, one process per object
#   load, one process        the same loads, all in one process
#
# then the ring buffer benchmark (bench_ringbuf.sh). Reports; never fails
# on time.
set -eu
SRCDIR=$(cd "$(dirname "$0")" && pwd)
OUTPUT=${OUTPUT:-$SRCDIR/output}
OUTPUT=${OUTPUT%/}
LIBDIR=$(cd "$SRCDIR/../../../lib/bpf" && pwd)
RUNS=${BENCH_RUNS:-3}
W=$OUTPUT/bench
mkdir -p "$W"
cc -O2 -Wall -Wextra -Werror -o "$W/cost.system" "$SRCDIR/bench_cost.c" \
	$(pkg-config --cflags --libs libbpf)
cc -O2 -Wall -Wextra -Werror -I"$OUTPUT/include" -o "$W/cost.tree" "$SRCDIR/bench_cost.c" \
	"$LIBDIR/build/libbpf.a" -lelf -lz
mapfile -t objs < <(ls "$OUTPUT"/*.bpf.o)

# instructions of one run: ir SIDE ARGS...
ir()
{
	local side=$1

	shift
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$W/cost.$side" "$@" 2>&1 |
		sed -nE 's/.*Collected : ([0-9]+).*/\1/p'
}

# best wall time in ms of RUNS runs: ms SIDE ARGS...
ms()
{
	local side=$1 best= t0 t1 r

	shift
	for r in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		"$W/cost.$side" "$@" 2>/dev/null || true
		t1=$(date +%s%N)
		t1=$(((t1 - t0) / 1000))
		[ -z "$best" ] || [ "$t1" -lt "$best" ] && best=$t1
	done
	echo "$best"
}

# a row: NAME then, per side, "IR US"
row()
{
	awk -v n="$1" -v ti="$2" -v tt="$3" -v si="$4" -v st="$5" 'BEGIN {
		printf "%-26s %14.1f %14.1f %6.2f %10.1f %10.1f %6.2f\n", n,
		       ti / 1e6, si / 1e6, (si > 0 ? ti / si : 0),
		       tt / 1e3, st / 1e3, (st > 0 ? tt / st : 0) }'
}

# measure NAME MODE-ARGS...: one process
measure()
{
	local name=$1

	shift
	row "$name" "$(ir tree "$@")" "$(ms tree "$@")" "$(ir system "$@")" "$(ms system "$@")"
}

# measure_each NAME MODE: one process per object, summed
measure_each()
{
	local name=$1 mode=$2 side o i t sum_i sum_t
	declare -A I T

	for side in tree system; do
		sum_i=0 sum_t=0
		for o in "${objs[@]}"; do
			i=$(ir "$side" "$mode" "$o")
			t=$(ms "$side" "$mode" "$o")
			sum_i=$((sum_i + ${i:-0}))
			sum_t=$((sum_t + t))
		done
		I[$side]=$sum_i T[$side]=$sum_t
	done
	row "$name" "${I[tree]}" "${T[tree]}" "${I[system]}" "${T[system]}"
}

echo "bench: ${#objs[@]} test objects, kernel $(uname -r), $(pkg-config --modversion libbpf) as the system libbpf"
printf '%-26s %14s %14s %6s %10s %10s %6s\n' row "tree Minstr" "system Minstr" ratio \
	"tree ms" "system ms" ratio
measure "btf__parse vmlinux" parse
measure "open, all objects" open "${objs[@]}"
if [ "$(id -u)" = 0 ]; then
	measure_each "load, process per object" load
	measure "load, one process" load "${objs[@]}"
	echo
	"$SRCDIR/bench_ringbuf.sh"
else
	echo "bench: not root, the load rows and the ring buffer benchmark are skipped"
fi
