#!/usr/bin/env python3
"""Tables from the key=value files bench/run.sh leaves in RESULTS_DIR/SIZE/.

usage: report.py RESULTS_DIR [--sizes 10,100] [--only SIZE]

Prints (as Markdown tables) one table per size -- indexing, memory, index
size, query latency, throughput, each next to the plain FTS5 unicode61 table
measured in the same run -- and, for several sizes, how each figure grows
from the smallest size.  Reports figures; judges nothing."""
import argparse, glob, os, sys

MB = 1048576.0


def kvfile(path):
    d = {}
    if not os.path.exists(path):
        return d
    for line in open(path, encoding='utf-8'):
        for tok in line.split():
            if '=' in tok:
                k, v = tok.split('=', 1)
                d.setdefault(k, v)
    return d


def kvlines(path, head):
    out = []
    if os.path.exists(path):
        for line in open(path, encoding='utf-8'):
            rest = None
            if ' q=' in line:  # a query may hold spaces: q= is last and takes the rest
                line, rest = line.rstrip('\n').split(' q=', 1)
            f = line.split()
            if rest is not None and f:
                f.append('q=' + rest)
            if head is None and f:
                out.append(dict(t.split('=', 1) for t in f if '=' in t))
            elif f and f[0] == head:
                out.append(dict(t.split('=', 1) for t in f[1:] if '=' in t))
    return out


def fnum(x, nd=1):
    try:
        return ('%.' + str(nd) + 'f') % float(x)
    except (TypeError, ValueError):
        return 'n/a'


