/*  auth_resume - the resume operation: a client whose broker restarted or
    failed over presents the token of its session and keeps it, under a new
    token that only this reply carries. A session of an earlier broker run
    resumes within the grace period; one of this run only when the client
    that held it is gone (a live session is never taken over).

    The new token is made from the old one and the request id (a request
    id of 8 bytes or more; else it is random), so a repeat of a resume
    whose answer was lost (same id, same old token) finds the session
    under the token its first try gave and answers it again, from any
    instance, with nothing but the token's hash in the store.  */
#include "vc_metrics.h"
#include "auth_ops_priv.h"
#include "vc_text.h"

#define S_ATTEMPTS 2
#define S_ENDED "no session to resume: sign in again"

static void
s_count (const char *result)
{
    char labels [32];
    snprintf (labels, sizeof labels, "result=\"%s\"", result);
    vc_counter_add (vc_metrics_counter ("vc_auth_resumes_total",
        "Sessions resumed after a broker restart or failover, by result (ok, repeat, ended, in_use, error)",
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

//  Resume the session that token opens under job->session_token, asking
//  the broker about a holder of this run that may be gone.
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
        vc_text_copy (stale, sizeof stale, found->holder);
    }
    return AUTH_RESUME_LIVE;
}

//  The new token: made from the old one and the request id, or random
//  without a usable id. True if a repeat can find it.
static bool
s_new_token (auth_job_t *job, const char *old_token)
{
    char key [AUTH_REQUEST_KEY_MAX];
    if (!auth_requests_key (job->request->reqid, key)) {
        auth_token_new (job->session_token);
        return false;
    }
    auth_token_derive (old_token, key, job->session_token);
    return true;
}

static void
s_resumed (auth_job_t *job, const auth_resume_t *found, bool repeat)
{
    const char *client = job->request->client;
    bool moved = !streq (found->holder, client) || !streq (found->epoch, job->epoch);
    s_count (repeat ? "repeat" : "ok");
    job->bind_session = true;
    vc_text_copy (job->session_user, sizeof job->session_user, found->username);
    s_reply_resumed (job, found->username);
    if (repeat)
        vc_info ("client %s: repeated resume request answered as the first time (session of %s%s%s)",
                 client, found->username, moved ? ", moved from client " : "", moved ? found->holder : "");
    else
        vc_info ("client %s resumed the session of %s (was client %s)", client,
                 found->username, found->holder);
    if (!repeat || moved)
        auth_ops_event (job, VC_TOPIC_AUTH_LOGIN, client, found->username, "session resumed");
}

void
auth_ops_resume (auth_ctx_t *ctx, auth_job_t *job)
{
    vc_auth_resume_request_t args;
    if (vc_auth_resume_request_decode (job->request->body, &args) || !*args.token) {
        auth_ops_refuse (job, VC_BAD_REQUEST, "the session token is required");
        return;
    }
    const char *client = job->request->client;
    bool repeatable = s_new_token (job, args.token);
    auth_resume_t found;
    int rc = s_resume (ctx, job, args.token, &found);
    bool repeat = false;
    if (rc == AUTH_RESUME_NONE && repeatable) {
        //  Its first try may have resumed it: the session is then under
        //  the token that try gave, which stays as it is
        rc = s_resume (ctx, job, job->session_token, &found);
        repeat = rc == AUTH_RESUME_DONE;
    }
    if (rc == AUTH_RESUME_DONE) {
        s_resumed (job, &found, repeat);
        return;
    }
    sodium_memzero (job->session_token, sizeof job->session_token);
    if (rc == AUTH_RESUME_NONE) {
        s_count ("ended");
        vc_info ("client %s: no session to resume", client);
        auth_ops_refuse (job, VC_UNAUTHORISED, S_ENDED);
    }
    else
    if (rc == AUTH_RESUME_LIVE) {
        s_count ("in_use");
        vc_info ("client %s: resume of %s refused: its connection is alive", client,
                 found.username);
        auth_ops_refuse (job, VC_ACCOUNT_IN_USE, "account in use: signed in from another client");
    }
    else {
        s_count ("error");
        auth_ops_refuse (job, VC_SERVICE_UNAVAILABLE, AUTH_STORE_UNAVAILABLE_TEXT);
    }
}
