/*  broker_dispatch - routing requests by service name: picks the least
    loaded instance with spare capacity, queues (bounded, fair between
    clients: broker_queue) when all are
    full, matches replies to requests in flight, and answers with an error
    when a service has no instance, an instance dies, or time runs out.  */
#include "broker.h"
#include "vc_text.h"

void
broker_request_destroy (request_t **self_p)
{
    assert (self_p);
    request_t *self = *self_p;
    if (!self)
        return;
    zframe_destroy (&self->body);
    free (self);
    *self_p = NULL;
}

//  A request's key: the client id and the request id with their lengths,
//  copied as they are (ids are at most VC_ADDRESS_MAX and VC_REQID_MAX).
static void
s_make_key (byte *key, const char *client, const byte *reqid, size_t reqid_size)
{
    size_t id_size = strlen (client);
    if (id_size > VC_ADDRESS_MAX)
        id_size = VC_ADDRESS_MAX;
    if (reqid_size > VC_REQID_MAX)
        reqid_size = VC_REQID_MAX;
    key [0] = (byte) (1 + id_size + reqid_size);
    key [1] = (byte) id_size;
    memcpy (key + 2, client, id_size);
    if (reqid_size)
        memcpy (key + 2 + id_size, reqid, reqid_size);
}

//  FNV-1a over the key's bytes, eight at a time (each word's high bits
//  folded down), then byte by byte
static size_t
s_key_hash (const void *key)
{
    const byte *data = (const byte *) key;
    size_t size = (size_t) data [0] + 1, at = 0;
    uint64_t hash = 14695981039346656037ULL;
    for (; at + 8 <= size; at += 8) {
        uint64_t word;
        memcpy (&word, data + at, 8);
        hash = (hash ^ word) * 1099511628211ULL;
        hash ^= hash >> 29;
    }
    for (; at < size; at++)
        hash = (hash ^ data [at]) * 1099511628211ULL;
    return (size_t) (hash ^ (hash >> 32));
}

static int
s_key_compare (const void *a, const void *b)
{
    const byte *x = (const byte *) a, *y = (const byte *) b;
    return x [0] != y [0] ? (int) x [0] - (int) y [0] : memcmp (x + 1, y + 1, x [0]);
}

void
broker_requests_keyed (zhashx_t *requests)
{
    zhashx_set_key_hasher (requests, s_key_hash);
    zhashx_set_key_comparator (requests, s_key_compare);
    //  Keys live in their request: neither copied nor freed by the table
    zhashx_set_key_duplicator (requests, NULL);
    zhashx_set_key_destructor (requests, NULL);
}

//  Constant-time comparison of the session token a request carries.
static bool
s_token_matches (const char *expected, const char *given)
{
    size_t len = strlen (expected);
    if (len == 0 || strlen (given) != len)
        return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < len; i++)
        diff |= (unsigned char) (expected [i] ^ given [i]);
    return diff == 0;
}

//  The instance with the fewest requests in flight that has room, if any;
//  instances taken out of rotation only when no other one is in it.
static worker_t *
s_pick_worker (service_t *service)
{
    int64_t now = zclock_mono ();
    worker_t *best = NULL;
    bool best_out = true;
    for (worker_t *worker = (worker_t *) zlistx_first (service->workers); worker;
         worker = (worker_t *) zlistx_next (service->workers)) {
        bool out = worker->ejected_until > now;
        if (worker->inflight < worker->capacity
        &&  (!best || (best_out && !out) || (out == best_out && worker->inflight < best->inflight))) {
            best = worker;
            best_out = out;
        }
    }
    if (best && zlistx_size (service->workers) > 1)
        //  Rotate, so equally loaded instances take turns
        zlistx_move_end (service->workers, zlistx_find (service->workers, best));
    return best;
}

static void
s_send_to_worker (broker_t *self, request_t *request, worker_t *worker)
{
    request->worker = worker;
    worker->inflight++;
    worker->served++;
    vc_msg_t *msg = vc_msg_new (VC_CMD_REQUEST);
    vc_msg_set_route (msg, zframe_data (worker->routing_id), zframe_size (worker->routing_id));
    vc_msg_set_address (msg, request->client);
    vc_msg_set_reqid_data (msg, request->reqid, request->reqid_size);
    vc_msg_set_extra (msg, request->username);
    vc_msg_set_body (msg, &request->body);
    //  An older worker (version 1) takes four frames: no source address
    if (worker->version >= VC_WORKER_VERSION_SOURCE)
        vc_msg_set_source (msg, request->address);
    broker_send (self, BROKER_BACKEND, &msg);
    worker->last_sent = zclock_mono ();
}

