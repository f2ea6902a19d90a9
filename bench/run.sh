#!/usr/bin/env bash
# The benchmarks in one command: builds cyrterm (Release) and the bench
# programs, generates the corpora, and for each size measures, in the same
# run, a plain FTS5 unicode61 table and cyrterm: indexing throughput, peak
# memory, index size, query latency and batch throughput.  Prints a table per
# size and a growth table (bench/report.py).
#
#   bench/run.sh [--sizes 10,100[,1000]] [--iters N] [--seconds S] [--index-runs N]
#
# Indexing is timed --index-runs times, alternating with the FTS5 baseline
# (default: 5 up to 10 MB, 3 up to 100 MB, 1 above: a run of under a second
# on a shared machine is noise), and the median runs are compared.
#
# Environment:
#   CT_BENCH_DIR   scratch folder (default /tmp/cyrterm-bench): build/, corpus-SIZE/,
#                  results/SIZE/ (key=value files), indexes (removed after each size
#                  unless CT_KEEP=1)
#   CT_SRC         source tree to build (default: this repository)
#   CT_BUILD_DIR   build folder (default $CT_BENCH_DIR/build)
#   CT_SKIP_BUILD  1: use the programs already in CT_BUILD_DIR
#   CT_COMMIT      label for the results when CT_SRC is not a git checkout
#   CT_KEEP        1: keep the indexes after each size
# Nothing here passes or fails on a time: the figures are printed, not judged.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
sizes=10,100
iters=30
seconds=3
index_runs=
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes=$2; shift 2 ;;
	--iters) iters=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--index-runs) index_runs=$2; shift 2 ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done

bdir=${CT_BENCH_DIR:-/tmp/cyrterm-bench}
src=${CT_SRC:-$repo}
build=${CT_BUILD_DIR:-$bdir/build}
mkdir -p "$bdir/results"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --------------------------------------------------------------- build
if [ "${CT_SKIP_BUILD:-0}" != 1 ]; then
	log "building $src in $build (Release)"
	cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCT_BUILD_TESTS=OFF >/dev/null
	cmake --build "$build" -j"$(nproc)" --target cyrterm peakrss baseline_fts5 query_latency search_instr >/dev/null
fi
for p in cyrterm peakrss baseline_fts5 query_latency; do
	[ -x "$build/$p" ] || { echo "run.sh: $build/$p missing" >&2; exit 3; }
done
cyrterm=$build/cyrterm

# ------------------------------------------------------------- machine
machine=$bdir/results/machine.kv
{
	echo "nproc=$(nproc)"
	echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "mem_gib=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)"
	echo "kernel=$(uname -sr)"
	echo "cc=$(${CC:-cc} --version | head -1)"
	echo "sqlite=$(pkg-config --modversion sqlite3 2>/dev/null || echo ?)"
	echo "icu=$(pkg-config --modversion icu-uc 2>/dev/null || echo ?)"
	echo "utf8proc=$(dpkg-query -W -f='${Version}' libutf8proc2 2>/dev/null || pkg-config --modversion libutf8proc 2>/dev/null || echo ?)"
	echo "build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")"
	if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
		echo "commit=$(git -C "$src" rev-parse --short HEAD)$(git -C "$src" diff --quiet HEAD -- src include || echo '+dirty')"
	else
		echo "commit=${CT_COMMIT:-unknown (not a git checkout; set CT_COMMIT)}"
	fi
	echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
} >"$machine"

load() { # load PHASE: the load average as a phase starts (the machine may be shared)
	echo "phase=$1 load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)" >>"$res/load.kv"
}

kv() { # kv FILE KEY: the value of KEY in a key=value line file
	tr ' ' '\n' <"$1" | sed -n "s/^$2=//p" | head -1
}

