/*  test_scrape_parsers - every parser on every fixture page, good and broken,
    then validation of what came out. No network.
*/
#include "scrape_parse.h"
#include "scrape_validate.h"
#include "test_support.h"

#include <string.h>
#include "vc_check.h"

#define DAY_15 18976            //  2021-12-15
#define DAY_29 18990            //  2021-12-29
#define LAST_DAY 18993          //  2022-01-01, the latest day of a page here
#define HCM    79
#define HANOI  1

static vc_provinces_t *s_provinces;
static bool s_verbose;

//  Parse a fixture; returns the result (caller destroys) and the parser's rc.
static scrape_result_t *
s_parse (scrape_parser_t parser, const char *name, const char *charset, int *rc)
{
    size_t size;
    char *body = fixture_read (name, &size);
    scrape_result_t *result = scrape_result_new ();
    VC_CHECK (result);
    scrape_page_t page = { body, size, charset, DAY_15 + 2 };
    *rc = scrape_parse (parser, &page, s_provinces, result);
    VC_CHECK ((*rc == 0) == (scrape_result_error (result) == NULL));
    if (s_verbose)
        printf ("   %-32s %-13s rc=%d rows=%zu provinces=%zu warnings=%zu %s\n", name,
                scrape_parser_name (parser), *rc, scrape_result_size (result),
                scrape_result_provinces (result), scrape_result_warnings (result),
                *rc? scrape_result_error (result): "");
    free (body);
    return result;
}

static int64_t
s_value (scrape_result_t *result, int code, vc_day_t day, scrape_kind_t kind)
{
    int64_t value = -999;
    VC_CHECK (scrape_result_find (result, code, day, kind, &value) == 0);
    return value;
}

//  Validate with a minimum; returns rc and leaves the reason in reason.
static int
s_validate (scrape_result_t *result, size_t min_provinces, char *reason, size_t size)
{
    scrape_rules_t rules = { .min_provinces = min_provinces, .max_day = LAST_DAY + 1 };
    int rc = scrape_validate (result, &rules, s_provinces, reason, size);
    if (s_verbose && rc)
        printf ("   -> rejected: %s\n", reason);
    return rc;
}

static void
s_expect_rejected (scrape_parser_t parser, const char *name, size_t min, const char *reason)
{
    int rc;
    char why [256];
    scrape_result_t *result = s_parse (parser, name, NULL, &rc);
    VC_CHECK (s_validate (result, min, why, sizeof why) == -1);
    if (!strstr (why, reason)) {
        fprintf (stderr, "%s: rejected for '%s', expected '%s'\n", name, why, reason);
        abort ();
    }
    scrape_result_destroy (&result);
}

//  The totals table: no source of 2021-2022 served one as static HTML (the
//  home page's grid was filled by script), so the parser is checked on the
//  page the offline import reads, the snapshot's totals of 01-01-2022 laid
//  out as a table (data/raw/render.py): 49 provinces, every figure from the
//  snapshot.
#define SHIPPED_TOTALS SOURCE_DATA_DIR "/raw/snapshot-totals-2022-01-01.html"
#define DAY_0101 LAST_DAY       //  2022-01-01

