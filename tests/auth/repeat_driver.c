/*  vc-auth-repeat - sign-ups and resumes sent again with the same request
    id, for the tests of remembered answers (auth_requests, auth_resume).

    send:   sends a sign-up with the request id given (--id, 16 hex digits)
            and waits for its answer; prints "status=N message=..." and
            with --db the number of accounts of that name in the store.
    storm:  --clients threads, each with its own connection, sign up a name
            of their own at once with vc_api_signup (sent again with the
            same id after a 504 or a lost link) within --timeout; every
            sign-up must end "account created" and be stored exactly once.
    resume: signs in (--username, --password), sends resume with its token
            under --id, takes the answer as lost, (with --go-file: prints
            the first answer and waits for that file) sends the same resume
            again (again while unanswered, 503 or 504), asks whoami with the token of the repeat, sends resume
            with the old token under another id, asks whoami again; prints
            "first=N repeat=N same_token=0|1 whoami=N other_id=N
            whoami_after=N".
*/
#include "vc_api.h"
#include "vc_config.h"
#include "vc_db.h"
#include "vc_log.h"
#include "vc_messages.h"
#include <pthread.h>
#include "vc_check.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker client endpoint", false },
    { "mode", NULL, "send", "send, storm or resume", false },
    { "id", NULL, "0123456789abcdef", "Request id, 16 hex digits (send)", false },
    { "username", NULL, "twice", "Username (send) or username prefix (storm)", false },
    { "password", NULL, "repeat-password", "Password", false },
    { "clients", NULL, "30", "Sign-ups at once (storm)", false },
    { "timeout", NULL, "5000", "Milliseconds each sign-up may take", false },
    { "go-file", NULL, NULL, "Resume: wait for this file before the repeat", false },
    { "db", NULL, NULL, "Account store to count accounts in (SQLite file or postgresql:// address)", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

//  Accounts with this username in the store, -1 on error.
static int
s_stored (const char *db_address, const char *username)
{
    vc_db_t *db = db_address ? vc_db_new (db_address, NULL, "repeat checker") : NULL;
    vc_db_stmt_t *stmt = db ? vc_db_prepare (db, "SELECT COUNT(*) FROM accounts WHERE username = ?1") : NULL;
    int count = -1;
    if (stmt) {
        vc_db_bind_text (stmt, 1, username);
        if (vc_db_step (stmt) == VC_DB_ROW)
            count = (int) vc_db_column_int64 (stmt, 0);
    }
    vc_db_stmt_destroy (&stmt);
    vc_db_destroy (&db);
    return count;
}

//  Send a body under reqid and wait for its answer; NULL if none in time.
static vc_reply_t *
s_send_wait (vc_client_t *client, const char *service, uint64_t reqid, zframe_t **body_p,
             int timeout)
{
    if (vc_client_send_id (client, service, reqid, body_p))
        return NULL;
    vc_reply_t *reply = NULL;
    int64_t deadline = zclock_mono () + timeout;
    while (!reply && zclock_mono () < deadline) {
        reply = vc_client_recv (client, (int) (deadline - zclock_mono ()));
        if (reply && reply->reqid != reqid)
            vc_reply_destroy (&reply);
    }
    return reply;
}

static int
s_mode_send (vc_config_t *config, vc_client_t *client)
{
    uint64_t reqid = strtoull (vc_config_get (config, "id"), NULL, 16);
    const char *username = vc_config_get (config, "username");
    int timeout = (int) vc_config_int (config, "timeout");
    zframe_t *body = vc_api_credentials ("signup", username, vc_config_get (config, "password"));
    if (reqid == 0 || !body) {
        fprintf (stderr, "cannot send (id must be 16 hex digits, not 0)\n");
        zframe_destroy (&body);
        return 2;
    }
    vc_reply_t *reply = s_send_wait (client, VC_SERVICE_AUTH, reqid, &body, timeout);
    printf ("status=%d message=%s", reply ? reply->status : 0, reply ? reply->message : "no answer");
    if (vc_config_get (config, "db"))
        printf (" stored=%d", s_stored (vc_config_get (config, "db"), username));
    printf ("\n");
    int rc = reply ? 0 : 1;
    vc_reply_destroy (&reply);
    return rc;
}

//  Resume under reqid with token: the status, the new token in fresh.
static int
s_resume (vc_client_t *client, uint64_t reqid, const char *token, char *fresh, size_t fresh_size,
          int timeout)
{
    vc_auth_resume_request_t request = { .token = token };
    vc_pack_t *pack = vc_pack_new ();
    if (pack)
        vc_auth_resume_request_pack (pack, &request);
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    vc_reply_t *reply = body ? s_send_wait (client, VC_SERVICE_AUTH, reqid, &body, timeout) : NULL;
    int status = reply ? reply->status : 0;
    if (fresh && reply)
        vc_reply_str (reply, "token", fresh, fresh_size);
    vc_reply_destroy (&reply);
    return status;
}

//  The same, sent again with its id while unanswered, 503 or 504 (an
//  instance that stopped may still be given it), at most 4 tries.
static int
s_resume_tries (vc_client_t *client, uint64_t reqid, const char *token, char *fresh,
                size_t fresh_size, int timeout)
{
    int status = 0;
    for (int attempt = 0; attempt < 4; attempt++) {
        status = s_resume (client, reqid, token, fresh, fresh_size, timeout);
        if (status != 0 && status != VC_TIMEOUT && status != VC_SERVICE_UNAVAILABLE)
            break;
        fprintf (stderr, "resume try %d: %d\n", attempt + 1, status);
        zclock_sleep (500);
    }
    return status;
}

//  whoami with token: the status, 0 without an answer.
static int
s_whoami (vc_client_t *client, const char *token, int timeout)
{
    vc_client_set_token (client, token);
    zframe_t *body = vc_api_op ("whoami");
    vc_reply_t *reply = vc_client_call (client, VC_SERVICE_AUTH, &body, timeout);
    int status = reply->status;
    vc_reply_destroy (&reply);
    return status;
}

//  Wait up to timeout ms for a file.
static bool
s_wait_file (const char *path, int timeout)
{
    int64_t deadline = zclock_mono () + timeout;
    while (!zsys_file_exists (path) && zclock_mono () < deadline)
        zclock_sleep (50);
    return zsys_file_exists (path);
}

static int
s_mode_resume (vc_config_t *config, vc_client_t *client)
{
    uint64_t reqid = strtoull (vc_config_get (config, "id"), NULL, 16);
    int timeout = (int) vc_config_int (config, "timeout");
    vc_reply_t *reply = vc_api_signin (client, vc_config_get (config, "username"),
                                       vc_config_get (config, "password"), timeout);
    char old [VC_EXTRA_MAX + 1], first [VC_EXTRA_MAX + 1] = "", again [VC_EXTRA_MAX + 1] = "";
    snprintf (old, sizeof old, "%s", vc_client_token (client));
    if (reply->status != VC_OK || reqid == 0 || !*old) {
        fprintf (stderr, "cannot sign in (%d %s), or the id is not 16 hex digits\n",
                 reply->status, reply->message);
        vc_reply_destroy (&reply);
        return 2;
    }
    vc_reply_destroy (&reply);
    vc_client_set_token (client, "");
    int first_status = s_resume (client, reqid, old, first, sizeof first, timeout);
    const char *go_file = vc_config_get (config, "go-file");
    if (go_file) {
        printf ("first=%d\n", first_status);
        fflush (stdout);
        if (!s_wait_file (go_file, 60000))
            fprintf (stderr, "no %s within 60 s\n", go_file);
    }
    int repeat_status = s_resume_tries (client, reqid, old, again, sizeof again, timeout);
    bool same = *first && streq (first, again);
    int whoami = s_whoami (client, again, timeout);
    vc_client_set_token (client, "");
    int other_status = s_resume (client, reqid ^ 0x5a5a5a5a5a5a5a5aULL, old, NULL, 0, timeout);
    int whoami_after = s_whoami (client, again, timeout);
    printf ("first=%d repeat=%d same_token=%d whoami=%d other_id=%d whoami_after=%d\n",
            first_status, repeat_status, same, whoami, other_status, whoami_after);
    explicit_bzero (old, sizeof old);
    explicit_bzero (first, sizeof first);
    explicit_bzero (again, sizeof again);
    return 0;
}

typedef struct {
    const char *server;
    const char *password;
    char username [48];
    int timeout;
    int status;
    int64_t took_ms;
    char message [256];
} s_signup_t;

static void *
s_signup_thread (void *arg)
{
    s_signup_t *job = (s_signup_t *) arg;
    vc_client_t *client = VC_NEED (vc_client_new (job->server, "bench"));
    if (vc_client_connect (client, VC_CONNECT_TIMEOUT_MSEC) == 0) {
        int64_t start = zclock_mono ();
        vc_reply_t *reply = vc_api_signup (client, job->username, job->password, job->timeout);
        job->took_ms = zclock_mono () - start;
        job->status = reply->status;
        snprintf (job->message, sizeof job->message, "%s", reply->message);
        vc_reply_destroy (&reply);
    }
    else
        snprintf (job->message, sizeof job->message, "%s", vc_client_error (client));
    vc_client_destroy (&client);
    return NULL;
}

static int
s_mode_storm (vc_config_t *config)
{
    int count = (int) vc_config_int (config, "clients");
    s_signup_t *jobs = (s_signup_t *) VC_NEED (zmalloc (sizeof (s_signup_t) * (size_t) count));
    pthread_t *threads = (pthread_t *) VC_NEED (zmalloc (sizeof (pthread_t) * (size_t) count));
    int started = 0;
    for (int i = 0; i < count; i++) {
        jobs [i].server = vc_config_get (config, "server");
        jobs [i].password = vc_config_get (config, "password");
        jobs [i].timeout = (int) vc_config_int (config, "timeout");
        snprintf (jobs [i].username, sizeof jobs [i].username, "%s%d",
                  vc_config_get (config, "username"), i);
        if (pthread_create (&threads [i], NULL, s_signup_thread, &jobs [i]) == 0)
            started++;
        else
            break;
    }
    int created = 0, taken = 0, other = 0, stored_once = 0;
    int64_t slowest = 0;
    for (int i = 0; i < started; i++) {
        pthread_join (threads [i], NULL);
        if (jobs [i].status == VC_OK)
            created++;
        else
        if (jobs [i].status == VC_CONFLICT)
            taken++;
        else
            other++;
        if (jobs [i].status != VC_OK)
            fprintf (stderr, "%s: %d %s\n", jobs [i].username, jobs [i].status, jobs [i].message);
        if (jobs [i].took_ms > slowest)
            slowest = jobs [i].took_ms;
        if (vc_config_get (config, "db"))
            stored_once += s_stored (vc_config_get (config, "db"), jobs [i].username) == 1;
    }
    printf ("storm: created=%d taken=%d other=%d stored_once=%d slowest_ms=%" PRId64 "\n",
            created, taken, other, vc_config_get (config, "db") ? stored_once : -1, slowest);
    int rc = created == count && (!vc_config_get (config, "db") || stored_once == count) ? 0 : 1;
    free (jobs);
    free (threads);
    return rc;
}

int
main (int argc, char **argv)
{
    vc_config_t *config = vc_config_new ("vc-auth-repeat", "[options]",
        "Sign-ups sent again with the same request id.", s_options);
    int rc = vc_config_parse (config, argc, argv);
    if (rc) {
        vc_config_destroy (&config);
        return rc > 0 ? 0 : 2;
    }
    vc_log_init ("repeat", vc_config_get (config, "log-level"));
    zsys_init ();
    zsys_set_logstream (NULL);
    if (streq (vc_config_get (config, "mode"), "storm"))
        rc = s_mode_storm (config);
    else {
        vc_client_t *client = VC_NEED (vc_client_new (vc_config_get (config, "server"), "bench"));
        bool resume = streq (vc_config_get (config, "mode"), "resume");
        rc = vc_client_connect (client, VC_CONNECT_TIMEOUT_MSEC) != 0 ? 1
           : resume ? s_mode_resume (config, client) : s_mode_send (config, client);
        if (rc == 1 && !vc_client_connected (client))
            fprintf (stderr, "%s\n", vc_client_error (client));
        vc_client_destroy (&client);
    }
    vc_config_destroy (&config);
    return rc;
}
