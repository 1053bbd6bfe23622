/*  test_casestore_pgdata - the data version of a PostgreSQL case store.

    A PostgreSQL store made before its data version was kept (no
    'cases-data' row in vc_schema, census figures of 32 provinces, the last
    days of the snapshot missing, figures a scraper stored) is opened by
    several processes at once while another connection holds the store's
    write lock: the store then holds the 63 census figures and the missing
    days, exactly one process upgraded it, and the scraper's figures are
    still there. A store whose data version is newer than the program is
    refused. Needs VC_TEST_PG_ADDRESS (tests/integration/with_pg.sh);
    without it the test is skipped (77).
*/
#include "vc_casestore.h"
#include "vc_db.h"
#include "vc_log.h"
#include <czmq.h>
#include <sys/wait.h>
#include "vc_check.h"

#define ROUNDS      3
#define PROCESSES   4
#define SCRAPED_DAY 18976           //  A day of the snapshot a scraper changed
#define SCRAPED     999

static vc_db_t *
s_db (const char *address, const char *label)
{
    vc_db_t *db = vc_db_new (address, NULL, label);
    VC_CHECK (db);
    return db;
}

static void
s_exec (const char *address, const char *sql)
{
    vc_db_t *db = s_db (address, "test");
    if (vc_db_exec (db, sql) != VC_DB_DONE) {
        fprintf (stderr, "test_casestore_pgdata: %s: %s\n", sql, vc_db_errmsg (db));
        exit (1);
    }
    vc_db_destroy (&db);
}

static int64_t
s_count (const char *address, const char *sql)
{
    vc_db_t *db = s_db (address, "test");
    vc_db_stmt_t *stmt = vc_db_prepare (db, sql);
    VC_CHECK (stmt && vc_db_step (stmt) == VC_DB_ROW);
    int64_t value = vc_db_column_int64 (stmt, 0);
    vc_db_stmt_destroy (&stmt);
    vc_db_destroy (&db);
    return value;
}

//  The store as the program before the data version made it: 32 census
//  figures, no data version, the snapshot's last 10 days missing, and a
//  scraper's figures: one day of the snapshot changed, one day after it
static void
s_make_old (const char *address, vc_day_t last)
{
    char sql [1024];
    snprintf (sql, sizeof sql,
        "DELETE FROM vc_schema WHERE name = 'cases-data';"
        "DELETE FROM populations WHERE code NOT IN (1, 2, 4, 6, 10, 11, 24, 27, 30, 31, 34,"
        " 35, 36, 38, 40, 42, 52, 60, 64, 66, 67, 70, 74, 75, 77, 79, 82, 83, 87, 89, 95, 96);"
        "DELETE FROM daily_cases WHERE day > %d;"
        "UPDATE daily_cases SET new_cases = %d, source = 'scrape' WHERE day = %d AND code = 79;"
        "INSERT INTO daily_cases VALUES (%d, 79, 7, 'scrape', 1, NULL)",
        (int) last - 10, SCRAPED, SCRAPED_DAY, (int) last + 1);
    s_exec (address, sql);
    VC_CHECK (s_count (address, "SELECT COUNT(*) FROM populations") == 32);
}

//  In a child: its log into a file, wait for the start, open the store
static void
s_child (const char *address, const char *log, int64_t start)
{
    FILE *file = freopen (log, "w", stderr);
    if (!file)
        _exit (2);
    vc_log_init ("pgdata", "info");
    while (zclock_time () < start)
        zclock_sleep (1);
    zclock_sleep (randof (20));
    vc_casestore_t *store = vc_casestore_new (address, VC_DATA_DIR);
    int rc = store ? 0 : 1;
    vc_casestore_destroy (&store);
    fflush (stderr);
    _exit (rc);
}

//  How many of the children's logs say they upgraded the store
static int
s_upgrades (const char *dir)
{
    int count = 0;
    for (int i = 0; i < PROCESSES; i++) {
        char path [300], line [512];
        snprintf (path, sizeof path, "%s/open-%d.log", dir, i);
        FILE *file = fopen (path, "r");
        VC_CHECK (file);
        while (fgets (line, sizeof line, file))
            if (strstr (line, "upgraded the case data"))
                count++;
        fclose (file);
    }
    return count;
}

