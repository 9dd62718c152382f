# usdt: the example's own example:tick probe, with its three arguments
test_usdt()
{
	start usdt || return 1
	expect '^usdt: pid [0-9]+ example:tick\(tick 1, sum 1, msg "tick number 1"\)$' 10 || return 1
	expect '^usdt: pid [0-9]+ example:tick\(tick 3, sum 6, msg "tick number 3"\)$' 10 || return 1
	stop
}
