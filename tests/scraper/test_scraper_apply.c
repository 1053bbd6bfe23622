/*  test_scraper_apply - the scraper service's store writes without a
    broker: new figures land in one batch, equal ones change nothing, a
    falling total or a refused row leaves the store as it was, a daily
    figure that differs from the one another source stored for its day
    refuses the page (the real bulletin of 18-10-2021 against the shipped
    portal series), and so does a total that differs from the one another
    source stored for its day (the Ministry's totals of 01-01-2022 against
    the portal's); the request
    loop's board and the scrape actor; how days are described.
*/
#define _GNU_SOURCE
#include "scraper_apply.h"
#include "scraper_actor.h"
#include "scraper_board.h"
#include "scrape_parse.h"
#include "test_support.h"

#include <string.h>
#include <unistd.h>
#include "vc_check.h"

#define DAY_15 18976            //  2021-12-15
#define HCM    79
#define HANOI  1
#define GIA_LAI 64

static vc_provinces_t *s_provinces;

static scrape_result_t *
s_result (int64_t hcm_total, int64_t hanoi_daily)
{
    scrape_result_t *result = scrape_result_new ();
    VC_CHECK (result);
    VC_CHECK (scrape_result_add (result, HCM, DAY_15, SCRAPE_TOTAL, hcm_total) == 0);
    VC_CHECK (scrape_result_add (result, HCM, DAY_15, SCRAPE_DAILY, 1270) == 0);
    VC_CHECK (scrape_result_add (result, HANOI, DAY_15, SCRAPE_DAILY, hanoi_daily) == 0);
    return result;
}

static scraper_status_t
s_apply (vc_casestore_t *store, scrape_result_t **result_p, scraper_outcome_t *outcome)
{
    memset (outcome, 0, sizeof *outcome);
    scraper_apply (store, "test", *result_p, s_provinces, outcome);
    scrape_result_destroy (result_p);
    return outcome->status;
}

static void
s_check_store (vc_casestore_t *store, int64_t hcm_total, int64_t hanoi_daily)
{
    int64_t value = -1;
    vc_day_t as_of = 0;
    VC_CHECK (vc_casestore_total (store, HCM, &value, &as_of) == 0);
    VC_CHECK (value == hcm_total && as_of == DAY_15);
    VC_CHECK (vc_casestore_daily (store, HANOI, DAY_15, &value) == 0);
    VC_CHECK (value == hanoi_daily);
}

