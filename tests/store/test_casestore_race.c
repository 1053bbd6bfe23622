/*  test_casestore_race - several processes opening one new case store at
    the same moment (as several data-svc instances starting together): every
    one opens it, and the store then holds the snapshot's figures. Repeated
    rounds, since the race is a matter of timing.  */
#include "vc_casestore.h"
#include "vc_log.h"
#include <czmq.h>
#include <sys/wait.h>
#include "vc_check.h"

#define ROUNDS      30
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

static void
s_round (const char *dir, int round)
{
    char path [256];
    snprintf (path, sizeof path, "%s/cases-%d.db", dir, round);
    int64_t start = zclock_time () + 50;
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
    printf ("test_casestore_race: %d rounds of %d processes, all opened the new store\n",
            ROUNDS, PROCESSES);
    return 0;
}
