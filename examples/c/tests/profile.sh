# profile: a busy dd (copying /dev/zero, mostly in the kernel) shows up in
# the samples with a symbolized stack
test_profile()
{
	start profile || return 1
	dd if=/dev/zero of=/dev/null bs=64k count=200000 2>/dev/null &
	_dd=$!
	expect "^profile: cpu [0-9]+ pid $_dd comm dd: .*[A-Za-z_][A-Za-z0-9_.]*\\+0x[0-9a-f]+" 15
	_rc=$?
	kill "$_dd" 2>/dev/null
	wait "$_dd" 2>/dev/null
	[ $_rc = 0 ] || return 1
	stop
}
