/*  monitor_server - Change server: a page like the desktop client's
    Connect page (the broker's address, or both of a pair, and its event
    bus, empty to take the one the broker names), with Cancel while it
    waits and the reason beside the field at fault. Once the new broker
    answers, the monitor follows it instead: its events from the start of
    its history, its services and its clients.  */
#include "monitor.h"
#include "ui_words.h"
#include "vc_endpoint.h"
#include "vc_text.h"

struct _monitor_server_t {
    monitor_t *monitor;
    GtkWidget *address;             //  Named "server-entry"
    GtkWidget *events;              //  Named "server-events"
    GtkWidget *button;              //  Named "server-connect"
    GtkWidget *back;                //  Named "server-back"
    ui_status_t status;             //  Named "server-status"
    unsigned ticket;                //  Drops the answers of a cancelled try
    char typed [256];               //  The addresses being tried
    char typed_events [256];        //  The event bus typed, or ""
};

typedef struct {
    monitor_server_t *self;
    unsigned ticket;
    char address [256];             //  The broker that welcomed the monitor
} s_try_t;

static void
s_set_busy (monitor_server_t *self, bool busy)
{
    gtk_widget_set_sensitive (self->button, !busy);
    gtk_widget_set_sensitive (self->back, !busy);
    gtk_editable_set_editable (GTK_EDITABLE (self->address), !busy);
    gtk_editable_set_editable (GTK_EDITABLE (self->events), !busy);
}

//  The try is over (or was cancelled): true if its answer still counts
static bool
s_current (s_try_t *try)
{
    return try->ticket == try->self->ticket;
}

static void
s_failed (monitor_server_t *self, GtkWidget *field, const char *reason)
{
    monitor_t *monitor = self->monitor;
    monitor->switching = false;
    monitor->connected = false;         //  The old link is gone: polls join it again
    s_set_busy (self, false);
    ui_status_clear (&self->status);
    ui_kit_field_error (field, reason);
    gtk_entry_grab_focus_without_selecting (GTK_ENTRY (field));
}

static void
s_done (monitor_server_t *self, const char *address, const char *events)
{
    s_set_busy (self, false);
    ui_status_clear (&self->status);
    monitor_follow (self->monitor, self->typed, events);
    char text [320];
    snprintf (text, sizeof text, _("Connected to %s."), address);
    ui_kit_toast (self->monitor->pages, text);
}

static void
s_got_ping (gtk_net_result_t *result, void *user)
{
    s_try_t *try = (s_try_t *) user;
    monitor_server_t *self = try->self;
    if (s_current (try)) {
        //  Its bus, and its peer's when it is one of a pair
        char endpoint [256];
        if (gtk_feed_buses_told (result, self->typed, endpoint, sizeof endpoint)
        &&  vc_endpoint_events (NULL, try->address, endpoint, sizeof endpoint))
            s_failed (self, self->events, _("The server does not say where its event bus is. "
                                            "Type its address, e.g. 127.0.0.1:5558."));
        else
            s_done (self, try->address, endpoint);
    }
    g_free (try);
}

static void
s_connected (gtk_net_result_t *result, void *user)
{
    s_try_t *try = (s_try_t *) user;
    monitor_server_t *self = try->self;
    if (!s_current (try)) {
        g_free (try);
        return;
    }
    if (result->status != VC_OK) {
        char text [600];
        s_failed (self, self->address, ui_words_connect (result, text, sizeof text));
        g_free (try);
        return;
    }
    vc_text_copy (try->address, sizeof try->address, result->address);
    if (*self->typed_events) {
        s_done (self, try->address, self->typed_events);
        g_free (try);
    }
    else        //  The bus of the broker that welcomed the monitor
        gtk_net_call (self->monitor->net, VC_SERVICE_BROKER, vc_api_op ("ping"), s_got_ping, try);
}

//  The typed event bus (or both of a pair), normalized (port 5558 by
//  default); false if it is not an address
static bool
s_typed_events (monitor_server_t *self)
{
    char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->events))));
    bool ok = true;
    self->typed_events [0] = 0;
    if (*typed && vc_endpoint_normalize_list (typed, VC_DEFAULT_EVENTS_OUT_PORT,
                                              self->typed_events, sizeof self->typed_events)) {
        char text [400];
        snprintf (text, sizeof text, _("“%s” is not an event bus address. Type a host name or "
                                       "an IP address with its port, e.g. 127.0.0.1:5558, or "
                                       "leave it empty."), typed);
        ui_kit_field_error (self->events, text);
        ok = false;
    }
    g_free (typed);
    return ok;
}

