/*  data_reply - reply bodies of the data service, through the generated
    encoders.  */
#include "data_reply.h"
#include "data_cache.h"
#include "vc_reply.h"

#define S_SUGGESTIONS_MAX 8

const char *
data_reply_kind (vc_casestore_kind_t kind)
{
    return kind == VC_TOTAL_REPORTED ? "reported" : "sum of daily reports";
}

void
data_reply_status (vc_pack_t *pack, int status, const char *message)
{
    vc_status_reply_t reply = { .status = status, .message = message };
    vc_pack_reset (pack);
    vc_status_reply_pack (pack, &reply);
}

void
data_reply_said (vc_pack_t *pack, int status, const vc_said_t *said)
{
    vc_pack_reset (pack);
    vc_pack_said (pack, status, said);
}

void
data_reply_unknown_province (vc_pack_t *pack, const vc_said_t *said,
                             const vc_province_t **suggestions, size_t count)
{
    const char *args [VC_SAID_MAX_ARGS];
    const char *names [S_SUGGESTIONS_MAX];
    if (count > S_SUGGESTIONS_MAX)
        count = S_SUGGESTIONS_MAX;
    for (size_t i = 0; i < count; i++)
        names [i] = suggestions [i]->name;
    vc_status_reply_t status = vc_said_reply (VC_NOT_FOUND, said, args);
    vc_data_unknown_province_reply_t reply = {
        .status = status.status, .message = status.message,
        .suggestions = names, .suggestions_count = count,
        .has_msgid = status.has_msgid, .msgid = status.msgid,
        .has_args = status.has_args, .args = status.args, .args_count = status.args_count
    };
    vc_pack_reset (pack);
    vc_data_unknown_province_reply_pack (pack, &reply);
}

void
data_reply_total (vc_pack_t *pack, const vc_province_t *province, int64_t total,
                  vc_day_t as_of, vc_casestore_kind_t kind)
{
    vc_data_lookup_total_reply_t reply = {
        .status = VC_OK, .province = province->name, .code = province->code,
        .total = total, .as_of = as_of, .kind = data_reply_kind (kind)
    };
    vc_pack_reset (pack);
    vc_data_lookup_total_reply_pack (pack, &reply);
}

void
data_reply_daily (vc_pack_t *pack, const vc_province_t *province, vc_day_t day,
                  int64_t new_cases, int64_t deaths)
{
    vc_data_lookup_daily_reply_t reply = {
        .status = VC_OK, .province = province->name, .code = province->code,
        .date = day, .new_cases = new_cases, .has_deaths = deaths >= 0, .deaths = deaths
    };
    vc_pack_reset (pack);
    vc_data_lookup_daily_reply_pack (pack, &reply);
}

void
data_reply_series (vc_pack_t *pack, const vc_province_t *province, vc_day_t from, vc_day_t to,
                   const vc_day_t *days, const int64_t *values, size_t count,
                   vc_day_point_t *points)
{
    for (size_t i = 0; i < count; i++)
        points [i] = (vc_day_point_t) { .date = days [i], .new_cases = values [i] };
    vc_data_series_reply_t reply = {
        .status = VC_OK, .province = province->name, .code = province->code,
        .from = from, .to = to, .days = points, .days_count = count
    };
    vc_pack_reset (pack);
    vc_data_series_reply_pack (pack, &reply);
}

void
data_reply_national_total (vc_pack_t *pack, const vc_casestore_point_t *sum,
                           vc_day_t as_of, int provinces)
{
    vc_data_national_total_reply_t reply = {
        .status = VC_OK, .total = sum->cases, .deaths = sum->deaths, .as_of = as_of,
        .provinces = provinces, .kind = data_reply_kind (VC_TOTAL_SUMMED)
    };
    vc_pack_reset (pack);
    vc_data_national_total_reply_pack (pack, &reply);
}

void
data_reply_national_daily (vc_pack_t *pack, const vc_casestore_point_t *day,
                           const vc_casestore_point_t *sum)
{
    vc_data_national_daily_reply_t reply = {
        .status = VC_OK, .date = day->day, .new_cases = day->cases, .deaths = day->deaths,
        .provinces = day->reports, .total = sum->cases, .total_deaths = sum->deaths,
        .kind = data_reply_kind (VC_TOTAL_SUMMED)
    };
    vc_pack_reset (pack);
    vc_data_national_daily_reply_pack (pack, &reply);
}

void
data_reply_top (vc_pack_t *pack, vc_provinces_t *matcher, vc_day_t day,
                const vc_casestore_entry_t *rows, size_t count)
{
    vc_top_row_t list [DATA_PROVINCES_MAX];
    if (count > DATA_PROVINCES_MAX)
        count = DATA_PROVINCES_MAX;
    for (size_t i = 0; i < count; i++) {
        const vc_province_t *province = vc_provinces_by_code (matcher, rows [i].code);
        list [i] = (vc_top_row_t) {
            .province = province ? province->name : "", .code = rows [i].code,
            .new_cases = rows [i].value
        };
    }
    vc_data_top_reply_t reply = { .status = VC_OK, .date = day, .rows = list, .rows_count = count };
    vc_pack_reset (pack);
    vc_data_top_reply_pack (pack, &reply);
}

void
data_reply_provinces (vc_pack_t *pack, const vc_casestore_province_t *list, size_t count)
{
    vc_province_row_t rows [DATA_PROVINCES_MAX];
    if (count > DATA_PROVINCES_MAX)
        count = DATA_PROVINCES_MAX;
    for (size_t i = 0; i < count; i++)
        rows [i] = (vc_province_row_t) {
            .code = list [i].code, .name = list [i].name, .ascii = list [i].ascii
        };
    vc_data_provinces_reply_t reply = { .status = VC_OK, .provinces = rows, .provinces_count = count };
    vc_pack_reset (pack);
    vc_data_provinces_reply_pack (pack, &reply);
}

void
data_reply_range (vc_pack_t *pack, vc_day_t from, vc_day_t to)
{
    vc_data_range_reply_t reply = { .status = VC_OK, .from = from, .to = to };
    vc_pack_reset (pack);
    vc_data_range_reply_pack (pack, &reply);
}
