/*  test_worker - the sockets a service watches beside the broker's
    (vc_worker_watch): each one's handler runs from vc_worker_recv when a
    message waits on it, with no broker answering; up to 8 are taken, a
    ninth and a missing socket are refused; a handler that calls
    vc_worker_wake ends the recv under way at once; and a broker that
    floods the worker with requests does not starve a watched socket.  */
#include "vc_worker.h"
#include "vc_api.h"
#include "vc_msg.h"
#include "vc_check.h"

static int s_failures = 0;
static bool s_verbose = false;
#define CHECK(x) do { if (!(x)) { fprintf (stderr, "%s:%d: CHECK failed: %s\n", \
                      __FILE__, __LINE__, #x); s_failures++; } } while (0)

#define WATCHED 8

//  A watched socket's handler: reads the message and counts it
static void
s_on_readable (zsock_t *sock, void *arg)
{
    char *text = zstr_recv (sock);
    if (text)
        (*(int *) arg)++;
    zstr_free (&text);
}

//  A handler that reads the message, counts it and wakes the worker
static vc_worker_t *s_worker;
static void
s_on_wake (zsock_t *sock, void *arg)
{
    s_on_readable (sock, arg);
    vc_worker_wake (s_worker);
}

#define FLOOD 2000

//  A REQUEST from the fake broker to the worker whose routing id is id
static int
s_request (zsock_t *router, zframe_t *id, uint64_t reqid)
{
    vc_msg_t *msg = vc_msg_new (VC_CMD_REQUEST);
    zframe_t *route = zframe_dup (id);
    zframe_t *reqid_frame = zframe_new (&reqid, sizeof reqid);
    zframe_t *body = vc_api_op ("echo");
    if (!msg || !route || !reqid_frame || !body) {
        vc_msg_destroy (&msg);
        zframe_destroy (&route);
        zframe_destroy (&reqid_frame);
        zframe_destroy (&body);
        return -1;
    }
    vc_msg_set_routing_id (msg, &route);
    vc_msg_set_address (msg, "client-1");
    vc_msg_set_reqid (msg, &reqid_frame);
    vc_msg_set_extra (msg, "");
    vc_msg_set_body (msg, &body);
    vc_msg_set_source (msg, "127.0.0.1");
    return vc_msg_send (&msg, zsock_resolve (router));
}

//  A broker (a ROUTER on inproc) sends FLOOD requests at once, and then
//  one message waits on a watched socket: its handler runs before the
//  worker has taken every request (after at most the drain's 32 and a
//  few), as the broker's socket never has the whole turn
static void
s_flood (void)
{
    zsock_t *router = VC_NEED (zsock_new_router ("inproc://test-worker-broker"));
    zsock_t *watched = VC_NEED (zsock_new_pair ("@inproc://test-worker-flood"));
    zsock_t *sender = zsock_new_pair (">inproc://test-worker-flood");
    vc_worker_t *worker = vc_worker_new ("inproc://test-worker-broker", "selftest", 1);
    int heard = 0;
    CHECK (router && watched && sender && worker);
    if (!router || !watched || !sender || !worker
    ||  vc_worker_watch (worker, watched, s_on_readable, &heard)) {
        s_failures++;
        goto done;
    }
    vc_request_t *request = vc_worker_recv (worker, 50);      //  Connects: READY
    vc_request_destroy (&request);
    zsock_set_rcvtimeo (router, 2000);
    vc_msg_t *ready = vc_msg_recv (zsock_resolve (router), true);
    CHECK (ready && vc_msg_command (ready) == VC_CMD_READY);
    for (uint64_t i = 0; ready && i < FLOOD; i++)
        CHECK (s_request (router, vc_msg_routing_id (ready), i + 1) == 0);
    vc_msg_destroy (&ready);
    zclock_sleep (100);             //  The requests wait in the worker's queue
    zstr_send (sender, "event");
    int taken = 0;
    int64_t end = zclock_mono () + 5000;
    while (heard == 0 && taken < FLOOD && zclock_mono () < end) {
        request = vc_worker_recv (worker, 100);
        if (request)
            taken++;
        vc_request_destroy (&request);
    }
    if (s_verbose)
        printf ("requests taken before the watched socket's turn: %d\n", taken);
    CHECK (heard == 1);
    CHECK (taken < 100);
done:
    vc_worker_destroy (&worker);
    zsock_destroy (&sender);
    zsock_destroy (&watched);
    zsock_destroy (&router);
}

