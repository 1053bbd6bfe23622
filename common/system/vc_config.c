/*  vc_config - command-line flags with environment-variable fallbacks.  */
#include "vc_config.h"
#include "vc_i18n.h"
#include "vc_log.h"
#include "vc_metrics.h"

//  The metrics endpoint is linked in only by programs that keep metrics
//  (their vc_metrics series pull it in): elsewhere these are NULL, and a
//  client does not depend on the HTTP library.
extern int vc_metrics_serve (const char *listen) __attribute__ ((weak));
extern void vc_metrics_stop (void) __attribute__ ((weak));

#include <czmq.h>
#include <ctype.h>
#include "vc_check.h"

#define VC_CONFIG_MAX_ARGS 64

struct _vc_config_t {
    char *program;
    const char *usage;
    const char *summary;
    const vc_option_t *options;
    size_t count;
    char **values;              //  Value given on the command line, or NULL
    const char *args [VC_CONFIG_MAX_ARGS];
    int argc;
};

vc_config_t *
vc_config_new (const char *program, const char *usage, const char *summary,
               const vc_option_t *options)
{
    vc_config_t *self = (vc_config_t *) calloc (1, sizeof (vc_config_t));
    if (!self)
        return NULL;
    self->program = strdup (program);
    self->usage = usage;
    self->summary = summary;
    self->options = options;
    while (options [self->count].name)
        self->count++;
    self->values = (char **) calloc (self->count + 1, sizeof (char *));
    if (!self->program || !self->values)
        vc_config_destroy (&self);
    return self;
}

static int s_find (vc_config_t *self, const char *name, size_t len);

void
vc_config_destroy (vc_config_t **self_p)
{
    vc_config_t *self = *self_p;
    if (!self)
        return;
    if (s_find (self, "metrics", 7) >= 0 && vc_metrics_stop)
        vc_metrics_stop ();
    for (size_t i = 0; self->values && i < self->count; i++)
        free (self->values [i]);
    free (self->values);
    free (self->program);
    free (self);
    *self_p = NULL;
}

static int
s_find (vc_config_t *self, const char *name, size_t len)
{
    for (size_t i = 0; i < self->count; i++)
        if (strlen (self->options [i].name) == len
        &&  memcmp (self->options [i].name, name, len) == 0)
            return (int) i;
    return -1;
}

void
vc_config_print_help (vc_config_t *self)
{
    printf (_("Usage: %s %s\n\n%s\n\nOptions (flag, environment variable, default):\n"),
            self->program, self->usage ? self->usage : "[options]",
            self->summary ? self->summary : "");
    for (size_t i = 0; i < self->count; i++) {
        const vc_option_t *o = &self->options [i];
        printf ("  --%s%s\n      %s", o->name, o->is_switch ? "" : "=VALUE",
                o->help ? _(o->help) : "");
        if (o->env)
            printf (_(" [env %s]"), o->env);
        if (o->def && !o->is_switch)
            printf (_(" (default: %s)"), o->def);
        printf ("\n");
    }
    printf ("  --help\n      %s\n", _("Show this help and exit"));
    printf ("  --help-man\n      %s\n", _("Print this help as a man page (roff) and exit"));
}

//  Text for roff: backslashes and minus signs escaped, and a line that
//  would start with a control character (a dot or an apostrophe) protected.
static void
s_roff (FILE *out, const char *text)
{
    bool line_start = true;
    for (const char *p = text; p && *p; p++) {
        if (line_start && (*p == '.' || *p == '\''))
            fputs ("\\&", out);
        if (*p == '\\')
            fputs ("\\e", out);
        else
        if (*p == '-')
            fputs ("\\-", out);
        else
            fputc (*p, out);
        line_start = *p == '\n';
    }
}

//  The first sentence of the summary on one line, for the NAME section.
static void
s_roff_first_line (FILE *out, const char *text)
{
    if (!text)
        return;
    char line [256];
    size_t len = 0;
    for (const char *p = text; *p && len < sizeof line - 1; p++) {
        if (*p == '.' && (p [1] == ' ' || p [1] == '\n'))
            break;
        line [len++] = *p == '\n' ? ' ' : *p;
    }
    while (len > 0 && line [len - 1] == '.')
        len--;
    line [len] = 0;
    s_roff (out, line);
}