# ------------------------------------------------------------ per size
IFS=, read -r -a size_list <<<"$sizes"
for mb in "${size_list[@]}"; do
	corpus=$bdir/corpus-$mb
	res=$bdir/results/$mb
	rm -rf "$res"
	mkdir -p "$res"
	stamp="size=$mb $(sha1sum "$here/gen_corpus.py" "$repo"/corpus/*.txt | sha1sum | cut -c1-16)"
	if [ "$(cat "$corpus/.stamp" 2>/dev/null)" != "$stamp" ]; then
		log "$mb MB: generating corpus in $corpus"
		rm -rf "$corpus"
		python3 "$here/gen_corpus.py" --size-mb "$mb" --out "$corpus" --corpus "$repo/corpus" >&2
		echo "$stamp" >"$corpus/.stamp"
	fi
	text_bytes=$(cat "$corpus"/gen-*.txt | wc -c)
	echo "text_bytes=$text_bytes files=$(ls "$corpus"/gen-*.txt | wc -l)" >"$res/corpus.kv"
	# warm the page cache the same way for both contenders
	cat "$corpus"/gen-*.txt >/dev/null

	base_db=$bdir/base-$mb.db
	idx_db=$bdir/index-$mb.db
	log "$mb MB: plain FTS5 unicode61 (before)"
	load base1
	"$build/peakrss" -o "$res/base1.rss" -- "$build/baseline_fts5" --db "$base_db" "$corpus" >"$res/base1.kv"
	python3 "$here/dbparts.py" fts5 "$base_db" >>"$res/base1.kv"

	runs=${index_runs:-$([ "$mb" -le 10 ] && echo 5 || { [ "$mb" -le 100 ] && echo 3 || echo 1; })}
	for r in $(seq 1 "$runs"); do
		log "$mb MB: cyrterm index (run $r of $runs)"
		load index
		rm -f "$idx_db" "$idx_db-wal" "$idx_db-shm"
		"$build/peakrss" -o "$res/index.rss.$r" -- "$cyrterm" index --db "$idx_db" --quiet "$corpus" 2>"$res/index.err" || {
			echo "run.sh: cyrterm index failed (see $res/index.err)" >&2
			cat "$res/index.rss.$r" >&2
			exit 3
		}
		if [ "$r" -lt "$runs" ]; then
			log "$mb MB: plain FTS5 unicode61 (between)"
			"$build/peakrss" -o "$res/basemid.rss.$r" -- "$build/baseline_fts5" --db "$base_db" "$corpus" >/dev/null
		fi
	done
	idx_bytes=$(( $(stat -c %s "$idx_db") + $(stat -c %s "$idx_db-wal" 2>/dev/null || echo 0) ))
	echo "db_bytes=$idx_bytes" >"$res/index.kv"
	python3 "$here/dbparts.py" cyrterm "$idx_db" >>"$res/index.kv"

	log "$mb MB: plain FTS5 unicode61 (after)"
	load base2
	"$build/peakrss" -o "$res/base2.rss" -- "$build/baseline_fts5" --db "$base_db" "$corpus" >"$res/base2.kv"

	log "$mb MB: query latency and API throughput"
	load query
	"$build/peakrss" -o "$res/query.rss" -- "$build/query_latency" --db "$idx_db" --baseline "$base_db" --data "$src" \
		--iters "$iters" --seconds "$seconds" >"$res/query.kv"

	# `cyrterm batch`, when this build has it: searches are the mix over and
	# over, as many lines as the API managed in about `seconds`, so that the
	# run stays bounded; term lookups are every term of the glossary once, in
	# the glossary's order, as a translation job's term list would be
	# (a concept's attestations are cached on the handle after its first term).
	for mode in search term; do
		probe=$(printf 'инновация\n' | "$cyrterm" batch --db "$idx_db" --mode "$mode" --tsv 2>/dev/null | wc -c || true)
		if [ "${probe:-0}" -eq 0 ]; then
			echo "mode=$mode available=0" >"$res/batch-$mode.kv"
			continue
		fi
		if [ "$mode" = term ]; then
			python3 -c "import sqlite3, sys; db = sqlite3.connect('file:%s?mode=ro' % sys.argv[1], uri=True)
for (t,) in db.execute('select term from term order by id'): print(t)" "$idx_db" >"$res/mix-term.txt"
			rate=$(grep "^thr what=term_distinct " "$res/query.kv" | tr ' ' '\n' | sed -n 's/^per_s=//p')
		else
			"$build/query_latency" --print-mix search >"$res/mix-search.txt"
			rate=$(grep "^thr what=search " "$res/query.kv" | tr ' ' '\n' | sed -n 's/^per_s=//p')
		fi
		per=$(wc -l <"$res/mix-$mode.txt")
		want=$(python3 -c "import sys; print(max(10, int(float(sys.argv[1] or 0) * $seconds)))" "${rate:-0}")
		if [ "$mode" = term ]; then
			cp "$res/mix-term.txt" "$res/batch-term.in"
		else
			rounds=$(( (want + per - 1) / per ))
			for _ in $(seq "$rounds"); do cat "$res/mix-search.txt"; done >"$res/batch-search.in"
		fi
		lines=$(wc -l <"$res/batch-$mode.in")
		load "batch-$mode"
		"$build/peakrss" -o "$res/batch-$mode.rss" -- "$cyrterm" batch --db "$idx_db" --mode "$mode" --tsv "$res/batch-$mode.in" \
			>/dev/null 2>"$res/batch-$mode.err" || true
		wall=$(kv "$res/batch-$mode.rss" wall_s)
		input=$([ "$mode" = term ] && echo every-glossary-term-once || echo mix-repeated)
		echo "mode=$mode input=$input available=1 lines=$lines wall_s=$wall per_s=$(python3 -c "print('%.3f' % ($lines/max($wall,1e-9)))") status=$(kv "$res/batch-$mode.rss" status)" >"$res/batch-$mode.kv"
	done

	if [ "${CT_KEEP:-0}" != 1 ]; then
		rm -f "$base_db" "$base_db-wal" "$base_db-shm" "$idx_db" "$idx_db-wal" "$idx_db-shm"
	fi
	load end
	python3 "$here/report.py" "$bdir/results" --only "$mb"
done

python3 "$here/report.py" "$bdir/results" --sizes "$sizes"
