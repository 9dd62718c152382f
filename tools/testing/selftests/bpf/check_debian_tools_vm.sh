#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_debian_tools_vm.sh LIBDIR [OUTPUT]: Debian 12's own BPF tools
# run with LIBDIR's libbpf.so.1 in Debian's 6.1 kernel, in one vmtest.sh
# boot ("-k 6.1"; DEBIAN_TOOLS_KERNEL=SERIES picks another). OUTPUT is
# the selftests output directory (default: output/ next to this
# script), with test_iproute2*.bpf.o and btf_dedup_dump.
#
# On the host it stages into OUTPUT/debian-tools-vm/stage: Debian's
# /bin/ip, /sbin/tc, /usr/sbin/bpftool, bash and ldd, xdp-tools and
# libxdp1, bpftrace and libbpfcc, pahole (the packages downloaded with
# apt-get download into ~/.cache/bpf-vmtest/<name> and unpacked, never
# installed), llvm-objcopy (pahole -J calls it), a gcc -g binary built
# from pahole/*.c, the BPF objects and check scripts, and LIBDIR's
# libbpf.so.1 alone in the directory ourlib/. vmtest.sh copies the
# libraries each ELF file needs (ldd) to their system paths, Debian's
# libbpf.so.1 among them, so in the VM the system's library is Debian's
# 1.1 and /selftests/ourlib is put first on the library path where this
# one is wanted. bpftrace's LLVM makes the initramfs big: the VM gets
# VMTEST_MEM (default here 4G).
#
# In the VM ("--in-vm"), each part prints its checks and counts:
#   iproute2   check_iproute2.sh: ip/tc load XDP and tc programs that
#              drop pings; the __arg_ctx object loads with this library
#              and fails with Debian's libbpf 1.1 (6.1 has no arg:ctx)
#   xdp-tools  check_xdp_tools.sh: xdp-loader and xdp-filter
#   bpftrace   a tracepoint probe printing an argument and a struct
#              task_struct field (BTF types through btf_dump), and a
#              kfunc (fentry) probe printing a chain of struct fields
#   pahole     pahole -J on the gcc -g binary with both libraries: the
#              same .BTF, with the binary's types, that the kernel loads
# and the total. On the host the last line is that total, with a failed
# or missing VM run counted as a failure: "N passed, N failed, N skipped".
set -u
SELFTESTS=$(cd "$(dirname "$0")" && pwd)
CHECK_NAME=debian_tools_vm
# shellcheck source=check_lib.sh
. "$(dirname "$0")/check_lib.sh"

# ---- in the VM ------------------------------------------------------------------

VM_DIR=/selftests
VM_LIB=$VM_DIR/ourlib
VM_DEPS=$VM_DIR/dtlib

# bpftrace: $1 name, $2 what the output must contain, $3 the program,
# $4 a command that makes the probe fire (repeated until bpftrace exits)
bt_probe()
{
	local name=$1 want=$2 prog=$3 trigger=$4 log=$W/bt.txt i bpid

	LD_LIBRARY_PATH=$VM_LIB:$VM_DEPS "$VM_DIR/bpftrace" -e "$prog" > "$log" 2>&1 &
	bpid=$!
	for ((i = 0; i < 600; i++)); do
		grep -q '^Attaching' "$log" && break
		kill -0 $bpid 2> /dev/null || break
		sleep 0.5
	done
	for ((i = 0; i < 120; i++)); do
		kill -0 $bpid 2> /dev/null || break
		sh -c "$trigger" > /dev/null 2>&1
		sleep 0.5
	done
	if kill $bpid 2> /dev/null; then
		echo "  bpftrace did not exit: killed"
	fi
	wait $bpid
	local rc=$?
	sed 's/^/  /' "$log" | tail -n 8
	if [ $rc -eq 0 ] && grep -q -- "$want" "$log"; then
		result ok "bpftrace $name: $(grep -m 1 -- "$want" "$log")"
	else
		result fail "bpftrace $name: exit $rc, '$want' in its output"
	fi
}