static void
s_connect (monitor_server_t *self)
{
    if (!gtk_widget_get_sensitive (self->button))
        return;                 //  Already connecting
    ui_kit_field_ok (self->address);
    ui_kit_field_ok (self->events);
    char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address))));
    //  As the address bar shows them: tcp://host:port (a wrong one is
    //  tried as typed, and the reason shown)
    if (vc_endpoint_normalize_list (address, VC_DEFAULT_FRONTEND_PORT, self->typed, sizeof self->typed))
        vc_text_copy (self->typed, sizeof self->typed, address);
    g_free (address);
    if (!*self->typed) {
        ui_kit_field_error (self->address, _("Type the server's address, e.g. 127.0.0.1."));
        return;
    }
    if (!s_typed_events (self))
        return;
    char text [320];
    snprintf (text, sizeof text, _("Connecting to %s…"), self->typed);
    ui_status_busy (&self->status, text);
    s_set_busy (self, true);
    self->monitor->switching = true;    //  The panel's polls wait
    s_try_t *try = g_new0 (s_try_t, 1);
    try->self = self;
    try->ticket = ++self->ticket;
    gtk_net_connect (self->monitor->net, self->typed, s_connected, try);
}

static void
s_on_connect (GtkWidget *widget, gpointer user)
{
    (void) widget;
    s_connect ((monitor_server_t *) user);
}

static void
s_on_cancel (GtkWidget *widget, gpointer user)
{
    (void) widget;
    monitor_server_t *self = (monitor_server_t *) user;
    self->ticket++;             //  The pending answer is dropped
    self->monitor->switching = false;
    self->monitor->connected = false;   //  The try dropped the old link
    s_set_busy (self, false);
    ui_status_clear (&self->status);
    gtk_entry_grab_focus_without_selecting (GTK_ENTRY (self->address));
}

static void
s_on_back (GtkWidget *widget, gpointer user)
{
    (void) widget;
    monitor_server_t *self = (monitor_server_t *) user;
    if (gtk_widget_get_sensitive (self->back))
        gtk_stack_set_visible_child_name (GTK_STACK (self->monitor->pages), "monitor");
}

//  Escape is Back (while nothing is being tried)
static gboolean
s_on_escape (GtkWidget *widget, GVariant *args, gpointer user)
{
    (void) args;
    s_on_back (widget, user);
    return TRUE;
}

GtkWidget *
monitor_server_new (monitor_t *monitor)
{
    monitor_server_t *self = g_new0 (monitor_server_t, 1);
    self->monitor = monitor;
    monitor->change = self;
    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_box_append (GTK_BOX (card), ui_kit_title (_("Change server"),
        _("Type the address of the server to watch, or both of a pair of servers, "
          "comma-separated.")));
    GtkWidget *grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->address = ui_kit_entry ("server-entry", _("127.0.0.1 or host:5555"), false);
    gtk_entry_set_input_purpose (GTK_ENTRY (self->address), GTK_INPUT_PURPOSE_URL);
    ui_kit_form_row (GTK_GRID (grid), 0, _("Server _address"), self->address, NULL);
    self->events = ui_kit_entry ("server-events", _("as the server tells"), false);
    gtk_entry_set_input_purpose (GTK_ENTRY (self->events), GTK_INPUT_PURPOSE_URL);
    ui_kit_form_row (GTK_GRID (grid), 1, _("_Event bus"), self->events, NULL);
    gtk_box_append (GTK_BOX (card), grid);

    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
    self->back = ui_kit_button ("server-back", _("_Back"), false);
    self->button = ui_kit_button ("server-connect", _("_Connect"), true);
    gtk_box_append (GTK_BOX (buttons), self->back);
    gtk_box_append (GTK_BOX (buttons), self->button);
    gtk_box_append (GTK_BOX (card), buttons);
    ui_status_init (&self->status, "server", NULL, G_CALLBACK (s_on_cancel), self);
    gtk_box_append (GTK_BOX (card), self->status.box);

    g_signal_connect (self->address, "activate", G_CALLBACK (s_on_connect), self);
    g_signal_connect (self->events, "activate", G_CALLBACK (s_on_connect), self);
    g_signal_connect (self->button, "clicked", G_CALLBACK (s_on_connect), self);
    g_signal_connect (self->back, "clicked", G_CALLBACK (s_on_back), self);
    GtkWidget *page = ui_kit_clamp (card, 560);
    GtkEventController *keys = gtk_shortcut_controller_new ();
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), gtk_shortcut_new (
        gtk_keyval_trigger_new (GDK_KEY_Escape, 0), gtk_callback_action_new (s_on_escape, self, NULL)));
    gtk_widget_add_controller (page, keys);
    return page;
}

void
monitor_server_enter (monitor_t *monitor)
{
    monitor_server_t *self = monitor->change;
    if (gtk_widget_get_sensitive (self->button)) {
        //  Not while a try is on: the address stays as it was typed
        ui_kit_field_ok (self->address);
        ui_kit_field_ok (self->events);
        gtk_editable_set_text (GTK_EDITABLE (self->address), monitor->server);
        gtk_editable_set_text (GTK_EDITABLE (self->events), "");
    }
    gtk_stack_set_visible_child_name (GTK_STACK (monitor->pages), "connect");
    gtk_widget_grab_focus (self->address);
}

void
monitor_server_destroy (monitor_server_t **self_p)
{
    if (self_p && *self_p) {
        g_free (*self_p);
        *self_p = NULL;
    }
}
