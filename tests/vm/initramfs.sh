#!/bin/bash
# Usage: initramfs.sh OUT.cpio.gz KRELEASE MODDIR [BASE_KO]
# Packs the test VM's root: static busybox, the irqwatch tool, jq,
# cyclictest and hackbench (the bench's peer and load) with their shared
# libraries, nlprobe, nlfuzz (the netlink fuzzer), capdrop (runs a command
# with a reduced capability set), burn (the bench's workload), flood
# (a UDP flood over loopback: the storm tests and bench), the guest
# tests, irqwatch.ko (as an installed module, so that modprobe finds it and
# t20/t42 can show that a family lookup does not autoload it) and the fault
# injector. BASE_KO (make bench with BENCH_BASE): a second build of the
# module, from another commit, packed as /lib/irqwatch-base.ko: outside
# /lib/modules, so that modprobe never picks it; bench.sh loads it by path.
set -euo pipefail
out=$1 krelease=$2 moddir=$3 base_ko=${4:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

chmod 755 "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,tests}
chmod 1777 "$root/tmp"
mkdir -p "$root/lib/modules/$krelease/extra"
cp /bin/busybox "$root/bin/busybox"

# copy_bin FILE DEST: FILE and every shared library it needs, at their paths
copy_bin() {
	cp "$1" "$root/$2"
	ldd "$1" | awk '/=>/ { print $3 } !/=>/ && /^\t\// { print $1 }' |
	while read -r lib; do
		[ -n "$lib" ] || continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
copy_bin "$top/userspace/irqwatch" usr/sbin/irqwatch
# shellcheck disable=SC2046
gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$top/kmod/uapi" \
	$(pkg-config --cflags libnl-genl-3.0) "$top/tests/vm/nlprobe.c" \
	-o "$root/nlprobe.tmp" $(pkg-config --libs libnl-genl-3.0)
copy_bin "$root/nlprobe.tmp" usr/bin/nlprobe
rm "$root/nlprobe.tmp"
copy_bin "$(command -v jq)" usr/bin/jq
# the bench's peer and context-switch load (Debian's rt-tests; tests/deps.sh
# installs it)
for t in cyclictest hackbench; do
	if command -v $t > /dev/null; then
		copy_bin "$(command -v $t)" usr/bin/$t
	fi
done
gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static \
	"$top/tests/vm/burn.c" -o "$root/usr/bin/burn"
gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static \
	"$top/tests/vm/capdrop.c" -o "$root/usr/bin/capdrop"
gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static \
	"$top/tests/vm/flood.c" -o "$root/usr/bin/flood"
gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static -I"$top/kmod/uapi" \
	"$top/tests/vm/nlfuzz.c" -o "$root/usr/bin/nlfuzz"

cp "$moddir/kmod/irqwatch.ko" "$root/lib/modules/$krelease/extra/"
[ -z "$base_ko" ] || cp "$base_ko" "$root/lib/irqwatch-base.ko"
cp "$moddir/tests/fault/irqwatch_fault.ko" "$root/tests/"
cp "$top"/tests/vm/guest/*.sh "$root/tests/"
cp "$top/tests/vm/guest/init" "$root/init"
chmod +x "$root/init"

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' \
	> "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out"
