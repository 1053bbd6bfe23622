/*  vc_client - a client's connection to the broker.  */
#include "vc_client.h"
#include "vc_endpoint.h"
#include "vc_msg.h"

struct _vc_client_t {
    char endpoint [256];
    char kind [33];
    char id [65];
    char token [VC_EXTRA_MAX + 1];
    char error [640];
    char server_key [41];
    zsock_t *dealer;
    bool connected;
    uint64_t next_reqid;
    int64_t last_sent;
    int64_t last_heard;
    zlist_t *pending;           //  Replies read by tick, not yet returned
    bool link_lost;             //  Say HELLO again before the next message
    zsock_t *monitor;           //  The dealer's disconnections (PAIR)
    unsigned monitors;          //  Monitors made, for unique names
    char epoch [17];            //  The broker run that welcomed us
    unsigned restarts;          //  Welcomes from another broker run since
};

void
vc_reply_destroy (vc_reply_t **self_p)
{
    assert (self_p);
    vc_reply_t *self = *self_p;
    if (!self)
        return;
    vc_body_destroy (&self->body);
    free (self);
    *self_p = NULL;
}

static vc_reply_t *
s_reply_local (int status, const char *message, uint64_t reqid)
{
    vc_reply_t *reply = (vc_reply_t *) zmalloc (sizeof (vc_reply_t));
    assert (reply);
    reply->status = status;
    reply->reqid = reqid;
    snprintf (reply->message, sizeof reply->message, "%s", message);
    return reply;
}

vc_client_t *
vc_client_new (const char *address, const char *kind)
{
    vc_client_t *self = (vc_client_t *) zmalloc (sizeof (vc_client_t));
    assert (self);
    if (vc_endpoint_normalize (address, VC_DEFAULT_FRONTEND_PORT,
                               self->endpoint, sizeof self->endpoint))
        snprintf (self->endpoint, sizeof self->endpoint, "%.200s", address ? address : "");
    snprintf (self->kind, sizeof self->kind, "%s", kind ? kind : "client");
    self->next_reqid = 1;
    self->pending = zlist_new ();
    return self;
}

void
vc_client_destroy (vc_client_t **self_p)
{
    assert (self_p);
    vc_client_t *self = *self_p;
    if (!self)
        return;
    vc_client_bye (self);
    zlist_destroy (&self->pending);
    free (self);
    *self_p = NULL;
}

int
vc_client_set_server_key (vc_client_t *self, const char *public_key)
{
    byte decoded [32];
    if (!public_key || strlen (public_key) != 40 || !zmq_z85_decode (decoded, public_key))
        return -1;
    snprintf (self->server_key, sizeof self->server_key, "%s", public_key);
    return 0;
}

const char *vc_client_error (vc_client_t *self) { return self->error; }
bool vc_client_connected (vc_client_t *self) { return self->connected; }
const char *vc_client_id (vc_client_t *self) { return self->id; }
const char *vc_client_endpoint (vc_client_t *self) { return self->endpoint; }
zsock_t *vc_client_sock (vc_client_t *self) { return self->dealer; }
const char *vc_client_token (vc_client_t *self) { return self->token; }
unsigned vc_client_restarts (vc_client_t *self) { return self->restarts; }

void
vc_client_set_token (vc_client_t *self, const char *token)
{
    snprintf (self->token, sizeof self->token, "%s", token ? token : "");
}

bool
vc_client_broker_alive (vc_client_t *self)
{
    return self->connected
        && zclock_mono () - self->last_heard < VC_HEARTBEAT_MSEC * VC_HEARTBEAT_LIVENESS;
}

//  Watch the dealer's connection: a disconnection means the next message
//  may reach another broker run (ZeroMQ reconnects by itself).
static void
s_monitor_start (vc_client_t *self)
{
    char address [64];
    snprintf (address, sizeof address, "inproc://vc-client-%p-%u", (void *) self, self->monitors++);
    if (zmq_socket_monitor (zsock_resolve (self->dealer), address, ZMQ_EVENT_DISCONNECTED) == 0) {
        self->monitor = zsock_new (ZMQ_PAIR);
        if (self->monitor && zsock_connect (self->monitor, "%s", address) == 0)
            zsock_set_rcvtimeo (self->monitor, 0);
        else
            zsock_destroy (&self->monitor);
    }
}

static void
s_monitor_stop (vc_client_t *self)
{
    if (self->dealer)
        zmq_socket_monitor (zsock_resolve (self->dealer), NULL, 0);
    zsock_destroy (&self->monitor);
}

//  Read the monitor's events; any disconnection loses the link.
static void
s_monitor_check (vc_client_t *self)
{
    zmsg_t *event;
    while (self->monitor && (event = zmsg_recv (self->monitor))) {
        self->link_lost = true;
        zmsg_destroy (&event);
    }
}

