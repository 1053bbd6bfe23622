/*  auth_ops - contexts, jobs, and every operation but sign-in.  */
#include "auth_ops_priv.h"
#include "vc_metrics.h"
#include "vc_text.h"

static void
s_close_store (auth_ctx_t *self)
{
    auth_requests_destroy (&self->requests);
    auth_limits_destroy (&self->limits);
    auth_sessions_destroy (&self->sessions);
    auth_store_destroy (&self->store);
}

//  Open the store and its parts: 0, or -1 (*unavailable: only because the
//  database cannot be reached now)
static int
s_open_store (auth_ctx_t *self, bool *unavailable)
{
    self->store = auth_store_open (self->db_path, self->db_options, unavailable);
    if (self->store) {
        self->sessions = auth_sessions_new (self->store);
        self->limits = auth_limits_new (self->store, self->limits_config);
        self->requests = auth_requests_new (self->store, self->request_ttl_ms);
    }
    if (self->store && self->sessions && self->limits && self->requests)
        return 0;
    s_close_store (self);
    return -1;
}

auth_ctx_t *
auth_ctx_new (const char *db_path, const vc_db_options_t *db_options, const char *frontend,
              const auth_limits_config_t *limits, const auth_password_t *password,
              int64_t request_ttl_ms, bool open_now)
{
    auth_ctx_t *self = (auth_ctx_t *) zmalloc (sizeof (auth_ctx_t));
    if (!self)
        return NULL;
    *self = (auth_ctx_t) { .password = password, .db_path = db_path, .db_options = db_options,
                           .limits_config = limits, .request_ttl_ms = request_ttl_ms };
    bool unavailable = !open_now;
    if (open_now && s_open_store (self, &unavailable) && unavailable)
        vc_warn ("store unavailable at start: requests are answered 503 until it can be"
                 " reached (opened in the background)");
    if (frontend && *frontend)
        self->probe = auth_probe_new (frontend);
    if ((!self->store && !unavailable) || (frontend && *frontend && !self->probe))
        auth_ctx_destroy (&self);
    return self;
}

void
auth_ctx_destroy (auth_ctx_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_ctx_t *self = *self_p;
    auth_probe_destroy (&self->probe);
    s_close_store (self);
    free (self);
    *self_p = NULL;
}

bool
auth_ctx_has_store (auth_ctx_t *self)
{
    return self->store != NULL;
}

auth_ctx_t *
auth_ctx_open (const auth_ctx_t *recipe, bool *unavailable)
{
    auth_ctx_t *opened = (auth_ctx_t *) zmalloc (sizeof (auth_ctx_t));
    if (!opened) {
        *unavailable = false;
        return NULL;
    }
    *opened = (auth_ctx_t) { .db_path = recipe->db_path, .db_options = recipe->db_options,
                             .limits_config = recipe->limits_config,
                             .request_ttl_ms = recipe->request_ttl_ms };
    if (s_open_store (opened, unavailable)) {
        free (opened);
        return NULL;
    }
    return opened;
}

void
auth_ctx_adopt (void *context, void *opened)
{
    auth_ctx_t *self = (auth_ctx_t *) context;
    auth_ctx_t *parts = (auth_ctx_t *) opened;
    if (self->store) {              //  Opened meanwhile: keep the one in use
        auth_ctx_destroy (&parts);
        return;
    }
    self->store = parts->store;
    self->sessions = parts->sessions;
    self->limits = parts->limits;
    self->requests = parts->requests;
    free (parts);
    vc_info ("store available: opened");
}

bool
auth_ctx_ready (auth_ctx_t *self)
{
    return self->store != NULL;     //  Not open yet: answered 503 at once
}

void
auth_ctx_idle (void *self)
{
    auth_ctx_t *ctx = (auth_ctx_t *) self;
    if (ctx->probe)
        auth_probe_tick (ctx->probe);
}

auth_job_t *
auth_job_new (auth_job_kind_t kind, const char *epoch)
{
    auth_job_t *self = (auth_job_t *) zmalloc (sizeof (auth_job_t));
    if (self) {
        self->kind = kind;
        vc_text_copy (self->epoch, sizeof self->epoch, epoch);
    }
    return self;
}

