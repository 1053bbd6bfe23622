/*  cli_format - prints the services' replies for people: a sentence for a
    single answer, a table for a list (numbers written the Vietnamese way,
    1.270; dates as dd-mm-yyyy; times local), or, with --format=csv|json,
    the same answers as CSV or JSON. With --raw the commands print the
    reply's map instead.  */
#include "cli.h"
#include "vc_date.h"
#include "vc_number.h"
#include "vc_object.h"

//  yyyy-mm-dd from the server, shown as dd-mm-yyyy (in place).
static char *
s_vn_date (char *date, size_t size)
{
    vc_day_t day;
    char err [64];
    if (*date && vc_date_parse (date, &day, err, sizeof err) == 0)
        vc_date_format_vn (day, date, size);
    return date;
}

//  A date field of a reply, as dd-mm-yyyy.
static char *
s_reply_date (vc_reply_t *reply, const char *key, char *out, size_t size)
{
    vc_reply_str (reply, key, out, size);
    return s_vn_date (out, size);
}

//  String and integer fields of a reply as cells of a one-row table:
//  "name" a text column, "name:i" an integer, "name:d" a date.
static void
s_print_fields (cli_t *cli, vc_reply_t *reply, const char *const *fields)
{
    cli_table_t *table = cli_table_new ();
    for (const char *const *field = fields; *field; field++) {
        const char *colon = strchr (*field, ':');
        char name [64];
        snprintf (name, sizeof name, "%.*s", colon ? (int) (colon - *field) : 63, *field);
        cli_table_column (table, name, !colon ? CLI_COL_TEXT
                                     : colon [1] == 'i' ? CLI_COL_INT : CLI_COL_DATE);
    }
    cli_table_row (table);
    for (const char *const *field = fields; *field; field++) {
        char name [64], value [256];
        const char *colon = strchr (*field, ':');
        snprintf (name, sizeof name, "%.*s", colon ? (int) (colon - *field) : 63, *field);
        if (colon && colon [1] == 'i')
            cli_table_int (table, vc_reply_int (reply, name, 0));
        else
            cli_table_text (table, vc_reply_str (reply, name, value, sizeof value));
    }
    cli_output (cli, &table);
}

void
cli_print_message (cli_t *cli, vc_reply_t *reply)
{
    static const char *const fields [] = { "message", NULL };
    if (cli->format == CLI_FORMAT_TABLE)
        printf ("%s\n", reply->message);
    else
        s_print_fields (cli, reply, fields);
}

//  Any reply, printed as its msgpack map.
void
cli_print_raw (cli_t *cli, vc_reply_t *reply)
{
    (void) cli;
    msgpack_object_print (stdout, *vc_body_root (reply->body));
    printf ("\n");
}

void
cli_print_ping (cli_t *cli, vc_reply_t *reply)
{
    static const char *const fields [] = { "message", "service", "instance", "epoch",
                                           "uptime:i", "clients:i", "events", NULL };
    if (cli->format != CLI_FORMAT_TABLE) {
        s_print_fields (cli, reply, fields);
        return;
    }
    char instance [128], events [256];
    vc_reply_str (reply, "instance", instance, sizeof instance);
    vc_reply_str (reply, "events", events, sizeof events);
    if (*instance)
        printf (_("%s from %s\n"), reply->message, instance);
    else
    if (*events)
        printf (_("%s (broker up %lld s, %lld clients, events on %s)\n"), reply->message,
                (long long) vc_reply_int (reply, "uptime", 0),
                (long long) vc_reply_int (reply, "clients", 0), events);
    else
        printf ("%s\n", reply->message);
}

