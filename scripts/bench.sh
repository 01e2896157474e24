#!/usr/bin/env bash
# Benchmarks: builds release binaries (the app, the CLI, a Tauri
# hello-world and the benchmark itself) and the .deb, then measures under
# Xvfb in a D-Bus session with a keyring, and writes BENCHMARKS.md.
#   bash scripts/bench.sh          every section
#   bash scripts/bench.sh agency   one section again (app | broker | agency | windows)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh
source scripts/lib/postgres.sh
source scripts/lib/windows.sh
source scripts/lib/windows-installer.sh

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
if [ "$#" -eq 0 ] || [[ " $* " == *" windows "* ]]; then
  # Release builds for Windows: ours as a vendor ships them, the minimal
  # app and the floor for `token`; both installers the same way, unsigned.
  windows_cargo build --release --target "$WINDOWS_TARGET" -Zbuild-std=std,panic_abort --locked \
    --no-default-features -p fortnox-connect-app -p fortnox-connect-cli -p tauri-hello -p credential-floor
  release_dir="$WINDOWS_TARGET_DIR/$WINDOWS_TARGET/release"
  bench_win="$(mktemp -d)"
  mkdir -p "$bench_win/ours" "$bench_win/hello"
  cp "$release_dir/fortnox-connect-app.exe" "$release_dir/fortnox-connect.exe" "$release_dir/WebView2Loader.dll" \
    packaging/profile.toml "$bench_win/ours/"
  cp "$release_dir/tauri-hello.exe" "$release_dir/WebView2Loader.dll" "$bench_win/hello/"
  build_windows_installer "$bench_win/ours" "$(product_version)" artifacts/bench/fortnox-connect-setup.exe
  makensis -V2 -INPUTCHARSET UTF8 "-DSOURCE_DIR=$bench_win/hello" "-DOUTFILE=$(pwd)/artifacts/bench/hello-setup.exe" \
    "$(pwd)/bench/hello/installer.nsi"
  wine_prefix "$bench_win/prefix"
  /usr/lib/wine/wineserver -p
  export FORTNOX_CONNECT_WINDOWS_BIN="$(pwd)/$release_dir"
  export FORTNOX_CONNECT_WINDOWS_INSTALLER="$(pwd)/artifacts/bench/fortnox-connect-setup.exe"
  export FORTNOX_CONNECT_HELLO_INSTALLER="$(pwd)/artifacts/bench/hello-setup.exe"
fi
start_xvfb
start_postgres
trap 'stop_xvfb; stop_postgres; stop_wine' EXIT
FORTNOX_CONNECT_FORTNOX_CONNECT_APP_BIN="$(pwd)/target/release/fortnox-connect-app" \
FORTNOX_CONNECT_FORTNOX_CONNECT_BIN="$(pwd)/target/release/fortnox-connect" \
FORTNOX_CONNECT_ARTIFACTS="$(pwd)/artifacts/bench" \
  in_keyring_session ./target/release/bench "$@"
