#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# run_all.sh: the whole test run behind "make test".
#
# Builds everything, then runs: the ABI and install checks, the
# kernel-free unit tests, a short run of every fuzz target
# (RUN_ALL_FUZZ_TIME seconds each, default 15), the comparison with the system libbpf and
# bpftool (objects, btf_dump), test_progs
# on the host kernel (plain, ASan+UBSan, valgrind; the caches under TSan)
# and the fault-injection harness, Debian's own tools on this libbpf.so.1 (host
# checks; the 6.1 VM check when the matrix has 6.1) and test_progs in
# the old-kernel VMs, then the example applications (examples/c) on
# the host and in the VMs. Ends with a
# table (suite x passed / failed / skipped) and the line
# "N passed, N failed, N skipped"; exits non-zero if anything failed.
#
# RUN_ALL_KERNELS=6.1 (or a,b / all / none) limits the VM matrix.
set -uo pipefail

SELFTESTS=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$SELFTESTS/../../../.." && pwd)
LIB=$TOP/tools/lib/bpf
OUT=$SELFTESTS/output
KERNELS=${RUN_ALL_KERNELS:-all}
LOGDIR=$OUT/run_all
mkdir -p "$LOGDIR"

rows=()
total_p=0 total_f=0 total_s=0

# record NAME PASSED FAILED SKIPPED
record() {
	rows+=("$(printf '%-34s %7s %7s %8s' "$1" "$2" "$3" "$4")")
	total_p=$((total_p + $2))
	total_f=$((total_f + $3))
	total_s=$((total_s + $4))
}

banner() {
	printf '\n===== %s =====\n' "$1"
}

# run a command whose only verdict is its exit status
run_check() {
	local name=$1
	shift
	banner "$name"
	if "$@"; then
		record "$name" 1 0 0
	else
		record "$name" 0 1 0
	fi
}

# "N passed, N failed[, N skipped]" from the last such line of a log
parse_counts() {
	grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1 |
		sed -E 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\2 \3 \5/'
}

# run a command printing "N passed, N failed[, N skipped]"
run_counted() {
	local name=$1 log=$LOGDIR/$2
	shift 2
	banner "$name"
	"$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	read -r p f s <<< "$(parse_counts "$log")"
	if [ -z "${p:-}" ]; then
		echo "run_all: $name printed no result line (exit status $rc)"
		record "$name" 0 1 0
		return
	fi
	# a non-zero exit with no failure counted is still a failure
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	record "$name" "$p" "$f" "${s:-0}"
}

# vm_rows SUITE LOG STATUS: a row per VMTEST_RESULT line of a vmtest.sh
# log, and a failed row for kernels of the matrix that reported nothing
vm_rows() {
	local suite=$1 log=$2 rc=$3 want got line k st p f s
	if [ "$KERNELS" = all ]; then
		want=$(grep -cvE '^[[:space:]]*(#|$)' "$SELFTESTS/vmtest/KERNELS")
	else
		want=$(tr ',' '\n' <<< "$KERNELS" | grep -c .)
	fi
	got=$(grep -c '^VMTEST_RESULT ' "$log")
	if [ "$got" -ne "$want" ]; then
		echo "run_all: $got of $want kernels reported a result (vmtest.sh exit $rc)"
		record "$suite, VMs: $((want - got)) missing" 0 1 0
	fi
	while read -r line; do
		k=$(sed -nE 's/.* kernel=([^ ]+).*/\1/p' <<< "$line")
		st=$(sed -nE 's/.* status=([^ ]+).*/\1/p' <<< "$line")
		p=$(sed -nE 's/.* passed=([0-9]+).*/\1/p' <<< "$line")
		f=$(sed -nE 's/.* failed=([0-9]+).*/\1/p' <<< "$line")
		s=$(sed -nE 's/.* skipped=([0-9]+).*/\1/p' <<< "$line")
		f=${f:-0}
		[ "$st" != ok ] && [ "$f" -eq 0 ] && f=1
		[ "${p:-0}" -eq 0 ] && [ "$f" -eq 0 ] && f=1	# nothing ran
		record "$suite, VM $k ($st)" "${p:-0}" "$f" "${s:-0}"
	done < <(grep '^VMTEST_RESULT ' "$log")
}

banner "build"
if ! make -s -C "$LIB" || ! make -s -C "$SELFTESTS" all; then
	echo "run_all: build failed"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

run_check "library builds with clang -Werror" \
	make -s -C "$LIB" CC=clang OUTPUT="$OUT/clang-build/"
run_check "libbpf.so ABI (check_abi)" make -s -C "$LIB" check_abi
run_check "bad-arg tables (check_bad_args)" \
	"$SELFTESTS/check_bad_args.sh" "$LIB" "$SELFTESTS/unit"
run_check "staged install (check_install)" \
	"$LIB/check_install.sh" "$LIB" "$SELFTESTS/obj_list.c" "$OUT/test_subprogs.bpf.o"
run_counted "unit tests (ASan+UBSan)" unit.log "$OUT/test_unit" -o "$OUT"
run_counted "unit tests under valgrind" valgrind.log make -s -C "$SELFTESTS" run_unit_valgrind
# every fuzz target briefly from its seeds (8 targets: about 2 minutes);
# a crash, leak, timeout or OOM fails the row, reproducer in fuzz.log
run_counted "fuzz" fuzz.log \
	make -s -C "$SELFTESTS" fuzz_ci FUZZ_CI_TIME="${RUN_ALL_FUZZ_TIME:-15}"

