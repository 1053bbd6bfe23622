/*  scrape_validate - decide whether a parsed page may be stored.

    A result is rejected, with a reason, when it failed to parse, came from
    a page cut short, has no rows, covers fewer provinces than the source's minimum, holds a negative
    or implausibly large count, has rows dated after the allowed last day, or
    gives two different values for the same province, day and kind.
    Totals can also be checked against the totals already stored: a total
    smaller than the one stored before is rejected.
*/
#ifndef SCRAPE_VALIDATE_H_INCLUDED
#define SCRAPE_VALIDATE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scrape_result.h"
#include "vc_province.h"

#ifdef __cplusplus
extern "C" {
#endif

//  Province codes run 1..96; arrays indexed by code have this many slots.
#define SCRAPE_CODE_SLOTS 100
//  "No stored value" in an array of previous totals.
#define SCRAPE_NO_VALUE (-1)

typedef struct {
    size_t min_provinces;       //  Distinct provinces required; 0 means 1
    int64_t max_value;          //  Larger counts are implausible; 0 = 200 000 000
    vc_day_t max_day;           //  Rows after this day are rejected; 0 = no check
} scrape_rules_t;

//  Check a result. Returns 0, or -1 with a human reason in reason.
//  provinces (may be NULL) only names provinces in reasons.
int scrape_validate (const scrape_result_t *result, const scrape_rules_t *rules,
                     vc_provinces_t *provinces, char *reason, size_t reason_size);
//  The same, the reason with its message id and values (vc_said.h): the
//  parser's, the page's own checks, its rows' and their conflicts'; its
//  text cut to VC_SAID_MAX bytes.
int scrape_validate_said (const scrape_result_t *result, const scrape_rules_t *rules,
                          vc_provinces_t *provinces, vc_said_t *said);

//  Check totals against stored ones: previous [code] is the stored total of
//  that province (SCRAPE_NO_VALUE if none), count the array's length.
//  Returns 0, or -1 with the first province whose total went down, said
//  with its message id.
int scrape_validate_totals (const scrape_result_t *result, const int64_t *previous,
                            size_t count, vc_provinces_t *provinces, vc_said_t *said);

void scrape_validate_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
