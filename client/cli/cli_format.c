/*  cli_format - prints the services' replies for people: a sentence for a
    single answer, a table for a list (numbers written the Vietnamese way,
    1.270; dates as dd-mm-yyyy; times local), or, with --format=csv|json,
    the same answers as CSV or JSON. With --raw the commands print the
    reply's map instead.  */
#include "cli.h"
#include "vc_date.h"
#include "vc_event_words.h"
#include "vc_number.h"
#include "vc_words.h"
#include "vc_text.h"

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

//  A day as dd-mm-yyyy.
static char *
s_day_vn (vc_day_t day, char *out, size_t size)
{
    vc_date_format_vn (day, out, size);
    return out;
}

//  One cell of a one-row table (--format=csv|json): a text, an integer
//  or a day
typedef struct {
    const char *name;
    cli_col_t type;                 //  CLI_COL_TEXT, CLI_COL_INT or CLI_COL_DATE
    const char *text;
    int64_t number;                 //  CLI_COL_INT: the value; CLI_COL_DATE: a vc_day_t
} cell_t;

//  Print cells (up to one whose name is NULL) as a one-row table.
static void
s_print_cells (cli_t *cli, const cell_t *cells)
{
    cli_table_t *table = cli_table_new ();
    for (const cell_t *cell = cells; cell->name; cell++)
        cli_table_column (table, cell->name, cell->type);
    cli_table_row (table);
    for (const cell_t *cell = cells; cell->name; cell++) {
        char date [16];
        if (cell->type == CLI_COL_INT)
            cli_table_int (table, cell->number);
        else
        if (cell->type == CLI_COL_DATE) {
            vc_date_format_iso ((vc_day_t) cell->number, date, sizeof date);
            cli_table_text (table, date);
        }
        else
            cli_table_text (table, cell->text ? cell->text : "");
    }
    cli_output (cli, &table);
}

void
cli_print_message (cli_t *cli, vc_reply_t *reply)
{
    if (cli->format == CLI_FORMAT_TABLE) {
        printf ("%s\n", cli_words_reply (reply, reply->message));
        return;
    }
    cell_t cells [] = { { "message", CLI_COL_TEXT, reply->message, 0 }, { NULL, 0, NULL, 0 } };
    s_print_cells (cli, cells);
}

//  Any reply, printed as its msgpack map.
void
cli_print_raw (cli_t *cli, vc_reply_t *reply)
{
    (void) cli;
    msgpack_object_print (stdout, *vc_body_root (reply->body));
    printf ("\n");
}

//  A ping of the broker or of a service instance
void
cli_print_ping (cli_t *cli, vc_reply_t *reply)
{
    vc_instance_ping_reply_t instance;
    vc_broker_ping_reply_t broker;
    if (!reply->body || vc_instance_ping_reply_decode (reply->body, &instance))
        memset (&instance, 0, sizeof instance);
    if (instance.instance || !reply->body || vc_broker_ping_reply_decode (reply->body, &broker))
        memset (&broker, 0, sizeof broker);
    if (cli->format != CLI_FORMAT_TABLE) {
        cell_t cells [] = {
            { "message", CLI_COL_TEXT, reply->message, 0 },
            { "service", CLI_COL_TEXT, instance.service, 0 },
            { "instance", CLI_COL_TEXT, instance.instance, 0 },
            { "epoch", CLI_COL_TEXT, broker.epoch, 0 },
            { "uptime", CLI_COL_INT, NULL, broker.uptime },
            { "clients", CLI_COL_INT, NULL, broker.clients },
            { "events", CLI_COL_TEXT, broker.events, 0 },
            { "peer_events", CLI_COL_TEXT, broker.has_peer_events ? broker.peer_events : "", 0 },
            { NULL, 0, NULL, 0 }
        };
        s_print_cells (cli, cells);
    }
    else
    if (instance.instance && *instance.instance)
        printf (_("%s from %s\n"), reply->message, instance.instance);
    else
    if (broker.events && *broker.events && broker.has_peer_events && *broker.peer_events)
        printf (_("%s (broker up %lld s, %lld clients, events on %s, the peer's on %s)\n"),
                reply->message, (long long) broker.uptime, (long long) broker.clients,
                broker.events, broker.peer_events);
    else
    if (broker.events && *broker.events)
        printf (_("%s (broker up %lld s, %lld clients, events on %s)\n"), reply->message,
                (long long) broker.uptime, (long long) broker.clients, broker.events);
    else
        printf ("%s\n", reply->message);
}