static void
s_round (const char *address, const char *dir, vc_day_t last, int64_t census, int round)
{
    s_make_old (address, last);
    //  The store's write lock held while the processes start opening it
    vc_db_t *holder = s_db (address, "casestore");
    VC_CHECK (vc_db_begin (holder) == VC_DB_DONE);
    int64_t start = zclock_time () + 20;
    pid_t pids [PROCESSES];
    for (int i = 0; i < PROCESSES; i++) {
        char log [300];
        snprintf (log, sizeof log, "%s/open-%d.log", dir, i);
        pids [i] = fork ();
        VC_CHECK (pids [i] >= 0);
        if (pids [i] == 0) {
            srandom ((unsigned) getpid ());
            s_child (address, log, start);
        }
    }
    //  The last round holds it past the statement timeout (4 s): the
    //  openers wait for it as long as SQLite's would (30 s)
    zclock_sleep (round == ROUNDS - 1 ? 5000 : 150 + randof (100));
    VC_CHECK (vc_db_commit (holder) == VC_DB_DONE);
    vc_db_destroy (&holder);
    for (int i = 0; i < PROCESSES; i++) {
        int status = 0;
        VC_CHECK (waitpid (pids [i], &status, 0) == pids [i]);
        if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
            fprintf (stderr, "round %d: process %d could not open the store (status %d)\n",
                     round, i, status);
            exit (1);
        }
    }
    int upgrades = s_upgrades (dir);
    if (upgrades != 1) {
        fprintf (stderr, "round %d: %d of %d processes upgraded the store, not 1\n",
                 round, upgrades, PROCESSES);
        exit (1);
    }
    vc_casestore_t *store = vc_casestore_new (address, NULL);
    VC_CHECK (store);
    //  The 63 census figures
    int64_t sum = 0;
    int provinces = 0;
    vc_casestore_province_t list [64];
    int count = vc_casestore_provinces (store, list, 64);
    VC_CHECK (count == 63);
    for (int p = 0; p < count; p++) {
        int64_t population;
        if (vc_casestore_population (store, list [p].code, &population) == 0) {
            sum += population;
            provinces++;
        }
    }
    if (provinces != 63 || sum != census) {
        fprintf (stderr, "round %d: %d census figures after the upgrade, not 63\n", round, provinces);
        exit (1);
    }
    //  The missing days back, the scraper's figures kept
    int64_t cases, deaths;
    VC_CHECK (vc_casestore_day (store, 79, last, &cases, &deaths) == 0);
    VC_CHECK (vc_casestore_day (store, 79, SCRAPED_DAY, &cases, &deaths) == 0);
    if (cases != SCRAPED) {
        fprintf (stderr, "round %d: the scraped figure %d became %" PRId64 "\n", round, SCRAPED, cases);
        exit (1);
    }
    VC_CHECK (vc_casestore_day (store, 79, last + 1, &cases, &deaths) == 0 && cases == 7);
    vc_casestore_destroy (&store);
    VC_CHECK (s_count (address, "SELECT version FROM vc_schema WHERE name = 'cases-data'") > 0);
}

int
main (void)
{
    const char *address = getenv ("VC_TEST_PG_ADDRESS");
    if (!address || !*address) {
        printf ("SKIP: no PostgreSQL (VC_TEST_PG_ADDRESS)\n");
        return 77;
    }
    vc_log_init ("pgdata", "warn");
    s_exec (address, "DROP TABLE IF EXISTS scrapes, populations, totals,"
                     " daily_cases, aliases, provinces, vc_schema CASCADE");
    vc_casestore_t *store = vc_casestore_new (address, VC_DATA_DIR);
    VC_CHECK (store);
    vc_day_t first, last;
    VC_CHECK (vc_casestore_range (store, &first, &last) == 0);
    vc_casestore_destroy (&store);
    int64_t census = s_count (address, "SELECT SUM(population) FROM populations");
    VC_CHECK (s_count (address, "SELECT COUNT(*) FROM populations") == 63);

    char dir [] = "/tmp/vc_test_pgdata_XXXXXX";
    VC_CHECK (mkdtemp (dir));
    for (int round = 0; round < ROUNDS; round++)
        s_round (address, dir, last, census, round);
    printf (" * %d rounds: a PostgreSQL store of 32 census figures opened by %d processes at"
            " once got the 63, upgraded by one of them, scraped figures kept\n", ROUNDS, PROCESSES);

    //  A store of a newer data version is refused, and left as it was
    s_exec (address, "UPDATE vc_schema SET version = version + 1 WHERE name = 'cases-data'");
    store = vc_casestore_new (address, VC_DATA_DIR);
    if (store) {
        fprintf (stderr, "a store of a newer data version was opened\n");
        exit (1);
    }
    VC_CHECK (s_count (address, "SELECT COUNT(*) FROM populations") == 63);
    printf (" * a PostgreSQL store of a newer data version is refused\n");
    char command [300];
    snprintf (command, sizeof command, "rm -rf '%s'", dir);
    VC_CHECK (system (command) == 0);
    return 0;
}
