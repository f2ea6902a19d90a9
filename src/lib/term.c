/*
 * term.c -- term lookup: from whatever a user types to the glossary's
 * concepts, all their terms, and where the corpus uses them.
 *
 * Translators type a term the way they happen to have it: as the glossary
 * writes it, in capitals, without Kazakh letters («кызмет»), with Latin i
 * for і («зияткерлiк»), inflected as it stands in their sentence
 * («инновациялық қызметтің»), in the other script («intelektualna
 * svojina»), in Kazakh Latin («ziatkerlık menşık») or in an informal
 * Russian romanisation («innovatsionnaya deyatelnost»), or misspelt
 * («иновация», as corpus 000_ writes it).  Each way is one match kind, tried
 * from the closest to the loosest; a concept is reported once, under the
 * best way any of its terms matched.
 *
 * The query is analysed by the same ct_analyze() that built the term
 * table's norm/fold/keys columns (glossary.c), so both sides agree on what
 * a word and its forms are.  One pass over the term table classifies every
 * term: the columns are precomputed, and kept in memory on the index
 * handle with the keys derived from them, so the pass is comparisons of
 * hashed strings, and only the fuzzy kind computes anything (a bounded
 * edit distance).  A concept's attestations, the other costly part, are
 * kept on the handle too: a batch looks up the same concepts again and
 * again.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cyrterm/glossary.h"
#include "internal.h"

#define DEFAULT_LIMIT 10
#define DEFAULT_KWIC 5
/* KWIC lines per entry at most, whatever the caller asks. */
#define MAX_KWIC 1000
/* Code points of context on each side of a KWIC match. */
#define KWIC_CONTEXT 40
/* Longer queries are not matched fuzzily: a misspelling is a typo in a
 * term, not in a sentence. */
#define FUZZY_MAX_QUERY 128
/* Edit distances computed per lookup at most, whatever the glossary size. */
#define FUZZY_MAX_EVAL 50000

/* Stem keys are kept per language that has a stemmer (indexed by ct_lang). */
#define NKEYS (CT_LANG_SR + 1)
/* Coarse romanisation variants of a query: j as in Serbian, j as Kazakh ж
 * (see skeleton_word()). */
#define NCOARSE 2

const char *ct_match_kind_name(ct_match_kind k)
{
	switch (k) {
	case CT_MATCH_EXACT: return "exact";
	case CT_MATCH_NORMALIZED: return "normalized";
	case CT_MATCH_STEM: return "stem";
	case CT_MATCH_TRANSLIT: return "translit";
	case CT_MATCH_FUZZY: return "fuzzy";
	}
	return "unknown";
}

struct ct_lookup {
	ct_arena arena;
	ct_entry *entries;
	size_t n;
};

size_t ct_lookup_count(const ct_lookup *r)
{
	return r ? r->n : 0;
}

const ct_entry *ct_lookup_get(const ct_lookup *r, size_t i)
{
	return r && i < r->n ? &r->entries[i] : NULL;
}

void ct_lookup_free(ct_lookup *r)
{
	if (!r)
		return;
	ct_arena_free(&r->arena);
	free(r->entries);
	free(r);
}

/* ------------------------------------------------------ romanisations */

/*
 * Appends the ASCII skeleton of one normalised word, reading the Latin
 * letters of every way Kazakh, Serbian and Russian are romanised: Kazakh
 * Latin 2021 (ä ğ q ñ ö ū ü ş ç, ı for і: «ziatkerlık menşık» is
 * зияткерлік меншік) and its 2018 acute variant (á ǵ ń ó ú), Serbian
 * Latin (č ć š ž đ, by ct_latin_skeleton()), BGN-style Russian (plain
 * ASCII; its digraphs are folded later by coarsen()).  Kazakh Latin writes
 * ж as j, Serbian writes ј as j: the caller asks for both readings with
 * kazakh_j.  Cyrillic letters get their ct_latin_skeleton() spelling, the
 * one term.skel is made of.  Returns 0 when a letter has no skeleton.
 */
static int skeleton_word(ct_buf *out, const char *w, size_t n, int kazakh_j)
{
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(w + i, n - i, &cp);
		if (len < 0)
			return 0;
		const char *rep = NULL;
		char one[8];
		switch (cp) {
		case 0x00E4: case 0x00E1: rep = "a"; break; /* ä á: ә */
		case 0x011F: case 0x01F5: rep = "g"; break; /* ğ ǵ: ғ */
		case 0x00F1: case 0x0144: rep = "n"; break; /* ñ ń: ң */
		case 0x00F6: case 0x00F3: rep = "o"; break; /* ö ó: ө */
		case 0x016B: case 0x00FC: case 0x00FA: rep = "u"; break; /* ū ü ú: ұ ү */
		case 0x015F: rep = "s"; break; /* ş: ш */
		case 0x00E7: rep = "c"; break; /* ç: ч */
		case 0x0131: rep = "i"; break; /* ı: і */
		case 'q': rep = "k"; break;    /* қ */
		case 'w': rep = "u"; break;    /* у in the 2019 draft */
		case 'j': rep = kazakh_j ? "z" : "j"; break;
		/* the dot that case folding leaves of İ, and the primes BGN
		 * writes for ь and ъ («intellektualʹnaya») */
		case 0x0307: case 0x02B9: case 0x02BA: case 0x02BC: rep = ""; break;
		case 0x044C: case 0x044A: rep = ""; break; /* ь ъ: no letter of their own */
		default: {
			size_t k = ct_latin_skeleton(w + i, (size_t)len, one, sizeof(one));
			if (k == 0 || k >= sizeof(one))
				return 0;
			rep = one;
		}
		}
		if (ct_buf_puts(out, rep) != CT_OK)
			return 0;
		i += (size_t)len;
	}
	return 1;
}

/* Appends c to out, folding the vowel spellings that romanisations
 * disagree on: ii -> i, ie -> e (so that BGN «proyekt» and the skeleton
 * «proekt» of проект meet). */
static void coarse_put(ct_buf *out, char c)
{
	char last = out->n ? out->p[out->n - 1] : 0;
	if (c == 'i' && last == 'i')
		return;
	if (c == 'e' && last == 'i') {
		out->p[out->n - 1] = 'e';
		return;
	}
	ct_buf_put(out, &c, 1);
}

/*
 * Folds an ASCII skeleton into the space where the romanisations meet:
 * BGN digraphs become the skeleton's letters (shch sc, sh s, ch c, zh z,
 * kh h, ts c, and x h) and j, y, i become one letter, since й is j in Serbian
 * spelling, y in BGN and i in Kazakh Latin, and я/ю are ja/ju, ya/yu, ia/iu.
 * So «innovatsiya» and the skeleton «innovacija» of инновация both give
 * «innovacia».  Applied alike to queries and to term.skel, so the folding
 * only ever merges, never misses.
 */
static int coarsen(ct_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		char c = s[i], d = i + 1 < n ? s[i + 1] : 0;
		if (c == 's' && d == 'h') {
			if (n - i >= 4 && s[i + 2] == 'c' && s[i + 3] == 'h') {
				coarse_put(out, 's'); /* shch */
				coarse_put(out, 'c');
				i += 4;
			} else {
				coarse_put(out, 's');
				i += 2;
			}
			continue;
		}
		if (d == 'h' && (c == 'c' || c == 'z' || c == 'k')) {
			coarse_put(out, c == 'k' ? 'h' : c); /* ch zh kh */
			i += 2;
			continue;
		}
		if (c == 't' && d == 's') {
			coarse_put(out, 'c');
			i += 2;
			continue;
		}
		if (c == 'j' || c == 'y')
			c = 'i';
		else if (c == 'x')
			c = 'h'; /* х in informal Kazakh and Uzbek-style Latin: «texnologiya» */
		coarse_put(out, c);
		i++;
	}
	return out->oom ? CT_ENOMEM : CT_OK;
}

/*
 * Cyrillic spellings of a romanised query, so that an inflected one can be
 * stemmed: «ğylymi zertteuler» (Kazakh Latin 2021) is ғылыми зерттеулер,
 * plural of the term ғылыми зерттеу, and «innovatsionnoy deyatelnosti»
 * (BGN-style) is инновационной деятельности.  The spelling need not be
 * exact: stems are compared as coarse skeletons (keys_coarse()), where й
 * and и, or a lost ь, do not count.
 */
typedef struct romanisation {
	const char *lat, *cyr;
} romanisation;

/* Kazakh Latin 2021 (and the 2018 acute letters), longest first. */
static const romanisation kk_latin[] = {
	{"sh", "ш"}, {"ch", "ч"}, {"ts", "ц"},
	{"a", "а"}, {"ä", "ә"}, {"á", "ә"}, {"b", "б"}, {"c", "ц"}, {"ç", "ч"}, {"d", "д"},
	{"e", "е"}, {"f", "ф"}, {"g", "г"}, {"ğ", "ғ"}, {"ǵ", "ғ"}, {"h", "х"}, {"ı", "і"},
	{"i", "и"}, {"j", "ж"}, {"k", "к"}, {"q", "қ"}, {"l", "л"}, {"m", "м"}, {"n", "н"},
	{"ñ", "ң"}, {"ń", "ң"}, {"o", "о"}, {"ö", "ө"}, {"ó", "ө"}, {"p", "п"}, {"r", "р"},
	{"s", "с"}, {"ş", "ш"}, {"t", "т"}, {"u", "у"}, {"ū", "ұ"}, {"ü", "ү"}, {"ú", "ү"},
	{"v", "в"}, {"w", "у"}, {"x", "х"}, {"y", "ы"}, {"ý", "у"}, {"z", "з"},
	{"\xCC\x87", ""}, /* the dot case folding leaves of İ */
};