static void
s_test_totals (void)
{
    int rc;
    char reason [256];
    scrape_result_t *result = s_parse (SCRAPE_PARSER_TOTALS_HTML, SHIPPED_TOTALS, NULL, &rc);
    VC_CHECK (rc == 0);
    VC_CHECK (scrape_result_provinces (result) == 49 && scrape_result_size (result) == 98);
    VC_CHECK (scrape_result_day (result) == DAY_0101);
    VC_CHECK (scrape_result_warnings (result) == 0);
    VC_CHECK (s_value (result, HCM, DAY_0101, SCRAPE_TOTAL) == 503813);
    VC_CHECK (s_value (result, HCM, DAY_0101, SCRAPE_DAILY) == 569);
    VC_CHECK (s_value (result, HANOI, DAY_0101, SCRAPE_DAILY) == 1748);     //  "+1.748"
    VC_CHECK (s_value (result, 77, DAY_0101, SCRAPE_TOTAL) == 26906);      //  "Bà Rịa - Vũng Tàu"
    VC_CHECK (s_value (result, 37, DAY_0101, SCRAPE_TOTAL) == 934);        //  Ninh Bình, last row
    VC_CHECK (s_validate (result, 45, reason, sizeof reason) == 0);
    scrape_result_destroy (&result);
    s_expect_rejected (SCRAPE_PARSER_TOTALS_HTML, "empty.html", 1, "empty page");
    s_expect_rejected (SCRAPE_PARSER_TOTALS_HTML, "real-bulletin-plo-2022-02-13.html", 1,
                       "no table with a province column");

    //  Cut inside its last row: what came before is read, the page is
    //  incomplete and refused
    size_t size;
    char *body = fixture_read (SHIPPED_TOTALS, &size);
    const char *last = "<td>Ninh B\xC3\xACnh</td><td>93";            //  "934" cut short
    char *cut = strstr (body, last);
    VC_CHECK (cut);
    result = VC_NEED (scrape_result_new ());
    scrape_page_t part = { body, (size_t) (cut - body) + strlen (last), NULL, DAY_0101 };
    VC_CHECK (scrape_parse_totals_html (&part, s_provinces, result) == 0);
    VC_CHECK (scrape_result_truncated (result));
    VC_CHECK (s_value (result, 14, DAY_0101, SCRAPE_TOTAL) == 1379);       //  Sơn La, before the cut
    VC_CHECK (scrape_result_find (result, 37, DAY_0101, SCRAPE_TOTAL, NULL) == -1);   //  Ninh Bình, cut
    VC_CHECK (s_validate (result, 1, reason, sizeof reason) == -1 && strstr (reason, "incomplete"));
    scrape_result_destroy (&result);

    //  The same table with "ngày 01/01" and no year: refused, never dated
    //  by the fetch day
    char *year = strstr (body, "01/01/2022");
    VC_CHECK (year);
    memmove (year + 5, year + 10, strlen (year + 10) + 1);
    result = VC_NEED (scrape_result_new ());
    scrape_page_t page = { body, strlen (body), NULL, DAY_0101 };
    VC_CHECK (scrape_parse_totals_html (&page, s_provinces, result) == -1);
    VC_CHECK (strcmp (scrape_result_error (result), "no date with its year in the page") == 0);
    scrape_result_destroy (&result);
    free (body);
}

//  The real bulletin of 15-12-2021 (baodongthap.vn: 61 provinces, 15 522
//  cases as stated) as served, and its variants in other encodings
//  (make_variants.py): read with the same figures, a label that lies noted.
static void
s_check_full_bulletin (const char *name, const char *charset, size_t warnings)
{
    int rc;
    char reason [256];
    scrape_result_t *result = s_parse (SCRAPE_PARSER_BULLETIN_HTML, name, charset, &rc);
    VC_CHECK (rc == 0);
    VC_CHECK (scrape_result_provinces (result) == 61 && scrape_result_size (result) == 61);
    VC_CHECK (scrape_result_day (result) == DAY_15);
    VC_CHECK (scrape_result_unknown (result) == 0);
    if (scrape_result_warnings (result) != warnings)
        fprintf (stderr, "%s: %zu warnings, expected %zu\n", name,
                 scrape_result_warnings (result), warnings);
    VC_CHECK (scrape_result_warnings (result) == warnings);
    VC_CHECK (s_value (result, HCM, DAY_15, SCRAPE_DAILY) == 1270);
    VC_CHECK (s_value (result, HANOI, DAY_15, SCRAPE_DAILY) == 1024);
    VC_CHECK (s_value (result, 77, DAY_15, SCRAPE_DAILY) == 238);          //  "Bà Rịa - Vũng Tàu"
    VC_CHECK (s_value (result, 46, DAY_15, SCRAPE_DAILY) == 329);          //  Thừa Thiên Huế
    VC_CHECK (s_value (result, 12, DAY_15, SCRAPE_DAILY) == 1);            //  Lai Châu, last
    int64_t sum = 0;
    for (size_t index = 0; index < scrape_result_size (result); index++)
        sum += scrape_result_at (result, index)->value;
    VC_CHECK (sum == 15522);
    VC_CHECK (s_validate (result, 50, reason, sizeof reason) == 0);
    scrape_result_destroy (&result);
}

