#!/bin/sh
# Installs the Debian packages that building and testing irqwatch need.
# Idempotent: does nothing when everything is present.
set -eu

pkgs="gcc make pkg-config libc6-dev
libnl-3-dev libnl-genl-3-dev libcap-dev libjson-c-dev libcmocka-dev
zlib1g-dev libzstd-dev
dkms linux-headers-amd64 sparse dwarves flex bison bc libelf-dev libssl-dev
kmod cpio zstd xz-utils perl shellcheck
qemu-system-x86 busybox-static jq time chromium prometheus-node-exporter curl rt-tests
dpkg-dev debhelper dh-dkms lintian debootstrap debian-archive-keyring e2fsprogs"

missing=
for p in $pkgs; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "irqwatch: missing Debian packages:$missing" >&2
	echo "irqwatch: run as root, or: apt-get install$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2

# prometheus-node-exporter's package starts its service (port 9100, every
# address) and enables it at boot; the tests start an exporter of their
# own on 127.0.0.1, so one installed here is stopped and disabled again.
case " $missing " in
*" prometheus-node-exporter "*)
	if [ -d /run/systemd/system ]; then
		systemctl disable --now prometheus-node-exporter.service >&2 || true
	elif [ -x /etc/init.d/prometheus-node-exporter ]; then
		/etc/init.d/prometheus-node-exporter stop >&2 || true
		update-rc.d prometheus-node-exporter disable >&2 || true
	fi
	;;
esac
