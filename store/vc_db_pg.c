/*  vc_db_pg - the PostgreSQL backend of vc_db, through libpq: connection
    with short timeouts (the host name too, see vc_resolve), reconnection when
    the server comes back (in steps of at most S_RECONNECT_STEP_MSEC on the
    statements that find the connection broken, so no statement waits for an
    attempt that cannot succeed), statements run with text parameters and
    waited for at most their statement timeout + S_ANSWER_MARGIN_MSEC (a
    server that stops answering does not hold them), errors sorted into
    constraint, unavailable and other.  */
#include "vc_db_priv.h"
#include "vc_path.h"
#include "vc_log.h"
#include <czmq.h>
#include <poll.h>

#define S_RECONNECT_PAUSE_MSEC 500      //  Between two failed connection attempts
#define S_RECONNECT_STEP_MSEC 25        //  A statement's share of a reconnection
#define S_ANSWER_MARGIN_MSEC 1000       //  Past the statement timeout: the server is gone

static void
s_ignore_notice (void *arg, const char *message)
{
    (void) arg;
    (void) message;
}

//  The address of the host the connection names, looked up within the
//  connection's time limit (the address's connect_timeout, else TIMEOUT_S),
//  into HOSTADDR (empty when libpq should do it:
//  no host, several hosts, or a hostaddr given). 0, or -1 when the name
//  could not be resolved in time.
static int
s_host_address (vc_db_t *self, int timeout_s, int lookup_msec, char *hostaddr, size_t size)
{
    *hostaddr = 0;
    PQconninfoOption *options = PQconninfoParse (self->address, NULL);
    if (!options)
        return 0;                       //  libpq says what is wrong
    const char *host = NULL, *given = NULL;
    for (PQconninfoOption *option = options; option->keyword; option++) {
        if (streq (option->keyword, "host"))
            host = option->val;
        else
        if (streq (option->keyword, "hostaddr"))
            given = option->val;
        else
        if (streq (option->keyword, "connect_timeout") && option->val && atoi (option->val) > 0)
            timeout_s = atoi (option->val);     //  The address's own limit
    }
    int rc = 0;
    if (host && *host && !strchr (host, ',') && !(given && *given)) {
        if (!self->resolve)
            self->resolve = vc_resolve_new ();
        char error [256];
        int msec = lookup_msec > 0 && lookup_msec < timeout_s * 1000 ? lookup_msec : timeout_s * 1000;
        rc = self->resolve ? vc_resolve_host (self->resolve, host, msec,
                                              hostaddr, size, error, sizeof error) : -1;
        if (rc)
            vc_db_set_error (self, "%s", self->resolve ? error : "out of memory");
    }
    PQconninfoFree (options);
    return rc;
}

