#!/bin/bash
# Usage: tests/host/run.sh
# The path a user takes on a real host, end to end: build the Debian
# packages (make deb; lintian must find no error or warning), install them
# into a Debian 12 system (tests/host/image.sh, cached), where DKMS builds
# the module for its kernel, and for a kernel installed after the packages
# (the 6.1 RT flavour), boot it under QEMU TCG with systemd, and run
# guest/irqwatch-e2e there: enable --now, the module loaded, the logger as
# user irqwatch without capabilities, injected windows in the log, stop,
# unload, journal, purge leaving nothing behind. Fails on a missing verdict
# token, a timeout, WARNING/BUG/Oops in the console, or taint beyond O/E.
# Work files: $IRQWATCH_CACHE/work/<checkout>/host (console.log there).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${IRQWATCH_CACHE:-$HOME/.cache/irqwatch}
timeout_s=${IRQWATCH_HOST_TIMEOUT:-600}
log() { printf '[%s] host: %s\n' "$(date +%T)" "$*" >&2; }
# shellcheck source=tests/vm/judge.sh
. "$top/tests/vm/judge.sh"
t0=$(date +%s)

w=$cache/work/$(printf '%s' "$top" | md5sum | cut -c1-8)/host
root=$w/root
# dpkg's scripts and DKMS want /proc and /dev (/dev/fd) in the chroot
chroot_mounts() {
	mount -t proc proc "$root/proc"
	mount --bind /dev "$root/dev"
}
chroot_umounts() {
	local m
	for m in "$root/dev" "$root/proc"; do
		if mountpoint -q "$m"; then umount "$m" || umount -l "$m"; fi
	done
}
# never into a /dev that a killed run left bound there
rm_root() {
	chroot_umounts
	rm -rf --one-file-system "$root"
}
rm_root
rm -rf --one-file-system "$w"
mkdir -p "$w"

# What "make install" puts on a live system, and the host's DKMS: the
# package build runs "make install DESTDIR=...", which must touch none of it.
live_state() {
	ls -d /usr/src/irqwatch-* /var/lib/dkms/irqwatch /usr/local/sbin/irqwatch \
		/usr/sbin/irqwatch /usr/local/lib/systemd/system/irqwatch.service \
		/lib/systemd/system/irqwatch.service /usr/lib/sysusers.d/irqwatch.conf \
		/usr/local/lib/sysusers.d/irqwatch.conf 2>/dev/null || true
	getent passwd irqwatch || true
	if command -v dkms >/dev/null; then dkms status irqwatch 2>&1 || true; fi
}
before=$(live_state)

log "building the packages"
make -s -C "$top" deb DEB_OUT="$w/deb" >"$w/deb.log" 2>&1 ||
	{ cat "$w/deb.log" >&2; log "make deb failed"; exit 1; }
after=$(live_state)
if [ "$after" != "$before" ]; then
	log "make deb (make install DESTDIR=...) changed the live system: before:"
	printf '%s\n' "$before" "after:" "$after" >&2
	exit 1
fi
# ... and staged the module's source for DKMS in DESTDIR, as packaged
# (the listing first: grep -q would end the pipe early, and pipefail fail it)
files=$(dpkg -c "$w"/deb/irqwatch-dkms_*.deb)
grep -q ' \./usr/src/irqwatch-[^/]*/dkms\.conf$' <<<"$files" ||
	{ printf '%s\n' "$files" >&2; log "no dkms.conf in irqwatch-dkms"; exit 1; }
log "make install DESTDIR=... left the live system and its DKMS alone; irqwatch-dkms has the source and dkms.conf"
lintian --fail-on error,warning "$w"/deb/irqwatch_*.changes >"$w/lintian.log" 2>&1 ||
	{ cat "$w/lintian.log" >&2; log "lintian: errors or warnings"; exit 1; }
grep -v 'root privileges is not recommended' "$w/lintian.log" | sed 's/^/lintian: /' >&2 || true

base=$("$top/tests/host/image.sh")
t1=$(date +%s)
log "unpacking the image ($base)"
mkdir -p "$root"
tar -C "$root" -xf "$base"
krel=$(basename "$(ls -d "$root"/lib/modules/6.1.*)")

trap chroot_umounts EXIT
chroot_mounts

log "installing the packages into it (DKMS builds for $krel)"
cp "$w"/deb/irqwatch_*.deb "$w"/deb/irqwatch-dkms_*.deb "$root/tmp/"
if ! chroot "$root" sh -c 'dpkg -i /tmp/irqwatch_*.deb /tmp/irqwatch-dkms_*.deb' \
	>"$w/install.log" 2>&1; then
	cat "$w/install.log" >&2
	log "dpkg -i failed"
	exit 1
