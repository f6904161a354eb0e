# SPDX-License-Identifier: GPL-2.0
#
# make            build kmod/irqwatch.ko (against KDIR) and userspace/irqwatch
# make check      unit tests (also under ASan+UBSan), style checks, the VM suite on every kernel
# make demo       boot a VM and show irqwatch at work
# make bench      figures from VMs: transport, irqoff accuracy and overhead
# make install    tool, man page, systemd unit, modprobe.d and modules-load.d
#                 files, and the module through DKMS (root)

VERSION := $(shell sed -n 's/^\#define IRQWATCH_VERSION "\(.*\)"/\1/p' kmod/version.h)
PREFIX ?= /usr/local
DESTDIR ?=
# The running kernel's build dir, else the newest installed linux-headers.
KDIR ?= $(shell tests/kdir.sh)
KERNELS ?= $(shell tests/vm/fetch-kernel.sh --list)

.PHONY: all kmod userspace deps check unit style vm demo bench install \
	uninstall dkms-check clean

all: kmod userspace

kmod:
	@test -n "$(KDIR)" || { echo "no kernel headers found: install linux-headers-$$(uname -r) or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userspace:
	$(MAKE) -C userspace

deps:
	tests/deps.sh

check: deps
	$(MAKE) unit
	$(MAKE) style
	$(MAKE) dkms-check
	$(MAKE) vm

unit:
	$(MAKE) -C userspace test
	$(MAKE) -C userspace test-sanitize

style:
	tests/style.sh

dkms-check:
	tests/dkms-check.sh

vm: userspace
	tests/vm/run.sh $(KERNELS)

demo: deps userspace
	tests/vm/run.sh --demo 6.1

# Figures, not pass/fail: transport throughput and cost, accuracy and
# overhead of the interrupts-off detector, one VM per kernel (~5 min each);
# BENCH_KERNEL="6.1 ..." picks kernels, default all (tests/README.md).
bench: deps userspace
	tests/vm/run.sh --bench $(or $(BENCH_KERNEL),$(KERNELS))

install: all
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	tests/dkms-install.sh install $(VERSION)

uninstall:
	-tests/dkms-install.sh uninstall $(VERSION)
	$(MAKE) -C userspace uninstall PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

clean:
	-test -z "$(KDIR)" || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
