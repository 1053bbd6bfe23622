/*  auth_limits - failure counting, growing delays and cooldowns in the
    shared store (table "throttle").  */
#include "auth_limits.h"
#include "vc_log.h"
#include <czmq.h>

#define S_PRUNE_EVERY 64        //  Failures counted between two prunes

typedef enum { ST_GET, ST_PUT, ST_CLEAR, ST_PRUNE, ST_MAX } s_statement_t;

static const char *s_sql [ST_MAX] = {
    [ST_GET] = "SELECT count, since, blocked_until FROM throttle WHERE key = ?1",
    [ST_PUT] =
        "INSERT INTO throttle (key, count, since, blocked_until)"
        " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET count = excluded.count,"
        " since = excluded.since, blocked_until = excluded.blocked_until",
    [ST_CLEAR] = "DELETE FROM throttle WHERE key = ?1",
    [ST_PRUNE] = "DELETE FROM throttle WHERE blocked_until <= ?1 AND since < ?2",
};

struct _auth_limits_t {
    auth_store_t *store;
    auth_limits_config_t config;
    vc_db_stmt_t *st [ST_MAX];
    int fails_since_prune;
};

//  Window rules: count within the window; reaching the maximum blocks the
//  key for the cooldown, after which counting starts again.
static auth_limit_state_t
s_next_window (const auth_limits_config_t *config, int max, auth_limit_state_t state, int64_t now)
{
    bool cooled = state.blocked_until && now >= state.blocked_until;
    bool window_over = now - state.since > config->window_ms;
    if (state.count == 0 || cooled || window_over) {
        state.count = 0;
        state.since = now;
        state.blocked_until = 0;
    }
    state.count++;
    if (state.count >= max)
        state.blocked_until = now + config->cooldown_ms;
    return state;
}

//  Growing delays: free failures, then 1 s doubled per failure up to the
//  longest delay; forgotten after a quiet memory_ms.
static auth_limit_state_t
s_next_pair (const auth_limits_config_t *config, auth_limit_state_t state, int64_t now)
{
    if (now - state.since > config->memory_ms)
        state.count = 0;
    state.count++;
    state.since = now;
    state.blocked_until = 0;
    int64_t over = state.count - config->free_failures;
    if (over > 0) {
        int64_t delay = 1000;
        for (int64_t i = 1; i < over && delay < config->max_delay_ms; i++)
            delay *= 2;
        state.blocked_until = now + (delay < config->max_delay_ms ? delay : config->max_delay_ms);
    }
    return state;
}

auth_limit_state_t
auth_limits_next (const auth_limits_config_t *config, auth_rule_t rule,
                  auth_limit_state_t state, int64_t now)
{
    if (rule == AUTH_RULE_PAIR)
        return s_next_pair (config, state, now);
    return s_next_window (config, rule == AUTH_RULE_SOURCE ? config->source_failures
                                                           : config->max_failures, state, now);
}

auth_limits_t *
auth_limits_new (auth_store_t *store, const auth_limits_config_t *config)
{
    auth_limits_t *self = (auth_limits_t *) zmalloc (sizeof (auth_limits_t));
    if (!self)
        return NULL;
    self->store = store;
    self->config = *config;
    for (int i = 0; i < ST_MAX; i++)
        if (!(self->st [i] = auth_store_prepare (store, s_sql [i]))) {
            auth_limits_destroy (&self);
            break;
        }
    return self;
}

void
auth_limits_destroy (auth_limits_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_limits_t *self = *self_p;
    for (int i = 0; i < ST_MAX; i++)
        vc_db_stmt_destroy (&self->st [i]);
    free (self);
    *self_p = NULL;
}

//  Read a key's state: 1 found, 0 none (state zeroed), -1 error.
static int
s_get (auth_limits_t *self, const char *key, auth_limit_state_t *state)
{
    memset (state, 0, sizeof *state);
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_GET]);
    vc_db_bind_text (stmt, 1, key);
    int rc = vc_db_step (stmt);
    if (rc == VC_DB_ROW) {
        state->count = vc_db_column_int64 (stmt, 0);
        state->since = vc_db_column_int64 (stmt, 1);
        state->blocked_until = vc_db_column_int64 (stmt, 2);
    }
    vc_db_reset (stmt);
    if (rc != VC_DB_ROW && rc != VC_DB_DONE) {
        vc_error ("auth limits: %s", vc_db_errmsg (auth_store_db (self->store)));
        return -1;
    }
    return rc == VC_DB_ROW ? 1 : 0;
}

int64_t
auth_limits_blocked (auth_limits_t *self, const char *key, int64_t now)
{
    auth_limit_state_t state;
    if (s_get (self, key, &state) < 0)
        return -1;
    return state.blocked_until > now ? state.blocked_until - now : 0;
}

int
auth_limits_fail (auth_limits_t *self, auth_rule_t rule, const char *key, int64_t now)
{
    if (++self->fails_since_prune >= S_PRUNE_EVERY) {
        self->fails_since_prune = 0;
        auth_limits_prune (self, now);
    }
    auth_limit_state_t state;
    if (auth_store_begin (self->store))
        return -1;
    if (s_get (self, key, &state) < 0) {
        auth_store_rollback (self->store);
        return -1;
    }
    state = auth_limits_next (&self->config, rule, state, now);
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_PUT]);
    vc_db_bind_text (stmt, 1, key);
    vc_db_bind_int64 (stmt, 2, state.count);
    vc_db_bind_int64 (stmt, 3, state.since);
    vc_db_bind_int64 (stmt, 4, state.blocked_until);
    if (vc_db_run (stmt) || auth_store_commit (self->store)) {
        auth_store_rollback (self->store);
        return -1;
    }
    return state.blocked_until > now ? 1 : 0;
}

int
auth_limits_clear (auth_limits_t *self, const char *key)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_CLEAR]);
    vc_db_bind_text (stmt, 1, key);
    return vc_db_run (stmt);
}

int
auth_limits_prune (auth_limits_t *self, int64_t now)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_PRUNE]);
    vc_db_bind_int64 (stmt, 1, now);
    int64_t kept = self->config.memory_ms > self->config.window_ms
                 ? self->config.memory_ms : self->config.window_ms;
    vc_db_bind_int64 (stmt, 2, now - kept);
    if (vc_db_run (stmt))
        return -1;
    return vc_db_changes (auth_store_db (self->store));
}
