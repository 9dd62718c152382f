# struct_ops: a loopback TCP transfer uses the BPF congestion control, whose
# init callback ran at least once
test_struct_ops()
{
	./struct_ops >"$WORK/struct_ops.probe" 2>&1 &
	_p=$!
	_n=50
	while [ "$_n" -gt 0 ] && kill -0 "$_p" 2>/dev/null &&
	      ! grep -q ': ready' "$WORK/struct_ops.probe"; do
		sleep 0.1
		_n=$((_n - 1))
	done
	if ! kill -0 "$_p" 2>/dev/null; then
		wait "$_p"
		case $(tail -n 1 "$WORK/struct_ops.probe") in
		*"cannot open and load"*"Permission denied"*|*"cannot open and load"*"Operation not permitted"*|*"not supported"*)
			skip "kernel refuses BPF struct_ops: $(tail -n 1 "$WORK/struct_ops.probe")"
			return ;;
		esac
	else
		kill -INT "$_p"; wait "$_p"
	fi
	start struct_ops || return 1
	expect '^struct_ops: bpf_example: init [1-9][0-9]*, cong_avoid [0-9]+, ssthresh [0-9]+' 20 || return 1
	stop
}
