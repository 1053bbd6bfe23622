/*  vc-data-svc - the data service: answers case lookups (province total,
    new cases on a day, series, national figures, top provinces) from the
    case store. Several instances may run at once; the broker balances
    requests between them.  */
#include "vc_metrics.h"
#include "data_service.h"
#include "vc_path.h"
#include "vc_config.h"
#include "vc_worker.h"
#include "vc_log.h"

#ifndef VC_DATA_DIR
#   define VC_DATA_DIR "data"
#endif

static const vc_option_t s_options [] = {
    { "backend", "VC_BACKEND", VC_DEFAULT_BACKEND, "Broker endpoint for service workers", false },
    { "events-in", "VC_EVENTS_IN", VC_DEFAULT_EVENTS_IN, "Broker endpoint where services publish events ('' : do not publish)", false },
    { "events-out", "VC_EVENTS_OUT", VC_DEFAULT_EVENTS_OUT, "Broker endpoint where events are read, for scrape.updated ('' : do not; the cache refreshes every --cache-seconds)", false },
    { "db", "VC_DATA_DB", "var/cases.db", "Case store (SQLite file; created and seeded if missing)", false },
    { "data-dir", "VC_DATA_DIR", VC_DATA_DIR, "Folder with the shipped snapshot, loaded into a new store", false },
    { "capacity", "VC_DATA_CAPACITY", "100", "Requests the broker may send to this instance at once", false },
    { "cache-seconds", "VC_DATA_CACHE_SECONDS", "60", "Reload cached range and aliases at least this often (0: only on scrape.updated)", false },
    { "province-events", "VC_DATA_PROVINCE_EVENTS", "yes", "After a scrape, publish data.province.NN for each province whose figures changed (yes or no)", false },
    VC_OPTIONS_WORKER_KEYS,
    VC_OPTION_METRICS,
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

static int
s_run (vc_config_t *config)
{
    data_service_config_t sc = {
        .backend = vc_config_get (config, "backend"),
        .events_in = vc_config_get (config, "events-in"),
        .events_out = vc_config_get (config, "events-out"),
        .capacity = (int) vc_config_int (config, "capacity"),
        .refresh_ms = vc_config_int (config, "cache-seconds") * 1000,
        .province_events = streq (vc_config_get (config, "province-events"), "yes")
    };
    const char *events = vc_config_get (config, "province-events");
    if (sc.capacity < 1 || sc.capacity > 10000 || sc.refresh_ms < 0
    ||  !(streq (events, "yes") || streq (events, "no"))) {
        vc_error ("invalid --capacity, --cache-seconds or --province-events (see --help)");
        return 2;
    }
    const char *db = vc_config_get (config, "db");
    const char *data_dir = vc_config_get (config, "data-dir");
    if (vc_path_make_parent (db)) {
        vc_error ("cannot create the folder of %s", db);
        return 1;
    }
    vc_casestore_t *store = vc_casestore_new (db, data_dir);
    if (!store) {
        vc_error ("cannot open the case store %s (snapshot from %s)", db, data_dir);
        return 1;
    }
    vc_info ("case store %s", db);
    int rc = data_service_run (store, &sc);
    vc_casestore_destroy (&store);
    return rc;
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-data-svc", "data", "[options]",
        "Answers COVID-19 case lookups by province and date from the case store.",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    vc_worker_keys_export (config);
    rc = s_run (config);
    vc_config_destroy (&config);
    return rc;
}
