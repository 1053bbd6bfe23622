/*  broker_queue - a service's queue of requests waiting for an instance,
    fair between clients: each client has its own lane, and lanes take
    turns (round robin, one request each), so one client's flood cannot
    starve the others' requests. Cheap requests go before costly ones
    (sign-up, sign-in: a password hash each), which have lanes of their
    own: while both wait, S_CHEAP_RUN cheap ones, then one costly one. So
    a whoami or a resume does not wait behind a burst of sign-ins holding
    every slot of the instances, and sign-ins still move on under a flood
    of cheap requests. Requests are not owned.  */
#include "broker.h"
#include "vc_check.h"
#include "vc_text.h"

#define S_CHEAP_RUN 4           //  Cheap requests let through before a costly one

typedef struct {
    zlistx_t *requests;         //  request_t, oldest first
    void *turn;                 //  Place in the rotation
    bool costly;                //  Lane of the client's costly requests
    char key [VC_ADDRESS_MAX + 2];  //  Client id, with '!' ahead for costly
} lane_t;

struct _broker_queue_t {
    zhashx_t *lanes;            //  lane key -> lane_t
    zlistx_t *rotation [2];     //  Lanes with requests, next turn first: cheap, costly
    size_t size;
    int cheap_run;              //  Cheap requests popped in a row while costly ones waited
};

static void
s_lane_destroy (lane_t **self_p)
{
    if (*self_p) {
        zlistx_destroy (&(*self_p)->requests);
        free (*self_p);
        *self_p = NULL;
    }
}

static void
s_lane_key (request_t *request, char *key, size_t size)
{
    snprintf (key, size, "%s%s", request->costly ? "!" : "", request->client);
}

broker_queue_t *
broker_queue_new (void)
{
    broker_queue_t *self = (broker_queue_t *) calloc (1, sizeof (broker_queue_t));
    if (!self)
        return NULL;
    self->lanes = zhashx_new ();
    self->rotation [0] = zlistx_new ();
    self->rotation [1] = zlistx_new ();
    if (!self->lanes || !self->rotation [0] || !self->rotation [1])
        broker_queue_destroy (&self);
    else
        zhashx_set_destructor (self->lanes, (zhashx_destructor_fn *) s_lane_destroy);
    return self;
}

void
broker_queue_destroy (broker_queue_t **self_p)
{
    broker_queue_t *self = *self_p;
    if (!self)
        return;
    zlistx_destroy (&self->rotation [0]);
    zlistx_destroy (&self->rotation [1]);
    zhashx_destroy (&self->lanes);
    free (self);
    *self_p = NULL;
}

size_t broker_queue_size (broker_queue_t *self) { return self->size; }

static lane_t *
s_lane_new (const char *key, bool costly)
{
    lane_t *lane = (lane_t *) calloc (1, sizeof (lane_t));
    if (lane)
        lane->requests = zlistx_new ();
    if (!lane || !lane->requests) {
        s_lane_destroy (&lane);
        return NULL;
    }
    lane->costly = costly;
    vc_text_copy (lane->key, sizeof lane->key, key);
    return lane;
}

int
broker_queue_push (broker_queue_t *self, request_t *request)
{
    char key [VC_ADDRESS_MAX + 2];
    s_lane_key (request, key, sizeof key);
    lane_t *lane = (lane_t *) zhashx_lookup (self->lanes, key);
    if (!lane) {
        if (!(lane = s_lane_new (key, request->costly)))
            return -1;
        zhashx_insert (self->lanes, lane->key, lane);
    }
    if (zlistx_size (lane->requests) == 0)
        lane->turn = zlistx_add_end (self->rotation [lane->costly], lane);
    request->queue_handle = zlistx_add_end (lane->requests, request);
    self->size++;
    return 0;
}

//  After a request left a lane: an empty lane leaves the rotation.
static void
s_settle (broker_queue_t *self, lane_t *lane)
{
    if (zlistx_size (lane->requests) == 0) {
        zlistx_delete (self->rotation [lane->costly], lane->turn);
        zhashx_delete (self->lanes, lane->key);
    }
}

//  Which rotation gives the next request: cheap first, but a costly one
//  after S_CHEAP_RUN cheap ones in a row while costly ones wait.
static int
s_next_rotation (broker_queue_t *self)
{
    bool cheap = zlistx_size (self->rotation [0]) > 0;
    bool costly = zlistx_size (self->rotation [1]) > 0;
    if (cheap && (!costly || self->cheap_run < S_CHEAP_RUN)) {
        self->cheap_run = costly ? self->cheap_run + 1 : 0;
        return 0;
    }
    self->cheap_run = 0;
    return 1;
}

