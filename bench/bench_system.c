/*  bench_system - drives the real system through the broker with many
    closed-loop clients (each waits for its reply before the next request),
    spread over a few threads, and records latency per operation.  */
#include "bench.h"
#include "vc_province.h"
#include "vc_date.h"
#include <pthread.h>
#include "vc_check.h"

typedef struct {
    vc_client_t *client;
    bench_op_t op;
    int64_t sent_us;
    char username [40];
} sim_t;

typedef struct {
    const bench_config_t *cfg;
    int first, count;
    bench_stats_t stats;
    vc_provinces_t *provinces;
    vc_day_t day_from, day_to;
    int64_t start_us, stop_us;
    uint64_t seed;
    int setup_failed;
    int *ready;                     //  Threads done with setup
    int *go;                        //  Start and stop times are set
} worker_arg_t;

static int64_t
s_now_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static uint64_t
s_random (uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    return *state = x;
}

//  Connect, make sure the account exists, sign in.
static int
s_setup_client (worker_arg_t *arg, sim_t *sim, int index)
{
    const bench_config_t *cfg = arg->cfg;
    sim->client = VC_NEED (vc_client_new (cfg->server, "bench"));
    if (vc_client_connect (sim->client, 5000))
        return -1;
    if (streq (cfg->workload, "ping"))
        return 0;
    snprintf (sim->username, sizeof sim->username, "%s%d", cfg->user_prefix, index);
    zframe_t *body = vc_api_credentials ("signup", sim->username, cfg->password);
    vc_reply_t *reply = vc_client_call (sim->client, VC_SERVICE_AUTH, &body, 30000);
    bool ok = reply->status == VC_OK || reply->status == VC_CONFLICT;
    vc_reply_destroy (&reply);
    if (!ok)
        return -1;
    reply = vc_api_signin (sim->client, sim->username, cfg->password, 30000);
    ok = reply->status == VC_OK;
    if (!ok)
        fprintf (stderr, "bench: sign in %s: %s\n", sim->username, reply->message);
    vc_reply_destroy (&reply);
    return ok ? 0 : -1;
}

static bench_op_t
s_pick_op (worker_arg_t *arg)
{
    if (streq (arg->cfg->workload, "ping"))
        return OP_ECHO;
    uint64_t r = s_random (&arg->seed) % 100;
    if (streq (arg->cfg->workload, "lookup"))
        return r < 90 ? OP_LOOKUP_DATE : OP_LOOKUP_TOTAL;
    return r < 90 ? OP_LOOKUP_DATE : r < 99 ? OP_LOOKUP_TOTAL : OP_SIGNOUT;
}

static void
s_send (worker_arg_t *arg, sim_t *sim, bench_op_t op)
{
    const char *service = VC_SERVICE_DATA;
    zframe_t *body = NULL;
    const vc_province_t *province = vc_provinces_at (arg->provinces,
        s_random (&arg->seed) % vc_provinces_size (arg->provinces));
    char date [16];
    vc_date_format_vn (arg->day_from + (vc_day_t) (s_random (&arg->seed)
                       % (uint64_t) (arg->day_to - arg->day_from + 1)), date, sizeof date);
    switch (op) {
        case OP_LOOKUP_DATE:  body = vc_api_lookup (province->ascii, date); break;
        case OP_LOOKUP_TOTAL: body = vc_api_lookup (province->name, NULL); break;
        case OP_SIGNOUT:      service = VC_SERVICE_AUTH; body = vc_api_op ("signout"); break;
        case OP_SIGNIN:       service = VC_SERVICE_AUTH;
                              body = vc_api_credentials ("signin", sim->username, arg->cfg->password);
                              break;
        default:              service = arg->cfg->service; body = vc_api_op ("ping"); break;
    }
    sim->op = op;
    sim->sent_us = s_now_us ();
    vc_client_send (sim->client, service, &body);
}

static void
s_received (worker_arg_t *arg, sim_t *sim, vc_reply_t *reply)
{
    int64_t now = s_now_us ();
    bool counted = sim->sent_us >= arg->start_us;
    //  "not found" is a correct answer (e.g. a province with no stored total)
    if (reply->status == VC_OK || reply->status == VC_NOT_FOUND) {
        if (counted) {
            arg->stats.ok [sim->op]++;
            bench_lat_add (&arg->stats.lat [sim->op], (uint32_t) (now - sim->sent_us));
        }
    }
    else {
        if (counted)
            arg->stats.errors [sim->op]++;
        if (!*arg->stats.first_error)
            snprintf (arg->stats.first_error, sizeof arg->stats.first_error, "%s: %d %.200s",
                      bench_op_name (sim->op), reply->status, reply->message);
    }
    char token [VC_EXTRA_MAX + 1];
    if (sim->op == OP_SIGNIN && reply->status == VC_OK)
        vc_client_set_token (sim->client, vc_reply_str (reply, "token", token, sizeof token));
    vc_reply_destroy (&reply);
    if (now < arg->stop_us)
        s_send (arg, sim, sim->op == OP_SIGNOUT ? OP_SIGNIN : s_pick_op (arg));
}

static void
s_loop (worker_arg_t *arg, sim_t *sims)
{
    zmq_pollitem_t *items = (zmq_pollitem_t *) VC_NEED (calloc ((size_t) arg->count, sizeof (zmq_pollitem_t)));
    for (int i = 0; i < arg->count; i++) {
        items [i] = (zmq_pollitem_t) { zsock_resolve (vc_client_sock (sims [i].client)), 0, ZMQ_POLLIN, 0 };
        s_send (arg, &sims [i], s_pick_op (arg));
    }
    int outstanding = arg->count;
    int64_t give_up = arg->stop_us + 10 * 1000000;
    while (outstanding > 0 && s_now_us () < give_up) {
        if (zmq_poll (items, arg->count, 100) < 0)
            break;
        for (int i = 0; i < arg->count; i++) {
            if (!(items [i].revents & ZMQ_POLLIN))
                continue;
            vc_reply_t *reply = vc_client_recv (sims [i].client, 0);
            if (!reply)
                continue;
            s_received (arg, &sims [i], reply);
            if (s_now_us () >= arg->stop_us && sims [i].sent_us < arg->stop_us)
                outstanding--;
        }
    }
    free (items);
}

