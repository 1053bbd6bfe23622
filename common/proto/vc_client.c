/*  vc_client - a client's connection to the broker, or to the active one of
    a pair (a list of addresses): after a lost link it joins again (HELLO,
    WELCOME), moves to the next address when a broker is gone, silent or on
    standby, resumes its session when the broker run changed, and sends
    again a request whose reply was lost when that is safe. Every wait for
    the broker (the handshake, a reply) is one loop, s_wait_for, over a
    zpoller on the socket.  */
#include "vc_client.h"
#include "vc_endpoint.h"
#include "vc_log.h"
#include "vc_messages.h"
#include "vc_msg.h"
#include "vc_text.h"
#include <sodium.h>

#define VC_CLIENT_SERVERS_MAX 4
//  Waiting for WELCOME from one broker when joining again
#define VC_REJOIN_MSEC 1000
//  Waiting for the answer to resume
#define VC_RESUME_MSEC 4000
#define VC_RESUME_RETRY_MSEC 60000   //  Auth's default grace period
//  A send looks for a disconnection at most every VC_MONITOR_MSEC (the
//  look costs two system calls). That is enough: ZeroMQ connects again no
//  sooner than VC_RECONNECT_MSEC (plus a random part) after a
//  disconnection, and until then a send fails (ZMQ_IMMEDIATE), which
//  loses the link too; so no message reaches a new connection (perhaps a
//  new broker run) before the client has seen that the old one dropped.
#define VC_RECONNECT_MSEC 100
#define VC_MONITOR_MSEC 40

struct _vc_client_t {
    char endpoint [256];        //  The broker in use
    char servers [VC_CLIENT_SERVERS_MAX][256];
    int server_count;
    int server_index;           //  servers [server_index] is endpoint
    char kind [33];
    char id [65];
    char token [VC_EXTRA_MAX + 1];
    char error [640];
    char server_key [41];
    zsock_t *dealer;
    zpoller_t *poller;          //  On the dealer; made and freed with it
    bool connected;
    uint64_t unanswered_id;     //  Last call_once that ended without an answer
    byte unanswered_digest [16];//  ... its service and body (keyed digest)
    int64_t unanswered_at;
    byte digest_key [crypto_generichash_KEYBYTES];
    int64_t last_sent;
    int64_t last_heard;
    zlist_t *pending;           //  Replies read by tick, not yet returned
    bool link_lost;             //  Say HELLO again before the next message
    zsock_t *monitor;           //  The dealer's disconnections (PAIR)
    int64_t monitor_checked;    //  When s_monitor_check last looked
    char epoch [65];            //  The broker run that welcomed us (model: 64 bytes)
    unsigned restarts;          //  Welcomes from another broker run since
    bool resume_due;            //  A new broker run: resume the session first
    int64_t resume_until;       //  Resumes tried again until then
    uint64_t resume_id;         //  Request id of the resume being tried (0: none)
    bool standby;               //  The broker said it is on standby (passive)
    bool joining;               //  Inside a rejoin: no nested one
    int64_t rejoin_at;          //  No new rejoin attempt before this
    unsigned failovers;         //  Moves to another address of the list
    unsigned resumed;           //  Sessions resumed on a new broker run
    unsigned resends;           //  Requests sent again after a lost reply
    unsigned joins;             //  Times the client joined again after a lost link
    int64_t joined_at;          //  When it last did
    vc_reply_t *spare;          //  The reply a call answers with when out of memory
};

void
vc_reply_destroy (vc_reply_t **self_p)
{
    vc_reply_t *self = *self_p;
    if (!self)
        return;
    vc_body_destroy (&self->body);
    free (self);
    *self_p = NULL;
}

//  A reply made here. Out of memory, it is the client's spare one, made
//  beforehand (500 "out of memory"), so that a call still has an answer;
//  NULL when that is taken too.
static vc_reply_t *
s_reply_local (vc_client_t *self, int status, const char *message, uint64_t reqid)
{
    vc_reply_t *reply = (vc_reply_t *) calloc (1, sizeof (vc_reply_t));
    if (!reply) {
        reply = self->spare;
        self->spare = NULL;
        status = VC_INTERNAL;
        message = "out of memory";
    }
    if (!reply)
        return NULL;
    reply->status = status;
    reply->reqid = reqid;
    vc_text_copy (reply->message, sizeof reply->message, message);
    return reply;
}

//  One address of the list, as the user typed it, into servers [].
static void
s_add_server (vc_client_t *self, const char *address)
{
    if (self->server_count >= VC_CLIENT_SERVERS_MAX)
        return;
    char *out = self->servers [self->server_count++];
    if (vc_endpoint_normalize (address, VC_DEFAULT_FRONTEND_PORT, out, 256))
        snprintf (out, 256, "%.200s", address);
}

