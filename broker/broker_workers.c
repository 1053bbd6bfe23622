/*  broker_workers - the worker side of the broker: services registering by
    name (READY), worker heartbeats and expiry, replies, session binding
    (SESSION) and workers leaving (BYE).  */
#include "broker.h"
#include "broker_bstar.h"
#include "vc_text.h"

//  The most requests an instance may have at once; above, or below 1, its
//  READY's capacity is left and it gets 1
#define BROKER_CAPACITY_MAX 10000

void
broker_worker_destroy (worker_t **self_p)
{
    assert (self_p);
    worker_t *self = *self_p;
    if (!self)
        return;
    zframe_destroy (&self->routing_id);
    free (self);
    *self_p = NULL;
}

static void
s_send (broker_t *self, worker_t *worker, vc_msg_t **msg_p)
{
    vc_msg_set_route (*msg_p, zframe_data (worker->routing_id), zframe_size (worker->routing_id));
    broker_send (self, BROKER_BACKEND, msg_p);
    worker->last_sent = zclock_mono ();
}

//  Remove a worker: its requests in flight get an error reply at once.
static void
s_worker_gone (broker_t *self, worker_t *worker, const char *why)
{
    char detail [200];
    snprintf (detail, sizeof detail, "%s instance %s %s", worker->service->name,
              worker->instance, why);
    vc_info ("worker %s", detail);
    broker_fail_worker_requests (self, worker);
    void *handle = zlistx_find (worker->service->workers, worker);
    if (handle)
        zlistx_delete (worker->service->workers, handle);
    broker_event (self, VC_TOPIC_SERVICE_LOST, NULL, NULL, worker->address, detail);
    zhashx_delete (self->workers, worker->id);
}

//  The same instance (host:pid) registering from a new connection has left
//  its old one: drop that at once rather than waiting for it to time out.
static void
s_drop_previous (broker_t *self, worker_t *fresh)
{
    if (!*fresh->instance)
        return;
    worker_t *old = NULL;
    for (worker_t *each = (worker_t *) zlistx_first (fresh->service->workers); each;
         each = (worker_t *) zlistx_next (fresh->service->workers))
        if (streq (each->instance, fresh->instance))
            old = each;
    if (old)
        s_worker_gone (self, old, "reconnected");
}

//  On standby while the active peer is heard: WELCOME {standby} sends the
//  instance to the other broker; it is not registered here.
static vc_msg_t *
s_standby_welcome (broker_t *self)
{
    vc_welcome_worker_body_t standby = {
        .epoch = self->epoch, .heartbeat = self->config.heartbeat_ms,
        .has_standby = true, .standby = true
    };
    vc_pack_reset (self->pack);
    vc_welcome_worker_body_pack (self->pack, &standby);
    zframe_t *body = vc_pack_frame (self->pack);
    vc_msg_t *welcome = vc_msg_new (VC_CMD_WELCOME);
    vc_msg_set_body (welcome, &body);
    return welcome;
}

static void
s_send_standby (broker_t *self, vc_msg_t *msg)
{
    vc_msg_t *welcome = s_standby_welcome (self);
    zframe_t *routing_id = zframe_dup (vc_msg_routing_id (msg));
    vc_msg_set_routing_id (welcome, &routing_id);
    broker_send (self, BROKER_BACKEND, &welcome);
}

//  This broker of a pair stopped serving: every registered instance is
//  sent to the other broker (WELCOME {standby}, as at registration) and
//  forgotten here; the requests it held were sent back first
//  (broker_standby_requests).
void
broker_workers_standby (broker_t *self)
{
    zlist_t *moved = zlist_new ();
    assert (moved);
    for (worker_t *worker = (worker_t *) zhashx_first (self->workers); worker;
         worker = (worker_t *) zhashx_next (self->workers))
        zlist_append (moved, worker);
    for (worker_t *worker = (worker_t *) zlist_first (moved); worker;
         worker = (worker_t *) zlist_next (moved)) {
        vc_msg_t *standby = s_standby_welcome (self);
        s_send (self, worker, &standby);
        s_worker_gone (self, worker, "sent to the other broker (this one stands by)");
    }
    zlist_destroy (&moved);
}

