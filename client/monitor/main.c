/*  vc-monitor - the server view: the broker's address, a live table of
    every client's actions from the event bus in the order they happened,
    the services with their instances and health, the connected clients,
    an operator-only Stop button, and Change server.  */
#include "monitor.h"
#include "ui_app.h"
#include "vc_endpoint.h"
#include "vc_path.h"
#include "vc_text.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, N_("Broker address (host, host:port or tcp://host:port), or both of a pair of brokers, comma-separated"), false },
    { "events", "VC_EVENTS", NULL, N_("Event bus address, or both of a pair (default: as the broker tells, both of a pair)"), false },
    { "server-key-file", "VC_SERVER_KEY_FILE", NULL, N_("Broker public certificate: encrypt the link with CURVE"), false },
    { "operator-key-file", "VC_OPERATOR_KEY_FILE", NULL, N_("Operator key file: enables the Stop button, the list of clients and the event history"), false },
    { "poll", "VC_MONITOR_POLL", "2000", N_("Milliseconds between refreshes of the services panel"), false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

//  The event endpoint: --events, else each server's host on port 5558
//  (a comma-separated list for a pair of brokers: both buses are heard)
//  until the broker names its buses (monitor_ask_broker).
static void
s_events_endpoint (vc_config_t *config, const char *server, char *out, size_t size)
{
    const char *events = vc_config_get (config, "events");
    if (events) {
        if (vc_endpoint_normalize (events, VC_DEFAULT_EVENTS_OUT_PORT, out, size))
            vc_text_copy (out, size, events);
        return;
    }
    //  An address that is not tcp:// gives no event bus to follow
    vc_endpoint_events_list (server, out, size);
}

static void
s_on_events (GArray *events, void *arg)
{
    monitor_t *self = (monitor_t *) arg;
    monitor_table_add (self, events);
    monitor_history_check (self, events);
}

static GtkWidget *
s_address_bar (monitor_t *self)
{
    GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *caption = gtk_label_new (_("Server address"));
    gtk_widget_add_css_class (caption, "dim-label");
    self->server_label = gtk_label_new ("");
    gtk_widget_set_name (self->server_label, "server-address");
    gtk_widget_add_css_class (self->server_label, "server-address");
    gtk_label_set_selectable (GTK_LABEL (self->server_label), TRUE);
    self->events_label = gtk_label_new ("");
    gtk_widget_set_name (self->events_label, "events-address");
    gtk_widget_add_css_class (self->events_label, "dim-label");
    gtk_box_append (GTK_BOX (bar), caption);
    gtk_box_append (GTK_BOX (bar), self->server_label);
    gtk_box_append (GTK_BOX (bar), self->events_label);
    gtk_box_append (GTK_BOX (bar), monitor_stop_new (self));
    return bar;
}

//  The addresses on show: the address bar and the header
static void
s_show_addresses (monitor_t *self)
{
    char text [300];
    gtk_label_set_text (GTK_LABEL (self->server_label), self->server);
    snprintf (text, sizeof text, _("events: %s"), self->events);
    gtk_label_set_text (GTK_LABEL (self->events_label), text);
    adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->title), self->server);
}

//  The broker's ping: its run (the active broker's: a passive one does
//  not answer) and, without --events, its bus and its peer's
static void
s_got_ping (gtk_net_result_t *result, void *user)
{
    monitor_t *self = (monitor_t *) user;
    char buses [256], run [17] = "";
    if (self->switching || result->status != VC_OK || !result->reply)
        return;                 //  Asked again at the next connection
    const char *epoch = NULL;       //  A run longer than the events' is not theirs
    if (result->reply->body && vc_broker_ping_reply_get_epoch (result->reply->body, &epoch) == 0
    &&  strlen (epoch) < sizeof run)
        vc_text_copy (run, sizeof run, epoch);
    if (self->ask_bus && gtk_feed_buses_told (result, self->server, buses, sizeof buses) == 0) {
        self->ask_bus = false;
        if (!streq (buses, self->events)) {
            //  What came from the guessed bus is not this broker's: start again
            vc_info ("the broker names its event bus: %s", buses);
            char server [256];
            vc_text_copy (server, sizeof server, self->server);
            monitor_follow (self, server, buses);
        }
    }
    if (*run)
        monitor_events_active_run (self->rows, run);
}

void
monitor_ask_broker (monitor_t *self)
{
    gtk_net_call (self->net, VC_SERVICE_BROKER, vc_api_op ("ping"), s_got_ping, self);
}

