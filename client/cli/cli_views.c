/*  cli_views - the whole-epidemic views of the command-line client:
    history (a province's or the country's series by day, week or month),
    compare (several provinces side by side), stats (every figure of a
    province on a day) and subscribe (told live when a province's figures
    change). Each prints through the shared table formatter, so
    --format=csv|json exports any series; a day that was not reported is
    "-" in a table, an empty CSV field and null in JSON, never 0.
*/
#include "cli.h"
#include "vc_date.h"
#include "vc_number.h"
#include "vc_object.h"
#include "vc_province.h"

#define CLI_COMPARE_MAX 8

//  A series request read from the words of a command line: trailing words
//  that are dates (FROM, TO) or a step, the rest the province(s).
typedef struct {
    char subject [512];
    const char *from, *to, *step;
} view_args_t;

static bool
s_is_step (const char *word)
{
    const char *steps [] = { "day", "week", "month", "daily", "weekly", "monthly", NULL };
    for (int i = 0; steps [i]; i++)
        if (streq (word, steps [i]))
            return true;
    return false;
}

static bool
s_is_date (const char *word)
{
    vc_day_t day;
    char err [128];
    return vc_date_parse (word, &day, err, sizeof err) == 0 || strpbrk (word, "/-") != NULL;
}

//  0, or CLI_USAGE with a message
static int
s_view_args (int argc, const char **argv, view_args_t *args)
{
    memset (args, 0, sizeof *args);
    int words = argc - 1;
    const char **word = argv + 1;
    const char *dates [2] = { NULL, NULL };
    int ndates = 0;
    while (words > 1) {
        const char *last = word [words - 1];
        if (!args->step && s_is_step (last))
            args->step = last;
        else
        if (ndates < 2 && s_is_date (last))
            dates [ndates++] = last;
        else
            break;
        words--;
    }
    //  Dates were taken from the end: the first one found is TO
    args->from = ndates == 2 ? dates [1] : dates [0];
    args->to = ndates == 2 ? dates [0] : NULL;
    for (int i = 0; i < words; i++) {
        size_t len = strlen (args->subject);
        snprintf (args->subject + len, sizeof args->subject - len, "%s%s", i ? " " : "", word [i]);
    }
    if (!*args->subject) {
        cli_error ("name a province (or 'national')");
        return CLI_USAGE;
    }
    return 0;
}

static bool
s_is_national (const char *subject)
{
    return streq (subject, "national") || streq (subject, "vietnam") || streq (subject, "Việt Nam")
        || streq (subject, "viet nam") || streq (subject, "cả nước") || streq (subject, "ca nuoc");
}

//  One cell that may be nil (not reported)
static void
s_cell_int (cli_table_t *table, const msgpack_object *cell)
{
    int64_t value;
    if (cell->type == MSGPACK_OBJECT_NIL || vc_object_int (cell, &value))
        cli_table_none (table);
    else
        cli_table_int (table, value);
}

//  Add the [date, cases, deaths, reports] rows of a series to table,
//  after name when given (compare); returns the sums
static void
s_add_rows (cli_table_t *table, const char *name, const msgpack_object *rows,
            int64_t *cases, int64_t *deaths, int64_t *missing)
{
    for (uint32_t i = 0; rows && i < rows->via.array.size; i++) {
        const msgpack_object *row = rows->via.array.ptr + i;
        char date [16];
        if (row->type != MSGPACK_OBJECT_ARRAY || row->via.array.size != 4
        ||  vc_object_str (row->via.array.ptr, date, sizeof date))
            continue;
        const msgpack_object *cell = row->via.array.ptr;
        int64_t value;
        cli_table_row (table);
        if (name)
            cli_table_text (table, name);
        cli_table_text (table, date);
        s_cell_int (table, cell + 1);
        s_cell_int (table, cell + 2);
        s_cell_int (table, cell + 3);
        if (vc_object_int (cell + 1, &value) == 0)
            *cases += value;
        else
            (*missing)++;
        if (vc_object_int (cell + 2, &value) == 0)
            *deaths += value;
    }
}

static void
s_columns (cli_table_t *table, bool with_province, const char *step)
{
    if (with_province)
        cli_table_column (table, "province", CLI_COL_TEXT);
    cli_table_column (table, step && streq (step, "day") ? "date" : step, CLI_COL_DATE);
    cli_table_column (table, "new_cases", CLI_COL_INT);
    cli_table_column (table, "deaths", CLI_COL_INT);
    cli_table_column (table, "reports", CLI_COL_INT);
}

