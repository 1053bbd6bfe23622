/*  vc_worker - a service instance's connection to the broker. vc_worker_recv
    waits on a zpoller over the broker's socket and the sockets the service
    watches, up to the heartbeat upkeep or the caller's timeout; messages
    already queued are taken before it polls, and every watched socket with
    input is served at each wake.  */
#include "vc_worker.h"
#include "vc_api.h"
#include "vc_check.h"
#include "vc_endpoint.h"
#include "vc_messages.h"
#include "vc_msg.h"
#include "vc_log.h"
#include "vc_metrics.h"
#include "vc_notify.h"
#include "vc_text.h"

//  Messages taken from the broker without polling before the watched
//  sockets (e.g. the event subscriber) get their turn
#define VC_WORKER_DRAIN_MAX 32
#define VC_WORKER_SERVERS_MAX 4
//  Sockets a service may watch beside the broker's
#define VC_WORKER_WATCH_MAX 8
//  After a broker on standby, before the next one is tried
#define VC_WORKER_MOVE_MSEC 200

struct _vc_worker_t {
    char endpoint [256];        //  The broker in use
    char servers [VC_WORKER_SERVERS_MAX][256];  //  A pair's brokers, in order
    int server_count;
    int server_index;
    bool move;                  //  Go to the next broker of the list
    zsock_t *monitor;           //  The dealer's disconnections (with a list)
    char service [VC_SERVICE_MAX + 1];
    char instance [96];
    char epoch [65];
    char server_key [41];
    zcert_t *cert;              //  This service's own key pair, or NULL: a fresh one
    int capacity;
    zsock_t *dealer;
    bool registered;            //  WELCOME received since the last connect
    bool stopped;               //  The broker told us to stop (system shutdown)
    bool warned;                //  Said once that the broker does not answer
    int64_t last_sent;
    int64_t last_heard;
    int64_t reconnect_at;       //  When to try again after the broker is lost
    int64_t connected_at;       //  When the dealer was connected
    bool link_checked;          //  Looked whether anything listens there
    zlist_t *watches;           //  s_watch_t, one per watched socket
    zpoller_t *poller;          //  The dealer and the watched sockets; made
                                //  again after either changed (NULL until)
    int drained;                //  Messages taken without polling in a row
    bool woken;                 //  vc_worker_wake: recv returns at once
    vc_counter_t *requests;     //  Metrics: requests received,
    vc_counter_t *registrations;    //  registrations with a broker run,
    vc_gauge_t *registered_gauge;   //  1 while registered
};

//  A socket the service watches, and what to call when it is readable
typedef struct {
    zsock_t *sock;
    vc_worker_handler_fn *handler;
    void *arg;
} s_watch_t;

void
vc_request_destroy (vc_request_t **self_p)
{
    vc_request_t *self = *self_p;
    if (!self)
        return;
    vc_body_destroy (&self->body);
    zframe_destroy (&self->reqid);
    free (self);
    *self_p = NULL;
}

static int
s_send (vc_worker_t *self, vc_msg_t **msg_p)
{
    int rc = vc_msg_send (msg_p, self->dealer);
    if (rc == 0)
        self->last_sent = zclock_mono ();
    return rc;
}

//  With several brokers: watch the connection, so that a broker whose
//  process ended is left at once (not after the heartbeat timeout).
static void
s_monitor (vc_worker_t *self)
{
    if (self->server_count < 2)
        return;
    char address [64];
    vc_endpoint_inproc ("vc-worker-monitor", address, sizeof address);
    if (zmq_socket_monitor (zsock_resolve (self->dealer), address, ZMQ_EVENT_DISCONNECTED) == 0) {
        self->monitor = zsock_new (ZMQ_PAIR);
        if (self->monitor && zsock_connect (self->monitor, "%s", address))
            zsock_destroy (&self->monitor);
    }
}

static void
s_monitor_stop (vc_worker_t *self)
{
    if (self->dealer && self->monitor)
        zmq_socket_monitor (zsock_resolve (self->dealer), NULL, 0);
    zsock_destroy (&self->monitor);
}

