/*  cli_commands - the table of CLI commands: each builds a request with
    vc_api, sends it and prints the answer.  */
#include "cli.h"
#include "vc_path.h"
#include "vc_province.h"
#include <ctype.h>

typedef struct {
    const char *name;
    int min_args, max_args;     //  Arguments after the command name
    const char *usage;
    int (*run) (cli_t *cli, int argc, const char **argv);
} command_t;

int
cli_ensure_connected (cli_t *cli)
{
    if (cli->connected && vc_client_connected (cli->client))
        return CLI_OK;
    if (vc_client_connect (cli->client, VC_CONNECT_TIMEOUT_MSEC)) {
        fprintf (stderr, "error: %s\n", vc_client_error (cli->client));
        return CLI_NO_SERVER;
    }
    cli->connected = true;
    return CLI_OK;
}

int
cli_report (vc_reply_t **reply_p, void (*print_fn) (vc_reply_t *reply))
{
    vc_reply_t *reply = *reply_p;
    int rc = CLI_OK;
    if (reply->status == VC_OK)
        print_fn (reply);
    else {
        fprintf (stderr, "error: %s (%s)\n", reply->message, vc_status_name (reply->status));
        char names [512];
        if (vc_reply_suggestions (reply, names, sizeof names))
            fprintf (stderr, "did you mean: %s?\n", names);
        rc = reply->status == VC_TIMEOUT ? CLI_NO_SERVER : CLI_FAILED;
    }
    vc_reply_destroy (reply_p);
    return rc;
}

static void
s_print_message (vc_reply_t *reply)
{
    printf ("%s\n", reply->message);
}

//  Any reply, printed as its msgpack map.
static void
s_print_raw (vc_reply_t *reply)
{
    msgpack_object_print (stdout, *vc_body_root (reply->body));
    printf ("\n");
}

static int
s_call (cli_t *cli, const char *service, zframe_t *body, void (*print_fn) (vc_reply_t *))
{
    int rc = cli_ensure_connected (cli);
    if (rc) {
        zframe_destroy (&body);
        return rc;
    }
    vc_reply_t *reply = vc_client_call (cli->client, service, &body, cli->timeout_ms);
    return cli_report (&reply, vc_config_bool (cli->config, "raw") ? s_print_raw : print_fn);
}

static int
c_ping (cli_t *cli, int argc, const char **argv)
{
    return s_call (cli, argc > 1 ? argv [1] : VC_SERVICE_BROKER, vc_api_op ("ping"), s_print_message);
}

static int
c_services (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return s_call (cli, VC_SERVICE_BROKER, vc_api_op ("services"), s_print_raw);
}

static int
c_clients (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return s_call (cli, VC_SERVICE_BROKER, vc_api_op ("clients"), s_print_raw);
}

static int
c_signup (cli_t *cli, int argc, const char **argv)
{
    (void) argc;
    return s_call (cli, VC_SERVICE_AUTH, vc_api_credentials ("signup", argv [1], argv [2]),
                   s_print_message);
}

static int
c_signin (cli_t *cli, int argc, const char **argv)
{
    (void) argc;
    int rc = cli_ensure_connected (cli);
    if (rc)
        return rc;
    vc_reply_t *reply = vc_api_signin (cli->client, argv [1], argv [2], cli->timeout_ms);
    return cli_report (&reply, s_print_message);
}

static int
c_signout (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    int rc = cli_ensure_connected (cli);
    if (rc)
        return rc;
    vc_reply_t *reply = vc_api_signout (cli->client, cli->timeout_ms);
    return cli_report (&reply, s_print_message);
}

static int
c_lookup (cli_t *cli, int argc, const char **argv)
{
    return s_call (cli, VC_SERVICE_DATA, vc_api_lookup (argv [1], argc > 2 ? argv [2] : NULL),
                   cli_print_lookup);
}

static int
c_series (cli_t *cli, int argc, const char **argv)
{
    return s_call (cli, VC_SERVICE_DATA, vc_api_series (argv [1], argc > 2 ? argv [2] : NULL,
                   argc > 3 ? argv [3] : NULL), cli_print_series);
}

static int
c_national (cli_t *cli, int argc, const char **argv)
{
    return s_call (cli, VC_SERVICE_DATA, vc_api_national (argc > 1 ? argv [1] : NULL),
                   cli_print_national);
}

static int
c_top (cli_t *cli, int argc, const char **argv)
{
    //  N and DATE in either order: a whole number is N, anything else the date
    long n = 10;
    const char *date = NULL;
    bool have_n = false;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        long value = isdigit ((unsigned char) argv [i][0]) ? strtol (argv [i], &end, 10) : -1;
        bool number = end && *end == 0;
        if ((number && have_n) || (!number && date)) {
            fprintf (stderr, "error: top takes one number (how many provinces) and one date\n");
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
        fprintf (stderr, "error: top N: N must be a whole number from 1 to %d\n", VC_PROVINCE_COUNT);
        return CLI_USAGE;
    }
    return s_call (cli, VC_SERVICE_DATA, vc_api_top ((int) n, date), cli_print_top);
}

