/*  test_cli_units - runs the command-line client's self-tests.  */
#include "cli.h"
#include "cli_edit.h"
#include "cli_table.h"

int
main (int argc, char **argv)
{
    bool verbose = argc > 1 && streq (argv [1], "-v");
    cli_table_test (verbose);
    cli_edit_test (verbose);
    return 0;
}
