/*
 * normalize.c -- the normalisation rules shared by indexing and querying.
 *
 * Words arrive here one at a time (the tokenizer cuts them).  Each rule
 * below exists because real Kazakh and Serbian text breaks it; the corpus
 * examples are quoted with each rule.
 */
#include <string.h>
#include <utf8proc.h>

#include "cyrterm/error.h"
#include "cyrterm/normalize.h"
#include "internal.h"

const char *ct_unicode_version(void)
{
	return utf8proc_unicode_version();
}

/* ---------------------------------------------------------------- UTF-8 */

int ct_utf8_validate(const char *s, size_t n, size_t *bad_offset)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(s + i, n - i, &cp);
		if (len < 0) {
			if (bad_offset)
				*bad_offset = i;
			return CT_EUTF8;
		}
		i += (size_t)len;
	}
	return CT_OK;
}

size_t ct_utf8_repair(const char *s, size_t n, char *out, size_t cap, size_t *nrepl)
{
	static const char repl[] = "\xEF\xBF\xBD";
	size_t i = 0, o = 0, r = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(s + i, n - i, &cp);
		if (len < 0) {
			if (o + 3 <= cap)
				memcpy(out + o, repl, 3);
			o += 3;
			r++;
			i++;
			/* skip the continuation bytes of the broken sequence */
			while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
				i++;
			continue;
		}
		if (o + (size_t)len <= cap)
			memcpy(out + o, s + i, (size_t)len);
		o += (size_t)len;
		i += (size_t)len;
	}
	if (cap > 0)
		out[o < cap ? o : cap - 1] = '\0';
	if (nrepl)
		*nrepl = r;
	return o;
}

/* ---------------------------------------------------------- code points */

int ct_is_cyrillic(int32_t cp)
{
	return (cp >= 0x0400 && cp <= 0x052F) || (cp >= 0x1C80 && cp <= 0x1C8F) ||
	       (cp >= 0x2DE0 && cp <= 0x2DFF) || (cp >= 0xA640 && cp <= 0xA69F);
}

int ct_is_latin(int32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 0x00C0 && cp <= 0x024F && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x1E00 && cp <= 0x1EFF);
}

int ct_is_kazakh_letter(int32_t cp)
{
	switch (cp) {
	case 0x04D9: case 0x0493: case 0x049B: case 0x04A3: case 0x04E9:
	case 0x04B1: case 0x04AF: case 0x04BB: case 0x0456:
	case 0x04D8: case 0x0492: case 0x049A: case 0x04A2: case 0x04E8:
	case 0x04B0: case 0x04AE: case 0x04BA: case 0x0406:
		return 1;
	}
	return 0;
}

/*
 * Latin letters that stand for Cyrillic ones inside Cyrillic words, after
 * case folding.  Typists and OCR mix them in: «Қазiргi» has Latin i for
 * Kazakh і (644 of the 1,585 words of 002_656ab9253b3ca7ff.txt), and Latin
 * capitals A B C E H K M O P T X Y look like their Cyrillic twins (so after
 * folding, h stands for н, m for м, t for т, b for в).
 */
static int32_t cyrillic_twin(int32_t cp)
{
	switch (cp) {
	case 'a': return 0x0430;
	case 'b': return 0x0432;
	case 'c': return 0x0441;
	case 'e': return 0x0435;
	case 'h': return 0x043D;
	case 'i': return 0x0456;
	case 'k': return 0x043A;
	case 'm': return 0x043C;
	case 'o': return 0x043E;
	case 'p': return 0x0440;
	case 't': return 0x0442;
	case 'x': return 0x0445;
	case 'y': return 0x0443;
	}
	return 0;
}

static int is_stress_mark(int32_t cp)
{
	return cp == 0x0300 || cp == 0x0301;
}

/*
 * Normalises a word into a code point buffer.  Returns the number of code
 * points, at most CT_MAX_WORD (longer words are cut, the tokenizer keeps the
 * offsets of the whole word).
 */
