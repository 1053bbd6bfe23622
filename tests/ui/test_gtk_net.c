/*  test_gtk_net - runs the request actor's self-test (gtk_net_test)
    against a real broker: the broker actor in-process on ipc endpoints of
    this run, the protocol's heartbeat, no display needed.  */
#include "broker.h"
#include "gtk_net.h"
#include "vc_check.h"

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && streq (argv [1], "-v");
    vc_log_init ("test_gtk_net", verbose ? "debug" : "error");
    char endpoints [4][64];
    const char *names [] = { "fe", "be", "in", "out" };
    for (int i = 0; i < 4; i++)
        snprintf (endpoints [i], sizeof endpoints [i], "ipc:///tmp/vc-gtk-net-test-%d-%s",
                  (int) getpid (), names [i]);
    broker_config_t config = {
        .frontend = endpoints [0], .backend = endpoints [1], .events_in = endpoints [2],
        .events_out = endpoints [3], .services = "", .heartbeat_ms = VC_HEARTBEAT_MSEC,
        .liveness = VC_HEARTBEAT_LIVENESS, .request_timeout_ms = 2000, .queue_max = 100,
        .client_rate = 1000,
        .client_inflight_max = 100, .clients_max = 100, .history_max = 100,
        .costly = "", .costly_client_max = 2, .costly_source_max = 16, .files_max = 1024
    };
    zactor_t *broker = broker_start (&config);
    VC_CHECK (broker);
    gtk_net_test (endpoints [0], endpoints [3], verbose);
    zactor_destroy (&broker);
    for (int i = 0; i < 4; i++)
        unlink (endpoints [i] + strlen ("ipc://"));
    printf ("test_gtk_net: OK\n");
    return 0;
}
