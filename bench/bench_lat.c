/*  bench_lat - latency samples and percentiles.  */
#include "bench.h"
#include "vc_check.h"

void
bench_lat_add (bench_lat_t *lat, uint32_t usec)
{
    if (lat->size == lat->capacity) {
        lat->capacity = lat->capacity ? lat->capacity * 2 : 4096;
        lat->values = (uint32_t *) VC_NEED (realloc (lat->values, lat->capacity * sizeof (uint32_t)));
    }
    lat->values [lat->size++] = usec;
}

void
bench_lat_merge (bench_lat_t *into, bench_lat_t *from)
{
    for (size_t i = 0; i < from->size; i++)
        bench_lat_add (into, from->values [i]);
}

static int
s_compare (const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
    return x < y ? -1 : x > y;
}

uint32_t
bench_lat_percentile (bench_lat_t *lat, double p)
{
    if (lat->size == 0)
        return 0;
    qsort (lat->values, lat->size, sizeof (uint32_t), s_compare);
    size_t index = (size_t) (p / 100.0 * (double) (lat->size - 1) + 0.5);
    return lat->values [index < lat->size ? index : lat->size - 1];
}

void
bench_lat_free (bench_lat_t *lat)
{
    free (lat->values);
    memset (lat, 0, sizeof *lat);
}

const char *
bench_op_name (bench_op_t op)
{
    static const char *names [] = { "lookup+date", "lookup total", "sign in", "sign out", "ping" };
    return op < OP_COUNT ? names [op] : "?";
}
