/*  cli_commands - the table of CLI commands: each checks its arguments,
    builds a request with vc_api, sends it and prints the answer.  */
#include "cli.h"
#include "cli_input.h"
#include "vc_date.h"
#include "vc_endpoint.h"
#include "vc_object.h"
#include "vc_path.h"
#include "vc_province.h"
#include "vc_text.h"
#include <ctype.h>
#include <stdarg.h>

typedef struct {
    const char *name;
    int min_args, max_args;     //  Arguments after the command name
    const char *usage;
    int (*run) (cli_t *cli, int argc, const char **argv);
} command_t;

void
cli_error (const char *format, ...)
{
    bool colour = cli_colour (stderr);
    fprintf (stderr, _("%serror:%s "), colour ? "\033[31m" : "", colour ? "\033[0m" : "");
    va_list args;
    va_start (args, format);
    vfprintf (stderr, format, args);
    va_end (args);
    fprintf (stderr, "\n");
}

void
cli_output (cli_t *cli, cli_table_t **table_p)
{
    if (cli_table_failed (*table_p))
        cli_error (_("out of memory"));
    else
    if (cli_table_print (*table_p, cli->format, stdout))
        cli_error (_("cannot write the answer: %s"), strerror (errno));
    cli_table_destroy (table_p);
}

//  Why the broker could not be reached, in plain words of this program
//  (the client library's own reason goes to the debug log): nothing
//  listening, or a server that does not answer, with encryption's part in
//  it. A bad address or key file is said as the library says it.
static void
s_connect_error (cli_t *cli)
{
    const char *endpoint = vc_client_endpoint (cli->client);
    const char *error = vc_client_error (cli->client);
    vc_debug ("%s", error);
    if (!strstr (error, "no answer from a broker"))
        cli_error ("%s", error);
    else
    if (vc_config_get (cli->config, "server-key-file"))
        cli_error (_("cannot connect to %s: the server does not answer. Is it running? With "
                     "encryption on, a wrong public key or a server without encryption gives no "
                     "answer either."), endpoint);
    else
    if (vc_endpoint_listening (endpoint, 500) == 0)
        cli_error (_("cannot connect to %s: nothing listens there. Is the server running, at "
                     "this address?"), endpoint);
    else
        cli_error (_("cannot connect to %s: the server does not answer. Is it running? A server "
                     "that encrypts its link answers only programs given its public key file "
                     "(--server-key-file)."), endpoint);
}

int
cli_ensure_connected (cli_t *cli)
{
    if (cli->connected && vc_client_connected (cli->client))
        return CLI_OK;
    char reason [300];
    if (vc_endpoint_check (vc_client_endpoint (cli->client), reason, sizeof reason)) {
        cli_error (_("cannot connect to %s: %s"), vc_client_endpoint (cli->client), reason);
        return CLI_NO_SERVER;
    }
    if (vc_client_connect (cli->client, VC_CONNECT_TIMEOUT_MSEC)) {
        s_connect_error (cli);
        return CLI_NO_SERVER;
    }
    cli->connected = true;
    return CLI_OK;
}

//  Errors made by the client library itself (no reply from a server) in
//  the words of this program.
static const char *
s_local_message (cli_t *cli, vc_reply_t *reply, char *out, size_t size)
{
    if (reply->body)
        return reply->message;
    if (reply->status == VC_TIMEOUT)
        snprintf (out, size, _("no answer from the server within %.1f s"), cli->timeout_ms / 1000.0);
    else
    if (reply->status == VC_SERVICE_UNAVAILABLE && vc_client_connected (cli->client))
        snprintf (out, size, _("lost the connection to the server at %s"),
                  vc_client_endpoint (cli->client));
    else
        return reply->message;
    return out;
}

