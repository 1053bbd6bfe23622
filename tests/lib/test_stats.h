/*  test_stats - percentiles of latencies that test programs measure in
    microseconds (zclock_usecs differences) and print in milliseconds.  */
#ifndef TEST_STATS_H_INCLUDED
#define TEST_STATS_H_INCLUDED

#include <stdint.h>

//  Sort count latencies in place, smallest first.
void test_stats_sort (int64_t *values, long count);

//  The p-th quantile (0..1) of count sorted latencies in µs, in ms; 0 if none.
double test_stats_percentile_ms (const int64_t *sorted, long count, double p);

#endif
