/*  cli_watch - prints events from the bus live, one line each, in the
    order the broker stamped them. With a pair of brokers (--server lists
    both, or the broker's ping names its peer's bus) it hears both buses
    (--events, else as the broker's ping names them) and follows the
    active broker: the events of its run, every broker.* event and every
    event a service published (only the active broker's bus carries
    those); a failover shows as a separator.
    The subscriber is read by a zloop reader.  */
#include "cli.h"
#include "vc_endpoint.h"
#include "vc_event_words.h"
#include "vc_i18n.h"
#include "vc_said.h"
#include "vc_server_words.h"
#include "vc_text.h"

//  What the broker's ping tells: the run, its bus and its peer's (a
//  broker of a pair), as endpoints this client can reach, comma-separated
//  (vc_endpoint_events_pair), in out; "" if it does not tell its bus.
//  0, or CLI_NO_SERVER (said) if it cannot be reached.
static int
s_ask_broker (cli_t *cli, char *out, size_t size, char *run, size_t run_size)
{
    out [0] = 0;
    if (cli_ensure_connected (cli))
        return CLI_NO_SERVER;
    zframe_t *body = vc_api_op ("ping");
    vc_reply_t *reply = vc_client_call (cli->client, VC_SERVICE_BROKER, &body, cli->timeout_ms);
    vc_broker_ping_reply_t ping;
    if (reply->status == VC_OK && reply->body && vc_broker_ping_reply_decode (reply->body, &ping) == 0) {
        vc_text_copy (run, run_size, ping.epoch);
        if (vc_endpoint_events_pair (ping.events, ping.has_peer_events ? ping.peer_events : NULL,
                                     vc_client_endpoint (cli->client),
                                     vc_config_get (cli->config, "server"), out, size))
            out [0] = 0;
    }
    vc_reply_destroy (&reply);
    vc_client_bye (cli->client);        //  Only the bus from now on
    cli->connected = false;
    return CLI_OK;
}

//  The bus output endpoint: --events, else the ones the broker tells
//  (both of a pair: then *pair is set), else the server's host on port
//  5558 (a broker that does not tell it).
static int
s_events_endpoint (cli_t *cli, char *out, size_t size, char *run, size_t run_size, bool *pair)
{
    const char *events = vc_config_get (cli->config, "events");
    if (events) {
        if (vc_endpoint_normalize (events, VC_DEFAULT_EVENTS_OUT_PORT, out, size))
            vc_text_copy (out, size, events);
        return CLI_OK;
    }
    int rc = s_ask_broker (cli, out, size, run, run_size);
    if (rc || *out) {
        *pair = *out && strchr (out, ',');
        return rc;
    }
    if (vc_endpoint_events (NULL, vc_client_endpoint (cli->client), out, size))
        return CLI_NO_SERVER;           //  Said by cli_ensure_connected
    fprintf (stderr, _("the broker does not say where its events are: trying port %d\n"),
             VC_DEFAULT_EVENTS_OUT_PORT);
    return CLI_OK;
}

//  The detail in the person's language (vc_event_words, as vc-monitor
//  says it), or NULL to show it as written: with --raw, and in English
//  (the service's own words, which scripts read). A province's new figures
//  (what 'subscribe' follows) are said by their message id or shape in
//  any language. Free with free ().
static char *
s_detail_words (bool raw, const vc_event_t *event)
{
    if (raw)
        return NULL;
    if (strncmp (event->topic, VC_TOPIC_DATA_PROVINCE, strlen (VC_TOPIC_DATA_PROVINCE)) == 0) {
        const char *args [VC_SAID_MAX_ARGS];
        size_t count = *event->msgid ? vc_event_args (event, args) : 0;
        char *said = *event->msgid ? vc_server_words_id (event->msgid, args, count) : NULL;
        return said ? said : vc_server_words_reply (event->detail);
    }
    return streq (vc_i18n_language (), "en") ? NULL : vc_event_words_event (event);
}