static void
s_ready (broker_t *self, vc_msg_t *msg, const byte *id)
{
    const char *name = vc_msg_address (msg);
    if (!vc_service_name_valid (name) || streq (name, "broker")) {
        vc_warn ("service from %s: refused service name '%s'", vc_msg_peer (msg), name);
        return;
    }
    if (broker_bstar_standby (self->bstar, zclock_mono ())) {
        s_send_standby (self, msg);
        return;
    }
    worker_t *worker = (worker_t *) calloc (1, sizeof (worker_t));
    if (worker) {
        worker->routing_id = zframe_dup (vc_msg_routing_id (msg));
        worker->service = broker_service_require (self, name);
    }
    if (!worker || !worker->routing_id || !worker->service) {
        //  Not registered: the instance says READY again after its heartbeat
        vc_error ("service %s from %s: out of memory: not registered", name, vc_msg_peer (msg));
        broker_worker_destroy (&worker);
        return;
    }
    memcpy (worker->id, id, (size_t) id [0] + 1);
    vc_text_copy (worker->address, sizeof worker->address, vc_msg_peer (msg));
    worker->capacity = 1;
    char err [128];
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    //  Each field taken if readable: a READY body is not refused
    int64_t capacity = 0, version = 0;
    const char *instance = NULL;
    if (body && vc_ready_body_get_capacity (body, &capacity) == 0
    &&  capacity >= 1 && capacity <= BROKER_CAPACITY_MAX)
        worker->capacity = (int) capacity;
    if (body && vc_ready_body_get_instance (body, &instance) == 0)
        vc_text_copy (worker->instance, sizeof worker->instance, instance);
    //  Without a readable version: a worker built before the field (1)
    worker->version = 1;
    if (body && vc_ready_body_get_version (body, &version) == 0
    &&  version >= 1 && version <= INT_MAX)
        worker->version = (int) version;
    vc_body_destroy (&body);
    s_drop_previous (self, worker);
    worker->expiry = zclock_mono () + (int64_t) self->config.heartbeat_ms * self->config.liveness;
    zhashx_insert (self->workers, worker->id, worker);
    zlistx_add_end (worker->service->workers, worker);

    vc_welcome_worker_body_t welcome_worker = {
        .epoch = self->epoch, .heartbeat = self->config.heartbeat_ms
    };
    vc_pack_reset (self->pack);
    vc_welcome_worker_body_pack (self->pack, &welcome_worker);
    zframe_t *welcome_body = vc_pack_frame (self->pack);
    vc_msg_t *welcome = vc_msg_new (VC_CMD_WELCOME);
    vc_msg_set_body (welcome, &welcome_body);
    s_send (self, worker, &welcome);

    char detail [256];
    if (worker->version < VC_WORKER_VERSION_SOURCE)
        snprintf (detail, sizeof detail, "%s instance %s ready (capacity %d; an older "
                  "worker: requests without the source address)",
                  name, worker->instance, worker->capacity);
    else
        snprintf (detail, sizeof detail, "%s instance %s ready (capacity %d)",
                  name, worker->instance, worker->capacity);
    vc_info ("worker %s", detail);
    broker_event (self, VC_TOPIC_SERVICE_READY, NULL, NULL, worker->address, detail);
    broker_dispatch_queued (self, worker->service);
}

static void
s_session (broker_t *self, vc_msg_t *msg)
{
    client_t *client = (client_t *) zhashx_lookup (self->clients, vc_msg_address (msg));
    if (!client)
        return;
    zframe_t *token = vc_msg_body (msg);
    size_t size = zframe_size (token);
    if (size > VC_EXTRA_MAX)
        return;
    vc_text_copy (client->username, sizeof client->username, vc_msg_extra (msg));
    memcpy (client->token, zframe_data (token), size);
    client->token [size] = 0;
    if (!*client->username)
        client->token [0] = 0;
}

void
broker_worker_message (broker_t *self, vc_msg_t **msg_p)
{
    vc_msg_t *msg = *msg_p;
    if (!msg)
        return;
    if (broker_conn_refused (self, msg, "service")) {
        vc_msg_destroy (msg_p);
        return;
    }
    broker_monitor_seen (self, vc_msg_peer_fd (msg), zclock_mono ());
    byte id [BROKER_ROUTE_KEY_MAX];
    broker_route_key (msg, id);
    worker_t *worker = (worker_t *) zhashx_lookup (self->workers, id);
    int command = vc_msg_command (msg);
    if (!vc_msg_valid (msg))
        vc_warn ("service from %s: malformed message: %s", vc_msg_peer (msg), vc_msg_error (msg));
    else
    if (command == VC_CMD_READY) {
        if (worker)
            s_worker_gone (self, worker, "registered again");
        s_ready (self, msg, id);
    }
    else
    if (!worker)
        vc_debug ("message from unregistered service at %s ignored", vc_msg_peer (msg));
    else {
        worker->expiry = zclock_mono () + (int64_t) self->config.heartbeat_ms * self->config.liveness;
        if (command == VC_CMD_REPLY)
            broker_dispatch_reply (self, worker, msg);
        else
        if (command == VC_CMD_SESSION)
            s_session (self, msg);
        else
        if (command == VC_CMD_BYE)
            s_worker_gone (self, worker, "left");
    }
    vc_msg_destroy (msg_p);
}

void
broker_workers_upkeep (broker_t *self)
{
    int64_t now = zclock_mono ();
    zlist_t *lost = zlist_new ();
    for (worker_t *worker = (worker_t *) zhashx_first (self->workers); worker;
         worker = (worker_t *) zhashx_next (self->workers)) {
        if (now > worker->expiry)
            zlist_append (lost, worker);
        else
        if (now - worker->last_sent >= self->config.heartbeat_ms) {
            vc_msg_t *msg = vc_msg_new (VC_CMD_HEARTBEAT);
            s_send (self, worker, &msg);
        }
    }
    for (worker_t *worker = (worker_t *) zlist_first (lost); worker;
         worker = (worker_t *) zlist_next (lost))
        s_worker_gone (self, worker, "lost (no heartbeat)");
    zlist_destroy (&lost);
}
