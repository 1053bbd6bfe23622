/*  page_connect - the first page: the broker's address and Connect (with
    Cancel while it waits). A wrong or unreachable address is explained
    beside the field, in plain words.  */
#include "app.h"
#include "vc_text.h"

struct _page_connect_t {
    app_t *app;
    GtkWidget *address;
    GtkWidget *button;
    ui_status_t status;
    unsigned ticket;
    char typed [256];           //  The addresses being tried
};

static void
s_set_busy (page_connect_t *self, bool busy)
{
    gtk_widget_set_sensitive (self->button, !busy);
    gtk_editable_set_editable (GTK_EDITABLE (self->address), !busy);
}

static void
s_connected (gtk_net_result_t *result, void *user)
{
    page_connect_t *self = (page_connect_t *) app_job_end (user);
    if (!self)
        return;                 //  Cancelled
    app_t *app = self->app;
    s_set_busy (self, false);
    ui_status_clear (&self->status);
    if (result->status != VC_OK) {
        char text [600];
        ui_kit_field_error (self->address, app_words (result, "connect", text, sizeof text));
        gtk_entry_grab_focus_without_selecting (GTK_ENTRY (self->address));
        return;
    }
    //  Reconnect tries all of them again, not only the one that welcomed us
    vc_text_copy (app->server, sizeof app->server, self->typed);
    vc_text_copy (app->address, sizeof app->address, result->address);
    app_update_header (app);
    char text [320];
    snprintf (text, sizeof text, _("Connected to %s."), result->address);
    page_signin_enter (app, text);
}

static void
s_connect (page_connect_t *self)
{
    if (!gtk_widget_get_sensitive (self->button))
        return;                 //  Already connecting
    char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address))));
    ui_kit_field_ok (self->address);
    if (!*address) {
        ui_kit_field_error (self->address, _("Type the server's address, e.g. 127.0.0.1."));
        g_free (address);
        return;
    }
    char text [320];
    snprintf (text, sizeof text, _("Connecting to %s…"), address);
    ui_status_busy (&self->status, text);
    s_set_busy (self, true);
    vc_text_copy (self->typed, sizeof self->typed, address);
    gtk_net_connect (self->app->net, address, s_connected, app_job_new (self, &self->ticket));
    g_free (address);
}

static void
s_on_connect (GtkWidget *widget, gpointer user)
{
    (void) widget;
    s_connect ((page_connect_t *) user);
}

static void
s_on_cancel (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_connect_t *self = (page_connect_t *) user;
    self->ticket++;             //  The pending result is dropped
    s_set_busy (self, false);
    ui_status_clear (&self->status);
    gtk_entry_grab_focus_without_selecting (GTK_ENTRY (self->address));
}

GtkWidget *
page_connect_new (app_t *app)
{
    page_connect_t *self = (page_connect_t *) calloc (1, sizeof (page_connect_t));
    g_assert (self);
    self->app = app;
    app->connect = self;
    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_name (card, "connect-card");
    gtk_box_append (GTK_BOX (card), ui_kit_title (_("Connect"),
        _("Type the address of the COVID-19 lookup server (the server's monitor shows it).")));

    GtkWidget *grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->address = ui_kit_entry ("connect-address", _("127.0.0.1 or host:5555"), false);
    gtk_editable_set_text (GTK_EDITABLE (self->address), app->server);
    gtk_entry_set_input_purpose (GTK_ENTRY (self->address), GTK_INPUT_PURPOSE_URL);
    ui_kit_form_row (GTK_GRID (grid), 0, _("Server _address"), self->address, NULL);
    gtk_box_append (GTK_BOX (card), grid);

    self->button = ui_kit_button ("connect-button", _("_Connect"), true);
    gtk_widget_set_halign (self->button, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (card), self->button);
    ui_status_init (&self->status, "connect", NULL, G_CALLBACK (s_on_cancel), self);
    gtk_box_append (GTK_BOX (card), self->status.box);

    g_signal_connect (self->address, "activate", G_CALLBACK (s_on_connect), self);
    g_signal_connect (self->button, "clicked", G_CALLBACK (s_on_connect), self);
    GtkWidget *page = ui_kit_clamp (card, 480);
    g_object_set_data (G_OBJECT (page), APP_FIRST_FIELD, self->address);
    return page;
}

void
page_connect_enter (app_t *app, const char *message)
{
    page_connect_t *self = app->connect;
    if (message)
        ui_kit_field_error (self->address, message);
    app_show_page (app, "connect");
}

void
page_connect_destroy (page_connect_t **self_p)
{
    if (self_p && *self_p) {
        free (*self_p);
        *self_p = NULL;
    }
}
