/*  vc-auth-repeat - sign-ups sent again with the same request id, for the
    tests of remembered answers (auth_requests).

    send:   sends a sign-up with the request id given (--id, 16 hex digits)
            and waits for its answer; prints "status=N message=..." and
            with --db the number of accounts of that name in the store.
    storm:  --clients threads, each with its own connection, sign up a name
            of their own at once with vc_api_signup (sent again with the
            same id after a 504 or a lost link) within --timeout; every
            sign-up must end "account created" and be stored exactly once.
*/
#include "vc_api.h"
#include "vc_config.h"
#include "vc_db.h"
#include "vc_log.h"
#include <pthread.h>

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker client endpoint", false },
    { "mode", NULL, "send", "send or storm", false },
    { "id", NULL, "0123456789abcdef", "Request id, 16 hex digits (send)", false },
    { "username", NULL, "twice", "Username (send) or username prefix (storm)", false },
    { "password", NULL, "repeat-password", "Password", false },
    { "clients", NULL, "30", "Sign-ups at once (storm)", false },
    { "timeout", NULL, "5000", "Milliseconds each sign-up may take", false },
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

static int
s_mode_send (vc_config_t *config, vc_client_t *client)
{
    uint64_t reqid = strtoull (vc_config_get (config, "id"), NULL, 16);
    const char *username = vc_config_get (config, "username");
    int timeout = (int) vc_config_int (config, "timeout");
    zframe_t *body = vc_api_credentials ("signup", username, vc_config_get (config, "password"));
    if (reqid == 0 || vc_client_send_id (client, VC_SERVICE_AUTH, reqid, &body)) {
        fprintf (stderr, "cannot send (id must be 16 hex digits, not 0)\n");
        return 2;
    }
    vc_reply_t *reply = NULL;
    int64_t deadline = zclock_mono () + timeout;
    while (!reply && zclock_mono () < deadline) {
        reply = vc_client_recv (client, (int) (deadline - zclock_mono ()));
        if (reply && reply->reqid != reqid)
            vc_reply_destroy (&reply);
    }
    printf ("status=%d message=%s", reply ? reply->status : 0, reply ? reply->message : "no answer");
    if (vc_config_get (config, "db"))
        printf (" stored=%d", s_stored (vc_config_get (config, "db"), username));
    printf ("\n");
    int rc = reply ? 0 : 1;
    vc_reply_destroy (&reply);
    return rc;
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
    vc_client_t *client = vc_client_new (job->server, "bench");
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
    s_signup_t *jobs = (s_signup_t *) zmalloc (sizeof (s_signup_t) * (size_t) count);
    pthread_t *threads = (pthread_t *) zmalloc (sizeof (pthread_t) * (size_t) count);
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
        vc_client_t *client = vc_client_new (vc_config_get (config, "server"), "bench");
        rc = vc_client_connect (client, VC_CONNECT_TIMEOUT_MSEC) == 0 ? s_mode_send (config, client) : 1;
        if (rc == 1 && !vc_client_connected (client))
            fprintf (stderr, "%s\n", vc_client_error (client));
        vc_client_destroy (&client);
    }
    vc_config_destroy (&config);
    return rc;
}
