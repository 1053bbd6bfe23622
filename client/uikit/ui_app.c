/*  ui_app - the program frame the GTK client and the monitor share.  */
#include "ui_app.h"
#include "ui_kit.h"
#include "vc_i18n.h"
#include "vc_log.h"
#include "vc_proto.h"
#include <czmq.h>
#include <glib-unix.h>

int
ui_app_server_key (vc_config_t *config, char *key, size_t key_size)
{
    const char *path = vc_config_get (config, "server-key-file");
    key [0] = 0;
    if (!path || vc_curve_key_load (path, key, key_size) == 0)
        return 0;
    vc_error ("cannot read the broker's public key from %s", path);
    return -1;
}

int
ui_app_main (const char *program, const char *log_name, const char *summary,
             const vc_option_t *options, int argc, char **argv,
             int (*run) (vc_config_t *config, char *argv0))
{
    int rc = 0;
    gtk_disable_setlocale ();
    vc_i18n_init ();
    vc_config_t *config = vc_program_start (program, log_name, "[options]", _(summary),
                                            options, argc, argv, &rc);
    if (!config)
        return rc;
    zsys_handler_set (NULL);
    rc = run (config, argv [0]);
    vc_config_destroy (&config);
    return rc;
}

int
ui_app_run (GtkApplication *gtk, char *argv0, GSourceFunc on_signal, gpointer user)
{
    guint sigint = g_unix_signal_add (SIGINT, on_signal, user);
    guint sigterm = g_unix_signal_add (SIGTERM, on_signal, user);
    char *args [] = { argv0, NULL };
    int rc = g_application_run (G_APPLICATION (gtk), 1, args);
    g_source_remove (sigint);
    g_source_remove (sigterm);
    return rc;
}

//  Text of the About window for test scripts: name, version, developer
static char *
s_about_text (GtkWidget *widget)
{
    AdwAboutWindow *about = ADW_ABOUT_WINDOW (widget);
    return g_strdup_printf ("%s %s %s", adw_about_window_get_application_name (about),
                            adw_about_window_get_version (about),
                            adw_about_window_get_developer_name (about));
}

void
ui_app_about (GtkWindow *parent, const char *app_id, const char *name, const char *summary)
{
    GtkWidget *about = adw_about_window_new ();
    gtk_window_set_transient_for (GTK_WINDOW (about), parent);
    adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), app_id);
    adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), name);
    adw_about_window_set_version (ADW_ABOUT_WINDOW (about), VC_VERSION);
    adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The vcovid project"));
    adw_about_window_set_comments (ADW_ABOUT_WINDOW (about), summary);
    //  Translators: your name, shown in the About window
    const char *credits = _("translator-credits");
    if (strcmp (credits, "translator-credits") != 0)
        adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), credits);
    gtk_widget_set_name (about, "about");
    ui_kit_set_text_func (about, s_about_text);
    gtk_window_present (GTK_WINDOW (about));
}

#define LAST_TOAST_KEY "ui-app-last-toast"

static char *
s_toasts_text (GtkWidget *widget)
{
    const char *text = (const char *) g_object_get_data (G_OBJECT (widget), LAST_TOAST_KEY);
    return g_strdup (text ? text : "");
}

GtkWidget *
ui_app_toast_overlay (GtkWindow *window, GtkWidget *child)
{
    GtkWidget *overlay = adw_toast_overlay_new ();
    gtk_widget_set_name (overlay, "toasts");
    gtk_widget_set_vexpand (overlay, TRUE);
    adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), child);
    ui_kit_set_toasts (window, ADW_TOAST_OVERLAY (overlay));
    ui_kit_set_text_func (overlay, s_toasts_text);
    return overlay;
}

char *
ui_app_window_title_text (GtkWidget *widget)
{
    return g_strdup (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)));
}
