/*  cli_table - rows of typed columns printed as a table, CSV or JSON.  */
#include <czmq.h>
#include <json-c/json.h>
#include <time.h>
#include "cli_table.h"
#include "vc_check.h"
#include "vc_date.h"
#include "vc_i18n.h"
#include "vc_number.h"
#include "vc_text.h"

#define CLI_COLUMNS_MAX 16

typedef struct {
    char *name;
    cli_col_t type;
} column_t;

struct _cli_table_t {
    column_t columns [CLI_COLUMNS_MAX];
    size_t ncolumns;
    zlist_t *rows;              //  Each a char * [ncolumns]; NULL: no value
    char **row;                 //  The row being filled
    size_t cell;                //  Next cell of it
    bool failed;                //  A cell, row or column found no memory
};

int
cli_format_parse (const char *name, cli_format_t *format)
{
    static const char *names [] = { "table", "csv", "json" };
    for (int i = 0; i < 3; i++)
        if (name && streq (name, names [i])) {
            *format = (cli_format_t) i;
            return 0;
        }
    return -1;
}

bool
cli_colour (FILE *out)
{
    const char *no_colour = getenv ("NO_COLOR");
    return isatty (fileno (out)) && !(no_colour && *no_colour);
}

static void
s_row_free (void *item)
{
    char **row = (char **) item;
    for (size_t i = 0; i < CLI_COLUMNS_MAX; i++)
        free (row [i]);
    free (row);
}

cli_table_t *
cli_table_new (void)
{
    cli_table_t *self = (cli_table_t *) calloc (1, sizeof (cli_table_t));
    if (self)
        self->rows = zlist_new ();
    if (self && !self->rows)
        cli_table_destroy (&self);
    return self;
}

void
cli_table_destroy (cli_table_t **self_p)
{
    cli_table_t *self = *self_p;
    if (!self)
        return;
    char **row;
    while (self->rows && (row = (char **) zlist_pop (self->rows)))
        s_row_free (row);
    zlist_destroy (&self->rows);
    for (size_t i = 0; i < self->ncolumns; i++)
        free (self->columns [i].name);
    free (self);
    *self_p = NULL;
}

void
cli_table_column (cli_table_t *self, const char *name, cli_col_t type)
{
    if (!self || self->failed)
        return;
    assert (self->ncolumns < CLI_COLUMNS_MAX && zlist_size (self->rows) == 0);
    self->columns [self->ncolumns].name = strdup (name);
    if (!self->columns [self->ncolumns].name)
        self->failed = true;
    else
        self->columns [self->ncolumns++].type = type;
}

void
cli_table_row (cli_table_t *self)
{
    if (!self || self->failed)
        return;
    self->row = (char **) calloc (CLI_COLUMNS_MAX, sizeof (char *));
    if (!self->row || zlist_append (self->rows, self->row)) {
        free (self->row);
        self->row = NULL;
        self->failed = true;
    }
    self->cell = 0;
}

void
cli_table_text (cli_table_t *self, const char *value)
{
    if (!self || self->failed || !self->row || self->cell >= self->ncolumns)
        return;
    self->row [self->cell] = strdup (value ? value : "");
    if (!self->row [self->cell])
        self->failed = true;
    self->cell++;
}

void
cli_table_int (cli_table_t *self, int64_t value)
{
    char text [24];
    snprintf (text, sizeof text, "%" PRId64, value);
    cli_table_text (self, text);
}

void
cli_table_none (cli_table_t *self)
{
    if (self && self->row && self->cell < self->ncolumns)
        self->cell++;
}

size_t
cli_table_rows (cli_table_t *self)
{
    return self ? zlist_size (self->rows) : 0;
}

bool
cli_table_failed (cli_table_t *self)
{
    return !self || self->failed;
}

