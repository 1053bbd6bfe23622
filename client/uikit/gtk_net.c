/*  gtk_net - the request actor of the GTK programs and its hand-over to
    the UI thread.

    The actor (a zactor) owns the vc_client (and so the socket). It reads
    jobs from its pipe in order, runs each one, and answers each with one
    DONE message; while no job comes for NET_IDLE_TICK_MSEC it calls
    vc_client_idle_tick, so heartbeats flow and a lost link or a silent
    broker is left for another broker of the list at once. When, after a
    job or a tick, the broker in use stops or starts answering, or is
    another one, it says so with a LINK message between the DONEs:

        CONNECT address         to the actor: one job each; every text
        CALL service body       frame is there ("" when unused), the body
        SIGNIN username password  frame only with CALL
        SIGNOUT / BYE
        DONE status message gone address has-reply reply-status
             reply-message reqid body
                                to the UI: the result of the oldest job;
                                body is the reply's msgpack map re-encoded
                                (empty when there is none)
        LINK (the frames of DONE)
                                to the UI: status 200 the broker at address
                                answers, 503 it does not (server_gone)

    The UI thread keeps its callbacks in a queue in the order it sent the
    jobs, and watches the pipe from the GLib main loop (gtk_pipe), so the
    two threads share no state.  */
#include "gtk_net.h"
#include "gtk_pipe.h"
#include "vc_check.h"
#include "vc_event.h"
#include "vc_log.h"
#include "vc_text.h"

#define NET_IDLE_TICK_MSEC  250

//  What the UI remembers of a job sent to the actor
typedef struct {
    char command [8];
    gtk_net_done_fn *done;
    void *user;
} s_job_t;

struct _gtk_net_t {
    zactor_t *actor;
    gtk_pipe_t *watch;          //  The pipe, watched from the main loop
    GQueue *jobs;               //  s_job_t sent and not answered, oldest first
    char address [256];         //  The connected address ("" if none)
    bool answering;             //  As the last LINK said
    gtk_net_moved_fn *moved;    //  Told when the link moved to another broker
    void *moved_user;
    gtk_net_link_fn *link;      //  Told when the broker stops or starts answering
    void *link_user;
};

//  --------------------------------------------------------------------------
//  The actor

typedef struct {
    char *kind;
    char *server_key;
    int timeout_ms;
    vc_client_t *client;
    bool answering;             //  What the UI was last told of the link
    char address [256];
} s_actor_t;

static void
s_set_result (gtk_net_result_t *result, int status, const char *message)
{
    result->status = status;
    vc_text_copy (result->message, sizeof result->message, message);
}

static void
s_do_connect (s_actor_t *self, const char *address, gtk_net_result_t *result)
{
    vc_client_destroy (&self->client);
    self->client = vc_client_new (address, self->kind);
    if (!self->client) {
        s_set_result (result, VC_BAD_REQUEST, "the address is not valid");
        return;
    }
    vc_text_copy (result->address, sizeof result->address, vc_client_endpoint (self->client));
    if (self->server_key && vc_client_set_server_key (self->client, self->server_key)) {
        s_set_result (result, VC_BAD_REQUEST, "the broker's public key is not valid");
        return;
    }
    if (vc_client_connect (self->client, VC_CONNECT_TIMEOUT_MSEC)) {
        s_set_result (result, VC_SERVICE_UNAVAILABLE, vc_client_error (self->client));
        //  A pair's list: none of them answered, not only the last one tried
        if (strchr (address, ','))
            vc_text_copy (result->address, sizeof result->address, address);
        vc_warn ("%s", vc_client_error (self->client));
        vc_client_destroy (&self->client);
        return;
    }
    vc_info ("connected to %s as %s", vc_client_endpoint (self->client),
             vc_client_id (self->client));
    //  Of a pair's list, the broker that welcomed us
    vc_text_copy (result->address, sizeof result->address, vc_client_endpoint (self->client));
    s_set_result (result, VC_OK, "connected");
}

