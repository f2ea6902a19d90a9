/*
 * stem_kk.c -- our own Kazakh suffix stripper (Snowball has no Kazakh).
 *
 * Kazakh is agglutinative: a noun is stem + plural + possessive + case
 * (+ a predicative person ending), a verb form is stem + negation + a tense,
 * participle, converb or verbal-noun suffix, and those verb forms then take
 * the noun suffixes again («алмауында» = ал + ма + у + ы + нда).  We strip
 * suffix classes from the end of the word inward; each class is used at most
 * once and only classes inward of the last one stripped may follow.  At each
 * step the longest suffix of any still-allowed class wins, so that a verb
 * ending beats the case ending inside it («жинайды» is жина + йды, not
 * жинай + ды; «қорғайтын» is қорға + йтын, not қорғайты + н).
 *
 * Every allomorph carries the context Kazakh phonology allows it in (vowel
 * harmony is not checked: text typed without Kazakh letters loses it, but
 * the preceding sound is kept).  That context is the main guard against
 * over-stemming: «экономика» keeps its -ка because the dative after a vowel
 * is -ға, and «машина» keeps its -на because the dative -на only follows the
 * possessive -ы/-і.
 *
 * A suffix letter also matches its folded form (ә ғ қ ң ө ұ ү һ і ->
 * а г к н о у у х и), so the tables also cover text typed without Kazakh
 * letters: corpus 000_ writes «елдін» for елдің and «кызметтер» for
 * қызметтер.  Not the other way round: a written ң is never the -н of
 * «қызметін».  The bare possessive -і is matched only as written, since a
 * folded -и would take «ғылыми» "scientific" to ғылым.
 *
 * Thread-safe (no mutable state), no allocation: the word is decoded into a
 * bounded local array of code points.
 */
#include "cyrterm/stem.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* Longer words (chemical names, run-together tokens) are returned as they
 * are: no Kazakh word form needs more. */
#define KK_MAX_CP 64
/* Room for the longest table entry or protected word (9 code points). */
#define KK_MAX_SUFFIX 12

/* What kind of sound precedes a suffix; a table entry lists the kinds after
 * which that allomorph is used. */
enum {
	KK_V = 1,     /* vowel */
	KK_SEMI = 2,  /* й, у (and и, ю, which are written for ый/ій, йу) */
	KK_R = 4,     /* р */
	KK_L = 8,     /* л */
	KK_Z = 16,    /* з, ж */
	KK_N = 32,    /* м, н, ң */
	KK_S = 64     /* voiceless consonants */
};
#define KK_CONS (KK_SEMI | KK_R | KK_L | KK_Z | KK_N | KK_S)
#define KK_VOICED (KK_V | KK_SEMI | KK_R | KK_L | KK_Z | KK_N)
#define KK_ANY (KK_V | KK_CONS)

/* Extra conditions on an entry. */
enum {
	KK_EXACT = 1,    /* match as written, not folded */
	KK_POSS3 = 2,    /* only after the possessive -ы/-і («жұмыстарына») */
	KK_AFTER_PL = 4, /* only after a plural suffix («-ларым») */
	KK_NOT_USH = 8,  /* not after -уш: -ушы/-уші is an agent noun */
	KK_NOT_U = 16,   /* not after у, ұ, ү (they take -ды, -ы: «дамуды») */
	KK_NOT_GA = 32,  /* not after -ға/-ге/-қа/-ке (participle -ған + -ы) */
	KK_NOT_YS = 64   /* not after -ыс/-іс (deverbal noun + -ы: «өндірісі») */
};

typedef struct kk_suffix {
	const char *z;       /* UTF-8, lower case, with Kazakh letters */
	unsigned char after; /* KK_V ... KK_S: allowed preceding sounds */
	unsigned char flags; /* KK_EXACT ... */
} kk_suffix;

/* Suffix classes, outermost first. */
enum {
	KK_CLS_PERSON,
	KK_CLS_CASE,
	KK_CLS_ATTR,
	KK_CLS_POSS,
	KK_CLS_PLURAL,
	KK_CLS_DERIV,
	KK_CLS_VERB,
	KK_CLS_NEG,
	KK_NCLS
};

