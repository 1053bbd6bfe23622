/*  rr_nats - NATS request/reply for vc-bench-rr: each client is its own
    connection with its own inbox subscription, and publishes its next
    request from the reply callback (closed loop, like the others); the
    echo responder answers on the request's reply subject. Built only
    where libnats is installed.  */
#include "rr.h"
#include "vc_check.h"

#ifdef RR_WITH_NATS
#include <nats/nats.h>

#define RR_NATS_SUBJECT "vc.bench.echo"

static char s_payload [RR_REQUEST_SIZE];

typedef struct {
    natsSubscription *sub;
    natsInbox *inbox;
} nats_state_t;

static natsConnection *
s_connect (const char *url)
{
    natsOptions *opts = NULL;
    natsConnection *conn = NULL;
    if (natsOptions_Create (&opts) == NATS_OK
    &&  natsOptions_SetURL (opts, url) == NATS_OK
    &&  natsOptions_SetSendAsap (opts, true) == NATS_OK
    &&  natsOptions_UseGlobalMessageDelivery (opts, true) == NATS_OK
    &&  natsConnection_Connect (&conn, opts) != NATS_OK)
        conn = NULL;
    natsOptions_Destroy (opts);
    return conn;
}

static void
s_on_reply (natsConnection *conn, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void) conn;
    (void) sub;
    rr_client_t *client = (rr_client_t *) closure;
    bool good = natsMsg_GetDataLength (msg) == RR_REQUEST_SIZE;
    natsMsg_Destroy (msg);
    if (!client->stopped)
        rr_client_done (client, good);
}

static int
s_open (rr_client_t *client, const char *url, int index)
{
    (void) index;
    nats_state_t *state = (nats_state_t *) VC_NEED (calloc (1, sizeof (nats_state_t)));
    client->extra = state;
    natsConnection *conn = s_connect (url);
    client->handle = conn;
    if (!conn || natsInbox_Create (&state->inbox) != NATS_OK
    ||  natsConnection_Subscribe (&state->sub, conn, state->inbox, s_on_reply, client) != NATS_OK
    ||  natsConnection_Flush (conn) != NATS_OK)
        return -1;
    return 0;
}

static int
s_send (rr_client_t *client)
{
    nats_state_t *state = (nats_state_t *) client->extra;
    return natsConnection_PublishRequest ((natsConnection *) client->handle, RR_NATS_SUBJECT,
                                          state->inbox, s_payload, RR_REQUEST_SIZE)
           == NATS_OK ? 0 : -1;
}

static int
s_recv (rr_client_t *client)
{
    (void) client;
    return 0;
}

static void
s_close (rr_client_t *client)
{
    nats_state_t *state = (nats_state_t *) client->extra;
    if (state) {
        natsSubscription_Unsubscribe (state->sub);
        natsSubscription_Destroy (state->sub);
        natsInbox_Destroy (state->inbox);
        free (state);
    }
    client->extra = NULL;
    natsConnection_Destroy ((natsConnection *) client->handle);
    client->handle = NULL;
}

const rr_target_t rr_target_nats = { "nats", s_open, s_send, s_recv, s_close, NULL, NULL };

static void
s_on_request (natsConnection *conn, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void) sub;
    (void) closure;
    const char *reply = natsMsg_GetReply (msg);
    if (reply)
        natsConnection_Publish (conn, reply, natsMsg_GetData (msg), natsMsg_GetDataLength (msg));
    natsMsg_Destroy (msg);
}

int
rr_nats_echo (const char *url)
{
    natsConnection *conn = s_connect (url);
    natsSubscription *sub = NULL;
    if (!conn || natsConnection_Subscribe (&sub, conn, RR_NATS_SUBJECT, s_on_request, NULL) != NATS_OK
    ||  natsConnection_Flush (conn) != NATS_OK) {
        fprintf (stderr, "vc-bench-rr: cannot reach nats-server at %s\n", url);
        natsConnection_Destroy (conn);
        return -1;
    }
    printf ("ready\n");
    fflush (stdout);
    while (!zsys_interrupted)
        zclock_sleep (100);
    natsSubscription_Destroy (sub);
    natsConnection_Destroy (conn);
    return 0;
}

#else

static int s_none_open (rr_client_t *c, const char *e, int i) { (void) c; (void) e; (void) i; return -1; }
static int s_none_send (rr_client_t *c) { (void) c; return -1; }
static void s_none_close (rr_client_t *c) { (void) c; }
const rr_target_t rr_target_nats = { "nats", s_none_open, s_none_send, s_none_send, s_none_close, NULL, NULL };

int
rr_nats_echo (const char *url)
{
    fprintf (stderr, "vc-bench-rr: built without libnats, cannot reach %s\n", url);
    return -1;
}

#endif
