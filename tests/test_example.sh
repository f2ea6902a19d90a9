#!/usr/bin/env bash
# The example program of examples/ builds and works against the bundled
# corpus through the public API.  Arguments: CLI_PATH BUILD_DIR.
set -u
build=${2:?build dir}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$(CYRTERM_DB="$tmp/default.db" "$build/example_search_and_term") || { echo "FAIL: the example exited $?"; exit 1; }
echo "$out"
fail=0
for want in 'search "трансфер технологий": 5 results' '[kk] corpus/' '[sr] corpus/003_4bae52936f32cd92.txt' \
            '(technology_transfer)' 'term "зияткерлік меншік" -> intellectual_property (exact match)' \
            'ru: интеллектуальная собственность' 'sr: интелектуална својина'; do
  case "$out" in *"$want"*) ;; *) echo "FAIL: the output lacks: $want"; fail=1 ;; esac
done
[ $fail -eq 0 ] && echo "example: all checks passed"
exit $fail
