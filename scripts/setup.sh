#!/usr/bin/env bash
# Installs everything Fortnox Connect needs on Debian 12, idempotently:
# system packages (apt, with sudo when not root), Node.js, the UI's npm
# packages, cargo-nextest and tauri-driver. Skips what is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh

TAURI_DRIVER_VERSION="2.1.0"

# Verified on Debian 12 (see docs/platform.md); imagemagick is for
# screenshots of headless runs, xdotool types into the Fortnox login window
# in end-to-end tests (WebDriver only reaches the main window), xclip reads
# what "Copy details" put on the clipboard, PostgreSQL runs the token
# broker's replica tests (a throwaway cluster per run), secret-tool is the
# benchmark's floor for reading one secret; sudo is how Tauri's updater
# installs a .deb where there is no graphical password prompt (the update
# test, as root: docs/updates.md).
APT_PACKAGES=(
  build-essential pkg-config curl ca-certificates
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libsoup-3.0-dev libdbus-1-dev libsecret-1-dev
  webkit2gtk-driver xvfb xauth dbus dbus-x11 gnome-keyring
  imagemagick xdotool xclip libsecret-tools
  postgresql sudo
)

# The Windows build and its tests (docs/platform.md, "Windows"): Debian's
# own Rust with std's source (rustup has no Windows std here), the mingw-w64
# linker, Wine 8 to run the CLI, the app and the installer, NSIS to build
# the installer, osslsigncode to sign it and 7-Zip to list what it packs.
APT_PACKAGES+=(
  rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64
  wine wine64 nsis osslsigncode 7zip
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  say "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

node_major() {
  node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || echo 0
}

ensure_node() {
  # Vite 5 and Svelte 5 need Node 18 or newer; Debian 12 ships 18.19.
  if command -v node >/dev/null && command -v npm >/dev/null && [ "$(node_major)" -ge 18 ]; then
    return 0
  fi
  apt_install nodejs npm
  [ "$(node_major)" -ge 18 ] || die "Node.js 18 or newer is needed; found $(node --version 2>/dev/null || echo none)"
}

ensure_rust() {
  if command -v cargo >/dev/null; then
    return 0
  fi
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
    return 0
  fi
  say "Installing the Rust toolchain (rustup, minimal profile)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
  export PATH="$HOME/.cargo/bin:$PATH"
}

# tauri-driver has no --version flag; cargo records what it installed.
tauri_driver_ok() {
  cargo install --list 2>/dev/null | grep -q "^tauri-driver v$1:"
}

ensure_npm_packages() {
  # npm ci only when the lock file changed since the last install.
  local stamp="ui/node_modules/.fortnox-connect-installed"
  if [ -f "$stamp" ] && [ "$stamp" -nt ui/package-lock.json ] && [ "$stamp" -nt ui/package.json ]; then
    return 0
  fi
  say "Installing the UI's npm packages"
  # Some registry mirrors lack other platforms' optional packages, which
  # makes `npm ci` refuse the lock file; `npm install` then installs the
  # same locked versions.
  (cd ui && { npm ci --no-audit --no-fund --loglevel=error 2>/dev/null ||
    npm install --no-audit --no-fund --loglevel=error; })
  touch "$stamp"
}

apt_install "${APT_PACKAGES[@]}"
ensure_node
ensure_rust
if ! command -v cargo-nextest >/dev/null; then
  say "Installing cargo-nextest with cargo (once)"
  cargo install --locked cargo-nextest
fi
if ! command -v tauri-driver >/dev/null || ! tauri_driver_ok "$TAURI_DRIVER_VERSION"; then
  say "Installing tauri-driver $TAURI_DRIVER_VERSION with cargo (once)"
  cargo install --locked tauri-driver --version "$TAURI_DRIVER_VERSION"
fi
ensure_npm_packages
say "Dependencies are in place."
