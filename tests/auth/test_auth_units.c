/*  test_auth_units - unit tests of the auth service's parts: username and
    password rules, Argon2id hashing, the account store, shared sessions,
    failure limits and the thread pool. The store parts run on SQLite
    files, or on PostgreSQL when VC_TEST_PG_ADDRESS names a database (the
    test tests/integration/with_pg.sh starts).  */
#include "auth_limits.h"
#include "auth_opener.h"
#include "auth_password.h"
#include "auth_pool.h"
#include "auth_requests.h"
#include "auth_rules.h"
#include "auth_sessions.h"
#include "auth_store.h"
#include "vc_log.h"
#include "vc_check.h"
#include <pthread.h>
#include <stdatomic.h>

static char s_dir [64];

//  The address of an empty store: a SQLite file in the test folder, or the
//  PostgreSQL database of the run, emptied.
static char *
s_store_address (const char *name)
{
    const char *pg = getenv ("VC_TEST_PG_ADDRESS");
    if (!pg || !*pg)
        return zsys_sprintf ("%s/%s", s_dir, name);
    vc_db_t *db = vc_db_new (pg, NULL, "test");
    VC_CHECK (db);
    VC_CHECK (vc_db_exec (db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public") == VC_DB_DONE);
    vc_db_destroy (&db);
    return strdup (pg);
}

static void
test_rules (void)
{
    vc_said_t err;
    VC_CHECK (auth_rules_username ("alice", &err) == 0);
    VC_CHECK (auth_rules_username ("a.b_c-9", &err) == 0);
    VC_CHECK (auth_rules_username ("9lives", &err) == 0);
    VC_CHECK (auth_rules_username ("ab", &err) == -1);
    //  Told with its message id and values, for a client to say it by its id
    const char *args [VC_SAID_MAX_ARGS];
    VC_CHECK (streq (vc_said_msgid (&err), "username must be %d to %d characters long"));
    VC_CHECK (vc_said_args (&err, args) == 2 && streq (args [0], "3") && streq (args [1], "32"));
    VC_CHECK (streq (err.message, "username must be 3 to 32 characters long"));
    VC_CHECK (strstr (err.message, "3 to 32"));
    VC_CHECK (auth_rules_username ("abcdefghijabcdefghijabcdefghijab", &err) == 0);
    VC_CHECK (auth_rules_username ("abcdefghijabcdefghijabcdefghijabc", &err) == -1);
    VC_CHECK (auth_rules_username ("", &err) == -1);
    VC_CHECK (auth_rules_username ("al ice", &err) == -1);
    VC_CHECK (strstr (err.message, "ASCII letters"));
    VC_CHECK (auth_rules_username ("Nguyễn", &err) == -1);
    VC_CHECK (auth_rules_username ("bob\t", &err) == -1);
    VC_CHECK (auth_rules_username (".bob", &err) == -1);
    VC_CHECK (strstr (err.message, "begin with"));
    VC_CHECK (auth_rules_password ("password", &err) == 0);
    VC_CHECK (auth_rules_password ("mật khẩu dài", &err) == 0);
    VC_CHECK (auth_rules_password ("short", &err) == -1);
    VC_CHECK (strstr (err.message, "8 to 128"));
    char long_pw [130];
    memset (long_pw, 'x', 129);
    long_pw [129] = 0;
    VC_CHECK (auth_rules_password (long_pw, &err) == -1);
    long_pw [128] = 0;
    VC_CHECK (auth_rules_password (long_pw, &err) == 0);
    VC_CHECK (auth_rules_password ("pass\nword", &err) == -1);
    VC_CHECK (strstr (err.message, "control"));
    VC_CHECK (auth_rules_password ("pass\x7fword", &err) == -1);
    VC_CHECK (auth_rules_password ("pass\xc2\x85word", &err) == -1);
    VC_CHECK (!auth_rules_has_control ("Hà Nội"));
    char folded [16];
    auth_rules_fold ("AbC.D", folded, sizeof folded);
    VC_CHECK (streq (folded, "abc.d"));
}

static void
test_password (void)
{
    VC_CHECK (auth_password_new (0, 8) == NULL);
    auth_password_t *password = auth_password_new (1, 8);
    VC_CHECK (password);
    char hash [AUTH_HASH_MAX];
    VC_CHECK (auth_password_hash (password, "correct horse", hash) == 0);
    VC_CHECK (strncmp (hash, "$argon2id$", 10) == 0);
    VC_CHECK (!strstr (hash, "correct horse"));
    VC_CHECK (auth_password_verify (password, hash, "correct horse"));
    VC_CHECK (!auth_password_verify (password, hash, "correct horsE"));
    VC_CHECK (!auth_password_verify (password, NULL, "correct horse"));
    VC_CHECK (!auth_password_needs_rehash (password, hash));
    char hash2 [AUTH_HASH_MAX];
    VC_CHECK (auth_password_hash (password, "correct horse", hash2) == 0);
    VC_CHECK (strcmp (hash, hash2) != 0);      //  Salted
    auth_password_t *stronger = auth_password_new (2, 8);
    VC_CHECK (stronger);
    VC_CHECK (auth_password_needs_rehash (stronger, hash));
    VC_CHECK (auth_password_verify (stronger, hash, "correct horse"));
    auth_password_destroy (&stronger);
    auth_password_destroy (&password);
    VC_CHECK (password == NULL);
}

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

//  Median microseconds of verifying against hash (NULL: unknown user).
static int64_t
s_verify_time (auth_password_t *password, const char *hash)
{
    int64_t times [7];
    for (int i = 0; i < 7; i++) {
        int64_t start = zclock_usecs ();
        VC_CHECK (!auth_password_verify (password, hash, "not the password"));
        times [i] = zclock_usecs () - start;
    }
    qsort (times, 7, sizeof (int64_t), s_compare);
    return times [3];
}

//  An unknown user costs about as much as a wrong password.
static void
test_password_timing (void)
{
    auth_password_t *password = auth_password_new (2, 16);
    VC_CHECK (password);
    char hash [AUTH_HASH_MAX];
    VC_CHECK (auth_password_hash (password, "the real one", hash) == 0);
    int64_t known = s_verify_time (password, hash);
    int64_t unknown = s_verify_time (password, NULL);
    VC_CHECK (unknown * 3 > known && known * 3 > unknown);
    auth_password_destroy (&password);
}

static void
test_store (void)
{
    char *path = s_store_address ("sub/dir/auth.db");
    auth_store_t *store = auth_store_new (path, NULL);
    VC_CHECK (store);
    VC_CHECK (auth_store_count (store) == 0);
    VC_CHECK (auth_store_add (store, "Alice", "hash-a", 1) == 0);
    VC_CHECK (auth_store_add (store, "alice", "hash-b", 2) == 1);
    VC_CHECK (auth_store_add (store, "ALICE", "hash-b", 2) == 1);
    VC_CHECK (auth_store_add (store, "bob", "hash-c", 3) == 0);
    char canonical [40], hash [AUTH_HASH_MAX];
    VC_CHECK (auth_store_find (store, "aLiCe", canonical, sizeof canonical, hash, sizeof hash) == 0);
    VC_CHECK (streq (canonical, "Alice"));
    VC_CHECK (streq (hash, "hash-a"));
    VC_CHECK (auth_store_find (store, "carol", canonical, sizeof canonical, hash, sizeof hash) == 1);
    VC_CHECK (auth_store_set_hash (store, "ALICE", "hash-new") == 0);
    //  A second connection (another instance) sees committed accounts
    auth_store_t *other = auth_store_new (path, NULL);
    VC_CHECK (other);
    VC_CHECK (auth_store_count (other) == 2);
    VC_CHECK (auth_store_find (other, "alice", canonical, sizeof canonical, hash, sizeof hash) == 0);
    VC_CHECK (streq (hash, "hash-new"));
    VC_CHECK (auth_store_add (other, "BOB", "x", 4) == 1);
    auth_store_destroy (&other);
    auth_store_destroy (&store);
    //  Reopening keeps everything
    store = auth_store_new (path, NULL);
    VC_CHECK (store && auth_store_count (store) == 2);
    VC_CHECK (vc_db_schema_version (auth_store_db (store), "auth") == 3);
    //  A store made by a newer program is refused, and left as it is
    VC_CHECK (vc_db_exec (auth_store_db (store), "UPDATE vc_schema SET version = 99") == VC_DB_DONE);
    auth_store_destroy (&store);
    VC_CHECK (auth_store_new (path, NULL) == NULL);
    vc_db_t *db = vc_db_new (path, NULL, "test");
    VC_CHECK (db && vc_db_schema_version (db, "auth") == 99);
    vc_db_destroy (&db);
    if (!vc_db_address_is_postgresql (path))
        VC_CHECK (auth_store_new ("/proc/no/such/place/auth.db", NULL) == NULL);
    else
        VC_CHECK (auth_store_new ("postgresql://nobody@127.0.0.1:1/none", NULL) == NULL);
    zstr_free (&path);
}

static void
s_collect (const char *username, const char *client, void *arg)
{
    char *text = VC_NEED (zsys_sprintf ("%s@%s", username, client));
    zlist_append ((zlist_t *) arg, text);      //  The list keeps a copy
    zstr_free (&text);
}

static void
test_sessions (void)
{
    char *path = s_store_address ("sessions.db");
    auth_store_t *store = VC_NEED (auth_store_new (path, NULL));
    auth_sessions_t *sessions = auth_sessions_new (store);
    VC_CHECK (store && sessions);
    auth_claim_t claim;
    //  Free account: claimed
    VC_CHECK (auth_sessions_claim (sessions, "alice", "c1", "t1", "E1", NULL, 1, &claim) == AUTH_CLAIM_DONE);
    VC_CHECK (!*claim.holder && !*claim.previous);
    //  Same client again: fine (token re-issued)
    VC_CHECK (auth_sessions_claim (sessions, "alice", "c1", "t2", "E1", NULL, 2, &claim) == AUTH_CLAIM_DONE);
    //  Another client, same broker run: held, whatever the case
    VC_CHECK (auth_sessions_claim (sessions, "ALICE", "c2", "t3", "E1", NULL, 3, &claim) == AUTH_CLAIM_HELD);
    VC_CHECK (streq (claim.holder, "c1"));
    //  ... unless the caller found the holder gone
    VC_CHECK (auth_sessions_claim (sessions, "alice", "c2", "t3", "E1", "c1", 3, &claim) == AUTH_CLAIM_DONE);
    VC_CHECK (streq (claim.holder, "c1") && !claim.holder_old_epoch);
    char holder [64];
    VC_CHECK (auth_sessions_holder (sessions, "Alice", holder, sizeof holder) == 0 && streq (holder, "c2"));
    //  A session of an earlier broker run is dead
    VC_CHECK (auth_sessions_claim (sessions, "alice", "c3", "t4", "E2", NULL, 4, &claim) == AUTH_CLAIM_DONE);
    VC_CHECK (streq (claim.holder, "c2") && claim.holder_old_epoch);
    //  Signing in as someone else ends the client's previous session
    VC_CHECK (auth_sessions_claim (sessions, "bob", "c3", "t5", "E2", NULL, 5, &claim) == AUTH_CLAIM_DONE);
    VC_CHECK (streq (claim.previous, "alice"));
    VC_CHECK (auth_sessions_holder (sessions, "alice", holder, sizeof holder) == 0 && !*holder);
    //  Sign out only ends the client's own session
    VC_CHECK (auth_sessions_end (sessions, "bob", "c9") == 0);
    VC_CHECK (auth_sessions_end (sessions, "bob", "c3") == 1);
    VC_CHECK (auth_sessions_claim (sessions, "bob", "c4", "t6", "E2", NULL, 6, &claim) == AUTH_CLAIM_DONE);
    VC_CHECK (auth_sessions_claim (sessions, "carol", "c5", "t7", "E2", NULL, 7, &claim) == AUTH_CLAIM_DONE);
    VC_CHECK (auth_sessions_claim (sessions, "dave", "c6", "t8", "E1", NULL, 8, &claim) == AUTH_CLAIM_DONE);
    //  A client that went away
    zlist_t *ended = VC_NEED (zlist_new ());
    zlist_autofree (ended);
    VC_CHECK (auth_sessions_end_client (sessions, "c4", s_collect, ended) == 1);
    VC_CHECK (streq ((char *) zlist_first (ended), "bob@c4"));
    VC_CHECK (auth_sessions_end_client (sessions, "c4", s_collect, ended) == 0);
    //  A new broker run: sessions of other runs end
    zlist_purge (ended);
    VC_CHECK (auth_sessions_sweep (sessions, "E2", s_collect, ended) == 1);
    VC_CHECK (streq ((char *) zlist_first (ended), "dave@c6"));
    zlist_destroy (&ended);
    //  Tokens: 64 hex digits, random; only their hash is stored
    char t1 [AUTH_TOKEN_HEX], t2 [AUTH_TOKEN_HEX], h [AUTH_TOKEN_HEX];
    auth_token_new (t1);
    auth_token_new (t2);
    VC_CHECK (strlen (t1) == 64 && strcmp (t1, t2));
    auth_token_hash (t1, h);
    VC_CHECK (strlen (h) == 64 && strcmp (h, t1));
    //  A resume's token: the same for the same old token and request id,
    //  another for another id or token, and not the old token's hash
    char d1 [AUTH_TOKEN_HEX], d2 [AUTH_TOKEN_HEX], d3 [AUTH_TOKEN_HEX], d4 [AUTH_TOKEN_HEX];
    auth_token_derive (t1, "5eed00000000a001", d1);
    auth_token_derive (t1, "5eed00000000a001", d2);
    auth_token_derive (t1, "5eed00000000a002", d3);
    auth_token_derive (t2, "5eed00000000a001", d4);
    VC_CHECK (strlen (d1) == 64 && streq (d1, d2) && strcmp (d1, d3) && strcmp (d1, d4));
    VC_CHECK (strcmp (d1, h) && strcmp (d1, t1));
    auth_sessions_destroy (&sessions);
    auth_store_destroy (&store);
    zstr_free (&path);
}

//  Resuming by token: never a live session of this broker run (unless its
//  client is gone), a session of an earlier run only within the grace
//  period, and each token once (rotated)
static void
test_resume (void)
{
    char *path = s_store_address ("resume.db");
    auth_store_t *store = auth_store_new (path, NULL);
    auth_sessions_t *sessions = store ? auth_sessions_new (store) : NULL;
    VC_CHECK (store && sessions);
    auth_claim_t claim;
    auth_resume_t out;
    char holder [64];
    VC_CHECK (auth_sessions_claim (sessions, "alice", "c1", "t1", "E1", NULL, 1, &claim) == AUTH_CLAIM_DONE);
    //  This run, another client: live, even with the token and the grace open
    VC_CHECK (auth_sessions_resume (sessions, "t1", "t2", "c2", "E1", true, NULL, &out) == AUTH_RESUME_LIVE);
    VC_CHECK (streq (out.holder, "c1") && streq (out.username, "alice"));
    //  The same client again (its link dropped, same broker run): resumed
    VC_CHECK (auth_sessions_resume (sessions, "t1", "t2", "c1", "E1", false, NULL, &out) == AUTH_RESUME_DONE);
    //  An earlier run once the grace period is over: nothing, and not moved
    VC_CHECK (auth_sessions_resume (sessions, "t2", "t3", "c2", "E2", false, NULL, &out) == AUTH_RESUME_NONE);
    VC_CHECK (auth_sessions_holder (sessions, "alice", holder, sizeof holder) == 0 && streq (holder, "c1"));
    //  ... within it: resumed on the new client, under the new token
    VC_CHECK (auth_sessions_resume (sessions, "t2", "t3", "c2", "E2", true, NULL, &out) == AUTH_RESUME_DONE);
    VC_CHECK (streq (out.username, "alice") && streq (out.holder, "c1") && streq (out.epoch, "E1"));
    VC_CHECK (auth_sessions_holder (sessions, "alice", holder, sizeof holder) == 0 && streq (holder, "c2"));
    //  The old token opens nothing now; nor does an unknown one
    VC_CHECK (auth_sessions_resume (sessions, "t2", "t4", "c3", "E2", true, NULL, &out) == AUTH_RESUME_NONE);
    VC_CHECK (auth_sessions_resume (sessions, "nothing", "t4", "c3", "E2", true, NULL, &out) == AUTH_RESUME_NONE);
    //  This run, its client found gone by the caller: resumed
    VC_CHECK (auth_sessions_resume (sessions, "t3", "t4", "c3", "E2", false, "c2", &out) == AUTH_RESUME_DONE);
    VC_CHECK (auth_sessions_holder (sessions, "alice", holder, sizeof holder) == 0 && streq (holder, "c3"));
    //  The store keeps the token's hash only
    char hash [AUTH_TOKEN_HEX];
    auth_token_hash ("t4", hash);
    vc_db_stmt_t *stmt = vc_db_prepare (auth_store_db (store), "SELECT token_hash FROM sessions WHERE username = 'alice'");
    VC_CHECK (stmt && vc_db_step (stmt) == VC_DB_ROW && streq (vc_db_column_text (stmt, 0), hash));
    vc_db_stmt_destroy (&stmt);
    auth_sessions_destroy (&sessions);
    auth_store_destroy (&store);
    zstr_free (&path);
}

//  A claim or resume on one store connection while another connection (an
//  instance on another host) is in the middle of its own: it waits for
//  that writer and is decided by what it committed, never by a read made
//  before (no read-then-write race).
typedef struct {
    auth_sessions_t *sessions;
    const char *token;                  //  Resume with it; NULL: sign in
    int rc;
    auth_claim_t claim;
    auth_resume_t resumed;
    atomic_bool finished;
} s_racer_t;

static void *
s_racer (void *arg)
{
    s_racer_t *racer = (s_racer_t *) arg;
    racer->rc = racer->token
        ? auth_sessions_resume (racer->sessions, racer->token, "new-token", "c3", "E2", true,
                                NULL, &racer->resumed)
        : auth_sessions_claim (racer->sessions, "erin", "c2", "t2", "E1", NULL, 2, &racer->claim);
    racer->finished = true;
    return NULL;
}

//  Run the racer on store a while store b holds the write lock, doing sql
//  and committing after 300 ms; the racer must not have finished by then.
static void
s_race (auth_store_t *b, s_racer_t *racer, const char *sql)
{
    VC_CHECK (auth_store_begin (b) == VC_DB_DONE);
    pthread_t thread;
    VC_CHECK (pthread_create (&thread, NULL, s_racer, racer) == 0);
    zclock_sleep (300);
    VC_CHECK (!racer->finished);
    VC_CHECK (vc_db_exec (auth_store_db (b), sql) == VC_DB_DONE);
    VC_CHECK (auth_store_commit (b) == VC_DB_DONE);
    VC_CHECK (pthread_join (thread, NULL) == 0);
}

static void
test_sessions_race (void)
{
    char *path = s_store_address ("race.db");
    auth_store_t *a = auth_store_new (path, NULL), *b = auth_store_new (path, NULL);
    auth_sessions_t *sessions = a ? auth_sessions_new (a) : NULL;
    VC_CHECK (a && b && sessions);
    //  Sign-in: the other writer's session for erin is seen, 423
    s_racer_t racer = { .sessions = sessions, .rc = -9 };
    s_race (b, &racer, "INSERT INTO sessions (username, client, token_hash, epoch, created)"
                       " VALUES ('Erin', 'c1', 'h1', 'E1', 1)");
    VC_CHECK (racer.rc == AUTH_CLAIM_HELD && streq (racer.claim.holder, "c1"));
    char holder [64];
    VC_CHECK (auth_sessions_holder (sessions, "erin", holder, sizeof holder) == 0 && streq (holder, "c1"));
    //  Resume of an earlier run's session: the other writer rotated the
    //  token first, so this one resumes nothing (one token, one winner)
    char token_hash [AUTH_TOKEN_HEX], sql [256];
    auth_token_hash ("old-token", token_hash);
    snprintf (sql, sizeof sql, "UPDATE sessions SET token_hash = '%s' WHERE username = 'erin'", token_hash);
    VC_CHECK (vc_db_exec (auth_store_db (b), sql) == VC_DB_DONE);
    racer = (s_racer_t) { .sessions = sessions, .token = "old-token", .rc = -9 };
    s_race (b, &racer, "UPDATE sessions SET token_hash = 'rotated', client = 'c4', epoch = 'E2'"
                       " WHERE username = 'erin'");
    VC_CHECK (racer.rc == AUTH_RESUME_NONE);
    VC_CHECK (auth_sessions_holder (sessions, "erin", holder, sizeof holder) == 0 && streq (holder, "c4"));
    auth_sessions_destroy (&sessions);
    auth_store_destroy (&a);
    auth_store_destroy (&b);
    zstr_free (&path);
}

static void
test_limits (void)
{
    //  3 per client or 4 per source in 10 s, 5 s cooldown; 2 free per
    //  pair, delays up to 8 s, pairs forgotten after 60 s
    auth_limits_config_t config = { 3, 10000, 5000, 2, 8000, 60000, 4 };
    auth_limit_state_t state = { 0, 0, 0 };
    state = auth_limits_next (&config, AUTH_RULE_CLIENT, state, 1000);
    VC_CHECK (state.count == 1 && state.since == 1000 && !state.blocked_until);
    state = auth_limits_next (&config, AUTH_RULE_CLIENT, state, 2000);
    state = auth_limits_next (&config, AUTH_RULE_CLIENT, state, 3000);
    VC_CHECK (state.count == 3 && state.blocked_until == 8000);
    //  After the cooldown counting starts again
    state = auth_limits_next (&config, AUTH_RULE_CLIENT, state, 8000);
    VC_CHECK (state.count == 1 && !state.blocked_until);
    //  Failures spread wider than the window never block
    state = auth_limits_next (&config, AUTH_RULE_CLIENT, state, 14000);
    state = auth_limits_next (&config, AUTH_RULE_CLIENT, state, 20000);
    VC_CHECK (state.count == 1 && state.since == 20000);
    //  A source: 4 within the window
    state = (auth_limit_state_t) { 0, 0, 0 };
    for (int i = 0; i < 3; i++)
        state = auth_limits_next (&config, AUTH_RULE_SOURCE, state, 1000 + i);
    VC_CHECK (!state.blocked_until);
    state = auth_limits_next (&config, AUTH_RULE_SOURCE, state, 1004);
    VC_CHECK (state.blocked_until == 6004);
    //  A pair: 2 free, then 1 s, 2 s, 4 s, 8 s, 8 s
    state = (auth_limit_state_t) { 0, 0, 0 };
    state = auth_limits_next (&config, AUTH_RULE_PAIR, state, 1000);
    state = auth_limits_next (&config, AUTH_RULE_PAIR, state, 2000);
    VC_CHECK (state.count == 2 && !state.blocked_until);
    int64_t delays [] = { 1000, 2000, 4000, 8000, 8000 };
    int64_t now = 3000;
    for (int i = 0; i < 5; i++) {
        state = auth_limits_next (&config, AUTH_RULE_PAIR, state, now);
        VC_CHECK (state.blocked_until == now + delays [i]);
        now = state.blocked_until;
    }
    //  Quiet for longer than the memory: free again
    state = auth_limits_next (&config, AUTH_RULE_PAIR, state, now + 60001);
    VC_CHECK (state.count == 1 && !state.blocked_until);

    char *path = s_store_address ("limits.db");
    auth_store_t *store = VC_NEED (auth_store_new (path, NULL));
    auth_limits_t *limits = auth_limits_new (store, &config);
    VC_CHECK (store && limits);
    VC_CHECK (auth_limits_blocked (limits, "user:alice", 0) == 0);
    VC_CHECK (auth_limits_fail (limits, AUTH_RULE_CLIENT, "user:alice", 100) == 0);
    VC_CHECK (auth_limits_fail (limits, AUTH_RULE_CLIENT, "user:alice", 200) == 0);
    VC_CHECK (auth_limits_fail (limits, AUTH_RULE_CLIENT, "user:alice", 300) == 1);
    VC_CHECK (auth_limits_blocked (limits, "user:alice", 300) == 5000);
    VC_CHECK (auth_limits_blocked (limits, "user:alice", 5299) == 1);
    VC_CHECK (auth_limits_blocked (limits, "user:alice", 5300) == 0);
    VC_CHECK (auth_limits_blocked (limits, "user:bob", 300) == 0);
    //  Shared: another connection sees the block
    auth_store_t *store2 = VC_NEED (auth_store_new (path, NULL));
    auth_limits_t *limits2 = VC_NEED (auth_limits_new (store2, &config));
    VC_CHECK (auth_limits_blocked (limits2, "user:alice", 1000) == 4300);
    VC_CHECK (auth_limits_clear (limits2, "user:alice") == 0);
    VC_CHECK (auth_limits_blocked (limits, "user:alice", 1000) == 0);
    VC_CHECK (auth_limits_fail (limits, AUTH_RULE_CLIENT, "client:x", 100) == 0);
    VC_CHECK (auth_limits_prune (limits, 100000) == 1);
    //  A pair's delay is shared too
    VC_CHECK (auth_limits_fail (limits, AUTH_RULE_PAIR, "pair:a|10.0.0.1", 1000) == 0);
    VC_CHECK (auth_limits_fail (limits, AUTH_RULE_PAIR, "pair:a|10.0.0.1", 1000) == 0);
    VC_CHECK (auth_limits_fail (limits, AUTH_RULE_PAIR, "pair:a|10.0.0.1", 1000) == 1);
    VC_CHECK (auth_limits_blocked (limits2, "pair:a|10.0.0.1", 1500) == 500);
    VC_CHECK (auth_limits_blocked (limits2, "pair:a|10.0.0.2", 1500) == 0);
    auth_limits_destroy (&limits2);
    auth_store_destroy (&store2);
    auth_limits_destroy (&limits);
    auth_store_destroy (&store);
    zstr_free (&path);
}

static void
test_requests (void)
{
    char *path = s_store_address ("requests.db");
    auth_store_t *store = auth_store_new (path, NULL);
    auth_requests_t *requests = store ? auth_requests_new (store, 1000) : NULL;
    VC_CHECK (store && requests);
    char key [AUTH_REQUEST_KEY_MAX];
    //  Ids of 8 to 32 bytes are keys, as hex text
    zframe_t *frame = VC_NEED (zframe_new ("\x01\x02\x03\x04\x05\x06\x07\xff", 8));
    VC_CHECK (auth_requests_key (frame, key) && streq (key, "01020304050607ff"));
    zframe_destroy (&frame);
    frame = VC_NEED (zframe_new ("short", 5));
    VC_CHECK (!auth_requests_key (frame, key) && !*key);
    zframe_destroy (&frame);
    frame = VC_NEED (zframe_new (NULL, 33));
    VC_CHECK (!auth_requests_key (frame, key));
    zframe_destroy (&frame);
    VC_CHECK (!auth_requests_key (NULL, key));
    //  Remember, find, misuse
    zframe_t *reply = VC_NEED (zframe_new ("\x81\xa6status\xcc\xc8", 9)), *found = NULL;
    VC_CHECK (auth_requests_find (requests, "k1", "signup", "alice", 10, &found) == AUTH_REQUEST_NEW && !found);
    VC_CHECK (auth_requests_remember (requests, "k1", "signup", "alice", reply, 10) == 0);
    VC_CHECK (auth_requests_remember (requests, "k1", "signup", "alice", reply, 11) == 1);
    VC_CHECK (auth_requests_find (requests, "k1", "signup", "alice", 500, &found) == AUTH_REQUEST_REPEAT);
    VC_CHECK (found && zframe_eq (found, reply));
    zframe_destroy (&found);
    VC_CHECK (auth_requests_find (requests, "k1", "signup", "bob", 500, &found) == AUTH_REQUEST_MISUSED);
    VC_CHECK (auth_requests_find (requests, "k1", "signin", "alice", 500, &found) == AUTH_REQUEST_MISUSED);
    VC_CHECK (!found);
    //  Expired: new again, and the key can be taken again
    VC_CHECK (auth_requests_find (requests, "k1", "signup", "alice", 1010, &found) == AUTH_REQUEST_NEW);
    VC_CHECK (auth_requests_remember (requests, "k1", "signup", "bob", reply, 1020) == 0);
    VC_CHECK (auth_requests_find (requests, "k1", "signup", "bob", 1030, &found) == AUTH_REQUEST_REPEAT);
    zframe_destroy (&found);
    VC_CHECK (auth_requests_remember (requests, "k2", "signout", "", reply, 1030) == 0);
    VC_CHECK (auth_requests_prune (requests, 2025) == 1);
    VC_CHECK (auth_requests_prune (requests, 2025) == 0);
    //  Too large or empty answers are not kept
    zframe_t *empty = VC_NEED (zframe_new (NULL, 0));
    VC_CHECK (auth_requests_remember (requests, "k3", "signup", "x", empty, 1) < 0);
    zframe_destroy (&empty);
    zframe_destroy (&reply);
    auth_requests_destroy (&requests);
    auth_store_destroy (&store);
    zstr_free (&path);
}

static void
s_square (void *context, void *job)
{
    int *value = (int *) job;
    *value = *value * *value + *(int *) context;
}

static void
s_free_int (void **job_p)
{
    free (*job_p);
    *job_p = NULL;
}

//  A job that takes its value in milliseconds
static void
s_sleep (void *context, void *job)
{
    (void) context;
    zclock_sleep (*(int *) job);
}

//  Take every finished job within timeout_ms; returns how many
static int
s_take_all (auth_pool_t *pool, int64_t timeout_ms)
{
    int taken = 0;
    zpoller_t *poller = zpoller_new (auth_pool_results (pool), NULL);
    VC_CHECK (poller);
    int64_t deadline = zclock_mono () + timeout_ms;
    while (auth_pool_pending (pool) > 0 && zclock_mono () < deadline) {
        zpoller_wait (poller, 50);
        int *job;
        while ((job = (int *) auth_pool_take (pool))) {
            free (job);
            taken++;
        }
    }
    zpoller_destroy (&poller);
    return taken;
}

//  A slow job holds one actor only: the jobs after it go to the idle ones
//  (a queue on the owner's side, not a round-robin to busy actors)
static void
test_pool_balance (void)
{
    void *contexts [2] = { NULL, NULL };
    auth_pool_t *pool = auth_pool_new (2, contexts, s_sleep, NULL, NULL, s_free_int);
    VC_CHECK (pool);
    int delays [] = { 1500, 1, 1, 1, 1, 1, 1 };
    for (size_t i = 0; i < sizeof delays / sizeof delays [0]; i++) {
        int *job = (int *) malloc (sizeof (int));
        VC_CHECK (job);
        *job = delays [i];
        auth_pool_submit (pool, job);
    }
    VC_CHECK (s_take_all (pool, 1000) == 6);    //  All but the slow one, before it ends
    VC_CHECK (auth_pool_pending (pool) == 1);
    VC_CHECK (s_take_all (pool, 3000) == 1);
    VC_CHECK (auth_pool_pending (pool) == 0);
    auth_pool_destroy (&pool);
}

static void
test_pool (void)
{
    int offsets [3] = { 0, 0, 0 };
    void *contexts [3] = { &offsets [0], &offsets [1], &offsets [2] };
    auth_pool_t *pool = auth_pool_new (3, contexts, s_square, NULL, NULL, s_free_int);
    VC_CHECK (pool);
    int sum = 0;
    for (int i = 1; i <= 20; i++) {
        int *job = (int *) malloc (sizeof (int));
        VC_CHECK (job);
        *job = i;
        auth_pool_submit (pool, job);
    }
    VC_CHECK (auth_pool_pending (pool) == 20);
    int64_t deadline = zclock_mono () + 5000;
    while (auth_pool_pending (pool) > 0 && zclock_mono () < deadline) {
        zmq_pollitem_t item = { zsock_resolve (auth_pool_results (pool)), 0, ZMQ_POLLIN, 0 };
        zmq_poll (&item, 1, 100);
        int *job;
        while ((job = (int *) auth_pool_take (pool))) {
            sum += *job;
            free (job);
        }
    }
    VC_CHECK (sum == 2870);        //  1^2 + ... + 20^2
    //  Jobs left over are freed on destroy
    int *job = (int *) malloc (sizeof (int));
    VC_CHECK (job);
    *job = 2;
    auth_pool_submit (pool, job);
    auth_pool_destroy (&pool);
    VC_CHECK (pool == NULL);
}

//  The opener sends each store it opens over its pipe; the owner hands it
//  to the context's pool thread (auth_pool_give), which adopts it. A store
//  still in the pipe when the opener ends is destroyed, not lost.
static void
test_opener (void)
{
    char *address = s_store_address ("opener.db");
    auth_limits_config_t limits = { 3, 10000, 5000, 2, 8000, 60000, 4 };
    auth_ctx_t *contexts [2];
    for (int i = 0; i < 2; i++) {
        contexts [i] = auth_ctx_new (address, NULL, "", &limits, NULL, 0, false);
        VC_CHECK (contexts [i] && !auth_ctx_ready (contexts [i]));
    }
    auth_pool_t *pool = VC_NEED (auth_pool_new (2, (void **) contexts, s_square, NULL,
                                                auth_ctx_adopt, s_free_int));
    auth_opener_t *opener = VC_NEED (auth_opener_new (contexts, 2));
    zpoller_t *poller = VC_NEED (zpoller_new (auth_opener_sock (opener), NULL));
    bool got [2] = { false, false };
    int64_t deadline = zclock_mono () + 10000;
    while (!(got [0] && got [1]) && zclock_mono () < deadline) {
        if (!zpoller_wait (poller, 200))
            continue;
        auth_ctx_t *opened = NULL;
        int index = auth_opener_recv (opener, &opened);
        VC_CHECK (index >= 0 && index < 2 && opened && !got [index]);
        got [index] = true;
        VC_CHECK (auth_pool_give (pool, index, opened) == 0);
    }
    VC_CHECK (got [0] && got [1]);
    zpoller_destroy (&poller);
    auth_opener_destroy (&opener);
    //  The pool takes what it was given before it ends
    auth_pool_destroy (&pool);
    for (int i = 0; i < 2; i++) {
        VC_CHECK (auth_ctx_ready (contexts [i]));
        auth_ctx_destroy (&contexts [i]);
    }
    //  Stores opened and never received are destroyed with the opener
    contexts [0] = VC_NEED (auth_ctx_new (address, NULL, "", &limits, NULL, 0, false));
    opener = VC_NEED (auth_opener_new (contexts, 1));
    zclock_sleep (1500);            //  Opened at 0.5 s and sent, not received
    auth_opener_destroy (&opener);
    VC_CHECK (opener == NULL && !auth_ctx_ready (contexts [0]));
    auth_ctx_destroy (&contexts [0]);
    zstr_free (&address);
}

int
main (void)
{
    vc_log_init ("test", "error");
    zsys_init ();
    snprintf (s_dir, sizeof s_dir, "/tmp/vc-auth-unit.XXXXXX");
    VC_CHECK (mkdtemp (s_dir));
    test_rules ();
    test_password ();
    test_password_timing ();
    test_store ();
    test_sessions ();
    test_sessions_race ();
    test_resume ();
    test_limits ();
    test_requests ();
    test_pool ();
    test_pool_balance ();
    test_opener ();
    char *command = VC_NEED (zsys_sprintf ("rm -rf '%s'", s_dir));
    VC_CHECK (system (command) == 0);
    zstr_free (&command);
    printf ("auth units: all tests passed\n");
    return 0;
}
