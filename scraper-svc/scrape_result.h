/*  scrape_result - what one parsed page says: rows of case counts per
    province and day, the page's own date, warnings, and an error reason.

    Every parser fills one of these. A row is {province code, day, kind,
    value}; the kind tells daily new cases from cumulative totals. Names are
    resolved to official codes with the province matcher; names that match no
    province become warnings, national rows ("Cả nước") are skipped.
*/
#ifndef SCRAPE_RESULT_H_INCLUDED
#define SCRAPE_RESULT_H_INCLUDED

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vc_date.h"
#include "vc_province.h"
#include "vc_said.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    SCRAPE_DAILY = 1,           //  New cases on that day
    SCRAPE_TOTAL = 2            //  Cumulative cases up to and including that day
} scrape_kind_t;

typedef struct {
    int code;                   //  Official province code
    vc_day_t day;
    scrape_kind_t kind;
    int64_t value;              //  May be negative: validation rejects it
} scrape_row_t;

#define SCRAPE_RESULT_MAX_ROWS      100000
#define SCRAPE_RESULT_MAX_WARNINGS  200
#define SCRAPE_RESULT_MAX_NOTES     32

typedef struct _scrape_result_t scrape_result_t;

scrape_result_t *scrape_result_new (void);
void scrape_result_destroy (scrape_result_t **self_p);

//  Add a row with a known code. Returns 0, or -1 (out of memory, too many
//  rows: the result then carries an error).
int scrape_result_add (scrape_result_t *self, int code, vc_day_t day,
                       scrape_kind_t kind, int64_t value);

//  Resolve a province name as written on the page into *code. Footnote
//  marks and stray spaces are dropped first. Returns 0 when resolved, 1 when
//  the name is a national total (skip it silently) or unknown (a warning is
//  kept and the unknown count grows).
int scrape_result_resolve (scrape_result_t *self, vc_provinces_t *provinces,
                           const char *name, int64_t value, int *code);

//  Add a row by province name as written on the page. Footnote marks and
//  stray spaces are dropped first. Returns 0 when a row was added, 1 when the
//  name was skipped (national total) or unknown (then a warning is kept),
//  -1 as scrape_result_add.
int scrape_result_add_named (scrape_result_t *self, vc_provinces_t *provinces,
                             const char *name, vc_day_t day,
                             scrape_kind_t kind, int64_t value);

size_t scrape_result_size (const scrape_result_t *self);

//  Drop every row from index size on (to undo a row read from a cut page).
void scrape_result_truncate (scrape_result_t *self, size_t size);
const scrape_row_t *scrape_result_at (const scrape_result_t *self, size_t index);

//  Value of the first row for (code, day, kind); -1 when there is none.
int scrape_result_find (const scrape_result_t *self, int code, vc_day_t day,
                        scrape_kind_t kind, int64_t *value);

//  Number of distinct provinces having at least one row.
size_t scrape_result_provinces (const scrape_result_t *self);

//  Number of names that matched no province.
size_t scrape_result_unknown (const scrape_result_t *self);

//  The date the page states about itself (or the fetch day as fallback).
void scrape_result_set_day (scrape_result_t *self, vc_day_t day);
bool scrape_result_has_day (const scrape_result_t *self);
vc_day_t scrape_result_day (const scrape_result_t *self);

//  The page ended before its closing tags: some rows may be missing.
void scrape_result_set_truncated (scrape_result_t *self);
bool scrape_result_truncated (const scrape_result_t *self);

//  Warnings: kept up to SCRAPE_RESULT_MAX_WARNINGS, then only counted.
void scrape_result_warn (scrape_result_t *self, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));
size_t scrape_result_warnings (const scrape_result_t *self);
const char *scrape_result_warning (const scrape_result_t *self, size_t index);

//  Notes: what of the page was read and what was skipped, and why, one
//  line each ("read: 58 provinces after 'Các tỉnh, thành phố ghi nhận ca
//  bệnh như sau', sum 26372 as stated", "skipped: 16 provinces after
//  '... biến thể Omicron' (cumulative)"). Kept up to SCRAPE_RESULT_MAX_NOTES.
void scrape_result_note (scrape_result_t *self, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));
size_t scrape_result_notes (const scrape_result_t *self);
const char *scrape_result_note_at (const scrape_result_t *self, size_t index);

//  Mark the result failed with a reason; always returns -1 so parsers can
//  `return scrape_result_fail (result, "...")`. The first reason is kept.
int scrape_result_fail (scrape_result_t *self, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  The failure reason, or NULL if the page parsed.
const char *scrape_result_error (const scrape_result_t *self);
//  The same with its message id and values (vc_said.h), or NULL if the
//  page parsed.
const vc_said_t *scrape_result_error_said (const scrape_result_t *self);

//  Print rows (with province names when provinces is given) and warnings.
void scrape_result_print (const scrape_result_t *self,
                          vc_provinces_t *provinces, FILE *file);

//  "daily" or "total".
const char *scrape_kind_name (scrape_kind_t kind);

void scrape_result_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
