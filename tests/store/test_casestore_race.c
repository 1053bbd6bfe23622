/*  test_casestore_race - several processes opening one new case store at
    the same moment (as several data-svc instances starting together): every
    one opens it, and the store then holds the snapshot's figures.

    The race is made to happen in every round: a first process holds the
    new file's write lock (as an instance in the middle of turning the file
    to WAL mode does) while the others open it. SQLite answers their own
    turn to WAL mode 'database is locked' at once, without waiting in its
    busy handler (they hold a read lock and ask for the write lock), so
    every opener must retry; the holder lets go 100-200 ms later.  */
#include "vc_casestore.h"
#include "vc_log.h"
#include <czmq.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include "vc_check.h"

#define ROUNDS      20
#define PROCESSES   6

//  In a child: wait for the start time, open the store, exit 0 if it opened.
static void
s_child (const char *path, int64_t start)
{
    while (zclock_time () < start)
        zclock_sleep (1);
    zclock_sleep (randof (30));     //  Each at its own moment of the first one's work
    vc_casestore_t *store = vc_casestore_new (path, VC_DATA_DIR);
    int rc = store ? 0 : 1;
    vc_casestore_destroy (&store);
    _exit (rc);
}

//  In a child: take the new file's write lock, tell the parent through
//  ready, hold the lock until release_at, let it go.
static void
s_holder (const char *path, int ready, int64_t release_at)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open (path, &db) == SQLITE_OK
          && sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : 1;
    if (write (ready, "x", 1) != 1)
        rc = 1;
    while (zclock_time () < release_at)
        zclock_sleep (1);
    if (rc == 0 && sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
        rc = 1;
    sqlite3_close (db);
    _exit (rc);
}

//  Forks the holder of the write lock and returns once it holds it
static pid_t
s_hold (const char *path, int64_t release_at)
{
    int ready [2];
    VC_CHECK (pipe (ready) == 0);
    pid_t pid = fork ();
    VC_CHECK (pid >= 0);
    if (pid == 0) {
        close (ready [0]);
        s_holder (path, ready [1], release_at);
    }
    close (ready [1]);
    char byte;
    VC_CHECK (read (ready [0], &byte, 1) == 1);
    close (ready [0]);
    return pid;
}

static void
s_round (const char *dir, int round)
{
    char path [256];
    snprintf (path, sizeof path, "%s/cases-%d.db", dir, round);
    int64_t start = zclock_time () + 20;
    pid_t holder = s_hold (path, start + 100 + randof (100));
    pid_t pids [PROCESSES];
    for (int i = 0; i < PROCESSES; i++) {
        pids [i] = fork ();
        VC_CHECK (pids [i] >= 0);
        if (pids [i] == 0) {
            srandom ((unsigned) getpid ());
            s_child (path, start);
        }
    }
    for (int i = 0; i < PROCESSES; i++) {
        int status = 0;
        VC_CHECK (waitpid (pids [i], &status, 0) == pids [i]);
        if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
            fprintf (stderr, "round %d: process %d could not open the new store\n", round, i);
            exit (1);
        }
    }
    int status = 0;
    VC_CHECK (waitpid (holder, &status, 0) == holder);
    VC_CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    //  The snapshot is there: all 63 provinces, the same figure every round
    vc_casestore_t *store = vc_casestore_new (path, NULL);
    VC_CHECK (store);
    vc_day_t first, last;
    VC_CHECK (vc_casestore_range (store, &first, &last) == 0);
    int64_t total = 0;
    int provinces = 0;
    VC_CHECK (vc_casestore_national_daily (store, last, &total, &provinces) == 0);
    VC_CHECK (provinces == 63);
    static int64_t expected = -1;
    if (expected < 0)
        expected = total;
    VC_CHECK (total == expected);
    vc_casestore_destroy (&store);
}

int
main (void)
{
    vc_log_init ("race", "warn");
    char dir [] = "/tmp/vc_test_race_XXXXXX";
    VC_CHECK (mkdtemp (dir));
    for (int round = 0; round < ROUNDS; round++)
        s_round (dir, round);
    char command [300];
    snprintf (command, sizeof command, "rm -rf '%s'", dir);
    VC_CHECK (system (command) == 0);
    printf ("test_casestore_race: %d rounds of %d processes opening a new store while"
            " another held its write lock, all opened it\n",
            ROUNDS, PROCESSES);
    return 0;
}
