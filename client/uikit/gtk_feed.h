/*  gtk_feed - receives events from the broker's event bus (SUB to its
    XPUB endpoint) in an actor (zactor), and hands them to the UI thread in
    batches over the actor's pipe, which the GLib main loop watches, so a
    burst of events costs one redraw.
    Used by the monitor (every topic) and by the client (one province).
*/
#ifndef GTK_FEED_H_INCLUDED
#define GTK_FEED_H_INCLUDED

#include <gtk/gtk.h>
#include "vc_event.h"
#include "gtk_net.h"

//  Called on the UI thread with an array of vc_event_t (freed after).
typedef void (gtk_feed_fn) (GArray *events, void *arg);

typedef struct _gtk_feed_t gtk_feed_t;

//  Subscribe at endpoint to topics (comma-separated prefixes, "" for every
//  topic); NULL if the socket cannot be made.
gtk_feed_t *gtk_feed_new (const char *endpoint, const char *topics, gtk_feed_fn *deliver, void *arg);
void gtk_feed_destroy (gtk_feed_t **self_p);

//  Events received so far, as of the last batch delivered (UI thread).
uint64_t gtk_feed_received (gtk_feed_t *self);

//  The buses a broker's ping reply (result, from the broker at
//  result->address) names: its own and, from a broker of a pair, its
//  peer's, as endpoints to subscribe to, comma-separated in out
//  (vc_endpoint_events_pair; servers: the broker addresses the program
//  was given). 0, or -1 if the reply names no bus.
int gtk_feed_buses_told (const gtk_net_result_t *result, const char *servers, char *out, size_t size);

#endif
