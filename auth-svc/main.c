/*  vc-auth-svc - the auth service: accounts, sign-in sessions (one client
    per account) and failed-attempt limits, in a SQLite store that several
    instances on one host share, or a PostgreSQL database that instances on
    several hosts share. Configuration by flags with environment fallbacks.  */
#include "vc_metrics.h"
#include "auth_server.h"
#include "vc_config.h"
#include "vc_worker.h"
#include "vc_log.h"
#include "vc_proto.h"
#include <czmq.h>

static const vc_option_t s_options [] = {
    { "backend", "VC_BACKEND", VC_DEFAULT_BACKEND, "Broker endpoint for service workers", false },
    { "frontend", "VC_FRONTEND", VC_DEFAULT_FRONTEND, "Broker client endpoint, to ask whether a client is still connected ('' : never ask)", false },
    { "events-in", "VC_EVENTS_IN", VC_DEFAULT_EVENTS_IN, "Broker endpoint where services publish events ('' : do not publish)", false },
    { "events-out", "VC_EVENTS_OUT", VC_DEFAULT_EVENTS_OUT, "Broker endpoint to hear client.bye and client.lost from ('' : do not)", false },
    { "db", "VC_AUTH_DB", "var/auth.db", "Account store: a SQLite file (its folder is created if missing) or postgresql://[user@]host[:port]/database[?sslmode=verify-full...] (no password here)", false },
    { "db-password-file", "VC_AUTH_DB_PASSWORD_FILE", "", "File whose first line is the PostgreSQL password (else libpq's PGPASSWORD or PGPASSFILE)", false },
    { "db-timeout", "VC_AUTH_DB_TIMEOUT", "4000", "PostgreSQL statement timeout in milliseconds (connections time out after 2 s)", false },
    { "threads", "VC_AUTH_THREADS", "2", "Threads that hash passwords and write the store (1-16)", false },
    { "capacity", "VC_AUTH_CAPACITY", "0", "Requests held at once (0: twice the threads)", false },
    { "pwhash-ops", "VC_AUTH_PWHASH_OPS", "2", "Argon2id passes for new password hashes", false },
    { "pwhash-mem", "VC_AUTH_PWHASH_MEM", "32", "Argon2id memory in MiB for new password hashes", false },
    { "max-failures", "VC_AUTH_MAX_FAILURES", "5", "Failed sign-ins per client connection within --failure-window before a cooldown", false },
    { "free-failures", "VC_AUTH_FREE_FAILURES", "3", "Failed sign-ins per (username, source address) before each further one makes that pair wait 1 s, doubled each time", false },
    { "max-delay", "VC_AUTH_MAX_DELAY", "900", "Longest wait, in seconds, of a (username, source address) after failed sign-ins", false },
    { "failure-memory", "VC_AUTH_FAILURE_MEMORY", "3600", "Seconds without a failure after which a (username, source address) starts again free", false },
    { "source-failures", "VC_AUTH_SOURCE_FAILURES", "20", "Failed sign-ins from one source address (any usernames) within --failure-window before it waits --cooldown", false },
    { "failure-window", "VC_AUTH_FAILURE_WINDOW", "60", "Seconds in which failed sign-ins are counted", false },
    { "request-timeout", "VC_REQUEST_TIMEOUT", "4000", "The broker's --request-timeout in ms: a request that waited here that long is past its deadline and dropped before hashing", false },
    { "request-memory", "VC_AUTH_REQUEST_MEMORY", "600", "Seconds the answers to sign-up, sign-out and refused sign-ins are remembered by request id, for clients that retry", false },
    { "cooldown", "VC_AUTH_COOLDOWN", "60", "Seconds a client connection or a source address is refused after too many failures", false },
    { "resume-grace", "VC_AUTH_RESUME_GRACE", "60", "Seconds after a broker restart or failover in which a client may resume its session with its token (then the sessions of the earlier run end)", false },
    VC_OPTIONS_WORKER_KEYS,
    VC_OPTION_METRICS,
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

static int
s_load_options (vc_config_t *config, auth_server_config_t *sc, long *ops, long *mem)
{
    sc->backend = vc_config_get (config, "backend");
    sc->frontend = vc_config_get (config, "frontend");
    sc->events_in = vc_config_get (config, "events-in");
    sc->events_out = vc_config_get (config, "events-out");
    sc->db_path = vc_config_get (config, "db");
    sc->db_options.password_file = vc_config_get (config, "db-password-file");
    sc->db_options.statement_timeout_ms = (int) vc_config_int (config, "db-timeout");
    //  The store may be opened on a request: another program's migration
    //  (its schema lock) is not waited for past a part of the request's time
    sc->db_options.migrate_lock_ms = 1000;
    sc->threads = (int) vc_config_int (config, "threads");
    sc->capacity = (int) vc_config_int (config, "capacity");
    if (sc->capacity == 0)
        sc->capacity = 2 * sc->threads;
    sc->limits.max_failures = (int) vc_config_int (config, "max-failures");
    sc->limits.window_ms = vc_config_int (config, "failure-window") * 1000;
    sc->limits.cooldown_ms = vc_config_int (config, "cooldown") * 1000;
    sc->limits.free_failures = (int) vc_config_int (config, "free-failures");
    sc->limits.max_delay_ms = vc_config_int (config, "max-delay") * 1000;
    sc->limits.memory_ms = vc_config_int (config, "failure-memory") * 1000;
    sc->limits.source_failures = (int) vc_config_int (config, "source-failures");
    long grace = 0;
    if (vc_config_int_in (config, "resume-grace", 0, 86400, &grace))
        return -1;
    sc->resume_grace_ms = grace * 1000;
    long timeout = 0;
    if (vc_config_int_in (config, "request-timeout", 100, 3600000, &timeout))
        return -1;
    sc->request_timeout_ms = timeout;
    long memory = 0;
    if (vc_config_int_in (config, "request-memory", 1, 86400, &memory))
        return -1;
    sc->request_ttl_ms = memory * 1000;
    *ops = vc_config_int (config, "pwhash-ops");
    *mem = vc_config_int (config, "pwhash-mem");
    if (sc->threads < 1 || sc->threads > 16 || sc->capacity < 1 || sc->capacity > 1000
    ||  sc->limits.max_failures < 1 || sc->limits.window_ms < 1000 || sc->limits.cooldown_ms < 1000
    ||  sc->limits.free_failures < 0 || sc->limits.max_delay_ms < 1000 || sc->limits.memory_ms < 1000
    ||  sc->limits.source_failures < 1
    ||  *ops < 1 || *mem < 1 || sc->db_options.statement_timeout_ms < 100 || !*sc->backend || !*sc->db_path || vc_config_argc (config) > 0) {
        vc_error ("invalid option value (see --help)");
        return -1;
    }
    if (vc_db_address_has_password (sc->db_path)) {
        vc_error ("--db: %s", VC_DB_PASSWORD_REFUSED);
        return -1;
    }
    return 0;
}

//  Load the options, make the password hasher and the server, and run it
static int
s_run (vc_config_t *config)
{
    auth_server_config_t sc = { 0 };
    long ops = 0, mem = 0;
    auth_password_t *password = NULL;
    auth_server_t *server = NULL;
    int rc = 2;
    if (s_load_options (config, &sc, &ops, &mem) == 0) {
        rc = 1;
        password = auth_password_new ((unsigned long long) ops, (size_t) mem);
        if (!password)
            vc_error ("cannot use Argon2id with %ld passes and %ld MiB", ops, mem);
        sc.password = password;
        server = password ? auth_server_new (&sc) : NULL;
        vc_info ("password hashes: Argon2id, %ld passes, %ld MiB", ops, mem);
    }
    if (server)
        rc = auth_server_run (server);
    auth_server_destroy (&server);
    auth_password_destroy (&password);
    return rc;
}

int
main (int argc, char **argv)
{
    return vc_worker_main ("vc-auth-svc", "auth",
        "The auth service: sign up, sign in (one client per account), sign out.",
        s_options, argc, argv, s_run);
}
