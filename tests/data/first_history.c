/*  vc-test-first-history - latency of the first whole-epidemic history
    asked for after a scrape, against a reference measured in the same run.
    One client signs in; in each of --rounds rounds this program publishes
    scrape.updated (as the scraper does after storing new figures), waits
    --wait-ms, then asks for a whole history (a province's in even rounds,
    the country's in odd ones), then 'range' (the reference: a request of
    the same path with a tiny reply), then the same history again (kept by
    then in any case). With --db, each event follows a batch that changes
    a figure (14-12-2021, inside the covered range) of the province asked
    for, or of Hồ Chí Minh City before a national history, as a scrape
    correcting a day would. Prints p50, p90 and max of each; exits 0 only
    when every answer was right. */
#include "test_stats.h"
#include "vc_api.h"
#include "vc_casestore.h"
#include "vc_config.h"
#include "vc_event.h"
#include "vc_log.h"
#include "vc_object.h"
#include "vc_check.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker address", false },
    { "events-in", "VC_EVENTS_IN", VC_DEFAULT_EVENTS_IN, "Broker endpoint where services publish", false },
    { "rounds", NULL, "20", "Scrape events, each followed by the requests", false },
    { "wait-ms", NULL, "500", "Wait after each event before the first request", false },
    { "days", NULL, "675", "Rows expected in a whole history (days covered)", false },
    { "db", NULL, "", "Case store where a figure is changed before each event ('': none)", false },
    { "user", NULL, "first", "Username", false },
    { "password", NULL, "first-password", "Password", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

#define KINDS 4
#define ROUNDS_MAX 1000

static const char *s_kind_name [KINDS] = {
    "first province history", "first national history", "reference: range", "same history again"
};
static const char *s_codes [] = { "79", "1", "48", "92", "66", "31", "75", "96" };

static int64_t s_latency [KINDS][ROUNDS_MAX];
static long s_count [KINDS];
static long s_wrong;
static long s_days;

//  One request: its latency kept under kind when the answer is right
static void
s_ask (vc_client_t *client, int kind, const char *code)
{
    zframe_t *body = kind == 2 ? vc_api_op ("range") : vc_api_history (code, NULL, NULL, NULL);
    int64_t start = zclock_usecs ();
    vc_reply_t *answer = vc_client_call (client, VC_SERVICE_DATA, &body, 5000);
    int64_t took = zclock_usecs () - start;
    const msgpack_object *rows = answer && answer->status == VC_OK && kind != 2
                               ? vc_body_list (answer->body, "rows") : NULL;
    bool right = answer && answer->status == VC_OK
              && (kind == 2 || (rows && (long) rows->via.array.size == s_days));
    if (!right) {
        if (s_wrong++ < 3)
            fprintf (stderr, "%s: wrong answer: %s\n", s_kind_name [kind],
                     answer ? answer->message : "none");
    }
    else
        s_latency [kind][s_count [kind]++] = took;
    vc_reply_destroy (&answer);
}

//  A batch changing code's figure of 14-12-2021 (a new value each round)
static int
s_change (vc_casestore_t *store, const char *code, long round)
{
    if (!store)
        return 0;
    char err [256] = "";
    vc_day_t day = 0;
    if (vc_date_from_ymd (2021, 12, 14, &day)
    ||  vc_casestore_begin (store, "first-history")
    ||  vc_casestore_add_daily (store, atoi (code), day, 100000 + round, err, sizeof err)
    ||  vc_casestore_commit (store)) {
        fprintf (stderr, "cannot change a figure: %s\n", err);
        if (vc_casestore_in_batch (store))
            vc_casestore_rollback (store);
        return -1;
    }
    return 0;
}

static void
s_report (void)
{
    for (int kind = 0; kind < KINDS; kind++) {
        long count = s_count [kind];
        test_stats_sort (s_latency [kind], count);
        printf ("%-24s requests %4ld  p50 %.2f ms  p90 %.2f ms  max %.2f ms\n", s_kind_name [kind],
                count, test_stats_percentile_ms (s_latency [kind], count, 0.50),
                test_stats_percentile_ms (s_latency [kind], count, 0.90),
                test_stats_percentile_ms (s_latency [kind], count, 1.0));
    }
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-test-first-history", "bench", "[options]",
        "Measures the first whole-epidemic history after a scrape against a reference.",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    long rounds = vc_config_int (config, "rounds");
    long wait_ms = vc_config_int (config, "wait-ms");
    s_days = vc_config_int (config, "days");
    if (rounds < 1 || rounds > ROUNDS_MAX || wait_ms < 0 || wait_ms > 60000) {
        fprintf (stderr, "--rounds must be 1..%d and --wait-ms 0..60000\n", ROUNDS_MAX);
        vc_config_destroy (&config);
        return 2;
    }
    //  The store first: opening a shared one may wait for its lock, and a
    //  client connected meanwhile would be silent past its heartbeats
    const char *db = vc_config_get (config, "db");
    vc_casestore_t *store = *db ? vc_casestore_open (db, NULL, NULL) : NULL;
    vc_client_t *client = vc_client_new (vc_config_get (config, "server"), "first-history");
    vc_publisher_t *publisher = VC_NEED (vc_publisher_new (vc_config_get (config, "events-in"), "scraper"));
    vc_reply_t *reply = NULL;
    if (client && vc_client_connect (client, VC_CONNECT_TIMEOUT_MSEC) == 0)
        reply = vc_api_signin (client, vc_config_get (config, "user"),
                               vc_config_get (config, "password"), 5000);
    if (!publisher || !reply || reply->status != VC_OK) {
        fprintf (stderr, "cannot sign in or publish events\n");
        rc = 1;
    }
    if (*db && !store) {
        fprintf (stderr, "cannot open %s\n", db);
        rc = 1;
    }
    zclock_sleep (500);                 //  Let the subscription reach the publisher
    for (long round = 0; rc == 0 && round < rounds; round++) {
        int kind = round % 2;
        const char *code = kind == 0 ? s_codes [(round / 2) % 8] : NULL;
        if (s_change (store, code ? code : "79", round)
        ||  vc_publish (publisher, VC_TOPIC_SCRAPE_UPDATED, NULL, NULL, NULL, "first-history")) {
            fprintf (stderr, "cannot change a figure or publish scrape.updated\n");
            rc = 1;
            break;
        }
        zclock_sleep ((int) wait_ms);
        s_ask (client, kind, code);
        s_ask (client, 2, NULL);
        s_ask (client, 3, code);
    }
    if (rc == 0) {
        s_report ();
        printf ("wrong or failed: %ld\n", s_wrong);
        rc = s_wrong ? 1 : 0;
    }
    vc_casestore_destroy (&store);
    vc_reply_destroy (&reply);
    vc_publisher_destroy (&publisher);
    vc_client_destroy (&client);
    vc_config_destroy (&config);
    return rc;
}
