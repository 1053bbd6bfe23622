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
              99th percentile and slowest sign-in time, sign-ins per second
              of sign-in time, and beside them the median time of a sign-out
              and of one password hash made here with the instances' limits
              (measured between the sign-ins, as references).
    waves:    rounds of sign-ups with fresh names while instances may be
              killed and restarted; every acknowledged (200) account must be
              in the store at the end. Acknowledged names are appended to
              --acked-file as they arrive; refusals are counted, and among
              them the 503 "store unavailable" ones.
    hash:     only times --rounds password hashes made here with the
              instances' limits; prints their median.

    A round of requests waits for every reply for --timeout ms at most.
    With --reference it waits as long as it keeps within a bound derived
    from a reference measured meanwhile: the time one password hash with the
    instances' limits (--pwhash-ops, --pwhash-mem) takes in this process
    while the round runs (hash_reference). The bound is the requests times
    that reference times --bound-factor (the instances share the cores with
    the reference's thread and may run several hashes at once, so a round
    that goes well takes a fraction of it), at least --bound-min ms and at
    most --timeout ms; latency then times a reference hash between the
    sign-ins. Each round prints its time, the reference and the bound; a
    round cut short leaves its unanswered requests counted, and says so on
    stderr.
*/
#include "vc_api.h"
#include "vc_config.h"
#include "vc_log.h"
#include <pthread.h>
#include "vc_db.h"
#include "hash_reference.h"
#include "vc_check.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker client endpoint", false },
    { "mode", NULL, "distinct", "same, signin, distinct, waves, latency or hash", false },
    { "rounds", NULL, "20", "Sign-ins or hashes to time (latency, hash)", false },
    { "clients", NULL, "200", "Clients connected at once", false },
    { "prefix", NULL, "storm", "Username (same) or username prefix", false },
    { "password", NULL, "storm-password", "Password of every account", false },
    { "db", NULL, NULL, "Account store to check afterwards (SQLite file or postgresql:// address)", false },
    { "waves", NULL, "3", "Rounds of sign-ups (waves)", false },
    { "acked-file", NULL, NULL, "File to append acknowledged usernames to (waves)", false },
    { "timeout", NULL, "60000", "Milliseconds a round may take at most", false },
    { "reference", NULL, "false", "Measure a reference hash and bound each round by it", true },
    { "bound-factor", NULL, "4", "With --reference, a round may take its requests times the reference hash time times this", false },
    { "bound-min", NULL, "20000", "Milliseconds a round may take at least", false },
    { "pwhash-ops", "VC_AUTH_PWHASH_OPS", "2", "The instances' Argon2id passes (for the reference hash)", false },
    { "pwhash-mem", "VC_AUTH_PWHASH_MEM", "32", "The instances' Argon2id MiB (for the reference hash)", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

//  A round's time, the reference measured meanwhile and the bound it gave
typedef struct {
    int64_t ms;
    double reference_ms;
    int64_t bound_ms;
} round_figures_t;

typedef struct {
    vc_client_t **clients;
    vc_reply_t **replies;       //  One per client for the current round
    uint64_t *reqids;           //  The request id each client waits for
    int count;
    int timeout_ms;             //  The most a round may take
    int bound_min_ms;           //  The least it may take
    double bound_factor;
    hash_reference_t *reference;
    bool bounded;               //  Rounds bounded by the reference (--reference)
    round_figures_t round;      //  The last round's
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
        storm->clients [i] = VC_NEED (vc_client_new (connector->server, "bench"));
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
    storm->clients = (vc_client_t **) VC_NEED (zmalloc (sizeof (vc_client_t *) * (size_t) storm->count));
    storm->replies = (vc_reply_t **) VC_NEED (zmalloc (sizeof (vc_reply_t *) * (size_t) storm->count));
    storm->reqids = (uint64_t *) VC_NEED (zmalloc (sizeof (uint64_t) * (size_t) storm->count));
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

//  The time the current round may take: its requests times the reference
//  so far times the factor, within the least and the most.
static int64_t
s_bound (storm_t *storm)
{
    if (!storm->bounded)
        return storm->timeout_ms;
    double bound = storm->count * hash_reference_median_ms (storm->reference) * storm->bound_factor;
    if (bound < storm->bound_min_ms)
        bound = storm->bound_min_ms;
    return bound > storm->timeout_ms ? storm->timeout_ms : (int64_t) bound;
}

//  The last round's figures, appended to a mode's line of results
static void
s_print_round (const round_figures_t *round, const char *name)
{
    printf (" %sround_ms=%" PRId64 " %sreference_ms=%.1f %sbound_ms=%" PRId64,
            name, round->ms, name, round->reference_ms, name, round->bound_ms);
}

//  Send one request per client (body made by make), then gather every reply
//  while keeping all clients' heartbeats going, within the round's bound.
static int
s_round (storm_t *storm, const char *op, const char *(*name_fn) (int, void *), void *arg,
         const char *password)
{
    hash_reference_clear (storm->reference);
    if (storm->bounded
    &&  (hash_reference_once (storm->reference) < 0 || hash_reference_start (storm->reference))) {
        fprintf (stderr, "cannot measure the reference hash\n");
        return storm->count;
    }
    int64_t start = zclock_mono ();
    for (int i = 0; i < storm->count; i++) {
        vc_reply_destroy (&storm->replies [i]);
        zframe_t *body = vc_api_credentials (op, name_fn (i, arg), password);
        storm->reqids [i] = vc_client_send (storm->clients [i], VC_SERVICE_AUTH, &body);
        if (!storm->reqids [i]) {
            hash_reference_stop (storm->reference);
            return storm->count;
        }
    }
    int missing = storm->count;
    zmq_pollitem_t *items = (zmq_pollitem_t *) VC_NEED (zmalloc (sizeof (zmq_pollitem_t) * (size_t) storm->count));
    while (missing > 0 && zclock_mono () - start < (storm->round.bound_ms = s_bound (storm))) {
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
    hash_reference_stop (storm->reference);
    storm->round.ms = zclock_mono () - start;
    storm->round.reference_ms = hash_reference_median_ms (storm->reference);
    storm->round.bound_ms = s_bound (storm);
    if (missing && !storm->bounded)
        fprintf (stderr, "%s round cut after %" PRId64 " ms with %d of %d requests unanswered (--timeout)\n",
                 op, storm->round.ms, missing, storm->count);
    else
    if (missing)
        fprintf (stderr, "%s round cut after %" PRId64 " ms with %d of %d requests unanswered: "
                 "its bound is %" PRId64 " ms (%d requests x %.1f ms, the median of %d reference "
                 "hashes, x %.1f; at least %d ms, at most %d ms)\n", op, storm->round.ms,
                 missing, storm->count, storm->round.bound_ms, storm->count, storm->round.reference_ms,
                 hash_reference_samples (storm->reference), storm->bound_factor,
                 storm->bound_min_ms, storm->timeout_ms);
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
    printf ("same: created=%d taken=%d other=%d unanswered=%d stored=%d",
            ok, conflict, other, missing, stored);
    s_print_round (&storm->round, "");
    printf ("\n");
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
    printf ("signin: signed_in=%d in_use=%d other=%d unanswered=%d sessions=%d",
            ok, in_use, other, missing, sessions);
    s_print_round (&storm->round, "");
    printf ("\n");
    return ok == 1 && in_use == storm->count - 1 && sessions == 1 ? 0 : 1;
}

static int
s_mode_distinct (storm_t *storm, vc_config_t *config, checker_t *checker)
{
    const char *prefix = vc_config_get (config, "prefix");
    const char *password = vc_config_get (config, "password");
    int missing = s_round (storm, "signup", s_indexed_name, (void *) prefix, password);
    round_figures_t signup = storm->round;
    int ok, conflict, other;
    s_tally (storm, &ok, &conflict, &other);
    int stored = 0;
    for (int i = 0; checker->db && i < storm->count; i++)
        stored += s_stored (checker->db, checker->stmt, s_indexed_name (i, (void *) prefix)) == 1;
    missing += s_round (storm, "signin", s_indexed_name, (void *) prefix, password);
    int signed_in, in_conflict, signin_other;
    s_tally (storm, &signed_in, &in_conflict, &signin_other);
    printf ("distinct: created=%d other=%d stored=%d signed_in=%d unanswered=%d",
            ok, conflict + other, checker->db ? stored : -1, signed_in, missing);
    s_print_round (&signup, "signup_");
    s_print_round (&storm->round, "signin_");
    printf ("\n");
    return ok == storm->count && (!checker->db || stored == storm->count)
        && signed_in == storm->count ? 0 : 1;
}

static int
s_mode_waves (storm_t *storm, vc_config_t *config, checker_t *checker)
{
    const char *prefix = vc_config_get (config, "prefix");
    const char *acked_path = vc_config_get (config, "acked-file");
    FILE *acked = acked_path ? fopen (acked_path, "a") : NULL;
    zlist_t *names = VC_NEED (zlist_new ());
    zlist_autofree (names);
    int refused = 0, unavailable = 0, unanswered = 0, waves = (int) vc_config_int (config, "waves");
    for (int wave = 0; wave < waves; wave++) {
        char wave_prefix [48];
        snprintf (wave_prefix, sizeof wave_prefix, "%s%d-", prefix, wave);
        unanswered += s_round (storm, "signup", s_indexed_name, wave_prefix, vc_config_get (config, "password"));
        printf ("wave %d:", wave);
        s_print_round (&storm->round, "");
        printf ("\n");
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
    printf ("waves: acknowledged=%zu refused=%d store_unavailable=%d unanswered=%d missing=%d\n",
            zlist_size (names), refused, unavailable, unanswered, missing);
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
    int64_t *times = (int64_t *) VC_NEED (zmalloc (sizeof (int64_t) * (size_t) (rounds > 0 ? rounds : 1) * 2));
    int64_t *signouts = times + (rounds > 0 ? rounds : 1);
    int failures = 0;
    int64_t all_us = 0, signin_total = 0;
    hash_reference_clear (storm->reference);
    for (int i = 0; i < rounds; i++) {
        //  The reference hash comes between the sign-ins, not within them
        if (storm->bounded)
            failures += hash_reference_once (storm->reference) < 0;
        int64_t start = zclock_usecs ();
        reply = vc_api_signin (client, name, password, storm->timeout_ms);
        times [i] = zclock_usecs () - start;
        signin_total += times [i];
        failures += reply->status != VC_OK;
        vc_reply_destroy (&reply);
        int64_t signout_start = zclock_usecs ();
        reply = vc_api_signout (client, storm->timeout_ms);
        signouts [i] = zclock_usecs () - signout_start;
        all_us += zclock_usecs () - start;
        failures += reply->status != VC_OK;
        vc_reply_destroy (&reply);
    }
    qsort (times, (size_t) rounds, sizeof (int64_t), s_compare_ms);
    qsort (signouts, (size_t) rounds, sizeof (int64_t), s_compare_ms);
    printf ("latency: rounds=%d failures=%d median_ms=%.1f p99_ms=%.1f max_ms=%.1f"
            " signins_per_s=%.1f rounds_per_s=%.1f signout_p50_ms=%.1f reference_ms=%.1f\n",
            rounds, failures,
            rounds ? times [rounds / 2] / 1000.0 : 0.0,
            rounds ? times [(rounds * 99) / 100 < rounds ? (rounds * 99) / 100 : rounds - 1] / 1000.0 : 0.0,
            rounds ? times [rounds - 1] / 1000.0 : 0.0,
            signin_total ? rounds * 1e6 / (double) signin_total : 0.0,
            all_us ? rounds * 1e6 / (double) all_us : 0.0,
            rounds ? signouts [rounds / 2] / 1000.0 : 0.0,
            hash_reference_median_ms (storm->reference));
    int rc = failures == 0 && rounds > 0 ? 0 : 1;
    free (times);
    return rc;
}

//  Only the reference: --rounds password hashes made here
static int
s_mode_hash (storm_t *storm, vc_config_t *config)
{
    int rounds = (int) vc_config_int (config, "rounds");
    int failures = 0;
    hash_reference_clear (storm->reference);
    for (int i = 0; i < rounds; i++)
        failures += hash_reference_once (storm->reference) < 0;
    printf ("hash: rounds=%d failures=%d median_ms=%.1f\n", rounds, failures,
            hash_reference_median_ms (storm->reference));
    return failures == 0 && rounds > 0 ? 0 : 1;
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
    storm.bound_min_ms = (int) vc_config_int (config, "bound-min");
    storm.bound_factor = (double) vc_config_int (config, "bound-factor");
    storm.bounded = vc_config_bool (config, "reference");
    storm.reference = hash_reference_new ((unsigned long long) vc_config_int (config, "pwhash-ops"),
                                          (size_t) vc_config_int (config, "pwhash-mem"));
    if (!storm.reference)
        fprintf (stderr, "vc-auth-storm: cannot hash with --pwhash-ops and --pwhash-mem as given\n");
    const char *mode = vc_config_get (config, "mode");
    checker_t checker;
    rc = 2;
    if (storm.reference && streq (mode, "hash"))
        rc = s_mode_hash (&storm, config);
    else
    if (storm.reference && storm.count > 0 && storm.bound_factor > 0
    &&  s_checker_open (&checker, vc_config_get (config, "db")) == 0) {
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
    hash_reference_destroy (&storm.reference);
    vc_config_destroy (&config);
    return rc;
}
