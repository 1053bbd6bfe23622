/*  test_worker - unit test of the sockets a service watches beside the
    broker's (vc_worker_watch; the module's self-test): each one's handler
    runs from vc_worker_recv when a message waits on it, with no broker
    answering; up to 8 are taken, a ninth and a missing socket are
    refused; a handler that calls vc_worker_wake ends the recv under way
    at once; and a broker that floods the worker with requests does not
    starve a watched socket.  */
#include "vc_worker.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    //  The worker's log lines kept off stdout: set here, not in the
    //  self-test, as it is the whole process's setting
    zsys_init ();
    zsys_set_logstream (NULL);
    vc_worker_test (verbose);
    printf (" * test_worker: OK\n");
    return 0;
}
