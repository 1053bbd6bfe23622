/*  vc-bench-rr - request/reply side by side: the same closed-loop client
    harness against a plain ZeroMQ echo (no hop), one zmq_proxy hop, the
    broker with a service, and NATS; prints one RESULT line per run with
    requests/s, latency percentiles and CPU per request of each process.
    It also runs the helper processes (echo server, proxy, NATS responder)
    and the idle-memory measurement. bench/run.sh drives it.  */
#include "rr.h"

static const vc_option_t s_options [] = {
    { "mode", NULL, "client", "client, echo-server, proxy, nats-echo or idle", false },
    { "target", NULL, "zmq", "Client target: zmq (plain DEALER), echo or lookup (client library through the broker), nats; idle: broker, nats or zmq", false },
    { "endpoint", NULL, "tcp://127.0.0.1:5555", "Where the clients (or the server) go: ZeroMQ endpoint or nats://host:port", false },
    { "backend", NULL, NULL, "proxy: the echo server the DEALER side connects to", false },
    { "clients", NULL, "1", "Concurrent closed-loop clients (idle: idle clients)", false },
    { "threads", NULL, "2", "Client threads", false },
    { "duration-ms", "VC_BENCH_MS", "3000", "Milliseconds measured per run", false },
    { "warmup-ms", NULL, "500", "Milliseconds of warm-up before measuring", false },
    { "requests", NULL, "0", "Client: make this many requests in all, then stop (no warm-up; duration-ms is then the most it waits; 0: run for duration-ms)", false },
    { "pids", NULL, NULL, "Processes whose CPU time is measured: name=pid,name=pid", false },
    { "label", NULL, NULL, "Row name in the RESULT line (default: the target)", false },
    { "server-pid", NULL, "0", "idle: the server whose memory is read", false },
    { "settle-ms", NULL, "1000", "idle: milliseconds to wait before each memory reading", false },
    { "beat-ms", NULL, "0", "idle zmq: each DEALER sends two small frames (a HEARTBEAT's size) this often, echoed back (0: never)", false },
    { "zmtp-heartbeat", NULL, "0", "echo-server and idle zmq: ZMTP heartbeats every this many ms (0: none)", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

static const rr_target_t *
s_target (const char *name)
{
    const rr_target_t *targets [] = { &rr_target_zmq, &rr_target_echo, &rr_target_lookup,
                                      &rr_target_nats };
    for (size_t i = 0; i < sizeof targets / sizeof targets [0]; i++)
        if (streq (targets [i]->name, name))
            return targets [i];
    return NULL;
}

static int
s_client (vc_config_t *config)
{
    long clients, threads, duration, warmup, requests;
    if (vc_config_int_in (config, "clients", 1, 5000, &clients)
    ||  vc_config_int_in (config, "threads", 1, 64, &threads)
    ||  vc_config_int_in (config, "duration-ms", 50, 3600000, &duration)
    ||  vc_config_int_in (config, "warmup-ms", 0, 600000, &warmup)
    ||  vc_config_int_in (config, "requests", 0, 100000000, &requests))
        return 2;
    const rr_target_t *target = s_target (vc_config_get (config, "target"));
    if (!target) {
        fprintf (stderr, "vc-bench-rr: --target must be zmq, echo, lookup or nats\n");
        return 2;
    }
    const char *label = vc_config_get (config, "label");
    rr_run_t run = { target, vc_config_get (config, "endpoint"), (int) clients, (int) threads,
                     (int) duration, (int) warmup, vc_config_get (config, "pids"),
                     label ? label : target->name, requests };
    return rr_run (&run) ? 1 : 0;
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-bench-rr", "bench-rr", "[options]",
        "Request/reply through the broker beside one ZeroMQ proxy hop and NATS, "
        "with the same clients (see bench/run.sh).", s_options, argc, argv, &rc);
    if (!config)
        return rc;
    zsys_set_max_sockets (0);
    zsys_handler_set (NULL);
    rr_zmtp_heartbeat_ms = (int) vc_config_int (config, "zmtp-heartbeat");
    const char *mode = vc_config_get (config, "mode");
    const char *endpoint = vc_config_get (config, "endpoint");
    if (streq (mode, "client"))
        rc = s_client (config);
    else
    if (streq (mode, "echo-server"))
        rc = rr_echo_server (endpoint) ? 1 : 0;
    else
    if (streq (mode, "proxy") && vc_config_get (config, "backend"))
        rc = rr_proxy (endpoint, vc_config_get (config, "backend")) ? 1 : 0;
    else
    if (streq (mode, "nats-echo"))
        rc = rr_nats_echo (endpoint) ? 1 : 0;
    else
    if (streq (mode, "idle"))
        rc = rr_idle (vc_config_get (config, "target"), endpoint,
                      (int) vc_config_int (config, "clients"),
                      (int) vc_config_int (config, "server-pid"),
                      (int) vc_config_int (config, "settle-ms"),
                      (int) vc_config_int (config, "beat-ms"));
    else {
        fprintf (stderr, "vc-bench-rr: unknown --mode '%s' (proxy needs --backend)\n", mode);
        rc = 2;
    }
    vc_config_destroy (&config);
    return rc;
}
