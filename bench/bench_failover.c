/*  vc-bench-failover - clients that keep working while the brokers of a pair
    fail over: each signs in, then runs data lookups (a province on a day,
    answered with its figures) and whoami (are we still signed in as
    ourselves?) with a sign-in every 20th request, until told to stop
    (SIGTERM) or the time is up. Prints what the clients saw: requests and
    failed ones (any reply but 200, a lookup without figures, or whoami not
    naming the user), in all and by kind, sessions resumed, requests sent
    again, and per client the failover time (last reply from the old broker
    run to the first from the new one); each run change is also printed as
    it happens ("moved client=N ms=T from=RUN to=RUN kind=K call_ms=C
    sent_again=S runs=R": the kind of request that got the first reply from
    the new run, how long that call took, rejoining and resending included,
    how often the library sent it again and how many new broker runs it
    met meanwhile), for
    bench/failover.sh.  */
#include "vc_config.h"
#include "vc_client.h"
#include "vc_api.h"
#include "vc_log.h"
#include <pthread.h>
#include "vc_check.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker addresses, comma-separated", false },
    { "clients", "VC_LOAD_CLIENTS", "20", "Clients, one thread each (1-500)", false },
    { "seconds", "VC_LOAD_SECONDS", "30", "Run this long at most (SIGTERM stops sooner)", false },
    { "think", "VC_LOAD_THINK", "50", "Milliseconds between a client's requests", false },
    { "user-prefix", "VC_LOAD_USER_PREFIX", "load", "Usernames are this and a number", false },
    { "password", "VC_LOAD_PASSWORD", "load-password-1", "Password of every account", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

//  The kinds of request, for the report
typedef enum { K_LOOKUP, K_WHOAMI, K_SIGNIN, K_MAX } s_kind_t;
static const char *s_kind_name [K_MAX] = { "lookup", "whoami", "signin" };

typedef struct {
    const char *server, *password;
    char username [48];
    int think_ms;
    int64_t stop_at;
    //  Results
    int setup_failed;
    uint64_t requests, failed;
    uint64_t kind_requests [K_MAX], kind_failed [K_MAX];
    unsigned resumed, resends, failovers, restarts;
    int64_t gap_ms;             //  Longest time between replies across a run change
    char first_error [320];
} load_t;

static volatile int s_stop = 0;

//  Keeps the first error a client saw, for the report
static void
s_note (load_t *self, const char *what, vc_reply_t *reply)
{
    if (!*self->first_error)
        snprintf (self->first_error, sizeof self->first_error, "%.32s: %d %.256s", what,
                  reply->status, reply->message);
}

//  Whether a reply is the right answer to its kind of request.
static bool
s_answered (load_t *self, s_kind_t kind, vc_reply_t *reply)
{
    if (reply->status != VC_OK)
        return false;
    if (kind == K_WHOAMI) {
        char name [48];
        return streq (vc_reply_str (reply, "username", name, sizeof name), self->username);
    }
    if (kind == K_LOOKUP)
        return vc_reply_int (reply, "new_cases", -1) >= 0;
    return true;
}

//  One request of a kind; true if it succeeded. Tracks the reply's
//  broker run.
static bool
s_call (load_t *self, vc_client_t *client, s_kind_t kind, zframe_t *body,
        char *run, int64_t *last_reply)
{
    self->requests++;
    self->kind_requests [kind]++;
    int64_t started = zclock_mono ();
    unsigned resends = vc_client_resends (client), joins = vc_client_restarts (client);
    vc_reply_t *reply = kind == K_SIGNIN
        ? vc_api_signin (client, self->username, self->password, 15000)
        : vc_client_call (client, kind == K_LOOKUP ? VC_SERVICE_DATA : VC_SERVICE_AUTH, &body, 15000);
    bool ok = s_answered (self, kind, reply);
    if (!ok) {
        self->failed++;
        self->kind_failed [kind]++;
        s_note (self, s_kind_name [kind], reply);
    }
    int64_t now = zclock_mono ();
    if (ok && *run && strcmp (run, vc_client_epoch (client))) {
        if (now - *last_reply > self->gap_ms)
            self->gap_ms = now - *last_reply;
        printf ("moved client=%s ms=%" PRId64 " from=%s to=%s kind=%s call_ms=%" PRId64
                " sent_again=%u runs=%u\n", self->username, now - *last_reply, run,
                vc_client_epoch (client), s_kind_name [kind], now - started,
                vc_client_resends (client) - resends, vc_client_restarts (client) - joins);
        fflush (stdout);
    }
    if (ok) {
        snprintf (run, 17, "%s", vc_client_epoch (client));
        *last_reply = now;
    }
    vc_reply_destroy (&reply);
    return ok;
}

//  The n-th lookup: two provinces, four days of the shipped figures
static zframe_t *
s_lookup (int n)
{
    static const char *provinces [] = { "hcm", "Hà Nội" };
    static const char *dates [] = { "15-12-2021", "16-12-2021", "17-12-2021", "18-12-2021" };
    return vc_api_lookup (provinces [n % 2], dates [(n / 2) % 4]);
}

static void *
s_client (void *arg)
{
    load_t *self = (load_t *) arg;
    vc_client_t *client = VC_NEED (vc_client_new (self->server, "load"));
    char run [17] = "";
    int64_t last_reply = 0;
    vc_reply_t *reply = NULL;
    if (vc_client_connect (client, 10000) != 0)
        snprintf (self->first_error, sizeof self->first_error, "setup: could not connect");
    else {
        zframe_t *body = vc_api_credentials ("signup", self->username, self->password);
        reply = vc_client_call (client, VC_SERVICE_AUTH, &body, 30000);
    }
    bool ready = reply && (reply->status == VC_OK || reply->status == VC_CONFLICT);
    if (reply && !ready)
        s_note (self, "setup signup", reply);
    vc_reply_destroy (&reply);
    if (ready) {
        reply = vc_api_signin (client, self->username, self->password, 30000);
        ready = reply->status == VC_OK;
        if (!ready)
            s_note (self, "setup signin", reply);
        vc_reply_destroy (&reply);
    }
    self->setup_failed = !ready;
    for (int n = 0; ready && !s_stop && zclock_mono () < self->stop_at; n++) {
        s_kind_t kind = n % 20 == 19 ? K_SIGNIN : n % 3 == 2 ? K_WHOAMI : K_LOOKUP;
        zframe_t *body = kind == K_LOOKUP ? s_lookup (n) : kind == K_WHOAMI ? vc_api_op ("whoami") : NULL;
        s_call (self, client, kind, body, run, &last_reply);
        zclock_sleep (self->think_ms);
    }
    self->resumed = vc_client_resumed (client);
    self->resends = vc_client_resends (client);
    self->failovers = vc_client_failovers (client);
    self->restarts = vc_client_restarts (client);
    vc_client_destroy (&client);
    return NULL;
}

static void
s_on_term (int sig)
{
    (void) sig;
    s_stop = 1;
}

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static void
s_report (load_t *loads, int count)
{
    uint64_t requests = 0, failed = 0, kind_requests [K_MAX] = { 0 }, kind_failed [K_MAX] = { 0 };
    unsigned resumed = 0, resends = 0, failovers = 0, restarts = 0, setup_failed = 0;
    int64_t *gaps = (int64_t *) VC_NEED (calloc ((size_t) count, sizeof (int64_t)));
    int moved = 0;
    for (int i = 0; i < count; i++) {
        requests += loads [i].requests;
        failed += loads [i].failed;
        for (int kind = 0; kind < K_MAX; kind++) {
            kind_requests [kind] += loads [i].kind_requests [kind];
            kind_failed [kind] += loads [i].kind_failed [kind];
        }
        resumed += loads [i].resumed;
        resends += loads [i].resends;
        failovers += loads [i].failovers;
        restarts += loads [i].restarts;
        setup_failed += (unsigned) loads [i].setup_failed;
        if (gaps && loads [i].gap_ms > 0)
            gaps [moved++] = loads [i].gap_ms;
        if (*loads [i].first_error)
            fprintf (stderr, "client %d: %s\n", i, loads [i].first_error);
    }
    if (gaps && moved)
        qsort (gaps, (size_t) moved, sizeof (int64_t), s_compare);
    printf ("clients=%d setup_failed=%u requests=%" PRIu64 " failed=%" PRIu64
            " restarts=%u failovers=%u resumed=%u resends=%u moved=%d"
            " gap_p50_ms=%" PRId64 " gap_max_ms=%" PRId64 "\n",
            count, setup_failed, requests, failed, restarts, failovers, resumed, resends, moved,
            moved ? gaps [moved / 2] : 0, moved ? gaps [moved - 1] : 0);
    for (int kind = 0; kind < K_MAX; kind++)
        printf ("kind=%s requests=%" PRIu64 " failed=%" PRIu64 "\n", s_kind_name [kind],
                kind_requests [kind], kind_failed [kind]);
    fflush (stdout);
    free (gaps);
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-bench-failover", "bench-failover", "[options]",
        "Clients that sign in and keep asking while the brokers fail over; prints what they saw.",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    long clients = 0, seconds = 0, think = 0;
    if (vc_config_int_in (config, "clients", 1, 500, &clients)
    ||  vc_config_int_in (config, "seconds", 1, 3600, &seconds)
    ||  vc_config_int_in (config, "think", 0, 10000, &think)) {
        vc_config_destroy (&config);
        return 2;
    }
    signal (SIGTERM, s_on_term);
    load_t *loads = (load_t *) VC_NEED (calloc ((size_t) clients, sizeof (load_t)));
    pthread_t *threads = (pthread_t *) VC_NEED (calloc ((size_t) clients, sizeof (pthread_t)));
    int64_t stop_at = zclock_mono () + seconds * 1000;
    for (int i = 0; i < clients; i++) {
        loads [i].server = vc_config_get (config, "server");
        loads [i].password = vc_config_get (config, "password");
        snprintf (loads [i].username, sizeof loads [i].username, "%s%d",
                  vc_config_get (config, "user-prefix"), i);
        loads [i].think_ms = (int) think;
        loads [i].stop_at = stop_at;
        if (pthread_create (&threads [i], NULL, s_client, &loads [i]))
            loads [i].setup_failed = 1;
    }
    printf ("started %ld clients\n", clients);
    fflush (stdout);
    for (int i = 0; i < clients; i++)
        pthread_join (threads [i], NULL);
    s_report (loads, (int) clients);
    free (loads);
    free (threads);
    vc_config_destroy (&config);
    return 0;
}
