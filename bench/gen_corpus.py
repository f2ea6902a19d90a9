#!/usr/bin/env python3
"""Deterministic benchmark corpus: recombines the sentences of corpus/*.txt into
files of about 1 MB (gen-NNNN.txt) until the target size, with a MANIFEST.tsv
giving each file's language.

usage: gen_corpus.py --size-mb N --out DIR [--corpus DIR] [--seed S] [--file-kb K]

Each generated file is one language, chosen in the proportions of the bundled
corpus (bytes per language of its MANIFEST.tsv).  A line holds 1-4 sentences
of that language drawn at random; one line in five is followed by a blank line.
Kazakh files carry the defects of the bundled texts at fixed rates:
  - "latin-i":  Latin i/I for Kazakh і/І inside words (as in 002_*.txt), 20% of files;
  - "nokaz":    Kazakh letters dropped (ә->а ғ->г қ->к ң->н ө->о ұ->у ү->у һ->х),
                each occurrence with probability 0.6 (as in 000_*.txt), 15% of files;
the other Kazakh files keep the sentences as they are (which already hold the
defects of their sources).  The same seed and corpus give the same bytes.

Sentences are cut as shared/eval/eval_search.py cuts them: per line, after
. ! or ? followed by white space."""
import argparse, os, random, re, sys

NOKAZ = {'ә': 'а', 'ғ': 'г', 'қ': 'к', 'ң': 'н', 'ө': 'о', 'ұ': 'у', 'ү': 'у', 'һ': 'х',
         'Ә': 'А', 'Ғ': 'Г', 'Қ': 'К', 'Ң': 'Н', 'Ө': 'О', 'Ұ': 'У', 'Ү': 'У', 'Һ': 'Х'}
NOKAZ_P = 0.6
P_LATIN_I = 0.20
P_NOKAZ = 0.15
VARIANTS = 4  # precomputed "nokaz" variants per sentence (keeps 1 GB fast)
LANG_NAME = {'kk': 'Kazakh', 'ru': 'Russian', 'sr': 'Serbian'}
CYR_I = re.compile(r'(?<=[\u0400-\u04FF])і|і(?=[\u0400-\u04FF])|(?<=[\u0400-\u04FF])І|І(?=[\u0400-\u04FF])')


def read_manifest(d):
    langs = {}
    p = os.path.join(d, 'MANIFEST.tsv')
    if os.path.exists(p):
        for line in open(p, encoding='utf-8'):
            if line.startswith('#') or not line.strip():
                continue
            f = line.rstrip('\n').split('\t')
            if len(f) >= 2:
                langs[f[0]] = f[1]
    return langs


def sentences(path):
    out = []
    for line in open(path, encoding='utf-8'):
        for s in re.split(r'(?<=[.!?])\s+', line.strip()):
            s = s.strip()
            if s:
                out.append(s)
    return out


def latin_i(s):
    # Cyrillic і between or beside Cyrillic letters becomes Latin i: «Қазiргi»
    return CYR_I.sub(lambda m: 'i' if m.group(0) == 'і' else 'I', s)


def nokaz(s, rng):
    return ''.join(NOKAZ[c] if c in NOKAZ and rng.random() < NOKAZ_P else c for c in s)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--size-mb', type=float, required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--corpus', default=os.path.join(here, '..', 'corpus'))
    ap.add_argument('--seed', type=int, default=20240611)
    ap.add_argument('--file-kb', type=int, default=1024)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    langs = read_manifest(a.corpus)
    pool = {}  # lang -> list of (clean, latin-i, [nokaz variants])
    weight = {}
    for name in sorted(os.listdir(a.corpus)):
        if not name.endswith('.txt'):
            continue
        lang = langs.get(name, 'und')
        for s in sentences(os.path.join(a.corpus, name)):
            kz = lang == 'kk'
            pool.setdefault(lang, []).append((s, latin_i(s) if kz else s,
                                              [nokaz(s, rng) for _ in range(VARIANTS)] if kz else [s]))
            weight[lang] = weight.get(lang, 0) + len(s.encode('utf-8'))
    if not pool:
        sys.exit('gen_corpus: no sentences under %s' % a.corpus)
    order = sorted(pool)
    total_w = sum(weight.values())

    os.makedirs(a.out, exist_ok=True)
    target = int(a.size_mb * 1024 * 1024)
    per_file = a.file_kb * 1024
    written = nfiles = nlines = nsent = 0
    manifest = ['# file\tlanguage\ttitle']
    while written < target:
        x = rng.random() * total_w
        lang = order[-1]
        for l in order:
            if x < weight[l]:
                lang = l
                break
            x -= weight[l]
        defect = 'clean'
        if lang == 'kk':
            y = rng.random()
            defect = 'latin-i' if y < P_LATIN_I else 'nokaz' if y < P_LATIN_I + P_NOKAZ else 'clean'
        sents = pool[lang]
        cap = min(per_file, target - written)
        parts, size = [], 0
        while size < cap:
            k = 1 + int(rng.random() * 4)
            line = []
            for _ in range(k):
                clean, li, nk = sents[int(rng.random() * len(sents))]
                line.append(li if defect == 'latin-i' else nk[int(rng.random() * len(nk))] if defect == 'nokaz' else clean)
            text = ' '.join(line) + ('\n\n' if rng.random() < 0.2 else '\n')
            parts.append(text)
            size += len(text.encode('utf-8'))
            nlines += 1
            nsent += k
        name = 'gen-%04d.txt' % nfiles
        data = ''.join(parts).encode('utf-8')
        with open(os.path.join(a.out, name), 'wb') as f:
            f.write(data)
        written += len(data)
        nfiles += 1
        manifest.append('%s\t%s\tgenerated %d (%s; %s)' % (name, lang, nfiles, LANG_NAME.get(lang, lang), defect))
    with open(os.path.join(a.out, 'MANIFEST.tsv'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(manifest) + '\n')
    print('gen_corpus: %s: %d files, %d bytes, %d lines, %d sentences (seed %d)'
          % (a.out, nfiles, written, nlines, nsent, a.seed))


if __name__ == '__main__':
    main()
