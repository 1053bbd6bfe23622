/*  scrape_text - text helpers shared by the page parsers.

    Whitespace folding (including UTF-8 no-break and thin spaces), UTF-8
    validity, signed case counts as written by Vietnamese sources ("502.632",
    "+1.270", "-12"), national-row names, and dates found inside prose
    ("ngày 15/12/2021", "15-12-2021", "2021-12-15", "Ngày 15/12").
*/
#ifndef SCRAPE_TEXT_H_INCLUDED
#define SCRAPE_TEXT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vc_date.h"

#ifdef __cplusplus
extern "C" {
#endif


//  Collapse every run of white space (ASCII, U+00A0, U+2000..U+200B,
//  U+202F, U+3000) into one ASCII space and trim both ends, in place.
void scrape_text_squash (char *text);

//  Remove footnote marks such as "[a]", "[12]", "(*)" and trailing '*'
//  from a name, in place, then squash it.
void scrape_text_strip_notes (char *text);

//  Parse a case count cell. Returns 0 with *value set (negative allowed
//  with '-' or U+2212), 1 when the cell is blank ("", "-", "—", "N/A"),
//  -1 when it is not a number.
int scrape_text_count (const char *text, int64_t *value);

//  True if the name means the whole country rather than a province.
bool scrape_text_is_national (const char *name);

//  A date found in text.
typedef struct {
    vc_day_t day;
    size_t offset;              //  Byte offset of the match in the text
    bool has_year;              //  False for "15/12": year was inferred
} scrape_date_t;

//  Find dates in text: d/m/yyyy, d-m-yyyy, d.m.yyyy, yyyy-mm-dd and, when
//  reference is not 0, d/m without a year (year taken from reference, or
//  the year before if the date would lie more than a day after it). Fills
//  up to max entries in text order; returns how many were found.
size_t scrape_text_dates (const char *text, vc_day_t reference,
                          scrape_date_t *out, size_t max);

//  The first day and month of a title, "15/12" or "14-12", not part of a
//  longer number nor a full date, and not a fraction or a quantity by its
//  neighbours: after "gần", "hơn", "khoảng", "chiếm", "giảm" ... ("gần
//  1/2") or before "số", "ca", "so với" ... ("1/3 số ca"), unless "ngày"
//  comes right before it ("ngày 1/2 ca mắc mới"). False if there is none.
bool scrape_text_day_month (const char *title, int *mday, int *month);

//  Case-insensitive search for an ASCII needle; NULL if absent.
const char *scrape_text_find (const char *haystack, size_t size,
                              const char *needle);

void scrape_text_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