/* BGN/PCGN-style Russian, longest first; y is ы or й by context. */
static const romanisation ru_latin[] = {
	{"shch", "щ"}, {"zh", "ж"}, {"kh", "х"}, {"ts", "ц"}, {"ch", "ч"}, {"sh", "ш"},
	{"yu", "ю"}, {"ya", "я"}, {"yo", "е"}, {"ye", "е"},
	{"a", "а"}, {"b", "б"}, {"v", "в"}, {"g", "г"}, {"d", "д"}, {"e", "е"}, {"z", "з"},
	{"i", "и"}, {"j", "й"}, {"k", "к"}, {"l", "л"}, {"m", "м"}, {"n", "н"}, {"o", "о"},
	{"p", "п"}, {"r", "р"}, {"s", "с"}, {"t", "т"}, {"u", "у"}, {"f", "ф"}, {"h", "х"},
	{"c", "ц"}, {"w", "в"}, {"x", "кс"}, {"q", "к"}, {"y", "ы"},
	{"\xCA\xB9", "ь"}, {"\xCA\xBA", "ъ"},
};

static int ends_with_vowel(const ct_buf *b)
{
	static const char *const vowels[] = {"а", "е", "и", "о", "у", "ы", "э", "ю", "я"};
	for (size_t i = 0; i < sizeof(vowels) / sizeof(vowels[0]); i++)
		if (b->n >= 2 && memcmp(b->p + b->n - 2, vowels[i], 2) == 0)
			return 1;
	return 0;
}

/* Spells s (normalised, space-separated Latin words) in Cyrillic. */
static int romanised_to_cyrillic(ct_buf *out, const char *s, const romanisation *table, size_t ntable,
                                 int russian)
{
	size_t i = 0, n = strlen(s);
	out->n = 0;
	while (i < n) {
		size_t t;
		for (t = 0; t < ntable; t++) {
			size_t k = strlen(table[t].lat);
			if (n - i >= k && memcmp(s + i, table[t].lat, k) == 0)
				break;
		}
		if (t < ntable) {
			const char *cyr = table[t].cyr;
			if (russian && s[i] == 'y' && strlen(table[t].lat) == 1)
				cyr = ends_with_vowel(out) ? "й" : "ы";
			ct_buf_puts(out, cyr);
			i += strlen(table[t].lat);
		} else {
			ct_buf_put(out, s + i, 1);
			i++;
		}
	}
	ct_buf_put(out, "", 0);
	return out->oom ? CT_ENOMEM : CT_OK;
}

/* Stem keys as coarse skeletons: "#гылыми #зертте" -> "gilimi zertte".
 * sk is scratch space. */
static int keys_coarse(ct_buf *out, ct_buf *sk, const char *keys)
{
	const char *p = keys;
	out->n = 0;
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *w = p, *next = e ? e + 1 : p + len;
		if (len > 0 && *w == CT_STEM_MARK)
			w++, len--;
		if (out->n)
			ct_buf_put(out, " ", 1);
		sk->n = 0;
		if (!skeleton_word(sk, w, len, 0) || coarsen(out, sk->p, sk->n) != CT_OK)
			return sk->oom || out->oom ? CT_ENOMEM : CT_EINVAL;
		p = next;
	}
	ct_buf_put(out, "", 0);
	return out->oom ? CT_ENOMEM : CT_OK;
}

/* ------------------------------------------------------------- query */

/* The query seen the way the term table's columns see a term. */
typedef struct qform {
	ct_buf norm, fold, skel, keys[NKEYS], coarse[NCOARSE];
	size_t nwords;
	int ncyr, nlat;
	int skel_ok, coarse_ok[NCOARSE];
	int has_j;
	/* the word being read */
	ct_buf w_exact, w_fold, w_stem[NKEYS], w_skel;
	int in_word, have_fold, have_stem[NKEYS];
} qform;

static void qform_free(qform *q)
{
	ct_buf_free(&q->norm);
	ct_buf_free(&q->fold);
	ct_buf_free(&q->skel);
	ct_buf_free(&q->w_exact);
	ct_buf_free(&q->w_fold);
	ct_buf_free(&q->w_skel);
	for (int l = 0; l < NKEYS; l++) {
		ct_buf_free(&q->keys[l]);
		ct_buf_free(&q->w_stem[l]);
	}
	for (int v = 0; v < NCOARSE; v++)
		ct_buf_free(&q->coarse[v]);
}

static int qform_oom(const qform *q)
{
	int oom = q->norm.oom || q->fold.oom || q->skel.oom || q->w_exact.oom || q->w_fold.oom ||
	          q->w_skel.oom;
	for (int l = 0; l < NKEYS; l++)
		oom |= q->keys[l].oom || q->w_stem[l].oom;
	for (int v = 0; v < NCOARSE; v++)
		oom |= q->coarse[v].oom;
	return oom;
}

static void put_word(ct_buf *b, size_t nth, const char *s, size_t n)
{
	if (nth > 0)
		ct_buf_put(b, " ", 1);
	ct_buf_put(b, s, n);
}

/* Appends the finished word to every column. */
static void qform_end_word(qform *q)
{
	const char *w = q->w_exact.p;
	size_t n = q->w_exact.n;
	if (!q->in_word || !w)
		return;
	q->in_word = 0;
	put_word(&q->norm, q->nwords, w, n);
	if (q->have_fold)
		put_word(&q->fold, q->nwords, q->w_fold.p, q->w_fold.n);
	else
		put_word(&q->fold, q->nwords, w, n);
	for (int l = CT_LANG_KK; l < NKEYS; l++) {
		if (q->have_stem[l])
			put_word(&q->keys[l], q->nwords, q->w_stem[l].p, q->w_stem[l].n);
		else
			put_word(&q->keys[l], q->nwords, w, n);
	}
	if (q->nwords > 0)
		ct_buf_put(&q->skel, " ", 1);
	size_t need = ct_latin_skeleton(w, n, NULL, 0);
	if (need == 0 || ct_buf_grow(&q->skel, need) != CT_OK)
		q->skel_ok = 0;
	else
		q->skel.n += ct_latin_skeleton(w, n, q->skel.p + q->skel.n, need + 1);

	for (int v = 0; v < NCOARSE; v++) {
		q->w_skel.n = 0;
		if (q->nwords > 0)
			ct_buf_put(&q->coarse[v], " ", 1);
		if (!skeleton_word(&q->w_skel, w, n, v == 1) ||
		    coarsen(&q->coarse[v], q->w_skel.p, q->w_skel.n) != CT_OK)
			q->coarse_ok[v] = 0;
	}
	if (memchr(w, 'j', n))
		q->has_j = 1;
	switch (ct_word_script(w, n)) {
	case CT_SCRIPT_CYRILLIC: q->ncyr++; break;
	case CT_SCRIPT_LATIN: q->nlat++; break;
	case CT_SCRIPT_OTHER: break;
	}
	q->nwords++;
}

static int qform_on_form(void *ctx, int first, ct_form_kind kind, ct_lang lang,
                         const char *form, size_t n, size_t start, size_t end)
{
	qform *q = ctx;
	CT_UNUSED(start);
	CT_UNUSED(end);
	if (first) {
		qform_end_word(q);
		q->in_word = 1;
		q->have_fold = 0;
		memset(q->have_stem, 0, sizeof(q->have_stem));
		q->w_exact.n = 0;
		ct_buf_put(&q->w_exact, form, n);
		return qform_oom(q) ? CT_ENOMEM : 0;
	}
	if (kind == CT_FORM_FOLDED && !q->have_fold) {
		q->w_fold.n = 0;
		ct_buf_put(&q->w_fold, form, n);
		q->have_fold = 1;
	} else if (kind == CT_FORM_STEM && lang >= CT_LANG_KK && lang < NKEYS && !q->have_stem[lang]) {
		q->w_stem[lang].n = 0;
		ct_buf_put(&q->w_stem[lang], form, n);
		q->have_stem[lang] = 1;
	}
	return qform_oom(q) ? CT_ENOMEM : 0;
}

/* Analyses text as a query: each word gets the stems of every language it
 * could belong to, so a Kazakh-or-Russian word is compared with terms of
 * both. */
static int qform_build(qform *q, ct_analyzer *a, const char *text, size_t n)
{
	int rc;
	memset(q, 0, sizeof(*q));
	q->skel_ok = 1;
	for (int v = 0; v < NCOARSE; v++)
		q->coarse_ok[v] = 1;
	rc = ct_analyze(a, text, n, CT_TOK_QUERY, 0, qform_on_form, q);
	if (rc != CT_OK)
		return rc;
	qform_end_word(q);
	/* empty columns still read as "" */
	ct_buf_put(&q->norm, "", 0);
	ct_buf_put(&q->fold, "", 0);
	ct_buf_put(&q->skel, "", 0);
	for (int l = 0; l < NKEYS; l++)
		ct_buf_put(&q->keys[l], "", 0);
	for (int v = 0; v < NCOARSE; v++)
		ct_buf_put(&q->coarse[v], "", 0);
	return qform_oom(q) ? CT_ENOMEM : CT_OK;
}

