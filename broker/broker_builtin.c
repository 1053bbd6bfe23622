/*  broker_builtin - the broker's own service, "broker": ping, the list of
    services with their instances and health, whether a client is
    connected, and, for operators only (the operator key), the connected
    clients page by page, one client's details, the kept events (history)
    and a shutdown of the whole system.  */
#include "broker.h"
#include "vc_text.h"
#include <sodium.h>

#define BROKER_CLIENTS_PAGE 200    //  Rows in one page of "clients" (each under 320 bytes)

static void
s_reply_pack (broker_t *self, client_t *client, zframe_t **reqid_p)
{
    zframe_t *body = vc_pack_frame (self->pack);
    if (body)
        broker_client_reply (self, client->id, "broker", reqid_p, &body);
    else        //  Out of memory, or the pack could not grow
        broker_client_error (self, client->id, "broker", reqid_p, VC_INTERNAL, "out of memory");
}

static void
s_ping (broker_t *self, client_t *client, zframe_t **reqid_p)
{
    //  events: where the event bus is, as bound (clients put their own
    //  host for a wildcard one); a broker of a pair also names its peer's
    //  (as last heard: "" before), so clients hear both buses
    vc_broker_ping_reply_t pong = {
        .status = VC_OK, .message = "pong", .epoch = self->epoch,
        .uptime = (zclock_mono () - self->started) / 1000,
        .clients = (int64_t) zhashx_size (self->clients), .client = client->id,
        .events = self->config.events_out,
        .peer_events = self->peer_events, .has_peer_events = self->bstar != NULL
    };
    vc_pack_reset (self->pack);
    vc_broker_ping_reply_pack (self->pack, &pong);
    s_reply_pack (self, client, reqid_p);
}

//  One instance's row (silent_ms: since it was last heard from).
static vc_worker_row_t
s_worker_row (broker_t *self, worker_t *worker, int64_t now)
{
    int64_t silent = now - (worker->expiry - (int64_t) self->config.heartbeat_ms * self->config.liveness);
    vc_worker_row_t row = {
        .instance = worker->instance, .address = worker->address,
        .capacity = worker->capacity, .inflight = worker->inflight,
        .served = (int64_t) worker->served, .silent_ms = silent > 0 ? silent : 0
    };
    return row;
}

//  One declared service's row; its instances' rows go from *worker_row on.
static vc_service_row_t
s_service_row (broker_t *self, const char *name, vc_worker_row_t **worker_row, int64_t now)
{
    service_t *service = (service_t *) zhashx_lookup (self->services, name);
    size_t instances = service ? zlistx_size (service->workers) : 0;
    vc_service_row_t row = {
        .name = name, .instances = (int64_t) instances, .health = instances ? "up" : "down",
        .queued = service ? (int64_t) broker_queue_size (service->queue) : 0,
        .requests = service ? (int64_t) service->requests : 0,
        .failures = service ? (int64_t) service->failures : 0,
        .workers = *worker_row, .workers_count = instances
    };
    if (service)
        for (worker_t *worker = (worker_t *) zlistx_first (service->workers); worker;
             worker = (worker_t *) zlistx_next (service->workers))
            *(*worker_row)++ = s_worker_row (self, worker, now);
    return row;
}

