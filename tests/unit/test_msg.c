/*  test_msg - unit test of VC01 framing (the modules' self-tests): every
    command round-trips over a real inproc ROUTER/DEALER pair; malformed
    messages (bad signature, unknown command, missing or extra frames,
    long or binary text frames, oversized bodies) are flagged with a
    reason and the fields needed to answer; endpoints, service names,
    status names and the config's flags.  */
#include "vc_msg.h"
#include "vc_config.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    //  CZMQ's log kept off stdout: set here, not in a self-test, as it is
    //  the whole process's setting
    zsys_init ();
    zsys_set_logstream (NULL);
    vc_msg_test (verbose);
    vc_proto_test (verbose);
    vc_config_test (verbose);
    printf ("test_msg: OK\n");
    return 0;
}
