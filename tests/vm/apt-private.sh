# shellcheck shell=bash
# Private apt configurations for fetching Debian packages into the irqwatch
# cache without touching the system's apt state.  Sourced by fetch-kernel.sh
# and fetch-checkpatch.sh; needs bash with `set -euo pipefail`.
#
# The archive URIs are never hard-coded: they are derived at run time from the
# machine's own apt sources (the URI serving suite "bookworm" is the main
# archive, the one serving "bookworm-security" the security archive).  Set
# IRQWATCH_APT_MAIN_URI / IRQWATCH_APT_SECURITY_URI to override.
#
# Layout under $IRQWATCH_CACHE (default ~/.cache/irqwatch):
#   apt/<dist>/          private apt config, lists and package cache per dist
#   debs/                downloaded .deb files (shared by all dists)
#
# Other knobs: IRQWATCH_APT_REFRESH=1 forces an `apt-get update`.

IRQW_CACHE=$(realpath -m -- "${IRQWATCH_CACHE:-$HOME/.cache/irqwatch}")
IRQW_KEYRING=${IRQWATCH_APT_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
IRQW_APT_MAX_AGE_MIN=1440
IRQW_APT_ETC=${IRQW_APT_ETC:-/etc/apt}  # system apt config to derive URIs from

# Set by apt_private_setup.
APT_PRIV_DIR=

msg() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
warn() { printf '%s: warning: %s\n' "${0##*/}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# Print "TYPE URI SUITE" for every enabled entry of the system's apt sources
# (one-line .list and deb822 .sources; other files are ignored, as apt does).
apt_system_entries() {
	local f
	local -a lists=() parts=()
	[[ -f $IRQW_APT_ETC/sources.list ]] && lists+=("$IRQW_APT_ETC/sources.list")
	for f in "$IRQW_APT_ETC"/sources.list.d/*.list; do
		[[ -f $f ]] && lists+=("$f")
	done
	for f in "$IRQW_APT_ETC"/sources.list.d/*.sources; do
		[[ -f $f ]] && parts+=("$f")
	done
	if ((${#lists[@]})); then
		# deb [opt=val ...] URI SUITE [COMPONENT...]
		sed -e 's/#.*//' -e 's/\[[^]]*\]//' "${lists[@]}" |
			awk '$1 == "deb" && NF >= 3 { print $1, $2, $3 }'
	fi
	if ((${#parts[@]})); then
		local p
		for p in "${parts[@]}"; do
			# Stanzas separated by blank lines; continuation lines start
			# with white space; "#" lines are comments.
			awk '
			function flush(  i, j, k, nt, nu, ns, t, u, s, en) {
				en = tolower(f["enabled"]); gsub(/[ \t]/, "", en)
				if (en != "no") {
					nt = split(f["types"], t, /[ \t]+/)
					nu = split(f["uris"], u, /[ \t]+/)
					ns = split(f["suites"], s, /[ \t]+/)
					for (i = 1; i <= nt; i++) if (t[i] == "deb")
						for (j = 1; j <= nu; j++) if (u[j] != "")
							for (k = 1; k <= ns; k++) if (s[k] != "")
								print "deb", u[j], s[k]
				}
				delete f; key = ""
			}
			/^#/ { next }
			/^[ \t]*$/ { flush(); next }
			/^[ \t]/ { if (key != "") f[key] = f[key] " " $0; next }
			{
				key = tolower(substr($0, 1, index($0, ":") - 1))
				f[key] = substr($0, index($0, ":") + 1)
			}
			END { flush() }' "$p"
		done
	fi
}

# apt_system_uri SUITE: the first URI of the system's sources serving SUITE.
apt_system_uri() {
	apt_system_entries | awk -v s="$1" '$3 == s { sub(/\/+$/, "", $2); print $2; exit }'
}

apt_archive_uris() {
	IRQW_MAIN_URI=${IRQWATCH_APT_MAIN_URI:-$(apt_system_uri bookworm)}
	IRQW_SECURITY_URI=${IRQWATCH_APT_SECURITY_URI:-$(apt_system_uri bookworm-security)}
	[[ -n $IRQW_MAIN_URI ]] ||
		die "no apt source serves suite 'bookworm' (set IRQWATCH_APT_MAIN_URI)"
	[[ -n $IRQW_SECURITY_URI ]] ||
		die "no apt source serves suite 'bookworm-security' (set IRQWATCH_APT_SECURITY_URI)"
}

# apt_private_suites DIST: "URI SUITE" lines for the private sources of DIST.
apt_private_suites() {
	case $1 in
	bullseye | bookworm)
		printf '%s %s\n' "$IRQW_MAIN_URI" "$1" "$IRQW_MAIN_URI" "$1-updates" \
			"$IRQW_SECURITY_URI" "$1-security"
		;;
	bookworm-backports)
		# Backports alone: its metapackages must win over bookworm's.
		printf '%s %s\n' "$IRQW_MAIN_URI" "$1"
		;;
	*) die "unknown distribution '$1'" ;;
	esac
}

# Run apt in the private configuration of the last apt_private_setup.
apt_priv() {
	APT_CONFIG=$APT_PRIV_DIR/apt.conf "$@"
}

# apt_private_setup DIST: create/refresh the private apt configuration of DIST
# and run `apt-get update` when its lists are missing or older than 24 h.
# Returns 1 when the update failed; the caller decides whether cached results
# are good enough.
apt_private_setup() {
	local dist=$1 d uri suite sources=
	d=$IRQW_CACHE/apt/$dist
	APT_PRIV_DIR=$d
	apt_archive_uris
	mkdir -p "$d"/{apt.conf.d,sources.list.d,preferences.d,trusted.gpg.d} \
		"$d"/lists/partial "$d"/cache/archives/partial "$IRQW_CACHE/debs"
	[[ -e $d/status ]] || : >"$d/status"

	[[ -r $IRQW_KEYRING ]] || die "$IRQW_KEYRING missing (install debian-archive-keyring)"
	while read -r uri suite; do
		sources+="deb [arch=amd64 signed-by=$IRQW_KEYRING] $uri $suite main"$'\n'
	done < <(apt_private_suites "$dist")
	if [[ ! -f $d/sources.list || $(<"$d/sources.list")$'\n' != "$sources" ]]; then
		printf '%s' "$sources" >"$d/sources.list"
		rm -f "$d/updated"
	fi

	# APT_CONFIG is read before the config parts, so pointing Dir::Etc::Parts
	# at a private directory keeps the system's hooks (appstream, packagekit)
	# out.  Network settings (proxies, Check-Valid-Until, ...) are inherited
	# from the system's Acquire:: configuration.
	{
		printf 'Dir::Etc::Main "%s";\n' "$d/apt.conf.main"
		printf 'Dir::Etc::Parts "%s";\n' "$d/apt.conf.d"
		printf 'Dir::Etc::SourceList "%s";\n' "$d/sources.list"
		printf 'Dir::Etc::SourceParts "%s";\n' "$d/sources.list.d"
		printf 'Dir::Etc::Preferences "%s";\n' "$d/preferences"
		printf 'Dir::Etc::PreferencesParts "%s";\n' "$d/preferences.d"
		printf 'Dir::Etc::Trusted "%s";\n' "$d/trusted.gpg"
		printf 'Dir::Etc::TrustedParts "%s";\n' "$d/trusted.gpg.d"
		printf 'Dir::State "%s";\n' "$d"
		printf 'Dir::State::Lists "%s";\n' "$d/lists"
		printf 'Dir::State::status "%s";\n' "$d/status"
		printf 'Dir::Cache "%s";\n' "$d/cache"
		printf 'Dir::Cache::Archives "%s";\n' "$d/cache/archives"
		printf 'Dir::Cache::pkgcache "%s";\n' "$d/cache/pkgcache.bin"
		printf 'Dir::Cache::srcpkgcache "%s";\n' "$d/cache/srcpkgcache.bin"
		printf 'APT::Architecture "amd64";\n'
		printf 'APT::Architectures { "amd64"; };\n'
		printf 'Acquire::Languages "none";\n'
		# root's home is not readable by _apt: download as the caller.
		if ((EUID == 0)); then
			printf 'APT::Sandbox::User "root";\n'
		fi
	} >"$d/apt.conf"
	env -u APT_CONFIG apt-config dump 2>/dev/null |
		grep '^Acquire::' | grep -Ev '^Acquire::(IndexTargets|Changelogs)' \
			>"$d/apt.conf.d/50system-acquire" || true

	if [[ ${IRQWATCH_APT_REFRESH:-0} != 1 && -f $d/updated &&
		-n $(find "$d/updated" -mmin -"$IRQW_APT_MAX_AGE_MIN" 2>/dev/null) ]]; then
		return 0
	fi
	msg "apt-get update ($dist)"
	if apt_priv apt-get -qq update --error-on=any >&2; then
		touch "$d/updated"
		return 0
	fi
	return 1
}

# apt_private_has_lists: lists of a previous update exist (maybe stale).
apt_private_has_lists() {
	compgen -G "$APT_PRIV_DIR/lists/*_Packages*" >/dev/null
}

# apt_field PKG FIELD: FIELD of the candidate version of PKG (empty if none).
apt_field() {
	apt_priv apt-cache show --no-all-versions "$1" 2>/dev/null |
		awk -v f="$2:" '$1 == f { sub(/^[^:]*:[ \t]*/, ""); print; exit }'
}

# apt_depends_match PKG REGEX: first package name in PKG's Depends that
# matches the (extended) REGEX.
apt_depends_match() {
	apt_field "$1" Depends | sed 's/[,|]/\n/g' |
		sed -e 's/^[ \t]*//' -e 's/[ \t(].*//' | grep -E -m1 -- "$2" || true
}

# apt_fetch PKG...: download the candidate versions of PKGs into the shared
# debs/ directory (skipped when the file is already there with the right
# hash); prints the .deb paths, one per line.
apt_fetch() {
	local pkg ver arch sha deb size total=0
	local -a need=()
	local -a debs=()
	for pkg in "$@"; do
		ver=$(apt_field "$pkg" Version)
		arch=$(apt_field "$pkg" Architecture)
		sha=$(apt_field "$pkg" SHA256)
		[[ -n $ver && -n $sha ]] || die "package $pkg not found in $APT_PRIV_DIR"
		# The name apt-get download gives the file (epoch colon quoted).
		deb=$IRQW_CACHE/debs/${pkg}_${ver//:/%3a}_$arch.deb
		debs+=("$deb")
		if [[ -f $deb ]] && sha256sum "$deb" | grep -q "^$sha "; then
			continue
		fi
		rm -f "$deb"
		need+=("$pkg")
		size=$(apt_field "$pkg" Size)
		total=$((total + ${size:-0}))
	done
	if ((${#need[@]})); then
		msg "downloading ${need[*]} ($((total / 1000000)) MB)"
		(cd "$IRQW_CACHE/debs" && apt_priv apt-get -qq download "${need[@]}" >&2) ||
			die "apt-get download ${need[*]} failed"
	fi
	for deb in "${debs[@]}"; do
		[[ -f $deb ]] || die "$deb missing after download"
		printf '%s\n' "$deb"
	done
}

# take_lock FILE: hold an exclusive flock on FILE until the script exits.
take_lock() {
	local fd
	mkdir -p "${1%/*}"
	exec {fd}>"$1"
	flock "$fd"
}
