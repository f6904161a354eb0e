#!/bin/bash
# Fetch the kernel's checkpatch.pl (Debian's headers do not ship it) from
# Debian bookworm's linux-source-6.1 into the irqwatch cache and print its
# path.  Only checkpatch.pl and the files it reads are extracted:
#   $IRQWATCH_CACHE/checkpatch/<version>/scripts/{checkpatch.pl,spelling.txt,
#       const_structs.checkpatch}, .../Documentation/dev-tools/checkpatch.rst
# Use: perl "$(fetch-checkpatch.sh)" --no-tree -f file.c
# Same private apt configuration and cache as fetch-kernel.sh.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=apt-private.sh
. "$here/apt-private.sh"

dist=bookworm
pkg=linux-source-6.1
files=(
	scripts/checkpatch.pl
	scripts/spelling.txt
	scripts/const_structs.checkpatch
	Documentation/dev-tools/checkpatch.rst # read by --verbose
)
base=$IRQW_CACHE/checkpatch

[[ $# -eq 0 ]] || {
	printf 'usage: %s   (prints the path of checkpatch.pl)\n' "${0##*/}" >&2
	exit 2
}

take_lock "$IRQW_CACHE/apt/$dist.lock"

if ! apt_private_setup "$dist"; then
	if [[ -f $base/current/.done ]]; then
		warn "apt-get update for $dist failed; using cached checkpatch"
		printf '%s\n' "$(cd -P "$base/current" && pwd)/scripts/checkpatch.pl"
		exit 0
	fi
	apt_private_has_lists || die "apt-get update for $dist failed and nothing is cached"
	warn "apt-get update for $dist failed; trying the old package lists"
fi

version=$(apt_field "$pkg" Version)
[[ -n $version ]] || die "$pkg not found in $dist"
dir=$base/$version

if [[ ! -f $dir/.done ]]; then
	deb=$(apt_fetch "$pkg")
	mkdir -p "$base"
	rm -rf "$base"/.tmp-* # left by killed runs (we hold the lock)
	tmp=$(mktemp -d "$base/.tmp-$version.XXXXXX")
	chmod 755 "$tmp"
	trap 'rm -rf "$tmp"' EXIT
	msg "extracting ${files[*]} from $pkg $version"
	# The package holds usr/src/linux-source-6.1.tar.xz; stream it and
	# pick the few members (top directory stripped).
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/$pkg.tar.xz" |
		tar -xJ -C "$tmp" --wildcards --no-wildcards-match-slash \
			--strip-components=1 "${files[@]/#/linux-source-*/}"
	for f in "${files[@]}"; do
		[[ -s $tmp/$f ]] || die "$f missing from $pkg $version"
	done
	printf '%s %s\n' "$pkg" "$version" >"$tmp/.done"
	rm -rf "$dir"
	mv -T "$tmp" "$dir"
	trap - EXIT
fi
ln -sfn "$version" "$base/.current.tmp"
mv -fT "$base/.current.tmp" "$base/current"
printf '%s\n' "$dir/scripts/checkpatch.pl"
