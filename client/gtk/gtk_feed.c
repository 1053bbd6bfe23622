/*  gtk_feed - the event subscriber thread and its batched hand-over to
    the UI thread.  */
#include "gtk_feed.h"
#include "vc_log.h"

#define FEED_POLL_MS    200
#define FEED_BATCH_MAX  5000        //  Events held for the UI at most

struct _gtk_feed_t {
    GThread *thread;
    zsock_t *sub;               //  Owned by the thread once started
    gint quit;                  //  Atomic
    GMutex lock;                //  Guards batch and idle
    GArray *batch;              //  vc_event_t waiting for the UI
    guint idle;                 //  Pending idle source, or 0
    uint64_t received;          //  Atomic through the lock
    gtk_feed_fn *deliver;
    void *arg;
};

//  On the UI thread: take the waiting events and deliver them
static gboolean
s_flush (gpointer data)
{
    gtk_feed_t *self = (gtk_feed_t *) data;
    g_mutex_lock (&self->lock);
    GArray *events = self->batch;
    self->batch = g_array_new (FALSE, FALSE, sizeof (vc_event_t));
    self->idle = 0;
    g_mutex_unlock (&self->lock);
    if (events->len)
        self->deliver (events, self->arg);
    g_array_unref (events);
    return G_SOURCE_REMOVE;
}

static void
s_queue (gtk_feed_t *self, const vc_event_t *event)
{
    g_mutex_lock (&self->lock);
    if (self->batch->len < FEED_BATCH_MAX)
        g_array_append_val (self->batch, *event);
    else
        vc_warn ("event %" PRIu64 " dropped: the window is not keeping up", event->seq);
    self->received++;
    if (!self->idle)
        self->idle = g_idle_add (s_flush, self);
    g_mutex_unlock (&self->lock);
}

static gpointer
s_thread (gpointer arg)
{
    gtk_feed_t *self = (gtk_feed_t *) arg;
    while (!g_atomic_int_get (&self->quit)) {
        zmq_pollitem_t item = { zsock_resolve (self->sub), 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, FEED_POLL_MS) < 0)
            break;
        for (int burst = 0; burst < 1000 && (item.revents & ZMQ_POLLIN); burst++) {
            vc_event_t event;
            if (vc_event_recv (self->sub, &event) == 0)
                s_queue (self, &event);
            else
                vc_debug ("malformed event dropped");
            if (zmq_poll (&item, 1, 0) < 0)
                break;
        }
    }
    zsock_destroy (&self->sub);
    return NULL;
}

gtk_feed_t *
gtk_feed_new (const char *endpoint, const char *topics, gtk_feed_fn *deliver, void *arg)
{
    zsock_t *sub = vc_event_subscriber_new (endpoint, topics);
    if (!sub)
        return NULL;
    gtk_feed_t *self = g_new0 (gtk_feed_t, 1);
    self->sub = sub;
    self->deliver = deliver;
    self->arg = arg;
    g_mutex_init (&self->lock);
    self->batch = g_array_new (FALSE, FALSE, sizeof (vc_event_t));
    self->thread = g_thread_new ("vc-events", s_thread, self);
    return self;
}

void
gtk_feed_destroy (gtk_feed_t **self_p)
{
    gtk_feed_t *self = *self_p;
    if (!self)
        return;
    g_atomic_int_set (&self->quit, 1);
    g_thread_join (self->thread);
    if (self->idle)
        g_source_remove (self->idle);
    g_array_unref (self->batch);
    g_mutex_clear (&self->lock);
    g_free (self);
    *self_p = NULL;
}

uint64_t
gtk_feed_received (gtk_feed_t *self)
{
    g_mutex_lock (&self->lock);
    uint64_t received = self->received;
    g_mutex_unlock (&self->lock);
    return received;
}
