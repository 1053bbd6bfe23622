/*  lookup_series - reads the data service's list replies for the lookup
    page through the generated decoders (vc_messages.h): a province's daily
    series (for the chart), the province names (for completion) and the
    covered date range (for the calendar). The shapes are the model's
    (proto/vcovid.xml, docs/data.md); a reply of another shape is refused.
*/
#ifndef LOOKUP_SERIES_H_INCLUDED
#define LOOKUP_SERIES_H_INCLUDED

#include <gtk/gtk.h>
#include "vc_messages.h"

typedef struct {
    vc_day_t day;
    int64_t value;
} series_point_t;

//  Points of a series reply, oldest first (g_free the array). Returns the
//  number of points, or -1 if the body is not a series reply.
int lookup_series_parse (vc_body_t *body, series_point_t **points_p);

//  Province names of a provinces reply, or NULL if none. Free with
//  g_ptr_array_unref.
GPtrArray *lookup_series_names (vc_body_t *body);

//  First and last day of a range reply; 0, or -1 if not one.
int lookup_series_range (vc_body_t *body, vc_day_t *first, vc_day_t *last);

#endif
