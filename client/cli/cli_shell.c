/*  cli_shell - the interactive shell: reads commands from a terminal (with
    line editing, see cli_edit) or a script, keeps the connection and
    session between them, and says when the server restarted under it.
    While it waits for input it waits in one loop (cli_shell_wait) on
    stdin and the client's socket together, so the broker is heard,
    heartbeats go out and a lost broker is left for the next one while
    the user types or sits at the prompt.  */
#include "cli.h"
#include "cli_edit.h"

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
static void *
s_client_socket (cli_t *cli)
{
    if (!cli->connected || !vc_client_connected (cli->client))
        return NULL;
    zsock_t *sock = vc_client_sock (cli->client);
    return sock ? zsock_resolve (sock) : NULL;
}

int
cli_shell_wait (cli_t *cli, int fd)
{
    while (!zsys_interrupted) {
        zmq_pollitem_t items [2] = { { NULL, fd, ZMQ_POLLIN, 0 } };
        void *socket = s_client_socket (cli);
        if (socket)
            items [1] = (zmq_pollitem_t) { socket, 0, ZMQ_POLLIN, 0 };
        int rc = zmq_poll (items, socket ? 2 : 1, SHELL_UPKEEP_MSEC);
        if (rc < 0 && errno != EINTR)
            return -1;
        //  What arrived is read, the heartbeat sent when due, a lost
        //  link or a silent broker left for another broker of the list
        if (cli->connected)
            vc_client_idle_tick (cli->client);
        cli_shell_notice (cli);
        if (rc > 0 && items [0].revents)
            return 0;           //  Input, or its end (read sees which)
    }
    return -1;
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
    snprintf (line, size, "%s", typed);
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
