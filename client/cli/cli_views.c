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

//  A figure of a series row: none when nil (not reported)
static void
s_cell_figure (cli_table_t *table, bool null, int64_t value)
{
    if (null)
        cli_table_none (table);
    else
        cli_table_int (table, value);
}

//  What a series adds up to
typedef struct {
    int64_t cases, deaths, missing;
} sums_t;

//  Add the rows of a series to table, after name when given (compare)
static void
s_add_rows (cli_table_t *table, const char *name, const vc_compare_series_t *series,
            sums_t *sums)
{
    for (size_t i = 0; i < series->rows_count; i++) {
        const vc_history_row_t *row = series->rows + i;
        char date [16];
        vc_date_format_iso (row->date, date, sizeof date);
        cli_table_row (table);
        if (name)
            cli_table_text (table, name);
        cli_table_text (table, date);
        s_cell_figure (table, row->new_cases_null, row->new_cases);
        s_cell_figure (table, row->deaths_null, row->deaths);
        cli_table_int (table, row->reports);
        if (row->new_cases_null)
            sums->missing++;
        else
            sums->cases += row->new_cases;
        if (!row->deaths_null)
            sums->deaths += row->deaths;
    }
}

static void
s_columns (cli_table_t *table, bool with_province, const char *step)
{
    if (with_province)
        cli_table_column (table, "province", CLI_COL_TEXT);
    cli_table_column (table, streq (step, "day") ? "date" : step, CLI_COL_DATE);
    cli_table_column (table, "new_cases", CLI_COL_INT);
    cli_table_column (table, "deaths", CLI_COL_INT);
    cli_table_column (table, "reports", CLI_COL_INT);
}

//  A history (one series, place the province or NULL for the country) or
//  a compare (several, place NULL, each row after its province): one
//  table; a history printed as a table has a title and its sums.
typedef struct {
    bool compare;
    const char *place;
    vc_day_t from, to;
    const char *step;
    const vc_compare_series_t *series;
    size_t count;
} series_view_t;

static void
s_print_view (cli_t *cli, const series_view_t *view)
{
    cli_table_t *table = cli_table_new ();
    s_columns (table, view->compare, view->step);
    sums_t sums = { 0, 0, 0 };
    for (size_t i = 0; i < view->count; i++)
        s_add_rows (table, view->compare ? view->series [i].province : NULL, view->series + i, &sums);
    bool text = !view->compare && cli->format == CLI_FORMAT_TABLE;
    if (text) {
        char from [16], to [16];
        vc_date_format_vn (view->from, from, sizeof from);
        vc_date_format_vn (view->to, to, sizeof to);
        const char *heading = streq (view->step, "week") ? _("%s, new cases and deaths by week from %s to %s:\n")
                            : streq (view->step, "month") ? _("%s, new cases and deaths by month from %s to %s:\n")
                            : _("%s, new cases and deaths by day from %s to %s:\n");
        printf (heading, view->place ? view->place : "Việt Nam", from, to);
    }
    size_t rows = cli_table_rows (table);
    cli_output (cli, &table);
    char number [32], dead [32];
    if (!text)
        return;
    const char *footer =
        streq (view->step, "week")
        ? vc_ngettext ("%zu week, %s new cases and %s deaths in all%s\n",
                       "%zu weeks, %s new cases and %s deaths in all%s\n", rows)
        : streq (view->step, "month")
        ? vc_ngettext ("%zu month, %s new cases and %s deaths in all%s\n",
                       "%zu months, %s new cases and %s deaths in all%s\n", rows)
        : vc_ngettext ("%zu day, %s new cases and %s deaths in all%s\n",
                       "%zu days, %s new cases and %s deaths in all%s\n", rows);
    printf (footer, rows, vc_number_format (sums.cases, number, sizeof number),
            vc_number_format (sums.deaths, dead, sizeof dead),
            sums.missing ? _(" (- : not reported)") : "");
}

