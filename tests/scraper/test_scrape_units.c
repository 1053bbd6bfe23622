/*  test_scrape_units - runs the self-tests of the scraper core classes.
*/
#include "scrape_bulletin.h"
#include "scrape_json.h"
#include "scrape_html.h"
#include "scrape_result.h"
#include "scrape_sources.h"
#include "scrape_stamp.h"
#include "scrape_text.h"
#include "scrape_validate.h"

#include <stdio.h>
#include <string.h>

int
main (int argc, char **argv)
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    scrape_text_test (verbose);
    scrape_json_test (verbose);
    scrape_bulletin_test (verbose);
    scrape_stamp_test (verbose);
    scrape_result_test (verbose);
    scrape_html_test (verbose);
    scrape_validate_test (verbose);
    scrape_sources_test (verbose);
    printf ("scraper unit tests passed\n");
    return 0;
}
