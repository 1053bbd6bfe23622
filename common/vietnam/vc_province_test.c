/*  vc_province_test - self-test of the province table and matcher.
*/
#include "vc_province_priv.h"
#include <czmq.h>
#include "vc_check.h"

//  Expect text to resolve to the province with this code
static void
s_expect (vc_provinces_t *self, const char *text, int code, bool verbose)
{
    const vc_province_t *province = vc_provinces_match (self, text);
    if (verbose)
        printf ("  '%s' -> %s\n", text, province? province->name: "(none)");
    VC_CHECK (province);
    VC_CHECK (province->code == code);
}

static void
s_test_table (vc_provinces_t *self)
{
    VC_CHECK (vc_provinces_size (self) == 63);
    int previous = 0;
    for (size_t i = 0; i < vc_provinces_size (self); i++) {
        const vc_province_t *province = vc_provinces_at (self, i);
        VC_CHECK (province->code > previous);
        previous = province->code;
        VC_CHECK (vc_provinces_by_code (self, province->code) == province);
        VC_CHECK (vc_provinces_match (self, province->name) == province);
        VC_CHECK (vc_provinces_match (self, province->ascii) == province);
    }
    VC_CHECK (vc_provinces_at (self, 63) == NULL);
    VC_CHECK (vc_provinces_by_code (self, 3) == NULL);
    VC_CHECK (vc_provinces_by_code (self, 79)->code == 79);
    VC_CHECK (vc_provinces_by_code (self, 96));
}

static void
s_test_spellings (vc_provinces_t *self, bool verbose)
{
    const char *hcm [] = {
        "ho chi minh", "HỒ CHÍ MINH", "tp.hcm", "TP. Hồ Chí Minh", "HCM",
        "Sài Gòn", "Saigon", "TP HCM", "Thành phố Hồ Chí Minh", "TPHCM",
        "Ho Chi Minh City", "Hô Chí Minh", "  hồ   chí  minh  ", "T.P. HCM",
        "Ho\xcc\x82\xcc\x80 Chi\xcc\x81 Minh", NULL       //  NFD
    };
    for (const char **p = hcm; *p; p++)
        s_expect (self, *p, 79, verbose);
    //  NFD with marks inside words folds as NFC does (a mark is no separator)
    char nfd [32], nfc [32];
    vc_province_normalize ("\xc4\x90" "a\xcc\x80 Na\xcc\x86\xcc\x83ng", nfd, sizeof nfd);
    vc_province_normalize ("Đà Nẵng", nfc, sizeof nfc);
    VC_CHECK (strcmp (nfd, nfc) == 0 && strcmp (nfc, "da nang") == 0);
    s_expect (self, "ba ria vung tau", 77, verbose);
    s_expect (self, "Bà Rịa - Vũng Tàu", 77, verbose);
    s_expect (self, "Bà Rịa–Vũng Tàu", 77, verbose);
    s_expect (self, "BR-VT", 77, verbose);
    s_expect (self, "Hue", 46, verbose);
    s_expect (self, "Huế", 46, verbose);
    s_expect (self, "Thừa Thiên Huế", 46, verbose);
    s_expect (self, "Thua Thien - Hue", 46, verbose);
    s_expect (self, "hanoi", 1, verbose);
    s_expect (self, "Ha Noi", 1, verbose);
    s_expect (self, "HN", 1, verbose);
    s_expect (self, "Thành phố Hà Nội", 1, verbose);
    s_expect (self, "Đắk Lắk", 66, verbose);
    s_expect (self, "Dak Lak", 66, verbose);
    s_expect (self, "Daklak", 66, verbose);
    s_expect (self, "ĐĂK LĂK", 66, verbose);
    s_expect (self, "Tỉnh Đắk Lắk", 66, verbose);
    s_expect (self, "Đắk Nông", 67, verbose);
    s_expect (self, "dak nong", 67, verbose);
    s_expect (self, "Bên Tre", 83, verbose);
    s_expect (self, "Thanh Hoá", 38, verbose);
    s_expect (self, "Hoà Bình", 17, verbose);
    s_expect (self, "79", 79, verbose);
    s_expect (self, "01", 1, verbose);
}

