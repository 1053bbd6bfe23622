/*  ui_app - the program frame the GTK client and the monitor share.  */
#include "ui_app.h"
#include "vc_log.h"
#include "vc_proto.h"
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
