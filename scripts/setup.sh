#!/usr/bin/env bash
# Installs what cyrterm needs to build and test (Debian 12 packages; a no-op
# when they are all present), then configures and builds it in build/.
#   BUILD_DIR=...   another build folder
#   CMAKE_ARGS=...  extra cmake arguments (e.g. -DCT_SANITIZE=ON)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gcc make cmake pkg-config libicu-dev libutf8proc-dev libsqlite3-dev sqlite3
          libstemmer-dev snowball-data libxml2-dev libxxhash-dev check valgrind python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" ${CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" >/dev/null
