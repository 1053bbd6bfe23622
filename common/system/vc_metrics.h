/*  vc_metrics - this process's Prometheus metrics. Counters, gauges and
    latency histograms are registered once (a name, help text and a fixed
    label set) and live in static storage; updating one on the request
    path is a relaxed atomic add: no allocation, no formatting, no lock.
    Text is formatted only when /metrics is scraped. vc_metrics_serve
    starts the HTTP endpoint (libmicrohttpd, on its own thread): /metrics
    in the Prometheus text format 0.0.4, /healthz saying "ready" (200) or
    "not ready" (503) from vc_notify's ready flag.
*/
#ifndef VC_METRICS_H_INCLUDED
#define VC_METRICS_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

//  Option every server program takes: where to serve metrics (off unless set).
#define VC_OPTION_METRICS \
    { "metrics", "VC_METRICS", NULL, "Serve Prometheus metrics (/metrics) and /healthz over HTTP at [ADDRESS:]PORT (a bare port: 127.0.0.1; empty: off)", false }

//  Latency buckets, in microseconds (upper bounds; +Inf is implied).
#define VC_HISTOGRAM_BUCKETS 14

typedef struct { uint64_t value; } vc_counter_t;
typedef struct { int64_t value; } vc_gauge_t;
typedef struct {
    uint64_t buckets [VC_HISTOGRAM_BUCKETS + 1];    //  Last: above every bound
    uint64_t sum_us;
} vc_histogram_t;

//  Series, made at the first call for a (name, labels) pair and found again
//  at later ones; labels is Prometheus label text without braces, e.g.
//  "service=\"data\"", or NULL. NULL when the registry is full (every
//  update accepts NULL and does nothing).
vc_counter_t *vc_metrics_counter (const char *name, const char *help, const char *labels);
vc_gauge_t *vc_metrics_gauge (const char *name, const char *help, const char *labels);
vc_histogram_t *vc_metrics_histogram (const char *name, const char *help, const char *labels);

static inline void
vc_counter_add (vc_counter_t *counter, uint64_t amount)
{
    if (counter)
        __atomic_fetch_add (&counter->value, amount, __ATOMIC_RELAXED);
}

static inline void
vc_gauge_set (vc_gauge_t *gauge, int64_t value)
{
    if (gauge)
        __atomic_store_n (&gauge->value, value, __ATOMIC_RELAXED);
}

static inline void
vc_gauge_add (vc_gauge_t *gauge, int64_t amount)
{
    if (gauge)
        __atomic_fetch_add (&gauge->value, amount, __ATOMIC_RELAXED);
}

void vc_histogram_observe_us (vc_histogram_t *histogram, int64_t usecs);

//  The text of every series (Prometheus text format); the caller frees it.
char *vc_metrics_text (void);

//  Serves /metrics and /healthz at "[ADDRESS:]PORT" ("9100", "0.0.0.0:9100",
//  "[::1]:9100"). 0, or -1 after logging why. NULL or "": nothing to do.
int vc_metrics_serve (const char *listen);
void vc_metrics_stop (void);

void vc_metrics_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
