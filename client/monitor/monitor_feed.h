/*  monitor_feed - receives events from the broker's event bus (SUB to its
    XPUB endpoint) in its own thread, and hands them to the UI thread in
    batches through g_idle_add, so a burst of events costs one redraw.
*/
#ifndef MONITOR_FEED_H_INCLUDED
#define MONITOR_FEED_H_INCLUDED

#include <gtk/gtk.h>
#include "vc_event.h"

//  Called on the UI thread with an array of vc_event_t (freed after).
typedef void (monitor_feed_fn) (GArray *events, void *arg);

typedef struct _monitor_feed_t monitor_feed_t;

//  Subscribe to every topic at endpoint; NULL if the socket cannot be made.
monitor_feed_t *monitor_feed_new (const char *endpoint, monitor_feed_fn *deliver, void *arg);
void monitor_feed_destroy (monitor_feed_t **self_p);

//  Events received so far (any thread).
uint64_t monitor_feed_received (monitor_feed_t *self);

#endif
