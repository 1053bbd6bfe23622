/*  data_ops_lookup - the province operations: lookup (total, or new cases
    on a day) and series (daily new cases over a day range).  */
#include "data_ops_priv.h"

//  lookup {province}: the total as of the last covered day, as for any
//  day: the published total of that day, else the sum of the daily reports
//  up to it. With no daily figures stored, the latest published total.
static int
s_total (data_ops_t *self, const vc_province_t *province)
{
    int64_t total = 0;
    vc_day_t first, as_of = 0;
    vc_casestore_kind_t kind = VC_TOTAL_REPORTED;
    int rc = data_cache_range (self->cache, &first, &as_of);
    if (rc == 0) {
        vc_casestore_total_t on = { 0 };
        rc = vc_casestore_total_on (self->store, province->code, as_of, &on);
        total = on.cases;
        kind = on.kind;
    }
    else
    if (rc == 1)
        rc = vc_casestore_total (self->store, province->code, &total, &as_of);
    if (rc < 0)
        return data_ops_store_failed (self, "total");
    if (rc == 1) {
        snprintf (self->result, sizeof self->result, "%s: no total", province->name);
        return data_ops_refuse (self, VC_NOT_FOUND, "no total case count is stored for %s",
                                province->name);
    }
    char date [16];
    vc_date_format_vn (as_of, date, sizeof date);
    snprintf (self->result, sizeof self->result, "%s: %" PRId64 " total as of %s%s",
              province->name, total, date, kind == VC_TOTAL_SUMMED ? " (sum of daily reports)" : "");
    data_reply_total (self->pack, province, total, as_of, kind);
    return VC_OK;
}

//  The outcome of a day's lookup, "NAME DD-MM-YYYY: CASES", put together
//  without formatting (one per lookup, for its event)
static void
s_daily_result (data_ops_t *self, const char *name, const char *date, int64_t new_cases)
{
    char digits [24];
    char *at = digits + sizeof digits;
    *--at = 0;
    uint64_t value = new_cases < 0 ? 0 - (uint64_t) new_cases : (uint64_t) new_cases;
    do
        *--at = (char) ('0' + value % 10);
    while ((value /= 10));
    if (new_cases < 0)
        *--at = '-';
    const char *parts [] = { name, " ", date, ": ", at };
    size_t used = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts [0]; i++) {
        size_t len = strlen (parts [i]);
        if (len > sizeof self->result - 1 - used)
            len = sizeof self->result - 1 - used;
        memcpy (self->result + used, parts [i], len);
        used += len;
    }
    self->result [used] = 0;
}

//  lookup {province, date}: new cases that day
static int
s_daily (data_ops_t *self, const vc_province_t *province, vc_day_t day)
{
    int64_t new_cases = 0, deaths = -1;
    int rc = vc_casestore_day (self->store, province->code, day, &new_cases, &deaths);
    if (rc < 0)
        return data_ops_store_failed (self, "daily");
    if (rc == 1)
        return data_ops_not_reported (self, province, day);
    char date [16];
    vc_date_format_vn (day, date, sizeof date);
    s_daily_result (self, province->name, date, new_cases);
    data_reply_daily (self->pack, province, day, new_cases, deaths);
    return VC_OK;
}

int
data_op_lookup (data_ops_t *self, vc_request_t *request)
{
    vc_data_lookup_request_t args;
    if (vc_data_lookup_request_decode (request->body, &args))
        return data_ops_undecoded (self, request);
    const vc_province_t *province = NULL;
    int status = data_ops_province (self, args.province, &province);
    if (status)
        return status;
    vc_day_t day = 0;
    int rc = data_ops_date (self, "date", args.has_date ? args.date : NULL, &day);
    if (rc < 0)
        return VC_BAD_REQUEST;
    return rc == 0 ? s_daily (self, province, day) : s_total (self, province);
}

int
data_ops_series_range (data_ops_t *self, const char *from_text, const char *to_text,
                       vc_day_t *from, vc_day_t *to)
{
    int has_from = data_ops_date (self, "from", from_text, from);
    if (has_from < 0)
        return VC_BAD_REQUEST;
    int has_to = data_ops_date (self, "to", to_text, to);
    if (has_to < 0)
        return VC_BAD_REQUEST;
    if (has_from == 1 || has_to == 1) {
        vc_day_t first, last;
        int rc = data_cache_range (self->cache, &first, &last);
        if (rc < 0)
            return data_ops_store_failed (self, "range");
        if (rc == 1) {
            snprintf (self->result, sizeof self->result, "no data");
            return data_ops_refuse (self, VC_NOT_FOUND, "no daily figures are stored yet");
        }
        if (has_from == 1)
            *from = has_to == 1 || first <= *to ? first : *to;
        if (has_to == 1)
            *to = last >= *from ? last : *from;
    }
    if (*from > *to)
        return data_ops_refuse (self, VC_BAD_REQUEST, "'from' is after 'to'");
    if ((int64_t) *to - *from + 1 > DATA_SERIES_MAX) {
        return data_ops_refuse (self, VC_BAD_REQUEST, "a series may cover at most %d days",
                                DATA_SERIES_MAX);
    }
    return 0;
}

int
data_op_series (data_ops_t *self, vc_request_t *request)
{
    vc_data_series_request_t args;
    if (vc_data_series_request_decode (request->body, &args))
        return data_ops_undecoded (self, request);
    const vc_province_t *province = NULL;
    int status = data_ops_province (self, args.province, &province);
    if (status)
        return status;
    vc_day_t from = 0, to = 0;
    status = data_ops_series_range (self, args.has_from ? args.from : NULL,
                                    args.has_to ? args.to : NULL, &from, &to);
    if (status)
        return status;
    int count = vc_casestore_series (self->store, province->code, from, to,
                                     self->days, self->values, DATA_SERIES_MAX);
    if (count < 0)
        return data_ops_store_failed (self, "series");
    snprintf (self->result, sizeof self->result, "%s: %d days", province->name, count);
    data_reply_series (self->pack, province, from, to, self->days, self->values, (size_t) count,
                       self->day_points);
    return VC_OK;
}