//  Make the DEALER socket: messages are only queued to a live connection,
//  sends never block, nothing lingers on close.
static int
s_open_socket (vc_client_t *self)
{
    self->dealer = zsock_new (ZMQ_DEALER);
    if (!self->dealer)
        return -1;
    zsock_set_immediate (self->dealer, 1);
    zsock_set_sndtimeo (self->dealer, 0);
    zsock_set_linger (self->dealer, 0);
    zsock_set_maxmsgsize (self->dealer, VC_MESSAGE_MAX);
    zsock_set_sndhwm (self->dealer, 10000);
    zsock_set_rcvhwm (self->dealer, 10000);
    //  A fresh random id per connection: the broker refuses reserved ones
    if (vc_routing_id_choose (self->dealer))
        return -1;
    if (*self->server_key) {
        zcert_t *cert = zcert_new ();
        if (!cert)
            return -1;
        zcert_apply (cert, self->dealer);
        zcert_destroy (&cert);
        zsock_set_curve_serverkey (self->dealer, self->server_key);
    }
    s_monitor_start (self);
    return zsock_connect (self->dealer, "%s", self->endpoint);
}

static int s_send_hello (vc_client_t *self);

//  Send a message. After the link was lost (the connection dropped, or a
//  send failed) HELLO goes first, so that a restarted broker learns what
//  this client is as the first one did.
static int
s_send (vc_client_t *self, vc_msg_t **msg_p)
{
    s_monitor_check (self);
    int command = vc_msg_command (*msg_p);
    if (self->link_lost && command != VC_CMD_HELLO && command != VC_CMD_BYE
    &&  s_send_hello (self) == 0)
        self->link_lost = false;
    int rc = vc_msg_send (msg_p, zsock_resolve (self->dealer));
    if (rc == 0)
        self->last_sent = zclock_mono ();
    else
    if (self->connected)
        self->link_lost = true;
    return rc;
}

static int
s_send_hello (vc_client_t *self)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 2);
    vc_pack_kstr (pack, "kind", self->kind);
    vc_pack_kint (pack, "pid", getpid ());
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    vc_msg_t *msg = vc_msg_new (VC_CMD_HELLO);
    vc_msg_set_body (msg, &body);
    return s_send (self, &msg);
}

static void
s_welcome (vc_client_t *self, vc_msg_t *msg)
{
    char err [128];
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    const char *id = NULL, *epoch = NULL;
    if (body && vc_body_str (body, "client", 64, &id) == 0)
        snprintf (self->id, sizeof self->id, "%s", id);
    if (body && vc_body_str (body, "epoch", sizeof self->epoch - 1, &epoch) == 0) {
        if (*self->epoch && strcmp (self->epoch, epoch))
            self->restarts++;
        snprintf (self->epoch, sizeof self->epoch, "%s", epoch);
    }
    vc_body_destroy (&body);
    self->connected = true;
}

//  A REPLY instead of WELCOME: the broker refuses us (e.g. too many
//  clients). True, with the reason in self->error, if it is an error.
static bool
s_refusal (vc_client_t *self, vc_msg_t *msg)
{
    char err [128];
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    int64_t status = 0;
    const char *message = NULL;
    bool refused = body && vc_body_need_int (body, "status", 100, 999, &status) == 0
                && status != VC_OK;
    if (refused && vc_body_str (body, "message", 200, &message) != 0)
        message = vc_status_name ((int) status);
    if (refused)
        snprintf (self->error, sizeof self->error, "cannot connect to %s: %s (%d %s)",
                  self->endpoint, message, (int) status, vc_status_name ((int) status));
    vc_body_destroy (&body);
    return refused;
}

//  Wait for WELCOME, resending HELLO until the link is up or time runs out.
static int
s_handshake (vc_client_t *self, int timeout_ms)
{
    int64_t deadline = zclock_mono () + timeout_ms;
    int64_t next_hello = 0;
    while (zclock_mono () < deadline) {
        if (zclock_mono () >= next_hello) {
            //  Until the link is up the send fails at once: retry soon;
            //  once sent, give the broker time to answer
            next_hello = zclock_mono () + (s_send_hello (self) == 0 ? 250 : 5);
        }
        zmq_pollitem_t item = { zsock_resolve (self->dealer), 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, 5) < 0)
            return -1;
        if (!(item.revents & ZMQ_POLLIN))
            continue;
        vc_msg_t *msg = vc_msg_recv (zsock_resolve (self->dealer), false);
        if (!msg)
            return -1;
        self->last_heard = zclock_mono ();
        bool welcome = vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_WELCOME;
        bool refused = vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_REPLY
                    && s_refusal (self, msg);
        if (welcome)
            s_welcome (self, msg);
        vc_msg_destroy (&msg);
        if (welcome)
            return 0;
        if (refused)
            return -1;
    }
    return -1;
}

