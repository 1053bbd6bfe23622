/*  hostile_pair - a raw client of a broker pair that sees every answer on
    the wire: it keeps echo requests in flight through the primary, and
    (text PREFIXn, n the request's number); when the primary goes silent
    (stopped) it joins the backup and sends what
    got no answer again with the same request ids, as the client library
    does; unlike the library it never closes its link to the primary and
    keeps sending it heartbeats, so an answer that the primary sends late
    (once it runs again) reaches it; each late answer is printed ("late
    id=... text=... status=...": one the primary sent just before it was
    stopped reaches the client only once it runs again). It sends new requests for SECONDS,
    then reads 5 s more. Counts, per request id, the answers
    (replies other than a standby refusal) from either broker:
    "requests=N answered=A twice=T late=L refused=R unanswered=U errors=E
    joined=yes|no"; late: answers from the primary after the move; each
    request answered twice is printed first ("twice id=... from=...").  */
#include "hostile.h"
#include "test_flight.h"
#include "test_echo.h"
#include "vc_check.h"

#define PAIR_WINDOW 4
#define PAIR_PATIENCE_MSEC 2000
#define PAIR_MAX 20000
#define PAIR_PACE_MSEC 5         //  Between two new requests

typedef struct {
    test_flight_t flight;       //  Id, answers, last sent
    bool on_backup;             //  Last sent through the backup
} pair_request_t;

typedef struct {
    zsock_t *primary, *backup;
    bool moved, joined;
    pair_request_t requests [PAIR_MAX];
    int count, twice, late, refused, errors;
    const char *prefix;         //  Echo texts: this and the request's number
    int64_t heartbeat_at;
    int64_t next_at;            //  The next new request, not before
} pair_t;

static int
s_send (pair_t *self, zsock_t *dealer, pair_request_t *request)
{
    byte bytes [8];
    for (int i = 0; i < 8; i++)
        bytes [i] = (byte) (request->flight.reqid >> (56 - 8 * i));
    zframe_t *reqid = VC_NEED (zframe_new (bytes, 8));
    char text [32];
    snprintf (text, sizeof text, "%s%d", self->prefix, (int) (request - self->requests));
    zframe_t *body = VC_NEED (test_echo_body (text));
    vc_msg_t *msg = VC_NEED (vc_msg_new (VC_CMD_REQUEST));
    vc_msg_set_address (msg, "echo");
    vc_msg_set_reqid (msg, &reqid);
    vc_msg_set_body (msg, &body);
    request->flight.sent_at = zclock_mono ();
    request->on_backup = dealer == self->backup;
    return vc_msg_send (&msg, zsock_resolve (dealer));
}

static pair_request_t *
s_find (pair_t *self, vc_msg_t *msg)
{
    size_t size = 0;
    const byte *data = vc_msg_reqid_data (msg, &size);
    if (!data || size != 8)
        return NULL;
    uint64_t reqid = 0;
    for (int i = 0; i < 8; i++)
        reqid = (reqid << 8) | data [i];
    return (pair_request_t *) test_flight_find (self->requests, self->count,
                                                sizeof self->requests [0], reqid);
}

//  One message from either broker
static void
s_take (pair_t *self, zsock_t *from)
{
    vc_msg_t *msg = vc_msg_recv (zsock_resolve (from), false);
    if (!msg || !vc_msg_valid (msg)) {
        vc_msg_destroy (&msg);
        return;
    }
    if (vc_msg_command (msg) == VC_CMD_WELCOME && from == self->backup)
        self->joined = true;
    pair_request_t *request = vc_msg_command (msg) == VC_CMD_REPLY ? s_find (self, msg) : NULL;
    if (request) {
        char err [128];
        vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
        bool standby = false;
        int64_t status = 0;
        if (body && vc_body_bool (body, "standby", &standby) == 0 && standby)
            self->refused++;
        else {
            request->flight.answers++;
            const char *message = "";
            if (body)
                vc_body_str (body, "message", 200, &message);
            if (!body || vc_body_int (body, "status", 100, 999, &status) || status != VC_OK) {
                self->errors++;
                printf ("error id=%016" PRIx64 " status=%d %s\n", request->flight.reqid, (int) status, message);
            }
            if (from == self->primary && self->moved) {
                self->late++;
                printf ("late id=%016" PRIx64 " text=%s%d status=%d %s\n", request->flight.reqid,
                        self->prefix, (int) (request - self->requests), (int) status, message);
            }
            if (request->flight.answers == 2) {
                self->twice++;
                printf ("twice id=%016" PRIx64 " from=%s\n", request->flight.reqid,
                        from == self->primary ? "primary" : "backup");
            }
        }
        vc_body_destroy (&body);
    }
    vc_msg_destroy (&msg);
}

