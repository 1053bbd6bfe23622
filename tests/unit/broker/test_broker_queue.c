/*  test_broker_queue - unit test of a service's queue of waiting requests
    (the broker_queue self-test): fair between clients, cheap requests
    (whoami, resume) before costly ones (sign-in: a hash each) with a
    costly one let through after a run of cheap ones, and removal from
    either kind of lane.  */
#include "broker.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    broker_queue_test (verbose);
    printf ("test_broker_queue: OK\n");
    return 0;
}
