#!/bin/sh
# Usage: dkms-install.sh install|uninstall VERSION [dkms options...]
# install: copies the module source to $SRCTREE/irqwatch-VERSION (default
# /usr/src), renders dkms.conf, then dkms add, build and install for the
# running kernel (or -k KERNEL given in the options).
# uninstall: dkms remove --all and removes the source copy.
set -eu
cmd=$1 version=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
srctree=${SRCTREE:-/usr/src}
src=$srctree/irqwatch-$version

case $cmd in
install)
	if dkms status "$@" "irqwatch/$version" 2>/dev/null | grep -q .; then
		"$0" uninstall "$version" "$@" >/dev/null
	fi
	rm -rf "$src"
	mkdir -p "$src"
	cp -a "$top/Kbuild" "$top/kmod" "$src/"
	find "$src" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \
		-o -name modules.order -o -name Module.symvers \) -delete
	sed "s/@VERSION@/$version/" "$top/dkms/dkms.conf" > "$src/dkms.conf"
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
	echo "usage: $0 install|uninstall VERSION [dkms options]" >&2
	exit 2
	;;
esac
