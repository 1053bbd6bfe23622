/*  test_gtk_pipe - runs the pipe watch's self-test (gtk_pipe_test): an
    actor's messages taken from the GLib main loop, no display needed.  */
#include "gtk_pipe.h"

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && streq (argv [1], "-v");
    gtk_pipe_test (verbose);
    printf ("test_gtk_pipe: OK\n");
    return 0;
}