//  Start a connection: at once when STEP_MSEC > 0 (the name lookup waited
//  for that long at most; s_connect_step goes on), else in full.
static int
s_connect (vc_db_t *self, int step_msec)
{
    char connect_timeout [16], options [96], hostaddr [64];
    int timeout_s = self->options.connect_timeout_s > 0 ? self->options.connect_timeout_s : 2;
    snprintf (connect_timeout, sizeof connect_timeout, "%d", timeout_s);
    snprintf (options, sizeof options, "-c statement_timeout=%d -c client_min_messages=warning",
              self->options.statement_timeout_ms > 0 ? self->options.statement_timeout_ms : 4000);
    if (self->pg)
        PQfinish (self->pg);
    self->pg = NULL;
    self->connecting = false;
    if (s_host_address (self, timeout_s, step_msec, hostaddr, sizeof hostaddr)) {
        self->next_connect = zclock_mono () + S_RECONNECT_PAUSE_MSEC;
        return VC_DB_UNAVAILABLE;
    }
    //  Defaults first: the address may override them; then the looked-up
    //  host address, and the password file last
    const char *keys [12] = { "connect_timeout", "options", "application_name", "keepalives_idle",
                              "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                              "dbname" };
    const char *values [12] = { connect_timeout, options, self->label, "5", "2", "2", "8000",
                                self->address };
    int count = 8;
    if (*hostaddr) {
        keys [count] = "hostaddr";
        values [count++] = hostaddr;
    }
    if (self->password) {
        keys [count] = "password";
        values [count++] = self->password;
    }
    if (step_msec > 0) {
        self->pg = PQconnectStartParams (keys, values, 1);
        self->connecting = self->pg && PQstatus (self->pg) != CONNECTION_BAD;
        self->connect_until = zclock_mono () + timeout_s * 1000;
        self->connect_poll = PGRES_POLLING_WRITING;
        if (self->connecting)
            return VC_DB_UNAVAILABLE;   //  s_connect_step goes on
    }
    else
        self->pg = PQconnectdbParams (keys, values, 1);
    if (!self->pg || PQstatus (self->pg) != CONNECTION_OK) {
        vc_db_set_error (self, "%s", self->pg ? PQerrorMessage (self->pg) : "out of memory");
        self->next_connect = zclock_mono () + S_RECONNECT_PAUSE_MSEC;
        return VC_DB_UNAVAILABLE;
    }
    PQsetNoticeProcessor (self->pg, s_ignore_notice, NULL);
    return VC_DB_DONE;
}

//  Drive a started connection for at most STEP_MSEC: VC_DB_DONE once it
//  works, VC_DB_UNAVAILABLE while it goes on or when it failed or ran out of
//  its connect timeout (the next attempt S_RECONNECT_PAUSE_MSEC later).
static int
s_connect_step (vc_db_t *self, int step_msec)
{
    int64_t now = zclock_mono ();
    int64_t until = now + step_msec;
    while (self->connect_poll != PGRES_POLLING_OK && self->connect_poll != PGRES_POLLING_FAILED) {
        short events = self->connect_poll == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        struct pollfd item = { .fd = PQsocket (self->pg), .events = events };
        int wait = (int) (until - now);
        int ready = item.fd < 0 ? 1 : poll (&item, 1, wait > 0 ? wait : 0);
        if (ready > 0)
            self->connect_poll = PQconnectPoll (self->pg);
        now = zclock_mono ();
        if (ready == 0 || now >= until || now >= self->connect_until)
            break;
    }
    if (self->connect_poll == PGRES_POLLING_OK && PQstatus (self->pg) == CONNECTION_OK) {
        self->connecting = false;
        PQsetNoticeProcessor (self->pg, s_ignore_notice, NULL);
        return VC_DB_DONE;
    }
    if (self->connect_poll == PGRES_POLLING_FAILED || now >= self->connect_until) {
        vc_db_set_error (self, "%s", self->connect_poll == PGRES_POLLING_FAILED
                         ? PQerrorMessage (self->pg) : "the database server did not answer in time");
        PQfinish (self->pg);
        self->pg = NULL;
        self->connecting = false;
        self->next_connect = now + S_RECONNECT_PAUSE_MSEC;
    }
    else
        vc_db_set_error (self, "the database server cannot be reached (connecting)");
    return VC_DB_UNAVAILABLE;
}

bool
vc_db_address_has_password (const char *address)
{
    if (!vc_db_address_is_postgresql (address))
        return false;
    PQconninfoOption *options = PQconninfoParse (address, NULL);
    bool found = false;
    for (PQconninfoOption *option = options; option && option->keyword; option++)
        if (streq (option->keyword, "password") && option->val && *option->val)
            found = true;
    PQconninfoFree (options);
    return found;
}

int
vc_db_pg_open (vc_db_t *self)
{
    if (vc_db_address_has_password (self->address)) {
        vc_error ("%s: %s", self->label, VC_DB_PASSWORD_REFUSED);
        return VC_DB_ERROR;
    }
    const char *file = self->options.password_file;
    if (file && *file && !(self->password = vc_path_first_line (file))) {
        vc_error ("%s: cannot read the database password file %s", self->label, file);
        return VC_DB_ERROR;
    }
    if (s_connect (self, 0) != VC_DB_DONE) {
        vc_error ("%s: cannot connect to PostgreSQL: %s", self->label, self->errmsg);
        return VC_DB_UNAVAILABLE;
    }
    vc_info ("%s: connected to PostgreSQL %d on %s", self->label,
             PQserverVersion (self->pg), PQhost (self->pg));
    return VC_DB_DONE;
}

void
vc_db_pg_close (vc_db_t *self)
{
    if (self->pg)
        PQfinish (self->pg);
    self->pg = NULL;
    self->connecting = false;
    vc_resolve_destroy (&self->resolve);
}

//  A working connection, or VC_DB_UNAVAILABLE at once: a transaction whose
//  connection broke is lost (the caller rolls back), otherwise connect again
//  (at most every S_RECONNECT_PAUSE_MSEC).
//  A connection the server closed (a restart, a crash) shows as readable
//  while idle: read it so libpq sees the end before a statement is sent.
static void
s_notice_closed (vc_db_t *self)
{
    struct pollfd item = { .fd = PQsocket (self->pg), .events = POLLIN };
    if (item.fd >= 0 && poll (&item, 1, 0) > 0)
        PQconsumeInput (self->pg);
}

static int
s_ready (vc_db_t *self)
{
    if (self->pg && !self->connecting && PQstatus (self->pg) == CONNECTION_OK && !self->in_tx)
        s_notice_closed (self);
    if (self->pg && !self->connecting && PQstatus (self->pg) == CONNECTION_OK)
        return VC_DB_DONE;
    self->unavailable = true;
    bool pausing = !self->options.reconnect_in_full && zclock_mono () < self->next_connect;
    if (self->in_tx || (!self->connecting && pausing)) {
        vc_db_set_error (self, "the database server cannot be reached");
        return VC_DB_UNAVAILABLE;
    }
    int step_msec = self->options.reconnect_in_full ? 0 : S_RECONNECT_STEP_MSEC;
    int rc = self->connecting ? VC_DB_UNAVAILABLE : s_connect (self, step_msec);
    if (self->connecting)
        rc = s_connect_step (self, S_RECONNECT_STEP_MSEC);
    self->unavailable = rc != VC_DB_DONE;
    if (rc == VC_DB_DONE)
        vc_info ("%s: connected to PostgreSQL again", self->label);
    return rc;
}

//  The result of the statement sent, waited for at most the statement
//  timeout (the longer of the two) + S_ANSWER_MARGIN_MSEC: a server that
//  stopped answering (a connection neither closed nor answered) is dropped
//  and NULL returned (unavailable). The last result, as PQexec.
static PGresult *
s_answer (vc_db_t *self)
{
    int limit = self->options.statement_timeout_ms > 0 ? self->options.statement_timeout_ms : 4000;
    if (self->options.busy_timeout_ms > limit)
        limit = self->options.busy_timeout_ms;
    int64_t until = zclock_mono () + limit + S_ANSWER_MARGIN_MSEC;
    while (PQisBusy (self->pg)) {
        struct pollfd item = { .fd = PQsocket (self->pg), .events = POLLIN };
        int wait = (int) (until - zclock_mono ());
        int ready = item.fd < 0 ? 1 : poll (&item, 1, wait > 0 ? wait : 0);
        if (ready == 0) {
            vc_error ("%s: the database server did not answer within %d ms: connection dropped",
                      self->label, limit + S_ANSWER_MARGIN_MSEC);
            PQfinish (self->pg);
            self->pg = NULL;
            self->next_connect = 0;
            return NULL;
        }
        if (ready > 0 && !PQconsumeInput (self->pg))
            break;                      //  PQgetResult says what broke
    }
    PGresult *last = NULL, *result;
    while ((result = PQgetResult (self->pg))) {
        if (last && PQresultStatus (last) == PGRES_FATAL_ERROR)
            PQclear (result);           //  The first error is the one to tell
        else {
            PQclear (last);
            last = result;
        }
        if (PQstatus (self->pg) == CONNECTION_BAD)
            break;
    }
    return last;
}

static PGresult *
s_exec (vc_db_t *self, const char *sql, int nparams, const char *const *params)
{
    int sent = params ? PQsendQueryParams (self->pg, sql, nparams, NULL, params, NULL, NULL, 0)
                      : PQsendQuery (self->pg, sql);
    return sent ? s_answer (self) : NULL;
}

//  Sort a failed result: constraint, unavailable or other.
static int
s_failure (vc_db_t *self, PGresult *result)
{
    const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
    if (!self->pg) {                    //  Dropped: it did not answer
        vc_db_set_error (self, "the database server did not answer");
        self->unavailable = true;
        return VC_DB_UNAVAILABLE;
    }
    vc_db_set_error (self, "%s", result ? PQresultErrorMessage (result) : PQerrorMessage (self->pg));
    if (state && streq (state, "23505"))
        return VC_DB_CONSTRAINT;
    bool gone = PQstatus (self->pg) != CONNECTION_OK
             || !state
             || strncmp (state, "08", 2) == 0           //  Connection exceptions
             || strncmp (state, "57P", 3) == 0          //  Shutting down, cannot connect now
             || streq (state, "57014")                  //  Statement timeout
             || streq (state, "55P03")                  //  Lock timeout (a migration's)
             || streq (state, "53300");                 //  Too many connections
    if (gone)
        self->next_connect = 0;         //  Try again at the next statement
    self->unavailable = gone;
    return gone ? VC_DB_UNAVAILABLE : VC_DB_ERROR;
}

//  Keep a result: rows to hand out, or the count of changed rows.
static int
s_result (vc_db_t *self, PGresult *result, PGresult **keep)
{
    ExecStatusType status = result ? PQresultStatus (result) : PGRES_FATAL_ERROR;
    if (status == PGRES_TUPLES_OK) {
        self->changes = PQntuples (result);
        if (keep) {
            *keep = result;
            return VC_DB_DONE;
        }
    }
    else
    if (status == PGRES_COMMAND_OK) {
        const char *tuples = PQcmdTuples (result);
        self->changes = *tuples ? strtoll (tuples, NULL, 10) : 0;
    }
    else {
        int rc = s_failure (self, result);
        PQclear (result);
        return rc;
    }
    PQclear (result);
    return VC_DB_DONE;
}

int
vc_db_pg_exec (vc_db_t *self, const char *sql)
{
    int rc = s_ready (self);
    if (rc == VC_DB_DONE)
        rc = s_result (self, s_exec (self, sql, 0, NULL), NULL);
    if (rc < 0 && rc != VC_DB_CONSTRAINT)
        vc_error ("%s: %.60s: %s", self->label, sql, self->errmsg);
    return rc;
}

int
vc_db_pg_prepare (vc_db_stmt_t *stmt, const char *sql)
{
    //  ?N becomes $N outside quoted text
    stmt->sql = strdup (sql);
    if (!stmt->sql)
        return -1;
    bool quoted = false;
    for (char *c = stmt->sql; *c; c++) {
        if (*c == '\'')
            quoted = !quoted;
        else
        if (!quoted && *c == '?' && c [1] >= '1' && c [1] <= '9')
            *c = '$';
    }
    return 0;
}

void
vc_db_pg_reset (vc_db_stmt_t *stmt)
{
    if (stmt->result)
        PQclear (stmt->result);
    stmt->result = NULL;
    stmt->row = -1;
}

void
vc_db_pg_clear (vc_db_stmt_t *stmt)
{
    for (int i = 0; i < VC_DB_MAX_PARAMS; i++) {
        free (stmt->params [i]);
        stmt->params [i] = NULL;
    }
    stmt->nparams = 0;
}

int
vc_db_pg_step (vc_db_stmt_t *stmt)
{
    vc_db_t *self = stmt->db;
    if (stmt->row < 0) {
        int rc = s_ready (self);
        if (rc == VC_DB_DONE) {
            PGresult *result = s_exec (self, stmt->sql, stmt->nparams,
                                       (const char *const *) stmt->params);
            rc = s_result (self, result, &stmt->result);
        }
        if (rc != VC_DB_DONE) {
            if (rc != VC_DB_CONSTRAINT)
                vc_error ("%s: %s", self->label, self->errmsg);
            return rc;
        }
        stmt->row = 0;
    }
    if (stmt->result && stmt->row < PQntuples (stmt->result)) {
        stmt->row++;
        return VC_DB_ROW;
    }
    return VC_DB_DONE;
}

//  The write lock of this store: one advisory lock per label, waited for
//  as long as the busy timeout (when longer than the statement timeout).
int
vc_db_pg_begin (vc_db_t *self)
{
    uint32_t key = 2166136261u;
    for (const char *c = self->label; *c; c++)
        key = (key ^ (unsigned char) *c) * 16777619u;
    int rc = vc_db_pg_exec (self, "BEGIN");
    if (rc != VC_DB_DONE)
        return rc;
    self->in_tx = true;
    char sql [80];
    int wait = self->options.busy_timeout_ms;
    int limit = self->options.statement_timeout_ms > 0 ? self->options.statement_timeout_ms : 4000;
    if (wait > limit) {                 //  This long for the lock, as SQLite's busy wait
        snprintf (sql, sizeof sql, "SET LOCAL statement_timeout = %d", wait);
        rc = vc_db_pg_exec (self, sql);
    }
    if (rc == VC_DB_DONE) {
        snprintf (sql, sizeof sql, "SELECT pg_advisory_xact_lock (%" PRId32 ")", (int32_t) key);
        rc = vc_db_pg_exec (self, sql);
    }
    if (rc == VC_DB_DONE && wait > limit) {
        snprintf (sql, sizeof sql, "SET LOCAL statement_timeout = %d", limit);
        rc = vc_db_pg_exec (self, sql);
    }
    if (rc != VC_DB_DONE)
        vc_db_rollback (self);
    return rc;
}