//  Before a request: is there a live link at all?
static bool
s_link_ok (s_actor_t *self, gtk_net_result_t *result)
{
    if (!self->client || !vc_client_connected (self->client)) {
        s_set_result (result, VC_SERVICE_UNAVAILABLE, "not connected to a server");
        result->server_gone = true;
        return false;
    }
    vc_text_copy (result->address, sizeof result->address, vc_client_endpoint (self->client));
    vc_client_tick (self->client);
    if (!vc_client_broker_alive (self->client)) {
        s_set_result (result, VC_SERVICE_UNAVAILABLE,
                      "the server is gone (no heartbeat from the broker)");
        result->server_gone = true;
        return false;
    }
    return true;
}

static void
s_take_reply (s_actor_t *self, vc_reply_t *reply, gtk_net_result_t *result)
{
    result->reply = reply;
    s_set_result (result, reply->status, reply->message);
    if (reply->status == VC_TIMEOUT || !vc_client_broker_alive (self->client)) {
        result->server_gone = true;
        if (reply->status == VC_OK || reply->status == VC_SERVICE_UNAVAILABLE)
            s_set_result (result, VC_SERVICE_UNAVAILABLE, "the server is gone (connection lost)");
    }
    //  Where the answer came from: another broker of a pair after a failover
    vc_text_copy (result->address, sizeof result->address, vc_client_endpoint (self->client));
}

//  A request over the link: sign-in, sign-out or a call (body consumed)
static void
s_do_request (s_actor_t *self, const char *command, char *text1, char *text2,
              const char *service, zframe_t **body_p, gtk_net_result_t *result)
{
    if (!s_link_ok (self, result)) {
        if (streq (command, "SIGNOUT") && self->client)
            vc_client_set_token (self->client, "");
        return;
    }
    vc_reply_t *reply;
    if (streq (command, "SIGNIN"))
        reply = vc_api_signin (self->client, text1, text2, self->timeout_ms);
    else
    if (streq (command, "SIGNOUT"))
        reply = vc_api_signout (self->client, self->timeout_ms);
    else
    if (streq (service, VC_SERVICE_AUTH))       //  Sign-up: retried with its id
        reply = vc_client_call_once (self->client, service, body_p, self->timeout_ms);
    else
        reply = vc_client_call (self->client, service, body_p, self->timeout_ms);
    s_take_reply (self, reply, result);
}

//  The reply's map as msgpack bytes in a buffer; empty if there is none
static int
s_encode_body (vc_reply_t *reply, msgpack_sbuffer *buffer)
{
    msgpack_sbuffer_init (buffer);
    if (!reply || !reply->body)
        return 0;
    msgpack_packer packer;
    msgpack_packer_init (&packer, buffer, msgpack_sbuffer_write);
    return msgpack_pack_object (&packer, *vc_body_root (reply->body));
}

//  DONE (a job's result) or LINK (the link's state) to the UI
static void
s_send_result (zsock_t *pipe, const char *command, gtk_net_result_t *result)
{
    vc_reply_t *reply = result->reply;
    msgpack_sbuffer body;
    if (s_encode_body (reply, &body))
        vc_warn ("a reply could not be copied for the window");
    int rc = zsock_send (pipe, "sisisiis8b", command, result->status, result->message,
                         (int) result->server_gone, result->address, (int) (reply != NULL),
                         reply ? reply->status : 0, reply ? reply->message : "",
                         reply ? reply->reqid : (uint64_t) 0, body.data, body.size);
    if (rc)
        vc_warn ("a result could not be handed to the window");
    msgpack_sbuffer_destroy (&body);
}