static void
s_connect (vc_worker_t *self)
{
    s_monitor_stop (self);
    zpoller_destroy (&self->poller);
    zsock_destroy (&self->dealer);
    if (self->move && self->server_count > 1) {
        self->server_index = (self->server_index + 1) % self->server_count;
        memcpy (self->endpoint, self->servers [self->server_index], sizeof self->endpoint);
        vc_info ("%s: trying the broker at %s", self->service, self->endpoint);
    }
    self->move = false;
    self->dealer = zsock_new (ZMQ_DEALER);
    if (!self->dealer) {
        //  Out of memory or descriptors: the upkeep tries again later
        vc_error ("%s: cannot make a socket for the broker", self->service);
        return;
    }
    zsock_set_linger (self->dealer, 0);
    //  Never block: with no usable link (broker gone, or the handshake
    //  refused) a send fails at once and the heartbeat logic reconnects
    zsock_set_sndtimeo (self->dealer, 0);
    zsock_set_sndhwm (self->dealer, 100000);
    zsock_set_rcvhwm (self->dealer, 100000);
    zsock_set_maxmsgsize (self->dealer, VC_MESSAGE_MAX);
    if (vc_routing_id_choose (self->dealer))
        vc_error ("%s: cannot choose a routing id", self->service);
    if (*self->server_key) {
        zcert_t *cert = self->cert ? self->cert : zcert_new ();
        if (cert)
            zcert_apply (cert, self->dealer);
        if (cert != self->cert)
            zcert_destroy (&cert);
        zsock_set_curve_serverkey (self->dealer, self->server_key);
    }
    s_monitor (self);
    if (zsock_connect (self->dealer, "%s", self->endpoint))
        vc_error ("%s: cannot connect to %s", self->service, self->endpoint);
    self->registered = false;
    self->connected_at = zclock_mono ();
    self->link_checked = false;
    vc_ready_body_t ready = {
        .capacity = self->capacity, .instance = self->instance, .pid = getpid (),
        .has_version = true, .version = VC_WORKER_VERSION
    };
    self->last_heard = zclock_mono ();
    vc_pack_t *pack = vc_pack_new ();
    if (pack)
        vc_ready_body_pack (pack, &ready);
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    vc_msg_t *msg = body ? vc_msg_new (VC_CMD_READY) : NULL;
    if (!msg) {
        //  Out of memory: not registered, so the upkeep connects again
        zframe_destroy (&body);
        return;
    }
    vc_msg_set_address (msg, self->service);
    vc_msg_set_body (msg, &body);
    s_send (self, &msg);
}

//  The broker's public key from the certificate named by VC_SERVER_KEY_FILE,
//  when that is set. Returns 0, or -1 if it is set but unusable.
static int
s_key_from_env (vc_worker_t *self)
{
    const char *path = getenv ("VC_SERVER_KEY_FILE");
    if (!path || !*path)
        return 0;
    char key [41];
    int rc = vc_curve_key_load (path, key, sizeof key) == 0
           ? vc_worker_set_server_key (self, key) : -1;
    if (rc)
        vc_error ("%s: cannot read the broker's public key from %s (VC_SERVER_KEY_FILE)",
                  self->service, path);
    else
        vc_info ("%s: encrypting the link to the broker (CURVE, key from %s)",
                 self->service, path);
    return rc;
}

//  This service's own certificate from VC_SERVICE_CERT, when that is set:
//  a broker run with --worker-keys admits only known service keys.
//  Returns 0, or -1 if it is set but unusable.
static int
s_cert_from_env (vc_worker_t *self)
{
    const char *path = getenv ("VC_SERVICE_CERT");
    if (!path || !*path)
        return 0;
    if (!*self->server_key) {
        vc_error ("%s: a service certificate (VC_SERVICE_CERT) needs the broker's public key "
                  "too (VC_SERVER_KEY_FILE)", self->service);
        return -1;
    }
    self->cert = zsys_file_exists (path) ? zcert_load (path) : NULL;
    if (!self->cert || streq (zcert_secret_txt (self->cert),
                              "0000000000000000000000000000000000000000")) {
        vc_error ("%s: cannot read this service's secret key from %s (VC_SERVICE_CERT)",
                  self->service, path);
        zcert_destroy (&self->cert);
        return -1;
    }
    vc_info ("%s: identifying to the broker with key %s", self->service,
             zcert_public_txt (self->cert));
    return 0;
}

