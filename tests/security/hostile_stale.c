/*  hostile_stale - a connection whose first message is a HEARTBEAT, as a
    client's queued heartbeat reaches a broker after the client moved away.
    A broker that serves opens a client for it and heartbeats it; a pair's
    broker on standby answers 503 {standby} and opens nothing:
    "answer=standby|heartbeat|none|other".  */
#include "hostile.h"
#include "vc_check.h"

static const char *
s_answer (zsock_t *dealer, int wait_ms)
{
    zmq_pollitem_t item = { zsock_resolve (dealer), 0, ZMQ_POLLIN, 0 };
    if (zmq_poll (&item, 1, wait_ms) <= 0)
        return "none";
    vc_msg_t *msg = vc_msg_recv (zsock_resolve (dealer), false);
    const char *answer = "other";
    if (msg && vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_HEARTBEAT)
        answer = "heartbeat";
    else
    if (msg && vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_REPLY) {
        char err [128];
        vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
        bool standby = false;
        if (body && vc_body_bool (body, "standby", &standby) == 0 && standby)
            answer = "standby";
        vc_body_destroy (&body);
    }
    vc_msg_destroy (&msg);
    return answer;
}

int
hostile_stale (const char *endpoint)
{
    zsock_t *dealer = hostile_dealer (endpoint, true);
    if (!dealer)
        return 1;
    byte command = VC_CMD_HEARTBEAT;
    //  The link may still be coming up: retry for a moment
    int64_t deadline = zclock_mono () + HOSTILE_WAIT_MSEC;
    int rc = -1;
    while (rc && zclock_mono () < deadline) {
        zmsg_t *zmsg = VC_NEED (zmsg_new ());
        zmsg_addstr (zmsg, VC_PROTO_SIGNATURE);
        zmsg_addmem (zmsg, &command, 1);
        rc = zmsg_send (&zmsg, dealer);
        if (rc) {
            zmsg_destroy (&zmsg);
            zclock_sleep (5);
        }
    }
    if (rc == 0)
        printf ("answer=%s\n", s_answer (dealer, 3 * HOSTILE_WAIT_MSEC));
    zsock_destroy (&dealer);
    return rc ? 1 : 0;
}
