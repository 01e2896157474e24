#!/usr/bin/env bash
# Signs a release's package and writes the update manifest the installed
# apps read (docs/updates.md, "For vendors"):
#
#   bash scripts/publish-update.sh PACKAGE VERSION BASE_URL OUT_DIR [NOTES_EN] [NOTES_SV]
#
# PACKAGE is the .deb (scripts/package.sh) or the Windows installer
# (scripts/package-windows.sh); it is copied to OUT_DIR, with
# OUT_DIR/latest.json naming it under BASE_URL. Upload OUT_DIR as it is, to
# the address the profile's `[updates] feed` names. A manifest already in
# OUT_DIR keeps its other platforms, so the .deb and the installer can be
# published one after the other.
#
# The signing key: TAURI_SIGNING_PRIVATE_KEY_PATH (a file) or
# TAURI_SIGNING_PRIVATE_KEY (the key itself), and
# TAURI_SIGNING_PRIVATE_KEY_PASSWORD — the release secrets.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh

[ $# -ge 4 ] || die "usage: $0 PACKAGE VERSION BASE_URL OUT_DIR [NOTES_EN] [NOTES_SV]"
package="$1" version="$2" base="${3%/}" out="$4" notes_en="${5:-}" notes_sv="${6:-${5:-}}"
[ -f "$package" ] || die "no package at $package"
case "$package" in
  *.deb) platform="linux-x86_64-deb" ;;
  *-setup.exe | *.exe) platform="windows-x86_64-nsis" ;;
  *) die "$package: only a .deb or the Windows installer (.exe) can be published" ;;
esac
[ -n "${TAURI_SIGNING_PRIVATE_KEY_PATH:-}${TAURI_SIGNING_PRIVATE_KEY:-}" ] ||
  die "set TAURI_SIGNING_PRIVATE_KEY_PATH or TAURI_SIGNING_PRIVATE_KEY (the update key's secret half)"
# The version announced must be the package's: an installed copy would
# otherwise be offered the same release again and again.
case "$package" in
  *.deb) built="$(dpkg-deb -f "$package" Version)" ;;
  *) built="$(basename "$package" | sed -E 's/.*-([0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?)-setup\.exe$/\1/')" ;;
esac
[ "$built" = "$version" ] || die "$package is version $built, not $version"

mkdir -p "$out"
# A name a URL can carry as it is ("Fortnox Connect_0.1.1_amd64.deb" has
# a space).
name="$(basename "$package" | tr ' ' '-')"
cp "$package" "$out/$name"
# The key and its password come from the environment, never the command
# line (which every process can read). The signature names the version, so
# an old signed package cannot be offered as a newer one.
export TAURI_SIGNING_PRIVATE_KEY_PASSWORD="${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}"
ui/node_modules/.bin/tauri signer sign --app-version "$version" "$out/$name" >/dev/null
signature="$(cat "$out/$name.sig")"

python3 - "$out/latest.json" "$version" "$platform" "$base/$name" "$signature" "$notes_en" "$notes_sv" <<'PY'
import datetime, json, os, sys
path, version, platform, url, signature, notes_en, notes_sv = sys.argv[1:]
manifest = json.load(open(path)) if os.path.exists(path) else {}
if manifest.get("version") not in (None, version):
    manifest = {}  # another version's manifest: start over
manifest.update({
    "version": version,
    "pub_date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
})
if notes_en:
    manifest["notes"] = notes_en
    manifest["notes_by_language"] = {"en": notes_en, "sv": notes_sv}
manifest.setdefault("platforms", {})[platform] = {"url": url, "signature": signature}
json.dump(manifest, open(path, "w"), indent=2, ensure_ascii=False)
PY
say "Published $name as $platform $version: $out/latest.json"