//  Whether requests to this service are costly (--costly-services).
static bool
s_costly_service (broker_t *self, const char *name)
{
    const char *list = self->config.costly ? self->config.costly : "";
    size_t len = strlen (name);
    for (const char *at = list; len && (at = strstr (at, name)); at += len)
        if ((at == list || at [-1] == ',') && (at [len] == ',' || at [len] == 0))
            return true;
    return false;
}

//  Whether a request counts in the costly quotas: its service is in
//  --costly-services and the protocol model declares its operation costly
//  (sign-up, sign-in: a password hash each; vc_op_costly); a listed service
//  the model declares no costly operation of counts every request. The
//  operation is read as the service reads it (vc_body, the first "op").
static bool
s_costly_request (broker_t *self, const char *service, vc_msg_t *msg)
{
    if (!s_costly_service (self, service))
        return false;
    if (vc_op_costly (service, NULL) == -1)
        return true;
    char err [128];
    const char *op = NULL;
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    bool costly = body && vc_body_str (body, "op", 32, &op) == 0 && op
               && vc_op_costly (service, op) == 1;
    vc_body_destroy (&body);
    return costly;
}

//  Costly requests in flight from one address, kept as a number.
static void
s_costly_source_add (broker_t *self, const char *address, int delta)
{
    size_t count = (size_t) zhashx_lookup (self->costly_sources, address);
    count = delta > 0 ? count + 1 : (count ? count - 1 : 0);
    if (count)
        zhashx_update (self->costly_sources, address, (void *) count);
    else
        zhashx_delete (self->costly_sources, address);
}

//  Forget a finished request, giving back its place in the quotas.
static void
s_forget (broker_t *self, request_t *request)
{
    if (request->costly) {
        client_t *client = (client_t *) zhashx_lookup (self->clients, request->client);
        if (client && client->costly > 0)
            client->costly--;
        s_costly_source_add (self, request->address, -1);
    }
    zhashx_delete (self->requests, request->key);
}

//  Sign-ups and sign-ins cost a password hash each: a client, and all the
//  clients of one address, may have only so many in flight (429 beyond),
//  so that one client or host cannot hold the service's capacity.
static bool
s_over_costly_quota (broker_t *self, client_t *client, vc_msg_t *msg, const char *service)
{
    vc_said_t why;
    if (client->costly >= self->config.costly_client_max)
        vc_said_set (&why, "too many sign-ups or sign-ins in flight from this client: "
                           "wait for their answers");
    else
    if ((int) (size_t) zhashx_lookup (self->costly_sources, client->address)
        >= self->config.costly_source_max)
        vc_said_set (&why, "too many sign-ups or sign-ins in flight from this address, try again");
    else
        return false;
    vc_debug ("client %s (%s): %s", client->id, client->address, why.message);
    zframe_t *reqid = vc_msg_take_reqid (msg);
    broker_client_said (self, client->id, service, &reqid, VC_BUSY, &why);
    return true;
}

//  Finish a request with an error reply (status and body) and forget it.
static void
s_finish (broker_t *self, request_t *request, int status, zframe_t **body_p)
{
    service_t *service = (service_t *) zhashx_lookup (self->services, request->service);
    if (service)
        service->failures++;
    broker_metrics_request (request->service, request->started_us, status);
    if (request->queue_handle && service)
        broker_queue_remove (service->queue, request);
    broker_client_answer (self, request->client, request->service, request->reqid,
                          request->reqid_size, body_p);
    s_forget (self, request);
}

static void
s_fail (broker_t *self, request_t *request, int status, const char *message)
{
    zframe_t *body = vc_pack_status_frame (status, message);
    s_finish (self, request, status, &body);
}

//  In the broker's first seconds services are still registering: a
//  request for a declared service that has no instance yet waits for one
//  (queued) rather than failing at once; it fails when they are over.
#define FIRST_INSTANCE_WAIT_MS 3000

static bool
s_first_seconds (broker_t *self)
{
    return zclock_mono () - self->started < FIRST_INSTANCE_WAIT_MS;
}

