#!/usr/bin/env bash
# Runs "$@" inside the current D-Bus session with an unlocked
# gnome-keyring, so tests use the real Secret Service. Call it through
# `dbus-run-session -- scripts/lib/in-keyring-session.sh CMD…`.
set -euo pipefail
# A throwaway keyring: test runs never see each other's secrets.
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME
export NO_AT_BRIDGE=1
eval "$(printf 'fortnox-connect-tests' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
keyring_pid="$(pgrep -n -u "$(id -u)" gnome-keyring-d || true)"
status=0
"$@" || status=$?
[ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null || true
rm -rf "$XDG_DATA_HOME"
exit "$status"
