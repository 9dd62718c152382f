# minimal: its own write() calls show up in trace_pipe through bpf_printk()
test_minimal()
{
	[ -e $TRACEFS/trace_pipe ] || { skip "no tracefs"; return; }
	start minimal || return 1
	expect '^minimal: trace_pipe:.*write\(fd [0-9]+, [0-9]+ bytes\) from PID [0-9]+' 10 || return 1
	stop
}
