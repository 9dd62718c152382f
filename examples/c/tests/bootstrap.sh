# bootstrap: a shell we start shows up with its EXEC line and, with its exit
# code and pid, its EXIT line
test_bootstrap()
{
	start bootstrap || return 1
	/bin/sh -c 'sleep 0.2; exit 3' &
	_child=$!
	wait "$_child"
	expect " EXEC sh +pid $_child +ppid $$ .*/bin/sh\$" 10 || return 1
	expect " EXIT sh +pid $_child +ppid $$ +exit code 3 \\([0-9]+ ms\\)\$" 10 || return 1
	stop
}