static void
s_print_lookup_daily (cli_t *cli, const vc_data_lookup_daily_reply_t *daily)
{
    char date [16], number [32];
    if (cli->format == CLI_FORMAT_TABLE) {
        printf (_("%s, %s: %s new cases\n"), daily->province, s_day_vn (daily->date, date, sizeof date),
                vc_number_format (daily->new_cases, number, sizeof number));
        return;
    }
    cell_t cells [] = {
        { "province", CLI_COL_TEXT, daily->province, 0 }, { "code", CLI_COL_INT, NULL, daily->code },
        { "date", CLI_COL_DATE, NULL, daily->date },
        { "new_cases", CLI_COL_INT, NULL, daily->new_cases }, { NULL, 0, NULL, 0 }
    };
    s_print_cells (cli, cells);
}

static void
s_print_lookup_total (cli_t *cli, const vc_data_lookup_total_reply_t *total)
{
    char as_of [16], number [32];
    if (cli->format == CLI_FORMAT_TABLE) {
        printf (_("%s: %s total cases (as of %s%s%s)\n"), total->province,
                vc_number_format (total->total, number, sizeof number),
                s_day_vn (total->as_of, as_of, sizeof as_of), *total->kind ? ", " : "",
                cli_words_message (total->kind));
        return;
    }
    cell_t cells [] = {
        { "province", CLI_COL_TEXT, total->province, 0 }, { "code", CLI_COL_INT, NULL, total->code },
        { "total", CLI_COL_INT, NULL, total->total }, { "as_of", CLI_COL_DATE, NULL, total->as_of },
        { "kind", CLI_COL_TEXT, total->kind, 0 }, { NULL, 0, NULL, 0 }
    };
    s_print_cells (cli, cells);
}

