/*  lookup_series - the series, provinces and range replies of the data
    service, read through the generated decoders.  */
#include "lookup_series.h"

int
lookup_series_parse (vc_body_t *body, series_point_t **points_p)
{
    *points_p = NULL;
    vc_data_series_reply_t reply;
    if (!body || vc_data_series_reply_decode (body, &reply))
        return -1;
    series_point_t *points = g_new0 (series_point_t, reply.days_count ? reply.days_count : 1);
    for (size_t i = 0; i < reply.days_count; i++)
        points [i] = (series_point_t) { reply.days [i].date, reply.days [i].new_cases };
    *points_p = points;
    return (int) reply.days_count;
}

GPtrArray *
lookup_series_names (vc_body_t *body)
{
    vc_data_provinces_reply_t reply;
    if (!body || vc_data_provinces_reply_decode (body, &reply) || reply.provinces_count == 0)
        return NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
    for (size_t i = 0; i < reply.provinces_count; i++)
        if (*reply.provinces [i].name)
            g_ptr_array_add (names, g_strdup (reply.provinces [i].name));
    if (names->len == 0) {
        g_ptr_array_unref (names);
        return NULL;
    }
    return names;
}

int
lookup_series_range (vc_body_t *body, vc_day_t *first, vc_day_t *last)
{
    vc_data_range_reply_t reply;
    if (!body || vc_data_range_reply_decode (body, &reply) || reply.from > reply.to)
        return -1;
    *first = reply.from;
    *last = reply.to;
    return 0;
}
