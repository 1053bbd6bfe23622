/*  rr_servers - the reference processes of vc-bench-rr: a ROUTER that
    sends every message straight back (the echo server), and one zmq_proxy
    hop (ROUTER for clients, DEALER towards the echo server). Each runs in
    its own process so its CPU time is its own.  */
#include "rr.h"

int
rr_echo_server (const char *endpoint)
{
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    if (!router)
        return -1;
    zsock_set_sndhwm (router, 100000);
    zsock_set_rcvhwm (router, 100000);
    rr_zmtp_heartbeat (router);
    if (zsock_bind (router, "%s", endpoint) < 0) {
        fprintf (stderr, "vc-bench-rr: cannot bind %s\n", endpoint);
        zsock_destroy (&router);
        return -1;
    }
    void *socket = zsock_resolve (router);
    while (!zsys_interrupted) {
        //  Every frame goes back as it came (moved, not copied)
        zmq_msg_t part;
        zmq_msg_init (&part);
        if (zmq_msg_recv (&part, socket, 0) < 0) {
            zmq_msg_close (&part);
            break;
        }
        int more = zmq_msg_more (&part);
        zmq_msg_send (&part, socket, more ? ZMQ_SNDMORE : 0);
        zmq_msg_close (&part);
    }
    zsock_destroy (&router);
    return 0;
}

int
rr_proxy (const char *frontend, const char *backend)
{
    zsock_t *front = zsock_new (ZMQ_ROUTER);
    zsock_t *back = zsock_new (ZMQ_DEALER);
    int rc = -1;
    if (front && back) {
        zsock_set_sndhwm (front, 100000);
        zsock_set_rcvhwm (front, 100000);
        zsock_set_sndhwm (back, 100000);
        zsock_set_rcvhwm (back, 100000);
        if (zsock_bind (front, "%s", frontend) >= 0 && zsock_connect (back, "%s", backend) == 0) {
            zmq_proxy (zsock_resolve (front), zsock_resolve (back), NULL);
            rc = 0;
        }
        else
            fprintf (stderr, "vc-bench-rr: cannot bind %s or connect %s\n", frontend, backend);
    }
    zsock_destroy (&front);
    zsock_destroy (&back);
    return rc;
}
