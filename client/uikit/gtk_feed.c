/*  gtk_feed - the event subscriber's actor and its paced hand-over to
    the UI thread.

    The actor (a zactor) owns the SUB socket and polls it and its pipe
    with a zpoller. It gathers events into a batch (at most
    FEED_BATCH_MAX; beyond that they are dropped with a warning and
    counted) and sends the batch over the pipe once the UI has taken the
    last one:

        EVENTS received dropped events
                                to the UI: events received since the start
                                (dropped included), events dropped since
                                the start, vc_event_t array
        READY                   to the actor: the UI has delivered the batch

    The UI thread watches the pipe from the GLib main loop (gtk_pipe), so
    the two threads share no state. It delivers a batch in slices of at
    most FEED_SLICE events from an idle source, for at most FEED_TURN_USEC
    of each main-loop turn, so redraws and input come between slices
    however fast events come; it says READY only when the whole batch is
    delivered, so a window that cannot keep up leaves the events to the
    actor's bound, where they are dropped and counted.  */
#include "gtk_feed.h"
#include "gtk_pipe.h"
#include "vc_endpoint.h"
#include "vc_log.h"

#define FEED_BATCH_MAX  5000        //  Events held for the UI at most
#define FEED_BURST_MAX  1000        //  Events read before looking at the pipe
#define FEED_SLICE      64          //  Events delivered at once at most
#define FEED_TURN_USEC  4000        //  Delivery in one main-loop turn at most

struct _gtk_feed_t {
    zactor_t *actor;
    gtk_pipe_t *watch;          //  The pipe, watched from the main loop
    GArray *events;             //  Batches taken, not delivered yet
    guint delivered;            //  Events of them delivered
    guint drain;                //  The idle source delivering them, or 0
    bool *alive;                //  While delivering: false once destroyed
    uint64_t received;          //  As of the last batch
    uint64_t dropped;           //  As of the last batch
    gtk_feed_fn *deliver;
    void *arg;
};

//  --------------------------------------------------------------------------
//  The actor

typedef struct {
    zsock_t *sub;
    GArray *batch;              //  vc_event_t waiting for the UI
    bool ready;                 //  The UI has taken the last batch
    uint64_t received;
    uint64_t dropped;           //  Since the start
    uint64_t dropped_told;      //  As of the last warning
} s_actor_t;

static void
s_read_burst (s_actor_t *self)
{
    for (int burst = 0; burst < FEED_BURST_MAX && (zsock_events (self->sub) & ZMQ_POLLIN); burst++) {
        vc_event_t event;
        if (vc_event_recv (self->sub, &event)) {
            vc_debug ("malformed event dropped");
            continue;
        }
        if (self->batch->len < FEED_BATCH_MAX)
            g_array_append_val (self->batch, event);
        else
            self->dropped++;
        self->received++;
    }
}

//  One line for the events dropped since the last one
static void
s_tell_dropped (s_actor_t *self)
{
    if (self->dropped == self->dropped_told)
        return;
    vc_warn ("%" PRIu64 " events dropped: the window is not keeping up (%" PRIu64 " since the start)",
             self->dropped - self->dropped_told, self->dropped);
    self->dropped_told = self->dropped;
}

//  The batch to the UI, if it is ready for one
static void
s_hand_over (zsock_t *pipe, s_actor_t *self)
{
    if (!self->ready || self->batch->len == 0)
        return;
    s_tell_dropped (self);
    zmsg_t *msg = zmsg_new ();
    if (!msg
    ||  zmsg_addstr (msg, "EVENTS")
    ||  zmsg_addmem (msg, &self->received, sizeof self->received)
    ||  zmsg_addmem (msg, &self->dropped, sizeof self->dropped)
    ||  zmsg_addmem (msg, self->batch->data, self->batch->len * sizeof (vc_event_t))
    ||  zmsg_send (&msg, pipe)) {
        vc_warn ("%u events dropped: cannot hand them to the window", self->batch->len);
        zmsg_destroy (&msg);
    }
    else
        self->ready = false;
    g_array_set_size (self->batch, 0);
}

//  A command from the UI; false on $TERM
static bool
s_command (zsock_t *pipe, s_actor_t *self)
{
    char *command = zstr_recv (pipe);
    bool term = !command || streq (command, "$TERM");
    if (command && streq (command, "READY"))
        self->ready = true;
    zstr_free (&command);
    return !term;
}

static void
s_actor (zsock_t *pipe, void *arg)
{
    s_actor_t self = { .sub = (zsock_t *) arg, .ready = true };
    self.batch = g_array_new (FALSE, FALSE, sizeof (vc_event_t));
    zpoller_t *poller = zpoller_new (pipe, self.sub, NULL);
    zsock_signal (pipe, 0);
    if (poller)
        zpoller_set_nonstop (poller, true);     //  Only $TERM ends it
    bool running = poller != NULL;
    while (running) {
        void *which = zpoller_wait (poller, -1);
        if (which == pipe)
            running = s_command (pipe, &self);
        else
        if (which == self.sub)
            s_read_burst (&self);
        s_hand_over (pipe, &self);
    }
    if (!poller) {
        vc_error ("cannot poll the event subscriber");
        char *term = zstr_recv (pipe);          //  Wait for $TERM
        zstr_free (&term);
    }
    zpoller_destroy (&poller);
    zsock_destroy (&self.sub);
    g_array_unref (self.batch);
}