size_t
cli_text_width (const char *text)
{
    size_t width = 0;
    const unsigned char *p = (const unsigned char *) text;
    while (*p) {
        unsigned int code = *p;
        int extra = code >= 0xF0 ? 3 : code >= 0xE0 ? 2 : code >= 0xC0 ? 1 : 0;
        if (extra)
            code &= 0x3F >> extra;
        p++;
        for (int i = 0; i < extra && (*p & 0xC0) == 0x80; i++)
            code = (code << 6) | (*p++ & 0x3F);
        bool combining = (code >= 0x300 && code <= 0x36F) || code == 0x200B;
        if (!combining && (code >= 0x20 || extra))
            width++;
    }
    return width;
}

//  A time as local "dd-mm-yyyy HH:MM" (table, as dates read here) or ISO
//  8601 with the zone's offset (CSV and JSON).
static void
s_time_text (const char *value, bool iso, char *out, size_t size)
{
    time_t seconds = (time_t) strtoll (value, NULL, 10);
    struct tm tm;
    if (seconds <= 0 || !localtime_r (&seconds, &tm)) {
        vc_text_copy (out, size, iso ? "" : "-");
        return;
    }
    strftime (out, size, iso ? "%Y-%m-%dT%H:%M:%S%z" : "%d-%m-%Y %H:%M", &tm);
}

//  A cell as shown in a table.
static void
s_cell_text (cli_col_t type, const char *value, char *out, size_t size)
{
    vc_day_t day;
    char err [64];
    if (!value)
        snprintf (out, size, "-");
    else
    if (type == CLI_COL_INT)
        vc_number_format (strtoll (value, NULL, 10), out, size);
    else
    if (type == CLI_COL_DATE && *value && vc_date_parse (value, &day, err, sizeof err) == 0)
        vc_date_format_vn (day, out, size);
    else
    if (type == CLI_COL_TIME)
        s_time_text (value, false, out, size);
    else
    if (type == CLI_COL_BOOL)
        vc_text_copy (out, size, streq (value, "0") || !*value ? _("no") : _("yes"));
    else
        vc_text_copy (out, size, value);
}

static void
s_pad (FILE *out, size_t count)
{
    for (size_t i = 0; i < count; i++)
        fputc (' ', out);
}

static void
s_print_cell (cli_table_t *self, FILE *out, size_t col, const char *text, size_t width)
{
    size_t pad = width - cli_text_width (text);
    bool right = self->columns [col].type == CLI_COL_INT;
    bool last = col + 1 == self->ncolumns;
    if (right)
        s_pad (out, pad);
    fputs (text, out);
    if (!right && !last)
        s_pad (out, pad);
    fputs (last ? "\n" : "  ", out);
}

//  A column's heading for people: its name (the CSV header and JSON key)
//  in words, in the person's language
static const struct {
    const char *name;
    const char *words;
} s_headings [] = {
    { "address", N_("address") }, { "ascii", N_("without accents") },
    { "as_of", N_("as of") }, { "average7", N_("7-day average") },
    { "average7_per100k", N_("7-day average per 100,000") }, { "cases", N_("cases") },
    { "client", N_("client") }, { "clients", N_("clients") }, { "code", N_("code") },
    { "date", N_("date") }, { "days_since_case", N_("days since a case") },
    { "deaths", N_("deaths") }, { "detail", N_("detail") }, { "epoch", N_("broker run") },
    { "events", N_("events at") }, { "failures", N_("failures") },
    { "finished", N_("finished at") }, { "from", N_("from") }, { "health", N_("health") },
    { "instance", N_("instance") }, { "instances", N_("instances") }, { "kind", N_("kind") },
    { "message", N_("message") }, { "name", N_("name") }, { "new_cases", N_("new cases") },
    { "peer_events", N_("peer's events at") }, { "population", N_("population") },
    { "province", N_("province") }, { "provinces", N_("provinces") },
    { "queued", N_("queued") }, { "rank", N_("rank") }, { "rank_of", N_("ranked among") },
    { "rates", N_("rates") }, { "reports", N_("reports") }, { "requests", N_("requests") },
    { "rows", N_("rows") }, { "service", N_("service") }, { "source", N_("source") },
    { "started", N_("started at") }, { "status", N_("status") }, { "to", N_("to") },
    { "total", N_("total") }, { "total_deaths", N_("total deaths") },
    { "total_kind", N_("kind of total") }, { "total_per100k", N_("total per 100,000") },
    { "uptime", N_("uptime") }, { "user", N_("user") },
};