def fthr(x):
    """A rate: more decimals when it is small (0.033/s is not 0.0)."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return 'n/a'
    return '%.1f' % v if v >= 10 else '%.2f' % v if v >= 1 else '%.3f' % v


def median_run(runs):
    """The run of median wall time (the lower of the two middle ones)."""
    ok = sorted((x for x in runs if x.get('wall_s')), key=lambda x: float(x['wall_s']))
    return ok[(len(ok) - 1) // 2] if ok else {}


def load(res, size):
    d = os.path.join(res, size)
    if not os.path.isdir(d):
        return None
    r = {'size': size}
    r['corpus'] = kvfile(os.path.join(d, 'corpus.kv'))
    r['index'] = kvfile(os.path.join(d, 'index.kv'))
    # indexing timed several times, alternating with the baseline: the
    # run of median wall time stands for each (index.rss: older results)
    runs = [kvfile(p) for p in sorted(glob.glob(os.path.join(d, 'index.rss.*')))]
    runs = [x for x in runs if x.get('wall_s')] or [kvfile(os.path.join(d, 'index.rss'))]
    r['index_runs'] = runs
    r['index_rss'] = median_run(runs)
    r['base'] = [kvfile(os.path.join(d, f)) for f in ('base1.kv', 'base2.kv')]
    r['base_rss'] = [kvfile(os.path.join(d, f)) for f in ('base1.rss', 'base2.rss')]
    mid = [kvfile(p) for p in sorted(glob.glob(os.path.join(d, 'basemid.rss.*')))]
    r['base_runs'] = [x for x in [r['base_rss'][0]] + mid + [r['base_rss'][1]] if x.get('wall_s')]
    r['base_median'] = median_run(r['base_runs'])
    q = os.path.join(d, 'query.kv')
    r['lat'] = {(x['engine'], x['kind']): x for x in kvlines(q, 'lat')}
    r['cold'] = {x['engine']: x for x in kvlines(q, 'cold')}
    r['thr'] = {x['what']: x for x in kvlines(q, 'thr')}
    r['info'] = {}
    for x in kvlines(q, 'info'):
        r['info'].update(x)
    r['termq'] = kvlines(q, 'termq')
    r['load'] = kvlines(os.path.join(d, 'load.kv'), None)
    r['query_rss'] = kvfile(os.path.join(d, 'query.rss'))
    r['batch'] = {m: kvfile(os.path.join(d, 'batch-%s.kv' % m)) for m in ('search', 'term')}
    return r


def derived(r):
    """The headline figures of one size, as numbers (None when missing)."""
    def f(x):
        try:
            return float(x)
        except (TypeError, ValueError):
            return None
    text = f(r['corpus'].get('text_bytes'))
    wall = f(r['index_rss'].get('wall_s'))
    bwall = f(r['base_median'].get('wall_s'))
    g = {}
    g['text_mb'] = text / MB if text else None
    g['idx_mbs'] = text / MB / wall if text and wall else None
    g['base_mbs'] = text / MB / bwall if text and bwall else None
    g['idx_vs_base'] = g['idx_mbs'] / g['base_mbs'] if g['idx_mbs'] and g['base_mbs'] else None
    cpu = lambda x: (f(x.get('user_s')) or 0) + (f(x.get('sys_s')) or 0)
    icpu = cpu(r['index_rss'])
    bc = [cpu(r['base_median'])] if r['base_median'].get('user_s') else []
    g['idx_cpu_mbs'] = text / MB / icpu if text and icpu else None
    g['base_cpu_mbs'] = text / MB / (sum(bc) / len(bc)) if text and bc and sum(bc) else None
    g['idx_vs_base_cpu'] = g['idx_cpu_mbs'] / g['base_cpu_mbs'] if g['idx_cpu_mbs'] and g['base_cpu_mbs'] else None
    g['idx_rss_mb'] = f(r['index_rss'].get('maxrss_kb')) / 1024 if r['index_rss'].get('maxrss_kb') else None
    brss = [f(b.get('maxrss_kb')) for b in r['base_rss'] if b.get('maxrss_kb')]
    g['base_rss_mb'] = max(brss) / 1024 if brss else None
    db = f(r['index'].get('db_bytes'))
    g['idx_size_x'] = db / text if db and text else None
    bdb = f(r['base'][0].get('db_bytes'))
    g['base_size_x'] = bdb / text if bdb and text else None
    for eng in ('cyrterm_noalign', 'cyrterm', 'fts5'):
        a = r['lat'].get((eng, 'all'), {})
        g['p50_' + eng] = f(a.get('p50_ms'))
        g['p99_' + eng] = f(a.get('p99_ms'))
        g['cpu_p50_' + eng] = f(a.get('cpu_p50_ms'))
    def rate(n, secs):
        n, secs = f(n), f(secs)
        return n / secs if n and secs else None
    for eng in ('cyrterm_noalign', 'cyrterm', 'fts5'):
        c = r['cold'].get(eng, {})
        g['cold_p50_' + eng] = f(c.get('p50_ms'))
        g['cold_cpu_p50_' + eng] = f(c.get('cpu_p50_ms'))
    for w in ('search', 'search_noalign', 'term', 'term_distinct', 'fts5'):
        t = r['thr'].get(w, {})
        g['thr_' + w] = rate(t.get('n'), t.get('seconds'))
        g['thr_cpu_' + w] = rate(t.get('n'), t.get('cpu_seconds'))
    for m in ('search', 'term'):
        b = r['batch'][m]
        g['batch_' + m] = rate(b.get('lines'), b.get('wall_s')) if b.get('available') == '1' else None
    return g


def table(rows, head):
    out = ['| ' + ' | '.join(head) + ' |', '|' + '|'.join('---' for _ in head) + '|']
    out += ['| ' + ' | '.join(str(c) for c in row) + ' |' for row in rows]
    return '\n'.join(out)


def report_size(r):
    g = derived(r)
    c, ix, irss = r['corpus'], r['index'], r['index_rss']
    b1, b2 = r['base']
    r1, r2 = r['base_rss']
    bm = r['base_median']
    walls = lambda runs: ' '.join(x['wall_s'] for x in runs if x.get('wall_s'))
    print('\n### %s MB corpus: %s MiB of text in %s files\n' % (r['size'], fnum(g['text_mb']), c.get('files', '?')))
    rows = [
        ['indexing throughput, MB/s (whole process; median run)', fnum(g['idx_mbs'], 2),
         '%s (before %s, after %s)' % (fnum(g['base_mbs'], 2),
                                       fnum(float(c['text_bytes']) / MB / float(r1['wall_s']), 2) if r1.get('wall_s') else 'n/a',
                                       fnum(float(c['text_bytes']) / MB / float(r2['wall_s']), 2) if r2.get('wall_s') else 'n/a'),
         fnum(g['idx_vs_base'], 2)],
        ['indexing throughput, MB per CPU-second (user+sys)', fnum(g['idx_cpu_mbs'], 2), fnum(g['base_cpu_mbs'], 2),
         fnum(g['idx_vs_base_cpu'], 2)],
        ['wall / user / sys of the median run, s', '%s / %s / %s' % (irss.get('wall_s'), irss.get('user_s'), irss.get('sys_s')),
         '%s / %s / %s' % (bm.get('wall_s'), bm.get('user_s'), bm.get('sys_s')), ''],
        ['wall of every run, s (in the order run, alternating)', walls(r['index_runs']), walls(r['base_runs']), ''],
        ['peak RSS, MB', fnum(g['idx_rss_mb']), fnum(g['base_rss_mb']),
         fnum(g['idx_rss_mb'] / g['base_rss_mb'], 2) if g['idx_rss_mb'] and g['base_rss_mb'] else ''],
        ['RSS at 1/4, 1/2, 3/4 of the run, MB', ' / '.join(fnum(float(irss.get(k, 0)) / 1024) for k in ('rss_q1_kb', 'rss_q2_kb', 'rss_q3_kb')),
         ' / '.join(fnum(float(r1.get(k, 0)) / 1024) for k in ('rss_q1_kb', 'rss_q2_kb', 'rss_q3_kb')), ''],
        ['  of which anonymous (heap), MB', ' / '.join(fnum(float(irss[k]) / 1024) for k in ('anon_q1_kb', 'anon_q2_kb', 'anon_q3_kb'))
         if irss.get('anon_q1_kb') else 'not sampled',
         ' / '.join(fnum(float(r1[k]) / 1024) for k in ('anon_q1_kb', 'anon_q2_kb', 'anon_q3_kb'))
         if r1.get('anon_q1_kb') else 'not sampled', ''],
        ['index size, MB (x text)', '%s (%sx)' % (fnum(float(ix.get('db_bytes', 0)) / MB), fnum(g['idx_size_x'], 2)),
         '%s (%sx)' % (fnum(float(b1.get('db_bytes', 0)) / MB), fnum(g['base_size_x'], 2)),
         fnum(g['idx_size_x'] / g['base_size_x'], 2) if g['idx_size_x'] and g['base_size_x'] else ''],
        ['  of which FTS5 index / stored text (+ its indexes), MB',
         '%s / %s' % (fnum(float(ix.get('fts_bytes', 0)) / MB), fnum(float(ix.get('passage_bytes', 0)) / MB)),
         '%s / %s' % (fnum(float(b1['fts_bytes']) / MB), fnum(float(b1.get('content_bytes', 0)) / MB)) if b1.get('fts_bytes') else '',
         fnum(float(ix['fts_bytes']) / float(b1['fts_bytes']), 2) + ' (FTS5 index)' if b1.get('fts_bytes') and ix.get('fts_bytes') else ''],
        ['passages (rows)', ix.get('passages', '?'), b1.get('rows', '?'), ''],
    ]
    print(table(rows, ['indexing', 'cyrterm', 'FTS5 unicode61', 'cyrterm / FTS5']))
    print()
    kinds = ['single', 'phrase', 'inflected', 'cross', 'prefix', 'folded', 'latin', 'all']
    rows = []
    for k in kinds:
        row = [k]
        for eng in ('cyrterm', 'cyrterm_noalign', 'fts5'):
            x = r['lat'].get((eng, k))
            row.append('%s / %s (%s)' % (fnum(x['p50_ms'], 2), fnum(x['p99_ms'], 2), fnum(x.get('cpu_p50_ms'), 2)) if x else 'n/a')
        hx = r['lat'].get(('cyrterm', k), {})
        hb = r['lat'].get(('fts5', k), {})
        row.append('%s / %s' % (hx.get('hits', '?'), hb.get('hits', '?')) if k != 'all' else '')
        rows.append(row)
    if r['cold']:
        row = ['all, first run (cold handle)']
        for eng in ('cyrterm', 'cyrterm_noalign', 'fts5'):
            x = r['cold'].get(eng)
            row.append('%s / %s (%s)' % (fnum(x['p50_ms'], 2), fnum(x['p99_ms'], 2), fnum(x.get('cpu_p50_ms'), 2)) if x else 'n/a')
        row.append('')
        rows.append(row)
    print(table(rows, ['query kind', 'cyrterm p50 / p99 (CPU p50), ms', 'cyrterm --no-align p50 / p99 (CPU p50), ms',
                       'FTS5 p50 / p99 (CPU p50), ms', 'results shown (cyrterm / FTS5)']))
    print()
    rows = [
        ['searches/s, API (mix, with alignment)', '%s (%s per CPU-s)' % (fthr(g['thr_search']), fthr(g['thr_cpu_search'])),
         '%s (%s per CPU-s)' % (fthr(g['thr_fts5']), fthr(g['thr_cpu_fts5']))],
        ['searches/s, API (mix, --no-align)', '%s (%s per CPU-s)' % (fthr(g['thr_search_noalign']), fthr(g['thr_cpu_search_noalign'])), ''],
        ['term lookups/s, API, one term per glossary concept (cold)',
         '%s (%s per CPU-s; %s of %s concepts in %s s)' % (fthr(g['thr_term_distinct']), fthr(g['thr_cpu_term_distinct']),
                                                   r['thr'].get('term_distinct', {}).get('n', '?'),
                                                   r['thr'].get('term_distinct', {}).get('of', '?'),
                                                   fnum(r['thr'].get('term_distinct', {}).get('seconds'), 1))
         if g['thr_term_distinct'] else 'not measured', ''],
        ['term lookups/s, API, mix of 10 repeated (cached after round 1)', '%s (%s per CPU-s)' % (fthr(g['thr_term']), fthr(g['thr_cpu_term'])), ''],
        ['searches/s, `cyrterm batch --mode search` (input: the mix, repeated)',
         '%s (%s lines)' % (fthr(g['batch_search']), r['batch']['search'].get('lines')) if g['batch_search'] else 'not available', ''],
        ['term lookups/s, `cyrterm batch --mode term` (input: %s)' % r['batch']['term'].get('input', 'mix repeated'),
         '%s (%s lines)' % (fthr(g['batch_term']), r['batch']['term'].get('lines')) if g['batch_term'] else 'not available', ''],
        ['peak RSS of the query process, MB', fnum(float(r['query_rss'].get('maxrss_kb', 0)) / 1024), ''],
    ]
    print(table(rows, ['throughput (one thread)', 'cyrterm', 'FTS5 unicode61']))
    if r['termq']:
        print('\nTerm lookups, first round (ms / attestations counted): ' +
              '; '.join('%s %s / %s' % (t.get('q'), fnum(t.get('ms'), 1), t.get('attestations')) for t in r['termq']))
    if r['load']:
        print('\nLoad average (1/5/15 min) as each phase started: ' +
              ', '.join('%s %s' % (x.get('phase'), x.get('load')) for x in r['load']))
    if r['info'].get('glossary_load_s'):
        print('\nGlossary loaded into the index in %s s (%s concepts, %s terms).'
              % (r['info'].get('glossary_load_s'), r['info'].get('concepts', '?'), r['info'].get('terms', '?')))


def report_growth(rs):
    gs = [derived(r) for r in rs]
    names = [
        ('text, MiB', 'text_mb', 1),
        ('cyrterm indexing, MB/s', 'idx_mbs', 2), ('FTS5 indexing, MB/s', 'base_mbs', 2),
        ('cyrterm / FTS5 throughput', 'idx_vs_base', 2),
        ('cyrterm indexing, MB per CPU-s', 'idx_cpu_mbs', 2), ('FTS5 indexing, MB per CPU-s', 'base_cpu_mbs', 2),
        ('cyrterm / FTS5 throughput (CPU)', 'idx_vs_base_cpu', 2),
        ('cyrterm peak RSS, MB', 'idx_rss_mb', 1), ('FTS5 peak RSS, MB', 'base_rss_mb', 1),
        ('cyrterm index / text', 'idx_size_x', 2), ('FTS5 index / text', 'base_size_x', 2),
        ('cyrterm search p50, ms', 'p50_cyrterm', 2), ('cyrterm search p99, ms', 'p99_cyrterm', 2),
        ('cyrterm --no-align p50, ms', 'p50_cyrterm_noalign', 2), ('cyrterm --no-align p99, ms', 'p99_cyrterm_noalign', 2),
        ('cyrterm search CPU p50, ms', 'cpu_p50_cyrterm', 2),
        ('cyrterm first-run (cold) p50, ms', 'cold_p50_cyrterm', 2),
        ('FTS5 search p50, ms', 'p50_fts5', 2), ('FTS5 search p99, ms', 'p99_fts5', 2),
        ('searches/s (API)', 'thr_search', 0), ('FTS5 searches/s', 'thr_fts5', 0),
        ('term lookups/s, one per concept, cold (API)', 'thr_term_distinct', 0),
        ('term lookups/s, repeated mix (API)', 'thr_term', 0),
        ('batch searches/s (CLI)', 'batch_search', 0), ('batch term lookups/s (CLI)', 'batch_term', 0),
    ]
    head = ['figure'] + ['%s MB' % r['size'] for r in rs] + ['%s MB / %s MB' % (r['size'], rs[0]['size']) for r in rs[1:]]
    rows = []
    for label, key, nd in names:
        vals = [g.get(key) for g in gs]
        if all(v is None for v in vals):
            continue
        row = [label] + [(fnum(v, nd) if nd else fthr(v)) if v is not None else 'n/a' for v in vals]
        row += [('%.2g' % (v / vals[0]) if v / vals[0] < 0.1 else fnum(v / vals[0], 2)) if v is not None and vals[0] else 'n/a'
                for v in vals[1:]]
        rows.append(row)
    print('\n### Growth with the corpus\n')
    print(table(rows, head))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('results')
    ap.add_argument('--sizes')
    ap.add_argument('--only')
    a = ap.parse_args()
    m = kvfile(os.path.join(a.results, 'machine.kv'))
    if a.only:
        r = load(a.results, a.only)
        if r:
            report_size(r)
        return
    sizes = a.sizes.split(',') if a.sizes else sorted((d for d in os.listdir(a.results) if d.isdigit()), key=int)
    rs = [r for r in (load(a.results, s) for s in sizes) if r]
    if not rs:
        sys.exit('report.py: no results under %s' % a.results)
    mline = open(os.path.join(a.results, 'machine.kv'), encoding='utf-8').read().strip().replace('\n', '; ') if m else '?'
    print('## cyrterm benchmarks\n\nMachine: %s\n' % mline)
    for r in rs:
        report_size(r)
    if len(rs) > 1:
        report_growth(rs)


if __name__ == '__main__':
    main()
