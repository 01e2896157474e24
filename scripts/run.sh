#!/usr/bin/env bash
# Installs what is needed, builds, and starts the wizard against the
# built-in Fortnox sandbox. Without a display (e.g. over ssh) it runs the
# app under Xvfb instead and saves screenshots of what it shows.
# Extra arguments go to the app (e.g. --lang en, --profile FILE).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh

bash scripts/setup.sh
say "Building the wizard"
(cd ui && npm run --silent build -- --logLevel warn)
# The same build as scripts/test.sh, so neither rebuilds after the other.
cargo build --workspace --all-targets --locked
app="$(pwd)/target/debug/fortnox-connect-app"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  say "Starting Fortnox Connect (built-in sandbox: log in as admin@bergstromsbygg.se / sandbox)"
  exec "$app" "$@"
fi

shots="$(pwd)/artifacts/demo"
mkdir -p "$shots"
rm -f "$shots"/*.png
say "No display found (neither DISPLAY nor WAYLAND_DISPLAY is set): running the app under Xvfb instead."
start_xvfb
trap stop_xvfb EXIT
log="$shots/app.log"
dbus-run-session -- scripts/lib/in-keyring-session.sh "$app" "$@" >"$log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do
  grep -q "wizard ready" "$log" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$log" >&2; die "the app exited early; its log is above"; }
  sleep 0.1
done
grep -q "wizard ready" "$log" || die "the wizard did not appear within 30 s; see $log"
sleep 1
import -window root "$shots/01-welcome.png"
kill "$app_pid" 2>/dev/null || true
wait "$app_pid" 2>/dev/null || true
say "The wizard started. Screenshot of what it showed: $shots/01-welcome.png"
