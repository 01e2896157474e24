#!/usr/bin/env bash
# TEST ONLY: builds the Windows installer from dummy programs (this folder's
# C files, built with mingw gcc: no cargo) and checks it end to end under
# Wine with check_windows_installer_under_wine. Then, unless --quick, checks
# that the check fails when the installer is wrong (a patched copy of the
# script: an uninstaller that leaves a file, and one that leaves the task).
#
#   tests/wine/installer-test.sh [--quick] [WORK_DIR]
#
# Needs: gcc-mingw-w64-x86-64, nsis, osslsigncode, openssl, wine64, 7zip
# (optional). WORK_DIR (default: a temporary folder) keeps the installer,
# the dummies and the Wine prefix.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh
source scripts/lib/windows-installer.sh

quick=false
if [ "${1:-}" = "--quick" ]; then
  quick=true
  shift
fi
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
work="$(realpath "$work")"
src="$work/dummy"
mkdir -p "$src"

say "dummy programs (mingw gcc)"
x86_64-w64-mingw32-gcc -O2 -s -mwindows -o "$src/fortnox-connect-app.exe" tests/wine/dummy-app.c
x86_64-w64-mingw32-gcc -O2 -s -municode -o "$src/fortnox-connect.exe" tests/wine/dummy-cli.c
x86_64-w64-mingw32-gcc -O2 -s -shared -o "$src/WebView2Loader.dll" tests/wine/dummy-dll.c
cp packaging/profile.toml "$src/profile.toml"
# Beside the payload, as in a cargo target folder used for Wine tests: the
# build must not pick it up.
cp "$src/WebView2Loader.dll" "$src/bcryptprimitives.dll"

make_test_signing_cert "$work/cert"
cert="$work/cert/test-signing-cert.pem"
key="$work/cert/test-signing-key.pem"
build_windows_installer "$src" 0.1.0 "$work/Fortnox-Connect-0.1.0-x64.exe" "$cert" "$key"

new_prefix() {
  export WINEPREFIX="$1" WINEDEBUG=-all
  if [ -d "$WINEPREFIX" ]; then
    timeout 60 /usr/lib/wine/wineserver -w || /usr/lib/wine/wineserver -k || true
    rm -rf "$WINEPREFIX"
  fi
  say "Wine prefix $WINEPREFIX"
  WINEDLLOVERRIDES="mscoree,mshtml=" /usr/lib/wine/wine64 wineboot -i >/dev/null 2>&1
  /usr/lib/wine/wineserver -w
}

new_prefix "$work/prefix"
check_windows_installer_under_wine "$work/Fortnox-Connect-0.1.0-x64.exe"
say "again in the same prefix"
check_windows_installer_under_wine "$work/Fortnox-Connect-0.1.0-x64.exe"

if ! $quick; then
  # The check must catch a broken installer. Each case builds a patched
  # copy of the script and expects the check to fail with the named
  # message.
  broken() {
    local name="$1" from="$2" to="$3" expect="$4" nsi out
    mkdir -p "$work/broken-$name"
    cp packaging/windows/*.nsi packaging/windows/*.nsh "$work/broken-$name/"
    nsi="$work/broken-$name/installer.nsi"
    grep -qF -- "$from" "$nsi" || die "broken $name: '$from' is not in installer.nsi"
    FROM="$from" TO="$to" perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$nsi"
    WINDOWS_INSTALLER_NSI="$nsi" build_windows_installer "$src" 0.1.0 "$work/broken-$name/setup-$name.exe"
    new_prefix "$work/prefix-broken"
    if out="$(check_windows_installer_under_wine "$work/broken-$name/setup-$name.exe" 2>&1)"; then
      printf '%s\n' "$out" >&2
      die "the check passed an installer that $name"
    fi
    grep -qF -- "$expect" <<<"$out" || {
      printf '%s\n' "$out" >&2
      die "the check failed for another reason than '$expect'"
    }
    say "as it should, the check fails when the installer $name: $(grep -F -- "$expect" <<<"$out" | head -n1)"
  }
  broken "leaves a file" 'Delete "$INSTDIR\profile.toml"' '' "uninstall left the install folder"
  broken "leaves the task" "nsExec::ExecToLog '\"\$INSTDIR\\\${CLI_EXE}\" schedule remove'" "Push 0" \
    "uninstall left the scheduled task"
  broken "packs an extra file" 'File "${SOURCE_DIR}/profile.toml"' 'File "${SOURCE_DIR}/profile.toml"
  File "/oname=bcryptprimitives.dll" "${SOURCE_DIR}/WebView2Loader.dll"' "bcryptprimitives"
  rm -rf "$work/prefix-broken"
fi
say "Windows installer under Wine: all checks passed"