void
auth_job_destroy (auth_job_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_job_t *self = *self_p;
    vc_request_destroy (&self->request);
    zframe_destroy (&self->reply);
    auth_event_out_t *event;
    while (self->events && (event = (auth_event_out_t *) zlist_pop (self->events)))
        free (event);
    zlist_destroy (&self->events);
    sodium_memzero (self->session_token, sizeof self->session_token);
    free (self);
    *self_p = NULL;
}

void
auth_job_free (void **job_p)
{
    auth_job_destroy ((auth_job_t **) job_p);
}

void
auth_ops_reply (auth_job_t *job, int status, const char *message)
{
    zframe_destroy (&job->reply);
    job->reply = vc_pack_status_frame (status, message);
}

void
auth_ops_refuse (auth_job_t *job, int status, const char *format, ...)
{
    vc_said_t said;
    va_list args;
    va_start (args, format);
    vc_said_vset (&said, format, args);
    va_end (args);
    auth_ops_refuse_said (job, status, &said);
}

void
auth_ops_refuse_said (auth_job_t *job, int status, const vc_said_t *said)
{
    zframe_destroy (&job->reply);
    job->reply = vc_pack_said_frame (status, said);
}

void
auth_ops_take_reply (auth_job_t *job, vc_pack_t **pack_p)
{
    zframe_destroy (&job->reply);
    job->reply = vc_pack_frame (*pack_p);
    vc_pack_destroy (pack_p);
}

void
auth_ops_event (auth_job_t *job, const char *topic, const char *client,
                const char *username, const char *detail)
{
    if (!job->events)
        job->events = zlist_new ();
    auth_event_out_t *event = (auth_event_out_t *) zmalloc (sizeof (auth_event_out_t));
    if (!job->events || !event || zlist_append (job->events, event)) {
        free (event);
        return;
    }
    vc_text_copy (event->topic, sizeof event->topic, topic);
    vc_text_copy (event->client, sizeof event->client, client);
    vc_text_copy (event->username, sizeof event->username, username);
    vc_text_copy (event->detail, sizeof event->detail, detail);
}

int
auth_ops_credentials (auth_job_t *job, const char **username, const char **password)
{
    vc_body_t *body = job->request->body;
    int rc;
    if (streq (job->request->op, "signup")) {
        vc_auth_signup_request_t args;
        rc = vc_auth_signup_request_decode (body, &args);
        *username = args.username;
        *password = args.password;
    }
    else {
        vc_auth_signin_request_t args;
        rc = vc_auth_signin_request_decode (body, &args);
        *username = args.username;
        *password = args.password;
    }
    if (rc)
        auth_ops_reply (job, VC_BAD_REQUEST, vc_body_error (body));
    return rc ? -1 : 0;
}

static void
s_reply_created (auth_job_t *job, const char *username)
{
    vc_auth_signup_reply_t reply = {
        .status = VC_OK, .message = "account created", .username = username
    };
    vc_pack_t *pack = vc_pack_new ();
    vc_auth_signup_reply_pack (pack, &reply);
    auth_ops_take_reply (job, &pack);
}

//  A request whose id was seen gets the first answer (or 409 when the id
//  was used for another request, 503 when the store failed). True if the
//  job is answered.
static bool
s_repeat (auth_ctx_t *ctx, auth_job_t *job)
{
    if (!*job->rid)
        return false;
    zframe_t *reply = NULL;
    int rc = auth_requests_find (ctx->requests, job->rid, job->request->op, job->subject,
                                 vc_time_ms (), &reply);
    if (rc == AUTH_REQUEST_NEW)
        return false;
    if (rc == AUTH_REQUEST_REPEAT) {
        vc_info ("client %s: repeated %s request %s answered as the first time",
                 job->request->client, job->request->op, job->rid);
        zframe_destroy (&job->reply);
        job->reply = reply;
    }
    else
    if (rc == AUTH_REQUEST_MISUSED)
        auth_ops_refuse (job, VC_CONFLICT, "this request id was used for another request");
    else
        auth_ops_refuse (job, VC_SERVICE_UNAVAILABLE, AUTH_STORE_UNAVAILABLE_TEXT);
    return true;
}

