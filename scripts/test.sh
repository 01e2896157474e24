#!/usr/bin/env bash
# The whole test suite: formatting, lints, IPC types, unit and integration
# tests, the UI's checks, and end-to-end tests of the real app under Xvfb
# with a real Secret Service. Installs what it needs first. Exits non-zero
# on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh
source scripts/lib/postgres.sh
source scripts/lib/windows.sh

started=$(date +%s)
stage() { say "[$(( $(date +%s) - started ))s] $*"; }

# A clean clone gains nothing from incremental compilation, whose files
# are as large as the build itself: CI leaves it off to halve the disk it
# needs (a CI run once ended with "No space left on device").
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
# The debug build and its lints took 3.9 GiB on a clean clone without
# incremental files; the release build for the package comes on top.
free_kib=$(df -Pk . | awk 'NR==2 {print $4}')
if [ "$free_kib" -lt $(( 8 * 1024 * 1024 )) ]; then
  warn "only $(( free_kib / 1024 / 1024 )) GiB free on $(df -P . | awk 'NR==2 {print $6}'): the build may run out of space"
fi

bash scripts/setup.sh

stage "Formatting (cargo fmt --check)"
cargo fmt --all --check

stage "Building the UI (the app embeds it)"
build_ui

stage "Lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

stage "Building every binary and test (one build, shared by all later stages)"
cargo build --workspace --all-targets --locked

stage "Building for Windows (Debian's Rust, mingw-w64; warnings denied; one build for every Windows stage)"
build_windows

stage "Generated files: ui/src/bindings, the command permissions, the capability, docs/readability.md"
# The build above rewrote the permissions and the capability from
# crates/core/src/operations/ipc.in; the tests write the TypeScript types.
cargo nextest run --workspace --locked --no-fail-fast -E 'test(/export_bindings|readability/)' --status-level fail --final-status-level fail
generated=(ui/src/bindings src-tauri/capabilities permissions docs/readability.md)
if [ -n "$(git status --porcelain -- "${generated[@]}")" ]; then
  git status --short -- "${generated[@]}" >&2
  if [ -n "${CI:-}" ]; then
    die "generated files are out of date with crates/core: run scripts/test.sh and commit the result"
  fi
  warn "generated files changed: commit the regenerated files"
fi

stage "UI type check and unit tests"
(cd ui && npm run --silent check && npm test --silent)

mkdir -p artifacts/e2e
rm -f artifacts/e2e/*.png artifacts/e2e/*.log
stage "Unit, integration and end-to-end tests (Xvfb, D-Bus, gnome-keyring, PostgreSQL)"
start_xvfb
start_postgres
trap 'stop_xvfb; stop_postgres' EXIT
status=0
in_keyring_session cargo nextest run --workspace --locked --no-fail-fast || status=$?

say "Screenshots and app logs of the end-to-end tests: $(pwd)/artifacts/e2e"
if [ "$status" -ne 0 ]; then
  die "tests failed (after $(( $(date +%s) - started ))s)"
fi
stop_postgres
trap 'stop_xvfb; stop_wine' EXIT

stage "Windows under Wine: platform tests, the CLI and the app against the sandbox, the signed installer"
test_windows
stop_xvfb
trap - EXIT

stage "Installer: release build, .deb, dpkg install, the installed app starts"
# With the tests' throwaway update key (tests/fixtures/updates), so that
# the next stage can sign N+1 for it.
FORTNOX_CONNECT_UPDATE_PUBKEY="$(cat tests/fixtures/updates/test.key.pub)" bash scripts/package.sh
rm -rf artifacts/update && mkdir -p artifacts/update
mv target/release/bundle/deb/*.deb artifacts/update/

stage "Updates: the .deb N updates itself to N+1 in place (dpkg, the relaunched app, a tampered N+2)"
version="$(python3 -c 'import json; print(json.load(open("tauri.conf.json"))["version"])')"
next="$(python3 -c 'import sys; v = sys.argv[1].split("."); v[-1] = str(int(v[-1]) + 1); print(".".join(v))' "$version")"
FORTNOX_CONNECT_UPDATE_PUBKEY="$(cat tests/fixtures/updates/test.key.pub)" bash scripts/package.sh --version "$next" --no-check
mv target/release/bundle/deb/*.deb artifacts/update/
debs=(artifacts/update/*_"$version"_*.deb artifacts/update/*_"$next"_*.deb)
start_xvfb
trap 'stop_xvfb' EXIT
FORTNOX_CONNECT_UPDATE_DEBS="$(pwd)/${debs[0]}:$(pwd)/${debs[1]}" \
  in_keyring_session cargo nextest run --locked -p fortnox-connect-tests -E 'test(a_deb_updates_in_place)' --no-capture
stop_xvfb
trap - EXIT

stage "All checks passed."
