/*  vc-test-session-svc - a test-only stand-in for the auth service:
    registers as "auth"; "signin" accepts any username with any password
    and binds the session at the broker; "signout" ends it. Lets the data
    service be tested without real accounts.  */
#include "vc_api.h"
#include "vc_config.h"
#include "vc_log.h"
#include "vc_worker.h"
#include "vc_check.h"

static const vc_option_t s_options [] = {
    { "backend", "VC_BACKEND", VC_DEFAULT_BACKEND, "Broker worker endpoint", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

static void
s_signin (vc_worker_t *worker, vc_request_t **request_p, vc_pack_t *pack)
{
    vc_request_t *request = *request_p;
    const char *username = NULL;
    if (vc_body_need_str (request->body, "username", VC_USERNAME_MAX, &username) || !*username) {
        vc_worker_reply_status (worker, request_p, VC_BAD_REQUEST, "username needed");
        return;
    }
    zuuid_t *uuid = VC_NEED (zuuid_new ());
    char token [40];
    snprintf (token, sizeof token, "%s", zuuid_str (uuid));
    zuuid_destroy (&uuid);
    vc_worker_session (worker, request->client, username, token);
    vc_pack_reset (pack);
    vc_pack_map_begin (pack);
    vc_pack_kint (pack, "status", VC_OK);
    vc_pack_kstr (pack, "message", "signed in");
    vc_pack_kstr (pack, "token", token);
    vc_pack_kstr (pack, "username", username);
    vc_pack_map_end (pack);
    zframe_t *body = vc_pack_frame (pack);
    vc_worker_reply (worker, request_p, &body);
}

int
main (int argc, char **argv)
{
    vc_config_t *config = vc_config_new ("vc-test-session-svc", "[options]",
        "Test-only auth stand-in: signin accepts anyone, signout ends the session.", s_options);
    int rc = vc_config_parse (config, argc, argv);
    if (rc) {
        vc_config_destroy (&config);
        return rc > 0 ? 0 : 2;
    }
    vc_log_init ("session", vc_config_get (config, "log-level"));
    zsys_init ();
    zsys_set_logstream (NULL);
    vc_worker_t *worker = VC_NEED (vc_worker_new (vc_config_get (config, "backend"), VC_SERVICE_AUTH, 100));
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    while (!zsys_interrupted && !vc_worker_stopped (worker)) {
        vc_request_t *request = vc_worker_recv (worker, 1000);
        if (!request)
            continue;
        if (streq (request->op, "signin"))
            s_signin (worker, &request, pack);
        else
        if (streq (request->op, "signout")) {
            vc_worker_session (worker, request->client, "", "");
            vc_worker_reply_status (worker, &request, VC_OK, "signed out");
        }
        else
            vc_worker_reply_status (worker, &request, VC_BAD_REQUEST, "unknown operation");
    }
    vc_pack_destroy (&pack);
    vc_worker_destroy (&worker);
    vc_config_destroy (&config);
    return 0;
}
