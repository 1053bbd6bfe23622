/*  data_ops_stats - the country-wide operations: national (total, or new
    cases on a day), top (provinces with most new cases on a day),
    provinces (the list) and range (the covered days).  */
#include "data_ops_priv.h"

//  The national series and the sums up to (and including) day; *at is the
//  point of day, or NULL when no province reported it. 0, 1 when nothing
//  is stored, or the status of a packed 500.
static int
s_national_sum (data_ops_t *self, vc_day_t day, vc_casestore_point_t *sum,
                const vc_casestore_point_t **at)
{
    size_t count = 0;
    const vc_casestore_point_t *points = data_cache_national (self->cache, &count);
    if (!points)
        return data_ops_store_failed (self, "national series");
    *sum = (vc_casestore_point_t) { .day = day };
    *at = NULL;
    for (size_t i = 0; i < count && points [i].day <= day; i++) {
        sum->cases += points [i].cases;
        sum->deaths += points [i].deaths > 0 ? points [i].deaths : 0;
        sum->reports += points [i].reports;
        if (points [i].day == day)
            *at = points + i;
    }
    return count ? 0 : 1;
}

static int
s_national_total (data_ops_t *self)
{
    vc_day_t first, last;
    int rc = data_cache_range (self->cache, &first, &last);
    if (rc < 0)
        return data_ops_store_failed (self, "range");
    vc_casestore_point_t sum;
    const vc_casestore_point_t *at = NULL;
    if (rc == 0)
        rc = s_national_sum (self, last, &sum, &at);
    if (rc > 1)
        return rc;
    if (rc == 1) {
        snprintf (self->result, sizeof self->result, "no totals");
        return data_ops_refuse (self, VC_NOT_FOUND, "no daily figures are stored yet");
    }
    char date [16];
    vc_date_format_vn (last, date, sizeof date);
    int provinces = at ? at->reports : 0;
    snprintf (self->result, sizeof self->result,
              "%" PRId64 " total as of %s (sum of daily reports)", sum.cases, date);
    data_reply_national_total (self->pack, &sum, last, provinces);
    return VC_OK;
}

static int
s_national_daily (data_ops_t *self, vc_day_t day)
{
    vc_casestore_point_t sum;
    const vc_casestore_point_t *at = NULL;
    int rc = s_national_sum (self, day, &sum, &at);
    if (rc > 1)
        return rc;
    if (rc == 1 || !at)
        return data_ops_no_data (self, day);
    char date [16];
    vc_date_format_vn (day, date, sizeof date);
    snprintf (self->result, sizeof self->result, "%s: %" PRId64 " (%d province%s)",
              date, at->cases, at->reports, at->reports == 1 ? "" : "s");
    data_reply_national_daily (self->pack, at, &sum);
    return VC_OK;
}

int
data_op_national (data_ops_t *self, vc_request_t *request)
{
    vc_data_national_request_t args;
    if (vc_data_national_request_decode (request->body, &args))
        return data_ops_undecoded (self, request);
    vc_day_t day = 0;
    int rc = data_ops_date (self, "date", args.has_date ? args.date : NULL, &day);
    if (rc < 0)
        return VC_BAD_REQUEST;
    return rc == 0 ? s_national_daily (self, day) : s_national_total (self);
}

int
data_op_top (data_ops_t *self, vc_request_t *request)
{
    vc_data_top_request_t args;
    if (vc_data_top_request_decode (request->body, &args))
        return data_ops_undecoded (self, request);
    int64_t n = args.has_n ? args.n : 10;
    vc_day_t day = 0;
    int rc = data_ops_date (self, "date", args.has_date ? args.date : NULL, &day);
    if (rc < 0)
        return VC_BAD_REQUEST;
    if (rc == 1) {
        vc_day_t first;
        rc = data_cache_range (self->cache, &first, &day);
        if (rc < 0)
            return data_ops_store_failed (self, "range");
        if (rc == 1) {
            snprintf (self->result, sizeof self->result, "no data");
            return data_ops_refuse (self, VC_NOT_FOUND, "no daily figures are stored yet");
        }
    }
    int count = vc_casestore_top (self->store, day, self->top, (size_t) n);
    if (count < 0)
        return data_ops_store_failed (self, "top");
    if (count == 0)
        return data_ops_no_data (self, day);
    vc_provinces_t *matcher = data_cache_matcher (self->cache);
    if (!matcher)
        return data_ops_refuse (self, VC_INTERNAL, "the province table is unavailable");
    char date [16];
    vc_date_format_vn (day, date, sizeof date);
    const vc_province_t *first = vc_provinces_by_code (matcher, self->top [0].code);
    snprintf (self->result, sizeof self->result, "%s: %d province%s, first %s %" PRId64,
              date, count, count == 1 ? "" : "s", first ? first->name : "?", self->top [0].value);
    data_reply_top (self->pack, matcher, day, self->top, (size_t) count);
    return VC_OK;
}

int
data_op_provinces (data_ops_t *self, vc_request_t *request)
{
    (void) request;
    size_t count = 0;
    const vc_casestore_province_t *list = data_cache_provinces (self->cache, &count);
    if (count == 0)
        return data_ops_store_failed (self, "provinces");
    data_reply_provinces (self->pack, list, count);
    return VC_OK;
}

int
data_op_range (data_ops_t *self, vc_request_t *request)
{
    (void) request;
    vc_day_t first, last;
    int rc = data_cache_range (self->cache, &first, &last);
    if (rc < 0)
        return data_ops_store_failed (self, "range");
    if (rc == 1)
        return data_ops_refuse (self, VC_NOT_FOUND, "no daily figures are stored yet");
    data_reply_range (self->pack, first, last);
    return VC_OK;
}
