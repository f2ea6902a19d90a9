/*
 * test_glossary.c -- the glossary store and its interchange: .gloss errors
 * that name their line, TBX v2/v3 and spreadsheet files from other tools
 * read without loss, byte-identical round trips, hostile XML refused, and
 * the problems `glossary check` reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "internal.h"

#include "cyrterm/glossary.h"
#include "cyrterm/index.h"
#include "testutil.h"

#define DATA(name) CT_SOURCE_DIR "/tests/data/" name

/* ------------------------------------------------------------ helpers */

static ct_index *open_index(const char *dir, const char *name)
{
	ct_index *idx = NULL;
	char err[512];
	char *path = tu_path(dir, name);
	ck_assert_msg(ct_index_open(&idx, path, CT_OPEN_CREATE, err, sizeof(err)) == CT_OK, "%s", err);
	free(path);
	return idx;
}

static char *write_file(const char *dir, const char *name, const char *text)
{
	char *path = tu_path(dir, name);
	tu_write(path, text, strlen(text));
	return path;
}

/* The first column of the first row of sql, as a string ("" for NULL,
 * "(none)" for no row); malloc'd. */
static char *q1(ct_index *idx, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *out;
	ck_assert_msg(sqlite3_prepare_v2(ct_index_db(idx), sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
	              sqlite3_errmsg(ct_index_db(idx)));
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		out = strdup(v ? v : "");
	} else {
		out = strdup("(none)");
	}
	sqlite3_finalize(st);
	return out;
}

static long qn(ct_index *idx, const char *sql)
{
	char *s = q1(idx, sql);
	long v = strtol(s, NULL, 10);
	free(s);
	return v;
}

#define ASSERT_Q(idx, sql, expected)                  \
	do {                                              \
		char *got_ = q1((idx), (sql));                \
		ck_assert_str_eq(got_, (expected));           \
		free(got_);                                   \
	} while (0)

/* "term|pos|type|status|note" of one term. */
static void assert_term(ct_index *idx, const char *slug, const char *lang, int seq, const char *expected)
{
	char sql[512];
	snprintf(sql, sizeof(sql),
	         "SELECT t.term || '|' || ifnull(t.pos, '') || '|' || t.type || '|' || t.status || '|' || ifnull(t.note, '')"
	         " FROM term t JOIN concept c ON c.id = t.concept"
	         " WHERE c.slug = '%s' AND t.lang = '%s' AND t.seq = %d",
	         slug, lang, seq);
	char *got = q1(idx, sql);
	ck_assert_msg(strcmp(got, expected) == 0, "%s %s %d: got \"%s\", expected \"%s\"", slug, lang, seq, got, expected);
	free(got);
}

/* msg with every "dir/" taken out, so that messages naming temporary
 * files compare to fixed text; malloc'd. */
static char *strip_dir(const char *msg, const char *dir)
{
	size_t dl = strlen(dir);
	char *out = malloc(strlen(msg) + 1), *o = out;
	while (*msg) {
		if (strncmp(msg, dir, dl) == 0 && msg[dl] == '/')
			msg += dl + 1;
		else
			*o++ = *msg++;
	}
	*o = '\0';
	return out;
}

#define ASSERT_ERR(idx, dir, expected)                                                   \
	do {                                                                                 \
		char *got_ = strip_dir(ct_index_errmsg(idx), (dir));                             \
		ck_assert_msg(strcmp(got_, (expected)) == 0, "got \"%s\", expected \"%s\"", got_, \
		              (expected));                                                       \
		free(got_);                                                                      \
	} while (0)

static char *export_str(ct_index *idx, ct_gformat fmt, size_t *n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	int rc = ct_glossary_export(idx, fmt, f);
	fclose(f);
	ck_assert_msg(rc == CT_OK, "export: %s", ct_index_errmsg(idx));
	if (n)
		*n = len;
	return buf;
}

static void import_ok(ct_index *idx, const char *path, ct_gformat fmt, ct_import_stats *st)
{
	int rc = ct_glossary_import(idx, path, fmt, st);
	ck_assert_msg(rc == CT_OK, "import %s: %s", path, ct_index_errmsg(idx));
}

/* ------------------------------------------------------- .gloss parser */

static const char good_gloss[] =
	"# a test glossary\n"
	"\n"
	"[innovation]\n"
	"en = innovation\n"
	"def = A new or significantly improved product, process or method.\n"
	"domain = innovation policy\n"
	"kk = инновация ; pos=noun ; type=full ; status=preferred\n"
	"kk = жаңа енгізу ; type=variant ; status=admitted ; note=calque; of ru нововведение\n"
	"ru = инновация\n"
	"ru = нововведение ; status=admitted\n"
	"sr = иновација ; pos=noun\n"
	"ctx.kk = corpus/a.txt:2 | Инновация – жаңа бұйымдар\n"
	"note = first note\n"
	"note = second note\n"
	"\n"
	"[patent]\n"
	"en = patent\n"
	"kk = патент\n"
	"ru = патент\n"
	"sr = патент\n";

