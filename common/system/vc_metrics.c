/*  vc_metrics - Prometheus metrics of this process and their HTTP endpoint.  */
#include "vc_metrics.h"
#include "vc_notify.h"
#include "vc_log.h"
#include "vc_check.h"
#include "vc_text.h"

#include <czmq.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>

#define S_SERIES_MAX 512

typedef enum { S_COUNTER, S_GAUGE, S_HISTOGRAM } s_type_t;

typedef struct {
    char name [64];
    char labels [128];
    char help [160];
    s_type_t type;
    union {
        vc_counter_t counter;
        vc_gauge_t gauge;
        vc_histogram_t histogram;
    } value;
} s_series_t;

//  Upper bounds of the latency buckets: microseconds, and as printed
static const int64_t s_bounds [VC_HISTOGRAM_BUCKETS] = {
    100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 5000000
};
static const char *s_bound_text [VC_HISTOGRAM_BUCKETS] = {
    "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
    "0.1", "0.25", "0.5", "1", "5"
};
static const char *s_type_names [] = { "counter", "gauge", "histogram" };

static s_series_t s_series [S_SERIES_MAX];
static size_t s_count;                  //  Series in use; grows only
static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static struct MHD_Daemon *s_daemon;

//  The series for (name, labels), made if new. NULL when full or when the
//  name is taken by another type.
static s_series_t *
s_register (const char *name, const char *help, const char *labels, s_type_t type)
{
    if (!labels)
        labels = "";
    s_series_t *found = NULL;
    bool clash = false;         //  The name belongs to another type
    pthread_mutex_lock (&s_lock);
    for (size_t i = 0; i < s_count && !found && !clash; i++)
        if (streq (s_series [i].name, name)) {
            clash = s_series [i].type != type;
            if (!clash && streq (s_series [i].labels, labels))
                found = &s_series [i];
        }
    if (!found && !clash && s_count < S_SERIES_MAX && strlen (name) < sizeof found->name
    &&  strlen (labels) < sizeof found->labels) {
        found = &s_series [s_count];
        memset (found, 0, sizeof *found);
        vc_text_copy (found->name, sizeof found->name, name);
        vc_text_copy (found->labels, sizeof found->labels, labels);
        vc_text_copy (found->help, sizeof found->help, help ? help : name);
        found->type = type;
        __atomic_store_n (&s_count, s_count + 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock (&s_lock);
    return found;
}

vc_counter_t *
vc_metrics_counter (const char *name, const char *help, const char *labels)
{
    s_series_t *series = s_register (name, help, labels, S_COUNTER);
    return series ? &series->value.counter : NULL;
}

vc_gauge_t *
vc_metrics_gauge (const char *name, const char *help, const char *labels)
{
    s_series_t *series = s_register (name, help, labels, S_GAUGE);
    return series ? &series->value.gauge : NULL;
}

vc_histogram_t *
vc_metrics_histogram (const char *name, const char *help, const char *labels)
{
    s_series_t *series = s_register (name, help, labels, S_HISTOGRAM);
    return series ? &series->value.histogram : NULL;
}

void
vc_histogram_observe_us (vc_histogram_t *histogram, int64_t usecs)
{
    if (!histogram)
        return;
    if (usecs < 0)
        usecs = 0;
    int bucket = 0;
    while (bucket < VC_HISTOGRAM_BUCKETS && usecs > s_bounds [bucket])
        bucket++;
    __atomic_fetch_add (&histogram->buckets [bucket], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add (&histogram->sum_us, (uint64_t) usecs, __ATOMIC_RELAXED);
}

//  name{labels[,extra]} for one line of a series.
static void
s_print_name (FILE *out, const char *name, const char *suffix, const char *labels,
              const char *extra)
{
    fprintf (out, "%s%s", name, suffix);
    if (*labels || extra)
        fprintf (out, "{%s%s%s}", labels, *labels && extra ? "," : "", extra ? extra : "");
}

static void
s_print_series (FILE *out, s_series_t *series)
{
    if (series->type == S_COUNTER) {
        s_print_name (out, series->name, "", series->labels, NULL);
        fprintf (out, " %" PRIu64 "\n", __atomic_load_n (&series->value.counter.value, __ATOMIC_RELAXED));
        return;
    }
    if (series->type == S_GAUGE) {
        s_print_name (out, series->name, "", series->labels, NULL);
        fprintf (out, " %" PRId64 "\n", __atomic_load_n (&series->value.gauge.value, __ATOMIC_RELAXED));
        return;
    }
    vc_histogram_t *histogram = &series->value.histogram;
    uint64_t total = 0;
    char le [32];
    for (int i = 0; i <= VC_HISTOGRAM_BUCKETS; i++) {
        total += __atomic_load_n (&histogram->buckets [i], __ATOMIC_RELAXED);
        snprintf (le, sizeof le, "le=\"%s\"", i < VC_HISTOGRAM_BUCKETS ? s_bound_text [i] : "+Inf");
        s_print_name (out, series->name, "_bucket", series->labels, le);
        fprintf (out, " %" PRIu64 "\n", total);
    }
    s_print_name (out, series->name, "_sum", series->labels, NULL);
    fprintf (out, " %.6f\n", (double) __atomic_load_n (&histogram->sum_us, __ATOMIC_RELAXED) / 1e6);
    s_print_name (out, series->name, "_count", series->labels, NULL);
    fprintf (out, " %" PRIu64 "\n", total);
}

char *
vc_metrics_text (void)
{
    vc_text_stream_t text;
    if (!vc_text_stream_open (&text))
        return NULL;
    FILE *out = text.out;
    size_t count = __atomic_load_n (&s_count, __ATOMIC_ACQUIRE);
    //  Each family once, its series together, in the order first registered
    for (size_t i = 0; i < count; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = streq (s_series [j].name, s_series [i].name);
        if (seen)
            continue;
        fprintf (out, "# HELP %s %s\n# TYPE %s %s\n", s_series [i].name, s_series [i].help,
                 s_series [i].name, s_type_names [s_series [i].type]);
        for (size_t j = i; j < count; j++)
            if (streq (s_series [j].name, s_series [i].name))
                s_print_series (out, &s_series [j]);
    }
    return vc_text_stream_close (&text, true);
}

static enum MHD_Result
s_respond (struct MHD_Connection *connection, unsigned int status, const char *type,
           char *text)
{
    struct MHD_Response *response = MHD_create_response_from_buffer (strlen (text), text,
                                                                     MHD_RESPMEM_MUST_FREE);
    if (!response) {
        free (text);
        return MHD_NO;
    }
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    enum MHD_Result rc = MHD_queue_response (connection, status, response);
    MHD_destroy_response (response);
    return rc;
}

static enum MHD_Result
s_handle (void *arg, struct MHD_Connection *connection, const char *url, const char *method,
          const char *version, const char *upload, size_t *upload_size, void **state)
{
    (void) arg; (void) version; (void) upload; (void) state;
    if (*upload_size)           //  No request bodies here
        return MHD_NO;
    if (strcmp (method, "GET") && strcmp (method, "HEAD"))
        return s_respond (connection, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", strdup ("GET only\n"));
    if (streq (url, "/metrics")) {
        char *text = vc_metrics_text ();
        return text ? s_respond (connection, MHD_HTTP_OK,
                                 "text/plain; version=0.0.4; charset=utf-8", text)
                    : MHD_NO;
    }
    if (streq (url, "/healthz")) {
        bool ready = vc_notify_is_ready ();
        return s_respond (connection, ready ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
                          "text/plain", strdup (ready ? "ready\n" : "not ready\n"));
    }
    return s_respond (connection, MHD_HTTP_NOT_FOUND, "text/plain",
                      strdup ("not found: /metrics and /healthz only\n"));
}

//  "[ADDRESS:]PORT" into host and port; a bare port means loopback.
static int
s_split (const char *listen, char *host, size_t host_size, char *port, size_t port_size)
{
    const char *colon = strrchr (listen, ':');
    const char *port_text = colon ? colon + 1 : listen;
    const char *host_start = listen, *host_end = colon;
    if (!colon) {
        host_start = "127.0.0.1";
        host_end = host_start + strlen (host_start);
    }
    else
    if (*listen == '[' && colon > listen && colon [-1] == ']') {
        host_start++;
        host_end--;
    }
    char *end = NULL;
    long number = strtol (port_text, &end, 10);
    size_t host_len = (size_t) (host_end - host_start);
    if (!*port_text || *end || number < 1 || number > 65535 || host_len == 0
    ||  host_len >= host_size)
        return -1;
    memcpy (host, host_start, host_len);
    host [host_len] = 0;
    snprintf (port, port_size, "%ld", number);
    return 0;
}

int
vc_metrics_serve (const char *listen)
{
    if (!listen || !*listen || s_daemon)
        return 0;
    char host [256], port [8];
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE }, *found = NULL;
    if (s_split (listen, host, sizeof host, port, sizeof port)
    ||  getaddrinfo (host, port, &hints, &found) || !found) {
        vc_error ("--metrics: '%s' is not [ADDRESS:]PORT with a port from 1 to 65535", listen);
        return -1;
    }
    //  The server's thread takes no signals: they reach the event loop
    sigset_t block, old;
    sigemptyset (&block);
    sigaddset (&block, SIGINT);
    sigaddset (&block, SIGTERM);
    pthread_sigmask (SIG_BLOCK, &block, &old);
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL
                       | (found->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    s_daemon = MHD_start_daemon (flags, 0, NULL, NULL, s_handle, NULL,
                                 MHD_OPTION_SOCK_ADDR, found->ai_addr,
                                 MHD_OPTION_CONNECTION_LIMIT, 16u,
                                 MHD_OPTION_PER_IP_CONNECTION_LIMIT, 8u,
                                 MHD_OPTION_CONNECTION_TIMEOUT, 10u,
                                 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) 32768,
                                 MHD_OPTION_END);
    pthread_sigmask (SIG_SETMASK, &old, NULL);
    freeaddrinfo (found);
    if (!s_daemon) {
        vc_error ("--metrics: cannot listen on %s:%s (in use or not this host's address)", host, port);
        return -1;
    }
    vc_info ("metrics on http://%s%s%s:%s/metrics", strchr (host, ':') ? "[" : "", host,
             strchr (host, ':') ? "]" : "", port);
    return 0;
}

void
vc_metrics_stop (void)
{
    if (s_daemon)
        MHD_stop_daemon (s_daemon);
    s_daemon = NULL;
}

void
vc_metrics_test (bool verbose)
{
    if (verbose)
        printf (" * vc_metrics: ");
    vc_counter_t *ok = vc_metrics_counter ("vc_test_requests_total", "Requests", "status=\"200\"");
    vc_counter_t *bad = vc_metrics_counter ("vc_test_requests_total", "Requests", "status=\"400\"");
    vc_gauge_t *depth = vc_metrics_gauge ("vc_test_depth", "Depth", NULL);
    vc_histogram_t *latency = vc_metrics_histogram ("vc_test_seconds", "Latency", "service=\"data\"");
    VC_CHECK (ok && bad && depth && latency && ok != bad);
    VC_CHECK (vc_metrics_counter ("vc_test_requests_total", "Requests", "status=\"200\"") == ok);
    VC_CHECK (vc_metrics_gauge ("vc_test_requests_total", "x", "status=\"200\"") == NULL);
    vc_counter_add (ok, 3);
    vc_counter_add (bad, 1);
    vc_counter_add (NULL, 1);
    vc_gauge_set (depth, 7);
    vc_histogram_observe_us (latency, 80);
    vc_histogram_observe_us (latency, 700);
    vc_histogram_observe_us (latency, 9000000);
    char *text = vc_metrics_text ();
    VC_CHECK (text);
    VC_CHECK (strstr (text, "# HELP vc_test_requests_total Requests\n# TYPE vc_test_requests_total counter\n"
                            "vc_test_requests_total{status=\"200\"} 3\n"
                            "vc_test_requests_total{status=\"400\"} 1\n"));
    VC_CHECK (strstr (text, "vc_test_depth 7\n"));
    VC_CHECK (strstr (text, "vc_test_seconds_bucket{service=\"data\",le=\"0.0001\"} 1\n"));
    VC_CHECK (strstr (text, "vc_test_seconds_bucket{service=\"data\",le=\"0.001\"} 2\n"));
    VC_CHECK (strstr (text, "vc_test_seconds_bucket{service=\"data\",le=\"5\"} 2\n"));
    VC_CHECK (strstr (text, "vc_test_seconds_bucket{service=\"data\",le=\"+Inf\"} 3\n"));
    VC_CHECK (strstr (text, "vc_test_seconds_sum{service=\"data\"} 9.000780\n"));
    VC_CHECK (strstr (text, "vc_test_seconds_count{service=\"data\"} 3\n"));
    free (text);
    char host [64], port [8];
    VC_CHECK (s_split ("9100", host, sizeof host, port, sizeof port) == 0
           && streq (host, "127.0.0.1") && streq (port, "9100"));
    VC_CHECK (s_split ("[::1]:80", host, sizeof host, port, sizeof port) == 0 && streq (host, "::1"));
    VC_CHECK (s_split ("0.0.0.0:65536", host, sizeof host, port, sizeof port) == -1);
    VC_CHECK (s_split ("host:", host, sizeof host, port, sizeof port) == -1);
    VC_CHECK (s_split (":80", host, sizeof host, port, sizeof port) == -1);
    VC_CHECK (vc_metrics_serve ("127.0.0.1:http") == -1);
    if (verbose)
        printf ("OK\n");
}
