#!/usr/bin/env bash
# Instructions of one warm search, per query of query_latency's mix, under
# valgrind --tool=callgrind: a figure that does not move with the machine's
# load, as wall time does on a shared machine (it is not time either).
#
#   bench/instr.sh --db PATH [--build DIR] [--runs N] [--no-align]
#
# --db     an index, e.g. one kept by `CT_KEEP=1 bench/run.sh`
# --build  where search_instr and query_latency are (default: the bench's
#          build folder, $CT_BENCH_DIR/build, or build/ of this repository)
# Prints one line per query, tab-separated (millions of instructions of one
# search), and the sum over the mix.  Benchmarks only: nothing is judged.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
db= build= runs=3 extra=()
while [ $# -gt 0 ]; do
	case "$1" in
	--db) db=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--no-align) extra+=(--no-align); shift ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	*) echo "instr.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
[ -n "$db" ] || { echo "instr.sh: --db PATH is required" >&2; exit 2; }
if [ -z "$build" ]; then
	build=${CT_BENCH_DIR:-/tmp/cyrterm-bench}/build
	[ -x "$build/search_instr" ] || build=$repo/build
fi
for p in search_instr query_latency; do
	[ -x "$build/$p" ] || { echo "instr.sh: $build/$p missing (cmake --build $build --target $p)" >&2; exit 3; }
done
command -v valgrind >/dev/null || { echo "instr.sh: valgrind is not installed" >&2; exit 3; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sum=0
printf 'query\tM instructions\n'
while IFS= read -r q; do
	valgrind --tool=callgrind --toggle-collect=measured_search --callgrind-out-file="$out/cg" \
		"$build/search_instr" --db "$db" --runs "$runs" "${extra[@]}" "$q" >"$out/stdout" 2>"$out/stderr" || {
		echo "instr.sh: $q: search_instr failed:" >&2; tail -3 "$out/stderr" >&2; exit 3; }
	ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/stderr" | tail -1)
	m=$((ir / runs / 1000000))
	sum=$((sum + m))
	printf '%s\t%s\n' "$q" "$m"
done < <("$build/query_latency" --print-mix search)
printf 'all\t%s\n' "$sum"
