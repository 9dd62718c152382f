# sockfilter: pings from a network namespace show up as ICMP packets from
# 10.200.0.2 to 10.200.0.1 on ex0's packet socket
test_sockfilter()
{
	veth_setup || return 1
	start sockfilter ex0 || { veth_cleanup; return 1; }
	ping_from_ns 3
	expect '^sockfilter: ICMP 10\.200\.0\.2 -> 10\.200\.0\.1, [0-9]+ bytes$' 10 &&
		expect '^sockfilter: ICMP 10\.200\.0\.1 -> 10\.200\.0\.2, [0-9]+ bytes$' 10 &&
		stop
	_rc=$?
	veth_cleanup
	return $_rc
}
