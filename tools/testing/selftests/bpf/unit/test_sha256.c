// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libbpf_sha256() against the FIPS 180-2 / NIST example vectors ("abc",
 * the two-block 448-bit message, one million 'a') plus the empty message
 * and every length around the one- and two-block padding boundaries
 * (55..65 bytes), checked against sha256sum's answers computed here.
 */
#include <stdio.h>
#include <stdlib.h>
#include "unit.h"
#include "libbpf_internal.h"

static void hex(const __u8 *d, char *out)
{
	int i;

	for (i = 0; i < SHA256_DIGEST_LEN; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static bool digest_is(const void *data, size_t len, const char *want)
{
	__u8 d[SHA256_DIGEST_LEN];
	char got[2 * SHA256_DIGEST_LEN + 1];

	libbpf_sha256(data, len, d);
	hex(d, got);
	if (strcmp(got, want)) {
		fprintf(stderr, "  sha256 of %zu bytes: %s, want %s\n", len, got, want);
		return false;
	}
	return true;
}

UNIT_TEST(sha256_fips_vectors)
{
	const char *two_block = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char *million;

	ASSERT_TRUE(digest_is("abc", 3,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "abc");
	ASSERT_TRUE(digest_is("", 0,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "empty");
	ASSERT_TRUE(digest_is(two_block, strlen(two_block),
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"), "448 bits");
	million = malloc(1000000);
	if (!million)
		UNIT_SKIP("no memory for the million-a vector");
	memset(million, 'a', 1000000);
	ASSERT_TRUE(digest_is(million, 1000000,
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"), "1e6 x a");
	free(million);
}

/* lengths around the padding boundaries, against the system's sha256sum */
UNIT_TEST(sha256_padding_boundaries)
{
	char buf[80], cmd[256], want[80];
	size_t len;
	FILE *f;

	for (len = 55; len <= 65; len++) {
		memset(buf, 'x', len);
		snprintf(cmd, sizeof(cmd), "head -c %zu /dev/zero | tr '\\0' x | sha256sum", len);
		f = popen(cmd, "r");
		if (!f || !fgets(want, sizeof(want), f) || strlen(want) < 64) {
			if (f)
				pclose(f);
			UNIT_SKIP("sha256sum not available");
		}
		pclose(f);
		want[64] = '\0';
		ASSERT_TRUE(digest_is(buf, len, want), "boundary length");
	}
}
