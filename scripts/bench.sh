#!/usr/bin/env bash
# Benchmarks: builds release binaries (the app, the CLI, a Tauri
# hello-world and the benchmark itself) and the .deb, then measures under
# Xvfb in a D-Bus session with a keyring, and writes BENCHMARKS.md.
#   bash scripts/bench.sh          every section
#   bash scripts/bench.sh agency   one section again (app | broker | agency)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh
source scripts/lib/postgres.sh

if [ "$#" -eq 0 ] || [[ " $* " == *" app "* ]]; then
  bash scripts/package.sh
fi
build_ui
cargo build --release --locked -p fortnox-connect-app -p fortnox-connect-cli -p tauri-hello -p fortnox-connect-tests \
  --bin fortnox-connect-app --bin fortnox-connect --bin tauri-hello --bin bench
if [ "$#" -eq 0 ] || [[ " $* " == *" app "* ]]; then
  # The minimal app's .deb, bundled in this run by the same Tauri CLI, for
  # the size ratio; moved out so the app's own package stays alone there.
  (cd bench/hello && CI=false ../../ui/node_modules/.bin/tauri bundle --bundles deb \
    --config '{"bundle":{"active":true}}' >/dev/null 2> >(grep -v nodedir >&2))
  mkdir -p artifacts/bench
  mv target/release/bundle/deb/Tauri\ Hello_*.deb artifacts/bench/hello.deb
  recompress_deb_xz artifacts/bench/hello.deb
  rm -rf target/release/bundle/deb/Tauri\ Hello_*
fi
start_xvfb
start_postgres
trap 'stop_xvfb; stop_postgres' EXIT
FORTNOX_CONNECT_FORTNOX_CONNECT_APP_BIN="$(pwd)/target/release/fortnox-connect-app" \
FORTNOX_CONNECT_FORTNOX_CONNECT_BIN="$(pwd)/target/release/fortnox-connect" \
FORTNOX_CONNECT_ARTIFACTS="$(pwd)/artifacts/bench" \
  in_keyring_session ./target/release/bench "$@"