banner "comparison with the system libbpf"
make -s -C "$SELFTESTS" compare_libbpf 2>&1 | tee "$LOGDIR/compare.log"
read -r ident diff_cnt <<< "$(sed -nE 's/^([0-9]+) identical, ([0-9]+) different.*/\1 \2/p' "$LOGDIR/compare.log" | tail -1)"
if [ -n "${ident:-}" ]; then
	record "objects opened like libbpf 1.1" "$ident" "$diff_cnt" 0
else
	record "objects opened like libbpf 1.1" 0 1 0
fi

run_counted "vmlinux.h dumped like bpftool" btf_dump.log \
	make -s -C "$SELFTESTS" test_btf_dump

if [ "$(id -u)" -eq 0 ]; then
	banner "load verdicts compared with the system libbpf"
	make -s -C "$SELFTESTS" compare_load 2>&1 | tee "$LOGDIR/compare_load.log"
	read -r ident diff_cnt <<< "$(sed -nE 's/^([0-9]+) identical, ([0-9]+) different.*/\1 \2/p' "$LOGDIR/compare_load.log" | tail -1)"
	if [ -n "${ident:-}" ]; then
		record "programs loaded like libbpf 1.1" "$ident" "$diff_cnt" 0
	else
		record "programs loaded like libbpf 1.1" 0 1 0
	fi
	run_counted "test_progs, host $(uname -r)" host.log \
		sh -c "cd '$OUT' && ./test_progs"
	# the same tests and the library with ASan+UBSan (about 15 s, and a
	# minute to build), then under valgrind memcheck with leaks and
	# descriptors tracked (about 1.5 min; valgrind_deny.txt is skipped)
	run_counted "test_progs, host, ASan+UBSan" host_san.log \
		make -s -C "$SELFTESTS" run_progs_san
	run_counted "test_progs, host, valgrind" host_valgrind.log \
		make -s -C "$SELFTESTS" run_progs_valgrind
	# the per-process caches from 12 threads at once under TSan (20 s)
	run_counted "library caches, 12 threads, TSan" tsan.log \
		make -s -C "$SELFTESTS" run_tsan_caches
	# every syscall class failed at every N around open/load/attach and
	# the buffers (Documentation/bpf/reliability.rst); passed counts the
	# self-checks and the scenario x class cells
	run_counted "fault injection, host" fault_inject.log \
		make -s -C "$SELFTESTS" fault_inject FAULT_INJECT_ARGS=-q
	run_counted "Debian 12 xdp-tools on libbpf.so.1" xdp_tools.log \
		"$SELFTESTS/check_xdp_tools.sh" "$LIB/build"
	run_counted "Debian 12 bpftrace on libbpf.so.1" bpftrace.log \
		"$SELFTESTS/check_bpftrace.sh" "$LIB/build"
	run_counted "Debian 12 ip and tc on libbpf.so.1" iproute2.log \
		"$SELFTESTS/check_iproute2.sh" "$LIB/build" "$OUT"
else
	banner "test_progs, host"
	echo "run_all: not root, test_progs on the host is skipped"
	record "test_progs, host (not root)" 0 0 1
fi
# pahole's BTF encoder (btf__add_*(), btf__dedup()); kernel loads need root
run_counted "Debian 12 pahole on libbpf.so.1" pahole.log \
	"$SELFTESTS/check_pahole.sh" "$LIB/build" "$OUT"
# every LIBBPF_* import of Debian's libbpf.so.1 users is exported
run_counted "Debian libbpf users' imports" symbols.log \
	"$SELFTESTS/check_symbols.sh" "$LIB/build"
# -version; as root also the eBPF RSS of virtio-net on a tap
run_counted "Debian 12 qemu on libbpf.so.1" qemu.log \
	"$SELFTESTS/check_qemu.sh" "$LIB/build"

if [ "$KERNELS" != none ]; then
	banner "test_progs in VMs ($KERNELS)"
	"$SELFTESTS/vmtest.sh" -k "$KERNELS" -o "$OUT/vmtest" 2>&1 | tee "$LOGDIR/vmtest.log"
	vm_rc=${PIPESTATUS[0]}
	vm_rows "test_progs" "$LOGDIR/vmtest.log" "$vm_rc"
fi

# Debian's ip, tc, xdp-tools, bpftrace and pahole in the 6.1 VM
if [ "$KERNELS" = all ] || tr ', ' '\n\n' <<< "$KERNELS" | grep -qx '6.1'; then
	if [ "$(id -u)" -eq 0 ]; then
		run_counted "Debian 12 tools, VM 6.1" debian_tools_vm.log \
			"$SELFTESTS/check_debian_tools_vm.sh" "$LIB/build" "$OUT"
	else
		record "Debian 12 tools, VM 6.1 (not root)" 0 0 1
	fi
fi

# examples/c: built like an outside project, against a staged install
# through pkg-config, then run on the host and in the VMs
EXAMPLES=$TOP/examples/c
run_check "examples built via pkg-config" make -s -C "$EXAMPLES"
if [ "$(id -u)" -eq 0 ]; then
	run_counted "examples, host $(uname -r)" examples.log \
		"$EXAMPLES/test_examples.sh" "$EXAMPLES/output"
else
	record "examples, host (not root)" 0 0 1
fi
if [ "$KERNELS" != none ]; then
	banner "examples in VMs ($KERNELS)"
	make -s -C "$EXAMPLES" vmtest KERNELS="$KERNELS" 2>&1 | tee "$LOGDIR/examples_vm.log"
	vm_rows "examples" "$LOGDIR/examples_vm.log" "${PIPESTATUS[0]}"
fi

banner "summary"
printf '%-34s %7s %7s %8s\n' "suite" "passed" "failed" "skipped"
printf '%s\n' "${rows[@]}"
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]