static ct_script qform_script(const qform *q)
{
	if (q->ncyr > 0 && q->nlat == 0)
		return CT_SCRIPT_CYRILLIC;
	if (q->nlat > 0 && q->ncyr == 0)
		return CT_SCRIPT_LATIN;
	return CT_SCRIPT_OTHER;
}

/* The query as typed, trimmed, with whitespace runs made one space: what
 * an exact match compares with the term as the glossary writes it. */
static char *trim_query(const char *s, size_t n)
{
	char *o = malloc(n + 1);
	size_t k = 0;
	int sp = 0;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			sp = k > 0;
			continue;
		}
		if (sp)
			o[k++] = ' ';
		sp = 0;
		o[k++] = (char)c;
	}
	o[k] = '\0';
	return o;
}

/* Romanised queries spell ь and ъ with apostrophes («intellektual'naya»),
 * which would cut the word in two: for the romanisation keys they are
 * dropped.  Returns NULL (no copy needed) when the query has none. */
static char *drop_apostrophes(const char *s, size_t n, size_t *out_n)
{
	char *o = NULL;
	size_t k = 0;
	if (!memchr(s, '\'', n) && !memchr(s, '`', n) && !strstr(s, "\xE2\x80\x99"))
		return NULL;
	o = malloc(n + 1);
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'' || s[i] == '`')
			continue;
		if (n - i >= 3 && memcmp(s + i, "\xE2\x80\x99", 3) == 0) {
			i += 2;
			continue;
		}
		o[k++] = s[i];
	}
	o[k] = '\0';
	*out_n = k;
	return o;
}

/* --------------------------------------------------------- edit distance */

static size_t count_cp(const char *s)
{
	size_t k = 0;
	for (; *s; s++)
		k += ((unsigned char)*s & 0xC0) != 0x80;
	return k;
}

static size_t decode_cp(const char *s, int32_t *out, size_t cap)
{
	size_t i = 0, k = 0, n = strlen(s);
	while (i < n && k < cap) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(s + i, n - i, &cp);
		if (len < 0) {
			cp = (unsigned char)s[i];
			len = 1;
		}
		out[k++] = cp;
		i += (size_t)len;
	}
	return k;
}

/*
 * Levenshtein distance on code points, computed only within the band
 * |i - j| <= k and abandoned as soon as a row exceeds k: returns k + 1 for
 * anything farther.  row0 and row1 hold nb + 2 ints.
 */
static int edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, int k,
                         int *row0, int *row1)
{
	const int inf = k + 1;
	int *prev = row0, *cur = row1;
	if ((na > nb ? na - nb : nb - na) > (size_t)k)
		return inf;
	for (size_t j = 0; j <= nb + 1; j++)
		prev[j] = j <= (size_t)k ? (int)j : inf;
	for (size_t i = 1; i <= na; i++) {
		size_t lo = i > (size_t)k ? i - (size_t)k : 1;
		size_t hi = i + (size_t)k < nb ? i + (size_t)k : nb;
		int rowmin = inf;
		cur[lo - 1] = lo == 1 && i <= (size_t)k ? (int)i : inf;
		if (cur[lo - 1] < rowmin)
			rowmin = cur[lo - 1];
		for (size_t j = lo; j <= hi; j++) {
			int v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (v > inf)
				v = inf;
			cur[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (hi + 1 <= nb + 1)
			cur[hi + 1] = inf;
		if (rowmin > k)
			return inf;
		int *t = prev;
		prev = cur;
		cur = t;
	}
	return prev[nb] > k ? inf : prev[nb];
}

/* The edit distance a query of ncp code points may be off by: none for
 * three letters or fewer («мен» is not «мән»), one up to five, two
 * beyond («иновация» -> инновация). */
static int fuzzy_budget(size_t ncp)
{
	return ncp <= 3 ? 0 : ncp <= 5 ? 1 : 2;
}

/* The code points of a string as a set of 64 classes (cp mod 64).  Every
 * letter of one string whose class the other lacks must be deleted or
 * substituted, and an edit touches one letter of each string at most: so
 * the classes one has and the other lacks, counted either way, are a
 * lower bound of the distance, and cheaper than its first row. */
static uint64_t cp_mask(const int32_t *cp, size_t n)
{
	uint64_t m = 0;
	for (size_t i = 0; i < n; i++)
		m |= (uint64_t)1 << ((uint32_t)cp[i] & 63);
	return m;
}

static int popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (int)((x * 0x0101010101010101ULL) >> 56);
}

/* A term string for fuzzy matching.  nchars (count_cp()) is what the
 * length filter compares, known when the table is loaded; cp/ncp
 * (decode_cp()) is what the distance reads, decoded the first time a
 * term comes within a query's length.  The two differ on invalid UTF-8,
 * and each keeps the role it always had. */
typedef struct cpstr {
	const char *s;
	size_t nchars;
	int32_t *cp;   /* NULL until decoded */
	size_t ncp;
	uint64_t mask; /* cp_mask() of cp */
} cpstr;

static void cpstr_init(cpstr *c, const char *s)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->nchars = count_cp(s);
}

static int cpstr_decode(cpstr *c, ct_arena *a)
{
	size_t n = strlen(c->s); /* code points at most */
	c->cp = ct_arena_alloc(a, (n + 1) * sizeof(int32_t));
	if (!c->cp)
		return CT_ENOMEM;
	c->ncp = decode_cp(c->s, c->cp, n);
	c->mask = cp_mask(c->cp, c->ncp);
	return CT_OK;
}

typedef struct fuzzy {
	int32_t *q[2 + NCOARSE]; /* query norm, fold, coarse variants */
	size_t nq[2 + NCOARSE];
	int budget[2 + NCOARSE]; /* fuzzy_budget(), 0 where the string is not matched fuzzily */
	uint64_t qmask[2 + NCOARSE];
	int *row0, *row1;
	size_t cap;              /* code points of a term read at most; the rows hold cap + 2 */
	size_t evals;
	ct_arena *arena;         /* where terms are decoded: the term table's */
	int oom;
} fuzzy;

static void fuzzy_free(fuzzy *f)
{
	for (int i = 0; i < 2 + NCOARSE; i++)
		free(f->q[i]);
	free(f->row0);
	free(f->row1);
}

static int fuzzy_init(fuzzy *f, const qform *q, const qform *tq, ct_arena *arena)
{
	const char *src[2 + NCOARSE] = {q->norm.p, q->fold.p};
	size_t maxq = 0;
	memset(f, 0, sizeof(*f));
	f->arena = arena;
	for (int v = 0; v < NCOARSE; v++)
		src[2 + v] = tq->coarse_ok[v] ? tq->coarse[v].p : "";
	for (int i = 0; i < 2 + NCOARSE; i++) {
		size_t n = count_cp(src[i]);
		f->q[i] = malloc((n + 1) * sizeof(int32_t));
		if (!f->q[i])
			return CT_ENOMEM;
		f->nq[i] = decode_cp(src[i], f->q[i], n);
		f->qmask[i] = cp_mask(f->q[i], f->nq[i]);
		f->budget[i] = f->nq[i] > FUZZY_MAX_QUERY ? 0 : fuzzy_budget(f->nq[i]);
		if (n > maxq)
			maxq = n;
	}
	f->cap = maxq + 3;
	f->row0 = malloc((f->cap + 2) * sizeof(int));
	f->row1 = malloc((f->cap + 2) * sizeof(int));
	return f->row0 && f->row1 ? CT_OK : CT_ENOMEM;
}

/* Distance of the term string s to query string i when within the
 * query's budget, else -1.  Every test before the distance is O(1), so a
 * scan pays for the distance only on terms of about the query's length;
 * the budget FUZZY_MAX_EVAL counts those. */
static int fuzzy_dist(fuzzy *f, int i, cpstr *s)
{
	int k = f->budget[i];
	size_t n = s->nchars;
	if (k == 0 || f->evals >= FUZZY_MAX_EVAL)
		return -1;
	if ((n > f->nq[i] ? n - f->nq[i] : f->nq[i] - n) > (size_t)k || n + 1 > f->cap)
		return -1;
	f->evals++;
	if (!s->cp && cpstr_decode(s, f->arena) != CT_OK) {
		f->oom = 1;
		return -1;
	}
	/* a term is read up to cap code points, as its decoding always was;
	 * the mask bound holds for the whole term only */
	size_t nb = s->ncp < f->cap ? s->ncp : f->cap;
	if (nb == s->ncp &&
	    (popcount64(f->qmask[i] & ~s->mask) > k || popcount64(s->mask & ~f->qmask[i]) > k))
		return -1;
	int d = edit_distance(f->q[i], f->nq[i], s->cp, nb, k, f->row0, f->row1);
	return d <= k ? d : -1;
}

/* ------------------------------------------------------------ term table */

/*
 * The glossary as lookup reads it, loaded once per index handle and kept
 * in slot CT_AUX_TERM_TABLE (index.c drops it when the glossary or corpus
 * changes).  Reading the term table through SQL and recomputing each
 * cross-script term's coarse skeletons on every lookup was most of a
 * lookup's time in a batch; here every key classify() compares is made
 * once per handle, and each carries its hash, so that the comparisons of
 * a scan, nearly all unequal, are integer compares.
 */
