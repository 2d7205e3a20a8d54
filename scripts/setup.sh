#!/usr/bin/env bash
# Installs what Invite Desk needs to build, run and test on Debian 12 / Ubuntu: Debian packages,
# the npm packages of the web view, and tauri-driver. Skips whatever is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # build
  build-essential pkg-config curl libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev libdbus-1-dev
  # run and test: virtual display, WebDriver for WebKitGTK, a throwaway keychain, clipboard, browser
  xvfb xauth webkit2gtk-driver gnome-keyring dbus dbus-x11 xclip imagemagick chromium
  # the crash test: pgrep, and dbus-send (in dbus-bin) to see the single-instance name go
  procps dbus-bin
  # the bulk e2e types a path into the real GTK save dialog
  xdotool
  # team mode: its tests run against a throwaway PostgreSQL server (scripts/with-postgres.sh)
  postgresql
  # the benchmark inspects and unpacks the .rpm it builds (rpm, rpm2archive) to check the marker
  rpm rpm2cpio
  # tests/export_formulas.rs opens an exported CSV in LibreOffice (headless) to check that no
  # hostile cell runs as a formula
  libreoffice-calc-nogui
)

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is missing: install it from https://rustup.rs (stable), then run this again." >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "==> apt-get install nodejs npm"
  sudo_if_needed apt-get install -y -qq nodejs npm >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "==> cargo install tauri-driver (2.x)"
  cargo install tauri-driver --version '^2' --locked --quiet
fi

echo "==> build the web view"
npm run --silent build
