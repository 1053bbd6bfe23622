/*  cli_edit - libedit line editing, history and completion for the shell;
    libedit reads each key through the shell's wait (cli_shell_wait).  */
#include "cli_edit.h"
#include "vc_check.h"
#include "vc_path.h"
#include "vc_province.h"
#include "vc_text.h"
#include <editline/readline.h>
#include <locale.h>
#include <strings.h>

#define HISTORY_KEEP 1000

static cli_t *s_cli;                    //  The shell being edited
static char s_history_path [512];
static vc_provinces_t *s_provinces;     //  For completion, made on first use

//  One byte from the terminal, after the shell's wait (the connection is
//  kept while the user types); EOF at the end or on interrupt.
static int
s_byte (int fd)
{
    if (s_cli && cli_shell_wait (s_cli, fd))
        return EOF;
    unsigned char c;
    return read (fd, &c, 1) == 1 ? c : EOF;
}

//  One key: libedit takes what this returns as a wide character, so a
//  UTF-8 sequence (ồ is three bytes) is decoded into its code point.
static int
s_getc (FILE *stream)
{
    int fd = fileno (stream);
    int c = s_byte (fd);
    if (c == EOF || c < 0xC0 || c > 0xF4)
        return c;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    int code = c & (0x3F >> extra);
    for (int i = 0; i < extra; i++) {
        int next = s_byte (fd);
        if (next == EOF || (next & 0xC0) != 0x80)
            return 0xFFFD;              //  Not UTF-8: the replacement character
        code = (code << 6) | (next & 0x3F);
    }
    return code;
}

//  The history file: VC_HISTORY_FILE, else the XDG state folder.
static void
s_history_file (char *out, size_t size)
{
    const char *path = getenv ("VC_HISTORY_FILE");
    const char *state = getenv ("XDG_STATE_HOME");
    const char *home = getenv ("HOME");
    out [0] = 0;
    if (path)
        vc_text_copy (out, size, path);
    else
    if (state && *state)
        snprintf (out, size, "%s/vcovid/cli_history", state);
    else
    if (home && *home)
        snprintf (out, size, "%s/.local/state/vcovid/cli_history", home);
}

//  Case-insensitive (ASCII) prefix test.
static bool
s_starts (const char *text, const char *prefix)
{
    return strncasecmp (text, prefix, strlen (prefix)) == 0;
}

static void
s_add (char ***list, size_t *count, const char *item)
{
    for (size_t i = 0; i < *count; i++)
        if (streq ((*list) [i], item))
            return;
    //  Out of memory: the completion offers what it had
    char *copy = strdup (item);
    char **grown = copy ? (char **) realloc (*list, sizeof (char *) * (*count + 2)) : NULL;
    if (!grown) {
        free (copy);
        return;
    }
    *list = grown;
    (*list) [(*count)++] = copy;
    (*list) [*count] = NULL;
}

//  Province names (Vietnamese and ASCII) starting with what was typed
//  after the command; each given from the word being completed on.
static void
s_complete_province (const char *typed, size_t word_offset, char ***list, size_t *count)
{
    if (!s_provinces)
        s_provinces = vc_provinces_new ();
    vc_provinces_t *provinces = s_provinces;
    for (size_t i = 0; provinces && i < vc_provinces_size (provinces); i++) {
        const vc_province_t *province = vc_provinces_at (provinces, i);
        const char *names [] = { province->name, province->ascii };
        for (int n = 0; n < 2; n++)
            if (s_starts (names [n], typed) && strlen (names [n]) >= word_offset)
                s_add (list, count, names [n] + word_offset);
    }
}

char **
cli_edit_complete (const char *line, int start, const char *word)
{
    char **list = NULL;
    size_t count = 0;
    const char *first = line + strspn (line, " \t");
    size_t command_len = strcspn (first, " \t");
    if ((size_t) start <= (size_t) (first - line)) {
        for (const char **name = cli_command_names (); *name; name++)
            if (s_starts (*name, word))
                s_add (&list, &count, *name);
        return list;
    }
    bool province = (command_len == 6 && strncmp (first, "lookup", 6) == 0)
                 || (command_len == 6 && strncmp (first, "series", 6) == 0);
    if (province) {
        const char *typed = first + command_len;
        typed += strspn (typed, " \t");
        if (line + start >= typed)
            s_complete_province (typed, (size_t) (line + start - typed), &list, &count);
    }
    else
    if (command_len == 4 && strncmp (first, "help", 4) == 0)
        return NULL;
    return list;
}

//  Bytes of the first chars characters of UTF-8 text.
static size_t
s_bytes (const char *text, int chars)
{
    size_t at = 0;
    while (text [at] && chars > 0) {
        at++;
        while ((text [at] & 0xC0) == 0x80)
            at++;
        chars--;
    }
    return at;
}

