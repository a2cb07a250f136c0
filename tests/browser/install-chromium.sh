#!/usr/bin/env bash
# Installs Debian's Chromium into a folder of its own, without touching the system: apt
# works on a package list and a download cache inside the folder, and the packages that
# Chromium needs and this machine lacks are unpacked there with `dpkg -x` (nothing is
# registered with dpkg, no package script runs). It prints the path of a launcher that
# runs that Chromium, to pass to tests/browser/check-report.sh as CARECAST_BROWSER.
#
# Usage: tests/browser/install-chromium.sh DIR
#
# A second call with the same DIR reuses what the first installed. Needs apt-get and
# dpkg (no root needed). Exits 3 when Chromium cannot be had here (no apt-get, no package
# mirror reachable), with the reason on stderr.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
mkdir -p "$1"
dir=$(realpath "$1")
launcher="$dir/chromium"
cannot() { echo "install-chromium: $*" >&2; exit 3; }

if [[ -x $launcher ]] && "$launcher" --version >/dev/null 2>&1; then
    echo "$launcher"
    exit 0
fi
command -v apt-get >/dev/null 2>&1 || cannot "no apt-get to fetch Debian's chromium package"
command -v dpkg >/dev/null 2>&1 || cannot "no dpkg to unpack Debian's chromium package"

echo "install-chromium: installing Debian's chromium package into $dir (not system-wide)" >&2
apt_dir="$dir/apt"
root="$dir/root"
rm -rf "$root" "$apt_dir/archives"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$root"
apt_opts=(
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir"
    -o "Dir::Cache::archives=$apt_dir/archives"
    -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
    -o "Debug::NoLocking=1"
    -o "APT::Sandbox::User=root"
    -o "APT::Install-Recommends=0"
)
log="$dir/apt.log"
timeout 300 apt-get "${apt_opts[@]}" update >"$log" 2>&1 \
    || cannot "apt-get update failed (see $log)"
# Chromium's own packages (even when this machine has them: the binary looks for its data
# files beside it) and every dependency the machine lacks.
timeout 900 apt-get "${apt_opts[@]}" install --reinstall --download-only -y -qq \
    chromium chromium-common \
    >>"$log" 2>&1 || cannot "cannot download chromium and its dependencies (see $log)"
debs=("$apt_dir"/archives/*.deb)
[[ -e ${debs[0]} ]] || cannot "apt-get downloaded no package (see $log)"
for deb in "${debs[@]}"; do
    dpkg -x "$deb" "$root"
done
binary="$root/usr/lib/chromium/chromium"
[[ -x $binary ]] || cannot "the chromium package holds no $binary"
rm -rf "$apt_dir/archives"

# The unpacked libraries come first, then the system's.
libs=$(find "$root" \( -name '*.so' -o -name '*.so.*' \) -printf '%h\n' | sort -u | paste -sd: -)
cat >"$launcher" <<SH
#!/bin/sh
# Runs the Chromium unpacked beside this file (made by tests/browser/install-chromium.sh).
LD_LIBRARY_PATH="$libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$binary" "\$@"
SH
chmod +x "$launcher"
"$launcher" --version >&2 || cannot "the unpacked Chromium does not start (missing libraries?)"
echo "install-chromium: ${#debs[@]} packages unpacked into $root" >&2
echo "$launcher"
