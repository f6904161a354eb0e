#!/bin/bash
# Fetch a Debian stock kernel (image + headers + kbuild) into the irqwatch
# cache and make its headers usable for out-of-tree module builds there.
#
#   fetch-kernel.sh ID      ID: 5.10 6.1 6.1-rt 6.12 6.12-rt (see --list)
#   fetch-kernel.sh --list
#
# Prints one line on stdout: a directory whose file `env` (sourceable) sets
# KRELEASE, KDIR, VMLINUZ, KCONFIG, KMAKEFLAGS (plus KID, KVERSION, KMODDIR).
# Use: . "$dir/env"; make -C "$KDIR" M="$PWD" $KMAKEFLAGS modules
# Progress goes to stderr.  Cache: ${IRQWATCH_CACHE:-$HOME/.cache/irqwatch}.
#
# The newest ABI of the ID's distribution is chosen through its headers
# metapackage in a private apt configuration (see apt-private.sh); the lists
# are refreshed when older than 24 h.  If that refresh fails and a kernel for
# ID is cached, the cached one is used (with a warning).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=apt-private.sh
. "$here/apt-private.sh"

IDS=(5.10 6.1 6.1-rt 6.12 6.12-rt)

usage() {
	printf 'usage: %s ID | --list\n  IDs: %s\n' "${0##*/}" "${IDS[*]}" >&2
	exit 2
}

# A directory of ID's cache that is complete (has .done) and current.
cached_kernel() {
	local cur=$kbase/current
	[[ -L $cur && -f $cur/.done && -f $cur/env ]] || return 1
	(cd -P "$cur" && pwd)
}

# write_env DIR: (re)write DIR/env for the tree in DIR/root.
write_env() {
	local dir=$1 root=$1/root cc kmakeflags='' moddir
	local kdir=$root/usr/src/linux-headers-$krelease
	# Debian's headers name the compiler the kernel was built with (e.g.
	# gcc-10 for 5.10); when the host lacks it, use its default gcc.
	cc=$(awk '
		$1 == "override" && $2 == "CROSS_COMPILE" && $3 == "=" && $4 !~ /\$/ { cross = $4 }
		$1 == "CC" && $2 == "=" { cc = $NF; sub(/.*\)/, "", cc) }
		END { if (cc != "") print cross cc }' "$kdir/.kernelvariables" 2>/dev/null)
	if [[ -n $cc ]] && ! command -v "$cc" >/dev/null; then
		command -v gcc >/dev/null || die "neither $cc nor gcc is installed"
		warn "$krelease wants $cc, not installed; using CC=gcc ($(gcc -dumpversion))"
		kmakeflags=CC=gcc
	fi
	if grep -q '^CONFIG_DEBUG_INFO_BTF_MODULES=y' "$root/boot/config-$krelease" &&
		! command -v pahole >/dev/null; then
		warn "$krelease has module BTF: install pahole (Debian package dwarves)"
	fi
	moddir=$root/lib/modules/$krelease
	[[ -d $moddir ]] || moddir=$root/usr/lib/modules/$krelease
	{
		printf 'KID=%q\n' "$id"
		printf 'KVERSION=%q\n' "$kversion"
		printf 'KRELEASE=%q\n' "$krelease"
		printf 'KDIR=%q\n' "$kdir"
		printf 'VMLINUZ=%q\n' "$root/boot/vmlinuz-$krelease"
		printf 'KCONFIG=%q\n' "$root/boot/config-$krelease"
		printf 'KMODDIR=%q\n' "$moddir"
		printf 'KMAKEFLAGS=%q\n' "$kmakeflags"
	} >"$dir/env.tmp"
	mv -f "$dir/env.tmp" "$dir/env"
}

