# The Windows installer: build it with Debian's makensis, sign it with
# osslsigncode, and check it end to end under Wine. Sourced after common.sh
# (say, warn, die) by a script running with `set -euo pipefail`.
#
#   make_test_signing_cert DIR
#   sign_windows_file FILE CERT KEY
#   verify_windows_signature FILE CERT
#   build_windows_installer SOURCE_DIR VERSION OUT_EXE [CERT KEY]
#   check_windows_installer_under_wine INSTALLER      (WINEPREFIX set)
#
# The installer script is packaging/windows/installer.nsi. Tools: makensis
# (nsis), osslsigncode, openssl, wine64 (wine); 7zz or 7z (7zip) is used
# when present to list what the installer packs.

WINDOWS_INSTALLER_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WINDOWS_INSTALLER_REPO="$(cd "$WINDOWS_INSTALLER_LIB_DIR/../.." && pwd)"

# What the installer puts in the install folder: exactly these, nothing else.
WINDOWS_INSTALLER_PAYLOAD=(fortnox-connect-app.exe fortnox-connect.exe WebView2Loader.dll profile.toml)
WINDOWS_INSTALLED_FILES=("${WINDOWS_INSTALLER_PAYLOAD[@]}" uninstall.exe)
WINDOWS_TASK_NAME="Fortnox Connect keep-alive"
WINDOWS_UNINSTALL_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\FortnoxConnect'

# A throwaway self-signed code-signing certificate and key, for tests and
# local builds only: DIR/test-signing-cert.pem and DIR/test-signing-key.pem.
# Idempotent: an existing pair that is valid for another day is kept.
make_test_signing_cert() {
  local dir="$1" cert key
  cert="$dir/test-signing-cert.pem"
  key="$dir/test-signing-key.pem"
  mkdir -p "$dir"
  if [ -s "$cert" ] && [ -s "$key" ] && openssl x509 -in "$cert" -noout -checkend 86400 >/dev/null 2>&1; then
    return 0
  fi
  openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 3650 \
    -subj "/CN=Fortnox Connect test signing, not for release" \
    -addext "basicConstraints=critical,CA:FALSE" \
    -addext "keyUsage=critical,digitalSignature" \
    -addext "extendedKeyUsage=codeSigning" \
    -keyout "$key.tmp" -out "$cert.tmp" >/dev/null 2>&1 ||
    die "openssl could not make a test signing certificate in $dir"
  chmod 600 "$key.tmp"
  mv "$key.tmp" "$key"
  mv "$cert.tmp" "$cert"
  say "test signing certificate: $cert (not for release)"
}

# Authenticode-signs FILE in place (SHA-256). With WINDOWS_TIMESTAMP_URL
# (a release), an RFC 3161 timestamp keeps the signature valid after the
# certificate expires; tests have no network, hence no timestamp.
sign_windows_file() {
  local file="$1" cert="$2" key="$3" out log timestamp=()
  [ -n "${WINDOWS_TIMESTAMP_URL:-}" ] && timestamp=(-ts "$WINDOWS_TIMESTAMP_URL")
  [ -f "$file" ] || die "sign_windows_file: no such file: $file"
  [ -f "$cert" ] || die "sign_windows_file: no such certificate: $cert"
  [ -f "$key" ] || die "sign_windows_file: no such key: $key"
  command -v osslsigncode >/dev/null || die "osslsigncode is missing (apt-get install osslsigncode)"
  out="$file.signing.$$"
  log="$(mktemp)"
  if ! osslsigncode sign -certs "$cert" -key "$key" -h sha256 "${timestamp[@]}" \
    -n "Fortnox Connect" -i "https://github.com/" \
    -in "$file" -out "$out" >"$log" 2>&1; then
    rm -f "$out"
    cat "$log" >&2
    rm -f "$log"
    die "could not sign $file"
  fi
  rm -f "$log"
  # Keep the file's mode (makensis and Wine do not care, a human might).
  chmod --reference="$file" "$out"
  mv "$out" "$file"
}