static void
s_man_option (FILE *out, const vc_option_t *option)
{
    fputs (".TP\n.B \\-\\-", out);
    s_roff (out, option->name);
    fputs (option->is_switch ? "\n" : "=\\fIVALUE\\fR\n", out);
    s_roff (out, option->help);
    if (option->def && !option->is_switch) {
        fputs (" (default: ", out);
        s_roff (out, option->def);
        fputs (")", out);
    }
    if (option->env) {
        fputs (". Environment: ", out);
        s_roff (out, option->env);
    }
    fputs ("\n", out);
}

void
vc_config_print_man (vc_config_t *self, FILE *out)
{
    char upper [64];
    size_t i = 0;
    for (; self->program [i] && i < sizeof upper - 1; i++)
        upper [i] = (char) toupper ((unsigned char) self->program [i]);
    upper [i] = 0;
    fprintf (out, ".TH %s 1 \"\" \"vcovid\" \"COVID-19 lookup\"\n.SH NAME\n", upper);
    s_roff (out, self->program);
    fputs (" \\- ", out);
    s_roff_first_line (out, self->summary);
    fputs ("\n.SH SYNOPSIS\n.B ", out);
    s_roff (out, self->program);
    fputs ("\n", out);
    s_roff (out, self->usage ? self->usage : "[options]");
    fputs ("\n.SH DESCRIPTION\n.nf\n", out);
    s_roff (out, self->summary ? self->summary : "");
    fputs ("\n.fi\n.PP\nEvery option may also be set by its environment variable; "
           "the command line wins.\n.SH OPTIONS\n", out);
    for (size_t o = 0; o < self->count; o++)
        s_man_option (out, &self->options [o]);
    fputs (".TP\n.B \\-\\-help\nShow the options and exit.\n.SH ENVIRONMENT\n", out);
    for (size_t o = 0; o < self->count; o++)
        if (self->options [o].env) {
            fputs (".TP\n.B ", out);
            s_roff (out, self->options [o].env);
            fputs ("\nFallback for \\-\\-", out);
            s_roff (out, self->options [o].name);
            fputs (".\n", out);
        }
    fputs (".SH SEE ALSO\nThe guides in /usr/share/doc/vcovid\\-server and "
           "/usr/share/doc/vcovid\\-client.\n", out);
}

//  Handle one "--name[=value]" argument; may consume the next argument.
static int
s_parse_flag (vc_config_t *self, int argc, char **argv, int *index)
{
    const char *arg = argv [*index] + 2;
    const char *eq = strchr (arg, '=');
    size_t len = eq ? (size_t) (eq - arg) : strlen (arg);
    int opt = s_find (self, arg, len);
    if (opt < 0) {
        fprintf (stderr, "%s: unknown option '%s' (see --help)\n", self->program, argv [*index]);
        return -1;
    }
    const char *value;
    if (self->options [opt].is_switch)
        value = eq ? eq + 1 : "true";
    else
    if (eq)
        value = eq + 1;
    else
    if (*index + 1 < argc)
        value = argv [++*index];
    else {
        fprintf (stderr, "%s: option '--%s' needs a value\n", self->program,
                 self->options [opt].name);
        return -1;
    }
    free (self->values [opt]);
    self->values [opt] = strdup (value);
    if (!self->values [opt]) {
        fprintf (stderr, "%s: out of memory\n", self->program);
        return -1;
    }
    return 0;
}

//  True if text is a whole number that fits a long.
static bool
s_is_integer (const char *text)
{
    if (!text || !*text)
        return false;
    char *end = NULL;
    errno = 0;
    strtol (text, &end, 10);
    return errno == 0 && end && *end == 0;
}

static bool
s_is_bool (const char *text)
{
    static const char *words [] = { "true", "false", "1", "0", "yes", "no", "on", "off" };
    for (size_t i = 0; i < sizeof words / sizeof words [0]; i++)
        if (streq (text, words [i]))
            return true;
    return false;
}

