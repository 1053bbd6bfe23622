/*  test_broker_history - unit test of the broker's event history ring and
    its paged "history" replies (the broker_history self-test).  */
#include "broker_history.h"
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    broker_history_test (verbose);
    return 0;
}
