/*  hostile_noread - clients that send requests and never read the replies:
    each connection keeps a tiny receive buffer and never calls recv, so its
    TCP window closes and the broker's queue of replies for it grows. The
    broker must bound that queue and disconnect such a client.

    Prints "sent=N" (the broker's log and memory tell the rest).  */
#include "hostile.h"
#include "test_echo.h"
#include "vc_check.h"

//  A non-reading connection: the id as the library chooses it, a receive
//  high-water mark of one message and a small kernel buffer.
static zsock_t *
s_noread_dealer (const char *endpoint)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    if (!dealer)
        return NULL;
    zsock_set_linger (dealer, 0);
    zsock_set_sndtimeo (dealer, 0);
    zsock_set_rcvhwm (dealer, 1);
    zsock_set_rcvbuf (dealer, 4096);
    if (vc_routing_id_choose (dealer) || zsock_connect (dealer, "%s", endpoint))
        zsock_destroy (&dealer);
    return dealer;
}

static zmsg_t *
s_request (const char *service, int size, uint64_t reqid)
{
    char *text = (char *) VC_NEED (zmalloc ((size_t) size + 1));
    memset (text, 'x', (size_t) size);
    zframe_t *body = VC_NEED (test_echo_body (text));
    free (text);
    zmsg_t *zmsg = VC_NEED (zmsg_new ());
    byte command = VC_CMD_REQUEST;
    zmsg_addstr (zmsg, VC_PROTO_SIGNATURE);
    zmsg_addmem (zmsg, &command, 1);
    zmsg_addstr (zmsg, service);
    zmsg_addmem (zmsg, &reqid, sizeof reqid);
    zmsg_addstr (zmsg, "");
    zmsg_append (zmsg, &body);
    return zmsg;
}

int
hostile_noread (const char *endpoint, int count, int seconds, const char *service, int size)
{
    zsock_t **dealers = (zsock_t **) VC_NEED (zmalloc (sizeof (zsock_t *) * (size_t) count));
    for (int i = 0; i < count; i++) {
        dealers [i] = s_noread_dealer (endpoint);
        if (!dealers [i] || hostile_hello (dealers [i]))
            return 1;
    }
    uint64_t sent = 0;
    int64_t end = zclock_mono () + seconds * 1000;
    uint64_t reqid = 0;
    while (zclock_mono () < end) {
        for (int i = 0; i < count; i++)
            for (int burst = 0; burst < 50; burst++) {
                zmsg_t *zmsg = s_request (service, size, ++reqid);
                if (zmsg_send (&zmsg, dealers [i]) == 0)
                    sent++;
                zmsg_destroy (&zmsg);
            }
        zclock_sleep (20);
    }
    for (int i = 0; i < count; i++)
        zsock_destroy (&dealers [i]);
    printf ("sent=%" PRIu64 "\n", sent);
    free (dealers);
    return 0;
}