//  A lookup: the day's new cases (asked with a date), else the total
void
cli_print_lookup (cli_t *cli, vc_reply_t *reply)
{
    vc_data_lookup_daily_reply_t daily;
    vc_data_lookup_total_reply_t total;
    if (reply->body && vc_data_lookup_daily_reply_decode (reply->body, &daily) == 0)
        s_print_lookup_daily (cli, &daily);
    else
    if (reply->body && vc_data_lookup_total_reply_decode (reply->body, &total) == 0)
        s_print_lookup_total (cli, &total);
    else
        cli_print_malformed (reply);
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
    vc_text_copy (vn, sizeof vn, date);
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

void
cli_print_malformed (vc_reply_t *reply)
{
    fprintf (stderr, "vc-cli: %s: %s\n", _("the server's answer is malformed"),
             reply->body ? vc_body_error (reply->body) : "");
}

void
cli_print_series (cli_t *cli, vc_reply_t *reply)
{
    vc_data_series_reply_t series;
    if (!reply->body || vc_data_series_reply_decode (reply->body, &series)) {
        cli_print_malformed (reply);
        return;
    }
    char from [16], to [16], number [32];
    if (cli->format == CLI_FORMAT_TABLE) {
        printf (_("%s, new cases each day from %s to %s:\n"), series.province,
                s_day_vn (series.from, from, sizeof from), s_day_vn (series.to, to, sizeof to));
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

static void
s_print_national_daily (cli_t *cli, const vc_data_national_daily_reply_t *daily)
{
    char date [16], number [32];
    if (cli->format == CLI_FORMAT_TABLE) {
        printf (vc_ngettext ("Việt Nam, %s: %s new cases (%lld province reporting)\n",
                             "Việt Nam, %s: %s new cases (%lld provinces reporting)\n",
                             (unsigned long) daily->provinces),
                s_day_vn (daily->date, date, sizeof date),
                vc_number_format (daily->new_cases, number, sizeof number),
                (long long) daily->provinces);
        return;
    }
    cell_t cells [] = {
        { "date", CLI_COL_DATE, NULL, daily->date }, { "new_cases", CLI_COL_INT, NULL, daily->new_cases },
        { "provinces", CLI_COL_INT, NULL, daily->provinces }, { NULL, 0, NULL, 0 }
    };
    s_print_cells (cli, cells);
}

static void
s_print_national_total (cli_t *cli, const vc_data_national_total_reply_t *total)
{
    char as_of [16], number [32];
    if (cli->format == CLI_FORMAT_TABLE) {
        printf (_("Việt Nam: %s total cases (sum of daily reports up to %s)\n"),
                vc_number_format (total->total, number, sizeof number),
                s_day_vn (total->as_of, as_of, sizeof as_of));
        return;
    }
    cell_t cells [] = {
        { "total", CLI_COL_INT, NULL, total->total }, { "as_of", CLI_COL_DATE, NULL, total->as_of },
        { "provinces", CLI_COL_INT, NULL, total->provinces }, { NULL, 0, NULL, 0 }
    };
    s_print_cells (cli, cells);
}

//  The country's figures: on a day (asked with a date), else the total
void
cli_print_national (cli_t *cli, vc_reply_t *reply)
{
    vc_data_national_daily_reply_t daily;
    vc_data_national_total_reply_t total;
    if (reply->body && vc_data_national_daily_reply_decode (reply->body, &daily) == 0)
        s_print_national_daily (cli, &daily);
    else
    if (reply->body && vc_data_national_total_reply_decode (reply->body, &total) == 0)
        s_print_national_total (cli, &total);
    else
        cli_print_malformed (reply);
}

void
cli_print_top (cli_t *cli, vc_reply_t *reply)
{
    vc_data_top_reply_t top;
    if (!reply->body || vc_data_top_reply_decode (reply->body, &top)) {
        cli_print_malformed (reply);
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
        cli_print_malformed (reply);
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
    vc_data_range_reply_t range;
    if (!reply->body || vc_data_range_reply_decode (reply->body, &range)) {
        cli_print_malformed (reply);
        return;
    }
    char from [16], to [16];
    if (cli->format == CLI_FORMAT_TABLE) {
        printf (_("Daily figures from %s to %s\n"), s_day_vn (range.from, from, sizeof from),
                s_day_vn (range.to, to, sizeof to));
        return;
    }
    cell_t cells [] = {
        { "from", CLI_COL_DATE, NULL, range.from }, { "to", CLI_COL_DATE, NULL, range.to },
        { NULL, 0, NULL, 0 }
    };
    s_print_cells (cli, cells);
}

//  A service's health as the broker names it
//  A service's health in words (as vc-monitor says it) in a table for
//  people; as written in CSV and JSON
static const char *
s_health_words (cli_t *cli, const char *health)
{
    const char *said = cli->format == CLI_FORMAT_TABLE ? vc_event_words_health (health) : NULL;
    return said ? said : health;
}

//  A client's kind in words (as vc-monitor says it) in a table for
//  people; a kind no program of the system gives, as the client named
//  itself (an operator looking for it finds it)
static const char *
s_kind_words (cli_t *cli, const char *kind)
{
    const char *known = cli->format == CLI_FORMAT_TABLE ? vc_event_words_kind_known (kind) : NULL;
    return known ? known : kind;
}

void
cli_print_services (cli_t *cli, vc_reply_t *reply)
{
    vc_broker_services_reply_t services;
    if (!reply->body || vc_broker_services_reply_decode (reply->body, &services)) {
        cli_print_malformed (reply);
        return;
    }
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "service", CLI_COL_TEXT);
    cli_table_column (table, "health", CLI_COL_TEXT);
    cli_table_column (table, "instances", CLI_COL_INT);
    cli_table_column (table, "queued", CLI_COL_INT);
    cli_table_column (table, "requests", CLI_COL_INT);
    cli_table_column (table, "failures", CLI_COL_INT);
    for (size_t i = 0; i < services.services_count; i++) {
        const vc_service_row_t *row = services.services + i;
        cli_table_row (table);
        cli_table_text (table, row->name);
        cli_table_text (table, s_health_words (cli, row->health));
        cli_table_int (table, row->instances);
        cli_table_int (table, row->queued);
        cli_table_int (table, row->requests);
        cli_table_int (table, row->failures);
    }
    cli_output (cli, &table);
}

cli_table_t *
cli_clients_table_new (void)
{
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "client", CLI_COL_TEXT);
    cli_table_column (table, "kind", CLI_COL_TEXT);
    cli_table_column (table, "user", CLI_COL_TEXT);
    cli_table_column (table, "address", CLI_COL_TEXT);
    return table;
}

void
cli_clients_rows (cli_t *cli, cli_table_t *table, const vc_broker_clients_reply_t *page)
{
    for (size_t i = 0; i < page->clients_count; i++) {
        const vc_client_row_t *row = &page->clients [i];
        cli_table_row (table);
        cli_table_text (table, row->client);
        cli_table_text (table, s_kind_words (cli, row->kind));
        cli_table_text (table, *row->username ? row->username : "-");
        cli_table_text (table, row->address);
    }
}

//  The scraper's words for the table: in the person's language unless
//  --raw or a machine format asks for them as written
static const char *
s_scrape_words (cli_t *cli, const char *text)
{
    return cli->raw || cli->format != CLI_FORMAT_TABLE ? text : cli_words_scrape (text);
}

//  A run's outcome ("updated", "rejected"), the same way
static const char *
s_scrape_status (cli_t *cli, const char *status)
{
    static const char *names [] = {
        N_("updated"), N_("unchanged"), N_("rejected"), N_("failed"), NULL
    };
    const char *said = cli->raw || cli->format != CLI_FORMAT_TABLE
                     ? NULL : vc_words_listed (names, status, strlen (status));
    return said ? said : status;
}

//  What each source's page gave: "SOURCE: read: 58 provinces after ...".
static void
s_print_scrape_notes (cli_t *cli, const vc_scraper_status_reply_t *status)
{
    for (size_t i = 0; i < status->runs_count; i++) {
        const vc_scrape_run_t *run = status->runs + i;
        for (size_t n = 0; n < run->notes_count; n++)
            printf ("%s: %.511s\n", run->source, s_scrape_words (cli, run->notes [n]));
    }
}

//  The scraper's state in a sentence, then its last run of each source.
void
cli_print_scrape_status (cli_t *cli, vc_reply_t *reply)
{
    vc_scraper_status_reply_t status;
    if (!reply->body || vc_scraper_status_reply_decode (reply->body, &status)) {
        cli_print_malformed (reply);
        return;
    }
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "source", CLI_COL_TEXT);
    cli_table_column (table, "started", CLI_COL_TIME);
    cli_table_column (table, "finished", CLI_COL_TIME);
    cli_table_column (table, "status", CLI_COL_TEXT);
    cli_table_column (table, "rows", CLI_COL_INT);
    cli_table_column (table, "provinces", CLI_COL_INT);
    cli_table_column (table, "detail", CLI_COL_TEXT);
    for (size_t i = 0; i < status.runs_count; i++) {
        const vc_scrape_run_t *run = status.runs + i;
        cli_table_row (table);
        cli_table_text (table, run->source);
        cli_table_int (table, run->started);
        cli_table_int (table, run->finished);
        cli_table_text (table, s_scrape_status (cli, run->status));
        cli_table_int (table, run->rows);
        cli_table_int (table, run->provinces);
        cli_table_text (table, cli->raw || cli->format != CLI_FORMAT_TABLE ? run->detail
                             : cli_words_scrape_said (run->detail, run->has_msgid ? run->msgid : NULL,
                                                      run->args, run->args_count));
    }
    if (cli->format == CLI_FORMAT_TABLE) {
        static const char *states [] = { N_("idle"), N_("running"), NULL };
        const char *state = vc_words_listed (states, reply->message, strlen (reply->message));
        time_t next = (time_t) status.next;
        struct tm tm;
        char when [64];
        vc_text_copy (when, sizeof when, _("none scheduled"));
        if (next > 0 && localtime_r (&next, &tm))
            strftime (when, sizeof when, "%d-%m-%Y %H:%M", &tm);
        char sources [32], every [32];
        vc_number_format (status.sources, sources, sizeof sources);
        vc_number_format (status.interval, every, sizeof every);
        printf (_("Scraper %s: %s sources, every %s s, next run: %s\n"),
                state ? state : reply->message, sources, every, when);
    }
    if (cli->format != CLI_FORMAT_TABLE || cli_table_rows (table))
        cli_output (cli, &table);
    cli_table_destroy (&table);
    if (cli->format == CLI_FORMAT_TABLE)
        s_print_scrape_notes (cli, &status);
}
