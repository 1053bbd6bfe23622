/*  broker - the broker object: binds the client and worker ROUTER sockets
    and the event bus (XSUB/XPUB), and runs the poll loop that moves
    messages between them and keeps heartbeats.  */
#include "broker.h"
#include "vc_notify.h"
#include <sodium.h>

//  The ROUTERs: ZMTP heartbeats drop a dead or stalled peer at the
//  transport (no PONG within heartbeat x liveness, whatever it was in the
//  middle of sending), a handshake must finish within 5 s. On the client
//  side a frame larger than the largest body cuts the link, and each
//  client's queue of replies holds at most its in-flight or rate limit
//  (the larger) + BROKER_REPLY_SLACK messages: ROUTER_MANDATORY makes a
//  send to a full queue fail at once, and the client that does not read
//  its replies is disconnected. The kernel's socket send buffer is fixed.
static void
s_harden (zsock_t *sock, const broker_config_t *config, bool frontend)
{
    zsock_set_heartbeat_ivl (sock, config->heartbeat_ms);
    zsock_set_heartbeat_timeout (sock, config->heartbeat_ms * config->liveness);
    zsock_set_heartbeat_ttl (sock, config->heartbeat_ms * config->liveness);
    zsock_set_handshake_ivl (sock, 5000);
    if (!frontend)
        return;
    zsock_set_maxmsgsize (sock, VC_BODY_MAX);
    int limit = config->client_inflight_max > config->client_rate
              ? config->client_inflight_max : config->client_rate;
    zsock_set_sndhwm (sock, limit + BROKER_REPLY_SLACK);
    //  And the kernel's share: a fixed socket send buffer (no autotuning
    //  up to megabytes per client that does not read)
    zsock_set_sndbuf (sock, BROKER_CLIENT_SNDBUF);
    zsock_set_sndtimeo (sock, 0);
    zsock_set_router_mandatory (sock, 1);
}

//  A bound socket; CURVE server when curve and a certificate is loaded,
//  with ZAP domain (checked by the ZAP handler when one runs).
static zsock_t *
s_bind (int type, const char *endpoint, const broker_config_t *config, bool curve,
        const char *domain)
{
    zsock_t *sock = zsock_new (type);
    if (!sock)
        return NULL;
    zsock_set_linger (sock, 0);
    zsock_set_sndhwm (sock, 100000);
    zsock_set_rcvhwm (sock, 100000);
    //  Every socket peers can write to: a larger message cuts the link
    zsock_set_maxmsgsize (sock, VC_MESSAGE_MAX);
    if (type == ZMQ_ROUTER)
        s_harden (sock, config, domain && streq (domain, "clients"));
    if (curve && config->curve_secret) {
        zsock_set_curve_server (sock, 1);
        zsock_set_curve_secretkey (sock, config->curve_secret);
        zsock_set_curve_publickey (sock, config->curve_public);
        if (domain)
            zsock_set_zap_domain (sock, domain);
    }
    if (zsock_bind (sock, "%s", endpoint) < 0) {
        vc_error ("cannot bind %s: %s", endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&sock);
    }
    return sock;
}

static void
s_free_item (void **item_p)
{
    free (*item_p);
    *item_p = NULL;
}

static void
s_declare_services (broker_t *self)
{
    char *list = strdup (self->config.services ? self->config.services : "");
    char *save = NULL;
    for (char *name = strtok_r (list, ",", &save); name; name = strtok_r (NULL, ",", &save))
        if (vc_service_name_valid (name))
            zhashx_update (self->declared, name, (void *) 1);
    free (list);
    zhashx_update (self->declared, "broker", (void *) 1);
}

//  The ZAP handler that admits only known service keys on the worker
//  endpoint; started before any socket binds. Returns 0 or -1.
static int
s_start_zap (broker_t *self)
{
    self->zap = zactor_new (broker_zap_actor, (void *) self->config.worker_keys);
    char *status = self->zap ? zstr_recv (self->zap) : NULL;
    int rc = status && streq (status, "OK") ? 0 : -1;
    if (rc)
        vc_error ("%s", status ? status : "cannot start the ZAP handler");
    else
        vc_info ("only services whose keys are in %s may register", self->config.worker_keys);
    zstr_free (&status);
    return rc;
}