static const char *
s_heading (const char *name)
{
    for (size_t i = 0; i < sizeof s_headings / sizeof s_headings [0]; i++)
        if (streq (s_headings [i].name, name))
            return _(s_headings [i].words);
    return name;
}

static int
s_print_table (cli_table_t *self, FILE *out)
{
    size_t widths [CLI_COLUMNS_MAX];
    char text [512];
    for (size_t col = 0; col < self->ncolumns; col++)
        widths [col] = cli_text_width (s_heading (self->columns [col].name));
    for (char **row = (char **) zlist_first (self->rows); row; row = (char **) zlist_next (self->rows))
        for (size_t col = 0; col < self->ncolumns; col++) {
            s_cell_text (self->columns [col].type, row [col], text, sizeof text);
            size_t width = cli_text_width (text);
            widths [col] = width > widths [col] ? width : widths [col];
        }
    bool colour = cli_colour (out);
    if (colour)
        fputs ("\033[1m", out);
    for (size_t col = 0; col < self->ncolumns; col++) {
        if (colour && col + 1 == self->ncolumns)
            fputs ("\033[0m", out);     //  Before the newline
        s_print_cell (self, out, col, s_heading (self->columns [col].name), widths [col]);
    }
    for (char **row = (char **) zlist_first (self->rows); row; row = (char **) zlist_next (self->rows))
        for (size_t col = 0; col < self->ncolumns; col++) {
            s_cell_text (self->columns [col].type, row [col], text, sizeof text);
            s_print_cell (self, out, col, text, widths [col]);
        }
    return ferror (out) ? -1 : 0;
}

//  One CSV field: quoted when it holds a comma, quote or line break.
static void
s_csv_field (FILE *out, const char *value)
{
    if (!strpbrk (value, ",\"\r\n")) {
        fputs (value, out);
        return;
    }
    fputc ('"', out);
    for (const char *p = value; *p; p++) {
        if (*p == '"')
            fputc ('"', out);
        fputc (*p, out);
    }
    fputc ('"', out);
}

//  A cell's value for CSV and JSON (times as ISO 8601).
static const char *
s_data_value (cli_col_t type, const char *value, char *buffer, size_t size)
{
    if (!value)
        return "";
    if (type == CLI_COL_TIME) {
        s_time_text (value, true, buffer, size);
        return buffer;
    }
    if (type == CLI_COL_BOOL)
        return streq (value, "0") || !*value ? "false" : "true";
    return value;
}

static int
s_print_csv (cli_table_t *self, FILE *out)
{
    char buffer [64];
    for (size_t col = 0; col < self->ncolumns; col++) {
        s_csv_field (out, self->columns [col].name);
        fputs (col + 1 < self->ncolumns ? "," : "\r\n", out);
    }
    for (char **row = (char **) zlist_first (self->rows); row; row = (char **) zlist_next (self->rows))
        for (size_t col = 0; col < self->ncolumns; col++) {
            s_csv_field (out, s_data_value (self->columns [col].type, row [col], buffer, sizeof buffer));
            fputs (col + 1 < self->ncolumns ? "," : "\r\n", out);
        }
    return ferror (out) ? -1 : 0;
}

static json_object *
s_json_value (cli_col_t type, const char *value)
{
    char buffer [64];
    if (!value)
        return NULL;        //  null
    if (type == CLI_COL_INT)
        return json_object_new_int64 (strtoll (value, NULL, 10));
    if (type == CLI_COL_BOOL)
        return json_object_new_boolean (!(streq (value, "0") || !*value));
    if (type == CLI_COL_TIME && strtoll (value, NULL, 10) <= 0)
        return NULL;
    return json_object_new_string (s_data_value (type, value, buffer, sizeof buffer));
}

