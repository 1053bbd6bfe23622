/*  cli_shell - the interactive shell: reads commands from stdin (a
    terminal or a script), keeps the connection and session between them,
    and keeps heartbeats going while it waits for the next line.  */
#include "cli.h"

#define SHELL_LINE_MAX 4096
#define SHELL_ARGS_MAX 32

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

//  Wait for a line on stdin while heartbeating. Returns false at EOF.
static bool
s_read_line (cli_t *cli, char *line, size_t size)
{
    while (!zsys_interrupted) {
        zmq_pollitem_t item = { NULL, STDIN_FILENO, ZMQ_POLLIN, 0 };
        int rc = zmq_poll (&item, 1, 500);
        if (cli->connected)
            vc_client_tick (cli->client);
        if (rc < 0)
            return false;
        if (rc > 0)
            return fgets (line, (int) size, stdin) != NULL;
    }
    return false;
}

int
cli_shell (cli_t *cli)
{
    bool tty = isatty (STDIN_FILENO);
    int rc = CLI_OK;
    //  Unbuffered, so that polling the descriptor sees every waiting line
    setvbuf (stdin, NULL, _IONBF, 0);
    if (tty)
        printf ("COVID-19 lookup shell. Type 'help' for commands, 'exit' to leave.\n");
    char line [SHELL_LINE_MAX];
    while (true) {
        if (tty) {
            printf ("%s> ", cli->connected ? "vc" : "vc (not connected)");
            fflush (stdout);
        }
        if (!s_read_line (cli, line, sizeof line))
            break;
        const char *argv [SHELL_ARGS_MAX];
        int argc = s_split (line, argv, SHELL_ARGS_MAX);
        if (argc == 0 || argv [0][0] == '#')
            continue;
        if (streq (argv [0], "exit") || streq (argv [0], "quit"))
            break;
        rc = cli_command (cli, argc, argv);
        fflush (stdout);
    }
    //  In a script the last command's result is the shell's result
    return tty ? CLI_OK : rc;
}
