/*  page_signin - username and password, Sign in, Sign up, Exit. Refusals
    ("wrong username or password", "account in use") show on the page.  */
#include "app.h"

struct _page_signin_t {
    app_t *app;
    GtkWidget *username;
    GtkWidget *password;
    GtkWidget *signin;
    GtkWidget *signup;
    GtkWidget *exit;
    ui_status_t status;
    char pending_user [VC_USERNAME_MAX + 1];
};

static void
s_set_busy (page_signin_t *self, bool busy)
{
    gtk_widget_set_sensitive (self->signin, !busy);
    gtk_widget_set_sensitive (self->signup, !busy);
}

static void
s_signed_in (gtk_net_result_t *result, void *user)
{
    page_signin_t *self = (page_signin_t *) user;
    app_t *app = self->app;
    s_set_busy (self, false);
    if (app_failed (app, &self->status, result)) {
        gtk_widget_grab_focus (self->password);
        return;
    }
    snprintf (app->username, sizeof app->username, "%s", self->pending_user);
    gtk_editable_set_text (GTK_EDITABLE (self->password), "");
    ui_status_clear (&self->status);
    vc_info ("signed in as %s", app->username);
    page_lookup_enter (app);
}

static void
s_signin (page_signin_t *self)
{
    if (!gtk_widget_get_sensitive (self->signin))
        return;
    char *username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username))));
    const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password));
    if (!*username)
        ui_status_error (&self->status, "enter your username", false);
    else
    if (!*password)
        ui_status_error (&self->status, "enter your password", false);
    else
    if (strlen (username) > VC_USERNAME_MAX)
        ui_status_error (&self->status, "wrong username or password", false);
    else {
        snprintf (self->pending_user, sizeof self->pending_user, "%s", username);
        ui_status_busy (&self->status, "signing in…");
        s_set_busy (self, true);
        gtk_net_signin (self->app->net, username, password, s_signed_in, self);
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
s_on_signup (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_signin_t *self = (page_signin_t *) user;
    ui_status_clear (&self->status);
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
    self->signin = ui_kit_button ("signin-button", "_Sign in", true);
    self->signup = ui_kit_button ("signin-signup", "Si_gn up", false);
    self->exit = ui_kit_button ("signin-exit", "E_xit", false);
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
    GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign (page, GTK_ALIGN_CENTER);
    gtk_widget_set_halign (page, GTK_ALIGN_CENTER);
    gtk_widget_set_size_request (page, 420, -1);
    gtk_widget_add_css_class (page, "card");
    gtk_box_append (GTK_BOX (page), ui_kit_title ("Sign in", "Sign in to look up COVID-19 cases."));

    GtkWidget *grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->username = ui_kit_entry ("signin-username", "username", false);
    gtk_entry_set_max_length (GTK_ENTRY (self->username), VC_USERNAME_MAX);
    self->password = ui_kit_entry ("signin-password", "password", true);
    ui_kit_form_row (GTK_GRID (grid), 0, "_Username", self->username);
    ui_kit_form_row (GTK_GRID (grid), 1, "_Password", self->password);
    gtk_box_append (GTK_BOX (page), grid);
    gtk_box_append (GTK_BOX (page), s_buttons (self));
    ui_status_init (&self->status, "signin", G_CALLBACK (s_on_reconnect), self);
    gtk_box_append (GTK_BOX (page), self->status.box);

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
    if (info)
        ui_status_info (&self->status, info);
    s_set_busy (self, false);
    gtk_editable_set_text (GTK_EDITABLE (self->password), "");
    app_show_page (app, "signin");
}

void
page_signin_destroy (app_t *app)
{
    free (app->signin);
    app->signin = NULL;
}