typedef struct tkey {
	const char *s;
	uint64_t hash;
} tkey;

static tkey make_key(const char *s)
{
	tkey k = {s, ct_hash64(s, strlen(s))};
	return k;
}

static int key_eq(const tkey *a, const tkey *b)
{
	return a->hash == b->hash && strcmp(a->s, b->s) == 0;
}

/* A concept.  What an entry shows of it and its attestation query are
 * read the first time a lookup reports it (concept_load()): a lookup
 * reports a few concepts of the glossary's hundreds. */
typedef struct tconcept {
	sqlite3_int64 id;
	const char *slug;
	int loaded;           /* the fields below are read */
	const char *gloss_en, *definition, *domain, *note;
	const ct_term *terms; /* languages kk ru sr en, preferred first within each */
	size_t nterms;
	const char *fts;      /* a phrase per term's norm, OR'd; "" when none is usable */
} tconcept;

/*
 * A term with every key classify() compares.  The coarse skeletons are
 * made the first time a lookup needs them (derived): only a query in the
 * other script reads a term's coarse, only a Latin one its kcoarse, so a
 * one-off lookup (cyrterm term) does not pay for all of them.
 */
enum { DERIVED_COARSE = 1, DERIVED_KCOARSE = 2 };

typedef struct tterm {
	sqlite3_int64 id;
	tconcept *concept;
	ct_lang lang;
	int status;          /* status_rank() */
	ct_script script;    /* of norm */
	int stemmed;         /* lang has stem keys */
	int fold_differs;    /* fold is not norm */
	unsigned derived;    /* DERIVED_ bits: the keys below made so far */
	int have_coarse;     /* skel is not empty: coarse is its coarsen() */
	int have_kcoarse;    /* keys_coarse() of keys succeeded */
	tkey term, norm, fold, skel, keys, coarse, kcoarse;
	cpstr fz_norm, fz_fold, fz_coarse;
} tterm;

typedef struct term_table {
	ct_arena arena;      /* every string and array of the table */
	tconcept *concepts;  /* by id */
	size_t nconcepts;
	tterm *terms;        /* by id: the order a lookup scans them in */
	size_t nterms;
	ct_buf sk, scratch;  /* for deriving keys */
} term_table;

static void term_table_free(void *p)
{
	term_table *t = p;
	if (!t)
		return;
	ct_arena_free(&t->arena);
	free(t->concepts);
	free(t->terms);
	ct_buf_free(&t->sk);
	ct_buf_free(&t->scratch);
	free(t);
}

static int status_rank(const char *s)
{
	if (!s)
		return 1;
	if (strcmp(s, "preferred") == 0)
		return 0;
	if (strcmp(s, "deprecated") == 0)
		return 2;
	return 1;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

/* A column copied into the arena, or if_null (not copied) for NULL. */
static int col_dup(ct_arena *a, sqlite3_stmt *st, int i, const char *if_null, const char **out)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	if (!s) {
		*out = if_null;
		return CT_OK;
	}
	*out = ct_arena_strndup(a, s, strlen(s));
	return *out ? CT_OK : CT_ENOMEM;
}

static int str_dup(ct_arena *a, const char *s, size_t n, const char **out)
{
	*out = ct_arena_strndup(a, s, n);
	return *out ? CT_OK : CT_ENOMEM;
}

static tconcept *find_concept(const term_table *t, sqlite3_int64 id)
{
	size_t lo = 0, hi = t->nconcepts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->concepts[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->nconcepts && t->concepts[lo].id == id ? &t->concepts[lo] : NULL;
}

static int load_concepts(ct_index *idx, term_table *t)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = CT_OK, src;

	src = sqlite3_prepare_v2(ct_index_db(idx), "SELECT id, slug FROM concept ORDER BY id", -1, &st, NULL);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading the glossary");
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->nconcepts == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			tconcept *a = realloc(t->concepts, ncap * sizeof(*a));
			if (!a) {
				rc = CT_ENOMEM;
				goto done;
			}
			t->concepts = a;
			cap = ncap;
		}
		tconcept *c = &t->concepts[t->nconcepts];
		memset(c, 0, sizeof(*c));
		c->id = sqlite3_column_int64(st, 0);
		if ((rc = col_dup(&t->arena, st, 1, "", &c->slug)) != CT_OK)
			goto done;
		t->nconcepts++;
	}
	if (src != SQLITE_DONE)
		rc = ct_index_dberr(idx, src, "reading the glossary");
done:
	sqlite3_finalize(st);
	return rc;
}

/* The coarse skeleton of the term's skel (see tterm). */
static int derive_coarse(term_table *tab, tterm *t)
{
	int rc = CT_OK;
	if (t->derived & DERIVED_COARSE)
		return CT_OK;
	if (*t->skel.s) {
		tab->sk.n = 0;
		if ((rc = coarsen(&tab->sk, t->skel.s, strlen(t->skel.s))) != CT_OK ||
		    (rc = str_dup(&tab->arena, tab->sk.p ? tab->sk.p : "", tab->sk.n, &t->coarse.s)) != CT_OK) {
			ct_buf_free(&tab->sk); /* clears its oom for the next call */
			return rc;
		}
		t->coarse = make_key(t->coarse.s);
		cpstr_init(&t->fz_coarse, t->coarse.s);
		t->have_coarse = 1;
	}
	t->derived |= DERIVED_COARSE;
	return CT_OK;
}

/* The term's stem keys as coarse skeletons (see tterm). */
static int derive_kcoarse(term_table *tab, tterm *t)
{
	int rc;
	if (t->derived & DERIVED_KCOARSE)
		return CT_OK;
	rc = keys_coarse(&tab->sk, &tab->scratch, t->keys.s);
	if (rc == CT_OK) {
		rc = str_dup(&tab->arena, tab->sk.p, tab->sk.n, &t->kcoarse.s);
		if (rc == CT_OK) {
			t->kcoarse = make_key(t->kcoarse.s);
			t->have_kcoarse = 1;
		}
	} else if (rc == CT_EINVAL) {
		rc = CT_OK; /* a letter without a skeleton: never matches */
	}
	if (rc != CT_OK) {
		ct_buf_free(&tab->sk);
		ct_buf_free(&tab->scratch);
		return rc;
	}
	t->derived |= DERIVED_KCOARSE;
	return CT_OK;
}

/* The terms of the concepts in the table (the join the scan always made),
 * in id order: the order hits are found in, which FUZZY_MAX_EVAL makes
 * matter. */
static int load_terms(ct_index *idx, term_table *t)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = CT_OK, src;

	src = sqlite3_prepare_v2(ct_index_db(idx),
	                         "SELECT id, concept, lang, status, term, norm, fold, skel, keys FROM term ORDER BY id",
	                         -1, &st, NULL);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading the glossary");
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->nterms == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			tterm *a = realloc(t->terms, ncap * sizeof(*a));
			if (!a) {
				rc = CT_ENOMEM;
				goto done;
			}
			t->terms = a;
			cap = ncap;
		}
		tterm *tt = &t->terms[t->nterms];
		memset(tt, 0, sizeof(*tt));
		tt->id = sqlite3_column_int64(st, 0);
		tt->concept = find_concept(t, sqlite3_column_int64(st, 1));
		if (!tt->concept)
			continue;
		if ((rc = col_dup(&t->arena, st, 4, "", &tt->term.s)) != CT_OK ||
		    (rc = col_dup(&t->arena, st, 5, "", &tt->norm.s)) != CT_OK ||
		    (rc = col_dup(&t->arena, st, 6, "", &tt->fold.s)) != CT_OK ||
		    (rc = col_dup(&t->arena, st, 7, "", &tt->skel.s)) != CT_OK ||
		    (rc = col_dup(&t->arena, st, 8, "", &tt->keys.s)) != CT_OK)
			goto done;
		tt->lang = ct_lang_from_code(col_text(st, 2), (size_t)sqlite3_column_bytes(st, 2));
		tt->status = status_rank((const char *)sqlite3_column_text(st, 3));
		tt->term = make_key(tt->term.s);
		tt->norm = make_key(tt->norm.s);
		tt->fold = make_key(tt->fold.s);
		tt->skel = make_key(tt->skel.s);
		tt->keys = make_key(tt->keys.s);
		tt->script = ct_word_script(tt->norm.s, strlen(tt->norm.s));
		tt->stemmed = tt->lang >= CT_LANG_KK && tt->lang < NKEYS;
		tt->fold_differs = strcmp(tt->fold.s, tt->norm.s) != 0;
		cpstr_init(&tt->fz_norm, tt->norm.s);
		cpstr_init(&tt->fz_fold, tt->fold.s);
		t->nterms++;
	}
	if (src != SQLITE_DONE)
		rc = ct_index_dberr(idx, src, "reading the glossary");
done:
	sqlite3_finalize(st);
	return rc;
}

