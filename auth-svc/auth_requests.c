/*  auth_requests - remembered answers to state-changing requests.  */
#include "auth_requests.h"
#include "vc_log.h"
#include <sodium.h>

typedef enum { ST_FIND, ST_ADD, ST_PRUNE, ST_MAX } s_statement_t;

static const char *s_sql [ST_MAX] = {
    [ST_FIND] = "SELECT op, subject, reply FROM requests WHERE rid = ?1 AND created > ?2",
    //  An expired entry with the same id is replaced
    [ST_ADD] =
        "INSERT INTO requests (rid, op, subject, reply, created) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (rid) DO UPDATE SET op = excluded.op, subject = excluded.subject,"
        " reply = excluded.reply, created = excluded.created"
        " WHERE requests.created <= ?6",
    [ST_PRUNE] = "DELETE FROM requests WHERE created <= ?1",
};

#define S_PRUNE_EVERY_MS 60000
//  Largest reply kept (hex text is twice as long)
#define S_REPLY_MAX 1024

struct _auth_requests_t {
    auth_store_t *store;
    vc_db_stmt_t *st [ST_MAX];
    int64_t ttl_ms;
    int64_t next_prune;
};

auth_requests_t *
auth_requests_new (auth_store_t *store, int64_t ttl_ms)
{
    auth_requests_t *self = (auth_requests_t *) zmalloc (sizeof (auth_requests_t));
    if (!self)
        return NULL;
    self->store = store;
    self->ttl_ms = ttl_ms > 0 ? ttl_ms : AUTH_REQUESTS_TTL_MS;
    for (int i = 0; i < ST_MAX; i++)
        if (!(self->st [i] = auth_store_prepare (store, s_sql [i]))) {
            auth_requests_destroy (&self);
            break;
        }
    return self;
}

void
auth_requests_destroy (auth_requests_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_requests_t *self = *self_p;
    for (int i = 0; i < ST_MAX; i++)
        vc_db_stmt_destroy (&self->st [i]);
    free (self);
    *self_p = NULL;
}

bool
auth_requests_key (zframe_t *reqid, char key [AUTH_REQUEST_KEY_MAX])
{
    key [0] = 0;
    size_t size = reqid ? zframe_size (reqid) : 0;
    if (size < AUTH_REQUEST_ID_MIN || size * 2 + 1 > AUTH_REQUEST_KEY_MAX)
        return false;
    sodium_bin2hex (key, AUTH_REQUEST_KEY_MAX, zframe_data (reqid), size);
    return true;
}

static zframe_t *
s_reply_from_hex (const char *hex)
{
    byte bytes [S_REPLY_MAX];
    size_t size = 0;
    if (!hex || sodium_hex2bin (bytes, sizeof bytes, hex, strlen (hex), NULL, &size, NULL) != 0
    ||  size == 0)
        return NULL;
    return zframe_new (bytes, size);
}

int
auth_requests_find (auth_requests_t *self, const char *key, const char *op,
                    const char *subject, int64_t now, zframe_t **reply_p)
{
    *reply_p = NULL;
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_FIND]);
    vc_db_bind_text (stmt, 1, key);
    vc_db_bind_int64 (stmt, 2, now - self->ttl_ms);
    int rc = vc_db_step (stmt);
    int result = rc < 0 ? rc : AUTH_REQUEST_NEW;
    if (rc == VC_DB_ROW) {
        const char *was_op = vc_db_column_text (stmt, 0);
        const char *was_subject = vc_db_column_text (stmt, 1);
        if (!was_op || !was_subject || strcmp (was_op, op) || strcmp (was_subject, subject))
            result = AUTH_REQUEST_MISUSED;
        else {
            *reply_p = s_reply_from_hex (vc_db_column_text (stmt, 2));
            result = *reply_p ? AUTH_REQUEST_REPEAT : VC_DB_ERROR;
        }
    }
    vc_db_reset (stmt);
    return result;
}

int
auth_requests_remember (auth_requests_t *self, const char *key, const char *op,
                        const char *subject, zframe_t *reply, int64_t now)
{
    if (!reply || zframe_size (reply) == 0 || zframe_size (reply) > S_REPLY_MAX)
        return VC_DB_ERROR;
    char hex [S_REPLY_MAX * 2 + 1];
    sodium_bin2hex (hex, sizeof hex, zframe_data (reply), zframe_size (reply));
    if (now >= self->next_prune) {
        self->next_prune = now + S_PRUNE_EVERY_MS;
        auth_requests_prune (self, now);
    }
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_ADD]);
    vc_db_bind_text (stmt, 1, key);
    vc_db_bind_text (stmt, 2, op);
    vc_db_bind_text (stmt, 3, subject);
    vc_db_bind_text (stmt, 4, hex);
    vc_db_bind_int64 (stmt, 5, now);
    vc_db_bind_int64 (stmt, 6, now - self->ttl_ms);
    int rc = vc_db_run (stmt);
    if (rc < 0)
        return rc;
    return vc_db_changes (auth_store_db (self->store)) > 0 ? 0 : 1;
}

int
auth_requests_prune (auth_requests_t *self, int64_t now)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_PRUNE]);
    vc_db_bind_int64 (stmt, 1, now - self->ttl_ms);
    int rc = vc_db_run (stmt);
    if (rc < 0)
        return rc;
    return (int) vc_db_changes (auth_store_db (self->store));
}
