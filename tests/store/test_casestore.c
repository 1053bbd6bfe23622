/*  test_casestore - unit test of the case store.

    Runs the store's self-test, then measures lookup speed on a store
    seeded from the shipped snapshot.
*/
#include "vc_casestore.h"
#include <czmq.h>
#include "vc_check.h"

static void
s_check_rate (void)
{
    char dir [] = "/tmp/vc_test_casestore_XXXXXX";
    VC_CHECK (mkdtemp (dir));
    char path [256];
    snprintf (path, sizeof (path), "%s/cases.db", dir);
    vc_casestore_t *store = vc_casestore_new (path, VC_DATA_DIR);
    VC_CHECK (store);
    vc_day_t first, last;
    VC_CHECK (vc_casestore_range (store, &first, &last) == 0);
    size_t count = 100000;
    int64_t start = zclock_usecs ();
    for (size_t i = 0; i < count; i++) {
        int64_t value;
        vc_day_t day = first + (vc_day_t) (i % (size_t) (last - first + 1));
        VC_CHECK (vc_casestore_daily (store, 79, day, &value) == 0);
    }
    int64_t elapsed = zclock_usecs () - start;
    double rate = (double) count * 1e6 / (double) (elapsed? elapsed: 1);
    printf (" * vc_casestore: %.0f daily lookups/s\n", rate);
    VC_CHECK (rate > 30000);
    vc_casestore_destroy (&store);
    const char *suffixes [] = { "", "-wal", "-shm" };
    for (int i = 0; i < 3; i++) {
        snprintf (path, sizeof (path), "%s/cases.db%s", dir, suffixes [i]);
        zsys_file_delete (path);
    }
    zsys_dir_delete (dir);
}

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && streq (argv [1], "-v");
    vc_casestore_test (verbose);
    s_check_rate ();
    return 0;
}