broker_t *
broker_new (const broker_config_t *config)
{
    broker_t *self = (broker_t *) zmalloc (sizeof (broker_t));
    assert (self);
    self->config = *config;
    if (config->worker_keys && s_start_zap (self)) {
        broker_destroy (&self);
        return NULL;
    }
    self->sockets [0] = s_bind (ZMQ_ROUTER, config->frontend, config, true, "clients");
    self->sockets [1] = s_bind (ZMQ_ROUTER, config->backend, config, config->curve_backend,
                                BROKER_ZAP_DOMAIN);
    self->sockets [2] = s_bind (ZMQ_XSUB, config->events_in, config, false, NULL);
    self->sockets [3] = s_bind (ZMQ_XPUB, config->events_out, config, false, NULL);
    for (int i = 0; i < 4; i++)
        if (!self->sockets [i]) {
            broker_destroy (&self);
            return NULL;
        }
    self->frontend = zsock_resolve (self->sockets [0]);
    self->backend = zsock_resolve (self->sockets [1]);
    self->events_in = zsock_resolve (self->sockets [2]);
    self->events_out = zsock_resolve (self->sockets [3]);
    if (broker_monitor_start (self)) {
        broker_destroy (&self);
        return NULL;
    }
    self->clients = zhashx_new ();
    zhashx_set_destructor (self->clients, (zhashx_destructor_fn *) broker_client_destroy);
    self->routes = zhashx_new ();
    self->workers = zhashx_new ();
    zhashx_set_destructor (self->workers, (zhashx_destructor_fn *) broker_worker_destroy);
    self->services = zhashx_new ();
    zhashx_set_destructor (self->services, (zhashx_destructor_fn *) broker_service_destroy);
    self->requests = zhashx_new ();
    zhashx_set_destructor (self->requests, (zhashx_destructor_fn *) broker_request_destroy);
    broker_requests_keyed (self->requests);
    self->declared = zhashx_new ();
    self->costly_sources = zhashx_new ();
    self->closed = zhashx_new ();
    zhashx_set_destructor (self->closed, s_free_item);
    s_declare_services (self);
    self->pack = vc_pack_new ();
    self->history = broker_history_new ((size_t) config->history_max);
    //  Random (two brokers of a pair start at the same moment)
    snprintf (self->epoch, sizeof self->epoch, "%08x%08x", (unsigned) randombytes_random (),
              (unsigned) (zclock_time () & 0xffffffff));
    self->started = zclock_mono ();
    if (broker_peer_start (self)) {
        broker_destroy (&self);
        return NULL;
    }
    return self;
}

void
broker_destroy (broker_t **self_p)
{
    assert (self_p);
    broker_t *self = *self_p;
    if (!self)
        return;
    //  Requests first: they point at workers
    zhashx_destroy (&self->requests);
    zhashx_destroy (&self->costly_sources);
    zhashx_destroy (&self->routes);
    zhashx_destroy (&self->clients);
    zhashx_destroy (&self->workers);
    zhashx_destroy (&self->services);
    zhashx_destroy (&self->declared);
    zhashx_destroy (&self->closed);
    vc_pack_destroy (&self->pack);
    broker_history_destroy (&self->history);
    broker_peer_stop (self);
    broker_monitor_stop (self);
    for (int i = 0; i < 4; i++)
        zsock_destroy (&self->sockets [i]);
    zactor_destroy (&self->zap);
    free (self);
    *self_p = NULL;
}

//  Say BYE to every worker so the services stop (operator shutdown).
static void
s_stop_workers (broker_t *self)
{
    for (worker_t *worker = (worker_t *) zhashx_first (self->workers); worker;
         worker = (worker_t *) zhashx_next (self->workers)) {
        vc_msg_t *msg = vc_msg_new (VC_CMD_BYE);
        zframe_t *routing_id = zframe_dup (worker->routing_id);
        vc_msg_set_routing_id (msg, &routing_id);
        vc_msg_send (&msg, self->backend);
    }
}

//  After the broker itself stalled (stopped, swapped out), its peers' silence
//  is its own fault: give every peer a fresh heartbeat period before judging.
static void
s_forgive_stall (broker_t *self, int64_t stalled_ms)
{
    int64_t expiry = zclock_mono () + (int64_t) self->config.heartbeat_ms * self->config.liveness;
    vc_warn ("broker was stalled for %" PRId64 " ms: peers get a new heartbeat period", stalled_ms);
    for (client_t *client = (client_t *) zhashx_first (self->clients); client;
         client = (client_t *) zhashx_next (self->clients))
        client->expiry = expiry;
    for (worker_t *worker = (worker_t *) zhashx_first (self->workers); worker;
         worker = (worker_t *) zhashx_next (self->workers))
        worker->expiry = expiry;
}

