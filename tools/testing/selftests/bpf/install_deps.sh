#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# install_deps.sh: the Debian 12 packages the build and the tests need,
# installed with apt-get where missing (as root; others get the list).
# "make demo", "make test" and .ci/run start with it.
set -euo pipefail

PKGS=(make gcc clang llvm libelf-dev zlib1g-dev pkg-config python3 bpftool
      libbpf-dev busybox-static cpio qemu-system-x86 valgrind iproute2
      systemtap-sdt-dev)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
	echo "install_deps.sh: missing packages: ${missing[*]} (run as root to install them)" >&2
	exit 1
fi
echo "install_deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
