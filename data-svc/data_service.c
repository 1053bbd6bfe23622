/*  data_service - the data service's loop: requests in, replies and
    data.lookup events out; on scrape.updated events the cache forgets what
    the changed rows make stale (data_watch), or for a shared store a new
    copy is asked for, swapped in when the copier has made it (requests are
    answered from the previous copy meanwhile). After each emptying the
    whole histories are filled again, a step between requests, the changed
    provinces first. Until the
    first copy of a shared store is made (the database could not be reached
    at start), requests are answered 503 store unavailable.  */
#include "data_service.h"
#include "data_watch.h"
#include "vc_api.h"
#include "vc_event.h"
#include "vc_log.h"
#include "vc_metrics.h"

#define S_FILL_PAUSE_MS 1               //  Between two steps of the fill

//  What the event handlers work with
typedef struct {
    data_store_t *store;
    int64_t refresh_ms;
    data_ops_t *ops;                    //  NULL until the store can be read
    bool province_events;               //  Wanted (when the events flow)
    data_watch_t *watch;                //  What changed (NULL: not known)
    vc_publisher_t *publisher;
    uint64_t seq;                       //  Event that asked for the copy being made
    vc_worker_t *worker;                //  Woken to start the fill at once
    vc_casestore_changes_t changes;     //  What the last reload found
    int64_t reloaded_at;                //  Last reload (monotonic ms)
} listener_t;

//  Say what the reload found and took
static void
s_reload_said (const vc_casestore_changes_t *changes, int rc, int told, int64_t cpu_us)
{
    char first [16] = "", last [16] = "";
    if (rc == 0 && changes->rows) {
        vc_date_format_vn (changes->first, first, sizeof first);
        vc_date_format_vn (changes->last, last, sizeof last);
    }
    if (rc != 0)
        vc_info ("store updated: what changed is not known, every cached value dropped"
                 " (%.2f ms CPU)", cpu_us / 1000.0);
    else
    if (changes->rows == 0)
        vc_debug ("store read again: no daily figure changed (%.2f ms CPU)", cpu_us / 1000.0);
    else
        vc_info ("store updated: %d province%s changed (%d daily row%s%s%s%s%s), up to version %"
                 PRId64 "; their histories are filled first; %d told (%.2f ms CPU)",
                 changes->provinces, changes->provinces == 1 ? "" : "s",
                 changes->rows, changes->rows == 1 ? "" : "s", *first ? ", " : "", first,
                 *first ? " to " : "", last, changes->version, told, cpu_us / 1000.0);
}

//  New figures or aliases are in the store being read: the cache forgets
//  what the changed rows make stale (all of it when that is not known),
//  and subscribers of the provinces whose figures changed are told
static void
s_changed (listener_t *listener, uint64_t seq)
{
    int64_t cpu = data_ops_cpu_us ();
    listener->reloaded_at = zclock_mono ();
    data_cache_t *cache = data_ops_cache (listener->ops);
    vc_casestore_changes_t *changes = &listener->changes;
    int rc = listener->watch ? data_watch_read (listener->watch, changes) : -1;
    if (rc < 0 && listener->watch)
        vc_warn ("cannot read what changed in the store");
    if (rc == 0) {
        data_ops_fill_first (listener->ops, changes);
        data_cache_forget (cache, changes);
    }
    else
        data_cache_drop (cache);
    //  The fill starts now, not after the next request or the wait's end
    vc_worker_wake (listener->worker);
    int told = 0;
    if (rc == 0 && listener->province_events && listener->publisher) {
        told = data_watch_tell (listener->watch, changes, data_cache_matcher (cache),
                                listener->publisher, seq);
        if (told < 0)
            vc_warn ("cannot read the figures to tell subscribers");
    }
    s_reload_said (changes, rc, told, data_ops_cpu_us () - cpu);
}

//  New figures or aliases may be in the store: a SQLite store is read
//  directly; of a shared store a copy is asked for (if_changed: only if
//  its fingerprint changed), taken when ready by s_on_copied
static void
s_refresh (listener_t *listener, uint64_t seq, bool if_changed)
{
    if (!data_store_is_copy (listener->store)) {
        s_changed (listener, seq);
        return;
    }
    if (seq)
        listener->seq = seq;
    if (data_store_request_copy (listener->store, if_changed))
        vc_warn ("cannot ask for a copy of the store");
}

//  The store's version now: what changes after it is read after a scrape
static void
s_watch (listener_t *listener)
{
    vc_casestore_t *local = data_store_local (listener->store);
    if (local && !(listener->watch = data_watch_new (local)))
        vc_warn ("no province events, every scrape drops the cache: cannot read the store's version");
}

//  The copier's answer: a new copy is read from the next request on
static void
s_on_copied (zsock_t *sock, void *arg)
{
    (void) sock;
    listener_t *listener = (listener_t *) arg;
    if (data_store_take (listener->store) != 1)
        return;                         //  Unchanged, or kept as it was
    vc_casestore_t *local = data_store_local (listener->store);
    if (!listener->ops) {
        //  The first copy, made after the start
        if (!(listener->ops = data_ops_new (local, 0)))
            vc_error ("cannot answer from the store: out of memory");
        s_watch (listener);
        vc_worker_wake (listener->worker);
        return;
    }
    data_ops_use_store (listener->ops, local);
    if (listener->watch)
        data_watch_use_store (listener->watch, local);
    s_changed (listener, listener->seq);
    listener->seq = 0;
}

