# SPDX-License-Identifier: GPL-2.0
#
# make            build kmod/irqwatch.ko (against KDIR) and userspace/irqwatch
# make check      unit tests (also under ASan+UBSan), the HTML and Perfetto
#                 reports in headless Chromium, the metrics read by a real
#                 node_exporter, style checks, the VM suite on every kernel
# make report-check  the HTML and Perfetto reports in headless Chromium
# make prom-check the metrics of record --prom read by node_exporter
# make demo       boot a VM and show irqwatch at work
# make bench      figures: irqwatch report's throughput and memory against jq
#                 (no VM), then from VMs: transport, irqoff accuracy and
#                 overhead, stall probes, the interrupt tracepoints,
#                 memory and the drain at 2/8/32 vCPUs, cyclictest side by
#                 side; tables into tests/bench/RESULTS.md;
#                 BENCH_BASE=REF compares the transport with REF's module
# make bench-report  the report's part alone (tests/bench/report.sh; no VM)
# make soak       irqwatch under random faults for SOAK_MIN minutes (default
#                 60) in a VM, then checks the log, the losses and memory
# make install    tool, man page, systemd unit, sysusers.d, tmpfiles.d and
#                 modprobe.d files, and the module through DKMS (root); with
#                 DESTDIR: the module's source for DKMS in DESTDIR/usr/src,
#                 and no dkms, sysusers or tmpfiles run
# make deb        the Debian packages irqwatch and irqwatch-dkms, in DEB_OUT
#                 (default ~/.cache/irqwatch/deb), built in a copy of the tree
# make host-check install the packages into a booted Debian 12 (QEMU)

VERSION := $(shell sed -n 's/^\#define IRQWATCH_VERSION "\(.*\)"/\1/p' kmod/version.h)
PREFIX ?= /usr/local
DESTDIR ?=
# The running kernel's build dir, else the newest installed linux-headers.
KDIR ?= $(shell tests/kdir.sh)
KERNELS ?= $(shell tests/vm/fetch-kernel.sh --list)
DEB_OUT ?= $(or $(IRQWATCH_CACHE),$(HOME)/.cache/irqwatch)/deb

.PHONY: all kmod userspace deps check unit report-check prom-check style vm demo bench soak \
	bench-report install uninstall dkms-check deb host-check clean

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
	$(MAKE) report-check
	$(MAKE) prom-check
	$(MAKE) style
	$(MAKE) dkms-check
	$(MAKE) vm
	$(MAKE) host-check

unit:
	$(MAKE) -C userspace test
	$(MAKE) -C userspace test-sanitize

# The reports of the unit tests' logs opened in headless Chromium: the HTML
# logs no console message and its screenshot is not blank, the Perfetto file
# is a trace-event file (tests/report/browser.sh; output in userspace/build).
report-check: userspace
	tests/report/browser.sh

# record --prom's metrics of a log read by prometheus-node-exporter
prom-check:
	$(MAKE) -C userspace prom-replay
	tests/prom/node-exporter.sh

style:
	tests/style.sh

dkms-check:
	tests/dkms-check.sh

# Build the packages, install them into a Debian 12 image, boot it with
# systemd and test the service end to end (tests/host/run.sh).
host-check:
	tests/host/run.sh

vm: userspace
	tests/vm/run.sh $(KERNELS)

demo: deps userspace
	tests/vm/run.sh --demo 6.1

# Figures, not pass/fail, written to tests/bench/RESULTS.md too. First the
# report's throughput, peak RSS and ratio to jq on generated multi-host logs
# of 1M and 4M records, no VM (~15 min, most of it jq: BENCH_JQ_RUNS=N,
# default 3); then, one VM per kernel: transport throughput and cost,
# accuracy and overhead of the interrupts-off detector, stall probes,
# interrupt tracepoints, memory and the drain at 2, 8 and 32 vCPUs (two
# more boots), cyclictest side by side, idle CPUs' timer interrupts, the
# sched_switch probe's cost to hackbench;
# BENCH_KERNEL="6.1 ..." picks kernels, default all (tests/README.md).
# BENCH_BASE=REF also builds the module of git ref REF and runs the transport
# bursts on both modules in the same boot, interleaved, side by side with
# new/base ratios; BENCH_PARTS=transport (comma list of report, transport,
# irqoff, overhead, stall, storm, cpus, peers, idle, switch; default all) skips the
# other parts, and BENCH_PARTS=report boots no VM at all;
# BENCH_BASE_ROUNDS=N rounds per module and rate (default 2).
comma := ,
empty :=
space := $(empty) $(empty)
BENCH_LIST = $(subst $(comma),$(space),$(BENCH_PARTS))
BENCH_VM_PARTS = $(subst $(space),$(comma),$(strip $(filter-out report,$(BENCH_LIST))))
bench: deps userspace
ifneq ($(if $(BENCH_PARTS),$(filter report,$(BENCH_LIST)),report),)
	BENCH_JQ_RUNS="$(BENCH_JQ_RUNS)" tests/bench/report.sh
