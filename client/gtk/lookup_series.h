/*  lookup_series - reads the data service's list replies for the lookup
    page: a province's daily series (for the chart), the province names
    (for completion) and the covered date range (for the calendar).
    Tolerant of the list's field names: a list of {date, new_cases} maps,
    of [date, count] pairs, or parallel "dates" and "values" lists.
*/
#ifndef LOOKUP_SERIES_H_INCLUDED
#define LOOKUP_SERIES_H_INCLUDED

#include <gtk/gtk.h>
#include "vc_body.h"
#include "vc_date.h"

typedef struct {
    vc_day_t day;
    int64_t value;
} series_point_t;

//  Points of a series reply, sorted by day (g_free the array). Returns the
//  number of points, or -1 if the reply holds no series.
int lookup_series_parse (vc_body_t *body, series_point_t **points_p);

//  Province names of a "provinces" reply (strings or maps with "name"),
//  or NULL if none. Free with g_ptr_array_unref.
GPtrArray *lookup_series_names (vc_body_t *body);

//  First and last day of a "range" reply; 0, or -1 if absent.
int lookup_series_range (vc_body_t *body, vc_day_t *first, vc_day_t *last);

//  Read a date from a msgpack string ("2021-12-15", "15-12-2021") or an
//  integer day number; 0 or -1.
int lookup_series_day (const msgpack_object *object, vc_day_t *day);

#endif
