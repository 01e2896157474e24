# Shared shell helpers for scripts/*.sh.

say() { printf '\033[1;32m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Cargo installs binaries here; make sure they are found.
export PATH="$HOME/.cargo/bin:$PATH"

# Starts Xvfb on a free display and exports DISPLAY. Sets XVFB_PID.
start_xvfb() {
  local fifo display_file
  display_file="$(mktemp)"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$display_file" >/dev/null 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$display_file" ] && break
    sleep 0.1
  done
  [ -s "$display_file" ] || die "Xvfb did not start"
  export DISPLAY=":$(head -n1 "$display_file")"
  rm -f "$display_file"
}

stop_xvfb() {
  if [ -n "${XVFB_PID:-}" ]; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
}

# Runs a command in a private D-Bus session with an unlocked gnome-keyring
# (the real Secret Service). The helpers D-Bus starts print harmless noise
# when the session ends; those lines are dropped from stderr.
in_keyring_session() {
  dbus-run-session -- scripts/lib/in-keyring-session.sh "$@" \
    2> >(grep -v --line-buffered -E 'dbus-daemon|SpiRegistry|AccessDenied: Failed to set fd limit' >&2)
}

# The UI's files, which the app embeds when it is compiled: build them
# before any cargo build of the app, or it shows an older UI.
build_ui() {
  (cd ui && npm run --silent build -- --logLevel warn)
}

# Recompresses a .deb in place with xz -9, the compressor Debian's own
# packages use. Tauri's bundler writes gzip, whose 32 KiB window cannot see
# that the app and the CLI share most of their code; xz's 64 MiB
# dictionary can, which halves our package (docs/platform.md).
recompress_deb_xz() {
  local deb="$1" work
  work="$(mktemp -d)"
  dpkg-deb --raw-extract "$deb" "$work/root"
  dpkg-deb -Zxz -z9 --root-owner-group --build "$work/root" "$work/out.deb" >/dev/null
  mv "$work/out.deb" "$deb"
  rm -rf "$work"
}