static void
s_test_apply (const char *path)
{
    vc_casestore_t *store = vc_casestore_new (path, NULL);
    VC_CHECK (store);
    scraper_outcome_t outcome;
    scrape_result_t *result = s_result (502632, 1024);
    VC_CHECK (s_apply (store, &result, &outcome) == SCRAPER_UPDATED);
    VC_CHECK (outcome.rows == 3 && outcome.provinces == 2);
    VC_CHECK (strcmp (outcome.detail, "3 rows for 2 provinces, 15-12-2021") == 0);
    s_check_store (store, 502632, 1024);

    result = s_result (502632, 1024);
    VC_CHECK (s_apply (store, &result, &outcome) == SCRAPER_UNCHANGED);
    VC_CHECK (outcome.rows == 0 && strstr (outcome.detail, "same figures"));

    result = s_result (502640, 1030);
    VC_CHECK (s_apply (store, &result, &outcome) == SCRAPER_UPDATED);
    VC_CHECK (outcome.rows == 2 && outcome.provinces == 2);
    s_check_store (store, 502640, 1030);

    //  Another source's different daily figure for a stored day: refused,
    //  the difference named, nothing written (a total of its own that
    //  differed would be named first: s_test_stored_totals)
    result = s_result (502640, 1031);
    memset (&outcome, 0, sizeof outcome);
    VC_CHECK (scraper_apply (store, "other", result, s_provinces, &outcome) == -1);
    scrape_result_destroy (&result);
    VC_CHECK (outcome.status == SCRAPER_REJECTED && outcome.rows == 0);
    VC_CHECK (strcmp (outcome.detail, "1 figure differs from the one stored for its day "
                      "(page \xE2\x89\xA0 stored); nothing was changed: H\xC3\xA0 N\xE1\xBB\x99i "
                      "15-12-2021: 1031 \xE2\x89\xA0 1030 (+1)") == 0);
    s_check_store (store, 502640, 1030);
    //  The same figures from another source change nothing
    result = s_result (502640, 1030);
    VC_CHECK (s_apply (store, &result, &outcome) == SCRAPER_UNCHANGED);

    //  A total below the stored one (same day) is rejected, nothing written
    result = s_result (400000, 2000);
    VC_CHECK (s_apply (store, &result, &outcome) == SCRAPER_REJECTED);
    VC_CHECK (strstr (outcome.detail, "fell from 502640 to 400000"));
    s_check_store (store, 502640, 1030);

    //  A total above the one stored for a later day is refused too
    vc_casestore_destroy (&store);
    store = vc_casestore_new (path, NULL);
    VC_CHECK (store);
    VC_CHECK (vc_casestore_begin (store, "later") == 0);
    VC_CHECK (vc_casestore_add_total (store, HCM, DAY_15 + 10, 502700, NULL, 0) == 0);
    VC_CHECK (vc_casestore_commit (store) == 0);
    result = VC_NEED (scrape_result_new ());
    VC_CHECK (scrape_result_add (result, HANOI, DAY_15 + 1, SCRAPE_DAILY, 5) == 0);
    VC_CHECK (scrape_result_add (result, HCM, DAY_15 + 1, SCRAPE_TOTAL, 502800) == 0);
    VC_CHECK (s_apply (store, &result, &outcome) == SCRAPER_REJECTED);
    VC_CHECK (strstr (outcome.detail, "later day"));
    int64_t value;
    VC_CHECK (vc_casestore_daily (store, HANOI, DAY_15 + 1, &value) == 1);

    //  A row the store refuses (unknown province) rolls the batch back
    result = VC_NEED (scrape_result_new ());
    VC_CHECK (scrape_result_add (result, HANOI, DAY_15 + 2, SCRAPE_DAILY, 7) == 0);
    VC_CHECK (scrape_result_add (result, 99, DAY_15 + 2, SCRAPE_DAILY, 7) == 0);
    VC_CHECK (s_apply (store, &result, &outcome) == SCRAPER_REJECTED);
    VC_CHECK (strstr (outcome.detail, "store refused the page: unknown province code 99"));
    VC_CHECK (vc_casestore_daily (store, HANOI, DAY_15 + 2, &value) == 1);
    VC_CHECK (!vc_casestore_in_batch (store));
    vc_casestore_destroy (&store);
}

//  The bulletin of 18-10-2021 (tuoitre.vn, dated by its published time)
//  into a store holding the shipped data: 43 of its 44 provinces as the
//  portal's series has them, Gia Lai 40 where the series says 25. Which
//  is right is uncertain, so the page is refused and the store unchanged.
static void
s_test_stored_day (const char *path)
{
    vc_casestore_t *store = vc_casestore_new (path, SOURCE_DATA_DIR);
    VC_CHECK (store);
    size_t size;
    char *body = fixture_read ("real-bulletin-tuoitre-2021-10-18.html", &size);
    const char *head = strstr (body, "<head>");
    VC_CHECK (head);
    char *page_text = NULL;
    VC_CHECK (asprintf (&page_text, "%.*s<head>\n<meta property=\"article:published_time\" "
                        "content=\"2021-10-18T18:30:00+07:00\">%s",
                        (int) (head - body), body, head + 6) > 0);
    scrape_page_t page = { page_text, strlen (page_text), NULL, 20000 };
    scrape_result_t *result = VC_NEED (scrape_result_new ());
    VC_CHECK (scrape_parse_bulletin_html (&page, s_provinces, result) == 0);
    vc_day_t day = 18918;               //  2021-10-18
    int64_t value = 0;
    VC_CHECK (scrape_result_find (result, GIA_LAI, day, SCRAPE_DAILY, &value) == 0 && value == 40);
    scraper_outcome_t outcome;
    memset (&outcome, 0, sizeof outcome);
    VC_CHECK (scraper_apply (store, "tuoitre", result, s_provinces, &outcome) == -1);
    if (outcome.status != SCRAPER_REJECTED)
        fprintf (stderr, "18-10-2021: %s\n", outcome.detail);
    VC_CHECK (outcome.status == SCRAPER_REJECTED && outcome.rows == 0);
    VC_CHECK (strcmp (outcome.detail, "1 figure differs from the one stored for its day "
                      "(page \xE2\x89\xA0 stored); nothing was changed: "
                      "Gia Lai 18-10-2021: 40 \xE2\x89\xA0 25 (+15)") == 0);
    VC_CHECK (vc_casestore_daily (store, GIA_LAI, day, &value) == 0 && value == 25);
    scrape_result_destroy (&result);
    free (page_text);
    free (body);
    vc_casestore_destroy (&store);
}

