/*  ui_app - the program frame the GTK client and the monitor share: the
    broker's public key from --server-key-file, and running the
    GtkApplication with SIGINT and SIGTERM handled by GLib.
*/
#ifndef UI_APP_H_INCLUDED
#define UI_APP_H_INCLUDED

#include <gtk/gtk.h>
#include "vc_config.h"

//  The broker's public key (Z85) from the file named by --server-key-file
//  into key; "" when no file is named. Returns 0, or -1 (logged) if the
//  file cannot be read.
int ui_app_server_key (vc_config_t *config, char *key, size_t key_size);

//  Runs the application until it quits; on_signal(user) is called on
//  SIGINT and SIGTERM. Returns the application's exit status.
int ui_app_run (GtkApplication *gtk, char *argv0, GSourceFunc on_signal, gpointer user);

#endif
