/*  test_scrape_pipeline - fetch, parse and validate together: pages served
    by fixture_httpd on 127.0.0.1 (good, mislabelled, cut short, failing,
    slow) and the shipped offline sources read through file:// URLs.
*/
#include "scrape_fetch.h"
#include "scrape_parse.h"
#include "scrape_sources.h"
#include "scrape_validate.h"
#include "test_support.h"

#include <string.h>
#include "vc_check.h"

#define DAY_15 18976

static fixture_server_t s_server;
static vc_provinces_t *s_provinces;
static bool s_verbose;

//  Consistency, not correctness: the offline pages are rendered from the
//  shipped snapshot CSV, so every non-zero daily figure of it over the days
//  the pages cover (01-12-2021 to 21-01-2022) must be in the result with
//  the same value, and nothing else.
static void
s_consistent_with_snapshot (const scrape_result_t *result)
{
    FILE *file = fopen (SOURCE_DATA_DIR "/snapshot/daily_cases.csv", "r");
    VC_CHECK (file);
    char line [128];
    size_t expected = 0;
    VC_CHECK (fgets (line, sizeof line, file));            //  Header
    while (fgets (line, sizeof line, file)) {
        int year, month, mday, code;
        long long cases;
        VC_CHECK (sscanf (line, "%d-%d-%d,%d,%lld", &year, &month, &mday, &code, &cases) == 5);
        vc_day_t day;
        VC_CHECK (vc_date_from_ymd (year, month, mday, &day) == 0);
        if (cases == 0 || day < 18962 || day > 19013)
            continue;           //  Bulletins list only provinces with cases
        int64_t value = -1;
        VC_CHECK (scrape_result_find (result, code, day, SCRAPE_DAILY, &value) == 0);
        VC_CHECK (value == cases);
        expected++;
    }
    fclose (file);
    VC_CHECK (scrape_result_size (result) == expected);
}

//  Fetch url and run parser and validation; returns 0 if accepted, 1 if
//  rejected (reason in reason), 2 if the fetch failed (reason too).
//  With compare, the rows must match the shipped snapshot.
static int
s_scrape (scrape_fetch_t *fetch, const char *url, scrape_parser_t parser, size_t min,
          char *reason, size_t size, bool compare)
{
    scrape_fetch_result_t *fetched = scrape_fetch_get (fetch, url);
    VC_CHECK (fetched);
    int verdict = 2;
    if (fetched->status == SCRAPE_FETCH_OK) {
        scrape_result_t *result = VC_NEED (scrape_result_new ());
        scrape_page_t page = { fetched->body, fetched->size,
                               *fetched->charset? fetched->charset: NULL, DAY_15 };
        scrape_parse (parser, &page, s_provinces, result);
        scrape_rules_t rules = { .min_provinces = min };
        verdict = scrape_validate (result, &rules, s_provinces, reason, size) == 0? 0: 1;
        if (compare)
            s_consistent_with_snapshot (result);
        scrape_result_destroy (&result);
    }
    else
        snprintf (reason, size, "%s", fetched->error);
    if (s_verbose)
        printf ("   %-70.70s %s %s\n", url, verdict == 0? "accepted": verdict == 1? "rejected:":
                "fetch failed:", verdict? reason: "");
    scrape_fetch_result_destroy (&fetched);
    return verdict;
}

//  Real copies and their variants (fixtures/README.md).
#define BULLETIN        "real-bulletin-baodongthap-2021-12-15.html"
#define BULLETIN_CP1258 "variant-bulletin-baodongthap-2021-12-15-cp1258-mislabelled.html"
#define BULLETIN_CUT    "variant-bulletin-baodongthap-2021-12-15-cut.html"
#define FEED            "real-feed-ncsc-provinces-2021-09-19.json"