vc_client_t *
vc_client_new (const char *address, const char *kind)
{
    vc_client_t *self = (vc_client_t *) calloc (1, sizeof (vc_client_t));
    char *list = strdup (address ? address : "");
    if (!self || !list) {
        free (self);
        free (list);
        return NULL;
    }
    char *save = NULL;
    for (char *one = strtok_r (list, ",", &save); one; one = strtok_r (NULL, ",", &save))
        s_add_server (self, one);
    free (list);
    if (self->server_count == 0)
        s_add_server (self, "");
    memcpy (self->endpoint, self->servers [0], sizeof self->endpoint);
    vc_text_copy (self->kind, sizeof self->kind, kind ? kind : "client");
    randombytes_buf (self->digest_key, sizeof self->digest_key);
    self->pending = zlist_new ();
    self->spare = (vc_reply_t *) calloc (1, sizeof (vc_reply_t));
    if (!self->pending || !self->spare)
        vc_client_destroy (&self);
    return self;
}

void
vc_client_destroy (vc_client_t **self_p)
{
    vc_client_t *self = *self_p;
    if (!self)
        return;
    if (self->pending)
        vc_client_bye (self);
    zlist_destroy (&self->pending);
    free (self->spare);
    free (self);
    *self_p = NULL;
}

int
vc_client_set_server_key (vc_client_t *self, const char *public_key)
{
    byte decoded [32];
    if (!public_key || strlen (public_key) != 40 || !zmq_z85_decode (decoded, public_key))
        return -1;
    vc_text_copy (self->server_key, sizeof self->server_key, public_key);
    return 0;
}

const char *vc_client_error (vc_client_t *self) { return self->error; }
bool vc_client_connected (vc_client_t *self) { return self->connected; }
const char *vc_client_id (vc_client_t *self) { return self->id; }
const char *vc_client_endpoint (vc_client_t *self) { return self->endpoint; }
zsock_t *vc_client_sock (vc_client_t *self) { return self->dealer; }
const char *vc_client_token (vc_client_t *self) { return self->token; }
unsigned vc_client_restarts (vc_client_t *self) { return self->restarts; }
unsigned vc_client_failovers (vc_client_t *self) { return self->failovers; }
unsigned vc_client_resumed (vc_client_t *self) { return self->resumed; }
unsigned vc_client_resends (vc_client_t *self) { return self->resends; }
const char *vc_client_epoch (vc_client_t *self) { return self->epoch; }

