// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Types of most kinds clang emits into .BTF, with func_info, line_info
 * and CO-RE relocations in .BTF.ext, for the BTF unit tests. Not meant
 * to be loaded.
 */
#define SEC(name) __attribute__((section(name), used))
#define __tag(x) __attribute__((btf_decl_tag(x)))
#define __user __attribute__((btf_type_tag("user")))
#define __core __attribute__((preserve_access_index))

typedef unsigned int u32;
typedef unsigned long long u64;
typedef u32 u32_alias;

enum btf_color { BTF_RED, BTF_GREEN = 5, BTF_BLUE = -1 };

struct btf_inner {
	char c;
	short s;
} __core;

union btf_u {
	int i;
	float f;
	char bytes[4];
};

struct btf_fwd_only;

struct btf_outer {
	int a;
	unsigned int bf1 : 3, bf2 : 5;
	struct btf_inner in;
	union btf_u u;
	const volatile int *p;
	int __user *up;
	enum btf_color col;
	struct btf_inner arr[4][2];
	void (*cb)(int, long);
	struct btf_fwd_only *fwd;
	u32_alias alias;
	u64 big;
	double d;
	int tagged __tag("field_tag");
} __core;

struct btf_outer g_outer;
int g_data = 1;
const volatile int g_ro = 2;
int g_tagged __tag("var_tag") = 3;

static __attribute__((noinline)) int btf_helper(struct btf_outer *o, int x)
	__tag("func_tag")
{
	return o->in.s + x + o->arr[1][1].c;
}

SEC("tc") int btf_prog(void *ctx)
{
	return btf_helper(&g_outer, g_data + g_ro + g_tagged);
}

char _license[] SEC("license") = "GPL";