static void
s_test_http (scrape_fetch_t *fetch)
{
    char reason [256];
    const struct {
        const char *path;
        scrape_parser_t parser;
        size_t min;
        int verdict;
        const char *reason;
    } cases [] = {
        { "/pages/" BULLETIN, SCRAPE_PARSER_BULLETIN_HTML, 50, 0, NULL },
        { "/pages/" BULLETIN_CP1258 "?charset=utf-8", SCRAPE_PARSER_BULLETIN_HTML, 50, 0, NULL },
        { "/pages/" BULLETIN_CP1258 "?charset=windows-1258", SCRAPE_PARSER_BULLETIN_HTML, 50, 0, NULL },
        { "/pages/real-bulletin-baokhanhhoa-2021-12-29.html", SCRAPE_PARSER_BULLETIN_HTML, 1, 0, NULL },
        { "/redirect/2/" FEED, SCRAPE_PARSER_FEED_JSON, 63, 0, NULL },
        { "/pages/" BULLETIN_CUT, SCRAPE_PARSER_BULLETIN_HTML, 50, 1, "incomplete" },
        { "/close-early/real-bulletin-baokhanhhoa-2021-12-29.html", SCRAPE_PARSER_BULLETIN_HTML, 1, 1, "adds up to" },
        { "/close-early/" FEED, SCRAPE_PARSER_FEED_JSON, 50, 1, "not a JSON feed" },
        { "/pages/variant-feed-ncsc-provinces-2021-09-19-half.json", SCRAPE_PARSER_FEED_JSON, 50, 1, "only 30" },
        { "/pages/variant-feed-ncsc-provinces-2021-09-19-negative.json", SCRAPE_PARSER_FEED_JSON, 50, 1, "negative" },
        { "/pages/empty.html", SCRAPE_PARSER_TOTALS_HTML, 50, 1, "empty page" },
        { "/status/500", SCRAPE_PARSER_TOTALS_HTML, 50, 2, "HTTP 500" },
        { "/status/503", SCRAPE_PARSER_FEED_JSON, 50, 2, "HTTP 503" },
        { "/slow/8000/real-bulletin-baokhanhhoa-2021-12-29.html", SCRAPE_PARSER_BULLETIN_HTML, 1, 2, "did not answer in time" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        int verdict = s_scrape (fetch, fixture_url (&s_server, cases [index].path),
                                cases [index].parser, cases [index].min, reason, sizeof reason,
                                false);
        if (verdict != cases [index].verdict || (cases [index].reason && !strstr (reason, cases [index].reason)))
            fprintf (stderr, "%s: verdict %d (%s)\n", cases [index].path, verdict, reason);
        VC_CHECK (verdict == cases [index].verdict);
        VC_CHECK (!cases [index].reason || strstr (reason, cases [index].reason));
    }
}

//  The shipped offline snapshot: every enabled source must be accepted.
static void
s_test_offline_sources (scrape_fetch_t *fetch)
{
    char err [300], reason [256];
    scrape_sources_t *sources = scrape_sources_load (SOURCE_DATA_DIR "/sources-offline.conf", err, sizeof err);
    if (!sources)
        fprintf (stderr, "%s\n", err);
    VC_CHECK (sources && scrape_sources_size (sources) >= 3);
    for (size_t index = 0; index < scrape_sources_size (sources); index++) {
        const scrape_source_t *source = scrape_sources_at (sources, index);
        VC_CHECK (strncmp (source->url, "file:///", 8) == 0);
        bool compare = strcmp (source->name, "snapshot-timeline") == 0;
        if (source->enabled)
            VC_CHECK (s_scrape (fetch, source->url, source->parser, source->min_provinces,
                             reason, sizeof reason, compare) == 0);
    }
    scrape_sources_destroy (&sources);
    //  The live list must at least read; it is never fetched by tests.
    sources = scrape_sources_load (SOURCE_DATA_DIR "/sources.conf", err, sizeof err);
    if (!sources)
        fprintf (stderr, "%s\n", err);
    VC_CHECK (sources && scrape_sources_size (sources) >= 3);
    scrape_sources_destroy (&sources);
}

int
main (int argc, char **argv)
{
    s_verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    s_provinces = vc_provinces_new ();
    VC_CHECK (s_provinces);
    VC_CHECK (fixture_server_start (&s_server) == 0);
    scrape_fetch_t *fetch = scrape_fetch_new ();
    VC_CHECK (fetch);
    scrape_fetch_set_retries (fetch, 1, 10);
    //  Generous against a loaded machine under valgrind; /slow/8000 still
    //  outlasts the total
    scrape_fetch_set_timeouts (fetch, 3000, 3000);
    s_test_http (fetch);
    s_test_offline_sources (fetch);
    scrape_fetch_destroy (&fetch);
    fixture_server_stop (&s_server);
    vc_provinces_destroy (&s_provinces);
    printf ("scraper pipeline tests passed\n");
    return 0;
}
