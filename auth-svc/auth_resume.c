/*  auth_resume - the resume operation: a client whose broker restarted or
    failed over presents the token of its session and keeps it, under a new
    token that only this reply carries. A session of an earlier broker run
    resumes within the grace period; one of this run only when the client
    that held it is gone (a live session is never taken over).  */
#include "vc_metrics.h"
#include "auth_ops_priv.h"

#define S_ATTEMPTS 2
#define S_ENDED "no session to resume: sign in again"

static void
s_count (const char *result)
{
    char labels [32];
    snprintf (labels, sizeof labels, "result=\"%s\"", result);
    vc_counter_add (vc_metrics_counter ("vc_auth_resumes_total",
        "Sessions resumed after a broker restart or failover, by result (ok, ended, in_use, error)",
        labels), 1);
}

static void
s_reply_resumed (auth_job_t *job, const char *username)
{
    vc_auth_resume_reply_t reply = {
        .status = VC_OK, .message = "session resumed",
        .token = job->session_token, .username = username
    };
    vc_pack_t *pack = vc_pack_new ();
    vc_auth_resume_reply_pack (pack, &reply);
    auth_ops_take_reply (job, &pack);
}

//  Resume, asking the broker about a holder of this run that may be gone.
static int
s_resume (auth_ctx_t *ctx, auth_job_t *job, const char *token, auth_resume_t *found)
{
    const char *client = job->request->client;
    char stale [VC_ADDRESS_MAX + 1] = "";
    for (int attempt = 0; attempt < S_ATTEMPTS; attempt++) {
        int rc = auth_sessions_resume (ctx->sessions, token, job->session_token, client,
                                       job->epoch, job->grace_open, stale, found);
        if (rc != AUTH_RESUME_LIVE)
            return rc;
        int live = ctx->probe ? auth_probe_connected (ctx->probe, found->holder) : -1;
        if (live != 0)
            return AUTH_RESUME_LIVE;    //  Connected, or cannot tell: keep it there
        snprintf (stale, sizeof stale, "%s", found->holder);
    }
    return AUTH_RESUME_LIVE;
}

void
auth_ops_resume (auth_ctx_t *ctx, auth_job_t *job)
{
    vc_auth_resume_request_t args;
    if (vc_auth_resume_request_decode (job->request->body, &args) || !*args.token) {
        auth_ops_reply (job, VC_BAD_REQUEST, "the session token is required");
        return;
    }
    const char *client = job->request->client;
    auth_token_new (job->session_token);
    auth_resume_t found;
    int rc = s_resume (ctx, job, args.token, &found);
    if (rc == AUTH_RESUME_DONE) {
        s_count ("ok");
        job->bind_session = true;
        snprintf (job->session_user, sizeof job->session_user, "%s", found.username);
        s_reply_resumed (job, found.username);
        vc_info ("client %s resumed the session of %s (was client %s)", client,
                 found.username, found.holder);
        auth_ops_event (job, VC_TOPIC_AUTH_LOGIN, client, found.username, "session resumed");
        return;
    }
    sodium_memzero (job->session_token, sizeof job->session_token);
    if (rc == AUTH_RESUME_NONE) {
        s_count ("ended");
        vc_info ("client %s: no session to resume", client);
        auth_ops_reply (job, VC_UNAUTHORISED, S_ENDED);
    }
    else
    if (rc == AUTH_RESUME_LIVE) {
        s_count ("in_use");
        vc_info ("client %s: resume of %s refused: its connection is alive", client,
                 found.username);
        auth_ops_reply (job, VC_ACCOUNT_IN_USE, "account in use: signed in from another client");
    }
    else {
        s_count ("error");
        auth_ops_reply (job, VC_SERVICE_UNAVAILABLE, AUTH_STORE_UNAVAILABLE_TEXT);
    }
}
