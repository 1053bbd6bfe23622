/*  gtk_feed - the event subscriber's actor and its batched hand-over to
    the UI thread.

    The actor (a zactor) owns the SUB socket and polls it and its pipe
    with a zpoller. It gathers events into a batch (at most
    FEED_BATCH_MAX; beyond that they are dropped with a warning) and sends
    the batch over the pipe once the UI has taken the last one:

        EVENTS received events  to the UI: vc_event_t array, events
                                received since the start (dropped included)
        READY                   to the actor: the UI has taken the batch

    The UI thread watches the pipe from the GLib main loop (gtk_pipe), so
    the two threads share no state.  */
#include "gtk_feed.h"
#include "gtk_pipe.h"
#include "vc_endpoint.h"
#include "vc_log.h"

#define FEED_BATCH_MAX  5000        //  Events held for the UI at most
#define FEED_BURST_MAX  1000        //  Events read before looking at the pipe

struct _gtk_feed_t {
    zactor_t *actor;
    gtk_pipe_t *watch;          //  The pipe, watched from the main loop
    GArray *events;             //  Batches taken in this look, not delivered
    uint64_t received;          //  As of the last batch
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
            vc_warn ("event %" PRIu64 " dropped: the window is not keeping up", event.seq);
        self->received++;
    }
}

//  The batch to the UI, if it is ready for one
static void
s_hand_over (zsock_t *pipe, s_actor_t *self)
{
    if (!self->ready || self->batch->len == 0)
        return;
    zmsg_t *msg = zmsg_new ();
    if (!msg
    ||  zmsg_addstr (msg, "EVENTS")
    ||  zmsg_addmem (msg, &self->received, sizeof self->received)
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
    zframe_t *count = zmsg_first (msg), *data = zmsg_next (msg);
    bool valid = command && streq (command, "EVENTS")
              && count && zframe_size (count) == sizeof self->received
              && data && zframe_size (data) % sizeof (vc_event_t) == 0;
    if (valid) {
        memcpy (&self->received, zframe_data (count), sizeof self->received);
        g_array_append_vals (events, zframe_data (data),
                             (guint) (zframe_size (data) / sizeof (vc_event_t)));
    }
    zstr_free (&command);
    return valid;
}

//  On the UI thread, for each message of a look: a batch kept for the
//  look's end, and the actor told it may send the next one
static void
s_on_message (zsock_t *pipe, void *arg)
{
    gtk_feed_t *self = (gtk_feed_t *) arg;
    zmsg_t *msg = zmsg_recv (pipe);
    if (msg && s_take (self, msg, self->events))
        zstr_send (pipe, "READY");
    else
        vc_warn ("unexpected message from the event actor");
    zmsg_destroy (&msg);
}

//  At a look's end: the batches taken, delivered as one (the delivery may
//  destroy the feed, so the array is this look's own)
static void
s_on_look_end (void *arg)
{
    gtk_feed_t *self = (gtk_feed_t *) arg;
    if (self->events->len == 0)
        return;
    GArray *events = self->events;
    self->events = g_array_new (FALSE, FALSE, sizeof (vc_event_t));
    self->deliver (events, self->arg);
    g_array_unref (events);
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

int
gtk_feed_buses_told (const gtk_net_result_t *result, const char *servers, char *out, size_t size)
{
    char told [257] = "", peer [257] = "";
    out [0] = 0;
    if (result->status != VC_OK || !result->reply)
        return -1;
    vc_reply_str (result->reply, "events", told, sizeof told);
    vc_reply_str (result->reply, "peer_events", peer, sizeof peer);
    return vc_endpoint_events_pair (told, peer, result->address, servers, out, size);
}