START_TEST(gloss_fields)
{
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "g.db");
	char *path = write_file(dir, "good.gloss", good_gloss);
	ct_import_stats st;
	import_ok(idx, path, CT_GFORMAT_AUTO, &st);
	ck_assert_uint_eq(st.concepts, 2);
	ck_assert_uint_eq(st.terms, 10);
	ck_assert_uint_eq(st.replaced, 0);

	ASSERT_Q(idx, "SELECT gloss_en || '|' || def || '|' || domain || '|' || note FROM concept WHERE slug = 'innovation'",
	         "innovation|A new or significantly improved product, process or method.|innovation policy|first note\nsecond note");
	ASSERT_Q(idx, "SELECT line FROM concept WHERE slug = 'innovation'", "3");
	ASSERT_Q(idx, "SELECT line FROM concept WHERE slug = 'patent'", "16");
	/* defaults: pos noun, type full, status preferred; note= takes the rest of the line */
	assert_term(idx, "innovation", "kk", 0, "инновация|noun|full|preferred|");
	assert_term(idx, "innovation", "kk", 1, "жаңа енгізу|noun|variant|admitted|calque; of ru нововведение");
	assert_term(idx, "innovation", "ru", 1, "нововведение|noun|full|admitted|");
	/* the English gloss is a term too, so that lookup works in English */
	assert_term(idx, "innovation", "en", 0, "innovation|noun|full|preferred|");
	ASSERT_Q(idx, "SELECT lang || '|' || doc || '|' || line || '|' || text FROM ctx",
	         "kk|corpus/a.txt|2|Инновация – жаңа бұйымдар");
	/* keys for lookup and matching */
	ASSERT_Q(idx, "SELECT norm || '|' || fold || '|' || nwords FROM term WHERE term = 'жаңа енгізу'",
	         "жаңа енгізу|жана енгизу|2");
	ASSERT_Q(idx, "SELECT skel FROM term WHERE lang = 'sr' AND term = 'иновација'", "inovacija");
	ASSERT_Q(idx, "SELECT substr(keys, 1, 1) FROM term WHERE lang = 'ru' AND term = 'нововведение'", "#");

	/* importing the same file again replaces, it does not duplicate */
	import_ok(idx, path, CT_GFORMAT_GLOSS, &st);
	ck_assert_uint_eq(st.replaced, 2);
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM concept"), 2);
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM term"), 10);
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM ctx"), 1);

	ct_index_free(idx);
	free(path);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(gloss_errors_name_their_line)
{
	static const struct {
		const char *text, *error;
	} cases[] = {
		{"[a]\nen = a\nkk = а ; staus=preferred\n", "bad.gloss:3: unknown attribute 'staus' (pos, type, status, note)"},
		{"[a]\nen = a\nkk = а ; status=prefered\n",
		 "bad.gloss:3: status must be preferred, admitted or deprecated, not 'prefered'"},
		{"[a]\nen = a\nru = а ; type=short\n", "bad.gloss:3: type must be full, abbrev or variant, not 'short'"},
		{"# c\n\n[a]\nkk = а\n", "bad.gloss:3: concept [a] has no English gloss (add 'en = ...')"},
		{"[a]\nen = a\n\nkk = а\n",
		 "bad.gloss:4: 'kk =' outside a concept: start one with [id] (a blank line ends a concept)"},
		{"[a]\nen = a\n\n[a]\nen = b\n", "bad.gloss:4: concept 'a' is defined twice (first at bad.gloss:1)"},
		{"[A b]\n", "bad.gloss:1: concept id '[A b]' may contain only a-z, 0-9 and _"},
		{"[a]\nen = a\nctx.kk = corpus/x.txt | text\n", "bad.gloss:3: context source 'corpus/x.txt' is not FILE:LINE"},
		{"[a]\nen = a\nen = b\n", "bad.gloss:3: 'en' given twice in [a] (first at line 2)"},
		{"[a]\nen = a\nfr = a\n",
		 "bad.gloss:3: unknown key 'fr' (en, def, domain, note, kk, ru, sr, ctx.kk, ctx.ru, ctx.sr)"},
		{"[a]\nen = a\nkk = а\nkk = а ; status=admitted\n",
		 "bad.gloss:4: kk term 'а' is listed twice in [a] (first at line 3)"},
		{"[a]\nen = a\nkk =  ; pos=noun\n", "bad.gloss:3: empty kk term"},
		{"[a]\nen = a\nsr = \xD0\xB0\xFF\n", "bad.gloss:3: invalid UTF-8 (byte 18); save the file as UTF-8"},
		{"[a]\nen = a\nkk\n", "bad.gloss:3: expected 'key = value', '[id]' or a '#' comment"},
	};
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "g.db");
	char *good = write_file(dir, "good.gloss", good_gloss);
	import_ok(idx, good, CT_GFORMAT_GLOSS, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *bad = write_file(dir, "bad.gloss", cases[i].text);
		int rc = ct_glossary_import(idx, bad, CT_GFORMAT_GLOSS, NULL);
		ck_assert_msg(rc == CT_ESYNTAX || rc == CT_EUTF8, "case %zu: rc %d", i, rc);
		ASSERT_ERR(idx, dir, cases[i].error);
		free(bad);
	}
	/* a file with an error changes nothing */
	char *bad = write_file(dir, "bad.gloss", "[patent]\nen = patent\nkk = жаңа\n\n[x]\nen = x\nkk = а ; status=no\n");
	ck_assert_int_eq(ct_glossary_import(idx, bad, CT_GFORMAT_GLOSS, NULL), CT_ESYNTAX);
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM concept"), 2);
	assert_term(idx, "patent", "kk", 0, "патент|noun|full|preferred|");
	ct_index_free(idx);
	free(bad);
	free(good);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* ------------------------------------------------------------ TBX in */

