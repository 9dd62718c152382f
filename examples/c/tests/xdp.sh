# xdp: pings from a network namespace are counted as ICMP by XDP on ex0,
# and no XDP program is left on ex0 after exit
test_xdp()
{
	veth_setup || return 1
	start xdp ex0 || { veth_cleanup; return 1; }
	"$IP" link show ex0 | grep -q 'xdp' || { veth_cleanup; fail "no XDP program on ex0 while attached"; return; }
	ping_from_ns 5
	expect '^xdp: ex0: [0-9]+ packets \(icmp ([5-9]|[1-9][0-9]+), ' 10 &&
		stop || { veth_cleanup; return 1; }
	if "$IP" link show ex0 | grep -q 'xdp'; then
		veth_cleanup
		fail "an XDP program is still on ex0 after exit"
		return
	fi
	veth_cleanup
}
