/*  broker_metrics - what the broker tells Prometheus and systemd: requests
    per service and status and their latency (from the request's arrival
    to its answer), queue depth and instances per service, connected
    clients, sessions and requests in flight; a STATUS= line and the
    watchdog from the upkeep. Per request: a few compares and atomic adds.  */
#include "broker.h"
#include "vc_metrics.h"
#include "vc_notify.h"
#include "vc_text.h"

#define S_SERVICES_MAX  32
#define S_STATUS_MAX    14
#define S_STATUS_LINE_MS 10000

//  Status codes with their own series; the last slot counts any other
static const int s_codes [S_STATUS_MAX - 1] = {
    200, 400, 401, 403, 404, 409, 413, 423, 429, 500, 501, 503, 504
};

typedef struct {
    char name [VC_SERVICE_MAX + 1];
    vc_counter_t *requests [S_STATUS_MAX];
    vc_histogram_t *latency;
    vc_gauge_t *queue;
    vc_gauge_t *instances;
} s_service_t;

static s_service_t s_services [S_SERVICES_MAX];
static int s_service_count;
static vc_gauge_t *s_clients, *s_sessions, *s_inflight;
static vc_counter_t *s_events;
static int64_t s_status_next;

//  The metrics of a service, made the first time it is named.
static s_service_t *
s_service (const char *name)
{
    for (int i = 0; i < s_service_count; i++)
        if (streq (s_services [i].name, name))
            return &s_services [i];
    if (s_service_count == S_SERVICES_MAX)
        return NULL;
    s_service_t *service = &s_services [s_service_count++];
    vc_text_copy (service->name, sizeof service->name, name);
    char labels [VC_SERVICE_MAX + 16];
    snprintf (labels, sizeof labels, "service=\"%s\"", name);
    service->latency = vc_metrics_histogram ("vc_broker_request_duration_seconds",
        "Time from a request's arrival at the broker to its answer, per service", labels);
    service->queue = vc_metrics_gauge ("vc_broker_queue_depth",
        "Requests waiting for an instance with spare capacity, per service", labels);
    service->instances = vc_metrics_gauge ("vc_broker_instances",
        "Registered instances per service", labels);
    return service;
}

static vc_counter_t *
s_status_counter (s_service_t *service, int status)
{
    int slot = 0;
    while (slot < S_STATUS_MAX - 1 && s_codes [slot] != status)
        slot++;
    if (!service->requests [slot]) {
        char labels [VC_SERVICE_MAX + 48];
        if (slot < S_STATUS_MAX - 1)
            snprintf (labels, sizeof labels, "service=\"%s\",status=\"%d\"", service->name, status);
        else
            snprintf (labels, sizeof labels, "service=\"%s\",status=\"other\"", service->name);
        service->requests [slot] = vc_metrics_counter ("vc_broker_requests_total",
            "Requests answered per service and status (errors the broker gave included)", labels);
    }
    return service->requests [slot];
}

void
broker_metrics_start (broker_t *self)
{
    s_clients = vc_metrics_gauge ("vc_broker_clients", "Connected clients", NULL);
    s_sessions = vc_metrics_gauge ("vc_broker_sessions", "Clients signed in", NULL);
    s_inflight = vc_metrics_gauge ("vc_broker_requests_in_flight",
        "Requests sent to an instance or queued, not answered yet", NULL);
    s_events = vc_metrics_counter ("vc_broker_events_total", "Events published on the bus", NULL);
    for (void *item = zhashx_first (self->declared); item; item = zhashx_next (self->declared))
        s_service ((const char *) zhashx_cursor (self->declared));
    vc_notify_ready ("broker run %s: clients on %s, services on %s", self->epoch,
                     self->config.frontend, self->config.backend);
}

void
broker_metrics_request (const char *service_name, int64_t started_us, int status)
{
    s_service_t *service = s_service (service_name);
    if (!service)
        return;
    vc_counter_add (s_status_counter (service, status), 1);
    if (started_us)
        vc_histogram_observe_us (service->latency, zclock_usecs () - started_us);
}

//  The status of a reply body without decoding it: replies are maps whose
//  first key is "status" (every reply the services build); 0 otherwise.
int
broker_metrics_reply_status (zframe_t *body)
{
    const byte *data = body ? zframe_data (body) : NULL;
    size_t size = body ? zframe_size (body) : 0, pos = 1;
    if (size < 9)
        return 0;
    if (data [0] == 0xde)
        pos = 3;
    else
    if (data [0] == 0xdf)
        pos = 5;
    else
    if ((data [0] & 0xf0) != 0x80)
        return 0;
    if (pos + 8 > size || data [pos] != 0xa6 || memcmp (data + pos + 1, "status", 6))
        return 0;
    pos += 7;
    byte tag = data [pos];
    if (tag <= 0x7f)
        return tag;
    if (tag == 0xcc)
        return data [pos + 1];
    if ((tag == 0xcd || tag == 0xd1) && pos + 2 < size)
        return (data [pos + 1] << 8) | data [pos + 2];
    return 0;
}

static void
s_status_line (broker_t *self, size_t sessions)
{
    int64_t now = zclock_mono ();
    if (now < s_status_next)
        return;
    s_status_next = now + S_STATUS_LINE_MS;
    vc_notify_status ("broker run %s: %zu clients (%zu signed in), %zu instances, %zu requests in flight",
                      self->epoch, zhashx_size (self->clients), sessions,
                      zhashx_size (self->workers), zhashx_size (self->requests));
}

void
broker_metrics_upkeep (broker_t *self)
{
    vc_notify_watchdog ();
    size_t sessions = 0;
    for (client_t *client = (client_t *) zhashx_first (self->clients); client;
         client = (client_t *) zhashx_next (self->clients))
        if (*client->username)
            sessions++;
    vc_gauge_set (s_clients, (int64_t) zhashx_size (self->clients));
    vc_gauge_set (s_sessions, (int64_t) sessions);
    vc_gauge_set (s_inflight, (int64_t) zhashx_size (self->requests));
    if (s_events)               //  The bus numbers its events: the count is the last number
        __atomic_store_n (&s_events->value, self->event_seq, __ATOMIC_RELAXED);
    for (service_t *service = (service_t *) zhashx_first (self->services); service;
         service = (service_t *) zhashx_next (self->services)) {
        s_service_t *metrics = s_service (service->name);
        if (metrics) {
            vc_gauge_set (metrics->queue, (int64_t) broker_queue_size (service->queue));
            vc_gauge_set (metrics->instances, (int64_t) zlistx_size (service->workers));
        }
    }
    s_status_line (self, sessions);
}