//  What to add to "sign in first": why there is no session, or how one is
//  kept.
static const char *
s_signin_hint (cli_t *cli)
{
    if (cli->interactive && cli->restarted && *cli->user)
        return _("hint: the server restarted and the session ended with it: sign in again\n");
    if (cli->interactive)
        return "";
    return _("hint: a session lasts one vc-cli command: give --user (the password from "
             "--password-file or the prompt), or sign in inside 'vc-cli shell'\n");
}

static void
s_report_error (cli_t *cli, vc_reply_t *reply)
{
    char local [256], names [512];
    const char *message = s_local_message (cli, reply, local, sizeof local);
    if (cli->raw)
        cli_error ("%s (%d %s)", message, reply->status, vc_status_name (reply->status));
    else
        cli_error ("%s", cli_words_reply (reply, message));
    if (vc_reply_suggestions (reply, names, sizeof names))
        fprintf (stderr, _("did you mean: %s?\n"), names);
    if (reply->status == VC_UNAUTHORISED && strstr (message, "sign in first"))
        fprintf (stderr, "%s", s_signin_hint (cli));
}

int
cli_report (cli_t *cli, vc_reply_t **reply_p, cli_print_fn *print_fn)
{
    vc_reply_t *reply = *reply_p;
    int rc = CLI_OK;
    if (reply->status == VC_OK) {
        (cli->raw ? cli_print_raw : print_fn) (cli, reply);
        fflush (stdout);
    }
    else {
        s_report_error (cli, reply);
        rc = reply->status == VC_TIMEOUT ? CLI_NO_SERVER : CLI_FAILED;
    }
    vc_reply_destroy (reply_p);
    return rc;
}

int
cli_call (cli_t *cli, const char *service, zframe_t *body, cli_print_fn *print_fn)
{
    int rc = cli_ensure_connected (cli);
    if (rc) {
        zframe_destroy (&body);
        return rc;
    }
    //  The auth service's operations change state: retried with their id
    vc_reply_t *reply = streq (service, VC_SERVICE_AUTH)
                      ? vc_client_call_once (cli->client, service, &body, cli->timeout_ms)
                      : vc_client_call (cli->client, service, &body, cli->timeout_ms);
    return cli_report (cli, &reply, print_fn);
}

static int
c_ping (cli_t *cli, int argc, const char **argv)
{
    return cli_call (cli, argc > 1 ? argv [1] : VC_SERVICE_BROKER, vc_api_op ("ping"), cli_print_ping);
}

static int
c_services (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return cli_call (cli, VC_SERVICE_BROKER, vc_api_op ("services"), cli_print_services);
}

//  One page of "clients" into the table (or printed as is with --raw).
//  The page's "last" goes to after; returns CLI_OK and *more, or the error.
static int
s_clients_page (cli_t *cli, const char *key, char *after, size_t after_size,
                cli_table_t *table, bool *more)
{
    zframe_t *body = vc_api_clients (key, after, 0);
    vc_reply_t *reply = vc_client_call (cli->client, VC_SERVICE_BROKER, &body, cli->timeout_ms);
    vc_broker_clients_reply_t page;
    *more = false;
    if (reply->status != VC_OK)
        return cli_report (cli, &reply, cli_print_raw);
    if (!reply->body || vc_broker_clients_reply_decode (reply->body, &page)) {
        cli_error (_("malformed reply to 'clients'"));
        vc_reply_destroy (&reply);
        return CLI_FAILED;
    }
    //  A page that does not move the cursor on ends the listing
    *more = page.more && strcmp (page.last, after) > 0;
    vc_text_copy (after, after_size, page.last);
    if (cli->raw)
        cli_print_raw (cli, reply);
    else
        cli_clients_rows (cli, table, &page);
    vc_reply_destroy (&reply);
    return CLI_OK;
}