request_t *
broker_queue_pop (broker_queue_t *self)
{
    if (self->size == 0)
        return NULL;
    zlistx_t *rotation = self->rotation [s_next_rotation (self)];
    lane_t *lane = (lane_t *) zlistx_first (rotation);
    if (!lane)
        return NULL;
    request_t *request = (request_t *) zlistx_first (lane->requests);
    zlistx_delete (lane->requests, request->queue_handle);
    request->queue_handle = NULL;
    self->size--;
    if (zlistx_size (lane->requests))
        zlistx_move_end (rotation, lane->turn);
    else
        s_settle (self, lane);
    return request;
}

void
broker_queue_remove (broker_queue_t *self, request_t *request)
{
    char key [VC_ADDRESS_MAX + 2];
    s_lane_key (request, key, sizeof key);
    lane_t *lane = (lane_t *) zhashx_lookup (self->lanes, key);
    if (!lane || !request->queue_handle)
        return;
    zlistx_delete (lane->requests, request->queue_handle);
    request->queue_handle = NULL;
    self->size--;
    s_settle (self, lane);
}

//  ---------------------------------------------------------------------
//  Self-test

//  A new request of client, cheap or costly
static request_t *
s_test_request (const char *client, bool costly)
{
    request_t *request = (request_t *) calloc (1, sizeof (request_t));
    VC_CHECK (request);
    snprintf (request->client, sizeof request->client, "%s", client);
    request->costly = costly;
    return request;
}

//  The clients of the next n requests popped, as one string
static void
s_test_pop_order (broker_queue_t *queue, int n, char *order, size_t size)
{
    *order = 0;
    for (int i = 0; i < n; i++) {
        request_t *request = broker_queue_pop (queue);
        strncat (order, request ? request->client : "-", size - strlen (order) - 1);
        free (request);
    }
}

//  Queue a new request of client
static void
s_test_push (broker_queue_t *queue, const char *client, bool costly)
{
    request_t *request = s_test_request (client, costly);
    VC_CHECK (broker_queue_push (queue, request) == 0);
}

//  Six sign-ins wait, then two whoamis: the whoamis go first; a flood of
//  cheap requests does not starve a sign-in (it goes after a run of four)
static void
s_test_cheap_first (broker_queue_t *queue)
{
    char order [64];
    const char *signers [] = { "A", "B", "C", "D", "E", "F" };
    for (int i = 0; i < 6; i++)
        s_test_push (queue, signers [i], true);
    s_test_push (queue, "x", false);
    s_test_push (queue, "y", false);
    VC_CHECK (broker_queue_size (queue) == 8);
    s_test_pop_order (queue, 8, order, sizeof order);
    VC_CHECK (streq (order, "xyABCDEF"));
    VC_CHECK (broker_queue_size (queue) == 0);
    for (int i = 0; i < 10; i++)
        s_test_push (queue, "x", false);
    s_test_push (queue, "A", true);
    s_test_pop_order (queue, 11, order, sizeof order);
    VC_CHECK (streq (order, "xxxxAxxxxxx"));
}

//  Clients take turns within each kind; removal from both kinds of lane
//  of one client
static void
s_test_turns_and_removal (broker_queue_t *queue)
{
    char order [64];
    s_test_push (queue, "x", false);
    s_test_push (queue, "x", false);
    s_test_push (queue, "y", false);
    s_test_pop_order (queue, 3, order, sizeof order);
    VC_CHECK (streq (order, "xyx"));
    request_t *costly = s_test_request ("z", true);
    request_t *cheap = s_test_request ("z", false);
    VC_CHECK (broker_queue_push (queue, costly) == 0);
    VC_CHECK (broker_queue_push (queue, cheap) == 0);
    broker_queue_remove (queue, costly);
    VC_CHECK (broker_queue_size (queue) == 1 && !costly->queue_handle);
    broker_queue_remove (queue, cheap);
    VC_CHECK (broker_queue_size (queue) == 0 && !cheap->queue_handle);
    VC_CHECK (broker_queue_pop (queue) == NULL);
    free (costly);
    free (cheap);
}

void
broker_queue_test (bool verbose)
{
    if (verbose)
        printf (" * broker_queue: ");
    broker_queue_t *queue = broker_queue_new ();
    VC_CHECK (queue);
    s_test_cheap_first (queue);
    s_test_turns_and_removal (queue);
    broker_queue_destroy (&queue);
    if (verbose)
        printf ("OK\n");
}
