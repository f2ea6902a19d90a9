#!/usr/bin/env bash
# The tokenizer as a loadable SQLite extension: the sqlite3 shell and
# Python's sqlite3 module create FTS5 tables with tokenize='cyrterm' and
# get cyrterm's normalisation.  Arguments: CLI_PATH BUILD_DIR.
set -u
build=${2:?build dir}
ext="$build/libcyrterm_fts5"
fail=0
check() { # name expected actual
  if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected [$2], got [$3]"; fail=1; fi
}
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is not installed"; exit 1; }
# a sanitizer build of the module needs its runtime loaded first in the host
if ldd "$ext.so" 2>/dev/null | grep -q libasan; then
  export LD_PRELOAD=$(gcc -print-file-name=libasan.so)
  export ASAN_OPTIONS=detect_leaks=0
fi

sql="CREATE VIRTUAL TABLE t USING fts5(x, tokenize='cyrterm');
INSERT INTO t VALUES('Қазiргi уақытта инновациялық қызметтің нәтижелері');
INSERT INTO t VALUES('Наука и технологија у Казахстану');
INSERT INTO t VALUES('Экономикалық катынастардың жалпы жүйесінде кызметтің');"

# Latin i in the text, Kazakh і in the query
check "latin i"  1 "$(sqlite3 :memory: ".load $ext" "$sql" "SELECT count(*) FROM t WHERE t MATCH 'қазіргі';")"
# Serbian Latin ASCII query, Cyrillic text
check "serbian script" 1 "$(sqlite3 :memory: ".load $ext" "$sql" "SELECT count(*) FROM t WHERE t MATCH 'tehnologija';")"
# Kazakh letters missing in the text, typed in the query (and the reverse)
check "folding" 2 "$(sqlite3 :memory: ".load $ext" "$sql" "SELECT count(*) FROM t WHERE t MATCH 'қызметтің';")"
# inflected: a stem of the query word
check "stems" 1 "$(sqlite3 :memory: ".load $ext" "$sql" "SELECT count(*) FROM t WHERE t MATCH 'инновациялар';")"
# byte offsets of the matches in the original text
check "offsets" "0 12" "$(sqlite3 :memory: ".load $ext" "$sql" "SELECT ct_offsets(t) FROM t WHERE t MATCH 'қазіргі';")"
# ct_rank: the words standing together in the order typed rank first,
# a word used twice ranks above once
rank_sql="CREATE VIRTUAL TABLE r USING fts5(x, tokenize='cyrterm');
INSERT INTO r VALUES('қызмет пен инновациялық саясат');
INSERT INTO r VALUES('инновациялық қызмет дамиды');
INSERT INTO r VALUES('трансфер');
INSERT INTO r VALUES('трансфер және трансфер');"
check "rank near" "инновациялық қызмет дамиды" "$(sqlite3 :memory: ".load $ext" "$rank_sql" "SELECT x FROM r WHERE r MATCH 'инновациялық қызмет' ORDER BY ct_rank(r) DESC LIMIT 1;")"
check "rank tf" "трансфер және трансфер" "$(sqlite3 :memory: ".load $ext" "$rank_sql" "SELECT x FROM r WHERE r MATCH 'трансфер' ORDER BY ct_rank(r) DESC LIMIT 1;")"

# Debian's Python can load extensions (some self-built ones cannot)
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 || true)
if [ -n "$py" ]; then
  out=$("$py" - "$ext" <<'PY'
import sqlite3, sys
con = sqlite3.connect(":memory:")
if not hasattr(con, "enable_load_extension"):
    print("no-load-extension"); sys.exit(0)
con.enable_load_extension(True)
con.load_extension(sys.argv[1])
con.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='cyrterm')")
con.execute("INSERT INTO t VALUES('Самрук-Казина је задужен за одрживи развој')")
print(con.execute("SELECT count(*) FROM t WHERE t MATCH '\"самрук казина\"'").fetchone()[0])
PY
)
  if [ "$out" = "no-load-extension" ]; then echo "skip python: this Python cannot load extensions"
  else check "python" 1 "$out"; fi
fi
[ $fail -eq 0 ] && echo "extension: all checks passed"
exit $fail
