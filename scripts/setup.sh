#!/usr/bin/env bash
# Set up qjmap on a fresh Debian machine: system packages, a venv with pinned Python
# packages, and the pinned local web assets (Leaflet, jQuery) from the npm registry.
# Usage: scripts/setup.sh [--test]   (--test also installs what the tests need)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
want_test=0; [ "${1:-}" = "--test" ] && want_test=1

apt_pkgs=(fonts-noto-cjk libnss3 libxkbcommon0 libxcomposite1 libxdamage1 libxrandr2
          libxtst6 libxshmfence1 libgbm1 libasound2 libegl1 libgl1 libxkbfile1 libdbus-1-3
          libfontconfig1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
          libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 nodejs npm)
[ $want_test = 1 ] && apt_pkgs+=(poppler-utils chromium xvfb)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# node/npm may already come from elsewhere (e.g. /usr/local): skip them then.
if command -v npm >/dev/null; then
  tmp=(); for p in "${missing[@]:-}"; do [[ "$p" == nodejs || "$p" == npm || -z "$p" ]] || tmp+=("$p"); done
  missing=("${tmp[@]:-}")
fi
if [ -n "${missing[*]:-}" ]; then
  SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
extras="."; [ $want_test = 1 ] && extras=".[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e "$extras"

# Web assets: pinned by package.json + package-lock.json, copied into resources/web/vendor.
if [ ! -f resources/web/vendor/.stamp ] || [ package-lock.json -nt resources/web/vendor/.stamp ]; then
  npm ci --silent --no-audit --no-fund >/dev/null
  .venv/bin/python scripts/vendor_web.py
fi
