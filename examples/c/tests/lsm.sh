# lsm: while the example runs, opening the file it protects fails (and is
# reported); after it stops, the open succeeds again
test_lsm()
{
	_lsms=/sys/kernel/security/lsm
	# without securityfs the list is unknown: let the load tell
	if [ -r $_lsms ] && ! grep -q 'bpf' $_lsms; then
		skip "BPF LSM not enabled (not in CONFIG_LSM / lsm=): $(cat $_lsms)"
		return
	fi
	_f=$WORK/lsm-protected.$$
	echo secret >"$_f" || { fail "cannot create $_f"; return; }
	start lsm "$_f" || {
		grep -q '^lsm: cannot load the BPF object: Operation not permitted' "$LOG" &&
			{ skip "BPF LSM programs not permitted by this kernel (EPERM)"; return; }
		return 1
	}
	if (: <"$_f") 2>/dev/null; then
		fail "$_f could be opened while lsm runs"
		return
	fi
	expect "^lsm: denied open of $_f \\(inode [0-9]+, flags 0[0-7]*\\) to pid [0-9]+ comm [^ ]+\$" 10 ||
		return 1
	stop || return 1
	(: <"$_f") 2>/dev/null || fail "$_f cannot be opened after lsm stopped"
}