void
cli_print_lookup (cli_t *cli, vc_reply_t *reply)
{
    static const char *const total [] = { "province", "code:i", "total:i", "as_of:d", "kind", NULL };
    static const char *const daily [] = { "province", "code:i", "date:d", "new_cases:i", NULL };
    char province [128], date [16], as_of [16], number [32], kind [32];
    vc_reply_str (reply, "province", province, sizeof province);
    vc_reply_str (reply, "kind", kind, sizeof kind);
    s_reply_date (reply, "date", date, sizeof date);
    if (cli->format != CLI_FORMAT_TABLE)
        s_print_fields (cli, reply, *date ? daily : total);
    else
    if (*date)
        printf (_("%s, %s: %s new cases\n"), province, date,
                vc_number_format (vc_reply_int (reply, "new_cases", 0), number, sizeof number));
    else
        printf (_("%s: %s total cases (as of %s%s%s)\n"), province,
                vc_number_format (vc_reply_int (reply, "total", 0), number, sizeof number),
                s_reply_date (reply, "as_of", as_of, sizeof as_of), *kind ? ", " : "", kind);
}

//  A series' days (the generated decoder), each given to fn as an ISO date
static int64_t
s_each_day (const vc_data_series_reply_t *series,
            void (*fn) (void *arg, const char *date, int64_t cases), void *arg)
{
    int64_t sum = 0;
    for (size_t i = 0; i < series->days_count; i++) {
        char date [16];
        vc_date_format_iso (series->days [i].date, date, sizeof date);
        sum += series->days [i].new_cases;
        fn (arg, date, series->days [i].new_cases);
    }
    return sum;
}

static void
s_day_text (void *arg, const char *date, int64_t cases)
{
    (void) arg;
    char vn [16], number [32];
    snprintf (vn, sizeof vn, "%s", date);
    printf ("  %s %10s\n", s_vn_date (vn, sizeof vn), vc_number_format (cases, number, sizeof number));
}

static void
s_day_row (void *arg, const char *date, int64_t cases)
{
    cli_table_t *table = (cli_table_t *) arg;
    cli_table_row (table);
    cli_table_text (table, date);
    cli_table_int (table, cases);
}

//  A reply that is not of the operation's shape
static void
s_malformed (vc_reply_t *reply)
{
    fprintf (stderr, "vc-cli: %s: %s\n", _("the server's answer is malformed"),
             reply->body ? vc_body_error (reply->body) : "");
}

void
cli_print_series (cli_t *cli, vc_reply_t *reply)
{
    vc_data_series_reply_t series;
    if (!reply->body || vc_data_series_reply_decode (reply->body, &series)) {
        s_malformed (reply);
        return;
    }
    char from [16], to [16], number [32];
    if (cli->format == CLI_FORMAT_TABLE) {
        printf (_("%s, new cases each day from %s to %s:\n"), series.province,
                s_reply_date (reply, "from", from, sizeof from), s_reply_date (reply, "to", to, sizeof to));
        int64_t sum = s_each_day (&series, s_day_text, NULL);
        printf (_("  %u days, %s new cases in all\n"), (unsigned) series.days_count,
                vc_number_format (sum, number, sizeof number));
        return;
    }
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "date", CLI_COL_DATE);
    cli_table_column (table, "new_cases", CLI_COL_INT);
    s_each_day (&series, s_day_row, table);
    cli_output (cli, &table);
}

void
cli_print_national (cli_t *cli, vc_reply_t *reply)
{
    static const char *const total [] = { "total:i", "as_of:d", "provinces:i", NULL };
    static const char *const daily [] = { "date:d", "new_cases:i", "provinces:i", NULL };
    char date [16], as_of [16], number [32];
    int64_t provinces = vc_reply_int (reply, "provinces", 0);
    bool on_date = *s_reply_date (reply, "date", date, sizeof date);
    if (cli->format != CLI_FORMAT_TABLE)
        s_print_fields (cli, reply, on_date ? daily : total);
    else
    if (on_date)
        printf (_("Việt Nam, %s: %s new cases (%lld provinces reporting)\n"), date,
                vc_number_format (vc_reply_int (reply, "new_cases", 0), number, sizeof number),
                (long long) provinces);
    else
        printf (_("Việt Nam: %s total cases (sum of daily reports up to %s)\n"),
                vc_number_format (vc_reply_int (reply, "total", 0), number, sizeof number),
                s_reply_date (reply, "as_of", as_of, sizeof as_of));
}

