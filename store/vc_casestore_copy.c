/*  vc_casestore_copy - one store's contents copied into another.

    A data service in front of a shared PostgreSQL store answers from a copy
    in memory (a SQLite ":memory:" store) and copies again when the scraper
    says the store changed: every table is read under the source's write
    lock (one consistent moment, no half-written scrape) and written in one
    transaction of the copy, so a failed copy leaves the copy as it was. A
    fingerprint (counts and latest writes of the tables) tells cheaply
    whether a copy is still current.
    Values travel as text; SQLite's column affinity stores numbers as
    numbers.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include <czmq.h>

//  The tables, in an order their references allow (deleted in reverse)
static const struct {
    const char *table;
    const char *columns;
    int count;
} s_tables [] = {
    { "provinces", "code, name, ascii", 3 },
    { "aliases", "alias, code", 2 },
    { "daily_cases", "day, code, new_cases, source, scraped_at, deaths, version", 7 },
    { "totals", "day, code, total_cases, source, scraped_at", 5 },
    { "populations", "code, population, source", 3 },
    { "scrapes", "id, source, started_at, finished_at, status, detail", 6 },
};
#define S_TABLES (int) (sizeof s_tables / sizeof s_tables [0])

//  Copy one table's rows; rows copied, or -1
static int
s_copy_table (vc_casestore_t *self, vc_casestore_t *from, int which)
{
    char *select = zsys_sprintf ("SELECT %s FROM %s", s_tables [which].columns, s_tables [which].table);
    char marks [64] = "";
    for (int column = 1; column <= s_tables [which].count; column++)
        snprintf (marks + strlen (marks), sizeof marks - strlen (marks), "%s?%d",
                  column > 1 ? ", " : "", column);
    char *insert = zsys_sprintf ("INSERT INTO %s (%s) VALUES (%s)",
                                 s_tables [which].table, s_tables [which].columns, marks);
    vc_db_stmt_t *reader = select ? vc_db_prepare (from->db, select) : NULL;
    vc_db_stmt_t *writer = insert ? vc_db_prepare (self->db, insert) : NULL;
    int rows = reader && writer ? 0 : -1, rc = VC_DB_DONE;
    while (rows >= 0 && (rc = vc_casestore_step (from, reader)) == VC_DB_ROW) {
        vc_db_fresh (writer);
        for (int column = 0; column < s_tables [which].count; column++) {
            const char *value = vc_db_column_text (reader, column);
            if (value)
                vc_db_bind_text (writer, column + 1, value);
            else
                vc_db_bind_null (writer, column + 1);
        }
        rows = vc_casestore_run (self, writer) ? -1 : rows + 1;
    }
    if (rc < 0)
        rows = -1;
    vc_db_stmt_destroy (&reader);
    vc_db_stmt_destroy (&writer);
    zstr_free (&select);
    zstr_free (&insert);
    return rows;
}

static int
s_replace_all (vc_casestore_t *self, vc_casestore_t *from)
{
    for (int which = S_TABLES - 1; which >= 0; which--) {
        char sql [64];
        snprintf (sql, sizeof sql, "DELETE FROM %s", s_tables [which].table);
        if (vc_db_exec (self->db, sql) != VC_DB_DONE)
            return -1;
    }
    int daily = 0;
    for (int which = 0; which < S_TABLES; which++) {
        int rows = s_copy_table (self, from, which);
        if (rows < 0)
            return -1;
        if (streq (s_tables [which].table, "daily_cases"))
            daily = rows;
    }
    vc_debug ("casestore: copied %d daily rows", daily);
    return 0;
}

int
vc_casestore_copy (vc_casestore_t *self, vc_casestore_t *from)
{
    if (!self || !from || self == from || self->in_batch || from->in_batch)
        return -1;
    from->last_rc = vc_db_begin (from->db);
    if (from->last_rc != VC_DB_DONE)
        return -1;
    int rc = -1;
    if (vc_db_begin (self->db) == VC_DB_DONE) {
        rc = s_replace_all (self, from);
        if (rc == 0)
            rc = vc_db_commit (self->db) == VC_DB_DONE ? 0 : -1;
        else
            vc_db_rollback (self->db);
    }
    vc_db_rollback (from->db);          //  Nothing was written there
    self->have_codes = false;
    return rc;
}

int
vc_casestore_fingerprint (vc_casestore_t *self, char *out, size_t out_size)
{
    static const char *sql =
        "SELECT (SELECT COUNT(*) FROM daily_cases), (SELECT MAX(scraped_at) FROM daily_cases),"
        " (SELECT COUNT(*) FROM totals), (SELECT MAX(scraped_at) FROM totals),"
        " (SELECT COUNT(*) FROM aliases), (SELECT COUNT(*) FROM populations),"
        " (SELECT MAX(id) FROM scrapes)";
    if (!self->fingerprint && !(self->fingerprint = vc_db_prepare (self->db, sql)))
        return -1;
    vc_db_stmt_t *stmt = vc_db_fresh (self->fingerprint);
    if (vc_casestore_step_row (self, stmt) != 0)
        return -1;
    size_t used = 0;
    for (int column = 0; column < 7 && used < out_size; column++) {
        const char *value = vc_db_column_text (stmt, column);
        used += (size_t) snprintf (out + used, out_size - used, "%s%s", column ? "," : "", value ? value : "-");
    }
    vc_db_reset (stmt);
    return 0;
}
