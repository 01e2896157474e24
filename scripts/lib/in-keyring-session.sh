#!/usr/bin/env bash
# Runs "$@" inside the current D-Bus session with an unlocked
# gnome-keyring, so tests use the real Secret Service. Call it through
# `dbus-run-session -- scripts/lib/in-keyring-session.sh CMD…`.
set -euo pipefail
# A throwaway keyring daemon and keyring: test runs never see each other's
# secrets, nor the desktop's own keyring (whose control socket would
# otherwise be found through GNOME_KEYRING_CONTROL or XDG_RUNTIME_DIR).
scratch="$(mktemp -d)"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset GNOME_KEYRING_CONTROL
export NO_AT_BRIDGE=1
eval "$(printf 'fortnox-connect-tests' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
status=0
"$@" || status=$?
# The daemon leaves with this D-Bus session.
rm -rf "$scratch"
exit "$status"