vm_bpftrace()
{
	local bt=$VM_DIR/bpftrace marker=$VM_DIR/bt.marker

	pass=0 fail=0 skip=0
	if ! LD_LIBRARY_PATH=$VM_LIB:$VM_DEPS ldd "$bt" |
	     grep -q "libbpf.so.1 => $VM_LIB/libbpf.so.1 "; then
		LD_LIBRARY_PATH=$VM_LIB:$VM_DEPS ldd "$bt" | grep -E 'libbpf|not found'
		result fail "bpftrace resolves libbpf.so.1 from $VM_LIB"
		finish
	fi
	result ok "bpftrace resolves libbpf.so.1 from $VM_LIB (ldd)"
	echo marker > "$marker"

	bt_probe "tracepoint: args->filename, curtask->pid" "^openat $marker 1$" \
		'tracepoint:syscalls:sys_enter_openat /comm == "cat"/ {
			$t = (struct task_struct *)curtask;
			printf("openat %s %d\n", str(args->filename), (uint64)$t->tgid == pid);
			exit();
		}' "cat $marker"

	if LD_LIBRARY_PATH=$VM_LIB:$VM_DEPS "$bt" --info 2>&1 | grep -q 'kfunc: yes'; then
		bt_probe "kfunc: args->path->dentry->d_name.name" "^vfs_open bt.marker$" \
			'kfunc:vfs_open /comm == "cat"/ {
				printf("vfs_open %s\n", str(args->path->dentry->d_name.name));
				exit();
			}' "cat $marker"
	else
		result skip "bpftrace kfunc: bpftrace --info says $(LD_LIBRARY_PATH=$VM_LIB:$VM_DEPS "$bt" --info 2>&1 | grep -m 1 'kfunc:')"
	fi
	finish
}

vm_pahole()
{
	local pahole=$VM_DIR/pahole dump=$VM_DIR/btf_dedup_dump with

	pass=0 fail=0 skip=0
	if ! LD_LIBRARY_PATH=$VM_LIB ldd "$pahole" | grep -q "libbpf.so.1 => $VM_LIB/libbpf.so.1 "; then
		result fail "pahole resolves libbpf.so.1 from $VM_LIB"
		finish
	fi
	result ok "pahole resolves libbpf.so.1 from $VM_LIB (ldd)"
	for with in ours theirs; do
		cp "$VM_DIR/tree" "$W/tree.$with"
		if [ $with = ours ]; then
			LD_LIBRARY_PATH=$VM_LIB "$pahole" -J "$W/tree.$with"
		else
			env -u LD_LIBRARY_PATH "$pahole" -J "$W/tree.$with"
		fi || { result fail "pahole -J tree ($with)"; finish; }
		"$dump" -n -o "$W/$with.btf" "$W/tree.$with" > "$W/$with.txt" ||
			{ result fail "the .BTF pahole -J wrote ($with)"; finish; }
	done
	if cmp -s "$W/ours.btf" "$W/theirs.btf"; then
		result ok "pahole -J tree: $(wc -c < "$W/ours.btf") bytes of .BTF, the same as with Debian's libbpf 1.1"
	elif "$dump" -n "$W/ours.btf" | sed '$d' > "$W/a" && "$dump" -n "$W/theirs.btf" | sed '$d' > "$W/b" &&
	     cmp -s "$W/a" "$W/b"; then
		result ok "pahole -J tree: the same types as with Debian's libbpf 1.1 (strings in another order)"
	else
		result fail "pahole -J tree: the same .BTF as with Debian's libbpf 1.1"
	fi
	if grep -q "STRUCT 'tree'" "$W/ours.txt" && grep -q "STRUCT 'node'" "$W/ours.txt" &&
	   grep -q "ENUM 'color'" "$W/ours.txt"; then
		result ok "pahole -J tree: .BTF has struct tree, struct node, enum color"
	else
		head -n 20 "$W/ours.txt"
		result fail "pahole -J tree: .BTF has the binary's types"
	fi
	if "$dump" -n -k "$W/ours.btf" | tail -n 1 | grep -qx "kernel: loaded"; then
		result ok "pahole -J tree: the kernel loads the .BTF"
	else
		"$dump" -n -k "$W/ours.btf" | tail -n 3
		result fail "pahole -J tree: the kernel loads the .BTF"
	fi
	finish
}

