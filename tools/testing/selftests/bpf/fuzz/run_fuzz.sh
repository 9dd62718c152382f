#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# run_fuzz.sh [-t SECONDS] [-o OUTDIR] [-c EXTRA_CORPUS] TARGET...
#
# Runs each libFuzzer target OUTDIR/TARGET for SECONDS (default 20) from
# a working corpus OUTDIR/TARGET.corpus seeded with fuzz/TARGET/seeds
# (and EXTRA_CORPUS). Crashes, leaks, timeouts (-timeout=10) and
# out-of-memory (-rss_limit_mb=2048) stop the target and leave the input
# in OUTDIR/TARGET.artifacts/; the reproducer's path, size and base64 are
# printed. Ends with "N passed, N failed" (one per target) and exits
# non-zero if any target found something.
set -uo pipefail

SRC=$(cd "$(dirname "$0")" && pwd)
TIME=20
OUT=$SRC/../output/fuzz
EXTRA=
while getopts "t:o:c:" opt; do
	case $opt in
	t) TIME=$OPTARG ;;
	o) OUT=$OPTARG ;;
	c) EXTRA=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [-o OUTDIR] [-c CORPUS] TARGET..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "run_fuzz.sh: no target" >&2; exit 2; }

passed=0 failed=0
for t in "$@"; do
	bin=$OUT/$t corpus=$OUT/$t.corpus art=$OUT/$t.artifacts
	log=$OUT/$t.log
	if [ ! -x "$bin" ]; then
		echo "run_fuzz: $t: $bin not built"
		failed=$((failed + 1))
		continue
	fi
	mkdir -p "$corpus" "$art"
	rm -f "$art"/*
	[ -d "$SRC/$t/seeds" ] && cp "$SRC/$t/seeds"/* "$corpus"/
	dirs=("$corpus")
	[ -n "$EXTRA" ] && dirs+=("$EXTRA")
	echo "run_fuzz: $t for ${TIME}s"
	"$bin" -max_total_time="$TIME" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$art/" "${dirs[@]}" > "$log" 2>&1
	rc=$?
	tail -n 12 "$log" | grep -E '^(stat::number_of_executed_units|stat::new_units_added|#[0-9]+.*DONE)' || true
	found=$(ls "$art" 2>/dev/null)
	if [ $rc -eq 0 ] && [ -z "$found" ]; then
		echo "run_fuzz: $t: ok"
		passed=$((passed + 1))
		continue
	fi
	failed=$((failed + 1))
	echo "run_fuzz: $t: FAILED (exit $rc), log $log:"
	grep -E 'ERROR: |SUMMARY: |runtime error|^    #[0-9] ' "$log" | head -n 30
	for f in $found; do
		echo "run_fuzz: $t: reproducer $art/$f ($(stat -c %s "$art/$f") bytes):"
		echo "  replay: make fuzz_replay FUZZ_TARGET=$t FUZZ_INPUT=$art/$f"
		head -c 4096 "$art/$f" | base64
	done
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
