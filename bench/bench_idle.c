/*  bench_idle - many connected, idle clients that only heartbeat: counts
    clients that lost their connection and measures the broker's memory
    per idle client.  */
#include "bench.h"
#include "vc_check.h"

//  Resident set size (kB) of a process, current or peak (VmHWM).
long
bench_rss_kb (int pid, bool peak)
{
    char path [64], line [256];
    snprintf (path, sizeof path, "/proc/%d/status", pid);
    FILE *file = fopen (path, "r");
    if (!file)
        return -1;
    long value = -1;
    const char *key = peak ? "VmHWM:" : "VmRSS:";
    while (fgets (line, sizeof line, file))
        if (strncmp (line, key, strlen (key)) == 0)
            value = atol (line + strlen (key));
    fclose (file);
    return value;
}

int
bench_idle_run (const bench_config_t *cfg, int broker_pid)
{
    long before = broker_pid > 0 ? bench_rss_kb (broker_pid, false) : -1;
    vc_client_t **clients = (vc_client_t **) VC_NEED (calloc ((size_t) cfg->clients, sizeof (vc_client_t *)));
    int connected = 0;
    for (int i = 0; i < cfg->clients; i++) {
        clients [i] = VC_NEED (vc_client_new (cfg->server, "bench-idle"));
        if (vc_client_connect (clients [i], 5000) == 0)
            connected++;
    }
    int64_t end = zclock_mono () + (int64_t) cfg->duration_s * 1000;
    while (zclock_mono () < end) {
        for (int i = 0; i < cfg->clients; i++)
            vc_client_tick (clients [i]);
        zclock_sleep (200);
    }
    long during = broker_pid > 0 ? bench_rss_kb (broker_pid, false) : -1;
    //  Every client must still be known to the broker: one ping each
    int alive = 0;
    for (int i = 0; i < cfg->clients; i++) {
        zframe_t *body = vc_api_op ("ping");
        vc_reply_t *reply = vc_client_call (clients [i], VC_SERVICE_BROKER, &body, 5000);
        if (reply->status == VC_OK)
            alive++;
        vc_reply_destroy (&reply);
    }
    printf ("idle clients: %d connected, %d answered after %d s of heartbeats only, errors %d\n",
            connected, alive, cfg->duration_s, cfg->clients - alive);
    if (before > 0 && during > 0)
        printf ("broker RSS: %ld kB before, %ld kB with %d idle clients: %.1f kB per idle client\n",
                before, during, connected, (double) (during - before) / (connected ? connected : 1));
    for (int i = 0; i < cfg->clients; i++)
        vc_client_destroy (&clients [i]);
    free (clients);
    return alive == cfg->clients ? 0 : 1;
}
