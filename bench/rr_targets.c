/*  rr_targets - the ZeroMQ targets of vc-bench-rr: a plain DEALER sending
    one 128-byte frame (to an echo ROUTER directly, or through zmq_proxy),
    and the client library through the broker (the echo service, data-svc
    lookups of a signed-in user).  */
#include "rr.h"
#include "vc_province.h"
#include "vc_date.h"
#include "vc_check.h"

static char s_payload [RR_REQUEST_SIZE];

int rr_zmtp_heartbeat_ms = 0;

void
rr_zmtp_heartbeat (zsock_t *sock)
{
    if (rr_zmtp_heartbeat_ms <= 0)
        return;
    zsock_set_heartbeat_ivl (sock, rr_zmtp_heartbeat_ms);
    zsock_set_heartbeat_timeout (sock, rr_zmtp_heartbeat_ms * 3);
    zsock_set_heartbeat_ttl (sock, rr_zmtp_heartbeat_ms * 3);
}

//  --- Plain DEALER ---------------------------------------------------------

static int
s_zmq_open (rr_client_t *client, const char *endpoint, int index)
{
    (void) index;
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    if (!dealer)
        return -1;
    zsock_set_linger (dealer, 0);
    rr_zmtp_heartbeat (dealer);
    client->handle = dealer;
    if (zsock_connect (dealer, "%s", endpoint))
        return -1;
    //  The link is up once one request has come back
    zsock_set_rcvtimeo (dealer, 5000);
    char reply [RR_REQUEST_SIZE];
    int rc = zmq_send (zsock_resolve (dealer), s_payload, sizeof s_payload, 0) == (int) sizeof s_payload
          && zmq_recv (zsock_resolve (dealer), reply, sizeof reply, 0) == (int) sizeof reply ? 0 : -1;
    zsock_set_rcvtimeo (dealer, -1);
    return rc;
}

static int
s_zmq_send (rr_client_t *client)
{
    return zmq_send (zsock_resolve (client->handle), s_payload, sizeof s_payload, 0)
           == (int) sizeof s_payload ? 0 : -1;
}

static int
s_zmq_recv (rr_client_t *client)
{
    char reply [RR_REQUEST_SIZE + 1];
    int size = zmq_recv (zsock_resolve (client->handle), reply, sizeof reply, ZMQ_DONTWAIT);
    if (size < 0)
        return zmq_errno () == EAGAIN ? 0 : -1;
    return size == RR_REQUEST_SIZE ? 1 : -1;
}

static void
s_zmq_close (rr_client_t *client)
{
    zsock_destroy ((zsock_t **) &client->handle);
}

static void *
s_zmq_socket (rr_client_t *client)
{
    return zsock_resolve (client->handle);
}

const rr_target_t rr_target_zmq = {
    "zmq", s_zmq_open, s_zmq_send, s_zmq_recv, s_zmq_close, s_zmq_socket, NULL
};

//  --- The client library through the broker ------------------------------

typedef struct {
    zframe_t *bodies [32];      //  Requests sent in turn
    int next;
    int count;
    const char *service;
} vc_state_t;

static int
s_vc_connect (rr_client_t *client, const char *endpoint)
{
    vc_client_t *vc = VC_NEED (vc_client_new (endpoint, "bench"));
    client->handle = vc;
    vc_state_t *state = (vc_state_t *) VC_NEED (zmalloc (sizeof (vc_state_t)));
    client->extra = state;
    return vc && vc_client_connect (vc, 10000) == 0 ? 0 : -1;
}

//  An echo request padded to RR_REQUEST_SIZE bytes of body.
static zframe_t *
s_echo_body (void)
{
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    size_t overhead = 0;
    for (int pass = 0; pass < 2; pass++) {
        vc_pack_reset (pack);
        vc_pack_map_begin (pack);
        vc_pack_kstr (pack, "op", "echo");
        char text [RR_REQUEST_SIZE];
        size_t len = RR_REQUEST_SIZE - overhead - 1;
        memset (text, 'x', len);
        text [len] = 0;
        vc_pack_kstr (pack, "text", text);
        vc_pack_map_end (pack);
        zframe_t *frame = vc_pack_frame (pack);
        if (pass == 1) {
            vc_pack_destroy (&pack);
            return frame;
        }
        overhead = zframe_size (frame) - (RR_REQUEST_SIZE - 1);
        zframe_destroy (&frame);
    }
    return NULL;
}