//  Every switch must hold a yes/no word, and every option whose default is
//  a number a whole number, whether it came from a flag or the environment.
static int
s_check_values (vc_config_t *self)
{
    for (size_t i = 0; i < self->count; i++) {
        const vc_option_t *o = &self->options [i];
        const char *value = vc_config_get (self, o->name);
        const char *want = NULL;
        if (o->is_switch && value && !s_is_bool (value))
            want = "true or false";
        else
        if (!o->is_switch && s_is_integer (o->def) && !s_is_integer (value))
            want = "a whole number";
        if (want) {
            if (self->values [i] || !o->env)
                fprintf (stderr, "%s: --%s: '%s' is not %s (see --help)\n", self->program,
                         o->name, value ? value : "", want);
            else
                fprintf (stderr, "%s: %s='%s' (for --%s) is not %s\n", self->program,
                         o->env, value ? value : "", o->name, want);
            return -1;
        }
    }
    return 0;
}

int
vc_config_parse (vc_config_t *self, int argc, char **argv)
{
    if (!self) {                    //  vc_config_new ran out of memory
        fprintf (stderr, "%s: out of memory\n", argc > 0 ? argv [0] : "vcovid");
        return -1;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv [i];
        if (!options_done && (streq (arg, "--help") || streq (arg, "-h"))) {
            vc_config_print_help (self);
            return 1;
        }
        if (!options_done && streq (arg, "--help-man")) {
            vc_config_print_man (self, stdout);
            return 1;
        }
        if (!options_done && streq (arg, "--")) {
            options_done = true;
            continue;
        }
        if (!options_done && strncmp (arg, "--", 2) == 0) {
            if (s_parse_flag (self, argc, argv, &i))
                return -1;
            continue;
        }
        if (self->argc == VC_CONFIG_MAX_ARGS) {
            fprintf (stderr, "%s: too many arguments\n", self->program);
            return -1;
        }
        self->args [self->argc++] = arg;
    }
    return s_check_values (self);
}

const char *
vc_config_get (vc_config_t *self, const char *name)
{
    int opt = s_find (self, name, strlen (name));
    assert (opt >= 0);          //  Asking for an undeclared option is a bug
    if (self->values [opt])
        return self->values [opt];
    const char *env = self->options [opt].env;
    if (env && getenv (env) && *getenv (env))
        return getenv (env);
    return self->options [opt].def;
}

long
vc_config_int (vc_config_t *self, const char *name)
{
    const char *value = vc_config_get (self, name);
    return value ? strtol (value, NULL, 10) : 0;
}

int
vc_config_int_in (vc_config_t *self, const char *name, long min, long max, long *value)
{
    const char *text = vc_config_get (self, name);
    char *end = NULL;
    errno = 0;
    long number = text ? strtol (text, &end, 10) : 0;
    if (!text || !*text || *end || errno || number < min || number > max) {
        vc_error ("--%s must be a whole number from %ld to %ld", name, min, max);
        return -1;
    }
    *value = number;
    return 0;
}

bool
vc_config_bool (vc_config_t *self, const char *name)
{
    const char *value = vc_config_get (self, name);
    return value && (streq (value, "true") || streq (value, "1")
                 ||  streq (value, "yes") || streq (value, "on"));
}

int
vc_config_argc (vc_config_t *self)
{
    return self->argc;
}

const char *
vc_config_arg (vc_config_t *self, int index)
{
    return index >= 0 && index < self->argc ? self->args [index] : NULL;
}

