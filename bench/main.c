/*  vc-bench - throughput, latency percentiles and memory of the system
    under N concurrent clients, beside the raw ZeroMQ echo limit over the
    same transport. It drives a system that is already running (see
    bench/run.sh, which starts one on loopback and runs the standard set).  */
#include "bench.h"
#include "vc_check.h"

long bench_rss_kb (int pid, bool peak);
int bench_idle_run (const bench_config_t *cfg, int broker_pid);

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker address", false },
    { "clients", NULL, "100", "Concurrent clients", false },
    { "threads", NULL, "2", "Client threads", false },
    { "duration", NULL, "10", "Seconds measured", false },
    { "warmup", NULL, "2", "Seconds of warm-up before measuring", false },
    { "workload", NULL, "mixed", "mixed (90% lookups with date, 9% totals, 1% sign out+in), lookup, ping, idle", false },
    { "service", NULL, "data", "Service for the ping workload", false },
    { "user-prefix", NULL, "bench", "Accounts used: PREFIX1..PREFIXN (created if missing)", false },
    { "password", NULL, "bench-password", "Their password", false },
    { "reference", NULL, "true", "Also run the DEALER/ROUTER echo reference", true },
    { "no-reference", NULL, "false", "Skip the echo reference", true },
    { "pids", NULL, NULL, "Processes to report peak memory of: name=pid,name=pid", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

static double
s_print_stats (const char *title, bench_stats_t *stats, int duration)
{
    uint64_t total_ok = 0, total_errors = 0;
    printf ("%s\n  %-14s %10s %8s %9s %9s %9s %9s %9s\n", title, "operation", "requests/s",
            "errors", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us");
    for (int op = 0; op < OP_COUNT; op++) {
        if (!stats->ok [op] && !stats->errors [op])
            continue;
        bench_lat_t *lat = &stats->lat [op];
        printf ("  %-14s %10.0f %8" PRIu64 " %9u %9u %9u %9u %9u\n", bench_op_name ((bench_op_t) op),
                (double) stats->ok [op] / duration, stats->errors [op],
                bench_lat_percentile (lat, 50), bench_lat_percentile (lat, 90),
                bench_lat_percentile (lat, 99), bench_lat_percentile (lat, 99.9),
                bench_lat_percentile (lat, 100));
        total_ok += stats->ok [op];
        total_errors += stats->errors [op];
    }
    bench_lat_t all = { 0 };
    for (int op = 0; op < OP_COUNT; op++)
        bench_lat_merge (&all, &stats->lat [op]);
    printf ("  %-14s %10.0f %8" PRIu64 " %9u %9u %9u %9u %9u\n", "all",
            (double) total_ok / duration, total_errors, bench_lat_percentile (&all, 50),
            bench_lat_percentile (&all, 90), bench_lat_percentile (&all, 99),
            bench_lat_percentile (&all, 99.9), bench_lat_percentile (&all, 100));
    bench_lat_free (&all);
    if (*stats->first_error)
        printf ("  first error: %s\n", stats->first_error);
    return (double) total_ok / duration;
}

static void
s_print_memory (const char *pids)
{
    if (!pids)
        return;
    char *list = VC_NEED (strdup (pids)), *save = NULL;
    printf ("peak RSS:");
    for (char *item = strtok_r (list, ",", &save); item; item = strtok_r (NULL, ",", &save)) {
        char *eq = strchr (item, '=');
        if (eq)
            printf (" %.*s %ld kB", (int) (eq - item), item, bench_rss_kb (atoi (eq + 1), true));
    }
    printf ("\n");
    free (list);
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-bench", "bench", "[options]",
        "Measures a running system and the raw ZeroMQ limit beside it.",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    zsys_set_max_sockets (0);
    bench_config_t cfg = {
        vc_config_get (config, "server"), vc_config_get (config, "workload"),
        vc_config_get (config, "service"), vc_config_get (config, "user-prefix"),
        vc_config_get (config, "password"), (int) vc_config_int (config, "clients"),
        (int) vc_config_int (config, "threads"), (int) vc_config_int (config, "duration"),
        (int) vc_config_int (config, "warmup")
    };
    if (streq (cfg.workload, "idle")) {
        const char *pids = vc_config_get (config, "pids");
        const char *broker = pids ? strstr (pids, "broker=") : NULL;
        rc = bench_idle_run (&cfg, broker ? atoi (broker + 7) : 0);
        vc_config_destroy (&config);
        return rc;
    }
    printf ("workload %s, %d clients, %d threads, %d s (after %d s warm-up)\n",
            cfg.workload, cfg.clients, cfg.threads, cfg.duration_s, cfg.warmup_s);
    bench_stats_t system = { 0 };
    rc = bench_system_run (&cfg, &system);
    double system_rate = s_print_stats ("system (through the broker):", &system, cfg.duration_s);
    s_print_memory (vc_config_get (config, "pids"));
    if (!vc_config_bool (config, "no-reference")) {
        //  Same sizes as a lookup with a date: request and reply bodies + frames
        zframe_t *sample = vc_api_lookup ("Ho Chi Minh", "15-12-2021");
        size_t request_size = zframe_size (sample) + 4 + 1 + 4 + 8 + 64;
        zframe_destroy (&sample);
        size_t reply_size = 120;
        bench_stats_t echo = { 0 };
        bench_echo_run (&cfg, request_size, reply_size, &echo);
        char title [128];
        snprintf (title, sizeof title, "reference (DEALER/ROUTER echo, %zu B requests, %zu B replies):",
                  request_size, reply_size);
        double echo_rate = s_print_stats (title, &echo, cfg.duration_s);
        printf ("system / reference: %.2f\n", echo_rate > 0 ? system_rate / echo_rate : 0);
        for (int op = 0; op < OP_COUNT; op++)
            bench_lat_free (&echo.lat [op]);
    }
    for (int op = 0; op < OP_COUNT; op++)
        bench_lat_free (&system.lat [op]);
    vc_config_destroy (&config);
    return rc ? 1 : 0;
}
