/*  data_ops_history - the whole-epidemic operations: history (a province's
    or the country's series over any range, by day, week or month, with
    not-reported days shown as such; a whole-epidemic reply is packed once
    and kept in the cache until it is dropped), compare (several
    provinces' series) and stats (every figure of a province on a day).  */
#include "data_ops_priv.h"
#include "vc_object.h"

//  Pack the 400 of a step that is not day, week or month
static int
s_bad_step (data_ops_t *self)
{
    return data_ops_refuse (self, VC_BAD_REQUEST, "field 'step' must be day, week or month");
}

//  A list item that is not a province name
static int
s_not_names (data_ops_t *self)
{
    return data_ops_refuse (self, VC_BAD_REQUEST, "field 'provinces' must hold province names");
}

//  A provinces list that is not 1 to 8 names (docs/data.md)
static int
s_not_a_list (data_ops_t *self)
{
    return data_ops_refuse (self, VC_BAD_REQUEST,
                            "field 'provinces' must be a list of 1 to %d province names",
                            DATA_COMPARE_MAX);
}

//  A history or compare request its decoder refused: a malformed step or
//  provinces list is answered as docs/data.md says, anything else with the
//  decoder's reason
static int
s_undecoded (data_ops_t *self, vc_request_t *request)
{
    const char *why = vc_body_error (request->body);
    if (strncmp (why, "field 'step'", 12) == 0)
        return s_bad_step (self);
    if (streq (why, "missing field 'provinces'") || streq (why, "field 'provinces' must be a list"))
        return s_not_a_list (self);
    if (strncmp (why, "field 'provinces'", 17) == 0)
        return s_not_names (self);
    return data_ops_undecoded (self, request);
}

//  The request's step: 0 day, 1 week, 2 month; -1 when the 400 is packed
static int
s_step (data_ops_t *self, const char *text)
{
    if (!text)
        return 0;
    const char *names [] = { "day", "week", "month" };
    const char *others [] = { "daily", "weekly", "monthly" };
    for (int i = 0; i < 3; i++)
        if (streq (text, names [i]) || streq (text, others [i]))
            return i;
    s_bad_step (self);
    return -1;
}

//  The request's step, from and to (each NULL when not given): 0, or the
//  status whose reply is packed
static int
s_step_range (data_ops_t *self, const char *step_text, const char *from_text,
              const char *to_text, int *step, vc_day_t *from, vc_day_t *to)
{
    *from = *to = 0;
    *step = s_step (self, step_text);
    if (*step < 0)
        return VC_BAD_REQUEST;
    return data_ops_series_range (self, from_text, to_text, from, to);
}

static const char *
s_step_name (int step)
{
    return step == 2 ? "month" : step == 1 ? "week" : "day";
}

//  First day of the period holding day (weeks start on Monday), not
//  before from
static vc_day_t
s_period (vc_day_t day, int step, vc_day_t from)
{
    vc_day_t start = day;
    if (step == 1)
        start = day - (vc_day_t) (((day % 7) + 10) % 7);    //  1970-01-01 was a Thursday
    else
    if (step == 2) {
        int year, month, mday;
        vc_date_to_ymd (day, &year, &month, &mday);
        vc_date_from_ymd (year, month, 1, &start);
    }
    return start < from ? from : start;
}

//  The rows of points (reported days, oldest first) over from..to into
//  rows: one per day or period, not-reported days included (their figures
//  nil). Returns how many.
static size_t
s_rows (const vc_casestore_point_t *points, size_t count, vc_day_t from, vc_day_t to,
        int step, vc_history_row_t *rows)
{
    size_t next = 0, used = 0;
    while (next < count && points [next].day < from)
        next++;
    vc_day_t day = from;
    while (day <= to) {
        vc_day_t start = s_period (day, step, from);
        int64_t cases = 0, deaths = -1;
        int reports = 0;
        while (day <= to && s_period (day, step, from) == start) {
            if (next < count && points [next].day == day) {
                cases += points [next].cases;
                if (points [next].deaths >= 0)
                    deaths = (deaths < 0 ? 0 : deaths) + points [next].deaths;
                reports += points [next].reports;
                next++;
            }
            day++;
        }
        rows [used++] = (vc_history_row_t) {
            .date = start, .new_cases = cases, .new_cases_null = reports == 0,
            .deaths = deaths, .deaths_null = reports == 0 || deaths < 0, .reports = reports
        };
    }
    return used;
}

int
data_ops_points (data_ops_t *self, int code, vc_day_t from, vc_day_t to,
                 const vc_casestore_point_t **points, size_t *count)
{
    if (code == 0) {
        *points = data_cache_national (self->cache, count);
        return *points ? 0 : -1;
    }
    int rc = vc_casestore_history (self->store, code, from, to, self->points, DATA_SERIES_MAX);
    if (rc < 0)
        return -1;
    *points = self->points;
    *count = (size_t) rc;
    return 0;
}

//  The request covers the whole epidemic (the covered range): its reply is
//  kept, encoded once until the cache is dropped
static bool
s_whole (data_ops_t *self, vc_day_t from, vc_day_t to)
{
    vc_day_t first, last;
    return data_cache_range (self->cache, &first, &last) == 0 && from == first && to == last;
}

