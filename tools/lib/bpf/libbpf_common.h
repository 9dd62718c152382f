/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Definitions shared by every public header of the library: symbol
 * visibility, deprecation markers and the extensible "opts" convention.
 */
#ifndef __LIBBPF_LIBBPF_COMMON_H
#define __LIBBPF_LIBBPF_COMMON_H

#include <string.h>
#include "libbpf_version.h"

#ifndef LIBBPF_API
#define LIBBPF_API __attribute__((visibility("default")))
#endif

#define LIBBPF_DEPRECATED(msg) __attribute__((deprecated(msg)))

/* True when the library being compiled against is at least major.minor. */
#define LIBBPF_VERSION_GEQ(major, minor)                                       \
	(LIBBPF_MAJOR_VERSION > (major) ||                                     \
	 (LIBBPF_MAJOR_VERSION == (major) && LIBBPF_MINOR_VERSION >= (minor)))

/*
 * Every opts struct starts with "size_t sz" so that the library can tell
 * which fields a caller compiled against an older header knows about.
 * LIBBPF_OPTS() declares one on the stack with sz filled in and every
 * other byte (padding included) zeroed, then applies the initializers.
 */
#define LIBBPF_OPTS(TYPE, NAME, ...)                                           \
	struct TYPE NAME = ({                                                  \
		memset(&NAME, 0, sizeof(struct TYPE));                         \
		(struct TYPE){                                                 \
			.sz = sizeof(struct TYPE),                             \
			__VA_ARGS__                                            \
		};                                                             \
	})

/* Zero an already declared opts struct and set its sz. */
#define LIBBPF_OPTS_RESET(NAME, ...)                                           \
	do {                                                                   \
		typeof(NAME) ___##NAME = ({                                    \
			memset(&___##NAME, 0, sizeof(NAME));                   \
			(typeof(NAME)){                                        \
				.sz = sizeof(NAME),                            \
				__VA_ARGS__                                    \
			};                                                     \
		});                                                            \
		memcpy(&NAME, &___##NAME, sizeof(NAME));                       \
	} while (0)

#endif /* __LIBBPF_LIBBPF_COMMON_H */