//  After a job or an idle tick: the UI told when the broker in use stopped
//  or started answering, or is another one (a failover)
static void
s_tell_link (zsock_t *pipe, s_actor_t *self)
{
    bool answering = self->client && vc_client_broker_alive (self->client);
    const char *address = self->client ? vc_client_endpoint (self->client) : "";
    if (answering == self->answering && streq (address, self->address))
        return;
    self->answering = answering;
    vc_text_copy (self->address, sizeof self->address, address);
    gtk_net_result_t result = { .server_gone = !answering };
    s_set_result (&result, answering ? VC_OK : VC_SERVICE_UNAVAILABLE,
                  answering ? "the server answers" : "the server does not answer");
    vc_text_copy (result.address, sizeof result.address, address);
    vc_info ("the server at %s %s", address, answering ? "answers" : "does not answer");
    s_send_result (pipe, "LINK", &result);
}

//  What the DONE of a CONNECT or BYE said is what the UI knows of the link
static void
s_link_known (s_actor_t *self)
{
    self->answering = self->client && vc_client_connected (self->client);
    vc_text_copy (self->address, sizeof self->address,
                  self->client ? vc_client_endpoint (self->client) : "");
}

//  The next text frame of a job, the frame wiped before it is freed (it
//  may hold a password); NULL if there is none
static char *
s_pop_text (zmsg_t *msg)
{
    zframe_t *frame = zmsg_pop (msg);
    char *text = frame ? zframe_strdup (frame) : NULL;
    if (frame)
        memset (zframe_data (frame), 0, zframe_size (frame));
    zframe_destroy (&frame);
    return text;
}

//  One job from the pipe, run and answered; false on $TERM
static bool
s_job (zsock_t *pipe, s_actor_t *self)
{
    zmsg_t *msg = zmsg_recv (pipe);
    char *command = msg ? zmsg_popstr (msg) : NULL;
    bool term = !command || streq (command, "$TERM");
    if (!term) {
        char *text1 = s_pop_text (msg), *text2 = s_pop_text (msg);
        char *service = s_pop_text (msg);
        zframe_t *body = zmsg_pop (msg);
        gtk_net_result_t result = { 0 };
        if (!text1 || !text2 || !service)
            s_set_result (&result, VC_BAD_REQUEST, "malformed job");
        else
        if (streq (command, "CONNECT"))
            s_do_connect (self, text1, &result);
        else
        if (streq (command, "BYE")) {
            vc_client_destroy (&self->client);
            s_set_result (&result, VC_OK, "bye");
        }
        else
            s_do_request (self, command, text1, text2, service, &body, &result);
        vc_debug ("job %s: %d %s", command, result.status, result.message);
        s_send_result (pipe, "DONE", &result);
        if (streq (command, "CONNECT") || streq (command, "BYE"))
            s_link_known (self);
        else
            s_tell_link (pipe, self);
        vc_reply_destroy (&result.reply);
        if (text2)
            memset (text2, 0, strlen (text2));
        zstr_free (&text1);
        zstr_free (&text2);
        zstr_free (&service);
        zframe_destroy (&body);
    }
    zmsg_destroy (&msg);
    zstr_free (&command);
    return !term;
}

static void
s_actor (zsock_t *pipe, void *args)
{
    s_actor_t *self = (s_actor_t *) args;
    zpoller_t *poller = zpoller_new (pipe, NULL);
    zsock_signal (pipe, 0);
    if (poller)
        zpoller_set_nonstop (poller, true);     //  Only $TERM ends it
    bool running = poller != NULL;
    while (running) {
        if (zpoller_wait (poller, NET_IDLE_TICK_MSEC) == pipe)
            running = s_job (pipe, self);
        else
        if (self->client) {
            vc_client_idle_tick (self->client);
            s_tell_link (pipe, self);
        }
    }
    if (!poller) {
        vc_error ("cannot poll the request pipe");
        char *term = zstr_recv (pipe);          //  Wait for $TERM
        zstr_free (&term);
    }
    zpoller_destroy (&poller);
    vc_client_destroy (&self->client);          //  Says BYE
    free (self->kind);
    free (self->server_key);
    free (self);
}

//  --------------------------------------------------------------------------
//  The UI side