static void
s_heartbeats (pair_t *self)
{
    if (zclock_mono () < self->heartbeat_at)
        return;
    self->heartbeat_at = zclock_mono () + 1000;
    zsock_t *dealers [2] = { self->primary, self->joined ? self->backup : NULL };
    for (int i = 0; i < 2; i++)
        if (dealers [i]) {
            vc_msg_t *msg = VC_NEED (vc_msg_new (VC_CMD_HEARTBEAT));
            vc_msg_send (&msg, zsock_resolve (dealers [i]));
        }
}

//  The primary went silent: join the backup, send the unanswered again
static void
s_move (pair_t *self)
{
    self->moved = true;
    printf ("moving to the backup\n");
    fflush (stdout);
    int64_t deadline = zclock_mono () + 15000;
    while (!self->joined && zclock_mono () < deadline) {
        if (hostile_hello (self->backup))
            continue;
        int64_t wait_until = zclock_mono () + 500;
        while (!self->joined && zclock_mono () < wait_until) {
            zmq_pollitem_t item = { zsock_resolve (self->backup), 0, ZMQ_POLLIN, 0 };
            if (zmq_poll (&item, 1, 100) > 0)
                s_take (self, self->backup);
        }
    }
    if (!self->joined)
        return;
    printf ("joined the backup\n");
    fflush (stdout);
    for (int i = 0; i < self->count; i++)
        if (self->requests [i].flight.answers == 0)
            s_send (self, self->backup, &self->requests [i]);
}

//  Sends new requests until send_until, reads (and moves) until read_until
static void
s_run (pair_t *self, int64_t send_until, int64_t read_until)
{
    while (zclock_mono () < read_until && !zsys_interrupted) {
        int64_t oldest;
        int flying = test_flight_waiting (self->requests, self->count,
                                          sizeof self->requests [0], &oldest);
        zsock_t *current = self->moved ? self->backup : self->primary;
        if (flying < PAIR_WINDOW && self->count < PAIR_MAX && (!self->moved || self->joined)
        &&  zclock_mono () < send_until && zclock_mono () >= self->next_at) {
            self->next_at = zclock_mono () + PAIR_PACE_MSEC;
            pair_request_t *request = &self->requests [self->count++];
            request->flight.reqid = vc_reqid_new ();
            s_send (self, current, request);
            continue;
        }
        s_heartbeats (self);
        zmq_pollitem_t items [2] = {
            { zsock_resolve (self->primary), 0, ZMQ_POLLIN, 0 },
            { zsock_resolve (self->backup), 0, ZMQ_POLLIN, 0 }
        };
        if (zmq_poll (items, 2, PAIR_PACE_MSEC) > 0) {
            if (items [0].revents & ZMQ_POLLIN)
                s_take (self, self->primary);
            if (items [1].revents & ZMQ_POLLIN)
                s_take (self, self->backup);
        }
        if (!self->moved && flying && zclock_mono () - oldest > PAIR_PATIENCE_MSEC)
            s_move (self);
    }
}

int
hostile_pair (const char *primary, const char *backup, int seconds, const char *prefix)
{
    pair_t *self = (pair_t *) VC_NEED (zmalloc (sizeof (pair_t)));
    self->prefix = prefix;
    self->primary = hostile_dealer (primary, true);
    self->backup = hostile_dealer (backup, true);
    int rc = 1;
    if (self->primary && self->backup && hostile_hello (self->primary) == 0
    &&  hostile_next (self->primary, HOSTILE_WAIT_MSEC, NULL, 0) == VC_CMD_WELCOME) {
        printf ("joined the primary\n");
        fflush (stdout);
        int64_t now = zclock_mono ();
        s_run (self, now + (int64_t) seconds * 1000, now + (int64_t) seconds * 1000 + 5000);
        int unanswered = 0, answered = 0;
        for (int i = 0; i < self->count; i++) {
            unanswered += self->requests [i].flight.answers == 0;
            answered += self->requests [i].flight.answers > 0;
        }
        printf ("requests=%d answered=%d twice=%d late=%d refused=%d unanswered=%d errors=%d "
                "joined=%s\n", self->count, answered, self->twice, self->late, self->refused,
                unanswered, self->errors, self->joined ? "yes" : "no");
        rc = 0;
    }
    zsock_destroy (&self->primary);
    zsock_destroy (&self->backup);
    free (self);
    return rc;
}