fi
rm -f "$root"/tmp/*.deb

# A kernel installed after the packages gets the module too (DKMS's kernel
# hooks): the 6.1 RT flavour, from the VM suite's cache. No initramfs for
# it (INITRD=No): it is not booted; the guest's purge check sees its module.
rtenv=$("$top/tests/vm/fetch-kernel.sh" 6.1-rt 2>"$w/fetch-rt.log")/env ||
	{ cat "$w/fetch-rt.log" >&2; log "fetching the 6.1 RT kernel failed"; exit 1; }
# shellcheck source=/dev/null
rtrel=$(. "$rtenv" && echo "$KRELEASE") rtver=$(. "$rtenv" && echo "$KVERSION")
debs=$cache/debs
cp "$debs/linux-image-${rtrel}_${rtver}_amd64.deb" "$debs/linux-headers-${rtrel}_${rtver}_amd64.deb" \
	"$debs/linux-headers-${rtrel%-rt-amd64}-common-rt_${rtver}_all.deb" \
	"$debs/linux-kbuild-6.1_${rtver}_amd64.deb" "$root/tmp/"
log "installing $rtrel after the packages (DKMS builds for it)"
if ! chroot "$root" sh -c 'INITRD=No dpkg -i /tmp/linux-*.deb' >"$w/install-rt.log" 2>&1 ||
	! chroot "$root" dkms status -k "$rtrel" irqwatch | grep -q ': installed' ||
	[ ! -e "$root/lib/modules/$rtrel/updates/dkms/irqwatch.ko" ]; then
	cat "$w/install-rt.log" >&2
	chroot "$root" dkms status >&2 || true
	log "DKMS did not build irqwatch for $rtrel, a kernel installed later"
	exit 1
fi
log "DKMS built irqwatch for $rtrel: $(chroot "$root" dkms status -k "$rtrel" irqwatch)"
rm -f "$root"/tmp/*.deb
cp -R "$top/tests/fault" "$root/root/fault"
if ! chroot "$root" make -C "/lib/modules/$krel/build" M=/root/fault modules \
	>"$w/fault.log" 2>&1; then
	cat "$w/fault.log" >&2
	log "building the fault injector failed"
	exit 1
fi
mv "$root/root/fault/irqwatch_fault.ko" "$root/root/"
chroot_umounts
rm -rf "$root/root/fault"
install -m 0755 "$top/tests/host/guest/irqwatch-e2e" "$root/usr/local/sbin/"
install -m 0644 "$top/tests/host/guest/irqwatch-e2e.service" "$root/etc/systemd/system/"
ln -sf /etc/systemd/system/irqwatch-e2e.service \
	"$root/etc/systemd/system/multi-user.target.wants/irqwatch-e2e.service"
echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' >"$root/etc/fstab"
echo irqwatch-e2e >"$root/etc/hostname"
cp "$root/boot/vmlinuz-$krel" "$root/boot/initrd.img-$krel" "$w/"
log "making the disk image"
mkfs.ext4 -q -F -L root -d "$root" "$w/disk.img" 4G >/dev/null
rm_root

t2=$(date +%s)
log "booting $krel with systemd"
: >"$w/result"
rc=0
# One VM at a time on this machine (tests/vm/run.sh takes the same lock);
# the boot's own time starts once the lock is taken.
flock "$cache/vm.lock" sh -c 'date +%s >"$0/vm-start"; exec "$@"' "$w" \
	timeout "$timeout_s" qemu-system-x86_64 \
	-accel tcg,thread=multi -smp 2 -m 2048 \
	-display none -monitor none -no-reboot -nic none \
	-serial "file:$w/console.log" -serial "file:$w/result" \
	-drive "file=$w/disk.img,format=raw,if=virtio" \
	-kernel "$w/vmlinuz-$krel" -initrd "$w/initrd.img-$krel" \
	-append "root=/dev/vda rw console=ttyS0 panic_on_warn=1 oops=panic panic=-1 mitigations=off" ||
	rc=$?
t3=$(date +%s)
rm -f "$w/disk.img"
[ $rc -ne 124 ] || log "timed out after ${timeout_s}s"

# the guest's lines, as its unit prints them to the console
e2e() { tr -d '\r' <"$w/console.log" | sed -n 's/.*irqwatch-e2e\[[0-9]*\]: \(e2e: \)/\1/p'; }
e2e >&2
bad=0
judge "$w" IRQWATCH-HOST-PASSED || bad=1
tv=$(cat "$w/vm-start" 2>/dev/null || echo "$t2")
log "packages and image $((t1 - t0))s, install $((t2 - t1))s, waiting for the VM lock $((tv - t2))s, boot and test $((t3 - tv))s, total $((t3 - t0))s"
passed=$(e2e | grep -c '^e2e: ok:' || true)
failed=$(e2e | grep -c '^e2e: FAIL:' || true)
[ $bad -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "host: $passed passed, $failed failed"
[ $bad -eq 0 ]
