/*  cli_edit - line editing for the shell on a terminal (libedit): history
    kept between runs, completion of command names and of province names
    (Vietnamese or ASCII spelling, several words); keys are read through
    the shell's wait, so the connection is kept while the user types.
*/
#ifndef CLI_EDIT_H_INCLUDED
#define CLI_EDIT_H_INCLUDED

#include "cli.h"

//  Start line editing for this shell; loads the history file.
void cli_edit_start (cli_t *cli);

//  One line typed at prompt, as a new string the caller frees; NULL at
//  end of input (Ctrl-D) or on interrupt.
char *cli_edit_line (const char *prompt);

//  Draw the prompt and the line typed so far again (after a notice).
void cli_edit_redraw (void);

//  Remember a line in the history (passwords of signin/signup left out).
void cli_edit_remember (const char *line);

//  Save the history file and stop.
void cli_edit_stop (void);

//  Completions of the text of a line typed so far, word starting at
//  offset start: a NULL-terminated array of new strings (the caller frees
//  each and the array), or NULL if none. For tests and for libedit.
char **cli_edit_complete (const char *line, int start, const char *word);

void cli_edit_test (bool verbose);

#endif
