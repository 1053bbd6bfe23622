/*  monitor_services - the panel of services (instances, health, requests,
    failures) and connected clients (kind, address, username; with the
    operator key, page by page), refreshed by asking the broker's own
    service every poll period. Connects (and
    reconnects) the monitor's client as needed.  */
#include "monitor.h"
#include "vc_event_words.h"
#include "vc_number.h"
#include "vc_object.h"
#include "vc_text.h"

static void s_poll_now (monitor_t *self);

static GtkWidget *
s_cell (GtkGrid *grid, int column, int row, const char *text, const char *name,
        const char *css_class)
{
    GtkWidget *label = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    if (name)
        gtk_widget_set_name (label, name);
    if (css_class)
        gtk_widget_add_css_class (label, css_class);
    gtk_grid_attach (grid, label, column, row, 1, 1);
    return label;
}

static void
s_clear_grid (GtkWidget *grid)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (grid)))
        gtk_grid_remove (GTK_GRID (grid), child);
}

static void
s_header (GtkGrid *grid, const char *const *titles, int count)
{
    for (int i = 0; i < count; i++)
        s_cell (grid, i, 0, titles [i], NULL, "dim-label");
}

static void
s_show_services (monitor_t *self, vc_reply_t *reply)
{
    GtkGrid *grid = GTK_GRID (self->services);
    s_clear_grid (self->services);
    const char *const titles [] = { _("Service"), _("Instances"), _("Health"), _("Requests"), _("Failures") };
    s_header (grid, titles, 5);
    vc_broker_services_reply_t services;
    if (!reply->body || vc_broker_services_reply_decode (reply->body, &services))
        return;
    for (size_t i = 0; i < services.services_count; i++) {
        const vc_service_row_t *service = &services.services [i];
        char text [32], widget_name [96];
        int row = (int) i + 1;
        s_cell (grid, 0, row, service->name, NULL, NULL);
        snprintf (text, sizeof text, "%" PRId64, service->instances);
        snprintf (widget_name, sizeof widget_name, "service-%s-instances", service->name);
        s_cell (grid, 1, row, text, widget_name, NULL);
        snprintf (widget_name, sizeof widget_name, "service-%s-health", service->name);
        bool up = streq (service->health, "up");
        s_cell (grid, 2, row, vc_event_words_health (up ? "up" : "down"), widget_name,
                up ? "success" : "error");
        vc_number_format (service->requests, text, sizeof text);
        s_cell (grid, 3, row, text, NULL, "numeric");
        vc_number_format (service->failures, text, sizeof text);
        s_cell (grid, 4, row, text, NULL, "numeric");
    }
}

static void s_got_clients (gtk_net_result_t *result, void *user);

//  Ask for the next page of clients (the operator key is needed).
static void
s_ask_clients (monitor_t *self)
{
    self->polls_pending++;
    gtk_net_call (self->net, VC_SERVICE_BROKER,
                  vc_api_clients (self->operator_key, self->clients_after, 0), s_got_clients, self);
}

//  One page of clients: the first starts the grid again; while more
//  follow, the next page is asked for.
static void
s_show_clients (monitor_t *self, vc_reply_t *reply)
{
    GtkGrid *grid = GTK_GRID (self->clients);
    vc_broker_clients_reply_t page;
    if (!reply->body || vc_broker_clients_reply_decode (reply->body, &page))
        return;
    if (!*self->clients_after) {
        s_clear_grid (self->clients);
        const char *const titles [] = { _("Kind"), _("Address"), _("Username"), _("Client") };
        s_header (grid, titles, 4);
        self->clients_rows = 0;
    }
    for (size_t i = 0; i < page.clients_count; i++) {
        const vc_client_row_t *item = &page.clients [i];
        int row = ++self->clients_rows;
        s_cell (grid, 0, row, monitor_kind_words (item->kind), NULL, NULL);
        s_cell (grid, 1, row, item->address, NULL, NULL);
        s_cell (grid, 2, row, *item->username ? item->username : "—", NULL, NULL);
        s_cell (grid, 3, row, item->client, NULL, "dim-label");
    }
    bool more = page.more && strcmp (page.last, self->clients_after) > 0;
    vc_text_copy (self->clients_after, sizeof self->clients_after, more ? page.last : "");
    if (more)
        s_ask_clients (self);
    else {
        char text [64];
        snprintf (text, sizeof text, _("Connected clients: %d"), self->clients_rows);
        gtk_label_set_text (GTK_LABEL (self->clients_count), text);
    }
}

