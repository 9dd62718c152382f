#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Run the BPF selftests inside old kernels: Debian kernel packages booted
# with qemu (TCG, no KVM needed) from an initramfs made of static busybox,
# the selftests output directory and the shared libraries its binaries use.
# See Documentation/bpf/selftests.rst.

set -uo pipefail
shopt -s nullglob

SELFDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONFDIR=$SELFDIR/vmtest

CACHE=${VMTEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bpf-vmtest}
TIMEOUT=${VMTEST_TIMEOUT:-600}
MEM=${VMTEST_MEM:-2G}
SMP=${VMTEST_SMP:-2}
ACCEL=${VMTEST_ACCEL:-tcg}
BUSYBOX=${VMTEST_BUSYBOX:-/bin/busybox}
KEYRING=${VMTEST_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
VM_WORKDIR=/selftests
VM_CONFDIR=/vmtest

KERNEL_ARG=all
OUTDIR=$SELFDIR/output/vmtest
TESTDIR=$SELFDIR/output
SHELL_MODE=0
SELFCHECK=0
EXTRA_ARGS=()
INCLUDES=()
COMMAND=()

usage()
{
	cat <<EOF
usage: ${0##*/} [options] [-- COMMAND [ARG...]]

Boot each kernel of the matrix (vmtest/KERNELS) under qemu with the test
directory copied into the initramfs, run COMMAND there (default:
./test_progs with the kernel's allow/deny list flags) and exit with its
status. One line per kernel starts with VMTEST_RESULT.

  -k SERIES   kernel to run: $(kernel_series | tr '\n' '|')all (default: all)
  -d DIR      test directory to copy in, its top-level files (default:
              $TESTDIR)
  -o OUTDIR   logs and initramfs images (default: $OUTDIR)
  -i PATH     also copy PATH (file or directory) into the test directory
  -x ARG      extra argument for the default test_progs command (repeatable)
  -t SECONDS  time limit per VM (default: $TIMEOUT)
  -S          self-check: run vmtest/selfcheck.sh with bpftool instead
  -s          interactive shell in the VM instead of running tests
  -h          this help

COMMAND runs in $VM_WORKDIR inside the VM with VMTEST_FLAGS (the allow/deny
flags) and VMTEST_KERNEL in its environment, e.g.
  ${0##*/} -k 5.10 -- sh -c './test_progs -v \$VMTEST_FLAGS'

Environment: VMTEST_CACHE (download cache, default
~/.cache/bpf-vmtest), VMTEST_TIMEOUT, VMTEST_MEM, VMTEST_SMP,
VMTEST_ACCEL (tcg or kvm), VMTEST_APPEND (extra kernel command line),
VMTEST_MEMLOCK (ulimit -l in the VM; default: the kernel's own default),
VMTEST_MIRROR and VMTEST_SECURITY_MIRROR (Debian mirrors),
VMTEST_REFRESH=1 (resolve the kernel packages again).
EOF
}

msg()
{
	printf 'vmtest: %s\n' "$*" >&2
}

die()
{
	msg "error: $*"
	exit 125
}

# private apt configurations per suite: apt_update, download_package
# shellcheck source=debian_apt.sh
. "$SELFDIR/debian_apt.sh"

# --- host tools -------------------------------------------------------------

is_static()
{
	[ -x "$1" ] && ! ldd "$1" >/dev/null 2>&1
}

# Debian packages of the host tools that are missing
missing_packages()
{
	local t pkg

	for t in qemu-system-x86_64:qemu-system-x86 cpio:cpio xz:xz-utils \
		 dpkg-deb:dpkg apt-get:apt timeout:coreutils flock:util-linux; do
		pkg=${t#*:}
		command -v "${t%%:*}" >/dev/null || echo "$pkg"
	done
	is_static "$BUSYBOX" || echo busybox-static
}

# install what is missing, and only that: never upgrade the host's packages
ensure_tools()
{
	local missing

	missing=$(missing_packages | tr '\n' ' ')
	missing=${missing% }
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ] || [ -n "${VMTEST_NO_INSTALL:-}" ]; then
		die "missing host packages: $missing (static busybox: $BUSYBOX)"
	fi
	msg "installing missing host packages: $missing"
	# shellcheck disable=SC2086
	if ! apt-get update -qq >&2 ||
	   ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade \
		$missing >&2; then
		die "apt-get install $missing failed"
	fi
	missing=$(missing_packages | tr '\n' ' ')
	missing=${missing% }
	[ -z "$missing" ] || die "still missing after install: $missing (static busybox: $BUSYBOX)"
}

# --- configuration files ------------------------------------------------------

# print a config file without comments and blank lines
config_lines()
{
	[ -f "$1" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^[[:space:]]*$/d' "$1"
}

kernel_series()
{
	config_lines "$CONFDIR/KERNELS" | awk '{ print $1 }'
}

# sets SUITE PIN_PKG PIN_VER FALLBACK for series $1
kernel_entry()
{
	local line

	line=$(config_lines "$CONFDIR/KERNELS" | awk -v s="$1" '$1 == s')
	[ -n "$line" ] || return 1
	read -r _ SUITE PIN_PKG PIN_VER FALLBACK <<<"$line"
	[ -n "$FALLBACK" ] || die "vmtest/KERNELS: incomplete line for $1"
}

# `name  # reason` lines of the deny lists for series $1, as "name<TAB>reason"
deny_entries()
{
	local f line name reason

	for f in "$CONFDIR/DENYLIST" "$CONFDIR/DENYLIST.$1"; do
		[ -f "$f" ] || continue
		while IFS= read -r line; do
			name=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' <<<"$line")
			[ -n "$name" ] || continue
			reason=$(sed -n -e 's/^[^#]*#[[:space:]]*//p' <<<"$line")
			[ -n "$reason" ] ||
				die "${f#"$SELFDIR"/}: '$name' has no '# reason' comment"
			printf '%s\t%s\n' "$name" "$reason"
		done <"$f"
	done
}

allow_entries()
{
	config_lines "$CONFDIR/ALLOWLIST"
	config_lines "$CONFDIR/ALLOWLIST.$1"
}

# write the allow and deny lists of series $1 into directory $2 as the
# files test_progs reads with -a @FILE and -d @FILE (one entry a line, its
# reason as comment) and print the flags that name them, one a line
write_lists()
{
	local series=$1 dir=$2

	allow_entries "$series" >"$dir/ALLOWLIST"
	deny_entries "$series" | awk -F'\t' '{ print $1 "\t# " $2 }' >"$dir/DENYLIST"
	[ -s "$dir/ALLOWLIST" ] && printf -- '-a\n@%s/ALLOWLIST\n' "$VM_CONFDIR"
	[ -s "$dir/DENYLIST" ] && printf -- '-d\n@%s/DENYLIST\n' "$VM_CONFDIR"
	return 0
}

# --- kernel packages ----------------------------------------------------------

# names of modules to load, from vmtest/MODULES
module_names()
{
	config_lines "$CONFDIR/MODULES" | awk '{ print $1 }'
}

mod_pattern()
{
	echo "*/${1//[-_]/[-_]}.ko*"
}

mod_builtin()
{
	grep -qE "/${1//[-_]/[-_]}\.ko$" "$2/modules.builtin" 2>/dev/null
}

mod_file()
{
	local f

	for f in "$2"/modules/${1//[-_]/[-_]}.ko; do
		echo "$f"
		return 0
	done
	return 1
}

# extract what vmtest needs from the .deb into $2: vmlinuz, config,
# modules.builtin and the modules of vmtest/MODULES with their dependencies
extract_kernel()
{
	local deb=$1 kdir=$2 tmp pats name dep f

	tmp=$kdir.tmp
	rm -rf "$tmp" && mkdir -p "$tmp/kmods" || return 1
	msg "extracting $(basename "$deb")"
	pats=('./boot/vmlinuz-*' './boot/config-*' '*/modules.builtin')
	for name in $(module_names); do
		pats+=("$(mod_pattern "$name")")
	done
	for _ in 1 2 3 4 5 6 7 8; do
		dpkg-deb --fsys-tarfile "$deb" |
			tar -x -C "$tmp/kmods" --wildcards --wildcards-match-slash \
			    --transform='s|.*/||' "${pats[@]}" 2>/dev/null
		for f in "$tmp"/kmods/*.ko.xz; do
			xz -d -f "$f" || return 1
		done
		for f in "$tmp"/kmods/*.ko.zst; do
			zstd -q -d --rm -f "$f" || return 1
		done
		pats=()
		for f in "$tmp"/kmods/*.ko; do
			for dep in $(tr '\0' '\n' <"$f" | sed -n 's/^depends=//p' | tr ',' ' '); do
				[ -e "$tmp/kmods/$dep.ko" ] || [ -e "$tmp/kmods/${dep//_/-}.ko" ] ||
					mod_builtin "$dep" "$tmp/kmods" ||
					pats+=("$(mod_pattern "$dep")")
			done
		done
		[ ${#pats[@]} -eq 0 ] && break
	done
	[ ${#pats[@]} -eq 0 ] || { msg "unresolved module dependencies: ${pats[*]}"; return 1; }
	mkdir -p "$tmp/modules"
	mv "$tmp"/kmods/*.ko "$tmp/modules/" 2>/dev/null
	f=$(echo "$tmp"/kmods/vmlinuz-*)
	echo "${f##*/vmlinuz-}" >"$tmp/kver"
	mv "$tmp"/kmods/vmlinuz-* "$tmp/vmlinuz" &&
		mv "$tmp"/kmods/config-* "$tmp/config" || { msg "no kernel image in $deb"; return 1; }
	mv "$tmp/kmods/modules.builtin" "$tmp/modules.builtin" 2>/dev/null || : >"$tmp/modules.builtin"
	rm -rf "$tmp/kmods"
	grep -q '^CONFIG_DEBUG_INFO_BTF=y' "$tmp/config" ||
		msg "WARNING: $(basename "$deb") has no CONFIG_DEBUG_INFO_BTF"
	module_names >"$tmp/modules.wanted"
	basename "$deb" .deb | cut -d_ -f2 >"$tmp/version"
	rm -rf "$kdir" && mv "$tmp" "$kdir"
}

# the package and version to use for series $1 (after kernel_entry and
# apt_update): the pinned one while the suite still has it, else the
# newest package matching the series' fallback pattern
resolve_package()
{
	local series=$1 pkg ver

	apt_opts "$SUITE"
	if apt-cache "${APT_OPTS[@]}" show "$PIN_PKG=$PIN_VER" >/dev/null 2>&1; then
		echo "$PIN_PKG $PIN_VER"
		return 0
	fi
	for pkg in $(apt-cache "${APT_OPTS[@]}" pkgnames linux-image- |
		     grep -E "$FALLBACK" | sort -rV); do
		ver=$(apt-cache "${APT_OPTS[@]}" show --no-all-versions "$pkg" 2>/dev/null |
		      sed -n 's/^Version: //p' | head -n1)
		[ -n "$ver" ] && { echo "$pkg $ver"; return 0; }
	done
	msg "$series: neither $PIN_PKG=$PIN_VER nor a package matching '$FALLBACK' in $SUITE"
	return 1
}

# print the kernel directory for series $1, fetching it on first use; the
# choice of package is remembered so later runs need no network at all
fetch_kernel_locked()
{
	local series=$1 resolved=$CACHE/kernels/$1.resolved
	local pin='' pkg='' ver='' kdir updated=0

	kernel_entry "$series" || { msg "unknown kernel '$series' (see vmtest/KERNELS)"; return 1; }
	if [ -z "${VMTEST_REFRESH:-}" ] && [ -s "$resolved" ]; then
		read -r pin pkg ver <"$resolved"
		[ "$pin" = "$PIN_PKG=$PIN_VER" ] || pkg=
	fi
	if [ -z "$pkg" ]; then
		apt_update "$SUITE" || return 1
		updated=1
		read -r pkg ver < <(resolve_package "$series") || return 1
	fi
	[ "$pkg=$ver" = "$PIN_PKG=$PIN_VER" ] ||
		msg "WARNING: $series: pinned $PIN_PKG=$PIN_VER is not in $SUITE;" \
		    "using $pkg=$ver instead (update vmtest/KERNELS)"
	kdir=$CACHE/kernels/${pkg}_$ver
	if [ ! -s "$kdir/kver" ] || ! module_names | cmp -s - "$kdir/modules.wanted"; then
		if [ ! -s "$(deb_path "$pkg" "$ver")" ] && [ $updated = 0 ]; then
			apt_update "$SUITE" || return 1
		fi
		deb=$(download_package "$SUITE" "$pkg" "$ver") || return 1
		extract_kernel "$deb" "$kdir" || return 1
	fi
	echo "$PIN_PKG=$PIN_VER $pkg $ver" >"$resolved"
	echo "$kdir"
}

fetch_kernel()
{
	mkdir -p "$CACHE/kernels" || return 1
	(
		flock 9 || exit 1
		fetch_kernel_locked "$1"
	) 9>"$CACHE/lock"
}

# --- initramfs ----------------------------------------------------------------

is_elf()
{
	local magic

	LC_ALL=C IFS= read -r -n 4 magic <"$1" 2>/dev/null
	[ "$magic" = $'\x7fELF' ]
}

# copy the shared libraries and the loader of ELF file $1 under root $2
copy_libs()
{
	local f=$1 root=$2 out lib

	out=$(ldd "$f" 2>&1) || return 0	# static or not a host binary
	if grep -q 'not found' <<<"$out"; then
		msg "$f: $(grep 'not found' <<<"$out" | head -n1 | sed 's/^[[:space:]]*//')"
		return 1
	fi
	for lib in $(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out"); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib" || return 1
	done
}

# does the file belong in the VM? skip build intermediates
wanted_file()
{
	case "${1##*/}" in
	*.bpf.o) return 0 ;;
	*.o | *.d | *.a | *.h | *.c | *.tmp | *.cpio | *.log) return 1 ;;
	# the host-only sanitizer and valgrind builds (13 MB and their
	# runtimes' libraries)
	test_progs_san | test_progs_dyn | tsan_caches) return 1 ;;
	esac
	return 0
}

copy_into()
{
	local src=$1 dst=$2 f

	if [ -d "$src" ]; then
		cp -a "$src" "$dst/" || return 1
		while IFS= read -r -d '' f; do
			is_elf "$f" && { copy_libs "$f" "$ROOT" || return 1; }
		done < <(find "$src" -type f -perm -u+x -print0)
		return 0
	fi
	cp -L "$src" "$dst/" || return 1
	if [ -x "$src" ] && is_elf "$src"; then
		copy_libs "$src" "$ROOT" || return 1
	fi
	return 0
}

# the part shared by every kernel: busybox, /init, the tests and their libs
build_base()
{
	local base=$OUTDIR/base f d

	ROOT=$base/root
	rm -rf "$base" && mkdir -p "$ROOT" || return 1
	for d in bin sbin usr/bin usr/sbin dev proc sys tmp run root etc "${VM_WORKDIR#/}"; do
		mkdir -p "$ROOT/$d" || return 1
	done
	cp "$BUSYBOX" "$ROOT/bin/busybox" && cp "$CONFDIR/init" "$ROOT/init" &&
		chmod 0755 "$ROOT/init" || return 1
	echo 'root:x:0:0:root:/root:/bin/sh' >"$ROOT/etc/passwd"
	echo 'root:x:0:' >"$ROOT/etc/group"
	if [ -d "$TESTDIR" ]; then
		for f in "$TESTDIR"/*; do
			[ -f "$f" ] && wanted_file "$f" || continue
			copy_into "$f" "$ROOT$VM_WORKDIR" || return 1
		done
	fi
	for f in "${INCLUDES[@]}"; do
		copy_into "$f" "$ROOT$VM_WORKDIR" || return 1
	done
	(cd "$ROOT" && find . -print0 | LC_ALL=C sort -z |
		cpio -o -0 -H newc -R 0:0 --quiet) >"$base/base.cpio" || return 1
	msg "initramfs: $(du -sh "$ROOT" | cut -f1) ($(find "$ROOT$VM_WORKDIR" -type f | wc -l) test files)"
}

shell_quote()
{
	local a out=

	for a in "$@"; do
		out+=" '${a//\'/\'\\\'\'}'"
	done
	echo "${out# }"
}

# the per-kernel part: /vmtest/{env,cmd,modules,*.ko} and the kernel's
# /boot/config-* (libbpf reads Kconfig externs from it); $1 series, $2 kernel dir
build_kernel_cpio()
{
	local series=$1 kdir=$2 odir=$OUTDIR/$1 dir=$OUTDIR/$1/vmtest name f flags=()

	rm -rf "$dir" "${odir:?}/boot" && mkdir -p "$dir" "$odir/boot" || return 1
	cp "$kdir/config" "$odir/boot/config-$(cat "$kdir/kver")" || return 1
	mapfile -t flags < <(write_lists "$series" "$dir")
	{
		echo "VMTEST_NONCE=$NONCE"
		echo "VMTEST_KERNEL=$series"
		echo "VMTEST_WORKDIR=$VM_WORKDIR"
		echo "VMTEST_SHELL=$SHELL_MODE"
		echo "VMTEST_MEMLOCK=${VMTEST_MEMLOCK:-}"
		echo "VMTEST_FLAGS=$(shell_quote "${flags[*]}")"
	} >"$dir/env"
	if [ ${#COMMAND[@]} -gt 0 ]; then
		shell_quote "${COMMAND[@]}" >"$dir/cmd"
	else
		shell_quote ./test_progs "${flags[@]}" "${EXTRA_ARGS[@]}" >"$dir/cmd"
	fi
	: >"$dir/modules"
	for name in $(module_names); do
		mod_builtin "$name" "$kdir" && continue
		f=$(mod_file "$name" "$kdir") ||
			{ msg "$series: module $name is not in the kernel package, not loaded"; continue; }
		add_module "$kdir" "$f" "$dir" || return 1
	done
	(cd "$odir" && find vmtest boot -print0 | LC_ALL=C sort -z |
		cpio -o -0 -H newc -R 0:0 --quiet) >"$odir/vmtest.cpio"
}

# copy module $2 and its dependencies (first) into $3, listing them in load order
add_module()
{
	local kdir=$1 f=$2 dir=$3 base dep depf

	base=$(basename "$f")
	grep -qx "$base" "$dir/modules" && return 0
	for dep in $(tr '\0' '\n' <"$f" | sed -n 's/^depends=//p' | tr ',' ' '); do
		mod_builtin "$dep" "$kdir" && continue
		depf=$(mod_file "$dep" "$kdir") || { msg "$base needs $dep, not found"; return 1; }
		add_module "$kdir" "$depf" "$dir" || return 1
	done
	cp "$f" "$dir/" && echo "$base" >>"$dir/modules"
}

# --- running --------------------------------------------------------------------

clean_console()
{
	LC_ALL=C sed -u -e 's#\x1b\[[0-9;?]*[ -/]*[@-~]##g' \
		-e 's/\x1b[()][0-9A-Za-z]//g' -e 's/\x1b[@-~]//g' \
		-e 's/[\x01-\x08\x0b\x0c\x0d\x0e-\x1a\x1c-\x1f\x7f]//g'
}

# print the command's output live, from the console stream; blank lines
# are held back so the one before the END marker is dropped
show_output()
{
	local line on=0 blank=0

	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
		*"VMTEST_BEGIN.$NONCE"*) on=1 blank=0 ;;
		*"VMTEST_END.$NONCE"*) on=0 ;;
		'') [ $on = 1 ] && blank=$((blank + 1)) ;;
		*)
			[ $on = 1 ] || continue
			for ((; blank > 0; blank--)); do echo; done
			printf '%s\n' "$line"
			;;
		esac
	done
	return 0
}

# lines of console log $1 between markers $2 and $3 of this run
between()
{
	awk -v b="$2.$NONCE" -v e="$3.$NONCE" '
		index($0, e) { on = 0 }
		on && $0 == "" { blank++; next }
		on { for (; blank > 0; blank--) print ""; print }
		index($0, b) { on = 1; blank = 0 }' "$1"
}

marker_value()
{
	grep -a "$2.$NONCE" "$1" | tail -n1 | sed -n "s/.*$2\.$NONCE$3//p"
}

qemu_cmd()
{
	local kdir=$1 initrd=$2 cpu=max accel=$ACCEL append

	[ "$ACCEL" = kvm ] && cpu=host
	# one host thread runs all vCPUs: with a thread per vCPU, TCG lets a
	# vCPU run stale code while another patches kernel text (static keys
	# switched by perf_event_open, ftrace), and 6.12 dies of an int3 oops
	[ "$ACCEL" = tcg ] && accel=tcg,thread=single
	append="console=ttyS0,115200 panic=-1 oops=panic quiet mitigations=off"
	append+=" i8042.noaux i8042.nokbd no_timer_check ${VMTEST_APPEND:-}"
	QEMU=(qemu-system-x86_64 -machine pc -accel "$accel" -cpu "$cpu"
	      -m "$MEM" -smp "$SMP" -nodefaults -display none -no-reboot
	      -net none -kernel "$kdir/vmlinuz" -initrd "$initrd"
	      -append "$append")
}

# fetch the kernel of series $1 and build its initramfs; sets KDIR, VERSION
prepare_kernel()
{
	local series=$1 odir=$OUTDIR/$1

	rm -rf "$odir" && mkdir -p "$odir" || die "cannot create $odir"
	KDIR=$(fetch_kernel "$series") || die "$series: cannot get the kernel"
	VERSION=$(cat "$KDIR/version")
	echo "==== vmtest: kernel $series ($VERSION) ===="
	deny_entries "$series" | while IFS=$'\t' read -r name reason; do
		echo "vmtest: $series: denied $name: $reason"
	done
	build_kernel_cpio "$series" "$KDIR" || die "$series: cannot build the initramfs"
	cat "$OUTDIR/base/base.cpio" "$odir/vmtest.cpio" >"$odir/initramfs.cpio" ||
		die "$series: cannot write $odir/initramfs.cpio"
}

# boot the VM of $1 with the console into console.log, the command's output
# shown live; sets QEMU_RC and WALL
boot_vm()
{
	local odir=$OUTDIR/$1 t0 t1

	qemu_cmd "$KDIR" "$odir/initramfs.cpio"
	t0=$(date +%s.%N)
	timeout -k 10 "$TIMEOUT" "${QEMU[@]}" -serial stdio </dev/null 2>&1 |
		clean_console | tee "$odir/console.log" | show_output
	QEMU_RC=${PIPESTATUS[0]}
	t1=$(date +%s.%N)
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
}

# the `N passed, N failed[, N skipped]` line of the output, as three words
test_counts()
{
	grep -aE '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$1" | tail -n1 |
		sed -E -e 's/^([0-9]+) passed, ([0-9]+) failed/\1 \2/' \
		       -e 's/, ([0-9]+) skipped$/ \1/'
}

# judge the run of series $1 from its logs; sets STATUS and RC
judge_run()
{
	local series=$1 odir=$OUTDIR/$1 log=$OUTDIR/$1/console.log

	RC=$(marker_value "$log" VMTEST_EXIT =)
	if [ "$QEMU_RC" = 124 ] || [ "$QEMU_RC" = 137 ]; then
		STATUS=timeout RC=124
		msg "$series: FAILED: the VM did not finish within ${TIMEOUT}s"
	elif [ -z "$RC" ] && grep -qa 'Kernel panic' "$log"; then
		STATUS=panic RC=125
		msg "$series: FAILED: kernel panic"
	elif [ -z "$RC" ]; then
		STATUS=nomarker RC=125
		msg "$series: FAILED: the VM stopped (qemu status $QEMU_RC) without reporting an exit status"
	elif [ -z "$PASSED" ] && [ "$SELFCHECK" = 0 ] && [ ${#COMMAND[@]} -eq 0 ]; then
		STATUS=nosummary
		msg "$series: FAILED: no 'N passed, N failed' line in the test output"
	elif [ "$RC" != 0 ] || [ "${FAILED:-0}" != 0 ]; then
		STATUS=fail
	else
		STATUS=ok
	fi
	case $STATUS in
	timeout | panic | nomarker)
		msg "$series: last console lines ($log):"
		tail -n 40 "$log" | sed 's/^/    /' >&2
		;;
	esac
	if grep -qaE 'WARNING:|BUG:|Oops' "$odir/dmesg.log"; then
		msg "$series: kernel warnings during the run ($odir/dmesg.log):"
		grep -aE -A3 'WARNING:|BUG:|Oops' "$odir/dmesg.log" | head -n 20 | sed 's/^/    /' >&2
	fi
}

# boot series $1 and leave key=value results in $OUTDIR/$1/result
run_kernel()
{
	local series=$1 odir=$OUTDIR/$1 log=$OUTDIR/$1/console.log

	prepare_kernel "$series"
	if [ "$SHELL_MODE" = 1 ]; then
		qemu_cmd "$KDIR" "$odir/initramfs.cpio"
		"${QEMU[@]}" -serial stdio
		exit
	fi
	boot_vm "$series"
	# TCG on two vCPUs rarely oopses while the kernel patches its own
	# code at boot; a VM that died before the tests began gets one retry
	if ! grep -qa "VMTEST_BEGIN.$NONCE" "$log" && [ "$QEMU_RC" != 124 ]; then
		msg "$series: the VM died before the tests started; booting it once more"
		mv "$log" "$odir/console.first.log"
		boot_vm "$series"
	fi
	between "$log" VMTEST_BEGIN VMTEST_END >"$odir/output.log"
	between "$log" VMTEST_DMESG_BEGIN VMTEST_DMESG_END >"$odir/dmesg.log"
	read -r PASSED FAILED SKIPPED < <(test_counts "$odir/output.log")
	judge_run "$series"
	cat >"$odir/result" <<EOF
kernel=$series
version=$VERSION
status=$STATUS
rc=$RC
passed=${PASSED:-0}
failed=${FAILED:-0}
skipped=${SKIPPED:-0}
denied=$(deny_entries "$series" | wc -l)
boot=$(marker_value "$log" VMTEST_BEGIN ' uptime=')
wall=$WALL
EOF
	[ "$STATUS" = ok ]
}

result_line()
{
	local f=$OUTDIR/$1/result

	if [ ! -s "$f" ]; then
		printf 'VMTEST_RESULT kernel=%s status=error rc=125 passed=0 failed=0 skipped=0 denied=0\n' "$1"
		return
	fi
	printf 'VMTEST_RESULT %s\n' "$(tr '\n' ' ' <"$f" | sed 's/ $//')"
}

# the exit status for a failed kernel: its command's, never 0
kernel_rc()
{
	local rc

	rc=$(sed -n 's/^rc=//p' "$OUTDIR/$1/result" 2>/dev/null)
	case "$rc" in
	'') echo 125 ;;
	0) echo 1 ;;
	*) echo "$rc" ;;
	esac
}

# --- main -------------------------------------------------------------------------

parse_args()
{
	local opt

	while getopts "k:d:o:i:x:t:Ssh" opt; do
		case $opt in
		k) KERNEL_ARG=$OPTARG ;;
		d) TESTDIR=$OPTARG ;;
		o) OUTDIR=$OPTARG ;;
		i) INCLUDES+=("$(realpath "$OPTARG")") || exit 2 ;;
		x) EXTRA_ARGS+=("$OPTARG") ;;
		t) TIMEOUT=$OPTARG ;;
		S) SELFCHECK=1 ;;
		s) SHELL_MODE=1 ;;
		h) usage; exit 0 ;;
		*) usage >&2; exit 2 ;;
		esac
	done
	shift $((OPTIND - 1))
	COMMAND=("$@")
}

main()
{
	local series list=() rc=0 krc bpftool

	parse_args "$@"
	if [ "$KERNEL_ARG" = all ]; then
		mapfile -t list < <(kernel_series)
	else
		IFS=', ' read -ra list <<<"$KERNEL_ARG"
	fi
	for series in "${list[@]}"; do
		kernel_entry "$series" || die "unknown kernel '$series'; known: $(kernel_series | tr '\n' ' ')"
		deny_entries "$series" >/dev/null || exit 125
	done
	[ -d "$TESTDIR" ] || die "no test directory $TESTDIR"
	TESTDIR=$(cd "$TESTDIR" && pwd)
	mkdir -p "$OUTDIR" && OUTDIR=$(cd "$OUTDIR" && pwd) || die "cannot create $OUTDIR"
	if [ "$SELFCHECK" = 1 ]; then
		bpftool=$(command -v bpftool || echo /usr/sbin/bpftool)
		[ -x "$bpftool" ] && INCLUDES+=("$bpftool")
		INCLUDES+=("$CONFDIR/selfcheck.sh")
		COMMAND=(sh ./selfcheck.sh)
	elif [ ${#COMMAND[@]} -eq 0 ] && [ "$SHELL_MODE" = 0 ] && [ ! -x "$TESTDIR/test_progs" ]; then
		die "no $TESTDIR/test_progs; build it first (make -C tools/testing/selftests/bpf)"
	fi
	ensure_tools
	NONCE=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	build_base || die "cannot build the initramfs"

	if [ "$SHELL_MODE" = 1 ]; then
		[ ${#list[@]} = 1 ] || die "-s needs one kernel (-k SERIES)"
		(run_kernel "${list[0]}")
		exit
	fi
	: >"$OUTDIR/results"
	for series in "${list[@]}"; do
		(run_kernel "$series")
		krc=$?
		result_line "$series" | tee -a "$OUTDIR/results"
		[ $krc = 0 ] || [ "$rc" != 0 ] || rc=$(kernel_rc "$series")
	done
	if [ ${#list[@]} -gt 1 ]; then
		printf '\n%-8s %-14s %-9s %7s %7s %8s %7s %8s\n' kernel version status \
			passed failed skipped denied time
		for series in "${list[@]}"; do
			(
				kernel=$series version='?' status=error passed=0 failed=0 skipped=0 denied=0 wall='?'
				# shellcheck disable=SC1090
				[ -s "$OUTDIR/$series/result" ] && . "$OUTDIR/$series/result"
				printf '%-8s %-14s %-9s %7s %7s %8s %7s %7ss\n' "$kernel" "$version" \
					"$status" "$passed" "$failed" "$skipped" "$denied" "$wall"
			)
		done
	fi
	exit "$rc"
}

main "$@"
