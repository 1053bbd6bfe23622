/*  vc-test-lookup-probe - one client doing lookups one after another (a
    short pause between them) for a while, timing each: prints how many were answered (and how many were
    not), the median, the 99th percentile and the longest, in ms. Tells
    whether the data service kept answering during some other work (a copy
    of the store being made), against a run of the same probe without it;
    --samples keeps every latency for the caller's own figures.
    Exits 0 when every lookup was answered with a figure.  */
#include "vc_api.h"
#include "vc_config.h"
#include "vc_log.h"
#include "vc_check.h"

#define SAMPLES_MAX 200000

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker address", false },
    { "duration-ms", NULL, "2000", "How long to keep looking up (ms)", false },
    { "pause-ms", NULL, "1", "Pause between lookups (ms), below the broker's rate per client", false },
    { "samples", NULL, NULL, "Also write every latency (ms, in the order sent) to this file", false },
    { "user", NULL, "probe", "Username to sign in as", false },
    { "password", NULL, "probe-password", "Password", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

//  Lookups until the time is up; latencies (µs) into samples, *failed
//  counts the ones not answered with a figure. Returns how many were timed.
static size_t
s_probe (vc_client_t *client, int64_t duration_ms, int pause_ms, int64_t *samples, long *failed)
{
    static const char *dates [] = { "15-12-2021", "16-12-2021", "17-12-2021", "18-12-2021" };
    size_t count = 0;
    int64_t until = zclock_mono () + duration_ms;
    while (zclock_mono () < until && count < SAMPLES_MAX) {
        zframe_t *body = vc_api_lookup ("hcm", dates [count % 4]);
        int64_t started = zclock_usecs ();
        vc_reply_t *reply = vc_client_call (client, VC_SERVICE_DATA, &body, 5000);
        samples [count++] = zclock_usecs () - started;
        if (reply->status != VC_OK) {
            if (*failed < 3)
                fprintf (stderr, "lookup: %d %s\n", reply->status, reply->message);
            (*failed)++;
        }
        vc_reply_destroy (&reply);
        if (pause_ms > 0)
            zclock_sleep (pause_ms);
    }
    return count;
}

//  Every latency in ms, one a line, in the order the lookups were sent
static int
s_write (const char *path, const int64_t *samples, size_t count)
{
    FILE *file = fopen (path, "w");
    if (!file) {
        fprintf (stderr, "cannot write %s\n", path);
        return -1;
    }
    for (size_t i = 0; i < count; i++)
        fprintf (file, "%.3f\n", samples [i] / 1000.0);
    if (fclose (file)) {
        fprintf (stderr, "cannot write %s\n", path);
        return -1;
    }
    return 0;
}

static int
s_run (vc_config_t *config, int64_t *samples)
{
    vc_client_t *client = VC_NEED (vc_client_new (vc_config_get (config, "server"), "probe"));
    if (vc_client_connect (client, VC_CONNECT_TIMEOUT_MSEC)) {
        fprintf (stderr, "connect: %s\n", vc_client_error (client));
        vc_client_destroy (&client);
        return 1;
    }
    vc_reply_t *reply = vc_api_signin (client, vc_config_get (config, "user"),
                                       vc_config_get (config, "password"), 5000);
    int rc = 1;
    if (reply->status != VC_OK)
        fprintf (stderr, "sign in refused: %s\n", reply->message);
    else {
        long failed = 0;
        size_t count = s_probe (client, vc_config_int (config, "duration-ms"),
                                (int) vc_config_int (config, "pause-ms"), samples, &failed);
        const char *path = vc_config_get (config, "samples");
        bool written = !path || !*path || s_write (path, samples, count) == 0;
        qsort (samples, count, sizeof samples [0], s_compare);
        printf ("PROBE %zu answered %ld failed p50 %.1f p99 %.1f max %.1f ms\n",
                count - (size_t) failed, failed,
                count ? samples [count / 2] / 1000.0 : 0.0,
                count ? samples [count * 99 / 100] / 1000.0 : 0.0,
                count ? samples [count - 1] / 1000.0 : 0.0);
        rc = count > 0 && failed == 0 && written ? 0 : 1;
    }
    vc_reply_destroy (&reply);
    vc_client_destroy (&client);
    return rc;
}

int
main (int argc, char **argv)
{
    vc_config_t *config = vc_config_new ("vc-test-lookup-probe", "[options]",
        "Lookups one after another, each timed; prints p50, p99 and the longest.", s_options);
    int rc = vc_config_parse (config, argc, argv);
    if (rc) {
        vc_config_destroy (&config);
        return rc > 0 ? 0 : 2;
    }
    vc_log_init ("probe", vc_config_get (config, "log-level"));
    zsys_init ();
    zsys_set_logstream (NULL);
    int64_t *samples = (int64_t *) malloc (SAMPLES_MAX * sizeof (int64_t));
    if (!samples || vc_config_int (config, "duration-ms") < 1) {
        fprintf (stderr, "bad options or no memory\n");
        rc = 2;
    }
    else
        rc = s_run (config, samples);
    free (samples);
    vc_config_destroy (&config);
    return rc;
}
