/*  vc-broker-selftest - runs the broker's self-tests: the connection state
    table (broker_fsm_test) with --fsm, the broker in-process
    (broker_test) with --broker, both by default; -v prints every check.  */
#include "broker.h"
#include "broker_fsm.h"

int
main (int argc, char **argv)
{
    bool verbose = false, fsm = false, whole = false;
    for (int i = 1; i < argc; i++) {
        if (streq (argv [i], "-v"))
            verbose = true;
        else
        if (streq (argv [i], "--fsm"))
            fsm = true;
        else
        if (streq (argv [i], "--broker"))
            whole = true;
        else {
            printf ("usage: vc-broker-selftest [-v] [--fsm] [--broker]\n"
                    "Runs the broker's self-tests (both when neither is named).\n");
            return streq (argv [i], "--help") ? 0 : 2;
        }
    }
    if (!fsm && !whole)
        fsm = whole = true;
    vc_log_init ("vc-broker-selftest", verbose ? "debug" : "error");
    int failures = 0;
    if (fsm)
        failures += broker_fsm_test (verbose);
    if (whole)
        failures += broker_test (verbose);
    printf ("vc-broker-selftest: %s (%d failures)\n", failures ? "FAILED" : "OK", failures);
    return failures ? 1 : 0;
}