static void
s_test_rejects (vc_provinces_t *self)
{
    VC_CHECK (vc_provinces_match (self, NULL) == NULL);
    VC_CHECK (vc_provinces_match (self, "") == NULL);
    VC_CHECK (vc_provinces_match (self, "   ") == NULL);
    VC_CHECK (vc_provinces_match (self, "TP.") == NULL);
    VC_CHECK (vc_provinces_match (self, "Paris") == NULL);
    VC_CHECK (vc_provinces_match (self, "99") == NULL);
    VC_CHECK (vc_provinces_match (self, "Ha\xff Noi") == NULL);     //  Bad byte
    VC_CHECK (vc_provinces_match (self, "Ha \xc3") == NULL);        //  Truncated
    VC_CHECK (vc_provinces_match (self, "\xc0\xaf") == NULL);       //  Overlong
    VC_CHECK (vc_provinces_match (self, "\xed\xa0\x80") == NULL);   //  Surrogate
    //  10 KB of input, letters or separators: refused without harm
    size_t size = 10 * 1024;
    char *big = (char *) malloc (size + 1);
    VC_CHECK (big);
    memset (big, 'a', size);
    big [size] = 0;
    VC_CHECK (vc_provinces_match (self, big) == NULL);
    const vc_province_t *out [3];
    VC_CHECK (vc_provinces_suggest (self, big, out, 3) == 0);
    memset (big, ' ', size);
    memcpy (big + size - 6, "ha noi", 6);
    s_expect (self, big, 1, false);
    free (big);
}

static void
s_test_normalize (void)
{
    char out [64];
    vc_province_normalize ("  TP. Hồ  Chí-Minh! ", out, sizeof (out));
    VC_CHECK (streq (out, "tp ho chi minh"));
    vc_province_normalize ("Đồng Tháp", out, sizeof (out));
    VC_CHECK (streq (out, "dong thap"));
    vc_province_normalize ("Ha\xff", out, sizeof (out));
    VC_CHECK (streq (out, ""));
    vc_province_normalize ("Bà Rịa - Vũng Tàu", out, 8);
    VC_CHECK (streq (out, "ba ria"));
    vc_province_normalize (NULL, out, sizeof (out));
    VC_CHECK (streq (out, ""));
    VC_CHECK (vc_province_distance ("kitten", "sitting") == 3);
    VC_CHECK (vc_province_distance ("", "abc") == 3);
    VC_CHECK (vc_province_distance ("hanoi", "hanoi") == 0);
}

static void
s_test_suggest_and_alias (vc_provinces_t *self)
{
    const vc_province_t *out [5];
    size_t count = vc_provinces_suggest (self, "Ben Tri", out, 5);
    VC_CHECK (count >= 1 && out [0]->code == 83);
    count = vc_provinces_suggest (self, "Hô Chi Min", out, 5);
    VC_CHECK (count >= 1 && out [0]->code == 79);
    count = vc_provinces_suggest (self, "Quang Nga", out, 2);
    VC_CHECK (count >= 1 && out [0]->code == 51);
    count = vc_provinces_suggest (self, "Binh", out, 5);
    VC_CHECK (count >= 1 && count <= 5);
    for (size_t i = 0; i < count; i++)
        for (size_t j = i + 1; j < count; j++)
            VC_CHECK (out [i] != out [j]);
    VC_CHECK (vc_provinces_suggest (self, "zzzzzzzzzzzzzz", out, 5) == 0);
    VC_CHECK (vc_provinces_suggest (self, "", out, 5) == 0);

    VC_CHECK (vc_provinces_add_alias (self, 56, "Nha Trang") == 0);
    s_expect (self, "nha trang", 56, false);
    VC_CHECK (vc_provinces_add_alias (self, 56, "NHA TRANG") == 0);
    VC_CHECK (vc_provinces_add_alias (self, 79, "Hà Nội") == -1);
    VC_CHECK (vc_provinces_add_alias (self, 5, "Somewhere") == -1);
    VC_CHECK (vc_provinces_add_alias (self, 79, " .. ") == -1);
    VC_CHECK (vc_provinces_add_alias (self, 79, "\xff") == -1);
}

void
vc_province_test (bool verbose)
{
    printf (" * vc_province: ");
    if (verbose)
        printf ("\n");
    vc_provinces_t *self = vc_provinces_new ();
    VC_CHECK (self);
    s_test_table (self);
    s_test_spellings (self, verbose);
    s_test_rejects (self);
    s_test_normalize ();
    s_test_suggest_and_alias (self);
    vc_provinces_destroy (&self);
    VC_CHECK (self == NULL);
    vc_provinces_destroy (&self);
    printf ("OK\n");
}
