/*  test_broker_queue - unit test of a service's queue of waiting requests:
    fair between clients, cheap requests (whoami, resume) before costly
    ones (sign-in: a hash each) with a costly one let through after a run
    of cheap ones, and removal from either kind of lane.  */
#include "broker.h"
#include <string.h>

static int s_failures = 0;
static bool s_verbose = false;

static void
s_check (bool ok, const char *what)
{
    if (!ok)
        s_failures++;
    if (!ok || s_verbose)
        printf ("%s - %s\n", ok ? "ok" : "FAILED", what);
}

static request_t *
s_request (const char *client, bool costly)
{
    request_t *request = (request_t *) calloc (1, sizeof (request_t));
    if (!request) {
        fprintf (stderr, "test_broker_queue: out of memory\n");
        exit (1);
    }
    snprintf (request->client, sizeof request->client, "%s", client);
    request->costly = costly;
    return request;
}

//  The clients of the next n requests popped, as one string
static void
s_pop_order (broker_queue_t *queue, int n, char *order, size_t size)
{
    *order = 0;
    for (int i = 0; i < n; i++) {
        request_t *request = broker_queue_pop (queue);
        strncat (order, request ? request->client : "-", size - strlen (order) - 1);
        free (request);
    }
}

//  Queue a new request; exit if that fails
static void
s_push (broker_queue_t *queue, request_t *request)
{
    if (broker_queue_push (queue, request)) {
        fprintf (stderr, "test_broker_queue: cannot queue a request\n");
        exit (1);
    }
}

int
main (int argc, char *argv [])
{
    s_verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    char order [64];
    broker_queue_t *queue = broker_queue_new ();
    if (!queue)
        return 1;

    //  Six sign-ins wait, then two whoamis: the whoamis go first
    const char *signers [] = { "A", "B", "C", "D", "E", "F" };
    for (int i = 0; i < 6; i++)
        s_push (queue, s_request (signers [i], true));
    s_push (queue, s_request ("x", false));
    s_push (queue, s_request ("y", false));
    s_check (broker_queue_size (queue) == 8, "eight requests queued");
    s_pop_order (queue, 8, order, sizeof order);
    s_check (streq (order, "xyABCDEF"), "cheap requests before the sign-ins queued ahead of them");
    s_check (broker_queue_size (queue) == 0, "the queue is empty");

    //  A flood of cheap requests does not starve a sign-in
    for (int i = 0; i < 10; i++)
        s_push (queue, s_request ("x", false));
    s_push (queue, s_request ("A", true));
    s_pop_order (queue, 11, order, sizeof order);
    s_check (streq (order, "xxxxAxxxxxx"), "a sign-in goes after a run of four cheap requests");

    //  Clients take turns within each kind
    s_push (queue, s_request ("x", false));
    s_push (queue, s_request ("x", false));
    s_push (queue, s_request ("y", false));
    s_pop_order (queue, 3, order, sizeof order);
    s_check (streq (order, "xyx"), "cheap requests: clients take turns");

    //  Removal from both kinds of lane of one client
    request_t *costly = s_request ("z", true);
    request_t *cheap = s_request ("z", false);
    s_push (queue, costly);
    s_push (queue, cheap);
    broker_queue_remove (queue, costly);
    s_check (broker_queue_size (queue) == 1 && !costly->queue_handle, "a costly request removed");
    broker_queue_remove (queue, cheap);
    s_check (broker_queue_size (queue) == 0 && !cheap->queue_handle, "a cheap request removed");
    s_check (broker_queue_pop (queue) == NULL, "nothing left to pop");
    free (costly);
    free (cheap);

    broker_queue_destroy (&queue);
    printf ("test_broker_queue: %d failure(s)\n", s_failures);
    return s_failures ? 1 : 0;
}