# reroot ROOT FINALROOT: make the dpkg -x tree in ROOT (which will be renamed
# to FINALROOT) self-contained: absolute symlinks become relative, absolute
# /usr/src/linux-* and /usr/lib/linux-kbuild-* paths in the build files
# (e.g. the arch headers' "include /usr/src/...-common/Makefile") point into
# FINALROOT.
reroot() {
	local root=$1 final=$2
	(cd "$root" && find . -type l -lname '/*' -print0) |
		perl -0 -MFile::Spec -MFile::Basename -e '
			my $root = shift;
			while (my $l = <STDIN>) {
				chomp $l;
				$l =~ s{^\./}{};
				my $t = readlink("$root/$l") // die "readlink $l: $!";
				my $rel = File::Spec->abs2rel($t, "/" . dirname($l));
				unlink("$root/$l") && symlink($rel, "$root/$l")
					or die "relink $l: $!";
			}' "$root"
	local -a mk
	mapfile -d '' mk < <(find "$root/usr/src" "$root"/usr/lib/linux-kbuild-* -type f \
		\( -name 'Makefile*' -o -name 'Kbuild*' -o -name '*.mk' \
		-o -name '.kernelvariables' \) -print0 |
		xargs -0r grep -lZE '/usr/(src/linux-|lib/linux-kbuild-)')
	if ((${#mk[@]})); then
		# shellcheck disable=SC2016 # perl code in single quotes
		perl -pi -e '
			BEGIN { $r = shift @ARGV }
			s{(?<![\w./~-])(?=/usr/(?:src/linux-(?:headers|kbuild)-|lib/linux-kbuild-))}{$r}g;
		' "$final" "${mk[@]}"
	fi
	if grep -rqE --include='Makefile*' '(^|[^[:alnum:]./~-])/usr/(src/linux-|lib/linux-kbuild-)' \
		"$root/usr/src"/*/ 2>/dev/null; then
		die "absolute paths left in $root Makefiles"
	fi
}

[[ $# -eq 1 ]] || usage
case $1 in
--list)
	printf '%s\n' "${IDS[@]}"
	exit 0
	;;
-h | --help) usage ;;
5.10) dist=bullseye ;;
6.1 | 6.1-rt) dist=bookworm ;;
6.12 | 6.12-rt) dist=bookworm-backports ;;
*) usage ;;
esac
id=$1
series=${id%-rt}
flavour=amd64
[[ $id == *-rt ]] && flavour=rt-amd64
kbase=$IRQW_CACHE/kernels/$id

# One run per distribution at a time: apt state, debs and trees are shared.
take_lock "$IRQW_CACHE/apt/$dist.lock"

if ! apt_private_setup "$dist"; then
	if dir=$(cached_kernel); then
		warn "apt-get update for $dist failed; using cached kernel $dir"
		printf '%s\n' "$dir"
		exit 0
	fi
	apt_private_has_lists || die "apt-get update for $dist failed and nothing is cached"
	warn "apt-get update for $dist failed; trying the old package lists"
fi

# Newest ABI: the candidate of the headers metapackage (for backports, the
# private config holds only bookworm-backports, so its version is the one).
meta=linux-headers-$flavour
hdr=$(apt_depends_match "$meta" "^linux-headers-.+-$flavour\$")
[[ -n $hdr ]] || die "cannot resolve $meta in $dist"
krelease=${hdr#linux-headers-}
[[ $krelease == "$series".* ]] ||
	die "$meta in $dist is $krelease, not a $series kernel"
abi=${krelease%-"$flavour"}
img=linux-image-$krelease
[[ -n $(apt_field "$img" Version) ]] || img=$img-unsigned
common=$(apt_depends_match "$hdr" '^linux-headers-.+-common(-rt)?$')
kbuild=$(apt_depends_match "$hdr" '^linux-kbuild-')
[[ -n $common && -n $kbuild ]] || die "cannot resolve the dependencies of $hdr"
kversion=$(apt_field "$hdr" Version)
pkgs=("$img" "$hdr" "$common" "$kbuild")
msg "$id: $dist ABI $abi ($kversion): ${pkgs[*]}"

dir=$kbase/$krelease
stamp=
for p in "${pkgs[@]}"; do
	stamp+="$p $(apt_field "$p" Version)"$'\n'
done
stamp+="root $dir/root"$'\n'

if [[ ! -f $dir/.done || $(<"$dir/.done")$'\n' != "$stamp" ]]; then
	mapfile -t debs < <(apt_fetch "${pkgs[@]}")
	((${#debs[@]} == ${#pkgs[@]})) || die "download failed"
	mkdir -p "$kbase"
	rm -rf "$kbase"/.tmp-* # left by killed runs (we hold the lock)
	tmp=$(mktemp -d "$kbase/.tmp-$krelease.XXXXXX")
	chmod 755 "$tmp"
	trap 'rm -rf "$tmp"' EXIT
	for deb in "${debs[@]}"; do
		msg "extracting ${deb##*/}"
		dpkg -x "$deb" "$tmp/root"
	done
	reroot "$tmp/root" "$dir/root"
	for f in "$tmp/root/boot/vmlinuz-$krelease" "$tmp/root/boot/config-$krelease" \
		"$tmp/root/usr/src/linux-headers-$krelease/Makefile"; do
		[[ -e $f ]] || die "${f#"$tmp"/root} missing from the packages"
	done
	if [[ -e $dir ]]; then
		mv -T "$dir" "$tmp.old"
		rm -rf "$tmp.old"
	fi
	mv -T "$tmp" "$dir"
	trap - EXIT
	write_env "$dir"
	# Check the re-rooted Makefiles parse before marking the tree done.
	kdir=$dir/root/usr/src/linux-headers-$krelease
	# shellcheck disable=SC1091,SC2086,SC2153
	(. "$dir/env" && make -s -C "$kdir" $KMAKEFLAGS kernelversion >/dev/null) ||
		die "make -C $kdir kernelversion failed"
	grep -qF "\"$krelease\"" "$kdir/include/generated/utsrelease.h" ||
		die "$kdir is not for $krelease"
	printf '%s' "$stamp" >"$dir/.done.tmp"
	mv -f "$dir/.done.tmp" "$dir/.done"
	msg "$id: ready in $dir"
else
	write_env "$dir"
fi
ln -sfn "$krelease" "$kbase/.current.tmp"
mv -fT "$kbase/.current.tmp" "$kbase/current"
printf '%s\n' "$dir"