//  clients: every connected client, page by page (operator key needed).
static int
c_clients (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    char *key = vc_path_first_line (vc_config_get (cli->config, "operator-key-file"));
    if (!key) {
        cli_error (_("clients needs --operator-key-file with the operator key"));
        return CLI_USAGE;
    }
    int rc = cli_ensure_connected (cli);
    cli_table_t *table = cli_clients_table_new ();
    char after [VC_ADDRESS_MAX + 1] = "";
    bool more = true;
    while (rc == CLI_OK && more)
        rc = s_clients_page (cli, key, after, sizeof after, table, &more);
    if (rc == CLI_OK && !cli->raw)
        cli_output (cli, &table);
    cli_table_destroy (&table);
    fflush (stdout);
    memset (key, 0, strlen (key));
    free (key);
    return rc;
}

//  A password of only blanks is refused before it is sent.
static bool
s_password_blank (const char *password)
{
    return *password && strspn (password, " \t") == strlen (password);
}

static int
c_signup (cli_t *cli, int argc, const char **argv)
{
    char password [VC_PASSWORD_MAX + 2];
    if (cli_password (cli, argc > 2 ? argv [2] : NULL, true, password, sizeof password))
        return CLI_USAGE;
    int rc = CLI_USAGE;
    if (s_password_blank (password))
        cli_error (_("a password cannot be only spaces"));
    else
        rc = cli_call (cli, VC_SERVICE_AUTH, vc_api_credentials ("signup", argv [1], password),
                       cli_print_message);
    cli_input_wipe (password, sizeof password);
    return rc;
}

static int
c_signin (cli_t *cli, int argc, const char **argv)
{
    char password [VC_PASSWORD_MAX + 2];
    if (cli_password (cli, argc > 2 ? argv [2] : NULL, false, password, sizeof password))
        return CLI_USAGE;
    int rc = cli_ensure_connected (cli);
    if (rc == CLI_OK) {
        vc_reply_t *reply = vc_api_signin (cli->client, argv [1], password, cli->timeout_ms);
        if (reply->status == VC_OK)
            vc_text_copy (cli->user, sizeof cli->user, argv [1]);
        rc = cli_report (cli, &reply, cli_print_message);
    }
    cli_input_wipe (password, sizeof password);
    return rc;
}

static int
c_signout (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    int rc = cli_ensure_connected (cli);
    if (rc)
        return rc;
    vc_reply_t *reply = vc_api_signout (cli->client, cli->timeout_ms);
    cli->user [0] = 0;
    return cli_report (cli, &reply, cli_print_message);
}

static vc_provinces_t *
s_provinces (void)
{
    static vc_provinces_t *provinces = NULL;
    if (!provinces)
        provinces = vc_provinces_new ();
    return provinces;
}

//  A province given as a number is read as its official code: say so,
//  and refuse a number that is no province's code.
static int
s_check_province (const char *province)
{
    if (!*province || strspn (province, "0123456789") != strlen (province))
        return CLI_OK;
    const vc_province_t *found = strlen (province) < 4 && s_provinces ()
                               ? vc_provinces_by_code (s_provinces (), atoi (province)) : NULL;
    if (!found) {
        cli_error (_("%s is not a province code ('provinces' lists the provinces and their codes)"),
                   province);
        return CLI_USAGE;
    }
    fprintf (stderr, _("%s is read as the province code of %s\n"), province, found->name);
    return CLI_OK;
}

//  Words of a command line joined by spaces: a province typed unquoted.
static void
s_join (const char **words, int count, char *out, size_t size)
{
    out [0] = 0;
    for (int i = 0; i < count; i++) {
        size_t len = strlen (out);
        snprintf (out + len, size - len, "%s%s", i ? " " : "", words [i]);
    }
}

static bool
s_known_province (const char **words, int count)
{
    char name [512];
    s_join (words, count, name, sizeof name);
    return s_provinces () && vc_provinces_match (s_provinces (), name);
}

