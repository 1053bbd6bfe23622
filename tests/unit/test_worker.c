/*  test_worker - the sockets a service watches beside the broker's
    (vc_worker_watch): each one's handler runs from vc_worker_recv when a
    message waits on it, with no broker answering; up to 8 are taken, a
    ninth and a missing socket are refused; a handler that calls
    vc_worker_wake ends the recv under way at once.  */
#include "vc_worker.h"

static int s_failures = 0;
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

int
main (void)
{
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
    if (s_failures) {
        printf (" * test_worker: %d checks failed\n", s_failures);
        return 1;
    }
    printf (" * test_worker: OK\n");
    return 0;
}
