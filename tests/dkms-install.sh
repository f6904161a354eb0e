#!/bin/sh
# Usage: dkms-install.sh install|uninstall VERSION [dkms options...]
#        dkms-install.sh src VERSION DIR
# install: copies the module source to $SRCTREE/irqwatch-VERSION (default
# /usr/src), renders dkms.conf, then dkms add, build and install for the
# running kernel (or -k KERNEL given in the options).
# uninstall: dkms remove --all and removes the source copy.
# src: only the copy, into DIR (make install DESTDIR=..., packaging); no dkms.
set -eu
cmd=$1 version=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
srctree=${SRCTREE:-/usr/src}
src=$srctree/irqwatch-$version

# copy_src DIR: the module's source and dkms.conf, without build products
copy_src() {
	rm -rf "$1"
	mkdir -p "$1"
	cp -R "$top/Kbuild" "$top/kmod" "$1/"
	find "$1" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \
		-o -name modules.order -o -name Module.symvers \) -delete
	find "$1" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
	sed "s/#MODULE_VERSION#/$version/" "$top/dkms/dkms.conf" > "$1/dkms.conf"
	chmod 0644 "$1/dkms.conf"
}

case $cmd in
src)
	[ $# -eq 1 ] || { echo "usage: $0 src VERSION DIR" >&2; exit 2; }
	copy_src "$1"
	;;
install)
	if dkms status "$@" "irqwatch/$version" 2>/dev/null | grep -q .; then
		"$0" uninstall "$version" "$@" >/dev/null
	fi
	copy_src "$src"
	dkms add "$@" "irqwatch/$version"
	dkms build "$@" "irqwatch/$version"
	dkms install "$@" "irqwatch/$version"
	;;
uninstall)
	# --all, unless the options name a kernel (-k), which dkms refuses with it
	all=--all
	for o in "$@"; do
		if [ "$o" = -k ]; then all=; fi
	done
	if dkms status "$@" "irqwatch/$version" 2>/dev/null | grep -q .; then
		dkms remove "$@" "irqwatch/$version" $all
	fi
	rm -rf "$src"
	;;
*)
	echo "usage: $0 install|uninstall VERSION [dkms options] | src VERSION DIR" >&2
	exit 2
	;;
esac
