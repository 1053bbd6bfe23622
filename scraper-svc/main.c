/*  vc-scraper-svc - the scraper service: scrapes the configured sources
    into the case store at start and on a schedule, on request too, and
    publishes every outcome as an event. Configuration by flags with
    environment fallbacks (--help).  */
#include "vc_metrics.h"
#include "scraper_service.h"
#include "vc_path.h"
#include "vc_config.h"
#include "vc_worker.h"
#include "vc_log.h"

#include <czmq.h>
#include <libxml/parser.h>
#include <string.h>
#include <unistd.h>

#ifndef VC_DATA_DIR
#   define VC_DATA_DIR "data"
#endif

#define STOP_WAIT_MS 3000

static const vc_option_t s_options [] = {
    { "backend", "VC_BACKEND", VC_DEFAULT_BACKEND, "Broker endpoint for service workers", false },
    { "events-in", "VC_EVENTS_IN", VC_DEFAULT_EVENTS_IN, "Broker endpoint where services publish events", false },
    { "db", "VC_DATA_DB", "var/cases.db", "Case store shared with the data service: a SQLite file (created if missing) or postgresql://[user@]host[:port]/database[?sslmode=verify-full...] (no password here)", false },
    { "db-password-file", "VC_DATA_DB_PASSWORD_FILE", "", "File whose first line is the PostgreSQL password (else libpq's PGPASSWORD or PGPASSFILE)", false },
    { "db-timeout", "VC_DATA_DB_TIMEOUT", "4000", "PostgreSQL statement timeout in milliseconds (connections time out after 2 s)", false },
    { "data-dir", "VC_DATA_DIR", VC_DATA_DIR, "Folder with the shipped snapshot, loaded into a new store (empty: none)", false },
    { "sources", "VC_SOURCES", VC_DATA_DIR "/sources.conf", "Sources to scrape (INI; the offline snapshot is data/sources-offline.conf)", false },
    { "interval", "VC_SCRAPE_INTERVAL", "60", "Minutes between scheduled scrapes (0: only at start and on refresh)", false },
    { "interval-seconds", "VC_SCRAPE_INTERVAL_SECONDS", "0", "Seconds between scheduled scrapes; overrides --interval when above 0", false },
    { "refresh-cooldown", "VC_SCRAPE_COOLDOWN", "30", "Seconds after a scrape during which 'refresh' is refused (0: never)", false },
    { "user-agent", "VC_SCRAPE_USER_AGENT", SCRAPE_FETCH_USER_AGENT, "User-Agent sent with every request", false },
    { "timeout", "VC_SCRAPE_TIMEOUT", "60", "Seconds one request may take, connecting included", false },
    { "retries", "VC_SCRAPE_RETRIES", "3", "Retries of a request after a transient failure (backoff 1 s, doubling)", false },
    { "capacity", "VC_SCRAPER_CAPACITY", "4", "Requests the broker may send to this instance at once", false },
    VC_OPTIONS_WORKER_KEYS,
    VC_OPTION_METRICS,
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

static int
s_service_config (vc_config_t *config, scraper_service_config_t *sc, long *timeout, long *retries)
{
    long minutes, seconds, cooldown, capacity;
    if (vc_config_int_in (config, "interval", 0, 7 * 24 * 60, &minutes)
    ||  vc_config_int_in (config, "interval-seconds", 0, 7 * 24 * 3600, &seconds)
    ||  vc_config_int_in (config, "refresh-cooldown", 0, 24 * 3600, &cooldown)
    ||  vc_config_int_in (config, "capacity", 1, 100, &capacity)
    ||  vc_config_int_in (config, "timeout", 1, 3600, timeout)
    ||  vc_config_int_in (config, "retries", 0, 10, retries))
        return -1;
    sc->backend = vc_config_get (config, "backend");
    sc->events_in = vc_config_get (config, "events-in");
    sc->capacity = (int) capacity;
    sc->interval_ms = (seconds > 0? seconds: minutes * 60) * 1000LL;
    sc->cooldown_ms = cooldown * 1000LL;
    sc->stop_wait_ms = STOP_WAIT_MS;
    return 0;
}

static scrape_fetch_t *
s_fetcher (vc_config_t *config, long timeout, long retries)
{
    scrape_fetch_t *fetch = scrape_fetch_new ();
    if (!fetch) {
        vc_error ("cannot set up HTTP requests");
        return NULL;
    }
    long total_ms = timeout * 1000;
    scrape_fetch_set_timeouts (fetch, total_ms < SCRAPE_FETCH_CONNECT_MS? total_ms: SCRAPE_FETCH_CONNECT_MS,
                               total_ms);
    scrape_fetch_set_retries (fetch, (int) retries, SCRAPE_FETCH_BACKOFF_MS);
    if (scrape_fetch_set_user_agent (fetch, vc_config_get (config, "user-agent"))) {
        vc_error ("--user-agent must be 1 to 255 characters");
        scrape_fetch_destroy (&fetch);
    }
    return fetch;
}

//  Where the case store is
typedef struct {
    const char *db;
    const char *data_dir;
    vc_db_options_t options;
} s_place_t;

//  The case store; *opened false when it cannot be opened and is not
//  worth another try (NULL and *opened true: the database is down now)
static vc_casestore_t *
s_store (vc_config_t *config, s_place_t *place, bool *opened)
{
    *opened = false;
    const char *db = place->db = vc_config_get (config, "db");
    const char *data_dir = vc_config_get (config, "data-dir");
    if (data_dir && !*data_dir)
        data_dir = NULL;
    place->data_dir = data_dir;
    place->options = (vc_db_options_t) {
        .password_file = vc_config_get (config, "db-password-file"),
        .statement_timeout_ms = (int) vc_config_int (config, "db-timeout"),
        .reconnect_in_full = true       //  A run waits for a server that is back
    };
    if (place->options.statement_timeout_ms < 100) {
        vc_error ("invalid --db-timeout (see --help)");
        return NULL;
    }
    if (vc_db_address_has_password (db)) {
        vc_error ("--db: %s", VC_DB_PASSWORD_REFUSED);
        return NULL;
    }
    bool unavailable = false;
    vc_casestore_t *store = vc_casestore_connect (db, &place->options, data_dir, &unavailable);
    if (store)
        vc_info ("case store %s", db);
    else
    if (unavailable)
        vc_warn ("store unavailable at start: each run tries to open it until it can");
    else
        vc_error ("cannot open the case store %s", db);
    *opened = store != NULL || unavailable;
    return store;
}

static scrape_sources_t *
s_sources (vc_config_t *config)
{
    const char *path = vc_config_get (config, "sources");
    char err [320];
    scrape_sources_t *sources = scrape_sources_load (path, err, sizeof err);
    if (!sources) {
        vc_error ("cannot read sources: %s", err);
        return NULL;
    }
    size_t enabled = 0;
    for (size_t index = 0; index < scrape_sources_size (sources); index++)
        enabled += scrape_sources_at (sources, index)->enabled;
    vc_info ("%zu source%s enabled in %s", enabled, enabled == 1? "": "s", path);
    return sources;
}

//  Set everything up and serve. Returns the exit status.
static int
s_run (vc_config_t *config)
{
    scraper_service_config_t sc;
    long timeout, retries;
    if (s_service_config (config, &sc, &timeout, &retries))
        return 2;
    scrape_sources_t *sources = s_sources (config);
    if (!sources)
        return 2;
    xmlInitParser ();
    scrape_fetch_t *fetch = s_fetcher (config, timeout, retries);
    bool opened = false;
    s_place_t place;
    vc_casestore_t *store = fetch? s_store (config, &place, &opened): NULL;
    scraper_job_t *job = opened? scraper_job_new (&store, &fetch): NULL;
    if (job && !store)
        scraper_job_open_later (job, place.db, &place.options, place.data_dir);
    int rc = 1;
    bool abandoned = false;
    if (job)
        rc = scraper_service_run (&sc, sources, &job, &abandoned);
    if (abandoned) {
        //  A fetch still runs in the scrape actor: close the sockets and
        //  leave at once, without tearing down what that actor uses.
        zsys_shutdown ();
        fflush (NULL);
        _exit (rc);
    }
    vc_casestore_destroy (&store);
    scrape_fetch_destroy (&fetch);
    scrape_sources_destroy (&sources);
    xmlCleanupParser ();
    return rc;
}

int
main (int argc, char **argv)
{
    return vc_worker_main ("vc-scraper-svc", "scraper",
        "Scrapes COVID-19 case figures by province into the case store, at start, every\n"
        "interval and on 'refresh', and publishes each outcome as an event.",
        s_options, argc, argv, s_run);
}
