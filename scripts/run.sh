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
build_ui
# The same build as scripts/test.sh, so neither rebuilds after the other.
cargo build --workspace --all-targets --locked
app="$(pwd)/target/debug/fortnox-connect-app"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  say "Starting Fortnox Connect (built-in sandbox: log in as admin@bergstromsbygg.se / sandbox)"
  exec "$app" "$@"
fi

shots="$(pwd)/artifacts/demo"
mkdir -p "$shots"
rm -f "$shots"/*.png "$shots"/*.log
say "No display found (neither DISPLAY nor WAYLAND_DISPLAY is set): running the app under Xvfb"
say "and walking a demo connection through the built-in Fortnox sandbox."
start_xvfb
trap stop_xvfb EXIT
# The walk drives the real app: WebDriver for the wizard, real X input for
# the Fortnox login window. The built-in profile is used (none is named).
unset FORTNOX_CONNECT_PROFILE FORTNOX_CONNECT_DATA_DIR
FORTNOX_CONNECT_ARTIFACTS="$shots" in_keyring_session ./target/debug/demo-walk "$@"
say "The wizard connected a demo company. Screenshots of every step: $shots"
