#!/usr/bin/env bash
# Builds the Windows installer as it ships: release programs for Windows
# (Debian's Rust and mingw-w64, as in CI), the vendor's profile, the NSIS
# installer, Authenticode-signed. Writes
# target/windows/bundle/fortnox-connect-VERSION-setup.exe.
#
# Signing: with WINDOWS_CERTIFICATE (a base64 PKCS#12 file) and
# WINDOWS_CERTIFICATE_PASSWORD, the vendor's certificate signs it, with an
# RFC 3161 timestamp from WINDOWS_TIMESTAMP_URL (default DigiCert's), so
# the signature outlives the certificate. Without them a throwaway test
# certificate signs it ("not for release"); --unsigned signs nothing (the
# benchmark compares sizes unsigned).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh
source scripts/lib/windows.sh
source scripts/lib/windows-installer.sh

unsigned=false
[ "${1:-}" = "--unsigned" ] && unsigned=true

if [ -z "${FORTNOX_CONNECT_UPDATE_PUBKEY:-}" ]; then
  warn "FORTNOX_CONNECT_UPDATE_PUBKEY is not set: this installer's app will never update itself (docs/updates.md)"
fi
bash scripts/setup.sh
build_ui
say "Release build for Windows (no built-in demo: a vendor's customers never run the sandbox)"
windows_cargo build --release --target "$WINDOWS_TARGET" -Zbuild-std=std,panic_abort --locked \
  --no-default-features -p fortnox-connect-app -p fortnox-connect-cli
release_dir="$WINDOWS_TARGET_DIR/$WINDOWS_TARGET/release"
for exe in fortnox-connect-app.exe fortnox-connect.exe; do
  if grep -a -q -e 'crates/sandbox/src' -e 'crates/broker/src' -e 'sandbox_decision' -e 'SANDLÅDA' "$release_dir/$exe"; then
    die "$release_dir/$exe contains the Fortnox sandbox or the broker: it must not be shipped"
  fi
done

payload="$(mktemp -d)"
trap 'rm -rf "$payload"' EXIT
cp "$release_dir/fortnox-connect-app.exe" "$release_dir/fortnox-connect.exe" "$release_dir/WebView2Loader.dll" \
  packaging/profile.toml "$payload/"
out="$WINDOWS_TARGET_DIR/bundle/fortnox-connect-$(product_version)-setup.exe"

if $unsigned; then
  build_windows_installer "$payload" "$(product_version)" "$out"
elif [ -n "${WINDOWS_CERTIFICATE:-}" ]; then
  keys="$(mktemp -d)"
  trap 'rm -rf "$payload" "$keys"' EXIT
  chmod 700 "$keys"
  base64 -d <<<"$WINDOWS_CERTIFICATE" >"$keys/cert.p12"
  openssl pkcs12 -in "$keys/cert.p12" -passin env:WINDOWS_CERTIFICATE_PASSWORD -nokeys -out "$keys/cert.pem"
  openssl pkcs12 -in "$keys/cert.p12" -passin env:WINDOWS_CERTIFICATE_PASSWORD -nocerts -nodes -out "$keys/key.pem"
  export WINDOWS_TIMESTAMP_URL="${WINDOWS_TIMESTAMP_URL:-http://timestamp.digicert.com}"
  build_windows_installer "$payload" "$(product_version)" "$out" "$keys/cert.pem" "$keys/key.pem"
else
  warn "no WINDOWS_CERTIFICATE: signing with a throwaway test certificate (not for release)"
  make_test_signing_cert "$WINDOWS_TARGET_DIR/test-signing"
  build_windows_installer "$payload" "$(product_version)" "$out" \
    "$WINDOWS_TARGET_DIR/test-signing/test-signing-cert.pem" "$WINDOWS_TARGET_DIR/test-signing/test-signing-key.pem"
fi
say "Windows installer: $out ($(( $(stat -c %s "$out") / 1024 )) KiB)"
