#!/usr/bin/env bash
# Builds the Debian package (release build) and checks it: installs it with
# dpkg into a throwaway root (or, with --system, into this system with
# sudo), then starts the installed app under Xvfb and runs the installed
# CLI. Prints the package's path and sizes.
#
#   --version X   build version X instead of tauri.conf.json's (the update
#                 test's N+1); only the app is rebuilt
#   --no-check    build only: no install, no start
#
# FORTNOX_CONNECT_UPDATE_PUBKEY: the vendor's update key (docs/updates.md);
# without it the package never updates itself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh

system=false check=true version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --system) system=true ;;
    --no-check) check=false ;;
    --version) version="$2"; shift ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
config=()
if [ -n "$version" ]; then
  # Read at compile time (tauri-build) and by the bundler.
  export TAURI_CONFIG="{\"version\":\"$version\"}"
  config=(--config "$TAURI_CONFIG")
fi
if [ -z "${FORTNOX_CONNECT_UPDATE_PUBKEY:-}" ]; then
  warn "FORTNOX_CONNECT_UPDATE_PUBKEY is not set: this package will never update itself (docs/updates.md)"
fi

bash scripts/setup.sh
say "Building the UI and the release binaries (app and CLI, one cargo build)"
build_ui
# Without the built-in demo: a vendor's customers never run the sandbox
# or the broker, so neither is in the package.
cargo build --release --locked --no-default-features -p fortnox-connect-app -p fortnox-connect-cli
for bin in fortnox-connect-app fortnox-connect; do
  # Code of a crate leaves its source paths in the binary (panic
  # locations), and the sandbox's pages their words.
  if grep -a -q -e 'crates/sandbox/src' -e 'crates/broker/src' -e 'sandbox_decision' -e 'SANDLÅDA' "target/release/$bin"; then
    die "target/release/$bin contains the Fortnox sandbox or the broker: it must not be shipped"
  fi
done
say "Neither binary contains the sandbox or the broker"
say "Bundling the .deb (offline)"
rm -rf target/release/bundle/deb
# The Tauri CLI reads $CI as its --ci flag, which takes only true or false.
CI="$([ -n "${CI:-}" ] && [ "${CI}" != "false" ] && echo true || echo false)" \
  ui/node_modules/.bin/tauri bundle --bundles deb "${config[@]}" 2> >(grep -v nodedir >&2)
deb="$(ls target/release/bundle/deb/*.deb)"
say "Recompressing the .deb with xz"
recompress_deb_xz "$deb"
size_kb=$(( $(stat -c %s "$deb") / 1024 ))
installed_kb="$(dpkg-deb -f "$deb" Installed-Size)"
say "Built $deb: ${size_kb} KiB, installed ${installed_kb} KiB"
$check || exit 0

if $system; then
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root dpkg -i "$deb"
  root=""
else
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
  touch "$root/var/lib/dpkg/status"
  # The empty throwaway root has none of the dependencies (this system
  # does): dpkg is told to go on, and its complaint about them is hidden.
  dpkg --root="$root" --admindir="$root/var/lib/dpkg" --force-not-root --force-depends \
    --force-script-chrootless -i "$deb" >"$root/dpkg.log" 2>&1 || { cat "$root/dpkg.log" >&2; die "dpkg -i failed"; }
fi
say "Installed with dpkg${root:+ into $root}"

fail() { die "installed package check failed: $*"; }
for f in usr/bin/fortnox-connect-app usr/bin/fortnox-connect usr/share/fortnox-connect/profile.toml \
  usr/share/applications/"Fortnox Connect.desktop" usr/share/icons/hicolor/128x128/apps/fortnox-connect-app.png \
  usr/lib/systemd/user/fortnox-connect-keepalive.timer usr/lib/systemd/user/fortnox-connect-keepalive.service; do
  [ -e "$root/$f" ] || fail "missing /$f"
done
grep -q '^Exec=fortnox-connect-app' "$root/usr/share/applications/Fortnox Connect.desktop" || fail "desktop entry has no Exec"

data="$(mktemp -d)"
"$root/usr/bin/fortnox-connect" --data-dir "$data" profile check "$root/usr/share/fortnox-connect/profile.toml" >/dev/null \
  || fail "the installed CLI rejects the installed profile"
"$root/usr/bin/fortnox-connect" --data-dir "$data" --lang en status | grep -q "No connections yet" \
  || fail "the installed CLI does not start"

say "Starting the installed app under Xvfb"
shots="$(pwd)/artifacts/package"
mkdir -p "$shots"
start_xvfb
log="$shots/installed-app.log"
dbus-run-session -- scripts/lib/in-keyring-session.sh "$root/usr/bin/fortnox-connect-app" --data-dir "$data" --lang en \
  >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  grep -q "wizard ready" "$log" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "the installed app exited"; }
  sleep 0.1
done
grep -q 'wizard ready.*Acme Sync' "$log" || { cat "$log" >&2; fail "the installed app did not show the installed profile's wizard"; }
sleep 1
import -window root "$shots/installed-app.png"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
stop_xvfb
rm -rf "$data"
say "The installed app opened the wizard for the installed profile: $shots/installed-app.png"
