/*  test_gtk_net - runs the request actor's self-test (gtk_net_test)
    against a real broker: the broker actor in-process on ipc endpoints of
    this run, the protocol's heartbeat, no display needed.  */
#include "gtk_net.h"
#include "test_broker.h"
#include "vc_check.h"
#include "vc_log.h"

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && streq (argv [1], "-v");
    vc_log_init ("test_gtk_net", verbose ? "debug" : "error");
    test_broker_t *broker = test_broker_new ("gtk-net-test");
    VC_CHECK (broker);
    gtk_net_test (test_broker_frontend (broker), test_broker_events (broker), verbose);
    test_broker_destroy (&broker);
    printf ("test_gtk_net: OK\n");
    return 0;
}
