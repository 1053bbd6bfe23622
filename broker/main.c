/*  vc-broker - the message broker: routes client requests to services by
    name, load-balances between instances, heartbeats both sides, and runs
    the event bus. Configuration by flags with environment fallbacks.  */
#include "broker.h"
#include "vc_config.h"
#include "vc_path.h"
#include "vc_metrics.h"
#include <sys/resource.h>
#include <pthread.h>
#include <signal.h>

static const vc_option_t s_options [] = {
    { "frontend", "VC_FRONTEND", VC_DEFAULT_FRONTEND, "Endpoint to bind for clients", false },
    { "backend", "VC_BACKEND", VC_DEFAULT_BACKEND, "Endpoint to bind for service workers", false },
    { "events-in", "VC_EVENTS_IN", VC_DEFAULT_EVENTS_IN, "Endpoint to bind where services publish events (XSUB)", false },
    { "events-out", "VC_EVENTS_OUT", VC_DEFAULT_EVENTS_OUT, "Endpoint to bind where monitors subscribe (XPUB)", false },
    { "services", "VC_SERVICES", "auth,data,scraper", "Services known even when no instance runs (others are 'unknown service')", false },
    { "operator-key-file", "VC_OPERATOR_KEY_FILE", NULL, "File holding the operator key that allows 'shutdown' (none: shutdown disabled)", false },
    { "curve-cert", "VC_CURVE_CERT", NULL, "Broker certificate (secret file from vc-keygen): encrypt the client endpoint with CURVE", false },
    { "curve-backend", "VC_CURVE_BACKEND", "false", "Encrypt the worker endpoint with CURVE too", true },
    { "worker-keys", "VC_WORKER_KEYS", NULL, "Folder of service public certificates (vc-keygen): only services holding one of these keys may register (needs --curve-cert and --curve-backend)", false },
    { "heartbeat", "VC_HEARTBEAT", "1000", "Heartbeat interval in milliseconds", false },
    { "liveness", "VC_LIVENESS", "3", "Missed heartbeats before a client or worker is lost", false },
    { "request-timeout", "VC_REQUEST_TIMEOUT", "4000", "Milliseconds a request may wait for a service", false },
    { "queue-max", "VC_QUEUE_MAX", "10000", "Requests waiting per service before 'busy'", false },
    { "client-rate", "VC_CLIENT_RATE", "2000", "Requests per second allowed per client (0: no limit)", false },
    { "client-inflight", "VC_CLIENT_INFLIGHT", "1000", "Requests in flight allowed per client", false },
    { "costly-services", "VC_COSTLY_SERVICES", "auth", "Services whose costly operations (those the protocol model marks costly: sign-up, sign-in; all, for a service it marks none of) have their own in-flight quotas ('' : none)", false },
    { "costly-inflight", "VC_COSTLY_INFLIGHT", "2", "Costly requests in flight per client (1-1000)", false },
    { "costly-source-inflight", "VC_COSTLY_SOURCE_INFLIGHT", "16", "Costly requests in flight per source address (1-100000)", false },
    { "clients-max", "VC_CLIENTS_MAX", "10000", "Clients connected at once", false },
    { "source-max", "VC_SOURCE_MAX", "256", "Connections open at once from one address, on each endpoint together (0: no limit)", false },
    { "history", "VC_HISTORY", "10000", "Events kept for monitors that start late (op 'history'; 0: none)", false },
    { "role", "VC_ROLE", "", "primary or backup: one of a pair of brokers (Binary Star; needs --peer); empty: alone", false },
    { "peer", "VC_PEER", "", "The other broker's state endpoint (its --state), e.g. tcp://b.example:5559", false },
    { "state", "VC_STATE", "tcp://127.0.0.1:5559", "Endpoint to bind where the other broker of a pair hears this one's state", false },
    VC_OPTION_METRICS,
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

//  --worker-keys: a folder, and only with an encrypted worker endpoint.
static int
s_load_worker_keys (vc_config_t *config, broker_config_t *bc)
{
    bc->worker_keys = vc_config_get (config, "worker-keys");
    if (!bc->worker_keys)
        return 0;
    if (!bc->curve_secret || !bc->curve_backend) {
        vc_error ("--worker-keys needs --curve-cert and --curve-backend (keys are checked in the CURVE handshake)");
        return -1;
    }
    struct stat info;
    if (stat (bc->worker_keys, &info) || !S_ISDIR (info.st_mode)) {
        vc_error ("--worker-keys: %s is not a folder", bc->worker_keys);
        return -1;
    }
    return 0;
}

//  --role, --peer, --state: a pair needs both a role and a peer.
static int
s_load_role (vc_config_t *config, broker_config_t *bc)
{
    const char *role = vc_config_get (config, "role");
    const char *peer = vc_config_get (config, "peer");
    if (!role || !*role) {
        if (peer && *peer)
            vc_warn ("--peer is ignored without --role");
        return 0;
    }
    if (!streq (role, "primary") && !streq (role, "backup")) {
        vc_error ("--role must be primary or backup, not '%s'", role);
        return -1;
    }
    if (!peer || !*peer) {
        vc_error ("--role=%s needs --peer (the other broker's --state endpoint)", role);
        return -1;
    }
    bc->role = role;
    bc->peer = peer;
    bc->state = vc_config_get (config, "state");
    return 0;
}

//  Each connection holds a file descriptor: raise the soft limit on open
//  files as far as the hard limit allows (as Redis does) and warn when it
//  stays below what --clients-max needs. Returns the limit in force.
static int
s_raise_file_limit (int clients_max)
{
    struct rlimit limit;
    if (getrlimit (RLIMIT_NOFILE, &limit)) {
        vc_warn ("cannot read the open file limit: %s", strerror (errno));
        return 1024;
    }
    rlim_t wanted = (rlim_t) clients_max + 256;
    if (limit.rlim_cur < wanted) {
        struct rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max == RLIM_INFINITY || limit.rlim_max > wanted
                        ? wanted : limit.rlim_max;
        if (setrlimit (RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    if (limit.rlim_cur < wanted)
        vc_warn ("open file limit is %lu, below the %lu that --clients-max %d needs: "
                 "raise it (LimitNOFILE= in the unit, ulimit -n) or lower --clients-max",
                 (unsigned long) limit.rlim_cur, (unsigned long) wanted, clients_max);
    return limit.rlim_cur > 1048576 ? 1048576 : (int) limit.rlim_cur;
}

static int
s_load_options (vc_config_t *config, broker_config_t *bc, char **operator_key, zcert_t **cert)
{
    bc->frontend = vc_config_get (config, "frontend");
    bc->backend = vc_config_get (config, "backend");
    bc->events_in = vc_config_get (config, "events-in");
    bc->events_out = vc_config_get (config, "events-out");
    bc->services = vc_config_get (config, "services");
    bc->curve_backend = vc_config_bool (config, "curve-backend");
    bc->heartbeat_ms = (int) vc_config_int (config, "heartbeat");
    bc->liveness = (int) vc_config_int (config, "liveness");
    bc->request_timeout_ms = (int) vc_config_int (config, "request-timeout");
    bc->queue_max = (int) vc_config_int (config, "queue-max");
    bc->client_rate = (int) vc_config_int (config, "client-rate");
    bc->client_inflight_max = (int) vc_config_int (config, "client-inflight");
    bc->clients_max = (int) vc_config_int (config, "clients-max");
    long source_max = 0;
    if (vc_config_int_in (config, "source-max", 0, 1000000, &source_max))
        return -1;
    bc->source_max = (int) source_max;
    long costly = 0, costly_source = 0;
    if (vc_config_int_in (config, "costly-inflight", 1, 1000, &costly)
    ||  vc_config_int_in (config, "costly-source-inflight", 1, 100000, &costly_source))
        return -1;
    bc->costly = vc_config_get (config, "costly-services");
    bc->costly_client_max = (int) costly;
    bc->costly_source_max = (int) costly_source;
    long history = 0;
    if (vc_config_int_in (config, "history", 0, 10000000, &history))
        return -1;
    bc->history_max = (int) history;
    if (bc->heartbeat_ms < 100 || bc->liveness < 1 || bc->request_timeout_ms < 100
    ||  bc->queue_max < 1 || bc->client_rate < 0 || bc->client_inflight_max < 1 || bc->clients_max < 1) {
        vc_error ("invalid numeric option (see --help)");
        return -1;
    }
    const char *key_file = vc_config_get (config, "operator-key-file");
    if (key_file && !(*operator_key = vc_path_first_line (key_file))) {
        vc_error ("cannot read operator key from %s", key_file);
        return -1;
    }
    bc->operator_key = *operator_key;
    const char *cert_file = vc_config_get (config, "curve-cert");
    if (cert_file) {
        *cert = zcert_load (cert_file);
        if (!*cert || !*zcert_secret_txt (*cert) || streq (zcert_secret_txt (*cert),
                "0000000000000000000000000000000000000000")) {
            vc_error ("cannot load CURVE secret certificate from %s", cert_file);
            return -1;
        }
        bc->curve_secret = zcert_secret_txt (*cert);
        bc->curve_public = zcert_public_txt (*cert);
    }
    if (s_load_role (config, bc))
        return -1;
    return s_load_worker_keys (config, bc);
}

//  Until the broker stops by itself ("STOPPED") or a signal comes (the
//  actor stops on $TERM, sent by zactor_destroy).
static int
s_wait (zactor_t *broker)
{
    bool stopped = false;
    while (!stopped && !zsys_interrupted) {
        char *status = zstr_recv (broker);
        stopped = status && streq (status, "STOPPED");
        zstr_free (&status);
    }
    return 0;
}

//  Stops the broker's thread and waits for its end. zactor_destroy stops
//  waiting when a signal interrupts it, and the program would then exit
//  with that thread still at work (CZMQ's exit handler closes its sockets
//  under it, and CZMQ aborts): a second SIGTERM or Ctrl-C while the broker
//  stops did so. The main thread holds these signals back while it waits;
//  they reach the broker's thread, which is stopping anyway.
static void
s_stop (zactor_t **broker_p)
{
    sigset_t stop_signals;
    sigemptyset (&stop_signals);
    sigaddset (&stop_signals, SIGINT);
    sigaddset (&stop_signals, SIGTERM);
    int rc = pthread_sigmask (SIG_BLOCK, &stop_signals, NULL);
    if (rc)
        vc_warn ("cannot hold back signals while stopping: %s", strerror (rc));
    zactor_destroy (broker_p);
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-broker", "broker", "[options]",
        "Routes client requests to services by name and runs the event bus.",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    broker_config_t bc = { 0 };
    char *operator_key = NULL;
    zcert_t *cert = NULL;
    zactor_t *broker = NULL;
    if (s_load_options (config, &bc, &operator_key, &cert) == 0) {
        bc.files_max = s_raise_file_limit (bc.clients_max);
        broker = broker_start (&bc);
    }
    rc = broker ? s_wait (broker) : 1;
    s_stop (&broker);
    zcert_destroy (&cert);
    free (operator_key);
    vc_config_destroy (&config);
    return rc;
}