endif
ifneq ($(if $(BENCH_PARTS),$(BENCH_VM_PARTS),all),)
	BENCH_BASE="$(BENCH_BASE)" BENCH_PARTS="$(BENCH_VM_PARTS)" \
		BENCH_BASE_ROUNDS="$(BENCH_BASE_ROUNDS)" \
		tests/vm/run.sh --bench $(or $(BENCH_KERNEL),$(KERNELS))
endif

# Not in make check: irqwatch left running under random faults for SOAK_MIN
# minutes (default 60) in a VM of SOAK_KERNEL (default 6.1); see
# tests/vm/guest/soak.sh for what it checks at the end.
soak: deps userspace
	SOAK_MIN="$(SOAK_MIN)" tests/vm/run.sh --soak $(or $(SOAK_KERNEL),6.1)

# The report's part of the bench alone (no VM): BENCH_JQ_RUNS=N jq runs
# (default 3, 0: none), BENCH_REPORT_EVENTS="1000000 4000000" the logs' sizes.
bench-report: userspace
	BENCH_JQ_RUNS="$(BENCH_JQ_RUNS)" BENCH_REPORT_EVENTS="$(BENCH_REPORT_EVENTS)" \
		tests/bench/report.sh

# DKMS builds the module itself (now, and for every kernel installed later).
install: userspace
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
ifeq ($(DESTDIR),)
	tests/dkms-install.sh install $(VERSION)
	systemd-sysusers $(PREFIX)/lib/sysusers.d/irqwatch.conf
	systemd-tmpfiles --create $(PREFIX)/lib/tmpfiles.d/irqwatch.conf
	-systemctl daemon-reload
else
	tests/dkms-install.sh src $(VERSION) "$(DESTDIR)/usr/src/irqwatch-$(VERSION)"
endif

# The user irqwatch and /var/log/irqwatch stay (as apt-get remove leaves them).
uninstall:
ifeq ($(DESTDIR),)
	-systemctl disable --now irqwatch.service
	-tests/dkms-install.sh uninstall $(VERSION)
else
	rm -rf "$(DESTDIR)/usr/src/irqwatch-$(VERSION)"
endif
	$(MAKE) -C userspace uninstall PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

# Binary packages only, unsigned, built in a copy of the tree under DEB_OUT
# (dpkg-buildpackage writes to the parent of the tree it builds): nothing
# is written into this tree. Prints the packages' paths.
DEB_FILES := Kbuild Makefile kmod userspace dist dkms debian tests/dkms-install.sh tests/kdir.sh
deb:
	rm -rf "$(DEB_OUT)/.irqwatch-build"
	mkdir -p "$(DEB_OUT)/.irqwatch-build/irqwatch-$(VERSION)/tests"
	tar -c --exclude='*.o' --exclude='*.ko' $(DEB_FILES) | \
		tar -x -C "$(DEB_OUT)/.irqwatch-build/irqwatch-$(VERSION)"
	cd "$(DEB_OUT)/.irqwatch-build/irqwatch-$(VERSION)" && \
		dpkg-buildpackage -b -us -uc > ../build.log 2>&1 || \
		{ tail -n 40 ../build.log >&2; exit 1; }
	mv -f "$(DEB_OUT)"/.irqwatch-build/*.deb "$(DEB_OUT)"/.irqwatch-build/*.buildinfo \
		"$(DEB_OUT)"/.irqwatch-build/*.changes "$(DEB_OUT)/"
	rm -rf "$(DEB_OUT)/.irqwatch-build"
	@ls -1 "$(DEB_OUT)"/irqwatch*_$(VERSION)_*.deb

clean:
	-test -z "$(KDIR)" || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
