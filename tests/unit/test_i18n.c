/*  test_i18n - unit test of language choice: runs the vc_i18n self-test
    against the catalogue compiled into the build tree.  */
#include "vc_i18n.h"
#include <stdbool.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_i18n_test (verbose);
    return 0;
}