//  With no key set, take the broker's public key from the certificate
//  named by VC_SERVER_KEY_FILE, if that is set. Returns 0 or -1.
static int
s_key_from_env (vc_client_t *self)
{
    const char *path = getenv ("VC_SERVER_KEY_FILE");
    if (*self->server_key || !path || !*path)
        return 0;
    char key [41];
    int rc = vc_curve_key_load (path, key, sizeof key) == 0
           ? vc_client_set_server_key (self, key) : -1;
    if (rc)
        snprintf (self->error, sizeof self->error,
                  "cannot connect to %s: cannot read the broker's public key from %.120s "
                  "(VC_SERVER_KEY_FILE)", self->endpoint, path);
    return rc;
}

int
vc_client_connect (vc_client_t *self, int timeout_ms)
{
    vc_client_bye (self);
    self->error [0] = 0;
    if (s_key_from_env (self))
        return -1;
    if (!strstr (self->endpoint, "://")) {
        snprintf (self->error, sizeof self->error,
                  "cannot connect to %s: not a valid address", self->endpoint);
        return -1;
    }
    if (s_open_socket (self)) {
        snprintf (self->error, sizeof self->error,
                  "cannot connect to %s: %s", self->endpoint,
                  *self->server_key ? "invalid address or key" : "invalid address");
        s_monitor_stop (self);
        zsock_destroy (&self->dealer);
        return -1;
    }
    if (s_handshake (self, timeout_ms)) {
        if (!*self->error)
            snprintf (self->error, sizeof self->error,
                      "cannot connect to %s: no answer from a broker within %d ms (%s)",
                      self->endpoint, timeout_ms, *self->server_key
                      ? "is it running? with encryption on, a wrong public key or a "
                        "broker without encryption gives no answer either"
                      : vc_endpoint_listening (self->endpoint, 500) == 0
                      ? "nothing listens there: is it running, at this address?"
                      : "is it running? a broker that encrypts its link (CURVE) answers "
                        "only clients given its public key file");
        s_monitor_stop (self);
        zsock_destroy (&self->dealer);
        return -1;
    }
    return 0;
}

void
vc_client_bye (vc_client_t *self)
{
    if (self->dealer && self->connected) {
        vc_msg_t *msg = vc_msg_new (VC_CMD_BYE);
        s_send (self, &msg);
        //  Give the I/O thread a moment to deliver BYE before closing
        zsock_set_linger (self->dealer, 200);
    }
    s_monitor_stop (self);
    zsock_destroy (&self->dealer);
    self->connected = false;
    self->link_lost = false;
    self->id [0] = 0;
    vc_reply_t *reply;
    while ((reply = (vc_reply_t *) zlist_pop (self->pending)))
        vc_reply_destroy (&reply);
}

uint64_t
vc_client_send (vc_client_t *self, const char *service, zframe_t **body_p)
{
    if (!self->dealer) {
        zframe_destroy (body_p);
        return 0;
    }
    uint64_t reqid = self->next_reqid++;
    byte bytes [8];
    for (int i = 0; i < 8; i++)
        bytes [i] = (byte) (reqid >> (56 - 8 * i));
    zframe_t *reqid_frame = zframe_new (bytes, 8);
    vc_msg_t *msg = vc_msg_new (VC_CMD_REQUEST);
    vc_msg_set_address (msg, service);
    vc_msg_set_reqid (msg, &reqid_frame);
    vc_msg_set_extra (msg, self->token);
    vc_msg_set_body (msg, body_p);
    return s_send (self, &msg) == 0 ? reqid : 0;
}

static uint64_t
s_reqid_value (zframe_t *frame)
{
    uint64_t value = 0;
    if (frame && zframe_size (frame) == 8)
        for (int i = 0; i < 8; i++)
            value = (value << 8) | zframe_data (frame) [i];
    return value;
}

//  Turn a REPLY message into a reply; a body we cannot read is an error.
static vc_reply_t *
s_reply_from (vc_msg_t *msg)
{
    uint64_t reqid = s_reqid_value (vc_msg_reqid (msg));
    char err [160];
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    int64_t status = 0;
    if (!body || vc_body_need_int (body, "status", 100, 999, &status)) {
        vc_body_destroy (&body);
        return s_reply_local (VC_INTERNAL, "malformed reply from the server", reqid);
    }
    vc_reply_t *reply = s_reply_local ((int) status, vc_status_name ((int) status), reqid);
    const char *message = NULL;
    if (vc_body_str (body, "message", sizeof reply->message - 1, &message) == 0)
        snprintf (reply->message, sizeof reply->message, "%s", message);
    reply->body = body;
    return reply;
}