/* The handle's term table, loaded on first use. */
static int term_table_get(ct_index *idx, term_table **out)
{
	term_table *t = ct_index_aux(idx, CT_AUX_TERM_TABLE);
	int rc;
	if (t) {
		*out = t;
		return CT_OK;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return CT_ENOMEM;
	rc = load_concepts(idx, t);
	if (rc == CT_OK)
		rc = load_terms(idx, t);
	if (rc != CT_OK) {
		term_table_free(t);
		return rc;
	}
	ct_index_set_aux(idx, CT_AUX_TERM_TABLE, t, term_table_free);
	*out = t;
	return CT_OK;
}

/*
 * Reads the concept's fields and all its terms, languages in the order kk
 * ru sr en, preferred first within each, into the table.  The terms'
 * norms make the concept's attestation query.
 */
static int concept_load(ct_index *idx, term_table *tab, tconcept *cp)
{
	sqlite3_stmt *st = NULL;
	ct_term *terms = NULL;
	ct_buf fts = {0};
	size_t n = 0, cap = 0;
	int rc = CT_OK, src;

	if (cp->loaded)
		return CT_OK;
	src = ct_index_prepare(idx, "SELECT gloss_en, def, domain, note FROM concept WHERE id = ?", &st);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading a concept");
	sqlite3_bind_int64(st, 1, cp->id);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    ((rc = col_dup(&tab->arena, st, 0, "", &cp->gloss_en)) != CT_OK ||
	     (rc = col_dup(&tab->arena, st, 1, NULL, &cp->definition)) != CT_OK ||
	     (rc = col_dup(&tab->arena, st, 2, NULL, &cp->domain)) != CT_OK ||
	     (rc = col_dup(&tab->arena, st, 3, NULL, &cp->note)) != CT_OK))
		goto done;
	ct_index_release(idx, st);
	st = NULL;

	src = ct_index_prepare(idx,
	                       "SELECT term, lang, status, type, pos, note, norm FROM term WHERE concept = ?"
	                       " ORDER BY CASE lang WHEN 'kk' THEN 0 WHEN 'ru' THEN 1 WHEN 'sr' THEN 2"
	                       " WHEN 'en' THEN 3 ELSE 4 END, lang,"
	                       " CASE status WHEN 'preferred' THEN 0 WHEN 'deprecated' THEN 2 ELSE 1 END,"
	                       " seq, id",
	                       &st);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "reading a concept's terms");
		goto done;
	}
	sqlite3_bind_int64(st, 1, cp->id);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			ct_term *grown = realloc(terms, ncap * sizeof(*grown));
			if (!grown) {
				rc = CT_ENOMEM;
				goto done;
			}
			terms = grown;
			cap = ncap;
		}
		ct_term *t = &terms[n++];
		if ((rc = col_dup(&tab->arena, st, 0, "", &t->term)) != CT_OK ||
		    (rc = col_dup(&tab->arena, st, 1, "", &t->lang)) != CT_OK ||
		    (rc = col_dup(&tab->arena, st, 2, "admitted", &t->status)) != CT_OK ||
		    (rc = col_dup(&tab->arena, st, 3, "full", &t->type)) != CT_OK ||
		    (rc = col_dup(&tab->arena, st, 4, "", &t->pos)) != CT_OK ||
		    (rc = col_dup(&tab->arena, st, 5, NULL, &t->note)) != CT_OK)
			goto done;
		/* "w1 w2" OR "w3": a phrase per term, every form of each word.
		 * A norm is normalised words and spaces only, nothing FTS5
		 * would read as syntax. */
		const char *norm = col_text(st, 6);
		if (*norm && !strchr(norm, '"')) {
			if (fts.n)
				ct_buf_puts(&fts, " OR ");
			ct_buf_puts(&fts, "\"");
			ct_buf_puts(&fts, norm);
			ct_buf_puts(&fts, "\"");
		}
	}
	if (src != SQLITE_DONE) {
		rc = ct_index_dberr(idx, src, "reading a concept's terms");
		goto done;
	}
	if (fts.oom) {
		rc = CT_ENOMEM;
		goto done;
	}
	if ((rc = str_dup(&tab->arena, fts.p ? fts.p : "", fts.n, &cp->fts)) != CT_OK)
		goto done;
	if (n > 0) {
		ct_term *copy = ct_arena_alloc(&tab->arena, n * sizeof(*copy));
		if (!copy) {
			rc = CT_ENOMEM;
			goto done;
		}
		memcpy(copy, terms, n * sizeof(*copy));
		cp->terms = copy;
	}
	cp->nterms = n;
	cp->loaded = 1;
done:
	ct_index_release(idx, st);
	free(terms);
	ct_buf_free(&fts);
	return rc;
}

/* -------------------------------------------------------------- ranking */

typedef struct hit {
	const tterm *t;
	ct_match_kind kind;
	int sub; /* within the kind, lower is closer */
} hit;

typedef struct hits {
	hit *a;
	size_t n, cap;
} hits;

/* Match kind, then closeness within it, then the matched term's status,
 * then the concept id and term id so that equal matches keep one order. */
static int cmp_rank(const hit *a, const hit *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	if (a->t->status != b->t->status)
		return a->t->status < b->t->status ? -1 : 1;
	int c = strcmp(a->t->concept->slug, b->t->concept->slug);
	if (c)
		return c;
	return a->t->id < b->t->id ? -1 : a->t->id > b->t->id;
}

static int cmp_hit(const void *pa, const void *pb)
{
	return cmp_rank(pa, pb);
}

static int cmp_hit_concept(const void *pa, const void *pb)
{
	const hit *a = pa, *b = pb;
	if (a->t->concept->id != b->t->concept->id)
		return a->t->concept->id < b->t->concept->id ? -1 : 1;
	return cmp_rank(a, b);
}

typedef struct lookup_ctx {
	const char *text;   /* trimmed query */
	const qform *q;     /* the query */
	const qform *tq;    /* the query for romanisation keys */
	ct_script script;
	int no_fuzzy;
	term_table *tab;    /* the handle's, whose terms derive keys as needed */
	fuzzy fz;
	ct_buf scratch;
	/* a Latin query's stems read as Kazakh and as Russian, coarse */
	ct_buf latin_keys[NKEYS];
	int have_latin_keys[NKEYS];
	/* the strings above as keys, to compare with the term table's */
	tkey k_text, k_norm, k_fold, k_skel, k_keys[NKEYS], k_coarse[NCOARSE], k_latin[NKEYS];
} lookup_ctx;

static void ctx_keys(lookup_ctx *c)
{
	c->k_text = make_key(c->text);
	c->k_norm = make_key(c->q->norm.p);
	c->k_fold = make_key(c->q->fold.p);
	c->k_skel = make_key(c->q->skel.p);
	for (int l = CT_LANG_KK; l < NKEYS; l++) {
		c->k_keys[l] = make_key(c->q->keys[l].p);
		if (c->have_latin_keys[l])
			c->k_latin[l] = make_key(c->latin_keys[l].p);
	}
	for (int v = 0; v < NCOARSE; v++)
		c->k_coarse[v] = make_key(c->tq->coarse[v].p);
}

/*
 * How the query matches one term, the loosest way last.  A match across
 * scripts is translit even where the stems agree: Serbian stems are Latin
 * whatever the script (Snowball), so «intelektualna svojina» and
 * интелектуална својина share keys, but what the user did was type the
 * other script.  Returns 1 when the term matches, 0 when not, or a
 * negative status.
 */
static int classify(lookup_ctx *c, tterm *t, ct_match_kind *kind, int *sub)
{
	const qform *q = c->q, *tq = c->tq;
	int rc, cross = c->script != CT_SCRIPT_OTHER && t->script != CT_SCRIPT_OTHER && t->script != c->script;

	*sub = 0;
	if (key_eq(&t->term, &c->k_text)) {
		*kind = CT_MATCH_EXACT;
		return 1;
	}
	if (key_eq(&t->norm, &c->k_norm) || key_eq(&t->fold, &c->k_fold)) {
		*kind = CT_MATCH_NORMALIZED;
		*sub = key_eq(&t->norm, &c->k_norm) ? 0 : 1;
		return 1;
	}
	if (!cross && t->stemmed && key_eq(&t->keys, &c->k_keys[t->lang])) {
		*kind = CT_MATCH_STEM;
		return 1;
	}
	if (cross) {
		*kind = CT_MATCH_TRANSLIT;
		if (q->skel_ok && *t->skel.s && key_eq(&t->skel, &c->k_skel))
			return 1;
		if ((rc = derive_coarse(c->tab, t)) != CT_OK)
			return rc;
		if (t->have_coarse) {
			for (int v = 0; v < NCOARSE; v++) {
				if (v == 1 && !tq->has_j)
					break;
				if (tq->coarse_ok[v] && key_eq(&t->coarse, &c->k_coarse[v])) {
					*sub = 1;
					return 1;
				}
			}
		}
		if (t->stemmed && key_eq(&t->keys, &c->k_keys[t->lang])) {
			*sub = 2;
			return 1;
		}
		if (t->stemmed && c->have_latin_keys[t->lang]) {
			if ((rc = derive_kcoarse(c->tab, t)) != CT_OK)
				return rc;
			if (t->have_kcoarse && key_eq(&t->kcoarse, &c->k_latin[t->lang])) {
				*sub = 2;
				return 1;
			}
		}
	}
	if (c->no_fuzzy)
		return 0;
	int best = -1;
	if (!cross) {
		best = fuzzy_dist(&c->fz, 0, &t->fz_norm);
		if (best != 0 && t->fold_differs) {
			int d = fuzzy_dist(&c->fz, 1, &t->fz_fold);
			if (d >= 0 && (best < 0 || d < best))
				best = d;
		}
	} else if (t->have_coarse) {
		for (int v = 0; v < NCOARSE; v++) {
			if ((v == 1 && !tq->has_j) || !tq->coarse_ok[v])
				continue;
			int d = fuzzy_dist(&c->fz, 2 + v, &t->fz_coarse);
			if (d >= 0 && (best < 0 || d < best))
				best = d;
		}
	}
	if (c->fz.oom)
		return CT_ENOMEM;
	if (best >= 0) {
		*kind = CT_MATCH_FUZZY;
		*sub = best;
		return 1;
	}
	return 0;
}

