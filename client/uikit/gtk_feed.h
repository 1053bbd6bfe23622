/*  gtk_feed - receives events from the broker's event bus (SUB to its
    XPUB endpoint) in an actor (zactor), and hands them to the UI thread in
    batches over the actor's pipe, which the GLib main loop watches; a
    batch is delivered in slices, a few milliseconds of each main-loop
    turn, so the window keeps drawing and answering however fast events
    come (those it cannot take are dropped and counted).
    Used by the monitor (every topic) and by the client (one province).
*/
#ifndef GTK_FEED_H_INCLUDED
#define GTK_FEED_H_INCLUDED

#include <gtk/gtk.h>
#include "vc_event.h"
#include "gtk_net.h"

//  Called on the UI thread with an array of vc_event_t (freed after), at
//  most 64 events at once; it may destroy the feed.
typedef void (gtk_feed_fn) (GArray *events, void *arg);

typedef struct _gtk_feed_t gtk_feed_t;

//  Subscribe at endpoint to topics (comma-separated prefixes, "" for every
//  topic); NULL if the socket cannot be made.
gtk_feed_t *gtk_feed_new (const char *endpoint, const char *topics, gtk_feed_fn *deliver, void *arg);
void gtk_feed_destroy (gtk_feed_t **self_p);

//  Events received so far, as of the last batch delivered (UI thread).
uint64_t gtk_feed_received (gtk_feed_t *self);
//  Events dropped so far because the window did not take them in time, as
//  of the last batch taken (UI thread).
uint64_t gtk_feed_dropped (gtk_feed_t *self);

//  The buses a broker's ping reply (result, from the broker at
//  result->address) names: its own and, from a broker of a pair, its
//  peer's, as endpoints to subscribe to, comma-separated in out
//  (vc_endpoint_events_pair; servers: the broker addresses the program
//  was given). 0, or -1 if the reply names no bus.
int gtk_feed_buses_told (const gtk_net_result_t *result, const char *servers, char *out, size_t size);

#endif