void
monitor_follow (monitor_t *self, const char *servers, const char *events)
{
    self->ask_bus = false;              //  Chosen on the Change server page
    vc_info ("monitoring %s (events %s) instead of %s", servers, events, self->server);
    gtk_feed_destroy (&self->feed);
    vc_text_copy (self->server, sizeof self->server, servers);
    vc_text_copy (self->events, sizeof self->events, events);
    self->feed = gtk_feed_new (self->events, "", s_on_events, self);
    if (!self->feed)
        vc_error ("cannot subscribe to events at %s", self->events);
    //  Nothing of the old broker stays: its events, runs, panels, Stop's outcome
    self->history_run [0] = 0;
    self->history_after = 0;
    self->history_busy = false;
    self->history_off = false;
    monitor_table_reset (self);
    s_show_addresses (self);
    self->switching = false;
    self->connected = true;
    self->answering = false;
    monitor_stop_update (self);
    gtk_stack_set_visible_child_name (GTK_STACK (self->pages), "monitor");
    monitor_services_reset (self);
    monitor_ask_broker (self);          //  Its run
}

static void
s_action_quit (GSimpleAction *action, GVariant *parameter, gpointer user)
{
    (void) action, (void) parameter;
    monitor_t *self = (monitor_t *) user;
    g_application_quit (G_APPLICATION (self->gtk));
}

static void
s_action_find (GSimpleAction *action, GVariant *parameter, gpointer user)
{
    (void) action, (void) parameter;
    monitor_t *self = (monitor_t *) user;
    gtk_stack_set_visible_child_name (GTK_STACK (self->pages), "monitor");
    monitor_table_focus_search (self);
}

static void
s_action_server (GSimpleAction *action, GVariant *parameter, gpointer user)
{
    (void) action, (void) parameter;
    monitor_server_enter ((monitor_t *) user);
}

static void
s_action_about (GSimpleAction *action, GVariant *parameter, gpointer user)
{
    (void) action, (void) parameter;
    monitor_t *self = (monitor_t *) user;
    ui_app_about (self->window, "org.vcovid.Monitor", _("COVID-19 Server Monitor"),
        _("Watch every client's actions, the services and the connected clients of a "
          "COVID-19 lookup server, and stop it."));
}

static void
s_add_actions (monitor_t *self)
{
    const GActionEntry actions [] = {
        { "quit", s_action_quit, NULL, NULL, NULL, { 0 } },
        { "find", s_action_find, NULL, NULL, NULL, { 0 } },
        { "change-server", s_action_server, NULL, NULL, NULL, { 0 } },
        { "about", s_action_about, NULL, NULL, NULL, { 0 } },
    };
    g_action_map_add_action_entries (G_ACTION_MAP (self->gtk), actions, G_N_ELEMENTS (actions), self);
    const char *quit [] = { "<Control>q", "<Control>w", NULL };
    const char *find [] = { "<Control>f", NULL };
    gtk_application_set_accels_for_action (self->gtk, "app.quit", quit);
    gtk_application_set_accels_for_action (self->gtk, "app.find", find);
}

static GtkWidget *
s_menu_button (void)
{
    const char *labels [] = { _("_Find events"), _("Change _Server…"), _("_About the Monitor"),
                              _("_Quit"), NULL };
    const char *actions [] = { "app.find", "app.change-server", "app.about", "app.quit", NULL };
    return ui_kit_menu_button (labels, actions);
}

static void
s_build_window (monitor_t *self)
{
    self->window = GTK_WINDOW (adw_application_window_new (self->gtk));
    gtk_window_set_title (self->window, _("COVID-19 Server Monitor"));
    gtk_window_set_default_size (self->window, 1024, 680);
    GtkWidget *header = adw_header_bar_new ();
    self->title = adw_window_title_new (_("COVID-19 Server Monitor"), "");
    gtk_widget_set_name (self->title, "header-subtitle");
    ui_kit_set_text_func (self->title, ui_app_window_title_text);
    adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), self->title);
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), s_menu_button ());

    GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
    gtk_widget_set_margin_start (page, 16);
    gtk_widget_set_margin_end (page, 16);
    gtk_widget_set_margin_top (page, 12);
    gtk_widget_set_margin_bottom (page, 12);
    gtk_box_append (GTK_BOX (page), s_address_bar (self));
    gtk_box_append (GTK_BOX (page), monitor_stop_confirm_bar (self));
    gtk_box_append (GTK_BOX (page), monitor_services_new (self));
    GtkWidget *table = monitor_table_new (self);
    gtk_widget_set_vexpand (table, TRUE);
    gtk_box_append (GTK_BOX (page), table);
    s_show_addresses (self);
    self->pages = ui_kit_pages_new ("pages");
    gtk_stack_add_named (GTK_STACK (self->pages), page, "monitor");
    gtk_stack_add_named (GTK_STACK (self->pages), monitor_server_new (self), "connect");
    gtk_stack_set_visible_child_name (GTK_STACK (self->pages), "monitor");
    GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_box_append (GTK_BOX (content), header);
    gtk_box_append (GTK_BOX (content), ui_app_toast_overlay (self->window, self->pages));
    adw_application_window_set_content (ADW_APPLICATION_WINDOW (self->window), content);
}