//  Reject at once when no instance can ever take the request.
static bool
s_service_absent (broker_t *self, client_t *client, vc_msg_t *msg, service_t *service)
{
    const char *name = vc_msg_address (msg);
    int status = 0;
    vc_said_t message;
    if (!vc_service_name_valid (name)) {
        status = VC_BAD_REQUEST;
        vc_said_set (&message, "invalid service name");
    }
    else
    if (!zhashx_lookup (self->declared, name)) {
        status = VC_UNKNOWN_SERVICE;
        vc_said_set (&message, "unknown service '%s'", name);
    }
    else
    if ((!service || zlistx_size (service->workers) == 0) && !s_first_seconds (self)) {
        status = VC_SERVICE_UNAVAILABLE;
        vc_said_set (&message, "service '%s' is unavailable: no instance is running", name);
    }
    else
    if (service && (int) broker_queue_size (service->queue) >= self->config.queue_max) {
        status = VC_BUSY;
        vc_said_set (&message, "service '%s' is busy, try again", name);
    }
    if (!status)
        return false;
    if (service)
        service->failures++;
    if (status != VC_BAD_REQUEST && status != VC_UNKNOWN_SERVICE)
        broker_metrics_request (name, 0, status);
    zframe_t *reqid = vc_msg_take_reqid (msg);
    broker_client_said (self, client->id, name, &reqid, status, &message);
    return true;
}

void
broker_dispatch_request (broker_t *self, client_t *client, vc_msg_t *msg)
{
    service_t *service = (service_t *) zhashx_lookup (self->services, vc_msg_address (msg));
    if (s_service_absent (self, client, msg, service))
        return;
    if (!service)       //  Declared, no instance yet, first seconds
        service = broker_service_require (self, vc_msg_address (msg));
    request_t *request = service ? (request_t *) calloc (1, sizeof (request_t)) : NULL;
    if (!request) {
        vc_error ("client %s: out of memory: a request is refused", client->id);
        zframe_t *reqid = vc_msg_take_reqid (msg);
        broker_client_error (self, client->id, vc_msg_address (msg), &reqid, VC_INTERNAL,
                             "the server is out of memory");
        return;
    }
    const byte *reqid = vc_msg_reqid_data (msg, &request->reqid_size);
    if (request->reqid_size)
        memcpy (request->reqid, reqid, request->reqid_size);
    s_make_key (request->key, client->id, request->reqid, request->reqid_size);
    if (zhashx_lookup (self->requests, request->key)) {
        //  A client sending a request again (a retry): the answer to the
        //  one in flight, with the same id, answers both
        free (request);
        if (client->inflight > 0)
            client->inflight--;         //  Taken for a reply that will not come
        vc_debug ("client %s: repeat of a request in flight dropped", client->id);
        return;
    }
    request->costly = s_costly_request (self, service->name, msg);
    if (request->costly && s_over_costly_quota (self, client, msg, service->name)) {
        free (request);
        return;
    }
    vc_text_copy (request->address, sizeof request->address, client->address);
    if (request->costly) {
        client->costly++;
        s_costly_source_add (self, request->address, +1);
    }
    vc_text_copy (request->client, sizeof request->client, client->id);
    vc_text_copy (request->service, sizeof request->service, service->name);
    if (s_token_matches (client->token, vc_msg_extra (msg)))
        vc_text_copy (request->username, sizeof request->username, client->username);
    request->body = vc_msg_take_body (msg);
    request->deadline = zclock_mono () + self->config.request_timeout_ms;
    request->started_us = zclock_usecs ();
    zhashx_insert (self->requests, request->key, request);
    service->requests++;
    worker_t *worker = s_pick_worker (service);
    if (worker)
        s_send_to_worker (self, request, worker);
    else
    if (broker_queue_push (service->queue, request))
        vc_error ("client %s: out of memory: a request to %s waits for its timeout",
                  client->id, service->name);
}

void
broker_dispatch_queued (broker_t *self, service_t *service)
{
    while (broker_queue_size (service->queue) > 0) {
        worker_t *worker = s_pick_worker (service);
        if (!worker)
            break;
        request_t *request = broker_queue_pop (service->queue);
        s_send_to_worker (self, request, worker);
    }
}

