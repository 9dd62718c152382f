# tc: pings from a network namespace arrive on ex0's tc ingress hook and are
# counted as ICMP; the clsact qdisc tc made is gone after it exits
test_tc()
{
	veth_setup || return 1
	start tc ex0 || { veth_cleanup; return 1; }
	tc_qdisc_present ex0 || { veth_cleanup; fail "no clsact qdisc on ex0 while attached"; return; }
	ping_from_ns 5
	expect '^tc: ex0 ingress: [0-9]+ packets \(icmp ([5-9]|[1-9][0-9]+), ' 10 &&
		stop || { veth_cleanup; return 1; }
	if "$IP" link show ex0 >/dev/null && tc_qdisc_present ex0; then
		veth_cleanup
		fail "the clsact qdisc is still on ex0 after exit"
		return
	fi
	veth_cleanup
}

# does the interface have a clsact qdisc? (Debian's tc: copied next to the
# tests in the VM, as busybox's tc applet cannot show it)
tc_qdisc_present()
{
	if [ -x ./tc.iproute2 ]; then _tc=./tc.iproute2; else _tc=/usr/sbin/tc; fi
	"$_tc" qdisc show dev "$1" | grep -q clsact
}