//  The reply of a DONE message, rebuilt; NULL if it had none
static vc_reply_t *
s_rebuild_reply (int status, const char *message, uint64_t reqid, byte *data, size_t size)
{
    vc_reply_t *reply = (vc_reply_t *) calloc (1, sizeof (vc_reply_t));
    if (!reply)
        return NULL;
    reply->status = status;
    reply->reqid = reqid;
    vc_text_copy (reply->message, sizeof reply->message, message);
    char err [128];
    if (size && !(reply->body = vc_body_decode (data, size, err, sizeof err)))
        vc_warn ("a reply's body was lost on its way to the window: %s", err);
    return reply;
}

//  A DONE or LINK message into result (*link: it was LINK); -1 if it is
//  neither
static int
s_receive (zsock_t *pipe, gtk_net_result_t *result, bool *link)
{
    char *command = NULL, *message = NULL, *address = NULL, *reply_message = NULL;
    int gone = 0, has_reply = 0, reply_status = 0;
    uint64_t reqid = 0;
    byte *data = NULL;
    size_t size = 0;
    int rc = zsock_recv (pipe, "sisisiis8b", &command, &result->status, &message, &gone,
                         &address, &has_reply, &reply_status, &reply_message, &reqid,
                         &data, &size);
    bool valid = rc == 0 && command && (streq (command, "DONE") || streq (command, "LINK"))
              && message && address && reply_message;
    if (valid) {
        *link = streq (command, "LINK");
        vc_text_copy (result->message, sizeof result->message, message);
        vc_text_copy (result->address, sizeof result->address, address);
        result->server_gone = gone != 0;
        if (has_reply)
            result->reply = s_rebuild_reply (reply_status, reply_message, reqid, data, size);
    }
    zstr_free (&command);
    zstr_free (&message);
    zstr_free (&address);
    zstr_free (&reply_message);
    free (data);
    return valid ? 0 : -1;
}

//  The UI's bookkeeping for a finished job: the address in use, and the
//  move to the other broker of a pair, told before the job's callback
static void
s_note (gtk_net_t *self, s_job_t *job, gtk_net_result_t *result)
{
    if (streq (job->command, "CONNECT")) {
        vc_text_copy (self->address, sizeof self->address,
                      result->status == VC_OK ? result->address : "");
        self->answering = result->status == VC_OK;
    }
    if (streq (job->command, "BYE")) {
        self->address [0] = 0;
        self->answering = false;
    }
    bool moved = !streq (job->command, "CONNECT") && !streq (job->command, "BYE")
              && !result->server_gone && *self->address && *result->address
              && strcmp (self->address, result->address);
    if (moved) {
        vc_text_copy (self->address, sizeof self->address, result->address);
        if (self->moved)
            self->moved (self->address, self->moved_user);
    }
}

//  A LINK: a move to another broker told as after a job, then whether
//  the broker answers, when that changed
static void
s_on_link (gtk_net_t *self, gtk_net_result_t *result)
{
    s_job_t link = { .command = "LINK" };
    s_note (self, &link, result);
    bool answering = !result->server_gone;
    if (answering == self->answering || !*self->address)
        return;
    self->answering = answering;
    if (self->link)
        self->link (answering, result->address, self->link_user);
}

//  On the UI thread, for each message: a result to its job's callback, in
//  the order the jobs were sent, or the link's state
static void
s_on_message (zsock_t *pipe, void *arg)
{
    gtk_net_t *self = (gtk_net_t *) arg;
    gtk_net_result_t result = { 0 };
    bool link = false;
    if (s_receive (pipe, &result, &link))
        vc_warn ("unexpected message from the request actor");
    else
    if (link)
        s_on_link (self, &result);
    else {
        s_job_t *job = (s_job_t *) g_queue_pop_head (self->jobs);
        if (!job)
            vc_warn ("a result from the request actor for no job");
        else {
            s_note (self, job, &result);
            if (job->done)
                job->done (&result, job->user);
        }
        free (job);
    }
    vc_reply_destroy (&result.reply);
}

