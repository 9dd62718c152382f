#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# bench_load.sh [-n N]: open+load+close timings of this tree against the
# system libbpf (Debian 12: 1.1) on the running kernel (root). Objects
# with kfuncs and __ksym externs need the kernel's BTF: libbpf parses it
# for every object, this tree once per process. Reports; never fails on
# time.
set -eu
SRCDIR=$(cd "$(dirname "$0")" && pwd)
OUTPUT=${OUTPUT:-$SRCDIR/output}
OUTPUT=${OUTPUT%/}
LIBDIR=$(cd "$SRCDIR/../../../lib/bpf" && pwd)
W=$OUTPUT/bench
mkdir -p "$W"
cc -O2 -o "$W/bench.system" "$SRCDIR/bench_load.c" $(pkg-config --cflags --libs libbpf)
cc -O2 -I"$OUTPUT/include" -o "$W/bench.tree" "$SRCDIR/bench_load.c" \
	"$LIBDIR/build/libbpf.a" -lelf -lz
objs=("$OUTPUT"/test_subprogs.bpf.o "$OUTPUT"/test_global_data.bpf.o \
      "$OUTPUT"/test_kfunc_calls.bpf.o "$OUTPUT"/test_externs.bpf.o)
for side in system tree; do
	echo "== $side libbpf =="
	"$W/bench.$side" "$@" "${objs[@]}"
done