/*
 * Predicative person endings.  Only the plural ones: 1sg -мын and 2sg -сың
 * (folded -сын) would eat the deverbal nouns in -ым/-ім that terminology is
 * full of («шешімін» is шешім + і + н, not шеші + мін), and 2pl -сыз is the
 * privative suffix of «қажетсіз», a word of its own.
 */
static const kk_suffix kk_person[] = {
	{"мыз", KK_V | KK_SEMI | KK_R | KK_L, 0},
	{"міз", KK_V | KK_SEMI | KK_R | KK_L, 0},
	{"быз", KK_Z | KK_N, 0},
	{"біз", KK_Z | KK_N, 0},
	{"пыз", KK_S, 0},
	{"піз", KK_S, 0},
	{"сыңдар", KK_ANY, 0},
	{"сіңдер", KK_ANY, 0},
	{"сыздар", KK_ANY, 0},
	{"сіздер", KK_ANY, 0},
	{NULL, 0, 0}
};

/*
 * Case.  Genitive -ның after vowels and м н ң, -дың after the other voiced
 * sounds, -тың after voiceless ones; the pronominal н of -на/-нда/-нан/-н
 * appears only after the possessive -ы/-і («саласында», «қызметін»).
 */
static const kk_suffix kk_case[] = {
	/* genitive */
	{"ның", KK_V | KK_N, KK_NOT_U},
	{"нің", KK_V | KK_N, KK_NOT_U},
	{"дың", KK_SEMI | KK_R | KK_L | KK_Z, 0},
	{"дің", KK_SEMI | KK_R | KK_L | KK_Z, 0},
	{"тың", KK_S, 0},
	{"тің", KK_S, 0},
	/* accusative */
	{"ны", KK_V, KK_NOT_U | KK_NOT_GA},
	{"ні", KK_V, KK_NOT_U | KK_NOT_GA},
	{"ды", KK_CONS & ~KK_S, 0},
	{"ді", KK_CONS & ~KK_S, 0},
	{"ты", KK_S, 0},
	{"ті", KK_S, 0},
	{"н", KK_V, KK_POSS3},
	/* dative */
	{"ға", KK_VOICED, 0},
	{"ге", KK_VOICED, 0},
	{"қа", KK_S, 0},
	{"ке", KK_S, 0},
	{"на", KK_V, KK_POSS3},
	{"не", KK_V, KK_POSS3},
	/* locative */
	{"да", KK_VOICED, 0},
	{"де", KK_VOICED, 0},
	{"та", KK_S, 0},
	{"те", KK_S, 0},
	{"нда", KK_V, KK_POSS3},
	{"нде", KK_V, KK_POSS3},
	/* ablative: -нан also after м н ң («кезеңнен») */
	{"дан", KK_V | KK_SEMI | KK_R | KK_L | KK_Z, 0},
	{"ден", KK_V | KK_SEMI | KK_R | KK_L | KK_Z, 0},
	{"тан", KK_S, 0},
	{"тен", KK_S, 0},
	{"нан", KK_V | KK_N, 0},
	{"нен", KK_V | KK_N, 0},
	/* instrumental */
	{"мен", KK_VOICED, 0},
	{"бен", KK_Z | KK_N, 0},
	{"пен", KK_S, 0},
	{NULL, 0, 0}
};

/* Locative + the attributive -ғы, which may take a case of its own:
 * «елдердегіден» = ел + дер + де + гі + ден. */
static const kk_suffix kk_attr[] = {
	{"дағы", KK_VOICED, 0},
	{"дегі", KK_VOICED, 0},
	{"тағы", KK_S, 0},
	{"тегі", KK_S, 0},
	{"ндағы", KK_V, KK_POSS3},
	{"ндегі", KK_V, KK_POSS3},
	{NULL, 0, 0}
};

/*
 * Possessive.  1sg -ым/-ім and 2sg -ың/-ің only after a plural suffix
 * («жұмыстарым»): elsewhere they cannot be told from the deverbal nouns
 * білім, шешім, өнім, ғылым, and a folded -ң is any -н.  Polite 2nd person
 * -ңыз only after a consonant, as -ыңыз: after a vowel it would cut
 * «маңыз» "importance" to ма-.
 */