//  Totals of 01-01-2022: the shipped store holds the Ministry's table
//  (24h.com.vn's reprint, data/SOURCES.md: Hà Nội 47 788, Hồ Chí Minh
//  503 813); the national portal's daily series summed to that day gives
//  48 063 and 501 027 (data/SOURCES.md, "Totals on any day"). A page of
//  another source with such a total for that day is refused, each
//  difference named, and the Ministry's total kept; before, a total above
//  the stored one replaced it.
static void
s_test_stored_totals (const char *path)
{
    vc_casestore_t *store = vc_casestore_new (path, SOURCE_DATA_DIR);
    VC_CHECK (store);
    vc_day_t day = 18993;               //  2022-01-01
    scrape_result_t *result = VC_NEED (scrape_result_new ());
    VC_CHECK (scrape_result_add (result, HANOI, day, SCRAPE_TOTAL, 48063) == 0);
    scraper_outcome_t outcome;
    memset (&outcome, 0, sizeof outcome);
    VC_CHECK (scraper_apply (store, "portal", result, s_provinces, &outcome) == -1);
    scrape_result_destroy (&result);
    if (outcome.status != SCRAPER_REJECTED)
        fprintf (stderr, "Hà Nội's total of 01-01-2022: %s\n", outcome.detail);
    VC_CHECK (outcome.status == SCRAPER_REJECTED && outcome.rows == 0);
    VC_CHECK (strcmp (outcome.detail, "1 total differs from the one stored for its day "
                      "(page \xE2\x89\xA0 stored); nothing was changed: H\xC3\xA0 N\xE1\xBB\x99i "
                      "01-01-2022: 48063 \xE2\x89\xA0 47788 (+275)") == 0);
    int64_t value = 0;
    vc_day_t as_of = 0;
    VC_CHECK (vc_casestore_total (store, HANOI, &value, &as_of) == 0);
    VC_CHECK (value == 47788 && as_of == day);

    //  Both, with a daily figure equal to the stored one: every total named
    result = VC_NEED (scrape_result_new ());
    VC_CHECK (scrape_result_add (result, HANOI, day, SCRAPE_TOTAL, 48063) == 0);
    VC_CHECK (scrape_result_add (result, HCM, day, SCRAPE_TOTAL, 501027) == 0);
    VC_CHECK (vc_casestore_daily (store, HANOI, day, &value) == 0);
    VC_CHECK (scrape_result_add (result, HANOI, day, SCRAPE_DAILY, value) == 0);
    memset (&outcome, 0, sizeof outcome);
    VC_CHECK (scraper_apply (store, "portal", result, s_provinces, &outcome) == -1);
    scrape_result_destroy (&result);
    VC_CHECK (outcome.status == SCRAPER_REJECTED);
    VC_CHECK (strcmp (outcome.detail, "2 totals differ from those stored for their day "
                      "(page \xE2\x89\xA0 stored); nothing was changed: H\xC3\xA0 N\xE1\xBB\x99i "
                      "01-01-2022: 48063 \xE2\x89\xA0 47788 (+275); H\xE1\xBB\x93 Ch\xC3\xAD "
                      "Minh 01-01-2022: 501027 \xE2\x89\xA0 503813 (-2786)") == 0);
    VC_CHECK (vc_casestore_total (store, HCM, &value, &as_of) == 0 && value == 503813);

    //  The Ministry's own figure again, under the snapshot's name or
    //  another's, is no difference
    result = VC_NEED (scrape_result_new ());
    VC_CHECK (scrape_result_add (result, HANOI, day, SCRAPE_TOTAL, 47788) == 0);
    memset (&outcome, 0, sizeof outcome);
    VC_CHECK (scraper_apply (store, "portal", result, s_provinces, &outcome) == 0);
    scrape_result_destroy (&result);
    VC_CHECK (outcome.status == SCRAPER_UNCHANGED);
    vc_casestore_destroy (&store);
}