static int
c_provinces (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return s_call (cli, VC_SERVICE_DATA, vc_api_op ("provinces"), cli_print_provinces);
}

static int
c_range (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return s_call (cli, VC_SERVICE_DATA, vc_api_op ("range"), cli_print_range);
}

static int
c_refresh (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return s_call (cli, VC_SERVICE_SCRAPER, vc_api_op ("refresh"), s_print_message);
}

static int
c_scrape_status (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    return s_call (cli, VC_SERVICE_SCRAPER, vc_api_op ("status"), s_print_raw);
}

//  call SERVICE OP [key=value | key:=integer ...]
static int
c_call (cli_t *cli, int argc, const char **argv)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, (size_t) argc - 2);
    vc_pack_kstr (pack, "op", argv [2]);
    for (int i = 3; i < argc; i++) {
        const char *eq = strchr (argv [i], '=');
        if (!eq) {
            fprintf (stderr, "error: argument '%s' is not KEY=VALUE\n", argv [i]);
            vc_pack_destroy (&pack);
            return CLI_USAGE;
        }
        bool integer = eq > argv [i] && eq [-1] == ':';
        vc_pack_strn (pack, argv [i], (size_t) (eq - argv [i]) - (integer ? 1 : 0));
        if (integer)
            vc_pack_int (pack, strtoll (eq + 1, NULL, 10));
        else
            vc_pack_str (pack, eq + 1);
    }
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    return s_call (cli, argv [1], body, s_print_raw);
}

static int
c_shutdown (cli_t *cli, int argc, const char **argv)
{
    (void) argc, (void) argv;
    char *key = vc_path_first_line (vc_config_get (cli->config, "operator-key-file"));
    if (!key) {
        fprintf (stderr, "error: shutdown needs --operator-key-file with the operator key\n");
        return CLI_USAGE;
    }
    int rc = s_call (cli, VC_SERVICE_BROKER, vc_api_shutdown (key), s_print_message);
    memset (key, 0, strlen (key));
    free (key);
    return rc;
}

static int
c_watch (cli_t *cli, int argc, const char **argv)
{
    return cli_watch (cli, argc > 1 ? argv [1] : "", vc_config_int (cli->config, "count"));
}

static int
c_help (cli_t *cli, int argc, const char **argv)
{
    (void) cli, (void) argc, (void) argv;
    cli_print_help ();
    return CLI_OK;
}

static const command_t s_commands [] = {
    { "ping", 0, 1, "ping [SERVICE]          round trip to the broker or a service", c_ping },
    { "services", 0, 0, "services                services, instances and health", c_services },
    { "clients", 0, 0, "clients                 connected clients", c_clients },
    { "signup", 2, 2, "signup USER PASSWORD    create an account", c_signup },
    { "signin", 2, 2, "signin USER PASSWORD    sign in (keeps the session in the shell)", c_signin },
    { "signout", 0, 0, "signout                 sign out", c_signout },
    { "lookup", 1, 2, "lookup PROVINCE [DATE]  total cases, or new cases on DATE", c_lookup },
    { "series", 1, 3, "series PROVINCE [FROM [TO]]  daily new cases over a range", c_series },
    { "national", 0, 1, "national [DATE]         national total, or national new cases on DATE", c_national },
    { "top", 0, 2, "top [N] [DATE]          the N provinces (default 10) with most new cases", c_top },
    { "provinces", 0, 0, "provinces               the 63 provinces", c_provinces },
    { "range", 0, 0, "range                   dates covered by the data", c_range },
    { "refresh", 0, 0, "refresh                 ask the scraper to scrape now", c_refresh },
    { "scrape-status", 0, 0, "scrape-status           the scraper's last runs", c_scrape_status },
    { "call", 2, 30, "call SERVICE OP [K=V|K:=INT...]  any operation, raw reply", c_call },
    { "watch", 0, 1, "watch [TOPICS]          print events live (comma-separated prefixes)", c_watch },
    { "shutdown", 0, 0, "shutdown                stop the whole system (operator key needed)", c_shutdown },
    { "help", 0, 0, "help                    this list", c_help },
    { NULL, 0, 0, NULL, NULL }
};

void
cli_print_help (void)
{
    printf ("Commands:\n");
    for (const command_t *command = s_commands; command->name; command++)
        printf ("  %s\n", command->usage);
    printf ("Dates: dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd. Provinces: any usual spelling.\n");
}

int
cli_command (cli_t *cli, int argc, const char **argv)
{
    for (const command_t *command = s_commands; command->name; command++) {
        if (strcmp (command->name, argv [0]))
            continue;
        if (argc - 1 < command->min_args || argc - 1 > command->max_args) {
            fprintf (stderr, "usage: %s\n", command->usage);
            return CLI_USAGE;
        }
        return command->run (cli, argc, argv);
    }
    fprintf (stderr, "error: unknown command '%s' (try 'help')\n", argv [0]);
    return CLI_USAGE;
}
