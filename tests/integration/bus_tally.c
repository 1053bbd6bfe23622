/*  vc-test-bus-tally - the two ends of the event bus of a broker pair, for
    tests. With --publish-to (a service's events-in list, both brokers of a
    pair) it publishes --count events "tally.tick" ("tick N"), --burst of
    them every --interval ms at a steady rate (--burst=20 --interval=10:
    2,000 a second), as a service does (vc_publisher, connected to every
    broker given); it prints "sent N" for each. Without it, it listens on
    every bus of --buses with a raw SUB socket each (no filter, no
    following of the active broker) and prints each event it receives,
    "bus=I run=R seq=S topic=T detail=D", for --seconds.  */
#include "vc_config.h"
#include "vc_event.h"
#include "vc_log.h"

static const vc_option_t s_options [] = {
    { "buses", "VC_TALLY_BUSES", "", "Event bus outputs (XPUB) to listen on, comma-separated", false },
    { "seconds", "VC_TALLY_SECONDS", "30", "Listen this long", false },
    { "publish-to", "VC_TALLY_PUBLISH_TO", "", "Publish instead: the brokers' event inputs (XSUB), comma-separated", false },
    { "count", "VC_TALLY_COUNT", "100", "Events to publish", false },
    { "interval", "VC_TALLY_INTERVAL", "50", "Milliseconds between two bursts of events published", false },
    { "burst", "VC_TALLY_BURST", "1", "Events published together every --interval", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

#define S_BUSES_MAX 4

static int
s_publish (const char *endpoints, long count, long interval, long burst)
{
    vc_publisher_t *publisher = vc_publisher_new (endpoints, "tally");
    if (!publisher) {
        vc_error ("cannot publish to %s", endpoints);
        return 1;
    }
    zclock_sleep (500);                 //  The brokers' subscriptions arrive
    int64_t next = zclock_mono ();
    for (long tick = 1; tick <= count && !zsys_interrupted; tick++) {
        char detail [32];
        snprintf (detail, sizeof detail, "tick %ld", tick);
        if (vc_publish (publisher, "tally.tick", NULL, NULL, NULL, detail))
            vc_warn ("cannot publish %s", detail);
        printf ("sent %ld\n", tick);
        fflush (stdout);
        if (tick % burst == 0) {
            //  A steady rate: the next burst at its time, whatever this took
            next += interval;
            int64_t wait = next - zclock_mono ();
            if (wait > 0)
                zclock_sleep ((int) wait);
        }
    }
    vc_publisher_destroy (&publisher);
    return 0;
}

static void
s_print (int bus, zsock_t *sub)
{
    vc_event_t event;
    if (vc_event_recv (sub, &event)) {
        printf ("bus=%d malformed\n", bus);
        return;
    }
    printf ("bus=%d run=%s seq=%" PRIu64 " topic=%s detail=%s\n", bus, event.run, event.seq,
            event.topic, event.detail);
    fflush (stdout);
}

static int
s_listen (const char *buses, long seconds)
{
    zsock_t *subs [S_BUSES_MAX] = { NULL };
    int count = 0;
    char list [1024];
    snprintf (list, sizeof list, "%s", buses);
    char *save = NULL;
    for (char *one = strtok_r (list, ",", &save); one && count < S_BUSES_MAX;
         one = strtok_r (NULL, ",", &save)) {
        subs [count] = zsock_new (ZMQ_SUB);
        if (!subs [count] || zsock_connect (subs [count], "%s", one)) {
            vc_error ("cannot listen on %s", one);
            zsock_destroy (&subs [count]);
            break;
        }
        zsock_set_subscribe (subs [count], "");
        count++;
    }
    zpoller_t *poller = count > 0 ? zpoller_new (subs [0], NULL) : NULL;
    for (int i = 1; poller && i < count; i++)
        zpoller_add (poller, subs [i]);
    int rc = poller ? 0 : 1;
    int64_t end = zclock_mono () + seconds * 1000;
    while (poller && !zsys_interrupted && zclock_mono () < end) {
        zsock_t *which = (zsock_t *) zpoller_wait (poller, 100);
        for (int i = 0; which && i < count; i++)
            if (which == subs [i])
                s_print (i, subs [i]);
    }
    zpoller_destroy (&poller);
    for (int i = 0; i < S_BUSES_MAX; i++)
        zsock_destroy (&subs [i]);
    return rc;
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-test-bus-tally", "tally", "[options]",
        "Publishes numbered events to a pair's brokers, or prints every event of their buses.",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    const char *publish_to = vc_config_get (config, "publish-to");
    long count = vc_config_int (config, "count"), interval = vc_config_int (config, "interval");
    long seconds = vc_config_int (config, "seconds"), burst = vc_config_int (config, "burst");
    if (count < 1 || interval < 0 || seconds < 1 || burst < 1) {
        vc_error ("--count, --burst and --seconds must be 1 or more, --interval 0 or more");
        rc = 2;
    }
    else
    if (*publish_to)
        rc = s_publish (publish_to, count, interval, burst);
    else
    if (*vc_config_get (config, "buses"))
        rc = s_listen (vc_config_get (config, "buses"), seconds);
    else {
        vc_error ("give --buses to listen, or --publish-to to publish (see --help)");
        rc = 2;
    }
    vc_config_destroy (&config);
    return rc;
}