void
vc_worker_keys_export (vc_config_t *config)
{
    const char *names [][2] = { { "server-key-file", "VC_SERVER_KEY_FILE" },
                                { "service-cert", "VC_SERVICE_CERT" } };
    for (size_t i = 0; i < sizeof names / sizeof names [0]; i++) {
        const char *value = vc_config_get (config, names [i][0]);
        if (value && setenv (names [i][1], value, 1))
            vc_warn ("cannot pass --%s on: %s", names [i][0], strerror (errno));
    }
}

int
vc_worker_main (const char *program, const char *log_name, const char *summary,
                const vc_option_t *options, int argc, char **argv,
                int (*run) (vc_config_t *config))
{
    int rc = 0;
    vc_config_t *config = vc_program_start (program, log_name, "[options]", summary,
                                            options, argc, argv, &rc);
    if (!config)
        return rc;
    vc_worker_keys_export (config);
    rc = run (config);
    vc_config_destroy (&config);
    return rc;
}

vc_worker_t *
vc_worker_new (const char *endpoint, const char *service, int capacity)
{
    vc_worker_t *self = (vc_worker_t *) calloc (1, sizeof (vc_worker_t));
    char *list = strdup (endpoint ? endpoint : "");
    if (!self || !list) {
        free (self);
        free (list);
        return NULL;
    }
    char *save = NULL;
    for (char *one = strtok_r (list, ",", &save); one && self->server_count < VC_WORKER_SERVERS_MAX;
         one = strtok_r (NULL, ",", &save))
        vc_text_copy (self->servers [self->server_count++], 256, one);
    free (list);
    memcpy (self->endpoint, self->servers [0], sizeof self->endpoint);
    vc_text_copy (self->service, sizeof self->service, service);
    char host [64] = "localhost";
    gethostname (host, sizeof host - 1);
    snprintf (self->instance, sizeof self->instance, "%s:%d", host, (int) getpid ());
    self->capacity = capacity > 0 ? capacity : 1;
    char labels [VC_SERVICE_MAX + 16];
    snprintf (labels, sizeof labels, "service=\"%s\"", self->service);
    self->requests = vc_metrics_counter ("vc_worker_requests_total",
        "Requests this instance received from the broker", labels);
    self->registrations = vc_metrics_counter ("vc_worker_registrations_total",
        "Times this instance registered with a broker run (reconnections add one)", labels);
    self->registered_gauge = vc_metrics_gauge ("vc_worker_registered",
        "1 while this instance is registered with the broker", labels);
    self->watches = zlist_new ();
    if (!self->watches || s_key_from_env (self) || s_cert_from_env (self)) {
        zlist_destroy (&self->watches);
        zcert_destroy (&self->cert);
        free (self);
        return NULL;
    }
    return self;
}

void
vc_worker_destroy (vc_worker_t **self_p)
{
    vc_worker_t *self = *self_p;
    if (!self)
        return;
    if (self->dealer) {
        vc_msg_t *msg = vc_msg_new (VC_CMD_BYE);
        s_send (self, &msg);        //  Nothing sent when out of memory
        zsock_set_linger (self->dealer, 200);
    }
    s_monitor_stop (self);
    zpoller_destroy (&self->poller);
    zsock_destroy (&self->dealer);
    zcert_destroy (&self->cert);
    s_watch_t *watch;
    while ((watch = (s_watch_t *) zlist_pop (self->watches)))
        free (watch);
    zlist_destroy (&self->watches);
    free (self);
    *self_p = NULL;
}

int
vc_worker_set_server_key (vc_worker_t *self, const char *public_key)
{
    byte decoded [32];
    if (!public_key || strlen (public_key) != 40 || !zmq_z85_decode (decoded, public_key))
        return -1;
    vc_text_copy (self->server_key, sizeof self->server_key, public_key);
    return 0;
}

int
vc_worker_watch (vc_worker_t *self, zsock_t *sock, vc_worker_handler_fn *handler, void *arg)
{
    s_watch_t *watch = (s_watch_t *) calloc (1, sizeof (s_watch_t));
    if (!sock || !watch || zlist_size (self->watches) >= VC_WORKER_WATCH_MAX
    ||  zlist_append (self->watches, watch)) {
        free (watch);
        return -1;
    }
    watch->sock = sock;
    watch->handler = handler;
    watch->arg = arg;
    zpoller_destroy (&self->poller);    //  Made again with the new socket
    return 0;
}

