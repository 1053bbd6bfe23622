/*  vc-test-datafeed - test helper that writes to a case store the way the
    scraper does and announces it:
        vc-test-datafeed --db=PATH daily CODE DATE N  total CODE DATE N
                         alias TEXT CODE  publish
    daily/total rows go into one batch; "publish" sends scrape.updated to
    --events-in after the batch is committed.  */
#include "vc_casestore.h"
#include "vc_config.h"
#include "vc_event.h"
#include "vc_log.h"
#include "vc_proto.h"

static const vc_option_t s_options [] = {
    { "db", "VC_DATA_DB", "var/cases.db", "Case store", false },
    { "events-in", "VC_EVENTS_IN", VC_DEFAULT_EVENTS_IN, "Broker endpoint where services publish", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

//  One daily or total row; returns 0 or -1
static int
s_row (vc_casestore_t *store, const char *kind, const char *code, const char *date, const char *value)
{
    vc_day_t day;
    char err [160] = "";
    if (vc_date_parse (date, &day, err, sizeof err)) {
        fprintf (stderr, "bad date %s: %s\n", date, err);
        return -1;
    }
    if (!vc_casestore_in_batch (store) && vc_casestore_begin (store, "test-datafeed"))
        return -1;
    int rc = streq (kind, "daily")
           ? vc_casestore_add_daily (store, atoi (code), day, atoll (value), err, sizeof err)
           : vc_casestore_add_total (store, atoi (code), day, atoll (value), err, sizeof err);
    if (rc)
        fprintf (stderr, "row refused: %s\n", err);
    return rc;
}

static int
s_publish (const char *endpoint)
{
    vc_publisher_t *publisher = vc_publisher_new (endpoint, "scraper");
    if (!publisher)
        return -1;
    zclock_sleep (500);             //  Let the subscription reach us first
    int rc = vc_publish (publisher, VC_TOPIC_SCRAPE_UPDATED, NULL, NULL, NULL, "test-datafeed");
    vc_publisher_destroy (&publisher);
    return rc;
}

static int
s_run (vc_config_t *config, vc_casestore_t *store)
{
    int argc = vc_config_argc (config);
    for (int i = 0; i < argc; i++) {
        const char *word = vc_config_arg (config, i);
        int rc = -1;
        if ((streq (word, "daily") || streq (word, "total")) && i + 3 < argc) {
            rc = s_row (store, word, vc_config_arg (config, i + 1),
                        vc_config_arg (config, i + 2), vc_config_arg (config, i + 3));
            i += 3;
        }
        else
        if (streq (word, "alias") && i + 2 < argc) {
            rc = vc_casestore_alias_add (store, vc_config_arg (config, i + 1),
                                         atoi (vc_config_arg (config, i + 2)));
            i += 2;
        }
        else
        if (streq (word, "publish")) {
            if (vc_casestore_in_batch (store) && vc_casestore_commit (store))
                return 1;
            rc = s_publish (vc_config_get (config, "events-in"));
        }
        else
            fprintf (stderr, "unknown or incomplete command '%s'\n", word);
        if (rc)
            return 1;
    }
    if (vc_casestore_in_batch (store) && vc_casestore_commit (store))
        return 1;
    return 0;
}

int
main (int argc, char **argv)
{
    vc_config_t *config = vc_config_new ("vc-test-datafeed", "[options] COMMAND...",
        "Test helper: add rows or aliases to a case store, then publish scrape.updated.", s_options);
    int rc = vc_config_parse (config, argc, argv);
    if (rc) {
        vc_config_destroy (&config);
        return rc > 0 ? 0 : 2;
    }
    vc_log_init ("datafeed", vc_config_get (config, "log-level"));
    zsys_init ();
    zsys_set_logstream (NULL);
    vc_casestore_t *store = vc_casestore_new (vc_config_get (config, "db"), NULL);
    rc = store ? s_run (config, store) : 1;
    vc_casestore_destroy (&store);
    vc_config_destroy (&config);
    return rc;
}
