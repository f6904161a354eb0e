#!/bin/sh
# Prints the kernel build directory to build against: the running kernel's,
# else the newest installed Debian linux-headers-* (not the -common ones).
build=/lib/modules/$(uname -r)/build
if [ -e "$build/Makefile" ]; then
	echo "$build"
	exit 0
fi
for d in /usr/src/linux-headers-*; do
	[ -f "$d/.config" ] && [ -f "$d/Makefile" ] && echo "$d"
done | sort -V | tail -n 1