//  The declared services with their instances, packed by the generated
//  encoder (vc_broker_services_reply_t).
static void
s_services (broker_t *self, client_t *client, zframe_t **reqid_p)
{
    int64_t now = zclock_mono ();
    size_t instances = 0;
    for (service_t *service = (service_t *) zhashx_first (self->services); service;
         service = (service_t *) zhashx_next (self->services))
        instances += zlistx_size (service->workers);
    vc_service_row_t *rows = (vc_service_row_t *) calloc (
        zhashx_size (self->declared) + 1, sizeof (vc_service_row_t));
    vc_worker_row_t *worker_rows = (vc_worker_row_t *) calloc (
        instances + 1, sizeof (vc_worker_row_t));
    if (!rows || !worker_rows) {
        free (rows);
        free (worker_rows);
        broker_client_error (self, client->id, "broker", reqid_p, VC_INTERNAL, "out of memory");
        return;
    }
    vc_broker_services_reply_t reply = { .status = VC_OK, .message = "ok", .services = rows };
    vc_worker_row_t *worker_row = worker_rows;
    for (void *item = zhashx_first (self->declared); item; item = zhashx_next (self->declared)) {
        const char *name = (const char *) zhashx_cursor (self->declared);
        if (!streq (name, "broker"))
            rows [reply.services_count++] = s_service_row (self, name, &worker_row, now);
    }
    vc_pack_reset (self->pack);
    vc_broker_services_reply_pack (self->pack, &reply);
    free (worker_rows);
    free (rows);
    s_reply_pack (self, client, reqid_p);
}

//  Whether key (the request's, NULL when absent or not one the model
//  allows) is the operator key (constant-time compare). 0 if it is;
//  otherwise -1 with the refusal's text in *why.
static int
s_operator_check (broker_t *self, const char *key, const char *what, vc_said_t *why)
{
    const char *expected = self->config.operator_key;
    if (!expected || !*expected) {
        vc_said_set (why, "%s is disabled: the broker has no operator key", what);
        return -1;
    }
    bool ok = key && strlen (key) == strlen (expected)
           && sodium_memcmp (key, expected, strlen (expected)) == 0;
    if (!ok) {
        vc_said_set (why, "wrong operator key");
        return -1;
    }
    return 0;
}

//  Refuses a request without the operator key (403, logged); 0 if it has it.
static int
s_operator_only (broker_t *self, client_t *client, const char *key, const char *what,
                 zframe_t **reqid_p)
{
    vc_said_t why;
    if (s_operator_check (self, key, what, &why) == 0)
        return 0;
    vc_warn ("client %s (%s): %s refused (%s)", client->id, client->address, what, why.message);
    broker_client_said (self, client->id, "broker", reqid_p, VC_FORBIDDEN, &why);
    return -1;
}

//  One page of the connected clients, for operators: ordered by client id,
//  from the first id above "after", at most "limit" (200) rows (< 64 KiB).
static void
s_clients (broker_t *self, client_t *client, vc_body_t *body, zframe_t **reqid_p)
{
    //  The key first: a request without it is refused 403 whatever else it holds
    const char *key = NULL, *after = "";
    vc_broker_clients_request_get_key (body, &key);
    if (s_operator_only (self, client, key, "the list of clients", reqid_p))
        return;
    int64_t limit = BROKER_CLIENTS_PAGE;
    if (vc_broker_clients_request_get_after (body, &after) == -1
    ||  vc_broker_clients_request_get_limit (body, &limit) == -1) {
        broker_client_error (self, client->id, "broker", reqid_p, VC_BAD_REQUEST, vc_body_error (body));
        return;
    }
    //  The roster keeps the clients ordered: a binary search, no sort
    size_t count = broker_roster_size (self->roster), items = 0;
    size_t start = broker_roster_after (self->roster, after);
    vc_client_row_t rows [BROKER_CLIENTS_PAGE];
    for (; start + items < count && items < (size_t) limit; items++) {
        client_t *each = (client_t *) broker_roster_item (self->roster, start + items);
        rows [items] = (vc_client_row_t) {
            .client = each->id, .address = each->address, .kind = each->kind, .username = each->username
        };
    }
    vc_broker_clients_reply_t reply = {
        .status = VC_OK, .total = (int64_t) count,
        .last = items ? rows [items - 1].client : (after ? after : ""),
        .more = start + items < count, .clients = rows, .clients_count = items
    };
    vc_pack_reset (self->pack);
    vc_broker_clients_reply_pack (self->pack, &reply);
    s_reply_pack (self, client, reqid_p);
}

