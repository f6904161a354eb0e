#!/bin/bash
# Usage: tests/host/image.sh
# Builds (once, cached) the base of the end-to-end test's Debian 12 system:
# a debootstrap (minbase) of bookworm with systemd, bookworm's 6.1 kernel
# image and headers, dkms and the tool's run-time libraries, packed as
# $IRQWATCH_CACHE/host/base-<stamp>.tar. Prints the tarball's path.
#
# The archive is the one that serves "bookworm" in the machine's own apt
# sources (tests/vm/apt-private.sh; IRQWATCH_APT_MAIN_URI overrides it),
# as for the VM suite's kernels. The tarball is rebuilt when this script's
# package list changes, or after IRQWATCH_HOST_IMAGE_DAYS (default 30) days
# so that the kernel follows bookworm's point releases.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../vm/apt-private.sh
. "$here/../vm/apt-private.sh"

# What the image has besides minbase: systemd as init, the kernel (with its
# initramfs) and headers for DKMS, dkms itself, and the libraries the
# irqwatch package depends on, so that the packages install offline.
include=systemd-sysv,udev,dbus,initramfs-tools,linux-image-amd64,linux-headers-amd64,dkms,libnl-3-200,libnl-genl-3-200,libcap2,libjson-c5,zlib1g,libzstd1,procps,kmod,passwd
max_days=${IRQWATCH_HOST_IMAGE_DAYS:-30}

dir=$IRQW_CACHE/host
mkdir -p "$dir"
take_lock "$dir/image.lock"
stamp=$(printf '%s\n' "$include" | md5sum | cut -c1-8)
tar=$dir/base-$stamp.tar
if [[ -f $tar && -n $(find "$tar" -mtime -"$max_days") ]]; then
	printf '%s\n' "$tar"
	exit 0
fi

command -v debootstrap >/dev/null || die "debootstrap missing (tests/deps.sh installs it)"
apt_archive_uris
rm -rf "$dir"/.root-* "$dir"/base-*.tar.tmp
root=$(mktemp -d "$dir/.root-XXXXXX")
trap 'rm -rf "$root" "$tar.tmp"' EXIT
msg "debootstrap bookworm into $root (a few minutes, once)"
debootstrap --variant=minbase --arch=amd64 --include="$include" \
	--keyring="$IRQW_KEYRING" bookworm "$root" "$IRQW_MAIN_URI" >"$dir/debootstrap.log" 2>&1 ||
	{ tail -n 30 "$dir/debootstrap.log" >&2; die "debootstrap failed (log: $dir/debootstrap.log)"; }
# the package cache and lists are not needed: the test installs local files
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
ls "$root"/boot/vmlinuz-6.1.* "$root"/boot/initrd.img-6.1.* >/dev/null ||
	die "no 6.1 kernel or initramfs in the image"
tar -C "$root" --numeric-owner -cf "$tar.tmp" .
mv -f "$tar.tmp" "$tar"
find "$dir" -maxdepth 1 -name 'base-*.tar' ! -name "${tar##*/}" -delete
msg "image base ready: $tar ($(du -m "$tar" | cut -f1) MB)"
printf '%s\n' "$tar"
