/*  vc-cli - command-line client: one-shot commands for scripts (the answer
    on stdout; a non-zero exit code and one "error: ..." line on stderr on
    error) or an interactive shell.  */
#include "cli.h"
#include "cli_input.h"
#include "vc_text.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, N_("Broker address (host, host:port or tcp://host:port), or both of a pair of brokers, comma-separated"), false },
    { "events", "VC_EVENTS", NULL, N_("Event bus address for 'watch' (default: the one the broker tells)"), false },
    { "server-key-file", "VC_SERVER_KEY_FILE", NULL, N_("Broker public certificate: encrypt the link with CURVE"), false },
    { "user", "VC_USER", NULL, N_("Sign in as this user before the command"), false },
    { "password-file", "VC_PASSWORD_FILE", NULL, N_("Password for --user, signup and signin: first line of this file (else asked on the terminal)"), false },
    { "password", "VC_PASSWORD", NULL, N_("Password for --user, signup and signin. WARNING: other users can see the command line; prefer --password-file or the prompt"), false },
    { "operator-key-file", "VC_OPERATOR_KEY_FILE", NULL, N_("Operator key file, for 'shutdown' and 'clients'"), false },
    { "timeout", "VC_TIMEOUT", "5000", N_("Milliseconds to wait for a reply"), false },
    { "format", "VC_FORMAT", "table", N_("Answers as: table (for people), csv or json"), false },
    { "raw", "VC_RAW", "false", N_("Print replies as their msgpack map, errors with their status code (for scripts)"), true },
    { "count", "VC_COUNT", "0", N_("For 'watch': stop after this many events (0: never)"), false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

static int
s_setup_curve (cli_t *cli)
{
    const char *path = vc_config_get (cli->config, "server-key-file");
    if (!path)
        return 0;
    char key [41];
    int rc = vc_curve_key_load (path, key, sizeof key) == 0
           ? vc_client_set_server_key (cli->client, key) : -1;
    if (rc)
        cli_error (_("cannot read the broker's public key from %s"), path);
    return rc;
}

//  With --user, sign in before the command runs; what it says goes to
//  stderr (stdout holds only the command's answer).
static int
s_sign_in (cli_t *cli)
{
    const char *user = vc_config_get (cli->config, "user");
    if (!user)
        return CLI_OK;
    char password [VC_PASSWORD_MAX + 2];
    if (cli_password (cli, NULL, false, password, sizeof password))
        return CLI_USAGE;
    int rc = cli_ensure_connected (cli);
    if (rc == CLI_OK) {
        vc_reply_t *reply = vc_api_signin (cli->client, user, password, cli->timeout_ms);
        if (reply->status == VC_OK) {
            fprintf (stderr, _("signed in as %s\n"), user);
            vc_text_copy (cli->user, sizeof cli->user, user);
        }
        else
            rc = cli_report (cli, &reply, cli_print_message);
        vc_reply_destroy (&reply);
    }
    cli_input_wipe (password, sizeof password);
    return rc;
}

static int
s_settings (cli_t *cli)
{
    long timeout = 0;
    if (vc_config_int_in (cli->config, "timeout", 1, 3600 * 1000, &timeout))
        return CLI_USAGE;
    cli->timeout_ms = (int) timeout;
    cli->raw = vc_config_bool (cli->config, "raw");
    if (cli_format_parse (vc_config_get (cli->config, "format"), &cli->format)) {
        cli_error (_("--format must be table, csv or json"));
        return CLI_USAGE;
    }
    return CLI_OK;
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_i18n_init ();
    vc_config_t *config = vc_program_start ("vc-cli", "cli", "[options] COMMAND [ARGS...]",
        _("Talks to the COVID-19 lookup service. Commands (run 'vc-cli help' for details):\n"
          "  ping [SERVICE], services, clients, signup USER [PASS], signin USER [PASS], signout,\n"
          "  lookup PROVINCE [DATE], series PROVINCE [FROM [TO]], national [DATE], top [N] [DATE],\n"
          "  provinces, range, refresh, scrape-status, call SERVICE OP [KEY=VALUE|KEY:=INT...],\n"
          "  watch [TOPICS], shutdown, shell"),
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    cli_t cli = { 0 };
    cli.config = config;
    cli.client = vc_client_new (vc_config_get (config, "server"), "cli");
    const char *args [64];
    int count = vc_config_argc (config);
    for (int i = 0; i < count && i < 64; i++)
        args [i] = vc_config_arg (config, i);
    count = count < 64 ? count : 64;
    if (!cli.client) {
        fprintf (stderr, "vc-cli: %s\n", _("out of memory"));
        rc = CLI_FAILED;
    }
    else
    if (s_settings (&cli) || s_setup_curve (&cli))
        rc = CLI_USAGE;
    else
    if (count == 0 || streq (args [0], "shell")) {
        cli.interactive = true;
        rc = s_sign_in (&cli);
        if (rc == CLI_OK)
            rc = cli_shell (&cli);
    }
    else {
        bool local = streq (args [0], "help") || streq (args [0], "watch") || streq (args [0], "complete");
        rc = local ? CLI_OK : s_sign_in (&cli);
        if (rc == CLI_OK)
            rc = cli_command (&cli, count, args);
    }
    vc_client_destroy (&cli.client);
    vc_config_destroy (&config);
    return rc;
}