/* Reads a Latin query as Kazakh Latin and as BGN Russian, stems each
 * reading with its language's stemmer, and keeps the stems as coarse
 * skeletons for classify(). */
static int latin_keys(lookup_ctx *c, ct_analyzer *an)
{
	ct_buf cyr = {0};
	int rc = CT_OK;
	for (int l = CT_LANG_KK; l <= CT_LANG_RU; l++) {
		qform f;
		memset(&f, 0, sizeof(f));
		rc = l == CT_LANG_KK
		     ? romanised_to_cyrillic(&cyr, c->tq->norm.p, kk_latin, sizeof(kk_latin) / sizeof(kk_latin[0]), 0)
		     : romanised_to_cyrillic(&cyr, c->tq->norm.p, ru_latin, sizeof(ru_latin) / sizeof(ru_latin[0]), 1);
		if (rc == CT_OK)
			rc = qform_build(&f, an, cyr.p, cyr.n);
		if (rc == CT_OK && f.nwords == c->tq->nwords) {
			rc = keys_coarse(&c->latin_keys[l], &c->scratch, f.keys[l].p);
			c->have_latin_keys[l] = rc == CT_OK;
			if (rc == CT_EINVAL)
				rc = CT_OK;
		}
		qform_free(&f);
		if (rc != CT_OK)
			break;
	}
	ct_buf_free(&cyr);
	return rc;
}

/* One pass over the term table, in term id order: every matching term
 * becomes a hit. */
static int find_hits(lookup_ctx *c, unsigned lang_mask, hits *out)
{
	for (size_t i = 0; i < c->tab->nterms; i++) {
		tterm *t = &c->tab->terms[i];
		ct_match_kind kind;
		int sub, rc;
		if (lang_mask && (t->lang == CT_LANG_UND || !(lang_mask & CT_LANGBIT(t->lang))))
			continue;
		rc = classify(c, t, &kind, &sub);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 16;
			hit *a = realloc(out->a, cap * sizeof(*a));
			if (!a)
				return CT_ENOMEM;
			out->a = a;
			out->cap = cap;
		}
		hit *h = &out->a[out->n++];
		h->t = t;
		h->kind = kind;
		h->sub = sub;
	}
	return CT_OK;
}

/* Keeps each concept's best hit, best first. */
static void best_per_concept(hits *h)
{
	size_t k = 0;
	if (h->n == 0)
		return;
	qsort(h->a, h->n, sizeof(*h->a), cmp_hit_concept);
	for (size_t i = 0; i < h->n; i++) {
		if (k > 0 && h->a[k - 1].t->concept == h->a[i].t->concept)
			continue;
		h->a[k++] = h->a[i];
	}
	h->n = k;
	qsort(h->a, h->n, sizeof(*h->a), cmp_hit);
}

/* ---------------------------------------------------------------- entries */

static const char *adup(ct_arena *a, const char *s)
{
	return s ? ct_arena_strndup(a, s, strlen(s)) : NULL;
}

/* The concept's fields and all its terms, copied from the term table:
 * the result owns what it points to, and may outlive the table. */
static int put_concept(ct_lookup *r, ct_entry *e, const tconcept *cp)
{
	ct_arena *a = &r->arena;
	e->gloss_en = adup(a, cp->gloss_en);
	e->definition = adup(a, cp->definition);
	e->domain = adup(a, cp->domain);
	e->note = adup(a, cp->note);
	if ((cp->gloss_en && !e->gloss_en) || (cp->definition && !e->definition) ||
	    (cp->domain && !e->domain) || (cp->note && !e->note))
		return CT_ENOMEM;
	if (cp->nterms > 0) {
		ct_term *terms = ct_arena_alloc(a, cp->nterms * sizeof(*terms));
		if (!terms)
			return CT_ENOMEM;
		for (size_t i = 0; i < cp->nterms; i++) {
			const ct_term *s = &cp->terms[i];
			ct_term *t = &terms[i];
			t->term = adup(a, s->term);
			t->lang = adup(a, s->lang);
			t->status = adup(a, s->status);
			t->type = adup(a, s->type);
			t->pos = adup(a, s->pos);
			t->note = adup(a, s->note);
			if (!t->term || !t->lang || !t->status || !t->type || !t->pos || (s->note && !t->note))
				return CT_ENOMEM;
		}
		e->terms = terms;
	}
	e->nterms = cp->nterms;
	return CT_OK;
}

/* Copies s[from..to) with every whitespace run made one space, so that a
 * KWIC line stays one line. */
static const char *one_line(ct_arena *a, const char *s, size_t from, size_t to)
{
	char *o = ct_arena_alloc(a, to - from + 1);
	size_t k = 0;
	if (!o)
		return NULL;
	for (size_t i = from; i < to; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v')
			c = ' ';
		if (c == ' ' && k > 0 && o[k - 1] == ' ')
			continue;
		o[k++] = c;
	}
	o[k] = '\0';
	return o;
}

/* Steps back / forward over up to ncp code points of s[0..n). */
static size_t back_cp(const char *s, size_t i, size_t ncp)
{
	while (i > 0 && ncp-- > 0) {
		i--;
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
	}
	return i;
}