//  A list of new strings, and the strings.
static void
s_free (char **list)
{
    for (size_t i = 0; list && list [i]; i++)
        free (list [i]);
    free (list);
}

//  libedit's hook: the typed line so far is rl_line_buffer up to rl_point;
//  libedit counts both positions in characters, not bytes.
static char **
s_attempted (const char *word, int start, int end)
{
    (void) start;
    rl_attempted_completion_over = 1;       //  No file names
    char line [4096];
    size_t typed = s_bytes (rl_line_buffer, end);
    snprintf (line, sizeof line, "%.*s", (int) typed, rl_line_buffer);
    size_t word_len = strlen (word);
    int word_start = strlen (line) >= word_len ? (int) (strlen (line) - word_len) : 0;
    char **found = cli_edit_complete (line, word_start, word);
    if (!found)
        return NULL;
    //  readline's form: [0] is the common prefix, then the matches
    size_t count = 0;
    while (found [count])
        count++;
    char **matches = (char **) calloc (count + 2, sizeof (char *));
    if (!matches) {                     //  Out of memory: no completion
        s_free (found);
        return NULL;
    }
    size_t common = strlen (found [0]);
    for (size_t i = 1; i < count; i++) {
        size_t same = 0;
        while (same < common && found [i][same] == found [0][same])
            same++;
        common = same;
    }
    if (count == 1) {
        matches [0] = found [0];
        free (found);
        return matches;
    }
    matches [0] = strndup (found [0], common);
    if (!matches [0]) {
        free (matches);
        s_free (found);
        return NULL;
    }
    memcpy (matches + 1, found, count * sizeof (char *));
    free (found);
    return matches;
}

void
cli_edit_start (cli_t *cli)
{
    s_cli = cli;
    //  Wide characters in and out as UTF-8 (names are Vietnamese)
    const char *ctype = setlocale (LC_CTYPE, "");
    if (!ctype || (!strstr (ctype, "UTF-8") && !strstr (ctype, "utf8")))
        setlocale (LC_CTYPE, "C.UTF-8");
    rl_readline_name = "vc-cli";
    rl_getc_function = s_getc;
    rl_attempted_completion_function = s_attempted;
    rl_completion_append_character = ' ';
    using_history ();
    stifle_history (HISTORY_KEEP);
    s_history_file (s_history_path, sizeof s_history_path);
    if (*s_history_path)
        read_history (s_history_path);
}

char *
cli_edit_line (const char *prompt)
{
    if (s_cli)
        s_cli->editing = true;
    char *line = readline (prompt);
    if (s_cli)
        s_cli->editing = false;
    return line;
}

void
cli_edit_redraw (void)
{
    rl_forced_update_display ();
}

void
cli_edit_remember (const char *line)
{
    char copy [4096];
    vc_text_copy (copy, sizeof copy, line);
    char *command = copy + strspn (copy, " \t");
    if (strncmp (command, "signin ", 7) == 0 || strncmp (command, "signup ", 7) == 0) {
        //  Keep "signin USER", never the password
        char *user = command + 7 + strspn (command + 7, " \t");
        user [strcspn (user, " \t")] = 0;
    }
    bool leaving = strcmp (command, "exit") == 0 || strcmp (command, "quit") == 0;
    if (*command && !leaving)
        add_history (command);
    explicit_bzero (copy, sizeof copy);
}

void
cli_edit_stop (void)
{
    if (*s_history_path && vc_path_make_parent (s_history_path) == 0
    &&  write_history (s_history_path) == 0)
        history_truncate_file (s_history_path, HISTORY_KEEP);
    vc_provinces_destroy (&s_provinces);
    s_cli = NULL;
}

static bool
s_has (char **list, const char *item)
{
    for (size_t i = 0; list && list [i]; i++)
        if (streq (list [i], item))
            return true;
    return false;
}

void
cli_edit_test (bool verbose)
{
    if (verbose)
        printf (" * cli_edit: ");
    char **found = cli_edit_complete ("se", 0, "se");
    VC_CHECK (s_has (found, "series") && s_has (found, "services") && !s_has (found, "lookup"));
    s_free (found);
    found = cli_edit_complete ("lookup Hồ", 7, "Hồ");
    VC_CHECK (s_has (found, "Hồ Chí Minh") && !s_has (found, "Hà Nội"));
    s_free (found);
    found = cli_edit_complete ("lookup ho chi", 10, "chi");
    VC_CHECK (found && streq (found [0], "Chi Minh") && !found [1]);
    s_free (found);
    found = cli_edit_complete ("series  da", 8, "da");
    VC_CHECK (s_has (found, "Da Nang") && s_has (found, "Dak Lak"));
    s_free (found);
    found = cli_edit_complete ("ping da", 5, "da");
    VC_CHECK (found == NULL);
    if (verbose)
        printf ("OK\n");
}
