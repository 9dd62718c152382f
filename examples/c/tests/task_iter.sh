# task_iter: the listing has this shell, with its parent, and init (PID 1)
test_task_iter()
{
	run_once task_iter || return 1
	expect '^PID +PPID +COMM +STATE$' 1 || return 1
	expect "^$$ +$PPID +[^ ]+ +[RSDTtI?]\$" 1 || return 1
	grep -q ': exiting$' "$LOG" || { fail "no exit message"; return; }
	if ! grep -Eq '^1 +0 +[^ ]+ +[RSDTtI?]$' "$LOG"; then
		# the host's 6.18 kernel leaves out PID 1 (bpftool iter too)
		grep -Eq '^2 +0 +' "$LOG" &&
			{ skip "the kernel's task iterator does not show PID 1"; return; }
		fail "no line for PID 1"
	fi
}