static size_t fwd_cp(const char *s, size_t n, size_t i, size_t ncp)
{
	while (i < n && ncp-- > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static int space_at(const char *s, size_t i)
{
	return s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
}

/* Where the left context of a match starting at `start` begins: about
 * KWIC_CONTEXT code points back, without the cut word at the edge when
 * there is a whole word to show («пайдалану мен құқықтарын қорғау», not
 * «еншікті пайдалану ...»). */
static size_t left_edge(const char *s, size_t start)
{
	size_t from = back_cp(s, start, KWIC_CONTEXT), p = from;
	if (from == 0 || space_at(s, from - 1))
		return from;
	while (p < start && !space_at(s, p))
		p++;
	return p < start ? p + 1 : from;
}

static size_t right_edge(const char *s, size_t n, size_t end)
{
	size_t to = fwd_cp(s, n, end, KWIC_CONTEXT), p = to;
	if (to >= n || space_at(s, to))
		return to;
	while (p > end && !space_at(s, p - 1))
		p--;
	return p > end ? p - 1 : to;
}

/* KWIC lines waiting per language, to be interleaved. */
enum { B_KK, B_RU, B_SR, B_OTHER, NBUCKET };

typedef struct kwic_list {
	ct_kwic *a;
	size_t n;
} kwic_list;

static int lang_bucket(const char *lang)
{
	if (strcmp(lang, "kk") == 0)
		return B_KK;
	if (strcmp(lang, "ru") == 0)
		return B_RU;
	if (strcmp(lang, "sr") == 0)
		return B_SR;
	return B_OTHER;
}

/* The concept's span in a passage: 1 when found, 0 when not, or a
 * negative status.  Every term of the passage counts, also one inside a
 * longer term: «заштиту интелектуалне својине» (003_, line 10) attests
 * интелектуална својина. */
static int find_concept_in(ct_matcher *m, ct_analyzer *a, const char *text, size_t n, sqlite3_int64 concept,
                           size_t *start, size_t *end)
{
	ct_tspan *spans = NULL;
	size_t nspans = 0;
	int rc = ct_matcher_find_each(m, a, text, n, &spans, &nspans), found = 0;
	if (rc != CT_OK)
		return rc;
	for (size_t i = 0; i < nspans && !found; i++) {
		if (spans[i].concept_id == concept) {
			*start = spans[i].start;
			*end = spans[i].end;
			found = 1;
		}
	}
	free(spans);
	return found;
}

/* ------------------------------------------------------------ attestations */

/*
 * A concept's attestations, kept per index handle in slot
 * CT_AUX_ATTESTATIONS (index.c drops them when the corpus or glossary
 * changes).  The indexer finds them (attest.c) and a lookup reads a row
 * per document; when the glossary changed since, an FTS5 query finds
 * candidates and the matcher confirms each.  The first `asked` lines of
 * each language are kept, which serves any kwic_limit up to the largest
 * asked so far.
 */
typedef struct attested {
	sqlite3_int64 concept;
	size_t asked;             /* KWIC lines per language it was found for */
	long total[NBUCKET];      /* passages of each language using the concept */
	kwic_list lines[NBUCKET]; /* the first min(asked, total) of each, in corpus order */
	size_t cap[NBUCKET];
	ct_arena arena;           /* the lines' strings */
} attested;

static void attested_free(attested *at)
{
	if (!at)
		return;
	for (int b = 0; b < NBUCKET; b++)
		free(at->lines[b].a);
	ct_arena_free(&at->arena);
	free(at);
}

/* Every line of every language is kept: any kwic_limit is served. */
static int attested_complete(const attested *at)
{
	for (int b = 0; b < NBUCKET; b++)
		if ((long)at->lines[b].n < at->total[b])
			return 0;
	return 1;
}

/* Open addressing on the concept id, at most half full. */
typedef struct att_cache {
	attested **slot;
	size_t cap, n; /* cap is a power of two */
} att_cache;

static void att_cache_free(void *p)
{
	att_cache *c = p;
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++)
		attested_free(c->slot[i]);
	free(c->slot);
	free(c);
}

static attested **att_slot(att_cache *c, sqlite3_int64 concept)
{
	size_t i = (size_t)(((uint64_t)concept * 0x9E3779B97F4A7C15ULL) >> 32) & (c->cap - 1);
	while (c->slot[i] && c->slot[i]->concept != concept)
		i = (i + 1) & (c->cap - 1);
	return &c->slot[i];
}

static int att_cache_reserve(att_cache *c)
{
	attested **old = c->slot;
	size_t ocap = c->cap;
	if ((c->n + 1) * 2 <= c->cap)
		return CT_OK;
	c->slot = calloc(ocap ? ocap * 2 : 64, sizeof(*c->slot));
	if (!c->slot) {
		c->slot = old;
		return CT_ENOMEM;
	}
	c->cap = ocap ? ocap * 2 : 64;
	for (size_t i = 0; i < ocap; i++)
		if (old[i])
			*att_slot(c, old[i]->concept) = old[i];
	free(old);
	return CT_OK;
}

/* Room for one more KWIC line of bucket b, or NULL when out of memory. */
static ct_kwic *kwic_slot(attested *at, int b)
{
	kwic_list *kl = &at->lines[b];
	if (kl->n == at->cap[b]) {
		size_t cap = at->cap[b] ? at->cap[b] * 2 : 8;
		if (cap > at->asked)
			cap = at->asked;
		ct_kwic *grown = realloc(kl->a, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		kl->a = grown;
		at->cap[b] = cap;
	}
	return &kl->a[kl->n];
}

/* Fills a KWIC line from a passage's text and the span in it. */
static int kwic_fill(attested *at, ct_kwic *k, const char *doc, const char *lang, const char *text, size_t n,
                     size_t hs, size_t he, long line)
{
	k->line = line;
	k->doc = adup(&at->arena, doc);
	k->lang = adup(&at->arena, lang);
	k->left = one_line(&at->arena, text, left_edge(text, hs), hs);
	k->match = one_line(&at->arena, text, hs, he);
	k->right = one_line(&at->arena, text, he, right_edge(text, n, he));
	return k->doc && k->lang && k->left && k->match && k->right ? CT_OK : CT_ENOMEM;
}

typedef struct stored_ctx {
	ct_index *idx;
	ct_analyzer *an;
	attested *at;
} stored_ctx;

/* The passages of one document past the CT_ATTEST_KEEP stored: matched
 * again, for a lookup that asks for more lines than were kept. */
static int more_lines(stored_ctx *c, sqlite3_int64 doc, const char *path, const char *lang, int b)
{
	attested *at = c->at;
	ct_matcher *m = NULL;
	sqlite3_stmt *st = NULL;
	long found = 0;
	int rc = ct_index_matcher(c->idx, &m), src;
	if (rc != CT_OK)
		return rc;
	src = ct_index_prepare(c->idx, "SELECT line, text FROM passage WHERE doc = ?1 AND lang = ?2 ORDER BY id", &st);
	if (src != SQLITE_OK)
		return ct_index_dberr(c->idx, src, "reading attestations");
	sqlite3_bind_int64(st, 1, doc);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	while (rc == CT_OK && at->lines[b].n < at->asked && sqlite3_step(st) == SQLITE_ROW) {
		const char *text = col_text(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1), hs = 0, he = 0;
		rc = find_concept_in(m, c->an, text, n, at->concept, &hs, &he);
		if (rc <= 0)
			continue;
		rc = CT_OK;
		if (++found <= CT_ATTEST_KEEP)
			continue; /* stored, and quoted already */
		ct_kwic *k = kwic_slot(at, b);
		rc = k ? kwic_fill(at, k, path, lang, text, n, hs, he,
		                   ct_attest_line(text, hs, (long)sqlite3_column_int64(st, 0)))
		       : CT_ENOMEM;
		if (rc == CT_OK)
			at->lines[b].n++;
	}
	ct_index_release(c->idx, st);
	return rc;
}

/* One document's row of the attest table: its count, and its first
 * quoted passages while the language still wants lines. */
static int on_stored(void *ctx, sqlite3_int64 doc, const char *path, const char *lang, long n, const char *lines)
{
	stored_ctx *c = ctx;
	attested *at = c->at;
	int b = lang_bucket(lang), rc = CT_OK;
	const char *p = lines;

	at->total[b] += n;
	while (*p && at->lines[b].n < at->asked && rc == CT_OK) {
		long long pid;
		unsigned long long hs, he;
		long line;
		int used = 0;
		if (sscanf(p, "%lld %llu %llu %ld%n", &pid, &hs, &he, &line, &used) != 4)
			break;
		p += used;
		if (*p == ';')
			p++;
		sqlite3_stmt *st = NULL;
		int src = ct_index_prepare(c->idx, "SELECT text FROM passage WHERE id = ?1", &st);
		if (src != SQLITE_OK)
			return ct_index_dberr(c->idx, src, "reading attestations");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)pid);
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *text = col_text(st, 0);
			size_t tn = (size_t)sqlite3_column_bytes(st, 0);
			if (hs < he && he <= tn) {
				ct_kwic *k = kwic_slot(at, b);
				rc = k ? kwic_fill(at, k, path, lang, text, tn, (size_t)hs, (size_t)he, line) : CT_ENOMEM;
				if (rc == CT_OK)
					at->lines[b].n++;
			}
		}
		ct_index_release(c->idx, st);
	}
	if (rc == CT_OK && at->lines[b].n < at->asked && n > CT_ATTEST_KEEP)
		rc = more_lines(c, doc, path, lang, b);
	return rc;
}

static int on_sum_total(void *ctx, const char *lang, long n)
{
	stored_ctx *c = ctx;
	c->at->total[lang_bucket(lang)] += n;
	return CT_OK;
}

static int on_sum_line(void *ctx, const char *path, const char *lang, sqlite3_int64 passage, size_t hs,
                       size_t he, long line)
{
	stored_ctx *c = ctx;
	attested *at = c->at;
	int b = lang_bucket(lang), rc = CT_OK;
	sqlite3_stmt *st = NULL;
	if (at->lines[b].n >= at->asked)
		return CT_OK;
	int src = ct_index_prepare(c->idx, "SELECT text FROM passage WHERE id = ?1", &st);
	if (src != SQLITE_OK)
		return ct_index_dberr(c->idx, src, "reading attestations");
	sqlite3_bind_int64(st, 1, passage);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *text = col_text(st, 0);
		size_t tn = (size_t)sqlite3_column_bytes(st, 0);
		if (hs < he && he <= tn) {
			ct_kwic *k = kwic_slot(at, b);
			rc = k ? kwic_fill(at, k, path, lang, text, tn, hs, he, line) : CT_ENOMEM;
			if (rc == CT_OK)
				at->lines[b].n++;
		}
	}
	ct_index_release(c->idx, st);
	return rc;
}

/* The attestations the indexer found (attest.c): the sums of the concept,
 * or, for more lines than they keep, one row per document. */
static int attest_stored(ct_index *idx, ct_analyzer *a, const tconcept *cp, size_t limit, attested *at)
{
	stored_ctx c = {idx, a, at};
	int rc;
	at->concept = cp->id;
	at->asked = limit;
	if (limit <= CT_ATTEST_KEEP) {
		rc = ct_attest_read_sum(idx, cp->id, on_sum_total, on_sum_line, &c);
		if (rc != 0)
			return rc < 0 ? rc : CT_OK;
	}
	return ct_attest_read(idx, cp->id, on_stored, &c);
}

/*
 * Counts and quotes the passages that use any term of the concept.  FTS5
 * finds candidates with a phrase per term over every form of its words
 * (stems included, so «инновациялық қызметтің» is found for the term
 * инновациялық қызмет); the matcher then confirms each candidate and gives
 * the exact span, since a phrase of stems also matches words the glossary
 * would not take for the term (the Russian abbreviation ИС and the Kazakh
 * «іске» share the forms ис and #ис).
 */
