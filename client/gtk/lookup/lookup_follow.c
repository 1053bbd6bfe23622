/*  lookup_follow - follows one province's topic on the event bus while the
    "Notify me of new figures" toggle is on.  */
#include "lookup_follow.h"
#include "gtk_feed.h"
#include "vc_endpoint.h"
#include "vc_i18n.h"
#include "vc_log.h"
#include "vc_proto.h"
#include "vc_text.h"

struct _lookup_follow_t {
    GtkWidget *toggle;
    gtk_feed_t *feed;               //  While following
    gtk_net_t *net;                 //  Not owned
    char servers [256];             //  The broker's address, or both of a pair
    char events [256];              //  --events, or "" to ask the broker
    int code;                       //  Province on show, 0: none
    char province [128];
    unsigned ticket;                //  Drops answers of older pings
    bool quiet;                     //  Set while the toggle is moved by code
    lookup_follow_fn *changed;
    void *arg;
};

static void
s_set_toggle (lookup_follow_t *self, bool active)
{
    self->quiet = true;
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->toggle), active);
    self->quiet = false;
}

//  With a pair both buses are heard; only the active broker's carries
//  what the data service publishes, so each event comes once
static void
s_on_events (GArray *events, void *arg)
{
    lookup_follow_t *self = (lookup_follow_t *) arg;
    if (!self->feed || events->len == 0)
        return;
    const vc_event_t *newest = &g_array_index (events, vc_event_t, events->len - 1);
    vc_info ("%s: %s", newest->topic, newest->detail);
    self->changed (self->province, newest->detail, self->arg);
}

static void
s_subscribe (lookup_follow_t *self, const char *endpoint)
{
    char topic [32];
    snprintf (topic, sizeof topic, VC_TOPIC_DATA_PROVINCE "%02d", self->code);
    self->feed = gtk_feed_new (endpoint, topic, s_on_events, self);
    if (self->feed)
        vc_info ("following %s (%s at %s)", self->province, topic, endpoint);
    else {
        vc_warn ("cannot follow %s at %s", topic, endpoint);
        s_set_toggle (self, false);
    }
}

typedef struct {
    lookup_follow_t *self;
    unsigned ticket;
} s_ping_t;

static void
s_got_ping (gtk_net_result_t *result, void *user)
{
    s_ping_t *ping = (s_ping_t *) user;
    lookup_follow_t *self = ping->self;
    bool current = ping->ticket == self->ticket;
    g_free (ping);
    if (!current || !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->toggle)))
        return;
    //  Its bus, and its peer's when it is one of a pair
    char endpoint [256];
    if (gtk_feed_buses_told (result, self->servers, endpoint, sizeof endpoint)
    &&  vc_endpoint_events (NULL, result->address, endpoint, sizeof endpoint)) {
        vc_warn ("no event bus address for %s", self->servers);
        s_set_toggle (self, false);
        return;
    }
    s_subscribe (self, endpoint);
}

static void
s_on_toggled (GtkToggleButton *toggle, gpointer user)
{
    lookup_follow_t *self = (lookup_follow_t *) user;
    if (self->quiet)
        return;
    if (!gtk_toggle_button_get_active (toggle)) {
        lookup_follow_stop (self);
        return;
    }
    if (*self->events) {
        s_subscribe (self, self->events);
        return;
    }
    s_ping_t *ping = g_new0 (s_ping_t, 1);
    ping->self = self;
    ping->ticket = ++self->ticket;
    gtk_net_call (self->net, VC_SERVICE_BROKER, vc_api_op ("ping"), s_got_ping, ping);
}

lookup_follow_t *
lookup_follow_new (lookup_follow_fn *changed, void *arg)
{
    lookup_follow_t *self = g_new0 (lookup_follow_t, 1);
    self->changed = changed;
    self->arg = arg;
    self->toggle = gtk_toggle_button_new_with_mnemonic (_("_Notify me of new figures"));
    gtk_widget_set_name (self->toggle, "lookup-follow");
    gtk_widget_set_halign (self->toggle, GTK_ALIGN_CENTER);
    gtk_widget_set_visible (self->toggle, FALSE);
    gtk_widget_set_tooltip_text (self->toggle,
        _("Tells you here, and on the desktop, when a scrape changes this province's figures"));
    g_signal_connect (self->toggle, "toggled", G_CALLBACK (s_on_toggled), self);
    return self;
}

void
lookup_follow_destroy (lookup_follow_t **self_p)
{
    lookup_follow_t *self = *self_p;
    if (!self)
        return;
    gtk_feed_destroy (&self->feed);
    g_free (self);
    *self_p = NULL;
}

GtkWidget *
lookup_follow_widget (lookup_follow_t *self)
{
    return self->toggle;
}

void
lookup_follow_set (lookup_follow_t *self, gtk_net_t *net, const char *servers,
                   const char *events, int code, const char *province)
{
    if (code != self->code || strcmp (servers, self->servers) != 0)
        lookup_follow_stop (self);
    self->net = net;
    self->code = code;
    vc_text_copy (self->servers, sizeof self->servers, servers);
    vc_text_copy (self->events, sizeof self->events, events);
    vc_text_copy (self->province, sizeof self->province, province);
    gtk_widget_set_visible (self->toggle, code > 0);
}

void
lookup_follow_stop (lookup_follow_t *self)
{
    self->ticket++;
    if (self->feed)
        vc_info ("no longer following %s", self->province);
    gtk_feed_destroy (&self->feed);
    s_set_toggle (self, false);
}

bool
lookup_follow_active (lookup_follow_t *self)
{
    return self->feed != NULL;
}