size_t ct_normalize_cp(const char *s, size_t n, int32_t *out, size_t cap)
{
	utf8proc_int32_t buf[CT_MAX_WORD * 4 + 8];
	size_t nbuf = 0, i = 0;
	const size_t bufcap = sizeof(buf) / sizeof(buf[0]);
	int ncyr = 0, nlat = 0, nlat_twin = 0, kazakh = 0;

	/* 1. NFKD + case folding + removal of default-ignorables (soft hyphen,
	 * zero-width space/joiners, BOM), one code point at a time. */
	while (i < n && nbuf + 8 < bufcap) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(s + i, n - i, &cp);
		if (len < 0) {
			i++;
			continue;
		}
		i += (size_t)len;
		int last = 0;
		utf8proc_ssize_t k = utf8proc_decompose_char(
			cp, buf + nbuf, (utf8proc_ssize_t)(bufcap - nbuf),
			UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE,
			&last);
		if (k < 0 || (size_t)k > bufcap - nbuf)
			break;
		nbuf += (size_t)k;
	}
	/* canonical order of the marks, then look at the letters */
	for (size_t j = 0; j < nbuf; j++) {
		int32_t c = buf[j];
		if (ct_is_cyrillic(c)) {
			ncyr++;
			if (ct_is_kazakh_letter(c))
				kazakh = 1;
		} else if (c < 0x80 && ct_is_latin(c)) {
			nlat++;
			if (cyrillic_twin(c))
				nlat_twin++;
		} else if (ct_is_latin(c)) {
			nlat++;
		}
	}
	/* 2. Mixed-script repair: a Cyrillic word whose Latin letters all have
	 * Cyrillic twins is a Cyrillic word ("Қазiргi" -> "қазіргі").  Pure Latin
	 * words ("Google") and genuinely mixed ones stay as they are. */
	int repair = ncyr > 0 && nlat > 0 && nlat == nlat_twin;
	if (repair) {
		for (size_t j = 0; j < nbuf; j++) {
			int32_t t = buf[j] < 0x80 ? cyrillic_twin(buf[j]) : 0;
			if (t) {
				buf[j] = t;
				if (t == 0x0456)
					kazakh = 1;
			}
		}
	}
	/* 3. Marks and legacy-font letters. */
	size_t o = 0;
	for (size_t j = 0; j < nbuf && o < cap; j++) {
		int32_t c = buf[j];
		int32_t prev = o > 0 ? out[o - 1] : 0;
		if (is_stress_mark(c) && ct_is_cyrillic(prev))
			continue; /* stress marks: «техноло́гия» */
		if (c == 0x0308 && prev == 0x0435) {
			/* ё -> е; in a Kazakh word a legacy font's ё is ә:
			 * «сёйкестiгiн» for сәйкестігін (002_656ab9253b3ca7ff.txt) */
			if (kazakh)
				out[o - 1] = 0x04D9;
			continue;
		}
		if (c == 0x0455 && ncyr > 0)
			c = 0x04AF; /* legacy-font ѕ for ү: «жѕргiзiледi» */
		else if (c == 0x0454 && kazakh)
			c = 0x049B; /* legacy-font є for қ: «єорғауды» */
		out[o++] = c;
	}
	/* 4. Recompose (й, ї and the Latin letters with diacritics). */
	if (o > 0) {
		utf8proc_ssize_t m = utf8proc_normalize_utf32(out, (utf8proc_ssize_t)o,
		                                              UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (m >= 0)
			o = (size_t)m;
	}
	if (o > CT_MAX_WORD)
		o = CT_MAX_WORD;
	return o;
}

size_t ct_encode_cp(const int32_t *cp, size_t ncp, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t j = 0; j < ncp; j++) {
		utf8proc_uint8_t tmp[4];
		utf8proc_ssize_t k = utf8proc_encode_char(cp[j], tmp);
		if (o + (size_t)k < cap)
			memcpy(out + o, tmp, (size_t)k);
		o += (size_t)k;
	}
	if (cap > 0)
		out[o < cap ? o : cap - 1] = '\0';
	return o;
}

size_t ct_normalize_word(const char *s, size_t n, char *out, size_t cap)
{
	int32_t cp[CT_MAX_WORD * 4 + 8];
	size_t ncp = ct_normalize_cp(s, n, cp, sizeof(cp) / sizeof(cp[0]));
	return ct_encode_cp(cp, ncp, out, cap);
}

/* --------------------------------------------------------------- folding */

int32_t ct_fold_kazakh_cp(int32_t c)
{
	switch (c) {
	case 0x04D9: return 0x0430; /* ә а */
	case 0x0493: return 0x0433; /* ғ г */
	case 0x049B: return 0x043A; /* қ к */
	case 0x04A3: return 0x043D; /* ң н */
	case 0x04E9: return 0x043E; /* ө о */
	case 0x04B1: return 0x0443; /* ұ у */
	case 0x04AF: return 0x0443; /* ү у */
	case 0x04BB: return 0x0445; /* һ х */
	case 0x0456: return 0x0438; /* і и */
	}
	return c;
}

/* All the Kazakh letters and their folds are two bytes in UTF-8, so folding
 * never changes the length. */
