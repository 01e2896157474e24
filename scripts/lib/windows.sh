# Building for Windows on Debian, and running the result under Wine
# (docs/platform.md, "Windows"). Sourced after common.sh.
#
# rustup has no Windows standard library here and cannot download one, so
# the Windows build uses Debian's own Rust (rustc-web, cargo-web) with
# std's source (rust-web-src) compiled for the target (-Zbuild-std) and
# the mingw-w64 linker. It has a target folder of its own: another
# compiler's artifacts would invalidate the Linux build's.

WINDOWS_TARGET="x86_64-pc-windows-gnu"
WINDOWS_TARGET_DIR="target/windows"
# The debug build, without debug info and symbols (they made the two
# programs 170 MB): CI needs no optimised Windows binaries to test them;
# bench.sh builds release ones for the figures.
WINDOWS_BIN_DIR="$WINDOWS_TARGET_DIR/$WINDOWS_TARGET/debug"
WINE="/usr/lib/wine/wine64"

# Runs cargo with Debian's compiler for the Windows target.
windows_cargo() {
  env -u RUSTUP_TOOLCHAIN \
    PATH="/usr/bin:/bin:/usr/sbin:/sbin" \
    RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" \
    CARGO_TARGET_DIR="$WINDOWS_TARGET_DIR" \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc \
    CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++ \
    AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar \
    RUSTFLAGS="-D warnings" \
    CARGO_PROFILE_DEV_DEBUG=false CARGO_PROFILE_DEV_STRIP=symbols \
    /usr/bin/cargo "$@"
}

# The Windows binaries in one build (as a vendor ships them: no built-in
# demo), and the platform crate's tests that run under Wine.
build_windows() {
  local common=(--target "$WINDOWS_TARGET" -Zbuild-std=std,panic_abort --locked)
  windows_cargo build "${common[@]}" --no-default-features -p fortnox-connect-app -p fortnox-connect-cli
  windows_cargo test "${common[@]}" --no-run -p fortnox-platform --features keyring
}

# The platform crate's test executables (unit tests and tests/windows.rs).
windows_platform_tests() {
  windows_cargo test --target "$WINDOWS_TARGET" -Zbuild-std=std,panic_abort --locked --no-run \
    -p fortnox-platform --features keyring --message-format json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["executable"])'
}

# Creates a Wine prefix in $1 for tests (once), with the one thing Wine 8
# lacks for Rust programs: bcryptprimitives.dll's ProcessPrng, which Rust's
# std imports and every Windows 10 and 11 has. The stub is built from
# tests/wine/bcryptprimitives.c into the prefix only; it is never part of
# a package (scripts/package-windows.sh checks the installer).
wine_prefix() {
  local prefix="$1"
  export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
  if [ ! -f "$prefix/.fortnox-connect-ready" ]; then
    mkdir -p "$prefix"
    "$WINE" wineboot -i >/dev/null 2>&1 || true
    /usr/lib/wine/wineserver -w
    x86_64-w64-mingw32-gcc -O2 -shared -o "$prefix/drive_c/windows/system32/bcryptprimitives.dll" \
      tests/wine/bcryptprimitives.c -ladvapi32 -Wl,--kill-at
    touch "$prefix/.fortnox-connect-ready"
  fi
}

# Stops the prefix's wineserver and everything it runs.
stop_wine() {
  if [ -n "${WINEPREFIX:-}" ]; then
    /usr/lib/wine/wineserver -k 2>/dev/null || true
  fi
}

# The product's version (tauri.conf.json), for the installer's name.
product_version() {
  python3 -c 'import json; print(json.load(open("tauri.conf.json"))["version"])'
}

# Everything about the Windows build that runs here, after build_windows
# (docs/platform.md, "Windows"): the platform crate's tests under Wine, the
# CLI and the app against the sandbox (tests/tests/windows.rs), and the
# installer: built, signed with a throwaway certificate, installed, updated
# and uninstalled under Wine. Needs DISPLAY (the app's message box).
test_windows() {
  local work prefix failed=0 test installer
  work="$(mktemp -d)"
  prefix="$work/prefix"
  wine_prefix "$prefix"

  say "Windows: the platform crate's tests under Wine"
  while read -r test; do
    (cd "$work" && "$WINE" "$test" --quiet) || failed=1
  done < <(windows_platform_tests)
  [ "$failed" -eq 0 ] || die "the platform crate's tests failed under Wine"

  say "Windows: the CLI and the app under Wine (tests/tests/windows.rs)"
  WINEPREFIX="$prefix" FORTNOX_CONNECT_WINDOWS_BIN="$PWD/$WINDOWS_BIN_DIR" \
    cargo nextest run -p fortnox-connect-tests --locked --run-ignored only -E 'binary(windows)' --no-fail-fast ||
    die "the Windows build's tests under Wine failed"
  stop_wine

  say "Windows: the installer (NSIS), signed with a throwaway certificate"
  source scripts/lib/windows-installer.sh
  mkdir -p "$work/payload"
  cp "$WINDOWS_BIN_DIR/fortnox-connect-app.exe" "$WINDOWS_BIN_DIR/fortnox-connect.exe" \
    "$WINDOWS_BIN_DIR/WebView2Loader.dll" "$work/payload/"
  cp packaging/profile.toml "$work/payload/"
  make_test_signing_cert "$WINDOWS_TARGET_DIR/test-signing"
  installer="$WINDOWS_TARGET_DIR/bundle/fortnox-connect-$(product_version)-setup.exe"
  build_windows_installer "$work/payload" "$(product_version)" "$installer" \
    "$WINDOWS_TARGET_DIR/test-signing/test-signing-cert.pem" "$WINDOWS_TARGET_DIR/test-signing/test-signing-key.pem"

  say "Windows: install, update and uninstall under Wine"
  wine_prefix "$work/install-prefix"
  check_windows_installer_under_wine "$installer"
  stop_wine
  rm -rf "$work"
}
