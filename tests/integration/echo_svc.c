/*  vc-echo-svc - a test service: registers under a given name and answers
    "echo" with the request's fields, "sleep" after a delay (for timeout
    and crash tests; the reply is deferred, so heartbeats go on), "whoami"
    with the session's username; registered as "auth", "signup" and
    "signin" with {ms} sleep like "sleep" (standing in for a password
    hash, for the broker's quotas of costly operations); "said" with a 404
    whose message id is "no province matches '%s'" with {text} as its
    value, and whose English message is worded otherwise ("province not
    known: TEXT"), as a service of another version may word it; "lookup"
    the same with {province} (a data service's unknown province, for the
    desktop client). At debug level it logs each request it
    answered ("handled OP text=TEXT"), for tests that count them.  */
#include "vc_config.h"
#include "vc_log.h"
#include "vc_worker.h"
#include "vc_check.h"
#include "vc_messages.h"

static const vc_option_t s_options [] = {
    { "backend", "VC_BACKEND", VC_DEFAULT_BACKEND, "Broker worker endpoint", false },
    { "service", "VC_SERVICE", "echo", "Service name to register", false },
    { "capacity", "VC_CAPACITY", "10", "Requests held at once", false },
    VC_OPTIONS_WORKER_KEYS,
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

typedef struct {
    vc_request_t *request;
    int64_t due;
} sleeper_t;

static void
s_reply (vc_worker_t *worker, vc_request_t **request_p, vc_pack_t *pack)
{
    vc_request_t *request = *request_p;
    const char *text = "";
    vc_body_str (request->body, "text", VC_STRING_MAX, &text);
    vc_debug ("handled %s text=%s", request->op, text);
    vc_pack_reset (pack);
    vc_pack_map_begin (pack);
    vc_pack_kint (pack, "status", VC_OK);
    vc_pack_kstr (pack, "message", streq (request->op, "whoami")
                  ? (*request->username ? request->username : "nobody") : text);
    vc_pack_kstr (pack, "instance", vc_worker_instance (worker));
    vc_pack_kstr (pack, "client", request->client);
    vc_pack_kstr (pack, "username", request->username);
    vc_pack_map_end (pack);
    zframe_t *body = vc_pack_frame (pack);
    vc_worker_reply (worker, request_p, &body);
}

static void
s_said (vc_worker_t *worker, vc_request_t **request_p, vc_pack_t *pack)
{
    const char *text = "";
    if (vc_body_str ((*request_p)->body, "text", VC_STRING_MAX, &text))
        vc_body_str ((*request_p)->body, "province", VC_STRING_MAX, &text);
    char message [VC_STRING_MAX + 32];
    snprintf (message, sizeof message, "province not known: %s", text);
    const char *args [] = { text };
    vc_status_reply_t reply = {
        .status = VC_NOT_FOUND, .message = message,
        .has_msgid = true, .msgid = "no province matches '%s'", .has_args = true,
        .args = args, .args_count = 1
    };
    vc_pack_reset (pack);
    vc_status_reply_pack (pack, &reply);
    zframe_t *body = vc_pack_frame (pack);
    vc_worker_reply (worker, request_p, &body);
}

static void
s_handle (vc_worker_t *worker, vc_request_t **request_p, vc_pack_t *pack, zlist_t *sleepers)
{
    vc_request_t *request = *request_p;
    if (streq (request->op, "sleep") || streq (request->op, "signup") || streq (request->op, "signin")) {
        int64_t ms = 0;
        if (vc_body_need_int (request->body, "ms", 0, 60000, &ms)) {
            vc_worker_reply_status (worker, request_p, VC_BAD_REQUEST, vc_body_error (request->body));
            return;
        }
        sleeper_t *sleeper = (sleeper_t *) VC_NEED (zmalloc (sizeof (sleeper_t)));
        sleeper->request = request;
        sleeper->due = zclock_mono () + ms;
        zlist_append (sleepers, sleeper);
        *request_p = NULL;
    }
    else
    if (streq (request->op, "echo") || streq (request->op, "whoami"))
        s_reply (worker, request_p, pack);
    else
    if (streq (request->op, "said") || streq (request->op, "lookup"))
        s_said (worker, request_p, pack);
    else
        vc_worker_reply_status (worker, request_p, VC_BAD_REQUEST, "unknown operation");
}

static void
s_wake_sleepers (vc_worker_t *worker, vc_pack_t *pack, zlist_t *sleepers)
{
    sleeper_t *sleeper = (sleeper_t *) zlist_first (sleepers);
    while (sleeper) {
        sleeper_t *next = (sleeper_t *) zlist_next (sleepers);
        if (zclock_mono () >= sleeper->due) {
            zlist_remove (sleepers, sleeper);
            s_reply (worker, &sleeper->request, pack);
            free (sleeper);
        }
        sleeper = next;
    }
}

//  Milliseconds until the first sleeper is due (at most 20): replies to
//  "sleep" leave on time, not up to 20 ms late.
static int
s_next_wake (zlist_t *sleepers)
{
    int64_t wait = 20, now = zclock_mono ();
    for (sleeper_t *sleeper = (sleeper_t *) zlist_first (sleepers); sleeper;
         sleeper = (sleeper_t *) zlist_next (sleepers))
        if (sleeper->due - now < wait)
            wait = sleeper->due - now;
    return wait > 0 ? (int) wait : 0;
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-echo-svc", "echo", "[options]",
        "Test service: echo, sleep and whoami operations.",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    vc_worker_keys_export (config);
    vc_worker_t *worker = vc_worker_new (vc_config_get (config, "backend"),
        vc_config_get (config, "service"), (int) vc_config_int (config, "capacity"));
    if (!worker) {
        vc_error ("cannot start the worker (see above)");
        vc_config_destroy (&config);
        return 1;
    }
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    zlist_t *sleepers = VC_NEED (zlist_new ());
    while (!zsys_interrupted && !vc_worker_stopped (worker)) {
        vc_request_t *request = vc_worker_recv (worker, s_next_wake (sleepers));
        if (request)
            s_handle (worker, &request, pack, sleepers);
        s_wake_sleepers (worker, pack, sleepers);
    }
    sleeper_t *sleeper;
    while ((sleeper = (sleeper_t *) zlist_pop (sleepers))) {
        vc_request_destroy (&sleeper->request);
        free (sleeper);
    }
    zlist_destroy (&sleepers);
    vc_pack_destroy (&pack);
    vc_worker_destroy (&worker);
    vc_config_destroy (&config);
    return 0;
}
