#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# bench_ringbuf.sh [-r ROUNDS]: records per second that ring buffer and
# perf buffer consumers hand to the application, this tree against the
# system libbpf (Debian 12: 1.1), on the running kernel (root). Both
# are the same harness, bench_ringbuf.c, linked against each library.
# Reports; never fails on speed.
set -eu
SRCDIR=$(cd "$(dirname "$0")" && pwd)
OUTPUT=${OUTPUT:-$SRCDIR/output}
OUTPUT=${OUTPUT%/}
LIBDIR=$(cd "$SRCDIR/../../../lib/bpf" && pwd)
W=$OUTPUT/bench
mkdir -p "$W"
cc -O2 -Wall -Wextra -Werror -o "$W/bench_ringbuf.system" "$SRCDIR/bench_ringbuf.c" $(pkg-config --cflags --libs libbpf)
cc -O2 -Wall -Wextra -Werror -I"$OUTPUT/include" -o "$W/bench_ringbuf.tree" "$SRCDIR/bench_ringbuf.c" \
	"$LIBDIR/build/libbpf.a" -lelf -lz
obj=$OUTPUT/bench_ringbuf.bpf.o
"$W/bench_ringbuf.system" "$@" "$obj" > "$W/ringbuf.system"
"$W/bench_ringbuf.tree" "$@" "$obj" > "$W/ringbuf.tree"
printf '%-22s %6s %12s %12s %7s\n' api size "system Mr/s" "tree Mr/s" ratio
join -j1 <(awk '{ print $1 "/" $2, $3 }' "$W/ringbuf.system" | sort) \
	 <(awk '{ print $1 "/" $2, $3 }' "$W/ringbuf.tree" | sort) | sort -t/ -k1,1 -k2n |
	awk '{ split($1, k, "/"); printf "%-22s %6s %12.2f %12.2f %7.2f\n",
	       k[1], k[2], $2, $3, ($2 > 0 ? $3 / $2 : 0) }'
