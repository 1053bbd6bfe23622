/*  test_words - unit test of saying the services' sentences again from the
    catalogue: the module self-test (shapes matched, values kept, counts
    grouped, nothing said of a text that fits no shape), and the shared
    tables of what the services and the scraper write, and of the events'
    details (vc_event_words).
*/
#include "vc_words.h"
#include "vc_server_words.h"
#include "vc_event_words.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_words_test (verbose);
    vc_server_words_test (verbose);
    vc_event_words_test (verbose);
    printf (" * test_words: OK\n");
    return 0;
}
