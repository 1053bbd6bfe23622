/*  page_signup - username, password, confirmation, Sign up, Back. The
    client checks the rules (lengths, matching passwords) before asking the
    server; success returns to Sign in with "account created".  */
#include "app.h"

struct _page_signup_t {
    app_t *app;
    GtkWidget *username;
    GtkWidget *password;
    GtkWidget *confirm;
    GtkWidget *signup;
    GtkWidget *back;
    ui_status_t status;
};

static void
s_clear_fields (page_signup_t *self)
{
    gtk_editable_set_text (GTK_EDITABLE (self->password), "");
    gtk_editable_set_text (GTK_EDITABLE (self->confirm), "");
}

static void
s_signed_up (gtk_net_result_t *result, void *user)
{
    page_signup_t *self = (page_signup_t *) user;
    gtk_widget_set_sensitive (self->signup, TRUE);
    if (app_failed (self->app, &self->status, result)) {
        gtk_widget_grab_focus (self->username);
        return;
    }
    char text [200];
    snprintf (text, sizeof text, "account created: you can sign in as %s",
              gtk_editable_get_text (GTK_EDITABLE (self->username)));
    s_clear_fields (self);
    ui_status_clear (&self->status);
    page_signin_enter (self->app, text);
}

//  The account rules, checked before asking the server. NULL if fine.
static const char *
s_check (const char *username, const char *password, const char *confirm)
{
    static char reason [160];
    size_t length = g_utf8_strlen (username, -1);
    if (!*username)
        return "enter a username";
    if (length < VC_USERNAME_MIN || strlen (username) > VC_USERNAME_MAX) {
        snprintf (reason, sizeof reason, "the username must have %d to %d characters",
                  VC_USERNAME_MIN, VC_USERNAME_MAX);
        return reason;
    }
    if (strlen (password) < VC_PASSWORD_MIN || strlen (password) > VC_PASSWORD_MAX) {
        snprintf (reason, sizeof reason, "the password must have %d to %d characters",
                  VC_PASSWORD_MIN, VC_PASSWORD_MAX);
        return reason;
    }
    if (strcmp (password, confirm) != 0)
        return "the passwords do not match: type the same password twice";
    return NULL;
}

static void
s_signup (page_signup_t *self)
{
    if (!gtk_widget_get_sensitive (self->signup))
        return;
    char *username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username))));
    const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password));
    const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm));
    const char *problem = s_check (username, password, confirm);
    if (problem) {
        ui_status_error (&self->status, problem, false);
        gtk_widget_grab_focus (strstr (problem, "password") ? self->password : self->username);
    }
    else {
        ui_status_busy (&self->status, "creating the account…");
        gtk_widget_set_sensitive (self->signup, FALSE);
        gtk_net_call (self->app->net, VC_SERVICE_AUTH,
                      vc_api_credentials ("signup", username, password), s_signed_up, self);
    }
    g_free (username);
}

static void
s_on_signup (GtkWidget *widget, gpointer user)
{
    (void) widget;
    s_signup ((page_signup_t *) user);
}

static void
s_on_back (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_signup_t *self = (page_signup_t *) user;
    s_clear_fields (self);
    ui_status_clear (&self->status);
    page_signin_enter (self->app, NULL);
}

static void
s_on_reconnect (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_signup_t *self = (page_signup_t *) user;
    app_reconnect (self->app, &self->status);
}

static GtkWidget *
s_form (page_signup_t *self)
{
    GtkWidget *grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->username = ui_kit_entry ("signup-username", "3 to 32 characters", false);
    gtk_entry_set_max_length (GTK_ENTRY (self->username), VC_USERNAME_MAX);
    self->password = ui_kit_entry ("signup-password", "at least 8 characters", true);
    self->confirm = ui_kit_entry ("signup-confirm", "the same password again", true);
    ui_kit_form_row (GTK_GRID (grid), 0, "_Username", self->username);
    ui_kit_form_row (GTK_GRID (grid), 1, "_Password", self->password);
    ui_kit_form_row (GTK_GRID (grid), 2, "_Confirm password", self->confirm);
    g_signal_connect_swapped (self->username, "activate",
                              G_CALLBACK (gtk_widget_grab_focus), self->password);
    g_signal_connect_swapped (self->password, "activate",
                              G_CALLBACK (gtk_widget_grab_focus), self->confirm);
    g_signal_connect (self->confirm, "activate", G_CALLBACK (s_on_signup), self);
    return grid;
}

GtkWidget *
page_signup_new (app_t *app)
{
    page_signup_t *self = (page_signup_t *) calloc (1, sizeof (page_signup_t));
    g_assert (self);
    self->app = app;
    app->signup = self;
    GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign (page, GTK_ALIGN_CENTER);
    gtk_widget_set_halign (page, GTK_ALIGN_CENTER);
    gtk_widget_set_size_request (page, 460, -1);
    gtk_widget_add_css_class (page, "card");
    gtk_box_append (GTK_BOX (page), ui_kit_title ("Sign up", "Create an account."));
    gtk_box_append (GTK_BOX (page), s_form (self));

    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
    gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
    self->signup = ui_kit_button ("signup-button", "Si_gn up", true);
    self->back = ui_kit_button ("signup-back", "_Back", false);
    gtk_box_append (GTK_BOX (row), self->signup);
    gtk_box_append (GTK_BOX (row), self->back);
    gtk_box_append (GTK_BOX (page), row);
    g_signal_connect (self->signup, "clicked", G_CALLBACK (s_on_signup), self);
    g_signal_connect (self->back, "clicked", G_CALLBACK (s_on_back), self);
    ui_status_init (&self->status, "signup", G_CALLBACK (s_on_reconnect), self);
    gtk_box_append (GTK_BOX (page), self->status.box);
    g_object_set_data (G_OBJECT (page), APP_FIRST_FIELD, self->username);
    return page;
}

void
page_signup_enter (app_t *app)
{
    app_show_page (app, "signup");
}

void
page_signup_destroy (app_t *app)
{
    free (app->signup);
    app->signup = NULL;
}
