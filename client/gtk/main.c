/*  vc-gtk - the desktop client: connect to the broker, sign up, sign in,
    look up a province's cases (total or on a day) with a chart of its
    daily cases. Network work runs in its own thread (gtk_net).  */
#include "app.h"
#include "ui_app.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_HOST, "Broker address to prefill (host, host:port or tcp://host:port)", false },
    { "server-key-file", "VC_SERVER_KEY_FILE", NULL, "Broker public certificate: encrypt the link with CURVE", false },
    { "timeout", "VC_TIMEOUT", "5000", "Milliseconds to wait for a reply", false },
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
    if (!*app->address)
        snprintf (text, sizeof text, "not connected");
    else
    if (*app->username)
        snprintf (text, sizeof text, "%s · signed in as %s", app->address, app->username);
    else
        snprintf (text, sizeof text, "connected to %s", app->address);
    gtk_label_set_text (GTK_LABEL (app->subtitle), text);
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

bool
app_failed (app_t *app, ui_status_t *status, gtk_net_result_t *result)
{
    (void) app;
    if (result->status == VC_OK)
        return false;
    char text [400];
    if (result->server_gone && result->status == VC_TIMEOUT)
        snprintf (text, sizeof text, "server not responding (%s)", result->address);
    else
        snprintf (text, sizeof text, "%s", result->message);
    ui_status_error (status, text, result->server_gone);
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
    if (result->status != VC_OK)
        ui_status_error (ctx->status, result->message, true);
    else {
        snprintf (app->address, sizeof app->address, "%s", result->address);
        char text [320];
        snprintf (text, sizeof text, "reconnected to %s", result->address);
        if (streq (ctx->page, "lookup")) {
            //  A new connection has no session: sign in again
            app->username [0] = 0;
            strncat (text, "; please sign in again", sizeof text - strlen (text) - 1);
            page_signin_enter (app, text);
        }
        else
            ui_status_info (ctx->status, text);
        app_update_header (app);
    }
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
    snprintf (ctx->page, sizeof ctx->page, "%s", gtk_stack_get_visible_child_name (app->stack));
    char text [320];
    snprintf (text, sizeof text, "reconnecting to %s…", app->address);
    ui_status_busy (status, text);
    gtk_net_connect (app->net, app->address, s_reconnected, ctx);
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
s_build_window (app_t *app)
{
    app->window = GTK_WINDOW (gtk_application_window_new (app->gtk));
    gtk_window_set_title (app->window, "COVID-19 Việt Nam");
    gtk_window_set_default_size (app->window, 800, 600);
    gtk_widget_add_css_class (GTK_WIDGET (app->window), "vc-window");
    GtkWidget *header = gtk_header_bar_new ();
    GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
    GtkWidget *title = gtk_label_new ("COVID-19 Việt Nam");
    gtk_widget_add_css_class (title, "title");
    app->subtitle = gtk_label_new ("");
    gtk_widget_set_name (app->subtitle, "header-subtitle");
    gtk_widget_add_css_class (app->subtitle, "subtitle");
    gtk_box_append (GTK_BOX (titles), title);
    gtk_box_append (GTK_BOX (titles), app->subtitle);
    gtk_header_bar_set_title_widget (GTK_HEADER_BAR (header), titles);
    gtk_window_set_titlebar (app->window, header);
    app_update_header (app);
    app->stack = GTK_STACK (gtk_stack_new ());
    gtk_widget_set_name (GTK_WIDGET (app->stack), "pages");
    gtk_stack_add_named (app->stack, page_connect_new (app), "connect");
    gtk_stack_add_named (app->stack, page_signin_new (app), "signin");
    gtk_stack_add_named (app->stack, page_signup_new (app), "signup");
    gtk_stack_add_named (app->stack, page_lookup_new (app), "lookup");
    gtk_window_set_child (app->window, GTK_WIDGET (app->stack));
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
    s_build_window (app);
    page_connect_enter (app, NULL);
    gtk_window_present (app->window);
    app->script = ui_script_start ("VC_GTK_TEST_SCRIPT", app->window, s_script_quit, app);
}

static int
s_run (vc_config_t *config, char *argv0)
{
    char key [64];
    if (ui_app_server_key (config, key, sizeof key))
        return 2;
    app_t app = { 0 };
    snprintf (app.server, sizeof app.server, "%s", vc_config_get (config, "server"));
    app.provinces = vc_provinces_new ();
    app.net = gtk_net_new ("gui", *key ? key : NULL, (int) vc_config_int (config, "timeout"));
    app.gtk = gtk_application_new ("org.vcovid.Client", G_APPLICATION_NON_UNIQUE);
    g_signal_connect (app.gtk, "activate", G_CALLBACK (s_activate), &app);
    int rc = ui_app_run (app.gtk, argv0, s_on_signal, &app);
    gtk_net_destroy (&app.net);
    if (app.window)
        gtk_window_destroy (app.window);
    if (ui_script_failed (app.script))
        rc = 1;
    ui_script_destroy (&app.script);
    page_connect_destroy (&app);
    page_signin_destroy (&app);
    page_signup_destroy (&app);
    page_lookup_destroy (&app);
    g_object_unref (app.gtk);
    vc_provinces_destroy (&app.provinces);
    return rc;
}

int
main (int argc, char **argv)
{
    int rc = 0;
    gtk_disable_setlocale ();         //  vc_i18n chooses the language
    vc_i18n_init ();
    vc_config_t *config = vc_program_start ("vc-gtk", "gtk", "[options]",
        "The desktop client: connect, sign up, sign in and look up COVID-19 cases.",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    zsys_handler_set (NULL);          //  GLib handles SIGINT and SIGTERM
    rc = s_run (config, argv [0]);
    vc_config_destroy (&config);
    return rc;
}