in_vm()
{
	local part rows=() p f s tp=0 tf=0 ts=0 log

	cd "$VM_DIR" || exit 1
	W=$(mktemp -d)
	echo "debian_tools_vm: kernel $(uname -r); Debian's libbpf: $(ls -l /lib/x86_64-linux-gnu/libbpf.so.1* | sed 's/.* //' | tr '\n' ' ')"
	for part in iproute2 xdp-tools bpftrace pahole; do
		log=$W/$part.log
		echo
		echo "==== $part ===="
		case $part in
		iproute2) IP=$VM_DIR/ip TC=$VM_DIR/tc bash ./check_iproute2.sh "$VM_LIB" "$VM_DIR" ;;
		xdp-tools) XDP_TOOLS_ROOT=$VM_DIR/xdp-tools bash ./check_xdp_tools.sh "$VM_LIB" ;;
		bpftrace) (vm_bpftrace) ;;
		pahole) (vm_pahole) ;;
		esac 2>&1 | tee "$log"
		read -r p f s < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 |
				  sed -E 's/^([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/')
		if [ -z "${p:-}" ]; then
			p=0 f=1 s=0
			echo "debian_tools_vm: $part printed no result line"
		fi
		rows+=("$(printf '%-10s %7s %7s %8s' "$part" "$p" "$f" "$s")")
		tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
	done
	echo
	printf '%-10s %7s %7s %8s\n' part passed failed skipped
	printf '%s\n' "${rows[@]}"
	rm -rf "$W"
	echo "$tp passed, $tf failed, $ts skipped"
	[ "$tf" -eq 0 ]
}

if [ "${1:-}" = --in-vm ]; then
	in_vm
	exit
fi

# ---- on the host: stage, boot, judge ---------------------------------------------

LIBDIR=$(cd "${1:?usage: $0 LIBDIR [OUTPUT]}" && pwd)
OUT=$(cd "${2:-$SELFTESTS/output}" && pwd)
KERNEL=${DEBIAN_TOOLS_KERNEL:-6.1}
CACHE=${VMTEST_CACHE:-$HOME/.cache/bpf-vmtest}
BASE=$OUT/debian-tools-vm
S=$BASE/stage

if [ "$(id -u)" -ne 0 ]; then
	echo "debian_tools_vm: needs root (apt-get download, the VM's checks run as root there): skipped"
	skip=1
	finish
fi
for f in "$OUT/test_iproute2.bpf.o" "$OUT/test_iproute2_arg_ctx.bpf.o" "$OUT/btf_dedup_dump" \
	 "$LIBDIR/libbpf.so.1" /bin/ip /sbin/tc /bin/bash /usr/bin/ldd; do
	[ -e "$f" ] || { result fail "$f is there"; finish; }
done
OBJCOPY=$(command -v llvm-objcopy) || { result fail "llvm-objcopy for pahole -J"; finish; }
BPFTOOL=$(command -v bpftool || echo /usr/sbin/bpftool)

rm -rf "$S" && mkdir -p "$S/top" "$S/ourlib" "$S/dtlib" "$S/xdp-tools" || exit 1

# $1: cache dir name; rest: packages, downloaded once, unpacked into $S/$1
unpack()
{
	local dir=$CACHE/$1 into=$S/root-$1 pkg deb

	shift
	mkdir -p "$dir" || return 1
	for pkg in "$@"; do
		if ! ls "$dir/${pkg}"_*.deb > /dev/null 2>&1; then
			(cd "$dir" && apt-get download -q -o APT::Sandbox::User=root "$pkg") || return 1
		fi
		deb=$(ls "$dir/${pkg}"_*.deb | tail -n 1)
		dpkg-deb -x "$deb" "$into" || return 1
		echo "debian_tools_vm: staged $(basename "$deb")"
	done
}
unpack xdp-tools libxdp1 xdp-tools || { result fail "xdp-tools and libxdp1"; finish; }
unpack bpftrace bpftrace libbpfcc || { result fail "bpftrace and libbpfcc"; finish; }
unpack pahole pahole || { result fail "pahole"; finish; }

