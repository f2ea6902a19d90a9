#!/usr/bin/env python3
"""Where an index's bytes are (SQLite's dbstat): prints key=value pairs.

usage: dbparts.py cyrterm|fts5 DB

cyrterm: fts_bytes (the FTS5 index: fts_data, fts_idx, ...), passage_bytes
(the passage table, which holds the text, and its indexes), passages.
fts5 (bench/baseline_fts5.c's table p): fts_bytes (p_data, p_idx, p_docsize,
p_config), content_bytes (p_content: the text)."""
import sqlite3, sys

kind, path = sys.argv[1], sys.argv[2]
db = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
try:
    parts = dict(db.execute('select name, sum(pgsize) from dbstat group by name'))
except sqlite3.Error:  # no dbstat in this SQLite
    parts = {}
if kind == 'cyrterm':
    fts = sum(v for k, v in parts.items() if k.startswith('fts_'))
    passage = sum(parts.get(k, 0) for k in ('passage', 'passage_doc', 'passage_hash'))
    n = db.execute('select count(*) from passage').fetchone()[0]
    print('fts_bytes=%d passage_bytes=%d passages=%d' % (fts, passage, n))
else:
    content = parts.get('p_content', 0)
    fts = sum(v for k, v in parts.items() if k.startswith('p_') and k != 'p_content')
    print('fts_bytes=%d content_bytes=%d' % (fts, content))