//  Whether one client is connected: {client, key?} -> 200, or 404. Its
//  address, kind and username only with the operator key.
static void
s_client (broker_t *self, client_t *client, vc_body_t *body, zframe_t **reqid_p)
{
    vc_broker_client_request_t request;
    if (vc_broker_client_request_decode (body, &request)) {
        broker_client_error (self, client->id, "broker", reqid_p, VC_BAD_REQUEST, vc_body_error (body));
        return;
    }
    bool details = request.has_key;
    if (details && s_operator_only (self, client, request.key, "a client's details", reqid_p))
        return;
    client_t *other = (client_t *) zhashx_lookup (self->clients, request.client);
    if (!other) {
        broker_client_refuse (self, client->id, "broker", reqid_p, VC_NOT_FOUND,
                              "no such client connected");
        return;
    }
    vc_broker_client_reply_t reply = {
        .status = VC_OK, .message = "connected", .client = other->id,
        .address = details ? other->address : "", .kind = details ? other->kind : "",
        .username = details ? other->username : ""
    };
    vc_pack_reset (self->pack);
    vc_broker_client_reply_pack (self->pack, &reply);
    s_reply_pack (self, client, reqid_p);
}

//  Shutdown needs the operator key; compared in constant time.
static void
s_shutdown (broker_t *self, client_t *client, vc_body_t *body, zframe_t **reqid_p)
{
    vc_said_t why;
    const char *key = NULL;
    vc_broker_shutdown_request_get_key (body, &key);
    if (s_operator_check (self, key, "shutdown", &why)) {
        vc_warn ("client %s: shutdown refused (%s)", client->id, why.message);
        broker_client_said (self, client->id, "broker", reqid_p, VC_FORBIDDEN, &why);
        return;
    }
    broker_event (self, VC_TOPIC_BROKER_SHUTDOWN, client->id, client->username, client->address,
                  "operator asked the system to stop");
    broker_client_error (self, client->id, "broker", reqid_p, VC_OK, "system is shutting down");
    self->shutdown = true;
}

//  The last events, for operators' monitors that start late
//  (broker_history.c): they name clients, addresses and usernames.
static void
s_history (broker_t *self, client_t *client, vc_body_t *body, zframe_t **reqid_p)
{
    char err [160];
    const char *key = NULL;
    vc_broker_history_request_get_key (body, &key);
    if (s_operator_only (self, client, key, "the event history", reqid_p))
        return;
    if (broker_history_reply (self->history, body, self->epoch, self->event_seq,
                              self->pack, err, sizeof err))
        broker_client_error (self, client->id, "broker", reqid_p, VC_BAD_REQUEST, err);
    else
        s_reply_pack (self, client, reqid_p);
}

void
broker_builtin_request (broker_t *self, client_t *client, vc_msg_t *msg)
{
    zframe_t *reqid = vc_msg_take_reqid (msg);
    char err [160];
    const char *op = NULL;
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    if (body && vc_body_need_str (body, "op", 32, &op))
        vc_text_copy (err, sizeof err, vc_body_error (body));
    if (!op)
        broker_client_error (self, client->id, "broker", &reqid, VC_BAD_REQUEST, err);
    else
    if (streq (op, "ping"))
        s_ping (self, client, &reqid);
    else
    if (streq (op, "services"))
        s_services (self, client, &reqid);
    else
    if (streq (op, "clients"))
        s_clients (self, client, body, &reqid);
    else
    if (streq (op, "client"))
        s_client (self, client, body, &reqid);
    else
    if (streq (op, "shutdown"))
        s_shutdown (self, client, body, &reqid);
    else
    if (streq (op, "history"))
        s_history (self, client, body, &reqid);
    else
        broker_client_refuse (self, client->id, "broker", &reqid, VC_BAD_REQUEST,
                              "unknown operation for service 'broker'");
    vc_body_destroy (&body);
}