static const kk_suffix kk_poss[] = {
	{"ы", KK_CONS, KK_NOT_USH},
	{"і", KK_CONS, KK_EXACT | KK_NOT_USH},
	{"сы", KK_V, KK_NOT_U | KK_NOT_YS},
	{"сі", KK_V, KK_NOT_U | KK_NOT_YS},
	{"ымыз", KK_CONS, 0},
	{"іміз", KK_CONS, 0},
	{"мыз", KK_V, 0},
	{"міз", KK_V, 0},
	{"ыңыз", KK_CONS, 0},
	{"іңіз", KK_CONS, 0},
	{"ым", KK_R, KK_AFTER_PL},
	{"ім", KK_R, KK_AFTER_PL},
	{"ың", KK_R, KK_AFTER_PL},
	{"ің", KK_R, KK_AFTER_PL},
	{NULL, 0, 0}
};

/* Plural: -лар after vowels, р, й, у; -дар after л м н ң з ж; -тар after
 * voiceless consonants («мамандар», «кадрлар», «стандарттар»). */
static const kk_suffix kk_plural[] = {
	{"лар", KK_V | KK_SEMI | KK_R, 0},
	{"лер", KK_V | KK_SEMI | KK_R, 0},
	{"дар", KK_L | KK_Z | KK_N, 0},
	{"дер", KK_L | KK_Z | KK_N, 0},
	{"тар", KK_S, 0},
	{"тер", KK_S, 0},
	{NULL, 0, 0}
};

/* Abstract nouns and adjectives in -лық (инновациялық, мемлекеттік): a new
 * dictionary word, so stripped only on request. */
static const kk_suffix kk_deriv[] = {
	{"лық", KK_V | KK_SEMI | KK_R, 0},
	{"лік", KK_V | KK_SEMI | KK_R, 0},
	{"дық", KK_L | KK_Z | KK_N, 0},
	{"дік", KK_L | KK_Z | KK_N, 0},
	{"тық", KK_S, 0},
	{"тік", KK_S, 0},
	{NULL, 0, 0}
};

/*
 * Verb forms that matter in running text: past participle -ған, present
 * -ады, the nominalised participle -ғандық («болғандықтан»), converb -ып,
 * conditional -са, the verbal noun -у, and the future participle after a
 * vowel stem, -йтын («қорғайтын»).  After a consonant -атын/-етін is left
 * alone: it cannot be told from an -ат/-ет noun with -ы + -н («қызметін»,
 * «саясатын»), and the noun is what a terminology search needs.  Voice
 * (-ыл, -дыр) is left alone too: «асырылады» (passive) is a dictionary word
 * apart from «асыру».  The converb -п after a vowel («анықтап») is not
 * taken: it would cut the -ап/-еп nouns кітап, есеп, жауап, талап.
 */
static const kk_suffix kk_verb[] = {
	{"ған", KK_VOICED, 0},
	{"ген", KK_VOICED, 0},
	{"қан", KK_S, 0},
	{"кен", KK_S, 0},
	{"ғандық", KK_VOICED, 0},
	{"гендік", KK_VOICED, 0},
	{"қандық", KK_S, 0},
	{"кендік", KK_S, 0},
	{"йтын", KK_V, 0},
	{"йтін", KK_V, 0},
	{"итын", KK_CONS, 0},
	{"итін", KK_CONS, 0},
	{"ады", KK_CONS, 0},
	{"еді", KK_CONS, 0},
	{"йды", KK_V, 0},
	{"йді", KK_V, 0},
	{"иды", KK_CONS, 0},
	{"иді", KK_CONS, 0},
	{"ып", KK_CONS, 0},
	{"іп", KK_CONS, 0},
	{"са", KK_CONS, 0},
	{"се", KK_CONS, 0},
	{"у", KK_ANY, KK_EXACT},
	/* negative converb: «қалыптастырмай» */
	{"май", KK_V | KK_SEMI | KK_R | KK_L, 0},
	{"мей", KK_V | KK_SEMI | KK_R | KK_L, 0},
	{"бай", KK_Z | KK_N, 0},
	{"бей", KK_Z | KK_N, 0},
	{"пай", KK_S, 0},
	{"пей", KK_S, 0},
	{NULL, 0, 0}
};

/* Negation, between the verb stem and a verb suffix: «бермейді»,
 * «дамымаған», «алмауында». */