static int
s_print_json (cli_table_t *self, FILE *out)
{
    json_object *array = json_object_new_array ();
    if (!array)
        return -1;
    for (char **row = (char **) zlist_first (self->rows); row; row = (char **) zlist_next (self->rows)) {
        json_object *object = json_object_new_object ();
        if (!object || json_object_array_add (array, object)) {
            json_object_put (object);
            json_object_put (array);
            return -1;
        }
        for (size_t col = 0; col < self->ncolumns; col++)
            json_object_object_add (object, self->columns [col].name,
                                    s_json_value (self->columns [col].type, row [col]));
    }
    fprintf (out, "%s\n", json_object_to_json_string_ext (array,
             JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put (array);
    return ferror (out) ? -1 : 0;
}

int
cli_table_print (cli_table_t *self, cli_format_t format, FILE *out)
{
    if (cli_table_failed (self))
        return -1;
    int rc = format == CLI_FORMAT_CSV ? s_print_csv (self, out)
           : format == CLI_FORMAT_JSON ? s_print_json (self, out)
           : s_print_table (self, out);
    fflush (out);
    return rc;
}

//  Self-test: print into a memory stream and compare.
static char *
s_render (cli_table_t *table, cli_format_t format)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    VC_CHECK (out);
    cli_table_print (table, format, out);
    fclose (out);
    return text;
}

void
cli_table_test (bool verbose)
{
    if (verbose)
        printf (" * cli_table: ");
    cli_format_t format;
    VC_CHECK (cli_format_parse ("csv", &format) == 0 && format == CLI_FORMAT_CSV);
    VC_CHECK (cli_format_parse ("xml", &format) == -1);
    VC_CHECK (cli_text_width ("Hồ Chí Minh") == 11);
    VC_CHECK (cli_text_width ("Ho\xcc\x82") == 2);         //  o + combining circumflex
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "province", CLI_COL_TEXT);
    cli_table_column (table, "cases", CLI_COL_INT);
    cli_table_column (table, "date", CLI_COL_DATE);
    cli_table_row (table);
    cli_table_text (table, "Hồ Chí Minh");
    cli_table_int (table, 1270);
    cli_table_text (table, "2021-12-15");
    cli_table_row (table);
    cli_table_text (table, "Huế, \"old\"");
    cli_table_int (table, 5);
    VC_CHECK (cli_table_rows (table) == 2);
    char *text = s_render (table, CLI_FORMAT_TABLE);
    VC_CHECK (streq (text, "province     cases  date\n"
                           "Hồ Chí Minh  1.270  15-12-2021\n"
                           "Huế, \"old\"       5  -\n"));
    free (text);
    text = s_render (table, CLI_FORMAT_CSV);
    VC_CHECK (streq (text, "province,cases,date\r\nHồ Chí Minh,1270,2021-12-15\r\n"
                           "\"Huế, \"\"old\"\"\",5,\r\n"));
    free (text);
    text = s_render (table, CLI_FORMAT_JSON);
    VC_CHECK (strstr (text, "\"cases\": 1270") && strstr (text, "\"date\": null")
           && strstr (text, "\"province\": \"Huế, \\\"old\\\"\""));
    free (text);
    cli_table_destroy (&table);
    VC_CHECK (table == NULL);
    //  What cli_table_new gives out of memory: built on, printed as a failure
    cli_table_column (table, "province", CLI_COL_TEXT);
    cli_table_row (table);
    cli_table_text (table, "Huế");
    cli_table_none (table);
    VC_CHECK (cli_table_failed (table) && cli_table_rows (table) == 0);
    VC_CHECK (cli_table_print (table, CLI_FORMAT_CSV, stdout) == -1);
    if (verbose)
        printf ("OK\n");
}