//  PROVINCE WORDS... [DATE...]: the last of several words is a date when
//  it has a digit (no province name has one), or when the words before it
//  name a province and all of them do not ("hcm garbage" is a bad date,
//  "Hồ Chí Minh" a name). Up to max dates are taken from the end; returns
//  how many, with the province joined into province.
static int
s_province_and_dates (int argc, const char **argv, int max, const char **dates,
                      char *province, size_t size)
{
    int words = argc - 1;
    int ndates = 0;
    const char **word = argv + 1;
    while (words > 1 && ndates < max) {
        const char *last = word [words - 1];
        bool date = strpbrk (last, "0123456789")
                 || (s_known_province (word, words - 1) && !s_known_province (word, words));
        if (!date)
            break;
        words--;
        ndates++;
    }
    for (int i = 0; i < ndates; i++)
        dates [i] = word [words + i];
    s_join (word, words, province, size);
    return ndates;
}

static int
c_lookup (cli_t *cli, int argc, const char **argv)
{
    const char *dates [1] = { NULL };
    char province [512];
    s_province_and_dates (argc, argv, 1, dates, province, sizeof province);
    if (s_check_province (province))
        return CLI_USAGE;
    return cli_call (cli, VC_SERVICE_DATA, vc_api_lookup (province, dates [0]), cli_print_lookup);
}

//  After a series with no days: if the asked range lies outside the
//  covered dates, it is a not-found error that gives the covered range.
static int
s_series_outside (cli_t *cli, vc_day_t from, vc_day_t to)
{
    zframe_t *body = vc_api_op ("range");
    vc_reply_t *reply = vc_client_call (cli->client, VC_SERVICE_DATA, &body, cli->timeout_ms);
    vc_data_range_reply_t range;
    bool known = reply->status == VC_OK && reply->body
              && vc_data_range_reply_decode (reply->body, &range) == 0;
    vc_day_t first = known ? range.from : 0, last = known ? range.to : 0;
    vc_reply_destroy (&reply);
    if (!known || (to >= first && from <= last))
        return CLI_OK;
    char covered_from [16], covered_to [16];
    vc_date_format_vn (first, covered_from, sizeof covered_from);
    vc_date_format_vn (last, covered_to, sizeof covered_to);
    if (cli->raw)
        cli_error (_("no figures in the dates asked: the data covers %s to %s (%d %s)"),
                   covered_from, covered_to, VC_NOT_FOUND, vc_status_name (VC_NOT_FOUND));
    else
        cli_error (_("no figures in the dates asked: the data covers %s to %s"),
                   covered_from, covered_to);
    return CLI_FAILED;
}

static void
s_print_nothing (cli_t *cli, vc_reply_t *reply)
{
    (void) cli, (void) reply;
}

static int
c_series (cli_t *cli, int argc, const char **argv)
{
    const char *dates [2] = { NULL, NULL };
    char province [512];
    s_province_and_dates (argc, argv, 2, dates, province, sizeof province);
    if (s_check_province (province))
        return CLI_USAGE;
    int rc = cli_ensure_connected (cli);
    if (rc)
        return rc;
    zframe_t *body = vc_api_series (province, dates [0], dates [1]);
    vc_reply_t *reply = vc_client_call (cli->client, VC_SERVICE_DATA, &body, cli->timeout_ms);
    vc_data_series_reply_t series;
    if (reply->status == VC_OK && reply->body
    &&  vc_data_series_reply_decode (reply->body, &series) == 0 && series.days_count == 0) {
        if (s_series_outside (cli, series.from, series.to)) {
            cli_report (cli, &reply, s_print_nothing);
            return CLI_FAILED;
        }
    }
    return cli_report (cli, &reply, cli_print_series);
}

static int
c_national (cli_t *cli, int argc, const char **argv)
{
    return cli_call (cli, VC_SERVICE_DATA, vc_api_national (argc > 1 ? argv [1] : NULL),
                     cli_print_national);
}