# what the checks run, at the top of /selftests
cp "$SELFTESTS/check_debian_tools_vm.sh" "$SELFTESTS/check_lib.sh" "$SELFTESTS/check_iproute2.sh" \
   "$SELFTESTS/check_xdp_tools.sh" "$OUT/test_iproute2.bpf.o" \
   "$OUT/test_iproute2_arg_ctx.bpf.o" "$OUT/btf_dedup_dump" "$S/top/" &&
cp -L /bin/ip /sbin/tc /bin/bash /usr/bin/ldd "$OBJCOPY" "$S/top/" &&
cp "$S/root-bpftrace/usr/bin/bpftrace" "$S/root-pahole/usr/bin/pahole" "$S/top/" &&
cp -a "$S"/root-bpftrace/usr/lib/x86_64-linux-gnu/libbcc* "$S/dtlib/" &&
mkdir -p "$S/xdp-tools/usr/sbin" "$S/xdp-tools/usr/lib" &&
cp -a "$S"/root-xdp-tools/usr/sbin/xdp-loader "$S"/root-xdp-tools/usr/sbin/xdp-filter \
   "$S/xdp-tools/usr/sbin/" &&
cp -a "$S"/root-xdp-tools/usr/lib/x86_64-linux-gnu "$S/xdp-tools/usr/lib/" &&
cp "$LIBDIR/libbpf.so.1" "$S/ourlib/" || { result fail "staging into $S"; finish; }
[ -x "$BPFTOOL" ] && cp "$BPFTOOL" "$S/top/"
if ! gcc -g -O1 -Wall -Werror -o "$S/top/tree" "$SELFTESTS"/pahole/*.c; then
	result fail "gcc -g pahole/*.c"
	finish
fi

# vmtest.sh finds the libraries of the staged ELF files with ldd: the
# packages' own libraries through LD_LIBRARY_PATH, the rest (Debian's
# libbpf.so.1 too) in the system's directories
echo "debian_tools_vm: booting $KERNEL"
env -u LD_LIBRARY_PATH \
	LD_LIBRARY_PATH="$S/dtlib:$S/xdp-tools/usr/lib/x86_64-linux-gnu" \
	VMTEST_MEM="${VMTEST_MEM:-4G}" \
	"$SELFTESTS/vmtest.sh" -k "$KERNEL" -o "$BASE/vm" -t "${VMTEST_TIMEOUT:-1800}" \
	-d "$S/top" -i "$S/ourlib" -i "$S/dtlib" -i "$S/xdp-tools" -- \
	sh -c 'ln -sf /selftests/bash /bin/bash && exec /bin/bash ./check_debian_tools_vm.sh --in-vm'
vm_rc=$?

R=$BASE/vm/$KERNEL/result
if [ ! -s "$R" ]; then
	result fail "the $KERNEL VM ran (vmtest.sh exit $vm_rc, no $R)"
	finish
fi
status=$(sed -n 's/^status=//p' "$R")
pass=$(sed -n 's/^passed=//p' "$R")
fail=$(sed -n 's/^failed=//p' "$R")
skip=$(sed -n 's/^skipped=//p' "$R")
echo "debian_tools_vm: kernel $KERNEL ($(sed -n 's/^version=//p' "$R")): status $status, output in $BASE/vm/$KERNEL/output.log"
if [ "$status" != ok ] && [ "${fail:-0}" -eq 0 ]; then
	fail=1
fi
if [ "${pass:-0}" -eq 0 ] && [ "${fail:-0}" -eq 0 ]; then
	echo "debian_tools_vm: nothing ran in the VM"
	fail=1
fi
pass=${pass:-0} fail=${fail:-0} skip=${skip:-0}
finish
