/*  hostile_crowd - many clients of one source address flooding the costly
    operations: N connections from SOURCE (a loopback address of its own,
    such as 127.0.0.2), each keeping 2 sign-ups in flight (its own quota)
    for SECONDS or until SIGTERM, a new one for each answer (200 ms after a
    429), with a heartbeat every second. Fair queueing gives each client a turn; only
    the quota per source address keeps the crowd from taking every turn.
    Prints "clients=N sent=S answered=A STATUS=COUNT...".  */
#include "hostile.h"
#include "vc_api.h"
#include <sodium.h>
#include "vc_check.h"

#define CROWD_INFLIGHT   2
#define CROWD_429_WAIT   200
#define CROWD_HEARTBEAT  1000

typedef struct {
    zsock_t *dealer;
    int inflight;
    int64_t resume_at;      //  After a 429: no request before this time
} crowd_client_t;

static int s_by_status [1000];
static int s_sent, s_answered;

//  A sign-up of a new name as a REQUEST to auth
static int
s_send_signup (crowd_client_t *self, uint32_t run, int index)
{
    char name [40];
    snprintf (name, sizeof name, "c%08x-%d-%d", run, index, s_sent);
    byte reqid [8];
    uint64_t value = vc_reqid_new ();     //  Random, as the client library's
    for (int i = 0; i < 8; i++)
        reqid [i] = (byte) (value >> (56 - 8 * i));
    zframe_t *reqid_frame = VC_NEED (zframe_new (reqid, sizeof reqid));
    zframe_t *body = vc_api_credentials ("signup", name, "crowd-password");
    vc_msg_t *msg = VC_NEED (vc_msg_new (VC_CMD_REQUEST));
    vc_msg_set_address (msg, "auth");
    vc_msg_set_reqid (msg, &reqid_frame);
    vc_msg_set_body (msg, &body);
    if (vc_msg_send (&msg, zsock_resolve (self->dealer)))
        return -1;
    self->inflight++;
    s_sent++;
    return 0;
}

static void
s_heartbeat (crowd_client_t *self)
{
    zmsg_t *zmsg = VC_NEED (zmsg_new ());
    byte command = VC_CMD_HEARTBEAT;
    zmsg_addstr (zmsg, VC_PROTO_SIGNATURE);
    zmsg_addmem (zmsg, &command, 1);
    if (zmsg_send (&zmsg, self->dealer))
        zmsg_destroy (&zmsg);
}

//  One message for a client: count a reply and free its place
static void
s_receive (crowd_client_t *self)
{
    vc_msg_t *msg = vc_msg_recv (zsock_resolve (self->dealer), false);
    if (msg && vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_REPLY) {
        char err [128];
        vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
        int64_t status = 0;
        if (body && vc_body_need_int (body, "status", 100, 999, &status) == 0)
            s_by_status [status]++;
        vc_body_destroy (&body);
        s_answered++;
        if (self->inflight > 0)
            self->inflight--;
        if (status == VC_BUSY)
            self->resume_at = zclock_mono () + CROWD_429_WAIT;
    }
    vc_msg_destroy (&msg);
}

//  The clients, connected from source and welcomed; NULL on a setup error
static crowd_client_t *
s_connect (const char *endpoint, const char *source, int count)
{
    char from [300];
    const char *host = endpoint + strlen ("tcp://");
    snprintf (from, sizeof from, "tcp://%s:0;%s", source, host);
    crowd_client_t *clients = (crowd_client_t *) zmalloc (sizeof (crowd_client_t) * (size_t) count);
    if (!clients)
        return NULL;
    int welcomed = 0;
    for (int i = 0; i < count; i++) {
        clients [i].dealer = hostile_dealer (from, true);
        if (clients [i].dealer && hostile_hello (clients [i].dealer) == 0
        &&  hostile_next (clients [i].dealer, HOSTILE_WAIT_MSEC, NULL, 0) == VC_CMD_WELCOME)
            welcomed++;
    }
    if (welcomed < count) {
        fprintf (stderr, "vc-hostile: crowd: %d of %d clients welcomed from %s\n", welcomed, count, from);
        for (int i = 0; i < count; i++)
            zsock_destroy (&clients [i].dealer);
        free (clients);
        return NULL;
    }
    return clients;
}

int
hostile_crowd (const char *endpoint, const char *source, int count, int seconds)
{
    if (count < 1 || count > 1000 || seconds < 1 || strncmp (endpoint, "tcp://", 6)) {
        fprintf (stderr, "vc-hostile: crowd: 1-1000 clients, 1 second or more, a tcp:// address\n");
        return 1;
    }
    crowd_client_t *clients = s_connect (endpoint, source, count);
    if (!clients)
        return 1;
    uint32_t run = randombytes_random ();
    zmq_pollitem_t *items = (zmq_pollitem_t *) VC_NEED (zmalloc (sizeof (zmq_pollitem_t) * (size_t) count));
    for (int i = 0; i < count; i++)
        items [i] = (zmq_pollitem_t) { zsock_resolve (clients [i].dealer), 0, ZMQ_POLLIN, 0 };
    int64_t end = zclock_mono () + seconds * 1000, beat = 0;
    while (zclock_mono () < end && !zsys_interrupted) {
        int64_t now = zclock_mono ();
        for (int i = 0; i < count; i++)
            while (clients [i].inflight < CROWD_INFLIGHT && now >= clients [i].resume_at
               &&  s_send_signup (&clients [i], run, i) == 0)
                ;
        if (now >= beat) {
            for (int i = 0; i < count; i++)
                s_heartbeat (&clients [i]);
            beat = now + CROWD_HEARTBEAT;
        }
        if (zmq_poll (items, count, 20) > 0)
            for (int i = 0; i < count; i++)
                if (items [i].revents & ZMQ_POLLIN)
                    s_receive (&clients [i]);
    }
    printf ("clients=%d sent=%d answered=%d ", count, s_sent, s_answered);
    for (int status = 100; status < 1000; status++)
        if (s_by_status [status])
            printf ("%d=%d ", status, s_by_status [status]);
    printf ("\n");
    for (int i = 0; i < count; i++)
        zsock_destroy (&clients [i].dealer);
    free (clients);
    free (items);
    return 0;
}