//  A scrape.updated event
static void
s_on_event (zsock_t *sock, void *arg)
{
    listener_t *listener = (listener_t *) arg;
    vc_event_t event;
    if (vc_event_recv (sock, &event))
        return;
    if (strcmp (event.topic, VC_TOPIC_SCRAPE_UPDATED))
        return;
    vc_info ("store updated (event %" PRIu64 " from %s%s%s)",
             event.seq, *event.source ? event.source : "?",
             *event.detail ? ": " : "", event.detail);
    s_refresh (listener, event.seq, false);
}

static void
s_serve (vc_worker_t *worker, vc_publisher_t *publisher, listener_t *listener)
{
    vc_histogram_t *latency = vc_metrics_histogram ("vc_data_store_duration_seconds",
        "Time to answer a request from the case store (its cache included)", NULL);
    while (!zsys_interrupted && !vc_worker_stopped (worker)) {
        //  A copy that failed is tried again, and made again every refresh
        if (data_store_due (listener->store, listener->refresh_ms))
            s_refresh (listener, 0, true);
        //  A SQLite store is asked what changed every refresh interval (a
        //  missed event as it were): the cache forgets only that
        if (listener->ops && !data_store_is_copy (listener->store) && listener->refresh_ms > 0
        &&  zclock_mono () - listener->reloaded_at >= listener->refresh_ms)
            s_changed (listener, 0);
        //  One step of filling the whole histories after the cache was
        //  emptied; then a request is taken, waited for 1 ms only while
        //  steps are left (the pause leaves the cores to the requests'
        //  other processes on a busy machine)
        bool filling = listener->ops && data_ops_fill (listener->ops) == 1;
        vc_request_t *request = vc_worker_recv (worker, filling ? S_FILL_PAUSE_MS : 1000);
        if (!request)
            continue;
        if (!listener->ops) {
            vc_worker_reply_status (worker, &request, VC_SERVICE_UNAVAILABLE,
                                    "store unavailable, try again");
            continue;
        }
        data_ops_t *ops = listener->ops;
        int64_t started = zclock_usecs ();
        data_ops_handle (ops, request);
        vc_histogram_observe_us (latency, zclock_usecs () - started);
        const char *event = data_ops_event (ops);
        if (event && publisher && vc_publish (publisher, VC_TOPIC_DATA_LOOKUP, request->client,
                                 request->username, NULL, event))
            vc_warn ("cannot publish %s event", VC_TOPIC_DATA_LOOKUP);
        zframe_t *body = data_ops_frame (ops);
        if (vc_worker_reply (worker, &request, &body))
            vc_warn ("cannot send a reply to the broker");
    }
}

int
data_service_run (data_store_t *store, const data_service_config_t *config)
{
    vc_casestore_t *local = data_store_local (store);
    //  The cache does not expire by itself: the refresh interval asks the
    //  store what changed (s_serve), or copies a shared one again
    data_ops_t *ops = local ? data_ops_new (local, 0) : NULL;
    vc_worker_t *worker = vc_worker_new (config->backend, VC_SERVICE_DATA, config->capacity);
    //  An empty endpoint: no data.lookup events, or no scrape.updated (the
    //  cache then refreshes on its own every --cache-seconds)
    bool publish = *config->events_in, listen = *config->events_out;
    vc_publisher_t *publisher = publish ? vc_publisher_new (config->events_in, VC_SERVICE_DATA) : NULL;
    zsock_t *subscriber = listen ? vc_event_subscriber_new (config->events_out, VC_TOPIC_SCRAPE_UPDATED) : NULL;
    int rc = 1;
    if ((local && !ops) || !worker)
        vc_error ("cannot start the data service");
    else
    if (publish && !publisher)
        vc_error ("cannot publish events to %s", config->events_in);
    else
    if (listen && !subscriber)
        vc_error ("cannot subscribe to events at %s", config->events_out);
    else {
        listener_t listener = { store, config->refresh_ms, ops,
                                subscriber && config->province_events, NULL, publisher, 0,
                                worker, { 0 }, zclock_mono () };
        s_watch (&listener);
        if (subscriber && vc_worker_watch (worker, subscriber, s_on_event, &listener))
            vc_warn ("no cache refresh on events: cannot watch %s", config->events_out);
        if (data_store_copier (store)
        &&  vc_worker_watch (worker, data_store_copier (store), s_on_copied, &listener))
            vc_warn ("cannot watch the store's copier");
        vc_info ("serving '%s' from broker %s (capacity %d)", VC_SERVICE_DATA,
                 config->backend, config->capacity);
        s_serve (worker, publisher, &listener);
        vc_info ("stopping");
        data_watch_destroy (&listener.watch);
        ops = listener.ops;
        rc = 0;
    }
    vc_worker_destroy (&worker);
    zsock_destroy (&subscriber);
    vc_publisher_destroy (&publisher);
    data_ops_destroy (&ops);
    return rc;
}
