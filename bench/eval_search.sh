#!/usr/bin/env bash
# Retrieval quality on the dev queries of shared/eval: cyrterm next to a plain
# SQLite FTS5 unicode61 table over the same corpus (eval_search.py --baseline).
#
#   bench/eval_search.sh [-v] [--set dev|all] [--db PATH]
#
#   -v          also print the per-query lines of both runs
#   --set       which gold queries (default dev)
#   --db PATH   search this index instead of the default one (bundled corpus)
# Environment:
#   CT_SHARED   the shared folder (default: ../shared beside the repository)
#   CT_BIN      the cyrterm binary (default: build/cyrterm of the repository)
# Prints the two summary lines of eval_search.py (success@10, MRR,
# cross-language coverage) side by side.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${CT_SHARED:-$repo/../shared}
bin=${CT_BIN:-$repo/build/cyrterm}
verbose=0
set_name=dev
db_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	-v) verbose=1; shift ;;
	--set) set_name=$2; shift 2 ;;
	--db) db_args=(--db "$2"); shift 2 ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	*) echo "eval_search.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
script=$shared/eval/eval_search.py
[ -f "$script" ] || { echo "eval_search.sh: $script not found (set CT_SHARED)" >&2; exit 2; }
[ -x "$bin" ] || { echo "eval_search.sh: $bin not found (build first, or set CT_BIN)" >&2; exit 2; }

q=(-q)
[ "$verbose" = 1 ] && q=()
tool_out=$(python3 "$script" --bin "$bin" "${db_args[@]}" --set "$set_name" "${q[@]}")
base_out=$(python3 "$script" --baseline --set "$set_name" "${q[@]}")
if [ "$verbose" = 1 ]; then
	printf '== cyrterm\n%s\n\n== FTS5 unicode61 baseline\n%s\n\n' "$tool_out" "$base_out"
fi

python3 - "$(tail -1 <<<"$tool_out")" "$(tail -1 <<<"$base_out")" "$set_name" <<'EOF'
import sys
def parse(line):
    return dict(t.split('=', 1) for t in line.split() if '=' in t)
tool, base, which = parse(sys.argv[1]), parse(sys.argv[2]), sys.argv[3]
cols = ['queries', 'success@10', 'MRR', 'cross-language', 'broken']
rows = [('cyrterm', tool), ('FTS5 unicode61', base)]
w = [max(len(c), *(len(r.get(c, '?')) for _, r in rows)) for c in cols]
print('%-16s' % ('(%s set)' % which) + '  '.join(c.rjust(k) for c, k in zip(cols, w)))
for name, r in rows:
    print('%-16s' % name + '  '.join(r.get(c, '?').rjust(k) for c, k in zip(cols, w)))
EOF
