/*  page_signin - username and password, Sign in, Sign up, Exit. Refusals
    ("Wrong username or password", "account in use") show beside the field
    or on the page, in plain words; Cancel while waiting.  */
#include "app.h"
#include "vc_text.h"

struct _page_signin_t {
    app_t *app;
    GtkWidget *username;
    GtkWidget *password;
    GtkWidget *signin;
    GtkWidget *signup;
    GtkWidget *exit;
    ui_status_t status;
    unsigned ticket;
    char pending_user [VC_USERNAME_MAX + 1];
};

static void
s_set_busy (page_signin_t *self, bool busy)
{
    gtk_widget_set_sensitive (self->signin, !busy);
    gtk_widget_set_sensitive (self->signup, !busy);
}

static void
s_fields_ok (page_signin_t *self)
{
    ui_kit_field_ok (self->username);
    ui_kit_field_ok (self->password);
}

static void
s_signed_in (gtk_net_result_t *result, void *user)
{
    page_signin_t *self = (page_signin_t *) app_job_end (user);
    if (!self)
        return;                 //  Cancelled
    app_t *app = self->app;
    s_set_busy (self, false);
    if (result->status == VC_UNAUTHORISED) {
        char text [600];
        ui_status_clear (&self->status);
        ui_kit_field_error (self->password, app_words (result, "signin", text, sizeof text));
        gtk_widget_add_css_class (self->username, "error");
        gtk_widget_grab_focus (self->password);
        return;
    }
    if (app_failed (app, &self->status, result)) {
        gtk_widget_grab_focus (self->password);
        return;
    }
    vc_text_copy (app->username, sizeof app->username, self->pending_user);
    gtk_editable_set_text (GTK_EDITABLE (self->password), "");
    ui_status_clear (&self->status);
    vc_info ("signed in as %s", app->username);
    //  "Account created", "Connected to": about the pages left behind
    ui_kit_toast_withdraw (GTK_WIDGET (app->window));
    page_lookup_enter (app);
}

static void
s_signin (page_signin_t *self)
{
    if (!gtk_widget_get_sensitive (self->signin))
        return;
    char *username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username))));
    const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password));
    s_fields_ok (self);
    ui_status_clear (&self->status);
    if (!*username) {
        ui_kit_field_error (self->username, _("Type your username."));
        gtk_widget_grab_focus (self->username);
    }
    else
    if (!*password) {
        ui_kit_field_error (self->password, _("Type your password."));
        gtk_widget_grab_focus (self->password);
    }
    else
    if (strlen (username) > VC_USERNAME_MAX)
        ui_kit_field_error (self->password, _("Wrong username or password."));
    else {
        vc_text_copy (self->pending_user, sizeof self->pending_user, username);
        ui_status_busy (&self->status, _("Signing in…"));
        s_set_busy (self, true);
        gtk_net_signin (self->app->net, username, password, s_signed_in,
                        app_job_new (self, &self->ticket));
    }
    g_free (username);
}

static void
s_on_signin (GtkWidget *widget, gpointer user)
{
    (void) widget;
    s_signin ((page_signin_t *) user);
}

static void
s_on_cancel (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_signin_t *self = (page_signin_t *) user;
    self->ticket++;             //  The pending result is dropped
    s_set_busy (self, false);
    ui_status_clear (&self->status);
}

static void
s_on_signup (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_signin_t *self = (page_signin_t *) user;
    ui_status_clear (&self->status);
    s_fields_ok (self);
    page_signup_enter (self->app);
}

static void
s_on_exit (GtkWidget *widget, gpointer user)
{
    (void) widget;
    app_exit (((page_signin_t *) user)->app);
}

static void
s_on_reconnect (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_signin_t *self = (page_signin_t *) user;
    app_reconnect (self->app, &self->status);
}

static GtkWidget *
s_buttons (page_signin_t *self)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
    gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
    self->signin = ui_kit_button ("signin-button", _("_Sign in"), true);
    self->signup = ui_kit_button ("signin-signup", _("Create an _account"), false);
    self->exit = ui_kit_button ("signin-exit", _("E_xit"), false);
    gtk_box_append (GTK_BOX (row), self->signin);
    gtk_box_append (GTK_BOX (row), self->signup);
    gtk_box_append (GTK_BOX (row), self->exit);
    g_signal_connect (self->signin, "clicked", G_CALLBACK (s_on_signin), self);
    g_signal_connect (self->signup, "clicked", G_CALLBACK (s_on_signup), self);
    g_signal_connect (self->exit, "clicked", G_CALLBACK (s_on_exit), self);
    return row;
}

GtkWidget *
page_signin_new (app_t *app)
{
    page_signin_t *self = (page_signin_t *) calloc (1, sizeof (page_signin_t));
    g_assert (self);
    self->app = app;
    app->signin = self;
    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_box_append (GTK_BOX (card), ui_kit_title (_("Sign in"), _("Sign in to look up COVID-19 cases.")));

    GtkWidget *grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->username = ui_kit_entry ("signin-username", _("username"), false);
    gtk_entry_set_max_length (GTK_ENTRY (self->username), VC_USERNAME_MAX);
    self->password = ui_kit_entry ("signin-password", _("password"), true);
    ui_kit_form_row (GTK_GRID (grid), 0, _("_Username"), self->username, NULL);
    ui_kit_form_row (GTK_GRID (grid), 1, _("_Password"), self->password, NULL);
    gtk_box_append (GTK_BOX (card), grid);
    gtk_box_append (GTK_BOX (card), s_buttons (self));
    ui_status_init (&self->status, "signin", G_CALLBACK (s_on_reconnect), G_CALLBACK (s_on_cancel), self);
    gtk_box_append (GTK_BOX (card), self->status.box);
    GtkWidget *page = ui_kit_clamp (card, 480);

    //  Enter in the username moves on to the password; there it submits
    g_signal_connect_swapped (self->username, "activate",
                              G_CALLBACK (gtk_widget_grab_focus), self->password);
    g_signal_connect (self->password, "activate", G_CALLBACK (s_on_signin), self);
    g_object_set_data (G_OBJECT (page), APP_FIRST_FIELD, self->username);
    return page;
}

void
page_signin_enter (app_t *app, const char *info)
{
    page_signin_t *self = app->signin;
    ui_status_clear (&self->status);
    if (info)
        app_toast (app, info);
    s_set_busy (self, false);
    s_fields_ok (self);
    gtk_editable_set_text (GTK_EDITABLE (self->password), "");
    app_show_page (app, "signin");
}

void
page_signin_enter_user (app_t *app, const char *username, const char *info)
{
    page_signin_t *self = app->signin;
    gtk_editable_set_text (GTK_EDITABLE (self->username), username);
    page_signin_enter (app, info);
    gtk_widget_grab_focus (self->password);
}

void
page_signin_destroy (page_signin_t **self_p)
{
    if (self_p && *self_p) {
        free (*self_p);
        *self_p = NULL;
    }
}
