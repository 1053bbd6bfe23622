/*  ui_driver - where a test driver plugs into the GTK programs.

    The programs call these three at start and end. The shipped programs
    link ui_driver_none.c: no driver, nothing read from the environment
    but a warning when a test script is named. The test builds
    (tests/ui/CMakeLists.txt) link the script driver instead
    (tests/ui/driver/ui_script.c), which runs the steps of the file the
    environment variable names; see ui_script.h.
*/
#ifndef UI_DRIVER_H_INCLUDED
#define UI_DRIVER_H_INCLUDED

#include <gtk/gtk.h>
#include <stdbool.h>

typedef struct _ui_driver_t ui_driver_t;

//  Start the driver on window when the environment variable env_name names
//  a script; quit_fn ends the program. NULL when there is none (always,
//  in the shipped programs).
ui_driver_t *ui_driver_start (const char *env_name, GtkWindow *window,
                              void (*quit_fn) (void *arg), void *arg);
void ui_driver_destroy (ui_driver_t **self_p);

//  True if any step failed (or the script could not be read).
bool ui_driver_failed (ui_driver_t *self);

#endif