static void
s_quit (void *arg)
{
    monitor_t *self = (monitor_t *) arg;
    g_application_quit (G_APPLICATION (self->gtk));
}

static gboolean
s_on_signal (gpointer user)
{
    s_quit (user);
    return G_SOURCE_CONTINUE;
}

static void
s_activate (GtkApplication *gtk, gpointer user)
{
    (void) gtk;
    monitor_t *self = (monitor_t *) user;
    if (self->window) {
        gtk_window_present (self->window);
        return;
    }
    ui_kit_load_css ();
    s_add_actions (self);
    self->feed = gtk_feed_new (self->events, "", s_on_events, self);
    if (!self->feed)
        vc_error ("cannot subscribe to events at %s", self->events);
    s_build_window (self);
    gtk_window_present (self->window);
    self->script = ui_driver_start ("VC_MONITOR_TEST_SCRIPT", self->window, s_quit, self);
}

static int
s_load_keys (vc_config_t *config, monitor_t *self, char *server_key, size_t key_size)
{
    const char *path = vc_config_get (config, "operator-key-file");
    if (path && !(self->operator_key = vc_path_first_line (path))) {
        vc_error ("cannot read the operator key from %s", path);
        return -1;
    }
    return ui_app_server_key (config, server_key, key_size);
}

static void
s_cleanup (monitor_t *self)
{
    monitor_services_stop (self);
    gtk_feed_destroy (&self->feed);
    if (self->scroll_idle)
        g_source_remove (self->scroll_idle);
    gtk_net_destroy (&self->net);
    if (self->window)
        gtk_window_destroy (self->window);
    ui_driver_destroy (&self->script);
    if (self->filtered)
        g_object_unref (self->filtered);
    if (self->filter)
        g_object_unref (self->filter);
    monitor_events_destroy (&self->rows);
    monitor_rows_destroy (&self->view);
    monitor_server_destroy (&self->change);
    g_free (self->query);
    if (self->operator_key) {
        memset (self->operator_key, 0, strlen (self->operator_key));
        free (self->operator_key);
    }
}

static int
s_run (vc_config_t *config, char *argv0)
{
    monitor_t self = { 0 };
    char server_key [64];
    if (s_load_keys (config, &self, server_key, sizeof server_key)) {
        free (self.operator_key);
        return 2;
    }
    const char *server = vc_config_get (config, "server");
    if (vc_endpoint_normalize_list (server, VC_DEFAULT_FRONTEND_PORT, self.server, sizeof self.server))
        vc_text_copy (self.server, sizeof self.server, server);
    s_events_endpoint (config, self.server, self.events, sizeof self.events);
    self.ask_bus = vc_config_get (config, "events") == NULL;
    self.poll_ms = (int) vc_config_int (config, "poll");
    if (self.poll_ms < 100)
        self.poll_ms = 100;
    self.net = gtk_net_new ("monitor", *server_key ? server_key : NULL, 3000);
    self.gtk = GTK_APPLICATION (adw_application_new ("org.vcovid.Monitor", G_APPLICATION_NON_UNIQUE));
    g_signal_connect (self.gtk, "activate", G_CALLBACK (s_activate), &self);
    vc_info ("monitoring %s (events %s)", self.server, self.events);
    int rc = ui_app_run (self.gtk, argv0, s_on_signal, &self);
    if (ui_driver_failed (self.script))
        rc = 1;
    s_cleanup (&self);
    g_object_unref (self.gtk);
    return rc;
}

int
main (int argc, char **argv)
{
    return ui_app_main ("vc-monitor", "monitor",
        N_("The server monitor: address, live events, services, clients, and Stop."),
        s_options, argc, argv, s_run);
}
