# kprobe: removing a file shows its name on entry to do_unlinkat and 0 on
# return
test_kprobe()
{
	have_kprobes || { skip "kernel without kprobes (CONFIG_KPROBES)"; return; }
	start kprobe || return 1
	_f=$WORK/kprobe-test.$$
	: >"$_f" && rm "$_f" || { fail "cannot create and remove $_f"; return; }
	expect "^kprobe: do_unlinkat entry: pid [0-9]+ comm [^ ]+ filename $_f\$" 10 || return 1
	expect '^kprobe: do_unlinkat exit:  pid [0-9]+ comm [^ ]+ ret 0$' 10 || return 1
	stop
}
