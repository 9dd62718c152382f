#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# test_examples.sh DIR [NAME...]
#
# Run the example applications built in DIR and check what they print.
# Each example NAME has a test in tests/NAME.sh (next to this script)
# defining test_NAME: it starts the example, makes its events happen
# (runs a command, sends packets, opens a file, ...), waits for the
# lines it expects and stops the example with SIGINT, which must make it
# exit with status 0. A test returns 0 (passed), 2 (skipped: the kernel
# lacks the feature; the reason in SKIP_REASON) or anything else
# (failed: the reason in FAIL_REASON, the example's output is printed).
#
# POSIX sh only: it also runs under busybox in the vmtest VMs. Ends with
# "N passed, N failed, N skipped"; exits non-zero if any test failed.

HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(cd "${1:?usage: test_examples.sh DIR [NAME...]}" && pwd) || exit 2
shift
cd "$DIR" || exit 2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/examples.XXXXXX") || exit 2
trap 'stop_all; rm -rf "$WORK"' EXIT
PIDS=

# --- helpers for the tests ------------------------------------------------

# start NAME [ARG...]: run ./NAME in the background, its output in $LOG
# (stdout and stderr), and wait for its "NAME: ready" line
start()
{
	_name=$1
	shift
	LOG=$WORK/$_name.log
	: >"$LOG"
	"./$_name" "$@" >"$LOG" 2>&1 &
	PID=$!
	PIDS="$PIDS $PID"
	expect "^$_name: ready" 20 || {
		FAIL_REASON="${FAIL_REASON:-$_name did not become ready}"
		return 1
	}
}

# expect PATTERN [SECONDS]: wait until the log has a line matching the
# extended regular expression PATTERN (default: 10 seconds)
expect()
{
	_n=$(( ${2:-10} * 10 ))
	while [ "$_n" -gt 0 ]; do
		grep -Eq -- "$1" "$LOG" && return 0
		if ! kill -0 "$PID" 2>/dev/null; then
			grep -Eq -- "$1" "$LOG" && return 0
			FAIL_REASON="exited before printing /$1/: $(tail -n 1 "$LOG")"
			return 1
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	FAIL_REASON="no line matching /$1/ within ${2:-10}s"
	return 1
}

# count PATTERN: how many lines of the log match
count()
{
	grep -Ec -- "$1" "$LOG"
}

# stop: SIGINT, then the example must exit with status 0 within 5 seconds
stop()
{
	kill -INT "$PID" 2>/dev/null
	_n=50
	while kill -0 "$PID" 2>/dev/null && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	if kill -0 "$PID" 2>/dev/null; then
		kill -KILL "$PID"
		wait "$PID" 2>/dev/null
		FAIL_REASON="did not exit within 5s of SIGINT"
		return 1
	fi
	wait "$PID"
	_rc=$?
	[ "$_rc" = 0 ] || { FAIL_REASON="exited with status $_rc after SIGINT"; return 1; }
	grep -q ': exiting$' "$LOG" || { FAIL_REASON="no exit message"; return 1; }
}

stop_all()
{
	for _p in $PIDS; do
		kill -KILL "$_p" 2>/dev/null
	done
}

# run_once NAME [ARG...]: run ./NAME to completion (20 seconds at most),
# output in $LOG; fails if it exits non-zero
run_once()
{
	_name=$1
	shift
	LOG=$WORK/$_name.log
	"./$_name" "$@" >"$LOG" 2>&1 &
	PID=$!
	PIDS="$PIDS $PID"
	_n=200
	while kill -0 "$PID" 2>/dev/null && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	if kill -0 "$PID" 2>/dev/null; then
		kill -KILL "$PID"
		FAIL_REASON="$_name did not finish within 20s"
		return 1
	fi
	wait "$PID" || { FAIL_REASON="$_name exited with status $?: $(tail -n 1 "$LOG")"; return 1; }
}

skip()
{
	SKIP_REASON=$1
	return 2
}

fail()
{
	FAIL_REASON=$1
	return 1
}

# kernel_at_least MAJOR.MINOR
kernel_at_least()
{
	_want=$1
	_have=$(uname -r | sed 's/^\([0-9]*\.[0-9]*\).*/\1/')
	[ "${_have%.*}" -gt "${_want%.*}" ] ||
		{ [ "${_have%.*}" -eq "${_want%.*}" ] && [ "${_have#*.}" -ge "${_want#*.}" ]; }
}

TRACEFS=/sys/kernel/tracing
[ -e $TRACEFS/trace ] || mount -t tracefs tracefs $TRACEFS 2>/dev/null
[ -e $TRACEFS/trace ] || TRACEFS=/sys/kernel/debug/tracing

# CONFIG_KPROBES: tracefs has kprobe_events only with it
have_kprobes()
{
	[ -e $TRACEFS/kprobe_events ]
}

# Debian's ip (in the VM copied next to the tests: busybox's lacks veth and
# netns), and ping from busybox, which is on the host and in the VM alike
if [ -x ./ip ]; then IP=$PWD/ip; else IP=$(command -v ip); fi
PING="busybox ping"

# veth_setup: ex0 (10.200.0.1) here, its peer ex1 (10.200.0.2) in network
# namespace exns; ping_from_ns N sends N pings from exns to ex0
veth_setup()
{
	veth_cleanup
	"$IP" netns add exns &&
	"$IP" link add ex0 type veth peer name ex1 &&
	"$IP" link set ex1 netns exns &&
	"$IP" addr add 10.200.0.1/24 dev ex0 && "$IP" link set ex0 up &&
	"$IP" -n exns addr add 10.200.0.2/24 dev ex1 &&
	"$IP" -n exns link set ex1 up && "$IP" -n exns link set lo up ||
		{ FAIL_REASON="cannot set up the veth pair ex0/ex1 (netns exns)"; return 1; }
}

veth_cleanup()
{
	"$IP" link del ex0 2>/dev/null
	"$IP" netns del exns 2>/dev/null
	return 0
}

ping_from_ns()
{
	"$IP" netns exec exns $PING -c "$1" -i 0.2 -W 1 10.200.0.1 >/dev/null 2>&1
}

# --- running ----------------------------------------------------------------

passed=0 failed=0 skipped=0
if [ $# -eq 0 ]; then
	set --
	for t in "$HERE"/tests/*.sh; do
		n=${t##*/}
		set -- "$@" "${n%.sh}"
	done
fi
for name in "$@"; do
	FAIL_REASON= SKIP_REASON= LOG=$WORK/$name.log PID=
	: >"$LOG"
	if [ ! -f "$HERE/tests/$name.sh" ]; then
		rc=1 FAIL_REASON="no test tests/$name.sh"
	elif [ ! -x "./$name" ]; then
		rc=1 FAIL_REASON="not built: $DIR/$name"
	else
		. "$HERE/tests/$name.sh"
		"test_$name"
		rc=$?
	fi
	stop_all
	PIDS=
	case $rc in
	0)
		echo "example $name: OK"
		passed=$((passed + 1))
		;;
	2)
		echo "example $name: SKIPPED ($SKIP_REASON)"
		skipped=$((skipped + 1))
		;;
	*)
		echo "example $name: FAILED (${FAIL_REASON:-status $rc})"
		tail -n 40 "$LOG" | sed 's/^/    | /'
		failed=$((failed + 1))
		;;
	esac
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