# Fails unless FILE carries a valid Authenticode signature by CERT (a
# test certificate, its own root; a vendor's, chained to a root this
# system trusts).
verify_windows_signature() {
  local file="$1" cert="$2" log roots
  [ -f "$file" ] || die "verify_windows_signature: no such file: $file"
  log="$(mktemp)"
  roots="$(mktemp)"
  cat "$cert" /etc/ssl/certs/ca-certificates.crt >"$roots" 2>/dev/null || cp "$cert" "$roots"
  if ! osslsigncode verify -CAfile "$roots" -in "$file" >"$log" 2>&1; then
    rm -f "$roots"
    sed 's/^/    /' "$log" >&2
    rm -f "$log"
    die "$(basename "$file") is not validly signed by $(openssl x509 -in "$cert" -noout -subject 2>/dev/null || echo "$cert")"
  fi
  rm -f "$log" "$roots"
}

# Builds the installer OUT_EXE from the files in SOURCE_DIR (the four of
# WINDOWS_INSTALLER_PAYLOAD, taken by name: nothing else there is packed).
# With CERT and KEY, signs the two exes (copies: SOURCE_DIR is not
# modified), the uninstaller (through makensis's !uninstfinalize) and the
# installer, and verifies the installer's signature.
# WINDOWS_INSTALLER_NSI overrides the script (tests use a patched copy).
build_windows_installer() (
  local src="$1" version="$2" out="$3" cert="${4:-}" key="${5:-}"
  local nsi="${WINDOWS_INSTALLER_NSI:-$WINDOWS_INSTALLER_REPO/packaging/windows/installer.nsi}"
  local stage f start defines=()
  { [ $# -eq 3 ] || [ $# -eq 5 ]; } ||
    die "usage: build_windows_installer SOURCE_DIR VERSION OUT_EXE [CERT KEY]"
  command -v makensis >/dev/null || die "makensis is missing (apt-get install nsis)"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
    die "the installer's version must look like 1.2.3 or 1.2.3-beta.1, not '$version'"
  for f in "${WINDOWS_INSTALLER_PAYLOAD[@]}"; do
    [ -f "$src/$f" ] || die "the installer needs $src/$f"
  done
  if [ -n "$cert" ]; then
    [ -f "$cert" ] || die "no such certificate: $cert"
    [ -f "$key" ] || die "no such key: $key"
    cert="$(realpath "$cert")"
    key="$(realpath "$key")"
  fi

  stage="$(mktemp -d)"
  trap 'rm -rf "$stage"' EXIT
  mkdir "$stage/files"
  for f in "${WINDOWS_INSTALLER_PAYLOAD[@]}"; do
    cp -- "$src/$f" "$stage/files/$f"
  done
  # Tell the app it was installed by this NSIS installer, as Tauri's own
  # bundler does (the same 27 bytes): its updater then installs an update
  # by running the new installer (docs/updates.md). Before signing.
  grep -aq __TAURI_BUNDLE_TYPE_VAR_UNK "$stage/files/fortnox-connect-app.exe" ||
    die "fortnox-connect-app.exe has no bundle-type marker to set"
  perl -pi -e 's/__TAURI_BUNDLE_TYPE_VAR_UNK/__TAURI_BUNDLE_TYPE_VAR_NSS/g' "$stage/files/fortnox-connect-app.exe"
  defines=(
    "-DSOURCE_DIR=$stage/files"
    "-DVERSION=$version"
    "-DOUTFILE=$(realpath -m "$out")"
    "-DICON=$WINDOWS_INSTALLER_REPO/icons/icon.ico"
  )
  if [ -n "$cert" ]; then
    for f in fortnox-connect-app.exe fortnox-connect.exe; do
      sign_windows_file "$stage/files/$f" "$cert" "$key"
      verify_windows_signature "$stage/files/$f" "$cert"
    done
    # makensis runs this on the uninstaller before packing it ("%1").
    {
      printf '#!/usr/bin/env bash\nset -euo pipefail\n'
      printf 'source %q\nsource %q\n' "$WINDOWS_INSTALLER_LIB_DIR/common.sh" "$WINDOWS_INSTALLER_LIB_DIR/windows-installer.sh"
      printf 'sign_windows_file "$1" %q %q\n' "$cert" "$key"
      printf 'verify_windows_signature "$1" %q\n' "$cert"
    } >"$stage/sign-uninstaller"
    chmod +x "$stage/sign-uninstaller"
    defines+=("-DSIGN_COMMAND=$stage/sign-uninstaller")
  fi

  mkdir -p "$(dirname "$out")"
  rm -f "$out"
  start=$SECONDS
  makensis -V2 -INPUTCHARSET UTF8 "${defines[@]}" "$nsi" >"$stage/makensis.log" 2>&1 || {
    cat "$stage/makensis.log" >&2
    die "makensis failed on $nsi"
  }
  grep -v -e '^$' -e 'Insecure filename' -e '^[0-9]* warning' "$stage/makensis.log" >&2 || true
  [ -s "$out" ] || die "makensis wrote no $out"
  if [ -n "$cert" ]; then
    sign_windows_file "$out" "$cert" "$key"
    verify_windows_signature "$out" "$cert"
    say "signed and verified: $(basename "$out") (and the two exes, the uninstaller)"
  fi
  say "installer: $out ($(du -k "$out" | cut -f1) KiB, makensis $((SECONDS - start)) s)"
)

# Installs INSTALLER silently in the Wine prefix $WINEPREFIX (initialized by
# the caller), checks what it did, installs it again over itself (an
# update), then uninstalls and checks that nothing is left. Dies naming the
# first thing that is wrong. The CLI in the installer must implement
# `schedule install|remove` (the real one, or tests/wine/dummy-cli.c); a
# Rust-built exe also needs the test-only bcryptprimitives.dll stub in the
# prefix's system32 (docs: shared windows-cross notes), which this checks
# never comes with the installer.
check_windows_installer_under_wine() (
  local installer="$1"
  local wine="${WINE64:-/usr/lib/wine/wine64}" wineserver
  local user profile dir programs lnk task log f listing extra
  local -A sums=()
  [ $# -eq 1 ] || die "usage: check_windows_installer_under_wine INSTALLER"
  [ -f "$installer" ] || die "no such installer: $installer"
  if [ -z "${WINEPREFIX:-}" ] || [ ! -f "$WINEPREFIX/system.reg" ]; then
    die "WINEPREFIX must name an initialized Wine prefix (wine64 wineboot -i)"
  fi
  [ -x "$wine" ] || die "no $wine (apt-get install wine64)"
  wineserver="$(dirname "$wine")/wineserver"
  [ -x "$wineserver" ] || wineserver="$(command -v wineserver)" || die "no wineserver next to $wine"
  installer="$(realpath "$installer")"
  export WINEDEBUG=-all
  # Wine would turn the Start-menu shortcut into a .desktop file in the
  # host's ~/.local: not wanted from a test.
  export WINEDLLOVERRIDES="winemenubuilder.exe=d${WINEDLLOVERRIDES:+;$WINEDLLOVERRIDES}"

  user="$(id -un)"
  profile="$WINEPREFIX/drive_c/users/$user"
  dir="$profile/AppData/Local/Programs/Fortnox Connect"
  programs="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
  lnk="$programs/Fortnox Connect.lnk"
  task="$WINEPREFIX/drive_c/windows/system32/tasks/$WINDOWS_TASK_NAME"
  log="$(mktemp -d)"
  # However it ends, leave the prefix with no Wine process running (the
  # caller may delete it next).
  trap 'timeout 120 "$wineserver" -w || true; rm -rf "$log"' EXIT

  # Runs a Windows program and waits until every process it started has
  # ended: NSIS returns before its children (an uninstaller copies itself to
  # %TEMP%, starts that copy and exits at once). wineserver -w returns when
  # the prefix has no process left. It also runs first: a program started
  # while the last wineserver shuts down (say after a `reg query`) may find
  # the Task Scheduler service going away.
  wine_wait() {
    local rc=0
    timeout 120 "$wineserver" -w || die "Wine processes still running in $WINEPREFIX"
    "$wine" "$@" >>"$log/wine.log" 2>&1 || rc=$?
    timeout 600 "$wineserver" -w || die "Wine processes still running after 10 minutes: $*"
    return "$rc"
  }
  wine_failed() {
    sed 's/^/    /' "$log/wine.log" >&2
    die "$2 failed (exit $1)"
  }
  drive_c_files() {
    (cd "$WINEPREFIX/drive_c" && find . -type f -printf '%P\n' | LC_ALL=C sort)
  }
  [ -e "$dir" ] && die "Fortnox Connect is already installed in $WINEPREFIX (use a fresh prefix)"
  [ -e "$task" ] && die "the task '$WINDOWS_TASK_NAME' already exists in $WINEPREFIX (use a fresh prefix)"

  # What the installer packs, read from the archive itself when 7-Zip is
  # here. The Wine-only stub must never be in it. (grep on the .exe cannot
  # tell: the packed exes import that DLL by name.)
  listing=""
  for f in 7zz 7z 7za; do
    if command -v "$f" >/dev/null; then
      listing="$("$f" l -ba "$installer" 2>/dev/null | awk '{print $NF}')" ||
        die "$f cannot list $installer"
      break
    fi
  done
  if [ -n "$listing" ]; then
    if grep -qi 'bcryptprimitives' <<<"$listing"; then
      die "the installer packs bcryptprimitives.dll, the Wine-only test stub: it must never ship"
    fi
    extra="$(grep -v -e '^\$PLUGINSDIR/' <<<"$listing" | sort)"
    [ "$extra" = "$(printf '%s\n' "${WINDOWS_INSTALLED_FILES[@]}" | sort)" ] ||
      die "the installer packs other files than expected:"$'\n'"$extra"
    say "packed (7-Zip listing): ${WINDOWS_INSTALLED_FILES[*]}, no bcryptprimitives.dll"
  else
    warn "no 7-Zip (apt-get install 7zip): the installer's file list is checked from what it installs only"
  fi

  drive_c_files >"$log/before"
  local start=$SECONDS
  wine_wait "$installer" /S || wine_failed $? "the installer"
  say "installed silently in $((SECONDS - start)) s"

  check_installed() {
    local what="$1" got expected created k v value
    [ -d "$dir" ] || die "$what: no install folder $dir"
    got="$(cd "$dir" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort)"
    if grep -qi 'bcryptprimitives' <<<"$got"; then
      die "$what: the installer installed bcryptprimitives.dll, the Wine-only test stub: it must never ship"
    fi
    expected="$(printf '%s\n' "${WINDOWS_INSTALLED_FILES[@]}" | LC_ALL=C sort)"
    [ "$got" = "$expected" ] ||
      die "$what: the install folder holds"$'\n'"$got"$'\n'"instead of exactly"$'\n'"$expected"
    say "$what: install folder has exactly ${WINDOWS_INSTALLED_FILES[*]}"

    # Everything the installer wrote anywhere in C:, beyond the install
    # folder, the shortcut and the task: nothing else (no stub DLL in
    # system32, no stray file), temporary files aside.
    created="$(drive_c_files | LC_ALL=C comm -13 "$log/before" - |
      grep -v -e "^users/$user/AppData/Local/Programs/Fortnox Connect/" \
        -e "^users/$user/Temp/" -e "^users/$user/AppData/Local/Temp/" \
        -e "^users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Fortnox Connect.lnk\$" \
        -e "^windows/system32/tasks/$WINDOWS_TASK_NAME\$" || true)"
    [ -z "$created" ] || die "$what: the installer also wrote"$'\n'"$created"
    if drive_c_files | LC_ALL=C comm -13 "$log/before" - | grep -i 'bcryptprimitives' >/dev/null; then
      die "$what: the installer wrote a bcryptprimitives.dll (Wine-only test stub)"
    fi
    say "$what: no other file written in C: (no bcryptprimitives.dll)"

    [ -f "$lnk" ] || die "$what: no Start-menu shortcut $lnk"
    tr -d '\0' <"$lnk" | grep -a 'fortnox-connect-app.exe' >/dev/null ||
      die "$what: the shortcut does not point to fortnox-connect-app.exe"
    say "$what: Start-menu shortcut Programs/Fortnox Connect.lnk -> fortnox-connect-app.exe"

    "$wine" reg query "$WINDOWS_UNINSTALL_KEY" >"$log/reg" 2>&1 ||
      die "$what: no uninstall entry $WINDOWS_UNINSTALL_KEY"
    for k in DisplayName DisplayVersion Publisher DisplayIcon InstallLocation UninstallString \
      QuietUninstallString NoModify NoRepair EstimatedSize; do
      value="$(tr -d '\r' <"$log/reg" | awk -v k="$k" '$1 == k { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }')"
      [ -n "$value" ] || die "$what: the uninstall entry has no $k"
      case "$k" in
        DisplayName | Publisher) v="Fortnox Connect" ;;
        NoModify | NoRepair) v="0x1" ;;
        QuietUninstallString) v='"C:\users\'"$user"'\AppData\Local\Programs\Fortnox Connect\uninstall.exe" /S' ;;
        InstallLocation) v='C:\users\'"$user"'\AppData\Local\Programs\Fortnox Connect' ;;
        *) v="$value" ;;
      esac
      [ "$value" = "$v" ] || die "$what: uninstall entry $k is '$value', expected '$v'"
    done
    say "$what: uninstall entry $WINDOWS_UNINSTALL_KEY (DisplayVersion $(tr -d '\r' <"$log/reg" | awk '$1 == "DisplayVersion" { print $3 }'), all ten values"

    # Only that it exists: Wine 8's Task Scheduler drops a task's triggers
    # and actions when it reads the XML (stubs), so the file it stores never
    # names the program to run.
    [ -f "$task" ] || die "$what: no scheduled task '$WINDOWS_TASK_NAME' (fortnox-connect.exe schedule install)"
    say "$what: scheduled task '$WINDOWS_TASK_NAME' registered"
  }
  check_installed "install"

  # An update over the installed copy: every file replaced, the task
  # registered again.
  for f in "${WINDOWS_INSTALLED_FILES[@]}"; do
    sums[$f]="$(sha256sum <"$dir/$f")"
  done
  echo "changed by the test" >>"$dir/profile.toml"
  echo "changed by the test" >>"$dir/fortnox-connect-app.exe"
  touch -d '2001-01-01' "$task"
  # As the app's updater runs a newer installer: passive, as an update
  # (/R, which starts the app again afterwards, is left out: no display).
  start=$SECONDS
  wine_wait "$installer" /P /UPDATE || wine_failed $? "installing over the existing install (/P /UPDATE)"
  say "installed again over it in $((SECONDS - start)) s"
  check_installed "reinstall"
  for f in "${WINDOWS_INSTALLED_FILES[@]}"; do
    [ "$(sha256sum <"$dir/$f")" = "${sums[$f]}" ] || die "reinstall: $f was not replaced"
  done
  [ "$(stat -c %Y "$task")" -gt "$(date -d '2001-01-02' +%s)" ] ||
    die "reinstall: the task '$WINDOWS_TASK_NAME' was not registered again"
  say "reinstall: files replaced, task registered again"

  start=$SECONDS
  wine_wait "$dir/uninstall.exe" /S || wine_failed $? "the uninstaller"
  say "uninstalled silently in $((SECONDS - start)) s"
  [ ! -e "$dir" ] || die "uninstall left the install folder, holding: $(cd "$dir" && find . -mindepth 1 -printf '%P ')"
  [ ! -e "$lnk" ] || die "uninstall left the Start-menu shortcut $lnk"
  if "$wine" reg query "$WINDOWS_UNINSTALL_KEY" >/dev/null 2>&1; then
    die "uninstall left the registry key $WINDOWS_UNINSTALL_KEY"
  fi
  [ ! -e "$task" ] || die "uninstall left the scheduled task '$WINDOWS_TASK_NAME'"
  extra="$(drive_c_files | LC_ALL=C comm -13 "$log/before" - |
    grep -v -e "^users/$user/Temp/" -e "^users/$user/AppData/Local/Temp/" || true)"
  [ -z "$extra" ] || die "uninstall left"$'\n'"$extra"
  say "uninstall: no install folder, shortcut, uninstall entry, task or other file left"
)