static void
s_print_history (cli_t *cli, vc_reply_t *reply)
{
    vc_data_history_reply_t history;
    if (!reply->body || vc_data_history_reply_decode (reply->body, &history)) {
        cli_print_malformed (reply);
        return;
    }
    vc_compare_series_t series = {
        .province = history.province, .code = history.code,
        .rows = history.rows, .rows_count = history.rows_count
    };
    series_view_t view = {
        .compare = false, .place = history.has_province && *history.province ? history.province : NULL,
        .from = history.from, .to = history.to, .step = history.step,
        .series = &series, .count = 1
    };
    s_print_view (cli, &view);
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
    vc_data_compare_reply_t compare;
    if (!reply->body || vc_data_compare_reply_decode (reply->body, &compare)) {
        cli_print_malformed (reply);
        return;
    }
    series_view_t view = {
        .compare = true, .from = compare.from, .to = compare.to, .step = compare.step,
        .series = compare.series, .count = compare.series_count
    };
    s_print_view (cli, &view);
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

//  A decimal figure as text with two decimals ("" if absent)
static const char *
s_decimal (bool has, double value, char *out, size_t size)
{
    *out = 0;
    if (has)
        snprintf (out, size, "%.2f", value);
    return out;
}

//  A decimal in a sentence, the Vietnamese way as every count ("1.285,71")
static const char *
s_decimal_said (bool has, double value, char *out, size_t size)
{
    *out = 0;
    return has ? vc_number_format_decimal (value, 2, out, size) : out;
}

//  An integer cell, or none when absent (or nil)
static void
s_int_cell (cli_table_t *table, bool has, int64_t value)
{
    s_cell_figure (table, !has, value);
}

//  A text cell, or none when absent
static void
s_text_cell (cli_table_t *table, bool has, const char *text)
{
    if (has)
        cli_table_text (table, text);
    else
        cli_table_none (table);
}

//  A stats reply as a one-row table (--format=csv|json)
static void
s_stats_table (cli_t *cli, const vc_data_stats_reply_t *stats)
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
    char date [16], average [32], per100k [32], total100k [32];
    vc_date_format_iso (stats->date, date, sizeof date);
    cli_table_text (table, stats->province);
    cli_table_text (table, date);
    s_int_cell (table, stats->has_new_cases, stats->new_cases);
    s_int_cell (table, stats->has_deaths && !stats->deaths_null, stats->deaths);
    s_int_cell (table, stats->has_total, stats->total);
    s_text_cell (table, stats->has_total_kind, stats->total_kind);
    s_int_cell (table, stats->has_total_deaths, stats->total_deaths);
    s_text_cell (table, stats->has_average7,
                 s_decimal (stats->has_average7, stats->average7, average, sizeof average));
    s_int_cell (table, stats->has_rank, stats->rank);
    s_int_cell (table, stats->has_rank_of, stats->rank_of);
    s_int_cell (table, stats->has_days_since_case, stats->days_since_case);
    s_int_cell (table, stats->has_population, stats->population);
    s_text_cell (table, stats->has_average7_per100k,
                 s_decimal (stats->has_average7_per100k, stats->average7_per100k, per100k, sizeof per100k));
    s_text_cell (table, stats->has_total_per100k,
                 s_decimal (stats->has_total_per100k, stats->total_per100k, total100k, sizeof total100k));
    s_text_cell (table, stats->has_rates, stats->rates);
    cli_output (cli, &table);
}

//  A stats reply as sentences, in the person's language
static void
s_stats_text (const vc_data_stats_reply_t *stats)
{
    char date [16], number [32], more [64], text [64];
    vc_date_format_vn (stats->date, date, sizeof date);
    bool deaths = stats->has_deaths && !stats->deaths_null;
    if (stats->has_new_cases && stats->new_cases >= 0 && deaths)
        printf (_("%s, %s: %s new cases, %s deaths\n"), stats->province, date,
                vc_number_format (stats->new_cases, number, sizeof number),
                vc_number_format (stats->deaths, more, sizeof more));
    else
    if (stats->has_new_cases && stats->new_cases >= 0)
        //  A day reported without a death figure (a scraped bulletin): not 0
        printf (_("%s, %s: %s new cases, deaths not reported\n"), stats->province, date,
                vc_number_format (stats->new_cases, number, sizeof number));
    else
        printf (_("%s, %s: not reported\n"), stats->province, date);
    if (stats->has_total)
        printf (_("  total: %s cases (%s), %s deaths\n"),
                vc_number_format (stats->total, number, sizeof number),
                stats->has_total_kind ? cli_words_message (stats->total_kind) : "",
                vc_number_format (stats->has_total_deaths ? stats->total_deaths : 0, more, sizeof more));
    if (stats->has_average7)
        printf (_("  7-day average: %s new cases a day (%s days reported)\n"),
                s_decimal_said (true, stats->average7, text, sizeof text),
                vc_number_format (stats->has_average7_days ? stats->average7_days : 0, number,
                                  sizeof number));
    if (stats->has_rank) {
        int64_t of = stats->has_rank_of ? stats->rank_of : 0;
        printf (vc_ngettext ("  rank: %s of %s province that day\n",
                             "  rank: %s of %s provinces that day\n", (unsigned long) of),
                vc_number_format (stats->rank, number, sizeof number),
                vc_number_format (of, more, sizeof more));
    }
    if (stats->has_days_since_case)
        printf (_("  days since the last reported case: %s\n"),
                vc_number_format (stats->days_since_case, number, sizeof number));
    if (stats->has_population) {
        printf (_("  per 100.000 people (census 2019, %s people):"),
                vc_number_format (stats->population, number, sizeof number));
        if (stats->has_average7_per100k)
            printf (_(" 7-day average %s,"),
                    s_decimal_said (true, stats->average7_per100k, text, sizeof text));
        printf (_(" total %s\n"), s_decimal_said (stats->has_total_per100k, stats->total_per100k,
                                             more, sizeof more));
    }
    else
        printf (_("  per 100.000 people: %s\n"), stats->has_rates ? stats->rates : "");
}

static void
s_print_stats (cli_t *cli, vc_reply_t *reply)
{
    vc_data_stats_reply_t stats;
    if (!reply->body || vc_data_stats_reply_decode (reply->body, &stats)) {
        cli_print_malformed (reply);
        return;
    }
    if (cli->format == CLI_FORMAT_TABLE)
        s_stats_text (&stats);
    else
        s_stats_table (cli, &stats);
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
        cli_error (_("no province matches '%s'"), name);
        vc_provinces_destroy (&provinces);
        return CLI_USAGE;
    }
    char topic [32];
    snprintf (topic, sizeof topic, VC_TOPIC_DATA_PROVINCE "%02d", province->code);
    fprintf (stderr, _("subscribed to %s (%s): figures changed by a scrape are shown here\n"),
             province->name, topic);
    vc_provinces_destroy (&provinces);
    return cli_watch (cli, topic, vc_config_int (cli->config, "count"));
}
