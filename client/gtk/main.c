/*  vc-gtk - the desktop client: connect to the broker, sign up, sign in,
    look up a province's cases (total or on a day) with a chart of its
    daily cases. Network work runs in its own thread (gtk_net).  */
#include "app.h"
#include "ui_app.h"
#include "vc_text.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_HOST, N_("Broker address to prefill (host, host:port or tcp://host:port), or both of a pair of brokers, comma-separated"), false },
    { "server-key-file", "VC_SERVER_KEY_FILE", NULL, N_("Broker public certificate: encrypt the link with CURVE"), false },
    { "timeout", "VC_TIMEOUT", "5000", N_("Milliseconds to wait for a reply"), false },
    { "events", "VC_EVENTS", NULL, N_("Event bus address for notifications of new figures (default: as the broker tells)"), false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

void
app_show_page (app_t *app, const char *name)
{
    gtk_stack_set_visible_child_name (app->stack, name);
    app_update_header (app);
    GtkWidget *page = gtk_stack_get_visible_child (app->stack);
    GtkWidget *first = (GtkWidget *) g_object_get_data (G_OBJECT (page), APP_FIRST_FIELD);
    if (first)
        gtk_widget_grab_focus (first);
}

void
app_update_header (app_t *app)
{
    char text [400];
    if (app->reconnecting)
        snprintf (text, sizeof text, _("reconnecting to %s…"), app->server);
    else
    if (!*app->address)
        vc_text_copy (text, sizeof text, _("not connected"));
    else
    if (!gtk_net_answering (app->net))
        snprintf (text, sizeof text, _("%s · the server does not answer"), app->address);
    else
    if (*app->username)
        snprintf (text, sizeof text, _("%s · signed in as %s"), app->address, app->username);
    else
        snprintf (text, sizeof text, _("connected to %s"), app->address);
    adw_window_title_set_subtitle (ADW_WINDOW_TITLE (app->subtitle), text);
}

void
app_toast (app_t *app, const char *text)
{
    ui_kit_toast (GTK_WIDGET (app->window), text);
}

static void
s_bye_done (gtk_net_result_t *result, void *user)
{
    (void) result;
    app_t *app = (app_t *) user;
    g_application_quit (G_APPLICATION (app->gtk));
}

void
app_exit (app_t *app)
{
    if (app->quitting)
        return;
    app->quitting = true;
    vc_info ("exit: saying bye");
    gtk_net_bye (app->net, s_bye_done, app);
}

static void
s_left_server (gtk_net_result_t *result, void *user)
{
    (void) result;
    (void) user;
}

void
app_change_server (app_t *app)
{
    if (*app->address)
        gtk_net_bye (app->net, s_left_server, app);
    app->address [0] = 0;
    app->username [0] = 0;
    page_connect_enter (app, NULL);
}

bool
app_failed (app_t *app, ui_status_t *status, gtk_net_result_t *result)
{
    if (result->status == VC_OK)
        return false;
    char text [600];
    const char *page = gtk_stack_get_visible_child_name (app->stack);
    ui_status_error (status, app_words (result, page ? page : "", text, sizeof text),
                     result->server_gone);
    return true;
}

typedef struct {
    app_t *app;
    ui_status_t *status;
    char page [16];
} reconnect_t;

static void
s_reconnected (gtk_net_result_t *result, void *user)
{
    reconnect_t *ctx = (reconnect_t *) user;
    app_t *app = ctx->app;
    app->reconnecting = false;
    if (result->status != VC_OK) {
        char text [600];
        ui_status_error (ctx->status, app_words (result, "connect", text, sizeof text), true);
    }
    else {
        vc_text_copy (app->address, sizeof app->address, result->address);
        char text [320];
        snprintf (text, sizeof text, _("Reconnected to %s."), result->address);
        ui_status_clear (ctx->status);
        if (streq (ctx->page, "lookup")) {
            //  A new connection has no session: sign in again
            snprintf (text, sizeof text, _("Reconnected to %s. Please sign in again."),
                      result->address);
            page_signin_enter (app, text);
        }
        else
            app_toast (app, text);
    }
    app_update_header (app);
    free (ctx);
}

void
app_reconnect (app_t *app, ui_status_t *status)
{
    reconnect_t *ctx = (reconnect_t *) calloc (1, sizeof (reconnect_t));
    if (!ctx)
        return;
    ctx->app = app;
    ctx->status = status;
    vc_text_copy (ctx->page, sizeof ctx->page, gtk_stack_get_visible_child_name (app->stack));
    char text [320];
    snprintf (text, sizeof text, _("Reconnecting to %s…"), app->server);
    ui_status_busy (status, text);
    //  The session does not survive the old connection
    app->username [0] = 0;
    app->reconnecting = true;
    app_update_header (app);
    //  Every address typed: with a pair, the broker used last may be the
    //  one still down
    gtk_net_connect (app->net, app->server, s_reconnected, ctx);
}

//  A failover: the other broker of the pair answers now
static void
s_moved (const char *address, void *user)
{
    app_t *app = (app_t *) user;
    if (!*app->address)
        return;
    vc_text_copy (app->address, sizeof app->address, address);
    app_update_header (app);
    char text [320];
    snprintf (text, sizeof text, _("The other server, %s, took over."), address);
    app_toast (app, text);
}

//  The broker in use stopped answering (frozen, or its link lost and not
//  joined again), or answers again
static void
s_link (bool answering, const char *address, void *user)
{
    (void) answering, (void) address;   //  gtk_net_answering says it from now on
    app_update_header ((app_t *) user);
}

static void
s_script_quit (void *arg)
{
    app_exit ((app_t *) arg);
}

static gboolean
s_on_close (GtkWindow *window, gpointer user)
{
    (void) window;
    app_exit ((app_t *) user);
    return TRUE;                //  Quit once BYE is sent
}

static gboolean
s_on_signal (gpointer user)
{
    app_exit ((app_t *) user);
    return G_SOURCE_CONTINUE;
}

static void
s_action_quit (GSimpleAction *action, GVariant *parameter, gpointer user)
{
    (void) action, (void) parameter;
    app_exit ((app_t *) user);
}

static void
s_action_server (GSimpleAction *action, GVariant *parameter, gpointer user)
{
    (void) action, (void) parameter;
    app_change_server ((app_t *) user);
}

static void
s_action_about (GSimpleAction *action, GVariant *parameter, gpointer user)
{
    (void) action, (void) parameter;
    app_t *app = (app_t *) user;
    ui_app_about (app->window, "org.vcovid.Client", _("COVID-19 Việt Nam"),
        _("Look up total and daily COVID-19 cases in Vietnam's 63 provinces and cities."));
}

static void
s_add_actions (app_t *app)
{
    const GActionEntry actions [] = {
        { "quit", s_action_quit, NULL, NULL, NULL, { 0 } },
        { "change-server", s_action_server, NULL, NULL, NULL, { 0 } },
        { "about", s_action_about, NULL, NULL, NULL, { 0 } },
    };
    g_action_map_add_action_entries (G_ACTION_MAP (app->gtk), actions, G_N_ELEMENTS (actions), app);
    const char *quit [] = { "<Control>q", "<Control>w", NULL };
    gtk_application_set_accels_for_action (app->gtk, "app.quit", quit);
}

static GtkWidget *
s_menu_button (void)
{
    const char *labels [] = { _("Change _Server…"), _("_About COVID-19 Việt Nam"), _("_Quit"), NULL };
    const char *actions [] = { "app.change-server", "app.about", "app.quit", NULL };
    return ui_kit_menu_button (labels, actions);
}

static void
s_build_window (app_t *app)
{
    app->window = GTK_WINDOW (adw_application_window_new (app->gtk));
    gtk_window_set_title (app->window, _("COVID-19 Việt Nam"));
    gtk_window_set_default_size (app->window, 800, 640);
    GtkWidget *header = adw_header_bar_new ();
    app->subtitle = adw_window_title_new (_("COVID-19 Việt Nam"), "");
    gtk_widget_set_name (app->subtitle, "header-subtitle");
    ui_kit_set_text_func (app->subtitle, ui_app_window_title_text);
    adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), app->subtitle);
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), s_menu_button ());
    app->stack = GTK_STACK (ui_kit_pages_new ("pages"));
    gtk_stack_add_named (app->stack, page_connect_new (app), "connect");
    gtk_stack_add_named (app->stack, page_signin_new (app), "signin");
    gtk_stack_add_named (app->stack, page_signup_new (app), "signup");
    gtk_stack_add_named (app->stack, page_lookup_new (app), "lookup");
    app->toasts = ADW_TOAST_OVERLAY (ui_app_toast_overlay (app->window, GTK_WIDGET (app->stack)));
    GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_box_append (GTK_BOX (content), header);
    gtk_box_append (GTK_BOX (content), GTK_WIDGET (app->toasts));
    adw_application_window_set_content (ADW_APPLICATION_WINDOW (app->window), content);
    app_update_header (app);
    g_signal_connect (app->window, "close-request", G_CALLBACK (s_on_close), app);
}

