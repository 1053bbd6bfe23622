/*  cli_input - secrets the command-line client reads without putting them
    on the command line: a password typed at a prompt with echo off, or the
    first line of a file (--password-file).
*/
#ifndef CLI_INPUT_H_INCLUDED
#define CLI_INPUT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

//  The password into out: given if not NULL, else asked on the terminal
//  (twice when confirm). Returns 0, or -1 after an error message (no
//  terminal to ask on, the two differ, too long).
int cli_input_password (const char *given, bool confirm, char *out, size_t size);

//  Ask for a line on the terminal with echo off; 0 or -1.
int cli_input_secret (const char *prompt, char *out, size_t size);

//  The first line of a file into out; 0, or -1 after an error message.
int cli_input_file (const char *path, char *out, size_t size);

//  Overwrite a secret.
void cli_input_wipe (char *secret, size_t size);

#endif