gtk_net_t *
gtk_net_new (const char *kind, const char *server_key, int timeout_ms)
{
    s_actor_t *args = (s_actor_t *) calloc (1, sizeof (s_actor_t));
    gtk_net_t *self = (gtk_net_t *) calloc (1, sizeof (gtk_net_t));
    if (args) {
        args->kind = strdup (kind);
        args->server_key = server_key ? strdup (server_key) : NULL;
        args->timeout_ms = timeout_ms > 0 ? timeout_ms : VC_REQUEST_TIMEOUT_MSEC;
    }
    bool made = self && args && args->kind && (args->server_key || !server_key);
    if (made)
        self->actor = zactor_new (s_actor, args);   //  The actor owns args
    if (!self || !self->actor) {
        if (args) {
            free (args->kind);
            free (args->server_key);
        }
        free (args);
        free (self);
        return NULL;
    }
    self->jobs = g_queue_new ();
    self->watch = gtk_pipe_new (self->actor, s_on_message, NULL, self);
    if (!self->watch)
        gtk_net_destroy (&self);
    return self;
}

//  Send one job to the actor and remember its callback
static void
s_push (gtk_net_t *self, const char *command, gtk_net_done_fn *done, void *user,
        const char *text1, const char *text2, const char *service, zframe_t *body)
{
    s_job_t *job = (s_job_t *) calloc (1, sizeof (s_job_t));
    zmsg_t *msg = zmsg_new ();
    bool built = job && msg
              && zmsg_addstr (msg, command) == 0 && zmsg_addstr (msg, text1 ? text1 : "") == 0
              && zmsg_addstr (msg, text2 ? text2 : "") == 0
              && zmsg_addstr (msg, service ? service : "") == 0
              && (!body || zmsg_append (msg, &body) == 0);
    if (!built || zmsg_send (&msg, zactor_sock (self->actor))) {
        vc_error ("cannot hand a job to the request actor");
        zmsg_destroy (&msg);
        zframe_destroy (&body);
        free (job);
        return;
    }
    vc_text_copy (job->command, sizeof job->command, command);
    job->done = done;
    job->user = user;
    g_queue_push_tail (self->jobs, job);
    gtk_pipe_sent (self->watch);
}

void
gtk_net_destroy (gtk_net_t **self_p)
{
    gtk_net_t *self = *self_p;
    if (!self)
        return;
    gtk_pipe_destroy (&self->watch);
    //  The actor ends its jobs in hand, says BYE and stops; results not
    //  yet delivered are dropped with their callbacks
    zactor_destroy (&self->actor);
    g_queue_free_full (self->jobs, free);
    free (self);
    *self_p = NULL;
}

void
gtk_net_connect (gtk_net_t *self, const char *address, gtk_net_done_fn *done, void *user)
{
    s_push (self, "CONNECT", done, user, address, NULL, NULL, NULL);
}

void
gtk_net_call (gtk_net_t *self, const char *service, zframe_t *body,
              gtk_net_done_fn *done, void *user)
{
    s_push (self, "CALL", done, user, NULL, NULL, service, body);
}

void
gtk_net_signin (gtk_net_t *self, const char *username, const char *password,
                gtk_net_done_fn *done, void *user)
{
    s_push (self, "SIGNIN", done, user, username, password, NULL, NULL);
}

void
gtk_net_signout (gtk_net_t *self, gtk_net_done_fn *done, void *user)
{
    s_push (self, "SIGNOUT", done, user, NULL, NULL, NULL, NULL);
}

void
gtk_net_bye (gtk_net_t *self, gtk_net_done_fn *done, void *user)
{
    s_push (self, "BYE", done, user, NULL, NULL, NULL, NULL);
}

void
gtk_net_on_moved (gtk_net_t *self, gtk_net_moved_fn *moved, void *user)
{
    self->moved = moved;
    self->moved_user = user;
}