const char *vc_worker_epoch (vc_worker_t *self) { return self->epoch; }
const char *vc_worker_instance (vc_worker_t *self) { return self->instance; }
bool vc_worker_registered (vc_worker_t *self) { return self->registered; }
//  A worker that could not be made (NULL) counts as stopped.
bool vc_worker_stopped (vc_worker_t *self) { return !self || self->stopped; }

void
vc_worker_wake (vc_worker_t *self)
{
    if (self)
        self->woken = true;
}

static void
s_welcome (vc_worker_t *self, vc_msg_t *msg)
{
    char err [128];
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    const char *epoch = NULL;
    bool standby = false;
    if (body && vc_welcome_worker_body_get_standby (body, &standby) == 0 && standby) {
        //  A broker of a pair on standby: its peer serves
        vc_body_destroy (&body);
        vc_info ("%s: the broker at %s is on standby: trying the other one", self->service,
                 self->endpoint);
        self->move = true;
        self->reconnect_at = zclock_mono () + VC_WORKER_MOVE_MSEC;
        return;
    }
    if (body && vc_welcome_worker_body_get_epoch (body, &epoch) == 0) {
        if (strcmp (self->epoch, epoch))
            vc_info ("%s: registered with broker run %s", self->service, epoch);
        vc_text_copy (self->epoch, sizeof self->epoch, epoch);
    }
    vc_body_destroy (&body);
    if (!self->registered) {
        vc_counter_add (self->registrations, 1);
        vc_gauge_set (self->registered_gauge, 1);
        vc_notify_ready ("%s: serving, registered with broker run %s at %s", self->service,
                         self->epoch, self->endpoint);
    }
    self->registered = true;
    self->warned = false;
}

//  Make a request from a REQUEST message; malformed ones are answered here.
static vc_request_t *
s_request_from (vc_worker_t *self, vc_msg_t *msg)
{
    vc_request_t *request = (vc_request_t *) calloc (1, sizeof (vc_request_t));
    if (!request) {
        vc_error ("%s: out of memory: a request from %s is dropped", self->service,
                  vc_msg_address (msg));
        return NULL;
    }
    vc_text_copy (request->client, sizeof request->client, vc_msg_address (msg));
    vc_text_copy (request->username, sizeof request->username, vc_msg_extra (msg));
    vc_text_copy (request->source, sizeof request->source, vc_msg_source (msg));
    request->reqid = vc_msg_take_reqid (msg);
    request->received = zclock_mono ();
    char err [160];
    const char *op = NULL;
    request->body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    if (request->body && vc_body_need_str (request->body, "op", 32, &op) == 0) {
        vc_text_copy (request->op, sizeof request->op, op);
        return request;
    }
    if (request->body)
        vc_text_copy (err, sizeof err, vc_body_error (request->body));
    vc_worker_reply_status (self, &request, VC_BAD_REQUEST, err);
    return NULL;
}

static void
s_pong (vc_worker_t *self, vc_request_t **request_p)
{
    vc_instance_ping_reply_t pong = {
        .status = VC_OK, .message = "pong", .service = self->service, .instance = self->instance
    };
    vc_pack_t *pack = vc_pack_new ();
    if (pack)
        vc_instance_ping_reply_pack (pack, &pong);
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    vc_worker_reply (self, request_p, &body);
}

//  Handle one message from the broker; returns a request for the service.
static vc_request_t *
s_handle_broker (vc_worker_t *self, vc_msg_t *msg)
{
    self->last_heard = zclock_mono ();
    vc_request_t *request = NULL;
    if (!vc_msg_valid (msg))
        vc_warn ("%s: malformed message from broker: %s", self->service, vc_msg_error (msg));
    else
    if (vc_msg_command (msg) == VC_CMD_WELCOME)
        s_welcome (self, msg);
    else
    if (vc_msg_command (msg) == VC_CMD_BYE) {
        vc_info ("%s: the broker is shutting the system down", self->service);
        self->stopped = true;
    }
    else
    if (vc_msg_command (msg) == VC_CMD_REQUEST) {
        vc_counter_add (self->requests, 1);
        request = s_request_from (self, msg);
        if (request && streq (request->op, "ping"))
            s_pong (self, &request);
    }
    vc_msg_destroy (&msg);
    return request;
}