static void
s_test_encodings (void)
{
    const char *real = "real-bulletin-baodongthap-2021-12-15.html";
    s_check_full_bulletin (real, NULL, 0);
    s_check_full_bulletin (real, "utf-8", 0);
    s_check_full_bulletin ("variant-bulletin-baodongthap-2021-12-15-cp1258.html", NULL, 0);
    s_check_full_bulletin ("variant-bulletin-baodongthap-2021-12-15-cp1258-mislabelled.html",
                           "windows-1258", 0);         //  HTTP tells the truth
    s_check_full_bulletin ("variant-bulletin-baodongthap-2021-12-15-cp1258-mislabelled.html", NULL, 1);
    s_check_full_bulletin ("variant-bulletin-baodongthap-2021-12-15-cp1258-mislabelled.html",
                           "utf-8", 1);                //  HTTP lies too
    s_check_full_bulletin ("variant-bulletin-baodongthap-2021-12-15-latin1-label.html", NULL, 1);

    //  Cut after its list: read, but incomplete and refused
    int rc;
    scrape_result_t *result = s_parse (SCRAPE_PARSER_BULLETIN_HTML,
                                       "variant-bulletin-baodongthap-2021-12-15-cut.html", NULL, &rc);
    VC_CHECK (rc == 0 && scrape_result_truncated (result));
    VC_CHECK (s_value (result, HCM, DAY_15, SCRAPE_DAILY) == 1270);
    scrape_result_destroy (&result);
    s_expect_rejected (SCRAPE_PARSER_BULLETIN_HTML, "variant-bulletin-baodongthap-2021-12-15-cut.html",
                       1, "incomplete");
}

//  Real copies (test_scrape_real reads all of them over HTTP; here the
//  dated one, cut short, and pages of other shapes).
static void
s_test_bulletins (void)
{
    int rc;
    char reason [256];
    scrape_result_t *result = s_parse (SCRAPE_PARSER_BULLETIN_HTML,
                                       "real-bulletin-baokhanhhoa-2021-12-29.html", NULL, &rc);
    VC_CHECK (rc == 0);
    VC_CHECK (scrape_result_day (result) == DAY_29);
    VC_CHECK (scrape_result_provinces (result) == 60 && scrape_result_size (result) == 60);
    VC_CHECK (scrape_result_unknown (result) == 0);
    VC_CHECK (s_value (result, HANOI, DAY_29, SCRAPE_DAILY) == 1766);
    VC_CHECK (s_value (result, HCM, DAY_29, SCRAPE_DAILY) == 702);
    VC_CHECK (s_validate (result, 1, reason, sizeof reason) == 0);
    scrape_result_destroy (&result);

    //  Fault variants of that page: cut anywhere inside its list
    size_t size;
    char *body = fixture_read ("real-bulletin-baokhanhhoa-2021-12-29.html", &size);
    const char *list = strstr (body, "H\xC3\xA0 N\xE1\xBB\x99i ghi nh");
    const char *end = strstr (body, "C\xC3\xB3 8.853 ca");
    VC_CHECK (list && end);
    for (size_t cut = (size_t) (list - body) + 20; cut < (size_t) (end - body); cut += 97) {
        result = VC_NEED (scrape_result_new ());
        scrape_page_t page = { body, cut, NULL, DAY_15 };
        VC_CHECK (scrape_parse_bulletin_html (&page, s_provinces, result) == -1
              ||  s_validate (result, 1, reason, sizeof reason) == -1);
        scrape_result_destroy (&result);
    }
    free (body);
    s_expect_rejected (SCRAPE_PARSER_BULLETIN_HTML, "real-covid19-gov-vn-2021-11-27.html", 1,
                       "no date with its year");
    s_expect_rejected (SCRAPE_PARSER_BULLETIN_HTML, "empty.html", 1, "empty page");
}