static void
s_activate (GtkApplication *gtk, gpointer user)
{
    (void) gtk;
    app_t *app = (app_t *) user;
    if (app->window) {
        gtk_window_present (app->window);
        return;
    }
    ui_kit_load_css ();
    s_add_actions (app);
    s_build_window (app);
    page_connect_enter (app, NULL);
    gtk_window_present (app->window);
    app->script = ui_driver_start ("VC_GTK_TEST_SCRIPT", app->window, s_script_quit, app);
}

static int
s_run (vc_config_t *config, char *argv0)
{
    char key [64];
    if (ui_app_server_key (config, key, sizeof key))
        return 2;
    app_t app = { 0 };
    vc_text_copy (app.server, sizeof app.server, vc_config_get (config, "server"));
    app.events = vc_config_get (config, "events");
    app.provinces = vc_provinces_new ();
    app.net = gtk_net_new ("gui", *key ? key : NULL, (int) vc_config_int (config, "timeout"));
    gtk_net_on_moved (app.net, s_moved, &app);
    gtk_net_on_link (app.net, s_link, &app);
    app.gtk = GTK_APPLICATION (adw_application_new ("org.vcovid.Client", G_APPLICATION_NON_UNIQUE));
    g_signal_connect (app.gtk, "activate", G_CALLBACK (s_activate), &app);
    int rc = ui_app_run (app.gtk, argv0, s_on_signal, &app);
    gtk_net_destroy (&app.net);
    if (app.window)
        gtk_window_destroy (app.window);
    if (ui_driver_failed (app.script))
        rc = 1;
    ui_driver_destroy (&app.script);
    page_connect_destroy (&app.connect);
    page_signin_destroy (&app.signin);
    page_signup_destroy (&app.signup);
    page_lookup_destroy (&app.lookup);
    g_object_unref (app.gtk);
    vc_provinces_destroy (&app.provinces);
    return rc;
}

int
main (int argc, char **argv)
{
    return ui_app_main ("vc-gtk", "gtk",
        N_("The desktop client: connect, sign up, sign in and look up COVID-19 cases."),
        s_options, argc, argv, s_run);
}
