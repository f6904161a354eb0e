#!/bin/sh
# CI proof that DKMS can add, build and install irqwatch for an installed
# Debian kernel (its headers suffice; dkms builds without loading). Uses
# private source, dkms and install trees; only dkms's depmod run touches the
# kernel's modules.* index files.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^#define IRQWATCH_VERSION "\(.*\)"/\1/p' "$top/kmod/version.h")
kdir=$("$top/tests/kdir.sh")
[ -n "$kdir" ] || { echo "dkms-check: no kernel headers installed" >&2; exit 1; }
kernel=$(basename "$(readlink -f "$kdir")" | sed 's/^linux-headers-//')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/dkms" "$tmp/install/$kernel"
opts="--sourcetree $tmp/src --dkmstree $tmp/dkms --installtree $tmp/install -k $kernel"
# shellcheck disable=SC2086
SRCTREE=$tmp/src "$top/tests/dkms-install.sh" install "$version" $opts
ko=$(find "$tmp/install" -name 'irqwatch.ko*' | head -n 1)
[ -n "$ko" ] || { echo "dkms-check: no irqwatch.ko installed" >&2; exit 1; }
modinfo -F vermagic "$ko" | grep -q "^$kernel " ||
	{ echo "dkms-check: $ko has vermagic $(modinfo -F vermagic "$ko")" >&2; exit 1; }
# shellcheck disable=SC2086
SRCTREE=$tmp/src "$top/tests/dkms-install.sh" uninstall "$version" $opts
[ -z "$(find "$tmp/install" -name 'irqwatch.ko*')" ] ||
	{ echo "dkms-check: dkms remove left the module installed" >&2; exit 1; }
echo "dkms: add, build, install, remove for $kernel passed"
