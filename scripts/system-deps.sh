#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Qt needs (see shared FACTS.md) when any is missing.
# Usage: scripts/system-deps.sh [run|test|package]
#   test adds Xvfb, zbar, graphviz, systemd (systemd-analyze) and the AT-SPI bridge with its
#   Python bindings (the screen-reader lane); package adds what `make package` needs on top of that
#   (strip, xz, dpkg-deb, file, desktop-file-validate, xvfb-run, makensis for the Windows
#   installer script).
set -euo pipefail

runtime=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
         libxkbcommon0 fontconfig-config fonts-dejavu-core
         libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
         libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
         libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1)
testing=(xvfb zbar-tools graphviz systemd at-spi2-core dbus-daemon python3-gi gir1.2-atspi-2.0)
packaging=(binutils xz-utils dpkg file desktop-file-utils xauth nsis)

wanted=("${runtime[@]}")
case "${1:-run}" in
    test) wanted+=("${testing[@]}") ;;
    package) wanted+=("${testing[@]}" "${packaging[@]}") ;;
esac
# python3 -m venv needs ensurepip, which Debian ships separately.
python3 -c 'import ensurepip' 2>/dev/null || wanted+=(python3-venv)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-deps: not a Debian/Ubuntu system; install the Qt runtime libraries yourself." >&2
    exit 0
fi

missing=()
for pkg in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "system-deps: installing ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
