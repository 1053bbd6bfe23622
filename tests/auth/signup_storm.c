/*  vc-auth-storm - many clients at once against the auth service, for the
    concurrency tests.

    same:     every client signs up the same username at the same moment:
              exactly one is created, the others are told it is taken.
    signin:   every client signs in to the same account (--prefix, made
              first) at the same moment and stays connected: exactly one is
              signed in, the others are told the account is in use, and the
              store holds one session for it.
    distinct: every client signs up its own username, then all sign in at
              once; every account must be in the store exactly once.
    latency:  one client signs in and out repeatedly; prints the median,
              99th percentile and slowest sign-in time, and sign-ins per
              second of sign-in time.
    waves:    rounds of sign-ups with fresh names while instances may be
              killed and restarted; every acknowledged (200) account must be
              in the store at the end. Acknowledged names are appended to
              --acked-file as they arrive; refusals are counted, and among
              them the 503 "store unavailable" ones.
*/
#include "vc_api.h"
#include "vc_config.h"
#include "vc_log.h"
#include <pthread.h>
#include "vc_db.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker client endpoint", false },
    { "mode", NULL, "distinct", "same, signin, distinct, waves or latency", false },
    { "rounds", NULL, "20", "Sign-ins to time (latency)", false },
    { "clients", NULL, "200", "Clients connected at once", false },
    { "prefix", NULL, "storm", "Username (same) or username prefix", false },
    { "password", NULL, "storm-password", "Password of every account", false },
    { "db", NULL, NULL, "Account store to check afterwards (SQLite file or postgresql:// address)", false },
    { "waves", NULL, "3", "Rounds of sign-ups (waves)", false },
    { "acked-file", NULL, NULL, "File to append acknowledged usernames to (waves)", false },
    { "timeout", NULL, "60000", "Milliseconds to wait for all replies of a round", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

typedef struct {
    vc_client_t **clients;
    vc_reply_t **replies;       //  One per client for the current round
    uint64_t *reqids;           //  The request id each client waits for
    int count;
    int timeout_ms;
} storm_t;

#define S_CONNECT_THREADS 50

typedef struct {
    storm_t *storm;
    const char *server;
    int first;                  //  Connects clients first, first + step, ...
    int step;
    int failures;
} connector_t;

//  A handshake takes a while, so clients connect from several threads;
//  joining the thread hands the connected sockets over to the main thread.
static void *
s_connector (void *arg)
{
    connector_t *connector = (connector_t *) arg;
    storm_t *storm = connector->storm;
    for (int i = connector->first; i < storm->count; i += connector->step) {
        storm->clients [i] = vc_client_new (connector->server, "bench");
        if (vc_client_connect (storm->clients [i], VC_CONNECT_TIMEOUT_MSEC)) {
            fprintf (stderr, "client %d: %s\n", i, vc_client_error (storm->clients [i]));
            connector->failures++;
        }
    }
    return NULL;
}

static int
s_connect_all (storm_t *storm, const char *server)
{
    storm->clients = (vc_client_t **) zmalloc (sizeof (vc_client_t *) * (size_t) storm->count);
    storm->replies = (vc_reply_t **) zmalloc (sizeof (vc_reply_t *) * (size_t) storm->count);
    storm->reqids = (uint64_t *) zmalloc (sizeof (uint64_t) * (size_t) storm->count);
    int threads = storm->count < S_CONNECT_THREADS ? storm->count : S_CONNECT_THREADS;
    connector_t connectors [S_CONNECT_THREADS];
    pthread_t ids [S_CONNECT_THREADS];
    int failures = 0;
    for (int t = 0; t < threads; t++) {
        connectors [t] = (connector_t) { storm, server, t, threads, 0 };
        if (pthread_create (&ids [t], NULL, s_connector, &connectors [t]))
            return -1;
    }
    for (int t = 0; t < threads; t++) {
        pthread_join (ids [t], NULL);
        failures += connectors [t].failures;
    }
    return failures ? -1 : 0;
}

static void
s_disconnect_all (storm_t *storm)
{
    for (int i = 0; i < storm->count; i++) {
        vc_reply_destroy (&storm->replies [i]);
        vc_client_destroy (&storm->clients [i]);
    }
    free (storm->clients);
    free (storm->replies);
    free (storm->reqids);
}

//  Reads client i's waiting reply; a late answer to an earlier round's
//  request (its request id differs) is dropped, never taken for this one.
//  Returns 1 if client i now has its reply.
static int
s_take_reply (storm_t *storm, int i)
{
    vc_reply_t *reply = vc_client_recv (storm->clients [i], 0);
    if (reply && reply->reqid != 0 && reply->reqid != storm->reqids [i])
        vc_reply_destroy (&reply);
    storm->replies [i] = reply;
    return reply != NULL;
}

//  Send one request per client (body made by make), then gather every reply
//  while keeping all clients' heartbeats going.
static int
s_round (storm_t *storm, const char *op, const char *(*name_fn) (int, void *), void *arg,
         const char *password)
{
    for (int i = 0; i < storm->count; i++) {
        vc_reply_destroy (&storm->replies [i]);
        zframe_t *body = vc_api_credentials (op, name_fn (i, arg), password);
        storm->reqids [i] = vc_client_send (storm->clients [i], VC_SERVICE_AUTH, &body);
        if (!storm->reqids [i])
            return -1;
    }
    int missing = storm->count;
    int64_t deadline = zclock_mono () + storm->timeout_ms;
    zmq_pollitem_t *items = (zmq_pollitem_t *) zmalloc (sizeof (zmq_pollitem_t) * (size_t) storm->count);
    while (missing > 0 && zclock_mono () < deadline) {
        for (int i = 0; i < storm->count; i++)
            items [i] = (zmq_pollitem_t) { zsock_resolve (vc_client_sock (storm->clients [i])), 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (items, storm->count, 200) < 0)
            break;
        for (int i = 0; i < storm->count; i++) {
            if (!storm->replies [i] && (items [i].revents & ZMQ_POLLIN))
                missing -= s_take_reply (storm, i);
            else
                vc_client_tick (storm->clients [i]);
        }
    }
    free (items);
    return missing;
}

static const char *
s_same_name (int index, void *arg)
{
    (void) index;
    return (const char *) arg;
}

static char s_name [64];

static const char *
s_indexed_name (int index, void *arg)
{
    snprintf (s_name, sizeof s_name, "%s%d", (const char *) arg, index);
    return s_name;
}

//  Count of the rows the statement finds for this username (any case).
static int
s_stored (vc_db_t *db, vc_db_stmt_t *stmt, const char *username)
{
    vc_db_fresh (stmt);
    vc_db_bind_text (stmt, 1, username);
    int count = vc_db_step (stmt) == VC_DB_ROW ? (int) vc_db_column_int64 (stmt, 0) : -1;
    vc_db_reset (stmt);
    if (count < 0)
        fprintf (stderr, "store: %s\n", vc_db_errmsg (db));
    return count;
}

typedef struct {
    vc_db_t *db;
    vc_db_stmt_t *stmt;
    vc_db_stmt_t *sessions;
} checker_t;

static int
s_checker_open (checker_t *checker, const char *path)
{
    memset (checker, 0, sizeof *checker);
    if (!path)
        return 0;
    checker->db = vc_db_new (path, NULL, "storm checker");
    checker->stmt = checker->db ? vc_db_prepare (checker->db,
        "SELECT COUNT(*) FROM accounts WHERE username = ?1") : NULL;
    checker->sessions = checker->db ? vc_db_prepare (checker->db,
        "SELECT COUNT(*) FROM sessions WHERE username = ?1") : NULL;
    if (!checker->stmt || !checker->sessions) {
        fprintf (stderr, "cannot read store %s\n", path);
        return -1;
    }
    return 0;
}

static void
s_checker_close (checker_t *checker)
{
    vc_db_stmt_destroy (&checker->stmt);
    vc_db_stmt_destroy (&checker->sessions);
    vc_db_destroy (&checker->db);
}

static void
s_tally (storm_t *storm, int *ok, int *conflict, int *other)
{
    *ok = *conflict = *other = 0;
    for (int i = 0; i < storm->count; i++) {
        vc_reply_t *reply = storm->replies [i];
        if (reply && reply->status == VC_OK)
            (*ok)++;
        else
        if (reply && reply->status == VC_CONFLICT)
            (*conflict)++;
        else {
            (*other)++;
            fprintf (stderr, "client %d: %s\n", i, reply ? reply->message : "no reply");
        }
    }
}

static int
s_mode_same (storm_t *storm, vc_config_t *config, checker_t *checker)
{
    const char *name = vc_config_get (config, "prefix");
    int missing = s_round (storm, "signup", s_same_name, (void *) name, vc_config_get (config, "password"));
    int ok, conflict, other;
    s_tally (storm, &ok, &conflict, &other);
    int stored = checker->db ? s_stored (checker->db, checker->stmt, name) : 1;
    printf ("same: created=%d taken=%d other=%d unanswered=%d stored=%d\n",
            ok, conflict, other, missing, stored);
    return ok == 1 && conflict == storm->count - 1 && stored == 1 ? 0 : 1;
}

//  Every client signs in to one account at once: one session, the others
//  refused 423 (whichever instance and store connection handled them)
static int
s_mode_signin (storm_t *storm, vc_config_t *config, checker_t *checker)
{
    const char *name = vc_config_get (config, "prefix");
    int missing = s_round (storm, "signin", s_same_name, (void *) name, vc_config_get (config, "password"));
    int ok = 0, in_use = 0, other = 0;
    for (int i = 0; i < storm->count; i++) {
        vc_reply_t *reply = storm->replies [i];
        if (reply && reply->status == VC_OK)
            ok++;
        else
        if (reply && reply->status == VC_ACCOUNT_IN_USE)
            in_use++;
        else {
            other++;
            fprintf (stderr, "client %d: %s\n", i, reply ? reply->message : "no reply");
        }
    }
    int sessions = checker->db ? s_stored (checker->db, checker->sessions, name) : 1;
    printf ("signin: signed_in=%d in_use=%d other=%d unanswered=%d sessions=%d\n",
            ok, in_use, other, missing, sessions);
    return ok == 1 && in_use == storm->count - 1 && sessions == 1 ? 0 : 1;
}

static int
s_mode_distinct (storm_t *storm, vc_config_t *config, checker_t *checker)
{
    const char *prefix = vc_config_get (config, "prefix");
    const char *password = vc_config_get (config, "password");
    int64_t start = zclock_mono ();
    s_round (storm, "signup", s_indexed_name, (void *) prefix, password);
    int64_t signup_ms = zclock_mono () - start;
    int ok, conflict, other;
    s_tally (storm, &ok, &conflict, &other);
    int stored = 0;
    for (int i = 0; checker->db && i < storm->count; i++)
        stored += s_stored (checker->db, checker->stmt, s_indexed_name (i, (void *) prefix)) == 1;
    start = zclock_mono ();
    s_round (storm, "signin", s_indexed_name, (void *) prefix, password);
    int64_t signin_ms = zclock_mono () - start;
    int signed_in, in_conflict, signin_other;
    s_tally (storm, &signed_in, &in_conflict, &signin_other);
    printf ("distinct: created=%d other=%d stored=%d signed_in=%d "
            "signup_round_ms=%" PRId64 " signin_round_ms=%" PRId64 "\n",
            ok, conflict + other, checker->db ? stored : -1, signed_in, signup_ms, signin_ms);
    return ok == storm->count && (!checker->db || stored == storm->count)
        && signed_in == storm->count ? 0 : 1;
}

static int
s_mode_waves (storm_t *storm, vc_config_t *config, checker_t *checker)
{
    const char *prefix = vc_config_get (config, "prefix");
    const char *acked_path = vc_config_get (config, "acked-file");
    FILE *acked = acked_path ? fopen (acked_path, "a") : NULL;
    zlist_t *names = zlist_new ();
    zlist_autofree (names);
    int refused = 0, unavailable = 0, waves = (int) vc_config_int (config, "waves");
    for (int wave = 0; wave < waves; wave++) {
        char wave_prefix [48];
        snprintf (wave_prefix, sizeof wave_prefix, "%s%d-", prefix, wave);
        s_round (storm, "signup", s_indexed_name, wave_prefix, vc_config_get (config, "password"));
        for (int i = 0; i < storm->count; i++) {
            vc_reply_t *reply = storm->replies [i];
            if (reply && reply->status == VC_OK) {
                const char *name = s_indexed_name (i, wave_prefix);
                zlist_append (names, (void *) name);
                if (acked)
                    fprintf (acked, "%s\n", name);
            }
            else {
                refused++;
                unavailable += reply && reply->status == VC_SERVICE_UNAVAILABLE
                            && strstr (reply->message, "store unavailable");
            }
        }
        if (acked)
            fflush (acked);
    }
    if (acked)
        fclose (acked);
    int missing = 0;
    for (const char *name = (const char *) zlist_first (names); name && checker->db;
         name = (const char *) zlist_next (names))
        if (s_stored (checker->db, checker->stmt, name) != 1) {
            fprintf (stderr, "acknowledged account %s is missing\n", name);
            missing++;
        }
    printf ("waves: acknowledged=%zu refused=%d store_unavailable=%d missing=%d\n",
            zlist_size (names), refused, unavailable, missing);
    int rc = missing == 0 && zlist_size (names) > 0 ? 0 : 1;
    zlist_destroy (&names);
    return rc;
}

static int
s_compare_ms (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static int
s_mode_latency (storm_t *storm, vc_config_t *config)
{
    vc_client_t *client = storm->clients [0];
    const char *name = vc_config_get (config, "prefix");
    const char *password = vc_config_get (config, "password");
    zframe_t *body = vc_api_credentials ("signup", name, password);
    vc_reply_t *reply = vc_client_call (client, VC_SERVICE_AUTH, &body, storm->timeout_ms);
    vc_reply_destroy (&reply);
    int rounds = (int) vc_config_int (config, "rounds");
    int64_t *times = (int64_t *) zmalloc (sizeof (int64_t) * (size_t) (rounds > 0 ? rounds : 1));
    int failures = 0;
    int64_t all_start = zclock_usecs (), signin_total = 0;
    for (int i = 0; i < rounds; i++) {
        int64_t start = zclock_usecs ();
        reply = vc_api_signin (client, name, password, storm->timeout_ms);
        times [i] = zclock_usecs () - start;
        signin_total += times [i];
        failures += reply->status != VC_OK;
        vc_reply_destroy (&reply);
        reply = vc_api_signout (client, storm->timeout_ms);
        failures += reply->status != VC_OK;
        vc_reply_destroy (&reply);
    }
    int64_t all_us = zclock_usecs () - all_start;
    qsort (times, (size_t) rounds, sizeof (int64_t), s_compare_ms);
    printf ("latency: rounds=%d failures=%d median_ms=%.1f p99_ms=%.1f max_ms=%.1f"
            " signins_per_s=%.1f rounds_per_s=%.1f\n", rounds, failures,
            rounds ? times [rounds / 2] / 1000.0 : 0.0,
            rounds ? times [(rounds * 99) / 100 < rounds ? (rounds * 99) / 100 : rounds - 1] / 1000.0 : 0.0,
            rounds ? times [rounds - 1] / 1000.0 : 0.0,
            signin_total ? rounds * 1e6 / (double) signin_total : 0.0,
            all_us ? rounds * 1e6 / (double) all_us : 0.0);
    int rc = failures == 0 && rounds > 0 ? 0 : 1;
    free (times);
    return rc;
}

int
main (int argc, char **argv)
{
    vc_config_t *config = vc_config_new ("vc-auth-storm", "[options]",
        "Many clients at once against the auth service.", s_options);
    int rc = vc_config_parse (config, argc, argv);
    if (rc) {
        vc_config_destroy (&config);
        return rc > 0 ? 0 : 2;
    }
    vc_log_init ("storm", vc_config_get (config, "log-level"));
    zsys_init ();
    zsys_set_logstream (NULL);
    zsys_set_max_sockets (0);
    storm_t storm = { 0 };
    storm.count = (int) vc_config_int (config, "clients");
    storm.timeout_ms = (int) vc_config_int (config, "timeout");
    const char *mode = vc_config_get (config, "mode");
    checker_t checker;
    rc = 2;
    if (storm.count > 0 && s_checker_open (&checker, vc_config_get (config, "db")) == 0) {
        rc = 1;
        if (s_connect_all (&storm, vc_config_get (config, "server")) == 0)
            rc = streq (mode, "latency") ? s_mode_latency (&storm, config)
               : streq (mode, "same") ? s_mode_same (&storm, config, &checker)
               : streq (mode, "signin") ? s_mode_signin (&storm, config, &checker)
               : streq (mode, "waves") ? s_mode_waves (&storm, config, &checker)
               : s_mode_distinct (&storm, config, &checker);
        s_disconnect_all (&storm);
        s_checker_close (&checker);
    }
    vc_config_destroy (&config);
    return rc;
}