static void *
s_worker (void *varg)
{
    worker_arg_t *arg = (worker_arg_t *) varg;
    sim_t *sims = (sim_t *) VC_NEED (calloc ((size_t) arg->count, sizeof (sim_t)));
    for (int i = 0; i < arg->count && !arg->setup_failed; i++) {
        if (s_setup_client (arg, &sims [i], arg->first + i)) {
            fprintf (stderr, "bench: client %d could not connect or sign in\n", arg->first + i);
            arg->setup_failed = 1;
        }
        //  Keep the clients already set up alive while the others sign in
        for (int k = 0; k < i; k++)
            vc_client_tick (sims [k].client);
    }
    //  Wait for every thread, heartbeating meanwhile
    __atomic_add_fetch (arg->ready, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n (arg->go, __ATOMIC_SEQ_CST)) {
        for (int k = 0; k < arg->count && sims [k].client; k++)
            vc_client_tick (sims [k].client);
        zclock_sleep (50);
    }
    if (!arg->setup_failed)
        s_loop (arg, sims);
    for (int i = 0; i < arg->count; i++)
        vc_client_destroy (&sims [i].client);
    free (sims);
    return NULL;
}

//  The covered date range, so lookups ask for days that have data.
static void
s_date_range (const bench_config_t *cfg, vc_day_t *from, vc_day_t *to)
{
    vc_date_from_ymd (2021, 12, 1, from);
    vc_date_from_ymd (2021, 12, 31, to);
    vc_client_t *client = VC_NEED (vc_client_new (cfg->server, "bench"));
    if (vc_client_connect (client, 3000) == 0 && !streq (cfg->workload, "ping")) {
        char name [40], text [16];
        snprintf (name, sizeof name, "%s0", cfg->user_prefix);
        zframe_t *body = vc_api_credentials ("signup", name, cfg->password);
        vc_reply_t *reply = vc_client_call (client, VC_SERVICE_AUTH, &body, 30000);
        vc_reply_destroy (&reply);
        reply = vc_api_signin (client, name, cfg->password, 30000);
        vc_reply_destroy (&reply);
        body = vc_api_op ("range");
        reply = vc_client_call (client, VC_SERVICE_DATA, &body, 5000);
        char err [128];
        //  "not found" is a correct answer (e.g. a province with no stored total)
    if (reply->status == VC_OK || reply->status == VC_NOT_FOUND) {
            vc_date_parse (vc_reply_str (reply, "from", text, sizeof text), from, err, sizeof err);
            vc_date_parse (vc_reply_str (reply, "to", text, sizeof text), to, err, sizeof err);
        }
        vc_reply_destroy (&reply);
    }
    vc_client_destroy (&client);
}

int
bench_system_run (const bench_config_t *cfg, bench_stats_t *stats)
{
    int threads = cfg->threads < cfg->clients ? cfg->threads : cfg->clients;
    worker_arg_t *args = (worker_arg_t *) VC_NEED (calloc ((size_t) threads, sizeof (worker_arg_t)));
    pthread_t *ids = (pthread_t *) VC_NEED (calloc ((size_t) threads, sizeof (pthread_t)));
    vc_provinces_t *provinces = VC_NEED (vc_provinces_new ());
    vc_day_t from, to;
    s_date_range (cfg, &from, &to);
    int ready = 0, go = 0;
    for (int t = 0; t < threads; t++) {
        worker_arg_t *arg = &args [t];
        arg->cfg = cfg;
        arg->first = 1 + t * cfg->clients / threads;
        arg->count = (t + 1) * cfg->clients / threads - t * cfg->clients / threads;
        arg->provinces = provinces;
        arg->day_from = from;
        arg->day_to = to;
        arg->ready = &ready;
        arg->go = &go;
        arg->seed = 0x9e3779b97f4a7c15ULL ^ (uint64_t) (t + 1) * 0xbf58476d1ce4e5b9ULL;
        pthread_create (&ids [t], NULL, s_worker, arg);
    }
    //  Measure from the end of the warm-up, once every client is ready
    while (__atomic_load_n (&ready, __ATOMIC_SEQ_CST) < threads)
        zclock_sleep (10);
    int64_t start = s_now_us () + (int64_t) cfg->warmup_s * 1000000;
    for (int t = 0; t < threads; t++) {
        args [t].start_us = start;
        args [t].stop_us = start + (int64_t) cfg->duration_s * 1000000;
    }
    __atomic_store_n (&go, 1, __ATOMIC_SEQ_CST);
    int rc = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join (ids [t], NULL);
        if (args [t].setup_failed)
            rc = -1;
        for (int op = 0; op < OP_COUNT; op++) {
            bench_lat_merge (&stats->lat [op], &args [t].stats.lat [op]);
            stats->ok [op] += args [t].stats.ok [op];
            stats->errors [op] += args [t].stats.errors [op];
            bench_lat_free (&args [t].stats.lat [op]);
        }
        if (!*stats->first_error && *args [t].stats.first_error)
            memcpy (stats->first_error, args [t].stats.first_error, sizeof stats->first_error);
    }
    vc_provinces_destroy (&provinces);
    free (args);
    free (ids);
    return rc;
}
