/*  cli_input - passwords from a prompt (echo off) or a file.  */
#include "cli.h"
#include "cli_input.h"
#include "vc_path.h"
#include "vc_text.h"
#include <termios.h>

void
cli_input_wipe (char *secret, size_t size)
{
    explicit_bzero (secret, size);
}

int
cli_input_secret (const char *prompt, char *out, size_t size)
{
    out [0] = 0;
    FILE *tty = fopen ("/dev/tty", "r+");
    if (!tty || !isatty (STDIN_FILENO)) {
        if (tty)
            fclose (tty);
        cli_error (_("no password given and no terminal to ask for one "
                   "(use --password-file=FILE or VC_PASSWORD)"));
        return -1;
    }
    struct termios saved, quiet;
    bool echo_off = tcgetattr (fileno (tty), &saved) == 0;
    if (echo_off) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t) ECHO;
        quiet.c_lflag |= ECHONL;
        echo_off = tcsetattr (fileno (tty), TCSAFLUSH, &quiet) == 0;
    }
    fputs (prompt, tty);
    fflush (tty);
    bool read = fgets (out, (int) size, tty) != NULL;
    if (echo_off)
        tcsetattr (fileno (tty), TCSAFLUSH, &saved);
    fclose (tty);
    size_t len = strlen (out);
    if (!read || (len == size - 1 && out [len - 1] != '\n')) {
        cli_input_wipe (out, size);
        cli_error ("%s", read ? _("password too long") : _("no password given"));
        return -1;
    }
    out [strcspn (out, "\r\n")] = 0;
    return 0;
}

int
cli_input_password (const char *given, bool confirm, char *out, size_t size)
{
    if (given) {
        if (strlen (given) >= size) {
            cli_error (_("password too long (at most %zu bytes)"), size - 2);
            return -1;
        }
        vc_text_copy (out, size, given);
        return 0;
    }
    if (cli_input_secret (_("Password: "), out, size))
        return -1;
    if (!confirm)
        return 0;
    char again [256];
    int rc = cli_input_secret (_("Password again: "), again, sizeof again);
    if (rc == 0 && strcmp (again, out)) {
        cli_error (_("the two passwords differ"));
        rc = -1;
    }
    cli_input_wipe (again, sizeof again);
    if (rc)
        cli_input_wipe (out, size);
    return rc;
}

int
cli_input_file (const char *path, char *out, size_t size)
{
    char *line = vc_path_first_line (path);
    if (!line || strlen (line) >= size) {
        cli_error (line ? _("the password in %s is too long") : _("cannot read a password from %s"), path);
        if (line)
            cli_input_wipe (line, strlen (line));
        free (line);
        return -1;
    }
    vc_text_copy (out, size, line);
    cli_input_wipe (line, strlen (line));
    free (line);
    return 0;
}

int
cli_password (cli_t *cli, const char *given, bool confirm, char *out, size_t size)
{
    const char *password = given ? given : vc_config_get (cli->config, "password");
    const char *file = vc_config_get (cli->config, "password-file");
    if (!password && file)
        return cli_input_file (file, out, size);
    return cli_input_password (password, confirm, out, size);
}
