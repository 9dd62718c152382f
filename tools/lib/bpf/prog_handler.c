// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Custom SEC() handlers (libbpf_register_prog_handler()): an application
 * teaches the library a section name, the program type and expected
 * attach type it selects, and up to three callbacks: setup at the end of
 * open, prepare_load right before BPF_PROG_LOAD (it may change the load
 * options), and attach for bpf_program__attach(). Registered names are
 * matched before the built-in ones; a handler registered with a NULL
 * name takes whatever nothing else matches. Like libbpf's, these calls
 * are not thread-safe.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libbpf_internal.h"

#define MAX_CUSTOM_HANDLERS 64

struct custom_handler {
	struct bpf_sec_def def;		/* first: prog->sec_def points here */
	int id;
};

static struct custom_handler *handlers[MAX_CUSTOM_HANDLERS];
static int next_id = 1;

static bool valid_sec(const char *sec)
{
	size_t len = strlen(sec);

	/* "abc", "abc/" or "abc+"; a bare "/" or "+" names nothing */
	return len && (len > 1 || (sec[0] != '/' && sec[0] != '+'));
}

int libbpf_register_prog_handler(const char *sec, enum bpf_prog_type prog_type,
				 enum bpf_attach_type exp_attach_type,
				 const struct libbpf_prog_handler_opts *opts)
{
	struct custom_handler *h;
	int i, slot = -1;

	if (!OPTS_VALID(opts, libbpf_prog_handler_opts) || (sec && !valid_sec(sec)))
		return libbpf_err(-EINVAL);
	for (i = 0; i < MAX_CUSTOM_HANDLERS; i++) {
		if (!handlers[i]) {
			if (slot < 0)
				slot = i;
			continue;
		}
		if ((!sec && !handlers[i]->def.sec) ||
		    (sec && handlers[i]->def.sec && !strcmp(sec, handlers[i]->def.sec))) {
			pr_warn("a handler for section '%s' is already registered\n",
				sec ?: "(fallback)");
			return libbpf_err(-EBUSY);
		}
	}
	if (slot < 0)
		return libbpf_err(-E2BIG);
	h = calloc(1, sizeof(*h));
	if (!h || (sec && !(h->def.sec = strdup(sec)))) {
		free(h);
		return libbpf_err(-ENOMEM);
	}
	h->def.prog_type = prog_type;
	h->def.expected_attach_type = exp_attach_type;
	h->def.cookie = OPTS_GET(opts, cookie, 0);
	h->def.prog_setup_fn = OPTS_GET(opts, prog_setup_fn, NULL);
	h->def.prog_prepare_load_fn = OPTS_GET(opts, prog_prepare_load_fn, NULL);
	h->def.prog_attach_fn = OPTS_GET(opts, prog_attach_fn, NULL);
	h->id = next_id++;
	handlers[slot] = h;
	return h->id;
}

int libbpf_unregister_prog_handler(int handler_id)
{
	int i;

	/* as libbpf: ids are positive, anything else is not an id at all */
	if (handler_id <= 0)
		return libbpf_err(-EINVAL);
	for (i = 0; i < MAX_CUSTOM_HANDLERS; i++) {
		if (!handlers[i] || handlers[i]->id != handler_id)
			continue;
		free((char *)handlers[i]->def.sec);
		free(handlers[i]);
		handlers[i] = NULL;
		return 0;
	}
	return libbpf_err(-ENOENT);
}

/* "abc" exactly, "abc/" any "abc/x", "abc+" "abc" or "abc/x" */
static bool custom_matches(const char *sec, const char *name)
{
	size_t len = strlen(sec);

	if (sec[len - 1] == '/')
		return !strncmp(name, sec, len);
	if (sec[len - 1] == '+')
		return !strncmp(name, sec, len - 1) &&
		       (name[len - 1] == '\0' || name[len - 1] == '/');
	return !strcmp(name, sec);
}

const struct bpf_sec_def *custom_sec_def(const char *name, bool fallback)
{
	int i;

	for (i = 0; i < MAX_CUSTOM_HANDLERS; i++) {
		const struct custom_handler *h = handlers[i];

		if (!h || !!h->def.sec == fallback)
			continue;
		if (fallback || custom_matches(h->def.sec, name))
			return &h->def;
	}
	return NULL;
}

int bpf_object_setup_custom_progs(struct bpf_object *obj)
{
	size_t i;
	int err;

	for (i = 0; i < obj->nr_programs; i++) {
		struct bpf_program *prog = &obj->programs[i];
		const struct bpf_sec_def *def = prog->sec_def;

		if (prog->is_subprog || !def || !def->prog_setup_fn)
			continue;
		err = def->prog_setup_fn(prog, def->cookie);
		if (err) {
			pr_warn("prog '%s': setup callback of section '%s' failed: %s\n",
				prog->name, prog->sec_name, libbpf_errstr(err));
			return err;
		}
	}
	return 0;
}
