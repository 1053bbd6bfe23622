/*  test_stats - percentiles of latencies for test programs (test_stats.h).  */
#include <stdlib.h>
#include "test_stats.h"

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

void
test_stats_sort (int64_t *values, long count)
{
    if (count > 1)
        qsort (values, (size_t) count, sizeof (int64_t), s_compare);
}

double
test_stats_percentile_ms (const int64_t *sorted, long count, double p)
{
    if (count <= 0)
        return 0;
    long at = (long) (p * (double) (count - 1) + 0.5);
    return (double) sorted [at] / 1000.0;
}
