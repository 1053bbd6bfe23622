/*  vc_text - text copied into a field of fixed size, cut to fit: the one
    bounded copy the library, the services and the clients use instead of
    snprintf ("%s") or strncpy, so the compiler never has a format to warn
    about and a NULL text is an empty field; the one bound on UTF-8 text
    that never cuts a character; text trimmed of white space; a text
    written to a memory stream.
*/
#ifndef VC_TEXT_H_INCLUDED
#define VC_TEXT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

//  Copy text (NULL: none) into a field of field_size bytes, cut to fit and
//  always terminated; a field of 0 bytes (or NULL) is left alone.
void vc_text_copy (char *field, size_t field_size, const char *text);

//  How many of the length bytes of UTF-8 text to keep so that at most max
//  are kept and no character is cut: length if it is not over max, else
//  max less the bytes of the character that would be cut.
size_t vc_text_utf8_fit (const char *text, size_t length, size_t max);

//  How many bytes of white space text starts with; *length is set to the
//  length of what follows them, less the white space it ends with.
size_t vc_text_trim (const char *text, size_t *length);

//  A text written to a memory stream: open, write to out, close.
typedef struct {
    char *text;
    size_t size;
    FILE *out;
} vc_text_stream_t;

//  Open the stream; false (out NULL) when out of memory.
bool vc_text_stream_open (vc_text_stream_t *self);

//  Close the stream: the text written if keep (free with free ()), or NULL
//  when dropped, never opened or out of memory.
char *vc_text_stream_close (vc_text_stream_t *self, bool keep);

//  Self-test.
void vc_text_test (bool verbose);

#ifdef __cplusplus
}
#endif

#endif
