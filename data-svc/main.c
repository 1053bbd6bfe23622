/*  vc-data-svc - the data service: answers case lookups (province total,
    new cases on a day, series, national figures, top provinces) from the
    case store (a SQLite file, or a copy in memory of a PostgreSQL store
    shared by every host). Several instances may run at once, on one host or
    many; the broker balances requests between them.  */
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
    { "db", "VC_DATA_DB", "var/cases.db", "Case store: a SQLite file (created and seeded if missing) or postgresql://[user@]host[:port]/database[?sslmode=verify-full...] shared by every host (no password here)", false },
    { "db-password-file", "VC_DATA_DB_PASSWORD_FILE", "", "File whose first line is the PostgreSQL password (else libpq's PGPASSWORD or PGPASSFILE)", false },
    { "db-timeout", "VC_DATA_DB_TIMEOUT", "4000", "PostgreSQL statement timeout in milliseconds (connections time out after 2 s)", false },
    { "data-dir", "VC_DATA_DIR", VC_DATA_DIR, "Folder with the shipped snapshot, loaded into a new store", false },
    { "capacity", "VC_DATA_CAPACITY", "100", "Requests the broker may send to this instance at once", false },
    { "cache-seconds", "VC_DATA_CACHE_SECONDS", "60", "Ask the store what changed at least this often, as on scrape.updated (0: only on scrape.updated)", false },
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
    vc_db_options_t options = {
        .password_file = vc_config_get (config, "db-password-file"),
        .statement_timeout_ms = (int) vc_config_int (config, "db-timeout")
    };
    if (options.statement_timeout_ms < 100 || !*db) {
        vc_error ("invalid --db or --db-timeout (see --help)");
        return 2;
    }
    if (vc_db_address_has_password (db)) {
        vc_error ("--db: %s", VC_DB_PASSWORD_REFUSED);
        return 2;
    }
    data_store_t *store = data_store_new (db, &options, data_dir);
    if (!store) {
        vc_error ("cannot open the case store %s (snapshot from %s)", db, data_dir);
        return 1;
    }
    vc_info ("case store %s%s", db, data_store_is_copy (store) ? " (answering from a copy in memory)" : "");
    int rc = data_service_run (store, &sc);
    data_store_destroy (&store);
    return rc;
}

int
main (int argc, char **argv)
{
    return vc_worker_main ("vc-data-svc", "data",
        "Answers COVID-19 case lookups by province and date from the case store.",
        s_options, argc, argv, s_run);
}
