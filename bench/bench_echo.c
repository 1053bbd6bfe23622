/*  bench_echo - the physical reference: plain DEALER clients and one
    ROUTER answering at once, over the same transport (loopback TCP) with
    the same message sizes and concurrency as the system run; no broker,
    no service, no work.  */
#include "bench.h"
#include <pthread.h>
#include "vc_check.h"

typedef struct {
    const bench_config_t *cfg;
    const char *endpoint;
    int count;
    size_t request_size;
    int64_t start_us, stop_us;
    bench_lat_t lat;
    uint64_t ok;
} echo_arg_t;

static int64_t
s_now_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

typedef struct {
    zsock_t *router;
    size_t reply_size;
    volatile int stop;
} server_arg_t;

static void *
s_server (void *varg)
{
    server_arg_t *arg = (server_arg_t *) varg;
    char *reply = (char *) VC_NEED (calloc (1, arg->reply_size));
    void *router = zsock_resolve (arg->router);
    while (!arg->stop) {
        zmq_pollitem_t item = { router, 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, 100) <= 0)
            continue;
        zmq_msg_t id, body;
        zmq_msg_init (&id);
        zmq_msg_init (&body);
        zmq_msg_recv (&id, router, 0);
        zmq_msg_recv (&body, router, 0);
        zmq_msg_send (&id, router, ZMQ_SNDMORE);
        zmq_send (router, reply, arg->reply_size, 0);
        zmq_msg_close (&body);
    }
    free (reply);
    return NULL;
}

static void *
s_clients (void *varg)
{
    echo_arg_t *arg = (echo_arg_t *) varg;
    zsock_t **socks = (zsock_t **) VC_NEED (calloc ((size_t) arg->count, sizeof (zsock_t *)));
    zmq_pollitem_t *items = (zmq_pollitem_t *) VC_NEED (calloc ((size_t) arg->count, sizeof (zmq_pollitem_t)));
    int64_t *sent = (int64_t *) VC_NEED (calloc ((size_t) arg->count, sizeof (int64_t)));
    char *request = (char *) VC_NEED (calloc (1, arg->request_size));
    char buffer [65536];
    for (int i = 0; i < arg->count; i++) {
        socks [i] = VC_NEED (zsock_new_dealer (arg->endpoint));
        items [i] = (zmq_pollitem_t) { zsock_resolve (socks [i]), 0, ZMQ_POLLIN, 0 };
    }
    zclock_sleep (200);             //  Let the connections come up
    for (int i = 0; i < arg->count; i++) {
        sent [i] = s_now_us ();
        zmq_send (zsock_resolve (socks [i]), request, arg->request_size, 0);
    }
    while (s_now_us () < arg->stop_us) {
        if (zmq_poll (items, arg->count, 100) < 0)
            break;
        for (int i = 0; i < arg->count; i++) {
            if (!(items [i].revents & ZMQ_POLLIN))
                continue;
            if (zmq_recv (zsock_resolve (socks [i]), buffer, sizeof buffer, 0) < 0)
                continue;
            int64_t now = s_now_us ();
            if (sent [i] >= arg->start_us) {
                arg->ok++;
                bench_lat_add (&arg->lat, (uint32_t) (now - sent [i]));
            }
            sent [i] = now;
            zmq_send (zsock_resolve (socks [i]), request, arg->request_size, 0);
        }
    }
    for (int i = 0; i < arg->count; i++)
        zsock_destroy (&socks [i]);
    free (socks);
    free (items);
    free (sent);
    free (request);
    return NULL;
}

int
bench_echo_run (const bench_config_t *cfg, size_t request_size, size_t reply_size,
                bench_stats_t *stats)
{
    server_arg_t server = { VC_NEED (zsock_new (ZMQ_ROUTER)), reply_size, 0 };
    zsock_set_sndhwm (server.router, 100000);
    zsock_set_rcvhwm (server.router, 100000);
    int port = zsock_bind (server.router, "tcp://127.0.0.1:*");
    if (port < 0)
        return -1;
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "tcp://127.0.0.1:%d", port);
    pthread_t server_id;
    pthread_create (&server_id, NULL, s_server, &server);
    int threads = cfg->threads < cfg->clients ? cfg->threads : cfg->clients;
    echo_arg_t *args = (echo_arg_t *) VC_NEED (calloc ((size_t) threads, sizeof (echo_arg_t)));
    pthread_t *ids = (pthread_t *) VC_NEED (calloc ((size_t) threads, sizeof (pthread_t)));
    int64_t start = s_now_us () + 300000 + (int64_t) cfg->warmup_s * 1000000;
    for (int t = 0; t < threads; t++) {
        args [t] = (echo_arg_t) { cfg, endpoint,
            (t + 1) * cfg->clients / threads - t * cfg->clients / threads,
            request_size, start, start + (int64_t) cfg->duration_s * 1000000, { 0 }, 0 };
        pthread_create (&ids [t], NULL, s_clients, &args [t]);
    }
    for (int t = 0; t < threads; t++) {
        pthread_join (ids [t], NULL);
        bench_lat_merge (&stats->lat [OP_ECHO], &args [t].lat);
        stats->ok [OP_ECHO] += args [t].ok;
        bench_lat_free (&args [t].lat);
    }
    server.stop = 1;
    pthread_join (server_id, NULL);
    zsock_destroy (&server.router);
    free (args);
    free (ids);
    return 0;
}