//  The account and, with a request id, its answer, in one transaction: a
//  repeat finds either both or neither. 0 created (job answered), 1 taken,
//  2 answered as a repeat (its twin finished first), -1 failed.
static int
s_store_account (auth_ctx_t *ctx, auth_job_t *job, const char *username, const char *hash)
{
    if (auth_store_begin (ctx->store))
        return -1;
    int rc = s_repeat (ctx, job) ? 2 : auth_store_add (ctx->store, username, hash, vc_time_ms ());
    if (rc == 0) {
        s_reply_created (job, username);
        if (*job->rid && auth_requests_remember (ctx->requests, job->rid, job->request->op,
                                                 job->subject, job->reply, vc_time_ms ()) != 0)
            rc = -1;
    }
    if (rc == 0 && auth_store_commit (ctx->store))
        rc = -1;
    if (rc != 0)
        auth_store_rollback (ctx->store);
    return rc < 0 ? -1 : rc;
}

//  Hash and store; 0 created, 1 taken, 2 answered as a repeat, -1 failed.
static int
s_create (auth_ctx_t *ctx, auth_job_t *job, const char *username, const char *password)
{
    char canonical [VC_USERNAME_MAX + 1], hash [AUTH_HASH_MAX];
    int rc = auth_store_find (ctx->store, username, canonical, sizeof canonical, hash, sizeof hash);
    if (rc <= 0)
        return rc == 0 ? 1 : -1;        //  Taken, or the store failed
    if (auth_password_hash (ctx->password, password, hash)) {
        vc_error ("cannot hash a password (out of memory?)");
        return -1;
    }
    rc = s_store_account (ctx, job, username, hash);
    sodium_memzero (hash, sizeof hash);
    return rc;
}

static void
s_signup (auth_ctx_t *ctx, auth_job_t *job)
{
    const char *client = job->request->client;
    const char *username, *password;
    vc_said_t why;
    if (auth_ops_credentials (job, &username, &password))
        return;
    if (auth_rules_username (username, &why)
    ||  auth_rules_password (password, &why)) {
        auth_ops_refuse_said (job, VC_BAD_REQUEST, &why);
        return;
    }
    int rc = s_create (ctx, job, username, password);
    if (rc == 1 && s_repeat (ctx, job))
        rc = 2;                         //  Its twin created it meanwhile
    if (rc < 0)
        auth_ops_refuse (job, VC_SERVICE_UNAVAILABLE, AUTH_STORE_UNAVAILABLE_TEXT);
    else
    if (rc == 1) {
        vc_info ("client %s: sign-up refused, username %s taken", client, username);
        auth_ops_refuse (job, VC_CONFLICT, "username already taken");
    }
    else
    if (rc == 0) {
        vc_info ("client %s registered %s", client, username);
        auth_ops_event (job, VC_TOPIC_AUTH_REGISTER, client, username, "account created");
    }
}

static void
s_signout (auth_ctx_t *ctx, auth_job_t *job)
{
    vc_request_t *request = job->request;
    if (!*request->username) {
        auth_ops_refuse (job, VC_UNAUTHORISED, "not signed in");
        return;
    }
    if (auth_sessions_end (ctx->sessions, request->username, request->client) < 0) {
        auth_ops_refuse (job, VC_SERVICE_UNAVAILABLE, AUTH_STORE_UNAVAILABLE_TEXT);
        return;
    }
    job->bind_session = true;
    job->remember = true;
    vc_info ("client %s signed out from %s", request->client, request->username);
    auth_ops_refuse (job, VC_OK, "signed out");
    auth_ops_event (job, VC_TOPIC_AUTH_LOGOUT, request->client, request->username, "signed out");
}

static void
s_whoami (auth_job_t *job)
{
    vc_request_t *request = job->request;
    if (!*request->username) {
        auth_ops_refuse (job, VC_UNAUTHORISED, "not signed in");
        return;
    }
    vc_auth_whoami_reply_t reply = {
        .status = VC_OK, .message = request->username,
        .username = request->username, .client = request->client
    };
    vc_pack_t *pack = vc_pack_new ();
    vc_auth_whoami_reply_pack (pack, &reply);
    auth_ops_take_reply (job, &pack);
}