int
main (int argc, char *argv [])
{
    s_verbose = argc > 1 && streq (argv [1], "-v");
    zsys_init ();
    zsys_set_logstream (NULL);
    //  A broker address where nothing listens: no request will come
    vc_worker_t *worker = vc_worker_new ("tcp://127.0.0.1:1", "selftest", 1);
    CHECK (worker);
    zsock_t *watched [WATCHED + 1], *senders [WATCHED];
    int heard [WATCHED] = { 0 };
    for (int i = 0; i <= WATCHED; i++) {
        watched [i] = zsock_new_pair (NULL);
        CHECK (watched [i] && zsock_bind (watched [i], "inproc://test-worker-%d", i) == 0);
    }
    for (int i = 0; i < WATCHED; i++) {
        CHECK (vc_worker_watch (worker, watched [i], s_on_readable, &heard [i]) == 0);
        senders [i] = zsock_new_pair (NULL);
        CHECK (senders [i] && zsock_connect (senders [i], "inproc://test-worker-%d", i) == 0);
    }
    //  Beyond the limit, or no socket: refused
    int unused = 0;
    CHECK (vc_worker_watch (worker, watched [WATCHED], s_on_readable, &unused) == -1);
    CHECK (vc_worker_watch (worker, NULL, s_on_readable, &unused) == -1);
    //  The first and the last watched sockets get a message each: their
    //  handlers run while recv waits (it returns no request)
    zstr_send (senders [0], "first");
    zstr_send (senders [WATCHED - 1], "last");
    int64_t end = zclock_mono () + 2000;
    while ((heard [0] == 0 || heard [WATCHED - 1] == 0) && zclock_mono () < end) {
        vc_request_t *request = vc_worker_recv (worker, 100);
        CHECK (request == NULL);
        vc_request_destroy (&request);
    }
    CHECK (heard [0] == 1 && heard [WATCHED - 1] == 1);
    for (int i = 1; i < WATCHED - 1; i++)
        CHECK (heard [i] == 0);
    //  A handler that wakes its worker: the recv returns at once, not
    //  after its timeout; the next one waits again
    s_worker = vc_worker_new ("tcp://127.0.0.1:1", "selftest", 1);
    CHECK (s_worker);
    int woke = 0;
    CHECK (vc_worker_watch (s_worker, watched [WATCHED], s_on_wake, &woke) == 0);
    zsock_t *waker = zsock_new_pair (NULL);
    CHECK (waker && zsock_connect (waker, "inproc://test-worker-%d", WATCHED) == 0);
    zstr_send (waker, "wake");
    int64_t started = zclock_mono ();
    CHECK (vc_worker_recv (s_worker, 3000) == NULL);
    CHECK (woke == 1);
    CHECK (zclock_mono () - started < 1500);
    started = zclock_mono ();
    CHECK (vc_worker_recv (s_worker, 300) == NULL);
    CHECK (zclock_mono () - started >= 290);
    vc_worker_destroy (&s_worker);
    zsock_destroy (&waker);
    vc_worker_destroy (&worker);
    for (int i = 0; i < WATCHED; i++)
        zsock_destroy (&senders [i]);
    for (int i = 0; i <= WATCHED; i++)
        zsock_destroy (&watched [i]);
    s_flood ();
    if (s_failures) {
        printf (" * test_worker: %d checks failed\n", s_failures);
        return 1;
    }
    printf (" * test_worker: OK\n");
    return 0;
}
