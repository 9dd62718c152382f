# uprobe: the example's own uprobed_add(N, 2N) calls with their sum, and its
# malloc(1000 + N) calls with the pointer returned
test_uprobe()
{
	start uprobe || return 1
	expect '^uprobe: pid [0-9]+ uprobed_add\(2, 4\)$' 10 || return 1
	expect '^uprobe: pid [0-9]+ uprobed_add returned 6$' 10 || return 1
	expect '^uprobe: pid [0-9]+ malloc\(1002\)$' 10 || return 1
	expect '^uprobe: pid [0-9]+ malloc returned 0x[0-9a-f]+$' 10 || return 1
	stop
}