void
cli_print_top (cli_t *cli, vc_reply_t *reply)
{
    vc_data_top_reply_t top;
    if (!reply->body || vc_data_top_reply_decode (reply->body, &top)) {
        s_malformed (reply);
        return;
    }
    char date [16], number [32];
    vc_date_format_iso (top.date, date, sizeof date);
    if (cli->format == CLI_FORMAT_TABLE) {
        printf (_("Most new cases on %s:\n"), s_vn_date (date, sizeof date));
        for (size_t i = 0; i < top.rows_count; i++)
            printf ("  %2u. %10s  %s\n", (unsigned) i + 1,
                    vc_number_format (top.rows [i].new_cases, number, sizeof number), top.rows [i].province);
        return;
    }
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "rank", CLI_COL_INT);
    cli_table_column (table, "province", CLI_COL_TEXT);
    cli_table_column (table, "code", CLI_COL_INT);
    cli_table_column (table, "date", CLI_COL_DATE);
    cli_table_column (table, "new_cases", CLI_COL_INT);
    for (size_t i = 0; i < top.rows_count; i++) {
        cli_table_row (table);
        cli_table_int (table, (int64_t) i + 1);
        cli_table_text (table, top.rows [i].province);
        cli_table_int (table, top.rows [i].code);
        cli_table_text (table, date);
        cli_table_int (table, top.rows [i].new_cases);
    }
    cli_output (cli, &table);
}

void
cli_print_provinces (cli_t *cli, vc_reply_t *reply)
{
    vc_data_provinces_reply_t list;
    if (!reply->body || vc_data_provinces_reply_decode (reply->body, &list)) {
        s_malformed (reply);
        return;
    }
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "code", CLI_COL_INT);
    cli_table_column (table, "name", CLI_COL_TEXT);
    cli_table_column (table, "ascii", CLI_COL_TEXT);
    for (size_t i = 0; i < list.provinces_count; i++) {
        const vc_province_row_t *row = list.provinces + i;
        if (cli->format == CLI_FORMAT_TABLE)
            printf ("%3" PRId64 "  %s (%s)\n", row->code, row->name, row->ascii);
        cli_table_row (table);
        cli_table_int (table, row->code);
        cli_table_text (table, row->name);
        cli_table_text (table, row->ascii);
    }
    if (cli->format != CLI_FORMAT_TABLE)
        cli_output (cli, &table);
    cli_table_destroy (&table);
}

void
cli_print_range (cli_t *cli, vc_reply_t *reply)
{
    static const char *const fields [] = { "from:d", "to:d", NULL };
    char from [16], to [16];
    if (cli->format != CLI_FORMAT_TABLE)
        s_print_fields (cli, reply, fields);
    else
        printf (_("Daily figures from %s to %s\n"), s_reply_date (reply, "from", from, sizeof from),
                s_reply_date (reply, "to", to, sizeof to));
}

void
cli_print_services (cli_t *cli, vc_reply_t *reply)
{
    char text [128];
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "service", CLI_COL_TEXT);
    cli_table_column (table, "health", CLI_COL_TEXT);
    cli_table_column (table, "instances", CLI_COL_INT);
    cli_table_column (table, "queued", CLI_COL_INT);
    cli_table_column (table, "requests", CLI_COL_INT);
    cli_table_column (table, "failures", CLI_COL_INT);
    const msgpack_object *list = vc_body_list (reply->body, "services");
    for (uint32_t i = 0; list && i < list->via.array.size; i++) {
        const msgpack_object *row = &list->via.array.ptr [i];
        cli_table_row (table);
        cli_table_text (table, vc_map_str (row, "name", text, sizeof text));
        cli_table_text (table, vc_map_str (row, "health", text, sizeof text));
        cli_table_int (table, vc_map_int (row, "instances", 0));
        cli_table_int (table, vc_map_int (row, "queued", 0));
        cli_table_int (table, vc_map_int (row, "requests", 0));
        cli_table_int (table, vc_map_int (row, "failures", 0));
    }
    cli_output (cli, &table);
}

