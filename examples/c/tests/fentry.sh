# fentry: removing a file shows its name at fentry, and its name and 0 at
# fexit of do_unlinkat
test_fentry()
{
	start fentry || {
		grep -q '^fentry: cannot load the BPF object: Operation not permitted' "$LOG" &&
			{ skip "fentry/fexit not permitted by this kernel (EPERM)"; return; }
		return 1
	}
	_f=$WORK/fentry-test.$$
	: >"$_f" && rm "$_f" || { fail "cannot create and remove $_f"; return; }
	expect "^fentry: fentry do_unlinkat: pid [0-9]+ comm [^ ]+ filename $_f\$" 10 || return 1
	expect "^fentry: fexit do_unlinkat:  pid [0-9]+ comm [^ ]+ filename $_f ret 0\$" 10 || return 1
	stop
}