//  The national portal's reply of 19-09-2021 (63 provinces) as kept, and its
//  fault variants (make_variants.py).
#define DAY_0919 18889          //  2021-09-19

static void
s_test_feeds (void)
{
    int rc;
    char reason [256];
    const char *good [] = { "real-feed-ncsc-provinces-2021-09-19.json",
                            "variant-feed-ncsc-provinces-2021-09-19-wrapped.js" };
    size_t warnings = 0;
    for (int index = 0; index < 2; index++) {
        scrape_result_t *result = s_parse (SCRAPE_PARSER_FEED_JSON, good [index], NULL, &rc);
        VC_CHECK (rc == 0);
        VC_CHECK (scrape_result_day (result) == DAY_0919);
        VC_CHECK (scrape_result_provinces (result) == 63 && scrape_result_size (result) == 126);
        if (index == 0)
            warnings = scrape_result_warnings (result);
        VC_CHECK (scrape_result_warnings (result) == warnings + (size_t) index);     //  Wrapper noted
        VC_CHECK (s_value (result, HCM, DAY_0919, SCRAPE_TOTAL) == 337048);
        VC_CHECK (s_value (result, HCM, DAY_0919, SCRAPE_DAILY) == 5496);
        VC_CHECK (s_value (result, 92, DAY_0919, SCRAPE_DAILY) == 52);         //  Cần Thơ
        VC_CHECK (s_validate (result, 63, reason, sizeof reason) == 0);
        scrape_result_destroy (&result);
    }
    s_expect_rejected (SCRAPE_PARSER_FEED_JSON, "variant-feed-ncsc-provinces-2021-09-19-cut.json", 1,
                       "not a JSON feed");
    s_expect_rejected (SCRAPE_PARSER_FEED_JSON, "real-covid19-gov-vn-2021-11-27.html", 1,
                       "not a JSON feed");
    s_expect_rejected (SCRAPE_PARSER_FEED_JSON, "variant-feed-ncsc-provinces-2021-09-19-half.json", 50,
                       "only 30 provinces");
    s_expect_rejected (SCRAPE_PARSER_FEED_JSON, "variant-feed-ncsc-provinces-2021-09-19-negative.json", 50,
                       "negative daily count for C\xE1\xBA\xA7n Th\xC6\xA1");
    s_expect_rejected (SCRAPE_PARSER_FEED_JSON, "empty.html", 1, "empty page");
}

//  Every parser on every page that is not its own, and on binary bytes (the
//  kept .rds file, gzip data): an error with a reason, never a crash.
#define BINARY SOURCE_DATA_DIR "/raw/portal/covidregionaldata-Vietnam_level_1.rds"

static void
s_test_wrong_shapes (void)
{
    const struct { scrape_parser_t parser; const char *name; } cases [] = {
        { SCRAPE_PARSER_TOTALS_HTML, "real-bulletin-plo-2022-02-13.html" },
        { SCRAPE_PARSER_TOTALS_HTML, "real-feed-ncsc-provinces-2021-09-19.json" },
        { SCRAPE_PARSER_TOTALS_HTML, BINARY },
        { SCRAPE_PARSER_BULLETIN_HTML, "real-feed-ncsc-provinces-2021-09-19.json" },
        { SCRAPE_PARSER_BULLETIN_HTML, BINARY },
        { SCRAPE_PARSER_FEED_JSON, SHIPPED_TOTALS },
        { SCRAPE_PARSER_FEED_JSON, "real-bulletin-plo-2022-02-13.html" },
        { SCRAPE_PARSER_FEED_JSON, BINARY },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        int rc;
        scrape_result_t *result = s_parse (cases [index].parser, cases [index].name, NULL, &rc);
        VC_CHECK (rc == -1 && scrape_result_error (result));
        scrape_result_destroy (&result);
    }
}