static const kk_suffix kk_neg[] = {
	{"ма", KK_V | KK_SEMI | KK_R | KK_L, 0},
	{"ме", KK_V | KK_SEMI | KK_R | KK_L, 0},
	{"ба", KK_Z | KK_N, 0},
	{"бе", KK_Z | KK_N, 0},
	{"па", KK_S, 0},
	{"пе", KK_S, 0},
	{NULL, 0, 0}
};

static const kk_suffix *const kk_classes[KK_NCLS] = {
	kk_person, kk_case, kk_attr, kk_poss, kk_plural, kk_deriv, kk_verb, kk_neg
};

/*
 * Words that look inflected but are not; stripping stops as soon as the stem
 * is one of them (compared folded).
 *  орын "place" looks like ор + ы + н: «орындарын» must stay with «орнын»;
 *  кәсіпорын "enterprise" is a compound of it: «кәсіпорындарының»;
 *  шығын "cost" looks like шығ + ы + н and would meet шығу "go out";
 *  қазақстан: its -стан looks like the ablative -тан after с;
 *  қала "city" must not fall to қал- "stay" (қаласы vs қалды), nor
 *  адам "person" to a 1sg possessive ада + м, should those rules widen.
 */
static const char *const kk_protected[] = {
	"орын", "кәсіпорын", "шығын", "қазақстан", "қала", "адам", NULL
};

/* Decodes one UTF-8 sequence; returns its length, 0 if malformed. */
static size_t kk_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return len;
}

/* Decodes s[0..n) into a[]; returns the count, or 0 when the text is not
 * UTF-8 or longer than cap code points. */
static size_t kk_decode_all(const char *s, size_t n, uint32_t *a, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k = 0, len;

	while (i < n) {
		if (k == cap)
			return 0;
		len = kk_decode(p + i, n - i, &a[k]);
		if (len == 0)
			return 0;
		i += len;
		k++;
	}
	return k;
}