//  --------------------------------------------------------------------------
//  The UI side

//  One EVENTS message appended to events; false if it is not one
static bool
s_take (gtk_feed_t *self, zmsg_t *msg, GArray *events)
{
    char *command = zmsg_popstr (msg);
    zframe_t *count = zmsg_first (msg), *dropped = zmsg_next (msg), *data = zmsg_next (msg);
    bool valid = command && streq (command, "EVENTS")
              && count && zframe_size (count) == sizeof self->received
              && dropped && zframe_size (dropped) == sizeof self->dropped
              && data && zframe_size (data) % sizeof (vc_event_t) == 0;
    if (valid) {
        memcpy (&self->received, zframe_data (count), sizeof self->received);
        memcpy (&self->dropped, zframe_data (dropped), sizeof self->dropped);
        g_array_append_vals (events, zframe_data (data),
                             (guint) (zframe_size (data) / sizeof (vc_event_t)));
    }
    zstr_free (&command);
    return valid;
}

//  On the UI thread, for each message of a look: a batch kept for the
//  deliveries to come
static void
s_on_message (zsock_t *pipe, void *arg)
{
    gtk_feed_t *self = (gtk_feed_t *) arg;
    zmsg_t *msg = zmsg_recv (pipe);
    if (!msg || !s_take (self, msg, self->events))
        vc_warn ("unexpected message from the event actor");
    zmsg_destroy (&msg);
}

//  Every event delivered: the actor may send the next batch
static void
s_ask_next (gtk_feed_t *self)
{
    g_array_set_size (self->events, 0);
    self->delivered = 0;
    if (zstr_send (zactor_sock (self->actor), "READY"))
        vc_warn ("cannot ask the event actor for more events");
    gtk_pipe_sent (self->watch);
}

//  One main-loop turn of deliveries: slices while the turn's time lasts
//  (a delivery may destroy the feed: then nothing is touched after it)
static gboolean
s_drain (gpointer arg)
{
    gtk_feed_t *self = (gtk_feed_t *) arg;
    int64_t until = g_get_monotonic_time () + FEED_TURN_USEC;
    bool alive = true;
    self->alive = &alive;
    GArray *slice = g_array_sized_new (FALSE, FALSE, sizeof (vc_event_t), FEED_SLICE);
    while (alive && self->delivered < self->events->len && g_get_monotonic_time () < until) {
        guint count = MIN (FEED_SLICE, self->events->len - self->delivered);
        g_array_set_size (slice, 0);
        g_array_append_vals (slice, &g_array_index (self->events, vc_event_t, self->delivered), count);
        self->delivered += count;
        self->deliver (slice, self->arg);
    }
    g_array_unref (slice);
    if (!alive)
        return G_SOURCE_REMOVE;        //  Its source went with it
    self->alive = NULL;
    if (self->delivered < self->events->len)
        return G_SOURCE_CONTINUE;
    self->drain = 0;
    s_ask_next (self);
    return G_SOURCE_REMOVE;
}

//  At a look's end: deliver what was taken, from the idle source (below
//  redraws and input, which come first)
static void
s_on_look_end (void *arg)
{
    gtk_feed_t *self = (gtk_feed_t *) arg;
    if (self->events->len > self->delivered && !self->drain)
        self->drain = g_idle_add (s_drain, self);
}

gtk_feed_t *
gtk_feed_new (const char *endpoint, const char *topics, gtk_feed_fn *deliver, void *arg)
{
    zsock_t *sub = vc_event_subscriber_new (endpoint, topics);
    if (!sub)
        return NULL;
    gtk_feed_t *self = g_new0 (gtk_feed_t, 1);
    self->deliver = deliver;
    self->arg = arg;
    self->events = g_array_new (FALSE, FALSE, sizeof (vc_event_t));
    self->actor = zactor_new (s_actor, sub);
    if (!self->actor)
        zsock_destroy (&sub);
    else
        self->watch = gtk_pipe_new (self->actor, s_on_message, s_on_look_end, self);
    if (!self->watch)
        gtk_feed_destroy (&self);
    return self;
}

void
gtk_feed_destroy (gtk_feed_t **self_p)
{
    gtk_feed_t *self = *self_p;
    if (!self)
        return;
    if (self->alive)
        *self->alive = false;
    if (self->drain)
        g_source_remove (self->drain);
    gtk_pipe_destroy (&self->watch);
    zactor_destroy (&self->actor);
    g_array_unref (self->events);
    g_free (self);
    *self_p = NULL;
}

uint64_t
gtk_feed_received (gtk_feed_t *self)
{
    return self->received;
}

uint64_t
gtk_feed_dropped (gtk_feed_t *self)
{
    return self->dropped;
}

int
gtk_feed_buses_told (const gtk_net_result_t *result, const char *servers, char *out, size_t size)
{
    out [0] = 0;
    if (result->status != VC_OK || !result->reply)
        return -1;
    //  Each taken if readable (the model's 256 bytes); left "" if not
    const char *told = "", *peer = "";
    vc_body_t *body = result->reply->body;
    if (body) {
        vc_broker_ping_reply_get_events (body, &told);
        vc_broker_ping_reply_get_peer_events (body, &peer);
    }
    return vc_endpoint_events_pair (told, peer, result->address, servers, out, size);
}
