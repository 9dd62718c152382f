#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# `vmtest.sh -S` runs this in the VM instead of test_progs: it proves the
# VM can run BPF (bpffs, kernel BTF, bpf() through bpftool) without
# depending on test_progs, and ends with a test_progs-style summary line.
# Loading each *.bpf.o with bpftool is informational only: those objects
# target the newest kernel and bpftool uses its own libbpf, not ours.

pass=0
fail=0
skip=0

check()
{
	check_name=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then
		echo "PASS $check_name"
		pass=$((pass + 1))
	else
		echo "FAIL $check_name"
		tail -n 20 /tmp/check.out | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

skip()
{
	echo "SKIP $1: $2"
	skip=$((skip + 1))
}

mounted()
{
	grep -q " $1 $2 " /proc/mounts
}

load_objects()
{
	loaded=0
	for obj in ./*.bpf.o; do
		[ -e "$obj" ] || continue
		obj_name=$(basename "$obj" .bpf.o)
		mkdir -p /sys/fs/bpf/selfcheck
		if bpftool prog loadall "$obj" "/sys/fs/bpf/selfcheck/$obj_name" >/tmp/load.out 2>&1; then
			echo "    loaded $obj_name"
			loaded=$((loaded + 1))
		else
			echo "    not loaded $obj_name: $(grep -m1 -iE 'error|fail|invalid' /tmp/load.out)"
		fi
		rm -rf "/sys/fs/bpf/selfcheck/$obj_name"
	done
	echo "    $loaded object(s) loaded by bpftool"
	[ "$loaded" -gt 0 ]
}

echo "kernel $(uname -r)"
check bpffs mounted /sys/fs/bpf bpf
check kernel_btf test -s /sys/kernel/btf/vmlinux
check cgroup2 mounted /sys/fs/cgroup cgroup2
if [ -d /sys/kernel/tracing/events ] || [ -d /sys/kernel/debug/tracing/events ]; then
	check tracefs true
else
	skip tracefs "no tracefs in this kernel"
fi

if ! command -v bpftool >/dev/null; then
	skip bpf_syscall "no bpftool in the VM"
else
	check map_create bpftool map create /sys/fs/bpf/selfcheck_map \
		type array key 4 value 4 entries 1 name selfcheck
	rm -f /sys/fs/bpf/selfcheck_map
	check feature_probe sh -c 'n=$(bpftool feature probe kernel | grep -c "is available"); echo "$n features"; [ "$n" -gt 0 ]'
	grep -m1 features /tmp/check.out | sed 's/^/    /'
	if ls ./*.bpf.o >/dev/null 2>&1; then
		check prog_load load_objects && cat /tmp/check.out
	else
		skip prog_load "no *.bpf.o in $(pwd)"
	fi
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