void
data_ops_history_pack (data_ops_t *self, const vc_province_t *province, int step,
                       vc_day_t from, vc_day_t to,
                       const vc_casestore_point_t *points, size_t count)
{
    vc_data_history_reply_t reply = {
        .status = VC_OK, .has_province = province != NULL, .province = province ? province->name : NULL,
        .has_code = province != NULL, .code = province ? province->code : 0,
        .from = from, .to = to, .step = s_step_name (step), .rows = self->rows,
        .rows_count = s_rows (points, count, from, to, step, self->rows)
    };
    vc_pack_reset (self->pack);
    vc_data_history_reply_pack (self->pack, &reply);
}

int
data_op_history (data_ops_t *self, vc_request_t *request)
{
    vc_data_history_request_t args;
    if (vc_data_history_request_decode (request->body, &args))
        return s_undecoded (self, request);
    const vc_province_t *province = NULL;
    if (args.has_province) {
        int status = data_ops_province (self, args.province, &province);
        if (status)
            return status;
    }
    int step;
    vc_day_t from, to;
    int status = s_step_range (self, args.has_step ? args.step : NULL, args.has_from ? args.from : NULL,
                               args.has_to ? args.to : NULL, &step, &from, &to);
    if (status)
        return status;
    int code = province ? province->code : 0;
    size_t size;
    const char *kept = data_cache_reply (self->cache, code, step, from, to, &size);
    const vc_casestore_point_t *points = NULL;
    size_t count = 0;
    if (!kept && data_ops_points (self, code, from, to, &points, &count))
        return data_ops_store_failed (self, "history");
    snprintf (self->result, sizeof self->result, "%s: %d days by %s",
              province ? province->name : "national", (int) (to - from + 1), s_step_name (step));
    if (kept) {
        vc_pack_reset (self->pack);
        vc_pack_raw (self->pack, kept, size);
        return VC_OK;
    }
    data_ops_history_pack (self, province, step, from, to, points, count);
    if (s_whole (self, from, to)) {
        //  Not filled yet (or not kept): packed on this request
        vc_counter_add (self->packed_by_request, 1);
        if (data_cache_keep_reply (self->cache, code, step, from, to,
                                   vc_pack_data (self->pack), vc_pack_size (self->pack)))
            vc_debug ("history reply of %d by %s not kept", code, s_step_name (step));
    }
    return VC_OK;
}

//  True when province is among the first count of list
static bool
s_listed (const vc_province_t **list, size_t count, const vc_province_t *province)
{
    for (size_t i = 0; i < count; i++)
        if (list [i]->code == province->code)
            return true;
    return false;
}

//  The provinces of a compare request, matched (a province named twice,
//  in any spelling, once); 0 or the packed status
static int
s_compare_provinces (data_ops_t *self, const vc_data_compare_request_t *args,
                     const vc_province_t **list, size_t *count)
{
    if (args->provinces_count < 1 || args->provinces_count > DATA_COMPARE_MAX)
        return s_not_a_list (self);
    vc_provinces_t *matcher = data_cache_matcher (self->cache);
    if (!matcher)
        return data_ops_refuse (self, VC_INTERNAL, "the province table is unavailable");
    *count = 0;
    for (size_t i = 0; i < args->provinces_count; i++) {
        const char *name = args->provinces [i];
        if (strlen (name) > DATA_PROVINCE_MAX)
            return s_not_names (self);
        const vc_province_t *province = vc_provinces_match (matcher, name);
        if (!province) {
            snprintf (self->result, sizeof self->result, "not found");
            return data_ops_refuse (self, VC_NOT_FOUND, "no province matches '%.64s'", name);
        }
        if (!s_listed (list, *count, province))
            list [(*count)++] = province;
    }
    return 0;
}

int
data_op_compare (data_ops_t *self, vc_request_t *request)
{
    vc_data_compare_request_t args;
    if (vc_data_compare_request_decode (request->body, &args))
        return s_undecoded (self, request);
    const vc_province_t *list [DATA_COMPARE_MAX];
    size_t count = 0;
    int status = s_compare_provinces (self, &args, list, &count);
    if (status)
        return status;
    int step;
    vc_day_t from, to;
    status = s_step_range (self, args.has_step ? args.step : NULL, args.has_from ? args.from : NULL,
                           args.has_to ? args.to : NULL, &step, &from, &to);
    if (status)
        return status;
    //  Query every province first: a store failure packs a 500 instead
    vc_compare_series_t series [DATA_COMPARE_MAX];
    vc_history_row_t *rows = self->rows;
    for (size_t i = 0; i < count; i++) {
        const vc_casestore_point_t *points;
        size_t found;
        if (data_ops_points (self, list [i]->code, from, to, &points, &found))
            return data_ops_store_failed (self, "compare");
        series [i] = (vc_compare_series_t) {
            .province = list [i]->name, .code = list [i]->code, .rows = rows,
            .rows_count = s_rows (points, found, from, to, step, rows)
        };
        rows += series [i].rows_count;
    }
    vc_data_compare_reply_t reply = {
        .status = VC_OK, .from = from, .to = to, .step = s_step_name (step),
        .series = series, .series_count = count
    };
    vc_pack_reset (self->pack);
    vc_data_compare_reply_pack (self->pack, &reply);
    snprintf (self->result, sizeof self->result, "%d province%s, %d days by %s",
              (int) count, count == 1 ? "" : "s", (int) (to - from + 1), s_step_name (step));
    return VC_OK;
}