static void
s_print_event (bool raw, const vc_event_t *event)
{
    char *said = s_detail_words (raw, event);
    time_t seconds = (time_t) (event->ts / 1000);
    struct tm tm;
    localtime_r (&seconds, &tm);
    char stamp [32];
    strftime (stamp, sizeof stamp, "%H:%M:%S", &tm);
    printf ("%" PRIu64 " %s.%03d %-16s client=%s user=%s addr=%s %s\n", event->seq, stamp,
            (int) (event->ts % 1000), event->topic, *event->client ? event->client : "-",
            *event->username ? event->username : "-", *event->address ? event->address : "-",
            said ? said : event->detail);
    free (said);
    fflush (stdout);
}

//  Tells the operator, on stderr, when the sequence shows events were not
//  received: a restarted broker numbers again from 1; without a topic
//  filter every number arrives, so a jump means events were dropped.
static void
s_note_gap (uint64_t last, const char *last_run, const vc_event_t *event, bool filtered)
{
    if (last == 0)
        return;
    uint64_t seq = event->seq;
    if (seq <= last || strcmp (event->run, last_run) != 0)
        fprintf (stderr, _("-- the broker restarted: numbering starts again (event %llu after %llu); "
                           "events from before this watcher reconnected are not shown\n"),
                 (unsigned long long) seq, (unsigned long long) last);
    else
    if (!filtered && seq > last + 1)
        fprintf (stderr, _("-- %llu events not received (%llu to %llu)\n"),
                 (unsigned long long) (seq - last - 1), (unsigned long long) (last + 1),
                 (unsigned long long) (seq - 1));
}

//  A pair of brokers: --server lists more than one (and --events, if set,
//  lists their buses).
static bool
s_pair (cli_t *cli)
{
    const char *server = vc_config_get (cli->config, "server");
    const char *events = vc_config_get (cli->config, "events");
    return server && strchr (server, ',') && (!events || strchr (events, ','));
}

//  Both buses of a pair (--events, else both as the broker tells them,
//  else each server's host on port 5558), and the run of the active
//  broker (from its ping).
static int
s_pair_endpoints (cli_t *cli, char *out, size_t size, char *run, size_t run_size)
{
    int rc = s_ask_broker (cli, out, size, run, run_size);
    if (rc)
        return rc;
    const char *events = vc_config_get (cli->config, "events");
    if (events) {
        vc_text_copy (out, size, events);
        return CLI_OK;
    }
    if (strchr (out, ','))
        return CLI_OK;
    return vc_endpoint_events_list (vc_config_get (cli->config, "server"), out, size)
         ? CLI_NO_SERVER : CLI_OK;
}

//  Whether a topic passes the user's comma-separated prefixes ("" all).
static bool
s_wanted (const char *topics, const char *topic)
{
    if (!*topics)
        return true;
    char list [512];
    vc_text_copy (list, sizeof list, topics);
    char *save = NULL;
    for (char *one = strtok_r (list, ",", &save); one; one = strtok_r (NULL, ",", &save))
        if (strncmp (topic, one, strlen (one)) == 0)
            return true;
    return false;
}

typedef struct {
    bool pair;
    char active [sizeof ((vc_event_t *) 0)->run];   //  The run followed
    uint64_t last_seq;
    char last_run [sizeof ((vc_event_t *) 0)->run];
} s_follow_t;

//  Whether only a broker emits the topic (client.*, service.*; broker.*
//  ones are always shown)
static bool
s_broker_own (const char *topic)
{
    return strncmp (topic, VC_TOPICS_CLIENT, strlen (VC_TOPICS_CLIENT)) == 0
        || strncmp (topic, VC_TOPICS_SERVICE, strlen (VC_TOPICS_SERVICE)) == 0;
}

