/*  page_connect - the first page: the broker's address and Connect. A
    wrong or unreachable address says "cannot connect to ADDRESS" here.  */
#include "app.h"

struct _page_connect_t {
    app_t *app;
    GtkWidget *address;
    GtkWidget *button;
    ui_status_t status;
};

static void
s_connected (gtk_net_result_t *result, void *user)
{
    page_connect_t *self = (page_connect_t *) user;
    app_t *app = self->app;
    gtk_widget_set_sensitive (self->button, TRUE);
    gtk_editable_set_editable (GTK_EDITABLE (self->address), TRUE);
    if (result->status != VC_OK) {
        ui_status_error (&self->status, result->message, false);
        gtk_widget_grab_focus (self->address);
        return;
    }
    snprintf (app->address, sizeof app->address, "%s", result->address);
    ui_status_clear (&self->status);
    app_update_header (app);
    char text [320];
    snprintf (text, sizeof text, "connected to %s", result->address);
    page_signin_enter (app, text);
}

static void
s_connect (page_connect_t *self)
{
    if (!gtk_widget_get_sensitive (self->button))
        return;                 //  Already connecting
    char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address))));
    if (!*address) {
        ui_status_error (&self->status, "enter the server's address, e.g. 127.0.0.1", false);
        g_free (address);
        return;
    }
    char text [320];
    snprintf (text, sizeof text, "connecting to %s…", address);
    ui_status_busy (&self->status, text);
    gtk_widget_set_sensitive (self->button, FALSE);
    gtk_editable_set_editable (GTK_EDITABLE (self->address), FALSE);
    gtk_net_connect (self->app->net, address, s_connected, self);
    g_free (address);
}

static void
s_on_connect (GtkWidget *widget, gpointer user)
{
    (void) widget;
    s_connect ((page_connect_t *) user);
}

GtkWidget *
page_connect_new (app_t *app)
{
    page_connect_t *self = (page_connect_t *) calloc (1, sizeof (page_connect_t));
    g_assert (self);
    self->app = app;
    app->connect = self;
    GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign (page, GTK_ALIGN_CENTER);
    gtk_widget_set_halign (page, GTK_ALIGN_CENTER);
    gtk_widget_set_size_request (page, 420, -1);
    gtk_widget_add_css_class (page, "card");
    gtk_box_append (GTK_BOX (page), ui_kit_title ("Connect",
        "Type the address of the COVID-19 lookup server (shown by the server's monitor)."));

    GtkWidget *grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->address = ui_kit_entry ("connect-address", "127.0.0.1 or host:5555", false);
    gtk_editable_set_text (GTK_EDITABLE (self->address), app->server);
    gtk_entry_set_input_purpose (GTK_ENTRY (self->address), GTK_INPUT_PURPOSE_URL);
    ui_kit_form_row (GTK_GRID (grid), 0, "Server _address", self->address);
    gtk_box_append (GTK_BOX (page), grid);

    self->button = ui_kit_button ("connect-button", "_Connect", true);
    gtk_widget_set_halign (self->button, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (page), self->button);
    ui_status_init (&self->status, "connect", NULL, NULL);
    gtk_box_append (GTK_BOX (page), self->status.box);

    g_signal_connect (self->address, "activate", G_CALLBACK (s_on_connect), self);
    g_signal_connect (self->button, "clicked", G_CALLBACK (s_on_connect), self);
    g_object_set_data (G_OBJECT (page), APP_FIRST_FIELD, self->address);
    return page;
}

void
page_connect_enter (app_t *app, const char *message)
{
    page_connect_t *self = app->connect;
    if (message)
        ui_status_error (&self->status, message, false);
    app_show_page (app, "connect");
}

void
page_connect_destroy (app_t *app)
{
    free (app->connect);
    app->connect = NULL;
}