//  Without the operator key the broker lists no clients.
static void
s_clients_closed (monitor_t *self)
{
    s_clear_grid (self->clients);
    gtk_label_set_text (GTK_LABEL (self->clients_count),
                        _("Connected clients: the operator key is needed (--operator-key-file)"));
}

static void
s_link (monitor_t *self, bool up, const char *text)
{
    gtk_label_set_text (GTK_LABEL (self->link_status), text);
    gtk_widget_remove_css_class (self->link_status, up ? "error" : "success");
    gtk_widget_add_css_class (self->link_status, up ? "success" : "error");
}

//  While the broker does not answer, nobody knows the services' health
static void
s_health_unknown (monitor_t *self)
{
    GtkGrid *grid = GTK_GRID (self->services);
    for (int row = 1; gtk_grid_get_child_at (grid, 0, row); row++) {
        GtkWidget *health = gtk_grid_get_child_at (grid, 2, row);
        if (!health)
            continue;
        gtk_label_set_text (GTK_LABEL (health), vc_event_words_health ("unknown"));
        gtk_widget_remove_css_class (health, "success");
        gtk_widget_remove_css_class (health, "error");
        gtk_widget_add_css_class (health, "dim-label");
    }
}

static void
s_answering (monitor_t *self, bool answering)
{
    if (answering == self->answering)
        return;
    self->answering = answering;
    monitor_stop_update (self);
    if (answering)
        monitor_history_fetch (self);
}

static void
s_got_reply (gtk_net_result_t *result, void *user, bool services)
{
    monitor_t *self = (monitor_t *) user;
    self->polls_pending--;
    if (!services && result->status == VC_FORBIDDEN) {
        //  A key the broker does not take: the rest of the panel is fine
        self->clients_after [0] = 0;
        s_clear_grid (self->clients);
        gtk_label_set_text (GTK_LABEL (self->clients_count),
                            _("Connected clients: the broker refused the operator key"));
        return;
    }
    if (result->status != VC_OK) {
        self->clients_after [0] = 0;
        s_link (self, false, result->server_gone
                ? _("The broker does not answer: services and clients are unknown.")
                : _("The broker refused the request."));
        //  What the panel shows is stale now
        s_health_unknown (self);
        gtk_widget_set_sensitive (self->services, FALSE);
        gtk_widget_set_sensitive (self->clients, FALSE);
        gtk_label_set_text (GTK_LABEL (self->clients_count), _("Connected clients: —"));
        if (result->server_gone)
            self->connected = false;
        s_answering (self, false);
        return;
    }
    s_link (self, true, _("The broker answers."));
    s_answering (self, true);
    gtk_widget_set_sensitive (self->services, TRUE);
    gtk_widget_set_sensitive (self->clients, TRUE);
    if (services)
        s_show_services (self, result->reply);
    else
        s_show_clients (self, result->reply);
}

static void
s_got_services (gtk_net_result_t *result, void *user)
{
    s_got_reply (result, user, true);
}

static void
s_got_clients (gtk_net_result_t *result, void *user)
{
    s_got_reply (result, user, false);
}

static void
s_connected (gtk_net_result_t *result, void *user)
{
    monitor_t *self = (monitor_t *) user;
    self->polls_pending--;
    self->connected = result->status == VC_OK;
    if (self->connected) {
        monitor_ask_broker (self);
        s_poll_now (self);
    }
    else {
        s_link (self, false, _("No broker answers at this address; trying again."));
        s_health_unknown (self);
        s_answering (self, false);
    }
}

