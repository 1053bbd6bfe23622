/*  page_signup - username, password, confirmation, Sign up, Back. The
    client checks the rules (lengths, matching passwords) before asking the
    server, and says what is wrong beside the field; success returns to
    Sign in with the new username filled in.  */
#include "app.h"
#include "vc_text.h"

struct _page_signup_t {
    app_t *app;
    GtkWidget *username;
    GtkWidget *password;
    GtkWidget *confirm;
    GtkWidget *signup;
    GtkWidget *back;
    ui_status_t status;
    unsigned ticket;
};

static void
s_clear_fields (page_signup_t *self)
{
    gtk_editable_set_text (GTK_EDITABLE (self->password), "");
    gtk_editable_set_text (GTK_EDITABLE (self->confirm), "");
    ui_kit_field_ok (self->username);
    ui_kit_field_ok (self->password);
    ui_kit_field_ok (self->confirm);
}

static void
s_signed_up (gtk_net_result_t *result, void *user)
{
    page_signup_t *self = (page_signup_t *) app_job_end (user);
    if (!self)
        return;                 //  Cancelled
    gtk_widget_set_sensitive (self->signup, TRUE);
    if (result->status == VC_CONFLICT) {
        char text [600];
        ui_status_clear (&self->status);
        ui_kit_field_error (self->username, app_words (result, "signup", text, sizeof text));
        gtk_widget_grab_focus (self->username);
        return;
    }
    //  A rule of the server's on the username or password: beside that field
    GtkWidget *field = result->status != VC_BAD_REQUEST ? NULL
                     : g_str_has_prefix (result->message, "username ") ? self->username
                     : g_str_has_prefix (result->message, "password ") ? self->password : NULL;
    if (field) {
        char text [600];
        ui_status_clear (&self->status);
        ui_kit_field_error (field, app_reply_sentence (result, text, sizeof text));
        gtk_widget_grab_focus (field);
        return;
    }
    if (app_failed (self->app, &self->status, result))
        return;
    char *username = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username)));
    char text [200];
    snprintf (text, sizeof text, _("Account created. Type your password to sign in as %s."), username);
    s_clear_fields (self);
    ui_status_clear (&self->status);
    page_signin_enter_user (self->app, username, text);
    g_free (username);
}

//  The account rules, checked before asking the server: 0, or the field
//  at fault with the reason in reason.
static GtkWidget *
s_check (page_signup_t *self, const char *username, const char *password, const char *confirm,
         char *reason, size_t size)
{
    size_t length = g_utf8_strlen (username, -1);
    if (!*username)
        vc_text_copy (reason, size, _("Choose a username."));
    else
    if (length < VC_USERNAME_MIN || strlen (username) > VC_USERNAME_MAX)
        snprintf (reason, size, _("The username must have %d to %d characters."),
                  VC_USERNAME_MIN, VC_USERNAME_MAX);
    else
    if (strlen (password) < VC_PASSWORD_MIN || strlen (password) > VC_PASSWORD_MAX) {
        snprintf (reason, size, _("The password must have %d to %d characters."),
                  VC_PASSWORD_MIN, VC_PASSWORD_MAX);
        return self->password;
    }
    else
    if (strcmp (password, confirm) != 0) {
        vc_text_copy (reason, size, _("The passwords do not match. Type the same password twice."));
        return self->confirm;
    }
    else
        return NULL;
    return self->username;
}

static void
s_signup (page_signup_t *self)
{
    if (!gtk_widget_get_sensitive (self->signup))
        return;
    char *username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username))));
    const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password));
    const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm));
    ui_kit_field_ok (self->username);
    ui_kit_field_ok (self->password);
    ui_kit_field_ok (self->confirm);
    char reason [200];
    GtkWidget *wrong = s_check (self, username, password, confirm, reason, sizeof reason);
    if (wrong) {
        ui_status_clear (&self->status);
        ui_kit_field_error (wrong, reason);
        gtk_widget_grab_focus (wrong);
    }
    else {
        ui_status_busy (&self->status, _("Creating the account…"));
        gtk_widget_set_sensitive (self->signup, FALSE);
        gtk_net_call (self->app->net, VC_SERVICE_AUTH,
                      vc_api_credentials ("signup", username, password), s_signed_up,
                      app_job_new (self, &self->ticket));
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
    self->ticket++;
    gtk_widget_set_sensitive (self->signup, TRUE);
    s_clear_fields (self);
    ui_status_clear (&self->status);
    page_signin_enter (self->app, NULL);
}

static void
s_on_cancel (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_signup_t *self = (page_signup_t *) user;
    self->ticket++;             //  The pending result is dropped
    gtk_widget_set_sensitive (self->signup, TRUE);
    ui_status_clear (&self->status);
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
    gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->username = ui_kit_entry ("signup-username", _("3 to 32 characters"), false);
    gtk_entry_set_max_length (GTK_ENTRY (self->username), VC_USERNAME_MAX);
    self->password = ui_kit_entry ("signup-password", _("at least 8 characters"), true);
    self->confirm = ui_kit_entry ("signup-confirm", _("the same password again"), true);
    ui_kit_form_row (GTK_GRID (grid), 0, _("_Username"), self->username, NULL);
    ui_kit_form_row (GTK_GRID (grid), 1, _("_Password"), self->password, NULL);
    ui_kit_form_row (GTK_GRID (grid), 2, _("C_onfirm password"), self->confirm, NULL);
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
    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_box_append (GTK_BOX (card), ui_kit_title (_("Create an account"),
        _("Choose a username and a password.")));
    gtk_box_append (GTK_BOX (card), s_form (self));

    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
    gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
    self->signup = ui_kit_button ("signup-button", _("Create _account"), true);
    self->back = ui_kit_button ("signup-back", _("_Back"), false);
    gtk_box_append (GTK_BOX (row), self->signup);
    gtk_box_append (GTK_BOX (row), self->back);
    gtk_box_append (GTK_BOX (card), row);
    g_signal_connect (self->signup, "clicked", G_CALLBACK (s_on_signup), self);
    g_signal_connect (self->back, "clicked", G_CALLBACK (s_on_back), self);
    ui_status_init (&self->status, "signup", G_CALLBACK (s_on_reconnect), G_CALLBACK (s_on_cancel), self);
    gtk_box_append (GTK_BOX (card), self->status.box);
    GtkWidget *page = ui_kit_clamp (card, 520);
    g_object_set_data (G_OBJECT (page), APP_FIRST_FIELD, self->username);
    return page;
}

void
page_signup_enter (app_t *app)
{
    app_show_page (app, "signup");
}

void
page_signup_destroy (page_signup_t **self_p)
{
    if (self_p && *self_p) {
        free (*self_p);
        *self_p = NULL;
    }
}