void
broker_dispatch_reply (broker_t *self, worker_t *worker, vc_msg_t *msg)
{
    byte key [BROKER_KEY_MAX];
    size_t reqid_size;
    const byte *reqid = vc_msg_reqid_data (msg, &reqid_size);
    s_make_key (key, vc_msg_address (msg), reqid, reqid_size);
    request_t *request = (request_t *) zhashx_lookup (self->requests, key);
    if (!request || request->worker != worker) {
        vc_debug ("late or unknown reply from %s dropped", worker->instance);
        return;
    }
    worker->inflight--;
    worker->timeouts = 0;
    worker->ejections = 0;
    zframe_t *body = vc_msg_take_body (msg);
    broker_metrics_request (request->service, request->started_us,
                            broker_metrics_reply_status (body));
    broker_client_answer (self, request->client, request->service, request->reqid,
                          request->reqid_size, &body);
    s_forget (self, request);
    broker_dispatch_queued (self, worker->service);
}

void
broker_fail_worker_requests (broker_t *self, worker_t *worker)
{
    zlist_t *failed = zlist_new ();
    for (request_t *request = (request_t *) zhashx_first (self->requests); request;
         request = (request_t *) zhashx_next (self->requests))
        if (request->worker == worker)
            zlist_append (failed, request);
    for (request_t *request = (request_t *) zlist_first (failed); request;
         request = (request_t *) zlist_next (failed))
        s_fail (self, request, VC_SERVICE_UNAVAILABLE,
                "the service instance stopped while handling the request; try again");
    zlist_destroy (&failed);
    worker->inflight = 0;
}

//  This broker of a pair stopped serving: every request it holds, queued
//  or in flight on an instance, is answered as a broker on standby answers
//  (503 {standby}), so that its client sends it again, with its request id,
//  to the other broker.
void
broker_standby_requests (broker_t *self)
{
    zlist_t *held = zlist_new ();
    assert (held);
    for (request_t *request = (request_t *) zhashx_first (self->requests); request;
         request = (request_t *) zhashx_next (self->requests))
        zlist_append (held, request);
    for (request_t *request = (request_t *) zlist_first (held); request;
         request = (request_t *) zlist_next (held)) {
        zframe_t *body = broker_client_refusal ();
        s_finish (self, request, VC_SERVICE_UNAVAILABLE, &body);
    }
    if (zlist_size (held))
        vc_info ("%zu requests held here sent back to their clients for the other broker",
                 zlist_size (held));
    zlist_destroy (&held);
}

//  A request timed out on this instance: after BROKER_OUTLIER_TIMEOUTS in
//  a row it leaves the rotation for a while (longer each time).
static void
s_worker_timed_out (worker_t *worker, int64_t now)
{
    worker->inflight--;
    worker->timeouts++;
    if (worker->timeouts < BROKER_OUTLIER_TIMEOUTS || worker->ejected_until > now)
        return;
    int64_t period = (int64_t) BROKER_EJECT_MS << (worker->ejections < 4 ? worker->ejections : 4);
    worker->ejected_until = now + period;
    worker->ejections++;
    vc_warn ("worker %s instance %s let %d requests in a row time out: out of rotation for %" PRId64 " ms",
             worker->service->name, worker->instance, worker->timeouts, period);
}

//  Just after the first seconds, requests still held for a service that
//  got no instance are answered: unavailable. (Later, requests queued
//  while every instance was busy keep their own deadline.)
static void
s_fail_unserved (broker_t *self)
{
    int64_t age = zclock_mono () - self->started;
    if (age < FIRST_INSTANCE_WAIT_MS || age > FIRST_INSTANCE_WAIT_MS + 2000)
        return;
    for (service_t *service = (service_t *) zhashx_first (self->services); service;
         service = (service_t *) zhashx_next (self->services)) {
        if (zlistx_size (service->workers) > 0)
            continue;
        char message [160];
        snprintf (message, sizeof message, "service '%s' is unavailable: no instance is running",
                  service->name);
        request_t *request;
        while ((request = broker_queue_pop (service->queue)))
            s_fail (self, request, VC_SERVICE_UNAVAILABLE, message);
    }
}

void
broker_requests_upkeep (broker_t *self)
{
    s_fail_unserved (self);
    int64_t now = zclock_mono ();
    zlist_t *expired = zlist_new ();
    for (request_t *request = (request_t *) zhashx_first (self->requests); request;
         request = (request_t *) zhashx_next (self->requests))
        if (now > request->deadline)
            zlist_append (expired, request);
    for (request_t *request = (request_t *) zlist_first (expired); request;
         request = (request_t *) zlist_next (expired)) {
        if (request->worker)
            s_worker_timed_out (request->worker, now);
        s_fail (self, request, VC_TIMEOUT, "the service did not answer in time");
    }
    zlist_destroy (&expired);
}
