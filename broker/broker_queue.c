/*  broker_queue - a service's queue of requests waiting for an instance,
    fair between clients: each client has its own lane, and lanes take
    turns (round robin, one request each), so one client's flood cannot
    starve the others' requests. Requests are not owned.  */
#include "broker.h"

typedef struct {
    zlistx_t *requests;         //  request_t, oldest first
    void *turn;                 //  Place in the rotation
    char client [VC_ADDRESS_MAX + 1];
} lane_t;

struct _broker_queue_t {
    zhashx_t *lanes;            //  client id -> lane_t
    zlistx_t *rotation;         //  lane_t with requests, next turn first
    size_t size;
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

broker_queue_t *
broker_queue_new (void)
{
    broker_queue_t *self = (broker_queue_t *) calloc (1, sizeof (broker_queue_t));
    if (!self)
        return NULL;
    self->lanes = zhashx_new ();
    self->rotation = zlistx_new ();
    if (!self->lanes || !self->rotation)
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
    zlistx_destroy (&self->rotation);
    zhashx_destroy (&self->lanes);
    free (self);
    *self_p = NULL;
}

size_t broker_queue_size (broker_queue_t *self) { return self->size; }

int
broker_queue_push (broker_queue_t *self, request_t *request)
{
    lane_t *lane = (lane_t *) zhashx_lookup (self->lanes, request->client);
    if (!lane) {
        lane = (lane_t *) calloc (1, sizeof (lane_t));
        if (lane)
            lane->requests = zlistx_new ();
        if (!lane || !lane->requests) {
            s_lane_destroy (&lane);
            return -1;
        }
        snprintf (lane->client, sizeof lane->client, "%s", request->client);
        zhashx_insert (self->lanes, lane->client, lane);
    }
    if (zlistx_size (lane->requests) == 0)
        lane->turn = zlistx_add_end (self->rotation, lane);
    request->queue_handle = zlistx_add_end (lane->requests, request);
    self->size++;
    return 0;
}

//  After a request left a lane: an empty lane leaves the rotation.
static void
s_settle (broker_queue_t *self, lane_t *lane)
{
    if (zlistx_size (lane->requests) == 0) {
        zlistx_delete (self->rotation, lane->turn);
        zhashx_delete (self->lanes, lane->client);
    }
}

request_t *
broker_queue_pop (broker_queue_t *self)
{
    lane_t *lane = (lane_t *) zlistx_first (self->rotation);
    if (!lane)
        return NULL;
    request_t *request = (request_t *) zlistx_first (lane->requests);
    zlistx_delete (lane->requests, request->queue_handle);
    request->queue_handle = NULL;
    self->size--;
    if (zlistx_size (lane->requests))
        zlistx_move_end (self->rotation, lane->turn);
    else
        s_settle (self, lane);
    return request;
}

void
broker_queue_remove (broker_queue_t *self, request_t *request)
{
    lane_t *lane = (lane_t *) zhashx_lookup (self->lanes, request->client);
    if (!lane || !request->queue_handle)
        return;
    zlistx_delete (lane->requests, request->queue_handle);
    request->queue_handle = NULL;
    self->size--;
    s_settle (self, lane);
}
