/*  lookup_series - tolerant readers for the series, provinces and range
    replies of the data service.  */
#include "lookup_series.h"
#include "vc_object.h"
#include <string.h>

int
lookup_series_day (const msgpack_object *object, vc_day_t *day)
{
    int64_t number;
    if (vc_object_int (object, &number) == 0) {
        if (number < 0 || number > 200000)
            return -1;
        *day = (vc_day_t) number;
        return 0;
    }
    char text [32], err [80];
    if (!object || vc_object_str (object, text, sizeof text))
        return -1;
    return vc_date_parse (text, day, err, sizeof err);
}

static const char *const s_date_keys [] = { "date", "day", NULL };
static const char *const s_value_keys [] = { "new_cases", "cases", "value", "count", NULL };
static const char *const s_list_keys [] = { "series", "days", "points", "data", "values", NULL };

//  One element: {date, new_cases} or [date, count]
static int
s_point (const msgpack_object *item, series_point_t *point)
{
    if (item->type == MSGPACK_OBJECT_ARRAY && item->via.array.size == 2)
        return lookup_series_day (&item->via.array.ptr [0], &point->day) == 0
            && vc_object_int (&item->via.array.ptr [1], &point->value) == 0 ? 0 : -1;
    if (item->type == MSGPACK_OBJECT_MAP)
        return lookup_series_day (vc_map_any (item, s_date_keys), &point->day) == 0
            && vc_object_int (vc_map_any (item, s_value_keys), &point->value) == 0 ? 0 : -1;
    return -1;
}

static int
s_compare_points (const void *a, const void *b)
{
    vc_day_t x = ((const series_point_t *) a)->day;
    vc_day_t y = ((const series_point_t *) b)->day;
    return x < y ? -1 : x > y;
}

//  Parallel lists: "dates": [...], "values"/"new_cases": [...]
static int
s_parallel (const msgpack_object *root, series_point_t **points_p)
{
    const msgpack_object *dates = vc_map_get (root, "dates");
    static const char *const keys [] = { "values", "new_cases", "cases", NULL };
    const msgpack_object *values = vc_map_any (root, keys);
    if (!dates || !values || dates->type != MSGPACK_OBJECT_ARRAY
    ||  values->type != MSGPACK_OBJECT_ARRAY || dates->via.array.size != values->via.array.size)
        return -1;
    uint32_t size = dates->via.array.size;
    series_point_t *points = g_new0 (series_point_t, size ? size : 1);
    int count = 0;
    for (uint32_t i = 0; i < size; i++)
        if (lookup_series_day (&dates->via.array.ptr [i], &points [count].day) == 0
        &&  vc_object_int (&values->via.array.ptr [i], &points [count].value) == 0)
            count++;
    *points_p = points;
    return count;
}

int
lookup_series_parse (vc_body_t *body, series_point_t **points_p)
{
    *points_p = NULL;
    const msgpack_object *root = body ? vc_body_root (body) : NULL;
    if (!root)
        return -1;
    int count = -1;
    const msgpack_object *list = NULL;
    for (const char *const *key = s_list_keys; *key && !list; key++) {
        const msgpack_object *value = vc_map_get (root, *key);
        if (value && value->type == MSGPACK_OBJECT_ARRAY)
            list = value;
    }
    if (list) {
        uint32_t size = list->via.array.size;
        series_point_t *points = g_new0 (series_point_t, size ? size : 1);
        count = 0;
        for (uint32_t i = 0; i < size; i++)
            if (s_point (&list->via.array.ptr [i], &points [count]) == 0)
                count++;
        if (count == 0 && size > 0) {
            g_free (points);
            points = NULL;
            count = s_parallel (root, &points);
        }
        *points_p = points;
    }
    else
        count = s_parallel (root, points_p);
    if (count > 1)
        qsort (*points_p, (size_t) count, sizeof (series_point_t), s_compare_points);
    return count;
}

GPtrArray *
lookup_series_names (vc_body_t *body)
{
    const msgpack_object *root = body ? vc_body_root (body) : NULL;
    const msgpack_object *list = vc_map_get (root, "provinces");
    if (!list || list->type != MSGPACK_OBJECT_ARRAY || list->via.array.size == 0)
        return NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
    for (uint32_t i = 0; i < list->via.array.size; i++) {
        const msgpack_object *item = &list->via.array.ptr [i];
        if (item->type == MSGPACK_OBJECT_MAP)
            item = vc_map_get (item, "name");
        char name [256];
        if (item && vc_object_str (item, name, sizeof name) == 0 && *name)
            g_ptr_array_add (names, g_strdup (name));
    }
    if (names->len == 0) {
        g_ptr_array_unref (names);
        return NULL;
    }
    return names;
}

int
lookup_series_range (vc_body_t *body, vc_day_t *first, vc_day_t *last)
{
    const msgpack_object *root = body ? vc_body_root (body) : NULL;
    static const char *const first_keys [] = { "first", "from", "start", NULL };
    static const char *const last_keys [] = { "last", "to", "end", NULL };
    if (lookup_series_day (vc_map_any (root, first_keys), first) == 0
    &&  lookup_series_day (vc_map_any (root, last_keys), last) == 0 && *first <= *last)
        return 0;
    return -1;
}