START_TEST(tbx_v2_from_another_tool)
{
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "g.db");
	ct_import_stats st;
	import_ok(idx, DATA("glossary_v2.tbx"), CT_GFORMAT_AUTO, &st);
	ck_assert_uint_eq(st.concepts, 3);
	ck_assert_uint_eq(st.terms, 19);

	ASSERT_Q(idx,
	         "SELECT gloss_en || '|' || domain || '|' || def || '|' || note FROM concept WHERE slug = 'tech_transfer'",
	         "technology transfer|innovation policy|The movement of knowledge and technology from research "
	         "organisations to industry.|Entry reviewed by the Almaty team.\nSee also: commercialisation.");
	ASSERT_Q(idx, "SELECT source || ':' || line FROM concept WHERE slug = 'tech_transfer'",
	         CT_SOURCE_DIR "/tests/data/glossary_v2.tbx:19");
	/* ntig: term and termNotes inside termGrp, status and note beside it */
	assert_term(idx, "tech_transfer", "kk", 0, "технологиялар трансфері|noun|full|preferred|Used in the law on innovation.");
	assert_term(idx, "tech_transfer", "kk", 1, "технология трансфері||full|admitted|");
	/* tig */
	assert_term(idx, "tech_transfer", "ru", 0, "трансфер технологий|noun|full|preferred|");
	assert_term(idx, "tech_transfer", "ru", 1,
	            "передача технологий|noun|full|admitted|Older texts; \"передача\" & \"трансфер\" alternate.");
	assert_term(idx, "tech_transfer", "sr", 0, "трансфер технологије|noun|full|preferred|");
	assert_term(idx, "tech_transfer", "en", 0, "technology transfer|noun|full|preferred|");
	/* languages cyrterm does not keep are left out */
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM term WHERE term = 'Technologietransfer'"), 0);
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM term WHERE lang NOT IN ('kk', 'ru', 'sr', 'en')"), 0);

	/* abbreviation and acronym are abbrev; no status means preferred */
	assert_term(idx, "r_and_d", "en", 0, "research and development|noun|full|preferred|");
	assert_term(idx, "r_and_d", "en", 1, "R&D|noun|abbrev|admitted|");
	assert_term(idx, "r_and_d", "kk", 1, "ҒЗТКЖ||abbrev|admitted|");
	assert_term(idx, "r_and_d", "ru", 1, "НИОКР|noun|abbrev|admitted|");
	ASSERT_Q(idx, "SELECT ifnull(def, 'NULL') || '|' || ifnull(note, 'NULL') FROM concept WHERE slug = 'r_and_d'",
	         "NULL|NULL");

	/* deprecated, and superseded read as deprecated */
	assert_term(idx, "know_how", "ru", 1, "секрет производства|noun|full|deprecated|Legal texts only.");
	assert_term(idx, "know_how", "sr", 0, "know-how|noun|full|deprecated|");
	assert_term(idx, "know_how", "sr", 1, "знање и искуство|noun|full|preferred|");
	ct_index_free(idx);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static const char tbx_v3[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed:3.0\">\n"
	"  <tbxHeader><fileDesc><sourceDesc><p>other tool</p></sourceDesc></fileDesc></tbxHeader>\n"
	"  <text>\n"
	"    <body>\n"
	"      <conceptEntry id=\"venture_capital\">\n"
	"        <descrip type=\"subjectField\">finance and investment</descrip>\n"
	"        <langSec xml:lang=\"ru\">\n"
	"          <descrip type=\"definition\">Капитал, вкладываемый в новые компании.</descrip>\n"
	"          <termSec>\n"
	"            <term>венчурный капитал</term>\n"
	"            <termNote type=\"partOfSpeech\">noun</termNote>\n"
	"            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\n"
	"            <descripGrp>\n"
	"              <descrip type=\"context\">Венчурный капитал растёт.</descrip>\n"
	"              <admin type=\"source\">corpus/ru.txt:7</admin>\n"
	"            </descripGrp>\n"
	"          </termSec>\n"
	"          <termSec>\n"
	"            <term>рисковый капитал</term>\n"
	"            <termNote type=\"termType\">variant</termNote>\n"
	"            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>\n"
	"            <note>Calque.</note>\n"
	"            <note>Rare.</note>\n"
	"          </termSec>\n"
	"        </langSec>\n"
	"        <langSec xml:lang=\"en-GB\">\n"
	"          <descripGrp><descrip type=\"definition\">Capital invested in new companies.</descrip>\n"
	"            <admin type=\"source\">OED</admin></descripGrp>\n"
	"          <termSec>\n"
	"            <term>venture capital</term>\n"
	"            <termNote type=\"partOfSpeech\">noun</termNote>\n"
	"          </termSec>\n"
	"        </langSec>\n"
	"        <langSec xml:lang=\"kk\">\n"
	"          <termSec><term>венчурлық капитал</term><termNote type=\"partOfSpeech\">adjective</termNote></termSec>\n"
	"        </langSec>\n"
	"      </conceptEntry>\n"
	"    </body>\n"
	"  </text>\n"
	"</tbx>\n";

START_TEST(tbx_v3_import)
{
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "g.db");
	char *path = write_file(dir, "v3.tbx", tbx_v3);
	ct_import_stats st;
	import_ok(idx, path, CT_GFORMAT_TBX, &st);
	ck_assert_uint_eq(st.concepts, 1);
	ck_assert_uint_eq(st.terms, 4);
	/* the English definition becomes the definition, the Russian one a note */
	ASSERT_Q(idx, "SELECT gloss_en || '|' || domain || '|' || def || '|' || note || '|' || line FROM concept",
	         "venture capital|finance and investment|Capital invested in new companies.|"
	         "definition (ru): Капитал, вкладываемый в новые компании.|6");
	assert_term(idx, "venture_capital", "ru", 0, "венчурный капитал|noun|full|preferred|");
	assert_term(idx, "venture_capital", "ru", 1, "рисковый капитал||variant|deprecated|Calque.\nRare.");
	assert_term(idx, "venture_capital", "kk", 0, "венчурлық капитал|adj|full|preferred|");
	ASSERT_Q(idx, "SELECT lang || '|' || doc || '|' || line || '|' || text FROM ctx",
	         "ru|corpus/ru.txt|7|Венчурный капитал растёт.");
	ct_index_free(idx);
	free(path);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* -------------------------------------------------------- TSV/CSV in */

START_TEST(spreadsheet_import)
{
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "g.db");
	ct_import_stats st;
	import_ok(idx, DATA("simple.csv"), CT_GFORMAT_AUTO, &st);
	ck_assert_uint_eq(st.concepts, 3);
	ck_assert_uint_eq(st.terms, 13);
	/* no id column: slugs from the English column */
	ASSERT_Q(idx, "SELECT group_concat(slug, ' ') FROM (SELECT slug FROM concept ORDER BY slug)",
	         "innovation novelty science_technology_and_innovation");
	/* a quoted field keeps its comma */
	assert_term(idx, "science_technology_and_innovation", "kk", 0, "ғылым, техника және инновация||full|preferred|");
	assert_term(idx, "science_technology_and_innovation", "en", 0, "science, technology and innovation||full|preferred|");
	/* several terms in one cell, in order of preference */
	assert_term(idx, "novelty", "ru", 0, "новшество||full|preferred|");
	assert_term(idx, "novelty", "ru", 1, "нововведение||full|preferred|");
	ASSERT_Q(idx, "SELECT source || ':' || line FROM concept WHERE slug = 'novelty'",
	         CT_SOURCE_DIR "/tests/data/simple.csv:4");

	/* TSV with the per-term columns, escapes, and a ';'-delimited CSV */
	char *tsv = write_file(dir, "g.tsv",
	                       "ID\tru\tru_status\tru_note\ten\tnote\n"
	                       "grant\tгрант; субсидия\tpreferred; deprecated\t; not a synonym\\; a subsidy\tgrant\tline 1\\nline 2\\\\x\n");
	import_ok(idx, tsv, CT_GFORMAT_AUTO, &st);
	assert_term(idx, "grant", "ru", 1, "субсидия||full|deprecated|not a synonym; a subsidy");
	ASSERT_Q(idx, "SELECT note FROM concept WHERE slug = 'grant'", "line 1\nline 2\\x");
	char *semi = write_file(dir, "semi.csv", "\xEF\xBB\xBFid;kk;en\r\nk1;\"а; ә\";x\r\n");
	import_ok(idx, semi, CT_GFORMAT_CSV, &st);
	assert_term(idx, "k1", "kk", 1, "ә||full|preferred|");
	/* language tags as headers, and the empty trailing column spreadsheets add */
	char *tags = write_file(dir, "tags.csv", "id,kk-KZ,ru_RU,sr-Cyrl-RS,EN,\nt1,а,б,в,g,\n");
	import_ok(idx, tags, CT_GFORMAT_CSV, &st);
	ASSERT_Q(idx, "SELECT group_concat(lang || '=' || term, ' ') FROM term WHERE concept = (SELECT id FROM concept WHERE slug = 't1')",
	         "kk=а ru=б sr=в en=g");
	free(tags);

	/* bad rows name their line; nothing is imported */
	static const struct {
		const char *name, *text, *error;
	} bad[] = {
		{"b1.tsv", "id\tru\tru_status\nx\tа; б\tpreferred\n", "b1.tsv:2: column ru_status has 1 values for 2 ru terms (separate them with ';')"},
		{"b2.csv", "kk,ru\nа,б\n\"в,г\n", "b2.csv:3: quoted field is not closed (a '\"' is missing)"},
		{"b3.csv", "kk,colour\nа,red\n", "b3.csv:1: unknown column 'colour' (known: id, kk, ru, sr, en, definition, domain, note, and kk_pos, kk_type, kk_status, kk_note for each language)"},
		{"b4.csv", "id,kk\na,а\na,б\n", "b4.csv:3: concept 'a' is defined twice (first at b4.csv:2)"},
		{"b5.csv", "id,kk,en\na,,\n", "b5.csv:2: row has no terms in kk, ru, sr or en"},
		{"b6.csv", "kk,ru\nа,б,в\n", "b6.csv:2: row has 3 cells, the header names 2 columns"},
		{"b7.tsv", "id\tkk\tkk_type\nx\tа\tlong\n", "b7.tsv:2: kk_type must be full, abbrev or variant, not 'long'"},
		{"b8.csv", "kk,kk_comment\nа,b\n", "b8.csv:1: unknown column 'kk_comment' (known: id, kk, ru, sr, en, definition, domain, note, and kk_pos, kk_type, kk_status, kk_note for each language)"},
		{"b9.csv", "kk,\nа,b\n", "b9.csv:2: a value in column 2, which the header does not name"},
	};
	long before = qn(idx, "SELECT count(*) FROM concept");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *p = write_file(dir, bad[i].name, bad[i].text);
		ck_assert_int_eq(ct_glossary_import(idx, p, CT_GFORMAT_AUTO, NULL), CT_ESYNTAX);
		ASSERT_ERR(idx, dir, bad[i].error);
		free(p);
	}
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM concept"), before);
	ct_index_free(idx);
	free(tsv);
	free(semi);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* --------------------------------------------------------- round trips */

