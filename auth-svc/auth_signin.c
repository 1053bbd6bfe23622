/*  auth_signin - the sign-in operation: limits per (username, source
    address), per source address and per client (auth_limits), password check (the
    same answer and about the same time for an unknown user and a wrong
    password), then the single-session rule against the shared session
    table, asking the broker when the holder may have gone unnoticed.  */
#include "vc_metrics.h"
#include "auth_ops_priv.h"
#include "vc_text.h"

#define S_CLAIM_ATTEMPTS 3
#define S_WRONG "wrong username or password"
#define S_IN_USE "account in use: signed in from another client"

typedef struct {
    char pair_key [VC_USERNAME_MAX + VC_ADDRESS_MAX + 40];
    char source_key [VC_ADDRESS_MAX + 32];
    char client_key [VC_ADDRESS_MAX + 8];
} s_keys_t;

//  The keys of the three rules (auth_limits.h). A request without a
//  source address (an older broker) counts under its client instead.
static void
s_make_keys (s_keys_t *keys, const char *username, const vc_request_t *request)
{
    char folded [VC_USERNAME_MAX + 1], source [VC_ADDRESS_MAX + 16];
    auth_rules_fold (username, folded, sizeof folded);
    if (*request->source)
        vc_text_copy (source, sizeof source, request->source);
    else
        snprintf (source, sizeof source, "client %s", request->client);
    snprintf (keys->pair_key, sizeof keys->pair_key, "pair:%s|%s", folded, source);
    snprintf (keys->source_key, sizeof keys->source_key, "source:%s", source);
    snprintf (keys->client_key, sizeof keys->client_key, "client:%s", request->client);
}

//  Milliseconds to wait before trying again, 0 if allowed, -1 on error;
//  *by_source: the wait is the source address's.
static int64_t
s_blocked (auth_ctx_t *ctx, const s_keys_t *keys, int64_t now, bool *by_source)
{
    int64_t pair_wait = auth_limits_blocked (ctx->limits, keys->pair_key, now);
    int64_t source_wait = auth_limits_blocked (ctx->limits, keys->source_key, now);
    int64_t client_wait = auth_limits_blocked (ctx->limits, keys->client_key, now);
    if (pair_wait < 0 || source_wait < 0 || client_wait < 0)
        return -1;
    int64_t wait = pair_wait > client_wait ? pair_wait : client_wait;
    *by_source = source_wait > wait;
    return source_wait > wait ? source_wait : wait;
}

//  Sign-ins by result, for the metrics (hashing threads: atomic adds).
static void
s_count (const char *result)
{
    char labels [32];
    snprintf (labels, sizeof labels, "result=\"%s\"", result);
    vc_counter_add (vc_metrics_counter ("vc_auth_signins_total",
        "Sign-ins by result: ok, or failed (wrong, limited, in_use, error)", labels), 1);
}

static void
s_refuse_limited (auth_job_t *job, const char *username, int64_t wait_ms, bool by_source)
{
    s_count ("limited");
    int64_t seconds = (wait_ms + 999) / 1000;
    vc_said_t message;          //  With its id, for the clients to say it by its id
    if (by_source)
        vc_said_set (&message, "too many failed sign-ins from this address, wait %" PRId64 " s",
                     seconds);
    else
        vc_said_set (&message, "too many failed attempts, wait %" PRId64 " s", seconds);
    const char *args [VC_SAID_MAX_ARGS];
    vc_auth_signin_limited_reply_t reply = {
        .status = VC_BUSY, .message = message.message, .retry_after = seconds,
        .has_msgid = true, .msgid = vc_said_msgid (&message), .has_args = true, .args = args,
        .args_count = vc_said_args (&message, args)
    };
    reply.has_msgid = reply.has_args = reply.msgid != NULL;
    vc_pack_t *pack = vc_pack_new ();
    vc_auth_signin_limited_reply_pack (pack, &reply);
    auth_ops_take_reply (job, &pack);
    vc_info ("client %s: sign-in as %s refused, %s", job->request->client, username,
             message.message);
    auth_ops_event (job, VC_TOPIC_AUTH_LOGIN_FAILED, job->request->client, username,
                    by_source ? "too many failed sign-ins from this address" : "too many failed attempts");
}

static void
s_refuse_credentials (auth_ctx_t *ctx, auth_job_t *job, const s_keys_t *keys,
                      const char *username, bool known)
{
    int64_t now = vc_time_ms ();
    int pair_blocked = auth_limits_fail (ctx->limits, AUTH_RULE_PAIR, keys->pair_key, now);
    int source_blocked = auth_limits_fail (ctx->limits, AUTH_RULE_SOURCE, keys->source_key, now);
    int client_blocked = auth_limits_fail (ctx->limits, AUTH_RULE_CLIENT, keys->client_key, now);
    const char *reason = known ? "wrong password" : "unknown username";
    s_count ("wrong");
    job->remember = true;               //  A retry does not count twice
    vc_info ("client %s (%s): sign-in as %s failed: %s%s", job->request->client,
             job->request->source, username, reason,
             pair_blocked > 0 || source_blocked > 0 || client_blocked > 0 ? " (now rate-limited)" : "");
    auth_ops_refuse (job, VC_UNAUTHORISED, S_WRONG);
    auth_ops_event (job, VC_TOPIC_AUTH_LOGIN_FAILED, job->request->client, username, reason);
}

