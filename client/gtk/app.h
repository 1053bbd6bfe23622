/*  app - the desktop client's shared state: the window with its stack of
    four pages (connect, signin, signup, lookup), the network thread, and
    what the pages tell each other (the address, the signed-in user).
*/
#ifndef APP_H_INCLUDED
#define APP_H_INCLUDED

#include <adwaita.h>
#include "gtk_net.h"
#include "ui_kit.h"
#include "ui_driver.h"
#include "vc_api.h"
#include "vc_config.h"
#include "vc_date.h"
#include "vc_i18n.h"
#include "vc_log.h"
#include "vc_number.h"
#include "vc_province.h"

typedef struct _page_connect_t page_connect_t;
typedef struct _page_signin_t page_signin_t;
typedef struct _page_signup_t page_signup_t;
typedef struct _page_lookup_t page_lookup_t;

typedef struct {
    GtkApplication *gtk;            //  An AdwApplication
    GtkWindow *window;              //  An AdwApplicationWindow
    GtkStack *stack;                //  Named "pages"
    GtkWidget *subtitle;            //  AdwWindowTitle named "header-subtitle"
    AdwToastOverlay *toasts;        //  Named "toasts": passing messages
    gtk_net_t *net;
    char server [256];              //  Addresses typed on the Connect page (one, or a
                                    //  pair's list): Reconnect tries every one
    char address [256];             //  Endpoint we are connected to (of those)
    const char *events;             //  --events: the event bus, or NULL to ask the broker
    char username [VC_USERNAME_MAX + 1];
    vc_provinces_t *provinces;      //  Built-in table, for completion
    page_connect_t *connect;
    page_signin_t *signin;
    page_signup_t *signup;
    page_lookup_t *lookup;
    ui_driver_t *script;
    bool quitting;
    bool reconnecting;              //  Header says so until it ends
} app_t;

//  Data key on a page widget: the field that takes the focus on arrival
#define APP_FIRST_FIELD "app-first-field"

//  Show a page by name and focus its first field.
void app_show_page (app_t *app, const char *name);
//  Show the address and the signed-in user in the header bar.
void app_update_header (app_t *app);
//  Say BYE and quit.
void app_exit (app_t *app);
//  Reconnect to the addresses typed (every one of a pair, not only the
//  last one used); status shows progress and the outcome.
void app_reconnect (app_t *app, ui_status_t *status);
//  Show a failed request's reason on status (with Reconnect if the server
//  is gone). Returns true if the result was a failure.
bool app_failed (app_t *app, ui_status_t *status, gtk_net_result_t *result);
//  A passing message (toast).
void app_toast (app_t *app, const char *text);
//  The Connect page, to change the server (drops the session).
void app_change_server (app_t *app);

//  What went wrong, in plain words for the person (app_words.c): the
//  reason of a failed result, for the page it happened on ("connect",
//  "signin", "signup", "lookup"). Returns text (of size).
const char *app_words (const gtk_net_result_t *result, const char *page, char *text, size_t size);
//  A server's message in the person's language (vc_server_words, shared
//  with vc-cli and vc-monitor), as written if it has no known shape.
const char *app_server_words (const char *message, char *text, size_t size);
//  The same as a sentence: a capital first letter and a full stop.
const char *app_server_sentence (const char *message, char *text, size_t size);
//  A result's server message by the message id its reply carries, else by
//  its shape (app_server_words); as a sentence.
const char *app_reply_words (const gtk_net_result_t *result, char *text, size_t size);
const char *app_reply_sentence (const gtk_net_result_t *result, char *text, size_t size);
//  The message id of a result's server message and its values (at most
//  VC_SAID_MAX_ARGS into args), or NULL if it has none.
const char *app_reply_msgid (const gtk_net_result_t *result, const char **args, size_t *count);

//  A request the person may cancel: the page keeps a ticket number; a
//  result whose ticket is no longer the page's is dropped (app_job_*).
typedef struct {
    void *page;
    unsigned ticket;
    unsigned *current;
} app_job_t;
//  A job for a page whose current ticket is *current (advanced).
app_job_t *app_job_new (void *page, unsigned *current);
//  The page of a finished job, or NULL if it was cancelled (job freed).
void *app_job_end (void *user);

GtkWidget *page_connect_new (app_t *app);
void page_connect_enter (app_t *app, const char *message);
void page_connect_destroy (page_connect_t **self_p);

GtkWidget *page_signin_new (app_t *app);
void page_signin_enter (app_t *app, const char *info);
//  Sign in with this username filled in (after signing up).
void page_signin_enter_user (app_t *app, const char *username, const char *info);
void page_signin_destroy (page_signin_t **self_p);

GtkWidget *page_signup_new (app_t *app);
void page_signup_enter (app_t *app);
void page_signup_destroy (page_signup_t **self_p);

GtkWidget *page_lookup_new (app_t *app);
void page_lookup_enter (app_t *app);
void page_lookup_destroy (page_lookup_t **self_p);

#endif
