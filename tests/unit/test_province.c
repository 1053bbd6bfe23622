/*  test_province - unit test of the province matcher.

    Runs the module self-test, then checks every province by its Vietnamese
    name, its ASCII name, upper case and official full name, and a lookup rate.
*/
#include "vc_province.h"
#include <czmq.h>
#include "vc_check.h"

static void
s_check_all_names (vc_provinces_t *provinces)
{
    char text [128];
    for (size_t i = 0; i < vc_provinces_size (provinces); i++) {
        const vc_province_t *province = vc_provinces_at (provinces, i);
        VC_CHECK (vc_provinces_match (provinces, province->name) == province);
        VC_CHECK (vc_provinces_match (provinces, province->ascii) == province);
        snprintf (text, sizeof (text), "Tỉnh %s", province->name);
        VC_CHECK (vc_provinces_match (provinces, text) == province);
        snprintf (text, sizeof (text), "TP. %s", province->ascii);
        VC_CHECK (vc_provinces_match (provinces, text) == province);
        //  Upper case ASCII, no spaces
        size_t len = 0;
        for (const char *c = province->ascii; *c && len < sizeof (text) - 1; c++)
            if (*c != ' ')
                text [len++] = (char) toupper ((unsigned char) *c);
        text [len] = 0;
        VC_CHECK (vc_provinces_match (provinces, text) == province);
    }
}

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
    s_check_all_names (provinces);
    s_check_rate (provinces);
    vc_provinces_destroy (&provinces);
    return 0;
}