//  Upgrade a hash made with other limits, now that the password is known.
static void
s_maybe_rehash (auth_ctx_t *ctx, const char *username, const char *hash, const char *password)
{
    if (!auth_password_needs_rehash (ctx->password, hash))
        return;
    char fresh [AUTH_HASH_MAX];
    if (auth_password_hash (ctx->password, password, fresh) == 0
    &&  auth_store_set_hash (ctx->store, username, fresh) == 0)
        vc_info ("password hash of %s upgraded to the current limits", username);
    sodium_memzero (fresh, sizeof fresh);
}

//  Claim the session, asking the broker about a holder that may be gone.
//  Returns AUTH_CLAIM_DONE, AUTH_CLAIM_HELD, or -1.
static int
s_claim (auth_ctx_t *ctx, auth_job_t *job, const char *username, auth_claim_t *claim)
{
    const char *client = job->request->client;
    char stale [VC_ADDRESS_MAX + 1] = "";
    for (int attempt = 0; attempt < S_CLAIM_ATTEMPTS; attempt++) {
        int rc = auth_sessions_claim (ctx->sessions, username, client, job->session_token,
                                      job->epoch, stale, vc_time_ms (), claim);
        if (rc != AUTH_CLAIM_HELD)
            return rc;
        int live = ctx->probe ? auth_probe_connected (ctx->probe, claim->holder) : -1;
        if (live != 0)
            return AUTH_CLAIM_HELD;     //  Connected, or cannot tell: keep the rule
        vc_info ("session of %s on client %s is stale (client gone)", username, claim->holder);
        vc_text_copy (stale, sizeof stale, claim->holder);
    }
    return AUTH_CLAIM_HELD;
}

static void
s_reply_signed_in (auth_job_t *job, const char *username)
{
    vc_auth_signin_reply_t reply = {
        .status = VC_OK, .message = "signed in", .token = job->session_token, .username = username
    };
    vc_pack_t *pack = vc_pack_new ();
    vc_auth_signin_reply_pack (pack, &reply);
    auth_ops_take_reply (job, &pack);
}

static void
s_signed_in (auth_job_t *job, const char *username, const auth_claim_t *claim)
{
    const char *client = job->request->client;
    if (*claim->previous)
        auth_ops_event (job, VC_TOPIC_AUTH_LOGOUT, client, claim->previous, "signed in as another user");
    if (*claim->holder)
        auth_ops_event (job, VC_TOPIC_AUTH_LOGOUT, claim->holder, username, claim->holder_old_epoch
                        ? "broker restarted" : "connection lost");
    job->bind_session = true;
    vc_text_copy (job->session_user, sizeof job->session_user, username);
    s_reply_signed_in (job, username);
    vc_info ("client %s signed in as %s", client, username);
    auth_ops_event (job, VC_TOPIC_AUTH_LOGIN, client, username, "signed in");
}

//  After the password matched: limits, hash upgrade, session.
static void
s_accept (auth_ctx_t *ctx, auth_job_t *job, const s_keys_t *keys, const char *username,
          const char *hash, const char *password)
{
    auth_limits_clear (ctx->limits, keys->pair_key);
    s_maybe_rehash (ctx, username, hash, password);
    auth_token_new (job->session_token);
    auth_claim_t claim;
    int rc = s_claim (ctx, job, username, &claim);
    s_count (rc == AUTH_CLAIM_DONE ? "ok" : rc == AUTH_CLAIM_HELD ? "in_use" : "error");
    if (rc == AUTH_CLAIM_DONE)
        s_signed_in (job, username, &claim);
    else {
        sodium_memzero (job->session_token, sizeof job->session_token);
        if (rc == AUTH_CLAIM_HELD) {
            vc_info ("client %s: sign-in as %s refused: in use on client %s",
                     job->request->client, username, claim.holder);
            auth_ops_refuse (job, VC_ACCOUNT_IN_USE, S_IN_USE);
            auth_ops_event (job, VC_TOPIC_AUTH_LOGIN_FAILED, job->request->client, username, "account in use");
        }
        else
            auth_ops_refuse (job, VC_SERVICE_UNAVAILABLE, AUTH_STORE_UNAVAILABLE_TEXT);
    }
}

void
auth_ops_signin (auth_ctx_t *ctx, auth_job_t *job)
{
    const char *username, *password;
    if (auth_ops_credentials (job, &username, &password))
        return;
    if (!*username || !*password
    ||  strlen (username) > VC_USERNAME_MAX || strlen (password) > VC_PASSWORD_MAX) {
        auth_ops_refuse (job, VC_BAD_REQUEST, "username (at most 32 bytes) and password "
                        "(at most 128 bytes) are required");
        return;
    }
    s_keys_t keys;
    s_make_keys (&keys, username, job->request);
    bool by_source = false;
    int64_t wait_ms = s_blocked (ctx, &keys, vc_time_ms (), &by_source);
    if (wait_ms > 0) {
        s_refuse_limited (job, username, wait_ms, by_source);
        return;
    }
    char canonical [VC_USERNAME_MAX + 1], hash [AUTH_HASH_MAX];
    int found = wait_ms < 0 ? -1 : auth_store_find (ctx->store, username, canonical,
                                                   sizeof canonical, hash, sizeof hash);
    if (found < 0) {
        auth_ops_refuse (job, VC_SERVICE_UNAVAILABLE, AUTH_STORE_UNAVAILABLE_TEXT);
        return;
    }
    if (!auth_password_verify (ctx->password, found == 0 ? hash : NULL, password))
        s_refuse_credentials (ctx, job, &keys, username, found == 0);
    else
        s_accept (ctx, job, &keys, canonical, hash, password);
    sodium_memzero (hash, sizeof hash);
}
