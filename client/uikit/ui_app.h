/*  ui_app - the program frame the GTK client and the monitor share: their
    main, the broker's public key from --server-key-file, running the
    AdwApplication with SIGINT and SIGTERM handled by GLib, the About
    window and toasts.
*/
#ifndef UI_APP_H_INCLUDED
#define UI_APP_H_INCLUDED

#include <adwaita.h>
#include "vc_config.h"

//  The main of a GTK program: the language chosen by vc_i18n (not GTK),
//  vc_program_start with usage "[options]" and the summary (marked N_())
//  translated, SIGINT and SIGTERM left to GLib (not CZMQ), then run with
//  the config and argv [0]; the exit code, run's or vc_program_start's
//  (--help, a wrong command line).
int ui_app_main (const char *program, const char *log_name, const char *summary,
                 const vc_option_t *options, int argc, char **argv,
                 int (*run) (vc_config_t *config, char *argv0));

//  The broker's public key (Z85) from the file named by --server-key-file
//  into key; "" when no file is named. Returns 0, or -1 (logged) if the
//  file cannot be read.
int ui_app_server_key (vc_config_t *config, char *key, size_t key_size);

//  Runs the application until it quits; on_signal(user) is called on
//  SIGINT and SIGTERM. Returns the application's exit status.
int ui_app_run (GtkApplication *gtk, char *argv0, GSourceFunc on_signal, gpointer user);

//  The About window of the program with this application id (also its
//  icon name), name and one-line summary.
void ui_app_about (GtkWindow *parent, const char *app_id, const char *name, const char *summary);

//  A toast overlay named "toasts" around child, registered for ui_kit_toast
//  on window; its text (for test scripts) is the last toast shown.
GtkWidget *ui_app_toast_overlay (GtkWindow *window, GtkWidget *child);

//  Text of an AdwWindowTitle for test scripts: its subtitle.
char *ui_app_window_title_text (GtkWidget *widget);

#endif