//  With a pair: whether to show the event, after noting a failover. Only
//  the active broker's bus carries what services publish, so those are
//  shown whichever run numbered them (one the failed broker sent just
//  before it stopped may come after the separator); of the brokers' own
//  events, those of the followed run and every broker.* one.
static bool
s_follow (s_follow_t *self, const vc_event_t *event)
{
    if (!self->pair)
        return true;
    bool state = streq (event->topic, VC_TOPIC_BROKER_ACTIVE) || streq (event->topic, VC_TOPIC_BROKER_FAILOVER);
    if (!*self->active)
        memcpy (self->active, event->run, sizeof self->active);
    if (state && strcmp (event->run, self->active)) {
        fprintf (stderr, _("-- failover: broker run %s serves now (was run %s); its events follow\n"),
                 event->run, self->active);
        memcpy (self->active, event->run, sizeof self->active);
        self->last_seq = 0;
    }
    return streq (event->run, self->active) || strncmp (event->topic, VC_TOPICS_BROKER, strlen (VC_TOPICS_BROKER)) == 0
        || !s_broker_own (event->topic);
}

//  What the loop over the bus keeps
typedef struct {
    s_follow_t follow;
    const char *topics;
    long max_events;                //  0: no limit
    long shown;
    bool raw;                       //  Details as written (--raw)
} s_watch_t;

//  zloop reader: one event from the bus, shown if wanted; -1 ends the
//  loop after the last one asked for
static int
s_on_event (zloop_t *loop, zsock_t *sub, void *arg)
{
    (void) loop;
    s_watch_t *self = (s_watch_t *) arg;
    vc_event_t event;
    if (vc_event_recv (sub, &event) == 0 && s_follow (&self->follow, &event)
    &&  s_wanted (self->topics, event.topic)) {
        s_follow_t *follow = &self->follow;
        if (!follow->pair || streq (event.run, follow->active)) {
            s_note_gap (follow->last_seq, follow->last_run, &event, *self->topics != 0);
            follow->last_seq = event.seq;
            memcpy (follow->last_run, event.run, sizeof follow->last_run);
        }
        s_print_event (self->raw, &event);
        self->shown++;
    }
    return self->max_events && self->shown >= self->max_events ? -1 : 0;
}

int
cli_watch (cli_t *cli, const char *topics, long max_events)
{
    char endpoint [256];
    s_watch_t watch = { .follow = { .pair = s_pair (cli) }, .topics = topics,
                        .max_events = max_events, .raw = cli->raw };
    s_follow_t *follow = &watch.follow;
    int rc = follow->pair ? s_pair_endpoints (cli, endpoint, sizeof endpoint, follow->active,
                                              sizeof follow->active)
                          : s_events_endpoint (cli, endpoint, sizeof endpoint, follow->active,
                                               sizeof follow->active, &follow->pair);
    if (rc)
        return rc;
    //  With a pair the broker's state events are heard whatever the filter
    char subscribed [600];
    snprintf (subscribed, sizeof subscribed, "%s%s%s", topics,
              follow->pair && *topics ? "," : "", follow->pair && *topics ? VC_TOPICS_BROKER : "");
    zsock_t *sub = vc_event_subscriber_new (endpoint, subscribed);
    if (!sub) {
        cli_error (_("cannot connect to %s"), endpoint);
        return CLI_NO_SERVER;
    }
    fprintf (stderr, _("watching events on %s (Ctrl-C to stop)\n"), endpoint);
    zloop_t *loop = zloop_new ();
    if (!loop || zloop_reader (loop, sub, s_on_event, &watch)) {
        zloop_destroy (&loop);
        zsock_destroy (&sub);
        cli_error (_("cannot connect to %s"), endpoint);
        return CLI_FAILED;
    }
    zloop_start (loop);                 //  Until the count is reached, or Ctrl-C
    zloop_destroy (&loop);
    zsock_destroy (&sub);
    return CLI_OK;
}
