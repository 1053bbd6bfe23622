/*  vc-cli - command-line client: one-shot commands for scripts (non-zero
    exit code and a message on stderr on error) or an interactive shell.  */
#include "cli.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker address (host, host:port or tcp://host:port)", false },
    { "events", "VC_EVENTS", NULL, "Event bus address for 'watch' (default: server host, port 5558)", false },
    { "server-key-file", "VC_SERVER_KEY_FILE", NULL, "Broker public certificate: encrypt the link with CURVE", false },
    { "user", "VC_USER", NULL, "Sign in as this user before the command", false },
    { "password", "VC_PASSWORD", NULL, "Password for --user (prefer the environment variable)", false },
    { "operator-key-file", "VC_OPERATOR_KEY_FILE", NULL, "Operator key file, for 'shutdown'", false },
    { "timeout", "VC_TIMEOUT", "5000", "Milliseconds to wait for a reply", false },
    { "raw", "VC_RAW", "false", "Print replies as their msgpack map (for scripts) instead of text", true },
    { "count", "VC_COUNT", "0", "For 'watch': stop after this many events (0: never)", false },
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
        fprintf (stderr, "error: cannot read the broker's public key from %s\n", path);
    return rc;
}

//  With --user, sign in before the command runs.
static int
s_sign_in (cli_t *cli)
{
    const char *user = vc_config_get (cli->config, "user");
    if (!user)
        return CLI_OK;
    const char *password = vc_config_get (cli->config, "password");
    const char *argv [] = { "signin", user, password ? password : "" };
    return cli_command (cli, 3, argv);
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-cli", "cli", "[options] COMMAND [ARGS...]",
        "Talks to the COVID-19 lookup service. Commands (run 'vc-cli help' for details):\n"
        "  ping [SERVICE], services, clients, signup USER PASS, signin USER PASS, signout,\n"
        "  lookup PROVINCE [DATE], series PROVINCE [FROM [TO]], national [DATE], top [N] [DATE],\n"
        "  provinces, range, refresh, scrape-status, call SERVICE OP [KEY=VALUE|KEY:=INT...],\n"
        "  watch [TOPICS], shutdown, shell",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    long timeout = 0;
    if (vc_config_int_in (config, "timeout", 1, 3600 * 1000, &timeout)) {
        vc_config_destroy (&config);
        return CLI_USAGE;
    }
    cli_t cli = { 0 };
    cli.config = config;
    cli.timeout_ms = (int) timeout;
    cli.client = vc_client_new (vc_config_get (config, "server"), "cli");
    const char *args [64];
    int count = vc_config_argc (config);
    for (int i = 0; i < count; i++)
        args [i] = vc_config_arg (config, i);
    if (s_setup_curve (&cli))
        rc = CLI_USAGE;
    else
    if (count == 0 || streq (args [0], "shell"))
        rc = cli_shell (&cli);
    else {
        rc = streq (args [0], "help") || streq (args [0], "watch") ? CLI_OK : s_sign_in (&cli);
        if (rc == CLI_OK)
            rc = cli_command (&cli, count, args);
    }
    vc_client_destroy (&cli.client);
    vc_config_destroy (&config);
    return rc;
}
