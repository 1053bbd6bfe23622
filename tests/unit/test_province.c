/*  test_province - unit test of the province matcher: the module
    self-test (every province by each of its names among them), then a
    lookup rate. The rate stays here, not in vc_province_test: a speed
    floor checked inside whatever program runs the self-test would fail
    with that program's load, not with the matcher.  */
#include "vc_province.h"
#include <czmq.h>
#include "vc_check.h"

static void
s_check_rate (vc_provinces_t *provinces)
{
    const char *names [] = { "tp.hcm", "Hà Nội", "Đắk Lắk", "ba ria vung tau", "Sài Gòn" };
    int64_t start = zclock_usecs ();
    size_t count = 200000;
    for (size_t i = 0; i < count; i++)
        VC_CHECK (vc_provinces_match (provinces, names [i % 5]));
    int64_t elapsed = zclock_usecs () - start;
    double rate = (double) count * 1e6 / (double) (elapsed? elapsed: 1);
    printf (" * vc_province: %.0f lookups/s\n", rate);
    VC_CHECK (rate > 30000);
}

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && streq (argv [1], "-v");
    vc_province_test (verbose);
    vc_provinces_t *provinces = vc_provinces_new ();
    VC_CHECK (provinces);
    s_check_rate (provinces);
    vc_provinces_destroy (&provinces);
    return 0;
}
