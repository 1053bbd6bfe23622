/*  cli - the command-line client's shared state and entry points: one-shot
    commands for scripts, an interactive shell, and a live event watch.
    What a command answers goes to stdout (as text, a table, CSV, JSON or,
    with --raw, the reply's map); everything else goes to stderr.
*/
#ifndef CLI_H_INCLUDED
#define CLI_H_INCLUDED

#include "vc_api.h"
#include "vc_client.h"
#include "vc_config.h"
#include "vc_event.h"
#include "vc_i18n.h"
#include "vc_log.h"
#include "cli_table.h"

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
    bool raw;                   //  --raw: the reply's msgpack map
    cli_format_t format;        //  --format: table, csv or json
    bool interactive;           //  In the shell
    char user [64];             //  Signed in as, "" if not
    unsigned restarts_seen;     //  Broker restarts already told
    bool restarted;             //  The server restarted during this shell
    bool editing;               //  A line is being edited at the prompt
} cli_t;

//  Prints what a successful reply answers.
typedef void (cli_print_fn) (cli_t *cli, vc_reply_t *reply);

//  The password for a command (cli_input.c): given if not NULL, else
//  --password, else the first line of --password-file, else asked on the
//  terminal (twice when confirm). Returns 0, or -1 after an error message.
int cli_password (cli_t *cli, const char *given, bool confirm, char *out, size_t size);

//  Connect on first use; prints "error: cannot connect to ..." on failure.
int cli_ensure_connected (cli_t *cli);

//  Run one command (argv[0] is the command name); returns an exit code.
int cli_command (cli_t *cli, int argc, const char **argv);

//  Send one request to a service and print its answer with print_fn
//  (the map with --raw); returns an exit code.
int cli_call (cli_t *cli, const char *service, zframe_t *body, cli_print_fn *print_fn);

//  Read commands line by line until EOF, "exit" or "quit".
int cli_shell (cli_t *cli);

//  Tell once, on stderr, that the server restarted since the last notice
//  (at the prompt, on a line of its own, and the prompt drawn again).
void cli_shell_notice (cli_t *cli);

//  The shell's one wait for input: until fd can be read, one zmq_poll on
//  fd and on the client's socket, the client's upkeep (what arrived, the
//  heartbeats, joining again) and the restart notice after each wake.
//  0 when fd can be read (or is at its end), -1 on interrupt or error.
int cli_shell_wait (cli_t *cli, int fd);

//  Print events from the bus until interrupted or max_events were shown
//  (0: no limit).
int cli_watch (cli_t *cli, const char *topics, long max_events);

//  Print a reply: the answer on stdout, or one "error: ..." line on stderr
//  (with the status code only with --raw). Destroys the reply.
int cli_report (cli_t *cli, vc_reply_t **reply_p, cli_print_fn *print_fn);

//  "error: ..." on stderr (the word in red on a terminal).
void cli_error (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

//  Print a table in the chosen format and destroy it; a table that ran out
//  of memory, or output that fails, is told as an error.
void cli_output (cli_t *cli, cli_table_t **table_p);

void cli_print_help (void);

//  cli_views: history, compare and stats (commands; return an exit code)
int cli_views_history (cli_t *cli, int argc, const char **argv);
int cli_views_compare (cli_t *cli, int argc, const char **argv);
int cli_views_stats (cli_t *cli, int argc, const char **argv);
int cli_views_subscribe (cli_t *cli, int argc, const char **argv);

//  The command names, NULL-terminated (for completion).
const char **cli_command_names (void);

//  cli_format: the services' replies as text, tables, CSV or JSON
void cli_print_message (cli_t *cli, vc_reply_t *reply);
//  A server's message in the person's language when it is one the
//  services give in full or of a known shape (cli_words.c), else as
//  written; valid until the next call.
const char *cli_words_message (const char *message);
//  A reply's message (message: reply->message, or the program's own text
//  for it): by the reply's message id when it has one, else as
//  cli_words_message.
const char *cli_words_reply (vc_reply_t *reply, const char *message);
//  A scraper's reason or note in the person's language (the same way).
const char *cli_words_scrape (const char *text);
//  The same said by its message id and values when they are given (a
//  scrape run's detail; docs/protocol.md, "Message ids"), else by its shape.
const char *cli_words_scrape_said (const char *text, const char *msgid, const char *const *args,
                                   size_t count);
void cli_print_raw (cli_t *cli, vc_reply_t *reply);
//  Say on stderr that a reply is not of its operation's shape (the decoder's reason)
void cli_print_malformed (vc_reply_t *reply);
void cli_print_ping (cli_t *cli, vc_reply_t *reply);
void cli_print_lookup (cli_t *cli, vc_reply_t *reply);
void cli_print_series (cli_t *cli, vc_reply_t *reply);
void cli_print_national (cli_t *cli, vc_reply_t *reply);
void cli_print_top (cli_t *cli, vc_reply_t *reply);
void cli_print_provinces (cli_t *cli, vc_reply_t *reply);
void cli_print_range (cli_t *cli, vc_reply_t *reply);
void cli_print_services (cli_t *cli, vc_reply_t *reply);
//  The table of "clients" (client, kind, user, address), and one page's rows.
cli_table_t *cli_clients_table_new (void);
void cli_clients_rows (cli_t *cli, cli_table_t *table, const vc_broker_clients_reply_t *page);
void cli_print_scrape_status (cli_t *cli, vc_reply_t *reply);

#endif
