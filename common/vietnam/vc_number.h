/*  vc_number - case counts as written by Vietnamese sources, and back.

    "1.270", "1,270", "1 270", "1.347.201", "+1.270", "1270" all parse to an
    integer; thousands separators must group by three. Formatting writes the
    Vietnamese way with '.' separators: 1270 -> "1.270".
*/
#ifndef VC_NUMBER_H_INCLUDED
#define VC_NUMBER_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

//  Parse a non-negative count (surrounding spaces and a leading '+' allowed).
//  Returns 0 and sets *value, or -1 if the text is not a well-formed count.
int vc_number_parse (const char *text, int64_t *value);

//  Format with '.' thousands separators into out; returns out.
char *vc_number_format (int64_t value, char *out, size_t out_size);

//  Format a decimal the Vietnamese way, rounded to decimals places (0-6):
//  1176.2857, 1 -> "1.176,3". A value that is not a finite number, or too
//  large for a count, is written "–". Returns out.
char *vc_number_format_decimal (double value, int decimals, char *out, size_t out_size);

void vc_number_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