//  Sign-up, sign-in and sign-out change state: their request id is a key
//  to their answer (auth_requests), bound to the operation and username.
static void
s_request_key (auth_job_t *job)
{
    const char *op = job->request->op;
    if (!streq (op, "signup") && !streq (op, "signin") && !streq (op, "signout"))
        return;
    //  The username the request names (a signout names none); a wrong one
    //  is refused by the operation itself
    vc_body_t *body = job->request->body;
    const char *username = NULL;
    int named = streq (op, "signup") ? vc_auth_signup_request_get_username (body, &username)
              : streq (op, "signin") ? vc_auth_signin_request_get_username (body, &username) : 1;
    if (named == 0)
        auth_rules_fold (username, job->subject, sizeof job->subject);
    auth_requests_key (job->request->reqid, job->rid);
}

//  Keep the answer of an operation that asked for it.
static void
s_remember (auth_ctx_t *ctx, auth_job_t *job)
{
    if (!job->remember || !*job->rid || !job->reply)
        return;
    if (auth_requests_remember (ctx->requests, job->rid, job->request->op, job->subject,
                                job->reply, vc_time_ms ()) < 0)
        vc_warn ("client %s: the answer to %s request %s was not remembered",
                    job->request->client, job->request->op, job->rid);
}

//  A request that waited here past the broker's request timeout: the
//  client was answered 504 already, so it is not worth a hash.
static bool
s_expired (auth_job_t *job)
{
    if (!job->deadline || zclock_mono () < job->deadline)
        return false;
    vc_counter_add (vc_metrics_counter ("vc_auth_expired_total",
        "Requests dropped before hashing: they waited past the request timeout", NULL), 1);
    vc_info ("client %s: %s request dropped before it was handled: it waited %" PRId64
             " ms, past its deadline", job->request->client, job->request->op,
             zclock_mono () - job->request->received);
    auth_ops_refuse (job, VC_TIMEOUT, "the request waited past its deadline: not handled");
    return true;
}

static void
s_request (auth_ctx_t *ctx, auth_job_t *job)
{
    const char *op = job->request->op;
    if (s_expired (job))
        return;
    s_request_key (job);
    if (s_repeat (ctx, job))
        return;
    if (streq (op, "signup"))
        s_signup (ctx, job);
    else
    if (streq (op, "signin"))
        auth_ops_signin (ctx, job);
    else
    if (streq (op, "resume"))
        auth_ops_resume (ctx, job);
    else
    if (streq (op, "signout"))
        s_signout (ctx, job);
    else
    if (streq (op, "whoami"))
        s_whoami (job);
    else
        auth_ops_refuse (job, VC_BAD_REQUEST, "unknown operation '%.40s' for service 'auth'", op);
    s_remember (ctx, job);
}

//  Each session a clean-up ended becomes an auth.logout event.
static void
s_ended (const char *username, const char *client, void *arg)
{
    auth_job_t *job = (auth_job_t *) arg;
    vc_info ("session of %s on client %s ended: %s", username, client, job->reason);
    auth_ops_event (job, VC_TOPIC_AUTH_LOGOUT, client, username, job->reason);
}

static void
s_run (auth_ctx_t *ctx, auth_job_t *job)
{
    if (!auth_ctx_ready (ctx)) {
        if (job->kind == AUTH_JOB_REQUEST)
            auth_ops_refuse (job, VC_SERVICE_UNAVAILABLE, AUTH_STORE_UNAVAILABLE_TEXT);
        return;
    }
    if (job->kind == AUTH_JOB_REQUEST)
        s_request (ctx, job);
    else
    if (job->kind == AUTH_JOB_CLIENT_GONE)
        auth_sessions_end_client (ctx->sessions, job->client, s_ended, job);
    else
    if (job->kind == AUTH_JOB_SWEEP) {
        snprintf (job->reason, sizeof job->reason, "broker restarted");
        auth_sessions_sweep (ctx->sessions, job->epoch, s_ended, job);
    }
}

void
auth_ops_run (void *ctx_arg, void *job_arg)
{
    auth_ctx_t *ctx = (auth_ctx_t *) ctx_arg;
    auth_job_t *job = (auth_job_t *) job_arg;
    job->started = zclock_mono ();
    s_run (ctx, job);
    job->finished = zclock_mono ();
}
