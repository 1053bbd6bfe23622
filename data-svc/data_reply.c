/*  data_reply - reply bodies of the data service.  */
#include "data_reply.h"

//  Start a map of 2 + fields pairs with status 200 and message "ok"
void
data_reply_ok (vc_pack_t *pack, size_t fields)
{
    vc_pack_reset (pack);
    vc_pack_map (pack, 2 + fields);
    vc_pack_kint (pack, "status", 200);
    vc_pack_kstr (pack, "message", "ok");
}

void
data_reply_kdate (vc_pack_t *pack, const char *key, vc_day_t day)
{
    char text [16];
    vc_date_format_iso (day, text, sizeof text);
    vc_pack_kstr (pack, key, text);
}

const char *
data_reply_kind (vc_casestore_kind_t kind)
{
    return kind == VC_TOTAL_REPORTED ? "reported" : "sum of daily reports";
}

void
data_reply_status (vc_pack_t *pack, int status, const char *message)
{
    vc_pack_reset (pack);
    vc_pack_map (pack, 2);
    vc_pack_kint (pack, "status", status);
    vc_pack_kstr (pack, "message", message);
}

void
data_reply_unknown_province (vc_pack_t *pack, const char *message,
                             const vc_province_t **suggestions, size_t count)
{
    vc_pack_reset (pack);
    vc_pack_map (pack, 3);
    vc_pack_kint (pack, "status", 404);
    vc_pack_kstr (pack, "message", message);
    vc_pack_key (pack, "suggestions");
    vc_pack_array (pack, count);
    for (size_t i = 0; i < count; i++)
        vc_pack_str (pack, suggestions [i]->name);
}

void
data_reply_total (vc_pack_t *pack, const vc_province_t *province, int64_t total,
                  vc_day_t as_of, vc_casestore_kind_t kind)
{
    data_reply_ok (pack, 5);
    vc_pack_kstr (pack, "province", province->name);
    vc_pack_kint (pack, "code", province->code);
    vc_pack_kint (pack, "total", total);
    data_reply_kdate (pack, "as_of", as_of);
    vc_pack_kstr (pack, "kind", data_reply_kind (kind));
}

void
data_reply_daily (vc_pack_t *pack, const vc_province_t *province, vc_day_t day,
                  int64_t new_cases, int64_t deaths)
{
    data_reply_ok (pack, deaths >= 0 ? 5 : 4);
    vc_pack_kstr (pack, "province", province->name);
    vc_pack_kint (pack, "code", province->code);
    data_reply_kdate (pack, "date", day);
    vc_pack_kint (pack, "new_cases", new_cases);
    if (deaths >= 0)
        vc_pack_kint (pack, "deaths", deaths);
}

void
data_reply_series (vc_pack_t *pack, const vc_province_t *province, vc_day_t from, vc_day_t to,
                   const vc_day_t *days, const int64_t *values, size_t count)
{
    data_reply_ok (pack, 5);
    vc_pack_kstr (pack, "province", province->name);
    vc_pack_kint (pack, "code", province->code);
    data_reply_kdate (pack, "from", from);
    data_reply_kdate (pack, "to", to);
    vc_pack_key (pack, "days");
    vc_pack_array (pack, count);
    for (size_t i = 0; i < count; i++) {
        char text [16];
        vc_date_format_iso (days [i], text, sizeof text);
        vc_pack_array (pack, 2);
        vc_pack_str (pack, text);
        vc_pack_int (pack, values [i]);
    }
}

void
data_reply_national_total (vc_pack_t *pack, const vc_casestore_point_t *sum,
                           vc_day_t as_of, int provinces)
{
    data_reply_ok (pack, 5);
    vc_pack_kint (pack, "total", sum->cases);
    vc_pack_kint (pack, "deaths", sum->deaths);
    data_reply_kdate (pack, "as_of", as_of);
    vc_pack_kint (pack, "provinces", provinces);
    vc_pack_kstr (pack, "kind", data_reply_kind (VC_TOTAL_SUMMED));
}

void
data_reply_national_daily (vc_pack_t *pack, const vc_casestore_point_t *day,
                           const vc_casestore_point_t *sum)
{
    data_reply_ok (pack, 7);
    data_reply_kdate (pack, "date", day->day);
    vc_pack_kint (pack, "new_cases", day->cases);
    vc_pack_kint (pack, "deaths", day->deaths);
    vc_pack_kint (pack, "provinces", day->reports);
    vc_pack_kint (pack, "total", sum->cases);
    vc_pack_kint (pack, "total_deaths", sum->deaths);
    vc_pack_kstr (pack, "kind", data_reply_kind (VC_TOTAL_SUMMED));
}

void
data_reply_top (vc_pack_t *pack, vc_provinces_t *matcher, vc_day_t day,
                const vc_casestore_entry_t *rows, size_t count)
{
    data_reply_ok (pack, 2);
    data_reply_kdate (pack, "date", day);
    vc_pack_key (pack, "rows");
    vc_pack_array (pack, count);
    for (size_t i = 0; i < count; i++) {
        const vc_province_t *province = vc_provinces_by_code (matcher, rows [i].code);
        vc_pack_map (pack, 3);
        vc_pack_kstr (pack, "province", province ? province->name : "");
        vc_pack_kint (pack, "code", rows [i].code);
        vc_pack_kint (pack, "new_cases", rows [i].value);
    }
}

void
data_reply_provinces (vc_pack_t *pack, const vc_casestore_province_t *list, size_t count)
{
    data_reply_ok (pack, 1);
    vc_pack_key (pack, "provinces");
    vc_pack_array (pack, count);
    for (size_t i = 0; i < count; i++) {
        vc_pack_map (pack, 3);
        vc_pack_kint (pack, "code", list [i].code);
        vc_pack_kstr (pack, "name", list [i].name);
        vc_pack_kstr (pack, "ascii", list [i].ascii);
    }
}

void
data_reply_range (vc_pack_t *pack, vc_day_t from, vc_day_t to)
{
    data_reply_ok (pack, 2);
    data_reply_kdate (pack, "from", from);
    data_reply_kdate (pack, "to", to);
}
