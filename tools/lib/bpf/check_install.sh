#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# check_install.sh LIBSRCDIR APP.c OBJ.bpf.o
#
# Stage "make install" as a distro package would, then build an
# application against the staged headers, libbpf.pc and libbpf.so.1 only,
# run it on OBJ and check that it ran against the staged library.
set -eu

src=$1
app=$2
obj=$3
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

make -s -C "$src" install DESTDIR="$stage" PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu >/dev/null
libdir=$stage/usr/lib/x86_64-linux-gnu

for f in include/bpf/libbpf.h include/bpf/bpf.h include/bpf/btf.h include/bpf/bpf_helpers.h \
	 include/bpf/bpf_helper_defs.h include/bpf/skel_internal.h lib/x86_64-linux-gnu/libbpf.a \
	 lib/x86_64-linux-gnu/libbpf.so lib/x86_64-linux-gnu/libbpf.so.1 \
	 lib/x86_64-linux-gnu/pkgconfig/libbpf.pc; do
	[ -e "$stage/usr/$f" ] || { echo "check_install: /usr/$f not installed" >&2; exit 1; }
done

export PKG_CONFIG_PATH="$libdir/pkgconfig"
pc="pkg-config --define-variable=prefix=$stage/usr"
version=$($pc --modversion libbpf)
# shellcheck disable=SC2046
cc -o "$stage/app" "$app" $($pc --cflags --libs libbpf)
used=$(LD_LIBRARY_PATH="$libdir" ldd "$stage/app" | awk '/libbpf.so/ { print $3 }')
case "$used" in
"$libdir"/*) ;;
*) echo "check_install: app resolved libbpf to '$used', not the staged library" >&2; exit 1 ;;
esac
LD_LIBRARY_PATH="$libdir" "$stage/app" "$obj" > "$stage/out"
grep -q '^prog ' "$stage/out" || { echo "check_install: app printed no programs" >&2; exit 1; }
echo "check_install: libbpf $version staged, app built with pkg-config and run against $(basename "$(readlink -f "$used")"): OK"
