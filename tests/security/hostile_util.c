/*  hostile_util - raw sockets and small helpers for vc-hostile.  */
#include "hostile.h"
#include "vc_check.h"
#include "vc_api.h"

zsock_t *
hostile_dealer_with (const char *endpoint, const byte *id, size_t size)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    if (!dealer)
        return NULL;
    zsock_set_linger (dealer, 0);
    zsock_set_sndtimeo (dealer, 0);
    if ((id && zmq_setsockopt (zsock_resolve (dealer), ZMQ_ROUTING_ID, id, size))
    ||  zsock_connect (dealer, "%s", endpoint)) {
        zsock_destroy (&dealer);
        return NULL;
    }
    return dealer;
}

zsock_t *
hostile_dealer (const char *endpoint, bool with_id)
{
    zsock_t *dealer = hostile_dealer_with (endpoint, NULL, 0);
    if (dealer && with_id) {
        //  The id must be set before connecting: start again with one
        zsock_destroy (&dealer);
        dealer = zsock_new (ZMQ_DEALER);
        if (!dealer)
            return NULL;
        zsock_set_linger (dealer, 0);
        zsock_set_sndtimeo (dealer, 0);
        if (vc_routing_id_choose (dealer) || zsock_connect (dealer, "%s", endpoint))
            zsock_destroy (&dealer);
    }
    return dealer;
}

int
hostile_hello (zsock_t *dealer)
{
    zmsg_t *zmsg = VC_NEED (zmsg_new ());
    byte command = VC_CMD_HELLO;
    zmsg_addstr (zmsg, VC_PROTO_SIGNATURE);
    zmsg_addmem (zmsg, &command, 1);
    zmsg_addmem (zmsg, "\x81\xa4kind\xa7hostile", 14);
    //  The link may still be coming up: retry for a moment
    int64_t deadline = zclock_mono () + HOSTILE_WAIT_MSEC;
    while (true) {
        zmsg_t *copy = VC_NEED (zmsg_dup (zmsg));
        int rc = zmsg_send (&copy, dealer);
        zmsg_destroy (&copy);
        if (rc == 0 || zclock_mono () > deadline) {
            zmsg_destroy (&zmsg);
            return rc;
        }
        zclock_sleep (5);
    }
}

int
hostile_next (zsock_t *dealer, int timeout_ms, char *client, size_t size)
{
    zmq_pollitem_t item = { zsock_resolve (dealer), 0, ZMQ_POLLIN, 0 };
    if (zmq_poll (&item, 1, timeout_ms) <= 0)
        return 0;
    vc_msg_t *msg = vc_msg_recv (zsock_resolve (dealer), false);
    if (!msg)
        return 0;
    int command = vc_msg_valid (msg) ? vc_msg_command (msg) : 0;
    if (command == VC_CMD_WELCOME && client) {
        char err [128];
        vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
        const char *id = NULL;
        if (body && vc_body_str (body, "client", 64, &id) == 0)
            snprintf (client, size, "%s", id);
        vc_body_destroy (&body);
    }
    vc_msg_destroy (&msg);
    return command;
}

bool
hostile_broker_alive (const char *endpoint)
{
    vc_client_t *client = vc_client_new (endpoint, "hostile");
    bool alive = false;
    if (client && vc_client_connect (client, HOSTILE_WAIT_MSEC) == 0) {
        zframe_t *body = VC_NEED (vc_api_op ("ping"));
        vc_reply_t *reply = vc_client_call (client, "broker", &body, HOSTILE_WAIT_MSEC);
        alive = reply && reply->status == VC_OK;
        vc_reply_destroy (&reply);
    }
    vc_client_destroy (&client);
    return alive;
}