static size_t kk_encode(uint32_t c, unsigned char *buf)
{
	if (c < 0x80) {
		buf[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		buf[0] = (unsigned char)(0xC0 | (c >> 6));
		buf[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		buf[0] = (unsigned char)(0xE0 | (c >> 12));
		buf[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		buf[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	buf[0] = (unsigned char)(0xF0 | (c >> 18));
	buf[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
	buf[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
	buf[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

/* The letter a Kazakh letter is written as on a keyboard without Kazakh
 * letters (the same mapping as ct_fold_kazakh()). */
static uint32_t kk_fold(uint32_t c)
{
	switch (c) {
	case 0x04D9: return 0x0430; /* ә -> а */
	case 0x0493: return 0x0433; /* ғ -> г */
	case 0x049B: return 0x043A; /* қ -> к */
	case 0x04A3: return 0x043D; /* ң -> н */
	case 0x04E9: return 0x043E; /* ө -> о */
	case 0x04B1: return 0x0443; /* ұ -> у */
	case 0x04AF: return 0x0443; /* ү -> у */
	case 0x04BB: return 0x0445; /* һ -> х */
	case 0x0456: return 0x0438; /* і -> и */
	default: return c;
	}
}

static int kk_is_vowel(uint32_t c)
{
	switch (c) {
	case 0x0430: case 0x04D9: case 0x0435: case 0x0451: /* а ә е ё */
	case 0x043E: case 0x04E9: case 0x04B1: case 0x04AF: /* о ө ұ ү */
	case 0x044B: case 0x0456: case 0x0438: case 0x044D: /* ы і и э */
	case 0x044E: case 0x044F: case 0x0443:              /* ю я у */
		return 1;
	default:
		return 0;
	}
}

/* Front vowels decide the harmony of an inserted ы/і. */
static int kk_is_front(uint32_t c)
{
	switch (c) {
	case 0x04D9: case 0x0435: case 0x0456: case 0x04E9: /* ә е і ө */
	case 0x04AF: case 0x0438: case 0x044D:              /* ү и э */
		return 1;
	default:
		return 0;
	}
}

/* The kind of sound a letter stands for, as the suffix tables see it.
 * б в г ғ д end only loanwords and alternating stems, which take either
 * series («клубқа», «педагогқа»), so they count as both. */
static unsigned kk_sound(uint32_t c)
{
	switch (c) {
	case 0x0443: case 0x0438: case 0x044E:      /* у и ю */
		return KK_V | KK_SEMI;
	case 0x0439:                                /* й */
		return KK_SEMI;
	case 0x0440:                                /* р */
		return KK_R;
	case 0x043B:                                /* л */
		return KK_L;
	case 0x0437: case 0x0436:                   /* з ж */
		return KK_Z;
	case 0x043C: case 0x043D: case 0x04A3:      /* м н ң */
		return KK_N;
	case 0x043A: case 0x049B: case 0x043F:      /* к қ п */
	case 0x0441: case 0x0442: case 0x0448:      /* с т ш */
	case 0x0449: case 0x0444: case 0x0445:      /* щ ф х */
	case 0x0446: case 0x0447: case 0x04BB:      /* ц ч һ */
		return KK_S;
	case 0x0431: case 0x0432: case 0x0433:      /* б в г */
	case 0x0493: case 0x0434:                   /* ғ д */
		return KK_Z | KK_S;
	case 0x044C: case 0x044A:                   /* ь ъ */
		return KK_CONS;
	default:
		return kk_is_vowel(c) ? KK_V : 0;
	}
}

static int kk_has_vowel(const uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (kk_is_vowel(w[i]))
			return 1;
	return 0;
}

/*
 * The suffixes and protected words decoded once into code points, with
 * their letters as typed without Kazakh letters: the stemmer tries every
 * suffix of every class on a word, and decoding them on each try was most
 * of its cost (17,000 instructions a word).
 */
typedef struct kk_dec {
	uint32_t cp[KK_MAX_SUFFIX], fold[KK_MAX_SUFFIX];
	size_t m; /* 0: never matches */
} kk_dec;

#define KK_N(t) (sizeof(t) / sizeof((t)[0]))
static kk_dec kk_person_d[KK_N(kk_person)], kk_case_d[KK_N(kk_case)], kk_attr_d[KK_N(kk_attr)],
    kk_poss_d[KK_N(kk_poss)], kk_plural_d[KK_N(kk_plural)], kk_deriv_d[KK_N(kk_deriv)], kk_verb_d[KK_N(kk_verb)],
    kk_neg_d[KK_N(kk_neg)], kk_protected_d[KK_N(kk_protected)];
static kk_dec *const kk_classes_d[KK_NCLS] = {kk_person_d, kk_case_d,  kk_attr_d, kk_poss_d,
                                              kk_plural_d, kk_deriv_d, kk_verb_d, kk_neg_d};
static pthread_once_t kk_once = PTHREAD_ONCE_INIT;

static void kk_dec_one(kk_dec *d, const char *z)
{
	d->m = z ? kk_decode_all(z, strlen(z), d->cp, KK_MAX_SUFFIX) : 0;
	for (size_t i = 0; i < d->m; i++)
		d->fold[i] = kk_fold(d->cp[i]);
}

static void kk_dec_init(void)
{
	for (int c = 0; c < KK_NCLS; c++)
		for (size_t i = 0; kk_classes[c][i].z != NULL; i++)
			kk_dec_one(&kk_classes_d[c][i], kk_classes[c][i].z);
	for (size_t i = 0; kk_protected[i] != NULL; i++)
		kk_dec_one(&kk_protected_d[i], kk_protected[i]);
}

/* Does w[at..at+len) spell d, as written or typed without Kazakh letters
 * ("кала" for «қала»)? */
static int kk_equal_folded(const uint32_t *w, size_t at, size_t len, const kk_dec *d)
{
	if (d->m != len)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (w[at + i] != d->cp[i] && w[at + i] != d->fold[i])
			return 0;
	return 1;
}

static int kk_is_protected(const uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; kk_protected[i] != NULL; i++)
		if (kk_equal_folded(w, 0, n, &kk_protected_d[i]))
			return 1;
	return 0;
}

/* Does w[0..end) end in a plural suffix? */
static int kk_ends_in_plural(const uint32_t *w, size_t end)
{
	size_t i;

	if (end < 3)
		return 0;
	for (i = 0; kk_plural[i].z != NULL; i++)
		if (kk_equal_folded(w, end - 3, 3, &kk_plural_d[i]))
			return 1;
	return 0;
}

/*
 * Is c1 c2 the end of a participle -ған/-ген/-қан/-кен less its н?  Then
 * -ны is -н + ы: «болғаны», «кеткені».  A plain к + а is left out: loanwords
 * in -ка take the accusative -ны («экономиканы»).
 */
static int kk_not_ga(uint32_t c1, uint32_t c2)
{
	uint32_t f2 = kk_fold(c2);

	if (f2 != 0x0430 && f2 != 0x0435) /* а, е */
		return 0;
	if (kk_fold(c1) == 0x0433 || c1 == 0x049B) /* г ғ қ */
		return 1;
	return c1 == 0x043A && f2 == 0x0435; /* к + е */
}

/*
 * Length in code points of the suffix sfx at the end of w[0..n), or 0 when
 * it is not there, its context forbids it, or the stem left would be too
 * short: at least min_stem letters with a vowel among them.
 */
static size_t kk_match(const uint32_t *w, size_t n, const kk_suffix *sfx, const kk_dec *d, size_t min_stem)
{
	size_t m = d->m, rest, i;
	uint32_t prev;

	/* quick reject on the last letter: most suffixes fail it */
	if (n == 0 || m == 0 || (w[n - 1] != d->cp[m - 1] && w[n - 1] != d->fold[m - 1]))
		return 0;
	if (m >= n || n - m < min_stem)
		return 0;
	rest = n - m;
	for (i = 0; i < m; i++) {
		uint32_t c = w[rest + i];
		if (c == d->cp[i])
			continue;
		/* Text without Kazakh letters writes н for ң, never ң for н. */
		if ((sfx->flags & KK_EXACT) || c != d->fold[i])
			return 0;
	}
	prev = w[rest - 1];
	if (!(kk_sound(prev) & sfx->after))
		return 0;
	if ((sfx->flags & KK_POSS3) && prev != 0x044B && prev != 0x0456) /* ы і */
		return 0;
	if ((sfx->flags & KK_AFTER_PL) && !kk_ends_in_plural(w, rest))
		return 0;
	if ((sfx->flags & KK_NOT_USH) && rest >= 2 && w[rest - 1] == 0x0448 &&
	    w[rest - 2] == 0x0443) /* уш */
		return 0;
	if ((sfx->flags & KK_NOT_U) && kk_fold(prev) == 0x0443)
		return 0;
	if ((sfx->flags & KK_NOT_GA) && rest >= 2 && kk_not_ga(w[rest - 2], prev))
		return 0;
	if ((sfx->flags & KK_NOT_YS) && rest >= 2 && (prev == 0x044B || prev == 0x0456)) {
		/* -ысы/-ісі is -ыс + ы unless the noun itself ends in -шы/-ші or
		 * -ғы/-гі: «еншісі», «белгісі», «үлгісі». */
		uint32_t c2 = kk_fold(w[rest - 2]);
		if (!kk_is_vowel(c2) && c2 != 0x0448 && c2 != 0x0433 && c2 != 0x043A)
			return 0;
	}
	if (!kk_has_vowel(w, rest))
		return 0;
	return m;
}

/*
 * Undoes the sound changes a vowel-initial suffix causes at the end of the
 * stem, so that every form of a word meets in one stem:
 *  - voicing of a final п, қ, к between vowels: «кітабы» -> кітап,
 *    «нарығын» -> нарық, «тетігін» -> тетік, «рыногы» -> рынок;
 *  - the dropped ы/і of a few nouns before -ы: «орнын» -> орын,
 *    «мойнына» -> мойын (the stem then ends in р/й/у + н/з).
 * Returns the new length (the stem may grow by one).
 */
static size_t kk_restore(uint32_t *w, size_t n)
{
	size_t i;

	if (n >= 2 && kk_is_vowel(w[n - 2])) {
		switch (w[n - 1]) {
		case 0x0431: w[n - 1] = 0x043F; break; /* б -> п */
		case 0x0493: w[n - 1] = 0x049B; break; /* ғ -> қ */
		case 0x0433: w[n - 1] = 0x043A; break; /* г -> к */
		default: break;
		}
		return n;
	}
	if (n >= 3 && n < KK_MAX_CP && kk_is_vowel(w[n - 3]) &&
	    (w[n - 2] == 0x0440 || w[n - 2] == 0x0439 || w[n - 2] == 0x0443) &&
	    (w[n - 1] == 0x043D || w[n - 1] == 0x0437)) {
		int front = 0;
		for (i = n; i > 0; i--) {
			if (kk_is_vowel(w[i - 1]) && w[i - 1] != 0x0443) {
				front = kk_is_front(w[i - 1]);
				break;
			}
		}
		w[n] = w[n - 1];
		w[n - 1] = front ? 0x0456 : 0x044B; /* і : ы */
		return n + 1;
	}
	return n;
}

/* Strips w[0..n) in place; returns the stem length. */
static size_t kk_stem_cp(uint32_t *w, size_t n, int derivational)
{
	int next_cls = 0, last_cls = -1, verbal = 0;

	for (;;) {
		const kk_suffix *best = NULL;
		const kk_dec *best_d = NULL;
		size_t best_len = 0;
		int best_cls = -1, cls;

		if (next_cls >= KK_NCLS || kk_is_protected(w, n))
			break;
		for (cls = next_cls; cls < KK_NCLS; cls++) {
			const kk_suffix *t = kk_classes[cls];
			const kk_dec *td = kk_classes_d[cls];
			/* A longer stem for -лық: «халық» is no ха + лық. */
			size_t min_stem = cls == KK_CLS_DERIV ? 3 : 2;
			size_t i, len;

			if (cls == KK_CLS_DERIV && !derivational)
				continue;
			/* Negation never ends a word: it needs the verb suffix
			 * stripped just before it («дамымаған»). */
			if (cls == KK_CLS_NEG && last_cls != KK_CLS_VERB)
				continue;
			for (i = 0; t[i].z != NULL; i++) {
				len = kk_match(w, n, &t[i], &td[i], min_stem);
				if (len > best_len) {
					best = &t[i];
					best_d = &td[i];
					best_len = len;
					best_cls = cls;
				}
			}
		}
		if (best == NULL)
			break;
		n -= best_len;
		if (kk_is_vowel(best_d->cp[0]))
			n = kk_restore(w, n);
		last_cls = best_cls;
		next_cls = best_cls + 1;
		if (best_cls == KK_CLS_VERB || best_cls == KK_CLS_NEG)
			verbal = 1;
	}

	/* A verb stem in -ы/-і loses it before -у (дамы + у = «даму»), so drop
	 * it everywhere: «дамыған» and «дамудың» both give дам. */
	if (verbal && n >= 3 && (w[n - 1] == 0x044B || w[n - 1] == 0x0456) &&
	    !kk_is_vowel(w[n - 2]) && kk_has_vowel(w, n - 1) && !kk_is_protected(w, n))
		n--;

	/* Kazakh spelling simplifies a loanword's final double consonant
	 * before a suffix: «процесс», «процестер». */
	if (n >= 4 && w[n - 1] == w[n - 2] && !kk_is_vowel(w[n - 1]) && kk_sound(w[n - 1]) != 0)
		n--;
	return n;
}

size_t ct_stem_kk(const char *word, size_t n, int derivational, char *out, size_t cap)
{
	uint32_t w[KK_MAX_CP + 1];
	unsigned char buf[4];
	size_t ncp, need = 0, wrote = 0, i, len;
	int full = cap == 0;

	if (word == NULL) {
		word = "";
		n = 0;
	}
	pthread_once(&kk_once, kk_dec_init);
	ncp = kk_decode_all(word, n, w, KK_MAX_CP);
	if (ncp == 0) {
		/* Empty, too long or not UTF-8: the word is its own stem. */
		if (cap > 0) {
			wrote = n < cap ? n : cap - 1;
			memcpy(out, word, wrote);
			out[wrote] = '\0';
		}
		need = n;
		goto done;
	}
	ncp = kk_stem_cp(w, ncp, derivational);
	for (i = 0; i < ncp; i++) {
		len = kk_encode(w[i], buf);
		/* Whole characters only, and always room for the NUL. */
		if (!full && wrote + len < cap) {
			memcpy(out + wrote, buf, len);
			wrote += len;
		} else {
			full = 1;
		}
		need += len;
	}
	if (cap > 0)
		out[wrote] = '\0';
done:
	return need;
}
