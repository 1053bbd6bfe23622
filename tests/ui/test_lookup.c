/*  test_lookup - the lookup page reads series, province and range replies
    in the model's shapes (and refuses others), and completes province
    names from any common spelling.  */
#include "lookup_inputs.h"
#include "lookup_series.h"
#include <stdio.h>
#include <stdlib.h>
#include "vc_check.h"

static vc_body_t *
s_body (vc_pack_t *pack)
{
    char err [128];
    vc_body_t *body = vc_body_decode (vc_pack_data (pack), vc_pack_size (pack), err, sizeof err);
    VC_CHECK (body);
    return body;
}

static vc_day_t
s_day (const char *text)
{
    vc_day_t day;
    char err [80];
    VC_CHECK (vc_date_parse (text, &day, err, sizeof err) == 0);
    return day;
}

//  A series reply as the data service packs it (the generated encoder)
static void
s_test_series (void)
{
    vc_day_point_t days [] = {
        { s_day ("2021-12-14"), 1100 }, { s_day ("2021-12-15"), 1270 }, { s_day ("2021-12-16"), 1301 }
    };
    vc_data_series_reply_t reply = {
        .status = 200, .province = "Hồ Chí Minh", .code = 79, .from = days [0].date,
        .to = days [2].date, .days = days, .days_count = 3
    };
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    vc_data_series_reply_pack (pack, &reply);
    vc_body_t *body = s_body (pack);
    series_point_t *points = NULL;
    VC_CHECK (lookup_series_parse (body, &points) == 3);
    VC_CHECK (points [0].day == s_day ("2021-12-14") && points [0].value == 1100);
    VC_CHECK (points [1].day == s_day ("2021-12-15") && points [1].value == 1270);
    VC_CHECK (points [2].day == s_day ("2021-12-16") && points [2].value == 1301);
    g_free (points);
    vc_body_destroy (&body);
    vc_pack_destroy (&pack);
}

//  Shapes other than the model's are refused, not guessed at: a row that
//  is not [date, new_cases], a list under another key, parallel lists
static void
s_test_other_shapes (void)
{
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    series_point_t *points = NULL;
    vc_pack_map_begin (pack);
    vc_pack_kint (pack, "status", 200);
    vc_pack_kstr (pack, "message", "ok");
    vc_pack_kstr (pack, "province", "Hồ Chí Minh");
    vc_pack_kint (pack, "code", 79);
    vc_pack_kstr (pack, "from", "2021-12-14");
    vc_pack_kstr (pack, "to", "2021-12-15");
    vc_pack_key (pack, "days");
    vc_pack_array (pack, 2);
    vc_pack_array (pack, 2); vc_pack_str (pack, "2021-12-14"); vc_pack_int (pack, 1100);
    vc_pack_array (pack, 2); vc_pack_str (pack, "not a date"); vc_pack_int (pack, 5);
    vc_pack_map_end (pack);
    vc_body_t *body = s_body (pack);
    VC_CHECK (lookup_series_parse (body, &points) == -1 && points == NULL);
    vc_body_destroy (&body);

    vc_pack_reset (pack);
    vc_pack_map_begin (pack);
    vc_pack_kint (pack, "status", 200);
    vc_pack_kstr (pack, "message", "ok");
    vc_pack_key (pack, "series");
    vc_pack_array (pack, 1);
    vc_pack_map_begin (pack); vc_pack_kstr (pack, "date", "01-12-2021"); vc_pack_kint (pack, "new_cases", 1675);
    vc_pack_map_end (pack);
    vc_pack_map_end (pack);
    body = s_body (pack);
    VC_CHECK (lookup_series_parse (body, &points) == -1 && points == NULL);
    vc_body_destroy (&body);

    vc_pack_reset (pack);
    vc_pack_map_begin (pack);
    vc_pack_key (pack, "dates");
    vc_pack_array (pack, 1); vc_pack_str (pack, "2021-12-01");
    vc_pack_key (pack, "values");
    vc_pack_array (pack, 1); vc_pack_int (pack, 7);
    vc_pack_map_end (pack);
    body = s_body (pack);
    VC_CHECK (lookup_series_parse (body, &points) == -1 && points == NULL);
    VC_CHECK (lookup_series_names (body) == NULL);
    vc_day_t first, last;
    VC_CHECK (lookup_series_range (body, &first, &last) == -1);
    vc_body_destroy (&body);
    vc_pack_destroy (&pack);
}

static void
s_test_names_and_range (void)
{
    vc_province_row_t rows [] = { { 1, "Hà Nội", "Ha Noi" }, { 79, "Hồ Chí Minh", "Ho Chi Minh" } };
    vc_data_provinces_reply_t provinces = { .status = 200, .provinces = rows, .provinces_count = 2 };
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    vc_data_provinces_reply_pack (pack, &provinces);
    vc_body_t *body = s_body (pack);
    GPtrArray *names = lookup_series_names (body);
    VC_CHECK (names && names->len == 2);
    VC_CHECK (streq (g_ptr_array_index (names, 0), "Hà Nội"));
    VC_CHECK (streq (g_ptr_array_index (names, 1), "Hồ Chí Minh"));
    g_ptr_array_unref (names);
    vc_body_destroy (&body);

    vc_data_range_reply_t range = {
        .status = 200, .from = s_day ("2021-11-01"), .to = s_day ("2021-12-31")
    };
    vc_pack_reset (pack);
    vc_data_range_reply_pack (pack, &range);
    body = s_body (pack);
    vc_day_t first, last;
    VC_CHECK (lookup_series_range (body, &first, &last) == 0);
    VC_CHECK (first == s_day ("2021-11-01") && last == s_day ("2021-12-31"));
    vc_body_destroy (&body);
    vc_pack_destroy (&pack);
}

static bool
s_completes (vc_provinces_t *provinces, const char *name, const char *typed)
{
    char folded [256];
    vc_province_normalize (typed, folded, sizeof folded);
    char *keys = lookup_province_keys (name, vc_provinces_match (provinces, name));
    bool match = lookup_province_keys_match (keys, folded);
    g_free (keys);
    return match;
}

static void
s_test_completion (void)
{
    vc_provinces_t *provinces = VC_NEED (vc_provinces_new ());
    VC_CHECK (s_completes (provinces, "Hồ Chí Minh", "ho chi"));
    VC_CHECK (s_completes (provinces, "Hồ Chí Minh", "Hồ"));
    VC_CHECK (s_completes (provinces, "Hồ Chí Minh", "hcm"));
    VC_CHECK (s_completes (provinces, "Hồ Chí Minh", "chi minh"));
    VC_CHECK (s_completes (provinces, "Hà Nội", "ha n"));
    VC_CHECK (s_completes (provinces, "Đà Nẵng", "da"));
    VC_CHECK (!s_completes (provinces, "Hà Nội", "noi ha"));
    VC_CHECK (!s_completes (provinces, "Hà Nội", "oi"));
    VC_CHECK (!s_completes (provinces, "Hà Nội", ""));
    vc_provinces_destroy (&provinces);
}

int
main (void)
{
    s_test_completion ();
    s_test_series ();
    s_test_other_shapes ();
    s_test_names_and_range ();
    printf ("test_lookup: OK\n");
    return 0;
}
