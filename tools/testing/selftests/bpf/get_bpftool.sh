#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# get_bpftool.sh DEST: put a newer bpftool than Debian 12's at DEST, for
# generating skeletons with both generations. It comes from Debian 12's
# bookworm-backports (Debian 13's is built against a newer glibc): the
# .deb is downloaded through a private apt configuration and unpacked
# into the cache, never installed. Prints the bpftool version line.
#
# Environment: VMTEST_CACHE (default ~/.cache/bpf-vmtest),
# BPFTOOL_SUITE, BPFTOOL_PIN (package version), VMTEST_MIRROR.
set -uo pipefail

SELFDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${VMTEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bpf-vmtest}
KEYRING=${VMTEST_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
SUITE=${BPFTOOL_SUITE:-bookworm-backports}
PIN=${BPFTOOL_PIN:-7.5.0+6.12.95-1~bpo12+1}

msg()
{
	printf 'get_bpftool: %s\n' "$*" >&2
}

# shellcheck source=debian_apt.sh
. "$SELFDIR/debian_apt.sh"

[ $# = 1 ] || { echo "usage: ${0##*/} DEST" >&2; exit 2; }
dest=$1

# the pinned version if the archive still has it, else its newest bpftool
pick_version()
{
	local vers

	apt_opts "$SUITE"
	vers=$(apt-cache "${APT_OPTS[@]}" madison bpftool 2>/dev/null |
	       awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
	if grep -qxF -- "$PIN" <<<"$vers"; then
		echo "$PIN"
	elif [ -n "$vers" ]; then
		msg "WARNING: bpftool=$PIN is not in $SUITE, using $(head -n1 <<<"$vers")"
		head -n1 <<<"$vers"
	else
		msg "$SUITE has no bpftool package"
		return 1
	fi
}

ver=$PIN
if [ ! -s "$(deb_path bpftool "$ver")" ]; then
	apt_update "$SUITE" nosecurity || exit 1
	ver=$(pick_version) || exit 1
fi
deb=$(download_package "$SUITE" bpftool "$ver") || exit 1
dir=$CACHE/bpftool/$ver
if [ ! -x "$dir/usr/sbin/bpftool" ]; then
	rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" &&
		dpkg-deb -x "$deb" "$dir.tmp" && rm -rf "$dir" && mv "$dir.tmp" "$dir" ||
		{ msg "cannot unpack $deb"; exit 1; }
fi
"$dir/usr/sbin/bpftool" version >/dev/null 2>&1 ||
	{ msg "$dir/usr/sbin/bpftool does not run on this system"; exit 1; }
mkdir -p "$(dirname "$dest")" && cp "$dir/usr/sbin/bpftool" "$dest.tmp" &&
	mv "$dest.tmp" "$dest" || exit 1
"$dest" version | head -n1