//  Heartbeat upkeep and reconnection when the broker has gone silent.
//  With several brokers: a closed connection, or a broker on standby,
//  sends the instance to the next one.
static bool
s_moving (vc_worker_t *self, int64_t now)
{
    zmsg_t *event;
    while (self->monitor && (event = zmsg_recv_nowait (self->monitor))) {
        zmsg_destroy (&event);
        if (self->registered)
            vc_warn ("%s: the connection to the broker at %s closed", self->service, self->endpoint);
        self->move = true;
    }
    if (!self->move)
        return false;
    if (self->registered) {
        self->registered = false;
        vc_gauge_set (self->registered_gauge, 0);
    }
    if (now >= self->reconnect_at) {
        s_connect (self);
        self->reconnect_at = now + VC_HEARTBEAT_MSEC;
    }
    return true;
}

//  With several brokers: one that has not answered VC_LINK_UP_MSEC after
//  the connect, at whose address nothing listens, is gone (e.g. the one a
//  standby broker sent us back to after its process ended): the heartbeat
//  timeout is not waited for (vc_endpoint_gone, as the client library).
static bool
s_broker_gone (vc_worker_t *self, int64_t now)
{
    return self->server_count > 1 && !self->registered
        && vc_endpoint_gone (self->endpoint, self->connected_at, now, &self->link_checked);
}

static void
s_upkeep (vc_worker_t *self)
{
    int64_t now = zclock_mono ();
    vc_notify_watchdog ();
    if (s_moving (self, now))
        return;
    if (s_broker_gone (self, now)) {
        vc_info ("%s: nothing listens at %s: trying the other broker", self->service,
                 self->endpoint);
        self->move = true;
        self->reconnect_at = now;
        s_moving (self, now);
        return;
    }
    if (now - self->last_heard > VC_HEARTBEAT_MSEC * VC_HEARTBEAT_LIVENESS) {
        if (self->registered || !self->warned) {
            vc_gauge_set (self->registered_gauge, 0);
            vc_notify_unready ("%s: waiting for the broker at %s", self->service, self->endpoint);
        }
        if (self->registered)
            vc_warn ("%s: broker silent, reconnecting", self->service);
        else
        if (!self->warned)
            vc_warn ("%s: no answer from a broker at %s yet (is it running? the link is %s "
                     "and must match the broker's worker endpoint%s)", self->service,
                     self->endpoint, *self->server_key ? "encrypted" : "plain",
                     *self->server_key ? "; a broker with --worker-keys also needs this "
                                         "service's key (VC_SERVICE_CERT) in its folder" : "");
        self->warned = true;
        self->registered = false;
        self->move = self->server_count > 1;
        if (now >= self->reconnect_at) {
            s_connect (self);
            self->reconnect_at = now + VC_HEARTBEAT_MSEC;
        }
        return;
    }
    if (now - self->last_sent >= VC_HEARTBEAT_MSEC) {
        vc_msg_t *msg = vc_msg_new (VC_CMD_HEARTBEAT);
        s_send (self, &msg);
    }
}

//  The poller on the broker's socket (none when it could not be made) and
//  the watched sockets; NULL when out of memory.
static zpoller_t *
s_poller (vc_worker_t *self)
{
    if (self->poller)
        return self->poller;
    self->poller = zpoller_new (NULL);
    int rc = self->poller && self->dealer ? zpoller_add (self->poller, self->dealer) : 0;
    for (s_watch_t *watch = (s_watch_t *) zlist_first (self->watches); watch && !rc;
         watch = (s_watch_t *) zlist_next (self->watches))
        rc = self->poller ? zpoller_add (self->poller, watch->sock) : -1;
    if (rc)
        zpoller_destroy (&self->poller);
    return self->poller;
}

