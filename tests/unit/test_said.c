/*  test_said - unit test of a message with its id and values and of the
    status reply filled from it (the modules' self-tests).  */
#include "vc_reply.h"
#include "vc_said.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_said_test (verbose);
    vc_reply_test (verbose);
    printf ("test_said: OK\n");
    return 0;
}
