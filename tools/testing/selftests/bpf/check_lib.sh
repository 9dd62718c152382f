# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Sourced by the check_*.sh scripts of Debian's tools: one line per check,
# "NAME: WHAT: OK|SKIP|FAIL", and the closing "N passed, N failed, N
# skipped" that run_all.sh counts. NAME is CHECK_NAME, by default the
# script's name.
pass=0 fail=0 skip=0
CHECK_NAME=${CHECK_NAME:-$(basename "$0" .sh)}

# result ok|skip|fail WHAT
result()
{
	case $1 in
	ok) pass=$((pass + 1)); echo "$CHECK_NAME: $2: OK" ;;
	skip) skip=$((skip + 1)); echo "$CHECK_NAME: $2: SKIP" ;;
	*) fail=$((fail + 1)); echo "$CHECK_NAME: $2: FAIL" ;;
	esac
}

finish()
{
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit
}
