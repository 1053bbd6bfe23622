/*  cli - the command-line client's shared state and entry points: one-shot
    commands for scripts, an interactive shell, and a live event watch.
*/
#ifndef CLI_H_INCLUDED
#define CLI_H_INCLUDED

#include "vc_api.h"
#include "vc_client.h"
#include "vc_config.h"
#include "vc_event.h"
#include "vc_log.h"

//  Exit codes
#define CLI_OK          0
#define CLI_FAILED      1       //  The server answered with an error
#define CLI_USAGE       2       //  The command line was wrong
#define CLI_NO_SERVER   3       //  Cannot connect / server gone

typedef struct {
    vc_client_t *client;
    vc_config_t *config;
    int timeout_ms;
    bool connected;
} cli_t;

//  Connect on first use; prints "cannot connect to ..." on failure.
int cli_ensure_connected (cli_t *cli);

//  Run one command (argv[0] is the command name); returns an exit code.
int cli_command (cli_t *cli, int argc, const char **argv);

//  Read commands line by line from stdin until EOF, "exit" or "quit".
int cli_shell (cli_t *cli);

//  Print events from the bus until interrupted or max_events were shown
//  (0: no limit).
int cli_watch (cli_t *cli, const char *topics, long max_events);

//  Print a reply: the result on stdout, or "error: ..." on stderr.
int cli_report (vc_reply_t **reply_p, void (*print_fn) (vc_reply_t *reply));

void cli_print_help (void);

//  cli_format: the data service's replies as text (see --raw for the map)
void cli_print_lookup (vc_reply_t *reply);
void cli_print_series (vc_reply_t *reply);
void cli_print_national (vc_reply_t *reply);
void cli_print_top (vc_reply_t *reply);
void cli_print_provinces (vc_reply_t *reply);
void cli_print_range (vc_reply_t *reply);

#endif
