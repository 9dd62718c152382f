# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Sourced by vmtest.sh and get_bpftool.sh: fetch packages of any Debian
# suite through a private apt configuration under $CACHE/apt/<suite>,
# from the mirror the host's own apt sources name. The host's apt
# configuration and package state are never touched, nothing is
# installed.
#
# Needs CACHE, KEYRING and a msg function; VMTEST_MIRROR and
# VMTEST_SECURITY_MIRROR override the mirrors.

# the host's Debian mirror for "debian" or "debian-security"
host_mirror()
{
	local want=$1 uri

	for uri in $(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
			 /etc/apt/sources.list.d/*.sources 2>/dev/null |
		     sed 's/#.*//' | grep -oE '(https?|file)://[^[:space:]]+'); do
		uri=${uri%/}
		case "$want:$uri" in
		debian:*/debian | debian-security:*/debian-security)
			echo "$uri"
			return 0
			;;
		esac
	done
	msg "the host's apt sources name no $want mirror (set VMTEST_MIRROR and VMTEST_SECURITY_MIRROR)"
	return 1
}

# apt-get/apt-cache options for a private configuration of suite $1
apt_opts()
{
	local d=$CACHE/apt/$1

	APT_OPTS=(-o "Dir::Etc::sourcelist=$d/sources.list"
		  -o "Dir::Etc::sourceparts=$d/empty"
		  -o "Dir::Etc::preferences=$d/empty/none"
		  -o "Dir::Etc::preferencesparts=$d/empty"
		  -o "Dir::State::Lists=$d/lists"
		  -o "Dir::State::status=$d/status"
		  -o "Dir::Cache=$d/cache"
		  -o "APT::Sandbox::User=root"
		  -o "Acquire::Languages=none"
		  -o "Debug::NoLocking=1")
}

# apt_update SUITE [nosecurity]: package lists of SUITE (and of its
# security archive unless the suite has none, as backports)
apt_update()
{
	local suite=$1 d=$CACHE/apt/$1 mirror security

	mirror=${VMTEST_MIRROR:-$(host_mirror debian)} || return 1
	if [ "${2:-}" = nosecurity ]; then
		security=
	else
		security=${VMTEST_SECURITY_MIRROR:-$(host_mirror debian-security)} || return 1
	fi
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/empty" ||
		return 1
	: >"$d/status"
	sed -e "s|@MIRROR@|$mirror|g" -e "s|@SECURITY_MIRROR@|$security|g" \
	    -e "s|@SUITE@|$suite|g" -e "s|@KEYRING@|$KEYRING|g" \
	    "$(dirname "${BASH_SOURCE[0]}")/vmtest/sources.list.in" |
		if [ -z "$security" ]; then grep -v -- '-security '; else cat; fi \
		>"$d/sources.list" || return 1
	apt_opts "$suite"
	msg "updating package lists of $suite from $mirror"
	apt-get "${APT_OPTS[@]}" -qq update >&2 ||
		{ msg "apt-get update for $suite failed"; return 1; }
}

# where apt-get download puts package $1 version $2
deb_path()
{
	echo "$CACHE/debs/${1}_${2//:/%3a}_amd64.deb"
}

# download_package SUITE PKG VER: prints the path of the cached .deb
download_package()
{
	local suite=$1 pkg=$2 ver=$3 deb

	deb=$(deb_path "$pkg" "$ver")
	if [ -s "$deb" ]; then
		echo "$deb"
		return 0
	fi
	mkdir -p "$CACHE/debs" || return 1
	apt_opts "$suite"
	msg "downloading $pkg=$ver"
	(cd "$CACHE/debs" && apt-get "${APT_OPTS[@]}" -qq download "$pkg=$ver" >&2) ||
		{ msg "apt-get download $pkg=$ver failed"; return 1; }
	[ -s "$deb" ] || { msg "download of $pkg=$ver did not produce $deb"; return 1; }
	echo "$deb"
}