//  Wait up to wait_ms for the broker's socket or a watched one: every
//  watched socket with input has its handler run (the one the poller
//  named and any other ready too, so that a busy broker never starves the
//  event subscriber), then a message from the broker is handled; the
//  request it was, if any. *interrupted when the wait ended on a signal.
static vc_request_t *
s_wait (vc_worker_t *self, long wait_ms, bool *interrupted)
{
    zpoller_t *poller = s_poller (self);
    if (!poller) {
        vc_error ("%s: out of memory: cannot wait for the broker", self->service);
        zclock_sleep ((int) wait_ms);       //  The upkeep tries again after it
        *interrupted = zsys_interrupted;
        return NULL;
    }
    void *which = zpoller_wait (poller, (int) wait_ms);
    *interrupted = zpoller_terminated (poller) || zsys_interrupted;
    if (!which || *interrupted)
        return NULL;
    for (s_watch_t *watch = (s_watch_t *) zlist_first (self->watches); watch;
         watch = (s_watch_t *) zlist_next (self->watches))
        if (watch->sock == which || (zsock_events (watch->sock) & ZMQ_POLLIN))
            watch->handler (watch->sock, watch->arg);
    vc_msg_t *msg = self->dealer ? vc_msg_recv_nowait (self->dealer, false) : NULL;
    return msg ? s_handle_broker (self, msg) : NULL;
}

vc_request_t *
vc_worker_recv (vc_worker_t *self, int timeout_ms)
{
    if (!self)
        return NULL;
    if (!self->dealer)
        s_connect (self);
    int64_t deadline = timeout_ms < 0 ? INT64_MAX : zclock_mono () + timeout_ms;
    while (!zsys_interrupted && !self->stopped) {
        if (self->woken) {
            self->woken = false;
            return NULL;
        }
        s_upkeep (self);
        //  A message already queued is taken at once, without polling (a
        //  receive that finds one costs no system call); after
        //  VC_WORKER_DRAIN_MAX in a row the watched sockets get their turn
        vc_msg_t *waiting = self->drained < VC_WORKER_DRAIN_MAX && self->dealer
                          ? vc_msg_recv_nowait (self->dealer, false) : NULL;
        if (waiting) {
            self->drained++;
            vc_request_t *request = s_handle_broker (self, waiting);
            if (request)
                return request;
            continue;
        }
        int64_t left = deadline - zclock_mono ();
        if (left < 0)
            return NULL;
        long wait = left < VC_HEARTBEAT_MSEC / 2 ? (long) left : VC_HEARTBEAT_MSEC / 2;
        if (self->server_count > 1 && !self->registered && !self->link_checked
        &&  wait > VC_LINK_UP_MSEC / 2)
            wait = VC_LINK_UP_MSEC / 2;  //  The link check comes soon
        bool interrupted = false;
        vc_request_t *request = s_wait (self, wait, &interrupted);
        self->drained = 0;
        if (request || interrupted)
            return request;
    }
    return NULL;
}

int
vc_worker_reply (vc_worker_t *self, vc_request_t **request_p, zframe_t **body_p)
{
    vc_request_t *request = *request_p;
    vc_msg_t *msg = *body_p ? vc_msg_new (VC_CMD_REPLY) : NULL;
    if (!msg) {
        //  Out of memory (no body or no message): the client's wait times out
        vc_error ("%s: out of memory: no reply to %s", self->service, request->client);
        zframe_destroy (body_p);
        vc_request_destroy (request_p);
        return -1;
    }
    vc_msg_set_address (msg, request->client);
    vc_msg_set_reqid (msg, &request->reqid);
    vc_msg_set_body (msg, body_p);
    vc_request_destroy (request_p);
    return s_send (self, &msg);
}

int
vc_worker_reply_status (vc_worker_t *self, vc_request_t **request_p, int status, const char *message)
{
    zframe_t *body = vc_pack_status_frame (status, message);
    return vc_worker_reply (self, request_p, &body);
}

int
vc_worker_reply_said (vc_worker_t *self, vc_request_t **request_p, int status,
                      const struct vc_said_s *said)
{
    zframe_t *body = vc_pack_said_frame (status, said);
    return vc_worker_reply (self, request_p, &body);
}

