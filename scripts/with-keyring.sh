#!/usr/bin/env bash
# Runs a command inside its own D-Bus session with a throwaway, unlocked GNOME Keyring (Secret
# Service) in a temp folder — never the user's own keyring.
set -euo pipefail
if [ "${1:-}" != "--inside" ]; then
  tmp=$(mktemp -d -t invite-desk-keyring.XXXXXX)
  mkdir -p "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
  chmod 700 "$tmp/runtime"
  export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
  status=0
  # A TERM to the whole process group (a test stopping a second app's driver) ends the command;
  # this shell waits for it, then still cleans up below.
  trap 'status=143' TERM
  XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
    XDG_RUNTIME_DIR="$tmp/runtime" dbus-run-session -- "$0" --inside "$@" || status=$?
  # WebKit may have started the document portal, which mounts $XDG_RUNTIME_DIR/doc: unmount it
  # so the throwaway folder can go. The command's own exit status is what this script returns.
  if mountpoint -q "$tmp/runtime/doc" 2>/dev/null; then
    umount -l "$tmp/runtime/doc" 2>/dev/null || fusermount -uz "$tmp/runtime/doc" 2>/dev/null || fusermount3 -uz "$tmp/runtime/doc" 2>/dev/null || echo "note: could not unmount $tmp/runtime/doc" >&2
  fi
  rm -rf "$tmp" 2>/dev/null || echo "note: could not remove $tmp" >&2
  exit "$status"
fi
shift
# The daemon prints its environment; the control socket lives in XDG_RUNTIME_DIR.
eval "$(printf 'throwaway-test-password' | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
export GNOME_KEYRING_CONTROL
"$@"
