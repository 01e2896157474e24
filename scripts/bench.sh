#!/usr/bin/env bash
# Benchmarks: builds release binaries (the app, the CLI, a Tauri
# hello-world and the benchmark itself) and the .deb, then measures under
# Xvfb in a D-Bus session with a keyring, and writes BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh

bash scripts/package.sh
cargo build --release --locked -p tauri-hello -p fortnox-connect-tests --bin tauri-hello --bin bench
start_xvfb
trap stop_xvfb EXIT
FORTNOX_CONNECT_FORTNOX_CONNECT_APP_BIN="$(pwd)/target/release/fortnox-connect-app" \
FORTNOX_CONNECT_FORTNOX_CONNECT_BIN="$(pwd)/target/release/fortnox-connect" \
FORTNOX_CONNECT_ARTIFACTS="$(pwd)/artifacts/bench" \
  in_keyring_session ./target/release/bench
