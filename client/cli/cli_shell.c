/*  cli_shell - the interactive shell: reads commands from a terminal (with
    line editing, see cli_edit) or a script, keeps the connection and
    session between them, and says when the server restarted under it.
    While it waits for input it waits in one loop (cli_shell_wait) on
    stdin and the client's socket together, so the broker is heard,
    heartbeats go out and a lost broker is left for the next one while
    the user types or sits at the prompt.  */
#include "cli.h"
#include "cli_edit.h"
#include "vc_text.h"

#define SHELL_LINE_MAX 4096
#define SHELL_ARGS_MAX 32
//  The longest wait without upkeep: heartbeats go out every VC_HEARTBEAT_MSEC
#define SHELL_UPKEEP_MSEC (VC_HEARTBEAT_MSEC / 2)

//  Split a line into words; "double" or 'single' quotes group words.
static int
s_split (char *line, const char **argv, int max)
{
    int argc = 0;
    char *p = line;
    while (*p && argc < max) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        char quote = (*p == '"' || *p == '\'') ? *p++ : 0;
        argv [argc++] = p;
        char *out = p;
        while (*p && (quote ? *p != quote : (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')))
            *out++ = *p++;
        if (*p)
            p++;
        *out = 0;
    }
    return argc;
}

//  The client's socket while the link is up, else NULL.
static zsock_t *
s_client_socket (cli_t *cli)
{
    if (!cli->connected || !vc_client_connected (cli->client))
        return NULL;
    return vc_client_sock (cli->client);
}

//  One wait of the shell: the loop's readers end it (-1) when input came
//  or the client's socket is not the one the loop reads any more
typedef struct {
    cli_t *cli;
    zsock_t *socket;            //  The client's socket the loop reads, or NULL
    bool input;                 //  Input, or its end, is waiting
} s_wait_t;

//  After each wake: what arrived is read, the heartbeat sent when due, a
//  lost link or a silent broker left for another broker of the list, and
//  the restart told; -1 ends the loop when the client's socket changed.
static int
s_upkeep (s_wait_t *wait)
{
    cli_t *cli = wait->cli;
    if (cli->connected)
        vc_client_idle_tick (cli->client);
    cli_shell_notice (cli);
    return s_client_socket (cli) == wait->socket && !wait->input ? 0 : -1;
}

static int
s_on_input (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    (void) loop, (void) item;
    s_wait_t *wait = (s_wait_t *) arg;
    wait->input = true;
    return s_upkeep (wait);
}

static int
s_on_socket (zloop_t *loop, zsock_t *reader, void *arg)
{
    (void) loop, (void) reader;
    return s_upkeep ((s_wait_t *) arg);
}

static int
s_on_timer (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop, (void) timer_id;
    return s_upkeep ((s_wait_t *) arg);
}

//  One zloop over the descriptor, the client's socket and the upkeep's
//  timer, until input or a change of socket; -1 when it cannot be made
//  or was interrupted.
static int
s_wait_once (s_wait_t *wait, int fd)
{
    zloop_t *loop = zloop_new ();
    zmq_pollitem_t item = { NULL, fd, ZMQ_POLLIN, 0 };
    wait->socket = s_client_socket (wait->cli);
    int rc = loop ? zloop_poller (loop, &item, s_on_input, wait) : -1;
    if (rc == 0 && wait->socket)
        rc = zloop_reader (loop, wait->socket, s_on_socket, wait);
    if (rc == 0 && zloop_timer (loop, SHELL_UPKEEP_MSEC, 0, s_on_timer, wait) == -1)
        rc = -1;
    if (rc == 0)
        zloop_start (loop);
    zloop_destroy (&loop);
    return rc;
}

int
cli_shell_wait (cli_t *cli, int fd)
{
    s_wait_t wait = { .cli = cli };
    while (!zsys_interrupted && !wait.input)
        if (s_wait_once (&wait, fd))
            return -1;
    return wait.input ? 0 : -1;     //  Input, or its end (read sees which)
}

//  A line from a script or a pipe. Returns false at EOF.
static bool
s_read_line (cli_t *cli, char *line, size_t size)
{
    if (cli_shell_wait (cli, STDIN_FILENO))
        return false;
    return fgets (line, (int) size, stdin) != NULL;
}

void
cli_shell_notice (cli_t *cli)
{
    unsigned restarts = vc_client_restarts (cli->client);
    if (restarts == cli->restarts_seen)
        return;
    cli->restarts_seen = restarts;
    time_t now = time (NULL);
    struct tm tm;
    char when [16] = "";
    if (localtime_r (&now, &tm))
        strftime (when, sizeof when, "%H:%M:%S", &tm);
    //  At the prompt: on a line of its own, then the prompt and what was
    //  typed so far again
    if (cli->editing) {
        fflush (stdout);
        fputs ("\r\n", stderr);
    }
    fprintf (stderr, _("-- %s the server restarted; reconnected%s\n"), when,
             *cli->user ? _(" (if a command says 'sign in first', the session ended with it)") : "");
    cli->restarted = true;
    if (cli->editing)
        cli_edit_redraw ();
}

//  A line from the terminal (libedit) or a script; false at the end.
static bool
s_next_line (cli_t *cli, bool tty, char *line, size_t size)
{
    if (!tty)
        return s_read_line (cli, line, size);
    char *typed = cli_edit_line (cli->connected ? "vc> " : _("vc (not connected)> "));
    if (!typed)
        return false;
    vc_text_copy (line, size, typed);
    cli_edit_remember (typed);
    explicit_bzero (typed, strlen (typed));
    free (typed);
    return true;
}

int
cli_shell (cli_t *cli)
{
    bool tty = isatty (STDIN_FILENO) && isatty (STDOUT_FILENO);
    int rc = CLI_OK;
    if (tty) {
        printf (_("COVID-19 lookup shell. Type 'help' for commands, Tab to complete, 'exit' to leave.\n"));
        cli_edit_start (cli);
    }
    else    //  Unbuffered, so that polling the descriptor sees every waiting line
        setvbuf (stdin, NULL, _IONBF, 0);
    char line [SHELL_LINE_MAX];
    while (s_next_line (cli, tty, line, sizeof line)) {
        const char *argv [SHELL_ARGS_MAX];
        int argc = s_split (line, argv, SHELL_ARGS_MAX);
        if (argc == 0 || argv [0][0] == '#')
            continue;
        if (streq (argv [0], "exit") || streq (argv [0], "quit"))
            break;
        if (cli->connected)
            vc_client_tick (cli->client);
        cli_shell_notice (cli);
        rc = cli_command (cli, argc, argv);
        cli_shell_notice (cli);
        fflush (stdout);
    }
    explicit_bzero (line, sizeof line);
    if (tty)
        cli_edit_stop ();
    //  In a script the last command's result is the shell's result
    return tty ? CLI_OK : rc;
}