int
vc_worker_session (vc_worker_t *self, const char *client, const char *username, const char *token)
{
    zframe_t *body = zframe_new (token ? token : "", token ? strlen (token) : 0);
    vc_msg_t *msg = body ? vc_msg_new (VC_CMD_SESSION) : NULL;
    if (!msg) {
        zframe_destroy (&body);
        return -1;
    }
    vc_msg_set_address (msg, client);
    vc_msg_set_extra (msg, username);
    vc_msg_set_body (msg, &body);
    return s_send (self, &msg);
}

//  ---------------------------------------------------------------------
//  Self-test

#define S_TEST_WATCHED 8        //  The limit vc_worker.h states
#define S_TEST_FLOOD 2000
//  A broker address where nothing listens: no request will come
#define S_TEST_NOWHERE "tcp://127.0.0.1:1"

//  A watched socket's handler: reads the message and counts it
static void
s_test_on_readable (zsock_t *sock, void *arg)
{
    char *text = zstr_recv (sock);
    if (text)
        (*(int *) arg)++;
    zstr_free (&text);
}

//  A handler that reads the message, counts it and wakes its worker
typedef struct {
    vc_worker_t *worker;
    int heard;
} s_test_waker_t;

static void
s_test_on_wake (zsock_t *sock, void *arg)
{
    s_test_waker_t *waker = (s_test_waker_t *) arg;
    s_test_on_readable (sock, &waker->heard);
    vc_worker_wake (waker->worker);
}

//  Up to 8 sockets are taken, a ninth and a missing socket are refused;
//  the first and the last watched sockets get a message each: their
//  handlers run while recv waits (it returns no request)
static void
s_test_watch (zsock_t **watched)
{
    vc_worker_t *worker = vc_worker_new (S_TEST_NOWHERE, "selftest", 1);
    VC_CHECK (worker);
    zsock_t *senders [S_TEST_WATCHED];
    int heard [S_TEST_WATCHED] = { 0 };
    for (int i = 0; i < S_TEST_WATCHED; i++) {
        VC_CHECK (vc_worker_watch (worker, watched [i], s_test_on_readable, &heard [i]) == 0);
        senders [i] = zsock_new_pair (NULL);
        VC_CHECK (senders [i] && zsock_connect (senders [i], "inproc://vc-worker-test-%d", i) == 0);
    }
    int unused = 0;
    VC_CHECK (vc_worker_watch (worker, watched [S_TEST_WATCHED], s_test_on_readable, &unused) == -1);
    VC_CHECK (vc_worker_watch (worker, NULL, s_test_on_readable, &unused) == -1);
    zstr_send (senders [0], "first");
    zstr_send (senders [S_TEST_WATCHED - 1], "last");
    int64_t end = zclock_mono () + 2000;
    while ((heard [0] == 0 || heard [S_TEST_WATCHED - 1] == 0) && zclock_mono () < end) {
        vc_request_t *request = vc_worker_recv (worker, 100);
        VC_CHECK (request == NULL);
    }
    VC_CHECK (heard [0] == 1 && heard [S_TEST_WATCHED - 1] == 1);
    for (int i = 1; i < S_TEST_WATCHED - 1; i++)
        VC_CHECK (heard [i] == 0);
    vc_worker_destroy (&worker);
    for (int i = 0; i < S_TEST_WATCHED; i++)
        zsock_destroy (&senders [i]);
}

//  A handler that wakes its worker: the recv returns at once, not after
//  its timeout; the next one waits again
static void
s_test_wake (zsock_t *watched)
{
    s_test_waker_t waker = { vc_worker_new (S_TEST_NOWHERE, "selftest", 1), 0 };
    VC_CHECK (waker.worker);
    VC_CHECK (vc_worker_watch (waker.worker, watched, s_test_on_wake, &waker) == 0);
    zsock_t *sender = zsock_new_pair (NULL);
    VC_CHECK (sender && zsock_connect (sender, "inproc://vc-worker-test-%d", S_TEST_WATCHED) == 0);
    zstr_send (sender, "wake");
    int64_t started = zclock_mono ();
    VC_CHECK (vc_worker_recv (waker.worker, 3000) == NULL);
    VC_CHECK (waker.heard == 1);
    VC_CHECK (zclock_mono () - started < 1500);
    started = zclock_mono ();
    VC_CHECK (vc_worker_recv (waker.worker, 300) == NULL);
    VC_CHECK (zclock_mono () - started >= 290);
    vc_worker_destroy (&waker.worker);
    zsock_destroy (&sender);
}