static int
c_top (cli_t *cli, int argc, const char **argv)
{
    //  N and DATE in either order: a whole number is N, a date the date
    long n = 10;
    const char *date = NULL;
    bool have_n = false;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        long value = isdigit ((unsigned char) argv [i][0]) ? strtol (argv [i], &end, 10) : -1;
        bool number = end && *end == 0;
        if (!number && !strpbrk (argv [i], "-/")) {
            cli_error (_("top: '%s' is neither a number of provinces nor a date "
                       "(dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd)"), argv [i]);
            return CLI_USAGE;
        }
        if ((number && have_n) || (!number && date)) {
            cli_error (_("top takes one number (how many provinces) and one date"));
            return CLI_USAGE;
        }
        if (number) {
            n = value;
            have_n = true;
        }
        else
            date = argv [i];
    }
    if (n < 1 || n > VC_PROVINCE_COUNT) {
        cli_error (_("top N: N must be a whole number from 1 to %d"), VC_PROVINCE_COUNT);
        return CLI_USAGE;
    }
    return cli_call (cli, VC_SERVICE_DATA, vc_api_top ((int) n, date), cli_print_top);
}

static int
c_provinces (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return cli_call (cli, VC_SERVICE_DATA, vc_api_op ("provinces"), cli_print_provinces);
}

static int
c_range (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return cli_call (cli, VC_SERVICE_DATA, vc_api_op ("range"), cli_print_range);
}

static int
c_refresh (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return cli_call (cli, VC_SERVICE_SCRAPER, vc_api_op ("refresh"), cli_print_message);
}

static int
c_scrape_status (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return cli_call (cli, VC_SERVICE_SCRAPER, vc_api_op ("status"), cli_print_scrape_status);
}

//  call SERVICE OP [key=value | key:=integer ...]
static int
c_call (cli_t *cli, int argc, const char **argv)
{
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return cli_call (cli, argv [1], NULL, cli_print_raw);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", argv [2]);
    for (int i = 3; i < argc; i++) {
        const char *eq = strchr (argv [i], '=');
        if (!eq) {
            cli_error (_("argument '%s' is not KEY=VALUE"), argv [i]);
            vc_pack_destroy (&pack);
            return CLI_USAGE;
        }
        bool integer = eq > argv [i] && eq [-1] == ':';
        vc_pack_keyn (pack, argv [i], (size_t) (eq - argv [i]) - (integer ? 1 : 0));
        if (integer)
            vc_pack_int (pack, strtoll (eq + 1, NULL, 10));
        else
            vc_pack_str (pack, eq + 1);
    }
    vc_pack_map_end (pack);
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    return cli_call (cli, argv [1], body, cli_print_raw);
}

static int
c_shutdown (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    char *key = vc_path_first_line (vc_config_get (cli->config, "operator-key-file"));
    if (!key) {
        cli_error (_("shutdown needs --operator-key-file with the operator key"));
        return CLI_USAGE;
    }
    int rc = cli_call (cli, VC_SERVICE_BROKER, vc_api_shutdown (key), cli_print_message);
    memset (key, 0, strlen (key));
    free (key);
    return rc;
}

static int
c_watch (cli_t *cli, int argc, const char **argv)
{
    return cli_watch (cli, argc > 1 ? argv [1] : "", vc_config_int (cli->config, "count"));
}

