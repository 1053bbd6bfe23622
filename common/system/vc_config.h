/*  vc_config - command-line flags with environment-variable fallbacks.

    Each program declares a table of options; a value comes from the command
    line (--name=value or --name value), else from the environment variable,
    else from the default. --help prints the table, its headings and the
    descriptions (marked N_()) through the catalogue (vc_i18n) for the
    programs that choose a language; --help-man stays in English.
    Remaining non-option arguments are kept in order (for commands such as
    the CLI's).
*/
#ifndef VC_CONFIG_H_INCLUDED
#define VC_CONFIG_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "vc_i18n.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *name;       //  Long flag name without dashes, e.g. "frontend"
    const char *env;        //  Environment variable, e.g. "VC_FRONTEND", or NULL
    const char *def;        //  Default value, or NULL for none
    const char *help;       //  One-line description
    bool is_switch;         //  Takes no value: present means "true"
} vc_option_t;

typedef struct _vc_config_t vc_config_t;

//  options is terminated by an entry with name NULL. usage is printed after
//  "Usage: program" in --help, summary below it. NULL when out of memory.
vc_config_t *vc_config_new (const char *program, const char *usage,
                            const char *summary, const vc_option_t *options);
void vc_config_destroy (vc_config_t **self_p);

//  Returns 0 when the program should go on, 1 when --help was printed (exit
//  0), -1 when the command line was wrong (a message was printed; exit 2),
//  or self is NULL (vc_config_new ran out of memory: that is said).
int vc_config_parse (vc_config_t *self, int argc, char **argv);

//  Value of an option (never NULL if it has a default).
const char *vc_config_get (vc_config_t *self, const char *name);
long vc_config_int (vc_config_t *self, const char *name);
//  An integer option within [min, max] into value; 0, or -1 after logging
//  "--NAME must be a whole number from MIN to MAX".
int vc_config_int_in (vc_config_t *self, const char *name, long min, long max, long *value);
bool vc_config_bool (vc_config_t *self, const char *name);

//  Positional arguments left after the options.
int vc_config_argc (vc_config_t *self);
const char *vc_config_arg (vc_config_t *self, int index);

void vc_config_print_help (vc_config_t *self);
//  The same table as a man page (roff), printed for --help-man; the build
//  writes every program's page with it, so pages and --help cannot drift.
void vc_config_print_man (vc_config_t *self, FILE *out);

//  Program start-up shared by every program: parse the command line, set
//  the log name and level (from --log-level, which options must declare),
//  start CZMQ without its own log output. Returns the config, or NULL with
//  *exit_code set (0 after --help, 2 for a wrong command line).
vc_config_t *vc_program_start (const char *program, const char *log_name,
                               const char *usage, const char *summary,
                               const vc_option_t *options, int argc, char **argv,
                               int *exit_code);

//  Options every program shares: --log-level, merged in by programs' tables.
#define VC_OPTION_LOG_LEVEL \
    { "log-level", "VC_LOG_LEVEL", "info", N_("Log level: error, warn, info or debug"), false }

void vc_config_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
