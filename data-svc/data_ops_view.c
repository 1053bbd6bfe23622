/*  data_ops_view - the stats operation: every figure of a province on one
    day (new cases, deaths, total and where it comes from, 7-day average,
    rates per 100,000 people, rank among the provinces, days since the last
    reported case).  */
#include "data_ops_priv.h"

#define DATA_PER 100000.0               //  Rates are per 100,000 people

//  The figures of one province on one day, gathered before packing
typedef struct {
    bool reported;
    int64_t cases, deaths;
    vc_casestore_total_t total;
    bool has_total;
    int64_t week_sum;
    int week_days;
    int rank, of;
    bool has_rank;
    vc_day_t last_case;
    bool has_last_case;
    int64_t population;
    bool has_population;
} view_t;

static int
s_gather (data_ops_t *self, int code, vc_day_t day, view_t *view)
{
    int rc = vc_casestore_day (self->store, code, day, &view->cases, &view->deaths);
    view->reported = rc == 0;
    if (rc >= 0) {
        rc = vc_casestore_total_on (self->store, code, day, &view->total);
        view->has_total = rc == 0;
    }
    if (rc >= 0) {
        rc = vc_casestore_window (self->store, code, day - 6, day, &view->week_sum, &view->week_days);
        if (rc == 1)
            view->week_days = 0;
    }
    if (rc >= 0) {
        rc = vc_casestore_rank (self->store, code, day, &view->rank, &view->of);
        view->has_rank = rc == 0;
    }
    if (rc >= 0) {
        rc = vc_casestore_last_case (self->store, code, day, &view->last_case);
        view->has_last_case = rc == 0;
    }
    if (rc >= 0) {
        rc = vc_casestore_population (self->store, code, &view->population);
        view->has_population = rc == 0;
    }
    return rc < 0 ? -1 : 0;
}

static void
s_pack (data_ops_t *self, const vc_province_t *province, vc_day_t day, const view_t *view)
{
    double average = view->week_days ? (double) view->week_sum / view->week_days : 0;
    double people = view->has_population ? (double) view->population : 1;
    char rates [128];
    snprintf (rates, sizeof rates, "no 2019 census figure is stored for %s", province->name);
    vc_data_stats_reply_t reply = {
        .status = VC_OK, .province = province->name, .code = province->code, .date = day,
        .reported = view->reported,
        .has_new_cases = view->reported, .new_cases = view->cases,
        .has_deaths = view->reported, .deaths = view->deaths, .deaths_null = view->deaths < 0,
        .has_total = view->has_total, .total = view->total.cases,
        .has_total_kind = view->has_total, .total_kind = data_reply_kind (view->total.kind),
        .has_total_deaths = view->has_total, .total_deaths = view->total.deaths,
        .has_average7 = view->week_days > 0, .average7 = average,
        .has_average7_days = view->week_days > 0, .average7_days = view->week_days,
        .has_rank = view->has_rank, .rank = view->rank,
        .has_rank_of = view->has_rank, .rank_of = view->of,
        .has_last_case = view->has_last_case, .last_case = view->last_case,
        .has_days_since_case = view->has_last_case, .days_since_case = day - view->last_case,
        .has_population = view->has_population, .population = view->population,
        .has_average7_per100k = view->has_population && view->week_days > 0,
        .average7_per100k = average * DATA_PER / people,
        .has_total_per100k = view->has_population && view->has_total,
        .total_per100k = (double) view->total.cases * DATA_PER / people,
        .has_rates = !view->has_population, .rates = rates
    };
    vc_pack_reset (self->pack);
    vc_data_stats_reply_pack (self->pack, &reply);
}

int
data_op_stats (data_ops_t *self, vc_request_t *request)
{
    vc_data_stats_request_t args;
    if (vc_data_stats_request_decode (request->body, &args))
        return data_ops_undecoded (self, request);
    const vc_province_t *province = NULL;
    int status = data_ops_province (self, args.province, &province);
    if (status)
        return status;
    vc_day_t day = 0, first, last;
    int rc = data_ops_date (self, "date", args.has_date ? args.date : NULL, &day);
    if (rc < 0)
        return VC_BAD_REQUEST;
    int range = data_cache_range (self->cache, &first, &last);
    if (range < 0)
        return data_ops_store_failed (self, "range");
    if (range == 1) {
        snprintf (self->result, sizeof self->result, "no data");
        return data_ops_refuse (self, VC_NOT_FOUND, "no daily figures are stored yet");
    }
    if (rc == 1)
        day = last;
    if (day < first || day > last)
        return data_ops_no_data (self, day);
    view_t view = { 0 };
    if (s_gather (self, province->code, day, &view))
        return data_ops_store_failed (self, "stats");
    char date [16];
    vc_date_format_vn (day, date, sizeof date);
    if (view.reported)
        snprintf (self->result, sizeof self->result, "%s %s: %" PRId64, province->name, date, view.cases);
    else
        snprintf (self->result, sizeof self->result, "%s %s: not reported", province->name, date);
    s_pack (self, province, day, &view);
    return VC_OK;
}