static void
s_print_history (cli_t *cli, vc_reply_t *reply)
{
    char province [128], from [16], to [16], step [16], number [32], dead [32];
    vc_reply_str (reply, "province", province, sizeof province);
    vc_reply_str (reply, "step", step, sizeof step);
    cli_table_t *table = cli_table_new ();
    s_columns (table, false, step);
    int64_t cases = 0, deaths = 0, missing = 0;
    s_add_rows (table, NULL, vc_body_list (reply->body, "rows"), &cases, &deaths, &missing);
    if (cli->format == CLI_FORMAT_TABLE) {
        vc_day_t day;
        vc_reply_str (reply, "from", from, sizeof from);
        vc_reply_str (reply, "to", to, sizeof to);
        if (vc_date_parse (from, &day, NULL, 0) == 0)
            vc_date_format_vn (day, from, sizeof from);
        if (vc_date_parse (to, &day, NULL, 0) == 0)
            vc_date_format_vn (day, to, sizeof to);
        printf ("%s, new cases and deaths by %s from %s to %s:\n",
                *province ? province : "Việt Nam", step, from, to);
    }
    size_t rows = cli_table_rows (table);
    cli_output (cli, &table);
    if (cli->format == CLI_FORMAT_TABLE)
        printf ("%zu %s%s, %s new cases and %s deaths in all%s\n", rows, step, rows == 1 ? "" : "s",
                vc_number_format (cases, number, sizeof number),
                vc_number_format (deaths, dead, sizeof dead),
                missing ? " (- : not reported)" : "");
}

int
cli_views_history (cli_t *cli, int argc, const char **argv)
{
    view_args_t args;
    if (s_view_args (argc, argv, &args))
        return CLI_USAGE;
    const char *province = s_is_national (args.subject) ? NULL : args.subject;
    return cli_call (cli, VC_SERVICE_DATA,
                     vc_api_history (province, args.from, args.to, args.step), s_print_history);
}

static void
s_print_compare (cli_t *cli, vc_reply_t *reply)
{
    char step [16], name [128];
    vc_reply_str (reply, "step", step, sizeof step);
    cli_table_t *table = cli_table_new ();
    s_columns (table, true, step);
    const msgpack_object *series = vc_body_list (reply->body, "series");
    for (uint32_t i = 0; series && i < series->via.array.size; i++) {
        const msgpack_object *one = series->via.array.ptr + i;
        int64_t cases = 0, deaths = 0, missing = 0;
        vc_map_str (one, "province", name, sizeof name);
        const msgpack_object *rows = vc_map_get (one, "rows");
        s_add_rows (table, name, rows && rows->type == MSGPACK_OBJECT_ARRAY ? rows : NULL,
                    &cases, &deaths, &missing);
    }
    cli_output (cli, &table);
}

int
cli_views_compare (cli_t *cli, int argc, const char **argv)
{
    view_args_t args;
    if (s_view_args (argc, argv, &args))
        return CLI_USAGE;
    const char *names [CLI_COMPARE_MAX + 1];
    size_t count = 0;
    for (char *name = strtok (args.subject, ","); name; name = strtok (NULL, ",")) {
        while (*name == ' ')
            name++;
        if (count == CLI_COMPARE_MAX) {
            cli_error ("compare takes at most %d provinces", CLI_COMPARE_MAX);
            return CLI_USAGE;
        }
        if (*name)
            names [count++] = name;
    }
    if (count == 0) {
        cli_error ("name provinces separated by commas, e.g. \"ha noi,hcm\"");
        return CLI_USAGE;
    }
    return cli_call (cli, VC_SERVICE_DATA,
                     vc_api_compare (names, count, args.from, args.to, args.step), s_print_compare);
}

//  A float field as text with two decimals ("" if absent)
static const char *
s_decimal (vc_reply_t *reply, const char *key, char *out, size_t size)
{
    const msgpack_object *object = vc_body_get (reply->body, key);
    *out = 0;
    if (object && (object->type == MSGPACK_OBJECT_FLOAT64 || object->type == MSGPACK_OBJECT_FLOAT32))
        snprintf (out, size, "%.2f", object->via.f64);
    return out;
}

//  A field as an integer cell, or none when absent
static void
s_int_field (cli_table_t *table, vc_reply_t *reply, const char *key)
{
    const msgpack_object *object = vc_body_get (reply->body, key);
    if (object)
        s_cell_int (table, object);
    else
        cli_table_none (table);
}

static void
s_text_field (cli_table_t *table, vc_reply_t *reply, const char *key)
{
    char text [256];
    if (vc_body_get (reply->body, key))
        cli_table_text (table, vc_reply_str (reply, key, text, sizeof text));
    else
        cli_table_none (table);
}