static int
s_echo_open (rr_client_t *client, const char *endpoint, int index)
{
    (void) index;
    if (s_vc_connect (client, endpoint))
        return -1;
    vc_state_t *state = (vc_state_t *) client->extra;
    state->service = "echo";
    state->bodies [0] = s_echo_body ();
    state->count = 1;
    return 0;
}

//  Lookups of one province and a date in December 2021, in turn.
static int
s_lookup_bodies (vc_state_t *state, int index)
{
    vc_provinces_t *provinces = vc_provinces_new ();
    if (!provinces)
        return -1;
    size_t size = vc_provinces_size (provinces);
    for (int i = 0; i < 32; i++) {
        vc_day_t day;
        char date [16];
        vc_date_from_ymd (2021, 12, 1 + (index + i) % 31, &day);
        vc_date_format_vn (day, date, sizeof date);
        const vc_province_t *province = vc_provinces_at (provinces, (size_t) (index * 7 + i) % size);
        state->bodies [i] = vc_api_lookup (province->ascii, date);
    }
    state->count = 32;
    vc_provinces_destroy (&provinces);
    return 0;
}

static int
s_lookup_open (rr_client_t *client, const char *endpoint, int index)
{
    if (s_vc_connect (client, endpoint))
        return -1;
    vc_client_t *vc = (vc_client_t *) client->handle;
    vc_state_t *state = (vc_state_t *) client->extra;
    state->service = VC_SERVICE_DATA;
    char username [48];
    snprintf (username, sizeof username, "rr%d-%d", (int) getpid (), index);
    zframe_t *body = vc_api_credentials ("signup", username, "bench-password");
    vc_reply_t *reply = vc_client_call (vc, VC_SERVICE_AUTH, &body, 30000);
    bool ok = reply->status == VC_OK || reply->status == VC_CONFLICT;
    vc_reply_destroy (&reply);
    if (ok) {
        reply = vc_api_signin (vc, username, "bench-password", 30000);
        ok = reply->status == VC_OK;
        if (!ok)
            fprintf (stderr, "vc-bench-rr: sign in %s: %s\n", username, reply->message);
        vc_reply_destroy (&reply);
    }
    return ok ? s_lookup_bodies (state, index) : -1;
}

static int
s_vc_send (rr_client_t *client)
{
    vc_state_t *state = (vc_state_t *) client->extra;
    zframe_t *body = VC_NEED (zframe_dup (state->bodies [state->next]));
    state->next = (state->next + 1) % state->count;
    return vc_client_send ((vc_client_t *) client->handle, state->service, &body) ? 0 : -1;
}

static int
s_vc_recv (rr_client_t *client)
{
    vc_reply_t *reply = vc_client_recv ((vc_client_t *) client->handle, 0);
    if (!reply)
        return 0;
    //  Only 200 is right: the lookups ask for days of December 2021, when
    //  every province has a figure (a 404 is a data service gone wrong)
    int rc = reply->status == VC_OK ? 1 : -1;
    if (rc < 0)
        fprintf (stderr, "vc-bench-rr: reply %d %s\n", reply->status, reply->message);
    vc_reply_destroy (&reply);
    return rc;
}

static void
s_vc_close (rr_client_t *client)
{
    vc_state_t *state = (vc_state_t *) client->extra;
    for (int i = 0; state && i < state->count; i++)
        zframe_destroy (&state->bodies [i]);
    free (state);
    client->extra = NULL;
    vc_client_destroy ((vc_client_t **) &client->handle);
}

static void *
s_vc_socket (rr_client_t *client)
{
    return zsock_resolve (vc_client_sock ((vc_client_t *) client->handle));
}

static void
s_vc_tick (rr_client_t *client)
{
    vc_client_tick ((vc_client_t *) client->handle);
}

const rr_target_t rr_target_echo = {
    "echo", s_echo_open, s_vc_send, s_vc_recv, s_vc_close, s_vc_socket, s_vc_tick
};

const rr_target_t rr_target_lookup = {
    "lookup", s_lookup_open, s_vc_send, s_vc_recv, s_vc_close, s_vc_socket, s_vc_tick
};