void
gtk_net_on_link (gtk_net_t *self, gtk_net_link_fn *link, void *user)
{
    self->link = link;
    self->link_user = user;
}

bool
gtk_net_answering (gtk_net_t *self)
{
    return self->answering;
}

const char *
gtk_net_address (gtk_net_t *self)
{
    return self->address;
}

int
gtk_net_pending (gtk_net_t *self)
{
    return (int) g_queue_get_length (self->jobs);
}

//  --------------------------------------------------------------------------
//  Self-test, against a real broker at endpoint whose events come out at
//  events, with the protocol's heartbeat (tests/ui/test_gtk_net.c runs
//  the broker actor in-process).

typedef struct {
    GArray *order;              //  Tags of the callbacks, in the order they ran
    int last_status;
    bool last_gone;
    bool last_reply;
    char moved [256];
} s_seen_t;

static s_seen_t s_seen;

static void
s_test_done (gtk_net_result_t *result, void *user)
{
    int tag = GPOINTER_TO_INT (user);
    g_array_append_val (s_seen.order, tag);
    s_seen.last_status = result->status;
    s_seen.last_gone = result->server_gone;
    s_seen.last_reply = result->reply && result->reply->body;
}

static void
s_test_moved (const char *address, void *user)
{
    (void) user;
    vc_text_copy (s_seen.moved, sizeof s_seen.moved, address);
}

//  Run the main loop until count callbacks ran, or timeout_ms
static void
s_test_until (guint count, int timeout_ms)
{
    int64_t deadline = zclock_mono () + timeout_ms;
    while (s_seen.order->len < count && zclock_mono () < deadline)
        if (!g_main_context_iteration (NULL, FALSE))
            zclock_sleep (5);
}

//  Run the main loop for msecs
static void
s_test_idle (int msecs)
{
    int64_t deadline = zclock_mono () + msecs;
    while (zclock_mono () < deadline)
        if (!g_main_context_iteration (NULL, FALSE))
            zclock_sleep (5);
}

//  A client.* event for the test's client other than connect, if any came
static bool
s_test_lost (zsock_t *events, const char *topic)
{
    bool lost = false;
    while (zsock_events (events) & ZMQ_POLLIN) {
        vc_event_t event;
        if (vc_event_recv (events, &event) == 0 && streq (event.topic, topic))
            lost = true;
    }
    return lost;
}

//  The UI's bookkeeping alone: where the link is, and the move to the
//  other broker of a pair (told once, before the job's callback)
static void
s_test_note (gtk_net_t *self)
{
    s_job_t job = { .command = "CONNECT" };
    gtk_net_result_t result = { .status = VC_OK, .address = "tcp://a:1" };
    s_note (self, &job, &result);
    VC_CHECK (streq (gtk_net_address (self), "tcp://a:1") && !*s_seen.moved);
    snprintf (job.command, sizeof job.command, "CALL");
    snprintf (result.address, sizeof result.address, "tcp://b:2");
    result.server_gone = true;
    s_note (self, &job, &result);
    VC_CHECK (streq (gtk_net_address (self), "tcp://a:1") && !*s_seen.moved);
    result.server_gone = false;
    s_note (self, &job, &result);
    VC_CHECK (streq (gtk_net_address (self), "tcp://b:2") && streq (s_seen.moved, "tcp://b:2"));
    snprintf (job.command, sizeof job.command, "BYE");
    s_note (self, &job, &result);
    VC_CHECK (streq (gtk_net_address (self), ""));
    s_seen.moved [0] = 0;
}