static int attest_find(ct_index *idx, ct_analyzer *a, const tconcept *cp, size_t limit, attested *at)
{
	sqlite3_stmt *st = NULL;
	ct_matcher *m = NULL;
	int rc, src;

	at->concept = cp->id;
	at->asked = limit;
	rc = ct_index_matcher(idx, &m);
	if (rc != CT_OK)
		return rc;
	src = ct_index_prepare(idx,
	                       "SELECT p.lang, p.line, p.text, d.path FROM fts"
	                       " JOIN passage p ON p.id = fts.rowid JOIN doc d ON d.id = p.doc"
	                       " WHERE fts MATCH ?1 ORDER BY d.path, p.line, p.id",
	                       &st);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "finding attestations");
		goto done;
	}
	sqlite3_bind_text(st, 1, cp->fts, -1, SQLITE_STATIC);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *lang = col_text(st, 0);
		const char *text = col_text(st, 2);
		size_t n = (size_t)sqlite3_column_bytes(st, 2);
		size_t hs = 0, he = 0;
		rc = find_concept_in(m, a, text, n, cp->id, &hs, &he);
		if (rc < 0)
			goto done;
		if (rc == 0)
			continue;
		rc = CT_OK;
		int b = lang_bucket(lang);
		kwic_list *kl = &at->lines[b];
		at->total[b]++;
		if (kl->n >= limit)
			continue;
		ct_kwic *k = kwic_slot(at, b);
		rc = k ? kwic_fill(at, k, col_text(st, 3), lang, text, n, hs, he,
		                   ct_attest_line(text, hs, (long)sqlite3_column_int64(st, 1)))
		       : CT_ENOMEM;
		if (rc != CT_OK)
			goto done;
		kl->n++;
	}
	if (src != SQLITE_DONE)
		rc = ct_index_dberr(idx, src, "finding attestations");
done:
	ct_index_release(idx, st);
	return rc;
}

/* The concept's attestations with at least kwic_limit lines per language
 * (or all of them), from the handle's cache or found and cached. */
static int attestations(ct_index *idx, ct_analyzer *a, const tconcept *cp, size_t kwic_limit,
                        const attested **out)
{
	att_cache *c = ct_index_aux(idx, CT_AUX_ATTESTATIONS);
	attested **slot, *at;
	int rc;

	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c)
			return CT_ENOMEM;
		ct_index_set_aux(idx, CT_AUX_ATTESTATIONS, c, att_cache_free);
	}
	if (att_cache_reserve(c) != CT_OK)
		return CT_ENOMEM;
	slot = att_slot(c, cp->id);
	if (*slot && ((*slot)->asked >= kwic_limit || attested_complete(*slot))) {
		*out = *slot;
		return CT_OK;
	}
	at = calloc(1, sizeof(*at));
	if (!at)
		return CT_ENOMEM;
	/* found by the indexer when they hold for today's glossary, else
	 * matched here */
	rc = ct_attest_fresh(idx);
	if (rc == 1)
		rc = attest_stored(idx, a, cp, kwic_limit, at);
	else if (rc == 0)
		rc = attest_find(idx, a, cp, kwic_limit, at);
	if (rc != CT_OK) {
		attested_free(at);
		return rc;
	}
	if (*slot)
		attested_free(*slot); /* found for a smaller kwic_limit */
	else
		c->n++;
	*slot = at;
	*out = at;
	return CT_OK;
}

/* Counts and KWIC lines of an entry, copied from the cache.  One line per
 * language in turn: a Kazakh-heavy corpus still shows the Serbian use. */
static int put_attestations(ct_lookup *r, ct_entry *e, const attested *at, size_t kwic_limit)
{
	size_t n[NBUCKET], sum = 0, nout = 0;
	ct_kwic *out;

	e->count_kk = at->total[B_KK];
	e->count_ru = at->total[B_RU];
	e->count_sr = at->total[B_SR];
	for (int b = 0; b < NBUCKET; b++) {
		n[b] = at->lines[b].n < kwic_limit ? at->lines[b].n : kwic_limit;
		sum += n[b];
	}
	out = ct_arena_alloc(&r->arena, (sum > 0 ? sum : 1) * sizeof(*out));
	if (!out)
		return CT_ENOMEM;
	for (size_t round = 0; nout < kwic_limit && round < kwic_limit; round++) {
		for (int b = 0; b < NBUCKET && nout < kwic_limit; b++) {
			if (round >= n[b])
				continue;
			const ct_kwic *s = &at->lines[b].a[round];
			ct_kwic *k = &out[nout++];
			k->line = s->line;
			k->doc = adup(&r->arena, s->doc);
			k->lang = adup(&r->arena, s->lang);
			k->left = adup(&r->arena, s->left);
			k->match = adup(&r->arena, s->match);
			k->right = adup(&r->arena, s->right);
			if (!k->doc || !k->lang || !k->left || !k->match || !k->right)
				return CT_ENOMEM;
		}
	}
	e->kwic = out;
	e->nkwic = nout;
	return CT_OK;
}

/* ----------------------------------------------------------------- lookup */

static int lookup(ct_lookup **out, ct_index *idx, const char *query, size_t n, const ct_lookup_opts *opts)
{
	ct_lookup *r = NULL;
	ct_analyzer *an = NULL;
	char *text = NULL, *clean = NULL;
	qform q, tq;
	int have_tq = 0;
	lookup_ctx c;
	hits h = {0};
	size_t bad = 0, limit, kwic_limit, clean_n = 0, nentries;
	int rc;

	if (!out)
		return CT_EINVAL;
	*out = NULL;
	if (!idx || (!query && n > 0))
		return CT_EINVAL;
	if ((rc = ct_index_check_fresh(idx)) != CT_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	memset(&tq, 0, sizeof(tq));
	memset(&c, 0, sizeof(c));
	limit = opts && opts->limit ? opts->limit : DEFAULT_LIMIT;
	kwic_limit = opts && opts->kwic_limit ? opts->kwic_limit : DEFAULT_KWIC;
	if (kwic_limit > MAX_KWIC)
		kwic_limit = MAX_KWIC;

	if (n > 0 && ct_utf8_validate(query, n, &bad) != CT_OK)
		return ct_index_fail(idx, CT_EUTF8, "term query: invalid UTF-8 at byte %zu", bad);
	text = trim_query(query ? query : "", n);
	if (!text) {
		rc = CT_ENOMEM;
		goto done;
	}
	rc = ct_index_analyzer(idx, &an);
	if (rc != CT_OK)
		goto done;
	rc = qform_build(&q, an, text, strlen(text));
	if (rc != CT_OK)
		goto done;
	if (q.nwords == 0) {
		rc = *text ? ct_index_fail(idx, CT_ESYNTAX, "term query \"%s\" has no words to look up", text)
		           : ct_index_fail(idx, CT_ESYNTAX, "empty term query: give a term to look up");
		goto done;
	}
	clean = drop_apostrophes(text, strlen(text), &clean_n);
	if (clean) {
		rc = qform_build(&tq, an, clean, clean_n);
		if (rc != CT_OK)
			goto done;
		have_tq = 1;
	}

	c.text = text;
	c.q = &q;
	c.tq = have_tq ? &tq : &q;
	c.script = qform_script(&q);
	c.no_fuzzy = opts && opts->no_fuzzy;
	if (c.script == CT_SCRIPT_LATIN) {
		rc = latin_keys(&c, an);
		if (rc != CT_OK)
			goto done;
	}
	ctx_keys(&c);
	rc = term_table_get(idx, &c.tab);
	if (rc != CT_OK)
		goto done;
	rc = fuzzy_init(&c.fz, c.q, c.tq, &c.tab->arena);
	if (rc != CT_OK)
		goto done;
	rc = find_hits(&c, opts ? opts->lang_mask : 0, &h);
	if (rc != CT_OK)
		goto done;
	best_per_concept(&h);

	r = calloc(1, sizeof(*r));
	if (!r) {
		rc = CT_ENOMEM;
		goto done;
	}
	nentries = h.n < limit ? h.n : limit;
	if (nentries > 0) {
		r->entries = calloc(nentries, sizeof(*r->entries));
		if (!r->entries) {
			rc = CT_ENOMEM;
			goto done;
		}
	}
	for (size_t i = 0; i < nentries; i++) {
		const hit *hh = &h.a[i];
		tconcept *cp = hh->t->concept;
		ct_entry *e = &r->entries[i];
		e->concept = adup(&r->arena, cp->slug);
		e->matched_term = adup(&r->arena, hh->t->term.s);
		if (!e->concept || !e->matched_term) {
			rc = CT_ENOMEM;
			goto done;
		}
		e->match = hh->kind;
		/* kinds 100 apart, closeness within a kind 10, status 1 */
		e->score = 100.0 * (CT_MATCH_FUZZY + 1 - hh->kind) - 10.0 * hh->sub - hh->t->status;
		rc = concept_load(idx, c.tab, cp);
		if (rc == CT_OK)
			rc = put_concept(r, e, cp);
		if (rc != CT_OK)
			goto done;
		r->n = i + 1;
		if (*cp->fts) {
			const attested *at = NULL;
			rc = attestations(idx, an, cp, kwic_limit, &at);
			if (rc == CT_OK)
				rc = put_attestations(r, e, at, kwic_limit);
			if (rc != CT_OK)
				goto done;
		}
	}
	*out = r;
	r = NULL;
done:
	if (rc == CT_ENOMEM)
		ct_index_fail(idx, rc, "out of memory while looking up a term");
	ct_lookup_free(r);
	free(h.a);
	fuzzy_free(&c.fz);
	ct_buf_free(&c.scratch);
	for (int l = 0; l < NKEYS; l++)
		ct_buf_free(&c.latin_keys[l]);
	qform_free(&q);
	qform_free(&tq);
	free(text);
	free(clean);
	return rc;
}

int ct_term_lookup(ct_lookup **out, ct_index *idx, const char *query, size_t n, const ct_lookup_opts *opts)
{
	if (!out || !idx)
		return lookup(out, idx, query, n, opts);
	int began = ct_index_read_begin(idx);
	int rc = lookup(out, idx, query, n, opts);
	ct_index_read_end(idx, began);
	return rc;
}
