#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# run_valgrind_progs.sh TEST_PROGS [ARGS...]: run a dynamically linked
# test_progs under valgrind memcheck and fail on anything it reports:
#
#   - any memcheck error (invalid access, uninitialised value used,
#     bad free, overlapping copy, syscall parameter pointing to
#     unaddressable or undefined memory);
#   - a definite or indirect leak at exit;
#   - a file descriptor open at exit that the process did not inherit.
#     valgrind 3.19 only lists those (--track-fds=yes): this script
#     counts every listed descriptor without "<inherited from parent>".
#
# test_progs runs its tests in one process; programs the tests start
# (lskel_run, usdt_trigger, ...) are not traced. The valgrind log is kept
# in output/valgrind/test_progs.log.PID, one per process (VALGRIND_LOG=
# path to move them; a directory, which vmtest.sh does not copy). Suppressions: valgrind.supp next to this script,
# each one explained there. Tests that cannot work under valgrind are
# in valgrind_deny.txt, passed as -d @FILE (VALGRIND_DENY=FILE for
# another list, VALGRIND_DENY= for none).
set -uo pipefail

SELFTESTS=$(cd "$(dirname "$0")" && pwd)
VALGRIND=${VALGRIND:-valgrind}
BIN=$1
shift
LOG=${VALGRIND_LOG:-$(dirname "$BIN")/valgrind/test_progs.log}
mkdir -p "$(dirname "$LOG")"

supp=()
if grep -q '^{' "$SELFTESTS/valgrind.supp" 2>/dev/null; then
	supp=(--suppressions="$SELFTESTS/valgrind.supp")
fi

# test_progs otherwise execs itself once to turn glibc's tcache off (for
# its mallinfo2() checks); valgrind replaces malloc anyway, and an exec
# would leave valgrind (no --trace-children)
export GLIBC_TUNABLES=glibc.malloc.tcache_count=0

deny=()
[ -n "${VALGRIND_DENY-$SELFTESTS/valgrind_deny.txt}" ] &&
	deny=(-d "@${VALGRIND_DENY-$SELFTESTS/valgrind_deny.txt}")

# one log per process: tests fork children that stay under valgrind
rm -f "$LOG".*
"$VALGRIND" --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	--error-limit=no --track-fds=yes --num-callers=30 "${supp[@]}" \
	--log-file="$LOG.%p" "$BIN" "${deny[@]}" "$@" &
pid=$!
wait $pid
rc=$?

bad=0
for log in "$LOG".*; do
	errors=$(sed -nE 's/.*ERROR SUMMARY: ([0-9]+) errors.*/\1/p' "$log" | tail -1)
	# a child that exec'd something else left valgrind there and wrote
	# no summary: only what it reported before counts
	if [ -z "$errors" ] && [ "$log" != "$LOG.$pid" ]; then
		grep -qE '== (Invalid|Conditional|Use of uninit|Syscall param|Mismatched|Process terminating|Source and destination)' "$log" ||
			continue
	fi
	# descriptors only of test_progs itself: a forked child holds the
	# parent's, which valgrind does not count as inherited
	fds=0
	if [ "$log" = "$LOG.$pid" ]; then
		# "Open file descriptor 5: /path", "Open AF_UNIX socket 7: ...",
		# then "<inherited from parent>" or the stack that opened it
		fds=$(awk '
			/== Open .* [0-9]+:/ { if (pending) leaked++; pending = 1; next }
			pending && /<inherited from parent>/ { pending = 0; next }
			pending && /== *(at|by) 0x/ { leaked++; pending = 0; next }
			END { if (pending) leaked++; print leaked + 0 }' "$log")
	fi
	[ "${errors:-x}" = 0 ] && [ "$fds" = 0 ] && continue
	bad=1
	echo "run_valgrind_progs: valgrind: ${errors:-no} errors, $fds leaked fds in $log:"
	grep -vE '^==[0-9]+== *$' "$log" | sed -n '/ERROR SUMMARY/q;p' |
		grep -E -A40 'Invalid|uninitialised|Uninitialised|definitely|indirectly|Syscall param|Mismatched|Open .* [0-9]+:|Warning|Source and destination' |
		head -n 400
	grep 'ERROR SUMMARY' "$log"
done

if [ "$bad" -ne 0 ]; then
	[ "$rc" -eq 0 ] && rc=1
	exit "$rc"
fi
echo "run_valgrind_progs: valgrind clean: 0 errors, no leaks, no leaked fds (logs of $(ls "$LOG".* | wc -l) processes: $LOG.*)"
exit "$rc"