static void
s_upkeep (broker_t *self, int64_t *next_upkeep)
{
    int64_t now = zclock_mono ();
    if (now < *next_upkeep)
        return;
    if (*next_upkeep && now - *next_upkeep > self->config.heartbeat_ms)
        s_forgive_stall (self, now - *next_upkeep);
    broker_clients_upkeep (self);
    broker_workers_upkeep (self);
    broker_requests_upkeep (self);
    broker_metrics_upkeep (self);
    broker_monitor_upkeep (self);
    broker_peer_upkeep (self);
    *next_upkeep = now + self->config.heartbeat_ms / 4;
}

int
broker_run (broker_t *self)
{
    vc_info ("broker run %s: clients %s, workers %s, events in %s, out %s%s",
             self->epoch, self->config.frontend, self->config.backend,
             self->config.events_in, self->config.events_out,
             self->config.curve_secret ? " (CURVE)" : " (plain, unencrypted)");
    broker_event (self, VC_TOPIC_BROKER_START, NULL, NULL, self->config.frontend, self->epoch);
    broker_metrics_start (self);
    int64_t next_upkeep = 0;
    int64_t polled_at = zclock_mono ();
    while (!zsys_interrupted && !self->shutdown) {
        zmq_pollitem_t items [] = {
            { self->frontend, 0, ZMQ_POLLIN, 0 },
            { self->backend, 0, ZMQ_POLLIN, 0 },
            { self->events_in, 0, ZMQ_POLLIN, 0 },
            { self->events_out, 0, ZMQ_POLLIN, 0 },
            { zsock_resolve (self->monitors [0]), 0, ZMQ_POLLIN, 0 },
            { zsock_resolve (self->monitors [1]), 0, ZMQ_POLLIN, 0 },
            { self->peer_sub ? zsock_resolve (self->peer_sub) : NULL, 0, ZMQ_POLLIN, 0 },
            { self->peer_monitor ? zsock_resolve (self->peer_monitor) : NULL, 0, ZMQ_POLLIN, 0 }
        };
        int count = self->peer_monitor ? 8 : self->peer_sub ? 7 : 6;
        if (zmq_poll (items, count, self->config.heartbeat_ms / 4) < 0)
            break;              //  Interrupted
        //  A pair's broker that was stalled, then the peer's state, before
        //  any client is served
        int64_t now = zclock_mono ();
        broker_peer_stalled (self, now - polled_at - self->config.heartbeat_ms / 4);
        polled_at = now;
        if (count > 7 && (items [7].revents & ZMQ_POLLIN))
            broker_peer_monitor (self);
        if (count > 6 && (items [6].revents & ZMQ_POLLIN))
            broker_peer_recv (self);
        //  Workers first, so replies free capacity before new requests
        for (int burst = 0; burst < 256 && (items [1].revents & ZMQ_POLLIN); burst++) {
            vc_msg_t *msg = vc_msg_recv_nowait (self->backend, true);
            if (!msg)
                break;
            broker_worker_message (self, &msg);
        }
        for (int burst = 0; burst < 256 && (items [0].revents & ZMQ_POLLIN); burst++) {
            vc_msg_t *msg = vc_msg_recv_nowait (self->frontend, true);
            if (!msg)
                break;
            broker_client_message (self, &msg);
        }
        //  Connections that ended, after their last messages
        for (int which = 0; which < 2; which++)
            if (items [4 + which].revents & ZMQ_POLLIN)
                broker_monitor_events (self, which);
        if (items [2].revents & ZMQ_POLLIN)
            broker_bus_forward (self);
        if (items [3].revents & ZMQ_POLLIN)
            broker_bus_subscription (self);
        s_upkeep (self, &next_upkeep);
    }
    vc_notify_stopping (self->shutdown ? "operator shutdown" : "stopping");
    if (self->shutdown) {
        vc_info ("operator shutdown: stopping services");
        s_stop_workers (self);
    }
    broker_event (self, VC_TOPIC_BROKER_STOP, NULL, NULL, self->config.frontend,
                  self->shutdown ? "system shutdown" : "broker stopped");
    zclock_sleep (100);         //  Let the last events and BYEs leave
    vc_info ("broker stopped");
    return 0;
}