//  The portal's real reply of 19-09-2021 stored by one source, then read
//  by another: 63 totals and 63 daily figures, all equal, so unchanged.
static void
s_test_stored_totals_feed (const char *path)
{
    vc_casestore_t *store = vc_casestore_new (path, NULL);
    VC_CHECK (store);
    size_t size;
    char *body = fixture_read ("real-feed-ncsc-provinces-2021-09-19.json", &size);
    scrape_page_t page = { body, size, NULL, 20000 };
    const char *sources [] = { "ncsc-provinces", "ncsc-mirror" };
    for (int i = 0; i < 2; i++) {
        scrape_result_t *result = VC_NEED (scrape_result_new ());
        VC_CHECK (scrape_parse_feed_json (&page, s_provinces, result) == 0);
        scraper_outcome_t outcome;
        memset (&outcome, 0, sizeof outcome);
        VC_CHECK (scraper_apply (store, sources [i], result, s_provinces, &outcome) == 0);
        if (outcome.status != (i? SCRAPER_UNCHANGED: SCRAPER_UPDATED))
            fprintf (stderr, "19-09-2021 by %s: %s\n", sources [i], outcome.detail);
        VC_CHECK (outcome.status == (i? SCRAPER_UNCHANGED: SCRAPER_UPDATED));
        VC_CHECK (i || outcome.rows == 126);
        scrape_result_destroy (&result);
    }
    int64_t value = 0;
    vc_day_t as_of = 0;
    VC_CHECK (vc_casestore_total (store, HANOI, &value, &as_of) == 0);
    VC_CHECK (value == 4414 && as_of == 18889);
    free (body);
    vc_casestore_destroy (&store);
}

static void
s_test_days (void)
{
    char text [96];
    vc_day_t one [] = { DAY_15 };
    scraper_describe_days (one, 1, text, sizeof text);
    VC_CHECK (strcmp (text, "15-12-2021") == 0);
    vc_day_t few [] = { DAY_15 + 2, DAY_15, DAY_15 + 2, DAY_15 };
    scraper_describe_days (few, 4, text, sizeof text);
    VC_CHECK (strcmp (text, "15-12-2021, 17-12-2021") == 0);
    vc_day_t many [] = { DAY_15 + 20, DAY_15, DAY_15 + 3, DAY_15 + 1, DAY_15 };
    scraper_describe_days (many, 5, text, sizeof text);
    VC_CHECK (strcmp (text, "15-12-2021 to 04-01-2022 (4 days)") == 0);
    scraper_describe_days (many, 0, text, sizeof text);
    VC_CHECK (*text == 0);
}

int
main (int argc, char **argv)
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    s_provinces = vc_provinces_new ();
    VC_CHECK (s_provinces);
    char path [] = "/tmp/test_scraper_apply.XXXXXX";
    VC_CHECK (mkdtemp (path));
    char db [sizeof path + 16];
    snprintf (db, sizeof db, "%s/cases.db", path);
    s_test_stored_day (db);
    snprintf (db, sizeof db, "%s/totals.db", path);
    s_test_stored_totals (db);
    snprintf (db, sizeof db, "%s/feed.db", path);
    s_test_stored_totals_feed (db);
    snprintf (db, sizeof db, "%s/scraped.db", path);
    s_test_apply (db);
    s_test_days ();
    scraper_board_test (verbose);
    scraper_actor_test (verbose);
    char command [sizeof path + 16];
    snprintf (command, sizeof command, "rm -rf %s", path);
    VC_CHECK (system (command) == 0);
    vc_provinces_destroy (&s_provinces);
    printf ("scraper apply tests passed\n");
    return 0;
}