vc_config_t *
vc_program_start (const char *program, const char *log_name, const char *usage,
                  const char *summary, const vc_option_t *options, int argc, char **argv,
                  int *exit_code)
{
    vc_config_t *self = vc_config_new (program, usage, summary, options);
    int rc = vc_config_parse (self, argc, argv);
    if (rc == 0 && vc_log_init (log_name, vc_config_get (self, "log-level"))) {
        fprintf (stderr, "%s: unknown log level '%s' (error, warn, info or debug)\n",
                 program, vc_config_get (self, "log-level"));
        rc = -1;
    }
    if (rc) {
        vc_config_destroy (&self);
        *exit_code = rc > 0 ? 0 : 2;
        return NULL;
    }
    zsys_init ();
    zsys_set_logstream (NULL);
    //  Programs that declare --metrics serve them from now on
    if (s_find (self, "metrics", 7) >= 0 && vc_metrics_serve
    &&  vc_metrics_serve (vc_config_get (self, "metrics"))) {
        vc_config_destroy (&self);
        *exit_code = 2;
        return NULL;
    }
    return self;
}

void
vc_config_test (bool verbose)
{
    if (verbose)
        printf (" * vc_config: ");
    static const vc_option_t options [] = {
        { "port", "VC_TEST_PORT", "5555", "Port", false },
        { "name", "VC_TEST_NAME", NULL, "Name", false },
        { "plain", NULL, "false", "Plain mode", true },
        { NULL, NULL, NULL, NULL, false }
    };
    setenv ("VC_TEST_NAME", "from-env", 1);
    char *argv [] = { "prog", "--port=6000", "--plain", "ping", "data", NULL };
    vc_config_t *config = vc_config_new ("prog", NULL, NULL, options);
    VC_CHECK (vc_config_parse (config, 5, argv) == 0);
    VC_CHECK (vc_config_int (config, "port") == 6000);
    VC_CHECK (streq (vc_config_get (config, "name"), "from-env"));
    VC_CHECK (vc_config_bool (config, "plain"));
    VC_CHECK (vc_config_argc (config) == 2);
    VC_CHECK (streq (vc_config_arg (config, 1), "data"));
    vc_config_destroy (&config);

    char *bad [] = { "prog", "--nope", NULL };
    config = vc_config_new ("prog", NULL, NULL, options);
    VC_CHECK (vc_config_parse (config, 2, bad) == -1);
    vc_config_destroy (&config);

    //  Numbers and switches are checked, from flags and the environment
    char *words [] = { "prog", "--port=60x0", NULL };
    config = vc_config_new ("prog", NULL, NULL, options);
    VC_CHECK (vc_config_parse (config, 2, words) == -1);
    vc_config_destroy (&config);
    char *maybe [] = { "prog", "--plain=maybe", NULL };
    config = vc_config_new ("prog", NULL, NULL, options);
    VC_CHECK (vc_config_parse (config, 2, maybe) == -1);
    vc_config_destroy (&config);
    setenv ("VC_TEST_PORT", "", 1);         //  Empty: the default
    char *none [] = { "prog", NULL };
    config = vc_config_new ("prog", NULL, NULL, options);
    VC_CHECK (vc_config_parse (config, 1, none) == 0);
    VC_CHECK (vc_config_int (config, "port") == 5555);
    vc_config_destroy (&config);
    setenv ("VC_TEST_PORT", "port", 1);
    config = vc_config_new ("prog", NULL, NULL, options);
    VC_CHECK (vc_config_parse (config, 1, none) == -1);
    vc_config_destroy (&config);
    unsetenv ("VC_TEST_PORT");
    unsetenv ("VC_TEST_NAME");

    //  The man page carries every option and variable, roff-escaped
    config = vc_config_new ("prog", "[options]", "Does things.\n.dot line", options);
    char *man = NULL;
    size_t man_size = 0;
    FILE *out = open_memstream (&man, &man_size);
    VC_CHECK (out);
    vc_config_print_man (config, out);
    fclose (out);
    VC_CHECK (strstr (man, ".TH PROG 1"));
    VC_CHECK (strstr (man, "prog \\- Does things\n"));
    VC_CHECK (strstr (man, ".B \\-\\-port=\\fIVALUE\\fR\nPort (default: 5555). Environment: VC_TEST_PORT"));
    VC_CHECK (strstr (man, ".B VC_TEST_NAME\nFallback for \\-\\-name."));
    VC_CHECK (strstr (man, "\n\\&.dot line"));
    free (man);
    vc_config_destroy (&config);
    if (verbose)
        printf ("OK\n");
}
