# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Top level of the tree:
#   make            build the library and the selftests
#   make demo       the __arg_ctx fallback on the host and on Linux 6.1
#   make test       run every test (see README.md)
#   make examples   build examples/c against a staged install
#   make install    install the library (DESTDIR, PREFIX, LIBDIR as in
#                   tools/lib/bpf/Makefile)

LIBDIR_SRC := tools/lib/bpf
SELFTESTS := tools/testing/selftests/bpf

.PHONY: all lib selftests examples demo test install clean deps

all: lib selftests

lib:
	$(MAKE) -C $(LIBDIR_SRC)

selftests: lib
	$(MAKE) -C $(SELFTESTS)

# example applications, built through pkg-config against a staged
# install; make -C examples/c test (or vmtest) runs them
examples: deps lib
	$(MAKE) -C examples/c

# the Debian packages the build and the tests need, where missing
deps:
	@$(SELFTESTS)/install_deps.sh

# __arg_ctx programs attached to real events on the host and in a Debian
# 6.1 VM, then the same object with Debian's libbpf 1.1 and tc
demo: deps
	$(MAKE) lib
	$(MAKE) -s -C $(SELFTESTS) demo

# everything: ABI, install, unit tests, libbpf comparison, test_progs on
# the host and in the 5.10/6.1/6.12 VMs; ends with a table and
# "N passed, N failed, N skipped"
test: deps
	$(SELFTESTS)/run_all.sh

install:
	$(MAKE) -C $(LIBDIR_SRC) install

clean:
	$(MAKE) -C $(LIBDIR_SRC) clean
	$(MAKE) -C $(SELFTESTS) clean
	$(MAKE) -C examples/c clean