static void
s_poll_now (monitor_t *self)
{
    if (self->polls_pending > 0 || self->switching)
        return;                 //  The last poll has not come back yet
    if (!self->connected) {
        self->polls_pending++;
        gtk_net_connect (self->net, self->server, s_connected, self);
        return;
    }
    self->polls_pending++;
    gtk_net_call (self->net, VC_SERVICE_BROKER, vc_api_op ("services"), s_got_services, self);
    self->clients_after [0] = 0;
    if (self->operator_key)
        s_ask_clients (self);
    else
        s_clients_closed (self);
}

static gboolean
s_on_poll (gpointer user)
{
    s_poll_now ((monitor_t *) user);
    return G_SOURCE_CONTINUE;
}

//  Panel text for the test script: one line per grid row
static char *
s_grid_text (GtkWidget *grid)
{
    GString *text = g_string_new ("");
    for (int row = 1; gtk_grid_get_child_at (GTK_GRID (grid), 0, row); row++) {
        for (int column = 0; ; column++) {
            GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (grid), column, row);
            if (!cell)
                break;
            g_string_append_printf (text, "%s%s", column ? " " : "",
                                    gtk_label_get_text (GTK_LABEL (cell)));
        }
        g_string_append_c (text, '\n');
    }
    return g_string_free (text, FALSE);
}

static GtkWidget *
s_grid (const char *name)
{
    GtkWidget *grid = gtk_grid_new ();
    gtk_widget_set_name (grid, name);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 16);
    gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
    ui_kit_set_text_func (grid, s_grid_text);
    return grid;
}

static GtkWidget *
s_card (const char *title, GtkWidget *heading_label, GtkWidget *body)
{
    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    gtk_widget_add_css_class (card, "card");
    gtk_widget_add_css_class (card, "monitor-panel");
    GtkWidget *heading = heading_label ? heading_label : gtk_label_new (title);
    gtk_widget_add_css_class (heading, "heading");
    gtk_label_set_xalign (GTK_LABEL (heading), 0);
    gtk_box_append (GTK_BOX (card), heading);
    gtk_box_append (GTK_BOX (card), body);
    return card;
}

GtkWidget *
monitor_services_new (monitor_t *self)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    self->link_status = gtk_label_new (_("Connecting…"));
    gtk_widget_set_name (self->link_status, "broker-status");
    gtk_label_set_xalign (GTK_LABEL (self->link_status), 0);
    gtk_label_set_wrap (GTK_LABEL (self->link_status), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (self->link_status), 40);
    self->services = s_grid ("services");
    gtk_box_append (GTK_BOX (left), self->link_status);
    gtk_box_append (GTK_BOX (left), self->services);
    gtk_box_append (GTK_BOX (row), s_card (_("Services"), NULL, left));

    self->clients_count = gtk_label_new (_("Connected clients: —"));
    gtk_widget_set_name (self->clients_count, "clients-count");
    self->clients = s_grid ("clients");
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->clients);
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 90);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    GtkWidget *clients = s_card (NULL, self->clients_count, scrolled);
    gtk_widget_set_hexpand (clients, TRUE);
    gtk_box_append (GTK_BOX (row), clients);
    s_poll_now (self);
    self->poll_source = g_timeout_add (self->poll_ms, s_on_poll, self);
    return row;
}

void
monitor_services_stop (monitor_t *self)
{
    if (self->poll_source)
        g_source_remove (self->poll_source);
    self->poll_source = 0;
}

void
monitor_services_reset (monitor_t *self)
{
    s_clear_grid (self->services);
    s_clear_grid (self->clients);
    self->clients_after [0] = 0;
    self->clients_rows = 0;
    gtk_label_set_text (GTK_LABEL (self->clients_count), _("Connected clients: —"));
    gtk_label_set_text (GTK_LABEL (self->link_status), _("Connecting…"));
    gtk_widget_remove_css_class (self->link_status, "success");
    gtk_widget_remove_css_class (self->link_status, "error");
    s_poll_now (self);
}