void
vc_client_set_token (vc_client_t *self, const char *token)
{
    if (!token)
        token = "";
    if (strcmp (self->token, token))
        self->resume_id = 0;    //  A resume in hand was for the other token
    vc_text_copy (self->token, sizeof self->token, token);
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
    self->monitor_checked = 0;
    vc_endpoint_inproc ("vc-client-monitor", address, sizeof address);
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

//  Read the monitor's events; any disconnection loses the link. Its
//  events are asked for first: a receive that finds nothing still makes
//  and frees a message (twice per request otherwise).
static void
s_monitor_check (vc_client_t *self)
{
    self->monitor_checked = zclock_mono ();
    zmsg_t *event;
    while (self->monitor && (zsock_events (self->monitor) & ZMQ_POLLIN)
       &&  (event = zmsg_recv (self->monitor))) {
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
    self->poller = self->dealer ? zpoller_new (self->dealer, NULL) : NULL;
    if (!self->poller)
        return -1;
    zpoller_set_nonstop (self->poller, true);   //  Callers see interrupts themselves
    zsock_set_immediate (self->dealer, 1);
    zsock_set_reconnect_ivl (self->dealer, VC_RECONNECT_MSEC);
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
static void s_rejoin (vc_client_t *self);
static void s_resume (vc_client_t *self);

//  Send a message. After the link was lost (the connection dropped, or a
//  send failed) the client joins again first (HELLO, WELCOME; another
//  address of the list if this broker is gone or on standby; its session
//  resumed on a new broker run), so that the broker knows what this client
//  is and who is signed in on it, as the first one did.
static int
s_send (vc_client_t *self, vc_msg_t **msg_p)
{
    if (zclock_mono () - self->monitor_checked >= VC_MONITOR_MSEC)
        s_monitor_check (self);
    int command = vc_msg_command (*msg_p);
    bool resume = command == VC_CMD_REQUEST && self->resume_due && *self->token
               && !self->joining;
    if ((self->link_lost && command != VC_CMD_HELLO && command != VC_CMD_BYE) || resume) {
        char token [sizeof self->token];
        vc_text_copy (token, sizeof token, self->token);
        if (self->link_lost)
            s_rejoin (self);
        else
            s_resume (self);
        //  A request made with the session's old token carries the new one
        if (command == VC_CMD_REQUEST && *token && streq (vc_msg_extra (*msg_p), token))
            vc_msg_set_extra (*msg_p, self->token);
    }
    if (!self->dealer) {
        vc_msg_destroy (msg_p);
        return -1;
    }
    int rc = vc_msg_send (msg_p, self->dealer);
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
    vc_hello_body_t hello = { .kind = self->kind, .pid = getpid () };
    vc_pack_t *pack = vc_pack_new ();
    if (pack)
        vc_hello_body_pack (pack, &hello);
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    vc_msg_t *msg = body ? vc_msg_new (VC_CMD_HELLO) : NULL;
    if (!msg) {
        zframe_destroy (&body);
        return -1;
    }
    vc_msg_set_body (msg, &body);
    return s_send (self, &msg);
}

static void
s_welcome (vc_client_t *self, vc_msg_t *msg)
{
    char err [128];
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    const char *id = NULL, *epoch = NULL;
    //  Each field taken if readable, as before the generated readers
    if (body && vc_welcome_client_body_get_client (body, &id) == 0)
        vc_text_copy (self->id, sizeof self->id, id);
    if (body && vc_welcome_client_body_get_epoch (body, &epoch) == 0) {
        if (*self->epoch && strcmp (self->epoch, epoch)) {
            self->restarts++;
            self->resume_due = *self->token != 0;
            self->resume_until = zclock_mono () + VC_RESUME_RETRY_MSEC;
        }
        vc_text_copy (self->epoch, sizeof self->epoch, epoch);
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
    bool standby = false;
    self->standby = refused && vc_standby_reply_get_standby (body, &standby) == 0 && standby;
    if (refused)
        snprintf (self->error, sizeof self->error, "cannot connect to %s: %s (%d %s)",
                  self->endpoint, message, (int) status, vc_status_name ((int) status));
    vc_body_destroy (&body);
    return refused;
}

static vc_reply_t *s_reply_from (vc_client_t *self, vc_msg_t *msg);

//  One message from the broker. WELCOME is taken (after HELLO, also
//  again); a REPLY is kept for recv, except, while joining, one without a
//  request id: the broker's refusal of HELLO. What it was, for the wait.
typedef enum { S_OTHER, S_WELCOMED, S_REPLIED, S_REFUSED } s_heard_t;

static s_heard_t
s_dispatch (vc_client_t *self, vc_msg_t *msg, bool joining)
{
    self->last_heard = zclock_mono ();
    s_heard_t heard = S_OTHER;
    int command = vc_msg_valid (msg) ? vc_msg_command (msg) : -1;
    size_t reqid_size = 0;
    if (command == VC_CMD_REPLY)
        vc_msg_reqid_data (msg, &reqid_size);
    if (command == VC_CMD_WELCOME) {
        s_welcome (self, msg);
        heard = S_WELCOMED;
    }
    else
    if (command == VC_CMD_REPLY && joining && reqid_size == 0) {
        if (s_refusal (self, msg))
            heard = S_REFUSED;
    }
    else
    if (command == VC_CMD_REPLY) {
        vc_reply_t *reply = s_reply_from (self, msg);
        if (reply && zlist_append (self->pending, reply) == 0)
            heard = S_REPLIED;
        else
            vc_reply_destroy (&reply);  //  Out of memory: the reply is lost
    }
    return heard;
}

//  What a wait waits for: WELCOME (joining), else a reply. Joining sends
//  HELLO again until the link is up (at once while a send fails, then
//  every 250 ms); with a pair (leave_gone) it gives up when no HELLO
//  could be sent VC_LINK_UP_MSEC after the start and nothing accepts
//  connections at the broker's address (vc_endpoint_gone, as services).
//  Waiting for a reply keeps the heartbeats going.
typedef struct {
    bool joining;
    int64_t start;
    int64_t deadline;
    bool leave_gone;
    bool link_checked;
    int64_t next_hello;
    bool linked;
} s_wait_t;

//  Upkeep of a join before polling: HELLO when due, the link-up check.
//  Returns when to look again, or -1 to give up.
static int64_t
s_join_upkeep (vc_client_t *self, s_wait_t *wait)
{
    int64_t now = zclock_mono ();
    if (now >= wait->next_hello) {
        //  Until the link is up the send fails at once: retry soon;
        //  once sent, give the broker time to answer
        bool sent = s_send_hello (self) == 0;
        wait->linked = wait->linked || sent;
        now = zclock_mono ();
        wait->next_hello = now + (sent ? 250 : 5);
    }
    //  Until the link is up HELLO is tried every 5 ms, so the look at
    //  the address comes in time without a wake of its own
    if (!wait->linked && wait->leave_gone
    &&  vc_endpoint_gone (self->endpoint, wait->start, now, &wait->link_checked)) {
        snprintf (self->error, sizeof self->error, "cannot connect to %s: nothing listens "
                  "there: is it running, at this address?", self->endpoint);
        return -1;
    }
    return wait->next_hello;
}

//  Read what has arrived, without waiting; with until_reply, stop at the
//  first reply (a receive waits for one reply: looking whether more came
//  costs system calls, and the next receive reads them). A receive that
//  finds a message costs no system call: it is tried without asking
//  ZMQ_EVENTS first.
static void
s_drain (vc_client_t *self, bool until_reply)
{
    while (self->dealer) {
        vc_msg_t *msg = vc_msg_recv_nowait (self->dealer, false);
        if (!msg)
            break;
        s_heard_t heard = s_dispatch (self, msg, false);
        vc_msg_destroy (&msg);
        if (until_reply && heard == S_REPLIED)
            break;
    }
}

static void
s_heartbeat_upkeep (vc_client_t *self)
{
    if (zclock_mono () - self->last_sent >= VC_HEARTBEAT_MSEC) {
        vc_msg_t *msg = vc_msg_new (VC_CMD_HEARTBEAT);
        s_send (self, &msg);
    }
}

//  The client's one wait: until the deadline, the wait's upkeep (HELLO
//  again while joining; otherwise what has arrived is read and the
//  heartbeat sent when due), then a poll of the socket until the next
//  upkeep, each message through s_dispatch. 0 when what it waits for came
//  (WELCOME; a reply, in pending), -1 when time is up, the broker refused
//  us, or the socket failed.
static int
s_wait_for (vc_client_t *self, s_wait_t *wait)
{
    while (true) {
        int64_t next;
        if (wait->joining) {
            if (zclock_mono () >= wait->deadline)
                return -1;
            next = s_join_upkeep (self, wait);
            if (next < 0)
                return -1;
        }
        else {
            //  A reply read before is returned without looking for more
            if (!zlist_size (self->pending) && self->connected)
                s_drain (self, true);
            if (self->connected)
                s_heartbeat_upkeep (self);
            if (zlist_size (self->pending))
                return 0;
            next = zclock_mono () + VC_HEARTBEAT_MSEC;
        }
        //  Time is up once what was there is read: not "< 0", which
        //  polled again and again with 0 ms until the clock's millisecond
        //  turned (up to 1 ms of busy polling per call with timeout 0)
        int64_t now = zclock_mono ();
        if (!wait->joining && wait->deadline - now <= 0)
            return -1;
        if (next > wait->deadline)
            next = wait->deadline;
        if (!self->poller)
            return -1;
        if (!zpoller_wait (self->poller, next > now ? (int) (next - now) : 0)) {
            if (zpoller_expired (self->poller))
                continue;
            return -1;
        }
        vc_msg_t *msg = vc_msg_recv (self->dealer, false);
        if (!msg)
            return -1;
        s_heard_t heard = s_dispatch (self, msg, wait->joining);
        vc_msg_destroy (&msg);
        if (heard == S_REFUSED)
            return -1;
        if (heard == (wait->joining ? S_WELCOMED : S_REPLIED))
            return 0;
    }
}

//  Wait for WELCOME (see s_wait_t).
static int
s_handshake (vc_client_t *self, int timeout_ms)
{
    int64_t start = zclock_mono ();
    s_wait_t wait = { .joining = true, .start = start, .deadline = start + timeout_ms,
                      .leave_gone = self->server_count > 1 };
    return s_wait_for (self, &wait);
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

//  Close the socket without a BYE (the broker is gone or on standby).
static void
s_close (vc_client_t *self)
{
    s_monitor_stop (self);
    zpoller_destroy (&self->poller);
    zsock_destroy (&self->dealer);
}

//  Open a socket to servers [index] and wait for WELCOME (with a pair, not
//  once nothing listens there). 0, or -1 with the reason in self->error
//  and no socket.
static int
s_join (vc_client_t *self, int index, int timeout_ms)
{
    self->server_index = index;
    memcpy (self->endpoint, self->servers [index], sizeof self->endpoint);
    self->error [0] = 0;
    self->standby = false;
    if (!strstr (self->endpoint, "://")) {
        snprintf (self->error, sizeof self->error,
                  "cannot connect to %s: not a valid address", self->endpoint);
        return -1;
    }
    if (s_open_socket (self)) {
        snprintf (self->error, sizeof self->error,
                  "cannot connect to %s: %s", self->endpoint,
                  *self->server_key ? "invalid address or key" : "invalid address");
        s_close (self);
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
        s_close (self);
        return -1;
    }
    return 0;
}

int
vc_client_connect (vc_client_t *self, int timeout_ms)
{
    vc_client_bye (self);
    self->error [0] = 0;
    if (s_key_from_env (self))
        return -1;
    //  With several addresses each gets its share of the time; one on
    //  standby answers at once, so the next one is tried
    int share = self->server_count > 1 ? timeout_ms / self->server_count : timeout_ms;
    if (share < 500 && timeout_ms >= 500)
        share = 500;
    for (int i = 0; i < self->server_count; i++)
        if (s_join (self, i, share) == 0)
            return 0;
    return -1;
}

//  A resume that was not answered, not done in time, refused for load or
//  sent before auth joined the new broker run (501, 503) is tried again
//  before the next request, for as long as auth's default grace period; a
//  refusal (401, 423) ends it. A resume done by auth but answered too late
//  was done already: the next try, with the same request id and token, is
//  answered as the first (auth makes the same new token again).
static bool
s_resume_again (vc_client_t *self, vc_reply_t *reply)
{
    if (reply && reply->status != VC_SERVICE_UNAVAILABLE && reply->status != VC_TIMEOUT
    &&  reply->status != VC_BUSY && reply->status != VC_UNKNOWN_SERVICE)
        return false;
    return zclock_mono () < self->resume_until;
}

//  Ask auth to resume the session on this broker run with the token held;
//  its reply carries the new token. Replies to other requests are kept.
//  Each try of one resume goes with the same request id.
static void
s_resume (vc_client_t *self)
{
    self->resume_due = false;
    if (!self->resume_id)
        self->resume_id = vc_reqid_new ();
    uint64_t resume_id = self->resume_id;
    vc_auth_resume_request_t request = { .token = self->token };
    vc_pack_t *pack = vc_pack_new ();
    if (pack)
        vc_auth_resume_request_pack (pack, &request);
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    if (!body) {
        self->resume_due = true;    //  Out of memory: the token is kept for later
        return;
    }
    char token [sizeof self->token];
    vc_text_copy (token, sizeof token, self->token);
    vc_client_set_token (self, "");
    uint64_t reqid = vc_client_send_id (self, "auth", resume_id, &body) == 0 ? resume_id : 0;
    vc_reply_t *reply = NULL;
    int64_t deadline = zclock_mono () + VC_RESUME_MSEC;
    while (reqid && zclock_mono () < deadline) {
        reply = vc_client_recv (self, (int) (deadline - zclock_mono ()));
        if (!reply || reply->reqid == reqid)
            break;
        zlist_append (self->pending, reply);
        reply = NULL;
    }
    const char *fresh = NULL;
    if (reply && reply->status == VC_OK && reply->body
    &&  vc_auth_resume_reply_get_token (reply->body, &fresh) == 0 && *fresh) {
        vc_client_set_token (self, fresh);
        self->resumed++;
    }
    else
    if (s_resume_again (self, reply)) {
        vc_client_set_token (self, token);      //  Not done: try again before the next request
        self->resume_id = resume_id;
        self->resume_due = true;
    }
    explicit_bzero (token, sizeof token);
    vc_reply_destroy (&reply);
}

//  Join again after a lost link: this broker first, then the others of
//  the list, each for VC_REJOIN_MSEC (with a pair, one where nothing
//  listens is left at once); on a new broker run, resume the session. With
//  nothing to join the link stays lost (tried again later).
static void
s_rejoin (vc_client_t *self)
{
    if (self->joining || zclock_mono () < self->rejoin_at)
        return;
    self->joining = true;
    int first = self->server_index;
    bool joined = s_handshake (self, VC_REJOIN_MSEC) == 0;
    for (int step = 1; !joined && step <= self->server_count && self->server_count > 1; step++) {
        s_close (self);
        int index = (first + step) % self->server_count;
        if (s_join (self, index, VC_REJOIN_MSEC) == 0) {
            joined = true;
            if (index != first)
                self->failovers++;
        }
    }
    if (!self->dealer && s_open_socket (self))
        s_close (self);
    self->link_lost = !joined;
    if (joined) {
        self->joins++;
        self->joined_at = zclock_mono ();
    }
    self->rejoin_at = joined ? 0 : zclock_mono () + VC_REJOIN_MSEC / 4;
    if (joined && self->resume_due && *self->token)
        s_resume (self);
    self->joining = false;
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
    s_close (self);
    self->connected = false;
    self->link_lost = false;
    self->id [0] = 0;
    vc_reply_t *reply;
    while ((reply = (vc_reply_t *) zlist_pop (self->pending)))
        vc_reply_destroy (&reply);
}

//  Send a request under a given id; 0 sent, -1 not.
static int
s_send_request (vc_client_t *self, const char *service, uint64_t reqid, zframe_t **body_p)
{
    //  The request id held by value in the message (sent from its bytes):
    //  no frame object per request
    byte bytes [8];
    for (int i = 0; i < 8; i++)
        bytes [i] = (byte) (reqid >> (56 - 8 * i));
    vc_msg_t *msg = vc_msg_new (VC_CMD_REQUEST);
    if (!msg) {
        zframe_destroy (body_p);
        return -1;
    }
    vc_msg_set_address (msg, service);
    vc_msg_set_reqid_data (msg, bytes, sizeof bytes);
    vc_msg_set_extra (msg, self->token);
    vc_msg_set_body (msg, body_p);
    return s_send (self, &msg);
}

int
vc_client_send_id (vc_client_t *self, const char *service, uint64_t reqid, zframe_t **body_p)
{
    if (!self->dealer) {
        zframe_destroy (body_p);
        return -1;
    }
    return s_send_request (self, service, reqid, body_p);
}

uint64_t
vc_client_send (vc_client_t *self, const char *service, zframe_t **body_p)
{
    uint64_t reqid = vc_reqid_new ();
    return vc_client_send_id (self, service, reqid, body_p) == 0 ? reqid : 0;
}

//  The request id of a reply, read where the message holds it
static uint64_t
s_reqid_value (vc_msg_t *msg)
{
    size_t size = 0;
    const byte *data = vc_msg_reqid_data (msg, &size);
    uint64_t value = 0;
    if (data && size == 8)
        for (int i = 0; i < 8; i++)
            value = (value << 8) | data [i];
    return value;
}

//  Turn a REPLY message into a reply; a body we cannot read is an error.
static vc_reply_t *
s_reply_from (vc_client_t *self, vc_msg_t *msg)
{
    uint64_t reqid = s_reqid_value (msg);
    char err [160];
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    int64_t status = 0;
    if (!body || vc_body_need_int (body, "status", 100, 999, &status)) {
        vc_body_destroy (&body);
        return s_reply_local (self, VC_INTERNAL, "malformed reply from the server", reqid);
    }
    vc_reply_t *reply = s_reply_local (self, (int) status, vc_status_name ((int) status), reqid);
    if (!reply || reply->status != status) {
        vc_body_destroy (&body);    //  Out of memory: the spare reply, or none
        return reply;
    }
    const char *message = NULL;
    if (vc_body_str (body, "message", sizeof reply->message - 1, &message) == 0)
        vc_text_copy (reply->message, sizeof reply->message, message);
    reply->body = body;
    return reply;
}

vc_reply_t *
vc_client_recv (vc_client_t *self, int timeout_ms)
{
    if (!self->dealer)
        return NULL;
    s_wait_t wait = { .deadline = zclock_mono () + timeout_ms };
    return s_wait_for (self, &wait) == 0 ? (vc_reply_t *) zlist_pop (self->pending) : NULL;
}

//  Send; if there is no usable link (ZMQ_IMMEDIATE: the connection was cut
//  and libzmq is connecting again, e.g. after the broker dropped a link that
//  was down for a while), wait up to VC_LINK_WAIT_MSEC within the deadline
//  for it to come back and send once more. With a pair, a lost link is
//  joined again instead, at each pause between rejoins until the deadline
//  (no broker of the list took us at the last try: the other one may be
//  taking over): the socket is then on a broker that may be gone, whose
//  link would never come back. 0 sent, -1 not.
#define VC_LINK_WAIT_MSEC 1000

static int
s_send_or_wait (vc_client_t *self, const char *service, uint64_t reqid, zframe_t *body,
                int64_t deadline)
{
    zframe_t *copy = body ? zframe_dup (body) : NULL;
    int rc = vc_client_send_id (self, service, reqid, &copy);
    while (rc != 0 && self->server_count > 1 && self->link_lost && self->dealer) {
        int64_t now = zclock_mono ();
        int64_t pause = self->rejoin_at > now ? self->rejoin_at - now : 0;
        if (now + pause >= deadline)
            return -1;
        zclock_sleep ((int) pause);
        copy = body ? zframe_dup (body) : NULL;
        rc = vc_client_send_id (self, service, reqid, &copy);  //  Joins again first
    }
    int64_t left = deadline - zclock_mono ();
    if (rc != 0 && left > 0 && self->dealer) {
        zmq_pollitem_t item = { zsock_resolve (self->dealer), 0, ZMQ_POLLOUT, 0 };
        copy = body ? zframe_dup (body) : NULL;
        if (zmq_poll (&item, 1, left < VC_LINK_WAIT_MSEC ? left : VC_LINK_WAIT_MSEC) > 0)
            rc = vc_client_send_id (self, service, reqid, &copy);
        zframe_destroy (&copy);
    }
    return rc;
}

//  A broker of a pair on standby answered: {standby: true}.
static bool
s_standby (vc_reply_t *reply)
{
    bool standby = false;
    return reply->status == VC_SERVICE_UNAVAILABLE && reply->body
        && vc_standby_reply_get_standby (reply->body, &standby) == 0 && standby;
}

//  Whether a request may be sent again after its reply was lost with the
//  broker: everything that reads; sign-in (a second one on the new
//  connection takes over the session the first made for the lost one);
//  sign-up and sign-out, whose repeated request id the auth service
//  answers with the first answer. Not shutdown.
static bool
s_resendable (const char *service, zframe_t *body)
{
    static const char *s_once [][2] = {
        { "broker", "shutdown" }
    };
    char err [128];
    vc_body_t *decoded = body ? vc_body_decode_frame (body, err, sizeof err) : NULL;
    const char *op = NULL;
    bool safe = decoded && vc_body_str (decoded, "op", 32, &op) == 0;
    for (size_t i = 0; safe && i < sizeof s_once / sizeof s_once [0]; i++)
        if (streq (service, s_once [i][0]) && streq (op, s_once [i][1]))
            safe = false;
    vc_body_destroy (&decoded);
    return safe;
}

//  While waiting for a reply: was the link lost (or, with another address
//  to go to, the broker silent)? Then join again.
static void
s_link_check (vc_client_t *self)
{
    s_monitor_check (self);
    if (self->connected && self->server_count > 1 && !vc_client_broker_alive (self))
        self->link_lost = true;
    if (self->link_lost)
        s_rejoin (self);
}

//  After joining another broker (run), its services may still be on their
//  way from the old one: a 503 or 504 then is worth one more try, while
//  time is left
#define VC_MOVING_MSEC 10000
#define VC_MOVING_PAUSE_MSEC 250

static bool
s_services_moving (vc_client_t *self, vc_reply_t *reply, int64_t deadline)
{
    int64_t now = zclock_mono ();
    return (reply->status == VC_SERVICE_UNAVAILABLE || reply->status == VC_TIMEOUT)
        && self->joined_at && now - self->joined_at < VC_MOVING_MSEC
        && deadline - now > 2 * VC_MOVING_PAUSE_MSEC && !s_standby (reply);
}

//  A request that cannot be sent at all: its reply, else NULL.
static vc_reply_t *
s_refuse (vc_client_t *self, zframe_t **body_p)
{
    vc_reply_t *reply = NULL;
    if (!*body_p)                   //  A builder that ran out of memory
        reply = s_reply_local (self, VC_INTERNAL, "out of memory", 0);
    else
    if (!self->dealer || !self->connected)
        reply = s_reply_local (self, VC_SERVICE_UNAVAILABLE, "not connected to a server", 0);
    else
    if (*body_p && zframe_size (*body_p) > VC_BODY_MAX)
        reply = s_reply_local (self, VC_TOO_LARGE, "request too large (limit 262144 bytes)", 0);
    if (reply)
        zframe_destroy (body_p);
    return reply;
}

//  Wait until the deadline for the reply to reqid. After a lost link the
//  client joins again and sends the request again with the same id (body
//  given), or answers 503 (body NULL: not safe to send again). NULL when
//  time is up.
static vc_reply_t *
s_wait (vc_client_t *self, const char *service, uint64_t reqid, zframe_t *body,
        bool resendable, int64_t deadline)
{
    unsigned joins = self->joins;
    while (true) {
        int64_t left = deadline - zclock_mono ();
        if (left <= 0)
            return NULL;
        vc_reply_t *reply = vc_client_recv (self, left < 200 ? (int) left : 200);
        if (reply && reply->reqid != reqid && reply->reqid != 0)
            vc_reply_destroy (&reply);  //  Late answer to an earlier request
        if (reply && resendable && s_services_moving (self, reply, deadline)) {
            vc_reply_destroy (&reply);  //  Its service is still moving over
            zclock_sleep (VC_MOVING_PAUSE_MSEC);
            zframe_t *again = body ? zframe_dup (body) : NULL;
            if (vc_client_send_id (self, service, reqid, &again) == 0)
                self->resends++;
            continue;
        }
        if (reply && s_standby (reply)) {
            vc_reply_destroy (&reply);  //  This broker stands by: go to the other
            self->link_lost = true;
            s_link_check (self);
            if (!self->link_lost && resendable) {
                zframe_t *again = body ? zframe_dup (body) : NULL;
                if (vc_client_send_id (self, service, reqid, &again) == 0)
                    self->resends++;
                joins = self->joins;
            }
            continue;
        }
        if (reply)
            return reply;
        s_link_check (self);
        if (self->joins == joins)
            continue;                   //  Same link, or nothing to join yet
        joins = self->joins;
        if (!resendable)
            return s_reply_local (self, VC_SERVICE_UNAVAILABLE, "the server went away before "
                "answering: the request may or may not have been done", reqid);
        //  Joined again (this broker's next run or another one): the reply
        //  is lost with the old connection, so the request goes again
        zframe_t *again = body ? zframe_dup (body) : NULL;
        if (vc_client_send_id (self, service, reqid, &again) == 0)
            self->resends++;
    }
}

//  Answers after which the request may not have been carried out, or was
//  carried out with its answer lost: sending it again with the same id
//  is safe when the service answers a repeat as the first time.
static bool
s_retryable (int status)
{
    return status == VC_TIMEOUT || status == VC_SERVICE_UNAVAILABLE;
}

//  429 without retry_after: a quota or a full queue, not a penalty: worth
//  trying again shortly (a penalty says when in retry_after; one there but
//  unreadable is still a penalty).
static bool
s_busy (vc_reply_t *reply)
{
    int64_t retry_after;
    return reply->status == VC_BUSY
        && (!reply->body || vc_auth_signin_limited_reply_get_retry_after (reply->body, &retry_after) == 1);
}

//  The request id of a call_once: the one of the last call that ended
//  without an answer if this is the same request again within the
//  services' memory (a user who retries), else a new one.
static uint64_t
s_call_id (vc_client_t *self, const char *service, zframe_t *body, byte digest [16])
{
    crypto_generichash_state state;
    crypto_generichash_init (&state, self->digest_key, sizeof self->digest_key, 16);
    crypto_generichash_update (&state, (const byte *) service, strlen (service) + 1);
    if (body)
        crypto_generichash_update (&state, zframe_data (body), zframe_size (body));
    crypto_generichash_final (&state, digest, 16);
    if (self->unanswered_id && zclock_mono () - self->unanswered_at < VC_REQUEST_MEMORY_MSEC
    &&  sodium_memcmp (digest, self->unanswered_digest, 16) == 0)
        return self->unanswered_id;
    return vc_reqid_new ();
}

static vc_reply_t *
s_call (vc_client_t *self, const char *service, zframe_t **body_p, int timeout_ms, bool once)
{
    if (!self->spare)               //  Given away to an earlier call
        self->spare = (vc_reply_t *) calloc (1, sizeof (vc_reply_t));
    vc_reply_t *reply = s_refuse (self, body_p);
    if (reply)
        return reply;
    zframe_t *body = *body_p;
    *body_p = NULL;
    int64_t deadline = zclock_mono () + timeout_ms;
    bool resendable = s_resendable (service, body);
    byte digest [16] = { 0 };
    uint64_t reqid = once ? s_call_id (self, service, body, digest) : vc_reqid_new ();
    int repeats = 0, busy = 0;
    while (true) {
        if (s_send_or_wait (self, service, reqid, body, deadline) == 0)
            reply = s_wait (self, service, reqid, body, resendable, deadline);
        else
            reply = s_reply_local (self, VC_SERVICE_UNAVAILABLE, "the server is gone (connection lost)", 0);
        int pause = 0;              //  Random, so many clients' repeats spread out
        if (once && reply && s_retryable (reply->status) && ++repeats < VC_CLIENT_TRIES)
            pause = 10 + (int) randombytes_uniform (40);
        else
        if (once && reply && s_busy (reply) && ++busy <= VC_CLIENT_BUSY_TRIES)
            pause = 50 + (int) randombytes_uniform (200);
        if (!pause || zclock_mono () + pause >= deadline)
            break;
        vc_reply_destroy (&reply);
        zclock_sleep (pause);
    }
    zframe_destroy (&body);
    if (!reply)
        reply = s_reply_local (self, VC_TIMEOUT, "server not responding", reqid);
    if (once) {
        self->unanswered_id = s_retryable (reply->status) ? reqid : 0;
        self->unanswered_at = zclock_mono ();
        memcpy (self->unanswered_digest, digest, sizeof digest);
        sodium_memzero (digest, sizeof digest);
    }
    return reply;
}

vc_reply_t *
vc_client_call (vc_client_t *self, const char *service, zframe_t **body_p, int timeout_ms)
{
    return s_call (self, service, body_p, timeout_ms, false);
}

vc_reply_t *
vc_client_call_once (vc_client_t *self, const char *service, zframe_t **body_p, int timeout_ms)
{
    return s_call (self, service, body_p, timeout_ms, true);
}

void
vc_client_tick (vc_client_t *self)
{
    if (!self->dealer || !self->connected)
        return;
    s_drain (self, false);      //  Replies are kept for recv
    s_heartbeat_upkeep (self);
}

void
vc_client_idle_tick (vc_client_t *self)
{
    vc_client_tick (self);
    if (self->connected && !self->joining)
        s_link_check (self);
}
