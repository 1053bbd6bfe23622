/*  cli_table - the command-line client's output formatter: rows of named,
    typed columns printed as an aligned table for people (header in bold on
    a terminal, NO_COLOR honoured), as CSV (RFC 4180) or as JSON (an array
    of objects) for programs. Every listing command and view builds one;
    a single answer is a table of one row.

    Numbers show the Vietnamese way (1.270) in tables and plain in CSV and
    JSON; dates (yyyy-mm-dd) show as dd-mm-yyyy in tables; times (seconds
    since the epoch) show as local date and time.
*/
#ifndef CLI_TABLE_H_INCLUDED
#define CLI_TABLE_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum {
    CLI_FORMAT_TABLE,       //  For people (the default)
    CLI_FORMAT_CSV,
    CLI_FORMAT_JSON
} cli_format_t;

typedef enum {
    CLI_COL_TEXT,           //  Left-aligned string
    CLI_COL_INT,            //  Right-aligned integer
    CLI_COL_DATE,           //  yyyy-mm-dd, dd-mm-yyyy in tables
    CLI_COL_TIME,           //  Seconds since the epoch, local time; 0: none
    CLI_COL_BOOL            //  yes/no in tables, true/false in JSON
} cli_col_t;

typedef struct _cli_table_t cli_table_t;

//  "table", "csv" or "json" into *format; 0, or -1 if none of them.
int cli_format_parse (const char *name, cli_format_t *format);

//  Whether to colour what goes to out: a terminal and NO_COLOR unset/empty.
bool cli_colour (FILE *out);

//  A new table; NULL when out of memory. The builders below do nothing on
//  a NULL table; a cell, row or column they find no memory for fails the
//  table (cli_table_failed), which then prints nothing: one check, at the
//  print, covers the whole build.
cli_table_t *cli_table_new (void);
void cli_table_destroy (cli_table_t **self_p);

//  Declare the columns first (name is the CSV header and the JSON key).
void cli_table_column (cli_table_t *self, const char *name, cli_col_t type);

//  Start a row, then give its cells in column order.
void cli_table_row (cli_table_t *self);
void cli_table_text (cli_table_t *self, const char *value);
void cli_table_int (cli_table_t *self, int64_t value);
//  A cell without a value: "-" in a table, empty in CSV, null in JSON.
void cli_table_none (cli_table_t *self);

size_t cli_table_rows (cli_table_t *self);
//  True for a NULL table or one that found no memory for a part.
bool cli_table_failed (cli_table_t *self);

//  Print the whole table; returns 0, or -1 if it failed (cli_table_failed)
//  or writing did.
int cli_table_print (cli_table_t *self, cli_format_t format, FILE *out);

//  Display width of UTF-8 text (combining marks take no column).
size_t cli_text_width (const char *text);

void cli_table_test (bool verbose);

#endif