//  Cut and corrupt the good pages in many ways; every parser must cope.
static void
s_test_mangled (void)
{
    const char *names [] = { SHIPPED_TOTALS, "real-bulletin-baokhanhhoa-2021-12-29.html",
                             "real-bulletin-moh-2021-10-03-wrapped.html",
                             "real-feed-ncsc-provinces-2021-09-19.json" };
    unsigned int seed = 12345;
    for (size_t file = 0; file < 4; file++) {
        size_t size;
        char *body = fixture_read (names [file], &size);
        for (int variant = 0; variant < 24; variant++) {
            char *copy = (char *) malloc (size + 1);
            VC_CHECK (copy);
            memcpy (copy, body, size + 1);
            size_t length = variant < 12? size * (size_t) variant / 12: size;
            for (int flip = 0; variant >= 12 && flip < variant * 4; flip++) {
                seed = seed * 1103515245u + 12345u;
                copy [(seed >> 8) % size] = (char) (seed >> 16);
            }
            for (int parser = SCRAPE_PARSER_TOTALS_HTML; parser <= SCRAPE_PARSER_FEED_JSON; parser++) {
                scrape_result_t *result = VC_NEED (scrape_result_new ());
                scrape_page_t page = { copy, length, NULL, DAY_15 };
                int rc = scrape_parse ((scrape_parser_t) parser, &page, s_provinces, result);
                VC_CHECK ((rc == 0) == (scrape_result_error (result) == NULL));
                scrape_result_destroy (&result);
            }
            free (copy);
        }
        free (body);
    }
}

//  Pages built to make a parser slow: each must be refused within 2 s.
static void
s_test_slow_pages (void)
{
    const char *units [] = { "(", "x 1 ca. ", "a (1) ", "H\xC3\xA0 N\xE1\xBB\x99i 1 ca, " };
    //  Under valgrind (memcheck tests) smaller pages, and no clock
    bool slow = getenv ("VC_UNDER_VALGRIND") != NULL;
    size_t size = slow? 256 * 1024: 4 * 1024 * 1024;
    char *page = (char *) malloc (size + 1);
    VC_CHECK (page);
    for (size_t unit = 0; unit < sizeof units / sizeof units [0]; unit++) {
        size_t length = strlen (units [unit]);
        for (size_t at = 0; at + length <= size; at += length)
            memcpy (page + at, units [unit], length);
        page [size - size % length] = 0;
        for (int parser = SCRAPE_PARSER_TOTALS_HTML; parser <= SCRAPE_PARSER_FEED_JSON; parser++) {
            long long start = fixture_now_ms ();
            scrape_result_t *result = VC_NEED (scrape_result_new ());
            scrape_page_t page_in = { page, strlen (page), NULL, DAY_15 };
            VC_CHECK (scrape_parse ((scrape_parser_t) parser, &page_in, s_provinces, result) == -1);
            scrape_result_destroy (&result);
            long long elapsed = fixture_now_ms () - start;
            if (s_verbose)
                printf ("   %-12.12s x %zu KiB, parser %d: %lld ms\n", units [unit], size / 1024,
                        parser, elapsed);
            VC_CHECK (slow || elapsed < 2000);
        }
    }
    free (page);
}

int
main (int argc, char **argv)
{
    s_verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    s_provinces = vc_provinces_new ();
    VC_CHECK (s_provinces);
    s_test_totals ();
    s_test_encodings ();
    s_test_bulletins ();
    s_test_feeds ();
    s_test_wrong_shapes ();
    s_test_mangled ();
    s_test_slow_pages ();
    vc_provinces_destroy (&s_provinces);
    printf ("scraper parser tests passed\n");
    return 0;
}