void
gtk_net_test (const char *endpoint, const char *events_endpoint, bool verbose)
{
    if (verbose)
        printf (" * gtk_net: ");
    s_seen.order = g_array_new (FALSE, FALSE, sizeof (int));
    zsock_t *events = vc_event_subscriber_new (events_endpoint, VC_TOPICS_CLIENT);
    VC_CHECK (events);
    gtk_net_t *net = gtk_net_new ("test", NULL, 2000);
    VC_CHECK (net);
    gtk_net_on_moved (net, s_test_moved, NULL);
    s_test_note (net);

    //  A request before any connection: the server is gone
    gtk_net_call (net, VC_SERVICE_BROKER, vc_api_op ("ping"), s_test_done, GINT_TO_POINTER (0));
    s_test_until (1, 2000);
    VC_CHECK (s_seen.order->len == 1 && s_seen.last_status == VC_SERVICE_UNAVAILABLE
              && s_seen.last_gone && gtk_net_pending (net) == 0);

    //  Connect, then jobs in a row: callbacks in the order sent
    gtk_net_connect (net, endpoint, s_test_done, GINT_TO_POINTER (1));
    for (int tag = 2; tag < 6; tag++)
        gtk_net_call (net, VC_SERVICE_BROKER, vc_api_op ("ping"), s_test_done, GINT_TO_POINTER (tag));
    VC_CHECK (gtk_net_pending (net) == 5);
    s_test_until (6, 10000);
    VC_CHECK (s_seen.order->len == 6 && gtk_net_pending (net) == 0);
    for (int tag = 0; tag < 6; tag++)
        VC_CHECK (g_array_index (s_seen.order, int, tag) == tag);
    VC_CHECK (s_seen.last_status == VC_OK && s_seen.last_reply && !s_seen.last_gone);
    VC_CHECK (*gtk_net_address (net) && !*s_seen.moved);

    //  Idle for longer than the broker waits for a heartbeat: the actor's
    //  ticks keep the broker from losing the client
    s_test_idle (VC_HEARTBEAT_MSEC * VC_HEARTBEAT_LIVENESS + 1500);
    VC_CHECK (!s_test_lost (events, VC_TOPIC_CLIENT_LOST));
    gtk_net_call (net, VC_SERVICE_BROKER, vc_api_op ("ping"), s_test_done, GINT_TO_POINTER (6));
    s_test_until (7, 5000);
    VC_CHECK (s_seen.order->len == 7 && s_seen.last_status == VC_OK);

    //  BYE: the broker is told, the address is forgotten
    gtk_net_bye (net, s_test_done, GINT_TO_POINTER (7));
    s_test_until (8, 5000);
    VC_CHECK (s_seen.order->len == 8 && s_seen.last_status == VC_OK && !*gtk_net_address (net));
    zclock_sleep (200);
    VC_CHECK (s_test_lost (events, VC_TOPIC_CLIENT_BYE));

    //  A result that came while the UI sent a long job (a connection
    //  nobody answers): the send takes the descriptor's signal, the
    //  result is delivered all the same
    gtk_net_call (net, VC_SERVICE_BROKER, vc_api_op ("ping"), s_test_done, GINT_TO_POINTER (8));
    zclock_sleep (500);
    gtk_net_connect (net, "tcp://127.0.0.1:1", s_test_done, GINT_TO_POINTER (9));
    s_test_until (9, 1000);
    VC_CHECK (s_seen.order->len == 9 && s_seen.last_gone);
    s_test_until (10, VC_CONNECT_TIMEOUT_MSEC + 3000);
    VC_CHECK (s_seen.order->len == 10 && s_seen.last_status == VC_SERVICE_UNAVAILABLE
              && !*gtk_net_address (net));

    //  Quitting with jobs in hand: no callback runs, nothing is left
    gtk_net_connect (net, endpoint, s_test_done, GINT_TO_POINTER (10));
    gtk_net_call (net, VC_SERVICE_BROKER, vc_api_op ("ping"), s_test_done, GINT_TO_POINTER (11));
    gtk_net_destroy (&net);
    VC_CHECK (net == NULL);
    s_test_idle (200);
    VC_CHECK (s_seen.order->len == 10);
    gtk_net_destroy (&net);

    zsock_destroy (&events);
    g_array_unref (s_seen.order);
    if (verbose)
        printf ("OK\n");
}