//  A REQUEST from the test's broker to the worker whose routing id is id
static int
s_test_request (zsock_t *router, zframe_t *id, uint64_t reqid)
{
    vc_msg_t *msg = vc_msg_new (VC_CMD_REQUEST);
    zframe_t *route = zframe_dup (id);
    zframe_t *reqid_frame = zframe_new (&reqid, sizeof reqid);
    zframe_t *body = vc_api_op ("echo");
    if (!msg || !route || !reqid_frame || !body) {
        vc_msg_destroy (&msg);
        zframe_destroy (&route);
        zframe_destroy (&reqid_frame);
        zframe_destroy (&body);
        return -1;
    }
    vc_msg_set_routing_id (msg, &route);
    vc_msg_set_address (msg, "client-1");
    vc_msg_set_reqid (msg, &reqid_frame);
    vc_msg_set_extra (msg, "");
    vc_msg_set_body (msg, &body);
    vc_msg_set_source (msg, "127.0.0.1");
    return vc_msg_send (&msg, zsock_resolve (router));
}

//  The worker (registered with the test's broker) takes requests until
//  the watched socket's handler has run; the requests it took
static int
s_test_until_heard (vc_worker_t *worker, int *heard)
{
    int taken = 0;
    int64_t end = zclock_mono () + 5000;
    while (*heard == 0 && taken < S_TEST_FLOOD && zclock_mono () < end) {
        vc_request_t *request = vc_worker_recv (worker, 100);
        if (request)
            taken++;
        vc_request_destroy (&request);
    }
    return taken;
}

//  A broker (a ROUTER on inproc) sends S_TEST_FLOOD requests at once, and
//  then one message waits on a watched socket: its handler runs before the
//  worker has taken every request (after at most the drain's 32 and a
//  few), as the broker's socket never has the whole turn
static void
s_test_flood (bool verbose)
{
    zsock_t *router = zsock_new_router ("inproc://vc-worker-test-broker");
    zsock_t *watched = zsock_new_pair ("@inproc://vc-worker-test-flood");
    zsock_t *sender = zsock_new_pair (">inproc://vc-worker-test-flood");
    vc_worker_t *worker = vc_worker_new ("inproc://vc-worker-test-broker", "selftest", 1);
    int heard = 0;
    VC_CHECK (router && watched && sender && worker);
    VC_CHECK (vc_worker_watch (worker, watched, s_test_on_readable, &heard) == 0);
    vc_request_t *request = vc_worker_recv (worker, 50);      //  Connects: READY
    vc_request_destroy (&request);
    zsock_set_rcvtimeo (router, 2000);
    vc_msg_t *ready = vc_msg_recv (zsock_resolve (router), true);
    VC_CHECK (ready && vc_msg_command (ready) == VC_CMD_READY);
    for (uint64_t i = 0; i < S_TEST_FLOOD; i++)
        VC_CHECK (s_test_request (router, vc_msg_routing_id (ready), i + 1) == 0);
    vc_msg_destroy (&ready);
    zclock_sleep (100);             //  The requests wait in the worker's queue
    zstr_send (sender, "event");
    int taken = s_test_until_heard (worker, &heard);
    if (verbose)
        printf ("requests taken before the watched socket's turn: %d ", taken);
    VC_CHECK (heard == 1);
    VC_CHECK (taken < 100);
    vc_worker_destroy (&worker);
    zsock_destroy (&sender);
    zsock_destroy (&watched);
    zsock_destroy (&router);
}

void
vc_worker_test (bool verbose)
{
    if (verbose)
        printf (" * vc_worker: ");
    zsock_t *watched [S_TEST_WATCHED + 1];
    for (int i = 0; i <= S_TEST_WATCHED; i++) {
        watched [i] = zsock_new_pair (NULL);
        VC_CHECK (watched [i] && zsock_bind (watched [i], "inproc://vc-worker-test-%d", i) == 0);
    }
    s_test_watch (watched);
    s_test_wake (watched [S_TEST_WATCHED]);
    for (int i = 0; i <= S_TEST_WATCHED; i++)
        zsock_destroy (&watched [i]);
    s_test_flood (verbose);
    if (verbose)
        printf ("OK\n");
}
