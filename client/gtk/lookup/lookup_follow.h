/*  lookup_follow - "Notify me of new figures" for the province on show.
    While the toggle is on, the province's topic (data.province.NN) is
    followed on the broker's event bus; each change is told on the UI thread
    (the page then shows a toast and looks the province up again) and, when
    the window is not in front, as a desktop notification.
*/
#ifndef LOOKUP_FOLLOW_H_INCLUDED
#define LOOKUP_FOLLOW_H_INCLUDED

#include <gtk/gtk.h>
#include "gtk_net.h"

typedef struct _lookup_follow_t lookup_follow_t;

//  Called on the UI thread when the followed province's figures changed;
//  detail is the event's text (from the data service).
typedef void (lookup_follow_fn) (const char *province, const char *detail, void *arg);

lookup_follow_t *lookup_follow_new (lookup_follow_fn *changed, void *arg);
void lookup_follow_destroy (lookup_follow_t **self_p);

//  The toggle button (named "lookup-follow"), hidden until a province is set.
GtkWidget *lookup_follow_widget (lookup_follow_t *self);

//  The province on show (code 1-96, its name) and where the broker is
//  (net, servers: its address or both of a pair, events: --events or NULL
//  to ask the broker, which names its bus and, one of a pair, its peer's:
//  both are heard). Another province or server than the followed one turns
//  following off; code 0 hides it.
void lookup_follow_set (lookup_follow_t *self, gtk_net_t *net, const char *servers,
                        const char *events, int code, const char *province);

//  Stop following (sign-out, another server).
void lookup_follow_stop (lookup_follow_t *self);

//  Whether a province is followed now, and the subscription's endpoint.
bool lookup_follow_active (lookup_follow_t *self);

#endif