/* Values that test every escape of every format. */
static const char tricky_gloss[] =
	"[tricky_one]\n"
	"en = a \"quoted\" <gloss> & more\n"
	"def = Commas, semicolons; tabs\tand back\\slashes.\n"
	"domain = technology\n"
	"kk = бір ; pos=noun ; status=preferred ; note=has ; and \\ and \"quotes\", commas\n"
	"kk = үш ; pos=verb ; type=abbrev ; status=deprecated\n"
	"ru = один ; pos=adj ; type=variant ; status=admitted ; note=<tag> & entity\n"
	"sr = један\n"
	"ctx.kk = corpus/a.txt:3 | Бір екі үш.\n"
	"ctx.sr = corpus/b.txt:10 | Један, два & три.\n"
	"note = first; note\n"
	"note = second, \"note\"\n";

static void round_trip(ct_index *src, const char *dir, ct_gformat fmt, const char *name)
{
	size_t na, nb;
	char *a = export_str(src, fmt, &na);
	char *path = tu_path(dir, name);
	tu_write(path, a, na);
	char *dbname = malloc(strlen(name) + 4);
	sprintf(dbname, "%s.db", name);
	ct_index *dst = open_index(dir, dbname);
	import_ok(dst, path, fmt, NULL);
	char *b = export_str(dst, fmt, &nb);
	ck_assert_msg(na == nb && memcmp(a, b, na) == 0, "%s: the second export differs from the first", name);
	ct_index_free(dst);
	free(dbname);
	free(path);
	free(a);
	free(b);
}

