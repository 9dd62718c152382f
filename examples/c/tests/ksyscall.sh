# ksyscall: the shell's kill -0 and kill -TERM to a sleeping child show up
# with the child's pid, the signal and the shell's pid
test_ksyscall()
{
	have_kprobes || { skip "kernel without kprobes (CONFIG_KPROBES)"; return; }
	start ksyscall || return 1
	sleep 30 &
	_child=$!
	PIDS="$PIDS $_child"
	kill -0 "$_child"
	kill -TERM "$_child"
	wait "$_child" 2>/dev/null
	expect "^ksyscall: kill\\(pid $_child, sig 0\\) from pid $$ " 10 || return 1
	expect "^ksyscall: kill\\(pid $_child, sig 15\\) from pid $$ " 10 || return 1
	stop
}