//  complete commands|provinces: words for shell completion scripts, one a
//  line, from what is built in (no server needed).
static int
c_complete (cli_t *cli, int argc, const char **argv)
{
    (void) cli, (void) argc;
    if (streq (argv [1], "commands")) {
        for (const char **name = cli_command_names (); *name; name++)
            if (strcmp (*name, "exit") && strcmp (*name, "complete"))
                printf ("%s\n", *name);
        printf ("shell\n");
    }
    else
    if (streq (argv [1], "provinces") && s_provinces ()) {
        for (size_t i = 0; i < vc_provinces_size (s_provinces ()); i++) {
            const vc_province_t *province = vc_provinces_at (s_provinces (), i);
            printf ("%s\n%s\n", province->name, province->ascii);
        }
    }
    else {
        cli_error (_("complete: commands or provinces"));
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int
c_help (cli_t *cli, int argc, const char **argv)
{
    (void) cli, (void) argc, (void) argv;
    cli_print_help ();
    return CLI_OK;
}

static const command_t s_commands [] = {
    { "ping", 0, 1, N_("ping [SERVICE]          round trip to the broker or a service"), c_ping },
    { "services", 0, 0, N_("services                services, instances and health"), c_services },
    { "clients", 0, 0, N_("clients                 connected clients (operator key needed)"), c_clients },
    { "signup", 1, 2, N_("signup USER [PASSWORD]  create an account (asks for the password if not given)"), c_signup },
    { "signin", 1, 2, N_("signin USER [PASSWORD]  sign in (the session lasts as long as the shell)"), c_signin },
    { "signout", 0, 0, N_("signout                 sign out"), c_signout },
    { "lookup", 1, 30, N_("lookup PROVINCE [DATE]  total cases, or new cases on DATE"), c_lookup },
    { "series", 1, 30, N_("series PROVINCE [FROM [TO]]  daily new cases over a range"), c_series },
    { "national", 0, 1, N_("national [DATE]         national total, or national new cases on DATE"), c_national },
    { "top", 0, 2, N_("top [N] [DATE]          the N provinces (default 10) with most new cases"), c_top },
    { "history", 1, 30, N_("history PROVINCE|national [FROM [TO]] [day|week|month]  the whole epidemic or a range, by day, week or month"), cli_views_history },
    { "compare", 1, 30, N_("compare P1,P2,... [FROM [TO]] [day|week|month]  provinces side by side (up to 8)"), cli_views_compare },
    { "stats", 1, 30, N_("stats PROVINCE [DATE]   new cases, deaths, total, 7-day average, per 100.000, rank"), cli_views_stats },
    { "provinces", 0, 0, N_("provinces               the 63 provinces"), c_provinces },
    { "range", 0, 0, N_("range                   dates covered by the data"), c_range },
    { "refresh", 0, 0, N_("refresh                 ask the scraper to scrape now"), c_refresh },
    { "scrape-status", 0, 0, N_("scrape-status           the scraper's last runs"), c_scrape_status },
    { "call", 2, 30, N_("call SERVICE OP [K=V|K:=INT...]  any operation, raw reply"), c_call },
    { "subscribe", 1, 30, N_("subscribe PROVINCE     told live when a scrape changes its figures"), cli_views_subscribe },
    { "watch", 0, 1, N_("watch [TOPICS]          print events live (comma-separated prefixes)"), c_watch },
    { "shutdown", 0, 0, N_("shutdown                stop the whole system (operator key needed)"), c_shutdown },
    { "help", 0, 0, N_("help                    this list"), c_help },
    { "complete", 1, 1, N_("complete commands|provinces  words for shell completion"), c_complete },
    { NULL, 0, 0, NULL, NULL }
};

const char **
cli_command_names (void)
{
    static const char *names [sizeof s_commands / sizeof s_commands [0] + 2];
    if (!names [0]) {
        size_t count = 0;
        for (const command_t *command = s_commands; command->name; command++)
            names [count++] = command->name;
        names [count++] = "exit";
        names [count] = NULL;
    }
    return names;
}

void
cli_print_help (void)
{
    printf (_("Commands:\n"));
    for (const command_t *command = s_commands; command->name; command++)
        printf ("  %s\n", _(command->usage));
    printf (_("Dates: dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd. Provinces: any usual spelling, "
            "quoted or not.\n"));
}

int
cli_command (cli_t *cli, int argc, const char **argv)
{
    for (const command_t *command = s_commands; command->name; command++) {
        if (strcmp (command->name, argv [0]))
            continue;
        if (argc - 1 < command->min_args || argc - 1 > command->max_args) {
            fprintf (stderr, _("usage: %s\n"), _(command->usage));
            return CLI_USAGE;
        }
        return command->run (cli, argc, argv);
    }
    cli_error (_("unknown command '%s' (try 'help')"), argv [0]);
    return CLI_USAGE;
}
