#!/usr/bin/env bash
# fuzz_replay.sh CLI_PATH BUILD_DIR -- replays every seed (fuzz/corpus/TARGET/*)
# and every regression (fuzz/regressions/TARGET/*) through each fuzz target,
# without libFuzzer: each fuzz/fuzz_TARGET.c is compiled with the build's C
# compiler and fuzz/standalone.c against BUILD_DIR/libcyrterm.a.  A target
# aborts on a broken contract, so a failure here is a bug found by fuzzing
# (see fuzz/README.md).
#
# When CMake already builds the replay drivers (BUILD_DIR/fuzz_*_replay,
# registered as tests of their own), this script has nothing to add.
set -u
BUILD_DIR=${2:?usage: fuzz_replay.sh CLI_PATH BUILD_DIR}
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)

if compgen -G "$BUILD_DIR/fuzz_*_replay" > /dev/null; then
  echo "fuzz_replay: CMake builds and runs the replay drivers; nothing to do"
  exit 0
fi
LIB="$BUILD_DIR/libcyrterm.a"
if [ ! -f "$LIB" ]; then
  echo "fuzz_replay: $LIB not built" >&2
  exit 1
fi

# the compiler and sanitizer flags the library was built with
CC=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null)
CC=${CC:-cc}
FLAGS=(-std=c11 -g -O1 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE)
if grep -q '^CT_SANITIZE:BOOL=ON' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
  FLAGS+=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
fi
read -r -a PKG_CFLAGS <<< "$(pkg-config --cflags icu-uc icu-i18n libutf8proc sqlite3 libxml-2.0)"
read -r -a PKG_LIBS <<< "$(pkg-config --libs icu-uc icu-i18n libutf8proc sqlite3 libxml-2.0)"

OUT="$BUILD_DIR/fuzz-replay"
mkdir -p "$OUT"
# the index and input files of the glossary and TMX targets (an abort
# leaves them behind)
export CT_FUZZ_TMPDIR="$OUT/tmp"
rm -rf "$CT_FUZZ_TMPDIR"
mkdir -p "$CT_FUZZ_TMPDIR"
trap 'rm -rf "$CT_FUZZ_TMPDIR"' EXIT
status=0
for src in "$SRC"/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  target=${name#fuzz_}
  exe="$OUT/${name}_replay"
  if ! "$CC" "${FLAGS[@]}" -I"$SRC/include" -I"$SRC/src/lib" "${PKG_CFLAGS[@]}" \
       "$src" "$SRC/fuzz/standalone.c" "$LIB" "${PKG_LIBS[@]}" -lstemmer -lm -lpthread -o "$exe"; then
    echo "fuzz_replay: $name: does not build" >&2
    status=1
    continue
  fi
  log="$OUT/$name.log"
  if "$exe" "$SRC/fuzz/corpus/$target" "$SRC/fuzz/regressions/$target" > "$log" 2>&1; then
    echo "fuzz_replay: $name: $(tail -n 1 "$log" | sed 's/^replay: //')"
  else
    echo "fuzz_replay: $name: FAILED on $(grep '^replay: ' "$log" | tail -n 1 | sed 's/^replay: //')" >&2
    grep -v '^replay: ' "$log" | head -n 40 >&2
    status=1
  fi
done
exit $status
