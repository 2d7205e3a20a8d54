#!/usr/bin/env bash
# Runs a command inside its own D-Bus session with a throwaway, unlocked GNOME Keyring (Secret
# Service) in a temp folder — never the user's own keyring.
set -euo pipefail
if [ "${1:-}" != "--inside" ]; then
  tmp=$(mktemp -d -t invite-desk-keyring.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
  chmod 700 "$tmp/runtime"
  export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
  XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
    XDG_RUNTIME_DIR="$tmp/runtime" dbus-run-session -- "$0" --inside "$@"
  exit $?
fi
shift
# The daemon prints its environment; the control socket lives in XDG_RUNTIME_DIR.
eval "$(printf 'throwaway-test-password' | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
export GNOME_KEYRING_CONTROL
"$@"
