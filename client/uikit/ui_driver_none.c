/*  ui_driver_none - the shipped programs' side of ui_driver.h: there is no
    test driver; a test script named in the environment is ignored with a
    warning.  */
#include "ui_driver.h"
#include "vc_log.h"

ui_driver_t *
ui_driver_start (const char *env_name, GtkWindow *window,
                 void (*quit_fn) (void *arg), void *arg)
{
    (void) window;
    (void) quit_fn;
    (void) arg;
    const char *path = g_getenv (env_name);
    if (path && *path)
        vc_warn ("%s is ignored: this build of the program has no test driver", env_name);
    return NULL;
}

void
ui_driver_destroy (ui_driver_t **self_p)
{
    *self_p = NULL;
}

bool
ui_driver_failed (ui_driver_t *self)
{
    (void) self;
    return false;
}