size_t ct_fold_kazakh(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(s + i, n - i, &cp);
		if (len < 0) {
			if (o < cap)
				out[o] = s[i];
			o++;
			i++;
			continue;
		}
		int32_t f = ct_fold_kazakh_cp(cp);
		if (f == cp) {
			if (o + (size_t)len <= cap)
				memcpy(out + o, s + i, (size_t)len);
			o += (size_t)len;
		} else {
			utf8proc_uint8_t tmp[4];
			utf8proc_ssize_t k = utf8proc_encode_char(f, tmp);
			if (o + (size_t)k <= cap)
				memcpy(out + o, tmp, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)len;
	}
	if (cap > 0)
		out[o < cap ? o : cap - 1] = '\0';
	return o;
}

/* ------------------------------------------------------------- skeleton */

/*
 * ASCII spelling of a lower-case Cyrillic letter, on the Serbian model
 * (ж -> z as in "ž" without its caron), extended to the Kazakh and Russian
 * letters so that every Cyrillic word has one.
 */
static const char *cyr_ascii(int32_t c)
{
	switch (c) {
	case 0x0430: return "a";  case 0x0431: return "b";  case 0x0432: return "v";
	case 0x0433: return "g";  case 0x0434: return "d";  case 0x0452: return "dj";
	case 0x0435: return "e";  case 0x0436: return "z";  case 0x0437: return "z";
	case 0x0438: return "i";  case 0x0458: return "j";  case 0x043A: return "k";
	case 0x043B: return "l";  case 0x0459: return "lj"; case 0x043C: return "m";
	case 0x043D: return "n";  case 0x045A: return "nj"; case 0x043E: return "o";
	case 0x043F: return "p";  case 0x0440: return "r";  case 0x0441: return "s";
	case 0x0442: return "t";  case 0x045B: return "c";  case 0x0443: return "u";
	case 0x0444: return "f";  case 0x0445: return "h";  case 0x0446: return "c";
	case 0x0447: return "c";  case 0x045F: return "dz"; case 0x0448: return "s";
	case 0x0439: return "j";  case 0x0449: return "sc"; case 0x044A: return "";
	case 0x044B: return "y";  case 0x044C: return "";   case 0x044D: return "e";
	case 0x044E: return "ju"; case 0x044F: return "ja"; case 0x0451: return "e";
	case 0x04D9: return "a";  case 0x0493: return "g";  case 0x049B: return "k";
	case 0x04A3: return "n";  case 0x04E9: return "o";  case 0x04B1: return "u";
	case 0x04AF: return "u";  case 0x04BB: return "h";  case 0x0456: return "i";
	case 0x0454: return "e";  case 0x0457: return "i";  case 0x0491: return "g";
	case 0x045E: return "u";  case 0x0453: return "g";  case 0x045C: return "k";
	case 0x0455: return "dz";
	}
	return NULL;
}

size_t ct_latin_skeleton(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0;
	int letters = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(s + i, n - i, &cp);
		if (len < 0)
			goto none;
		i += (size_t)len;
		const char *rep = NULL;
		char one[2] = {0, 0};
		if (cp < 0x80) {
			one[0] = (char)cp;
			rep = one;
		} else if (cp == 0x0111 || cp == 0x0110) {
			rep = "dj"; /* đ */
		} else if (ct_is_cyrillic(cp)) {
			rep = cyr_ascii(utf8proc_tolower(cp));
		} else if (ct_is_latin(cp)) {
			/* č ć š ž and any other diacritic: keep the base letter */
			utf8proc_int32_t d[4];
			int last = 0;
			utf8proc_ssize_t k = utf8proc_decompose_char(
				cp, d, 4, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &last);
			if (k >= 1 && d[0] < 0x80) {
				one[0] = (char)d[0];
				rep = one;
			}
		} else if (cp >= 0x0300 && cp <= 0x036F) {
			rep = "";
		}
		if (!rep)
			goto none;
		size_t k = strlen(rep);
		if (o + k < cap)
			memcpy(out + o, rep, k);
		o += k;
		letters++;
	}
	if (cap > 0)
		out[o < cap ? o : cap - 1] = '\0';
	if (letters)
		return o;
none:
	/* no skeleton: an empty string, whatever was written before */
	if (cap > 0)
		out[0] = '\0';
	return 0;
}

ct_script ct_word_script(const char *s, size_t n)
{
	size_t i = 0;
	int cyr = 0, lat = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(s + i, n - i, &cp);
		if (len < 0)
			break;
		i += (size_t)len;
		if (ct_is_cyrillic(cp))
			cyr++;
		else if (ct_is_latin(cp))
			lat++;
	}
	if (cyr >= lat && cyr > 0)
		return CT_SCRIPT_CYRILLIC;
	if (lat > 0)
		return CT_SCRIPT_LATIN;
	return CT_SCRIPT_OTHER;
}