START_TEST(round_trips_are_byte_identical)
{
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "src.db");
	char *tricky = write_file(dir, "tricky.gloss", tricky_gloss);
	import_ok(idx, DATA("glossary_v2.tbx"), CT_GFORMAT_AUTO, NULL);
	import_ok(idx, DATA("simple.csv"), CT_GFORMAT_AUTO, NULL);
	import_ok(idx, tricky, CT_GFORMAT_AUTO, NULL);
	round_trip(idx, dir, CT_GFORMAT_GLOSS, "rt.gloss");
	char *gl = export_str(idx, CT_GFORMAT_GLOSS, NULL);
	ck_assert(tu_contains(gl, "\n[tricky_one]\n"
	                          "en = a \"quoted\" <gloss> & more\n"
	                          "def = Commas, semicolons; tabs and back\\slashes.\n"
	                          "domain = technology\n"
	                          "kk = бір ; pos=noun ; type=full ; status=preferred ; note=has ; and \\ and \"quotes\", commas\n"
	                          "kk = үш ; pos=verb ; type=abbrev ; status=deprecated\n"
	                          "ru = один ; pos=adj ; type=variant ; status=admitted ; note=<tag> & entity\n"
	                          "sr = један ; pos=noun ; type=full ; status=preferred\n"
	                          "ctx.kk = corpus/a.txt:3 | Бір екі үш.\n"
	                          "ctx.sr = corpus/b.txt:10 | Један, два & три.\n"
	                          "note = first; note\n"
	                          "note = second, \"note\"\n"));
	free(gl);
	char *semi = write_file(dir, "semi.tsv", "id\tkk\ten\nsemi\tа\\\\;б\tsemi colon\n");
	import_ok(idx, semi, CT_GFORMAT_AUTO, NULL);
	assert_term(idx, "semi", "kk", 0, "а;б||full|preferred|");
	/* what .gloss cannot hold is refused, not written wrong */
	FILE *devnull = fopen("/dev/null", "w");
	ck_assert_int_eq(ct_glossary_export(idx, CT_GFORMAT_GLOSS, devnull), CT_EINVAL);
	fclose(devnull);
	ck_assert_str_eq(ct_index_errmsg(idx), "concept 'semi': kk term 'а;б' contains ';', which the .gloss format cannot "
	                                       "hold; export as tbx");
	assert_term(idx, "tricky_one", "kk", 0, "бір|noun|full|preferred|has ; and \\ and \"quotes\", commas");

	round_trip(idx, dir, CT_GFORMAT_TBX, "rt.tbx");
	round_trip(idx, dir, CT_GFORMAT_TSV, "rt.tsv");
	round_trip(idx, dir, CT_GFORMAT_CSV, "rt.csv");

	/* what the exports say */
	char *tbx = export_str(idx, CT_GFORMAT_TBX, NULL);
	ck_assert(tu_contains(tbx, "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">"));
	ck_assert(tu_contains(tbx, "<conceptEntry id=\"know_how\">"));
	ck_assert(tu_contains(tbx, "            <term>секрет производства</term>\n"
	                           "            <termNote type=\"partOfSpeech\">noun</termNote>\n"
	                           "            <termNote type=\"termType\">fullForm</termNote>\n"
	                           "            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>\n"
	                           "            <note>Legal texts only.</note>\n"));
	ck_assert(tu_contains(tbx, "<term>R&amp;D</term>"));
	ck_assert(tu_contains(tbx, "<descrip type=\"context\">Бір екі үш.</descrip>\n"
	                           "              <admin type=\"source\">corpus/a.txt:3</admin>"));
	char *tsv = export_str(idx, CT_GFORMAT_TSV, NULL);
	ck_assert(tu_contains(tsv, "id\tkk\tru\tsr\ten\tdefinition\tdomain\tnote\tkk_pos\tkk_type\tkk_status\tkk_note\t"
	                           "ru_pos\tru_type\tru_status\tru_note\tsr_pos\tsr_type\tsr_status\tsr_note\t"
	                           "en_pos\ten_type\ten_status\ten_note\n"));
	ck_assert(tu_contains(tsv, "\nknow_how\tноу-хау\tноу-хау; секрет производства\tknow-how; знање и искуство\tknow-how\t"));
	ck_assert(tu_contains(tsv, "\tpreferred; deprecated\t; Legal texts only.\t"));
	ck_assert(tu_contains(tsv, "\tfirst; note\\nsecond, \"note\"\t"));
	/* ';' and '\\' inside a term or note are escaped, then TSV escapes '\\' */
	ck_assert(tu_contains(tsv, "\thas \\\\; and \\\\\\\\ and \"quotes\", commas; \t"));
	ck_assert(tu_contains(tsv, "\nsemi\tа\\\\;б\t"));
	char *csv = export_str(idx, CT_GFORMAT_CSV, NULL);
	ck_assert(tu_contains(csv, "\r\nscience_technology_and_innovation,\"ғылым, техника және инновация\","));
	ck_assert(tu_contains(csv, "\"first; note\nsecond, \"\"note\"\"\""));
	ck_assert(tu_contains(csv, "\r\nsemi,а\\;б,"));

	/* TBX keeps everything the spreadsheet columns show */
	char *tbx_path = write_file(dir, "via.tbx", tbx);
	ct_index *via = open_index(dir, "via.db");
	import_ok(via, tbx_path, CT_GFORMAT_TBX, NULL);
	char *tsv2 = export_str(via, CT_GFORMAT_TSV, NULL);
	ck_assert_str_eq(tsv2, tsv);
	ct_index_free(via);

	free(tbx_path);
	free(tsv2);
	free(tbx);
	free(tsv);
	free(csv);
	free(semi);
	free(tricky);
	ct_index_free(idx);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(bundled_glossary_round_trips)
{
	struct stat sb;
	if (stat(CT_SOURCE_DIR "/dict", &sb) != 0)
		return; /* no bundled glossary in this tree */
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "g.db");
	int rc = ct_glossary_sync_dir(idx, CT_SOURCE_DIR "/dict", CT_SOURCE_DIR);
	ck_assert_msg(rc == CT_OK, "%s", ct_index_errmsg(idx));
	ck_assert_int_gt(qn(idx, "SELECT count(*) FROM concept"), 0);
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM concept WHERE source NOT LIKE 'dict/%.gloss'"), 0);
	round_trip(idx, dir, CT_GFORMAT_TBX, "dict.tbx");
	round_trip(idx, dir, CT_GFORMAT_TSV, "dict.tsv");
	round_trip(idx, dir, CT_GFORMAT_CSV, "dict.csv");
	round_trip(idx, dir, CT_GFORMAT_GLOSS, "dict.gloss");
	ct_index_free(idx);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* ------------------------------------------------------- hostile XML */

START_TEST(external_entity_refused_unread)
{
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "g.db");
	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE martif [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
		"<martif type=\"TBX\"><text><body><termEntry id=\"x\"><langSet xml:lang=\"ru\">"
		"<tig><term>&xxe;</term></tig></langSet></termEntry></body></text></martif>\n";
	char *path = write_file(dir, "xxe.tbx", xxe);
	ck_assert_int_eq(ct_glossary_import(idx, path, CT_GFORMAT_AUTO, NULL), CT_EFORMAT);
	ck_assert(tu_contains(ct_index_errmsg(idx), "xxe.tbx:2: external entities / entity declarations are not allowed"));
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM concept"), 0);
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM term WHERE term LIKE '%root:%'"), 0);

	/* proof that the entity's file is never opened: a FIFO holding a
	 * marker still holds it afterwards */
	char *fifo = tu_path(dir, "secret");
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	int rfd = open(fifo, O_RDONLY | O_NONBLOCK);
	int wfd = open(fifo, O_WRONLY | O_NONBLOCK);
	ck_assert_int_ge(rfd, 0);
	ck_assert_int_ge(wfd, 0);
	ck_assert_int_eq(write(wfd, "SECRET\n", 7), 7);
	char doc[1024];
	snprintf(doc, sizeof(doc),
	         "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [\n<!ENTITY s SYSTEM \"file://%s\">\n]>\n"
	         "<tbx type=\"TBX-Basic\"><text><body><conceptEntry id=\"c\"><langSec xml:lang=\"kk\">"
	         "<termSec><term>&s;</term></termSec></langSec></conceptEntry></body></text></tbx>\n",
	         fifo);
	char *path2 = write_file(dir, "xxe2.tbx", doc);
	ck_assert_int_eq(ct_glossary_import(idx, path2, CT_GFORMAT_TBX, NULL), CT_EFORMAT);
	ck_assert(tu_contains(ct_index_errmsg(idx), "xxe2.tbx:3: external entities / entity declarations are not allowed"));
	char got[16] = {0};
	ck_assert_int_eq(read(rfd, got, sizeof(got) - 1), 7);
	ck_assert_str_eq(got, "SECRET\n");
	close(rfd);
	close(wfd);

	/* an entity the parser cannot resolve is refused, not dropped */
	char *path3 = write_file(dir, "ref.tbx",
	                         "<?xml version=\"1.0\"?>\n<!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\">\n"
	                         "<martif><text><body><termEntry id=\"x\"><langSet xml:lang=\"ru\">\n"
	                         "<tig><term>a&nbsp;b</term></tig></langSet></termEntry></body></text></martif>\n");
	ck_assert_int_eq(ct_glossary_import(idx, path3, CT_GFORMAT_TBX, NULL), CT_EFORMAT);
	ck_assert(tu_contains(ct_index_errmsg(idx), "ref.tbx:4: entity reference &nbsp; is not allowed"));
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM concept"), 0);
	ct_index_free(idx);
	free(path);
	free(path2);
	free(path3);
	free(fifo);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(billion_laughs_refused)
{
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "g.db");
	ct_buf b = {0};
	ct_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [\n <!ENTITY lol \"lol\">\n");
	for (int i = 1; i <= 9; i++) {
		ct_buf_printf(&b, " <!ENTITY lol%d \"", i);
		for (int k = 0; k < 10; k++)
			ct_buf_printf(&b, i == 1 ? "&lol;" : "&lol%d;", i - 1);
		ct_buf_puts(&b, "\">\n");
	}
	ct_buf_puts(&b, "]>\n<martif><text><body><termEntry id=\"x\"><langSet xml:lang=\"ru\">"
	                "<tig><term>&lol9;</term></tig></langSet></termEntry></body></text></martif>\n");
	char *path = write_file(dir, "lol.tbx", b.p);
	ck_assert_int_eq(ct_glossary_import(idx, path, CT_GFORMAT_AUTO, NULL), CT_EFORMAT);
	ck_assert(tu_contains(ct_index_errmsg(idx), "lol.tbx:3: external entities / entity declarations are not allowed"));
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM concept"), 0);

	/* and a file over the limit is refused before it is read */
	char *big = tu_path(dir, "big.tbx");
	FILE *f = fopen(big, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, (long)CT_GLOSSARY_MAX_BYTES, SEEK_SET), 0);
	fputc('>', f);
	fclose(f);
	ck_assert_int_eq(ct_glossary_import(idx, big, CT_GFORMAT_AUTO, NULL), CT_ETOOBIG);
	ck_assert(tu_contains(ct_index_errmsg(idx), "big.tbx: 67108865 bytes, more than the 64 MiB"));
	ct_buf_free(&b);
	ct_index_free(idx);
	free(path);
	free(big);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(broken_xml_reports_line)
{
	char *dir = tu_tmpdir();
	ct_index *idx = open_index(dir, "g.db");
	char *path = write_file(dir, "broken.tbx",
	                        "<?xml version=\"1.0\"?>\n"
	                        "<martif type=\"TBX\">\n"
	                        "  <text><body>\n"
	                        "    <termEntry id=\"x\">\n"
	                        "      <langSet xml:lang=\"ru\">\n"
	                        "        <tig><term>инновация</term></tig>\n"
	                        "      </langSet>\n"
	                        "    </termEntri>\n"
	                        "  </body></text>\n"
	                        "</martif>\n");
	ck_assert_int_eq(ct_glossary_import(idx, path, CT_GFORMAT_AUTO, NULL), CT_ESYNTAX);
	const char *msg = ct_index_errmsg(idx);
	ck_assert_msg(tu_contains(msg, "broken.tbx:8: XML error: Opening and ending tag mismatch: termEntry"), "%s", msg);
	/* a well-formed file that is not TBX */
	char *other = write_file(dir, "other.xml", "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"/>\n");
	ck_assert_int_eq(ct_glossary_import(idx, other, CT_GFORMAT_AUTO, NULL), CT_EFORMAT);
	ck_assert(tu_contains(ct_index_errmsg(idx), "other.xml:2: not a TBX file (the root element is <tmx>"));
	/* no termSec/term */
	char *noterm = write_file(dir, "noterm.tbx",
	                          "<tbx><text><body><conceptEntry id=\"a\">\n<langSec xml:lang=\"kk\">\n"
	                          "<termSec><termNote type=\"partOfSpeech\">noun</termNote></termSec>\n"
	                          "</langSec></conceptEntry></body></text></tbx>\n");
	ck_assert_int_eq(ct_glossary_import(idx, noterm, CT_GFORMAT_AUTO, NULL), CT_ESYNTAX);
	ck_assert(tu_contains(ct_index_errmsg(idx), "noterm.tbx:3: <termSec> without <term>"));
	ct_index_free(idx);
	free(path);
	free(other);
	free(noterm);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* ------------------------------------------------------------- check */

typedef struct problems {
	char *all;
	size_t n;
	const char *dir;
} problems;

static void on_problem(void *ctx, const char *msg)
{
	problems *p = ctx;
	char *m = strip_dir(msg, p->dir);
	size_t old = p->all ? strlen(p->all) : 0;
	p->all = realloc(p->all, old + strlen(m) + 2);
	strcpy(p->all + old, m);
	strcat(p->all, "\n");
	p->n++;
	free(m);
}

START_TEST(check_finds_problems)
{
	char *dir = tu_tmpdir();
	char *corpus = tu_path(dir, "corpus");
	ck_assert_int_eq(mkdir(corpus, 0755), 0);
	char *doc = write_file(corpus, "kk.txt", "Бірінші жол.\nИнновациялық  қызмет дамиды.\n");
	setenv("CYRTERM_DATA", dir, 1);
	ct_index *idx = open_index(dir, "g.db");
	char *path = write_file(dir, "c.gloss",
	                        "[activity]\n"
	                        "en = innovation activity\n"
	                        "kk = инновациялық қызмет\n"
	                        "ru = инновационная қызмет\n"
	                        "sr = иновациона делатност\n"
	                        "ctx.kk = corpus/kk.txt:2 | Инновациялық қызмет дамиды.\n"
	                        "ctx.kk = corpus/kk.txt:1 | Инновациялық қызмет дамиды.\n"
	                        "ctx.kk = corpus/kk.txt:1 | Жоқ сөйлем.\n"
	                        "ctx.ru = corpus/missing.txt:1 | Not checked: the file is not there.\n"
	                        "\n"
	                        "[no_serbian]\n"
	                        "en = no serbian\n"
	                        "kk = қызмет ; status=admitted\n"
	                        "ru = служба\n"
	                        "\n"
	                        "[serbian_letters]\n"
	                        "en = object\n"
	                        "kk = объект\n"
	                        "ru = oбъект\n"
	                        "sr = объекат\n");
	import_ok(idx, path, CT_GFORMAT_GLOSS, NULL);
	problems p = {NULL, 0, dir};
	int n = ct_glossary_check(idx, on_problem, &p);
	ck_assert_msg(n == 7, "%d problems:\n%s", n, p.all);
	ck_assert_uint_eq(p.n, 7);
	ck_assert_str_eq(p.all,
	                 "c.gloss:1: concept 'activity': a Kazakh letter in a Russian term: 'қ' (U+049B) in \"инновационная қызмет\"\n"
	                 "c.gloss:1: concept 'activity': Kazakh context cited as corpus/kk.txt:1 is on line 2\n"
	                 "c.gloss:1: concept 'activity': Kazakh context not found in corpus/kk.txt: \"Жоқ сөйлем.\"\n"
	                 "c.gloss:11: concept 'no_serbian': no preferred Kazakh term\n"
	                 "c.gloss:11: concept 'no_serbian': no Serbian term\n"
	                 "c.gloss:16: concept 'serbian_letters': a Latin letter inside a Cyrillic word (a look-alike?): 'o' (U+006F) in \"oбъект\"\n"
	                 "c.gloss:16: concept 'serbian_letters': a letter Serbian does not have: 'ъ' (U+044A) in \"объекат\"\n");
	/* duplicates across concepts (by normalised form) */
	char *dup = write_file(dir, "d.gloss", "[service]\nen = service\nkk = ҚЫЗМЕТ\nru = услуга\nsr = услуга\n");
	import_ok(idx, dup, CT_GFORMAT_GLOSS, NULL);
	free(p.all);
	p.all = NULL;
	p.n = 0;
	n = ct_glossary_check(idx, on_problem, &p);
	ck_assert_msg(n == 8, "%d problems:\n%s", n, p.all);
	ck_assert_msg(tu_contains(p.all, "d.gloss:1: concept 'service': Kazakh term \"ҚЫЗМЕТ\" is also a term of concept "
	                                 "'no_serbian' (c.gloss:11)\n"), "%s", p.all);
	free(p.all);
	ct_index_free(idx);
	unsetenv("CYRTERM_DATA");
	free(dup);
	free(path);
	free(doc);
	free(corpus);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* ------------------------------------------------------ bundled dict */

START_TEST(sync_dir_loads_bundled_keeps_imported)
{
	char *dir = tu_tmpdir();
	char *dict = tu_path(dir, "dict");
	ck_assert_int_eq(mkdir(dict, 0755), 0);
	char *a = write_file(dict, "a.gloss", "[alpha]\nen = alpha\nkk = альфа\nru = альфа\nsr = алфа\n");
	char *b = write_file(dict, "b.gloss", "[beta]\nen = beta\nkk = бета\nru = бета\nsr = бета\n");
	ct_index *idx = open_index(dir, "g.db");

	/* no dict folder: nothing to do */
	char *none = tu_path(dir, "nodict");
	ck_assert_int_eq(ct_glossary_sync_dir(idx, none, dir), CT_OK);
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM concept"), 0);

	ck_assert_int_eq(ct_glossary_sync_dir(idx, dict, dir), CT_OK);
	ASSERT_Q(idx, "SELECT group_concat(slug || '@' || source || ':' || line, ' ') FROM (SELECT * FROM concept ORDER BY slug)",
	         "alpha@dict/a.gloss:1 beta@dict/b.gloss:1");
	char *hash = q1(idx, "SELECT value FROM meta WHERE key = 'glossary_hash'");
	ck_assert_uint_eq(strlen(hash), 16);

	/* a concept imported from elsewhere, one of them with a bundled slug */
	char *mine = write_file(dir, "mine.tsv", "id\tkk\ten\nbeta\tменің бетам\tmy beta\ngamma\tгамма\tgamma\n");
	import_ok(idx, mine, CT_GFORMAT_TSV, NULL);

	/* unchanged files: nothing is rewritten */
	ck_assert_int_eq(ct_glossary_sync_dir(idx, dict, dir), CT_OK);
	assert_term(idx, "beta", "kk", 0, "менің бетам||full|preferred|");

	/* a changed file: the bundled concepts are replaced, the imported kept */
	static const char changed[] = "[alpha2]\nen = alpha\nkk = альфа\n";
	tu_write(a, changed, strlen(changed));
	ck_assert_int_eq(ct_glossary_sync_dir(idx, dict, dir), CT_OK);
	ASSERT_Q(idx, "SELECT group_concat(slug || '@' || (source LIKE 'dict/%'), ' ') FROM (SELECT * FROM concept ORDER BY slug)",
	         "alpha2@1 beta@0 gamma@0");
	assert_term(idx, "beta", "kk", 0, "менің бетам||full|preferred|");
	char *hash2 = q1(idx, "SELECT value FROM meta WHERE key = 'glossary_hash'");
	ck_assert_str_ne(hash, hash2);
	/* an error in the bundled files leaves the index as it was */
	tu_write(b, "[beta]\nkk = бета\n", strlen("[beta]\nkk = бета\n"));
	ck_assert_int_eq(ct_glossary_sync_dir(idx, dict, dir), CT_ESYNTAX);
	ASSERT_ERR(idx, dir, "dict/b.gloss:1: concept [beta] has no English gloss (add 'en = ...')");
	ck_assert_int_eq(qn(idx, "SELECT count(*) FROM concept"), 3);
	ASSERT_Q(idx, "SELECT value FROM meta WHERE key = 'glossary_hash'", hash2);
	free(hash);
	free(hash2);
	ct_index_free(idx);
	free(a);
	free(b);
	free(none);
	free(mine);
	free(dict);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* ----------------------------------------------------------- term keys */

START_TEST(term_keys)
{
	ct_analyzer *a = NULL;
	ct_term_keys k;
	ck_assert_int_eq(ct_analyzer_new(&a), CT_OK);

	ck_assert_int_eq(ct_term_keys_compute(a, "Иновациона  делатност", strlen("Иновациона  делатност"), CT_LANG_SR, &k), CT_OK);
	ck_assert_str_eq(k.norm, "иновациона делатност");
	ck_assert_str_eq(k.fold, "иновациона делатност");
	ck_assert_str_eq(k.skel, "inovaciona delatnost");
	ck_assert_int_eq(k.nwords, 2);
	ck_assert(k.keys[0] == '#' && strchr(k.keys, ' ') && strchr(k.keys, ' ')[1] == '#');
	ct_term_keys_free(&k);

	/* Kazakh letters fold; Latin i inside a Kazakh word is і */
	ck_assert_int_eq(ct_term_keys_compute(a, "Қазiргi қызмет", strlen("Қазiргi қызмет"), CT_LANG_KK, &k), CT_OK);
	ck_assert_str_eq(k.norm, "қазіргі қызмет");
	ck_assert_str_eq(k.fold, "казирги кызмет");
	ck_assert_int_eq(k.nwords, 2);
	ck_assert(k.keys[0] == '#');
	ct_term_keys_free(&k);

	/* English: no stems, keys are the words */
	ck_assert_int_eq(ct_term_keys_compute(a, "Technology transfer", 19, CT_LANG_EN, &k), CT_OK);
	ck_assert_str_eq(k.norm, "technology transfer");
	ck_assert_str_eq(k.keys, "technology transfer");
	ck_assert_str_eq(k.skel, "technology transfer");
	ct_term_keys_free(&k);

	/* a word outside Cyrillic and Latin: no skeleton for the term */
	ck_assert_int_eq(ct_term_keys_compute(a, "ru α", strlen("ru α"), CT_LANG_RU, &k), CT_OK);
	ck_assert_str_eq(k.skel, "");
	ck_assert_int_eq(k.nwords, 2);
	ct_term_keys_free(&k);
	ct_analyzer_free(a);
}
END_TEST

START_TEST(format_names)
{
	ck_assert_int_eq(ct_gformat_from_name("tbx"), CT_GFORMAT_TBX);
	ck_assert_int_eq(ct_gformat_from_name("TSV"), CT_GFORMAT_TSV);
	ck_assert_int_eq(ct_gformat_from_name("csv"), CT_GFORMAT_CSV);
	ck_assert_int_eq(ct_gformat_from_name("gloss"), CT_GFORMAT_GLOSS);
	ck_assert_int_eq(ct_gformat_from_name("xlsx"), CT_GFORMAT_AUTO);
	ck_assert_int_eq(ct_gformat_from_name("tbxx"), CT_GFORMAT_AUTO);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("glossary");
	TCase *tc = tcase_create("store");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, format_names);
	tcase_add_test(tc, term_keys);
	tcase_add_test(tc, gloss_fields);
	tcase_add_test(tc, gloss_errors_name_their_line);
	tcase_add_test(tc, tbx_v2_from_another_tool);
	tcase_add_test(tc, tbx_v3_import);
	tcase_add_test(tc, spreadsheet_import);
	tcase_add_test(tc, round_trips_are_byte_identical);
	tcase_add_test(tc, bundled_glossary_round_trips);
	tcase_add_test(tc, external_entity_refused_unread);
	tcase_add_test(tc, billion_laughs_refused);
	tcase_add_test(tc, broken_xml_reports_line);
	tcase_add_test(tc, check_finds_problems);
	tcase_add_test(tc, sync_dir_loads_bundled_keeps_imported);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