//  Handle one incoming message; returns a reply if it was one.
static vc_reply_t *
s_handle_incoming (vc_client_t *self)
{
    vc_msg_t *msg = vc_msg_recv (zsock_resolve (self->dealer), false);
    if (!msg)
        return NULL;
    self->last_heard = zclock_mono ();
    vc_reply_t *reply = NULL;
    if (vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_REPLY)
        reply = s_reply_from (msg);
    else
    if (vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_WELCOME)
        s_welcome (self, msg);          //  After HELLO again
    vc_msg_destroy (&msg);
    return reply;
}

vc_reply_t *
vc_client_recv (vc_client_t *self, int timeout_ms)
{
    if (!self->dealer)
        return NULL;
    int64_t deadline = zclock_mono () + timeout_ms;
    while (true) {
        vc_client_tick (self);
        if (zlist_size (self->pending))
            return (vc_reply_t *) zlist_pop (self->pending);
        int64_t left = deadline - zclock_mono ();
        if (left < 0)
            return NULL;
        zmq_pollitem_t item = { zsock_resolve (self->dealer), 0, ZMQ_POLLIN, 0 };
        long wait = left < VC_HEARTBEAT_MSEC ? left : VC_HEARTBEAT_MSEC;
        if (zmq_poll (&item, 1, wait) < 0)
            return NULL;
        if (item.revents & ZMQ_POLLIN) {
            vc_reply_t *reply = s_handle_incoming (self);
            if (reply)
                return reply;
        }
    }
}

//  Send; if there is no usable link (ZMQ_IMMEDIATE: the connection was cut
//  and libzmq is connecting again, e.g. after the broker dropped a link that
//  was down for a while), wait up to VC_LINK_WAIT_MSEC within the deadline
//  for it to come back and send once more. The request id, or 0.
#define VC_LINK_WAIT_MSEC 1000

static uint64_t
s_send_or_wait (vc_client_t *self, const char *service, zframe_t **body_p, int64_t deadline)
{
    zframe_t *copy = *body_p ? zframe_dup (*body_p) : NULL;
    uint64_t reqid = vc_client_send (self, service, body_p);
    int64_t left = deadline - zclock_mono ();
    if (reqid == 0 && left > 0) {
        zmq_pollitem_t item = { zsock_resolve (self->dealer), 0, ZMQ_POLLOUT, 0 };
        if (zmq_poll (&item, 1, left < VC_LINK_WAIT_MSEC ? left : VC_LINK_WAIT_MSEC) > 0)
            reqid = vc_client_send (self, service, &copy);
    }
    zframe_destroy (&copy);
    return reqid;
}

vc_reply_t *
vc_client_call (vc_client_t *self, const char *service, zframe_t **body_p, int timeout_ms)
{
    if (!self->dealer || !self->connected) {
        zframe_destroy (body_p);
        return s_reply_local (VC_SERVICE_UNAVAILABLE, "not connected to a server", 0);
    }
    if (*body_p && zframe_size (*body_p) > VC_BODY_MAX) {
        zframe_destroy (body_p);
        return s_reply_local (VC_TOO_LARGE, "request too large (limit 262144 bytes)", 0);
    }
    int64_t deadline = zclock_mono () + timeout_ms;
    uint64_t reqid = s_send_or_wait (self, service, body_p, deadline);
    if (reqid == 0)
        return s_reply_local (VC_SERVICE_UNAVAILABLE,
                              "the server is gone (connection lost)", 0);
    while (true) {
        int64_t left = deadline - zclock_mono ();
        vc_reply_t *reply = left > 0 ? vc_client_recv (self, (int) left) : NULL;
        if (!reply)
            return s_reply_local (VC_TIMEOUT, "server not responding", reqid);
        if (reply->reqid == reqid || reply->reqid == 0)
            return reply;
        vc_reply_destroy (&reply);      //  Late answer to an earlier request
    }
}

void
vc_client_tick (vc_client_t *self)
{
    if (!self->dealer || !self->connected)
        return;
    //  Read what has arrived without blocking; keep replies for recv
    zmq_pollitem_t item = { zsock_resolve (self->dealer), 0, ZMQ_POLLIN, 0 };
    while (zmq_poll (&item, 1, 0) > 0 && (item.revents & ZMQ_POLLIN)) {
        vc_reply_t *reply = s_handle_incoming (self);
        if (reply)
            zlist_append (self->pending, reply);
    }
    if (zclock_mono () - self->last_sent >= VC_HEARTBEAT_MSEC) {
        vc_msg_t *msg = vc_msg_new (VC_CMD_HEARTBEAT);
        s_send (self, &msg);
    }
}