static void
s_print_stats (cli_t *cli, vc_reply_t *reply)
{
    static const struct { const char *name; cli_col_t type; } columns [] = {
        { "province", CLI_COL_TEXT }, { "date", CLI_COL_DATE }, { "new_cases", CLI_COL_INT },
        { "deaths", CLI_COL_INT }, { "total", CLI_COL_INT }, { "total_kind", CLI_COL_TEXT },
        { "total_deaths", CLI_COL_INT }, { "average7", CLI_COL_TEXT }, { "rank", CLI_COL_INT },
        { "rank_of", CLI_COL_INT }, { "days_since_case", CLI_COL_INT },
        { "population", CLI_COL_INT }, { "average7_per100k", CLI_COL_TEXT },
        { "total_per100k", CLI_COL_TEXT }, { "rates", CLI_COL_TEXT }, { NULL, 0 }
    };
    cli_table_t *table = cli_table_new ();
    for (int i = 0; columns [i].name; i++)
        cli_table_column (table, columns [i].name, columns [i].type);
    cli_table_row (table);
    for (int i = 0; columns [i].name; i++) {
        char text [64];
        if (columns [i].type == CLI_COL_INT)
            s_int_field (table, reply, columns [i].name);
        else
        if (strstr (columns [i].name, "average7") || strstr (columns [i].name, "per100k")) {
            if (*s_decimal (reply, columns [i].name, text, sizeof text))
                cli_table_text (table, text);
            else
                cli_table_none (table);
        }
        else
            s_text_field (table, reply, columns [i].name);
    }
    if (cli->format != CLI_FORMAT_TABLE) {
        cli_output (cli, &table);
        return;
    }
    cli_table_destroy (&table);
    char province [128], date [16], number [32], kind [32], text [64], more [64];
    vc_reply_str (reply, "province", province, sizeof province);
    vc_day_t day;
    vc_reply_str (reply, "date", date, sizeof date);
    if (vc_date_parse (date, &day, NULL, 0) == 0)
        vc_date_format_vn (day, date, sizeof date);
    if (vc_reply_int (reply, "new_cases", -1) >= 0)
        printf ("%s, %s: %s new cases, %s deaths\n", province, date,
                vc_number_format (vc_reply_int (reply, "new_cases", 0), number, sizeof number),
                vc_number_format (vc_reply_int (reply, "deaths", 0), more, sizeof more));
    else
        printf ("%s, %s: not reported\n", province, date);
    if (vc_body_get (reply->body, "total"))
        printf ("  total: %s cases (%s), %s deaths\n",
                vc_number_format (vc_reply_int (reply, "total", 0), number, sizeof number),
                vc_reply_str (reply, "total_kind", kind, sizeof kind),
                vc_number_format (vc_reply_int (reply, "total_deaths", 0), more, sizeof more));
    if (*s_decimal (reply, "average7", text, sizeof text))
        printf ("  7-day average: %s new cases a day (%" PRId64 " days reported)\n", text,
                vc_reply_int (reply, "average7_days", 0));
    if (vc_body_get (reply->body, "rank"))
        printf ("  rank: %" PRId64 " of %" PRId64 " provinces that day\n",
                vc_reply_int (reply, "rank", 0), vc_reply_int (reply, "rank_of", 0));
    if (vc_body_get (reply->body, "days_since_case"))
        printf ("  days since the last reported case: %" PRId64 "\n",
                vc_reply_int (reply, "days_since_case", 0));
    if (vc_body_get (reply->body, "population")) {
        printf ("  per 100.000 people (census 2019, %s people):",
                vc_number_format (vc_reply_int (reply, "population", 0), number, sizeof number));
        if (*s_decimal (reply, "average7_per100k", text, sizeof text))
            printf (" 7-day average %s,", text);
        printf (" total %s\n", s_decimal (reply, "total_per100k", more, sizeof more));
    }
    else
        printf ("  per 100.000 people: %s\n", vc_reply_str (reply, "rates", text, sizeof text));
}

int
cli_views_stats (cli_t *cli, int argc, const char **argv)
{
    view_args_t args;
    if (s_view_args (argc, argv, &args))
        return CLI_USAGE;
    if (args.to || args.step) {
        cli_error ("stats takes a province and one date");
        return CLI_USAGE;
    }
    return cli_call (cli, VC_SERVICE_DATA, vc_api_stats (args.subject, args.from), s_print_stats);
}

int
cli_views_subscribe (cli_t *cli, int argc, const char **argv)
{
    char name [512] = "";
    for (int i = 1; i < argc; i++) {
        size_t len = strlen (name);
        snprintf (name + len, sizeof name - len, "%s%s", i > 1 ? " " : "", argv [i]);
    }
    vc_provinces_t *provinces = vc_provinces_new ();
    const vc_province_t *province = provinces ? vc_provinces_match (provinces, name) : NULL;
    if (!province) {
        cli_error ("no province matches '%s'", name);
        vc_provinces_destroy (&provinces);
        return CLI_USAGE;
    }
    char topic [32];
    snprintf (topic, sizeof topic, VC_TOPIC_DATA_PROVINCE "%02d", province->code);
    fprintf (stderr, "subscribed to %s (%s): figures changed by a scrape are shown here\n",
             province->name, topic);
    vc_provinces_destroy (&provinces);
    return cli_watch (cli, topic, vc_config_int (cli->config, "count"));
}