void
cli_print_clients (cli_t *cli, vc_reply_t *reply)
{
    char text [128];
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "client", CLI_COL_TEXT);
    cli_table_column (table, "kind", CLI_COL_TEXT);
    cli_table_column (table, "user", CLI_COL_TEXT);
    cli_table_column (table, "address", CLI_COL_TEXT);
    const msgpack_object *list = vc_body_list (reply->body, "clients");
    for (uint32_t i = 0; list && i < list->via.array.size; i++) {
        const msgpack_object *row = &list->via.array.ptr [i];
        cli_table_row (table);
        cli_table_text (table, vc_map_str (row, "client", text, sizeof text));
        cli_table_text (table, vc_map_str (row, "kind", text, sizeof text));
        vc_map_str (row, "username", text, sizeof text);
        cli_table_text (table, *text ? text : "-");
        cli_table_text (table, vc_map_str (row, "address", text, sizeof text));
    }
    cli_output (cli, &table);
}

//  What each source's page gave: "SOURCE: read: 58 provinces after ...".
static void
s_print_scrape_notes (const msgpack_object *runs)
{
    char source [128], note [512];
    for (uint32_t i = 0; runs && i < runs->via.array.size; i++) {
        const msgpack_object *run = &runs->via.array.ptr [i];
        const msgpack_object *notes = vc_map_get (run, "notes");
        vc_map_str (run, "source", source, sizeof source);
        for (uint32_t n = 0; notes && notes->type == MSGPACK_OBJECT_ARRAY && n < notes->via.array.size; n++) {
            const msgpack_object *item = &notes->via.array.ptr [n];
            if (item->type != MSGPACK_OBJECT_STR)
                continue;
            size_t length = item->via.str.size < sizeof note - 1? item->via.str.size: sizeof note - 1;
            memcpy (note, item->via.str.ptr, length);
            note [length] = 0;
            printf ("%s: %s\n", source, note);
        }
    }
}

//  The scraper's state in a sentence, then its last run of each source.
void
cli_print_scrape_status (cli_t *cli, vc_reply_t *reply)
{
    char text [512];
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "source", CLI_COL_TEXT);
    cli_table_column (table, "started", CLI_COL_TIME);
    cli_table_column (table, "finished", CLI_COL_TIME);
    cli_table_column (table, "status", CLI_COL_TEXT);
    cli_table_column (table, "rows", CLI_COL_INT);
    cli_table_column (table, "provinces", CLI_COL_INT);
    cli_table_column (table, "detail", CLI_COL_TEXT);
    const msgpack_object *runs = vc_body_list (reply->body, "runs");
    for (uint32_t i = 0; runs && i < runs->via.array.size; i++) {
        const msgpack_object *run = &runs->via.array.ptr [i];
        cli_table_row (table);
        cli_table_text (table, vc_map_str (run, "source", text, sizeof text));
        cli_table_int (table, vc_map_int (run, "started", 0));
        cli_table_int (table, vc_map_int (run, "finished", 0));
        cli_table_text (table, vc_map_str (run, "status", text, sizeof text));
        cli_table_int (table, vc_map_int (run, "rows", 0));
        cli_table_int (table, vc_map_int (run, "provinces", 0));
        cli_table_text (table, vc_map_str (run, "detail", text, sizeof text));
    }
    if (cli->format == CLI_FORMAT_TABLE) {
        time_t next = (time_t) vc_reply_int (reply, "next", 0);
        struct tm tm;
        char when [64];
        snprintf (when, sizeof when, "%s", _("none scheduled"));
        if (next > 0 && localtime_r (&next, &tm))
            strftime (when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
        printf (_("Scraper %s: %lld sources, every %lld s, next run: %s\n"),
                reply->message, (long long) vc_reply_int (reply, "sources", 0),
                (long long) vc_reply_int (reply, "interval", 0), when);
    }
    if (cli->format != CLI_FORMAT_TABLE || cli_table_rows (table))
        cli_output (cli, &table);
    cli_table_destroy (&table);
    if (cli->format == CLI_FORMAT_TABLE)
        s_print_scrape_notes (runs);
}
